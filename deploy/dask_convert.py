#!/usr/bin/env python3
"""Converts documents on a Dask cluster with the nianbao Python package and writes one table.

    python deploy/dask_convert.py DOCS_DIR -o OUT                        # a local cluster, one worker per core
    python deploy/dask_convert.py --files-from list.txt -0 -o OUT --scheduler tcp://head:8786

Each worker calls ``nianbao.convert`` on its share of the documents and sends back only rows of
text, never the documents' dicts, so the client's memory and the network carry a few kilobytes
a document. Writes, as the partitions finish (so in no particular order: ``sort`` them when the
order matters):

- ``OUT/dataset.tsv``: the columns of the command line's ``dataset.tsv`` (source, template, org,
  year and every canonical key), one row per recognized report;
- ``OUT/status.tsv``: ``source``, ``status`` and ``message`` for every input, ``failed`` ones
  included.

Why Dask and not Ray: both install from PyPI here, but ``dask[distributed]`` is about 70 MB of
pure-Python wheels in a virtual environment where ``ray[data]`` is over 600 MB with its own
binaries, and this job needs only a scheduler handing out lists of paths, which Dask's
futures do. The paths must resolve on every worker (a shared file system mounted at the same
place), like the command line's ``--files-from`` lists.

Needs ``pip install 'dask[distributed]'`` and the nianbao package (``pip install ./python``)
on the client and on every worker.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path
from typing import List, Optional, Tuple

# What the command line takes when it searches a folder (README, "When a folder is searched").
ENDINGS = {".pdf", ".docx", ".doc", ".wps", ".html", ".htm", ".shtml", ".xhtml", ".txt", ".md", ".text"}


def field(text: str) -> str:
    # As nianbao writes a TSV field: a run of tabs and line breaks becomes one space.
    return re.sub(r"[\t\n\r]+", " ", text)


def find_documents(folder: str) -> List[str]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            os.path.join(root, f)
            for f in sorted(files)
            if not f.startswith(".") and os.path.splitext(f)[1].lower() in ENDINGS
        )
    return found


def convert_part(paths: List[str], limit: float, password: Optional[str] = None) -> Tuple[List[str], List[str]]:
    """Runs on a worker: converts `paths` one by one, returns (dataset lines, status lines).
    `password` opens password-protected PDFs (tried after the empty one, as the command line's
    --password)."""
    import nianbao

    keys = nianbao.dataset_columns()[4:]
    dataset, status = [], []
    for path in paths:
        try:
            report = nianbao.convert(path, timeout=limit, password=password)
        except nianbao.ConversionError as error:
            status.append("\t".join([field(path), "failed", field(str(error))]) + "\n")
            continue
        status.append("\t".join(field(report[k]) for k in ("source", "status", "message")) + "\n")
        if report["template"] is None:
            continue  # no template table recognized: no dataset row, as in dataset.tsv
        numbers = {v["key"]: v["number"] for v in report["values"]}
        year = "" if report["year"] is None else str(report["year"])
        row = [report["source"], str(report["template"]), report["org"] or "", year]
        row += [numbers.get(k) or "" for k in keys]
        dataset.append("\t".join(field(f) for f in row) + "\n")
    return dataset, status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="documents, or folders searched recursively")
    parser.add_argument("--files-from", metavar="LIST", help="more inputs from LIST, one path a line (- for stdin)")
    parser.add_argument("-0", "--null", action="store_true", help="the list's paths end with NUL (find -print0)")
    parser.add_argument("-o", "--output", default="nianbao-dask", help="output folder (default: nianbao-dask)")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler (default: a local cluster)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="local cluster's worker processes")
    parser.add_argument("--partition", type=int, help="documents per task (default: 50, fewer for small batches)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds allowed to one document (0: none)")
    parser.add_argument(
        "--password-file",
        metavar="FILE",
        help="the password of password-protected PDFs: the first line of FILE (sent to the workers with each task)",
    )
    args = parser.parse_args()

    paths: List[str] = []
    for p in args.paths:
        paths.extend(find_documents(p) if os.path.isdir(p) else [p])
    if args.files_from:
        raw = sys.stdin.buffer.read() if args.files_from == "-" else Path(args.files_from).read_bytes()
        sep = b"\0" if args.null else b"\n"
        paths.extend(os.fsdecode(p) for p in raw.split(sep) if p)
    paths = list(dict.fromkeys(paths))  # a path given twice is one input
    password = None
    if args.password_file:
        try:
            with open(args.password_file, encoding="utf-8") as f:
                password = f.readline().rstrip("\r\n")
        except OSError as error:
            parser.error(f"cannot read the password file {args.password_file}: {error.strerror}")
    if not paths:
        parser.error("no inputs: give documents, folders or --files-from LIST")

    from dask.distributed import Client, LocalCluster, as_completed

    if args.scheduler:
        client = Client(args.scheduler)
    else:
        # One single-threaded process per core: nianbao.convert runs off the GIL, but building
        # each result's dict does not, so processes scale where threads of one process would not.
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)

    import nianbao

    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    # Tasks of 50 documents keep the scheduler's load small at a million documents; a small batch
    # is cut finer, so that every worker gets a few tasks and none waits for a slow one.
    workers = max(1, len(client.scheduler_info()["workers"]))
    size = args.partition or max(1, min(50, -(-len(paths) // (4 * workers))))
    parts = [paths[i : i + size] for i in range(0, len(paths), size)]
    started = time.monotonic()
    counts: dict = {}
    with open(out / "dataset.tsv", "w", encoding="utf-8", newline="") as dataset, open(
        out / "status.tsv", "w", encoding="utf-8", newline=""
    ) as status:
        dataset.write("\t".join(nianbao.dataset_columns()) + "\n")
        status.write("source\tstatus\tmessage\n")
        futures = client.map(convert_part, parts, limit=args.timeout or None, password=password, pure=False)
        for future in as_completed(futures):
            rows, states = future.result()
            future.release()  # the rows are written: the scheduler may forget them
            dataset.writelines(rows)
            status.writelines(states)
            for line in states:
                state = line.split("\t", 2)[1]
                counts[state] = counts.get(state, 0) + 1
    seconds = time.monotonic() - started
    client.close()
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    print(
        f"{len(paths)} documents in {seconds:.1f} s ({len(paths) / seconds:.1f} docs/s): {summary}; wrote {out}/dataset.tsv and status.tsv",
        file=sys.stderr,
    )
    return 1 if counts.get("failed") else 0


if __name__ == "__main__":
    sys.exit(main())
