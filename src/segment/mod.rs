//! Stage 4: normalized text → a [`Document`]: the tree of themes, initiatives (or
//! the document kind's own units) and their sections and items.
//!
//! Every unit that becomes a record is a [`Unit`]; its [`Section`]s hold the normalized line
//! ranges they own, their items, tables and speaker turns.
//!
//! # Dispatch
//!
//! [`segment`] first decides the [`DocumentKind`] and records why ([`Document::evidence`]):
//! the seeds' shapes on a cue only each of them has, else evidence scored per kind
//! ([`kind`]). A document of a seed's shape goes to that shape's segmenter:
//!
//! - [`plan`]: 部局長マネジメント-style plans (themes → initiatives → plan / target / progress
//!   columns rebuilt from the Word table's tab-led cells, see [`layout`](crate::layout));
//! - [`minutes`]: a 意見交換会 summary (■ slides, 【organisation】 labels, questions and answers);
//! - [`business_plan`]: budget tables and one unit per 事業名 block;
//! - [`action_plan`]: per-theme year tables with flattened HTML lists, and 公民連携 agreements.
//!
//! Every other document — minutes, evaluation sheets, budget summaries, plans and reports of
//! any publisher — is read by its outline ([`outline`]): headings of every numbering scheme
//! with levels from how they nest ([`heading`]), one record per heading with its
//! `heading_path`, tables by the shared model ([`crate::layout`]), speaker turns with roles
//! ([`speaker`]).
//!
//! Bullets become [`Item`]s through one shared parser ([`items`]).
//!
//! # Ownership (the coverage invariant)
//!
//! Which record and section own each offset is worked out once, by [`owners::Ownership`],
//! and read by the record writer, `inspect` and [`coverage_violations`]. Every character
//! that is not whitespace belongs to a unit's title (or heading number), a section's heading,
//! an item, a table or a layout line (the ▷ ▶ arrows of a plan's header row), and no
//! character to two records or sections. A unit's title line is owned by the unit with no
//! section (a business plan's `事業名:…(14,043千円)` line, whose amount is a field of the unit).
//!
//! # What the segment types carry beyond the core shape
//!
//! `Item::parent` (the item it is nested under), `Item::target_kind` (under (定性的な目標) /
//! (数値目標)), `Item::table_cell` (the cell an action-plan list entry came from),
//! `Section::layout_lines` (owned layout lines), `Table::header_rows` and
//! `Table::column_units` (`千円` from `予算額 (千円)`). A golden rendering of the whole tree
//! is [`render::render`].

use std::ops::Range;

use serde::Serialize;

pub mod action_plan;
pub mod business_plan;
pub mod heading;
pub mod items;
pub mod kind;
pub mod minutes;
pub mod outline;
pub mod owners;
pub mod plan;
pub mod speaker;
pub mod unmarked;

pub mod render;

mod coverage;

pub use crate::layout::{Cell, Layout, Table};
pub(crate) use crate::text::lines::trim_start;
pub use crate::text::{split_lines, Line};
pub use coverage::coverage_violations;
pub use speaker::SpeakerRole;

crate::vocabulary! {
    /// The shape of a document, decided from its content.
    pub enum DocumentKind {
        /// 部局長マネジメント-style plan: themes, initiatives, plan / target / progress columns.
        Plan => "plan",
        /// Meeting minutes: ■ headings, 【organisation】 blocks, questions and answers.
        Minutes => "minutes",
        /// Business plan: budget tables and one block per 事業.
        BusinessPlan => "business_plan",
        /// Action plan: per theme a year-by-year table and 公民連携 agreements.
        ActionPlan => "action_plan",
        /// Evaluation sheet or 工程表: indicators with targets, results, ratings.
        Evaluation => "evaluation",
        /// Budget or settlement summary: 歳入, 歳出, 款/項 tables.
        Budget => "budget",
        /// A report of no other kind: narrative, statistics, a survey, a news page, an audit.
        Report => "report",
        /// Nothing in it reads as any kind (no title, no text): records by headings.
        Unknown => "unknown",
    }
}

/// A segmented document.
#[derive(Debug, Clone)]
pub struct Document {
    pub kind: DocumentKind,
    /// The cues the kind was decided on (see [`kind`]).
    pub evidence: Vec<String>,
    /// How far the kind is ahead of the runner-up, as a share of its points (see [`kind`]).
    pub kind_confidence: Option<f64>,
    /// The same cues typed: rule, kind, place, weight and what the rule saw.
    pub cues: Vec<kind::Evidence>,
    /// 部局 (first line of a plan, e.g. 商工労働部) or the issuing body.
    pub department: Option<String>,
    /// Document title, when it has one.
    pub title: Option<String>,
    /// The units that become records, in document order.
    pub units: Vec<Unit>,
}

impl Document {
    /// A segmenter's document: its kind, department, title and units; the kind's evidence is
    /// filled in by [`segment_layout`], which decided it.
    pub fn new(kind: DocumentKind, department: Option<String>, title: Option<String>, units: Vec<Unit>) -> Document {
        Document { kind, evidence: Vec::new(), kind_confidence: None, cues: Vec::new(), department, title, units }
    }
}

crate::vocabulary! {
    /// What a unit is (the record's `type`).
    pub enum UnitKind {
        /// 取組 of a plan document.
        Initiative => "initiative",
        /// 事業 of a business plan.
        Project => "project",
        /// Theme of an action plan.
        Theme => "theme",
        /// Heading section of minutes or an unknown document (also a plan's preamble).
        Section => "section",
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
    /// A heading's number on a line of its own above its title (`1` over `財政規模`).
    pub number_span: Option<Range<usize>>,
    /// Fiscal year of the unit (from its progress heading's as-of date, or the document's).
    pub fiscal_year: Option<i32>,
    /// As-of date from the progress heading (its last day), when there is one.
    pub as_of: Option<crate::text::calendar::Ymd>,
    pub sections: Vec<Section>,
    /// Plan documents: each ■ objective with its targets and the progress items on it.
    pub objectives: Vec<Objective>,
    /// Kind-specific fields (事業開始年度, 締結時期 …) as name → text.
    pub fields: Vec<(String, String)>,
    /// Outline records: the heading's level (0 for the document's title).
    pub level: Option<u8>,
    /// Outline records: the titles of the headings above this one, outermost first.
    pub heading_path: Vec<String>,
    /// Outline records: the rule of the heading model that made the title a heading, with its
    /// scheme (`numbered:paren-arabic`, `title-line:label`; see [`heading::Rule`]).
    pub heading_rule: Option<String>,
}

/// What a section of a record holds; its name in records.jsonl is [`SectionName::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionName {
    /// A plan initiative's columns: what is done this year, its targets, its progress.
    Plan,
    Target,
    Progress,
    /// A plan theme's めざす方向.
    Direction,
    /// An action plan theme: its vision, its actions by year, the region's movements; an
    /// agreement's outline and cooperation.
    Vision,
    Actions,
    Movements,
    Outline,
    Cooperation,
    /// A 意見交換会 summary: discussion and statements.
    Discussion,
    Statements,
    /// What stands before a record's first heading of its own.
    Header,
    /// The lines under a heading.
    Body,
    /// A business plan project's own heading (`事業目的`, `事業概要`, `成果目標`).
    Project(&'static str),
}

impl SectionName {
    pub fn as_str(self) -> &'static str {
        match self {
            SectionName::Plan => "plan",
            SectionName::Target => "target",
            SectionName::Progress => "progress",
            SectionName::Direction => "direction",
            SectionName::Vision => "vision",
            SectionName::Actions => "actions",
            SectionName::Movements => "movements",
            SectionName::Outline => "outline",
            SectionName::Cooperation => "cooperation",
            SectionName::Discussion => "discussion",
            SectionName::Statements => "statements",
            SectionName::Header => "header",
            SectionName::Body => "body",
            SectionName::Project(name) => name,
        }
    }
}

impl std::fmt::Display for SectionName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for SectionName {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A section of a unit: `plan`, `target`, `progress` for plans, else the kind's own.
#[derive(Debug, Clone)]
pub struct Section {
    pub name: SectionName,
    /// Heading text as normalized (e.g. `<進捗状況(R2.3月末時点)>`).
    pub heading: Option<String>,
    pub heading_span: Option<Range<usize>>,
    /// Normalized byte ranges of the lines this section owns (without line ends).
    pub lines: Vec<Range<usize>>,
    pub items: Vec<Item>,
    pub tables: Vec<Table>,
    /// Lines the section owns that are layout, not content (the ▷ ▶ arrow cells of a plan's
    /// header row). They count for coverage but are not in [`Section::text`].
    pub layout_lines: Vec<Range<usize>>,
}

impl Section {
    /// The section's text: its lines joined with `\n`.
    pub fn text(&self, norm: &str) -> String {
        self.lines.iter().map(|r| &norm[r.clone()]).collect::<Vec<_>>().join("\n")
    }
}

crate::vocabulary! {
    /// What an item's bullet says it is.
    pub enum ItemKind {
        /// ■
        Objective => "objective",
        /// ○ 〇
        Action => "action",
        /// ・ ‣ ▸ -; also ● statements and numbered points (`1.`, `(1)`, `①`), told apart by
        /// their marker.
        Detail => "detail",
        /// ◇成果指標
        Indicator => "indicator",
        /// (定性的な目標)
        QualitativeTargets => "qualitative_targets",
        /// (数値目標)
        NumericTargets => "numeric_targets",
        /// ⇒ →
        Result => "result",
        /// ※
        Note => "note",
        /// 【…】
        Label => "label",
        /// ◎ めざす方向
        Direction => "direction",
        /// A question (〇 after (メンバーからの意見))
        Question => "question",
        /// An answer (⇒ after a question)
        Answer => "answer",
        /// Plain text without a marker.
        Text => "text",
        /// A speaker's turn in minutes (`○委員長 …`), with its speaker and role.
        Speech => "speech",
    }
}

/// Which kind of target an item under (定性的な目標) / (数値目標) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetKind {
    /// Under (定性的な目標).
    Qualitative,
    /// Under (数値目標).
    Numeric,
}

/// A cell of one of the section's tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CellRef {
    /// Index into the section's `tables`.
    pub table: usize,
    pub row: usize,
    pub col: usize,
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
    /// Index (into the same section's items) of the item this one is nested under.
    pub parent: Option<usize>,
    /// For items under (定性的な目標) / (数値目標): which kind of target they are.
    pub target_kind: Option<TargetKind>,
    /// For items taken from a table cell (action plans' list cells): the cell.
    pub table_cell: Option<CellRef>,
    /// Speech items: the speaker as written (`議長(山田太郎君)`) and their role.
    pub speaker: Option<String>,
    pub role: Option<speaker::SpeakerRole>,
    /// An answer: the index of the question (a member's speech) it answers.
    pub reply_to: Option<usize>,
}

impl Item {
    /// An item of `kind` with its text and span and nothing else: no marker, at the top level,
    /// not from a table cell, not a speech.
    pub fn new(kind: ItemKind, text: String, norm_span: Range<usize>) -> Item {
        Item {
            kind,
            marker: None,
            level: 0,
            text,
            norm_span,
            footnotes: Vec::new(),
            parent: None,
            target_kind: None,
            table_cell: None,
            speaker: None,
            role: None,
            reply_to: None,
        }
    }
}

/// A plan objective (■) with what the other columns say about it.
#[derive(Debug, Clone)]
pub struct Objective {
    /// The ■ item (index into the plan section's items).
    pub item: usize,
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

/// Segments a normalized document. Never fails and never panics: a document of no known
/// shape still gets units by headings and paragraphs. It reads characters only, no tokens.
pub fn segment(norm: &str, ctx: &SegmentContext) -> Document {
    segment_layout(norm, &Layout::read(norm), ctx)
}

/// [`segment`] on a source text, its letter-spaced runs known (as the pipeline segments).
pub fn segment_text(text: &crate::span::SourceText, ctx: &SegmentContext) -> Document {
    let norm = text.norm();
    segment_layout(norm, &Layout::read_spaced(norm, &text.normalized.letter_gaps), ctx)
}

/// [`segment`] on the layout of `norm` (lines, tables and blocks), read once by the caller
/// (the pipeline hands the same tables to extraction).
pub fn segment_layout(norm: &str, layout: &Layout<'_>, ctx: &SegmentContext) -> Document {
    let lines = &layout.lines[..];
    let decision = kind::decide(norm, lines);
    let mut doc = match (decision.kind, decision.by_shape) {
        (DocumentKind::Plan, true) => plan::segment(norm, lines, ctx),
        (DocumentKind::Minutes, true) => minutes::segment(norm, lines, ctx),
        (DocumentKind::BusinessPlan, true) => business_plan::segment(norm, lines, ctx),
        (DocumentKind::ActionPlan, true) => action_plan::segment(norm, lines, ctx),
        (kind, _) => outline::segment(layout, kind, ctx),
    };
    doc.evidence = decision.evidence_lines();
    doc.kind_confidence = Some(decision.confidence);
    doc.cues = decision.evidence.clone();
    if doc.department.is_none() && matches!(doc.kind, DocumentKind::BusinessPlan | DocumentKind::ActionPlan) {
        doc.department = issuing_body(lines);
    }
    doc
}

/// The issuing body of a report: among its first five non-blank lines, a short one that
/// names a 局 / 部 / 課 / 室 (`関西広域連合 広域産業振興局`), not a meeting room and not a
/// marked label (`○場所 …室`).
fn issuing_body(lines: &[Line<'_>]) -> Option<String> {
    lines.iter().filter(|l| !l.is_blank()).take(5).find_map(|l| body_named_by(l.trimmed()))
}

/// The office a line names, if it names one: the line itself (`北浜市 企画部 行政経営課`), the
/// value of an office's label (`所管課:福祉部 高齢福祉課`, `主管部:産業振興部 関係部:…`), or what
/// follows a date (`令和7年2月 北浜市財政部財政課`, `発表日:令和6年9月4日 みなと県総務部財政課`).
/// Not a room (`…会議室`), a venue (`会場 …`) or a marked label (`○場所 …室`).
fn body_named_by(t: &str) -> Option<String> {
    use crate::text::lexicon::{names_a_room, OFFICE_ENDINGS, VENUE_LABELS};
    if t.starts_with(|c: char| !c.is_alphabetic()) || VENUE_LABELS.iter().any(|v| t.starts_with(v)) {
        return None;
    }
    let mut t = t;
    // A label and its value: keep the value (up to the next label).
    if let Some((label, value)) = t.split_once(':') {
        let office_label =
            label.ends_with(['課', '部', '局', '属']) || label.ends_with("担当") || label.ends_with('名');
        let stamp = label.ends_with('日');
        if !(office_label || stamp) {
            return None;
        }
        t = value.trim();
        if office_label {
            t = match t.find(':') {
                Some(next) => t[..next].rsplit_once(' ').map_or(t, |(v, _)| v).trim(),
                None => t,
            };
        }
    }
    // A date first: what follows it.
    if let Some((first, rest)) = t.split_once(' ') {
        if first.contains('年') && first.chars().any(|c| c.is_ascii_digit()) && first.ends_with(['日', '月']) {
            t = rest.trim();
        }
    }
    (t.chars().count() <= 30 && t.ends_with(OFFICE_ENDINGS) && !names_a_room(t)).then(|| t.to_string())
}

/// The kind of a normalized document (see [`kind`] for the rules that decide it).
pub fn detect_kind(norm: &str) -> DocumentKind {
    kind::decide(norm, &split_lines(norm)).kind
}

/// A new unit with no sections.
pub(crate) fn new_unit(kind: UnitKind, title: String, title_span: Option<Range<usize>>, ctx: &SegmentContext) -> Unit {
    Unit {
        kind,
        theme: None,
        title,
        title_span,
        number_span: None,
        fiscal_year: ctx.fiscal_year,
        as_of: None,
        sections: Vec::new(),
        objectives: Vec::new(),
        fields: Vec::new(),
        level: None,
        heading_path: Vec::new(),
        heading_rule: None,
    }
}

/// A new empty section.
pub(crate) fn new_section(name: SectionName) -> Section {
    Section {
        name,
        heading: None,
        heading_span: None,
        lines: Vec::new(),
        items: Vec::new(),
        tables: Vec::new(),
        layout_lines: Vec::new(),
    }
}

impl Section {
    /// Sets the heading to the trimmed text of `line`.
    pub(crate) fn set_heading(&mut self, line: &Line<'_>) {
        self.heading = Some(line.trimmed().to_string());
        self.heading_span = Some(line.trimmed_range());
    }

    /// Sets the heading to several consecutive lines (joined without line breaks).
    pub(crate) fn set_heading_lines(&mut self, lines: &[Line<'_>]) {
        let (Some(first), Some(last)) = (lines.first(), lines.last()) else { return };
        let mut text = String::new();
        for l in lines {
            crate::text::push_joined(&mut text, l.trimmed());
        }
        self.heading = Some(text);
        self.heading_span = Some(first.trimmed_range().start..last.trimmed_range().end);
    }

    /// Fills `lines` and `items` from the non-blank lines among `idx` (indices into `lines`).
    pub(crate) fn fill(&mut self, all: &[Line<'_>], idx: &[usize], opts: items::ItemOptions) {
        self.lines.reserve(idx.len());
        for &i in idx {
            if let Some(l) = all.get(i) {
                if !l.is_blank() {
                    self.lines.push(l.range());
                }
            }
        }
        self.items = items::parse_items(all, idx, opts);
    }
}

/// Indices of the non-blank lines in `range`.
pub(crate) fn content_indices(lines: &[Line<'_>], range: Range<usize>) -> Vec<usize> {
    let end = range.end.min(lines.len());
    (range.start.min(end)..end).filter(|&i| !lines[i].is_blank()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_tabs_and_offsets() {
        let norm = "a\n\tb\n\n";
        let lines = split_lines(norm);
        assert_eq!(lines.len(), 3);
        assert_eq!(&norm[lines[1].range()], "\tb");
        assert!(lines[1].is_tab_led() && !lines[1].is_lone_tab());
        assert!(lines[2].is_blank());
    }

    #[test]
    fn kind_from_cues() {
        assert_eq!(
            detect_kind("【テーマ1】 x\n\t<今年度何をするか>\n\t<進捗状況(R2.3月末時点)>\n"),
            DocumentKind::Plan
        );
        assert_eq!(detect_kind("事業名:情報発信事業(1,000千円)\n"), DocumentKind::BusinessPlan);
        assert_eq!(detect_kind("年度\t2024\t2025\nテーマ\ta\tb\n"), DocumentKind::ActionPlan);
        assert_eq!(detect_kind("■ 会議\n(メンバーからの意見)\n○ 質問\n⇒ 回答\n"), DocumentKind::Minutes);
        assert_eq!(detect_kind("ただの文章\n"), DocumentKind::Report);
        assert_eq!(detect_kind("\n"), DocumentKind::Unknown);
        assert_eq!(
            detect_kind("北浜市 会議録\n○委員長 開会します。\n○田中委員 質問です。\n○事務局 回答です。\n"),
            DocumentKind::Minutes
        );
        // A lone plan heading without any column beside it is not enough.
        assert_ne!(detect_kind("<今年度何をするか>\n"), DocumentKind::Plan);
    }

    #[test]
    fn offices_named_on_a_page() {
        assert_eq!(body_named_by("関西広域連合 広域産業振興局").as_deref(), Some("関西広域連合 広域産業振興局"));
        assert_eq!(body_named_by("所管課:福祉部 高齢福祉課").as_deref(), Some("福祉部 高齢福祉課"));
        assert_eq!(body_named_by("主管部:産業振興部 関係部:都市整備部").as_deref(), Some("産業振興部"));
        assert_eq!(body_named_by("発表日:令和6年9月4日 みなと県総務部財政課").as_deref(), Some("みなと県総務部財政課"));
        assert_eq!(body_named_by("令和7年2月 北浜市財政部財政課").as_deref(), Some("北浜市財政部財政課"));
        for t in
            ["北浜市役所本庁舎3階 第1会議室", "会場 西口センター 多目的室", "○場所 第2委員会室", "日時:令和6年7月1日"]
        {
            assert_eq!(body_named_by(t), None, "{t}");
        }
    }

    #[test]
    fn owners_find_title_and_section() {
        let norm = "■ 見出し\n本文\n";
        let doc = segment(norm, &SegmentContext::default());
        let own = owners::Ownership::of(&doc);
        assert_eq!(own.owner_at(0), Some((0, None)));
        assert_eq!(own.owner_at(norm.find("本文").unwrap()), Some((0, Some(0))));
    }
}
