"""What a document says about other documents it changes or belongs to (pure functions):
the document it amends, replaces or repeals, and — for a regulation or annex without a number
of its own — the decision it was issued with. Read from the trích yếu, or the opening lines."""

from __future__ import annotations

import re
from typing import NamedTuple

from common.types import CitedDocument
from common.vietnamese.mentions import find_doc_numbers, issuer_at

# What a document says it changes, in its trích yếu (or, without one, its opening lines):
# "Sửa đổi, bổ sung một số điều của Nghị định số 30/1998/NĐ-CP …", "Về việc sửa đổi, bổ sung
# Quy chế … ban hành kèm theo Quyết định số 193/2001/QĐ-TTg", "Bổ sung và sửa đổi một số điểm
# của Thông tư số 40/2000/TT-BTC", "… thay thế Quyết định số …". The verb must open the
# statement (or follow "về việc"): "Quy định chi tiết thi hành Luật sửa đổi …" implements an
# amending law, it amends nothing. A supplement alone ("hướng dẫn bổ sung") changes nothing.
_AMENDS = re.compile(
    r"(?:^|\bvề việc\b|\bv/v\b)[\s:]*(?:bổ sung(?:\s*,|\s+và)?\s*)?(?:sửa đổi|thay thế|bãi bỏ)\b", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.;](?=\s+[A-ZĐÀ-Ỹ]|\s*$)|\n\s*\n")
# "(Ban hành kèm theo Quyết định số 522/2002/QĐ-UB ngày 07/3/2002 của UBND tỉnh An Giang)":
# a Quy định / Quy chế / Phụ lục has no number of its own; officials cite it by the decision's.
# An annex often says only "(Kèm theo Quyết định số 13/2004/QĐ-BKHCN …)". After "ban hành" the word
# "kèm" may be typed in a wrong font ("(Ban hành kốm theo Quyết định số 141/2006/QĐ-UBND ngày 22 thỏng 9
# …)": the annex of 141/2006, refused as not loaded by seven opened questions); not "ban hành theo", a
# preamble's citation ("Điều lệ … ban hành theo Nghị định số 25-HĐBT …").
_ISSUED_WITH = re.compile(
    r"(?:ban hành\s+\w{3}\s+|\(\s*kèm\s+)theo\s+(?:quyết định|nghị định|thông tư|chỉ thị|nghị quyết|công văn)\s+(?:số\s*:?\s*)?",
    re.IGNORECASE,
)
OPENING_CHARS = 800  # how much of a document without trích yếu its opening statement may take


def amended_documents(statement: str, own_keys: tuple[str | None, ...] = ()) -> list[CitedDocument]:
    """The document that ``statement`` (a trích yếu, or the opening of a text without one)
    says is amended, replaced or repealed: the first one named after the verb ("… của Thông
    tư số 40/2000/TT-BTC hướng dẫn … Quyết định 176/1999/QĐ-TTg" amends the Thông tư only)."""
    text = " ".join(statement.split())
    m = _AMENDS.search(text)
    if not m:
        return []
    rest = text[m.end() :]
    end = _SENTENCE_END.search(rest)
    rest = rest[: end.start()] if end else rest
    return [c for c in find_doc_numbers(rest) if c.number_key not in own_keys][:1]


class Attachment(NamedTuple):
    """What an annex, form or regulation without a number says it was issued with: the parent
    as cited (number, and its date and issuer when written), and the issuer the parenthesis
    names even when the number is left blank ("Kèm theo công văn số /BKHCN-KHTC ngày / / 2006
    của Bộ Khoa học và Công nghệ")."""

    parent: CitedDocument | None
    issuer: str | None


def _filled(window: str) -> str:
    """A number and date typed into a form's blanks, made whole: "…05…./2006/ QĐ-UBND" →
    "05/2006/QĐ-UBND", "ngày …25..tháng 01" → "ngày 25tháng 01" (fill-in dots around the
    digits), "09 2006/QĐ-UBND" → "09/2006/QĐ-UBND" (the slash before the year lost)."""
    window = re.sub(r"(?:\.{2,}|…[.…]*)(?=\d)|(?<=\d)(?:\.{2,}|…[.…]*)", "", window)
    return re.sub(r"(?<![\d/])(\d{1,4}) +((?:19|20)\d\d ?/)", r"\1/\2", window)


def attachment(text: str) -> Attachment:
    """The document that the opening lines of ``text`` say it is issued with ("(Ban hành kèm theo
    Quyết định số 13/2004/QĐ-BKHCN ngày 25/5/2004 của Bộ trưởng Bộ Khoa học và Công nghệ)").
    A number that is only a year over a blank date ("số : 2006/QĐ-UBND ngày tháng năm 2006": a
    form whose number was never filled in) is no number."""
    opening = " ".join(text[:OPENING_CHARS].split())
    m = _ISSUED_WITH.search(opening)
    if not m:
        return Attachment(None, None)
    window = _filled(opening[m.start() : m.end() + 200])
    close = window.find(")")
    window = window[: close + 1] if close > 0 else window
    found = find_doc_numbers(window)
    parent = found[0] if found else None
    if parent and re.match(r"(?:19|20)\d\d/", parent.doc_number) and not parent.issued_date:
        parent = None
    issuer = parent.issuer if parent else None
    by = re.search(r"\s(?i:của)\s+", window)
    if not issuer and by:
        issuer = issuer_at(window, by.end())[0]
    return Attachment(parent, issuer)


def issued_with(text: str) -> str | None:
    """The number of the decision that a regulation or annex was issued with, from its
    opening lines ("Ban hành kèm theo Quyết định số: 522/2002/QĐ.UB …")."""
    parent = attachment(text).parent
    return parent.doc_number if parent else None
