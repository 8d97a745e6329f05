//! Builds the IPADIC dictionary for lindera from the source archive committed in `data/`,
//! with no network access.
//!
//! lindera's own `embed-ipadic` feature downloads its source at build time, which a machine
//! that reaches only the package registries cannot do. Here the source is Debian's
//! `mecab-ipadic` 2.7.0-20070801 (repacked reproducibly by `scripts/repack-ipadic.sh`): the
//! original EUC-JP files, which are converted to UTF-8 (what `metadata.json` declares) and
//! handed to lindera's own `DictionaryBuilder`. The result lands in `OUT_DIR/lindera-ipadic`
//! and is embedded by `lindera_dictionary::embedded_dictionary!` in `src/lib.rs`.

use std::error::Error;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::metadata::Metadata;

const ARCHIVE: &str = "data/mecab-ipadic-2.7.0-20070801.tar.gz";

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed={ARCHIVE}");
    println!("cargo:rerun-if-changed=metadata.json");
    println!("cargo:rerun-if-changed=build.rs");

    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    let source_dir = out_dir.join("mecab-ipadic-utf8");
    let output_dir = out_dir.join("lindera-ipadic");
    let _ = fs::remove_dir_all(&source_dir);
    let _ = fs::remove_dir_all(&output_dir);
    fs::create_dir_all(&source_dir)?;

    unpack_as_utf8(Path::new(ARCHIVE), &source_dir)?;

    let metadata: Metadata = serde_json_from_file("metadata.json")?;
    let tmp_output = out_dir.join("lindera-ipadic.partial");
    let _ = fs::remove_dir_all(&tmp_output);
    DictionaryBuilder::new(metadata)
        .build_dictionary(&source_dir, &tmp_output)
        .map_err(|e| format!("building IPADIC from {ARCHIVE} failed: {e}"))?;
    fs::rename(&tmp_output, &output_dir)?;
    fs::remove_dir_all(&source_dir)?;

    println!("cargo::rustc-env=LINDERA_WORKDIR={}", out_dir.display());
    Ok(())
}

/// Unpacks every file of the archive into `dir`, flat, decoded from EUC-JP to UTF-8.
fn unpack_as_utf8(archive: &Path, dir: &Path) -> Result<(), Box<dyn Error>> {
    let file = fs::File::open(archive).map_err(|e| {
        format!(
            "cannot open {}: {e}; the IPADIC source archive must be in the repository \
             (re-create it with scripts/repack-ipadic.sh)",
            archive.display()
        )
    })?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut files = 0;
    for entry in tar.entries()? {
        let mut entry = entry?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let path = entry.path()?.into_owned();
        let name = path.file_name().ok_or("archive entry without a file name")?.to_owned();
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut bytes)?;
        let (text, had_errors) = encoding_rs::EUC_JP.decode_without_bom_handling(&bytes);
        if had_errors {
            return Err(format!("{}: not valid EUC-JP", path.display()).into());
        }
        fs::write(dir.join(name), text.as_bytes())?;
        files += 1;
    }
    if files == 0 {
        return Err(format!("{}: no files in archive", archive.display()).into());
    }
    Ok(())
}

fn serde_json_from_file(path: &str) -> Result<Metadata, Box<dyn Error>> {
    let bytes = fs::read(path)?;
    Metadata::load(&bytes).map_err(|e| format!("{path}: {e}").into())
}
