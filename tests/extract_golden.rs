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

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::*;
use keikaku::extract::{self, ExtractContext, Mention};
use keikaku::{decode, SourceText};

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
    field("date", m.date_text());
    field("start", m.date_start_text());
    field("end", m.date_end_text());
    field("q", m.qualifier.map(|q| q.as_str().to_string()));
    field("approx", m.approx.then(|| "true".to_string()));
    field("role", m.role.map(|r| r.as_str().to_string()));
    field("per", m.per.clone());
    field("subject", m.subject.clone());
    let _ = write!(s, "\t[{}]", m.rule);
    s
}

const HEADER: &str = "# Mentions of one seed as `extract` finds them in the pipeline (tests/extract_golden.rs):\n\
# line:col, kind, «surface», the fields that are set, [rule].\n\
# Bless: KEIKAKU_BLESS=1 cargo test --release --test extract_golden\n";

fn render(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("seed readable");
    let decoded = decode(&bytes, None).expect("seed decodes");
    let text = SourceText::new(decoded);
    let norm = text.norm();
    let tokens = tokenizer().worker().tokenize(norm);
    let fy = extract::document_fiscal_year(norm);
    let mentions = extract::extract(norm, &tokens, &ExtractContext { fiscal_year: fy });
    let mut out = format!("fiscal year {}\n", fy.map_or("unknown".to_string(), |y| y.to_string()));
    for m in &mentions {
        out.push_str(&render_mention(&text, m));
        out.push('\n');
    }
    out
}

#[test]
fn seeds_match_their_golden_mentions() {
    let mut goldens = Goldens::new("extract_golden");
    for seed in seeds() {
        goldens.check(&format!("fixtures/extract/{}.mentions.txt", stem(&seed)), HEADER, &render(&seed));
    }
    goldens.finish();
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
