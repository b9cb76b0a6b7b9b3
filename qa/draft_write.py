"""The text of an extractive draft: quotations with their markers, joined by fixed connectives.

The writer adds no fact of its own: every statement is a quotation “…” [n] of a planned
candidate, introduced by a small fixed set of connectives that name the source formally
("Về chỉ tiêu, … nêu rõ:"); citations are numbered in order of first use. Split from
:mod:`qa.draft`, which re-exports :data:`NO_MATERIAL`.
"""

from __future__ import annotations

import re

from qa.answer import make_citation
from qa.draft_plan import BRIEF, OUTLINE, Role, _Candidate, _Plan, topic_core
from qa.draft_verify import _cap, display_quote, document_names
from qa.types import Citation, Draft, DraftParagraph, DraftSection


NO_MATERIAL = "Không tìm thấy nội dung phù hợp với chủ đề này trong các văn bản đã nạp."
_CLOSING_TEXT = ("Trên đây là những nội dung chính, được trích dẫn nguyên văn từ các văn bản nêu trên, "
                 "phục vụ công tác tuyên truyền.")
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
_SAME_DOC = ("Văn bản cũng nêu rõ:", "Cũng theo văn bản này:", "Đáng chú ý, văn bản nêu:")
_OTHER_DOC = ("Bên cạnh đó, {doc} nêu:", "Cùng với đó, {doc} nêu rõ:", "Trong đó, đáng chú ý là nội dung của {doc}:")


# --- writing ------------------------------------------------------------------------------------


def _reading_order(quotes: list[_Candidate]) -> list[list[_Candidate]]:
    """Group a section's quotes by document (strongest first), each group in reading order."""
    groups: dict[str, list[_Candidate]] = {}
    for c in quotes:
        groups.setdefault(c.passage.doc_id, []).append(c)

    def position(c: _Candidate) -> tuple[int, int]:
        m = re.search(r"#(\d+)", c.passage.chunk_id)
        return (int(m[1]) if m else c.passage.rank, c.start)

    return [sorted(g, key=position) for g in groups.values()]


class _Writer:
    """Numbers citations in order of first use and names each document fully once, then briefly."""

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self._named: set[str] = set()

    def quote(self, c: _Candidate) -> tuple[str, int]:
        p = c.passage
        n = len(self.citations) + 1
        citation = make_citation(n, p, c.start, c.end)  # labelled by the quote's own section
        if citation.quote != c.quote:  # the candidate's quote must be exactly its span
            raise AssertionError(f"trích dẫn [{n}] không khớp nguyên văn đoạn nguồn")
        self.citations.append(citation)
        return f"“{display_quote(c.quote)}” [{n}].", n

    def name(self, c: _Candidate) -> str:
        p = c.passage
        probe = Citation(0, p.doc_id, p.doc_number, p.doc_type, p.issued_date, p.issuer, p.citation_label,
                         p.section, "", "", p.source_path, p.status)
        full, short = document_names(probe)
        first = p.doc_id not in self._named
        self._named.add(p.doc_id)
        return full if first else short


def _article_section(w: _Writer, role: Role, quotes: list[_Candidate]) -> list[DraftParagraph]:
    paragraphs: list[DraftParagraph] = []
    for g, group in enumerate(_reading_order(quotes)):
        for i in range(0, len(group), 2):
            pair = group[i:i + 2]
            name = w.name(pair[0])
            if g == 0 and i == 0:
                intro = _cap(role.opener.format(doc=name))
            elif i == 0:
                intro = _OTHER_DOC[g % len(_OTHER_DOC)].format(doc=name)
            else:
                intro = _SAME_DOC[(i // 2) % len(_SAME_DOC)]
            text, n = w.quote(pair[0])
            parts, cites = [f"{intro} {text}"], [n]
            if len(pair) > 1:
                text, n = w.quote(pair[1])
                parts.append(f"{_SAME_DOC[(i // 2 + g) % len(_SAME_DOC)]} {text}")
                cites.append(n)
            paragraphs.append(DraftParagraph(" ".join(parts), cites))
    return paragraphs


def _outline_section(w: _Writer, quotes: list[_Candidate]) -> list[DraftParagraph]:
    paragraphs: list[DraftParagraph] = []
    for j, group in enumerate(_reading_order(quotes), start=1):
        paragraphs.append(DraftParagraph(f"{j}. {_cap(w.name(group[0]))} nêu rõ:", []))
        for c in group:
            text, n = w.quote(c)
            paragraphs.append(DraftParagraph(f"- {text}", [n]))
    return paragraphs


def _write(topic: str, plan: _Plan, form: str, length: str) -> Draft:
    core = _cap(topic_core(topic))
    title = f"Đề cương tuyên truyền: {core}" if form == OUTLINE else core
    if plan.lead is None:
        return Draft(topic=topic, title=title, lead=NO_MATERIAL, sections=[], citations=[], form=form, length=length)
    w = _Writer()
    name = w.name(plan.lead)
    text, _ = w.quote(plan.lead)
    lead = f"{_cap(name)} nêu rõ: {text}"
    if form != BRIEF:
        what = "Đề cương tổng hợp" if form == OUTLINE else "Bài viết"
        lead += f" {what} trích dẫn nguyên văn những nội dung chính của các văn bản liên quan, phục vụ công tác tuyên truyền."
    sections: list[DraftSection] = []
    for i, (role, quotes) in enumerate(plan.sections):
        if form == OUTLINE:
            sections.append(DraftSection(f"{_ROMAN[i]}. {role.heading.upper()}", _outline_section(w, quotes)))
        else:
            sections.append(DraftSection(role.heading, _article_section(w, role, quotes)))
    if form != BRIEF and sections:
        closing: list[DraftParagraph] = []
        if plan.closing is not None:
            name = w.name(plan.closing)
            text, n = w.quote(plan.closing)
            closing.append(DraftParagraph(f"Như {name} đã khẳng định: {text}", [n]))
        closing.append(DraftParagraph(_CLOSING_TEXT, []))
        heading = f"{_ROMAN[len(sections)]}. KẾT LUẬN" if form == OUTLINE else "Kết luận"
        sections.append(DraftSection(heading, closing))
    return Draft(topic=topic, title=title, lead=lead, sections=sections, citations=w.citations,
                 form=form, length=length)
