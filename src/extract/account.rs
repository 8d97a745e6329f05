//! An account of every number: each run of digits in a document (and each kanji numeral
//! standing before a counter) ends up as part of a mention, a cell of a table, a named
//! non-figure (a phone number, a page, an article's number, a time of day …, each named by
//! the [`filters`] that rejected it), or *unaccounted*: what keikaku read
//! past without a reason it can name. The counts per class go to `documents.jsonl`;
//! `inspect` marks the unaccounted numbers; `keikaku audit` lists the most frequent shapes of
//! the unaccounted ones over a corpus, so that what an archive holds and keikaku skips can be
//! seen without annotating anything.
//!
//! A number is given the first class that applies, in this order: a mention's kind (the run
//! overlaps a mention), `table_cell` (it lies in a cell of a table the layout stage read),
//! the class of the first filter that fires on it (the filters extraction applies, then those
//! that name the shapes of figures with nothing attached), `unaccounted`.

use std::ops::Range;
use std::sync::LazyLock;

use super::filters;
use super::{Mention, MentionKind};
use crate::layout::Table;
use crate::text::chars;

pub use super::classes::NumberClass;

impl NumberClass {
    /// The class of a mention of this kind.
    pub fn of_mention(kind: MentionKind) -> NumberClass {
        match kind {
            MentionKind::Date => NumberClass::Date,
            MentionKind::Count => NumberClass::Count,
            MentionKind::Percent => NumberClass::Percent,
            MentionKind::Money => NumberClass::Money,
        }
    }
}

/// One number of a document and what it turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberRun {
    /// Normalized byte range of the digits (or of the kanji numeral).
    pub norm_span: Range<usize>,
    pub class: NumberClass,
    /// The filter that named it, when one did.
    pub filter: Option<&'static str>,
}

/// The counts per class of a document's numbers, in the order of [`NumberClass::ALL`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally(pub Vec<u64>);

impl Tally {
    pub fn of(runs: &[NumberRun]) -> Tally {
        let mut counts = vec![0; NumberClass::ALL.len()];
        for r in runs {
            counts[r.class as usize] += 1;
        }
        Tally(counts)
    }

    pub fn get(&self, class: NumberClass) -> u64 {
        self.0.get(class as usize).copied().unwrap_or(0)
    }

    /// Every number counted.
    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    /// The share of the numbers that are unaccounted (0 when there are none).
    pub fn unaccounted_share(&self) -> f64 {
        let total = self.total();
        if total == 0 {
            0.0
        } else {
            self.get(NumberClass::Unaccounted) as f64 / total as f64
        }
    }

    pub fn add(&mut self, other: &Tally) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a += b;
        }
    }
}

/// Written as an object with one key per class, in the order of [`NumberClass::ALL`] (a
/// class with no number is 0), so every document row has the same keys.
impl serde::Serialize for Tally {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(NumberClass::ALL.len()))?;
        for &class in NumberClass::ALL {
            map.serialize_entry(class.as_str(), &self.get(class))?;
        }
        map.end()
    }
}

/// The chars a number starts with: ASCII digits and the chars that start a kanji numeral
/// ([`is_numeral_start`](crate::text::numeral::is_numeral_start)), all of three UTF-8 bytes.
const NUMBER_STARTS: &str = concat!("0123456789", crate::kanji_digits!(), "零十百千数");

static NUMBER_START_PLACES: LazyLock<chars::PlaceFinder> = LazyLock::new(|| chars::PlaceFinder::new(NUMBER_STARTS));

/// Where the numbers of `norm` are: runs of ASCII digits (with the `,` and `.` between digits
/// that make one figure: `36,527,520`, `96.8`), and kanji numerals that stand right before a
/// counter of the list (`三者`, `十二名`, and `一部`, which is a word). In order.
///
/// The places where a number may start are found over the whole text at once
/// ([`chars::PlaceFinder`]); a walk a byte at a time decoded every kanji and kana to rule it
/// out. A test holds this to that walk.
pub fn number_runs(norm: &str) -> Vec<Range<usize>> {
    let b = norm.as_bytes();
    let mut places = Vec::new();
    NUMBER_START_PLACES.places(norm, &mut places);
    let mut out = Vec::new();
    // Where the last number ended: a place before it is inside it.
    let mut i = 0;
    for p in places {
        if p < i {
            continue;
        }
        if b[p].is_ascii_digit() {
            i = p;
            while i < b.len()
                && (b[i].is_ascii_digit()
                    || (matches!(b[i], b',' | b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) && i > p))
            {
                i += 1;
            }
            out.push(p..i);
            continue;
        }
        let mut e = p;
        while let Some(k) =
            chars::at(norm, e).filter(|&k| crate::text::numeral::is_numeral_start(k) || "万億兆".contains(k))
        {
            e += k.len_utf8();
        }
        if e > p && super::count::counter_prefix(&norm[e..]).is_some() {
            out.push(p..e);
        }
        i = e.max(p + 3);
    }
    out
}

/// The account of every number of `norm`, given its mentions (in order) and its tables.
pub fn account(norm: &str, mentions: &[Mention], tables: &[Table]) -> Vec<NumberRun> {
    let runs = number_runs(norm);
    let mut cells: Vec<Range<usize>> = tables
        .iter()
        .flat_map(|t| t.rows.iter().flatten().map(|c| c.norm_span.clone()))
        .filter(|r| r.start < r.end)
        .collect();
    cells.sort_by_key(|r| (r.start, r.end));
    let mut masked = Vec::new();
    let mut masked_line = usize::MAX..usize::MAX;
    let mut chain_line = usize::MAX..usize::MAX;
    let mut chain = super::quantity::MinusChain::new("", 0);
    let mut out = Vec::with_capacity(runs.len());
    for run in runs {
        // Mentions are in document order and do not overlap.
        let i = mentions.partition_point(|m| m.norm_span.end <= run.start);
        if let Some(m) = mentions.get(i).filter(|m| m.norm_span.start < run.end) {
            out.push(NumberRun { norm_span: run, class: NumberClass::of_mention(m.kind), filter: None });
            continue;
        }
        let k = cells.partition_point(|c| c.end <= run.start);
        if cells[k..].iter().take_while(|c| c.start < run.end).any(|c| c.start < run.end && run.start < c.end) {
            out.push(NumberRun { norm_span: run, class: NumberClass::TableCell, filter: None });
            continue;
        }
        let line = line_of(norm, run.start);
        if line != masked_line {
            super::masked_spans(norm, line.clone(), &mut masked);
            masked_line = line.clone();
        }
        let (class, filter) = match filters::masking_filter(norm, &masked, run.clone()) {
            Some(f) => (f.class, Some(f.name)),
            None => {
                if line != chain_line {
                    chain = super::quantity::MinusChain::new(&norm[line.clone()], line.start);
                    chain_line = line.clone();
                }
                match super::quantity::explain(norm, run.clone(), line, &chain) {
                    Some(f) => (f.class, Some(f.name)),
                    None => (NumberClass::Unaccounted, None),
                }
            }
        };
        out.push(NumberRun { norm_span: run, class, filter });
    }
    out
}

/// The line holding `pos`, without its `\n`, bounded to a window on a very long line.
fn line_of(norm: &str, pos: usize) -> Range<usize> {
    const WINDOW: usize = 4096;
    let lo = chars::ceil_boundary(norm, pos.saturating_sub(WINDOW));
    let hi = chars::floor_boundary(norm, pos.saturating_add(WINDOW));
    let start = memchr::memrchr(b'\n', &norm.as_bytes()[lo..pos]).map_or(lo, |i| lo + i + 1);
    let end = memchr::memchr(b'\n', &norm.as_bytes()[pos..hi]).map_or(hi, |i| pos + i);
    start..end
}

/// A number's shape for the audit: the digits as `N`, with up to `CONTEXT` chars on each side
/// (other digits as `N` too, line breaks as `⏎`), so that `第3回` and `第12回` count as one.
pub fn shape(norm: &str, run: &Range<usize>) -> String {
    const CONTEXT: usize = 2;
    let left: Vec<char> = norm[..run.start].chars().rev().take(CONTEXT).collect();
    let right: String = norm[run.end..].chars().take(CONTEXT).collect();
    let mut out = String::new();
    let push = |c: char, out: &mut String| match c {
        '0'..='9' => {
            if !out.ends_with('N') {
                out.push('N');
            }
        }
        '\n' => out.push('⏎'),
        '\t' => out.push('→'),
        _ => out.push(c),
    };
    for &c in left.iter().rev() {
        push(c, &mut out);
    }
    let body = &norm[run.clone()];
    if body.starts_with(|c: char| c.is_ascii_digit()) {
        out.push('N');
    } else {
        out.push('K'); // a kanji numeral
    }
    for c in right.chars() {
        push(c, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(t: &str) -> Vec<&str> {
        number_runs(t).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn runs_of_digits_and_counted_kanji() {
        assert_eq!(runs("36,527,520円と96.8%、第3回"), ["36,527,520", "96.8", "3"]);
        assert_eq!(runs("三者と十二名、一部、四国、一層"), ["三", "十二", "一", "四"]);
        assert_eq!(runs("1.2.3 と 1,2"), ["1.2.3", "1,2"]);
        assert_eq!(runs("数十人"), ["数十"]);
    }

    /// The byte walk `number_runs` was first written as: the reference it is held to.
    fn number_runs_walked(norm: &str) -> Vec<Range<usize>> {
        let b = norm.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i].is_ascii_digit() {
                let s = i;
                while i < b.len()
                    && (b[i].is_ascii_digit()
                        || (matches!(b[i], b',' | b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) && i > s))
                {
                    i += 1;
                }
                out.push(s..i);
                continue;
            }
            if b[i] >= 0xE0 && chars::at(norm, i).is_some_and(crate::text::numeral::is_numeral_start) {
                let s = i;
                let mut e = i;
                while let Some(k) =
                    chars::at(norm, e).filter(|&k| crate::text::numeral::is_numeral_start(k) || "万億兆".contains(k))
                {
                    e += k.len_utf8();
                }
                if e > s && super::super::count::counter_prefix(&norm[e..]).is_some() {
                    out.push(s..e);
                }
                i = e.max(s + 3);
                continue;
            }
            i += 1;
        }
        out
    }

    proptest::proptest! {
        /// Numbers found from their start places are the numbers a byte walk finds, on texts
        /// of digits, separators, kanji numerals, counters, other kanji, kana, Latin letters
        /// and four-byte chars, long enough for the packed search to serve them.
        #[test]
        fn number_runs_are_those_a_byte_walk_finds(
            text in "[0-9,. 一二三十百千万億零数〇者名部人件国層年あアa𠮷\\n]{0,160}"
        ) {
            proptest::prop_assert_eq!(number_runs(&text), number_runs_walked(&text));
        }
    }

    #[test]
    fn shapes_hide_the_digits() {
        let t = "議案第12号 提出";
        let r = number_runs(t).remove(0);
        assert_eq!(shape(t, &r), "案第N号 ");
    }
}
