//! `table_columns`: a table whose header names a target column and a result column; one
//! indicator per row (and per year or per group of columns).
//!
//! **Reads** the roles the header gives each column (計画 / 目標値 → target; 実績 / 実績値 /
//! 結果 → result; 累計 → the cumulative result; 現状値 → the latest value; 基準値 → baseline;
//! 達成率 / 進捗率 → stated rate; 差 / 増減 → difference). **Why:** evaluation sheets, budget
//! effect reports and KPI tables set plan against actual column by column, whatever the export
//! did to the lines; the layout stage rebuilds the grid and this rule reads it. **Example:**
//!
//! ```text
//! 項目        | 目標値   | 本年度実績 | 累計     | 進捗率
//! 削減額      | 2,000千円 | 500千円    | 1,400千円 | 70.0%
//! ```
//!
//! pairs 2,000 with the cumulative 1,400: the stated 70.0% is 1,400 / 2,000, not 500 / 2,000.
//!
//! Columns form groups: one per year when a year heads two columns (`令和4年度` over `計画` |
//! `実績`), else one per target column (`目標値 | 実績値 | 達成率` repeated for each indicator),
//! else one. Within a group the result is the column the stated rate agrees with, else the one
//! the difference column agrees with, else 実績 before 累計 before 現状値. A table whose header
//! names the target and the result but whose columns the export lost (a one-line table) is still
//! read when each row holds three figures, the third the second less the first (`計画 実績 差`).
//! A plan by year (`令和4年度(実績) | 令和5年度 | … | 令和9年度`) gives each later year's target, the
//! last one paired with the result.

use std::collections::BTreeMap;

use super::differences::{difference_indicator, is_difference};
use super::table_common::{
    choose, column_year, date_in, is_difference_label, mark_direction, row_label, row_year, value_at, Candidate,
};
use crate::indicators::roles::{header_role, path_role};
use crate::indicators::value::from_cell;
use crate::indicators::{AsOf, Context, Direction, Found, Indicator, Rule};
use crate::layout::Table;
use crate::text::lexicon::ValueRole;

/// Columns read together: one target column and what goes with it.
#[derive(Debug, Default)]
struct Group {
    target: usize,
    results: Vec<(usize, ValueRole)>,
    rate: Option<usize>,
    difference: Option<usize>,
    baseline: Option<usize>,
    year: Option<i32>,
    /// The year the result is as of, when its header names one.
    result_year: Option<i32>,
    /// Which of the table's groups (for a name when the rows give none).
    index: usize,
}

pub fn read(cx: &Context, u: usize, id: usize, t: &Table, found: &mut Found) {
    let width = t.rows.iter().map(Vec::len).max().unwrap_or(0);
    if t.header_rows == 0 || t.rows.len() <= t.header_rows || width < 2 {
        return;
    }
    let path = |c: usize| t.columns.get(c).map(Vec::as_slice).unwrap_or(&[]);
    let mut roles: Vec<Option<ValueRole>> = (0..width).map(|c| path_role(path(c))).collect();
    // Beside a 計画 column, a 決算 column is its result (`計画(R5) | 決算(R5)`); alone, 予算 and
    // 決算 are a budget's two stages, not a target and its result.
    let has = |roles: &[Option<ValueRole>], r: ValueRole| roles.contains(&Some(r));
    if has(&roles, ValueRole::Target) && !has(&roles, ValueRole::Actual) {
        for (c, role) in roles.iter_mut().enumerate() {
            if role.is_none() && path(c).last().is_some_and(|h| h.contains("決算") && h.chars().count() <= 10) {
                *role = Some(ValueRole::Actual);
            }
        }
    }
    let targets: Vec<usize> = (0..width).filter(|&c| roles[c] == Some(ValueRole::Target)).collect();
    let has_result =
        roles.iter().any(|r| matches!(r, Some(ValueRole::Actual | ValueRole::Cumulative | ValueRole::Current)));
    let years: Vec<Option<i32>> = (0..width).map(|c| column_year(cx, t, c)).collect();
    let by_columns = if targets.is_empty() { Vec::new() } else { groups(&roles, &years, &targets) };
    let groups = if !by_columns.is_empty() {
        by_columns
    } else if let Some(plan) = year_plan(&roles, &years).filter(|_| has_result) {
        plan
    } else {
        difference_rows(cx, u, id, t, found);
        return;
    };
    let targets: Vec<usize> = groups.iter().map(|g| g.target).collect();
    // Label columns: no role, no year header, holding text in the data rows,
    // left of the first column the groups read, not the 単位 column.
    let first_read = groups
        .iter()
        .flat_map(|g| std::iter::once(g.target).chain(g.results.iter().map(|r| r.0)))
        .min()
        .unwrap_or(width);
    let label_cols: Vec<usize> = (0..first_read)
        .filter(|&c| roles[c].is_none() && !targets.contains(&c) && Some(c) != t.unit_column && years[c].is_none())
        .collect();
    // ⇧ / ⇩ marks, one per group, written in the header or a column of their own.
    let marks: Vec<Direction> =
        t.rows[..t.header_rows].iter().flatten().filter_map(|c| mark_direction(&c.text)).collect();
    for row in t.header_rows..t.rows.len() {
        let label = row_label(cx, id, t, row, &label_cols);
        if is_difference_label(&label) {
            continue;
        }
        // Three figures that check themselves (`計画 実績 差`) say which is which, whatever
        // columns the export gave them.
        let figures: Vec<_> = (0..t.rows[row].len()).filter_map(|c| from_cell(cx, id, row, c)).collect();
        if let [a, b, d] = figures.as_slice() {
            let named = |role: ValueRole| roles.contains(&Some(role));
            if is_difference(a, b, d) && named(ValueRole::Target) && !found.is_used(a) && !found.is_used(b) {
                let (mut ind, less) =
                    difference_indicator(cx, u, label.clone(), a.span.start..d.span.end, (a, b, d), Rule::TableColumns);
                ind.evidence.push(format!("table {id} row {row}: {less}: target, result and difference in that order"));
                found.push(ind);
                continue;
            }
        }
        let year = row_year(cx, id, t, row, &label_cols);
        let row_mark = label_cols.iter().find_map(|&c| t.rows[row].get(c).and_then(|x| mark_direction(&x.text)));
        for g in &groups {
            let Some(target) = from_cell(cx, id, row, g.target) else { continue };
            if found.is_used(&target) {
                continue;
            }
            let candidates: Vec<Candidate> = g
                .results
                .iter()
                .filter_map(|&(c, role)| {
                    let value = from_cell(cx, id, row, c)?;
                    (!found.is_used(&value)).then(|| Candidate { value, role, header: header_text(path(c)) })
                })
                .collect();
            let stated = value_at(cx, id, row, g.rate).filter(|v| v.kind == crate::indicators::ValueKind::Percent);
            let difference = value_at(cx, id, row, g.difference);
            let mark = if marks.len() == groups.len() { marks.get(g.index).copied() } else { row_mark };
            let chosen = choose(&target, candidates, stated.as_ref(), difference.as_ref(), mark);
            let mut name = label.clone();
            if groups.len() > 1 {
                let part = match g.year {
                    Some(y) => format!("FY{y}"),
                    None => group_title(path(g.target))
                        .or_else(|| {
                            // Side-by-side blocks: the name heads the block's own first column
                            // (`養成数(人) | 計画値 | 実績値`, the rows giving years under it).
                            (0..g.target)
                                .rev()
                                .take_while(|&c| roles[c].is_none())
                                .map(|c| header_text(path(c)))
                                .find(|h| !h.is_empty())
                        })
                        .unwrap_or_else(|| format!("#{}", g.index + 1)),
                };
                name = if name.is_empty() { part } else { format!("{name} {part}") };
                // Rows that only give a year (`R3 | 45.0 | 41.3`): the year tells them apart.
                if label.is_empty() && g.year.is_none() {
                    if let Some(y) = year {
                        name = format!("{name} FY{y}");
                    }
                }
            }
            if name.is_empty() {
                name = crate::indicators::reading::clean_label(&cx.doc.units[u].title);
            }
            let first = t.rows[row].first().map_or(target.span.start, |c| c.norm_span.start);
            let end = t.rows[row].last().map_or(target.span.end, |c| c.norm_span.end).max(target.span.end);
            let mut ind =
                Indicator::new(u, name, first.min(target.span.start)..end, target.clone(), Rule::TableColumns);
            ind.direction = mark.unwrap_or_else(|| crate::indicators::reading::direction_of(cx.norm, &target));
            ind.baseline = value_at(cx, id, row, g.baseline).map(|b| (b, "基準値"));
            ind.stated_rate = stated;
            ind.deadline =
                t.rows[..t.header_rows].iter().filter_map(|r| r.get(g.target)).find_map(|h| date_in(cx, &h.norm_span));
            let mut evidence = format!("table {id} row {row}: target column {}", header_text(path(g.target)));
            if let Some((c, why)) = chosen {
                evidence.push_str(&format!(", result column {} ({:?})", c.header, c.role));
                ind.as_of =
                    year.or(g.result_year).map(AsOf::FiscalYear).or(cx.doc.units[u].as_of.map(|_| AsOf::Record));
                ind.actual = Some(c.value);
                ind.evidence.push(evidence);
                ind.evidence.extend(why);
            } else {
                ind.evidence.push(evidence);
            }
            if let Some(m) = mark {
                ind.evidence.push(format!("marked {}", m.as_str()));
            }
            found.push(ind);
        }
    }
}

/// A column's header for evidence: its path joined.
fn header_text(path: &[String]) -> String {
    if path.is_empty() {
        "(no header)".to_string()
    } else {
        path.join(" > ")
    }
}

/// The column groups (see the module doc).
/// What a column group measures: the headers above its target column's role word
/// (`特定健診受診率(%)` over `目標値`), when they name it.
fn group_title(path: &[String]) -> Option<String> {
    let (_, above) = path.split_last()?;
    let words: Vec<&str> = above
        .iter()
        .map(|h| h.trim())
        .filter(|h| !h.is_empty() && path_role(std::slice::from_ref(&h.to_string())).is_none())
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

fn groups(roles: &[Option<ValueRole>], years: &[Option<i32>], targets: &[usize]) -> Vec<Group> {
    let width = roles.len();
    let member = |g: &mut Group, c: usize| match roles[c] {
        Some(r @ (ValueRole::Actual | ValueRole::Cumulative | ValueRole::Current)) => g.results.push((c, r)),
        Some(ValueRole::Rate) => {
            g.rate.get_or_insert(c);
        }
        Some(ValueRole::Difference) => {
            g.difference.get_or_insert(c);
        }
        Some(ValueRole::Baseline) => {
            g.baseline.get_or_insert(c);
        }
        _ => {}
    };
    let target_years: Vec<Option<i32>> = targets.iter().map(|&c| years[c]).collect();
    let by_year = targets.len() > 1 && target_years.iter().all(Option::is_some) && {
        let mut y: Vec<i32> = target_years.iter().flatten().copied().collect();
        y.sort_unstable();
        y.dedup();
        y.len() == targets.len()
    };
    let mut out: Vec<Group> = Vec::new();
    if by_year {
        let mut at: BTreeMap<i32, usize> = BTreeMap::new();
        for (k, &c) in targets.iter().enumerate() {
            out.push(Group { target: c, year: years[c], index: k, ..Group::default() });
            at.insert(years[c].unwrap_or_default(), k);
        }
        for (c, year) in years.iter().enumerate() {
            // A column with no year (a total's 達成率) goes with no year group.
            if let Some(&k) = year.filter(|_| !targets.contains(&c)).and_then(|y| at.get(&y)) {
                member(&mut out[k], c);
            }
        }
    } else {
        for (k, &c) in targets.iter().enumerate() {
            let end = targets.get(k + 1).copied().unwrap_or(width);
            // Role columns before the first target go with it (`現状値 | 目標値`).
            let start = if k == 0 { 0 } else { c + 1 };
            let mut g = Group { target: c, year: years[c], index: k, ..Group::default() };
            for m in start..end {
                if m != c {
                    member(&mut g, m);
                }
            }
            out.push(g);
        }
    }
    // Results in order of preference: 実績 before 累計 before 現状値; 現状値 is the baseline when
    // a 実績 stands beside it.
    for g in &mut out {
        g.results.sort_by_key(|&(c, r)| (role_rank(r), c));
        if g.results.iter().any(|&(_, r)| r != ValueRole::Current) {
            if let Some(k) = g.results.iter().position(|&(_, r)| r == ValueRole::Current) {
                let (c, _) = g.results.remove(k);
                g.baseline.get_or_insert(c);
            }
        }
    }
    // No result column: the latest year's column before the target is the result so far
    // (`基準値(R2) | 令和4年度 | 令和5年度 | 目標値(R6)`).
    for g in &mut out {
        if g.results.is_empty() {
            let latest = (0..g.target).rev().find(|&c| roles[c].is_none() && years[c].is_some());
            if let Some(c) = latest {
                g.results.push((c, ValueRole::Actual));
            }
        }
    }
    out.retain(|g| !g.results.is_empty());
    for g in &mut out {
        g.result_year = g.results.first().and_then(|&(c, _)| years[c]).or(g.year);
    }
    out
}

/// A plan by year (`区分 | 令和4年度(実績) | 令和5年度 | … | 令和9年度`): the year columns after
/// the result's column, with no role of their own, are the targets of their years; the last
/// year's target pairs with the result, the years before it are targets with no result yet.
fn year_plan(roles: &[Option<ValueRole>], years: &[Option<i32>]) -> Option<Vec<Group>> {
    let (a, role) = roles.iter().enumerate().find_map(|(c, r)| match r {
        Some(r @ (ValueRole::Actual | ValueRole::Current)) => Some((c, *r)),
        _ => None,
    })?;
    let later: Vec<usize> = (a + 1..roles.len())
        .filter(|&c| roles[c].is_none() && years[c].is_some_and(|y| years[a].is_none_or(|ya| y > ya)))
        .collect();
    let last = *later.last()?;
    Some(
        later
            .iter()
            .enumerate()
            .map(|(k, &c)| Group {
                target: c,
                results: if c == last { vec![(a, role)] } else { Vec::new() },
                year: years[c],
                result_year: years[a],
                index: k,
                ..Group::default()
            })
            .collect(),
    )
}

fn role_rank(r: ValueRole) -> u8 {
    match r {
        ValueRole::Actual => 0,
        ValueRole::Cumulative => 1,
        _ => 2,
    }
}

/// A table whose header (or the text just above it) names a target and then a result, with
/// rows of three comparable figures where the third is the second less the first.
fn difference_rows(cx: &Context, u: usize, id: usize, t: &Table, found: &mut Found) {
    let first_data = t.rows.get(t.header_rows).and_then(|r| r.first()).map_or(t.norm_span.end, |c| c.norm_span.start);
    let from = crate::text::chars::ceil_boundary(cx.norm, t.norm_span.start.saturating_sub(600));
    let from = cx.norm[from..t.norm_span.start].rfind("\n\n").map_or(from, |i| from + i);
    let head = &cx.norm[from..first_data];
    let words = |role: ValueRole| {
        crate::text::lexicon::VALUE_ROLE_WORDS.iter().find(|(r, _)| *r == role).map_or(&[][..], |(_, w)| *w)
    };
    let first_at = |role: ValueRole| words(role).iter().filter_map(|w| head.find(w)).min();
    let (Some(ta), Some(aa)) = (first_at(ValueRole::Target), first_at(ValueRole::Actual)) else { return };
    if ta > aa {
        return;
    }
    for row in t.header_rows..t.rows.len() {
        let cells = &t.rows[row];
        let label = cells.first().map(|c| c.text.trim().to_string()).unwrap_or_default();
        if is_difference_label(&label) || header_role(&label).is_some() {
            continue;
        }
        let values: Vec<_> = (0..cells.len()).filter_map(|c| from_cell(cx, id, row, c)).collect();
        let [a, b, d] = values.as_slice() else { continue };
        if !is_difference(a, b, d) || found.is_used(a) {
            continue;
        }
        let span = cells.first().map_or(a.span.start, |c| c.norm_span.start)..d.span.end;
        let (mut ind, less) = difference_indicator(cx, u, label, span, (a, b, d), Rule::TableColumns);
        ind.evidence.push(format!("table {id} row {row}: the header names the target before the result, and {less}"));
        found.push(ind);
    }
}
