#!/usr/bin/env bash
# The Python package's CI: on a machine with Python 3.9+ (with its venv module) and a Rust
# toolchain, creates a virtual environment, installs pytest, pandas and dask[distributed] (for
# the Dask recipe of deploy/), builds and installs the package as a user would (`pip install
# ./python`, maturin fetched by pip), builds the command line if it is not built yet (the tests
# compare the package with it), and runs the tests.
#
#   python/ci.sh               # from anywhere
#
# PYTHON chooses the interpreter (default python3); NIANBAO_BIN an already built `nianbao`
# binary to compare with; NIANBAO_CI_PANDAS=0 leaves pandas out and NIANBAO_CI_DASK=0 dask (their
# tests are then skipped).
# The virtual environment is python/target/venv, made anew each run; the Rust build is kept in
# python/target, so a second run only builds what changed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
python="${PYTHON:-python3}"
venv="$here/target/venv"

"$python" -c 'import sys; sys.exit(sys.version_info < (3, 9))' || {
  echo "python/ci.sh: Python 3.9 or newer is needed ($python is $("$python" -V 2>&1))" >&2
  exit 1
}
command -v cargo >/dev/null || { echo "python/ci.sh: cargo is not installed" >&2; exit 1; }

mkdir -p "$here/target"
"$python" -m venv --clear "$venv" || {
  echo "python/ci.sh: cannot create a virtual environment (on Debian: apt-get install python3-venv)" >&2
  exit 1
}
pip=("$venv/bin/python" -m pip --disable-pip-version-check)
packages=(pytest)
[ "${NIANBAO_CI_PANDAS:-1}" = 0 ] || packages+=(pandas)
[ "${NIANBAO_CI_DASK:-1}" = 0 ] || packages+=('dask[distributed]')
"${pip[@]}" install --quiet "${packages[@]}"
"${pip[@]}" install --quiet "$here"

if [ -z "${NIANBAO_BIN:-}" ]; then
  # After `cargo test` this is already built and takes a second.
  (cd "$repo" && cargo build --quiet --locked --bin nianbao)
  target="${CARGO_TARGET_DIR:-target}"
  case $target in /*) ;; *) target="$repo/$target" ;; esac
  NIANBAO_BIN="$target/debug/nianbao"
fi
export NIANBAO_BIN

# From the repository's root: the tests name the fixtures relative to it, and the source folder
# python/nianbao (which lacks the built extension) must not shadow the installed package.
cd "$repo"
"$venv/bin/python" -m pytest -q python/tests
