//! What tables mean for extraction, on the layout stage's table model ([`crate::layout`]): every
//! data cell gets a value typed by where it stands, and the bare figures the contract reads
//! become mentions that say they came from a cell.
//!
//! A cell's figure is typed, first rule that applies:
//!
//! 1. written with its own unit or as a date (`94,956 人`, `28.9%`, `3,297百万円`,
//!    `平成29年3月`): the mention the line scan read in it;
//! 2. a bare year under a 年度 column (`22` in a 平成 document → FY2010);
//! 3. a bare figure under a yen column (`予算額(千円)`), or under a yen caption (`(単位:百万円)`)
//!    in a column that counts or rates nothing: money;
//! 4. a bare figure in a row that names its unit: a `単位` column's cell, a unit in brackets
//!    closing the row's label (`受講者数(人)`), shared by the rows below it with no label (a
//!    merged cell) and by the rows of a group whose label names it (`①相談件数(件)` over
//!    `目標値` / `実績値`): money, a percentage or a count;
//! 5. a bare figure under a column header naming a unit in brackets (`件数(件)`, `割合(%)`)
//!    or a caption naming a counter (`(単位:人)`): a count or a percentage of the table, not a
//!    mention (the contract gives header units to money only);
//! 6. any other bare figure: a number; an empty-cell mark: empty; anything else: text.
//!
//! Rules 1–4 make mentions (rule 1's exists already); a figure below a unit caption outside any
//! table is money too ([`caption_cells`]).

use std::ops::Range;

use super::money;
use super::{Mention, MentionKind};
use crate::layout::{caption_unit, Table};
use crate::text::{era, numeral};

/// What a column's header makes of a bare number in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ColumnKind {
    /// A 1–2 digit year of the document's era.
    FiscalYear,
    /// Yen times this multiplier.
    Money(f64),
    Plain,
}

/// One data cell of a table, for subjects: its span and its column's header.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    /// Normalized byte range of the cell's text, trimmed.
    pub span: Range<usize>,
    /// The column header's label (without a unit in brackets).
    pub header: String,
}

crate::vocabulary! {
    /// What a table cell holds.
    pub enum CellKind {
        Money => "money",
        Count => "count",
        Percent => "percent",
        FiscalYear => "fiscal_year",
        Date => "date",
        Number => "number",
        /// An empty-cell mark (`※`, `-`, `―`).
        Empty => "empty",
        Text => "text",
    }
}

/// A table cell with its typed value.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedCell {
    /// Index of the table in the document's tables.
    pub table: usize,
    pub row: usize,
    pub col: usize,
    pub kind: CellKind,
    /// The value: yen for money, the figure for counts, percentages and numbers; a fiscal
    /// year's first year.
    pub value: Option<f64>,
    pub unit: Option<String>,
    /// Dates and fiscal years: the spec string (`FY2010`, `2017-03`).
    pub date: Option<String>,
    /// The mention read in the cell or made from it (an index into the document's mentions).
    pub mention: Option<usize>,
    /// Where the type came from (`<(千円) column><number>`, `written in the cell` …).
    pub rule: &'static str,
}

/// Words that make a 年度 header a relative one (今年度 is a fiscal word, not a column of years).
const RELATIVE_PREFIXES: &str = "今昨前来次本翌毎各";

/// Words of a header that say its column counts or rates, so a money caption over the table
/// does not make it money.
const NOT_MONEY_HEADERS: &[&str] = &["数", "率", "割合", "%", "件", "人", "順位", "番号", "評価", "指標", "区分"];

/// Headers of a column that holds the difference of the columns beside it.
const DIFFERENCE_HEADERS: &[&str] = &["増減", "差", "差引", "差額", "増減額", "比較増減", "前年度比較"];

fn column_kind(table: &Table, col: usize, label: &str) -> ColumnKind {
    let own_unit = table.column_units.get(col).and_then(Option::as_deref);
    if let Some(mult) = own_unit.and_then(money::yen_multiplier) {
        return ColumnKind::Money(mult);
    }
    // A difference between yen columns is in their unit (`予算額(千円) | 前年度(千円) | 増減`).
    if own_unit.is_none() && DIFFERENCE_HEADERS.contains(&label) {
        let mut yen = table.column_units.iter().flatten().filter_map(|u| money::yen_multiplier(u));
        if let Some(first) = yen.next() {
            if yen.all(|m| m == first) {
                return ColumnKind::Money(first);
            }
        }
    }
    let is_fy = label.ends_with("年度")
        && label.chars().count() <= 8
        && !label.chars().any(|c| c.is_ascii_digit())
        && !label.starts_with(|c: char| RELATIVE_PREFIXES.contains(c));
    if is_fy {
        return ColumnKind::FiscalYear;
    }
    // A caption's yen unit: for the columns after the row labels that count or rate nothing
    // (the header's words read only under such a caption).
    static NOT_MONEY: crate::text::words::Words = crate::text::words::Words::new(NOT_MONEY_HEADERS);
    let caption_yen = || table.caption_unit.as_deref().and_then(money::yen_multiplier);
    match caption_yen() {
        Some(mult) if own_unit.is_none() && col > 0 && !NOT_MONEY.any_in(label) => ColumnKind::Money(mult),
        _ => ColumnKind::Plain,
    }
}

/// `cells` hold figures and every one is a small decimal (`△1.1`, `5.0`, `-12.4`): the way
/// rates are written, not amounts.
fn rate_like<'c>(cells: impl Iterator<Item = &'c crate::layout::Cell>) -> bool {
    let mut any = false;
    for cell in cells {
        let t = cell.text.trim().trim_start_matches(['▲', '△', '-']).trim_start();
        if t.is_empty() || crate::layout::is_empty_mark(t) {
            continue;
        }
        let Some(f) = numeral::read(t, 0, t.len()).filter(|f| f.end == t.len()) else { return false };
        if !f.decimal || f.value.abs() >= 100.0 {
            return false;
        }
        any = true;
    }
    any
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

/// What made a bare figure's type, when something did.
#[derive(Debug, Clone, PartialEq)]
enum Context {
    FiscalYear,
    Money(f64, &'static str),
    /// A unit from the row (unit column, label, merged label, group label).
    Row(String),
    /// A unit the table gives without making a mention: a column header's, a caption's.
    TableOnly(String),
}

/// The data cells of the document's tables for subjects, and each table cell's context, in
/// order: `(table, row, col, span, context)`.
#[allow(clippy::type_complexity)]
fn contexts(tables: &[Table]) -> (Vec<Cell>, Vec<(usize, usize, usize, Range<usize>, Option<Context>)>) {
    // Sized once: a document's tables hold many cells.
    let data_cells = tables.iter().map(|t| t.rows.iter().skip(t.header_rows).map(Vec::len).sum::<usize>()).sum();
    let mut cells = Vec::with_capacity(data_cells);
    let mut out = Vec::with_capacity(data_cells);
    for (ti, table) in tables.iter().enumerate() {
        let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        let heads: Vec<(String, ColumnKind)> = (0..columns)
            .map(|col| {
                let label = table.header_label(col);
                let kind = if table.header_rows == 0 { ColumnKind::Plain } else { column_kind(table, col, &label) };
                (label, kind)
            })
            .collect();
        let unit_col = (0..columns).find(|&c| heads[c].0 == "単位");
        let caption_counter =
            table.caption_unit.as_deref().filter(|u| money::yen_multiplier(u).is_none()).map(str::to_string);
        let mut label_unit: Option<String> = None;
        // Whether the table holds amounts written as such (grouped thousands).
        let amounts = table
            .rows
            .iter()
            .skip(table.header_rows)
            .flatten()
            .any(|c| is_grouped_amount(c.text.trim().trim_start_matches(['▲', '△', '-']).trim_start()));
        for (r, row) in table.rows.iter().enumerate().skip(table.header_rows) {
            let label = row.first().map_or("", |c| c.text.as_str());
            if !label.is_empty() {
                label_unit = bracket_unit(label);
            }
            let group_unit = table
                .parents
                .get(r)
                .copied()
                .flatten()
                .and_then(|g| table.rows.get(g)?.first())
                .and_then(|c| bracket_unit(&c.text));
            let row_unit = unit_col
                .and_then(|c| row.get(c))
                .map(|c| c.text.trim().to_string())
                .filter(|u| is_unit(u))
                .or_else(|| label_unit.clone())
                .or(group_unit);
            // A row of rates among rows of amounts (`増減率 △1.1 5.0 …` below `5,351,000 …`).
            let rate_row = amounts && rate_like(row.iter().skip(1));
            for (col, cell) in row.iter().enumerate() {
                if cell.text.is_empty() {
                    continue;
                }
                if table.header_rows > 0 {
                    if let Some((header, _)) = heads.get(col) {
                        cells.push(Cell { span: cell.norm_span.clone(), header: header.clone() });
                    }
                }
                let kind = heads.get(col).map_or(ColumnKind::Plain, |h| h.1);
                let bare = is_bare_number(&cell.text)
                    || (cell.text.trim() == "元" && kind == ColumnKind::FiscalYear)
                    || cell.text.strip_prefix('(').and_then(|t| t.strip_suffix(')')).is_some_and(is_bare_number);
                let caption_money = table.column_units.get(col).is_none_or(Option::is_none);
                let context = match kind {
                    ColumnKind::FiscalYear => Some(Context::FiscalYear),
                    // A row of rates among rows of amounts (`増減率 △1.1 5.0 …`) is no money.
                    ColumnKind::Money(_) if caption_money && rate_row => None,
                    // A row that names its own unit (`実質公債費比率(%)`) under a money caption
                    // is in that unit.
                    ColumnKind::Money(_)
                        if caption_money && row_unit.as_deref().is_some_and(|u| money::yen_multiplier(u).is_none()) =>
                    {
                        None
                    }
                    ColumnKind::Money(mult) => Some(Context::Money(mult, "column")),
                    ColumnKind::Plain => None,
                };
                let context = context.or_else(|| {
                    if col == 0 || Some(col) == unit_col || !bare {
                        return None;
                    }
                    if let Some(u) = &row_unit {
                        return Some(Context::Row(u.clone()));
                    }
                    let header_unit = table.column_units.get(col).cloned().flatten();
                    header_unit.or_else(|| caption_counter.clone()).map(Context::TableOnly)
                });
                out.push((ti, r, col, cell.norm_span.clone(), context));
            }
        }
    }
    cells.sort_by_key(|c| c.span.start);
    (cells, out)
}

/// The mentions tables make from their bare figures (rules 2–4), and the data cells for
/// subjects. `fiscal_year` is the document's: a bare 1–2 digit year is a year of its era.
pub(crate) fn table_mentions(norm: &str, tables: &[Table], fiscal_year: Option<i32>) -> (Vec<Mention>, Vec<Cell>) {
    let (cells, contexts) = contexts(tables);
    let mut found = Vec::new();
    for (_, _, _, span, context) in &contexts {
        if let Some(m) = context.as_ref().and_then(|c| mention_of(norm, span.clone(), c, fiscal_year)) {
            found.push(m);
        }
    }
    (found, cells)
}

/// The mention a bare figure in `span` makes in its context, if it makes one.
fn mention_of(norm: &str, span: Range<usize>, context: &Context, fiscal_year: Option<i32>) -> Option<Mention> {
    let text = &norm[span.clone()];
    match context {
        Context::FiscalYear => {
            // A bare year: one or two digits of the document's era, or four Western ones.
            // `元` is the era's first year.
            let text = if text == "元" { "1" } else { text };
            let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
            let fy = match text.len() {
                1 | 2 => fiscal_year.and_then(|doc_fy| era::fiscal_year_in_document_era(text.parse().ok()?, doc_fy)),
                4 => text.parse::<i32>().ok().filter(|y| (1868..=2199).contains(y)),
                _ => None,
            };
            (digits && fy.is_some()).then(|| super::date::table_fiscal_year(span, fy.unwrap_or_default()))
        }
        Context::Money(mult, _) => {
            let (inner, span) = match text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
                Some(inner) => (inner, span.start + 1..span.end - 1),
                None => (text, span),
            };
            let rule = || super::intern(&format!("<{} column><number>", header_unit_name(*mult)));
            super::quantity::table_money(span, inner, *mult, rule)
        }
        Context::Row(unit) => {
            let rule = || super::intern(&format!("<{unit} row><number>"));
            if let Some(mult) = money::yen_multiplier(unit) {
                super::quantity::table_money(span, text, mult, rule)
            } else {
                let f = numeral::read(text, 0, text.len()).filter(|f| f.end == text.len() && !f.kanji)?;
                let kind = if unit == "%" { MentionKind::Percent } else { MentionKind::Count };
                let mut m = Mention::new(kind, span, rule());
                m.value = Some(f.value);
                m.unit = Some(unit.clone());
                Some(m)
            }
        }
        Context::TableOnly(_) => None,
    }
}

/// `(千円)`: the unit a column header or caption gave, as the rule names it.
pub(crate) fn header_unit_name(mult: f64) -> String {
    format!("({})", money::YEN_SCALES.iter().find(|(_, m)| *m == mult).map_or("円", |(u, _)| *u))
}

/// Every data cell of the document's tables with its typed value (see the module doc), given
/// the document's final mentions (sorted).
pub fn typed_cells(norm: &str, tables: &[Table], mentions: &[Mention], fiscal_year: Option<i32>) -> Vec<TypedCell> {
    let (_, contexts) = contexts(tables);
    let starts: Vec<usize> = mentions.iter().map(|m| m.norm_span.start).collect();
    let mut out = Vec::with_capacity(contexts.len());
    for (table, row, col, span, context) in contexts {
        let text = norm[span.clone()].trim();
        let inside = crate::text::positions::starting_in(&starts, span.clone(), |&s| s);
        let within: Vec<usize> = inside.filter(|&i| mentions[i].norm_span.end <= span.end).collect();
        let base = TypedCell {
            table,
            row,
            col,
            kind: CellKind::Text,
            value: None,
            unit: None,
            date: None,
            mention: None,
            rule: "text",
        };
        let typed = if crate::layout::is_empty_mark(text) {
            TypedCell { kind: CellKind::Empty, rule: "empty-cell mark", ..base }
        } else if let [only] = within[..] {
            let m = &mentions[only];
            let rest: String = norm[span.clone()].replacen(&norm[m.norm_span.clone()], "", 1);
            let whole = rest.chars().filter(|c| !c.is_whitespace() && !"()※".contains(*c)).count() <= 4;
            if whole {
                from_mention(base, m, only)
            } else {
                base
            }
        } else {
            bare(base, text, context.as_ref(), fiscal_year)
        };
        out.push(typed);
    }
    out
}

fn from_mention(base: TypedCell, m: &Mention, index: usize) -> TypedCell {
    let kind = match m.kind {
        MentionKind::Money => CellKind::Money,
        MentionKind::Count => CellKind::Count,
        MentionKind::Percent => CellKind::Percent,
        MentionKind::Date => match m.date.map(|d| d.from) {
            Some(super::When::Fy(_)) if m.date.is_some_and(|d| d.from == d.to) => CellKind::FiscalYear,
            _ => CellKind::Date,
        },
    };
    TypedCell {
        kind,
        value: if kind == CellKind::FiscalYear { m.fiscal_year.map(f64::from) } else { m.value },
        unit: m.unit.clone(),
        date: m.date_text(),
        mention: Some(index),
        rule: m.rule,
        ..base
    }
}

/// A cell with no mention in it: a bare figure typed by its context, or text.
fn bare(base: TypedCell, text: &str, context: Option<&Context>, fiscal_year: Option<i32>) -> TypedCell {
    let inner = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')).unwrap_or(text).trim();
    let Some(f) = numeral::read(inner, 0, inner.len()).filter(|f| f.start == 0 && f.end == inner.len() && !f.kanji)
    else {
        return base;
    };
    let number = TypedCell { kind: CellKind::Number, value: Some(f.value), rule: "<number>", ..base.clone() };
    match context {
        Some(Context::FiscalYear) => {
            let fy = if inner == "元" {
                fiscal_year.and_then(|d| era::fiscal_year_in_document_era(1, d))
            } else if inner.len() <= 2 {
                fiscal_year.and_then(|d| era::fiscal_year_in_document_era(inner.parse().ok()?, d))
            } else {
                inner.parse::<i32>().ok().filter(|y| (1868..=2199).contains(y))
            };
            match fy {
                Some(fy) => TypedCell {
                    kind: CellKind::FiscalYear,
                    value: Some(f64::from(fy)),
                    date: Some(format!("FY{fy}")),
                    rule: "<年度 column><year>",
                    ..base
                },
                None => number,
            }
        }
        Some(Context::Money(mult, _)) => TypedCell {
            kind: CellKind::Money,
            value: Some(money::yen(f.value * mult)),
            unit: Some(money::YEN.to_string()),
            rule: "<yen column><number>",
            ..base
        },
        Some(Context::Row(unit)) | Some(Context::TableOnly(unit)) => match money::yen_multiplier(unit) {
            Some(mult) => TypedCell {
                kind: CellKind::Money,
                value: Some(money::yen(f.value * mult)),
                unit: Some(money::YEN.to_string()),
                rule: "<unit of the row><number>",
                ..base
            },
            None => TypedCell {
                kind: if unit == "%" { CellKind::Percent } else { CellKind::Count },
                value: Some(f.value),
                unit: Some(unit.clone()),
                rule: if matches!(context, Some(Context::Row(_))) {
                    "<unit of the row><number>"
                } else {
                    "<unit of the table><number>"
                },
                ..base
            },
        },
        None => number,
    }
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

/// Bare amounts after a yen column header written inside a long flattened line
/// (`… 予算額(千円) 17,074 ・… 44,440 …`): a table whose rows the export ran together on one
/// line, whose only figures standing alone are the amounts of that column. From the header to
/// the line's end (or the next such header), each token that is a grouped amount alone
/// (`17,074`, `▲1,204`) is money in the header's unit. Lines of tables are their tables'.
pub(crate) fn inline_header_cells(norm: &str, tables: &[Table]) -> Vec<(Range<usize>, f64)> {
    let mut out = Vec::new();
    let in_table = |pos: usize| {
        let i = tables.partition_point(|t| t.norm_span.end <= pos);
        tables.get(i).is_some_and(|t| t.norm_span.start <= pos)
    };
    // Headers are found by a search for `円)` over the whole text.
    let mut at = 0;
    while let Some(k) = memchr::memmem::find(&norm.as_bytes()[at..], "円)".as_bytes()) {
        let close = at + k + "円)".len();
        at = close;
        let open = match norm[..close].rfind('(') {
            Some(o) if close - o <= 16 => o,
            _ => continue,
        };
        let word_start = norm[..open].rfind([' ', '\n', '\t']).map_or(0, |i| i + 1);
        let header = &norm[word_start..close];
        let Some(mult) = crate::layout::header_unit(header).and_then(|(_, u)| money::yen_multiplier(u)) else {
            continue;
        };
        if in_table(word_start) || !norm[close..].starts_with(' ') {
            continue;
        }
        let line_end = memchr::memchr(b'\n', &norm.as_bytes()[close..]).map_or(norm.len(), |i| close + i);
        // A line of one table's worth: the header stands among many tokens of one long line.
        let line_start = norm[..word_start].rfind('\n').map_or(0, |i| i + 1);
        if norm[line_start..line_end].matches(' ').count() < 12 {
            continue;
        }
        let mut pos = close;
        for token in norm[close..line_end].split(' ') {
            let r = pos..pos + token.len();
            pos = r.end + 1;
            if token.ends_with("円)") && crate::layout::header_unit(token).is_some() {
                break; // another column's header
            }
            if is_grouped_amount(token) {
                out.push((r, mult));
            }
        }
        at = line_end.max(close);
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
    use crate::layout::find_tables;
    use crate::text::split_lines;

    fn kinds(text: &str) -> Vec<(String, String, Option<Context>)> {
        let tables = find_tables(text, &split_lines(text));
        let (cells, ctx) = contexts(&tables);
        ctx.into_iter()
            .map(|(_, _, _, span, c)| {
                let header = cells.iter().find(|x| x.span == span).map_or(String::new(), |x| x.header.clone());
                (text[span].to_string(), header, c)
            })
            .collect()
    }

    #[test]
    fn cell_blocks_with_a_fiscal_year_column() {
        let text = "<状況>\n\t開催\n年度\n\t商談数\n\n\t28\n\t288件\n\n\t29\n\t375件\n\n\n・次\n";
        assert_eq!(
            kinds(text),
            vec![
                ("28".into(), "開催年度".into(), Some(Context::FiscalYear)),
                ("288件".into(), "商談数".into(), None),
                ("29".into(), "開催年度".into(), Some(Context::FiscalYear)),
                ("375件".into(), "商談数".into(), None),
            ]
        );
    }

    #[test]
    fn a_yen_column_by_header_or_caption() {
        let text = "分野\t事業名\t予算額 (千円)\n産業\t事業A\t14,043\n\t事業B\t(1,102)\n\n";
        let money: Vec<String> =
            kinds(text).into_iter().filter(|c| c.2 == Some(Context::Money(1e3, "column"))).map(|c| c.0).collect();
        assert_eq!(money, vec!["14,043", "(1,102)"]);
        let text = "(単位:百万円)\n| 区分 | 予算額 | 件数 |\n| 歳出 | 1,200 | 5 |\n";
        let got: Vec<(String, Option<Context>)> = kinds(text).into_iter().map(|c| (c.0, c.2)).collect();
        assert_eq!(
            got,
            vec![("歳出".into(), None), ("1,200".into(), Some(Context::Money(1e6, "column"))), ("5".into(), None)]
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
