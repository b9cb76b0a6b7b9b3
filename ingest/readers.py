"""Read a file of any supported format into Unicode NFC text, repairing legacy encodings.

One entry point, :func:`read_file`. Formats: plain text (.txt/.md, encoding detected, not
assumed), HTML, PDF (pypdf text layer, page by page; a page without a usable one is read by
OCR, :mod:`ingest.scanned`), scanned images (.png/.jpg/.tif, OCR), DOCX (paragraphs and tables in document order,
with each run's font so legacy ``.VnTime``/``VNI-*`` runs are recognised), PPTX, and the
old binary formats through LibreOffice headless (.doc/.rtf/.odt → .docx so run fonts
survive; .xls/.xlsx/.ods → one tab-separated CSV per sheet; .ppt/.odp → .pptx).

Lines are kept as the source lays them out: re-joining PDF visual line breaks is the
next stage's job. Every failure a user can cause raises :class:`IngestError` with a
one-line Vietnamese reason.

DOCX and PPTX parsing lives in :mod:`ingest.office` and :class:`RawText` in
:mod:`ingest.rawtext`; both are reached through this module.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from common.errors import IngestError
from ingest.guard import ZIP_SUFFIXES, ReadLimits, check_archive, run_guarded
from ingest.legacy import decode_bytes, repair_text, repair_units
from ingest.ocr import IMAGE_SUFFIXES, OcrOptions
from ingest.office import read_docx, read_pptx
from ingest.pages import readable_counts
from ingest.rawtext import RawText
from ingest.scanned import OnPage, read_image, settle_pages

__all__ = ["HTML_SUFFIXES", "IMAGE_SUFFIXES", "OFFICE_TARGETS", "PAGED_SUFFIXES", "SUPPORTED", "TEXT_SUFFIXES",
           "RawText", "read_file"]


TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
# What LibreOffice turns each format into: docx keeps run fonts, csv keeps every sheet.
OFFICE_TARGETS = {
    ".doc": "docx", ".rtf": "docx", ".odt": "docx",
    ".xls": "csv", ".xlsx": "csv", ".ods": "csv",
    ".ppt": "pptx", ".odp": "pptx",
}
PAGED_SUFFIXES = {".pdf"} | IMAGE_SUFFIXES  # files whose text has page numbers
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | PAGED_SUFFIXES | {".docx", ".pptx"} | set(OFFICE_TARGETS)
_CSV_FILTER = "csv:Text - txt - csv (StarCalc):9,34,76,1,,0,false,true,false,false,false,-1"


def read_file(
    path: Path,
    *,
    max_bytes: int = 50 * 2**20,
    libreoffice_timeout_s: float = 120.0,
    ocr: OcrOptions = OcrOptions(),
    on_page: OnPage | None = None,
    limits: ReadLimits = ReadLimits(),
) -> RawText:
    """Read ``path`` into :class:`RawText`.

    The bytes are parsed in a guarded child process (:mod:`ingest.guard`: time and memory
    limits); a zip-based file is first checked for what it unpacks to.

    :param ocr: how pages without a usable text layer, and image files, are read.
    :param on_page: OCR progress, called with (pages read, pages to read).
    :param limits: what reading one file may cost, and the share of readable text it must give.
    :raises IngestError: missing, empty, oversized, unsupported, corrupt or encrypted file,
        LibreOffice, Tesseract or poppler missing or too slow, a parser out of time or memory,
        a zip bomb, no text at all (a PDF or image none of whose pages gave usable text, even
        by OCR), or text that does not read as Vietnamese (wrong encoding, binary data).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise IngestError(path, f"định dạng tệp «{suffix or '(không có đuôi)'}» không được hỗ trợ")
    if not path.is_file():
        raise IngestError(path, "không tìm thấy tệp")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(path, "tệp rỗng")
    if size > max_bytes:
        raise IngestError(
            path, f"tệp quá lớn ({size / 2**20:.1f} MB, tối đa {max_bytes / 2**20:.0f} MB)"
        )
    fmt = suffix.lstrip(".")
    if suffix in ZIP_SUFFIXES:
        check_archive(path, limits.max_unpacked_mb)
    if suffix in OFFICE_TARGETS:
        raw = _read_via_libreoffice(path, OFFICE_TARGETS[suffix], libreoffice_timeout_s, limits)
    elif suffix == ".pdf":
        layers, encoding, warnings = run_guarded(path, pdf_layers, path, limits=limits)
        raw = settle_pages(path, layers, encoding, ocr, on_page, warnings)
    elif suffix in IMAGE_SUFFIXES:
        raw = read_image(path, ocr, on_page)
    else:
        raw = run_guarded(path, _READERS[suffix], path, limits=limits)
    raw.fmt = fmt
    raw.text = unicodedata.normalize("NFC", raw.text).strip("\n")
    if not raw.text.strip():
        raise IngestError(path, "không trích xuất được văn bản nào từ tệp")
    if not raw.pages:  # a paged file's pages passed their own gate (ingest.scanned)
        check_readable(path, raw.text, limits.min_text_share)
    return raw


def check_readable(path: Path, text: str, min_share: float, min_chars: int = 20) -> None:
    """Refuse text that does not read as Vietnamese: bytes in an encoding nobody declared
    (Shift-JIS, KOI8-R) decode without error into 8-bit garbage, and so do binary data named
    ``.txt`` and what LibreOffice's text import makes of a broken spreadsheet.

    :raises IngestError: at least ``min_chars`` letters and digits, under ``min_share`` of them
        readable (:func:`ingest.pages.readable_counts`).
    """
    total, readable = readable_counts(text)
    if total >= min_chars and readable < min_share * total:
        raise IngestError(path, f"nội dung đọc ra không phải văn bản tiếng Việt (chỉ {readable / total:.0%} chữ đọc "
                                "được): tệp bị hỏng, dùng bảng mã không nhận ra được, hoặc là dữ liệu nhị phân")


# --- plain text and HTML --------------------------------------------------------------
def _read_text(path: Path) -> RawText:
    text, encoding = decode_bytes(path.read_bytes())
    if "\x00" in text:
        raise IngestError(path, "tệp bị hỏng hoặc không phải văn bản")
    return RawText(text.replace("\r\n", "\n").replace("\r", "\n"), encoding, "txt")


_BLOCK_TAGS = set(
    "p div br li tr h1 h2 h3 h4 h5 h6 table ul ol section article header footer blockquote "
    "pre title dd dt hr".split()
)
_HIDDEN_TAGS = {"script", "style", "noscript", "template"}


class _HtmlText(HTMLParser):
    """Text of an HTML page, one line per block element, without script and style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def handle_endtag(self, tag):
        if tag in _HIDDEN_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(re.sub(r"\s+", " ", data))


def _read_html(path: Path) -> RawText:
    source, encoding = decode_bytes(path.read_bytes())
    parser = _HtmlText()
    parser.feed(source)
    parser.close()
    lines = (line.strip(" \t") for line in "".join(parser.parts).split("\n"))
    text, detected = repair_text("\n".join(line for line in lines if line))
    return RawText(text, encoding if detected == "unicode" else detected, "html")


# --- PDF ------------------------------------------------------------------------------
_FILTER_NAMES = {f"/{short}": f"/{full}Decode" for short, full in (
    ("Fl", "Flate"), ("AHx", "ASCIIHex"), ("A85", "ASCII85"), ("LZW", "LZW"), ("RL", "RunLength"),
    ("CCF", "CCITTFax"), ("DCT", "DCT"),
)}


def _expand_filter_names(reader) -> None:
    """Old producers abbreviate stream filter names (``/Fl``), which pypdf 7 refuses.
    Rename them on every stream of the file so its text layer can be read."""
    from pypdf.generic import ArrayObject, NameObject, StreamObject

    for number in range(1, int(reader.trailer.get("/Size", 0))):
        try:
            stream = reader.get_object(number)
        except Exception:  # noqa: BLE001 - free or broken entries are not ours to fix
            continue
        if not isinstance(stream, StreamObject) or "/Filter" not in stream:
            continue
        filters = stream["/Filter"]
        names = [str(f) for f in filters] if isinstance(filters, list) else [str(filters)]
        if any(name in _FILTER_NAMES for name in names):
            fixed = [NameObject(_FILTER_NAMES.get(n, n)) for n in names]
            stream[NameObject("/Filter")] = ArrayObject(fixed) if isinstance(filters, list) else fixed[0]


def _page_text(reader, page) -> str:
    try:
        return page.extract_text() or ""
    except Exception:  # noqa: BLE001 - pypdf raises many kinds on odd pages
        _expand_filter_names(reader)
        return page.extract_text() or ""


def pdf_layers(path: Path) -> tuple[list[str], str, list[str]]:
    """Each page's repaired text layer ("" when it has none), the encoding repair found, and
    warnings about pages whose layer could not be read: the part of reading a PDF that runs
    under :func:`ingest.guard.run_guarded` (OCR of the pages that need it comes after)."""
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(path, "tệp PDF được mã hoá (có mật khẩu), không đọc được")
        pages = list(reader.pages)
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise IngestError(path, "tệp PDF bị hỏng, không đọc được") from exc
    texts, warnings = [], []
    for number, page in enumerate(pages, start=1):
        try:
            text = _page_text(reader, page)
        except Exception as exc:  # noqa: BLE001
            warnings.append(f"trang {number}: không đọc được lớp văn bản ({type(exc).__name__})")
            text = ""
        texts.append(text)
    layers, encoding = _repair_pages(texts)
    return layers, encoding, warnings


def _repair_pages(texts: list[str]) -> tuple[list[str], str]:
    """Repair every page's text as one document (the encoding verdict is the document's),
    then cut it back into pages: repair keeps lines, so each page keeps its own."""
    repaired, encoding = repair_text("\n".join(texts))
    lines = repaired.split("\n")
    pages, first = [], 0
    for text in texts:
        count = text.count("\n") + 1
        pages.append("\n".join(lines[first : first + count]))
        first += count
    return pages, encoding


# --- CSV (what LibreOffice gives for sheets) ---------------------------------------
def _read_csv_sheets(files: list[Path]) -> RawText:
    """Tab-separated rows, one unit per cell so a legacy cell beside a Unicode one is fine."""
    rows: list[list[str]] = []
    for file in files:
        rows.extend(csv.reader(io.StringIO(file.read_text("utf-8-sig")), delimiter="\t"))
    cells = [[(cell, None)] for row in rows for cell in row]
    repaired, encoding = repair_units(cells)
    lines, position = [], 0
    for row in rows:
        lines.append("\t".join(repaired[position : position + len(row)]).rstrip())
        position += len(row)
    return RawText("\n".join(lines), encoding, "csv")


# --- LibreOffice ----------------------------------------------------------------------
def _read_via_libreoffice(path: Path, target: str, timeout_s: float, limits: ReadLimits) -> RawText:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise IngestError(path, f"cần LibreOffice (soffice) để đọc tệp {path.suffix}, nhưng chưa cài đặt")
    with tempfile.TemporaryDirectory(prefix="policyqa-lo-") as tmp:
        out_dir = Path(tmp) / "out"
        # A private profile per call: parallel conversions never share a LibreOffice instance.
        command = [
            soffice, "--headless", "--norestore", f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
            "--convert-to", _CSV_FILTER if target == "csv" else target, "--outdir", str(out_dir), str(path),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout_s, check=False)
        except subprocess.TimeoutExpired as exc:
            raise IngestError(path, f"LibreOffice chuyển đổi quá {timeout_s:.0f} giây, đã dừng") from exc
        produced = sorted(out_dir.glob("*"), key=lambda p: (p.stat().st_mtime_ns, p.name))
        if not produced:
            raise IngestError(path, "tệp bị hỏng, LibreOffice không chuyển đổi được")
        if target == "csv":
            return run_guarded(path, _read_csv_sheets, produced, limits=limits)  # one sheet after another
        return run_guarded(path, read_docx if target == "docx" else read_pptx, produced[0], limits=limits)


_READERS = {
    ".txt": _read_text, ".md": _read_text, ".html": _read_html, ".htm": _read_html,
    ".docx": read_docx, ".pptx": read_pptx,
}
