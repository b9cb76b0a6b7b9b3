"""A corpus of bad input, generated: what a careless or hostile upload can be.

Each file is made from a good fixture (cut short, overwritten, renamed) or from scratch, with
a fixed seed, so the same bytes come back every run and nothing binary is shipped. ``BAD``
lists them with the words the Vietnamese error must hold; the ingestion tests feed them to
``read_file`` one by one, and to a real index all at once next to good documents.
"""

from __future__ import annotations

import io
import random
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import FIXTURES

FORMATS = FIXTURES / "formats"
BOMB_MB = 120  # what the zip bomb unpacks to; tests set ingest.max_unpacked_mb below it


@dataclass(frozen=True)
class BadFile:
    """A bad file's name, how to make its bytes, and what its error must say."""

    name: str
    make: object  # () -> bytes
    reason: str  # a piece of the Vietnamese reason
    office: bool = False  # read through LibreOffice (slow)
    ocr: bool = False  # decided by OCR (needs tesseract)


def _seeded(size: int, seed: int, low: int = 0, high: int = 255) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randint(low, high) for _ in range(size))


def _cut(name: str, share: float = 0.5) -> bytes:
    data = (FORMATS / name).read_bytes()
    return data[: int(len(data) * share)]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return buffer.getvalue()


_CONTENT_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  b'<Default Extension="xml" ContentType="application/xml"/></Types>')


def zip_bomb() -> bytes:
    """A real .docx (the mixed-fonts fixture) whose document part is replaced by one that
    unpacks to ``BOMB_MB`` MB: a paragraph of spaces, about 120 kB packed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(FORMATS / "mixed-fonts.docx") as source, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for member in source.infolist():
            if member.filename != "word/document.xml":
                archive.writestr(member, source.read(member))
        head, _, tail = source.read("word/document.xml").partition(b"<w:body>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(head + b"<w:body><w:p><w:r><w:t>")
            block = b" " * (1 << 20)
            for _ in range(BOMB_MB):
                part.write(block)
            part.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    """The Unicode fixture locked with a user password (no empty password opens it)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(FORMATS / "unicode.pdf"))
    writer.encrypt(user_password="mat-khau", owner_password="chu-so-huu", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


LEGACY_PAGE = ("ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC\n\nQUYẾT ĐỊNH về việc bảo vệ rừng phòng hộ\n\n"
               "Điều 1. Các sở, ngành và Ủy ban nhân dân các huyện có trách nhiệm bảo vệ rừng phòng hộ đầu nguồn.\n"
               "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")


def garbage_layer_pdf() -> bytes:
    """A scanned page of Vietnamese whose text layer is glyph codes, as an old font without a
    Unicode map leaves it (every letter one code off: no repair maps it back). The page shows
    the real text; only OCR can read it."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    from tests.scans import save_pdf, scan

    with tempfile.TemporaryDirectory() as tmp:
        image_pdf = save_pdf(scan(LEGACY_PAGE, 200, max_pages=1), Path(tmp) / "scan.pdf", 200)
        writer = PdfWriter(clone_from=PdfReader(image_pdf))
    page = writer.pages[0]
    shifted = "".join(chr(ord(c) + 1) if c.isalpha() else c for c in LEGACY_PAGE.encode("ascii", "replace").decode())
    lines = [f"BT 3 Tr /FX 11 Tf 60 {780 - row * 20} Td ({line}) Tj ET"
             for row, line in enumerate(shifted.replace("(", "").replace(")", "").splitlines())]
    stream = DecodedStreamObject()
    stream.set_data("\n".join(lines).encode("latin-1"))
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    resources = page["/Resources"].get_object()
    fonts = DictionaryObject({NameObject("/FX"): writer._add_object(font)})
    resources[NameObject("/Font")] = fonts
    contents = page.get_contents()
    contents.set_data(contents.get_data() + b"\n" + stream.get_data())
    page.replace_contents(contents)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def nested_html(depth: int = 200_000) -> bytes:
    return ("<html><body>" + "<div><span>" * depth + "Nội dung" + "</span></div>" * depth
            + "</body></html>").encode("utf-8")


BAD: list[BadFile] = [
    BadFile("rong.pdf", lambda: b"", "tệp rỗng"),
    BadFile("rong.docx", lambda: b"", "tệp rỗng"),
    BadFile("rong.doc", lambda: b"", "tệp rỗng"),
    BadFile("rong.xls", lambda: b"", "tệp rỗng"),
    BadFile("rong.txt", lambda: b"", "tệp rỗng"),
    BadFile("cut-ngan.pdf", lambda: _cut("unicode.pdf"), "PDF bị hỏng"),
    BadFile("rac.pdf", lambda: b"%PDF-1.7\n" + _seeded(20_000, 1), "PDF bị hỏng"),
    BadFile("mat-khau.pdf", encrypted_pdf, "mã hoá"),
    BadFile("cut-ngan.docx", lambda: _cut("mixed-fonts.docx"), "DOCX bị hỏng"),
    BadFile("xml-hong.docx", lambda: _zip({"[Content_Types].xml": _CONTENT_TYPES, "word/document.xml": b"<w:document"}),
            "DOCX bị hỏng"),
    BadFile("bom-nen.docx", zip_bomb, "giải nén"),
    BadFile("nhi-phan.txt", lambda: _seeded(30_000, 2), "không phải văn bản"),
    BadFile("nhi-phan-khong-nul.txt", lambda: _seeded(30_000, 3, 0x80, 0xFF), "không phải văn bản tiếng Việt"),
    BadFile("shift-jis.txt", lambda: ("行政手続きの簡素化について。" * 40).encode("shift_jis"),
            "không phải văn bản tiếng Việt"),
    BadFile("koi8.txt", lambda: ("Постановление правительства о защите окружающей среды. " * 20).encode("koi8_r"),
            "không phải văn bản tiếng Việt"),
    BadFile("cut-ngan.doc", lambda: _cut("legacy-tcvn3.doc", 0.3), "bị hỏng", office=True),
    BadFile("rac.xls", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + _seeded(8_000, 4), "bị hỏng", office=True),
    BadFile("cut-ngan.xls", lambda: _cut("sheet.xls", 0.4), "bị hỏng", office=True),
]


def write_bad_files(folder: Path, *, office: bool = True, ocr: bool = True) -> dict[str, BadFile]:
    """Write the bad corpus into ``folder``; ``office``/``ocr``: include the slow kinds."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for bad in BAD:
        if (bad.office and not office) or (bad.ocr and not ocr):
            continue
        (folder / bad.name).write_bytes(bad.make())
        written[bad.name] = bad
    return written
