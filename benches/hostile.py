#!/usr/bin/env python3
"""What hostile inputs cost nianbao: memory, CPU and time, one input at a time.

usage: python3 benches/hostile.py [--nianbao PATH] [--timeout 5] [--keep DIR]
                                  [--only NAME ...] [--max-rss MIB]

Small hostile inputs (deep HTML, PDF decompression and range bombs, huge text runs, a truncated
PDF, very large pages, a FIFO, /dev/zero, an encrypted Word file, a symlink loop) are generated
into a temporary folder (kept in DIR with --keep), and each is converted as a batch of its own
under GNU time:

    nianbao convert INPUT -o OUT --timeout T -j 1

One row per input: its status from OUT/summary.tsv (or how the process ended when it left no
summary), peak resident memory, CPU time (user + system), wall time, and how far the wall time
overran --timeout. A run still going 60 s past --timeout is killed and reported as hung; a run
whose resident memory passes --max-rss is killed too, so that a bomb cannot take the machine
down with it. The script measures and does not judge: it exits 0 whatever the rows say.

--only keeps the generators whose name contains one of the words (e.g. --only pdf-w fifo).

Needs Python 3.11 (stdlib only) and GNU time (apt-get install time).
"""
import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GNU_TIME = "/usr/bin/time"
MIB = 1024 * 1024

# ---------------------------------------------------------------------------------------------
# Report text shared by the generated inputs, so each one looks like a report to the reader and
# the hostile part is all that differs from an ordinary document.

TITLE = "某某区2021年政府信息公开工作年度报告"
LINES = [TITLE, "一、总体情况", "2021年，本机关主动公开政府信息1234条，其中门户网站567条。"]
PARAGRAPH = (
    "本年度，我区认真贯彻落实《中华人民共和国政府信息公开条例》，围绕中心工作，"
    "进一步加强政府信息公开平台建设，规范依申请公开办理流程，全年共受理政府信息公开申请{n}件。"
)


@dataclass
class Case:
    """One input to convert: a file, or a folder for the batch to search."""

    name: str
    path: Path


# ---------------------------------------------------------------------------------------------
# A small PDF writer: numbered objects, Flate streams, a correct cross-reference table.


class Pdf:
    """A PDF built object by object; `save` lays the objects out and indexes them."""

    def __init__(self):
        self.bodies: list[bytes] = []

    def add(self, body) -> int:
        self.bodies.append(body.encode() if isinstance(body, str) else body)
        return len(self.bodies)

    def reserve(self) -> int:
        """A number for an object written later (a parent its children point to)."""
        return self.add(b"null")

    def set(self, ref: int, body) -> None:
        self.bodies[ref - 1] = body.encode() if isinstance(body, str) else body

    def stream(self, entries: str, data: bytes) -> int:
        return self.flate_stream(entries, zlib.compress(data, 9))

    def flate_stream(self, entries: str, compressed: bytes) -> int:
        head = f"<< {entries} /Filter /FlateDecode /Length {len(compressed)} >>\nstream\n".encode()
        return self.add(head + compressed + b"\nendstream")

    def save(self, path: Path, root: int) -> None:
        with open(path, "wb") as f:
            f.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
            offsets = []
            for ref, body in enumerate(self.bodies, 1):
                offsets.append(f.tell())
                f.write(f"{ref} 0 obj\n".encode())
                f.write(body)
                f.write(b"\nendobj\n")
            xref = f.tell()
            f.write(f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode())
            for offset in offsets:
                f.write(f"{offset:010} 00000 n \n".encode())
            f.write(f"trailer\n<< /Size {len(offsets) + 1} /Root {root} 0 R >>\n".encode())
            f.write(f"startxref\n{xref}\n%%EOF\n".encode())


# The Identity-H font the project's own fixtures use: CID n is the n-th distinct character of
# the text, and only the ToUnicode CMap says which character that is.
CHARS = sorted(set("".join(LINES)))
CMAP_HEAD = (
    b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
    b"/CMapName /Hostile-UCS def /CMapType 2 def\n"
    b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
)
CMAP_TAIL = b"endcmap CMapName currentdict /CMap defineresource pop end end\n"


def cids(text: str) -> str:
    return "".join(f"{CHARS.index(c) + 1:04X}" for c in text)


def bfchar_blocks() -> bytes:
    """The real mappings of the text's CIDs, in blocks of at most 100 as CMaps have them."""
    out = []
    for start in range(0, len(CHARS), 100):
        chunk = CHARS[start : start + 100]
        out.append(f"{len(chunk)} beginbfchar\n")
        for k, c in enumerate(chunk, start + 1):
            out.append(f"<{k:04X}> <{ord(c):04X}>\n")
        out.append("endbfchar\n")
    return "".join(out).encode()


def default_widths() -> str:
    return "/W [1 [" + " ".join("500" if c.isascii() else "1000" for c in CHARS) + "]]"


def identity_font(pdf: Pdf, to_unicode: int, widths: str | None = None) -> int:
    """A Type0 Identity-H font over a CIDFontType2, with its ToUnicode stream and /W."""
    descendant = pdf.add(
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+SimSun "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        f"/DW 1000 {widths or default_widths()} /CIDToGIDMap /Identity >>"
    )
    return pdf.add(
        "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+SimSun /Encoding /Identity-H "
        f"/DescendantFonts [{descendant} 0 R] /ToUnicode {to_unicode} 0 R >>"
    )


def report_text_ops(font: str = "F1", x: float = 72, y: float = 770, size: float = 12) -> str:
    """The report's lines, in the given font, top down from (x, y)."""
    shows = f" 0 -{size * 2} Td ".join(f"<{cids(line)}> Tj" for line in LINES)
    return f"BT /{font} {size} Tf {x} {y} Td {shows} ET\n"


def save_one_page(pdf: Pdf, path: Path, content: bytes, fonts: dict, xobjects: dict | None = None):
    """Adds an A4 page drawing `content` with the given resources, and the page tree, and saves."""
    pages = pdf.reserve()
    contents = pdf.stream("", content)
    resources = "/Font << " + " ".join(f"/{n} {r} 0 R" for n, r in fonts.items()) + " >>"
    if xobjects:
        resources += " /XObject << " + " ".join(f"/{n} {r} 0 R" for n, r in xobjects.items()) + " >>"
    page = pdf.add(
        f"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] "
        f"/Resources << {resources} >> /Contents {contents} 0 R >>"
    )
    pdf.set(pages, f"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>")
    pdf.save(path, pdf.add(f"<< /Type /Catalog /Pages {pages} 0 R >>"))


# ---------------------------------------------------------------------------------------------
# The hostile inputs. Each generator writes its files into `work` and returns what to convert.


# The nestings of html_deep, as the tags opening and closing one level.
DEEP_NESTINGS = {"div": ("<div>", "</div>"), "table": ("<table><tr><td>", "</td></tr></table>")}


def html_deep(
    work: Path, depths=(8_000, 100_000), nestings=DEEP_NESTINGS, closed: bool = True
) -> list[Case]:
    """HTML pages whose report text sits 8,000 and 100,000 elements deep, as nested <div>s and
    as tables nested in table cells: a recursive tree builder or walker runs out of stack.
    With `closed` false the closing tags are left out (the parser closes them at the end),
    which halves the file."""
    cases = []
    for depth in depths:
        for kind, (open_tag, close_tag) in nestings.items():
            suffix = "" if closed else "-unclosed"
            path = work / f"html-deep-{kind}-{depth // 1000}k{suffix}.html"
            with open(path, "w", encoding="utf-8") as f:
                f.write(f'<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body>\n')
                f.write(open_tag * depth)
                f.write("".join(f"<p>{line}</p>" for line in LINES))
                if closed:
                    f.write(close_tag * depth)
                f.write("\n</body></html>\n")
            cases.append(Case(path.stem, path))
    return cases


def pdf_tounicode_bomb(work: Path, zeros_mib: int = 4096) -> list[Case]:
    """A ~4 MB PDF whose font's ToUnicode stream inflates to ~4 GiB: the real mappings first,
    then 4 GiB (`zeros_mib` MiB) of zeros, then the end of the CMap. Compressed in 1 MiB
    steps, so building it takes a few MiB of memory."""
    zeros = bytes(MIB)
    packer = zlib.compressobj(9)
    parts = [packer.compress(CMAP_HEAD + bfchar_blocks())]
    for _ in range(zeros_mib):
        parts.append(packer.compress(zeros))
    parts.append(packer.compress(CMAP_TAIL))
    parts.append(packer.flush())
    pdf = Pdf()
    font = identity_font(pdf, pdf.flate_stream("", b"".join(parts)))
    path = work / "pdf-tounicode-bomb.pdf"
    save_one_page(pdf, path, report_text_ops().encode(), {"F1": font})
    return [Case(path.stem, path)]


def pdf_w_array(work: Path, ranges: int = 200_000) -> list[Case]:
    """A font whose /W array holds 200,000 (`ranges`) `first last width` ranges, each over
    65,536 CIDs: expanding them into a table is 13 billion entries."""
    ranges = " ".join(["0 65535 1000"] * ranges)
    pdf = Pdf()
    cmap = pdf.stream("", CMAP_HEAD + bfchar_blocks() + CMAP_TAIL)
    font = identity_font(pdf, cmap, widths=f"/W [{ranges}]")
    path = work / "pdf-w-array.pdf"
    save_one_page(pdf, path, report_text_ops().encode(), {"F1": font})
    return [Case(path.stem, path)]


def pdf_cmap_ranges(work: Path, blocks: int = 10_000) -> list[Case]:
    """A ToUnicode CMap of 1,000,000 bfrange entries (`blocks` of 100) each spanning 65,536
    codes (65 billion codes in all), followed by the real mappings, so the text still reads
    right."""
    block = b"100 beginbfrange\n" + b"<0000> <FFFF> <4E00>\n" * 100 + b"endbfrange\n"
    packer = zlib.compressobj(9)
    parts = [packer.compress(CMAP_HEAD)]
    for _ in range(blocks):
        parts.append(packer.compress(block))
    parts.append(packer.compress(bfchar_blocks() + CMAP_TAIL))
    parts.append(packer.flush())
    pdf = Pdf()
    font = identity_font(pdf, pdf.flate_stream("", b"".join(parts)))
    path = work / "pdf-cmap-ranges.pdf"
    save_one_page(pdf, path, report_text_ops().encode(), {"F1": font})
    return [Case(path.stem, path)]


def pdf_form_4000(work: Path, copies: int = 4000) -> list[Case]:
    """One Form XObject of a few hundred operators (text lines and ruled boxes) drawn 4,000
    (`copies`) times on one page, each copy shifted a little: a small file, 200,000 text runs."""
    pdf = Pdf()
    font = identity_font(pdf, pdf.stream("", CMAP_HEAD + bfchar_blocks() + CMAP_TAIL))
    ops = []
    for row in range(40):  # 40 text lines of 5 operators each
        line = LINES[row % len(LINES)]
        ops.append(f"BT /F1 10 Tf 1 0 0 1 72 {800 - row * 18} Tm <{cids(line)}> Tj ET")
    for box in range(50):  # 50 ruled boxes of 2 operators each
        ops.append(f"{72 + (box % 5) * 90} {100 + (box // 5) * 20} 90 20 re S")
    form = pdf.stream(
        f"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 {font} 0 R >> >>",
        "\n".join(ops).encode(),
    )
    draws = "".join(f"q 1 0 0 1 {(i % 20) * 0.5} {(i // 20) * 0.25} cm /Fm0 Do Q\n" for i in range(copies))
    path = work / f"pdf-form-{copies}.pdf"
    save_one_page(pdf, path, draws.encode(), {"F1": font}, {"Fm0": form})
    return [Case(path.stem, path)]


def pdf_huge_tj(work: Path, digits: int = 16 * MIB) -> list[Case]:
    """A ~16 KB PDF whose Flate content is one `Tj` of 16M (`digits`) one-byte glyphs
    (Helvetica digits, so the run also reads as one 16-million-digit number)."""
    pdf = Pdf()
    font = pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    content = report_text_ops().encode() + b"BT /F2 10 Tf 72 600 Td (" + b"8" * digits + b") Tj ET\n"
    cmap = pdf.stream("", CMAP_HEAD + bfchar_blocks() + CMAP_TAIL)
    path = work / "pdf-huge-tj.pdf"
    save_one_page(pdf, path, content, {"F1": identity_font(pdf, cmap), "F2": font})
    return [Case(path.stem, path)]


def pdf_truncated(work: Path) -> list[Case]:
    """A real multi-page report PDF cut in half: no cross-reference table, no trailer, the
    last pages' objects missing."""
    candidates = [
        REPO.parent / "shared/corpus/real/docs/r001.pdf",
        REPO / "testdata/pdf/stranded-header.pdf",
        REPO / "testdata/pdf/wps-2021.pdf",
    ]
    source = next((p for p in candidates if p.is_file()), None)
    if source is None:
        print("pdf-truncated: no source PDF found, skipped", file=sys.stderr)
        return []
    data = source.read_bytes()
    path = work / f"pdf-truncated-{source.stem}.pdf"
    path.write_bytes(data[: len(data) // 2])
    return [Case(path.stem, path)]


def layout_dump_unit() -> str:
    """`pdftotext -layout` dumps of report PDFs: the committed ones, else made with poppler."""
    dumps = sorted((REPO / "testdata/text").glob("*.layout.txt"))
    if dumps:
        return "".join(p.read_text(encoding="utf-8") for p in dumps)
    if shutil.which("pdftotext"):
        out = subprocess.run(
            ["pdftotext", "-layout", str(REPO / "testdata/pdf/hechuan-2019.pdf"), "-"],
            capture_output=True,
            check=True,
        )
        return out.stdout.decode("utf-8")
    raise SystemExit("no layout dump in testdata/text and no pdftotext (apt-get install poppler-utils)")


def text_layout_dump(work: Path) -> list[Case]:
    """A `pdftotext -layout` dump repeated to ~3k lines, ~30k lines and 23 MiB, to show how
    time and memory grow with the length of a layout dump."""
    unit = layout_dump_unit()
    unit_lines, unit_bytes = unit.count("\n"), len(unit.encode("utf-8"))
    cases = []
    for label, copies in (
        ("3k-lines", -(-3_000 // unit_lines)),
        ("30k-lines", -(-30_000 // unit_lines)),
        ("23mb", -(-23 * MIB // unit_bytes)),
    ):
        path = work / f"text-layout-{label}.txt"
        with open(path, "w", encoding="utf-8") as f:
            for _ in range(copies):
                f.write(unit)
        cases.append(Case(path.stem, path))
    return cases


def html_large(work: Path) -> list[Case]:
    """HTML pages of 20 MiB and 200 MiB of ordinary paragraphs after a report's opening."""
    cases = []
    for size_mib in (20, 200):
        path = work / f"html-{size_mib}mb.html"
        with open(path, "w", encoding="utf-8") as f:
            f.write(f'<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body>\n')
            f.write("".join(f"<p>{line}</p>\n" for line in LINES))
            n = 0
            while f.tell() < size_mib * MIB:
                # A thousand paragraphs per write keeps both memory and Python overhead low.
                f.write("".join(f"<p>{PARAGRAPH.format(n=n + k)}</p>\n" for k in range(1000)))
                n += 1000
            f.write("</body></html>\n")
        cases.append(Case(path.stem, path))
    return cases


def fifo(work: Path) -> list[Case]:
    """A FIFO named like a PDF, with no writer: opening it for reading blocks forever."""
    path = work / "b.pdf"
    os.mkfifo(path)
    return [Case("fifo b.pdf", path)]


def dev_zero(work: Path) -> list[Case]:
    """A text file that is a symlink to /dev/zero: reading it never ends, and its size is 0."""
    path = work / "z.txt"
    path.symlink_to("/dev/zero")
    return [Case("dev-zero z.txt", path)]


def ole2(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (version 3, 512-byte sectors) holding the given streams
    under its root. Every stream must be at least 4,096 bytes, so that it lives in ordinary
    sectors and no mini stream is needed."""
    sector = 512
    free, end_of_chain, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    assert len(streams) <= 3 and all(len(d) >= 4096 for d in streams.values())
    # Sector 0 holds the FAT, sector 1 the directory, the streams follow.
    fat = [fat_sector, end_of_chain]
    starts, body = [], b""
    for data in streams.values():
        padded = data + bytes(-len(data) % sector)
        count = len(padded) // sector
        first = len(fat)
        starts.append(first)
        fat += list(range(first + 1, first + count)) + [end_of_chain]
        body += padded
    assert len(fat) <= sector // 4
    fat += [free] * (sector // 4 - len(fat))

    def entry(name, kind, left, right, child, start, size):
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\0")
            + len(encoded).to_bytes(2, "little")
            + bytes([kind, 1])  # kind, colour black
            + b"".join(v.to_bytes(4, "little") for v in (left, right, child))
            + bytes(16 + 4 + 8 + 8)  # class id, state bits, creation and modification times
            + start.to_bytes(4, "little")
            + size.to_bytes(8, "little")
        )

    # The siblings as a (black, so valid) tree: each stream is the left sibling of the next,
    # names sorting by length first as the format orders them; the root points at the last.
    names = list(streams)
    entries = [entry("Root Entry", 5, no_stream, no_stream, len(names), end_of_chain, 0)]
    for i, name in enumerate(names):
        left = i if i > 0 else no_stream
        entries.append(entry(name, 2, left, no_stream, no_stream, starts[i], len(streams[name])))
    while len(entries) < sector // 128:
        entries.append(entry("", 0, no_stream, no_stream, no_stream, 0, 0))
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)  # class id
        + (0x3E).to_bytes(2, "little")  # minor version
        + (3).to_bytes(2, "little")  # major version
        + (0xFFFE).to_bytes(2, "little")  # byte order
        + (9).to_bytes(2, "little")  # sector size 2^9
        + (6).to_bytes(2, "little")  # mini sector size 2^6
        + bytes(6)
        + (0).to_bytes(4, "little")  # directory sectors (always 0 in version 3)
        + (1).to_bytes(4, "little")  # FAT sectors
        + (1).to_bytes(4, "little")  # first directory sector
        + (0).to_bytes(4, "little")  # transaction signature
        + (4096).to_bytes(4, "little")  # mini stream cutoff
        + end_of_chain.to_bytes(4, "little")  # first mini FAT sector
        + (0).to_bytes(4, "little")
        + end_of_chain.to_bytes(4, "little")  # first DIFAT sector
        + (0).to_bytes(4, "little")
        + (0).to_bytes(4, "little")  # DIFAT[0]: the FAT is sector 0
        + free.to_bytes(4, "little") * 108
    )
    assert len(header) == sector
    fat_bytes = b"".join(v.to_bytes(4, "little") for v in fat)
    return header + fat_bytes + b"".join(entries) + body


def docx_encrypted(work: Path) -> list[Case]:
    """A password-protected Word file as Office writes it: not a ZIP but an OLE2 container
    holding `EncryptionInfo` and an `EncryptedPackage` of ciphertext, named .docx."""
    info = (
        (4).to_bytes(2, "little")  # agile encryption: version 4.4
        + (4).to_bytes(2, "little")
        + (0x40).to_bytes(4, "little")
        + b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption">'
        b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
        b'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"/>'
        b"</encryption>"
    ).ljust(4096, b"\0")
    plain_size = 12_000
    package = plain_size.to_bytes(8, "little") + random.Random(2021).randbytes(12_288)
    path = work / "encrypted.docx"
    path.write_bytes(ole2({"EncryptionInfo": info, "EncryptedPackage": package}))
    return [Case("docx-encrypted", path)]


def symlink_loop(work: Path) -> list[Case]:
    """A folder of 2 reports holding a symlink to its own parent (and one to itself): the
    batch must list each report once, and end."""
    folder = work / "symlink-loop" / "reports"
    folder.mkdir(parents=True)
    shutil.copy(REPO / "testdata/docx/report-2021.docx", folder)
    shutil.copy(REPO / "testdata/pdf/wps-2021.pdf", folder)
    (folder / "up").symlink_to("..")
    (folder / "here").symlink_to(".")
    return [Case("symlink-loop", folder)]


GENERATORS = [
    html_deep,
    pdf_tounicode_bomb,
    pdf_w_array,
    pdf_cmap_ranges,
    pdf_form_4000,
    pdf_huge_tj,
    pdf_truncated,
    text_layout_dump,
    html_large,
    fifo,
    dev_zero,
    docx_encrypted,
    symlink_loop,
]


# ---------------------------------------------------------------------------------------------
# Running one input under GNU time, with guards of our own.


@dataclass
class Result:
    case: Case
    size: str
    status: str
    message: str
    rss_mib: float | None
    cpu: float | None
    wall: float
    overrun: float | None


def size_label(path: Path) -> str:
    """The input's size as the batch sees it; links, FIFOs and folders say what they are."""
    st = os.lstat(path)
    if path.is_symlink():
        return f"-> {os.readlink(path)}"
    if path.is_fifo():
        return "fifo"
    if path.is_dir():
        total = sum(
            os.lstat(Path(d) / f).st_size for d, _, files in os.walk(path) for f in files
            if not (Path(d) / f).is_symlink()
        )
        return f"dir {human(total)}"
    return human(st.st_size)


def human(n: int) -> str:
    if n >= MIB:
        return f"{n / MIB:.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n} B"


def child_of(pid: int) -> int | None:
    """The process GNU time started (nianbao), once it exists."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return int(children[0]) if children else None
    except (OSError, ValueError):
        return None


def rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def parse_time_report(path: Path) -> dict:
    """The figures GNU time -v wrote: peak RSS, CPU, and how the command ended."""
    report = {}
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return report
    for line in text.splitlines():
        line = line.strip()
        key, _, value = line.rpartition(": ")
        if key == "Maximum resident set size (kbytes)":
            report["rss_mib"] = int(value) / 1024
        elif key == "User time (seconds)":
            report["user"] = float(value)
        elif key == "System time (seconds)":
            report["sys"] = float(value)
        elif key == "Exit status":
            report["exit"] = int(value)
        elif line.startswith("Command terminated by signal"):
            report["signal"] = int(line.split()[-1])
    return report


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def summary_rows(out: Path) -> list[dict] | None:
    try:
        lines = (out / "summary.tsv").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    if not lines:
        return []
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:] if line]


def last_line(path: Path) -> str:
    try:
        lines = [l for l in path.read_text(errors="replace").splitlines() if l.strip()]
    except OSError:
        return ""
    return lines[-1].strip() if lines else ""


def whereabouts(pid: int | None) -> str:
    """What a process was doing when it was killed: the kernel functions its threads sleep in
    (a blocking open or read shows here, beside the futex of a thread waiting for another)."""
    if not pid:
        return ""
    waits = []
    try:
        for task in sorted(Path(f"/proc/{pid}/task").iterdir()):
            state = (task / "stat").read_text().rpartition(")")[2].split()[0]
            wchan = (task / "wchan").read_text().strip()
            what = "running" if state == "R" else wchan if wchan not in ("", "0") else state
            if what not in waits:
                waits.append(what)
    except (OSError, IndexError):
        pass
    return "threads when killed: " + ", ".join(waits) if waits else ""


def stop(proc: subprocess.Popen, child: int | None) -> None:
    """Kills nianbao first, so GNU time still writes its figures, then the rest of the group."""
    if child:
        try:
            os.kill(child, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def run_case(nianbao: str, case: Case, runs: Path, timeout: float, max_rss: float) -> Result:
    size = size_label(case.path)
    out = runs / case.name.replace(" ", "_")
    time_file, log_file = Path(f"{out}.time"), Path(f"{out}.log")
    cmd = [GNU_TIME, "-v", "-o", str(time_file), nianbao, "convert", str(case.path), "-o", str(out)]
    cmd += ["--timeout", f"{timeout:g}", "-j", "1"]
    # The guard: nianbao's own limit plus a minute; with no limit (0), ten minutes.
    guard = timeout + 60 if timeout > 0 else 600
    killed = None
    start = time.monotonic()
    with open(log_file, "wb") as log:
        # A session of its own, so whatever nianbao starts can be cleaned up with it.
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
        child, seen = None, ""
        while proc.poll() is None:
            time.sleep(0.05)
            child = child or child_of(proc.pid)
            if time.monotonic() - start > guard:
                killed = f"hung: killed after {guard:g} s"
            elif child and rss_mib(child) > max_rss:
                killed = f"killed: RSS over {max_rss:g} MiB"
            if killed:
                seen = whereabouts(child)
                stop(proc, child)
                break
        wall = time.monotonic() - start
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # anything nianbao left running
    except (ProcessLookupError, PermissionError):
        pass

    figures = parse_time_report(time_file)
    ended = ""
    if "signal" in figures:
        ended = signal_name(figures["signal"])
    elif figures.get("exit"):
        ended = f"exit {figures['exit']}"
    rows = summary_rows(out)
    message = ""
    if killed:
        status = killed
        message = last_line(log_file) or seen
    elif rows is None:
        status = f"no summary ({ended or 'exit 0'})"
        message = last_line(log_file)
    elif len(rows) == 1 and not case.path.is_dir():
        status = rows[0].get("status", "?") + (f" ({ended})" if ended else "")
        message = rows[0].get("message", "").removeprefix(f"{case.path}: ")
    else:
        statuses = ", ".join(r.get("status", "?") for r in rows)
        status = f"{len(rows)} rows: {statuses}" + (f" ({ended})" if ended else "")
        message = "; ".join(Path(r.get("source", "")).name for r in rows)
    cpu = figures["user"] + figures["sys"] if "user" in figures and "sys" in figures else None
    overrun = max(0.0, wall - timeout) if timeout > 0 else None
    return Result(case, size, status, message, figures.get("rss_mib"), cpu, wall, overrun)


# ---------------------------------------------------------------------------------------------
# The table.

COLUMNS = f"{'input':<24} {'size':>16} {'status':<34} {'RSS MiB':>8} {'CPU s':>7} {'wall s':>7} {'over s':>7}  message"


def row(r: Result) -> str:
    def num(v, fmt):
        return "-" if v is None else format(v, fmt)

    message = r.message if len(r.message) <= 90 else r.message[:87] + "..."
    return (
        f"{r.case.name:<24} {r.size:>16} {r.status:<34} {num(r.rss_mib, '8.1f')} "
        f"{num(r.cpu, '7.2f')} {r.wall:7.2f} {num(r.overrun, '7.2f')}  {message}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nianbao", default=str(REPO / "target/release/nianbao"), help="the binary")
    parser.add_argument("--timeout", type=float, default=5, help="nianbao's --timeout, seconds")
    parser.add_argument("--keep", metavar="DIR", help="write inputs and outputs here and keep them")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="generators whose name contains NAME")
    parser.add_argument("--max-rss", type=float, default=8192, metavar="MIB", help="kill a run above this")
    args = parser.parse_args()

    if not os.access(GNU_TIME, os.X_OK):
        print(f"{GNU_TIME} is missing: apt-get install time", file=sys.stderr)
        return 2
    nianbao = os.path.abspath(args.nianbao)
    if not os.access(nianbao, os.X_OK):
        print(f"{nianbao} is missing: cargo build --release", file=sys.stderr)
        return 2
    generators = [
        g for g in GENERATORS
        if not args.only or any(word in g.__name__.replace("_", "-") for word in args.only)
    ]

    if args.keep:
        base = Path(args.keep).resolve()
        if base.exists() and any(base.iterdir()):
            print(f"{base} is not empty; give --keep a new folder", file=sys.stderr)
            return 2
        base.mkdir(parents=True, exist_ok=True)
    else:
        base = Path(tempfile.mkdtemp(prefix="nianbao-hostile-"))
    work, runs = base / "inputs", base / "runs"
    work.mkdir()
    runs.mkdir()

    results = []
    try:
        print(f"nianbao: {nianbao}  --timeout {args.timeout:g}  -j 1  (guard: +60 s, {args.max_rss:g} MiB)")
        print(COLUMNS)
        for generate in generators:
            print(f"generating {generate.__name__.replace('_', '-')} ...", file=sys.stderr, flush=True)
            for case in generate(work):
                print(f"running {case.name} ...", file=sys.stderr, flush=True)
                result = run_case(nianbao, case, runs, args.timeout, args.max_rss)
                results.append(result)
                print(row(result), flush=True)
    finally:
        if args.keep:
            print(f"inputs and outputs kept in {base}", file=sys.stderr)
        else:
            shutil.rmtree(base, ignore_errors=True)

    measured = [r for r in results if r.rss_mib is not None]
    if measured:
        top = max(measured, key=lambda r: r.rss_mib)
        print(f"largest peak RSS: {top.rss_mib:.1f} MiB ({top.case.name})")
    overran = [r for r in results if r.overrun is not None]
    if overran:
        top = max(overran, key=lambda r: r.overrun)
        print(f"longest overrun:  {top.overrun:.2f} s ({top.case.name}, wall {top.wall:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
