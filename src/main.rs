//! The command line: clap definitions, calling the library, exit codes.
//!
//! Exit codes: 0 every input was read; 1 some inputs failed (or `eval` fell under
//! `--min-f1`); 2 usage or rule-file errors.

use chitieu::ingest::{Encoding, Hashing};
use chitieu::model::{Generator, InputError, Output, SCHEMA_VERSION};
use chitieu::{eval, output, Document, Pipeline, RuleSet, Source};
use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// Each document makes and frees about a thousand small blocks beside a few of its
/// text's size; the C library's malloc spends a seventh of a run on them, merging its
/// small free blocks whenever a large one is asked for. jemalloc keeps per-thread
/// caches of each size (about 6% less CPU, see the README).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[derive(Parser)]
#[command(
    name = "chitieu",
    version,
    about = "Extracts quantified targets (chỉ tiêu) from Vietnamese digital-transformation resolutions",
    after_help = "Exit codes: 0 every input was read; 1 some inputs could not be read (each is named on stderr and in the output's \"errors\"), or eval fell under --min-f1; 2 usage or rule-file errors."
)]
struct Cli {
    /// Rule directory replacing the embedded rules (all of rules/*.toml must be there).
    #[arg(long, global = true, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, global = true, value_name = "N")]
    threads: Option<usize>,
    /// Start CSV output with a UTF-8 byte order mark, so that spreadsheet software
    /// reads its Vietnamese correctly.
    #[arg(long, global = true)]
    bom: bool,
    /// Say nothing on stderr but errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Read text files in this encoding instead of detecting it: utf-8, utf-16le,
    /// utf-16be, windows-1258, tcvn3, vni.
    #[arg(long, global = true, value_name = "ENC", value_parser = parse_encoding)]
    encoding: Option<Encoding>,
    /// Refuse input files larger than this many megabytes (0: no limit).
    #[arg(long, global = true, value_name = "MB", default_value_t = 64)]
    max_size: u64,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Jsonl,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum CompareFormat {
    /// Aligned text, at most 120 columns wide (further columns in further tables).
    Table,
    Csv,
    Json,
    Html,
}

#[derive(Subcommand)]
enum Command {
    /// Extract targets from files, folders (recursively: .txt, .html, .htm, .docx, .pdf;
    /// .doc is reported as unreadable) or - for stdin; with no path, the bundled corpus/.
    Extract {
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        /// Write here instead of stdout (replaced whole, never left half-written).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Show each target with its clause, section path and rule ids, and each number
    /// that was not made a target with the reason.
    Explain { file: PathBuf },
    /// Precision, recall and F1 against a gold file, as shared/tools/score.py computes them.
    Eval {
        #[arg(long)]
        gold: PathBuf,
        paths: Vec<PathBuf>,
        /// Exit 1 when detection F1 is below this.
        #[arg(long)]
        min_f1: Option<f64>,
        /// Exit 1 when strict F1 is below this.
        #[arg(long)]
        min_strict_f1: Option<f64>,
        /// List misses, extras and wrong fields.
        #[arg(long, short)]
        verbose: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Put the documents' targets side by side: rows are canonical indicators grouped
    /// by pillar, columns are provinces by deadline; a value two documents of one
    /// province disagree on is marked "!".
    Compare {
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "table")]
        format: CompareFormat,
        /// Write here instead of stdout (replaced whole, never left half-written).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// One self-contained HTML file: each document with its targets highlighted (hover
    /// or click shows the fields), the comparison matrix, and a chart of targets by
    /// pillar and deadline per province.
    Report {
        paths: Vec<PathBuf>,
        /// Write here instead of stdout (replaced whole, never left half-written).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Print the JSON Schema of the output, generated from the Rust types.
    Schema,
    /// Print the normalised text of a file, as the rules see it before folding.
    Normalize { file: PathBuf },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let _ = ENCODING.set(cli.encoding);
    if cli.max_size > 0 {
        MAX_SIZE.store(cli.max_size.saturating_mul(1 << 20), Ordering::Relaxed);
    }
    if let Some(n) = cli.threads {
        if let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
        {
            eprintln!("chitieu: cannot set up {n} threads: {e}");
            return ExitCode::from(2);
        }
    }
    let (rules, ()) = rayon::join(
        || match &cli.rules {
            Some(dir) => RuleSet::load_dir(dir),
            None => RuleSet::embedded(),
        },
        chitieu::warm_up,
    );
    let rules = match rules {
        Ok(r) => r,
        Err(e) => {
            eprintln!("chitieu: {e}");
            return ExitCode::from(2);
        }
    };
    let pipeline = Pipeline::new(rules);
    match run(&cli, &pipeline) {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("chitieu: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: &Cli, p: &Pipeline) -> io::Result<u8> {
    match &cli.command {
        Command::Extract {
            paths,
            format,
            output,
        } => extract(p, paths, *format, output.as_deref(), cli.quiet, cli.bom),
        Command::Explain { file } => explain(p, file),
        Command::Eval {
            gold,
            paths,
            min_f1,
            min_strict_f1,
            verbose,
            json,
        } => run_eval(p, gold, paths, *min_f1, *min_strict_f1, *verbose, *json),
        Command::Compare {
            paths,
            format,
            output,
        } => compare(p, paths, *format, output.as_deref(), cli.bom),
        Command::Report { paths, output } => report(p, paths, output.as_deref()),
        Command::Schema => {
            let schema = schemars::schema_for!(Output);
            let mut out = io::stdout().lock();
            serde_json::to_writer_pretty(&mut out, &schema)?;
            writeln!(out)?;
            Ok(0)
        }
        Command::Normalize { file } => match read_one(file, Hashing::Sha256) {
            Ok(src) => {
                let n = chitieu::normalize::normalize(&src.text, p.rules());
                io::stdout().lock().write_all(n.text.as_bytes())?;
                Ok(0)
            }
            Err(e) => {
                eprintln!("chitieu: {}", e.message);
                Ok(1)
            }
        },
    }
}

/// What to read: a file, or stdin.
enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    fn read(&self, hashing: Hashing) -> Result<Source, InputError> {
        match self {
            Input::File(path) => read_one(path, hashing),
            Input::Stdin => read_one(Path::new("-"), hashing),
        }
    }
}

/// Expands paths into inputs in a stable order; unreadable paths become errors.
fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let default;
    let paths = if paths.is_empty() {
        default = vec![default_corpus()];
        &default
    } else {
        paths
    };
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let mut files = Vec::new();
                let mut seen = HashSet::new();
                walk(p, &mut files, &mut errors, &mut seen);
                files.sort();
                inputs.extend(files.into_iter().map(Input::File));
            }
            Ok(_) => inputs.push(Input::File(p.clone())),
            Err(e) => errors.push(InputError {
                path: p.display().to_string(),
                message: io_message(&e),
            }),
        }
    }
    (inputs, errors)
}

fn default_corpus() -> PathBuf {
    let here = PathBuf::from("corpus");
    if here.is_dir() {
        return here;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn walk(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    errors: &mut Vec<InputError>,
    seen: &mut HashSet<PathBuf>,
) {
    // A link back up the tree would walk forever: visit each real directory once.
    let real = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !seen.insert(real) {
        errors.push(InputError {
            path: dir.display().to_string(),
            message: "directory loop (a link back into the tree): skipped".into(),
        });
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(InputError {
                path: dir.display().to_string(),
                message: io_message(&e),
            });
            return;
        }
    };
    // The entry's own type, read with the listing, spares a stat per file; a link is
    // followed to what it points at.
    let mut list: Vec<(PathBuf, bool)> = entries
        .filter_map(|e| {
            let e = e.ok()?;
            let dir = match e.file_type() {
                Ok(t) if !t.is_symlink() => t.is_dir(),
                _ => e.path().is_dir(),
            };
            Some((e.path(), dir))
        })
        .collect();
    list.sort();
    for (path, dir) in list {
        if dir {
            walk(&path, files, errors, seen);
        } else if path.extension().is_some_and(|e| {
            // .doc files are listed so that they are reported, not skipped.
            READ_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x))
        }) {
            files.push(path);
        }
    }
}

/// What a folder walk picks up.
const READ_EXTENSIONS: [&str; 6] = ["txt", "html", "htm", "docx", "pdf", "doc"];

fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

fn parse_encoding(s: &str) -> Result<Encoding, String> {
    s.parse()
}

/// `--encoding`, set once in `main`.
static ENCODING: OnceLock<Option<Encoding>> = OnceLock::new();

/// `--max-size` in bytes (u64::MAX for no limit), set once in `main`.
static MAX_SIZE: AtomicU64 = AtomicU64::new(u64::MAX);

fn too_big(size: u64) -> String {
    let mb = |b: u64| b as f64 / (1 << 20) as f64;
    format!(
        "file is {:.1} MB, over the --max-size of {:.0} MB: split it, or raise --max-size",
        mb(size),
        mb(MAX_SIZE.load(Ordering::Relaxed))
    )
}

fn read_one(path: &Path, hashing: Hashing) -> Result<Source, InputError> {
    let err = |m: String| InputError {
        path: path.display().to_string(),
        message: m,
    };
    let max = MAX_SIZE.load(Ordering::Relaxed);
    let mut buf = Vec::new();
    if path.as_os_str() == "-" {
        // Read one byte past the limit to know it was passed, never the whole stream.
        io::stdin()
            .take(max.saturating_add(1))
            .read_to_end(&mut buf)
            .map_err(|e| err(io_message(&e)))?;
        if buf.len() as u64 > max {
            return Err(err(too_big(buf.len() as u64)));
        }
        return Source::from_bytes_hashing(Path::new("stdin"), &buf, forced_encoding(), hashing)
            .map_err(|e| err(strip_path(&e)));
    }
    let f = std::fs::File::open(path).map_err(|e| err(io_message(&e)))?;
    let meta = f.metadata().map_err(|e| err(io_message(&e)))?;
    if meta.is_dir() {
        return Err(err("is a directory".into()));
    }
    if meta.len() > max {
        return Err(err(too_big(meta.len())));
    }
    // Room for the whole file and the byte that shows it grew past its size: one read
    // instead of a dozen doubling ones.
    buf.reserve_exact(usize::try_from(meta.len()).unwrap_or(0).saturating_add(1));
    f.take(max.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| err(io_message(&e)))?;
    if buf.len() as u64 > max {
        return Err(err(too_big(buf.len() as u64)));
    }
    Source::from_bytes_hashing(path, &buf, forced_encoding(), hashing)
        .map_err(|e| err(strip_path(&e)))
}

fn forced_encoding() -> Option<Encoding> {
    ENCODING.get().copied().flatten()
}

/// Documents a worker takes at a time, and the text all the workers together run
/// through the stages at once (`Pipeline::run_batch`): many documents, so that each
/// stage's automata are asked many times while in the CPU caches (bench100 on two
/// cores: 2.55 s one by one, 1.83 s 64 at a time; 128 took about as long with a third
/// more memory), and a bound on the text in flight, shared by the workers, so that
/// memory does not grow with the cores (each byte in a batch holds about four more
/// while it runs).
const BATCH_DOCS: usize = 64;
const BATCH_BYTES_ALL: usize = 4 << 20;

/// Reads and runs a run of inputs, in batches of at most `budget` bytes of text; the
/// results in input order.
fn run_chunk(
    p: &Pipeline,
    chunk: &[Input],
    budget: usize,
    hashing: Hashing,
) -> Vec<Result<Document, InputError>> {
    let mut out: Vec<Option<Result<Document, InputError>>> = Vec::with_capacity(chunk.len());
    let mut batch: Vec<(usize, chitieu::Source)> = Vec::new();
    let mut bytes = 0;
    let run = |out: &mut Vec<Option<Result<Document, InputError>>>,
               batch: &mut Vec<(usize, chitieu::Source)>| {
        let srcs: Vec<&chitieu::Source> = batch.iter().map(|(_, s)| s).collect();
        for ((i, _), d) in batch.iter().zip(p.run_batch(&srcs)) {
            out[*i] = Some(Ok(d));
        }
        batch.clear();
    };
    for input in chunk {
        match input.read(hashing) {
            Ok(src) => {
                bytes += src.text.len();
                batch.push((out.len(), src));
                out.push(None);
            }
            Err(e) => out.push(Some(Err(e))),
        }
        if bytes >= budget {
            run(&mut out, &mut batch);
            bytes = 0;
        }
    }
    run(&mut out, &mut batch);
    out.into_iter().flatten().collect()
}

fn strip_path(e: &chitieu::Error) -> String {
    match e {
        chitieu::Error::Input { message, .. } => message.clone(),
        other => other.to_string(),
    }
}

/// Reads and runs every input in parallel, keeping each document with its text.
fn load(p: &Pipeline, inputs: &[Input]) -> Vec<Result<(Document, String), InputError>> {
    inputs
        .par_iter()
        .map(|i| {
            let src = i.read(Hashing::Sha256)?;
            Ok((p.run(&src), src.text))
        })
        .collect()
}

/// Bytes of rows gathered before a write: a few documents' worth, so that a large run
/// makes few system calls (stdout would otherwise be written line by line).
const OUT_BUFFER: usize = 256 * 1024;

/// Where extracted rows go: stdout, a device, or a regular file replaced atomically.
enum Sink {
    Direct(Box<dyn Write + Send>),
    /// Written to `tmp` beside `path`, renamed over it on `commit`.
    Atomic {
        w: io::BufWriter<std::fs::File>,
        tmp: PathBuf,
        path: PathBuf,
    },
}

impl Sink {
    /// A regular file is written through a temporary file beside it, so an interrupted
    /// run leaves the previous file or the complete new one. Devices and pipes are
    /// written directly.
    fn open(out: Option<&Path>) -> io::Result<Sink> {
        let Some(path) = out else {
            return Ok(Sink::Direct(Box::new(io::BufWriter::with_capacity(
                OUT_BUFFER,
                io::stdout(),
            ))));
        };
        let named = |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", path.display()));
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(named)?;
            return Ok(Sink::Direct(Box::new(io::BufWriter::with_capacity(
                OUT_BUFFER, f,
            ))));
        }
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(".{name}.chitieu-{}.tmp", std::process::id()));
        let f = std::fs::File::create(&tmp).map_err(named)?;
        Ok(Sink::Atomic {
            w: io::BufWriter::with_capacity(OUT_BUFFER, f),
            tmp,
            path: path.to_path_buf(),
        })
    }

    fn writer(&mut self) -> &mut (dyn Write + Send) {
        match self {
            Sink::Direct(w) => w,
            Sink::Atomic { w, .. } => w,
        }
    }

    fn commit(self) -> io::Result<()> {
        match self {
            Sink::Direct(mut w) => w.flush(),
            Sink::Atomic { w, tmp, path } => {
                let done = (|| {
                    let f = w.into_inner().map_err(|e| e.into_error())?;
                    f.sync_all()?;
                    std::fs::rename(&tmp, &path)
                })();
                if done.is_err() {
                    let _ = std::fs::remove_file(&tmp);
                }
                done.map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
            }
        }
    }

    /// Drops a half-written temporary file (the previous output stays).
    fn abandon(self) {
        if let Sink::Atomic { tmp, .. } = self {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// A progress bar on stderr for long runs, only when stderr is a terminal.
fn progress(n: usize, quiet: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if quiet || n < 50 || !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(n as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {pos}/{len} files {wide_bar} {per_sec} eta {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

fn extract(
    p: &Pipeline,
    paths: &[PathBuf],
    format: Format,
    out: Option<&Path>,
    quiet: bool,
    bom: bool,
) -> io::Result<u8> {
    let (inputs, mut errors) = collect(paths);
    for e in &errors {
        eprintln!("chitieu: {}: {}", e.path, e.message);
    }
    let mut sink = Sink::open(out)?;
    if bom && matches!(format, Format::Csv) {
        sink.writer().write_all("\u{FEFF}".as_bytes())?;
    }
    let result = extract_into(p, &inputs, format, &mut sink, &mut errors, quiet);
    match result {
        Ok(()) => sink.commit()?,
        Err(e) => {
            sink.abandon();
            return Err(e);
        }
    }
    Ok(if errors.is_empty() { 0 } else { 1 })
}

/// Runs the pipeline over `inputs` on `--threads` workers, writing each document in
/// input order as soon as those before it are written: memory holds the documents in
/// flight (at most eight per worker) and, for JSON, the output, never the corpus.
fn extract_into(
    p: &Pipeline,
    inputs: &[Input],
    format: Format,
    sink: &mut Sink,
    errors: &mut Vec<InputError>,
    quiet: bool,
) -> io::Result<()> {
    enum Rows<'w> {
        Json(Vec<Document>, &'w mut (dyn Write + Send)),
        Jsonl(&'w mut (dyn Write + Send)),
        Csv(Box<csv::Writer<&'w mut (dyn Write + Send)>>),
    }
    let w = sink.writer();
    let mut rows = match format {
        Format::Json => Rows::Json(Vec::new(), w),
        Format::Jsonl => Rows::Jsonl(w),
        Format::Csv => {
            let mut c = output::csv_writer(w);
            output::write_csv_header(&mut c).map_err(csv_io)?;
            Rows::Csv(Box::new(c))
        }
    };
    let bar = progress(inputs.len(), quiet);
    let threads = rayon::current_num_threads().max(1);
    let chunks: Vec<&[Input]> = inputs.chunks(BATCH_DOCS).collect();
    let budget = BATCH_BYTES_ALL / threads;
    // Rows do not carry the documents' SHA-256.
    let hashing = match format {
        Format::Json => Hashing::Sha256,
        Format::Jsonl | Format::Csv => Hashing::Skip,
    };
    chitieu::ordered::map_in_order(
        &chunks,
        threads,
        threads * 2,
        |chunk| run_chunk(p, chunk, budget, hashing),
        |rs: Vec<Result<Document, InputError>>| {
            for r in rs {
                bar.inc(1);
                let d = match r {
                    Ok(d) => d,
                    Err(e) => {
                        bar.suspend(|| eprintln!("chitieu: {}: {}", e.path, e.message));
                        errors.push(e);
                        continue;
                    }
                };
                match &mut rows {
                    Rows::Json(docs, _) => docs.push(d),
                    Rows::Jsonl(w) => output::write_jsonl_doc(*w, &d)?,
                    Rows::Csv(c) => output::write_csv_doc(c, &d).map_err(csv_io)?,
                }
            }
            Ok::<(), io::Error>(())
        },
    )?;
    bar.finish_and_clear();
    match rows {
        Rows::Jsonl(_) => Ok(()),
        Rows::Csv(mut c) => c.flush(),
        Rows::Json(docs, w) => {
            let o = Output {
                schema_version: SCHEMA_VERSION.into(),
                generator: Generator {
                    name: "chitieu".into(),
                    version: env!("CARGO_PKG_VERSION").into(),
                    rules: p.rules().describe(),
                },
                documents: docs,
                errors: errors.clone(),
            };
            output::write_json(w, &o)
        }
    }
}

/// A CSV error as the I/O error under it, so that a closed pipe stays a closed pipe.
fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Reads and runs every input, reporting the unreadable ones; true if any failed.
fn run_all(p: &Pipeline, paths: &[PathBuf]) -> (Vec<(Document, String)>, bool) {
    let (inputs, errors) = collect(paths);
    let mut failed = !errors.is_empty();
    for e in &errors {
        eprintln!("chitieu: {}: {}", e.path, e.message);
    }
    let mut docs = Vec::new();
    for r in load(p, &inputs) {
        match r {
            Ok(d) => docs.push(d),
            Err(e) => {
                eprintln!("chitieu: {}: {}", e.path, e.message);
                failed = true;
            }
        }
    }
    (docs, failed)
}

fn report(p: &Pipeline, paths: &[PathBuf], out: Option<&Path>) -> io::Result<u8> {
    let (docs, failed) = run_all(p, paths);
    let plain: Vec<Document> = docs.iter().map(|(d, _)| d.clone()).collect();
    let c = chitieu::compare::compare(&plain, p.rules());
    let html = chitieu::report::report(&docs, &c);
    let mut sink = Sink::open(out)?;
    match sink.writer().write_all(html.as_bytes()) {
        Ok(()) => sink.commit()?,
        Err(e) => {
            sink.abandon();
            return Err(e);
        }
    }
    Ok(if failed { 1 } else { 0 })
}

fn compare(
    p: &Pipeline,
    paths: &[PathBuf],
    format: CompareFormat,
    out: Option<&Path>,
    bom: bool,
) -> io::Result<u8> {
    use chitieu::compare;
    let (docs, failed) = run_all(p, paths);
    let docs: Vec<Document> = docs.into_iter().map(|(d, _)| d).collect();
    let c = compare::compare(&docs, p.rules());
    let mut sink = Sink::open(out)?;
    let w = sink.writer();
    let written = match format {
        CompareFormat::Table => w.write_all(compare::table(&c, 120).as_bytes()),
        CompareFormat::Html => w.write_all(compare::html(&c).as_bytes()),
        CompareFormat::Json => serde_json::to_writer_pretty(&mut *w, &c)
            .map_err(io::Error::from)
            .and_then(|_| w.write_all(b"\n")),
        CompareFormat::Csv => {
            if bom {
                w.write_all("\u{FEFF}".as_bytes())?;
            }
            let mut csv = output::csv_writer(&mut *w);
            let head = [
                "indicator_id",
                "label_vi",
                "label_en",
                "pillar",
                "province",
                "deadline",
                "value",
                "value_max",
                "comparator",
                "unit",
                "scope",
                "kind",
                "actual",
                "doc_id",
                "target_id",
                "disagrees",
            ];
            let mut res = csv.write_record(head);
            let j = |v: serde_json::Result<serde_json::Value>| match v {
                Ok(serde_json::Value::String(s)) => s,
                Ok(serde_json::Value::Null) | Err(_) => String::new(),
                Ok(other) => other.to_string(),
            };
            let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
            for r in &c.indicators {
                for cell in &r.cells {
                    if res.is_ok() {
                        res = csv.write_record([
                            r.id.clone(),
                            r.label_vi.clone(),
                            r.label_en.clone(),
                            j(serde_json::to_value(r.pillar)),
                            cell.province.clone().unwrap_or_default(),
                            cell.deadline.map(|y| y.to_string()).unwrap_or_default(),
                            cell.value.to_string(),
                            opt(cell.value_max),
                            j(serde_json::to_value(cell.comparator)),
                            j(serde_json::to_value(cell.unit)),
                            j(serde_json::to_value(cell.scope)),
                            j(serde_json::to_value(cell.kind)),
                            opt(cell.actual),
                            cell.doc_id.clone(),
                            cell.target_id.clone(),
                            cell.disagrees.to_string(),
                        ]);
                    }
                }
            }
            res.map_err(csv_io).and_then(|_| csv.flush())
        }
    };
    match written {
        Ok(()) => sink.commit()?,
        Err(e) => {
            sink.abandon();
            return Err(e);
        }
    }
    Ok(if failed { 1 } else { 0 })
}

fn explain(p: &Pipeline, file: &Path) -> io::Result<u8> {
    let src = match read_one(file, Hashing::Sha256) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("chitieu: {}: {}", e.path, e.message);
            return Ok(1);
        }
    };
    let a = p.analyse(&src);
    let d = &a.document;
    let mut o = io::BufWriter::new(io::stdout().lock());
    writeln!(
        o,
        "{}  province={}  type={}  number={}  issued={}",
        d.id,
        d.province.as_deref().unwrap_or("-"),
        serde_json::to_value(d.doc_type)
            .map(|v| v.as_str().unwrap_or("").to_string())
            .unwrap_or_default(),
        d.doc_number.as_deref().unwrap_or("-"),
        d.issued.as_deref().unwrap_or("-"),
    )?;
    for w in &d.warnings {
        writeln!(
            o,
            "warning line {}: {}",
            w.line.map_or("-".into(), |l| l.to_string()),
            w.message
        )?;
    }
    for t in &d.targets {
        writeln!(o)?;
        let val = match (t.value_max, t.actual) {
            (Some(m), _) => format!("{}–{}", t.value, m),
            (_, Some(a)) => format!("{} (actual {a})", t.value),
            _ => t.value.to_string(),
        };
        let j = |v: serde_json::Value| match v {
            serde_json::Value::String(s) => s,
            serde_json::Value::Null => "-".into(),
            other => other.to_string(),
        };
        let enc = |x: serde_json::Result<serde_json::Value>| x.map(j).unwrap_or_default();
        writeln!(
            o,
            "{} [{}] line {}: {} {} {}  deadline={} pillar={} scope={}{}{}",
            t.id,
            enc(serde_json::to_value(t.kind)),
            t.line,
            enc(serde_json::to_value(t.comparator)),
            val,
            enc(serde_json::to_value(t.unit)),
            t.deadline.map_or("-".into(), |y| y.to_string()),
            enc(serde_json::to_value(t.pillar)),
            enc(serde_json::to_value(t.scope)),
            if t.annual { " annual" } else { "" },
            if t.relative { " relative" } else { "" },
        )?;
        writeln!(
            o,
            "  indicator: {}  [{}]",
            t.indicator,
            t.indicator_id.as_deref().unwrap_or("-")
        )?;
        writeln!(
            o,
            "  section:   {}",
            if t.section.is_empty() {
                "-".into()
            } else {
                t.section.join(" › ")
            }
        )?;
        writeln!(o, "  clause:    {}", t.text)?;
        writeln!(o, "  rules:     {}", t.rules.join(" "))?;
    }
    if !a.rejected.is_empty() {
        writeln!(o, "\nnot made targets:")?;
        for r in &a.rejected {
            writeln!(
                o,
                "  line {} '{}': {}\n    {}",
                r.line, r.number, r.reason, r.text
            )?;
        }
    }
    o.flush()?;
    Ok(0)
}

fn run_eval(
    p: &Pipeline,
    gold: &Path,
    paths: &[PathBuf],
    min_f1: Option<f64>,
    min_strict: Option<f64>,
    verbose: bool,
    json: bool,
) -> io::Result<u8> {
    let g = match std::fs::read_to_string(gold)
        .map_err(|e| io_message(&e))
        .and_then(|s| eval::parse_gold(&s))
    {
        Ok(g) => g,
        Err(m) => {
            eprintln!("chitieu: {}: {m}", gold.display());
            return Ok(2);
        }
    };
    // The original texts come along: grounding is scored on them.
    let (docs, failed) = run_all(p, paths);
    let rep = eval::score(&docs, &g);
    let mut o = io::BufWriter::new(io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut o, &rep)?;
        writeln!(o)?;
    } else {
        let c = |d: &eval::DocScore| (d.gold, d.tp + d.fp, d.tp, d.strict);
        let (g_n, p_n, m_n, s_n) = rep.per_doc.values().map(c).fold((0, 0, 0, 0), |a, b| {
            (a.0 + b.0, a.1 + b.1, a.2 + b.2, a.3 + b.3)
        });
        writeln!(
            o,
            "percent targets: gold={g_n} predicted={p_n} matched={m_n} strict={s_n}"
        )?;
        writeln!(
            o,
            "detection  P={:.3} R={:.3} F1={:.3}",
            rep.detection.precision, rep.detection.recall, rep.detection.f1
        )?;
        writeln!(
            o,
            "strict     P={:.3} R={:.3} F1={:.3}",
            rep.strict.precision, rep.strict.recall, rep.strict.f1
        )?;
        writeln!(o, "field errors among matched: {:?}", rep.field_errors)?;
        writeln!(
            o,
            "province accuracy: {}  grounding: {}",
            rep.province_accuracy
                .map_or("-".into(), |v| format!("{v:.4}")),
            rep.grounding.map_or("-".into(), |v| format!("{v:.4}"))
        )?;
        writeln!(o, "rank/count targets: {:?}", rep.non_percent)?;
        for (d, s) in &rep.per_doc {
            writeln!(
                o,
                "  {d}: gold={} pred={} tp={} fp={} fn={} strict={}",
                s.gold, s.pred, s.tp, s.fp, s.fn_, s.strict
            )?;
        }
        if verbose {
            for l in rep.misses.iter().chain(&rep.extras).chain(&rep.wrong) {
                writeln!(o, "{l}")?;
            }
        }
    }
    o.flush()?;
    let below = min_f1.is_some_and(|m| rep.detection.f1 < m)
        || min_strict.is_some_and(|m| rep.strict.f1 < m);
    Ok(if below || failed { 1 } else { 0 })
}
