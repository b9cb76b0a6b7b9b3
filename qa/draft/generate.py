"""The optional generator path: a chat model writes the draft, and only verbatim quotations survive.

:func:`compose_generated` gives the model the plan's numbered passages; :func:`check_generated`
keeps only sentences whose every “…” [n] is a span of passage n, and the kept quotations are
re-cut from their passages and renumbered.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from qa.draft.names import FIGURE, MARKER, cap, display_quote, document_names
from qa.draft.plan import Plan
from qa.draft.forms import EXPLAINER
from qa.draft.topic import draft_title
from qa.draft.write import FORM_PREFIX, Writer, notes_of, sources_of
from qa.types import Citation, Draft, DraftParagraph, DraftSection


_QUOTED = re.compile(r"“(.*?)”\s*\[(\d+)\]")
_PROMPT = """Bạn là biên tập viên của ban tuyên giáo. Viết {form} (độ dài: {length}) về chủ đề: {topic}.
Chỉ dùng các trích đoạn đánh số dưới đây. Mọi câu nêu sự kiện, số liệu, chỉ tiêu, cơ quan chịu trách nhiệm
phải là trích dẫn NGUYÊN VĂN đặt trong ngoặc kép “…” và theo sau là số nguồn, ví dụ: “…” [2].
Lời dẫn của bạn nêu tên văn bản, không được thêm số liệu hay thông tin nào khác.
Định dạng: dòng đầu "# <nhan đề>", rồi một đoạn sapo, rồi 3–5 phần, mỗi phần mở đầu bằng "## <tiêu đề>".

{sources}
"""


def _locate(quote: str, passage: str) -> tuple[int, int] | None:
    words = quote.split()
    m = re.search(r"\s+".join(map(re.escape, words)), passage) if words else None
    return (m.start(), m.end()) if m else None


def _units(line: str) -> list[str]:
    """Sentences of a generated line, never cut inside a quotation."""
    units, depth, start = [], 0, 0
    for i, ch in enumerate(line):
        depth += (ch == "“") - (ch == "”")
        if ch in ".!?:" and depth <= 0 and (i + 1 == len(line) or line[i + 1].isspace()):
            units.append(line[start:i + 1].strip())
            start = i + 1
    return [u for u in units + [line[start:].strip()] if u]


def check_generated(text: str, citations: list[Citation]) -> tuple[str, list[str]]:
    """Keep what the passages support: sentences whose every ``“…” [n]`` is verbatim in passage n.

    A sentence is dropped (and flagged) when a quotation is not a span of the passage it cites,
    when it has a marker without a quotation, a figure or a statement outside quotations (only
    headings and lead-ins ending in ":" may stand without one).

    :returns: the kept text (same lines, dropped sentences removed) and one flag per dropped sentence.
    """
    by_n = {c.n: c for c in citations}
    names = sorted({x for c in citations for x in (*document_names(c), c.citation_label) for x in (x, cap(x))},
                   key=len, reverse=True)
    kept_lines, flags = [], []
    for line in text.splitlines():
        if line.startswith("#"):
            if MARKER.search(line) or "“" in line:
                flags.append(f"Tiêu đề có trích dẫn, bị loại: {line}")
            else:
                kept_lines.append(line)
            continue
        kept = []
        for unit in _units(line):
            quotes = _QUOTED.findall(unit)
            ok = all(int(n) in by_n and _locate(q, by_n[int(n)].passage) for q, n in quotes)
            rest = _QUOTED.sub(" ", unit)
            for name in names:
                rest = rest.replace(name, " ")
            ok = ok and not MARKER.search(rest) and "“" not in rest and not FIGURE.search(rest)
            ok = ok and (bool(quotes) or unit.endswith(":"))
            if ok:
                kept.append(unit)
            else:
                flags.append(f"Câu không được nguồn trích dẫn hỗ trợ, bị loại: {unit}")
        if kept and not all(u.endswith(":") for u in kept):
            kept_lines.append(" ".join(kept))
    return "\n".join(kept_lines), flags


def compose_generated(topic: str, plan: Plan, generate: Callable[[str], str]) -> Draft | None:
    """Let ``generate`` write the draft from the plan's numbered passages; None when nothing survives."""
    form, length = plan.form, plan.length
    w = Writer()
    lines = []
    for s in plan.sentences():
        name = w.name(s.doc)
        w.sentence(s)
        lines.append(f"[{len(w.citations)}] {cap(name)}: “{display_quote(s.text)}”")
    prompt = _PROMPT.format(form=form, length=length, topic=topic, sources="\n".join(lines))
    kept, _ = check_generated(generate(prompt), w.citations)
    sources, out = w.citations, Writer()
    renumber: dict[int, int] = {}

    def requote(m: re.Match[str]) -> str:
        src = sources[int(m[2]) - 1]
        start, end = _locate(m[1], src.passage)
        n = len(out.citations) + 1
        out.citations.append(replace(src, n=n, quote=src.passage[start:end], quote_start=start, quote_end=end))
        renumber[n] = n
        return f"“{display_quote(src.passage[start:end])}” [{n}]"

    title, lead, sections = draft_title(topic, FORM_PREFIX.get(plan.form), plan.form == EXPLAINER), [], []
    for line in kept.splitlines():
        if line.startswith("## "):
            sections.append(DraftSection(line[3:].strip(), []))
        elif line.startswith("# "):
            title = line[2:].strip() if not FIGURE.search(line) else title
        elif line.strip():
            text = _QUOTED.sub(requote, line.strip())
            cites = [int(n) for n in MARKER.findall(text)]
            (sections[-1].paragraphs.append(DraftParagraph(text, cites)) if sections else lead.append(text))
    sections = [s for s in sections if s.paragraphs]
    if not sections:
        return None
    sources = sources_of(plan)
    return Draft(topic=topic, title=title, lead=" ".join(lead), sections=sections, citations=out.citations,
                 form=form, length=length, sources=sources,
                 notes=notes_of(plan, sources, out.citations, topic), missing=list(plan.missing))
