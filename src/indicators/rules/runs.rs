//! `runs`: a table flattened so that each of its rows is written as one run of figures, the
//! plan's run, then the result's run, then perhaps a run of rates.
//!
//! **Reads** long lines for runs of three or more figures apart by spaces only. Two runs of
//! the same length and unit pair figure by figure, the earlier run the target and the later
//! the result, when a run of stated rates of that length (or of one of its halves) gives back
//! result over target for most of them, or else when the words before the first run end in a
//! target word and those before the second in a result word. **Why:** a PDF export of a wide
//! table (one column per department or chapter) writes each row as a run and loses the grid.
//! **Example:** `計画 事業数 12 30 8 実績 事業数 11 30 6 達成率 91.7% 100.0% 75.0%` pairs 12 with
//! 11, 30 with 30 and 8 with 6.

use crate::indicators::rate;
use crate::indicators::reading::clean_label;
use crate::indicators::value::{figures_in, may_hold_figures, Value, ValueKind};
use crate::indicators::{AsOf, Context, Found, Indicator, Rule};
use crate::text::lexicon::ValueRole;
use crate::text::numeral;

/// The fewest figures a run has.
const MIN_RUN: usize = 3;

/// The share of a run's pairs the stated rates must give back.
const AGREEING: f64 = 0.6;

/// A run of figures and the words before it.
struct Run {
    values: Vec<Value>,
    label: std::ops::Range<usize>,
}

pub fn read(cx: &Context, found: &mut Found) {
    // Paragraphs: lines up to a blank line (a run's label may stand on the line above it),
    // cut every few hundred lines so a page with no blank line stays linear.
    let norm = cx.norm;
    let mut para_start = 0;
    let mut lines = 0;
    for range in &cx.lines {
        let (line, end) = (&norm[range.clone()], range.end);
        lines += 1;
        if line.chars().all(char::is_whitespace) || lines >= PARAGRAPH_LINES || end == norm.len() {
            let para = para_start..end;
            // Two runs of MIN_RUN figures at least, each a mention or a number of digits.
            if para.len() >= 40 && may_hold_figures(cx, para.clone(), 2 * MIN_RUN) {
                let runs = runs_in(cx, para);
                if runs.len() >= 2 {
                    pair_runs(cx, &runs, found);
                }
            }
            para_start = end + 1;
            lines = 0;
        }
    }
}

/// The most lines read as one paragraph.
const PARAGRAPH_LINES: usize = 400;

/// How many runs after a target run its result run may come.
const RUN_REACH: usize = 4;

/// The runs of a paragraph: figures apart by spaces or line ends only, bare numbers read as
/// numbers.
fn runs_in(cx: &Context, line: std::ops::Range<usize>) -> Vec<Run> {
    let norm = cx.norm;
    let mentions = figures_in(cx, line.clone());
    let mut runs: Vec<Run> = Vec::new();
    let mut current: Vec<Value> = Vec::new();
    let mut label_start = line.start;
    let mut last_end = line.start;
    let mut p = line.start;
    let mut m = 0;
    let flush = |current: &mut Vec<Value>, label_start: &mut usize, runs: &mut Vec<Run>, end: usize| {
        if current.len() >= MIN_RUN {
            let label = *label_start..current[0].span.start;
            runs.push(Run { values: std::mem::take(current), label });
            *label_start = end;
        } else {
            current.clear();
        }
    };
    while p < line.end {
        let c = norm[p..].chars().next().unwrap_or(' ');
        if c == ' ' || c == '\n' {
            p += 1;
            continue;
        }
        // The next token: a figure the extraction read, a bare number, or a word.
        while m < mentions.len() && mentions[m].span.start < p {
            m += 1;
        }
        // A mention whose unit stands after a space (`1,200 達成率`) may be a bare figure and
        // the next cell's label: the token ends at the space.
        let spaced = |v: &Value| norm[v.span.clone()].contains(' ');
        let value = if mentions.get(m).is_some_and(|v| v.span.start == p && !spaced(v)) {
            Some(mentions[m].clone())
        } else {
            bare_number(norm, p, line.end)
        };
        match value {
            Some(v) if norm[last_end..p].trim().is_empty() || current.is_empty() => {
                if current.first().is_some_and(|f| f.kind != v.kind || f.unit != v.unit) {
                    flush(&mut current, &mut label_start, &mut runs, p);
                }
                p = v.span.end;
                last_end = p;
                current.push(v);
            }
            _ => {
                let end = norm[p..line.end].find([' ', '\n']).map_or(line.end, |i| p + i);
                if !current.is_empty() {
                    flush(&mut current, &mut label_start, &mut runs, p);
                }
                p = end;
                last_end = p;
            }
        }
    }
    flush(&mut current, &mut label_start, &mut runs, line.end);
    runs
}

/// A bare number token at `p` (`7,937,499`, `38`) ending at a space or the line's end.
fn bare_number(norm: &str, p: usize, end: usize) -> Option<Value> {
    let f = numeral::read(norm, p, end)?;
    if f.start != p || f.kanji || !(f.end == end || norm[f.end..].starts_with([' ', '\n'])) {
        return None;
    }
    Some(Value::in_text(norm, &f, ValueKind::Number, None))
}

/// The role the words before a run end with (the last role word in them).
fn role_of(cx: &Context, run: &Run) -> Option<ValueRole> {
    let words = &cx.norm[run.label.clone()];
    let mut best: Option<(usize, ValueRole)> = None;
    for &(role, list) in crate::text::lexicon::VALUE_ROLE_WORDS {
        for w in list.iter() {
            if let Some(at) = words.rfind(w) {
                if best.is_none_or(|(b, _)| at > b) {
                    best = Some((at, role));
                }
            }
        }
    }
    best.map(|(_, r)| r)
}

fn pair_runs(cx: &Context, runs: &[Run], found: &mut Found) {
    let mut done = vec![false; runs.len()];
    for i in 0..runs.len() {
        for j in i + 1..runs.len().min(i + 1 + RUN_REACH) {
            if done[i] || done[j] {
                continue;
            }
            let (t, a) = (&runs[i], &runs[j]);
            let n = t.values.len();
            if a.values.len() != n || !t.values[0].comparable(&a.values[0]) {
                continue;
            }
            if t.values[0].kind == ValueKind::Percent {
                continue;
            }
            // A run of rates after the pair, of its length or half of it.
            let rates =
                runs[j + 1..runs.len().min(j + 1 + RUN_REACH)].iter().find(|r| r.values[0].kind == ValueKind::Percent);
            let confirmed = rates.and_then(|r| {
                let m = r.values.len();
                let offsets: &[usize] = if m == n {
                    &[0]
                } else if m * 2 == n {
                    &[0, m]
                } else {
                    &[]
                };
                offsets
                    .iter()
                    .copied()
                    .find(|&off| {
                        let agree = (0..m)
                            .filter(|&k| {
                                let (tv, av) = t.values[off + k].against(&a.values[off + k]);
                                let s = &r.values[k];
                                rate::check(tv, av, s.value, s.decimals, Some(false)).is_some_and(|c| c.agrees)
                            })
                            .count();
                        agree as f64 >= AGREEING * m as f64
                    })
                    .map(|off| (r, off))
            });
            let labelled = role_of(cx, t) == Some(ValueRole::Target)
                && matches!(role_of(cx, a), Some(ValueRole::Actual | ValueRole::Cumulative));
            if confirmed.is_none() && !labelled {
                continue;
            }
            let Some(u) = cx.unit_at(t.values[0].span.start) else { continue };
            if t.values.iter().chain(&a.values).any(|v| found.is_used(v)) {
                continue;
            }
            done[i] = true;
            done[j] = true;
            let name = clean_label(&cx.norm[t.label.clone()]);
            let name: String = name.chars().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
            for k in 0..n {
                let mut ind = Indicator::new(
                    u,
                    format!("{name} #{}", k + 1),
                    t.values[k].span.start..a.values[k].span.end,
                    t.values[k].clone(),
                    Rule::Runs,
                );
                ind.actual = Some(a.values[k].clone());
                ind.as_of = cx.doc.units[u].as_of.map(|_| AsOf::Record);
                if let Some((r, off)) = confirmed {
                    if k >= off && k - off < r.values.len() {
                        ind.stated_rate = Some(r.values[k - off].clone());
                    }
                }
                ind.evidence.push(match confirmed {
                    Some(_) => format!(
                        "runs of {n} figures on line {}: the k-th of the first against the k-th of the second, as the run of stated rates gives back",
                        cx.line_number(t.values[0].span.start)
                    ),
                    None => format!(
                        "runs of {n} figures on line {}: the first after a target word, the second after a result word",
                        cx.line_number(t.values[0].span.start)
                    ),
                });
                found.push(ind);
            }
        }
    }
}
