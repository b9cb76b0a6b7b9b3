"""The result of reading one file: :class:`RawText`, and for paged files its :class:`PageText`.

Its own module because every reader returns it — :mod:`ingest.readers` (text, HTML, PDF,
sheets, the entry point), :mod:`ingest.office` (Word, PowerPoint) and :mod:`ingest.scanned`
(pages read by OCR) — and the entry point dispatches to them; it is re-exported by
:mod:`ingest.readers`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PageText:
    """One usable page of a PDF or image file: its text (repaired, NFC) and where it came from."""

    number: int  # 1-based, as the file numbers it
    text: str
    ocr: bool = False  # read by OCR (the page had no usable text layer)


@dataclass
class RawText:
    """A file's text before any structure is read into it."""

    text: str  # Unicode NFC, legacy encodings repaired, source line breaks kept
    encoding: str  # unicode, utf-8, utf-16, cp1258, viscii, tcvn3, vni or mixed
    fmt: str  # the file's format: txt, md, html, pdf, docx, doc, rtf, xls, ppt, png, tif, ...
    warnings: list[str] = field(default_factory=list)
    # Paged files (PDF, images): the usable pages, in order; ``text`` is their texts joined by
    # newlines. A page nothing could be read from is not here: it has a warning instead.
    pages: list[PageText] = field(default_factory=list)
    failed_pages: list[int] = field(default_factory=list)  # 1-based
