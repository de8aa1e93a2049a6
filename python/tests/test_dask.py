"""The Dask recipe (deploy/dask_convert.py) on a local cluster of two worker processes, against
one `nianbao convert` run over the same inputs.

Needs dask[distributed] (python/ci.sh installs it; without it the test is skipped) and
NIANBAO_BIN naming a built `nianbao` binary.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
CLI = os.environ.get("NIANBAO_BIN")
INPUTS = ["testdata/docx", "testdata/html", "testdata/pdf", "testdata/seeds", "testdata/broken"]

distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed")


def rows(path: pathlib.Path) -> tuple:
    header, *body = path.read_text(encoding="utf-8").splitlines(keepends=True)
    return header, sorted(body)


def run(command: list) -> subprocess.CompletedProcess:
    # Scans are left unread: OCR would only make the test slow, not different.
    env = dict(os.environ, NIANBAO_OCR="off")
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.skipif(not CLI, reason="NIANBAO_BIN does not name a nianbao binary")
@pytest.mark.parametrize("password", [None, "年报-2019"])
def test_a_local_cluster_gives_the_command_lines_dataset(tmp_path, password):
    given = []
    if password:
        (tmp_path / "password").write_text(password + "\n", encoding="utf-8")
        given = ["--password-file", str(tmp_path / "password")]
    dask = run([sys.executable, "deploy/dask_convert.py", *INPUTS, "-o", str(tmp_path / "dask"), "--workers", "2", *given])
    # The password-protected PDFs of testdata/broken fail, so both exit 1.
    assert dask.returncode == 1, dask.stderr
    cli = run([CLI, "convert", *INPUTS, "-o", str(tmp_path / "cli"), "-q", *given])
    assert cli.returncode == 1, cli.stderr

    header, dataset = rows(tmp_path / "dask" / "dataset.tsv")
    assert (header, dataset) == rows(tmp_path / "cli" / "dataset.tsv")
    assert len(dataset) >= 10

    _, status = rows(tmp_path / "dask" / "status.tsv")
    _, summary = rows(tmp_path / "cli" / "summary.tsv")
    as_status = sorted("\t".join(line.split("\t")[:2]) for line in status)
    as_summary = sorted("\t".join(line.split("\t")[:2]) for line in summary)
    assert as_status == as_summary
    assert "testdata/broken/password-protected.pdf\tfailed" in as_status
    opened = "testdata/broken/hechuan-2019-aes256.pdf\t" + ("ok" if password else "failed")
    assert opened in as_status
    last = dask.stderr.strip().splitlines()[-1]
    assert last.startswith(f"{len(as_status)} documents in "), last
