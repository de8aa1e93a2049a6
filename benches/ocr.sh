#!/usr/bin/env bash
# OCR cost: CPU seconds per scanned page, and the batch speed of text-layer PDFs with OCR on
# and off (a page with a text layer never reaches the recognizer, so the two should match).
#
#   benches/ocr.sh [SCANS_DIR] [TEXT_PDFS_DIR]
#
# SCANS_DIR defaults to the corpus sample's scans (documents whose truth says
# `_text_layer false`), TEXT_PDFS_DIR to the sample's other PDFs. Runs nianbao with one worker
# so that CPU time is the work of one page after another. Run by hand; needs Tesseract
# (tesseract-ocr, tesseract-ocr-chi-sim) and GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
sample=../shared/corpus/sample
bin=target/release/nianbao
cargo build --release --quiet
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

scans=${1:-}
texts=${2:-}
if [ -z "$scans" ] || [ -z "$texts" ]; then
  mkdir -p "$scratch/scans" "$scratch/texts"
  for truth in "$sample"/truth/*.values.tsv; do
    id=$(basename "$truth" .values.tsv)
    [ -f "$sample/docs/$id.pdf" ] || continue
    if grep -q $'^_text_layer\tfalse' "$truth"; then
      ln -s "$(realpath "$sample/docs/$id.pdf")" "$scratch/scans/"
    else
      ln -s "$(realpath "$sample/docs/$id.pdf")" "$scratch/texts/"
    fi
  done
  scans=${scans:-$scratch/scans}
  texts=${texts:-$scratch/texts}
fi

# CPU seconds (user + system) and wall seconds of one run, then the pages it read.
measure() {
  local out=$1; shift
  rm -rf "$out"
  /usr/bin/time -f "%U %S %e" -o "$scratch/time" "$@" -o "$out" -j 1 -q || true
  read -r user sys wall < "$scratch/time"
  pages=$(awk -F'\t' 'NR > 1 { n += $4 } END { print n }' "$out/summary.tsv")
  echo "$user $sys $wall $pages"
}

read -r user sys wall pages < <(measure "$scratch/o1" "$bin" convert "$scans")
awk -v u="$user" -v s="$sys" -v w="$wall" -v p="$pages" 'BEGIN {
  printf "scans: %d pages, %.1f s CPU, %.2f s CPU per page, %.1f s wall at -j 1\n", p, u + s, (u + s) / p, w }'
for setting in on off; do
  if [ "$setting" = off ]; then export NIANBAO_OCR=off; fi
  read -r user sys wall pages < <(measure "$scratch/o2" "$bin" convert "$texts")
  awk -v u="$user" -v s="$sys" -v w="$wall" -v p="$pages" -v o="$setting" 'BEGIN {
    printf "text-layer PDFs, OCR %s: %d pages, %.2f s CPU, %.0f pages/s at -j 1\n", o, p, u + s, p / w }'
done
