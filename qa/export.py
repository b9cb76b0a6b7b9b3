"""A draft as Markdown or as a Word document an editor can open, correct and send to print.

Both forms show the same things: title, lead (sapo), section headings, quotations set off
(italic in Word, as written in Markdown) with their markers [n], and a closing list
"Nguồn trích dẫn" in formal citation style — n. citation label — the quoted span shortened —
the source file, with digests flagged as "bản tóm lược" so nobody prints our summary as the
official wording.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from common.types import STATUS_DIGEST
from qa.draft.names import AUTHORED_TYPES, display_quote
from qa.types import Citation, Draft

SOURCES_HEADING = "Nguồn trích dẫn"
_FORM_LABEL = {"bài viết": "Bài viết", "đề cương tuyên truyền": "Đề cương tuyên truyền", "tin ngắn": "Tin ngắn",
               "giải thích quy định": "Giải thích quy định"}
NOTES_HEADING = "Lưu ý về nguồn"
SEARCHED_HEADING = "Đã tìm trong thư viện"
_LENGTH_LABEL = {"short": "ngắn", "medium": "vừa", "long": "dài"}


def short_quote(quote: str, words: int = 14) -> str:
    """The first ``words`` words of a quote, with "…" when cut: enough to find it in the source."""
    parts = display_quote(quote).split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def source_line(c: Citation) -> str:
    """"3. Điểm 2.1 Công văn … — “Phấn đấu hoàn thành …” — moi-truong/….txt (bản tóm lược)"."""
    label = c.citation_label
    if c.issuer and c.doc_type in AUTHORED_TYPES and c.issuer not in label:  # "Bài viết … của TS Nguyễn Đại Lai"
        label += f" của {c.issuer}"
    if c.status == STATUS_DIGEST and "tóm lược" not in label:
        label += " (bản tóm lược)"
    where = f" — {c.source_path}" if c.source_path else ""
    return f"{c.n}. {label} — “{short_quote(c.quote)}”{where}"


def subtitle(draft: Draft) -> str:
    form = _FORM_LABEL.get(draft.form, draft.form)
    digest = any(c.status == STATUS_DIGEST for c in draft.citations)
    words = ("trích dẫn nguyên văn văn bản gốc, trừ các đoạn ghi “bản tóm lược” (tóm lược, không phải nguyên văn)"
             if digest else "mọi trích dẫn là nguyên văn văn bản")
    return f"{form}, độ dài {_LENGTH_LABEL.get(draft.length, draft.length)} — bản thảo; {words}"


def segments(text: str, citations: list[Citation]) -> list[tuple[str, str]]:
    """Split a paragraph into ("text" | "quote" | "marker", piece), quotations by their citation."""
    spans: list[tuple[int, int, Citation]] = []
    for c in citations:
        quoted = f"“{display_quote(c.quote)}”"
        at = text.find(f"{quoted} [{c.n}]")
        if at >= 0:
            spans.append((at, at + len(quoted), c))
    spans.sort(key=lambda s: s[0])
    out: list[tuple[str, str]] = []
    pos = 0
    for start, end, c in spans:
        if start < pos:
            continue
        if start > pos:
            out.append(("text", text[pos:start]))
        marker = f" [{c.n}]"
        out += [("quote", text[start:end]), ("marker", marker)]
        pos = end + len(marker)
    if pos < len(text):
        out.append(("text", text[pos:]))
    return out


def draft_to_markdown(draft: Draft) -> str:
    """Markdown: ``#`` title, bold lead, ``##`` sections, paragraphs as written, then the sources."""
    lines = [f"# {draft.title}", "", f"*{subtitle(draft)}*", "", f"**{draft.lead}**", ""]
    if draft.notes:
        lines += [f"> **{NOTES_HEADING}**", *(f"> - {n}" for n in draft.notes), ""]
    if draft.searched:  # an empty draft says what was searched and what came closest
        lines += [f"> **{SEARCHED_HEADING}**", *(f"> - {x}" for x in draft.searched), ""]
    for section in draft.sections:
        lines += [f"## {section.heading}", ""] if section.heading else []  # a news brief runs on
        for p in section.paragraphs:
            lines += [p.text, ""]
    if draft.citations:
        lines += [f"## {SOURCES_HEADING}", ""]
        lines += [source_line(c) for c in draft.citations]
        lines.append("")
    return "\n".join(lines)


def _add_note(doc, heading: str, text: str) -> None:
    """A paragraph "heading: text" in the export's note style (bold heading, italic text)."""
    note = doc.add_paragraph()
    run = note.add_run(f"{heading}: ")
    run.bold, run.font.size = True, Pt(11)
    run = note.add_run(text)
    run.italic, run.font.size = True, Pt(11)


def _add_runs(paragraph, text: str, citations: list[Citation], *, bold: bool = False) -> None:
    for kind, piece in segments(text, citations):
        run = paragraph.add_run(piece)
        run.bold = bold or None
        if kind == "quote":
            run.italic = True
        elif kind == "marker":
            run.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
            run.font.size = Pt(10)


def draft_to_docx(draft: Draft, path: Path) -> None:
    """Write ``draft`` as a .docx (Times New Roman 13 pt, A4 margins of an official text).

    Title in the Title style, a grey subtitle, the lead in bold, headings in Heading 1, outline
    bullets in List Bullet, quotations in italics with their markers, and the source list.
    """
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name in ("Title", "Heading 1"):
        doc.styles[name].font.name = "Times New Roman"
        doc.styles[name].font.color.rgb = RGBColor(0x1F, 0x2D, 0x3D)
    doc.styles["Title"].font.size = Pt(22)
    doc.styles["Heading 1"].font.size = Pt(15)
    for section in doc.sections:
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.top_margin = section.bottom_margin = Cm(2.0)
        section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)

    title = doc.add_paragraph(draft.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = sub.add_run(subtitle(draft))
    run.italic, run.font.size, run.font.color.rgb = True, Pt(10), RGBColor(0x66, 0x66, 0x66)
    lead = doc.add_paragraph()
    lead.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _add_runs(lead, draft.lead, draft.citations, bold=True)
    if draft.notes:
        _add_note(doc, NOTES_HEADING, " ".join(draft.notes))
    if draft.searched:
        _add_note(doc, SEARCHED_HEADING, "; ".join(draft.searched))

    for section in draft.sections:
        if section.heading:  # a news brief runs on under its title
            doc.add_heading(section.heading, level=1)
        for p in section.paragraphs:
            if p.text.startswith("- "):
                para = doc.add_paragraph(style="List Bullet")
                _add_runs(para, p.text[2:], draft.citations)
            else:
                para = doc.add_paragraph()
                _add_runs(para, p.text, draft.citations, bold=not p.citations and p.text.endswith(":"))
            para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    if draft.citations:
        doc.add_heading(SOURCES_HEADING, level=1)
        for c in draft.citations:
            para = doc.add_paragraph()
            para.paragraph_format.left_indent = Cm(0.6)
            para.paragraph_format.first_line_indent = Cm(-0.6)
            para.paragraph_format.space_after = Pt(3)
            run = para.add_run(source_line(c))
            run.font.size = Pt(11)
    doc.save(str(path))
