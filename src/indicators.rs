//! Stage 5b: targets against results. From a segmented document and its mentions, every target
//! figure a document states with what was reached, so a warehouse can ask "what did each
//! department set out to reach, and what did it reach?" without reading the pages.
//!
//! # Where targets come from (the `rule` of an indicator)
//!
//! - `plan_progress`: a plan initiative's numeric targets (the ◇成果指標 / (数値目標) items of
//!   its target column) paired with the figures of its progress column. A target figure is
//!   paired with the progress figure of the same kind and unit whose line reads most alike
//!   (character bigrams of the words before each figure, at least 0.25), best pairs first,
//!   each figure used once. A figure after 昨年度 / 前年度 on a target's line is the target's
//!   previous value (its baseline), not a target.
//! - `table_columns`: a table whose header names a target column (目標…) and a result column
//!   (実績…): one indicator per row, named by the row's first cell; a 基準値 / 現状値 / 策定時
//!   column gives the baseline and a 達成率 / 達成度 column the rate the document states.
//! - `table_rows`: a table whose rows are labelled 目標… and 実績… (a 工程表 or evaluation sheet
//!   with one column per year): one indicator per column, as of the column's year.
//! - `labelled_values`: an item or line that labels its figures (`基準値 120件 → 実績値 150件 →
//!   目標値 200件`, `目標：50社 実績：28社`).
//! - `stated_goal`: a figure of a business plan's 成果目標, or a target with nothing reported
//!   on it: a target without a result.
//!
//! # Reading a pair
//!
//! The direction comes from the target's qualifier (以上 → at least, 以下 / 以内 → at most,
//! 未満 → below, 超 → above), the words after it on its line (増加 … → increase, 削減 / 減少 …
//! → decrease), or its baseline (a target below its baseline is to decrease); otherwise the
//! target is to be reached (at least). Attainment is the result over
//! the target (the target over the result when less is better). The status is `achieved`,
//! `not_achieved`, `in_progress` (not reached, and the deadline is after the result's date),
//! `no_result`, or `not_comparable` (the result is not in the target's unit).

use std::ops::Range;

use crate::extract::{Mention, MentionKind};
use crate::layout::Table;
use crate::segment::{Document, DocumentKind, Item, Section, SectionName, TargetKind, Unit};
use crate::span::SourceText;

/// What the document wants of a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Reach the value (read as at least).
    Reach,
    AtLeast,
    Above,
    AtMost,
    Below,
    Increase,
    Decrease,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Reach => "reach",
            Direction::AtLeast => "at_least",
            Direction::Above => "above",
            Direction::AtMost => "at_most",
            Direction::Below => "below",
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
        }
    }

    /// True when a lower figure is better.
    fn lower_is_better(self) -> bool {
        matches!(self, Direction::AtMost | Direction::Below | Direction::Decrease)
    }
}

/// Whether a target was met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Achieved,
    NotAchieved,
    InProgress,
    NoResult,
    NotComparable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Achieved => "achieved",
            Status::NotAchieved => "not_achieved",
            Status::InProgress => "in_progress",
            Status::NoResult => "no_result",
            Status::NotComparable => "not_comparable",
        }
    }
}

/// One target figure with what was reached. Figures are indices into the document's mentions.
#[derive(Debug, Clone)]
pub struct Indicator {
    /// The record (unit) it belongs to.
    pub unit: usize,
    /// What is measured: the target's subject, its line's words or its row's label.
    pub name: String,
    /// Where it stands: the target's item, line or table row.
    pub span: Range<usize>,
    pub target: usize,
    /// A date the target is due by (`R7年度まで`), when the document gives one.
    pub deadline: Option<usize>,
    /// The previous or starting value and the word that says so (`昨年度`, `基準値` …).
    pub baseline: Option<(usize, &'static str)>,
    /// The result figure(s).
    pub actuals: Vec<usize>,
    /// The date the result is as of: a date mention (a table's year) or the record's as-of.
    pub as_of: Option<AsOf>,
    /// An achievement rate the document states itself.
    pub stated_rate: Option<usize>,
    pub direction: Direction,
    /// The result against the target in the direction's sense (1.0 = met exactly).
    pub attainment: Option<f64>,
    pub status: Status,
    pub rule: &'static str,
    /// Why the pair was made: the same unit, the words the lines share, their lines.
    pub evidence: Vec<String>,
}

/// The date a result is as of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AsOf {
    /// A date mention (index).
    Mention(usize),
    /// The record's as-of date (its progress heading's).
    Record,
}

/// Every indicator of a document, in document order of their targets.
pub fn indicators(text: &SourceText, doc: &Document, mentions: &[Mention]) -> Vec<Indicator> {
    let src = Source { text, norm: text.norm(), mentions, index: FigureIndex::new(mentions) };
    let mut found = Found { used: vec![false; mentions.len()], out: Vec::new() };
    for (u, unit) in doc.units.iter().enumerate() {
        let before = found.out.len();
        plan_progress(&src, u, unit, &mut found);
        for s in &unit.sections {
            for t in &s.tables {
                table_indicators(&src, u, unit, t, &mut found);
            }
        }
        for s in &unit.sections {
            labelled_values(&src, u, unit, s, &mut found);
        }
        if doc.kind == DocumentKind::BusinessPlan {
            stated_goals(&src, u, unit, &mut found);
        }
        for ind in &mut found.out[before..] {
            ind.evaluate(mentions, unit);
        }
    }
    let mut out = found.out;
    out.sort_by_key(|i| mentions[i.target].norm_span.start);
    out
}

/// What every rule reads: the text, its mentions and where they start.
struct Source<'a> {
    text: &'a SourceText,
    norm: &'a str,
    mentions: &'a [Mention],
    index: FigureIndex,
}

impl Source<'_> {
    /// The 1-based source line of a normalized offset (from the text's line index).
    fn line_number(&self, at: usize) -> usize {
        self.text.line_number(at.min(self.norm.len()))
    }
}

/// What the rules have made so far: the indicators, and which mentions they have used.
struct Found {
    used: Vec<bool>,
    out: Vec<Indicator>,
}

/// Mentions sorted by start (they are), for the figures inside a range.
struct FigureIndex {
    starts: Vec<usize>,
}

impl FigureIndex {
    fn new(mentions: &[Mention]) -> FigureIndex {
        FigureIndex { starts: mentions.iter().map(|m| m.norm_span.start).collect() }
    }

    /// Indices of the mentions starting inside `r`.
    fn within(&self, r: &Range<usize>) -> Range<usize> {
        crate::text::positions::starting_in(&self.starts, r.clone(), |&s| s)
    }
}

fn is_figure(m: &Mention) -> bool {
    m.kind != MentionKind::Date && m.value.is_some()
}

/// The line of `norm` around offset `at`, at most [`LINE_WINDOW`] bytes each way: what is read
/// around a figure (a line may be megabytes long; searching it whole per figure is quadratic).
fn line_around(norm: &str, at: usize) -> Range<usize> {
    let at = at.min(norm.len());
    let lo = crate::text::chars::ceil_boundary(norm, at.saturating_sub(LINE_WINDOW));
    let hi = crate::text::chars::floor_boundary(norm, at + LINE_WINDOW);
    let start = norm[lo..at].rfind('\n').map_or(lo, |i| lo + i + 1);
    let end = norm[at..hi].find('\n').map_or(hi, |i| at + i);
    start..end
}

/// How far around a figure its line is read.
const LINE_WINDOW: usize = 1024;

/// The words before a figure on its line, without bullets, brackets and colons: what the
/// figure is about (`・HBNetへの参画企業:` → `HBNetへの参画企業`).
fn label_before(norm: &str, m: &Mention) -> String {
    let line = line_around(norm, m.norm_span.start);
    let before = &norm[line.start..m.norm_span.start];
    clean_label(before)
}

fn clean_label(s: &str) -> String {
    let t = s
        .trim()
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '(' | '・' | '、' | '=' | '→' | '⇒'));
    t.trim().to_string()
}

/// Dice coefficient of the character bigrams of two texts, digits, punctuation and spaces
/// left out (so `参画企業:50社` and `参画企業:28社` are alike).
pub fn similarity(a: &str, b: &str) -> f64 {
    fn bigrams(s: &str) -> Vec<(char, char)> {
        let chars: Vec<char> = s.chars().filter(|c| c.is_alphabetic() && !c.is_ascii_digit()).collect();
        let mut v: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
        v.sort_unstable();
        v
    }
    let (x, y) = (bigrams(a), bigrams(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (x.len() + y.len()) as f64
}

/// Words after a figure on its line that say which way it should go.
fn direction_of(norm: &str, m: &Mention) -> Direction {
    match m.qualifier {
        Some("以上") => return Direction::AtLeast,
        Some("以下") | Some("以内") => return Direction::AtMost,
        Some("未満") => return Direction::Below,
        Some("超") => return Direction::Above,
        _ => {}
    }
    let line = line_around(norm, m.norm_span.start);
    let after: String = norm[m.norm_span.end.min(line.end)..line.end].chars().take(12).collect();
    if ["削減", "減少", "縮減", "抑制", "低減", "減らす"].iter().any(|w| after.contains(w)) {
        Direction::Decrease
    } else if ["増加", "増やす", "向上", "拡大", "増"].iter().any(|w| after.contains(w)) {
        Direction::Increase
    } else {
        Direction::Reach
    }
}

/// True when a 昨年度 / 前年度 / 前回 stands before the figure on its line: a value given for
/// comparison (`(昨年度:約97%)`), not a target.
fn previous_value_word(norm: &str, m: &Mention) -> Option<&'static str> {
    let line = line_around(norm, m.norm_span.start);
    let before = &norm[line.start..m.norm_span.start];
    ["昨年度", "前年度", "前年", "前回"].into_iter().find(|w| before.contains(w))
}

/// The first date on the target's line after it that is no as-of date: its deadline.
fn deadline_of(norm: &str, target: &Mention, mentions: &[Mention], index: &FigureIndex) -> Option<usize> {
    let line = line_around(norm, target.norm_span.start);
    index.within(&(target.norm_span.end..line.end)).find(|&i| {
        let m = &mentions[i];
        m.kind == MentionKind::Date && m.role.is_none() && previous_value_word(norm, m).is_none()
    })
}

impl Indicator {
    fn new(unit: usize, name: String, span: Range<usize>, target: usize, rule: &'static str) -> Indicator {
        Indicator {
            unit,
            name,
            span,
            target,
            deadline: None,
            baseline: None,
            actuals: Vec::new(),
            as_of: None,
            stated_rate: None,
            direction: Direction::Reach,
            attainment: None,
            status: Status::NoResult,
            rule,
            evidence: Vec::new(),
        }
    }

    /// Attainment and status from the target, the first result, the deadline and as-of date.
    fn evaluate(&mut self, mentions: &[Mention], unit: &Unit) {
        let t = &mentions[self.target];
        // A target set below its baseline is to be lowered (空き店舗率 14.8% → 10.0%), above it
        // raised, when no word says which way.
        if let (Direction::Reach, Some((b, word))) = (self.direction, self.baseline) {
            let bm = &mentions[b];
            if let (Some(bv), Some(tv), true) = (bm.value, t.value, bm.unit == t.unit) {
                if tv < bv {
                    self.direction = Direction::Decrease;
                    self.evidence.push(format!("target below its {word}: to decrease"));
                } else if tv > bv {
                    self.direction = Direction::Increase;
                }
            }
        }
        let Some(actual) = self.actuals.first().map(|&a| &mentions[a]) else {
            self.status = Status::NoResult;
            return;
        };
        if actual.kind != t.kind || actual.unit != t.unit {
            self.status = Status::NotComparable;
            return;
        }
        let (Some(tv), Some(av)) = (t.value, actual.value) else {
            self.status = Status::NotComparable;
            return;
        };
        let lower = self.direction.lower_is_better();
        // A range target (`5～8人`): its upper end when less is better, else its lower end.
        let tv = if lower { t.value_max.unwrap_or(tv) } else { tv };
        let met = match self.direction {
            Direction::Above => av > tv,
            Direction::Below => av < tv,
            d if d.lower_is_better() => av <= tv,
            _ => av >= tv,
        };
        self.attainment = if lower {
            (av > 0.0).then(|| tv / av).or((tv >= 0.0).then_some(1.0))
        } else {
            (tv > 0.0).then(|| av / tv)
        };
        self.status = if met {
            Status::Achieved
        } else if self.due_later(mentions, unit) {
            Status::InProgress
        } else {
            Status::NotAchieved
        };
    }

    /// True when the deadline is after the result's date (there is time left).
    fn due_later(&self, mentions: &[Mention], unit: &Unit) -> bool {
        let Some(deadline) = self.deadline.and_then(|d| mentions[d].date).and_then(|d| d.last_day()) else {
            return false;
        };
        let as_of = match &self.as_of {
            Some(AsOf::Mention(i)) => mentions[*i].date.and_then(|d| d.last_day()),
            Some(AsOf::Record) => unit.as_of,
            None => None,
        };
        as_of.is_some_and(|a| deadline > a)
    }
}

/// `plan_progress`: a plan initiative's numeric targets and its progress figures.
fn plan_progress(src: &Source, u: usize, unit: &Unit, found: &mut Found) {
    let (norm, mentions, index) = (src.norm, src.mentions, &src.index);
    let Found { used, out } = found;
    let Some(target) = unit.sections.iter().find(|s| s.name == SectionName::Target) else { return };
    let progress = unit.sections.iter().find(|s| s.name == SectionName::Progress);
    let kinds_known = target.items.iter().any(|i| i.target_kind.is_some());
    // Targets, and previous values given beside them.
    let mut targets: Vec<(usize, &Item)> = Vec::new();
    let mut previous: Vec<(usize, &'static str)> = Vec::new();
    for item in &target.items {
        if kinds_known && item.target_kind != Some(TargetKind::Numeric) {
            continue;
        }
        for i in index.within(&item.norm_span) {
            let m = &mentions[i];
            if !is_figure(m) || used[i] {
                continue;
            }
            match previous_value_word(norm, m) {
                Some(word) => previous.push((i, word)),
                None => targets.push((i, item)),
            }
        }
    }
    if targets.is_empty() {
        return;
    }
    // Progress figures, each with the words of its line (or its item's first line).
    let results: Vec<(usize, String)> = progress
        .map(|s| {
            s.items
                .iter()
                .flat_map(|item| index.within(&item.norm_span).map(move |i| (i, item)))
                .filter(|&(i, _)| is_figure(&mentions[i]) && !used[i])
                .map(|(i, item)| (i, line_or_item_label(norm, &mentions[i], item)))
                .collect()
        })
        .unwrap_or_default();
    // Every candidate pair of the same kind and unit, best first.
    let labels: Vec<String> = targets.iter().map(|&(t, item)| line_or_item_label(norm, &mentions[t], item)).collect();
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (k, &(t, _)) in targets.iter().enumerate() {
        for (r, (a, label)) in results.iter().enumerate() {
            let (mt, ma) = (&mentions[t], &mentions[*a]);
            if mt.kind != ma.kind || mt.unit != ma.unit {
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
    for (k, &(t, item)) in targets.iter().enumerate() {
        let m = &mentions[t];
        let name = m.subject.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| labels[k].clone());
        let line = line_around(norm, m.norm_span.start);
        let lead = norm[line.clone()].len() - norm[line.clone()].trim_start().len();
        let mut ind = Indicator::new(u, name, line.start + lead..line.end, t, "plan_progress");
        ind.direction = direction_of(norm, m);
        ind.deadline = deadline_of(norm, m, mentions, index);
        // The previous value: of the same kind and unit, after the target in its item.
        ind.baseline = previous
            .iter()
            .find(|&&(p, _)| {
                let pm = &mentions[p];
                pm.kind == m.kind
                    && pm.unit == m.unit
                    && pm.norm_span.start > m.norm_span.start
                    && item.norm_span.contains(&pm.norm_span.start)
                    && !used[p]
            })
            .copied();
        if let Some((p, _)) = ind.baseline {
            used[p] = true;
        }
        ind.evidence.push(format!("target line {}", src.line_number(line.start)));
        match paired[k] {
            Some((r, score)) => {
                let (a, label) = &results[r];
                ind.actuals.push(*a);
                ind.as_of = Some(AsOf::Record);
                used[*a] = true;
                ind.evidence.push(format!("same {} unit {}", m.kind.as_str(), m.unit.as_deref().unwrap_or("-")));
                ind.evidence.push(format!("shared words {score:.2}: {} ~ {label}", labels[k]));
                ind.evidence.push(format!("result line {}", src.line_number(mentions[*a].norm_span.start)));
            }
            None => ind.evidence.push("no progress figure of the same unit reads alike".to_string()),
        }
        used[t] = true;
        out.push(ind);
    }
}

/// The words before a figure on its line; when they are too few (`5件` alone, a figure
/// continuing a list), the item's first line before its first figure.
fn line_or_item_label(norm: &str, m: &Mention, item: &Item) -> String {
    let own = label_before(norm, m);
    if own.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
        return own;
    }
    let first_line = line_around(norm, item.norm_span.start);
    let head = clean_label(&norm[first_line.start..first_line.end.min(m.norm_span.start).max(first_line.start)]);
    if own.is_empty() {
        head
    } else {
        format!("{head} {own}")
    }
}

/// What a column or row header says it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Target,
    Actual,
    Baseline,
    Rate,
}

/// The role of a header: 目標値 / 計画値 → target, 実績値 / 実績 → actual, 基準値 / 現状値 /
/// 策定時 → baseline, 達成率 / 達成度 → rate.
fn header_role(h: &str) -> Option<Role> {
    if h.contains("達成率") || h.contains("達成度") || h.contains("進捗率") {
        Some(Role::Rate)
    } else if h.contains("実績") {
        Some(Role::Actual)
    } else if h.contains("目標") || h.contains("計画値") {
        Some(Role::Target)
    } else if h.contains("基準") || h.contains("現状値") || h.contains("策定時") || h.contains("当初値") {
        Some(Role::Baseline)
    } else {
        None
    }
}

/// The figures of a cell (mention indices), figures only.
fn cell_figures(cell: &Range<usize>, mentions: &[Mention], index: &FigureIndex) -> Vec<usize> {
    index.within(cell).filter(|&i| is_figure(&mentions[i])).collect()
}

/// `table_columns` and `table_rows`.
fn table_indicators(src: &Source, u: usize, unit: &Unit, t: &Table, found: &mut Found) {
    let (norm, mentions, index) = (src.norm, src.mentions, &src.index);
    let Found { used, out } = found;
    let header_rows = t.header_rows.max(1).min(t.rows.len());
    let cols = t.rows.iter().map(Vec::len).max().unwrap_or(0);
    // Columns by their header.
    let headers: Vec<String> = (0..cols).map(|c| t.header_label(c)).collect();
    let mut col_roles: Vec<Option<Role>> = headers.iter().map(|h| header_role(h)).collect();
    let col_of = |roles: &[Option<Role>], role: Role| roles.iter().position(|r| *r == Some(role));
    if col_of(&col_roles, Role::Actual).is_none() {
        // No 実績 column: with a 基準値 column beside it, 現状値 is the latest result; else the
        // last year's column before the target column is (`令和4年度 | 令和5年度 | 目標値(R6)`).
        let current = headers.iter().position(|h| h.contains("現状値"));
        let base = headers.iter().position(|h| h.contains("基準") || h.contains("策定時") || h.contains("当初値"));
        let target = col_of(&col_roles, Role::Target);
        let last_year =
            target.and_then(|tc| (1..tc).rev().find(|&c| col_roles[c].is_none() && headers[c].contains("年度")));
        match (current, base, last_year) {
            (Some(c), Some(b), _) if c != b => col_roles[c] = Some(Role::Actual),
            (_, _, Some(y)) => col_roles[y] = Some(Role::Actual),
            _ => {}
        }
    }
    let col_of = |role: Role| col_of(&col_roles, role);
    let is_date = |i: usize| mentions[i].kind == MentionKind::Date;
    if let (Some(tc), Some(ac)) = (col_of(Role::Target), col_of(Role::Actual)) {
        // What the header says of every row: where its baseline and rate stand, and a year in a
        // target or result header (`目標値(R7)`, `現状値(R5)`) as the deadline and the result's date.
        let (base_col, rate_col) = (col_of(Role::Baseline), col_of(Role::Rate));
        let header_date = |c: usize| {
            t.rows
                .iter()
                .take(header_rows)
                .filter_map(|row| row.get(c))
                .find_map(|h| index.within(&h.norm_span).find(|&i| is_date(i)))
        };
        let (deadline, result_date) = (header_date(tc), header_date(ac));
        for row in &t.rows[header_rows..] {
            let cell = |c: Option<usize>| c.and_then(|c| row.get(c)).map(|x| x.norm_span.clone());
            let (Some(target_cell), Some(actual_cell)) = (cell(Some(tc)), cell(Some(ac))) else { continue };
            let Some(&target) = cell_figures(&target_cell, mentions, index).first() else { continue };
            if used[target] {
                continue;
            }
            let name = row.first().map(|c| clean_label(&c.text)).unwrap_or_default();
            let span =
                row.first().map_or(target_cell.clone(), |c| c.norm_span.start..target_cell.end.max(c.norm_span.end));
            let mut ind = Indicator::new(u, name, span, target, "table_columns");
            ind.direction = direction_of(norm, &mentions[target]);
            ind.actuals = cell_figures(&actual_cell, mentions, index).into_iter().take(1).collect();
            ind.baseline =
                cell(base_col).and_then(|c| cell_figures(&c, mentions, index).first().copied()).map(|b| (b, "基準値"));
            ind.stated_rate = cell(rate_col).and_then(|c| {
                cell_figures(&c, mentions, index).into_iter().find(|&i| mentions[i].kind == MentionKind::Percent)
            });
            ind.deadline = deadline;
            ind.as_of = result_date.map(AsOf::Mention).or(unit.as_of.as_ref().map(|_| AsOf::Record));
            ind.evidence.push(format!(
                "row {:?}: columns {} / {}",
                row.first().map(|c| c.text.as_str()).unwrap_or(""),
                headers[tc],
                headers[ac]
            ));
            mark_used(used, &ind);
            out.push(ind);
        }
        return;
    }
    // Rows by their label (`目標値`, `実績値` in the first or second cell, the indicator's name
    // before it): one indicator per column after the label.
    let role_of_row = |r: &Vec<crate::layout::Cell>| -> Option<(Role, usize)> {
        r.iter().take(2).enumerate().find_map(|(i, c)| header_role(&c.text).map(|role| (role, i)))
    };
    let find_row = |role: Role| {
        t.rows.iter().enumerate().find_map(|(k, r)| match role_of_row(r) {
            Some((found, at)) if found == role => Some((k, at)),
            _ => None,
        })
    };
    let (Some((tr, label_col)), Some((ar, _))) = (find_row(Role::Target), find_row(Role::Actual)) else { return };
    let baseline_row = find_row(Role::Baseline).map(|(k, _)| k);
    let rate_row = find_row(Role::Rate).map(|(k, _)| k);
    let named = (label_col > 0).then(|| t.rows[tr].first().map(|c| clean_label(&c.text))).flatten();
    let name = named.filter(|n| !n.is_empty()).unwrap_or_else(|| clean_label(unit.title.as_str()));
    for c in label_col + 1..cols {
        let cell =
            |r: Option<usize>| r.and_then(|r| t.rows.get(r)).and_then(|row| row.get(c)).map(|x| x.norm_span.clone());
        let Some(target_cell) = cell(Some(tr)) else { continue };
        let Some(&target) = cell_figures(&target_cell, mentions, index).first() else { continue };
        if used[target] {
            continue;
        }
        let mut ind = Indicator::new(u, name.clone(), target_cell.clone(), target, "table_rows");
        ind.direction = direction_of(norm, &mentions[target]);
        ind.actuals =
            cell(Some(ar)).map(|a| cell_figures(&a, mentions, index).into_iter().take(1).collect()).unwrap_or_default();
        ind.baseline =
            cell(baseline_row).and_then(|b| cell_figures(&b, mentions, index).first().copied()).map(|b| (b, "基準値"));
        ind.stated_rate = cell(rate_row).and_then(|r| {
            cell_figures(&r, mentions, index).into_iter().find(|&i| mentions[i].kind == MentionKind::Percent)
        });
        // The column's header (the header rows, else the row above the target row): its year
        // is the result's date.
        let header_date = t
            .rows
            .iter()
            .take(header_rows.max(tr))
            .rev()
            .filter_map(|row| row.get(c))
            .find_map(|h| index.within(&h.norm_span).find(|&i| is_date(i)));
        ind.as_of = header_date.map(AsOf::Mention).or(unit.as_of.as_ref().map(|_| AsOf::Record));
        ind.evidence.push(format!(
            "column {:?}: rows {} / {}",
            headers.get(c).map_or("", String::as_str),
            t.rows[tr].get(label_col).map(|x| x.text.as_str()).unwrap_or(""),
            t.rows[ar].get(label_col).map(|x| x.text.as_str()).unwrap_or("")
        ));
        mark_used(used, &ind);
        out.push(ind);
    }
}

fn mark_used(used: &mut [bool], ind: &Indicator) {
    used[ind.target] = true;
    for &a in &ind.actuals {
        used[a] = true;
    }
    if let Some((b, _)) = ind.baseline {
        used[b] = true;
    }
    if let Some(r) = ind.stated_rate {
        used[r] = true;
    }
}

/// Label words before a figure and the role they give it.
const VALUE_LABELS: &[(&str, Role)] = &[
    ("目標値", Role::Target),
    ("目標", Role::Target),
    ("計画値", Role::Target),
    ("実績値", Role::Actual),
    ("実績", Role::Actual),
    ("基準値", Role::Baseline),
    ("現状値", Role::Baseline),
    ("策定時", Role::Baseline),
    ("当初値", Role::Baseline),
    ("達成率", Role::Rate),
    ("達成度", Role::Rate),
];

/// `labelled_values`: an item whose figures are labelled target / result / baseline / rate.
fn labelled_values(src: &Source, u: usize, unit: &Unit, s: &Section, found: &mut Found) {
    let (norm, mentions, index) = (src.norm, src.mentions, &src.index);
    let Found { used, out } = found;
    for item in &s.items {
        let mut found: Vec<(Role, usize, &'static str)> = Vec::new();
        let mut from = item.norm_span.start;
        for i in index.within(&item.norm_span) {
            let m = &mentions[i];
            if !is_figure(m) || used[i] {
                continue;
            }
            // The label nearest before the figure, since the previous figure.
            let before = norm.get(from..m.norm_span.start).unwrap_or("");
            let label = VALUE_LABELS
                .iter()
                .filter_map(|&(w, role)| before.rfind(w).map(|at| (at, w, role)))
                .max_by_key(|&(at, w, _)| (at, w.len()));
            if let Some((_, w, role)) = label {
                found.push((role, i, w));
            }
            from = m.norm_span.end;
        }
        let of = |role: Role| found.iter().find(|(r, ..)| *r == role).map(|&(_, i, w)| (i, w));
        let Some((target, target_word)) = of(Role::Target) else { continue };
        let actual = of(Role::Actual);
        let baseline = of(Role::Baseline);
        if actual.is_none() && baseline.is_none() {
            continue;
        }
        // The name: the words before the first label, else the record's title.
        let first_label_at = found
            .iter()
            .map(|&(_, i, w)| norm[item.norm_span.start..mentions[i].norm_span.start].rfind(w).unwrap_or(0))
            .min()
            .unwrap_or(0);
        let head = clean_label(&norm[item.norm_span.start..item.norm_span.start + first_label_at]);
        let name =
            if head.chars().filter(|c| c.is_alphabetic()).count() >= 2 { head } else { clean_label(&unit.title) };
        let mut ind = Indicator::new(u, name, item.norm_span.clone(), target, "labelled_values");
        ind.direction = direction_of(norm, &mentions[target]);
        ind.deadline = deadline_of(norm, &mentions[target], mentions, index);
        ind.actuals = actual.map(|(a, _)| vec![a]).unwrap_or_default();
        ind.baseline = baseline;
        ind.stated_rate = of(Role::Rate).map(|(r, _)| r).filter(|&r| mentions[r].kind == MentionKind::Percent);
        ind.as_of = unit.as_of.as_ref().map(|_| AsOf::Record);
        let mut labels: Vec<&str> = vec![target_word];
        labels.extend(actual.map(|(_, w)| w));
        labels.extend(baseline.map(|(_, w)| w));
        ind.evidence.push(format!("labelled {} on line {}", labels.join(" / "), src.line_number(item.norm_span.start)));
        mark_used(used, &ind);
        out.push(ind);
    }
}

/// `stated_goal`: the figures of a business plan's 成果目標: targets with no result given.
fn stated_goals(src: &Source, u: usize, unit: &Unit, found: &mut Found) {
    let (norm, mentions, index) = (src.norm, src.mentions, &src.index);
    let Found { used, out } = found;
    for s in unit.sections.iter().filter(|s| s.name.as_str().contains("成果目標")) {
        for item in &s.items {
            for i in index.within(&item.norm_span) {
                let m = &mentions[i];
                if !is_figure(m) || used[i] {
                    continue;
                }
                let name = m.subject.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| label_before(norm, m));
                let mut ind = Indicator::new(u, name, item.norm_span.clone(), i, "stated_goal");
                ind.direction = direction_of(norm, m);
                ind.deadline = deadline_of(norm, m, mentions, index);
                ind.evidence.push(format!("{} on line {}", s.name, src.line_number(item.norm_span.start)));
                used[i] = true;
                out.push(ind);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_lines_are_alike_and_others_are_not() {
        assert!(similarity("HBNetへの参画企業:50社", "HBNetへの参画企業:28社") > 0.9);
        assert!(similarity("HBNet参画大学・研究機関:20機関", "HBNetへの参画大学・研究機関:12機関") > 0.6);
        assert!(similarity("新たな有望シーズの創出:3件", "商談数:263件") < 0.25);
        assert!(similarity("入居率", "セミナーの参加者数") < 0.25);
        assert_eq!(similarity("", "x"), 0.0);
    }

    #[test]
    fn headers_name_their_role() {
        assert_eq!(header_role("目標値(R6)"), Some(Role::Target));
        assert_eq!(header_role("実績値"), Some(Role::Actual));
        assert_eq!(header_role("達成率"), Some(Role::Rate));
        assert_eq!(header_role("基準値(R2)"), Some(Role::Baseline));
        assert_eq!(header_role("区分"), None);
    }
}
