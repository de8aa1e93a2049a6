#!/usr/bin/env python3
"""Builds the scan fixtures: a text-layer PDF fixture rendered to grey JPEG pages with
pdftoppm (poppler-utils), each page an image PDF page of the same size with no text layer.

    python3 testdata/scan/make.py testdata/pdf/wps-2021.pdf testdata/scan/wps-2021-scan.pdf 150
"""
import glob
import os
import struct
import subprocess
import sys
import tempfile


def jpeg_size(data):
    """Width and height from a JPEG's start-of-frame marker."""
    i = 2
    while i < len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        i += 2 + length
    raise ValueError("no frame in JPEG")


def main():
    source, target, dpi = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-jpeg", "-jpegopt", "quality=85", source,
                        os.path.join(tmp, "p")], check=True)
        pages = [open(p, "rb").read() for p in sorted(glob.glob(os.path.join(tmp, "p-*.jpg")))]
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    kids = []
    for n, jpeg in enumerate(pages):
        w, h = jpeg_size(jpeg)
        pw, ph = w * 72 / dpi, h * 72 / dpi
        page, content, image = 3 + 3 * n, 4 + 3 * n, 5 + 3 * n
        kids.append(f"{page} 0 R")
        objects[page] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.2f} {ph:.2f}] "
                         f"/Resources << /XObject << /Im0 {image} 0 R >> >> /Contents {content} 0 R >>").encode()
        draw = f"q {pw:.2f} 0 0 {ph:.2f} 0 0 cm /Im0 Do Q".encode()
        objects[content] = b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream"
        objects[image] = (f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray "
                          f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(jpeg)} >>\nstream\n").encode() \
            + jpeg + b"\nendstream"
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    count = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % count
    for number in range(1, count):
        out += b"%010d 00000 n \n" % offsets[number]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (count, xref)
    open(target, "wb").write(out)


if __name__ == "__main__":
    main()
