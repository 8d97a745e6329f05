//! 部局長マネジメント-style plans (Word exports): department → 【テーマN】 themes with their
//! めざす方向 → initiatives (取組), each a Word table with three columns: ＜今年度何をするか…＞
//! (`plan`), ＜何をどのような状態にするか(目標)＞ (`target`), ＜進捗状況(…時点)＞ (`progress`).
//!
//! # Layout rules (from the exports)
//!
//! - The initiative's title is the tab-led line before its header row.
//! - The header row is the column headings, each a tab-led cell, with ▷ / ▶ arrow cells
//!   between them (layout, kept as the preceding section's `layout_lines`). Headings are
//!   recognised by meaning, not by exact text ([`heading_kind`]): a `<…>` line with 進捗 is the
//!   progress heading, with 目標 the target heading, with 今年度 or 何をするか the plan heading.
//!   The columns are the headings found, in order, so a header without a target heading
//!   gives an initiative without a target section's column.
//! - The body: the columns come one after another, all of plan, then all of target, then
//!   all of progress. A lone tab line (an empty cell) directly followed by a tab-led line
//!   separates two columns ([`column_starts`]); the first column starts after the separator
//!   that ends the header row.
//! - A tab-led line inside a column (after its first line) opens a nested table cell; see
//!   [`cell_tables`] for rows and continuation lines. A lone tab line inside a
//!   nested table could also look like a separator: when a body has more separator candidates
//!   than columns, candidates that come right after a nested table's cells lose.
//! - The body of an initiative runs to the next initiative's title (or header), the next
//!   【テーマ】 heading, or the end of the text.
//!
//! # Objectives and their targets and progress
//!
//! Each ■ of the plan column is an [`Objective`]. Its targets are the items of one ◇成果指標
//! block of the target column (the ◇ item and everything up to the next ◇; items before the
//! first ◇, or all items when there is no ◇, form one block):
//!
//! - when the counts of ■ and ◇ blocks match, they pair in order (the seeds' usual case);
//! - otherwise by relative line position inside the cells (line offset from the column's
//!   first line divided by the column's length): each ■ takes the nearest ◇ block, and a
//!   block no ■ took goes to the ■ nearest to it.
//!
//! Progress items are assigned in groups: an item at the top of the progress column together
//! with everything nested under it; a top 【label】 whose children are ○ items is only a
//! heading, so each ○ under it is a group of its own (the label goes with the first). Each group goes to
//! the objective with the best score, where the score is the key terms ([`key_terms`]) the
//! group shares with the objective's own text, its plan items and its target block — each
//! shared term weighted by 1 / (number of objectives that mention it) — plus 0.5 × (1 − the
//! distance between the relative positions of the group in the progress column and of the ■
//! in the plan column). With no shared terms the position decides.
//!
//! Key terms are read from characters, not from morphemes: two adjacent kanji, a katakana
//! word, a Latin word. Japanese compounds are made of two-kanji words, so two texts about the
//! same thing share those pairs whichever way a tokenizer would cut them (`企業支援` and
//! `支援企業` share `企業` and `支援`); it is how Japanese text retrieval has long indexed kanji.
//! Pairing by lindera's nouns (until issue 23) paired every initiative of the seeds and of the
//! 158-file plan corpus the same way, and tokenizing the items for it was a third of convert's
//! time on plans.

use std::collections::HashMap;
use std::ops::Range;

use super::items::{parse_items, ItemOptions};
use super::SectionName;
use super::{
    content_indices, new_section, new_unit, Document, DocumentKind, ItemKind, Line, Objective, Section, SegmentContext,
    Unit, UnitKind,
};
use crate::fnv::BuildFnv;
use crate::layout::cell_tables;
use crate::text::chars;

/// A column of the plan table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// ＜今年度何をするか(取組の内容、手法・スケジュール等)＞
    Plan,
    /// ＜何をどのような状態にするか(目標)＞
    Target,
    /// ＜進捗状況(R2.3月末時点)＞
    Progress,
}

impl Column {
    pub fn section_name(self) -> SectionName {
        match self {
            Column::Plan => SectionName::Plan,
            Column::Target => SectionName::Target,
            Column::Progress => SectionName::Progress,
        }
    }
}

/// Which column heading a (trimmed) line is, by its key words: a line in `<…>` (half- or
/// full-width: both are `<>` after normalization) with 進捗 → progress, else with 目標 →
/// target, else with 今年度 or 何をするか → plan.
pub fn heading_kind(trimmed: &str) -> Option<Column> {
    let t = trimmed.trim();
    if !(t.starts_with('<') || t.starts_with('＜')) || t.chars().count() > 80 {
        return None;
    }
    if t.contains("進捗") {
        Some(Column::Progress)
    } else if t.contains("目標") {
        Some(Column::Target)
    } else if t.contains("今年度") || t.contains("何をするか") {
        Some(Column::Plan)
    } else {
        None
    }
}

fn is_arrow_cell(trimmed: &str) -> bool {
    !trimmed.is_empty() && trimmed.chars().all(|c| matches!(c, '▷' | '▶' | '⇒' | '→' | '▽' | '▼' | '⇨' | ' '))
}

fn is_theme_heading(trimmed: &str) -> bool {
    trimmed.starts_with("【テーマ")
}

fn starts_with_bullet(trimmed: &str) -> bool {
    trimmed.starts_with(crate::text::markers::BULLETS) || trimmed.starts_with(['※', '⇒', '→', '【', '('])
}

/// The header row of one initiative.
#[derive(Debug)]
struct Header {
    /// Line of the plan heading.
    first: usize,
    /// (column, heading line, arrow lines after it).
    columns: Vec<(Column, usize, Vec<usize>)>,
    /// First line of the body.
    body_start: usize,
}

/// Reads the header row that starts at the plan heading on line `h`.
fn read_header(lines: &[Line<'_>], h: usize) -> Header {
    let mut columns: Vec<(Column, usize, Vec<usize>)> = vec![(Column::Plan, h, Vec::new())];
    let mut j = h + 1;
    while j < lines.len() {
        let l = &lines[j];
        let t = l.trimmed();
        if l.is_lone_tab() {
            let next = lines.get(j + 1);
            let next_is_header_cell = next.is_some_and(|n| {
                let nt = n.trimmed();
                n.is_tab_led() && (heading_kind(nt).is_some_and(|k| k != Column::Plan) || is_arrow_cell(nt))
            });
            if next.is_some_and(Line::is_tab_led) && !next_is_header_cell {
                return Header { first: h, columns, body_start: j + 1 };
            }
            j += 1;
            continue;
        }
        if l.is_blank() {
            j += 1;
            continue;
        }
        match heading_kind(t) {
            Some(Column::Plan) | None if !is_arrow_cell(t) => return Header { first: h, columns, body_start: j },
            Some(k) if !columns.iter().any(|c| c.0 == k) => columns.push((k, j, Vec::new())),
            Some(_) => return Header { first: h, columns, body_start: j },
            None => {
                if let Some(last) = columns.last_mut() {
                    last.2.push(j);
                }
            }
        }
        j += 1;
    }
    Header { first: h, columns, body_start: lines.len() }
}

/// The title line of the initiative whose header starts at `h`: the nearest tab-led line
/// before it, past blank lines and empty cells, that is neither a heading nor a bullet.
fn find_title(lines: &[Line<'_>], h: usize, floor: usize) -> Option<usize> {
    let mut k = h;
    while k > floor {
        k -= 1;
        let l = &lines[k];
        if l.is_blank() {
            continue;
        }
        let t = l.trimmed();
        let ok = l.is_tab_led()
            && heading_kind(t).is_none()
            && !starts_with_bullet(t)
            && !is_theme_heading(t)
            && t != "めざす方向";
        return ok.then_some(k);
    }
    None
}

/// Where each column of the body `b0..b1` starts (line indices), for `n` columns: the body
/// start, then the line after each chosen separator (a lone tab line directly followed by a
/// tab-led line). Missing columns get no start.
fn column_starts(lines: &[Line<'_>], b0: usize, b1: usize, n: usize) -> Vec<usize> {
    let mut starts = vec![b0];
    if n <= 1 {
        return starts;
    }
    let needed = n - 1;
    // (line, suspicious): suspicious when the last non-blank line before it is a tab-led
    // content line that does not open the column (a nested table's cell).
    let mut candidates: Vec<(usize, bool)> = Vec::new();
    let mut last_content: Option<usize> = None;
    let mut column_first = b0;
    for i in b0..b1.min(lines.len()) {
        let l = &lines[i];
        if l.is_lone_tab() && i + 1 < b1 && lines.get(i + 1).is_some_and(Line::is_tab_led) {
            let suspicious = last_content.is_some_and(|c| lines[c].is_tab_led() && c != column_first);
            candidates.push((i, suspicious));
            column_first = i + 1;
            last_content = None;
            continue;
        }
        if !l.is_blank() {
            last_content = Some(i);
        }
    }
    let mut chosen: Vec<usize> = candidates.iter().filter(|c| !c.1).map(|c| c.0).take(needed).collect();
    if chosen.len() < needed {
        let more: Vec<usize> = candidates.iter().filter(|c| c.1).map(|c| c.0).take(needed - chosen.len()).collect();
        chosen.extend(more);
        chosen.sort_unstable();
    }
    starts.extend(chosen.into_iter().map(|s| s + 1));
    starts
}

/// Segments a plan document.
pub fn segment(norm: &str, lines: &[Line<'_>], ctx: &SegmentContext) -> Document {
    // Events in document order: theme headings and initiatives.
    enum Event {
        Theme(usize),
        Initiative { start: usize, title: Option<usize>, header: Header },
    }
    let mut events: Vec<Event> = Vec::new();
    let mut floor = 0;
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trimmed();
        if is_theme_heading(t) {
            events.push(Event::Theme(i));
            floor = i + 1;
            i += 1;
            continue;
        }
        if heading_kind(t) == Some(Column::Plan) {
            let header = read_header(lines, i);
            let title = find_title(lines, i, floor);
            let start = title.unwrap_or(i);
            floor = header.body_start;
            i = header.body_start.max(i + 1);
            events.push(Event::Initiative { start, title, header });
            continue;
        }
        i += 1;
    }
    let event_start = |e: &Event| match e {
        Event::Theme(t) => *t,
        Event::Initiative { start, .. } => *start,
    };

    let mut units: Vec<Unit> = Vec::new();
    let mut department = None;
    // Lines before the first event: the department line and anything else.
    let first_event = events.first().map_or(lines.len(), event_start);
    let pre = content_indices(lines, 0..first_event);
    if let Some((&first, rest)) = pre.split_first() {
        let l = &lines[first];
        let t = l.trimmed();
        if t.chars().count() <= 30 && !starts_with_bullet(t) {
            department = Some(t.to_string());
        }
        let mut unit = new_unit(UnitKind::Section, t.to_string(), Some(l.trimmed_range()), ctx);
        if !rest.is_empty() {
            let mut s = new_section(SectionName::Body);
            s.fill(lines, rest, ItemOptions::default());
            unit.sections.push(s);
        }
        units.push(unit);
    }

    let mut theme: Option<String> = None;
    for (e, ev) in events.iter().enumerate() {
        let end = events.get(e + 1).map_or(lines.len(), event_start);
        match ev {
            Event::Theme(t) => {
                let l = &lines[*t];
                let text = l.trimmed().to_string();
                theme = Some(text.clone());
                let mut unit = new_unit(UnitKind::Section, text.clone(), Some(l.trimmed_range()), ctx);
                unit.theme = Some(text);
                let idx = content_indices(lines, t + 1..end);
                if !idx.is_empty() {
                    let mut s = new_section(SectionName::Direction);
                    let body: Vec<usize> = match idx.first() {
                        Some(&h) if lines[h].trimmed() == "めざす方向" => {
                            s.set_heading(&lines[h]);
                            idx[1..].to_vec()
                        }
                        _ => idx,
                    };
                    s.fill(lines, &body, ItemOptions::default());
                    unit.sections.push(s);
                }
                units.push(unit);
            }
            Event::Initiative { start, title, header } => {
                let mut unit = initiative(norm, lines, *title, header, end, ctx);
                unit.theme = theme.clone();
                // Lines between the title and the header that are not layout (rare) go to
                // the plan section so nothing is lost.
                let stray: Vec<usize> = content_indices(lines, start + usize::from(title.is_some())..header.first);
                if !stray.is_empty() {
                    if let Some(s) = unit.sections.first_mut() {
                        for &k in &stray {
                            s.lines.push(lines[k].range());
                        }
                        s.lines.sort_by_key(|r| r.start);
                    }
                }
                units.push(unit);
            }
        }
    }
    Document::new(DocumentKind::Plan, department, None, units)
}

/// Builds one initiative from its header and body (`header.body_start..end`).
fn initiative(
    norm: &str,
    lines: &[Line<'_>],
    title: Option<usize>,
    header: &Header,
    end: usize,
    ctx: &SegmentContext,
) -> Unit {
    let (title_text, title_span) = match title.and_then(|t| lines.get(t)) {
        Some(l) => (l.trimmed().to_string(), Some(l.trimmed_range())),
        None => (String::new(), None),
    };
    let mut unit = new_unit(UnitKind::Initiative, title_text, title_span, ctx);
    let b0 = header.body_start.min(end);
    let n = header.columns.len();
    let starts = column_starts(lines, b0, end, n);
    // Column line ranges, by column.
    let mut col_ranges: Vec<Range<usize>> = Vec::new();
    for (c, (col, heading, arrows)) in header.columns.iter().enumerate() {
        let mut s = new_section(col.section_name());
        s.set_heading(&lines[*heading]);
        for &a in arrows {
            s.layout_lines.push(lines[a].range());
        }
        let range = match starts.get(c) {
            Some(&a) => a..starts.get(c + 1).map_or(end, |&b| b.saturating_sub(1).max(a)),
            None => end..end,
        };
        let content = cell_tables(lines, range.clone());
        let mut all: Vec<usize> = content.text_lines.iter().chain(&content.table_lines).copied().collect();
        all.sort_unstable();
        s.lines = all.iter().map(|&k| lines[k].range()).collect();
        s.items = parse_items(lines, &content.text_lines, ItemOptions::default());
        s.tables = content.tables;
        col_ranges.push(range);
        unit.sections.push(s);
    }
    // Always the three sections, in order, even when the header lacks one.
    for col in [Column::Plan, Column::Target, Column::Progress] {
        if !unit.sections.iter().any(|s| s.name == col.section_name()) {
            unit.sections.push(new_section(col.section_name()));
            col_ranges.push(end..end);
        }
    }
    let order = |name: &SectionName| {
        [SectionName::Plan, SectionName::Target, SectionName::Progress].iter().position(|n| n == name).unwrap_or(3)
    };
    let mut paired: Vec<(Section, Range<usize>)> = unit.sections.drain(..).zip(col_ranges).collect();
    paired.sort_by_key(|(s, _)| order(&s.name));
    let (sections, ranges): (Vec<Section>, Vec<Range<usize>>) = paired.into_iter().unzip();
    unit.sections = sections;
    unit.objectives = pair_objectives(norm, lines, &unit.sections, &ranges);
    unit
}

/// Relative position of the line holding `offset` within the column `range` of lines.
fn rel_pos(lines: &[Line<'_>], range: &Range<usize>, offset: usize) -> f64 {
    let line = lines.partition_point(|l| l.end < offset);
    let len = range.end.saturating_sub(range.start).max(1) as f64;
    (line.saturating_sub(range.start) as f64 / len).clamp(0.0, 1.0)
}

/// What a char is for [`key_terms`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Kanji,
    Katakana,
    Latin,
    Other,
}

fn script(c: char) -> Script {
    if chars::is_kanji(c) {
        Script::Kanji
    } else if chars::is_katakana(c) {
        Script::Katakana
    } else if c.is_ascii_alphabetic() {
        Script::Latin
    } else {
        Script::Other
    }
}

/// The key terms of the text of `span`, the words pairing compares: each two adjacent kanji
/// of a kanji run, each katakana word and each Latin word of two letters or more. Hiragana
/// (particles and endings), digits, marks and single kanji are no terms.
fn key_terms<'a>(norm: &'a str, span: &Range<usize>, out: &mut Vec<&'a str>) {
    let text = norm.get(span.clone()).unwrap_or("");
    let (mut run_start, mut run_script, mut run_chars, mut prev) = (0, Script::Other, 0, 0);
    let ends = text.char_indices().map(|(i, c)| (i, c.len_utf8(), script(c)));
    for (i, len, sc) in ends.chain(std::iter::once((text.len(), 0, Script::Other))) {
        if sc == run_script && sc != Script::Other {
            if sc == Script::Kanji {
                out.push(&text[prev..i + len]);
            }
            run_chars += 1;
        } else {
            if matches!(run_script, Script::Katakana | Script::Latin) && run_chars >= 2 {
                out.push(&text[run_start..i]);
            }
            (run_start, run_script, run_chars) = (i, sc, 1);
        }
        prev = i;
    }
}

fn pair_objectives(norm: &str, lines: &[Line<'_>], sections: &[Section], ranges: &[Range<usize>]) -> Vec<Objective> {
    let (Some(plan), Some(target), Some(progress)) = (sections.first(), sections.get(1), sections.get(2)) else {
        return Vec::new();
    };
    let obj_idx: Vec<usize> =
        plan.items.iter().enumerate().filter(|(_, it)| it.kind == ItemKind::Objective).map(|(i, _)| i).collect();
    if obj_idx.is_empty() {
        return Vec::new();
    }
    let (plan_r, target_r, progress_r) = (&ranges[0], &ranges[1], &ranges[2]);
    let obj_pos: Vec<f64> = obj_idx.iter().map(|&i| rel_pos(lines, plan_r, plan.items[i].norm_span.start)).collect();

    // ◇ blocks of the target column.
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    let first_indicator = target.items.iter().position(|x| x.kind == ItemKind::Indicator);
    for (i, it) in target.items.iter().enumerate() {
        if blocks.is_empty() || (it.kind == ItemKind::Indicator && Some(i) != first_indicator) {
            blocks.push(Vec::new());
        }
        if let Some(b) = blocks.last_mut() {
            b.push(i);
        }
    }
    let block_pos: Vec<f64> = blocks
        .iter()
        .map(|b| b.first().map_or(0.0, |&i| rel_pos(lines, target_r, target.items[i].norm_span.start)))
        .collect();
    let mut block_of: Vec<Vec<usize>> = vec![Vec::new(); obj_idx.len()];
    if blocks.len() == obj_idx.len() {
        for (o, b) in block_of.iter_mut().enumerate() {
            b.push(o);
        }
    } else if !blocks.is_empty() {
        let nearest = |p: f64, of: &[f64]| {
            of.iter()
                .enumerate()
                .fold(
                    (0usize, f64::INFINITY),
                    |best, (k, &q)| if (p - q).abs() < best.1 { (k, (p - q).abs()) } else { best },
                )
                .0
        };
        let mut taken = vec![false; blocks.len()];
        for (o, &p) in obj_pos.iter().enumerate() {
            let b = nearest(p, &block_pos);
            block_of[o].push(b);
            taken[b] = true;
        }
        for (b, &p) in block_pos.iter().enumerate() {
            if !taken[b] {
                let o = nearest(p, &obj_pos);
                block_of[o].push(b);
                block_of[o].sort_unstable();
            }
        }
    }

    // Objective extents in the plan column: the ■ item up to the next ■.
    let obj_extent = |o: usize| obj_idx[o]..obj_idx.get(o + 1).copied().unwrap_or(plan.items.len());

    // Key terms per objective, as an index: term → the objectives that mention it (each
    // objective once). A group's score then costs one look-up per term.
    let mut index = TermIndex::default();
    let mut scratch: Vec<&str> = Vec::new();
    for (o, blocks_of_o) in block_of.iter().enumerate().take(obj_idx.len()) {
        scratch.clear();
        for it in &plan.items[obj_extent(o)] {
            key_terms(norm, &it.norm_span, &mut scratch);
        }
        for &b in blocks_of_o {
            for &i in &blocks[b] {
                key_terms(norm, &target.items[i].norm_span, &mut scratch);
            }
        }
        for &term in &scratch {
            index.add(term, o);
        }
    }
    let scorer = Scorer { lines, norm, progress_r, index: &index, obj_pos: &obj_pos, items: &progress.items };

    // Progress groups: each top item with its subtree; a top label whose children are ○
    // items is a heading, and each of those children is a group (the label goes with the
    // first).
    let items = &progress.items;
    let mut progress_of: Vec<Vec<usize>> = vec![Vec::new(); obj_idx.len()];
    let subtree_end = |k: usize| {
        let lvl = items[k].level;
        let mut j = k + 1;
        while j < items.len() && items[j].level > lvl {
            j += 1;
        }
        j
    };
    let mut k = 0;
    while k < items.len() {
        let end = subtree_end(k);
        let heading = items[k].kind == ItemKind::Label
            && items.get(k + 1).is_some_and(|c| c.parent == Some(k) && c.kind == ItemKind::Action);
        if heading {
            let mut pending = vec![k];
            let mut c = k + 1;
            while c < end {
                let ce = subtree_end(c);
                let group: Vec<usize> = (c..ce).collect();
                let g = scorer.best(&group);
                progress_of[g].append(&mut pending);
                progress_of[g].extend(group);
                c = ce;
            }
        } else {
            let group: Vec<usize> = (k..end).collect();
            let g = scorer.best(&group);
            progress_of[g].extend(group);
        }
        k = end;
    }

    obj_idx
        .iter()
        .enumerate()
        .map(|(o, &i)| {
            let mut targets: Vec<usize> = block_of[o].iter().flat_map(|&b| blocks[b].iter().copied()).collect();
            targets.sort_unstable();
            targets.dedup();
            let mut progress = std::mem::take(&mut progress_of[o]);
            progress.sort_unstable();
            progress.dedup();
            Objective {
                item: i,
                text: plan.items[i].text.clone(),
                norm_span: plan.items[i].norm_span.clone(),
                targets,
                progress,
            }
        })
        .collect()
}

/// Key term → the objectives that mention it (ascending, each once). Hashed with FNV-1a: the
/// keys are short and the index is rebuilt per initiative, so SipHash's setup would dominate.
/// Each term has a slot, so a group can count a shared term once by its slot.
#[derive(Default)]
struct TermIndex<'n> {
    /// Term → its slot.
    slots: HashMap<&'n str, usize, BuildFnv>,
    /// Per slot, the objectives mentioning the term.
    owners: Vec<Vec<usize>>,
}

impl<'n> TermIndex<'n> {
    /// Records that objective `o` mentions `term`; objectives come in ascending order.
    fn add(&mut self, term: &'n str, o: usize) {
        let next = self.owners.len();
        let k = *self.slots.entry(term).or_insert(next);
        if k == next {
            self.owners.push(Vec::new());
        }
        let owners = &mut self.owners[k];
        if owners.last() != Some(&o) {
            owners.push(o);
        }
    }

    /// The term's slot and its owners.
    fn get(&self, term: &str) -> Option<(usize, &[usize])> {
        let &k = self.slots.get(term)?;
        Some((k, &self.owners[k]))
    }
}

/// Scores progress groups against the objectives (see the module doc).
struct Scorer<'a, 'n> {
    lines: &'a [Line<'a>],
    norm: &'n str,
    progress_r: &'a Range<usize>,
    index: &'a TermIndex<'n>,
    obj_pos: &'a [f64],
    items: &'a [super::Item],
}

impl Scorer<'_, '_> {
    /// The objective a group of progress items reports on.
    fn best(&self, group: &[usize]) -> usize {
        let mut mine: Vec<&str> = Vec::new();
        for &g in group {
            key_terms(self.norm, &self.items[g].norm_span, &mut mine);
        }
        let pos = group.first().map_or(0.0, |&g| rel_pos(self.lines, self.progress_r, self.items[g].norm_span.start));
        let mut scores: Vec<f64> = self.obj_pos.iter().map(|&p| 0.5 * (1.0 - (pos - p).abs())).collect();
        // Each shared term counts once per group (seen by its slot in the index).
        let mut seen = vec![false; self.index.owners.len()];
        for term in &mine {
            let Some((slot, owners)) = self.index.get(term) else { continue };
            if std::mem::replace(&mut seen[slot], true) {
                continue;
            }
            let w = 1.0 / owners.len().max(1) as f64;
            for &o in owners {
                if let Some(s) = scores.get_mut(o) {
                    *s += w;
                }
            }
        }
        scores
            .iter()
            .enumerate()
            .fold((0usize, f64::NEG_INFINITY), |best, (o, &s)| if s > best.1 { (o, s) } else { best })
            .0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        key_terms(text, &(0..text.len()), &mut out);
        out
    }

    #[test]
    fn key_terms_are_kanji_pairs_katakana_and_latin_words() {
        // A kanji run gives each two adjacent kanji; kana, digits and marks end a run.
        assert_eq!(terms("地域産業の振興"), ["地域", "域産", "産業", "振興"]);
        assert_eq!(terms("セミナーを開催"), ["セミナー", "開催"]);
        assert_eq!(terms("DX推進(AI活用)"), ["DX", "推進", "AI", "活用"]);
        // Single letters, single kanji, hiragana and digits are no terms.
        assert!(terms("市と町で5件、Aを見る").is_empty());
        // Katakana next to kanji is a word of its own.
        assert_eq!(terms("データ分析"), ["データ", "分析"]);
    }

    #[test]
    fn key_terms_read_only_the_span() {
        let text = "販路開拓と人材確保";
        let mut out = Vec::new();
        key_terms(text, &(0..text.find('と').unwrap()), &mut out);
        assert_eq!(out, ["販路", "路開", "開拓"]);
    }
}
