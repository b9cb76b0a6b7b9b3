"""``policyqa serve`` from launch to its first page and its first answer, as a reader meets it.

The app is started on a home (only read), the page opened in Debian's Chromium (so the page's
load event fires, as in a browser), and after ``--think`` seconds — a reader typing — the first
question is asked through the app's HTTP API (:func:`bench.load_app.call`). ``--code`` runs
another checkout of policyqa (a ``git archive`` of an earlier commit) for a before/after.

    .venv/bin/python bench/serve_start.py --home /tmp/pq --runs 2
    .venv/bin/python bench/serve_start.py --home /tmp/pq --code /tmp/policyqa-before --runs 2
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

QUESTION = "Chỉ tiêu tỷ lệ che phủ rừng đến năm 2020 là bao nhiêu?"


def one_start(code: Path, home: Path, port: int, think: float) -> dict:
    import httpx
    from playwright.sync_api import sync_playwright

    from bench.load_app import call

    env = dict(os.environ, PYTHONPATH=str(code))
    loadavg = [round(x, 2) for x in os.getloadavg()]
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "ui.cli", "serve", "--home", str(home), "--port", str(port)],
                              cwd=code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium")
            while True:
                try:
                    if httpx.get(url, timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    if server.poll() is not None or time.perf_counter() - started > 300:
                        raise RuntimeError("the app did not start") from None
                time.sleep(0.05)
            listening = time.perf_counter() - started
            page = browser.new_page()
            page.goto(url)
            page.wait_for_selector("#question textarea, #question input")
            shown = time.perf_counter() - started
            time.sleep(think)
            asked = time.perf_counter()
            answer = json.dumps(call(url, "ask", question=QUESTION), ensure_ascii=False)
            first = time.perf_counter() - asked
            browser.close()
    finally:
        server.terminate()
        server.wait(30)
    return {"listening_s": round(listening, 2), "page_shown_s": round(shown, 2), "think_s": think,
            "first_answer_s": round(first, 2), "answer_has_74_8": "74,8%" in answer, "loadavg_start": loadavg}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="a home built with policyqa ingest (only read)")
    parser.add_argument("--code", type=Path, default=REPO, help="the policyqa checkout to run (default: this one)")
    parser.add_argument("--port", type=int, default=7971)
    parser.add_argument("--think", type=float, default=8.0, help="seconds between the page shown and the question")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    for _ in range(args.runs):
        print(json.dumps({"code": str(args.code), **one_start(args.code, args.home, args.port, args.think)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
