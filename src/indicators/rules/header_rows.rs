//! `header_rows`: a table flattened onto one line, words apart by single spaces, read in the
//! order its header names the columns.
//!
//! **Reads** a header written as words (`指標名 単位 現状 目標(令和7年度)`) that names a target
//! column and a result column (実績, 現状 …), then the rows after it on the same line: a name,
//! the unit when the header has a 単位 column, and exactly one figure per value column. Each row
//! pairs the figure under the target word with the one under the result word. A row that does
//! not fit (a name with no figures, figures out of count) ends the reading until the header
//! appears again. **Why:** PDF exports of a 総合計画's indicator tables often come out as one
//! long line per page, the header repeated per policy, the cells apart by single spaces; no
//! grid is left for the layout stage to rebuild, but the header still says which figure is
//! which. **Example:** `指標名 単位 現状 目標 公民館の利用者数 人 4,200 5,000 体験教室数 回 12 20`
//! pairs 5,000 with 4,200 and 20 with 12.

use crate::indicators::roles::header_role;
use crate::indicators::value::{money_multiplier, Value, ValueKind};
use crate::indicators::{AsOf, Context, Found, Indicator, Rule};
use crate::text::lexicon::{self, ValueRole};
use crate::text::numeral;

/// A word of a line and where it stands.
struct Word<'a> {
    text: &'a str,
    span: std::ops::Range<usize>,
}

/// What a header word says its column holds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Column {
    Name,
    Unit,
    Value(Option<ValueRole>),
}

/// The longest a line is read over (a page flattened onto one line can be long, but a table's
/// rows sit within a few thousand words of their header).
const MAX_WORDS: usize = 20_000;

pub fn read(cx: &Context, found: &mut Found) {
    for range in &cx.lines {
        let (start, line) = (range.start, &cx.norm[range.clone()]);
        // A flattened table is a long line with a header naming a target (目標 or 計画).
        if line.len() < 40 || !line.contains(' ') || !(line.contains("目標") || line.contains("計画")) {
            continue;
        }
        let words: Vec<Word> = line
            .split(' ')
            .scan(start, |p, w| {
                let span = *p..*p + w.len();
                *p = span.end + 1;
                Some(Word { text: w, span })
            })
            .filter(|w| !w.text.is_empty())
            .take(MAX_WORDS)
            .collect();
        let classes: Vec<Option<Column>> = words.iter().map(|w| column_of(w.text)).collect();
        read_words(cx, &words, &classes, found);
    }
}

/// What a word says its column holds, if it can head one: read once per word.
fn column_of(t: &str) -> Option<Column> {
    if t == "単位" {
        Some(Column::Unit)
    } else if is_name_header(t) {
        Some(Column::Name)
    } else if t.len() <= 60 {
        header_role(t).map(|r| Column::Value(Some(r)))
    } else {
        None
    }
}

/// The header starting at word `k`: its columns and how many words it takes.
fn header_at(classes: &[Option<Column>], k: usize) -> Option<(Vec<Column>, usize)> {
    let columns: Vec<Column> = classes[k..].iter().map_while(|c| *c).collect();
    let i = k + columns.len();
    // A name column first (or the 単位 column, when the export dropped the names' header), then
    // values of which one is a target and one a result.
    let roles: Vec<ValueRole> =
        columns.iter().filter_map(|c| if let Column::Value(r) = c { *r } else { None }).collect();
    let result = roles.iter().any(|r| matches!(r, ValueRole::Actual | ValueRole::Current));
    let first = columns.first().is_some_and(|c| matches!(c, Column::Name | Column::Unit));
    (first && roles.contains(&ValueRole::Target) && result).then_some((columns, i - k))
}

/// `指標名`, `目標(指標)名`, `成果指標`, `項目`: the header of the names' column.
fn is_name_header(t: &str) -> bool {
    t.ends_with('名') && t.chars().count() <= 10 || matches!(t, "項目" | "指標" | "成果指標" | "区分")
}

fn read_words(cx: &Context, words: &[Word], classes: &[Option<Column>], found: &mut Found) {
    let mut k = 0;
    while k < words.len() {
        let Some((columns, len)) = header_at(classes, k) else {
            k += 1;
            continue;
        };
        let header_line = cx.line_number(words[k].span.start);
        k += len;
        let values = columns.iter().filter(|c| matches!(c, Column::Value(_))).count();
        let unit_before = columns
            .iter()
            .position(|c| *c == Column::Unit)
            .is_some_and(|u| columns.iter().position(|c| matches!(c, Column::Value(_))).is_some_and(|v| u < v));
        // Rows: name words, the unit, then one figure per value column.
        loop {
            let name_start = k;
            while words
                .get(k)
                .is_some_and(|w| !is_figure(w.text) && !is_unit(w.text) && header_at(classes, k).is_none())
            {
                k += 1;
            }
            if k == name_start || k - name_start > 6 {
                break;
            }
            let unit = if unit_before {
                match words.get(k).filter(|w| is_unit(w.text)) {
                    Some(w) => {
                        k += 1;
                        Some(w.text)
                    }
                    None => break,
                }
            } else {
                None
            };
            let figures: Vec<&Word> = words[k..].iter().take(values).take_while(|w| is_figure(w.text)).collect();
            // Exactly as many figures as value columns: one more means the row is not this.
            if figures.len() != values || words.get(k + values).is_some_and(|w| is_figure(w.text)) {
                break;
            }
            k += values;
            let name = words[name_start..name_start + (k - values - name_start - usize::from(unit.is_some()))]
                .iter()
                .map(|w| w.text)
                .collect::<Vec<_>>()
                .join(" ");
            pair_row(cx, &columns, &figures, unit, name, header_line, found);
        }
    }
}

/// The row's target against its result, by the header's order.
fn pair_row(
    cx: &Context,
    columns: &[Column],
    figures: &[&Word],
    unit: Option<&str>,
    name: String,
    header_line: usize,
    found: &mut Found,
) {
    let roles: Vec<Option<ValueRole>> =
        columns.iter().filter_map(|c| if let Column::Value(r) = c { Some(*r) } else { None }).collect();
    let at = |want: &[ValueRole]| roles.iter().position(|r| r.is_some_and(|r| want.contains(&r)));
    let (Some(t), Some(a)) = (at(&[ValueRole::Target]), at(&[ValueRole::Actual]).or(at(&[ValueRole::Current]))) else {
        return;
    };
    let (Some(target), Some(actual)) = (value(cx, figures[t], unit), value(cx, figures[a], unit)) else { return };
    if found.is_used(&target) || found.is_used(&actual) {
        return;
    }
    let Some(u) = cx.unit_at(target.span.start) else { return };
    let span = target.span.start.min(actual.span.start)..target.span.end.max(actual.span.end);
    let mut ind = Indicator::new(u, name, span, target, Rule::HeaderRows);
    ind.actual = Some(actual);
    ind.as_of = cx.doc.units[u].as_of.map(|_| AsOf::Record);
    ind.evidence.push(format!(
        "a header on line {header_line} names the columns in order; the row's figure {} is under the target word, {} under the result word",
        t + 1,
        a + 1
    ));
    found.push(ind);
}

/// A figure word: digits (grouped or with a decimal point), nothing else.
fn is_figure(t: &str) -> bool {
    let t = t.trim_start_matches(['▲', '△', '-']);
    t.starts_with(|c: char| c.is_ascii_digit()) && t.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

/// A unit word: a counter, `%`, a yen unit, a measure (`人`, `カ所`, `回`, `%`, `千円`, `ha`).
fn is_unit(t: &str) -> bool {
    t == "%"
        || lexicon::UNIT_WORDS.contains(&t)
        || lexicon::counter_prefix(t).is_some_and(|c| c == t)
        || lexicon::measure_prefix(t).is_some_and(|m| m == t)
}

/// The figure of `w` with the row's unit.
fn value(cx: &Context, w: &Word, unit: Option<&str>) -> Option<Value> {
    let f = numeral::read(cx.norm, w.span.start, w.span.end)?;
    if f.kanji || f.start != w.span.start || f.end != w.span.end {
        return None;
    }
    let kind = match unit {
        Some("%") => ValueKind::Percent,
        u if money_multiplier(u).is_some() => ValueKind::Money,
        Some(_) => ValueKind::Count,
        None => ValueKind::Number,
    };
    let mut value = Value::in_text(cx.norm, &f, kind, unit);
    value.yen = money_multiplier(unit).map(|m| f.value * m);
    value.mention = cx.index.within(&(f.start..f.end)).find(|&i| cx.mentions[i].norm_span == (f.start..f.end));
    Some(value)
}
