//! Dates: eras, abbreviations (`R1.8`, `H30.11.22`), Western years, month/day, fiscal words,
//! parts of periods, lists sharing an era, ranges with inheritance, open ends, as-of.
//!
//! The rules are data, in the style of duckling's `Time/JA/Rules.hs` and ja-timex's
//! `pattern/abstime.py`:
//!
//! - [`ATOM_RULES`]: the date *atoms*, each a named regex alternative built from the named
//!   sub-patterns below (`<era>`, `<year>`, `<month>`, …);
//! - [`MONTH_PARTS`], [`FY_PARTS`], [`YEAR_PARTS`], [`APPROX`], [`AS_OF`], [`OPEN_END`],
//!   [`OPEN_START`]: the words that may follow an atom and change its value;
//! - the combinators: a range (`~`, `-`, `から` + an atom or a bare number, which inherits
//!   what it omits from the start), a list (`、` + a bare month continuing an era-dotted
//!   date, possibly across a line break) and an open end (`~` with nothing after it).
//!
//! A mention's `rule` is the atom's rule name followed by the names of the words and
//! combinators that applied, e.g. `<era><year>.<month>月末時点`.

use std::ops::Range;
use std::sync::LazyLock;

use regex::{CaptureLocations, Regex};

use super::era::{self, Era};
use super::{group_index, intern, Groups, Mention, MentionKind};

/// A point or period at some grain. The year is `None` when it is unknown (a month without a
/// year in a document whose fiscal year is unknown): it is written `XXXX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum When {
    Year(Option<i32>),
    Fy(Option<i32>),
    Month(Option<i32>, u32),
    Day(Option<i32>, u32, u32),
}

type Ymd = (i32, u32, u32);

impl When {
    fn format(self) -> String {
        let mut out = String::with_capacity(10);
        self.write_to(&mut out);
        out
    }

    /// Appends the value as [`When::format`] writes it: `2019`, `FY2019`, `2019-04`, `2019-04-01`.
    fn write_to(self, out: &mut String) {
        match self {
            When::Year(y) => push_year(out, y),
            When::Fy(y) => {
                out.push_str("FY");
                push_year(out, y);
            }
            When::Month(y, m) => {
                push_year(out, y);
                out.push('-');
                push_padded(out, m, 2);
            }
            When::Day(y, m, d) => {
                push_year(out, y);
                out.push('-');
                push_padded(out, m, 2);
                out.push('-');
                push_padded(out, d, 2);
            }
        }
    }

    fn first_day(self) -> Option<Ymd> {
        match self {
            When::Year(y) => Some((y?, 1, 1)),
            When::Fy(y) => Some((y?, 4, 1)),
            When::Month(y, m) => Some((y?, m, 1)),
            When::Day(y, m, d) => Some((y?, m, d)),
        }
    }

    fn last_day(self) -> Option<Ymd> {
        match self {
            When::Year(y) => Some((y?, 12, 31)),
            When::Fy(y) => Some((y? + 1, 3, 31)),
            When::Month(y, m) => Some((y?, m, days_in_month(y, m))),
            When::Day(y, m, d) => Some((y?, m, d)),
        }
    }

    fn year(self) -> Option<i32> {
        match self {
            When::Year(y) | When::Fy(y) | When::Month(y, _) | When::Day(y, _, _) => y,
        }
    }

    /// The fiscal year this point falls in (for the document's fiscal year).
    pub(crate) fn fiscal_year(self) -> Option<i32> {
        match self {
            When::Fy(y) => y,
            When::Year(_) => None,
            When::Month(y, m) | When::Day(y, m, _) => y.map(|y| if m <= 3 { y - 1 } else { y }),
        }
    }
}

/// Appends a year as `{y:04}`, or `XXXX` when it is unknown.
fn push_year(out: &mut String, y: Option<i32>) {
    match y {
        Some(y) => match u32::try_from(y) {
            Ok(y) => push_padded(out, y, 4),
            Err(_) => out.push_str(&format!("{y:04}")),
        },
        None => out.push_str("XXXX"),
    }
}

/// Appends `n` as `{n:0width$}` does, without the formatting machinery: every date mention
/// writes a few of these.
fn push_padded(out: &mut String, n: u32, width: u32) {
    if n >= 10u32.pow(width) {
        out.push_str(&n.to_string());
        return;
    }
    for place in (0..width).rev() {
        out.push(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8));
    }
}

fn ymd_str((y, m, d): Ymd) -> String {
    When::Day(Some(y), m, d).format()
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: Option<i32>, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if y.is_some_and(is_leap) => 29,
        2 => 28,
        _ => 31,
    }
}

/// The calendar year of month `m` in fiscal year `fy`: April–December in `fy`, January–March
/// in `fy + 1`.
fn year_of_month_in_fy(fy: Option<i32>, m: u32) -> Option<i32> {
    fy.map(|y| if m <= 3 { y + 1 } else { y })
}

// ---------------------------------------------------------------------------------------
// Named sub-patterns and atom rules
// ---------------------------------------------------------------------------------------

/// `<era-letter>`: the one-letter era abbreviations (full-width letters are ASCII by now).
const ERA_LETTER: &str = "[MTSHR]";
/// `<era-name>`.
const ERA_NAME: &str = "明治|大正|昭和|平成|令和";
/// `<era-year>`: one or two digits, or 元 (= 1).
const ERA_YEAR: &str = r"[0-9]{1,2}|元";
/// `<month>` and `<day>`.
const MD: &str = r"[0-9]{1,2}";
/// `<fiscal-word>`s and their offset from the document's fiscal year.
const FISCAL_WORDS: &[(&str, i32)] =
    &[("今年度", 0), ("本年度", 0), ("昨年度", -1), ("前年度", -1), ("来年度", 1), ("次年度", 1), ("翌年度", 1)];

/// What kind of atom a rule produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AtomKind {
    /// `R1.8`, `H30.11.22`, `R1.9月`
    EraDotted,
    /// `令和6年10月9日`, `R2年度`
    EraNamed,
    /// `H28` (a fiscal year)
    EraBare,
    /// `2024年6月`, `2025年度`
    Western,
    /// `6/12`
    MonthSlashDay,
    /// `5月`, `2月23日`
    MonthDay,
    /// 今年度, 昨年度 …
    FiscalWord,
    /// 年度末, 年度上半期 … of the document's fiscal year
    FiscalPart,
    /// 年内
    YearWithin,
    /// A bare month continuing a list (`R1.7、9`)
    ListMonth,
}

/// One atom rule: a name, the regex alternative (with its own named groups), its kind.
struct AtomRule {
    name: &'static str,
    kind: AtomKind,
    pattern: fn() -> String,
}

/// The atom rules, tried leftmost-first in this order at each position.
const ATOM_RULES: &[AtomRule] = &[
    AtomRule {
        name: "<era><year>.<month>",
        kind: AtomKind::EraDotted,
        pattern: || {
            format!(
                r"(?P<ab_era>{ERA_LETTER})\x20?(?P<ab_y>{ERA_YEAR})\.(?P<ab_m>{MD})(?:\.(?P<ab_d>{MD}))?(?P<ab_mk>月)?"
            )
        },
    },
    AtomRule {
        name: "<era><year>年",
        kind: AtomKind::EraNamed,
        pattern: || {
            format!(
                r"(?P<en_era>{ERA_NAME}|{ERA_LETTER})\x20?(?P<en_y>{ERA_YEAR})\x20?年(?P<en_fy>度)?(?:\x20?(?P<en_m>{MD})月(?:(?P<en_d>{MD})日)?)?"
            )
        },
    },
    AtomRule {
        name: "<era><year>",
        kind: AtomKind::EraBare,
        pattern: || format!(r"(?P<eb_era>[HR])(?P<eb_y>{ERA_YEAR})"),
    },
    AtomRule {
        name: "<year>年",
        kind: AtomKind::Western,
        pattern: || format!(r"(?P<w_y>[0-9]{{4}})\x20?年(?P<w_fy>度)?(?:\x20?(?P<w_m>{MD})月(?:(?P<w_d>{MD})日)?)?"),
    },
    AtomRule {
        name: "<month>/<day>",
        kind: AtomKind::MonthSlashDay,
        pattern: || format!(r"(?P<sd_m>{MD})/(?P<sd_d>{MD})"),
    },
    AtomRule {
        name: "<month>月",
        kind: AtomKind::MonthDay,
        pattern: || format!(r"(?P<md_m>{MD})月(?:(?P<md_d>{MD})日)?"),
    },
    AtomRule {
        name: "<fiscal-word>",
        kind: AtomKind::FiscalWord,
        pattern: || {
            let words: Vec<&str> = FISCAL_WORDS.iter().map(|(w, _)| *w).collect();
            format!("(?P<fw>{})", words.join("|"))
        },
    },
    AtomRule {
        name: "年度<part>",
        kind: AtomKind::FiscalPart,
        pattern: || {
            let parts: Vec<&str> = FY_PARTS.iter().map(|(w, _)| *w).collect();
            format!("(?P<fp>年度(?:{}))", parts.join("|"))
        },
    },
    AtomRule { name: "年内", kind: AtomKind::YearWithin, pattern: || "(?P<yw>年内)".to_string() },
];

fn atom_pattern() -> String {
    let alts: Vec<String> = ATOM_RULES.iter().map(|r| (r.pattern)()).collect();
    format!("(?:{})", alts.join("|"))
}

/// The atom regex, unanchored (to scan a line) and anchored (at a range's end), with the
/// indices of its named groups.
struct AtomRegex {
    unanchored: Regex,
    anchored: Regex,
    groups: AtomGroups,
}

static ATOM: LazyLock<AtomRegex> = LazyLock::new(|| {
    let unanchored = Regex::new(&atom_pattern()).expect("date atom pattern compiles");
    // `^` adds no group: both regexes number their groups alike.
    let anchored = Regex::new(&format!("^{}", atom_pattern())).expect("anchored date atom pattern compiles");
    let groups = AtomGroups::of(&unanchored);
    AtomRegex { unanchored, anchored, groups }
});

/// Indices of the atom rules' named groups.
struct AtomGroups {
    ab_era: usize,
    ab_y: usize,
    ab_m: usize,
    ab_d: usize,
    ab_mk: usize,
    en_era: usize,
    en_y: usize,
    en_fy: usize,
    en_m: usize,
    en_d: usize,
    eb_era: usize,
    eb_y: usize,
    w_y: usize,
    w_fy: usize,
    w_m: usize,
    w_d: usize,
    sd_m: usize,
    sd_d: usize,
    md_m: usize,
    md_d: usize,
    fw: usize,
    fp: usize,
    yw: usize,
}

impl AtomGroups {
    fn of(re: &Regex) -> AtomGroups {
        let g = |name| group_index(re, name);
        AtomGroups {
            ab_era: g("ab_era"),
            ab_y: g("ab_y"),
            ab_m: g("ab_m"),
            ab_d: g("ab_d"),
            ab_mk: g("ab_mk"),
            en_era: g("en_era"),
            en_y: g("en_y"),
            en_fy: g("en_fy"),
            en_m: g("en_m"),
            en_d: g("en_d"),
            eb_era: g("eb_era"),
            eb_y: g("eb_y"),
            w_y: g("w_y"),
            w_fy: g("w_fy"),
            w_m: g("w_m"),
            w_d: g("w_d"),
            sd_m: g("sd_m"),
            sd_d: g("sd_d"),
            md_m: g("md_m"),
            md_d: g("md_d"),
            fw: g("fw"),
            fp: g("fp"),
            yw: g("yw"),
        }
    }
}

/// Match buffers for [`scan_line`], reused from line to line instead of allocated per match.
pub(crate) struct DateBuffers {
    atom: CaptureLocations,
    range_end: CaptureLocations,
}

impl DateBuffers {
    pub(crate) fn new() -> DateBuffers {
        DateBuffers { atom: ATOM.unanchored.capture_locations(), range_end: ATOM.anchored.capture_locations() }
    }
}

fn rule_of(kind: AtomKind) -> &'static str {
    ATOM_RULES.iter().find(|r| r.kind == kind).map_or("<date>", |r| r.name)
}

// ---------------------------------------------------------------------------------------
// Words after an atom
// ---------------------------------------------------------------------------------------

/// A part of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Early,
    Mid,
    Late,
    End,
    Start,
    FirstHalf,
    SecondHalf,
    Within,
    /// A season starting in this month (3 months long).
    Season(u32),
}

/// Parts of a month: `3月末`, `10月上旬`.
const MONTH_PARTS: &[(&str, Part)] =
    &[("上旬", Part::Early), ("初旬", Part::Early), ("中旬", Part::Mid), ("下旬", Part::Late), ("末", Part::End)];
/// Parts of a fiscal year: `年度末`, `年度上半期`, `年度当初`, `年度内`.
const FY_PARTS: &[(&str, Part)] = &[
    ("上半期", Part::FirstHalf),
    ("前半", Part::FirstHalf),
    ("下半期", Part::SecondHalf),
    ("後半", Part::SecondHalf),
    ("当初", Part::Start),
    ("末", Part::End),
    ("内", Part::Within),
];
/// Parts of a calendar year: seasons, `年末`, `年内`.
const YEAR_PARTS: &[(&str, Part)] = &[
    ("春", Part::Season(3)),
    ("夏", Part::Season(6)),
    ("秋", Part::Season(9)),
    ("冬", Part::Season(12)),
    ("末", Part::End),
    ("内", Part::Within),
];
/// Approximate: the value is unchanged, `approx` is set.
const APPROX: &[&str] = &["を目途", "をめど", "を目処", "目途", "目処", "めど", "頃", "ごろ", "前後"];
/// As-of: `role` is `as_of`.
const AS_OF: &[&str] = &["時点", "現在"];
/// Open end: `A/..`.
const OPEN_END: &[&str] = &["以降", "以後", "から"];
/// Open start: `../B` (the surface stops at まで: `までに` → `まで`).
const OPEN_START: &[&str] = &["まで", "以前"];
/// Range marks; `から` only when a date follows.
const RANGE_MARKS: &[&str] = &["~", "-", "から"];

fn match_word<'w, T: Copy>(rest: &str, table: &'w [(&'w str, T)]) -> Option<(&'w str, T)> {
    table.iter().find(|(w, _)| rest.starts_with(w)).copied()
}

fn match_str(rest: &str, table: &[&'static str]) -> Option<&'static str> {
    table.iter().find(|w| rest.starts_with(**w)).copied()
}

// ---------------------------------------------------------------------------------------
// Atoms
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
struct Atom {
    start: usize,
    end: usize,
    kind: AtomKind,
    rule: &'static str,
    /// Explicit year (calendar, or fiscal when `fiscal`).
    year: Option<i32>,
    fiscal: bool,
    month: Option<u32>,
    day: Option<u32>,
    /// Offset from the document's fiscal year (fiscal words).
    fy_offset: Option<i32>,
    /// A part written inside the atom (`年度末`, `年内`).
    part: Option<Part>,
}

impl Atom {
    fn new(start: usize, end: usize, kind: AtomKind) -> Atom {
        Atom {
            start,
            end,
            kind,
            rule: rule_of(kind),
            year: None,
            fiscal: false,
            month: None,
            day: None,
            fy_offset: None,
            part: None,
        }
    }
}

fn prev_char(norm: &str, pos: usize) -> Option<char> {
    norm.get(..pos)?.chars().next_back()
}

fn next_char(norm: &str, pos: usize) -> Option<char> {
    norm.get(pos..)?.chars().next()
}

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々' | '〆')
}

fn is_katakana(c: char) -> bool {
    // Not the middle dot ・ (U+30FB), a list separator.
    matches!(c, '\u{30A0}'..='\u{30FA}' | '\u{30FC}'..='\u{30FF}' | '\u{FF66}'..='\u{FF9F}')
}

fn valid_md(year: Option<i32>, m: u32, d: Option<u32>) -> bool {
    (1..=12).contains(&m) && d.is_none_or(|d| d >= 1 && d <= days_in_month(year.or(Some(2000)), m))
}

fn num(caps: &Groups, group: usize) -> Option<u32> {
    caps.text(group)?.parse().ok()
}

/// Builds and validates the atom matched by `caps`.
fn atom_from(norm: &str, caps: &Groups) -> Option<Atom> {
    let g = &ATOM.groups;
    let whole = caps.get(0)?;
    let (start, end) = (whole.start, whole.end);
    let prev = prev_char(norm, start);
    let next = next_char(norm, end);
    let prev_is_alnum = prev.is_some_and(|c| c.is_ascii_alphanumeric());

    if let Some(e) = caps.text(g.ab_era) {
        let era = era::lookup(e)?;
        let y = era.offset + era::parse_year(caps.text(g.ab_y)?)?;
        let m = num(caps, g.ab_m)?;
        let d = num(caps, g.ab_d);
        let next_bad = next.is_some_and(|c| c.is_ascii_alphanumeric())
            || (next == Some('.') && next_char(norm, end + 1).is_some_and(|c| c.is_ascii_digit()));
        if prev_is_alnum || next_bad || !valid_md(Some(y), m, d) {
            return None;
        }
        let mut a = Atom::new(start, end, AtomKind::EraDotted);
        a.rule = match (d.is_some(), caps.has(g.ab_mk)) {
            (true, _) => "<era><year>.<month>.<day>",
            (false, true) => "<era><year>.<month>月",
            (false, false) => "<era><year>.<month>",
        };
        a.year = Some(y);
        a.month = Some(m);
        a.day = d;
        return Some(a);
    }
    if let Some(e) = caps.text(g.en_era) {
        let era: &Era = era::lookup(e)?;
        if e.len() == 1 && prev_is_alnum {
            return None;
        }
        let y = era.offset + era::parse_year(caps.text(g.en_y)?)?;
        return dated_atom(start, end, AtomKind::EraNamed, y, caps, g.en_fy, g.en_m, g.en_d);
    }
    if let Some(e) = caps.text(g.eb_era) {
        let era = era::lookup(e)?;
        let y = era.offset + era::parse_year(caps.text(g.eb_y)?)?;
        let next_bad =
            next.is_some_and(|c| c.is_ascii_alphanumeric() || ".,/%*-+&_".contains(c) || is_katakana(c) || c == '年');
        if prev_is_alnum || next_bad {
            return None;
        }
        let mut a = Atom::new(start, end, AtomKind::EraBare);
        a.year = Some(y);
        a.fiscal = true;
        return Some(a);
    }
    if let Some(wy) = caps.text(g.w_y) {
        let y: i32 = wy.parse().ok()?;
        if prev.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == ',') || !(1800..=2199).contains(&y) {
            return None;
        }
        return dated_atom(start, end, AtomKind::Western, y, caps, g.w_fy, g.w_m, g.w_d);
    }
    if caps.has(g.sd_m) {
        let (m, d) = (num(caps, g.sd_m)?, num(caps, g.sd_d)?);
        // Glued to a word it is a fraction or a page count (`要旨1/2`), not a date.
        let prev_bad =
            prev.is_some_and(|c| c.is_ascii_alphanumeric() || "/.,".contains(c) || is_kanji(c) || is_katakana(c));
        let next_bad = next.is_some_and(|c| c.is_ascii_alphanumeric() || "/.".contains(c));
        if prev_bad || next_bad || !valid_md(None, m, Some(d)) {
            return None;
        }
        let mut a = Atom::new(start, end, AtomKind::MonthSlashDay);
        a.month = Some(m);
        a.day = Some(d);
        return Some(a);
    }
    if caps.has(g.md_m) {
        let m = num(caps, g.md_m)?;
        let d = num(caps, g.md_d);
        let prev_bad = prev.is_some_and(|c| c.is_ascii_alphanumeric() || "/.,第".contains(c));
        if prev_bad || !valid_md(None, m, d) {
            return None;
        }
        let mut a = Atom::new(start, end, AtomKind::MonthDay);
        a.rule = if d.is_some() { "<month>月<day>日" } else { "<month>月" };
        a.month = Some(m);
        a.day = d;
        return Some(a);
    }
    if let Some(w) = caps.text(g.fw) {
        let (word, off) = FISCAL_WORDS.iter().find(|(fw, _)| *fw == w)?;
        let mut a = Atom::new(start, end, AtomKind::FiscalWord);
        a.rule = word;
        a.fy_offset = Some(*off);
        a.fiscal = true;
        return Some(a);
    }
    let standalone_ok =
        |p: Option<char>| !p.is_some_and(|c| is_kanji(c) || is_katakana(c) || c.is_ascii_alphanumeric() || c == ')');
    if let Some(fp) = caps.text(g.fp) {
        if !standalone_ok(prev) {
            return None;
        }
        let (word, part) = FY_PARTS.iter().find(|(w, _)| fp.strip_prefix("年度") == Some(*w))?;
        let mut a = Atom::new(start, end, AtomKind::FiscalPart);
        a.rule = intern(&format!("年度{word}"));
        a.fy_offset = Some(0);
        a.fiscal = true;
        a.part = Some(*part);
        return Some(a);
    }
    if caps.has(g.yw) {
        if !standalone_ok(prev) {
            return None;
        }
        let mut a = Atom::new(start, end, AtomKind::YearWithin);
        a.fy_offset = Some(0);
        a.part = Some(Part::Within);
        return Some(a);
    }
    None
}

/// An atom with an explicit year and optional 度 / month / day groups.
#[allow(clippy::too_many_arguments)]
fn dated_atom(
    start: usize,
    end: usize,
    kind: AtomKind,
    y: i32,
    caps: &Groups,
    fy_group: usize,
    m_group: usize,
    d_group: usize,
) -> Option<Atom> {
    let fiscal = caps.has(fy_group);
    let m = num(caps, m_group);
    let d = num(caps, d_group);
    if let Some(m) = m {
        let cal_year = if fiscal { year_of_month_in_fy(Some(y), m) } else { Some(y) };
        if !valid_md(cal_year, m, d) {
            return None;
        }
    }
    let mut a = Atom::new(start, end, kind);
    let era = kind == AtomKind::EraNamed;
    a.rule = match (era, fiscal, m.is_some(), d.is_some()) {
        (true, _, true, true) => "<era><year>年<month>月<day>日",
        (true, _, true, false) => "<era><year>年<month>月",
        (true, true, false, _) => "<era><year>年度",
        (true, false, false, _) => "<era><year>年",
        (false, _, true, true) => "<year>年<month>月<day>日",
        (false, _, true, false) => "<year>年<month>月",
        (false, true, false, _) => "<year>年度",
        (false, false, false, _) => "<year>年",
    };
    a.year = Some(y);
    a.fiscal = fiscal;
    a.month = m;
    a.day = d;
    Some(a)
}

/// The value of an atom. `base` is the start of a range this atom ends: a missing year is
/// inherited from it (rolling forward when the end would go backwards) instead of coming
/// from the document's fiscal year.
fn resolve(a: &Atom, fy: Option<i32>, base: Option<When>) -> When {
    if let Some(off) = a.fy_offset {
        let y = fy.map(|y| y + off);
        return if a.kind == AtomKind::YearWithin { When::Year(y) } else { When::Fy(y) };
    }
    let year = match (a.year, a.month) {
        (Some(y), Some(m)) if a.fiscal => Some(if m <= 3 { y + 1 } else { y }),
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

/// `(from, to, approx, open_start)` of `w` with `part` applied.
fn apply_part(w: When, part: Part) -> Option<(When, When, bool, bool)> {
    let same = |x: When| Some((x, x, false, false));
    match (w, part) {
        (When::Month(y, m), Part::End) => same(When::Day(y, m, days_in_month(y, m))),
        (When::Month(y, m), Part::Early) => Some((When::Day(y, m, 1), When::Day(y, m, 10), false, false)),
        (When::Month(y, m), Part::Mid) => Some((When::Day(y, m, 11), When::Day(y, m, 20), false, false)),
        (When::Month(y, m), Part::Late) => {
            Some((When::Day(y, m, 21), When::Day(y, m, days_in_month(y, m)), false, false))
        }
        (When::Fy(y), Part::End) => same(When::Day(y.map(|y| y + 1), 3, 31)),
        (When::Fy(y), Part::Start) => Some((When::Month(y, 4), When::Month(y, 4), true, false)),
        (When::Fy(y), Part::FirstHalf) => Some((When::Month(y, 4), When::Month(y, 9), false, false)),
        (When::Fy(y), Part::SecondHalf) => Some((When::Month(y, 10), When::Month(y.map(|y| y + 1), 3), false, false)),
        (When::Fy(y), Part::Within) => {
            let end = When::Day(y.map(|y| y + 1), 3, 31);
            Some((end, end, false, true))
        }
        (When::Year(y), Part::End) => same(When::Day(y, 12, 31)),
        (When::Year(y), Part::Within) => {
            let end = When::Day(y, 12, 31);
            Some((end, end, false, true))
        }
        (When::Year(y) | When::Fy(y), Part::Season(s)) => {
            let (ey, em) = if s + 2 > 12 { (y.map(|y| y + 1), s + 2 - 12) } else { (y, s + 2) };
            Some((When::Month(y, s), When::Month(ey, em), false, false))
        }
        _ => None,
    }
}

/// The parts that may follow a value of this grain.
fn parts_for(w: When, kind: AtomKind) -> &'static [(&'static str, Part)] {
    match w {
        When::Month(..) => MONTH_PARTS,
        When::Fy(_) if kind == AtomKind::EraBare => YEAR_PARTS,
        When::Fy(_) => FY_PARTS,
        When::Year(_) => YEAR_PARTS,
        When::Day(..) => &[],
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
}

impl Item {
    fn into_mention(self) -> Mention {
        let mut m = Mention::new(MentionKind::Date, self.start..self.end, intern(&self.rule));
        let mut date = String::with_capacity(21);
        let (start, end) = if self.open_start {
            date.push_str("../");
            self.to.write_to(&mut date);
            (None, self.to.last_day())
        } else if self.open_end {
            self.from.write_to(&mut date);
            date.push_str("/..");
            (self.from.first_day(), None)
        } else if self.from == self.to {
            self.from.write_to(&mut date);
            (self.from.first_day(), self.to.last_day())
        } else {
            self.from.write_to(&mut date);
            date.push('/');
            self.to.write_to(&mut date);
            (self.from.first_day(), self.to.last_day())
        };
        m.date = Some(date);
        m.date_start = start.map(ymd_str);
        m.date_end = end.map(ymd_str);
        m.approx = self.approx;
        m.role = self.as_of.then_some("as_of");
        m
    }
}

/// End of the line holding `pos`, looking at most [`ITEM_WINDOW`] bytes ahead: a date item is
/// short, and the bound keeps scanning linear on a line of megabytes.
fn line_end(norm: &str, pos: usize) -> usize {
    let mut hi = pos.saturating_add(ITEM_WINDOW).min(norm.len());
    while !norm.is_char_boundary(hi) {
        hi -= 1;
    }
    norm.get(pos..hi).and_then(|r| r.find('\n')).map_or(hi, |i| pos + i)
}

const ITEM_WINDOW: usize = 512;

/// Skips a weekday in brackets after a day: `(水)`, `(金曜日)`.
fn skip_weekday(norm: &str, pos: usize) -> usize {
    let rest = norm.get(pos..).unwrap_or("");
    let Some(inner) = rest.strip_prefix('(') else { return pos };
    let mut chars = inner.chars();
    if !chars.next().is_some_and(|c| "月火水木金土日".contains(c)) {
        return pos;
    }
    let after = chars.as_str();
    for tail in [")", "曜)", "曜日)"] {
        if after.starts_with(tail) {
            return pos + 1 + 3 + tail.len();
        }
    }
    pos
}

/// True when a bare number (range end, list item) ends here.
fn bare_number_ends(rest: &str) -> bool {
    const ENDS: &[&str] = &[
        "、", ",", ")", "]", "」", "~", "-", " ", "\n", "\t", "。", "・", "頃", "ごろ", "末", "以降", "まで", "から",
        "上旬", "中旬", "下旬", "に", "の", "で", "を", "は",
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

/// Applies what may follow a value (weekday, part, approx) from `pos`.
struct Tail {
    end: usize,
    from: When,
    to: When,
    approx: bool,
    open_start: bool,
    rule: String,
}

fn tail(norm: &str, pos: usize, w: When, kind: AtomKind, inner_part: Option<Part>) -> Tail {
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
        None => match_word(rest, parts_for(w, kind)).map(|(word, p)| {
            t.rule.push_str(word);
            t.end += word.len();
            p
        }),
    };
    if let Some(p) = part {
        let base = if kind == AtomKind::EraBare { When::Year(w.year()) } else { w };
        if let Some((f, to, approx, open_start)) = apply_part(base, p) {
            t.from = f;
            t.to = to;
            t.approx |= approx;
            t.open_start |= open_start;
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

/// The end of a range starting with `base` at `pos` (at a range mark), if one is there.
fn range_end(
    norm: &str,
    pos: usize,
    limit: usize,
    base: When,
    fy: Option<i32>,
    locs: &mut CaptureLocations,
) -> Option<Tail> {
    let rest = norm.get(pos..limit)?;
    let mark = match_str(rest, RANGE_MARKS)?;
    let mut p = pos + mark.len();
    while norm.as_bytes().get(p) == Some(&b' ') && p < limit {
        p += 1;
    }
    let hay = norm.get(p..limit)?;
    if ATOM.anchored.captures_read(locs, hay).is_some() {
        if let Some(a) = atom_from(norm, &Groups { hay, locs, offset: p }) {
            if !matches!(a.kind, AtomKind::FiscalWord | AtomKind::FiscalPart | AtomKind::YearWithin) {
                let w = resolve(&a, fy, Some(base));
                let mut t = tail(norm, a.end, w, a.kind, None);
                t.rule = format!("{mark}{}{}", a.rule, t.rule);
                return Some(t);
            }
        }
    }
    if mark == "から" {
        return None;
    }
    let (n, mut q) = small_number(norm, p)?;
    let (w, unit_rule) = match base {
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
    let mut t = tail(norm, q, w, AtomKind::ListMonth, None);
    t.rule = format!("{mark}{unit_rule}{}", t.rule);
    Some(t)
}

fn roll_month(y: Option<i32>, m: u32) -> (Option<i32>, u32) {
    if m >= 12 {
        (y.map(|y| y + 1), 1)
    } else {
        (y, m + 1)
    }
}

/// Builds the item starting with atom `a`.
fn build_item(norm: &str, a: &Atom, fy: Option<i32>, base: Option<When>, locs: &mut CaptureLocations) -> Item {
    let limit = line_end(norm, a.start);
    let w = resolve(a, fy, base);
    let t = tail(norm, a.end, w, a.kind, a.part);
    let mut item = Item {
        start: a.start,
        end: t.end,
        resume: t.end,
        rule: format!("{}{}", a.rule, t.rule),
        from: t.from,
        to: t.to,
        approx: t.approx,
        as_of: false,
        open_start: t.open_start,
        open_end: false,
    };
    // A `~` right before the atom, with nothing before it: `(~R5年度)` → up to R5年度.
    if prev_char(norm, a.start) == Some('~')
        && prev_char(norm, a.start - 1).is_none_or(|c| "( \t\n、".contains(c))
        && !item.open_start
    {
        item.start -= 1;
        item.open_start = true;
        item.rule = format!("~{}", item.rule);
    }
    let mut is_range = false;
    if let Some(end) = range_end(norm, item.end, limit, item.to, fy, locs) {
        item.to = end.to;
        item.approx |= end.approx;
        item.rule.push_str(&end.rule);
        item.end = end.end;
        is_range = true;
    } else if norm.get(item.end..limit).is_some_and(|r| r.starts_with('~'))
        && !next_char(norm, item.end + 1).is_some_and(|c| c.is_ascii_digit())
        && !item.open_start
    {
        item.open_end = true;
        item.rule.push('~');
        item.end += 1;
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
    while let Some(c) = next_char(norm, p) {
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
    let mut a = Atom::new(p, q, AtomKind::ListMonth);
    a.rule = "<era><year>.<month>、<month>";
    a.year = Some(if n < m { y + 1 } else { y });
    a.month = Some(n);
    Some(a)
}

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
    start + next_char(norm, start).map_or(1, char::len_utf8)
}

/// Scans one line (`line` is a byte range of `norm` without its `\n`) for dates, starting
/// no earlier than `*consumed` (a list may have continued into this line), and appends
/// them to `out`.
pub(crate) fn scan_line(
    norm: &str,
    line: Range<usize>,
    fy: Option<i32>,
    consumed: &mut usize,
    out: &mut Vec<Mention>,
    buf: &mut DateBuffers,
) {
    let Some(hay) = norm.get(..line.end) else { return };
    let mut pos = line.start.max(*consumed);
    while pos < line.end {
        let Some(whole) = ATOM.unanchored.captures_read_at(&mut buf.atom, hay, pos) else { break };
        let Some(first) = atom_from(norm, &Groups { hay, locs: &buf.atom, offset: 0 }) else {
            pos = skip_rejected(norm, whole.start());
            continue;
        };
        let mut atom = first;
        let mut base = None;
        loop {
            let item = build_item(norm, &atom, fy, base, &mut buf.range_end);
            let (resume, to) = (item.resume, item.to);
            out.push(item.into_mention());
            pos = resume.max(atom.end);
            let listable = matches!(atom.kind, AtomKind::EraDotted | AtomKind::ListMonth) && atom.day.is_none();
            match listable.then(|| list_next(norm, resume, to)).flatten() {
                Some(next) => {
                    base = None;
                    atom = next;
                }
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
    m.date = Some(w.format());
    m.date_start = w.first_day().map(ymd_str);
    m.date_end = w.last_day().map(ymd_str);
    m
}

/// All date mentions of `norm` with fiscal year `fy`, without the line pre-filter (for
/// [`super::document_fiscal_year`] and tests).
#[cfg(test)]
pub(crate) fn scan_text(norm: &str, fy: Option<i32>) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut consumed = 0;
    let mut start = 0;
    let mut buf = DateBuffers::new();
    for line in norm.split('\n') {
        scan_line(norm, start..start + line.len(), fy, &mut consumed, &mut out, &mut buf);
        start += line.len() + 1;
    }
    out
}

/// The fiscal year a date mention's start falls in (`2020-03-31` → 2019, `FY2018` → 2018).
pub(crate) fn fiscal_year_of(m: &Mention) -> Option<i32> {
    let date = m.date.as_deref()?;
    if let Some(fy) = date.strip_prefix("FY") {
        return fy.get(..4)?.parse().ok();
    }
    let start = m.date_start.as_deref().or(m.date_end.as_deref())?;
    let y: i32 = start.get(..4)?.parse().ok()?;
    let mo: u32 = start.get(5..7)?.parse().ok()?;
    When::Month(Some(y), mo).fiscal_year()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str, fy: Option<i32>) -> Vec<(String, String)> {
        scan_text(text, fy)
            .into_iter()
            .map(|m| (text[m.norm_span.clone()].to_string(), m.date.unwrap_or_default()))
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
    fn parts_and_open_ends() {
        assert_eq!(dates("令和5年度末まで", None), pairs(&[("令和5年度末まで", "../2024-03-31")]));
        assert_eq!(dates("R1.4~)", None), pairs(&[("R1.4~", "2019-04/..")]));
        assert_eq!(dates("(~R5年度)", None), pairs(&[("~R5年度", "../FY2023")]));
        assert_eq!(dates("年度内に", Some(2018)), pairs(&[("年度内", "../2019-03-31")]));
    }

    #[test]
    fn era_bare_year_is_a_fiscal_year_unless_followed_by_a_letter() {
        assert_eq!(dates("H28:41件", None), pairs(&[("H28", "FY2016")]));
        assert!(dates("H2Osakaビジョン", None).is_empty());
    }

    #[test]
    fn month_day_validation() {
        assert!(dates("1/50の縮小模型", Some(2019)).is_empty());
        assert!(dates("13月", Some(2019)).is_empty());
        assert!(dates("2/30", Some(2019)).is_empty());
    }

    #[test]
    fn long_digit_runs_are_linear_and_safe() {
        let text = format!("x{}年 {}月", "1".repeat(100_000), "2".repeat(100_000));
        assert!(dates(&text, Some(2019)).is_empty());
    }

    #[test]
    fn dates_are_written_as_format_writes_them() {
        for y in [-5, 0, 7, 99, 1868, 2019, 9999, 10000, 123456] {
            for (m, d) in [(1, 1), (4, 30), (12, 31), (100, 7), (5, 123)] {
                assert_eq!(When::Day(Some(y), m, d).format(), format!("{y:04}-{m:02}-{d:02}"));
                assert_eq!(When::Month(Some(y), m).format(), format!("{y:04}-{m:02}"));
                assert_eq!(When::Fy(Some(y)).format(), format!("FY{y:04}"));
            }
        }
        assert_eq!(When::Month(None, 4).format(), "XXXX-04");
    }

    #[test]
    fn fiscal_year_of_dates() {
        let m = &scan_text("R2.3月末時点", None)[0];
        assert_eq!(fiscal_year_of(m), Some(2019));
    }
}
