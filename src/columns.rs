//! The one description of every output's columns: name, type, nullability, nested shape and
//! doc, per file. Everything a warehouse is told about the shapes is generated from it: the
//! JSON Schemas (`keikaku schema NAME`, [`crate::schema`]), the DuckDB `columns=` struct
//! (`--duckdb`), the Spark schema (`--spark`) and the Parquet schema that `convert --format
//! parquet` writes ([`crate::parquet`]). The serde row types in [`crate::record`] write the
//! same shapes; the tests validate real output against the JSON Schemas and load it in DuckDB
//! and Spark with the generated types, so the two cannot drift apart unnoticed.
//!
//! One type per column whatever a batch holds: a column that is null on every row of a batch
//! still loads as its own type, and an empty file loads as a table with every column.
//!
//! # Adding a column or an output file
//!
//! - A column: add a `col`/`opt` line to the file's function below, in the position the
//!   serde row type in `record.rs` writes it (keys are written in this order), and bless the
//!   schema goldens (`KEIKAKU_BLESS=1 cargo test --release --test schema_goldens`).
//! - An output file: add an entry to [`OUTPUTS`] with a function listing its columns, write
//!   its rows in `record::write`, and give `batch::ConvertedFile` a buffer for it (see
//!   `ConvertedFile::outputs`). Schemas, manifest, Parquet and the CLI pick it up from the list.

use crate::extract::account::NumberClass;

/// The type of a column or of a field nested in one.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    /// UTF-8 text.
    Text,
    /// UTF-8 text matching a regular expression (checked by the JSON Schema).
    Pattern(&'static str),
    /// One of a fixed set of strings (a JSON Schema `enum`).
    OneOf(&'static [&'static str]),
    /// Always this one string (the `type` tag of a file of one kind of row).
    Const(&'static str),
    /// A whole number, never negative.
    Count,
    /// A whole number (a fiscal year).
    Int,
    /// A floating-point number (always written with a fraction part).
    Float,
    Bool,
    /// An object with exactly these fields, in this order.
    Struct(Vec<Column>),
    /// An array whose elements (never null) have this type.
    List(Box<Type>),
}

/// One column of an output file, or one field of a nested object.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: &'static str,
    pub ty: Type,
    /// Whether the value may be `null` (the key is always present).
    pub nullable: bool,
    /// What the column holds; empty when its name says it all.
    pub doc: &'static str,
}

/// A column that always holds a value.
pub fn col(name: &'static str, ty: Type) -> Column {
    Column { name, ty, nullable: false, doc: "" }
}

/// A column that may be `null`.
pub fn opt(name: &'static str, ty: Type) -> Column {
    Column { name, ty, nullable: true, doc: "" }
}

impl Column {
    /// The same column with a doc.
    pub fn doc(mut self, doc: &'static str) -> Column {
        self.doc = doc;
        self
    }
}

fn list(ty: Type) -> Type {
    Type::List(Box::new(ty))
}

/// One output of keikaku: a JSON Lines file of `convert` (or the lines of `extract`).
#[derive(Debug, Clone, Copy)]
pub struct Output {
    /// Short name (`mentions`), as `keikaku schema` takes it.
    pub name: &'static str,
    /// File name in the output directory, without extension (`mentions` → `mentions.jsonl`).
    pub file: &'static str,
    /// Whether `convert` writes it (false for `extract`'s lines).
    pub converted: bool,
    pub description: &'static str,
    pub columns: fn() -> Vec<Column>,
}

impl Output {
    pub fn jsonl_name(&self) -> String {
        format!("{}.jsonl", self.file)
    }
    pub fn parquet_name(&self) -> String {
        format!("{}.parquet", self.file)
    }
    /// What the schema is titled: the file name, or the command for `extract`.
    pub fn title(&self) -> String {
        if self.converted {
            self.jsonl_name()
        } else {
            "keikaku extract".to_string()
        }
    }
}

/// Every output, the files of `convert` first in the order they are written.
pub const OUTPUTS: &[Output] = &[
    Output {
        name: "documents",
        file: "documents",
        converted: true,
        description: "One line per input file, failures included.",
        columns: documents,
    },
    Output {
        name: "records",
        file: "records",
        converted: true,
        description: "One line per initiative (plan), project/事業 (business plan), theme (action plan) or heading (every other document). The document's path, kind and office are in documents.jsonl (doc_id), the figures in mentions.jsonl (record_id); a section's text is its items' and cells' text.",
        columns: records,
    },
    Output {
        name: "mentions",
        file: "mentions",
        converted: true,
        description: "One line per extracted date, count, percentage or money amount: the fact table.",
        columns: mentions,
    },
    Output {
        name: "indicators",
        file: "indicators",
        converted: true,
        description: "One line per target figure a document states, with what was reached: its figures by mention_id (values repeated as numbers), the direction, attainment, status and how the pair was made.",
        columns: indicators,
    },
    Output {
        name: "tables",
        file: "tables",
        converted: true,
        description: "One line per table cell that holds text: the table (table_id, referred to by records), the row and column with their header paths, the text, and the value typed by where the cell stands (money with the caption's scale, a count with its unit column, a fiscal year in a 年度 column …), with the mention made from it.",
        columns: tables,
    },
    Output {
        name: "extract",
        file: "extract",
        converted: false,
        description: "One line per mention, exactly the fields of the extraction spec.",
        columns: spec_mention,
    },
];

/// The outputs `convert` writes, in order.
pub fn converted() -> impl Iterator<Item = &'static Output> {
    OUTPUTS.iter().filter(|o| o.converted)
}

/// The output called `name`.
pub fn output(name: &str) -> Option<&'static Output> {
    OUTPUTS.iter().find(|o| o.name == name)
}

// ---------------------------------------------------------------------------------------
// Shared shapes
// ---------------------------------------------------------------------------------------

/// A position in the source: bytes, code points and line:col.
fn source_span() -> Type {
    Type::Struct(vec![
        col("start_byte", Type::Count),
        col("end_byte", Type::Count),
        col("start_char", Type::Count),
        col("end_char", Type::Count),
        col("line", Type::Count),
        col("col", Type::Count),
    ])
}
pub const SOURCE_SPAN_DOC: &str = "Position in the source file: byte offsets into the file as given, code-point offsets into the decoded text, 1-based line, 0-based col in code points. Half-open.";

/// The short span of a record's parts: code points and line.
fn text_span() -> Type {
    Type::Struct(vec![col("start_char", Type::Count), col("end_char", Type::Count), col("line", Type::Count)])
}
pub const TEXT_SPAN_DOC: &str =
    "Position in the decoded source text: code-point offsets (half-open) and the 1-based line.";

/// An item's span: code points only.
fn char_span() -> Type {
    Type::Struct(vec![col("start_char", Type::Count), col("end_char", Type::Count)])
}
pub const CHAR_SPAN_DOC: &str = "Position in the decoded source text: code-point offsets, half-open.";

pub const MENTION_KINDS: &[&str] = crate::extract::MentionKind::NAMES;
pub const QUALIFIERS: &[&str] = crate::extract::Qualifier::NAMES;
pub const DOCUMENT_STATUSES: &[&str] = crate::record::DocStatus::NAMES;
pub const ENCODINGS: &[&str] = crate::decode::SourceEncoding::NAMES;
pub const DOCUMENT_KINDS: &[&str] = crate::segment::DocumentKind::NAMES;
pub const RECORD_TYPES: &[&str] = crate::segment::UnitKind::NAMES;
pub const ITEM_KINDS: &[&str] = crate::segment::ItemKind::NAMES;
pub const SPEAKER_ROLES: &[&str] = crate::segment::SpeakerRole::NAMES;
pub const CUE_PLACES: &[&str] = crate::segment::kind::Place::NAMES;
pub const TABLE_SHAPES: &[&str] = crate::layout::TableShape::NAMES;
/// `header` and every [`crate::extract::CellKind`] (a test checks they agree).
pub const CELL_KINDS: &[&str] =
    &["header", "money", "count", "percent", "fiscal_year", "date", "number", "empty", "text"];
pub const TARGET_KINDS: &[&str] = crate::indicators::ValueKind::NAMES;
pub const VALUE_SOURCES: &[&str] = &crate::indicators::ValueSource::ALL;
pub const RATE_FORMULAS: &[&str] = crate::indicators::Formula::NAMES;
pub const DIRECTIONS: &[&str] = crate::indicators::Direction::NAMES;
pub const INDICATOR_STATUSES: &[&str] = crate::indicators::Status::NAMES;
pub const INDICATOR_RULES: &[&str] = crate::indicators::Rule::NAMES;

/// A `date` value: a day, month, year or fiscal year, X for unknown digits, or an interval.
const DATE_PATTERN: &str = "^(\\.\\.|FY[0-9X]{4}|[0-9X]{4}(-[0-9]{2}(-[0-9]{2})?)?)(/(\\.\\.|FY[0-9X]{4}|[0-9X]{4}(-[0-9]{2}(-[0-9]{2})?)?))?$";
const DAY_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

// ---------------------------------------------------------------------------------------
// The files
// ---------------------------------------------------------------------------------------

fn documents() -> Vec<Column> {
    vec![
        col("type", Type::Const("document")),
        col("schema_version", Type::Count),
        col("doc_id", Type::Text).doc("From the path as given and the file's SHA-256."),
        col("path", Type::Text).doc("The input path as given."),
        col("status", Type::OneOf(DOCUMENT_STATUSES)),
        opt("error", Type::Text).doc("Why the file failed or was skipped, and what to do."),
        opt("sha256", Type::Pattern("^[0-9a-f]{64}$")),
        col("bytes", Type::Count),
        opt("encoding", Type::OneOf(ENCODINGS)),
        col("had_bom", Type::Bool),
        col("decode_errors", Type::Count),
        opt("kind", Type::OneOf(DOCUMENT_KINDS)),
        opt("kind_confidence", Type::Float)
            .doc("How far the kind is ahead of the runner-up, as a share of its points: 1 when a seed's shape decided it, 0 for unknown."),
        col("evidence", list(Type::Text)).doc("The cues the kind was decided on: a summary line, then one line per cue (kind, weight, place, rule: what it saw)."),
        col(
            "kind_cues",
            list(Type::Struct(vec![
                col("rule", Type::Text).doc("The rule of the kind table that fired."),
                col("kind", Type::OneOf(DOCUMENT_KINDS)).doc("The kind it speaks for."),
                col("place", Type::OneOf(CUE_PLACES)).doc("Where it counts."),
                col("weight", Type::Int).doc("Its points."),
                col("detail", Type::Text).doc("What it saw."),
            ])),
        )
        .doc("The cues of `evidence`, typed: one per rule that fired."),
        opt("department", Type::Text),
        opt("title", Type::Text),
        opt("fiscal_year", Type::Int),
        col("lines", Type::Count),
        col("records", Type::Count),
        col("mentions", Type::Count),
        col("indicators", Type::Count),
        col("tables", Type::Count),
        col("numbers", number_classes()).doc(
            "Every number of the text (each run of digits, and each kanji numeral before a counter) counted by what it \
             turned out to be: part of a mention of a kind, a table cell, a named non-figure (phone, postal, page, \
             article, section, time, duration, age, grade, measure, per_unit, id …) or unaccounted (read past with no \
             reason keikaku can name). `keikaku audit` lists the shapes of the unaccounted ones.",
        ),
    ]
}

/// One count per class of number, every class a key.
fn number_classes() -> Type {
    Type::Struct(NumberClass::NAMES.iter().map(|&name| col(name, Type::Count)).collect())
}

fn item() -> Type {
    Type::Struct(vec![
        col("kind", Type::OneOf(ITEM_KINDS)),
        opt("marker", Type::Text),
        opt("parent", Type::Count).doc("The item it is nested under (index into the section's items)."),
        col("text", Type::Text),
        col("span", char_span()).doc(CHAR_SPAN_DOC),
    ])
}

fn table() -> Type {
    Type::Struct(vec![
        col("table", Type::Count).doc(
            "The table's index in its document: its cells are the lines of tables.jsonl with this doc_id and table.",
        ),
        col("span", text_span()).doc(TEXT_SPAN_DOC),
        col("shape", Type::OneOf(TABLE_SHAPES)),
        col("header_rows", Type::Count),
        opt("caption_unit", Type::Text),
    ])
}

fn tables() -> Vec<Column> {
    vec![
        col("type", Type::Const("cell")),
        col("doc_id", Type::Text),
        col("table", Type::Count).doc("The table's index in its document; records name their tables by it (sections[].tables[].table), with its shape and header rows."),
        col("row", Type::Count).doc("From 0; header rows first."),
        col("col", Type::Count).doc("From 0; the row labels' column first."),
        col("row_path", list(Type::Text)).doc("The row's label with the labels of the groups above it, outermost first."),
        col("col_path", list(Type::Text)).doc("The column's header path, outermost first (a year over 計画 / 実績)."),
        opt("text", Type::Text).doc("The cell's text; null when its content is a list of the section's items."),
        col("items", list(Type::Count)).doc("The section's items listed in the cell."),
        col("kind", Type::OneOf(CELL_KINDS)).doc("header, or what the cell holds, typed by where it stands."),
        opt("value", Type::Float).doc("Yen for money; the figure for counts, percentages and numbers; a fiscal year's year."),
        opt("unit", Type::Text),
        opt("mention_id", Type::Text).doc("The mention read in or made from the cell (a date's value is there)."),
        col("span", text_span()).doc(TEXT_SPAN_DOC),
    ]
}

fn records() -> Vec<Column> {
    vec![
        col("type", Type::OneOf(RECORD_TYPES)),
        col("schema_version", Type::Count),
        col("id", Type::Text),
        col("doc_id", Type::Text),
        col("index", Type::Count).doc("Position of the record in its document, from 0."),
        col("source", Type::Struct(vec![col("path", Type::Text)])),
        opt("theme", Type::Text),
        col("title", Type::Text),
        opt("title_span", text_span()).doc(TEXT_SPAN_DOC),
        opt("number_span", text_span()).doc(TEXT_SPAN_DOC),
        opt("level", Type::Count).doc("Outline records: the heading's level (0 for the document's title)."),
        col("heading_path", list(Type::Text)).doc("Outline records: the titles of the headings above."),
        opt("heading_rule", Type::Text).doc(
            "Outline records: the rule of the heading model that made the title a heading and its scheme (numbered:paren-arabic, title-line:label, run-in:bracket:【】 …).",
        ),
        opt("fiscal_year", Type::Int),
        opt("as_of", Type::Text),
        col(
            "sections",
            list(Type::Struct(vec![
                col("name", Type::Text),
                opt("heading", Type::Text),
                opt("heading_span", text_span()).doc(TEXT_SPAN_DOC),
                col("items", list(item())),
                col(
                    "turns",
                    list(Type::Struct(vec![
                        col("item", Type::Count),
                        col("speaker", Type::Text),
                        col("role", Type::OneOf(SPEAKER_ROLES)),
                        opt("reply_to", Type::Count),
                    ])),
                )
                .doc("Minutes: the speaker turns among the items."),
                col("tables", list(table())),
                col("layout", list(text_span())).doc("Cells that are layout, not content."),
            ])),
        ),
        col(
            "objectives",
            list(Type::Struct(vec![
                opt("plan_item", Type::Count),
                col("targets", list(Type::Count)),
                col("progress", list(Type::Count)),
                col("indicators", list(Type::Text))
                    .doc("The indicator_id of each indicator whose target the objective holds."),
            ])),
        ),
        col("fields", list(Type::Struct(vec![col("name", Type::Text), col("value", Type::Text)]))),
    ]
}

/// The spec's mention fields, in order: `keikaku extract`'s lines.
fn spec_mention() -> Vec<Column> {
    vec![
        col("kind", Type::OneOf(MENTION_KINDS)),
        col("surface", Type::Text),
        opt("value", Type::Float),
        opt("value_max", Type::Float),
        opt("unit", Type::Text),
        opt("date", Type::Pattern(DATE_PATTERN)),
        opt("date_start", Type::Pattern(DAY_PATTERN)),
        opt("date_end", Type::Pattern(DAY_PATTERN)),
        opt("qualifier", Type::OneOf(QUALIFIERS)),
        col("approx", Type::Bool),
        opt("role", Type::OneOf(crate::extract::MentionRole::NAMES)),
        opt("per", Type::Text),
        opt("subject", Type::Text),
        col("rule", Type::Text),
        col("span", source_span()).doc(SOURCE_SPAN_DOC),
    ]
}

fn mentions() -> Vec<Column> {
    let mut columns = vec![
        col("type", Type::Const("mention")),
        col("mention_id", Type::Text),
        opt("record_id", Type::Text),
        col("doc_id", Type::Text),
        opt("section", Type::Text),
        opt("item_index", Type::Count),
    ];
    columns.extend(spec_mention());
    columns
}

fn indicators() -> Vec<Column> {
    vec![
        col("type", Type::Const("indicator")),
        col("schema_version", Type::Count),
        col("indicator_id", Type::Text),
        col("doc_id", Type::Text),
        col("record_id", Type::Text),
        opt("department", Type::Text),
        opt("fiscal_year", Type::Int),
        opt("objective", Type::Count)
            .doc("Plan records: the objective (index into the record's objectives) holding the target."),
        col("name", Type::Text),
        col("target_value", Type::Float)
            .doc("The target as written: 万/億 resolved, an accounting unit (千円, 百万円) kept in target_unit."),
        opt("target_value_max", Type::Float),
        opt("target_unit", Type::Text),
        col("target_kind", Type::OneOf(TARGET_KINDS)),
        opt("target_qualifier", Type::OneOf(QUALIFIERS)),
        col("target_source", Type::OneOf(VALUE_SOURCES)).doc(VALUE_SOURCE_DOC),
        opt("target_mention_id", Type::Text),
        opt("target_cell", cell_ref()).doc(CELL_REF_DOC),
        opt("target_yen", Type::Float).doc("Money: the target in yen."),
        opt("deadline", Type::Text),
        opt("deadline_mention_id", Type::Text),
        opt("baseline_value", Type::Float),
        opt("baseline_unit", Type::Text),
        opt("baseline_label", Type::Text),
        opt("baseline_source", Type::OneOf(VALUE_SOURCES)).doc(VALUE_SOURCE_DOC),
        opt("baseline_mention_id", Type::Text),
        opt("baseline_cell", cell_ref()),
        opt("actual_value", Type::Float).doc("The result as written, in the target's terms (see target_value); null when none was found."),
        opt("actual_unit", Type::Text),
        opt("actual_source", Type::OneOf(VALUE_SOURCES)).doc(VALUE_SOURCE_DOC),
        col("actual_mention_ids", list(Type::Text)),
        opt("actual_cell", cell_ref()),
        opt("actual_yen", Type::Float),
        opt("actual_as_of", Type::Text),
        col("direction", Type::OneOf(DIRECTIONS)),
        opt("attainment", Type::Float),
        opt("stated_rate", Type::Float).doc("The attainment rate (percent) the document states."),
        opt("stated_rate_mention_id", Type::Text),
        opt("stated_rate_cell", cell_ref()),
        opt("computed_rate", Type::Float).doc("The rate (percent) computed from the pair by rate_formula."),
        opt("rate_formula", Type::OneOf(RATE_FORMULAS))
            .doc("How computed_rate was computed: actual/target, or for less-is-better targets target/actual or 1+(target-actual)/target, whichever the stated rate agrees with."),
        opt("rate_agrees", Type::Bool).doc("Whether the stated rate is the computed one, to its precision."),
        col("status", Type::OneOf(INDICATOR_STATUSES)),
        col("rule", Type::OneOf(INDICATOR_RULES))
            .doc("The rule that paired target and result: one file of src/indicators/rules/ (plan sections, table columns or rows, labelled values, prose, arrows, runs of a flattened table, difference rows, a stated goal)."),
        col("evidence", list(Type::Text)).doc("Why the pair was made: the headers, labels or words that say which figure is which, and their lines."),
        col("span", text_span()).doc(TEXT_SPAN_DOC),
    ]
}

/// Where a value was read.
const VALUE_SOURCE_DOC: &str = "Where the value was read: a mention (mentions.jsonl), a table cell (tables.jsonl), or the text (a measurement such as 550グラム, or a side of actual/target).";
const CELL_REF_DOC: &str = "The table cell the value was read in: join tables.jsonl on doc_id, table, row, col.";

/// A cell of `tables.jsonl`.
fn cell_ref() -> Type {
    Type::Struct(vec![col("table", Type::Count), col("row", Type::Count), col("col", Type::Count)])
}

// ---------------------------------------------------------------------------------------
// Generated forms
// ---------------------------------------------------------------------------------------

/// The DuckDB type of a column (`read_json(…, columns = {…})`).
pub fn duckdb_type(ty: &Type) -> String {
    match ty {
        Type::Text | Type::Pattern(_) | Type::OneOf(_) | Type::Const(_) => "VARCHAR".into(),
        Type::Count | Type::Int => "BIGINT".into(),
        Type::Float => "DOUBLE".into(),
        Type::Bool => "BOOLEAN".into(),
        Type::Struct(fields) => format!(
            "STRUCT({})",
            fields
                .iter()
                .map(|f| format!("{} {}", duckdb_ident(f.name), duckdb_type(&f.ty)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Type::List(elem) => format!("{}[]", duckdb_type(elem)),
    }
}

/// A field name inside a DuckDB STRUCT(…) type, quoted when it is a keyword DuckDB reserves.
fn duckdb_ident(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !DUCKDB_RESERVED.contains(&name)
    {
        name.to_string()
    } else {
        format!("\"{name}\"")
    }
}

const DUCKDB_RESERVED: &[&str] = &["type", "index", "order", "level", "table", "group", "from", "select", "end", "col"];

/// The DuckDB `columns` argument of `read_json` for an output: a struct literal mapping each
/// column to its type, to paste into SQL.
pub fn duckdb_columns(output: &Output) -> String {
    let columns = (output.columns)();
    let parts: Vec<String> =
        columns.iter().map(|c| format!("'{}': '{}'", c.name, duckdb_type(&c.ty).replace('\'', "''"))).collect();
    format!("{{{}}}", parts.join(", "))
}

/// The Spark SQL type of a column, in DDL form (`ARRAY<STRUCT<…>>`).
pub fn spark_type(ty: &Type) -> String {
    match ty {
        Type::Text | Type::Pattern(_) | Type::OneOf(_) | Type::Const(_) => "STRING".into(),
        Type::Count | Type::Int => "BIGINT".into(),
        Type::Float => "DOUBLE".into(),
        Type::Bool => "BOOLEAN".into(),
        Type::Struct(fields) => format!(
            "STRUCT<{}>",
            fields.iter().map(|f| format!("`{}`: {}", f.name, spark_type(&f.ty))).collect::<Vec<_>>().join(", ")
        ),
        Type::List(elem) => format!("ARRAY<{}>", spark_type(elem)),
    }
}

/// The Spark schema of an output as a DDL string, for `spark.read.schema(…)`.
pub fn spark_ddl(output: &Output) -> String {
    (output.columns)().iter().map(|c| format!("`{}` {}", c.name, spark_type(&c.ty))).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_kinds_are_header_and_the_typed_kinds() {
        assert_eq!(CELL_KINDS[0], "header");
        assert_eq!(&CELL_KINDS[1..], crate::extract::CellKind::NAMES);
    }

    #[test]
    fn every_wire_name_is_what_serde_writes() {
        // The names the schemas list are the names serde writes (a rename_all derive once
        // wrote `boxes` where as_str said `box`).
        for &shape in crate::layout::TableShape::ALL {
            assert_eq!(serde_json::to_value(shape).unwrap(), shape.as_str());
        }
        for &kind in crate::segment::ItemKind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
        assert_eq!(TABLE_SHAPES[3], "box");
    }

    #[test]
    fn names_are_unique_and_every_file_is_listed_once() {
        let mut names: Vec<&str> = OUTPUTS.iter().map(|o| o.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), OUTPUTS.len());
        fn unique(columns: &[Column], at: &str) {
            let mut seen = std::collections::HashSet::new();
            for c in columns {
                assert!(seen.insert(c.name), "{at}: {} twice", c.name);
                let mut ty = &c.ty;
                while let Type::List(e) = ty {
                    ty = e;
                }
                if let Type::Struct(fields) = ty {
                    unique(fields, &format!("{at}.{}", c.name));
                }
            }
        }
        for o in OUTPUTS {
            unique(&(o.columns)(), o.name);
        }
    }

    #[test]
    fn duckdb_and_spark_types_of_nested_columns() {
        let ty = Type::Struct(vec![col("type", Type::Text), col("n", list(Type::Count))]);
        assert_eq!(duckdb_type(&ty), "STRUCT(\"type\" VARCHAR, n BIGINT[])");
        assert_eq!(spark_type(&ty), "STRUCT<`type`: STRING, `n`: ARRAY<BIGINT>>");
        assert_eq!(duckdb_type(&list(list(Type::Float))), "DOUBLE[][]");
    }
}
