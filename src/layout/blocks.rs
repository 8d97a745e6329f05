//! Blocks: what each run of lines of a document is, read once by the layout stage so that
//! segmentation reads blocks instead of classifying each line itself.
//!
//! Every non-blank line belongs to exactly one block; blank lines belong to none. The block
//! kinds, and the rule (its name is the block's [`Block::rule`], the evidence of how it was
//! read) that makes each:
//!
//! | kind | rule | what |
//! |---|---|---|
//! | [`BlockKind::Table`] | `table:<shape>` | the lines of a table the layout found (blank lines inside it too) |
//! | [`BlockKind::Heading`] | `mark:<scheme>` | a line opening with a heading mark of a numbering scheme, a bracketed or bullet-led title, a markdown `#` ([`crate::text::markers::mark`]) |
//! | [`BlockKind::Number`] | `bare number` | a heading number alone on its line (`1`, `(2)`, `第10章`), its title on the next |
//! | [`BlockKind::List`] | `list:<bullet>` | a line led by a list bullet (`・`, `-`, `※`, `▶` …) and the plain lines that continue it |
//! | [`BlockKind::Field`] | `field:colon`, `field:label` | a label and its value on one line (`日時:令和6年…`, `開催場所 第2委員会室`) |
//! | [`BlockKind::Short`] | `short line` | a short line standing alone, no sentence in it: a label, a value or a title ([`MAX_SHORT`] chars) |
//! | [`BlockKind::Paragraph`] | `paragraph` | running text: the lines that go on from one another until a blank line or another kind |
//!
//! A line whose source was letter-spaced (`委 員 名 簿`, which normalization reads unspaced)
//! keeps that as [`Block::letter_spaced`]; the runs themselves are [`Blocks::letter_spaced`].
//! A short line right after a paragraph line that does not end (a particle, a comma) is the
//! wrapped end of that paragraph, not a block of its own (`paragraph (wrapped end)`).

use std::ops::Range;

use super::table::Table;
use crate::text::markers::{self, HeadingMark};
use crate::text::Line;

/// The most characters a short line has.
pub const MAX_SHORT: usize = 30;

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    Heading,
    Number,
    List,
    Field,
    Short,
    Paragraph,
    Table,
}

impl BlockKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Heading => "heading",
            BlockKind::Number => "number",
            BlockKind::List => "list",
            BlockKind::Field => "field",
            BlockKind::Short => "short",
            BlockKind::Paragraph => "paragraph",
            BlockKind::Table => "table",
        }
    }
}

/// One block: its kind, its lines (indices into the document's lines), and how it was read.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub lines: Range<usize>,
    /// The heading mark of a heading or number block.
    pub mark: Option<HeadingMark>,
    /// The table of a table block (its index in the document's tables).
    pub table: Option<usize>,
    /// The label of a field ends here (byte offset in the trimmed first line).
    pub label_end: Option<usize>,
    /// The line was letter-spaced in the source (`委 員 名 簿`).
    pub letter_spaced: bool,
    /// The rule that read it (see the module doc).
    pub rule: &'static str,
}

/// The blocks of a document, with each line's block.
#[derive(Debug, Clone, Default)]
pub struct Blocks {
    pub blocks: Vec<Block>,
    /// Per line, the index of its block (`None` for a blank line outside a table).
    pub of_line: Vec<Option<u32>>,
    /// Per line, its heading mark, read once (`None` for blank lines and table lines).
    pub marks: Vec<Option<HeadingMark>>,
    /// Normalized byte ranges of the letter-spaced runs (each from its first to its last
    /// character), in order.
    pub letter_spaced: Vec<Range<usize>>,
}

impl Blocks {
    /// The block of line `i`.
    pub fn block_of(&self, i: usize) -> Option<&Block> {
        self.of_line.get(i).copied().flatten().map(|b| &self.blocks[b as usize])
    }

    /// The kind of line `i`'s block.
    pub fn kind_of(&self, i: usize) -> Option<BlockKind> {
        self.block_of(i).map(|b| b.kind)
    }

    /// The table line `i` is in.
    pub fn table_of(&self, i: usize) -> Option<usize> {
        self.block_of(i).and_then(|b| b.table)
    }
}

/// Bullets that lead a list item (not a title): `・`, `-`, `※`, arrows.
fn list_bullet(t: &str) -> Option<&'static str> {
    const LEADS: &[(&str, &str)] = &[
        ("・", "・"),
        ("•", "•"),
        ("‣", "‣"),
        ("▸", "▸"),
        ("▶", "▶"),
        ("▷", "▷"),
        ("►", "►"),
        ("※", "※"),
        ("⇒", "⇒"),
        ("→", "→"),
        ("- ", "-"),
        ("-\t", "-"),
        ("* ", "*"),
        ("◦", "◦"),
    ];
    if let Some(&(_, name)) = LEADS.iter().find(|(lead, _)| t.starts_with(lead)) {
        return Some(name);
    }
    // Symbol-font bullets survive the export as private-use characters.
    t.chars().next().filter(|c| ('\u{E000}'..='\u{F8FF}').contains(c)).map(|_| "symbol")
}

/// A label and its value on one line: `日時:令和6年…` (the label short, the value not empty).
/// Returns where the label ends.
pub fn colon_field(t: &str) -> Option<usize> {
    let colon = t.find(':')?;
    let label = t[..colon].trim();
    let value = t[colon + 1..].trim();
    let n = label.chars().count();
    ((1..=15).contains(&n) && !label.contains(['。', '、']) && !value.is_empty() && !label.starts_with(['(', '「']))
        .then_some(colon)
}

/// Words that label a field whose value follows on the same line after a space
/// (`開催場所 第2委員会室`, `審議会等名称 …`): when, where, what, who.
pub const FIELD_LABELS: &[&str] = &[
    "日時",
    "開催日時",
    "開催日",
    "開催年月日",
    "招集日時",
    "場所",
    "開催場所",
    "招集場所",
    "会場",
    "名称",
    "会議名",
    "審議会名",
    "審議会等名称",
    "事業名",
    "所管課",
    "担当課",
    "主管課",
    "期間",
    "計画期間",
    "次回開催予定日",
    "傍聴者",
    "傍聴人数",
    "問い合わせ先",
];

/// A field label, a space and its value (`開催場所 第2委員会室`): where the label ends.
fn label_field(t: &str) -> Option<usize> {
    let space = t.find(' ')?;
    let label = &t[..space];
    (FIELD_LABELS.contains(&label) && !t[space..].trim().is_empty()).then_some(space)
}

/// A line that does not end where it stops: a particle, a comma or an open bracket at its end
/// (a wrapped paragraph goes on below it).
pub fn runs_on(t: &str) -> bool {
    t.ends_with(['、', ',', 'の', 'を', 'が', 'に', 'で', 'へ', 'と', 'や', '(', '「', '『', '【'])
}

/// Reads the blocks of a document from its lines and tables (`letter_gaps`: the normalized
/// offsets where normalization deleted the space of a letter-spaced run, in order).
pub fn read_blocks(lines: &[Line<'_>], tables: &[Table], letter_gaps: &[usize]) -> Blocks {
    let n = lines.len();
    let mut table_of: Vec<Option<usize>> = vec![None; n];
    for (k, t) in tables.iter().enumerate() {
        for slot in table_of.iter_mut().take(t.lines.end.min(n)).skip(t.lines.start) {
            *slot = Some(k);
        }
    }
    let marks: Vec<Option<HeadingMark>> = lines
        .iter()
        .zip(&table_of)
        .map(|(l, t)| if l.is_blank() || t.is_some() { None } else { markers::mark(l.trimmed()) })
        .collect();
    let (letter_spaced, spaced_line) = letter_runs(lines, letter_gaps);
    let mut blocks: Vec<Block> = Vec::new();
    let mut of_line: Vec<Option<u32>> = vec![None; n];
    let mut i = 0;
    while i < n {
        let l = &lines[i];
        if let Some(k) = table_of[i] {
            let end = tables[k].lines.end.min(n).max(i + 1);
            push(&mut blocks, &mut of_line, block(BlockKind::Table, i..end, table_rule(&tables[k])), |b| {
                b.table = Some(k)
            });
            i = end;
            continue;
        }
        if l.is_blank() {
            i += 1;
            continue;
        }
        let t = l.trimmed();
        let spaced = spaced_line[i];
        if let Some(m) = marks[i] {
            push(&mut blocks, &mut of_line, block(BlockKind::Heading, i..i + 1, scheme_rule(m)), |b| {
                b.mark = Some(m);
                b.letter_spaced = spaced;
            });
            i += 1;
            continue;
        }
        if let Some(m) = markers::bare_mark(t) {
            push(&mut blocks, &mut of_line, block(BlockKind::Number, i..i + 1, "bare number"), |b| b.mark = Some(m));
            i += 1;
            continue;
        }
        if let Some(bullet) = list_bullet(t) {
            // The item and the plain lines right below it that go on from it: running text, a
            // line set in deeper, or any line after one that runs on; a short line at the item's
            // own depth starts afresh (a label between two lists).
            let mut end = i + 1;
            while end < n && continues(lines, &table_of, &marks, end) && {
                let next = &lines[end];
                !is_short(next.trimmed()) || runs_on(lines[end - 1].trimmed()) || indent(next) > indent(l)
            } {
                end += 1;
            }
            push(&mut blocks, &mut of_line, block(BlockKind::List, i..end, list_rule(bullet)), |_| {});
            i = end;
            continue;
        }
        if let Some(at) = colon_field(t) {
            push(&mut blocks, &mut of_line, block(BlockKind::Field, i..i + 1, "field:colon"), |b| {
                b.label_end = Some(at)
            });
            i += 1;
            continue;
        }
        if let Some(at) = label_field(t) {
            push(&mut blocks, &mut of_line, block(BlockKind::Field, i..i + 1, "field:label"), |b| {
                b.label_end = Some(at)
            });
            i += 1;
            continue;
        }
        if is_short(t) {
            push(&mut blocks, &mut of_line, block(BlockKind::Short, i..i + 1, "short line"), |b| {
                b.letter_spaced = spaced
            });
            i += 1;
            continue;
        }
        // A paragraph: this line and the ones that go on from it, with a short line that ends
        // a line that runs on (its wrapped end).
        let mut end = i + 1;
        while end < n && continues(lines, &table_of, &marks, end) && {
            let next = lines[end].trimmed();
            !is_short(next) || runs_on(lines[end - 1].trimmed())
        } {
            end += 1;
        }
        push(&mut blocks, &mut of_line, block(BlockKind::Paragraph, i..end, "paragraph"), |_| {});
        i = end;
    }
    Blocks { blocks, of_line, marks, letter_spaced }
}

/// Whether line `j` goes on from the line above it: not blank, in no table, no mark, no bullet,
/// no field.
fn continues(lines: &[Line<'_>], table_of: &[Option<usize>], marks: &[Option<HeadingMark>], j: usize) -> bool {
    let l = &lines[j];
    if l.is_blank() || table_of[j].is_some() || marks[j].is_some() {
        return false;
    }
    let t = l.trimmed();
    list_bullet(t).is_none() && colon_field(t).is_none() && label_field(t).is_none() && markers::bare_mark(t).is_none()
}

/// Leading spaces of a line.
fn indent(l: &Line<'_>) -> usize {
    l.text.bytes().take_while(|&b| b == b' ').count()
}

/// Short and no sentence: a label, a value or a title.
pub fn is_short(t: &str) -> bool {
    !t.contains('。') && t.chars().count() <= MAX_SHORT
}

fn block(kind: BlockKind, lines: Range<usize>, rule: &'static str) -> Block {
    Block { kind, lines, mark: None, table: None, label_end: None, letter_spaced: false, rule }
}

fn push(blocks: &mut Vec<Block>, of_line: &mut [Option<u32>], mut b: Block, fill: impl FnOnce(&mut Block)) {
    fill(&mut b);
    let k = blocks.len() as u32;
    for slot in &mut of_line[b.lines.clone()] {
        *slot = Some(k);
    }
    blocks.push(b);
}

fn table_rule(t: &Table) -> &'static str {
    use super::table::TableShape::*;
    match t.shape {
        Tsv => "table:tsv",
        CellBlocks => "table:cell_blocks",
        Pipes => "table:pipes",
        Boxes => "table:box",
        Spaces => "table:spaces",
        CellLines => "table:cell_lines",
        CellPipes => "table:cell_pipes",
        SpacedRows => "table:spaced_rows",
        OneLine => "table:one_line",
        ColumnBlocks => "table:column_blocks",
    }
}

fn list_rule(bullet: &str) -> &'static str {
    match bullet {
        "・" => "list:・",
        "•" => "list:•",
        "※" => "list:※",
        "-" => "list:-",
        "*" => "list:*",
        "⇒" | "→" => "list:arrow",
        "symbol" => "list:symbol",
        _ => "list:triangle",
    }
}

fn scheme_rule(m: HeadingMark) -> &'static str {
    markers::mark_rule(m.scheme)
}

/// The letter-spaced runs (normalized ranges from a run's first char to its last) and, per line,
/// whether most of it was letter-spaced (`委 員 名 簿`, not `区 分 令和4年度`).
fn letter_runs(lines: &[Line<'_>], gaps: &[usize]) -> (Vec<Range<usize>>, Vec<bool>) {
    let mut runs: Vec<Range<usize>> = Vec::new();
    let mut per_line = vec![false; lines.len()];
    if gaps.is_empty() {
        return (runs, per_line);
    }
    let mut li = 0;
    let mut k = 0;
    while k < gaps.len() {
        let g = gaps[k];
        while li < lines.len() && lines[li].end < g {
            li += 1;
        }
        let Some(l) = lines.get(li) else { break };
        // Gaps of one run: one char apart each (a deleted space leaves its neighbours touching).
        let mut j = k + 1;
        while j < gaps.len()
            && gaps[j] <= l.end
            && l.text.get(gaps[j - 1] - l.start..gaps[j] - l.start).is_some_and(|s| s.chars().count() == 1)
        {
            j += 1;
        }
        let before = l.text.get(..g - l.start).and_then(|s| s.chars().next_back()).map_or(0, char::len_utf8);
        let last = gaps[j - 1];
        let after = l.text.get(last - l.start..).and_then(|s| s.chars().next()).map_or(0, char::len_utf8);
        let run = g - before..last + after;
        let letters = l.text.get(run.start - l.start..run.end - l.start).map_or(0, |s| s.chars().count());
        let line_chars = l.trimmed().chars().count();
        if letters * 2 > line_chars {
            per_line[li] = true;
        }
        runs.push(run);
        k = j;
    }
    (runs, per_line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::split_lines;

    fn kinds(text: &str) -> Vec<(BlockKind, usize, usize, &'static str)> {
        let lines = split_lines(text);
        let tables = super::super::find_tables(text, &lines);
        read_blocks(&lines, &tables, &[])
            .blocks
            .iter()
            .map(|b| (b.kind, b.lines.start + 1, b.lines.end, b.rule))
            .collect()
    }

    #[test]
    fn every_kind_of_block() {
        let text = "1 概要\n本市では、公園を整備した。\nその結果、利用者が増えた。\n\n日時:令和6年7月1日\n開催場所 第2委員会室\n\
                    ・一つ目の点\n  続きの行\n・二つ目\n達成状況\n\n区分\t前年度\t今年度\n税\t10\t12\n\n(2)\n";
        assert_eq!(
            kinds(text),
            vec![
                (BlockKind::Heading, 1, 1, "mark:arabic"),
                (BlockKind::Paragraph, 2, 3, "paragraph"),
                (BlockKind::Field, 5, 5, "field:colon"),
                (BlockKind::Field, 6, 6, "field:label"),
                (BlockKind::List, 7, 8, "list:・"),
                (BlockKind::List, 9, 9, "list:・"),
                (BlockKind::Short, 10, 10, "short line"),
                (BlockKind::Table, 12, 13, "table:tsv"),
                (BlockKind::Number, 15, 15, "bare number"),
            ]
        );
    }

    #[test]
    fn a_short_line_ending_a_wrapped_sentence_is_the_paragraphs() {
        let text = "この計画は、市民の健康づくりを進めるための指針として、今後の施策の\n方向を示すもの\n\n計画の目的\n";
        assert_eq!(
            kinds(text),
            vec![(BlockKind::Paragraph, 1, 2, "paragraph"), (BlockKind::Short, 4, 4, "short line")]
        );
    }

    #[test]
    fn letter_spaced_lines_are_recorded() {
        let text = crate::span::SourceText::from_text("委 員 名 簿\n区 分 令和4年度の実績\n");
        let norm = text.norm();
        let lines = split_lines(norm);
        let b = read_blocks(&lines, &[], &text.normalized.letter_gaps);
        assert_eq!(b.letter_spaced.iter().map(|r| &norm[r.clone()]).collect::<Vec<_>>(), vec!["委員名簿", "区分"]);
        assert!(b.blocks[0].letter_spaced);
        assert!(!b.blocks[1].letter_spaced);
    }
}
