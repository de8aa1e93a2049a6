"""nianbao: Chinese government information-disclosure annual reports (政府信息公开工作年度报告)
into data.

Every government body publishes such a report once a year, as Word, PDF or web pages, on one
national template: six sections and three tables (主动公开, 依申请, 复议诉讼). nianbao reads the
document, finds the sections and tables, rebuilds the grids that layout broke, maps every cell
onto the template's canonical keys and checks the template's own arithmetic.

>>> import nianbao
>>> report = nianbao.convert("report-2021.docx")          # doctest: +SKIP
>>> report["status"], report["org"], report["year"]        # doctest: +SKIP
('ok', '清河县农业农村局', 2023)

A result is what ``nianbao convert FILE --format json`` prints (docs/OUTPUT.md), as a dict, each
table with its grid added as ``rows``.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Tuple, Union

from . import _nianbao
from ._nianbao import ConversionError, Conversions, __version__

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = [
    "ConversionError",
    "Conversions",
    "DEFAULT_TIMEOUT",
    "__version__",
    "convert",
    "convert_many",
    "dataset_columns",
    "dataset_to_pandas",
    "read_dataset",
    "read_values",
    "values_to_pandas",
]

#: Seconds allowed to one document unless told otherwise (the command line's ``--timeout``).
DEFAULT_TIMEOUT: float = _nianbao.DEFAULT_TIMEOUT

Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview]
Result = Dict[str, Any]


def _source(source: Source) -> Any:
    # A memoryview is read as the bytes it shows; everything else goes to the extension as given.
    if isinstance(source, memoryview):
        return source.tobytes()
    return source


def convert(
    source: Source,
    *,
    timeout: Optional[float] = DEFAULT_TIMEOUT,
    password: Optional[str] = None,
) -> Result:
    """Converts one document.

    ``source`` is a path (``str`` or ``os.PathLike``) or the document's bytes (``bytes``,
    ``bytearray``, ``memoryview``); the format is told from the bytes. ``timeout`` is the seconds
    allowed to it (``None`` or 0: no limit). ``password`` opens a password-protected PDF (its
    user or owner password; the empty password is tried first, so it is ignored by a PDF that
    opens without one); password-protected Word files are not read.

    Returns what ``nianbao convert FILE --format json`` prints, as a dict: ``status`` (``ok``,
    ``warnings`` or ``no-text``), ``message``, ``source``, ``sha256``, ``format``, ``pages``,
    ``title``, ``org``, ``year``, ``template``, ``sections``, ``tables``, ``values``, ``checks``,
    ``repairs``, ``notes`` and the rest of report.json (docs/OUTPUT.md). Each table also has
    ``rows``: its grid as a list of rows of strings, as ``tables/<id>.tsv`` holds it. For bytes,
    ``source`` is empty.

    Raises ``ConversionError`` when the document cannot be converted (unreadable, damaged,
    password-protected without the right password, over the time limit); its message is
    nianbao's, naming the path. The wait can be interrupted with Ctrl-C.
    """
    return _nianbao.convert(_source(source), timeout, password)


def convert_many(
    sources: Iterable[Source],
    jobs: Optional[int] = None,
    *,
    timeout: Optional[float] = DEFAULT_TIMEOUT,
    password: Optional[str] = None,
) -> Conversions:
    """Converts many documents in parallel, on ``jobs`` threads (``None`` or 0: one per core).
    ``timeout`` and ``password`` are ``convert``'s, the password tried on every PDF that does
    not open without one.

    Returns an iterator of ``(source, result)`` pairs in the order the documents finish (not
    the order given): ``source`` is the object given (the same ``str``, ``Path`` or ``bytes``),
    ``result`` the dict ``convert`` returns or, when the document could not be converted, a
    ``ConversionError`` (returned, not raised). Every source gives exactly one pair.

    The conversions start at once and run while Python does other work; a few finished results
    wait for the consumer, then the threads wait too. Dropping the iterator, or calling its
    ``close()`` (it is also a context manager), stops the batch: documents being converted are
    finished and dropped, no new one is started. A ``KeyboardInterrupt`` while waiting stops the
    batch the same way and is raised.
    """
    return _nianbao.convert_many([_source(s) for s in sources], jobs, timeout, password)


def dataset_columns() -> List[str]:
    """The columns of ``dataset.tsv``: source, template, org, year, then every canonical key of
    both template versions, 2021 first."""
    return _nianbao.dataset_columns()


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("this needs pandas: pip install pandas (or nianbao[pandas])") from e
    return pandas


def _number(text: Optional[str]) -> Optional[float]:
    return None if text is None else float(text)


_INTEGER = re.compile(r"-?[0-9]+")
_INT64 = 2**63


def _is_int64(text: Optional[str]) -> bool:
    return text is None or (_INTEGER.fullmatch(text) is not None and -_INT64 <= int(text) < _INT64)


def _key_column(pd: Any, key: str, texts: List[Optional[str]]) -> Any:
    """A canonical key's numbers: amounts (keys ending in ``.amount``) as Float64, counts as
    Int64, or Float64 when some count is not a whole number (as printed, never rounded)."""
    if not key.endswith(".amount") and all(_is_int64(t) for t in texts):
        return pd.array([None if t is None else int(t) for t in texts], dtype="Int64")
    return pd.array([_number(t) for t in texts], dtype="Float64")


def values_to_pandas(result: Result) -> "pandas.DataFrame":
    """A result's values as a DataFrame, the columns of ``values.tsv``: ``key``, ``raw``,
    ``number``, ``row_label``, ``column_label``, ``page``.

    ``number`` is Float64 (one report's values mix counts and amounts such as
    ``t2.fees.amount``; every count up to 2**53 is exact), <NA> where the cell prints no number
    (blank, ``/``, ``无``); ``page`` is Int64, <NA> for formats without pages. The text columns
    are pandas' ``string`` dtype.
    """
    pd = _pandas()
    values = result["values"]

    def text(name: str) -> Any:
        return pd.array([v[name] for v in values], dtype="string")

    return pd.DataFrame(
        {
            "key": text("key"),
            "raw": text("raw"),
            "number": pd.array([_number(v["number"]) for v in values], dtype="Float64"),
            "row_label": text("row_label"),
            "column_label": text("column_label"),
            "page": pd.array([v["origin"].get("page") for v in values], dtype="Int64"),
        }
    )


def dataset_to_pandas(
    results: Iterable[Union[Result, Tuple[Any, Union[Result, BaseException]]]],
) -> "pandas.DataFrame":
    """Results as ``dataset.tsv``'s table: one row per recognized report, columns ``source``,
    ``template``, ``org``, ``year`` and one per canonical key of both template versions
    (``dataset_columns()``).

    ``results`` holds result dicts, or the ``(source, result)`` pairs ``convert_many`` yields
    (so ``dataset_to_pandas(convert_many(paths))`` works); failures and documents without a
    template table are left out, as in ``dataset.tsv``. Rows keep the order given. Counts are
    Int64 and amounts (``*.amount``) Float64, <NA> where the report prints no number; ``year``
    is Int64; the text columns are ``string``.
    """
    pd = _pandas()
    columns = dataset_columns()
    reports = []
    for item in results:
        result = item[1] if isinstance(item, tuple) else item
        if isinstance(result, BaseException) or result.get("template") is None:
            continue
        reports.append(result)
    numbers: List[Dict[str, Optional[str]]] = []
    for report in reports:
        by_key: Dict[str, Optional[str]] = {}
        for value in report["values"]:
            by_key.setdefault(value["key"], value["number"])
        numbers.append(by_key)
    data: Dict[str, Any] = {
        "source": pd.array([r["source"] for r in reports], dtype="string"),
        "template": pd.array([r["template"] for r in reports], dtype="string"),
        "org": pd.array([r["org"] for r in reports], dtype="string"),
        "year": pd.array([r["year"] for r in reports], dtype="Int64"),
    }
    for key in columns[4:]:
        data[key] = _key_column(pd, key, [n.get(key) for n in numbers])
    return pd.DataFrame(data, columns=columns)



def _read_tsv(pd: Any, path: "Union[str, os.PathLike[str]]") -> Any:
    # Every field as text, as written: no NA guessing (`NA` is text), no quoting (TSV fields
    # hold no tab or line break and quotes are plain characters).
    return pd.read_csv(path, sep="\t", dtype="string", keep_default_na=False, na_filter=False, quoting=3)


def _blank_to_none(column: Any) -> List[Optional[str]]:
    return [None if t == "" else str(t) for t in column]


def read_dataset(path: "Union[str, os.PathLike[str]]") -> "pandas.DataFrame":
    """A ``dataset.tsv`` (or ``dataset.csv``) that ``nianbao convert -o OUT`` wrote, typed as
    ``dataset_to_pandas`` types it: counts Int64, amounts (``*.amount``) Float64, ``year``
    Int64, <NA> where the report prints no number; the text columns ``string``."""
    pd = _pandas()
    if str(path).endswith(".csv"):
        frame = pd.read_csv(path, dtype="string", keep_default_na=False, na_filter=False, encoding="utf-8-sig")
    else:
        frame = _read_tsv(pd, path)
    for name in frame.columns:
        texts = _blank_to_none(frame[name])
        if name == "year":
            frame[name] = pd.array([None if t is None else int(t) for t in texts], dtype="Int64")
        elif "." in name:
            frame[name] = _key_column(pd, name, texts)
    return frame


def read_values(path: "Union[str, os.PathLike[str]]") -> "pandas.DataFrame":
    """A document folder's ``values.tsv``, typed as ``values_to_pandas`` types a result's
    values: ``number`` Float64 and ``page`` Int64 (<NA> where blank), the rest ``string``."""
    pd = _pandas()
    frame = _read_tsv(pd, path)
    frame["number"] = pd.array([_number(t) for t in _blank_to_none(frame["number"])], dtype="Float64")
    frame["page"] = pd.array([None if t is None else int(t) for t in _blank_to_none(frame["page"])], dtype="Int64")
    return frame
