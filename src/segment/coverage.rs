//! The "no text lost" check: every non-blank line is owned exactly once (see the module doc
//! of [`crate::segment`] for what owns a line).

use std::ops::Range;

use super::{split_lines, Document};

/// Lists the non-blank lines of `norm` that `doc` owns zero times or more than once, as
/// `line N (owned K times): <text>` with 1-based line numbers. Empty when the document keeps
/// every line exactly once. Also reports owner ranges that lie outside the text or are not
/// sorted within a section.
pub fn coverage_violations(norm: &str, doc: &Document) -> Vec<String> {
    let lines = split_lines(norm);
    let mut counts = vec![0u32; lines.len()];
    let mut problems = Vec::new();
    let mut mark = |r: &Range<usize>, what: &dyn Fn() -> String, problems: &mut Vec<String>| {
        if r.start > r.end || r.end > norm.len() {
            problems.push(format!("{} has range {r:?} outside the text (len {})", what(), norm.len()));
            return;
        }
        // First line whose end is at or after the range start.
        let mut i = lines.partition_point(|l| l.end < r.start);
        let mut touched = false;
        while i < lines.len() && lines[i].start <= r.end.max(r.start) {
            let l = &lines[i];
            let touches = if r.start == r.end {
                l.start <= r.start && r.start <= l.end
            } else {
                l.start < r.end && r.start < l.end.max(l.start + 1)
            };
            if touches {
                counts[i] += 1;
                touched = true;
            }
            if l.start >= r.end {
                break;
            }
            i += 1;
        }
        if !touched && r.start < r.end {
            problems.push(format!("{} has range {r:?} that touches no line", what()));
        }
    };
    for (u, unit) in doc.units.iter().enumerate() {
        if let Some(r) = &unit.title_span {
            mark(r, &|| format!("unit {u} title"), &mut problems);
        }
        for (s, section) in unit.sections.iter().enumerate() {
            if let Some(r) = &section.heading_span {
                mark(r, &|| format!("unit {u} section {s} heading"), &mut problems);
            }
            for r in section.lines.iter().chain(&section.layout_lines) {
                mark(r, &|| format!("unit {u} section {s} line"), &mut problems);
            }
            if section.lines.windows(2).any(|w| w[0].start > w[1].start) {
                problems.push(format!("unit {u} section {s} ({}) lines are not sorted", section.name));
            }
        }
    }
    for (i, l) in lines.iter().enumerate() {
        if !l.is_blank() && counts[i] != 1 {
            problems.push(format!("line {} (owned {} times): {}", i + 1, counts[i], l.text.trim()));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::{new_section, new_unit, SegmentContext, UnitKind};

    #[test]
    fn reports_lost_and_doubled_lines() {
        let norm = "a\nb\nc\n";
        let ctx = SegmentContext::default();
        let mut unit = new_unit(UnitKind::Section, "a".into(), Some(0..1), &ctx);
        let mut s = new_section("body");
        s.lines = vec![0..1, 2..3];
        unit.sections.push(s);
        let doc = Document {
            kind: crate::segment::DocumentKind::Unknown,
            evidence: Vec::new(),
            department: None,
            title: None,
            units: vec![unit],
        };
        let v = coverage_violations(norm, &doc);
        assert!(v.iter().any(|m| m.starts_with("line 1 (owned 2 times)")), "{v:?}");
        assert!(v.iter().any(|m| m.starts_with("line 3 (owned 0 times)")), "{v:?}");
        assert!(!v.iter().any(|m| m.starts_with("line 2")), "{v:?}");
    }
}
