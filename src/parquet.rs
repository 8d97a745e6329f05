//! Parquet output (`convert --format parquet`): each JSON Lines file rewritten as a Parquet
//! file with the fixed schema of [`crate::columns`], so every batch has the same physical
//! types and two batches always union (DuckDB `read_parquet([…])`, Spark
//! `spark.read.parquet(a, b)`), even when a column is null on every row of one of them or a
//! file has no rows at all.
//!
//! Written with the `parquet` crate's column writers, without arrow: rows are read back from
//! the finished JSONL and shredded into definition and repetition levels here (the Dremel
//! encoding), by one walk over the column description. Lists are Parquet's three-level `LIST`
//! (`list` / `element`), structs are groups, text is `BYTE_ARRAY` `STRING`, counts and years
//! `INT64`, numbers `DOUBLE`. A column that is never null is `REQUIRED`.
//!
//! The bytes depend only on the JSONL bytes (row groups close every [`ROW_GROUP_ROWS`] rows
//! or [`ROW_GROUP_BYTES`] of buffered values), so the Parquet files are as deterministic as
//! the JSONL files, whatever the thread count.

use std::io::{self, BufRead, Write};
use std::sync::Arc;

use ::parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use ::parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int64Type};
use ::parquet::file::metadata::KeyValue;
use ::parquet::file::properties::WriterProperties;
use ::parquet::file::writer::SerializedFileWriter;
use ::parquet::schema::types::{Type as PqType, TypePtr};
use serde_json::Value;

use crate::columns::{Column, Output, Type};

/// Rows per row group at most.
pub const ROW_GROUP_ROWS: usize = 64 * 1024;
/// Buffered value bytes per row group at most (bounds memory on long records).
pub const ROW_GROUP_BYTES: usize = 64 << 20;

fn err(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

/// The Parquet schema of an output.
pub fn parquet_schema(output: &Output) -> TypePtr {
    let fields: Vec<TypePtr> = (output.columns)().iter().map(|c| Arc::new(field(c.name, &c.ty, c.nullable))).collect();
    Arc::new(PqType::group_type_builder("schema").with_fields(fields).build().expect("a valid message type"))
}

/// The Parquet message type of an output, as text (`keikaku schema --parquet`).
pub fn message_type(output: &Output) -> String {
    let mut out = Vec::new();
    ::parquet::schema::printer::print_schema(&mut out, &parquet_schema(output));
    String::from_utf8(out).expect("the schema prints as UTF-8").trim_end().to_string()
}

fn field(name: &str, ty: &Type, nullable: bool) -> PqType {
    let repetition = if nullable { Repetition::OPTIONAL } else { Repetition::REQUIRED };
    let primitive = |physical: Physical, logical: Option<LogicalType>| {
        PqType::primitive_type_builder(name, physical)
            .with_repetition(repetition)
            .with_logical_type(logical)
            .build()
            .expect("a valid primitive type")
    };
    match ty {
        Type::Text | Type::Pattern(_) | Type::OneOf(_) | Type::Const(_) => {
            primitive(Physical::BYTE_ARRAY, Some(LogicalType::String))
        }
        Type::Count | Type::Int => primitive(Physical::INT64, None),
        Type::Float => primitive(Physical::DOUBLE, None),
        Type::Bool => primitive(Physical::BOOLEAN, None),
        Type::Struct(fields) => PqType::group_type_builder(name)
            .with_repetition(repetition)
            .with_fields(fields.iter().map(|f| Arc::new(field(f.name, &f.ty, f.nullable))).collect())
            .build()
            .expect("a valid group"),
        Type::List(elem) => {
            let element = Arc::new(field("element", elem, false));
            let repeated = PqType::group_type_builder("list")
                .with_repetition(Repetition::REPEATED)
                .with_fields(vec![element])
                .build()
                .expect("a valid repeated group");
            PqType::group_type_builder(name)
                .with_repetition(repetition)
                .with_logical_type(Some(LogicalType::List))
                .with_fields(vec![Arc::new(repeated)])
                .build()
                .expect("a valid list")
        }
    }
}

/// The values of one leaf column of a row group, with their levels.
enum Values {
    Text(Vec<ByteArray>),
    Int(Vec<i64>),
    Float(Vec<f64>),
    Bool(Vec<bool>),
}

struct Leaf {
    values: Values,
    def: Vec<i16>,
    rep: Vec<i16>,
}

/// A column of the description with the number of leaf columns under it.
struct Node<'a> {
    name: &'a str,
    ty: &'a Type,
    nullable: bool,
    /// Leaves under this node (1 for a scalar).
    leaves: usize,
    children: Vec<Node<'a>>,
}

fn node<'a>(name: &'a str, ty: &'a Type, nullable: bool) -> Node<'a> {
    let children: Vec<Node> = match ty {
        Type::Struct(fields) => fields.iter().map(|f| node(f.name, &f.ty, f.nullable)).collect(),
        Type::List(elem) => vec![node("element", elem, false)],
        _ => Vec::new(),
    };
    let leaves = if children.is_empty() { 1 } else { children.iter().map(|c| c.leaves).sum() };
    Node { name, ty, nullable, leaves, children }
}

fn leaf_values(ty: &Type, out: &mut Vec<Leaf>) {
    let values = match ty {
        Type::Struct(fields) => return fields.iter().for_each(|f| leaf_values(&f.ty, out)),
        Type::List(elem) => return leaf_values(elem, out),
        Type::Text | Type::Pattern(_) | Type::OneOf(_) | Type::Const(_) => Values::Text(Vec::new()),
        Type::Count | Type::Int => Values::Int(Vec::new()),
        Type::Float => Values::Float(Vec::new()),
        Type::Bool => Values::Bool(Vec::new()),
    };
    out.push(Leaf { values, def: Vec::new(), rep: Vec::new() });
}

/// Shreds JSON rows into the leaf columns of one output.
struct Shredder<'a> {
    columns: Vec<Node<'a>>,
    leaves: Vec<Leaf>,
    rows: usize,
    bytes: usize,
}

impl<'a> Shredder<'a> {
    fn new(columns: &'a [Column]) -> Shredder<'a> {
        let mut leaves = Vec::new();
        for c in columns {
            leaf_values(&c.ty, &mut leaves);
        }
        Shredder {
            columns: columns.iter().map(|c| node(c.name, &c.ty, c.nullable)).collect(),
            leaves,
            rows: 0,
            bytes: 0,
        }
    }

    fn row(&mut self, row: &Value) -> Result<(), String> {
        let obj = row.as_object().ok_or("a line is not a JSON object")?;
        let mut at = 0;
        for c in &self.columns {
            let v = obj.get(c.name).ok_or_else(|| format!("column {} is missing", c.name))?;
            shred(c, Some(v), 0, 0, 0, &mut self.leaves, &mut at, &mut self.bytes)
                .map_err(|e| format!("{}{e}", c.name))?;
        }
        if obj.len() != self.columns.len() {
            let extra: Vec<&String> = obj.keys().filter(|k| !self.columns.iter().any(|c| c.name == *k)).collect();
            return Err(format!("keys not in the schema: {extra:?}"));
        }
        self.rows += 1;
        Ok(())
    }
}

/// Appends `value` (at a node whose ancestors give definition level `def` and repetition
/// level `rep`; `depth` is the number of repeated ancestors) to the leaves from `*at` on.
#[allow(clippy::too_many_arguments)]
fn shred(
    n: &Node,
    value: Option<&Value>,
    def: i16,
    rep: i16,
    depth: i16,
    leaves: &mut [Leaf],
    at: &mut usize,
    bytes: &mut usize,
) -> Result<(), String> {
    let value = value.filter(|v| !v.is_null());
    let Some(value) = value else {
        if !n.nullable {
            return Err(" is null but the schema says it never is".into());
        }
        null_leaves(n.leaves, def, rep, leaves, at);
        return Ok(());
    };
    let def = if n.nullable { def + 1 } else { def };
    match n.ty {
        Type::Struct(_) => {
            let obj = value.as_object().ok_or_else(|| format!(": expected an object, found {value}"))?;
            for child in &n.children {
                let v = obj.get(child.name).ok_or_else(|| format!(".{} is missing", child.name))?;
                shred(child, Some(v), def, rep, depth, leaves, at, bytes).map_err(|e| format!(".{}{e}", child.name))?;
            }
            if obj.len() != n.children.len() {
                return Err(format!(": keys not in the schema in {value}"));
            }
        }
        Type::List(_) => {
            let items = value.as_array().ok_or_else(|| format!(": expected an array, found {value}"))?;
            let element = &n.children[0];
            if items.is_empty() {
                null_leaves(n.leaves, def, rep, leaves, at);
                return Ok(());
            }
            let start = *at;
            for (i, item) in items.iter().enumerate() {
                *at = start;
                let item_rep = if i == 0 { rep } else { depth + 1 };
                shred(element, Some(item), def + 1, item_rep, depth + 1, leaves, at, bytes)
                    .map_err(|e| format!("[{i}]{e}"))?;
            }
        }
        _ => {
            let leaf = &mut leaves[*at];
            *at += 1;
            let mismatch = || format!(": expected {:?}, found {value}", n.ty);
            match &mut leaf.values {
                Values::Text(v) => {
                    let s = value.as_str().ok_or_else(mismatch)?;
                    *bytes += s.len() + 4;
                    v.push(ByteArray::from(s.as_bytes().to_vec()));
                }
                Values::Int(v) => {
                    v.push(value.as_i64().ok_or_else(mismatch)?);
                    *bytes += 8;
                }
                Values::Float(v) => {
                    v.push(value.as_f64().ok_or_else(mismatch)?);
                    *bytes += 8;
                }
                Values::Bool(v) => {
                    v.push(value.as_bool().ok_or_else(mismatch)?);
                    *bytes += 1;
                }
            }
            leaf.def.push(def);
            leaf.rep.push(rep);
        }
    }
    Ok(())
}

/// A null (or empty list) at a node: one level pair and no value on each of its leaves.
fn null_leaves(count: usize, def: i16, rep: i16, leaves: &mut [Leaf], at: &mut usize) {
    for leaf in &mut leaves[*at..*at + count] {
        leaf.def.push(def);
        leaf.rep.push(rep);
    }
    *at += count;
}

/// A writer that counts and hashes the bytes it passes on.
struct Counted<W: Write> {
    out: W,
    bytes: u64,
    hash: sha2::Sha256,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        sha2::Digest::update(&mut self.hash, &buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// What [`write()`] wrote: rows, bytes and the SHA-256 of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub rows: u64,
    pub bytes: u64,
    pub sha256: String,
}

/// Reads the JSON Lines of `output` from `jsonl` and writes them to `out` as Parquet. A line
/// that does not fit the schema is an error naming its line and column (a keikaku bug: the
/// row types and the column description disagree).
pub fn write<R: BufRead, W: Write + Send>(output: &Output, jsonl: R, out: W) -> io::Result<Written> {
    let columns = (output.columns)();
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_key_value_metadata(Some(vec![KeyValue::new(
            "keikaku.schema_version".to_string(),
            crate::record::SCHEMA_VERSION.to_string(),
        )]))
        .build();
    let counted = Counted { out, bytes: 0, hash: <sha2::Sha256 as sha2::Digest>::new() };
    let mut writer = SerializedFileWriter::new(counted, parquet_schema(output), Arc::new(props)).map_err(err)?;
    let mut shredder = Shredder::new(&columns);
    let mut rows = 0u64;
    for (n, line) in jsonl.split(b'\n').enumerate() {
        let line = line?;
        if line.is_empty() {
            continue;
        }
        let value: Value = serde_json::from_slice(&line)
            .map_err(|e| err(format!("{} line {}: not JSON: {e}", output.jsonl_name(), n + 1)))?;
        shredder.row(&value).map_err(|e| {
            err(format!("{} line {}: {e}; this is a keikaku bug, please report it", output.jsonl_name(), n + 1))
        })?;
        rows += 1;
        if shredder.rows >= ROW_GROUP_ROWS || shredder.bytes >= ROW_GROUP_BYTES {
            flush(&mut writer, &mut shredder)?;
        }
    }
    if shredder.rows > 0 {
        flush(&mut writer, &mut shredder)?;
    }
    let counted = writer.into_inner().map_err(err)?;
    Ok(Written { rows, bytes: counted.bytes, sha256: crate::record::hex(&sha2::Digest::finalize(counted.hash)) })
}

/// Writes the shredded rows as one row group and empties the buffers.
fn flush<W: Write + Send>(writer: &mut SerializedFileWriter<W>, shredder: &mut Shredder) -> io::Result<()> {
    let mut group = writer.next_row_group().map_err(err)?;
    let mut leaves = shredder.leaves.iter_mut();
    while let Some(mut column) = group.next_column().map_err(err)? {
        let leaf = leaves.next().expect("one leaf per Parquet column");
        let (def, rep) = (Some(&leaf.def[..]), Some(&leaf.rep[..]));
        match &mut leaf.values {
            Values::Text(v) => column.typed::<ByteArrayType>().write_batch(v, def, rep),
            Values::Int(v) => column.typed::<Int64Type>().write_batch(v, def, rep),
            Values::Float(v) => column.typed::<DoubleType>().write_batch(v, def, rep),
            Values::Bool(v) => column.typed::<BoolType>().write_batch(v, def, rep),
        }
        .map_err(err)?;
        column.close().map_err(err)?;
        match &mut leaf.values {
            Values::Text(v) => v.clear(),
            Values::Int(v) => v.clear(),
            Values::Float(v) => v.clear(),
            Values::Bool(v) => v.clear(),
        }
        leaf.def.clear();
        leaf.rep.clear();
    }
    group.close().map_err(err)?;
    shredder.rows = 0;
    shredder.bytes = 0;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::{col, opt};

    fn levels(columns: Vec<Column>, rows: &[&str]) -> Vec<(Vec<i16>, Vec<i16>)> {
        let mut s = Shredder::new(&columns);
        for r in rows {
            s.row(&serde_json::from_str(r).unwrap()).unwrap();
        }
        s.leaves.iter().map(|l| (l.def.clone(), l.rep.clone())).collect()
    }

    #[test]
    fn levels_of_a_nullable_struct_and_a_list_of_lists() {
        let columns = vec![
            opt("span", Type::Struct(vec![col("a", Type::Count)])),
            col("rows", Type::List(Box::new(Type::List(Box::new(Type::Text))))),
        ];
        let got = levels(
            columns,
            &[
                r#"{"span":null,"rows":[]}"#,
                r#"{"span":{"a":1},"rows":[["x","y"],[]]}"#,
                r#"{"span":{"a":2},"rows":[[],["z"]]}"#,
            ],
        );
        // span.a: null (def 0), then defined (def 1).
        assert_eq!(got[0], (vec![0, 1, 1], vec![0, 0, 0]));
        // rows.list.element.list.element: [] → def 0; [[x,y],[]] → x d2 r0, y d2 r2, [] d1 r1;
        // [[],[z]] → [] d1 r0, z d2 r1.
        assert_eq!(got[1], (vec![0, 2, 2, 1, 1, 2], vec![0, 0, 2, 1, 0, 1]));
    }

    #[test]
    fn a_row_that_does_not_fit_is_an_error_naming_the_column() {
        let columns = vec![col("n", Type::Count), col("s", Type::Struct(vec![col("t", Type::Text)]))];
        let mut s = Shredder::new(&columns);
        let e = s.row(&serde_json::from_str(r#"{"n":1,"s":{"t":3}}"#).unwrap()).unwrap_err();
        assert!(e.contains(".t") && e.contains("expected"), "{e}");
        let e = s.row(&serde_json::from_str(r#"{"n":null,"s":{"t":"x"}}"#).unwrap()).unwrap_err();
        assert!(e.contains("null"), "{e}");
    }

    #[test]
    fn an_empty_file_is_a_parquet_file_with_the_schema() {
        let output = crate::columns::output("indicators").unwrap();
        let mut bytes = Vec::new();
        let w = write(output, &b""[..], &mut bytes).unwrap();
        assert_eq!(w.rows, 0);
        assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
        assert_eq!(w.bytes, bytes.len() as u64);
    }
}
