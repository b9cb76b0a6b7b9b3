"""The embedded index: Qdrant Edge (the Qdrant engine in-process) as a Haystack DocumentStore.

qdrant-client's local mode searches by brute force in Python (≈ 300 ms per hybrid query at
10k points, longer as the corpus grows) and commits one SQLite transaction per point;
qdrant-edge runs the server's own segment code (HNSW, sparse index with IDF, payload
indexes) in the process at about 1 ms per hybrid query. It has no Haystack integration, so
this module adapts it to Haystack's DocumentStore protocol with the collection layout of
:mod:`index.schema`, which is also what qdrant-haystack writes to a server.

Durability: every update goes to the engine's write-ahead log before it returns, so a
killed process loses nothing acknowledged and the next open replays the log; ``close()``
also flushes the segments. The WAL is locked: a second open of the same folder (another
policyqa process) fails with :class:`~common.errors.IndexStoreError`.
"""

from __future__ import annotations

import threading
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import qdrant_edge as qe
from haystack import Document, default_from_dict, default_to_dict
from haystack.dataclasses import SparseEmbedding
from haystack.document_stores.errors import DuplicateDocumentError
from haystack.document_stores.types import DuplicatePolicy
from haystack.utils.filters import FilterError

from common.errors import IndexStoreError
from index.schema import (
    DENSE_VECTOR,
    PAYLOAD_INDEXES,
    RRF_K,
    SPARSE_VECTOR,
    check_fusion,
    document_from_payload,
    document_payload,
    normalize_filters,
    point_id,
)

_WRITE_BATCH = 256
_SCROLL_PAGE = 1024
_SCHEMA_TYPES = {
    "keyword": qe.PayloadSchemaType.Keyword,
    "datetime": qe.PayloadSchemaType.Datetime,
    "integer": qe.PayloadSchemaType.Integer,
    "float": qe.PayloadSchemaType.Float,
}
LOCKED_MESSAGE = (
    "Một tiến trình policyqa khác đang dùng chỉ mục tại {path}. "
    "Hãy đóng tiến trình đó (ứng dụng web hoặc lệnh đang chạy) rồi thử lại."
)


def to_edge_filter(filters: dict[str, Any] | None) -> qe.Filter | None:
    """Translate a Haystack filter into a Qdrant Edge filter.

    Same meaning as qdrant-haystack's translation for the server: ``!=`` and ``not in``
    also match points without the field; ``>``/``<`` on an ISO date string compare dates.

    :raises FilterError: invalid filter (see :func:`index.schema.normalize_filters`), or an
        ordering comparison on a value that is neither a number nor an ISO date.
    """
    filters = normalize_filters(filters)
    if filters is None:
        return None
    condition = _condition(filters)
    return condition if isinstance(condition, qe.Filter) else qe.Filter(must=[condition])


def _condition(item: dict[str, Any]) -> Any:
    operator = item["operator"]
    if operator in ("AND", "OR", "NOT"):
        inner = [_condition(c) for c in item["conditions"]]
        key = {"AND": "must", "OR": "should", "NOT": "must_not"}[operator]
        return qe.Filter(**{key: inner})
    field, value = item["field"], item["value"]
    if operator == "==":
        return _equals(field, value)
    if operator == "!=":
        return qe.Filter(must_not=[_equals(field, value)])
    if operator == "in":
        return qe.Filter(should=[_equals(field, v) for v in value])
    if operator == "not in":
        return qe.Filter(must_not=[_equals(field, v) for v in value])
    bound = {">": "gt", ">=": "gte", "<": "lt", "<=": "lte"}[operator]
    if isinstance(value, str) and _is_iso_date(value):
        return qe.FieldCondition(key=field, range=qe.RangeDateTime(**{bound: value}))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return qe.FieldCondition(key=field, range=qe.RangeFloat(**{bound: float(value)}))
    raise FilterError(f"'{operator}' needs a number or an ISO 8601 date, got {value!r}.")


def _equals(field: str, value: Any) -> Any:
    if isinstance(value, float) and not value.is_integer():
        # MatchValue takes str/int/bool only: a float equality is a one-point range.
        return qe.FieldCondition(key=field, range=qe.RangeFloat(gte=value, lte=value))
    if isinstance(value, float):
        value = int(value)
    if not isinstance(value, (str, int, bool)):
        raise FilterError(f"Cannot compare {field} with {value!r}: use a string, number or boolean.")
    return qe.FieldCondition(key=field, match=qe.MatchValue(value))


def _is_iso_date(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _edge_sparse(sparse: SparseEmbedding) -> qe.SparseVector:
    return qe.SparseVector(indices=list(sparse.indices), values=[float(v) for v in sparse.values])


class EdgeDocumentStore:
    """Haystack DocumentStore over a Qdrant Edge shard in ``path``.

    The shard opens on first use (or :meth:`open`), so constructing the store does no I/O.
    One instance per process; it is safe to share between threads.
    """

    def __init__(self, path: str, dense_dim: int):
        if dense_dim <= 0:
            raise ValueError(f"dense_dim must be positive, got {dense_dim}")
        self.path = str(path)
        self.dense_dim = dense_dim
        self._shard: qe.EdgeShard | None = None
        self._lock = threading.RLock()

    # -- lifecycle -----------------------------------------------------------------------

    def _config(self) -> qe.EdgeConfig:
        return qe.EdgeConfig(
            vectors={DENSE_VECTOR: qe.EdgeVectorParams(size=self.dense_dim, distance=qe.Distance.Cosine)},
            sparse_vectors={SPARSE_VECTOR: qe.EdgeSparseVectorParams(modifier=qe.Modifier.Idf)},
            payload_memory=qe.Memory.Cached,
        )

    def open(self) -> "EdgeDocumentStore":
        """Open (or create) the shard; idempotent.

        :raises IndexStoreError: another process holds the index, or the index was built
            with another vector size.
        """
        with self._lock:
            if self._shard is not None:
                return self
            try:
                if (Path(self.path) / "edge_config.json").exists():
                    shard = qe.EdgeShard.load(self.path, self._config())
                else:
                    shard = qe.EdgeShard.create(self.path, self._config())
            except Exception as exc:  # the engine raises bare Exceptions with a message
                raise _store_error(self.path, exc) from exc
            try:
                # Also on load: an index added to the schema later reaches existing stores.
                present = shard.info().payload_schema
                for field, kind in PAYLOAD_INDEXES.items():
                    if field not in present:
                        shard.update(qe.UpdateOperation.create_field_index(field, _SCHEMA_TYPES[kind]))
            except Exception as exc:
                shard.close()  # release the WAL lock before reporting
                raise _store_error(self.path, exc) from exc
            self._shard = shard
            return self

    def close(self) -> None:
        """Flush the segments and release the shard (and its lock); idempotent."""
        with self._lock:
            if self._shard is not None:
                try:
                    self._shard.flush()
                finally:
                    self._shard.close()
                    self._shard = None

    def optimize(self) -> bool:
        """Merge segments and build the HNSW index; worth it after a bulk write of >20k points.

        Blocks (≈ 10 s for 10k points on 2 cores). Queries are correct without it.
        """
        with self._lock:
            return self._open().optimize()

    def _open(self) -> qe.EdgeShard:
        return self._shard if self._shard is not None else self.open()._shard  # type: ignore[return-value]

    def to_dict(self) -> dict[str, Any]:
        return default_to_dict(self, path=self.path, dense_dim=self.dense_dim)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "EdgeDocumentStore":
        return default_from_dict(cls, data)

    # -- DocumentStore protocol ------------------------------------------------------------

    def count_documents(self) -> int:
        return self._open().count(qe.CountRequest(exact=True))

    def count_by_filter(self, filters: dict[str, Any] | None) -> int:
        return self._open().count(qe.CountRequest(exact=True, filter=to_edge_filter(filters)))

    def filter_documents(self, filters: dict[str, Any] | None = None, with_vectors: bool = True) -> list[Document]:
        """All documents matching ``filters``, with their vectors (as qdrant-haystack returns
        them) unless ``with_vectors`` is False (reading neighbours at query time)."""
        shard, edge_filter = self._open(), to_edge_filter(filters)
        documents: list[Document] = []
        offset = None
        while True:
            request = qe.ScrollRequest(
                offset=offset, limit=_SCROLL_PAGE, filter=edge_filter, with_payload=True, with_vector=with_vectors
            )
            records, offset = shard.scroll(request)
            documents.extend(_to_document(r, None) for r in records)
            if offset is None:
                return documents

    def write_documents(self, documents: list[Document], policy: DuplicatePolicy = DuplicatePolicy.NONE) -> int:
        """Upsert ``documents`` (NONE and OVERWRITE replace a document with the same id).

        :raises DuplicateDocumentError: ``policy`` is FAIL and one of the ids is stored.
        :raises ValueError: a dense vector of the wrong size, or not a Document.
        """
        for doc in documents:
            if not isinstance(doc, Document):
                raise ValueError(f"write_documents() expects Documents, got {type(doc).__name__}.")
            if doc.embedding is not None and len(doc.embedding) != self.dense_dim:
                raise ValueError(f"Document {doc.id}: embedding has {len(doc.embedding)} dims, expected {self.dense_dim}.")
        unique = list({doc.id: doc for doc in documents}.values())
        with self._lock:
            shard = self._open()
            if policy in (DuplicatePolicy.SKIP, DuplicatePolicy.FAIL):
                stored = self._stored_ids([d.id for d in unique])
                if stored and policy == DuplicatePolicy.FAIL:
                    raise DuplicateDocumentError(f"Documents already stored: {', '.join(sorted(stored))}")
                unique = [d for d in unique if d.id not in stored]
            for start in range(0, len(unique), _WRITE_BATCH):
                points = [_to_point(d) for d in unique[start : start + _WRITE_BATCH]]
                shard.update(qe.UpdateOperation.upsert_points(points))
        return len(unique)

    def _stored_ids(self, ids: list[str]) -> set[str]:
        by_point = {point_id(i): i for i in ids}
        records = self._open().retrieve(list(by_point), False, False)
        return {by_point[uuid.UUID(str(r.id)).hex] for r in records}

    def delete_documents(self, document_ids: list[str]) -> None:
        """Delete by Haystack id; ids that are not stored are ignored (as on the server)."""
        if document_ids:
            with self._lock:
                self._open().update(qe.UpdateOperation.delete_points([point_id(i) for i in document_ids]))

    def delete_by_filter(self, filters: dict[str, Any]) -> int:
        """Delete every document matching ``filters``; returns how many there were.

        :raises FilterError: empty or invalid filter (deleting everything needs no filter trick).
        """
        edge_filter = to_edge_filter(filters)
        if edge_filter is None:
            raise FilterError("delete_by_filter needs a non-empty filter.")
        with self._lock:
            shard = self._open()
            count = shard.count(qe.CountRequest(exact=True, filter=edge_filter))
            if count:
                shard.update(qe.UpdateOperation.delete_points_by_filter(edge_filter))
            return count

    # -- retrieval -------------------------------------------------------------------------

    def query_dense(self, dense: list[float], filters: dict[str, Any] | None = None, top_k: int = 10) -> list[Document]:
        query = qe.Query.Nearest([float(x) for x in dense], using=DENSE_VECTOR)
        return self._query(qe.QueryRequest(limit=top_k, query=query, filter=to_edge_filter(filters), with_payload=True))

    def query_sparse(
        self, sparse: SparseEmbedding, filters: dict[str, Any] | None = None, top_k: int = 10
    ) -> list[Document]:
        query = qe.Query.Nearest(_edge_sparse(sparse), using=SPARSE_VECTOR)
        return self._query(qe.QueryRequest(limit=top_k, query=query, filter=to_edge_filter(filters), with_payload=True))

    def query_hybrid(
        self,
        dense: list[float] | None,
        sparse: SparseEmbedding | None,
        filters: dict[str, Any] | None = None,
        top_k: int = 10,
        fusion: str = "rrf",
        prefetch_k: int | None = None,
    ) -> list[Document]:
        """Dense and sparse candidates (``prefetch_k`` each) fused by RRF or DBSF.

        With only one of the two vectors (or an empty sparse one) it is a plain dense or
        sparse query. Scores are the fused scores: comparable within one result list only.
        """
        has_sparse = sparse is not None and len(sparse.indices) > 0
        if dense is None and not has_sparse:
            return []
        if not has_sparse:
            return self.query_dense(dense, filters, top_k)  # type: ignore[arg-type]
        if dense is None:
            return self.query_sparse(sparse, filters, top_k)  # type: ignore[arg-type]
        limit = max(prefetch_k or 0, top_k)
        edge_filter = to_edge_filter(filters)
        prefetches = [
            qe.Prefetch(limit=limit, query=qe.Query.Nearest(_edge_sparse(sparse), using=SPARSE_VECTOR), filter=edge_filter),
            qe.Prefetch(limit=limit, query=qe.Query.Nearest([float(x) for x in dense], using=DENSE_VECTOR), filter=edge_filter),
        ]
        fused = qe.Fusion.Rrf(k=RRF_K) if check_fusion(fusion) == "rrf" else qe.Fusion.Dbsf()
        return self._query(qe.QueryRequest(limit=top_k, query=fused, prefetches=prefetches, with_payload=True))

    def _query(self, request: qe.QueryRequest) -> list[Document]:
        return [_to_document(p, p.score) for p in self._open().query(request)]


def _to_point(document: Document) -> qe.Point:
    vector: dict[str, Any] = {}
    if document.embedding is not None:
        vector[DENSE_VECTOR] = [float(x) for x in document.embedding]
    if document.sparse_embedding is not None and document.sparse_embedding.indices:
        vector[SPARSE_VECTOR] = _edge_sparse(document.sparse_embedding)
    return qe.Point(id=point_id(document.id), vector=vector, payload=document_payload(document))


def _to_document(record: Any, score: float | None) -> Document:
    vectors = record.vector if isinstance(record.vector, dict) else {}
    sparse = vectors.get(SPARSE_VECTOR)
    return document_from_payload(
        record.payload,
        score=score,
        dense=vectors.get(DENSE_VECTOR),
        sparse=SparseEmbedding(indices=list(sparse.indices), values=list(sparse.values)) if sparse else None,
    )


def _store_error(path: str, exc: Exception) -> IndexStoreError:
    text = str(exc)
    if "WouldBlock" in text or "already accessed" in text:
        return IndexStoreError(LOCKED_MESSAGE.format(path=path))
    if "ncompatible" in text:
        return IndexStoreError(
            f"Chỉ mục tại {path} được tạo với cấu hình vector khác ({text}). "
            "Hãy xóa thư mục chỉ mục và lập chỉ mục lại."
        )
    return IndexStoreError(f"Không mở được chỉ mục tại {path}: {text}")
