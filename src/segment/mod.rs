//! Stage 4: normalized text (+ tokens) → a [`Document`]: the tree of themes, initiatives (or
//! the document kind's own units) and their sections and items.
//!
//! Every unit that becomes a record is a [`Unit`]; its [`Section`]s hold the normalized line
//! ranges they own, so a mention is assigned to the section whose lines contain it, and the
//! corpus test can check that every non-blank source line is covered exactly once.

use std::ops::Range;

use serde::Serialize;

use crate::tokenize::Token;

/// The shape of a document, decided from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 部局長マネジメント-style plan: themes, initiatives, plan / target / progress columns.
    Plan,
    /// Meeting minutes: ■ headings, 【organisation】 blocks, questions and answers.
    Minutes,
    /// Business plan: budget tables and one block per 事業.
    BusinessPlan,
    /// Action plan: per theme a year-by-year table and 公民連携 agreements.
    ActionPlan,
    /// Anything else: sections by headings and paragraphs.
    Unknown,
}

impl DocumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Plan => "plan",
            DocumentKind::Minutes => "minutes",
            DocumentKind::BusinessPlan => "business_plan",
            DocumentKind::ActionPlan => "action_plan",
            DocumentKind::Unknown => "unknown",
        }
    }
}

/// A segmented document.
#[derive(Debug, Clone)]
pub struct Document {
    pub kind: DocumentKind,
    /// 部局 (first line of a plan, e.g. 商工労働部) or the issuing body.
    pub department: Option<String>,
    /// Document title, when it has one.
    pub title: Option<String>,
    /// The units that become records, in document order.
    pub units: Vec<Unit>,
}

/// What a unit is (the record's `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// 取組 of a plan document.
    Initiative,
    /// 事業 of a business plan.
    Project,
    /// Theme of an action plan.
    Theme,
    /// Heading section of minutes or an unknown document (also a plan's preamble).
    Section,
}

impl UnitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Initiative => "initiative",
            UnitKind::Project => "project",
            UnitKind::Theme => "theme",
            UnitKind::Section => "section",
        }
    }
}

/// One record-to-be.
#[derive(Debug, Clone)]
pub struct Unit {
    pub kind: UnitKind,
    /// Theme (【テーマ１】…) the unit belongs to, with its label.
    pub theme: Option<String>,
    pub title: String,
    /// Normalized byte range of the title, when the title is text of the document.
    pub title_span: Option<Range<usize>>,
    /// Fiscal year of the unit (from its progress heading's as-of date, or the document's).
    pub fiscal_year: Option<i32>,
    /// As-of date (`YYYY-MM-DD` or `YYYY-MM`) from the progress heading, when there is one.
    pub as_of: Option<String>,
    pub sections: Vec<Section>,
    /// Plan documents: each ■ objective with its targets and the progress items on it.
    pub objectives: Vec<Objective>,
    /// Kind-specific fields (事業開始年度, 締結時期 …) as name → text.
    pub fields: Vec<(String, String)>,
}

/// A section of a unit: `plan`, `target`, `progress` for plans, else the kind's own name.
#[derive(Debug, Clone)]
pub struct Section {
    pub name: String,
    /// Heading text as normalized (e.g. `<進捗状況(R2.3月末時点)>`).
    pub heading: Option<String>,
    pub heading_span: Option<Range<usize>>,
    /// Normalized byte ranges of the lines this section owns (without line ends).
    pub lines: Vec<Range<usize>>,
    pub items: Vec<Item>,
    pub tables: Vec<Table>,
}

impl Section {
    /// The section's text: its lines joined with `\n`.
    pub fn text(&self, norm: &str) -> String {
        let mut s = String::new();
        for (i, r) in self.lines.iter().enumerate() {
            if i > 0 {
                s.push('\n');
            }
            s.push_str(&norm[r.clone()]);
        }
        s
    }

    /// True when the normalized offset lies on one of the section's lines.
    pub fn contains(&self, norm: usize) -> bool {
        let i = self.lines.partition_point(|r| r.end < norm);
        self.lines.get(i).is_some_and(|r| r.start <= norm && norm <= r.end)
            || self.heading_span.as_ref().is_some_and(|r| r.start <= norm && norm < r.end)
    }
}

/// What an item's bullet says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// ■
    Objective,
    /// ○ 〇
    Action,
    /// ・ ‣ ▸ -
    Detail,
    /// ◇成果指標
    Indicator,
    /// (定性的な目標)
    QualitativeTargets,
    /// (数値目標)
    NumericTargets,
    /// ⇒ →
    Result,
    /// ※
    Note,
    /// 【…】
    Label,
    /// ◎ めざす方向
    Direction,
    /// A question (〇 after (メンバーからの意見))
    Question,
    /// An answer (⇒ after a question)
    Answer,
    /// Plain text without a marker.
    Text,
}

/// One line-level item (a bullet and its continuation lines).
#[derive(Debug, Clone)]
pub struct Item {
    pub kind: ItemKind,
    /// The bullet as written in the normalized text (`■`, `○`, `・` …), if any.
    pub marker: Option<String>,
    /// Nesting level, 0 = top.
    pub level: u8,
    /// Text without the marker, continuation lines joined.
    pub text: String,
    /// Normalized byte range from marker to end of the last continuation line.
    pub norm_span: Range<usize>,
    /// Footnote references `(*N)` found in the item, as N.
    pub footnotes: Vec<u32>,
}

/// A table kept as rows × cells.
#[derive(Debug, Clone)]
pub struct Table {
    pub norm_span: Range<usize>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub norm_span: Range<usize>,
}

/// A plan objective (■) with what the other columns say about it.
#[derive(Debug, Clone)]
pub struct Objective {
    pub text: String,
    pub norm_span: Range<usize>,
    /// Target items (indices into the target section's items) paired with it.
    pub targets: Vec<usize>,
    /// Progress items (indices into the progress section's items) reporting on it.
    pub progress: Vec<usize>,
}

/// What segmentation needs besides the text.
#[derive(Debug, Clone, Default)]
pub struct SegmentContext {
    pub fiscal_year: Option<i32>,
}

/// Segments a normalized document.
pub fn segment(norm: &str, tokens: &[Token], ctx: &SegmentContext) -> Document {
    let _ = tokens;
    generic::segment(norm, ctx)
}

mod generic {
    //! Fallback for documents of no known shape: one section per heading, where a heading is
    //! a ■ line or a short line after a blank line; every line belongs to some section.
    use super::*;

    pub(super) fn segment(norm: &str, ctx: &SegmentContext) -> Document {
        let mut units: Vec<Unit> = Vec::new();
        let mut offset = 0;
        for line in norm.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n']);
            let range = offset..offset + content.len();
            offset += line.len();
            if content.trim().is_empty() {
                continue;
            }
            let trimmed = content.trim();
            if units.is_empty() || trimmed.starts_with('■') {
                units.push(Unit {
                    kind: UnitKind::Section,
                    theme: None,
                    title: trimmed.trim_start_matches('■').trim().to_string(),
                    title_span: Some(range.clone()),
                    fiscal_year: ctx.fiscal_year,
                    as_of: None,
                    sections: vec![Section {
                        name: "body".into(),
                        heading: None,
                        heading_span: None,
                        lines: Vec::new(),
                        items: Vec::new(),
                        tables: Vec::new(),
                    }],
                    objectives: Vec::new(),
                    fields: Vec::new(),
                });
            }
            let section = &mut units.last_mut().expect("pushed above").sections[0];
            section.lines.push(range.clone());
            section.items.push(Item {
                kind: ItemKind::Text,
                marker: None,
                level: 0,
                text: trimmed.to_string(),
                norm_span: range,
                footnotes: Vec::new(),
            });
        }
        Document { kind: DocumentKind::Unknown, department: None, title: None, units }
    }
}
