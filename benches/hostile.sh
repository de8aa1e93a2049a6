#!/usr/bin/env bash
# Hostile inputs against the release binary: peak memory, CPU and wall time of each, and how far
# it overran --timeout (see benches/hostile.py). Run by hand; needs GNU time.
#
#   benches/hostile.sh [--timeout 5] [--keep DIR] [--only NAME ...] [--max-rss MIB]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x target/release/nianbao ] || cargo build --release --quiet
exec python3 benches/hostile.py --nianbao target/release/nianbao "$@"
