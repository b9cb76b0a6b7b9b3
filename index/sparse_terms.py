"""The terms of the Vietnamese lexical vector, as pure functions (no Haystack): what
:mod:`index.sparse`'s components encode, and the name of that encoding that the index's
config hash carries — so that checking an index's configuration imports no Haystack (and no
torch, which Haystack imports when it is installed). The terms are described in
:mod:`index.sparse`.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter

from common.vietnamese.normalize import NORMALIZATION_VERSION, fold_accents, index_form, syllables

SPARSE_VERSION = "1"  # bump when the terms or the weighting change: the index rebuilds

_INDEX_MASK = 0x7FFFFFFF

# Bigrams stop at sentence punctuation, brackets, quotes, line breaks, and ", " (a comma
# followed by space; "74,8" stays one token).
_SEGMENT_BREAK = re.compile(r"[.;:!?…]+(?=\s|$)|,(?=\s)|[()\[\]{}\"“”«»'‘’]|\n|\s[-–—]\s")
_DOC_NUMBER = re.compile(r"^(?=.*\d)(?=.*[^\W\d_])[\w]+(?:[-/.][\w]+)*$")
_NUMBER_SEPARATORS = re.compile(r"[-/.\s]+")


def is_doc_number(token: str) -> bool:
    """True for tokens shaped like a document number: digits and letters joined by ``-``/``/``."""
    return ("/" in token or "-" in token) and bool(_DOC_NUMBER.match(token))


def doc_number_key(token: str) -> str:
    """Canonical key of a document number: lower case, no diacritics, separators → ``/``.

    "41-NQ/TW", "41/NQ-TW" and "41 nq tw" all give ``41/nq/tw``; "114/2003/NĐ-CP" gives
    ``114/2003/nd/cp``.
    """
    return _NUMBER_SEPARATORS.sub("/", fold_accents(index_form(token)).strip(" -/."))


def term_index(term: str) -> int:
    """A stable index in [0, 2**31) for a term (first 4 bytes of blake2b; collisions are rare)."""
    return int.from_bytes(hashlib.blake2b(term.encode("utf-8"), digest_size=4).digest(), "big") & _INDEX_MASK


def segments(text: str) -> list[list[str]]:
    """Syllables of ``text`` in its index form, grouped by stretches without punctuation."""
    return [toks for part in _SEGMENT_BREAK.split(text) if (toks := syllables(part))]


def term_counts(text: str, *, bigrams: bool = True, folded: bool = True) -> Counter[str]:
    """How often each kind-prefixed term occurs in ``text``.

    :param bigrams: emit ``b:``/``fb:`` syllable bigrams.
    :param folded: emit the accent-folded ``fu:``/``fb:`` terms.
    :returns: counts keyed ``"u:bảo"``, ``"b:bảo vệ"``, ``"fu:bao"``, ``"fb:bao ve"``,
        ``"n:41/nq/tw"``.
    """
    counts: Counter[str] = Counter()
    for toks in segments(text):
        folded_toks = [fold_accents(t) for t in toks] if folded else []
        for i, tok in enumerate(toks):
            counts["u:" + tok] += 1
            if folded:
                counts["fu:" + folded_toks[i]] += 1
            if is_doc_number(tok):
                counts["n:" + doc_number_key(tok)] += 1
            if bigrams and i:
                counts[f"b:{toks[i - 1]} {tok}"] += 1
                if folded:
                    counts[f"fb:{folded_toks[i - 1]} {folded_toks[i]}"] += 1
    return counts


def sparse_fingerprint(k1: float = 1.2, b: float = 0.75, avg_len: float = 200.0) -> str:
    """Names the passage-side encoding, for the index's config hash (query weights excluded)."""
    return f"viet-sparse-v{SPARSE_VERSION}|norm-v{NORMALIZATION_VERSION}|k1={k1}|b={b}|avg_len={avg_len}"
