//! JSON Schemas (draft 2020-12) of every line keikaku writes; `keikaku schema` prints them.
//!
//! They are generated from the column lists of [`crate::columns`], the one description of the
//! output shapes (the DuckDB, Spark and Parquet schemas come from the same lists). The tests
//! validate real output of the seeds against them and pin them in golden files
//! (`fixtures/schema/`), so a change of shape shows as a diff. Every property is `required`
//! (keys are never absent) and `additionalProperties` is false; enumerated strings are
//! `enum`s; counts are integers of at least 0.

use serde_json::{json, Map, Value};

use crate::columns::{Column, Output, Type};
use crate::record::SCHEMA_VERSION;

/// The JSON Schema of a value of type `ty`.
fn type_schema(ty: &Type, nullable: bool) -> Value {
    let scalar = |t: &str| if nullable { json!({ "type": [t, "null"] }) } else { json!({ "type": t }) };
    let base = match ty {
        Type::Text => return scalar("string"),
        Type::Pattern(p) => {
            let mut v = scalar("string");
            v["pattern"] = json!(p);
            return v;
        }
        Type::OneOf(values) => {
            let mut v: Vec<Value> = values.iter().map(|s| json!(s)).collect();
            if nullable {
                v.push(Value::Null);
            }
            return json!({ "enum": v });
        }
        Type::Const(c) => return json!({ "const": c }),
        Type::Count if !nullable => return json!({ "type": "integer", "minimum": 0 }),
        Type::Count | Type::Int => return scalar("integer"),
        Type::Float => return scalar("number"),
        Type::Bool => return scalar("boolean"),
        Type::Struct(fields) => object(fields),
        Type::List(elem) => json!({ "type": "array", "items": type_schema(elem, false) }),
    };
    if nullable {
        json!({ "anyOf": [base, { "type": "null" }] })
    } else {
        base
    }
}

/// An object schema whose fields are all required and the only ones allowed.
fn object(fields: &[Column]) -> Value {
    let mut props = Map::new();
    for f in fields {
        let mut v = type_schema(&f.ty, f.nullable);
        if !f.doc.is_empty() {
            v["description"] = json!(f.doc);
        }
        props.insert(f.name.to_string(), v);
    }
    let required: Vec<Value> = fields.iter().map(|f| json!(f.name)).collect();
    json!({ "type": "object", "properties": props, "required": required, "additionalProperties": false })
}

/// The schema of one output.
pub fn schema(output: &Output) -> Value {
    let title = output.title();
    let mut out = Map::new();
    out.insert("$schema".into(), json!("https://json-schema.org/draft/2020-12/schema"));
    let slug: String = title.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '-' }).collect();
    out.insert("$id".into(), json!(format!("urn:keikaku:schema:{slug}:v{SCHEMA_VERSION}")));
    out.insert("title".into(), json!(title));
    out.insert("description".into(), json!(output.description));
    let Value::Object(body) = object(&(output.columns)()) else { unreachable!("object() builds an object") };
    out.extend(body);
    Value::Object(out)
}
