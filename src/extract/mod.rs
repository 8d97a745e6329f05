//! Stage 5: normalized text (+ tokens) → mentions of dates, counts, percentages and money,
//! per the extraction contract (`shared/spec/extraction.md`, summarized in the README).
//!
//! Mentions come out in normalized byte offsets; [`crate::span::SourceText`] turns them into
//! source spans and surfaces when records are written.

mod count;
mod date;
mod era;
mod money;
mod number;
mod percent;
mod quantity;
mod subject;
mod table;

use std::cell::RefCell;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::{LazyLock, Mutex};

use regex::{CaptureLocations, Regex};
use serde::Serialize;

use crate::tokenize::Token;

/// What a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    Date,
    Count,
    Percent,
    Money,
}

impl MentionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Date => "date",
            MentionKind::Count => "count",
            MentionKind::Percent => "percent",
            MentionKind::Money => "money",
        }
    }
}

/// One extracted expression, in normalized coordinates. Field meanings follow the spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub kind: MentionKind,
    /// Normalized byte range of the surface.
    pub norm_span: Range<usize>,
    pub value: Option<f64>,
    pub value_max: Option<f64>,
    pub unit: Option<String>,
    pub date: Option<String>,
    pub date_start: Option<String>,
    pub date_end: Option<String>,
    /// One of 約 以上 以下 未満 超.
    pub qualifier: Option<&'static str>,
    pub approx: bool,
    /// `as_of` for as-of dates.
    pub role: Option<&'static str>,
    pub per: Option<String>,
    pub subject: Option<String>,
    /// Name of the rule that produced the mention.
    pub rule: &'static str,
}

impl Mention {
    /// A mention of `kind` over `norm_span` by `rule`, every optional field empty.
    pub fn new(kind: MentionKind, norm_span: Range<usize>, rule: &'static str) -> Mention {
        Mention {
            kind,
            norm_span,
            value: None,
            value_max: None,
            unit: None,
            date: None,
            date_start: None,
            date_end: None,
            qualifier: None,
            approx: false,
            role: None,
            per: None,
            subject: None,
            rule,
        }
    }
}

/// What extraction needs to know besides the text.
#[derive(Debug, Clone, Default)]
pub struct ExtractContext {
    /// The document's fiscal year (April–March, named by its starting year), when known:
    /// months without a year take their year from it.
    pub fiscal_year: Option<i32>,
}

/// Extracts every mention from normalized text, in document order, non-overlapping.
///
/// The steps, each a module with its rules as data:
///
/// 1. only lines holding a digit, 年 or a kanji numeral are looked at (a cheap pre-filter);
/// 2. [`date`]: dates (eras, abbreviations, lists, ranges, parts, fiscal words);
/// 3. [`quantity`]: counts ([`count`]), percentages ([`percent`]) and money ([`money`]);
/// 4. [`table`]: bare numbers under a 年度 or a `(千円)` column;
/// 5. overlaps are resolved (the earlier, then the longer mention wins);
/// 6. [`subject`]: what each count, percentage and amount is about.
///
/// `tokens` may be empty (extraction alone, as in the speed benchmark): counters then come
/// from [`count::COUNTERS`] only and subjects from character classes.
pub fn extract(norm: &str, tokens: &[Token], ctx: &ExtractContext) -> Vec<Mention> {
    let mut found = Vec::new();
    let mut consumed = 0;
    let mut pos = 0;
    let mut date_buf = date::DateBuffers::new();
    while let Some(mark) = next_line_mark(norm, pos) {
        let start = norm[..mark].rfind('\n').map_or(0, |i| i + 1);
        let end = norm[mark..].find('\n').map_or(norm.len(), |i| mark + i);
        date::scan_line(norm, start..end, ctx.fiscal_year, &mut consumed, &mut found, &mut date_buf);
        quantity::scan_line(norm, start..end, tokens, &mut found);
        pos = end;
        if pos >= norm.len() {
            break;
        }
    }
    let cells = table::find_cells(norm);
    for cell in &cells {
        let text = &norm[cell.span.clone()];
        match cell.kind {
            table::ColumnKind::FiscalYear => {
                let bare = !text.is_empty() && text.len() <= 2 && text.bytes().all(|b| b.is_ascii_digit());
                let fy =
                    ctx.fiscal_year.and_then(|doc_fy| era::fiscal_year_in_document_era(text.parse().ok()?, doc_fy));
                if let (true, Some(fy)) = (bare, fy) {
                    found.push(date::table_fiscal_year(cell.span.clone(), fy));
                }
            }
            table::ColumnKind::Money(mult) => {
                let (inner, span) = match text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
                    Some(inner) => (inner, cell.span.start + 1..cell.span.end - 1),
                    None => (text, cell.span.clone()),
                };
                if TABLE_NUMBER.is_match(inner) {
                    let rule = intern(&format!("<{} column><number>", header_unit_name(mult)));
                    found.extend(quantity::table_money(span, inner, mult, rule));
                }
            }
            table::ColumnKind::Plain => {}
        }
    }
    let mut mentions = resolve_overlaps(found);
    subject::fill(norm, tokens, &mut mentions, &cells);
    mentions
}

fn header_unit_name(mult: f64) -> &'static str {
    money::HEADER_UNITS.iter().find(|(_, m)| *m == mult).map_or("(円)", |(u, _)| *u)
}

/// Lines worth scanning hold one of these: ASCII chars, or kanji (three bytes in UTF-8).
const LINE_MARKS: &str = "0123456789年二三四五六七八九十百";

/// [`LINE_MARKS`] as byte tables for [`next_line_mark`].
struct LineMarks {
    /// By a char's first byte: 1 for an ASCII mark, 2 for the first byte of a kanji mark.
    first: [u8; 256],
    /// By a char's third byte: 2 for the third byte of a kanji mark.
    third: [u8; 256],
    kanji: Vec<[u8; 3]>,
}

static LINE_MARK_TABLES: LazyLock<LineMarks> = LazyLock::new(|| {
    let mut marks = LineMarks { first: [0; 256], third: [0; 256], kanji: Vec::new() };
    for c in LINE_MARKS.chars() {
        let mut buf = [0; 4];
        match *c.encode_utf8(&mut buf).as_bytes() {
            [a] => marks.first[usize::from(a)] = 1,
            [a, b, c] => {
                marks.first[usize::from(a)] = 2;
                marks.third[usize::from(c)] = 2;
                marks.kanji.push([a, b, c]);
            }
            _ => panic!("line mark {c} is neither ASCII nor three bytes long"),
        }
    }
    marks
});

/// Where the next char of [`LINE_MARKS`] at or after `pos` starts. A byte loop that looks
/// closer only where the first and third bytes fit a mark: it reads the whole text, and runs
/// about twice as fast as a regex search for the same class.
fn next_line_mark(norm: &str, pos: usize) -> Option<usize> {
    let marks = &*LINE_MARK_TABLES;
    let bytes = norm.as_bytes();
    let mut i = pos;
    while i + 2 < bytes.len() {
        let first = marks.first[usize::from(bytes[i])];
        if first & (1 | marks.third[usize::from(bytes[i + 2])]) != 0
            && (first == 1 || marks.kanji.iter().any(|k| bytes[i..i + 3] == k[..]))
        {
            return Some(i);
        }
        i += 1;
    }
    // The last two bytes can only hold ASCII marks.
    (i..bytes.len()).find(|&j| marks.first[usize::from(bytes[j])] == 1)
}

/// A bare number filling a table cell.
static TABLE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^{}$", number::DIGITS)).expect("table number pattern compiles"));

/// Document order; of overlapping mentions the one starting first, then the longer, stays.
fn resolve_overlaps(found: Vec<Mention>) -> Vec<Mention> {
    // Sort keys, not the (large) mentions themselves.
    let mut order: Vec<(usize, std::cmp::Reverse<usize>, usize)> =
        found.iter().enumerate().map(|(i, m)| (m.norm_span.start, std::cmp::Reverse(m.norm_span.end), i)).collect();
    order.sort_unstable();
    let mut slots: Vec<Option<Mention>> = found.into_iter().map(Some).collect();
    let mut out: Vec<Mention> = Vec::with_capacity(slots.len());
    let mut last_end = 0;
    for (start, std::cmp::Reverse(end), i) in order {
        if start >= end || (!out.is_empty() && start < last_end) {
            continue;
        }
        if let Some(m) = slots.get_mut(i).and_then(Option::take) {
            last_end = end;
            out.push(m);
        }
    }
    out
}

/// The index of `re`'s group `name`, resolved once: looking a group up by name on every
/// match hashes the name each time.
pub(crate) fn group_index(re: &Regex, name: &str) -> usize {
    re.capture_names().position(|n| n == Some(name)).unwrap_or_else(|| panic!("pattern has a group named {name}"))
}

/// The groups of one match: capture locations over `hay`, which starts `offset` bytes into
/// the text; groups come out in the text's offsets.
pub(crate) struct Groups<'a> {
    pub hay: &'a str,
    pub locs: &'a CaptureLocations,
    pub offset: usize,
}

/// One matched group, in the text's offsets.
#[derive(Clone, Copy)]
pub(crate) struct Group<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

impl<'a> Groups<'a> {
    pub fn get(&self, group: usize) -> Option<Group<'a>> {
        let (s, e) = self.locs.get(group)?;
        Some(Group { start: s + self.offset, end: e + self.offset, text: self.hay.get(s..e)? })
    }

    pub fn text(&self, group: usize) -> Option<&'a str> {
        self.get(group).map(|g| g.text)
    }

    pub fn has(&self, group: usize) -> bool {
        self.locs.get(group).is_some()
    }
}

/// Rule names built from named parts (`<era><year>.<month>` + `月` + `頃`) are interned, so
/// that [`Mention::rule`] stays a `&'static str`. There are finitely many combinations.
///
/// Each thread keeps the names it has seen, so that only a new name takes the shared lock.
pub(crate) fn intern(name: &str) -> &'static str {
    thread_local! {
        static SEEN: RefCell<HashSet<&'static str>> = RefCell::new(HashSet::new());
    }
    SEEN.with_borrow_mut(|seen| {
        if let Some(n) = seen.get(name) {
            return *n;
        }
        let n = intern_shared(name);
        seen.insert(n);
        n
    })
}

fn intern_shared(name: &str) -> &'static str {
    static NAMES: LazyLock<Mutex<HashSet<&'static str>>> = LazyLock::new(|| Mutex::new(HashSet::new()));
    let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(n) = names.get(name) {
        return n;
    }
    let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
    names.insert(leaked);
    leaked
}

/// The document's fiscal year by the spec's rule: the fiscal year containing the first as-of
/// date (…時点 / …現在); failing that, the first explicit 年度 in the first five non-empty
/// lines; failing that, none.
pub fn document_fiscal_year(norm: &str) -> Option<i32> {
    // Only lines that say 時点 or 現在 can hold an as-of date: scan those, in order, and stop
    // at the first (the whole document is not date-scanned twice).
    let mut buf = date::DateBuffers::new();
    let mut start = 0;
    for line in norm.split('\n') {
        let range = start..start + line.len();
        start += line.len() + 1;
        if !(line.contains("時点") || line.contains("現在")) {
            continue;
        }
        let mut dates = Vec::new();
        let mut consumed = range.start;
        date::scan_line(norm, range, None, &mut consumed, &mut dates, &mut buf);
        if let Some(fy) = dates.iter().filter(|m| m.role == Some("as_of")).find_map(date::fiscal_year_of) {
            return Some(fy);
        }
    }
    // Failing that: the first explicit 年度 in the first five non-empty lines.
    let mut dates = Vec::new();
    let mut consumed = 0;
    let mut start = 0;
    let mut non_empty = 0;
    for line in norm.split('\n') {
        let range = start..start + line.len();
        start += line.len() + 1;
        if line.trim().is_empty() {
            continue;
        }
        date::scan_line(norm, range, None, &mut consumed, &mut dates, &mut buf);
        non_empty += 1;
        if non_empty == 5 {
            break;
        }
    }
    dates
        .iter()
        .filter(|m| m.rule.starts_with("<era>") || m.rule.starts_with("<year>"))
        .find(|m| m.rule.contains("年度") && m.date.as_deref().is_some_and(|d| d.starts_with("FY")))
        .and_then(date::fiscal_year_of)
}

/// The fiscal year a date mention falls in (`2020-03-31` → 2019, `FY2018` → 2018).
pub fn fiscal_year_of(m: &Mention) -> Option<i32> {
    date::fiscal_year_of(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_marks_are_found_where_a_regex_finds_them() {
        let class = Regex::new(&format!("[{LINE_MARKS}]")).expect("class compiles");
        for text in
            ["", "a", "ab", "x5", "今年度", "ー年", "令和元年", "一千", "事業二件", "中止", "百", "𠮷九", "\n\t3"]
        {
            for pos in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
                let want = class.find_at(text, pos).map(|m| m.start());
                assert_eq!(next_line_mark(text, pos), want, "{text:?} from {pos}");
            }
        }
    }
}
