"""The query pipeline, built in one place: query text → dense + sparse vectors → hybrid retrieval."""

from __future__ import annotations

from haystack import Pipeline

from common.config import Settings
from index.embedders import build_embedders
from index.retriever import HybridRetriever
from index.sparse import VietSparseTextEmbedder


def build_query_pipeline(settings: Settings, store) -> Pipeline:
    """``dense`` (text) and ``sparse`` (text) → ``retriever`` (filters, top_k).

    Run with ``{"dense": {"text": q_dense}, "sparse": {"text": q_sparse},
    "retriever": {"filters": f, "top_k": k}}``; ask for ``include_outputs_from={"dense",
    "sparse"}`` to reuse the query vectors (a boosted second query, sentence scoring).
    """
    s = settings.index
    _, text_embedder = build_embedders(s.embedder, s.model, s.query_prefix, s.passage_prefix, s.batch_size)
    fusion = "dbsf" if settings.qa.fusion == "weighted" else settings.qa.fusion
    pipeline = Pipeline()
    pipeline.add_component("dense", text_embedder)
    pipeline.add_component("sparse", VietSparseTextEmbedder())
    pipeline.add_component("retriever", HybridRetriever(store, top_k=settings.qa.top_k, fusion=fusion))
    pipeline.connect("dense.embedding", "retriever.query_embedding")
    pipeline.connect("sparse.sparse_embedding", "retriever.query_sparse_embedding")
    return pipeline
