"""Answer latency while documents are being indexed: what a first-run user meets.

The mission documents are indexed first (as ``policyqa start`` does); then ``--ref-docs``
reference documents are indexed in the background (``PolicyQA.ingest_in_background``, the
web app's path) into a fresh temp home with the embedding cache off, and questions about the
mission documents are asked one after another while that runs. Reported: each question's
wall time, p50 and max, and how many were asked while the background indexing was still
running (only those count).

Run: ``.venv/bin/python bench/ask_during_ingest.py [--ref-docs 12]`` → prints the figures and
writes ``bench/results/ask_during_ingest.json``. About 2–3 minutes on 2 cores.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")
os.environ["POLICYQA_INDEX__EMBED_CACHE"] = "false"

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.ingest_throughput import copy_subset, pick_subset  # noqa: E402
from bench.stock_haystack import CORPUS, machine  # noqa: E402

RESULTS = REPO / "bench" / "results" / "ask_during_ingest.json"
QUESTIONS = [
    "Chỉ tiêu tỷ lệ che phủ rừng đến năm 2020 là bao nhiêu?",
    "Phương châm chỉ đạo bảo vệ môi trường theo Nghị quyết 41 là gì?",
    "chi tieu ty le dan so nong thon su dung nuoc hop ve sinh",
    "Ban Thường vụ Tỉnh ủy giao cơ quan nào theo dõi, đôn đốc việc thực hiện công văn?",
]


def main(argv: list[str] | None = None) -> int:
    from common.config import load_settings
    from qa.facade import PolicyQA

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ref-docs", type=int, default=12)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_subset(pick_subset(CORPUS, args.ref_docs), CORPUS, Path(tmp) / "corpus")
        facade = PolicyQA(load_settings(home=Path(tmp) / "home", corpus_dir=root))
        facade.ingest([root / "moi-truong"])
        facade.ask(QUESTIONS[0])  # warm: models loaded, as in the app once it answers
        thread = facade.ingest_in_background([root])
        timings, during = [], 0
        while thread.is_alive():
            for q in QUESTIONS:
                t0 = time.perf_counter()
                answer = facade.ask(q)
                timings.append(round(time.perf_counter() - t0, 3))
                during += thread.is_alive()
                assert not answer.abstained or q != QUESTIONS[0], answer.answer
            if len(timings) >= 40:
                break
        thread.join()
        chunks = facade.library.state.total_chunks() if hasattr(facade.library.state, "total_chunks") else None
        facade.close()
    result = {"machine": machine(), "ref_docs": args.ref_docs, "asked": len(timings), "asked_while_indexing": during,
              "seconds": timings, "p50_s": statistics.median(timings), "max_s": max(timings), "chunks": chunks}
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "seconds"}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
