//! Meeting minutes (slides of a 意見交換会 summary): one unit per slide heading, with its
//! statements, its question → answer pairs and the organisation it is about.
//!
//! # Rules
//!
//! - A slide heading is a line starting with `■`, or with `【参考】` / `(参考)` followed by a
//!   title; it becomes the unit's title. Lines before the first heading form a preamble unit.
//! - `(メンバーからの意見)` starts the unit's `discussion` section (its heading); before it the
//!   lines are the `statements` section. In `discussion`, `○` is a question and the `⇒` after
//!   it the answer (see [`super::items`]); `●`, `1.`, `(1)` … keep their own kinds.
//! - Organisation labels: a line that is only a 【…】 label naming an organisation (its name
//!   ends in 局, 所, 会, 部, 庁, 省, 機構, 協会, 大学, センター, 法人, 財団, 銀行, 連合 or a
//!   府県市町村 suffix) is the slide's organisation when it is the first line of the slide, or
//!   one of a run of such labels that ends the slide. The export puts the label either at the
//!   top of its slide (【大阪産業局】 in seed 002) or at its end, right before the next ■
//!   heading (【大阪産業技術研究所】, 【大阪商工会議所】: the slide's text is about that
//!   organisation, the next slide's is not); a summary slide ends with the labels of all the
//!   organisations it summarizes. The label stays in the text as a `label` item and is
//!   recorded as a field `organisation`. Topic labels (【人材関係】) are only items.

use super::items::ItemOptions;
use super::SectionName;
use super::{content_indices, new_section, new_unit, Document, DocumentKind, Line, SegmentContext, Unit, UnitKind};

const ORG_SUFFIXES: &[&str] = &[
    "局",
    "所",
    "会",
    "部",
    "庁",
    "省",
    "機構",
    "協会",
    "大学",
    "センター",
    "法人",
    "財団",
    "銀行",
    "連合",
    "府",
    "県",
    "市",
    "町",
    "村",
];

/// A slide heading: `■ …`, `【参考】…`, `(参考)…`.
pub fn is_heading(trimmed: &str) -> bool {
    if trimmed.starts_with('■') {
        return true;
    }
    ["【参考】", "(参考)"].iter().any(|p| trimmed.strip_prefix(p).is_some_and(|rest| !rest.trim().is_empty()))
}

/// The organisation a line names when it is a lone 【…】 label of an organisation.
pub fn org_label(trimmed: &str) -> Option<&str> {
    let inner = trimmed.strip_prefix('【')?.strip_suffix('】')?;
    if inner.contains(['【', '】']) || inner.is_empty() {
        return None;
    }
    ORG_SUFFIXES.iter().any(|s| inner.ends_with(s)).then_some(inner)
}

/// Segments minutes.
pub fn segment(norm: &str, lines: &[Line<'_>], ctx: &SegmentContext) -> Document {
    let _ = norm;
    let heads: Vec<usize> = (0..lines.len()).filter(|&i| is_heading(lines[i].trimmed())).collect();
    let mut units = Vec::new();
    let first = heads.first().copied().unwrap_or(lines.len());
    let pre = content_indices(lines, 0..first);
    if let Some((&t, rest)) = pre.split_first() {
        let mut unit = new_unit(UnitKind::Section, lines[t].trimmed().to_string(), Some(lines[t].trimmed_range()), ctx);
        fill_slide(lines, rest, &mut unit);
        units.push(unit);
    }
    for (k, &h) in heads.iter().enumerate() {
        let end = heads.get(k + 1).copied().unwrap_or(lines.len());
        let l = &lines[h];
        let title = l.trimmed().trim_start_matches('■').trim().to_string();
        let mut unit = new_unit(UnitKind::Section, title, Some(l.trimmed_range()), ctx);
        let idx = content_indices(lines, h + 1..end);
        fill_slide(lines, &idx, &mut unit);
        units.push(unit);
    }
    Document::new(DocumentKind::Minutes, None, None, units)
}

fn fill_slide(lines: &[Line<'_>], idx: &[usize], unit: &mut Unit) {
    if idx.is_empty() {
        return;
    }
    // Organisation labels: the first line, and the run of labels that ends the slide.
    let mut orgs: Vec<&str> = Vec::new();
    if let Some(o) = idx.first().and_then(|&i| org_label(lines[i].trimmed())) {
        orgs.push(o);
    }
    let mut tail: Vec<&str> = Vec::new();
    for &i in idx.iter().rev() {
        match org_label(lines[i].trimmed()) {
            Some(o) if idx.len() != 1 || orgs.is_empty() => tail.push(o),
            _ => break,
        }
    }
    if tail.len() == idx.len() {
        // The slide is only labels: they were already counted once as the first line.
        orgs.clear();
    }
    tail.reverse();
    orgs.extend(tail);
    for o in orgs {
        unit.fields.push(("organisation".to_string(), o.to_string()));
    }
    let split = idx.iter().position(|&i| lines[i].trimmed().starts_with("(メンバーからの意見"));
    let (before, after) = match split {
        Some(p) => (&idx[..p], Some((idx[p], &idx[p + 1..]))),
        None => (idx, None),
    };
    if !before.is_empty() {
        let mut s = new_section(SectionName::Statements);
        s.fill(lines, before, ItemOptions::default());
        unit.sections.push(s);
    }
    if let Some((h, rest)) = after {
        let mut s = new_section(SectionName::Discussion);
        s.set_heading(&lines[h]);
        s.fill(lines, rest, ItemOptions { qa: true });
        unit.sections.push(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::{split_lines, ItemKind};

    #[test]
    fn org_labels_at_start_or_end() {
        let text = "■ 詳細\n【大阪産業局】\n○ 説明\n■ 詳細\n○ 説明2\n(メンバーからの意見)\n○ 質問\n⇒ 回答\n【大阪産業技術研究所】\n■ 要旨\n【人材関係】\n● 意見\n";
        let lines = split_lines(text);
        let doc = segment(text, &lines, &SegmentContext::default());
        assert_eq!(doc.units.len(), 3);
        assert_eq!(doc.units[0].fields, vec![("organisation".into(), "大阪産業局".into())]);
        assert_eq!(doc.units[1].fields, vec![("organisation".into(), "大阪産業技術研究所".into())]);
        assert!(doc.units[2].fields.is_empty(), "a topic label is no organisation");
        let d = &doc.units[1].sections[1];
        assert_eq!(d.name, "discussion");
        let kinds: Vec<_> = d.items.iter().map(|i| i.kind).collect();
        assert_eq!(kinds, vec![ItemKind::Question, ItemKind::Answer, ItemKind::Label]);
    }

    #[test]
    fn headings() {
        assert!(is_heading("■ 第7回意見交換会"));
        assert!(is_heading("【参考】国際金融都市OSAKA戦略の概要"));
        assert!(!is_heading("【参考】"));
        assert!(!is_heading("【大阪産業局】"));
    }
}
