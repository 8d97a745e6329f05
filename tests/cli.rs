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
    let stderr = String::from_utf8_lossy(&out.stderr);
    let big = input.path().join("big.txt");
    assert!(stderr.contains(&format!("keikaku: {}: file too large", big.display())), "{stderr}");
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
    for name in ["documents", "records", "mentions", "indicators", "extract"] {
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

/// The bytes of every file in a directory, by name.
fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

fn convert_into(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["convert", "--no-progress", "-o", dir.to_str().unwrap()];
    all.extend_from_slice(args);
    run(&all, b"")
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Each input that fails — missing, a symbolic link loop, over --max-file-size, unreadable —
/// is named with its reason on stderr as it fails and again in the summary; the exit status
/// is 1; and the batch they make does not replace an earlier batch of other inputs unless
/// --force.
#[test]
fn every_failing_input_is_named_with_its_reason_and_prior_output_is_kept() {
    let input = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(SEED_001), input.path().join("a.txt")).unwrap();
    std::fs::write(input.path().join("big.txt"), "進捗状況".repeat(2000)).unwrap();
    std::fs::create_dir(input.path().join("d")).unwrap();
    std::os::unix::fs::symlink(input.path().join("d"), input.path().join("d/loop")).unwrap();
    // Root reads any file whatever its mode: the permission case is only real for other users.
    // SAFETY: geteuid has no preconditions.
    let root_user = unsafe { libc::geteuid() } == 0;
    let locked = input.path().join("locked.txt");
    if !root_user {
        use std::os::unix::fs::PermissionsExt;
        std::fs::write(&locked, "x").unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let missing = "/nonexistent/keikaku-input";
    let out_dir = tempfile::tempdir().unwrap();
    let first = convert_into(out_dir.path(), &["seeds"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let before = snapshot(out_dir.path());

    let args = ["--max-file-size", "20000", input.path().to_str().unwrap(), missing];
    let refused = convert_into(out_dir.path(), &args);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("holds another batch") && stderr(&refused).contains("--force"),
        "{}",
        stderr(&refused)
    );
    assert!(snapshot(out_dir.path()) == before, "a refused run changed the previous batch");

    let mut forced_args = args.to_vec();
    forced_args.push("--force");
    let out = convert_into(out_dir.path(), &forced_args);
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let mut expected = vec![
        (missing.to_string(), "no such file or directory"),
        (input.path().join("big.txt").display().to_string(), "--max-file-size"),
        (input.path().join("d/loop").display().to_string(), "symbolic link loop"),
    ];
    if !root_user {
        expected.push((locked.display().to_string(), "ermission denied"));
    }
    let (live, summary) = text.split_once("failed (status").expect("a summary of the failures");
    for (path, reason) in &expected {
        let line = live.lines().find(|l| l.starts_with(&format!("keikaku: {path}: "))).unwrap_or_else(|| {
            panic!("{path} is not named as it fails:\n{text}");
        });
        assert!(line.contains(reason), "{line}");
        assert!(
            summary.lines().any(|l| l.trim_start().starts_with(&format!("{path}: ")) && l.contains(reason)),
            "{path} not in the summary:\n{text}"
        );
    }
    let docs = read_jsonl(&out_dir.path().join("documents.jsonl"));
    assert_eq!(docs.iter().filter(|d| d["status"] == "error").count(), expected.len(), "{docs:?}");
}

#[test]
fn a_missing_input_into_a_new_directory_says_why_and_exits_1() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = convert_into(&out_dir.path().join("new"), &["/nonexistent"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(text.contains("keikaku: /nonexistent: no such file or directory"), "{text}");
    assert!(text.contains("1 file failed") && text.contains("  /nonexistent: no such file or directory"), "{text}");
}

/// The same run into its own directory replaces its batch; another batch is refused (exit 2,
/// nothing changed) until --force, which replaces it.
#[test]
fn another_batch_in_the_output_directory_is_refused_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(convert_into(dir.path(), &["seeds"]).status.code(), Some(0));
    let again = convert_into(dir.path(), &["seeds"]);
    assert_eq!(again.status.code(), Some(0), "the same run may run again: {}", stderr(&again));
    let before = snapshot(dir.path());
    let seed = relative(&seed("000"));
    let out = convert_into(dir.path(), &[&seed]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(text.contains("holds another batch: a complete batch of 5 files from seeds"), "{text}");
    assert!(text.contains(&format!("inputs were seeds and are now {seed}")) && text.contains("--force"), "{text}");
    assert!(snapshot(dir.path()) == before, "a refused run changed the directory");
    let out = convert_into(dir.path(), &[&seed, "--fy", "2019"]);
    assert_eq!(out.status.code(), Some(2));
    let out = convert_into(dir.path(), &[&seed, "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let manifest: Value = serde_json::from_slice(&std::fs::read(dir.path().join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["counts"]["files"], 1);
    assert_eq!(read_jsonl(&dir.path().join("documents.jsonl")).len(), 1);
}

#[test]
fn unrelated_files_in_the_output_directory_are_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let out = convert_into(dir.path(), &["seeds"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(), "mine");
}

#[test]
fn keikaku_files_without_a_manifest_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mentions.jsonl"), "{}\n").unwrap();
    let out = convert_into(dir.path(), &["seeds"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(text.contains("no manifest.json") && text.contains("mentions.jsonl") && text.contains("--force"), "{text}");
    assert_eq!(std::fs::read_to_string(dir.path().join("mentions.jsonl")).unwrap(), "{}\n");
}

/// A re-run of the same batch in another format replaces the files of the old format too
/// (they would be stale beside the new batch), and says so.
#[test]
fn a_parquet_only_rerun_replaces_the_jsonl_files_of_the_same_batch() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(convert_into(dir.path(), &["seeds"]).status.code(), Some(0));
    let out = convert_into(dir.path(), &["seeds", "--format", "parquet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("removed documents.jsonl"), "{}", stderr(&out));
    let names: Vec<String> = snapshot(dir.path()).into_iter().map(|f| f.0).collect();
    let mut expected: Vec<String> = keikaku::columns::converted().map(|o| o.parquet_name()).collect();
    expected.push("manifest.json".to_string());
    expected.sort();
    assert_eq!(names, expected, "only the Parquet files and the manifest, no partial file");
}

/// `--threads 100000` on one small file runs one thread (it used to start thousands and not
/// finish), and says it capped the number.
#[test]
fn threads_are_capped_at_the_cores_and_the_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = keikaku()
        .args(["convert", "--no-progress", "-j", "100000", "-o", dir.path().to_str().unwrap(), SEED_001])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("convert -j 100000 on one file did not finish in 60 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let mut text = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut text).unwrap();
    assert_eq!(status.code(), Some(0), "{text}");
    assert!(text.contains("--threads 100000 capped to 1") && text.contains("1 input file"), "{text}");
}

#[test]
fn help_documents_the_exit_statuses() {
    let text = String::from_utf8(run(&["convert", "--help"], b"").stdout).unwrap();
    for needle in ["Exit status:", "  0 ", "  1 ", "  2 ", "130", "143", "--stdout", "--resume", "--force"] {
        assert!(text.contains(needle), "convert --help lacks {needle:?}:\n{text}");
    }
    let text = String::from_utf8(run(&["--help"], b"").stdout).unwrap();
    assert!(text.contains("Exit status: 0") && text.contains("130/143"), "{text}");
}

#[test]
fn parquet_cannot_go_to_stdout() {
    let out = run(&["convert", "--stdout", "--format", "parquet", SEED_001], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--format parquet"), "{}", stderr(&out));
}

#[test]
fn schema_prints_duckdb_spark_and_parquet_forms() {
    let text = |args: &[&str]| {
        let out = run(args, b"");
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let duckdb = text(&["schema", "--duckdb", "mentions"]);
    assert!(duckdb.starts_with("{'type': 'VARCHAR', 'mention_id': 'VARCHAR'"), "{duckdb}");
    assert!(duckdb.contains("'span': 'STRUCT(start_byte BIGINT, end_byte BIGINT"), "{duckdb}");
    let spark = text(&["schema", "--spark", "records"]);
    assert!(spark.starts_with("`type` STRING, `schema_version` BIGINT"), "{spark}");
    assert!(spark.contains("`sections` ARRAY<STRUCT<`name`: STRING"), "{spark}");
    let parquet = text(&["schema", "--parquet", "indicators"]);
    assert!(parquet.starts_with("message schema {"), "{parquet}");
    assert!(parquet.contains("OPTIONAL DOUBLE stated_rate;"), "{parquet}");
    let all: Value = serde_json::from_str(&text(&["schema", "--all", "--duckdb"])).unwrap();
    assert!(all["records.jsonl"].as_str().unwrap().starts_with("{'type': 'VARCHAR'"), "{all}");
}

/// `keikaku audit` over a directory: the classes, and the unaccounted numbers grouped by shape
/// with where each shape was first seen; every number is counted once, in `documents.jsonl`
/// as in the audit.
#[test]
fn audit_lists_unaccounted_shapes_with_a_location() {
    let dir = tempfile::tempdir().unwrap();
    // Written for this test: counts, a phone number, and two numbers the grammar
    // names nothing for (a count whose counter comes after の).
    std::fs::write(dir.path().join("a.txt"), "参加者は120人だった。\n電話 012-345-6789\n必要な35の施策を見直す。\n")
        .unwrap();
    std::fs::write(dir.path().join("b.txt"), "計画の柱は4つ。\n今年度は28の施策を点検した。\n").unwrap();
    let out = run(&["audit", dir.path().to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.starts_with("2 documents, "), "{report}");
    assert!(report.contains("count 2") && report.contains("phone "), "{report}");
    assert!(report.contains(", 2 unaccounted ("), "{report}");
    // Each shape with the place it was first seen.
    assert!(report.contains("a.txt:3"), "{report}");
    assert!(report.contains("【35】の施策"), "{report}");

    let (out_dir, converted) = convert(&[dir.path().join("a.txt").to_str().unwrap()], &[]);
    assert_eq!(converted.status.code(), Some(0));
    let docs = read_jsonl(&out_dir.path().join("documents.jsonl"));
    let numbers = &docs[0]["numbers"];
    assert_eq!(numbers["count"], 1, "{numbers}");
    assert_eq!(numbers["unaccounted"], 1, "{numbers}");
    assert!(numbers["phone"].as_u64().unwrap() >= 1, "{numbers}");

    let usage = run(&["audit"], b"");
    assert_eq!(usage.status.code(), Some(2), "a path is required");
}
