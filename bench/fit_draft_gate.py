"""Choose the drafting gate (``draft.min_topical``, ``draft.min_dense``) by cross-validation.

A draft is made when the topic names its documents, or when a sentence of the chosen documents
covers ``min_topical`` of the topic's term weight, or when the topic's nearest passage (cosine of
e5 vectors, the dense ranking alone) is at least ``min_dense``; otherwise the draft says it found
no material. Both errors matter: an empty draft on a topic the library covers ("false no
material", issue 17's first bar), and a draft made from a neighbouring document for a topic it
does not cover (a draft without material, quotes off the topic).

Every topic of the given files is drafted once with the method on ``PYTHONPATH``; the planner's
signals are recorded (best sentence coverage, the nearest passage's cosine, whether the topic
names a document); a topic set without ``docs`` (``bench/eval/topics-none.jsonl``) is a negative.
The pair of bars is chosen on a grid by 5-fold cross-validation repeated 20 times, stratified,
minimising both errors counted alike; the report gives the cross-validated errors, how often
each pair was chosen, and the errors of the current settings.

    POLICYQA_HOME=/tmp/pq .venv/bin/python bench/fit_draft_gate.py bench/eval/topics-dev.jsonl \\
        bench/eval/sealed-topics-{1,2,3,4,5,6,7}.jsonl bench/eval/topics-none.jsonl

Sealed topic sets must not be given here: they are measured once, with the bars as chosen.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MIN_TOPICAL = (0.25, 0.3, 0.35, 0.4, 0.45)
MIN_DENSE = (None, 0.895, 0.9, 0.905, 0.91, 0.92)


def collect(paths: list[Path]) -> list[dict]:
    """One row per topic: its signals, and whether the library supports it."""
    import qa.draft.compose as compose
    from common.config import load_settings
    from qa.draft import plan as planning
    from qa.draft.topic import named_by_topic, topic_core
    from qa.facade import PolicyQA

    seen: dict = {}
    original = compose.make_plan

    def recording(content, documents, form, length, named=False, policy=None, nearest=None):
        seen.update(best=planning.best_coverage(content, documents, policy), nearest=nearest,
                    named=bool(named) or named_by_topic(topic_core(content), documents, policy.title_named_share))
        return original(content, documents, form, length, named=named, policy=policy, nearest=nearest)

    compose.make_plan = recording
    qa = PolicyQA(load_settings())
    rows = []
    try:
        for path in paths:
            for line in path.read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                topic = json.loads(line)
                seen.clear()
                draft = qa.draft(topic["topic"], form=topic.get("form", "bài viết"))
                rows.append({"id": topic["id"], "file": path.stem, "supported": bool(topic.get("docs")),
                             "empty": not draft.sections, "best": seen.get("best", 0.0),
                             "nearest": seen.get("nearest") or 0.0, "named": seen.get("named", False)})
                print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    finally:
        compose.make_plan = original
        qa.close()
    return rows


def drafts(row: dict, min_topical: float, min_dense: float | None) -> bool:
    """The gate (qa.draft.plan.make_plan) on recorded signals."""
    return row["named"] or row["best"] >= min_topical or (min_dense is not None and row["nearest"] >= min_dense)


def errors(rows: list[dict], bars: tuple) -> tuple[int, int]:
    """(false 'no material', drafts without material)."""
    fn = sum(r["supported"] and not drafts(r, *bars) for r in rows)
    fp = sum(not r["supported"] and drafts(r, *bars) for r in rows)
    return fn, fp


def cross_validate(rows: list[dict], current: tuple, repeats: int = 20, folds: int = 5) -> dict:
    grid = [(t, d) for t in MIN_TOPICAL for d in MIN_DENSE]
    fn = fp = 0
    chosen: dict[str, int] = {}
    for seed in range(repeats):
        rnd = random.Random(seed)
        pos = [r for r in rows if r["supported"]]
        neg = [r for r in rows if not r["supported"]]
        rnd.shuffle(pos)
        rnd.shuffle(neg)
        for k in range(folds):
            test = pos[k::folds] + neg[k::folds]
            ids = {r["id"] for r in test}
            train = [r for r in rows if r["id"] not in ids]
            bars = min(grid, key=lambda b: (sum(errors(train, b)), b != current))
            chosen[str(bars)] = chosen.get(str(bars), 0) + 1
            a, b = errors(test, bars)
            fn, fp = fn + a, fp + b
    in_sample = min(grid, key=lambda b: (sum(errors(rows, b)), b != current))
    return {"supported": sum(r["supported"] for r in rows), "unsupported": sum(not r["supported"] for r in rows),
            "cross_validated": {"false_no_material": fn / repeats, "drafted_without_material": fp / repeats},
            "chosen": chosen, "current": {"bars": current, "errors": errors(rows, current)},
            "in_sample_best": {"bars": in_sample, "errors": errors(rows, in_sample)}}


def main(argv: list[str] | None = None) -> int:
    from common.config import DraftPolicy

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("topics", nargs="+", type=Path)
    ap.add_argument("--rows", type=Path, help="recorded signals to reuse (written when absent)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "draft_gate.json")
    args = ap.parse_args(argv)
    if args.rows and args.rows.is_file():
        rows = json.loads(args.rows.read_text(encoding="utf-8"))
    else:
        rows = collect(args.topics)
        if args.rows:
            args.rows.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    policy = DraftPolicy()
    report = cross_validate(rows, (policy.min_topical, policy.min_dense))
    report["files"] = [str(p) for p in args.topics]
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
