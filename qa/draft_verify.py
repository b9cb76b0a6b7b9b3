"""How a draft names its sources, and the check every draft must pass before it is returned.

:func:`document_names` gives the formal names the connectives use, :func:`display_quote`
the printed form of a quotation, and :func:`verify_draft` checks that every statement is a
verbatim quotation followed by its marker. Split from :mod:`qa.draft` (which re-exports
these names) so the extractive writer and the generator path share one check.
"""

from __future__ import annotations

import re

from common.types import STATUS_DIGEST, STATUS_METADATA_ONLY
from qa.types import Citation, Draft


OUTLINE_MARK = re.compile(r"(?:[-+•–]\s*|(?:\d+(?:\.\d+)*|[IVXLC]+)[.)\-]\s*|\(?[a-zđ\d]\)\s*)+")
MARKER = re.compile(r"\[(\d+)\]")
FIGURE = re.compile(r"\d")


# --- names ------------------------------------------------------------------------------------


def _date_vn(iso: str | None) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    return f"{int(m[3])}/{int(m[2])}/{m[1]}" if m else ""


def document_names(c: Citation) -> tuple[str, str]:
    """(full, short) formal names of a cited document for running text.

    "Công văn ngày 13/6/2016 của Ban Thường vụ Tỉnh ủy Bình Phước" / "Công văn của Ban Thường
    vụ Tỉnh ủy Bình Phước"; a digest is "bản tóm lược Nghị quyết số 41-NQ/TW …" so a reader
    never takes our summary for the official wording.
    """
    if c.doc_type:
        number = f" số {c.doc_number}" if c.doc_number else ""
        date = f" ngày {_date_vn(c.issued_date)}" if _date_vn(c.issued_date) else ""
        issuer = f" của {c.issuer}" if c.issuer else ""
        full = f"{c.doc_type}{number}{date}{issuer}"
        short = f"{c.doc_type}{number}" if number else f"{c.doc_type}{issuer}"
    else:
        full = short = c.citation_label or "văn bản"
    if c.status == STATUS_DIGEST:
        full, short = f"bản tóm lược {full}", f"bản tóm lược {short}"
    return full, short


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def display_quote(quote: str) -> str:
    """The quote as printed: its own characters, with line breaks and runs of spaces as one space."""
    return " ".join(quote.split())


# --- verification -------------------------------------------------------------------------------


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
