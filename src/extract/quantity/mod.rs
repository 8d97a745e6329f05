//! Counts, percentages and money: the grammar they share, read as rule records.
//!
//! ```text
//! [per] [約|およそ|概ね] [¥|$|€|£] figure [unit] [qualifier] [~ figure [unit] [qualifier]] [半] [/per]
//! ```
//!
//! `figure` is read by [`numeral::read`] (digits, separators, decimals, kanji, scale words,
//! a minus sign); `unit` decides the kind: one of the [`units::UNIT_RULES`] reads
//! it — a percent sign or 割 ([`percent`]), 円 or another currency ([`money`]), a counter of
//! the list or any other noun that counts ([`count`]). A range may repeat the unit (`5人~8人`)
//! and may be written high to low (`100%未満~90%`): its value is `[low, high]`. `48/91指標`
//! is 48 of 91 indicators: a count of 48.
//!
//! What the reader reads at a place is a [`Candidate`]; the named filters
//! ([`super::filters`]) judge it at each stage of the reading — the figure and its
//! neighbours, the word after it, the figure with its unit in its line — and the first that
//! fires rejects it by name. A mention's `rule` names what was read: the qualifier, the
//! figure's form (`<number>`, `<kanji-number>`), the range and the unit rule
//! (`約<number>~<number><counter>以上`).

pub(crate) mod candidate;
pub(crate) mod units;

use std::ops::Range;

pub(crate) use candidate::Candidate;
use units::{counter_on_next_line, read_unit};
pub(crate) use units::{Unit, UnitKind};
pub use units::{UnitRule, UNIT_RULES};

use super::count::{self, Qualifier, FREE_PREFIXES};
use super::filters::{self, Filter, Stage};
use super::{intern, money, percent, Mention, MentionKind};
use crate::text::chars::{self, is_kanji, is_katakana};
use crate::text::numeral::{self, Figure};
use crate::text::positions::Reach;

/// Why no quantity was read at a place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Rejection {
    /// No figure starts there.
    NoFigure,
    /// A named filter rejected it.
    Filtered(&'static Filter),
    /// A figure with no unit (nor one from its row).
    NoUnit,
    /// A figure and a unit this grammar does not read together (a range of 割).
    Unread,
}

/// A quantity read at one position.
struct Quantity {
    start: usize,
    end: usize,
    kind: MentionKind,
    value: f64,
    value_max: Option<f64>,
    unit: String,
    qualifier: Option<Qualifier>,
    per: Option<&'static str>,
    rule: String,
    /// The yen multiplier a cell of its own on the row gave (`千円 3,213`): it goes on to the
    /// rows below.
    row_unit: Option<f64>,
}

/// Where the quantity whose figure starts at `digit` starts: before it may stand a minus sign
/// (`▲`, `△`, `-`, `ー` after anything but katakana, `マイナス`, a space after a mark) and
/// before that a currency sign (`¥`, `$`, `€`, `£`).
fn start_before(norm: &str, digit: usize, line_start: usize) -> usize {
    let mut at = digit;
    let before = |p: usize| if p > line_start { chars::before(norm, p) } else { None };
    let mut p = at;
    if before(p) == Some(' ') && before(p - 1).is_some_and(|c| c == '▲' || c == '△') {
        p -= 1;
    }
    if let Some(c) = before(p).filter(|c| numeral::MINUS_SIGNS.contains(c)) {
        // `センター2か所`: the long-vowel mark of a katakana word is no minus sign.
        let long_vowel = c == 'ー' && before(p - c.len_utf8()).is_some_and(is_katakana);
        if !long_vowel {
            at = p - c.len_utf8();
        }
    } else if norm[line_start..p].ends_with("マイナス") {
        at = p - "マイナス".len();
    }
    let mut q = at;
    if before(q) == Some(' ') {
        q -= 1;
    }
    if let Some((s, _)) = before(q).and_then(|c| money::PREFIX_SIGNS.iter().find(|(s, _)| *s == c)) {
        at = q - s.len_utf8();
    }
    at
}

/// Scans one line of `norm` for counts, percentages and money, from the marks in `marks` (the
/// places of digits, kanji numerals and 年, in order), skipping `masked` ranges.
///
/// `row_unit` carries a yen unit from a table row that gives it as a cell (`人件費 千円 3,213`)
/// to the rows below it that give none (`間接人件費 335 242`): a unit cell merged over rows.
pub(crate) fn scan_line(
    norm: &str,
    line: Range<usize>,
    marks: &[usize],
    masked: &[Range<usize>],
    dates: &[Range<usize>],
    row_unit: &mut Option<f64>,
    out: &mut Vec<Mention>,
) {
    // (A unit carried from the rows above goes on only through rows of figures; with none
    // carried there is nothing to ask.)
    if row_unit.is_some() && !is_figures_row(&norm[line.clone()]) {
        *row_unit = None;
    }
    let carried = *row_unit;
    let chain = MinusChain::new(&norm[line.clone()], line.start);
    // A line of megabytes holds thousands of dates: each place costs one binary search.
    let dates = Reach::new(dates.iter().cloned());
    let mut pos = line.start;
    for &mark in marks {
        if mark < pos || !chars::at(norm, mark).is_some_and(|c| c.is_ascii_digit() || numeral::is_numeral_start(c)) {
            continue;
        }
        let start = start_before(norm, mark, pos.max(line.start));
        if crate::extract::is_masked(masked, start) {
            pos = mark + chars::at(norm, mark).map_or(1, char::len_utf8);
            continue;
        }
        // A figure starting inside a date read on this line (`31` of `平成31年度`) would lose
        // to the date, which starts first, when overlaps are resolved: it is not read.
        if dates.reaches(start, start) {
            pos = skip_figure(norm, mark, line.end);
            continue;
        }
        match quantity_at(norm, start, line.clone(), carried, &chain) {
            Ok(q) => {
                pos = q.end.max(mark + 1);
                if let Some(mult) = q.row_unit {
                    *row_unit = Some(mult);
                }
                let mut m = Mention::new(q.kind, q.start..q.end, intern(&q.rule));
                m.value = Some(q.value);
                m.value_max = q.value_max;
                m.unit = Some(q.unit);
                m.qualifier = q.qualifier;
                m.per = q.per.map(str::to_string);
                out.push(m);
            }
            Err(_) => pos = skip_figure(norm, mark, line.end),
        }
    }
}

/// Why the number at `run` (not part of any mention) is no figure: the filter that rejects
/// it, asking the reader as [`scan_line`] does and then the filters of figures with nothing
/// attached. `None` when no filter names it (or when the reader would read a quantity there
/// that another mention displaced).
pub(crate) fn explain(
    norm: &str,
    run: Range<usize>,
    line: Range<usize>,
    chain: &MinusChain<'_>,
) -> Option<&'static Filter> {
    let start = start_before(norm, run.start, line.start);
    match quantity_at(norm, start, line.clone(), None, chain) {
        Ok(_) => None,
        Err(Rejection::Filtered(f)) => Some(f),
        // A figure with no unit, or one read with a unit this grammar does not read with it
        // (a range of bare numbers, `2から4`).
        Err(Rejection::NoFigure) | Err(Rejection::NoUnit) | Err(Rejection::Unread) => {
            // A figure with nothing attached: its shape may say what it is. (A kanji numeral
            // or a figure's tail that the reader does not start at is read as digits here.)
            let figure = numeral::read(norm, run.start, line.end).or_else(|| bare_digits(norm, run.clone()))?;
            let c = Candidate { value_max: None, ..Candidate::new(norm, line, figure, run.start) };
            filters::first(Stage::Figure, &c).or_else(|| filters::first(Stage::Bare, &c))
        }
    }
}

/// The digits of `run` as a figure of their own (a run the numeral reader does not start,
/// such as `1.2.3`).
fn bare_digits(norm: &str, run: Range<usize>) -> Option<Figure> {
    let digits = norm.as_bytes()[run.clone()].iter().take_while(|b| b.is_ascii_digit()).count();
    let value = norm[run.start..run.start + digits].parse::<f64>().ok()?;
    Some(Figure {
        start: run.start,
        end: run.end,
        value,
        value_max: None,
        negative: false,
        kanji: false,
        last_scale: None,
        leading_digits: digits,
        decimal: false,
        grouped: false,
    })
}

/// Past the figure or char at `start`: a number's tail is never a number of its own (and
/// skipping whole runs keeps long digit runs linear).
fn skip_figure(norm: &str, start: usize, end: usize) -> usize {
    let bytes = norm.as_bytes();
    let mut p = start;
    while p < end && (bytes[p].is_ascii_digit() || bytes[p] == b',' || bytes[p] == b'.') {
        p += 1;
    }
    if p > start {
        return p;
    }
    start + chars::at(norm, start).map_or(1, char::len_utf8)
}

/// Rejects the candidate when a filter of `stage` fires on it.
fn judge(stage: Stage, c: &Candidate) -> Result<(), Rejection> {
    match filters::first(stage, c) {
        Some(f) => Err(Rejection::Filtered(f)),
        None => Ok(()),
    }
}

/// The unit after the figure `f` (spaces allowed before it), judged: a `<noun>` that a word
/// filter rejects is `Err` with that filter; one that names nothing a noun counts by (a long
/// phrase, a word cut by a line break) is none.
fn judged_unit<'a>(norm: &'a str, f: &Figure, limit: usize) -> Result<Option<Unit<'a>>, &'static Filter> {
    let Some(u) = read_unit(norm, f.end, limit, f) else { return Ok(None) };
    if u.kind != UnitKind::Noun {
        return Ok(Some(u));
    }
    if let Some(filter) = filters::word_filter(norm, u, f) {
        return Err(filter);
    }
    let n = u.text.chars().count();
    let short = if u.text.starts_with(is_katakana) {
        n <= count::GENERIC_KATAKANA_MAX
    } else {
        n <= count::GENERIC_KANJI_MAX && u.text.chars().all(is_kanji)
    };
    // A word cut by a line break (`事` / `業）`, `ポイン` / `ト`), or a katakana word that is
    // the start of a counter and no more (`ポイン` where the text ends), is no unit we can name.
    let cut = norm[u.end..].starts_with('\n')
        && chars::at(norm, u.end + 1).is_some_and(|c| is_kanji(c) || is_katakana(c))
        || (u.text.starts_with(is_katakana) && count::is_cut_counter(u.text));
    Ok((short && !cut).then_some(u))
}

/// The quantity whose figure (or currency sign) starts at `at`.
fn quantity_at(
    norm: &str,
    at: usize,
    line: Range<usize>,
    carried_unit: Option<f64>,
    chain: &MinusChain<'_>,
) -> Result<Quantity, Rejection> {
    // A currency sign before the figure.
    let (sign_unit, figure_at) =
        match chars::at(norm, at).and_then(|c| money::PREFIX_SIGNS.iter().find(|(s, _)| *s == c)) {
            Some((s, u)) => {
                let p = at + s.len_utf8();
                (Some(*u), p + chars::spaces_at(norm, p).min(1))
            }
            None => (None, at),
        };
    // A minus glued to the figure before it, in a chain of amounts (`3-6,479千円-8,979千円`):
    // the numeral reader reads no sign after a digit, so the figure is read and negated.
    let in_chain = chain.holds(figure_at);
    let figure = if in_chain {
        let mut f = numeral::read(norm, figure_at + 1, line.end).ok_or(Rejection::NoFigure)?;
        f.value = -f.value;
        f.value_max = f.value_max.map(|v| -v);
        f.negative = true;
        f.start = figure_at;
        f
    } else {
        numeral::read(norm, figure_at, line.end).ok_or(Rejection::NoFigure)?
    };
    let mut c = Candidate { sign_unit, in_chain, ..Candidate::new(norm, line.clone(), figure, at) };
    // The unit is read first: a figure with none, and none to come from a range, a total, a
    // currency sign, its row or the next line, is no quantity, and no filter need judge it.
    let (mut unit1, mut word_reject) = match judged_unit(norm, &figure, line.end) {
        Ok(u) => (u, None),
        Err(f) => (None, Some(f)),
    };
    if unit1.is_none() && word_reject.is_none() && sign_unit.is_none() && carried_unit.is_none() {
        let p = figure.end + chars::spaces_at(norm, figure.end).min(1);
        let may_go_on = matches!(norm.as_bytes().get(p), Some(b'~' | b'-' | b'/' | b'\n'));
        if !may_go_on && row_unit_before(norm, at, line.start).is_none() {
            return Err(Rejection::NoUnit);
        }
    }
    judge(Stage::Figure, &c)?;
    let f1 = &figure;
    let mut rule = String::new();
    // `約 23%`: a space may stand between the qualifier and the figure.
    let gap = usize::from(norm[line.start..c.start].ends_with(' '));
    // The word lists are compared only where their last byte is the one before (most figures
    // have none of them before).
    let ends_with = |ahead: &str, w: &str| ahead.as_bytes().last() == w.as_bytes().last() && ahead.ends_with(w);
    if let Some((w, q)) = count::PRE_QUALIFIERS.iter().find(|(w, _)| ends_with(&norm[line.start..c.start - gap], w)) {
        let part_of_word = count::WORDS_ENDING_IN_YAKU.iter().any(|word| norm[..c.start - gap].ends_with(word));
        if !part_of_word {
            c.qualifier = Some(*q);
            c.start_at(c.start - w.len() - gap);
            rule.push_str(w);
        }
    }
    c.free_prefix = c.qualifier.is_some() || {
        let ahead = &norm[line.start..c.start];
        FREE_PREFIXES.iter().any(|p| ends_with(ahead, p))
    };
    // Glued to a katakana word (`プラン2030`) a figure is part of a name; after a kanji word it
    // may be one (`東京2020大会`: a year, caught below) or a count (`上記902測定対象`).
    c.glued_to_word = !c.free_prefix && chars::before(norm, c.start).is_some_and(is_katakana);

    // `48/91指標`: 48 of 91.
    if let Some(q) = of_total(norm, f1, c.start, line.end, c.qualifier, c.glued_to_word) {
        return Ok(q);
    }

    // A line break between the figure and its counter (`…の662万` / `人を上回る`): the
    // reading goes on on the next line.
    let mut line = line;
    if unit1.is_none() && word_reject.is_none() && sign_unit.is_none() {
        unit1 = counter_on_next_line(norm, line.start, f1);
        if let Some(u) = unit1 {
            line.end = memchr::memchr(b'\n', &norm.as_bytes()[u.end..]).map_or(norm.len(), |i| u.end + i);
            c.line = line.clone();
        }
    }
    if sign_unit.is_some() {
        unit1 = None;
        word_reject = None;
    }
    let mut end = unit1.map_or(f1.end, |u| u.end);
    // `55億円余`: 余 after 円 keeps the amount (it is no qualifier).
    if unit1.is_some_and(|u| matches!(u.kind, UnitKind::Yen(_))) && norm[end..line.end].starts_with('余') {
        end += '余'.len_utf8();
    }
    let mut value = f1.value;
    // 数十人: a span of its own.
    let mut value_max = f1.value_max;
    let mut mid_qualifier = None;
    if let Some(u) = unit1 {
        if let Some((w, q)) = post_qualifier(norm, u.end, line.end) {
            mid_qualifier = Some((w, q));
            end = u.end + w.len();
        }
    }
    // A range: `5~8人`, `5人~8人`, `100%未満~90%`, `100~200万円`.
    let mut unit = unit1;
    let mut range_rule = "";
    if let Some((f2, u2, range_end)) = range_second(norm, end, line.end, unit1, chain) {
        let mut low = f1.value;
        if unit1.is_none() && f1.last_scale.is_none() {
            if let Some(scale) = f2.last_scale {
                low *= scale; // 100~200万円: the low end shares the high end's scale word
            }
        }
        unit = unit.or(u2);
        if unit.is_some() {
            let (lo, hi) = if low <= f2.value { (low, f2.value) } else { (f2.value, low) };
            value = lo;
            value_max = Some(hi);
            end = range_end;
            range_rule = if low <= f2.value { "~<number>" } else { "~<number> (high to low)" };
        }
    }
    // An open range: `4人~` (4 or more), `~6人` (up to 6).
    let mut open_range = None;
    if unit1.is_some() && range_rule.is_empty() && mid_qualifier.is_none() {
        let after = norm.get(end..line.end).unwrap_or("");
        if after.starts_with('~')
            && !after[1..].trim_start().starts_with(|ch: char| ch.is_ascii_digit() || numeral::is_numeral_start(ch))
        {
            end += 1;
            open_range = Some(("~", Qualifier::AtLeast));
        } else if chars::before(norm, c.start) == Some('~')
            && chars::before(norm, c.start - 1).is_none_or(|ch| !(ch.is_ascii_alphanumeric() || is_katakana(ch)))
        {
            c.start_at(c.start - 1);
            open_range = Some(("~", Qualifier::AtMost));
        }
    }
    let mut from_row_unit = None;
    let no_unit = || word_reject.map_or(Rejection::NoUnit, Rejection::Filtered);
    let unit_kind = match (sign_unit, unit) {
        (Some(u), _) => UnitKind::Currency(u),
        (None, Some(u)) => u.kind,
        // `人件費 千円 3,213 2,495`: a row of a flattened table whose unit stands as a cell of
        // its own before its figures.
        (None, None) => match row_unit_before(norm, c.start, line.start) {
            Some(mult) if value_max.is_none() => {
                from_row_unit = Some(mult);
                UnitKind::Yen(mult)
            }
            _ => match carried_unit {
                Some(mult) if value_max.is_none() && !f1.decimal => UnitKind::Yen(mult),
                _ => return Err(no_unit()),
            },
        },
    };
    c.unit = unit;
    c.unit_kind = Some(unit_kind);
    c.end = end;
    c.value_max = value_max;
    judge(Stage::Context, &c)?;
    let unit_text = c.unit_text();
    let mut start = c.start;
    let qualifier_before = c.qualifier;
    rule.push_str(if f1.kanji { "<kanji-number>" } else { "<number>" });
    rule.push_str(range_rule);
    let (kind, unit_out, unit_rule) = match unit_kind {
        UnitKind::Percent => (MentionKind::Percent, "%".to_string(), "%"),
        UnitKind::Wari => {
            if value_max.is_some() {
                return Err(Rejection::Unread);
            }
            let (v, used) = percent::wari_value(value, norm.get(end..line.end).unwrap_or(""));
            value = v;
            end += used;
            (MentionKind::Percent, "%".to_string(), if used > 0 { "割<number>分…" } else { "割" })
        }
        UnitKind::Yen(mult) => {
            value *= mult;
            value_max = value_max.map(|v| v * mult);
            (MentionKind::Money, money::YEN.to_string(), if mult == 1.0 { "円" } else { "<scale>円" })
        }
        UnitKind::Currency(u) => {
            if let Some(s) = sign_unit {
                rule.insert_str(0, "<currency sign>");
                (MentionKind::Money, s.to_string(), "")
            } else {
                (MentionKind::Money, u.to_string(), "<currency>")
            }
        }
        UnitKind::Counter | UnitKind::Noun => {
            (MentionKind::Count, unit_text.to_string(), unit.map_or("<counter>", |u| u.rule))
        }
    };
    rule.push_str(unit_rule);
    let mut qualifier = qualifier_before;
    if kind == MentionKind::Count && norm.get(end..line.end).is_some_and(|r| r.starts_with('半')) {
        value += 0.5;
        value_max = value_max.map(|v| v + 0.5);
        end += '半'.len_utf8();
        rule.push('半');
    }
    if let Some((w, q)) = post_qualifier(norm, end, line.end).filter(|_| open_range.is_none()) {
        qualifier = Some(q);
        end += w.len();
        rule.push_str(w);
    } else if let Some((mark, q)) = open_range {
        qualifier = Some(q);
        if q == Qualifier::AtLeast {
            rule.push_str(mark);
        } else {
            rule.insert_str(0, mark);
        }
    } else if let Some((w, q)) = mid_qualifier {
        if value_max.is_none() {
            qualifier = Some(q);
            rule.push_str(w);
        }
    }
    let mut per = None;
    if kind == MentionKind::Count {
        if let Some(p) = norm
            .get(end..line.end)
            .and_then(|r| r.strip_prefix('/'))
            .and_then(|r| count::PER_UNITS.iter().find(|u| r.starts_with(**u)))
        {
            per = Some(*p);
            end += 1 + p.len();
            rule.push_str("/<per>");
        } else if let Some((w, p)) = per_prefix(norm, start, line.start) {
            per = Some(p);
            start -= w.len();
            rule.insert_str(0, w);
        }
    }
    Ok(Quantity { start, end, kind, value, value_max, unit: unit_out, qualifier, per, rule, row_unit: from_row_unit })
}

/// The `-` signs of a line's chain of amounts ([`minus_chain`]), read the first time a `-` is
/// asked about: most lines with figures have no `-` before any of them.
pub(crate) struct MinusChain<'a> {
    line: &'a str,
    base: usize,
    places: std::cell::OnceCell<Vec<usize>>,
}

impl<'a> MinusChain<'a> {
    /// The chain of `line`, which starts `base` bytes into the text.
    pub(crate) fn new(line: &'a str, base: usize) -> MinusChain<'a> {
        MinusChain { line, base, places: std::cell::OnceCell::new() }
    }

    /// Whether the char at `p` (an offset into the text) is a `-` between amounts of a chain.
    fn holds(&self, p: usize) -> bool {
        let dash = p.checked_sub(self.base).and_then(|i| self.line.as_bytes().get(i)) == Some(&b'-');
        dash && self.places.get_or_init(|| minus_chain(self.line, self.base)).binary_search(&p).is_ok()
    }
}

/// The places (offsets into the text, the line starting at `base`) of the `-` signs of `line`
/// that stand between amounts of a chain of three or more (`3-6,479千円-8,979千円`: a count and
/// two negative amounts, the columns of a flattened row), sorted. Such a `-` is a minus sign,
/// not a range mark, whatever stands before it.
pub(crate) fn minus_chain(line: &str, base: usize) -> Vec<usize> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    if memchr::memchr(b'-', b).is_none() {
        return out;
    }
    // A figure (digits, separators) with an optional unit word: the chain's links.
    let figure_end = |mut i: usize| -> Option<usize> {
        let s = i;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b',' || b[i] == b'.') {
            i += 1;
        }
        if i == s || !b[s].is_ascii_digit() {
            return None;
        }
        let rest = &line[i..];
        let unit =
            ["千万円", "百万円", "千円", "万円", "億円", "円", "人", "件", "%"].iter().find(|u| rest.starts_with(**u));
        Some(i + unit.map_or(0, |u| u.len()))
    };
    let mut i = 0;
    let mut links = Vec::new();
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && (b[i - 1].is_ascii_digit() || b[i - 1] == b',' || b[i - 1] == b'.')) {
            i += 1;
            continue;
        }
        links.clear();
        let mut at = i;
        while let Some(end) = figure_end(at) {
            links.push(end);
            if b.get(end) == Some(&b'-') && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
                at = end + 1;
            } else {
                break;
            }
        }
        if links.len() >= 3 {
            out.extend(links[..links.len() - 1].iter().map(|&e| base + e));
        }
        i = links.last().copied().unwrap_or(i + 1).max(i + 1);
    }
    out
}

/// True for a row of a flattened table: a label, then only bare figures apart by spaces
/// (`間接人件費 335 242`), or a unit cell among them (`人件費 千円 3,213`).
fn is_figures_row(line: &str) -> bool {
    // Most lines are one word (no space or tab): a label alone is no row.
    if memchr::memchr2(b' ', b'\t', line.as_bytes()).is_none() {
        return false;
    }
    // Words split on bytes: a space and a tab are ASCII, never inside another char.
    let mut words = line.as_bytes().split(|&b| b == b' ' || b == b'\t').filter(|w| !w.is_empty());
    let Some(label) = words.next() else { return false };
    let figure = |mut w: &[u8]| {
        while let Some(rest) = ["▲", "△", "-"].iter().find_map(|sign| w.strip_prefix(sign.as_bytes())) {
            w = rest;
        }
        w.iter().all(|b| b.is_ascii_digit() || *b == b',' || *b == b'.')
    };
    let mut any = false;
    for w in words {
        if figure(w) {
            any = true;
        } else if !money::YEN_SCALES.iter().any(|(u, _)| u.as_bytes() == w) && any {
            return false;
        }
    }
    any && !label.iter().any(u8::is_ascii_digit)
}

/// The yen multiplier of a unit standing as a cell of its own before the figure at `start`
/// on its line, with only figures and spaces between (`人件費 千円 3,213 2,495`).
fn row_unit_before(norm: &str, start: usize, line_start: usize) -> Option<f64> {
    let from = chars::ceil_boundary(norm, start.saturating_sub(64).max(line_start));
    let ahead = &norm[from..start];
    // Back over the figures and the spaces between them.
    let rest = ahead.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '\t' | '▲' | '△'));
    if rest.len() == ahead.len() {
        return None; // no space between the unit cell and the figure
    }
    let (word, mult) =
        money::YEN_SCALES.iter().map(|(w, m)| (*w, *m)).chain([(money::YEN, 1.0)]).find(|(w, _)| rest.ends_with(w))?;
    let before_word = &rest[..rest.len() - word.len()];
    (before_word.is_empty() || before_word.ends_with([' ', '\t'])).then_some(mult)
}

/// A qualifier written after a unit (`以上`, `未満`, `程度` …).
fn post_qualifier(norm: &str, pos: usize, limit: usize) -> Option<(&'static str, Qualifier)> {
    let rest = norm.get(pos..limit)?;
    count::POST_QUALIFIERS.iter().find(|(w, _)| rest.starts_with(w)).copied()
}

/// The second half of a range after `pos`: a range mark, a figure and its unit (which must be
/// the first one's when both are written). Returns the figure, its unit and the range's end.
fn range_second<'a>(
    norm: &'a str,
    pos: usize,
    limit: usize,
    unit1: Option<Unit<'a>>,
    chain: &MinusChain<'_>,
) -> Option<(Figure, Option<Unit<'a>>, usize)> {
    let mut p = pos + chars::spaces_at(norm, pos).min(1);
    let mark = chars::at(norm, p)?;
    if !matches!(mark, '~' | '-') {
        return None;
    }
    // A `-` glued to the digits after it is a minus sign, no range mark, when it follows a
    // space (`36,369 人 -14,451 人`), follows a figure that carries its unit (`6,479千円-8,979千円`)
    // or stands in a chain of amounts (`3-6,479千円-8,979千円`).
    if mark == '-' && norm.as_bytes().get(p + 1).is_some_and(u8::is_ascii_digit) {
        let after_space = p > pos;
        let after_unit = unit1.is_some() && p == pos;
        if after_space || after_unit || chain.holds(p) {
            return None;
        }
    }
    p += 1;
    p += chars::spaces_at(norm, p).min(1);
    // After a mark, `-` is not a sign: read the digits themselves.
    if !norm.as_bytes().get(p).is_some_and(u8::is_ascii_digit)
        && !chars::at(norm, p).is_some_and(chars::is_kanji_numeral)
    {
        return None;
    }
    let f2 = numeral::read(norm, p, limit)?;
    let u2 = judged_unit(norm, &f2, limit).ok().flatten();
    match (unit1, u2) {
        (Some(a), Some(b)) if a.kind != b.kind || a.text != b.text => return None,
        (None, None) => return None,
        _ => {}
    }
    // A qualifier after the range is read by the caller, past `end`.
    let end = u2.map_or(f2.end, |u| u.end);
    Some((f2, u2, end))
}

/// `48/91指標`: a figure, a slash, a total and a counter is a count of the first figure.
fn of_total(
    norm: &str,
    f1: &Figure,
    start: usize,
    limit: usize,
    qualifier: Option<Qualifier>,
    glued_to_word: bool,
) -> Option<Quantity> {
    if f1.kanji || glued_to_word || norm.as_bytes().get(f1.end) != Some(&b'/') {
        return None;
    }
    let f2 = numeral::read(norm, f1.end + 1, limit)?;
    if f2.kanji || f2.negative {
        return None;
    }
    let unit = judged_unit(norm, &f2, limit).ok().flatten()?;
    if !matches!(unit.kind, UnitKind::Counter | UnitKind::Noun) || f1.value > f2.value {
        return None;
    }
    Some(Quantity {
        start,
        end: unit.end,
        kind: MentionKind::Count,
        value: f1.value,
        value_max: None,
        unit: unit.text.to_string(),
        qualifier,
        per: None,
        rule: "<number>/<total><counter>".to_string(),
        row_unit: None,
    })
}

/// `年2回`, `年間8万件`: a rate prefix right before the number (not the 年 of a date).
fn per_prefix(norm: &str, start: usize, line_start: usize) -> Option<(&'static str, &'static str)> {
    let before = norm.get(line_start..start)?;
    let (w, p) = count::PER_PREFIXES.iter().find(|(w, _)| before.ends_with(w))?;
    let ahead = chars::before(norm, start - w.len());
    if ahead.is_some_and(|c| {
        c.is_ascii_digit()
            || chars::is_kanji_numeral(c)
            || c == '元'
            || c == '毎' && *w == "年"
            || c == '毎' && *w == "月"
    }) {
        return None;
    }
    // 今年, 昨年, 同年, 前年 … are dates, not rates.
    if (*w == "年" || *w == "月") && ahead.is_some_and(|c| "今昨同前翌来本当各".contains(c)) {
        return None;
    }
    Some((w, p))
}

/// A money mention for a bare number in a table column or block whose header or caption
/// carries the unit.
pub(crate) fn table_money(
    span: Range<usize>,
    text: &str,
    multiplier: f64,
    rule: impl FnOnce() -> &'static str,
) -> Option<Mention> {
    let f = numeral::read(text, 0, text.len())?;
    if f.end != text.len() || f.kanji {
        return None;
    }
    // The rule is named only for a cell that holds an amount (most cells do not).
    let mut m = Mention::new(MentionKind::Money, span, rule());
    m.value = Some(money::yen(f.value * multiplier));
    m.unit = Some(money::YEN.to_string());
    Some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(text: &str) -> Vec<usize> {
        let mut marks = Vec::new();
        crate::extract::marks_of(text, 0..text.len(), &mut marks);
        marks
    }

    fn scan(text: &str) -> Vec<(String, MentionKind, Option<f64>)> {
        let mut out = Vec::new();
        scan_line(text, 0..text.len(), &starts(text), &[], &[], &mut None, &mut out);
        out.into_iter().map(|m| (text[m.norm_span.clone()].to_string(), m.kind, m.value)).collect()
    }

    fn one(text: &str) -> (String, MentionKind, Option<f64>, Option<f64>, Option<String>) {
        let mut out = Vec::new();
        scan_line(text, 0..text.len(), &starts(text), &[], &[], &mut None, &mut out);
        assert_eq!(out.len(), 1, "{text}: {out:?}");
        let m = out.remove(0);
        (text[m.norm_span.clone()].to_string(), m.kind, m.value, m.value_max, m.unit)
    }

    /// The row test as first written, on chars: the byte version must agree with it.
    fn is_figures_row_by_chars(line: &str) -> bool {
        if !line.contains([' ', '\t']) {
            return false;
        }
        let mut words = line.split([' ', '\t']).filter(|w| !w.is_empty());
        let Some(label) = words.next() else { return false };
        let figure = |w: &str| {
            !w.is_empty()
                && w.trim_start_matches(['▲', '△', '-']).bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
        };
        let mut any = false;
        for w in words {
            if figure(w) {
                any = true;
            } else if !money::YEN_SCALES.iter().any(|(u, _)| *u == w) && any {
                return false;
            }
        }
        any && !label.bytes().any(|b| b.is_ascii_digit())
    }

    proptest::proptest! {
        #[test]
        fn figures_rows_are_told_on_bytes_as_on_chars(line in "[0-9,.▲△\\- \t千円万億人件費計a]{0,40}") {
            proptest::prop_assert_eq!(is_figures_row(&line), is_figures_row_by_chars(&line), "{:?}", line);
        }
    }

    #[test]
    fn a_place_is_in_a_date_after_its_start_and_before_its_end() {
        let dates = Reach::new([20..30, 2..10, 5..8]);
        let inside: Vec<usize> = (0..35).filter(|&p| dates.reaches(p, p)).collect();
        let want: Vec<usize> = (3..10).chain(21..30).collect();
        assert_eq!(inside, want);
        assert!(!Reach::new([]).reaches(5, 5));
    }

    #[test]
    fn figures_rows() {
        assert!(is_figures_row("事務費 120 340"));
        assert!(is_figures_row("委託料 千円 1,500 ▲250"));
        assert!(!is_figures_row("委託料"));
        assert!(!is_figures_row("第3表 10 20"));
        assert!(!is_figures_row("計 10 人 20"));
    }

    #[test]
    fn figures_inside_a_date_of_the_line_are_left_to_it() {
        // A span given as the line's date (here made up over `会員5人`) keeps the reader from
        // trying a figure that starts inside it; a figure after it is read as before.
        let text = "会員5人と職員3人";
        assert_eq!(scan_dates_as(text, &[]), ["5人", "3人"]);
        let date = 0.."会員5人".len();
        assert_eq!(scan_dates_as(text, std::slice::from_ref(&date)), ["3人"]);
        // A figure at the date's own start is still tried.
        let date = "会員".len().."会員5人".len();
        assert_eq!(scan_dates_as(text, std::slice::from_ref(&date)), ["5人", "3人"]);
    }

    fn scan_dates_as(text: &str, dates: &[Range<usize>]) -> Vec<String> {
        let mut out = Vec::new();
        scan_line(text, 0..text.len(), &starts(text), &[], dates, &mut None, &mut out);
        out.into_iter().map(|m| text[m.norm_span].to_string()).collect()
    }

    #[test]
    fn units_decide_the_kind() {
        assert_eq!(
            scan("5件500万円、96.8%"),
            vec![
                ("5件".to_string(), MentionKind::Count, Some(5.0)),
                ("500万円".to_string(), MentionKind::Money, Some(5e6)),
                ("96.8%".to_string(), MentionKind::Percent, Some(96.8)),
            ]
        );
    }

    #[test]
    fn any_counting_noun_is_a_unit() {
        assert_eq!(one("11法人が参加").4.as_deref(), Some("法人"));
        assert_eq!(one("全1,695事務事業を").4.as_deref(), Some("事務事業"));
        assert_eq!(one("は23道県で").4.as_deref(), Some("道県"));
        assert_eq!(one("10施設整備").4.as_deref(), Some("施設"));
        assert_eq!(one("12ポイント上昇").4.as_deref(), Some("ポイント"));
        assert_eq!(one("2 か所").4.as_deref(), Some("か所"));
    }

    #[test]
    fn money_with_every_scale() {
        assert_eq!(one("2兆1,009億71百万円").2, Some(2_100_971_000_000.0));
        assert_eq!(one("755,163百万円").2, Some(755_163_000_000.0));
        assert_eq!(one("115,972 千円").2, Some(115_972_000.0));
        assert_eq!(one("▲8億円").2, Some(-800_000_000.0));
        assert_eq!(one("¥1,500").2, Some(1500.0));
        assert_eq!(one("五百万円").2, Some(5_000_000.0));
    }

    #[test]
    fn ranges_low_to_high() {
        assert_eq!(one("5人~8人").2, Some(5.0));
        assert_eq!(one("5人~8人").3, Some(8.0));
        assert_eq!(one("100%未満~90%").2, Some(90.0));
        assert_eq!(one("100%未満~90%").3, Some(100.0));
        assert_eq!(one("18~16ポイント").3, Some(18.0));
        assert_eq!(one("100~200万円").2, Some(1e6));
    }

    #[test]
    fn not_quantities() {
        for t in [
            "G20",
            "第1回",
            "10本目",
            "(*10)",
            "(分科会 5.19)",
            "I0T",
            "4丁目",
            "5G",
            "H2O",
            "3分の2",
            "5階",
            "3年間",
            "東京2020大会",
            "プラン2030",
            "一部",
            "市内一円で",
            "06-6941-0351",
            "〒540-8570",
            "20KB",
            "(単位:百万円)",
            "千円",
            "第三者",
        ] {
            assert!(scan(t).is_empty(), "{t}: {:?}", scan(t));
        }
    }

    #[test]
    fn a_row_unit_goes_on_whatever_the_last_figure_of_its_row() {
        // A zero or a decimal ends the row that gives the unit: the rows below still take 千円
        // exactly (the multiplier is carried, not worked back out of a figure).
        let text = "委託料 千円 1,500 0\n需用費 25 30\n備品費 千円 1.1\n消耗品費 335\n";
        let got: Vec<(String, Option<f64>)> = crate::extract::extract(text, &[], &Default::default())
            .into_iter()
            .map(|m| (text[m.norm_span].to_string(), m.value))
            .collect();
        assert_eq!(
            got,
            vec![
                ("1,500".to_string(), Some(1_500_000.0)),
                ("0".to_string(), Some(0.0)),
                ("25".to_string(), Some(25_000.0)),
                ("30".to_string(), Some(30_000.0)),
                ("1.1".to_string(), Some(1_100.0)),
                ("335".to_string(), Some(335_000.0)),
            ]
        );
    }

    #[test]
    fn a_row_unit_goes_on_over_the_rows_below() {
        let text = "人件費 千円 3,213 2,495\n間接人件費 335 242\n財源\n事業数 12 14\n";
        let got: Vec<(String, f64)> = crate::extract::extract(text, &[], &Default::default())
            .into_iter()
            .map(|m| (text[m.norm_span].to_string(), m.value.unwrap_or(0.0)))
            .collect();
        assert_eq!(
            got,
            vec![
                ("3,213".to_string(), 3_213_000.0),
                ("2,495".to_string(), 2_495_000.0),
                ("335".to_string(), 335_000.0),
                ("242".to_string(), 242_000.0)
            ]
        );
    }

    #[test]
    fn of_a_total() {
        assert_eq!(one("48/91指標").2, Some(48.0));
        assert_eq!(one("48/91指標").0, "48/91指標");
    }

    #[test]
    fn kanji_counts() {
        assert_eq!(scan("の三者による"), vec![("三者".to_string(), MentionKind::Count, Some(3.0))]);
        assert_eq!(one("約十人").2, Some(10.0));
        assert!(scan("第三者").is_empty());
        assert!(scan("一体的").is_empty());
    }

    #[test]
    fn long_digit_runs_yield_no_figure_from_their_tails() {
        // A run glued to a letter is no figure, and none of its tails is one either; a comma
        // run with no unit is none. (Its speed is the linearity bench's to measure.)
        let text = format!("a{}件 {}", "1".repeat(200_000), "2,".repeat(100_000));
        assert!(scan(&text).is_empty());
    }
}
