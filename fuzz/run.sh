#!/usr/bin/env bash
# Runs fuzz targets one after another, each for SECONDS (default 600), and prints how many
# inputs each executed and whether it found a crash (kept under fuzz/artifacts/TARGET/).
#
#   fuzz/run.sh [-t SECONDS] [TARGET...]      (targets: pdf docx html text; default all)
#
# Each corpus (fuzz/corpus/TARGET/) is seeded with the project's fixtures of its format and the
# shared corpus's documents; the html and pdf corpora also get hostile seeds (deep nesting,
# oversized PDF resources) that fuzz/seeds.py writes into fuzz/hostile/. The stable toolchain
# builds the targets with RUSTC_BOOTSTRAP=1. One allocation over 2 GiB is a finding; the process
# may grow past that, since a long run keeps hundreds of MB of corpus in memory.
set -euo pipefail
cd "$(dirname "$0")"

seconds=600
while getopts "t:" opt; do
  case $opt in
    t) seconds=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(pdf docx html text)

declare -A seeds=(
  [pdf]="../testdata/pdf ../testdata/broken ../../shared/corpus/real/docs ../../shared/corpus/sample/docs hostile"
  [docx]="../testdata/docx ../../shared/corpus/real/docs ../../shared/corpus/sample/docs"
  [html]="../testdata/html ../testdata/fuzz ../../shared/corpus/sample/docs hostile"
  [text]="../testdata/seeds ../testdata/text ../testdata/fuzz"
)
declare -A endings=([pdf]=pdf [docx]=docx [html]=html [text]=txt)

mkdir -p logs
# Written afresh each run (they are deterministic), only when a target that uses them runs.
if [[ " ${targets[*]} " =~ " "(pdf|html)" " ]]; then
  python3 seeds.py hostile >/dev/null
fi
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" "artifacts/$target"
  for dir in ${seeds[$target]}; do
    [ -d "$dir" ] || continue
    find "$dir" -maxdepth 1 -type f -name "*.${endings[$target]}" -exec cp -n {} "corpus/$target/" \;
  done
  RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=30 -rss_limit_mb=6144 -malloc_limit_mb=2048 -print_final_stats=1 \
    >"logs/$target.log" 2>&1 || true
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$target.log" | grep -o '[0-9]*$' || echo "?")
  crashes=$(find "artifacts/$target" -type f | wc -l)
  echo "$target: $runs executions in $seconds s, $crashes crash files in artifacts/$target (log: fuzz/logs/$target.log)"
done
