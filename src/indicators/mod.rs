//! Stage 5b: targets against results. From a segmented document, its mentions and its typed
//! tables, every target a document states with what was reached, so a warehouse can ask "what
//! did each department set out to reach, and what did it reach?" without reading the pages.
//!
//! # Rules
//!
//! Each way a document sets a target beside its result is one rule, in a file of its own under
//! `rules/` that opens with what it reads, why, and an example; the rule's name is the
//! indicator's `rule`. They run in this order, each figure used once (`stated_goal` before the
//! text rules, whose shapes a business plan's goals also take):
//!
//! - [`rules::plan_progress`]: a plan initiative's numeric targets against its progress column;
//! - [`rules::table_columns`]: a table with target and result columns (計画 / 実績, 目標値 /
//!   累計, per year when a year heads two columns);
//! - [`rules::table_rows`]: a table with rows labelled 目標値 / 実績値 / 達成率 under a header of
//!   years;
//! - [`rules::labelled_values`]: figures labelled in running text (`目標:50社 実績:28社`,
//!   `計画額…に対して実績額は…`), and labels stacked above their figures one cell a line;
//! - [`rules::prose`]: `…を目標に` after the sentence stating the result, and
//!   `(actual/target単位)の達成率は…`;
//! - [`rules::arrows`]: `A→B` lines, read by what stands above them;
//! - [`rules::runs`]: a wide table flattened to runs of figures, the plan's run against the
//!   result's;
//! - [`rules::differences`]: rows of target, result and their difference (`計画 実績 差`),
//!   wherever the export left them;
//! - [`rules::stated_goal`]: a business plan's 成果目標 with no result.
//!
//! # Values
//!
//! A target or a result is a [`Value`]: a mention, a table cell, or a measurement (see
//! [`value`]), read as the document writes it.
//!
//! # One pairing
//!
//! Indicators own the pairing of targets with results. A plan record's `objectives` refer to
//! the indicators whose targets they hold, and `plan_progress` pairs a target only with the
//! progress of its own objective, so the two cannot disagree.
//!
//! # Reading a pair
//!
//! The direction comes from the target's qualifier (以上 → at least, 以下 / 以内 → at most,
//! 未満 → below, 超 → above), the words after it (増加 … → increase, 削減 / 減少 … →
//! decrease), a ⇧ / ⇩ mark, or its baseline (a target below its baseline is to decrease); a
//! stated rate that only a "less is better" formula gives back says so too; otherwise the
//! target is to be reached (at least). Attainment is the result over the target (the target
//! over the result when less is better). The status is `achieved`, `not_achieved`,
//! `in_progress` (not reached, and the deadline is after the result's date), `no_result`, or
//! `not_comparable` (the result is not in the target's unit).

mod rate;
mod reading;
mod roles;
pub mod rules;
pub mod value;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::extract::{Mention, TypedCell};
use crate::layout::Table;
use crate::segment::owners::Ownership;
use crate::segment::Document;
use crate::span::SourceText;
use crate::text::calendar::Ymd;

pub use rate::{Formula, RateCheck};
pub use reading::similarity;
pub use value::{Value, ValueKind, ValueSource};

crate::vocabulary! {
    /// What the document wants of a figure.
    pub enum Direction {
        /// Reach the value (read as at least).
        Reach => "reach",
        AtLeast => "at_least",
        Above => "above",
        AtMost => "at_most",
        Below => "below",
        Increase => "increase",
        Decrease => "decrease",
    }
}

impl Direction {
    /// True when a lower figure is better.
    pub fn lower_is_better(self) -> bool {
        matches!(self, Direction::AtMost | Direction::Below | Direction::Decrease)
    }

    /// The direction a ⇧ / ⇩ (↑ / ↓) mark gives.
    pub fn of_mark(c: char) -> Option<Direction> {
        match c {
            '⇧' | '↑' | '⬆' => Some(Direction::Increase),
            '⇩' | '↓' | '⬇' => Some(Direction::Decrease),
            _ => None,
        }
    }
}

crate::vocabulary! {
    /// Whether a target was met.
    pub enum Status {
        Achieved => "achieved",
        NotAchieved => "not_achieved",
        InProgress => "in_progress",
        NoResult => "no_result",
        NotComparable => "not_comparable",
    }
}

crate::vocabulary! {
    /// The rule that read an indicator (the file of `rules/` it comes from).
    pub enum Rule {
        PlanProgress => "plan_progress",
        TableColumns => "table_columns",
        TableRows => "table_rows",
        LabelledValues => "labelled_values",
        Prose => "prose",
        Arrows => "arrows",
        Runs => "runs",
        Differences => "differences",
        HeaderRows => "header_rows",
        StatedGoal => "stated_goal",
    }
}

/// The date a result is as of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AsOf {
    /// A date mention (index).
    Mention(usize),
    /// The record's as-of date (its progress heading's).
    Record,
    /// A fiscal year a table's row or column gives (`H25` in a 年度 column).
    FiscalYear(i32),
}

/// One target with what was reached.
#[derive(Debug, Clone)]
pub struct Indicator {
    /// The record (unit) it belongs to.
    pub unit: usize,
    /// Plan records: the ■ objective (index into the unit's objectives) whose target it is.
    pub objective: Option<usize>,
    /// What is measured: the target's subject, its line's words, its row's label.
    pub name: String,
    /// Where it stands: the target's item, line or table row.
    pub span: Range<usize>,
    pub target: Value,
    /// A date the target is due by (`R7年度まで`), when the document gives one (a mention).
    pub deadline: Option<usize>,
    /// The previous or starting value and the word that says so (`昨年度`, `基準値` …).
    pub baseline: Option<(Value, &'static str)>,
    /// The result.
    pub actual: Option<Value>,
    pub as_of: Option<AsOf>,
    /// An achievement rate the document states itself.
    pub stated_rate: Option<Value>,
    /// The stated rate against the one computed from the pair.
    pub rate_check: Option<RateCheck>,
    pub direction: Direction,
    /// The result against the target in the direction's sense (1.0 = met exactly).
    pub attainment: Option<f64>,
    pub status: Status,
    pub rule: Rule,
    /// Why the pair was made: the header, labels or words that say which is which, the lines.
    pub evidence: Vec<String>,
}

impl Indicator {
    pub fn new(unit: usize, name: String, span: Range<usize>, target: Value, rule: Rule) -> Indicator {
        Indicator {
            unit,
            objective: None,
            name,
            span,
            target,
            deadline: None,
            baseline: None,
            actual: None,
            as_of: None,
            stated_rate: None,
            rate_check: None,
            direction: Direction::Reach,
            attainment: None,
            status: Status::NoResult,
            rule,
            evidence: Vec::new(),
        }
    }

    /// Direction (from the baseline and the stated rate when no word gave it), the stated
    /// rate's check, attainment and status.
    fn evaluate(&mut self, cx: &Context) {
        // A target set below its baseline is to be lowered (空き店舗率 14.8% → 10.0%), above it
        // raised, when no word says which way.
        if let (Direction::Reach, Some((b, word))) = (self.direction, &self.baseline) {
            if b.comparable(&self.target) {
                let (bv, tv) = b.against(&self.target);
                if tv < bv {
                    self.direction = Direction::Decrease;
                    self.evidence.push(format!("target below its {word}: to decrease"));
                } else if tv > bv {
                    self.direction = Direction::Increase;
                }
            }
        }
        if self.direction == Direction::Reach {
            if let Some(d) = reading::direction_of_name(&self.name) {
                self.direction = d;
                self.evidence.push("the name counts what should fall".to_string());
            }
        }
        let Some(actual) = &self.actual else {
            self.status = Status::NoResult;
            return;
        };
        if !self.target.comparable(actual) {
            self.status = Status::NotComparable;
            return;
        }
        let (tv, av) = self.target.against(actual);
        if let Some(r) = &self.stated_rate {
            let lower = (self.direction != Direction::Reach).then(|| self.direction.lower_is_better());
            if let Some(c) = rate::check(tv, av, r.value, r.decimals, lower) {
                if c.agrees && lower.is_none() && c.formula.lower_is_better() {
                    self.direction = Direction::Decrease;
                    self.evidence.push(format!("the stated rate is {}: less is better", c.formula.as_str()));
                }
                self.rate_check = Some(c);
            }
        }
        let lower = self.direction.lower_is_better();
        // A range target (`5～8人`): its upper end when less is better, else its lower end.
        let tv = match (lower, self.target.value_max) {
            (true, Some(max)) if self.target.unit == actual.unit => max,
            _ => tv,
        };
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
        } else if self.due_later(cx) {
            Status::InProgress
        } else {
            Status::NotAchieved
        };
    }

    /// The result's date as the output writes it (`2020-03-31`, `FY2021`).
    pub fn as_of_text(&self, mentions: &[Mention], record_as_of: Option<Ymd>) -> Option<String> {
        match &self.as_of {
            Some(AsOf::Mention(i)) => mentions[*i].date_text(),
            Some(AsOf::Record) => record_as_of.map(crate::extract::day_text),
            Some(AsOf::FiscalYear(fy)) => Some(format!("FY{fy}")),
            None => None,
        }
    }

    /// The last day of the result's date.
    pub fn as_of_day(&self, cx_mentions: &[Mention], record_as_of: Option<Ymd>) -> Option<Ymd> {
        match &self.as_of {
            Some(AsOf::Mention(i)) => cx_mentions[*i].date.and_then(|d| d.last_day()),
            Some(AsOf::Record) => record_as_of,
            Some(AsOf::FiscalYear(fy)) => Some((fy + 1, 3, 31)),
            None => None,
        }
    }

    /// True when the deadline is after the result's date (there is time left).
    fn due_later(&self, cx: &Context) -> bool {
        let Some(deadline) = self.deadline.and_then(|d| cx.mentions[d].date).and_then(|d| d.last_day()) else {
            return false;
        };
        let unit = &cx.doc.units[self.unit];
        self.as_of_day(cx.mentions, unit.as_of).is_some_and(|a| deadline > a)
    }
}

/// What every rule reads: the text, the document, its mentions, its tables and their typed
/// cells.
pub struct Context<'a> {
    pub text: &'a SourceText,
    pub norm: &'a str,
    pub doc: &'a Document,
    pub mentions: &'a [Mention],
    pub tables: &'a [Table],
    pub owners: &'a Ownership,
    pub index: FigureIndex,
    /// The text's lines (byte ranges, without their `\n`), as `norm.split('\n')` gives them,
    /// found once for every rule that reads line by line.
    pub lines: Vec<Range<usize>>,
    /// Per line, the mentions starting on it plus its runs of digits: the bound
    /// [`value::may_hold_figures`] puts on its figures, counted once for every rule.
    line_bounds: Vec<u32>,
    cells: HashMap<(usize, usize, usize), &'a TypedCell>,
}

impl<'a> Context<'a> {
    /// Whether line `i` of [`Context::lines`] may hold `n` figures or more: what
    /// [`value::may_hold_figures`] says of its range, read from a count made once.
    pub fn line_may_hold(&self, i: usize, n: usize) -> bool {
        self.line_bounds[i] as usize >= n
    }

    /// The typed cell at a table's row and column.
    pub fn cell(&self, table: usize, row: usize, col: usize) -> Option<&'a TypedCell> {
        self.cells.get(&(table, row, col)).copied()
    }

    /// The 1-based source line of a normalized offset.
    pub fn line_number(&self, at: usize) -> usize {
        self.text.line_number(at.min(self.norm.len()))
    }

    /// The record owning offset `at`: its owner, else the last record starting before it.
    pub fn unit_at(&self, at: usize) -> Option<usize> {
        if let Some((u, _)) = self.owners.owner_at(at) {
            return Some(u);
        }
        let owners = self.owners.owners();
        let before = owners.partition_point(|o| o.span.start <= at);
        owners[..before].last().map(|o| o.unit).or_else(|| (!self.doc.units.is_empty()).then_some(0))
    }
}

/// Mentions sorted by start (they are), for the figures inside a range, and where the runs
/// of digits of the text start, for counting them in a range without reading it.
pub struct FigureIndex {
    starts: Vec<usize>,
    digit_runs: Vec<usize>,
}

impl FigureIndex {
    fn new(norm: &str, mentions: &[Mention]) -> FigureIndex {
        let mut digit_runs = Vec::new();
        crate::text::chars::digit_run_starts(norm.as_bytes(), &mut digit_runs);
        FigureIndex { starts: mentions.iter().map(|m| m.norm_span.start).collect(), digit_runs }
    }

    /// Per line (sorted, none starting inside a run of digits: each starts the text or follows
    /// a `\n`), the mentions starting on it plus its runs of digits, in one walk.
    fn bounds_of(&self, lines: &[Range<usize>]) -> Vec<u32> {
        let (mut m, mut d) = (0, 0);
        let count = |v: &[usize], at: &mut usize, r: &Range<usize>| {
            while *at < v.len() && v[*at] < r.start {
                *at += 1;
            }
            let first = *at;
            while *at < v.len() && v[*at] < r.end {
                *at += 1;
            }
            *at - first
        };
        lines.iter().map(|r| (count(&self.starts, &mut m, r) + count(&self.digit_runs, &mut d, r)) as u32).collect()
    }

    /// How many runs of ASCII digits `norm[r]` holds (`norm` the text this index was made of).
    pub fn digit_runs_within(&self, norm: &str, r: &Range<usize>) -> usize {
        crate::text::chars::digit_runs_in(norm.as_bytes(), &self.digit_runs, r.clone())
    }

    /// Indices of the mentions starting inside `r`.
    pub fn within(&self, r: &Range<usize>) -> Range<usize> {
        crate::text::positions::starting_in(&self.starts, r.clone(), |&s| s)
    }
}

/// What the rules have made so far, and which figures they have used (by where they start).
#[derive(Default)]
pub struct Found {
    used: HashSet<usize>,
    pub out: Vec<Indicator>,
}

impl Found {
    pub fn is_used(&self, v: &Value) -> bool {
        self.used.contains(&v.span.start)
    }

    pub fn use_value(&mut self, v: &Value) {
        self.used.insert(v.span.start);
    }

    /// Keeps an indicator and marks its figures used.
    pub fn push(&mut self, ind: Indicator) {
        self.used.insert(ind.target.span.start);
        for v in ind.actual.iter().chain(ind.baseline.as_ref().map(|(b, _)| b)).chain(ind.stated_rate.as_ref()) {
            self.used.insert(v.span.start);
        }
        self.out.push(ind);
    }
}

/// Every indicator of a document, in document order of their targets.
pub fn indicators(
    text: &SourceText,
    doc: &Document,
    mentions: &[Mention],
    tables: &[Table],
    cells: &[TypedCell],
    owners: &Ownership,
) -> Vec<Indicator> {
    if doc.units.is_empty() {
        return Vec::new();
    }
    let index = FigureIndex::new(text.norm(), mentions);
    let lines = crate::text::lines::line_ranges(text.norm());
    let line_bounds = index.bounds_of(&lines);
    let cx = Context {
        text,
        norm: text.norm(),
        doc,
        mentions,
        tables,
        owners,
        index,
        lines,
        line_bounds,
        cells: cells.iter().map(|c| ((c.table, c.row, c.col), c)).collect(),
    };
    let mut found = Found::default();
    rules::run(&cx, &mut found);
    let mut out = found.out;
    for ind in &mut out {
        ind.evaluate(&cx);
    }
    out.sort_by_key(|i| (i.target.span.start, i.actual.as_ref().map(|a| a.span.start)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Each line's bound, counted in one walk, is what the range's own count says: its
        /// mentions' starts and its runs of digits.
        #[test]
        fn line_bounds_are_each_line_counted_alone(
            text in "[0-9a年 \\n]{0,80}", picks in proptest::collection::vec(0usize..80, 0..12)
        ) {
            let mut starts: Vec<usize> = picks.into_iter().filter(|&p| p < text.len()).collect();
            starts.sort_unstable();
            let mut digit_runs = Vec::new();
            crate::text::chars::digit_run_starts(text.as_bytes(), &mut digit_runs);
            let index = FigureIndex { starts, digit_runs };
            let lines = crate::text::lines::line_ranges(&text);
            let bounds = index.bounds_of(&lines);
            for (r, b) in lines.iter().zip(&bounds) {
                let alone = index.within(r).len() + index.digit_runs_within(&text, r);
                proptest::prop_assert_eq!(*b as usize, alone, "line {:?}", r);
            }
        }
    }
}
