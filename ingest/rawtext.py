"""The result of reading one file: :class:`RawText`.

Its own module because every reader returns it — :mod:`ingest.readers` (text, HTML, PDF,
sheets, the entry point) and :mod:`ingest.office` (Word, PowerPoint) — and the entry point
dispatches to both; it is re-exported by :mod:`ingest.readers`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RawText:
    """A file's text before any structure is read into it."""

    text: str  # Unicode NFC, legacy encodings repaired, source line breaks kept
    encoding: str  # unicode, utf-8, utf-16, cp1258, viscii, tcvn3, vni or mixed
    fmt: str  # the file's format: txt, md, html, pdf, docx, doc, rtf, xls, ppt, ...
    pages_without_text: list[int] = field(default_factory=list)  # 1-based PDF pages
    warnings: list[str] = field(default_factory=list)
