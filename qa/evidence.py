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
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from common.config import QASettings
from common.vietnamese.normalize import fold_accents, fold_term, syllables
from qa.abbreviations import define, defined_in, equivalent_terms, is_acronym, spells

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
# "mấy" asks how many; folded it is "may" ("dệt may", "may mặc"), which stays a word of content.
STOPWORDS = STOPWORDS | {"mấy"}
_HAS_MARK = re.compile(r"[^\x00-\x7f]")


PERCENT = "%"


def _percent_words(toks: list[str]) -> list[str]:
    """"phần trăm" (also typed "phan tram") is what "%" says: one term for both."""
    out: list[str] = []
    i = 0
    while i < len(toks):
        if fold_term(toks[i]) == "phan" and i + 1 < len(toks) and fold_term(toks[i + 1]) == "tram":
            out.append(PERCENT)
            i += 2
            continue
        out.append(toks[i])
        i += 1
    return out


# What the library calls a digest wherever it shows one ("bản tóm lược", :data:`common.types.STATUS_DIGEST`):
# in a question it names which text is meant, not what the text says — read as content, it matched the
# digest's one sentence that says "được tóm lược" over the passage that answers (3 of 10 opened
# questions naming "bản tóm lược" answered from the wrong list or refused).
_DOCUMENT_FORM = (("ban", "tom", "luoc"), ("tom", "luoc"))


def _without_document_form(toks: list[str]) -> list[str]:
    folded = [fold_term(t) for t in toks]
    out: list[str] = []
    i = 0
    while i < len(toks):
        n = next((len(f) for f in _DOCUMENT_FORM if tuple(folded[i:i + len(f)]) == f), 0)
        if n:
            i += n
            continue
        out.append(toks[i])
        i += 1
    return out


def question_terms(text: str) -> list[str]:
    """The question's syllables in order, stopwords kept ("phần trăm" as "%", the name of a digest removed):
    what :func:`content_terms` filters, and where a phrase of them ends."""
    return _without_document_form(_percent_words(syllables(text)))


def content_terms(text: str) -> list[str]:
    """The question's syllables that carry meaning (index form, stopwords and the name of a
    digest removed)."""
    return [t for t in question_terms(text)
            if t == PERCENT or (t not in STOPWORDS and not (len(t) == 1 and not t.isdigit()))]


_QUOTED = re.compile(r"[\"“”„«»']([^\"“”„«»']{1,60})[\"“”„«»']")


def quoted_terms(text: str) -> set[str]:
    """Content terms inside quotation marks."""
    return {t for m in _QUOTED.finditer(text) for t in content_terms(m.group(1))}


@dataclass
class TermStats:
    """Document frequencies over the corpus' paragraphs: of syllables (exact and folded), and
    of adjacent syllable pairs (folded, "thu nhap|ca nhan" as "nhap ca"): how the corpus
    writes its compounds, which syllable coverage cannot see."""

    df: dict[str, int]
    n: int
    pair_df: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls, texts: Iterable[str]) -> "TermStats":
        df: Counter[str] = Counter()
        pair_df: Counter[str] = Counter()
        n = 0
        for text in texts:
            for para in re.split(r"\n\s*\n|\n(?=\S)", text):
                toks = syllables(para)
                terms = set(toks)
                if not terms:
                    continue
                n += 1
                df.update(terms)
                df.update({"~" + fold_term(t) for t in terms})
                folded = [fold_term(t) for t in toks]
                pair_df.update({f"{a} {b}" for a, b in zip(folded, folded[1:])})
        return cls(dict(df), max(n, 1), {k: v for k, v in pair_df.items() if v >= 2})

    def pair_idf(self, a: str, b: str) -> float | None:
        """IDF of the folded pair "a b" when the corpus writes it at least twice, else None."""
        df = self.pair_df.get(f"{fold_term(a)} {fold_term(b)}")
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5)) if df else None

    def idf(self, term: str) -> float:
        """Smoothed IDF; a term never seen gets the highest weight (it is specific by definition)."""
        if term == PERCENT:
            return 2.0  # a figure is asked for: informative, but "%" is everywhere in reports
        key = term if _HAS_MARK.search(term) else "~" + term
        df = self.df.get(key, 0)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def save(self, path: Path) -> None:
        with gzip.open(path, "wt", encoding="utf-8") as out:
            json.dump({"n": self.n, "df": self.df, "pair_df": self.pair_df}, out, ensure_ascii=False)

    @classmethod
    def load(cls, path: Path) -> "TermStats":
        """:raises KeyError: a file written before pair frequencies were kept (retrain)."""
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
        return cls(data["df"], data["n"], data["pair_df"])


TextTerms = tuple[frozenset, frozenset, frozenset, frozenset]


class TextCache:
    """The terms of texts (:func:`text_terms`), kept while the texts' lengths add up to at most
    ``budget_chars``, the least recently used going first: a bound on memory, which a count of
    entries is not — a long passage's entry (≈ 85 KB) is 25 times a short sentence's
    (``qa.text_terms_cache_chars`` says how many bytes an entry takes a character). Thread-safe:
    the app answers from several threads; two that miss the same text both compute it, and the
    value is the same."""

    def __init__(self, budget_chars: int):
        self.budget_chars = budget_chars
        self._entries: OrderedDict[str, TextTerms] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()
        self._cleared = 0  # times cleared: a value computed across a clear is not kept
        self.hits = self.misses = 0  # look-ups found and not, as lru_cache's cache_info counted them

    def get(self, text: str, compute: Callable[[str], TextTerms]) -> TextTerms:
        """``compute(text)``, remembered — unless the cache was cleared while it was computed (what
        a text stands for changed meanwhile: that value is returned, not kept)."""
        with self._lock:
            value = self._entries.get(text)
            if value is not None:
                self._entries.move_to_end(text)
                self.hits += 1
                return value
            self.misses += 1
            cleared = self._cleared
        value = compute(text)
        with self._lock:
            if cleared == self._cleared and 0 < len(text) <= self.budget_chars and text not in self._entries:
                self._entries[text] = value
                self._chars += len(text)
                self._evict()
        return value

    def resize(self, budget_chars: int) -> None:
        """Keep at most ``budget_chars`` characters of texts from now on (0: none)."""
        with self._lock:
            self.budget_chars = budget_chars
            self._evict()

    def clear(self) -> None:
        """Forget every text (what a text stands for changed: :func:`read_definitions`)."""
        with self._lock:
            self._entries.clear()
            self._chars = 0
            self._cleared += 1

    def _evict(self) -> None:
        while self._chars > self.budget_chars:
            text, _ = self._entries.popitem(last=False)
            self._chars -= len(text)

    @property
    def chars(self) -> int:
        """Characters of the texts kept."""
        return self._chars

    def __len__(self) -> int:
        return len(self._entries)


_TEXT_TERMS = TextCache(QASettings.model_fields["text_terms_cache_chars"].default)


def set_text_terms_budget(chars: int) -> None:
    """How much :func:`text_terms` keeps (``qa.text_terms_cache_chars``; the engine applies it)."""
    _TEXT_TERMS.resize(chars)


def read_definitions(texts) -> None:
    """Take the abbreviations the loaded documents define (:func:`qa.abbreviations.defined_in`) as the
    ones a text's abbreviation stands for, forgetting the terms read before when they changed."""
    definitions: dict[str, str] = {}
    for text in texts:
        definitions.update(defined_in(text))
    if define(definitions):
        _TEXT_TERMS.clear()


def text_terms(text: str) -> tuple[frozenset, frozenset, frozenset, frozenset]:
    """(exact terms, folded terms, exact adjacent pairs, folded pairs) of a text, cached:
    the same passages come back query after query, and tone canonicalization is not free.
    An abbreviation and its long form stand for each other (:mod:`qa.abbreviations`).
    The cache keeps ``qa.text_terms_cache_chars`` characters of texts (:class:`TextCache`)."""
    return _TEXT_TERMS.get(text, _text_terms)


def _text_terms(text: str) -> TextTerms:
    """:func:`text_terms`, computed.

    Built from the token list and its folded twin (one remembered fold a token) rather than by
    folding every distinct term and pair: the same sets, in half the time, which the first
    questions after the app starts pay for every passage sentence they meet."""
    toks = _percent_words(syllables(text))
    toks += [PERCENT for t in toks if t.endswith(PERCENT) and t != PERCENT][:1]
    folded = [fold_term(t) for t in toks]
    terms, pairs = frozenset(toks), frozenset(zip(toks, toks[1:]))
    folded_terms, folded_pairs = frozenset(folded), frozenset(zip(folded, folded[1:]))
    extra_terms, extra_pairs = equivalent_terms(terms, pairs)
    if extra_terms or extra_pairs:  # an abbreviation or a long form in the text: few do
        terms, pairs = terms | extra_terms, pairs | extra_pairs
        folded_terms = folded_terms | {fold_term(t) for t in extra_terms}
        folded_pairs = folded_pairs | {(fold_term(a), fold_term(b)) for a, b in extra_pairs}
    return terms, folded_terms, pairs, folded_pairs


def _content_pairs(question: str) -> list[tuple[str, str]]:
    """Adjacent syllable pairs of the question where both carry meaning (no stopword, figure or %)."""
    toks = _percent_words(syllables(question))
    return [(a, b) for a, b in zip(toks, toks[1:])
            if not (a in STOPWORDS or b in STOPWORDS or PERCENT in (a, b) or a.isdigit() or b.isdigit())]


def _phrase_pairs(pairs: list[tuple[str, str]], stats: TermStats | None) -> list[tuple[tuple[str, str], float, str]]:
    """Of the question's content pairs (:func:`_content_pairs`), those the corpus writes
    together (folded pair, pair IDF, as typed): its compounds, as the corpus knows them."""
    if stats is None or not stats.pair_df:
        return []
    out = []
    for a, b in pairs:
        idf = stats.pair_idf(a, b)
        if idf is not None:
            out.append(((fold_term(a), fold_term(b)), idf, f"{a} {b}"))
    return out


class QueryEvidence:
    """A question's weighted terms, ready to score many sentences quickly."""

    def __init__(self, question: str, stats: TermStats | None, restored: bool = False, *,
                 restored_credit: float = 0.5, quoted_weight: float = 2.0):
        """:param restored: ``question`` is the diacritic-restored form of what the user typed
            without marks: its marked syllables match exactly, or by their folded form for
            half credit (the restoration is right about 98 % of the time, and a folded
            match alone confuses "hộ"/"hợp"/"hồ")."""
        terms = list(dict.fromkeys(content_terms(question)))
        self.question = question
        self.terms = terms
        self.weights = {t: (stats.idf(t) if stats else 1.0) for t in terms}
        # Words the user put in quotes ("thêm chữ “Tân” ở đầu") are the ones that must match.
        for t in quoted_terms(question):
            if t in self.weights:
                self.weights[t] *= quoted_weight
        self.total = sum(self.weights.values()) or 1.0
        # A syllable typed without any diacritic matches its folded form; one typed with
        # diacritics must match exactly (after tone canonicalization).
        self.folded_form = {t: fold_term(t) for t in terms}
        self.folded_credit = {
            t: 0.0 if t == PERCENT else (restored_credit if restored else 0.0) if _HAS_MARK.search(t) else 1.0
            for t in terms
        }
        # An abbreviation the table does not know is met by the words that spell it (:func:`spells`).
        self.acronyms = frozenset(t for t in terms if is_acronym(t))
        self.bigrams = [(a, b) for a, b in zip(terms, terms[1:])]
        self.folded_bigrams = [(fold_term(a), fold_term(b)) for a, b in self.bigrams]
        pairs = _content_pairs(question)
        self.phrases = _phrase_pairs(pairs, stats)
        # Share of the question's adjacent content pairs the corpus never writes together: a
        # concept the documents do not have ("phụ cấp kiêm nhiệm", "tín dụng xanh").
        self.unattested = (sum(1 for a, b in pairs if stats.pair_idf(a, b) is None) / len(pairs)
                           if pairs and stats is not None and stats.pair_df else 0.0)

    def _credits(self, text: str) -> dict[str, float]:
        exact, folded, _, _ = text_terms(text)
        out: dict[str, float] = {}
        for t in self.terms:
            if t in exact:
                out[t] = 1.0
            elif self.folded_credit[t] and self.folded_form[t] in folded:
                out[t] = self.folded_credit[t]
            elif t in self.acronyms and spells(t, text):
                out[t] = 1.0
        return out

    def matched(self, text: str) -> frozenset[str]:
        """The question's content terms found in ``text``."""
        return frozenset(self._credits(text))

    def coverage(self, text: str, given: frozenset[str] = frozenset()) -> float:
        """IDF-weighted share of the question's content terms found in ``text`` (0..1).

        :param given: terms already accounted for (by a passage's document title and
            heading): the share is then of the *other* terms — what the question asks
            beyond the topic; 0 when nothing is left.
        """
        total = self.total if not given else sum(w for t, w in self.weights.items() if t not in given)
        if not self.terms or total <= 0:
            return 0.0
        hit = sum(self.weights[t] * credit for t, credit in self._credits(text).items() if t not in given)
        return hit / total

    def phrase_coverage(self, text: str) -> tuple[float, float, str | None]:
        """How the text keeps the question's compounds: (IDF-weighted share of the question's
        corpus-attested adjacent pairs found adjacent in ``text``; 1 when the rarest is found,
        else 0; the rarest missing pair as typed, or None). "thuế thu nhập cá nhân" against a
        passage on "thu nhập doanh nghiệp" misses "nhập cá" — rare in the corpus, so heavy."""
        if not self.phrases:
            return 1.0, 1.0, None
        _, _, _, fpairs = text_terms(text)
        found = [pair in fpairs for pair, _w, _typed in self.phrases]
        total = sum(w for _p, w, _t in self.phrases)
        share = sum(w for (_p, w, _t), ok in zip(self.phrases, found) if ok) / total
        missing = [(w, typed) for (_p, w, typed), ok in zip(self.phrases, found) if not ok]
        rarest_found = float(found[max(range(len(found)), key=lambda i: self.phrases[i][1])])
        return share, rarest_found, max(missing)[1] if missing else None

    def phrase_bonus(self, text: str) -> float:
        """Share of the question's adjacent term pairs that stand together in ``text``."""
        if not self.bigrams:
            return 0.0
        _, _, pairs, fpairs = text_terms(text)
        found = sum(1 for pair, fpair in zip(self.bigrams, self.folded_bigrams) if pair in pairs or fpair in fpairs)
        return found / len(self.bigrams)
