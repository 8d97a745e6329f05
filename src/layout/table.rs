//! Tables as text exports leave them, in one model for segmentation (a record keeps its tables
//! as rows × cells) and extraction (a column's header or a unit caption gives a bare number its
//! unit, or makes it a year).
//!
//! # Shapes
//!
//! - **Tab-separated rows** ([`TableShape::Tsv`]): consecutive lines with tabs between cells
//!   (Excel and Word exports); a row may start with an empty cell (`⇥実績値⇥38`).
//! - **Cell blocks** ([`TableShape::CellBlocks`]): a Word table cell per tab-led line, a cell
//!   wrapping onto lines without a tab (`⇥開催` + `年度`), rows apart by one blank line.
//! - **Pipe rows** ([`TableShape::Pipes`]): `| 区分 | 予算額 |`, with or without the outer
//!   pipes, and markdown rule rows (`|---|---|`) that end the header.
//! - **Box drawing** ([`TableShape::Boxes`]): `┌─┬─┐` rules and `│`-separated rows; the rows
//!   above the first inner rule (`├─┼─┤`) are the header.
//! - **Aligned columns** ([`TableShape::Spaces`]): two or more lines whose cells are apart by
//!   runs of two or more spaces (a full-width space is one space after normalization).
//!
//! # Units
//!
//! A header cell may name its column's unit in brackets (`予算額 (千円)`, `金額(単位:百万円)`,
//! `件数(件)`). A caption line (`(単位:百万円)`, `（金額単位：千円）`, `金額の単位は千円`) names
//! the unit of the tables below it, up to the next caption.

use std::ops::Range;
use std::sync::LazyLock;

use crate::text::positions::partition_point_from;
use crate::text::Line;

crate::vocabulary! {
    /// How a table is written.
    pub enum TableShape {
        Tsv => "tsv",
        CellBlocks => "cell_blocks",
        Pipes => "pipes",
        Boxes => "box",
        Spaces => "spaces",
        /// One cell a line, with or without blank lines between cells.
        CellLines => "cell_lines",
        /// One `cell |` a line (a web table whose cells each end with a pipe).
        CellPipes => "cell_pipes",
        /// Each row on one line, cells apart by single spaces; the header on lines of its own.
        SpacedRows => "spaced_rows",
        /// The whole table on one long line.
        OneLine => "one_line",
        /// Column by column: the row labels, then each column's figures in their order.
        ColumnBlocks => "column_blocks",
    }
}

impl TableShape {
    /// A shape an export made by flattening the table (one cell a line, one line …), read by
    /// the layout stage's row inference rather than by a separator.
    pub fn is_flattened(self) -> bool {
        matches!(
            self,
            TableShape::CellLines
                | TableShape::CellPipes
                | TableShape::SpacedRows
                | TableShape::OneLine
                | TableShape::ColumnBlocks
        )
    }
}

/// A table kept as rows × cells.
#[derive(Debug, Clone)]
pub struct Table {
    /// The table's index in the document's tables (its id in `tables.jsonl`), once known.
    pub id: Option<usize>,
    pub shape: TableShape,
    pub norm_span: Range<usize>,
    /// Indices of the table's first and last lines (+ 1) in the document's lines.
    pub lines: Range<usize>,
    pub rows: Vec<Vec<Cell>>,
    /// How many leading rows are header rows (0 for a nested table of a plan cell).
    pub header_rows: usize,
    /// Per column, the unit its header names, e.g. `千円` from `予算額 (千円)`.
    pub column_units: Vec<Option<String>>,
    /// The unit a caption above the table gives its figures (`千円` from `(単位:千円)`).
    pub caption_unit: Option<String>,
    /// Per column, its header path, outermost first (`令和4年度` > `計画(予算)`); empty levels
    /// left out, so a column with no header has an empty path.
    pub columns: Vec<Vec<String>>,
    /// Per row, the row that heads it as a group (`【特別会計】` over its accounts), if any.
    pub parents: Vec<Option<usize>>,
    /// The column holding each row's unit (a 単位 column), if there is one.
    pub unit_column: Option<usize>,
    /// How the table was read, for a person checking it (`inspect`).
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub norm_span: Range<usize>,
}

impl Table {
    /// The header paths of the columns as the header rows give them: each header row's cell
    /// is one level; an empty cell in a header row above another (a cell spanning columns)
    /// takes the text of the nearest filled cell on its left.
    pub fn header_paths(&self) -> Vec<Vec<String>> {
        let width = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let header = &self.rows[..self.header_rows.min(self.rows.len())];
        (0..width)
            .map(|col| {
                let mut path: Vec<String> = Vec::new();
                for (h, row) in header.iter().enumerate() {
                    let own = row.get(col).map(|c| c.text.trim()).unwrap_or("");
                    let spanned = if own.is_empty() && h + 1 < header.len() {
                        row[..col.min(row.len())]
                            .iter()
                            .rev()
                            .map(|c| c.text.trim())
                            .find(|t| !t.is_empty())
                            .unwrap_or("")
                    } else {
                        own
                    };
                    if !spanned.is_empty() && path.last().is_none_or(|l| l != spanned) {
                        path.push(spanned.to_string());
                    }
                }
                path
            })
            .collect()
    }

    /// The header path of a row: the labels of the groups above it and its own label (the
    /// first cell), outermost first.
    pub fn row_path(&self, row: usize) -> Vec<String> {
        let mut path = Vec::new();
        let mut at = Some(row);
        let mut guard = 0;
        while let Some(r) = at {
            if let Some(label) = self.rows.get(r).and_then(|cells| cells.first()).map(|c| c.text.trim()) {
                if !label.is_empty() {
                    path.push(label.to_string());
                }
            }
            at = self.parents.get(r).copied().flatten();
            guard += 1;
            if guard > self.rows.len() {
                break;
            }
        }
        path.reverse();
        path
    }

    /// The header of column `col` (the header rows' cells joined), without its unit.
    pub fn header_label(&self, col: usize) -> String {
        let mut compact = String::new();
        for row in self.rows.iter().take(self.header_rows) {
            if let Some(c) = row.get(col) {
                compact.extend(c.text.chars().filter(|c| !c.is_whitespace()));
            }
        }
        match header_unit(&compact) {
            Some((l, _)) => l.to_string(),
            None => compact,
        }
    }

    /// The money unit that governs the table's figures: the caption's, else the first yen
    /// unit a column header names.
    pub fn money_unit(&self) -> Option<&str> {
        let yen = |u: &&str| u.ends_with('円');
        self.caption_unit
            .as_deref()
            .filter(yen)
            .or_else(|| self.column_units.iter().flatten().map(String::as_str).find(yen))
    }
}

pub use crate::text::lexicon::UNIT_WORDS;

/// The label and unit of a header cell that names its unit in brackets at its end:
/// `予算額 (千円)` → (`予算額`, `千円`); `金額(単位:百万円)` → (`金額`, `百万円`).
pub fn header_unit(header: &str) -> Option<(&str, &'static str)> {
    let h = header.trim();
    let open = h.rfind('(')?;
    let inner = h[open + 1..].strip_suffix(')')?.trim();
    let inner = inner.strip_prefix("単位").map(|r| r.trim_start_matches([':', ' ', '：'])).unwrap_or(inner);
    let unit = UNIT_WORDS
        .iter()
        .copied()
        .find(|u| inner == *u)
        .or_else(|| crate::text::lexicon::counter_prefix(inner).filter(|c| *c == inner))
        .or_else(|| crate::text::lexicon::measure_prefix(inner).filter(|m| *m == inner))?;
    Some((h[..open].trim_end(), unit))
}

/// The unit a caption line gives the figures below it: `(単位:百万円)`, `(金額単位:千円)`,
/// `単位:千円`, `金額の単位は千円`, `(単位 千円、%)`.
pub fn caption_unit(line: &str) -> Option<&'static str> {
    // Asked of most short lines: one prepared byte search, not a string search set up per call.
    static UNIT_WORD: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("単位".as_bytes()));
    let at = UNIT_WORD.find(line.as_bytes())?;
    let rest = line[at + "単位".len()..].trim_start_matches([':', ' ', 'は', '：']);
    UNIT_WORDS.iter().find(|u| rest.starts_with(**u)).copied()
}

/// A caption line: short, and its unit is what it says (not `…基礎となる単位で…`).
fn is_caption(line: &str) -> bool {
    line.chars().count() <= 40 && caption_unit(line).is_some()
}

// ---------------------------------------------------------------------------------------
// Finding tables
// ---------------------------------------------------------------------------------------

/// The tables whose cells the export marked (tabs, pipes, box drawing, runs of spaces), in
/// order, each with the caption unit that governs it; [`super::find_tables`] adds the
/// flattened ones.
///
/// A caption (`(単位:千円)`) governs the tables after it up to the next heading; one placed
/// before the document's first heading governs the whole document. A table with no caption in
/// scope takes one written right below it (`| 合計 | … |` then `(単位:百万円)`).
pub fn marked_tables(norm: &str, lines: &[Line<'_>]) -> Vec<Table> {
    let mut tables = Vec::new();
    // (unit, caption line, governs the whole document)
    let mut caption: Option<(&'static str, usize, bool)> = None;
    // Whether a heading stands above a caption, and between a caption and a table.
    let mut from_top = HeadingSearch::new(lines, 0);
    let mut below_caption = HeadingSearch::new(lines, 0);
    // A run of pipe lines that makes no table (cells flattened one per line) makes none from
    // any line inside it either: pipe tables are not tried again before its end.
    let mut no_pipe_table_before = 0;
    // Only lines with a byte that some shape or a caption needs are looked at, each with what
    // it holds: found by byte searches over the whole text, not line by line.
    let candidates = candidate_lines(norm.as_bytes(), lines);
    let mut i = 0;
    for &(c, holds) in &candidates {
        if c < i {
            continue;
        }
        i = c;
        let l = &lines[i];
        if l.is_blank() {
            continue;
        }
        if holds.has(Holds::UNIT) && is_caption(l.trimmed()) {
            caption = caption_unit(l.trimmed()).map(|u| (u, i, !from_top.any_before(i)));
            below_caption = HeadingSearch::new(lines, i + 1);
        }
        let pipe = holds.has(Holds::PIPE);
        let tab = holds.has(Holds::TAB);
        let boxed = holds.has(Holds::BOX);
        let spaced = holds.has(Holds::SPACES);
        let mut pipe_found = None;
        if pipe && i >= no_pipe_table_before {
            match pipe_table(lines, i) {
                Ok(table) => pipe_found = Some(table),
                Err(Some(run_end)) => no_pipe_table_before = run_end,
                Err(None) => {}
            }
        }
        let found = pipe_found
            .or_else(|| boxed.then(|| box_table(lines, i)).flatten())
            .or_else(|| tab.then(|| tsv_table_at(lines, i)).flatten())
            .or_else(|| (tab && l.is_tab_led()).then(|| cell_block_table(lines, i)).flatten())
            .or_else(|| (spaced && !tab).then(|| spaces_table(lines, i)).flatten());
        if let Some(mut table) = found {
            // A caption in the header row (`区分 | 金額(単位:千円)`), above the table in scope,
            // or right below it.
            let in_header =
                table.rows.iter().take(table.header_rows.max(1)).flatten().find_map(|c| caption_unit(&c.text));
            let start = table.lines.start;
            let above = caption
                .filter(|&(_, at, whole)| whole || at + 1 >= start || !below_caption.any_before(start))
                .map(|(u, ..)| u);
            let below = lines.get(table.lines.end).map(Line::trimmed).filter(|t| is_caption(t)).and_then(caption_unit);
            table.caption_unit = in_header.or(above).or(below).map(str::to_string);
            i = table.lines.end;
            tables.push(table);
        }
    }
    tables
}

/// The caption units of flattened tables: one in a header cell or on the table's first line
/// before the table (`≪…≫ (単位:人) 区分 …`), else the nearest caption above with no heading
/// between (one before the document's first heading governs it all), else one right below.
pub(super) fn flat_captions(lines: &[Line<'_>], tables: &mut [Table]) {
    let captions: Vec<(usize, &'static str)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.is_blank() && is_caption(l.trimmed()))
        .filter_map(|(i, l)| caption_unit(l.trimmed()).map(|u| (i, u)))
        .collect();
    let heads: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.is_blank() && crate::text::markers::mark(l.trimmed()).is_some())
        .map(|(i, _)| i)
        .collect();
    let heading_between = |a: usize, b: usize| {
        let i = heads.partition_point(|&h| h <= a);
        heads.get(i).is_some_and(|&h| h < b)
    };
    for t in tables {
        let in_header = t.rows.iter().take(t.header_rows.max(1)).flatten().find_map(|c| caption_unit(&c.text));
        let on_line = lines.get(t.lines.start).and_then(|l| {
            let first_cell = t.rows.iter().flatten().map(|c| c.norm_span.start).filter(|&s| s >= l.start).min()?;
            let before = l.text.get(..first_cell.saturating_sub(l.start))?;
            caption_unit(before)
        });
        let above = captions
            .iter()
            .rev()
            .find(|&&(at, _)| at < t.lines.start)
            .filter(|&&(at, _)| heads.first().is_none_or(|&h| at < h) || !heading_between(at, t.lines.start))
            .map(|&(_, u)| u);
        let below = lines.get(t.lines.end).map(Line::trimmed).filter(|x| is_caption(x)).and_then(caption_unit);
        t.caption_unit = in_header.or(on_line).or(above).or(below).map(str::to_string);
    }
}

/// Whether a heading line stands between a fixed first line and a line asked about, for the
/// reach of a caption. The search stops at the first heading and goes on from where it
/// stopped when asked about a later line, so each line's heading mark is read at most once
/// (searching again from the first line for every caption or table is quadratic in a long
/// document with many of them).
struct HeadingSearch<'l, 'a> {
    lines: &'l [Line<'a>],
    /// Lines from the first up to this one have been read.
    scanned: usize,
    /// The first heading among them.
    found: Option<usize>,
}

impl<'l, 'a> HeadingSearch<'l, 'a> {
    fn new(lines: &'l [Line<'a>], first: usize) -> HeadingSearch<'l, 'a> {
        HeadingSearch { lines, scanned: first, found: None }
    }

    /// A heading from the first line up to (not including) `end`.
    fn any_before(&mut self, end: usize) -> bool {
        let end = end.min(self.lines.len());
        while self.found.is_none() && self.scanned < end {
            let l = &self.lines[self.scanned];
            if !l.is_blank() && crate::text::markers::mark(l.trimmed()).is_some() {
                self.found = Some(self.scanned);
            }
            self.scanned += 1;
        }
        self.found.is_some_and(|h| h < end)
    }
}

/// What a line holds that a table shape or a caption needs, as bits: the tests of
/// [`marked_tables`] read from one search of the whole text, not again on each line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Holds(u8);

impl Holds {
    /// A tab.
    const TAB: u8 = 1;
    /// A `|`.
    const PIPE: u8 = 2;
    /// A box-drawing char (U+2500–U+257F: E2 94 or E2 95 in UTF-8).
    const BOX: u8 = 4;
    /// Two spaces in a row.
    const SPACES: u8 = 8;
    /// `単位`.
    const UNIT: u8 = 16;

    fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }
}

/// The lines holding a byte that a table or a caption needs, in order, each with what it
/// holds. Four searches of the whole text find them: tabs and pipes, two spaces in a row, the
/// lead byte E2 of box drawing (its second byte checked: a pair search is slower on Japanese
/// text, whose bytes after E2 are all common ones), and `単位`.
fn candidate_lines(text: &[u8], lines: &[Line<'_>]) -> Vec<(usize, Holds)> {
    let mut holds = vec![0u8; lines.len()];
    // The lines that hold something, as they are first marked (three runs in order).
    let mut marked: Vec<usize> = Vec::new();
    let mut mark = |line: Option<usize>, bit: u8| {
        if let Some(li) = line {
            if holds[li] == 0 {
                marked.push(li);
            }
            holds[li] |= bit;
        }
    };
    let mut at = LineCursor::new(lines);
    for off in memchr::memchr2_iter(b'\t', b'|', text) {
        mark(at.line_of(off), if text[off] == b'\t' { Holds::TAB } else { Holds::PIPE });
    }
    // Spaces are too many to take each one from a byte search: the pair is searched for.
    let mut at = LineCursor::new(lines);
    for off in memchr::memmem::find_iter(text, b"  ") {
        mark(at.line_of(off), Holds::SPACES);
    }
    let mut at = LineCursor::new(lines);
    for off in memchr::memchr_iter(0xE2, text) {
        if matches!(text.get(off + 1), Some(0x94 | 0x95)) {
            mark(at.line_of(off), Holds::BOX);
        }
    }
    let mut at = LineCursor::new(lines);
    for off in memchr::memmem::find_iter(text, "単位".as_bytes()) {
        mark(at.line_of(off), Holds::UNIT);
    }
    marked.sort_unstable();
    marked.into_iter().map(|li| (li, Holds(holds[li]))).collect()
}

/// The line of each of a series of increasing offsets: the first line that does not end
/// before it.
struct LineCursor<'l, 'a> {
    lines: &'l [Line<'a>],
    /// Every line before this one ends before the offsets still to come.
    at: usize,
}

impl<'l, 'a> LineCursor<'l, 'a> {
    fn new(lines: &'l [Line<'a>]) -> LineCursor<'l, 'a> {
        LineCursor { lines, at: 0 }
    }

    /// The line of `off` (no smaller than the offsets asked before), `None` past the last.
    /// The next offset is mostly on the same line or a few lines on: the search starts at the
    /// last line.
    fn line_of(&mut self, off: usize) -> Option<usize> {
        let at = partition_point_from(self.lines, &mut self.at, |l| l.end < off);
        (at < self.lines.len()).then_some(at)
    }
}

fn span_of(lines: &[Line<'_>], range: &Range<usize>) -> Range<usize> {
    match (lines.get(range.start), range.end.checked_sub(1).and_then(|e| lines.get(e))) {
        (Some(a), Some(b)) => a.trimmed_range().start..b.trimmed_range().end,
        _ => 0..0,
    }
}

/// The cells of `text` (a line's part starting at normalized offset `start`) cut at `seps`
/// (byte ranges of separators within `text`); empty cells are kept.
fn cut_cells(text: &str, start: usize, seps: &[Range<usize>]) -> Vec<Cell> {
    let mut cells = Vec::with_capacity(seps.len() + 1);
    let mut from = 0;
    for sep in seps.iter().chain(std::iter::once(&(text.len()..text.len()))) {
        let piece = &text[from..sep.start];
        let t = piece.trim_start();
        let lead = piece.len() - t.len();
        let t = t.trim_end();
        let cell_start = start + from + lead;
        let text = if memchr::memchr(b'*', t.as_bytes()).is_some() { t.replace("**", "") } else { t.to_string() };
        cells.push(Cell { text, norm_span: cell_start..cell_start + t.len() });
        from = sep.end;
    }
    cells
}

fn table(
    shape: TableShape,
    lines: &[Line<'_>],
    range: Range<usize>,
    rows: Vec<Vec<Cell>>,
    header_rows: usize,
) -> Table {
    let column_units = header_rows
        .checked_sub(1)
        .and_then(|h| rows.get(h))
        .map(|h| h.iter().map(|c| header_unit(&c.text).map(|(_, u)| u.to_string())).collect())
        .unwrap_or_default();
    let mut t = Table {
        id: None,
        shape,
        norm_span: span_of(lines, &range),
        lines: range,
        rows,
        header_rows,
        column_units,
        caption_unit: None,
        columns: Vec::new(),
        parents: Vec::new(),
        unit_column: None,
        evidence: Vec::new(),
    };
    t.columns = t.header_paths();
    // A unit named by a spanning header (`受診率(%)` over 目標値 | 実績値) governs the
    // columns under it that name none themselves.
    for (c, path) in t.columns.iter().enumerate() {
        if t.column_units.get(c).is_some_and(Option::is_some) {
            continue;
        }
        let Some(unit) = path.iter().rev().skip(1).find_map(|h| header_unit(h)).map(|(_, u)| u.to_string()) else {
            continue;
        };
        if t.column_units.len() <= c {
            t.column_units.resize(c + 1, None);
        }
        t.column_units[c] = Some(unit);
    }
    t.parents = vec![None; t.rows.len()];
    t.unit_column = (0..t.columns.len()).find(|&c| t.columns[c].last().is_some_and(|h| h == "単位"));
    t
}

// --- tab-separated rows --------------------------------------------------------------------

fn is_tsv_row(l: &Line<'_>) -> bool {
    !l.is_blank() && memchr::memchr(b'\t', l.text.trim_start_matches('\t').as_bytes()).is_some()
}

/// Runs of consecutive lines (among `range`) that hold tab-separated cells: every line of
/// the run contains a tab that is not its first character, or is tab-led with a second tab.
/// A run must have two lines, or one line with at least two tabs.
pub fn tsv_runs(lines: &[Line<'_>], range: Range<usize>) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let end = range.end.min(lines.len());
    let mut i = range.start.min(end);
    while i < end {
        if !is_tsv_row(&lines[i]) {
            i += 1;
            continue;
        }
        let (run, makes_table) = tsv_run_at(lines, i, end);
        i = run.end;
        if makes_table {
            runs.push(run);
        }
    }
    runs
}

/// The run of tab-separated rows from line `i` (a row) up to `end`, and whether it makes a
/// table: two rows, or one with at least two tabs.
fn tsv_run_at(lines: &[Line<'_>], i: usize, end: usize) -> (Range<usize>, bool) {
    let mut j = i;
    while j < end && is_tsv_row(&lines[j]) {
        j += 1;
    }
    (i..j, j - i >= 2 || lines[i].text.matches('\t').count() >= 2)
}

/// A table from tab-separated rows; the first row is the header.
pub fn tsv_table(lines: &[Line<'_>], run: Range<usize>) -> Table {
    let rows: Vec<Vec<Cell>> = lines
        .get(run.clone())
        .unwrap_or(&[])
        .iter()
        .map(|l| {
            let seps: Vec<Range<usize>> = memchr::memchr_iter(b'\t', l.text.as_bytes()).map(|i| i..i + 1).collect();
            cut_cells(l.text, l.start, &seps)
        })
        .collect();
    let mut t = table(TableShape::Tsv, lines, run, rows, 1);
    // The norm span of a TSV table starts at its first line, tabs included.
    if let (Some(a), Some(b)) = (lines.get(t.lines.start), t.lines.end.checked_sub(1).and_then(|e| lines.get(e))) {
        t.norm_span = a.start..b.end;
    }
    t
}

fn tsv_table_at(lines: &[Line<'_>], i: usize) -> Option<Table> {
    if !is_tsv_row(&lines[i]) {
        return None;
    }
    let (run, makes_table) = tsv_run_at(lines, i, lines.len());
    makes_table.then(|| tsv_table(lines, run))
}

// --- cell blocks ---------------------------------------------------------------------------

/// One block row starting at line `i`: its cells (a tab-led line and the lines without a tab
/// that continue it) up to a blank line. Returns the cells and the index after the row.
fn block_row(lines: &[Line<'_>], i: usize) -> (Vec<Cell>, usize) {
    let mut cells: Vec<Cell> = Vec::new();
    let mut j = i;
    while let Some(l) = lines.get(j).filter(|l| !l.is_blank()) {
        if l.is_tab_led() {
            cells.push(Cell { text: l.trimmed().to_string(), norm_span: l.trimmed_range() });
        } else if let Some(last) = cells.last_mut() {
            crate::text::push_joined(&mut last.text, l.trimmed());
            last.norm_span.end = l.trimmed_range().end;
        } else {
            break;
        }
        j += 1;
    }
    (cells, j)
}

/// A cell-block table whose header row starts at line `i`: at least two header cells and
/// one data row, rows apart by exactly one blank line.
fn cell_block_table(lines: &[Line<'_>], i: usize) -> Option<Table> {
    if !lines[i].is_tab_led() {
        return None;
    }
    let (header, mut j) = block_row(lines, i);
    if header.len() < 2 || header.iter().any(|c| c.text.is_empty()) {
        return None;
    }
    let mut rows = vec![header];
    let mut last = j;
    while let (Some(gap), Some(next)) = (lines.get(j), lines.get(j + 1)) {
        if !gap.is_blank() || next.is_blank() || !next.is_tab_led() {
            break;
        }
        let (row, after) = block_row(lines, j + 1);
        if row.is_empty() {
            break;
        }
        rows.push(row);
        last = after;
        j = after;
    }
    if rows.len() < 2 {
        return None;
    }
    let range = i..last;
    Some(table(TableShape::CellBlocks, lines, range, rows, 1))
}

/// A cell's lines split into outer text and nested tables (see [`cell_tables`]).
#[derive(Debug, Default)]
pub struct CellContent {
    /// Non-blank lines that are the cell's own text.
    pub text_lines: Vec<usize>,
    /// Non-blank lines inside nested tables.
    pub table_lines: Vec<usize>,
    pub tables: Vec<Table>,
}

/// Splits the lines `range` of one Word cell of a plan column (its first non-blank line may be
/// tab-led: it opens the cell) into its own text and the nested tables inside it. Each
/// tab-led line opens a cell, a line without a tab right after a cell line continues that
/// cell (`\t開催` + `年度`), and a blank line ends the row; after a blank line, a line without
/// a tab ends the nested table: it is the outer cell's text again.
pub fn cell_tables(lines: &[Line<'_>], range: Range<usize>) -> CellContent {
    let mut out = CellContent::default();
    let end = range.end.min(lines.len());
    let first = (range.start.min(end)..end).find(|&i| !lines[i].is_blank());
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut in_table = false;
    let mut row_break = false;
    let mut table_start = 0;
    let mut last_table_line = 0;
    let finish = |rows: &mut Vec<Vec<Cell>>, out: &mut CellContent, start: usize, last: usize| {
        let rows = std::mem::take(rows);
        let mut t = table(TableShape::CellBlocks, lines, start..last + 1, rows, 0);
        t.norm_span = lines[start].start + 1..lines[last].end;
        out.tables.push(t);
    };
    for (i, l) in lines.iter().enumerate().take(end).skip(range.start.min(end)) {
        if l.is_blank() {
            if in_table {
                row_break = true;
            }
            continue;
        }
        let opens_cell = l.is_tab_led() && Some(i) != first;
        if opens_cell {
            if !in_table {
                in_table = true;
                table_start = i;
                rows.push(Vec::new());
            } else if row_break {
                rows.push(Vec::new());
            }
            row_break = false;
            if let Some(row) = rows.last_mut() {
                row.push(Cell { text: l.trimmed().to_string(), norm_span: l.trimmed_range() });
            }
            out.table_lines.push(i);
            last_table_line = i;
        } else if in_table && !row_break {
            // A wrapped cell: `\t開催` + `年度`.
            if let Some(cell) = rows.last_mut().and_then(|r| r.last_mut()) {
                crate::text::push_joined(&mut cell.text, l.trimmed());
                cell.norm_span.end = l.trimmed_range().end;
            }
            out.table_lines.push(i);
            last_table_line = i;
        } else {
            if in_table {
                finish(&mut rows, &mut out, table_start, last_table_line);
                in_table = false;
                row_break = false;
            }
            out.text_lines.push(i);
        }
    }
    if in_table {
        finish(&mut rows, &mut out, table_start, last_table_line);
    }
    out
}

// --- pipe rows -----------------------------------------------------------------------------

/// True for a pipe row: `| a | b |`, `a | b | c`, `a | b |`.
fn is_pipe_row(t: &str) -> bool {
    let pipes = memchr::memchr_iter(b'|', t.as_bytes()).count();
    pipes >= 2 || (pipes == 1 && (t.starts_with('|') || t.ends_with('|')) && t.len() > 1)
}

/// Rows joined from wrapped lines, the header row count and each row's group.
type WrappedRows = (Vec<Vec<Cell>>, usize, Vec<Option<usize>>);

/// Pipe rows that an export wrapped over lines (`区分 |` / `令和5年度 (実績) |` / … / `目標 | |`):
/// when most lines hold fewer cells than the widest, the lines are joined into rows, each
/// closed when it holds the widest line's cells (trailing empty cells left out), at a line of
/// empty cells only (`||`) or at a markdown rule. A row holding one cell more than the width
/// carries its group's label first (`特定健診 | 40歳代 | …`): the label becomes a row of its own
/// heading the rows below it. Returns the rows, the header row count and each row's group.
fn wrapped_rows(line_cells: &[Option<Vec<Cell>>]) -> Option<WrappedRows> {
    let len = |c: &[Cell]| c.iter().rposition(|x| !x.text.is_empty()).map_or(0, |k| k + 1);
    let width = line_cells.iter().flatten().map(|c| len(c)).max()?;
    let content: Vec<usize> = line_cells.iter().flatten().map(|c| len(c)).filter(|&n| n > 0).collect();
    let short = content.iter().filter(|&&n| n * 2 <= width).count();
    if width < 3 || content.len() < 4 || short * 10 < content.len() * 3 {
        return None;
    }
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut header = None;
    let mut current: Vec<Cell> = Vec::new();
    let close = |current: &mut Vec<Cell>, rows: &mut Vec<Vec<Cell>>| {
        if !current.is_empty() {
            rows.push(std::mem::take(current));
        }
    };
    for cells in line_cells {
        let Some(cells) = cells else {
            close(&mut current, &mut rows);
            header = Some(rows.len());
            continue;
        };
        let n = len(cells);
        if n == 0 {
            close(&mut current, &mut rows);
            continue;
        }
        // A line written out to the full width (`見出し | |||||`) is a row of its own.
        if cells.len() >= width {
            close(&mut current, &mut rows);
            rows.push(cells[..n].to_vec());
            continue;
        }
        current.extend(cells[..n].iter().cloned());
        if current.len() >= width {
            close(&mut current, &mut rows);
        }
    }
    close(&mut current, &mut rows);
    // Most rows must come out whole (the widest, or one more for a group label).
    let whole = rows.iter().filter(|r| r.len() == width || r.len() == width + 1).count();
    if rows.len() < 2 || whole * 10 < rows.len() * 7 || rows.len() * 2 > content.len() + 1 {
        return None;
    }
    let mut out: Vec<Vec<Cell>> = Vec::with_capacity(rows.len());
    let mut groups: Vec<Option<usize>> = Vec::with_capacity(rows.len());
    let mut group: Option<usize> = None;
    let header = header.unwrap_or(1);
    for (k, mut r) in rows.into_iter().enumerate() {
        if k >= header && r.len() == width + 1 {
            let label = r.remove(0);
            group = Some(out.len());
            out.push(vec![label]);
            groups.push(None);
        } else if k >= header && r.len() < width && r.len() <= 1 {
            group = None;
        }
        out.push(r);
        groups.push(if k >= header { group } else { None });
    }
    // Header rows shift by the group rows inserted before them (none: groups start after).
    Some((out, header, groups))
}

/// A markdown rule row: `|---|:--:|`.
fn is_rule_row(t: &str) -> bool {
    t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '+'))
}

/// The pipe table starting at line `i`; when there is none because the run's lines hold one
/// filled cell each, `Err(Some(end of the run))`: no line inside the run starts one either.
fn pipe_table(lines: &[Line<'_>], i: usize) -> Result<Table, Option<usize>> {
    if !is_pipe_row(lines[i].trimmed()) {
        return Err(None);
    }
    let mut j = i;
    while lines.get(j).is_some_and(|l| !l.is_blank() && (is_pipe_row(l.trimmed()) || l.trimmed() == "|")) {
        j += 1;
    }
    let range = i..j;
    let many_cells = lines[i].trimmed().matches('|').count() >= 3;
    if j - i < 2 && !many_cells {
        return Err(None);
    }
    let mut rows = Vec::new();
    let mut header_rows = 1;
    // Per line: its cells, or none for a markdown rule row.
    let mut line_cells: Vec<Option<Vec<Cell>>> = Vec::with_capacity(j - i);
    for l in &lines[range.clone()] {
        let t = l.trimmed();
        if is_rule_row(t) {
            header_rows = rows.len();
            line_cells.push(None);
            continue;
        }
        let base = l.trimmed_range().start;
        let inner_start = usize::from(t.starts_with('|'));
        let inner_end = if t.ends_with('|') && t.len() > inner_start { t.len() - 1 } else { t.len() };
        let inner = &t[inner_start..inner_end.max(inner_start)];
        let seps: Vec<Range<usize>> = inner.match_indices('|').map(|(k, _)| k..k + 1).collect();
        let cells = cut_cells(inner, base + inner_start, &seps);
        line_cells.push(Some(cells.clone()));
        rows.push(cells);
    }
    if let Some((joined, header, groups)) = wrapped_rows(&line_cells) {
        let mut t = table(TableShape::Pipes, lines, range, joined, header.max(1));
        t.parents = groups;
        t.evidence.push("pipe rows wrapped over lines, joined until each holds the widest line's cells".into());
        return Ok(t);
    }
    // Lines that only end with a pipe (`評価年月日 |`) are cells flattened one per line, not
    // a table; a first row with one filled cell (`【成果目標の概要】 | |||`) titles the table
    // below it and is no row of it.
    let filled = |r: &Vec<Cell>| r.iter().filter(|c| !c.text.is_empty()).count();
    if rows.iter().all(|r| filled(r) <= 1) {
        return Err(Some(j));
    }
    if rows.first().is_some_and(|r| filled(r) == 1) {
        return Err(None);
    }
    // A header of two levels whose rule the writer put under the first: a header row with
    // cells left empty for a spanning heading (`| 指標 | 令和4年度 | | 令和5年度 | |`) is
    // completed by the row after the rule when that row holds words only and fills those
    // cells (`| | 計画 | 実績 | 計画 | 実績 |`).
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut header_rows = header_rows.max(1);
    while let Some(r) = rows.get(header_rows).filter(|_| header_rows + 1 < rows.len() && header_rows < 3) {
        let above = &rows[header_rows - 1];
        let words_only = r.iter().all(|c| super::pieces::figure_tokens(&c.text) == 0);
        let completes = (1..width)
            .any(|c| above.get(c).is_none_or(|x| x.text.is_empty()) && r.get(c).is_some_and(|x| !x.text.is_empty()));
        if !(words_only && completes && filled(r) >= 2 && filled(r) * 2 >= width) {
            break;
        }
        header_rows += 1;
    }
    Ok(table(TableShape::Pipes, lines, range, rows, header_rows))
}

// --- box drawing ---------------------------------------------------------------------------

fn is_box_char(c: char) -> bool {
    ('\u{2500}'..='\u{257F}').contains(&c)
}

/// A line of box drawing: a rule (only box chars and spaces) or a row with `│` separators.
fn box_line(t: &str) -> Option<bool> {
    let rule = !t.is_empty() && t.chars().all(|c| is_box_char(c) || c == ' ');
    if rule {
        return Some(true);
    }
    (t.starts_with(['│', '┃']) || t.matches(['│', '┃']).count() >= 2).then_some(false)
}

fn box_table(lines: &[Line<'_>], i: usize) -> Option<Table> {
    box_line(lines[i].trimmed())?;
    let mut j = i;
    while lines.get(j).is_some_and(|l| !l.is_blank() && box_line(l.trimmed()).is_some()) {
        j += 1;
    }
    if j - i < 2 {
        return None;
    }
    let range = i..j;
    let mut rows = Vec::new();
    let mut header_rows = 0;
    for l in &lines[range.clone()] {
        let t = l.trimmed();
        if box_line(t) == Some(true) {
            // The first inner rule (after some rows) ends the header.
            if header_rows == 0 && !rows.is_empty() {
                header_rows = rows.len();
            }
            continue;
        }
        let base = l.trimmed_range().start;
        let seps: Vec<Range<usize>> =
            t.char_indices().filter(|(_, c)| *c == '│' || *c == '┃').map(|(k, c)| k..k + c.len_utf8()).collect();
        let mut cells = cut_cells(t, base, &seps);
        // The outer borders leave an empty cell at each end.
        if t.starts_with(['│', '┃']) && cells.first().is_some_and(|c| c.text.is_empty()) {
            cells.remove(0);
        }
        if t.ends_with(['│', '┃']) && cells.last().is_some_and(|c| c.text.is_empty()) {
            cells.pop();
        }
        rows.push(cells);
    }
    if rows.is_empty() {
        return None;
    }
    Some(table(TableShape::Boxes, lines, range, rows, header_rows.max(1)))
}

// --- aligned columns -----------------------------------------------------------------------

/// The separators of a line whose cells are apart by runs of two or more spaces, when it has
/// at least two cells.
fn space_separators(t: &str) -> Option<Vec<Range<usize>>> {
    let b = t.as_bytes();
    let mut seps = Vec::new();
    let mut k = 0;
    while k < b.len() {
        if b[k] == b' ' {
            let s = k;
            while k < b.len() && b[k] == b' ' {
                k += 1;
            }
            if k - s >= 2 && s > 0 && k < b.len() {
                seps.push(s..k);
            }
        } else {
            k += 1;
        }
    }
    (!seps.is_empty()).then_some(seps)
}

fn spaces_table(lines: &[Line<'_>], i: usize) -> Option<Table> {
    let row = |l: &Line<'_>| !l.is_blank() && !l.text.contains('\t') && space_separators(l.trimmed()).is_some();
    if !row(&lines[i]) {
        return None;
    }
    let mut j = i;
    while lines.get(j).is_some_and(&row) {
        j += 1;
    }
    if j - i < 2 {
        return None;
    }
    let range = i..j;
    let rows: Vec<Vec<Cell>> = lines[range.clone()]
        .iter()
        .map(|l| {
            let t = l.trimmed();
            cut_cells(t, l.trimmed_range().start, &space_separators(t).unwrap_or_default())
        })
        .collect();
    // Figures apart by single spaces inside the cells (`計画  12,000 12,500 13,000`): the wide
    // gap only follows the label, and the row's cells are its single-spaced tokens — a table
    // the spaced-rows reader reads, not aligned columns.
    let packed = rows.iter().filter(|r| r.len() == 2 && super::pieces::figure_tokens(&r[1].text) >= 2).count();
    if packed * 2 >= rows.len() {
        return None;
    }
    // A header row holds no figure; data rows do.
    let has_figure = |r: &Vec<Cell>| r.iter().skip(1).any(|c| c.text.bytes().any(|b| b.is_ascii_digit()));
    let header_rows = rows.iter().take_while(|r| !has_figure(r)).count().min(rows.len() - 1);
    Some(table(TableShape::Spaces, lines, range, rows, header_rows))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::find_tables;
    use crate::text::split_lines;

    /// What a line holds, by searches of the line itself.
    fn holds_of_line(t: &str) -> Holds {
        let b = t.as_bytes();
        let has = |needle: &[u8]| memchr::memmem::find(b, needle).is_some();
        let bits = [
            (has(b"\t"), Holds::TAB),
            (has(b"|"), Holds::PIPE),
            (has(b"\xE2\x94") || has(b"\xE2\x95"), Holds::BOX),
            (has(b"  "), Holds::SPACES),
            (has("単位".as_bytes()), Holds::UNIT),
        ];
        Holds(bits.iter().filter(|(on, _)| *on).fold(0, |h, (_, bit)| h | bit))
    }

    proptest::proptest! {
        /// The candidate lines of the whole-text searches are the lines whose own searches
        /// find something, with what they find.
        #[test]
        fn candidate_lines_are_the_lines_that_hold_a_needed_byte(
            text in r"(\n|\t|\||  | |単位|単|位|─|═|┃|※|…|表|[a-z0-9]){0,80}"
        ) {
            let lines = split_lines(&text);
            let want: Vec<(usize, Holds)> = lines
                .iter()
                .enumerate()
                .map(|(i, l)| (i, holds_of_line(l.text)))
                .filter(|(_, h)| h.0 != 0)
                .collect();
            proptest::prop_assert_eq!(candidate_lines(text.as_bytes(), &lines), want);
        }
    }

    fn shapes(text: &str) -> Vec<(TableShape, usize, usize, usize, Option<String>)> {
        let lines = split_lines(text);
        find_tables(text, &lines)
            .into_iter()
            .map(|t| (t.shape, t.lines.start + 1, t.lines.end, t.rows.len(), t.caption_unit.clone()))
            .collect()
    }

    #[test]
    fn every_shape() {
        let text = "(単位:千円)\n| 区分 | 金額 |\n|---|---|\n| 歳入 | 1,200 |\n\n区分\t前年度\t今年度\n税\t10\t12\n\n\
                    ┌──┬──┐\n│区分│金額│\n├──┼──┤\n│税│5│\n└──┴──┘\n\n区分      予算額      決算額\n歳入      1,000       1,100\n";
        assert_eq!(
            shapes(text),
            vec![
                (TableShape::Pipes, 2, 4, 2, Some("千円".into())),
                (TableShape::Tsv, 6, 7, 2, Some("千円".into())),
                (TableShape::Boxes, 9, 13, 2, Some("千円".into())),
                (TableShape::Spaces, 15, 16, 2, Some("千円".into())),
            ]
        );
    }

    #[test]
    fn headers_and_units() {
        let lines = split_lines("分野\t事業名\t予算額 (千円)\n産業\t事業A\t14,043\n");
        let t = tsv_table(&lines, 0..2);
        assert_eq!(t.column_units, vec![None, None, Some("千円".to_string())]);
        assert_eq!(t.header_label(2), "予算額");
        assert_eq!(header_unit("金額(単位:百万円)"), Some(("金額", "百万円")));
        assert_eq!(caption_unit("事業数及び決算額等(金額の単位は千円)"), Some("千円"));
        assert_eq!(caption_unit("基礎となる単位で"), None);
    }

    #[test]
    fn cell_blocks_with_wrapped_header() {
        let text = "<状況>\n\t開催\n年度\n\t商談数\n\n\t28\n\t288件\n\n\t29\n\t375件\n\n\n・次\n";
        let lines = split_lines(text);
        let t = find_tables(text, &lines);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].shape, TableShape::CellBlocks);
        assert_eq!(t[0].header_label(0), "開催年度");
        assert_eq!(t[0].rows.len(), 3);
    }

    #[test]
    fn prose_is_no_table() {
        let text = "本文です。\n  字下げの文です。\n\t<今年度何をするか>\n\t▷\n";
        assert!(find_tables(text, &split_lines(text)).is_empty());
    }
}
