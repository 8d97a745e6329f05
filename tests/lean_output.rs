//! The lean output writes each fact once and loses nothing: a section has no text of its own,
//! so its text is rebuilt here from its items, tables and heading and the source, and must be
//! all of it; every character of a document is in some record; and no text is written twice.

mod common;

use std::collections::HashMap;

use common::*;
use serde_json::Value;

/// The inputs: the seeds and the layout fixtures (every kind of document keikaku reads).
fn inputs() -> Vec<String> {
    let mut paths: Vec<String> = seeds().iter().map(|p| p.to_str().unwrap().to_string()).collect();
    paths.extend(layout_fixtures().iter().map(|p| p.to_str().unwrap().to_string()));
    paths
}

/// `(start_char, end_char)` of a span object.
fn chars(span: &Value) -> Option<(usize, usize)> {
    Some((span["start_char"].as_u64()? as usize, span["end_char"].as_u64()? as usize))
}

/// The text between `from` and `to` that no span covers, whitespace left out.
fn uncovered(source: &[char], spans: &[(usize, usize)], from: usize, to: usize) -> String {
    let mut covered = vec![false; to.saturating_sub(from)];
    for &(a, b) in spans {
        for k in a.max(from)..b.min(to) {
            covered[k - from] = true;
        }
    }
    (from..to).filter(|&k| !covered[k - from] && !source[k].is_whitespace()).map(|k| source[k]).collect()
}

/// Char ranges of `[bookmark: …]` runs.
fn residue(source: &[char]) -> Vec<(usize, usize)> {
    let text: String = source.iter().collect();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("[bookmark: ") {
        let start = from + at;
        let end = text[start..].find(']').map_or(text.len(), |e| start + e + 1);
        out.push((text[..start].chars().count(), text[..end].chars().count()));
        from = end;
    }
    out
}

fn without_spaces(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A section's text as segmentation saw it (its lines, or its cells in a plan's columns; layout
/// cells such as ▷ ▶ apart) is exactly the text of the items and tables records.jsonl writes
/// for it, read from the source at their spans, in order.
#[test]
fn each_section_is_rebuilt_from_its_parts_and_the_source() {
    let mut problems = Vec::new();
    for path in inputs() {
        let p = process_file(std::path::Path::new(&path));
        let norm = p.text.norm();
        for u in &p.document.units {
            for s in &u.sections {
                let mut parts: Vec<std::ops::Range<usize>> = Vec::new();
                parts.extend(s.items.iter().map(|i| i.norm_span.clone()));
                parts.extend(s.tables.iter().map(|t| t.norm_span.clone()));
                parts.sort_by_key(|r| (r.start, r.end));
                // Nested parts (a cell's list entries inside its table) count once.
                let mut rebuilt = String::new();
                let mut at = 0;
                for r in parts {
                    let from = r.start.max(at);
                    if from < r.end {
                        rebuilt.push_str(&norm[from..r.end]);
                        at = r.end;
                    }
                }
                let own = s.text(norm);
                if without_spaces(&rebuilt) != without_spaces(&own) {
                    problems.push(format!("{path} {:?} {}: rebuilt {rebuilt:?} ≠ {own:?}", u.title, s.name));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_character_of_a_document_is_in_a_record() {
    let paths = inputs();
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let (dir, out) = convert(&args, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let documents = read_jsonl(&dir.path().join("documents.jsonl"));
    let records = read_jsonl(&dir.path().join("records.jsonl"));
    let sources: HashMap<&str, Vec<char>> = documents
        .iter()
        .map(|d| {
            let text = std::fs::read_to_string(root().join(d["path"].as_str().unwrap())).unwrap();
            (d["doc_id"].as_str().unwrap(), text.trim_start_matches('\u{feff}').chars().collect())
        })
        .collect();
    let mut spans: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for r in &records {
        let of_doc = spans.entry(r["doc_id"].as_str().unwrap()).or_default();
        of_doc.extend(chars(&r["title_span"]));
        of_doc.extend(chars(&r["number_span"]));
        for s in r["sections"].as_array().unwrap() {
            of_doc.extend(chars(&s["heading_span"]));
            for key in ["items", "tables"] {
                for part in s[key].as_array().unwrap() {
                    of_doc.extend(chars(&part["span"]));
                }
            }
            for layout in s["layout"].as_array().unwrap() {
                of_doc.extend(chars(layout));
            }
        }
    }
    let mut problems = Vec::new();
    for d in &documents {
        let doc = d["doc_id"].as_str().unwrap();
        let source = &sources[doc];
        let mut owned = spans.get(doc).cloned().unwrap_or_default();
        // Word export residue (`[bookmark: _GoBack]`) is deleted by normalization, on purpose.
        owned.extend(residue(source));
        let lost = uncovered(source, &owned, 0, source.len());
        if !lost.is_empty() {
            problems.push(format!("{}: characters in no record: {lost:?}", d["path"]));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_text_is_written_twice() {
    let (dir, out) = convert(&["seeds"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let records = read_jsonl(&dir.path().join("records.jsonl"));
    for r in &records {
        assert!(r.get("mentions").is_none() && r.get("document_kind").is_none(), "a record repeats other files' facts");
        for s in r["sections"].as_array().unwrap() {
            assert!(s.get("text").is_none(), "a section repeats its items' text");
            // A record names its tables; their cells are in tables.jsonl.
            for t in s["tables"].as_array().unwrap() {
                assert!(t.get("rows").is_none() && t["table"].is_u64(), "{t}");
            }
        }
    }
    // A cell whose list entries are items has no text of its own; every cell is written once.
    let cells = read_jsonl(&dir.path().join("tables.jsonl"));
    assert!(!cells.is_empty(), "the seeds' tables are written");
    let mut seen = std::collections::HashSet::new();
    for cell in &cells {
        assert!(cell["text"].is_null() || cell["items"].as_array().unwrap().is_empty(), "{cell}");
        let key = (cell["doc_id"].to_string(), cell["table"].as_u64(), cell["row"].as_u64(), cell["col"].as_u64());
        assert!(seen.insert(key), "a cell written twice: {cell}");
    }
    let mentions = read_jsonl(&dir.path().join("mentions.jsonl"));
    let records_with_figures: std::collections::HashSet<&str> =
        mentions.iter().filter_map(|m| m["record_id"].as_str()).collect();
    assert!(!records_with_figures.is_empty(), "mentions name their records");
}
