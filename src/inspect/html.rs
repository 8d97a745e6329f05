//! The HTML view: one self-contained page (inline CSS and a small inline script; no network,
//! fonts or images) with
//!
//! - the header: kind, encoding, decode errors, fiscal year, as-of dates, mention counts;
//! - a side panel: the outline (theme → unit → sections, linking to source lines) and every
//!   mention in document order (linking to it), with a filter per kind;
//! - a table of numeric targets against progress figures per initiative;
//! - the source as written, one row per line with its number, each line shaded by the
//!   section that owns it (a label where a section's run of lines begins; lines of no
//!   section stand out in red), and each mention a `<mark class="m m-KIND" id="mN"
//!   data-kind=… data-value=… title=…>`, exactly one per mention.
//!
//! A mention crossing a line end or partly overlapping another is continued in a
//! `<mark class="mc m-KIND">` (never counted as a mention), so marks nest properly and the
//! number of `mark.m` elements equals the number of mentions — a test checks this in a
//! browser. The page marks itself `data-inspect-ready="N"` (N = the `mark.m` count) once its
//! script has run, and records any script error in `data-js-error`.

use std::fmt::Write as _;
use std::ops::Range;

use super::{
    dec_range, display_value, figure_rows, indicator_views, kind_summary, line_owners, listed_units, mention_owners,
    mentions_per_unit, LineOwner, LineRole, Lines, Listed, MentionIndex, View, KINDS,
};
use crate::pipeline::Processed;
use crate::segment::{Item, Section, SectionName};

/// Escapes text for HTML text and double-quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
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

/// Escapes source text for display: like [`escape`], and tabs and control characters made
/// visible (the characters themselves stay in the text).
fn escape_source(s: &str, out: &mut String) {
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' => out.push_str("<span class=\"tab\">\t</span>"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "<span class=\"ctl\" title=\"U+{:04X}\">{}</span>", c as u32, control_picture(c));
            }
            '\u{fffd}' => out.push_str("<span class=\"bad\" title=\"undecodable bytes\">\u{fffd}</span>"),
            c => out.push(c),
        }
    }
}

/// The Unicode control picture for a C0 control (␀ … ␟, ␡).
fn control_picture(c: char) -> char {
    if c == '\u{7f}' {
        '\u{2421}'
    } else {
        char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')
    }
}

/// CSS class of a section, by name: the plan columns get fixed shades, other names one of
/// six more shades in order of first appearance.
struct SectionClasses {
    others: Vec<String>,
}

impl SectionClasses {
    fn new(p: &Processed) -> SectionClasses {
        let mut others: Vec<String> = Vec::new();
        for u in &p.document.units {
            for s in &u.sections {
                if !matches!(s.name.as_str(), "plan" | "target" | "progress")
                    && !others.iter().any(|o| o == s.name.as_str())
                {
                    others.push(s.name.as_str().to_string());
                }
            }
        }
        SectionClasses { others }
    }

    fn of(&self, name: &str) -> String {
        match name {
            "plan" | "target" | "progress" => format!("s-{name}"),
            _ => format!("s-o{}", self.others.iter().position(|n| n == name).unwrap_or(0) % 6),
        }
    }
}

/// One mention, located in the decoded text.
struct Located {
    idx: usize,
    dec: Range<usize>,
}

/// The HTML view: one self-contained page.
pub fn html(view: &View) -> String {
    let p = view.processed;
    let text = &p.text.decoded.text;
    let lines = Lines::of(&p.text);
    let listed = listed_units(p);
    let owners = mention_owners(p);
    let classes = SectionClasses::new(p);
    let mut out = String::with_capacity(text.len() * 4 + 16_384);

    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>keikaku inspect: {}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<div class=\"layout\">\n",
        escape(view.path)
    );

    side_panel(&mut out, p, &lines, &listed, &owners, &classes);

    out.push_str("<main>\n");
    header(&mut out, view, &lines, &classes);
    figures(&mut out, p, &lines, &listed, &MentionIndex::new(p));
    indicators(&mut out, p, &lines);
    tables(&mut out, p, &lines);
    source(&mut out, p, &lines, &listed, &owners, &classes);
    out.push_str("</main>\n</div>\n<script>\n");
    out.push_str(SCRIPT);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

fn header(out: &mut String, view: &View, lines: &Lines, classes: &SectionClasses) {
    let p = view.processed;
    let d = &p.text.decoded;
    let doc = &p.document;
    let _ = writeln!(out, "<header>\n<h1>{}</h1>\n<dl class=\"facts\">", escape(view.path));
    let mut fact = |name: &str, value: String| {
        let _ = writeln!(out, "<div><dt>{name}</dt><dd>{value}</dd></div>");
    };
    fact("kind", escape(doc.kind.as_str()));
    if !doc.evidence.is_empty() {
        let cues: Vec<String> = doc.evidence.iter().map(|e| escape(e)).collect();
        fact("because", cues.join("<br>"));
    }
    let speakers = super::speaker_turns(doc);
    if !speakers.is_empty() {
        let list: Vec<String> =
            speakers.iter().map(|(w, r, n)| format!("{} <small>{r} · {n}</small>", escape(w))).collect();
        fact("speakers", list.join("<br>"));
    }
    fact("encoding", format!("{}{}", d.encoding.as_str(), if d.had_bom { " (BOM)" } else { "" }));
    fact(
        "decode errors",
        if d.decode_errors > 0 {
            format!("<span class=\"warn\">{} (shown as \u{fffd})</span>", d.decode_errors)
        } else {
            "0".into()
        },
    );
    fact(
        "fiscal year",
        p.fiscal_year.map_or("unknown".to_string(), |y| format!("FY{y} (April {y} – March {})", y + 1)),
    );
    let mut as_of: Vec<String> = Vec::new();
    for u in &doc.units {
        if let Some(a) = u.as_of.map(crate::extract::day_text) {
            if !as_of.contains(&a) {
                as_of.push(a);
            }
        }
    }
    fact("as of", if as_of.is_empty() { "–".into() } else { escape(&as_of.join(", ")) });
    if let Some(dep) = &doc.department {
        fact("department", escape(dep));
    }
    if let Some(t) = &doc.title {
        fact("title", escape(t));
    }
    fact("lines", lines.count().to_string());
    fact("records", doc.units.len().to_string());
    fact("mentions", format!("{} ({})", p.mentions.len(), escape(&kind_summary(&p.mentions))));
    let unaccounted = super::unaccounted(p).count();
    fact(
        "numbers",
        format!(
            "{} ({})",
            p.numbers.len(),
            if unaccounted > 0 {
                format!("<span class=\"ua\">{unaccounted} unaccounted</span>, marked so in the source text")
            } else {
                "none unaccounted".to_string()
            }
        ),
    );
    out.push_str("</dl>\n<p class=\"legend\">Sections: ");
    let mut names: Vec<&str> = vec!["plan", "target", "progress"];
    for n in &classes.others {
        names.push(n);
    }
    let used: Vec<&str> =
        names.into_iter().filter(|n| doc.units.iter().any(|u| u.sections.iter().any(|s| s.name == *n))).collect();
    for n in used {
        let _ = write!(out, "<span class=\"sw {}\">{}</span> ", classes.of(n), escape(n));
    }
    out.push_str("<span class=\"sw s-title\">title</span> <span class=\"sw s-none\">no section</span> · Mentions: ");
    for k in KINDS {
        let _ = write!(out, "<span class=\"chip m-{0}\">{0}</span> ", k.as_str());
    }
    out.push_str("· hover a mention for its value</p>\n</header>\n");
}

fn side_panel(
    out: &mut String,
    p: &Processed,
    lines: &Lines,
    listed: &[Listed],
    owners: &[Option<(usize, Option<usize>)>],
    classes: &SectionClasses,
) {
    let per_unit = mentions_per_unit(p, owners);
    out.push_str(
        "<nav class=\"side\" aria-label=\"outline and mentions\">\n<h2>Outline</h2>\n<ul class=\"outline\">\n",
    );
    out.push_str(
        "<li><a href=\"#figures\">Targets vs progress</a></li>\n<li><a href=\"#indicators\">Indicators</a></li>\n<li><a href=\"#tables\">Tables</a></li>\n<li><a href=\"#source\">Source text</a></li>\n",
    );
    if let Some(dep) = &p.document.department {
        let _ = writeln!(out, "<li class=\"dep\">{}</li>", escape(dep));
    }
    let mut theme: Option<&str> = None;
    let mut in_theme = false;
    for l in listed {
        let unit = l.unit;
        if unit.theme.as_deref() != theme {
            if in_theme {
                out.push_str("</ul></li>\n");
                in_theme = false;
            }
            theme = unit.theme.as_deref();
            if let Some(t) = theme {
                let _ = writeln!(out, "<li class=\"theme\">{}<ul>", escape(t));
                in_theme = true;
            }
        }
        let first_line = unit
            .title_span
            .as_ref()
            .or_else(|| unit.sections.iter().find_map(|s| s.heading_span.as_ref().or(s.lines.first())))
            .map(|r| line_no(p, lines, r));
        let count = per_unit.get(l.index).map_or(0, Vec::len);
        let title = format!("{} {} {}", l.label(), unit.kind.as_str(), unit.title);
        // Outline records sit at their heading's level.
        let indent =
            unit.level.map_or(String::new(), |l| format!(" style=\"margin-left:{}em\"", f32::from(l.min(6)) * 0.8));
        let _ = match first_line {
            Some(n) => write!(out, "<li class=\"unit\"{indent}><a href=\"#L{n}\">{}</a>", escape(&title)),
            None => write!(out, "<li class=\"unit\"{indent}>{}", escape(&title)),
        };
        let _ = writeln!(out, " <span class=\"count\" title=\"mentions\">{count}</span>\n<ul class=\"secs\">");
        for section in &unit.sections {
            let class = classes.of(section.name.as_str());
            let range = section
                .lines
                .first()
                .zip(section.lines.last())
                .map(|(a, b)| (line_no(p, lines, a), line_no(p, lines, &(b.end..b.end))));
            let _ = match range {
                Some((a, b)) => write!(
                    out,
                    "<li><a class=\"sw {class}\" href=\"#L{a}\">{}</a> <span class=\"lr\">L{a}{}</span>",
                    escape(section.name.as_str()),
                    if b > a { format!("–{b}") } else { String::new() }
                ),
                None => write!(
                    out,
                    "<li><span class=\"sw {class}\">{}</span> <span class=\"lr\">no lines</span>",
                    escape(section.name.as_str())
                ),
            };
            if let Some(h) = &section.heading_span {
                let _ = write!(out, " <a class=\"hd\" href=\"#L{}\">heading</a>", line_no(p, lines, h));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul></li>\n");
    }
    if in_theme {
        out.push_str("</ul></li>\n");
    }
    out.push_str("</ul>\n");

    let _ =
        writeln!(out, "<h2>Mentions <span class=\"count\">{}</span></h2>\n<div class=\"filters\">", p.mentions.len());
    for k in KINDS {
        let n = p.mentions.iter().filter(|m| m.kind == k).count();
        let _ = writeln!(
            out,
            "<label class=\"chip m-{0}\"><input type=\"checkbox\" checked data-kind=\"{0}\"> {0} {n}</label>",
            k.as_str()
        );
    }
    out.push_str("</div>\n<ol class=\"mlist\">\n");
    for (i, m) in p.mentions.iter().enumerate() {
        let dec = dec_range(p, &m.norm_span);
        let surface = p.text.decoded.text[dec.clone()].replace(['\r', '\n'], " ");
        let line = lines.index_of(dec.start) + 1;
        let section = owners[i]
            .and_then(|(u, s)| p.document.units.get(u).and_then(|u| s.and_then(|s| u.sections.get(s))))
            .map_or("no section", |s| s.name.as_str());
        let _ = writeln!(
            out,
            "<li class=\"k-{kind}\"><a href=\"#m{i}\"><span class=\"lr\">L{line}</span> <span class=\"chip m-{kind}\">{}</span> → {} <span class=\"sec\">{}</span></a></li>",
            escape(&surface),
            escape(&display_value(m)),
            escape(section),
            kind = m.kind.as_str(),
        );
    }
    out.push_str("</ol>\n</nav>\n");
}

/// 1-based line of the start of a normalized range.
fn line_no(p: &Processed, lines: &Lines, norm: &Range<usize>) -> usize {
    lines.index_of(dec_range(p, norm).start) + 1
}

/// An item's text as written, on one line.
fn item_text(p: &Processed, item: &Item) -> String {
    let dec = dec_range(p, &item.norm_span);
    let s = &p.text.decoded.text[dec];
    s.split(['\r', '\n']).map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ").replace('\t', " ")
}

fn figure_chips(p: &Processed, ix: &[usize]) -> String {
    let mut s = String::new();
    for &i in ix {
        let m = &p.mentions[i];
        let surface = &p.text.decoded.text[dec_range(p, &m.norm_span)];
        let _ = write!(
            s,
            "<a class=\"fig m-{}\" href=\"#m{i}\" title=\"{}\">{}</a> ",
            m.kind.as_str(),
            escape(surface),
            escape(&display_value(m))
        );
    }
    s
}

fn figures(out: &mut String, p: &Processed, lines: &Lines, listed: &[Listed], index: &MentionIndex) {
    out.push_str("<section id=\"figures\">\n<h2>Targets vs progress</h2>\n");
    let with_sections: Vec<&Listed> = listed
        .iter()
        .filter(|l| l.unit.sections.iter().any(|s| s.name == SectionName::Target || s.name == SectionName::Progress))
        .collect();
    if with_sections.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"none\">This document ({}) has no target or progress sections.</p>\n</section>",
            escape(p.document.kind.as_str())
        );
        return;
    }
    out.push_str(
        "<p class=\"note\">Each target item with figures, next to the progress item most like it \
         (same unit, most words in common); unpaired progress figures follow.</p>\n\
         <table class=\"figs\">\n<thead><tr><th>initiative</th><th>target</th><th>target figures</th>\
         <th>progress</th><th>progress figures</th></tr></thead>\n<tbody>\n",
    );
    for l in with_sections {
        let table = figure_rows(p, index, l);
        let span = table.rows.len().max(1) + usize::from(!table.other_progress.is_empty());
        let _ = write!(
            out,
            "<tr class=\"first\"><th rowspan=\"{span}\" class=\"ini\">{} {}</th>",
            escape(&l.label()),
            escape(&l.unit.title)
        );
        if table.rows.is_empty() {
            let why = if table.has_target { "no numeric targets" } else { "no target section" };
            out.push_str(&format!("<td colspan=\"4\" class=\"none\">{why}</td></tr>\n"));
        }
        for (k, row) in table.rows.iter().enumerate() {
            if k > 0 {
                out.push_str("<tr>");
            }
            let tl = line_no(p, lines, &row.target.norm_span);
            let last_year = if row.last_year.is_empty() {
                String::new()
            } else {
                format!("<div class=\"ly\">last year: {}</div>", figure_chips(p, &row.last_year))
            };
            let _ = write!(
                out,
                "<td><a href=\"#L{tl}\" class=\"lr\">L{tl}</a> {}</td><td>{}{last_year}</td>",
                escape(&item_text(p, row.target)),
                figure_chips(p, &row.target_figures)
            );
            match &row.progress {
                Some((item, figs)) => {
                    let pl = line_no(p, lines, &item.norm_span);
                    let _ = writeln!(
                        out,
                        "<td><a href=\"#L{pl}\" class=\"lr\">L{pl}</a> {}</td><td>{}</td></tr>",
                        escape(&item_text(p, item)),
                        figure_chips(p, figs)
                    );
                }
                None => out.push_str("<td class=\"none\" colspan=\"2\">no matching progress figure</td></tr>\n"),
            }
        }
        if !table.other_progress.is_empty() {
            let _ = writeln!(
                out,
                "<tr><td colspan=\"4\" class=\"other\">other progress figures: {}</td></tr>",
                figure_chips(p, &table.other_progress)
            );
        }
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// Every table drawn as its grid: its shape, lines, unit and the evidence of how it was read,
/// header rows as headers, groups set apart, each cell coloured by its typed value (the value
/// and the mention it made in its tooltip), so a misread table shows at once.
/// Every indicator: the pair as written and where each value was read, the stated rate
/// against the computed one, the rule, and (on hover) why the rule paired them.
fn indicators(out: &mut String, p: &Processed, lines: &Lines) {
    let views = indicator_views(p, lines);
    if views.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section id=\"indicators\">\n<h2>Indicators ({})</h2>\n<table class=\"grid ind\">\n\
         <tr class=\"h\"><th>#</th><th>line</th><th>name</th><th>target</th><th>baseline</th><th>result</th>\
         <th>rate</th><th>status</th><th>rule</th><th>evidence</th></tr>",
        views.len()
    );
    for v in &views {
        let attainment = v.attainment.map(|a| format!(" {a:.3}")).unwrap_or_default();
        let result = match (&v.actual, &v.as_of) {
            (Some(a), Some(d)) => format!("{} · as of {}", escape(a), escape(d)),
            (Some(a), None) => escape(a),
            (None, _) => "<span class=\"none\">none found</span>".to_string(),
        };
        let rate = v.rate.as_deref().map(escape).unwrap_or_default();
        let rate_class = if rate.ends_with("DISAGREES") { " class=\"bad\"" } else { "" };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td><a href=\"#L{line}\" class=\"lr\">L{line}</a></td><th>{}</th><td>{}</td><td>{}</td>\
             <td>{result}</td><td{rate_class}>{rate}</td><td class=\"s-{}\">{} ({}{attainment})</td><td>{}</td>\
             <td class=\"ev\">{}</td></tr>",
            v.number,
            escape(&v.name),
            escape(&v.target),
            v.baseline.as_deref().map(escape).unwrap_or_default(),
            v.status,
            v.status,
            v.direction,
            v.rule,
            escape(&v.evidence.join("; ")),
            line = v.line,
        );
    }
    out.push_str("</table>\n</section>\n");
}

fn tables(out: &mut String, p: &Processed, lines: &Lines) {
    if p.tables.is_empty() {
        return;
    }
    let _ = writeln!(out, "<section id=\"tables\">\n<h2>Tables ({})</h2>", p.tables.len());
    for (k, t) in p.tables.iter().enumerate() {
        let first = line_no(p, lines, &t.norm_span);
        let last = lines.span(&dec_range(p, &t.norm_span)).end;
        let unit = t.money_unit().map(|u| format!(" · unit {}", escape(u))).unwrap_or_default();
        let _ = writeln!(
            out,
            "<div class=\"tbl\" id=\"t{k}\"><h3>Table {k} · {} · <a href=\"#L{first}\" class=\"lr\">L{first}</a>–{last}{unit}</h3>",
            t.shape.as_str()
        );
        if !t.evidence.is_empty() {
            let _ = writeln!(out, "<p class=\"ev\">{}</p>", escape(&t.evidence.join("; ")));
        }
        out.push_str("<table class=\"grid\">\n");
        for (r, row) in t.rows.iter().enumerate() {
            let header = r < t.header_rows;
            let group = !header && row.iter().skip(1).all(|c| c.text.is_empty()) && t.parents.contains(&Some(r));
            let class = if header {
                " class=\"h\""
            } else if group {
                " class=\"group\""
            } else {
                ""
            };
            let _ = write!(out, "<tr{class}>");
            for (c, cell) in row.iter().enumerate() {
                let typed = p.cells.iter().find(|x| x.table == k && x.row == r && x.col == c);
                let tag = if header || c == 0 { "th" } else { "td" };
                let (class, title) = match typed {
                    Some(v) if v.kind != crate::extract::CellKind::Text => {
                        let value = v.date.clone().or_else(|| v.value.map(|x| format!("{x}"))).unwrap_or_default();
                        let unit = v.unit.as_deref().unwrap_or("");
                        let mention = if v.mention.is_some() { " (a mention)" } else { "" };
                        (
                            format!(" class=\"c-{}\"", v.kind.as_str()),
                            format!(
                                " title=\"{} {}{} · {}{mention}\"",
                                v.kind.as_str(),
                                escape(&value),
                                escape(unit),
                                escape(v.rule)
                            ),
                        )
                    }
                    _ => (String::new(), String::new()),
                };
                let path = if !header && c > 0 {
                    let cp = t.columns.get(c).map(|p| p.join(" › ")).unwrap_or_default();
                    format!(" data-path=\"{} ‹ {}\"", escape(&t.row_path(r).join(" › ")), escape(&cp))
                } else {
                    String::new()
                };
                let _ = write!(out, "<{tag}{class}{title}{path}>{}</{tag}>", escape(&cell.text));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</table>\n</div>\n");
    }
    out.push_str("</section>\n");
}

/// The shading key of a line: what owns it.
fn shade_key(o: &LineOwner) -> (usize, Option<usize>, bool) {
    (o.unit, o.section, o.role == LineRole::Heading)
}

fn source(
    out: &mut String,
    p: &Processed,
    lines: &Lines,
    listed: &[Listed],
    owners: &[Option<(usize, Option<usize>)>],
    classes: &SectionClasses,
) {
    let text = &p.text.decoded.text;
    let line_owner = line_owners(p, lines);
    let n = lines.count();
    let blank: Vec<bool> = (0..n).map(|i| text[lines.content(text, i)].trim().is_empty()).collect();

    // A blank line takes the shade of the lines around it when both have the same owner.
    let mut shade: Vec<Option<LineOwner>> = line_owner.clone();
    let mut prev: Option<LineOwner> = None;
    let mut i = 0;
    while i < n {
        if !blank[i] || shade[i].is_some() {
            prev = shade[i];
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && blank[j] && shade[j].is_none() {
            j += 1;
        }
        let next = if j < n { shade[j] } else { None };
        if let (Some(a), Some(b)) = (prev, next) {
            if shade_key(&a) == shade_key(&b) {
                for s in &mut shade[i..j] {
                    *s = Some(LineOwner { also_claimed: 0, ..a });
                }
            }
        }
        i = j;
    }

    let mut located: Vec<Located> =
        p.mentions.iter().enumerate().map(|(idx, m)| Located { idx, dec: dec_range(p, &m.norm_span) }).collect();
    located.sort_by_key(|l| (l.dec.start, std::cmp::Reverse(l.dec.end), l.idx));
    let mut opened = vec![false; p.mentions.len()];
    let unaccounted = unaccounted_ranges(p);
    let mut next = 0;
    let mut live: Vec<usize> = Vec::new(); // indices into `located`, in its order

    out.push_str("<section id=\"source\">\n<h2>Source text</h2>\n<div class=\"src\">\n");
    // The owner of the run of lines being drawn (`Some(None)`: lines of no section).
    let mut run: Option<Option<(usize, Option<usize>, bool)>> = None;
    for i in 0..n {
        let full = lines.full(i);
        let content = lines.content(text, i);
        let last = i + 1 == n;
        while next < located.len()
            && (located[next].dec.start < full.end || (last && located[next].dec.start <= full.end))
        {
            live.push(next);
            next += 1;
        }

        // A label where a run of lines of one owner begins (blank lines do not end a run).
        let owner = shade[i];
        if !blank[i] {
            let key = owner.map(|o| shade_key(&o));
            if run != Some(key) {
                label(out, p, listed, classes, owner);
            }
            run = Some(key);
        }
        let class = match owner {
            Some(o) => owner_class(p, classes, &o),
            None if blank[i] => String::new(),
            None => "s-none".to_string(),
        };
        let conflict = line_owner[i].map_or(0, |o| o.also_claimed);
        let _ = write!(
            out,
            "<div class=\"ln {class}{}\" id=\"L{1}\"><a class=\"no\" href=\"#L{1}\">{1}</a><span class=\"tx\">",
            if conflict > 0 { " dup" } else { "" },
            i + 1,
        );
        line_marks(out, p, text, &content, &full, &located, &live, &mut opened, owners, &unaccounted);
        out.push_str("</span>");
        if conflict > 0 {
            let _ = write!(out, "<span class=\"dupnote\">also claimed by {conflict} other span(s)</span>");
        }
        out.push_str("</div>\n");
        live.retain(|&k| located[k].dec.end > full.end);
    }
    // Mentions past the end of the text (none from a correct pipeline) still get their mark.
    let rest: Vec<usize> = (0..opened.len()).filter(|&i| !opened[i]).collect();
    if !rest.is_empty() {
        out.push_str(
            "<div class=\"ln s-none\"><span class=\"no\"></span><span class=\"tx\">mentions outside the text: ",
        );
        for i in rest {
            open_tag(out, p, i, true, owners);
            out.push_str("</mark> ");
        }
        out.push_str("</span></div>\n");
    }
    out.push_str("</div>\n</section>\n");
}

fn owner_class(p: &Processed, classes: &SectionClasses, o: &LineOwner) -> String {
    let base = match o.section.and_then(|s| p.document.units.get(o.unit).and_then(|u| u.sections.get(s))) {
        Some(section) if o.role != LineRole::Title => classes.of(section.name.as_str()),
        _ => "s-title".to_string(),
    };
    if o.role == LineRole::Heading {
        format!("{base} hl")
    } else {
        base
    }
}

fn label(out: &mut String, p: &Processed, listed: &[Listed], classes: &SectionClasses, owner: Option<LineOwner>) {
    let Some(o) = owner else {
        out.push_str("<div class=\"lab s-none\">not in any section</div>\n");
        return;
    };
    let unit = listed.get(o.unit).map(|l| format!("{} {} {}", l.label(), l.unit.kind.as_str(), l.unit.title));
    let section: Option<&Section> =
        o.section.and_then(|s| p.document.units.get(o.unit).and_then(|u| u.sections.get(s)));
    let class = owner_class(p, classes, &o);
    let what = match (o.role, section) {
        (LineRole::Title, _) | (_, None) => "title".to_string(),
        (LineRole::Heading, Some(s)) => format!("{} · heading", s.name),
        (LineRole::Content, Some(s)) => s.name.as_str().to_string(),
    };
    let _ = writeln!(
        out,
        "<div class=\"lab {class}\"><span class=\"sn\">{}</span> <span class=\"un\">{}</span></div>",
        escape(&what),
        escape(&unit.unwrap_or_default())
    );
}

fn open_tag(out: &mut String, p: &Processed, i: usize, first: bool, owners: &[Option<(usize, Option<usize>)>]) {
    let m = &p.mentions[i];
    let kind = m.kind.as_str();
    if !first {
        let _ = write!(out, "<mark class=\"mc m-{kind}\" data-of=\"m{i}\">");
        return;
    }
    let span = p.text.source_span(m.norm_span.clone());
    let surface = &p.text.decoded.text[dec_range(p, &m.norm_span)];
    let section = owners
        .get(i)
        .copied()
        .flatten()
        .and_then(|(u, s)| p.document.units.get(u).and_then(|u| s.and_then(|s| u.sections.get(s))))
        .map_or("no section", |s| s.name.as_str());
    let value = display_value(m);
    let title = format!(
        "{kind}: {} → {value}\nL{}:{} · {section} · rule {}",
        surface.replace(['\r', '\n'], " "),
        span.line,
        span.col,
        m.rule
    );
    let _ = write!(
        out,
        "<mark class=\"m m-{kind}\" id=\"m{i}\" data-kind=\"{kind}\" data-value=\"{}\" title=\"{}\">",
        escape(&value),
        escape(&title).replace('\n', "&#10;")
    );
}

/// Writes one line's text with its mention marks (see the module doc for the nesting rule).
#[allow(clippy::too_many_arguments)]
fn line_marks(
    out: &mut String,
    p: &Processed,
    text: &str,
    content: &Range<usize>,
    full: &Range<usize>,
    located: &[Located],
    live: &[usize],
    opened: &mut [bool],
    owners: &[Option<(usize, Option<usize>)>],
    unaccounted: &[Range<usize>],
) {
    let clamp = |x: usize| x.clamp(content.start, content.end);
    let mut points: Vec<usize> = vec![content.start, content.end];
    for &k in live {
        points.push(clamp(located[k].dec.start));
        points.push(clamp(located[k].dec.end));
    }
    points.sort_unstable();
    points.dedup();
    let mut stack: Vec<usize> = Vec::new(); // indices into `located`
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let active: Vec<usize> = live
            .iter()
            .copied()
            .filter(|&k| {
                located[k].dec.start <= a && located[k].dec.end >= b && located[k].dec.end > located[k].dec.start
            })
            .collect();
        let common = stack.iter().zip(&active).take_while(|(x, y)| x == y).count();
        while stack.len() > common {
            stack.pop();
            out.push_str("</mark>");
        }
        for &k in &active[common..] {
            let idx = located[k].idx;
            open_tag(out, p, idx, !opened[idx], owners);
            opened[idx] = true;
            stack.push(k);
        }
        escape_marking_unaccounted(text, a..b, unaccounted, out);
    }
    for _ in stack.drain(..) {
        out.push_str("</mark>");
    }
    // Empty mentions, and mentions starting in the line end, get an empty mark here.
    for &k in live {
        let l = &located[k];
        if !opened[l.idx] && l.dec.start <= full.end {
            open_tag(out, p, l.idx, true, owners);
            out.push_str("</mark>");
            opened[l.idx] = true;
        }
    }
}

/// The source ranges of the numbers no mention, table cell or filter accounts for, in order.
fn unaccounted_ranges(p: &Processed) -> Vec<Range<usize>> {
    p.numbers
        .iter()
        .filter(|n| n.class == crate::extract::account::NumberClass::Unaccounted)
        .map(|n| dec_range(p, &n.norm_span))
        .collect()
}

/// Escapes `text[range]`, wrapping each unaccounted number inside it in
/// `<span class="ua">` (they never overlap a mention, so they never cross a mark).
fn escape_marking_unaccounted(text: &str, range: Range<usize>, unaccounted: &[Range<usize>], out: &mut String) {
    let first = unaccounted.partition_point(|u| u.end <= range.start);
    let mut pos = range.start;
    for u in unaccounted[first..].iter().take_while(|u| u.start < range.end) {
        if u.start < pos || u.end > range.end {
            continue;
        }
        escape_source(&text[pos..u.start], out);
        out.push_str("<span class=\"ua\" title=\"unaccounted: a number keikaku read past without a reason it can name (keikaku audit lists them)\">");
        escape_source(&text[u.clone()], out);
        out.push_str("</span>");
        pos = u.end;
    }
    escape_source(&text[pos..range.end], out);
}

const CSS: &str = r#":root {
  --font: system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Hiragino Kaku Gothic ProN",
    "Yu Gothic UI", "Yu Gothic", "Meiryo", "Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic",
    "IPAGothic", "Takao Gothic", sans-serif;
  --plan: #e3eeff; --plan-b: #4c7fd9;
  --target: #e2f6e6; --target-b: #3a9d52;
  --progress: #fff0dc; --progress-b: #e08a1e;
  --title: #ececec; --title-b: #666;
  --none: #ffe5e5; --none-b: #d33;
}
* { box-sizing: border-box; }
html { font-family: var(--font); font-size: 15px; line-height: 1.55; color: #1d1d1f; background: #fff; }
body { margin: 0; }
a { color: #1756a9; }
.layout { display: grid; grid-template-columns: minmax(16rem, 24rem) minmax(0, 1fr); }
.side { position: sticky; top: 0; height: 100vh; overflow: auto; padding: .8rem 1rem 2rem;
  border-right: 1px solid #ddd; background: #fafafa; font-size: 13px; }
.side h2 { font-size: 14px; margin: 1rem 0 .4rem; }
.side ul { list-style: none; padding-left: .9rem; margin: .1rem 0; }
.side > ul { padding-left: 0; }
.outline .theme { font-weight: 600; margin-top: .4rem; }
.outline .theme ul, .outline .unit { font-weight: normal; }
.outline .dep { font-weight: 700; }
.outline .unit { margin-top: .3rem; }
.outline .secs li { margin: .1rem 0; }
.count { display: inline-block; min-width: 1.6em; padding: 0 .35em; border-radius: .8em; background: #e4e4e4;
  font-size: 11px; text-align: center; }
.lr { color: #777; font-variant-numeric: tabular-nums; font-size: 12px; }
.mlist { padding-left: 0; margin: 0; list-style: none; }
.mlist li a { display: block; padding: .1rem .3rem; color: inherit; text-decoration: none; border-radius: 3px;
  overflow-wrap: anywhere; }
.mlist li a:hover { background: #e9eef7; }
.mlist .sec { color: #888; font-size: 11px; }
.filters { display: flex; flex-wrap: wrap; gap: .3rem; margin-bottom: .5rem; }
main { padding: 1rem 1.6rem 4rem; min-width: 0; }
h1 { font-size: 1.25rem; margin: 0 0 .6rem; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 1.6rem 0 .6rem; }
.facts { display: flex; flex-wrap: wrap; gap: .3rem 1.4rem; margin: 0; }
.facts div { display: flex; gap: .4rem; }
.facts dt { color: #666; }
.facts dd { margin: 0; font-weight: 600; }
.warn { color: #c00; }
.legend { font-size: 13px; color: #444; }
.sw { display: inline-block; padding: 0 .45em; border-left: 4px solid; border-radius: 2px; color: #222;
  text-decoration: none; }
.chip { display: inline-block; padding: 0 .35em; border-radius: 3px; border-bottom: 2px solid; }
.s-plan { background: var(--plan); border-color: var(--plan-b); }
.s-target { background: var(--target); border-color: var(--target-b); }
.s-progress { background: var(--progress); border-color: var(--progress-b); }
.s-title { background: var(--title); border-color: var(--title-b); }
.s-none { background: var(--none); border-color: var(--none-b); }
.s-o0 { background: #efe6fb; border-color: #8a5cc9; }
.s-o1 { background: #e0f4f5; border-color: #2a9aa0; }
.s-o2 { background: #fbe7ef; border-color: #c9507f; }
.s-o3 { background: #f1f1dc; border-color: #9a9a2e; }
.s-o4 { background: #e6ebf2; border-color: #5d7190; }
.s-o5 { background: #f6eadf; border-color: #a9713f; }
.m-date { background: #bfe3ff; border-color: #1976d2; }
.m-count { background: #ffe08a; border-color: #c77c00; }
.m-percent { background: #f5c6ec; border-color: #a8329a; }
.m-money { background: #bdf0c4; border-color: #23863a; }
.src { border: 1px solid #ddd; border-radius: 4px; overflow: hidden; }
.ln { display: grid; grid-template-columns: 3.6em minmax(0, 1fr) auto; border-left: 6px solid transparent; }
.ln .no { color: #999; text-align: right; padding-right: .7em; font-variant-numeric: tabular-nums;
  font-size: 12px; text-decoration: none; user-select: none; padding-top: .15em; }
.ln .tx { white-space: pre-wrap; overflow-wrap: anywhere; word-break: normal; tab-size: 4; min-width: 0;
  padding-right: .5em; }
.ln:target { outline: 2px solid #1976d2; outline-offset: -2px; }
.ln.hl .tx { font-weight: 600; }
.ln.dup { background-image: repeating-linear-gradient(135deg, transparent 0 6px, rgba(200,0,0,.12) 6px 9px); }
.dupnote { font-size: 11px; color: #c00; padding: 0 .5em; }
.lab { padding: .15rem .6rem; font-size: 12px; border-left: 6px solid; border-top: 1px solid rgba(0,0,0,.08);
  color: #333; }
.lab .sn { font-weight: 700; text-transform: uppercase; letter-spacing: .04em; }
.lab .un { color: #555; margin-left: .5em; }
.tab::before { content: "⇥"; color: #b5b5b5; font-size: 11px; position: absolute; }
.tab { position: relative; }
.ctl, .bad { color: #c00; background: #fee; }
.ua { outline: 2px dashed #c60; outline-offset: 1px; background: #fff3e0; }
mark { color: inherit; border-radius: 2px; border-bottom: 2px solid; padding: 0 1px; cursor: help; }
mark mark { border-bottom-style: double; }
mark.m:target { outline: 3px solid #d32f2f; outline-offset: 1px; }
mark.m[title]:hover { filter: brightness(.92); }
body.hide-date mark.m-date, body.hide-count mark.m-count, body.hide-percent mark.m-percent,
body.hide-money mark.m-money { background: none; border-bottom-color: transparent; }
body.hide-date .mlist .k-date, body.hide-count .mlist .k-count, body.hide-percent .mlist .k-percent,
body.hide-money .mlist .k-money { display: none; }
.figs { border-collapse: collapse; width: 100%; font-size: 14px; }
.figs th, .figs td { border: 1px solid #ddd; padding: .3rem .5rem; vertical-align: top; text-align: left;
  overflow-wrap: anywhere; }
.figs thead th { background: #f3f3f3; }
.figs th.ini { background: #fafafa; width: 14rem; }
.figs tr.first > * { border-top: 2px solid #bbb; }
.fig { display: inline-block; padding: 0 .35em; border-radius: 3px; border-bottom: 2px solid; color: #222;
  text-decoration: none; white-space: nowrap; margin: 1px 0; }
.none { color: #999; font-style: italic; }
.other { font-size: 13px; color: #555; }
.ly { font-size: 12px; color: #666; margin-top: .2rem; }
.ly .fig { opacity: .75; }
.note { font-size: 13px; color: #555; }
@media (max-width: 900px) {
  .layout { display: block; }
  .side { position: static; height: auto; border-right: none; border-bottom: 1px solid #ddd; }
}
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  html { font-size: 11pt; }
  .layout { display: block; }
  .side { position: static; height: auto; overflow: visible; border: none; background: none; padding: 0; }
  .side .filters, .side .mlist, .side h2:nth-of-type(2) { display: none; }
  main { padding: 0; }
  a { color: inherit; text-decoration: none; }
  .ln, .lab, .figs tr { break-inside: avoid; }
  .lab { break-after: avoid; }
  mark.m::after { content: " " attr(data-value); font-size: 8pt; color: #333; }
}

#indicators td.ev { color: #666; font-size: .85em; }
#indicators td.s-achieved { background: #e3f6e3; }
#indicators td.s-not_achieved, #indicators td.bad { background: #fde4e4; }
#indicators .none { color: #999; }
#tables .tbl { margin: 1em 0 1.5em; }
#tables h3 { font-size: 1em; margin: .2em 0; }
#tables .ev { color: #666; font-size: .85em; margin: .2em 0 .4em; }
table.grid { border-collapse: collapse; font-size: .9em; }
table.grid th, table.grid td { border: 1px solid #ccc; padding: .15em .5em; text-align: left; }
table.grid tr.h th { background: #eef0f4; }
table.grid tr.group th { font-style: italic; background: #fafafa; }
table.grid td.c-money { background: #fff1d6; }
table.grid td.c-count { background: #e4f2ff; }
table.grid td.c-percent { background: #f3e6ff; }
table.grid td.c-fiscal_year, table.grid td.c-date, table.grid th.c-fiscal_year { background: #e6f7ec; }
table.grid td.c-number { background: #f2f2f2; }
table.grid td.c-empty { color: #999; }
"#;

const SCRIPT: &str = r#"(function () {
  "use strict";
  var root = document.documentElement;
  window.addEventListener("error", function (e) {
    root.setAttribute("data-js-error", String(e && e.message));
  });
  var boxes = document.querySelectorAll("input[data-kind]");
  for (var i = 0; i < boxes.length; i++) {
    boxes[i].addEventListener("change", function (ev) {
      var box = ev.target;
      document.body.classList.toggle("hide-" + box.getAttribute("data-kind"), !box.checked);
    });
  }
  root.setAttribute("data-inspect-ready", String(document.querySelectorAll("mark.m").length));
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::Decoded;
    use crate::extract::{Mention, MentionKind};
    use crate::segment::{segment, SegmentContext};
    use crate::span::SourceText;

    fn processed(src: &str, spans: &[(&str, MentionKind)]) -> Processed {
        let text = SourceText::new(Decoded::from_text(src));
        let norm = text.norm().to_string();
        let document = segment(&norm, &SegmentContext::default());
        let mut mentions = Vec::new();
        for (s, kind) in spans {
            let start = norm.find(s).expect("span text in the normalized text");
            let mut m = Mention::new(*kind, start..start + s.len(), "test");
            m.value = Some(1.0);
            mentions.push(m);
        }
        let owners = crate::segment::owners::Ownership::of(&document);
        Processed {
            text,
            tokens: Vec::new(),
            document,
            mentions,
            fiscal_year: None,
            owners,
            indicators: Vec::new(),
            tables: Vec::new(),
            cells: Vec::new(),
            numbers: Vec::new(),
        }
    }

    fn count(haystack: &str, needle: &str) -> usize {
        haystack.matches(needle).count()
    }

    #[test]
    fn every_mention_is_one_mark_even_across_lines_and_overlaps() {
        // "5件\n3" crosses a line end; "1.11" overlaps "R1.1" partly; "社" sits inside "28社".
        let p = processed(
            "商工労働部\n■設立（Ｒ1.11）<b>&\n参加5件\n3社、28社\n",
            &[
                ("R1.1", MentionKind::Date),
                ("1.11", MentionKind::Count),
                ("5件\n3", MentionKind::Count),
                ("28社", MentionKind::Count),
                ("社", MentionKind::Count),
            ],
        );
        let page = html(&View { path: "t<x>.txt", processed: &p });
        assert_eq!(count(&page, "<mark class=\"m "), 5, "{page}");
        assert_eq!(count(&page, "<mark"), count(&page, "</mark>"), "{page}");
        assert!(!page.contains("<b>&amp;") && page.contains("&lt;b&gt;&amp;"), "escaped: {page}");
        assert!(page.contains("t&lt;x&gt;.txt"));
        assert!(page.contains("Ｒ1.1"), "the text as written (full-width Ｒ kept)");
        // Marks nest: no closing tag of an outer mark while an inner one is open.
        let mut depth = 0i32;
        let mut rest = page.as_str();
        while let Some(pos) = rest.find("mark") {
            if rest[..pos].ends_with("</") {
                depth -= 1;
            } else if rest[..pos].ends_with('<') {
                depth += 1;
            }
            assert!(depth >= 0, "{page}");
            rest = &rest[pos + 4..];
        }
        assert_eq!(depth, 0);
    }

    #[test]
    fn no_network_resources() {
        let p = processed("a\n", &[]);
        let page = html(&View { path: "a", processed: &p });
        for bad in ["http://", "https://", "src=", "@import", "url("] {
            assert!(!page.contains(bad), "{bad} in page");
        }
    }

    #[test]
    fn empty_and_odd_inputs_render() {
        for src in ["", "\n", "\r\r\r", "\u{1}\u{fffd}\t\u{3000}", &"長".repeat(100_000)] {
            let p = processed(src, &[]);
            let page = html(&View { path: "x", processed: &p });
            assert!(page.ends_with("</html>\n"));
        }
    }
}
