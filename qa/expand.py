"""Section expansion: a retrieved chunk is returned with the rest of its numbered section.

Chunks are cut to fit the embedder, so a long article (Điều) or item (Khoản) is split over
two or three chunks, and a lead-in ("… gồm:", "… như sau:") can land in one chunk and its
items in the next. Retrieval finds the chunk that matches best; the reader (and the
sentence picker) needs the whole provision. This is the "small to big" step of
parent-document retrieval: search small units, return the smallest enclosing numbered
section that still fits ``max_chars``, built only from adjacent chunks of the same
document, joined in document order. Two hits in the same section become one passage at
the better rank, which also leaves room in the top k for other sections.

The expanded text is the chunks' texts joined by a line break: quotes are still checked
against this text, and every inner section keeps its own citation label (``spans``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from haystack import Document, component

from common.types import KIND_BODY

CACHED_DOCUMENTS = 256  # documents whose chunk layout is kept in memory (warm queries need no read)
JOINER = "\n"


@dataclass(frozen=True)
class ChunkRef:
    """What the grouping needs to know about one chunk."""

    ordinal: int
    path: tuple[str, ...]
    size: int
    kind: str


def _within(path: tuple[str, ...], prefix: tuple[str, ...]) -> bool:
    return len(path) >= len(prefix) and path[: len(prefix)] == prefix


def section_group(hit: ChunkRef, siblings: list[ChunkRef], max_chars: int) -> list[int]:
    """Ordinals of the smallest enclosing section of ``hit`` that fits ``max_chars``, grown
    from the hit's own section outwards; ``[hit.ordinal]`` when nothing can be added.

    Only contiguous body chunks whose section path lies inside the chosen section join.
    A chunk without a section path (header, preamble, signature) is never expanded.
    """
    if hit.kind != KIND_BODY or not hit.path:
        return [hit.ordinal]
    by_ordinal = {s.ordinal: s for s in siblings}
    by_ordinal[hit.ordinal] = hit
    best = [hit.ordinal]
    for depth in range(len(hit.path), 0, -1):
        prefix = hit.path[:depth]
        group = [hit.ordinal]
        for step in (-1, 1):
            o = hit.ordinal + step
            while o in by_ordinal and by_ordinal[o].kind == KIND_BODY and _within(by_ordinal[o].path, prefix):
                group.append(o)
                o += step
        group.sort()
        if sum(by_ordinal[o].size for o in group) + len(JOINER) * (len(group) - 1) > max_chars:
            break  # a wider section is wider still
        best = group
    return best


def merge_chunks(hit: Document, chunks: list[Document]) -> Document:
    """One passage from adjacent chunks (document order): the hit's id and score, the first
    chunk's section labels (the enclosing section starts there), all inner spans shifted."""
    if len(chunks) == 1:
        return hit
    parts: list[str] = []
    spans: list[list] = []
    offset = 0
    for chunk in chunks:
        text = chunk.content or ""
        spans.extend([o + offset, section, label] for o, section, label in chunk.meta.get("spans") or [])
        parts.append(text)
        offset += len(text) + len(JOINER)
    meta: dict[str, Any] = dict(chunks[0].meta)
    meta["spans"] = spans
    meta["chunk_id"] = hit.id
    meta["expanded_from"] = [c.id for c in chunks]
    return Document(id=hit.id, content=JOINER.join(parts), meta=meta, score=hit.score)


def _ref(doc: Document) -> ChunkRef:
    m = doc.meta
    return ChunkRef(int(m.get("ordinal", -1)), tuple(m.get("section_path") or ()), len(doc.content or ""),
                    m.get("kind", KIND_BODY))


@component
class SectionExpander:
    """Ranked chunks → ranked passages, each the whole numbered section around its chunk
    (within ``max_chars``); duplicates of an already returned section are dropped.

    :param store: the project's index (:class:`index.store.Store` or any object with
        ``filter(filters, with_vectors)``), read for the other chunks of a hit's document.
    :param max_chars: size limit of an expanded passage; 0 turns expansion off.
    """

    def __init__(self, store: Any, max_chars: int = 3000):
        if max_chars < 0:
            raise ValueError(f"max_chars must be >= 0, got {max_chars}")
        self.store = store
        self.max_chars = max_chars
        self._cache: OrderedDict[tuple[str, str], tuple[dict[int, Document], list[ChunkRef]]] = OrderedDict()
        self._lock = threading.Lock()

    def _chunks_of(self, hit: Document) -> tuple[dict[int, Document], list[ChunkRef]]:
        """All chunks of the hit's document by ordinal (text and meta, no vectors) and their
        layout, cached per (document, content hash): a changed file has a new hash, a rebuilt
        index new chunk ids."""
        doc_id = hit.meta.get("doc_id", "")
        key = (doc_id, hit.meta.get("content_hash", ""))
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None and cached[0].get(int(hit.meta.get("ordinal", -1)), hit).id == hit.id:
                self._cache.move_to_end(key)
                return cached
        entry = self._read(doc_id)
        self._keep(key, entry)
        return entry

    def _read(self, doc_id: str) -> tuple[dict[int, Document], list[ChunkRef]]:
        found = self.store.filter({"field": "meta.doc_id", "operator": "==", "value": doc_id}, with_vectors=False)
        chunks = {int(d.meta.get("ordinal", -1)): d for d in found}
        return chunks, [_ref(d) for d in chunks.values()]

    def _keep(self, key: tuple[str, str], entry: tuple[dict[int, Document], list[ChunkRef]]) -> None:
        with self._lock:
            self._cache[key] = entry
            while len(self._cache) > CACHED_DOCUMENTS:
                self._cache.popitem(last=False)

    def prepare(self, doc_id: str) -> None:
        """Read a document's chunk layout before a question expands one of its chunks, so that
        the first questions after the app starts read nothing (:meth:`qa.facade.PolicyQA.warm_up`:
        ≈ 2 ms a document on the full corpus, which ten users' first 80 requests paid for 41 of
        its 98 documents). Kept as :meth:`_chunks_of` keeps it; a document with no chunks, nothing."""
        chunks, layout = self._read(doc_id)
        if chunks:
            self._keep((doc_id, next(iter(chunks.values())).meta.get("content_hash", "")), (chunks, layout))

    @component.output_types(documents=list[Document])
    def run(self, documents: list[Document], top_k: int | None = None) -> dict[str, list[Document]]:
        """:param top_k: passages to return after duplicates are dropped (default: all)."""
        if not self.max_chars or not documents:
            return {"documents": documents[:top_k] if top_k else documents}
        out: list[Document] = []
        covered: set[tuple[str, int]] = set()
        for hit in documents:
            doc_id = hit.meta.get("doc_id", "")
            if (doc_id, int(hit.meta.get("ordinal", -1))) in covered:
                continue  # its section is already in the list, at a better rank
            ref = _ref(hit)
            expandable = bool(ref.path) and ref.kind == KIND_BODY  # else no need to read its document
            pool, layout = self._chunks_of(hit) if expandable else ({}, [])
            ordinals = section_group(ref, layout, self.max_chars)
            if any((doc_id, o) in covered for o in ordinals):
                ordinals = [int(hit.meta.get("ordinal", -1))]  # never show the same text twice
            covered.update((doc_id, o) for o in ordinals)
            out.append(merge_chunks(hit, [pool.get(o, hit) for o in ordinals]))
            if top_k and len(out) >= top_k:
                break
        return {"documents": out}
