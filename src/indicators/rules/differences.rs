//! `differences`: rows of three figures, the third the second less the first, under a header
//! that names the target before the result (`計画 実績 差`), wherever the export left them.
//!
//! **Reads** each line's figures (mentions and bare numbers, `△` and `▲` as minus) in order;
//! three consecutive figures of one unit where the third is the second less the first, to the
//! third's precision, are a target, its result and their difference. **Why:** a table with a
//! difference column checks its own pairs; when the export put the whole table on one line (or
//! lost its columns), the arithmetic still says which figure is which. **Example:** `区分 計画
//! 実績 差 ①延べ利用者数 2,400人 2,610人 210人 ②送迎回数 1,800回 1,722回 -78回` pairs 2,400人 with
//! 2,610人 and 1,800回 with 1,722回.
//!
//! The header must name a target word and, after it, a result word, on the line or in the few
//! lines above it; rows whose label is a difference of rows (`②-①`) are left out.

use crate::indicators::reading::clean_label;
use crate::indicators::rules::table_common::is_difference_label;
use crate::indicators::value::{figures_in, Value, ValueKind};
use crate::indicators::{AsOf, Context, Found, Indicator, Rule};
use crate::text::lexicon::{ValueRole, VALUE_ROLE_WORDS};
use crate::text::numeral;

/// How far above a line its header is looked for (bytes).
const HEADER_REACH: usize = 600;

pub fn read(cx: &Context, found: &mut Found) {
    let norm = cx.norm;
    for (i, range) in cx.lines.iter().enumerate() {
        let (range, line) = (range.clone(), &norm[range.clone()]);
        if line.len() < 12 || !cx.line_may_hold(i, 3) {
            continue;
        }
        let figures = figures_of_line(cx, range.clone());
        if figures.len() < 3 {
            continue;
        }
        let mut k = 0;
        while k + 2 < figures.len() {
            let (a, b, d) = (&figures[k], &figures[k + 1], &figures[k + 2]);
            // The three stand side by side, as cells: only spaces between them.
            let adjacent =
                norm[a.span.end..b.span.start].trim().is_empty() && norm[b.span.end..d.span.start].trim().is_empty();
            if !adjacent || !is_difference(a, b, d) || found.is_used(a) || found.is_used(b) {
                k += 1;
                continue;
            }
            let label_from = if k == 0 { range.start } else { figures[k - 1].span.end };
            let label = clean_label(&norm[label_from..a.span.start]);
            if is_difference_label(&label) || !header_names_target_then_result(norm, range.start, a.span.start) {
                k += 1;
                continue;
            }
            let Some(u) = cx.unit_at(a.span.start) else { break };
            let (mut ind, less) =
                difference_indicator(cx, u, label, label_from..d.span.end, (a, b, d), Rule::Differences);
            ind.evidence.push(format!(
                "on line {}: {less}, under a header naming the target before the result",
                cx.line_number(a.span.start)
            ));
            found.push(ind);
            k += 3;
        }
    }
}

/// The indicator of a target `a`, its result `b` and their difference `d` standing side by side,
/// named by their row's `label` (the record's title when it has none), and the words that say
/// so for its evidence (`38 is 538 less 500`). Shared by the text rule here and the table rule.
pub fn difference_indicator(
    cx: &Context,
    u: usize,
    label: String,
    span: std::ops::Range<usize>,
    (a, b, d): (&Value, &Value, &Value),
    rule: Rule,
) -> (Indicator, String) {
    let name = if label.is_empty() { clean_label(&cx.doc.units[u].title) } else { label };
    let mut ind = Indicator::new(u, name, span, a.clone(), rule);
    ind.actual = Some(b.clone());
    ind.as_of = cx.doc.units[u].as_of.map(|_| AsOf::Record);
    (ind, format!("{} is {} less {}", d.display(), b.display(), a.display()))
}

/// True when `d` is `b` less `a`, to `d`'s precision, all three of one unit.
pub fn is_difference(a: &Value, b: &Value, d: &Value) -> bool {
    if !(a.comparable(b) && b.comparable(d)) || a.kind == ValueKind::Percent {
        return false;
    }
    let (av, bv) = a.against(b);
    let (_, dv) = a.against(d);
    // Not three equal figures (`0 0 0`), and not a difference of zero that any pair makes.
    if av == bv && dv == 0.0 && av == 0.0 {
        return false;
    }
    (bv - av - dv).abs() <= 0.5 * 10f64.powi(-i32::from(d.decimals)) + 1e-9
}

/// True when the text from `reach` bytes above the line to `at` names a target word before a
/// result word.
fn header_names_target_then_result(norm: &str, line_start: usize, at: usize) -> bool {
    let from = crate::text::chars::ceil_boundary(norm, line_start.saturating_sub(HEADER_REACH));
    let head = &norm[from..at];
    let words = |role: ValueRole| VALUE_ROLE_WORDS.iter().find(|(r, _)| *r == role).map_or(&[][..], |(_, w)| *w);
    let first = |role: ValueRole| words(role).iter().filter_map(|w| head.find(w)).min();
    let last_actual = words(ValueRole::Actual).iter().filter_map(|w| head.rfind(w)).max();
    matches!((first(ValueRole::Target), last_actual), (Some(t), Some(a)) if t < a)
}

/// A line's figures in order: mentions, measurements, and bare numbers (`500`, `△38`).
fn figures_of_line(cx: &Context, line: std::ops::Range<usize>) -> Vec<Value> {
    let norm = cx.norm;
    let written = figures_in(cx, line.clone());
    let mut out: Vec<Value> = Vec::with_capacity(written.len());
    let mut w = 0;
    let mut p = line.start;
    while p < line.end {
        if let Some(v) = written.get(w).filter(|v| v.span.start <= p) {
            p = p.max(v.span.end);
            out.push(v.clone());
            w += 1;
            continue;
        }
        let c = norm[p..].chars().next().unwrap_or(' ');
        let starts = (c.is_ascii_digit() || matches!(c, '△' | '▲' | '-'))
            && !norm[..p]
                .ends_with(|x: char| x.is_ascii_digit() || x == '.' || x == ',' || x.is_alphabetic() && x.is_ascii());
        if starts {
            let limit = written.get(w).map_or(line.end, |v| v.span.start);
            if let Some(f) = numeral::read(norm, p, limit).filter(|f| f.start == p && !f.kanji) {
                let next = norm[f.end..].chars().next();
                if next.is_none_or(|n| n == ' ' || n == '\n' || !n.is_alphanumeric()) {
                    out.push(Value::in_text(norm, &f, ValueKind::Number, None));
                    p = f.end;
                    continue;
                }
            }
        }
        p += c.len_utf8();
    }
    out
}
