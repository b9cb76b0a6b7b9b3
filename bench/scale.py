"""Search at 10k and 100k chunks on the embedded engine: the reference index, scaled by copies.

The chunks of an index built with ``policyqa ingest`` (``--home``, e.g. the full corpus:
3,087 chunks) are read with their dense and sparse vectors and written again, as labelled
synthetic copies (distinct ids, ``doc_id`` and ``source_path`` suffixed ``#copyN``, payload
``synthetic: true``), into a fresh embedded store (qdrant-edge) until it holds the target
size; the vectors are reused, nothing is embedded. Each size runs in its own process, so
its peak memory is its own. Measured per size: write time, optimize (HNSW build) time, size
on disk, peak RSS, and the warm latency of the store's hybrid query (DBSF fusion, top 20,
as ``ask`` fetches) for the development questions' real query vectors, p50 and p95.

This measures the store's part of ``search``/``ask`` at scale (the rest — query embedding,
restoration, answer composition — does not depend on the index size). It does not build a
100k-chunk ``policyqa`` home (state database, texts), so ``serve`` start-up and unchanged
re-ingest at 100k are not measured here.

    .venv/bin/python bench/scale.py --home /tmp/pq --sizes 10000 100000
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

RESULTS = REPO / "bench" / "results" / "scale.json"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def query_vectors(home: Path) -> list[tuple]:
    """(dense, sparse) of every development question, as the query pipeline makes them."""
    from common.config import load_settings
    from index.embedders import build_embedders
    from index.sparse import VietSparseTextEmbedder
    from qa.evaluate import load_questions

    s = load_settings(home=home).index
    _, text_embedder = build_embedders(s.embedder, s.model, s.query_prefix, s.passage_prefix, s.batch_size,
                                       models_dir=s.models_dir)
    text_embedder.warm_up()
    sparse = VietSparseTextEmbedder()
    out = []
    for item in load_questions(REPO / "bench" / "eval" / "dev.jsonl"):
        out.append((text_embedder.run(text=item["question"])["embedding"],
                    sparse.run(text=item["question"])["sparse_embedding"]))
    return out


def one_size(home: Path, size: int) -> dict:
    """Build a store of ``size`` chunks in a temp folder and measure it (run in a subprocess)."""
    from haystack import Document

    from index.store import open_store
    from index.store_edge import EdgeDocumentStore

    source = open_store(home, None, None, "policyqa", 384)
    chunks = source.filter(with_vectors=True)
    source.close()
    queries = query_vectors(home)
    with tempfile.TemporaryDirectory() as tmp:
        store = EdgeDocumentStore(str(Path(tmp) / "edge"), len(chunks[0].embedding)).open()
        t0 = time.perf_counter()
        written, copy = 0, 0
        while written < size:
            batch = []
            for chunk in chunks:
                if written + len(batch) >= size:
                    break
                meta = dict(chunk.meta)
                if copy:
                    meta.update(doc_id=f"{meta.get('doc_id')}#copy{copy}", source_path=f"{meta.get('source_path')}#copy{copy}",
                                synthetic=True)
                batch.append(Document(id=f"{chunk.id}#copy{copy}" if copy else chunk.id, content=chunk.content, meta=meta,
                                      embedding=chunk.embedding, sparse_embedding=chunk.sparse_embedding))
            for i in range(0, len(batch), 1000):
                store.write_documents(batch[i:i + 1000])
            written += len(batch)
            copy += 1
        write_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        store.optimize()
        optimize_s = time.perf_counter() - t0
        count = store.count_documents()
        for dense, sparse in queries[:10]:  # warm-up
            store.query_hybrid(dense, sparse, top_k=20, fusion="dbsf")
        latencies = []
        for dense, sparse in queries:
            t0 = time.perf_counter()
            store.query_hybrid(dense, sparse, top_k=20, fusion="dbsf")
            latencies.append((time.perf_counter() - t0) * 1000)
        store.close()
        disk = sum(f.stat().st_size for f in Path(tmp).rglob("*") if f.is_file())
    return {"size": size, "points": count, "write_s": round(write_s, 1), "optimize_s": round(optimize_s, 1),
            "disk_mb": round(disk / 1e6, 1), "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3),
            "hybrid_query_ms_p50": round(statistics.median(latencies), 2),
            "hybrid_query_ms_p95": round(_percentile(latencies, 0.95), 2), "queries": len(latencies)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--home", type=Path, required=True)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size, print JSON
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(one_size(args.home, args.one)))
        return 0
    from bench.stock_haystack import machine

    rows = []
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--home", str(args.home), "--one", str(size)],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]))
    RESULTS.write_text(json.dumps({"machine": machine(), "home": str(args.home), "rows": rows}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
