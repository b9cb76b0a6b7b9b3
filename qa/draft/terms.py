"""How much of a topic a sentence covers: syllables and bigrams, IDF-weighted over one pool.

The words of a request and of document kinds (:data:`STOP`) are not the subject; a topic typed
without diacritics is compared folded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from common.vietnamese.normalize import fold_accents, syllables

STOP = set("của và trong các những về với cho đối là được có để từ theo tại thì này đó một khi"
           " như ở đến trên dưới bằng do vì mà nên sẽ đã đang việc số ngày năm tháng quy định"
           " văn bản nghị định thông tư quyết định nghị quyết luật công văn kết luận chỉ thị chương trình"
           " tỉnh ủy ban chính phủ bộ tuyên truyền"
           # Words of the request, not of its subject: "viết giúp em bài giới thiệu … nhé, để đăng
           # chuyên mục …", "tuyên truyền, vận động …", "nêu được … là được".
           " viết soạn giúp em anh chị nhé nha nhá đăng chuyên mục giới thiệu phổ biến vận động nhân dịp nêu bài"
           .split())


def terms_of(text: str, folded: bool) -> set[str]:
    words = [fold_accents(s) for s in syllables(text)] if folded else syllables(text)
    return set(words) | {f"{a} {b}" for a, b in zip(words, words[1:])}


def content_words(text: str, folded: bool) -> set[str]:
    """The single syllables of ``text`` that carry its subject: no stop word, no figure."""
    return {w for w in terms_of(text, folded) if " " not in w and w not in STOP and not w.isdigit()}


def content_terms(terms: set[str]) -> set[str]:
    return {t for t in terms if not all(w in STOP or w.isdigit() or "/" in w for w in t.split())}


@dataclass
class Scorer:
    """IDF-weighted coverage of the topic's content terms, over one pool of sentences."""

    weights: dict[str, float]
    folded: bool

    @classmethod
    def build(cls, topic: str, pool_terms: list[set[str]], folded: bool) -> "Scorer":
        # In a fixed order: sums over a set's order differ in their last bits from one process to the next
        # (string hashing is salted), and near-ties between sentences then broke differently — the same
        # topic drafted twice gave two drafts (t6-10, t7-12 of the opened sets).
        terms = sorted(content_terms(terms_of(topic, folded)))
        n = len(pool_terms)
        weight = {t: math.log((n + 1) / (sum(t in s for s in pool_terms) + 0.5)) for t in terms}
        # The topic's defining words are in most sentences of its own document, so plain IDF would
        # mute them: every term keeps at least 40% of the rarest term's weight.
        floor = 0.4 * max(weight.values(), default=0.0)
        return cls({t: max(w, floor) for t, w in weight.items() if w > 0}, folded)

    def cover(self, terms: set[str], context: set[str] = frozenset()) -> float:
        total = sum(self.weights.values()) or 1.0
        return sum(w if t in terms else 0.5 * w if t in context else 0.0 for t, w in self.weights.items()) / total


def near_copy(a: set[str], b: set[str]) -> bool:
    """Mostly the same words, or one held in the other (a heading inside the sentence that repeats it)."""
    shared = len(a & b)
    return shared / max(1, len(a | b)) > 0.6 or shared / max(1, min(len(a), len(b))) > 0.9
