//! Batch throughput benchmark (issues 5 and 23). Run with `cargo bench --bench throughput`
//! (or `scripts/bench.sh`). Prints, for each corpus and thread count:
//!
//! - MB/s of `keikaku convert` (the release binary, as a user runs it, output to a temp dir),
//!   pinned with `taskset` to as many cores as threads when `taskset` is there;
//! - MB/s of **lindera alone over whole files**: its `Segmenter` (public API, the project's
//!   dictionary) on each file's decoded text in UTF-8, one file at a time on each thread — the
//!   baseline of issue 23 — and `convert / lindera`, which should be ≥ 1.0;
//! - beside it, MB/s of keikaku's own per-line tokenizer wrapper on the normalized text (the
//!   baseline of issue 5) and `convert / wrapper`;
//! - peak RSS of the convert process, files/s, and JSON written per input byte;
//! - and, per corpus, convert's speed-up from one pinned core to all of them.
//!
//! Timing is paired, as on a shared machine whose speed drifts it must be: after one first
//! convert of each corpus (for peak RSS and JSON bytes, taken while this process is still
//! small), convert and lindera run in turn `KEIKAKU_BENCH_ROUNDS` times (default 3), both
//! pinned to the same cores (lindera's threads through this process's affinity), and each
//! figure is the median of its rounds; `convert/lindera` is the median of the rounds' own
//! ratios, so a slow minute moves both sides of a ratio alike.
//!
//! Corpora: the synthetic ones `keikaku::corpus` makes from `seeds/` (digits rotated per file, a
//! quarter Shift_JIS, a quarter EUC-JP, a third CRLF), sizes `KEIKAKU_BENCH_SIZES` (MB, default
//! "20,200"); and a plan-heavy one, `KEIKAKU_BENCH_PLANS` files (default 158, 0 for none) of
//! 50–200 KB, each bundling several yearly plans (the seeds that read as plans). Corpora are
//! cached under `target/bench-corpus/`.

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
    let plan_files: usize = std::env::var("KEIKAKU_BENCH_PLANS").ok().and_then(|s| s.parse().ok()).unwrap_or(158);
    let all = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut threads = vec![1];
    if all > 1 {
        threads.push(all);
    }
    let pin = std::process::Command::new("taskset").arg("-V").output().is_ok_and(|o| o.status.success());
    let seeds = keikaku::corpus::read_seeds(&root.join("seeds")).expect("seeds/ readable");
    let mut corpora: Vec<(String, PathBuf, (u64, usize))> = sizes
        .iter()
        .map(|&mb| {
            let dir = root.join("target/bench-corpus").join(format!("{mb}MB"));
            let stats = ensure_corpus(&dir, |d| keikaku::corpus::generate(&seeds, d, mb * 1_000_000));
            (format!("{mb} MB"), dir, stats)
        })
        .collect();
    if plan_files > 0 {
        let plans = plan_seeds(&seeds);
        let dir = root.join("target/bench-corpus").join(format!("plans-{plan_files}"));
        let stats = ensure_corpus(&dir, |d| keikaku::corpus::generate_plan_bundles(&plans, d, plan_files));
        corpora.push((format!("plans {plan_files}"), dir, stats));
    }
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
                    let (secs, rss) = run_convert(&binary, dir, out.path(), n, pin);
                    (secs, rss, json_bytes(out.path()))
                })
                .collect()
        })
        .collect();

    let rounds: usize = std::env::var("KEIKAKU_BENCH_ROUNDS").ok().and_then(|s| s.parse().ok()).unwrap_or(3).max(1);
    let tokenizer = keikaku::Tokenizer::new(None).expect("tokenizer");
    if !pin {
        println!("(taskset not found: runs are not pinned to cores)");
    }
    println!("(each figure the median of {rounds} rounds of convert and lindera in turn, pinned alike)");
    println!(
        "corpus        threads   convert MB/s   lindera MB/s   convert/lindera   wrapper MB/s   convert/wrapper   files/s   peak RSS MB   wall s   JSON/input"
    );
    for ((name, dir, stats), converts) in corpora.iter().zip(&converts) {
        let (decoded, normalized) = texts(dir);
        let mbytes = stats.0 as f64 / 1e6;
        let mut convert_wall = Vec::new();
        for (&n, &(_, rss_kb, json)) in threads.iter().zip(converts) {
            let pinned = pin.then(|| pin_this_thread(n));
            let pool = rayon::ThreadPoolBuilder::new().num_threads(n).build().expect("pool");
            if let Some(mask) = pinned {
                unpin_this_thread(&mask);
            }
            let (mut convert_s, mut lindera_s, mut wrapper_s, mut ratios) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for _ in 0..rounds {
                let out = tempfile::tempdir().expect("temp dir");
                let c = run_convert(&binary, dir, out.path(), n, pin).0;
                let l = time_lindera(&pool, tokenizer.segmenter(), &decoded);
                convert_s.push(c);
                lindera_s.push(l);
                ratios.push(l / c);
                wrapper_s.push(time_wrapper(&pool, &tokenizer, n, &normalized));
            }
            let (convert_s, lindera_s, wrapper_s) = (median(&convert_s), median(&lindera_s), median(&wrapper_s));
            convert_wall.push(convert_s);
            println!(
                "{:<12}  {:>7}   {:>12.2}   {:>12.2}   {:>15.2}   {:>12.2}   {:>15.2}   {:>7.1}   {:>11.1}   {:>6.2}   {:>10.2}",
                name,
                n,
                mbytes / convert_s,
                mbytes / lindera_s,
                median(&ratios),
                mbytes / wrapper_s,
                wrapper_s / convert_s,
                stats.1 as f64 / convert_s,
                rss_kb as f64 / 1024.0,
                convert_s,
                json as f64 / stats.0 as f64
            );
        }
        if convert_wall.len() == 2 {
            println!(
                "{:<12}  convert on {} pinned cores vs one: {:.2}x",
                name,
                threads[1],
                convert_wall[0] / convert_wall[1]
            );
        }
    }
}

/// The median of some timings.
fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

/// Pins the calling thread to the first `n` cores, as `taskset -c 0-(n-1)` pins convert, so
/// threads it starts (a rayon pool's) inherit the same cores; returns its mask before.
#[cfg(target_os = "linux")]
fn pin_this_thread(n: usize) -> libc::cpu_set_t {
    // SAFETY: cpu_set_t is plain data; the calls get and set the calling thread's own mask.
    unsafe {
        let mut old: libc::cpu_set_t = std::mem::zeroed();
        libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut old);
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        for core in 0..n {
            libc::CPU_SET(core, &mut set);
        }
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
        old
    }
}

/// Gives the calling thread its mask back.
#[cfg(target_os = "linux")]
fn unpin_this_thread(mask: &libc::cpu_set_t) {
    // SAFETY: as above.
    unsafe {
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), mask);
    }
}

/// Elsewhere lindera's threads are not pinned (nor is convert: `taskset` is Linux's).
#[cfg(not(target_os = "linux"))]
fn pin_this_thread(_n: usize) {}

#[cfg(not(target_os = "linux"))]
fn unpin_this_thread(_mask: &()) {}

/// The seeds that read as plans (their document kind), for the plan-heavy corpus.
fn plan_seeds(seeds: &[String]) -> Vec<String> {
    let tokenizer = keikaku::Tokenizer::new(None).expect("tokenizer");
    let mut worker = tokenizer.worker();
    seeds
        .iter()
        .filter(|text| {
            let decoded = keikaku::decode(text.as_bytes(), None).expect("seed text");
            let p = keikaku::process(decoded, &mut worker, &keikaku::PipelineOptions::default());
            p.document.kind == keikaku::segment::DocumentKind::Plan
        })
        .cloned()
        .collect()
}

/// lindera's `Segmenter` over whole files (decoded UTF-8 text), one file at a time per thread.
fn time_lindera(pool: &rayon::ThreadPool, segmenter: &lindera::segmenter::Segmenter, texts: &[String]) -> f64 {
    let t = Instant::now();
    let tokens: usize = pool.install(|| {
        texts
            .par_iter()
            .map(|text| segmenter.segment(std::borrow::Cow::Borrowed(text.as_str())).map_or(0, |v| v.len()))
            .sum()
    });
    assert!(tokens > 0);
    t.elapsed().as_secs_f64()
}

/// keikaku's per-line wrapper over the normalized texts, one worker per thread for the whole
/// run, as convert has (rayon's map_init would make a fresh one, with a cold part-of-speech
/// cache, for every split).
fn time_wrapper(pool: &rayon::ThreadPool, tokenizer: &keikaku::Tokenizer, n: usize, texts: &[String]) -> f64 {
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
    assert!(tokens > 0);
    t.elapsed().as_secs_f64()
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

/// Generates a corpus once with `make`; returns (bytes, files).
fn ensure_corpus(
    dir: &Path,
    make: impl FnOnce(&Path) -> std::io::Result<keikaku::corpus::CorpusStats>,
) -> (u64, usize) {
    let marker = dir.with_extension("complete");
    if !marker.exists() {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir).expect("corpus dir");
        let stats = make(dir).expect("corpus written");
        std::fs::write(&marker, format!("{} {}", stats.bytes, stats.files)).expect("marker");
    }
    let text = std::fs::read_to_string(&marker).expect("marker");
    let mut parts = text.split_whitespace().map(|s| s.parse::<u64>().expect("number"));
    (parts.next().expect("bytes"), parts.next().expect("files") as usize)
}

/// Decodes every file of the corpus (untimed): lindera's input in UTF-8, and the normalized
/// text, the wrapper's input.
fn texts(dir: &Path) -> (Vec<String>, Vec<String>) {
    let paths = keikaku::corpus::text_files(dir).expect("corpus files");
    paths
        .par_iter()
        .map(|p| {
            let bytes = std::fs::read(p).expect("corpus file");
            let decoded = keikaku::decode(&bytes, None).expect("text");
            let normalized = keikaku::normalize::normalize(&decoded.text).text;
            (decoded.text, normalized)
        })
        .unzip()
}

/// Runs `keikaku convert` and returns (wall seconds, peak RSS in KiB) via wait4(2).
fn run_convert(binary: &Path, input: &Path, output: &Path, threads: usize, pin: bool) -> (f64, i64) {
    let t = Instant::now();
    // Pinned to the first `threads` cores, so one thread and two are compared on as many cores.
    let mut command = if pin {
        let mut c = std::process::Command::new("taskset");
        c.args(["-c", &format!("0-{}", threads - 1)]).arg(binary);
        c
    } else {
        std::process::Command::new(binary)
    };
    // Reaped below with wait4(2), which also gives its peak RSS; std's wait() cannot.
    #[allow(clippy::zombie_processes)]
    let child = command
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
