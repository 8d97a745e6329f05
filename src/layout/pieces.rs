//! The pieces of a flattened table: the cells an export wrote one a line, one `cell |` a line,
//! or apart by single spaces, each with what it looks like to a reader — a figure, an empty-cell
//! mark, a unit, a year or date, a label — so that rows can be told from headers.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::text::lexicon::{counter_prefix, measure_prefix, UNIT_WORDS};
use crate::text::{chars, numeral};

/// What a piece looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// A figure, with its unit or counter if written (`347.0`, `94,956 人`, `-3,408`, `28.9%`,
    /// `(9,500)`, `15人削減`).
    Value,
    /// An empty cell: nothing, or a mark standing for nothing (`※`, `-`, `―`, `ー`).
    Mark,
    /// A unit alone (`千円`, `冊`, `人`): a 単位 column's cell.
    Unit,
    /// A year or a date (`令和5年度`, `H27`, `平成29年3月`, `30年度実績`): a header over the
    /// columns, or a row's label or value.
    Temporal,
    /// Anything else that can be a cell: a label.
    Label,
    /// A sentence: no cell of a table.
    Sentence,
}

/// One piece: its text (lines joined), where it is, and its class.
#[derive(Debug, Clone)]
pub(crate) struct Piece {
    pub text: String,
    pub span: Range<usize>,
    pub class: Class,
    /// The line indices it spans.
    pub lines: Range<usize>,
    /// Made of single characters written one a line (`事`/`業`/`費`).
    pub vertical: bool,
    /// How many source pieces were joined into it (a label and its bracket below it).
    pub parts: u8,
    /// Read from a line that holds a whole row apart by spaces (`実績額 1,020 1,020`).
    pub inline: bool,
}

impl Piece {
    pub fn new(text: &str, span: Range<usize>, line: usize) -> Piece {
        Piece {
            class: classify(text),
            text: text.to_string(),
            span,
            lines: line..line + 1,
            vertical: false,
            parts: 1,
            inline: false,
        }
    }

    /// An empty cell (a lone `|` of a web table).
    pub fn empty(span: Range<usize>, line: usize) -> Piece {
        Piece {
            text: String::new(),
            span,
            class: Class::Mark,
            lines: line..line + 1,
            vertical: false,
            parts: 1,
            inline: false,
        }
    }

    /// Appends `next` (a continuation of this piece on a following line).
    pub fn join(&mut self, next: &Piece) {
        crate::text::push_joined(&mut self.text, &next.text);
        self.span.end = next.span.end;
        self.lines.end = next.lines.end;
        self.parts = self.parts.saturating_add(next.parts);
    }

    pub fn is_value_like(&self) -> bool {
        matches!(self.class, Class::Value | Class::Mark)
    }

    /// Bracketed as a whole: `(累計額)`, `(9,500)`, `(A)`.
    pub fn bracketed(&self) -> bool {
        let t = self.text.trim();
        t.starts_with('(') && t.ends_with(')')
    }
}

/// Marks that stand for an empty cell.
pub(crate) const EMPTY_MARKS: &[&str] = &["※", "-", "―", "ー", "—", "‐", "−", "*", "/", "…", "×", "一"];

/// Whether `t` (a cell's trimmed text) is an empty-cell mark.
pub fn is_empty_mark(t: &str) -> bool {
    let t = t.trim();
    // Every mark is one char of at most three bytes: a longer text is none, without comparing
    // it with each.
    t.len() <= 3 && EMPTY_MARKS.contains(&t)
}

/// The longest text a cell holds (chars) before it reads as a sentence.
const MAX_CELL: usize = 60;

/// What `t` (a trimmed piece) looks like.
pub(crate) fn classify(t: &str) -> Class {
    let t = t.trim();
    if t.is_empty() || EMPTY_MARKS.contains(&t) {
        return Class::Mark;
    }
    if t.ends_with('。') || t.chars().count() > MAX_CELL {
        return Class::Sentence;
    }
    if is_unit(t) {
        return Class::Unit;
    }
    if is_value(t) {
        return Class::Value;
    }
    if is_temporal(t) {
        return Class::Temporal;
    }
    Class::Label
}

/// A unit alone: `千円`, `人`, `冊点`, `%`, `平方メートル`.
pub(crate) fn is_unit(t: &str) -> bool {
    /// Counters that are column headers as often as units (`区分`, `事業`, `地域`).
    const HEADER_WORDS: &[&str] = &["区分", "事業", "地域", "地区", "分野", "項目", "種別", "施策"];
    let n = t.chars().count();
    (1..=6).contains(&n)
        && !HEADER_WORDS.contains(&t)
        && (UNIT_WORDS.contains(&t) || counter_prefix(t) == Some(t) || measure_prefix(t) == Some(t) || t == "円")
}

/// Words that may follow a figure's unit in a cell (`15人削減`, `100%以上`, `(※)`).
const TAILS: &[&str] = &[
    "以上",
    "以下",
    "未満",
    "超",
    "程度",
    "削減",
    "増加",
    "減少",
    "増",
    "減",
    "見込み",
    "見込",
    "(見込)",
    "(※)",
    "※",
    "(予定)",
    "予定",
    "分",
    "当たり",
    "/年",
    "/月",
    "/日",
    "⇧",
    "⇩",
    "↑",
    "↓",
];

/// A figure and at most a unit and a tail: the whole of a value cell.
fn is_value(t: &str) -> bool {
    let inner = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')).unwrap_or(t).trim();
    let inner = inner.strip_prefix('約').unwrap_or(inner).trim_start();
    let Some(f) = numeral::read(inner, 0, inner.len()) else { return false };
    if f.start != 0 {
        return false;
    }
    let mut rest = inner[f.end..].trim_start_matches(' ');
    let had_unit = match unit_after(rest) {
        Some(len) => {
            rest = &rest[len..];
            true
        }
        None => false,
    };
    // A kanji numeral alone is a word (一般, 三者協議), unless it counts something.
    if f.kanji && !had_unit {
        return false;
    }
    let rest = rest.trim();
    rest.is_empty() || TAILS.contains(&rest) || (had_unit && rest.starts_with('(') && rest.ends_with(')'))
}

/// The length of the unit `rest` starts with: `%`, a yen unit, a counter, a measure.
fn unit_after(rest: &str) -> Option<usize> {
    if rest.starts_with('%') {
        return Some(1);
    }
    for w in ["割", "千万円", "百万円", "千円", "万円", "億円", "兆円", "円"] {
        if rest.starts_with(w) {
            return Some(w.len());
        }
    }
    let c = counter_prefix(rest).map(str::len);
    let m = measure_prefix(rest).map(str::len);
    c.max(m)
}

/// A year or a date as a header or label writes it: `令和5年度`, `R5年度`, `H27`, `2019年度`,
/// `平成29年3月`, `30年度実績`, `令和4年度 計画(予算)`, `元年度`.
pub(crate) fn is_temporal(t: &str) -> bool {
    // A year is written with 年 or an era (`H27`, `令和5`): most cells have neither.
    let first = t.chars().next().unwrap_or(' ');
    if !t.contains('年') && !crate::text::era::starts_an_era(first) {
        return false;
    }
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        let era = format!(
            "(?:{}|{}|{})",
            crate::text::era::names_pattern(),
            crate::text::era::letters_pattern(),
            crate::text::era::shorts_pattern()
        );
        Regex::new(&format!(
            r"^(?P<era>{era})? ?(?:[0-9]{{1,4}}|元|[{k}]{{1,3}})(?: ?(?P<y>年度|年)(?: ?[0-9]{{1,2}} ?月(?: ?[0-9]{{1,2}} ?日)?)?)?(?:\([^)]{{1,6}}\))?(?P<tail>.{{0,10}})$",
            k = chars::KANJI_ONE_TO_TEN
        ))
        .expect("temporal pattern compiles")
    });
    let Some(c) = RE.captures(t) else { return false };
    let tail = c.name("tail").map_or("", |m| m.as_str());
    let dated = c.name("era").is_some() || c.name("y").is_some();
    // The tail is a role or a note (`実績`, `計画(予算)`, `末現在`), not more figures.
    dated && !tail.chars().any(|c| c.is_ascii_digit()) && !tail.contains('。')
}

/// How many of `t`'s space-separated tokens start with a figure (`1,497`, `-24`, `▲3`, `(9,500)`):
/// a cheap look at a line before it is read as cells.
pub(crate) fn figure_tokens(t: &str) -> usize {
    let b = t.as_bytes();
    // A token starts at the text's start or right after a space or tab: only those places are
    // looked at, found by a byte search (most lines have few spaces).
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        if !matches!(b[i], b' ' | b'\t') && starts_figure(t, i) {
            n += 1;
        }
        match memchr::memchr2(b' ', b'\t', &b[i..]) {
            Some(k) => i += k + 1,
            None => break,
        }
    }
    n
}

/// Whether a figure starts at byte `i` of `t` (a char boundary): a digit, or a sign or bracket
/// (ASCII, or ▲ △ as three bytes) before one.
pub(crate) fn starts_figure(t: &str, i: usize) -> bool {
    let b = t.as_bytes();
    let j = match b[i] {
        b'-' | b'(' => i + 1,
        _ if t[i..].starts_with(['▲', '△']) => i + 3,
        _ => i,
    };
    b.get(j).is_some_and(u8::is_ascii_digit)
}

/// Page furniture inside a table: a page number (`- 29 -`, `3 / 8`, `P.12`, `(5)`-less).
pub(crate) fn is_furniture(t: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[-‐―－] ?[0-9]{1,3} ?[-‐―－]|[0-9]{1,3} ?/ ?[0-9]{1,3}|P\.? ?[0-9]{1,3}|[0-9]{1,3} ?頁)$")
            .expect("furniture pattern compiles")
    });
    RE.is_match(t.trim())
}

/// The tokens of a line's part as single spaces leave them: words apart by spaces, a figure
/// and its unit written apart joined back (`94,956 人`), a bracket's inside kept whole
/// (`【基本目標1 しごとをつくる】`). Each token with its byte range in `norm`.
pub(crate) fn tokens(norm: &str, range: Range<usize>) -> Vec<(Range<usize>, String)> {
    let text = &norm[range.clone()];
    let mut raw: Vec<Range<usize>> = Vec::new();
    let mut depth = 0i32;
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match c {
            '【' | '(' | '[' | '「' | '〔' | '<' | '《' | '≪' => depth += 1,
            '】' | ')' | ']' | '」' | '〕' | '>' | '》' | '≫' => depth = (depth - 1).max(0),
            _ => {}
        }
        if c == ' ' || c == '\t' {
            if depth == 0 {
                if let Some(s) = start.take() {
                    raw.push(s..i);
                }
            }
            continue;
        }
        if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        raw.push(s..text.len());
    }
    // Join a figure and the unit written after a space (`94,956 人`, `12 千円`).
    let mut out: Vec<(Range<usize>, String)> = Vec::with_capacity(raw.len());
    for r in raw {
        let t = &text[r.clone()];
        if let Some((last, last_text)) = out.last_mut() {
            let figure_before =
                classify(last_text) == Class::Value && last_text.ends_with(|c: char| c.is_ascii_digit());
            if figure_before && is_unit(t) && !t.ends_with('%') || figure_before && (t == "%" || t == "円") {
                last.end = r.end;
                *last_text = text[last.clone()].to_string();
                continue;
            }
        }
        out.push((r.clone(), t.to_string()));
    }
    out.into_iter().map(|(r, t)| (range.start + r.start..range.start + r.end, t)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_of_cells() {
        for t in
            ["347.0", "1,497", "-17.6", "△114,300", "(9,500)", "94,956 人", "28.9%", "15人削減", "3,297百万円", "0人"]
        {
            assert_eq!(classify(t), Class::Value, "{t}");
        }
        for t in ["45,298平方メートル", "100%以上", "16,041平方メートル(※)", "12回", "5件"] {
            assert_eq!(classify(t), Class::Value, "{t}");
        }
        for t in ["※", "-", "―", "ー", ""] {
            assert_eq!(classify(t), Class::Mark, "{t:?}");
        }
        for t in ["千円", "冊", "人", "%"] {
            assert_eq!(classify(t), Class::Unit, "{t}");
        }
        for t in [
            "令和5年度",
            "H27",
            "R1",
            "2019年度",
            "平成29年3月",
            "30年度実績",
            "令和4年度計画(予算)",
            "元年度",
            "R3年度",
        ] {
            assert_eq!(classify(t), Class::Temporal, "{t}");
        }
        for t in [
            "区分",
            "計画額(A)",
            "0歳児",
            "1地域総がかりで",
            "【適正化】職員に関すること",
            "①需要量",
            "第1回",
            "一般会計",
        ] {
            assert_eq!(classify(t), Class::Label, "{t}");
        }
        assert_eq!(classify("実績額が計画額を上回った。"), Class::Sentence);
    }

    #[test]
    fn empty_marks_are_short() {
        assert!(EMPTY_MARKS.iter().all(|m| m.len() <= 3 && m.chars().count() == 1));
        assert!(is_empty_mark(" ※ ") && is_empty_mark("-") && !is_empty_mark("※※") && !is_empty_mark("12"));
    }

    #[test]
    fn figure_tokens_are_counted_cheaply() {
        assert_eq!(figure_tokens("23 102 1,533 410 26.7"), 5);
        assert_eq!(figure_tokens("計画額 -950 (1,030) ▲12 人 5件"), 4);
        assert_eq!(figure_tokens("令和5年度 第2回"), 0);
    }

    #[test]
    fn furniture() {
        for t in ["- 29 -", "3 / 8", "-12-", "P.5"] {
            assert!(is_furniture(t), "{t}");
        }
        assert!(!is_furniture("29") && !is_furniture("2,085"));
    }

    #[test]
    fn tokens_join_units_and_keep_brackets() {
        let s = "①需要量 42,300 人 45,812 人 【基本目標1 しごとをつくる】 12 千円 4件";
        let t: Vec<String> = tokens(s, 0..s.len()).into_iter().map(|(_, t)| t).collect();
        assert_eq!(t, ["①需要量", "42,300 人", "45,812 人", "【基本目標1 しごとをつくる】", "12 千円", "4件"]);
    }
}
