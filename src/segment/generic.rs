//! Fallback for documents of no known shape: a unit per heading (a `■` line or a 【テーマ】
//! line; the first line heads the first unit), one `body` section each, items by the shared
//! bullet parser (paragraphs become `text` items). Every non-blank line belongs to a unit.

use super::items::ItemOptions;
use super::{new_section, new_unit, Document, DocumentKind, Line, SegmentContext};

fn is_heading(trimmed: &str) -> bool {
    trimmed.starts_with('■') || trimmed.starts_with("【テーマ")
}

/// Segments a document of unknown kind.
pub fn segment(norm: &str, lines: &[Line<'_>], ctx: &SegmentContext) -> Document {
    let _ = norm;
    let mut units = Vec::new();
    let mut body: Vec<usize> = Vec::new();
    let flush = |units: &mut Vec<super::Unit>, body: &mut Vec<usize>| {
        if let Some(u) = units.last_mut() {
            if !body.is_empty() {
                let mut s = new_section("body");
                s.fill(lines, body, ItemOptions::default());
                u.sections.push(s);
            }
        }
        body.clear();
    };
    for (i, l) in lines.iter().enumerate() {
        if l.is_blank() {
            continue;
        }
        let t = l.trimmed();
        if units.is_empty() || is_heading(t) {
            flush(&mut units, &mut body);
            let title = t.trim_start_matches('■').trim().to_string();
            units.push(new_unit(super::UnitKind::Section, title, Some(l.trimmed_range()), ctx));
            continue;
        }
        body.push(i);
    }
    flush(&mut units, &mut body);
    Document { kind: DocumentKind::Unknown, department: None, title: None, units }
}
