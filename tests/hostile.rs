//! Hostile input: a directory of every kind of bad file (see `examples/make_hostile.rs`) is
//! converted in one batch. Every file ends as records or as an error line naming the file and
//! the reason, the batch finishes, memory stays bounded, and the counts add up.

mod common;

#[path = "../examples/make_hostile.rs"]
mod make_hostile;

use std::collections::HashMap;

use common::*;
use serde_json::Value;

/// Peak RSS limit for the whole batch. It is set by the one 50 MB line packed with figures
/// (about 2.3 million mentions, all held while that document is converted); the 20,000 other
/// files add nothing to it, since memory does not grow with the number of files.
const PEAK_RSS_LIMIT_MB: i64 = 3000;

#[cfg(unix)]
#[test]
fn hostile_corpus_converts_without_losing_a_file() {
    let input = tempfile::tempdir().unwrap();
    let made = make_hostile::generate(input.path(), 50).unwrap();
    let out = tempfile::tempdir().unwrap();

    // Reaped below with wait4(2), which also gives its peak RSS; std's wait() cannot.
    #[allow(clippy::zombie_processes)]
    let child = keikaku()
        .args(["convert", "--no-progress", "-o"])
        .arg(out.path())
        .arg(input.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting for our own child with valid pointers.
    assert_eq!(unsafe { libc::wait4(pid, &mut status, 0, &mut usage) }, pid);
    assert!(libc::WIFEXITED(status), "keikaku was killed by a signal: {status}");
    assert_eq!(libc::WEXITSTATUS(status), 1, "some inputs are unreadable, so exit status 1");
    let peak_mb = usage.ru_maxrss / 1024;
    assert!(peak_mb < PEAK_RSS_LIMIT_MB, "peak RSS {peak_mb} MB");
    eprintln!("hostile corpus: {} inputs, peak RSS {peak_mb} MB", made.inputs);

    let docs = read_jsonl(&out.path().join("documents.jsonl"));
    assert_eq!(docs.len(), made.inputs, "one documents.jsonl line per input");
    let by_name: HashMap<String, &Value> = docs
        .iter()
        .map(|d| {
            let p = d["path"].as_str().unwrap();
            (p.strip_prefix(input.path().to_str().unwrap()).unwrap().trim_start_matches('/').to_string(), d)
        })
        .collect();
    assert_eq!(by_name.len(), docs.len(), "paths are unique");
    for d in &docs {
        match d["status"].as_str().unwrap() {
            "ok" | "empty" => assert!(d["error"].is_null()),
            "error" | "skipped_binary" => assert!(!d["error"].as_str().unwrap().is_empty(), "{d}"),
            other => panic!("unknown status {other}"),
        }
    }
    let status = |name: &str| by_name.get(name).unwrap_or_else(|| panic!("{name} missing"))["status"].as_str().unwrap();
    let field = |name: &str, key: &str| by_name[name][key].clone();
    for name in ["renamed-pdf.txt", "image.png", "noise.bin"] {
        assert_eq!(status(name), "skipped_binary", "{name}");
    }
    for name in ["empty.txt", "whitespace.txt", "bom-only.txt", "utf16-bom-only.txt"] {
        assert_eq!(status(name), "empty", "{name}");
    }
    assert_eq!(status("utf8-invalid-middle.txt"), "ok");
    assert_eq!(field("utf8-invalid-middle.txt", "encoding"), "UTF-8");
    assert!(field("utf8-invalid-middle.txt", "decode_errors").as_u64().unwrap() > 0);
    assert_eq!(field("sjis-cut.txt", "encoding"), "Shift_JIS");
    assert!(field("sjis-cut.txt", "decode_errors").as_u64().unwrap() >= 1);
    assert_eq!(field("eucjp-stray.txt", "encoding"), "EUC-JP");
    assert!(field("eucjp-stray.txt", "decode_errors").as_u64().unwrap() >= 1);
    assert_eq!(field("utf16le-nobom.txt", "encoding"), "UTF-16LE");
    assert_eq!(field("utf16be-nobom.txt", "encoding"), "UTF-16BE");
    for name in [
        "crlf.txt",
        "cr-only.txt",
        "single-huge-line.txt",
        "tab-cells.txt",
        "nested-bullets.txt",
        "numbers-and-dates.txt",
        "digit-runs.txt",
        "mixed-width-date.txt",
    ] {
        assert_eq!(status(name), "ok", "{name}");
    }
    assert!(field("single-huge-line.txt", "mentions").as_u64().unwrap() > 100_000);
    assert_eq!(field("crlf.txt", "records"), field("cr-only.txt", "records"), "line ends do not change the structure");
    assert_eq!(status("dangling-link.txt"), "error");
    let loop_row = docs
        .iter()
        .find(|d| d["error"].as_str().is_some_and(|e| e.contains("loop")))
        .expect("the symlink loop is reported");
    assert_eq!(loop_row["status"], "error");
    let tiny_ok = by_name.iter().filter(|(k, d)| k.starts_with("tiny/") && d["status"] == "ok").count();
    assert_eq!(tiny_ok, 20_000);

    let manifest: Value = serde_json::from_slice(&std::fs::read(out.path().join("manifest.json")).unwrap()).unwrap();
    let c = &manifest["counts"];
    let sum: u64 = ["ok", "error", "skipped_binary", "empty"].iter().map(|k| c[k].as_u64().unwrap()).sum();
    assert_eq!(sum, made.inputs as u64);
    assert_eq!(c["files"], made.inputs as u64);

    // Let the temp dir clean up files without permissions.
    let _ = std::process::Command::new("chmod").args(["-R", "u+rwX"]).arg(input.path()).status();
}
