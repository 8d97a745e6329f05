//! The command line: clap types (what was typed) and the commands that run them.

use std::io::{self, BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::json;

use crate::batch::{self, ConvertConfig, DirSink, StreamSink, DEFAULT_MAX_FILE_SIZE};
use crate::decode::{decode, SourceEncoding};
use crate::inspect;
use crate::pipeline::{process, PipelineOptions};
use crate::record::{SpecMention, SCHEMA_VERSION};
use crate::schema::{schema, SchemaName};
use crate::source::{list_inputs, InputEntry};
use crate::tokenize::Tokenizer;

/// Exit status: everything converted.
pub const EXIT_OK: u8 = 0;
/// Exit status: finished, but some documents failed (their error lines were written).
pub const EXIT_SOME_FAILED: u8 = 1;
/// Exit status: usage error or the output could not be written.
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "keikaku",
    version,
    about = "Turns Japanese administrative plan documents into structured, trustworthy JSON",
    long_about = "keikaku reads plan documents (any of UTF-8, Shift_JIS/CP932, EUC-JP, UTF-16), \
normalizes them while remembering where every character came from, tokenizes them with lindera \
(IPADIC embedded), segments them into themes, initiatives and sections, and extracts dates, \
counts, percentages and money into JSON Lines a data warehouse loads as they are."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert files or directories into documents.jsonl, records.jsonl, mentions.jsonl, indicators.jsonl
    #[command(
        after_help = "Examples:\n  keikaku convert                      # seeds/ → output/\n  keikaku convert archive/ -o out/ -j 8\n  find archive -name '*.txt' | keikaku convert --files-from - --stdout"
    )]
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
    #[command(after_help = "Examples:\n  keikaku schema records\n  keikaku schema --all")]
    Schema(SchemaArgs),
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
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

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
    /// Which output
    #[arg(value_enum, required_unless_present = "all")]
    pub name: Option<SchemaName>,
    /// Print all schemas as one JSON object keyed by file name
    #[arg(long)]
    pub all: bool,
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
    let tokenizer = Arc::new(load_tokenizer(args.pipeline.user_dict.as_deref())?);
    let config =
        ConvertConfig { encoding, max_file_size: args.max_file_size, pipeline: pipeline_options(&args.pipeline) };
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = args.threads {
        if n == 0 {
            bail!(UsageError("--threads must be at least 1".into()));
        }
        pool = pool.num_threads(n);
    }
    let pool = pool.build().context("cannot start worker threads")?;

    // Inputs: a path list (read as it is used) or the walked PATH arguments.
    let entries: Box<dyn Iterator<Item = InputEntry> + Send> = match &args.files_from {
        Some(list) => Box::new(read_path_list(list)?),
        None => Box::new(list_inputs(&args.paths).into_iter()),
    };

    if args.stdout {
        // Streaming (Spark / Hadoop mapper): a failing document is an error line in the
        // stream, not a failed task, so the exit status is 0 unless the stream broke.
        let mut sink = StreamSink::new(io::BufWriter::with_capacity(1 << 16, io::stdout()));
        batch::run(entries, &tokenizer, &config, &mut sink, None, None, &pool)?;
        return Ok(EXIT_OK);
    }
    let counts = {
        let entries: Vec<InputEntry> = entries.collect();
        let total_bytes: u64 = entries
            .iter()
            .filter_map(|e| match e {
                InputEntry::File(p) => std::fs::metadata(p).ok().map(|m| m.len()),
                _ => None,
            })
            .sum();
        let progress = (!args.no_progress && io::stderr().is_terminal()).then(|| progress_bar(total_bytes));
        let options_key =
            format!("{:?}|{:?}|{:?}|{}", encoding, args.pipeline.fy, args.pipeline.user_dict, args.max_file_size);
        let key = batch::run_key(&entries, &options_key);
        let (mut sink, resumed) = DirSink::create(&args.output, &key, args.resume)
            .with_context(|| format!("cannot write to output directory {}", args.output.display()))?;
        if args.resume {
            match &resumed {
                Some(c) => eprintln!("keikaku: resuming after {} of {} inputs", c.files, entries.len()),
                None => eprintln!("keikaku: nothing to resume in {}; starting over", args.output.display()),
            }
        }
        if let (Some(bar), Some(c)) = (&progress, &resumed) {
            bar.inc(c.input_bytes);
        }
        let counts = batch::run(entries, &tokenizer, &config, &mut sink, progress.as_ref(), resumed, &pool)
            .with_context(|| format!("writing to {} failed", args.output.display()))?;
        if let Some(bar) = &progress {
            bar.finish_and_clear();
        }
        let manifest_counts = counts.clone();
        let inputs: Vec<String> = match &args.files_from {
            Some(list) => vec![format!("--files-from {}", list.display())],
            None => args.paths.iter().map(|p| p.display().to_string()).collect(),
        };
        sink.finish(|files| {
            let mut file_map = serde_json::Map::new();
            for (name, stats) in files {
                file_map.insert(name.to_string(), serde_json::to_value(stats).expect("stats serialize"));
            }
            json!({
                "keikaku_version": env!("CARGO_PKG_VERSION"),
                "schema_version": SCHEMA_VERSION,
                "schemas": {
                    "documents": SCHEMA_VERSION,
                    "records": SCHEMA_VERSION,
                    "mentions": SCHEMA_VERSION,
                    "indicators": SCHEMA_VERSION
                },
                "arguments": {
                    "inputs": inputs,
                    "encoding": encoding.map(|e| e.as_str()),
                    "fiscal_year": args.pipeline.fy,
                    "user_dict": args.pipeline.user_dict.as_ref().map(|p| p.display().to_string()),
                    "max_file_size": args.max_file_size,
                },
                "counts": manifest_counts,
                "files": file_map,
            })
        })
        .with_context(|| format!("cannot finish output in {}", args.output.display()))?;
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
            args.output.display()
        );
        counts
    };
    Ok(if counts.error > 0 { EXIT_SOME_FAILED } else { EXIT_OK })
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
        let decoded = match decode(&bytes, encoding) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("keikaku: {name}: {e}");
                status = EXIT_SOME_FAILED;
                continue;
            }
        };
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
    let value = if args.all {
        let mut map = serde_json::Map::new();
        for name in SchemaName::ALL {
            map.insert(name.file_name().to_string(), schema(name));
        }
        serde_json::Value::Object(map)
    } else {
        schema(args.name.expect("clap requires a name unless --all"))
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    serde_json::to_writer_pretty(&mut out, &value)?;
    out.write_all(b"\n")?;
    Ok(EXIT_OK)
}
