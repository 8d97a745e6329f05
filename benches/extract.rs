//! Extraction alone, on one thread: ~20 MB built by repeating the five seeds, normalized
//! once, then `extract` with an empty token slice (no tokenization), as `keikaku extract`'s
//! speed path runs it. Prints MB/s of normalized text.
//!
//! ```text
//! cargo bench --bench extract
//! ```
//!
//! Target: ≥ 150 MB/s on one core.
//!
//! `KEIKAKU_BENCH_MB=2 KEIKAKU_BENCH_RUNS=1` makes it small enough to count instructions
//! under `valgrind --tool=callgrind`, which a noisy machine does not change.

use std::time::Instant;

use keikaku::extract::{self, ExtractContext};
use keikaku::{decode, SourceText};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&root)
        .expect("seeds/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let mut corpus = String::new();
    for p in &paths {
        let bytes = std::fs::read(p).expect("seed readable");
        corpus.push_str(&decode(&bytes, None).expect("seed decodes").text);
        corpus.push('\n');
    }
    let target_bytes = env_number("KEIKAKU_BENCH_MB", 20) * 1024 * 1024;
    let mut text = String::with_capacity(target_bytes + corpus.len());
    while text.len() < target_bytes {
        text.push_str(&corpus);
    }
    let source = SourceText::from_text(&text);
    let norm = source.norm();
    let fy = extract::document_fiscal_year(norm);
    let ctx = ExtractContext { fiscal_year: fy };

    // Warm-up: compiles the regexes.
    let mut cut = norm.len().min(1 << 20);
    while !norm.is_char_boundary(cut) {
        cut -= 1;
    }
    let warm = extract::extract(&norm[..cut], &[], &ctx);
    std::hint::black_box(&warm);

    let runs = env_number("KEIKAKU_BENCH_RUNS", 5);
    let mut best = f64::INFINITY;
    let mut mentions = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let m = extract::extract(norm, &[], &ctx);
        let secs = t.elapsed().as_secs_f64();
        mentions = m.len();
        std::hint::black_box(m);
        best = best.min(secs);
    }
    let mb = norm.len() as f64 / 1e6;
    println!(
        "extract (no tokens, 1 thread): {mb:.1} MB normalized, {mentions} mentions, best of {runs}: {best:.3} s = {:.1} MB/s",
        mb / best
    );
}
