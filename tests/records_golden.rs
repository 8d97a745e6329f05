//! Golden records: `keikaku convert` on each seed, its `records.jsonl` and `documents.jsonl`
//! lines pinned under `fixtures/records/<seed>.jsonl` (the document line first). Any change in
//! decoding, segmentation, extraction or the record shapes shows here as a diff.
//!
//! To bless after an intended change (read the diff first):
//!     KEIKAKU_BLESS=1 cargo test --release --test records_golden

mod common;

use common::*;

#[test]
fn seed_records_match_their_golden_files() {
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(root().join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        let rel = format!("seeds/{}", path.file_name().unwrap().to_string_lossy());
        let out = run(&["convert", "--files-from", "-", "--stdout"], format!("{rel}\n").as_bytes());
        assert_eq!(out.status.code(), Some(0));
        // The document line and the records; mentions are pinned inside the records.
        let got: String = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with("{\"type\":\"mention\""))
            .map(|l| format!("{l}\n"))
            .collect();
        let golden =
            root().join("fixtures/records").join(format!("{}.jsonl", path.file_stem().unwrap().to_string_lossy()));
        if std::env::var_os("KEIKAKU_BLESS").is_some() {
            std::fs::write(&golden, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        if want != got {
            let first = want
                .lines()
                .zip(got.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(want.lines().count().min(got.lines().count()));
            failures.push(format!("{}: differs from line {} (KEIKAKU_BLESS=1 to accept)", golden.display(), first + 1));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
