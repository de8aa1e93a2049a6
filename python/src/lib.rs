//! `nianbao._nianbao`: the library's conversion for Python. Conversions run on Rust threads,
//! detached from the interpreter; Python waits on a channel, checking for signals between polls,
//! so Ctrl-C stops a wait however long a document takes.
//!
//! Each result is what `nianbao convert FILE --format json` prints, as a dict, every table with
//! its grid added as `rows`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;

use nianbao::batch::{self, Status};
use nianbao::write::{Provenance, StatusJson};
use nianbao::ReadOptions;

create_exception!(
    nianbao,
    ConversionError,
    PyException,
    "A document nianbao could not convert. The message is nianbao's: the path, then the reason \
     (for bytes, the reason alone); `path` is what was given (None for bytes), `reason` the reason."
);

/// How often a wait wakes up to let Python handle signals.
const POLL: Duration = Duration::from_millis(50);

/// One input: a file to read, or a document's bytes.
enum Source {
    Path(PathBuf),
    Bytes(PyBackedBytes),
}

/// A converted document: its JSON (as `--format json` prints it, on one line) and the grid of
/// each of its tables, in the order of the JSON's `tables`.
struct Converted {
    json: String,
    grids: Vec<Vec<Vec<String>>>,
}

/// Why a document could not be converted: nianbao's message (the path, then the reason) and
/// the reason alone.
struct Failure {
    message: String,
    reason: String,
}

type Outcome = Result<Converted, Failure>;

/// Converts one input as `nianbao convert FILE --format json` does, a PDF that needs a
/// password opened with the one in `read`.
fn convert_source(source: &Source, limit: Option<Duration>, read: &ReadOptions) -> Outcome {
    let (escaped, result) = match source {
        Source::Path(path) => {
            let result = nianbao::deadline::with_limit(limit, || nianbao::convert_path_with(path, limit, read));
            (Some(batch::escape_path(path)), result)
        }
        Source::Bytes(bytes) => {
            let result = nianbao::deadline::with_limit(limit, || match nianbao::detect::detect(bytes) {
                // The file name only tells the legacy Word converter which ending to give its copy.
                Ok(nianbao::Format::Ole2) => batch::readable_bytes(Path::new("document.doc"), bytes.to_vec(), limit)
                    .and_then(|(docx, _)| batch::convert_guarded_with(&docx, read)),
                _ => batch::convert_guarded_with(bytes, read),
            });
            (None, result)
        }
    };
    let fail = |reason: String| {
        let message = match &escaped {
            Some(path) => format!("{path}: {reason}"),
            None => reason.clone(),
        };
        Failure { message, reason }
    };
    let report = result.map_err(|kind| fail(kind.to_string()))?;
    let (status, message) = batch::describe(&report);
    if status == Status::Failed {
        return Err(fail(message));
    }
    // As the command line does: the bytes were read and checked by the conversion; a file
    // changed since is hashed as it is now.
    let sha256 = match source {
        Source::Path(path) => std::fs::read(path).map(|b| batch::hex_digest(&b)).unwrap_or_default(),
        Source::Bytes(bytes) => batch::hex_digest(bytes),
    };
    let source_text = escaped.unwrap_or_default();
    let provenance = Provenance { source: &source_text, sha256: &sha256, folder: "" };
    let status_json = StatusJson { status: status.name(), message: &message };
    let json = nianbao::write::report_json_as(&report, &provenance, Some(status_json), false);
    let grids = report.tables.iter().map(|named| named.table.expanded()).collect();
    Ok(Converted { json, grids })
}

/// What the workers share: the inputs, the next one to take, and whether to stop.
struct Work {
    sources: Vec<Source>,
    next: AtomicUsize,
    cancelled: AtomicBool,
    limit: Option<Duration>,
    read: ReadOptions,
}

/// Worker threads alive in this process, of every batch.
static WORKERS: AtomicUsize = AtomicUsize::new(0);

/// Counts a worker out when its thread ends, however it ends.
struct Alive;

impl Drop for Alive {
    fn drop(&mut self) {
        WORKERS.fetch_sub(1, Ordering::Relaxed);
    }
}

fn worker(work: &Work, results: &SyncSender<(usize, Outcome)>) {
    while !work.cancelled.load(Ordering::Relaxed) {
        let index = work.next.fetch_add(1, Ordering::Relaxed);
        let Some(source) = work.sources.get(index) else { return };
        let outcome =
            catch_unwind(AssertUnwindSafe(|| convert_source(source, work.limit, &work.read))).unwrap_or_else(|_| {
                let reason = "internal error: the conversion stopped on a fault".to_string();
                let message = match source {
                    Source::Path(path) => format!("{}: {reason}", batch::escape_path(path)),
                    Source::Bytes(_) => reason.clone(),
                };
                Err(Failure { message, reason })
            });
        // A closed channel: the consumer is gone, nothing more is wanted.
        if results.send((index, outcome)).is_err() {
            return;
        }
    }
}

/// Results of a batch, yielded as the documents finish: `(input, result)`, the result a dict
/// or a `ConversionError` (not raised).
#[pyclass(frozen, module = "nianbao._nianbao")]
struct Conversions {
    inputs: Vec<Py<PyAny>>,
    work: Arc<Work>,
    receiver: Mutex<Option<Receiver<(usize, Outcome)>>>,
    left: AtomicUsize,
}

/// What one wait on the channel gave.
enum Got {
    Result(usize, Outcome),
    Waiting,
    Closed,
}

impl Conversions {
    fn start(
        inputs: Vec<Py<PyAny>>,
        sources: Vec<Source>,
        jobs: usize,
        limit: Option<Duration>,
        read: ReadOptions,
    ) -> PyResult<Self> {
        let count = sources.len();
        let next = AtomicUsize::new(0);
        let work = Arc::new(Work { sources, next, cancelled: AtomicBool::new(false), limit, read });
        // A few finished documents may wait for the consumer; past that the workers wait too.
        let (sender, receiver) = mpsc::sync_channel(jobs * 2);
        let mut started = 0;
        let mut last_error = None;
        for _ in 0..jobs.min(count) {
            let (work, sender) = (Arc::clone(&work), sender.clone());
            WORKERS.fetch_add(1, Ordering::Relaxed);
            let alive = Alive;
            match std::thread::Builder::new().name("nianbao".into()).spawn(move || {
                let _alive = alive;
                worker(&work, &sender)
            }) {
                Ok(_) => started += 1,
                Err(e) => last_error = Some(e),
            }
        }
        if let (0, Some(e)) = (started, last_error) {
            return Err(PyRuntimeError::new_err(format!("cannot start a conversion thread: {e}")));
        }
        Ok(Conversions { inputs, work, receiver: Mutex::new(Some(receiver)), left: AtomicUsize::new(count) })
    }

    fn wait(&self, py: Python<'_>) -> Got {
        py.detach(|| {
            let receiver = self.receiver.lock().unwrap_or_else(PoisonError::into_inner);
            match receiver.as_ref().map(|r| r.recv_timeout(POLL)) {
                Some(Ok((index, outcome))) => Got::Result(index, outcome),
                Some(Err(RecvTimeoutError::Timeout)) => Got::Waiting,
                Some(Err(RecvTimeoutError::Disconnected)) | None => Got::Closed,
            }
        })
    }

    fn stop(&self) {
        self.work.cancelled.store(true, Ordering::Relaxed);
        // Dropping the receiver wakes any worker waiting to hand over a result.
        self.receiver.lock().unwrap_or_else(PoisonError::into_inner).take();
    }

    /// The next `(input, result)`, or `None` when every result was given or the batch closed.
    fn next_result(&self, py: Python<'_>) -> PyResult<Option<(Py<PyAny>, Py<PyAny>)>> {
        loop {
            match self.wait(py) {
                Got::Result(index, outcome) => {
                    self.left.fetch_sub(1, Ordering::Relaxed);
                    let input = self.inputs[index].clone_ref(py);
                    let result = to_python(py, input.bind(py), outcome)?;
                    return Ok(Some((input, result)));
                }
                Got::Waiting => {
                    if let Err(e) = py.check_signals() {
                        self.stop();
                        return Err(e);
                    }
                }
                Got::Closed => return Ok(None),
            }
        }
    }
}

impl Drop for Conversions {
    fn drop(&mut self) {
        self.work.cancelled.store(true, Ordering::Relaxed);
    }
}

#[pymethods]
impl Conversions {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<(Py<PyAny>, Py<PyAny>)>> {
        self.next_result(py)
    }

    /// Results not yet yielded.
    fn __len__(&self) -> usize {
        if self.receiver.lock().unwrap_or_else(PoisonError::into_inner).is_none() {
            return 0;
        }
        self.left.load(Ordering::Relaxed)
    }

    /// Stops the batch: no document is started any more, those being converted are dropped
    /// when they finish, and iteration ends.
    fn close(&self) {
        self.stop();
    }

    fn __enter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, _args: &Bound<'_, pyo3::types::PyTuple>) -> bool {
        self.stop();
        false
    }
}

/// A result for Python: the report as a dict, or a `ConversionError` naming `input`.
fn to_python(py: Python<'_>, input: &Bound<'_, PyAny>, outcome: Outcome) -> PyResult<Py<PyAny>> {
    match outcome {
        Ok(Converted { json, grids }) => {
            let loads = py.import(intern!(py, "json"))?.getattr(intern!(py, "loads"))?;
            let report = loads.call1((json,))?;
            let tables = report.get_item(intern!(py, "tables"))?;
            for (table, grid) in tables.try_iter()?.zip(grids) {
                table?.set_item(intern!(py, "rows"), grid)?;
            }
            Ok(report.unbind())
        }
        Err(Failure { message, reason }) => {
            let error = ConversionError::new_err(message);
            let value = error.value(py);
            let path = if is_bytes(input) { py.None().into_bound(py) } else { input.clone() };
            value.setattr(intern!(py, "path"), path)?;
            value.setattr(intern!(py, "reason"), reason)?;
            Ok(error.into_value(py).into_any())
        }
    }
}

fn is_bytes(input: &Bound<'_, PyAny>) -> bool {
    input.is_instance_of::<pyo3::types::PyBytes>() || input.is_instance_of::<pyo3::types::PyByteArray>()
}

/// An input as given: bytes or a bytearray are a document's content, anything `os.fspath`
/// takes (`str`, `os.PathLike`) a path.
fn source_of(input: &Bound<'_, PyAny>) -> PyResult<Source> {
    if is_bytes(input) {
        let bytes: PyBackedBytes = input.extract()?;
        return Ok(Source::Bytes(bytes));
    }
    input.extract::<PathBuf>().map(Source::Path).map_err(|_| {
        let kind = input.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "this object".into());
        PyTypeError::new_err(format!("nianbao converts a path (str or os.PathLike) or a document's bytes, not {kind}"))
    })
}

/// The time limit for one document: `None` or 0 for none.
fn limit_of(timeout: Option<f64>) -> PyResult<Option<Duration>> {
    match timeout.filter(|&t| t != 0.0) {
        None => Ok(None),
        Some(t) => Duration::try_from_secs_f64(t).map(Some).map_err(|_| {
            PyValueError::new_err(format!("timeout must be a number of seconds, 0 or more, or None; got {t}"))
        }),
    }
}

/// The options that open a PDF with `password` (`None`: the empty password alone).
fn read_options(password: Option<String>) -> ReadOptions {
    password.map(ReadOptions::with_password).unwrap_or_default()
}

/// Converts one document (a path or its bytes) into a dict; raises `ConversionError`.
#[pyfunction]
#[pyo3(signature = (source, timeout = batch::DEFAULT_TIMEOUT.as_secs_f64(), password = None))]
fn convert(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    timeout: Option<f64>,
    password: Option<String>,
) -> PyResult<Py<PyAny>> {
    let limit = limit_of(timeout)?;
    let sources = vec![source_of(source)?];
    let one = Conversions::start(vec![source.clone().unbind()], sources, 1, limit, read_options(password))?;
    let Some((_, result)) = one.next_result(py)? else {
        return Err(PyRuntimeError::new_err("the conversion ended without a result"));
    };
    let result = result.into_bound(py);
    match result.cast_into::<pyo3::exceptions::PyBaseException>() {
        Ok(error) => Err(PyErr::from_value(error.into_any())),
        Err(e) => Ok(e.into_inner().unbind()),
    }
}

/// Converts many documents on `jobs` threads (`None` or 0: one per core), every PDF that needs a
/// password opened with `password`; returns an iterator of `(input, result)` in the order the
/// documents finish.
#[pyfunction]
#[pyo3(signature = (sources, jobs = None, timeout = batch::DEFAULT_TIMEOUT.as_secs_f64(), password = None))]
fn convert_many(
    sources: &Bound<'_, PyAny>,
    jobs: Option<i64>,
    timeout: Option<f64>,
    password: Option<String>,
) -> PyResult<Conversions> {
    let limit = limit_of(timeout)?;
    let jobs = match jobs {
        None | Some(0) => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        Some(n) if n > 0 => usize::try_from(n).unwrap_or(usize::MAX).min(1024),
        Some(n) => {
            return Err(PyValueError::new_err(format!("jobs must be 1 or more (0 or None: one per core); got {n}")))
        }
    };
    let mut inputs = Vec::new();
    let mut parsed = Vec::new();
    for item in sources.try_iter()? {
        let item = item?;
        parsed.push(source_of(&item)?);
        inputs.push(item.unbind());
    }
    Conversions::start(inputs, parsed, jobs, limit, read_options(password))
}

/// The columns of `dataset.tsv`: source, template, org, year, then every canonical key of both
/// template versions, 2021 first.
#[pyfunction]
fn dataset_columns() -> Vec<String> {
    nianbao::write::dataset_header().trim_end_matches('\n').split('\t').map(str::to_string).collect()
}

/// Worker threads alive in this process (a batch's stop clears them once their documents end).
#[pyfunction]
fn _workers() -> usize {
    WORKERS.load(Ordering::Relaxed)
}

#[pymodule]
fn _nianbao(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", batch::VERSION)?;
    m.add("DEFAULT_TIMEOUT", batch::DEFAULT_TIMEOUT.as_secs_f64())?;
    m.add("ConversionError", m.py().get_type::<ConversionError>())?;
    m.add_class::<Conversions>()?;
    m.add_function(wrap_pyfunction!(convert, m)?)?;
    m.add_function(wrap_pyfunction!(convert_many, m)?)?;
    m.add_function(wrap_pyfunction!(dataset_columns, m)?)?;
    m.add_function(wrap_pyfunction!(_workers, m)?)?;
    Ok(())
}
