//! Synthetic corpora for benchmarks and batch tests, made by varying the seed documents:
//! digits rotated (so numbers and years differ from file to file), a share re-encoded to
//! Shift_JIS (CP932) and EUC-JP, a share with CRLF line ends. Deterministic for a given size.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use encoding_rs::{EUC_JP, SHIFT_JIS};

/// What was generated.
#[derive(Debug, Clone, Default)]
pub struct CorpusStats {
    pub files: usize,
    pub bytes: u64,
    pub shift_jis: usize,
    pub euc_jp: usize,
    pub crlf: usize,
}

/// The variant of seed `text` for file number `i`.
pub fn variant(text: &str, i: usize) -> (Vec<u8>, &'static str, bool) {
    let shift = (i % 9) as u32 + 1;
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let crlf = i.is_multiple_of(3);
    for c in text.chars() {
        match c {
            '0'..='9' => out.push(char::from_digit((c.to_digit(10).unwrap_or(0) + shift) % 10, 10).unwrap_or(c)),
            '\n' if crlf => out.push_str("\r\n"),
            _ => out.push(c),
        }
    }
    match i % 4 {
        1 => (SHIFT_JIS.encode(&out).0.into_owned(), "Shift_JIS", crlf),
        2 => (EUC_JP.encode(&out).0.into_owned(), "EUC-JP", crlf),
        _ => (out.into_bytes(), "UTF-8", crlf),
    }
}

/// Writes variants of `seeds` into `dir` (100 files per subdirectory) until `target_bytes`.
pub fn generate(seeds: &[String], dir: &Path, target_bytes: u64) -> io::Result<CorpusStats> {
    if seeds.is_empty() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "no seed documents to vary"));
    }
    let mut stats = CorpusStats::default();
    let mut i = 0usize;
    while stats.bytes < target_bytes {
        let (bytes, encoding, crlf) = variant(&seeds[i % seeds.len()], i);
        let sub = dir.join(format!("d{:04}", i / 100));
        if i.is_multiple_of(100) {
            fs::create_dir_all(&sub)?;
        }
        fs::write(sub.join(format!("f{i:06}.txt")), &bytes)?;
        stats.files += 1;
        stats.bytes += bytes.len() as u64;
        match encoding {
            "Shift_JIS" => stats.shift_jis += 1,
            "EUC-JP" => stats.euc_jp += 1,
            _ => {}
        }
        stats.crlf += crlf as usize;
        i += 1;
    }
    Ok(stats)
}

/// Writes `files` plan archives into `dir`: each bundles several yearly plans (the `plans`
/// seeds one after another, digits rotated per plan so every year differs) up to a size between
/// 50 and 200 KB, as archives of plans do; a quarter Shift_JIS, a quarter EUC-JP, as
/// [`generate`]. Deterministic.
pub fn generate_plan_bundles(plans: &[String], dir: &Path, files: usize) -> io::Result<CorpusStats> {
    if plans.is_empty() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "no plan seeds to bundle"));
    }
    let mut stats = CorpusStats::default();
    fs::create_dir_all(dir)?;
    let mut part = 0usize;
    for i in 0..files {
        let size = 50_000 + (i * 7_919) % 150_000;
        let mut text = String::with_capacity(size + 64 * 1024);
        while text.len() < size {
            // Digits rotated per plan (variant's rotation; its encoding is applied to the bundle).
            let shift = (part % 9) as u32 + 1;
            text.extend(plans[part % plans.len()].chars().map(
                |c| match c.to_digit(10).filter(|_| c.is_ascii_digit()) {
                    Some(d) => char::from_digit((d + shift) % 10, 10).unwrap_or(c),
                    None => c,
                },
            ));
            text.push_str("\n\n");
            part += 1;
        }
        let bytes = match i % 4 {
            1 => {
                stats.shift_jis += 1;
                SHIFT_JIS.encode(&text).0.into_owned()
            }
            2 => {
                stats.euc_jp += 1;
                EUC_JP.encode(&text).0.into_owned()
            }
            _ => text.into_bytes(),
        };
        fs::write(dir.join(format!("plans{i:04}.txt")), &bytes)?;
        stats.files += 1;
        stats.bytes += bytes.len() as u64;
    }
    Ok(stats)
}

/// Reads the `.txt` files of a seed directory, sorted by name.
pub fn read_seeds(dir: &Path) -> io::Result<Vec<String>> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths.iter().map(fs::read_to_string).collect()
}

/// Every `.txt` file under `dir`, recursively, sorted by path.
pub fn text_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d)? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}
