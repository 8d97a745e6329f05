//! Dates: eras, abbreviations (`R1.8`, `H30.11.22`), Western years with any separator,
//! dual notation (`令和4(2022)年7月`), kanji numerals, month/day, fiscal words, parts of
//! periods, lists sharing an era, ranges with inheritance, open ends, as-of.
//!
//! - [`rules`]: the date atoms, each a rule record (name, pattern, production);
//! - [`words`]: the words that may follow an atom and change its value (parts, approximation,
//!   as-of, open ends, a weekday);
//! - [`When`]: the value type and how it is written;
//! - this module: the combinators. A range (`~`, `-`, `から` + an atom or a bare number, which
//!   inherits what it omits from the start: `R2.2~3`, `令和3~5年度`, `2023/4/3~6`), a list
//!   (`、` + a bare month continuing an era-dotted date, possibly across a line break) and an
//!   open end (`~` with nothing after it).
//!
//! A mention's `rule` is the atom's rule name followed by the names of the words and
//! combinators that applied, e.g. `<era><year>.<month>月末時点`.

mod rules;

mod words;

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

pub(crate) use self::rules::RuleBuffers;
use self::rules::{atom_at, Atom, AtomKind};
use self::words::{
    apply_part, match_part, match_str, parts_for, skip_weekday, APPROX, AS_OF, OPEN_END, OPEN_START, RANGE_MARKS,
};
use super::{intern, DateValue, Mention, MentionKind};
use crate::text::calendar::{valid_md, year_of_month_in_fy, When};
use crate::text::chars::{self, floor_boundary};
use crate::text::era;
use crate::text::numeral::DATE_NUMBER;

// ---------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------

/// The value of an atom. `base` is the start of a range this atom ends: a missing year is
/// inherited from it (rolling forward when the end would go backwards) instead of coming
/// from the document's fiscal year.
fn resolve(a: &Atom, fy: Option<i32>, base: Option<When>) -> When {
    if a.kind == AtomKind::ShortYear {
        let y = a.year.map(|yy| short_year(yy, fy));
        return match (a.month, a.day) {
            (Some(m), Some(d)) => When::Day(y, m, d),
            (Some(m), None) => When::Month(y, m),
            _ => When::Year(y),
        };
    }
    if let Some(off) = a.fy_offset {
        let y = fy.map(|y| y + off);
        return if a.calendar { When::Year(y) } else { When::Fy(y) };
    }
    let year = match (a.year, a.month) {
        (Some(y), Some(m)) if a.fiscal => year_of_month_in_fy(Some(y), m),
        (Some(y), _) => Some(y),
        (None, Some(m)) => match base {
            Some(b) => inherit_year(b, m, a.day),
            None => year_of_month_in_fy(fy, m),
        },
        (None, None) => None,
    };
    match (a.month, a.day) {
        (Some(m), Some(d)) => When::Day(year, m, d),
        (Some(m), None) => When::Month(year, m),
        _ if a.fiscal => When::Fy(year),
        _ => When::Year(year),
    }
}

/// The year of a two-digit year written without an era (`24年3月8日`). In a document whose
/// fiscal year is known, a year of its era, or of the era before when that would be in the
/// document's future (as the 年度 tables write years); with no fiscal year, a Western year as
/// POSIX `%y` reads it (00–68 → 20xx, 69–99 → 19xx).
pub(crate) fn short_year(yy: i32, fy: Option<i32>) -> i32 {
    match fy.and_then(|fy| era::fiscal_year_in_document_era(yy, fy + 1).filter(|&y| y <= fy + 1)) {
        Some(y) => y,
        None if yy <= 68 => 2000 + yy,
        None => 1900 + yy,
    }
}

/// The year of `month`/`day` written after `base` without a year: base's year, or the next
/// one when it would go backwards.
fn inherit_year(base: When, month: u32, day: Option<u32>) -> Option<i32> {
    match base {
        When::Month(y, bm) => y.map(|y| if month < bm { y + 1 } else { y }),
        When::Day(y, bm, bd) => y.map(|y| if (month, day.unwrap_or(bd)) < (bm, bd) { y + 1 } else { y }),
        When::Fy(y) => year_of_month_in_fy(y, month),
        When::Year(y) => y,
    }
}

// ---------------------------------------------------------------------------------------
// Items: an atom with what follows it
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Item {
    start: usize,
    end: usize,
    /// Where scanning resumes (past a まで that closes a range).
    resume: usize,
    rule: String,
    from: When,
    to: When,
    approx: bool,
    as_of: bool,
    open_start: bool,
    open_end: bool,
    /// The fiscal year the date names or falls in (a `年度` date's own, else its start's).
    fiscal_year: Option<i32>,
}

impl Item {
    fn into_mention(self) -> Mention {
        let mut m = Mention::new(MentionKind::Date, self.start..self.end, intern(&self.rule));
        m.date = Some(DateValue { from: self.from, to: self.to, open_start: self.open_start, open_end: self.open_end });
        m.approx = self.approx;
        m.role = self.as_of.then_some(super::MentionRole::AsOf);
        m.fiscal_year = self.fiscal_year;
        m
    }
}

/// What follows a value: a weekday, a part of the period, an approximation.
struct Tail {
    end: usize,
    from: When,
    to: When,
    approx: bool,
    open_start: bool,
    rule: String,
}

fn tail(norm: &str, pos: usize, w: When, bare_era: bool, inner_part: Option<words::Part>) -> Tail {
    let mut t = Tail { end: pos, from: w, to: w, approx: false, open_start: false, rule: String::new() };
    if matches!(w, When::Day(..)) {
        let after = skip_weekday(norm, t.end);
        if after != t.end {
            t.rule.push_str("(<weekday>)");
            t.end = after;
        }
    }
    let rest = norm.get(t.end..).unwrap_or("");
    let part = match inner_part {
        Some(p) => Some(p),
        None => match_part(rest, parts_for(w, bare_era)).map(|(word, p)| {
            t.rule.push_str(word);
            t.end += word.len();
            p
        }),
    };
    if let Some(p) = part {
        let base = if bare_era { When::Year(w.year()) } else { w };
        if let Some(a) = apply_part(base, p) {
            t.from = a.from;
            t.to = a.to;
            t.approx |= a.approx;
            t.open_start |= a.open_start;
        }
    }
    let rest = norm.get(t.end..).unwrap_or("");
    if let Some(word) = match_str(rest, APPROX) {
        t.approx = true;
        t.rule.push_str(word);
        t.end += word.len();
    }
    t
}

/// The end of a range, and whether it wrote its own year.
struct RangeEnd {
    tail: Tail,
    explicit_year: bool,
    /// The end is a fiscal year (`~5年度`): a bare era start takes that grain.
    fiscal: bool,
}

/// A range end with a year but no era (`~27年度`, `~31年3月`), inheriting the start's era.
static ERA_LESS_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?P<y>{})[ ]{{0,3}}年(?P<fy>度)?(?:[ ]{{0,3}}(?P<m>{DATE_NUMBER})[ ]{{0,3}}月(?:[ ]{{0,3}}(?P<d>{DATE_NUMBER})[ ]{{0,3}}日)?)?",
        era::YEAR_PATTERN
    ))
    .expect("range end pattern compiles")
});

/// The end of a range starting with `start` (value `base`) at `pos` (at a range mark), if one
/// is there.
fn range_end(
    norm: &str,
    pos: usize,
    limit: usize,
    start: &Atom,
    base: When,
    fy: Option<i32>,
    locs: &mut RuleBuffers,
) -> Option<RangeEnd> {
    let gap = chars::spaces_at(norm, pos);
    let rest = norm.get(pos + gap..limit)?;
    let mark = match_str(rest, RANGE_MARKS)?;
    let mut p = pos + gap + mark.len();
    p += chars::spaces_at(norm, p);
    // 翌年 / 同年 + a month: the next or the same year as the start; 翌 before a date with its
    // own year says nothing more (`翌2013年6月`).
    let next_year = norm.get(p..).is_some_and(|r| r.starts_with("翌年"));
    let same_year = norm.get(p..).is_some_and(|r| r.starts_with("同年"));
    let lead = if next_year || same_year { "翌年".len() } else { 0 };
    if lead == 0 && norm.get(p..).is_some_and(|r| r.starts_with('翌')) {
        p += '翌'.len_utf8();
    }
    let hay = norm.get(p + lead..limit)?;
    {
        if let Some(a) = atom_at(norm, hay, p + lead, locs) {
            let usable = !matches!(a.kind, AtomKind::FiscalWord | AtomKind::FiscalPart);
            if usable && (lead == 0 || (a.year.is_none() && a.month.is_some())) {
                let w = if lead > 0 {
                    let y = base.year().map(|y| if next_year { y + 1 } else { y });
                    match (a.month, a.day) {
                        (Some(m), Some(d)) => When::Day(y, m, d),
                        (Some(m), None) => When::Month(y, m),
                        _ => return None,
                    }
                } else {
                    resolve(&a, fy, Some(base))
                };
                let mut t = tail(norm, a.end, w, a.kind == AtomKind::EraBare, a.part);
                let lead_rule = if next_year {
                    "翌年"
                } else if same_year {
                    "同年"
                } else {
                    ""
                };
                t.rule = format!("{mark}{lead_rule}{}{}", a.rule, t.rule);
                let explicit_year = a.year.is_some() || lead > 0;
                return Some(RangeEnd { tail: t, explicit_year, fiscal: a.fiscal && a.month.is_none() });
            }
        }
    }
    if lead > 0 {
        return None;
    }
    // An era-less year after an era start: `令和3~5年度`, `平成18年度~27年度`, and after から
    // when まで closes the range (`平成18年度から22年度まで`).
    if let Some(caps) = ERA_LESS_END.captures(norm.get(p..limit)?) {
        if mark == "から" && !norm[p + caps.get(0)?.end()..].starts_with("まで") {
            return None;
        }
        let n = era::parse_year(caps.name("y")?.as_str())?;
        let start_year = base.year()?;
        let year = match start.era {
            Some(e) => e.offset + n,
            None => {
                let century = start_year - start_year.rem_euclid(100);
                let y = century + n;
                if y < start_year {
                    y + 100
                } else {
                    y
                }
            }
        };
        let fiscal = caps.name("fy").is_some();
        let num = |g: &str| caps.name(g).and_then(|m| crate::text::numeral::small_value(m.as_str()));
        let (m, d) = (num("m"), num("d"));
        if caps.name("m").is_some() && m.is_none() || caps.name("d").is_some() && d.is_none() {
            return None;
        }
        let w = match (m, d) {
            (Some(m), Some(d)) if valid_md(Some(year), m, Some(d)) => {
                When::Day(if fiscal { year_of_month_in_fy(Some(year), m) } else { Some(year) }, m, d)
            }
            (Some(m), None) if (1..=12).contains(&m) => {
                When::Month(if fiscal { year_of_month_in_fy(Some(year), m) } else { Some(year) }, m)
            }
            (None, _) if fiscal => When::Fy(Some(year)),
            (None, _) => When::Year(Some(year)),
            _ => return None,
        };
        let q = p + caps.get(0)?.end();
        let mut t = tail(norm, q, w, false, None);
        let unit = if fiscal { "<year>年度" } else { "<year>年" };
        t.rule = format!("{mark}{unit}{}", t.rule);
        return Some(RangeEnd { tail: t, explicit_year: true, fiscal: fiscal && m.is_none() });
    }
    if mark == "から" {
        return None;
    }
    // A bare day or month inheriting the rest from the start: `10/9~11`, `R2.2~3`; after a
    // bare era year, a bare year of its era (`H22~26`).
    let (n, mut q) = small_number(norm, p)?;
    let (w, unit_rule) = match base {
        When::Fy(_) | When::Year(_) if start.kind == AtomKind::EraBare => {
            let era = start.era?;
            let y = Some(era.offset + i32::try_from(n).ok()?);
            (if matches!(base, When::Fy(_)) { When::Fy(y) } else { When::Year(y) }, "<year>")
        }
        When::Day(y, m, d) => {
            if norm.get(q..).is_some_and(|r| r.starts_with('日')) {
                q += '日'.len_utf8();
            }
            let (y2, m2) = if n < d { roll_month(y, m) } else { (y, m) };
            if !valid_md(y2, m2, Some(n)) {
                return None;
            }
            (When::Day(y2, m2, n), "<day>")
        }
        When::Month(y, m) => {
            if norm.get(q..).is_some_and(|r| r.starts_with('月')) {
                q += '月'.len_utf8();
            }
            if !(1..=12).contains(&n) {
                return None;
            }
            (When::Month(y.map(|y| if n < m { y + 1 } else { y }), n), "<month>")
        }
        _ => return None,
    };
    if !bare_number_ends(norm.get(q..limit).unwrap_or("")) && !norm.get(q..).is_some_and(|r| r.starts_with('(')) {
        return None;
    }
    let fiscal = matches!(w, When::Fy(_));
    let mut t = tail(norm, q, w, false, None);
    t.rule = format!("{mark}{unit_rule}{}", t.rule);
    Some(RangeEnd { tail: t, explicit_year: false, fiscal })
}

fn roll_month(y: Option<i32>, m: u32) -> (Option<i32>, u32) {
    if m >= 12 {
        (y.map(|y| y + 1), 1)
    } else {
        (y, m + 1)
    }
}

/// True when a bare number (range end, list item) ends here.
fn bare_number_ends(rest: &str) -> bool {
    const ENDS: &[&str] = &[
        "、", ",", ")", "]", "」", "~", "-", " ", "\n", "\t", "。", "・", "頃", "ごろ", "末", "以降", "まで", "から",
        "上旬", "中旬", "下旬", "に", "の", "で", "を", "は", "時点", "現在",
    ];
    rest.is_empty() || ENDS.iter().any(|e| rest.starts_with(e))
}

/// Reads 1–2 ASCII digits at `pos`: (value, end).
fn small_number(norm: &str, pos: usize) -> Option<(u32, usize)> {
    let rest = norm.get(pos..)?;
    let len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 || len > 2 {
        return None;
    }
    Some((rest[..len].parse().ok()?, pos + len))
}

/// Builds the item starting with atom `a`.
fn build_item(norm: &str, a: &Atom, fy: Option<i32>, base: Option<When>, locs: &mut RuleBuffers) -> Item {
    // A date that ran onto the next line ends there: what follows it is on that line.
    let limit = item_limit(norm, a.end);
    let w = resolve(a, fy, base);
    let bare_era = a.kind == AtomKind::EraBare;
    let t = tail(norm, a.end, w, bare_era, a.part);
    let mut item = Item {
        start: a.start,
        end: t.end,
        resume: t.end,
        rule: [a.rule, t.rule.as_str()].concat(),
        from: t.from,
        to: t.to,
        approx: t.approx,
        as_of: false,
        open_start: t.open_start,
        open_end: false,
        fiscal_year: w.fiscal_year(),
    };
    // A `~` right before the atom, with nothing before it: `(~R5年度)` → up to R5年度.
    if chars::before(norm, a.start) == Some('~')
        && chars::before(norm, a.start - 1).is_none_or(|c| "( \t\n、".contains(c))
        && !item.open_start
    {
        item.start -= 1;
        item.open_start = true;
        item.rule = format!("~{}", item.rule);
    }
    let mut is_range = false;
    if !item.open_start {
        // A range whose end is its start (`平成29年3月 - 平成29年3月`, two cells of a row) is
        // two dates, not a range.
        let range = range_end(norm, item.end, limit, a, item.to, fy, locs)
            .filter(|e| !(e.explicit_year && e.tail.from == item.from && e.tail.to == item.to));
        if let Some(end) = range {
            let RangeEnd { tail: t, explicit_year, fiscal } = end;
            if bare_era && a.part.is_none() && item.from == item.to {
                // `令和3~5年度`: the start takes the end's grain.
                let y = item.from.year();
                item.from = if fiscal { When::Fy(y) } else { When::Year(y) };
                item.to = item.from;
            }
            let start_to = item.to;
            item.to = t.to;
            item.approx |= t.approx;
            item.rule.push_str(&t.rule);
            // Written high to low with both years given (`令和5年度~令和3年度`): low to high.
            if explicit_year {
                if let (Some(from), Some(to)) = (item.from.start_key(), t.from.start_key()) {
                    if to < from {
                        item.from = t.from;
                        item.to = start_to;
                        item.rule.push_str(" (high to low)");
                    }
                }
            }
            item.end = t.end;
            is_range = true;
        } else if norm.get(item.end..limit).is_some_and(|r| r.starts_with('~'))
            && !chars::at(norm, item.end + 1).is_some_and(|c| c.is_ascii_digit())
        {
            item.open_end = true;
            item.rule.push('~');
            item.end += 1;
        }
    }
    // The same date in another era's notation, in brackets, is part of it (`平成32年度(令和2年
    // 度)`, a dual notation ending a range).
    if let Some(end) = dual_in_brackets(norm, item.end, limit, item.to, fy, locs) {
        item.end = end;
        item.rule.push_str("(<era><year>)");
    }
    let rest = norm.get(item.end..limit).unwrap_or("");
    if let Some(word) = match_str(rest, AS_OF) {
        item.as_of = true;
        item.rule.push_str(word);
        item.end += word.len();
    }
    let rest = norm.get(item.end..limit).unwrap_or("");
    if !is_range && !item.open_end && !item.open_start {
        if let Some(word) = match_str(rest, OPEN_END) {
            item.open_end = true;
            item.rule.push_str(word);
            item.end += word.len();
        } else if let Some(word) = match_str(rest, OPEN_START) {
            item.open_start = true;
            item.rule.push_str(word);
            item.end += word.len();
        }
    }
    item.resume = item.end;
    if is_range && rest.starts_with("まで") {
        // A まで that only closes a range stays out of the surface.
        item.resume = item.end + "まで".len();
    }
    item
}

/// The end of `(<date>)` at `pos` when the date in brackets has the value `value` (the same
/// date written in another era).
fn dual_in_brackets(
    norm: &str,
    pos: usize,
    limit: usize,
    value: When,
    fy: Option<i32>,
    locs: &mut RuleBuffers,
) -> Option<usize> {
    let inner = pos + norm.get(pos..limit)?.strip_prefix('(').map(|_| 1)?;
    let a = atom_at(norm, norm.get(inner..limit)?, inner, locs)?;
    (a.era.is_some() && norm[a.end..].starts_with(')') && resolve(&a, fy, None) == value).then_some(a.end + 1)
}

/// The next item of a list that shares what its first item carries (`平成22年9月4日(土)・5日`,
/// `3日(土)、4日(日)`: a day of the same month; `平成22年・23`: a year of the same era), after
/// `pos`, the end of the item `prev` (value `value`).
fn shared_next(norm: &str, pos: usize, prev: &Atom, value: When) -> Option<Atom> {
    let rest = norm.get(pos..)?;
    let sep = ["・", "、"].iter().find(|s| rest.starts_with(**s))?;
    let p = pos + sep.len() + chars::spaces_at(norm, pos + sep.len());
    let (n, q) = small_number(norm, p)?;
    let after = norm.get(q..).unwrap_or("");
    match value {
        When::Day(y, m, d) if after.starts_with('日') && n > d && valid_md(y, m, Some(n)) => {
            let mut a = Atom::new(p, q + '日'.len_utf8(), AtomKind::Dated, "<date>・<day>日");
            a.year = y;
            a.month = Some(m);
            a.day = Some(n);
            Some(a)
        }
        When::Year(Some(y)) if prev.kind == AtomKind::Dated && prev.month.is_none() => {
            // A bare year of the same era, later than the first, that is no figure of its own.
            let era = prev.era?;
            let year = era.offset + i32::try_from(n).ok()?;
            let own_unit = after.starts_with(|c: char| c.is_ascii_digit() || "年月日度.%,".contains(c));
            (year > y && !own_unit && *sep == "・").then(|| {
                let mut a = Atom::new(p, q, AtomKind::Dated, "<era><year>年・<year>");
                a.year = Some(year);
                a.era = Some(era);
                a
            })
        }
        _ => None,
    }
}

/// `N~M月` at `pos` (two months, the start without its 月, `~` between): (N, M, the end
/// past 月).
fn month_range(norm: &str, pos: usize, limit: usize) -> Option<(u32, u32, usize)> {
    let (n, e) = small_number(norm, pos)?;
    let p = e + chars::spaces_at(norm, e);
    let rest = norm.get(p..limit)?;
    let mark = ['~', '〜'].into_iter().find(|&c| rest.starts_with(c))?;
    let q = p + mark.len_utf8();
    let q = q + chars::spaces_at(norm, q);
    let (m, e2) = small_number(norm, q)?;
    let valid = |x: u32| (1..=12).contains(&x);
    (valid(n) && valid(m) && n != m && norm.get(e2..limit)?.starts_with('月')).then_some((n, m, e2 + '月'.len_utf8()))
}

/// The mention of a range of months over `span` (with a 頃 or ごろ after it: approximate).
fn month_range_mention(norm: &str, mut span: Range<usize>, from: When, to: When) -> Mention {
    let rest = norm.get(span.end..).unwrap_or("");
    let approx = ["頃", "ごろ"].iter().find(|w| rest.starts_with(**w));
    if let Some(w) = approx {
        span.end += w.len();
    }
    let mut m = Mention::new(MentionKind::Date, span, "<month>~<month>月");
    m.date = Some(DateValue { from, to, open_start: false, open_end: false });
    m.approx = approx.is_some();
    m.fiscal_year = from.fiscal_year();
    m
}

/// Months listed across `・` after a year, the last with 月 (`4・5月`, `10・11・12月`), rising:
/// each span (the last with its 月) with its month. `None` unless two or more close with 月.
fn month_list(norm: &str, pos: usize, limit: usize) -> Option<Vec<(Range<usize>, u32)>> {
    let mut items = Vec::new();
    let mut p = pos;
    let mut last = 0;
    loop {
        let (n, e) = small_number(norm, p)?;
        let month = Some(n).filter(|m| (1..=12).contains(m) && *m > last)?;
        last = month;
        let rest = norm.get(e..limit)?;
        if rest.starts_with('月') {
            items.push((p..e + '月'.len_utf8(), month));
            return (items.len() >= 2).then_some(items);
        }
        rest.strip_prefix('・')?;
        items.push((p..e, month));
        p = e + '・'.len_utf8();
    }
}

/// The items after a list's first: each span with its year.
type YearItems = Vec<(Range<usize>, i32)>;

/// A list of era years sharing the era of the first and the grain of the last
/// (`平成18・22・26年度`, `H26・27年度`): the items after the first (`22`, `26年度`), each with
/// its value; the first takes the grain returned.
fn era_year_list(norm: &str, first: &Atom, limit: usize) -> Option<(bool, YearItems)> {
    let era = first.era?;
    let mut items = Vec::new();
    let mut p = first.end;
    let mut last_year = first.year?;
    loop {
        let rest = norm.get(p..limit)?;
        rest.strip_prefix('・')?;
        let q = p + '・'.len_utf8();
        let (n, e) = small_number(norm, q)?;
        let year = era.offset + i32::try_from(n).ok()?;
        if year <= last_year {
            return None;
        }
        last_year = year;
        let after = &norm[e..limit];
        if let Some(fiscal) =
            after.strip_prefix("年度").map(|_| true).or_else(|| after.strip_prefix('年').map(|_| false))
        {
            let end = e + if fiscal { "年度".len() } else { "年".len() };
            items.push((q..end, year));
            return Some((fiscal, items));
        }
        items.push((q..e, year));
        p = e;
    }
}

/// The next item of a list after `pos`: `、` + a bare month, continuing `prev`'s era year
/// (rolling into the next year when the month goes down). May cross one line break.
fn list_next(norm: &str, pos: usize, prev: When) -> Option<Atom> {
    let rest = norm.get(pos..)?;
    let sep = if rest.starts_with('、') {
        '、'.len_utf8()
    } else if rest.starts_with(',') {
        1
    } else {
        return None;
    };
    let mut p = pos + sep;
    let mut newlines = 0;
    while let Some(c) = chars::at(norm, p) {
        match c {
            ' ' | '\t' => p += 1,
            '\n' if newlines == 0 => {
                newlines += 1;
                p += 1;
            }
            _ => break,
        }
    }
    let (n, mut q) = small_number(norm, p)?;
    if !(1..=12).contains(&n) {
        return None;
    }
    let after = norm.get(q..).unwrap_or("");
    if !bare_number_ends(after) && !after.starts_with('月') {
        return None;
    }
    if after.starts_with('月') {
        q += '月'.len_utf8();
    }
    let (y, m) = match prev {
        When::Month(y, m) | When::Day(y, m, _) => (y?, m),
        _ => return None,
    };
    let mut a = Atom::new(p, q, AtomKind::ListMonth, "<era><year>.<month>、<month>");
    a.year = Some(if n < m { y + 1 } else { y });
    a.month = Some(n);
    Some(a)
}

/// End of the line holding `pos` (and of the next one, which a date may continue on),
/// looking at most [`ITEM_WINDOW`] bytes ahead: a date item is short, and the bound keeps
/// scanning linear on a line of megabytes.
fn item_limit(norm: &str, pos: usize) -> usize {
    let hi = floor_boundary(norm, pos.saturating_add(ITEM_WINDOW));
    norm.get(pos..hi).and_then(|r| r.find('\n')).map_or(hi, |i| pos + i)
}

const ITEM_WINDOW: usize = 512;

/// How far a date atom may reach (`令和 4 (2022) 年 7 月 1 日` is 40 bytes).
const ATOM_WINDOW: usize = 160;

/// How far past its line a date may continue (`平成27年` at a line's end, `3月末現在` on the next).
const NEXT_LINE_WINDOW: usize = 48;

/// Where to search again after a rejected match at `start`: past a whole digit run, so that
/// a long run of digits is not searched once per digit.
fn skip_rejected(norm: &str, start: usize) -> usize {
    let bytes = norm.as_bytes();
    if bytes.get(start).is_some_and(u8::is_ascii_digit) {
        let mut p = start;
        while bytes.get(p).is_some_and(u8::is_ascii_digit) {
            p += 1;
        }
        return p;
    }
    start + chars::at(norm, start).map_or(1, char::len_utf8)
}

/// Scans one line (`line` is a byte range of `norm` without its `\n`) for dates, from the
/// marks in `marks` (the places of digits, kanji numerals and 年, in order), no earlier than
/// `*consumed` (a list or a date may have continued into this line), skipping `masked` ranges
/// (URLs), and appends them to `out`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn scan_line(
    norm: &str,
    line: Range<usize>,
    marks: &[usize],
    fy: Option<i32>,
    consumed: &mut usize,
    masked: &[Range<usize>],
    out: &mut Vec<Mention>,
    buf: &mut RuleBuffers,
) {
    // A date may run onto the next line by a few bytes (`平成27年` / `3月末現在`).
    let hay_end = floor_boundary(norm, line.end + 1 + NEXT_LINE_WINDOW);
    let hay_end = norm
        .as_bytes()
        .get(line.end + 1..hay_end)
        .and_then(|r| memchr::memchr(b'\n', r))
        .map_or(hay_end, |i| line.end + 1 + i);
    let Some(hay) = norm.get(..hay_end.max(line.end)) else { return };
    // On a whole line (not a cell's part of one), a list or range from a place on it reaches
    // at most to the line's end: [`item_limit`] without its search for the `\n`.
    let whole_line = norm.as_bytes().get(line.end).is_none_or(|&b| b == b'\n')
        && memchr::memchr(b'\n', &norm.as_bytes()[line.clone()]).is_none();
    let limit_on_line = |p: usize| {
        if whole_line && p <= line.end {
            line.end.min(floor_boundary(norm, p.saturating_add(ITEM_WINDOW)))
        } else {
            item_limit(norm, p)
        }
    };
    let mut pos = line.start.max(*consumed);
    for &mark in marks {
        if mark < pos {
            continue;
        }
        // Rules are tried, anchored, where a date can start: at a mark, or before it where an
        // era, 西暦 or a fiscal word's first char stands (the first place where one matches is
        // where an unanchored search would find it). Each try reads a short window: a date is
        // short, and the bound keeps a line of megabytes linear.
        let before = rules::start_before(norm, mark, pos);
        let mut found_atom = None;
        for start in [before, mark] {
            if start < pos || (start == mark && before == mark && found_atom.is_some()) {
                continue;
            }
            if crate::extract::is_masked(masked, start) {
                continue;
            }
            let window_end = floor_boundary(hay, start + ATOM_WINDOW);
            if let Some(a) = atom_at(norm, &hay[start..window_end], start, buf) {
                found_atom = Some(a);
                break;
            }
            if before == mark {
                break;
            }
        }
        let Some(first) = found_atom else {
            // `9~10月`: a range of months whose start takes the 月 of its end (and the year
            // the document's fiscal year gives the end).
            let free = chars::before(norm, mark)
                .is_none_or(|b| !(b.is_ascii_alphanumeric() || matches!(b, '.' | ',' | '/' | '-' | '~' | '年' | '第')));
            if let Some((n, m, end)) = free.then(|| month_range(norm, mark, limit_on_line(mark))).flatten() {
                let mut end_atom = Atom::new(mark, end, AtomKind::MonthDay, "<month>~<month>月");
                end_atom.month = Some(m);
                if let When::Month(year, _) = resolve(&end_atom, fy, None) {
                    let from_year = if n > m { year.map(|y| y - 1) } else { year };
                    out.push(month_range_mention(norm, mark..end, When::Month(from_year, n), When::Month(year, m)));
                    pos = out.last().map_or(end, |m| m.norm_span.end);
                    *consumed = (*consumed).max(pos);
                    continue;
                }
            }
            pos = skip_rejected(norm, mark);
            continue;
        };
        // `平成18・22・26年度`: every item takes the era of the first and the grain of the last.
        if first.kind == AtomKind::EraBare {
            if let Some((fiscal, rest)) = era_year_list(norm, &first, limit_on_line(first.end)) {
                let when = |y: i32| if fiscal { When::Fy(Some(y)) } else { When::Year(Some(y)) };
                let mut items = vec![(first.start..first.end, first.year.unwrap_or_default())];
                items.extend(rest);
                for (span, year) in items {
                    let mut m = Mention::new(MentionKind::Date, span.clone(), "<era><year>・<year>年度");
                    if !fiscal {
                        m.rule = "<era><year>・<year>年";
                    }
                    m.date = Some(DateValue::at(when(year)));
                    m.fiscal_year = when(year).fiscal_year();
                    out.push(m);
                    pos = span.end;
                }
                *consumed = (*consumed).max(pos);
                continue;
            }
            // A named era's bare year is read only as a range's or a list's start.
            let lettered = norm[first.start..].starts_with(|c: char| c.is_ascii_alphabetic());
            if !lettered && norm[first.end..].starts_with('・') {
                pos = skip_rejected(norm, mark);
                continue;
            }
        }
        // `令和5年9~10月`: a range of months whose start takes the year before it and the 月 of
        // its end.
        if first.kind == AtomKind::Dated && first.month.is_none() && norm[..first.end].ends_with('年') {
            if let Some((n, m, end)) = month_range(norm, first.end, limit_on_line(first.end)) {
                let year = first.year;
                let to_year = if m < n { year.map(|y| y + 1) } else { year };
                out.push(month_range_mention(norm, first.start..end, When::Month(year, n), When::Month(to_year, m)));
                pos = out.last().map_or(end, |m| m.norm_span.end);
                *consumed = (*consumed).max(pos);
                continue;
            }
        }
        // `平成28年4・5月`: months that share the year before them and the 月 of the last.
        if first.kind == AtomKind::Dated && first.month.is_none() && norm[..first.end].ends_with('年') {
            if let Some(months) = month_list(norm, first.end, limit_on_line(first.end)) {
                let year = first.year;
                for (k, (span, month)) in months.into_iter().enumerate() {
                    let span = if k == 0 { first.start..span.end } else { span };
                    let mut m = Mention::new(MentionKind::Date, span.clone(), "<era><year>年<month>・<month>月");
                    m.date = Some(DateValue::at(When::Month(year, month)));
                    m.fiscal_year = When::Month(year, month).fiscal_year();
                    out.push(m);
                    pos = span.end;
                }
                *consumed = (*consumed).max(pos);
                continue;
            }
        }
        let mut atom = first;
        loop {
            let item = build_item(norm, &atom, fy, None, buf);
            let (resume, to) = (item.resume, item.to);
            out.push(item.into_mention());
            pos = resume.max(atom.end);
            let listable = matches!(atom.kind, AtomKind::EraDotted | AtomKind::ListMonth) && atom.day.is_none();
            let next = if listable { list_next(norm, resume, to) } else { shared_next(norm, resume, &atom, to) };
            match next {
                Some(next) => atom = next,
                None => break,
            }
        }
        *consumed = (*consumed).max(pos);
    }
}

/// A fiscal-year mention for a bare year in a 年度 table column.
pub(crate) fn table_fiscal_year(span: Range<usize>, fy: i32) -> Mention {
    let w = When::Fy(Some(fy));
    let mut m = Mention::new(MentionKind::Date, span, "<年度 column><year>");
    m.date = Some(DateValue::at(w));
    m.fiscal_year = Some(fy);
    m
}

/// All date mentions of `norm` with fiscal year `fy`, without the line pre-filter.
#[cfg(test)]
pub(crate) fn scan_text(norm: &str, fy: Option<i32>) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut consumed = 0;
    let mut start = 0;
    let mut buf = RuleBuffers::new();
    let mut marks = Vec::new();
    for line in norm.split('\n') {
        crate::extract::marks_of(norm, start..start + line.len(), &mut marks);
        scan_line(norm, start..start + line.len(), &marks, fy, &mut consumed, &[], &mut out, &mut buf);
        start += line.len() + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str, fy: Option<i32>) -> Vec<(String, String)> {
        scan_text(text, fy)
            .into_iter()
            .map(|m| (text[m.norm_span.clone()].to_string(), m.date_text().unwrap_or_default()))
            .collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn era_dotted_and_lists() {
        assert_eq!(
            dates("(R1.7、9、11)", Some(2019)),
            pairs(&[("R1.7", "2019-07"), ("9", "2019-09"), ("11", "2019-11")])
        );
        assert_eq!(
            dates("(H30.5、7、H31.1)", Some(2018)),
            pairs(&[("H30.5", "2018-05"), ("7", "2018-07"), ("H31.1", "2019-01")])
        );
        assert_eq!(dates("(H30.11、1)", None), pairs(&[("H30.11", "2018-11"), ("1", "2019-01")]));
    }

    #[test]
    fn list_continues_across_a_line_break() {
        assert_eq!(
            dates("会議の実施(H30.6、8、\n10、12)", Some(2018)),
            pairs(&[("H30.6", "2018-06"), ("8", "2018-08"), ("10", "2018-10"), ("12", "2018-12")])
        );
    }

    #[test]
    fn ranges_inherit_and_roll_over() {
        assert_eq!(dates("R2.2~3", None), pairs(&[("R2.2~3", "2020-02/2020-03")]));
        assert_eq!(dates("10/9~11", Some(2019)), pairs(&[("10/9~11", "2019-10-09/2019-10-11")]));
        assert_eq!(dates("H30.11~ H31.1", None), pairs(&[("H30.11~ H31.1", "2018-11/2019-01")]));
        assert_eq!(dates("4月~3月", Some(2019)), pairs(&[("4月~3月", "2019-04/2020-03")]));
        assert_eq!(dates("10/30~2", Some(2019)), pairs(&[("10/30~2", "2019-10-30/2019-11-02")]));
    }

    #[test]
    fn ranges_sharing_the_era_or_the_year() {
        assert_eq!(dates("令和3~5年度", None), pairs(&[("令和3~5年度", "FY2021/FY2023")]));
        assert_eq!(dates("平成18年度~27年度", None), pairs(&[("平成18年度~27年度", "FY2006/FY2015")]));
        assert_eq!(dates("平成30年度~令和2年度", None), pairs(&[("平成30年度~令和2年度", "FY2018/FY2020")]));
        assert_eq!(dates("2023/4/3~6", None), pairs(&[("2023/4/3~6", "2023-04-03/2023-04-06")]));
        assert_eq!(dates("H25~H30", None), pairs(&[("H25~H30", "FY2013/FY2018")]));
        assert_eq!(dates("令和5年度~令和3年度", None), pairs(&[("令和5年度~令和3年度", "FY2021/FY2023")]));
    }

    #[test]
    fn dual_notation_is_one_date() {
        assert_eq!(dates("令和4(2022)年7月", None), pairs(&[("令和4(2022)年7月", "2022-07")]));
        assert_eq!(dates("2019(令和元)年10月から", None), pairs(&[("2019(令和元)年10月から", "2019-10/..")]));
        assert_eq!(dates("平成31(2019)年度", None), pairs(&[("平成31(2019)年度", "FY2019")]));
        let m = &scan_text("令和4(2021)年", None)[0];
        assert_eq!(m.date_text().as_deref(), Some("2022"));
        assert!(m.rule.contains("disagree"), "{}", m.rule);
    }

    #[test]
    fn spaces_kanji_and_line_breaks_inside() {
        assert_eq!(dates("令和 4 年 7 月 1 日", None), pairs(&[("令和 4 年 7 月 1 日", "2022-07-01")]));
        assert_eq!(dates("令和四年七月一日", None), pairs(&[("令和四年七月一日", "2022-07-01")]));
        assert_eq!(dates("平成三十年度", None), pairs(&[("平成三十年度", "FY2018")]));
        assert_eq!(dates("二〇二三年", None), pairs(&[("二〇二三年", "2023")]));
        assert_eq!(dates("平成 27 年\n3 月末現在", None), pairs(&[("平成 27 年\n3 月末現在", "2015-03-31")]));
    }

    #[test]
    fn western_separators_and_two_digit_years() {
        for t in ["2023/4/1", "2023-4-1", "2023.4.1", "2023・4・1"] {
            assert_eq!(dates(t, None), pairs(&[(t, "2023-04-01")]), "{t}");
        }
        assert_eq!(dates("2023/04", None), pairs(&[("2023/04", "2023-04")]));
        assert_eq!(dates("23/04/01", None), pairs(&[("23/04/01", "2023-04-01")]));
        assert_eq!(dates("07.7.11", None), pairs(&[("07.7.11", "2007-07-11")]));
        assert_eq!(dates("99/12/31", None), pairs(&[("99/12/31", "1999-12-31")]));
        assert!(dates("23/04", None).is_empty());
        assert!(dates("06-6941-0351", None).is_empty());
    }

    #[test]
    fn parts_and_open_ends() {
        assert_eq!(dates("令和5年度末まで", None), pairs(&[("令和5年度末まで", "../2024-03-31")]));
        assert_eq!(dates("R1.4~)", None), pairs(&[("R1.4~", "2019-04/..")]));
        assert_eq!(dates("(~R5年度)", None), pairs(&[("~R5年度", "../FY2023")]));
        assert_eq!(dates("年度内に", Some(2018)), pairs(&[("年度内", "../2019-03-31")]));
        assert_eq!(dates("2023年春", None), pairs(&[("2023年春", "2023-03/2023-05")]));
        assert_eq!(dates("7/31(月)まで", Some(2023)), pairs(&[("7/31(月)まで", "../2023-07-31")]));
        assert_eq!(dates("令和3年度11月", None), pairs(&[("令和3年度11月", "2021-11")]));
        assert_eq!(dates("令和3年度2月", None), pairs(&[("令和3年度2月", "2022-02")]));
    }

    #[test]
    fn era_bare_year_is_a_fiscal_year_unless_followed_by_a_letter() {
        assert_eq!(dates("H28:41件", None), pairs(&[("H28", "FY2016")]));
        assert_eq!(dates("R3当初比", None), pairs(&[("R3", "FY2021")]));
        assert!(dates("H2Osakaビジョン", None).is_empty());
        assert!(dates("令和3に", None).is_empty(), "an era name without 年 only starts a range");
    }

    #[test]
    fn two_digit_years_with_a_month() {
        assert_eq!(dates("24年3月8日", None), pairs(&[("24年3月8日", "2024-03-08")]));
        assert_eq!(dates("96年8月", None), pairs(&[("96年8月", "1996-08")]));
        assert_eq!(dates("24年3月8日", Some(2019)), pairs(&[("24年3月8日", "2012-03-08")]));
        assert_eq!(dates("元年", Some(2019)), pairs(&[]));
    }

    #[test]
    fn not_dates() {
        assert!(dates("1/50の縮小模型", Some(2019)).is_empty());
        assert!(dates("13月", Some(2019)).is_empty());
        assert!(dates("2/30", Some(2019)).is_empty());
        assert!(dates("補助率1/2", Some(2019)).is_empty());
        assert!(dates("平成30年7月豪雨", Some(2019)).is_empty());
        assert!(dates("32年度", Some(2019)).is_empty());
    }

    #[test]
    fn long_digit_runs_are_safe() {
        let text = format!("x{}年 {}月", "1".repeat(100_000), "2".repeat(100_000));
        assert!(dates(&text, Some(2019)).is_empty());
    }

    #[test]
    fn fiscal_year_of_dates() {
        let m = &scan_text("R2.3月末時点", None)[0];
        assert_eq!(m.fiscal_year, Some(2019));
        let m = &scan_text("令和2年度12月補正予算", None)[0];
        assert_eq!(m.fiscal_year, Some(2020));
    }
}
