//! Helpers shared by every integration test: the repository's paths, the tokenizer, the
//! pipeline on a string or a file, the `keikaku` binary, golden files with a readable diff,
//! and the harness for tests that need outside programs (ignored when one is missing, failed
//! under CI).
//!
//! Each test file uses a part of this module, so the rest is dead code there.
#![allow(dead_code)]

pub mod harness;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use serde_json::Value;

pub const SEED_001: &str = "seeds/001_3212f949463da569.txt";

/// The repository root (where `Cargo.toml` is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `.txt` files of a folder under the repository, sorted by name.
pub fn text_files(dir: &str) -> Vec<PathBuf> {
    let dir = root().join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

/// The hand-made layout fixtures (`fixtures/layout/*.txt`, not their `.tree.txt` goldens).
pub fn layout_fixtures() -> Vec<PathBuf> {
    text_files("fixtures/layout").into_iter().filter(|p| !p.to_string_lossy().ends_with(".tree.txt")).collect()
}

/// The five seed documents, sorted by name.
pub fn seeds() -> Vec<PathBuf> {
    let seeds = text_files("seeds");
    assert_eq!(seeds.len(), 5, "seeds/ holds the five seed documents");
    seeds
}

/// The seed whose file name starts with `prefix` (`"001"`).
pub fn seed(prefix: &str) -> PathBuf {
    seeds()
        .into_iter()
        .find(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix)))
        .unwrap_or_else(|| panic!("no seed {prefix}*"))
}

/// A path relative to the repository root, as the CLI tests pass it.
pub fn relative(path: &Path) -> String {
    path.strip_prefix(root()).unwrap_or(path).to_str().expect("UTF-8 path").to_string()
}

/// The file name without its extension.
pub fn stem(path: &Path) -> String {
    path.file_stem().and_then(|s| s.to_str()).expect("UTF-8 file name").to_string()
}

/// The tokenizer with the embedded dictionary, loaded once per test binary.
pub fn tokenizer() -> &'static keikaku::Tokenizer {
    static T: OnceLock<keikaku::Tokenizer> = OnceLock::new();
    T.get_or_init(|| keikaku::Tokenizer::new(None).expect("the embedded dictionary loads"))
}

/// The whole pipeline (normalize → tokenize → segment → extract) on a string.
pub fn process_text(text: &str) -> keikaku::Processed {
    keikaku::process(keikaku::Decoded::from_text(text), &mut tokenizer().worker(), &Default::default())
}

/// Extraction alone on a string, with tokens (as in the pipeline) or without (as `extract`
/// is benchmarked): the text and its mentions.
pub fn extract_text(
    input: &str,
    fy: Option<i32>,
    with_tokens: bool,
) -> (keikaku::SourceText, Vec<keikaku::extract::Mention>) {
    let text = keikaku::SourceText::from_text(input);
    let tokens = if with_tokens { tokenizer().worker().tokenize(text.norm()) } else { Vec::new() };
    let mentions =
        keikaku::extract::extract(text.norm(), &tokens, &keikaku::extract::ExtractContext { fiscal_year: fy });
    (text, mentions)
}

/// The whole pipeline on a file's bytes, decoded as `convert` decodes them. A file that does
/// not decode fails the test: nothing is skipped.
pub fn process_file(path: &Path) -> keikaku::Processed {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let decoded = keikaku::decode(&bytes, None).unwrap_or_else(|e| panic!("{}: does not decode: {e}", path.display()));
    keikaku::process(decoded, &mut tokenizer().worker(), &Default::default())
}

// ---------------------------------------------------------------------------------------
// The binary
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Prerequisites
// ---------------------------------------------------------------------------------------

/// True when `python3 -c "import <module>"` succeeds.
pub fn python_has(module: &str) -> bool {
    Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The chromium binary (`KEIKAKU_CHROMIUM`, or chromium, chromium-browser or google-chrome on
/// the PATH), or None when it is not installed.
pub fn chromium_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("KEIKAKU_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------------------
// Golden files
// ---------------------------------------------------------------------------------------

/// Golden files checked together: each is compared with what the test made, and the test
/// fails once at the end listing every file that differs, with the differing lines, the
/// block each sits in (the nearest line above it starting with `=== `) and how to bless.
///
/// `KEIKAKU_BLESS=1` writes the new contents instead (read `git diff` before committing).
pub struct Goldens {
    /// The command that re-runs (or, with `KEIKAKU_BLESS=1`, blesses) these goldens.
    command: String,
    bless: bool,
    failures: Vec<String>,
    checked: usize,
}

impl Goldens {
    /// Goldens of the test binary `test` (`tests/<test>.rs`).
    pub fn new(test: &str) -> Goldens {
        Goldens {
            command: format!("cargo test --release --test {test}"),
            bless: std::env::var_os("KEIKAKU_BLESS").is_some(),
            failures: Vec::new(),
            checked: 0,
        }
    }

    /// Compares `actual` with the golden file at `path` (relative to the repository root).
    /// `header` (lines starting with `# `) is written at the top of the file and not compared.
    pub fn check(&mut self, path: &str, header: &str, actual: &str) {
        self.checked += 1;
        let full = root().join(path);
        if self.bless {
            std::fs::create_dir_all(full.parent().expect("golden file in a folder")).expect("fixtures folder");
            std::fs::write(&full, format!("{header}{actual}")).expect("golden written");
            eprintln!("blessed {path}");
            return;
        }
        let Ok(golden) = std::fs::read_to_string(&full) else {
            self.failures.push(format!("{path}: missing; create it with KEIKAKU_BLESS=1 {}", self.command));
            return;
        };
        let expected = strip_header(&golden);
        if expected != actual {
            self.failures.push(format!("{path}:\n{}", line_diff(expected, actual)));
        }
    }

    /// Fails the test when any golden differed.
    pub fn finish(self) {
        assert!(self.checked > 0, "no golden file was checked");
        assert!(
            self.failures.is_empty(),
            "{} of {} golden files differ (- golden, + now). Read the change against the sources, then bless with\n    KEIKAKU_BLESS=1 {}\n\n{}",
            self.failures.len(),
            self.checked,
            self.command,
            self.failures.join("\n\n")
        );
    }
}

/// The golden text without its `# ` header lines.
fn strip_header(golden: &str) -> &str {
    let mut rest = golden;
    while rest.starts_with("# ") || rest.starts_with("#\n") {
        rest = rest.split_once('\n').map_or("", |(_, r)| r);
    }
    rest
}

/// The differing lines of two texts, as hunks of `-` golden and `+` new lines with line
/// numbers, each under the `=== ` block line it belongs to. Lines are matched by a longest
/// common subsequence, so one inserted line shows as one `+`, not as every line after it.
pub fn line_diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    // Common prefix and suffix first: the LCS table is then only as large as the change.
    let prefix = e.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let suffix = e[prefix..].iter().rev().zip(a[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (em, am) = (&e[prefix..e.len() - suffix], &a[prefix..a.len() - suffix]);
    let mut ops: Vec<(char, usize, &str)> = Vec::new(); // (sign, line number, text)
    if em.len().saturating_mul(am.len()) <= 4_000_000 {
        let mut lcs = vec![vec![0u32; am.len() + 1]; em.len() + 1];
        for i in (0..em.len()).rev() {
            for j in (0..am.len()).rev() {
                lcs[i][j] = if em[i] == am[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < em.len() || j < am.len() {
            if i < em.len() && j < am.len() && em[i] == am[j] {
                i += 1;
                j += 1;
            } else if j == am.len() || (i < em.len() && lcs[i + 1][j] >= lcs[i][j + 1]) {
                ops.push(('-', prefix + i + 1, em[i]));
                i += 1;
            } else {
                ops.push(('+', prefix + j + 1, am[j]));
                j += 1;
            }
        }
    } else {
        ops.extend(em.iter().enumerate().map(|(i, l)| ('-', prefix + i + 1, *l)));
        ops.extend(am.iter().enumerate().map(|(j, l)| ('+', prefix + j + 1, *l)));
    }
    let block_of = |lines: &[&str], n: usize| -> Option<String> {
        lines[..n.saturating_sub(1).min(lines.len())]
            .iter()
            .rev()
            .find(|l| l.starts_with("=== "))
            .map(|l| l.to_string())
    };
    let mut out = String::new();
    let mut last_block = None;
    for (shown, (sign, n, text)) in ops.iter().enumerate() {
        if shown == 60 {
            out.push_str(&format!("  … and {} more differing lines\n", ops.len() - 60));
            break;
        }
        let block = block_of(if *sign == '-' { &e } else { &a }, *n);
        if block.is_some() && block != last_block {
            out.push_str(&format!("  in {}\n", block.as_deref().unwrap_or("")));
            last_block = block;
        }
        let clipped: String = text.chars().take(300).collect();
        out.push_str(&format!("  {sign} {n:>5}: {clipped}\n"));
    }
    out
}

// ---------------------------------------------------------------------------------------
// A compact rendering of JSON rows for goldens
// ---------------------------------------------------------------------------------------

/// One JSON row as `path = value` lines under a `=== title` line: nested objects and arrays
/// flattened (`sections[1].items[0].text = "…"`), text of several lines as `  | line` lines,
/// spans written `L3:0 b17-101 c7-35`, and
/// keys in `skip` left out (their values are pinned elsewhere). A golden diff then names the
/// row and the field that changed.
pub fn render_row(title: &str, row: &Value, skip: &[&str]) -> String {
    fn span(v: &Value) -> Option<String> {
        let o = v.as_object()?;
        let n = |k: &str| o.get(k).and_then(Value::as_u64);
        Some(format!(
            "L{}:{} b{}-{} c{}-{}",
            n("line")?,
            n("col")?,
            n("start_byte")?,
            n("end_byte")?,
            n("start_char")?,
            n("end_char")?
        ))
    }
    fn walk(path: &str, v: &Value, skip: &[&str], out: &mut String) {
        if let Some(s) = span(v) {
            out.push_str(&format!("{path} = {s}\n"));
            return;
        }
        match v {
            Value::Object(map) if !map.is_empty() => {
                for (k, v) in map {
                    if skip.contains(&k.as_str()) {
                        continue;
                    }
                    let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                    walk(&p, v, skip, out);
                }
            }
            Value::Array(items) if !items.is_empty() => {
                for (i, v) in items.iter().enumerate() {
                    walk(&format!("{path}[{i}]"), v, skip, out);
                }
            }
            // Text of several lines, one line each, so a diff shows the line that changed.
            Value::String(text) if text.contains('\n') => {
                out.push_str(&format!("{path} =\n"));
                for line in text.split('\n') {
                    out.push_str(&format!("  | {line}\n"));
                }
            }
            _ => out.push_str(&format!("{path} = {v}\n")),
        }
    }
    let mut out = format!("=== {title}\n");
    walk("", row, skip, &mut out);
    out
}
