#!/usr/bin/env python3
"""Compares nianbao's narrative text of sections 1, 5 and 6 with the corpus truth.

usage: python3 benches/section_text.py TRUTH_DIR OUT_DIR [--formats pdf,docx,html] [-v]

Reads TRUTH_DIR/<id>.truth.json ("sections": key, heading, text) and OUT_DIR/<id>/sections.tsv,
normalises whitespace away on both sides and counts the sections whose text is equal.
"""
import glob, json, os, sys, unicodedata


def norm(text):
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace())


def main():
    truth_dir, out_dir = sys.argv[1], sys.argv[2]
    formats = None
    if "--formats" in sys.argv:
        formats = set(sys.argv[sys.argv.index("--formats") + 1].split(","))
    verbose = "-v" in sys.argv
    equal = total = 0
    for path in sorted(glob.glob(os.path.join(truth_dir, "*.truth.json"))):
        meta = json.load(open(path, encoding="utf-8"))
        if not meta.get("text_layer", True) or (formats and meta.get("format") not in formats):
            continue
        ident = meta["id"]
        sections = meta["sections"]
        if isinstance(sections, str):
            sections = json.loads(sections)
        tsv = os.path.join(out_dir, ident, "sections.tsv")
        got = {}
        if os.path.exists(tsv):
            for line in open(tsv, encoding="utf-8").read().splitlines()[1:]:
                fields = line.split("\t")
                if len(fields) == 4 and fields[2] != "0":
                    got.setdefault(fields[0], []).append(fields[3])
        for number, section in enumerate(sections, 1):
            if number not in (1, 5, 6):
                continue
            total += 1
            want = norm(section["text"])
            have = norm("".join(got.get(str(number), [])))
            if want == have:
                equal += 1
            elif verbose:
                k = next((i for i, (a, b) in enumerate(zip(want, have)) if a != b), min(len(want), len(have)))
                print(f"{ident} section {number}: differs at char {k}: want …{want[max(0,k-15):k+25]}… got …{have[max(0,k-15):k+25]}…")
    print(f"{equal}/{total} sections equal")
    return 0 if equal == total else 1


sys.exit(main())
