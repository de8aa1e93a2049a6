#!/usr/bin/env bash
# Batch benchmark: nianbao over a mixed batch, and `pdftotext -layout` over its PDFs, in one run.
#
#   benches/batch.sh [-j N] [-n COPIES] DIR...
#
# Gathers the documents under DIR... (default: the corpus beside the project and testdata/),
# replicates them COPIES times (default 1) into a scratch folder, then times `nianbao convert`
# over the folder and `pdftotext -layout` over every PDF of it, one process per file run N at
# a time. Prints documents/s, pages/s and peak memory for both. Run by hand; needs
# poppler-utils and GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=$(nproc)
copies=1
while getopts "j:n:" opt; do
  case $opt in
    j) jobs=$OPTARG ;;
    n) copies=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=(../shared/corpus/real/docs ../shared/corpus/sample/docs testdata/docx testdata/html testdata/pdf testdata/seeds)

command -v pdftotext >/dev/null || { echo "pdftotext is missing: apt-get install poppler-utils" >&2; exit 1; }
cargo build --release --quiet

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/in"
n=0
for dir in "${dirs[@]}"; do
  while IFS= read -r -d '' pdf; do
    for ((c = 0; c < copies; c++)); do
      n=$((n + 1))
      cp "$pdf" "$scratch/in/$(printf '%06d' "$n")-$(basename "$pdf")"
    done
  done < <(find "$dir" -type f \( -name '*.pdf' -o -name '*.docx' -o -name '*.html' -o -name '*.txt' \) -print0 | sort -z)
done
pages=0
pdfs=0
for pdf in "$scratch"/in/*.pdf; do
  p=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
  pages=$((pages + ${p:-0}))
  pdfs=$((pdfs + 1))
done
echo "$n documents ($pdfs PDFs of $pages pages), $jobs workers"

measure() { # label, documents, command...
  local label=$1 docs=$2
  shift 2
  local start end rss
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$scratch/rss" "$@" >/dev/null 2>"$scratch/err" || true
  end=$(date +%s.%N)
  rss=$(tail -1 "$scratch/rss")
  awk -v l="$label" -v s="$start" -v e="$end" -v d="$docs" -v p="$pages" -v r="$rss" \
    'BEGIN { t = e - s; printf "%-26s %7.2f s  %8.1f docs/s  %9.1f PDF pages/s  peak %6.1f MiB\n", l, t, d / t, p / t, r / 1024 }'
}

measure "nianbao convert (all)" "$n" target/release/nianbao convert "$scratch/in" -o "$scratch/out" -j "$jobs"
mkdir -p "$scratch/pdf"
ln "$scratch"/in/*.pdf "$scratch/pdf/"
measure "nianbao convert (PDFs)" "$pdfs" target/release/nianbao convert "$scratch/pdf" -o "$scratch/out-pdf" -j "$jobs"
measure "pdftotext -layout (PDFs)" "$pdfs" bash -c "ls '$scratch'/pdf/*.pdf | xargs -P $jobs -I{} pdftotext -layout {} /dev/null"
echo "(pdftotext peak memory is that of the xargs tree's largest process)"
