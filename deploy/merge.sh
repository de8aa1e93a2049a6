#!/usr/bin/env bash
# Merges the parts written by deploy/shard.sh into one output folder, after checking that every
# shard finished: `nianbao merge` combines whatever parts it is given, so a part that is
# missing would otherwise make a smaller dataset without a word.
#
#   deploy/merge.sh [EXTRA NIANBAO MERGE ARGS...]
#
# Environment: NIANBAO_OUT (the output root holding part-0 .. part-(N-1)), NIANBAO_SHARDS (N,
# the count the shards ran with), NIANBAO_MERGED (default NIANBAO_OUT/merged), NIANBAO (the
# binary, default `nianbao` on PATH).
# Exit status: nianbao merge's; 2 when a part is missing or something is not set.
set -euo pipefail

die() {
  echo "merge.sh: $*" >&2
  exit 2
}
out=${NIANBAO_OUT:-}
[ -n "$out" ] || die "NIANBAO_OUT is not set: the output root the shards wrote part-K into"
count=${NIANBAO_SHARDS:-}
case $count in '' | *[!0-9]* | 0) die "NIANBAO_SHARDS is not a positive number: '$count'" ;; esac
merged=${NIANBAO_MERGED:-$out/merged}
bin=${NIANBAO:-nianbao}
command -v "$bin" >/dev/null 2>&1 || die "cannot run $bin: put nianbao on PATH or set NIANBAO to the binary"

parts=()
missing=()
for ((k = 0; k < 10#$count; k++)); do
  # summary.tsv is written when a run ends, so its absence means the shard never finished.
  if [ -f "$out/part-$k/summary.tsv" ]; then parts+=("$out/part-$k"); else missing+=("$k"); fi
done
[ ${#missing[@]} -eq 0 ] || die "shards not finished (no part-K/summary.tsv under $out): ${missing[*]}; rerun them first (see deploy/README.md)"

echo "merge.sh: merging ${#parts[@]} parts into $merged" >&2
exec "$bin" merge "${parts[@]}" -o "$merged" "$@"
