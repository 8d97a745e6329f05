//! Action plans (アクションプラン): per theme a year-by-year table of actions, the
//! 万博等を契機とした関西の動き list, and an appendix of 公民連携 agreements.
//!
//! # Rules
//!
//! - A theme's table starts at a header row `年度⇥2024 …⇥2025 …⇥2026~ …`; its rows are the
//!   following tab-separated lines (テーマ / 関西広域連合 / 構成府県市). The theme's title is the
//!   nearest line before the table (after the previous theme's table) that is followed by at
//!   least two blank lines, is short, and is not an `Action` / `※` / list line.
//! - A theme unit (`theme`) has the sections `vision` (the ありたい姿 text; a heading when its
//!   first lines end in ありたい姿), `actions` (heading: the `Action …` line; the ※ note and the
//!   table, whose list cells become items with their [`super::CellRef`]) and `movements`
//!   (heading: the line(s) with 関西の動き; then its list).
//! - List cells: see [`list_entries`]. Each entry becomes one `detail` item
//!   (a 【…】 entry a `label`), level 0 or 1, with `**` removed.
//! - Markdown residue in lines (`- `, `- ・`, `**`) is dropped by the item parser.
//! - `【Appendix】…` lines start appendix units (`section`). Inside the appendix, a lone
//!   `【府県】` line starts an agreement unit (kind `section`, with the field
//!   `type` = `agreement`, since the record schema has no agreement type): its title is the next line(s) up to
//!   the `(締結時期:…)` line, whose key and value become a field (as does `府県`); `OUTLINE` and
//!   `連携内容` head the `outline` and `cooperation` sections; the other lines (the label, the
//!   date, `(…HP)` link captions, a category line such as `ライフサイエンス`) form its
//!   `header` section. A short line right before a 【府県】 line is the category: it becomes
//!   the unit's `theme` for the agreements that follow. An `(…HP)` caption that ends an
//!   agreement but names the next one's 府県 (`(和歌山県HP)` before `【和歌山県】`) moves to
//!   the next one.
//! - Lines before the first theme: preamble units, cut at `Contents` / `目次` and at lines
//!   that repeat a contents entry (`01 アクションプランについて` → `アクションプランについて`).

use std::ops::Range;

use super::items::{finish, parse_items, ItemOptions};
use super::SectionName;
use super::{
    content_indices, new_section, new_unit, CellRef, Document, DocumentKind, Item, ItemKind, Line, SegmentContext,
    Unit, UnitKind,
};
use crate::layout::lists::list_entries;
use crate::layout::{tsv_runs, tsv_table};

fn is_year_header(trimmed: &str) -> bool {
    trimmed.strip_prefix("年度\t").is_some_and(|r| r.trim_start().starts_with(|c: char| c.is_ascii_digit()))
}

fn is_appendix(trimmed: &str) -> bool {
    trimmed.len() >= "【appendix】".len()
        && trimmed.get(.."【appendix】".len()).is_some_and(|p| p.eq_ignore_ascii_case("【appendix】"))
}

fn is_lone_label(trimmed: &str) -> Option<&str> {
    let inner = trimmed.strip_prefix('【')?.strip_suffix('】')?;
    (!inner.is_empty() && !inner.contains(['【', '】'])).then_some(inner)
}

fn blank_after(lines: &[Line<'_>], i: usize) -> usize {
    lines[i + 1..].iter().take_while(|l| l.is_blank()).count()
}

fn title_like(trimmed: &str) -> bool {
    let n = trimmed.chars().count();
    n > 0
        && n <= 40
        && !trimmed.contains('\t')
        && !trimmed.starts_with(['※', '-', '・', '(', '【', '*'])
        && !trimmed.starts_with("Action")
}

/// Segments an action plan.
pub fn segment(norm: &str, lines: &[Line<'_>], ctx: &SegmentContext) -> Document {
    let _ = norm;
    let n = lines.len();
    let tables: Vec<usize> = (0..n).filter(|&i| is_year_header(lines[i].trimmed())).collect();
    // An appendix heading counts only after the first table (the contents list names it too).
    let after = tables.first().copied().unwrap_or(0);
    let appendix: Vec<usize> = (after..n).filter(|&i| is_appendix(lines[i].trimmed())).collect();
    // Theme starts: (title line, table line).
    let mut themes: Vec<(usize, usize)> = Vec::new();
    let mut floor = 0;
    for &t in &tables {
        let title = (floor..t).rev().find(|&i| title_like(lines[i].trimmed()) && blank_after(lines, i) >= 2);
        let title = title.or_else(|| (floor..t).find(|&i| !lines[i].is_blank())).unwrap_or(t);
        themes.push((title, t));
        floor = t + 1;
    }
    // An appendix heading between a theme's title and its table is part of that theme.
    let appendix: Vec<usize> =
        appendix.into_iter().filter(|&a| !themes.iter().any(|&(t, tb)| t <= a && a <= tb)).collect();
    // Boundaries of top-level blocks.
    let mut starts: Vec<usize> = themes.iter().map(|t| t.0).chain(appendix.iter().copied()).collect();
    starts.sort_unstable();
    starts.dedup();
    let first = starts.first().copied().unwrap_or(n);
    let mut units = Vec::new();
    let title = lines.iter().take(first).find(|l| !l.is_blank()).map(|l| l.trimmed().to_string());
    preamble(lines, 0..first, ctx, &mut units);
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(n);
        if let Some(&(_, table)) = themes.iter().find(|t| t.0 == s) {
            units.push(theme(lines, s, table, end, ctx));
        } else {
            appendix_block(lines, s, end, ctx, &mut units);
        }
    }
    Document::new(DocumentKind::ActionPlan, None, title, units)
}

fn section_unit(lines: &[Line<'_>], head: usize, body: &[usize], ctx: &SegmentContext) -> Unit {
    let mut unit =
        new_unit(UnitKind::Section, lines[head].trimmed().to_string(), Some(lines[head].trimmed_range()), ctx);
    if !body.is_empty() {
        let mut s = new_section(SectionName::Body);
        s.fill(lines, body, ItemOptions::default());
        unit.sections.push(s);
    }
    unit
}

fn preamble(lines: &[Line<'_>], range: Range<usize>, ctx: &SegmentContext, units: &mut Vec<Unit>) {
    let idx = content_indices(lines, range);
    let mut entries: Vec<&str> = Vec::new();
    let mut in_contents = false;
    let mut cuts = Vec::new();
    for (k, &i) in idx.iter().enumerate() {
        let t = lines[i].trimmed();
        if k == 0 || t.eq_ignore_ascii_case("contents") || t == "目次" {
            in_contents = k != 0;
            cuts.push(k);
            continue;
        }
        let entry = t.split_once(' ').filter(|(num, _)| !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()));
        if in_contents {
            if let Some((_, e)) = entry {
                entries.push(e.trim());
                continue;
            }
            if t.bytes().all(|b| b.is_ascii_digit()) || is_appendix(t) {
                continue;
            }
            in_contents = false;
        }
        if entries.contains(&t) {
            cuts.push(k);
        }
    }
    for (c, &k) in cuts.iter().enumerate() {
        let stop = cuts.get(c + 1).copied().unwrap_or(idx.len());
        units.push(section_unit(lines, idx[k], &idx[k + 1..stop], ctx));
    }
}

fn theme(lines: &[Line<'_>], title: usize, table: usize, end: usize, ctx: &SegmentContext) -> Unit {
    // No title line when the table is the first line of its block.
    let mut unit = if title < table {
        new_unit(UnitKind::Theme, lines[title].trimmed().to_string(), Some(lines[title].trimmed_range()), ctx)
    } else {
        new_unit(UnitKind::Theme, String::new(), None, ctx)
    };
    let action = (title + 1..table).find(|&i| lines[i].trimmed().starts_with("Action"));
    // vision
    let vision_end = action.unwrap_or(table);
    let vidx = content_indices(lines, title + 1..vision_end);
    if !vidx.is_empty() {
        let mut s = new_section(SectionName::Vision);
        let head_len = (1..=2.min(vidx.len()))
            .find(|&k| {
                lines[vidx[k - 1]].trimmed().ends_with("ありたい姿")
                    && (0..k).all(|j| j == 0 || vidx[j] == vidx[j - 1] + 1)
            })
            .unwrap_or(0);
        if head_len > 0 {
            let hl: Vec<Line<'_>> = vidx[..head_len].iter().map(|&i| lines[i]).collect();
            s.set_heading_lines(&hl);
        }
        s.fill(lines, &vidx[head_len..], ItemOptions::default());
        unit.sections.push(s);
    }
    // actions: Action line, notes, table.
    let run = tsv_runs(lines, table..end).into_iter().find(|r| r.start == table).unwrap_or(table..table + 1);
    let movements = (run.end..end).find(|&i| {
        let t = lines[i].trimmed();
        t.contains("関西の動き") || (t.contains("契機とした") && t.chars().count() <= 30)
    });
    let actions_end = movements.unwrap_or(end);
    let mut s = new_section(SectionName::Actions);
    let aidx_start = match action {
        Some(a) => {
            s.set_heading(&lines[a]);
            a + 1
        }
        None => vision_end,
    };
    let notes: Vec<usize> =
        content_indices(lines, aidx_start..actions_end).into_iter().filter(|i| !run.contains(i)).collect();
    let mut all: Vec<usize> = notes.iter().copied().chain(run.clone().filter(|&i| !lines[i].is_blank())).collect();
    all.sort_unstable();
    s.lines = all.iter().map(|&i| lines[i].range()).collect();
    s.items = parse_items(lines, &notes, ItemOptions::default());
    let table = tsv_table(lines, run);
    let tix = 0;
    for (r, row) in table.rows.iter().enumerate().skip(1) {
        for (c, cell) in row.iter().enumerate().skip(1) {
            let text = cell.text.as_str();
            let has_list = text.contains("<ul") || text.contains("【") || text.contains(" ・");
            if !has_list || cell.norm_span.is_empty() {
                continue;
            }
            // The cell's text is the line's text (only `**` may have been dropped): read the
            // entries from the line itself so their spans are exact.
            let line_text =
                lines.get(lines.partition_point(|l| l.end < cell.norm_span.start)).map(|l| l.text).unwrap_or("");
            let line_start = lines.get(lines.partition_point(|l| l.end < cell.norm_span.start)).map_or(0, |l| l.start);
            let Some(raw) = line_text.get(cell.norm_span.start - line_start..cell.norm_span.end - line_start) else {
                continue;
            };
            let mut last_top: Option<usize> = None;
            for e in list_entries(raw) {
                let raw_body = &raw[e.body..e.end];
                let cleaned;
                let body = if memchr::memchr(b'*', raw_body.as_bytes()).is_some() {
                    cleaned = raw_body.replace("**", "");
                    cleaned.trim()
                } else {
                    raw_body.trim()
                };
                if body.is_empty() {
                    continue;
                }
                let index = s.items.len();
                let parent = if e.level > 0 { last_top } else { None };
                let kind = if e.label { ItemKind::Label } else { ItemKind::Detail };
                s.items.push(Item {
                    marker: (!e.marker.is_empty()).then_some(e.marker),
                    level: if parent.is_some() { e.level } else { 0 },
                    parent,
                    table_cell: Some(CellRef { table: tix, row: r, col: c }),
                    ..Item::new(kind, body.to_string(), cell.norm_span.start + e.start..cell.norm_span.start + e.end)
                });
                if e.level == 0 {
                    last_top = Some(index);
                }
            }
        }
    }
    finish(&mut s.items);
    s.tables.push(table);
    unit.sections.push(s);
    if let Some(m) = movements {
        let mut s = new_section(SectionName::Movements);
        let mut head = vec![lines[m]];
        let mut body_start = m + 1;
        if !lines[m].trimmed().contains("関西の動き")
            && lines.get(m + 1).is_some_and(|l| l.trimmed().contains("関西の動き"))
        {
            head.push(lines[m + 1]);
            body_start = m + 2;
        }
        s.set_heading_lines(&head);
        let idx = content_indices(lines, body_start..end);
        s.fill(lines, &idx, ItemOptions::default());
        unit.sections.push(s);
    }
    unit
}

fn appendix_block(lines: &[Line<'_>], head: usize, end: usize, ctx: &SegmentContext, units: &mut Vec<Unit>) {
    let idx = content_indices(lines, head + 1..end);
    // Agreement starts (positions in idx) and category lines.
    let mut starts: Vec<usize> = Vec::new();
    let mut category_at: Vec<Option<usize>> = Vec::new();
    for (k, &i) in idx.iter().enumerate() {
        if is_lone_label(lines[i].trimmed()).is_some() {
            starts.push(k);
            let cat = k.checked_sub(1).filter(|&p| {
                let t = lines[idx[p]].trimmed();
                title_like(t)
                    && !t.ends_with("HP)")
                    && !t.eq_ignore_ascii_case("outline")
                    && t != "連携内容"
                    && !t.ends_with('。')
            });
            category_at.push(cat);
        }
    }
    // The intro: up to the first category or agreement.
    let intro_end = starts.first().map_or(idx.len(), |&s| category_at[0].unwrap_or(s));
    units.push(section_unit(lines, head, &idx[..intro_end], ctx));
    // Each agreement's lines (positions in idx), before moving HP captions.
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    for (a, &s) in starts.iter().enumerate() {
        let from = category_at[a].unwrap_or(s);
        let to = match starts.get(a + 1) {
            Some(&next) => category_at[a + 1].unwrap_or(next),
            None => idx.len(),
        };
        blocks.push((from..to.max(from)).collect());
    }
    // An `(…HP)` caption ending a block that names the next block's 府県 moves there.
    for a in 0..blocks.len().saturating_sub(1) {
        let next_label = is_lone_label(lines[idx[starts[a + 1]]].trimmed()).unwrap_or("");
        while let Some(&last) = blocks[a].last() {
            let t = lines[idx[last]].trimmed();
            let caption = t.strip_prefix('(').and_then(|r| r.strip_suffix("HP)"));
            let names_next = caption.is_some_and(|c| {
                !next_label.is_empty() && next_label.split(['、', '・']).next().is_some_and(|n| c.starts_with(n))
            });
            if !names_next {
                break;
            }
            blocks[a].pop();
            blocks[a + 1].insert(0, last);
        }
    }
    let mut category: Option<String> = None;
    for (a, block) in blocks.iter().enumerate() {
        if let Some(c) = category_at[a] {
            category = Some(lines[idx[c]].trimmed().to_string());
        }
        let ids: Vec<usize> = block.iter().map(|&p| idx[p]).collect();
        units.push(agreement(lines, &ids, idx[starts[a]], category.clone(), ctx));
    }
}

fn agreement(
    lines: &[Line<'_>],
    ids: &[usize],
    label_line: usize,
    category: Option<String>,
    ctx: &SegmentContext,
) -> Unit {
    let label = is_lone_label(lines[label_line].trimmed()).unwrap_or("").to_string();
    let after: Vec<usize> = ids.iter().copied().filter(|&i| i > label_line).collect();
    let is_meta = |t: &str| {
        (t.starts_with('(') && (t.contains("時期:") || t.ends_with("HP)")))
            || t.eq_ignore_ascii_case("outline")
            || t == "連携内容"
    };
    // Title: the first line after the label that is not meta, plus lines directly below it.
    let mut title_lines: Vec<usize> = Vec::new();
    for &i in &after {
        let t = lines[i].trimmed();
        if title_lines.is_empty() {
            if is_meta(t) {
                continue;
            }
            title_lines.push(i);
        } else if title_lines.last().is_some_and(|&p| p + 1 == i) && !is_meta(t) {
            title_lines.push(i);
        } else {
            break;
        }
    }
    let title: String = title_lines.iter().map(|&i| lines[i].trimmed()).collect::<Vec<_>>().concat();
    let span = match (title_lines.first(), title_lines.last()) {
        (Some(&a), Some(&b)) => Some(lines[a].trimmed_range().start..lines[b].trimmed_range().end),
        _ => None,
    };
    let mut unit = new_unit(UnitKind::Section, title, span, ctx);
    unit.theme = category;
    unit.fields.push(("type".to_string(), "agreement".to_string()));
    unit.fields.push(("府県".to_string(), label));
    let outline = after.iter().position(|&i| lines[i].trimmed().eq_ignore_ascii_case("outline"));
    let coop = after.iter().position(|&i| lines[i].trimmed() == "連携内容");
    let first_sec = [outline, coop].into_iter().flatten().min().unwrap_or(after.len());
    let header: Vec<usize> = ids
        .iter()
        .copied()
        .filter(|&i| i <= label_line || after[..first_sec].contains(&i))
        .filter(|i| !title_lines.contains(i))
        .collect();
    for &i in &header {
        let t = lines[i].trimmed();
        if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            if let Some((k, v)) = inner.split_once(':') {
                if k.contains("時期") {
                    unit.fields.push((k.trim().to_string(), v.trim().to_string()));
                }
            }
        }
    }
    let mut s = new_section(SectionName::Header);
    s.fill(lines, &header, ItemOptions::default());
    unit.sections.push(s);
    let mut marks: Vec<(usize, SectionName)> = Vec::new();
    if let Some(o) = outline {
        marks.push((o, SectionName::Outline));
    }
    if let Some(c) = coop {
        marks.push((c, SectionName::Cooperation));
    }
    marks.sort_unstable_by_key(|m| m.0);
    for (k, &(p, name)) in marks.iter().enumerate() {
        let stop = marks.get(k + 1).map_or(after.len(), |m| m.0);
        let mut s = new_section(name);
        s.set_heading(&lines[after[p]]);
        s.fill(lines, &after[p + 1..stop], ItemOptions::default());
        unit.sections.push(s);
    }
    unit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::split_lines;

    #[test]
    fn theme_table_and_lists() {
        let text = "表紙\n\nライフサイエンス\n\n\n\nありたい姿の文。\n\nAction 取組\n\n※注記\n\n年度\t2024\t2025\nテーマ\t推進\t実用化\n関西広域連合\t<ul style=\"x\"> 参加 開催 \t<ul style=\"x\"> 発信 <ul style=\"x\"> ▶出展 \n\n万博等を契機とした\n関西の動き\n\n- ・動き1\n- 動き2\n";
        let lines = split_lines(text);
        let doc = segment(text, &lines, &SegmentContext::default());
        let names: Vec<(&str, UnitKind)> = doc.units.iter().map(|u| (u.title.as_str(), u.kind)).collect();
        assert_eq!(names, vec![("表紙", UnitKind::Section), ("ライフサイエンス", UnitKind::Theme)]);
        let t = &doc.units[1];
        let secs: Vec<&str> = t.sections.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(secs, vec!["vision", "actions", "movements"]);
        let a = &t.sections[1];
        type ItemSummary<'a> = (&'a str, u8, Option<(usize, usize)>);
        let items: Vec<ItemSummary> =
            a.items.iter().map(|i| (i.text.as_str(), i.level, i.table_cell.map(|c| (c.row, c.col)))).collect();
        assert_eq!(
            items,
            vec![
                ("注記", 0, None),
                ("参加", 0, Some((2, 1))),
                ("開催", 0, Some((2, 1))),
                ("発信", 0, Some((2, 2))),
                ("出展", 1, Some((2, 2)))
            ]
        );
        assert_eq!(&text[a.items[4].norm_span.clone()], "▶出展");
        assert_eq!(t.sections[2].heading.as_deref(), Some("万博等を契機とした関西の動き"));
        let m: Vec<&str> = t.sections[2].items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(m, vec!["動き1", "動き2"]);
    }

    #[test]
    fn agreements_and_moved_captions() {
        let text = "【Appendix】 公民連携\n\n説明\n\nライフサイエンス\n\n【兵庫県】\n\n連携協定A\n\n(締結時期:2023年12月21日)\n\n(兵庫県HP)\n\nOUTLINE\n\n概要文。\n\n連携内容\n\n- (1) 共同研究\n\n(和歌山県HP)\n\n【和歌山県】\n\n協定B\n\n(締結時期:2024年2月5日)\n";
        let lines = split_lines(text);
        let mut units = Vec::new();
        appendix_block(&lines, 0, lines.len(), &SegmentContext::default(), &mut units);
        assert_eq!(units.len(), 3);
        assert_eq!(units[1].title, "連携協定A");
        assert_eq!(units[1].theme.as_deref(), Some("ライフサイエンス"));
        assert!(units[1].fields.contains(&("締結時期".into(), "2023年12月21日".into())));
        let secs: Vec<&str> = units[1].sections.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(secs, vec!["header", "outline", "cooperation"]);
        assert_eq!(units[1].sections[2].items[0].text, "共同研究");
        let hp = text.find("(和歌山県HP)").unwrap();
        assert!(units[2].sections[0].lines.iter().any(|r| r.start == hp), "the caption moved to 和歌山県");
    }
}
