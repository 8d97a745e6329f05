//! Golden extraction output for the five seed documents.
//!
//! Pins, per seed, every mention `extract` finds when run as the pipeline runs it:
//! decode → `SourceText` → tokenize → `document_fiscal_year` → `extract`. One line per
//! mention, in document order:
//!
//! ```text
//! line:col  kind  «surface»  field=value …  [rule]
//! ```
//!
//! with only the fields that are set (`value`, `max`, `unit`, `date`, `start`, `end`, `q`,
//! `approx`, `role`, `per`, `subject`). The first line of each file names the document's
//! fiscal year.
//!
//! The snapshots live in `fixtures/extract/<seed-file-stem>.mentions.txt`. After a deliberate
//! change, review the diff and bless with:
//!
//! ```text
//! KEIKAKU_BLESS=1 cargo test --test extract_golden
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use keikaku::extract::{self, ExtractContext, Mention};
use keikaku::{decode, SourceText, Tokenizer};

fn tokenizer() -> &'static Tokenizer {
    static T: OnceLock<Tokenizer> = OnceLock::new();
    T.get_or_init(|| Tokenizer::new(None).expect("the embedded dictionary loads"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn render_mention(text: &SourceText, m: &Mention) -> String {
    let span = text.source_span(m.norm_span.clone());
    let mut s = format!("{}:{}\t{}\t«{}»", span.line, span.col, m.kind.as_str(), text.source_text(m.norm_span.clone()));
    let mut field = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            let _ = write!(s, "\t{k}={v}");
        }
    };
    field("value", m.value.map(fmt_num));
    field("max", m.value_max.map(fmt_num));
    field("unit", m.unit.clone());
    field("date", m.date.clone());
    field("start", m.date_start.clone());
    field("end", m.date_end.clone());
    field("q", m.qualifier.map(str::to_string));
    field("approx", m.approx.then(|| "true".to_string()));
    field("role", m.role.map(str::to_string));
    field("per", m.per.clone());
    field("subject", m.subject.clone());
    let _ = write!(s, "\t[{}]", m.rule);
    s
}

fn render(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("seed readable");
    let decoded = decode(&bytes, None).expect("seed decodes");
    let text = SourceText::new(decoded);
    let norm = text.norm();
    let tokens = tokenizer().worker().tokenize(norm);
    let fy = extract::document_fiscal_year(norm);
    let mentions = extract::extract(norm, &tokens, &ExtractContext { fiscal_year: fy });
    let mut out = format!(
        "# extract golden for seeds/{} (fiscal year {})\n# bless: KEIKAKU_BLESS=1 cargo test --test extract_golden\n",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("?"),
        fy.map_or("unknown".to_string(), |y| y.to_string())
    );
    for m in &mentions {
        out.push_str(&render_mention(&text, m));
        out.push('\n');
    }
    out
}

fn seeds() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("seeds"))
        .expect("seeds/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

#[test]
fn seeds_match_their_golden_mentions() {
    let bless = std::env::var_os("KEIKAKU_BLESS").is_some();
    let dir = root().join("fixtures/extract");
    let mut failures = Vec::new();
    let all = seeds();
    assert_eq!(all.len(), 5, "expected the five seeds");
    for seed in all {
        let stem = seed.file_stem().and_then(|s| s.to_str()).unwrap_or("?").to_string();
        let golden = dir.join(format!("{stem}.mentions.txt"));
        let got = render(&seed);
        if bless {
            std::fs::create_dir_all(&dir).expect("fixtures dir");
            std::fs::write(&golden, &got).expect("golden written");
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        if want != got {
            let diff: Vec<String> = {
                let w: Vec<&str> = want.lines().collect();
                let g: Vec<&str> = got.lines().collect();
                let mut d = Vec::new();
                for l in &w {
                    if !g.contains(l) {
                        d.push(format!("- {l}"));
                    }
                }
                for l in &g {
                    if !w.contains(l) {
                        d.push(format!("+ {l}"));
                    }
                }
                d.truncate(40);
                d
            };
            failures.push(format!("{}:\n{}", golden.display(), diff.join("\n")));
        }
    }
    assert!(
        failures.is_empty(),
        "extraction differs from the golden files (bless with KEIKAKU_BLESS=1 after review):\n{}",
        failures.join("\n\n")
    );
}

/// Every mention's span slices the source to text whose normalization is the normalized
/// surface, and nothing is reported twice.
#[test]
fn seed_spans_round_trip_and_do_not_overlap() {
    for seed in seeds() {
        let bytes = std::fs::read(&seed).expect("seed readable");
        let text = SourceText::new(decode(&bytes, None).expect("seed decodes"));
        let norm = text.norm();
        let tokens = tokenizer().worker().tokenize(norm);
        let fy = extract::document_fiscal_year(norm);
        let mentions = extract::extract(norm, &tokens, &ExtractContext { fiscal_year: fy });
        for w in mentions.windows(2) {
            assert!(w[0].norm_span.end <= w[1].norm_span.start, "{}: overlap {:?} {:?}", seed.display(), w[0], w[1]);
        }
        for m in &mentions {
            let span = text.source_span(m.norm_span.clone());
            let src = &bytes[span.start_byte..span.end_byte];
            let surface = std::str::from_utf8(src).expect("utf-8 seed");
            assert_eq!(surface, text.source_text(m.norm_span.clone()), "{}: {m:?}", seed.display());
            let renormalized = SourceText::from_text(surface);
            assert_eq!(renormalized.norm(), &norm[m.norm_span.clone()], "{}: {m:?}", seed.display());
            // Never the brackets around it (balanced ones inside, as in a weekday, are fine).
            let opens = surface.matches(['(', '（']).count();
            let closes = surface.matches([')', '）']).count();
            assert!(
                !surface.starts_with(['(', '（']) && opens == closes,
                "{}: bracket in surface «{surface}»",
                seed.display()
            );
        }
    }
}

/// The spec's document fiscal years of the seeds.
#[test]
fn document_fiscal_years_of_the_seeds() {
    let want = [Some(2018), Some(2019), None, Some(2024), None];
    for (seed, want) in seeds().iter().zip(want) {
        let bytes = std::fs::read(seed).expect("seed readable");
        let text = SourceText::new(decode(&bytes, None).expect("seed decodes"));
        assert_eq!(extract::document_fiscal_year(text.norm()), want, "{}", seed.display());
    }
}
