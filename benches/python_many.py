#!/usr/bin/env python3
"""The Python package's batch against the command line's, on the same documents.

    python benches/python_many.py NIANBAO_BIN [-n DOCS] [-j JOBS] [-r RUNS] [DIR...]

Replicates the documents under DIR... (default: the corpus sample beside the project when it is
there, else the fixtures in testdata/) into DOCS files (default 1,000) in a scratch folder, then
times `nianbao.convert_many(paths, jobs=JOBS)` (every result taken, as dicts) and
`NIANBAO_BIN convert SCRATCH -o OUT -j JOBS` (OUT in memory, /dev/shm where there is one, made
anew each run so that no folder is reused). Prints documents per second for both, each the
fastest of RUNS runs (default 3), taken in turns: a shared machine's neighbours only ever slow a
run down.

The package must be installed in the interpreter that runs this (`pip install ./python`).
The command line writes about ten files per document; the package builds Python dicts and
writes nothing.
"""

from __future__ import annotations

import argparse
import collections
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

import nianbao

ROOT = pathlib.Path(__file__).resolve().parents[1]
SAMPLE = ROOT.parent / "shared" / "corpus" / "sample" / "docs"
FIXTURES = [ROOT / "testdata" / d for d in ("docx", "html", "pdf", "seeds")]
ENDINGS = {".pdf", ".docx", ".html", ".htm", ".txt"}


def documents(dirs: list[pathlib.Path]) -> list[pathlib.Path]:
    found = [p for d in dirs for p in sorted(d.rglob("*")) if p.is_file() and p.suffix.lower() in ENDINGS]
    if not found:
        sys.exit(f"no documents under {', '.join(map(str, dirs))}")
    return found


def replicate(sources: list[pathlib.Path], count: int, into: pathlib.Path) -> list[str]:
    paths = []
    for i in range(count):
        source = sources[i % len(sources)]
        path = into / f"{i:06d}-{source.name}"
        shutil.copyfile(source, path)
        paths.append(str(path))
    return paths


def timed(once) -> tuple[float, object]:
    started = time.perf_counter()
    what = once()
    return time.perf_counter() - started, what


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cli", help="the nianbao binary (cargo build --release: target/release/nianbao)")
    parser.add_argument("dirs", nargs="*", type=pathlib.Path, help="folders of documents to replicate")
    parser.add_argument("-n", "--docs", type=int, default=1000)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("-r", "--runs", type=int, default=3)
    args = parser.parse_args()
    dirs = args.dirs or ([SAMPLE] if SAMPLE.is_dir() else FIXTURES)
    sources = documents(dirs)
    memory = pathlib.Path("/dev/shm")
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as scratch, tempfile.TemporaryDirectory(
        prefix="nianbao-bench-out-", dir=memory if memory.is_dir() else None
    ) as outs:
        inputs = pathlib.Path(scratch) / "in"
        inputs.mkdir()
        paths = replicate(sources, args.docs, inputs)
        kinds = collections.Counter(pathlib.Path(p).suffix for p in paths)
        print(
            f"{len(paths)} documents from {len(sources)} in {', '.join(map(str, dirs))} "
            f"({', '.join(f'{n} {k[1:]}' for k, n in sorted(kinds.items()))}); "
            f"{args.jobs} workers, fastest of {args.runs} runs; nianbao {nianbao.__version__}"
        )

        def python_batch():
            statuses: collections.Counter = collections.Counter()
            for _, result in nianbao.convert_many(paths, jobs=args.jobs):
                statuses["failed" if isinstance(result, nianbao.ConversionError) else result["status"]] += 1
            return statuses

        run_number = iter(range(1_000_000))

        def cli_batch():
            out = pathlib.Path(outs) / f"run-{next(run_number)}"
            done = subprocess.run(
                [args.cli, "convert", str(inputs), "-o", str(out), "-j", str(args.jobs), "-q"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            if done.returncode not in (0, 1):
                sys.exit(f"{args.cli} failed ({done.returncode}): {done.stderr}")
            statuses = collections.Counter(
                line.split("\t")[1] for line in (out / "summary.tsv").read_text(encoding="utf-8").splitlines()[1:]
            )
            shutil.rmtree(out)
            return statuses

        # Taken in turns, so that what else the machine does weighs on both alike.
        py_seconds = cli_seconds = float("inf")
        for _ in range(args.runs):
            seconds, py_statuses = timed(python_batch)
            py_seconds = min(py_seconds, seconds)
            seconds, cli_statuses = timed(cli_batch)
            cli_seconds = min(cli_seconds, seconds)
        if py_statuses != cli_statuses:
            print(f"statuses differ: python {dict(py_statuses)}, command line {dict(cli_statuses)}", file=sys.stderr)
        print(f"statuses: {', '.join(f'{n} {s}' for s, n in sorted(py_statuses.items()))}")
        where = "memory" if memory.is_dir() else "disk"
        print(f"{'nianbao.convert_many (dicts)':<42} {py_seconds:7.2f} s  {len(paths) / py_seconds:8.1f} docs/s")
        print(
            f"{'nianbao convert -o OUT (' + where + ')':<42} {cli_seconds:7.2f} s  {len(paths) / cli_seconds:8.1f} docs/s"
        )
        sys.exit(1 if py_statuses != cli_statuses else 0)


if __name__ == "__main__":
    main()
