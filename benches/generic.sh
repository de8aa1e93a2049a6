#!/usr/bin/env bash
# Tables outside the template: converts the PDFs of the peer test suites in
# ../shared/corpus/generic/ (camelot's and tabula-java's cases) and scores the grids written with
# the suites' own score_grids.py: the settings-free cases, then the cases with settings (a
# camelot setting nianbao has a flag for is given as that flag: its `password`); then the tables
# printed by a spreadsheet program, a web browser and a word processor (testdata/spreadsheet/,
# testdata/browser/ and testdata/writer/, from benches/{spreadsheets,browser,writer}/make.py)
# with the same scorer. Run by hand.
#
#   benches/generic.sh [NIANBAO]        (default: target/release/nianbao, built if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
nianbao=${1:-target/release/nianbao}
[ -x "$nianbao" ] || cargo build --release --quiet
generic=../shared/corpus/generic
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for suite in camelot tabula; do
  [ -d "$generic/$suite" ] || continue
  "$nianbao" convert "$generic/$suite"/*.pdf -o "$work/$suite" >/dev/null 2>&1 || true
  echo "$suite: $(python3 "$generic/score_grids.py" "$generic/$suite" "$work/$suite" --special no --span-repeat-ok -q | tail -1)"
done
if [ -f "$generic/camelot/str_password.pdf" ]; then
  "$nianbao" convert "$generic/camelot/str_password.pdf" --password userpass -o "$work/camelot" >/dev/null 2>&1 || true
fi
echo "camelot, cases with settings: $(python3 "$generic/score_grids.py" "$generic/camelot" "$work/camelot" --special yes --span-repeat-ok -q | tail -1)"
for printed in spreadsheet browser writer; do
  "$nianbao" convert testdata/$printed/*.pdf -o "$work/$printed" >/dev/null 2>&1 || true
  echo "$printed: $(python3 "$generic/score_grids.py" testdata/$printed "$work/$printed" --span-repeat-ok -q | tail -1)"
done
