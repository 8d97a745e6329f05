//! Golden trees of the segmentation stage, one per seed document.
//!
//! Pins, for every seed in `seeds/`, the whole tree `segment` builds — document kind, units
//! (kind, title, title line, theme, fields), sections (name, heading and its line, layout
//! lines, first/last line and line count), items (index, kind, marker, level, lines, parent,
//! footnotes, target kind, table cell, the first characters of the text), tables (rows ×
//! cells) and the plan objectives with their target and progress indices — as rendered by
//! `keikaku::segment::render::render` into `fixtures/segment/<seed-stem>.tree.txt`.
//!
//! The tokens come from the real tokenizer, since the objective ↔ progress pairing reads
//! nouns. To accept a deliberate change, bless and then read the diff against the sources:
//!
//! ```text
//! KEIKAKU_BLESS=1 cargo test --test segment_golden
//! ```

use std::path::{Path, PathBuf};

use keikaku::segment::{render::render, segment, SegmentContext};
use keikaku::{SourceText, Tokenizer};

fn seeds() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"))
        .expect("seeds/ exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

#[test]
fn seed_trees_match_golden_files() {
    let tokenizer = Tokenizer::new(None).expect("tokenizer loads");
    let mut worker = tokenizer.worker();
    let bless = std::env::var_os("KEIKAKU_BLESS").is_some();
    let mut failures = Vec::new();
    let seeds = seeds();
    assert_eq!(seeds.len(), 5, "expected the five seed documents");
    for path in seeds {
        let src = std::fs::read_to_string(&path).expect("seed is UTF-8");
        let text = SourceText::from_text(&src);
        let norm = text.norm();
        let tokens = worker.tokenize(norm);
        let doc = segment(norm, &tokens, &SegmentContext::default());
        let got = render(norm, &doc);
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("utf-8 name");
        let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/segment").join(format!("{stem}.tree.txt"));
        if bless {
            std::fs::write(&golden, &got).expect("write golden");
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        if want != got {
            let first_diff = want
                .lines()
                .zip(got.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(want.lines().count().min(got.lines().count()));
            failures.push(format!(
                "{}: differs from {} at line {}:\n  want: {}\n  got:  {}",
                path.display(),
                golden.display(),
                first_diff + 1,
                want.lines().nth(first_diff).unwrap_or("<end>"),
                got.lines().nth(first_diff).unwrap_or("<end>")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(bless with KEIKAKU_BLESS=1 cargo test --test segment_golden)",
        failures.join("\n")
    );
}
