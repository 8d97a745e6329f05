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

/// Cases a reader has paired: every pair of `fixtures/indicators/cases/EXPECTED.tsv` (target
/// and result as printed, or a target with no result yet) is an indicator row of its document,
/// and the documents of `NEGATIVE.tsv` (budgets, demand against supply, year on year) give no
/// pair at all. The rows themselves are pinned in `fixtures/indicators/cases.txt`.
#[test]
fn the_cases_give_the_pairs_a_reader_makes() {
    /// Pairs the layout does not yet rebuild, with why (each must still be missing: a fixed
    /// one is taken off this list).
    const KNOWN_MISSES: &[(&str, &str)] = &[(
        "columns_cells_cumulative.txt",
        "a header wrapped over ten lines, one cell a line, is not folded into its five cells",
    )];
    let dir = "fixtures/indicators/cases";
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    files.sort();
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let (out_dir, out) = convert(&args, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let documents = read_jsonl(&out_dir.path().join("documents.jsonl"));
    let indicators = read_jsonl(&out_dir.path().join("indicators.jsonl"));
    let name_of = |doc_id: &Value| {
        documents
            .iter()
            .find(|d| &d["doc_id"] == doc_id)
            .and_then(|d| d["path"].as_str())
            .map(|p| p.rsplit('/').next().unwrap().to_string())
    };
    let rows_of = |file: &str| -> Vec<&Value> {
        indicators.iter().filter(|i| name_of(&i["doc_id"]).as_deref() == Some(file)).collect()
    };
    let same = |v: &Value, printed: &str| {
        let want: f64 = printed.parse().unwrap();
        v.as_f64().is_some_and(|x| (x - want).abs() <= 1e-6 * want.abs().max(1.0))
    };
    let expected = std::fs::read_to_string(format!("{dir}/EXPECTED.tsv")).unwrap();
    let mut missing: Vec<String> = Vec::new();
    let mut still_missing: std::collections::BTreeSet<&str> = Default::default();
    let mut pairs = 0;
    for line in expected.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let (file, target, actual) = (f[0], f[1], f[3]);
        pairs += 1;
        let found = rows_of(file).iter().any(|r| {
            same(&r["target_value"], target)
                && if actual == "-" { r["actual_value"].is_null() } else { same(&r["actual_value"], actual) }
        });
        if found {
            continue;
        }
        match KNOWN_MISSES.iter().find(|(k, _)| *k == file) {
            Some((k, _)) => {
                still_missing.insert(k);
            }
            None => missing.push(format!(
                "{line}\n    rows: {:?}",
                rows_of(file).iter().map(|r| (&r["target_value"], &r["actual_value"], &r["rule"])).collect::<Vec<_>>()
            )),
        }
    }
    assert!(pairs >= 100, "EXPECTED.tsv lists {pairs} pairs");
    assert!(missing.is_empty(), "{} pairs a reader makes are not found:\n{}", missing.len(), missing.join("\n"));
    for (k, why) in KNOWN_MISSES {
        assert!(still_missing.contains(k), "{k} reads right now ({why}): take it off KNOWN_MISSES");
    }
    // Every row with a result in a positive case is a pair of EXPECTED.tsv.
    let mut extra: Vec<String> = Vec::new();
    for i in &indicators {
        let file = name_of(&i["doc_id"]).unwrap();
        if i["actual_value"].is_null() {
            continue;
        }
        let listed = expected.lines().skip(1).any(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            f[0] == file && f[3] != "-" && same(&i["target_value"], f[1]) && same(&i["actual_value"], f[3])
        });
        if !listed {
            extra.push(format!("{file}: {} {} → {} ({})", i["name"], i["target_value"], i["actual_value"], i["rule"]));
        }
    }
    assert!(extra.is_empty(), "pairs no reader makes:\n{}", extra.join("\n"));
    let mut goldens = Goldens::new("indicators_golden");
    goldens.check("fixtures/indicators/cases.txt", HEADER, &render(out_dir.path()));
    goldens.finish();
}
