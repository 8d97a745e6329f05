//! The warehouse contract: every line matches its JSON Schema, every key is on every line with
//! one JSON type, DuckDB loads the files, two batches of different content (one without a
//! single indicator) and an empty batch load as one table with the same types in DuckDB (JSONL
//! with `keikaku schema --duckdb`, and Parquet) and in Spark (JSONL with `keikaku schema
//! --spark`, and Parquet), the README's warehouse section runs as written, and the streaming
//! mode for Spark / Hadoop works through a subprocess with an empty environment.
//!
//! The tests that need DuckDB, Spark or a Java runtime are ignored when those are missing and
//! fail under CI (tests/common/harness.rs).

mod common;

use std::collections::BTreeMap;
use std::process::Stdio;

use common::harness::{self, DUCKDB_CLI, DUCKDB_PYTHON, JAVA, PYSPARK};
use common::*;
use keikaku::columns::output;
use keikaku::schema::schema;
use serde_json::Value;

fn converted_seeds() -> &'static tempfile::TempDir {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let (dir, out) = convert(&["seeds"], &[]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        dir
    })
}

fn validate(name: &str, rows: &[Value]) {
    let schema = schema(output(name).expect("a known output"));
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for row in rows {
        let errors: Vec<String> = validator.iter_errors(row).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}\n{row}");
    }
}

fn outputs_match_their_json_schemas() {
    let dir = converted_seeds().path();
    validate("documents", &read_jsonl(&dir.join("documents.jsonl")));
    validate("records", &read_jsonl(&dir.join("records.jsonl")));
    validate("mentions", &read_jsonl(&dir.join("mentions.jsonl")));
    let indicators = read_jsonl(&dir.join("indicators.jsonl"));
    assert!(!indicators.is_empty(), "the seeds state targets");
    validate("indicators", &indicators);
    let cells = read_jsonl(&dir.join("tables.jsonl"));
    assert!(!cells.is_empty(), "the seeds hold tables");
    validate("tables", &cells);
    let out = run(&["extract", SEED_001], b"");
    validate("extract", &jsonl(&out.stdout));
}

/// Every output of the fixture corpora (indicator cases, tables, layouts, structure cases)
/// matches its schema too: they hold shapes the seeds do not (qualified cells, flattened
/// tables, minutes, reports), whose values must still be ones the schemas list.
fn fixture_outputs_match_their_json_schemas() {
    let corpora = ["fixtures/indicators/cases", "fixtures/tables", "fixtures/layout", "fixtures/structure/cases"];
    let (dir, out) = convert(&corpora, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let mut indicators = 0;
    for name in converted_outputs() {
        let rows = read_jsonl(&dir.path().join(format!("{name}.jsonl")));
        if name == "indicators" {
            indicators = rows.len();
        }
        validate(name, &rows);
    }
    assert!(indicators >= 100, "the cases state targets ({indicators} indicators)");
}

fn schema_rejects_a_missing_key() {
    // The validation above can fail: drop a key from a real row and it must.
    let dir = converted_seeds().path();
    let mut row = read_jsonl(&dir.join("documents.jsonl")).remove(0);
    row.as_object_mut().unwrap().remove("encoding");
    let schema = schema(output("documents").unwrap());
    assert!(!jsonschema::validator_for(&schema).unwrap().is_valid(&row));
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Walks rows and records, per key path, the set of non-null types and whether it was seen.
fn key_types(rows: &[Value]) -> BTreeMap<String, std::collections::BTreeSet<&'static str>> {
    fn walk(prefix: &str, v: &Value, out: &mut BTreeMap<String, std::collections::BTreeSet<&'static str>>) {
        let entry = out.entry(prefix.to_string()).or_default();
        if !v.is_null() {
            entry.insert(json_type(v));
        }
        match v {
            Value::Object(map) => map.iter().for_each(|(k, v)| walk(&format!("{prefix}.{k}"), v, out)),
            Value::Array(items) => items.iter().for_each(|v| walk(&format!("{prefix}[]"), v, out)),
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    for row in rows {
        walk("", row, &mut out);
    }
    out
}

fn every_key_keeps_one_json_type_and_is_on_every_line() {
    let dir = converted_seeds().path();
    for file in ["documents.jsonl", "records.jsonl", "mentions.jsonl", "indicators.jsonl"] {
        let rows = read_jsonl(&dir.join(file));
        let types = key_types(&rows);
        for (path, seen) in &types {
            assert!(seen.len() <= 1, "{file}: {path} has several JSON types: {seen:?}");
        }
        let keys: Vec<Vec<&String>> = rows.iter().map(|r| r.as_object().unwrap().keys().collect()).collect();
        assert!(keys.windows(2).all(|w| w[0] == w[1]), "{file}: top-level keys differ between lines");
    }
}

fn duckdb_loads_the_output_and_joins_targets_with_progress() {
    let dir = converted_seeds().path();
    let script = r#"
import duckdb, json, sys
d = sys.argv[1]
con = duckdb.connect()
for name in ("documents", "records", "mentions"):
    con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_json_auto('{d}/{name}.jsonl')")
counts = {n: con.execute(f"SELECT count(*) FROM {n}").fetchone()[0] for n in ("documents", "records", "mentions")}
types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'mentions'").fetchall())
rows = con.execute("""
    SELECT r.title, t.subject, t.value AS target, p.value AS achieved, t.unit
    FROM records r
    JOIN mentions t ON t.record_id = r.id AND t.section = 'target' AND t.kind = 'count'
    JOIN mentions p ON p.record_id = r.id AND p.section = 'progress' AND p.kind = 'count'
                   AND p.subject = t.subject
    WHERE r.type = 'initiative'
    ORDER BY r.title, t.subject
""").fetchall()
print(json.dumps({"counts": counts, "types": types, "rows": rows}, ensure_ascii=False))
"#;
    let out = std::process::Command::new("python3").args(["-c", script, dir.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let result: Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = read_jsonl(&dir.join("documents.jsonl")).len();
    let records = read_jsonl(&dir.join("records.jsonl")).len();
    let mentions = read_jsonl(&dir.join("mentions.jsonl")).len();
    assert_eq!(result["counts"]["documents"], docs);
    assert_eq!(result["counts"]["records"], records);
    assert_eq!(result["counts"]["mentions"], mentions);
    // Loaded with no hints, the numeric columns are numbers, not strings or JSON.
    assert_eq!(result["types"]["value"], "DOUBLE", "{}", result["types"]);
    assert_eq!(result["types"]["approx"], "BOOLEAN");
    // HBNet: target 50 participating companies (seed 001), 28 achieved.
    let rows = result["rows"].as_array().unwrap();
    assert!(
        rows.iter().any(|r| r[1] == "HBNetへの参画企業" && r[2] == 50.0 && r[3] == 28.0 && r[4] == "社"),
        "HBNet target/progress row missing: {rows:?}"
    );
}

/// The question a warehouse asks first, in one SQL query over the output of `convert seeds`:
/// every numeric target of a fiscal year with its result and whether it was met. The rows are
/// a reading of the documents: seed 001 (progress as of R2.3月末, FY2019) and seed 000 (as of
/// H31.3月末, FY2018).
fn duckdb_answers_targets_against_results_in_one_query() {
    let dir = converted_seeds().path();
    let script = r#"
import duckdb, json, sys
d, fy = sys.argv[1], int(sys.argv[2])
rows = duckdb.sql(f"""
    SELECT regexp_extract(doc.path, '[0-9]{{3}}') AS seed, i.department, i.name,
           i.target_value, i.target_unit, i.target_qualifier, i.actual_value, i.status
    FROM read_json_auto('{d}/indicators.jsonl') i
    JOIN read_json_auto('{d}/documents.jsonl') doc USING (doc_id)
    WHERE i.fiscal_year = {fy} AND i.target_value IS NOT NULL
    ORDER BY seed, i.span.line, i.target_kind
""").fetchall()
print(json.dumps(rows, ensure_ascii=False))
"#;
    let query = |fy: &str| -> Vec<Value> {
        let out =
            std::process::Command::new("python3").args(["-c", script, dir.to_str().unwrap(), fy]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<Value>(&out.stdout).unwrap().as_array().unwrap().clone()
    };
    let short = |rows: &[Value]| -> Vec<String> {
        rows.iter()
            .map(|r| {
                let n = |v: &Value| v.as_f64().map_or("-".to_string(), |x| format!("{x}"));
                format!(
                    "{} {} | {} {}{} → {} | {}",
                    r[0].as_str().unwrap(),
                    r[2].as_str().unwrap(),
                    n(&r[3]),
                    r[4].as_str().unwrap_or(""),
                    r[5].as_str().unwrap_or(""),
                    n(&r[6]),
                    r[7].as_str().unwrap()
                )
            })
            .collect()
    };
    let fy2019 = query("2019");
    assert!(fy2019.iter().all(|r| r[1] == "商工労働部"), "{fy2019:?}");
    assert_eq!(
        short(&fy2019),
        [
            "001 彩都バイオインキュベーション施設入居率 | 90 %以上 → 96.8 | achieved",
            "001 既入居企業補助 | 5 件 → 4 | not_achieved",
            "001 既入居企業補助 | 5000000 円 → 1530000 | not_achieved",
            "001 新規入居企業補助 | 1 件 → 1 | achieved",
            "001 新規入居企業補助 | 1000000 円 → 1000000 | achieved",
            "001 HBNetへの参画企業 | 50 社 → 28 | not_achieved",
            "001 HBNet参画大学・研究機関 | 20 機関 → 12 | not_achieved",
            "001 新たな有望シーズの創出 | 3 件 → 3 | achieved",
        ]
    );
    assert_eq!(
        short(&query("2018")),
        [
            "000 伴走支援段階にある有望シーズ | 5 件 → 6 | achieved",
            "000 健康寿命延伸産業分野における伴走支援を通じた事業化有望企業の発掘 | 3 件以上 → 10 | achieved",
            "000 電池関連企業や受託評価サービス企業等の誘致 | 2 件 → 1 | not_achieved",
            "000 電池、水素関連ビジネス(実証プロジェクトを含む)の創出 | 3 件 → 2 | not_achieved",
            "000 上記各事業における商談会ごとに成約見込みとなる府内企業数 | 1 社以上 → - | no_result",
            "000 大阪外国企業誘致センター(O-BIC)を活用した海外企業の誘致件数 | 27 件 → 42 | achieved",
        ]
    );
}

/// The same question over indicators read from tables (joined to the cells they were read
/// from in `tables.jsonl`) and from prose, on the indicator cases of `fixtures/indicators/cases/`.
fn duckdb_answers_targets_against_results_from_tables_and_prose() {
    let cases = root().join("fixtures/indicators/cases");
    let mut files: Vec<String> = std::fs::read_dir(&cases)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    files.sort();
    let inputs: Vec<&str> = files.iter().map(String::as_str).collect();
    let (dir, out) = convert(&inputs, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let script = r#"
import duckdb, json, sys
d = sys.argv[1]
name = "regexp_extract(doc.path, '[a-z_]+[.]txt')"
# Targets read from table cells, with the header path of the cell each value was read from.
cells = duckdb.sql(f"""
    SELECT {name} AS file, i.name, coalesce(i.target_yen, i.target_value), tc.value AS cell_value, tc.col_path,
           coalesce(i.actual_yen, i.actual_value), ac.value AS actual_cell_value, ac.col_path, i.rate_agrees, i.status, tc.text
    FROM read_json_auto('{d}/indicators.jsonl') i
    JOIN read_json_auto('{d}/documents.jsonl') doc USING (doc_id)
    JOIN read_json_auto('{d}/tables.jsonl') tc
      ON tc.doc_id = i.doc_id AND tc."table" = i.target_cell."table"
     AND tc."row" = i.target_cell."row" AND tc.col = i.target_cell.col
    LEFT JOIN read_json_auto('{d}/tables.jsonl') ac
      ON ac.doc_id = i.doc_id AND ac."table" = i.actual_cell."table"
     AND ac."row" = i.actual_cell."row" AND ac.col = i.actual_cell.col
    WHERE i.target_source = 'cell'
    ORDER BY file, i.indicator_id
""").fetchall()
prose = duckdb.sql(f"""
    SELECT {name} AS file, i.name, i.target_value, i.target_unit, i.target_qualifier, i.actual_value, i.status
    FROM read_json_auto('{d}/indicators.jsonl') i
    JOIN read_json_auto('{d}/documents.jsonl') doc USING (doc_id)
    WHERE i.rule = 'prose'
    ORDER BY file, i.span.line
""").fetchall()
by_rule = duckdb.sql(f"""
    SELECT rule, count(*) FILTER (WHERE status IN ('achieved', 'not_achieved')) AS answered, count(*) AS n
    FROM read_json_auto('{d}/indicators.jsonl') GROUP BY rule ORDER BY rule
""").fetchall()
print(json.dumps({"cells": cells, "prose": prose, "by_rule": by_rule}, ensure_ascii=False, default=str))
"#;
    let out =
        std::process::Command::new("python3").args(["-c", script, dir.path().to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    let cells = answer["cells"].as_array().unwrap();
    assert!(cells.len() >= 40, "targets read from cells: {}", cells.len());
    // A qualified cell (`42,000以下`, `60以上`, `15以内`) has no typed value in tables.jsonl (the
    // rule reads it with its qualifier); every other target cell has one.
    for r in cells.iter().filter(|r| r[3].is_null()) {
        let text = r[10].as_str().unwrap();
        assert!(
            ["以下", "以上", "以内", "未満", "超"].iter().any(|q| text.ends_with(q)),
            "an untyped target cell: {r}"
        );
    }
    for r in cells.iter().filter(|r| !r[3].is_null()) {
        // The value in indicators.jsonl (money in yen) is the value of the cell it names, under a
        // header path.
        assert_eq!(r[2].as_f64(), r[3].as_f64(), "target is its cell's value: {r}");
        assert!(r[4].as_array().is_some_and(|p| !p.is_empty()), "the target cell has a column path: {r}");
        if !r[5].is_null() && !r[6].is_null() {
            assert_eq!(r[5].as_f64(), r[6].as_f64(), "result is its cell's value: {r}");
        }
    }
    let row = |file: &str, name: &str| {
        cells.iter().find(|r| r[0] == file && r[1] == name).unwrap_or_else(|| panic!("{file}: {name} in {cells:?}"))
    };
    let r = row("columns_repeated_groups.txt", "特定保健指導実施率(%) FY2021");
    assert_eq!(
        (r[2].as_f64(), r[5].as_f64(), r[8].as_bool(), r[9].as_str()),
        (Some(30.0), Some(33.5), Some(true), Some("achieved"))
    );
    assert_eq!(r[4], serde_json::json!(["特定保健指導実施率(%)", "目標値"]));
    assert_eq!(r[7], serde_json::json!(["特定保健指導実施率(%)", "実績値"]));
    let prose: Vec<String> = answer["prose"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let n = |v: &Value| v.as_f64().map_or("-".to_string(), |x| format!("{x}"));
            format!(
                "{} {} | {} {}{} → {} | {}",
                r[0].as_str().unwrap(),
                r[1].as_str().unwrap(),
                n(&r[2]),
                r[3].as_str().unwrap_or(""),
                r[4].as_str().unwrap_or(""),
                n(&r[5]),
                r[6].as_str().unwrap()
            )
        })
        .collect();
    for expected in [
        "prose_fullwidth_decrease.txt 刑法犯認知件数 | 900 件以下 → 1024 | not_achieved",
        "prose_plan_then_result.txt 認定農業者数 | 150 経営体 → 138 | not_achieved",
        "prose_slash_ratio.txt 来館者数 | 50000 人 → 41200 | not_achieved",
    ] {
        assert!(prose.contains(&expected.to_string()), "{expected} in {prose:#?}");
    }
    // Every rule answers the question for some case.
    let by_rule: BTreeMap<String, i64> = answer["by_rule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r[0].as_str().unwrap().to_string(), r[1].as_i64().unwrap()))
        .collect();
    for rule in
        ["table_columns", "table_rows", "labelled_values", "prose", "arrows", "runs", "differences", "header_rows"]
    {
        assert!(by_rule.get(rule).is_some_and(|&n| n > 0), "{rule} answers: {by_rule:?}");
    }
}

fn streaming_mode_works_with_an_empty_environment() {
    use std::io::Write;
    let missing = "seeds/no-such-file.txt";
    let input = format!("{SEED_001}\n{missing}\nseeds/000_e4386a23844c2d14.txt\n");
    let mut child = keikaku()
        .env_clear()
        .args(["convert", "--files-from", "-", "--stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "a failing document does not fail the stream: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty() || !String::from_utf8_lossy(&out.stderr).contains('\r'), "no progress bar");
    // The failing path is named on stderr, as it fails, beside its error line in the stream.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("keikaku: {missing}: cannot read")), "{stderr}");
    let lines = jsonl(&out.stdout);
    let docs: Vec<&Value> = lines.iter().filter(|l| l["type"] == "document").collect();
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0]["path"], SEED_001);
    assert_eq!(docs[1]["path"], missing);
    assert_eq!(docs[1]["status"], "error");
    assert!(docs[1]["error"].as_str().unwrap().contains("cannot read"));
    assert_eq!(docs[2]["status"], "ok");
    // Each document's own lines follow its document line, before the next document.
    let mut current = None;
    for l in &lines {
        match l["type"].as_str().unwrap() {
            "document" => current = Some(l["doc_id"].clone()),
            _ => assert_eq!(Some(l["doc_id"].clone()), current, "line out of its document: {l}"),
        }
    }
    assert!(lines.iter().any(|l| l["type"] == "mention"));
}

/// A mapper fed one path at a time (the list still open) answers each path at once: the
/// document's lines do not wait for the next path or for the end of the list.
fn streaming_answers_each_path_before_the_list_ends() {
    use std::io::{BufRead, Write};
    let mut child = keikaku()
        .args(["convert", "--files-from", "-", "--stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let (lines_tx, lines) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in stdout.lines().map_while(Result::ok) {
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    for seed in [SEED_001, "seeds/000_e4386a23844c2d14.txt"] {
        writeln!(stdin, "{seed}").unwrap();
        stdin.flush().unwrap();
        // The document line comes first, then its records and mentions; wait for the document
        // line of this path with the list still open.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let line =
                lines.recv_timeout(left).unwrap_or_else(|_| panic!("no output for {seed} while the list stays open"));
            let row: Value = serde_json::from_str(&line).unwrap();
            if row["type"] == "document" {
                assert_eq!(row["path"], seed);
                break;
            }
        }
    }
    drop(stdin);
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

/// A local Spark job (two executor threads) pipes the seeds' paths through `keikaku convert
/// --files-from - --stdout` as a Spark Streaming or Hadoop Streaming mapper would, reads the
/// mention lines back as a DataFrame, and finds exactly the rows a plain `convert` of the same
/// files writes to mentions.jsonl (compared row by row on every column, both ways).
fn spark_job_pipes_paths_through_keikaku_and_gets_the_plain_convert_mentions() {
    let paths: Vec<String> = seeds().iter().map(|p| p.to_str().expect("UTF-8 path").to_string()).collect();
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let (plain, out) = convert(&args, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let script = r#"
import json, sys
from pyspark.sql import SparkSession
binary, plain_dir, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
spark = (SparkSession.builder.master("local[2]").appName("keikaku-test")
         .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
lines = spark.sparkContext.parallelize(paths, 2).pipe(binary + " convert --files-from - --stdout", env={})
streamed = spark.read.json(lines.filter(lambda l: l.startswith('{"type":"mention"')))
plain = spark.read.json(plain_dir + "/mentions.jsonl")
columns = sorted(plain.columns)
streamed, plain = streamed.select(columns), plain.select(columns)
print(json.dumps({
    "streamed": streamed.count(), "plain": plain.count(),
    "only_streamed": streamed.exceptAll(plain).count(), "only_plain": plain.exceptAll(streamed).count(),
    "documents": streamed.select("doc_id").distinct().count(), "columns": columns,
}))
spark.stop()
"#;
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_keikaku"))
        .arg(plain.path())
        .args(&paths)
        .env("PYSPARK_PYTHON", "python3")
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "the Spark job failed: {}", String::from_utf8_lossy(&out.stderr));
    let last = out.stdout.split(|&b| b == b'\n').rfind(|l| l.starts_with(b"{")).expect("the job prints its result");
    let result: Value = serde_json::from_slice(last).expect("result JSON");
    eprintln!("spark: {result}");
    let plain_rows = read_jsonl(&plain.path().join("mentions.jsonl")).len() as u64;
    assert!(plain_rows > 0);
    assert_eq!(result["plain"], plain_rows, "{result}");
    assert_eq!(result["streamed"], plain_rows, "the Spark job must read every mention: {result}");
    assert_eq!(result["only_streamed"], 0, "{result}");
    assert_eq!(result["only_plain"], 0, "{result}");
    assert_eq!(result["documents"], paths.len() as u64, "{result}");
    assert!(result["columns"].as_array().is_some_and(|c| c.iter().any(|c| c == "value")), "{result}");
}

fn every_mention_belongs_to_a_record_and_a_section() {
    let dir = converted_seeds().path();
    let records = read_jsonl(&dir.join("records.jsonl"));
    let ids: std::collections::HashSet<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mentions = read_jsonl(&dir.join("mentions.jsonl"));
    for m in &mentions {
        let id = m["record_id"].as_str().unwrap_or_else(|| panic!("mention without a record: {m}"));
        assert!(ids.contains(id), "{m}");
        assert!(m["section"].is_string(), "{m}");
    }
    // The section a mention names is a section of its record (or the record's title line).
    let by_id: std::collections::HashMap<&str, &Value> =
        records.iter().map(|r| (r["id"].as_str().unwrap(), r)).collect();
    for m in &mentions {
        let r = by_id[m["record_id"].as_str().unwrap()];
        let section = m["section"].as_str().unwrap();
        let names: Vec<&str> = r["sections"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
        assert!(section == "title" || names.contains(&section), "{m}");
    }
}

/// Batches of different content, each converted to JSONL and Parquet: A (seeds 000, 001 and
/// 003: plans and a business plan, with indicators), B (seeds 002 and 004: minutes and an
/// action plan, not one indicator, so its indicators files have no rows) and an empty batch
/// (no input at all).
fn batches() -> &'static [(String, tempfile::TempDir); 3] {
    static DIRS: std::sync::OnceLock<[(String, tempfile::TempDir); 3]> = std::sync::OnceLock::new();
    DIRS.get_or_init(|| {
        let batch = |name: &str, inputs: &[&str]| {
            let (dir, out) = convert(inputs, &["--format", "jsonl,parquet"]);
            assert_eq!(out.status.code(), Some(0), "batch {name}: {}", String::from_utf8_lossy(&out.stderr));
            (name.to_string(), dir)
        };
        let seed = |p: &str| relative(&common::seed(p));
        let empty = tempfile::tempdir().unwrap();
        let b = [
            batch("a", &[&seed("000"), &seed("001"), &seed("003")]),
            batch("b", &[&seed("002"), &seed("004")]),
            batch("empty", &[empty.path().to_str().unwrap()]),
        ];
        assert!(read_jsonl(&b[1].1.path().join("indicators.jsonl")).is_empty(), "batch b has no indicator");
        b
    })
}

/// The names of convert's output files (documents, records, mentions, indicators).
fn converted_outputs() -> Vec<&'static str> {
    keikaku::columns::converted().map(|o| o.name).collect()
}

fn every_batch_has_every_file_even_without_rows() {
    for (name, dir) in batches() {
        let manifest: Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("manifest.json")).unwrap()).unwrap();
        for output in converted_outputs() {
            for ext in ["jsonl", "parquet"] {
                let file = format!("{output}.{ext}");
                let bytes =
                    std::fs::read(dir.path().join(&file)).unwrap_or_else(|e| panic!("batch {name}: {file}: {e}"));
                assert_eq!(manifest["files"][&file]["bytes"], bytes.len() as u64, "batch {name}: {file}");
                if ext == "parquet" {
                    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"), "batch {name}: {file}");
                    assert_eq!(manifest["files"][&file]["rows"], manifest["files"][&format!("{output}.jsonl")]["rows"]);
                }
            }
        }
    }
    let (_, b) = &batches()[1];
    let manifest: Value = serde_json::from_slice(&std::fs::read(b.path().join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["files"]["indicators.parquet"]["rows"], 0);
}

/// Runs a Python script with the batch directories and `keikaku schema` forms as JSON on
/// stdin; returns the JSON it prints last.
fn python_json(script: &str, input: &Value) -> Value {
    use std::io::Write;
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .env("PYSPARK_PYTHON", "python3")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child.stdin.take().unwrap().write_all(input.to_string().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the script failed: {}", String::from_utf8_lossy(&out.stderr));
    let last = out.stdout.split(|&b| b == b'\n').rfind(|l| l.starts_with(b"{")).expect("the script prints its result");
    serde_json::from_slice(last).expect("result JSON")
}

/// The schema forms and batch directories a loading script needs.
fn loading_input(form: &str) -> Value {
    let mut schemas = serde_json::Map::new();
    for output in converted_outputs() {
        let out = run(&["schema", form, output], b"");
        assert_eq!(out.status.code(), Some(0));
        schemas.insert(output.to_string(), Value::String(String::from_utf8(out.stdout).unwrap().trim().to_string()));
    }
    let dirs: serde_json::Map<String, Value> =
        batches().iter().map(|(n, d)| (n.clone(), Value::String(d.path().to_str().unwrap().to_string()))).collect();
    serde_json::json!({ "schemas": schemas, "dirs": dirs })
}

/// DuckDB reads batch A and batch B as one table, from JSONL with `keikaku schema --duckdb`
/// and from Parquet, with the same column types each way and for each batch alone — the
/// empty batch and B's empty indicators included — and the same rows each way; a column null
/// on every row of a batch still sums, and the README's FY2019 join runs on a batch without
/// indicators.
fn duckdb_reads_two_batches_as_one_table_with_the_same_types() {
    let script = r#"
import duckdb, json, sys
arg = json.load(sys.stdin)
dirs, schemas = arg["dirs"], arg["schemas"]
con = duckdb.connect()
def jsonl(name, batches):
    files = [f"{dirs[b]}/{name}.jsonl" for b in batches]
    return f"read_json({files}, format = 'newline_delimited', columns = {schemas[name]})"
def parquet(name, batches):
    return f"read_parquet({[f'{dirs[b]}/{name}.parquet' for b in batches]})"
def types(rel):
    return [[r[0], r[1]] for r in con.execute(f"DESCRIBE SELECT * FROM {rel}").fetchall()]
out = {}
for name in schemas:
    both = ["a", "b"]
    t = {"jsonl": types(jsonl(name, both)), "parquet": types(parquet(name, both))}
    for b in ["a", "b", "empty"]:
        t["jsonl " + b] = types(jsonl(name, [b]))
        t["parquet " + b] = types(parquet(name, [b]))
    rows = {k: con.execute(f"SELECT count(*) FROM {rel}").fetchone()[0]
            for k, rel in [("jsonl", jsonl(name, both)), ("parquet", parquet(name, both))]}
    only_jsonl = con.execute(f"SELECT count(*) FROM (SELECT * FROM {jsonl(name, both)} EXCEPT ALL SELECT * FROM {parquet(name, both)})").fetchone()[0]
    only_parquet = con.execute(f"SELECT count(*) FROM (SELECT * FROM {parquet(name, both)} EXCEPT ALL SELECT * FROM {jsonl(name, both)})").fetchone()[0]
    out[name] = {"types": t, "rows": rows, "only_jsonl": only_jsonl, "only_parquet": only_parquet}
out["sum_value_max_b"] = con.execute(f"SELECT sum(value_max) FROM {jsonl('mentions', ['b'])}").fetchone()[0]
out["sum_stated_rate_empty"] = con.execute(f"SELECT sum(stated_rate) FROM {parquet('indicators', ['empty'])}").fetchone()[0]
fy = lambda b, f: con.execute(f"""
    SELECT d.path, i.name FROM {f('indicators', [b])} i JOIN {f('documents', [b])} d USING (doc_id)
    WHERE i.fiscal_year = 2019 AND i.target_value IS NOT NULL ORDER BY d.path, i.span.line""").fetchall()
out["fy2019"] = {f"{b} {f.__name__}": len(fy(b, f)) for b in ["a", "b", "empty"] for f in [jsonl, parquet]}
print(json.dumps(out, ensure_ascii=False))
"#;
    let result = python_json(script, &loading_input("--duckdb"));
    for output in converted_outputs() {
        let r = &result[output];
        let types = r["types"].as_object().unwrap();
        let reference = &types["parquet"];
        for (form, t) in types {
            assert_eq!(t, reference, "{output}: DuckDB types of {form} differ from Parquet of a and b");
        }
        // The types are the ones keikaku states (DuckDB quotes some field names, keikaku others).
        let stated = keikaku::columns::output(output).unwrap();
        let expected: Vec<Value> = (stated.columns)()
            .iter()
            .map(|c| serde_json::json!([c.name, keikaku::columns::duckdb_type(&c.ty).replace('"', "")]))
            .collect();
        let got: Vec<Value> = reference
            .as_array()
            .unwrap()
            .iter()
            .map(|c| serde_json::json!([c[0], c[1].as_str().unwrap().replace('"', "")]))
            .collect();
        assert_eq!(got, expected, "{output}: DuckDB types against `keikaku schema --duckdb {output}`");
        let rows: u64 =
            ["a", "b"].iter().map(|b| read_jsonl(&batch_dir(b).join(format!("{output}.jsonl"))).len() as u64).sum();
        assert_eq!(r["rows"]["jsonl"], rows, "{output}: {r}");
        assert_eq!(r["rows"]["parquet"], rows, "{output}: {r}");
        assert_eq!((r["only_jsonl"].as_u64(), r["only_parquet"].as_u64()), (Some(0), Some(0)), "{output}: rows differ");
    }
    assert!(result["sum_value_max_b"].is_number() || result["sum_value_max_b"].is_null(), "{result}");
    assert_eq!(result["fy2019"]["a jsonl"], 8, "{result}");
    assert_eq!(result["fy2019"]["a parquet"], 8, "{result}");
    for b in ["b", "empty"] {
        for f in ["jsonl", "parquet"] {
            assert_eq!(result["fy2019"][format!("{b} {f}")], 0, "{result}");
        }
    }
}

fn batch_dir(name: &str) -> &'static std::path::Path {
    batches().iter().find(|(n, _)| n == name).expect("a batch").1.path()
}

/// Spark reads batch A and batch B as one table from JSONL with `keikaku schema --spark`
/// (FAILFAST: a row that does not fit fails the job) and from Parquet, with the same schema
/// and the same rows each way; the empty batch reads as no rows with that schema.
fn spark_reads_two_batches_as_one_table_from_jsonl_and_parquet() {
    let script = r#"
import json, sys
from pyspark.sql import SparkSession
arg = json.load(sys.stdin)
dirs, schemas = arg["dirs"], arg["schemas"]
spark = (SparkSession.builder.master("local[2]").appName("keikaku-batches")
         .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
out = {}
for name, ddl in schemas.items():
    def jsonl(batches):
        return spark.read.schema(ddl).option("mode", "FAILFAST").json([f"{dirs[b]}/{name}.jsonl" for b in batches])
    def parquet(batches):
        return spark.read.parquet(*[f"{dirs[b]}/{name}.parquet" for b in batches])
    j, p = jsonl(["a", "b"]), parquet(["a", "b"])
    e_j, e_p = jsonl(["empty"]), parquet(["empty"])
    out[name] = {
        "stated": spark.createDataFrame([], ddl).schema.simpleString(),
        "jsonl": j.schema.simpleString(), "parquet": p.schema.simpleString(),
        "empty jsonl": e_j.schema.simpleString(), "empty parquet": e_p.schema.simpleString(),
        "rows": [j.count(), p.count(), e_j.count(), e_p.count()],
        "only_jsonl": j.exceptAll(p).count(), "only_parquet": p.exceptAll(j).count(),
    }
print(json.dumps(out))
spark.stop()
"#;
    let result = python_json(script, &loading_input("--spark"));
    for output in converted_outputs() {
        let r = &result[output];
        for form in ["jsonl", "parquet", "empty jsonl", "empty parquet"] {
            assert_eq!(r[form], r["stated"], "{output}: Spark schema of {form} differs from `keikaku schema --spark`");
        }
        let rows: u64 =
            ["a", "b"].iter().map(|b| read_jsonl(&batch_dir(b).join(format!("{output}.jsonl"))).len() as u64).sum();
        assert_eq!(r["rows"], serde_json::json!([rows, rows, 0, 0]), "{output}: {r}");
        assert_eq!((r["only_jsonl"].as_u64(), r["only_parquet"].as_u64()), (Some(0), Some(0)), "{output}: rows differ");
    }
}

/// The README's warehouse section, run as written: every ```sh block between the
/// `warehouse:begin` and `warehouse:end` markers, in a scratch directory holding the seeds,
/// with `cargo run --release --` standing for this build's binary. The install line
/// (`python3 -m pip install …`) is what the harness checked for and `.ci/run` runs; it is not
/// run here (no network in tests).
fn readme_warehouse_section_runs_as_written() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme
        .split("<!-- warehouse:begin -->")
        .nth(1)
        .and_then(|s| s.split("<!-- warehouse:end -->").next())
        .expect("README.md marks its warehouse section with <!-- warehouse:begin/end -->");
    let blocks: Vec<&str> = section.split("```sh\n").skip(1).map(|b| b.split("```").next().unwrap()).collect();
    assert!(blocks.len() >= 2, "the warehouse section has its commands in ```sh blocks");
    let work = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(root().join("seeds"), work.path().join("seeds")).unwrap();
    let binary = env!("CARGO_BIN_EXE_keikaku");
    let mut printed = String::new();
    for block in &blocks {
        let script: String = block
            .lines()
            .filter(|l| !l.trim_start().starts_with("python3 -m pip install"))
            .map(|l| l.replace("cargo run --release -q --", binary).replace("cargo run --release --", binary))
            .collect::<Vec<_>>()
            .join("\n");
        let out = std::process::Command::new("bash")
            .args(["-euo", "pipefail", "-c", &script])
            .current_dir(work.path())
            .env("PYSPARK_PYTHON", "python3")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "README block failed ({}):\n{block}\nstdout: {}\nstderr: {}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        printed.push_str(&String::from_utf8_lossy(&out.stdout));
    }
    // The FY2019 query answers with seed 001's targets, and Spark counts the mentions.
    assert!(printed.contains("HBNetへの参画企業"), "{printed}");
    let mentions = read_jsonl(&work.path().join("output/mentions.jsonl")).len();
    assert!(printed.contains(&format!("mentions {mentions}")), "Spark's count of mentions: {printed}");
}

/// DuckDB turns a table back into its grid from `tables.jsonl` alone (loaded with `keikaku
/// schema --duckdb tables`): a table flattened one cell a line, with a wrapped header, a
/// caption's unit and a minus sign, comes back row by row as its reader wrote it, and its
/// money cells come back in yen with the mentions they made.
fn duckdb_turns_a_flattened_table_back_into_its_grid() {
    let fixture = "fixtures/tables/a_effect_amount_wrap.txt";
    let (dir, out) = convert(&[fixture], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let columns = String::from_utf8(run(&["schema", "--duckdb", "tables"], b"").stdout).unwrap();
    let script = r#"
import duckdb, json, sys
arg = json.load(sys.stdin)
cells = f"read_json('{arg['dir']}/tables.jsonl', format = 'newline_delimited', columns = {arg['columns']})"
grid = duckdb.sql(f"""
    WITH t AS (SELECT * FROM {cells} WHERE "table" = 0),
         w AS (SELECT max(col) + 1 AS n FROM t),
         r AS (SELECT DISTINCT "row" FROM t)
    SELECT r."row", string_agg(coalesce(t.text, ''), ' | ' ORDER BY g.c) AS line
    FROM r CROSS JOIN w CROSS JOIN range(w.n) AS g(c)
    LEFT JOIN t ON t."row" = r."row" AND t.col = g.c
    GROUP BY r."row" ORDER BY r."row"
""").fetchall()
money = duckdb.sql(f"""
    SELECT row_path[-1], col_path[-1], value, mention_id IS NOT NULL FROM {cells}
    WHERE kind = 'money' ORDER BY "row", col LIMIT 4
""").fetchall()
print(json.dumps({"grid": [g[1] for g in grid], "money": money}, ensure_ascii=False))
"#;
    let result =
        python_json(script, &serde_json::json!({ "dir": dir.path().to_str().unwrap(), "columns": columns.trim() }));
    let grid: Vec<String> =
        result["grid"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().trim().to_string()).collect();
    // The reader's grid of the fixture (fixtures/tables/a_effect_amount_wrap.grid): the header,
    // then its three rows.
    assert_eq!(
        grid,
        [
            "| 計画額(A) | 実績額(B) | 差(B)-(A) | 達成率(金額ベース)",
            "【歳入確保】使用料・手数料の見直し | 18,400 | 19,320 | 920 | 105.0%",
            "【歳出削減】事務事業の見直し・統合 | 42,600 | 39,192 | -3,408 | 92.0%",
            "合計 | 61,000 | 58,512 | -2,488 | 95.9%",
        ],
        "{result}"
    );
    assert_eq!(
        result["money"],
        serde_json::json!([
            ["【歳入確保】使用料・手数料の見直し", "計画額(A)", 18400000.0, true],
            ["【歳入確保】使用料・手数料の見直し", "実績額(B)", 19320000.0, true],
            ["【歳入確保】使用料・手数料の見直し", "差(B)-(A)", 920000.0, true],
            ["【歳出削減】事務事業の見直し・統合", "計画額(A)", 42600000.0, true]
        ]),
        "{result}"
    );
}

fn main() -> std::process::ExitCode {
    use harness::{needs, test};
    harness::main(vec![
        test("outputs_match_their_json_schemas", outputs_match_their_json_schemas),
        test("fixture_outputs_match_their_json_schemas", fixture_outputs_match_their_json_schemas),
        test("schema_rejects_a_missing_key", schema_rejects_a_missing_key),
        test("every_key_keeps_one_json_type_and_is_on_every_line", every_key_keeps_one_json_type_and_is_on_every_line),
        test("every_mention_belongs_to_a_record_and_a_section", every_mention_belongs_to_a_record_and_a_section),
        test("every_batch_has_every_file_even_without_rows", every_batch_has_every_file_even_without_rows),
        test("streaming_mode_works_with_an_empty_environment", streaming_mode_works_with_an_empty_environment),
        test("streaming_answers_each_path_before_the_list_ends", streaming_answers_each_path_before_the_list_ends),
        needs(
            "duckdb_loads_the_output_and_joins_targets_with_progress",
            &[&DUCKDB_PYTHON],
            duckdb_loads_the_output_and_joins_targets_with_progress,
        ),
        needs(
            "duckdb_answers_targets_against_results_in_one_query",
            &[&DUCKDB_PYTHON],
            duckdb_answers_targets_against_results_in_one_query,
        ),
        needs(
            "duckdb_answers_targets_against_results_from_tables_and_prose",
            &[&DUCKDB_PYTHON],
            duckdb_answers_targets_against_results_from_tables_and_prose,
        ),
        needs(
            "duckdb_turns_a_flattened_table_back_into_its_grid",
            &[&DUCKDB_PYTHON],
            duckdb_turns_a_flattened_table_back_into_its_grid,
        ),
        needs(
            "duckdb_reads_two_batches_as_one_table_with_the_same_types",
            &[&DUCKDB_PYTHON],
            duckdb_reads_two_batches_as_one_table_with_the_same_types,
        ),
        needs(
            "spark_job_pipes_paths_through_keikaku_and_gets_the_plain_convert_mentions",
            &[&JAVA, &PYSPARK],
            spark_job_pipes_paths_through_keikaku_and_gets_the_plain_convert_mentions,
        ),
        needs(
            "spark_reads_two_batches_as_one_table_from_jsonl_and_parquet",
            &[&JAVA, &PYSPARK],
            spark_reads_two_batches_as_one_table_from_jsonl_and_parquet,
        ),
        needs(
            "readme_warehouse_section_runs_as_written",
            &[&DUCKDB_CLI, &JAVA, &PYSPARK],
            readme_warehouse_section_runs_as_written,
        ),
    ])
}
