#!/usr/bin/env bash
# Peak memory on one large PDF: copies of a document joined into one file (qpdf), converted by
# nianbao and by `pdftotext -layout`, with the file's size and pages beside each peak.
#
#   benches/memory.sh [-c COPIES] [PDF...]
#
# Default: 10, 20 and 40 copies of the corpus's largest real PDF. Run by hand; needs qpdf,
# poppler-utils and GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."

counts=(10 20 40)
while getopts "c:" opt; do
  case $opt in
    c) counts=("$OPTARG") ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
pdfs=("$@")
[ ${#pdfs[@]} -gt 0 ] || pdfs=("$(ls -S ../shared/corpus/real/docs/*.pdf | head -1)")

for tool in qpdf pdftotext pdfinfo; do
  command -v $tool >/dev/null || { echo "$tool is missing: apt-get install qpdf poppler-utils" >&2; exit 1; }
done
cargo build --release --quiet

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
peak() { # command... -> peak resident MiB
  /usr/bin/time -f "%M" -o "$scratch/rss" "$@" >/dev/null 2>&1 || true
  awk '{ printf "%.1f", $1 / 1024 }' "$scratch/rss"
}
printf "%-24s %6s %9s %8s %14s %14s\n" document copies "size MiB" pages "nianbao MiB" "pdftotext MiB"
for pdf in "${pdfs[@]}"; do
  for n in "${counts[@]}"; do
    # Each copy under its own name, so qpdf keeps its objects apart instead of sharing them.
    parts=()
    for ((i = 0; i < n; i++)); do
      cp "$pdf" "$scratch/part$i.pdf"
      parts+=("$scratch/part$i.pdf")
    done
    qpdf --empty --pages "${parts[@]}" -- "$scratch/joined.pdf"
    rm -f "${parts[@]}"
    size=$(stat -c %s "$scratch/joined.pdf")
    pages=$(pdfinfo "$scratch/joined.pdf" | awk '/^Pages:/ {print $2}')
    rm -rf "$scratch/out"
    ours=$(peak target/release/nianbao convert "$scratch/joined.pdf" -o "$scratch/out")
    theirs=$(peak pdftotext -layout "$scratch/joined.pdf" /dev/null)
    printf "%-24s %6d %9.1f %8d %14s %14s\n" "$(basename "$pdf")" "$n" "$(echo "$size / 1048576" | bc -l)" "$pages" "$ours" "$theirs"
  done
done
