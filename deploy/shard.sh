#!/usr/bin/env bash
# Converts one shard of a list of documents: the command every task of a distributed run
# executes (a Kubernetes Indexed Job's pods, a Slurm array's tasks, N shells on one machine).
#
#   deploy/shard.sh [K] [EXTRA NIANBAO CONVERT ARGS...]
#
# Shard index K (from 0), the first of these that is set:
#   - the first argument, when it is a number;
#   - $JOB_COMPLETION_INDEX (set by Kubernetes in every pod of an Indexed Job);
#   - $SLURM_ARRAY_TASK_ID (a Slurm array task). When the shard count also comes from Slurm
#     ($NIANBAO_SHARDS unset), the array is the whole set of shards and K is counted from
#     $SLURM_ARRAY_TASK_MIN, so `--array=1-8` works as well as `--array=0-7`. When
#     $NIANBAO_SHARDS is set, the task id is K itself, so `sbatch --array=3,5` reruns shards
#     3 and 5 of the original set rather than renumbering them.
# Shard count N: $NIANBAO_SHARDS, else $SLURM_ARRAY_TASK_COUNT.
#
# Environment:
#   NIANBAO_LIST   the list of inputs, one path a line or NUL-terminated (`find -print0`; a
#                  NUL anywhere in the list selects -0, NIANBAO_NULL=0/1 overrides). Every
#                  task must read the same list: the shard of a path is a hash of the path as
#                  written there, so the paths must also resolve the same way on every node
#                  (absolute paths on a shared volume, or relative to the task's directory).
#   NIANBAO_OUT    output root; this shard writes NIANBAO_OUT/part-K (merge them afterwards
#                  with `nianbao merge NIANBAO_OUT/part-* -o MERGED`, see deploy/merge.sh).
#   NIANBAO_JOBS   worker threads (default: $SLURM_CPUS_PER_TASK, else nproc). In a container
#                  nproc may count the node's cores rather than the pod's CPU limit: set it.
#   NIANBAO        the nianbao binary (default: `nianbao` on PATH).
# Extra arguments go to `nianbao convert` unchanged (--timeout 60, --write values, -v, ...).
#
# Exit status: nianbao's, except 1. nianbao exits 1 when a document failed (damaged,
# password-protected, over a limit); that document is recorded as `failed` in part-K's
# summary.tsv, and converting it again would fail again, so an engine that retries failed tasks
# would retry for nothing. The task therefore succeeds (0) and says how many failed;
# NIANBAO_FAIL_ON_DOCUMENT=1 keeps the 1. Exit 2 (usage error, an output folder nianbao may not
# write into, a list it cannot read, or this script's own errors) and deaths by signal (137:
# killed, e.g. out of memory) stay failures: those are worth a retry or a look, and a retried
# shard reuses every document folder it had finished.
set -euo pipefail

die() {
  echo "shard.sh: $*" >&2
  exit 2
}
is_number() { case $1 in '' | *[!0-9]*) return 1 ;; *) return 0 ;; esac }

index=
if [ $# -gt 0 ] && is_number "$1"; then
  index=$1
  shift
elif [ -n "${JOB_COMPLETION_INDEX:-}" ]; then
  index=$JOB_COMPLETION_INDEX
elif [ -n "${SLURM_ARRAY_TASK_ID:-}" ]; then
  index=$SLURM_ARRAY_TASK_ID
  if [ -z "${NIANBAO_SHARDS:-}" ] && [ -n "${SLURM_ARRAY_TASK_MIN:-}" ]; then
    is_number "$SLURM_ARRAY_TASK_MIN" || die "SLURM_ARRAY_TASK_MIN is not a number: $SLURM_ARRAY_TASK_MIN"
    is_number "$index" || die "SLURM_ARRAY_TASK_ID is not a number: $index"
    index=$((index - SLURM_ARRAY_TASK_MIN))
  fi
else
  die "no shard index: give it as the first argument, or run as a Kubernetes Indexed Job (JOB_COMPLETION_INDEX) or a Slurm array task (SLURM_ARRAY_TASK_ID)"
fi
is_number "$index" || die "the shard index is not a number: $index"

count=${NIANBAO_SHARDS:-${SLURM_ARRAY_TASK_COUNT:-}}
[ -n "$count" ] || die "no shard count: set NIANBAO_SHARDS (or run as a Slurm array task, SLURM_ARRAY_TASK_COUNT)"
if ! is_number "$count" || [ "$count" -eq 0 ]; then die "the shard count is not a positive number: $count"; fi
# Base 10: a shard written 08 is 8, not an octal error.
index=$((10#$index))
count=$((10#$count))
[ "$index" -lt "$count" ] || die "shard index $index is not below the shard count $count"

list=${NIANBAO_LIST:-}
[ -n "$list" ] || die "NIANBAO_LIST is not set: the file listing the inputs (build it with find ... -print0)"
if [ ! -f "$list" ] || [ ! -r "$list" ]; then die "NIANBAO_LIST=$list is not a readable file"; fi
out=${NIANBAO_OUT:-}
[ -n "$out" ] || die "NIANBAO_OUT is not set: the output root (this shard writes NIANBAO_OUT/part-$index)"

jobs=${NIANBAO_JOBS:-${SLURM_CPUS_PER_TASK:-}}
[ -n "$jobs" ] || jobs=$(nproc)
if ! is_number "$jobs" || [ "$jobs" -eq 0 ]; then die "NIANBAO_JOBS is not a positive number: $jobs"; fi

bin=${NIANBAO:-nianbao}
command -v "$bin" >/dev/null 2>&1 || die "cannot run $bin: put nianbao on PATH or set NIANBAO to the binary"

null=${NIANBAO_NULL:-}
if [ -z "$null" ]; then
  # tr reads until the first NUL; a newline list has none and is read through once.
  if [ "$({ LC_ALL=C tr -dc '\000' <"$list" || true; } | head -c 1 | wc -c)" -gt 0 ]; then null=1; else null=0; fi
fi
args=(convert --files-from "$list" --shard "$index/$count" -o "$out/part-$index" -j "$jobs")
[ "$null" = 1 ] && args+=(-0)

mkdir -p "$out" || die "cannot create NIANBAO_OUT=$out"
echo "shard.sh: shard $index of $count, $jobs workers, into $out/part-$index" >&2
rc=0
"$bin" "${args[@]}" "$@" || rc=$?

if [ "$rc" = 1 ] && [ "${NIANBAO_FAIL_ON_DOCUMENT:-0}" != 1 ]; then
  failed=$(awk -F'\t' 'NR > 1 && $2 == "failed"' "$out/part-$index/summary.tsv" 2>/dev/null | wc -l) || failed='?'
  echo "shard.sh: shard $index: $failed documents failed, recorded in $out/part-$index/summary.tsv; the task counts as done" >&2
  exit 0
fi
exit "$rc"
