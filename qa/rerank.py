"""Optional rerank stage: a cross-encoder reads question and passage together.

Hybrid retrieval scores the question and each passage separately; a cross-encoder sees
both at once and can tell "the passage that answers" from "a passage on the same topic".
It costs one transformer pass per passage, so it is off by default
(``settings.qa.rerank_model`` is None) and meant for the top 10–20 passages only.

The model is read from this machine only (a local path or a model id already in the
Hugging Face cache): the app never downloads at run time, and a missing model is a
configuration error with a Vietnamese message, not a network wait.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from haystack import component

from common.errors import ConfigError
from qa.types import Passage


def _looks_like_path(model: str) -> bool:
    return model.startswith((".", "/", "~")) or "\\" in model or Path(model).expanduser().exists()


def rerank_order(scores: list[float]) -> list[int]:
    """Indices by decreasing score; equal scores keep the retrieval order (a stable sort)."""
    return sorted(range(len(scores)), key=lambda i: -scores[i])


def reorder(passages: list[Passage], scores: list[float], top_k: int | None = None) -> list[Passage]:
    """The passages by cross-encoder score, ranks renumbered 1..n, ``score`` = reranker score."""
    order = rerank_order(scores)[: top_k if top_k is not None else None]
    return [replace(passages[i], rank=rank, score=float(scores[i])) for rank, i in enumerate(order, start=1)]


@component
class PassageReranker:
    """Reorders retrieved passages by a sentence-transformers ``CrossEncoder``.

    :param model: model id (already downloaded) or local folder of a cross-encoder.
    :param top_k: keep this many passages after reranking; None keeps all.
    :param batch_size: question–passage pairs scored per forward pass.
    """

    def __init__(self, model: str, top_k: int | None = None, batch_size: int = 16):
        if not model or not model.strip():
            raise ConfigError("Chưa chỉ định mô hình xếp hạng lại (rerank_model).")
        if top_k is not None and top_k < 1:
            raise ConfigError(f"top_k của bước xếp hạng lại phải ≥ 1, nhận được {top_k}.")
        if batch_size < 1:
            raise ConfigError(f"batch_size của bước xếp hạng lại phải ≥ 1, nhận được {batch_size}.")
        self.model, self.top_k, self.batch_size = model.strip(), top_k, batch_size
        self._encoder = None
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        """Load the cross-encoder on the CPU from local files (idempotent).

        :raises ConfigError: sentence-transformers not installed, or the model not on this machine.
        """
        if self._encoder is not None:
            return
        with self._lock:
            if self._encoder is not None:
                return
            local = _looks_like_path(self.model)
            if local and not Path(self.model).expanduser().is_dir():
                raise ConfigError(f"Không tìm thấy thư mục mô hình xếp hạng lại {self.model!r}.")
            try:
                from sentence_transformers import CrossEncoder
            except ImportError as exc:  # the optional "st" extra
                raise ConfigError(
                    "Bước xếp hạng lại cần gói sentence-transformers: chạy scripts/setup với tuỳ chọn st."
                ) from exc
            try:
                self._encoder = CrossEncoder(
                    str(Path(self.model).expanduser()) if local else self.model,
                    device="cpu",
                    local_files_only=True,
                )
            except (OSError, ValueError) as exc:
                raise ConfigError(
                    f"Không tải được mô hình xếp hạng lại {self.model!r} từ máy này "
                    f"(không tải xuống khi chạy): {exc}"
                ) from exc

    def scores(self, query: str, passages: list[Passage]) -> list[float]:
        """The cross-encoder's score of (query, passage text) for each passage."""
        self.warm_up()
        if not passages:
            return []
        with self._lock:  # one model shared by the web app's threads
            raw = self._encoder.predict(
                [(query, p.text) for p in passages], batch_size=self.batch_size, show_progress_bar=False
            )
        return [float(s) for s in raw]

    @component.output_types(passages=list[Passage])
    def run(self, query: str, passages: list[Passage]) -> dict[str, list[Passage]]:
        """:returns: ``passages`` reordered by cross-encoder score, ranks 1..n."""
        return {"passages": reorder(passages, self.scores(query, passages), self.top_k)}
