//! Tab-cell tables: recognising the two layouts of the plan documents, so that a bare number
//! under a 年度 column is read as a fiscal year and one under a `(千円)` column as money.
//!
//! - **Rows of cells** (TSV): one line per row, cells separated by tabs
//!   (`分野⇥項目⇥…⇥予算額 (千円)⇥…`, seed 003).
//! - **Cell blocks**: every cell starts a line with a tab and may continue on the following
//!   lines; rows are separated by one blank line (`⇥開催\n年度\n⇥商談数…`, seed 001).
//!
//! Only tables with a header of interest are reported: a 年度 column (`開催年度`, `年度`) or
//! a yen column (`予算額 (千円)`). Their other cells are ordinary text, but a figure inside a
//! cell takes the column header as its subject.

use std::ops::Range;

use super::money;

/// What a column's header makes of a bare number in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ColumnKind {
    /// A 1–2 digit year of the document's era.
    FiscalYear,
    /// Yen times this multiplier.
    Money(f64),
    Plain,
}

/// One data cell of a recognised table.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    /// Normalized byte range of the cell's text, trimmed.
    pub span: Range<usize>,
    /// The column header's label (without a unit in brackets).
    pub header: String,
    pub kind: ColumnKind,
}

/// Words that make a 年度 header a relative one (今年度 is a fiscal word, not a column of years).
const RELATIVE_PREFIXES: &str = "今昨前来次本翌毎各";

fn column_kind(header: &str) -> (String, ColumnKind) {
    let compact: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some((label, mult)) = money::header_unit(header) {
        return (label.to_string(), ColumnKind::Money(mult));
    }
    let is_fy = compact.ends_with("年度")
        && compact.chars().count() <= 8
        && !compact.chars().any(|c| c.is_ascii_digit())
        && !compact.starts_with(|c: char| RELATIVE_PREFIXES.contains(c));
    (compact, if is_fy { ColumnKind::FiscalYear } else { ColumnKind::Plain })
}

fn trimmed(norm: &str, r: Range<usize>) -> Range<usize> {
    let Some(s) = norm.get(r.clone()) else { return r.start..r.start };
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail >= s.len() {
        return r.start + lead..r.start + lead;
    }
    r.start + lead..r.end - trail
}

/// Byte ranges of the tab-separated fields of a line.
fn fields(norm: &str, line: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = line.start;
    let Some(text) = norm.get(line.clone()) else { return out };
    for (i, _) in text.match_indices('\t') {
        out.push(start..line.start + i);
        start = line.start + i + 1;
    }
    out.push(start..line.end);
    out
}

fn is_blank(norm: &str, r: &Range<usize>) -> bool {
    norm.get(r.clone()).is_none_or(|s| s.trim().is_empty())
}

fn starts_with_tab(norm: &str, r: &Range<usize>) -> bool {
    norm.as_bytes().get(r.start) == Some(&b'\t')
}

/// The lines of `norm` (as `norm.split('\n')` gives them) from some line on, split only
/// as far as they are looked at: most lines of a document hold no tab and are skipped in
/// one search for the next tab.
struct Lines<'a> {
    norm: &'a str,
    split: Vec<Range<usize>>,
    /// Start of the first line not split yet; `None` past the last line.
    rest: Option<usize>,
}

impl<'a> Lines<'a> {
    fn new(norm: &'a str) -> Lines<'a> {
        Lines { norm, split: Vec::new(), rest: Some(0) }
    }

    /// Forgets the lines split so far and starts again with the line holding `pos`.
    fn restart_at_line_of(&mut self, pos: usize) {
        self.split.clear();
        self.rest = Some(self.norm.get(..pos).and_then(|s| s.rfind('\n')).map_or(0, |i| i + 1));
    }

    /// Line `i` (counted from the start or the last restart).
    fn get(&mut self, i: usize) -> Option<Range<usize>> {
        while self.split.len() <= i {
            let start = self.rest?;
            let line = match self.norm.get(start..)?.find('\n') {
                Some(k) => {
                    self.rest = Some(start + k + 1);
                    start..start + k
                }
                None => {
                    self.rest = None;
                    start..self.norm.len()
                }
            };
            self.split.push(line);
        }
        self.split.get(i).cloned()
    }
}

/// The data cells of every recognised table in `norm`.
pub(crate) fn find_cells(norm: &str) -> Vec<Cell> {
    let mut cells = Vec::new();
    let Some(first_tab) = norm.find('\t') else { return cells };
    let mut lines = Lines::new(norm);
    lines.restart_at_line_of(first_tab);
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        if !norm.get(line.clone()).is_some_and(|s| s.contains('\t')) {
            // Lines without a tab are no table's start: go on at the next line with one.
            let Some(tab) = norm.get(line.end..).and_then(|s| s.find('\t')) else { break };
            lines.restart_at_line_of(line.end + tab);
            i = 0;
            continue;
        }
        let f = fields(norm, line.clone());
        let non_empty = f.iter().filter(|r| !is_blank(norm, r)).count();
        if non_empty >= 2 {
            i = rows_of_cells(norm, &mut lines, i, &mut cells);
        } else if starts_with_tab(norm, &line) {
            i = cell_blocks(norm, &mut lines, i, &mut cells);
        } else {
            i += 1;
        }
    }
    cells
}

fn headers_of_interest(headers: &[(String, ColumnKind)]) -> bool {
    headers.iter().any(|(_, k)| *k != ColumnKind::Plain)
}

/// A TSV table with its header at line `i`; returns the next line to look at.
fn rows_of_cells(norm: &str, lines: &mut Lines, i: usize, out: &mut Vec<Cell>) -> usize {
    let Some(header) = lines.get(i) else { return i + 1 };
    let headers: Vec<(String, ColumnKind)> =
        fields(norm, header).into_iter().map(|r| column_kind(norm.get(r).unwrap_or(""))).collect();
    let mut j = i + 1;
    if !headers_of_interest(&headers) {
        return j;
    }
    while let Some(row) = lines.get(j).filter(|l| norm.get(l.clone()).is_some_and(|s| s.contains('\t'))) {
        for (col, r) in fields(norm, row).into_iter().enumerate() {
            let (Some((header, kind)), false) = (headers.get(col), is_blank(norm, &r)) else { continue };
            out.push(Cell { span: trimmed(norm, r), header: header.clone(), kind: *kind });
        }
        j += 1;
    }
    j
}

/// One block row starting at line `i`: its cells (a tab-led line and its continuation
/// lines) up to a blank line. Returns the cells and the index of the line after the row.
fn block_row(norm: &str, lines: &mut Lines, i: usize) -> (Vec<Range<usize>>, usize) {
    let mut cells: Vec<Range<usize>> = Vec::new();
    let mut j = i;
    while let Some(l) = lines.get(j).filter(|l| !is_blank(norm, l)) {
        if starts_with_tab(norm, &l) {
            let content = l.start + 1..l.end;
            cells.push(content);
        } else if let Some(last) = cells.last_mut() {
            last.end = l.end;
        } else {
            break;
        }
        j += 1;
    }
    (cells, j)
}

/// A cell-block table whose header row starts at line `i`; returns the next line to look at.
fn cell_blocks(norm: &str, lines: &mut Lines, i: usize, out: &mut Vec<Cell>) -> usize {
    let (header_cells, mut j) = block_row(norm, lines, i);
    if header_cells.len() < 2 {
        return j.max(i + 1);
    }
    let headers: Vec<(String, ColumnKind)> = header_cells
        .iter()
        .map(|r| {
            let joined: String = norm.get(r.clone()).unwrap_or("").lines().map(str::trim).collect();
            column_kind(&joined)
        })
        .collect();
    if !headers_of_interest(&headers) {
        return j.max(i + 1);
    }
    // Exactly one blank line between rows; more ends the table.
    while let (Some(gap), Some(next)) = (lines.get(j), lines.get(j + 1)) {
        if !is_blank(norm, &gap) || is_blank(norm, &next) || !starts_with_tab(norm, &next) {
            break;
        }
        let (row, next) = block_row(norm, lines, j + 1);
        for (col, r) in row.into_iter().enumerate() {
            let (Some((header, kind)), false) = (headers.get(col), is_blank(norm, &r)) else { continue };
            out.push(Cell { span: trimmed(norm, r), header: header.clone(), kind: *kind });
        }
        j = next;
    }
    j.max(i + 1)
}

/// How many lines below a unit caption its unit governs, at most.
const CAPTION_REACH: usize = 200;

/// Bare amounts below a unit caption (`(単位:百万円)`, `金額の単位は千円`): a line or tab
/// cell that holds nothing but a figure written with thousands separators (`36,527,520`,
/// `▲1,204`), up to the next caption or [`CAPTION_REACH`] lines. Only grouped figures are
/// taken: a flattened table (one cell per line, as PDF exports write it) has lost its
/// columns, and a small bare number there may as well be a count.
pub(crate) fn caption_cells(norm: &str) -> Vec<(Range<usize>, f64)> {
    let mut out = Vec::new();
    // Captions are found by one search for 単位 over the whole text, not line by line.
    let mut captions = memchr::memmem::find_iter(norm.as_bytes(), "単位".as_bytes()).peekable();
    while let Some(at) = captions.next() {
        let line_start = norm[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = norm[at..].find('\n').map_or(norm.len(), |i| at + i);
        // Further 単位 on the caption's own line are the same caption.
        while captions.peek().is_some_and(|&next| next < line_end) {
            captions.next();
        }
        let Some(mult) = money::caption_unit(&norm[line_start..line_end]) else { continue };
        let stop = captions.peek().copied().unwrap_or(norm.len());
        let mut start = line_end + 1;
        for _ in 0..CAPTION_REACH {
            if start >= norm.len() || start > stop {
                break;
            }
            let end = norm[start..].find('\n').map_or(norm.len(), |i| start + i);
            if end > stop {
                break; // the next caption's line governs from there
            }
            if memchr::memchr(b',', &norm.as_bytes()[start..end]).is_some() {
                for cell in fields(norm, start..end) {
                    let r = trimmed(norm, cell);
                    let text = &norm[r.clone()];
                    let (inner, r) = match text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
                        Some(inner) => (inner, r.start + 1..r.end - 1),
                        None => (text, r),
                    };
                    if is_grouped_amount(inner) {
                        out.push((r, mult));
                    }
                }
            }
            start = end + 1;
        }
    }
    out
}

/// `36,527,520`, `▲1,204`, `-12,000`: digits in groups of three with an optional sign.
fn is_grouped_amount(text: &str) -> bool {
    let digits = text.trim_start_matches(['▲', '△', '-']).trim_start();
    let mut groups = digits.split(',');
    let first = groups.next().unwrap_or("");
    let mut rest = 0;
    let rest_ok = groups.all(|g| {
        rest += 1;
        g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit())
    });
    rest > 0 && rest_ok && (1..=3).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_blocks_with_a_fiscal_year_column() {
        let text = "<状況>\n\t開催\n年度\n\t商談数\n\n\t28\n\t288件\n\n\t29\n\t375件\n\n\n・次\n";
        let cells = find_cells(text);
        let got: Vec<(&str, &str, ColumnKind)> =
            cells.iter().map(|c| (&text[c.span.clone()], c.header.as_str(), c.kind)).collect();
        assert_eq!(
            got,
            vec![
                ("28", "開催年度", ColumnKind::FiscalYear),
                ("288件", "商談数", ColumnKind::Plain),
                ("29", "開催年度", ColumnKind::FiscalYear),
                ("375件", "商談数", ColumnKind::Plain),
            ]
        );
    }

    #[test]
    fn rows_of_cells_with_a_yen_column() {
        let text = "分野\t事業名\t予算額 (千円)\n産業\t事業A\t14,043\n\t事業B\t(1,102)\n\n";
        let cells = find_cells(text);
        let money: Vec<&str> =
            cells.iter().filter(|c| c.kind == ColumnKind::Money(1e3)).map(|c| &text[c.span.clone()]).collect();
        assert_eq!(money, vec!["14,043", "(1,102)"]);
        assert!(cells.iter().all(|c| c.kind != ColumnKind::Money(1e3) || c.header == "予算額"));
    }

    #[test]
    fn grouped_amounts_below_a_caption() {
        let text = "決算額等(金額の単位は千円)\n事業数\n102\n\n36,527,520\n( 6.1%)\n▲1,204\n";
        let got: Vec<(&str, f64)> = caption_cells(text).into_iter().map(|(r, m)| (&text[r], m)).collect();
        assert_eq!(got, vec![("36,527,520", 1e3), ("▲1,204", 1e3)]);
        assert!(caption_cells("単位のない表\n36,527,520\n").is_empty());
    }

    #[test]
    fn section_layout_is_not_a_table() {
        let text = "\t\n\t<今年度何をするか>\n\t▷\n\t<進捗状況(H31.3月末時点)>\n\n\t\n\t■中之島\n○28件\n";
        assert!(find_cells(text).is_empty());
    }
}
