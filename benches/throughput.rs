//! Batch throughput benchmark (issue 5). Run with `cargo bench --bench throughput`
//! (or `scripts/bench.sh`). Prints, for each corpus size and thread count:
//!
//! - MB/s of `keikaku convert` (the release binary, as a user runs it, output to a temp dir),
//! - MB/s of lindera tokenization alone on the same text (normalized beforehand, untimed),
//! - their ratio (convert / tokenize: everything but tokenization costs 1 − ratio),
//! - peak RSS of the convert process, files/s, and JSON written per input byte.
//!
//! The corpus is made by `keikaku::corpus` from `seeds/`: digits rotated per file, a quarter
//! Shift_JIS, a quarter EUC-JP, a third CRLF. Sizes: `KEIKAKU_BENCH_SIZES` (MB, default
//! "20,200"). Corpora are cached under `target/bench-corpus/`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_keikaku"));
    let sizes: Vec<u64> = std::env::var("KEIKAKU_BENCH_SIZES")
        .unwrap_or_else(|_| "20,200".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let all = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut threads = vec![1];
    if all > 1 {
        threads.push(all);
    }
    let seeds = keikaku::corpus::read_seeds(&root.join("seeds")).expect("seeds/ readable");
    let corpora: Vec<(u64, PathBuf, (u64, usize))> = sizes
        .iter()
        .map(|&mb| {
            let dir = root.join("target/bench-corpus").join(format!("{mb}MB"));
            let stats = ensure_corpus(&seeds, &dir, mb * 1_000_000);
            (mb, dir, stats)
        })
        .collect();
    // Every convert runs first, while this process is still small: a child's peak RSS
    // (ru_maxrss) includes what it inherited before exec, so forking after loading the
    // tokenizer or the texts of a corpus would count them against convert.
    let converts: Vec<Vec<(f64, i64, u64)>> = corpora
        .iter()
        .map(|(_, dir, _)| {
            threads
                .iter()
                .map(|&n| {
                    let out = tempfile::tempdir().expect("temp dir");
                    let (secs, rss) = run_convert(&binary, dir, out.path(), n);
                    (secs, rss, json_bytes(out.path()))
                })
                .collect()
        })
        .collect();

    let tokenizer = keikaku::Tokenizer::new(None).expect("tokenizer");
    println!("corpus   threads   convert MB/s   tokenize MB/s   ratio   files/s   peak RSS MB   wall s   JSON/input");
    for ((mb, dir, stats), converts) in corpora.iter().zip(&converts) {
        let texts = normalized_texts(dir);
        for (&n, &(convert_s, rss_kb, json)) in threads.iter().zip(converts) {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(n).build().expect("pool");
            // One worker per thread for the whole run, as convert has (rayon's map_init would
            // make a fresh one, with a cold part-of-speech cache, for every split).
            let workers: Vec<std::sync::Mutex<keikaku::TokenizerWorker>> =
                (0..n).map(|_| std::sync::Mutex::new(tokenizer.worker())).collect();
            let t = Instant::now();
            let tokens: usize = pool.install(|| {
                texts
                    .par_iter()
                    .map(|text| {
                        let slot = rayon::current_thread_index().unwrap_or(0) % n;
                        workers[slot].lock().expect("worker").tokenize(text).len()
                    })
                    .sum()
            });
            let tokenize_s = t.elapsed().as_secs_f64();
            assert!(tokens > 0);
            let mbytes = stats.0 as f64 / 1e6;
            let convert_mbs = mbytes / convert_s;
            let tokenize_mbs = mbytes / tokenize_s;
            println!(
                "{:>4} MB   {:>7}   {:>12.2}   {:>13.2}   {:>5.2}   {:>7.1}   {:>11.1}   {:>6.1}   {:>10.2}",
                mb,
                n,
                convert_mbs,
                tokenize_mbs,
                convert_mbs / tokenize_mbs,
                stats.1 as f64 / convert_s,
                rss_kb as f64 / 1024.0,
                convert_s,
                json as f64 / stats.0 as f64
            );
        }
    }
}

/// Bytes of JSON Lines written into `dir` (the four .jsonl files).
fn json_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .expect("output dir")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "jsonl"))
        .map(|e| e.metadata().map_or(0, |m| m.len()))
        .sum()
}

/// Generates the corpus once; returns (bytes, files).
fn ensure_corpus(seeds: &[String], dir: &Path, bytes: u64) -> (u64, usize) {
    let marker = dir.with_extension("complete");
    if !marker.exists() {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir).expect("corpus dir");
        let stats = keikaku::corpus::generate(seeds, dir, bytes).expect("corpus written");
        std::fs::write(&marker, format!("{} {}", stats.bytes, stats.files)).expect("marker");
    }
    let text = std::fs::read_to_string(&marker).expect("marker");
    let mut parts = text.split_whitespace().map(|s| s.parse::<u64>().expect("number"));
    (parts.next().expect("bytes"), parts.next().expect("files") as usize)
}

/// Decodes and normalizes every file of the corpus (untimed): the tokenizer's input.
fn normalized_texts(dir: &Path) -> Vec<String> {
    let paths = keikaku::corpus::text_files(dir).expect("corpus files");
    paths
        .par_iter()
        .map(|p| {
            let bytes = std::fs::read(p).expect("corpus file");
            let decoded = keikaku::decode(&bytes, None).expect("text");
            keikaku::normalize::normalize(&decoded.text).text
        })
        .collect()
}

/// Runs `keikaku convert` and returns (wall seconds, peak RSS in KiB) via wait4(2).
fn run_convert(binary: &Path, input: &Path, output: &Path, threads: usize) -> (f64, i64) {
    let t = Instant::now();
    // Reaped below with wait4(2), which also gives its peak RSS; std's wait() cannot.
    #[allow(clippy::zombie_processes)]
    let child = std::process::Command::new(binary)
        .args(["convert", "--no-progress", "-j", &threads.to_string(), "-o"])
        .arg(output)
        .arg(input)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("keikaku convert starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child with valid pointers.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4 failed");
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "convert failed: status {status}");
    (t.elapsed().as_secs_f64(), usage.ru_maxrss)
}
