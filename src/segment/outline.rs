//! Documents by their outline: minutes, evaluation sheets, budget summaries and every document
//! of no other kind. One record per heading (see [`super::heading`]), each with the titles of
//! the headings above it as its `heading_path`; the lines under a heading are its `body`
//! section: items (by the shared bullet parser), the tables among them (the shared table
//! model, [`crate::layout`]), and, in minutes, speaker turns (see [`super::speaker`]).
//!
//! The document's first line is its title (level 0) when it is short and no heading of a
//! scheme; lines before the first heading belong to the title's record.

use std::collections::HashMap;

use super::heading::{self, Scheme};
use super::items::{self, ItemOptions};
use super::speaker::{self, SpeakerRole, Turn};
use super::SectionName;
use super::{
    content_indices, new_section, new_unit, Document, DocumentKind, Item, ItemKind, Line, SegmentContext, Unit,
    UnitKind,
};
use crate::layout::{self as table, Table};
use crate::text::{chars, era, lexicon};

/// The longest first line that is a document's title (chars).
const MAX_TITLE: usize = 80;
/// Lines longer than this (bytes, with indentation) are no title line or block label.
const MAX_LABEL_BYTES: usize = 3 * (MAX_TITLE_LINE + 10);
/// The longest title line (an unnumbered heading) and the longest block label.
const MAX_TITLE_LINE: usize = 30;

/// Segments a document by its headings.
pub fn segment(lines: &[Line<'_>], tables: &[Table], kind: DocumentKind, ctx: &SegmentContext) -> Document {
    // Each line's heading mark and whether it is a block or attendance label, read once.
    let marks: Vec<Option<heading::HeadingMark>> =
        lines.iter().map(|l| if l.is_blank() { None } else { heading::mark(l.trimmed()) }).collect();
    let short = |i: usize| !lines[i].is_blank() && lines[i].text.len() <= MAX_LABEL_BYTES;
    let attendance: Vec<bool> =
        (0..lines.len()).map(|i| short(i) && attendance_label(lines[i].trimmed(), marks[i])).collect();
    let labels: Vec<bool> =
        (0..lines.len()).map(|i| attendance[i] || short(i) && block_label(lines[i].trimmed(), marks[i])).collect();
    let facts = Facts { marks: &marks, labels: &labels };
    // Names set out in columns under an attendance label are a roster, not a table.
    let tables: Vec<&Table> = tables
        .iter()
        .filter(|t| {
            let above = (0..t.lines.start).rev().find(|&j| !lines[j].is_blank());
            !(t.shape == table::TableShape::Spaces && above.is_some_and(|j| attendance[j]))
        })
        .collect();
    let mut table_of: Vec<Option<usize>> = vec![None; lines.len()];
    for (k, t) in tables.iter().enumerate() {
        for slot in table_of.iter_mut().take(t.lines.end.min(lines.len())).skip(t.lines.start) {
            *slot = Some(k);
        }
    }
    let minutes = kind == DocumentKind::Minutes;
    let mut turns: Vec<Option<Turn>> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (minutes && table_of[i].is_none() && !l.is_blank()).then(|| speaker::turn(l.trimmed())).flatten())
        .collect();
    // A roster under an attendance label (`出席者` / `委員:小野会長、…`) lists people; no one
    // speaks. It ends at a blank line, the next label or heading, or a sentence.
    for (i, _) in attendance.iter().enumerate().filter(|(_, a)| **a) {
        for j in i + 1..lines.len() {
            if lines[j].is_blank() || labels[j] || marks[j].is_some() || lines[j].text.contains('。') {
                break;
            }
            turns[j] = None;
        }
    }
    let title_line = document_title(lines, &|i| table_of[i].is_some() || turns[i].is_some());
    // Lines inside a speech: after a turn with no blank line between (they go on speaking).
    let mut in_speech = vec![false; lines.len()];
    for i in 1..lines.len() {
        in_speech[i] = !lines[i].is_blank() && (turns[i - 1].is_some() || in_speech[i - 1]) && turns[i].is_none();
    }
    let skip = |i: usize| table_of[i].is_some() || turns[i].is_some() || Some(i) == title_line;
    let heading::Candidates { headings: mut candidates, list_lines } = heading::candidates_of(lines, &marks, &skip);
    // A markdown `#` title on the first line heads the whole document, not a level of it.
    let title_line = title_line.or_else(|| {
        candidates
            .first()
            .filter(|c| matches!(c.1, Scheme::Markdown(_)) && first_content(lines) == Some(c.0))
            .and_then(|c| (candidates.iter().filter(|o| o.1 == c.1).count() == 1).then_some(c.0))
    });
    candidates.retain(|c| Some(c.0) != title_line);
    // The title heads everything: a heading above it makes it no title (its lines above are
    // stamps and labels only).
    let title_line = title_line.filter(|&t| candidates.first().is_none_or(|c| c.0 > t));
    // A bracketed label right above a speaker turn (`〔意見等〕`) captions the
    // exchange below it.
    candidates.retain(|c| !(matches!(c.1, Scheme::Bracket(_)) && turns.get(c.0 + 1).is_some_and(Option::is_some)));
    let toc = contents_lines(lines);
    candidates.retain(|c| !toc[c.0]);
    // A number on a line of its own with its title on the next (`1` / `財政規模`), as PDFs
    // export a heading whose number sits in its own box.
    // Per line, looked up in the loops below (a search through the lists per line would make
    // a long document quadratic).
    let mut in_list = vec![false; lines.len()];
    list_lines.iter().for_each(|&i| in_list[i] = true);
    let mut is_candidate = vec![false; lines.len()];
    candidates.iter().for_each(|c| is_candidate[c.0] = true);
    let mut split_titles: Vec<usize> = Vec::new();
    let mut is_split_title = vec![false; lines.len()];
    // The line of the nearest candidate above, per scheme, kept up to date as `i` goes down.
    let mut last_of: HashMap<Scheme, usize> = HashMap::new();
    let mut above = 0;
    let found = candidates.len();
    for i in 0..lines.len().saturating_sub(1) {
        while above < found && candidates[above].0 < i {
            last_of.insert(candidates[above].1, candidates[above].0);
            above += 1;
        }
        let (t, next) = (lines[i].trimmed(), lines[i + 1].trimmed());
        if lines[i].is_blank() || skip(i) || skip(i + 1) || in_list[i] || is_candidate[i] {
            continue;
        }
        let Some(m) = heading::bare_mark(t) else { continue };
        if lines[i + 1].is_blank() || marks[i + 1].is_some() || !is_title_text(next) {
            continue;
        }
        // A figure alone on its line (`90`, a page number) is no heading number: the number
        // must open its scheme or follow the one before it.
        let before = last_of
            .get(&m.scheme)
            .map(|&c| marks[c].or_else(|| heading::bare_mark(lines[c].trimmed())).and_then(|m| m.ordinal));
        let in_sequence = match before {
            Some(prev) => prev.zip(m.ordinal).is_some_and(|(p, n)| n == p + 1),
            None => m.ordinal == Some(1),
        };
        if in_sequence {
            candidates.push((i, m.scheme));
            last_of.insert(m.scheme, i);
            split_titles.push(i);
            is_split_title[i] = true;
        }
    }
    candidates.sort_by_key(|c| c.0);
    let context = TitleContext { title: title_line, table_of: &table_of, turns: &turns, facts: &facts };
    let labels = title_lines(
        lines,
        &|i| skip(i) || in_speech[i] || in_list[i] || toc[i] || i > 0 && is_split_title[i - 1],
        &context,
    );
    for &i in &split_titles {
        is_candidate[i] = true;
    }
    for i in labels {
        if !is_candidate[i] {
            candidates.push((i, Scheme::Label));
            is_candidate[i] = true;
        }
    }
    candidates.sort_by_key(|c| c.0);
    // The title heads everything: a heading or label above it makes it no title.
    let title_line = title_line.filter(|&t| candidates.first().is_none_or(|c| c.0 > t));
    // A short title line right under the title (`会議結果` under the meeting's name) is its
    // subtitle: part of the title block, level 0 too, so the sections below keep level 1.
    let subtitle = title_line.and_then(|t| {
        let next = (t + 1..lines.len()).find(|&j| !lines[j].is_blank())?;
        let first = candidates.first()?;
        (first.0 == next && first.1 == Scheme::Label && next == t + 1).then_some(next)
    });
    if subtitle.is_some() {
        candidates.remove(0);
    }
    let headings = heading::levels(&candidates);

    let mut units: Vec<Unit> = Vec::new();
    let mut path: Vec<(u8, String)> = Vec::new();
    let head_lines: Vec<usize> = headings.iter().map(|h| h.line).collect();
    let body_end =
        |from: usize| head_lines.get(head_lines.partition_point(|&h| h <= from)).copied().unwrap_or(lines.len());
    let first_head = head_lines.first().copied().unwrap_or(lines.len());
    let first = first_content(lines);
    match (title_line, first) {
        (Some(t), _) => {
            // The title's record also keeps the stamps above it (`更新日:…`).
            let mut u = heading_unit(&lines[t], 0, Vec::new(), ctx);
            let mut body = content_indices(lines, 0..t);
            body.extend(content_indices(lines, t + 1..subtitle.unwrap_or(first_head).max(t + 1)));
            fill_body(&mut u, lines, &body, &tables, &table_of, &turns);
            path.push((0, u.title.clone()));
            units.push(u);
            if let Some(s) = subtitle {
                let mut sub = heading_unit(&lines[s], 0, vec![units[units.len() - 1].title.clone()], ctx);
                fill_body(
                    &mut sub,
                    lines,
                    &content_indices(lines, s + 1..first_head.max(s + 1)),
                    &tables,
                    &table_of,
                    &turns,
                );
                units.push(sub);
            }
        }
        (None, Some(f)) if f < first_head => {
            // A first line that is no title (a sentence, a turn, a table) still heads a record;
            // a whole document flattened onto one line starts with its title.
            let lead =
                (table_of[f].is_none() && turns[f].is_none()).then(|| title_prefix(lines[f].trimmed())).flatten();
            let mut u = match lead {
                Some(n) => {
                    let start = lines[f].trimmed_range().start;
                    let title = lines[f].trimmed()[..n].trim_end().to_string();
                    let mut u = new_unit(UnitKind::Section, title.clone(), Some(start..start + title.len()), ctx);
                    u.level = Some(0);
                    path.push((0, title));
                    u
                }
                None => new_unit(UnitKind::Section, String::new(), None, ctx),
            };
            let from = if lead.is_some() { f + 1 } else { f };
            fill_body(&mut u, lines, &content_indices(lines, from..first_head), &tables, &table_of, &turns);
            if let Some(n) = lead {
                rest_of_line(&mut u, &lines[f], n);
            }
            units.push(u);
        }
        _ => {}
    }
    for h in &headings {
        while path.last().is_some_and(|(lvl, _)| *lvl >= h.level) {
            path.pop();
        }
        let ancestors: Vec<String> = path.iter().map(|(_, t)| t.clone()).collect();
        let over = if is_split_title[h.line] { 2 } else { 1 };
        let mut u = heading_unit(&lines[h.line + over - 1], h.level, ancestors, ctx);
        if over == 2 {
            // The number stays the heading's: in its title and owned by its record.
            u.title = format!("{} {}", lines[h.line].trimmed(), u.title);
            u.number_span = Some(lines[h.line].trimmed_range());
        }
        let body = content_indices(lines, h.line + over..body_end(h.line));
        fill_body(&mut u, lines, &body, &tables, &table_of, &turns);
        path.push((h.level, u.title.clone()));
        units.push(u);
    }
    let title = title_line.map(|t| lines[t].trimmed().to_string());
    let department = super::issuing_body(lines);
    // The kind's evidence is the caller's to set.
    Document { kind, evidence: Vec::new(), department, title, units }
}

/// The title at the start of a long first line (a document flattened onto one line):
/// up to a word that ends titles (`…会議録`, `…について`, `…の概要` and a short bracket after
/// it such as `(案)`), else up to a run of spaces; within the first 60 characters. Its
/// length in bytes.
fn title_prefix(t: &str) -> Option<usize> {
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
    let by_spaces = head.find("  ").filter(|&i| i > 0);
    let end = by_word.or(by_spaces)?;
    let title = t[..end].trim();
    (title.chars().count() >= 4 && !title.contains('。')).then_some(end)
}

/// The part of line `l` after its first `n` bytes (a title) goes into `unit`'s body, first.
fn rest_of_line(unit: &mut Unit, l: &Line<'_>, n: usize) {
    let t = l.trimmed();
    let rest = &t[n..];
    let lead = rest.len() - rest.trim_start().len();
    if rest.trim().is_empty() {
        return;
    }
    let start = l.trimmed_range().start + n + lead;
    let span = start..l.trimmed_range().end;
    if unit.sections.is_empty() {
        unit.sections.push(new_section(SectionName::Body));
    }
    let s = &mut unit.sections[0];
    for it in &mut s.items {
        it.parent = it.parent.map(|p| p + 1);
        it.reply_to = it.reply_to.map(|p| p + 1);
    }
    s.items.insert(0, Item::new(ItemKind::Text, rest.trim().to_string(), span.clone()));
    s.lines.insert(0, span);
}

fn first_content(lines: &[Line<'_>]) -> Option<usize> {
    lines.iter().position(|l| !l.is_blank())
}

/// The document's title: the first line that is no stamp (`更新日:2020年11月24日`, a date, an
/// ID, a page number) among the first three non-blank ones, when it is short and no heading of
/// a scheme, table or turn.
fn document_title(lines: &[Line<'_>], taken: &dyn Fn(usize) -> bool) -> Option<usize> {
    // A stamp or a bare field label (`事業名:` over the name) is passed over.
    let i = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.is_blank())
        .take(3)
        .find(|(_, l)| !is_stamp(l.trimmed()) && !l.trimmed().ends_with(':'))?
        .0;
    let t = lines[i].trimmed();
    let ok = !taken(i)
        && heading::mark(t).is_none()
        && t.chars().count() <= MAX_TITLE
        && !t.ends_with('。')
        && !lines[i].text.starts_with("- ");
    ok.then_some(i)
}

/// A line that dates, numbers or files the page rather than titles it: a date alone, an
/// update or publication stamp, an ID, a page number.
fn is_stamp(t: &str) -> bool {
    let t = t.trim_start_matches(['[', '(', '-', ' ']);
    // `令和7年2月 北浜市財政部財政課`: a date and who issued the page (not a date and a title).
    let mut words = t.splitn(2, ' ');
    let dated = words.next().is_some_and(|w| is_date_only(w) && w.contains('月'))
        && words.next().is_none_or(|rest| names_a_body_or_person(rest.trim()));
    crate::text::lexicon::starts_with_page_stamp(t)
        || is_date_only(t)
        || dated
        || t.bytes().all(|b| b.is_ascii_digit() || b == b'-' || b == b' ')
}

/// A line holding only a date (`平成18年6月2日`, `令和6年2月 北浜市財政課` is not one).
fn is_date_only(t: &str) -> bool {
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
fn is_year_only(t: &str) -> bool {
    let t = t.trim_end_matches("年度").trim_end_matches('年');
    let t = era::strip_era(t).unwrap_or(t);
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '元')
}

/// A record headed by the line `l` at `level`.
fn heading_unit(l: &Line<'_>, level: u8, path: Vec<String>, ctx: &SegmentContext) -> Unit {
    let mut u = new_unit(UnitKind::Section, l.trimmed().to_string(), Some(l.trimmed_range()), ctx);
    u.level = Some(level);
    u.heading_path = path;
    u
}

/// Labels of the blocks of minutes' front matter and body, whole or before a count: when,
/// where, who attended, what was on the agenda, what was handed out, how it went.
const BLOCK_LABELS: &[&str] = &[
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
    "報告事項",
    "協議事項",
    "審議事項",
    "その他",
];

/// The longest of [`BLOCK_LABELS`] in bytes (本日の会議に付した事件).
const BLOCK_LABEL_BYTES: usize = 11 * 3;

/// The label of an attendance block (`出席委員(8人)`, `説明のため出席した者`, `欠席委員 四名`),
/// alone or with its count only; `欠席委員 なし` is a field, not a block.
fn attendance_label(t: &str, mark: Option<heading::HeadingMark>) -> bool {
    let t = strip_label_mark(t, mark);
    if is_field(t) {
        return false;
    }
    let (label, value) = split_label(t);
    label.len() <= 60
        && label.chars().count() <= 20
        && ["出席", "欠席", "出欠", "説明員", "傍聴"].iter().any(|w| label.contains(w))
        && is_count_or_empty(value)
}

/// A block label of minutes (see [`BLOCK_LABELS`]) or an attendance block's.
fn block_label(t: &str, mark: Option<heading::HeadingMark>) -> bool {
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
fn is_field(t: &str) -> bool {
    t.find(':').is_some_and(|c| !t[c + 1..].trim().is_empty())
}

/// The label without a leading `〇` / `○` / `●` / `■` or number (`1 `, `(2)`), given the
/// line's heading mark.
fn strip_label_mark(t: &str, mark: Option<heading::HeadingMark>) -> &str {
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
fn split_label(t: &str) -> (&str, &str) {
    let cut = t.find([' ', '\t', '(', ':']).unwrap_or(t.len());
    (t[..cut].trim(), t[cut..].trim_start_matches(':').trim())
}

/// Empty, or a number of people (`十名`, `(8人)`, `11名`).
fn is_count_or_empty(v: &str) -> bool {
    let v = v.trim().trim_start_matches('(').trim_end_matches(')');
    v.is_empty()
        || (v.ends_with(['名', '人'])
            && v.chars().count() <= 6
            && v.trim_end_matches(['名', '人'])
                .chars()
                .all(|c| c.is_ascii_digit() || chars::is_kanji_numeral(c) && c != '千'))
}

/// Unnumbered headings: minutes' block labels (see [`block_label`]) and title lines. A title
/// line is a short line with no sentence in it that starts a paragraph (after a blank line, a
/// sentence's end, a table or the top) and has a body below it (text, a list, a table). What
/// looks like one but is not: a field label repeated down a form (`基準値(基準年度)` three
/// times), a value (`なし`, a date, figures), a stage note in brackets (`(総員挙手)`),
/// letter-spaced table cells (`区  分`), the wrapped end of the line above.
fn title_lines(lines: &[Line<'_>], skip: &dyn Fn(usize) -> bool, context: &TitleContext<'_>) -> Vec<usize> {
    let next_content = |i: usize| (i + 1..lines.len()).find(|&j| !lines[j].is_blank());
    let prev_content = |i: usize| (0..i).rev().find(|&j| !lines[j].is_blank());
    // The body below a title, past stamps (`発表日:…`) between them: the first line below
    // that is neither blank nor a stamp, found for every line in one pass from the end.
    let mut body_after: Vec<Option<usize>> = vec![None; lines.len()];
    let mut below = None;
    for j in (0..lines.len()).rev() {
        body_after[j] = below;
        let t = lines[j].trimmed();
        if !(lines[j].is_blank() || is_stamp(t) || names_a_body_or_person(t)) {
            below = Some(j);
        }
    }
    let body_line = |i: usize| body_after[i];
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
    let title_text = context.title.map(|i| lines[i].trimmed());
    let mut out: Vec<usize> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.is_blank() || skip(i) {
            continue;
        }
        if l.text.len() > MAX_LABEL_BYTES {
            continue; // longer than any title line or block label with its value
        }
        let t = l.trimmed().trim_end_matches(['|', ' ']);
        let Some(j) = body_line(i) else { continue };
        if context.facts.labels[i] {
            out.push(i);
            continue;
        }
        // The page's title said again over the body (`…緊急調査(結果概要)` twice).
        if title_text == Some(t) && Some(i) != context.title {
            out.push(i);
            continue;
        }
        // A label right above speaker turns (`〔意見等〕`) captions the exchange below it.
        if context.turns[j].is_some() && j == i + 1 {
            continue;
        }
        if context.facts.marks[i].is_some() || !is_title_text(t) || times(t) >= 3 {
            continue;
        }
        let starts_paragraph = match prev_content(i) {
            None => true,
            Some(p) => {
                // The value of a block label (`場所` over `第2委員会室`) is no title.
                let after_label = p + 1 == i && context.facts.labels[p];
                !after_label
                    && (p + 1 < i
                        || ends_sentence(lines[p].trimmed())
                        || is_row_of_fields(lines[p].trimmed())
                        || lines[p].trimmed().ends_with('|') && !l.trimmed().ends_with('|')
                        || context.table_of[p].is_some()
                        || Some(p) == context.title
                        || out.last() == Some(&p))
            }
        };
        if !starts_paragraph || l.text.starts_with(['\t']) {
            continue;
        }
        let next = lines[j].trimmed();
        let n = t.chars().count();
        let body_below = context.table_of[j].is_some()
            || context.facts.marks[j].is_some()
            || super::items::starts_with_bullet(next)
            || (next.chars().count() > n && !figure_heavy(next))
            || (j > i + 1 && !figure_heavy(next) && is_title_text(next) && next_content(j).is_some());
        if body_below {
            out.push(i);
        }
    }
    out
}

/// What [`title_lines`] needs to know of the rest of the document.
struct TitleContext<'a> {
    /// The document's title line.
    title: Option<usize>,
    table_of: &'a [Option<usize>],
    turns: &'a [Option<Turn>],
    facts: &'a Facts<'a>,
}

/// Facts of each line read once for the whole outline.
struct Facts<'a> {
    marks: &'a [Option<heading::HeadingMark>],
    /// Block labels of minutes (attendance labels included).
    labels: &'a [bool],
}

/// A flattened table row or form line: four or more cells set apart by spaces
/// (`所属名 立地戦略課 所属長名 池田一彦`); it ends its paragraph like a sentence.
/// A line of a form, not a sentence: four or more cells apart, or two or more `label:value`
/// fields (`要求額:9,474千円 財源:県費`). The line below it starts afresh.
fn is_row_of_fields(t: &str) -> bool {
    let field = |w: &str| w.split_once(':').is_some_and(|(label, value)| !label.is_empty() && !value.is_empty());
    !t.contains('。') && (t.split_whitespace().count() >= 4 || t.split_whitespace().filter(|w| field(w)).count() >= 2)
}

fn ends_sentence(t: &str) -> bool {
    t.ends_with('。') || t.ends_with("。)")
}

/// The lines of a table of contents: its entries (`概要……3`, see
/// [`heading::is_contents_entry`]) and the lines between two of them a few lines apart (an
/// entry wrapped over lines, a chapter without a page number).
fn contents_lines(lines: &[Line<'_>]) -> Vec<bool> {
    let mut toc: Vec<bool> = lines.iter().map(|l| heading::is_contents_entry(l.trimmed())).collect();
    let entries: Vec<usize> = (0..lines.len()).filter(|&i| toc[i]).collect();
    for w in entries.windows(2) {
        if w[1] - w[0] <= 6 {
            toc[w[0]..w[1]].iter_mut().for_each(|f| *f = true);
        }
    }
    toc
}

/// Short, no sentence, no field or value, starts with a word.
fn is_title_text(t: &str) -> bool {
    const VALUES: &[&str] = &["なし", "無し", "特になし", "該当なし", "同上", "以上", "別紙のとおり", "別添のとおり"];
    let n = t.chars().count();
    (2..=MAX_TITLE_LINE).contains(&n)
        && !t.contains('。')
        && !t.ends_with(['、', ',', ':', '・'])
        && !has_colon_outside_brackets(t)
        && can_start_label(t)
        && !VALUES.contains(&t)
        && !figure_heavy(t)
        && !is_date_only(t)
        && !heading::letter_spaced(t)
        && !(t.starts_with('(') && t.ends_with(')'))
        && !(t.starts_with('「') && t.ends_with('」'))
        && t.chars().any(char::is_alphabetic)
        && !ends_in_particle(t)
        && !names_a_body_or_person(t)
        && !is_figure_caption(t)
        && !is_unit_caption(t)
        && !(t.starts_with(['【', '<', '[', '〔']) && is_field(t))
        && !heading::is_contents_entry(t)
        && !is_stamp(t)
        && t.split_whitespace().filter(|w| !w.bytes().any(|b| b.is_ascii_digit())).count() < 4
}

/// A caption that only gives a unit (`(単位:千円)`, `金額単位:百万円`); a title with its unit
/// after it (`補正予算の内容(単位:百万円)`) is a title.
fn is_unit_caption(t: &str) -> bool {
    t.find("単位").is_some_and(|at| t[..at].trim_start_matches(['(', '[', '<', '【', '金', '額', ' ']).is_empty())
}

/// The wrapped first part of a sentence (`詳細は、別途の`): it ends in a particle.
fn ends_in_particle(t: &str) -> bool {
    t.ends_with(['の', 'を', 'が', 'は', 'に', 'で', 'へ', 'も', 'や'])
}

/// An office (`医政局総務課`, `内閣府`) or a person (`議長川島 忠一君`) named on a line of its own:
/// who issues or speaks, not a title.
fn names_a_body_or_person(t: &str) -> bool {
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
fn is_figure_caption(t: &str) -> bool {
    ["図表", "図", "表", "グラフ", "資料"].iter().any(|w| {
        t.strip_prefix(w).is_some_and(|r| {
            r.trim_start().starts_with(|c: char| c.is_ascii_digit() || ('①'..='⑳').contains(&c) || c == '-')
        })
    })
}

fn has_colon_outside_brackets(t: &str) -> bool {
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
fn figure_heavy(t: &str) -> bool {
    let n = t.chars().filter(|c| !c.is_whitespace()).count();
    let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
    n > 0 && digits * 2 >= n
}

/// A label starts with a word: not with a list bullet (`・`, `※`, `-`) and not with a character
/// Japanese line breaking keeps off the start of a line (`ー`, `ン`, small kana, closing
/// brackets, `、`), which marks the line as the wrapped end of the one before it.
fn can_start_label(t: &str) -> bool {
    let Some(first) = t.chars().next() else { return false };
    !matches!(first, '・' | '•' | '※' | '-' | '*' | '→' | '⇒')
        && !"ーンッャュョァィゥェォっゃゅょぁぃぅぇぉ)]}」』】〕>、。,.:;!?".contains(first)
}

/// Fills `unit`'s `body` section with the content lines `idx` (ascending, none blank):
/// tables, speaker turns and items.
fn fill_body(
    unit: &mut Unit,
    lines: &[Line<'_>],
    idx: &[usize],
    tables: &[&Table],
    table_of: &[Option<usize>],
    turns: &[Option<Turn>],
) {
    if idx.is_empty() {
        return;
    }
    let mut s = new_section(SectionName::Body);
    let mut pending: Vec<usize> = Vec::new(); // lines for the bullet parser
    let mut open_turn: Option<usize> = None;
    let mut open_question: Option<usize> = None;
    let mut k = 0;
    while k < idx.len() {
        let i = idx[k];
        s.lines.push(lines[i].range());
        if let Some(t) = table_of[i] {
            flush(&mut s.items, lines, &mut pending);
            open_turn = None;
            s.tables.push(Table::clone(tables[t]));
            // The table's lines are owned here; skip past them.
            while k + 1 < idx.len() && table_of[idx[k + 1]] == Some(t) {
                k += 1;
                s.lines.push(lines[idx[k]].range());
            }
            k += 1;
            continue;
        }
        if let Some(turn) = &turns[i] {
            flush(&mut s.items, lines, &mut pending);
            let l = &lines[i];
            let base = l.trimmed_range().start;
            let t = l.trimmed();
            let is_question = turn.role == SpeakerRole::Member || turn.speaker == "Q";
            let reply_to = match turn.role {
                SpeakerRole::Secretariat | SpeakerRole::Other if !is_question => open_question,
                _ => None,
            };
            let marker = t[..turn.speaker_start].trim();
            s.items.push(Item {
                marker: (!marker.is_empty()).then(|| marker.to_string()),
                speaker: Some(turn.speaker.clone()),
                role: Some(turn.role),
                reply_to,
                ..Item::new(ItemKind::Speech, t[turn.speech_start..].to_string(), base..l.trimmed_range().end)
            });
            let index = s.items.len() - 1;
            open_turn = Some(index);
            if is_question {
                open_question = Some(index);
            }
            k += 1;
            continue;
        }
        match open_turn {
            // A speech goes on over the lines after its turn, to the next turn or heading.
            Some(t) if pending.is_empty() => {
                let item = &mut s.items[t];
                items::push_joined(&mut item.text, lines[i].trimmed());
                item.norm_span.end = lines[i].trimmed_range().end;
            }
            _ => pending.push(i),
        }
        k += 1;
    }
    flush(&mut s.items, lines, &mut pending);
    items::finish(&mut s.items);
    unit.sections.push(s);
}

/// Parses the pending lines into items appended to `items` (parents shifted to their place).
fn flush(items: &mut Vec<Item>, lines: &[Line<'_>], pending: &mut Vec<usize>) {
    if pending.is_empty() {
        return;
    }
    let offset = items.len();
    for mut it in items::parse_items(lines, pending, ItemOptions::default()) {
        it.parent = it.parent.map(|p| p + offset);
        items.push(it);
    }
    pending.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::split_lines;

    #[test]
    fn records_follow_the_heading_tree() {
        let text = "令和6年度 事業報告\nI 概要\n1 進捗\n本文です。\n2 効果額\n| 区分 | 金額 |\n| 歳出 | 100 |\nII 課題\n次の課題がある。\n";
        let lines = split_lines(text);
        let doc = segment(&lines, &table::find_tables(text, &lines), DocumentKind::Unknown, &SegmentContext::default());
        let got: Vec<(String, Option<u8>, Vec<String>)> =
            doc.units.iter().map(|u| (u.title.clone(), u.level, u.heading_path.clone())).collect();
        assert_eq!(
            got,
            vec![
                ("令和6年度 事業報告".into(), Some(0), vec![]),
                ("I 概要".into(), Some(1), vec!["令和6年度 事業報告".into()]),
                ("1 進捗".into(), Some(2), vec!["令和6年度 事業報告".into(), "I 概要".into()]),
                ("2 効果額".into(), Some(2), vec!["令和6年度 事業報告".into(), "I 概要".into()]),
                ("II 課題".into(), Some(1), vec!["令和6年度 事業報告".into()]),
            ]
        );
        assert_eq!(doc.units[3].sections[0].tables.len(), 1);
        assert!(crate::segment::coverage_violations(text, &doc).is_empty());
    }

    #[test]
    fn a_title_line_may_follow_a_row_of_form_fields() {
        // A budget request sheet: field rows, then a short title over a numbered body. The
        // title starts afresh after a row of `label:value` fields as after a sentence; a
        // single field is no row, and the short line after it is its wrapped value.
        let text = "事業名:港湾振興費\n予算額:1,200千円 財源:一般財源\n事業の中身\n1 目的として地域の物流を支える\n2 内容\n荷役機械を更新する。\n";
        let lines = split_lines(text);
        let doc = segment(&lines, &table::find_tables(text, &lines), DocumentKind::Unknown, &SegmentContext::default());
        let titles: Vec<&str> = doc.units.iter().map(|u| u.title.as_str()).collect();
        assert!(titles.contains(&"事業の中身"), "{titles:?}");
        assert!(is_row_of_fields("予算額:1,200千円 財源:一般財源"));
        assert!(!is_row_of_fields("予算額:1,200千円"));
        assert!(!is_row_of_fields("目標:10件 達成:8件。"));
    }

    #[test]
    fn a_label_above_the_first_title_line_makes_it_no_title() {
        // Found by fuzzing: an attendance label on the first line, a title-like line below.
        let text = "・傍聴エハ\0\0\0\0。:\n\t\n○";
        let lines = split_lines(text);
        let doc = segment(&lines, &table::find_tables(text, &lines), DocumentKind::Unknown, &SegmentContext::default());
        assert!(crate::segment::coverage_violations(text, &doc).is_empty(), "{doc:?}");
    }

    #[test]
    fn minutes_turns_with_roles_and_answers() {
        let text =
            "委員会 会議録\n○委員長 開会します。\n○田中委員 何か所ですか。\n続けて伺います。\n○事務局 42か所です。\n";
        let lines = split_lines(text);
        let doc = segment(&lines, &table::find_tables(text, &lines), DocumentKind::Minutes, &SegmentContext::default());
        let items = &doc.units[0].sections[0].items;
        type Turned<'a> = (Option<&'a str>, Option<SpeakerRole>, Option<usize>, &'a str);
        let got: Vec<Turned> =
            items.iter().map(|i| (i.speaker.as_deref(), i.role, i.reply_to, i.text.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (Some("委員長"), Some(SpeakerRole::Chair), None, "開会します。"),
                (Some("田中委員"), Some(SpeakerRole::Member), None, "何か所ですか。続けて伺います。"),
                (Some("事務局"), Some(SpeakerRole::Secretariat), Some(1), "42か所です。"),
            ]
        );
    }
}
