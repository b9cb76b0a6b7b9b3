"""The index on a Qdrant server (``QDRANT_URL``), through qdrant-haystack's QdrantDocumentStore.

qdrant-haystack already writes the layout :mod:`index.schema` describes (named vectors
``text-dense``/``text-sparse`` with IDF, ``Document.to_dict`` payload, UUID5 point ids), so this
is a thin adapter that gives it the same methods as the embedded
:class:`~index.store_edge.EdgeDocumentStore`. Two things qdrant-haystack does not do are
added here: payload indexes on an existing collection, and a hybrid query with a chosen
prefetch depth and DBSF fusion (``QdrantHybridRetriever`` always fuses with RRF over
prefetches of Qdrant's default depth, 10).

qdrant-haystack also accepts ``location=":memory:"`` or ``path=...`` (qdrant-client's local
mode, brute force in Python): tests use it to stand in for a server.
"""

from __future__ import annotations

import warnings
from typing import Any

from haystack import Document, default_from_dict, default_to_dict
from haystack.dataclasses import SparseEmbedding
from haystack.document_stores.types import DuplicatePolicy
from haystack.utils import Secret
from haystack.utils.filters import FilterError
from haystack_integrations.document_stores.qdrant import QdrantDocumentStore
from haystack_integrations.document_stores.qdrant.converters import convert_qdrant_point_to_haystack_document
from haystack_integrations.document_stores.qdrant.filters import convert_filters_to_qdrant
from qdrant_client.http import models as rest

from common.errors import IndexStoreError
from index.schema import DENSE_VECTOR, PAYLOAD_INDEXES, SPARSE_VECTOR, check_fusion, normalize_filters
from index.store_edge import LOCKED_MESSAGE


def make_qdrant_store(
    collection: str,
    dense_dim: int,
    url: str | None = None,
    api_key: str | None = None,
    location: str | None = None,
    path: str | None = None,
    shards: int | None = None,
    replication: int | None = None,
) -> QdrantDocumentStore:
    """A QdrantDocumentStore configured with the project's schema (nothing is opened yet).

    :param url: server URL; or ``location=":memory:"`` / ``path=`` for qdrant-client local mode.
    :param shards: ``shard_number`` of the collection if it has to be created (a cluster spreads
        the shards over its nodes); None leaves the server's default. Local mode ignores it.
    :param replication: ``replication_factor`` (copies of each shard) on creation; None: default.
    """
    return QdrantDocumentStore(
        location=location,
        url=url,
        path=path,
        api_key=Secret.from_token(api_key) if api_key else None,
        index=collection,
        embedding_dim=dense_dim,
        similarity="cosine",
        use_sparse_embeddings=True,
        sparse_idf=True,
        return_embedding=False,
        progress_bar=False,
        payload_fields_to_index=[{"field_name": f, "field_schema": kind} for f, kind in PAYLOAD_INDEXES.items()],
        shard_number=shards,
        replication_factor=replication,
    )


_SCROLL_PAGE = 1024


class ServerDocumentStore:
    """The same methods as :class:`~index.store_edge.EdgeDocumentStore`, on qdrant-haystack.

    ``document_store`` is the underlying QdrantDocumentStore (a Haystack DocumentStore).
    """

    def __init__(
        self,
        collection: str,
        dense_dim: int,
        url: str | None = None,
        api_key: str | None = None,
        location: str | None = None,
        path: str | None = None,
        shards: int | None = None,
        replication: int | None = None,
    ):
        self.collection, self.dense_dim = collection, dense_dim
        self.url, self.location, self.path = url, location, path
        self.shards, self.replication = shards, replication
        self.document_store = make_qdrant_store(collection, dense_dim, url, api_key, location, path, shards, replication)
        self._opened = False

    def open(self) -> "ServerDocumentStore":
        """Connect, create the collection if needed and add missing payload indexes; idempotent.

        :raises IndexStoreError: server unreachable, local folder held by another process,
            or the collection exists with another vector size.
        """
        if self._opened:
            return self
        where = self.url or self.path or self.location
        try:
            with warnings.catch_warnings():
                # Local mode warns that payload indexes do nothing there; the server uses them.
                warnings.filterwarnings("ignore", message="Payload indexes have no effect")
                self.document_store.count_documents()
                self._ensure_payload_indexes()
        except Exception as exc:
            text = str(exc.__cause__ or exc)
            if "already accessed" in text:
                raise IndexStoreError(LOCKED_MESSAGE.format(path=where)) from exc
            raise IndexStoreError(f"Không mở được chỉ mục Qdrant tại {where}: {text}") from exc
        self._opened = True
        return self

    def _ensure_payload_indexes(self) -> None:
        client = self._client()
        present = client.get_collection(self.collection).payload_schema or {}
        for field, kind in PAYLOAD_INDEXES.items():
            if field not in present and self.location is None and self.path is None:
                client.create_payload_index(self.collection, field_name=field, field_schema=kind)

    def _client(self) -> Any:
        self.document_store._initialize_client()  # noqa: SLF001 - qdrant-haystack's lazy connect
        return self.document_store._client  # noqa: SLF001

    def close(self) -> None:
        self.document_store.close()
        self._opened = False

    def optimize(self) -> bool:
        """Nothing to do: the server runs its optimizers in the background."""
        return False

    def to_dict(self) -> dict[str, Any]:
        """Serializable settings; the API key is left out (it comes from QDRANT_API_KEY)."""
        return default_to_dict(
            self, collection=self.collection, dense_dim=self.dense_dim, url=self.url, location=self.location, path=self.path,
            shards=self.shards, replication=self.replication,
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ServerDocumentStore":
        return default_from_dict(cls, data)

    # -- DocumentStore methods -------------------------------------------------------------

    def count_documents(self) -> int:
        return self.open().document_store.count_documents()

    def count_by_filter(self, filters: dict[str, Any] | None) -> int:
        normalized = normalize_filters(filters)
        if normalized is None:
            return self.count_documents()
        return self.open().document_store.count_documents_by_filter(normalized)

    def filter_documents(self, filters: dict[str, Any] | None = None, with_vectors: bool = True) -> list[Document]:
        if with_vectors:
            return self.open().document_store.filter_documents(normalize_filters(filters))
        self.open()
        documents: list[Document] = []
        offset = None
        while True:
            points, offset = self._client().scroll(
                collection_name=self.collection,
                scroll_filter=convert_filters_to_qdrant(normalize_filters(filters)),
                limit=_SCROLL_PAGE,
                offset=offset,
                with_payload=True,
                with_vectors=False,
            )
            documents.extend(convert_qdrant_point_to_haystack_document(p, use_sparse_embeddings=True) for p in points)
            if offset is None:
                return documents

    def write_documents(self, documents: list[Document], policy: DuplicatePolicy = DuplicatePolicy.NONE) -> int:
        for doc in documents:
            if isinstance(doc, Document) and doc.embedding is not None and len(doc.embedding) != self.dense_dim:
                raise ValueError(f"Document {doc.id}: embedding has {len(doc.embedding)} dims, expected {self.dense_dim}.")
        if not documents:
            return 0
        unique = list({doc.id: doc for doc in documents}.values())
        return self.open().document_store.write_documents(unique, policy=policy)

    def delete_documents(self, document_ids: list[str]) -> None:
        if document_ids:
            self.open().document_store.delete_documents(document_ids)

    def delete_by_filter(self, filters: dict[str, Any]) -> int:
        normalized = normalize_filters(filters)
        if normalized is None:
            raise FilterError("delete_by_filter needs a non-empty filter.")
        return self.open().document_store.delete_by_filter(normalized)

    # -- retrieval -------------------------------------------------------------------------

    def query_dense(self, dense: list[float], filters: dict[str, Any] | None = None, top_k: int = 10) -> list[Document]:
        return self._query(query=list(dense), using=DENSE_VECTOR, filters=filters, limit=top_k)

    def query_sparse(
        self, sparse: SparseEmbedding, filters: dict[str, Any] | None = None, top_k: int = 10
    ) -> list[Document]:
        return self._query(query=_rest_sparse(sparse), using=SPARSE_VECTOR, filters=filters, limit=top_k)

    def query_hybrid(
        self,
        dense: list[float] | None,
        sparse: SparseEmbedding | None,
        filters: dict[str, Any] | None = None,
        top_k: int = 10,
        fusion: str = "rrf",
        prefetch_k: int | None = None,
    ) -> list[Document]:
        """Dense and sparse candidates (``prefetch_k`` each) fused by RRF or DBSF, as on edge."""
        has_sparse = sparse is not None and len(sparse.indices) > 0
        if dense is None and not has_sparse:
            return []
        if not has_sparse:
            return self.query_dense(dense, filters, top_k)  # type: ignore[arg-type]
        if dense is None:
            return self.query_sparse(sparse, filters, top_k)  # type: ignore[arg-type]
        limit = max(prefetch_k or 0, top_k)
        qdrant_filter = convert_filters_to_qdrant(normalize_filters(filters))
        prefetch = [
            rest.Prefetch(query=_rest_sparse(sparse), using=SPARSE_VECTOR, filter=qdrant_filter, limit=limit),  # type: ignore[arg-type]
            rest.Prefetch(query=list(dense), using=DENSE_VECTOR, filter=qdrant_filter, limit=limit),
        ]
        method = rest.Fusion.RRF if check_fusion(fusion) == "rrf" else rest.Fusion.DBSF
        return self._query(query=rest.FusionQuery(fusion=method), prefetch=prefetch, limit=top_k)

    def _query(self, filters: dict[str, Any] | None = None, **kwargs: Any) -> list[Document]:
        self.open()
        response = self._client().query_points(
            collection_name=self.collection,
            query_filter=convert_filters_to_qdrant(normalize_filters(filters)),
            with_payload=True,
            **kwargs,
        )
        return [convert_qdrant_point_to_haystack_document(p, use_sparse_embeddings=True) for p in response.points]


def _rest_sparse(sparse: SparseEmbedding) -> rest.SparseVector:
    return rest.SparseVector(indices=list(sparse.indices), values=[float(v) for v in sparse.values])
