//! A test harness (libtest-mimic) for the test binaries whose tests need an outside program:
//! DuckDB, Spark (pyspark and a Java runtime), Chromium. Whether each such test runs is
//! decided when the binary starts: if something it needs is missing, the test is **ignored**
//! — it shows as `ignored` in `cargo test`'s summary and a `SKIPPED` line says what to
//! install — instead of passing without running. Under CI (`CI` set, as `.ci/run` runs) a
//! missing prerequisite fails the test, since CI installs them all; run with
//! `-- --include-ignored` and it fails the same way.
//!
//! Every test function of such a binary is listed in its `main`; one left out is dead code,
//! which the lints (`-D warnings`) reject, so no test can be forgotten.

use std::process::ExitCode;
use std::sync::OnceLock;

use libtest_mimic::{Arguments, Failed, Trial};

/// Something a test needs from outside cargo.
pub struct Needs {
    pub what: &'static str,
    pub install: &'static str,
    present: fn() -> bool,
    found: OnceLock<bool>,
}

impl Needs {
    const fn new(what: &'static str, install: &'static str, present: fn() -> bool) -> Needs {
        Needs { what, install, present, found: OnceLock::new() }
    }

    pub fn present(&self) -> bool {
        *self.found.get_or_init(self.present)
    }
}

fn command_runs(program: &str, args: &[&str]) -> bool {
    std::process::Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

pub static DUCKDB_PYTHON: Needs =
    Needs::new("the duckdb Python package", "python3 -m pip install duckdb", || super::python_has("duckdb"));
pub static DUCKDB_CLI: Needs =
    Needs::new("the DuckDB command line (duckdb)", "python3 -m pip install duckdb-cli", || {
        command_runs("duckdb", &["--version"])
    });
pub static PYSPARK: Needs =
    Needs::new("the pyspark Python package", "python3 -m pip install pyspark", || super::python_has("pyspark"));
pub static JAVA: Needs =
    Needs::new("a Java runtime", "apt-get install -y default-jre-headless", || command_runs("java", &["-version"]));
pub static CHROMIUM: Needs =
    Needs::new("chromium", "apt-get install -y chromium fonts-noto-cjk", || super::chromium_path().is_some());

/// One test: its name, what it needs from outside, and its body (which panics to fail).
pub struct Test {
    name: &'static str,
    needs: Vec<&'static Needs>,
    body: fn(),
}

/// A test that needs nothing from outside.
pub fn test(name: &'static str, body: fn()) -> Test {
    Test { name, needs: Vec::new(), body }
}

/// A test that needs outside programs: ignored (with a SKIPPED line) when one is missing,
/// failed instead under CI.
pub fn needs(name: &'static str, needs: &[&'static Needs], body: fn()) -> Test {
    Test { name, needs: needs.to_vec(), body }
}

/// Runs the tests as `cargo test` runs a test binary (same flags, same summary).
pub fn main(tests: Vec<Test>) -> ExitCode {
    let args = Arguments::from_args();
    let ci = std::env::var_os("CI").is_some();
    let selected = |name: &str| match &args.filter {
        None => true,
        Some(f) if args.exact => name == f,
        Some(f) => name.contains(f.as_str()),
    };
    let trials = tests
        .into_iter()
        .map(|t| {
            let missing: Vec<&'static Needs> =
                if selected(t.name) { t.needs.iter().copied().filter(|n| !n.present()).collect() } else { Vec::new() };
            let ignore = !missing.is_empty() && !ci;
            if ignore && !args.list {
                for n in &missing {
                    eprintln!(
                        "SKIPPED {}: {} is missing; {} to run it (under CI this test fails instead)",
                        t.name, n.what, n.install
                    );
                }
            }
            let (name, body) = (t.name, t.body);
            Trial::test(name, move || {
                if let Some(n) = missing.first() {
                    return Err(Failed::from(format!(
                        "{name}: {} is missing{}; {} (.ci/run does)",
                        n.what,
                        if ci { " under CI" } else { "" },
                        n.install
                    )));
                }
                body();
                Ok(())
            })
            .with_ignored_flag(ignore)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit_code()
}
