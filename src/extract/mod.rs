//! Stage 5: normalized text (+ tokens) → mentions of dates, counts, percentages and money,
//! per the extraction contract (`docs/extraction.md`).
//!
//! Mentions come out in normalized byte offsets; [`crate::span::SourceText`] turns them into
//! source spans and surfaces when records are written.
//!
//! The modules: [`chars`] (character classes), [`numeral`](crate::text::numeral) (the one numeral reader: digits,
//! separators, decimals, kanji, scale words, signs), [`era`](crate::text::era) (the era table), [`date`] (the
//! date rules and their combinators), [`quantity`] (counts, percentages and money, with the
//! data of [`count`], [`percent`] and [`money`]), [`table`] (table cells and unit captions)
//! and [`subject`] (what a figure is about).

pub mod account;
mod classes;
mod count;
mod date;
pub mod filters;
mod money;
pub(crate) use money::yen_multiplier;
mod percent;
mod quantity;
mod subject;
mod table;

pub use count::Qualifier;
pub use quantity::{UnitRule, UNIT_RULES};
pub use table::{typed_cells, CellKind, TypedCell};

use std::cell::RefCell;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::{LazyLock, Mutex};

use crate::fnv::BuildFnv;
use crate::text::chars;
use crate::tokenize::{KnownTokens, LineTokens, Token};

crate::vocabulary! {
    /// What a mention is.
    #[derive(PartialOrd, Ord)]
    pub enum MentionKind {
        Date => "date",
        Count => "count",
        Percent => "percent",
        Money => "money",
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
    /// Dates: the point or period, typed; its spec strings (`date`, `date_start`, `date_end`)
    /// are made where JSON is written.
    pub date: Option<DateValue>,
    /// One of 約 以上 以下 未満 超.
    pub qualifier: Option<Qualifier>,
    pub approx: bool,
    pub role: Option<MentionRole>,
    pub per: Option<String>,
    pub subject: Option<String>,
    /// Name of the rule that produced the mention.
    pub rule: &'static str,
    /// Dates: the fiscal year the date names (`令和2年度12月` → 2020) or falls in
    /// (`2020-03-31` → 2019).
    pub fiscal_year: Option<i32>,
}

crate::vocabulary! {
    /// What a mention does besides stating a value.
    pub enum MentionRole {
        /// The date a report is as of (`R2.3月末時点`).
        AsOf => "as_of",
    }
}

pub use crate::text::calendar::{When, Ymd};

/// A date mention's value: a point (`from == to`), a period from `from` to `to`, or a period
/// open at one end (`../2019-03`, `2019-04/..`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateValue {
    pub from: When,
    pub to: When,
    pub open_start: bool,
    pub open_end: bool,
}

impl DateValue {
    /// A single point or period.
    pub fn at(w: When) -> DateValue {
        DateValue { from: w, to: w, open_start: false, open_end: false }
    }

    /// The spec's `date`: `2019-08`, `FY2019`, `2019-04/2020-03`, `../2019-03`.
    pub fn text(&self) -> String {
        let mut out = String::with_capacity(21);
        if self.open_start {
            out.push_str("../");
            self.to.write_to(&mut out);
        } else if self.open_end {
            self.from.write_to(&mut out);
            out.push_str("/..");
        } else if self.from == self.to {
            self.from.write_to(&mut out);
        } else {
            self.from.write_to(&mut out);
            out.push('/');
            self.to.write_to(&mut out);
        }
        out
    }

    /// The first calendar day covered (none for an open start or an unknown year).
    pub fn first_day(&self) -> Option<Ymd> {
        if self.open_start {
            None
        } else {
            self.from.first_day()
        }
    }

    /// The last calendar day covered (none for an open end or an unknown year).
    pub fn last_day(&self) -> Option<Ymd> {
        if self.open_end {
            None
        } else {
            self.to.last_day()
        }
    }
}

/// `YYYY-MM-DD`.
pub fn day_text(day: Ymd) -> String {
    crate::text::calendar::ymd_str(day)
}

impl Mention {
    /// The spec's `date`, `date_start`, `date_end` strings.
    pub fn date_text(&self) -> Option<String> {
        self.date.map(|d| d.text())
    }

    pub fn date_start_text(&self) -> Option<String> {
        self.date.and_then(|d| d.first_day()).map(day_text)
    }

    pub fn date_end_text(&self) -> Option<String> {
        self.date.and_then(|d| d.last_day()).map(day_text)
    }

    /// A mention of `kind` over `norm_span` by `rule`, every optional field empty.
    pub fn new(kind: MentionKind, norm_span: Range<usize>, rule: &'static str) -> Mention {
        Mention {
            kind,
            norm_span,
            value: None,
            value_max: None,
            unit: None,
            date: None,
            qualifier: None,
            approx: false,
            role: None,
            per: None,
            subject: None,
            rule,
            fiscal_year: None,
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
/// 1. only lines holding a digit, 年 or a kanji numeral are looked at (a cheap pre-filter),
///    and URLs on them are masked;
/// 2. [`date`]: dates (eras, abbreviations, dual notation, lists, ranges, parts, fiscal words);
/// 3. [`quantity`]: counts ([`count`]), percentages ([`percent`]) and money ([`money`]);
/// 4. [`table`]: bare numbers under a 年度 or a `(千円)` column, or below a unit caption;
/// 5. overlaps are resolved (the earlier, then the longer mention wins);
/// 6. [`subject`]: what each count, percentage and amount is about.
///
/// `tokens` may be empty (extraction alone, as in the speed benchmark): the figures found are
/// the same; only subjects then come from character classes instead of tokens.
pub fn extract(norm: &str, tokens: &[Token], ctx: &ExtractContext) -> Vec<Mention> {
    let mut figures = figures(norm, ctx);
    figures.label_subjects(norm);
    figures.with_subjects_from(norm, tokens)
}

/// The figures of a text before their subjects are read (steps 1–5 of [`extract`]): the
/// pipeline reads the subjects that need no tokens ([`Figures::label_subjects`]), tokenizes
/// only the text around the figures still without one, then reads theirs.
pub struct Figures {
    mentions: Vec<Mention>,
    cells: Vec<table::Cell>,
    /// The counts, percentages and amounts without a subject after the first half (indices).
    open: Vec<usize>,
}

impl Figures {
    /// Step 6, first half: the subjects read without tokens (a table column's header, the
    /// label before a colon). The counts, percentages and amounts left without one are those
    /// the second half reads (the subject of a date is never read).
    pub fn label_subjects(&mut self, norm: &str) {
        self.open = subject::fill_labels(norm, &mut self.mentions, &self.cells);
    }

    /// Where each figure still without a subject after [`Figures::label_subjects`] starts.
    pub fn open_starts(&self) -> impl Iterator<Item = usize> + '_ {
        self.open.iter().map(|&i| self.mentions[i].norm_span.start)
    }

    /// Step 6, second half: the mentions with their subjects, the phrases read from the tokens
    /// of the sentences around each figure (lindera's sentences: see [`LineTokens`]), and of
    /// the rest of the look-up window for the few whose reading goes further. The subjects are
    /// those the tokens of every line would give.
    pub fn with_subjects(mut self, norm: &str, tokens: &mut LineTokens) -> Vec<Mention> {
        tokens.sentences_at(subject::phrase_offsets(norm, &self.mentions, &self.open));
        let mut open = std::mem::take(&mut self.open);
        for round in 0..3 {
            let again = subject::fill_phrases(norm, &tokens.known(), &mut self.mentions, &open);
            if again.is_empty() {
                break;
            }
            // The look-up window's tokens are all a reading looks at, so a second round ends
            // it; were a reading to ask again, its whole line settles it (a third round).
            debug_assert!(round == 0, "the look-up window's tokens are all a phrase reads");
            if round == 0 {
                tokens.spans_at(again.iter().map(|(_, stretch)| stretch.clone()));
            } else {
                tokens.lines_at(again.iter().map(|(_, stretch)| stretch.start));
            }
            open = again.into_iter().map(|(i, _)| i).collect();
        }
        self.mentions
    }

    /// [`Figures::with_subjects`] from the tokens of the whole text (or none: subjects from
    /// character classes). [`Figures::label_subjects`] comes first.
    pub fn with_subjects_from(mut self, norm: &str, tokens: &[Token]) -> Vec<Mention> {
        subject::fill_phrases(norm, &KnownTokens::whole(tokens), &mut self.mentions, &self.open);
        self.mentions
    }
}

/// Steps 1–5 of [`extract`]: every figure, without subjects.
pub fn figures(norm: &str, ctx: &ExtractContext) -> Figures {
    // The lines first, then the tables: finding the tables first (their cells are many small
    // allocations) made the line scan about 12% slower in the extraction benchmark.
    let found = line_figures(norm, ctx);
    let tables = crate::layout::find_tables(norm, &crate::text::split_lines(norm));
    table_figures(norm, &tables, ctx, found)
}

/// [`figures`] with the text's tables found once by the caller (the pipeline hands the same
/// tables to segmentation).
pub fn figures_in(norm: &str, tables: &[crate::layout::Table], ctx: &ExtractContext) -> Figures {
    table_figures(norm, tables, ctx, line_figures(norm, ctx))
}

/// Steps 1–3: the figures of the lines that hold a mark.
fn line_figures(norm: &str, ctx: &ExtractContext) -> Vec<Mention> {
    let mut found = Vec::new();
    let mut consumed = 0;
    let mut pos = 0;
    let mut date_buf = date::RuleBuffers::new();
    let mut masked = Vec::new();
    let mut dates = Vec::new();
    let mut row_unit = None;
    // A line is looked at only when it holds a mark (a digit, 年, a kanji numeral): no
    // mention is without one. Each scanner starts from the marks, looking back from them for
    // what may stand before one (an era, a sign, a currency). The marks are found a block of
    // whole lines at a time (small enough for its list of marks to stay in cache).
    let mut block = Vec::new();
    let mut block_end = 0;
    let mut k = 0;
    loop {
        if k == block.len() {
            if block_end >= norm.len() {
                break;
            }
            let start = block_end;
            let cut = chars::floor_boundary(norm, (start + MARK_BLOCK).min(norm.len()));
            let end = memchr::memchr(b'\n', &norm.as_bytes()[cut..]).map_or(norm.len(), |i| cut + i + 1);
            LINE_MARK_PLACES.places(&norm[start..end], &mut block);
            for m in &mut block {
                *m += start;
            }
            block_end = end;
            k = 0;
            continue;
        }
        let mark = block[k];
        let start = norm[pos..mark].rfind('\n').map_or(pos, |i| pos + i + 1);
        let end = memchr::memchr(b'\n', &norm.as_bytes()[mark..]).map_or(norm.len(), |i| mark + i);
        let line = start..end;
        if start > pos {
            row_unit = None; // a line without figures came between: no table row goes on
        }
        let k_end = k + block[k..].partition_point(|&m| m < end);
        let marks = &block[k..k_end];
        masked_spans(norm, line.clone(), &mut masked);
        let first_date = found.len();
        date::scan_line(norm, line.clone(), marks, ctx.fiscal_year, &mut consumed, &masked, &mut found, &mut date_buf);
        dates.clear();
        dates.extend(found[first_date..].iter().map(|m| m.norm_span.clone()));
        quantity::scan_line(norm, line, marks, &masked, &dates, &mut row_unit, &mut found);
        pos = end + 1;
        k = k_end;
    }
    found
}

/// Steps 4–5: the bare figures of tables, then overlaps resolved.
fn table_figures(norm: &str, tables: &[crate::layout::Table], ctx: &ExtractContext, found: Vec<Mention>) -> Figures {
    let mut found = within_cells(norm, tables, found, ctx);
    // A bare year in a 年度 column is a year of the document's era; with no fiscal year of its
    // own, the document's first date written with an era tells which.
    let era_year = ctx.fiscal_year.or_else(|| {
        found.iter().filter(|m| m.kind == MentionKind::Date && m.rule.starts_with("<era>")).find_map(|m| m.fiscal_year)
    });
    let (from_cells, cells) = table::table_mentions(norm, tables, era_year);
    found.extend(from_cells);
    for (span, mult) in table::caption_cells(norm, tables).into_iter().chain(table::inline_header_cells(norm, tables)) {
        let rule = || intern(&format!("<caption {}><number>", table::header_unit_name(mult)));
        found.extend(quantity::table_money(span.clone(), &norm[span], mult, rule));
    }
    Figures { mentions: resolve_overlaps(found), cells, open: Vec::new() }
}

/// Figures read across the cells of a flattened table (`36,369 人 -14,451 人` read as a range,
/// where the export left two cells apart by a space) are read again, each cell on its own: a
/// figure never spans two cells.
fn within_cells(
    norm: &str,
    tables: &[crate::layout::Table],
    found: Vec<Mention>,
    ctx: &ExtractContext,
) -> Vec<Mention> {
    let mut cells: Vec<Range<usize>> = tables
        .iter()
        .filter(|t| t.shape.is_flattened())
        .flat_map(|t| t.rows.iter().flatten().map(|c| c.norm_span.clone()))
        .filter(|r| r.start < r.end)
        .collect();
    if cells.is_empty() {
        return found;
    }
    cells.sort_by_key(|r| r.start);
    let crosses = |m: &Mention| {
        let i = cells.partition_point(|c| c.end <= m.norm_span.start);
        let c = cells.get(i)?;
        // Starts in cell `i` (or before it) and ends past it, into another cell.
        let past = m.norm_span.end > c.end && cells.get(i + 1).is_some_and(|n| n.start < m.norm_span.end);
        past.then_some(i)
    };
    let mut out = Vec::with_capacity(found.len());
    let mut reread: Vec<usize> = Vec::new();
    for m in found {
        match crosses(&m) {
            Some(i) => {
                let mut j = i;
                while cells.get(j).is_some_and(|c| c.start < m.norm_span.end) {
                    reread.push(j);
                    j += 1;
                }
            }
            None => out.push(m),
        }
    }
    reread.sort_unstable();
    reread.dedup();
    // What another figure already holds of a cell stays as it is: the kept figures' spans,
    // sorted, are looked up by binary search (a scan per cell is quadratic on a long line).
    let kept = crate::text::positions::Reach::new(out.iter().map(|m| m.norm_span.clone()));
    // Among the spans starting before the cell's end, the furthest end reaches into it.
    let overlaps = |cell: &Range<usize>| kept.reaches(cell.end, cell.start);
    let mut marks = Vec::new();
    let mut buf = date::RuleBuffers::new();
    for i in reread {
        let cell = cells[i].clone();
        // What another figure already holds of this cell stays as it is.
        if overlaps(&cell) {
            continue;
        }
        marks_of(norm, cell.clone(), &mut marks);
        let mut got = Vec::new();
        let mut consumed = cell.start;
        date::scan_line(norm, cell.clone(), &marks, ctx.fiscal_year, &mut consumed, &[], &mut got, &mut buf);
        quantity::scan_line(norm, cell.clone(), &marks, &[], &[], &mut None, &mut got);
        out.extend(got.into_iter().filter(|m| cell.start <= m.norm_span.start && m.norm_span.end <= cell.end));
    }
    out
}

/// The places of the chars of [`LINE_MARKS`] in `part` (a line from its first mark on), in
/// order, into `out` (cleared first).
pub(crate) fn marks_of(norm: &str, part: Range<usize>, out: &mut Vec<usize>) {
    out.clear();
    let mut p = part.start;
    while let Some(i) = LINE_MARK_SET.find(norm, p, part.end) {
        out.push(i);
        p = i + chars::at(norm, i).map_or(1, char::len_utf8);
    }
}

/// Phone and fax numbers (`06-6941-0351`, `0742(55)1234`) and postal codes (`〒540-8570`)
/// in `text`: digit groups joined by `-` or bracketed, read by hand at each `-` or `(` (a
/// regex search fired at every `0` of every figure). Calls `found` with each byte range.
fn contact_numbers(text: &str, mut found: impl FnMut(Range<usize>)) {
    let b = text.as_bytes();
    let digits_from = |i: usize| b[i.min(b.len())..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut from = 0;
    while let Some(k) = memchr::memchr2(b'-', b'(', &b[from..]) {
        let sep = from + k;
        from = sep + 1;
        // The first group: digits before the separator, starting with 0 (phone) or after 〒.
        let first_len = b[..sep].iter().rev().take_while(|c| c.is_ascii_digit()).count();
        let start = sep - first_len;
        let postal = text[..start].trim_end_matches(' ').ends_with('〒');
        let second = digits_from(sep + 1);
        let ok = if postal {
            first_len == 3 && second == 4 && b[sep] == b'-'
        } else {
            let close = if b[sep] == b'(' { b')' } else { b'-' };
            let third_at = sep + 1 + second;
            (2..=5).contains(&first_len)
                && b[start] == b'0'
                && (1..=4).contains(&second)
                && b.get(third_at) == Some(&close)
                && (3..=4).contains(&digits_from(third_at + 1))
        };
        if !ok || b.get(start.wrapping_sub(1)).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        let end = if postal { sep + 1 + second } else { sep + 2 + second + digits_from(sep + 2 + second) };
        if b.get(end).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        let start = if postal { text[..start].trim_end_matches(' ').len() - '〒'.len_utf8() } else { start };
        found(start..end);
        from = end;
    }
}

/// The byte ranges on a line where no figure or date is read, into `out` (cleared first),
/// sorted and disjoint for [`is_masked`]: URLs (`https://…`, `www.…`), phone and fax numbers,
/// postal codes.
pub(crate) fn masked_spans(norm: &str, line: Range<usize>, out: &mut Vec<Range<usize>>) {
    find_masked(norm, line, out);
    // Contact numbers were found before URLs, and may overlap them: one sorted union.
    out.sort_unstable_by_key(|r| r.start);
    let mut merged = 0;
    for k in 0..out.len() {
        if merged > 0 && out[k].start <= out[merged - 1].end {
            out[merged - 1].end = out[merged - 1].end.max(out[k].end);
        } else {
            out[merged] = out[k].clone();
            merged += 1;
        }
    }
    out.truncate(merged);
}

/// Whether `at` lies in one of `masked` (sorted and disjoint, from [`masked_spans`]).
pub(crate) fn is_masked(masked: &[Range<usize>], at: usize) -> bool {
    let i = masked.partition_point(|r| r.end <= at);
    masked.get(i).is_some_and(|r| r.start <= at)
}

/// `www.`, searched on every line that holds a mark: one prepared finder.
static WWW: LazyLock<memchr::memmem::Finder<'static>> = LazyLock::new(|| memchr::memmem::Finder::new(b"www."));

fn find_masked(norm: &str, line: Range<usize>, out: &mut Vec<Range<usize>>) {
    out.clear();
    let text = &norm[line.clone()];
    let bytes = text.as_bytes();
    // Contact numbers hold `-` or `(`; URLs hold `/` or `www.`: most lines hold none of these.
    let contact = memchr::memchr2(b'-', b'(', bytes).is_some();
    let url =
        memchr::memchr(b'/', bytes).is_some() || (memchr::memchr(b'w', bytes).is_some() && WWW.find(bytes).is_some());
    if contact {
        contact_numbers(text, |r| out.push(line.start + r.start..line.start + r.end));
    }
    if !url {
        return;
    }
    // One automaton for the three starts: each search stops at the next URL, so a line of
    // many URLs is read once (searching each pattern from every URL again is quadratic).
    static URL_STARTS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(["http://", "https://", "www."])
            .expect("URL starts compile")
    });
    let mut from = 0;
    while let Some(found) = URL_STARTS.find(&text[from..]) {
        let start = from + found.start();
        let len = text[start..]
            .find(|c: char| !(c.is_ascii_graphic()) || matches!(c, '(' | ')' | '<' | '>' | '"'))
            .unwrap_or(text.len() - start);
        out.push(line.start + start..line.start + start + len.max(1));
        from = start + len.max(1);
    }
}

/// Lines worth scanning hold one of these. A sign or currency mark is always followed by a
/// digit, which marks the line; a fiscal word holds 年; a season may be a date of its own
/// (`秋以降`).
const LINE_MARKS: &str = concat!("0123456789年", crate::kanji_digits!(), "十百千零数", "春夏秋冬");

pub(crate) static LINE_MARK_SET: LazyLock<chars::CharFinder> = LazyLock::new(|| chars::CharFinder::new(LINE_MARKS));

/// Bytes of text whose marks [`line_figures`] finds at once (then up to the line's end).
const MARK_BLOCK: usize = 32 * 1024;

/// The same set, for finding every mark of a block of text at once.
static LINE_MARK_PLACES: LazyLock<chars::PlaceFinder> = LazyLock::new(|| chars::PlaceFinder::new(LINE_MARKS));

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

/// Rule names built from named parts (`<era><year>.<month>` + `月` + `頃`) are interned, so
/// that [`Mention::rule`] stays a `&'static str`. There are finitely many combinations.
///
/// Each thread keeps the names it has seen, so that only a new name takes the shared lock.
pub(crate) fn intern(name: &str) -> &'static str {
    thread_local! {
        static SEEN: RefCell<HashSet<&'static str, BuildFnv>> =
            const { RefCell::new(HashSet::with_hasher(BuildFnv::new())) };
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

/// How many non-empty lines at the top a reader takes as the title.
const TITLE_LINES: usize = 5;

/// The document's fiscal year (the contract's rule, `docs/extraction.md`): the fiscal year
/// containing the first as-of date (…時点 / …現在); failing that, the first date written
/// with 年度 in the title lines (the first five non-empty lines: `令和4年度 第2回 …審議会
/// 議事録`, `令和3年度9月補正予算`). Page stamps (`更新日`, `掲載日`) are not the document's
/// dates. A date without 年度 in the title (`2025年11月改訂版`, a meeting's day) dates an
/// edition or an event, not the fiscal year the text reports on: it is not used.
pub fn document_fiscal_year(norm: &str) -> Option<i32> {
    // Only lines that say 時点 or 現在 can hold an as-of date: scan those, in order, and stop
    // at the first (the whole document is not date-scanned twice).
    // Those lines are found from the words, each searched once over the whole text by a
    // `memmem` finder (whose prefilter looks for a pair of the word's bytes at their distance;
    // single bytes, as an automaton's prefilter uses, are shared by every kanji).
    static AS_OF_WORDS: LazyLock<[memchr::memmem::Finder<'static>; 2]> =
        LazyLock::new(|| ["時点", "現在"].map(|w| memchr::memmem::Finder::new(w.as_bytes())));
    let bytes = norm.as_bytes();
    let mut hits: Vec<usize> = AS_OF_WORDS.iter().flat_map(|f| f.find_iter(bytes)).collect();
    hits.sort_unstable();
    let mut buf = date::RuleBuffers::new();
    let mut starts = Vec::new();
    let mut line_end = 0;
    for at in hits {
        if at < line_end {
            continue; // a line already read
        }
        let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(norm.len(), |i| at + i);
        let range = line_start..line_end;
        let line = &norm[range.clone()];
        if crate::text::lexicon::holds_page_stamp(line) {
            continue;
        }
        let mut dates = Vec::new();
        let mut consumed = range.start;
        marks_of(norm, range.clone(), &mut starts);
        date::scan_line(norm, range, &starts, None, &mut consumed, &[], &mut dates, &mut buf);
        if let Some(fy) = dates.iter().filter(|m| m.role == Some(MentionRole::AsOf)).find_map(|m| m.fiscal_year) {
            return Some(fy);
        }
    }
    let mut dates = Vec::new();
    let mut consumed = 0;
    let mut start = 0;
    let mut non_empty = 0;
    for line in norm.split('\n') {
        let range = start..start + line.len();
        start += line.len() + 1;
        if line.trim().is_empty() || crate::text::lexicon::holds_page_stamp(line) {
            continue;
        }
        consumed = consumed.max(range.start);
        marks_of(norm, range.clone(), &mut starts);
        date::scan_line(norm, range, &starts, None, &mut consumed, &[], &mut dates, &mut buf);
        non_empty += 1;
        if non_empty == TITLE_LINES {
            break;
        }
    }
    let written_with_year =
        |m: &&Mention| m.rule.starts_with("<era>") || m.rule.starts_with("<year>") || m.rule.starts_with("西暦");
    dates.iter().filter(written_with_year).find(|m| m.rule.contains("年度")).and_then(|m| m.fiscal_year)
}

/// The fiscal year a date mention names or falls in (`2020-03-31` → 2019, `FY2018` → 2018).
pub fn fiscal_year_of(m: &Mention) -> Option<i32> {
    m.fiscal_year
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_figures_without_a_label_ask_for_tokens() {
        // A colon's label and a column header are read without tokens; a figure with
        // neither needs its line's tokens for the phrase before it, and a date needs none.
        let text = "参加企業:12社\n令和2年4月に相談窓口で45件を受け付けた\n区分\t件数\n相談\t7件\n";
        let mut figures = figures(text, &ExtractContext::default());
        figures.label_subjects(text);
        let opened: Vec<&str> = figures.open_starts().map(|o| &text[o..o + text[o..].find('件').unwrap()]).collect();
        assert_eq!(opened, ["45"]);
        let mentions = figures.with_subjects_from(text, &[]);
        let subject = |surface: &str| {
            mentions.iter().find(|m| &text[m.norm_span.clone()] == surface).and_then(|m| m.subject.clone())
        };
        assert_eq!(subject("12社").as_deref(), Some("参加企業"));
        assert_eq!(subject("7件").as_deref(), Some("件数"));
        assert!(subject("45件").is_some());
    }

    #[test]
    fn contact_numbers_are_masked() {
        let spans = |t: &str| {
            let mut v = Vec::new();
            contact_numbers(t, |r| v.push(t[r].to_string()));
            v
        };
        assert_eq!(spans("TEL 06-6941-0351 まで"), ["06-6941-0351"]);
        assert_eq!(spans("電話 0742(55)1234"), ["0742(55)1234"]);
        assert_eq!(spans("〒540-8570 大阪市"), ["〒540-8570"]);
        assert_eq!(spans("〒 630-8501"), ["〒 630-8501"]);
        assert!(spans("1-2件、2023-4-1、(1)概要、30-40%").is_empty());
        assert!(spans("106-6941-0351").is_empty(), "not a phone number inside a longer run");
    }
}
