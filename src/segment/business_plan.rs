//! Business plans (事業計画): a preamble, budget tables, and one block per 事業.
//!
//! # Rules
//!
//! - A project starts at a line `事業名:<title>(<amount>千円)`, optionally followed on the
//!   same line by `事業開始年度:…`. The unit's title is the name without the amount; the
//!   amount is the field `予算額`. Lines up to the first section heading are the `header`
//!   section: `事業開始年度:…`, `関西チャレンジ:… 分野:…` (each key becomes a field, in
//!   order; a line such as `③「強みを発揮」分野:…` continues 関西チャレンジ) and `事業の内容`.
//! - Section headings are lines that are exactly a known heading (事業目的, 事業概要,
//!   事業のねらい・取組のポイント, 成果目標), or a short line naming one by key words (目的,
//!   概要, ねらい / ポイント, 成果目標); the section is named by the canonical heading.
//! - Lines before the first project are preamble units (`section`): one from the start, one
//!   at `Contents` / `目次`, one at each `…事業一覧…` title.
//! - Tab-separated rows anywhere form tables (header row first; `予算額 (千円)` gives the
//!   column's unit); their lines are in the section's lines, not in its items.

use super::items::{parse_items, ItemOptions};
use super::SectionName;
use super::{content_indices, new_section, new_unit, Document, DocumentKind, Line, Section, SegmentContext, UnitKind};
use crate::layout::{tsv_runs, tsv_table};

/// Canonical section headings and the key words that name them.
const SECTIONS: &[(&str, &[&str])] = &[
    ("事業目的", &["目的"]),
    ("事業概要", &["概要"]),
    ("事業のねらい・取組のポイント", &["ねらい", "ポイント"]),
    ("成果目標", &["成果目標"]),
];

const FIELD_KEYS: &[&str] = &["事業開始年度", "関西チャレンジ", "分野"];

/// The canonical section a line heads, if it is a heading.
pub fn section_heading(trimmed: &str) -> Option<&'static str> {
    if let Some((name, _)) = SECTIONS.iter().find(|(name, _)| trimmed == *name) {
        return Some(name);
    }
    // A variant (`事業の目的`, `成果目標(令和6年度)`): short, no sentence, starts like one.
    let short = trimmed.chars().count() <= 20 && !trimmed.contains([':', '。', '、']);
    if !short || !(trimmed.starts_with("事業") || trimmed.starts_with("成果")) {
        return None;
    }
    SECTIONS.iter().find(|(_, keys)| keys.iter().any(|k| trimmed.contains(k))).map(|(n, _)| *n)
}

/// `事業名:関西…事業(14,043千円) 事業開始年度:…` → (title range, amount, rest offset), as
/// byte offsets into `t` (which starts with `事業名:`).
fn parse_title(t: &str) -> (std::ops::Range<usize>, Option<&str>, usize) {
    let start = "事業名:".len();
    let Some(close_rel) = t.find("千円)") else { return (start..t.len(), None, t.len()) };
    let close = close_rel + "千円)".len();
    let Some(open) = t[..close_rel].rfind('(') else { return (start..t.len(), None, t.len()) };
    if open < start {
        return (start..t.len(), None, t.len());
    }
    let title_end = start + t[start..open].trim_end().len();
    (start..title_end, Some(&t[open + 1..close - 1]), close)
}

/// `key:value key2:value2` fields of one header line.
fn parse_fields(t: &str, fields: &mut Vec<(String, String)>) {
    let mut hits: Vec<(usize, &str)> = Vec::new();
    for k in FIELD_KEYS {
        let mut from = 0;
        while let Some(p) = t[from..].find(k) {
            let at = from + p;
            if t[at + k.len()..].starts_with(':') {
                hits.push((at, k));
            }
            // Past the key (a whole string, so a char boundary), never into the char after it.
            from = at + k.len();
        }
    }
    hits.sort_unstable();
    // `分野` inside `関西チャレンジ:…` of a continuation line: an implicit 関西チャレンジ first.
    if hits.first().is_some_and(|h| h.0 > 0) && fields.iter().any(|(k, _)| k == "関西チャレンジ") {
        let v = t[..hits[0].0].trim();
        if !v.is_empty() {
            fields.push(("関西チャレンジ".to_string(), v.to_string()));
        }
    }
    for (n, &(at, k)) in hits.iter().enumerate() {
        let vstart = at + k.len() + 1;
        let vend = hits.get(n + 1).map_or(t.len(), |h| h.0).max(vstart);
        fields.push((k.to_string(), t[vstart..vend].trim().to_string()));
    }
}

fn body_of(t: &str) -> &str {
    super::items::strip_markdown_dash(t)
}

/// Fills a section from `idx`, taking tab-separated runs as tables.
fn fill_with_tables(s: &mut Section, lines: &[Line<'_>], idx: &[usize]) {
    let (Some(&a), Some(&b)) = (idx.first(), idx.last()) else { return };
    let runs = tsv_runs(lines, a..b + 1);
    let in_run = |i: usize| runs.iter().any(|r| r.contains(&i));
    let text: Vec<usize> = idx.iter().copied().filter(|&i| !in_run(i)).collect();
    s.lines = idx.iter().filter(|&&i| !lines[i].is_blank()).map(|&i| lines[i].range()).collect();
    s.items = parse_items(lines, &text, ItemOptions::default());
    s.tables = runs.into_iter().map(|r| tsv_table(lines, r)).collect();
}

/// Segments a business plan.
pub fn segment(norm: &str, lines: &[Line<'_>], ctx: &SegmentContext) -> Document {
    let _ = norm;
    let projects: Vec<usize> =
        (0..lines.len()).filter(|&i| body_of(lines[i].trimmed()).starts_with("事業名:")).collect();
    let mut units = Vec::new();
    let first_project = projects.first().copied().unwrap_or(lines.len());
    let title = lines.iter().take(first_project).find(|l| !l.is_blank()).map(|l| l.trimmed().to_string());

    // Preamble units.
    let pre = content_indices(lines, 0..first_project);
    let mut cuts: Vec<usize> = Vec::new();
    for (n, &i) in pre.iter().enumerate() {
        let t = lines[i].trimmed();
        let contents = t.eq_ignore_ascii_case("contents") || t == "目次";
        let listing = t.contains("事業一覧") && !t.starts_with('-') && !t.contains('\t');
        if n == 0 || contents || listing {
            cuts.push(n);
        }
    }
    for (c, &n) in cuts.iter().enumerate() {
        let stop = cuts.get(c + 1).copied().unwrap_or(pre.len());
        let h = pre[n];
        let mut unit = new_unit(UnitKind::Section, lines[h].trimmed().to_string(), Some(lines[h].trimmed_range()), ctx);
        let body = &pre[n + 1..stop];
        if !body.is_empty() {
            let mut s = new_section(SectionName::Body);
            fill_with_tables(&mut s, lines, body);
            unit.sections.push(s);
        }
        units.push(unit);
    }

    for (p, &start) in projects.iter().enumerate() {
        let end = projects.get(p + 1).copied().unwrap_or(lines.len());
        let l = &lines[start];
        let t = body_of(l.trimmed());
        let t_off = l.trimmed_range().start + (l.trimmed().len() - t.len());
        let (title_r, amount, rest) = parse_title(t);
        let mut unit = new_unit(
            UnitKind::Project,
            t[title_r.clone()].trim().to_string(),
            Some(t_off + title_r.start..t_off + title_r.end),
            ctx,
        );
        // The title line is owned through the title span; make it cover the whole line so the
        // amount and start year on it are owned too.
        unit.title_span = Some(l.trimmed_range());
        let mut fields = Vec::new();
        if let Some(a) = amount {
            fields.push(("予算額".to_string(), a.to_string()));
        }
        parse_fields(&t[rest.min(t.len())..], &mut fields);
        let idx = content_indices(lines, start + 1..end);
        let heads: Vec<(usize, &'static str)> = idx
            .iter()
            .enumerate()
            .filter_map(|(n, &i)| section_heading(lines[i].trimmed()).map(|name| (n, name)))
            .collect();
        let header_end = heads.first().map_or(idx.len(), |h| h.0);
        if header_end > 0 {
            let mut s = new_section(SectionName::Header);
            for &i in &idx[..header_end] {
                parse_fields(lines[i].trimmed(), &mut fields);
            }
            fill_with_tables(&mut s, lines, &idx[..header_end]);
            unit.sections.push(s);
        }
        for (k, &(n, name)) in heads.iter().enumerate() {
            let stop = heads.get(k + 1).map_or(idx.len(), |h| h.0);
            let mut s = new_section(SectionName::Project(name));
            s.set_heading(&lines[idx[n]]);
            fill_with_tables(&mut s, lines, &idx[n + 1..stop]);
            unit.sections.push(s);
        }
        unit.fields = fields;
        units.push(unit);
    }
    Document::new(DocumentKind::BusinessPlan, None, title, units)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::split_lines;

    #[test]
    fn project_title_and_fields() {
        let text = "事業名:情報発信事業(14,043千円) 事業開始年度:令和3年度(4年目)\n関西チャレンジ:②「強みを活用」分野:中小企業の成長支援\n③「強みを発揮」分野:産業人材\n事業の内容\n事業目的\n目的の文。\n成果目標\n- 参加者数:210人以上\n";
        let lines = split_lines(text);
        let doc = segment(text, &lines, &SegmentContext::default());
        let u = &doc.units[0];
        assert_eq!(u.title, "情報発信事業");
        let f: Vec<(&str, &str)> = u.fields.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(
            f,
            vec![
                ("予算額", "14,043千円"),
                ("事業開始年度", "令和3年度(4年目)"),
                ("関西チャレンジ", "②「強みを活用」"),
                ("分野", "中小企業の成長支援"),
                ("関西チャレンジ", "③「強みを発揮」"),
                ("分野", "産業人材"),
            ]
        );
        let names: Vec<&str> = u.sections.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, vec!["header", "事業目的", "成果目標"]);
        assert_eq!(u.sections[2].items[0].text, "参加者数:210人以上");
    }
}
