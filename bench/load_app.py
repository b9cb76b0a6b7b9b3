"""Many users at once on the running web app, through its HTTP API, while an admin re-indexes.

Ten simulated users (threads, each with its own ``gradio_client.Client``) alternate questions
and searches on loopback; meanwhile the admin's "Cập nhật chỉ mục" re-indexes a changed
document through the same API. Reports latency p50/p95, throughput and failed requests.

    .venv/bin/python bench/load_app.py --limit 4     # the queue setting before issue 15
    .venv/bin/python bench/load_app.py --limit 10    # ui.concurrency_limit now

The index is the two mission documents (built once under /tmp/policyqa-load unless --home).
The test tests/ui/test_load.py runs :func:`load` on the test app.
"""

from __future__ import annotations

import argparse
import json
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
    from gradio_client import Client

    return Client(url, auth=auth, verbose=False, analytics_enabled=False, download_files=False)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def load(url: str, users: int = 10, requests: int = 8, auth=None, admin=None) -> dict:
    """``users`` threads, ``requests`` each (questions and searches in turn); with ``admin``
    (a callable), it runs once meanwhile in its own thread. Latencies in seconds."""
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
                    client.predict(SEARCHES[(n + i) % len(SEARCHES)], api_name="/search")
                else:
                    history, _sources, _ = client.predict(QUESTIONS[(n + i) % len(QUESTIONS)], [], api_name="/ask")
                    with lock:
                        answers.append(str(history[-1]["content"]))
                with lock:
                    latencies.append(time.perf_counter() - start)
            except Exception as exc:  # noqa: BLE001 - a failed request is what is counted
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}"[:200])

    def admin_run() -> None:
        try:
            admin()
        except Exception as exc:  # noqa: BLE001 - the admin's failure is a failed request too
            with lock:
                errors.append(f"admin: {type(exc).__name__}: {exc}"[:200])

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    admin_thread = threading.Thread(target=admin_run) if admin else None
    start = time.perf_counter()
    for thread in threads + ([admin_thread] if admin_thread else []):
        thread.start()
    for thread in threads + ([admin_thread] if admin_thread else []):
        thread.join()
    wall = time.perf_counter() - start
    return {
        "users": users, "requests": len(latencies) + len(errors), "failed": len(errors), "errors": errors[:5],
        "p50_s": round(statistics.median(latencies), 3) if latencies else None,
        "p95_s": round(percentile(latencies, 0.95), 3) if latencies else None,
        "per_second": round(len(latencies) / wall, 2), "answers": answers,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="ui.concurrency_limit (default: the setting)")
    parser.add_argument("--home", default="/tmp/policyqa-load")
    parser.add_argument("--port", type=int, default=7991)
    args = parser.parse_args()

    from common.config import load_settings
    from qa.facade import PolicyQA
    from ui.app import build_app, launch_options
    from ui.auth import Access
    from ui.server import run, server_app

    home = Path(args.home)
    corpus = home / "corpus"
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

    def admin() -> None:
        note.write_text(f"Ghi chú cập nhật lúc {time.time():.0f}: tài liệu tham khảo về bảo vệ môi trường.\n",
                        encoding="utf-8")
        _client(server.url).predict(False, api_name="/reindex")

    try:
        _client(server.url).predict(QUESTIONS[0], [], api_name="/ask")  # warm
        result = load(server.url, admin=admin)
    finally:
        server.close()
        qa.close()
    result.pop("answers")
    print(json.dumps({"concurrency_limit": settings.ui.concurrency_limit, **result}, ensure_ascii=False))
    return 0 if result["failed"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
