//! Helpers shared by the integration tests: run the `keikaku` binary, read JSONL.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub const SEED_001: &str = "seeds/001_3212f949463da569.txt";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A `keikaku` command run from the repository root.
pub fn keikaku() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_keikaku"));
    cmd.current_dir(root());
    cmd
}

/// Runs `keikaku args…` with `stdin` as standard input.
pub fn run(args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = keikaku()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("keikaku runs");
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("keikaku finishes");
    writer.join().expect("stdin writer");
    out
}

pub fn jsonl(bytes: &[u8]) -> Vec<Value> {
    std::str::from_utf8(bytes)
        .expect("output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

pub fn read_jsonl(path: &Path) -> Vec<Value> {
    jsonl(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// Converts `inputs` into a fresh temporary directory and returns it with the exit status.
pub fn convert(inputs: &[&str], extra: &[&str]) -> (tempfile::TempDir, Output) {
    let out = tempfile::tempdir().expect("temp dir");
    let mut args = vec!["convert", "--no-progress", "-o", out.path().to_str().expect("utf-8 path")];
    args.extend_from_slice(extra);
    args.extend_from_slice(inputs);
    let output = run(&args, b"");
    (out, output)
}
