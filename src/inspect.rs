//! `keikaku inspect`: one document as a person checks it — its outline, and every mention in
//! its place with its normalized value — in the terminal or as a self-contained HTML page.

use std::fmt::Write as _;
use std::ops::Range;

use crate::extract::{Mention, MentionKind};
use crate::pipeline::Processed;
use crate::segment::{Section, Unit};

/// What is being inspected.
pub struct View<'a> {
    pub path: &'a str,
    pub processed: &'a Processed,
}

/// Terminal rendering options.
#[derive(Debug, Clone, Default)]
pub struct TerminalOptions {
    pub color: bool,
    /// Only the unit with this 1-based number or a title containing this text.
    pub initiative: Option<String>,
    /// Only mentions, no items.
    pub mentions_only: bool,
}

/// A mention's normalized value, as shown after its surface (`R1.8 → 2019-08`).
pub fn display_value(m: &Mention) -> String {
    let num = |v: f64| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{}", v as i64)
        } else {
            format!("{v}")
        }
    };
    let mut s = match m.kind {
        MentionKind::Date => m.date.clone().unwrap_or_default(),
        _ => {
            let mut s = m.value.map(num).unwrap_or_default();
            if let Some(max) = m.value_max {
                let _ = write!(s, "–{}", num(max));
            }
            match m.kind {
                MentionKind::Percent => s.push_str(" %"),
                _ => {
                    if let Some(u) = &m.unit {
                        let _ = write!(s, " {u}");
                    }
                }
            }
            if let Some(per) = &m.per {
                let _ = write!(s, "/{per}");
            }
            s
        }
    };
    if let Some(q) = m.qualifier {
        let _ = write!(s, " ({q})");
    }
    if m.approx {
        s.push_str(" (approx)");
    }
    if m.role.is_some() {
        s.push_str(" (as of)");
    }
    s
}

fn paint(color: bool, code: &str, text: &str) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn kind_color(kind: MentionKind) -> &'static str {
    match kind {
        MentionKind::Date => "36",    // cyan
        MentionKind::Count => "33",   // yellow
        MentionKind::Percent => "35", // magenta
        MentionKind::Money => "32",   // green
    }
}

/// Renders a normalized range with the mentions inside it annotated in place.
fn annotate(p: &Processed, range: Range<usize>, mentions: &[&Mention], color: bool) -> String {
    let norm = p.text.norm();
    let mut out = String::new();
    let mut pos = range.start;
    for m in mentions.iter().filter(|m| m.norm_span.start >= range.start && m.norm_span.end <= range.end) {
        if m.norm_span.start < pos {
            continue;
        }
        out.push_str(&norm[pos..m.norm_span.start]);
        let surface = p.text.source_text(m.norm_span.clone());
        let label = format!("[{surface} → {}]", display_value(m));
        out.push_str(&paint(color, kind_color(m.kind), &label));
        pos = m.norm_span.end;
    }
    out.push_str(&norm[pos..range.end]);
    out.replace(['\n', '\t'], " ")
}

/// Selects the units to show: all, or the one matching `--initiative`.
pub fn select_units<'a>(p: &'a Processed, filter: Option<&str>) -> Result<Vec<(usize, &'a Unit)>, String> {
    let units: Vec<(usize, &Unit)> = p.document.units.iter().enumerate().collect();
    let Some(f) = filter else { return Ok(units) };
    let chosen: Vec<(usize, &Unit)> = match f.trim().parse::<usize>() {
        Ok(n) => {
            // Number the records of the document's main kind (initiatives for plans).
            let main: Vec<(usize, &Unit)> = main_units(&units);
            main.into_iter().skip(n.saturating_sub(1)).take(if n == 0 { 0 } else { 1 }).collect()
        }
        Err(_) => units.into_iter().filter(|(_, u)| u.title.contains(f)).collect(),
    };
    if chosen.is_empty() {
        Err(format!("no initiative matches '{f}'; give its number (1-based) or part of its title"))
    } else {
        Ok(chosen)
    }
}

fn main_units<'a>(units: &[(usize, &'a Unit)]) -> Vec<(usize, &'a Unit)> {
    let non_section: Vec<(usize, &Unit)> =
        units.iter().copied().filter(|(_, u)| u.kind != crate::segment::UnitKind::Section).collect();
    if non_section.is_empty() {
        units.to_vec()
    } else {
        non_section
    }
}

fn mentions_in<'a>(p: &'a Processed, section: &Section) -> Vec<&'a Mention> {
    p.mentions.iter().filter(|m| section.contains(m.norm_span.start)).collect()
}

/// The terminal view.
pub fn terminal(view: &View, options: &TerminalOptions) -> Result<String, String> {
    let p = view.processed;
    let c = options.color;
    let mut out = String::new();
    let d = &p.text.decoded;
    let as_of = p.document.units.iter().find_map(|u| u.as_of.clone());
    let _ = writeln!(out, "{}", paint(c, "1", view.path));
    let _ = writeln!(
        out,
        "kind: {}  encoding: {}{}  decode errors: {}  fiscal year: {}  as of: {}",
        p.document.kind.as_str(),
        d.encoding,
        if d.had_bom { " (BOM)" } else { "" },
        d.decode_errors,
        p.fiscal_year.map_or("unknown".to_string(), |y| format!("FY{y}")),
        as_of.as_deref().unwrap_or("-"),
    );
    if let Some(dep) = &p.document.department {
        let _ = writeln!(out, "department: {dep}");
    }
    let _ = writeln!(out, "records: {}  mentions: {}", p.document.units.len(), p.mentions.len());
    let mut theme: Option<&str> = None;
    for (i, unit) in select_units(p, options.initiative.as_deref())? {
        if unit.theme.as_deref() != theme {
            theme = unit.theme.as_deref();
            if let Some(t) = theme {
                let _ = writeln!(out, "\n{}", paint(c, "1;34", t));
            }
        }
        let line = unit.title_span.as_ref().map(|r| p.text.line_number(r.start));
        let _ = writeln!(
            out,
            "\n{} {} {}{}",
            paint(c, "1", &format!("[{}]", i + 1)),
            unit.kind.as_str(),
            paint(c, "1", &unit.title),
            line.map_or(String::new(), |l| format!("  (line {l})")),
        );
        for (name, value) in &unit.fields {
            let _ = writeln!(out, "    {name}: {value}");
        }
        for section in &unit.sections {
            let heading = section.heading.as_deref().unwrap_or("");
            let _ = writeln!(out, "  {} {}", paint(c, "1;4", &section.name), heading);
            let mentions = mentions_in(p, section);
            if options.mentions_only {
                for m in &mentions {
                    let surface = p.text.source_text(m.norm_span.clone());
                    let span = p.text.source_span(m.norm_span.clone());
                    let _ = writeln!(
                        out,
                        "    {:>4}:{:<3} {:<7} {} → {}",
                        span.line,
                        span.col,
                        m.kind.as_str(),
                        paint(c, kind_color(m.kind), surface),
                        display_value(m)
                    );
                }
                continue;
            }
            for item in &section.items {
                let indent = "  ".repeat(item.level as usize + 2);
                let text = annotate(p, item.norm_span.clone(), &mentions, c);
                let _ = writeln!(out, "{indent}{}", text.trim());
            }
            for table in &section.tables {
                let _ = writeln!(out, "    table ({} rows):", table.rows.len());
                for row in &table.rows {
                    let cells: Vec<String> =
                        row.iter().map(|cell| annotate(p, cell.norm_span.clone(), &mentions, c)).collect();
                    let _ = writeln!(out, "      | {} |", cells.join(" | "));
                }
            }
        }
        if !unit.objectives.is_empty() {
            let _ = writeln!(out, "  {}", paint(c, "1;4", "objectives"));
            for (k, o) in unit.objectives.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "    {}. {} — {} targets, {} progress items",
                    k + 1,
                    o.text,
                    o.targets.len(),
                    o.progress.len()
                );
            }
        }
    }
    Ok(out)
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// The HTML view: one self-contained page.
pub fn html(view: &View) -> String {
    let p = view.processed;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>{}</title></head><body>\n<h1>{}</h1>\n",
        escape(view.path),
        escape(view.path)
    );
    for m in &p.mentions {
        let surface = p.text.source_text(m.norm_span.clone());
        let _ = writeln!(
            out,
            "<p><mark class=\"mention {}\" title=\"{}\">{}</mark></p>",
            m.kind.as_str(),
            escape(&display_value(m)),
            escape(surface)
        );
    }
    out.push_str("</body></html>\n");
    out
}
