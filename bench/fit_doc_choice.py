"""Choose the weights of a draft's document choice on labelled topics, leaving one topic set out.

A draft is made from the one or two documents a topic is about (:func:`qa.draft.documents.choose_documents`):
for a topic naming none, each retrieved document scores its summed reciprocal ranks, divided by
its number of chunks to ``draft.document_length_exponent``, plus ``draft.title_share_weight`` times
the share of the topic's content terms its title holds. Every opened topic set lists, per topic,
the documents its helper wrote the key points from (``docs``): the labels here.

For every topic the service's own draft is started and stopped right where it chooses its documents,
recording what the choice is made from (the retrieved documents in rank order, their titles and
sizes, what the topic names). Each pair of weights of a grid is then scored on the topics that name
no document — the first chosen document is one the helper listed; the share of the listed documents
that are chosen; the share of the chosen that are listed — and the pair is chosen leaving one topic set out at a time (a set is one helper's
topics): the held-out figures are those of the pair chosen on the other sets.

Sealed topic sets must not be given here: they are measured once, with the weights as chosen.

    POLICYQA_HOME=/tmp/pq .venv/bin/python bench/fit_doc_choice.py bench/eval/topics-dev.jsonl … \\
        [--out bench/results/draft-doc-choice.json] [--rows rows.json | --recorded rows.json]

``draft.second_document_ratio`` is chosen the same way afterwards, the two weights as shipped
(:func:`held_out_ratio`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common.config import DraftPolicy  # noqa: E402
from qa.draft.documents import choose_documents  # noqa: E402
from qa.evaluate import load_questions  # noqa: E402

FIGURES = ("first_listed", "listed_chosen", "chosen_listed")  # summed to choose a pair of weights
TITLE_WEIGHTS = (0.5, 1.0, 1.5, 2.0, 3.0)
LENGTH_EXPONENTS = (0.0, 0.25, 0.5, 0.75, 1.0)


class _Stop(Exception):
    """Raised where the draft has chosen its documents: the rest is not needed here."""


def record(paths: list[Path]) -> list[dict]:
    """What each topic's document choice is made from, with the helper's documents."""
    import qa.draft.compose as compose
    from qa.facade import PolicyQA

    rows: list[dict] = []
    current: dict = {}

    def capture(topic, hits, named, open_document, titles, policy=DraftPolicy(), sizes=None):
        docs = list(dict.fromkeys(h.doc_id for h in hits))
        current.update(content=topic, named=list(named), hits=[[h.doc_id, h.status] for h in hits],
                       titles={d: titles.get(d, "") for d in docs}, sizes={d: (sizes or {}).get(d, 1) for d in docs})
        raise _Stop

    real, compose.choose_documents = compose.choose_documents, capture
    facade = PolicyQA()
    try:
        for path, topic in ((p, t) for p in paths for t in load_questions(p)):  # a topic set is JSON lines too
            current.clear()
            try:
                facade.draft(topic["topic"], form=topic.get("form", "bài viết"))
            except _Stop:
                pass
            if current:
                rows.append({**current, "id": topic["id"], "set": path.stem, "listed": topic.get("docs", [])})
    finally:
        compose.choose_documents = real
        facade.close()
    return rows


def choice(row: dict, policy: DraftPolicy) -> list[str]:
    """The documents :func:`choose_documents` picks from a recorded row under ``policy``."""
    hits = [SimpleNamespace(doc_id=d, status=s) for d, s in row["hits"]]
    chosen = choose_documents(row["content"], hits, [], lambda d: SimpleNamespace(doc_id=d), row["titles"], policy,
                              row["sizes"])
    return [d.doc_id for d in chosen]


def score(rows: list[dict], policy: DraftPolicy) -> dict:
    """Over the rows naming no document: the first chosen is listed; the share of the listed that
    are chosen; the share of the chosen that are listed (an off-topic second document costs)."""
    usable = [r for r in rows if not r["named"] and r["listed"]]
    first = listed = precise = 0.0
    for r in usable:
        chosen = choice(r, policy)
        first += bool(chosen) and chosen[0] in r["listed"]
        listed += len(set(chosen) & set(r["listed"])) / len(r["listed"])
        precise += len(set(chosen) & set(r["listed"])) / len(chosen) if chosen else 0.0
    n = len(usable) or 1
    return {"topics": len(usable), "first_listed": round(first / n, 4), "listed_chosen": round(listed / n, 4),
            "chosen_listed": round(precise / n, 4)}


def _policy(title: float, exponent: float) -> DraftPolicy:
    return DraftPolicy(title_share_weight=title, document_length_exponent=exponent)


def _leave_one_set_out(rows: list[dict], grid: list, policy_of, before: DraftPolicy) -> dict:
    """Each set scored with the grid point chosen on the other sets (the summed figures), against
    ``before``; pooled by topics, with how often each point was picked."""
    totals = {"before": [0.0, 0.0, 0.0], "after": [0.0, 0.0, 0.0]}
    picks: dict[str, int] = {}
    n = 0
    for name in sorted({r["set"] for r in rows}):
        train = [r for r in rows if r["set"] != name]
        test = [r for r in rows if r["set"] == name]
        best = max(grid, key=lambda g: sum(v for k, v in score(train, policy_of(g)).items() if k != "topics"))
        picks[str(best)] = picks.get(str(best), 0) + 1
        after = score(test, policy_of(best))
        k = after["topics"]
        n += k
        for key, figures in (("after", after), ("before", score(test, before))):
            for i, figure in enumerate(FIGURES):
                totals[key][i] += figures[figure] * k
    pooled = {key: {f: round(v / (n or 1), 4) for f, v in zip(FIGURES, values)} for key, values in totals.items()}
    return {"topics": n, "pooled": pooled, "picks": picks,
            "in_sample": {str(g): score(rows, policy_of(g)) for g in grid}}


def held_out(rows: list[dict]) -> dict:
    """The grid's pair chosen on the other sets, scored on each set; pooled by topics (before: the
    weights before this study, title 1.5 and no length)."""
    grid = [(t, e) for t in TITLE_WEIGHTS for e in LENGTH_EXPONENTS]
    default = DraftPolicy()
    return {**_leave_one_set_out(rows, grid, lambda g: _policy(*g), _policy(1.5, 0.0)),
            "shipped": [default.title_share_weight, default.document_length_exponent]}


RATIOS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0)  # draft.second_document_ratio, the weights above as shipped


def held_out_ratio(rows: list[dict]) -> dict:
    """``draft.second_document_ratio`` (how near the first a second document must score) chosen the same
    way, the two weights as shipped (before: the ratio as shipped)."""
    default = DraftPolicy()
    return {**_leave_one_set_out(rows, list(RATIOS),
                                 lambda x: default.model_copy(update={"second_document_ratio": x}), default),
            "shipped": default.second_document_ratio}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("topics", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "draft-doc-choice.json")
    ap.add_argument("--rows", type=Path, help="also write the recorded rows here (to study other scorings)")
    ap.add_argument("--recorded", type=Path, help="read the rows recorded by an earlier --rows instead of drafting")
    args = ap.parse_args(argv)
    rows = json.loads(args.recorded.read_text(encoding="utf-8")) if args.recorded else record(args.topics)
    if args.rows:
        args.rows.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    result = {"sets": [p.stem for p in args.topics], **held_out(rows), "second_document_ratio": held_out_ratio(rows)}
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("topics", "pooled", "picks", "shipped")}, ensure_ascii=False))
    print(json.dumps({k: v for k, v in result["second_document_ratio"].items() if k != "in_sample"}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
