"""Store backends benchmark: Qdrant Edge (embedded default) vs qdrant-client local mode.

Measures, through the project's own :class:`index.store.Store` (so Document conversion is
included), on synthetic points shaped like policyqa chunks: 384-d dense vectors, sparse
vectors of ~120 distinct Zipf-distributed terms (term frequencies, IDF in the engine), and
the project's meta (doc_type, issuer, issued_date ...):

- write throughput; for local mode the first 1,000 points are written with its default
  per-point SQLite commit (what a user gets), the rest with ``synchronous=OFF`` to keep the
  run short (noted in the output);
- p50 latency of dense, sparse, hybrid RRF, dense + filter and hybrid + filter queries;
- reopen + count time;
- for Qdrant Edge up to ``--optimize-max`` points: ``optimize()`` time and latency after it.

Run: ``.venv/bin/python -m bench.store_backends [--sizes 10000 50000]``. Prints a table and
writes ``bench/results/store_backends.json``. About 4-5 minutes on 2 busy cores; local mode
runs only up to ``--local-max`` points.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from haystack import Document
from haystack.dataclasses import SparseEmbedding

from index.store import Store
from index.store_edge import EdgeDocumentStore
from index.store_server import ServerDocumentStore

DIM = 384
VOCAB = 60_000
TERMS_PER_DOC = 160  # draws per chunk; ≈ 120 distinct after repeats
DOC_TYPES = ["Nghị quyết", "Quyết định", "Công văn", "Kết luận", "Chỉ thị"]
ISSUERS = ["Bộ Chính trị", "Chính phủ", "Bộ Tài chính", "Tỉnh ủy", "Ban Bí thư", "UBND tỉnh"]
FILTER = {"operator": "AND", "conditions": [
    {"field": "meta.doc_type", "operator": "==", "value": "Nghị quyết"},
    {"field": "meta.issued_date", "operator": ">=", "value": "2010-01-01"},
]}
RESULTS = Path(__file__).resolve().parent / "results" / "store_backends.json"


def synthetic(n: int, seed: int = 0) -> tuple[list[Document], np.ndarray, list[list[int]]]:
    """``n`` chunk-like Documents, their dense matrix and their term lists (for queries)."""
    rng = np.random.default_rng(seed)
    dense = rng.standard_normal((n, DIM)).astype(np.float32)
    dense /= np.linalg.norm(dense, axis=1, keepdims=True)
    documents, terms = [], []
    for i in range(n):
        draws = np.minimum(rng.zipf(1.15, TERMS_PER_DOC), VOCAB) - 1
        ids, counts = np.unique(draws, return_counts=True)
        terms.append(ids.tolist())
        year = 1995 + int(rng.integers(0, 30))
        meta = {
            "doc_id": f"doc-{i // 20}", "doc_number": f"{i // 20}/NQ-TW", "number_key": f"{i // 20}-nq-tw",
            "doc_type": DOC_TYPES[(i // 20) % len(DOC_TYPES)], "issuer": ISSUERS[(i // 20) % len(ISSUERS)],
            "issued_date": f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}", "source_path": f"corpus/doc-{i // 20}.txt",
            "content_hash": f"{i // 20:064x}", "status": "original", "kind": "body", "section": str(i % 20),
            "section_path": ["I", str(i % 20)], "section_title": "Nhiệm vụ và giải pháp", "chunk_id": f"c{i}",
            "citation_label": f"Điều {i % 20}", "context": "", "ordinal": i % 20, "cites": [],
        }
        content = "Tăng cường công tác bảo vệ môi trường trong thời kỳ công nghiệp hóa. " * 8
        documents.append(Document(
            id=f"c{i}", content=content, meta=meta, embedding=dense[i].tolist(),
            sparse_embedding=SparseEmbedding(indices=ids.tolist(), values=counts.astype(float).tolist()),
        ))
    return documents, dense, terms


def queries(dense: np.ndarray, terms: list[list[int]], count: int, seed: int = 1):
    """Dense query = a stored vector plus noise; sparse query = 6 of that chunk's terms."""
    rng = np.random.default_rng(seed)
    out = []
    for i in rng.integers(0, len(terms), count):
        q = dense[i] + 0.5 * rng.standard_normal(DIM).astype(np.float32) / np.sqrt(DIM)
        picked = sorted(rng.choice(terms[i], size=min(6, len(terms[i])), replace=False).tolist())
        out.append(((q / np.linalg.norm(q)).tolist(), SparseEmbedding(indices=picked, values=[1.0] * len(picked))))
    return out


def p50_ms(fn, qs) -> float:
    fn(*qs[0])  # warm caches once
    times = []
    for q in qs:
        start = time.perf_counter()
        fn(*q)
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 3)


def make_backend(kind: str, folder: Path):
    if kind == "edge":
        return EdgeDocumentStore(str(folder / "edge"), DIM)
    return ServerDocumentStore("bench", DIM, path=str(folder / "local"))


def write_all(kind: str, store: Store, documents: list[Document]) -> dict:
    """Write in batches of 256; returns points/s (and the default-mode rate for local mode)."""
    result: dict = {}
    start_index = 0
    if kind == "local":
        head = documents[:1000]
        start = time.perf_counter()
        store.write(head)
        result["write_default_pts_per_s"] = round(len(head) / (time.perf_counter() - start), 1)
        sqlite = store.backend.document_store._client._client.collections["bench"].storage.storage  # noqa: SLF001
        sqlite.execute("PRAGMA synchronous=OFF")
        start_index = len(head)
    start = time.perf_counter()
    for b in range(start_index, len(documents), 256):
        store.write(documents[b : b + 256])
    if kind == "edge":
        store.backend._open().flush()  # noqa: SLF001 - count the flush in the write time
    rate = (len(documents) - start_index) / (time.perf_counter() - start)
    result["write_pts_per_s" if kind == "edge" else "write_bulk_sync_off_pts_per_s"] = round(rate, 1)
    return result


def run_backend(kind: str, n: int, documents, qs, optimize: bool = False) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"bench-{kind}-"))
    try:
        store = Store(make_backend("edge" if kind == "edge" else "server", folder)).open()
        row = {"backend": kind, "points": n, **write_all(kind, store, documents)}
        row["dense_ms"] = p50_ms(lambda d, s: store.query_dense(d, top_k=10), qs)
        row["sparse_ms"] = p50_ms(lambda d, s: store.query_sparse(s, top_k=10), qs)
        row["hybrid_rrf_ms"] = p50_ms(lambda d, s: store.query_hybrid(d, s, top_k=10), qs)
        row["dense_filter_ms"] = p50_ms(lambda d, s: store.query_dense(d, FILTER, top_k=10), qs)
        row["hybrid_filter_ms"] = p50_ms(lambda d, s: store.query_hybrid(d, s, FILTER, top_k=10), qs)
        if kind == "edge" and optimize:
            start = time.perf_counter()
            store.optimize()
            row["optimize_s"] = round(time.perf_counter() - start, 2)
            row["optimized_dense_ms"] = p50_ms(lambda d, s: store.query_dense(d, top_k=10), qs)
            row["optimized_hybrid_rrf_ms"] = p50_ms(lambda d, s: store.query_hybrid(d, s, top_k=10), qs)
        store.close()
        start = time.perf_counter()
        reopened = Store(make_backend("edge" if kind == "edge" else "server", folder)).open()
        assert reopened.count() == n
        row["reopen_count_s"] = round(time.perf_counter() - start, 3)
        reopened.close()
        return row
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument(
        "--local-max", type=int, default=10_000,
        help="Largest size run on local mode (it writes ≈ 150-300 points/s, so 50k takes many minutes).",
    )
    parser.add_argument(
        "--optimize-max", type=int, default=10_000,
        help="Largest size at which Qdrant Edge's optimize (HNSW build, ≈ 10 s per 10k) is timed.",
    )
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        documents, dense, terms = synthetic(n)
        for kind in ("edge", "local") if n <= args.local_max else ("edge",):
            # Local mode is brute force in Python: fewer queries keep the run short.
            count = 50 if kind == "edge" else 12
            optimize = n <= args.optimize_max
            rows.append(run_backend(kind, n, documents, queries(dense, terms, count), optimize))
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    cols = ["backend", "points", "dense_ms", "sparse_ms", "hybrid_rrf_ms", "dense_filter_ms", "hybrid_filter_ms",
            "reopen_count_s"]
    print("\n" + " | ".join(cols) + " | write pts/s | optimize s → dense / hybrid ms")
    for r in rows:
        write = r.get("write_pts_per_s") or f"{r['write_default_pts_per_s']} (bulk {r['write_bulk_sync_off_pts_per_s']})"
        opt = f"{r['optimize_s']} → {r['optimized_dense_ms']} / {r['optimized_hybrid_rrf_ms']}" if "optimize_s" in r else "-"
        print(" | ".join(str(r[c]) for c in cols) + f" | {write} | {opt}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"dim": DIM, "rows": rows}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
