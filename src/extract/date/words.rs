//! Words that may follow a date and change its value: parts of a period (`末`, `上旬`,
//! `上半期`, seasons), approximation (`頃`), as-of (`時点`), open ends (`以降`, `まで`), range
//! marks, and a weekday in brackets.

use crate::text::calendar::{days_in_month, When};
use crate::text::chars;

/// A part of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
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
    /// The ten years from a year ending in 0 (`2030年代`).
    Decade,
}

/// Parts of a month: `3月末`, `10月上旬`.
pub(crate) const MONTH_PARTS: &[(&str, Part)] = &[
    ("上旬", Part::Early),
    ("初旬", Part::Early),
    ("中旬", Part::Mid),
    ("下旬", Part::Late),
    ("末日", Part::End),
    ("末", Part::End),
];
/// Parts of a fiscal year: `年度末`, `年度上半期`, `年度当初`, `年度内`.
pub(crate) const FY_PARTS: &[(&str, Part)] = &[
    ("上半期", Part::FirstHalf),
    ("前半", Part::FirstHalf),
    ("前期", Part::FirstHalf),
    ("下半期", Part::SecondHalf),
    ("後半", Part::SecondHalf),
    ("後期", Part::SecondHalf),
    ("当初", Part::Start),
    ("末", Part::End),
    ("内", Part::Within),
];
/// Parts of a calendar year: seasons, `年末`, `年内`.
pub(crate) const YEAR_PARTS: &[(&str, Part)] = &[
    ("春", Part::Season(3)),
    ("夏", Part::Season(6)),
    ("秋", Part::Season(9)),
    ("冬", Part::Season(12)),
    ("末", Part::End),
    ("内", Part::Within),
    ("代", Part::Decade),
];
/// Approximate: the value is unchanged, `approx` is set.
pub(crate) const APPROX: &[&str] = &["を目途", "をめど", "を目処", "目途", "目処", "めど", "頃", "ごろ", "前後"];
/// As-of: `role` is `as_of`.
pub(crate) const AS_OF: &[&str] = &["時点", "現在"];
/// Open end: `A/..`.
pub(crate) const OPEN_END: &[&str] = &["以降", "以後", "から"];
/// Open start: `../B` (the surface stops at まで: `までに` → `まで`).
pub(crate) const OPEN_START: &[&str] = &["まで", "以前"];
/// Range marks between two dates; `から` only when a date follows.
pub(crate) const RANGE_MARKS: &[&str] = &["~", "-", "から"];

pub(crate) fn match_word<T: Copy>(rest: &str, table: &[(&'static str, T)]) -> Option<(&'static str, T)> {
    table.iter().find(|(w, _)| rest.starts_with(w)).copied()
}

/// Words that, after a part, make the part the start of another word: `年度内閣府` (内閣),
/// `年度当初予算` (当初予算 is the initial budget of the year, not its beginning; 年度当初値 is
/// the value at its beginning), `前期計画` (a plan's first term).
const NOT_PARTS: &[(&str, &[&str])] = &[
    (
        "内",
        &["閣", "容", "訳", "部", "外", "示", "定", "需", "線", "科", "装", "在", "面", "務", "政", "陸", "規", "側"],
    ),
    ("当初", &["予算", "計画", "比", "見込", "案", "目標", "予定"]),
    ("前期", &["計画", "基本", "実施"]),
    ("後期", &["計画", "基本", "実施", "高齢"]),
];

/// The part of a period at the start of `rest`, if one is there and is not the start of
/// another word ([`NOT_PARTS`]).
pub(crate) fn match_part(rest: &str, table: &[(&'static str, Part)]) -> Option<(&'static str, Part)> {
    let (word, part) = match_word(rest, table)?;
    let after = &rest[word.len()..];
    let starts_a_word =
        NOT_PARTS.iter().any(|(w, followers)| *w == word && followers.iter().any(|f| after.starts_with(f)));
    (!starts_a_word).then_some((word, part))
}

pub(crate) fn match_str(rest: &str, table: &[&'static str]) -> Option<&'static str> {
    table.iter().find(|w| rest.starts_with(**w)).copied()
}

/// The parts that may follow a value of this grain (`bare_era`: a bare era year such as
/// `H28`, whose parts are a calendar year's: `R4春`).
pub(crate) fn parts_for(w: When, bare_era: bool) -> &'static [(&'static str, Part)] {
    match w {
        When::Month(..) => MONTH_PARTS,
        When::Fy(_) if bare_era => YEAR_PARTS,
        When::Fy(_) => FY_PARTS,
        When::Year(_) => YEAR_PARTS,
        When::Day(..) => &[],
    }
}

/// A value with a part applied.
pub(crate) struct Applied {
    pub from: When,
    pub to: When,
    pub approx: bool,
    pub open_start: bool,
}

/// `w` with `part` applied: `3月末` is a day, `10月上旬` days 1–10, `年度上半期` April to
/// September, `年度内` up to the end of the fiscal year, a season three months.
pub(crate) fn apply_part(w: When, part: Part) -> Option<Applied> {
    let span = |from, to| Some(Applied { from, to, approx: false, open_start: false });
    match (w, part) {
        (When::Month(y, m), Part::End) => {
            let d = When::Day(y, m, days_in_month(y, m));
            span(d, d)
        }
        (When::Month(y, m), Part::Early) => span(When::Day(y, m, 1), When::Day(y, m, 10)),
        (When::Month(y, m), Part::Mid) => span(When::Day(y, m, 11), When::Day(y, m, 20)),
        (When::Month(y, m), Part::Late) => span(When::Day(y, m, 21), When::Day(y, m, days_in_month(y, m))),
        (When::Fy(y), Part::End) => {
            let d = When::Day(y.map(|y| y + 1), 3, 31);
            span(d, d)
        }
        (When::Fy(y), Part::Start) => {
            Some(Applied { from: When::Month(y, 4), to: When::Month(y, 4), approx: true, open_start: false })
        }
        (When::Fy(y), Part::FirstHalf) => span(When::Month(y, 4), When::Month(y, 9)),
        (When::Fy(y), Part::SecondHalf) => span(When::Month(y, 10), When::Month(y.map(|y| y + 1), 3)),
        (When::Fy(y), Part::Within) => {
            let end = When::Day(y.map(|y| y + 1), 3, 31);
            Some(Applied { from: end, to: end, approx: false, open_start: true })
        }
        (When::Year(y), Part::End) => {
            let d = When::Day(y, 12, 31);
            span(d, d)
        }
        (When::Year(y), Part::Within) => {
            let end = When::Day(y, 12, 31);
            Some(Applied { from: end, to: end, approx: false, open_start: true })
        }
        (When::Year(Some(y)), Part::Decade) if y % 10 == 0 => span(When::Year(Some(y)), When::Year(Some(y + 9))),
        (When::Year(y) | When::Fy(y), Part::Season(s)) => {
            let (ey, em) = if s + 2 > 12 { (y.map(|y| y + 1), s + 2 - 12) } else { (y, s + 2) };
            span(When::Month(y, s), When::Month(ey, em))
        }
        _ => None,
    }
}

/// The end of a weekday in brackets at `pos` (after optional spaces): `(金)`, `(金・祝)`,
/// `(土曜日)`, `(Sat)`; `pos` itself when there is none.
pub(crate) fn skip_weekday(norm: &str, pos: usize) -> usize {
    let start = pos + chars::spaces_at(norm, pos);
    let Some(inner) = norm.get(start..).and_then(|r| r.strip_prefix('(')) else { return pos };
    const ENGLISH: &[&str] = &["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    if let Some(day) = ENGLISH.iter().find(|d| inner.starts_with(**d)) {
        let after = &inner[day.len()..];
        let after = after.strip_prefix('.').unwrap_or(after);
        return match after.strip_prefix(')') {
            Some(rest) => norm.len() - rest.len(),
            None => pos,
        };
    }
    // One or more weekday kanji, each optionally with 曜 or 曜日, separated by ・ or nothing.
    let mut rest = inner;
    let mut days = 0;
    while let Some(c) = rest.chars().next().filter(|c| chars::WEEKDAY_KANJI.contains(*c)) {
        rest = &rest[c.len_utf8()..];
        rest = rest.strip_prefix("曜日").or_else(|| rest.strip_prefix('曜')).unwrap_or(rest);
        rest = rest.strip_prefix("・").unwrap_or(rest);
        days += 1;
        if days > 3 {
            return pos;
        }
    }
    match rest.strip_prefix(')') {
        Some(after) if days > 0 => norm.len() - after.len(),
        _ => pos,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_in_brackets() {
        for (text, len) in [
            ("(金)です", "(金)".len()),
            (" (金・祝)", " (金・祝)".len()),
            ("(土曜日)", "(土曜日)".len()),
            ("(水曜)", "(水曜)".len()),
            ("(Sat)", 5),
            ("(Tue.)", 6),
            ("(金額)", 0),
            ("(月", 0),
            ("()", 0),
        ] {
            assert_eq!(skip_weekday(text, 0), len, "{text}");
        }
    }

    #[test]
    fn parts() {
        let a = apply_part(When::Month(Some(2020), 2), Part::End).expect("part");
        assert_eq!(a.to, When::Day(Some(2020), 2, 29));
        let a = apply_part(When::Year(Some(2023)), Part::Season(12)).expect("part");
        assert_eq!((a.from, a.to), (When::Month(Some(2023), 12), When::Month(Some(2024), 2)));
        assert!(apply_part(When::Day(Some(2020), 1, 1), Part::End).is_none());
    }
}
