"""Documents a question names ("nq 41", "nghị định 114/2003", "công văn ngày 13/6/2016").

The question side of document numbers: what a user types, with or without diacritics, read
into :class:`QueryRef` for retrieval to filter or boost on. Documents cite each other in a
stricter spelling, read by :mod:`common.vietnamese.mentions`; both share the keys of
:mod:`common.vietnamese.numbers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from common.vietnamese.dates import parse_date_vi
from common.vietnamese.normalize import fold, fold_accents, index_form, syllables
from common.vietnamese.numbers import (
    CODES_BY_TYPE, DOC_TYPES, TYPE_BY_CODE, TYPE_BY_FOLDED, key_type, number_key, number_matches,
)


@dataclass
class QueryRef:
    """A document a question names: what to filter or boost on.

    ``number_key`` is the key of the number as typed, without the type abbreviation when it
    was typed before the number ("nq 41" → doc_type "Nghị quyết", number_key "41");
    ``partial`` is True when the key lacks the issuing part, so it must be compared with
    :func:`number_matches`, never by equality. ``span`` indexes the question.
    """

    text: str
    span: tuple[int, int]
    doc_type: str | None = None
    number_key: str | None = None
    partial: bool = False
    issued_date: str | None = None
    year: int | None = None

    def matches(self, doc_type: str | None, number_key: str | None, issued_date: str | None) -> bool:
        """Whether a document (or cited document) with these fields is the one named."""
        if self.number_key and not (number_key and number_matches(self.number_key, number_key)):
            return False
        if self.doc_type and not (doc_type or "").startswith(self.doc_type):  # "Thông tư" ⊃ "... liên tịch"
            codes = CODES_BY_TYPE.get(self.doc_type, ())
            if not (number_key and any(c in number_key.split("-")[1:] for c in codes)):
                return False
        if self.issued_date and issued_date != self.issued_date:
            return False
        if self.year:
            years = {t for t in (number_key or "").split("-")[1:] if len(t) == 4 and t.isdigit()}
            if str(self.year) not in years and not (issued_date or "").startswith(str(self.year)):
                return False
        return True


_Q_TYPES = sorted([f for _, f, _ in DOC_TYPES] + ["van ban", "cong dien"], key=len, reverse=True)
_Q_ABBR = ["ttlt", "ctr", "nq", "nd", "qd", "tt", "ct", "kl", "cv", "kh", "hd", "bc", "tb", "pl", "ttr"]
_Q_NUM = r"\d{1,5}(?:\s*[/\-]\s*(?:19|20)\d\d(?!\d))?(?:\s*[/\-]\s*[a-z]+\d*)*"
_Q_DATE = r"\d{1,2}\s*(?:thang|/|-|\.)\s*\d{1,2}\s*(?:nam|/|-|\.)\s*(?:19|20)\d\d"
_Q_REF_RE = re.compile(
    r"(?<![a-z0-9])(?:(?P<type>" + "|".join(_Q_TYPES) + r")(?![a-z])\s*(?:so\s*)?:?\s*(?P<num>" + _Q_NUM
    + r")?|(?P<abbr>" + "|".join(_Q_ABBR) + r")\s*[-.:]?\s*(?:so\s*)?(?P<anum>" + _Q_NUM + r"))"
    r"(?:\s*,?\s*(?:ngay|ban hanh ngay)\s*(?P<date>" + _Q_DATE + r"))?"
    r"(?:\s*(?:nam)\s*(?P<year>(?:19|20)\d\d)(?!\d))?"
)
_Q_BARE_RE = re.compile(
    r"(?<![a-z0-9/\-])(?P<num>\d{1,5}(?:\s*[/\-]\s*(?:19|20)\d\d)?(?:\s*[/\-]\s*[a-z]+\d*)+)(?![a-z0-9])"
    r"|(?<![a-z0-9])ngay\s*(?P<date>" + _Q_DATE + r")"
)


def parse_query_refs(query: str) -> list[QueryRef]:
    """Documents a question names: "nq 41", "41-NQ/TW", "nghi quyet 41", "nđ 114/2003",
    "công văn ngày 13/6/2016", "ket luan 02" (with or without diacritics)."""
    q = fold(query)
    refs: list[QueryRef] = []
    for m in list(_Q_REF_RE.finditer(q)) + list(_Q_BARE_RE.finditer(q)):
        groups = m.groupdict()
        num, date = groups.get("num") or groups.get("anum"), groups.get("date")
        if not (num or date) or any(r.span[0] < m.end() and m.start() < r.span[1] for r in refs):
            continue
        typed = groups.get("type") or groups.get("abbr")
        doc_type = (TYPE_BY_FOLDED.get(" ".join(typed.split())) or TYPE_BY_CODE.get(typed)) if typed else None
        ref = QueryRef(query[m.start() : m.end()], (m.start(), m.end()), doc_type)
        if num:
            ref.number_key = number_key(num)
            ref.partial = len([t for t in ref.number_key.split("-")[1:] if t.isalpha()]) < 2
            ref.doc_type = ref.doc_type or key_type(ref.number_key)
        if date:
            ref.issued_date = parse_date_vi(date.replace("thang", "tháng").replace("nam", "năm"))
        if groups.get("year"):
            ref.year = int(groups["year"])
        refs.append(ref)
    return sorted(refs, key=lambda r: r.span)


def names_summary(text: str, summary: str, share: float, stop: frozenset[str] | set[str] = frozenset()) -> bool:
    """Whether ``text`` (a question or a drafting topic) names a document by its trích yếu: its first
    forty characters as written, or ``share`` of its words (at least three; ``stop`` words and "V/v"
    left out), compared without diacritics. A period is one token in a request ("2004-2010") and two
    in a trích yếu ("2004 - 2010")."""
    if not summary:
        return False
    if index_form(summary)[:40] in index_form(text):
        return True
    words = {fold_accents(p) for w in syllables(text) for p in (w, *w.split("-"))}
    title = [fold_accents(w) for w in syllables(summary) if w not in stop and w.lower() != "v/v"]
    return len(title) >= 3 and sum(w in words for w in title) / len(title) >= share
