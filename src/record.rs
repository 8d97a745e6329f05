//! Stage 6: what keikaku writes. The row shapes of `documents.jsonl`, `records.jsonl`,
//! `mentions.jsonl` and `indicators.jsonl`, and of `keikaku extract`'s output, are defined here
//! and nowhere else.
//!
//! # Format
//!
//! Every line is one JSON object, UTF-8 without BOM, keys in a fixed order. **Every key is
//! present on every line** (`null` when it does not apply, never absent) and each key always
//! has the same JSON type, so DuckDB's `read_json_auto`, BigQuery and polars load the files
//! without casts. Numbers that can be fractional (`value`, `value_max`) are always written as
//! floating point. The column lists of [`crate::columns`] describe the same shapes (the JSON
//! Schemas, DuckDB, Spark and Parquet schemas are generated from them); the tests validate real
//! output against them, and the Parquet writer rejects a row that does not fit. A new field here
//! is a new column there, in the same position.
//!
//! Each line carries a `type`: `document` in documents.jsonl; `initiative`, `project`,
//! `theme` or `section` in records.jsonl; `mention` in mentions.jsonl; `indicator` in
//! indicators.jsonl. The streaming mode (`convert --stdout`) interleaves all four on one
//! stream and the tag tells them apart.
//!
//! Every fact is written once: a record names its document by `doc_id` and its path (kind,
//! office and evidence are in documents.jsonl), its figures are rows of mentions.jsonl that name their
//! record, section and item, and an indicator refers to its figures by `mention_id`. A
//! section's text is its items' text and its tables' cells; their spans locate every
//! character in the source (a test rebuilds each section's text from them).
//!
//! Ids are content-derived: `doc_id` from the file's path as given and its SHA-256, `id` of
//! a record, `mention_id` and `indicator_id` from their document and position. The same input gives the same ids and the same bytes, whatever the thread count.

use std::io::{self, Write};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::extract::account::Tally;
use crate::extract::Mention;
use crate::indicators::{Value, ValueSource};
use crate::pipeline::Processed;
use crate::segment::{Item, Section, Table, Unit};
use crate::span::{CharSpan, SourceSpan, SpanCursor, TextSpan};

/// Version of the row shapes below; bumped on any incompatible change (6: documents gain the
/// `report` kind, `kind_confidence` and `kind_cues`, outline records their `heading_rule`; 7:
/// documents gain `numbers`, the account of every number).
pub const SCHEMA_VERSION: u32 = 7;

crate::vocabulary! {
    /// What became of one input file.
    pub enum DocStatus {
        /// Converted; its records and mentions follow.
        Ok => "ok",
        /// Could not be read or converted; `error` says why.
        Error => "error",
        /// Not a text file (NUL bytes); skipped on purpose.
        SkippedBinary => "skipped_binary",
        /// Zero bytes, or only whitespace.
        Empty => "empty",
    }
}

/// One line of `documents.jsonl`: one per input file, failures included.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentRow {
    #[serde(rename = "type")]
    pub row_type: &'static str,
    pub schema_version: u32,
    pub doc_id: String,
    pub path: String,
    pub status: DocStatus,
    pub error: Option<String>,
    pub sha256: Option<String>,
    pub bytes: u64,
    pub encoding: Option<&'static str>,
    pub had_bom: bool,
    pub decode_errors: u64,
    pub kind: Option<&'static str>,
    /// How far the kind is ahead of the runner-up, as a share of its points.
    pub kind_confidence: Option<f64>,
    /// The cues the kind was decided on.
    pub evidence: Vec<String>,
    /// The same cues typed, one row each.
    pub kind_cues: Vec<CueRow>,
    pub department: Option<String>,
    pub title: Option<String>,
    pub fiscal_year: Option<i32>,
    pub lines: u64,
    pub records: u64,
    pub mentions: u64,
    pub indicators: u64,
    /// Tables read in the document (their cells are lines of `tables.jsonl`).
    pub tables: u64,
    /// The document's numbers counted by what they turned out to be (one key per
    /// [`crate::extract::account::NumberClass`], `unaccounted` included): see [`crate::extract::account`].
    pub numbers: Tally,
}

/// Where a record comes from: the input path as given.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRef<'a> {
    pub path: &'a str,
}

/// One line of `records.jsonl`: an initiative (plan), 事業 (business plan), theme (action
/// plan) or heading (every other document). Rows borrow from the processed document: writing
/// them copies no text before serialization.
///
/// A record holds each fact once: its document's path, kind and office are in documents.jsonl
/// (join on `doc_id`), its figures in mentions.jsonl (join on `record_id`), and a section's
/// text is its items' text and its tables' cells (their spans locate them in the source).
#[derive(Serialize)]
pub struct RecordRow<'a> {
    #[serde(rename = "type")]
    pub record_type: &'static str,
    pub schema_version: u32,
    pub id: &'a str,
    pub doc_id: &'a str,
    /// Position of the record in its document, from 0.
    pub index: u64,
    /// The file the record comes from (its other facts are in documents.jsonl).
    pub source: SourceRef<'a>,
    pub theme: Option<&'a str>,
    pub title: &'a str,
    pub title_span: Option<TextSpan>,
    /// A heading's number on a line of its own above the title (`1` over `財政規模`).
    pub number_span: Option<TextSpan>,
    /// Outline records: the heading's level (0 for the document's title), else null.
    pub level: Option<u8>,
    /// Outline records: the titles of the headings above, outermost first.
    pub heading_path: &'a [String],
    /// Outline records: the rule of the heading model that made the title a heading, with its
    /// scheme (`numbered:paren-arabic`, `title-line:label`, `run-in:bracket:【】`), else null.
    pub heading_rule: Option<&'a str>,
    pub fiscal_year: Option<i32>,
    pub as_of: Option<String>,
    /// For plan initiatives always `plan`, `target`, `progress` in that order.
    pub sections: Vec<SectionRow<'a>>,
    pub objectives: Vec<ObjectiveRow>,
    pub fields: Vec<FieldRow<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionRow<'a> {
    pub name: &'a str,
    pub heading: Option<&'a str>,
    pub heading_span: Option<TextSpan>,
    pub items: Vec<ItemRow<'a>>,
    /// Minutes: the speaker turns among the items.
    pub turns: Vec<TurnRow<'a>>,
    pub tables: Vec<TableRow<'a>>,
    /// Cells that are layout, not content (the ▷ ▶ arrows of a plan's header row).
    pub layout: Vec<TextSpan>,
}

/// An item: its text without its marker, where it sits in the tree, and where it is. A target
/// item's kind (numeric or qualitative) is its opener's (`numeric_targets` / `qualitative_targets`
/// up its `parent`s); footnote references are in its text (`(*1)`); an entry of a table cell's
/// list is listed by its cell.
#[derive(Debug, Clone, Serialize)]
pub struct ItemRow<'a> {
    pub kind: &'static str,
    pub marker: Option<&'a str>,
    /// The item it is nested under (index into the section's items); its depth is its level.
    pub parent: Option<u64>,
    pub text: &'a str,
    pub span: CharSpan,
}

/// One cue of the kind's decision (`src/segment/kind.rs`): the rule that fired, the kind it
/// speaks for, where it counts (`shape`, `about`, `title`, `body`), its weight and what it saw.
#[derive(Debug, Clone, Serialize)]
pub struct CueRow {
    pub rule: &'static str,
    pub kind: &'static str,
    pub place: &'static str,
    pub weight: i64,
    pub detail: String,
}

/// A speaker turn of minutes: the item that holds the speech, who speaks, in which role
/// (`chair`, `member`, `secretariat`, `other`), and the question it answers (an item index).
#[derive(Debug, Clone, Serialize)]
pub struct TurnRow<'a> {
    pub item: u64,
    pub speaker: &'a str,
    pub role: &'static str,
    pub reply_to: Option<u64>,
}

/// A table of a section: its id (its cells are rows of `tables.jsonl`), where it is, its
/// shape, how many header rows it has and the unit a caption gives it.
#[derive(Debug, Clone, Serialize)]
pub struct TableRow<'a> {
    /// The table's index in its document: its cells are the `tables.jsonl` lines with this
    /// `doc_id` and `table`.
    pub table: u64,
    pub span: TextSpan,
    pub shape: &'static str,
    pub header_rows: u64,
    /// The unit a caption gives the table's figures (`千円` from `(単位:千円)`).
    pub caption_unit: Option<&'a str>,
}

/// One line of `tables.jsonl`: one cell of a table, with where it stands (row, column, their
/// header paths), its text (or, for a cell whose content is a list of the section's items,
/// `null` and those items' indices), and its value typed by where it stands.
#[derive(Debug, Clone, Serialize)]
pub struct CellRow<'a> {
    #[serde(rename = "type")]
    pub row_type: &'static str,
    pub doc_id: &'a str,
    /// The table's index in its document (records name their tables by it).
    pub table: u64,
    pub row: u64,
    pub col: u64,
    pub row_path: Vec<String>,
    pub col_path: &'a [String],
    pub text: Option<&'a str>,
    pub items: Vec<u64>,
    /// `header`, or the typed value's kind: `money`, `count`, `percent`, `fiscal_year`,
    /// `date`, `number`, `empty`, `text`.
    pub kind: &'static str,
    pub value: Option<f64>,
    pub unit: Option<&'a str>,
    pub mention_id: Option<String>,
    pub span: TextSpan,
}

/// A ■ objective with its targets and the progress items reporting on it: indices into the
/// `items` of the record's `plan`, `target` and `progress` sections.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveRow {
    pub plan_item: Option<u64>,
    pub targets: Vec<u64>,
    pub progress: Vec<u64>,
    /// The indicators whose targets the objective holds (their `indicator_id`).
    pub indicators: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldRow<'a> {
    pub name: &'a str,
    pub value: &'a str,
}

/// One line of `mentions.jsonl`: the spec's fields plus ids and where the mention stands —
/// its record, section and item. Serialized as one flat object: the ids, then the spec's
/// fields in their order.
#[derive(Debug, Clone)]
pub struct MentionRow<'a> {
    pub row_type: &'static str,
    pub mention_id: String,
    pub record_id: Option<&'a str>,
    pub doc_id: &'a str,
    /// The section's name (unique in its record), or `title` on a record's title line.
    pub section: Option<&'a str>,
    /// The item of the section the mention stands in (index into its items).
    pub item_index: Option<u64>,
    pub fields: SpecMention<'a>,
}

// Written by hand rather than with `#[serde(flatten)]`, which makes serde write the row as a
// map, entry by entry through a buffering serializer: the same JSON, at about twice the cost,
// on the file with the most rows.
impl Serialize for MentionRow<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut row = serializer.serialize_struct("MentionRow", 6 + SpecMention::FIELDS)?;
        row.serialize_field("type", self.row_type)?;
        row.serialize_field("mention_id", &self.mention_id)?;
        row.serialize_field("record_id", &self.record_id)?;
        row.serialize_field("doc_id", self.doc_id)?;
        row.serialize_field("section", &self.section)?;
        row.serialize_field("item_index", &self.item_index)?;
        self.fields.serialize_fields(&mut row)?;
        row.end()
    }
}

/// A mention with exactly the fields of the extraction spec (`keikaku extract`'s output).
#[derive(Debug, Clone)]
pub struct SpecMention<'a> {
    pub kind: &'static str,
    pub surface: &'a str,
    pub value: Option<f64>,
    pub value_max: Option<f64>,
    pub unit: Option<&'a str>,
    pub date: Option<String>,
    pub date_start: Option<String>,
    pub date_end: Option<String>,
    pub qualifier: Option<crate::extract::Qualifier>,
    pub approx: bool,
    pub role: Option<&'static str>,
    pub per: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub rule: &'static str,
    pub span: SourceSpan,
}

impl Serialize for SpecMention<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut row = serializer.serialize_struct("SpecMention", SpecMention::FIELDS)?;
        self.serialize_fields(&mut row)?;
        row.end()
    }
}

impl<'a> SpecMention<'a> {
    /// How many fields [`SpecMention::serialize_fields`] writes.
    const FIELDS: usize = 15;

    /// The spec's fields, in the spec's order, into a row being written.
    fn serialize_fields<R: serde::ser::SerializeStruct>(&self, row: &mut R) -> Result<(), R::Error> {
        row.serialize_field("kind", self.kind)?;
        row.serialize_field("surface", self.surface)?;
        row.serialize_field("value", &self.value)?;
        row.serialize_field("value_max", &self.value_max)?;
        row.serialize_field("unit", &self.unit)?;
        row.serialize_field("date", &self.date)?;
        row.serialize_field("date_start", &self.date_start)?;
        row.serialize_field("date_end", &self.date_end)?;
        row.serialize_field("qualifier", &self.qualifier)?;
        row.serialize_field("approx", &self.approx)?;
        row.serialize_field("role", &self.role)?;
        row.serialize_field("per", &self.per)?;
        row.serialize_field("subject", &self.subject)?;
        row.serialize_field("rule", self.rule)?;
        row.serialize_field("span", &self.span)
    }

    pub fn new(m: &'a Mention, spans: &mut SpanCursor<'a>) -> SpecMention<'a> {
        SpecMention {
            kind: m.kind.as_str(),
            surface: spans.text().source_text(m.norm_span.clone()),
            value: m.value,
            value_max: m.value_max,
            unit: m.unit.as_deref(),
            date: m.date_text(),
            date_start: m.date_start_text(),
            date_end: m.date_end_text(),
            qualifier: m.qualifier,
            approx: m.approx,
            role: m.role.map(|r| r.as_str()),
            per: m.per.as_deref(),
            subject: m.subject.as_deref(),
            rule: m.rule,
            span: spans.locate(m.norm_span.clone()),
        }
    }
}

/// First 16 hex digits of the SHA-256 of the parts, separated by NUL: short, stable ids.
pub fn short_id(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h.update([0u8]);
        }
        h.update(p);
    }
    hex(&h.finalize()[..8])
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// The id of a document: its path as given and its content hash.
pub fn doc_id(path: &str, sha256: &str) -> String {
    short_id(&[path.as_bytes(), sha256.as_bytes()])
}

/// Identity of an input file, known before it is converted.
#[derive(Debug, Clone)]
pub struct FileInfo {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

impl FileInfo {
    pub fn doc_id(&self) -> String {
        doc_id(&self.path, &self.sha256)
    }
}

/// A `documents.jsonl` row for a file that produced no records.
pub fn document_without_records(file: &FileInfo, status: DocStatus, error: Option<String>) -> DocumentRow {
    DocumentRow {
        row_type: "document",
        schema_version: SCHEMA_VERSION,
        doc_id: file.doc_id(),
        path: file.path.clone(),
        status,
        error,
        sha256: (!file.sha256.is_empty()).then(|| file.sha256.clone()),
        bytes: file.bytes,
        encoding: None,
        had_bom: false,
        decode_errors: 0,
        kind: None,
        kind_confidence: None,
        evidence: Vec::new(),
        kind_cues: Vec::new(),
        department: None,
        title: None,
        fiscal_year: None,
        lines: 0,
        records: 0,
        mentions: 0,
        indicators: 0,
        tables: 0,
        numbers: Tally::default(),
    }
}

/// The id of mention `index` of a document: from the document and the mention's position.
pub fn mention_id(doc_id: &str, index: usize) -> String {
    short_id(&[doc_id.as_bytes(), b"m", itoa::Buffer::new().format(index).as_bytes()])
}

/// What [`write()`] wrote.
#[derive(Debug, Clone)]
pub struct Written {
    pub document: DocumentRow,
    pub records: u64,
    pub mentions: u64,
    pub indicators: u64,
    /// Lines of `tables.jsonl` (cells).
    pub cells: u64,
}

/// The four outputs of one document.
pub struct Outputs<'w, D: Write, R: Write, M: Write, I: Write, T: Write> {
    pub documents: &'w mut D,
    pub records: &'w mut R,
    pub mentions: &'w mut M,
    pub indicators: &'w mut I,
    pub tables: &'w mut T,
}

/// The number of lines `str::lines` gives: every `\n`, and a last line without one.
fn line_count(text: &str) -> u64 {
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).count();
    (ends + usize::from(!text.is_empty() && !text.ends_with('\n'))) as u64
}

/// Writes the rows of a converted document: its `documents.jsonl` line, its records, its
/// mentions and its indicators, one JSON line each and every fact once. Rows are built and
/// serialized one at a time, so memory holds the document and its output, not a second copy of
/// every row.
pub fn write<D: Write, R: Write, M: Write, I: Write, T: Write>(
    file: &FileInfo,
    p: &Processed,
    out: Outputs<'_, D, R, M, I, T>,
) -> io::Result<Written> {
    let doc_id = file.doc_id();
    let text = &p.text;
    let norm = text.norm();
    let units = &p.document.units;
    let record_ids: Vec<String> =
        (0..units.len()).map(|i| short_id(&[doc_id.as_bytes(), itoa::Buffer::new().format(i).as_bytes()])).collect();
    let mut spans = text.spans();

    for (ui, unit) in units.iter().enumerate() {
        let row = RecordRow {
            record_type: unit.kind.as_str(),
            schema_version: SCHEMA_VERSION,
            id: &record_ids[ui],
            doc_id: &doc_id,
            index: ui as u64,
            source: SourceRef { path: &file.path },
            theme: unit.theme.as_deref(),
            title: &unit.title,
            title_span: unit.title_span.clone().map(|r| spans.locate(r).into()),
            number_span: unit.number_span.clone().map(|r| spans.locate(r).into()),
            level: unit.level,
            heading_path: &unit.heading_path,
            heading_rule: unit.heading_rule.as_deref(),
            fiscal_year: unit.fiscal_year,
            as_of: unit.as_of.map(crate::extract::day_text),
            sections: unit.sections.iter().map(|s| section_row(s, &mut spans)).collect(),
            objectives: objective_rows(&doc_id, ui, unit, &p.indicators),
            fields: unit.fields.iter().map(|(n, v)| FieldRow { name: n, value: v }).collect(),
        };
        write_line(out.records, &row)?;
    }

    // Mentions, each with its record, section and item from the one ownership index.
    for (mi, m) in p.mentions.iter().enumerate() {
        let at = m.norm_span.start;
        let owner = p.owners.owner_at(at);
        let (record_id, section) = match owner {
            Some((ui, si)) => {
                (Some(record_ids[ui].as_str()), Some(si.map_or("title", |si| units[ui].sections[si].name.as_str())))
            }
            None => (None, None),
        };
        let item_index = owner.and_then(|(_, si)| si).and_then(|_| p.owners.item_at(at)).map(|i| i as u64);
        let row = MentionRow {
            row_type: "mention",
            mention_id: mention_id(&doc_id, mi),
            record_id,
            doc_id: &doc_id,
            section,
            item_index,
            fields: SpecMention::new(m, &mut spans),
        };
        write_line(out.mentions, &row)?;
    }

    let cells = write_tables(p, &doc_id, out.tables)?;

    let department = p.document.department.as_deref();
    for (k, ind) in p.indicators.iter().enumerate() {
        let row = indicator_row(
            IndicatorContext { p, doc_id: &doc_id, record_ids: &record_ids, department },
            k,
            ind,
            &mut spans,
        );
        write_line(out.indicators, &row)?;
    }

    let document = DocumentRow {
        row_type: "document",
        schema_version: SCHEMA_VERSION,
        doc_id: doc_id.clone(),
        path: file.path.clone(),
        status: DocStatus::Ok,
        error: None,
        sha256: Some(file.sha256.clone()),
        bytes: file.bytes,
        encoding: Some(text.decoded.encoding.as_str()),
        had_bom: text.decoded.had_bom,
        decode_errors: text.decoded.decode_errors as u64,
        kind: Some(p.document.kind.as_str()),
        kind_confidence: p.document.kind_confidence,
        evidence: p.document.evidence.clone(),
        kind_cues: p
            .document
            .cues
            .iter()
            .map(|c| CueRow {
                rule: c.rule,
                kind: c.kind.as_str(),
                place: c.place.as_str(),
                weight: i64::from(c.weight),
                detail: c.detail.clone(),
            })
            .collect(),
        department: p.document.department.clone(),
        title: p.document.title.clone(),
        fiscal_year: p.fiscal_year,
        lines: line_count(norm),
        records: units.len() as u64,
        mentions: p.mentions.len() as u64,
        indicators: p.indicators.len() as u64,
        tables: p.tables.len() as u64,
        numbers: Tally::of(&p.numbers),
    };
    write_line(out.documents, &document)?;
    Ok(Written {
        document,
        records: units.len() as u64,
        mentions: p.mentions.len() as u64,
        indicators: p.indicators.len() as u64,
        cells,
    })
}

/// Writes one `tables.jsonl` line per cell that holds text (empty cells are where no line
/// is) and returns how many.
fn write_tables<W: Write>(p: &Processed, doc_id: &str, out: &mut W) -> io::Result<u64> {
    // Where each table stands: its record, and the items listed in its cells.
    let mut home: Vec<Option<(usize, usize, usize)>> = vec![None; p.tables.len()];
    for (ui, unit) in p.document.units.iter().enumerate() {
        for (si, s) in unit.sections.iter().enumerate() {
            for (k, t) in s.tables.iter().enumerate() {
                if let Some(slot) = t.id.and_then(|id| home.get_mut(id)) {
                    slot.get_or_insert((ui, si, k));
                }
            }
        }
    }
    // The items each table's cells list (action plans' list cells), gathered in one pass.
    let mut cell_items: std::collections::HashMap<(usize, usize, usize), Vec<u64>> = std::collections::HashMap::new();
    for (ti, home) in home.iter().enumerate() {
        let Some((ui, si, k)) = *home else { continue };
        for (n, item) in p.document.units[ui].sections[si].items.iter().enumerate() {
            if let Some(tc) = item.table_cell.filter(|tc| tc.table == k) {
                cell_items.entry((ti, tc.row, tc.col)).or_default().push(n as u64);
            }
        }
    }
    let mut typed = p.cells.iter().peekable();
    let mut spans = p.text.spans();
    let mut written = 0;
    for (ti, t) in p.tables.iter().enumerate() {
        for (r, row) in t.rows.iter().enumerate() {
            let row_path = if r >= t.header_rows { t.row_path(r) } else { Vec::new() };
            for (c, cell) in row.iter().enumerate() {
                while typed.peek().is_some_and(|x| (x.table, x.row, x.col) < (ti, r, c)) {
                    typed.next();
                }
                let value = typed.peek().filter(|x| (x.table, x.row, x.col) == (ti, r, c)).copied();
                let items: Vec<u64> = cell_items.remove(&(ti, r, c)).unwrap_or_default();
                if cell.text.is_empty() && items.is_empty() {
                    continue;
                }
                let kind = if r < t.header_rows { "header" } else { value.map_or("text", |v| v.kind.as_str()) };
                let row = CellRow {
                    row_type: "cell",
                    doc_id,
                    table: ti as u64,
                    row: r as u64,
                    col: c as u64,
                    row_path: row_path.clone(),
                    col_path: t.columns.get(c).map_or(&[][..], Vec::as_slice),
                    text: items.is_empty().then_some(cell.text.as_str()),
                    items,
                    kind,
                    value: value.and_then(|v| v.value),
                    unit: value.and_then(|v| v.unit.as_deref()),
                    mention_id: value.and_then(|v| v.mention).map(|m| mention_id(doc_id, m)),
                    span: spans.locate(cell.norm_span.clone()).into(),
                };
                write_line(out, &row)?;
                written += 1;
            }
        }
    }
    Ok(written)
}

/// What an indicator row needs of its document.
struct IndicatorContext<'a> {
    p: &'a Processed,
    doc_id: &'a str,
    record_ids: &'a [String],
    department: Option<&'a str>,
}

/// One line of `indicators.jsonl`: a target with what was reached. Each value is given as
/// written (with its unit), where it was read (a mention, a table cell, the text) and, for
/// money, in yen, so the question "was it met?" needs no join.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRow<'a> {
    #[serde(rename = "type")]
    pub row_type: &'static str,
    pub schema_version: u32,
    pub indicator_id: String,
    pub doc_id: &'a str,
    pub record_id: &'a str,
    pub department: Option<&'a str>,
    pub fiscal_year: Option<i32>,
    pub objective: Option<u64>,
    pub name: &'a str,
    pub target_value: f64,
    pub target_value_max: Option<f64>,
    pub target_unit: Option<&'a str>,
    pub target_kind: &'static str,
    pub target_qualifier: Option<crate::extract::Qualifier>,
    pub target_source: &'static str,
    pub target_mention_id: Option<String>,
    pub target_cell: Option<CellRef>,
    pub target_yen: Option<f64>,
    pub deadline: Option<String>,
    pub deadline_mention_id: Option<String>,
    pub baseline_value: Option<f64>,
    pub baseline_unit: Option<&'a str>,
    /// The word that gives the baseline: 昨年度, 前年度, 基準値, 現状値 …
    pub baseline_label: Option<&'static str>,
    pub baseline_source: Option<&'static str>,
    pub baseline_mention_id: Option<String>,
    pub baseline_cell: Option<CellRef>,
    pub actual_value: Option<f64>,
    pub actual_unit: Option<&'a str>,
    pub actual_source: Option<&'static str>,
    pub actual_mention_ids: Vec<String>,
    pub actual_cell: Option<CellRef>,
    pub actual_yen: Option<f64>,
    pub actual_as_of: Option<String>,
    pub direction: &'static str,
    pub attainment: Option<f64>,
    pub stated_rate: Option<f64>,
    pub stated_rate_mention_id: Option<String>,
    pub stated_rate_cell: Option<CellRef>,
    pub computed_rate: Option<f64>,
    pub rate_formula: Option<&'static str>,
    pub rate_agrees: Option<bool>,
    pub status: &'static str,
    pub rule: &'static str,
    pub evidence: &'a [String],
    pub span: TextSpan,
}

/// A cell of `tables.jsonl`, where an indicator's value was read.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CellRef {
    pub table: u64,
    pub row: u64,
    pub col: u64,
}

/// The id of the `k`-th indicator of a document.
pub fn indicator_id(doc_id: &str, k: usize) -> String {
    short_id(&[doc_id.as_bytes(), b"i", itoa::Buffer::new().format(k).as_bytes()])
}

fn cell_ref(v: &Value) -> Option<CellRef> {
    match v.source {
        ValueSource::Cell { table, row, col } => {
            Some(CellRef { table: table as u64, row: row as u64, col: col as u64 })
        }
        _ => None,
    }
}

fn indicator_row<'a>(
    cx: IndicatorContext<'a>,
    k: usize,
    ind: &'a crate::indicators::Indicator,
    spans: &mut SpanCursor,
) -> IndicatorRow<'a> {
    let p = cx.p;
    let unit = &p.document.units[ind.unit];
    let m = |i: usize| &p.mentions[i];
    let t = &ind.target;
    let actual = ind.actual.as_ref();
    let baseline = ind.baseline.as_ref().map(|(b, _)| b);
    let rate = ind.stated_rate.as_ref();
    let mid = |v: &Value| v.mention.map(|i| mention_id(cx.doc_id, i));
    let as_of = ind.as_of_text(&p.mentions, unit.as_of);
    IndicatorRow {
        row_type: "indicator",
        schema_version: SCHEMA_VERSION,
        indicator_id: indicator_id(cx.doc_id, k),
        doc_id: cx.doc_id,
        record_id: &cx.record_ids[ind.unit],
        department: cx.department,
        fiscal_year: unit.fiscal_year,
        objective: ind.objective.map(|o| o as u64),
        name: &ind.name,
        target_value: t.value,
        target_value_max: t.value_max,
        target_unit: t.unit.as_deref(),
        target_kind: t.kind.as_str(),
        target_qualifier: t.qualifier,
        target_source: t.source.as_str(),
        target_mention_id: mid(t),
        target_cell: cell_ref(t),
        target_yen: t.yen,
        deadline: ind.deadline.and_then(|d| m(d).date_text()),
        deadline_mention_id: ind.deadline.map(|d| mention_id(cx.doc_id, d)),
        baseline_value: baseline.map(|b| b.value),
        baseline_unit: baseline.and_then(|b| b.unit.as_deref()),
        baseline_label: ind.baseline.as_ref().map(|(_, w)| *w),
        baseline_source: baseline.map(|b| b.source.as_str()),
        baseline_mention_id: baseline.and_then(mid),
        baseline_cell: baseline.and_then(cell_ref),
        actual_value: actual.map(|a| a.value),
        actual_unit: actual.and_then(|a| a.unit.as_deref()),
        actual_source: actual.map(|a| a.source.as_str()),
        actual_mention_ids: actual.and_then(mid).into_iter().collect(),
        actual_cell: actual.and_then(cell_ref),
        actual_yen: actual.and_then(|a| a.yen),
        actual_as_of: if actual.is_some() { as_of } else { None },
        direction: ind.direction.as_str(),
        attainment: ind.attainment,
        stated_rate: rate.map(|r| r.value),
        stated_rate_mention_id: rate.and_then(mid),
        stated_rate_cell: rate.and_then(cell_ref),
        computed_rate: ind.rate_check.map(|c| (c.computed * 1000.0).round() / 1000.0),
        rate_formula: ind.rate_check.map(|c| c.formula.as_str()),
        rate_agrees: ind.rate_check.map(|c| c.agrees),
        status: ind.status.as_str(),
        rule: ind.rule.as_str(),
        evidence: &ind.evidence,
        span: spans.locate(ind.span.clone()).into(),
    }
}

/// Writes one row as a JSON line.
pub fn write_line<W: Write, T: Serialize>(out: &mut W, row: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, row).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

fn section_row<'a>(s: &'a Section, spans: &mut SpanCursor) -> SectionRow<'a> {
    SectionRow {
        name: s.name.as_str(),
        heading: s.heading.as_deref(),
        heading_span: s.heading_span.clone().map(|r| spans.locate(r).into()),
        items: s.items.iter().map(|i| item_row(i, spans)).collect(),
        turns: s
            .items
            .iter()
            .enumerate()
            .filter_map(|(n, i)| {
                let (speaker, role) = i.speaker.as_deref().zip(i.role)?;
                Some(TurnRow { item: n as u64, speaker, role: role.as_str(), reply_to: i.reply_to.map(|r| r as u64) })
            })
            .collect(),
        tables: s.tables.iter().map(|t| table_row(t, spans)).collect(),
        layout: s.layout_lines.iter().map(|r| spans.locate(r.clone()).into()).collect(),
    }
}

fn item_row<'a>(i: &'a Item, spans: &mut SpanCursor) -> ItemRow<'a> {
    ItemRow {
        kind: i.kind.as_str(),
        marker: i.marker.as_deref(),
        parent: i.parent.map(|p| p as u64),
        text: &i.text,
        span: spans.locate(i.norm_span.clone()).into(),
    }
}

fn table_row<'a>(t: &'a Table, spans: &mut SpanCursor) -> TableRow<'a> {
    TableRow {
        table: t.id.unwrap_or_default() as u64,
        span: spans.locate(t.norm_span.clone()).into(),
        shape: t.shape.as_str(),
        header_rows: t.header_rows as u64,
        caption_unit: t.caption_unit.as_deref(),
    }
}

fn objective_rows(
    doc_id: &str,
    ui: usize,
    unit: &Unit,
    indicators: &[crate::indicators::Indicator],
) -> Vec<ObjectiveRow> {
    unit.objectives
        .iter()
        .enumerate()
        .map(|(o, obj)| ObjectiveRow {
            plan_item: Some(obj.item as u64),
            targets: obj.targets.iter().map(|&i| i as u64).collect(),
            progress: obj.progress.iter().map(|&i| i as u64).collect(),
            indicators: indicators
                .iter()
                .enumerate()
                .filter(|(_, ind)| ind.unit == ui && ind.objective == Some(o))
                .map(|(k, _)| indicator_id(doc_id, k))
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_count_is_what_lines_gives() {
        for t in ["", "a", "a\n", "\n", "\n\n", "a\r\nb", "a\nb\n\nc", "行1\r\n行2\r\n"] {
            assert_eq!(line_count(t), t.lines().count() as u64, "{t:?}");
        }
    }
}
