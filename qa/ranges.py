"""A quantity asked against a schedule of ranges — pure functions.

Rules are often written as brackets: "Thời gian sử dụng … từ trên 6 tháng đến 1 năm được hoàn lại
85% …", "trên 1 năm đến 2 năm … 70%", "từ đủ 24 tháng đến dưới 36 tháng … 16%/năm". A user asks
with their own figure ("đã dùng khoảng 18 tháng", "giữ được hai năm rưỡi", "còn khoảng 80% giá
trị sử dụng"), which no bracket writes: every bracket shares the question's words, and the one
ranked first was another bracket's (seven of the 23 opened questions giving a time or a share
that were not answered were such). :func:`fits` reads the question's figure and a sentence's
brackets in one unit (months for time, per cent for shares) and says whether the sentence's
bracket holds it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# Months in a unit of time; a share is in per cent.
_MONTHS = {"ngày": 1 / 30, "tháng": 1.0, "năm": 12.0}
_WORD_NUMBERS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
                 "mười": 10}
_NUM = r"(\d+(?:[.,]\d+)?|một|hai|ba|bốn|sáu|bảy|tám|chín|mười)"
_UNIT = r"\s*(ngày|tháng|năm|%)(\s+rưỡi)?"
_AMOUNT = re.compile(_NUM + _UNIT, re.IGNORECASE)
# "từ (đủ|trên) A đến (dưới|hết) B", "trên A đến B", with A's unit taken from B when it is left out.
_BETWEEN = re.compile(r"(từ\s+(?:đủ\s+|trên\s+)?|trên\s+|quá\s+|hơn\s+)" + _NUM + r"(?:" + _UNIT + r")?"
                      r"\s*(?:đến|tới|-)\s*(dưới\s+|hết\s+)?" + _NUM + _UNIT, re.IGNORECASE)
_AT_MOST = re.compile(r"(?:từ\s+)?" + _NUM + _UNIT + r"\s+trở\s+xuống", re.IGNORECASE)
_AT_LEAST = re.compile(r"(?:từ\s+)?" + _NUM + _UNIT + r"\s+trở\s+lên", re.IGNORECASE)
_BELOW = re.compile(r"(dưới|chưa\s+đủ|không\s+quá|tối\s+đa)\s+" + _NUM + _UNIT, re.IGNORECASE)
_ABOVE = re.compile(r"(trên|quá|hơn)\s+" + _NUM + _UNIT + r"(?!\s*(?:đến|tới|-))", re.IGNORECASE)
_RANGE_WORDS = re.compile(r"\b(?:từ|trên|dưới|quá|hơn|chưa đủ|không quá|tối đa|trở xuống|trở lên|đến|tới)\b",
                          re.IGNORECASE)


@dataclass(frozen=True)
class Bracket:
    """[lo, hi] in one kind ("time" in months, "share" in per cent), each end open or closed."""

    kind: str
    lo: float
    hi: float
    lo_closed: bool = True
    hi_closed: bool = True

    def holds(self, kind: str, value: float) -> bool:
        if kind != self.kind:
            return False
        above = value > self.lo or self.lo_closed and math.isclose(value, self.lo)
        below = value < self.hi or self.hi_closed and math.isclose(value, self.hi)
        return above and below


def _number(token: str) -> float:
    token = token.lower()
    return float(_WORD_NUMBERS[token]) if token in _WORD_NUMBERS else float(token.replace(",", "."))


def _value(number: str, unit: str, half: str | None) -> tuple[str, float]:
    """(kind, value in months or per cent) of "18 tháng", "hai năm rưỡi", "80%"."""
    value = _number(number) + (0.5 if half else 0.0)
    unit = unit.lower()
    return ("share", value) if unit == "%" else ("time", value * _MONTHS[unit])


def asked_amount(question: str) -> tuple[str, float] | None:
    """The one time or share a question states as its own case ("đã dùng khoảng 18 tháng"), or
    None: none, several, or written as a bracket itself ("trên 6 tháng")."""
    found = list(_AMOUNT.finditer(question))
    if len(found) != 1:
        return None
    m = found[0]
    if _RANGE_WORDS.search(question[max(0, m.start() - 12):m.start()]) or re.match(r"\s+trở", question[m.end():]):
        return None
    if m.group(2).lower() == "năm" and re.match(r"\s*\d", question[m.end():]):
        return None  # "5 năm 2005"
    if m.group(1).lower() == "một" or re.search(r"(?:mỗi|/)\s*$", question[:m.start()]):
        return None  # a rate per unit ("bao nhiêu một ngày", "mỗi tháng"), not a case
    return _value(m.group(1), m.group(2), m.group(3))


def brackets(sentence: str) -> list[Bracket]:
    """The brackets a sentence writes, in months or per cent."""
    out: list[Bracket] = []
    taken: list[tuple[int, int]] = []
    for m in _BETWEEN.finditer(sentence):
        kind, hi = _value(m.group(6), m.group(7), m.group(8))
        unit = m.group(3) or m.group(7)
        _, lo = _value(m.group(2), unit, m.group(4))
        lo_closed = "trên" not in m.group(1).lower() and "quá" not in m.group(1).lower() and "hơn" not in m.group(1).lower()
        out.append(Bracket(kind, lo, hi, lo_closed, not (m.group(5) or "").lower().startswith("dưới")))
        taken.append(m.span())

    def free(m: re.Match) -> bool:
        return not any(a <= m.start() < b for a, b in taken)

    for m in filter(free, _AT_MOST.finditer(sentence)):
        kind, value = _value(m.group(1), m.group(2), m.group(3))
        out.append(Bracket(kind, 0.0, value))
    for m in filter(free, _AT_LEAST.finditer(sentence)):
        kind, value = _value(m.group(1), m.group(2), m.group(3))
        out.append(Bracket(kind, value, math.inf))
    for m in filter(free, _BELOW.finditer(sentence)):
        kind, value = _value(m.group(2), m.group(3), m.group(4))
        out.append(Bracket(kind, 0.0, value, True, m.group(1).lower() in ("không quá", "tối đa")))
    for m in filter(free, _ABOVE.finditer(sentence)):
        kind, value = _value(m.group(2), m.group(3), m.group(4))
        out.append(Bracket(kind, value, math.inf, False))
    return out


def fits(amount: tuple[str, float], sentence: str) -> bool | None:
    """True when a bracket of ``sentence`` holds ``amount``, False when it writes brackets of that
    kind and none holds it, None when it writes none."""
    kind, value = amount
    own = [b for b in brackets(sentence) if b.kind == kind]
    if not own:
        return None
    return any(b.holds(kind, value) for b in own)


def _writes(amount: tuple[str, float], sentence: str) -> bool:
    """Whether ``sentence`` writes the amount itself, outside any bracket."""
    return any(_value(m.group(1), m.group(2), m.group(3)) == amount for m in _AMOUNT.finditer(sentence)
               if not _RANGE_WORDS.search(sentence[max(0, m.start() - 12):m.start()]))


def bracket_first(question: str, sentences: list[str], documents: list[str]) -> list[int] | None:
    """The candidates' new order when the question states an amount ("khoảng 18 tháng") and the
    first (best ranked) sentence's document writes it a schedule — at least two brackets of its
    kind among the candidates — whose best ranked holding bracket is not first: that one first,
    and the schedule's other brackets left out (a bracket that does not hold the amount is not
    the answer). None when nothing changes, and when a sentence of that document writes the amount
    itself: then it names the rule ("thời hạn nộp thuế 9 tháng"), matched as written (s23-12)."""
    amount = asked_amount(question)
    if amount is None or not sentences:
        return None
    if any(_writes(amount, s) for s, d in zip(sentences, documents) if d == documents[0]):
        return None  # the figure names the rule itself ("thời hạn nộp thuế 9 tháng"): matched as written
    fit = [fits(amount, s) if d == documents[0] else None for s, d in zip(sentences, documents)]
    holding = next((i for i, f in enumerate(fit) if f), None)
    if holding is None or holding == 0 or fit.count(False) + fit.count(True) < 2:
        return None
    return [holding] + [i for i, f in enumerate(fit) if i != holding and f is not False]
