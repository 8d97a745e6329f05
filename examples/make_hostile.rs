//! Generates the hostile-input corpus (`fixtures/hostile/` by default; not kept in git):
//! every kind of bad file a real archive holds. `scripts/make-hostile.sh` runs this;
//! `tests/hostile.rs` generates the same corpus into a temporary directory and converts it.
//!
//! Usage: cargo run --release --example make_hostile [DIR] [--big-mb N]

#![allow(dead_code)]

use std::fs;
use std::io;
use std::path::Path;

use encoding_rs::{EUC_JP, SHIFT_JIS};

const PLAN: &str = include_str!("../seeds/001_3212f949463da569.txt");

/// The first `n` bytes of the plan, cut back to a char boundary.
fn plan_prefix(n: usize) -> &'static str {
    let mut n = n.min(PLAN.len());
    while !PLAN.is_char_boundary(n) {
        n -= 1;
    }
    &PLAN[..n]
}

/// What was made: (number of top-level input entries expected in documents.jsonl, notes).
pub struct Made {
    pub inputs: usize,
}

/// Writes the corpus into `dir`. `big_mb` sizes the single-line file (50 in the issue).
pub fn generate(dir: &Path, big_mb: usize) -> io::Result<Made> {
    fs::create_dir_all(dir)?;
    let mut inputs = 0usize;
    fn put_file(dir: &Path, inputs: &mut usize, name: &str, bytes: &[u8]) -> io::Result<()> {
        fs::write(dir.join(name), bytes)?;
        *inputs += 1;
        Ok(())
    }
    macro_rules! put {
        ($name:expr, $bytes:expr) => {
            put_file(dir, &mut inputs, $name, $bytes)
        };
    }
    // Binary files: a PDF renamed to .txt, a PNG, random bytes with NULs.
    put!(
        "renamed-pdf.txt",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n\x00\x00\x01stream\x00"
    )?;
    put!("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")?;
    let noise: Vec<u8> = (0..65536u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    put!("noise.bin", &noise)?;
    // Empty, whitespace-only, BOM-only.
    put!("empty.txt", b"")?;
    put!("whitespace.txt", b"  \n\t\r\n   \n")?;
    put!("bom-only.txt", b"\xEF\xBB\xBF")?;
    put!("utf16-bom-only.txt", b"\xFF\xFE")?;
    // Invalid UTF-8 in the middle of a valid file.
    let mut broken = plan_prefix(3000).as_bytes().to_vec();
    broken.extend_from_slice(b"\xFF\xFE\xC3(\xE3\x81");
    broken.extend_from_slice(&PLAN.as_bytes()[plan_prefix(3000).len()..plan_prefix(6000).len()]);
    put!("utf8-invalid-middle.txt", &broken)?;
    // Shift_JIS cut in the middle of a double-byte character.
    let sjis = SHIFT_JIS.encode(plan_prefix(4000)).0.into_owned();
    let cut =
        sjis.iter().rposition(|&b| (0x81..=0x9F).contains(&b) || (0xE0..=0xFC).contains(&b)).unwrap_or(sjis.len());
    put!("sjis-cut.txt", &sjis[..=cut.min(sjis.len() - 1)])?;
    // EUC-JP with a stray byte.
    let mut euc = EUC_JP.encode(plan_prefix(4000)).0.into_owned();
    euc.insert(euc.len() / 2, 0x8F);
    euc.insert(euc.len() / 3, 0xFF);
    put!("eucjp-stray.txt", &euc)?;
    // UTF-16 without a BOM, both byte orders.
    let sample = "商工労働部\n【テーマ1】健康・医療\n・HBNetへの参画企業:28社(R1.8)\n";
    put!("utf16le-nobom.txt", &sample.encode_utf16().flat_map(|u| u.to_le_bytes()).collect::<Vec<u8>>())?;
    put!("utf16be-nobom.txt", &sample.encode_utf16().flat_map(|u| u.to_be_bytes()).collect::<Vec<u8>>())?;
    // CRLF and CR-only line ends.
    put!("crlf.txt", PLAN.replace('\n', "\r\n").as_bytes())?;
    put!("cr-only.txt", PLAN.replace('\n', "\r").as_bytes())?;
    // A single huge line (no newline at all), full of numbers and dates.
    let unit = "・設立登記(R1.11)参加企業:28社、入居率96.8%、約153万円、H30.5、7、Ｈ31.１〜３月末時点 ";
    let big: String = unit.repeat(big_mb * 1_000_000 / unit.len() + 1);
    put!("single-huge-line.txt", big.as_bytes())?;
    // 100,000 tab cells; 10,000 nested bullets.
    put!("tab-cells.txt", "\t28\n\t288件\n\n".repeat(100_000 / 2).as_bytes())?;
    let bullets: String = (0..10_000)
        .map(|i| {
            format!(
                "{}{}項目{i}(R1.{})\n",
                "  ".repeat(i % 50),
                ["■", "○", "・", "‣", "▸", "※", "⇒"][i % 7],
                i % 12 + 1
            )
        })
        .collect();
    put!("nested-bullets.txt", bullets.as_bytes())?;
    // Only numbers and dates; long digit runs; mixed widths inside one date.
    put!(
        "numbers-and-dates.txt",
        "R1.8 H30.11.22 2025年度 令和5年度末まで 28社 96.8% 500万円\n".repeat(2000).as_bytes()
    )?;
    put!("digit-runs.txt", format!("{}件\n{}\n", "9".repeat(200_000), "1.".repeat(100_000)).as_bytes())?;
    put!("mixed-width-date.txt", "進捗状況(Ｒ１.９月頃)、Ｒ1.１０、R１.11~１２\n".as_bytes())?;
    // Unreadable: a dangling symlink, and (for non-root users) a file without permissions.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::os::unix::fs::symlink(dir.join("does-not-exist.txt"), dir.join("dangling-link.txt"))?;
        inputs += 1;
        put!("no-permission.txt", PLAN.as_bytes())?;
        fs::set_permissions(dir.join("no-permission.txt"), fs::Permissions::from_mode(0o000))?;
        // A symlink loop.
        fs::create_dir_all(dir.join("loop"))?;
        std::os::unix::fs::symlink(dir.join("loop"), dir.join("loop/again"))?;
        inputs += 1;
    }
    // A directory of 20,000 tiny files.
    let tiny = dir.join("tiny");
    for i in 0..20_000 {
        if i % 1000 == 0 {
            fs::create_dir_all(tiny.join(format!("{:02}", i / 1000)))?;
        }
        fs::write(
            tiny.join(format!("{:02}/{i:05}.txt", i / 1000)),
            format!("参加企業:{}社(R1.{})\n", i % 97, i % 12 + 1),
        )?;
        inputs += 1;
    }
    Ok(Made { inputs })
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.iter().find(|a| !a.starts_with("--")).map_or("fixtures/hostile", String::as_str);
    let big_mb = args
        .iter()
        .position(|a| a == "--big-mb")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    let dir = Path::new(dir);
    if dir.exists() {
        // Make sure permissions do not stop the clean-up.
        let _ = std::process::Command::new("chmod").args(["-R", "u+rwX"]).arg(dir).status();
        fs::remove_dir_all(dir)?;
    }
    let made = generate(dir, big_mb)?;
    println!("{}: {} inputs", dir.display(), made.inputs);
    Ok(())
}
