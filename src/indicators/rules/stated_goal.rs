//! `stated_goal`: the figures of a business plan's 成果目標: targets with no result given.
//!
//! **Reads** the items of a section named 成果目標 in a business plan. **Why:** a business plan
//! states what it aims for before any result exists; the warehouse should still hold the target,
//! with `no_result`. **Example:** `成果目標: 新規雇用 12人(令和8年度まで)` gives a target of 12人
//! due by FY2026.

use crate::indicators::reading::{deadline_after, direction_of, label_before};
use crate::indicators::value::from_mention;
use crate::indicators::{Context, Found, Indicator, Rule};
use crate::segment::Unit;

pub fn read(cx: &Context, u: usize, unit: &Unit, found: &mut Found) {
    for s in unit.sections.iter().filter(|s| s.name.as_str().contains("成果目標")) {
        for item in &s.items {
            for i in cx.index.within(&item.norm_span) {
                let m = &cx.mentions[i];
                let Some(v) = from_mention(cx.norm, i, m) else { continue };
                if found.is_used(&v) {
                    continue;
                }
                let name =
                    m.subject.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| label_before(cx.norm, &v.span));
                let mut ind = Indicator::new(u, name, item.norm_span.clone(), v.clone(), Rule::StatedGoal);
                ind.direction = direction_of(cx.norm, &v);
                ind.deadline = deadline_after(cx, &v.span);
                ind.evidence.push(format!("{} on line {}", s.name, cx.line_number(item.norm_span.start)));
                found.push(ind);
            }
        }
    }
}
