"""Many users at once on the running web app, through its HTTP API, while an admin re-indexes.

Ten simulated users alternate questions and searches on loopback; meanwhile the admin's
"Cập nhật chỉ mục" re-indexes a changed document through the same API. Reports latency
p50/p95, throughput, failed requests, and the CPU the server and the users each spent; per round
also how long the admin's re-index took and the CPU its embedding child has
used so far (``index.embed_in_child``: that CPU is not the server's).

The users (:func:`drive`) are coroutines of one process of their own, on Gradio's plain HTTP
API (``POST /gradio_api/call/<name>``, then the event stream of its result): the machine
has two cores, and ten ``gradio_client`` clients in threads of the server's own process (the
generator before, ``--client gradio``) took ≈ 60 ms of CPU a request and the server's
interpreter lock with it; this generator takes ≈ 4 ms a request.

    .venv/bin/python bench/load_app.py --limit 4     # the queue setting before issue 15
    .venv/bin/python bench/load_app.py --limit 10    # ui.concurrency_limit now

The index is the two mission documents (built once under /tmp/policyqa-load unless --home);
with ``--full SOURCE_HOME`` it is the whole corpus: a copy of a home built with ``policyqa
ingest`` (its files copied beside it, ``bench/scale_home.py``; nothing is embedded), and the
questions and searches are the development questions (``bench/eval/dev.jsonl``). ``--inprocess``
adds the same load on the facade itself and on the stock Haystack hybrid pipeline
(``bench/stock_haystack.build_hybrid`` over the same chunks and vectors), ten threads in one
process: the stock pipeline has no web app, so that is where the two compare.

    .venv/bin/python bench/load_app.py --full /tmp/pq-scale-src --source-corpus corpus --inprocess \
        --out bench/results/load_app.json

The test tests/ui/test_load.py runs :func:`load` on the test app.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

QUESTIONS = ["Chỉ tiêu tỷ lệ che phủ rừng đến năm 2020 là bao nhiêu?", "chi tieu ty le che phu rung den nam 2020",
             "Trách nhiệm của người đứng đầu cấp ủy trong bảo vệ môi trường là gì?",
             "Tỷ lệ dân số đô thị sử dụng nước hợp vệ sinh là bao nhiêu?"]
SEARCHES = ["che phu rung", "trách nhiệm người đứng đầu", "nước sạch đô thị"]


def _client(url: str, auth=None):
    """A ``gradio_client.Client`` (the old load generator, ``--client gradio``)."""
    from gradio_client import Client

    return Client(url, auth=auth, verbose=False, analytics_enabled=False, download_files=False)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


# --- the load generator: Gradio's plain HTTP API, ten users as coroutines of one process ------


def _sse_result(lines) -> list:
    """The outputs of one call from its event stream (``event: complete``), or raise."""
    event = None
    for line in lines:
        if line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:") and event in ("complete", "error"):
            data = json.loads(line[5:].strip() or "null")
            if event == "error":
                raise RuntimeError(f"the app answered with an error: {data}")
            return data
    raise RuntimeError("the event stream ended without a result")


def call(url: str, api_name: str, timeout: float = 600, **params) -> list:
    """One call of the app's named endpoint through Gradio's HTTP API (``/gradio_api/call/v2``):
    what a script needs — two plain HTTP requests, no client library, no API description."""
    import httpx

    base = f"{url.rstrip('/')}/gradio_api/call/v2/{api_name}"
    with httpx.Client(timeout=timeout) as http:
        posted = http.post(base, json=params)
        posted.raise_for_status()
        with http.stream("GET", f"{base}/{posted.json()['event_id']}") as stream:
            return _sse_result(stream.iter_lines())


def _parameters(url: str) -> dict[str, list[tuple[str, object]]]:
    """Each named endpoint's parameters in order, with their defaults (``/gradio_api/info``)."""
    import httpx

    info = httpx.get(f"{url.rstrip('/')}/gradio_api/info", timeout=60).json()["named_endpoints"]
    return {name.lstrip("/"): [(p["parameter_name"], p.get("parameter_default")) for p in spec["parameters"]]
            for name, spec in info.items()}


async def _acall(http, url: str, parameters: dict, session: str, api_name: str, **params) -> list:
    """One call as a page's user makes it: in the user's own session (Gradio keeps a state per
    session; the browser and gradio_client keep one for all their calls)."""
    base = f"{url.rstrip('/')}/gradio_api/call/{api_name}"
    data = [params.get(name, default) for name, default in parameters[api_name]]
    posted = await http.post(base, json={"data": data, "session_hash": session})
    posted.raise_for_status()
    async with http.stream("GET", f"{base}/{posted.json()['event_id']}") as stream:
        return _sse_result([line async for line in stream.aiter_lines()])


def drive(url: str, users: int = 10, requests: int = 8, questions=None, searches=None) -> dict:
    """``users`` users in one process (asyncio coroutines over one connection pool), ``requests``
    each, questions and searches in turn, each user in a session of its own and sending its
    next request when the last is answered. Light on purpose: the figure is the server's, not the load generator's (ten
    ``gradio_client`` clients in threads took ≈ 60 ms of CPU a request on the same two cores)."""
    import asyncio

    import httpx

    import uuid

    questions, searches = questions or QUESTIONS, searches or SEARCHES
    latencies: list[float] = []
    errors: list[str] = []
    answers: list[str] = []
    parameters = _parameters(url)

    async def user(http, n: int) -> None:
        session = uuid.uuid4().hex
        for i in range(requests):
            start = time.perf_counter()
            try:
                if i % 2:
                    await _acall(http, url, parameters, session, "search",
                                 query=searches[(n * requests + i) % len(searches)])
                else:
                    history, _sources, _ = await _acall(http, url, parameters, session, "ask",
                                                        question=questions[(n * requests + i) % len(questions)])
                    answers.append(_text(history[-1]["content"]))
                latencies.append(time.perf_counter() - start)
            except Exception as exc:  # noqa: BLE001 - a failed request is what is counted
                errors.append(f"{type(exc).__name__}: {exc}"[:200])

    async def main() -> float:
        limits = httpx.Limits(max_connections=2 * users + 2, max_keepalive_connections=2 * users + 2)
        async with httpx.AsyncClient(timeout=600, limits=limits) as http:
            start = time.perf_counter()
            await asyncio.gather(*(user(http, n) for n in range(users)))
            return time.perf_counter() - start

    cpu = time.process_time()
    wall = asyncio.run(main())
    return {**_figures(users, latencies, errors, wall), "answers": answers,
            "client_cpu_s": round(time.process_time() - cpu, 2)}


def _text(content) -> str:
    """A chat message's text (Gradio 6 sends a list of blocks)."""
    if isinstance(content, list):
        return "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    return str(content)


def _figures(users: int, latencies: list[float], errors: list[str], wall: float) -> dict:
    return {
        "users": users, "requests": len(latencies) + len(errors), "failed": len(errors), "errors": errors[:5],
        "p50_s": round(statistics.median(latencies), 3) if latencies else None,
        "p95_s": round(percentile(latencies, 0.95), 3) if latencies else None,
        "max_s": round(max(latencies), 3) if latencies else None,
        "per_second": round(len(latencies) / wall, 2),
    }


def load(url: str, users: int = 10, requests: int = 8, auth=None, admin=None, questions=None, searches=None,
         client: str = "http") -> dict:
    """Ten users on the app at ``url``; with ``admin`` (a callable), it runs once meanwhile in
    a thread of this process. Latencies in seconds; ``server_cpu_s`` is this process's CPU
    over the run (the server when it runs here, and the admin's thread).

    :param client: "http" — the users are :func:`drive` in a process of their own (Gradio's
        plain HTTP API), so their CPU and interpreter lock are not the server's; "gradio" —
        ten ``gradio_client`` clients in threads of this process (the generator before).
    """
    errors: list[str] = []
    result: dict = {}

    def admin_run() -> None:
        try:
            admin()
        except Exception as exc:  # noqa: BLE001 - the admin's failure is a failed request too
            errors.append(f"admin: {type(exc).__name__}: {exc}"[:200])

    def users_run() -> None:
        if client == "gradio":
            result.update(_gradio_clients(url, users, requests, auth, questions, searches))
            return
        result.update(_drive_in_child(url, users, requests, questions, searches))

    threads = [threading.Thread(target=users_run)] + ([threading.Thread(target=admin_run)] if admin else [])
    cpu = time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result["server_cpu_s"] = round(time.process_time() - cpu, 2)
    result["requests"] += len(errors)
    result["failed"] += len(errors)
    result["errors"] = (errors + result["errors"])[:5]
    return result


def _drive_in_child(url: str, users: int, requests: int, questions, searches) -> dict:
    """:func:`drive` in a new Python process; its figures back as JSON."""
    import subprocess

    spec = json.dumps({"url": url, "users": users, "requests": requests, "questions": questions,
                       "searches": searches})
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--drive"], input=spec, text=True,
                          capture_output=True, check=True, cwd=REPO)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _gradio_clients(url: str, users: int, requests: int, auth, questions, searches) -> dict:
    """The generator before: ``users`` threads of this process, each its own ``gradio_client``."""
    questions, searches = questions or QUESTIONS, searches or SEARCHES
    latencies: list[float] = []
    errors: list[str] = []
    answers: list[str] = []
    lock = threading.Lock()

    def user(n: int) -> None:
        client = _client(url, auth)
        for i in range(requests):
            start = time.perf_counter()
            try:
                if i % 2:
                    client.predict(searches[(n * requests + i) % len(searches)], api_name="/search")
                else:
                    history, _sources, _ = client.predict(questions[(n * requests + i) % len(questions)], [],
                                                          api_name="/ask")
                    with lock:
                        answers.append(_text(history[-1]["content"]))
                with lock:
                    latencies.append(time.perf_counter() - start)
            except Exception as exc:  # noqa: BLE001 - a failed request is what is counted
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}"[:200])

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    cpu, start = time.process_time(), time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    return {**_figures(users, latencies, errors, wall), "answers": answers,
            "client_cpu_s": None}  # in this process: counted in server_cpu_s


def threaded(run_one, items: list[str], users: int = 10, requests: int = 8) -> dict:
    """The same load without HTTP: ``users`` threads calling ``run_one`` in one process."""
    latencies, errors, lock = [], [], threading.Lock()

    def user(n: int) -> None:
        for i in range(requests):
            start = time.perf_counter()
            try:
                run_one(items[(n * requests + i) % len(items)], i)
                with lock:
                    latencies.append(time.perf_counter() - start)
            except Exception as exc:  # noqa: BLE001 - counted
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}"[:200])

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    return {"users": users, "requests": len(latencies) + len(errors), "failed": len(errors), "errors": errors[:5],
            "p50_s": round(statistics.median(latencies), 3) if latencies else None,
            "p95_s": round(percentile(latencies, 0.95), 3) if latencies else None,
            "per_second": round(len(latencies) / wall, 2)}


def embed_child_cpu() -> float | None:
    """CPU seconds the embedding child of this process (index/embed_child.py) has used so far, or None
    when none runs (passages embedded in this process): the server's CPU figure does not hold it."""
    total = None
    for entry in Path("/proc").iterdir():
        try:
            if not entry.name.isdigit() or b"index.embed_child" not in (entry / "cmdline").read_bytes():
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():
            total = (total or 0.0) + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return None if total is None else round(total, 2)


def _stock(qa):
    """The stock Haystack hybrid pipeline over the chunks and vectors of ``qa``'s index."""
    from haystack import Document
    from haystack.document_stores.in_memory import InMemoryDocumentStore

    from bench.stock_haystack import build_hybrid

    memory = InMemoryDocumentStore(index=f"load-stock-{time.time_ns()}")
    memory.write_documents([Document(id=c.id, content=c.content, meta={"source_path": c.meta.get("source_path")},
                                     embedding=c.embedding) for c in qa.library.store.filter(with_vectors=True)])
    pipe = build_hybrid(memory)
    pipe.warm_up()
    return lambda q, _i: pipe.run({"text_embedder": {"text": q}, "bm25": {"query": q}})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="ui.concurrency_limit (default: the setting)")
    parser.add_argument("--home", default=None, help="default /tmp/policyqa-load, with --full /tmp/policyqa-load-full")
    parser.add_argument("--port", type=int, default=7991)
    parser.add_argument("--full", type=Path, help="a home of the whole corpus built with policyqa ingest (only read)")
    parser.add_argument("--source-corpus", type=Path, default=REPO / "corpus", help="the folder --full was built from")
    parser.add_argument("--inprocess", action="store_true", help="also: the facade and the stock pipeline, 10 threads")
    parser.add_argument("--requests", type=int, default=8, help="requests per user")
    parser.add_argument("--out", type=Path, help="write the figures here (JSON)")
    parser.add_argument("--client", choices=["http", "gradio"], default="http",
                        help="http: the users are coroutines of a process of their own on Gradio's plain HTTP API "
                        "(default); gradio: ten gradio_client clients in threads of the server's process (before)")
    parser.add_argument("--no-admin", action="store_true", help="the users only, nobody re-indexes meanwhile")
    parser.add_argument("--rounds", type=int, default=1, help="run the load this many times on the same server")
    parser.add_argument("--drive", action="store_true", help=argparse.SUPPRESS)  # the load generator's process
    args = parser.parse_args()
    if args.drive:
        spec = json.loads(sys.stdin.read())
        print(json.dumps(drive(spec["url"], spec["users"], spec["requests"], spec["questions"], spec["searches"]),
                         ensure_ascii=False))
        return 0


    from common.config import load_settings
    from qa.facade import PolicyQA
    from ui.app import build_app, launch_options
    from ui.auth import Access
    from ui.server import run, server_app

    home = Path(args.home or ("/tmp/policyqa-load-full" if args.full else "/tmp/policyqa-load"))
    corpus = home / "corpus"
    questions, searches = QUESTIONS, SEARCHES
    if args.full:
        from bench.scale_home import build_home
        from qa.evaluate import load_questions

        if not corpus.exists():
            build_home(args.full, args.source_corpus, home, None)  # index and files side by side, as ingest makes
        settings = load_settings(home=home, corpus_dir=corpus)
        questions = [q["question"] for q in load_questions(REPO / "bench" / "eval" / "dev.jsonl")]
        searches = questions[1::2]
    else:
        if not corpus.exists():
            shutil.copytree(REPO / "corpus" / "moi-truong", corpus / "moi-truong")
            shutil.copy(REPO / "corpus" / "manifest.json", corpus / "manifest.json")
        settings = load_settings("test", home=home / "index", corpus_dir=corpus)
    if args.limit:
        settings = settings.model_copy(update={"ui": settings.ui.model_copy(update={"concurrency_limit": args.limit})})
    qa = PolicyQA(settings)
    qa.ingest([corpus])
    app, _ = server_app(build_app(qa, reindex_paths=[corpus]), Access(None), settings.ui, launch_options())
    server = run(app, "127.0.0.1", args.port, block=False)
    note = corpus / "moi-truong" / "ghi-chu-tai-lieu.txt"

    admin_seconds: list[float] = []

    def admin() -> None:
        note.write_text(f"Ghi chú cập nhật lúc {time.time():.0f}: tài liệu tham khảo về bảo vệ môi trường.\n",
                        encoding="utf-8")
        start = time.perf_counter()
        call(server.url, "reindex", rebuild=False)
        admin_seconds.append(round(time.perf_counter() - start, 2))

    figures: dict = {"concurrency_limit": settings.ui.concurrency_limit, "client": args.client,
                     "admin_reindexes": not args.no_admin,
                     "index": "full corpus" if args.full else "two mission documents",
                     "chunks": sum(len(f.chunk_ids) for f in qa.library.state.files())}
    try:
        # What the app's first page starts (ui.handlers.AppContext.warm_up, in the background):
        # these users call the API and open no page. Done before they come, as a reader's page
        # opens before the first question.
        from ui.handlers import warm_up_app

        cpu, start = time.process_time(), time.perf_counter()
        warm_up_app(qa)
        figures["warm_up"] = {"s": round(time.perf_counter() - start, 2), "cpu_s": round(time.process_time() - cpu, 2)}
        call(server.url, "ask", question=questions[0])  # warm
        runs = []
        for _ in range(args.rounds):
            loadavg_start = [round(x, 2) for x in os.getloadavg()]
            result = load(server.url, admin=None if args.no_admin else admin, requests=args.requests,
                          questions=questions, searches=searches, client=args.client)
            result.pop("answers")
            runs.append({**result, "loadavg_start": loadavg_start, "loadavg_end": [round(x, 2) for x in os.getloadavg()],
                         "admin_reindex_s": admin_seconds.pop() if admin_seconds else None,
                         "embed_child_cpu_s": embed_child_cpu()})
        figures["app_http"] = runs[0] if len(runs) == 1 else runs
    finally:
        server.close()
    if args.inprocess:
        mixed = [q for pair in zip(questions, questions[1:]) for q in pair]

        def ours(q: str, i: int) -> None:
            (qa.search if i % 2 else qa.ask)(q)

        figures["loadavg_inprocess"] = [round(x, 2) for x in os.getloadavg()]
        figures["facade_threads"] = threaded(ours, mixed, requests=args.requests)
        figures["stock_threads"] = threaded(_stock(qa), mixed, requests=args.requests)
        figures["loadavg_end_inprocess"] = [round(x, 2) for x in os.getloadavg()]
    qa.close()
    print(json.dumps(figures, ensure_ascii=False))
    if args.out:
        from bench.stock_haystack import machine

        args.out.write_text(json.dumps({"bench": "load_app", "how": " ".join(sys.argv[1:]), "machine": machine(),
                                        "date": time.strftime("%Y-%m-%d"), **figures}, ensure_ascii=False, indent=1)
                            + "\n")
    return 0 if all(r["failed"] == 0 for r in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
