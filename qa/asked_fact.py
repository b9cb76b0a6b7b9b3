"""Whether an answer's quotes give the kind of fact its question asks for: a figure (in its
unit), a duration, a date — not only sentences on the right subject. Part of answer verification
(:mod:`qa.verify`), which turns a failing answer into an abstention naming what is missing.
"""

from __future__ import annotations

import re

from qa.constraints import QuestionConstraints
from qa.asked_numbers import asked_references, given_by
from qa.intent import QuestionIntent, has_figure, has_time, mention_form
from qa.tables import is_header, is_table_row
from qa.types import Citation, Passage
from qa.units import COUNTS, UNITS, asked_unit, declares_unit, gives_unit

# A question on a term or a period ("thời hạn …", "thời gian …"): a duration ("một năm") answers it as
# well as a figure. "bao lâu" asks for a duration and nothing else (``QuestionIntent.wants_duration``).
_DURATION_QUESTION = re.compile(r"\b(thoi han|thoi gian)\b")


def first_quote(citations: list[Citation]) -> Citation | None:
    """The answer's first quote that is not a table's column headers: what the reader takes as the answer."""
    return next((c for c in citations if not is_header(c.quote)), None)


def fact_unmet(constraints: QuestionConstraints, citations: list[Citation], lead: Citation,
               passage: Passage | None) -> list[str]:
    """What the question asks for that the quotes do not give (labels for the abstention's
    message), checked on the figures the quotes tell besides the question's own numbers.

    :param lead: the answer's first quote; ``passage`` its passage when known.
    """
    intent = constraints.intent
    missing: list[str] = []
    quotes = " ".join(_figures_told(c.quote) for c in citations if not is_header(c.quote))  # a header's years give no figure
    asked = mention_form(constraints.question)
    duration = bool(_DURATION_QUESTION.search(asked))
    told = _without_question_numbers(quotes, constraints.question)
    unit = asked_unit(asked)
    name = UNITS[unit][0] if unit else ""
    # A table's units are in its headers: a tabbed row, or a row of "|"-separated cells under a
    # header that declares the asked unit ("Thuế suất (%)", "Đơn vị tính: triệu đồng").
    tabular = any(is_table_row(c.quote) for c in citations) or (
        unit is not None and passage is not None and "|" in lead.quote
        and declares_unit(passage.text[: lead.quote_start], unit))
    if intent.wants_duration and not intent.is_list and not has_time(told):
        missing.append("thời hạn được hỏi")
    elif intent.wants_quantity and not intent.is_list and not (has_figure(told) or duration and has_time(told)
                                                               or _counted_in_words(asked, quotes)):
        missing.append("con số được hỏi")
    elif intent.wants_quantity and not intent.is_list and unit and not tabular and not gives_unit(told, unit):
        missing.append(f"{name} được hỏi" if unit in COUNTS else f"con số tính bằng {name} được hỏi")
    elif intent.wants_time and not intent.asks_issue and not has_time(told):
        missing.append("thời điểm hoặc thời hạn được hỏi")
    if intent.asks_number and not intent.is_list and not _new_reference(
            citations, constraints.question, intent):
        missing.append("số hiệu văn bản được hỏi" if intent.wants_reference else "số hiệu mẫu được hỏi")
    if intent.wants_quantity and not intent.is_list and _blank_row(first_quote(citations)):
        missing.append("số liệu của dòng được hỏi (ô trong bảng để trống)")
    return missing


# A count asked by its noun ("bao nhiêu quan điểm") is given in words as often as in digits
# ("năm quan điểm cơ bản"). Folded forms.
_COUNTED = re.compile(r"\b(?:bao nhieu|may)\s+([a-z]+(?:\s+[a-z]+)?)")
_NUMBER_WORDS = r"(?:mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi)"
_TIME_UNITS = {"nam", "thang", "ngay", "gio", "tuan", "quy", "lan"}


def _counted_in_words(asked: str, quotes: str) -> bool:
    """Whether the quotes give the count the question asks by its noun, in words."""
    counted = _COUNTED.search(asked)
    if counted is None or counted.group(1) not in COUNTS and (
            counted.group(1) in UNITS or counted.group(1).split()[0] in {*UNITS, *_TIME_UNITS}):
        return False  # units and periods have their own checks ("bao nhiêu năm" is no count of "năm")
    return bool(re.search(rf"\b{_NUMBER_WORDS}\s+{re.escape(counted.group(1))}\b", mention_form(quotes)))


_ROW_NUMBER = re.compile(r"^\s*(?:\d{1,3}|[IVX]{1,5}|[A-Za-z])\.?\t")  # the "STT" cell opening a row
_NO_DATA = re.compile(r"(?:không|chưa) có số liệu", re.IGNORECASE)


def _figures_told(quote: str) -> str:
    """What a quote tells as figures: a table row without its running number ("2\tThuế sử dụng
    đất nông nghiệp\t\t" gives none), nothing from a row that says it has no data ("Hà Tĩnh
    (không có số liệu)")."""
    if "\t" not in quote:  # prose (every table row has a tab)
        return quote
    if _NO_DATA.search(quote):
        return ""
    return _ROW_NUMBER.sub("", quote)


_NUMBERED_ROW = re.compile(r"^\s*\d{1,3}\.?\t")  # an item of a table ("2  Thuế sử dụng đất …"), not a group ("A", "II")


def _blank_row(lead: Citation | None) -> bool:
    """Whether the answer's first row is a numbered item of a table whose cells hold no figure:
    "2  Thuế sử dụng đất nông nghiệp" with the column left empty. The table names the item but
    gives no amount for it; the figures of the rows quoted after it are other items' (a budget
    form that leaves "Chi đầu tư phát triển" blank answers nothing about it)."""
    return lead is not None and bool(_NUMBERED_ROW.match(lead.quote)) and not has_figure(_figures_told(lead.quote))


def _without_question_numbers(quotes: str, question: str) -> str:
    """The quotes without the numbers the question itself gives ("trong 9 tháng đầu năm
    2005 … bao nhiêu dự án?"): a quote that only repeats them does not give the asked figure."""
    for number in sorted(set(re.findall(r"\d+(?:[.,]\d+)?", question)), key=len, reverse=True):
        quotes = re.sub(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)", " ", quotes)
    return quotes


def _new_reference(citations: list[Citation], question: str, intent: QuestionIntent) -> bool:
    """Whether a quote gives a document number or form code of the asked kind that the question does
    not give itself ("Biểu số 01/TNLĐ-CS ban hành theo thông tư nào": not "01/TNLĐ -CS")."""
    return any(not given_by(question, ref) for c in citations for ref in asked_references(c.quote, intent))
