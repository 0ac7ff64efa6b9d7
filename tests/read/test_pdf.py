"""PDF files: the text of every page, pages a blank line apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.records import Document
from tests.read.support import documents, one_error, read_all


def make_pdf(pages: list[str], title: str | None = None) -> bytes:
    """A minimal PDF with one line of Helvetica text per page ("" for a blank page)."""
    count = len(pages)
    kids = " ".join(f"{4 + 2 * index} 0 R" for index in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for index, line in enumerate(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * index} 0 R >>".encode()
        )
        stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode() if line else b""
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    info = ""
    if title is not None:
        objects.append(f"<< /Title ({title}) >>".encode())
        info = f" /Info {len(objects)} 0 R"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\n"
    out += trailer.encode() + b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_pages_are_joined_by_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "ruling.pdf"
    pages = ["The court upheld the sentence.", "", "Two judges dissented."]
    path.write_bytes(make_pdf(pages, title="Appeal ruling"))
    assert read_all(path) == [
        Document(
            id="ruling",
            text="The court upheld the sentence.\n\nTwo judges dissented.",
            title="Appeal ruling",
        )
    ]


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (make_pdf(["", ""]), "the PDF holds no extractable text"),
        (b"%PDF-1.4\nthis is not really a PDF\n", "not a readable PDF ("),
        (b"", "the input is empty"),
    ],
)
def test_unreadable_pdfs_are_errors(tmp_path: Path, raw: bytes, problem: str) -> None:
    (tmp_path / "scan.pdf").write_bytes(raw)
    (tmp_path / "ruling.pdf").write_bytes(make_pdf(["The court upheld the sentence."]))
    items = read_all(tmp_path / "scan.pdf", tmp_path / "ruling.pdf")
    assert one_error(items).startswith(f"{tmp_path / 'scan.pdf'}: {problem}")
    assert [d.id for d in documents(items)] == ["ruling"]
