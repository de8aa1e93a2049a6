#!/usr/bin/env bash
# Scores nianbao on `pdftotext -layout` dumps of the sample corpus's PDFs against the same
# truth as the PDFs themselves. Needs poppler-utils (pdftotext) and python3.
#   benches/layout_dumps.sh [CORPUS_DIR]
set -euo pipefail
corpus=${1:-../shared/corpus/sample}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/docs"
for pdf in "$corpus"/docs/*.pdf; do
    pdftotext -layout "$pdf" "$work/docs/$(basename "${pdf%.pdf}").txt"
done
cargo build --release -q
target/release/nianbao convert "$work/docs" -o "$work/out" --force >/dev/null
python3 "$corpus/../score.py" "$corpus/truth" "$work/out" | grep -E '^style pdf|values right' || true
python3 benches/section_text.py "$corpus/truth" "$work/out" --formats pdf | tail -1
