//! `keikaku inspect`: one document as a person checks it before trusting a batch — its
//! outline, and every mention in its place with its normalized value — in the terminal
//! ([`terminal()`]) or as one self-contained HTML page ([`html()`]).
//!
//! Both views read the same [`Processed`] document and share what is decided here: which
//! units are shown ([`select_units`]), which section owns a mention (the rule of
//! `records.jsonl`: the first section whose lines contain its start), how a value is written
//! ([`display_value`]) and how numeric targets are paired with progress figures
//! ([`figure_rows`]).
//!
//! Positions: the pipeline works in normalized bytes; everything shown here is the decoded
//! source text as written, reached through [`crate::span::SourceText`] and the offset map
//! (`dec_*` offsets are bytes of `decoded.text`).

use std::fmt::Write as _;
use std::ops::Range;

use crate::extract::{Mention, MentionKind};
use crate::pipeline::Processed;
use crate::segment::owners::Part;
use crate::segment::{Item, Section, SectionName, Unit, UnitKind};
use crate::span::SourceText;

mod html;
mod terminal;

pub use html::html;
pub use terminal::terminal;

/// What is being inspected.
pub struct View<'a> {
    /// The name shown for the document (its path as given, `<stdin>` for standard input).
    pub path: &'a str,
    pub processed: &'a Processed,
}

/// Terminal rendering options.
#[derive(Debug, Clone, Default)]
pub struct TerminalOptions {
    /// Colour with ANSI escapes.
    pub color: bool,
    /// Only the unit with this 1-based number or a title containing this text.
    pub initiative: Option<String>,
    /// Only mentions, no items.
    pub mentions_only: bool,
}

/// All mention kinds, in display order.
pub const KINDS: [MentionKind; 4] = [MentionKind::Date, MentionKind::Count, MentionKind::Percent, MentionKind::Money];

/// A number as a person writes it: `6`, `96.8`, `1500000`.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let digits = (v.abs() as i64).to_string();
        let mut s = String::with_capacity(digits.len() + digits.len() / 3 + 1);
        if v < 0.0 {
            s.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) && digits.len() > 4 {
                s.push(',');
            }
            s.push(c);
        }
        s
    } else {
        format!("{v}")
    }
}

/// A mention's normalized value, as shown after its surface (`R1.8 → 2019-08`, `6社 → 6 社`).
pub fn display_value(m: &Mention) -> String {
    let mut s = match m.kind {
        MentionKind::Date => m.date_text().unwrap_or_else(|| "?".to_string()),
        _ => {
            let mut s = m.value.map(number).unwrap_or_else(|| "?".to_string());
            if let Some(max) = m.value_max {
                let _ = write!(s, "–{}", number(max));
            }
            match m.kind {
                MentionKind::Percent => s.push_str(" %"),
                _ => {
                    if let Some(u) = &m.unit {
                        let _ = write!(s, " {u}");
                    }
                }
            }
            if let Some(per) = &m.per {
                let _ = write!(s, "/{per}");
            }
            s
        }
    };
    if let Some(q) = m.qualifier {
        let _ = write!(s, " ({q})");
    }
    if m.approx {
        s.push_str(" (approx)");
    }
    if let Some(role) = m.role {
        let _ = write!(s, " ({})", role.as_str().replace('_', " "));
    }
    s
}

/// `date 12 · count 30 · …` for the kinds present; `none` when there are no mentions.
pub fn kind_summary<'a>(mentions: impl IntoIterator<Item = &'a Mention>) -> String {
    let mut counts = [0usize; 4];
    for m in mentions {
        if let Some(i) = KINDS.iter().position(|k| *k == m.kind) {
            counts[i] += 1;
        }
    }
    let parts: Vec<String> =
        KINDS.iter().zip(counts).filter(|(_, n)| *n > 0).map(|(k, n)| format!("{} {n}", k.as_str())).collect();
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(" · ")
    }
}

/// A unit as listed: its index in the document and, for units of the document's main kind
/// (initiatives of a plan), the 1-based number `--initiative N` selects it by.
#[derive(Debug, Clone, Copy)]
pub struct Listed<'a> {
    pub index: usize,
    pub number: Option<usize>,
    pub unit: &'a Unit,
}

impl Listed<'_> {
    /// `[2]` for numbered units, `[·]` for the others (a plan's preamble).
    pub fn label(&self) -> String {
        match self.number {
            Some(n) => format!("[{n}]"),
            None => "[·]".to_string(),
        }
    }
}

/// Every unit with its number: units that are not plain sections are numbered 1, 2, …; when
/// the document has only sections, the sections are.
pub fn listed_units(p: &Processed) -> Vec<Listed<'_>> {
    let units = &p.document.units;
    let only_sections = units.iter().all(|u| u.kind == UnitKind::Section);
    let mut n = 0;
    units
        .iter()
        .enumerate()
        .map(|(index, unit)| {
            let number = (only_sections || unit.kind != UnitKind::Section).then(|| {
                n += 1;
                n
            });
            Listed { index, number, unit }
        })
        .collect()
}

/// Selects the units to show: all, or those matching `--initiative` (a 1-based number of a
/// numbered unit, else a substring of the title).
pub fn select_units<'a>(p: &'a Processed, filter: Option<&str>) -> Result<Vec<Listed<'a>>, String> {
    let all = listed_units(p);
    let Some(f) = filter else { return Ok(all) };
    let numbered = all.iter().filter(|l| l.number.is_some()).count();
    let chosen: Vec<Listed> = match f.trim().parse::<usize>() {
        Ok(n) => all.into_iter().filter(|l| l.number == Some(n)).collect(),
        Err(_) => all.into_iter().filter(|l| l.unit.title.contains(f.trim())).collect(),
    };
    if chosen.is_empty() {
        Err(format!(
            "no initiative matches '{f}'; give its number (1 to {numbered}) or part of its title \
             (see the [N] numbers in `keikaku inspect FILE`)"
        ))
    } else {
        Ok(chosen)
    }
}

/// Minutes' speakers in order of first turn: (speaker as written, role, turns).
pub fn speaker_turns(doc: &crate::segment::Document) -> Vec<(&str, &'static str, usize)> {
    let mut seen: Vec<(&str, &'static str, usize)> = Vec::new();
    for item in doc.units.iter().flat_map(|u| &u.sections).flat_map(|s| &s.items) {
        if let (Some(who), Some(role)) = (item.speaker.as_deref(), item.role) {
            match seen.iter_mut().find(|(w, _, _)| *w == who) {
                Some((_, _, n)) => *n += 1,
                None => seen.push((who, role.as_str(), 1)),
            }
        }
    }
    seen
}

/// Which unit and section own each mention: the ownership index's answer for its start, as
/// in `records.jsonl`.
pub fn mention_owners(p: &Processed) -> Vec<Option<(usize, Option<usize>)>> {
    p.mentions.iter().map(|m| p.owners.owner_at(m.norm_span.start)).collect()
}

/// The mentions sorted by where they start, to find those inside a range in logarithmic time
/// (a document can have tens of thousands of items and mentions).
#[derive(Debug, Clone)]
pub struct MentionIndex {
    /// (normalized start, index into `Processed::mentions`), sorted.
    by_start: Vec<(usize, usize)>,
}

impl MentionIndex {
    pub fn new(p: &Processed) -> MentionIndex {
        let mut by_start: Vec<(usize, usize)> =
            p.mentions.iter().enumerate().map(|(i, m)| (m.norm_span.start, i)).collect();
        by_start.sort_unstable();
        MentionIndex { by_start }
    }

    /// Indices of the mentions inside `range` (normalized), ordered by start.
    pub fn within(&self, p: &Processed, range: &Range<usize>) -> Vec<usize> {
        let first = self.by_start.partition_point(|&(s, _)| s < range.start);
        self.by_start[first..]
            .iter()
            .take_while(|&&(s, _)| s <= range.end)
            .map(|&(_, i)| i)
            .filter(|&i| p.mentions[i].norm_span.end <= range.end)
            .collect()
    }
}

/// Mention indices per unit, by [`mention_owners`].
pub fn mentions_per_unit(p: &Processed, owners: &[Option<(usize, Option<usize>)>]) -> Vec<Vec<usize>> {
    let mut per = vec![Vec::new(); p.document.units.len()];
    for (i, o) in owners.iter().enumerate() {
        if let Some(list) = o.and_then(|(u, _)| per.get_mut(u)) {
            list.push(i);
        }
    }
    per
}

/// True for the kinds that are figures (everything but dates).
pub fn is_figure(kind: MentionKind) -> bool {
    kind != MentionKind::Date
}

/// A numeric target of an initiative with the progress item that reports on it.
#[derive(Debug, Clone)]
pub struct FigureRow<'a> {
    pub target: &'a Item,
    /// Indices into `Processed::mentions`: the figures of the target item.
    pub target_figures: Vec<usize>,
    /// Figures of the item given for the previous year (after 昨年度 / 前年度 on their line),
    /// shown apart so they are not read as targets.
    pub last_year: Vec<usize>,
    /// The best-matching progress item and its figures, when one is similar enough.
    pub progress: Option<(&'a Item, Vec<usize>)>,
}

/// Targets vs progress of one unit.
#[derive(Debug, Clone, Default)]
pub struct FigureTable<'a> {
    pub rows: Vec<FigureRow<'a>>,
    /// Figures of progress items no target row was paired with.
    pub other_progress: Vec<usize>,
    pub has_target: bool,
    pub has_progress: bool,
}

/// Targets vs progress of a unit, from its indicators ([`crate::indicators`], the one place
/// targets are paired with results): one row per target item, with its target figures, the
/// previous values given beside them, and the progress item of their results.
pub fn figure_rows<'a>(p: &'a Processed, index: &MentionIndex, listed: &Listed<'a>) -> FigureTable<'a> {
    let unit = listed.unit;
    let target = unit.sections.iter().find(|s| s.name == SectionName::Target);
    let progress = unit.sections.iter().find(|s| s.name == SectionName::Progress);
    let item_at = |section: Option<&'a crate::segment::Section>, m: usize| -> Option<&'a Item> {
        let at = p.mentions[m].norm_span.start;
        section?.items.iter().find(|i| i.norm_span.start <= at && at < i.norm_span.end)
    };
    let mut rows: Vec<FigureRow<'a>> = Vec::new();
    let mut shown = std::collections::HashSet::new();
    for ind in p.indicators.iter().filter(|i| i.unit == listed.index && i.rule == crate::indicators::Rule::PlanProgress)
    {
        let Some(t) = ind.target.mention else { continue };
        let Some(item) = item_at(target, t) else { continue };
        let k = match rows.iter().position(|r| std::ptr::eq(r.target, item)) {
            Some(k) => k,
            None => {
                rows.push(FigureRow {
                    target: item,
                    target_figures: Vec::new(),
                    last_year: Vec::new(),
                    progress: None,
                });
                rows.len() - 1
            }
        };
        let row = &mut rows[k];
        row.target_figures.push(t);
        row.last_year.extend(ind.baseline.as_ref().and_then(|(b, _)| b.mention));
        for a in ind.actual.iter().filter_map(|a| a.mention) {
            shown.insert(a);
            // The row's progress item is the first result's; its figures are filled below.
            if row.progress.is_none() {
                row.progress = item_at(progress, a).map(|pit| (pit, Vec::new()));
            }
        }
    }
    // Every figure of a paired progress item, and the progress figures no target was paired with.
    for row in &mut rows {
        if let Some((pit, figs)) = &mut row.progress {
            *figs = index.within(p, &pit.norm_span).into_iter().filter(|&i| is_figure(p.mentions[i].kind)).collect();
            shown.extend(figs.iter().copied());
        }
    }
    let other_progress = progress
        .map(|s| {
            s.items
                .iter()
                .flat_map(|it| index.within(p, &it.norm_span))
                .filter(|&i| is_figure(p.mentions[i].kind) && !shown.contains(&i))
                .collect()
        })
        .unwrap_or_default();
    FigureTable { rows, other_progress, has_target: target.is_some(), has_progress: progress.is_some() }
}

/// The decoded byte range behind a normalized range, clamped to char boundaries of the
/// decoded text (whatever a stage hands over, slicing with it never panics).
/// The numbers of the document that nothing accounts for (see [`crate::extract::account`]).
pub fn unaccounted(p: &Processed) -> impl Iterator<Item = &crate::extract::account::NumberRun> {
    p.numbers.iter().filter(|n| n.class == crate::extract::account::NumberClass::Unaccounted)
}

pub fn dec_range(p: &Processed, norm: &Range<usize>) -> Range<usize> {
    let text = &p.text.decoded.text;
    let r = p.text.normalized.map.dec_range(norm.clone());
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(r.start);
    let end = floor(r.end).max(start);
    start..end
}

/// Lines of the decoded text: 0, after `\n`, after a `\r` not followed by `\n` — the same
/// lines as [`crate::span::SourceSpan::line`], read from the [`SourceText`]'s own line index.
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    starts: &'a [(usize, usize)],
    len: usize,
}

impl<'a> Lines<'a> {
    pub fn of(text: &'a SourceText) -> Lines<'a> {
        let len = text.decoded.text.len();
        let mut starts = text.line_starts();
        // A final line end does not start an empty last line.
        if starts.len() > 1 && starts.last().map(|s| s.0) == Some(len) {
            starts = &starts[..starts.len() - 1];
        }
        Lines { starts, len }
    }

    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line index of a decoded byte offset.
    pub fn index_of(&self, dec: usize) -> usize {
        self.starts.partition_point(|&(s, _)| s <= dec).max(1) - 1
    }

    /// Byte range of line `i` with its line end (`\n`, `\r\n` or `\r`).
    pub fn full(&self, i: usize) -> Range<usize> {
        let start = self.starts.get(i).map_or(self.len, |s| s.0);
        let end = self.starts.get(i + 1).map_or(self.len, |s| s.0);
        start..end
    }

    /// Byte range of line `i` without its line end.
    pub fn content(&self, text: &str, i: usize) -> Range<usize> {
        let r = self.full(i);
        let s = &text[r.clone()];
        let trimmed = s.strip_suffix('\n').unwrap_or(s);
        let trimmed = trimmed.strip_suffix('\r').unwrap_or(trimmed);
        r.start..r.start + trimmed.len()
    }

    /// The 0-based lines a decoded range touches (an empty range touches its line).
    pub fn span(&self, dec: &Range<usize>) -> Range<usize> {
        let first = self.index_of(dec.start);
        let last = if dec.end > dec.start { self.index_of(dec.end - 1) } else { first };
        first..last.max(first) + 1
    }
}

/// What a line of the source belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRole {
    /// A unit's title.
    Title,
    /// A section's heading.
    Heading,
    /// A section's content line.
    Content,
}

/// The owner of a source line: unit, section (none for a title) and role, plus how many
/// other spans also claim the line (segmentation should give every line one owner).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineOwner {
    pub unit: usize,
    pub section: Option<usize>,
    pub role: LineRole,
    pub also_claimed: usize,
}

/// For every decoded line, who owns it (first claim wins, later claims are counted).
pub fn line_owners(p: &Processed, lines: &Lines) -> Vec<Option<LineOwner>> {
    let mut owners: Vec<Option<LineOwner>> = vec![None; lines.count()];
    for o in p.owners.owners() {
        let role = match o.part {
            Part::Title | Part::Number => LineRole::Title,
            Part::Heading => LineRole::Heading,
            _ => LineRole::Content,
        };
        let dec = dec_range(p, &o.span);
        for i in lines.span(&dec) {
            match owners.get_mut(i) {
                Some(Some(x)) if (x.unit, x.section) != (o.unit, o.section) => x.also_claimed += 1,
                // A title or heading line keeps its role over the items or lines on it.
                Some(Some(x)) if x.role == LineRole::Content && role != LineRole::Content => x.role = role,
                Some(Some(_)) => {}
                Some(slot @ None) => {
                    *slot = Some(LineOwner { unit: o.unit, section: o.section, role, also_claimed: 0 });
                }
                None => {}
            }
        }
    }
    owners
}

/// The heading's normalized text or the section's name.
pub fn section_title(section: &Section) -> &str {
    section.heading.as_deref().unwrap_or(section.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_like_source_spans() {
        let st = SourceText::from_text("a\r\nb\rc\n");
        let l = Lines::of(&st);
        assert_eq!(l.count(), 3);
        let t = "a\r\nb\rc\n";
        assert_eq!(&t[l.content(t, 0)], "a");
        assert_eq!(&t[l.content(t, 1)], "b");
        assert_eq!(&t[l.content(t, 2)], "c");
        assert_eq!(l.index_of(4), 2 - 1);
        assert_eq!(l.span(&(0..5)), 0..2);
        let none = SourceText::from_text("");
        let empty = Lines::of(&none);
        assert_eq!(empty.count(), 1);
        assert_eq!(empty.content("", 0), 0..0);
    }

    #[test]
    fn values_read_as_written_in_the_issue() {
        let mut m = Mention::new(MentionKind::Date, 0..4, "t");
        m.date = Some(crate::extract::DateValue::at(crate::extract::When::Month(Some(2019), 8)));
        assert_eq!(display_value(&m), "2019-08");
        let mut m = Mention::new(MentionKind::Count, 0..4, "t");
        m.value = Some(6.0);
        m.unit = Some("社".into());
        assert_eq!(display_value(&m), "6 社");
        let mut m = Mention::new(MentionKind::Percent, 0..4, "t");
        m.value = Some(90.0);
        m.qualifier = Some(crate::extract::Qualifier::AtLeast);
        assert_eq!(display_value(&m), "90 % (以上)");
        let mut m = Mention::new(MentionKind::Money, 0..4, "t");
        m.value = Some(5_000_000.0);
        m.unit = Some("円".into());
        assert_eq!(display_value(&m), "5,000,000 円");
        assert_eq!(number(2019.0), "2019");
        assert_eq!(number(-12345.0), "-12,345");
        assert_eq!(number(96.8), "96.8");
    }
}

/// One indicator as both views show it: each value as the source writes it and where it was
/// read, the stated rate against the one computed from the pair, the rule and its evidence.
#[derive(Debug, Clone)]
pub struct IndicatorView<'a> {
    /// Its position in `indicators.jsonl` (0-based, as in its id).
    pub number: usize,
    /// The 1-based source line it starts on.
    pub line: usize,
    /// The unit (record) it belongs to.
    pub unit: usize,
    pub name: String,
    pub target: String,
    pub baseline: Option<String>,
    pub actual: Option<String>,
    pub as_of: Option<String>,
    /// `stated 93.3% · computed 93.3% (actual/target): agrees`.
    pub rate: Option<String>,
    pub direction: &'static str,
    pub attainment: Option<f64>,
    pub status: &'static str,
    pub rule: &'static str,
    pub evidence: &'a [String],
}

/// A value as written, with where it was read: `50社 (mention)`, `12,000 (table 2 r3 c4)`.
fn written(p: &Processed, v: &crate::indicators::Value) -> String {
    use crate::indicators::ValueSource;
    let text = p.text.source_text(v.span.clone()).trim();
    let text = if text.is_empty() { v.display() } else { one_line(text) };
    let from = match v.source {
        ValueSource::Mention(_) => "mention".to_string(),
        ValueSource::Cell { table, row, col } => format!("table {table} r{row} c{col}"),
        ValueSource::Text => "text".to_string(),
    };
    let unit = match (&v.unit, text.ends_with(|c: char| c.is_ascii_digit())) {
        (Some(u), true) => format!(" [{u}]"),
        _ => String::new(),
    };
    format!("{text}{unit} ({from})")
}

/// Whitespace runs (line breaks included) as one space.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every indicator of the document, in `indicators.jsonl` order, as [`IndicatorView`]s.
pub fn indicator_views<'a>(p: &'a Processed, lines: &Lines) -> Vec<IndicatorView<'a>> {
    p.indicators
        .iter()
        .enumerate()
        .map(|(k, ind)| {
            let rate = ind.stated_rate.as_ref().map(|r| {
                let stated = written(p, r);
                match ind.rate_check {
                    Some(c) => format!(
                        "stated {stated} · computed {:.1}% ({}): {}",
                        c.computed,
                        c.formula.as_str(),
                        if c.agrees { "agrees" } else { "DISAGREES" }
                    ),
                    None => format!("stated {stated} · not computed"),
                }
            });
            let as_of = ind.as_of_text(&p.mentions, p.document.units[ind.unit].as_of);
            IndicatorView {
                number: k,
                line: lines.index_of(dec_range(p, &ind.span).start) + 1,
                unit: ind.unit,
                name: one_line(&ind.name),
                target: written(p, &ind.target),
                baseline: ind.baseline.as_ref().map(|(b, word)| format!("{word} {}", written(p, b))),
                actual: ind.actual.as_ref().map(|a| written(p, a)),
                as_of,
                rate,
                direction: ind.direction.as_str(),
                attainment: ind.attainment,
                status: ind.status.as_str(),
                rule: ind.rule.as_str(),
                evidence: &ind.evidence,
            }
        })
        .collect()
}
