"""Paged files page by page: the text layer where it is usable, OCR where it is not.

A PDF's pages come with the text layer pypdf found (repaired like any other text). The
quality gate (:func:`ingest.pages.usable_text`) keeps a good layer and sends an empty or
garbage one to OCR (:mod:`ingest.ocr`); an image file is all OCR. OCR output goes through
the same repair as every reader's text (:func:`ingest.legacy.repair_text`: NFC, and a
legacy encoding would be caught like anywhere else), then the same gate: a page from which
nothing usable was read — a blank page, a smudge — is reported by its number and left out,
never indexed as empty text, and the rest of the document goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from common.errors import IngestError
from ingest.legacy import repair_text
from ingest.ocr import OcrOptions, ocr_image, ocr_pdf_pages
from ingest.pages import usable_text
from ingest.rawtext import PageText, RawText

OnPage = Callable[[int, int], None]


def page_failure(path: Path, number: int) -> str:
    """The warning for a page nothing usable was read from (file and page named)."""
    return (f"{Path(path).name}, trang {number}: không nhận dạng được chữ (trang trắng, hoặc ảnh quá mờ, quá nhiễu); "
            "trang này không được đưa vào chỉ mục")


def repair_ocr(text: str) -> str:
    """OCR output through the repair every reader's text gets (NFC; legacy text is caught)."""
    return repair_text(text)[0]


def settle_pages(
    path: Path,
    layers: list[str],
    encoding: str,
    options: OcrOptions,
    on_page: OnPage | None = None,
    warnings: list[str] | None = None,
) -> RawText:
    """A PDF's pages: each text layer the gate accepts, OCR for the others.

    :param layers: each page's repaired text layer, in page order ("" when it has none).
    :param encoding: what repair found in the layers.
    :raises IngestError: OCR is needed and a tool is missing or fails.
    """
    def good(text: str) -> bool:
        return usable_text(text, min_chars=options.min_chars, min_share=options.min_share)

    to_read = [number for number, text in enumerate(layers, start=1) if not good(text)]
    read = ocr_pdf_pages(path, to_read, options, on_page) if to_read else {}
    pages: list[PageText] = []
    failed: list[int] = []
    for number, layer in enumerate(layers, start=1):
        if number not in read:
            pages.append(PageText(number, layer))
            continue
        text = repair_ocr(read[number])
        if good(text):
            pages.append(PageText(number, text, ocr=True))
        else:
            failed.append(number)
    return _paged(path, pages, failed, encoding, "pdf", warnings or [])


def read_image(path: Path, options: OcrOptions, on_page: OnPage | None = None) -> RawText:
    """An image file (PNG, JPEG, TIFF with one page or many), read by OCR.

    :raises IngestError: Tesseract or its model is missing, or cannot read the image.
    """
    pages: list[PageText] = []
    failed: list[int] = []
    for number, text in sorted(ocr_image(path, options, on_page).items()):
        text = repair_ocr(text)
        if usable_text(text, min_chars=options.min_chars, min_share=options.min_share):
            pages.append(PageText(number, text, ocr=True))
        else:
            failed.append(number)
    return _paged(path, pages, failed, "unicode", path.suffix.lower().lstrip("."), [])


def _paged(path: Path, pages: list[PageText], failed: list[int], encoding: str, fmt: str,
           warnings: list[str]) -> RawText:
    if not pages:
        where = f" (trang {', '.join(map(str, failed))})" if failed else ""
        raise IngestError(path, f"không trang nào có chữ đọc được, kể cả khi nhận dạng chữ (OCR){where}: "
                                "bản quét trắng, quá mờ hoặc quá nhiễu")
    warnings = [*warnings, *(page_failure(path, number) for number in failed)]
    text = "\n".join(p.text for p in pages)
    return RawText(text, encoding, fmt, warnings, pages, failed)
