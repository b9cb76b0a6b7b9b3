"""The indexing pipeline, built in one place: chunk Documents → sparse → dense → store."""

from __future__ import annotations

from haystack import Document, Pipeline, component

from common.config import Settings
from index.embedders import build_embedders
from index.sparse import VietSparseDocumentEmbedder


@component
class StoreWriter:
    """Upserts Documents (same id → replaced, never duplicated) into the project's store."""

    def __init__(self, store):
        self.store = store

    @component.output_types(documents_written=int)
    def run(self, documents: list[Document]) -> dict:
        written = self.store.write(documents) if documents else 0
        return {"documents_written": written}


def embed_cache_path(settings: Settings) -> str | None:
    return str(settings.home / "embed-cache.sqlite") if settings.index.embed_cache else None


def build_index_pipeline(settings: Settings, store, *, progress_bar: bool = True) -> Pipeline:
    """``sparse`` → ``dense`` → ``writer``; run with ``{"sparse": {"documents": docs}}``.

    ``dense`` embeds in a child process when ``index.embed_in_child`` is set: whoever builds the
    pipeline calls its ``close()`` when done (:meth:`index.service.Library.close`)."""
    s = settings.index
    doc_embedder, _ = build_embedders(
        s.embedder, s.model, s.query_prefix, s.passage_prefix, s.batch_size, embed_cache_path(settings), progress_bar,
        models_dir=s.models_dir, in_child=s.embed_in_child, child_nice=s.embed_child_nice,
    )
    pipeline = Pipeline()
    pipeline.add_component("sparse", VietSparseDocumentEmbedder())
    pipeline.add_component("dense", doc_embedder)
    pipeline.add_component("writer", StoreWriter(store))
    pipeline.connect("sparse.documents", "dense.documents")
    pipeline.connect("dense.documents", "writer.documents")
    return pipeline
