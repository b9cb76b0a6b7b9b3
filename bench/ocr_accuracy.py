"""OCR benchmark: how well scanned pages are read, and at what resolution to render them.

Scans are built, not shipped (``tests/scans.py``): the seed letter and two reference documents
(their first pages) typeset with DejaVu Serif, "scanned" at 200 and 300 dpi, clean or damaged
(rotated 2°, blurred, speckled), saved as image-only PDFs, then read exactly as ingestion
reads them (:func:`ingest.ocr.ocr_pdf_pages` → :func:`ingest.scanned.repair_ocr`) with the
pages rendered at 200 or 300 dpi. PNG files are read too (no rendering).

Measures, on both texts after Unicode NFC and collapsing whitespace runs to one space:

* character accuracy = 1 − edit distance (Levenshtein, characters) / length of the reference;
* diacritic accuracy = share of the reference's letters carrying a Vietnamese diacritic
  (ă â ê ô ơ ư đ and the five tones) whose aligned OCR letter carries the same one — the
  metric of ``tests/fixtures/legacy/README.md`` (:func:`legacy_accuracy.score`): texts reduced
  to base letters are aligned, a hit is an identical character at an aligned position;
* seconds per page (render + Tesseract, one page at a time), and pages per second with the
  pages read in parallel as ingestion does;
* what a blank page reads as (letters and digits, their readable share) and whether the
  default gate (20 characters, share 0.5) lets it through.

Run: ``python bench/ocr_accuracy.py [--pages 2] [--out bench/results/ocr-accuracy.json]``
(≈ 4 minutes on two cores).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
for folder in (REPO, REPO / "bench"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import legacy_accuracy  # noqa: E402

from ingest.ocr import OcrOptions, ocr_image, ocr_pdf_pages  # noqa: E402
from ingest.pages import readable_counts, readable_share, usable_text  # noqa: E402
from ingest.scanned import repair_ocr  # noqa: E402
from tests import scans  # noqa: E402

DOCUMENTS = [
    "moi-truong/2016-06-13-cong-van-trien-khai-ket-luan-02-KL-TW.txt",
    "van-ban-tham-khao/2004-NghiDinh114_2003.txt",
    "van-ban-tham-khao/2005-QD-256.txt",
]
_WS = re.compile(r"\s+")


def prepare(text: str) -> str:
    """NFC, whitespace runs as one space, stripped: layout is not what OCR is judged on."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance in characters, one row at a time with numpy: the insertion
    chain of a row is a running minimum (min over k ≤ j of t[k] + j − k)."""
    if not a or not b:
        return max(len(a), len(b))
    b_codes = np.array([ord(c) for c in b])
    columns = np.arange(len(b) + 1)
    previous = columns.copy()
    for i, ch in enumerate(a, start=1):
        row = np.empty(len(b) + 1, dtype=np.int64)
        row[0] = i
        row[1:] = np.minimum(previous[1:] + 1, previous[:-1] + (b_codes != ord(ch)))
        previous = np.minimum.accumulate(row - columns) + columns
    return int(previous[-1])


def char_accuracy(reference: str, output: str) -> float:
    """1 − edit distance / reference length, on prepared texts (may go below 0 for junk)."""
    ref, out = prepare(reference), prepare(output)
    return 1.0 - edit_distance(ref, out) / len(ref) if ref else 1.0


def diacritic_accuracy(reference: str, output: str) -> float:
    """Share of the reference's diacritic-bearing letters read with the same diacritics."""
    return legacy_accuracy.score(reference, output)["diacritic"]


def documents() -> list[str]:
    """The benchmark documents' texts (NFC); :func:`tests.scans.scan` cuts their first pages."""
    return [unicodedata.normalize("NFC", (REPO / "corpus" / d).read_text(encoding="utf-8")) for d in DOCUMENTS]


def _score(refs: list[str], outs: list[str], seconds: float) -> dict:
    chars = sum(len(prepare(r)) for r in refs)
    edits = sum(edit_distance(prepare(r), prepare(o)) for r, o in zip(refs, outs))
    dia = [legacy_accuracy.score(r, o) for r, o in zip(refs, outs)]
    dia_total = sum(d["diacritic_total"] for d in dia)
    return {
        "pages": len(refs),
        "char": round(1 - edits / chars, 4),
        "diacritic": round(sum(d["diacritic_hits"] for d in dia) / dia_total, 4),
        "lowest_page_char": round(min(char_accuracy(r, o) for r, o in zip(refs, outs)), 4),
        "seconds_per_page": round(seconds / len(refs), 2),
    }


def run(pages: int = 2) -> dict:
    texts = documents()
    report: dict = {"documents": DOCUMENTS, "pages_per_document": pages, "pdf": [], "png": [], "blank": []}
    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as tmp:
        for scan_dpi in (200, 300):
            for damage_name, damage in (("clean", scans.CLEAN), ("noisy", scans.NOISY)):
                scanned = [p for t in texts for p in scans.scan(t, scan_dpi, damage, max_pages=pages)]
                pdf = scans.save_pdf(scanned, Path(tmp) / f"{scan_dpi}-{damage_name}.pdf", scan_dpi)
                numbers = list(range(1, len(scanned) + 1))
                for render_dpi in (200, 300):
                    started = time.perf_counter()
                    read = ocr_pdf_pages(pdf, numbers, OcrOptions(dpi=render_dpi, workers=1))
                    seconds = time.perf_counter() - started
                    outs = [repair_ocr(read[n]) for n in numbers]
                    row = {"scan_dpi": scan_dpi, "damage": damage_name, "render_dpi": render_dpi,
                           **_score([p.text for p in scanned], outs, seconds)}
                    report["pdf"].append(row)
                    print(json.dumps(row), file=sys.stderr, flush=True)
                png_outs, started = [], time.perf_counter()
                for index, page in enumerate(scanned):
                    image = scans.save_image(page, Path(tmp) / f"p{index}.png", scan_dpi)
                    png_outs.append(repair_ocr(ocr_image(image, OcrOptions()).get(1, "")))
                row = {"scan_dpi": scan_dpi, "damage": damage_name,
                       **_score([p.text for p in scanned], png_outs, time.perf_counter() - started)}
                report["png"].append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
                blank = scans.blank_page(scan_dpi, damage)
                blank_pdf = scans.save_pdf([blank], Path(tmp) / "blank.pdf", scan_dpi)
                for render_dpi in (200, 300):
                    text = repair_ocr(ocr_pdf_pages(blank_pdf, [1], OcrOptions(dpi=render_dpi))[1])
                    report["blank"].append({"scan_dpi": scan_dpi, "damage": damage_name, "render_dpi": render_dpi,
                                            "letters_and_digits": readable_counts(text)[0],
                                            "readable_share": round(readable_share(text), 3),
                                            "passes_gate": usable_text(text, min_chars=20, min_share=0.5)})
        report["parallel"] = _parallel(texts, pages, Path(tmp))
    report["machine"] = _machine()
    return report


def _parallel(texts: list[str], pages: int, tmp: Path) -> dict:
    """Pages per second at the chosen 200 dpi, one worker against two (as ingestion reads)."""
    scanned = [p for t in texts for p in scans.scan(t, 300, scans.CLEAN, max_pages=pages)]
    pdf = scans.save_pdf(scanned, tmp / "parallel.pdf", 300)
    numbers = list(range(1, len(scanned) + 1))
    out = {}
    for workers in (1, 2):
        started = time.perf_counter()
        ocr_pdf_pages(pdf, numbers, OcrOptions(dpi=200, workers=workers))
        out[f"workers_{workers}_seconds_per_page"] = round((time.perf_counter() - started) / len(numbers), 2)
    return out


def _machine() -> dict:
    import os
    import subprocess

    version = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.splitlines()[:1]
    return {"cores": os.cpu_count(), "load_1min": round(os.getloadavg()[0], 2), "tesseract": version[0] if version else ""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2, help="pages of each document (default 2)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "ocr-accuracy.json")
    args = parser.parse_args()
    report = run(args.pages)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for row in report["pdf"]:
        print(f"pdf scan {row['scan_dpi']} {row['damage']:5} render {row['render_dpi']}: char {row['char']:.4f} "
              f"diacritic {row['diacritic']:.4f} ({row['seconds_per_page']} s/page)")
    for row in report["png"]:
        print(f"png scan {row['scan_dpi']} {row['damage']:5}: char {row['char']:.4f} diacritic {row['diacritic']:.4f}")
    print(f"blank pages read as at most {max(b['letters_and_digits'] for b in report['blank'])} letters and digits; "
          f"{sum(b['passes_gate'] for b in report['blank'])} of {len(report['blank'])} pass the gate")
    print(json.dumps(report["parallel"]))


if __name__ == "__main__":
    main()
