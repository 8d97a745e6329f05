//! The command line: clap types (what was typed) and the commands that run them.

use std::io::{self, BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::json;

use crate::batch::{
    self, BatchCounts, ConvertConfig, ConvertedFile, DirMode, DirSink, Ended, Format, OutputDirError, RunIdentity,
    RunOptions, Sink, StreamSink, DEFAULT_MAX_FILE_SIZE,
};
use crate::columns::{self, OUTPUTS};
use crate::decode::{decode, SourceEncoding};
use crate::inspect;
use crate::pipeline::{process, PipelineOptions};
use crate::record::DocStatus;
use crate::record::{SpecMention, SCHEMA_VERSION};
use crate::schema::schema;
use crate::source::{list_inputs, InputEntry};
use crate::tokenize::Tokenizer;

/// Exit status: everything converted.
pub const EXIT_OK: u8 = 0;
/// Exit status: finished, but some documents failed (their error lines were written).
pub const EXIT_SOME_FAILED: u8 = 1;
/// Exit status: usage error, or the output directory was refused or could not be written.
pub const EXIT_USAGE: u8 = 2;
/// Exit status after a signal: 128 + its number (130 for SIGINT, 143 for SIGTERM).
pub const EXIT_SIGNAL_BASE: u8 = 128;

#[derive(Debug, Parser)]
#[command(
    name = "keikaku",
    version,
    about = "Turns Japanese administrative plan documents into structured, trustworthy JSON",
    long_about = "keikaku reads plan documents (any of UTF-8, Shift_JIS/CP932, EUC-JP, UTF-16), \
normalizes them while remembering where every character came from, tokenizes them with lindera \
(IPADIC embedded), segments them into themes, initiatives and sections, and extracts dates, \
counts, percentages and money into JSON Lines a data warehouse loads as they are.",
    after_help = "Exit status: 0 done; 1 some inputs failed (convert, extract: each named on stderr); 2 usage \
error, or the output directory was refused or could not be written; 130/143 interrupted by SIGINT/SIGTERM \
(convert keeps what it wrote for --resume). `keikaku convert --help` says more, --stdout included."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert files or directories into documents.jsonl, records.jsonl, mentions.jsonl, indicators.jsonl (and/or .parquet)
    #[command(after_help = CONVERT_AFTER_HELP)]
    Convert(ConvertArgs),
    /// Extract dates, counts, percentages and money from text: one JSON mention per line
    #[command(
        after_help = "Examples:\n  keikaku extract < seeds/001_3212f949463da569.txt\n  echo '設立登記（R1.11）、参加企業：28社' | keikaku extract --fy 2019"
    )]
    Extract(ExtractArgs),
    /// Show one document's outline and what was found in it (terminal or HTML)
    #[command(
        after_help = "Examples:\n  keikaku inspect seeds/001_3212f949463da569.txt\n  keikaku inspect seeds/001_3212f949463da569.txt --initiative 2 --mentions\n  keikaku inspect seeds/001_3212f949463da569.txt --html 001.html"
    )]
    Inspect(InspectArgs),
    /// Print lindera tokens with their IPADIC part of speech (to check the dictionary)
    #[command(
        after_help = "Examples:\n  echo '健都におけるクラスター形成' | keikaku tokens\n  keikaku tokens seeds/000_e4386a23844c2d14.txt --user-dict my.csv"
    )]
    Tokens(TokensArgs),
    /// Print the JSON Schema of an output file
    #[command(
        after_help = "Examples:\n  keikaku schema records\n  keikaku schema --all\n  keikaku schema --duckdb mentions     # read_json('output/mentions.jsonl', columns = …)\n  keikaku schema --spark mentions      # spark.read.schema(…).json('output/mentions.jsonl')"
    )]
    Schema(SchemaArgs),
    /// Account for every number of a corpus: the classes, and the most frequent shapes of the numbers keikaku read past without a reason
    #[command(
        after_help = "Every run of digits (and kanji numeral before a counter) is part of a mention, a table cell, a named \
non-figure (phone, page, article, time, duration, age, measure, per_unit, id …) or unaccounted. The report gives the counts \
per class and the unaccounted numbers grouped by shape (digits as N, two chars each side), each with where it was first \
seen (path:line) and its text.\n\nExamples:\n  keikaku audit archive/\n  keikaku audit a.txt b.txt --top 50"
    )]
    Audit(AuditArgs),
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Files or directories to audit (directories are walked recursively)
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// How many shapes to list
    #[arg(long, value_name = "N", default_value_t = 30)]
    pub top: usize,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

/// Options shared by the commands that run the pipeline.
#[derive(Debug, Args, Clone)]
pub struct PipelineArgs {
    /// Decode every file with this encoding instead of detecting it (UTF-8, Shift_JIS/CP932, EUC-JP, UTF-16LE, UTF-16BE)
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// Fiscal year for month-only dates when the document does not tell it (e.g. 2019 = April 2019–March 2020)
    #[arg(long, value_name = "YYYY")]
    pub fy: Option<i32>,
    /// User dictionary CSV replacing the built-in dictionaries/user.csv (IPADIC 13-field rows or surface,pos,reading)
    #[arg(long, value_name = "CSV")]
    pub user_dict: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Files or directories to convert (directories are walked recursively)
    #[arg(value_name = "PATH", default_value = "seeds")]
    pub paths: Vec<PathBuf>,
    /// Output directory
    #[arg(short, long, value_name = "DIR", default_value = "output")]
    pub output: PathBuf,
    /// Read the paths to convert from this file, one per line ('-' for standard input)
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Write all lines (documents, records, mentions, indicators, each tagged with its `type`) to standard output instead of files, flushing after each document
    #[arg(long)]
    pub stdout: bool,
    /// Number of worker threads (default: all cores)
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
    /// Largest file to read, in bytes; larger files are reported as errors
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
    /// Never show a progress bar
    #[arg(long)]
    pub no_progress: bool,
    /// Continue an interrupted run into the same output directory from its last checkpoint (same inputs and options), instead of starting over
    #[arg(long)]
    pub resume: bool,
    /// Replace what the output directory holds of another batch or interrupted run (it stays until this batch is complete)
    #[arg(long)]
    pub force: bool,
    /// Output formats, comma-separated: jsonl, parquet (the Parquet files have the fixed schema of `keikaku schema --parquet`)
    #[arg(long, value_enum, value_delimiter = ',', default_value = "jsonl", value_name = "FORMAT")]
    pub format: Vec<Format>,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

/// `convert --help`'s closing text: examples and exit statuses.
const CONVERT_AFTER_HELP: &str = "Examples:
  keikaku convert                      # seeds/ → output/
  keikaku convert archive/ -o out/ -j 8 --format jsonl,parquet
  find archive -name '*.txt' | keikaku convert --files-from - --stdout

Output directory: it may be new, empty, hold unrelated files (left alone) or this same run's
batch (replaced). Another batch (a manifest.json of other inputs or options), keikaku files
without a manifest, or an interrupted run are refused unless --force (or --resume for this
run's own interrupted batch). A previous batch stays complete until the new one is.

Exit status:
  0    every input converted (ok, empty or binary skipped). With --stdout: the stream was
       written, even if documents failed (they are error lines in the stream and on stderr),
       so that a Spark or Hadoop task does not fail on one bad file
  1    finished, but some inputs failed: each is named on stderr as it fails and in the
       summary, and is a status \"error\" line of documents.jsonl
  2    usage error, or the output directory was refused or could not be written
  130  interrupted by SIGINT (Ctrl-C), 143 by SIGTERM: what was written is kept; the message
       says how to --resume";

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files to read (default: standard input)
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The document ('-' for standard input)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Write a self-contained HTML page here instead of printing to the terminal
    #[arg(long, value_name = "OUT.html")]
    pub html: Option<PathBuf>,
    /// Show only one initiative/record: its number (1-based) or a substring of its title
    #[arg(long, value_name = "N|TEXT")]
    pub initiative: Option<String>,
    /// Show only the mentions, not the items
    #[arg(long)]
    pub mentions: bool,
    /// Colour the output (also honours NO_COLOR)
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

#[derive(Debug, Args)]
pub struct TokensArgs {
    /// File to read (default: standard input)
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// User dictionary CSV replacing the built-in one
    #[arg(long, value_name = "CSV")]
    pub user_dict: Option<PathBuf>,
    /// Encoding of the input (default: detected)
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which output: documents, records, mentions, indicators (the files of convert) or extract
    #[arg(value_name = "NAME", required_unless_present = "all", value_parser = clap::builder::PossibleValuesParser::new(OUTPUTS.iter().map(|o| o.name)))]
    pub name: Option<String>,
    /// Print every output's schema as one JSON object keyed by file name
    #[arg(long)]
    pub all: bool,
    /// Print the DuckDB column types instead, for read_json(…, columns = …)
    #[arg(long, conflicts_with_all = ["spark", "parquet"])]
    pub duckdb: bool,
    /// Print the Spark schema instead, as a DDL string for spark.read.schema(…)
    #[arg(long, conflicts_with = "parquet")]
    pub spark: bool,
    /// Print the Parquet schema that convert --format parquet writes (message type)
    #[arg(long)]
    pub parquet: bool,
}

/// A usage error: reported with exit status 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Runs a parsed command line and returns the exit status.
pub fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Convert(args) => convert(args),
        Command::Extract(args) => extract_cmd(args),
        Command::Inspect(args) => inspect_cmd(args),
        Command::Tokens(args) => tokens_cmd(args),
        Command::Schema(args) => schema_cmd(args),
        Command::Audit(args) => audit_cmd(args),
    }
}

fn parse_encoding(label: &Option<String>) -> Result<Option<SourceEncoding>> {
    match label {
        None => Ok(None),
        Some(l) => SourceEncoding::from_label(l).map(Some).ok_or_else(|| {
            UsageError(format!(
                "unknown encoding '{l}'; use one of UTF-8, Shift_JIS (CP932), EUC-JP, UTF-16LE, UTF-16BE"
            ))
            .into()
        }),
    }
}

fn load_tokenizer(user_dict: Option<&Path>) -> Result<Tokenizer> {
    Tokenizer::new(user_dict).map_err(|e| UsageError(e.to_string()).into())
}

fn pipeline_options(args: &PipelineArgs) -> PipelineOptions {
    PipelineOptions { fiscal_year: args.fy }
}

fn convert(args: ConvertArgs) -> Result<u8> {
    let encoding = parse_encoding(&args.pipeline.encoding)?;
    if args.threads == Some(0) {
        bail!(UsageError("--threads must be at least 1".into()));
    }
    if args.stdout && args.format.contains(&Format::Parquet) {
        bail!(UsageError("--format parquet writes files; it cannot go to --stdout (drop one of the two)".into()));
    }
    if args.stdout && (args.resume || args.force) {
        bail!(UsageError("--resume and --force apply to an output directory, not to --stdout".into()));
    }
    let tokenizer = Arc::new(load_tokenizer(args.pipeline.user_dict.as_deref())?);
    let config =
        ConvertConfig { encoding, max_file_size: args.max_file_size, pipeline: pipeline_options(&args.pipeline) };

    // Inputs: a path list (read as it is used) or the walked PATH arguments.
    let entries: Box<dyn Iterator<Item = InputEntry> + Send> = match &args.files_from {
        Some(list) => Box::new(read_path_list(list)?),
        None => Box::new(list_inputs(&args.paths).into_iter()),
    };

    if args.stdout {
        // Streaming (Spark / Hadoop mapper): a failing document is an error line in the
        // stream (and a line on stderr), not a failed task, so the exit status is 0 unless
        // the stream broke.
        let pool = worker_pool(args.threads, None)?;
        let mut out = StreamSink::new(io::BufWriter::with_capacity(1 << 16, io::stdout()));
        let mut sink = Reporting::new(&mut out, None);
        batch::run(entries, &tokenizer, &config, &mut sink, RunOptions::default(), &pool)?;
        return Ok(EXIT_OK);
    }

    let entries: Vec<InputEntry> = entries.collect();
    let pool = worker_pool(args.threads, Some(entries.len()))?;
    let total_bytes: u64 = entries
        .iter()
        .filter_map(|e| match e {
            InputEntry::File(p) => std::fs::metadata(p).ok().map(|m| m.len()),
            _ => None,
        })
        .sum();
    let inputs: Vec<String> = match &args.files_from {
        Some(list) => vec!["--files-from".to_string(), list.display().to_string()],
        None => args.paths.iter().map(|p| p.display().to_string()).collect(),
    };
    let mut options = std::collections::BTreeMap::new();
    if let Some(e) = encoding {
        options.insert("--encoding".to_string(), e.as_str().to_string());
    }
    if let Some(fy) = args.pipeline.fy {
        options.insert("--fy".to_string(), fy.to_string());
    }
    if let Some(dict) = &args.pipeline.user_dict {
        options.insert("--user-dict".to_string(), dict.display().to_string());
    }
    options.insert("--max-file-size".to_string(), args.max_file_size.to_string());
    let run = RunIdentity::new(inputs.clone(), options, &entries);
    let out_dir = &args.output;
    let (mut sink, resumed) = match DirSink::create(out_dir, &run, DirMode { resume: args.resume, force: args.force }) {
        Ok(created) => created,
        Err(OutputDirError::Refused(why)) => bail!(UsageError(why)),
        Err(OutputDirError::Io(e)) => {
            return Err(anyhow::Error::new(e))
                .with_context(|| format!("cannot write to output directory {}", out_dir.display()))
        }
    };
    if args.resume {
        match &resumed {
            Some(c) => eprintln!("keikaku: resuming after {} of {} inputs", c.files, entries.len()),
            None => eprintln!(
                "keikaku: nothing to resume in {} (no checkpoint of an interrupted run); converting from the start",
                out_dir.display()
            ),
        }
    }
    let input_count = entries.len();
    let progress = (!args.no_progress && io::stderr().is_terminal()).then(|| progress_bar(total_bytes));
    if let (Some(bar), Some(c)) = (&progress, &resumed) {
        bar.inc(c.input_bytes);
    }
    let failed_before = resumed.as_ref().map_or(0, |c| c.error);
    signals::install();
    let (ended, failures) = {
        let mut reporting = Reporting::new(&mut sink, progress.as_ref());
        let options = RunOptions { progress: progress.as_ref(), resume_from: resumed, stop: Some(&signals::STOP) };
        let ended = batch::run(entries, &tokenizer, &config, &mut reporting, options, &pool)
            .with_context(|| format!("writing to {} failed", out_dir.display()))?;
        (ended, reporting.failures)
    };
    // Finishing (Parquet, renames) is not interruptible: a signal now acts as usual; the
    // checkpoint stays until the manifest is written, so --resume can still finish the batch.
    signals::restore();
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    let counts = match ended {
        Ended::Finished(counts) => counts,
        Ended::Interrupted(counts, signal) => {
            interrupted_message(out_dir, &sink, &counts, input_count, signal);
            return Ok(EXIT_SIGNAL_BASE.saturating_add(signal as u8));
        }
    };
    let manifest_counts = counts.clone();
    let formats = args.format.clone();
    if formats.contains(&Format::Parquet) && !args.no_progress && io::stderr().is_terminal() {
        eprintln!("keikaku: writing the Parquet files…");
    }
    let finished = sink
        .finish(&args.format, |files| {
            let mut file_map = serde_json::Map::new();
            for (name, stats) in files {
                file_map.insert(name, serde_json::to_value(stats).expect("stats serialize"));
            }
            let schemas: serde_json::Map<String, serde_json::Value> =
                columns::converted().map(|o| (o.name.to_string(), json!(SCHEMA_VERSION))).collect();
            json!({
                "keikaku_version": env!("CARGO_PKG_VERSION"),
                "schema_version": SCHEMA_VERSION,
                "schemas": schemas,
                "arguments": {
                    "inputs": inputs,
                    "encoding": encoding.map(|e| e.as_str()),
                    "fiscal_year": args.pipeline.fy,
                    "user_dict": args.pipeline.user_dict.as_ref().map(|p| p.display().to_string()),
                    "max_file_size": args.max_file_size,
                    "formats": formats,
                },
                "run": run,
                "counts": manifest_counts,
                "files": file_map,
            })
        })
        .with_context(|| format!("cannot finish output in {}", out_dir.display()))?;
    if !finished.removed.is_empty() {
        eprintln!(
            "keikaku: removed {} of the previous batch in {} (this run does not write that format)",
            finished.removed.join(", "),
            out_dir.display()
        );
    }
    eprintln!(
        "keikaku: {} files ({} ok, {} empty, {} binary skipped, {} failed) → {} records, {} mentions, {} indicators in {}",
        counts.files,
        counts.ok,
        counts.empty,
        counts.skipped_binary,
        counts.error,
        counts.records,
        counts.mentions,
        counts.indicators,
        out_dir.display()
    );
    if counts.error > 0 {
        eprintln!(
            "keikaku: {} {} failed (status \"error\" in {}):",
            counts.error,
            if counts.error == 1 { "file" } else { "files" },
            out_dir.join("documents.jsonl").display()
        );
        for (path, reason) in failures.iter().take(FAILURES_LISTED) {
            eprintln!("  {path}: {reason}");
        }
        let unlisted = counts.error.saturating_sub(failures.len().min(FAILURES_LISTED) as u64);
        if unlisted > 0 {
            let before =
                if failed_before > 0 { format!(" ({failed_before} before the resume)") } else { String::new() };
            eprintln!("  … and {unlisted} more{before}; documents.jsonl has every one");
        }
    }
    Ok(if counts.error > 0 { EXIT_SOME_FAILED } else { EXIT_OK })
}

/// How many failed files the summary lists by name (every one was named on stderr as it failed).
const FAILURES_LISTED: usize = 20;

/// The worker pool: as many threads as asked (default: every core), but no more than the
/// cores (the work is CPU-bound: more threads only add tokenizer workers and memory) nor
/// than the input files when they are known (a thread converts one file at a time). Says so
/// when it caps an explicit `--threads`.
fn worker_pool(requested: Option<usize>, files: Option<usize>) -> Result<rayon::ThreadPool> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut threads = requested.unwrap_or(cores).min(cores);
    if let Some(files) = files {
        threads = threads.min(files.max(1));
    }
    if let Some(n) = requested.filter(|&n| n > threads) {
        let files = files.map_or(String::new(), |f| format!(", {f} input {}", if f == 1 { "file" } else { "files" }));
        eprintln!(
            "keikaku: note: --threads {n} capped to {threads} ({cores} {}{files}); more would not convert faster",
            if cores == 1 { "core" } else { "cores" }
        );
    }
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().context("cannot start worker threads")
}

/// A sink that names each failed input on stderr as it is written (`keikaku: path: reason`)
/// and keeps them for the summary.
struct Reporting<'a, S: Sink> {
    inner: &'a mut S,
    bar: Option<&'a indicatif::ProgressBar>,
    failures: Vec<(String, String)>,
}

impl<'a, S: Sink> Reporting<'a, S> {
    fn new(inner: &'a mut S, bar: Option<&'a indicatif::ProgressBar>) -> Self {
        Reporting { inner, bar, failures: Vec::new() }
    }
}

impl<S: Sink> Sink for Reporting<'_, S> {
    fn write(&mut self, file: &mut ConvertedFile) -> io::Result<()> {
        self.inner.write(file)?;
        if file.status == DocStatus::Error {
            let reason = file.error.clone().unwrap_or_else(|| "failed".to_string());
            let line = format!("keikaku: {}: {reason}", file.path);
            match self.bar {
                Some(bar) => bar.suspend(|| eprintln!("{line}")),
                None => eprintln!("{line}"),
            }
            if self.failures.len() < FAILURES_LISTED {
                self.failures.push((file.path.clone(), reason));
            }
        }
        Ok(())
    }

    fn checkpoint(&mut self, counts: &BatchCounts) -> io::Result<()> {
        self.inner.checkpoint(counts)
    }
}

/// What an interrupted run says: what was kept where, and how to go on.
fn interrupted_message(dir: &Path, sink: &DirSink, counts: &BatchCounts, inputs: usize, signal: i32) {
    let partials: Vec<String> =
        sink.partial_paths().iter().filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned())).collect();
    eprintln!(
        "keikaku: interrupted by {}: {} of {inputs} inputs were written; they are kept in {} ({}, with .checkpoint.json)",
        signals::name(signal),
        counts.files,
        dir.display(),
        partials.join(", ")
    );
    if dir.join("manifest.json").exists() {
        eprintln!(
            "keikaku: {} still holds the previous complete batch (manifest.json and its files), unchanged",
            dir.display()
        );
    } else {
        eprintln!("keikaku: {} holds no complete batch (no manifest.json)", dir.display());
    }
    let mut command: Vec<String> = std::env::args().map(|a| shell_quote(&a)).collect();
    if !command.iter().any(|a| a == "--resume") {
        command.push("--resume".to_string());
    }
    eprintln!("keikaku: to continue where it stopped, run: {}", command.join(" "));
}

/// An argument as a POSIX shell reads it back.
fn shell_quote(arg: &str) -> String {
    if !arg.is_empty() && arg.chars().all(|c| c.is_ascii_alphanumeric() || "_-./=:,@%+".contains(c)) {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', "'\\''"))
    }
}

/// SIGINT and SIGTERM during `convert` into a directory: the first one asks the run to stop
/// (it checkpoints what is written and says how to resume); the handler is then reset, so a
/// second one ends the process at once.
mod signals {
    use std::sync::atomic::AtomicI32;

    /// The signal received, or 0.
    pub static STOP: AtomicI32 = AtomicI32::new(0);

    #[cfg(unix)]
    extern "C" fn on_signal(signal: libc::c_int) {
        // Only an atomic store: async-signal-safe.
        STOP.store(signal, std::sync::atomic::Ordering::SeqCst);
    }

    #[cfg(unix)]
    pub fn install() {
        // SAFETY: a plain handler that only stores to an atomic; the sigaction struct is
        // zeroed and its mask emptied before use.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as usize;
            action.sa_flags = libc::SA_RESETHAND;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(libc::SIGINT, &action, std::ptr::null_mut());
            libc::sigaction(libc::SIGTERM, &action, std::ptr::null_mut());
        }
    }

    /// Back to the default action of SIGINT and SIGTERM.
    #[cfg(unix)]
    pub fn restore() {
        // SAFETY: resetting two signals to their default disposition.
        unsafe {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            libc::signal(libc::SIGTERM, libc::SIG_DFL);
        }
    }

    #[cfg(not(unix))]
    pub fn install() {}

    #[cfg(not(unix))]
    pub fn restore() {}

    pub fn name(signal: i32) -> String {
        match signal {
            2 => "SIGINT (Ctrl-C)".to_string(),
            15 => "SIGTERM".to_string(),
            n => format!("signal {n}"),
        }
    }
}

fn progress_bar(total_bytes: u64) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(total_bytes);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} {msg} (eta {eta})",
        )
        .expect("valid template"),
    );
    bar
}

/// Paths from a list file or stdin, one per line (blank lines ignored), read lazily.
/// The paths of a `--files-from` list, one per line, read lazily. Lines are bytes, not text:
/// a file name that is not UTF-8 is still a path to convert. If reading the list fails, an
/// error entry naming the list says so and the list ends there, so no path goes missing
/// without a trace.
fn read_path_list(list: &Path) -> Result<impl Iterator<Item = InputEntry> + Send> {
    let reader: Box<dyn BufRead + Send> = if list == Path::new("-") {
        Box::new(io::BufReader::new(io::stdin()))
    } else {
        Box::new(io::BufReader::new(
            std::fs::File::open(list).with_context(|| format!("cannot read path list {}", list.display()))?,
        ))
    };
    let list = list.to_path_buf();
    let mut broken = false;
    Ok(reader
        .split(b'\n')
        .map_while(move |line| match line {
            _ if broken => None,
            Err(e) => {
                broken = true;
                Some(Err(e))
            }
            Ok(line) => Some(Ok(line)),
        })
        .filter_map(move |line| match line {
            Ok(mut bytes) => {
                if bytes.last() == Some(&b'\r') {
                    bytes.pop();
                }
                (!bytes.iter().all(u8::is_ascii_whitespace)).then(|| InputEntry::File(path_from_bytes(bytes)))
            }
            Err(e) => Some(InputEntry::Unlistable(
                list.clone(),
                format!("cannot read the path list: {e}; the paths after this point were not converted"),
            )),
        }))
}

#[cfg(unix)]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}

fn read_input(file: Option<&Path>) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    match file {
        None => {
            io::stdin().read_to_end(&mut bytes).context("cannot read standard input")?;
        }
        Some(p) if p == Path::new("-") => {
            io::stdin().read_to_end(&mut bytes).context("cannot read standard input")?;
        }
        Some(p) => bytes = std::fs::read(p).with_context(|| format!("{}: cannot read", p.display()))?,
    }
    Ok(bytes)
}

/// The text of file `name` decoded, or `None` once stderr says why it could not be read or
/// decoded and `status` says some file failed: the commands that go on to the next file.
fn decoded_or_said(
    name: &str,
    read: std::result::Result<Vec<u8>, String>,
    encoding: Option<SourceEncoding>,
    status: &mut u8,
) -> Option<crate::decode::Decoded> {
    match read.and_then(|b| decode(&b, encoding).map_err(|e| e.to_string())) {
        Ok(d) => Some(d),
        Err(e) => {
            eprintln!("keikaku: {name}: {e}");
            *status = EXIT_SOME_FAILED;
            None
        }
    }
}

fn extract_cmd(args: ExtractArgs) -> Result<u8> {
    let encoding = parse_encoding(&args.pipeline.encoding)?;
    let tokenizer = load_tokenizer(args.pipeline.user_dict.as_deref())?;
    let mut worker = tokenizer.worker();
    let options = pipeline_options(&args.pipeline);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let inputs: Vec<Option<&Path>> =
        if args.files.is_empty() { vec![None] } else { args.files.iter().map(|p| Some(p.as_path())).collect() };
    let mut status = EXIT_OK;
    for input in inputs {
        let name = input.map_or("<stdin>".to_string(), |p| p.display().to_string());
        let bytes = read_input(input)?;
        let Some(decoded) = decoded_or_said(&name, Ok(bytes), encoding, &mut status) else { continue };
        let processed = process(decoded, &mut worker, &options);
        let mut spans = processed.text.spans();
        for m in &processed.mentions {
            serde_json::to_writer(&mut out, &SpecMention::new(m, &mut spans))?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(status)
}

fn inspect_cmd(args: InspectArgs) -> Result<u8> {
    let encoding = parse_encoding(&args.pipeline.encoding)?;
    let tokenizer = load_tokenizer(args.pipeline.user_dict.as_deref())?;
    let mut worker = tokenizer.worker();
    let bytes = read_input(Some(&args.file))?;
    let name = if args.file == Path::new("-") { "<stdin>".to_string() } else { args.file.display().to_string() };
    let decoded = decode(&bytes, encoding).map_err(|e| UsageError(format!("{name}: {e}")))?;
    let processed = process(decoded, &mut worker, &pipeline_options(&args.pipeline));
    let view = inspect::View { path: &name, processed: &processed };
    if let Some(out) = &args.html {
        if args.initiative.is_some() || args.mentions {
            eprintln!("keikaku: note: --initiative and --mentions apply to the terminal view; the page shows the whole document");
        }
        let html = inspect::html(&view);
        std::fs::write(out, html).with_context(|| format!("cannot write {}", out.display()))?;
        eprintln!(
            "keikaku: wrote {} ({} records, {} mentions)",
            out.display(),
            processed.document.units.len(),
            processed.mentions.len()
        );
        return Ok(EXIT_OK);
    }
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal(),
    };
    let options = inspect::TerminalOptions { color, initiative: args.initiative.clone(), mentions_only: args.mentions };
    let text = inspect::terminal(&view, &options).map_err(UsageError)?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(EXIT_OK)
}

/// `keikaku audit`: every file through the pipeline, one at a time, into an [`Audit`](crate::audit::Audit).
fn audit_cmd(args: AuditArgs) -> Result<u8> {
    let encoding = parse_encoding(&args.pipeline.encoding)?;
    let tokenizer = load_tokenizer(args.pipeline.user_dict.as_deref())?;
    let mut worker = tokenizer.worker();
    let options = pipeline_options(&args.pipeline);
    let mut audit = crate::audit::Audit::new();
    let mut status = EXIT_OK;
    for entry in list_inputs(&args.paths) {
        let path = match entry {
            InputEntry::File(p) => p,
            InputEntry::Unlistable(p, reason) => {
                eprintln!("keikaku: {}: {reason}", p.display());
                status = EXIT_SOME_FAILED;
                continue;
            }
        };
        let name = path.display().to_string();
        let read = std::fs::read(&path).map_err(|e| format!("cannot read: {e}"));
        let Some(decoded) = decoded_or_said(&name, read, encoding, &mut status) else { continue };
        let processed = process(decoded, &mut worker, &options);
        audit.add(&name, &processed);
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    out.write_all(audit.report(args.top).as_bytes())?;
    out.flush()?;
    Ok(status)
}

fn tokens_cmd(args: TokensArgs) -> Result<u8> {
    let encoding = parse_encoding(&args.encoding)?;
    let tokenizer = load_tokenizer(args.user_dict.as_deref())?;
    let bytes = read_input(args.file.as_deref())?;
    let decoded = decode(&bytes, encoding).map_err(|e| UsageError(e.to_string()))?;
    let normalized = crate::normalize::normalize(&decoded.text);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for line in normalized.text.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let tokens = tokenizer
            .segmenter()
            .segment(std::borrow::Cow::Borrowed(line))
            .map_err(|e| anyhow::anyhow!("tokenizer failed: {e}"))?;
        for mut t in tokens {
            let surface = t.surface.to_string();
            if surface.trim().is_empty() {
                continue;
            }
            writeln!(out, "{surface}\t{}", t.details().join(","))?;
        }
        writeln!(out, "EOS")?;
    }
    out.flush()?;
    Ok(EXIT_OK)
}

fn schema_cmd(args: SchemaArgs) -> Result<u8> {
    // One text per output; JSON Schemas are JSON values, the other forms strings.
    let form = |o: &columns::Output| -> serde_json::Value {
        if args.duckdb {
            json!(columns::duckdb_columns(o))
        } else if args.spark {
            json!(columns::spark_ddl(o))
        } else if args.parquet {
            json!(crate::parquet::message_type(o))
        } else {
            schema(o)
        }
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if args.all {
        let mut map = serde_json::Map::new();
        for o in OUTPUTS {
            map.insert(o.title(), form(o));
        }
        serde_json::to_writer_pretty(&mut out, &serde_json::Value::Object(map))?;
    } else {
        let name = args.name.as_deref().expect("clap requires a name unless --all");
        let o = columns::output(name).expect("clap checks the name");
        match form(o) {
            serde_json::Value::String(text) => out.write_all(text.as_bytes())?,
            value => serde_json::to_writer_pretty(&mut out, &value)?,
        }
    }
    out.write_all(b"\n")?;
    Ok(EXIT_OK)
}
