#!/usr/bin/env bash
# Scale benchmark: a list of up to 100,000 documents converted (a) by one run and (b) by four
# shards of deploy/shard.sh running at once and merged with `nianbao merge`, as a distributed
# engine would run them, on this machine.
#
#   benches/scale.sh [-n COUNT] [-d SCRATCH] [-k]
#
# Replicates the documents of ../shared/corpus/real/docs and ../shared/corpus/sample/docs by
# hard links (no disk for the inputs) into SCRATCH (default: a new folder under $TMPDIR or /tmp)
# up to COUNT documents (default 100000), builds a NUL-separated list of them, then times:
#   (a) `nianbao convert --files-from LIST -0 -o single -j CORES`;
#   (b) deploy/shard.sh K for K = 0..3 of 4 at once, each with -j CORES/4 (at least 1), then
#       `nianbao merge part-0..part-3 -o merged`;
#   (c) one run with `--write values --compact`, the smallest output a dataset needs.
# Prints wall time and docs/s, each process's peak memory (GNU time), bytes written per
# document (apparent size and disk blocks) and files per document, and whether merged's
# summary.tsv (without its `seconds` column, the one field that differs between runs) and
# dataset.tsv equal the single run's (cmp). Parts of this that the binary cannot do yet
# (`nianbao merge`, `--write`/`--compact`) are named and skipped.
#
# Scans are left to their no-text status (NIANBAO_OCR=off): OCR costs seconds a page and would
# measure Tesseract, not the batch. Before replicating, a run over the unique documents gives
# the bytes a document takes; COUNT is lowered when the output would need more than 80% of the
# free disk (the single run's document folders are removed before the shards run, so at most
# the shards' parts and the merged copy exist at once). -k keeps SCRATCH.
# Run by hand; needs GNU time (apt-get install time) and python3. NIANBAO chooses the binary (default
# target/release/nianbao, built when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

count=100000
scratch=
keep=0
while getopts "n:d:k" opt; do
  case $opt in
    n) count=$OPTARG ;;
    d) scratch=$OPTARG ;;
    k) keep=1 ;;
    *) echo "usage: benches/scale.sh [-n COUNT] [-d SCRATCH] [-k]" >&2; exit 2 ;;
  esac
done
case $count in '' | *[!0-9]* | 0) echo "scale.sh: -n needs a positive count" >&2; exit 2 ;; esac
[ -x /usr/bin/time ] || { echo "scale.sh: GNU time is missing: apt-get install time" >&2; exit 2; }

bin=${NIANBAO:-$repo/target/release/nianbao}
if [ ! -x "$bin" ]; then
  cargo build --release --quiet --bin nianbao
fi
export NIANBAO=$bin NIANBAO_OCR=off
sources=(../shared/corpus/real/docs ../shared/corpus/sample/docs)

if [ -z "$scratch" ]; then
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/nianbao-scale.XXXXXX")
else
  mkdir -p "$scratch"
  scratch=$(cd "$scratch" && pwd)
fi
if [ "$keep" = 1 ]; then echo "scratch: $scratch (kept)"; else trap 'rm -rf "$scratch"' EXIT; fi

cores=$(nproc)
per_shard=$((cores / 4))
[ "$per_shard" -ge 1 ] || per_shard=1
has_merge=0
"$bin" merge --help >/dev/null 2>&1 && has_merge=1
has_compact=0
"$bin" convert --help 2>/dev/null | grep -q -- '--compact' && "$bin" convert --help | grep -q -- '--write' && has_compact=1

mapfile -d '' unique < <(find "${sources[@]}" -type f \( -name '*.pdf' -o -name '*.docx' -o -name '*.html' -o -name '*.txt' \) -print0 | sort -z)
[ ${#unique[@]} -gt 0 ] || { echo "scale.sh: no documents under ${sources[*]}" >&2; exit 2; }

# Bytes per document from the unique documents, to size COUNT to the disk.
"$bin" convert -q -j "$cores" -o "$scratch/pilot" "${unique[@]}" || true
pilot_bytes=$(du -s --block-size=1 "$scratch/pilot" | cut -f1)
rm -rf "$scratch/pilot"
per_doc=$((pilot_bytes / ${#unique[@]} + 1))
free=$(($(df --output=avail --block-size=1 "$scratch" | tail -1)))
# The shards' parts and a merged copy at once, plus a tenth for summary files and slack.
fits=$((free * 8 / 10 / (per_doc * 22 / 10)))
if [ "$count" -gt "$fits" ]; then
  echo "scale.sh: $count documents need about $((count * per_doc * 22 / 10 / 1048576)) MiB; $((free / 1048576)) MiB free: using $fits" >&2
  count=$fits
fi

# Hard links (os.link: a fork per file would take minutes at 100,000) need the scratch folder
# on the corpus's file system; copies are the fallback. A thousand documents a folder, each
# name unique, so no two inputs ask for one output folder whatever the shards hold.
list=$scratch/list
link=$(printf '%s\0' "${unique[@]}" | python3 -c '
import os, shutil, sys
scratch, count = sys.argv[1], int(sys.argv[2])
unique = [p for p in sys.stdin.buffer.read().split(b"\0") if p]
how = "hard links"
with open(os.path.join(scratch, "list"), "wb") as out:
    for i in range(count):
        src = unique[i % len(unique)]
        folder = os.path.join(scratch.encode(), b"in", b"%03d" % (i // 1000))
        if i % 1000 == 0:
            os.makedirs(folder, exist_ok=True)
        dst = os.path.join(folder, b"%06d-" % i + os.path.basename(src))
        try:
            os.link(src, dst)
        except OSError:
            shutil.copyfile(src, dst)
            how = "copies"
        out.write(dst + b"\0")
print(how)
' "$scratch" "$count")
echo "$count documents ($link of the ${#unique[@]} documents of ${sources[*]}), $cores cores; OCR off"
echo

report() { # label, seconds, output folder
  local label=$1 t=$2 dir=$3 bytes blocks files
  bytes=$(du -s --apparent-size --block-size=1 "$dir" | cut -f1)
  blocks=$(du -s --block-size=1 "$dir" | cut -f1)
  files=$(find "$dir" -type f | wc -l)
  awk -v l="$label" -v t="$t" -v n="$count" -v b="$bytes" -v k="$blocks" -v f="$files" 'BEGIN {
    printf "%-34s %8.1f s %8.1f docs/s  %8.0f bytes/doc (%6.0f on disk) %5.1f files/doc\n", l, t, n / t, b / n, k / n, f / n }'
}
rss_mib() { awk 'END { printf "%.1f", $1 / 1024 }' "$1"; }
now() { date +%s.%N; }
# summary.tsv without its seconds column (the 7th), the one field two runs may differ in.
no_seconds() { cut -f1-6,8- "$1"; }

# (a) One run over the list.
start=$(now)
rc=0
/usr/bin/time -f "%M" -o "$scratch/rss-single" "$bin" convert --files-from "$list" -0 -q -j "$cores" -o "$scratch/single" || rc=$?
t=$(echo "$(now) - $start" | bc -l)
[ "$rc" -le 1 ] || { echo "scale.sh: the single run exited $rc" >&2; exit 1; }
report "(a) one run, -j $cores" "$t" "$scratch/single"
echo "    peak memory $(rss_mib "$scratch/rss-single") MiB"
mkdir -p "$scratch/keep"
no_seconds "$scratch/single/summary.tsv" >"$scratch/keep/summary.single"
cp "$scratch/single/dataset.tsv" "$scratch/keep/dataset.single"
rm -rf "$scratch/single"

# (b) Four shards at once, as four engine tasks would run them.
start=$(now)
pids=()
for k in 0 1 2 3; do
  NIANBAO_LIST=$list NIANBAO_OUT=$scratch/sharded NIANBAO_SHARDS=4 NIANBAO_JOBS=$per_shard \
    /usr/bin/time -f "%M" -o "$scratch/rss-$k" deploy/shard.sh "$k" -q 2>"$scratch/shard-$k.err" &
  pids+=($!)
done
for k in 0 1 2 3; do
  wait "${pids[k]}" || { echo "scale.sh: shard $k failed:" >&2; cat "$scratch/shard-$k.err" >&2; exit 1; }
done
t=$(echo "$(now) - $start" | bc -l)
report "(b) 4 shards at once, -j $per_shard each" "$t" "$scratch/sharded"
for k in 0 1 2 3; do
  rows=$(($(wc -l <"$scratch/sharded/part-$k/summary.tsv") - 1))
  echo "    shard $k: $rows documents, peak memory $(rss_mib "$scratch/rss-$k") MiB"
done
# Even without merge: the parts' rows are the single run's rows, each once.
for k in 0 1 2 3; do no_seconds "$scratch/sharded/part-$k/summary.tsv" | tail -n +2; done | sort >"$scratch/keep/summary.parts"
if tail -n +2 "$scratch/keep/summary.single" | sort | cmp -s - "$scratch/keep/summary.parts"; then
  echo "    the parts' summary rows are the single run's, each once: yes"
else
  echo "    the parts' summary rows are the single run's, each once: NO"
fi

if [ "$has_merge" = 1 ]; then
  start=$(now)
  /usr/bin/time -f "%M" -o "$scratch/rss-merge" "$bin" merge -q "$scratch"/sharded/part-{0,1,2,3} -o "$scratch/merged"
  tm=$(echo "$(now) - $start" | bc -l)
  awk -v t="$tm" -v s="$t" -v n="$count" 'BEGIN { printf "    merge %.1f s (peak memory %s MiB); shards and merge %.1f s, %.1f docs/s\n", t, "'"$(rss_mib "$scratch/rss-merge")"'", s + t, n / (s + t) }'
  no_seconds "$scratch/merged/summary.tsv" >"$scratch/keep/summary.merged"
  cp "$scratch/merged/dataset.tsv" "$scratch/keep/dataset.merged"
  for f in summary dataset; do
    what="$f.tsv"
    [ $f = dataset ] || what="summary.tsv (seconds cut)"
    if cmp -s "$scratch/keep/$f.single" "$scratch/keep/$f.merged"; then same=yes; else
      same="NO ($(cmp "$scratch/keep/$f.single" "$scratch/keep/$f.merged" 2>&1 | head -1))"
    fi
    echo "    merged $what equals the single run's: $same"
  done
  rm -rf "$scratch/merged"
else
  echo "    nianbao merge: not in this binary ($bin merge --help fails); merge and its comparison skipped"
fi
rm -rf "$scratch/sharded"

# (c) The smallest output: values only, report.json on one line without boxes.
if [ "$has_compact" = 1 ]; then
  start=$(now)
  rc=0
  /usr/bin/time -f "%M" -o "$scratch/rss-compact" "$bin" convert --files-from "$list" -0 -q -j "$cores" --write values --compact -o "$scratch/compact" || rc=$?
  t=$(echo "$(now) - $start" | bc -l)
  [ "$rc" -le 1 ] || { echo "scale.sh: the --write values --compact run exited $rc" >&2; exit 1; }
  report "(c) --write values --compact" "$t" "$scratch/compact"
  echo "    peak memory $(rss_mib "$scratch/rss-compact") MiB"
  rm -rf "$scratch/compact"
else
  echo "(c) --write values --compact: not in this binary ($bin convert --help names no --write/--compact); skipped"
fi
