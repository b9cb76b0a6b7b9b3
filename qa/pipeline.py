"""The query pipeline, built in one place: query text → dense + sparse vectors → hybrid
retrieval; then section expansion over the final ranking (:func:`build_section_expander`)."""

from __future__ import annotations

from haystack import Pipeline

from common.config import Settings
from index.embedders import build_embedders
from index.retriever import HybridRetriever
from index.sparse import VietSparseTextEmbedder
from qa.expand import SectionExpander


def build_query_pipeline(settings: Settings, store) -> Pipeline:
    """``dense`` (text) and ``sparse`` (text) → ``retriever`` (filters, top_k).

    Run with ``{"dense": {"text": q_dense}, "sparse": {"text": q_sparse},
    "retriever": {"filters": f, "top_k": k}}``; ask for ``include_outputs_from={"dense",
    "sparse"}`` to reuse the query vectors (a boosted second query).
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


def build_section_expander(settings: Settings, store) -> SectionExpander:
    """The step after retrieval: each chunk → its whole numbered section (``qa.expand``).

    It runs on the final ranking (after the boost for documents the question names merges
    two rankings), outside the pipeline: a pipeline deep-copies the documents it passes
    between components, which cost more than the expansion itself.
    """
    return SectionExpander(store, max_chars=settings.qa.expand_max_chars)
