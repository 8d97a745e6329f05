//! Layouts in the wild, one hand-made fixture per shape, under `fixtures/layout/` (see its
//! README): minutes, evaluation sheets and 工程表, budget summaries, numbered reports, and
//! tables of every shape.
//!
//! Each `<name>.txt` has a reader's `<name>.expect`: the document kind, every heading (level,
//! line, text), every speaker turn (line, label, role) and every table (first and last line,
//! shape, money unit). The test compares keikaku's document with all of it, so a heading
//! found at the wrong level or a turn given the wrong role fails. Each fixture also keeps every
//! character (the per-character coverage check), records why its kind was chosen (evidence),
//! and renders to its tree `fixtures/layout/<name>.tree.txt`, read against the source when
//! blessed:
//!
//! ```text
//! KEIKAKU_BLESS=1 cargo test --release --test layout_fixtures
//! ```

mod common;

use common::*;
use keikaku::segment::{coverage_violations, render::render, segment_text, Document, SegmentContext};
use keikaku::SourceText;

/// What the reader says about one fixture.
#[derive(Debug, Default)]
struct Expect {
    kind: String,
    headings: Vec<String>,
    speakers: Vec<String>,
    tables: Vec<String>,
}

fn normalized(s: &str) -> String {
    SourceText::from_text(s).norm().to_string()
}

fn read_expect(name: &str) -> Expect {
    let path = root().join(format!("fixtures/layout/{name}.expect"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut e = Expect::default();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        match f[0] {
            "kind" => e.kind = f[1].to_string(),
            "evidence" => {}
            "heading" => e.headings.push(format!("L{} level {} {}", f[2], f[1], normalized(f[3].trim()))),
            "speaker" => e.speakers.push(format!("L{} {} {}", f[1], normalized(f[2]), f[3])),
            "table" => e.tables.push(format!("L{}-{} {} {}", f[1], f[2], f[3], f[4])),
            other => panic!("{}: unknown row {other:?}", path.display()),
        }
    }
    e
}

fn load(name: &str) -> (SourceText, Document) {
    let path = root().join(format!("fixtures/layout/{name}.txt"));
    let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = SourceText::from_text(&src);
    let doc = segment_text(&text, &SegmentContext::default());
    (text, doc)
}

/// The same facts as [`Expect`], read off keikaku's document.
fn found(text: &SourceText, doc: &Document) -> Expect {
    let norm = text.norm();
    let line_of = |at: usize| text.line_number(at);
    let mut e = Expect { kind: doc.kind.as_str().to_string(), ..Expect::default() };
    for u in &doc.units {
        if let (Some(level), Some(span)) = (u.level, &u.title_span) {
            e.headings.push(format!("L{} level {level} {}", line_of(span.start), norm[span.clone()].trim()));
        }
        for s in &u.sections {
            for it in &s.items {
                if let (Some(speaker), Some(role)) = (&it.speaker, it.role) {
                    e.speakers.push(format!("L{} {speaker} {}", line_of(it.norm_span.start), role.as_str()));
                }
            }
            for t in &s.tables {
                let unit = t.money_unit().unwrap_or("-");
                let shape = t.shape.as_str();
                e.tables.push(format!(
                    "L{}-{} {shape} {unit}",
                    line_of(t.norm_span.start),
                    line_of(t.norm_span.end.saturating_sub(1).max(t.norm_span.start))
                ));
            }
        }
    }
    e.tables.sort_by_key(|t| t[1..].split('-').next().and_then(|n| n.parse::<usize>().ok()));
    e
}

/// Lines of `expected` missing from `got` (`-`) and lines of `got` not expected (`+`).
fn differences(what: &str, expected: &[String], got: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for x in expected.iter().filter(|x| !got.contains(x)) {
        out.push(format!("  {what} - {x}"));
    }
    for x in got.iter().filter(|x| !expected.contains(x)) {
        out.push(format!("  {what} + {x}"));
    }
    out
}

const HEADER: &str =
    "# Segment tree of a hand-made layout fixture (tests/layout_fixtures.rs), segmented without tokens.\n\
# Bless after reading it against the fixture: KEIKAKU_BLESS=1 cargo test --release --test layout_fixtures\n";

fn names() -> Vec<String> {
    layout_fixtures().iter().map(|p| stem(p)).collect()
}

#[test]
fn fixtures_cover_the_layouts_the_issue_asks_for() {
    let names = names();
    let count = |prefix: &str| names.iter().filter(|n| n.starts_with(prefix)).count();
    assert!(names.len() >= 30, "{} fixtures", names.len());
    assert!(count("minutes_") >= 6 && count("evaluation_") >= 6 && count("budget_") >= 6);
    assert!(count("report_") + count("plan_") >= 6);
    let shapes: std::collections::BTreeSet<String> = names
        .iter()
        .flat_map(|n| read_expect(n).tables)
        .filter_map(|t| t.split(' ').nth(1).map(str::to_string))
        .collect();
    assert_eq!(shapes.into_iter().collect::<Vec<_>>(), ["box", "pipes", "spaces", "tsv"]);
}

#[test]
fn every_fixture_reads_as_its_reader_says() {
    let mut problems = Vec::new();
    let mut goldens = Goldens::new("layout_fixtures");
    for name in names() {
        let expect = read_expect(&name);
        let (text, doc) = load(&name);
        let norm = text.norm();
        let got = found(&text, &doc);
        let mut p = Vec::new();
        if got.kind != expect.kind {
            p.push(format!("  kind {} (expected {}); evidence {:?}", got.kind, expect.kind, doc.evidence));
        }
        if doc.evidence.is_empty() && doc.kind.as_str() != "unknown" {
            p.push("  no evidence for the kind".to_string());
        }
        p.extend(differences("heading", &expect.headings, &got.headings));
        p.extend(differences("speaker", &expect.speakers, &got.speakers));
        p.extend(differences("table", &expect.tables, &got.tables));
        p.extend(coverage_violations(norm, &doc).into_iter().map(|v| format!("  lost: {v}")));
        if !p.is_empty() {
            problems.push(format!("{name}:\n{}", p.join("\n")));
        }
        goldens.check(&format!("fixtures/layout/{name}.tree.txt"), HEADER, &render(norm, &doc));
    }
    assert!(problems.is_empty(), "{} fixtures differ:\n{}", problems.len(), problems.join("\n"));
    goldens.finish();
}
