"""Term statistics and lexical evidence: how much of a question a sentence or passage supports.

Dense e5 scores are compressed (unrelated ≈ 0.76, right ≈ 0.89: STACK-NOTES), so they make
a poor absolute bar. What tells "the documents answer this" from "they don't" is whether the
question's *specific* words — the rare ones, weighted by inverse document frequency over the
indexed corpus — appear in the evidence. Matching is on the index form (one tone
convention, lower case) and, for syllables the user typed without diacritics, on the
accent-folded form.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ingest.textnorm import fold_accents, syllables

# Function words and question words: they carry no evidence either way.
STOPWORDS = frozenset(
    """
    là gì nào bao nhiêu những các của có không được và với cho trong theo về để thì mà khi ai đâu
    sao như thế này đó ra vào ở tại từ đến đã sẽ cần phải làm hay hoặc một mỗi bị do nêu cái
    nói gồm hãy xin cho biết rằng nếu nhưng cũng vẫn còn đang rồi lại nữa bởi vì
    nên chỉ loại hỏi trả lời lâu muốn tôi chúng ta mình anh chị em nhắc
    """.split()
)
STOPWORDS = STOPWORDS | frozenset(fold_accents(w) for w in STOPWORDS)
_HAS_MARK = re.compile(r"[^\x00-\x7f]")


PERCENT = "%"


def _percent_words(toks: list[str]) -> list[str]:
    """"phần trăm" (also typed "phan tram") is what "%" says: one term for both."""
    out: list[str] = []
    i = 0
    while i < len(toks):
        if fold_accents(toks[i]) == "phan" and i + 1 < len(toks) and fold_accents(toks[i + 1]) == "tram":
            out.append(PERCENT)
            i += 2
            continue
        out.append(toks[i])
        i += 1
    return out


def content_terms(text: str) -> list[str]:
    """The question's syllables that carry meaning (index form, stopwords removed)."""
    toks = _percent_words(syllables(text))
    return [t for t in toks if t == PERCENT or (t not in STOPWORDS and not (len(t) == 1 and not t.isdigit()))]


@dataclass
class TermStats:
    """Document frequencies of syllables over the corpus' paragraphs (exact and folded)."""

    df: dict[str, int]
    n: int

    @classmethod
    def build(cls, texts: Iterable[str]) -> "TermStats":
        df: Counter[str] = Counter()
        n = 0
        for text in texts:
            for para in re.split(r"\n\s*\n|\n(?=\S)", text):
                terms = set(syllables(para))
                if not terms:
                    continue
                n += 1
                df.update(terms)
                df.update({"~" + fold_accents(t) for t in terms})
        return cls(dict(df), max(n, 1))

    def idf(self, term: str) -> float:
        """Smoothed IDF; a term never seen gets the highest weight (it is specific by definition)."""
        if term == PERCENT:
            return 2.0  # a figure is asked for: informative, but "%" is everywhere in reports
        key = term if _HAS_MARK.search(term) else "~" + term
        df = self.df.get(key, 0)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def save(self, path: Path) -> None:
        with gzip.open(path, "wt", encoding="utf-8") as out:
            json.dump({"n": self.n, "df": self.df}, out, ensure_ascii=False)

    @classmethod
    def load(cls, path: Path) -> "TermStats":
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
        return cls(data["df"], data["n"])


@lru_cache(maxsize=65536)
def text_terms(text: str) -> tuple[frozenset, frozenset, frozenset, frozenset]:
    """(exact terms, folded terms, exact adjacent pairs, folded pairs) of a text, cached:
    the same passages come back query after query, and tone canonicalization is not free."""
    toks = _percent_words(syllables(text))
    toks += [PERCENT for t in toks if t.endswith(PERCENT) and t != PERCENT][:1]
    folded = [fold_accents(t) for t in toks]
    return (frozenset(toks), frozenset(folded), frozenset(zip(toks, toks[1:])), frozenset(zip(folded, folded[1:])))


class QueryEvidence:
    """A question's weighted terms, ready to score many sentences quickly."""

    def __init__(self, question: str, stats: TermStats | None):
        terms = list(dict.fromkeys(content_terms(question)))
        self.terms = terms
        self.weights = {t: (stats.idf(t) if stats else 1.0) for t in terms}
        self.total = sum(self.weights.values()) or 1.0
        # A syllable typed without any diacritic matches its folded form; one typed with
        # diacritics must match exactly (after tone canonicalization).
        self.folded = {t: (t != PERCENT and not _HAS_MARK.search(t)) for t in terms}
        self.bigrams = [(a, b) for a, b in zip(terms, terms[1:])]
        self.folded_bigrams = [(fold_accents(a), fold_accents(b)) for a, b in self.bigrams]

    def coverage(self, text: str) -> float:
        """IDF-weighted share of the question's content terms found in ``text`` (0..1)."""
        if not self.terms:
            return 0.0
        exact, folded, _, _ = text_terms(text)
        hit = 0.0
        for term, weight in self.weights.items():
            if term in exact or (self.folded[term] and term in folded):
                hit += weight
        return hit / self.total

    def phrase_bonus(self, text: str) -> float:
        """Share of the question's adjacent term pairs that stand together in ``text``."""
        if not self.bigrams:
            return 0.0
        _, _, pairs, fpairs = text_terms(text)
        found = sum(1 for pair, fpair in zip(self.bigrams, self.folded_bigrams) if pair in pairs or fpair in fpairs)
        return found / len(self.bigrams)
