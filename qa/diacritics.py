"""Diacritic restoration for questions typed without (some of) their diacritics.

Officials often type "nghi quyet 41 ve bao ve moi truong". Retrieval over accented text
collapses on such queries (published Vietnamese legal retrieval: recall@10 0.98 → 0.14,
back to 0.97 after restoration), so every query goes through :func:`DiacriticModel.restore`.

The model is a syllable trigram language model trained on the indexed corpus itself, so
it knows the domain's words ("nghị quyết", "bảo vệ môi trường") and is rebuilt with the
index. Candidates for a folded syllable are the accented forms the corpus wrote with that
folded form; Viterbi picks the most probable sequence. Smoothing is interpolated absolute
discounting (trigram → bigram → unigram → uniform), precomputed at training time in
backoff form so that decoding is a few dictionary look-ups per transition.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import sys
import unicodedata
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from common.vietnamese.normalize import clean_text, fold_accents, index_form
from qa.abbreviations import ABBREVIATIONS
from qa.question_words import COUNTING, HOW_MANY, WHERE, WHO, asks_how_many, asks_where, asks_who

FORMAT = "policyqa-diacritics"
FORMAT_VERSION = 1
UNK, NUM = 0, 1  # reserved vocabulary ids: unknown token, any number / document number
_SCALE = 1000.0  # log-probabilities are stored as integer milli-nats: compact, fast to parse
# A whitespace chunk holding a digit (document number, date), else a run of letters.
_TOKEN = re.compile(r"\S*\d\S*|[^\W\d_]+")
_DIGIT = re.compile(r"\d")
# What ends a context between two syllables: anything but spaces and hyphens ("Hà-Nội").
_BREAK = re.compile(r"[^\s\-‐–]")


@dataclass(frozen=True)
class RestoredToken:
    """One syllable of the query: what was typed, what it became, and the other forms seen."""

    text: str
    restored: str
    start: int
    end: int
    fixed: bool  # typed with diacritics, or unknown / number: kept as typed
    alternatives: tuple[str, ...] = ()  # other accented forms, most frequent first


@dataclass(frozen=True)
class Restoration:
    """The result of :meth:`DiacriticModel.restore`."""

    original: str
    restored: str
    changed: bool
    tokens: tuple[RestoredToken, ...] = field(default=())


def word_tokens(text: str) -> list[tuple[int, int, str, bool]]:
    """``(start, end, text, boundary_before)`` of each syllable or number in ``text``.

    A whitespace chunk holding a digit ("41-NQ/TW", "114/2003", "15/11/2004") is one number
    token; other chunks give their letter runs. ``boundary_before`` is True where the text
    between this token and the previous one holds punctuation other than a hyphen: the
    language model's context restarts there.
    """
    out: list[tuple[int, int, str, bool]] = []
    prev_end = -1
    for m in _TOKEN.finditer(text):
        start = m.start()
        boundary = prev_end < 0 or _BREAK.search(text, prev_end, start) is not None
        out.append((start, m.end(), m.group(), boundary))
        prev_end = m.end()
    return out


def _is_number(token: str) -> bool:
    return bool(_DIGIT.search(token))


@lru_cache(maxsize=1 << 16)
def _canon(syllable: str) -> str:
    """``index_form`` of one syllable, cached: the corpus has only a few thousand distinct ones."""
    return index_form(syllable)


def _segments(text: str) -> list[list[str]]:
    """Runs of syllables in index form (numbers as ``"<num>"``) between punctuation boundaries."""
    segments: list[list[str]] = []
    for _, _, token, boundary in word_tokens(text):
        if boundary or not segments:
            segments.append([])
        segments[-1].append("<num>" if _is_number(token) else _canon(token))
    return segments


def _transfer_case(typed: str, form: str) -> str:
    """``form`` with the upper/lower case of ``typed`` (NFC forms have equal lengths)."""
    if typed.islower():
        return form
    if len(typed) == len(form):
        return "".join(f.upper() if t.isupper() else f for t, f in zip(typed, form))
    return form.upper() if typed.isupper() else form.capitalize()


def _has_diacritics(syllable: str) -> bool:
    low = syllable.lower()
    return fold_accents(low) != low


def needs_restoration(query: str, threshold: float = 0.5) -> bool:
    """True when at least ``threshold`` of the query's syllables carry no diacritics.

    Accented Vietnamese has about a quarter of its syllables without marks ("trong", "cho"),
    so a query above half looks typed without diacritics. :meth:`DiacriticModel.restore`
    runs on every query anyway; this only tells callers (and the UI) what happened.
    """
    syllables = [t for _, _, t, _ in word_tokens(query) if not _is_number(t)]
    if not syllables:
        return False
    bare = sum(1 for s in syllables if not _has_diacritics(s))
    return bare / len(syllables) >= threshold


def _discount(counts: Iterable[int]) -> float:
    """Absolute discount D = n1 / (n1 + 2·n2) (Ney et al.), kept within (0.1, 0.9)."""
    hist = Counter(c for c in counts if c <= 2)
    n1, n2 = hist[1], hist[2]
    d = n1 / (n1 + 2 * n2) if n1 + n2 else 0.5
    return min(max(d, 0.1), 0.9)


class DiacriticModel:
    """Syllable n-gram model (order 1–3) and Viterbi restorer. Build with :meth:`train`."""

    def __init__(self, vocab, uni, bow1, bi, bow2, tri, order):
        self.vocab: list[str] = vocab
        self.ids: dict[str, int] = {w: i for i, w in enumerate(vocab)}
        self.uni: list[int] = uni
        self.bow1: list[int] = bow1
        self.bi: dict[int, int] = bi
        self.bow2: dict[int, int] = bow2
        self.tri: dict[int, int] = tri
        # Candidates of a folded syllable: every accented form the corpus wrote, most frequent first.
        cands: dict[str, list[int]] = defaultdict(list)
        fold = {ord(ch): fold_accents(ch) for ch in set("".join(vocab))}  # per letter: fast
        for i, w in enumerate(vocab[2:], start=2):
            cands[w.translate(fold)].append(i)
        for ids in cands.values():
            ids.sort(key=lambda i: -uni[i])
        self.cands: dict[str, list[int]] = dict(cands)
        self.order = order

    # ---------------------------------------------------------------- training
    @classmethod
    def train(cls, texts: Iterable[str], order: int = 3, *, cleaned: bool = False) -> "DiacriticModel":
        """Count syllable n-grams of ``texts`` (any Unicode form; normalised with ``index_form``).

        :param order: 1 (unigram), 2 or 3 (trigram).
        :param cleaned: the texts are already ``clean_text`` output (the indexed texts): skip
            that pass, which is most of the training time (≈ 2–3 s of 5 s on the full corpus).
        :raises ValueError: unsupported order.
        """
        if order not in (1, 2, 3):
            raise ValueError(f"order must be 1, 2 or 3, not {order}")
        ids: dict[str, int] = {"<unk>": UNK, "<num>": NUM}  # insertion order = vocabulary order
        c1: Counter = Counter()
        c2: Counter = Counter()
        c3: Counter = Counter()
        for text in texts:
            for line in (text if cleaned else clean_text(text)).split("\n"):
                for seg in _segments(line):
                    seq = [ids.setdefault(w, len(ids)) for w in seg]
                    c1.update(seq)
                    if order >= 2:
                        c2.update(zip(seq, seq[1:]))
                    if order >= 3:
                        c3.update(zip(seq, seq[1:], seq[2:]))
        return cls._estimate(list(ids), c1, c2, c3, order)

    @classmethod
    def _estimate(cls, vocab, c1, c2, c3, order) -> "DiacriticModel":
        """Interpolated absolute discounting, stored as backoff log-probabilities."""
        V = len(vocab)
        total = sum(c1.values())
        d1 = _discount(c1.values())
        seen = len(c1)
        p1 = [(max(c1[i] - d1, 0.0) + d1 * seen / V) / (total or 1) if total else 1.0 / V for i in range(V)]
        if total:
            p1[UNK] = max(p1[UNK], 0.5 / total)
        uni = [round(math.log(p) * _SCALE) for p in p1]

        def interpolate(counts: Counter, lower) -> tuple[dict, dict]:
            # counts keyed by (context..., word); lower(key) gives the lower-order probability.
            d = _discount(counts.values())
            ctx_total: Counter = Counter()
            ctx_types: Counter = Counter()
            for key, c in counts.items():
                ctx_total[key[:-1]] += c
                ctx_types[key[:-1]] += 1
            probs, gammas = {}, {}
            for ctx, t in ctx_total.items():
                gammas[ctx] = d * ctx_types[ctx] / t
            for key, c in counts.items():
                ctx = key[:-1]
                probs[key] = (c - d) / ctx_total[ctx] + gammas[ctx] * lower(key)
            return probs, gammas

        bow1 = [0] * V
        bi: dict[int, int] = {}
        bow2: dict[int, int] = {}
        tri: dict[int, int] = {}
        p2: dict = {}
        if order >= 2:
            p2, g2 = interpolate(c2, lambda k: p1[k[1]])
            bi = {a * V + b: round(math.log(p) * _SCALE) for (a, b), p in p2.items()}
            for (a,), g in g2.items():
                bow1[a] = round(math.log(g) * _SCALE)
        if order >= 3:

            def lower2(k):
                p = p2.get(k[1:])
                return p if p is not None else math.exp(bow1[k[1]] / _SCALE) * p1[k[2]]

            p3, g3 = interpolate(c3, lower2)
            tri = {(a * V + b) * V + c: round(math.log(p) * _SCALE) for (a, b, c), p in p3.items()}
            bow2 = {a * V + b: round(math.log(g) * _SCALE) for (a, b), g in g3.items()}
        return cls(vocab, uni, bow1, bi, bow2, tri, order)

    # ---------------------------------------------------------------- storage
    def save(self, path: str | Path) -> Path:
        """Write the model: gzip of one JSON header line, then little-endian integer arrays.

        No pickle (safe to load); the arrays load in milliseconds where parsing the same
        numbers as JSON took most of a 0.5 s budget on a busy machine.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays = [
            ("uni", "i", self.uni), ("bow1", "i", self.bow1),
            ("bi_keys", "q", self.bi.keys()), ("bi", "i", self.bi.values()),
            ("bow2_keys", "q", self.bow2.keys()), ("bow2", "i", self.bow2.values()),
            ("tri_keys", "q", self.tri.keys()), ("tri", "i", self.tri.values()),
        ]  # fmt: skip
        header = {"format": FORMAT, "version": FORMAT_VERSION, "order": self.order, "vocab": self.vocab,
                  "arrays": [[name, code, len(values)] for name, code, values in arrays]}  # fmt: skip
        with gzip.open(path, "wb", compresslevel=6) as handle:
            handle.write(json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
            for _, code, values in arrays:
                packed = array(code, values)
                if sys.byteorder == "big":
                    packed.byteswap()
                handle.write(packed.tobytes())
        return path

    @classmethod
    def load(cls, path: str | Path) -> "DiacriticModel":
        """Read a model written by :meth:`save`.

        :raises ValueError: the file is not a diacritic model of this version.
        """
        try:
            with gzip.open(Path(path), "rb") as handle:
                header = json.loads(handle.readline())
                if header.get("format") != FORMAT or header.get("version") != FORMAT_VERSION:
                    raise ValueError("format")
                data = {}
                for name, code, length in header["arrays"]:
                    values = array(code)
                    values.frombytes(handle.read(length * values.itemsize))
                    if sys.byteorder == "big":
                        values.byteswap()
                    data[name] = values.tolist()
        except (OSError, EOFError, ValueError, KeyError, AttributeError) as exc:
            raise ValueError(f"{path}: không phải mô hình khôi phục dấu tiếng Việt (phiên bản {FORMAT_VERSION})") from exc
        pairs = (dict(zip(data[f"{key}_keys"], data[key])) for key in ("bi", "bow2", "tri"))
        return cls(header["vocab"], data["uni"], data["bow1"], *pairs, header["order"])

    # ---------------------------------------------------------------- decoding
    def _logp(self, a: int, b: int, c: int) -> int:
        """log P(c | a b) in milli-nats; ``a``/``b`` are -1 where the context has no word."""
        V = len(self.vocab)
        bo = 0
        if a >= 0:
            p = self.tri.get((a * V + b) * V + c)
            if p is not None:
                return p
            bo = self.bow2.get(a * V + b, 0)
        if b >= 0:
            p = self.bi.get(b * V + c)
            if p is not None:
                return bo + p
            bo += self.bow1[b]
        return bo + self.uni[c]

    def _after_number(self, ids: list[int], best: int, following: int | None) -> int:
        """The candidate the corpus writes after a figure, for a syllable after "bao nhiêu" / "mấy":
        what is counted is a unit or a noun written after numbers ("bao nhiêu ha" is hectares, not
        "hạ"; "mấy năm"), which the question's own words, unseen in documents, do not predict — read
        with the syllable after it ("phần trăm"). The decoder's choice stays when no candidate
        follows a figure in the corpus."""
        V = len(self.vocab)
        seen = [(self.bi[NUM * V + c] + (self._logp(NUM, c, following) if following is not None else 0), c)
                for c in ids if NUM * V + c in self.bi]
        return max(seen)[1] if seen else best

    def _viterbi(self, lattice: list[list[int]]) -> list[int]:
        """Most probable path through ``lattice`` (candidate ids per position), trigram states."""
        states: dict[tuple[int, int], int] = {(-1, -1): 0}
        back: list[dict[tuple[int, int], tuple[int, int]]] = []
        for options in lattice:
            nxt: dict[tuple[int, int], int] = {}
            ptr: dict[tuple[int, int], tuple[int, int]] = {}
            for (a, b), score in states.items():
                for c in options:
                    s = score + self._logp(a, b, c)
                    key = (b, c)
                    if s > nxt.get(key, -(1 << 62)):
                        nxt[key] = s
                        ptr[key] = (a, b)
            states = nxt
            back.append(ptr)
        key = max(states, key=states.__getitem__)
        path = []
        for ptr in reversed(back):
            path.append(key[1])
            key = ptr[key]
        return path[::-1]

    def restore(self, query: str) -> Restoration:
        """Put back the diacritics of the query's unmarked syllables.

        Syllables typed with diacritics are kept and constrain their neighbours; numbers,
        document numbers ("41-NQ/TW") and syllables unknown to the corpus pass through; in a question
        not typed in capitals, a token of capitals (an abbreviation) gets no mark but "Đ". The
        user's spacing, punctuation and capitals are kept.
        """
        text = unicodedata.normalize("NFC", query)
        toks = word_tokens(text)
        lattices: list[list[list[int]]] = []
        options: list[tuple[list[int], list[str], bool]] = []  # per token: ids, outputs, fixed
        shouted = text.upper() == text  # a question typed in capitals: its words are words
        for _, _, tok, boundary in toks:
            if boundary or not lattices:
                lattices.append([])
            if _is_number(tok):
                option = ([NUM], [tok], True)
            elif not shouted and len(tok) >= 2 and tok.isupper():  # an abbreviation or a numeral: initials
                # take no tone marks, only "Đ" ("ND" is "NĐ"): "dự án BOT" is no "BỘT". The abbreviation table's
                # spelling wins: "DA" (dự án) stays, no "ĐÃ" nor "ĐA"; "DKKD" is "ĐKKD"
                low = tok.lower()
                found = [] if low in ABBREVIATIONS else [
                    i for i in self.cands.get(low, []) if self.vocab[i].replace("đ", "d") == low]
                found = [i for i in found if self.vocab[i] in ABBREVIATIONS] or found
                option = ((found, [_transfer_case(tok, self.vocab[i]) for i in found], False) if found
                          else ([UNK], [tok], True))
            elif _has_diacritics(tok):
                option = ([self.ids.get(_canon(tok), UNK)], [tok], True)
            else:
                found = self.cands.get(tok.lower())
                if found:
                    option = (found, [_transfer_case(tok, self.vocab[i]) for i in found], False)
                else:
                    option = ([UNK], [tok], True)
            lattices[-1].append(option[0])
            options.append(option)
        chosen = [i for lattice in lattices for i in self._viterbi(lattice)]
        pieces, pos, result = [], 0, []
        for n, ((start, end, tok, _), (ids, outs, is_fixed), best) in enumerate(zip(toks, options, chosen)):
            out = outs[ids.index(best)]
            if not is_fixed and asks_how_many(toks, n):
                out = next((o for o in outs if _canon(o) == HOW_MANY), out)
            elif not is_fixed and asks_where(toks, n):
                out = next((o for o in outs if _canon(o) == WHERE), out)
            elif not is_fixed and asks_who(toks, n):
                out = next((o for o in outs if _canon(o) == WHO), out)
            elif not is_fixed and result and _canon(result[-1].restored.lower()) in COUNTING:
                following = chosen[n + 1] if n + 1 < len(toks) and not toks[n + 1][3] else None
                out = outs[ids.index(self._after_number(ids, best, following))]
            alternatives = tuple(o for o in outs if o != out)[:3]
            result.append(RestoredToken(tok, out, start, end, is_fixed, alternatives))
            pieces += [text[pos:start], out]
            pos = end
        pieces.append(text[pos:])
        restored = "".join(pieces)
        return Restoration(original=query, restored=restored, changed=restored != text, tokens=tuple(result))
