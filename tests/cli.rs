//! The command line as a user runs it: convert, extract, inspect, tokens, schema, exit codes.

mod common;

use common::*;
use serde_json::Value;

#[test]
fn convert_seeds_writes_every_output_and_a_manifest() {
    let (dir, out) = convert(&["seeds"], &[]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let docs = read_jsonl(&dir.path().join("documents.jsonl"));
    assert_eq!(docs.len(), 5);
    assert!(docs.iter().all(|d| d["status"] == "ok"), "{docs:?}");
    let records = read_jsonl(&dir.path().join("records.jsonl"));
    assert!(!records.is_empty());
    let manifest: Value = serde_json::from_slice(&std::fs::read(dir.path().join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["counts"]["files"], 5);
    for name in ["documents.jsonl", "records.jsonl", "mentions.jsonl"] {
        let bytes = std::fs::read(dir.path().join(name)).unwrap();
        let entry = &manifest["files"][name];
        assert_eq!(entry["bytes"], bytes.len() as u64, "{name}");
        assert_eq!(entry["rows"], bytes.iter().filter(|&&b| b == b'\n').count() as u64, "{name}");
        let sha = keikaku::record::hex(&<sha2::Sha256 as sha2::Digest>::digest(&bytes));
        assert_eq!(entry["sha256"], sha.as_str(), "{name}");
    }
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_failing_file_is_an_error_line_and_exit_status_1() {
    let input = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(SEED_001), input.path().join("a.txt")).unwrap();
    std::fs::write(input.path().join("big.txt"), "進捗状況".repeat(2000)).unwrap();
    std::fs::write(input.path().join("empty.txt"), "").unwrap();
    std::fs::write(input.path().join("image.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let (dir, out) = convert(&[input.path().to_str().unwrap()], &["--max-file-size", "20000"]);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let docs = read_jsonl(&dir.path().join("documents.jsonl"));
    let status = |suffix: &str| {
        docs.iter()
            .find(|d| d["path"].as_str().unwrap().ends_with(suffix))
            .unwrap_or_else(|| panic!("{suffix} missing"))
    };
    assert_eq!(status("a.txt")["status"], "ok");
    assert_eq!(status("big.txt")["status"], "error");
    assert!(status("big.txt")["error"].as_str().unwrap().contains("--max-file-size"));
    assert_eq!(status("empty.txt")["status"], "empty");
    assert_eq!(status("image.png")["status"], "skipped_binary");
    assert_eq!(docs.len(), 4, "every input has exactly one line");
}

/// A path list is read as bytes: a file name that is not UTF-8 is converted, and so is every
/// path after it (they used to end the list without a word).
#[cfg(unix)]
#[test]
fn a_path_list_with_a_non_utf8_name_converts_every_path() {
    use std::os::unix::ffi::OsStrExt;
    let inputs = tempfile::tempdir().unwrap();
    let odd = inputs.path().join(std::ffi::OsStr::from_bytes(b"plan-\xff.txt"));
    std::fs::copy(SEED_001, &odd).unwrap();
    let mut list = Vec::new();
    list.extend_from_slice(odd.as_os_str().as_bytes());
    list.extend_from_slice(b"\nseeds/000_e4386a23844c2d14.txt\n");
    let list_path = inputs.path().join("list");
    std::fs::write(&list_path, list).unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = keikaku()
        .args(["convert", "--no-progress", "--files-from"])
        .arg(&list_path)
        .arg("-o")
        .arg(out_dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let docs = read_jsonl(&out_dir.path().join("documents.jsonl"));
    assert_eq!(docs.len(), 2, "{docs:?}");
    assert!(docs.iter().all(|d| d["status"] == "ok"), "{docs:?}");
    assert!(docs[0]["path"].as_str().unwrap().ends_with("plan-\u{FFFD}.txt"), "{}", docs[0]["path"]);
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let out = run(&["convert", "--encoding", "latin9", "seeds"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown encoding 'latin9'"));

    let file = tempfile::NamedTempFile::new().unwrap();
    let out = run(&["convert", "--no-progress", "-o", file.path().to_str().unwrap(), "seeds"], b"");
    assert_eq!(out.status.code(), Some(2), "an output path that is a file is an output error");
    assert!(String::from_utf8_lossy(&out.stderr).contains("output directory"));
}

#[test]
fn extract_prints_spec_mentions_for_seed_001() {
    let input = std::fs::read(root().join(SEED_001)).unwrap();
    let out = run(&["extract"], &input);
    assert_eq!(out.status.code(), Some(0));
    let mentions = jsonl(&out.stdout);
    let keys = [
        "kind",
        "surface",
        "value",
        "value_max",
        "unit",
        "date",
        "date_start",
        "date_end",
        "qualifier",
        "approx",
        "role",
        "per",
        "subject",
        "rule",
        "span",
    ];
    for m in &mentions {
        let obj = m.as_object().unwrap();
        assert_eq!(obj.keys().map(String::as_str).collect::<Vec<_>>(), keys, "{m}");
    }
    let find = |surface: &str| mentions.iter().find(|m| m["surface"] == surface);
    let m = find("R1.8").unwrap_or_else(|| panic!("R1.8 not found in {} mentions", mentions.len()));
    assert_eq!(m["date"], "2019-08");
    let m = find("28社").expect("28社");
    assert_eq!((m["kind"].as_str(), m["value"].as_f64(), m["unit"].as_str()), (Some("count"), Some(28.0), Some("社")));
    // Spans point into the input as given.
    let span = &m["span"];
    let (s, e) = (span["start_byte"].as_u64().unwrap() as usize, span["end_byte"].as_u64().unwrap() as usize);
    assert_eq!(&input[s..e], "28社".as_bytes());
    assert_eq!(span["line"], 358);
}

#[test]
fn extract_with_fiscal_year_flag() {
    let out = run(&["extract", "--fy", "2019"], "大阪商工会議所（6/12)".as_bytes());
    let mentions = jsonl(&out.stdout);
    assert_eq!(mentions.len(), 1, "{mentions:?}");
    assert_eq!(mentions[0]["date"], "2019-06-12");
}

#[test]
fn inspect_shows_the_four_initiatives_of_seed_001() {
    let out = run(&["inspect", SEED_001, "--color", "never"], b"");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    for title in [
        "未来医療国際拠点",
        "北大阪健康医療都市",
        "彩都を中心とするライフサイエンスの拠点性の向上",
        "健康・医療関連産業への参入促進",
    ] {
        assert!(text.lines().any(|l| l.contains("initiative") && l.contains(title)), "{title} missing:\n{text}");
    }
    assert_eq!(text.lines().filter(|l| l.contains("] initiative ")).count(), 4, "{text}");
    for section in ["plan", "target", "progress"] {
        assert!(text.lines().any(|l| l.trim_start().starts_with(section)), "{section} missing");
    }
    assert!(!text.contains("\x1b["), "--color never prints no escapes");
}

#[test]
fn tokens_show_user_dictionary_terms() {
    let out = run(&["tokens"], "健都におけるクラスター形成".as_bytes());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("健都\t名詞,固有名詞,地域,一般"), "{text}");
    assert!(text.contains("クラスター\t名詞,一般"), "{text}");
}

#[test]
fn user_dictionary_can_be_replaced() {
    let dict = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        dict.path(),
        "形成推進,1285,1285,1000,名詞,一般,*,*,*,*,形成推進,ケイセイスイシン,ケイセイスイシン\n",
    )
    .unwrap();
    let out = run(&["tokens", "--user-dict", dict.path().to_str().unwrap()], "健都の形成推進".as_bytes());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("形成推進\t名詞,一般"), "{text}");
    assert!(!text.contains("健都\t名詞,固有名詞,地域"), "the built-in dictionary is replaced: {text}");

    std::fs::write(dict.path(), "broken,row\n").unwrap();
    let out = run(&["tokens", "--user-dict", dict.path().to_str().unwrap()], b"x");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("user dictionary"));
}

#[test]
fn schema_prints_json_schemas() {
    for name in ["documents", "records", "mentions", "extract"] {
        let out = run(&["schema", name], b"");
        assert_eq!(out.status.code(), Some(0));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    }
}

#[test]
fn closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::Stdio;
    let seed = std::fs::read(root().join(SEED_001)).unwrap();
    let big: Vec<u8> = seed.iter().copied().cycle().take(seed.len() * 40).collect();
    let mut child = keikaku()
        .args(["extract"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&big);
    });
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    // stdout is dropped here: the reader is gone, like `| head -1`.
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(first.starts_with('{'));
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn help_has_examples() {
    for cmd in ["convert", "extract", "inspect", "tokens", "schema"] {
        let out = run(&[cmd, "--help"], b"");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Examples:"), "{cmd} --help:\n{text}");
    }
}
