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

use serde::{Serialize, Serializer};
use sha2::{Digest, Sha256};

use crate::extract::Mention;
use crate::pipeline::Processed;
use crate::segment::{Item, ItemKind, Section, SectionText, Table, Unit};
use crate::span::{SourceSpan, SpanCursor};

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
    /// The cues the kind was decided on.
    pub evidence: Vec<String>,
    pub department: Option<String>,
    pub title: Option<String>,
    pub fiscal_year: Option<i32>,
    pub lines: u64,
    pub records: u64,
    pub mentions: u64,
}

/// Provenance carried by every record.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRef<'a> {
    pub path: &'a str,
    pub sha256: &'a str,
    pub encoding: &'static str,
}

/// One line of `records.jsonl`: an initiative (plan), 事業 (business plan), theme (action
/// plan) or heading section (minutes, unknown documents, a plan's preamble). Rows borrow
/// from the processed document: writing them copies no text before serialization.
///
/// The record's last key, `mentions`, is not a field: [`write`] appends the array from the
/// bytes already written to mentions.jsonl, so each mention is serialized once.
#[derive(Serialize)]
pub struct RecordRow<'a> {
    #[serde(rename = "type")]
    pub record_type: &'static str,
    pub schema_version: u32,
    pub id: &'a str,
    pub doc_id: &'a str,
    /// Position of the record in its document, from 0.
    pub index: u64,
    pub source: SourceRef<'a>,
    pub document_kind: &'static str,
    pub department: Option<&'a str>,
    pub theme: Option<&'a str>,
    pub title: &'a str,
    pub title_span: Option<SourceSpan>,
    /// A heading's number on a line of its own above the title (`1` over `財政規模`).
    pub number_span: Option<SourceSpan>,
    /// Outline records: the heading's level (0 for the document's title), else null.
    pub level: Option<u8>,
    /// Outline records: the titles of the headings above, outermost first.
    pub heading_path: &'a [String],
    pub fiscal_year: Option<i32>,
    pub as_of: Option<&'a str>,
    /// For plan initiatives always `plan`, `target`, `progress` in that order.
    pub sections: Vec<SectionRow<'a>>,
    pub objectives: Vec<ObjectiveRow<'a>>,
    pub fields: Vec<FieldRow<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionRow<'a> {
    pub name: &'a str,
    pub heading: Option<&'a str>,
    pub heading_span: Option<SourceSpan>,
    pub text: SectionText<'a>,
    pub items: Vec<ItemRow<'a>>,
    pub tables: Vec<TableRow<'a>>,
}

/// Serialized straight from the normalized text: as one slice when the lines are contiguous.
impl Serialize for SectionText<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.as_one_slice() {
            Some(text) => serializer.serialize_str(text),
            None => serializer.collect_str(self),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemRow<'a> {
    pub kind: &'static str,
    pub marker: Option<&'a str>,
    pub level: u64,
    pub text: &'a str,
    pub footnotes: &'a [u32],
    /// Speech items of minutes: the speaker as written and their role
    /// (`chair`, `member`, `secretariat`, `other`); an answer's question.
    pub speaker: Option<&'a str>,
    pub role: Option<&'static str>,
    pub reply_to: Option<u64>,
    pub span: SourceSpan,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableRow<'a> {
    pub span: SourceSpan,
    pub rows: Vec<Vec<CellRow<'a>>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CellRow<'a> {
    pub text: &'a str,
    pub span: SourceSpan,
}

/// A ■ objective with its targets and the progress items reporting on it. Indices point
/// into the `items` of the record's `target` and `progress` sections.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveRow<'a> {
    pub text: &'a str,
    pub span: SourceSpan,
    pub targets: Vec<LinkedItemRow<'a>>,
    pub progress: Vec<LinkedItemRow<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkedItemRow<'a> {
    pub item_index: u64,
    /// `qualitative`, `numeric` (targets) or the item kind (progress).
    pub kind: &'static str,
    pub text: &'a str,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldRow<'a> {
    pub name: &'a str,
    pub value: &'a str,
}

/// One mention, as in `mentions.jsonl` and inside records: the spec's fields plus ids and
/// the section it was found in.
#[derive(Debug, Clone, Serialize)]
pub struct MentionRow<'a> {
    #[serde(rename = "type")]
    pub row_type: &'static str,
    pub mention_id: String,
    pub record_id: Option<&'a str>,
    pub doc_id: &'a str,
    pub section: Option<&'a str>,
    #[serde(flatten)]
    pub fields: SpecMention<'a>,
}

/// A mention with exactly the fields of the extraction spec (`keikaku extract`'s output).
#[derive(Debug, Clone, Serialize)]
pub struct SpecMention<'a> {
    pub kind: &'static str,
    pub surface: &'a str,
    pub value: Option<f64>,
    pub value_max: Option<f64>,
    pub unit: Option<&'a str>,
    pub date: Option<&'a str>,
    pub date_start: Option<&'a str>,
    pub date_end: Option<&'a str>,
    pub qualifier: Option<&'static str>,
    pub approx: bool,
    pub role: Option<&'static str>,
    pub per: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub rule: &'static str,
    pub span: SourceSpan,
}

impl<'a> SpecMention<'a> {
    pub fn new(m: &'a Mention, spans: &mut SpanCursor<'a>) -> SpecMention<'a> {
        SpecMention {
            kind: m.kind.as_str(),
            surface: spans.text().source_text(m.norm_span.clone()),
            value: m.value,
            value_max: m.value_max,
            unit: m.unit.as_deref(),
            date: m.date.as_deref(),
            date_start: m.date_start.as_deref(),
            date_end: m.date_end.as_deref(),
            qualifier: m.qualifier,
            approx: m.approx,
            role: m.role,
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
        evidence: Vec::new(),
        department: None,
        title: None,
        fiscal_year: None,
        lines: 0,
        records: 0,
        mentions: 0,
    }
}

/// Ids, owners and the text needed to turn a document's mentions into rows.
struct MentionContext<'a> {
    p: &'a Processed,
    doc_id: &'a str,
    record_ids: Vec<String>,
    /// For each mention, the unit and section whose lines contain it (no section: the
    /// unit's title line).
    owner: Vec<Option<(usize, Option<usize>)>>,
}

impl<'a> MentionContext<'a> {
    fn row(&self, mi: usize, spans: &mut SpanCursor<'a>) -> MentionRow<'_> {
        let m = &self.p.mentions[mi];
        let (record_id, section) = match self.owner[mi] {
            Some((ui, si)) => (
                Some(self.record_ids[ui].as_str()),
                Some(si.map_or("title", |si| self.p.document.units[ui].sections[si].name.as_str())),
            ),
            None => (None, None),
        };
        MentionRow {
            row_type: "mention",
            mention_id: short_id(&[self.doc_id.as_bytes(), b"m", itoa::Buffer::new().format(mi).as_bytes()]),
            record_id,
            doc_id: self.doc_id,
            section,
            fields: SpecMention::new(m, spans),
        }
    }
}

/// An output buffer that can copy out bytes written to it earlier: each mention is
/// serialized once, into mentions.jsonl, and copied from there into its record.
pub trait RowBuffer: Write {
    /// Bytes written so far.
    fn written(&self) -> u64;
    /// Copies the bytes at `range` (already written) to `out`.
    fn copy_range<W: Write + ?Sized>(&mut self, range: std::ops::Range<u64>, out: &mut W) -> io::Result<()>;
}

impl RowBuffer for Vec<u8> {
    fn written(&self) -> u64 {
        self.len() as u64
    }

    fn copy_range<W: Write + ?Sized>(&mut self, range: std::ops::Range<u64>, out: &mut W) -> io::Result<()> {
        out.write_all(&self[range.start as usize..range.end as usize])
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
/// mentions, one JSON line each. Mentions are written first and each is serialized once:
/// records copy their mentions' bytes from `mentions`. Rows are built and serialized one at
/// a time, so memory holds the document and its output, not a second copy of every row.
pub fn write<D: Write, R: Write, M: RowBuffer>(
    file: &FileInfo,
    p: &Processed,
    documents: &mut D,
    records: &mut R,
    mentions: &mut M,
) -> io::Result<Written> {
    let doc_id = file.doc_id();
    let text = &p.text;
    let norm = text.norm();
    let units = &p.document.units;

    // Every mention's record and section, from the one ownership index.
    let mut owner: Vec<Option<(usize, Option<usize>)>> = vec![None; p.mentions.len()];
    let mut per_record: Vec<Vec<usize>> = vec![Vec::new(); units.len()];
    for (mi, m) in p.mentions.iter().enumerate() {
        if let Some((ui, si)) = p.owners.owner_at(m.norm_span.start) {
            owner[mi] = Some((ui, si));
            per_record[ui].push(mi);
        }
    }
    let record_ids: Vec<String> =
        (0..units.len()).map(|i| short_id(&[doc_id.as_bytes(), itoa::Buffer::new().format(i).as_bytes()])).collect();
    let context = MentionContext { p, doc_id: &doc_id, record_ids, owner };

    // mentions.jsonl first, remembering where each row is (without its newline).
    let mut mention_rows: Vec<(u64, u64)> = Vec::with_capacity(p.mentions.len());
    let mut spans = text.spans();
    for mi in 0..p.mentions.len() {
        let start = mentions.written();
        serde_json::to_writer(&mut *mentions, &context.row(mi, &mut spans)).map_err(io::Error::from)?;
        mention_rows.push((start, mentions.written()));
        mentions.write_all(b"\n")?;
    }

    let source = SourceRef { path: &file.path, sha256: &file.sha256, encoding: text.decoded.encoding.as_str() };
    for (ui, unit) in units.iter().enumerate() {
        let row = RecordRow {
            record_type: unit.kind.as_str(),
            schema_version: SCHEMA_VERSION,
            id: &context.record_ids[ui],
            doc_id: &doc_id,
            index: ui as u64,
            source: source.clone(),
            document_kind: p.document.kind.as_str(),
            department: p.document.department.as_deref(),
            theme: unit.theme.as_deref(),
            title: &unit.title,
            title_span: unit.title_span.clone().map(|r| spans.locate(r)),
            number_span: unit.number_span.clone().map(|r| spans.locate(r)),
            level: unit.level,
            heading_path: &unit.heading_path,
            fiscal_year: unit.fiscal_year,
            as_of: unit.as_of.as_deref(),
            sections: unit.sections.iter().map(|s| section_row(s, &mut spans, norm)).collect(),
            objectives: objective_rows(unit, &mut spans),
            fields: unit.fields.iter().map(|(n, v)| FieldRow { name: n, value: v }).collect(),
        };
        let mut serializer = serde_json::Serializer::with_formatter(&mut *records, OpenRecord::default());
        row.serialize(&mut serializer).map_err(io::Error::from)?;
        records.write_all(b",\"mentions\":[")?;
        for (k, &mi) in per_record[ui].iter().enumerate() {
            if k > 0 {
                records.write_all(b",")?;
            }
            let (start, end) = mention_rows[mi];
            mentions.copy_range(start..end, records)?;
        }
        records.write_all(b"]}\n")?;
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
        evidence: p.document.evidence.clone(),
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

/// Compact JSON, as `serde_json::to_writer` writes it, but without the outermost object's
/// closing brace: [`write`] appends a record's `mentions` after it, without copying the record.
#[derive(Default)]
struct OpenRecord {
    depth: usize,
}

impl serde_json::ser::Formatter for OpenRecord {
    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth += 1;
        writer.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.depth == 0 {
            Ok(())
        } else {
            writer.write_all(b"}")
        }
    }
}

/// Writes one row as a JSON line.
pub fn write_line<W: Write, T: Serialize>(out: &mut W, row: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, row).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

fn section_row<'a>(s: &'a Section, spans: &mut SpanCursor, norm: &'a str) -> SectionRow<'a> {
    SectionRow {
        name: &s.name,
        heading: s.heading.as_deref(),
        heading_span: s.heading_span.clone().map(|r| spans.locate(r)),
        text: s.joined_text(norm),
        items: s.items.iter().map(|i| item_row(i, spans)).collect(),
        tables: s.tables.iter().map(|t| table_row(t, spans)).collect(),
    }
}

fn item_row<'a>(i: &'a Item, spans: &mut SpanCursor) -> ItemRow<'a> {
    ItemRow {
        kind: item_kind_str(i),
        marker: i.marker.as_deref(),
        level: i.level as u64,
        text: &i.text,
        footnotes: &i.footnotes,
        speaker: i.speaker.as_deref(),
        role: i.role.map(|r| r.as_str()),
        reply_to: i.reply_to.map(|r| r as u64),
        span: spans.locate(i.norm_span.clone()),
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
        Speech => "speech",
    }
}

fn table_row<'a>(t: &'a Table, spans: &mut SpanCursor) -> TableRow<'a> {
    TableRow {
        span: spans.locate(t.norm_span.clone()),
        rows: t
            .rows
            .iter()
            .map(|r| r.iter().map(|c| CellRow { text: &c.text, span: spans.locate(c.norm_span.clone()) }).collect())
            .collect(),
    }
}

fn objective_rows<'a>(unit: &'a Unit, spans: &mut SpanCursor) -> Vec<ObjectiveRow<'a>> {
    let target = unit.sections.iter().find(|s| s.name == "target");
    let progress = unit.sections.iter().find(|s| s.name == "progress");
    unit.objectives
        .iter()
        .map(|o| ObjectiveRow {
            text: &o.text,
            span: spans.locate(o.norm_span.clone()),
            targets: linked(target, &o.targets, true),
            progress: linked(progress, &o.progress, false),
        })
        .collect()
}

fn linked<'a>(section: Option<&'a Section>, indices: &[usize], is_target: bool) -> Vec<LinkedItemRow<'a>> {
    let Some(section) = section else { return Vec::new() };
    indices
        .iter()
        .filter_map(|&i| {
            let item = section.items.get(i)?;
            // The ◇成果指標 / (数値目標) / (定性的な目標) openers only say what follows.
            if is_target
                && matches!(item.kind, ItemKind::Indicator | ItemKind::QualitativeTargets | ItemKind::NumericTargets)
            {
                return None;
            }
            let kind = if is_target { target_kind(section, i) } else { item_kind_str(item) };
            Some(LinkedItemRow { item_index: i as u64, kind, text: &item.text })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_text_serializes_like_the_joined_lines() {
        let norm = "見出し\n\t一行目\"\n二行目\\\n\n飛ばす\n最後";
        let line = |s: &str| {
            let start = norm.find(s).unwrap();
            start..start + s.len()
        };
        let cases = [
            vec![],
            vec![line("\t一行目\"")],
            vec![line("\t一行目\""), line("二行目\\")],
            vec![line("二行目\\"), 33..33, line("飛ばす")],
            vec![line("\t一行目\""), line("最後")],
        ];
        for lines in cases {
            let joined: Vec<&str> = lines.iter().map(|r| &norm[r.clone()]).collect();
            let expected = serde_json::to_string(&joined.join("\n")).unwrap();
            let text = SectionText { norm, lines: &lines };
            assert_eq!(serde_json::to_string(&text).unwrap(), expected, "{lines:?}");
        }
    }
}
