#!/usr/bin/env bash
# Batch benchmark: nianbao over a mixed batch, and `pdftotext -layout` over its PDFs, in one run.
#
#   benches/batch.sh [-j N] [-n COPIES] [-r RUNS] DIR...
#
# Gathers the documents under DIR... (default: the corpus beside the project and testdata/),
# replicates them COPIES times (default 1) into a scratch folder, then times `nianbao convert`
# over the folder and `pdftotext -layout` over every PDF of it (one process per file), each
# with 1 and with N workers (default: the cores). Prints documents/s, pages/s, peak memory and
# the speed-up from 1 to N workers. Each figure is the fastest of RUNS runs (default 3), as a
# shared machine's neighbours only ever slow a run down.
#
# nianbao writes a folder of files per document and pdftotext writes nothing (/dev/null), so
# nianbao runs twice at each worker count: writing to the scratch folder's disk, and writing
# to memory (/dev/shm), which shows what the conversion itself costs apart from the disk's.
# Run by hand; needs poppler-utils and GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=$(nproc)
copies=1
runs=3
while getopts "j:n:r:" opt; do
  case $opt in
    j) jobs=$OPTARG ;;
    n) copies=$OPTARG ;;
    r) runs=$OPTARG ;;
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
echo "$n documents ($pdfs PDFs of $pages pages), 1 and $jobs workers, fastest of $runs runs"

measure() { # label, documents, output folder to clear before each run ("" for none), command...
  local label=$1 docs=$2 out=$3
  shift 3
  local start end t rss best="" best_rss=0
  for ((r = 0; r < runs; r++)); do
    [ -z "$out" ] || rm -rf "$out"
    start=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$scratch/rss" "$@" >/dev/null 2>"$scratch/err" || true
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc -l)
    rss=$(tail -1 "$scratch/rss")
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    [ "$rss" -le "$best_rss" ] || best_rss=$rss
  done
  [ -z "$out" ] || rm -rf "$out"
  elapsed=$best
  awk -v l="$label" -v t="$best" -v d="$docs" -v p="$pages" -v r="$best_rss" \
    'BEGIN { printf "%-40s %7.2f s  %8.1f docs/s  %9.1f PDF pages/s  peak %6.1f MiB\n", l, t, d / t, p / t, r / 1024 }'
}

mkdir -p "$scratch/pdf"
ln "$scratch"/in/*.pdf "$scratch/pdf/"
memory=/dev/shm
[ -d "$memory" ] && [ -w "$memory" ] || memory=""
declare -A seconds
for j in 1 "$jobs"; do
  for what in all PDFs; do
    [ $what = all ] && src="$scratch/in" docs=$n || src="$scratch/pdf" docs=$pdfs
    out="$scratch/out"
    measure "nianbao convert ($what) -j $j" "$docs" "$out" target/release/nianbao convert "$src" -o "$out" -j "$j"
    seconds[nianbao-$what-$j]=$elapsed
    if [ -n "$memory" ]; then
      out=$(mktemp -d "$memory/nianbao-bench.XXXXXX")
      measure "nianbao convert ($what) -j $j, to memory" "$docs" "$out" target/release/nianbao convert "$src" -o "$out" -j "$j"
      seconds[memory-$what-$j]=$elapsed
    fi
  done
  measure "pdftotext -layout (PDFs) -j $j" "$pdfs" "" bash -c "ls '$scratch'/pdf/*.pdf | xargs -P $j -I{} pdftotext -layout {} /dev/null"
  seconds[pdftotext-$j]=$elapsed
  [ "$jobs" -gt 1 ] || break
done
echo "(pdftotext peak memory is that of the xargs tree's largest process)"
if [ "$jobs" -gt 1 ]; then
  echo "speed-up from 1 to $jobs workers:"
  for key in nianbao-all nianbao-PDFs memory-all memory-PDFs pdftotext; do
    [ -n "${seconds[$key-1]:-}" ] || continue
    awk -v k="$key" -v a="${seconds[$key-1]}" -v b="${seconds[$key-$jobs]}" 'BEGIN { printf "  %-14s %.2fx\n", k, a / b }'
  done
fi
