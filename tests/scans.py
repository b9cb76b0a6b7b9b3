"""Synthetic scans: Vietnamese text typeset on A4 pages and degraded like a photocopy.

The OCR tests and ``bench/ocr_accuracy.py`` build their scans here instead of shipping
images: a page is typeset with DejaVu Serif (Debian ``fonts-dejavu-core``) at a given
resolution, then optionally rotated a few degrees, blurred and speckled, as a scanner or a
fax leaves it. Each page keeps the text typeset on it, the reference OCR is scored against.

Degradations are in physical units (degrees, points, dots per square centimetre), so a
page scanned at 200 and at 300 dpi carries the same damage.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")
A4_INCHES = (8.27, 11.69)
MARGIN_INCHES = 0.9
FONT_POINTS = 12.5
LINE_SPACING = 1.45


@dataclass(frozen=True)
class Damage:
    """How a page is degraded: rotation (degrees), blur (Gaussian radius in points),
    speckle (dark dots per square centimetre) and the random seed of the dots."""

    angle: float = 0.0
    blur: float = 0.0
    speckle: float = 0.0
    seed: int = 0


CLEAN = Damage()
# A tilted, soft, dirty photocopy: what "noisy" means in the tests and the bench.
NOISY = Damage(angle=2.0, blur=0.35, speckle=6.0, seed=7)


@dataclass
class ScanPage:
    """One typeset page: its image and the text on it (lines as typeset)."""

    image: Image.Image
    text: str


def _font(dpi: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_BOLD if bold else FONT), round(FONT_POINTS * dpi / 72))


def wrap_lines(text: str, dpi: int) -> list[str]:
    """The text's paragraphs broken into lines that fit the page width (blank lines kept)."""
    font = _font(dpi)
    width = (A4_INCHES[0] - 2 * MARGIN_INCHES) * dpi
    lines: list[str] = []
    for paragraph in text.replace("\t", " ").split("\n"):
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        line = words[0]
        for word in words[1:]:
            if font.getlength(f"{line} {word}") <= width:
                line = f"{line} {word}"
            else:
                lines.append(line)
                line = word
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def typeset(text: str, dpi: int = 300, *, max_pages: int | None = None) -> list[ScanPage]:
    """Clean pages holding ``text`` (blank runs collapsed to one blank line)."""
    font = _font(dpi)
    step = round(FONT_POINTS * LINE_SPACING * dpi / 72)
    size = (round(A4_INCHES[0] * dpi), round(A4_INCHES[1] * dpi))
    margin = round(MARGIN_INCHES * dpi)
    per_page = (size[1] - 2 * margin) // step
    lines: list[str] = []
    for line in wrap_lines(text, dpi):
        if line or (lines and lines[-1]):
            lines.append(line)
    pages = []
    for first in range(0, len(lines), per_page):
        chunk = lines[first : first + per_page]
        image = Image.new("L", size, 255)
        draw = ImageDraw.Draw(image)
        for row, line in enumerate(chunk):
            draw.text((margin, margin + row * step), line, font=font, fill=0)
        pages.append(ScanPage(image, "\n".join(chunk).strip("\n")))
        if max_pages and len(pages) == max_pages:
            break
    return pages


def blank_page(dpi: int = 300, damage: Damage = CLEAN) -> ScanPage:
    """A white page (a back side scanned by mistake), damaged like the others."""
    size = (round(A4_INCHES[0] * dpi), round(A4_INCHES[1] * dpi))
    return ScanPage(degrade(Image.new("L", size, 255), dpi, damage), "")


def degrade(image: Image.Image, dpi: int, damage: Damage) -> Image.Image:
    """The page as a scanner returns it: speckled, rotated (white corners), blurred."""
    if damage.speckle:
        image = image.copy()
        rng = random.Random(damage.seed)
        area_cm2 = (image.width / dpi * 2.54) * (image.height / dpi * 2.54)
        draw = ImageDraw.Draw(image)
        radius = max(1, round(dpi / 150))
        for _ in range(round(damage.speckle * area_cm2)):
            x, y = rng.randrange(image.width), rng.randrange(image.height)
            draw.ellipse((x, y, x + rng.randint(1, radius), y + rng.randint(1, radius)), fill=rng.randint(0, 90))
    if damage.angle:
        image = image.rotate(damage.angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    if damage.blur:
        image = image.filter(ImageFilter.GaussianBlur(damage.blur * dpi / 72))
    return image


def scan(text: str, dpi: int = 300, damage: Damage = CLEAN, *, max_pages: int | None = None) -> list[ScanPage]:
    """``text`` typeset and degraded: the pages of a scan."""
    return [ScanPage(degrade(p.image, dpi, damage), p.text) for p in typeset(text, dpi, max_pages=max_pages)]


def save_pdf(pages: list[ScanPage], path: Path, dpi: int) -> Path:
    """An image-only PDF (no text layer), one scanned page per PDF page, like a scanner's."""
    first, *rest = [p.image.convert("RGB") for p in pages]
    first.save(path, "PDF", resolution=dpi, save_all=True, append_images=rest)
    return path


def save_image(page: ScanPage, path: Path, dpi: int) -> Path:
    """One page as an image file; the format follows the suffix (.png, .jpg, .tif)."""
    options = {"quality": 85} if path.suffix.lower() in (".jpg", ".jpeg") else {}
    page.image.save(path, dpi=(dpi, dpi), **options)
    return path


def text_pdf(text: str, path: Path, timeout_s: float = 180.0) -> Path:
    """A PDF with a real text layer, typeset by LibreOffice from a Word file of the text's
    paragraphs in Liberation Serif (a plain-text source is set in a monospace font whose
    combining marks pypdf 7 extracts as control characters: "Đa\\x08ng" for "Đảng")."""
    from docx import Document

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("soffice is needed to make a PDF with a text layer")
    source = path.with_suffix(".docx")
    document = Document()
    document.styles["Normal"].font.name = "Liberation Serif"
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    document.save(source)
    profile = f"-env:UserInstallation={(path.parent / '.lo-profile').as_uri()}"
    subprocess.run([soffice, "--headless", "--norestore", profile, "--convert-to", "pdf", "--outdir",
                    str(path.parent), str(source)], capture_output=True, timeout=timeout_s, check=True)
    source.unlink()
    produced = source.with_suffix(".pdf")
    if produced != path:
        produced.replace(path)
    return path
