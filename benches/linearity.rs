//! Linear-time check on pathological input (issue 7). Run with `cargo bench --bench linearity`.
//! For each kind of worst-case input, converts one file of 1 MB, 10 MB and 50 MB with the
//! release binary and prints the time and MB/s: linear behaviour keeps MB/s flat (time grows
//! 10× and 5×), a quadratic loop would show MB/s falling by the same factors. Sizes:
//! `KEIKAKU_LINEARITY_MB` (default "1,10,50"); `KEIKAKU_LINEARITY_KINDS=table,URL` times only
//! the inputs whose name holds one of the words; `KEIKAKU_LINEARITY_BIN=path` times that
//! binary instead of this build's.

use std::path::Path;
use std::time::Instant;

type Maker = fn(usize) -> String;

fn repeat_to(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len() + 1)
}

const KINDS: &[(&str, Maker)] = &[
    ("one line of dates and counts", |n| {
        repeat_to("・設立登記(R1.11)参加企業:28社、入居率96.8%、約153万円、H30.5、7、Ｈ31.１〜３月末時点 ", n)
    }),
    ("one line of digits", |n| "9".repeat(n)),
    ("one line of '1.' runs", |n| repeat_to("1.", n)),
    ("date list without end", |n| format!("R1.{}", repeat_to("1、", n))),
    ("tab cells", |n| repeat_to("\t28\n\t288件\n\n", n)),
    ("nested bullets", |n| {
        let mut s = String::with_capacity(n + 64);
        let mut i = 0usize;
        while s.len() < n {
            s.push_str(&"  ".repeat(i % 50));
            s.push_str(["■", "○", "・", "‣", "◇成果指標", "(数値目標)", "⇒"][i % 7]);
            s.push_str("項目(R1.8)\n");
            i += 1;
        }
        s
    }),
    ("one line of brackets", |n| repeat_to("【(<", n)),
    ("one line of URLs and phone numbers", |n| repeat_to("参照 https://www.example.jp/a/b 電話 06-1234-5678 、", n)),
    ("cells flattened with pipes", |n| repeat_to("評価の年月日 |\n", n)),
    ("captions over tables", |n| repeat_to("(単位:千円)\n| 区分 | 金額 |\n| 歳出 | 1,200 |\n\n", n)),
    ("a table one cell a line", |n| {
        format!(
            "(単位:千円)\n区分\n令和4年度\n令和5年度\n増減率\n{}",
            repeat_to("【歳出】事業費\n1,200\n1,350\n12.5%\n", n)
        )
    }),
    ("a table on one line", |n| {
        format!(
            "区分 計画値 実績値 差 {}",
            repeat_to("①需要量 42,300 人 45,812 人 -3,512 人 ②確保量 48,000 人 48,000 人 0 人 ", n)
        )
    }),
];

/// Segmentation alone on 4 and 64 copies of the seeds: 16× the text should take about 16× the
/// time (a quadratic scan would take 256×). Printed, not asserted: timing is a benchmark's job.
fn segmentation_scaling() {
    use keikaku::segment::{segment, SegmentContext};
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let seeds = keikaku::corpus::read_seeds(&root.join("seeds")).expect("seeds");
    let one: String = seeds.iter().map(|s| keikaku::SourceText::from_text(s).norm().to_string()).collect();
    let time = |text: &str, runs: usize| {
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(segment(text, &SegmentContext::default()));
                t.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let (small, large) = (one.repeat(4), one.repeat(64));
    let (t_small, t_large) = (time(&small, 5), time(&large, 3));
    println!(
        "segmentation, 4 vs 64 copies of the seeds: {t_small:.4} s vs {t_large:.4} s, factor {:.1} for 16× the text \
         (linear ≈ 16, quadratic ≈ 256)",
        t_large / t_small
    );
}

fn main() {
    segmentation_scaling();
    // `KEIKAKU_LINEARITY_BIN=path` times another build (an older one, to compare).
    let binary = std::env::var("KEIKAKU_LINEARITY_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_keikaku").to_string());
    let binary = binary.as_str();
    let sizes_mb: Vec<usize> = std::env::var("KEIKAKU_LINEARITY_MB")
        .unwrap_or_else(|_| "1,10,50".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    // `KEIKAKU_LINEARITY_KINDS=table` times only the inputs whose name holds one of the words.
    let only: Vec<String> = std::env::var("KEIKAKU_LINEARITY_KINDS")
        .map(|v| v.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    println!("{:<32} {:>6} {:>9} {:>8}", "input", "MB", "seconds", "MB/s");
    for (name, make) in KINDS.iter().filter(|(n, _)| only.is_empty() || only.iter().any(|o| n.contains(o.as_str()))) {
        for &mb in &sizes_mb {
            let dir = tempfile::tempdir().expect("temp dir");
            let text = make(mb * 1_000_000);
            std::fs::write(dir.path().join("input.txt"), &text).expect("write");
            let out = tempfile::tempdir().expect("temp dir");
            let seconds = convert(binary, dir.path(), out.path());
            println!("{:<32} {:>6} {:>9.2} {:>8.2}", name, mb, seconds, text.len() as f64 / 1e6 / seconds);
        }
    }
}

fn convert(binary: &str, input: &Path, output: &Path) -> f64 {
    let t = Instant::now();
    let status = std::process::Command::new(binary)
        .args(["convert", "--no-progress", "-j", "1", "-o"])
        .arg(output)
        .arg(input)
        .stderr(std::process::Stdio::null())
        .status()
        .expect("keikaku runs");
    assert!(status.success(), "convert failed");
    t.elapsed().as_secs_f64()
}
