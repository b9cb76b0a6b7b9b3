"""A lexical sparse encoder made for Vietnamese (BM25-like, with Qdrant supplying the IDF).

Why not a generic BM25 tokenizer: Vietnamese words are written as separate syllables
("bảo vệ môi trường"), so single syllables are weak terms and syllable *bigrams* carry
most of the meaning; the same word has two tone placements ("hoá"/"hóa"); users often type
without diacritics ("bao ve moi truong"); and officials search by document number
("41-NQ/TW"). The terms are therefore, all from :func:`common.vietnamese.normalize.index_form`:

* ``u:`` syllables and ``b:`` syllable bigrams (bigrams never cross punctuation);
* ``fu:`` / ``fb:`` the accent-folded forms of both, so an accent-free query still matches;
* ``n:`` the canonical key of every document number ("41-nq/tw" → ``41/nq/tw``), besides the
  number as one whole syllable.

The terms themselves are pure functions in :mod:`index.sparse_terms`; this module holds the
vectors and the Haystack components. Each term maps to a stable 31-bit index (blake2b of ``kind:term``). A passage's values are
the BM25 tf part, ``tf·(k1+1) / (tf + k1·(1 − b + b·len/avg_len))``; the collection's
``Modifier.IDF`` adds the idf, so nothing here depends on the rest of the corpus and chunks
can be indexed one at a time. A query gives each distinct term one weight per kind:
exact 1.0, folded 0.5 by default, so a query with diacritics ranks exact matches above
matches that only agree without them. Kind weights live only on the query side: changing
them needs no re-indexing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from haystack import Document, component
from haystack.dataclasses import SparseEmbedding

from index.sparse_terms import sparse_fingerprint, term_counts, term_index

DEFAULT_META_FIELDS = ["context"]


def _kind(term: str) -> str:
    return term.split(":", 1)[0]


def _to_sparse(weights: dict[str, float]) -> SparseEmbedding:
    by_index: dict[int, float] = {}
    for term, value in weights.items():
        if value > 0:
            idx = term_index(term)
            by_index[idx] = by_index.get(idx, 0.0) + value  # a collision adds up: harmless
    indices = sorted(by_index)
    return SparseEmbedding(indices=indices, values=[float(by_index[i]) for i in indices])


def encode_passage(
    text: str, *, k1: float = 1.2, b: float = 0.75, avg_len: float = 200.0, bigrams: bool = True, folded: bool = True
) -> SparseEmbedding:
    """Sparse vector of a passage: BM25 tf saturation per term (the IDF comes from Qdrant).

    :param k1: saturation; a term repeated many times is worth at most ``k1 + 1``.
    :param b: length normalization (0 = none, 1 = full).
    :param avg_len: the typical passage length in syllables that ``b`` compares against
        (a constant, so passages need no corpus statistics and can be indexed one by one).
    """
    counts = term_counts(text, bigrams=bigrams, folded=folded)
    length = sum(n for term, n in counts.items() if term.startswith("u:"))
    norm = k1 * (1.0 - b + b * length / max(avg_len, 1.0))
    return _to_sparse({term: tf * (k1 + 1.0) / (tf + norm) for term, tf in counts.items()})


def encode_query(
    text: str,
    *,
    exact_weight: float = 1.0,
    folded_weight: float = 0.5,
    bigram_weight: float = 1.0,
    number_weight: float = 1.0,
    bigrams: bool = True,
    folded: bool = True,
) -> SparseEmbedding:
    """Sparse vector of a query: each distinct term once, weighted by its kind.

    :param exact_weight: weight of the terms with diacritics as typed (``u:``, ``b:``).
    :param folded_weight: weight of the accent-folded terms (``fu:``, ``fb:``); keep it
        below ``exact_weight`` so exact matches rank first.
    :param bigram_weight: multiplies the weight of bigrams (``b:``, ``fb:``).
    :param number_weight: weight of document number keys (``n:``).
    """
    kind_weight = {
        "u": exact_weight,
        "b": exact_weight * bigram_weight,
        "fu": folded_weight,
        "fb": folded_weight * bigram_weight,
        "n": number_weight,
    }
    counts = term_counts(text, bigrams=bigrams, folded=folded)
    return _to_sparse({term: kind_weight[_kind(term)] for term in counts})


def _passage_text(document: Document, meta_fields: list[str]) -> str:
    parts = [str(document.meta[k]) for k in meta_fields if document.meta.get(k) not in (None, "")]
    parts.append(document.content or "")
    return "\n".join(parts)


@component
class VietSparseDocumentEmbedder:
    """Sets ``Document.sparse_embedding`` to the Vietnamese lexical vector of context + content.

    :param meta_fields_to_embed: meta keys encoded with the content (default ``["context"]``:
        the document number and section heading, so "41-NQ/TW" finds every chunk of it).
    :param k1: BM25 saturation (see :func:`encode_passage`).
    :param b: BM25 length normalization.
    :param avg_len: typical passage length in syllables.
    """

    def __init__(
        self,
        meta_fields_to_embed: list[str] | None = None,
        k1: float = 1.2,
        b: float = 0.75,
        avg_len: float = 200.0,
    ):
        if k1 < 0 or not 0.0 <= b <= 1.0 or avg_len <= 0:
            raise ValueError(f"Tham số BM25 không hợp lệ: k1={k1}, b={b}, avg_len={avg_len}.")
        self.meta_fields_to_embed = list(DEFAULT_META_FIELDS if meta_fields_to_embed is None else meta_fields_to_embed)
        self.k1, self.b, self.avg_len = k1, b, avg_len

    @property
    def fingerprint(self) -> str:
        """See :func:`sparse_fingerprint`."""
        return sparse_fingerprint(self.k1, self.b, self.avg_len)

    @component.output_types(documents=list[Document])
    def run(self, documents: list[Document]) -> dict[str, Any]:
        """:returns: ``documents``: copies of the inputs with ``sparse_embedding`` set."""
        out = []
        for doc in documents:
            vector = encode_passage(
                _passage_text(doc, self.meta_fields_to_embed), k1=self.k1, b=self.b, avg_len=self.avg_len
            )
            out.append(replace(doc, sparse_embedding=vector))
        return {"documents": out}


@component
class VietSparseTextEmbedder:
    """Encodes a query as a Vietnamese lexical sparse vector (see :func:`encode_query`)."""

    def __init__(
        self,
        exact_weight: float = 1.0,
        folded_weight: float = 0.5,
        bigram_weight: float = 1.0,
        number_weight: float = 1.0,
    ):
        if min(exact_weight, folded_weight, bigram_weight, number_weight) < 0:
            raise ValueError("Trọng số của truy vấn thưa không được âm.")
        self.exact_weight, self.folded_weight = exact_weight, folded_weight
        self.bigram_weight, self.number_weight = bigram_weight, number_weight

    @component.output_types(sparse_embedding=SparseEmbedding)
    def run(self, text: str) -> dict[str, Any]:
        """:returns: ``sparse_embedding``: the query's sparse vector (empty for a text without words)."""
        return {
            "sparse_embedding": encode_query(
                text,
                exact_weight=self.exact_weight,
                folded_weight=self.folded_weight,
                bigram_weight=self.bigram_weight,
                number_weight=self.number_weight,
            )
        }
