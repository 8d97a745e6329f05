//! A stable, compact text rendering of a [`Document`] for golden files and debugging: one
//! line per unit, section, item, table row, objective and field, with 1-based line numbers
//! of the normalized text (which are the source's line numbers: normalization keeps lines).

use std::fmt::Write;
use std::ops::Range;

use super::{Document, Item, ItemKind};

const TEXT_CHARS: usize = 28;
const CELL_CHARS: usize = 14;

fn short(s: &str, n: usize) -> String {
    let s = s.replace(['\n', '\t'], " ");
    if s.chars().count() <= n {
        s
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}

fn kind_name(k: ItemKind) -> String {
    let s = format!("{k:?}");
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// Renders `doc` (segmented from `norm`).
pub fn render(norm: &str, doc: &Document) -> String {
    let index = crate::text::positions::LineIndex::new(norm);
    let line_of = |off: usize| index.line_of(off);
    let lines_of = |r: &Range<usize>| {
        let a = line_of(r.start);
        let b = line_of(r.end.saturating_sub(1).max(r.start));
        if a == b {
            format!("L{a}")
        } else {
            format!("L{a}-{b}")
        }
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "document kind={} department={} title={}",
        doc.kind.as_str(),
        doc.department.as_deref().map_or("-".to_string(), |d| format!("{d:?}")),
        doc.title.as_deref().map_or("-".to_string(), |d| format!("{:?}", short(d, 40)))
    );
    for cue in &doc.evidence {
        let _ = writeln!(out, "  because {cue}");
    }
    for (u, unit) in doc.units.iter().enumerate() {
        let _ = write!(out, "unit#{u} {} {:?}", unit.kind.as_str(), short(&unit.title, 40));
        if let Some(r) = &unit.title_span {
            let _ = write!(out, " @{}", lines_of(r));
        }
        if let Some(r) = &unit.number_span {
            let _ = write!(out, " number@{}", lines_of(r));
        }
        if let Some(t) = &unit.theme {
            let _ = write!(out, " theme={:?}", short(t, 12));
        }
        if let Some(level) = unit.level {
            let _ = write!(out, " level={level}");
        }
        if let Some(parent) = unit.heading_path.last() {
            let _ = write!(out, " under={:?}", short(parent, 16));
        }
        out.push('\n');
        for (k, v) in &unit.fields {
            let _ = writeln!(out, "  field {k}={v:?}");
        }
        for s in &unit.sections {
            let _ = write!(out, "  section {}", s.name);
            if let (Some(h), Some(r)) = (&s.heading, &s.heading_span) {
                let _ = write!(out, " heading={:?}@{}", short(h, 20), lines_of(r));
            }
            for r in &s.layout_lines {
                let _ = write!(out, " layout@{}", lines_of(r));
            }
            match (s.lines.first(), s.lines.last()) {
                (Some(a), Some(b)) => {
                    let _ = write!(out, " lines={}..L{} n={}", lines_of(a), line_of(b.start), s.lines.len());
                }
                _ => out.push_str(" lines=none"),
            }
            out.push('\n');
            for (i, it) in s.items.iter().enumerate() {
                render_item(&mut out, i, it, &lines_of);
            }
            for (t, table) in s.tables.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "    table#{t} @{} rows={} header_rows={} units={:?}",
                    lines_of(&table.norm_span),
                    table.rows.len(),
                    table.header_rows,
                    table.column_units.iter().map(|u| u.as_deref().unwrap_or("-")).collect::<Vec<_>>()
                );
                for row in &table.rows {
                    let cells: Vec<String> = row.iter().map(|c| short(&c.text, CELL_CHARS)).collect();
                    let _ = writeln!(out, "      | {} |", cells.join(" | "));
                }
            }
        }
        for (o, obj) in unit.objectives.iter().enumerate() {
            let _ = writeln!(
                out,
                "  objective#{o} @{} {:?} targets={:?} progress={:?}",
                lines_of(&obj.norm_span),
                short(&obj.text, 16),
                obj.targets,
                obj.progress
            );
        }
    }
    out
}

fn render_item(out: &mut String, i: usize, it: &Item, lines_of: &dyn Fn(&Range<usize>) -> String) {
    let indent = "  ".repeat(usize::from(it.level.min(8)));
    let _ = write!(
        out,
        "    {indent}{i} {} {} lv{} @{}",
        kind_name(it.kind),
        it.marker.as_deref().unwrap_or("-"),
        it.level,
        lines_of(&it.norm_span)
    );
    if let Some(p) = it.parent {
        let _ = write!(out, " ^{p}");
    }
    if !it.footnotes.is_empty() {
        let _ = write!(out, " fn={:?}", it.footnotes);
    }
    if let Some(t) = it.target_kind {
        let _ = write!(out, " target={t:?}");
    }
    if let Some(c) = it.table_cell {
        let _ = write!(out, " cell={}:{}:{}", c.table, c.row, c.col);
    }
    if let (Some(who), Some(role)) = (&it.speaker, it.role) {
        let _ = write!(out, " speaker={who:?}/{}", role.as_str());
    }
    if let Some(q) = it.reply_to {
        let _ = write!(out, " reply_to={q}");
    }
    let _ = writeln!(out, " {:?}", short(&it.text, TEXT_CHARS));
}
