//! Targets against results, pinned: every indicator keikaku finds in the seeds and in the
//! layout fixtures (evaluation sheets, 工程表, KPI lists), one line each — name, target,
//! result, baseline, direction, attainment, status, rule — under `fixtures/indicators/`.
//! Read a change against the sources before blessing:
//!
//! ```text
//! KEIKAKU_BLESS=1 cargo test --release --test indicators_golden
//! ```

mod common;

use common::*;
use serde_json::Value;

const HEADER: &str = "# Indicators (tests/indicators_golden.rs): per document, name | target → result (as of) | baseline | direction attainment status | rule\n\
# Bless after reading against the sources: KEIKAKU_BLESS=1 cargo test --release --test indicators_golden\n";

fn number(v: &Value) -> String {
    v.as_f64().map_or("-".to_string(), |x| format!("{x}"))
}

/// One line per indicator, grouped by document in input order.
fn render(dir: &std::path::Path) -> String {
    let documents = read_jsonl(&dir.join("documents.jsonl"));
    let indicators = read_jsonl(&dir.join("indicators.jsonl"));
    let mut out = String::new();
    for d in &documents {
        let rows: Vec<&Value> = indicators.iter().filter(|i| i["doc_id"] == d["doc_id"]).collect();
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!("=== {}\n", d["path"].as_str().unwrap_or("?").rsplit('/').next().unwrap_or("?")));
        for i in rows {
            out.push_str(&format!(
                "{} | {} {}{} → {} ({}) | {} {} | {} {} {} | {}\n",
                i["name"].as_str().unwrap_or(""),
                number(&i["target_value"]),
                i["target_unit"].as_str().unwrap_or(""),
                i["target_qualifier"].as_str().unwrap_or(""),
                number(&i["actual_value"]),
                i["actual_as_of"].as_str().unwrap_or("-"),
                i["baseline_label"].as_str().unwrap_or("-"),
                number(&i["baseline_value"]),
                i["direction"].as_str().unwrap_or(""),
                i["attainment"].as_f64().map_or("-".to_string(), |a| format!("{a:.3}")),
                i["status"].as_str().unwrap_or(""),
                i["rule"].as_str().unwrap_or(""),
            ));
        }
    }
    out
}

#[test]
fn indicators_of_the_seeds_and_the_layout_fixtures_match_their_golden_files() {
    let mut goldens = Goldens::new("indicators_golden");
    let (seeds_out, out) = convert(&["seeds"], &[]);
    assert_eq!(out.status.code(), Some(0));
    goldens.check("fixtures/indicators/seeds.txt", HEADER, &render(seeds_out.path()));

    let layouts: Vec<String> = layout_fixtures().iter().map(|p| p.to_str().unwrap().to_string()).collect();
    let args: Vec<&str> = layouts.iter().map(String::as_str).collect();
    let (layout_out, out) = convert(&args, &[]);
    assert_eq!(out.status.code(), Some(0));
    let rendered = render(layout_out.path());
    // Evaluation sheets and 工程表 give indicators by each rule that reads a sheet.
    for rule in ["table_columns", "table_rows", "labelled_values"] {
        assert!(rendered.contains(&format!("| {rule}\n")), "no indicator by {rule}:\n{rendered}");
    }
    goldens.check("fixtures/indicators/layout.txt", HEADER, &rendered);
    goldens.finish();
}
