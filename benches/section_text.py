#!/usr/bin/env python3
"""Compares nianbao's narrative text of sections 1, 5 and 6 with the corpus truth.

usage: python3 benches/section_text.py TRUTH_DIR OUT_DIR [--formats pdf,docx,html] [--ocr] [-v]

Reads TRUTH_DIR/<id>.truth.json ("sections": key, heading, text) and OUT_DIR/<id>/sections.tsv,
normalises whitespace away on both sides and counts the sections whose text is equal. With
--ocr, only documents without a text layer (scans) are compared, and the character accuracy
(1 - edit distance / length of the truth) over all their sections is printed too.
"""
import glob, json, os, sys, unicodedata


def norm(text):
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace())


def edit_distance(a, b):
    """Levenshtein distance, one row at a time."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def main():
    truth_dir, out_dir = sys.argv[1], sys.argv[2]
    formats = None
    if "--formats" in sys.argv:
        formats = set(sys.argv[sys.argv.index("--formats") + 1].split(","))
    verbose = "-v" in sys.argv
    ocr = "--ocr" in sys.argv
    equal = total = 0
    chars = errors = 0
    for path in sorted(glob.glob(os.path.join(truth_dir, "*.truth.json"))):
        meta = json.load(open(path, encoding="utf-8"))
        if meta.get("text_layer", True) == ocr or (formats and meta.get("format") not in formats):
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
            chars += len(want)
            errors += edit_distance(want, have) if ocr else 0
            if want == have:
                equal += 1
            elif verbose:
                k = next((i for i, (a, b) in enumerate(zip(want, have)) if a != b), min(len(want), len(have)))
                print(f"{ident} section {number}: differs at char {k}: want …{want[max(0,k-15):k+25]}… got …{have[max(0,k-15):k+25]}…")
    print(f"{equal}/{total} sections equal")
    if ocr and chars:
        print(f"character accuracy {100 * (1 - errors / chars):.2f}% ({errors} edits over {chars} characters)")
    return 0 if equal == total else 1


sys.exit(main())
