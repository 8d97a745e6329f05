//! An indicator's figures, wherever the document keeps them: a mention the extraction read, a
//! table cell the layout typed (a bare `347.0` under `(単位:百万円)`, a `※` that is no value), or
//! a measurement the extraction contract leaves alone (`550グラム`, `45,298平方メートル`).
//!
//! A value is read **as the document writes it**: the number and the unit after it, `万` / `億`
//! resolved as digits (`7億3,340万円` is 733,400,000 円) but an accounting unit kept as the unit
//! (`3,297百万円` is 3,297 百万円, and so is `3,297` in a column headed 百万円), so a target and its
//! result compare in the writer's own terms. Money also carries its amount in yen, for sums
//! across documents.

use std::ops::Range;

use crate::extract::{CellKind, Mention, MentionKind, Qualifier};
use crate::text::{lexicon, numeral};

use super::Context;

crate::vocabulary! {
    /// What a value measures.
    pub enum ValueKind {
        Count => "count",
        Percent => "percent",
        Money => "money",
        /// A bare figure with no unit of its own (a table cell under a header naming none).
        Number => "number",
        /// A figure with a unit of measurement (グラム, トン, 平方メートル …).
        Measurement => "measurement",
    }
}

/// Where a value was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueSource {
    /// A mention of `mentions.jsonl` (its index).
    Mention(usize),
    /// A cell of `tables.jsonl`.
    Cell { table: usize, row: usize, col: usize },
    /// Read here from the text: a measurement (`550グラム`), or a side of `actual/target`
    /// (`519,109/600,000冊`) that the extraction reads as one figure.
    Text,
}

impl ValueSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ValueSource::Mention(_) => "mention",
            ValueSource::Cell { .. } => "cell",
            ValueSource::Text => "text",
        }
    }

    /// The wire names of every source (it carries data, so it is no [`crate::vocabulary!`]; a
    /// test holds the list to [`Self::as_str`]).
    pub const ALL: [&'static str; 3] = ["mention", "cell", "text"];
}

/// One figure of an indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub source: ValueSource,
    /// Normalized byte range of the figure (the cell's text for a cell).
    pub span: Range<usize>,
    pub kind: ValueKind,
    /// The number as written (万 / 億 resolved, an accounting unit not).
    pub value: f64,
    /// The high end of a range (`5～8人`).
    pub value_max: Option<f64>,
    /// The unit as written: `人`, `%`, `円`, `百万円`, `グラム`; none for a bare number.
    pub unit: Option<String>,
    /// Money: the amount in yen.
    pub yen: Option<f64>,
    pub qualifier: Option<Qualifier>,
    /// The mention the value is, or the one read in its cell.
    pub mention: Option<usize>,
    /// Digits written after the decimal point (a stated rate's precision).
    pub decimals: u8,
}

impl Value {
    /// True when `self` and `other` measure the same thing in the same unit, so one can be set
    /// against the other. A bare number goes with a figure of any unit but money when it has
    /// no unit (a table writes its unit once, in a header or a caption, and not in every cell).
    pub fn comparable(&self, other: &Value) -> bool {
        if self.kind == other.kind {
            return self.unit == other.unit
                || self.kind == ValueKind::Number
                || (self.kind == ValueKind::Money && self.yen.is_some() && other.yen.is_some());
        }
        let loose = |a: &Value, b: &Value| {
            a.kind == ValueKind::Number
                && a.unit.is_none()
                && matches!(b.kind, ValueKind::Count | ValueKind::Measurement | ValueKind::Number | ValueKind::Percent)
        };
        loose(self, other) || loose(other, self)
    }

    /// The two values in one unit: as written when the units agree, else in yen (money
    /// written in two scales).
    pub fn against(&self, other: &Value) -> (f64, f64) {
        match (self.yen, other.yen) {
            (Some(a), Some(b)) if self.unit != other.unit => (a, b),
            _ => (self.value, other.value),
        }
    }

    /// A figure read in the text itself, no mention (a bare cell of a flattened table, a
    /// number before a counter): of `kind`, in `unit`, written as `f` spans it.
    pub fn in_text(norm: &str, f: &numeral::Figure, kind: ValueKind, unit: Option<&str>) -> Value {
        Value {
            source: ValueSource::Text,
            span: f.start..f.end,
            kind,
            value: f.value,
            value_max: None,
            unit: unit.map(str::to_string),
            yen: None,
            qualifier: None,
            mention: None,
            decimals: decimals_of(&norm[f.start..f.end]),
        }
    }

    /// `94,956人`, `3,297百万円`: the value and its unit, for evidence.
    pub fn display(&self) -> String {
        let v = if self.value.fract() == 0.0 && self.value.abs() < 1e15 {
            format!("{}", self.value as i64)
        } else {
            format!("{}", self.value)
        };
        format!("{v}{}", self.unit.as_deref().unwrap_or(""))
    }
}

/// Digits after the decimal point in `s` (the first figure's).
fn decimals_of(s: &str) -> u8 {
    let Some(dot) = s.find('.') else { return 0 };
    s[dot + 1..].chars().take_while(char::is_ascii_digit).count().min(9) as u8
}

/// The accounting unit a money surface ends with (`3,297百万円` → 百万円), when the figure
/// before it is written in Arabic digits as a table would (grouped, with a decimal point, or
/// three digits or more): `5千円` is five thousand yen written out, `5,000千円` five thousand
/// thousands.
fn accounting_unit(surface: &str) -> Option<(&'static str, f64)> {
    let s = surface.trim_end_matches(['余', ' ']).strip_suffix('円')?.trim_end_matches(['余', ' ']);
    for (word, mult) in [("百万", 1e6), ("千万", 1e7), ("千", 1e3)] {
        let Some(before) = s.strip_suffix(word) else { continue };
        let digits: String =
            before.trim_end().chars().rev().take_while(|c| c.is_ascii_digit() || matches!(c, ',' | '.')).collect();
        let table_like = digits.contains([',', '.']) || digits.chars().filter(char::is_ascii_digit).count() >= 3;
        if table_like {
            let unit = match word {
                "百万" => "百万円",
                "千万" => "千万円",
                _ => "千円",
            };
            return Some((unit, mult));
        }
    }
    None
}

/// A mention as an indicator's value: counts, percentages and money (dates are not values).
pub fn from_mention(norm: &str, index: usize, m: &Mention) -> Option<Value> {
    let kind = match m.kind {
        MentionKind::Count => ValueKind::Count,
        MentionKind::Percent => ValueKind::Percent,
        MentionKind::Money => ValueKind::Money,
        MentionKind::Date => return None,
    };
    let v = m.value?;
    let surface = &norm[m.norm_span.clone()];
    let (value, value_max, unit, yen) = match (kind, accounting_unit(surface)) {
        (ValueKind::Money, Some((unit, mult))) => {
            (v / mult, m.value_max.map(|x| x / mult), Some(unit.to_string()), Some(v))
        }
        (ValueKind::Money, None) => (v, m.value_max, m.unit.clone(), (m.unit.as_deref() == Some("円")).then_some(v)),
        _ => (v, m.value_max, m.unit.clone(), None),
    };
    Some(Value {
        source: ValueSource::Mention(index),
        span: m.norm_span.clone(),
        kind,
        value,
        value_max,
        unit,
        yen,
        qualifier: m.qualifier,
        mention: Some(index),
        decimals: decimals_of(surface),
    })
}

/// The unit a money cell's yen value implies for the number written in it.
fn yen_scale_unit(scale: f64) -> Option<&'static str> {
    let near = |x: f64| (scale / x - 1.0).abs() < 1e-6;
    [(1.0, "円"), (1e3, "千円"), (1e4, "万円"), (1e6, "百万円"), (1e7, "千万円"), (1e8, "億円")]
        .into_iter()
        .find(|&(x, _)| near(x))
        .map(|(_, u)| u)
}

/// The value of a table cell as the layout typed it: a figure, or none for an empty mark, a
/// year, a date or text without a figure. A text cell holding one figure among words
/// (`一般職員数 15人削減`, `延床面積 45,298平方メートル`) gives that figure.
pub fn from_cell(cx: &Context, table: usize, row: usize, col: usize) -> Option<Value> {
    let t = cx.tables.get(table)?;
    let cell = t.rows.get(row)?.get(col)?;
    let typed = cx.cell(table, row, col)?;
    let source = ValueSource::Cell { table, row, col };
    let text = cell.text.trim();
    let with_source = |v: Value| Value { source, ..v };
    match typed.kind {
        CellKind::Empty | CellKind::FiscalYear | CellKind::Date => None,
        CellKind::Text => {
            // One figure among words (`一般職員数 15人削減`); of several of one unit, the first:
            // a total before its parts (`男女計:6.4% 男性:9.8% 女性:2.3%`).
            let figures = figures_in(cx, cell.norm_span.clone());
            match figures.as_slice() {
                [only] => Some(with_source(only.clone())),
                [first, rest @ ..] if rest.iter().all(|v| v.kind == first.kind && v.unit == first.unit) => {
                    Some(with_source(first.clone()))
                }
                [] => qualified_bare(cx, table, row, col),
                _ => None,
            }
        }
        CellKind::Money => {
            if let Some(m) = typed.mention.filter(|&i| cx.norm[cx.mentions[i].norm_span.clone()].contains('円')) {
                return from_mention(cx.norm, m, &cx.mentions[m]).map(with_source);
            }
            let inner = text.trim_start_matches('(').trim_end_matches(')');
            let f = numeral::read(inner, 0, inner.len()).filter(|f| f.start == 0)?;
            let yen = typed.value?;
            let unit = if f.value != 0.0 { yen_scale_unit(yen / f.value) } else { None };
            Some(Value {
                source,
                span: cell.norm_span.clone(),
                kind: ValueKind::Money,
                value: f.value,
                value_max: None,
                unit: Some(unit.unwrap_or("円").to_string()),
                yen: Some(yen),
                qualifier: None,
                mention: typed.mention,
                decimals: decimals_of(inner),
            })
        }
        CellKind::Count | CellKind::Percent | CellKind::Number => {
            let kind = match typed.kind {
                CellKind::Count => ValueKind::Count,
                CellKind::Percent => ValueKind::Percent,
                _ => ValueKind::Number,
            };
            // A bare number in a row whose 単位 column names its unit.
            let unit = typed.unit.clone().or_else(|| {
                let uc = t.unit_column.filter(|&uc| uc != col)?;
                let u = t.rows[row].get(uc)?.text.trim();
                (!u.is_empty() && u.chars().count() <= 4).then(|| u.to_string())
            });
            let qualifier = typed.mention.and_then(|i| cx.mentions[i].qualifier);
            Some(Value {
                source,
                span: cell.norm_span.clone(),
                kind,
                value: typed.value?,
                value_max: typed.mention.and_then(|i| cx.mentions[i].value_max),
                unit,
                yen: None,
                qualifier,
                mention: typed.mention,
                decimals: decimals_of(text),
            })
        }
    }
}

/// Qualifiers a table writes after a bare target (`60以上`, `42,000以下`, `15以内`), and the
/// qualifier each means (`以内`, within, is at most: `以下`).
const CELL_QUALIFIERS: [(&str, Qualifier); 5] = [
    ("以上", Qualifier::AtLeast),
    ("以下", Qualifier::AtMost),
    ("以内", Qualifier::AtMost),
    ("未満", Qualifier::Below),
    ("超", Qualifier::Above),
];

/// A bare figure with a qualifier or a direction mark after it (`60以上`, `9.5以下`, `12,180⇧`):
/// no mention and no type of its own, so it takes the kind and unit of the figures beside it in
/// its row (else its column).
fn qualified_bare(cx: &Context, table: usize, row: usize, col: usize) -> Option<Value> {
    let t = &cx.tables[table];
    let cell = &t.rows[row][col];
    let text = cell.text.trim();
    let (number, q) = match CELL_QUALIFIERS.iter().find(|(w, _)| text.ends_with(w)) {
        Some((w, q)) => (text[..text.len() - w.len()].trim_end(), Some(*q)),
        // A direction mark after the figure (`12,180⇧`): the figure is the cell's value.
        None => (text.strip_suffix(['⇧', '⇩', '↑', '↓'])?.trim_end(), None),
    };
    let f = numeral::read(number, 0, number.len()).filter(|f| f.start == 0 && f.end == number.len() && !f.kanji)?;
    let width = t.rows[row].len();
    // The rows of its row's label (a label cell over rows whose label cell is empty:
    // `若年者の早期離職率(%)` over its 目標値 and 実績値 rows) come first, then the others, nearest
    // first: a column holds the figures of other indicators, in other units.
    let labelled = |r: usize| t.rows[r].first().is_some_and(|c| !c.text.trim().is_empty());
    let group_start = (t.header_rows..=row).rev().find(|&r| labelled(r)).unwrap_or(row);
    let group_end = (row + 1..t.rows.len()).find(|&r| labelled(r)).unwrap_or(t.rows.len());
    let mut others: Vec<usize> = (0..t.rows.len()).filter(|&r| r != row).collect();
    others.sort_by_key(|&r| (!(group_start..group_end).contains(&r), r.abs_diff(row), r < row));
    let sibling =
        (0..width).filter(|&c| c != col).map(|c| (row, c)).chain(others.into_iter().map(|r| (r, col))).find_map(
            |(r, c)| {
                let typed = cx.cell(table, r, c)?;
                matches!(typed.kind, CellKind::Money | CellKind::Count | CellKind::Percent | CellKind::Number)
                    .then(|| from_cell(cx, table, r, c))
                    .flatten()
            },
        );
    let (kind, unit, yen) = match &sibling {
        Some(s) if s.kind == ValueKind::Money => {
            let mult = money_multiplier(s.unit.as_deref());
            (ValueKind::Money, s.unit.clone(), mult.map(|m| f.value * m))
        }
        Some(s) => (s.kind, s.unit.clone(), None),
        None => (ValueKind::Number, None, None),
    };
    Some(Value {
        source: ValueSource::Cell { table, row, col },
        span: cell.norm_span.clone(),
        kind,
        value: f.value,
        value_max: None,
        unit,
        yen,
        qualifier: q,
        mention: None,
        decimals: decimals_of(number),
    })
}

/// Yen per unit of a money unit as written (`百万円` → 1e6): extraction's scales, one list.
pub(crate) fn money_multiplier(unit: Option<&str>) -> Option<f64> {
    unit.and_then(crate::extract::yen_multiplier)
}

/// A figure followed by a unit of measurement at byte `at` of `norm` (`550グラム`, `3,263 トン`),
/// read no further than `end`.
pub fn measurement_at(norm: &str, at: usize, end: usize) -> Option<Value> {
    let f = numeral::read(norm, at, end)?;
    if f.start != at {
        return None;
    }
    let mut p = f.end;
    while norm[p..end].starts_with(' ') {
        p += 1;
    }
    let unit = lexicon::measure_prefix(&norm[p..end]).filter(|u| !MEASURES_NOT_VALUES.contains(u))?;
    // A Latin unit is a word of its own: `5m` but not `5min`.
    let after = norm[p + unit.len()..].chars().next();
    if unit.is_ascii() && after.is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some(Value {
        source: ValueSource::Text,
        span: f.start..p + unit.len(),
        kind: ValueKind::Measurement,
        value: f.value,
        value_max: f.value_max,
        unit: Some(unit.to_string()),
        yen: None,
        qualifier: None,
        mention: None,
        decimals: decimals_of(&norm[f.start..f.end]),
    })
}

/// Units of [`lexicon::MEASURES`] that make no value to reach (`2倍`, `3時間` of a meeting).
const MEASURES_NOT_VALUES: &[&str] = &["倍"];

/// Whether `range` may hold `n` figures or more: an upper bound on them, cheap enough to ask
/// of every line. Every figure a rule reads is a mention starting in the range or starts its
/// own run of ASCII digits (a bare number, a measurement, `△38`), so the mentions starting
/// there and the digit runs together are at least as many as the figures.
pub fn may_hold_figures(cx: &Context, range: Range<usize>, n: usize) -> bool {
    let mentions = cx.index.within(&range).len();
    if mentions >= n {
        return true;
    }
    mentions + cx.index.digit_runs_within(cx.norm, &range) >= n
}

/// Every value in `range`: the figures the extraction read (dates left out), and the
/// measurements between them, in order.
pub fn figures_in(cx: &Context, range: Range<usize>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    let mut last_end = range.start;
    let scan = |from: usize, to: usize, out: &mut Vec<Value>| {
        let bytes = cx.norm.as_bytes();
        let mut p = from;
        while p < to {
            // A figure here starts at an ASCII digit, whose byte is never part of another char:
            // the next one is found by its byte.
            let Some(d) = bytes[p..to].iter().position(u8::is_ascii_digit) else { break };
            p += d;
            if !cx.norm[..p].ends_with(|b: char| b.is_ascii_digit() || b == '.' || b == ',') {
                if let Some(v) = measurement_at(cx.norm, p, to) {
                    p = v.span.end;
                    out.push(v);
                    continue;
                }
            }
            p += 1;
        }
    };
    for i in cx.index.within(&range) {
        let m = &cx.mentions[i];
        if m.norm_span.end > range.end {
            continue;
        }
        if m.norm_span.start > last_end {
            scan(last_end, m.norm_span.start, &mut out);
        }
        if let Some(v) = from_mention(cx.norm, i, m) {
            out.push(v);
        }
        last_end = last_end.max(m.norm_span.end);
    }
    if last_end < range.end {
        scan(last_end, range.end, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_is_named_once_in_all() {
        let sources = [ValueSource::Mention(0), ValueSource::Cell { table: 0, row: 0, col: 0 }, ValueSource::Text];
        for s in sources {
            // A source added to the enum stops this match compiling until it is listed here.
            match s {
                ValueSource::Mention(_) | ValueSource::Cell { .. } | ValueSource::Text => {}
            }
        }
        let names: Vec<&str> = sources.iter().map(|s| s.as_str()).collect();
        assert_eq!(names, ValueSource::ALL);
    }

    #[test]
    fn accounting_units_stay_units_and_written_scales_are_digits() {
        assert_eq!(accounting_unit("3,297百万円"), Some(("百万円", 1e6)));
        assert_eq!(accounting_unit("347.0百万円"), Some(("百万円", 1e6)));
        assert_eq!(accounting_unit("1,250千円"), Some(("千円", 1e3)));
        assert_eq!(accounting_unit("5千円"), None);
        assert_eq!(accounting_unit("7億3,340万円"), None);
        assert_eq!(accounting_unit("120円"), None);
    }

    #[test]
    fn measurements_need_their_unit_and_a_word_edge() {
        let v = measurement_at("611グラム→550グラム", 0, 21).unwrap();
        assert_eq!((v.value, v.unit.as_deref()), (611.0, Some("グラム")));
        let s = "延床 45,298 平方メートル";
        let at = s.find('4').unwrap();
        assert_eq!(measurement_at(s, at, s.len()).unwrap().value, 45298.0);
        assert!(measurement_at("5min", 0, 4).is_none());
        assert!(measurement_at("2倍", 0, 4).is_none());
        assert!(measurement_at("12件", 0, 5).is_none());
    }

    #[test]
    fn bare_numbers_go_with_written_units_but_money_and_rates_do_not() {
        let v = |kind, unit: Option<&str>| Value {
            source: ValueSource::Text,
            span: 0..1,
            kind,
            value: 1.0,
            value_max: None,
            unit: unit.map(str::to_string),
            yen: None,
            qualifier: None,
            mention: None,
            decimals: 0,
        };
        assert!(v(ValueKind::Number, None).comparable(&v(ValueKind::Count, Some("人"))));
        assert!(v(ValueKind::Number, None).comparable(&v(ValueKind::Percent, Some("%"))));
        assert!(!v(ValueKind::Number, None).comparable(&v(ValueKind::Money, Some("円"))));
        assert!(!v(ValueKind::Count, Some("人")).comparable(&v(ValueKind::Count, Some("件"))));
        assert!(v(ValueKind::Money, Some("百万円")).comparable(&v(ValueKind::Money, Some("百万円"))));
        assert!(!v(ValueKind::Money, Some("百万円")).comparable(&v(ValueKind::Money, Some("円"))));
    }
}
