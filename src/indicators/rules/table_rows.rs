//! `table_rows`: a table whose rows are labelled 目標値 / 実績値 / 達成率 under a header of
//! years; one indicator per row block and column.
//!
//! **Reads** the role the first cells of each row name, in blocks: a block of role rows runs
//! until a role repeats, and belongs to the indicator named by the cell before its labels or
//! by the name row above it. **Why:** education board evaluations, 工程表 and effect reports
//! write each indicator as a few rows under the years. **Example:**
//!
//! ```text
//! 区分          | R2   | R3   | R4
//! 相談件数  目標値 | 120  | 130  | 140
//!          実績値 | 118  | ※    | 151
//!          達成率 | 98.3%| ※    | 107.9%
//! ```
//!
//! gives three indicators for 相談件数, as of FY2020, FY2021 (no result: `※` is an empty
//! cell) and FY2022. A result row with fewer figures than its target row (the first year and
//! the total only) is placed by its stated rates: each result goes under the target column
//! the rate beside it agrees with.

use super::table_common::{column_year, date_in, row_label};
use crate::indicators::rate;
use crate::indicators::roles::header_role;
use crate::indicators::value::{from_cell, Value};
use crate::indicators::{AsOf, Context, Found, Indicator, Rule, ValueKind};
use crate::layout::Table;
use crate::text::lexicon::ValueRole;

/// A block of role rows: the row of each role, where the labels stand, and its name.
#[derive(Debug)]
struct Block {
    target: usize,
    result: Option<(usize, ValueRole)>,
    rate: Option<usize>,
    baseline: Option<usize>,
    /// The column of the role labels; the figures are after it.
    label_col: usize,
    name: String,
}

/// The role a row's label names (in its first two cells, or as the last word of the first:
/// `森林整備面積(ha) 目標` when the export joined the name and the role), with the label's
/// column.
fn row_role(t: &Table, row: usize) -> Option<(ValueRole, usize)> {
    t.rows[row].iter().take(2).enumerate().find_map(|(c, cell)| header_role(&cell.text).map(|r| (r, c))).or_else(|| {
        let first = t.rows[row].first()?.text.trim();
        let (_, last) = first.rsplit_once(' ')?;
        header_role(last).map(|r| (r, 0))
    })
}

/// The name before a role word joined into the first cell (`森林整備面積(ha) 目標` → its name).
fn joined_name(t: &Table, row: usize) -> Option<String> {
    let first = t.rows[row].first()?.text.trim();
    let (name, last) = first.rsplit_once(' ')?;
    (header_role(name).is_none() && header_role(last).is_some()).then(|| name.trim().to_string())
}

pub fn read(cx: &Context, u: usize, id: usize, t: &Table, found: &mut Found) {
    let blocks = blocks(cx, u, id, t);
    let width = t.rows.iter().map(Vec::len).max().unwrap_or(0);
    for (k, b) in blocks.iter().enumerate() {
        let name = if blocks.len() > 1 && b.name.is_empty() { format!("#{}", k + 1) } else { b.name.clone() };
        let values = |row: usize| -> Vec<(usize, Value)> {
            (b.label_col + 1..width).filter_map(|c| from_cell(cx, id, row, c).map(|v| (c, v))).collect()
        };
        let targets = values(b.target);
        let results = b.result.map(|(r, _)| values(r)).unwrap_or_default();
        let rates: Vec<(usize, Value)> =
            b.rate.map(&values).unwrap_or_default().into_iter().filter(|(_, v)| v.kind == ValueKind::Percent).collect();
        let baselines = b.baseline.map(values).unwrap_or_default();
        let at = |list: &[(usize, Value)], c: usize| list.iter().find(|(k, _)| *k == c).map(|(_, v)| v.clone());
        // A sparse result row: each result goes under the target its stated rate agrees with.
        let mut placed: Vec<(usize, Value, Option<String>)> = Vec::new();
        let sparse = !results.is_empty() && results.len() < targets.len() && !rates.is_empty();
        for (c, a) in &results {
            let own = at(&targets, *c);
            let rate_here = at(&rates, *c);
            let agrees = |t: &Value, r: &Value| {
                let (tv, av) = t.against(a);
                rate::check(tv, av, r.value, r.decimals, None).is_some_and(|k| k.agrees)
            };
            match (&own, &rate_here) {
                (Some(t), Some(r)) if sparse && !agrees(t, r) => {
                    // The stated rate beside it agrees with another target column.
                    let other = targets.iter().find(|(tc, t)| tc != c && agrees(t, r));
                    match other {
                        Some((tc, _)) => placed.push((
                            *tc,
                            a.clone(),
                            Some(format!("the stated rate {} places the result under column {}", r.display(), tc)),
                        )),
                        None => placed.push((*c, a.clone(), None)),
                    }
                }
                _ => placed.push((*c, a.clone(), None)),
            }
        }
        for (c, target) in &targets {
            if found.is_used(target) {
                continue;
            }
            let year = column_year(cx, t, *c);
            let column_name = match year {
                Some(y) => format!("FY{y}"),
                None => t.columns.get(*c).and_then(|p| p.last()).cloned().unwrap_or_default(),
            };
            let full = [name.as_str(), column_name.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            let mut ind = Indicator::new(u, full, target.span.clone(), target.clone(), Rule::TableRows);
            ind.direction = crate::indicators::reading::direction_of(cx.norm, target);
            let result = placed.iter().find(|(pc, ..)| pc == c);
            ind.evidence.push(format!(
                "table {id} column {}: rows {} / {}",
                if column_name.is_empty() { c.to_string() } else { column_name.clone() },
                t.rows[b.target].get(b.label_col).map_or("", |x| x.text.trim()),
                b.result.and_then(|(r, _)| t.rows[r].get(b.label_col)).map_or("", |x| x.text.trim())
            ));
            if let Some((_, a, why)) = result {
                if !found.is_used(a) {
                    ind.actual = Some(a.clone());
                    ind.evidence.extend(why.clone());
                    ind.as_of = year.map(AsOf::FiscalYear).or(cx.doc.units[u].as_of.map(|_| AsOf::Record));
                    // The stated rate beside the result (where the result stands).
                    let rc = placed
                        .iter()
                        .find(|(pc, ..)| pc == c)
                        .and_then(|(_, a, _)| results.iter().find(|(_, r)| r == a))
                        .map(|(rc, _)| *rc);
                    ind.stated_rate = rc.and_then(|rc| at(&rates, rc));
                }
            }
            ind.baseline = at(&baselines, *c).map(|v| (v, "基準値"));
            ind.deadline = t.rows[..t.header_rows.min(b.target)]
                .iter()
                .filter_map(|r| r.get(*c))
                .find_map(|h| date_in(cx, &h.norm_span));
            found.push(ind);
        }
    }
}

/// The blocks of role rows (see the module doc).
fn blocks(cx: &Context, u: usize, id: usize, t: &Table) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut current: Option<Block> = None;
    let mut name_above = String::new();
    let label_cols: Vec<usize> = vec![0];
    for row in 0..t.rows.len() {
        // A bracketed label under a role row (`計画額` over `(累計額)`) is a second figure of
        // the row above it, not a role of its own.
        let is_bracketed = |r: usize| {
            t.rows[r].iter().take(2).any(|c| {
                let x = c.text.trim();
                x.starts_with('(') && x.ends_with(')') && header_role(x).is_some()
            })
        };
        // (Labels all bracketed, `(推計)` / `(目標)`, are roles of their own.)
        let bracketed = is_bracketed(row) && row > 0 && !is_bracketed(row - 1);
        let role = if bracketed && current.is_some() { None } else { row_role(t, row) };
        if bracketed && current.is_some() {
            continue;
        }
        let Some((role, col)) = role else {
            if let Some(b) = current.take() {
                out.push(b);
            }
            // A row naming what the next block measures (text only, no role).
            if row >= t.header_rows {
                let label = row_label(cx, id, t, row, &label_cols);
                if !label.is_empty() {
                    name_above = label;
                }
            }
            continue;
        };
        let own_name = (col > 0)
            .then(|| t.rows[row][0].text.trim().to_string())
            .or_else(|| joined_name(t, row))
            .filter(|s| !s.is_empty());
        let repeats = current.as_ref().is_some_and(|b| match role {
            ValueRole::Target => b.target != usize::MAX,
            ValueRole::Actual | ValueRole::Cumulative | ValueRole::Current => b.result.is_some(),
            ValueRole::Rate => b.rate.is_some(),
            ValueRole::Baseline => b.baseline.is_some(),
            ValueRole::Difference => false,
        }) || own_name.is_some();
        if repeats {
            if let Some(b) = current.take() {
                out.push(b);
            }
        }
        let b = current.get_or_insert_with(|| Block {
            target: usize::MAX,
            result: None,
            rate: None,
            baseline: None,
            label_col: col,
            name: own_name.clone().unwrap_or_else(|| name_above.clone()),
        });
        match role {
            ValueRole::Target => b.target = row,
            ValueRole::Actual | ValueRole::Cumulative | ValueRole::Current => {
                b.result.get_or_insert((row, role));
            }
            ValueRole::Rate => b.rate = Some(row),
            ValueRole::Baseline => b.baseline = Some(row),
            ValueRole::Difference => {}
        }
    }
    out.extend(current);
    let _ = u;
    // Only blocks with a target row and a result row or rate row are indicators.
    out.retain(|b| b.target != usize::MAX && (b.result.is_some() || b.rate.is_some()));
    out
}
