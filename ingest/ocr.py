"""Read scanned pages with Tesseract: PDF pages rendered by poppler's ``pdftoppm``, image
files (PNG, JPEG, TIFF) as they are.

Both are Debian command-line tools (``tesseract-ocr`` with ``tesseract-ocr-vie``,
``poppler-utils``), called as subprocesses: no Python binding is needed, and a page that
crashes or hangs the engine fails alone. Pages are read in parallel threads, each driving
its own single-threaded Tesseract process (``OMP_THREAD_LIMIT=1``: on two cores, two
processes of one thread each beat one process of two threads, and nothing oversubscribes).

Tesseract's word table (TSV) is used rather than its plain text: the words come with their
boxes and confidences, so specks of dust read as ".", "'", "ˆ" or "~" are dropped
(:func:`words_to_text`), which plain text cannot tell from punctuation. A missing tool or language model is an
:class:`IngestError` naming the file, never a silent skip.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import statistics
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from common.errors import IngestError

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
# A "word" narrower and shorter than this share of the page's median word height is a speck
# (dust, toner): no letter is that small, a bullet "-" is wider, a full stop is read as part of
# its word. Measured on rendered scans: specks 2–5 px, bullets 8 px at 200 dpi (text 32 px).
SPECK_SHARE = 0.2
# A mark without a letter or digit read with less confidence than this is debris too.
DEBRIS_CONFIDENCE = 50.0


@dataclass(frozen=True)
class OcrOptions:
    """How scanned pages are read (filled from ``settings.ingest`` by the pipeline builder)."""

    dpi: int = 200
    language: str = "vie"
    workers: int = 2
    timeout_s: float = 120.0
    min_chars: int = 20
    min_share: float = 0.5


# The settings (``ingest`` group) that fill :class:`OcrOptions`, named as there.
OCR_SETTINGS = ("ocr_dpi", "ocr_language", "ocr_workers", "ocr_timeout_s", "ocr_min_chars", "ocr_min_share")


def ocr_options(values: dict) -> OcrOptions:
    """:class:`OcrOptions` from values named as the settings (``{"ocr_dpi": 200, …}``)."""
    return OcrOptions(**{name.removeprefix("ocr_"): value for name, value in values.items()})


# --- tools ----------------------------------------------------------------------------------
@lru_cache(maxsize=8)
def _languages(tesseract: str) -> frozenset[str]:
    out = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True, timeout=60, check=False)
    return frozenset(line.strip() for line in out.stdout.splitlines()[1:] if line.strip())


def require_tesseract(path: Path, language: str) -> str:
    """The ``tesseract`` executable, after checking it has every model of ``language``.

    :raises IngestError: Tesseract or its language model is not installed.
    """
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        raise IngestError(path, "cần Tesseract (gói tesseract-ocr) để nhận dạng chữ trên bản quét, nhưng chưa cài đặt")
    missing = [lang for lang in language.split("+") if lang not in _languages(tesseract)]
    if missing:
        raise IngestError(path, f"Tesseract thiếu mô hình ngôn ngữ {', '.join(missing)} "
                                f"(gói tesseract-ocr-{missing[0]}) để nhận dạng chữ trên bản quét")
    return tesseract


def render_pdf_page(path: Path, number: int, dpi: int, out_dir: Path, timeout_s: float) -> Path:
    """Page ``number`` of a PDF as a grey PNG at ``dpi``, by poppler's ``pdftoppm``.

    :raises IngestError: pdftoppm is missing, fails or takes too long.
    """
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise IngestError(path, "cần pdftoppm (gói poppler-utils) để đọc trang quét của PDF, nhưng chưa cài đặt")
    stem = out_dir / f"page-{number}"
    command = [pdftoppm, "-r", str(dpi), "-gray", "-png", "-f", str(number), "-l", str(number), "-singlefile",
               str(path), str(stem)]
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired as exc:
        raise IngestError(path, f"trang {number}: dựng ảnh trang quá {timeout_s:.0f} giây, đã dừng") from exc
    image = stem.with_suffix(".png")
    if done.returncode != 0 or not image.is_file():
        raise IngestError(path, f"trang {number}: không dựng được ảnh trang để nhận dạng chữ")
    return image


def run_tesseract(source: Path, image: Path, options: OcrOptions, dpi: int | None) -> str:
    """Tesseract's word table (TSV) for ``image`` (every page of a multi-page TIFF).

    :param source: the file the user gave, named in errors.
    :param dpi: the image's resolution when known (rendered pages); None lets Tesseract read it.
    :raises IngestError: Tesseract fails or takes longer than ``options.timeout_s``.
    """
    tesseract = require_tesseract(source, options.language)
    # Leptonica's adaptive Otsu binarisation (thresholding_method=1), measured on a noisy page
    # scanned and read at 200 dpi: 0.935 → 0.951 character accuracy against the default (0);
    # Sauvola (2) 0.919; page segmentation modes 4 and 6 were worse (0.853, 0.831).
    command = [tesseract, str(image), "stdout", "-l", options.language, "-c", "thresholding_method=1"]
    if dpi:
        command[3:3] = ["--dpi", str(dpi)]
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run([*command, "tsv"], capture_output=True, timeout=options.timeout_s, env=environment,
                              check=False)
    except subprocess.TimeoutExpired as exc:
        raise IngestError(source, f"nhận dạng chữ quá {options.timeout_s:.0f} giây, đã dừng") from exc
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["không rõ lý do"]
        raise IngestError(source, f"Tesseract không đọc được ảnh ({reason[0][:120]})")
    return done.stdout.decode("utf-8", "replace")


# --- TSV → text -----------------------------------------------------------------------------
def _rows(tsv: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))


def _meaningful(ch: str) -> bool:
    """A letter or digit; modifier letters such as "ˆ" (what a speck over a line is read as) are not."""
    category = unicodedata.category(ch)
    return (category[0] == "L" and category != "Lm") or category[0] == "N"


def is_speck(word: dict, line_height: float) -> bool:
    """Dust read as a word: a tiny mark, or an unsure one without a letter or digit."""
    small = SPECK_SHARE * line_height
    if int(word["width"]) < small and int(word["height"]) < small:
        return True
    return not any(map(_meaningful, word["text"])) and float(word["conf"]) < DEBRIS_CONFIDENCE


def words_to_text(tsv: str) -> dict[int, str]:
    """Tesseract's TSV as text, page by page, specks left out: words joined by spaces, a blank
    line between paragraphs, and a paragraph's lines joined where the line was wrapped.

    A line that reaches the right edge of the page's text (within ``WRAP_SLACK`` of its
    width) was wrapped by the typesetter, so the next line of its paragraph goes on the same
    line — even when it starts with a figure ("Kết luận số / 02-KL/TW"), which a later
    line-joining rule could not tell from a numbered item. Short lines (a header, the end of
    a list item) keep their line breaks.

    :returns: page number (1-based, as in the TSV) → text ("" for a page without words).
    """
    rows = _rows(tsv)
    words = [r for r in rows if r.get("level") == "5" and (r.get("text") or "").strip()]
    heights = [int(w["height"]) for w in words if any(map(_meaningful, w["text"]))]
    line_height = statistics.median(heights) if heights else 0.0
    lines: dict[tuple, list[dict]] = {}
    for w in words:
        if not is_speck(w, line_height):
            lines.setdefault((int(w["page_num"]), w["block_num"], w["par_num"], w["line_num"]), []).append(w)
    pages: dict[int, list[tuple[tuple, str, int, int]]] = {int(r["page_num"]): [] for r in rows if r.get("level") == "1"}
    for key, line in lines.items():
        left = min(int(w["left"]) for w in line)
        right = max(int(w["left"]) + int(w["width"]) for w in line)
        pages[key[0]].append((key[1:3], " ".join(w["text"].strip() for w in line), left, right))
    return {page: _page_text(page_lines) for page, page_lines in pages.items()}


WRAP_SLACK = 0.12  # a wrapped line ends within this share of the text width from its right edge


def _page_text(lines: list[tuple[tuple, str, int, int]]) -> str:
    if not lines:
        return ""
    left, right = min(x[2] for x in lines), max(x[3] for x in lines)
    reach = right - WRAP_SLACK * (right - left)
    out: list[str] = []
    previous = None
    for paragraph, text, _left, line_right in lines:
        if previous is not None and previous[0] != paragraph:
            out.append("")
        if previous is not None and previous[0] == paragraph and previous[1] >= reach:
            out[-1] += " " + text
        else:
            out.append(text)
        previous = (paragraph, line_right)
    return "\n".join(out)


# --- pages in parallel ------------------------------------------------------------------------
def ocr_pdf_pages(
    path: Path, numbers: list[int], options: OcrOptions, on_page: Callable[[int, int], None] | None = None
) -> dict[int, str]:
    """Render and read the given pages of a PDF, ``options.workers`` at a time.

    :param on_page: called with (pages done, pages to do) as each page is read.
    :returns: page number → recognised text ("" when nothing was read).
    :raises IngestError: a tool is missing, fails or takes too long.
    """
    require_tesseract(path, options.language)
    results: dict[int, str] = {}
    with tempfile.TemporaryDirectory(prefix="policyqa-ocr-") as tmp:

        def read(number: int) -> tuple[int, str]:
            image = render_pdf_page(path, number, options.dpi, Path(tmp), options.timeout_s)
            try:
                return number, words_to_text(run_tesseract(path, image, options, options.dpi)).get(1, "")
            finally:
                image.unlink(missing_ok=True)

        with ThreadPoolExecutor(max_workers=max(1, options.workers)) as pool:
            for number, text in pool.map(read, numbers):
                results[number] = text
                if on_page:
                    on_page(len(results), len(numbers))
    return results


def ocr_image(path: Path, options: OcrOptions, on_page: Callable[[int, int], None] | None = None) -> dict[int, str]:
    """Read an image file (every page of a multi-page TIFF, in one Tesseract run).

    :returns: page number → recognised text ("" when nothing was read).
    :raises IngestError: Tesseract or its model is missing, fails, or cannot read the image.
    """
    pages = words_to_text(run_tesseract(path, path, options, None))
    if on_page:
        on_page(len(pages), len(pages))
    return pages
