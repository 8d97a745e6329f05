//! Headings without a numbering mark: the rules of the heading model ([`super::heading::Rule`])
//! that read a line by what it says and where it stands rather than by a mark — title lines,
//! block labels of minutes, form labels, letter-spaced labels, headline sentences, the title
//! block and run-in headings — and the text tests they share (a title's text, a value, a
//! stamp, a person or an office named on a line of its own).

use super::heading::{self, HeadingMark, Rule, Scheme};
use super::speaker::Turn;
use crate::layout::{BlockKind, Blocks};
use crate::text::{chars, era, lexicon, markers, Line};

/// The longest first line that is a document's title (chars).
pub(super) const MAX_TITLE: usize = 80;
/// The longest title line (an unnumbered heading) and the longest block label.
pub(super) const MAX_TITLE_LINE: usize = 30;
/// Lines longer than this (bytes, with indentation) are no title line or block label.
pub(super) const MAX_LABEL_BYTES: usize = 3 * (MAX_TITLE_LINE + 10);
/// The longest headline sentence (chars).
const MAX_HEADLINE: usize = 45;
/// The shortest headline sentence (chars): shorter, a line with a figure is a value.
const MIN_HEADLINE: usize = 15;

/// What the unmarked rules need to know of the rest of the document.
pub(super) struct Context<'a> {
    /// The document's title line.
    pub title: Option<usize>,
    /// The table of each line, as the outline reads them (a roster is no table).
    pub table_of: &'a [Option<usize>],
    pub turns: &'a [Option<Turn>],
    /// Each line's heading mark.
    pub marks: &'a [Option<HeadingMark>],
    /// Block labels of minutes (attendance labels included).
    pub labels: &'a [bool],
    pub attendance: &'a [bool],
    pub blocks: &'a Blocks,
}

/// The unmarked headings of a document (lines not in `skip`), each with its rule, in order:
/// block labels, title lines, form labels, letter-spaced labels, headline sentences and the
/// page's title said again (see [`Rule`]). A title line is a short line with no sentence in it
/// that starts a block (after a blank line, a sentence's end, a heading, a list, a table, a
/// value, or a line that does not run on) and has a body below it (text, a list, a table, a
/// value, or another title over a body). What looks like one but is not: a field label
/// repeated down a form (`基準値(基準年度)` three times under one heading), a value (`なし`, a
/// date, figures, a person), the value of a label above it (`会議名` over the meeting's name),
/// a run of table cells (`氏名` `役職` `野村` …), a stage note in brackets (`(総員挙手)`),
/// letter-spaced table cells (`区  分`), the wrapped end of the line above.
pub(super) fn unmarked_headings(
    lines: &[Line<'_>],
    skip: &dyn Fn(usize) -> bool,
    cx: &Context<'_>,
) -> Vec<(usize, Rule)> {
    let n = lines.len();
    let next_content = |i: usize| (i + 1..n).find(|&j| !lines[j].is_blank());
    let prev_content = |i: usize| (0..i).rev().find(|&j| !lines[j].is_blank());
    // The body below a title, past stamps (`発表日:…`) between them: the first line below
    // that is neither blank nor a stamp, found for every line in one pass from the end.
    let mut body_after: Vec<Option<usize>> = vec![None; n];
    let mut below = None;
    for j in (0..n).rev() {
        body_after[j] = below;
        let t = lines[j].trimmed();
        if !(lines[j].is_blank() || is_stamp(t) || names_a_body_or_person(t)) {
            below = Some(j);
        }
    }
    // Short lines sorted, to count how often one recurs.
    let mut short_lines: Vec<&str> = lines
        .iter()
        .map(Line::trimmed)
        .filter(|t| !t.is_empty() && t.len() <= 3 * MAX_TITLE_LINE && t.chars().count() <= MAX_TITLE_LINE)
        .collect();
    short_lines.sort_unstable();
    // Two binary searches: counting the copies one by one is quadratic in a document that
    // repeats one line all the way down.
    let times = |t: &str| short_lines.partition_point(|s| *s <= t) - short_lines.partition_point(|s| *s < t);
    let title_text = cx.title.map(|i| lines[i].trimmed());
    let wrap = wrap_width(lines);
    let text_of = |i: usize| lines[i].trimmed().trim_end_matches(['|', ' ']);
    // The kind of each line's block as the outline reads it (a roster is text, not a table).
    let kind_of = |i: usize| -> Option<BlockKind> {
        if cx.table_of[i].is_some() {
            return Some(BlockKind::Table);
        }
        if cx.turns[i].is_some() {
            return Some(BlockKind::Paragraph);
        }
        match cx.blocks.kind_of(i) {
            Some(BlockKind::Table) => Some(BlockKind::Paragraph),
            k => k,
        }
    };
    // Lines whose text reads as a title.
    let labelish: Vec<bool> = (0..n)
        .map(|i| {
            !lines[i].is_blank()
                && lines[i].text.len() <= MAX_LABEL_BYTES
                && cx.marks[i].is_none()
                && cx.table_of[i].is_none()
                && !ends_like_predicate(text_of(i))
                && is_title_text(text_of(i))
                && !value_like(text_of(i))
        })
        .collect();
    let cells = cell_runs(lines, &kind_of, text_of);
    // The value of a label above it: a block label's (`場所` over `第2委員会室`) or a field
    // label's (`会議名` over the meeting's name, blank lines between or not), unless it is a
    // title itself (`事業名` over `事業の概要・目的`, whose value the export lost).
    let value_of_label: Vec<bool> = (0..n)
        .map(|i| {
            let Some(p) = prev_content(i) else { return false };
            if lines[i].is_blank() || cx.marks[i].is_some() {
                return false;
            }
            let t = text_of(i);
            (cx.labels[p]
                && !cx.attendance[p]
                && cx.marks[p].is_none()
                && p + 1 == i
                && kind_of(i) == Some(BlockKind::Short)
                && !ends_in_heading_noun(t))
                || (labelish[p]
                    && field_label(text_of(p))
                    && !ends_in_heading_noun(t)
                    && kind_of(i) != Some(BlockKind::List))
        })
        .collect();
    // Whether a title at line i has a body below it; worked out from the end so that a title
    // over another title over a body (`事業仕分けの結果への対応方針について` over `仕分け結果を
    // 受けた市の対応方針` over a list) has one.
    let mut has_body = vec![false; n];
    for i in (0..n).rev() {
        let Some(j) = body_after[i] else { continue };
        if lines[i].is_blank() {
            continue;
        }
        let (t, next) = (text_of(i), text_of(j));
        let longer = next.chars().count() > t.chars().count() && !figure_heavy(next);
        has_body[i] = match kind_of(j) {
            Some(BlockKind::Table | BlockKind::List | BlockKind::Field | BlockKind::Number | BlockKind::Heading) => {
                true
            }
            Some(BlockKind::Paragraph) => longer || kind_of(j) == Some(BlockKind::Paragraph) && cx.turns[j].is_some(),
            Some(BlockKind::Short) => {
                field_label(t)
                    || value_like(next)
                    || (labelish[j] && has_body[j] && !cells[j] && (phrase_like(next) || cx.labels[j]))
                    || (j > i + 1 && !figure_heavy(next) && is_title_text(next) && next_content(j).is_some())
                    || longer
            }
            None => false,
        } || cx.marks[j].is_some()
            || super::items::starts_with_bullet(next);
    }
    let mut out: Vec<(usize, Rule)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.is_blank() || skip(i) || l.text.len() > MAX_LABEL_BYTES + 3 * (MAX_HEADLINE - MAX_TITLE_LINE) {
            continue;
        }
        let t = text_of(i);
        let Some(j) = body_after[i].or_else(|| (i + 1 == n || (i + 1..n).all(|k| lines[k].is_blank())).then_some(i))
        else {
            continue;
        };
        if l.text.len() <= MAX_LABEL_BYTES {
            let set_in = prev_content(i).is_some_and(|p| p + 1 == i && indent(&lines[i]) > indent(&lines[p]));
            // `その他` among table cells or an agenda's items is one of them, not a block's label.
            let cell = cells[i] && t.trim() == "その他";
            if cx.labels[i] && !cell && !set_in {
                out.push((i, Rule::BlockLabel));
                continue;
            }
            let group =
                group_label(t) || t.split_once('(').is_some_and(|(g, n)| group_label(g) && is_count_or_empty(n));
            if group && prev_content(i).is_some_and(|p| cx.attendance[p] || roster_above(lines, cx, p)) {
                out.push((i, Rule::BlockLabel));
                continue;
            }
            // The page's title said again over the body (`…緊急調査(結果概要)` twice), unless it
            // is a field's value (`会議名` over the meeting's name).
            if title_text == Some(t) && Some(i) != cx.title && !value_of_label[i] {
                out.push((i, Rule::TitleBlock));
                continue;
            }
        }
        // A label right above speaker turns (`〔意見等〕`) captions the exchange below it.
        if cx.turns[j].is_some() && j == i + 1 {
            continue;
        }
        // A cell of a web table flattened one `cell |` a line (its neighbours end with `|` too).
        let piped = |k: usize| lines[k].trimmed().ends_with('|');
        if piped(i) && (i > 0 && piped(i - 1) || i + 1 < n && piped(i + 1)) {
            continue;
        }
        // A running footer: the document's name over a page number (`…振興計画` / `69`).
        let after_number = lines.get(i + 2).map(|l| l.trimmed());
        if lines.get(i + 1).is_some_and(|l| page_number(l.trimmed()))
            && after_number.is_none_or(|t| t.is_empty() || markers::mark(t).is_some() || !is_title_text(t))
        {
            continue;
        }
        if cx.marks[i].is_some() || value_of_label[i] || l.text.starts_with('\t') {
            continue;
        }
        let block = cx.blocks.block_of(i);
        if block.is_some_and(|b| b.letter_spaced) && letter_spaced_label(t) {
            out.push((i, Rule::LetterSpaced));
            continue;
        }
        if form_label(t) {
            out.push((i, Rule::FormLabel));
            continue;
        }
        let starts = match prev_content(i) {
            None => true,
            Some(p) if p + 1 < i => true,
            Some(p) => {
                let above = lines[p].trimmed();
                if cx.labels[p] {
                    false // the value of a block label (`場所` over `第2委員会室`)
                } else if ends_sentence(above)
                    || is_row_of_fields(above)
                    || above.ends_with('|') && !l.trimmed().ends_with('|')
                    || cx.table_of[p].is_some()
                    || Some(p) == cx.title
                    || out.last().is_some_and(|&(o, _)| o == p)
                {
                    true
                } else if cx.marks[p].is_some() {
                    // Right under a heading, a label heads a body of text, a list or a table of its
                    // own, not the next heading, another label or a value.
                    matches!(
                        kind_of(j),
                        Some(BlockKind::Paragraph | BlockKind::List | BlockKind::Table | BlockKind::Field)
                    ) && cx.marks[j].is_none()
                } else {
                    match kind_of(p) {
                        Some(BlockKind::List | BlockKind::Field) => true,
                        Some(BlockKind::Paragraph) => {
                            !markers_runs_on(above) && !wrapped(above, wrap) && !continues_a_word(t)
                        }
                        Some(BlockKind::Short) => value_like(above),
                        _ => false,
                    }
                }
            }
        };
        // A line set in further than the one above goes on from it (an item of an indented list).
        let starts = starts
            && prev_content(i)
                .is_none_or(|p| p + 1 < i || Some(p) == cx.title || indent(&lines[i]) <= indent(&lines[p]));
        // A label and its value among field lines (`会議録の作成方法 要点記録` under `出席職員 …`).
        let amid_fields =
            t.split_whitespace().count() == 2 && prev_content(i).is_some_and(|p| p + 1 == i && fieldish(text_of(p)));
        if !labelish[i] {
            if starts && headline(lines, i, j, &kind_of) {
                out.push((i, Rule::Headline));
            }
            continue;
        }
        if cells[i] || amid_fields || times(t) >= 3 && !siblings_apart(lines, i, cx, &labelish) {
            continue;
        }
        if starts && has_body[i] && kind_of(i) == Some(BlockKind::Short) {
            out.push((i, Rule::TitleLine));
        } else if starts && body_after[i].is_none() && ends_in_heading_noun(t) && kind_of(i) == Some(BlockKind::Short) {
            // The last line of an excerpt cut off below its heading (`計画の内容`).
            out.push((i, Rule::TitleLine));
        }
    }
    out
}

/// A field's line: `label:value`, or a field's or an attendance label and its value after a
/// space (`開催場所 …`, `出席職員 人権推進室長 …`).
fn fieldish(t: &str) -> bool {
    if crate::layout::blocks::colon_field(t).is_some() {
        return true;
    }
    let Some((label, value)) = t.split_once(' ') else { return false };
    !value.trim().is_empty()
        && (crate::layout::blocks::FIELD_LABELS.contains(&label)
            || ["出席", "欠席", "職員", "委員"].iter().any(|w| label.contains(w)) && label.chars().count() <= 8)
}

/// A page number alone on its line (`69`, `- 12 -`, `3/8`).
fn page_number(t: &str) -> bool {
    let t = t.trim_matches(['-', ' ']);
    !t.is_empty() && t.len() <= 7 && t.bytes().all(|b| b.is_ascii_digit() || b == b'/' || b == b' ')
}

/// Leading spaces (a full-width space is one after normalization).
fn indent(l: &Line<'_>) -> usize {
    l.text.bytes().take_while(|&b| b == b' ').count()
}

/// The paragraph line above runs on into this one (a particle, a comma at its end).
fn markers_runs_on(t: &str) -> bool {
    crate::layout::blocks::runs_on(t)
}

/// The width a PDF export wraps its paragraphs at: the most common length (chars) of the
/// document's long lines, when at least five lines and a quarter of the long ones have it
/// (give or take one).
fn wrap_width(lines: &[Line<'_>]) -> Option<usize> {
    let mut counts = std::collections::HashMap::new();
    let mut long = 0;
    for l in lines {
        if l.text.len() < 20 * 3 / 2 {
            continue;
        }
        let c = l.trimmed().chars().count();
        if c >= 20 {
            long += 1;
            *counts.entry(c).or_insert(0usize) += 1;
        }
    }
    let (&width, _) = counts
        .keys()
        .map(|w| (w, counts.get(w).copied().unwrap_or(0) + counts.get(&(w + 1)).copied().unwrap_or(0)))
        .max_by_key(|&(w, c)| (c, *w))?;
    let near = counts.get(&width).copied().unwrap_or(0) + counts.get(&(width + 1)).copied().unwrap_or(0);
    (near >= 5 && near * 4 >= long).then_some(width)
}

/// A paragraph line as long as the document wraps at: the line below it is its continuation.
fn wrapped(t: &str, wrap: Option<usize>) -> bool {
    wrap.is_some_and(|w| t.chars().count() + 1 >= w)
}

/// A line that starts with the rest of a word broken at the line end: hiragana (but `お` or
/// `ご` before kanji, `こども`, `まち` …) or a long-vowel mark.
fn continues_a_word(t: &str) -> bool {
    let mut cs = t.chars();
    let Some(first) = cs.next() else { return false };
    let hiragana = ('\u{3041}'..='\u{3096}').contains(&first);
    if !hiragana {
        return false;
    }
    let honorific = matches!(first, 'お' | 'ご') && cs.next().is_some_and(chars::is_kanji);
    let word_start = ["こども", "まち", "ひと", "しごと", "ごみ", "くらし", "すまい", "みどり", "ふるさと", "いのち"]
        .iter()
        .any(|w| t.starts_with(w));
    !honorific && !word_start
}

/// Ends like a clause, not a title: a verb or an auxiliary (`…を実施する`, `…しました`,
/// `…している`, `…ではない`).
pub(super) fn ends_like_predicate(t: &str) -> bool {
    const ENDS: &[&str] = &[
        "する",
        "した",
        "します",
        "しました",
        "ました",
        "ます",
        "です",
        "でした",
        "である",
        "ている",
        "ていた",
        "ていく",
        "ていきます",
        "れる",
        "られる",
        "れた",
        "られた",
        "ない",
        "なる",
        "なった",
        "ある",
        "あった",
        "いる",
        "いた",
        "った",
        "たい",
        "ましょう",
        "べき",
        "できる",
        "ください",
        "しょう",
    ];
    let t = t.trim_end_matches([')', '」', '!', '?']);
    // A notice's title (`…取組実績をお知らせします`).
    if t.ends_with("お知らせします") {
        return false;
    }
    // A past tense after a verb's kana (`…と答えた`, `…を実施した`).
    let mut back = t.chars().rev();
    let past =
        matches!(back.next(), Some('た' | 'だ')) && back.next().is_some_and(|c| ('\u{3041}'..='\u{3096}').contains(&c));
    past || ENDS.iter().any(|e| t.ends_with(e))
}

/// The words a section's title ends with (`…の目的`, `…の推移`, `…について`): what a heading
/// is about.
pub(super) const HEADING_NOUNS: &[&str] = &[
    "状況",
    "目的",
    "目標",
    "概要",
    "方針",
    "結果",
    "内容",
    "期間",
    "事項",
    "課題",
    "取組",
    "取組み",
    "取り組み",
    "実績",
    "評価",
    "経過",
    "対策",
    "施策",
    "指標",
    "推移",
    "効果",
    "要因",
    "理由",
    "考え方",
    "について",
    "とは",
    "一覧",
    "まとめ",
    "比較",
    "見通し",
    "対比",
    "割合",
    "分析",
    "現状",
    "背景",
    "趣旨",
    "役割",
    "体制",
    "予定",
    "日程",
    "概況",
    "成果",
    "報告",
    "基準",
    "方法",
    "区分",
    "計画",
    "方向性",
    "対応",
    "措置",
    "意見",
    "提言",
    "経緯",
    "沿革",
    "位置づけ",
    "位置付け",
    "構成",
    "特色",
    "特徴",
    "留意点",
    "ポイント",
    "対象",
    "範囲",
    "収支",
    "財源",
    "予算",
    "決算",
    "動向",
    "見込み",
    "方策",
    "進捗",
    "項目",
    "目次",
    "名簿",
    "次第",
    "はじめに",
    "おわりに",
    "概略",
    "総括",
    "要旨",
    "詳細",
    "手順",
    "流れ",
    "仕組み",
    "条件",
    "根拠",
    "効果額",
    "計画額",
    "実施結果",
];

/// Ends with a word titles end with ([`HEADING_NOUNS`]), a bracket after it aside
/// (`…の推移(平成22~26年度)`).
pub(super) fn ends_in_heading_noun(t: &str) -> bool {
    let t = match t.rfind('(') {
        Some(open) if t.ends_with(')') && open > 0 => &t[..open],
        _ => t,
    };
    let t = t.trim_end_matches(['」', '』', '】', ' ']);
    HEADING_NOUNS.iter().any(|w| t.ends_with(w))
}

/// Reads as a phrase a title is made of, not a cell's word: four characters or more, and words
/// joined (`の`, `と`, `に係る`, `及び`, brackets) or a heading's noun at its end.
fn phrase_like(t: &str) -> bool {
    let t = &t.replace("その他", "");
    t.chars().count() >= 4
        && (t.contains(['の', 'と', '「', '(', '・'])
            || ["に係る", "における", "に関する", "及び", "並びに"].iter().any(|w| t.contains(w))
            || ends_in_heading_noun(t))
}

/// A label whose value is a name, a date or a place (`会議名`, `審議会等名称`, `開催日時`,
/// `場所`): the line below it is its value.
fn field_label(t: &str) -> bool {
    const ENDS: &[&str] =
        &["名", "名称", "日時", "年月日", "開催日", "場所", "会場", "期間", "日程", "所属", "問い合わせ先", "番号"];
    t.chars().count() <= 8 && ENDS.iter().any(|e| t.ends_with(e)) && !t.ends_with("氏名")
}

/// A role named alone (`委員`, `事務局`, `説明員`): the label of a group of an attendance list.
fn group_label(t: &str) -> bool {
    const GROUPS: &[&str] =
        &["委員", "事務局", "説明員", "理事者", "関係者", "事務局職員", "出席委員", "市側", "県側", "オブザーバー"];
    GROUPS.contains(&t)
}

/// An attendance roster above line `p` (its label, then names), for a group label below it.
fn roster_above(lines: &[Line<'_>], cx: &Context<'_>, p: usize) -> bool {
    (0..=p).rev().take(8).filter(|&j| !lines[j].is_blank()).any(|j| cx.attendance[j])
}

/// What a field holds, not a title: a date, figures, a rating or a verdict, a person or an
/// office, `なし`.
pub(super) fn value_like(t: &str) -> bool {
    const VALUES: &[&str] = &[
        "なし",
        "無し",
        "特になし",
        "該当なし",
        "同上",
        "以上",
        "達成",
        "未達成",
        "概ね達成",
        "一部達成",
        "完了",
        "実施",
        "未実施",
        "実施済",
        "継続",
        "廃止",
        "拡充",
        "縮小",
        "改善",
        "現行どおり",
        "有",
        "無",
        "あり",
        "済",
        "未定",
        "予定どおり",
        "順調",
        "遅れ",
        "良好",
        "可",
        "否",
        "適",
        "不適",
        "妥当",
        "適正",
        "休止",
        "終了",
    ];
    VALUES.contains(&t)
        || t.len() <= 2 && t.chars().all(|c| c.is_ascii_alphabetic())
        || t.chars().count() <= 2 && t.chars().all(|c| c.is_ascii_uppercase() || "◎○△×〇◯".contains(c))
        || is_date_only(t)
        || starts_with_date(t) && !ends_in_heading_noun(t)
        || figure_heavy(t)
        || row_with_figure(t)
        || labelled_figures(t)
        || value_only(t)
        || names_a_body_or_person(t)
        || person_with_role(t)
        || address(t)
}

/// An address or a venue's floor (`…中広瀬133番地6`, `…会館 7階`).
fn address(t: &str) -> bool {
    let figure_before = |w: &str| t.find(w).is_some_and(|at| t[..at].ends_with(|c: char| c.is_ascii_digit()));
    t.contains("番地") || t.contains("丁目") || figure_before("階") || figure_before("号室")
}

/// A date and what follows it on the line (`令和3年2月16日(火曜日)午前9時59分~11時12分`,
/// `平成29年2月時点速報版`): a date-time or an as-of, a value.
fn starts_with_date(t: &str) -> bool {
    let rest = era::strip_era(t).unwrap_or(t);
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &rest[digits..];
    digits > 0 && (rest.starts_with('年') && rest['年'.len_utf8()..].starts_with(|c: char| c.is_ascii_digit()))
}

/// A short label and then only figures with their units (`現行通4-500千円-500千円`, `達成率
/// 104.4%`): a flattened table's row.
fn labelled_figures(t: &str) -> bool {
    let Some(at) = t.find(|c: char| c.is_ascii_digit()) else { return false };
    let label = t[..at].trim();
    let bracketed = label.matches('(').count() > label.matches(')').count();
    // `第4章`, `平成27年度`: a number of a heading or a year, not a row's label and figure.
    let numbering = label.ends_with(['第', '平', '成', '和']) || label.chars().count() < 2;
    label.chars().count() <= 12
        && !label.contains(['、', 'は', 'が'])
        && !bracketed
        && !numbering
        && value_only(without_figure_note(&t[at..]))
}

/// Figures without a bracketed note of figures after them (`68,920世帯 (前月比 +12世帯)`).
fn without_figure_note(t: &str) -> &str {
    match t.strip_suffix(')').and_then(|r| r.rfind('(').map(|open| (open, &r[open + 1..]))) {
        Some((open, inner)) if open > 0 && inner.bytes().any(|b| b.is_ascii_digit()) => t[..open].trim_end(),
        _ => t,
    }
}

/// A row's label glued to its figure (`民間等0`, `要改善22`, `合計36`): a flattened table's row.
fn row_with_figure(t: &str) -> bool {
    let digits = t.len() - t.trim_end_matches(|c: char| c.is_ascii_digit() || c == ',').len();
    digits > 0 && digits < t.len() && t.chars().count() <= 12 && !t[..t.len() - digits].ends_with([' ', '第', '(', '-'])
}

/// Figures with their units and nothing else (`611グラム→550グラム`, `40事業`, `1,000人`).
fn value_only(t: &str) -> bool {
    if !t.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut rest = t;
    let mut letters = 0;
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_digit() || ",.%-~→⇒()() /".contains(c) || c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if let Some(u) = lexicon::counter_prefix(rest).or_else(|| lexicon::measure_prefix(rest)) {
            rest = &rest[u.len()..];
            continue;
        }
        if let Some(u) = lexicon::UNIT_WORDS.iter().find(|u| rest.starts_with(**u)) {
            rest = &rest[u.len()..];
            continue;
        }
        // Years and dates beside the figures (`24%(平成26年度)`).
        if let Some(w) = [
            "平成", "令和", "昭和", "年度", "年", "月", "日", "元", "午前", "午後", "時", "分", "秒", "億", "増", "減",
            "約",
        ]
        .iter()
        .find(|w| rest.starts_with(**w))
        {
            rest = &rest[w.len()..];
            continue;
        }
        letters += 1;
        if letters > 2 {
            // Words, not a value: no need to read further.
            return false;
        }
        rest = &rest[c.len_utf8()..];
    }
    true
}

/// A person named with a role (`稲垣公営企業管理者`, `平川会長`): who speaks or attends, not a
/// title; a role alone (`委員`) is a group's label.
fn person_with_role(t: &str) -> bool {
    // A role, a space and a name (`消防長 中道典昭`).
    if let Some((role, name)) = t.split_once(' ') {
        if lexicon::role_of(role).is_some()
            && !name.trim().is_empty()
            && name.chars().count() <= 8
            && !name.contains('の')
        {
            return true;
        }
    }
    t.chars().count() <= 15
        && !t.contains(['の', '・', ' '])
        && !group_label(t)
        && lexicon::role_of(t).is_some()
        && !["会議", "委員会", "審議会", "協議会", "部会"].iter().any(|w| t.ends_with(w))
}

/// Cells of a table the export flattened, not titles: in a run of four or more short lines on
/// consecutive lines, a line with three or more cell-like lines (a word of four characters or
/// fewer, a value, a row of header cells) within two lines of it (`区分` `氏名` `役職` `野村` …),
/// and the lines of a run of three or more that open with the same words (`協議案第4号 …`,
/// `協議案第10号 …`: the items of an agenda).
fn cell_runs<'t>(
    lines: &[Line<'t>],
    kind_of: &dyn Fn(usize) -> Option<BlockKind>,
    text_of: impl Fn(usize) -> &'t str,
) -> Vec<bool> {
    let n = lines.len();
    let mut cells = vec![false; n];
    let cell_like = |t: &str| t.chars().count() <= 3 || value_like(t) || header_cells(t);
    let mut i = 0;
    while i < n {
        if kind_of(i) != Some(BlockKind::Short) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && kind_of(j) == Some(BlockKind::Short) {
            j += 1;
        }
        // A run with a line broken off mid-phrase (`『対象』を具体的な数` / `値で表したものが『対`,
        // `(補助金、損` / `失補償、債務`) is text wrapped in a narrow column, not titles.
        // Three or more lines of one length (`例集を更` / `新し、内` / `容を充実`) are a column's
        // text wrapped at its width.
        let width = |k: usize| text_of(k).chars().count();
        let one_width = j - i >= 3 && (i..j).all(|k| width(k) == width(i)) && width(i) <= 12;
        if j - i >= 2 && ((i..j).any(|k| fragment(text_of(k))) || one_width) {
            cells[i..j].iter_mut().for_each(|c| *c = true);
            i = j;
            continue;
        }
        if j - i >= 4 {
            let like: Vec<bool> = (i..j).map(|k| cell_like(text_of(k))).collect();
            for (k, cell) in cells.iter_mut().enumerate().take(j).skip(i) {
                let (a, b) = (k.saturating_sub(2).max(i), (k + 3).min(j));
                *cell = like[a - i..b - i].iter().filter(|&&x| x).count() >= 3;
            }
        }
        i = j;
    }
    // Runs of lines (short or not) that open alike.
    let prefix = |k: usize| -> Option<String> {
        let t = lines[k].trimmed();
        if t.contains('。') {
            return None;
        }
        let p: String = t.chars().take_while(|c| !c.is_ascii_digit() && !c.is_whitespace()).take(2).collect();
        (p.chars().count() >= 2 && t.chars().count() > p.chars().count()).then_some(p)
    };
    let mut i = 0;
    while i < n {
        let Some(p) = prefix(i) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < n && prefix(j).as_ref() == Some(&p) {
            j += 1;
        }
        if j - i >= 3 {
            cells[i..j].iter_mut().for_each(|c| *c = true);
        }
        i = j;
    }
    // Two or more lines numbered in a series by one word (`日程第1 …`, `日程第2 …`).
    let series = |k: usize| -> Option<(String, u32)> {
        let t = lines[k].trimmed();
        let at = t.find(|c: char| c.is_ascii_digit())?;
        let word = &t[..at];
        let digits = t[at..].bytes().take_while(u8::is_ascii_digit).count();
        let n = t[at..at + digits].parse().ok()?;
        (word.chars().count() >= 2 && !word.contains(' ')).then(|| (word.to_string(), n))
    };
    for k in 1..n {
        if let (Some((a, x)), Some((b, y))) = (series(k - 1), series(k)) {
            if a == b && y == x + 1 {
                cells[k - 1] = true;
                cells[k] = true;
            }
        }
    }
    cells
}

/// A piece of a phrase broken at the line's end or start: a bracket left open or closed
/// without its pair, a particle or a comma at its end.
fn fragment(t: &str) -> bool {
    let unbalanced = [('「', '」'), ('『', '』'), ('(', ')'), ('【', '】'), ('<', '>')]
        .iter()
        .any(|&(o, c)| t.matches(o).count() != t.matches(c).count());
    let starts_mid = t.starts_with(['の', 'を', 'が', 'は', 'に', 'で', 'と', 'も', 'へ', 'や']);
    unbalanced || t.ends_with(['、', ',', '(', '「', '『', '【']) || ends_in_particle(t) || starts_mid
}

/// A label said three times or more is a form's field (`基準値(基準年度)` down a sheet), unless
/// each sits under a heading of its own (`達成状況` under `家庭系ごみ`, then under `事業系ごみ`).
fn siblings_apart(lines: &[Line<'_>], i: usize, cx: &Context<'_>, labelish: &[bool]) -> bool {
    let t = lines[i].trimmed();
    let same: Vec<usize> = (0..lines.len()).filter(|&k| lines[k].trimmed() == t).collect();
    // Each has a body of its own: text, a list, a value (not the next heading).
    let body_of_its_own =
        |k: usize| (k + 1..lines.len()).find(|&j| !lines[j].is_blank()).is_some_and(|j| cx.marks[j].is_none());
    same.iter().all(|&k| body_of_its_own(k))
        && same
            .windows(2)
            .all(|w| (w[0] + 1..w[1]).any(|k| cx.marks[k].is_some() || labelish[k] && lines[k].trimmed() != t))
}

/// A line written letter-spaced that reads as a label: three characters or more ending in a
/// heading's noun (`委員名簿`, `会議次第`; spaced names `佐 藤 清 雄` are a roster's), no figure,
/// no person or office.
fn letter_spaced_label(t: &str) -> bool {
    ends_in_heading_noun(t)
        && t.chars().count() >= 3
        && !t.bytes().any(|b| b.is_ascii_digit())
        && is_title_text(t)
        && !names_a_body_or_person(t)
        && !person_with_role(t)
}

/// A form label of an evaluation sheet: a short label and its bracketed gloss with nothing
/// after it (`目標(対象をどのような状態にするために…)`, the gloss cut off or not), or an
/// indicator's label and its name (`活動指標 蔵書冊点数`).
pub(super) fn form_label(t: &str) -> bool {
    if let Some(open) = t.find('(') {
        let label = &t[..open];
        let n = label.chars().count();
        let gloss = &t[open..];
        let closed_at_end = matching_close(gloss).is_none_or(|c| c + 1 == gloss.len());
        if (2..=8).contains(&n)
            && label.chars().all(|c| chars::is_kanji(c) || chars::is_katakana(c) || c == '・')
            && gloss.chars().count() >= 12
            && closed_at_end
        {
            return true;
        }
    }
    if let Some((label, name)) = t.split_once(' ') {
        let name = name.trim();
        return label.ends_with("指標")
            && label.chars().count() <= 6
            && (2..=MAX_TITLE_LINE).contains(&name.chars().count())
            && !name.starts_with(|c: char| c.is_ascii_digit())
            && !name.contains(['。', ' ', ':']);
    }
    false
}

/// The byte offset of the bracket that closes the one `s` opens with.
fn matching_close(s: &str) -> Option<usize> {
    let mut depth = 0;
    for (k, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// A headline sentence or a caption: a line of its own between blank lines, longer than a
/// title line but no sentence (no `。`), with a figure or a quote in it, over a longer
/// paragraph or a table (`…が全体の94.5%を占める`).
fn headline(lines: &[Line<'_>], i: usize, j: usize, kind_of: &dyn Fn(usize) -> Option<BlockKind>) -> bool {
    let t = lines[i].trimmed();
    let n = t.chars().count();
    let spaced = (i == 0 || lines[i - 1].is_blank()) && lines.get(i + 1).is_some_and(Line::is_blank);
    let body = match kind_of(j) {
        Some(BlockKind::Table) => true,
        Some(BlockKind::Paragraph) => lines[j].trimmed().chars().count() > n,
        _ => false,
    };
    spaced
        && body
        && (MIN_HEADLINE..=MAX_HEADLINE).contains(&n)
        && !t.contains('。')
        && (t.bytes().any(|b| b.is_ascii_digit()) || t.contains('「'))
        && !has_colon_outside_brackets(t)
        && can_start_label(t)
        && !super::items::starts_with_bullet(t)
        && !t.ends_with(['、', ','])
        && !ends_in_particle(t)
        && !is_stamp(t)
        && !(t.starts_with(['《', '(', '(', '〈', '≪']) && t.ends_with(['》', ')', ')', '〉', '≫']))
}

/// A row of header cells, not a title: the same word twice (`万人 万人`), or three or more
/// short words apart (`有効性 効率性 総合評価`, `効果発現要因(成果) 課題 今後の取組`), none a
/// year.
fn header_cells(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() < 2 {
        return false;
    }
    let repeated = words.windows(2).any(|w| w[0] == w[1]);
    let short_words = words.iter().all(|w| w.chars().count() <= 6 && !w.contains('の'));
    let no_figures = !t.bytes().any(|b| b.is_ascii_digit()) && words.iter().all(|w| w.chars().count() <= 12);
    repeated || words.len() >= 3 && (short_words || no_figures)
}

/// A heading at the start of a long line that runs on into its body (see [`Rule::RunIn`]):
/// the heading's scheme and where it ends (bytes into the trimmed line). Page furniture before
/// it (`- 29 -`) stays with the heading.
pub(super) fn run_in(t: &str) -> Option<(Scheme, usize)> {
    // A short line is a title with its value (`【実施日】6月1日`), read by the bracket and mark
    // rules; but a bracketed label before a whole sentence (`【目的】…を確認した。`) runs in.
    let long = t.chars().count() > MAX_TITLE_LINE + 10;
    let labelled_sentence = t.starts_with(['【', '<', '〈', '≪', '《', '〔']) && t.ends_with('。');
    if !(long || labelled_sentence) {
        return None;
    }
    let lead = furniture_len(t);
    let s = &t[lead..];
    let first = s.chars().next()?;
    let close = match first {
        '【' => Some('】'),
        '<' => Some('>'),
        '≪' => Some('≫'),
        '《' => Some('》'),
        '〈' => Some('〉'),
        '[' => Some(']'),
        '〔' => Some('〕'),
        _ => None,
    };
    if let Some(close) = close {
        let end = s.find(close)?;
        let inner = &s[first.len_utf8()..end];
        let k = inner.chars().count();
        let after = s[end + close.len_utf8()..].trim();
        let field = inner.contains(':') && !inner.trim_end().ends_with(':');
        let numbered = inner.bytes().all(|b| b.is_ascii_digit());
        let ok = (2..=30).contains(&k)
            && !inner.contains('。')
            && !field
            && !numbered
            && lexicon::role_of(inner).is_none()
            && !after.is_empty();
        return ok.then_some((Scheme::Bracket(first), lead + end + close.len_utf8()));
    }
    if !long {
        return None;
    }
    if markers::mark(s).is_none() {
        return label_run_in(s).map(|end| (Scheme::Label, lead + end));
    }
    let cut = next_mark_at(s, 70)?;
    let m = markers::mark(s[..cut].trim_end())?;
    if m.ordinal.is_none() || matches!(m.scheme, Scheme::Word(_)) || s[m.title_start..cut].trim().chars().count() < 4 {
        return None;
    }
    Some((m.scheme, lead + s[..cut].trim_end().len()))
}

/// An unmarked label, a space, then the sentence it heads, on one long line (`民生委員の活動
/// 今年度は…を行った。`): where the label ends. The label is a short noun phrase (no figures,
/// no punctuation, not ending in kana that ends a clause, no speaker); the rest is a sentence
/// up to its first `。` with no space in it (a row of cells has spaces).
fn label_run_in(s: &str) -> Option<usize> {
    let (head, rest) = s.split_once(' ')?;
    let k = head.chars().count();
    let last = head.chars().last()?;
    let first = head.chars().next()?;
    let head_ok = (3..=15).contains(&k)
        && (chars::is_kanji(first) || chars::is_katakana(first))
        && !head.bytes().any(|b| b.is_ascii_digit())
        && !head.contains(['、', '。', ':', '(', ')', '「', '」', '・'])
        && (chars::is_kanji(last) || chars::is_katakana(last))
        && lexicon::role_of(head).is_none();
    let sentence = rest.split_once('。').map(|(s, _)| s)?;
    let rest_ok = sentence.chars().count() >= 20
        && !sentence.contains(' ')
        && !rest.starts_with(|c: char| c.is_ascii_digit() || markers::BULLETS.contains(&c));
    (head_ok && rest_ok).then_some(head.len())
}

/// Page furniture at the start of a line (`- 29 - `): its length in bytes with the space after.
fn furniture_len(t: &str) -> usize {
    let Some(rest) = t.strip_prefix("- ") else { return 0 };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return 0;
    }
    match rest[digits..].strip_prefix(" -") {
        Some(after) => t.len() - after.trim_start().len(),
        None => 0,
    }
}

/// Where the next mark after a space opens an item or a point (`… ①…`, `… ○…`, `… (1)…`,
/// `… 1 …`) within the first `within` characters of `s`, past its first one: the title before
/// it ends there.
fn next_mark_at(s: &str, within: usize) -> Option<usize> {
    let limit = s.char_indices().nth(within).map_or(s.len(), |(i, _)| i);
    let mut prev_space = false;
    for (i, c) in s.char_indices().skip(1) {
        if i >= limit {
            break;
        }
        if prev_space {
            let rest = &s[i..];
            let opens = ('①'..='⑳').contains(&c)
                || matches!(c, '○' | '●' | '■' | '◆' | '◇' | '□' | '・' | '※')
                || rest.starts_with('(') && rest[1..].bytes().take_while(u8::is_ascii_digit).count() > 0
                || c.is_ascii_digit() && rest[1..].starts_with([' ', '.']);
            if opens {
                return Some(i);
            }
        }
        prev_space = c == ' ';
    }
    None
}

/// A line that dates, numbers or files the page rather than titles it: a date alone, an
/// update or publication stamp, an ID, a page number.
pub(super) fn is_stamp(t: &str) -> bool {
    let t = t.trim_start_matches(['[', '(', '-', ' ']);
    // `令和7年2月 北浜市財政部財政課`: a date and who issued the page (not a date and a title).
    let dated = || {
        let mut words = t.splitn(2, ' ');
        words.next().is_some_and(|w| is_date_only(w) && w.contains('月'))
            && words.next().is_none_or(|rest| names_a_body_or_person(rest.trim()))
    };
    t.bytes().all(|b| b.is_ascii_digit() || b == b'-' || b == b' ')
        || crate::text::lexicon::starts_with_page_stamp(t)
        || crate::text::lexicon::is_navigation(t)
        || is_date_only(t)
        || dated()
}

/// A line holding only a date (`平成18年6月2日`, `令和6年2月 北浜市財政課` is not one).
pub(super) fn is_date_only(t: &str) -> bool {
    let t = t.trim();
    // A date starts with a figure or an era.
    let kanji_figure = |c: char| chars::is_kanji_digit(c) || c == '十' || c == '元';
    if !t.starts_with(|c: char| c.is_ascii_digit() || era::starts_an_era(c) || kanji_figure(c)) {
        return false;
    }
    let rest = t.trim_start_matches(|c: char| {
        c.is_ascii_digit()
            || matches!(c, '年' | '月' | '日' | '/' | '.' | ' ' | '(' | ')' | '曜')
            || era::in_a_name(c)
            || chars::WEEKDAY_KANJI.contains(c)
            || kanji_figure(c)
    });
    let era_year = t.ends_with("年度") || t.ends_with('年');
    let figures = t.chars().any(|c| c.is_ascii_digit() || kanji_figure(c));
    rest.is_empty() && figures && (t.contains('月') || t.contains('/')) || is_year_only(t) && era_year
}

/// `令和3年度`, `平成30年`, `2021年度` alone.
pub(super) fn is_year_only(t: &str) -> bool {
    let t = t.trim_end_matches("年度").trim_end_matches('年');
    let t = era::strip_era(t).unwrap_or(t);
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '元')
}

/// Labels of the blocks of minutes' front matter and body, whole or before a count: when,
/// where, who attended, what was on the agenda, what was handed out, how it went.
pub(super) const BLOCK_LABELS: &[&str] = &[
    "日時",
    "開催日時",
    "招集日時",
    "開会日時",
    "場所",
    "開催場所",
    "招集場所",
    "会場",
    "議事日程",
    "会議次第",
    "次第",
    "議題",
    "議事",
    "案件",
    "会議に付した事件",
    "本日の会議に付した事件",
    "本日審査した案件",
    "審査案件",
    "配布資料",
    "配付資料",
    "資料",
    "会議概要",
    "議事概要",
    "会議の概要",
    "議事の概要",
    "会議経過",
    "会議の経過",
    "議事経過",
    "審議経過",
    "議事内容",
    "会議内容",
    "会議録署名",
    "会議録署名委員",
    "署名委員",
    "開会",
    "閉会",
    "開議",
    "散会",
    "報告事項",
    "協議事項",
    "審議事項",
    "その他",
];

/// The longest of [`BLOCK_LABELS`] in bytes (本日の会議に付した事件).
pub(super) const BLOCK_LABEL_BYTES: usize = 11 * 3;

/// The label of an attendance block (`出席委員(8人)`, `説明のため出席した者`, `欠席委員 四名`),
/// alone or with its count only; `欠席委員 なし` is a field, not a block.
pub(super) fn attendance_label(t: &str, mark: Option<heading::HeadingMark>) -> bool {
    let t = strip_label_mark(t, mark);
    if is_field(t) || markers::is_link(t) {
        return false;
    }
    let (label, value) = split_label(t);
    label.len() <= 60
        && label.chars().count() <= 20
        && ["出席", "欠席", "出欠", "説明員", "傍聴"].iter().any(|w| label.contains(w))
        && is_count_or_empty(value)
}

/// A block label of minutes (see [`BLOCK_LABELS`]) or an attendance block's.
pub(super) fn block_label(t: &str, mark: Option<heading::HeadingMark>) -> bool {
    let t = strip_label_mark(t, mark);
    if is_field(t) {
        return false;
    }
    // `目次`, however it is spaced or decorated (`目     次`, `ー 目次 ー`).
    if t.contains('目') && t.contains('次') {
        let bare: String = t.chars().filter(|c| !c.is_whitespace() && !matches!(c, 'ー' | '-' | '―' | '─')).collect();
        if bare == "目次" {
            return true;
        }
    }
    let (label, value) = split_label(t);
    // `議事日程(第3号)`: a number in brackets after the label is part of it.
    let numbered = value.starts_with('(')
        && value.ends_with(')')
        && value.chars().count() <= 8
        && value.chars().any(|c| c.is_ascii_digit() || chars::KANJI_ONE_TO_TEN.contains(c));
    label.len() <= BLOCK_LABEL_BYTES && BLOCK_LABELS.contains(&label) && (value.is_empty() || numbered)
}

/// A field line: a label, a colon and its value on the same line (`日時:令和6年…`,
/// `傍聴者:1名`).
pub(super) fn is_field(t: &str) -> bool {
    t.find(':').is_some_and(|c| !t[c + 1..].trim().is_empty())
}

/// The label without a leading `〇` / `○` / `●` / `■` or number (`1 `, `(2)`), given the
/// line's heading mark.
pub(super) fn strip_label_mark(t: &str, mark: Option<heading::HeadingMark>) -> &str {
    let t = t.trim();
    let bare = t.trim_start_matches(crate::text::markers::BULLETS).trim_start();
    if bare.len() < t.len() {
        return bare;
    }
    match mark {
        Some(m) if m.ordinal.is_some() => t.get(m.title_start..).unwrap_or(t),
        _ => t,
    }
}

/// A label and what follows it on its line after spaces or a bracket (`出席委員 十名` →
/// (`出席委員`, `十名`); `出席委員(8人)` → (`出席委員`, `(8人)`)).
pub(super) fn split_label(t: &str) -> (&str, &str) {
    let cut = t.find([' ', '\t', '(', ':']).unwrap_or(t.len());
    (t[..cut].trim(), t[cut..].trim_start_matches(':').trim())
}

/// Empty, or a number of people (`十名`, `(8人)`, `11名`).
pub(super) fn is_count_or_empty(v: &str) -> bool {
    let v = v.trim().trim_start_matches('(').trim_end_matches(')');
    v.is_empty()
        || (v.ends_with(['名', '人'])
            && v.chars().count() <= 6
            && v.trim_end_matches(['名', '人'])
                .chars()
                .all(|c| c.is_ascii_digit() || chars::is_kanji_numeral(c) && c != '千'))
}

/// A flattened table row or form line: four or more cells set apart by spaces
/// (`所属名 立地戦略課 所属長名 池田一彦`); it ends its paragraph like a sentence.
/// A line of a form, not a sentence: four or more cells apart, or two or more `label:value`
/// fields (`要求額:9,474千円 財源:県費`). The line below it starts afresh.
pub(super) fn is_row_of_fields(t: &str) -> bool {
    let field = |w: &str| w.split_once(':').is_some_and(|(label, value)| !label.is_empty() && !value.is_empty());
    !t.contains('。') && (t.split_whitespace().count() >= 4 || t.split_whitespace().filter(|w| field(w)).count() >= 2)
}

pub(super) fn ends_sentence(t: &str) -> bool {
    t.ends_with('。') || t.ends_with("。)")
}

/// The lines of a table of contents: its entries (`概要……3`, see
/// [`heading::is_contents_entry`]) and the lines between two of them a few lines apart (an
/// entry wrapped over lines, a chapter without a page number).
pub(super) fn contents_lines(lines: &[Line<'_>]) -> Vec<bool> {
    let mut toc: Vec<bool> = lines.iter().map(|l| heading::is_contents_entry(l.trimmed())).collect();
    let entries: Vec<usize> = (0..lines.len()).filter(|&i| toc[i]).collect();
    for w in entries.windows(2) {
        if w[1] - w[0] <= 6 {
            toc[w[0]..w[1]].iter_mut().for_each(|f| *f = true);
        }
    }
    toc
}

/// Short, no sentence, no field or value, starts with a word. Figures a PDF set apart by
/// spaces (`平成 22 年度分`) are read closed up.
pub(super) fn is_title_text(t: &str) -> bool {
    let closed = close_spaced_figures(t);
    title_text(&closed)
}

/// `t` without the spaces around figures between words (`平成 22 年度分` → `平成22年度分`).
pub(super) fn close_spaced_figures(t: &str) -> std::borrow::Cow<'_, str> {
    if !t.contains(' ') || !t.bytes().any(|b| b.is_ascii_digit()) {
        return std::borrow::Cow::Borrowed(t);
    }
    let cs: Vec<char> = t.chars().collect();
    let mut out = String::with_capacity(t.len());
    for (k, &c) in cs.iter().enumerate() {
        if c == ' ' && k > 0 && k + 1 < cs.len() {
            let (a, b) = (cs[k - 1], cs[k + 1]);
            let figure_side = a.is_ascii_digit() && !b.is_ascii() || b.is_ascii_digit() && !a.is_ascii();
            if figure_side {
                continue;
            }
        }
        out.push(c);
    }
    std::borrow::Cow::Owned(out)
}

fn title_text(t: &str) -> bool {
    const VALUES: &[&str] = &["なし", "無し", "特になし", "該当なし", "同上", "以上", "別紙のとおり", "別添のとおり"];
    let n = t.chars().count();
    // All tests must pass; those that look at the line's ends come first (most lines fail one).
    (2..=MAX_TITLE_LINE).contains(&n)
        && !t.ends_with(['、', ',', ':', '・'])
        && !ends_in_particle(t)
        && !stage_note(t)
        && !t.is_ascii()
        && !VALUES.contains(&t)
        && !t.contains('。')
        && can_start_label(t)
        && !is_figure_caption(t)
        && !is_unit_caption(t)
        && !has_colon_outside_brackets(t)
        && !figure_heavy(t)
        && !is_date_only(t)
        && !heading::letter_spaced(t)
        && !header_cells(t)
        && !is_row_of_fields(t)
        && !starts_with_figure(t)
        && !markers::is_link(t)
        && markers::speaker_turn(t).is_none()
        && !enumerates_people(t)
        && t.chars().any(char::is_alphabetic)
        && !names_a_body_or_person(t)
        && !(t.starts_with(['【', '<', '[', '〔']) && is_field(t))
        && !heading::is_contents_entry(t)
        && !is_stamp(t)
        && t.split_whitespace().filter(|w| !w.bytes().any(|b| b.is_ascii_digit())).count() < 4
}

/// A stage note, all in brackets (`(総員挙手)`).
fn stage_note(t: &str) -> bool {
    t.starts_with('(') && t.ends_with(')')
}

/// People enumerated (`管理者側-院長・副院長・診療部長`, `…センター所長・…協議会会長`): a roster's
/// line, not a title.
fn enumerates_people(t: &str) -> bool {
    let role_end = |w: &str| w.ends_with(['長', '員', '者', '官']) || lexicon::role_of(w).is_some();
    let parts: Vec<&str> = t.split(['・', '、']).collect();
    let dash_label = t.char_indices().any(|(k, c)| {
        c == '-'
            && k > 0
            && t[..k].chars().next_back().is_some_and(|b| !b.is_ascii())
            && t[k + 1..].chars().next().is_some_and(|a| !a.is_ascii())
    });
    dash_label || parts.len() >= 2 && parts.iter().filter(|p| role_end(p)).count() >= 2
}

/// Starts with a figure that is no year or month (`8時30分から…`, `3件の…`): a value's line.
fn starts_with_figure(t: &str) -> bool {
    let t = t.trim_start_matches(['△', '▲', '-', '+']).trim_start();
    let digits = t.bytes().take_while(|b| b.is_ascii_digit() || *b == b',' || *b == b'.').count();
    let rest = &t[digits..];
    // A span or a count that names a title (`3ヶ年の総括`, `3つの柱`, `5大プロジェクト`).
    let titled = ["ヶ", "か年", "カ年", "箇年", "つの", "大"].iter().any(|w| rest.starts_with(w));
    digits > 0 && !rest.starts_with(['年', '月', '.', ' ', ')']) && !rest.is_empty() && !titled
}

/// A caption that only gives a unit (`(単位:千円)`, `金額単位:百万円`); a title with its unit
/// after it (`補正予算の内容(単位:百万円)`) is a title.
pub(super) fn is_unit_caption(t: &str) -> bool {
    t.find("単位").is_some_and(|at| t[..at].trim_start_matches(['(', '[', '<', '【', '金', '額', ' ']).is_empty())
}

/// The wrapped first part of a sentence (`詳細は、別途の`): it ends in a particle (a
/// definition's `…とは` is a title).
pub(super) fn ends_in_particle(t: &str) -> bool {
    t.ends_with(['の', 'を', 'が', 'は', 'に', 'で', 'へ', 'も', 'や', 'と'])
        && !["とは", "ために", "もの", "はじめに", "おわりに"].iter().any(|w| t.ends_with(w))
}

/// An office (`医政局総務課`, `内閣府`) or a person (`議長川島 忠一君`) named on a line of its own:
/// who issues or speaks, not a title.
pub(super) fn names_a_body_or_person(t: &str) -> bool {
    let n = t.chars().count();
    // A place (`第2委員会室`, `…会議室(18階)`), its bracket aside.
    let place = match t.rfind('(') {
        Some(open) if t.ends_with(')') => t[..open].trim_end(),
        _ => t,
    };
    (n <= 15 && !t.contains('の') && (t.ends_with(lexicon::OFFICE_ENDINGS) || t.ends_with("センター")))
        || t.ends_with(['君', '氏', '様'])
        || lexicon::names_a_room(place)
}

/// A figure's or table's caption (`図表 1 …`, `表2 …`, `グラフ3`).
pub(super) fn is_figure_caption(t: &str) -> bool {
    ["図表", "図", "表", "グラフ", "資料"].iter().any(|w| {
        t.strip_prefix(w).is_some_and(|r| {
            r.trim_start().starts_with(|c: char| c.is_ascii_digit() || ('①'..='⑳').contains(&c) || c == '-')
        })
    })
}

pub(super) fn has_colon_outside_brackets(t: &str) -> bool {
    let mut depth = 0i32;
    for c in t.chars() {
        match c {
            '(' | '【' | '<' | '〔' => depth += 1,
            ')' | '】' | '>' | '〕' => depth -= 1,
            ':' if depth <= 0 => return true,
            _ => {}
        }
    }
    false
}

/// Mostly figures: half or more of the characters are digits (`H27 H28 H29`, `159人 182人`).
pub(super) fn figure_heavy(t: &str) -> bool {
    let (mut n, mut digits) = (0, 0);
    for c in t.chars().filter(|c| !c.is_whitespace()) {
        n += 1;
        digits += usize::from(c.is_ascii_digit());
    }
    n > 0 && digits * 2 >= n
}

/// A label starts with a word: not with a list bullet (`・`, `※`, `-`) and not with a character
/// Japanese line breaking keeps off the start of a line (`ー`, `ン`, small kana, closing
/// brackets, `、`), which marks the line as the wrapped end of the one before it.
pub(super) fn can_start_label(t: &str) -> bool {
    let Some(first) = t.chars().next() else { return false };
    if ["(例)", "(注", "注)", "注:", "例:"].iter().any(|p| t.starts_with(p)) {
        return false;
    }
    !matches!(first, '・' | '•' | '※' | '-' | '*' | '→' | '⇒')
        && !"ーンッャュョァィゥェォっゃゅょぁぃぅぇぉ)]}」』】〕>、。,.:;!?".contains(first)
}

/// The title at the start of a long first line (a document flattened onto one line):
/// up to a word that ends titles (`…会議録`, `…について`, `…の概要` and a short bracket after
/// it such as `(案)`), a notice's number (`…告示第6号`) or the first mark of an item after a
/// space (`… ○…`), whichever comes first, else up to a run of spaces; within the first 60
/// characters. Its length in bytes.
pub(super) fn title_prefix(t: &str) -> Option<usize> {
    const ENDS: &[&str] = &["議事録", "会議録", "議事要旨", "議事概要", "速記録", "について", "概要", "報告書", "結果"];
    if t.chars().count() <= MAX_TITLE {
        return None;
    }
    let head_end = t.char_indices().nth(60).map_or(t.len(), |(i, _)| i);
    let head = &t[..head_end];
    let by_word = ENDS.iter().filter_map(|w| head.find(w).map(|i| i + w.len())).min().map(|end| {
        // A short bracket right after (`(案)`, `(第3号)`) belongs to the title.
        let rest = &t[end..];
        match rest.strip_prefix('(').and_then(|r| r.find(')')) {
            Some(close) if close <= 12 => end + 1 + close + 1,
            _ => end,
        }
    });
    // A notice's number ends its title (`…監査委員告示第6号 地方自治法…`).
    let by_notice = ["告示第", "公告第", "訓令第", "通知第"].iter().find_map(|w| {
        let at = head.find(w)? + w.len();
        let digits = head[at..].bytes().take_while(u8::is_ascii_digit).count();
        (digits > 0 && head[at + digits..].starts_with('号')).then(|| at + digits + '号'.len_utf8())
    });
    // The first item or point after it (`… ○乳幼児の…`, `… 1 進捗状況`).
    let by_mark = next_mark_at(t, 60).map(|at| at - 1);
    let by_spaces = head.find("  ").filter(|&i| i > 0);
    let end = [by_word, by_notice, by_mark].into_iter().flatten().min().or(by_spaces)?;
    let title = t[..end].trim();
    (title.chars().count() >= 4 && !title.contains('。')).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_in_labels_before_a_sentence() {
        let line = "民生委員の活動 今年度は高齢者の見守り訪問を重点的に行い、延べ4,800回の訪問を行った。";
        assert_eq!(run_in(line).map(|(s, end)| (s, &line[..end])), Some((Scheme::Label, "民生委員の活動")));
        let short = "【目的】初動対応を確認し、関係機関との連携を強めるために実施した。";
        assert_eq!(run_in(short).map(|(_, end)| &short[..end]), Some("【目的】"));
        for not in [
            // A speaker whose mark the line keeps, a clause, cells, a value.
            "○医療政策企画官 それでは、ただいまより第3回の部会を開会させていただきます。よろしくお願いします。",
            "本市では 今年度は高齢者の見守り訪問を重点的に行い、延べ4,800回の訪問を行った。独り暮らしの方への声かけ。",
            "委員 中島 正人 美術館長 藤田 由美 市民公募 佐々木 明子 大学教授 中島 正人 美術館長 藤田。",
            "【実施日】令和6年9月1日(日)",
        ] {
            assert_eq!(run_in(not), None, "{not}");
        }
    }

    #[test]
    fn a_label_with_figures_and_a_note_is_a_value() {
        assert!(value_like("世帯数 68,920世帯 (前月比 +12世帯)"));
        assert!(!value_like("地区別人口"));
    }
}
