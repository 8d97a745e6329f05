//! `arrows`: a line of two figures with an arrow between them (`A→B`), read by what stands
//! above it.
//!
//! **Reads** lines holding two figures of one unit apart by `→` / `⇒` / `➡`, each perhaps
//! followed by its date in brackets. **Why:** plans and reviews write "from where we are to
//! where we aim" as an arrow, and reviews "how it went" the same way under a 達成状況 label.
//! **Examples:** under `(1)燃やすごみの削減目標` the line `640グラム→600グラム` is the current value
//! (the result so far) and the target; under `達成状況` the line `31%(R1)→29%(R4)` is how the
//! result moved, and 29% is the result of the target stated above it (`…を33%以上とする。`).

use crate::indicators::reading::{clean_label, line_around};
use crate::indicators::value::{figures_in, Value};
use crate::indicators::{AsOf, Context, Direction, Found, Indicator, Rule};
use crate::text::lexicon::OUTCOME_LABELS;

/// Arrow marks between two figures.
const ARROWS: &[char] = &['→', '⇒', '➡', '⇨', '➔'];

/// The first arrow at or after byte `from` of `norm`. Every arrow is three UTF-8 bytes led by
/// 0xE2 (U+2000–U+2FFF, rarer in these texts than any byte an automaton's prefilter picks,
/// since kana and kanji share their continuation bytes): each 0xE2 found by `memchr` is read
/// as a char.
fn next_arrow(norm: &str, from: usize) -> Option<usize> {
    let bytes = norm.as_bytes();
    memchr::memchr_iter(0xE2, &bytes[from..])
        .map(|i| from + i)
        .find(|&i| norm.get(i..).and_then(|t| t.chars().next()).is_some_and(|c| ARROWS.contains(&c)))
}

/// How many lines above an arrow line its label or heading is looked for.
const ABOVE: usize = 4;

pub fn read(cx: &Context, found: &mut Found) {
    let norm = cx.norm;
    let mut from = 0;
    while let Some(at) = next_arrow(norm, from) {
        let line = line_around(norm, at);
        from = line.end.max(at + norm[at..].chars().next().map_or(1, char::len_utf8));
        let figures = figures_in(cx, line.clone());
        // The figure just before the arrow and the one just after it.
        let Some(k) = figures.iter().rposition(|v| v.span.end <= at) else { continue };
        let (Some(a), Some(b)) = (figures.get(k), figures.get(k + 1)) else { continue };
        if !a.comparable(b) || found.is_used(a) || found.is_used(b) {
            continue;
        }
        // Only dates and brackets may stand between the figures and the arrow.
        let between = |x: usize, y: usize| norm[x..y].chars().filter(|c| c.is_alphabetic()).count();
        if between(a.span.end, at) > 12 || between(at, b.span.start) > 2 {
            continue;
        }
        let Some(u) = cx.unit_at(at) else { continue };
        let above = lines_above(norm, line.start, ABOVE);
        let own_head = &norm[line.start..a.span.start];
        let outcome =
            OUTCOME_LABELS.iter().find(|w| above.iter().take(2).any(|l| l.contains(**w)) || own_head.contains(**w));
        if let Some(label) = outcome {
            // B is how it went; the target is the figure of a goal sentence above.
            let Some(target) = goal_above(cx, line.start, b, found) else { continue };
            let mut ind =
                Indicator::new(u, name_of(&above, own_head), target.span.start..line.end, target.clone(), Rule::Arrows);
            ind.actual = Some(b.clone());
            ind.baseline = Some((a.clone(), "前回"));
            ind.direction = crate::indicators::reading::direction_of(norm, &target);
            ind.as_of = cx.doc.units[u].as_of.map(|_| AsOf::Record);
            ind.evidence.push(format!(
                "{}→{} under {label} on line {}: the result of the target on line {}",
                a.display(),
                b.display(),
                cx.line_number(line.start),
                cx.line_number(target.span.start)
            ));
            found.push(ind);
        } else if above.iter().take(ABOVE).any(|l| l.contains("目標")) || own_head.contains("目標") {
            // From where it stands (A, the latest result) to the target (B).
            let mut ind = Indicator::new(u, name_of(&above, own_head), line.clone(), b.clone(), Rule::Arrows);
            ind.actual = Some(a.clone());
            ind.direction = if b.value < a.value {
                Direction::Decrease
            } else if b.value > a.value {
                Direction::Increase
            } else {
                Direction::Reach
            };
            ind.as_of = cx.doc.units[u].as_of.map(|_| AsOf::Record);
            ind.evidence.push(format!(
                "{}→{} under a 目標 heading on line {}: the current value, then the target",
                a.display(),
                b.display(),
                cx.line_number(line.start)
            ));
            found.push(ind);
        }
    }
}

/// Up to `n` non-empty lines above `start`, nearest first.
fn lines_above(norm: &str, start: usize, n: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut end = start.saturating_sub(1);
    while out.len() < n && end > 0 {
        let s = norm[..end].rfind('\n').map_or(0, |i| i + 1);
        let t = norm[s..end].trim();
        if !t.is_empty() {
            out.push(t);
        }
        if s == 0 {
            break;
        }
        end = s - 1;
    }
    out
}

/// The name: the line's own words before its first figure, else the nearest line above that
/// is no outcome label.
fn name_of(above: &[&str], own_head: &str) -> String {
    let own = clean_label(own_head);
    if own.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
        return own;
    }
    above
        .iter()
        .find(|l| !OUTCOME_LABELS.iter().any(|w| l.trim() == *w) && l.chars().count() > 3)
        .map(|l| clean_label(l))
        .unwrap_or_default()
}

/// The target a result line answers: the last figure comparable with it in a sentence above
/// (within a few lines) that sets a goal (目標, とする, 以上, 以下, 削減).
fn goal_above(cx: &Context, start: usize, result: &Value, found: &Found) -> Option<Value> {
    let norm = cx.norm;
    let from = crate::text::chars::ceil_boundary(norm, start.saturating_sub(600));
    let from = norm[from..start].find('\n').map_or(from, |i| from + i + 1);
    figures_in(cx, from..start).into_iter().rev().find(|v| {
        if !v.comparable(result) || found.is_used(v) {
            return false;
        }
        let line = &norm[line_around(norm, v.span.start)];
        ["目標", "とする", "以上", "以下", "削減", "めざ", "目指"].iter().any(|w| line.contains(w))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_are_found_as_a_char_search_finds_them() {
        let text = "現状※50件→目標⇒60件、○印➡次、➔と⇨、終わり";
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(at) = next_arrow(text, from) {
            found.push(at);
            from = at + 3;
        }
        let want: Vec<usize> = text.char_indices().filter(|(_, c)| ARROWS.contains(c)).map(|(i, _)| i).collect();
        assert_eq!(found, want);
        assert_eq!(found.len(), 5);
    }
}
