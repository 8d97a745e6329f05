//! The "nothing lost" check, per character, on the one ownership index ([`super::owners`]):
//! every character that is not whitespace belongs to a title, heading, item, table or layout
//! line, and no character to two records or sections.

use super::owners::Ownership;
use super::Document;
use crate::text::positions::LineIndex;

/// Lists what `doc` (segmented from `norm`) loses or claims twice, one message per problem
/// with 1-based line numbers: text no part owns, spans two records or sections claim, ranges
/// outside the text, section lines out of order. Empty when every character is kept once.
pub fn coverage_violations(norm: &str, doc: &Document) -> Vec<String> {
    let own = Ownership::of(doc);
    // Line starts, made for the first problem only (counting newlines per problem is
    // quadratic on a document with many).
    let index = std::cell::OnceCell::new();
    let line_of = |at: usize| index.get_or_init(|| LineIndex::new(norm)).line_of(at.min(norm.len()));
    let mut problems = Vec::new();
    for o in own.owners() {
        if o.span.start > o.span.end || o.span.end > norm.len() {
            problems.push(format!(
                "unit {} {:?} has range {:?} outside the text (len {})",
                o.unit,
                o.part,
                o.span,
                norm.len()
            ));
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    for (u, unit) in doc.units.iter().enumerate() {
        for (s, section) in unit.sections.iter().enumerate() {
            if section.lines.windows(2).any(|w| w[0].start > w[1].start) {
                problems.push(format!("unit {u} section {s} ({}) lines are not sorted", section.name));
            }
        }
    }
    for r in own.unowned(norm) {
        let text: String = norm[r.clone()].chars().take(40).collect();
        problems.push(format!("line {}: lost {text:?}", line_of(r.start)));
    }
    for (a, b) in own.conflicts() {
        problems.push(format!(
            "line {}: claimed by unit {} section {:?} ({:?}) and unit {} section {:?} ({:?})",
            line_of(b.span.start),
            a.unit,
            a.section,
            a.part,
            b.unit,
            b.section,
            b.part
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::{new_section, new_unit, SegmentContext, UnitKind};

    #[test]
    fn reports_lost_and_doubled_text() {
        let norm = "a\nb\nc\n";
        let ctx = SegmentContext::default();
        let mut unit = new_unit(UnitKind::Section, "a".into(), Some(0..1), &ctx);
        let mut s = new_section(crate::segment::SectionName::Body);
        // The section claims the title's line too, and line 3 has no item.
        s.lines = vec![0..1, 2..3, 4..5];
        s.tables.push(crate::layout::Table {
            id: None,
            shape: crate::layout::TableShape::Tsv,
            norm_span: 2..3,
            lines: 1..2,
            rows: Vec::new(),
            header_rows: 0,
            column_units: Vec::new(),
            caption_unit: None,
            columns: Vec::new(),
            parents: Vec::new(),
            unit_column: None,
            evidence: Vec::new(),
        });
        unit.sections.push(s);
        let doc = Document::new(crate::segment::DocumentKind::Unknown, None, None, vec![unit]);
        let v = coverage_violations(norm, &doc);
        assert!(v.iter().any(|m| m.starts_with("line 1: claimed by")), "{v:?}");
        assert!(v.iter().any(|m| m == "line 3: lost \"c\""), "{v:?}");
        assert!(!v.iter().any(|m| m.starts_with("line 2")), "{v:?}");
    }
}
