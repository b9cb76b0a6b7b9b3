"""The asked fact lifted out of an answer's lead quote: "74,8% [1]", shown before the quote.

A question asking for a figure or a date is answered by a sentence that usually holds several;
the one shown first is the one nearest to the question's own words in the quote (its clause,
then its phrase). It is verbatim and carries the quote's marker, so it is checked with it
(:func:`qa.verify.verify_answer` has already passed the quote).
"""

from __future__ import annotations

import re

from qa.constraints import QuestionConstraints
from qa.evidence import QueryEvidence
from qa.asked_numbers import asked_references, given_by
from qa.intent import has_figure
from qa.tables import is_header, is_key_value, is_table_row
from qa.types import Citation

_FIGURE_SPAN = re.compile(
    r"(?:(?:từ|trên|dưới|không quá|tối đa|tối thiểu|ít nhất|bằng)\s+)?"
    r"\d[\d.,]*(?:\s*[-–]\s*\d[\d.,]*)?"
    # a unit written on the figure, with what it is per: "50.000đ/ngày/người", "22lit/100km"
    r"(?:(?<=\d)(?:đ|lít|lit|km|kg|ha|tấn|USD)(?:/\w+){0,2}\b|\s*(?:%|phần trăm|lần|"
    r"(?:triệu |tỷ |nghìn |ngàn )?(?:đồng|USD|người|ha|tấn|km|m2|m3)|ngày|tháng|năm|giờ|tuần|năm)?)"
    r"(?:\s*\([^)]{1,30}\))?",
    re.IGNORECASE,
)
_SPELLED_SPAN = re.compile(
    r"\b(?:(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi|lăm|trăm|nghìn|ngàn|triệu|tỷ)\s+){1,4}"
    r"(?:\(\d+\)\s+)?(?:phần trăm|ngày|tháng|năm|giờ|tuần|người|lần)\b",
    re.IGNORECASE,
)
_DATE_SPAN = re.compile(
    r"ngày\s+\d{1,2}\s*(?:tháng\s*\d{1,2}\s*năm\s*\d{4}|/\s*\d{1,2}\s*/\s*\d{2,4})|\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}"
    r"|kể từ ngày [^,.;]{1,40}|(?:tháng|quý)\s+[\dIVX]+(?:\s*(?:/|năm)\s*\d{4})?",
    re.IGNORECASE,
)
_NOT_FIGURE_CONTEXT = re.compile(r"(?:Điều|khoản|điểm|số|Số|mục|Mục|Chương|lần thứ|khóa)\s*$")


def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    out = []
    for m in pattern.finditer(text):
        start, end = m.span()
        chunk = text[start:end].strip()
        if not chunk or not re.search(r"\w", chunk):
            continue
        if _NOT_FIGURE_CONTEXT.search(text[max(0, start - 12):start]):
            continue
        if text[max(0, start - 1):start] == "/" or text[end:end + 1] == "/":  # part of a date, blank or not
            continue
        if re.fullmatch(r"(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?", chunk):  # a year or period is not a figure
            continue
        out.append((start + (len(text[start:end]) - len(text[start:end].lstrip())), start + len(text[start:end].rstrip())))
    return out


def direct_answer(constraints: QuestionConstraints, citations: list[Citation], evidence: QueryEvidence) -> str | None:
    """The asked figure or date, verbatim from the lead quote, with its marker ("74,8% [1]").

    Of several figures in the quote, the one nearest to the question's own words in it;
    None when the question asks for neither or the quote has none.
    """
    intent = constraints.intent
    lead = [c for c in citations if not is_header(c.quote)][:1]
    if lead and not intent.is_list and intent.asks_number:
        return _reference(constraints.question, intent, lead[0])
    if not citations or intent.is_list or not (intent.wants_quantity or intent.wants_time):
        return None
    for citation in lead:
        quote = citation.quote
        if is_table_row(quote):
            return None  # which column answers is for the reader to see: the row comes with its headers
        if intent.wants_quantity:
            spans = _spans(_FIGURE_SPAN, quote) + _spans(_SPELLED_SPAN, quote)
            spans = [s for s in spans if has_figure(quote[s[0]:s[1]])]
        else:
            spans = _spans(_DATE_SPAN, quote) + _spans(_SPELLED_SPAN, quote)
        if is_key_value(quote):  # "Xe ôtô 07 chỗ … \t: 22lit/100km": the value, not a figure of its label
            spans = [s for s in spans if s[0] > quote.index(":")]
        if not spans:
            continue
        best = max(spans, key=lambda s: (evidence.coverage(_clause_of(quote, s, _CLAUSE_BREAK))
                                          + evidence.coverage(_clause_of(quote, s, _PHRASE_BREAK)), -s[0]))
        return f"{quote[best[0]:best[1]]} [{citation.n}]"
    return None


def _reference(question: str, intent, citation: Citation) -> str | None:
    """The asked document number or form code in the lead quote, whole ("59/2003/NĐ-CP [1]",
    "Mẫu số 2a [1]"), not one the question gives itself."""
    for found in asked_references(citation.quote, intent):
        at = citation.quote.index(found)
        whole = re.match(r"[^\s,;()]+", citation.quote[at + len(found):])  # "59/2003/NĐ" + "-CP"
        span = (found + (whole.group() if whole else "")).rstrip(".:")
        if not given_by(question, span):
            return f"{span} [{citation.n}]"
    return None


_CLAUSE_BREAK = re.compile(r"[;:]|\.\s|\n")
_PHRASE_BREAK = re.compile(r"[;:,]|\.\s|\n|\s(?:và|hoặc)\s")


def _clause_of(text: str, span: tuple[int, int], breaks: re.Pattern) -> str:
    """The clause holding a figure, between the breaks around it. A figure measures what its
    own clause names: "…; tỷ lệ che phủ rừng đạt 74,8%", "98% dân số nông thôn …"."""
    before = [m.end() for m in breaks.finditer(text, 0, span[0])]
    after = breaks.search(text, span[1])
    return text[(before[-1] if before else 0):(after.start() if after else len(text))]
