//! What tables mean for extraction, on the shared table model ([`crate::table`]): a bare
//! number under a 年度 column is a fiscal year, one under a yen column (its header's unit, or a
//! caption's over the table) is money, and a figure in a cell takes the column header as its
//! subject. Below a unit caption, a grouped figure standing alone on its line (a table flattened
//! one cell per line) is money too.

use std::ops::Range;

use super::money;
use crate::table::{caption_unit, Table};

/// What a column's header makes of a bare number in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ColumnKind {
    /// A 1–2 digit year of the document's era.
    FiscalYear,
    /// Yen times this multiplier.
    Money(f64),
    Plain,
}

/// One data cell of a table.
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

/// Words of a header that say its column counts or rates, so a money caption over the table
/// does not make it money.
const NOT_MONEY_HEADERS: &[&str] =
    &["数", "率", "割合", "%", "件", "人", "年度", "順位", "番号", "評価", "指標", "区分"];

fn column_kind(table: &Table, col: usize, label: &str) -> ColumnKind {
    let own_unit = table.column_units.get(col).and_then(Option::as_deref);
    if let Some(mult) = own_unit.and_then(money::yen_multiplier) {
        return ColumnKind::Money(mult);
    }
    let is_fy = label.ends_with("年度")
        && label.chars().count() <= 8
        && !label.chars().any(|c| c.is_ascii_digit())
        && !label.starts_with(|c: char| RELATIVE_PREFIXES.contains(c));
    if is_fy {
        return ColumnKind::FiscalYear;
    }
    // A caption's yen unit: for the columns after the row labels that count or rate nothing.
    if own_unit.is_none() && col > 0 && !NOT_MONEY_HEADERS.iter().any(|w| label.contains(w)) {
        if let Some(mult) = table.caption_unit.as_deref().and_then(money::yen_multiplier) {
            return ColumnKind::Money(mult);
        }
    }
    ColumnKind::Plain
}

/// The data cells of the document's tables, in order.
pub(crate) fn find_cells(tables: &[Table]) -> Vec<Cell> {
    let mut cells = Vec::new();
    for table in tables {
        if table.header_rows == 0 {
            continue;
        }
        let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        let heads: Vec<(String, ColumnKind)> = (0..columns)
            .map(|col| {
                let label = table.header_label(col);
                let kind = column_kind(table, col, &label);
                (label, kind)
            })
            .collect();
        for row in table.rows.iter().skip(table.header_rows) {
            for (col, cell) in row.iter().enumerate() {
                let Some((header, kind)) = heads.get(col) else { continue };
                if cell.text.is_empty() {
                    continue;
                }
                cells.push(Cell { span: cell.norm_span.clone(), header: header.clone(), kind: *kind });
            }
        }
    }
    cells.sort_by_key(|c| c.span.start);
    cells
}

/// The unit a row gives its bare numbers: the cell of a 単位 column (`| 市内事業所数 | 所 | 4,210
/// |`), or a unit in brackets closing the row's label (`協定締結事業者数(者)`), which rows with an
/// empty label below it (a merged cell: its 実績値 row) share. A unit is a counting noun,
/// `%`, or a yen unit.
pub(crate) fn row_unit_cells(tables: &[Table]) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    for table in tables {
        let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        let unit_col = (0..columns).find(|&c| table.header_label(c) == "単位");
        let mut label_unit: Option<String> = None;
        for row in table.rows.iter().skip(table.header_rows) {
            let label = row.first().map_or("", |c| c.text.as_str());
            if !label.is_empty() {
                label_unit = bracket_unit(label);
            }
            let unit = unit_col.and_then(|c| row.get(c)).map(|c| c.text.trim().to_string()).filter(|u| is_unit(u));
            let Some(unit) = unit.or_else(|| label_unit.clone()) else { continue };
            for (col, cell) in row.iter().enumerate() {
                if col == 0 || Some(col) == unit_col || !is_bare_number(&cell.text) {
                    continue;
                }
                out.push((cell.norm_span.clone(), unit.clone()));
            }
        }
    }
    out
}

/// `(者)` closing a label, when what it holds is a unit.
fn bracket_unit(label: &str) -> Option<String> {
    let inner = label.trim_end().strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let unit = inner[open + 1..].trim_start_matches("単位").trim_start_matches([':', ' ']).trim();
    is_unit(unit).then(|| unit.to_string())
}

fn is_unit(u: &str) -> bool {
    let n = u.chars().count();
    (1..=4).contains(&n)
        && !u.chars().any(|c| c.is_ascii_digit())
        && (u == "%" || money::yen_multiplier(u).is_some() || super::count::counter_prefix(u) == Some(u) || n == 1)
}

/// A number and nothing else: digits with separators, a decimal part, a minus (`▲1,204`).
fn is_bare_number(t: &str) -> bool {
    let t = t.trim().trim_start_matches(['▲', '△', '-']);
    !t.is_empty()
        && t.starts_with(|c: char| c.is_ascii_digit())
        && t.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

/// How many lines below a unit caption its unit governs loose figures, at most.
const CAPTION_REACH: usize = 200;

/// Bare amounts below a unit caption (`(単位:百万円)`, `金額の単位は千円`) outside the tables: a
/// line or tab cell that holds nothing but a figure written with thousands separators
/// (`36,527,520`, `▲1,204`), up to the next caption or [`CAPTION_REACH`] lines. Only grouped
/// figures are taken: a table flattened one cell per line has lost its columns, and a small
/// bare number there may as well be a count.
pub(crate) fn caption_cells(norm: &str, tables: &[Table]) -> Vec<(Range<usize>, f64)> {
    let mut out = Vec::new();
    // Captions are found by one search for 単位 over the whole text, not line by line.
    let mut captions = memchr::memmem::find_iter(norm.as_bytes(), "単位".as_bytes()).peekable();
    // Tables are in order: the one that may hold a position is found by binary search.
    let in_table = |pos: usize| {
        let i = tables.partition_point(|t| t.norm_span.end <= pos);
        tables.get(i).is_some_and(|t| t.norm_span.start <= pos)
    };
    while let Some(at) = captions.next() {
        let line_start = norm[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = norm[at..].find('\n').map_or(norm.len(), |i| at + i);
        // Further 単位 on the caption's own line are the same caption.
        while captions.peek().is_some_and(|&next| next < line_end) {
            captions.next();
        }
        let Some(mult) = caption_unit(&norm[line_start..line_end]).and_then(money::yen_multiplier) else { continue };
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
            if memchr::memchr(b',', &norm.as_bytes()[start..end]).is_some() && !in_table(start) {
                for cell in norm[start..end].split('\t').scan(start, |off, piece| {
                    let r = *off..*off + piece.len();
                    *off += piece.len() + 1;
                    Some(r)
                }) {
                    let text = &norm[cell.clone()];
                    let lead = text.len() - text.trim_start().len();
                    let r = cell.start + lead..cell.start + lead + text.trim().len();
                    let t = &norm[r.clone()];
                    let (inner, r) = match t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
                        Some(inner) => (inner, r.start + 1..r.end - 1),
                        None => (t, r),
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
    use crate::table::find_tables;
    use crate::text::split_lines;

    fn cells(text: &str) -> Vec<(String, String, ColumnKind)> {
        let tables = find_tables(text, &split_lines(text));
        find_cells(&tables).into_iter().map(|c| (text[c.span].to_string(), c.header, c.kind)).collect()
    }

    #[test]
    fn cell_blocks_with_a_fiscal_year_column() {
        let text = "<状況>\n\t開催\n年度\n\t商談数\n\n\t28\n\t288件\n\n\t29\n\t375件\n\n\n・次\n";
        assert_eq!(
            cells(text),
            vec![
                ("28".into(), "開催年度".into(), ColumnKind::FiscalYear),
                ("288件".into(), "商談数".into(), ColumnKind::Plain),
                ("29".into(), "開催年度".into(), ColumnKind::FiscalYear),
                ("375件".into(), "商談数".into(), ColumnKind::Plain),
            ]
        );
    }

    #[test]
    fn a_yen_column_by_header_or_caption() {
        let text = "分野\t事業名\t予算額 (千円)\n産業\t事業A\t14,043\n\t事業B\t(1,102)\n\n";
        let money: Vec<String> =
            cells(text).into_iter().filter(|c| c.2 == ColumnKind::Money(1e3)).map(|c| c.0).collect();
        assert_eq!(money, vec!["14,043", "(1,102)"]);
        let text = "(単位:百万円)\n| 区分 | 予算額 | 件数 |\n| 歳出 | 1,200 | 5 |\n";
        let kinds: Vec<(String, ColumnKind)> = cells(text).into_iter().map(|c| (c.0, c.2)).collect();
        assert_eq!(
            kinds,
            vec![
                ("歳出".into(), ColumnKind::Plain),
                ("1,200".into(), ColumnKind::Money(1e6)),
                ("5".into(), ColumnKind::Plain)
            ]
        );
    }

    #[test]
    fn grouped_amounts_below_a_caption() {
        let text = "決算額等(金額の単位は千円)\n事業数\n102\n\n36,527,520\n( 6.1%)\n▲1,204\n";
        let got: Vec<(&str, f64)> = caption_cells(text, &[]).into_iter().map(|(r, m)| (&text[r], m)).collect();
        assert_eq!(got, vec![("36,527,520", 1e3), ("▲1,204", 1e3)]);
        assert!(caption_cells("単位のない表\n36,527,520\n", &[]).is_empty());
    }
}
