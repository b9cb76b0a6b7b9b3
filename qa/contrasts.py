"""Sibling concepts: a quote about "xuất khẩu" does not answer a question about "nhập khẩu".

The commonest near miss of statistics, budgets and plans is the neighbouring row or sentence
about the opposite member of a pair — exports for imports, the rural population for the urban
one, the settled budget for the estimate. Both share every other word of the question, so
coverage and retrieval rank them alike. The pairs are the language's, not any question's:
each side is a term of art of Vietnamese administrative and statistical writing.

Matching is on folded, lower-case text, so a question typed without diacritics is held to the
same pairs.
"""

from __future__ import annotations

import re

from common.vietnamese.normalize import fold_accents

# (one side, the other side), folded. A side may list spellings of the same concept.
PAIRS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("xuat khau",), ("nhap khau",)),
    (("do thi", "thanh thi"), ("nong thon",)),
    (("du toan",), ("quyet toan",)),
    (("toi thieu",), ("toi da",)),
    (("ngan han",), ("trung han", "dai han")),
    (("cap moi",), ("tang von",)),
    (("cong lap",), ("ngoai cong lap", "tu thuc", "dan lap")),
)
# Words that name both sides at once ("xuất nhập khẩu"): spelled out as both, so that a question
# or a quote using them is about either.
_BOTH = re.compile(r"\b(?:xuat nhap khau|xnk)\b")
# The Sino-Vietnamese "phi" (non-) makes the opposite of the two syllables after it: "thuế sử dụng đất phi
# nông nghiệp" is not "thuế sử dụng đất nông nghiệp" (three opened near misses answered with the latter's
# row, s18-2, s36-61, s37-12, by three writers). Read only as typed with diacritics: folded, "phi" is also
# "phí" (a fee: "lệ phí trước bạ", "kinh phí sự nghiệp").
_NEGATED = re.compile(r"(?<!\w)phi ([^\W\d_]+ [^\W\d_]+)")


def _find(text: str, spellings: tuple[str, ...]) -> re.Match | None:
    for s in spellings:
        m = re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text)
        if m:
            return m
    return None


def contrast_missing(question: str, quoted: str) -> list[str]:
    """The sides of a pair the question names whose other side the quoted text names instead,
    as the question typed them: ["nhập khẩu"] for a question on imports answered with an
    exports row.

    A question naming both sides, or a quote naming both, is no contrast ("98% dân số nông thôn
    và 99% dân số đô thị" answers for either).
    """
    typed = " ".join(question.split())
    asked = fold_accents(typed.lower())  # same offsets as ``typed``
    told = _told(quoted)
    if _BOTH.search(asked):
        return []
    missing = [typed[m.start():m.end()] for m in _negations(typed)
               if _bare(told, fold_accents(m.group(1))) and not _find(told, (fold_accents(m.group(0)),))]
    for one, other in PAIRS:
        for asked_side, rival in ((one, other), (other, one)):
            m = _find(asked, asked_side)
            if m and not _find(asked, rival) and _find(told, rival) and not _find(told, asked_side):
                missing.append(typed[m.start():m.end()])
    return missing


def _negations(typed: str) -> list[re.Match]:
    """The "phi X Y" of a question typed with diacritics (offsets those of ``typed``)."""
    return [m for m in _NEGATED.finditer(typed.lower()) if fold_accents(m.group(1)) != m.group(1)]


def _bare(told: str, concept: str) -> bool:
    """``concept`` in ``told`` without the "phi" that negates it."""
    return bool(re.search(rf"(?<!\w)(?<!phi ){re.escape(concept)}(?!\w)", told))


def _told(text: str) -> str:
    """``text`` folded, lower case, spaces collapsed, words naming both sides spelled out as both."""
    return _BOTH.sub("xuat khau nhap khau", " ".join(fold_accents(text.lower()).split()))


def has_side(question: str, text: str) -> bool:
    """Whether ``text`` names a side of a pair that ``question`` names (either side of it)."""
    typed = " ".join(question.split())
    asked, told = fold_accents(typed.lower()), _told(text)
    return any(_find(told, (fold_accents(m.group(0)),)) for m in _negations(typed)) or any(
        _find(asked, side) and _find(told, side) for pair in PAIRS for side in pair)
