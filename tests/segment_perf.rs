//! Segmentation must stay cheap and linear: it runs on every document of multi-GB archives.
//!
//! - On the seeds, segmenting (kind detection, layout, items, pairing) costs at most 15% of
//!   tokenizing the same text in a release build (`cargo test --release`, as CI runs it).
//! - Segmenting a document made of many copies of the seeds costs about as many times the
//!   single copy (a quadratic scan would cost the square).
//!
//! Times are the minimum over several runs, so a busy machine slows both sides alike.

use std::time::{Duration, Instant};

use keikaku::segment::{segment, SegmentContext};
use keikaku::{SourceText, Tokenizer};

fn seeds() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir).expect("seeds/").map(|e| e.expect("entry").path()).collect();
    paths.sort();
    paths
        .iter()
        .map(|p| SourceText::from_text(&std::fs::read_to_string(p).expect("utf-8")).norm().to_string())
        .collect()
}

fn min_time(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

#[test]
fn segmentation_costs_at_most_15_percent_of_tokenization() {
    let tokenizer = Tokenizer::new(None).expect("tokenizer loads");
    let mut worker = tokenizer.worker();
    let docs = seeds();
    let tokens: Vec<_> = docs.iter().map(|d| worker.tokenize(d)).collect();
    let tok = min_time(5, || {
        for d in &docs {
            std::hint::black_box(worker.tokenize(d));
        }
    });
    let seg = min_time(5, || {
        for (d, t) in docs.iter().zip(&tokens) {
            std::hint::black_box(segment(d, t, &SegmentContext::default()));
        }
    });
    let ratio = seg.as_secs_f64() / tok.as_secs_f64();
    // The budget is for optimized builds (CI runs `cargo test --release`). In a debug build
    // the dictionary crate is still optimized (see Cargo.toml) but segmentation is not, so
    // only a loose bound that catches blow-ups applies.
    let budget = if cfg!(debug_assertions) { 0.6 } else { 0.15 };
    eprintln!("tokenize {tok:?}, segment {seg:?}, ratio {ratio:.3} (budget {budget})");
    assert!(
        ratio <= budget,
        "segmentation takes {ratio:.3} of tokenization time ({seg:?} vs {tok:?}), budget {budget}"
    );
}

#[test]
fn segmentation_is_linear_in_document_size() {
    // Small inputs fit in the caches; compare two sizes that both do not.
    let one: String = seeds().concat();
    let small = one.repeat(4);
    let large = one.repeat(64);
    let ctx = SegmentContext::default();
    let t_small = min_time(5, || {
        std::hint::black_box(segment(&small, &[], &ctx));
    });
    let t_large = min_time(3, || {
        std::hint::black_box(segment(&large, &[], &ctx));
    });
    let factor = t_large.as_secs_f64() / t_small.as_secs_f64();
    eprintln!("4 copies {t_small:?}, 64 copies {t_large:?}, factor {factor:.1}");
    assert!(factor < 48.0, "16× the text took {factor:.1}× the time: not linear (quadratic would be ~256×)");
}
