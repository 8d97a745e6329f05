//! The date rules, in the style of duckling's `Time/JA/Rules.hs`: each rule is a record of a
//! name (a sketch of what it reads), a pattern built from named sub-patterns, and a small
//! production function that turns a match into an [`Atom`] or rejects it by its neighbours.
//!
//! All rules are compiled into one regex, tried leftmost-first in the order of [`RULES`] at
//! each position; each rule's groups are renamed `r<i>_<name>` so that a production reads its
//! own groups by their plain names through [`Caps`].
//!
//! Sub-patterns: `<era>` (names and letters from [`era::ERAS`]), `<era-year>` (1–2 digits,
//! 元, kanji), `<year>` (four digits, or kanji written digit by digit), `<month>` and `<day>`
//! (1–2 digits or kanji), and spaces (up to three) anywhere between the parts.

use std::sync::LazyLock;

use regex::Regex;
use regex_automata::nfa::thompson::backtrack::{self, BoundedBacktracker};
use regex_automata::util::captures::Captures;
use regex_automata::PatternID;

use super::words::{Part, FY_PARTS};
use crate::extract::filters;
use crate::text::calendar::{valid_md, year_of_month_in_fy};
use crate::text::chars::{self, is_kanji, is_katakana};
use crate::text::era::{self, Era};
use crate::text::numeral::{small_value, DATE_NUMBER, YEAR_NUMBER};

/// What an atom is, for what may follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AtomKind {
    /// `R1.8`, `H30.11.22`: a later `、9` continues it as a month of the same year.
    EraDotted,
    /// An era year without 年 (`H28`, `令和3` before `~5年度`): a fiscal year, or the grain of
    /// the range end it starts.
    EraBare,
    /// Any other date with its own year.
    Dated,
    /// Month or month/day without a year (`5月`, `6/12`).
    MonthDay,
    /// 今年度, 昨年度 …
    FiscalWord,
    /// 年度末, 年度上半期 … of the document's fiscal year; 年内.
    FiscalPart,
    /// A bare month continuing a list (`R1.7、9`).
    ListMonth,
    /// A two-digit year without an era before a month (`24年3月8日`): its century or era
    /// comes from the document (see [`super::short_year`]).
    ShortYear,
}

/// One date atom: what a rule read, before the words after it (parts, ranges …) are applied.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Atom {
    pub start: usize,
    pub end: usize,
    pub kind: AtomKind,
    pub rule: &'static str,
    /// Explicit year (calendar, or fiscal when `fiscal`).
    pub year: Option<i32>,
    pub fiscal: bool,
    pub month: Option<u32>,
    pub day: Option<u32>,
    /// Offset from the document's fiscal year (fiscal words).
    pub fy_offset: Option<i32>,
    /// A part written inside the atom (`年度末`, `年内`).
    pub part: Option<Part>,
    /// A calendar year, not a fiscal one, when there is no month (`年内`).
    pub calendar: bool,
    /// The era the year was written in: a range end without one inherits it (`令和3~5年度`).
    pub era: Option<&'static Era>,
}

impl Atom {
    pub(crate) fn new(start: usize, end: usize, kind: AtomKind, rule: &'static str) -> Atom {
        Atom {
            start,
            end,
            kind,
            rule,
            year: None,
            fiscal: false,
            month: None,
            day: None,
            fy_offset: None,
            part: None,
            calendar: false,
            era: None,
        }
    }
}

/// `<fiscal-word>`s and their offset from the document's fiscal year.
pub(crate) const FISCAL_WORDS: &[(&str, i32)] = &[
    ("今年度", 0),
    ("本年度", 0),
    ("当年度", 0),
    ("昨年度", -1),
    ("前年度", -1),
    ("来年度", 1),
    ("次年度", 1),
    ("翌年度", 1),
];

/// Spaces allowed between the parts of a date.
const SP: &str = "[ ]{0,3}";

/// `<month>月[<day>日]` after a year, possibly on the next line (a PDF export wraps there),
/// or after a slash (`2019年/12月/5日`).
fn month_day_after_year() -> String {
    format!(r"(?:{SP}/?(?:\n{SP})?(?P<m>{DATE_NUMBER}){SP}月(?:{SP}/?{SP}(?P<d>{DATE_NUMBER}){SP}日)?)?")
}

fn era_any() -> String {
    format!("(?P<era>{}|{})", era::names_pattern(), era::letters_pattern())
}

/// What a date's first char is: a rule is only asked where its match can start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Start {
    Digit,
    KanjiNumeral,
    /// An era's name, letter or one-kanji abbreviation.
    Era,
    /// 西暦
    Seireki,
    /// A fiscal word's first char (今, 昨 …).
    Fiscal,
    /// 年 (年度末, 年内).
    Nen,
    /// A season's kanji (`秋以降`).
    Season,
}

impl Start {
    /// The kind of the char at the start of `text`.
    fn of(text: &str) -> Option<Start> {
        let c = text.chars().next()?;
        Some(if c.is_ascii_digit() {
            Start::Digit
        } else if chars::is_kanji_numeral(c) {
            Start::KanjiNumeral
        } else if c == '年' {
            Start::Nen
        } else if SEASONS.contains(c) {
            Start::Season
        } else if c == '西' && text.starts_with("西暦") {
            Start::Seireki
        } else if era::ERAS.iter().any(|e| e.name.starts_with(c) || e.letter == c || e.short == c) {
            Start::Era
        } else if FISCAL_WORDS.iter().any(|(w, _)| w.starts_with(c)) {
            Start::Fiscal
        } else {
            return None;
        })
    }
}

/// One rule.
pub(crate) struct DateRule {
    /// A sketch of what the rule reads; the start of a mention's `rule`.
    pub name: &'static str,
    /// The kinds of first char its matches can have.
    pub starts: &'static [Start],
    pub pattern: fn() -> String,
    pub prod: fn(&Caps) -> Option<Atom>,
}

/// The rules, tried in this order at each position.
pub(crate) const RULES: &[DateRule] = &[
    DateRule {
        name: "<era><year>(<year>)年<month>月<day>日",
        starts: &[Start::Era],
        pattern: || {
            format!(
                r"{}{SP}(?P<y>{}){SP}\({SP}(?P<y2>{YEAR_NUMBER}){SP}(?:年{SP})?\){SP}年(?P<fy>度)?{}",
                era_any(),
                era::YEAR_PATTERN,
                month_day_after_year()
            )
        },
        prod: |c| dual(c, "<era><year>(<year>)年"),
    },
    DateRule {
        name: "<era><year>年(<year>年)<month>月<day>日",
        starts: &[Start::Era],
        pattern: || {
            format!(
                r"{}{SP}(?P<y>{}){SP}年(?P<fy>度)?{SP}\({SP}(?P<y2>{YEAR_NUMBER}){SP}年(?:度)?{SP}\){}",
                era_any(),
                era::YEAR_PATTERN,
                month_day_after_year()
            )
        },
        prod: |c| dual(c, "<era><year>年(<year>年)"),
    },
    DateRule {
        name: "<year>(<era><year>)年<month>月<day>日",
        starts: &[Start::Digit, Start::KanjiNumeral],
        pattern: || {
            format!(
                r"(?P<y2>{YEAR_NUMBER}){SP}\({SP}{}{SP}(?P<y>{}){SP}(?:年{SP})?\){SP}年(?P<fy>度)?{}",
                era_any(),
                era::YEAR_PATTERN,
                month_day_after_year()
            )
        },
        prod: |c| dual(c, "<year>(<era><year>)年"),
    },
    DateRule {
        name: "<year>年(<era><year>年)<month>月<day>日",
        starts: &[Start::Digit, Start::KanjiNumeral],
        pattern: || {
            format!(
                r"(?P<y2>{YEAR_NUMBER}){SP}年(?P<fy>度)?{SP}\({SP}{}{SP}(?P<y>{}){SP}年(?:度)?{SP}\){}",
                era_any(),
                era::YEAR_PATTERN,
                month_day_after_year()
            )
        },
        prod: |c| dual(c, "<year>年(<era><year>年)"),
    },
    DateRule {
        name: "<era><year>年<month>月<day>日",
        starts: &[Start::Era],
        pattern: || {
            format!(r"{}{SP}(?P<y>{}){SP}年(?P<fy>度)?{}", era_any(), era::YEAR_PATTERN, month_day_after_year())
        },
        prod: era_named,
    },
    DateRule {
        name: "<yy>年<month>月<day>日",
        starts: &[Start::Digit],
        pattern: || {
            format!(r"(?P<y>[0-9]{{2}}){SP}年{SP}(?P<m>{DATE_NUMBER}){SP}月(?:{SP}(?P<d>{DATE_NUMBER}){SP}日)?")
        },
        prod: short_year_named,
    },
    DateRule {
        name: "<era><year>.<month>.<day>",
        starts: &[Start::Era],
        pattern: || {
            format!(
                r"(?P<era>{}|{}|{}){SP}(?P<y>[0-9]{{1,2}}|元)[./](?P<m>[0-9]{{1,2}})(?:[./](?P<d>[0-9]{{1,2}}))?(?P<mk>{SP}月)?",
                era::names_pattern(),
                era::letters_pattern(),
                era::shorts_pattern()
            )
        },
        prod: era_dotted,
    },
    DateRule {
        name: "<era><year>",
        starts: &[Start::Era],
        pattern: || format!(r"{}{SP}(?P<y>{})", era_any(), era::YEAR_PATTERN),
        prod: era_bare,
    },
    DateRule {
        name: "<year>年<month>月<day>日",
        starts: &[Start::Digit, Start::KanjiNumeral, Start::Seireki],
        pattern: || format!(r"(?P<west>西暦{SP})?(?P<y>{YEAR_NUMBER}){SP}年(?P<fy>度)?{}", month_day_after_year()),
        prod: western_named,
    },
    DateRule {
        name: "<year>/<month>/<day>",
        starts: &[Start::Digit, Start::Seireki],
        pattern: || {
            format!(
                r"(?P<west>西暦{SP})?(?P<y>[0-9]{{4}})(?P<s1>[/.\-・])(?P<m>[0-9]{{1,2}})(?:(?P<s2>[/.\-・])(?P<d>[0-9]{{1,2}})|(?P<mk>月))?"
            )
        },
        prod: western_separated,
    },
    DateRule {
        name: "<year><season>",
        starts: &[Start::Digit],
        pattern: || "(?P<y>[0-9]{4})/?(?P<p>[春夏秋冬])".to_string(),
        prod: western_season,
    },
    DateRule {
        name: "<yy>/<mm>/<dd>",
        starts: &[Start::Digit],
        pattern: || r"(?P<y>[0-9]{2})(?P<s1>[/.\-])(?P<m>[0-9]{1,2})(?P<s2>[/.\-])(?P<d>[0-9]{1,2})".to_string(),
        prod: two_digit_year,
    },
    DateRule {
        name: "<month>/<day>",
        starts: &[Start::Digit],
        pattern: || r"(?P<m>[0-9]{1,2})/(?P<d>[0-9]{1,2})".to_string(),
        prod: month_slash_day,
    },
    DateRule {
        name: "<month>月<day>日",
        starts: &[Start::Digit, Start::KanjiNumeral],
        pattern: || format!(r"(?P<m>{DATE_NUMBER}){SP}月(?:{SP}(?P<d>{DATE_NUMBER}){SP}日)?"),
        prod: month_day,
    },
    DateRule {
        name: "<fiscal-word>",
        starts: &[Start::Fiscal],
        pattern: || {
            let words: Vec<&str> = FISCAL_WORDS.iter().map(|(w, _)| *w).collect();
            format!("(?P<w>{})", words.join("|"))
        },
        prod: fiscal_word,
    },
    DateRule {
        name: "年度<part>",
        starts: &[Start::Nen],
        pattern: || {
            let parts: Vec<&str> = FY_PARTS.iter().map(|(w, _)| *w).collect();
            format!("年度(?P<p>{})", parts.join("|"))
        },
        prod: fiscal_part,
    },
    DateRule { name: "年内", starts: &[Start::Nen], pattern: || "(?P<yw>年内)".to_string(), prod: year_within },
    DateRule {
        name: "<season>",
        starts: &[Start::Season],
        pattern: || format!("(?P<p>[{SEASONS}])"),
        prod: season_alone,
    },
];

/// The seasons' kanji, in the order of their first months (3, 6, 9, 12).
pub(crate) const SEASONS: &str = "春夏秋冬";

/// Words after a season with no year that make it a date: an open end or an approximation
/// (`秋以降`, `春頃`); a season alone is a word of the text (`春の訪れ`).
const SEASON_ENDS: &[&str] = &["以降", "以後", "から", "まで", "頃", "ごろ"];

/// Where a date whose first mark (digit, kanji numeral or 年) is at `mark` may start, looking
/// back no further than `floor`: before an era's name, letter or one-kanji abbreviation (after
/// spaces, and 元 before 年: `令和 4`, `R5`, `令和元年`), before 西暦, or before a fiscal word's
/// first char (`今年度`). `mark` itself when nothing stands there.
pub(crate) fn start_before(norm: &str, mark: usize, floor: usize) -> usize {
    let prefix = &norm[floor..mark];
    let at_nen = norm[mark..].starts_with('年');
    if at_nen {
        // 今年度, 昨年度 …: one char before 年.
        if let Some(c) = prefix.chars().next_back() {
            let from = mark - c.len_utf8();
            if FISCAL_WORDS.iter().any(|(w, _)| norm[from..].starts_with(w)) {
                return from;
            }
        }
    }
    let mut rest = prefix;
    if at_nen {
        rest = rest.strip_suffix('元').unwrap_or(rest);
    }
    let trimmed = rest.trim_end_matches(' ');
    if rest.len() - trimmed.len() > 3 {
        return mark;
    }
    // The last char, read once: an era's name must end with it, its letter or one-char
    // abbreviation must be it.
    let Some(last) = trimmed.chars().next_back() else { return mark };
    for e in &era::ERAS {
        if e.name.ends_with(last) && trimmed.ends_with(e.name) {
            return floor + trimmed.len() - e.name.len();
        }
        if last == e.letter || last == e.short {
            return floor + trimmed.len() - last.len_utf8();
        }
    }
    if trimmed.ends_with("西暦") {
        return floor + trimmed.len() - "西暦".len();
    }
    mark
}

/// The group names rules may use.
const GROUP_NAMES: [&str; 13] = ["era", "y", "y2", "fy", "m", "d", "mk", "west", "s1", "s2", "w", "p", "yw"];

/// The compiled rules. `all` is every rule as one pattern of a multi-pattern regex: its lazy
/// DFA turns most places down in a few bytes, and where it matches it says which rule did
/// (leftmost-first prefers the earliest rule that matches at a place, as the order of
/// [`RULES`] asks) and where the match ends. That rule's own backtracker then reads its
/// groups on the matched text alone (a regex's capture search would run a DFA over it again
/// first). Where the rule found is not one of those that start with the char there, the rules
/// that do are asked in order. (Reading groups through one regex of all rules made the
/// capture engine walk every rule's automaton each time: a fifth of extraction's time.)
pub(crate) struct Compiled {
    all: regex_automata::meta::Regex,
    rules: Vec<CompiledRule>,
}

struct CompiledRule {
    regex: Regex,
    groups: BoundedBacktracker,
    /// The index of each name of [`GROUP_NAMES`] in `groups`.
    named: [Option<usize>; GROUP_NAMES.len()],
}

pub(crate) static COMPILED: LazyLock<Compiled> = LazyLock::new(|| {
    let patterns: Vec<String> = RULES.iter().map(|r| (r.pattern)()).collect();
    let anchored: Vec<String> = patterns.iter().map(|p| format!("^(?:{p})")).collect();
    let all = regex_automata::meta::Regex::new_many(&anchored).expect("date rules compile");
    let rules = anchored
        .iter()
        .map(|p| {
            let regex = Regex::new(p).expect("date rule compiles");
            let groups = BoundedBacktracker::new(p).expect("date rule compiles");
            let mut named = [None; GROUP_NAMES.len()];
            for (k, g) in GROUP_NAMES.iter().enumerate() {
                named[k] = groups.get_nfa().group_info().to_index(PatternID::ZERO, g);
            }
            CompiledRule { regex, groups, named }
        })
        .collect();
    Compiled { all, rules }
});

/// Each rule's backtracker cache and capture slots, reused from match to match.
pub(crate) struct RuleBuffers(Vec<(backtrack::Cache, Captures)>);

impl RuleBuffers {
    pub(crate) fn new() -> RuleBuffers {
        RuleBuffers(COMPILED.rules.iter().map(|r| (r.groups.create_cache(), r.groups.create_captures())).collect())
    }
}

/// The groups of one rule's match, read by their plain names.
pub(crate) struct Caps<'a> {
    pub norm: &'a str,
    /// The text the regex ran on, starting `offset` bytes into `norm`.
    hay: &'a str,
    /// Each name of [`GROUP_NAMES`]'s byte range in `hay`, when the match holds it.
    groups: [Option<(usize, usize)>; GROUP_NAMES.len()],
    pub start: usize,
    pub end: usize,
    /// The rule's name: productions that read one shape only name their atom with it.
    pub rule: &'static str,
}

impl<'a> Caps<'a> {
    fn group(&self, name: &str) -> Option<(usize, usize)> {
        let k = GROUP_NAMES.iter().position(|g| *g == name)?;
        self.groups[k]
    }

    pub fn text(&self, name: &str) -> Option<&'a str> {
        let (s, e) = self.group(name)?;
        self.hay.get(s..e)
    }

    pub fn has(&self, name: &str) -> bool {
        self.group(name).is_some()
    }

    pub fn num(&self, name: &str) -> Option<u32> {
        small_value(self.text(name)?)
    }

    pub fn before(&self) -> Option<char> {
        chars::before(self.norm, self.start)
    }

    pub fn after(&self) -> Option<char> {
        chars::at(self.norm, self.end)
    }

    fn era(&self) -> Option<&'static Era> {
        era::lookup(self.text("era")?)
    }

    /// True when the era was written as a letter (`R`, `H`).
    fn era_is_letter(&self) -> bool {
        self.text("era").is_some_and(|e| e.len() == 1)
    }
}

/// The atom a rule reads at the start of `hay` (which starts `offset` bytes into `norm`),
/// if one does and its production accepts it.
pub(crate) fn atom_at(norm: &str, hay: &str, offset: usize, bufs: &mut RuleBuffers) -> Option<Atom> {
    let compiled = &*COMPILED;
    let m = compiled.all.find(hay)?;
    let span = &hay[..m.end()];
    let start = Start::of(span)?;
    let found = m.pattern().as_usize();
    let i = if RULES[found].starts.contains(&start) {
        found
    } else {
        // The rule `all` found does not start so: the first rule that does and matches.
        (0..RULES.len()).find(|&i| RULES[i].starts.contains(&start) && compiled.rules[i].regex.is_match(span))?
    };
    let rule = &compiled.rules[i];
    let (cache, found) = &mut bufs.0[i];
    rule.groups.try_captures(cache, span, found).ok()?;
    let mut groups = [None; GROUP_NAMES.len()];
    for (g, k) in groups.iter_mut().zip(&rule.named) {
        *g = k.and_then(|k| found.get_group(k)).map(|r| (r.start, r.end));
    }
    let m = found.get_match()?;
    let (s, e) = (m.start(), m.end());
    let caps = Caps { norm, hay: span, groups, start: s + offset, end: e + offset, rule: RULES[i].name };
    let atom = (RULES[i].prod)(&caps)?;
    // `令和3年7月100日`: a day that cannot be leaves the month behind it no date either.
    let broken_day = norm[..atom.end].ends_with('月') && chars::at(norm, atom.end).is_some_and(|n| n.is_ascii_digit());
    let rest = norm.get(atom.end..).unwrap_or("");
    // A date that names an event (`平成30年7月豪雨`, `令和元年東日本台風`) or the year of an
    // act's number (`昭和22年法律第67号`) is part of a name: the filters `event_name` and
    // `law_number` say so for every figure of it.
    let named =
        filters::kanji_after_names_an_event(rest) || (norm[..atom.end].ends_with('年') && filters::act_follows(rest));
    (!broken_day && !named).then_some(atom)
}

// ---------------------------------------------------------------------------------------
// Productions
// ---------------------------------------------------------------------------------------

/// The era year of a match, as a Western year.
fn era_year(c: &Caps) -> Option<i32> {
    Some(c.era()?.offset + era::parse_year(c.text("y")?)?)
}

/// An atom with an explicit year and optional 度 / month / day groups.
fn dated(c: &Caps, rule: &'static str, year: i32) -> Option<Atom> {
    let fiscal = c.has("fy");
    let m = c.num("m");
    let d = c.num("d");
    if c.has("m") && m.is_none() || c.has("d") && d.is_none() {
        return None;
    }
    if let Some(m) = m {
        let cal_year = if fiscal { year_of_month_in_fy(Some(year), m) } else { Some(year) };
        if !valid_md(cal_year, m, d) {
            return None;
        }
    }
    let mut a = Atom::new(c.start, c.end, AtomKind::Dated, rule);
    a.year = Some(year);
    a.fiscal = fiscal;
    a.month = m;
    a.day = d;
    Some(a)
}

/// The rule name of a dated atom from what it holds: `<era><year>年度<month>月` …
fn dated_name(era: bool, fiscal: bool, month: bool, day: bool) -> &'static str {
    match (era, fiscal, month, day) {
        (true, true, true, true) => "<era><year>年度<month>月<day>日",
        (true, true, true, false) => "<era><year>年度<month>月",
        (true, false, true, true) => "<era><year>年<month>月<day>日",
        (true, false, true, false) => "<era><year>年<month>月",
        (true, true, false, _) => "<era><year>年度",
        (true, false, false, _) => "<era><year>年",
        (false, true, true, true) => "<year>年度<month>月<day>日",
        (false, true, true, false) => "<year>年度<month>月",
        (false, false, true, true) => "<year>年<month>月<day>日",
        (false, false, true, false) => "<year>年<month>月",
        (false, true, false, _) => "<year>年度",
        (false, false, false, _) => "<year>年",
    }
}

/// Dual notation (`令和4(2022)年7月`, `2019(令和元)年10月`): one date. When the two years
/// disagree the era reading is kept and the rule says so.
fn dual(c: &Caps, sketch: &'static str) -> Option<Atom> {
    let by_era = era_year(c)?;
    let western = i32::try_from(small_value(c.text("y2")?)?).ok()?;
    if c.era_is_letter() && c.before().is_some_and(|p| p.is_ascii_alphanumeric()) {
        return None;
    }
    let mut a = dated(c, "", by_era)?;
    a.era = c.era();
    let parts = match (a.fiscal, a.month.is_some(), a.day.is_some()) {
        (true, true, true) => "度<month>月<day>日",
        (true, true, false) => "度<month>月",
        (true, false, _) => "度",
        (false, true, true) => "<month>月<day>日",
        (false, true, false) => "<month>月",
        (false, false, _) => "",
    };
    let agree = if by_era == western { "" } else { " (years disagree: era reading)" };
    a.rule = crate::extract::intern(&format!("{sketch}{parts}{agree}"));
    Some(a)
}

fn era_named(c: &Caps) -> Option<Atom> {
    if c.era_is_letter() && c.before().is_some_and(|p| p.is_ascii_alphanumeric()) {
        return None;
    }
    let y = era_year(c)?;
    let mut a = dated(c, "", y)?;
    a.era = c.era();
    a.rule = dated_name(true, a.fiscal, a.month.is_some(), a.day.is_some());
    Some(a)
}

fn era_dotted(c: &Caps) -> Option<Atom> {
    let y = era_year(c)?;
    // A one-kanji era (`令5.3.31`) only where it starts a word: `法令5.3` is no date.
    let short = c.text("era").is_some_and(|e| e.chars().count() == 1 && !e.is_ascii());
    if short && c.before().is_some_and(|p| is_kanji(p) || is_katakana(p)) {
        return None;
    }
    let (m, d) = (c.num("m")?, c.num("d"));
    let next = c.after();
    let next_bad = next.is_some_and(|n| n.is_ascii_alphanumeric())
        || (matches!(next, Some('.') | Some('/')) && chars::at(c.norm, c.end + 1).is_some_and(|n| n.is_ascii_digit()));
    if c.before().is_some_and(|p| p.is_ascii_alphanumeric()) || next_bad || !valid_md(Some(y), m, d) {
        return None;
    }
    let rule = match (d.is_some(), c.has("mk")) {
        (true, _) => "<era><year>.<month>.<day>",
        (false, true) => "<era><year>.<month>月",
        (false, false) => "<era><year>.<month>",
    };
    let mut a = Atom::new(c.start, c.end, AtomKind::EraDotted, rule);
    a.era = c.era();
    a.year = Some(y);
    a.month = Some(m);
    a.day = d;
    Some(a)
}

/// A bare era year: with a letter (`H22`, `R3当初比`) a fiscal year; with a name (`令和3`)
/// only as the start of a range (`令和3~5年度`), whose end decides the grain.
fn era_bare(c: &Caps) -> Option<Atom> {
    let y = era_year(c)?;
    let next = c.after();
    let rest = c.norm.get(c.end..).unwrap_or("");
    if c.era_is_letter() {
        let next_bad =
            next.is_some_and(|n| n.is_ascii_alphanumeric() || ".,/%*+&_".contains(n) || is_katakana(n) || n == '年');
        if c.before().is_some_and(|p| p.is_ascii_alphanumeric()) || next_bad {
            return None;
        }
        // `H27-` is a range start (`H27-R1`), not a word with a hyphen.
        if next == Some('-') && !rest[1..].starts_with(|n: char| n.is_ascii_alphanumeric()) {
            return None;
        }
        // `H 2 2`: letter-spaced digits go on; the year is cut.
        if rest.starts_with(' ') && rest[1..].starts_with(|n: char| n.is_ascii_digit()) {
            return None;
        }
    } else {
        let gap = chars::spaces_at(c.norm, c.end);
        let after = &rest[gap..];
        // It starts a range (`令和3~5年度`) or a list whose last item gives the grain
        // (`平成18・22・26年度`).
        let list = after.starts_with('・') && after[3..].starts_with(|n: char| n.is_ascii_digit());
        if !(after.starts_with('~') || after.starts_with('-') || after.starts_with("から") || list) {
            return None;
        }
    }
    let mut a = Atom::new(c.start, c.end, AtomKind::EraBare, c.rule);
    a.era = c.era();
    a.year = Some(y);
    a.fiscal = true;
    Some(a)
}

fn western_named(c: &Caps) -> Option<Atom> {
    let y = i32::try_from(small_value(c.text("y")?)?).ok()?;
    let before = c.before();
    if !c.has("west") && before.is_some_and(|p| p.is_ascii_alphanumeric() || p == '.' || p == ',') {
        return None;
    }
    if !(1868..=2199).contains(&y) {
        return None;
    }
    let mut a = dated(c, "", y)?;
    let base = dated_name(false, a.fiscal, a.month.is_some(), a.day.is_some());
    a.rule = if c.has("west") { crate::extract::intern(&format!("西暦{base}")) } else { base };
    Some(a)
}

/// Chars after which a figure is a quantity, not the month of a `2023.10`-like date.
const QUANTITY_AFTER: &str = "%万億兆千百円人件社回名";

fn western_separated(c: &Caps) -> Option<Atom> {
    let y: i32 = c.text("y")?.parse().ok()?;
    let (s1, s2) = (c.text("s1")?, c.text("s2"));
    if s2.is_some_and(|s| s != s1) {
        return None;
    }
    let (m, d) = (c.num("m")?, c.num("d"));
    let before = c.before();
    let next = c.after();
    let prev_bad = !c.has("west") && before.is_some_and(|p| p.is_ascii_alphanumeric() || "./,-".contains(p));
    let next_bad = next.is_some_and(|n| n.is_ascii_alphanumeric() || "./-:".contains(n) || QUANTITY_AFTER.contains(n));
    if prev_bad || next_bad || !(1868..=2199).contains(&y) || !valid_md(Some(y), m, d) {
        return None;
    }
    // `2023-4` alone is a range of two numbers more often than a month.
    if s1 == "-" && d.is_none() && !c.has("mk") {
        return None;
    }
    let rule = match (c.has("west"), d.is_some()) {
        (false, true) => "<year>/<month>/<day>",
        (false, false) => "<year>/<month>",
        (true, true) => "西暦<year>/<month>/<day>",
        (true, false) => "西暦<year>/<month>",
    };
    let mut a = Atom::new(c.start, c.end, AtomKind::Dated, rule);
    a.year = Some(y);
    a.month = Some(m);
    a.day = d;
    Some(a)
}

/// `24年3月8日`: a two-digit year with a month; which century or era it is in is decided when
/// the document's fiscal year is known.
fn short_year_named(c: &Caps) -> Option<Atom> {
    let yy: i32 = c.text("y")?.parse().ok()?;
    let (m, d) = (c.num("m")?, if c.has("d") { Some(c.num("d")?) } else { None });
    if c.before().is_some_and(|p| p.is_ascii_alphanumeric() || "./,-第".contains(p) || is_kanji(p))
        || !valid_md(None, m, d)
    {
        return None;
    }
    let rule = if d.is_some() { "<yy>年<month>月<day>日" } else { "<yy>年<month>月" };
    let mut a = Atom::new(c.start, c.end, AtomKind::ShortYear, rule);
    a.year = Some(yy);
    a.month = Some(m);
    a.day = d;
    Some(a)
}

/// `2022春`: a season after a bare year.
fn western_season(c: &Caps) -> Option<Atom> {
    let y: i32 = c.text("y")?.parse().ok()?;
    let season = match c.text("p")? {
        "春" => 3,
        "夏" => 6,
        "秋" => 9,
        _ => 12,
    };
    if c.before().is_some_and(|p| p.is_ascii_alphanumeric() || "./,-".contains(p)) || !(1868..=2199).contains(&y) {
        return None;
    }
    let mut a = Atom::new(c.start, c.end, AtomKind::Dated, c.rule);
    a.year = Some(y);
    a.part = Some(Part::Season(season));
    Some(a)
}

/// `23/04/01`, `07.7.11`: a two-digit year (00–68 → 20xx, 69–99 → 19xx, as POSIX `%y`
/// reads it), only with month and day and the same separator twice.
fn two_digit_year(c: &Caps) -> Option<Atom> {
    let yy: i32 = c.text("y")?.parse().ok()?;
    if c.text("s1")? != c.text("s2")? {
        return None;
    }
    let (m, d) = (c.num("m")?, c.num("d")?);
    let y = if yy <= 68 { 2000 + yy } else { 1900 + yy };
    let before = c.before();
    let next = c.after();
    let prev_bad = before.is_some_and(|p| p.is_ascii_alphanumeric() || "./,-:".contains(p) || is_kanji(p));
    let next_bad = next.is_some_and(|n| n.is_ascii_alphanumeric() || "./-:%".contains(n) || QUANTITY_AFTER.contains(n));
    if prev_bad || next_bad || !valid_md(Some(y), m, Some(d)) {
        return None;
    }
    let mut a = Atom::new(c.start, c.end, AtomKind::Dated, c.rule);
    a.year = Some(y);
    a.month = Some(m);
    a.day = Some(d);
    Some(a)
}

/// Words before a `1/2` that make it a ratio (補助率1/2), and after it (1/2以内).
const RATIO_BEFORE: &[&str] = &["率", "割合", "負担", "補助", "比"];
const RATIO_AFTER: &[&str] = &["以内", "以上", "以下", "未満", "程度", "相当", "を補助", "の補助"];

fn month_slash_day(c: &Caps) -> Option<Atom> {
    let (m, d) = (c.num("m")?, c.num("d")?);
    let before = c.before();
    let next = c.after();
    // Glued to a word it is a fraction or a page count (`要旨1/2`), not a date.
    let prev_bad =
        before.is_some_and(|p| p.is_ascii_alphanumeric() || "/.,-".contains(p) || is_kanji(p) || is_katakana(p));
    let next_bad = next.is_some_and(|n| n.is_ascii_alphanumeric() || "/.".contains(n));
    let ahead = c.norm.get(..c.start).unwrap_or("").trim_end_matches([' ', ':', 'は']);
    let ratio = RATIO_BEFORE.iter().any(|w| ahead.ends_with(w))
        || RATIO_AFTER.iter().any(|w| c.norm.get(c.end..).is_some_and(|r| r.starts_with(w)));
    if prev_bad || next_bad || ratio || !valid_md(None, m, Some(d)) {
        return None;
    }
    let mut a = Atom::new(c.start, c.end, AtomKind::MonthDay, c.rule);
    a.month = Some(m);
    a.day = Some(d);
    Some(a)
}

fn month_day(c: &Caps) -> Option<Atom> {
    let m = c.num("m")?;
    let d = if c.has("d") { Some(c.num("d")?) } else { None };
    let kanji = c.text("m").is_some_and(|t| !t.starts_with(|ch: char| ch.is_ascii_digit()));
    let before = c.before();
    // After `,` or `.` it is a figure's tail only when a digit stands before them (`1,4月`).
    let digit_then_mark = matches!(before, Some(',') | Some('.'))
        && chars::before(c.norm, c.start - 1).is_some_and(|p| p.is_ascii_digit());
    let prev_bad = digit_then_mark
        || before.is_some_and(|p| {
            p.is_ascii_alphanumeric() || "/第".contains(p) || (kanji && (is_kanji(p) && !"年度昨今来翌".contains(p)))
        });
    if prev_bad || !valid_md(None, m, d) {
        return None;
    }
    let rule = if d.is_some() { "<month>月<day>日" } else { "<month>月" };
    let mut a = Atom::new(c.start, c.end, AtomKind::MonthDay, rule);
    a.month = Some(m);
    a.day = d;
    Some(a)
}

fn fiscal_word(c: &Caps) -> Option<Atom> {
    let w = c.text("w")?;
    let (word, off) = FISCAL_WORDS.iter().find(|(fw, _)| *fw == w)?;
    let mut a = Atom::new(c.start, c.end, AtomKind::FiscalWord, word);
    a.fy_offset = Some(*off);
    a.fiscal = true;
    Some(a)
}

/// 年度末 and the like stand alone: after a word they are part of it (`毎年度末` is no date).
fn standalone(c: &Caps) -> bool {
    !c.before().is_some_and(|p| is_kanji(p) || is_katakana(p) || p.is_ascii_alphanumeric() || p == ')')
}

fn fiscal_part(c: &Caps) -> Option<Atom> {
    let p = c.text("p")?;
    if !standalone(c) || super::words::match_part(&c.norm[c.end - p.len()..], FY_PARTS).is_none() {
        return None;
    }
    let (word, part) = FY_PARTS.iter().find(|(w, _)| *w == p)?;
    let mut a = Atom::new(c.start, c.end, AtomKind::FiscalPart, crate::extract::intern(&format!("年度{word}")));
    a.fy_offset = Some(0);
    a.fiscal = true;
    a.part = Some(*part);
    Some(a)
}

/// `秋以降`: a season with no year before an open end, in the year of the document's fiscal
/// year (a season that is no word's part: not `今秋`, `晩秋`).
fn season_alone(c: &Caps) -> Option<Atom> {
    let p = c.text("p")?;
    let rest = c.norm.get(c.end..).unwrap_or("");
    if c.before().is_some_and(|b| is_kanji(b) || is_katakana(b) || b.is_ascii_alphanumeric())
        || !SEASON_ENDS.iter().any(|w| rest.starts_with(w))
    {
        return None;
    }
    let month = match p {
        "春" => 3,
        "夏" => 6,
        "秋" => 9,
        _ => 12,
    };
    let mut a = Atom::new(c.start, c.end, AtomKind::FiscalPart, c.rule);
    a.fy_offset = Some(0);
    a.calendar = true;
    a.part = Some(Part::Season(month));
    Some(a)
}

fn year_within(c: &Caps) -> Option<Atom> {
    if !standalone(c) {
        return None;
    }
    let mut a = Atom::new(c.start, c.end, AtomKind::FiscalPart, c.rule);
    a.fy_offset = Some(0);
    a.calendar = true;
    a.part = Some(Part::Within);
    Some(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rule's backtracker reads any match a date can be (a few dozen bytes) and more.
    #[test]
    fn backtrackers_take_any_date() {
        for (rule, compiled) in RULES.iter().zip(&COMPILED.rules) {
            assert!(compiled.groups.max_haystack_len() >= 512, "{}: {}", rule.name, compiled.groups.max_haystack_len());
        }
    }

    /// The `starts` of each rule never hide a rule: at every place of these texts, the first
    /// rule that matches is the same whether rules are filtered by their first char or not,
    /// and it is the rule the one search of `all` reports.
    #[test]
    fn start_kinds_never_hide_a_rule() {
        let texts = [
            "令和4(2022)年7月1日 2019(令和元)年10月 平成31(2019)年度 令和5年(2023年)6月 2019年(令和元年)10月",
            "R1.8 H30.11.22 令5.3.31 R3当初比 令和3~5年度 H25~H30 24年3月8日 96年8月",
            "2023/4/1 2023-4-1 2023.10 2023・4・1 西暦2023年 西暦2021/10/1 2022春 23/04/01 07.7.11",
            "6/12 5月 二月十四日 十二月 平成十八年二月十五日 二〇二三年 今年度 前年度 年度末 年内 昨年度",
        ];
        let compiled = &*COMPILED;
        let mut places = 0;
        for text in texts {
            for (pos, _) in text.char_indices() {
                let hay = &text[pos..];
                let Some(m) = compiled.all.find(hay) else { continue };
                places += 1;
                let span = &hay[..m.end()];
                let unfiltered = compiled.rules.iter().position(|r| r.regex.is_match(span));
                assert_eq!(unfiltered, Some(m.pattern().as_usize()), "at «{span}»");
                let start = Start::of(span);
                let filtered = (0..RULES.len()).find(|&i| {
                    start.is_some_and(|s| RULES[i].starts.contains(&s)) && compiled.rules[i].regex.is_match(span)
                });
                assert_eq!(filtered, unfiltered, "at «{span}»");
            }
        }
        assert!(places > 50, "the texts hold dates: {places}");
    }
}
