"""The check every draft must pass before it is returned: every statement a verbatim quotation.

:func:`verify_draft` checks that every statement is a verbatim quotation followed by its
marker and that the connecting text carries no figure or name of its own; the extractive
writer (:mod:`qa.draft.write`) and the generator path (:mod:`qa.draft.generate`) share it.
"""

from __future__ import annotations

import re

from common.types import STATUS_DIGEST, STATUS_METADATA_ONLY
from qa.draft.names import FIGURE, MARKER, OUTLINE_MARK, cap, display_quote, document_names
from qa.types import Citation, Draft


def _connective(text: str, citations: dict[int, Citation], names: list[str]) -> tuple[str, list[str]]:
    """``text`` without its quotations, markers and document names; and the problems found."""
    problems: list[str] = []
    for n in MARKER.findall(text):
        c = citations.get(int(n))
        if c is None:
            problems.append(f"dấu [{n}] không có trích dẫn tương ứng")
            continue
        quoted = f"“{display_quote(c.quote)}” [{n}]"
        if quoted not in text:
            problems.append(f"[{n}] không đứng sau câu trích nguyên văn trong ngoặc kép")
        text = text.replace(quoted, " ")
    text = MARKER.sub(" ", text)
    for name in names:
        text = text.replace(name, " ")
    if "“" in text or "”" in text:
        problems.append("có đoạn trong ngoặc kép không kèm dấu trích dẫn")
    return text, problems


_NAME_WORD = re.compile(r"(?<![.:;!?(\-–] )(?<!^)(?<![“\n])\b([A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][\w/-]*)")


def _allowed_names(draft: Draft) -> list[str]:
    """Document names, titles and trích yếu the connecting text may use (longest first)."""
    names = {x for c in draft.citations for x in (*document_names(c), c.citation_label)}
    for s in draft.sources:
        names.update(x for x in (s.name, s.summary, *s.amended_by, *s.unloaded) if x)
    return sorted({y for x in names for y in (x, cap(x))}, key=len, reverse=True)


def verify_draft(draft: Draft) -> list[str]:
    """Problems that would make the draft unsafe to publish (Vietnamese, one line each); [] when sound.

    Checks: each citation's quote is the verbatim span ``passage[quote_start:quote_end]`` and
    not from a metadata-only document; no quotation is used twice; numbering follows first use;
    every marker has a citation and stands right after its quotation; a quotation from a digest
    stands in a paragraph that says "tóm lược"; the connecting text carries no figure (digit)
    and no name (a capitalised word inside a sentence) that is not a document's name or trích
    yếu, except outline numbers and, in the title, the user's own topic. Headings are the
    documents' own headings or fixed labels (the planner takes no other).
    """
    problems: list[str] = []
    by_n = {c.n: c for c in draft.citations}
    names = _allowed_names(draft)
    for c in draft.citations:
        if not c.quote.strip() or c.passage[c.quote_start:c.quote_end] != c.quote:
            problems.append(f"[{c.n}] câu trích không phải nguyên văn của đoạn nguồn")
        if c.status == STATUS_METADATA_ONLY:
            problems.append(f"[{c.n}] trích từ văn bản chỉ có thông tin mô tả")
        for o in draft.citations[: c.n - 1]:
            if o.doc_id == c.doc_id and (display_quote(c.quote) in display_quote(o.quote)
                                         or display_quote(o.quote) in display_quote(c.quote)):
                problems.append(f"[{c.n}] trùng với trích dẫn [{o.n}]")
    texts: list[tuple[str, str, list[int] | None]] = [("nhan đề", draft.title, None), ("sapo", draft.lead, None)]
    for s in draft.sections:
        texts.extend((f"phần “{s.heading}”", p.text, p.citations) for p in s.paragraphs)
    first_use: list[int] = []
    for where, text, declared in texts:
        markers = [int(n) for n in MARKER.findall(text)]
        first_use.extend(n for n in markers if n not in first_use)
        if declared is not None and sorted(set(markers)) != sorted(set(declared)):
            problems.append(f"{where}: danh sách trích dẫn không khớp các dấu [n] trong đoạn")
        if any(by_n[n].status == STATUS_DIGEST for n in markers if n in by_n) and "tóm lược" not in text:
            problems.append(f"{where}: trích từ bản tóm lược mà không ghi “tóm lược”")
        if where == "nhan đề":  # the user's own words may hold quotation marks ("… “nền kinh tế mới” …"),
            for m in list(re.finditer(r"“([^“”]*)(?:”|$)", text)):  # cut short with the title at its end
                if m.group(1).strip() in draft.topic:
                    text = text.replace(m.group(0), " ")
        rest, found = _connective(text, by_n, names)
        problems.extend(f"{where}: {p}" for p in found)
        rest = rest.strip()
        mark = OUTLINE_MARK.match(rest)
        rest = rest[mark.end():] if mark else rest
        if where == "nhan đề":
            rest = re.sub(r"\d+", lambda m: "" if m[0] in draft.topic else m[0], rest)
        if FIGURE.search(rest):
            problems.append(f"{where}: có số liệu nằm ngoài câu trích dẫn")
        if where != "nhan đề":
            loose = [w for w in _NAME_WORD.findall(" ".join(rest.split())) if w not in _FIXED_CAPITALS]
            if loose:
                problems.append(f"{where}: lời dẫn có tên riêng không nằm trong câu trích: {', '.join(loose)}")
    if first_use != [c.n for c in draft.citations]:
        problems.append("trích dẫn không được đánh số theo thứ tự xuất hiện hoặc có trích dẫn không dùng")
    return problems


_FIXED_CAPITALS = frozenset()
