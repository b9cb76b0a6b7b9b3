"""What a question names that an answering sentence should hold, as the sentence signals read it:
its places and proper names, the unit it asks a figure in, its own runs of three syllables, and
how much of a document's title it writes as one run (:class:`Sought`). :mod:`qa.candidates`
computes each candidate's signals with it; :mod:`qa.answer` builds it once per question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from common.vietnamese.normalize import fold_term, syllables
from qa.evidence import STOPWORDS
from qa.intent import mention_form
from qa.units import gives_unit


@dataclass(frozen=True)
class Sought:
    """What the question names that a sentence should hold: its places and proper names (each as
    its folded forms, ``QuestionConstraints.names``) and the unit it asks a figure in
    (:func:`qa.units.asked_unit`)."""

    names: list[tuple[str, ...]] = field(default_factory=list)
    unit: str | None = None
    triples: frozenset[tuple[str, str, str]] = frozenset()
    words: tuple[str, ...] = ()  # the question's syllables, folded

    @classmethod
    def of(cls, question: str, names: list[tuple[str, ...]], unit: str | None) -> "Sought":
        """What ``question`` names: ``names`` and ``unit`` as given, and its own wording —
        its runs of three syllables holding a content word ("2 tháng đầu", "điều lệ của quỹ"),
        folded."""
        return cls(names, unit, question_triples(question), folded_syllables(question))

    def title_run(self, title: str) -> float:
        """How much of a document's title the question writes as one run: the longest run of
        syllables both share (a content word among them, two syllables or more), over
        :data:`TITLE_RUN_FULL` and at most 1 — the question names the document ("Trong đơn đăng ký
        kinh doanh công ty cổ phần, …" and the form of that title), which a law listing the same
        words apart ("Hồ sơ đăng ký kinh doanh … công ty cổ phần bao gồm") does not."""
        return min(longest_run(self.words, folded_syllables(title)), TITLE_RUN_FULL) / TITLE_RUN_FULL

    def triples_found(self, sentence: str) -> float:
        """Share of the question's three-syllable runs the sentence writes as the question
        does; 0 when it has none."""
        if not self.triples:
            return 0.0
        return len(self.triples & _triples(sentence)) / len(self.triples)

    def names_found(self, sentence: str) -> float:
        """Share of the names the sentence holds; 0 when the question gives none."""
        if not self.names:
            return 0.0
        folded = mention_form(sentence)
        return sum(1 for forms in self.names if any(re.search(rf"\b{re.escape(f)}\b", folded) for f in forms)) \
            / len(self.names)

    def unit_found(self, sentence: str) -> float:
        """1 when the question asks a figure in a unit and the sentence gives one in it."""
        return float(self.unit is not None and gives_unit(sentence, self.unit))


TITLE_RUN_FULL = 8  # syllables of a title written as one run that count fully (a form's name: 6–10)


def longest_run(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Length of the longest run of words ``a`` and ``b`` share in the same order, when it holds a
    content word and has two words or more; else 0."""
    best, previous = 0, [0] * (len(b) + 1)
    for i in range(len(a)):
        current = [0] * (len(b) + 1)
        for j in range(len(b)):
            if a[i] == b[j]:
                run = previous[j] + 1
                current[j + 1] = run
                if run > best and any(w not in STOPWORDS for w in a[i - run + 1:i + 1]):
                    best = run
        previous = current
    return best if best >= 2 else 0


def folded_syllables(text: str) -> tuple[str, ...]:
    """``text``'s syllables, folded as the question's terms are: what runs and triples compare."""
    return tuple(fold_term(t) for t in syllables(text))


def _triples(text: str) -> frozenset[tuple[str, str, str]]:
    toks = folded_syllables(text)
    return frozenset(zip(toks, toks[1:], toks[2:]))


def question_triples(question: str) -> frozenset[tuple[str, str, str]]:
    """The question's runs of three syllables (folded) with at least one content word."""
    return frozenset(t for t in _triples(question) if any(w not in STOPWORDS for w in t))
