"""Word (.docx) and PowerPoint (.pptx) files read into :class:`RawText`, fonts kept per run.

A legacy document is Unicode only in name: its runs are drawn in ``.VnTime`` or ``VNI-*``
fonts, set on the run, its style, the paragraph's style or the document default, so each
piece of text travels with its font to :func:`ingest.legacy.repair_units`. Paragraphs and
tables come in document order, then headers and footers, then text boxes — the order Word
keeps in a .doc, which LibreOffice turns into .docx for us. Split from :mod:`ingest.readers`,
which dispatches here.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from common.errors import IngestError
from ingest.legacy import repair_units
from ingest.rawtext import RawText


# --- DOCX -----------------------------------------------------------------------------
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class _DocxFonts:
    """The font a run is drawn in: its own, its character style's, its paragraph style's,
    else the document default. A legacy document sets ``.VnTime`` at any of these levels."""

    def __init__(self, document) -> None:
        styles = document.styles.element
        self._by_id = {s.get(f"{_W}styleId"): s for s in styles.iter(f"{_W}style")}
        default = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
        self.default = _fonts_of(default)
        self._cache: dict[str | None, str | None] = {}

    def style_font(self, style_id: str | None) -> str | None:
        if style_id not in self._cache:
            font, seen, style = None, set(), self._by_id.get(style_id)
            while style is not None and font is None and id(style) not in seen:
                seen.add(id(style))
                font = _fonts_of(style.find(f"{_W}rPr"))
                style = self._by_id.get(_attr(style, "basedOn"))
            self._cache[style_id] = font
        return self._cache[style_id]


def _attr(node, child: str) -> str | None:
    found = node.find(f"{_W}{child}")
    return found.get(f"{_W}val") if found is not None else None


def _fonts_of(rpr) -> str | None:
    fonts = rpr.find(f"{_W}rFonts") if rpr is not None else None
    if fonts is None:
        return None
    return fonts.get(f"{_W}ascii") or fonts.get(f"{_W}hAnsi") or fonts.get(f"{_W}cs")


_RUN_MARKS = {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-", "softHyphen": "\xad"}


def _run_text(run) -> str:
    """A run's text; a soft hyphen is kept, because in TCVN3 that byte is the letter ư."""
    parts = []
    for child in run:
        tag = child.tag.removeprefix(_W)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "sym":  # a symbol-font character, stored in the private-use area
            code = int(child.get(f"{_W}char", "0"), 16)
            parts.append(chr(code - 0xF000 if code >= 0xF000 else code))
        else:
            parts.append(_RUN_MARKS.get(tag, ""))
    return "".join(parts)


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _owner(node):
    """The paragraph (or deletion) a run or text box belongs to."""
    owner = node.getparent()
    while owner is not None and owner.tag not in (f"{_W}p", f"{_W}del"):
        owner = owner.getparent()
    return owner


def _in_fallback(node) -> bool:
    return any(a.tag == _MC_FALLBACK for a in node.iterancestors())


def _paragraph_pieces(par, fonts: _DocxFonts) -> list[tuple[str, str | None]]:
    ppr = par.find(f"{_W}pPr")
    par_font = fonts.style_font((_attr(ppr, "pStyle") if ppr is not None else None) or "Normal")
    pieces = []
    for run in par.iter(f"{_W}r"):
        if _owner(run) is not par:
            continue  # deleted text, or a text box's own paragraph
        rpr = run.find(f"{_W}rPr")
        font = _fonts_of(rpr) or (fonts.style_font(_attr(rpr, "rStyle")) if rpr is not None else None)
        pieces.append((_run_text(run), font or par_font or fonts.default))
    return pieces


def _text_boxes(par, fonts: _DocxFonts, floating: list) -> None:
    """Text boxes anchored in ``par`` go to ``floating``, read after the body (a .doc keeps
    them in a story of their own); the VML fallback copy beside each drawing is skipped."""
    for box in par.iter(f"{_W}txbxContent"):
        if _owner(box.getparent()) is par and not _in_fallback(box):
            _docx_blocks(box, fonts, floating, floating)


def _docx_blocks(container, fonts: _DocxFonts, out: list, floating: list) -> None:
    """Append ("p", [pieces]) and ("row", [pieces per cell]) in document order."""
    for child in container:
        if child.tag == f"{_W}p":
            out.append(("p", [_paragraph_pieces(child, fonts)]))
            _text_boxes(child, fonts, floating)
        elif child.tag == f"{_W}tbl":
            for row in child.findall(f"{_W}tr"):
                cells = []
                for cell in row.findall(f"{_W}tc"):
                    inner: list = []
                    _docx_blocks(cell, fonts, inner, floating)  # nested tables too
                    units = [unit for _, unit_list in inner for unit in unit_list]
                    cells.append([p for i, u in enumerate(units) for p in [(" ", None)][: bool(i)] + u])
                out.append(("row", cells))
        elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            _docx_blocks(child, fonts, out, floating)


def read_docx(path: Path) -> RawText:
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises KeyError, BadZipFile, ...
        raise IngestError(path, "tệp DOCX bị hỏng, không đọc được") from exc
    blocks: list = []
    floating: list = []
    fonts = _DocxFonts(document)
    _docx_blocks(document.element.body, fonts, blocks, floating)
    # Headers and footers once each, then text boxes: the order Word keeps them in .doc.
    seen: set[bytes] = set()
    for rel in sorted(document.part.rels.values(), key=lambda r: str(r.target_ref)):
        if rel.reltype.endswith(("/header", "/footer")) and not rel.is_external:
            element = rel.target_part.element
            key = b"".join(t.text.encode() for t in element.iter(f"{_W}t") if t.text)
            if key and key not in seen:
                seen.add(key)
                _docx_blocks(element, fonts, blocks, floating)
    blocks += floating
    units = [unit for _, unit_list in blocks for unit in unit_list]
    repaired, encoding = repair_units(units)
    lines, position = [], 0
    for kind, unit_list in blocks:
        texts = repaired[position : position + len(unit_list)]
        position += len(unit_list)
        lines.append("\t".join(texts) if kind == "row" else texts[0])
    return RawText("\n".join(lines), encoding, "docx")


# --- PPTX ---------------------------------------------------------------------------
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def read_pptx(path: Path) -> RawText:
    from lxml import etree

    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
            names.sort(key=lambda n: int(re.findall(r"\d+", n)[0]))
            slides = [etree.fromstring(archive.read(n)) for n in names]
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise IngestError(path, "tệp trình chiếu bị hỏng, không đọc được") from exc
    units = []
    for slide in slides:
        for par in slide.iter(f"{_A}p"):
            pieces = []
            for node in par:
                if node.tag in (f"{_A}r", f"{_A}fld"):
                    latin = node.find(f"{_A}rPr/{_A}latin")
                    font = latin.get("typeface") if latin is not None else None
                    pieces.append((node.findtext(f"{_A}t") or "", font))
                elif node.tag == f"{_A}br":
                    pieces.append(("\n", None))
            if pieces:
                units.append(pieces)
    repaired, encoding = repair_units(units)
    return RawText("\n".join(repaired), encoding, "pptx")
