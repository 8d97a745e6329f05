//! The extraction corpora under `tests/corpus/` (format in `tests/corpus/README.md`), in
//! duckling form: one input per line with the mentions it must yield, nothing more.
//!
//! - The class corpora (`numbers`, `dates`, `money`, `counts`, `percent`, `negative`) are the
//!   contract by example: every case must pass.
//! - The reference corpora restate, in keikaku's own words, the in-scope cases of the test
//!   suites of ja-timex 0.2.8 and pynormalizenumexp 0.3.4: at least 95% must pass; the rest
//!   are listed as decisions keikaku takes differently.
//!
//! Each input runs through normalize → tokenize → `extract` with the file's fiscal year
//! (`@fy`, default 2019), and again without tokens: both must find the same figures.

mod common;

use std::fmt::Write as _;

use common::*;
use keikaku::extract::Mention;
use keikaku::SourceText;

/// One expected mention.
#[derive(Debug)]
struct Expect {
    kind: String,
    /// Dates: the `date` value; numbers: `lo` or `lo..hi`.
    value: String,
    unit: Option<String>,
    keys: Vec<(String, String)>,
}

/// One case: a line of a corpus file.
#[derive(Debug)]
struct Case {
    file: String,
    line: usize,
    fy: Option<i32>,
    input: String,
    surfaces: Vec<String>,
    expects: Vec<Expect>,
    /// `- by NAME,NAME`: the filters that must account for every number the input yields no
    /// mention of (each named filter firing at least once, no number unaccounted).
    by: Vec<String>,
}

fn parse_expect(text: &str) -> Result<Expect, String> {
    let mut parts = text.split_whitespace();
    let kind = parts.next().ok_or("empty expectation")?.to_string();
    if !matches!(kind.as_str(), "date" | "count" | "percent" | "money") {
        return Err(format!("unknown kind {kind}"));
    }
    let value = parts.next().ok_or("no value")?.to_string();
    let mut unit = None;
    let mut keys = Vec::new();
    for p in parts {
        match p.split_once('=') {
            Some((k, v)) => keys.push((k.to_string(), v.to_string())),
            None if matches!(p, "approx" | "as_of") => keys.push((p.to_string(), String::new())),
            None if unit.is_none() => unit = Some(p.to_string()),
            None => return Err(format!("unexpected word {p}")),
        }
    }
    Ok(Expect { kind, value, unit, keys })
}

/// The cases of one corpus file.
fn load(name: &str) -> Vec<Case> {
    let path = root().join("tests/corpus").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut fy = Some(2019);
    let mut cases = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        if let Some(arg) = raw.strip_prefix("@fy ") {
            fy = if arg.trim() == "none" { None } else { Some(arg.trim().parse().expect("@fy YEAR or @fy none")) };
            continue;
        }
        let (input, expect) = raw.split_once('\t').unwrap_or_else(|| panic!("{name}:{line}: no tab in «{raw}»"));
        let mut plain = String::new();
        let mut surfaces = Vec::new();
        let mut rest = input;
        while let Some(open) = rest.find("[[") {
            plain.push_str(&rest[..open]);
            let close = rest[open..].find("]]").unwrap_or_else(|| panic!("{name}:{line}: [[ without ]]")) + open;
            surfaces.push(rest[open + 2..close].to_string());
            plain.push_str(&rest[open + 2..close]);
            rest = &rest[close + 2..];
        }
        plain.push_str(rest);
        let expect = expect.trim();
        let (expect, by) = match expect.strip_prefix("- by ") {
            Some(names) => ("-", names.split(',').map(|n| n.trim().to_string()).collect()),
            None => (expect, Vec::new()),
        };
        let expects: Vec<Expect> = if expect == "-" || expect.is_empty() {
            Vec::new()
        } else {
            expect
                .split(" ; ")
                .map(|e| parse_expect(e.trim()).unwrap_or_else(|err| panic!("{name}:{line}: {err} in «{e}»")))
                .collect()
        };
        if surfaces.is_empty() && !expects.is_empty() {
            surfaces.push(plain.trim().to_string());
        }
        assert_eq!(
            surfaces.len(),
            expects.len(),
            "{name}:{line}: {} marks, {} expectations",
            surfaces.len(),
            expects.len()
        );
        cases.push(Case { file: name.to_string(), line, fy, input: plain, surfaces, expects, by });
    }
    cases
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e16 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn numbers_equal(a: f64, b: &str) -> bool {
    b.parse::<f64>().is_ok_and(|b| (a - b).abs() <= 1e-9 * a.abs().max(1.0))
}

/// Why `m` is not `e`, or `None` when it is.
fn mismatch(text: &SourceText, m: &Mention, surface: &str, e: &Expect) -> Option<String> {
    let got_surface = text.source_text(m.norm_span.clone());
    let mut bad = Vec::new();
    if got_surface != surface {
        bad.push(format!("surface «{got_surface}»"));
    }
    if m.kind.as_str() != e.kind {
        bad.push(format!("kind {}", m.kind.as_str()));
    }
    if e.kind == "date" {
        if m.date_text().as_deref() != Some(e.value.as_str()) {
            bad.push(format!("date {}", m.date_text().as_deref().unwrap_or("-")));
        }
    } else {
        let (lo, hi) = match e.value.split_once("..") {
            Some((lo, hi)) => (lo, Some(hi)),
            None => (e.value.as_str(), None),
        };
        let value_ok = m.value.is_some_and(|v| numbers_equal(v, lo));
        let max_ok = match hi {
            Some(hi) => m.value_max.is_some_and(|v| numbers_equal(v, hi)),
            None => m.value_max.is_none(),
        };
        if !value_ok || !max_ok {
            let got = match m.value_max {
                Some(hi) => format!("{}..{}", m.value.map_or("-".into(), number), number(hi)),
                None => m.value.map_or("-".into(), number),
            };
            bad.push(format!("value {got}"));
        }
        if let Some(u) = &e.unit {
            if m.unit.as_deref() != Some(u.as_str()) {
                bad.push(format!("unit {}", m.unit.as_deref().unwrap_or("-")));
            }
        }
    }
    for (k, v) in &e.keys {
        let ok = match k.as_str() {
            "q" => m.qualifier.map(|q| q.as_str()) == Some(v.as_str()),
            "approx" => m.approx,
            "as_of" => m.role == Some(keikaku::extract::MentionRole::AsOf),
            "per" => m.per.as_deref() == Some(v.as_str()),
            other => panic!("unknown key {other}"),
        };
        if !ok {
            bad.push(format!("{k}: q={:?} approx={} role={:?} per={:?}", m.qualifier, m.approx, m.role, m.per));
        }
    }
    (!bad.is_empty()).then(|| bad.join(", "))
}

fn describe(text: &SourceText, m: &Mention) -> String {
    let value = match (&m.date_text(), m.value, m.value_max) {
        (Some(d), _, _) => d.clone(),
        (None, Some(v), Some(hi)) => format!("{}..{}", number(v), number(hi)),
        (None, Some(v), None) => number(v),
        _ => "-".into(),
    };
    format!(
        "{} «{}» {} {}",
        m.kind.as_str(),
        text.source_text(m.norm_span.clone()),
        value,
        m.unit.as_deref().unwrap_or("")
    )
}

/// Runs one case; `Err` says what went wrong, quoting the input.
fn run_case(case: &Case) -> Result<(), String> {
    let (text, got) = extract_text(&case.input, case.fy, true);
    let (_, without) = extract_text(&case.input, case.fy, false);
    let key = |m: &Mention| (m.norm_span.clone(), m.kind, m.date_text(), m.value, m.value_max, m.unit.clone());
    if got.iter().map(key).ne(without.iter().map(key)) {
        return Err(format!(
            "{}:{} «{}»: with tokens {:?}, without {:?}",
            case.file,
            case.line,
            case.input,
            got.iter().map(|m| describe(&text, m)).collect::<Vec<_>>(),
            without.iter().map(|m| describe(&text, m)).collect::<Vec<_>>()
        ));
    }
    let mut problems = Vec::new();
    if got.len() != case.expects.len() {
        problems.push(format!("{} mentions, want {}", got.len(), case.expects.len()));
    } else {
        for ((m, surface), e) in got.iter().zip(&case.surfaces).zip(&case.expects) {
            if let Some(why) = mismatch(&text, m, surface, e) {
                problems.push(format!("«{surface}» {} {}: got {why}", e.kind, e.value));
            }
        }
    }
    if !case.by.is_empty() || std::env::var_os("KEIKAKU_CITE").is_some() && case.expects.is_empty() {
        let numbers = keikaku::extract::account::account(text.norm(), &got, &[]);
        let fired: Vec<&str> = numbers.iter().filter_map(|n| n.filter).collect();
        let unaccounted: Vec<&str> = numbers
            .iter()
            .filter(|n| n.class == keikaku::extract::account::NumberClass::Unaccounted)
            .map(|n| &text.norm()[n.norm_span.clone()])
            .collect();
        if case.by.is_empty() {
            let mut names: Vec<&str> = fired.clone();
            names.dedup();
            eprintln!("CITE {}:{}\t{}\t{}", case.file, case.line, names.join(","), unaccounted.join(","));
        } else {
            for name in &case.by {
                if !keikaku::extract::filters::FILTERS.iter().any(|f| f.name == name) {
                    problems.push(format!("no filter is named {name}"));
                } else if !fired.contains(&name.as_str()) {
                    problems.push(format!("filter {name} does not fire (fired: {fired:?})"));
                }
            }
            if let Some(other) = fired.iter().find(|f| !case.by.iter().any(|b| b == *f)) {
                problems.push(format!("filter {other} fires too, not cited"));
            }
            if !unaccounted.is_empty() {
                problems.push(format!("numbers unaccounted: {unaccounted:?}"));
            }
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    let mut msg = format!("{}:{} «{}»: {}", case.file, case.line, case.input, problems.join("; "));
    let _ = write!(msg, "\n      found: {:?}", got.iter().map(|m| describe(&text, m)).collect::<Vec<_>>());
    Err(msg)
}

/// Runs every case of `files`; returns (cases, failures).
fn run_files(files: &[&str]) -> (Vec<Case>, Vec<String>) {
    let cases: Vec<Case> = files.iter().flat_map(|f| load(f)).collect();
    let failures = cases.iter().filter_map(|c| run_case(c).err()).collect();
    (cases, failures)
}

#[test]
fn class_corpora_pass_entirely() {
    let files = ["numbers.txt", "dates.txt", "money.txt", "counts.txt", "percent.txt", "negative.txt"];
    let (cases, failures) = run_files(&files);
    let negative = cases.iter().filter(|c| c.expects.is_empty()).count();
    let positive: usize = cases.iter().map(|c| c.expects.len()).sum();
    eprintln!(
        "class corpora: {} cases, {positive} expected mentions, {negative} inputs that yield nothing",
        cases.len()
    );
    assert!(positive >= 300, "at least 300 positive cases, found {positive}");
    assert!(negative >= 150, "at least 150 negative cases, found {negative}");
    assert!(failures.is_empty(), "{} of {} cases fail:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn reference_suites_pass_at_least_95_percent() {
    for file in ["reference_ja_timex.txt", "reference_numexp.txt"] {
        let (cases, failures) = run_files(&[file]);
        let rate = 1.0 - failures.len() as f64 / cases.len() as f64;
        eprintln!("{file}: {} of {} cases pass ({:.1}%)", cases.len() - failures.len(), cases.len(), 100.0 * rate);
        for f in &failures {
            eprintln!("  {f}");
        }
        assert!(cases.len() >= 50, "{file}: too few cases ({})", cases.len());
        assert!(rate >= 0.95, "{file}: {:.1}% pass, want ≥ 95%:\n{}", 100.0 * rate, failures.join("\n"));
    }
}
