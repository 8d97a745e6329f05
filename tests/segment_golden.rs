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
//! KEIKAKU_BLESS=1 cargo test --release --test segment_golden
//! ```

mod common;

use common::*;
use keikaku::segment::render::render;

const HEADER: &str = "# Segment tree of one seed (tests/segment_golden.rs), as keikaku::segment::render writes it.\n\
# Bless after reading it against the source: KEIKAKU_BLESS=1 cargo test --release --test segment_golden\n";

#[test]
fn seed_trees_match_golden_files() {
    let mut goldens = Goldens::new("segment_golden");
    for path in seeds() {
        let p = process_file(&path);
        let got = render(p.text.norm(), &p.document);
        goldens.check(&format!("fixtures/segment/{}.tree.txt", stem(&path)), HEADER, &got);
    }
    goldens.finish();
}
