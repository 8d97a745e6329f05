//! Rows and columns of a flattened table, read from its pieces the way a reader rebuilds the
//! original: a row is a label followed by its figures; the figures' count gives the columns;
//! the labels before the first row are the header, reduced to one per column (a bracketed or
//! formula line continues the cell above it; a year followed by 計画 / 実績 heads two columns);
//! a label with no figures between rows heads the rows below it (a group), up to a total row or
//! the next label of its kind.
//!
//! What a reader does with the ragged parts:
//! - a row with fewer figures than columns (a *sparse* row) fills the first columns, and its
//!   last figure goes to the last column when that column is a total (`合計`, `計`) or has no
//!   header (`計画額 950 … 5,140` then `実績額 2,085 2,085`);
//! - a row whose label has a bracketed second line (`計画額` / `(累計額)`) and whose figures
//!   alternate plain and bracketed is two rows: the values and their running totals;
//! - a list of names before the header, one per block of repeated row labels below it
//!   (`目標値`/`実績値`/`達成率` again and again), gives each block its name.

use super::pieces::{Class, Piece};
use crate::text::lexicon;

/// A table read from pieces.
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    /// The pieces the table spans: `start..end`.
    pub start: usize,
    pub end: usize,
    /// The header path of each column, the label column first.
    pub columns: Vec<Vec<String>>,
    /// The header's pieces: (pieces joined into the cell, first column, level).
    pub header: Vec<(Vec<usize>, usize, usize)>,
    pub rows: Vec<GridRow>,
    /// Column 1 holds each row's unit (a 単位 column).
    pub unit_column: bool,
    /// A list of names before the header named blocks of rows (the labels, then the years,
    /// then the values: column blocks).
    pub named_blocks: bool,
    pub evidence: Vec<String>,
}

/// One row: its label pieces, its unit cell, its figures by column (after the label and unit
/// columns), and whether it only heads the rows below it.
#[derive(Debug, Clone, Default)]
pub(crate) struct GridRow {
    pub label: Vec<usize>,
    pub unit: Option<usize>,
    pub cells: Vec<Option<usize>>,
    pub group: bool,
}

impl Grid {
    /// Columns in all (label column included).
    pub fn width(&self) -> usize {
        self.columns.len()
    }
}

/// A row as found before the columns are known.
#[derive(Debug, Clone)]
struct RawRow {
    label: Vec<usize>,
    unit: Option<usize>,
    values: Vec<usize>,
    /// Loose labels right before it (a group label, a vertical label …).
    before: Vec<usize>,
}

fn is_labelish(c: Class) -> bool {
    matches!(c, Class::Label | Class::Temporal)
}

/// Whether piece `i` starts a row: a label (a bracketed second line of it, a unit cell and up to
/// two dates may follow) and then a figure or an empty mark.
fn starts_row(p: &[Piece], i: usize) -> bool {
    let c = p[i].class;
    if !is_labelish(c) {
        return false;
    }
    let mut j = i + 1;
    if c == Class::Label {
        while j < p.len() && j <= i + 2 && p[j].class == Class::Label && p[j].bracketed() {
            j += 1;
        }
    }
    if j < p.len() && p[j].class == Class::Unit {
        j += 1;
    }
    if c == Class::Label {
        let mut dates = 0;
        while j < p.len() && p[j].class == Class::Temporal && dates < 2 {
            j += 1;
            dates += 1;
        }
    }
    j < p.len() && p[j].is_value_like() && !(p[j].class == Class::Mark && p[j].text.trim().is_empty() && j > i + 1)
}

/// Every row of the pieces, each with the loose labels before it.
fn raw_rows(p: &[Piece]) -> Vec<RawRow> {
    let mut rows = Vec::new();
    let mut loose: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < p.len() {
        if !starts_row(p, i) {
            if p[i].class == Class::Sentence || p[i].is_value_like() || p[i].class == Class::Unit {
                // Figures with no label before them, or a sentence: no row, and what was loose
                // before is no group of the next row.
                loose.clear();
                loose.push(usize::MAX);
            } else {
                loose.push(i);
            }
            i += 1;
            continue;
        }
        let temporal_label = p[i].class == Class::Temporal;
        let mut label = vec![i];
        let mut j = i + 1;
        while j < p.len() && p[j].class == Class::Label && p[j].bracketed() && !temporal_label && label.len() < 3 {
            label.push(j);
            j += 1;
        }
        let unit = (j < p.len() && p[j].class == Class::Unit).then(|| {
            j += 1;
            j - 1
        });
        let mut values = Vec::new();
        while j < p.len() {
            let c = p[j].class;
            let value = c == Class::Value || c == Class::Mark;
            // A date inside a labelled row is its cell; after a year-labelled row it labels the next.
            let date_cell = c == Class::Temporal && !temporal_label && !starts_row(p, j);
            if !(value || date_cell) {
                break;
            }
            values.push(j);
            j += 1;
        }
        rows.push(RawRow { label, unit, values, before: std::mem::take(&mut loose) });
        i = j;
    }
    rows
}

/// Whether a loose label heads the rows below it rather than continuing a label: bracketed
/// (`【特別会計】`), numbered (`①…`, `(1)…`), a vertical label, or naming its unit in brackets.
fn group_like(p: &Piece) -> bool {
    let t = p.text.trim();
    let first = t.chars().next().unwrap_or(' ');
    p.vertical
        || matches!(first, '【' | '〔' | '[' | '■' | '□' | '●' | '◆' | '◇' | '○' | '<' | '《' | '≪')
        || ('①'..='⑳').contains(&first)
        || (t.starts_with('(')
            && t[1..].trim_start_matches(|c: char| c.is_ascii_digit()).starts_with(')')
            && t.len() > 2)
        || t.ends_with(')') && t.rfind('(').is_some_and(|o| super::pieces::is_unit(&t[o + 1..t.len() - 1]))
}

/// The most frequent count among `counts` (the larger on a tie).
pub(crate) fn mode(counts: &[usize]) -> usize {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let mut best = (0, 0);
    for run in sorted.chunk_by(|a, b| a == b) {
        if (run.len(), run[0]) > best {
            best = (run.len(), run[0]);
        }
    }
    best.1
}

/// A table whose rows start at labels, from `p` (the pieces of one region), if they make one.
pub(crate) fn label_led(p: &[Piece]) -> Option<Grid> {
    let raw = raw_rows(p);
    // Chains of rows with at most one loose label between neighbours.
    let mut chains: Vec<Vec<RawRow>> = Vec::new();
    for r in raw {
        let joins = match chains.last() {
            Some(chain) if !chain.is_empty() => {
                r.before.len() <= 1 && !r.before.contains(&usize::MAX) && !chain.last().unwrap().values.is_empty()
            }
            _ => false,
        };
        if joins {
            chains.last_mut().unwrap().push(r);
        } else {
            chains.push(vec![r]);
        }
    }
    let chain = chains
        .into_iter()
        .filter(|c| c.iter().filter(|r| !r.values.is_empty()).count() >= 2)
        .max_by_key(|c| c.iter().map(|r| r.values.len()).sum::<usize>())?;
    build(p, chain)
}

/// Splits rows written with their running totals on the line below (`950` / `(9,500)` …).
fn split_running_totals(p: &[Piece], rows: Vec<RawRow>) -> (Vec<RawRow>, bool) {
    let mut out = Vec::with_capacity(rows.len());
    let mut split = false;
    for r in rows {
        let n = r.values.len();
        let alternating = r.label.len() == 2
            && n >= 4
            && n % 2 == 0
            && r.values.iter().enumerate().all(|(k, &v)| p[v].bracketed() == (k % 2 == 1) || p[v].class == Class::Mark);
        if alternating {
            split = true;
            let values: Vec<usize> = r.values.iter().copied().step_by(2).collect();
            let totals: Vec<usize> = r.values.iter().copied().skip(1).step_by(2).collect();
            out.push(RawRow { label: vec![r.label[0]], unit: r.unit, values, before: r.before });
            out.push(RawRow { label: vec![r.label[1]], unit: None, values: totals, before: vec![] });
        } else {
            out.push(r);
        }
    }
    (out, split)
}

fn build(p: &[Piece], chain: Vec<RawRow>) -> Option<Grid> {
    let mut evidence = Vec::new();
    let (chain, split) = split_running_totals(p, chain);
    if split {
        evidence.push("a bracketed line under each figure: running totals, a row of their own".to_string());
    }
    let counts: Vec<usize> = chain.iter().filter(|r| !r.values.is_empty()).map(|r| r.values.len()).collect();
    let units = chain.iter().filter(|r| r.unit.is_some()).count();
    let unit_column = units * 2 > chain.len();
    let first_piece = chain[0].label[0];
    let last_row = chain.last()?;
    let end = last_row.values.last().copied().or(last_row.unit).unwrap_or(*last_row.label.last()?) + 1;

    // The header: pieces before the first row, back to a sentence, a figure or a heading.
    let mut h_start = first_piece;
    while h_start > 0 {
        let c = p[h_start - 1].class;
        let ok = matches!(c, Class::Label | Class::Temporal | Class::Unit)
            || (c == Class::Mark && p[h_start - 1].text.trim().is_empty());
        if !ok || first_piece - (h_start - 1) > 40 {
            break;
        }
        h_start -= 1;
    }
    let mut header: Vec<Vec<usize>> = (h_start..first_piece).map(|i| vec![i]).collect();
    let mut rows_from_header: Vec<usize> = Vec::new();
    // A group label standing last in the header (`①…(件)` before `目標値`).
    if let Some(last) = header.last() {
        let piece = &p[last[0]];
        if group_like(piece) && piece.class == Class::Label && header.len() > 1 {
            rows_from_header.push(last[0]);
            header.pop();
        }
    }
    // The columns: as many as the header gives when one of the rows' lengths fits it (a
    // sparse row is shorter than the others), else as many as most rows have.
    let mut lengths: Vec<usize> = counts.clone();
    lengths.sort_unstable();
    lengths.dedup();
    let fitting = lengths.iter().rev().copied().find(|&k| {
        let width = 1 + usize::from(unit_column) + k;
        reduce_header(p, header.clone(), width, &mut Vec::new()).3
    });
    let k = fitting.unwrap_or_else(|| mode(&counts));
    if k == 0 {
        return None;
    }
    let full = counts.iter().filter(|&&c| c == k).count();
    // Rows longer than the columns mean the rows were misread.
    if counts.iter().any(|&c| c > k) || full * 3 < counts.len() {
        return None;
    }
    let width = 1 + usize::from(unit_column) + k;
    evidence.insert(
        0,
        format!(
            "{} rows start at a label followed by {k} figures; the {} cells before the first row are its header",
            chain.iter().filter(|r| !r.values.is_empty()).count(),
            header.len()
        ),
    );
    let (columns, header_cells, names, _) = reduce_header(p, header, width, &mut evidence);
    // The table starts at its header; names before it count only when they named blocks.
    let header_start = header_cells.iter().flat_map(|c| c.0.first()).min().copied().unwrap_or(first_piece);

    // Rows, with their groups.
    let mut rows: Vec<GridRow> = Vec::new();
    for g in &rows_from_header {
        rows.push(GridRow { label: vec![*g], group: true, cells: vec![None; k], unit: None });
    }
    let last_is_total = columns.last().is_some_and(|c| c.last().is_none_or(|h| h.is_empty() || lexicon::is_total(h)));
    for (n, r) in chain.iter().enumerate() {
        for &b in r.before.iter().filter(|&&b| b != usize::MAX && n > 0) {
            rows.push(GridRow { label: vec![b], group: true, cells: vec![None; k], unit: None });
        }
        let mut cells = vec![None; k];
        let m = r.values.len().min(k);
        if m < k && m >= 2 && last_is_total {
            for (c, &v) in r.values[..m - 1].iter().enumerate() {
                cells[c] = Some(v);
            }
            cells[k - 1] = Some(r.values[m - 1]);
        } else {
            for (c, &v) in r.values.iter().take(k).enumerate() {
                cells[c] = Some(v);
            }
        }
        rows.push(GridRow { label: r.label.clone(), unit: r.unit, cells, group: false });
    }
    if counts.iter().any(|&c| c < k) {
        evidence.push(if last_is_total {
            "a row with fewer figures than columns fills the first, its last figure the total column".to_string()
        } else {
            "a row with fewer figures than columns fills the first".to_string()
        });
    }
    // Names of repeated blocks of rows.
    let mut named_blocks = false;
    if !names.is_empty() {
        let before = rows.len();
        rows = name_blocks(p, rows, &names, &mut evidence);
        named_blocks = rows.len() > before;
    }
    if unit_column {
        evidence.push("a unit cell after each row's label: a 単位 column".to_string());
    }
    let start = if named_blocks { names.first().copied().unwrap_or(h_start).min(header_start) } else { header_start };
    let start = rows_from_header.first().map_or(start, |&g| start.min(g));
    Some(Grid { start, end, columns, header: header_cells, rows, unit_column, named_blocks, evidence })
}

/// A continuation of the header cell before it: bracketed (`(金額ベース)`, `(A)`) or a formula
/// (`b/a*100`, `(B)-(A)`).
fn continues_header(t: &str) -> bool {
    let t = t.trim();
    let formula = !t.is_empty()
        && t.chars().all(|c| c.is_ascii_alphanumeric() || "/*+-=×÷()%.".contains(c))
        && t.chars().any(|c| c.is_ascii_alphabetic())
        && t.chars().any(|c| "/*+-=×÷".contains(c));
    (t.starts_with('(') && !t.starts_with("(単位")) || formula
}

/// One path per column from the header's pieces, for `width` columns (the label column
/// included): continuations joined, a year over its roles read as two levels, a corner left
/// empty when the header names only the figures' columns. Also returns the header cells
/// (pieces, first column, level), and a list of names standing before the header proper, one
/// per block of repeated rows, when there is one.
#[allow(clippy::type_complexity)]
fn reduce_header(
    p: &[Piece],
    mut header: Vec<Vec<usize>>,
    width: usize,
    evidence: &mut Vec<String>,
) -> (Vec<Vec<String>>, Vec<(Vec<usize>, usize, usize)>, Vec<usize>, bool) {
    let text = |cell: &Vec<usize>| {
        let mut s = String::new();
        for &i in cell {
            crate::text::push_joined(&mut s, p[i].text.trim());
        }
        s
    };
    // Continuations: a bracketed or formula line is no header cell of its own.
    let mut k = 1;
    while k < header.len() {
        if continues_header(&p[header[k][0]].text) && !p[header[k - 1][0]].text.trim().is_empty() {
            let cont = header.remove(k);
            header[k - 1].extend(cont);
            evidence.push("a bracketed or formula line continues the header cell above it".to_string());
        } else {
            k += 1;
        }
    }
    // A year followed by role words heads as many columns as it has roles.
    let temporal = |cell: &Vec<usize>| p[cell[0]].class == Class::Temporal;
    let two_level = header.len() > width && header.iter().any(temporal);
    if two_level {
        let mut columns: Vec<Vec<String>> = Vec::new();
        let mut cells = Vec::new();
        let mut year: Option<(usize, String)> = None;
        let mut year_used = false;
        for cell in &header {
            if temporal(cell) {
                if let Some((_, y)) = year.take().filter(|_| !year_used) {
                    columns.push(vec![y]);
                }
                year = Some((cells.len(), text(cell)));
                year_used = false;
                cells.push((cell.clone(), columns.len(), 0));
            } else if let Some((_, y)) = &year {
                cells.push((cell.clone(), columns.len(), 1));
                columns.push(vec![y.clone(), text(cell)]);
                year_used = true;
            } else {
                cells.push((cell.clone(), columns.len(), 0));
                columns.push(vec![text(cell)]);
            }
        }
        if let Some((_, y)) = year.filter(|_| !year_used) {
            columns.push(vec![y]);
        }
        if columns.len() == width || columns.len() + 1 == width {
            evidence.push("a year over its 計画 / 実績 columns: a two-level header".to_string());
            if columns.len() + 1 == width {
                columns.insert(0, vec![String::new()]);
                for c in &mut cells {
                    c.1 += 1;
                }
            }
            return (columns, cells, Vec::new(), true);
        }
    }
    // More header cells than columns: those before the last `width` name something else —
    // a list of names for blocks of rows, or a title.
    let mut names = Vec::new();
    if header.len() > width {
        let extra = header.len() - width;
        let cut: Vec<Vec<usize>> = header.drain(..extra).collect();
        names = cut.into_iter().flatten().collect();
    }
    let exact = names.is_empty() && (header.len() == width || header.len() + 1 == width);
    let mut columns: Vec<Vec<String>> = header.iter().map(|c| vec![text(c)]).collect();
    let mut cells: Vec<(Vec<usize>, usize, usize)> =
        header.iter().cloned().enumerate().map(|(i, c)| (c, i, 0)).collect();
    if columns.len() < width {
        // The corner (and any cells the export lost) at the left.
        let missing = width - columns.len();
        for c in &mut cells {
            c.1 += missing;
        }
        let mut padded = vec![vec![String::new()]; missing];
        padded.extend(columns);
        columns = padded;
    }
    (columns, cells, names, exact)
}

/// Names standing before the header, one per block of rows that repeat the same labels
/// (`目標値`, `実績値`, `達成率` per indicator): each block gets its name as a group row.
fn name_blocks(p: &[Piece], rows: Vec<GridRow>, names: &[usize], evidence: &mut Vec<String>) -> Vec<GridRow> {
    let labels: Vec<String> = rows.iter().filter(|r| !r.group).map(|r| p[r.label[0]].text.trim().to_string()).collect();
    let candidates: Vec<usize> =
        names.iter().copied().filter(|&n| p[n].class == Class::Label && !p[n].text.trim().is_empty()).collect();
    // Blocks repeat the same labels; `n` names, `n` blocks.
    let repeats = |n: usize| {
        n >= 2 && labels.len().is_multiple_of(n) && labels.len() / n >= 2 && {
            let block = labels.len() / n;
            (1..n).all(|b| labels[b * block..(b + 1) * block] == labels[..block])
        }
    };
    let mut candidates = candidates;
    // One name more than blocks: the first is the list's own heading (`指標名`).
    if !repeats(candidates.len()) && candidates.len() >= 3 && repeats(candidates.len() - 1) {
        candidates.remove(0);
    }
    let n = candidates.len();
    if rows.iter().any(|r| r.group) || !repeats(n) {
        return rows;
    }
    let block = labels.len() / n;
    evidence.push(format!("{n} names before the header, one per block of {block} repeated rows"));
    let mut out = Vec::with_capacity(rows.len() + n);
    for (b, chunk) in rows.chunks(block).enumerate() {
        out.push(GridRow {
            label: vec![candidates[b]],
            group: true,
            cells: vec![None; chunk[0].cells.len()],
            unit: None,
        });
        out.extend(chunk.iter().cloned());
    }
    out
}

/// A table written column by column: the header, the row labels, then each column's figures in
/// the labels' order (`blocks`); or the corner and the row labels, then each column's header
/// followed by its figures (`interleaved`). The reading that places most figures wins.
pub(crate) fn column_blocks(p: &[Piece]) -> Option<Grid> {
    let len = p.len();
    // Tables written this way are short; a long run is read by rows only.
    if len > 400 {
        return None;
    }
    let cellish = |x: &Piece| x.is_value_like() || x.class == Class::Temporal;
    let labelish = |x: &Piece| is_labelish(x.class);
    // Row names: labels or years, not form fields (`指標:…`).
    let row_name = |x: &Piece| is_labelish(x.class) && !x.text.contains(':');
    // A corner may be a unit word standing for its column (`年度`, `回`).
    let header_cell = |x: &Piece| is_labelish(x.class) || x.class == Class::Unit;
    // How many pieces from each on are of a kind (each range check is then one look-up), and
    // how many figures stand before each.
    let run = |f: &dyn Fn(&Piece) -> bool| {
        let mut r = vec![0usize; len + 1];
        for i in (0..len).rev() {
            r[i] = if f(&p[i]) { r[i + 1] + 1 } else { 0 };
        }
        r
    };
    let (cell_run, label_run, row_run, head_run) = (run(&cellish), run(&labelish), run(&row_name), run(&header_cell));
    let mut figures_before = vec![0usize; len + 1];
    for i in 0..len {
        figures_before[i + 1] = figures_before[i] + usize::from(p[i].is_value_like());
    }
    let figures = |r: std::ops::Range<usize>| figures_before[r.end] - figures_before[r.start];
    // Among readings that place as many figures: the one whose header holds the years and the
    // measures, and whose labels hold neither; then the one with more rows.
    let score = |g: &Grid| {
        let heads: Vec<&str> = g.columns.iter().skip(1).filter_map(|c| c.last().map(String::as_str)).collect();
        let labels: Vec<&str> = g.rows.iter().map(|r| p[r.label[0]].text.as_str()).collect();
        let years = |xs: &[&str]| xs.iter().filter(|t| super::pieces::is_temporal(t)).count();
        (header_likeness(&heads) + years(&heads)) as isize - (header_likeness(&labels) + years(&labels)) as isize
    };
    let mut best: Option<(usize, Grid)> = None;
    let offer = |placed: usize, make: &dyn Fn() -> Grid, best: &mut Option<(usize, Grid)>| {
        if best.as_ref().is_some_and(|(c, _)| placed < *c) {
            return;
        }
        let g = make();
        let wins = match best.as_ref() {
            None => true,
            Some((c, b)) => placed > *c || (score(&g), g.rows.len()) > (score(b), b.rows.len()),
        };
        if wins {
            *best = Some((placed, g));
        }
    };
    for s in 0..len {
        if head_run[s] == 0 {
            continue;
        }
        // Every reading below needs its n labels after `s`, and a header of at least m cells
        // from `s` on: no longer n or m is tried.
        for n in 2..=15usize.min(len - s) {
            // Interleaved: [corner] n labels, then (header, n figures) per column.
            for corner in [1usize, 0] {
                let first = s + corner;
                if first + n > len || row_run[first] < n {
                    continue;
                }
                if corner == 1 && (row_run[s] == 0 && head_run[s] == 0 || p[s].text.contains([':', ' '])) {
                    continue;
                }
                let mut cols: Vec<usize> = Vec::new();
                let mut j = first + n;
                while j + 1 + n <= len && label_run[j] > 0 && cell_run[j + 1] >= n {
                    cols.push(j);
                    j += 1 + n;
                }
                if cols.len() < 2 {
                    continue;
                }
                let placed: usize = cols.iter().map(|&h| figures(h + 1..h + 1 + n)).sum();
                let make = || {
                    let mut columns =
                        vec![vec![if corner == 1 { p[s].text.trim().to_string() } else { String::new() }]];
                    let mut header = Vec::new();
                    if corner == 1 {
                        header.push((vec![s], 0, 0));
                    }
                    for (c, &h) in cols.iter().enumerate() {
                        columns.push(vec![p[h].text.trim().to_string()]);
                        header.push((vec![h], c + 1, 0));
                    }
                    let rows = (0..n)
                        .map(|r| GridRow {
                            label: vec![first + r],
                            unit: None,
                            cells: cols.iter().map(|&h| Some(h + 1 + r)).collect(),
                            group: false,
                        })
                        .collect();
                    Grid {
                        start: s,
                        end: j,
                        columns,
                        header,
                        rows,
                        unit_column: false,
                        named_blocks: false,
                        evidence: vec![format!(
                            "the {n} row labels first, then each column's header followed by its {n} figures"
                        )],
                    }
                };
                offer(placed, &make, &mut best);
            }
            // Blocks: the header (one cell per column, the corner or not), the labels, then each
            // column's figures, and nothing cell-like after them.
            for m in 1..=8usize.min(head_run[s]) {
                for head in [m + 1, m] {
                    let labels = s + head;
                    let values = labels + n;
                    if values + m * n > len || head_run[s] < head || row_run[labels] < n || cell_run[values] != m * n {
                        continue;
                    }
                    let placed = figures(values..values + m * n);
                    let make = || {
                        let mut columns = Vec::new();
                        let mut header = Vec::new();
                        if head == m {
                            columns.push(vec![String::new()]);
                        }
                        for (c, h) in (s..labels).enumerate() {
                            columns.push(vec![p[h].text.trim().to_string()]);
                            header.push((vec![h], c + usize::from(head == m), 0));
                        }
                        let rows = (0..n)
                            .map(|r| GridRow {
                                label: vec![labels + r],
                                unit: None,
                                cells: (0..m).map(|c| Some(values + c * n + r)).collect(),
                                group: false,
                            })
                            .collect();
                        Grid {
                            start: s,
                            end: values + m * n,
                            columns,
                            header,
                            rows,
                            unit_column: false,
                            named_blocks: false,
                            evidence: vec![format!(
                                "{m} columns written one after the other, {n} figures each, in the labels' order"
                            )],
                        }
                    };
                    offer(placed, &make, &mut best);
                }
            }
        }
    }
    best.map(|(_, g)| g).filter(|g| g.rows.len() >= 2 && g.width() >= 3)
}

/// How much a set of labels reads as column headers rather than row names: a unit in brackets
/// or a word that names a measure (`…数`, `…額`, `…率`, `…日`).
pub(crate) fn header_likeness(texts: &[&str]) -> usize {
    const MEASURES: &[&str] = &["数", "額", "率", "比", "日", "値", "量", "割合", "(%)", "%"];
    texts
        .iter()
        .filter(|t| {
            let t = t.trim();
            crate::layout::table::header_unit(t).is_some() || MEASURES.iter().any(|m| t.ends_with(m))
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(texts: &[&str]) -> Vec<Piece> {
        texts.iter().enumerate().map(|(i, t)| Piece::new(t, i..i + 1, i)).collect()
    }

    fn show(p: &[Piece], g: &Grid) -> Vec<String> {
        let mut out = vec![g.columns.iter().map(|c| c.join(">")).collect::<Vec<_>>().join("|")];
        for r in &g.rows {
            let mut cells: Vec<String> = vec![r.label.iter().map(|&i| p[i].text.clone()).collect::<Vec<_>>().join("")];
            if let Some(u) = r.unit {
                cells.push(p[u].text.clone());
            }
            cells.extend(r.cells.iter().map(|c| c.map_or(String::new(), |i| p[i].text.clone())));
            out.push(cells.join("|"));
        }
        out
    }

    #[test]
    fn labelled_rows_with_a_wrapped_header() {
        let p = pieces(&[
            "",
            "計画額a",
            "実績額b",
            "差",
            "達成率",
            "(金額ベース)",
            "【A】職員",
            "347.0",
            "400.3",
            "53.3",
            "115.4%",
            "合計",
            "702.5",
            "733.4",
            "30.9",
            "104.4%",
        ]);
        let g = label_led(&p).unwrap();
        assert_eq!(
            show(&p, &g),
            [
                "|計画額a|実績額b|差|達成率(金額ベース)",
                "【A】職員|347.0|400.3|53.3|115.4%",
                "合計|702.5|733.4|30.9|104.4%"
            ]
        );
    }

    #[test]
    fn groups_sparse_rows_and_running_totals() {
        let p = pieces(&[
            "区分",
            "R3年度",
            "R4年度",
            "R5年度",
            "合計",
            "計画額",
            "(累計額)",
            "800",
            "(800)",
            "950",
            "(1,750)",
            "1,000",
            "(2,750)",
            "2,750",
            "(2,750)",
            "実績額",
            "1,020",
            "1,020",
        ]);
        let g = label_led(&p).unwrap();
        assert_eq!(
            show(&p, &g),
            [
                "区分|R3年度|R4年度|R5年度|合計",
                "計画額|800|950|1,000|2,750",
                "(累計額)|(800)|(1,750)|(2,750)|(2,750)",
                "実績額|1,020|||1,020"
            ]
        );
    }

    #[test]
    fn a_year_over_its_roles() {
        let p = pieces(&[
            "区分",
            "単位",
            "令和3年度",
            "実績",
            "令和4年度",
            "計画",
            "実績",
            "蔵書",
            "冊",
            "412",
            "420",
            "418",
            "貸出",
            "件",
            "38",
            "50",
            "62",
        ]);
        let g = label_led(&p).unwrap();
        assert_eq!(show(&p, &g)[0], "区分|単位|令和3年度>実績|令和4年度>計画|令和4年度>実績");
        assert!(g.unit_column);
    }

    #[test]
    fn columns_one_after_the_other() {
        let p = pieces(&["会計名", "R6", "R5", "一般会計", "特別会計", "合計", "700", "30", "730", "650", "20", "670"]);
        let g = column_blocks(&p).unwrap();
        assert_eq!(show(&p, &g), ["会計名|R6|R5", "一般会計|700|650", "特別会計|30|20", "合計|730|670"]);
    }
}
