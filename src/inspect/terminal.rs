//! The terminal view: a header (kind, encoding, fiscal year, as-of date, mention counts),
//! then the outline — theme → unit → sections → items — with every item's source line
//! number, indentation by item level, mentions inline as `[surface → value]` coloured by
//! kind, tables as aligned rows, and per initiative the objectives → targets → progress
//! pairing and the numeric targets next to the progress figures.

use std::fmt::Write as _;
use std::ops::Range;

use super::{
    dec_range, display_value, figure_rows, indicator_views, kind_summary, mention_owners, mentions_per_unit,
    select_units, Lines, Listed, MentionIndex, TerminalOptions, View,
};
use crate::extract::MentionKind;
use crate::pipeline::Processed;
use crate::segment::{Item, ItemKind, Section, SectionName, Table, Unit, UnitKind};

/// Deepest item level shown as indentation (deeper items are drawn at this level).
const MAX_INDENT: usize = 8;
/// Display columns beyond which a table wraps its widest cells (to [`MAX_CELL_WIDTH`]).
const TABLE_WIDTH: usize = 150;
const MAX_CELL_WIDTH: usize = 36;
/// Display columns of a line in the objectives and figures summaries before it is cut.
const SUMMARY_WIDTH: usize = 72;

/// ANSI styles; all empty without colour.
struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn bold(&self, t: &str) -> String {
        self.paint("1", t)
    }
    fn dim(&self, t: &str) -> String {
        self.paint("2", t)
    }
    fn kind(&self, k: MentionKind, t: &str) -> String {
        self.paint(kind_color(k), t)
    }
    fn section(&self, name: &str) -> String {
        let code = match name {
            "plan" => "1;34",
            "target" => "1;32",
            "progress" => "1;33",
            _ => "1;37",
        };
        self.paint(code, name)
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

/// One piece of a displayed line: text as written, or a mention label.
#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    Mention { kind: MentionKind, label: String },
}

/// A displayed source line: its 1-based number and its pieces.
#[derive(Debug, Clone)]
struct Line {
    number: usize,
    pieces: Vec<Piece>,
}

impl Line {
    fn width(&self) -> usize {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => width(t),
                Piece::Mention { label, .. } => width(label),
            })
            .sum()
    }

    fn render(&self, st: &Style) -> String {
        let mut s = String::new();
        for p in &self.pieces {
            match p {
                Piece::Text(t) => s.push_str(t),
                Piece::Mention { kind, label } => s.push_str(&st.kind(*kind, label)),
            }
        }
        s
    }

    /// The line cut to `max` display columns (with `…`).
    fn truncated(&self, max: usize) -> Line {
        if self.width() <= max {
            return self.clone();
        }
        let mut out = Vec::new();
        let mut used = 0;
        for p in &self.pieces {
            let (text, kind) = match p {
                Piece::Text(t) => (t, None),
                Piece::Mention { kind, label } => (label, Some(*kind)),
            };
            let mut cut = String::new();
            for c in text.chars() {
                let w = char_width(c);
                if used + w > max.saturating_sub(1) {
                    break;
                }
                used += w;
                cut.push(c);
            }
            let full = cut.len() == text.len();
            out.push(match kind {
                None => Piece::Text(cut),
                Some(kind) => Piece::Mention { kind, label: cut },
            });
            if !full {
                out.push(Piece::Text("…".into()));
                break;
            }
        }
        Line { number: self.number, pieces: out }
    }
}

/// `1 mention`, `2 mentions`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Display columns of a char: 2 for East Asian wide and full-width characters, 0 for
/// combining marks and controls, else 1 (close enough to `wcwidth` for aligning tables).
fn char_width(c: char) -> usize {
    let u = c as u32;
    if u < 0x20 || (0x7f..0xa0).contains(&u) || (0x300..0x370).contains(&u) || (0x3099..=0x309a).contains(&u) {
        return 0;
    }
    let wide = (0x1100..=0x115f).contains(&u)
        || (0x2e80..=0x303e).contains(&u)
        || (0x3041..=0x33ff).contains(&u)
        || (0x3400..=0x4dbf).contains(&u)
        || (0x4e00..=0x9fff).contains(&u)
        || (0xa000..=0xa4cf).contains(&u)
        || (0xac00..=0xd7a3).contains(&u)
        || (0xf900..=0xfaff).contains(&u)
        || (0xfe30..=0xfe4f).contains(&u)
        || (0xff00..=0xff60).contains(&u)
        || (0xffe0..=0xffe6).contains(&u)
        || (0x1f300..=0x1f64f).contains(&u)
        || (0x20000..=0x3fffd).contains(&u);
    if wide {
        2
    } else {
        1
    }
}

fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// Builds displayed lines for a normalized range: the source text as written, mentions
/// (from `candidates`, indices into `p.mentions`) replaced by `[surface → value]`, line ends
/// starting new lines. Mentions nested in or overlapping an earlier one follow its label as
/// `[+surface → value]`, so every mention inside the range is shown once. `candidates` must
/// be ordered by start (as [`MentionIndex::within`] and [`by_start`] give them); `shown`
/// records which mentions were shown.
fn annotate(
    p: &Processed,
    lines: &Lines,
    norm: &Range<usize>,
    candidates: &[usize],
    mut shown: Option<&mut [bool]>,
) -> Vec<Line> {
    let text = &p.text.decoded.text;
    let dec = dec_range(p, norm);
    let first = candidates.partition_point(|&i| p.mentions[i].norm_span.start < norm.start);
    let mut ms: Vec<(Range<usize>, usize)> = candidates[first..]
        .iter()
        .take_while(|&&i| p.mentions[i].norm_span.start <= norm.end)
        .map(|&i| (dec_range(p, &p.mentions[i].norm_span), i))
        .filter(|(r, _)| r.start >= dec.start && r.end <= dec.end)
        .collect();
    ms.sort_by_key(|(r, i)| (r.start, std::cmp::Reverse(r.end), *i));

    let mut out = vec![Line { number: lines.index_of(dec.start) + 1, pieces: Vec::new() }];
    let push_text = |out: &mut Vec<Line>, s: &str| {
        let mut rest = s;
        while let Some(pos) = rest.find(['\n', '\r']) {
            push_piece(out, Piece::Text(rest[..pos].to_string()));
            let skip = if rest[pos..].starts_with("\r\n") { 2 } else { 1 };
            rest = &rest[pos + skip..];
            let n = out.last().map_or(1, |l| l.number) + 1;
            out.push(Line { number: n, pieces: Vec::new() });
        }
        push_piece(out, Piece::Text(rest.to_string()));
    };
    let mut pos = dec.start;
    let mut pending_breaks = 0;
    for (r, i) in ms {
        let m = &p.mentions[i];
        let surface = &text[r.clone()];
        let one_line: String = surface.split(['\r', '\n']).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
        if let Some(shown) = shown.as_deref_mut() {
            if let Some(flag) = shown.get_mut(i) {
                *flag = true;
            }
        }
        if r.start < pos {
            push_piece(
                &mut out,
                Piece::Mention { kind: m.kind, label: format!("[+{one_line} → {}]", display_value(m)) },
            );
            continue;
        }
        // Line ends inside the previous mention's surface start new lines only now, after
        // its label (and any nested labels).
        for _ in 0..pending_breaks {
            let n = out.last().map_or(1, |l| l.number) + 1;
            out.push(Line { number: n, pieces: Vec::new() });
        }
        push_text(&mut out, &text[pos..r.start]);
        push_piece(&mut out, Piece::Mention { kind: m.kind, label: format!("[{one_line} → {}]", display_value(m)) });
        pending_breaks = surface.replace("\r\n", "\n").matches(['\n', '\r']).count();
        pos = r.end;
    }
    for _ in 0..pending_breaks {
        let n = out.last().map_or(1, |l| l.number) + 1;
        out.push(Line { number: n, pieces: Vec::new() });
    }
    if pos < dec.end {
        push_text(&mut out, &text[pos..dec.end]);
    }
    // Leading and trailing blanks (tabs, full-width spaces) are layout; tabs inside are cells.
    for line in &mut out {
        if let Some(Piece::Text(t)) = line.pieces.first_mut() {
            *t = t.trim_start().to_string();
        }
        if let Some(Piece::Text(t)) = line.pieces.last_mut() {
            *t = t.trim_end().to_string();
        }
        for piece in &mut line.pieces {
            if let Piece::Text(t) = piece {
                if t.contains('\t') {
                    *t = t.replace('\t', "  ");
                }
            }
        }
        line.pieces.retain(|p| !matches!(p, Piece::Text(t) if t.is_empty()));
    }
    out.retain(|l| !l.pieces.is_empty());
    out
}

/// Mention indices ordered by start (then index), as [`annotate`] wants them.
fn by_start(p: &Processed, mut ix: Vec<usize>) -> Vec<usize> {
    ix.sort_by_key(|&i| (p.mentions[i].norm_span.start, i));
    ix
}

fn push_piece(out: &mut [Line], piece: Piece) {
    if let Some(line) = out.last_mut() {
        line.pieces.push(piece);
    }
}

/// The line as one string: its pieces joined, line breaks as spaces.
fn join(lines: &[Line]) -> Line {
    let mut pieces = Vec::new();
    for (k, l) in lines.iter().enumerate() {
        if k > 0 {
            pieces.push(Piece::Text(" ".into()));
        }
        pieces.extend(l.pieces.iter().cloned());
    }
    Line { number: lines.first().map_or(0, |l| l.number), pieces }
}

/// The terminal view.
pub fn terminal(view: &View, options: &TerminalOptions) -> Result<String, String> {
    let p = view.processed;
    let st = Style { color: options.color };
    let selected = select_units(p, options.initiative.as_deref())?;
    let lines = Lines::of(&p.text);
    let owners = mention_owners(p);
    let per_unit = mentions_per_unit(p, &owners);
    let index = MentionIndex::new(p);
    let mut shown = vec![false; p.mentions.len()];
    let mut out = String::new();

    header(&mut out, view, &st, &lines);
    if options.initiative.is_none() {
        outline(&mut out, p, &st);
        speakers(&mut out, p, &st);
        tables_overview(&mut out, p, &st, &lines);
    }
    if !options.mentions_only {
        let chosen: Vec<usize> = selected.iter().map(|l| l.index).collect();
        indicators_overview(&mut out, p, &st, &lines, &chosen);
    }

    let mut theme: Option<&str> = None;
    for listed in &selected {
        let unit = listed.unit;
        if unit.theme.as_deref() != theme {
            theme = unit.theme.as_deref();
            if let Some(t) = theme {
                let _ = writeln!(out, "\n{}", st.paint("1;34", t));
            }
        }
        let unit_mentions = per_unit.get(listed.index).map(Vec::as_slice).unwrap_or_default();
        unit_block(&mut out, p, &index, &st, &lines, listed, unit_mentions, &owners, options, &mut shown);
    }

    if options.initiative.is_none() {
        let outside: Vec<usize> = (0..p.mentions.len()).filter(|&i| owners[i].is_none()).collect();
        if !outside.is_empty() {
            let _ = writeln!(
                out,
                "\n{} ({}: {})",
                st.paint("1;31", "mentions outside every section"),
                outside.len(),
                kind_summary(outside.iter().map(|&i| &p.mentions[i]))
            );
            for i in outside {
                mention_line(&mut out, p, &st, i, "  ");
            }
        }
    }
    Ok(out)
}

fn header(out: &mut String, view: &View, st: &Style, lines: &Lines) {
    let p = view.processed;
    let d = &p.text.decoded;
    let doc = &p.document;
    let _ = writeln!(out, "{}", st.bold(view.path));
    let errors = if d.decode_errors > 0 {
        st.paint("1;31", &format!("decode errors {} (shown as �)", d.decode_errors))
    } else {
        "decode errors 0".to_string()
    };
    let _ = writeln!(
        out,
        "  kind {} · {}{} · {} · {} lines",
        st.bold(doc.kind.as_str()),
        d.encoding.as_str(),
        if d.had_bom { " with BOM" } else { "" },
        errors,
        lines.count()
    );
    for cue in &doc.evidence {
        let _ = writeln!(out, "    {} {cue}", st.dim("because"));
    }
    let mut as_of: Vec<String> = Vec::new();
    for u in &doc.units {
        if let Some(a) = u.as_of.map(crate::extract::day_text) {
            if !as_of.contains(&a) {
                as_of.push(a);
            }
        }
    }
    let _ = writeln!(
        out,
        "  fiscal year {} · as of {}",
        p.fiscal_year.map_or("unknown".to_string(), |y| format!("FY{y} (April {y} – March {})", y + 1)),
        if as_of.is_empty() { "-".to_string() } else { as_of.join(", ") },
    );
    if let Some(dep) = &doc.department {
        let _ = writeln!(out, "  department {}", st.bold(dep));
    }
    if let Some(title) = &doc.title {
        let _ = writeln!(out, "  title {title}");
    }
    let mut kinds: Vec<(&str, usize)> = Vec::new();
    for u in &doc.units {
        match kinds.iter_mut().find(|(k, _)| *k == u.kind.as_str()) {
            Some((_, n)) => *n += 1,
            None => kinds.push((u.kind.as_str(), 1)),
        }
    }
    let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let _ = writeln!(
        out,
        "  records {}{}",
        doc.units.len(),
        if kinds.is_empty() { String::new() } else { format!(" ({})", kinds.join(", ")) }
    );
    let mut summary = String::new();
    for k in super::KINDS {
        let n = p.mentions.iter().filter(|m| m.kind == k).count();
        if n > 0 {
            let _ = write!(summary, " · {}", st.kind(k, &format!("{} {n}", k.as_str())));
        }
    }
    let _ = writeln!(out, "  mentions {}{}", p.mentions.len(), summary);
}

/// The heading tree: every record with a heading level, indented by it.
fn outline(out: &mut String, p: &Processed, st: &Style) {
    let units: Vec<(usize, &Unit)> = p.document.units.iter().enumerate().filter(|(_, u)| u.level.is_some()).collect();
    if units.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", st.bold("outline"));
    for (i, u) in units {
        let level = usize::from(u.level.unwrap_or(0));
        let line = u.title_span.as_ref().map_or(String::new(), |r| format!("  L{}", p.text.line_number(r.start)));
        let _ = writeln!(
            out,
            "  {}{} {}{}",
            "  ".repeat(level.min(MAX_INDENT)),
            st.dim(&format!("[{}]", i + 1)),
            u.title,
            st.dim(&line)
        );
    }
}

/// Minutes: who speaks, in which role, how many turns.
fn speakers(out: &mut String, p: &Processed, st: &Style) {
    let seen = super::speaker_turns(&p.document);
    if seen.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", st.bold("speakers"));
    for (who, role, n) in seen {
        let _ = writeln!(out, "  {who} {} {}", st.dim(role), st.dim(&plural(n, "turn")));
    }
}

#[allow(clippy::too_many_arguments)]
fn unit_block(
    out: &mut String,
    p: &Processed,
    index: &MentionIndex,
    st: &Style,
    lines: &Lines,
    listed: &Listed,
    unit_mentions: &[usize],
    owners: &[Option<(usize, Option<usize>)>],
    options: &TerminalOptions,
    shown: &mut [bool],
) {
    let unit = listed.unit;
    let line = unit.title_span.as_ref().map(|r| p.text.line_number(r.start));
    let mut facts = Vec::new();
    if let Some(fy) = unit.fiscal_year {
        facts.push(format!("FY{fy}"));
    }
    if let Some(a) = &unit.as_of {
        facts.push(format!("as of {}", crate::extract::day_text(*a)));
    }
    facts.push(format!(
        "{}{}",
        plural(unit_mentions.len(), "mention"),
        if unit_mentions.is_empty() {
            String::new()
        } else {
            format!(": {}", kind_summary(unit_mentions.iter().map(|&i| &p.mentions[i])))
        }
    ));
    let _ = writeln!(
        out,
        "\n{} {} {}{}  {}",
        st.bold(&listed.label()),
        unit.kind.as_str(),
        st.bold(&unit.title),
        line.map_or(String::new(), |l| st.dim(&format!("  L{l}"))),
        st.dim(&facts.join(" · ")),
    );
    // Figures on the title line itself (a project's `事業名:…(14,043千円)`).
    let on_title: Vec<usize> =
        unit_mentions.iter().copied().filter(|&i| owners[i] == Some((listed.index, None))).collect();
    if let (Some(span), false) = (&unit.title_span, on_title.is_empty()) {
        let title = join(&annotate(p, lines, span, &on_title, Some(&mut *shown)));
        let _ = writeln!(out, "    {} {}", st.dim("title"), title.render(st));
    }
    if !unit.heading_path.is_empty() && !options.mentions_only {
        let _ = writeln!(out, "    {} {}", st.dim("under"), st.dim(&unit.heading_path.join(" › ")));
    }
    for (name, value) in unit.fields.iter().filter(|_| !options.mentions_only) {
        let _ = writeln!(out, "    {}: {value}", st.dim(name));
    }
    for (si, section) in unit.sections.iter().enumerate() {
        let in_section: Vec<usize> = by_start(
            p,
            unit_mentions.iter().copied().filter(|&i| owners[i] == Some((listed.index, Some(si)))).collect(),
        );
        section_block(out, p, st, lines, section, &in_section, options, shown);
    }
    if options.mentions_only {
        return;
    }
    objectives_block(out, p, index, st, lines, unit);
    figures_block(out, p, index, st, lines, listed);
}

#[allow(clippy::too_many_arguments)]
fn section_block(
    out: &mut String,
    p: &Processed,
    st: &Style,
    lines: &Lines,
    section: &Section,
    mentions: &[usize],
    options: &TerminalOptions,
    shown: &mut [bool],
) {
    let first_line = section.lines.first().map(|r| p.text.line_number(r.start));
    let last_line = section.lines.last().map(|r| p.text.line_number(r.end));
    let range = match (first_line, last_line) {
        (Some(a), Some(b)) if a != b => format!("L{a}–{b}"),
        (Some(a), _) => format!("L{a}"),
        _ => "no lines".to_string(),
    };
    let mut head = format!("  {}", st.section(section.name.as_str()));
    if let Some(h) = &section.heading_span {
        let heading = join(&annotate(p, lines, h, mentions, Some(&mut *shown)));
        let _ = write!(head, " {}  {}", heading.render(st), st.dim(&format!("L{}", heading.number)));
    }
    let count = if mentions.is_empty() {
        String::new()
    } else {
        format!(" · {}: {}", plural(mentions.len(), "mention"), kind_summary(mentions.iter().map(|&i| &p.mentions[i])))
    };
    let _ = writeln!(out, "{head}  {}", st.dim(&format!("[{range}{count}]")));

    if options.mentions_only {
        for &i in mentions {
            mention_line(out, p, st, i, "    ");
        }
        return;
    }

    // Items and tables in document order.
    enum Block<'a> {
        Item(&'a Item),
        Table(&'a Table),
    }
    // Items taken from table cells are shown in their table.
    let mut blocks: Vec<(usize, Block)> = section
        .items
        .iter()
        .filter(|i| i.table_cell.is_none() || section.tables.is_empty())
        .map(|i| (i.norm_span.start, Block::Item(i)))
        .collect();
    blocks.extend(section.tables.iter().map(|t| (t.norm_span.start, Block::Table(t))));
    blocks.sort_by_key(|(start, _)| *start);
    for (_, block) in blocks {
        match block {
            Block::Item(item) => {
                let indent = "  ".repeat((item.level as usize).min(MAX_INDENT));
                let indent = match item.role {
                    Some(role) => format!("{indent}{} ", st.dim(&format!("‹{}›", role.as_str()))),
                    None => indent,
                };
                for (k, line) in annotate(p, lines, &item.norm_span, mentions, Some(&mut *shown)).iter().enumerate() {
                    let cont = if k == 0 { "" } else { "  " };
                    let _ = writeln!(
                        out,
                        "    {} {indent}{cont}{}",
                        st.dim(&format!("L{:<4}", line.number)),
                        line.render(st)
                    );
                }
            }
            Block::Table(table) => table_block(out, p, st, lines, table, mentions, shown),
        }
    }
    let missed: Vec<usize> = mentions.iter().copied().filter(|&i| !shown[i]).collect();
    if !missed.is_empty() {
        let _ = writeln!(out, "    {}", st.paint("31", "mentions on lines of no item:"));
        for i in missed {
            shown[i] = true;
            mention_line(out, p, st, i, "      ");
        }
    }
}

/// Every table of the document: its shape, lines, size, unit and how it was read, so a misread
/// table shows at once (each is drawn as a grid where its section is shown).
fn tables_overview(out: &mut String, p: &Processed, st: &Style, lines: &Lines) {
    if p.tables.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", st.bold(&format!("tables ({})", p.tables.len())));
    for (k, t) in p.tables.iter().enumerate() {
        let l = lines.span(&dec_range(p, &t.norm_span));
        let cols = t.rows.iter().map(Vec::len).max().unwrap_or(0);
        let unit = t.money_unit().map(|u| format!(", unit {u}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  #{k} {} L{}–{}: {} rows × {cols} columns ({} header){unit}",
            t.shape.as_str(),
            l.start + 1,
            l.end,
            t.rows.len() - t.header_rows.min(t.rows.len()),
            t.header_rows
        );
        for e in &t.evidence {
            let _ = writeln!(out, "      {}", st.dim(&format!("because {e}")));
        }
    }
}

/// Every indicator of the shown units: the pair as written and where each value was read, the
/// stated rate against the computed one, the rule and why it paired them.
fn indicators_overview(out: &mut String, p: &Processed, st: &Style, lines: &Lines, units: &[usize]) {
    let views: Vec<_> = indicator_views(p, lines).into_iter().filter(|v| units.contains(&v.unit)).collect();
    if views.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", st.bold(&format!("indicators ({})", views.len())));
    for v in &views {
        let status_color = match v.status {
            "achieved" => "32",
            "not_achieved" => "31",
            _ => "33",
        };
        let attainment = v.attainment.map(|a| format!(" {a:.3}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  #{} L{} {} · {} · {}",
            v.number,
            v.line,
            st.bold(&v.name),
            v.rule,
            st.paint(status_color, &format!("{} ({}{attainment})", v.status, v.direction))
        );
        let _ = writeln!(out, "      target   {}", v.target);
        if let Some(b) = &v.baseline {
            let _ = writeln!(out, "      baseline {b}");
        }
        match &v.actual {
            Some(a) => {
                let as_of = v.as_of.as_deref().map(|d| format!(" as of {d}")).unwrap_or_default();
                let _ = writeln!(out, "      result   {a}{as_of}");
            }
            None => {
                let _ = writeln!(out, "      result   {}", st.dim("none found"));
            }
        }
        if let Some(r) = &v.rate {
            let color = if r.ends_with("DISAGREES") { "31" } else { "0" };
            let _ = writeln!(out, "      rate     {}", st.paint(color, r));
        }
        for e in v.evidence {
            let _ = writeln!(out, "      {}", st.dim(&format!("because {e}")));
        }
    }
}

fn table_block(
    out: &mut String,
    p: &Processed,
    st: &Style,
    lines: &Lines,
    table: &Table,
    mentions: &[usize],
    shown: &mut [bool],
) {
    let rows: Vec<Vec<Line>> = table
        .rows
        .iter()
        .map(|row| {
            row.iter().map(|cell| join(&annotate(p, lines, &cell.norm_span, mentions, Some(&mut *shown)))).collect()
        })
        .collect();
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; cols];
    for row in &rows {
        for (c, cell) in row.iter().enumerate() {
            widths[c] = widths[c].max(cell.width());
        }
    }
    // Wide tables wrap their widest cells, so a row stays readable in a terminal.
    if widths.iter().map(|w| w + 3).sum::<usize>() > TABLE_WIDTH {
        for w in &mut widths {
            *w = (*w).min(MAX_CELL_WIDTH);
        }
    }
    let span = dec_range(p, &table.norm_span);
    let lines_of = lines.span(&span);
    let id = table.id.map(|k| format!("#{k} ")).unwrap_or_default();
    let unit = table.money_unit().map(|u| format!(", unit {u}")).unwrap_or_default();
    let _ = writeln!(
        out,
        "    {} {}",
        st.dim(&format!("L{:<4}", lines_of.start + 1)),
        st.dim(&format!(
            "table {id}{}: {} rows × {} columns, L{}–{}{unit}",
            table.shape.as_str(),
            rows.len(),
            cols,
            lines_of.start + 1,
            lines_of.end
        )),
    );
    let rule = |out: &mut String| {
        let s: String = widths.iter().map(|w| format!("┼{}", "─".repeat(w + 2))).collect::<String>();
        let _ = writeln!(out, "    {} {}", " ".repeat(5), st.dim(&format!("├{}┤", &s["┼".len()..])));
    };
    for (r, row) in rows.iter().enumerate() {
        if r == table.header_rows && r > 0 {
            rule(out);
        }
        let number = table.rows[r]
            .first()
            .map(|c| lines.index_of(dec_range(p, &c.norm_span).start) + 1)
            .unwrap_or(lines_of.start + 1);
        let wrapped: Vec<Vec<Line>> =
            widths.iter().enumerate().map(|(c, &w)| row.get(c).map(|cell| wrap(cell, w)).unwrap_or_default()).collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(0).max(1);
        for k in 0..height {
            let mut s = String::new();
            for (c, w) in widths.iter().enumerate() {
                let (rendered, cw) = wrapped[c].get(k).map_or((String::new(), 0), |l| (l.render(st), l.width()));
                let _ = write!(s, "│ {rendered}{} ", " ".repeat(w.saturating_sub(cw)));
            }
            s.push('│');
            // A row in a group shows its group's label in front (`【特別会計】 › 国民健康保険`).
            if k == 0 {
                if let Some(g) = table.parents.get(r).copied().flatten() {
                    let label = table.rows[g].first().map_or("", |c| c.text.as_str());
                    let _ = write!(s, " {}", st.dim(&format!("‹ {label}")));
                }
            }
            let gutter = if k == 0 { format!("L{number:<4}") } else { " ".repeat(5) };
            let _ = writeln!(out, "    {} {s}", st.dim(&gutter));
        }
    }
}

/// A line broken into lines of at most `max` columns; a mention label is never broken
/// (it moves to the next line whole, and may stick out when longer than `max`).
fn wrap(line: &Line, max: usize) -> Vec<Line> {
    let mut out = vec![Line { number: line.number, pieces: Vec::new() }];
    let mut used = 0;
    let new_line = |out: &mut Vec<Line>, used: &mut usize| {
        out.push(Line { number: line.number, pieces: Vec::new() });
        *used = 0;
    };
    for piece in &line.pieces {
        match piece {
            Piece::Mention { label, .. } => {
                if used > 0 && used + width(label) > max {
                    new_line(&mut out, &mut used);
                }
                used += width(label);
                push_piece(&mut out, piece.clone());
            }
            Piece::Text(t) => {
                let mut cur = String::new();
                for c in t.chars() {
                    let w = char_width(c);
                    if used > 0 && used + w > max {
                        push_piece(&mut out, Piece::Text(std::mem::take(&mut cur)));
                        new_line(&mut out, &mut used);
                    }
                    used += w;
                    cur.push(c);
                }
                push_piece(&mut out, Piece::Text(cur));
            }
        }
    }
    for l in &mut out {
        l.pieces.retain(|p| !matches!(p, Piece::Text(t) if t.is_empty()));
    }
    out
}

fn mention_line(out: &mut String, p: &Processed, st: &Style, i: usize, indent: &str) {
    let Some(m) = p.mentions.get(i) else { return };
    let dec = dec_range(p, &m.norm_span);
    let surface: String = p.text.decoded.text[dec].replace(['\r', '\n'], " ");
    let span = p.text.source_span(m.norm_span.clone());
    let _ = writeln!(
        out,
        "{indent}{} {} {} → {}  {}",
        st.dim(&format!("L{:<4}:{:<3}", span.line, span.col)),
        st.kind(m.kind, &format!("{:<7}", m.kind.as_str())),
        st.kind(m.kind, &surface),
        display_value(m),
        st.dim(m.rule),
    );
}

/// First line of an item, annotated and cut for a summary.
fn item_summary(p: &Processed, index: &MentionIndex, lines: &Lines, item: &Item) -> Line {
    let all: Vec<usize> = index.within(p, &item.norm_span);
    let ls = annotate(p, lines, &item.norm_span, &all, None);
    let mut first = join(&ls);
    if let Some(l) = ls.first() {
        first.number = l.number;
    }
    first.truncated(SUMMARY_WIDTH)
}

/// Per ■ objective, the targets and the progress items linked to it: the target items
/// themselves (without the ◇ / (定性的な目標) openers) and the top progress items, each with
/// the number of linked items below it.
fn objectives_block(out: &mut String, p: &Processed, index: &MentionIndex, st: &Style, lines: &Lines, unit: &Unit) {
    if unit.objectives.is_empty() {
        if unit.kind == UnitKind::Initiative {
            let _ = writeln!(out, "  {}", st.paint("31", "no ■ objectives: targets and progress are not paired"));
        }
        return;
    }
    let _ = writeln!(out, "  {}", st.bold("objectives → targets → progress"));
    let target = unit.sections.iter().find(|s| s.name == SectionName::Target);
    let progress = unit.sections.iter().find(|s| s.name == SectionName::Progress);
    for (k, o) in unit.objectives.iter().enumerate() {
        let dec = dec_range(p, &o.norm_span);
        let number = lines.index_of(dec.start) + 1;
        let text = Line { number, pieces: vec![Piece::Text(o.text.clone())] }.truncated(SUMMARY_WIDTH);
        let _ = writeln!(out, "    ■{} {}  {}", k + 1, text.render(st), st.dim(&format!("L{number}")));
        for (name, section, indices) in [("target", target, &o.targets), ("progress", progress, &o.progress)] {
            let linked: Vec<(usize, &Item)> =
                indices.iter().filter_map(|&i| section.and_then(|s| s.items.get(i)).map(|it| (i, it))).collect();
            let shown = top_items(&linked, name == "target");
            if shown.is_empty() {
                let _ = writeln!(out, "       {} {}", st.section(&format!("{name:<8}")), st.paint("31", "none"));
            }
            for (item, below) in shown {
                let line = item_summary(p, index, lines, item);
                let more = if below > 0 { st.dim(&format!("  (+{below} below)")) } else { String::new() };
                let _ = writeln!(
                    out,
                    "       {} {} {}{more}",
                    st.section(&format!("{name:<8}")),
                    st.dim(&format!("L{:<4}", line.number)),
                    line.render(st)
                );
            }
        }
    }
}

/// The items to list for an objective: for targets every target item but the block openers
/// (◇成果指標, (定性的な目標), (数値目標)); for progress the items whose parent is not linked,
/// each with how many linked items follow it before the next one.
fn top_items<'a>(linked: &[(usize, &'a Item)], targets: bool) -> Vec<(&'a Item, usize)> {
    let opener =
        |i: &Item| matches!(i.kind, ItemKind::Indicator | ItemKind::QualitativeTargets | ItemKind::NumericTargets);
    let mut out: Vec<(&Item, usize)> = Vec::new();
    for &(_, item) in linked {
        if targets {
            if !opener(item) {
                out.push((item, 0));
            }
            continue;
        }
        let nested = item.parent.is_some_and(|parent| linked.iter().any(|&(j, _)| j == parent));
        match out.last_mut() {
            Some((_, below)) if nested => *below += 1,
            _ => out.push((item, 0)),
        }
    }
    out
}

fn figures_block(out: &mut String, p: &Processed, index: &MentionIndex, st: &Style, lines: &Lines, listed: &Listed) {
    let table = figure_rows(p, index, listed);
    if table.rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "  {} {}", st.bold("numeric targets vs progress"), st.dim(&listed.label()));
    let figs = |ix: &[usize]| -> String {
        ix.iter().map(|&i| st.kind(p.mentions[i].kind, &display_value(&p.mentions[i]))).collect::<Vec<_>>().join(", ")
    };
    for row in &table.rows {
        let t = item_summary(p, index, lines, row.target);
        let _ =
            writeln!(out, "    {} {} {}", st.section("target  "), st.dim(&format!("L{:<4}", t.number)), t.render(st));
        let mut line = format!(
            "target figures: {}",
            if row.target_figures.is_empty() { "-".into() } else { figs(&row.target_figures) }
        );
        if !row.last_year.is_empty() {
            let _ = write!(line, " · last year: {}", figs(&row.last_year));
        }
        let _ = writeln!(out, "             {line}");
        match &row.progress {
            Some((item, f)) => {
                let l = item_summary(p, index, lines, item);
                let _ = writeln!(
                    out,
                    "      {} {} {}",
                    st.section("progress"),
                    st.dim(&format!("L{:<4}", l.number)),
                    l.render(st)
                );
                let _ = writeln!(out, "             progress figures: {}", figs(f));
            }
            None => {
                let _ =
                    writeln!(out, "      {} {}", st.section("progress"), st.paint("31", "no matching progress figure"));
            }
        }
    }
    if !table.other_progress.is_empty() {
        let _ = writeln!(out, "    other progress figures: {}", figs(&table.other_progress));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_labels_whole() {
        let line = Line {
            number: 1,
            pieces: vec![
                Piece::Text("予算額".into()),
                Piece::Mention { kind: MentionKind::Money, label: "[14,043 → 14,043,000 円]".into() },
                Piece::Text("あいうえお".into()),
            ],
        };
        let lines = wrap(&line, 10);
        assert!(lines.iter().all(|l| l.width() <= 10 || l.pieces.len() == 1), "{lines:?}");
        let text: String = lines.iter().map(|l| l.render(&Style { color: false })).collect();
        assert_eq!(text, "予算額[14,043 → 14,043,000 円]あいうえお");
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(width("28社"), 4);
        assert_eq!(width("ＰＲ"), 4);
        assert_eq!(width("ｱ"), 1);
        assert_eq!(width("a\u{3099}"), 1);
    }
}
