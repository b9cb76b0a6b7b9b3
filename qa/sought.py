"""What a question names that an answering sentence should hold, as the sentence signals read it:
its places and proper names, the unit it asks a figure in, its own runs of three syllables, how
much of a document's title it writes as one run, and the kind of things a list question asks for
(:class:`Sought`). :mod:`qa.candidates`
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
    kind: tuple[str, ...] = ()  # what a list question asks for ("những quỹ nào": "quỹ")
    kind_marked: bool = True  # the kind holds a marked letter: compared with marks, else folded (see of)

    @classmethod
    def of(cls, question: str, names: list[tuple[str, ...]], unit: str | None) -> "Sought":
        """What ``question`` names: ``names`` and ``unit`` as given, and its own wording —
        its runs of three syllables holding a content word ("2 tháng đầu", "điều lệ của quỹ"),
        folded; and the kind of things it asks for by name (:func:`asked_kind`)."""
        kind = asked_kind(question)
        return cls(names, unit, question_triples(question), folded_syllables(question), kind,
                   tuple(fold_term(w) for w in kind) != kind)

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

    def kind_found(self, sentence: str, items: list[str]) -> float:
        """1 when the sentence names the kind of things asked for; else the share of its items
        (a lead-in's) whose first words name it ("Khoản tiết kiệm này được phân bổ như sau:" whose
        items read "Quỹ nâng thu nhập …", "Quỹ dự phòng …" for "chia vào những quỹ nào"); 0 when
        the question names no kind."""
        if not self.kind:
            return 0.0
        words = (lambda text: tuple(syllables(text))) if self.kind_marked else folded_syllables
        if _holds(words(sentence), self.kind):
            return 1.0
        heads = [words(item)[:ITEM_HEAD] for item in items]
        return sum(_holds(head, self.kind) for head in heads) / len(heads) if heads else 0.0

    def unit_found(self, sentence: str) -> float:
        """1 when the question asks a figure in a unit and the sentence gives one in it."""
        return float(self.unit is not None and gives_unit(sentence, self.unit))


ITEM_HEAD = 5  # an item's first syllables, bullet or number included, that name what it is ("1. Quỹ dự phòng")
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


_KIND_OPEN = frozenset({"nhung", "cac", "may"})
_KIND_CLOSE = frozenset({"nao", "gi"})
_CLASSIFIER = ("loai", "nhom", "dang", "cac")  # "những loại hóa đơn nào" asks for hóa đơn
_QUALIFIER = (("chu", "yeu"), ("chinh",), ("khac",), ("lon",))  # "những biểu hiện chủ yếu nào"


def asked_kind(question: str) -> tuple[str, ...]:
    """What a question listing things asks for, by name — the one to four words between "những"/"các"/"mấy"
    and "nào"/"gì" ("những quỹ nào", "những loại hóa đơn nào"), lower case, without a leading classifier
    when two words are left ("loại hình" is a word) or a trailing "chủ yếu"/"chính"/"khác" when one is;
    with their marks when the question has them ("quỹ" is no "quy chế"), else folded; () when none."""
    words = syllables(question)
    folded = [fold_term(w) for w in words]
    marked = folded != words
    for i, w in enumerate(folded):
        if w not in _KIND_OPEN:
            continue
        end = next((j for j in range(i + 2, min(i + 6, len(folded))) if folded[j] in _KIND_CLOSE), None)
        if end is None:
            continue
        lo, hi = i + 1, end
        if hi - lo > 2 and folded[lo] in _CLASSIFIER:  # "loại hình" stays
            lo += 1
        for tail in _QUALIFIER:
            if hi - lo > len(tail) and tuple(folded[hi - len(tail):hi]) == tail:
                hi -= len(tail)
        return tuple((words if marked else folded)[lo:hi])
    return ()


def _holds(words: tuple[str, ...], run: tuple[str, ...]) -> bool:
    """``words`` holds ``run`` as one run."""
    n = len(run)
    return any(words[i:i + n] == run for i in range(len(words) - n + 1))
