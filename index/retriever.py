"""Hybrid retrieval (dense + sparse, fused in the engine) as a Haystack component.

Dense e5 vectors find paraphrases; the sparse vector (syllables, plus their accent-folded
forms) finds exact terms such as document numbers and accent-free queries. Fusing both
rankings inside Qdrant (RRF by default) beats either alone on Vietnamese policy text and
works the same on the embedded engine and on a server, because both sit behind
:class:`~index.store.Store`.
"""

from __future__ import annotations

from typing import Any

from haystack import Document, component, default_from_dict, default_to_dict
from haystack.dataclasses import SparseEmbedding

from index.schema import check_fusion
from index.store import Store


@component
class HybridRetriever:
    """Retrieve the ``top_k`` best passages for a query's dense and sparse embeddings.

    :param store: the project's index (any backend); it opens on first query.
    :param top_k: passages returned when ``run`` does not say.
    :param fusion: ``"rrf"`` (reciprocal rank fusion) or ``"dbsf"`` (score-distribution
        fusion; ``"weighted"`` is accepted as its settings name).
    :param prefetch_k: candidates from each ranking before fusion; None = 4 × top_k, ≥ 40.
    """

    def __init__(self, store: Store, top_k: int = 10, fusion: str = "rrf", prefetch_k: int | None = None):
        if top_k <= 0:
            raise ValueError(f"top_k must be positive, got {top_k}")
        self.store = store
        self.top_k = top_k
        self.fusion = check_fusion(fusion)
        self.prefetch_k = prefetch_k

    @component.output_types(documents=list[Document])
    def run(
        self,
        query_embedding: list[float],
        query_sparse_embedding: SparseEmbedding,
        filters: dict[str, Any] | None = None,
        top_k: int | None = None,
    ) -> dict[str, list[Document]]:
        """Fused ranking of the passages matching ``filters`` (Haystack filter syntax).

        An empty sparse embedding (a query with no known term) falls back to dense only.

        :returns: ``{"documents": [...]}``, best first, each with its fused ``score``.
        """
        documents = self.store.query_hybrid(
            dense=query_embedding,
            sparse=query_sparse_embedding,
            filters=filters,
            top_k=top_k or self.top_k,
            fusion=self.fusion,
            prefetch_k=self.prefetch_k,
        )
        return {"documents": documents}

    def to_dict(self) -> dict[str, Any]:
        return default_to_dict(
            self, store=self.store.to_dict(), top_k=self.top_k, fusion=self.fusion, prefetch_k=self.prefetch_k
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "HybridRetriever":
        data["init_parameters"]["store"] = Store.from_dict(data["init_parameters"]["store"])
        return default_from_dict(cls, data)
