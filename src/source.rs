//! Inputs: the paths given on the command line (files and directories) → a sorted list of
//! files to convert. Directories are walked recursively; the order is by path, so output order
//! never depends on the file system. Anything that cannot be listed (a symlink loop, a
//! directory without read permission) becomes an [`InputEntry::Unlistable`] so it is reported
//! in `documents.jsonl` rather than lost.

use std::path::{Path, PathBuf};

/// One thing to convert or report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum InputEntry {
    File(PathBuf),
    /// A path that could not be walked, with the reason.
    Unlistable(PathBuf, String),
}

impl InputEntry {
    pub fn path(&self) -> &Path {
        match self {
            InputEntry::File(p) | InputEntry::Unlistable(p, _) => p,
        }
    }
}

/// Lists the files under `inputs`, sorted by path (directories recursively, following
/// symlinks but reporting loops).
pub fn list_inputs(inputs: &[PathBuf]) -> Vec<InputEntry> {
    let mut entries = Vec::new();
    for input in inputs {
        let walker = walkdir::WalkDir::new(input).follow_links(true).sort_by_file_name();
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => entries.push(InputEntry::File(e.into_path())),
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) => entries.push(InputEntry::Unlistable(
                    e.into_path(),
                    "not a regular file (fifo, socket or device); skipped".to_string(),
                )),
                Err(err) => {
                    let path = err.path().map(Path::to_path_buf).unwrap_or_else(|| input.clone());
                    let reason = if err.loop_ancestor().is_some() {
                        "symbolic link loop; not followed".to_string()
                    } else if let Some(io) = err.io_error() {
                        if io.kind() == std::io::ErrorKind::NotFound && path == *input {
                            "no such file or directory".to_string()
                        } else {
                            io.to_string()
                        }
                    } else {
                        err.to_string()
                    };
                    entries.push(InputEntry::Unlistable(path, reason));
                }
            }
        }
    }
    entries.sort();
    entries.dedup();
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_sorted_and_reports_missing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("b")).unwrap();
        std::fs::write(dir.path().join("b/2.txt"), "x").unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        let missing = dir.path().join("missing");
        let got = list_inputs(&[dir.path().to_path_buf(), missing.clone()]);
        let paths: Vec<_> = got.iter().map(|e| e.path().strip_prefix(dir.path()).unwrap().to_path_buf()).collect();
        assert_eq!(paths, vec![PathBuf::from("a.txt"), PathBuf::from("b/2.txt"), PathBuf::from("missing")]);
        assert!(matches!(&got[2], InputEntry::Unlistable(_, r) if r.contains("no such")));
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loop_is_reported_not_followed_forever() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("d")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("d"), dir.path().join("d/loop")).unwrap();
        let got = list_inputs(&[dir.path().to_path_buf()]);
        assert!(got.iter().any(|e| matches!(e, InputEntry::Unlistable(_, r) if r.contains("loop"))), "{got:?}");
    }
}
