//! Where convert's time goes, stage by stage, on one thread (`cargo bench --bench stages`).
//! Runs each stage of the pipeline over a 20 MB benchmark corpus (made here if missing, or
//! the `.txt` files of `STAGES_CORPUS=DIR`) and
//! prints seconds and share per stage, so the cost of everything but tokenization can be read
//! off directly and set against the issue-5 budget (convert ≥ 85% of tokenization alone, so
//! everything else ≤ 17.6% of tokenization-alone time).
//!
//! It also prints segmentation's share (layout and segment) of tokenization time against
//! issue 18's bound (≤ 20 %) and the older budget (≤ 15 %):
//! a figure for a benchmark, not an assertion in `cargo test`, since a loaded machine slows
//! the two unevenly.
//!
//! Tokenization is timed twice: alone, over every line of every text in a row (as the
//! throughput benchmark's baseline does), and inside the pipeline, which tokenizes only the
//! lines a stage asks for ([`keikaku::LineTokens`]; the share of the text is printed).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use keikaku::extract::{self, ExtractContext};
use keikaku::record::FileInfo;
use keikaku::segment::{self, SegmentContext};

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // `STAGES_CORPUS=DIR` times another corpus (e.g. documents read by their outline).
    let given = std::env::var_os("STAGES_CORPUS").map(PathBuf::from);
    let dir = given.clone().unwrap_or_else(|| root.join("target/bench-corpus/stages-20MB"));
    if given.is_none() && !dir.with_extension("complete").exists() {
        let seeds = keikaku::corpus::read_seeds(&root.join("seeds")).expect("seeds");
        keikaku::corpus::generate(&seeds, &dir, 20_000_000).expect("corpus");
        std::fs::write(dir.with_extension("complete"), "").expect("marker");
    }
    let files = keikaku::corpus::text_files(&dir).expect("corpus files");
    let inputs: Vec<(String, Vec<u8>)> =
        files.iter().map(|p| (p.display().to_string(), std::fs::read(p).expect("read"))).collect();
    let total: usize = inputs.iter().map(|(_, b)| b.len()).sum();

    let tokenizer = keikaku::Tokenizer::new(None).expect("tokenizer");
    let mut worker = tokenizer.worker();

    // Tokenization alone, on the normalized texts (decoded and normalized untimed).
    let texts: Vec<String> = inputs
        .iter()
        .map(|(_, b)| keikaku::SourceText::new(keikaku::decode(b, None).expect("text")).norm().to_string())
        .collect();
    let s = Instant::now();
    let tokens: usize = texts.iter().map(|t| worker.tokenize(t).len()).sum();
    let tokenize_alone = s.elapsed().as_secs_f64();
    assert!(tokens > 0);
    drop(texts);
    // Issue 23's yardstick: lindera's `Segmenter` over each whole decoded text, as the
    // throughput benchmark runs it (one thread here).
    let decoded: Vec<String> = inputs.iter().map(|(_, b)| keikaku::decode(b, None).expect("text").text).collect();
    let s = Instant::now();
    let tokens: usize = decoded
        .iter()
        .map(|t| tokenizer.segmenter().segment(std::borrow::Cow::Borrowed(t.as_str())).map_or(0, |v| v.len()))
        .sum();
    let lindera_whole = s.elapsed().as_secs_f64();
    assert!(tokens > 0);
    drop(decoded);

    let names = [
        "read+sha256",
        "decode",
        "normalize",
        "tokenize",
        "fiscal year",
        "segment",
        "extract",
        "as-of, owners, indicators",
        "records (JSON)",
    ];
    let mut t = [Duration::ZERO; 9];
    let mut out: [Vec<u8>; 5] = Default::default();
    // (segmentation time, path) of the slowest files, to find a pathological layout.
    let mut slowest: Vec<(Duration, &str)> = Vec::new();
    let mut tokenized = 0;
    for (path, bytes) in &inputs {
        let s = Instant::now();
        let sha = keikaku::record::hex(&<sha2::Sha256 as sha2::Digest>::digest(bytes));
        t[0] += s.elapsed();
        let s = Instant::now();
        let decoded = keikaku::decode(bytes, None).expect("text");
        t[1] += s.elapsed();
        let s = Instant::now();
        let text = keikaku::SourceText::new(decoded);
        t[2] += s.elapsed();
        let norm = text.norm();
        let s = Instant::now();
        let fiscal_year = extract::document_fiscal_year(norm);
        t[4] += s.elapsed();
        // Tokens are made on demand before subjects (the lines with a figure that no header or
        // label names): their time is taken out of extraction and shown as tokenization's.
        let mut lazy = keikaku::LineTokens::new(&mut worker, norm);
        let s = Instant::now();
        // Lines and tables are found once for both stages, as in the pipeline: counted here.
        let layout = keikaku::layout::Layout::read_spaced(norm, &text.normalized.letter_gaps);
        let document = segment::segment_layout(norm, &layout, &SegmentContext { fiscal_year });
        let segmented = s.elapsed();
        t[5] += segmented;
        slowest.push((segmented, path.as_str()));
        let s = Instant::now();
        let before = lazy.time();
        let mut figures = extract::figures_in(norm, &layout.tables, &ExtractContext { fiscal_year });
        figures.label_subjects(norm);
        let mentions = figures.with_subjects(norm, &mut lazy);
        t[6] += s.elapsed().saturating_sub(lazy.time() - before);
        t[3] += lazy.time();
        tokenized += lazy.bytes_tokenized();
        let tokens = lazy.into_tokens();
        let tables = layout.tables;
        let s = Instant::now();
        let p = keikaku::pipeline::finish(text, tokens, document, mentions, tables, fiscal_year);
        t[7] += s.elapsed();
        let file = FileInfo { path: path.clone(), sha256: sha, bytes: bytes.len() as u64 };
        let s = Instant::now();
        out.iter_mut().for_each(Vec::clear);
        let [documents, records, mentions, indicators, tables] = &mut out;
        let outputs = keikaku::record::Outputs { documents, records, mentions, indicators, tables };
        keikaku::record::write(&file, &p, outputs).expect("write");
        t[8] += s.elapsed();
    }
    let sum: f64 = t.iter().map(Duration::as_secs_f64).sum();
    println!(
        "{} files, {:.1} MB, one thread; {:.1} % of the text needed tokens",
        inputs.len(),
        total as f64 / 1e6,
        100.0 * tokenized as f64 / total as f64
    );
    for (name, d) in names.iter().zip(t) {
        println!(
            "{:<26} {:>7.3} s {:>6.1} % of the pipeline {:>6.1} % of tokenization alone",
            name,
            d.as_secs_f64(),
            100.0 * d.as_secs_f64() / sum,
            100.0 * d.as_secs_f64() / tokenize_alone
        );
    }
    let in_pipeline = t[3].as_secs_f64();
    println!(
        "tokenize alone   {tokenize_alone:>7.3} s (every line; the pipeline tokenized {:.1} % of the text in {:.1} % of this time)",
        100.0 * tokenized as f64 / total as f64,
        100.0 * in_pipeline / tokenize_alone
    );
    let other = sum - in_pipeline;
    println!(
        "all but tokenization: {other:.3} s = {:.1} % of tokenization-alone time; \
         pipeline / tokenize-alone throughput {:.2} (issue 14: ≥ 0.72)",
        100.0 * other / tokenize_alone,
        tokenize_alone / sum
    );
    // With no tokenizing at all, convert could go no faster than this against lindera: the
    // stages above, less tokenization (and less than convert does: no output hashing, file
    // writes or process start-up here).
    println!(
        "lindera whole files {lindera_whole:>7.3} s; all but tokenization / lindera {:.2}: \
         convert / lindera cannot pass {:.2} however little is tokenized (issue 23's target 1.0)",
        other / lindera_whole,
        lindera_whole / other
    );
    slowest.sort_unstable_by_key(|s| std::cmp::Reverse(s.0));
    for (d, path) in slowest.iter().take(3) {
        println!("  slowest to segment: {:.1} ms {path}", d.as_secs_f64() * 1e3);
    }
    let segment_share = 100.0 * t[5].as_secs_f64() / tokenize_alone;
    let verdict = |bound: f64| if segment_share <= bound { "within" } else { "OVER" };
    println!(
        "segmentation (layout + segment): {segment_share:.1} % of tokenization-alone time \
         (issue 18's bound 20 %: {}; the older budget 15 %: {})",
        verdict(20.0),
        verdict(15.0)
    );
}
