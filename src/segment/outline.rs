//! Documents by their outline: minutes, evaluation sheets, budget summaries, reports and every
//! document of no seed's shape. The layout's blocks ([`crate::layout::blocks`]) say what each
//! line is; the heading model ([`super::heading`]: numbered marks, lists told from headings,
//! levels) and its unmarked rules ([`super::unmarked`]: title lines, labels, run-in headings)
//! say which lines head a section. One record per heading, each with the titles of the headings
//! above it as its `heading_path` and the rule that found it as its `heading_rule`; the lines
//! under a heading are its `body` section: items (by the shared bullet parser), the tables among
//! them (the shared table model, [`crate::layout`]), and, in minutes, speaker turns (see
//! [`super::speaker`]).
//!
//! The document's first line is its title (level 0) when it is short and no heading of a
//! scheme; lines before the first heading belong to the title's record, and lines right below
//! the title that go on with it (a subtitle, the title split over lines) are level 0 too.

use std::collections::HashMap;

use super::heading::{self, Candidate, HeadingMark, Rule, Scheme};
use super::items::{self, ItemOptions};
use super::speaker::{self, SpeakerRole, Turn};
use super::unmarked::{
    self, attendance_label, block_label, contents_lines, is_stamp, is_title_text, title_prefix, MAX_LABEL_BYTES,
    MAX_TITLE,
};
use super::SectionName;
use super::{
    content_indices, new_section, new_unit, Document, DocumentKind, Item, ItemKind, Line, SegmentContext, Unit,
    UnitKind,
};
use crate::layout::{self as table, BlockKind, Layout, Table};

/// Segments a document by its headings.
pub fn segment(layout: &Layout<'_>, kind: DocumentKind, ctx: &SegmentContext) -> Document {
    let lines = &layout.lines[..];
    let blocks = layout.blocks();
    // Each line's heading mark, read once by the layout; whether it is a block or attendance
    // label, read once here.
    let marks = &blocks.marks[..];
    let short = |i: usize| !lines[i].is_blank() && lines[i].text.len() <= MAX_LABEL_BYTES;
    let attendance: Vec<bool> =
        (0..lines.len()).map(|i| short(i) && attendance_label(lines[i].trimmed(), marks[i])).collect();
    let labels: Vec<bool> =
        (0..lines.len()).map(|i| attendance[i] || short(i) && block_label(lines[i].trimmed(), marks[i])).collect();
    // Names set out in columns under an attendance label are a roster, not a table.
    let tables: Vec<&Table> = layout
        .tables
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
    if minutes {
        reported_turns(lines, &table_of, marks, &mut turns);
    }
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
    let heading::Candidates { headings: mut candidates, list_lines } = heading::candidates_of(lines, marks, &skip);
    // A markdown `#` title on the first line heads the whole document, not a level of it.
    let title_line = title_line.or_else(|| {
        candidates
            .first()
            .filter(|c| matches!(c.scheme, Scheme::Markdown(_)) && first_content(lines) == Some(c.line))
            .and_then(|c| (candidates.iter().filter(|o| o.scheme == c.scheme).count() == 1).then_some(c.line))
    });
    candidates.retain(|c| Some(c.line) != title_line);
    // The title heads everything: a heading above it makes it no title (its lines above are
    // stamps and labels only).
    let title_line = title_line.filter(|&t| candidates.first().is_none_or(|c| c.line > t));
    // A bracketed label right above a speaker turn (`〔意見等〕`) captions the
    // exchange below it.
    candidates
        .retain(|c| !(matches!(c.scheme, Scheme::Bracket(_)) && turns.get(c.line + 1).is_some_and(Option::is_some)));
    let toc = contents_lines(lines);
    candidates.retain(|c| !toc[c.line]);
    // Per line, looked up in the loops below (a search through the lists per line would make
    // a long document quadratic).
    let mut in_list = vec![false; lines.len()];
    list_lines.iter().for_each(|&i| in_list[i] = true);
    let mut is_candidate = vec![false; lines.len()];
    candidates.iter().for_each(|c| is_candidate[c.line] = true);
    // A number on a line of its own with its title on the next (`1` / `財政規模`), as PDFs
    // export a heading whose number sits in its own box.
    // Per number line, its title's line; per line, whether it is such a title.
    let mut split_title: Vec<Option<usize>> = vec![None; lines.len()];
    let mut is_split_title = vec![false; lines.len()];
    // The line of the nearest candidate above, per scheme, kept up to date as `i` goes down.
    let mut last_of: HashMap<Scheme, usize> = HashMap::new();
    let mut above = 0;
    let found = candidates.len();
    for i in 0..lines.len().saturating_sub(1) {
        while above < found && candidates[above].line < i {
            last_of.insert(candidates[above].scheme, candidates[above].line);
            above += 1;
        }
        if blocks.kind_of(i) != Some(BlockKind::Number) || skip(i) || skip(i + 1) || in_list[i] || is_candidate[i] {
            continue;
        }
        // The title on the next line, or past a blank line or two in a page spaced out with them.
        let Some(t) = (i + 1..lines.len().min(i + 4)).find(|&j| !lines[j].is_blank()) else { continue };
        let next = lines[t].trimmed();
        let Some(m) = blocks.block_of(i).and_then(|b| b.mark) else { continue };
        if skip(t)
            || marks[t].is_some()
            || blocks.kind_of(t) == Some(BlockKind::Number)
            || !is_title_text(next)
            || t > i + 1 && !lines[i + 1].is_blank()
        {
            continue;
        }
        // A figure alone on its line (`90`, a page number) is no heading number: the number
        // must open its scheme or follow the one before it; a chapter's (`第10章`) is always one.
        let before = last_of
            .get(&m.scheme)
            .map(|&c| marks[c].or_else(|| heading::bare_mark(lines[c].trimmed())).and_then(|m| m.ordinal));
        let in_sequence = match before {
            Some(prev) => prev.zip(m.ordinal).is_some_and(|(p, n)| n == p + 1),
            None => m.ordinal == Some(1),
        };
        if in_sequence || matches!(m.scheme, Scheme::Chapter | Scheme::Part | Scheme::Section) {
            candidates.push(Candidate::new(i, m.scheme, Rule::NumberOverTitle, m.ordinal));
            last_of.insert(m.scheme, i);
            split_title[i] = Some(t);
            is_split_title[t] = true;
        }
    }
    candidates.sort_by_key(|c| c.line);
    for c in &candidates {
        is_candidate[c.line] = true;
    }
    // Headings without a mark: block labels, title lines, form labels, letter-spaced labels,
    // headlines and the page's title said again.
    let context = unmarked::Context {
        title: title_line,
        table_of: &table_of,
        turns: &turns,
        marks,
        labels: &labels,
        attendance: &attendance,
        blocks,
    };
    let unmarked = unmarked::unmarked_headings(
        lines,
        &|i| skip(i) || in_speech[i] || in_list[i] || toc[i] || is_split_title[i],
        &context,
    );
    for (i, rule) in unmarked {
        if !is_candidate[i] {
            candidates.push(Candidate::new(i, Scheme::Label, rule, None));
            is_candidate[i] = true;
        }
    }
    // A heading at the start of a long line that runs on into its body: split there. Labels
    // of one bracket on consecutive lines are a list of labelled points, not headings.
    let mut run_ins: Vec<Candidate> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.is_blank() || skip(i) || in_speech[i] || in_list[i] || toc[i] || is_candidate[i] || marks[i].is_some() {
            continue;
        }
        if blocks.kind_of(i) != Some(BlockKind::Paragraph) || is_split_title[i] {
            continue;
        }
        let first_of_block = blocks.block_of(i).is_some_and(|b| b.lines.start == i);
        if !first_of_block && !ends_a_sentence(lines, i) {
            continue;
        }
        if let Some((scheme, end)) = unmarked::run_in(l.trimmed()) {
            let mut c = Candidate::new(i, scheme, Rule::RunIn, None);
            c.title_end = Some(end);
            run_ins.push(c);
        }
    }
    let listed: Vec<bool> = (0..run_ins.len())
        .map(|k| {
            let same = |o: &Candidate| o.scheme == run_ins[k].scheme;
            (k > 0 && run_ins[k - 1].line + 1 == run_ins[k].line && same(&run_ins[k - 1]))
                || run_ins.get(k + 1).is_some_and(|o| o.line == run_ins[k].line + 1 && same(o))
        })
        .collect();
    for (c, listed) in run_ins.into_iter().zip(listed) {
        if !listed && Some(c.line) != title_line {
            is_candidate[c.line] = true;
            candidates.push(c);
        }
    }
    candidates.sort_by_key(|c| c.line);
    // The title heads everything: a heading or label above it makes it no title.
    let title_line = title_line.filter(|&t| candidates.first().is_none_or(|c| c.line > t));
    // Lines right under the title that go on with it are level 0 too, so the sections below
    // keep level 1: a short title line right under it (`会議結果` under the meeting's name), or
    // lines that say the title again, whole or in parts (`平成27年度` / `第1回…会議` under
    // `平成27年度 第1回…会議`).
    let title_block = title_line.map_or(Vec::new(), |t| title_block(lines, t, &candidates, &table_of, &turns));
    candidates.retain(|c| !title_block.contains(&c.line));
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
            u.heading_rule = Some(Rule::Title.name().to_string());
            let mut body = content_indices(lines, 0..t);
            body.extend(content_indices(lines, t + 1..title_block.first().copied().unwrap_or(first_head).max(t + 1)));
            fill_body(&mut u, lines, &body, &tables, &table_of, &turns);
            path.push((0, u.title.clone()));
            units.push(u);
            for (k, &s) in title_block.iter().enumerate() {
                let end = title_block.get(k + 1).copied().unwrap_or(first_head).max(s + 1);
                let mut sub = heading_unit(&lines[s], 0, vec![units[0].title.clone()], ctx);
                sub.heading_rule = Some(Rule::TitleBlock.name().to_string());
                fill_body(&mut sub, lines, &content_indices(lines, s + 1..end), &tables, &table_of, &turns);
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
                    u.heading_rule = Some(Rule::Title.name().to_string());
                    path.push((0, title));
                    u
                }
                None => new_unit(UnitKind::Section, String::new(), None, ctx),
            };
            let from = if lead.is_some() { f + 1 } else { f };
            fill_body(&mut u, lines, &content_indices(lines, from..first_head), &tables, &table_of, &turns);
            if let Some(n) = lead {
                rest_of_line(&mut u, &lines[f], n, minutes);
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
        let title_at = split_title[h.line].unwrap_or(h.line);
        let mut u = heading_unit(&lines[title_at], h.level, ancestors, ctx);
        u.heading_rule = Some(format!("{}:{}", h.rule.name(), h.scheme.name()));
        if title_at > h.line {
            // The number stays the heading's: in its title and owned by its record.
            u.title = format!("{} {}", lines[h.line].trimmed(), u.title);
            u.number_span = Some(lines[h.line].trimmed_range());
        }
        if let Some(end) = h.title_end {
            // A run-in heading: the title is the line's start; the rest is the body's first item.
            let l = &lines[h.line];
            let start = l.trimmed_range().start;
            let title = l.trimmed()[..end].trim_end();
            u.title = title.to_string();
            u.title_span = Some(start..start + title.len());
        }
        let body = content_indices(lines, title_at + 1..body_end(h.line));
        fill_body(&mut u, lines, &body, &tables, &table_of, &turns);
        if let Some(end) = h.title_end {
            rest_of_line(&mut u, &lines[h.line], end, minutes);
        }
        path.push((h.level, u.title.clone()));
        units.push(u);
    }
    let title = title_line.map(|t| lines[t].trimmed().to_string());
    let department = super::issuing_body(lines);
    // The kind's evidence is the caller's to set.
    Document::new(kind, department, title, units)
}

/// Whether the line above line `i` ends a sentence (a run-in heading may start any line of a
/// paragraph that follows a finished sentence).
fn ends_a_sentence(lines: &[Line<'_>], i: usize) -> bool {
    i > 0 && unmarked::ends_sentence(lines[i - 1].trimmed())
}

/// The lines right under the title `t` that go on with it (see [`Rule::TitleBlock`]): the first
/// candidate when it is a title line on the very next line (a subtitle), or the first lines
/// below (blank lines apart or not) whose text is part of the title's, once each, and a
/// subtitle set off by dashes right under them.
fn title_block(
    lines: &[Line<'_>],
    t: usize,
    candidates: &[Candidate],
    table_of: &[Option<usize>],
    turns: &[Option<Turn>],
) -> Vec<usize> {
    let compact = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let title = compact(lines[t].trimmed());
    let mut out: Vec<usize> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let mut j = t + 1;
    while j < lines.len() && out.len() < 3 {
        if lines[j].is_blank() {
            j += 1;
            continue;
        }
        if table_of[j].is_some() || turns[j].is_some() {
            break;
        }
        let text = compact(lines[j].trimmed());
        let part = text.chars().count() >= 4 && title.contains(&text) && text != title;
        if !part && (is_stamp(lines[j].trimmed()) || crate::text::lexicon::holds_page_stamp(lines[j].trimmed())) {
            j += 1;
            continue;
        }
        let subtitle = out.is_empty()
            && j == t + 1
            && candidates.first().is_some_and(|c| c.line == j && c.scheme == Scheme::Label && c.rule != Rule::RunIn);
        // A subtitle set off by dashes (`~みどりと暮らすまち~`, `―…―`) goes on with the title
        // lines right above it.
        let dashed = |k: usize| {
            let t = lines.get(k).map_or("", |l| l.trimmed());
            ['~', '〜', '―', '-'].iter().any(|&d| t.starts_with(d) && t.ends_with(d) && t.chars().count() > 2)
        };
        let dashed_subtitle = dashed(j) && out.last().is_some_and(|&o| o + 1 == j) && !seen.contains(&text);
        if part && !seen.contains(&text) {
            seen.push(text);
            out.push(j);
        } else if dashed_subtitle {
            out.push(j);
            break;
        } else if subtitle {
            out.push(j);
            if dashed(j + 1) {
                out.push(j + 1);
            }
            break;
        } else {
            break;
        }
        j += 1;
    }
    // A part of the title that heads a body of its own with a mark stays a heading.
    out.retain(|&j| candidates.iter().all(|c| c.line != j || c.scheme == Scheme::Label || c.rule == Rule::RunIn));
    out
}

/// Turns of minutes written as reported speech, added to `turns` where a line opens none of
/// its own:
///
/// - a line that says who spoke (`事務局から…について報告があった。`, `●委員より…との意見`);
/// - a question (`・…は何か。`) answered by the `※` line below it: the question, then the
///   answer replying to it;
/// - a label that names who speaks (`委員からの意見` over `・…`): that speaker's turn, whose
///   speech is on the lines below.
fn reported_turns(
    lines: &[Line<'_>],
    table_of: &[Option<usize>],
    marks: &[Option<HeadingMark>],
    turns: &mut [Option<Turn>],
) {
    use crate::text::markers;
    let n = lines.len();
    let free = |i: usize, turns: &[Option<Turn>]| table_of[i].is_none() && !lines[i].is_blank() && turns[i].is_none();
    let next_content = |i: usize| (i + 1..n).find(|&j| !lines[j].is_blank());
    let bullet_len = |t: &str| {
        t.chars()
            .next()
            .filter(|c| matches!(c, '・' | '●' | '○' | '◎' | '◆' | '-' | '•' | '※'))
            .map_or(0, |c| c.len_utf8() + (t[c.len_utf8()..].len() - t[c.len_utf8()..].trim_start().len()))
    };
    let mut i = 0;
    while i < n {
        if !free(i, turns) {
            i += 1;
            continue;
        }
        let t = lines[i].trimmed();
        // Text right below, not the next item of a numbered list (`3.会長あいさつ` is an agenda's).
        let numbered = |k: usize| marks[k].as_ref().is_some_and(|m| m.ordinal.is_some());
        let text_below = next_content(i).is_some_and(|j| j == i + 1 && free(j, turns) && !numbered(j)) && !numbered(i);
        let label_like = t.chars().count() <= 20 && !t.contains('。');
        if let Some(turn) = markers::reported_turn(t).filter(|_| !(label_like && text_below)) {
            turns[i] = Some(turn);
            i += 1;
            continue;
        }
        // A question answered by the ※ line below it.
        if super::kind::is_question(t) && !t.starts_with('※') {
            if let Some(j) = next_content(i).filter(|&j| free(j, turns) && lines[j].trimmed().starts_with('※')) {
                let q = bullet_len(t);
                turns[i] =
                    Some(Turn {
                        speaker: "質問".into(), role: SpeakerRole::Other, speech_start: q, speaker_start: q
                    });
                let a = bullet_len(lines[j].trimmed());
                turns[j] = Some(Turn {
                    speaker: "回答".into(),
                    role: SpeakerRole::Secretariat,
                    speech_start: a,
                    speaker_start: a,
                });
                i = j + 1;
                continue;
            }
        }
        // A label naming who speaks (`委員からの意見`, `<委員からの意見>`) opens that speaker's
        // turn; the speech is on the lines below it, as under a role alone on its line (`【委員】`).
        let label = marks[i].as_ref().map_or(t, |m| &t[m.title_start..]);
        if label_like && text_below {
            if let Some((speaker, role)) = markers::heading_speaker(label) {
                turns[i] = Some(Turn { speaker, role, speech_start: t.len(), speaker_start: 0 });
                i += 1;
                continue;
            }
        }
        i += 1;
    }
}

/// The part of line `l` after its first `n` bytes (a title) goes into `unit`'s body, first; in
/// minutes it is a turn when it reports what someone said (`●事務局から…報告。`) or when the
/// title names who speaks under it (`<委員からの意見内容> ●…`).
fn rest_of_line(unit: &mut Unit, l: &Line<'_>, n: usize, minutes: bool) {
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
    let text = rest.trim();
    let named = minutes.then(|| crate::text::markers::heading_speaker(&unit.title)).flatten();
    let item = match (minutes.then(|| crate::text::markers::reported_turn(text)).flatten(), named) {
        (Some(turn), _) => Item {
            speaker: Some(turn.speaker),
            role: Some(turn.role),
            ..Item::new(ItemKind::Speech, text.to_string(), span.clone())
        },
        (None, Some((speaker, role))) => {
            let bullet = text.chars().next().filter(|c| matches!(c, '●' | '・' | '○' | '◎' | '-' | '•'));
            let body = bullet.map_or(text, |b| text[b.len_utf8()..].trim_start());
            Item {
                marker: bullet.map(String::from),
                speaker: Some(speaker),
                role: Some(role),
                ..Item::new(ItemKind::Speech, body.to_string(), span.clone())
            }
        }
        _ => Item::new(ItemKind::Text, text.to_string(), span.clone()),
    };
    let s = &mut unit.sections[0];
    for it in &mut s.items {
        it.parent = it.parent.map(|p| p + 1);
        it.reply_to = it.reply_to.map(|p| p + 1);
    }
    s.items.insert(0, item);
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

/// A record headed by the line `l` at `level`.
fn heading_unit(l: &Line<'_>, level: u8, path: Vec<String>, ctx: &SegmentContext) -> Unit {
    let mut u = new_unit(UnitKind::Section, l.trimmed().to_string(), Some(l.trimmed_range()), ctx);
    u.level = Some(level);
    u.heading_path = path;
    u
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
            let is_question = turn.role == SpeakerRole::Member || turn.speaker == "Q" || turn.speaker == "質問";
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

    #[test]
    fn records_follow_the_heading_tree() {
        let text = "令和6年度 事業報告\nI 概要\n1 進捗\n本文です。\n2 効果額\n| 区分 | 金額 |\n| 歳出 | 100 |\nII 課題\n次の課題がある。\n";
        let doc = segment(&Layout::read(text), DocumentKind::Unknown, &SegmentContext::default());
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
        let doc = segment(&Layout::read(text), DocumentKind::Unknown, &SegmentContext::default());
        let titles: Vec<&str> = doc.units.iter().map(|u| u.title.as_str()).collect();
        assert!(titles.contains(&"事業の中身"), "{titles:?}");
        assert!(unmarked::is_row_of_fields("予算額:1,200千円 財源:一般財源"));
        assert!(!unmarked::is_row_of_fields("予算額:1,200千円"));
        assert!(!unmarked::is_row_of_fields("目標:10件 達成:8件。"));
    }

    #[test]
    fn a_label_above_the_first_title_line_makes_it_no_title() {
        // Found by fuzzing: an attendance label on the first line, a title-like line below.
        let text = "・傍聴エハ\0\0\0\0。:\n\t\n○";
        let doc = segment(&Layout::read(text), DocumentKind::Unknown, &SegmentContext::default());
        assert!(crate::segment::coverage_violations(text, &doc).is_empty(), "{doc:?}");
    }

    #[test]
    fn minutes_turns_with_roles_and_answers() {
        let text =
            "委員会 会議録\n○委員長 開会します。\n○田中委員 何か所ですか。\n続けて伺います。\n○事務局 42か所です。\n";
        let doc = segment(&Layout::read(text), DocumentKind::Minutes, &SegmentContext::default());
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
