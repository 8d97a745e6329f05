//! Stage 6: what keikaku writes. The row shapes of `documents.jsonl`, `records.jsonl` and
//! `mentions.jsonl`, and of `keikaku extract`'s output, are defined here and nowhere else.
//!
//! # Format
//!
//! Every line is one JSON object, UTF-8 without BOM, keys in a fixed order. **Every key is
//! present on every line** (`null` when it does not apply, never absent) and each key always
//! has the same JSON type, so DuckDB's `read_json_auto`, BigQuery and polars load the files
//! without casts. Numbers that can be fractional (`value`, `value_max`) are always written as
//! floating point. The JSON Schemas printed by `keikaku schema` describe the same shapes
//! (see [`crate::schema`]) and are checked against real output by the tests.
//!
//! Each line carries a `type`: `document` in documents.jsonl; `initiative`, `project`,
//! `theme` or `section` in records.jsonl; `mention` in mentions.jsonl. The streaming mode
//! (`convert --stdout`) interleaves all three on one stream and the tag tells them apart.
//!
//! Ids are content-derived: `doc_id` from the file's path as given and its SHA-256,
//! `id` of a record from its document and position, `mention_id` from its record and
//! position. The same input gives the same ids and the same bytes, whatever the thread count.

use std::io::{self, Write};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::extract::Mention;
use crate::pipeline::Processed;
use crate::segment::{Item, ItemKind, Section, Table, Unit};
use crate::span::{SourceSpan, SourceText};

/// Version of the row shapes below; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// What became of one input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocStatus {
    /// Converted; its records and mentions follow.
    Ok,
    /// Could not be read or converted; `error` says why.
    Error,
    /// Not a text file (NUL bytes); skipped on purpose.
    SkippedBinary,
    /// Zero bytes, or only whitespace.
    Empty,
}

impl DocStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DocStatus::Ok => "ok",
            DocStatus::Error => "error",
            DocStatus::SkippedBinary => "skipped_binary",
            DocStatus::Empty => "empty",
        }
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
    pub department: Option<String>,
    pub title: Option<String>,
    pub fiscal_year: Option<i32>,
    pub lines: u64,
    pub records: u64,
    pub mentions: u64,
}

/// Provenance carried by every record.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRef {
    pub path: String,
    pub sha256: String,
    pub encoding: &'static str,
}

/// One line of `records.jsonl`: an initiative (plan), 事業 (business plan), theme (action
/// plan) or heading section (minutes, unknown documents, a plan's preamble).
#[derive(Serialize)]
pub struct RecordRow<'a> {
    #[serde(rename = "type")]
    pub record_type: &'static str,
    pub schema_version: u32,
    pub id: String,
    pub doc_id: String,
    /// Position of the record in its document, from 0.
    pub index: u64,
    pub source: SourceRef,
    pub document_kind: &'static str,
    pub department: Option<String>,
    pub theme: Option<String>,
    pub title: String,
    pub title_span: Option<SourceSpan>,
    pub fiscal_year: Option<i32>,
    pub as_of: Option<String>,
    /// For plan initiatives always `plan`, `target`, `progress` in that order.
    pub sections: Vec<SectionRow>,
    pub objectives: Vec<ObjectiveRow>,
    pub fields: Vec<FieldRow>,
    /// Serialized one by one from the document's mentions, never all built at once.
    pub mentions: MentionList<'a>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionRow {
    pub name: String,
    pub heading: Option<String>,
    pub heading_span: Option<SourceSpan>,
    pub text: String,
    pub items: Vec<ItemRow>,
    pub tables: Vec<TableRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemRow {
    pub kind: &'static str,
    pub marker: Option<String>,
    pub level: u64,
    pub text: String,
    pub footnotes: Vec<u64>,
    pub span: SourceSpan,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableRow {
    pub span: SourceSpan,
    pub rows: Vec<Vec<CellRow>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CellRow {
    pub text: String,
    pub span: SourceSpan,
}

/// A ■ objective with its targets and the progress items reporting on it. Indices point
/// into the `items` of the record's `target` and `progress` sections.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveRow {
    pub text: String,
    pub span: SourceSpan,
    pub targets: Vec<LinkedItemRow>,
    pub progress: Vec<LinkedItemRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkedItemRow {
    pub item_index: u64,
    /// `qualitative`, `numeric` (targets) or the item kind (progress).
    pub kind: &'static str,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldRow {
    pub name: String,
    pub value: String,
}

/// One mention, as in `mentions.jsonl` and inside records: the spec's fields plus ids and
/// the section it was found in.
#[derive(Debug, Clone, Serialize)]
pub struct MentionRow {
    #[serde(rename = "type")]
    pub row_type: &'static str,
    pub mention_id: String,
    pub record_id: Option<String>,
    pub doc_id: String,
    pub section: Option<String>,
    #[serde(flatten)]
    pub fields: SpecMention,
}

/// A mention with exactly the fields of the extraction spec (`keikaku extract`'s output).
#[derive(Debug, Clone, Serialize)]
pub struct SpecMention {
    pub kind: &'static str,
    pub surface: String,
    pub value: Option<f64>,
    pub value_max: Option<f64>,
    pub unit: Option<String>,
    pub date: Option<String>,
    pub date_start: Option<String>,
    pub date_end: Option<String>,
    pub qualifier: Option<&'static str>,
    pub approx: bool,
    pub role: Option<&'static str>,
    pub per: Option<String>,
    pub subject: Option<String>,
    pub rule: &'static str,
    pub span: SourceSpan,
}

impl SpecMention {
    pub fn new(m: &Mention, text: &SourceText) -> SpecMention {
        SpecMention {
            kind: m.kind.as_str(),
            surface: text.source_text(m.norm_span.clone()).to_string(),
            value: m.value,
            value_max: m.value_max,
            unit: m.unit.clone(),
            date: m.date.clone(),
            date_start: m.date_start.clone(),
            date_end: m.date_end.clone(),
            qualifier: m.qualifier,
            approx: m.approx,
            role: m.role,
            per: m.per.clone(),
            subject: m.subject.clone(),
            rule: m.rule,
            span: text.source_span(m.norm_span.clone()),
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
pub fn document_without_records(
    file: &FileInfo,
    status: DocStatus,
    error: Option<String>,
) -> DocumentRow {
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
        department: None,
        title: None,
        fiscal_year: None,
        lines: 0,
        records: 0,
        mentions: 0,
    }
}

/// Ids, owners and the text needed to turn a document's mentions into rows.
pub struct MentionContext<'a> {
    p: &'a Processed,
    doc_id: String,
    record_ids: Vec<String>,
    /// For each mention, the unit and section whose lines contain it (no section: the
    /// unit's title line).
    owner: Vec<Option<(usize, Option<usize>)>>,
}

impl MentionContext<'_> {
    fn row(&self, mi: usize) -> MentionRow {
        let m = &self.p.mentions[mi];
        let (record_id, section) = match self.owner[mi] {
            Some((ui, si)) => (
                Some(self.record_ids[ui].clone()),
                Some(si.map_or_else(|| "title".to_string(), |si| self.p.document.units[ui].sections[si].name.clone())),
            ),
            None => (None, None),
        };
        MentionRow {
            row_type: "mention",
            mention_id: short_id(&[self.doc_id.as_bytes(), b"m", mi.to_string().as_bytes()]),
            record_id,
            doc_id: self.doc_id.clone(),
            section,
            fields: SpecMention::new(m, &self.p.text),
        }
    }
}

/// The mentions of one record, serialized as a JSON array row by row.
pub struct MentionList<'a> {
    context: &'a MentionContext<'a>,
    indices: &'a [usize],
}

impl Serialize for MentionList<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.indices.len()))?;
        for &mi in self.indices {
            seq.serialize_element(&self.context.row(mi))?;
        }
        seq.end()
    }
}

/// What [`write`] wrote.
#[derive(Debug, Clone)]
pub struct Written {
    pub document: DocumentRow,
    pub records: u64,
    pub mentions: u64,
}

/// Writes the rows of a converted document: its `documents.jsonl` line, its records and its
/// mentions, one JSON line each. Rows are built and serialized one at a time, so memory holds
/// the document and its output, not a second copy of every row.
pub fn write<W: Write>(
    file: &FileInfo,
    p: &Processed,
    documents: &mut W,
    records: &mut W,
    mentions: &mut W,
) -> io::Result<Written> {
    let doc_id = file.doc_id();
    let text = &p.text;
    let norm = text.norm();
    let units = &p.document.units;

    // Assign every mention to the unit and section whose lines contain it (or whose title
    // line holds it), by binary search over every owned range of the document, sorted: the
    // segmentation covers each line once, so at most a few ranges can hold an offset.
    let mut ranges: Vec<(usize, usize, usize, Option<usize>)> = Vec::new();
    for (ui, unit) in units.iter().enumerate() {
        if let Some(t) = &unit.title_span {
            ranges.push((t.start, t.end.max(t.start + 1), ui, None));
        }
        for (si, section) in unit.sections.iter().enumerate() {
            for r in section.lines.iter().chain(&section.layout_lines) {
                ranges.push((r.start, r.end + 1, ui, Some(si)));
            }
            if let Some(h) = &section.heading_span {
                ranges.push((h.start, h.end, ui, Some(si)));
            }
        }
    }
    ranges.sort_unstable_by_key(|r| (r.0, r.1));
    let mut owner: Vec<Option<(usize, Option<usize>)>> = vec![None; p.mentions.len()];
    let mut per_record: Vec<Vec<usize>> = vec![Vec::new(); units.len()];
    for (mi, m) in p.mentions.iter().enumerate() {
        let at = m.norm_span.start;
        let i = ranges.partition_point(|r| r.0 <= at);
        let found = ranges[..i]
            .iter()
            .rev()
            .take(8)
            .find(|r| at < r.1)
            .map(|r| (r.2, r.3))
            .or_else(|| p.document.locate(at));
        if let Some((ui, si)) = found {
            owner[mi] = Some((ui, si));
            per_record[ui].push(mi);
        }
    }
    let record_ids: Vec<String> =
        (0..units.len()).map(|i| short_id(&[doc_id.as_bytes(), i.to_string().as_bytes()])).collect();
    let context = MentionContext { p, doc_id: doc_id.clone(), record_ids, owner };

    let source = SourceRef {
        path: file.path.clone(),
        sha256: file.sha256.clone(),
        encoding: text.decoded.encoding.as_str(),
    };
    for (ui, unit) in units.iter().enumerate() {
        let row = RecordRow {
            record_type: unit.kind.as_str(),
            schema_version: SCHEMA_VERSION,
            id: context.record_ids[ui].clone(),
            doc_id: doc_id.clone(),
            index: ui as u64,
            source: source.clone(),
            document_kind: p.document.kind.as_str(),
            department: p.document.department.clone(),
            theme: unit.theme.clone(),
            title: unit.title.clone(),
            title_span: unit.title_span.clone().map(|r| text.source_span(r)),
            fiscal_year: unit.fiscal_year,
            as_of: unit.as_of.clone(),
            sections: unit.sections.iter().map(|s| section_row(s, text, norm)).collect(),
            objectives: objective_rows(unit, text),
            fields: unit.fields.iter().map(|(n, v)| FieldRow { name: n.clone(), value: v.clone() }).collect(),
            mentions: MentionList { context: &context, indices: &per_record[ui] },
        };
        write_line(records, &row)?;
    }
    for mi in 0..p.mentions.len() {
        write_line(mentions, &context.row(mi))?;
    }

    let document = DocumentRow {
        row_type: "document",
        schema_version: SCHEMA_VERSION,
        doc_id,
        path: file.path.clone(),
        status: DocStatus::Ok,
        error: None,
        sha256: Some(file.sha256.clone()),
        bytes: file.bytes,
        encoding: Some(text.decoded.encoding.as_str()),
        had_bom: text.decoded.had_bom,
        decode_errors: text.decoded.decode_errors as u64,
        kind: Some(p.document.kind.as_str()),
        department: p.document.department.clone(),
        title: p.document.title.clone(),
        fiscal_year: p.fiscal_year,
        lines: norm.lines().count() as u64,
        records: units.len() as u64,
        mentions: p.mentions.len() as u64,
    };
    write_line(documents, &document)?;
    Ok(Written { document, records: units.len() as u64, mentions: p.mentions.len() as u64 })
}

/// Writes one row as a JSON line.
pub fn write_line<W: Write, T: Serialize>(out: &mut W, row: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, row).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

fn section_row(s: &Section, text: &SourceText, norm: &str) -> SectionRow {
    SectionRow {
        name: s.name.clone(),
        heading: s.heading.clone(),
        heading_span: s.heading_span.clone().map(|r| text.source_span(r)),
        text: s.text(norm),
        items: s.items.iter().map(|i| item_row(i, text)).collect(),
        tables: s.tables.iter().map(|t| table_row(t, text)).collect(),
    }
}

fn item_row(i: &Item, text: &SourceText) -> ItemRow {
    ItemRow {
        kind: item_kind_str(i),
        marker: i.marker.clone(),
        level: i.level as u64,
        text: i.text.clone(),
        footnotes: i.footnotes.iter().map(|&n| n as u64).collect(),
        span: text.source_span(i.norm_span.clone()),
    }
}

fn item_kind_str(i: &Item) -> &'static str {
    use crate::segment::ItemKind::*;
    match i.kind {
        Objective => "objective",
        Action => "action",
        Detail => "detail",
        Indicator => "indicator",
        QualitativeTargets => "qualitative_targets",
        NumericTargets => "numeric_targets",
        Result => "result",
        Note => "note",
        Label => "label",
        Direction => "direction",
        Question => "question",
        Answer => "answer",
        Text => "text",
    }
}

fn table_row(t: &Table, text: &SourceText) -> TableRow {
    TableRow {
        span: text.source_span(t.norm_span.clone()),
        rows: t
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| CellRow { text: c.text.clone(), span: text.source_span(c.norm_span.clone()) })
                    .collect()
            })
            .collect(),
    }
}

fn objective_rows(unit: &Unit, text: &SourceText) -> Vec<ObjectiveRow> {
    let target = unit.sections.iter().find(|s| s.name == "target");
    let progress = unit.sections.iter().find(|s| s.name == "progress");
    unit.objectives
        .iter()
        .map(|o| ObjectiveRow {
            text: o.text.clone(),
            span: text.source_span(o.norm_span.clone()),
            targets: linked(target, &o.targets, true),
            progress: linked(progress, &o.progress, false),
        })
        .collect()
}

fn linked(section: Option<&Section>, indices: &[usize], is_target: bool) -> Vec<LinkedItemRow> {
    let Some(section) = section else { return Vec::new() };
    indices
        .iter()
        .filter_map(|&i| {
            let item = section.items.get(i)?;
            // The ◇成果指標 / (数値目標) / (定性的な目標) openers only say what follows.
            if is_target && matches!(item.kind, ItemKind::Indicator | ItemKind::QualitativeTargets | ItemKind::NumericTargets) {
                return None;
            }
            let kind = if is_target {
                target_kind(section, i)
            } else {
                item_kind_str(item)
            };
            Some(LinkedItemRow { item_index: i as u64, kind, text: item.text.clone() })
        })
        .collect()
}

/// A target item is numeric when the nearest (数値目標) block opener before it is numeric.
fn target_kind(section: &Section, index: usize) -> &'static str {
    use crate::segment::ItemKind;
    for item in section.items[..=index].iter().rev() {
        match item.kind {
            ItemKind::NumericTargets => return "numeric",
            ItemKind::QualitativeTargets => return "qualitative",
            ItemKind::Indicator => break,
            _ => {}
        }
    }
    "qualitative"
}
