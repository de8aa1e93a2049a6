"""Tests of the Python package over the repository's fixtures.

Truth comes from two places: the golden outputs in testdata/golden/ (the same files the Rust
tests compare with) and, when NIANBAO_BIN names a built `nianbao` binary, the command line's own
output for the same file (`nianbao convert FILE --format json`, the TSV stream, a batch's
dataset.tsv). Without NIANBAO_BIN the comparisons with the command line are skipped.
"""

from __future__ import annotations

import csv
import gc
import importlib.metadata
import json
import os
import pathlib
import re
import signal
import subprocess
import threading
import time

import pytest

import nianbao

REPO = pathlib.Path(__file__).resolve().parents[2]
TESTDATA = REPO / "testdata"
CLI = os.environ.get("NIANBAO_BIN")

needs_cli = pytest.mark.skipif(not CLI, reason="NIANBAO_BIN does not name a nianbao binary")

# The fixtures with golden outputs, by golden case: their paths relative to the repository,
# as the golden report.json names them.
GOLDEN = {
    "report-2021": "testdata/docx/report-2021.docx",
    "report-2019": "testdata/docx/report-2019.docx",
    "hechuan-2019": "testdata/pdf/hechuan-2019.pdf",
    "wps-2021": "testdata/pdf/wps-2021.pdf",
    "page-2021": "testdata/html/page-2021.html",
    "page-2019-gbk": "testdata/html/page-2019-gbk.html",
}

# Inputs of every kind and outcome: ok, warnings, no-text, failed.
MIXED = [
    "testdata/docx/report-2021.docx",
    "testdata/docx/report-2019.docx",
    "testdata/docx/report-deviant.docx",
    "testdata/pdf/hechuan-2019.pdf",
    "testdata/pdf/wps-2021.pdf",
    "testdata/pdf/no-unicode.pdf",
    "testdata/pdf/scan.pdf",
    "testdata/html/page-2021.html",
    "testdata/html/page-2019-gbk.html",
    "testdata/seeds/000_54cc634fc9fc9cf6.txt",
    "testdata/broken/password-protected.pdf",
    "testdata/no-such-file.pdf",
]

# The inputs of MIXED that follow a template: dataset.tsv's rows.
RECOGNIZED = {
    "testdata/docx/report-2021.docx",
    "testdata/docx/report-2019.docx",
    "testdata/docx/report-deviant.docx",
    "testdata/pdf/hechuan-2019.pdf",
    "testdata/pdf/wps-2021.pdf",
    "testdata/html/page-2021.html",
    "testdata/html/page-2019-gbk.html",
    "testdata/seeds/000_54cc634fc9fc9cf6.txt",
}
FAILING = {"testdata/broken/password-protected.pdf", "testdata/no-such-file.pdf"}

# What follows it depends on whether OCR is at hand; the command line's own message is compared
# whole below.
SCAN_MESSAGE = "no text layer: 2 pages of images only (a scan); "


@pytest.fixture(autouse=True)
def in_repo(monkeypatch):
    # Paths are given relative to the repository, as the golden files and the CLI name them.
    monkeypatch.chdir(REPO)


def field(text: str) -> str:
    """A TSV field as nianbao writes it: tabs and line breaks become one space."""
    return re.sub(r"[\t\r\n]+", " ", text)


def read_tsv(path: pathlib.Path) -> list:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]


def without_rows(result: dict) -> dict:
    """The result as the command line prints it: without the `rows` the package adds."""
    copy = dict(result)
    copy["tables"] = [{k: v for k, v in t.items() if k != "rows"} for t in result["tables"]]
    return copy


def cli(*args: str) -> subprocess.CompletedProcess:
    assert CLI
    return subprocess.run([CLI, *args], cwd=REPO, capture_output=True, text=True, timeout=120)


def cli_json(path: str) -> dict:
    run = cli("convert", path, "--format", "json")
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def workers() -> int:
    """The package's conversion threads alive in this process."""
    return nianbao._nianbao._workers()


def wait_for_no_workers(seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while workers() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert workers() == 0, "conversion threads still running"


# --- version ---------------------------------------------------------------------------------


def test_version_is_the_library_version():
    cargo = (REPO / "Cargo.toml").read_text(encoding="utf-8")
    library = re.search(r'^version = "([^"]+)"', cargo, re.MULTILINE)
    assert library
    assert nianbao.__version__ == library.group(1)
    assert importlib.metadata.version("nianbao") == nianbao.__version__
    assert nianbao.convert("testdata/docx/report-2021.docx")["nianbao"] == nianbao.__version__


# --- one document against the golden outputs -------------------------------------------------


def test_report_2021_exact_values():
    r = nianbao.convert("testdata/docx/report-2021.docx")
    assert (r["status"], r["message"]) == ("ok", "")
    assert r["source"] == "testdata/docx/report-2021.docx"
    assert r["sha256"] == "1f2821ed03ee2204f359a0fc9ca6cd149bced6a83755b8a94f04ffb39e74309a"
    assert r["folder"] == ""
    assert r["format"] == "docx"
    assert r["pages"] is None
    assert r["title"] == "清河县农业农村局2023年政府信息公开工作年度报告"
    assert r["org"] == "清河县农业农村局"
    assert r["year"] == 2023
    assert r["template"] == "2021"
    by_key = {v["key"]: v for v in r["values"]}
    assert by_key["t2.rules.issued"] == {
        "key": "t2.rules.issued",
        "raw": "1",
        "number": "1",
        "row_label": "规章",
        "column_label": "本年制发件数",
        "origin": {},
        "found": True,
    }
    assert by_key["t2.fees.amount"]["number"] == "12.5"
    assert by_key["t2.fees.amount"]["column_label"] == "本年收费金额（单位：万元）"
    assert by_key["t3.new.person"]["number"] == "64"
    assert by_key["t3.new.total"]["number"] == "519"
    assert by_key["t3.carried.business"]["number"] == "1"
    assert [t["id"] for t in r["tables"]] == ["t2", "t3", "t4"]
    assert r["tables"][0]["rows"][:3] == [
        ["第二十条第（一）项"] * 4,
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "1", "2", "3"],
    ]
    assert all(c["ok"] for c in r["checks"])
    assert r["repairs"] == [] and r["notes"] == []


@pytest.mark.parametrize("case", sorted(GOLDEN))
def test_values_equal_golden_values_tsv(case):
    r = nianbao.convert(GOLDEN[case])
    want = read_tsv(TESTDATA / "golden" / case / "values.tsv")
    assert want[0] == ["key", "raw", "number", "row_label", "column_label", "page"]
    got = [
        [
            field(v["key"]),
            field(v["raw"]),
            v["number"] or "",
            field(v["row_label"]),
            field(v["column_label"]),
            str(v["origin"].get("page", "")),
        ]
        for v in r["values"]
    ]
    assert got == want[1:]
    assert len(got) > 50


@pytest.mark.parametrize("case", sorted(GOLDEN))
def test_report_equals_golden_report_json(case):
    r = nianbao.convert(GOLDEN[case])
    golden = json.loads((TESTDATA / "golden" / case / "report.json").read_text(encoding="utf-8"))
    got = without_rows(r)
    # A batch names the document's folder; one file converted in memory has none.
    assert got.pop("folder") == ""
    golden.pop("folder")
    assert got.pop("status") in ("ok", "warnings")
    got.pop("message")
    assert got == golden


@pytest.mark.parametrize("case", sorted(GOLDEN))
def test_rows_equal_golden_tables(case):
    r = nianbao.convert(GOLDEN[case])
    tables = TESTDATA / "golden" / case / "tables"
    assert sorted(t["id"] + ".tsv" for t in r["tables"]) == sorted(p.name for p in tables.iterdir())
    for table in r["tables"]:
        rows = [[field(c) for c in row] for row in table["rows"]]
        assert rows == read_tsv(tables / (table["id"] + ".tsv"))
        width = table["table"]["n_cols"]
        assert len(rows) == table["table"]["n_rows"] and all(len(row) == width for row in rows)


def test_hechuan_pdf():
    r = nianbao.convert("testdata/pdf/hechuan-2019.pdf")
    assert (r["status"], r["format"], r["template"]) == ("ok", "pdf", "2019")
    assert r["pages"] == 2
    by_key = {v["key"]: v for v in r["values"]}
    golden = {row[0]: row for row in read_tsv(TESTDATA / "golden/hechuan-2019/values.tsv")[1:]}
    for key in ("t2.rules.created", "t3.new.person", "t3.new.total", "t4.review.total"):
        assert by_key[key]["number"] == (golden[key][2] or None)
        assert str(by_key[key]["origin"]["page"]) == golden[key][5]


def test_html_page():
    r = nianbao.convert(pathlib.Path("testdata/html/page-2021.html"))
    assert (r["status"], r["format"], r["template"]) == ("ok", "html", "2021")
    assert r["source"] == "testdata/html/page-2021.html"
    golden = json.loads((TESTDATA / "golden/page-2021/report.json").read_text(encoding="utf-8"))
    assert r["values"] == golden["values"]
    assert r["org"] == golden["org"] and r["year"] == golden["year"]


def test_scan_has_no_text():
    r = nianbao.convert("testdata/pdf/scan.pdf")
    assert r["status"] == "no-text"
    assert r["message"].startswith(SCAN_MESSAGE)
    assert (r["pages"], r["tables"], r["values"]) == (2, [], [])


# --- failures ----------------------------------------------------------------------------------


def test_missing_file_raises_with_the_path():
    path = "testdata/no-such-file.pdf"
    with pytest.raises(nianbao.ConversionError) as caught:
        nianbao.convert(path)
    assert str(caught.value) == "testdata/no-such-file.pdf: cannot read: no such file"
    assert caught.value.path == path
    assert caught.value.reason == "cannot read: no such file"
    assert isinstance(caught.value, Exception)


def test_password_protected_pdf_raises():
    with pytest.raises(nianbao.ConversionError) as caught:
        nianbao.convert(pathlib.Path("testdata/broken/password-protected.pdf"))
    assert str(caught.value) == (
        "testdata/broken/password-protected.pdf: password-protected PDF: it does not open without a password (give it with --password)"
    )
    assert caught.value.path == pathlib.Path("testdata/broken/password-protected.pdf")


# The 河川乡 report encrypted by testdata/broken/make.sh: (path, user password, owner password).
AES256 = ("testdata/broken/hechuan-2019-aes256.pdf", "年报-2019", "owner-256")
RC4 = ("testdata/broken/hechuan-2019-rc4.pdf", "user-128", "owner-128")
NEEDS_PASSWORD = "password-protected PDF: it does not open without a password (give it with --password)"
WRONG_PASSWORD = "password-protected PDF: the password given does not open it"


def comparable(result: dict) -> dict:
    """A result without what names its file: the same document, encrypted or not, gives this."""
    return {k: v for k, v in result.items() if k not in ("source", "sha256")}


@pytest.mark.parametrize("fixture", [AES256, RC4], ids=["aes256", "rc4"])
def test_password_opens_a_protected_pdf(fixture):
    path, user, owner = fixture
    plain = comparable(nianbao.convert("testdata/pdf/hechuan-2019.pdf"))
    for password in (user, owner):
        r = nianbao.convert(path, password=password)
        assert (r["status"], r["org"], r["year"], r["pages"]) == ("ok", "原州区河川乡", 2020, 2)
        values = {v["key"]: v["number"] for v in r["values"]}
        assert (values["t2.rules.created"], values["t3.new.total"]) == ("1", "468")
        assert r["source"] == path
        assert comparable(r) == plain
    from_bytes = nianbao.convert((REPO / path).read_bytes(), password=user)
    assert comparable(from_bytes) == plain


@pytest.mark.parametrize("fixture", [AES256, RC4], ids=["aes256", "rc4"])
def test_no_password_and_a_wrong_one_raise_apart(fixture):
    path, user, _ = fixture
    with pytest.raises(nianbao.ConversionError) as caught:
        nianbao.convert(path)
    assert (str(caught.value), caught.value.reason) == (f"{path}: {NEEDS_PASSWORD}", NEEDS_PASSWORD)
    with pytest.raises(nianbao.ConversionError) as caught:
        nianbao.convert(path, password=user + "x")
    assert (str(caught.value), caught.value.reason) == (f"{path}: {WRONG_PASSWORD}", WRONG_PASSWORD)
    assert caught.value.path == path
    assert user not in repr(caught.value)
    with pytest.raises(nianbao.ConversionError) as caught:
        nianbao.convert((REPO / path).read_bytes(), password="wrong")
    assert (str(caught.value), caught.value.path) == (WRONG_PASSWORD, None)


def test_a_password_is_ignored_where_none_is_needed():
    plain = nianbao.convert("testdata/docx/report-2021.docx")
    assert nianbao.convert("testdata/docx/report-2021.docx", password="unused") == plain
    assert nianbao.convert("testdata/broken/empty-user-password.pdf", password="unused")["format"] == "pdf"


def test_convert_many_tries_the_password_on_every_pdf():
    given = [AES256[0], RC4[0], "testdata/pdf/hechuan-2019.pdf"]
    got = dict(nianbao.convert_many(given, jobs=2, password=AES256[1]))
    assert got[AES256[0]]["org"] == "原州区河川乡"
    assert str(got[RC4[0]]) == f"{RC4[0]}: {WRONG_PASSWORD}"
    assert comparable(got[AES256[0]]) == comparable(got["testdata/pdf/hechuan-2019.pdf"])
    locked = dict(nianbao.convert_many(given[:2]))
    assert [str(locked[p]) for p in given[:2]] == [f"{p}: {NEEDS_PASSWORD}" for p in given[:2]]
    wait_for_no_workers()


def test_a_password_is_text():
    with pytest.raises(TypeError):
        nianbao.convert(AES256[0], password=b"owner-256")
    with pytest.raises(TypeError):
        nianbao.convert_many([AES256[0]], password=256)


@needs_cli
def test_password_results_equal_the_cli():
    path, user, _ = AES256
    run = cli("convert", path, "--format", "json", "--password", user)
    assert run.returncode == 0, run.stderr
    assert without_rows(nianbao.convert(path, password=user)) == json.loads(run.stdout)
    run = cli("convert", path, "--password", "wrong")
    with pytest.raises(nianbao.ConversionError) as caught:
        nianbao.convert(path, password="wrong")
    assert (run.returncode, str(caught.value)) == (1, run.stderr.strip())


def test_folder_is_not_a_document():
    with pytest.raises(nianbao.ConversionError, match=r"^testdata/docx: not a regular file \(a folder\): not read$"):
        nianbao.convert("testdata/docx")


def test_wrong_argument_types():
    with pytest.raises(TypeError, match="not int"):
        nianbao.convert(42)
    with pytest.raises(ValueError, match="timeout"):
        nianbao.convert("testdata/docx/report-2021.docx", timeout=-1)
    with pytest.raises(ValueError, match="jobs"):
        nianbao.convert_many([], jobs=-2)
    with pytest.raises(TypeError):
        nianbao.convert_many([b"", 3.5])


def test_timeout_fails_the_document():
    big = (TESTDATA / "seeds/000_54cc634fc9fc9cf6.txt").read_bytes() * 3000
    started = time.monotonic()
    with pytest.raises(nianbao.ConversionError) as caught:
        nianbao.convert(big, timeout=1)
    assert str(caught.value) == "timed out after 1 s"
    assert time.monotonic() - started < 30


# --- bytes -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["testdata/docx/report-2021.docx", "testdata/pdf/hechuan-2019.pdf"])
def test_bytes_equal_the_file(path):
    data = (REPO / path).read_bytes()
    from_file = nianbao.convert(path)
    for given in (data, bytearray(data), memoryview(data)):
        from_bytes = nianbao.convert(given)
        assert from_bytes["source"] == ""
        assert from_bytes == dict(from_file, source="")


def test_bad_bytes_raise_the_reason_alone():
    with pytest.raises(nianbao.ConversionError) as caught:
        nianbao.convert(b"")
    assert str(caught.value) == "empty file"
    assert caught.value.path is None
    with pytest.raises(nianbao.ConversionError, match="^damaged document: unreadable PDF"):
        nianbao.convert(b"%PDF-1.4 junk")


# --- the command line's own output -------------------------------------------------------------


@needs_cli
@pytest.mark.parametrize("path", [p for p in MIXED if p not in FAILING])
def test_equals_cli_json(path):
    assert without_rows(nianbao.convert(path)) == cli_json(path)


@needs_cli
def test_values_equal_cli_json_values():
    for path in ("testdata/docx/report-2021.docx", "testdata/pdf/hechuan-2019.pdf", "testdata/html/page-2021.html"):
        assert nianbao.convert(path)["values"] == cli_json(path)["values"]


@needs_cli
@pytest.mark.parametrize("path", ["testdata/pdf/hechuan-2019.pdf", "testdata/docx/report-deviant.docx"])
def test_rows_equal_cli_stream(path):
    run = cli("convert", path)
    assert run.returncode == 0, run.stderr
    stream: dict = {}
    for line in run.stdout.splitlines():
        fields = line.split("\t")
        if fields[1] == "row":
            stream.setdefault(fields[2], []).append(fields[3:])
    r = nianbao.convert(path)
    assert {t["id"]: [[field(c) for c in row] for row in t["rows"]] for t in r["tables"]} == stream


@needs_cli
@pytest.mark.parametrize(
    "path", ["testdata/no-such-file.pdf", "testdata/broken/password-protected.pdf"]
)
def test_error_equals_cli_stderr(path):
    run = cli("convert", path)
    assert run.returncode == 1 and run.stdout == ""
    with pytest.raises(nianbao.ConversionError) as caught:
        nianbao.convert(path)
    assert str(caught.value) == run.stderr.strip()


@needs_cli
def test_scan_status_equals_cli_stderr():
    run = cli("convert", "testdata/pdf/scan.pdf")
    assert run.returncode == 0
    r = nianbao.convert("testdata/pdf/scan.pdf")
    assert run.stderr.strip() == f"testdata/pdf/scan.pdf: {r['status']}: {r['message']}"


# --- many documents ----------------------------------------------------------------------------


def outcome(result):
    """A result compared across runs: the dict, or the error's class and message."""
    if isinstance(result, BaseException):
        return (type(result).__name__, str(result), result.path, result.reason)
    return result


@pytest.mark.parametrize("jobs", [1, 2, None])
def test_convert_many_equals_convert(jobs):
    alone = {}
    for path in MIXED:
        try:
            alone[path] = nianbao.convert(path)
        except nianbao.ConversionError as e:
            alone[path] = e
    results = nianbao.convert_many(MIXED, jobs=jobs)
    assert len(results) == len(MIXED)
    seen = {}
    for path, result in results:
        assert path not in seen
        seen[path] = result
    assert len(results) == 0
    assert sorted(seen) == sorted(MIXED)
    for path in MIXED:
        assert outcome(seen[path]) == outcome(alone[path]), path
    assert isinstance(seen["testdata/no-such-file.pdf"], nianbao.ConversionError)
    assert seen["testdata/pdf/scan.pdf"]["status"] == "no-text"
    assert seen["testdata/pdf/no-unicode.pdf"]["status"] == "warnings"
    wait_for_no_workers()


def test_convert_many_keeps_the_objects_given():
    data = (TESTDATA / "docx/report-2021.docx").read_bytes()
    path = pathlib.Path("testdata/html/page-2021.html")
    given = [path, data, "testdata/no-such-file.pdf"]
    got = list(nianbao.convert_many(given, jobs=2))
    assert len(got) == 3
    assert sorted(map(id, (p for p, _ in got))) == sorted(map(id, given))
    by_id = {id(p): r for p, r in got}
    assert by_id[id(path)]["source"] == "testdata/html/page-2021.html"
    assert by_id[id(data)]["org"] == "清河县农业农村局"
    assert by_id[id(given[2])].path == "testdata/no-such-file.pdf"


def test_convert_many_of_nothing():
    assert list(nianbao.convert_many([])) == []
    assert list(nianbao.convert_many(iter([]), jobs=3)) == []


def test_convert_many_from_a_generator_in_finishing_order():
    paths = (p for p in MIXED[:4])
    assert sorted(p for p, _ in nianbao.convert_many(paths, jobs=2)) == sorted(MIXED[:4])


def test_early_drop_stops_the_workers():
    wait_for_no_workers()
    paths = MIXED * 40
    results = nianbao.convert_many(paths, jobs=2)
    first = next(results)
    assert first[0] in MIXED
    time.sleep(0.2)  # the workers fill what the consumer has not taken, then wait
    assert 0 < workers() <= 2
    del results
    gc.collect()
    wait_for_no_workers()


def test_close_and_context_manager():
    with nianbao.convert_many(MIXED * 10, jobs=2) as results:
        next(results)
        next(results)
    assert len(results) == 0
    assert list(results) == []
    wait_for_no_workers()
    results = nianbao.convert_many(MIXED, jobs=1)
    results.close()
    results.close()
    assert list(results) == []


def test_slow_consumer_gets_everything():
    results = nianbao.convert_many(MIXED * 3, jobs=2)
    taken = [next(results) for _ in range(3)]
    time.sleep(0.5)
    taken.extend(results)
    assert sorted(p for p, _ in taken) == sorted(MIXED * 3)


def interrupt_after(seconds: float) -> threading.Timer:
    timer = threading.Timer(seconds, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    return timer


@pytest.mark.skipif(signal.getsignal(signal.SIGINT) is not signal.default_int_handler, reason="SIGINT is not Python's")
def test_keyboard_interrupt_stops_a_long_wait():
    # A document of some seconds' work; its time limit bounds what goes on after the interrupt.
    big = (TESTDATA / "seeds/000_54cc634fc9fc9cf6.txt").read_bytes() * 1500
    runs = [
        lambda: nianbao.convert(big, timeout=2),
        lambda: next(nianbao.convert_many([big, big], jobs=1, timeout=2)),
    ]
    for run in runs:
        timer = interrupt_after(0.2)
        started = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            run()
        timer.join()
        assert time.monotonic() - started < 1.5
    results = nianbao.convert_many([big] * 4, jobs=2, timeout=2)
    timer = interrupt_after(0.2)
    with pytest.raises(KeyboardInterrupt):
        for _ in results:
            pass
    timer.join()
    assert len(results) == 0 and list(results) == []
    wait_for_no_workers()


# --- pandas ------------------------------------------------------------------------------------


def test_dataset_columns():
    columns = nianbao.dataset_columns()
    assert columns[:5] == ["source", "template", "org", "year", "t2.rules.issued"]
    assert "t2.fees.amount" in columns and "t2.procurement.amount" in columns
    assert len(columns) == len(set(columns))


def test_values_to_pandas():
    pd = pytest.importorskip("pandas")
    r = nianbao.convert("testdata/pdf/hechuan-2019.pdf")
    frame = nianbao.values_to_pandas(r)
    assert list(frame.columns) == ["key", "raw", "number", "row_label", "column_label", "page"]
    assert str(frame["number"].dtype) == "Float64"
    assert str(frame["page"].dtype) == "Int64"
    assert str(frame["key"].dtype) == "string"
    golden = pd.read_csv(
        TESTDATA / "golden/hechuan-2019/values.tsv", sep="\t", dtype=str, keep_default_na=False, quoting=csv.QUOTE_NONE
    )
    assert frame["key"].tolist() == golden["key"].tolist()
    assert frame["raw"].tolist() == golden["raw"].tolist()
    want = [float(n) if n else None for n in golden["number"]]
    assert [None if pd.isna(n) else n for n in frame["number"]] == want
    assert [None if pd.isna(p) else int(p) for p in frame["page"]] == [int(p) if p else None for p in golden["page"]]
    docx = nianbao.values_to_pandas(nianbao.convert("testdata/docx/report-2021.docx"))
    assert docx.set_index("key").loc["t2.fees.amount", "number"] == 12.5
    assert docx["page"].isna().all()


def test_dataset_to_pandas_types_and_rows():
    pd = pytest.importorskip("pandas")
    pairs = list(nianbao.convert_many(MIXED, jobs=2))
    finished = [p for p, _ in pairs]
    frame = nianbao.dataset_to_pandas(pairs)
    assert list(frame.columns) == nianbao.dataset_columns()
    # Left out: the failures, the scan and the PDF whose tables follow no template.
    rows = frame.set_index("source")
    assert list(rows.index) == [p for p in finished if p in RECOGNIZED]  # in the order they finished
    assert str(frame["t3.new.total"].dtype) == "Int64"
    assert str(frame["t2.fees.amount"].dtype) == "Float64"
    assert str(frame["year"].dtype) == "Int64"
    assert rows.loc["testdata/docx/report-2021.docx", "t3.new.total"] == 519
    assert rows.loc["testdata/docx/report-2021.docx", "t2.fees.amount"] == 12.5
    assert rows.loc["testdata/docx/report-2021.docx", "org"] == "清河县农业农村局"
    assert rows.loc["testdata/docx/report-2021.docx", "year"] == 2023
    # A 2021 report has no number for a key only the 2019 template has.
    assert pd.isna(rows.loc["testdata/docx/report-2021.docx", "t2.procurement.amount"])


@needs_cli
def test_dataset_to_pandas_equals_cli_dataset_tsv(tmp_path):
    pd = pytest.importorskip("pandas")
    out = tmp_path / "out"
    run = cli("convert", *MIXED[:-1], "-o", str(out), "-q")
    assert run.returncode == 1, run.stderr  # the password-protected PDF fails
    want = pd.read_csv(out / "dataset.tsv", sep="\t", dtype=str, keep_default_na=False, quoting=csv.QUOTE_NONE)
    results = [r for _, r in nianbao.convert_many(MIXED[:-1], jobs=2)]
    frame = nianbao.dataset_to_pandas(results)
    assert list(frame.columns) == list(want.columns)
    frame = frame.sort_values("source").reset_index(drop=True)
    want = want.sort_values("source").reset_index(drop=True)
    assert frame["source"].tolist() == want["source"].tolist()
    as_text = frame.astype(object).where(frame.notna(), "")
    for column in want.columns:
        got = [str(v) if not isinstance(v, float) else repr(v).removesuffix(".0") for v in as_text[column]]
        assert got == want[column].tolist(), column


@needs_cli
def test_files_the_cli_wrote_read_back_typed(tmp_path):
    pd = pytest.importorskip("pandas")
    out = tmp_path / "out"
    run = cli("convert", *MIXED[:-1], "-o", str(out), "-q", "--format", "csv")
    assert run.returncode == 1, run.stderr  # the password-protected PDF fails
    frame = nianbao.read_dataset(out / "dataset.tsv")
    assert list(frame.columns) == nianbao.dataset_columns()
    assert str(frame["t3.new.total"].dtype) == "Int64"
    assert str(frame["t2.fees.amount"].dtype) == "Float64"
    assert str(frame["year"].dtype) == "Int64"
    assert str(frame["org"].dtype) == "string"
    rows = frame.set_index("source")
    assert rows.loc["testdata/docx/report-2021.docx", "t3.new.total"] == 519
    assert rows.loc["testdata/docx/report-2021.docx", "t2.fees.amount"] == 12.5
    assert pd.isna(rows.loc["testdata/docx/report-2021.docx", "t2.procurement.amount"])
    # The CSV reads to the same frame.
    pd.testing.assert_frame_equal(nianbao.read_dataset(out / "dataset.csv"), frame)
    # The same types as from the results themselves.
    results = [r for _, r in nianbao.convert_many(MIXED[:-1], jobs=2)]
    expected = nianbao.dataset_to_pandas(results).sort_values("source").reset_index(drop=True)
    pd.testing.assert_frame_equal(frame.sort_values("source").reset_index(drop=True), expected)

    values = nianbao.read_values(out / "report-2021" / "values.tsv")
    assert str(values["number"].dtype) == "Float64" and str(values["page"].dtype) == "Int64"
    pd.testing.assert_frame_equal(values, nianbao.values_to_pandas(nianbao.convert("testdata/docx/report-2021.docx")))
