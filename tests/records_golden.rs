//! Golden records: `keikaku convert` on each seed, its `documents.jsonl` line and every
//! `records.jsonl` line, pinned under `fixtures/records/<seed>.records.txt` in a form a
//! person can review: one `=== ` line per row, then one `field.path = value` line per field.
//!
//! The mentions themselves are pinned by `fixtures/extract` (tests/extract_golden.rs) and the
//! indicators by `fixtures/indicators`; here a record shows only how many mentions each of its
//! sections owns, so one extraction change does not mean blessing two golden sets. A failure
//! lists the differing rows and fields.
//!
//! To bless after an intended change (read the diff against the sources first):
//!     KEIKAKU_BLESS=1 cargo test --release --test records_golden

mod common;

use std::collections::BTreeMap;

use common::*;
use serde_json::Value;

const HEADER: &str = "\
# Golden records of one seed (tests/records_golden.rs): its documents.jsonl line, then each
# records.jsonl line as `field.path = value` lines; mentions are counted per section here and
# pinned in fixtures/extract. Bless: KEIKAKU_BLESS=1 cargo test --release --test records_golden
";

/// `plan 4, progress 9`: how many mentions each section of a record owns, from the mention
/// lines that name the record.
fn mentions_per_section(record: &Value, stream: &[Value]) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for m in stream.iter().filter(|m| m["type"] == "mention" && m["record_id"] == record["id"]) {
        *counts.entry(m["section"].as_str().unwrap_or("(none)").to_string()).or_default() += 1;
    }
    if counts.is_empty() {
        return "none".to_string();
    }
    counts.iter().map(|(s, n)| format!("{s} {n}")).collect::<Vec<_>>().join(", ")
}

fn render(stream: &[Value]) -> String {
    let mut out = String::new();
    let mut index = 0;
    for row in stream {
        match row["type"].as_str() {
            Some("document") => out.push_str(&render_row("document", row, &[])),
            Some("mention") | Some("indicator") => {}
            Some(kind) => {
                let title: String = row["title"].as_str().unwrap_or("").chars().take(40).collect();
                out.push_str(&render_row(&format!("record {index} ({kind}) «{title}»"), row, &[]));
                out.push_str(&format!("mentions by section = {}\n", mentions_per_section(row, stream)));
                index += 1;
            }
            None => panic!("a row without a type: {row}"),
        }
    }
    out
}

#[test]
fn seed_records_match_their_golden_files() {
    let mut goldens = Goldens::new("records_golden");
    for seed in seeds() {
        let rel = relative(&seed);
        let out = run(&["convert", "--files-from", "-", "--stdout"], format!("{rel}\n").as_bytes());
        assert_eq!(out.status.code(), Some(0), "{rel}: {}", String::from_utf8_lossy(&out.stderr));
        let rows = jsonl(&out.stdout);
        goldens.check(&format!("fixtures/records/{}.records.txt", stem(&seed)), HEADER, &render(&rows));
    }
    goldens.finish();
}
