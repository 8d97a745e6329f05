//! What the two table rules share: the role of each column or row, the year a header names,
//! the name a row's label cells give, and the choice between candidate results.

use crate::extract::{CellKind, MentionKind};
use crate::indicators::rate;
use crate::indicators::value::{from_cell, Value};
use crate::indicators::{Context, Direction};
use crate::layout::Table;
use crate::text::lexicon::ValueRole;

/// The fiscal year the header of column `col` names (`平成24年度` over `計画` | `実績`): a date
/// in the column's own header cell or in the cell spanning it from the left.
pub fn column_year(cx: &Context, t: &Table, col: usize) -> Option<i32> {
    let header = &t.rows[..t.header_rows.min(t.rows.len())];
    for (h, row) in header.iter().enumerate() {
        let own = row.get(col).filter(|c| !c.text.trim().is_empty());
        let cell = match own {
            Some(c) => Some(c),
            None if h + 1 < header.len() => row[..col.min(row.len())].iter().rev().find(|c| !c.text.trim().is_empty()),
            None => None,
        };
        if let Some(year) = cell.and_then(|c| year_in(cx, &c.norm_span)) {
            return Some(year);
        }
    }
    None
}

/// The fiscal year a date mention in `span` names.
pub fn year_in(cx: &Context, span: &std::ops::Range<usize>) -> Option<i32> {
    cx.index.within(span).find_map(|i| {
        let m = &cx.mentions[i];
        (m.kind == MentionKind::Date && m.norm_span.end <= span.end).then_some(m.fiscal_year).flatten()
    })
}

/// The date mention (index) in a header cell: a target column's deadline (`目標値(R7)`).
pub fn date_in(cx: &Context, span: &std::ops::Range<usize>) -> Option<usize> {
    cx.index
        .within(span)
        .find(|&i| cx.mentions[i].kind == MentionKind::Date && cx.mentions[i].norm_span.end <= span.end)
}

/// The fiscal year a row's label cells give (`H25` in a 年度 column).
pub fn row_year(cx: &Context, table: usize, t: &Table, row: usize, label_cols: &[usize]) -> Option<i32> {
    label_cols.iter().find_map(|&c| {
        let typed = cx.cell(table, row, c)?;
        match typed.kind {
            CellKind::FiscalYear => typed.value.map(|v| v as i32),
            CellKind::Date => typed.mention.and_then(|i| cx.mentions[i].fiscal_year),
            _ => t.rows[row].get(c).and_then(|cell| year_in(cx, &cell.norm_span)),
        }
    })
}

/// The direction a ⇧ / ⇩ mark in a cell gives.
pub fn mark_direction(text: &str) -> Option<Direction> {
    let t = text.trim();
    let mut chars = t.chars();
    let c = chars.next()?;
    chars.next().is_none().then(|| Direction::of_mark(c)).flatten()
}

/// True for a label that names a difference of rows (`②-①`, `差引`), no indicator.
pub fn is_difference_label(label: &str) -> bool {
    let t: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    let circled = |c: char| ('①'..='⑳').contains(&c);
    t.chars().any(circled) && t.contains(['-', '−', '－', '+']) && t.chars().filter(|&c| circled(c)).count() >= 2
        || t.starts_with("差引")
        || t == "差"
        || t == "増減"
}

/// A candidate result for a target: its value, the role its column or row has, and where.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub value: Value,
    /// The role of its column or row (`実績`, `累計` …): why it is a candidate.
    pub role: ValueRole,
    pub header: String,
}

/// The result to pair with `target`, of `candidates` in order of preference: the one the
/// stated rate agrees with, else the one the difference agrees with, else the first. Returns
/// it with the evidence of the choice.
pub fn choose(
    target: &Value,
    candidates: Vec<Candidate>,
    stated: Option<&Value>,
    difference: Option<&Value>,
    direction: Option<Direction>,
) -> Option<(Candidate, Option<String>)> {
    let lower = direction.map(Direction::lower_is_better);
    let mut candidates: Vec<Candidate> = candidates.into_iter().filter(|c| target.comparable(&c.value)).collect();
    if candidates.is_empty() {
        return None;
    }
    if let Some(r) = stated {
        let agreeing = candidates.iter().position(|c| {
            let (tv, av) = target.against(&c.value);
            rate::check(tv, av, r.value, r.decimals, lower).is_some_and(|k| k.agrees)
        });
        if let Some(k) = agreeing {
            let c = candidates.swap_remove(k);
            let why = format!("the stated rate {} agrees with {}", r.display(), c.header);
            return Some((c, Some(why)));
        }
    }
    if let Some(d) = difference {
        let agreeing = candidates.iter().position(|c| {
            let (tv, av) = target.against(&c.value);
            let (_, dv) = target.against(d);
            (av - tv - dv).abs() <= 0.5 * 10f64.powi(-i32::from(d.decimals)) + 1e-9
        });
        if let Some(k) = agreeing {
            let c = candidates.swap_remove(k);
            let why = format!("the difference {} is {} less the target", d.display(), c.header);
            return Some((c, Some(why)));
        }
    }
    Some((candidates.swap_remove(0), None))
}

/// The value of a cell, or none for a cell out of the row.
pub fn value_at(cx: &Context, table: usize, row: usize, col: Option<usize>) -> Option<Value> {
    from_cell(cx, table, row, col?)
}

/// The text of a row's label cells (those of columns with no role and no figure), joined.
pub fn row_label(cx: &Context, table: usize, t: &Table, row: usize, label_cols: &[usize]) -> String {
    let cells = &t.rows[row];
    label_cols
        .iter()
        .filter_map(|&c| {
            let cell = cells.get(c)?;
            let typed = cx.cell(table, row, c);
            let text = cell.text.trim();
            let is_text = typed.is_none_or(|k| k.kind == CellKind::Text);
            (is_text && !text.is_empty() && mark_direction(text).is_none()).then(|| text.to_string())
        })
        .collect::<Vec<_>>()
        .join(" ")
}
