#!/usr/bin/env python3
"""Writes hostile fuzz seeds into a folder: deeply nested HTML and PDFs with oversized
resources, as benches/hostile.py makes them but scaled down to fuzz-seed sizes.

usage: python3 fuzz/seeds.py DIR

The fixtures the corpora start from are ordinary reports, so a fuzzer rarely mutates its way
to ten thousand nested elements or a /W array of thousands of ranges; seeded with these, it
starts at the limits the readers enforce and mutates around them. Each file is a few KB to
~220 KB, so that a run over one stays fast. Needs Python 3.11 (stdlib only).
"""
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ left in benches/
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benches"))
import hostile  # noqa: E402

MIB = hostile.MIB

# Without their closing tags (the parser closes them at the end) and with <tr> implied by
# <td>, 20,000 nested tables stay near 200 KB; the 2,000-level pages keep theirs, so closing
# tags at depth are covered too. No 20,000-level <div> page: the parser looks for an open <p>
# through the whole stack at each <div>, so it takes ~50 s in the instrumented build, past
# the fuzzers' -timeout=30, and libFuzzer would stop while loading the corpus.
UNCLOSED_NESTINGS = {"table": ("<table><td>", "")}


def write_seeds(out: Path) -> list[Path]:
    cases = []
    cases += hostile.html_deep(out, depths=(2_000,))
    cases += hostile.html_deep(out, depths=(20_000,), nestings=UNCLOSED_NESTINGS, closed=False)
    # 10,000 ranges of 65,536 CIDs: far over the reader's 2^20 width codes, ~130 KB.
    cases += hostile.pdf_w_array(out, ranges=10_000)
    # 100,000 bfranges of 65,536 codes, inflating to ~2 MiB: under the 4 MiB CMap stream
    # limit, so the code limit is what stops it.
    cases += hostile.pdf_cmap_ranges(out, blocks=1_000)
    # One form drawn 4,000 times: already a ~12 KB file.
    cases += hostile.pdf_form_4000(out, copies=4_000)
    # One Tj of 1M glyphs, past the per-page glyph limit, in a ~2 KB file.
    cases += hostile.pdf_huge_tj(out, digits=1 * MIB)
    # A ToUnicode stream inflating to 64 MiB, 16 times the CMap limit, in a ~65 KB file.
    cases += hostile.pdf_tounicode_bomb(out, zeros_mib=64)
    return [case.path for case in cases]


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for path in write_seeds(out):
        print(f"{path.stat().st_size:>8} {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
