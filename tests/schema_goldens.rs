//! The output shapes as a warehouse is told them, pinned: per output, its JSON Schema
//! (`fixtures/schema/NAME.schema.json`) and its DuckDB, Spark and Parquet schemas
//! (`fixtures/schema/NAME.columns.txt`), all generated from `src/columns.rs`. A change of
//! shape — a new column, a type, a nullability — shows here as a diff to read before blessing:
//! `KEIKAKU_BLESS=1 cargo test --release --test schema_goldens`.

mod common;

use common::*;
use keikaku::columns::{self, OUTPUTS};

const HEADER: &str = "\
# Golden file (tests/schema_goldens.rs): the DuckDB `columns` (keikaku schema --duckdb), the
# Spark DDL (--spark) and the Parquet message type (--parquet) of one output, generated from
# src/columns.rs. Bless after reading the diff:
#   KEIKAKU_BLESS=1 cargo test --release --test schema_goldens
";

#[test]
fn schemas_match_their_golden_files() {
    let mut goldens = Goldens::new("schema_goldens");
    for output in OUTPUTS {
        let mut json = serde_json::to_string_pretty(&keikaku::schema::schema(output)).unwrap();
        json.push('\n');
        goldens.check(&format!("fixtures/schema/{}.schema.json", output.name), "", &json);
        let forms = format!(
            "=== duckdb\n{}\n=== spark\n{}\n=== parquet\n{}\n",
            columns::duckdb_columns(output).replace("', '", "',\n '"),
            columns::spark_ddl(output).replace(", `", ",\n`"),
            keikaku::parquet::message_type(output)
        );
        goldens.check(&format!("fixtures/schema/{}.columns.txt", output.name), HEADER, &forms);
    }
    goldens.finish();
}
