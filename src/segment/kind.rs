//! The kind of a document, decided from evidence, and the evidence itself: `documents.jsonl`
//! carries which cues fired, so a wrong kind can be traced to them.
//!
//! The seeds' shapes are tried first, each on a cue that only that shape has (a plan's
//! ＜今年度何をするか＞ column headings, a business plan's `事業名:` lines, an action plan's year
//! table, a 意見交換会 summary's questions and ⇒ answers). Otherwise each of minutes,
//! evaluation and budget scores its cues:
//!
//! - words of the title lines (the first five non-empty lines) that name the kind: 議事録,
//!   会議録, 議事要旨 … (3 points); 評価シート, 工程表, 政策評価 … (3); 予算, 決算, 補正予算 … (3);
//! - words and shapes of the body, each once: speaker turns (2 for three or more), attendance
//!   and agenda blocks (出席委員, 欠席, 議題 …) for minutes; 目標値, 実績値, 達成率, 達成度,
//!   現状値, 成果指標, A–D ratings for evaluation; 歳入, 歳出, 款, 一般会計, 補正額, 予算額, 決算額,
//!   前年度比 for budget (1 each).
//!
//! A plan of no seed's shape (a 総合計画, a 人口ビジョン) is a `plan` by its title (計画, プラン,
//! 戦略, ビジョン, 構想, 大綱) and body (基本目標, 基本方針, 計画期間 …), and is read by its outline.
//!
//! The kind with the most points wins when it has at least 3; ties go to the one the title
//! names first, then to the earlier of minutes, evaluation, budget, plan. Anything else is
//! `unknown`.

use super::{speaker, DocumentKind, Line};

/// The kind [`score_kind`] gives a document, the cues that fired, and whether its title names
/// that kind (`…議事録`, `…評価シート`).
#[derive(Debug, Clone)]
pub struct Scored {
    pub kind: DocumentKind,
    pub evidence: Vec<String>,
    pub titled: bool,
}

/// The kind of a document of none of the seeds' shapes, and the cues that fired.
pub fn score_kind(lines: &[Line<'_>]) -> Scored {
    const TITLE_MINUTES: &[&str] =
        &["議事録", "会議録", "議事要旨", "議事概要", "速記録", "会議要旨", "会議概要", "議事の概要", "会議の記録"];
    const TITLE_EVALUATION: &[&str] =
        &["評価", "工程表", "組織目標", "目標シート", "マネジメントシート", "取組結果", "達成状況", "進捗管理"];
    const TITLE_PLAN: &[&str] = &["計画", "プラン", "戦略", "ビジョン", "構想", "大綱"];
    const TITLE_BUSINESS_PLAN: &[&str] = &["事業計画", "事業実施計画", "収支計画"];
    const TITLE_ACTION_PLAN: &[&str] = &["アクションプラン", "行動計画", "アクション・プラン"];
    const TITLE_BUDGET: &[&str] = &["予算", "決算", "補正予算", "財政状況", "歳入歳出"];
    const BODY_MINUTES: &[&str] = &[
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
    ];
    const BODY_EVALUATION: &[&str] = &[
        "目標値",
        "実績値",
        "達成率",
        "達成度",
        "達成状況",
        "未達成",
        "現状値",
        "成果指標",
        "活動指標",
        "評価の理由",
        "総合評価",
        "今後の方向性",
        "取組結果",
    ];
    const BODY_BUDGET: &[&str] =
        &["歳入", "歳出", "一般会計", "補正額", "予算額", "決算額", "前年度比", "款", "財源", "基金"];
    const BODY_BUSINESS_PLAN: &[&str] = &["事業内容", "収支予算", "事業費", "事業計画", "実施事業"];
    const BODY_ACTION_PLAN: &[&str] = &["取組項目", "スケジュール", "担当課", "工程", "実施時期", "KPI"];
    const BODY_PLAN: &[&str] =
        &["基本目標", "基本方針", "基本理念", "計画期間", "将来像", "重点施策", "施策の方向", "数値目標", "目指す姿"];

    // The title lines: the first five non-empty ones, each up to its 40th char (a word deep in
    // a long first sentence names no kind).
    let title: Vec<&str> = lines
        .iter()
        .filter(|l| !l.is_blank())
        .take(5)
        .map(|l| {
            let t = l.trimmed();
            t.char_indices().nth(40).map_or(t, |(i, _)| &t[..i])
        })
        .collect();
    let mut scores = [0u32; N]; // minutes, evaluation, budget, business plan, action plan, plan
    let mut cues: [Vec<String>; N] = Default::default();
    // The kind the earliest title line names: (line, kind).
    let mut named_at: Option<(usize, usize)> = None;
    // The kinds whose words the title says.
    let mut title_says = [false; N];
    let title_words =
        [TITLE_MINUTES, TITLE_EVALUATION, TITLE_BUDGET, TITLE_BUSINESS_PLAN, TITLE_ACTION_PLAN, TITLE_PLAN];
    for (k, words) in title_words.iter().enumerate() {
        // A plan's word inside a more specific kind's (`事業計画`, `アクションプラン`) is that kind's.
        let specific = |t: &str| {
            let mut t = t.to_string();
            if KINDS[k] == DocumentKind::Plan {
                for w in TITLE_BUSINESS_PLAN.iter().chain(TITLE_ACTION_PLAN) {
                    t = t.replace(w, " ");
                }
            }
            t
        };
        let found = title.iter().enumerate().find_map(|(at, t)| {
            let t2 = specific(t);
            words.iter().find(|w| t2.contains(**w)).map(|w| (at, t, w))
        });
        if let Some((at, line, word)) = found {
            // A report on a plan (`…計画 進捗状況報告`, `…大綱 実施状況報告`) is a report.
            if KINDS[k] == DocumentKind::Plan && REPORT_WORDS.iter().any(|r| line.contains(r)) {
                cues[k].push(format!("title names a report on a {word}, not the {word} itself ({})", clip(line)));
                continue;
            }
            scores[k] += 3;
            title_says[k] = true;
            cues[k].push(format!("title says {word} ({})", clip(line)));
            if named_at.is_none_or(|(a, _)| at < a) {
                named_at = Some((at, k));
            }
        }
    }
    // Progress stated (`…計画の進捗状況について`, `取組状況`) leans to an evaluation: 2 points,
    // so the body must show its indicators too. A progress *report* (`進捗状況報告`) is a report.
    const TITLE_PROGRESS: &[&str] = &["進捗状況", "実施状況", "取組状況", "推進状況"];
    let progress = title.iter().find_map(|t| TITLE_PROGRESS.iter().find(|w| t.contains(**w)).map(|w| (t, w)));
    if let Some((line, word)) = progress.filter(|(t, _)| !t.contains("報告")) {
        if scores[1] == 0 {
            scores[1] += 2;
            cues[1].push(format!("title reports {word} ({})", clip(line)));
        }
    }
    // A project sheet opens with its project's name (`事業名:` over `企業立地推進費`).
    if let Some(at) = title.iter().position(|t| t.starts_with("事業名")) {
        scores[3] += 3;
        cues[3].push(format!("title names a project ({})", clip(title[at])));
        if named_at.is_none_or(|(a, _)| at < a) {
            named_at = Some((at, 3));
        }
    }
    // A meeting's name in the title (`第57回医療部会`, `令和6年度第2回…審議会`).
    if let Some(line) = title.iter().find(|t| names_a_meeting(t)) {
        scores[0] += 3;
        cues[0].push(format!("title names a meeting ({})", clip(line)));
        named_at.get_or_insert((0, 0));
    }
    // Every kind's body words in one automaton: one pass over each line finds them all.
    static BODY: std::sync::OnceLock<(aho_corasick::AhoCorasick, Vec<(usize, &'static str)>)> =
        std::sync::OnceLock::new();
    let (body_words, body_index) = BODY.get_or_init(|| {
        let index: Vec<(usize, &'static str)> =
            [BODY_MINUTES, BODY_EVALUATION, BODY_BUDGET, BODY_BUSINESS_PLAN, BODY_ACTION_PLAN, BODY_PLAN]
                .iter()
                .enumerate()
                .flat_map(|(k, words)| words.iter().map(move |w| (k, *w)))
                .collect();
        let ac = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(index.iter().map(|(_, w)| w))
            .expect("body words compile");
        (ac, index)
    });
    let mut turns = 0;
    let mut first_turn = None;
    let mut ratings = 0;
    let mut seen: [Vec<&str>; N] = Default::default();
    for l in lines {
        if l.is_blank() {
            continue;
        }
        let t = l.trimmed();
        let may_turn = (t.starts_with(crate::text::markers::SPEAKER_MARKS) || t.starts_with(['【', '(', 'Q', 'A']))
            || memchr::memchr(b':', t.as_bytes()).is_some();
        if let Some(turn) = may_turn.then(|| speaker::turn(t)).flatten() {
            turns += 1;
            first_turn.get_or_insert(turn.speaker);
        }
        for m in body_words.find_iter(t) {
            let (k, w) = body_index[m.pattern().as_usize()];
            if !seen[k].contains(&w) {
                seen[k].push(w);
            }
        }
        // A–D ratings standing as cells or before or after a colon (`必要性 A`, `D:未達成`).
        let may_rate = t.bytes().any(|b| (b'A'..=b'D').contains(&b)) || t.contains(['◎', '△']);
        if may_rate {
            ratings +=
                t.split([' ', '\t', ':', '|']).filter(|w| matches!(*w, "A" | "B" | "C" | "D" | "◎" | "△")).count();
        }
    }
    if turns >= 3 {
        scores[0] += 2;
        cues[0].push(format!("{turns} speaker turns (first: {})", first_turn.unwrap_or_default()));
    }
    if ratings >= 2 {
        scores[1] += 1;
        cues[1].push(format!("{ratings} A–D or ◎△ ratings"));
    }
    for k in 0..N {
        // Body words alone make no business or action plan: only their titles do.
        if !seen[k].is_empty()
            && (scores[k] > 0 || !matches!(KINDS[k], DocumentKind::BusinessPlan | DocumentKind::ActionPlan))
        {
            let n = seen[k].len() as u32;
            scores[k] += n.min(4);
            cues[k].push(format!("body says {}", seen[k].join(", ")));
        }
    }
    let named = named_at.map(|(_, k)| k);
    let best = (0..N).max_by_key(|&k| (scores[k], named == Some(k), std::cmp::Reverse(k))).unwrap_or(0);
    // Without its title naming it, a kind needs more than a few words of the body.
    let needed = if named.is_some() { 3 } else { 4 };
    if scores[best] < needed {
        let mut all: Vec<String> = Vec::new();
        for k in 0..N {
            all.extend(cues[k].iter().map(|c| format!("{}: {c}", KINDS[k].as_str())));
        }
        all.push(format!("no kind reached {needed} points"));
        return Scored { kind: DocumentKind::Unknown, evidence: all, titled: false };
    }
    let mut evidence = vec![format!("{} points for {}", scores[best], KINDS[best].as_str())];
    evidence.extend(cues[best].iter().cloned());
    Scored { kind: KINDS[best], evidence, titled: title_says[best] }
}

const N: usize = 6;
const KINDS: [DocumentKind; N] = [
    DocumentKind::Minutes,
    DocumentKind::Evaluation,
    DocumentKind::Budget,
    DocumentKind::BusinessPlan,
    DocumentKind::ActionPlan,
    DocumentKind::Plan,
];

/// Words of a title that reports on something rather than being it.
const REPORT_WORDS: &[&str] = &["報告", "実施状況", "取組状況", "進捗状況", "推進状況", "結果"];

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
        score_kind(&split_lines(text)).kind
    }

    #[test]
    fn kinds_from_cues() {
        assert_eq!(kind("第3回 北浜市子ども会議 会議録\n日時 令和6年7月1日\n出席委員 10名\n"), DocumentKind::Minutes);
        assert_eq!(kind("事務事業評価シート\n目標値 10\n実績値 8\n達成率 80%\n"), DocumentKind::Evaluation);
        assert_eq!(kind("令和6年度 当初予算の概要\n歳入 120億円\n歳出 120億円\n"), DocumentKind::Budget);
        assert_eq!(kind("まちづくりの取組について\n公園を整備した。\n"), DocumentKind::Unknown);
        assert_eq!(kind("北浜市人口ビジョン\n基本目標1 しごと\n計画期間 5年\n"), DocumentKind::Plan);
        let evidence = score_kind(&split_lines(
            "委員会 議事要旨\n○委員長 開会します。\n○田中委員 質問です。\n○事務局 お答えします。\n",
        ))
        .evidence;
        assert!(evidence.iter().any(|e| e.contains("3 speaker turns")), "{evidence:?}");
    }
}
