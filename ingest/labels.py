"""How a document is named in a citation and in a list (pure functions).

Officials cite an instrument by its type, number, date and issuer ("Nghị quyết số 41-NQ/TW
ngày 15/11/2004 của Bộ Chính trị"); an annex or regulation without a number of its own by the
decision it was issued with. A report, form, table, list, speech or article has no number:
it is cited by its kind and its title ("Báo cáo tình hình thực hiện nhiệm vụ kế hoạch năm 2004
…", "Bài phát biểu “Triển vọng và giải pháp phát triển ngành cao su Việt Nam” (2001)"), never
as a bare "Văn bản". Split from :mod:`ingest.metadata`, which re-exports :func:`document_label`.
"""

from __future__ import annotations

from common.vietnamese.dates import format_date_vi
from common.vietnamese.mentions import is_acronym
from common.vietnamese.numbers import number_type
from ingest.dockind import ARTICLE, GENERIC, NON_INSTRUMENTS, SPEECH, STUDY

_QUOTED_KINDS = (SPEECH, ARTICLE, STUDY, GENERIC)  # a title of its own, quoted after the kind


def by_title(doc_type: str | None, doc_number: str | None, summary: str | None) -> bool:
    """Whether a document is named by its kind and title: a non-instrument without a number."""
    return bool(summary) and not doc_number and doc_type in NON_INSTRUMENTS


def title_phrase(doc_type: str, summary: str, max_words: int | None = None) -> str:
    """The title as it follows the kind word: "Báo cáo" + "tình hình …" (the heading's first
    letter lowered unless it starts a name or an acronym), or quoted after a speech, article or
    study; cut to ``max_words`` words with "…"."""
    words = summary.split()
    if max_words and len(words) > max_words:
        words = words[:max_words] + ["…"]
    text = " ".join(words)
    if doc_type in _QUOTED_KINDS:
        return f"“{text}”"
    first, second = words[0], (words[1] if len(words) > 1 else "")
    proper = first.istitle() and second.istitle() and not is_acronym(second)  # "Việt Nam …", "Hà Nội …"
    if not is_acronym(first) and not proper:
        text = text[:1].lower() + text[1:]
    return text


def document_label(
    doc_type: str | None, doc_number: str | None, issued_date: str | None, issuer: str | None,
    issued_with: str | None = None, summary: str | None = None, max_title_words: int | None = None,
) -> str:
    """How officials cite a document: "Nghị quyết số 41-NQ/TW ngày 15/11/2004 của Bộ Chính trị";
    a regulation without a number by the decision it was issued with: "Quy định ban hành kèm
    theo Quyết định số 522/2002/QĐ-UB ngày 7/3/2002 của …"; a document without a number that is
    no instrument by its kind and title, then its parent, or its issuer and year:
    "Bảng số liệu cân đối quyết toán ngân sách huyện năm 2004 ban hành kèm theo Quyết định số
    38/2005/QĐ-UBND ngày 23/9/2005 của Ủy ban nhân dân huyện Cần Giờ", "Bài viết “Phát triển
    công nghệ mới …” (2002)"."""
    named = by_title(doc_type, doc_number, summary)
    parts = [f"{doc_type} {title_phrase(doc_type, summary, max_title_words)}" if named else doc_type or "Văn bản"]
    if doc_number:
        parts.append(f"số {doc_number}")
    elif issued_with:
        parts.append(f"ban hành kèm theo {number_type(issued_with) or 'văn bản'} số {issued_with}")
    if issued_date and (not named or issued_with):
        parts.append(f"ngày {format_date_vi(issued_date)}")
    if issuer:
        parts.append(f"của {issuer}")
    if issued_date and named and not issued_with:
        parts.append(f"({issued_date[:4]})")
    return " ".join(parts)
