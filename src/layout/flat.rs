//! Finding tables that an export flattened, and turning the pieces they are made of into rows
//! and columns ([`super::grid`]):
//!
//! - [`TableShape::CellLines`]: runs of short lines, one cell each, with or without blank lines
//!   between cells (in a run spaced by blank lines, lines that touch are one cell written over
//!   two lines, and a line holding only spaces is an empty cell); a line that is a label and
//!   two or more figures apart by spaces (a row the export kept whole) gives its cells;
//! - [`TableShape::CellPipes`]: runs of lines that each end with their one `|`, a lone `|` an
//!   empty cell;
//! - [`TableShape::SpacedRows`]: lines of three or more cells apart by single spaces, most of
//!   them figures, with their header on the lines above;
//! - [`TableShape::OneLine`]: a long line holding a header and rows that start at labels;
//! - [`TableShape::ColumnBlocks`]: a run of cell lines that gives its labels first and each
//!   column's figures after them.
//!
//! Inside any of them, a label written one character a line is joined into one (a vertical
//! label), and page furniture (`- 12 -`, `3 / 8`) is no cell.

use std::ops::Range;

use super::grid::{self, Grid};
use super::pieces::{self, Class, Piece};
use super::table::{caption_unit, Cell, Table, TableShape};
use crate::text::lexicon;
use crate::text::markers::{self, Scheme};
use crate::text::Line;

/// The most characters a line holding one cell has.
const MAX_CELL_LINE: usize = 60;

/// Tables of every flattened shape among `lines`, none on a line `taken` (by a table found
/// otherwise), in document order.
pub(crate) fn flattened_tables(norm: &str, lines: &[Line<'_>], taken: &[bool]) -> Vec<Table> {
    let mut taken = taken.to_vec();
    let mut out = Vec::new();
    // Every shape below asks most lines how many figures their tokens start with, and whether
    // they hold a tab or spaces: one walk over each line's spaces answers all of it.
    let looks = line_looks(norm, lines);
    for t in cell_pipe_tables(lines, &taken) {
        mark(&mut taken, &t);
        out.push(t);
    }
    for t in cell_line_tables(norm, lines, &looks, &taken) {
        mark(&mut taken, &t);
        out.push(t);
    }
    for t in spaced_row_tables(norm, lines, &looks, &taken) {
        mark(&mut taken, &t);
        out.push(t);
    }
    for t in one_line_tables(norm, lines, &looks, &taken) {
        mark(&mut taken, &t);
        out.push(t);
    }
    out.sort_by_key(|t| t.lines.start);
    out
}

/// What the finders ask of every line, read once for all lines (see [`line_looks`]).
#[derive(Clone, Copy, Default)]
struct LineLook {
    /// How many of its trimmed text's tokens start with a figure ([`pieces::figure_tokens`]).
    figures: usize,
    /// How many spaces its trimmed text holds.
    spaces: usize,
    /// Two spaces in a row in its trimmed text (aligned columns).
    double_space: bool,
    /// A tab anywhere in the line, its leading and trailing whitespace too.
    tab: bool,
}

/// The [`LineLook`] of every line, from one byte search for spaces and tabs over the whole
/// text (most lines hold none): a search per line cost more in setting up than in searching.
/// A token starts at a line's trimmed start and right after a space or tab inside it.
fn line_looks(norm: &str, lines: &[Line<'_>]) -> Vec<LineLook> {
    let mut looks = vec![LineLook::default(); lines.len()];
    for (look, l) in looks.iter_mut().zip(lines) {
        let t = l.trimmed();
        look.figures = usize::from(!t.is_empty() && pieces::starts_figure(t, 0));
    }
    let b = norm.as_bytes();
    let mut k = 0;
    for at in memchr::memchr2_iter(b' ', b'\t', b) {
        while k < lines.len() && lines[k].end <= at {
            k += 1;
        }
        let Some(l) = lines.get(k) else { break };
        if at < l.start {
            continue;
        }
        let look = &mut looks[k];
        if b[at] == b'\t' {
            look.tab = true;
        }
        let r = l.trimmed_range();
        if !r.contains(&at) {
            continue;
        }
        // The trimmed text ends with no space or tab, so the byte after one inside it is too.
        let t = &norm[r.start..r.end];
        let next = at + 1 - r.start;
        if b[at] == b' ' {
            look.spaces += 1;
            look.double_space |= t.as_bytes()[next] == b' ';
        }
        if !matches!(t.as_bytes()[next], b' ' | b'\t') && pieces::starts_figure(t, next) {
            look.figures += 1;
        }
    }
    looks
}

fn mark(taken: &mut [bool], t: &Table) {
    for f in &mut taken[t.lines.clone()] {
        *f = true;
    }
}

/// A line with a numbered heading mark (`1 指標の達成状況`, `(2) 施策の評価`): it ends a run of
/// cells. Circled numbers and brackets label rows as often as they head sections.
fn heads_a_section(t: &str) -> bool {
    markers::numbered_or_markdown_mark(t).is_some_and(|m| {
        !matches!(m.scheme, Scheme::Circled | Scheme::Bracket(_) | Scheme::Bullet(_) | Scheme::Word(_) | Scheme::Label)
    })
}

/// Whether a line that passed [`may_be_cell_line`] is a cell of a cell-line table: no caption
/// of a unit and no numbered heading (the tests that read the line's words).
fn cell_line_words(t: &str) -> bool {
    caption_unit(t).is_none() && !heads_a_section(t)
}

/// The tests of a cell line that do not read its words: a line failing them is no cell, a
/// line passing them is one when [`cell_line_words`] agrees. No tab, and no two spaces in a
/// row (aligned columns).
fn may_be_cell_line(l: &Line<'_>, look: &LineLook) -> bool {
    let t = l.trimmed();
    !t.is_empty()
        && !look.tab
        && !look.double_space
        && !t.ends_with('。')
        && !t.ends_with('|')
        && !t.starts_with('|')
        && (t.len() <= MAX_CELL_LINE || t.len() <= 4 * MAX_CELL_LINE && t.chars().count() <= MAX_CELL_LINE)
}

/// A line holding only spaces (an empty cell in a run spaced by blank lines).
fn space_line(l: &Line<'_>) -> bool {
    !l.text.is_empty() && l.is_blank() && !l.text.contains('\t')
}

/// Joins single characters written one a line into vertical labels, and drops page furniture.
fn tidy(mut p: Vec<Piece>) -> Vec<Piece> {
    p.retain(|x| !pieces::is_furniture(&x.text));
    let single = |x: &Piece| {
        let mut cs = x.text.trim().chars();
        let c = cs.next();
        cs.next().is_none()
            && c.is_some_and(|c| {
                crate::text::chars::is_kanji(c) || crate::text::chars::is_katakana(c) || c.is_alphabetic()
            })
            && matches!(x.class, Class::Label | Class::Unit)
    };
    let mut out: Vec<Piece> = Vec::with_capacity(p.len());
    let mut i = 0;
    while i < p.len() {
        let mut j = i;
        while j < p.len() && single(&p[j]) {
            j += 1;
        }
        if j - i >= 2 {
            let mut v = p[i].clone();
            for x in &p[i + 1..j] {
                v.join(x);
            }
            v.class = Class::Label;
            v.vertical = true;
            out.push(v);
            i = j;
        } else {
            out.push(p[i].clone());
            i += 1;
        }
    }
    out
}

// --- one cell a line -------------------------------------------------------------------------

/// Cell-line (and column-block) tables.
fn cell_line_tables(norm: &str, lines: &[Line<'_>], looks: &[LineLook], taken: &[bool]) -> Vec<Table> {
    let mut out = Vec::new();
    // Runs are first found with the cheap tests of a cell line: a run of them too short or
    // with too few figures for a table holds no run of cell lines that is one (each run of
    // cell lines lies inside a run of lines that pass the cheap tests), so the words of its
    // lines are never read.
    let cheap: Vec<bool> = lines.iter().zip(looks).map(|(l, look)| may_be_cell_line(l, look)).collect();
    let mut memo: Vec<Option<bool>> = vec![None; lines.len()];
    let mut is_cell = |k: usize| cheap[k] && *memo[k].get_or_insert_with(|| cell_line_words(lines[k].trimmed()));
    let mut may_hold_table_until = 0;
    // The lines of that cheap run that start with a figure or are a mark. A run of cell lines
    // starting inside it ends inside it too, so once fewer than three of them are left from a
    // line on, no run starting there or later in it is a table: its words are not read.
    let mut figure_lines: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if i >= may_hold_table_until {
            match run_at(lines, taken, i, &mut |k| cheap[k]) {
                None => {
                    i += 1;
                    continue;
                }
                Some(r) if !may_be_table(lines, looks, &r) => {
                    i = r.end.max(i + 1);
                    continue;
                }
                Some(r) => {
                    figure_lines.clear();
                    figure_lines.extend(r.clone().filter(|&k| figure_like(lines, looks, k)));
                    may_hold_table_until = r.end;
                }
            }
        }
        if figure_lines.len() - figure_lines.partition_point(|&k| k < i) < 3 {
            i = may_hold_table_until;
            continue;
        }
        let Some(run) = run_at(lines, taken, i, &mut is_cell) else {
            i += 1;
            continue;
        };
        if may_be_table(lines, looks, &run) {
            out.extend(tables_in_run(norm, lines, looks, run.clone()));
        }
        i = run.end.max(i + 1);
    }
    out
}

/// The run of cell lines (by `is_cell`) starting at line `i`, with at most two blank (or
/// space) lines between them, when one starts there: at a cell line, or at a line holding only
/// spaces right before a cell (two lines down past a blank, or the next line), the run's empty
/// corner cell.
fn run_at(
    lines: &[Line<'_>],
    taken: &[bool],
    i: usize,
    is_cell: &mut impl FnMut(usize) -> bool,
) -> Option<Range<usize>> {
    let mut cell = |k: usize| k < lines.len() && is_cell(k);
    let corner = space_line(&lines[i])
        && !taken[i]
        && (cell(i + 1) || lines.get(i + 1).is_some_and(|l| l.text.is_empty()) && cell(i + 2));
    if taken[i] || !(cell(i) || corner) {
        return None;
    }
    let mut end = i + 1;
    let mut j = i + 1;
    loop {
        let mut gap = 0;
        while j < lines.len() && lines[j].is_blank() && !taken[j] && gap < 3 {
            j += 1;
            gap += 1;
        }
        if j < lines.len() && !taken[j] && cell(j) && gap <= 2 {
            j += 1;
            end = j;
        } else {
            break;
        }
    }
    Some(i..end)
}

/// A table has figures: a run of four lines or more with three that start with one (or are
/// an empty-cell mark); a run with fewer is prose or a list.
fn may_be_table(lines: &[Line<'_>], looks: &[LineLook], run: &Range<usize>) -> bool {
    run.len() >= 4 && run.clone().filter(|&k| figure_like(lines, looks, k)).count() >= 3
}

/// Line `k` starts with a figure or is an empty-cell mark.
fn figure_like(lines: &[Line<'_>], looks: &[LineLook], k: usize) -> bool {
    // A trimmed text longer than any mark is none (see pieces::is_empty_mark).
    let t = lines[k].trimmed();
    looks[k].figures > 0 || t.len() <= 3 && pieces::is_empty_mark(t)
}

/// The pieces of a run of cell lines.
fn run_pieces(norm: &str, lines: &[Line<'_>], looks: &[LineLook], run: Range<usize>) -> Vec<Piece> {
    // Spaced by blank lines when most gaps between cell lines are blank.
    let content: Vec<usize> = run.clone().filter(|&k| !lines[k].is_blank()).collect();
    let gaps = content.windows(2).filter(|w| w[1] > w[0] + 1).count();
    let spaced = content.len() > 2 && gaps * 3 >= (content.len() - 1) * 2;
    let mut out: Vec<Piece> = Vec::new();
    let mut prev_line: Option<usize> = None;
    for k in run {
        let l = &lines[k];
        if l.is_blank() {
            if space_line(l) {
                out.push(Piece::empty(l.trimmed_range().start..l.trimmed_range().start, k));
                prev_line = None;
            }
            continue;
        }
        if pieces::is_furniture(l.trimmed()) {
            continue;
        }
        // A row the export kept whole: a label and figures apart by spaces. Three tokens need
        // two spaces (a cell line holds no tab): a line with fewer is not cut into tokens.
        if looks[k].spaces >= 2 {
            let toks = pieces::tokens(norm, l.trimmed_range());
            if toks.len() >= 3 && toks.iter().filter(|(_, t)| pieces::classify(t) == Class::Value).count() >= 2 {
                for (r, t) in toks {
                    let mut piece = Piece::new(&t, r, k);
                    piece.inline = true;
                    out.push(piece);
                }
                prev_line = None;
                continue;
            }
        }
        let piece = Piece::new(l.trimmed(), l.trimmed_range(), k);
        let touches = spaced && prev_line == Some(k.wrapping_sub(1));
        match out.last_mut() {
            Some(last) if touches && piece.class != Class::Value && last.class != Class::Value => {
                last.join(&piece);
                last.class = pieces::classify(&last.text);
            }
            _ => out.push(piece),
        }
        prev_line = Some(k);
    }
    tidy(out)
}

fn tables_in_run(norm: &str, lines: &[Line<'_>], looks: &[LineLook], run: Range<usize>) -> Vec<Table> {
    let p = run_pieces(norm, lines, looks, run);
    let led = grid::label_led(&p);
    let blocks = grid::column_blocks(&p);
    let cells =
        |g: &Grid| g.rows.iter().flat_map(|r| r.cells.iter().flatten()).filter(|&&c| p[c].is_value_like()).count();
    let led_shape = |g: &Grid| if g.named_blocks { TableShape::ColumnBlocks } else { TableShape::CellLines };
    // Labels-first blocks read by rows come out transposed: the row labels are then the column
    // headers' kind of words (`児童生徒数(人)`), the header the row names' (`汐見小学校`).
    // Years across the top are columns, unless the corner names them (`年度`): then they are
    // the rows of a table written column by column.
    let transposed = |a: &Grid| {
        let heads: Vec<&str> = a.columns.iter().skip(1).filter_map(|c| c.last().map(String::as_str)).collect();
        let labels: Vec<&str> = a.rows.iter().filter_map(|r| r.label.first()).map(|&i| p[i].text.as_str()).collect();
        let years = heads.iter().filter(|h| pieces::is_temporal(h)).count();
        let corner = a.columns.first().and_then(|c| c.last()).map_or("", String::as_str);
        let years_named = ["年度", "年次", "年"].contains(&corner);
        if years * 2 > heads.len() && !years_named {
            return false;
        }
        grid::header_likeness(&labels) > grid::header_likeness(&heads)
    };
    let placed = |g: &Grid| g.rows.iter().flat_map(|r| r.cells.iter().flatten()).count();
    let pick = match (led, blocks) {
        (Some(a), Some(b)) => Some(
            if (cells(&b), placed(&b)) > (cells(&a), placed(&a))
                || ((cells(&b), placed(&b)) == (cells(&a), placed(&a)) && transposed(&a))
            {
                (b, TableShape::ColumnBlocks)
            } else {
                let shape = led_shape(&a);
                (a, shape)
            },
        ),
        (Some(a), None) => {
            let shape = led_shape(&a);
            Some((a, shape))
        }
        (None, Some(b)) => Some((b, TableShape::ColumnBlocks)),
        (None, None) => None,
    };
    let Some((g, shape)) = pick else { return Vec::new() };
    if !worth_a_table(&p, &g) {
        return Vec::new();
    }
    // Rows the export kept whole on lines of their own are a spaced table's, read as such.
    let figures: Vec<usize> = g.rows.iter().flat_map(|r| r.cells.iter().flatten().copied()).collect();
    if figures.iter().filter(|&&f| p[f].inline).count() * 3 > figures.len() * 2 {
        return Vec::new();
    }
    vec![to_table(shape, lines, &p, &g)]
}

/// Enough figures in enough rows to be a table and not a list: two rows with two figures
/// each, or three rows with one under a header that names its column.
fn worth_a_table(p: &[Piece], g: &Grid) -> bool {
    let rows: Vec<usize> = g.rows.iter().filter(|r| !r.group).map(|r| r.cells.iter().flatten().count()).collect();
    let figures = g.rows.iter().flat_map(|r| r.cells.iter().flatten()).filter(|&&c| p[c].class == Class::Value).count();
    let k = g.width() - 1 - usize::from(g.unit_column);
    let named = g.columns.iter().skip(1).filter(|c| c.iter().any(|h| !h.is_empty())).count();
    figures >= 4 && ((k >= 2 && rows.iter().filter(|&&n| n >= 2).count() >= 2) || (rows.len() >= 3 && named >= 1))
}

// --- one `cell |` a line -------------------------------------------------------------------

fn pipe_cell(l: &Line<'_>) -> bool {
    let t = l.trimmed();
    t == "|" || (t.ends_with('|') && t.matches('|').count() == 1 && t.len() > 1)
}

fn cell_pipe_tables(lines: &[Line<'_>], taken: &[bool]) -> Vec<Table> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if taken[i] || !pipe_cell(&lines[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && !taken[i] && (pipe_cell(&lines[i]) || lines[i].is_blank()) {
            i += 1;
        }
        let mut end = i;
        while end > start && lines[end - 1].is_blank() {
            end -= 1;
        }
        let p: Vec<Piece> = (start..end)
            .filter(|&k| !lines[k].is_blank())
            .map(|k| {
                let l = &lines[k];
                let t = l.trimmed().trim_end_matches('|').trim_end();
                let r = l.trimmed_range();
                if t.is_empty() {
                    Piece::empty(r.start..r.start, k)
                } else {
                    Piece::new(t, r.start..r.start + t.len(), k)
                }
            })
            .collect();
        let p = tidy(p);
        if let Some(g) = chunked(&p).or_else(|| grid::label_led(&p)) {
            if worth_a_table(&p, &g) {
                out.push(to_table(TableShape::CellPipes, lines, &p, &g));
            }
        }
    }
    out
}

/// Rows of a fixed width (empty cells written as such): the header is what comes before the
/// first row, one cell per column (the corner may be missing), and each row as many cells as
/// the header; the width and the first row are those under which most rows start at a label.
fn chunked(p: &[Piece]) -> Option<Grid> {
    let first_value = (0..p.len()).find(|&i| p[i].class == Class::Value)?;
    let mut best: Option<(usize, usize, usize, usize)> = None; // (score, width, header start, first row)
    for width in 2..=12usize {
        for first in first_value.saturating_sub(width - 1)..first_value {
            for header_start in 0..=2usize {
                if header_start > first {
                    continue;
                }
                let h = first - header_start;
                if !(h == width || h + 1 == width) || !matches!(p[first].class, Class::Label | Class::Temporal) {
                    continue;
                }
                let body = &p[first..];
                let rows = body.len() / width;
                if rows < 2 {
                    continue;
                }
                let good = body
                    .chunks(width)
                    .take_while(|c| c.len() == width)
                    .take_while(|c| matches!(c[0].class, Class::Label | Class::Temporal))
                    .filter(|c| c[1..].iter().all(|x| x.class != Class::Sentence))
                    .count();
                let score = good * 100 + usize::from(h == width) * 10 + (3 - header_start);
                if good >= 2 && good * 4 >= rows * 3 && best.is_none_or(|b| score > b.0) {
                    best = Some((score, width, header_start, first));
                }
            }
        }
    }
    let (_, width, header_start, first) = best?;
    let mut columns: Vec<Vec<String>> = (header_start..first).map(|i| vec![p[i].text.trim().to_string()]).collect();
    let mut header: Vec<(Vec<usize>, usize, usize)> =
        (header_start..first).enumerate().map(|(c, i)| (vec![i], c, 0)).collect();
    if columns.len() < width {
        columns.insert(0, vec![String::new()]);
        for h in &mut header {
            h.1 += 1;
        }
    }
    let mut rows = Vec::new();
    let mut end = first;
    for chunk_start in (first..p.len()).step_by(width) {
        if chunk_start + width > p.len() {
            break;
        }
        let c = &p[chunk_start..chunk_start + width];
        if !matches!(c[0].class, Class::Label | Class::Temporal) {
            break;
        }
        let cells: Vec<Option<usize>> =
            (chunk_start + 1..chunk_start + width).map(|i| (!p[i].text.trim().is_empty()).then_some(i)).collect();
        let group = cells.iter().all(Option::is_none);
        rows.push(grid::GridRow { label: vec![chunk_start], unit: None, cells, group });
        end = chunk_start + width;
    }
    Some(Grid {
        start: header_start,
        end,
        columns,
        header,
        rows,
        unit_column: false,
        named_blocks: false,
        evidence: vec![format!(
            "cells one a line, each closed by a pipe: rows of {width} cells under a header of as many"
        )],
    })
}

// --- rows apart by single spaces -------------------------------------------------------------

/// The tokens of a line as pieces.
fn line_pieces(norm: &str, l: &Line<'_>, k: usize) -> Vec<Piece> {
    pieces::tokens(norm, l.trimmed_range()).into_iter().map(|(r, t)| Piece::new(&t, r, k)).collect()
}

/// A data row of a spaced table: three or more tokens, two or more of them figures, none a
/// sentence.
fn spaced_row(p: &[Piece]) -> bool {
    p.len() >= 3
        && p.iter().filter(|x| x.class == Class::Value).count() >= 2
        && p.iter().all(|x| x.class != Class::Sentence)
        && p.iter().skip(1).filter(|x| x.class == Class::Label).count() <= 1
}

fn spaced_row_tables(norm: &str, lines: &[Line<'_>], looks: &[LineLook], taken: &[bool]) -> Vec<Table> {
    let mut out = Vec::new();
    // A line can be a row when it holds two figures or more; its pieces are read when a
    // row or a header is looked for there (a row alone, with no other within two lines, makes
    // no table, so its pieces are not read for the rows).
    let candidate: Vec<bool> = lines
        .iter()
        .enumerate()
        .map(|(k, l)| {
            let t = l.trimmed();
            !taken[k] && !l.is_blank() && looks[k].figures >= 2 && !looks[k].tab && t.chars().count() <= 200
        })
        .collect();
    let per_line =
        LinePieces { norm, lines, candidate: &candidate, pieces: vec![std::cell::OnceCell::new(); lines.len()] };
    let mut i = 0;
    while i < lines.len() {
        let another_row_near = (i + 1..lines.len().min(i + 3)).any(|k| candidate[k]);
        if !another_row_near || !spaced_row(per_line.of(i)) {
            i += 1;
            continue;
        }
        // The rows: spaced rows, a blank line or a short broken start between them.
        let mut rows: Vec<usize> = vec![i];
        let mut j = i + 1;
        while j < lines.len() {
            if spaced_row(per_line.of(j)) {
                rows.push(j);
                j += 1;
            } else if (lines[j].is_blank() || pieces::is_furniture(lines[j].trimmed()))
                && j + 1 < lines.len()
                && spaced_row(per_line.of(j + 1))
            {
                j += 1;
            } else {
                break;
            }
        }
        if rows.len() >= 2 {
            if let Some(t) = spaced_table(norm, lines, &per_line, &rows, taken) {
                out.push(t);
            }
        }
        i = j.max(i + 1);
    }
    out
}

/// The pieces of each line that can be a spaced row (none for any other line), read once
/// when first asked for.
struct LinePieces<'a, 't> {
    norm: &'a str,
    lines: &'a [Line<'t>],
    candidate: &'a [bool],
    pieces: Vec<std::cell::OnceCell<Vec<Piece>>>,
}

impl LinePieces<'_, '_> {
    fn of(&self, k: usize) -> &[Piece] {
        self.pieces[k].get_or_init(|| {
            if self.candidate[k] {
                tidy(line_pieces(self.norm, &self.lines[k], k))
            } else {
                Vec::new()
            }
        })
    }
}

/// A spaced table from its row lines, with the broken first row and the header above them.
fn spaced_table(
    norm: &str,
    lines: &[Line<'_>],
    per_line: &LinePieces<'_, '_>,
    rows: &[usize],
    taken: &[bool],
) -> Option<Table> {
    // Row cells: leading labels joined into one label cell.
    let row_cells = |k: usize| -> Vec<Piece> {
        let p = per_line.of(k);
        let labels = p.iter().take_while(|x| x.class == Class::Label).count();
        let mut out: Vec<Piece> = Vec::new();
        if labels > 0 {
            let mut l = p[0].clone();
            for x in &p[1..labels] {
                l.text.push(' ');
                l.text.push_str(&x.text);
                l.span.end = x.span.end;
            }
            out.push(l);
        }
        out.extend(p[labels..].iter().cloned());
        out
    };
    let mut cells: Vec<Vec<Piece>> = rows.iter().map(|&k| row_cells(k)).collect();
    // The width: the longest row when two rows or more are that long (the others sparse, a
    // result row that has only its first year and its total), else the most frequent.
    let lengths: Vec<usize> = cells.iter().map(Vec::len).collect();
    let longest = lengths.iter().copied().max().unwrap_or(0);
    let width = if lengths.iter().filter(|&&n| n == longest).count() >= 2 { longest } else { grid::mode(&lengths) };
    if width < 3 {
        return None;
    }
    // A first row broken over lines: its first cells alone on a line above (a blank between).
    let mut first_line = rows[0];
    let mut above = rows[0];
    while above > 0 && lines[above - 1].is_blank() && !taken[above - 1] {
        above -= 1;
    }
    if above > 0 && !taken[above - 1] && cells[0].len() < width {
        let k = above - 1;
        let broken: Vec<Piece> = tidy(line_pieces(norm, &lines[k], k));
        if !broken.is_empty()
            && broken.len() + cells[0].len() == width
            && broken.iter().all(|x| x.class != Class::Sentence)
        {
            let mut joined = broken;
            joined.append(&mut cells[0]);
            cells[0] = joined;
            first_line = k;
        }
    }
    let labelled =
        cells.iter().filter(|c| c.first().is_some_and(|x| matches!(x.class, Class::Label | Class::Temporal))).count();
    let has_labels = labelled * 2 > cells.len();
    // The header: up to four non-blank lines right above, none a sentence or a row.
    let mut header_lines: Vec<usize> = Vec::new();
    let mut h = first_line;
    while h > 0 && header_lines.len() < width + 2 {
        let k = h - 1;
        if taken[k] {
            break;
        }
        if lines[k].is_blank() {
            // Blank lines between header lines (a PDF's header cells apart), one at a time.
            if header_lines.is_empty() || (k > 0 && !lines[k - 1].is_blank()) {
                h -= 1;
                continue;
            }
            break;
        }
        let t = lines[k].trimmed();
        if t.ends_with('。')
            || t.chars().count() > 60
            || caption_unit(t).is_some()
            || heads_a_section(t)
            || spaced_row(per_line.of(k))
        {
            break;
        }
        header_lines.push(k);
        h -= 1;
    }
    header_lines.reverse();
    let mut evidence = vec![format!("{} rows of {width} cells apart by single spaces", cells.len())];
    // The fewest lines right above the rows that give every column (a title above the header
    // is none of it); failing that, all of them, for the first column's word.
    let fit_with = |h: usize| {
        let used = &header_lines[header_lines.len() - h..];
        let mut ev = Vec::new();
        let cols = spaced_header(norm, lines, used, width, has_labels, &mut ev)?;
        Some((used.to_vec(), cols, ev))
    };
    // A header that names every column (the corner too) beats one that leaves the corner empty.
    let exact = |f: &(Vec<usize>, Vec<Vec<String>>, Vec<String>)| f.1.first().is_some_and(|c| !c.is_empty());
    let fitted = (1..=header_lines.len())
        .filter_map(fit_with)
        .find(exact)
        .or_else(|| (1..=header_lines.len()).find_map(fit_with));
    let (header_lines, columns) = match fitted {
        Some((used, cols, ev)) => {
            evidence.extend(ev);
            (used, cols)
        }
        None => {
            let cols = first_word_header(lines, &header_lines, width, &mut evidence);
            // Only the line that gave the word (and those below it) are the header.
            let from = header_lines
                .iter()
                .position(|&k| {
                    cols.first().is_some_and(|c| !c.is_empty() && lines[k].trimmed().starts_with(c[0].as_str()))
                })
                .unwrap_or(header_lines.len());
            (header_lines[from..].to_vec(), cols)
        }
    };
    let start_line = header_lines.first().copied().unwrap_or(first_line);
    let end_line = *rows.last()? + 1;
    // Build the table directly: header rows (one per header line, cells as read) and rows.
    let mut table_rows: Vec<Vec<Cell>> = Vec::new();
    let header_rows = usize::from(!header_lines.is_empty());
    if header_rows == 1 {
        let row: Vec<Cell> = columns
            .iter()
            .map(|path| Cell { text: path.last().cloned().unwrap_or_default(), norm_span: 0..0 })
            .collect();
        table_rows.push(row);
    }
    for row in &cells {
        let mut r: Vec<Cell> = Vec::with_capacity(width);
        // A sparse row fills its first cells; with a total column last, its last figure goes there.
        let n = row.len().min(width);
        let last_total = columns.last().is_some_and(|c| c.last().is_none_or(|h| lexicon::is_total(h)));
        let slots: Vec<Option<&Piece>> = if n < width && n >= 3 && last_total {
            let mut s: Vec<Option<&Piece>> = row[..n - 1].iter().map(Some).collect();
            s.resize(width - 1, None);
            s.push(row.get(n - 1));
            s
        } else {
            let mut s: Vec<Option<&Piece>> = row.iter().take(width).map(Some).collect();
            s.resize(width, None);
            s
        };
        let mut at = row.first().map_or(0, |x| x.span.start);
        for slot in slots {
            match slot {
                Some(x) => {
                    at = x.span.end;
                    r.push(Cell { text: x.text.trim().to_string(), norm_span: x.span.clone() });
                }
                None => r.push(Cell { text: String::new(), norm_span: at..at }),
            }
        }
        table_rows.push(r);
    }
    let mut t = Table {
        id: None,
        shape: TableShape::SpacedRows,
        norm_span: lines[start_line].trimmed_range().start..lines[end_line - 1].trimmed_range().end,
        lines: start_line..end_line,
        rows: table_rows,
        header_rows,
        column_units: columns
            .iter()
            .map(|c| c.last().and_then(|h| super::table::header_unit(h)).map(|(_, u)| u.to_string()))
            .collect(),
        caption_unit: None,
        columns,
        parents: Vec::new(),
        unit_column: None,
        evidence,
    };
    t.parents = vec![None; t.rows.len()];
    // The header cells' spans: the header lines.
    if header_rows == 1 {
        let span =
            lines[start_line].trimmed_range().start..lines[first_line.max(start_line + 1) - 1].trimmed_range().end;
        if let Some(first) = t.rows[0].first_mut() {
            first.norm_span = span;
        }
    }
    Some(t)
}

/// Header words after which a merged header line (`年度審議会等の数委員数割合(%)`) is cut into
/// its cells.
const HEADER_ENDINGS: &[&str] = &["年度", "年次", "区分", "項目", "数", "率", "額", "割合", "合計", "計", ")", "%"];

/// Cuts a header line written without spaces into its cells, after the words a column's
/// header ends with.
fn split_merged(t: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = t.chars().collect();
    let mut depth = 0;
    for (i, &c) in chars.iter().enumerate() {
        cur.push(c);
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth > 0 {
            continue;
        }
        let next = chars.get(i + 1).copied();
        let ends = HEADER_ENDINGS.iter().any(|e| cur.ends_with(e));
        let next_starts_word =
            next.is_some_and(|n| n != '(' && n != '%' && !n.is_ascii_digit() && n != 'の' && n != '等');
        if ends && next_starts_word && cur.chars().count() >= 2 {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Column paths of a spaced table from its header lines: all their cells in order, each unit in
/// brackets on a line of its own going to a header word (`利用件数` … `(件)`: the words that
/// have none, from the last back); or two lines whose upper cells span the lower (a year over
/// 予算 / 決算); or, when the header is merged beyond reading, the first column's word only.
fn spaced_header(
    norm: &str,
    lines: &[Line<'_>],
    header_lines: &[usize],
    width: usize,
    has_labels: bool,
    evidence: &mut Vec<String>,
) -> Option<Vec<Vec<String>>> {
    let levels: Vec<Vec<String>> = header_lines
        .iter()
        .map(|&k| {
            pieces::tokens(norm, lines[k].trimmed_range()).into_iter().flat_map(|(_, t)| split_merged(&t)).collect()
        })
        .collect();
    let fit = |n: usize| n == width || n + 1 == width;
    let padded = |mut cols: Vec<Vec<String>>| {
        if cols.len() < width {
            cols.insert(0, Vec::new());
        }
        cols
    };
    // Every header cell in order, units in brackets going to their words.
    let all: Vec<&String> = levels.iter().flatten().collect();
    let is_bracket_unit =
        |t: &str| t.starts_with('(') && t.ends_with(')') && super::table::header_unit(&format!("x{t}")).is_some();
    let words: Vec<String> = all.iter().filter(|t| !is_bracket_unit(t)).map(|t| t.to_string()).collect();
    let units: Vec<&String> = all.iter().copied().filter(|t| is_bracket_unit(t)).collect();
    if fit(words.len()) && units.len() <= words.len() {
        let mut words = words;
        let first = words.len() - units.len();
        for (w, u) in words[first..].iter_mut().zip(&units) {
            w.push_str(u);
        }
        if !units.is_empty() {
            evidence.push("units in brackets on the header's lines go to the header words before them".to_string());
        }
        return Some(padded(words.into_iter().map(|w| vec![w]).collect()));
    }
    // One word too many, the first two both words (`指標 区分 R5 R6 …`) over rows whose first
    // cell holds the name and its kind together (`改修件数(件) 目標 8 10 …`): the two head the
    // one label column.
    if has_labels && units.is_empty() && words.len() == width + 1 {
        let word = |t: &str| !pieces::is_temporal(t) && !t.chars().any(|c| c.is_ascii_digit());
        if word(&words[0]) && word(&words[1]) && !word(&words[2]) {
            evidence.push(format!("the header's first two words head the label column: {} {}", words[0], words[1]));
            let mut cols = vec![vec![format!("{} {}", words[0], words[1])]];
            cols.extend(words[2..].iter().map(|w| vec![w.clone()]));
            return Some(cols);
        }
    }
    // Two lines: the upper spans the lower (a year over 予算 / 決算; 委員数 over 総数 / うち女性).
    if levels.len() >= 2 {
        let lower = &levels[levels.len() - 1];
        let upper_line = &levels[levels.len() - 2];
        // A corner word before the years (`区分 令和4年度 令和5年度`) heads the label column.
        let (corner, upper): (Option<&String>, &[String]) = match upper_line.split_first() {
            Some((c, rest))
                if has_labels
                    && !rest.is_empty()
                    && !pieces::is_temporal(c)
                    && rest.iter().all(|t| pieces::is_temporal(t)) =>
            {
                (Some(c), rest)
            }
            _ => (None, upper_line.as_slice()),
        };
        let value_columns = width - usize::from(has_labels);
        let mut cols: Vec<Vec<String>> = Vec::new();
        if !upper.is_empty()
            && lower.len() == value_columns
            && lower.len().is_multiple_of(upper.len())
            && lower.len() > upper.len()
        {
            // Every upper cell spans as many lower ones.
            let per = lower.len() / upper.len();
            if has_labels {
                cols.push(corner.map(|c| vec![c.clone()]).unwrap_or_default());
            }
            for (u, chunk) in upper.iter().zip(lower.chunks(per)) {
                for l in chunk {
                    cols.push(vec![u.clone(), l.clone()]);
                }
            }
        } else if !upper.is_empty() && upper.len() + lower.len() - 1 == width {
            // One upper cell spans all the lower ones: the last that is no rate.
            let spans =
                upper.iter().rposition(|u| !(u.contains('率') || u.contains("割合") || u.contains('%'))).unwrap_or(0);
            for (i, u) in upper.iter().enumerate() {
                if i == spans {
                    for l in lower {
                        cols.push(vec![u.clone(), l.clone()]);
                    }
                } else {
                    cols.push(vec![u.clone()]);
                }
            }
        }
        if cols.len() == width {
            evidence.push("two header lines: the upper cells span the lower".to_string());
            return Some(cols);
        }
    }
    None
}

/// When no reading of the header gives every column: the first column's word, if a header
/// line starts with one (`年度…` merged beyond reading).
fn first_word_header(
    lines: &[Line<'_>],
    header_lines: &[usize],
    width: usize,
    evidence: &mut Vec<String>,
) -> Vec<Vec<String>> {
    let mut cols = vec![Vec::new(); width];
    for &k in header_lines {
        let t = lines[k].trimmed();
        if let Some(w) = ["年度", "区分", "項目", "年次"].iter().find(|w| t.starts_with(**w)) {
            cols[0] = vec![w.to_string()];
            evidence.push(format!("the header is merged beyond reading; its first word {w} heads the first column"));
            break;
        }
    }
    cols
}

// --- a whole table on one line -------------------------------------------------------------

fn one_line_tables(norm: &str, lines: &[Line<'_>], looks: &[LineLook], taken: &[bool]) -> Vec<Table> {
    let mut out = Vec::new();
    for (k, l) in lines.iter().enumerate() {
        if taken[k] || l.is_blank() {
            continue;
        }
        // The cheapest test first: most lines hold no four figures apart.
        let t = l.trimmed();
        if looks[k].figures < 4 || looks[k].tab || looks[k].spaces < 7 {
            continue;
        }
        let p = tidy(line_pieces(norm, l, k));
        if p.iter().filter(|x| x.class == Class::Value).count() < 4 {
            continue;
        }
        if let Some(g) = grid::label_led(&p) {
            if worth_a_table(&p, &g) && reads_as_one_line_table(&p, &g, t) {
                out.push(to_table(TableShape::OneLine, lines, &p, &g));
            }
        }
    }
    out
}

/// Prose with figures has rows too, read this way (`業者数は 123,782 業者になり …`): a table
/// on one line has two full rows or more whose labels are names, not pieces of sentences, and
/// it is most of its line.
fn reads_as_one_line_table(p: &[Piece], g: &Grid, line: &str) -> bool {
    const PARTICLES: &[char] = &['は', 'を', 'に', 'が', 'の', 'で', 'と', 'も', 'り', 'て', 'し', 'る', 'た'];
    let rows: Vec<&grid::GridRow> = g.rows.iter().filter(|r| !r.group).collect();
    let full = rows.iter().filter(|r| r.cells.iter().flatten().count() >= 2).count();
    let names = rows.iter().all(|r| {
        r.label.iter().all(|&i| {
            let t = p[i].text.trim();
            !t.ends_with(PARTICLES) && !t.contains(['、', '。'])
        })
    });
    let _ = line;
    // Most of the line's tokens are the table's.
    let covered = (g.end - g.start) * 2 >= p.len();
    full >= 2 && names && covered
}

// --- grids to tables ------------------------------------------------------------------------

/// The table a grid reads from its pieces: a header row (two when a year spans roles), then one
/// row per grid row; cells keep their pieces' spans, empty cells an empty span where they
/// would stand.
fn to_table(shape: TableShape, lines: &[Line<'_>], p: &[Piece], g: &Grid) -> Table {
    let width = g.width();
    let levels = g.header.iter().map(|h| h.2 + 1).max().unwrap_or(0);
    let piece_text = |ids: &[usize]| {
        let mut s = String::new();
        for &i in ids {
            crate::text::push_joined(&mut s, p[i].text.trim());
        }
        s
    };
    let span_of = |ids: &[usize]| ids.first().map_or(0..0, |&a| p[a].span.start..p[*ids.last().unwrap_or(&a)].span.end);
    let first_span = p.get(g.start).map_or(0, |x| x.span.start);
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for level in 0..levels {
        let mut row: Vec<Cell> =
            (0..width).map(|_| Cell { text: String::new(), norm_span: first_span..first_span }).collect();
        for (ids, col, lv) in &g.header {
            if *lv == level && *col < width {
                row[*col] = Cell { text: piece_text(ids), norm_span: span_of(ids) };
            }
        }
        rows.push(row);
    }
    let header_rows = rows.len();
    let mut parents: Vec<Option<usize>> = vec![None; header_rows];
    let mut group: Option<(usize, bool)> = None; // (row index, vertical)
    for r in &g.rows {
        let mut row: Vec<Cell> = Vec::with_capacity(width);
        let label_span = span_of(&r.label);
        row.push(Cell { text: piece_text(&r.label), norm_span: label_span.clone() });
        let mut at = label_span.end;
        if g.unit_column {
            match r.unit {
                Some(u) => {
                    at = p[u].span.end;
                    row.push(Cell { text: p[u].text.trim().to_string(), norm_span: p[u].span.clone() });
                }
                None => row.push(Cell { text: String::new(), norm_span: at..at }),
            }
        }
        for c in &r.cells {
            match c {
                Some(i) => {
                    at = p[*i].span.end;
                    row.push(Cell { text: p[*i].text.trim().to_string(), norm_span: p[*i].span.clone() });
                }
                None => row.push(Cell { text: String::new(), norm_span: at..at }),
            }
        }
        row.resize_with(width, || Cell { text: String::new(), norm_span: at..at });
        let index = rows.len();
        let vertical = r.label.iter().any(|&i| p[i].vertical);
        if r.group {
            parents.push(None);
            group = Some((index, vertical));
        } else {
            let label = &row[0].text;
            // A total row, or a label of the group's own kind (another vertical label), ends it.
            if lexicon::is_total(label) || group.is_some_and(|(_, v)| v && vertical) {
                group = None;
            }
            parents.push(group.map(|(g, _)| g));
        }
        rows.push(row);
    }
    let first_line = p.get(g.start).map_or(0, |x| x.lines.start);
    let last_line = p.get(g.end.saturating_sub(1)).map_or(first_line, |x| x.lines.end.saturating_sub(1));
    let (first_line, last_line) = (first_line.min(last_line), last_line.max(first_line));
    let column_units = g
        .columns
        .iter()
        .map(|c| c.last().and_then(|h| super::table::header_unit(h)).map(|(_, u)| u.to_string()))
        .collect();
    Table {
        id: None,
        shape,
        norm_span: lines[first_line].trimmed_range().start..lines[last_line].trimmed_range().end,
        lines: first_line..last_line + 1,
        rows,
        header_rows,
        column_units,
        caption_unit: None,
        columns: g.columns.iter().map(|c| c.iter().filter(|h| !h.is_empty()).cloned().collect()).collect(),
        parents,
        unit_column: g.unit_column.then_some(1),
        evidence: g.evidence.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_headers_are_cut_after_header_words() {
        assert_eq!(
            split_merged("年度審議会等の数委員数女性委員の割合(%)"),
            ["年度", "審議会等の数", "委員数", "女性委員の割合(%)"]
        );
        assert_eq!(split_merged("総数うち女性"), ["総数", "うち女性"]);
    }
}
