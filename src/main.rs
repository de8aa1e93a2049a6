//! The `nianbao` command: parses arguments and hands the work to the library.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::{CommandFactory, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use nianbao::batch::{self, BatchOptions, Status};

#[derive(Parser)]
#[command(
    name = "nianbao",
    version,
    about = "Converts 政府信息公开工作年度报告 (DOCX, PDF, HTML, text) into clean sections, tables and canonical values"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert documents. One file without -o prints it to stdout; otherwise each document
    /// gets a folder under OUT, with summary.tsv and dataset.tsv for the batch.
    Convert {
        /// Files or folders (searched recursively for documents).
        #[arg(required_unless_present = "files_from")]
        paths: Vec<PathBuf>,
        /// Convert only part K of N of the inputs (K from 0), chosen by a hash of each input's
        /// path: N runs given the same inputs convert disjoint parts that together are all.
        #[arg(long, value_name = "K/N")]
        shard: Option<batch::inputs::Shard>,
        /// Read more inputs from LIST, one path a line (`-` for standard input).
        #[arg(long, value_name = "LIST")]
        files_from: Option<PathBuf>,
        /// The list's paths end with a NUL byte instead of a newline (as `find -print0` writes).
        #[arg(short = '0', long = "null", requires = "files_from")]
        null: bool,
        /// Output folder.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Parallel workers (default: one per core).
        #[arg(short, long, default_value_t = 0)]
        jobs: usize,
        /// Seconds allowed to one file before it is given up as failed (0: no limit).
        #[arg(long, default_value_t = 120)]
        timeout: u64,
        /// Convert again documents whose folder was written from the same bytes by this version.
        #[arg(long)]
        force: bool,
        /// Exit with 3 when no document failed but some have warnings or no text.
        #[arg(long)]
        strict: bool,
        /// Print nothing but errors (no status lines, no summary line, no progress bar).
        #[arg(short, long, conflicts_with = "verbose")]
        quiet: bool,
        /// Print a line per document as it finishes: status, seconds, path.
        #[arg(short, long)]
        verbose: bool,
        /// What one file converted to stdout is written as: the stream as TSV or CSV, or
        /// report.json's content with the document's status, pretty (json) or on one line
        /// (jsonl). With -o, csv adds summary.csv and dataset.csv to the batch, jsonl adds
        /// reports.jsonl (a line per input).
        #[arg(long, value_enum, default_value_t = StreamFormat::Tsv)]
        format: StreamFormat,
        /// Begin the TSV or CSV stream (with -o: the CSV files) with a UTF-8 byte order mark,
        /// for Excel.
        #[arg(long)]
        bom: bool,
        /// Write only what stands on these pages of one PDF: `3`, `1-4`, `2,5-7`.
        #[arg(long, value_name = "PAGES")]
        pages: Option<nianbao::select::Pages>,
        /// Write only these tables of one file, with their values and checks and without the
        /// paragraphs, a comma list: `t3`, `t2,t4`, `table-1`.
        #[arg(long, value_name = "IDS", value_delimiter = ',')]
        tables: Option<Vec<String>>,
        /// The files each document's folder gets, a comma list: sections, tables, values,
        /// checks, json (report.json); default all.
        #[arg(long, value_name = "LIST", default_value = "all")]
        write: batch::Written,
        /// Write report.json on one line and without the boxes of paragraphs, cells and values.
        #[arg(long)]
        compact: bool,
        #[command(flatten)]
        password: PasswordArgs,
    },
    /// Combine the output folders of several runs (the shards of one list, or runs of different
    /// days) into one, as a single run over all their inputs would have written it. An input
    /// recorded by more than one part keeps the last part's record.
    Merge {
        /// Output folders of earlier runs.
        #[arg(required = true)]
        parts: Vec<PathBuf>,
        /// The merged output folder.
        #[arg(short, long)]
        output: PathBuf,
        /// Parallel workers copying document folders (default: one per core).
        #[arg(short, long, default_value_t = 0)]
        jobs: usize,
        /// Print nothing but errors.
        #[arg(short, long)]
        quiet: bool,
        /// Batch files beside the TSVs: csv adds summary.csv and dataset.csv, jsonl adds
        /// reports.jsonl.
        #[arg(long, value_enum, default_value_t = StreamFormat::Tsv)]
        format: StreamFormat,
        /// Begin the CSV files with a UTF-8 byte order mark, for Excel.
        #[arg(long)]
        bom: bool,
        /// Copy the parts' files instead of hard-linking them. Links are made where the parts
        /// and the output share a file system: no second copy of the bytes. nianbao replaces
        /// whole folders and never changes a file in place, so a rerun into a part leaves the
        /// merge as it was; but a program that edits a merged file in place edits the part's
        /// too: give --copy when the merged files will be edited.
        #[arg(long)]
        copy: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `nianbao man > nianbao.1`.
    Man,
    /// Print the canonical keys of a template version: key, table, row label, column label and
    /// a short English gloss, as TSV.
    Keys {
        /// Template version: 2019 or 2021.
        #[arg(long, default_value = "2021", value_parser = ["2019", "2021"])]
        template: String,
    },
    /// Print a PDF's text, one line per baseline, pages separated by form feeds.
    Text {
        /// The PDF file.
        file: PathBuf,
        #[command(flatten)]
        password: PasswordArgs,
    },
    /// Draw one PDF page as SVG: glyph boxes, rulings, text lines and table cells.
    Inspect {
        /// The PDF file.
        file: PathBuf,
        /// Page number, from 1.
        #[arg(long, default_value_t = 1)]
        page: u32,
        /// Where to write the SVG.
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        password: PasswordArgs,
    },
}

/// The password of encrypted PDFs, on the command line or in a file.
#[derive(clap::Args)]
struct PasswordArgs {
    /// Open password-protected PDFs with PASSWORD (their user or owner password), tried on
    /// every PDF that does not open without one. It shows in `ps` and in the shell's history:
    /// --password-file keeps it out of both. Password-protected Word files are not read.
    #[arg(long, value_name = "PASSWORD", conflicts_with = "password_file", allow_hyphen_values = true)]
    password: Option<String>,
    /// Read the password from the first line of FILE (its line ending dropped), as --password
    /// uses it.
    #[arg(long, value_name = "FILE")]
    password_file: Option<PathBuf>,
}

/// Most bytes read from a password file: its first line is all that counts.
const MAX_PASSWORD_FILE_BYTES: u64 = 64 * 1024;

impl PasswordArgs {
    /// The options that read with the password given, or why the password file cannot be read.
    fn read_options(self) -> Result<nianbao::ReadOptions, String> {
        match (self.password, self.password_file) {
            (Some(password), _) => Ok(nianbao::ReadOptions::with_password(password)),
            (None, Some(file)) => read_password_file(&file)
                .map(nianbao::ReadOptions::with_password)
                .map_err(|why| format!("cannot read the password file {}: {why}", batch::escape_path(&file))),
            (None, None) => Ok(nianbao::ReadOptions::default()),
        }
    }
}

/// The first line of a password file without its `\n` or `\r\n`. Read up to that line only,
/// so that a pipe (`--password-file <(pass show reports)`) works too.
fn read_password_file(file: &Path) -> Result<String, String> {
    use std::io::{BufRead, Read};
    let reason = |e: std::io::Error| batch::inputs::io_reason(&e);
    let opened = std::fs::File::open(file).map_err(reason)?;
    let mut line = Vec::new();
    std::io::BufReader::new(opened.take(MAX_PASSWORD_FILE_BYTES)).read_until(b'\n', &mut line).map_err(reason)?;
    if line.len() as u64 == MAX_PASSWORD_FILE_BYTES && !line.ends_with(b"\n") {
        return Err(format!("its first line is over {} KiB: not a password", MAX_PASSWORD_FILE_BYTES / 1024));
    }
    let line = line.strip_suffix(b"\n").unwrap_or(&line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    String::from_utf8(line.to_vec()).map_err(|_| "its first line is not UTF-8 text".to_string())
}

/// How much `convert` says on stderr.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Talk {
    Quiet,
    Normal,
    Verbose,
}

/// The options of `convert` beyond the conversion itself: which part of the inputs, what the
/// terminal is told, how stdout is written.
#[derive(Clone)]
struct Flags {
    shard: Option<batch::inputs::Shard>,
    strict: bool,
    talk: Talk,
    format: StreamFormat,
    bom: bool,
    selection: nianbao::select::Selection,
}

/// Formats of the stdout stream.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum StreamFormat {
    Tsv,
    Csv,
    Json,
    Jsonl,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Convert {
            paths,
            shard,
            files_from,
            null,
            output,
            jobs,
            timeout,
            force,
            strict,
            quiet,
            verbose,
            format,
            bom,
            pages,
            tables,
            mut write,
            compact,
            password,
        } => {
            let read = match password.read_options() {
                Ok(read) => read,
                Err(why) => {
                    eprintln!("nianbao: {why}");
                    return ExitCode::from(2);
                }
            };
            let mut listed = Vec::new();
            if let Some(list) = files_from {
                match read_list(&list, if null { b'\0' } else { b'\n' }) {
                    Ok(found) => listed = found,
                    Err(e) => {
                        eprintln!("nianbao: cannot read the list {}: {e}", batch::escape_path(&list));
                        return ExitCode::from(2);
                    }
                }
            }
            let talk = if quiet {
                Talk::Quiet
            } else if verbose {
                Talk::Verbose
            } else {
                Talk::Normal
            };
            let timeout = (timeout > 0).then(|| std::time::Duration::from_secs(timeout));
            if output.is_none() && (compact || write != batch::Written::default()) {
                eprintln!("nianbao: --write and --compact choose the files of a batch's document folders: add -o OUT");
                return ExitCode::from(2);
            }
            write.compact = compact;
            let batch_format = match batch_format(format, bom) {
                Ok(batch_format) => batch_format,
                Err(why) if output.is_some() => {
                    eprintln!("nianbao: {why}");
                    return ExitCode::from(2);
                }
                Err(_) => batch::formats::BatchFormat::Tsv,
            };
            if output.is_some()
                && batch_format == batch::formats::BatchFormat::Jsonl
                && !write.holds(batch::DocumentFile::Json)
            {
                eprintln!(
                    "nianbao: --format jsonl makes reports.jsonl from each document's report.json: add json to --write"
                );
                return ExitCode::from(2);
            }
            let selection = nianbao::select::Selection { pages, tables };
            if output.is_some() && !selection.is_everything() {
                eprintln!("nianbao: --pages and --tables choose what one file writes to stdout; a batch writes every page and table");
                return ExitCode::from(2);
            }
            if shard.is_some() && output.is_none() {
                eprintln!("nianbao: --shard needs an output folder: add -o OUT");
                return ExitCode::from(2);
            }
            convert(
                Inputs { paths, listed },
                output,
                BatchOptions { jobs, timeout, force, written: write, format: batch_format, read },
                Flags { strict, talk, format, bom, shard, selection },
            )
        }
        Command::Merge { parts, output, jobs, quiet, format, bom, copy } => match batch_format(format, bom) {
            Ok(format) => {
                let transfer = if copy { batch::merge::Transfer::Copy } else { batch::merge::Transfer::Link };
                merge(&parts, &output, quiet, &batch::merge::MergeOptions { jobs, format, transfer })
            }
            Err(why) => {
                eprintln!("nianbao: {why}");
                ExitCode::from(2)
            }
        },
        Command::Inspect { file, page, output, password } => match password.read_options() {
            Ok(read) => inspect(&file, page, &output, &read),
            Err(why) => {
                eprintln!("nianbao: {why}");
                ExitCode::from(2)
            }
        },
        Command::Text { file, password } => match password.read_options() {
            Ok(read) => text(&file, &read),
            Err(why) => {
                eprintln!("nianbao: {why}");
                ExitCode::from(2)
            }
        },
        Command::Completions { shell } => {
            // Written whole to a buffer first: the generator panics on a closed pipe.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "nianbao", &mut script);
            let _ = std::io::stdout().lock().write_all(&script);
            ExitCode::SUCCESS
        }
        Command::Man => {
            let mut page = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut page) {
                Ok(()) => {
                    let _ = std::io::stdout().lock().write_all(&page);
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("nianbao: cannot write the manual page: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Keys { template } => {
            let version = if template == "2019" {
                nianbao::template::keys::Version::V2019
            } else {
                nianbao::template::keys::Version::V2021
            };
            let _ = std::io::stdout().lock().write_all(nianbao::template::keys::dictionary_tsv(version).as_bytes());
            ExitCode::SUCCESS
        }
    }
}

/// The paths a list names, one per `end`-terminated entry, bytes kept as they are (names need
/// not be UTF-8); empty entries skipped, and the `\r` of a CRLF line dropped.
fn read_list(list: &Path, end: u8) -> std::io::Result<Vec<PathBuf>> {
    use std::io::Read;
    use std::os::unix::ffi::OsStrExt;
    let mut bytes = Vec::new();
    if list == Path::new("-") {
        std::io::stdin().lock().read_to_end(&mut bytes)?;
    } else {
        std::fs::File::open(list)?.read_to_end(&mut bytes)?;
    }
    Ok(bytes
        .split(|&b| b == end)
        .map(|entry| if end == b'\n' { entry.strip_suffix(b"\r").unwrap_or(entry) } else { entry })
        .filter(|entry| !entry.is_empty())
        .map(|entry| PathBuf::from(std::ffi::OsStr::from_bytes(entry)))
        .collect())
}

fn text(file: &Path, read: &nianbao::ReadOptions) -> ExitCode {
    let pages = batch::inputs::read_input(file).and_then(|bytes| match nianbao::detect::detect(&bytes)? {
        nianbao::Format::Pdf => nianbao::read::pdf::read_pages_with(&bytes, read).map(|(pages, _, _)| pages),
        other => {
            Err(nianbao::ErrorKind::Unsupported(format!("text prints PDF pages; this is a {} file", other.name())))
        }
    });
    match pages {
        Ok(pages) => {
            let mut stdout = std::io::stdout().lock();
            for page in &pages {
                let _ = writeln!(stdout, "{}", nianbao::read::pdf::page_text(page));
                let _ = write!(stdout, "\x0c");
            }
            ExitCode::SUCCESS
        }
        Err(kind) => {
            eprintln!("{}: {kind}", batch::escape_path(file));
            ExitCode::FAILURE
        }
    }
}

fn inspect(file: &Path, page: u32, output: &Path, read: &nianbao::ReadOptions) -> ExitCode {
    let svg = batch::inputs::read_input(file).and_then(|bytes| match nianbao::detect::detect(&bytes)? {
        nianbao::Format::Pdf => nianbao::inspect::page_svg_with(&bytes, page, read),
        other => {
            Err(nianbao::ErrorKind::Unsupported(format!("inspect draws PDF pages; this is a {} file", other.name())))
        }
    });
    match svg {
        Ok(svg) => match std::fs::write(output, svg) {
            Ok(()) => {
                eprintln!("page {page} of {} drawn to {}", file.display(), output.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("nianbao: cannot write {}: {e}", output.display());
                ExitCode::FAILURE
            }
        },
        Err(kind) => {
            eprintln!("{}: {kind}", batch::escape_path(file));
            ExitCode::FAILURE
        }
    }
}

/// Exit status of `convert --strict` when nothing failed but a document has warnings or no text.
const EXIT_NOT_CLEAN: u8 = 3;

/// The inputs of `convert`: paths of the command line, and paths read from a list.
struct Inputs {
    paths: Vec<PathBuf>,
    listed: Vec<PathBuf>,
}

fn convert(inputs: Inputs, output: Option<PathBuf>, options: BatchOptions, flags: Flags) -> ExitCode {
    let Inputs { paths, listed } = inputs;
    let mut all: Vec<&PathBuf> = paths.iter().chain(&listed).collect();
    // One path that is not a folder is one document: its errors name it, whatever it is.
    let single = all.len() == 1 && !all[0].is_dir();
    let Some(out_dir) = output else {
        if !single {
            eprintln!("nianbao: several inputs need an output folder: add -o OUT");
            return ExitCode::from(2);
        }
        return convert_to_stdout(all.remove(0), &options, flags);
    };
    let output = match batch::OutputDir::open(&out_dir) {
        Ok(output) => output,
        Err(e) => {
            eprintln!("nianbao: {e}");
            return ExitCode::from(2);
        }
    };
    let mut inputs = batch::collect_inputs(&paths, &listed, Some(output.root()));
    if let Some(shard) = flags.shard {
        inputs.retain(|input| shard.holds(input));
    }
    // Panics are reported per file in summary.tsv; the default hook would only add noise.
    std::panic::set_hook(Box::new(|_| {}));
    let bar = progress_bar(inputs.len() as u64, flags.talk != Talk::Quiet);
    let failures = AtomicUsize::new(0);
    let on_done = |outcome: &batch::Outcome| {
        if outcome.status == Status::Failed {
            let n = failures.fetch_add(1, Ordering::Relaxed) + 1;
            bar.set_message(format!("{n} failed"));
        }
        if flags.talk == Talk::Verbose {
            // Printed above the bar, or straight to stderr off a terminal.
            let line = format!("{}\t{:.3}\t{}", outcome.status.name(), outcome.seconds, outcome.source);
            if bar.is_hidden() {
                eprintln!("{line}");
            } else {
                bar.println(line);
            }
        }
        bar.inc(1);
    };
    let result = batch::run(&inputs, &output, &options, &on_done);
    bar.finish_and_clear();
    let outcomes = match result {
        Ok(outcomes) => outcomes,
        Err(e) => {
            eprintln!("nianbao: cannot write to {}: {e}", out_dir.display());
            return ExitCode::from(2);
        }
    };
    let count = |s: Status| outcomes.iter().filter(|o| o.status == s).count();
    for message in outcomes.iter().filter_map(|o| o.failure.as_deref()) {
        eprintln!("failed: {message}");
    }
    if flags.talk != Talk::Quiet {
        eprintln!(
            "{} documents: {} ok, {} with warnings, {} without text, {} failed; output in {}",
            outcomes.len(),
            count(Status::Ok),
            count(Status::Warnings),
            count(Status::NoText),
            count(Status::Failed),
            out_dir.display()
        );
    }
    if count(Status::Failed) > 0 {
        ExitCode::FAILURE
    } else if flags.strict && count(Status::Warnings) + count(Status::NoText) > 0 {
        ExitCode::from(EXIT_NOT_CLEAN)
    } else {
        ExitCode::SUCCESS
    }
}

/// The batch files a `--format` and `--bom` add beside the TSVs of a batch.
fn batch_format(format: StreamFormat, bom: bool) -> Result<batch::formats::BatchFormat, &'static str> {
    use batch::formats::BatchFormat;
    match (format, bom) {
        (StreamFormat::Tsv, false) => Ok(BatchFormat::Tsv),
        (StreamFormat::Csv, bom) => Ok(BatchFormat::Csv { bom }),
        (StreamFormat::Jsonl, false) => Ok(BatchFormat::Jsonl),
        (StreamFormat::Json, _) => {
            Err("--format json is one document's pretty object; a batch writes reports.jsonl with --format jsonl")
        }
        (_, true) => Err("--bom marks CSV files for Excel: add --format csv"),
    }
}

fn merge(parts: &[PathBuf], out_dir: &Path, quiet: bool, options: &batch::merge::MergeOptions) -> ExitCode {
    let read = match batch::merge::read_parts(parts, out_dir) {
        Ok(read) => read,
        Err(e) => {
            eprintln!("nianbao: cannot merge: {e}");
            return ExitCode::FAILURE;
        }
    };
    let output = match batch::OutputDir::open(out_dir) {
        Ok(output) => output,
        Err(e) => {
            eprintln!("nianbao: {e}");
            return ExitCode::from(2);
        }
    };
    match batch::merge::merge(read, &output, options) {
        Ok(merged) => {
            if !quiet {
                let repeated = match merged.repeated {
                    0 => String::new(),
                    n => format!(" ({n} recorded by more than one part: the last part's record kept)"),
                };
                let failed = match merged.failed {
                    0 => String::new(),
                    n => format!(", {n} of them failed (status `failed` in summary.tsv)"),
                };
                eprintln!(
                    "{} inputs from {} parts{repeated}{failed}; output in {}",
                    merged.inputs,
                    parts.len(),
                    out_dir.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("nianbao: cannot merge: {e}");
            ExitCode::FAILURE
        }
    }
}

fn convert_to_stdout(path: &Path, options: &BatchOptions, flags: Flags) -> ExitCode {
    let Flags { strict, talk, format, bom, selection, .. } = flags;
    match nianbao::deadline::with_limit(options.timeout, || {
        nianbao::convert_path_with(path, options.timeout, &options.read)
    }) {
        Ok(report) => {
            let (status, message) = batch::describe(&report);
            if status == Status::Failed {
                eprintln!("{}: {message}", batch::escape_path(path));
                return ExitCode::FAILURE;
            }
            let report = match selection.apply(&report) {
                Ok(report) => report,
                Err(why) => {
                    eprintln!("nianbao: {}: {why}", batch::escape_path(path));
                    return ExitCode::from(2);
                }
            };
            let written = match format {
                StreamFormat::Tsv => nianbao::write::stream(&report),
                StreamFormat::Csv => nianbao::write::tsv_to_csv(&nianbao::write::stream(&report)),
                StreamFormat::Json | StreamFormat::Jsonl => {
                    // The bytes were read and checked by the conversion; a file changed since
                    // is hashed as it is now.
                    let sha256 = std::fs::read(path).map(|b| batch::hex_digest(&b)).unwrap_or_default();
                    let source = batch::escape_path(path);
                    let provenance = nianbao::write::Provenance { source: &source, sha256: &sha256, folder: "" };
                    let status_json = nianbao::write::StatusJson { status: status.name(), message: &message };
                    let pretty = format == StreamFormat::Json;
                    nianbao::write::report_json_as(&report, &provenance, Some(status_json), pretty) + "\n"
                }
            };
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error.
            if bom && matches!(format, StreamFormat::Tsv | StreamFormat::Csv) {
                let _ = stdout.write_all("\u{FEFF}".as_bytes());
            }
            let _ = stdout.write_all(written.as_bytes());
            // Only the stream goes to stdout; what is wrong with the document goes beside it.
            if status != Status::Ok {
                if talk != Talk::Quiet {
                    eprintln!("{}: {}: {message}", batch::escape_path(path), status.name());
                }
                if strict {
                    return ExitCode::from(EXIT_NOT_CLEAN);
                }
            }
            ExitCode::SUCCESS
        }
        Err(kind) => {
            eprintln!("{}: {kind}", batch::escape_path(path));
            ExitCode::FAILURE
        }
    }
}

fn progress_bar(len: u64, shown: bool) -> ProgressBar {
    let target = if shown && std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(len), target);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} files  {per_sec}  ETA {eta}  {msg}") {
        bar.set_style(style);
    }
    bar
}
