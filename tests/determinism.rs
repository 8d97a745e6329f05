//! Same inputs → byte-identical outputs (JSONL and Parquet), whatever the thread count; a run
//! killed with SIGKILL leaves no partial file under a final name, and re-running gives the same
//! bytes; a run stopped by SIGINT or SIGTERM keeps the previous batch and what it wrote, says
//! how to resume, and `--resume` with other options says which differ and keeps the checkpoint.

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
    let (one, out1) = convert(&[input], &["-j", "1", "--format", "jsonl,parquet"]);
    let (two, out2) = convert(&[input], &["-j", "2", "--format", "jsonl,parquet"]);
    assert_eq!(out1.status.code(), Some(0), "{}", String::from_utf8_lossy(&out1.stderr));
    assert_eq!(out2.status.code(), Some(0));
    let (a, b) = (outputs(one.path()), outputs(two.path()));
    let mut expected: Vec<String> =
        keikaku::columns::converted().flat_map(|o| [o.jsonl_name(), o.parquet_name()]).collect();
    expected.push("manifest.json".to_string());
    expected.sort();
    assert_eq!(a.iter().map(|f| f.0.clone()).collect::<Vec<_>>(), expected);
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

    // The killed run may have written a checkpoint: a plain re-run is then refused (the
    // run could be resumed), so it starts over with --force.
    let out = run(&["convert", "--no-progress", "-j", "2", "--force", "-o", out_dir, input], b"");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let (a, b) = (outputs(reference.path()), outputs(killed.path()));
    assert_eq!(a.len(), b.len(), "{:?}", b.iter().map(|f| &f.0).collect::<Vec<_>>());
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs after kill and re-run");
    }
}

/// Starts `convert input -o out_dir extra…`, waits for its first checkpoint, sends `signal`
/// and returns the exit status and stderr.
#[cfg(unix)]
fn interrupt(input: &str, out_dir: &Path, extra: &[&str], signal: i32) -> (Option<i32>, String) {
    let checkpoint = out_dir.join(".checkpoint.json");
    let _ = std::fs::remove_file(&checkpoint);
    let child = keikaku()
        .args(["convert", "--no-progress", "-j", "2", "-o", out_dir.to_str().unwrap(), input])
        .args(extra)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while !checkpoint.exists() && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(2));
    }
    // SAFETY: kill(2) on our own child's pid.
    assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// SIGTERM while a new batch (`--force`) replaces a complete one: exit 143, the previous
/// batch untouched, a message naming what was kept and the command to resume. A plain re-run
/// is refused (it would throw the interrupted run away), `--resume` with another option is
/// refused naming it and leaves the checkpoint as it was, and `--resume` as told finishes with
/// the bytes of an uninterrupted run.
#[cfg(unix)]
#[test]
fn sigterm_keeps_the_previous_batch_and_resume_says_what_differs() {
    let input = corpus(8_000_000);
    let input = input.path().to_str().unwrap();
    let (reference, out) = convert(&[input], &["-j", "2"]);
    assert_eq!(out.status.code(), Some(0));
    let (dir, out) = convert(&["seeds"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let previous = outputs(dir.path());

    let (code, stderr) = interrupt(input, dir.path(), &["--force"], libc::SIGTERM);
    assert_eq!(code, Some(143), "{stderr}");
    assert!(stderr.contains("interrupted by SIGTERM"), "{stderr}");
    assert!(stderr.contains("still holds the previous complete batch"), "{stderr}");
    assert!(stderr.contains(".records.jsonl.partial") && stderr.contains(".checkpoint.json"), "{stderr}");
    let resume_line =
        stderr.lines().find(|l| l.contains("to continue where it stopped, run:")).expect("a resume command");
    assert!(resume_line.ends_with("--resume") && resume_line.contains(input), "{resume_line}");
    let now = outputs(dir.path());
    for (name, bytes) in &previous {
        let kept =
            now.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name} of the previous batch is gone"));
        assert!(&kept.1 == bytes, "{name} of the previous batch changed");
    }
    let checkpoint = std::fs::read(dir.path().join(".checkpoint.json")).expect("a checkpoint is kept");

    let out_dir = dir.path().to_str().unwrap();
    let out = run(&["convert", "--no-progress", "-o", out_dir, input], b"");
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("interrupted run of these same inputs") && text.contains("--resume"), "{text}");

    let out = run(&["convert", "--no-progress", "--resume", "--fy", "2019", "-o", out_dir, input], b"");
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("cannot resume") && text.contains("--fy was not given and is now 2019"), "{text}");
    assert_eq!(std::fs::read(dir.path().join(".checkpoint.json")).unwrap(), checkpoint, "the checkpoint was changed");

    let out = run(&["convert", "--no-progress", "--resume", "-j", "2", "-o", out_dir, input], b"");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let (a, b) = (outputs(reference.path()), outputs(dir.path()));
    assert_eq!(a.iter().map(|f| &f.0).collect::<Vec<_>>(), b.iter().map(|f| &f.0).collect::<Vec<_>>());
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs after SIGTERM and --resume");
    }
}

/// Ctrl-C on a first batch: exit 130, no complete batch said so, and the resume command.
#[cfg(unix)]
#[test]
fn sigint_exits_130_and_says_how_to_resume() {
    let input = corpus(4_000_000);
    let input = input.path().to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr) = interrupt(input, dir.path(), &[], libc::SIGINT);
    assert_eq!(code, Some(130), "{stderr}");
    assert!(stderr.contains("interrupted by SIGINT (Ctrl-C)"), "{stderr}");
    assert!(stderr.contains("holds no complete batch (no manifest.json)"), "{stderr}");
    assert!(
        stderr.lines().any(|l| l.contains("to continue where it stopped, run:") && l.ends_with("--resume")),
        "{stderr}"
    );
    assert!(!dir.path().join("manifest.json").exists());
    let out = run(&["convert", "--no-progress", "--resume", "-o", dir.path().to_str().unwrap(), input], b"");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("resuming after"));
}
