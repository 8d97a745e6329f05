//! `prose`: targets and results in running text with no labels to line them up.
//!
//! **Reads** two shapes. A figure followed by a goal word (`…を目標に`, `…を目指し`): the
//! target; its result is the nearest figure of the same unit in the sentences just before, in a
//! sentence about the same thing (words in common, or a word saying it is a result: 実績, 現在,
//! 時点). And `(actual/target単位)の達成率は…`: an indicator's two figures written as a ratio,
//! with the rate stated after it. **Why:** reports on equality plans and library services state
//! the result first and the goal after, or give the ratio in brackets. **Examples:**
//! `…委員に占める女性の割合は24.5%で… 市は女性委員の割合30%を目標に…` pairs 30% with 24.5%;
//! `来館者数(41,200/50,000人)の達成率は82.4%` pairs 50,000人 with 41,200人 and checks the rate.

use crate::indicators::reading::{clean_label, direction_of, line_around, sentence_around, similarity, subject_of};
use crate::indicators::value::{figures_in, Value, ValueKind};
use crate::indicators::{AsOf, Context, Found, Indicator, Rule};
use crate::text::lexicon::{self, COMPARISON_CUES, GOAL_CUES, RATE_CUES, RESULT_CUES};
use crate::text::numeral;
use crate::text::words::Words;

/// How far before a goal sentence its result is looked for (bytes).
const LOOK_BACK: usize = 900;

pub fn read(cx: &Context, found: &mut Found) {
    ratios(cx, found);
    goal_sentences(cx, found);
}

/// Figures followed by a goal word, each with the result stated before it (or after it in
/// the same sentence: `…とすることとしていたが、…138経営体にとどまった`).
fn goal_sentences(cx: &Context, found: &mut Found) {
    static GOALS: Words = Words::new(GOAL_CUES);
    let norm = cx.norm;
    for (k, at) in GOALS.occurrences(norm) {
        let cue = GOAL_CUES[k];
        // The figure before the cue, apart from it by a few words of no figure
        // (`30%を目標`, `35%とすることを目標`, `50社程度を目標`).
        let sentence = sentence_around(norm, at);
        let before = figures_in(cx, sentence.start..at);
        let Some(target) = before.last().filter(|v| {
            let gap = &norm[v.span.end..at];
            gap.chars().count() <= 12 && !gap.contains(['、', '。', ',']) && !found.is_used(v)
        }) else {
            continue;
        };
        let from = crate::text::chars::ceil_boundary(norm, sentence.start.saturating_sub(LOOK_BACK));
        let target_words = &norm[sentence.clone()];
        let is_result = |v: &Value, same_sentence: bool| {
            if !v.comparable(target) || found.is_used(v) || v.span == target.span {
                return false;
            }
            let lead = crate::text::chars::ceil_boundary(norm, v.span.start.saturating_sub(18));
            if COMPARISON_CUES.iter().any(|c| norm[lead..v.span.start].contains(c)) {
                return false;
            }
            let s = sentence_around(norm, v.span.start);
            let words = &norm[s.clone()];
            if !same_sentence && GOAL_CUES.iter().any(|c| words.contains(c)) {
                return false;
            }
            same_sentence || similarity(words, target_words) >= 0.15 || RESULT_CUES.iter().any(|c| words.contains(c))
        };
        // Before the target: in its own sentence, then the sentences above it.
        let earlier = figures_in(cx, from..target.span.start);
        let mut result = earlier.iter().rev().find(|v| is_result(v, v.span.start >= sentence.start)).cloned();
        if result.is_none() {
            // After it in the same sentence, with a word saying it is what was reached.
            result = figures_in(cx, at..sentence.end).into_iter().find(|v| {
                let after: String = norm[v.span.end..sentence.end].chars().take(10).collect();
                is_result(v, true) && RESULT_CUES.iter().any(|c| after.contains(c))
            });
        }
        let Some(result) = result else { continue };
        let Some(u) = cx.unit_at(target.span.start) else { continue };
        // The target's subject, or (`この割合を`) the result's: `…の割合は27.5%`.
        let name = subject_of(&norm[sentence.start..target.span.start])
            .or_else(|| {
                let line_start = norm[..result.span.start]
                    .char_indices()
                    .rfind(|&(_, c)| c == '。' || c == '\n')
                    .map_or(0, |(i, c)| i + c.len_utf8());
                subject_of(&norm[line_start..result.span.start])
            })
            .unwrap_or_else(|| clean_label(&norm[sentence.start..target.span.start]));
        let mut ind = Indicator::new(u, name, sentence.clone(), target.clone(), Rule::Prose);
        ind.direction = direction_of(norm, target);
        ind.actual = Some(result.clone());
        ind.as_of = cx.doc.units[u].as_of.map(|_| AsOf::Record);
        ind.evidence.push(format!(
            "{} {} on line {}; the result {} stated on line {}",
            target.display(),
            cue,
            cx.line_number(target.span.start),
            result.display(),
            cx.line_number(result.span.start)
        ));
        found.push(ind);
    }
}

/// `(a/b単位)` followed by a rate word and a percentage.
fn ratios(cx: &Context, found: &mut Found) {
    static RATES: Words = Words::new(RATE_CUES);
    let norm = cx.norm;
    for (k, at) in RATES.occurrences(norm) {
        let cue = RATE_CUES[k];
        // The ratio just before the cue, within a few characters (`…冊点)の達成率`).
        let from = crate::text::chars::ceil_boundary(norm, at.saturating_sub(60));
        let window = &norm[from..at];
        let Some(slash) = window.rfind('/') else { continue };
        let slash = from + slash;
        let Some((actual, target)) = ratio_at(norm, slash) else { continue };
        if norm[target.span.end..at].chars().count() > 4 {
            continue;
        }
        // The stated rate after the cue, in the same sentence.
        let sentence = sentence_around(norm, at);
        let rate = figures_in(cx, at..sentence.end).into_iter().find(|v| v.kind == ValueKind::Percent);
        let Some(u) = cx.unit_at(at) else { continue };
        if found.is_used(&target) || found.is_used(&actual) {
            continue;
        }
        let line = line_around(norm, actual.span.start);
        // The name: the words since the last 、 or 。 before the ratio's bracket.
        let head = &norm[line.start..actual.span.start];
        let head = head.strip_suffix('(').unwrap_or(head);
        let name_from = head.rfind(['、', '。']).map_or(0, |i| i + '、'.len_utf8());
        let name = clean_label(&head[name_from..]);
        let mut ind = Indicator::new(u, name, actual.span.start..at + cue.len(), target.clone(), Rule::Prose);
        ind.actual = Some(actual.clone());
        ind.stated_rate = rate;
        ind.as_of = cx.doc.units[u].as_of.map(|_| AsOf::Record);
        ind.evidence.push(format!(
            "written as {}/{} before {cue} on line {}",
            actual.display(),
            target.display(),
            cx.line_number(at)
        ));
        found.push(ind);
    }
}

/// The two figures of `a/b単位` around the slash at `slash`, read as the document writes them.
fn ratio_at(norm: &str, slash: usize) -> Option<(Value, Value)> {
    // The left figure: digits, commas and points ending right before the slash.
    let left_start = norm[..slash]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || matches!(c, ',' | '.'))
        .last()
        .map(|(i, _)| i)?;
    let left = numeral::read(norm, left_start, slash).filter(|f| f.end == slash)?;
    let right = numeral::read(norm, slash + 1, (slash + 40).min(norm.len()))?;
    if right.start != slash + 1 {
        return None;
    }
    let rest = &norm[right.end..];
    let unit = lexicon::counter_prefix(rest).or_else(|| lexicon::measure_prefix(rest));
    let kind = match unit {
        Some("%") => ValueKind::Percent,
        Some(u) if lexicon::measure_prefix(u) == Some(u) => ValueKind::Measurement,
        Some(_) => ValueKind::Count,
        None => ValueKind::Number,
    };
    let value = |f: numeral::Figure, end: usize| Value { span: f.start..end, ..Value::in_text(norm, &f, kind, unit) };
    let end = right.end + unit.map_or(0, str::len);
    Some((value(left, left.end), value(right, end)))
}
