//! Where convert's time goes, stage by stage, on one thread (`cargo bench --bench stages`).
//! Runs each stage of the pipeline over the 20 MB benchmark corpus (made by the throughput
//! benchmark, or here if missing) and prints seconds and share per stage, so the cost of
//! everything but tokenization can be read off directly.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use keikaku::extract::{self, ExtractContext};
use keikaku::record::FileInfo;
use keikaku::segment::{self, SegmentContext};

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target/bench-corpus/stages-20MB");
    if !dir.join(".complete").exists() {
        let seeds = keikaku::corpus::read_seeds(&root.join("seeds")).expect("seeds");
        keikaku::corpus::generate(&seeds, &dir, 20_000_000).expect("corpus");
        std::fs::write(dir.join(".complete"), "").expect("marker");
    }
    let files = keikaku::corpus::text_files(&dir).expect("corpus files");
    let inputs: Vec<(String, Vec<u8>)> =
        files.iter().map(|p| (p.display().to_string(), std::fs::read(p).expect("read"))).collect();
    let total: usize = inputs.iter().map(|(_, b)| b.len()).sum();

    let tokenizer = keikaku::Tokenizer::new(None).expect("tokenizer");
    let mut worker = tokenizer.worker();
    let names = ["read+sha256", "decode", "normalize", "tokenize", "fiscal year", "segment", "extract", "records (JSON)"];
    let mut t = [Duration::ZERO; 8];
    let mut out = (Vec::new(), Vec::new(), Vec::new());
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
        let tokens = worker.tokenize(norm);
        t[3] += s.elapsed();
        let s = Instant::now();
        let fiscal_year = extract::document_fiscal_year(norm);
        t[4] += s.elapsed();
        let s = Instant::now();
        let document = segment::segment(norm, &tokens, &SegmentContext { fiscal_year });
        t[5] += s.elapsed();
        let s = Instant::now();
        let mentions = extract::extract(norm, &tokens, &ExtractContext { fiscal_year });
        t[6] += s.elapsed();
        let p = keikaku::Processed { text, tokens, document, mentions, fiscal_year };
        let file = FileInfo { path: path.clone(), sha256: sha, bytes: bytes.len() as u64 };
        let s = Instant::now();
        out.0.clear();
        out.1.clear();
        out.2.clear();
        keikaku::record::write(&file, &p, &mut out.0, &mut out.1, &mut out.2).expect("write");
        t[7] += s.elapsed();
    }
    let sum: f64 = t.iter().map(Duration::as_secs_f64).sum();
    println!("{} files, {:.1} MB, one thread", inputs.len(), total as f64 / 1e6);
    for (name, d) in names.iter().zip(t) {
        println!("{:<16} {:>7.3} s {:>6.1} %", name, d.as_secs_f64(), 100.0 * d.as_secs_f64() / sum);
    }
    let tok = t[3].as_secs_f64();
    println!("all but tokenization: {:.1} % of the total, {:.1} % of tokenization time", 100.0 * (sum - tok) / sum, 100.0 * (sum - tok) / tok);
}

