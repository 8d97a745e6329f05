//! Same inputs → byte-identical outputs, whatever the thread count, and a run killed with
//! SIGKILL leaves no partial file under a final name; re-running gives the same bytes.

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;

fn corpus(target_bytes: u64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let seeds = keikaku::corpus::read_seeds(&root().join("seeds")).unwrap();
    let stats = keikaku::corpus::generate(&seeds, dir.path(), target_bytes).unwrap();
    assert!(stats.shift_jis > 0 && stats.euc_jp > 0 && stats.crlf > 0, "{stats:?}");
    dir
}

fn outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn output_is_identical_for_one_and_two_threads() {
    let input = corpus(1_500_000);
    let input = input.path().to_str().unwrap();
    let (one, out1) = convert(&[input], &["-j", "1"]);
    let (two, out2) = convert(&[input], &["-j", "2"]);
    assert_eq!(out1.status.code(), Some(0), "{}", String::from_utf8_lossy(&out1.stderr));
    assert_eq!(out2.status.code(), Some(0));
    let (a, b) = (outputs(one.path()), outputs(two.path()));
    assert_eq!(
        a.iter().map(|f| &f.0).collect::<Vec<_>>(),
        ["documents.jsonl", "indicators.jsonl", "manifest.json", "mentions.jsonl", "records.jsonl"]
    );
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs between -j1 and -j2");
    }
    // And the encodings were really mixed.
    let docs = read_jsonl(&one.path().join("documents.jsonl"));
    for enc in ["UTF-8", "Shift_JIS", "EUC-JP"] {
        assert!(docs.iter().any(|d| d["encoding"] == enc), "no {enc} document");
    }
}

/// Starts `convert` into `out_dir` and SIGKILLs it once it has written its first checkpoint.
#[cfg(unix)]
fn start_and_kill(input: &str, out_dir: &Path) {
    let mut child = keikaku()
        .args(["convert", "--no-progress", "-j", "2", "-o", out_dir.to_str().unwrap(), input])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let checkpoint = out_dir.join(".checkpoint.json");
    let started = std::time::Instant::now();
    while !checkpoint.exists() && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(!out_dir.join("manifest.json").exists(), "the run finished before it could be killed");
}

#[cfg(unix)]
#[test]
fn resume_after_sigkill_gives_the_same_bytes() {
    let input = corpus(8_000_000);
    let input = input.path().to_str().unwrap();
    let (reference, out) = convert(&[input], &["-j", "1"]);
    assert_eq!(out.status.code(), Some(0));
    let killed = tempfile::tempdir().unwrap();
    start_and_kill(input, killed.path());
    let out =
        run(&["convert", "--no-progress", "--resume", "-j", "2", "-o", killed.path().to_str().unwrap(), input], b"");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("resuming after"), "{stderr}");
    let (a, b) = (outputs(reference.path()), outputs(killed.path()));
    assert_eq!(a.iter().map(|f| &f.0).collect::<Vec<_>>(), b.iter().map(|f| &f.0).collect::<Vec<_>>());
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs after kill and --resume");
    }
}

#[cfg(unix)]
#[test]
fn sigkill_midway_leaves_no_partial_file_and_a_rerun_matches() {
    let input = corpus(8_000_000);
    let input = input.path().to_str().unwrap();
    let (reference, out) = convert(&[input], &["-j", "2"]);
    assert_eq!(out.status.code(), Some(0));

    let killed = tempfile::tempdir().unwrap();
    let out_dir = killed.path().to_str().unwrap();
    let mut child = keikaku()
        .args(["convert", "--no-progress", "-j", "2", "-o", out_dir, input])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the run has written into its partial records file, then kill it.
    let partial = killed.path().join(".records.jsonl.partial");
    let started = std::time::Instant::now();
    while std::fs::metadata(&partial).map_or(true, |m| m.len() == 0) && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let names: Vec<String> = outputs(killed.path()).into_iter().map(|f| f.0).collect();
    assert!(!names.contains(&"manifest.json".to_string()), "killed midway, yet a manifest: {names:?}");
    for final_name in ["documents.jsonl", "records.jsonl", "mentions.jsonl"] {
        assert!(!names.contains(&final_name.to_string()), "a partial {final_name} under its final name: {names:?}");
    }

    let out = run(&["convert", "--no-progress", "-j", "2", "-o", out_dir, input], b"");
    assert_eq!(out.status.code(), Some(0));
    let (a, b) = (outputs(reference.path()), outputs(killed.path()));
    assert_eq!(a.len(), b.len(), "{:?}", b.iter().map(|f| &f.0).collect::<Vec<_>>());
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs after kill and re-run");
    }
}
