//! The kind of a document, decided in one place from one table of rules ([`RULES`]), and the
//! typed evidence of the decision: `documents.jsonl` carries the cues that fired (`evidence`)
//! and how far the kind is ahead of the runner-up (`kind_confidence`), so a wrong kind can be
//! traced to them.
//!
//! # Rules
//!
//! Each rule is a cue, the place where it counts, the kind it speaks for and a weight:
//!
//! - **shape** — a layout only one of the seeds' shapes has: a plan's ＜今年度何をするか＞ column
//!   beside a target or progress column, a business plan's `事業名:` lines, an action plan's
//!   year table or `<ul` lists, a 意見交換会 summary's ⇒ answers. A shape decides the kind
//!   outright and sends the document to that shape's segmenter (a `事業名:` sheet whose title
//!   names minutes, an evaluation or a budget goes by its title instead). Other shapes are
//!   weighed: speaker turns, reported speech (`事務局から…報告`, `<委員からの意見>`), questions
//!   answered by `※` lines, A–D or ◎△ ratings, a line setting a plan's or target's figure
//!   against the result (`計画数値` beside `実績値`), running text, figures, a web page's stamps.
//! - **about** — what the title is about: its last noun phrase (`…の進捗状況`, `…評価結果`,
//!   `…取組状況`, `…基本計画`, `…予算`, `…会議録`, `…調査`), after `について`, `(案)`, `の概要`
//!   and the issuer's name are set aside; a report on something (`…評価に関する報告書`,
//!   `…実施状況報告`) is about what it reports. It outweighs any word the title names on the
//!   way: a progress report on a 行動計画 is about progress, not the plan (the title words of
//!   a plan, action plan, business plan or evaluation inside the head's own text are dropped
//!   when the head is about another kind). Progress speaks for an evaluation and a report
//!   alike, and a tie goes to the report: the body decides (results set against targets make
//!   an evaluation). A meeting's `記録`/`要旨` (`…説明会 記録`) is about minutes.
//! - **title** — words of the title lines (the first five non-empty lines that read as titles,
//!   not sentences): 議事録, 評価, 予算, 計画 … A plan's word inside a more specific kind's
//!   (`事業計画`, `アクションプラン`) is that kind's; `評価` inside `評価指標` names no
//!   evaluation; a `事業計画` of a policy (`子ども・子育て支援事業計画`, `第2期…事業計画`) is a
//!   plan.
//! - **body** — words of the body, each counted once and at most four per kind: 出席委員 …
//!   (minutes), 実績値, 達成率 … (evaluation: results), 目標値, 現状値, 数値目標 … (plan: targets
//!   set), 歳入, 一般会計 … (budget).
//!
//! The kind with the most points wins when it has at least 3 and the title names or is about
//! it, else at least 4; ties go to the kind the title is about, then names, then to the earlier
//! of minutes, evaluation, budget, business plan, action plan, plan, report. A document no
//! kind reaches is a `report` when anything in it reads (a title, running text, figures),
//! and `unknown` only when nothing does. The confidence is the winner's lead over the
//! runner-up as a share of its points (1 when a shape decided, 0 for `unknown`).

use std::fmt;

use super::{items, plan, speaker, DocumentKind, Line};
use crate::text::markers;

crate::vocabulary! {
    /// Where a cue counts.
    pub enum Place {
        Shape => "shape",
        About => "about",
        Title => "title",
        Body => "body",
    }
}

/// One cue that fired: the rule, the kind it speaks for, where and how much, and what it saw.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub rule: &'static str,
    pub kind: DocumentKind,
    pub place: Place,
    pub weight: i32,
    pub detail: String,
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:+} {} {}: {}", self.kind.as_str(), self.weight, self.place.as_str(), self.rule, self.detail)
    }
}

/// What a rule looks for.
pub enum Cue {
    /// Any of these words where the rule counts (title lines, the title's head, the body).
    Words(&'static [&'static str]),
    /// A test over what was read of the document, saying what it saw.
    Test(fn(&Reading<'_>) -> Option<String>),
}

/// One rule of the table.
pub struct Rule {
    pub name: &'static str,
    pub kind: DocumentKind,
    pub place: Place,
    pub weight: i32,
    pub cue: Cue,
    /// A shape that decides the kind outright (and its segmenter).
    pub decides: bool,
}

const fn rule(name: &'static str, kind: DocumentKind, place: Place, weight: i32, cue: Cue) -> Rule {
    Rule { name, kind, place, weight, cue, decides: false }
}

const fn shape(name: &'static str, kind: DocumentKind, cue: Cue) -> Rule {
    Rule { name, kind, place: Place::Shape, weight: 10, cue, decides: true }
}

use DocumentKind::{ActionPlan, Budget, BusinessPlan, Evaluation, Minutes, Plan, Report};

/// Every rule, in the order the evidence lists them.
pub const RULES: &[Rule] = &[
    // Shapes of the seeds: each decides.
    shape("plan columns", Plan, Cue::Test(plan_columns)),
    shape("project lines", BusinessPlan, Cue::Test(project_lines)),
    shape("year tables", ActionPlan, Cue::Test(year_tables)),
    shape("exchange of views", Minutes, Cue::Test(exchange_of_views)),
    // What the title is about.
    rule(
        "about minutes",
        Minutes,
        Place::About,
        5,
        Cue::Words(&[
            "議事録",
            "会議録",
            "議事要旨",
            "議事概要",
            "速記録",
            "会議要旨",
            "会議概要",
            "議事の概要",
            "会議の記録",
            "審議結果",
            "会議結果",
            "審議概要",
        ]),
    ),
    rule("record of a meeting", Minutes, Place::About, 5, Cue::Test(meeting_record)),
    rule(
        "about an evaluation",
        Evaluation,
        Place::About,
        5,
        Cue::Words(&[
            "評価結果",
            "点検結果",
            "検証結果",
            "効果検証",
            "実績評価",
            "評価",
            "評価書",
            "評価表",
            "評価シート",
            "評価調書",
            "工程表",
            "組織目標",
            "目標シート",
            "マネジメントシート",
            "取組結果",
            "効果額",
        ]),
    ),
    // Progress on something (a plan, a reform) is an evaluation when the body sets results
    // against targets, else a report: both get the title, the body decides.
    // A tie (nothing in the body sets results against targets) goes to the report.
    rule("about progress (report)", Report, Place::About, 3, Cue::Words(PROGRESS)),
    rule("about progress", Evaluation, Place::About, 3, Cue::Words(PROGRESS)),
    rule(
        "about a budget",
        Budget,
        Place::About,
        5,
        Cue::Words(&["予算", "予算案", "決算", "補正予算", "財政状況", "歳入歳出"]),
    ),
    rule("about a business plan", BusinessPlan, Place::About, 5, Cue::Words(&["事業計画", "事業実施計画", "収支計画"])),
    rule(
        "about an action plan",
        ActionPlan,
        Place::About,
        5,
        Cue::Words(&["アクションプラン", "行動計画", "アクション・プラン"]),
    ),
    rule("about a plan", Plan, Place::About, 5, Cue::Words(&["計画", "プラン", "戦略", "ビジョン", "構想", "大綱"])),
    rule(
        "about a report",
        Report,
        Place::About,
        4,
        Cue::Words(&[
            "報告",
            "報告書",
            "結果",
            "調査",
            "統計",
            "白書",
            "お知らせ",
            "お知らせします",
            "実施しました",
            "開催",
            "対応方針",
            "経過",
            "概況",
            "告示",
            "公表",
            "分析",
            "現状と課題",
            "役割",
        ]),
    ),
    // Words of the title lines.
    rule(
        "title says minutes",
        Minutes,
        Place::Title,
        3,
        Cue::Words(&[
            "議事録",
            "会議録",
            "議事要旨",
            "議事概要",
            "速記録",
            "会議要旨",
            "会議概要",
            "議事の概要",
            "会議の記録",
        ]),
    ),
    rule("meeting named", Minutes, Place::Title, 3, Cue::Test(meeting_named)),
    rule(
        "title says evaluation",
        Evaluation,
        Place::Title,
        3,
        Cue::Words(&[
            "評価",
            "工程表",
            "組織目標",
            "目標シート",
            "マネジメントシート",
            "取組結果",
            "達成状況",
            "進捗管理",
        ]),
    ),
    rule(
        "title says budget",
        Budget,
        Place::Title,
        3,
        Cue::Words(&["予算", "決算", "補正予算", "財政状況", "歳入歳出"]),
    ),
    rule(
        "title says business plan",
        BusinessPlan,
        Place::Title,
        3,
        Cue::Words(&["事業計画", "事業実施計画", "収支計画"]),
    ),
    rule("title names a project", BusinessPlan, Place::Title, 3, Cue::Test(project_title)),
    rule(
        "title says action plan",
        ActionPlan,
        Place::Title,
        3,
        Cue::Words(&["アクションプラン", "行動計画", "アクション・プラン"]),
    ),
    rule("title says plan", Plan, Place::Title, 3, Cue::Words(&["計画", "プラン", "戦略", "ビジョン", "構想", "大綱"])),
    rule("chapter of a plan", Plan, Place::Title, 2, Cue::Test(chapter_title)),
    // Words and shapes of the body.
    rule(
        "minutes blocks",
        Minutes,
        Place::Body,
        1,
        Cue::Words(&[
            "出席委員",
            "出席者",
            "欠席",
            "委員出欠",
            "議題",
            "議事日程",
            "会議次第",
            "報告事項",
            "開会",
            "閉会",
            "散会",
            "傍聴",
        ]),
    ),
    rule("speaker turns", Minutes, Place::Shape, 2, Cue::Test(speaker_turns)),
    rule("reported speech", Minutes, Place::Shape, 4, Cue::Test(reported_speech)),
    rule("speakers named by headings", Minutes, Place::Shape, 4, Cue::Test(speaker_headings)),
    rule("minutes front matter", Minutes, Place::Shape, 2, Cue::Test(front_matter)),
    rule("questions and answers", Minutes, Place::Shape, 2, Cue::Test(questions_answered)),
    rule(
        "results",
        Evaluation,
        Place::Body,
        1,
        Cue::Words(&[
            "目標値",
            "現状値",
            "実績値",
            "達成率",
            "達成度",
            "達成状況",
            "未達成",
            "成果指標",
            "活動指標",
            "評価の理由",
            "総合評価",
            "今後の方向性",
            "取組結果",
            "実績額",
            "進捗率",
            "計画額",
            "差が生じた理由",
        ]),
    ),
    rule("ratings", Evaluation, Place::Shape, 1, Cue::Test(ratings)),
    rule("targets against results", Evaluation, Place::Shape, 2, Cue::Test(targets_against_results)),
    rule(
        "budget words",
        Budget,
        Place::Body,
        1,
        Cue::Words(&["歳入", "歳出", "一般会計", "補正額", "予算額", "決算額", "前年度比", "款", "財源", "基金"]),
    ),
    rule(
        "project words",
        BusinessPlan,
        Place::Body,
        1,
        Cue::Words(&["事業内容", "収支予算", "事業費", "事業計画", "実施事業"]),
    ),
    rule(
        "schedule words",
        ActionPlan,
        Place::Body,
        1,
        Cue::Words(&["取組項目", "スケジュール", "担当課", "工程", "実施時期", "KPI"]),
    ),
    rule(
        "plan words",
        Plan,
        Place::Body,
        1,
        Cue::Words(&[
            "基本目標",
            "基本方針",
            "基本理念",
            "計画期間",
            "将来像",
            "重点施策",
            "施策の方向",
            "数値目標",
            "目指す姿",
            "目標年度",
            "基準年度",
        ]),
    ),
    rule("targets set", Plan, Place::Shape, 2, Cue::Test(targets_set)),
    // Something reads: a report rather than unknown when no kind has won (no points).
    rule("running text", Report, Place::Shape, 0, Cue::Test(running_text)),
    rule("figures", Report, Place::Shape, 0, Cue::Test(figure_lines)),
    rule("web page", Report, Place::Shape, 0, Cue::Test(page_stamps)),
];

/// What a title about progress ends with (`…の進捗状況`, `…取組状況`, `…実績`).
const PROGRESS: &[&str] =
    &["進捗状況", "実施状況", "取組状況", "取り組み状況", "推進状況", "達成状況", "実績", "進捗", "取組実績"];

/// The kinds in the order that breaks ties.
const ORDER: [DocumentKind; 7] = [Minutes, Evaluation, Budget, BusinessPlan, ActionPlan, Plan, Report];

/// What was read of a document for the rules: its lines, title lines and title.
pub struct Reading<'a> {
    pub lines: &'a [Line<'a>],
    norm: &'a str,
    /// What one pass over each line found (one entry a line), so that a rule reading every
    /// line asks these instead of scanning the line again; found when a rule first asks.
    facts: std::cell::OnceCell<Facts>,
    /// The first five non-empty lines that read as titles, each up to its 40th character.
    pub title_lines: Vec<&'a str>,
    /// The document's title (its first line that is no stamp, or the title at the start of
    /// a long first line), set apart from the site's name after a ` | `.
    pub title: Option<String>,
}

/// The kind, its evidence and confidence, and whether a shape decided it.
#[derive(Debug, Clone)]
pub struct Decision {
    pub kind: DocumentKind,
    /// The cues behind the kind (every cue that fired for it; for `report` and `unknown`, every
    /// cue that fired).
    pub evidence: Vec<Evidence>,
    /// The winner's lead over the runner-up as a share of its points.
    pub confidence: f64,
    /// A seed's shape decided it: that shape's segmenter reads the document.
    pub by_shape: bool,
}

impl Decision {
    /// The evidence as `documents.jsonl` writes it: a summary line, then one line per cue.
    pub fn evidence_lines(&self) -> Vec<String> {
        let mut out = Vec::with_capacity(self.evidence.len() + 1);
        let points: i32 = self.evidence.iter().filter(|e| e.kind == self.kind).map(|e| e.weight).sum();
        let decided = if self.by_shape { "a shape decided" } else { "points" };
        out.push(format!("{}: {points} {decided}, confidence {:.2}", self.kind.as_str(), self.confidence));
        out.extend(self.evidence.iter().map(ToString::to_string));
        out
    }
}

/// Decides the kind of a document from its lines (see the module doc).
pub fn decide(norm: &str, lines: &[Line<'_>]) -> Decision {
    let reading = read(norm, lines);
    let head = about(&reading);
    let mut fired: Vec<Evidence> = Vec::new();
    // Shapes that decide come first; the first that fires wins, unless a business plan's
    // 事業名 lines meet a title that names minutes, an evaluation or a budget.
    for r in RULES.iter().filter(|r| r.decides) {
        let Cue::Test(test) = r.cue else { continue };
        if let Some(detail) = test(&reading) {
            fired.push(Evidence { rule: r.name, kind: r.kind, place: r.place, weight: r.weight, detail });
            break;
        }
    }
    let shaped = fired.first().cloned();
    // Only a business plan's shape can yield to the title (below): any other decides here.
    if let Some(s) = shaped.as_ref().filter(|s| s.kind != BusinessPlan) {
        return Decision { kind: s.kind, evidence: vec![s.clone()], confidence: 1.0, by_shape: true };
    }
    fired.clear();
    let body_words = reading.facts().body_words();
    for r in RULES.iter().filter(|r| !r.decides) {
        let detail = match (&r.cue, r.place) {
            (Cue::Test(test), _) => test(&reading),
            (Cue::Words(words), Place::About) => head.as_ref().and_then(|h| h.named(words)),
            (Cue::Words(words), Place::Title) => title_word(&reading, r.kind, words),
            (Cue::Words(words), _) => {
                let seen: Vec<&str> = words.iter().copied().filter(|w| body_words.contains(w)).collect();
                (!seen.is_empty()).then(|| seen.join(", "))
            }
        };
        if let Some(detail) = detail {
            let weight = match (&r.cue, r.place) {
                (Cue::Words(_), Place::Body) => r.weight * detail.split(", ").count().min(4) as i32,
                // Six turns or more are minutes whatever the title says.
                _ if r.name == "speaker turns" && leading_number(&detail) >= 6 => r.weight * 2,
                _ => r.weight,
            };
            fired.push(Evidence { rule: r.name, kind: r.kind, place: r.place, weight, detail });
        }
    }
    // A title about something reported on (`…評価の結果`, `…進捗状況報告`) is about that, not
    // about a report as such.
    if fired.iter().any(|e| e.place == Place::About && e.kind != Report) {
        fired.retain(|e| !(e.place == Place::About && e.kind == Report && e.rule == "about a report"));
    }
    // The title's head outweighs what the title names on the way: a word of another kind
    // inside the head's own text (`…行動計画の進捗状況`, `…プラン 取組状況報告`) names what
    // the document is about, not what it is.
    if let Some(h) = &head {
        let about: Vec<DocumentKind> = fired.iter().filter(|e| e.place == Place::About).map(|e| e.kind).collect();
        if !about.is_empty() {
            fired.retain(|e| {
                e.place != Place::Title
                    || about.contains(&e.kind)
                    || e.rule != title_rule_of(e.kind)
                    || !e.detail.split(" (").next().is_some_and(|w| h.text.contains(w))
            });
        }
    }
    let points = |k: DocumentKind| -> i32 { fired.iter().filter(|e| e.kind == k).map(|e| e.weight).sum() };
    let about_kind = fired.iter().find(|e| e.place == Place::About).map(|e| e.kind);
    let named = |k: DocumentKind| fired.iter().any(|e| e.kind == k && matches!(e.place, Place::About | Place::Title));
    if let Some(s) = shaped {
        let yields = s.kind == BusinessPlan
            && [Minutes, Evaluation, Budget].iter().any(|&k| named(k) && points(k) >= points(BusinessPlan));
        if !yields {
            return Decision { kind: s.kind, evidence: vec![s], confidence: 1.0, by_shape: true };
        }
    }
    // Body words alone make no business or action plan: only their titles do.
    let counts = |k: DocumentKind| !matches!(k, BusinessPlan | ActionPlan) || named(k);
    let mut ranked: Vec<(DocumentKind, i32)> =
        ORDER.iter().map(|&k| (k, if counts(k) { points(k) } else { 0 })).collect();
    ranked.sort_by_key(|&(k, p)| {
        (std::cmp::Reverse(p), about_kind != Some(k), !named(k), ORDER.iter().position(|&o| o == k))
    });
    let (best, best_points) = ranked[0];
    let runner = ranked.get(1).map_or(0, |r| r.1).max(0);
    let needed = if named(best) { 3 } else { 4 };
    if best_points >= needed && best != Report {
        let evidence = fired.iter().filter(|e| e.kind == best).cloned().collect();
        let confidence = rounded(f64::from(best_points - runner) / f64::from(best_points));
        return Decision { kind: best, evidence, confidence, by_shape: false };
    }
    // No kind of its own: a report when anything reads, else unknown.
    let report = points(Report);
    let reads = fired.iter().any(|e| e.kind == Report) || reading.title.is_some();
    if reads {
        let other = ranked.iter().filter(|r| r.0 != Report).map(|r| r.1).max().unwrap_or(0).max(0);
        let confidence = if report > other { rounded(f64::from(report - other) / f64::from(report)) } else { 0.0 };
        let mut evidence: Vec<Evidence> = fired.iter().filter(|e| e.kind == Report).cloned().collect();
        if evidence.is_empty() {
            evidence.push(Evidence {
                rule: "titled",
                kind: Report,
                place: Place::Title,
                weight: 0,
                detail: format!("a title no kind's cue reached ({})", clip(reading.title.as_deref().unwrap_or(""))),
            });
        }
        evidence.extend(fired.iter().filter(|e| e.kind != Report).cloned());
        return Decision { kind: Report, evidence, confidence, by_shape: false };
    }
    Decision { kind: DocumentKind::Unknown, evidence: fired, confidence: 0.0, by_shape: false }
}

/// The title lines and the title of a document.
fn read<'a>(norm: &'a str, lines: &'a [Line<'a>]) -> Reading<'a> {
    // Title lines: the first five non-empty lines that read as titles (no sentence), each up to
    // its 40th char (a word deep in a long line names no kind).
    let title_lines: Vec<&str> = lines
        .iter()
        .filter(|l| !l.is_blank())
        .take(5)
        .map(|l| title_part(l.trimmed()))
        .filter(|t| !t.is_empty())
        .collect();
    let mut title_lines = title_lines;
    // A page without a title leads with a sentence whose topic says what it is about
    // (`今回の補正予算は、…`).
    if let Some(topic) = lead_topic(lines) {
        title_lines.push(topic);
    }
    Reading { lines, norm, facts: std::cell::OnceCell::new(), title_lines, title: document_title(lines) }
}

impl Reading<'_> {
    fn facts(&self) -> &Facts {
        self.facts.get_or_init(|| Facts::of(self.norm, self.lines))
    }
}

/// A line's words that the rules reading every line ask for, as bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct LineFacts {
    /// A word of speech ([`markers::SPEECH_WORDS`]): the gate of the speaker rules.
    speech: bool,
    /// Which words of [`PLANNED`], [`DONE`] and [`TARGETS`] the line holds (bit `i` for the
    /// list's `i`th word).
    planned: u8,
    done: u8,
    targets: u8,
    /// A word of [`RESULTS`].
    result: bool,
    /// A rating's letter or mark (`A`–`D`, `◎`, `△`): the gate of [`ratings`].
    rating: bool,
    /// A `。`.
    sentence: bool,
}

/// What one pass of one automaton over every line found: each line's [`LineFacts`] and the
/// body words of the rules ([`Place::Body`]) anywhere in the document.
struct Facts {
    lines: Vec<LineFacts>,
    /// Bit `i` for the `i`th word of [`WordIndex::body`].
    body: u128,
}

/// The words every line is searched for, each once, with what finding it means.
struct WordIndex {
    automaton: aho_corasick::AhoCorasick,
    /// For each word of the automaton: the line facts it sets and its body-word bit.
    tags: Vec<(LineFacts, u128)>,
    /// The body words of the rules, sorted.
    body: Vec<&'static str>,
}

/// What a plan's or target's figure is called on a line that sets it against the result.
const PLANNED: &[&str] = &["計画数値", "計画値", "計画額", "目標値", "目標額"];
/// What the result is called on such a line.
const DONE: &[&str] = &["実績値", "実績額", "効果額", "達成値"];
/// Words of targets set (a plan's chapter).
const TARGETS: &[&str] = &["目標値", "現状値", "数値目標", "目標年度"];
/// Words of results, which make targets an evaluation's.
const RESULTS: &[&str] = &["実績", "達成率", "達成度", "達成状況", "未達成", "評価結果"];

impl WordIndex {
    fn get() -> &'static WordIndex {
        static INDEX: std::sync::OnceLock<WordIndex> = std::sync::OnceLock::new();
        INDEX.get_or_init(|| {
            let mut body: Vec<&'static str> = RULES
                .iter()
                .filter(|r| r.place == Place::Body)
                .filter_map(|r| match r.cue {
                    Cue::Words(w) => Some(w),
                    Cue::Test(_) => None,
                })
                .flatten()
                .copied()
                .collect();
            body.sort_unstable();
            body.dedup();
            assert!(body.len() <= 128, "body words fit a u128");
            let mut words: Vec<&'static str> = Vec::new();
            let mut tags: Vec<(LineFacts, u128)> = Vec::new();
            fn tag<'t>(
                words: &mut Vec<&'static str>,
                tags: &'t mut Vec<(LineFacts, u128)>,
                w: &'static str,
            ) -> &'t mut (LineFacts, u128) {
                let at = words.iter().position(|x| *x == w).unwrap_or_else(|| {
                    words.push(w);
                    tags.push(Default::default());
                    words.len() - 1
                });
                &mut tags[at]
            }
            for &w in markers::SPEECH_WORDS {
                tag(&mut words, &mut tags, w).0.speech = true;
            }
            for (i, &w) in body.iter().enumerate() {
                tag(&mut words, &mut tags, w).1 |= 1 << i;
            }
            for (i, &w) in PLANNED.iter().enumerate() {
                tag(&mut words, &mut tags, w).0.planned |= 1 << i;
            }
            for (i, &w) in DONE.iter().enumerate() {
                tag(&mut words, &mut tags, w).0.done |= 1 << i;
            }
            for (i, &w) in TARGETS.iter().enumerate() {
                tag(&mut words, &mut tags, w).0.targets |= 1 << i;
            }
            for &w in RESULTS {
                tag(&mut words, &mut tags, w).0.result = true;
            }
            for w in ["A", "B", "C", "D", "◎", "△"] {
                tag(&mut words, &mut tags, w).0.rating = true;
            }
            tag(&mut words, &mut tags, "。").0.sentence = true;
            // No prefilter: its candidates (a word's first char, often a frequent kana) cost more
            // than the automaton's own scan.
            let automaton = aho_corasick::AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .prefilter(false)
                .build(&words)
                .expect("kind words compile");
            WordIndex { automaton, tags, body }
        })
    }
}

impl Facts {
    /// The facts of `lines`, the lines of `norm`, found in one pass over `norm` (no word
    /// spans a line break).
    fn of(norm: &str, lines: &[Line<'_>]) -> Facts {
        let index = WordIndex::get();
        let mut body = 0u128;
        let mut facts = vec![LineFacts::default(); lines.len()];
        let mut at = 0;
        let from = lines.first().map_or(0, |l| l.start);
        let to = lines.last().map_or(0, |l| l.end);
        for m in index.automaton.find_overlapping_iter(&norm[from..to]) {
            let end = from + m.end();
            while at < lines.len() && lines[at].end < end {
                at += 1;
            }
            let Some(f) = facts.get_mut(at) else { break };
            let (t, b) = index.tags[m.pattern().as_usize()];
            f.speech |= t.speech;
            f.planned |= t.planned;
            f.done |= t.done;
            f.targets |= t.targets;
            f.result |= t.result;
            f.rating |= t.rating;
            f.sentence |= t.sentence;
            body |= b;
        }
        Facts { lines: facts, body }
    }

    /// The body words found anywhere in the document.
    fn body_words(&self) -> Vec<&'static str> {
        let index = WordIndex::get();
        index.body.iter().enumerate().filter(|(i, _)| self.body >> i & 1 == 1).map(|(_, w)| *w).collect()
    }
}

/// The first word of `list` whose bit is set.
fn first_of(list: &'static [&'static str], bits: u8) -> Option<&'static str> {
    (bits != 0).then(|| list[bits.trailing_zeros() as usize])
}

/// The part of a line that can title a document: up to its 40th character, and only up to
/// where a sentence starts (its first `。`, or a topic or subject and a comma: `…という言葉は、`),
/// so that a word of the prose (`「計画段階から関わる」`) names no kind.
fn title_part(t: &str) -> &str {
    let t = t.char_indices().nth(40).map_or(t, |(i, _)| &t[..i]);
    ["。", "は、", "が、", "では、", "には、", "ため、"].iter().filter_map(|w| t.find(w)).min().map_or(t, |at| &t[..at])
}

/// The topic of a page's lead sentence, when its first line that is no stamp is a sentence:
/// what stands before its first `は` or `、` within 20 characters (`今回の補正予算`).
fn lead_topic<'a>(lines: &'a [Line<'a>]) -> Option<&'a str> {
    let t =
        lines.iter().filter(|l| !l.is_blank()).take(3).map(Line::trimmed).find(|t| !super::unmarked::is_stamp(t))?;
    if !sentence(t) {
        return None;
    }
    let head_end = t.char_indices().nth(20).map_or(t.len(), |(i, _)| i);
    let at = t[..head_end].find(['は', '、'])?;
    Some(&t[..at])
}

/// A sentence, not a title: it ends with `。`, or runs on past a comma for a long way.
fn sentence(t: &str) -> bool {
    let t = t.trim_end_matches([')', '」']);
    t.ends_with('。') || t.chars().count() > 40 && t.contains('、') && !t.starts_with(['【', '<', '≪', '《'])
}

/// The document's title for what it is about: the first line that is no stamp among the
/// first three non-empty ones, the title at the start of a long first line, or the label of a
/// long line that opens with one (`【…】 ●…`); cut at a site's name (` | `) or a page stamp.
fn document_title(lines: &[Line<'_>]) -> Option<String> {
    let t = lines
        .iter()
        .filter(|l| !l.is_blank())
        .take(3)
        .map(Line::trimmed)
        .find(|t| !super::unmarked::is_stamp(t) && !t.ends_with(':'))?;
    let t = t.trim_start_matches('#').trim();
    let t = if t.chars().count() > super::unmarked::MAX_TITLE || sentence(t) {
        match super::unmarked::run_in(t) {
            Some((_, end)) => t[..end].trim_matches(|c: char| "【】<>≪≫《》〈〉[]〔〕".contains(c) || c == ' '),
            None => match super::unmarked::title_prefix(t) {
                Some(n) => t[..n].trim_end(),
                None => return None,
            },
        }
    } else {
        t
    };
    let t = t.split(" | ").next().unwrap_or(t);
    let t = crate::text::lexicon::PAGE_STAMPS
        .iter()
        .filter_map(|s| t.find(s).filter(|&at| at > 0))
        .min()
        .map_or(t, |at| t[..at].trim_end_matches(['最', ' ']));
    let t = t.trim();
    (t.chars().count() >= 2 && !sentence(t)).then(|| t.to_string())
}

/// What a title is about: its head (last noun phrase) with the connecting words and the
/// issuer's name set aside.
struct Head {
    /// The title as it ends once `について`, `(案)`, `の概要`, the issuer … are set aside.
    text: String,
    /// What a report is a report on (`…評価に関する報告書` → `…評価`), when it is one.
    reported: Option<String>,
}

impl Head {
    /// The longest of `words` the head ends with (a report's subject first).
    fn named(&self, words: &[&str]) -> Option<String> {
        let ends =
            |t: &str| words.iter().filter(|w| t.ends_with(**w)).max_by_key(|w| w.len()).map(|w| (*w).to_string());
        // A head of its own (`審議結果`) first; a bare report word (`報告`, `結果`) gives way to
        // what is reported on.
        let own = ends(&self.text);
        match (&own, &self.reported) {
            (Some(w), _) if !is_report_word(w) => own,
            (_, Some(r)) => ends(r).or(own),
            _ => own,
        }
        .map(|w| format!("{w} ({})", clip(&self.text)))
    }
}

/// The rule of title words for `kind` (the ones the title's head can outweigh).
fn title_rule_of(kind: DocumentKind) -> &'static str {
    match kind {
        Plan => "title says plan",
        ActionPlan => "title says action plan",
        BusinessPlan => "title says business plan",
        Evaluation => "title says evaluation",
        _ => "",
    }
}

fn is_report_word(w: &str) -> bool {
    w.starts_with("報告") || w == "結果"
}

fn about(reading: &Reading<'_>) -> Option<Head> {
    let mut t = reading.title.clone()?;
    // Set aside what titles end with besides their head.
    loop {
        let before = t.len();
        let trimmed = t.trim_end();
        t.truncate(trimmed.len());
        // A bracket at the end: `(案)`, `(概要)`, `(平成19年6月末現在)`, `[PDF 527KB]`.
        for (open, close) in [('(', ')'), ('[', ']'), ('【', '】'), ('<', '>')] {
            if t.ends_with(close) {
                if let Some(at) = t.rfind(open).filter(|&a| a > 0) {
                    t.truncate(at);
                }
            }
        }
        for tail in
            ["について", "に関して", "の概要版", "概要版", "の概要", "概要", "(案)", "案", "等", "の一覧", "一覧"]
        {
            if t.ends_with(tail) && t.len() > tail.len() {
                t.truncate(t.len() - tail.len());
            }
        }
        // The issuer after the title (`…評価シート つくば市`, `…の概要 北浜市財政課`).
        if let Some((head, last)) = t.rsplit_once(' ') {
            let issuer = last.ends_with(['市', '町', '村', '県', '都', '府', '区', '課', '局', '部'])
                && last.chars().count() <= 12
                && !head.trim().is_empty();
            if issuer {
                t.truncate(head.trim_end().len());
            }
        }
        if t.len() == before {
            break;
        }
    }
    // What a report reports on: `…評価に関する報告書` → `…評価`, `…実施状況報告` → `…実施状況`.
    let reported = ["報告書", "報告", "結果"].iter().find_map(|w| {
        let rest = t.strip_suffix(w)?;
        let rest = ["に関する", "についての", "の", "結果"].iter().fold(rest, |r, c| r.strip_suffix(c).unwrap_or(r));
        (!rest.is_empty()).then(|| rest.to_string())
    });
    Some(Head { text: t, reported })
}

/// The first of `words` in the title lines for `kind`, with the line (see the module doc for
/// the words that stand for a more specific kind).
fn title_word(reading: &Reading<'_>, kind: DocumentKind, words: &[&str]) -> Option<String> {
    reading.title_lines.iter().find_map(|line| {
        let mut t = std::borrow::Cow::Borrowed(*line);
        if kind == Plan {
            for w in ["事業計画", "事業実施計画", "収支計画", "アクションプラン", "行動計画", "アクション・プラン"]
            {
                if t.contains(w) && !(w == "事業計画" && policy_plan(&t)) {
                    t = t.replace(w, " ").into();
                }
            }
        }
        if kind == BusinessPlan && policy_plan(&t) {
            return None;
        }
        if kind == Evaluation && t.contains("評価指標") {
            t = t.replace("評価指標", " ").into();
        }
        words.iter().find(|w| t.contains(**w)).map(|w| format!("{w} ({})", clip(line)))
    })
}

/// A policy's 事業計画 (`子ども・子育て支援事業計画`, `介護保険事業計画`, `第2期…事業計画`): a
/// plan over years, not one body's business plan for a year.
fn policy_plan(t: &str) -> bool {
    let Some(at) = t.find("事業計画") else { return false };
    let before = &t[..at];
    ["支援", "保険", "福祉", "保健", "整備", "障害", "障がい", "介護"].iter().any(|w| before.ends_with(w))
        || before.contains("第") && before.contains('期')
}

// --- tests of shapes ------------------------------------------------------------------------

/// A plan's ＜今年度何をするか＞ column heading beside a target or progress heading.
fn plan_columns(r: &Reading<'_>) -> Option<String> {
    let (mut plan_heads, mut other) = (0, 0);
    for l in r.lines.iter().filter(|l| !l.is_blank()) {
        let t = l.trimmed();
        if t.starts_with('<') || t.starts_with('＜') {
            match plan::heading_kind(t) {
                Some(plan::Column::Plan) => plan_heads += 1,
                Some(_) => other += 1,
                None => {}
            }
            if plan_heads > 0 && other > 0 {
                return Some("a ＜今年度何をするか＞ column heading beside a target or progress heading".to_string());
            }
        }
    }
    None
}

/// Lines that name a project: `事業名:情報発信事業(14,043千円)`.
fn project_lines(r: &Reading<'_>) -> Option<String> {
    let n = r
        .lines
        .iter()
        .filter(|l| {
            items::strip_markdown_dash(l.trimmed()).strip_prefix("事業名:").is_some_and(|name| !name.trim().is_empty())
        })
        .count();
    (n > 0).then(|| format!("{n} 事業名: lines"))
}

/// A year table's header (`年度⇥2024…`) or an inline `<ul` list of an action plan.
fn year_tables(r: &Reading<'_>) -> Option<String> {
    let (mut years, mut ul) = (0, 0);
    for l in r.lines.iter().filter(|l| !l.is_blank()) {
        let t = l.trimmed();
        if t.starts_with("年度\t") && t["年度\t".len()..].trim_start().starts_with(|c: char| c.is_ascii_digit()) {
            years += 1;
        }
        if memchr::memchr(b'<', t.as_bytes()).is_some() && t.contains("<ul") {
            ul += 1;
        }
    }
    (years + ul > 0).then(|| format!("{years} year tables, {ul} <ul> lists"))
}

/// A 意見交換会 summary: `(メンバーからの意見`, a `⇒` answer after a `○` question, or the word.
fn exchange_of_views(r: &Reading<'_>) -> Option<String> {
    let mut last_marker = ' ';
    for l in r.lines.iter().filter(|l| !l.is_blank()) {
        let t = l.trimmed();
        let first = t.chars().next().unwrap_or(' ');
        if t.starts_with("(メンバーからの意見") || (first == '⇒' && last_marker == '○') || t.contains("意見交換会")
        {
            return Some(format!("an exchange of views: {}", clip(t)));
        }
        last_marker = first;
    }
    None
}

/// A project sheet opening with its project's name (`事業名:` over `企業立地推進費`).
fn project_title(r: &Reading<'_>) -> Option<String> {
    r.title_lines.iter().find(|t| t.starts_with("事業名")).map(|t| clip(t))
}

/// A meeting's name in the title lines (`第57回医療部会`, `令和6年度第2回…審議会`).
fn meeting_named(r: &Reading<'_>) -> Option<String> {
    r.title_lines.iter().find(|t| names_a_meeting(t)).map(|t| clip(t))
}

/// A title about the record of a meeting: a meeting's word, then `記録`, `要録` or `要旨` at
/// its end (`…住民説明会 記録`, `…懇談会の記録`, `…検討会要旨`).
fn meeting_record(r: &Reading<'_>) -> Option<String> {
    const MEETINGS: &[&str] = &[
        "会議",
        "委員会",
        "審議会",
        "部会",
        "協議会",
        "分科会",
        "懇談会",
        "検討会",
        "説明会",
        "意見交換会",
        "公聴会",
        "懇話会",
        "研究会",
        "総会",
        "定例会",
        "臨時会",
        "タウンミーティング",
    ];
    let head = about(r)?;
    let t = head.text.as_str();
    let rest = ["記録", "要録", "要旨"].iter().find_map(|w| t.strip_suffix(w))?;
    let rest = rest.trim_end().trim_end_matches('の').trim_end();
    MEETINGS.iter().any(|m| rest.ends_with(m)).then(|| format!("a meeting's record ({})", clip(t)))
}

/// A chapter's number among the title lines (`第10章`): a chapter of a plan's text.
fn chapter_title(r: &Reading<'_>) -> Option<String> {
    r.title_lines
        .iter()
        .find(|t| markers::bare_mark(t).is_some_and(|m| m.scheme == markers::Scheme::Chapter))
        .map(|t| clip(t))
}

/// Three or more speaker turns (six or more count twice: see [`decide`]).
fn speaker_turns(r: &Reading<'_>) -> Option<String> {
    let mut turns = 0;
    let mut first = None;
    let mut asked = false;
    for l in r.lines.iter().filter(|l| !l.is_blank()) {
        let t = l.trimmed();
        let may_turn = t.starts_with(markers::SPEAKER_MARKS)
            || t.starts_with(['【', '(', 'Q', 'A'])
            || memchr::memchr(b':', t.as_bytes()).is_some();
        if let Some(turn) = may_turn.then(|| speaker::turn(t)).flatten() {
            // An `A …` line is an answer only after a `Q …` (else a rating's legend).
            let qa = matches!(turn.speaker.as_str(), "Q" | "A");
            if turn.speaker == "Q" {
                asked = true;
            }
            if !qa || asked {
                turns += 1;
                first.get_or_insert(turn.speaker);
            }
        }
        // Turns inside a line a whole record was flattened onto.
        if t.len() > 600 {
            turns += markers::inline_turns(t).len();
        }
    }
    (turns >= 3).then(|| format!("{turns} speaker turns (first: {})", first.unwrap_or_default()))
}

/// Minutes written as reported speech: `●事務局から…報告。`, `委員より…との意見`, also after a
/// label opening the line (`【…】 ●事務局から…`).
fn reported_speech(r: &Reading<'_>) -> Option<String> {
    let mut n = 0;
    let mut first = None;
    for (l, _) in r.lines.iter().zip(&r.facts().lines).filter(|(_, f)| f.speech) {
        let t = l.trimmed();
        let rest = super::unmarked::run_in(t).map_or(t, |(_, end)| t[end..].trim_start());
        if let Some(turn) = markers::reported_turn(rest) {
            n += 1;
            first.get_or_insert(turn.speaker);
        }
    }
    (n > 0).then(|| format!("{n} reported turns (first: {})", first.unwrap_or_default()))
}

/// A meeting's front matter: when and where (`日時`, `場所` as labels or fields) with who or
/// what (`出席者`, `議題`, `次第`, `欠席`).
fn front_matter(r: &Reading<'_>) -> Option<String> {
    let mut seen: Vec<&str> = Vec::new();
    for l in r.lines.iter().filter(|l| !l.is_blank()).take(60) {
        let t = l.trimmed();
        let t = markers::mark(t).filter(|m| m.ordinal.is_some()).map_or(t, |m| &t[m.title_start..]);
        let t = t.trim_start_matches(markers::BULLETS).trim_start();
        let label = t.split([':', ' ', '(']).next().unwrap_or(t);
        for (word, group) in [
            ("日時", "when"),
            ("開催日時", "when"),
            ("開催日", "when"),
            ("場所", "where"),
            ("開催場所", "where"),
            ("会場", "where"),
            ("出席者", "who"),
            ("出席委員", "who"),
            ("欠席者", "who"),
            ("欠席委員", "who"),
            ("議題", "what"),
            ("次第", "what"),
            ("会議次第", "what"),
            ("議事", "what"),
        ] {
            if label == word && !seen.contains(&group) {
                seen.push(group);
            }
        }
    }
    let has = |g: &str| seen.contains(&g);
    (has("when") && has("where") && (has("who") || has("what"))).then(|| format!("{} as labels", seen.join(", ")))
}

/// Headings that name who speaks under them (`<委員からの意見内容>`, `【委員意見】`).
fn speaker_headings(r: &Reading<'_>) -> Option<String> {
    r.lines.iter().zip(&r.facts().lines).filter(|(_, f)| f.speech).find_map(|(l, _)| {
        let t = l.trimmed();
        let label = match super::unmarked::run_in(t) {
            Some((_, end)) => &t[..end],
            None if t.chars().count() <= 30 && markers::mark(t).is_some_and(|m| m.ordinal.is_none()) => t,
            None => return None,
        };
        markers::heading_speaker(label).map(|(s, _)| format!("{s} ({})", clip(label)))
    })
}

/// Questions (`…か。`) each answered by the `※` line below it: a Q&A of minutes.
fn questions_answered(r: &Reading<'_>) -> Option<String> {
    let content: Vec<&str> = r.lines.iter().filter(|l| !l.is_blank()).map(Line::trimmed).collect();
    let n = content.windows(2).filter(|w| is_question(w[0]) && w[1].starts_with('※')).count();
    (n >= 2).then(|| format!("{n} questions answered by ※ lines"))
}

/// A line that sets a plan's or target's figure against the result (`計画数値 実績値 差`,
/// `目標額 効果額`): a comparison of what was planned with what was done.
fn targets_against_results(r: &Reading<'_>) -> Option<String> {
    r.lines.iter().zip(&r.facts().lines).find_map(|(l, f)| {
        let p = first_of(PLANNED, f.planned)?;
        let d = first_of(DONE, f.done)?;
        (l.trimmed().chars().count() <= 80).then(|| format!("{p} against {d}"))
    })
}

/// A question: a sentence ending `か。` or `か?`.
pub fn is_question(t: &str) -> bool {
    t.ends_with("か。") || t.ends_with("か?") || t.ends_with("か。)")
}

/// Targets set with no result beside them (`現状値` and `目標値`, no `実績`): a plan's
/// chapter that sets targets, not an evaluation of them.
fn targets_set(r: &Reading<'_>) -> Option<String> {
    let mut targets: Vec<&str> = Vec::new();
    for f in &r.facts().lines {
        if f.result {
            return None;
        }
        for (i, w) in TARGETS.iter().enumerate() {
            if f.targets >> i & 1 == 1 && !targets.contains(w) {
                targets.push(w);
            }
        }
    }
    (!targets.is_empty()).then(|| format!("{} with no result", targets.join(", ")))
}

/// A–D ratings standing as cells or before or after a colon (`必要性 A`, `D:未達成`).
fn ratings(r: &Reading<'_>) -> Option<String> {
    let mut n = 0;
    for (l, _) in r.lines.iter().zip(&r.facts().lines).filter(|(_, f)| f.rating) {
        let t = l.trimmed();
        n += t.split([' ', '\t', ':', '|']).filter(|w| matches!(*w, "A" | "B" | "C" | "D" | "◎" | "△")).count();
    }
    (n >= 2).then(|| format!("{n} A–D or ◎△ ratings"))
}

/// Running text: three or more sentences.
fn running_text(r: &Reading<'_>) -> Option<String> {
    let n = r.facts().lines.iter().filter(|f| f.sentence).count();
    (n >= 3).then(|| format!("{n} lines of sentences"))
}

/// Figures: five or more lines holding a figure.
fn figure_lines(r: &Reading<'_>) -> Option<String> {
    let n = r.lines.iter().filter(|l| l.trimmed().bytes().any(|b| b.is_ascii_digit())).count();
    (n >= 5).then(|| format!("{n} lines with figures"))
}

/// A web page's stamps (`更新日:…`, `ページ番号:…`).
fn page_stamps(r: &Reading<'_>) -> Option<String> {
    r.lines.iter().take(12).map(Line::trimmed).find(|t| crate::text::lexicon::holds_page_stamp(t)).map(clip)
}

/// `第N回` and a meeting's word after it: a council's, committee's or board's meeting.
fn names_a_meeting(t: &str) -> bool {
    const MEETINGS: &[&str] =
        &["会議", "委員会", "審議会", "部会", "協議会", "分科会", "懇談会", "検討会", "定例会", "臨時会", "総会"];
    let Some(at) = t.find('第') else { return false };
    let rest = &t[at + '第'.len_utf8()..];
    let digits: usize = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || crate::text::chars::KANJI_ONE_TO_TEN.contains(*c))
        .map(char::len_utf8)
        .sum();
    digits > 0 && rest[digits..].starts_with('回') && MEETINGS.iter().any(|m| rest[digits..].contains(m))
}

/// The number a cue's detail starts with (`6 speaker turns …` → 6).
fn leading_number(t: &str) -> usize {
    t.split(' ').next().and_then(|n| n.parse().ok()).unwrap_or(0)
}

/// A confidence to three decimals (the same bytes on every platform).
fn rounded(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn clip(t: &str) -> String {
    let s: String = t.chars().take(30).collect();
    if t.chars().count() > 30 {
        format!("{s}…")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::split_lines;

    fn kind(text: &str) -> DocumentKind {
        decide(text, &split_lines(text)).kind
    }

    #[test]
    fn kinds_from_cues() {
        assert_eq!(kind("第3回 北浜市子ども会議 会議録\n日時 令和6年7月1日\n出席委員 10名\n"), Minutes);
        assert_eq!(kind("事務事業評価シート\n目標値 10\n実績値 8\n達成率 80%\n"), Evaluation);
        assert_eq!(kind("令和6年度 当初予算の概要\n歳入 120億円\n歳出 120億円\n"), Budget);
        assert_eq!(kind("まちづくりの取組について\n公園を整備した。\n"), Report);
        assert_eq!(kind("北浜市人口ビジョン\n基本目標1 しごと\n計画期間 5年\n"), Plan);
        assert_eq!(kind("\n\n"), DocumentKind::Unknown);
        let text = "委員会 議事要旨\n○委員長 開会します。\n○田中委員 質問です。\n○事務局 お答えします。\n";
        let d = decide(text, &split_lines(text));
        assert!(d.evidence.iter().any(|e| e.detail.contains("3 speaker turns")), "{:?}", d.evidence);
    }

    #[test]
    fn what_a_title_is_about_outweighs_the_plan_it_names() {
        assert_eq!(kind("令和5年度における北浜市行財政改革行動計画の進捗状況\n目標値 10件\n実績値 12件\n"), Evaluation);
        assert_eq!(kind("第2次汐見町男女共同参画プラン 点検・評価結果\n達成状況 概ね達成\n"), Evaluation);
        assert_eq!(kind("みなと県総合計画の推進状況について\n実績値 30件\n達成率 60%\n"), Evaluation);
        assert_eq!(kind("第3期北浜市子ども・子育て支援事業計画\n計画期間 令和7年度から\n"), Plan);
        assert_eq!(kind("公益財団法人みなと文化振興会 令和6年度 事業計画\n事業内容\n"), BusinessPlan);
    }

    #[test]
    fn a_plan_chapter_that_sets_targets_is_a_plan() {
        let text = "第5章\n評価指標(KPI)の設定\n北浜市観光振興計画の目標を次のとおり定める。\n指標1\n現状値\n目標値\n";
        assert_eq!(kind(text), Plan);
    }

    #[test]
    fn reported_speech_reads_as_minutes() {
        let text = "【第3次推進計画 令和5年度実施状況報告】 ●事務局から、全80事業の状況について報告。\n<委員からの意見内容> ●周知を強めた方がよい。\n";
        assert_eq!(kind(text), Minutes);
    }

    #[test]
    fn the_confidence_is_the_lead_over_the_runner_up() {
        let text = "事務事業評価シート\n目標値 10\n実績値 8\n達成率 80%\n";
        let d = decide(text, &split_lines(text));
        assert!(d.confidence > 0.0 && d.confidence <= 1.0, "{}", d.confidence);
        assert_eq!(decide("事業名:港湾振興費\n", &split_lines("事業名:港湾振興費\n")).confidence, 1.0);
    }
}
