//! `labelled_values`: figures a sentence labels as target, result, baseline or rate, and labels
//! stacked above their figures one cell a line.
//!
//! **Reads** the role word ending right before each figure (`目標値:`, `実績は`, `計画額`,
//! `実績額(決算額)は`). **Why:** summaries and KPI sheets write the pair in one sentence or one
//! item, labelled; PDF exports write a two-column KPI box as its labels, then its figures, one a
//! line. **Examples:** `見学者数 目標:1,200人 実績:1,032人`; `計画額2億円に対して実績額は2億4千万円`;
//! and
//!
//! ```text
//! 年間来訪者数
//! 現状値
//! 目標値
//! 412万人
//! 450万人
//! ```
//!
//! where the k-th figure under a run of labels has the k-th label (the 現状値 is the result).

use std::sync::LazyLock;

use crate::indicators::reading::{clean_label, deadline_after, direction_of};
use crate::indicators::roles::{header_role, label_before};
use crate::indicators::value::{figures_in, may_hold_figures, Value};
use crate::indicators::{AsOf, Context, Found, Indicator, Rule, ValueKind};
use crate::text::lexicon::{ValueRole, VALUE_ROLE_WORDS};

pub fn read(cx: &Context, found: &mut Found) {
    // Items first (an item may wrap over lines), then every line: a heading or a table cell
    // may hold a labelled pair too.
    for (u, unit) in cx.doc.units.iter().enumerate() {
        for s in &unit.sections {
            for item in &s.items {
                sentences(cx, u, item.norm_span.clone(), found);
            }
        }
    }
    for (i, range) in cx.lines.iter().enumerate() {
        let (range, line) = (range.clone(), &cx.norm[range.clone()]);
        if line.len() < 4 || !cx.line_may_hold(i, 2) {
            continue;
        }
        if let Some(u) = cx.unit_at(range.start) {
            sentences(cx, u, range, found);
        }
    }
    stacked_labels(cx, found);
}

/// `。`, searched in every item and line: one prepared searcher.
static KUTEN: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("。".as_bytes()));

/// One sentence at a time: a pair is labelled within its sentence.
fn sentences(cx: &Context, u: usize, span: std::ops::Range<usize>, found: &mut Found) {
    // (A word holds no `。`: a span without a target word, or without two figures, has no
    // sentence with them.)
    if !may_hold_figures(cx, span.clone(), 2) || !holds_a_target_word(&cx.norm[span.clone()]) {
        return;
    }
    let mut at = span.start;
    for i in KUTEN.find_iter(cx.norm[span.clone()].as_bytes()) {
        let end = span.start + i + '。'.len_utf8();
        labelled_sentence(cx, u, at..end, found);
        at = end;
    }
    if at < span.end {
        labelled_sentence(cx, u, at..span.end, found);
    }
}

/// The words of a target's label that hold no other of them (`目標値` holds `目標`): a text
/// holds a target word exactly when it holds one of these. Each is searched by its own
/// `memmem` finder, whose prefilter looks for a pair of its bytes at their distance; an
/// automaton over all the words looked for single bytes, which kana and kanji share.
static TARGET_WORDS: LazyLock<Vec<memchr::memmem::Finder<'static>>> = LazyLock::new(|| {
    let words: Vec<&str> =
        VALUE_ROLE_WORDS.iter().filter(|(r, _)| *r == ValueRole::Target).flat_map(|(_, w)| w.iter().copied()).collect();
    words
        .iter()
        .filter(|w| !words.iter().any(|o| o != *w && w.contains(o)))
        .map(|w| memchr::memmem::Finder::new(w.as_bytes()))
        .collect()
});

/// Whether `text` holds a word of a target's label.
fn holds_a_target_word(text: &str) -> bool {
    TARGET_WORDS.iter().any(|f| f.find(text.as_bytes()).is_some())
}

/// The pair one sentence labels.
fn labelled_sentence(cx: &Context, u: usize, range: std::ops::Range<usize>, found: &mut Found) {
    // No pair without a target's label, and the label is a word of the sentence: a sentence
    // holding no target word is passed over before its figures are read.
    if !may_hold_figures(cx, range.clone(), 2) || !holds_a_target_word(&cx.norm[range.clone()]) {
        return;
    }
    let figures = figures_in(cx, range.clone());
    if figures.len() < 2 {
        return;
    }
    let mut labelled: Vec<(ValueRole, &'static str, Value)> = Vec::new();
    let mut from = range.start;
    let mut after_target = false;
    for v in figures {
        let before = &cx.norm[from..v.span.start];
        from = v.span.end;
        if found.is_used(&v) {
            continue;
        }
        if let Some((role, word)) = label_before(before) {
            after_target = role == ValueRole::Target;
            labelled.push((role, word, v));
        } else if after_target && OUTDONE.iter().any(|w| before.contains(w)) {
            // `目標の35万人を上回る36万2千人`: what passes or falls short of the target is the
            // result.
            after_target = false;
            labelled.push((ValueRole::Actual, "を上回る/下回る", v));
        } else {
            after_target = false;
        }
    }
    let of = |roles: &[ValueRole]| labelled.iter().find(|(r, ..)| roles.contains(r)).cloned();
    let Some((_, target_word, target)) = of(&[ValueRole::Target]) else { return };
    let result = of(&[ValueRole::Actual, ValueRole::Cumulative]).or_else(|| of(&[ValueRole::Current]));
    let baseline = of(&[ValueRole::Baseline]);
    let Some((_, result_word, result)) = result.filter(|(_, _, r)| r.comparable(&target)) else { return };
    let first =
        labelled.iter().map(|(_, w, v)| cx.norm[range.start..v.span.start].rfind(w).unwrap_or(0)).min().unwrap_or(0);
    // The name: the words before the first label on its line, or the line above when the label
    // starts its line (an item may hold a whole box: `事業概要…` / `活動指標 支援団体数` / `目標値:…`).
    let head = cx.norm[range.start..range.start + first].split('\n').map(str::trim).rfind(|l| !l.is_empty());
    let head = clean_label(head.unwrap_or(""));
    let name = if head.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
        head
    } else {
        clean_label(&cx.doc.units[u].title)
    };
    let mut ind = Indicator::new(u, name, range.clone(), target.clone(), Rule::LabelledValues);
    ind.direction = direction_of(cx.norm, &target);
    ind.deadline = deadline_after(cx, &target.span);
    ind.actual = Some(result);
    ind.baseline = baseline.map(|(_, w, v)| (v, w)).filter(|(v, _)| v.comparable(&target));
    ind.stated_rate = of(&[ValueRole::Rate]).map(|(_, _, v)| v).filter(|v| v.kind == ValueKind::Percent);
    ind.as_of = cx.doc.units[u].as_of.map(|_| AsOf::Record);
    ind.evidence.push(format!("labelled {target_word} / {result_word} on line {}", cx.line_number(range.start)));
    found.push(ind);
}

/// Words between a target and a figure that make the figure the result measured against it.
const OUTDONE: &[&str] = &["を上回る", "を下回る", "を上回り", "を下回り", "を超える", "に届かない"];

/// How many lines of dates or notes (`(平成26年)`) may stand between the labels and figures.
const GAP: usize = 4;

/// Labels one a line (`現状値` / `目標値`), then as many lines each holding one figure.
fn stacked_labels(cx: &Context, found: &mut Found) {
    let norm = cx.norm;
    let lines = &cx.lines;
    let text = |k: usize| norm[lines[k].clone()].trim();
    let mut k = 0;
    while k < lines.len() {
        // A run of label lines naming roles.
        let mut labels: Vec<(ValueRole, usize)> = Vec::new();
        let mut j = k;
        while j < lines.len() {
            let t = text(j);
            match (!t.is_empty() && t.chars().nth(6).is_none()).then(|| header_role(t)).flatten() {
                Some(r) if r != ValueRole::Difference => labels.push((r, j)),
                _ => break,
            }
            j += 1;
        }
        if labels.len() < 2 || !labels.iter().any(|(r, _)| *r == ValueRole::Target) {
            k = j.max(k + 1);
            continue;
        }
        // Skip date or note lines (and one line naming the box), then read one figure a line.
        let mut gap = 0;
        let mut named: Option<String> = None;
        while j < lines.len() && gap < GAP {
            let l = lines[j].clone();
            if is_note_line(cx, l.clone()) {
            } else if named.is_none() && is_name_line(cx, l.clone()) {
                named = Some(clean_label(norm[l].trim()));
            } else {
                break;
            }
            j += 1;
            gap += 1;
        }
        let mut values: Vec<Value> = Vec::new();
        while j < lines.len() && values.len() < labels.len() {
            let l = lines[j].clone();
            let figures = figures_in(cx, l.clone());
            let rest: String = {
                let mut s = norm[l.clone()].to_string();
                for f in &figures {
                    s = s.replacen(&norm[f.span.clone()], "", 1);
                }
                s
            };
            match figures.as_slice() {
                [only] if rest.trim().chars().filter(|c| c.is_alphabetic()).count() <= 2 => values.push(only.clone()),
                _ => break,
            }
            j += 1;
        }
        if values.len() == labels.len() {
            let role_value = |roles: &[ValueRole]| labels.iter().zip(&values).find(|((r, _), _)| roles.contains(r));
            let target = role_value(&[ValueRole::Target]);
            let result =
                role_value(&[ValueRole::Actual, ValueRole::Cumulative]).or_else(|| role_value(&[ValueRole::Current]));
            if let (Some((_, t)), Some(((rr, _), a))) = (target, result) {
                if t.comparable(a) && !found.is_used(t) && !found.is_used(a) {
                    if let Some(u) = cx.unit_at(lines[k].start) {
                        let name = named.clone().unwrap_or_else(|| name_above(cx, lines, k));
                        let mut ind =
                            Indicator::new(u, name, lines[k].start..lines[j - 1].end, t.clone(), Rule::LabelledValues);
                        ind.direction = direction_of(norm, t);
                        ind.actual = Some(a.clone());
                        ind.as_of = cx.doc.units[u].as_of.map(|_| AsOf::Record);
                        ind.evidence.push(format!(
                            "labels stacked on lines {}–{}, their figures below in the same order ({:?} is the result)",
                            cx.line_number(lines[k].start),
                            cx.line_number(lines[labels.len() + k - 1].start),
                            rr
                        ));
                        found.push(ind);
                    }
                }
            }
        }
        k = j.max(k + 1);
    }
}

/// A line of a date or a bracketed note only (`(平成26年)`, `(年間)`).
fn is_note_line(cx: &Context, l: std::ops::Range<usize>) -> bool {
    let t = cx.norm[l.clone()].trim();
    !t.is_empty() && (t.starts_with('(') && t.ends_with(')') && t.chars().count() <= 16) && figures_in(cx, l).is_empty()
}

/// A short line of words with no figure and no role: the name of what the figures below
/// measure (`年間来訪者数`).
fn is_name_line(cx: &Context, l: std::ops::Range<usize>) -> bool {
    let t = cx.norm[l.clone()].trim();
    let n = t.chars().count();
    (2..=24).contains(&n) && header_role(t).is_none() && figures_in(cx, l).is_empty() && !t.ends_with('。')
}

/// The nearest line above `k` that is no label, no figure and not empty: what the box measures.
fn name_above(cx: &Context, lines: &[std::ops::Range<usize>], k: usize) -> String {
    (k.saturating_sub(4)..k)
        .rev()
        .map(|i| cx.norm[lines[i].clone()].trim())
        .find(|t| {
            let note = t.starts_with('(') && t.ends_with(')');
            !(t.is_empty() || header_role(t).is_some() || t.chars().any(|c| c.is_ascii_digit()) || note)
        })
        .map(clean_label)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The finders of the shortest target words answer as a search for every target word.
        #[test]
        fn target_words_are_found_as_each_word_is(parts in proptest::collection::vec("(目|標|値|計|画|額|数|実績|の| |1)", 0..12)) {
            let text: String = parts.concat();
            let each = VALUE_ROLE_WORDS
                .iter()
                .filter(|(r, _)| *r == ValueRole::Target)
                .flat_map(|(_, w)| w.iter())
                .any(|w| text.contains(w));
            proptest::prop_assert_eq!(holds_a_target_word(&text), each);
        }
    }
}
