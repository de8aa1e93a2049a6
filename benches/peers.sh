#!/usr/bin/env bash
# Table extraction side by side: pdfplumber and camelot (in a virtual environment this script
# makes) against nianbao, on the text-layer PDFs of the corpus that have truth. Run by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV:-/tmp/nianbao-peers}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q pdfplumber camelot-py opencv-python-headless
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
truth="$work/truth"
mkdir -p "$truth"
pdfs=()
for t in ../shared/corpus/sample/truth/*.values.tsv ../shared/corpus/real/truth/r00*.values.tsv; do
  id=$(basename "$t" .values.tsv)
  grep -q $'^_text_layer\tfalse' "$t" && continue
  for dir in ../shared/corpus/sample/docs ../shared/corpus/real/docs; do
    [ -f "$dir/$id.pdf" ] && pdfs+=("$dir/$id.pdf") && cp "$t" "$truth/"
  done
done
SCORE=../shared/corpus/score.py "$venv/bin/python" benches/peers.py "$work/out" "$truth" "${pdfs[@]}"
