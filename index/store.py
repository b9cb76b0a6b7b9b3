"""One index interface over two backends: the embedded Qdrant Edge engine or a Qdrant server.

The rest of policyqa (index pipeline, retrieval, CLI, UI) talks to :class:`Store` only, so it
never knows which backend holds the index. :func:`open_store` picks the backend the way the
settings say: ``QDRANT_URL`` set → the server (through qdrant-haystack), unset → Qdrant Edge in
``<home>/qdrant/<collection>``. Both hold the same points (see :mod:`index.schema`).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Protocol

from haystack import Document
from haystack.dataclasses import SparseEmbedding
from haystack.document_stores.types import DuplicatePolicy

from index.schema import field_filter
from index.store_edge import EdgeDocumentStore
from index.store_server import ServerDocumentStore

EDGE_DIRNAME = "qdrant"


class Backend(Protocol):
    """What both backends implement (EdgeDocumentStore, ServerDocumentStore)."""

    def open(self) -> Any: ...
    def close(self) -> None: ...
    def optimize(self) -> bool: ...
    def to_dict(self) -> dict[str, Any]: ...
    def count_documents(self) -> int: ...
    def count_by_filter(self, filters: dict[str, Any] | None) -> int: ...
    def filter_documents(self, filters: dict[str, Any] | None = None, with_vectors: bool = True) -> list[Document]: ...
    def write_documents(self, documents: list[Document], policy: DuplicatePolicy = DuplicatePolicy.NONE) -> int: ...
    def delete_documents(self, document_ids: list[str]) -> None: ...
    def delete_by_filter(self, filters: dict[str, Any]) -> int: ...
    def query_dense(self, dense: list[float], filters: dict[str, Any] | None = None, top_k: int = 10) -> list[Document]: ...
    def query_sparse(self, sparse: SparseEmbedding, filters: dict[str, Any] | None = None, top_k: int = 10) -> list[Document]: ...
    def query_hybrid(
        self,
        dense: list[float] | None,
        sparse: SparseEmbedding | None,
        filters: dict[str, Any] | None = None,
        top_k: int = 10,
        fusion: str = "rrf",
        prefetch_k: int | None = None,
    ) -> list[Document]: ...


_BACKENDS: dict[str, type] = {
    "edge": EdgeDocumentStore,
    "server": ServerDocumentStore,
}


class Store:
    """The project's index: write, delete, count, filter and query Haystack Documents.

    Documents carry their dense ``embedding`` and ``sparse_embedding``; filters use Haystack's
    filter syntax on ``meta.*`` fields. Use as a context manager or call :meth:`close` so the
    embedded engine flushes and releases its lock.
    """

    def __init__(self, backend: Backend):
        self.backend = backend
        self.kind = "edge" if isinstance(backend, EdgeDocumentStore) else "server"
        # Written but not yet the document's version (index.versions): no read returns them.
        self._hidden: frozenset[str] = frozenset()
        self._hidden_lock = threading.Lock()

    def hide(self, document_ids) -> None:
        """Keep these ids out of every read until :meth:`reveal` (chunks of a version in progress)."""
        with self._hidden_lock:
            self._hidden = self._hidden | frozenset(document_ids)

    def reveal(self, document_ids) -> None:
        with self._hidden_lock:
            self._hidden = self._hidden - frozenset(document_ids)

    def _visible(self, documents: list[Document], top_k: int | None = None) -> list[Document]:
        hidden = self._hidden
        shown = [d for d in documents if d.id not in hidden] if hidden else documents
        return shown[:top_k] if top_k is not None else shown

    @property
    def document_store(self) -> Any:
        """The Haystack DocumentStore to hand to a ``DocumentWriter``."""
        return self.backend.document_store if isinstance(self.backend, ServerDocumentStore) else self.backend

    def open(self) -> "Store":
        """Open now rather than on first use, to report a locked or unreachable index early.

        :raises IndexStoreError: with a Vietnamese reason.
        """
        self.backend.open()
        return self

    def close(self) -> None:
        self.backend.close()

    def __enter__(self) -> "Store":
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def optimize(self) -> bool:
        """Build the search indexes after a large bulk write (embedded engine only)."""
        return self.backend.optimize()

    # -- writing ---------------------------------------------------------------------------

    def write(self, documents: list[Document]) -> int:
        """Insert or replace ``documents`` (same id → replaced, never duplicated)."""
        return self.backend.write_documents(documents, policy=DuplicatePolicy.OVERWRITE)

    def delete_ids(self, document_ids: list[str]) -> None:
        """Delete documents by Haystack id; unknown ids are ignored."""
        self.backend.delete_documents(document_ids)

    def delete_doc(self, doc_id: str) -> int:
        """Delete every chunk of the document ``doc_id``; returns how many were deleted."""
        return self.backend.delete_by_filter(field_filter("doc_id", doc_id))

    def delete_source(self, source_path: str) -> int:
        """Delete every chunk ingested from ``source_path``; returns how many were deleted."""
        return self.backend.delete_by_filter(field_filter("source_path", source_path))

    def delete_by_filter(self, filters: dict[str, Any]) -> int:
        return self.backend.delete_by_filter(filters)

    # -- reading ---------------------------------------------------------------------------

    def count(self, filters: dict[str, Any] | None = None) -> int:
        """Stored documents matching ``filters``, hidden ones included (a count of what is on disk)."""
        return self.backend.count_by_filter(filters) if filters else self.backend.count_documents()

    def filter(self, filters: dict[str, Any] | None = None, with_vectors: bool = True) -> list[Document]:
        """Documents matching ``filters``; ``with_vectors=False`` reads text and meta only (fast)."""
        return self._visible(self.backend.filter_documents(filters, with_vectors=with_vectors))

    def query_hybrid(
        self,
        dense: list[float] | None,
        sparse: SparseEmbedding | None,
        filters: dict[str, Any] | None = None,
        top_k: int = 10,
        fusion: str = "rrf",
        prefetch_k: int | None = None,
    ) -> list[Document]:
        """Best ``top_k`` documents by fused dense + sparse ranking (``score`` = fused score).

        :param prefetch_k: candidates taken from each ranking before fusion; default 4 × top_k, at least 40.
        """
        prefetch = prefetch_k if prefetch_k is not None else max(4 * top_k, 40)
        extra = len(self._hidden)  # hidden hits are dropped: ask for as many more
        found = self.backend.query_hybrid(dense, sparse, filters, top_k + extra, fusion, prefetch + extra)
        return self._visible(_ranked(found), top_k)

    def query_dense(self, dense: list[float], filters: dict[str, Any] | None = None, top_k: int = 10) -> list[Document]:
        return self._visible(_ranked(self.backend.query_dense(dense, filters, top_k + len(self._hidden))), top_k)

    def query_sparse(
        self, sparse: SparseEmbedding, filters: dict[str, Any] | None = None, top_k: int = 10
    ) -> list[Document]:
        return self._visible(_ranked(self.backend.query_sparse(sparse, filters, top_k + len(self._hidden))), top_k)

    # -- serialization ---------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "backend": self.backend.to_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Store":
        return cls(_BACKENDS[data["kind"]].from_dict(data["backend"]))


def _ranked(documents: list[Document]) -> list[Document]:
    """Best first, equal scores by id: identical passages (the same file filed twice) would
    otherwise swap places from one run to the next."""
    return sorted(documents, key=lambda d: (-(d.score or 0.0), d.id))


def edge_path(home: Path, collection: str) -> Path:
    """Where the embedded engine keeps ``collection`` under the policyqa home folder."""
    return Path(home) / EDGE_DIRNAME / collection


def open_store(
    home: Path, url: str | None, api_key: str | None, collection: str, dense_dim: int,
    *, shards: int | None = None, replication: int | None = None,
) -> Store:
    """The index for these settings, opened (so a locked or unreachable index fails here).

    :param home: policyqa home; the embedded index lives in ``home/qdrant/<collection>``.
    :param url: Qdrant server URL (``QDRANT_URL``); None → embedded engine. ``":memory:"``
        gives qdrant-client's in-memory local mode (tests only).
    :param api_key: Qdrant API key, for a server.
    :param shards: shards of the collection when it is created on a server or cluster.
    :param replication: copies of each shard on a cluster, on creation.
    :param dense_dim: the dense embedder's dimension (384 for multilingual-e5-small).
    :raises IndexStoreError: locked by another policyqa process, vector size changed, server down.
    """
    if url is None:
        path = edge_path(home, collection)
        path.parent.mkdir(parents=True, exist_ok=True)
        backend: Backend = EdgeDocumentStore(str(path), dense_dim)
    elif url == ":memory:":
        backend = ServerDocumentStore(collection, dense_dim, location=":memory:", shards=shards, replication=replication)
    else:
        backend = ServerDocumentStore(collection, dense_dim, url=url, api_key=api_key, shards=shards,
                                      replication=replication)
    return Store(backend).open()
