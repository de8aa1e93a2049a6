#!/usr/bin/env python3
"""Character agreement of nianbao's PDF page text with pdftotext's, page by page.

usage: python3 benches/pdftotext_agreement.py [NIANBAO] PDF...

For each page, both texts lose their whitespace; agreement is the share of characters the two
have in common (multiset intersection over the longer text), and order agreement is difflib's
ratio over the two character sequences. Prints a line per file and the totals.
"""
import difflib, subprocess, sys
from collections import Counter


def pages(cmd):
    out = subprocess.run(cmd, capture_output=True).stdout.decode("utf-8", "replace")
    return ["".join(p.split()) for p in out.split("\f")]


def main():
    args = sys.argv[1:]
    nianbao = args.pop(0) if args and not args[0].endswith(".pdf") else "target/release/nianbao"
    common = longer = 0
    ordered = 0.0
    n_pages = 0
    for pdf in args:
        ours = pages([nianbao, "text", pdf])
        theirs = pages(["pdftotext", "-enc", "UTF-8", pdf, "-"])
        f_common = f_longer = 0
        f_ordered = 0.0
        for a, b in zip(ours, theirs):
            if not a and not b:
                continue
            ca, cb = Counter(a), Counter(b)
            f_common += sum((ca & cb).values())
            f_longer += max(len(a), len(b))
            f_ordered += difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() * max(len(a), len(b))
            n_pages += 1
        print(f"{pdf}\t{len(theirs) - 1} pages\tchars {f_common / max(f_longer, 1):.4f}\torder {f_ordered / max(f_longer, 1):.4f}")
        common += f_common
        longer += f_longer
        ordered += f_ordered
    print(f"total\t{n_pages} pages\tchars {common / max(longer, 1):.4f}\torder {ordered / max(longer, 1):.4f}")


main()
