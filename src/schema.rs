//! JSON Schemas (draft 2020-12) of every line keikaku writes; `keikaku schema` prints them.
//!
//! They are written out by hand, next to nothing else, so that they read as documentation;
//! the tests validate real output of the seeds against them, so they cannot drift from the
//! row types in [`crate::record`] unnoticed. Every property is `required` (keys are never
//! absent) and `additionalProperties` is false.

use serde_json::{json, Map, Value};

use crate::record::SCHEMA_VERSION;

/// Which output a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaName {
    /// documents.jsonl
    Documents,
    /// records.jsonl
    Records,
    /// mentions.jsonl
    Mentions,
    /// indicators.jsonl
    Indicators,
    /// `keikaku extract` output lines
    Extract,
}

impl SchemaName {
    pub const ALL: [SchemaName; 5] =
        [SchemaName::Documents, SchemaName::Records, SchemaName::Mentions, SchemaName::Indicators, SchemaName::Extract];

    pub fn file_name(self) -> &'static str {
        match self {
            SchemaName::Documents => "documents.jsonl",
            SchemaName::Records => "records.jsonl",
            SchemaName::Mentions => "mentions.jsonl",
            SchemaName::Indicators => "indicators.jsonl",
            SchemaName::Extract => "keikaku extract",
        }
    }
}

/// An object schema whose listed properties are all required and the only ones allowed.
fn object(properties: Vec<(&str, Value)>) -> Value {
    let required: Vec<Value> = properties.iter().map(|(k, _)| Value::String((*k).to_string())).collect();
    let mut props = Map::new();
    for (k, v) in properties {
        props.insert(k.to_string(), v);
    }
    json!({ "type": "object", "properties": props, "required": required, "additionalProperties": false })
}

fn string() -> Value {
    json!({ "type": "string" })
}
fn nullable(t: &str) -> Value {
    json!({ "type": [t, "null"] })
}
fn integer() -> Value {
    json!({ "type": "integer", "minimum": 0 })
}
fn array(items: Value) -> Value {
    json!({ "type": "array", "items": items })
}
fn constant(v: &str) -> Value {
    json!({ "const": v })
}
fn one_of(values: &[&str]) -> Value {
    json!({ "enum": values })
}
fn nullable_one_of(values: &[&str]) -> Value {
    let mut v: Vec<Value> = values.iter().map(|s| json!(s)).collect();
    v.push(Value::Null);
    json!({ "enum": v })
}

fn span() -> Value {
    let mut s = object(vec![
        ("start_byte", integer()),
        ("end_byte", integer()),
        ("start_char", integer()),
        ("end_char", integer()),
        ("line", integer()),
        ("col", integer()),
    ]);
    s["description"] = json!("Position in the source file: byte offsets into the file as given, code-point offsets into the decoded text, 1-based line, 0-based col in code points. Half-open.");
    s
}

/// The short span of a record's parts: code points and line.
fn text_span() -> Value {
    let mut s = object(vec![("start_char", integer()), ("end_char", integer()), ("line", integer())]);
    s["description"] =
        json!("Position in the decoded source text: code-point offsets (half-open) and the 1-based line.");
    s
}

/// An item's span: code points only (its line is found from its offsets).
fn char_span() -> Value {
    let mut s = object(vec![("start_char", integer()), ("end_char", integer())]);
    s["description"] = json!("Position in the decoded source text: code-point offsets, half-open.");
    s
}

fn nullable_text_span() -> Value {
    json!({ "anyOf": [text_span(), { "type": "null" }] })
}

const KINDS: &[&str] = &["date", "count", "percent", "money"];
const QUALIFIERS: &[&str] = &["約", "以上", "以下", "未満", "超"];

/// The spec's mention fields, in order.
fn spec_mention_fields() -> Vec<(&'static str, Value)> {
    vec![
        ("kind", one_of(KINDS)),
        ("surface", string()),
        ("value", nullable("number")),
        ("value_max", nullable("number")),
        ("unit", nullable("string")),
        (
            "date",
            json!({ "type": ["string", "null"], "pattern": "^(\\.\\.|FY[0-9X]{4}|[0-9X]{4}(-[0-9]{2}(-[0-9]{2})?)?)(/(\\.\\.|FY[0-9X]{4}|[0-9X]{4}(-[0-9]{2}(-[0-9]{2})?)?))?$" }),
        ),
        ("date_start", json!({ "type": ["string", "null"], "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" })),
        ("date_end", json!({ "type": ["string", "null"], "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" })),
        ("qualifier", nullable_one_of(QUALIFIERS)),
        ("approx", json!({ "type": "boolean" })),
        ("role", nullable_one_of(&["as_of"])),
        ("per", nullable("string")),
        ("subject", nullable("string")),
        ("rule", string()),
        ("span", span()),
    ]
}

fn mention_row() -> Value {
    let mut fields = vec![
        ("type", constant("mention")),
        ("mention_id", string()),
        ("record_id", nullable("string")),
        ("doc_id", string()),
        ("section", nullable("string")),
        ("item_index", nullable("integer")),
    ];
    fields.extend(spec_mention_fields());
    object(fields)
}

/// The kinds a document can be.
const DOCUMENT_KINDS: &[&str] = &["plan", "minutes", "business_plan", "action_plan", "evaluation", "budget", "unknown"];

fn item() -> Value {
    object(vec![
        (
            "kind",
            one_of(&[
                "objective",
                "action",
                "detail",
                "indicator",
                "qualitative_targets",
                "numeric_targets",
                "result",
                "note",
                "label",
                "direction",
                "question",
                "answer",
                "text",
                "speech",
            ]),
        ),
        ("marker", nullable("string")),
        ("parent", nullable("integer")),
        ("text", string()),
        ("span", char_span()),
    ])
}

fn table() -> Value {
    object(vec![
        ("span", text_span()),
        ("shape", one_of(&["tsv", "cell_blocks", "pipes", "box", "spaces"])),
        ("header_rows", integer()),
        ("caption_unit", nullable("string")),
        ("rows", array(array(object(vec![("text", nullable("string")), ("items", array(integer()))])))),
    ])
}

fn with_header(title: &str, description: &str, mut schema: Value) -> Value {
    let obj = schema.as_object_mut().expect("object schema");
    let mut out = Map::new();
    out.insert("$schema".into(), json!("https://json-schema.org/draft/2020-12/schema"));
    let slug: String = title.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '-' }).collect();
    out.insert("$id".into(), json!(format!("urn:keikaku:schema:{slug}:v{SCHEMA_VERSION}")));
    out.insert("title".into(), json!(title));
    out.insert("description".into(), json!(description));
    for (k, v) in std::mem::take(obj) {
        out.insert(k, v);
    }
    Value::Object(out)
}

/// The schema of one output.
pub fn schema(name: SchemaName) -> Value {
    match name {
        SchemaName::Documents => with_header(
            "documents.jsonl",
            "One line per input file, failures included.",
            object(vec![
                ("type", constant("document")),
                ("schema_version", integer()),
                ("doc_id", string()),
                ("path", string()),
                ("status", one_of(&["ok", "error", "skipped_binary", "empty"])),
                ("error", nullable("string")),
                ("sha256", json!({ "type": ["string", "null"], "pattern": "^[0-9a-f]{64}$" })),
                ("bytes", integer()),
                ("encoding", nullable_one_of(&["UTF-8", "UTF-16LE", "UTF-16BE", "Shift_JIS", "EUC-JP"])),
                ("had_bom", json!({ "type": "boolean" })),
                ("decode_errors", integer()),
                ("kind", nullable_one_of(DOCUMENT_KINDS)),
                ("evidence", array(string())),
                ("department", nullable("string")),
                ("title", nullable("string")),
                ("fiscal_year", nullable("integer")),
                ("lines", integer()),
                ("records", integer()),
                ("mentions", integer()),
                ("indicators", integer()),
            ]),
        ),
        SchemaName::Records => with_header(
            "records.jsonl",
            "One line per initiative (plan), project/事業 (business plan), theme (action plan) or heading (every other document). The document's path, kind and office are in documents.jsonl (doc_id), the figures in mentions.jsonl (record_id); a section's text is its items' and cells' text.",
            object(vec![
                ("type", one_of(&["initiative", "project", "theme", "section"])),
                ("schema_version", integer()),
                ("id", string()),
                ("doc_id", string()),
                ("index", integer()),
                ("source", object(vec![("path", string())])),
                ("theme", nullable("string")),
                ("title", string()),
                ("title_span", nullable_text_span()),
                ("number_span", nullable_text_span()),
                ("level", nullable("integer")),
                ("heading_path", array(string())),
                ("fiscal_year", nullable("integer")),
                ("as_of", nullable("string")),
                ("sections", array(object(vec![
                    ("name", string()),
                    ("heading", nullable("string")),
                    ("heading_span", nullable_text_span()),
                    ("items", array(item())),
                    ("turns", array(object(vec![
                        ("item", integer()),
                        ("speaker", string()),
                        ("role", one_of(&["chair", "member", "secretariat", "other"])),
                        ("reply_to", nullable("integer")),
                    ]))),
                    ("tables", array(table())),
                    ("layout", array(text_span())),
                ]))),
                ("objectives", array(object(vec![
                    ("plan_item", nullable("integer")),
                    ("targets", array(integer())),
                    ("progress", array(integer())),
                ]))),
                ("fields", array(object(vec![("name", string()), ("value", string())]))),
            ]),
        ),
        SchemaName::Mentions => with_header(
            "mentions.jsonl",
            "One line per extracted date, count, percentage or money amount: the fact table.",
            mention_row(),
        ),
        SchemaName::Indicators => with_header(
            "indicators.jsonl",
            "One line per target figure a document states, with what was reached: its figures by mention_id (values repeated as numbers), the direction, attainment, status and how the pair was made.",
            object(vec![
                ("type", constant("indicator")),
                ("schema_version", integer()),
                ("indicator_id", string()),
                ("doc_id", string()),
                ("record_id", string()),
                ("department", nullable("string")),
                ("fiscal_year", nullable("integer")),
                ("name", string()),
                ("target_mention_id", string()),
                ("target_value", nullable("number")),
                ("target_value_max", nullable("number")),
                ("target_unit", nullable("string")),
                ("target_kind", one_of(&["count", "percent", "money"])),
                ("target_qualifier", nullable_one_of(QUALIFIERS)),
                ("deadline", nullable("string")),
                ("deadline_mention_id", nullable("string")),
                ("baseline_mention_id", nullable("string")),
                ("baseline_value", nullable("number")),
                ("baseline_unit", nullable("string")),
                ("baseline_label", nullable("string")),
                ("actual_mention_ids", array(string())),
                ("actual_value", nullable("number")),
                ("actual_unit", nullable("string")),
                ("actual_as_of", nullable("string")),
                ("direction", one_of(&["reach", "at_least", "above", "at_most", "below", "increase", "decrease"])),
                ("attainment", nullable("number")),
                ("stated_rate", nullable("number")),
                ("stated_rate_mention_id", nullable("string")),
                ("status", one_of(&["achieved", "not_achieved", "in_progress", "no_result", "not_comparable"])),
                ("rule", one_of(&["plan_progress", "table_columns", "table_rows", "labelled_values", "stated_goal"])),
                ("evidence", array(string())),
                ("span", text_span()),
            ]),
        ),
        SchemaName::Extract => with_header(
            "keikaku extract",
            "One line per mention, exactly the fields of the extraction spec.",
            object(spec_mention_fields()),
        ),
    }
}
