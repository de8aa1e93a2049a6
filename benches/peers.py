#!/usr/bin/env python3
"""How many canonical cells pdfplumber's and camelot's table extraction get right, beside nianbao.

usage: benches/peers.sh   (sets up the virtual environment and runs this)
       python3 benches/peers.py OUT_DIR TRUTH_DIR PDF...

Each peer's tables, page by page, are written as an HTML page of plain <table>s and converted by
nianbao, so every tool's grids go through the same template mapping and the same scorer
(score.py): only the table extraction differs. nianbao itself converts the PDFs directly.
"""
import html, os, subprocess, sys, time


def page_html(tables):
    out = ["<html><body>"]
    for rows in tables:
        out.append("<table>")
        for row in rows:
            cells = "".join(f"<td>{html.escape(str(c or '').replace(chr(10), ''))}</td>" for c in row)
            out.append(f"<tr>{cells}</tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


def plumber(pdf):
    import pdfplumber
    with pdfplumber.open(pdf) as doc:
        return [t for page in doc.pages for t in page.extract_tables()]


def camelot_tables(pdf, flavor):
    import camelot
    tables = camelot.read_pdf(pdf, pages="all", flavor=flavor)
    return [t.df.values.tolist() for t in tables]


def main():
    out, truth, pdfs = sys.argv[1], sys.argv[2], sys.argv[3:]
    nianbao = os.environ.get("NIANBAO", "target/release/nianbao")
    tools = {
        "pdfplumber": plumber,
        "camelot-lattice": lambda p: camelot_tables(p, "lattice"),
        "camelot-stream": lambda p: camelot_tables(p, "stream"),
    }
    results = {}
    for name, extract in tools.items():
        pages = os.path.join(out, name, "in")
        os.makedirs(pages, exist_ok=True)
        started = time.time()
        for pdf in pdfs:
            try:
                tables = extract(pdf)
            except Exception as e:  # a peer failing on a file scores nothing for it
                print(f"{name}: {pdf}: {e}", file=sys.stderr)
                tables = []
            stem = os.path.splitext(os.path.basename(pdf))[0]
            with open(os.path.join(pages, stem + ".html"), "w", encoding="utf-8") as f:
                f.write(page_html(tables))
        seconds = time.time() - started
        subprocess.run([nianbao, "convert", pages, "-o", os.path.join(out, name, "out")], capture_output=True)
        results[name] = (score(truth, os.path.join(out, name, "out")), seconds)
    started = time.time()
    subprocess.run([nianbao, "convert", *pdfs, "-o", os.path.join(out, "nianbao")], capture_output=True)
    results["nianbao"] = (score(truth, os.path.join(out, "nianbao")), time.time() - started)
    print("| tool | canonical values right | documents exact | seconds |")
    print("|---|---|---|---|")
    for name, ((right, total, exact, docs), seconds) in results.items():
        print(f"| {name} | {right}/{total} ({100 * right / max(total, 1):.1f}%) | {exact}/{docs} | {seconds:.1f} |")


def score(truth, out):
    """Runs score.py (SCORE, default the corpus's) and reads its totals."""
    scorer = os.environ.get("SCORE", "../shared/corpus/score.py")
    run = subprocess.run([sys.executable, scorer, truth, out], capture_output=True, text=True)
    last = run.stdout.strip().splitlines()[-1]  # "N/M values right, D/K documents exact"
    values, docs = last.split(", ")
    right, total = values.split()[0].split("/")
    exact, n = docs.split()[0].split("/")
    return int(right), int(total), int(exact), int(n)


main()
