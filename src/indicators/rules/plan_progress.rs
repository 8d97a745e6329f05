//! `plan_progress`: a plan initiative's numeric targets against the figures of its progress
//! column.
//!
//! **Reads** the ◇成果指標 / (数値目標) items of an initiative's target column and the figures of
//! its progress column. **Why:** the seeds' plans set a target per ■ objective and report on it
//! in the next column, in their own words, with no table to line the two up. **Example:** a
//! target item `・連携企業:40社` and the progress line `・連携企業:31社(3月末)` pair (same unit,
//! lines alike); a figure after 昨年度 on the target's line (`(昨年度:25社)`) is its baseline.
//!
//! A target pairs with the progress figure of the same kind and unit whose line reads most
//! alike (character bigrams of the words before each figure, at least 0.25), best pairs first,
//! each figure used once. When the record's objectives are known, a target pairs only with the
//! progress its own ■ objective holds, so `objectives` and indicators agree.

use crate::indicators::reading::{
    clean_label, deadline_after, direction_of, label_before, line_around, previous_value_word, similarity,
};
use crate::indicators::value::{from_mention, Value};
use crate::indicators::{AsOf, Context, Found, Indicator, Rule};
use crate::segment::{Item, SectionName, TargetKind, Unit};

pub fn read(cx: &Context, u: usize, unit: &Unit, found: &mut Found) {
    let norm = cx.norm;
    let Some(target) = unit.sections.iter().find(|s| s.name == SectionName::Target) else { return };
    let progress = unit.sections.iter().find(|s| s.name == SectionName::Progress);
    let kinds_known = target.items.iter().any(|i| i.target_kind.is_some());
    // The objective of each target and progress item, when the record has objectives.
    let objective_of_target = |item: usize| unit.objectives.iter().position(|o| o.targets.contains(&item));
    let objective_of_progress = |item: usize| unit.objectives.iter().position(|o| o.progress.contains(&item));
    // Targets, and previous values given beside them.
    let mut targets: Vec<(Value, &Item, Option<usize>)> = Vec::new();
    let mut previous: Vec<(Value, &'static str)> = Vec::new();
    for (k, item) in target.items.iter().enumerate() {
        if kinds_known && item.target_kind != Some(TargetKind::Numeric) {
            continue;
        }
        for i in cx.index.within(&item.norm_span) {
            let Some(v) = from_mention(norm, i, &cx.mentions[i]) else { continue };
            if found.is_used(&v) {
                continue;
            }
            match previous_value_word(norm, v.span.start) {
                Some(word) => previous.push((v, word)),
                None => targets.push((v, item, objective_of_target(k))),
            }
        }
    }
    if targets.is_empty() {
        return;
    }
    // Progress figures, each with the words of its line (or its item's first line) and its
    // objective.
    let results: Vec<(Value, String, Option<usize>)> = progress
        .map(|s| {
            s.items
                .iter()
                .enumerate()
                .flat_map(|(k, item)| cx.index.within(&item.norm_span).map(move |i| (i, k, item)))
                .filter_map(|(i, k, item)| {
                    let v = from_mention(norm, i, &cx.mentions[i])?;
                    (!found.is_used(&v)).then(|| {
                        let label = line_or_item_label(norm, &v, item);
                        (v, label, objective_of_progress(k))
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    // Every candidate pair of the same kind and unit (and objective), best first.
    let labels: Vec<String> = targets.iter().map(|(t, item, _)| line_or_item_label(norm, t, item)).collect();
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (k, (t, _, to)) in targets.iter().enumerate() {
        for (r, (a, label, ro)) in results.iter().enumerate() {
            if t.kind != a.kind || t.unit != a.unit {
                continue;
            }
            if to.is_some() && ro.is_some() && to != ro {
                continue;
            }
            let score = similarity(&labels[k], label);
            if score >= 0.25 {
                pairs.push((score, k, r));
            }
        }
    }
    // Best score first; on a tie, the result nearest in position.
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut target_done = vec![false; targets.len()];
    let mut result_done = vec![false; results.len()];
    let mut paired: Vec<Option<(usize, f64)>> = vec![None; targets.len()];
    for (score, k, r) in pairs {
        if !target_done[k] && !result_done[r] {
            target_done[k] = true;
            result_done[r] = true;
            paired[k] = Some((r, score));
        }
    }
    let mut previous_used = vec![false; previous.len()];
    for (k, (t, item, objective)) in targets.into_iter().enumerate() {
        let name = t
            .mention
            .and_then(|i| cx.mentions[i].subject.clone())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| labels[k].clone());
        let line = line_around(norm, t.span.start);
        let lead = norm[line.clone()].len() - norm[line.clone()].trim_start().len();
        let mut ind = Indicator::new(u, name, line.start + lead..line.end, t.clone(), Rule::PlanProgress);
        ind.objective = objective;
        ind.direction = direction_of(norm, &t);
        ind.deadline = deadline_after(cx, &t.span);
        // The previous value: of the same kind and unit, after the target in its item.
        if let Some(p) = previous.iter().enumerate().position(|(p, (pv, _))| {
            !previous_used[p]
                && pv.kind == t.kind
                && pv.unit == t.unit
                && pv.span.start > t.span.start
                && item.norm_span.contains(&pv.span.start)
        }) {
            previous_used[p] = true;
            ind.baseline = Some(previous[p].clone());
        }
        ind.evidence.push(format!("target line {}", cx.line_number(line.start)));
        match paired[k] {
            Some((r, score)) => {
                let (a, label, _) = &results[r];
                ind.actual = Some(a.clone());
                ind.as_of = Some(AsOf::Record);
                ind.evidence.push(format!("same {} unit {}", t.kind.as_str(), t.unit.as_deref().unwrap_or("-")));
                ind.evidence.push(format!("shared words {score:.2}: {} ~ {label}", labels[k]));
                ind.evidence.push(format!("result line {}", cx.line_number(a.span.start)));
            }
            None => ind.evidence.push("no progress figure of the same unit reads alike".to_string()),
        }
        found.push(ind);
    }
}

/// The words before a figure on its line; when they are too few (`5件` alone, a figure
/// continuing a list), the item's first line before its first figure.
fn line_or_item_label(norm: &str, v: &Value, item: &Item) -> String {
    let own = label_before(norm, &v.span);
    if own.chars().filter(|c| c.is_alphabetic()).nth(2).is_some() {
        return own;
    }
    let first_line = line_around(norm, item.norm_span.start);
    let head = clean_label(&norm[first_line.start..first_line.end.min(v.span.start).max(first_line.start)]);
    if own.is_empty() {
        head
    } else {
        format!("{head} {own}")
    }
}
