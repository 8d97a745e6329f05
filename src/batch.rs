//! Batch conversion: many files → `documents.jsonl`, `records.jsonl`, `mentions.jsonl`,
//! `indicators.jsonl` and `manifest.json` in an output directory, or one interleaved JSONL
//! stream on stdout.
//!
//! - **Parallel and deterministic.** Files are converted on rayon's pool, one tokenizer
//!   worker per thread, and written in input order, so the bytes written do not depend on the
//!   thread count.
//! - **Bounded memory.** Two files per thread are converting at a time, and finished output
//!   waiting for a slower earlier file is capped (see [`run`]).
//! - **Nothing lost.** Every input ends as one `documents.jsonl` line: `ok`, `empty`,
//!   `skipped_binary` or `error` with a message naming what went wrong. A panic inside the
//!   pipeline is caught and becomes an `error` line; the batch goes on.
//! - **No partial files, and no batch replaced by surprise.** Outputs are written under
//!   temporary names and renamed when complete; a previous batch in the directory stays
//!   complete, with its `manifest.json`, until then, and one of other inputs or options is not
//!   replaced without `--force` (see [`DirSink::create`]). `manifest.json` is written last, so a
//!   directory without one holds no complete batch.
//! - **Interruptible.** A checkpoint every few files records what is written; SIGINT/SIGTERM
//!   ([`RunOptions::stop`]) checkpoints at once and ends the run, which `--resume` continues.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex};

use indicatif::ProgressBar;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::decode::{decode, DecodeError, SourceEncoding};
use crate::pipeline::{process, PipelineOptions};
use crate::record::{self, DocStatus, FileInfo};
use crate::source::InputEntry;
use crate::tokenize::{Tokenizer, TokenizerWorker};

/// Default per-file size limit: larger files are reported as errors, not converted.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// How many files `convert` writes per format (the converted entries of
/// [`crate::columns::OUTPUTS`]; a test checks the two agree).
pub const OUTPUT_COUNT: usize = 5;

/// Options for converting files.
#[derive(Debug, Clone)]
pub struct ConvertConfig {
    /// `--encoding`: decode every file with this encoding instead of detecting it.
    pub encoding: Option<SourceEncoding>,
    /// `--max-file-size`: files larger than this are not read.
    pub max_file_size: u64,
    pub pipeline: PipelineOptions,
}

impl Default for ConvertConfig {
    fn default() -> Self {
        ConvertConfig { encoding: None, max_file_size: DEFAULT_MAX_FILE_SIZE, pipeline: PipelineOptions::default() }
    }
}

/// One converted (or failed) file, already serialized: one buffer per output file.
#[derive(Debug)]
pub struct ConvertedFile {
    /// The input path as given.
    pub path: String,
    pub status: DocStatus,
    /// Why the file failed or was skipped (the `error` of its documents.jsonl line).
    pub error: Option<String>,
    pub input_bytes: u64,
    pub documents: Spill,
    pub records: Spill,
    pub mentions: Spill,
    pub indicators: Spill,
    pub tables: Spill,
    pub record_count: u64,
    pub mention_count: u64,
    pub indicator_count: u64,
    pub cell_count: u64,
}

impl ConvertedFile {
    /// Each output's buffer with its row count, in the order of [`crate::columns::OUTPUTS`]
    /// (a new output file adds its buffer here).
    pub fn outputs(&mut self) -> [(&mut Spill, u64); OUTPUT_COUNT] {
        [
            (&mut self.documents, 1),
            (&mut self.records, self.record_count),
            (&mut self.mentions, self.mention_count),
            (&mut self.indicators, self.indicator_count),
            (&mut self.tables, self.cell_count),
        ]
    }

    fn output_bytes(&self) -> u64 {
        self.documents.len() + self.records.len() + self.mentions.len() + self.indicators.len() + self.tables.len()
    }
}

/// How much finished output may wait for an earlier, slower document before no more files
/// are started: bounds memory when one long document holds up the order of writing.
const WAITING_OUTPUT_BUDGET: u64 = 64 << 20;

/// Past this many bytes an output buffer moves to an anonymous temporary file.
pub const SPILL_BYTES: usize = 32 << 20;

/// An output buffer held in memory up to [`SPILL_BYTES`], then in an anonymous temporary
/// file (deleted when dropped), so a single huge document does not hold gigabytes of JSON in
/// memory while it waits for its turn to be written.
#[derive(Debug, Default)]
pub struct Spill {
    mem: Vec<u8>,
    file: Option<BufWriter<File>>,
    len: u64,
}

impl Spill {
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Copies the whole content to `out`.
    pub fn copy_to<W: Write + ?Sized>(&mut self, out: &mut W) -> io::Result<()> {
        match &mut self.file {
            None => out.write_all(&self.mem),
            Some(file) => {
                file.flush()?;
                let f = file.get_mut();
                io::Seek::seek(f, io::SeekFrom::Start(0))?;
                let mut reader = io::BufReader::with_capacity(1 << 20, &*f);
                io::copy(&mut reader, out)?;
                Ok(())
            }
        }
    }

    /// The whole content as bytes (tests, fuzzing).
    pub fn to_vec(&mut self) -> io::Result<Vec<u8>> {
        let mut v = Vec::with_capacity(self.len as usize);
        self.copy_to(&mut v)?;
        Ok(v)
    }
}

impl Spill {
    #[cold]
    fn write_slow(&mut self, buf: &[u8]) -> io::Result<()> {
        if self.file.is_none() {
            let mut file = BufWriter::with_capacity(1 << 20, tempfile::tempfile()?);
            file.write_all(&self.mem)?;
            self.mem = Vec::new();
            self.file = Some(file);
        }
        if let Some(f) = &mut self.file {
            f.write_all(buf)?;
        }
        self.len += buf.len() as u64;
        Ok(())
    }
}

impl Write for Spill {
    // serde_json writes many small pieces: the in-memory case must stay a plain append.
    #[inline]
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        if self.file.is_none() && self.mem.len() + buf.len() <= SPILL_BYTES {
            self.mem.extend_from_slice(buf);
            self.len += buf.len() as u64;
            Ok(())
        } else {
            self.write_slow(buf)
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Converts one input entry. Never fails: problems become an `error` document row.
pub fn convert_entry(entry: &InputEntry, config: &ConvertConfig, worker: &mut TokenizerWorker) -> ConvertedFile {
    let path = entry.path().display().to_string();
    match entry {
        InputEntry::Unlistable(_, reason) => failed(&path, 0, String::new(), DocStatus::Error, reason.clone()),
        InputEntry::File(p) => match read_limited(p, config.max_file_size) {
            Ok(bytes) => convert_bytes(&path, &bytes, config, worker),
            Err((size, reason)) => failed(&path, size, String::new(), DocStatus::Error, reason),
        },
    }
}

fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, (u64, String)> {
    let meta = fs::metadata(path).map_err(|e| (0, format!("cannot read: {e}")))?;
    if meta.len() > limit {
        return Err((
            meta.len(),
            format!("file too large ({} bytes, limit {limit}); raise --max-file-size to convert it", meta.len()),
        ));
    }
    fs::read(path).map_err(|e| (meta.len(), format!("cannot read: {e}")))
}

/// Converts the bytes of one file named `path`.
pub fn convert_bytes(path: &str, bytes: &[u8], config: &ConvertConfig, worker: &mut TokenizerWorker) -> ConvertedFile {
    let sha256 = record::hex(&Sha256::digest(bytes));
    let file = FileInfo { path: path.to_string(), sha256, bytes: bytes.len() as u64 };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return serialize_without_records(&file, DocStatus::Empty, None);
    }
    let decoded = match decode(bytes, config.encoding) {
        Ok(d) => d,
        Err(e @ DecodeError::Binary { .. }) => {
            return serialize_without_records(&file, DocStatus::SkippedBinary, Some(e.to_string()))
        }
    };
    if decoded.text.trim().is_empty() {
        return serialize_without_records(&file, DocStatus::Empty, None);
    }
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let processed = process(decoded, worker, &config.pipeline);
        let (mut documents, mut records, mut mentions, mut indicators, mut tables) =
            (Spill::default(), Spill::default(), Spill::default(), Spill::default(), Spill::default());
        let out = record::Outputs {
            documents: &mut documents,
            records: &mut records,
            mentions: &mut mentions,
            indicators: &mut indicators,
            tables: &mut tables,
        };
        record::write(&file, &processed, out).map(|w| ConvertedFile {
            path: file.path.clone(),
            status: w.document.status,
            error: None,
            input_bytes: file.bytes,
            documents,
            records,
            mentions,
            indicators,
            tables,
            record_count: w.records,
            mention_count: w.mentions,
            indicator_count: w.indicators,
            cell_count: w.cells,
        })
    }));
    match result {
        Ok(Ok(converted)) => converted,
        Ok(Err(e)) => serialize_without_records(
            &file,
            DocStatus::Error,
            Some(format!("cannot buffer the output (temporary file): {e}; check the temporary directory (TMPDIR)")),
        ),
        Err(panic) => serialize_without_records(&file, DocStatus::Error, Some(internal_error(&*panic))),
    }
}

fn failed(path: &str, size: u64, sha256: String, status: DocStatus, reason: String) -> ConvertedFile {
    let file = FileInfo { path: path.to_string(), sha256, bytes: size };
    serialize_without_records(&file, status, Some(reason))
}

fn serialize_without_records(file: &FileInfo, status: DocStatus, error: Option<String>) -> ConvertedFile {
    let row = record::document_without_records(file, status, error.clone());
    let mut documents = Spill::default();
    record::write_line(&mut documents, &row).expect("writing to memory cannot fail");
    ConvertedFile {
        path: file.path.clone(),
        status,
        error,
        input_bytes: file.bytes,
        documents,
        records: Spill::default(),
        mentions: Spill::default(),
        indicators: Spill::default(),
        tables: Spill::default(),
        record_count: 0,
        mention_count: 0,
        indicator_count: 0,
        cell_count: 0,
    }
}

/// Counts of what a batch did.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct BatchCounts {
    pub files: u64,
    pub ok: u64,
    pub error: u64,
    pub skipped_binary: u64,
    pub empty: u64,
    pub records: u64,
    pub mentions: u64,
    #[serde(default)]
    pub indicators: u64,
    pub input_bytes: u64,
}

impl BatchCounts {
    fn add(&mut self, f: &ConvertedFile) {
        self.files += 1;
        match f.status {
            DocStatus::Ok => self.ok += 1,
            DocStatus::Error => self.error += 1,
            DocStatus::SkippedBinary => self.skipped_binary += 1,
            DocStatus::Empty => self.empty += 1,
        }
        self.records += f.record_count;
        self.mentions += f.mention_count;
        self.indicators += f.indicator_count;
        self.input_bytes += f.input_bytes;
    }
}

/// Where converted files go.
pub trait Sink {
    fn write(&mut self, file: &mut ConvertedFile) -> io::Result<()>;

    /// Called every few files and at the end with the counts of what is written so far: a
    /// resumable sink records a checkpoint here.
    fn checkpoint(&mut self, _counts: &BatchCounts) -> io::Result<()> {
        Ok(())
    }
}

/// How a run is watched and where it starts.
#[derive(Default)]
pub struct RunOptions<'a> {
    /// Advanced by input bytes as files are written.
    pub progress: Option<&'a ProgressBar>,
    /// The counts of the inputs an interrupted run already wrote (they are skipped).
    pub resume_from: Option<BatchCounts>,
    /// Set to a signal number (by a SIGINT/SIGTERM handler) to stop: no more files are
    /// started, files not yet started are dropped, and what is written gets a checkpoint.
    pub stop: Option<&'a AtomicI32>,
}

/// How [`run`] ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    /// Every input was written.
    Finished(BatchCounts),
    /// Stopped by the signal with this number; the counts are what was written (and
    /// checkpointed) before it.
    Interrupted(BatchCounts, i32),
}

/// Converts `entries` on `pool`, writing each file's rows to `sink` in input order.
///
/// The calling thread hands files to the pool one by one, two per thread at a time, and
/// writes each as soon as it and every file before it are done: workers never wait for each
/// other or for the disk. Finished files that wait for a slower earlier one are bounded by
/// [`WAITING_OUTPUT_BUDGET`], so memory stays bounded whatever the mix of sizes.
pub fn run<I, S>(
    entries: I,
    tokenizer: &Arc<Tokenizer>,
    config: &ConvertConfig,
    sink: &mut S,
    options: RunOptions<'_>,
    pool: &rayon::ThreadPool,
) -> io::Result<Ended>
where
    I: IntoIterator<Item = InputEntry> + Send + 'static,
    S: Sink,
{
    let RunOptions { progress, resume_from, stop } = options;
    let stopped = || stop.map_or(0, |s| s.load(Ordering::Relaxed));
    let threads = pool.current_num_threads();
    // A checkpoint every few files, and not more often than CHECKPOINT_INTERVAL after the
    // first: each creates and renames a file and starts write-back, which took about 4 % of
    // a one-thread run when written every 16 files. A crash loses at most the files written
    // since, which `--resume` converts again.
    let checkpoint_every = (threads as u64 * 8).max(16);
    let mut last_checkpoint: Option<std::time::Instant> = None;
    // Files handed to the pool and not finished. Eight per thread: the loop below hands out
    // files only between writes, and with two per thread a thread often ran dry while it
    // wrote (two threads on two cores: 3 % faster with eight, 1.5 MB more memory).
    let max_converting = threads as u64 * 8;
    // One worker per pool thread for the whole run, so lindera's lattice and the
    // part-of-speech cache stay warm. Each thread only ever locks its own.
    let workers: Vec<Mutex<TokenizerWorker>> = (0..threads).map(|_| Mutex::new(tokenizer.worker())).collect();
    let mut counts = resume_from.unwrap_or_default();
    let skip = counts.files as usize;
    // Everything the coordinating loop waits for arrives on one channel, so a path list that
    // is slow to come (`--files-from -` fed line by line) never holds back finished output.
    let (events, next_event) = std::sync::mpsc::channel::<Event>();
    // The reader takes one entry per permit: the list is read only as fast as it is used.
    let (permit, permits) = std::sync::mpsc::channel::<()>();
    // Finished files waiting for an earlier one to be written, and their output bytes: a
    // long document does not stop the other threads, until their output reaches the budget.
    let mut waiting: std::collections::BTreeMap<u64, ConvertedFile> = std::collections::BTreeMap::new();
    let mut waiting_bytes = 0u64;
    let (mut submitted, mut written) = (0u64, 0u64);
    let (mut more, mut asked) = (true, false);
    // Not joined: when writing fails, the run ends at once even if the reader is still
    // waiting for the next path on stdin; it goes with the process.
    let reader_events = events.clone();
    std::thread::spawn(move || {
        let mut entries = entries.into_iter().skip(skip);
        for () in permits {
            let event = entries.next().map_or(Event::NoMoreEntries, Event::Entry);
            let last = matches!(event, Event::NoMoreEntries);
            if reader_events.send(event).is_err() || last {
                return;
            }
        }
    });
    let result = pool.in_place_scope_fifo(|scope| {
        loop {
            if stopped() != 0 {
                // What is written so far is a consistent prefix of the inputs: checkpoint it.
                // Files being converted finish (the scope waits for them) and are dropped;
                // files not yet started return at once.
                sink.checkpoint(&counts)?;
                return Ok(Some(stopped()));
            }
            let converting = submitted - written - waiting.len() as u64;
            if more && !asked && converting < max_converting && waiting_bytes < WAITING_OUTPUT_BUDGET {
                asked = permit.send(()).is_ok();
                more = asked;
            }
            if !asked && written == submitted {
                break;
            }
            let event = match stop {
                // Wake up now and then to see whether a signal came.
                Some(_) => match next_event.recv_timeout(std::time::Duration::from_millis(50)) {
                    Ok(event) => event,
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => continue,
                    Err(e) => panic!("the reader or a converting task always reports back: {e}"),
                },
                None => next_event.recv().expect("the reader or a converting task always reports back"),
            };
            match event {
                Event::Entry(entry) => {
                    asked = false;
                    let (events, workers, index) = (events.clone(), &workers, submitted);
                    scope.spawn_fifo(move |_| {
                        if stop.is_some_and(|s| s.load(Ordering::Relaxed) != 0) {
                            return;
                        }
                        let slot = rayon::current_thread_index().unwrap_or(0) % workers.len();
                        // A poisoned lock only means an earlier document panicked (and was
                        // reported); the worker itself is still usable.
                        let mut worker = workers[slot].lock().unwrap_or_else(|p| p.into_inner());
                        let converted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            convert_entry(&entry, config, &mut worker)
                        }))
                        .unwrap_or_else(|panic| {
                            let path = entry.path().display().to_string();
                            failed(&path, 0, String::new(), DocStatus::Error, internal_error(&*panic))
                        });
                        // The receiver only goes away when writing failed; that error is reported.
                        let _ = events.send(Event::Converted(index, Box::new(converted)));
                    });
                    submitted += 1;
                }
                Event::NoMoreEntries => (asked, more) = (false, false),
                Event::Converted(index, file) => {
                    waiting_bytes += file.output_bytes();
                    waiting.insert(index, *file);
                    while let Some(mut file) = waiting.remove(&written) {
                        waiting_bytes -= file.output_bytes();
                        sink.write(&mut file)?;
                        counts.add(&file);
                        written += 1;
                        if let Some(bar) = progress {
                            bar.inc(file.input_bytes);
                            bar.set_message(format!("{} files", counts.files));
                        }
                        if written % checkpoint_every == 0
                            && last_checkpoint.is_none_or(|t| t.elapsed() >= CHECKPOINT_INTERVAL)
                        {
                            sink.checkpoint(&counts)?;
                            last_checkpoint = Some(std::time::Instant::now());
                        }
                    }
                }
            }
        }
        sink.checkpoint(&counts).map(|()| None)
    });
    // Closing the permits ends a reader that is waiting for one.
    drop(permit);
    Ok(match result? {
        None => Ended::Finished(counts),
        Some(signal) => Ended::Interrupted(counts, signal),
    })
}

/// What the coordinating loop of [`run`] waits for.
enum Event {
    /// The next input, read on request.
    Entry(InputEntry),
    NoMoreEntries,
    /// A file converted by the pool, with its position in the input.
    Converted(u64, Box<ConvertedFile>),
}

/// The `error` text for a document whose conversion panicked.
fn internal_error(panic: &(dyn std::any::Any + Send)) -> String {
    let msg = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    format!("internal error while converting ({msg}); this is a keikaku bug, please report it with the file")
}

/// A writer that counts rows and bytes and hashes what passes through.
struct CountingFile {
    final_path: PathBuf,
    partial_path: PathBuf,
    out: BufWriter<File>,
    rows: u64,
    bytes: u64,
    hash: Sha256,
}

impl CountingFile {
    fn create(dir: &Path, name: &str) -> io::Result<CountingFile> {
        let final_path = dir.join(name);
        let partial_path = dir.join(format!(".{name}.partial"));
        let out = BufWriter::with_capacity(1 << 20, File::create(&partial_path)?);
        Ok(CountingFile { final_path, partial_path, out, rows: 0, bytes: 0, hash: Sha256::new() })
    }

    /// Reopens a partial file of an interrupted run: truncated to `len` (the end of the last
    /// checkpointed document), re-hashed, ready to append.
    fn resume(dir: &Path, name: &str, len: u64, rows: u64) -> io::Result<CountingFile> {
        let final_path = dir.join(name);
        let partial_path = dir.join(format!(".{name}.partial"));
        let file = fs::OpenOptions::new().read(true).write(true).open(&partial_path)?;
        if file.metadata()?.len() < len {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{} is shorter than its checkpoint", partial_path.display()),
            ));
        }
        file.set_len(len)?;
        let mut hash = Sha256::new();
        io::copy(&mut io::Read::take(&file, len), &mut HashingWriter { out: &mut io::sink(), hash: &mut hash })?;
        let mut file = file;
        io::Seek::seek(&mut file, io::SeekFrom::End(0))?;
        Ok(CountingFile {
            final_path,
            partial_path,
            out: BufWriter::with_capacity(1 << 20, file),
            rows,
            bytes: len,
            hash,
        })
    }

    /// Hands buffered bytes to the operating system (for a checkpoint: what survives the
    /// process being killed; `finish` syncs to disk).
    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()?;
        start_writeback(self.out.get_ref());
        Ok(())
    }

    fn write(&mut self, spill: &mut Spill, rows: u64) -> io::Result<()> {
        let mut tee = HashingWriter { out: &mut self.out, hash: &mut self.hash };
        spill.copy_to(&mut tee)?;
        self.rows += rows;
        self.bytes += spill.len();
        Ok(())
    }

    fn finish(self) -> io::Result<(PathBuf, PathBuf, OutputFileStats)> {
        let file = self.out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        let stats = OutputFileStats { rows: self.rows, bytes: self.bytes, sha256: record::hex(&self.hash.finalize()) };
        Ok((self.partial_path, self.final_path, stats))
    }
}

/// Asks the kernel to start writing the file's dirty pages to disk now, without waiting, so
/// the `fsync` that ends the run finds little left to do (it was most of the run's tail).
#[cfg(target_os = "linux")]
fn start_writeback(file: &File) {
    use std::os::fd::AsRawFd;
    // SAFETY: a valid open descriptor; the call only schedules I/O. Failure is harmless: the
    // final fsync still writes everything.
    unsafe {
        libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE);
    }
}

#[cfg(not(target_os = "linux"))]
fn start_writeback(_file: &File) {}

/// Writes through to `out` and hashes what passes.
struct HashingWriter<'a, W: Write> {
    out: &'a mut W,
    hash: &'a mut Sha256,
}

impl<W: Write> Write for HashingWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The output formats of `convert`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// JSON Lines (`*.jsonl`)
    Jsonl,
    /// Parquet with the fixed schema (`*.parquet`), made from the JSON Lines when they are complete
    Parquet,
}

/// What identifies a run, for `--resume` and for telling whether an output directory holds
/// another batch: its inputs and the options that change what is written (not the thread
/// count, the progress bar or the output formats).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct RunIdentity {
    /// The inputs as given: the PATH arguments, or `--files-from LIST`.
    pub inputs: Vec<String>,
    /// The options that change the output, by flag (`--fy` → `2019`); unset ones are absent.
    pub options: std::collections::BTreeMap<String, String>,
    /// How many inputs they listed, and a hash of their paths in order.
    pub files: u64,
    pub files_key: String,
}

impl RunIdentity {
    pub fn new(
        inputs: Vec<String>,
        options: std::collections::BTreeMap<String, String>,
        entries: &[InputEntry],
    ) -> RunIdentity {
        let mut h = Sha256::new();
        for e in entries {
            h.update(e.path().to_string_lossy().as_bytes());
            h.update([0u8]);
        }
        RunIdentity { inputs, options, files: entries.len() as u64, files_key: record::hex(&h.finalize()) }
    }

    /// What differs between this run and `then` (an earlier one), in words; empty when the
    /// two are the same run.
    pub fn differences(&self, then: &RunIdentity) -> Vec<String> {
        let mut out = Vec::new();
        if self.inputs != then.inputs {
            out.push(format!("inputs were {} and are now {}", then.inputs.join(" "), self.inputs.join(" ")));
        } else if self.files_key != then.files_key {
            out.push(format!(
                "the inputs listed {} files then and {} now{}",
                then.files,
                self.files,
                if then.files == self.files { " (other paths)" } else { "" }
            ));
        }
        let flags: std::collections::BTreeSet<&String> = self.options.keys().chain(then.options.keys()).collect();
        for flag in flags {
            let (a, b) = (then.options.get(flag), self.options.get(flag));
            if a != b {
                let show = |v: Option<&String>| v.map_or("not given".to_string(), |v| v.clone());
                out.push(format!("{flag} was {} and is now {}", show(a), show(b)));
            }
        }
        out
    }
}

/// What `.checkpoint.json` records: enough to resume an interrupted run exactly after the
/// last file written before it.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
struct Checkpoint {
    /// The run (inputs and options) the partial files belong to.
    run: RunIdentity,
    counts: BatchCounts,
    /// Length in bytes and rows of each partial output file at the checkpoint.
    lengths: Vec<u64>,
    rows: Vec<u64>,
}

const CHECKPOINT: &str = ".checkpoint.json";

/// The least time between two checkpoints of a run (after its first).
const CHECKPOINT_INTERVAL: std::time::Duration = std::time::Duration::from_millis(500);

/// Rows, bytes and SHA-256 of one output file, as recorded in the manifest.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OutputFileStats {
    pub rows: u64,
    pub bytes: u64,
    pub sha256: String,
}

/// Why an output directory was not used, or could not be.
#[derive(Debug, thiserror::Error)]
pub enum OutputDirError {
    /// It holds another batch or an interrupted run that this run would replace; the text
    /// says which, and the flag that allows it.
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Whether the directory may hold something this run replaces.
#[derive(Debug, Clone, Copy, Default)]
pub struct DirMode {
    /// `--resume`: continue this run's interrupted batch from its checkpoint.
    pub resume: bool,
    /// `--force`: replace another batch or interrupted run (only once this one is complete).
    pub force: bool,
}

/// What an output directory holds of keikaku's.
struct DirState {
    manifest: Option<serde_json::Value>,
    checkpoint: Option<Result<Checkpoint, String>>,
    /// Output files (final names) present.
    outputs: Vec<String>,
}

/// Every final output name keikaku writes, in any format.
fn output_names() -> Vec<String> {
    crate::columns::converted().flat_map(|o| [o.jsonl_name(), o.parquet_name()]).collect()
}

impl DirState {
    fn read(dir: &Path) -> io::Result<DirState> {
        let read = |name: &str| match fs::read(dir.join(name)) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io::Error::new(e.kind(), format!("cannot read {}: {e}", dir.join(name).display()))),
        };
        let manifest = read("manifest.json")?.map(|b| serde_json::from_slice(&b).unwrap_or(serde_json::Value::Null));
        let checkpoint = read(CHECKPOINT)?.map(|b| {
            serde_json::from_slice::<Checkpoint>(&b)
                .map_err(|e| format!("{e}; it may be from another keikaku version"))
                .and_then(|cp| {
                    if cp.lengths.len() == OUTPUT_COUNT && cp.rows.len() == OUTPUT_COUNT {
                        Ok(cp)
                    } else {
                        Err(format!("it lists {} files, this keikaku writes {OUTPUT_COUNT}", cp.lengths.len()))
                    }
                })
        });
        let outputs = output_names().into_iter().filter(|n| dir.join(n).exists()).collect();
        Ok(DirState { manifest, checkpoint, outputs })
    }
}

/// The run a manifest records, if it records one (manifests before `run` do not).
fn manifest_run(manifest: &serde_json::Value) -> Option<RunIdentity> {
    serde_json::from_value(manifest.get("run")?.clone()).ok()
}

/// A manifest's batch in words: how many files, from which inputs.
fn describe_batch(manifest: &serde_json::Value) -> String {
    let files = manifest.pointer("/counts/files").and_then(|v| v.as_u64()).unwrap_or(0);
    let inputs: Vec<&str> = manifest
        .pointer("/arguments/inputs")
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    let version = manifest.get("keikaku_version").and_then(|v| v.as_str()).unwrap_or("?");
    format!("a complete batch of {files} files from {} (manifest.json, keikaku {version})", inputs.join(" "))
}

/// Writes the JSONL files into a directory, under temporary names until finished, with a
/// checkpoint every few files so an interrupted run can be resumed (`--resume`); at the end
/// makes the Parquet files if asked, then puts everything in place and writes `manifest.json`.
pub struct DirSink {
    dir: PathBuf,
    files: Vec<CountingFile>,
    run: RunIdentity,
}

/// What [`DirSink::finish`] did besides writing this batch.
#[derive(Debug, Default)]
pub struct Finished {
    /// Files of the previous batch this one does not write (another format), removed.
    pub removed: Vec<String>,
}

impl DirSink {
    /// Checks what `dir` holds, then opens the temporary files (or, with `--resume`, reopens
    /// those of this run's interrupted batch and returns how many inputs are done).
    ///
    /// The directory may be missing, empty, hold unrelated files (they are left alone), or
    /// hold this same run's complete batch (a re-run replaces it). It is refused — unless
    /// `force` — when it holds another batch (a `manifest.json` of other inputs or options),
    /// keikaku output files without a manifest, or an interrupted run (a checkpoint): that
    /// one is continued with `resume` when it is this run's, and never thrown away without
    /// `force`. Nothing of a previous batch is removed here: it stays complete until
    /// [`DirSink::finish`] replaces it.
    pub fn create(
        dir: &Path,
        run: &RunIdentity,
        mode: DirMode,
    ) -> Result<(DirSink, Option<BatchCounts>), OutputDirError> {
        let refuse = |why: String| Err(OutputDirError::Refused(why));
        let shown = dir.display();
        if dir.exists() && !dir.is_dir() {
            return refuse(format!("{shown} is a file, not an output directory; choose a directory with -o"));
        }
        let state = if dir.is_dir() {
            DirState::read(dir)?
        } else {
            DirState { manifest: None, checkpoint: None, outputs: Vec::new() }
        };
        let mut resumed = None;
        let mut interrupted_here = false;
        match &state.checkpoint {
            None => {}
            Some(Err(why)) if !mode.force => {
                return refuse(format!(
                    "{shown} holds the checkpoint of an interrupted run that cannot be read ({why}); use --force to start over (its partial files are replaced), or choose another -o"
                ))
            }
            Some(Err(_)) => {}
            Some(Ok(cp)) if cp.run == *run => {
                interrupted_here = true;
                if mode.resume {
                    let files: io::Result<Vec<CountingFile>> = crate::columns::converted()
                        .enumerate()
                        .map(|(i, o)| CountingFile::resume(dir, &o.jsonl_name(), cp.lengths[i], cp.rows[i]))
                        .collect();
                    match files {
                        Ok(files) => {
                            let sink = DirSink { dir: dir.to_path_buf(), files, run: run.clone() };
                            resumed = Some((sink, cp.counts.clone()));
                        }
                        Err(e) if !mode.force => {
                            return refuse(format!(
                                "cannot resume in {shown}: {e}; use --force to start over (its partial files are replaced)"
                            ))
                        }
                        Err(_) => {}
                    }
                } else if !mode.force {
                    return refuse(format!(
                        "{shown} holds an interrupted run of these same inputs ({} of {} files written): add --resume to continue it, or --force to start over",
                        cp.counts.files, run.files
                    ));
                }
            }
            Some(Ok(cp)) if !mode.force => {
                let diff = run.differences(&cp.run).join("; ");
                return refuse(if mode.resume {
                    format!(
                        "cannot resume in {shown}: its checkpoint is of another run ({diff}); run with that run's inputs and options to continue it, or add --force to start over (its partial files are replaced)"
                    )
                } else {
                    format!(
                        "{shown} holds an interrupted run of other inputs or options ({diff}); add --resume with that run's inputs and options to continue it, --force to replace it, or choose another -o"
                    )
                });
            }
            Some(Ok(_)) => {}
        }
        if let Some((sink, counts)) = resumed {
            return Ok((sink, Some(counts)));
        }
        if !mode.force && !interrupted_here {
            match &state.manifest {
                Some(m) => match manifest_run(m) {
                    Some(then) if then == *run => {}
                    Some(then) => {
                        return refuse(format!(
                            "{shown} holds another batch: {} ({}); use --force to replace it (it stays until the new batch is complete), or choose another -o",
                            describe_batch(m),
                            run.differences(&then).join("; ")
                        ))
                    }
                    None => {
                        return refuse(format!(
                            "{shown} holds another batch: {}, whose inputs and options are not recorded; use --force to replace it (it stays until the new batch is complete), or choose another -o",
                            describe_batch(m)
                        ))
                    }
                },
                None if !state.outputs.is_empty() => {
                    return refuse(format!(
                        "{shown} holds keikaku output files but no manifest.json (an unfinished run, or files of another tool): {}; use --force to replace them, or choose another -o",
                        state.outputs.join(", ")
                    ))
                }
                None => {}
            }
        }
        fs::create_dir_all(dir)?;
        // A checkpoint left by another run must not describe the new partial files.
        match fs::remove_file(dir.join(CHECKPOINT)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
        let files = crate::columns::converted()
            .map(|o| CountingFile::create(dir, &o.jsonl_name()))
            .collect::<io::Result<_>>()?;
        Ok((DirSink { dir: dir.to_path_buf(), files, run: run.clone() }, None))
    }

    /// The run this sink writes.
    pub fn run(&self) -> &RunIdentity {
        &self.run
    }

    /// The partial files holding what is written so far (for a message after an interrupt).
    pub fn partial_paths(&self) -> Vec<PathBuf> {
        self.files.iter().map(|f| f.partial_path.clone()).collect()
    }

    /// Finishes the batch: syncs the JSONL files, makes the Parquet files from them if
    /// `formats` asks, then replaces the previous batch — its manifest goes first (so the
    /// directory reads as unfinished while files are renamed), the new files are renamed into
    /// place, files of the previous batch in a format this run does not write are removed —
    /// and writes `manifest.json` last (via a temporary file and a rename).
    pub fn finish(
        self,
        formats: &[Format],
        manifest: impl FnOnce(Vec<(String, OutputFileStats)>) -> serde_json::Value,
    ) -> io::Result<Finished> {
        let mut stats = Vec::new();
        let mut renames = Vec::new();
        let mut leftovers = Vec::new();
        let outputs: Vec<&crate::columns::Output> = crate::columns::converted().collect();
        for (output, file) in outputs.iter().zip(self.files) {
            let (partial, final_path, s) = file.finish()?;
            if formats.contains(&Format::Parquet) {
                let parquet_final = self.dir.join(output.parquet_name());
                let parquet_partial = self.dir.join(format!(".{}.partial", output.parquet_name()));
                let written = {
                    let jsonl = io::BufReader::with_capacity(1 << 20, File::open(&partial)?);
                    let out = BufWriter::with_capacity(1 << 20, File::create(&parquet_partial)?);
                    let written = crate::parquet::write(output, jsonl, out).map_err(|e| {
                        io::Error::new(e.kind(), format!("cannot write {}: {e}", parquet_partial.display()))
                    })?;
                    File::open(&parquet_partial)?.sync_all()?;
                    written
                };
                debug_assert_eq!(written.rows, s.rows);
                stats.push((
                    output.parquet_name(),
                    OutputFileStats { rows: written.rows, bytes: written.bytes, sha256: written.sha256 },
                ));
                renames.push((parquet_partial, parquet_final));
            }
            if formats.contains(&Format::Jsonl) {
                stats.push((output.jsonl_name(), s));
                renames.push((partial, final_path));
            } else {
                leftovers.push(partial);
            }
        }
        stats.sort_by_key(|(name, _)| output_names().iter().position(|n| n == name));
        match fs::remove_file(self.dir.join("manifest.json")) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        let written: Vec<PathBuf> = renames.iter().map(|(_, f)| f.clone()).collect();
        for (partial, final_path) in renames {
            fs::rename(partial, final_path)?;
        }
        let mut removed = Vec::new();
        for name in output_names() {
            let path = self.dir.join(&name);
            if !written.contains(&path) && path.exists() {
                fs::remove_file(&path)?;
                removed.push(name);
            }
        }
        for partial in leftovers {
            fs::remove_file(partial)?;
        }
        let value = manifest(stats);
        let mut bytes = serde_json::to_vec_pretty(&value).expect("manifest serializes");
        bytes.push(b'\n');
        let partial = self.dir.join(".manifest.json.partial");
        {
            let mut f = File::create(&partial)?;
            f.write_all(&bytes)?;
            f.sync_all()?;
        }
        fs::rename(partial, self.dir.join("manifest.json"))?;
        let _ = fs::remove_file(self.dir.join(CHECKPOINT));
        Ok(Finished { removed })
    }
}

impl Sink for DirSink {
    fn write(&mut self, file: &mut ConvertedFile) -> io::Result<()> {
        for (out, (spill, rows)) in self.files.iter_mut().zip(file.outputs()) {
            out.write(spill, rows)?;
        }
        Ok(())
    }

    fn checkpoint(&mut self, counts: &BatchCounts) -> io::Result<()> {
        for f in &mut self.files {
            f.flush()?;
        }
        let cp = Checkpoint {
            run: self.run.clone(),
            counts: counts.clone(),
            lengths: self.files.iter().map(|f| f.bytes).collect(),
            rows: self.files.iter().map(|f| f.rows).collect(),
        };
        let partial = self.dir.join(".checkpoint.json.partial");
        fs::write(&partial, serde_json::to_vec(&cp).expect("checkpoint serializes"))?;
        fs::rename(partial, self.dir.join(CHECKPOINT))
    }
}

/// Streams every file's lines to a writer (stdout), document line first, then its records,
/// mentions and indicators, flushing after each file so a consumer (Spark's `pipe`, Hadoop Streaming)
/// sees whole documents.
pub struct StreamSink<W: Write> {
    out: W,
}

impl<W: Write> StreamSink<W> {
    pub fn new(out: W) -> StreamSink<W> {
        StreamSink { out }
    }
}

impl<W: Write> Sink for StreamSink<W> {
    fn write(&mut self, file: &mut ConvertedFile) -> io::Result<()> {
        for (spill, _) in file.outputs() {
            spill.copy_to(&mut self.out)?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts what it is asked to write and how often it is asked for a checkpoint.
    #[derive(Default)]
    struct CountingSink {
        files: usize,
        checkpoints: Vec<u64>,
    }

    impl Sink for CountingSink {
        fn write(&mut self, _file: &mut ConvertedFile) -> io::Result<()> {
            self.files += 1;
            Ok(())
        }
        fn checkpoint(&mut self, counts: &BatchCounts) -> io::Result<()> {
            self.checkpoints.push(counts.files);
            Ok(())
        }
    }

    #[test]
    fn checkpoints_come_every_few_files_but_not_more_often_than_the_interval() {
        let dir = tempfile::tempdir().unwrap();
        let n = 40;
        let entries: Vec<InputEntry> = (0..n)
            .map(|i| {
                let p = dir.path().join(format!("{i:03}.txt"));
                std::fs::write(&p, "令和2年度に5件").unwrap();
                InputEntry::File(p)
            })
            .collect();
        let tokenizer = Arc::new(Tokenizer::new(None).unwrap());
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let mut sink = CountingSink::default();
        let ended =
            run(entries, &tokenizer, &ConvertConfig::default(), &mut sink, RunOptions::default(), &pool).unwrap();
        assert!(matches!(ended, Ended::Finished(_)));
        assert_eq!(sink.files, n);
        // Forty small files take far less than the interval: the first checkpoint at 16
        // files, none at 32 (too soon after it), and the last one at the end.
        assert_eq!(sink.checkpoints, [16, 40]);
    }

    #[test]
    fn one_buffer_per_converted_output() {
        assert_eq!(crate::columns::converted().count(), OUTPUT_COUNT);
    }

    #[test]
    fn spill_moves_to_a_file_past_its_limit_and_keeps_every_byte() {
        let mut spill = Spill::default();
        let line = b"{\"type\":\"mention\",\"surface\":\"28\xe7\xa4\xbe\"}\n";
        let n = SPILL_BYTES / line.len() + 10;
        for _ in 0..n {
            spill.write_all(line).unwrap();
        }
        assert!(spill.file.is_some(), "past the limit the buffer is a file");
        assert!(spill.mem.is_empty());
        assert_eq!(spill.len(), (n * line.len()) as u64);
        let bytes = spill.to_vec().unwrap();
        assert_eq!(bytes.len(), n * line.len());
        assert!(bytes.chunks(line.len()).all(|c| c == line));
    }
}
