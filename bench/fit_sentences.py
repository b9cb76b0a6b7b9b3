"""Fit the answer-sentence model (qa/sentence_model.json) on labelled questions, with cross-validation.

Every answerable question of the given files is asked once with the hand-set ranker; each
time the composer ranks its candidate sentences, their signals (:data:`qa.sentence_rank.FEATURES`)
are recorded with a label: the sentence — with its items, for a lead-in — holds the question's
``answer_keywords`` (the rule of ``policyqa eval``'s "answer holds the fact"). Questions where no
candidate holds them teach nothing about choice and are left out (retrieval's part).

The model is a conditional logit: one softmax over each question's candidates, the right ones
together against the rest; L2 on standardized weights; fitted with L-BFGS. Its figures are
cross-validated by leaving one question file out at a time (a file is one author's questions):
for each file, a model fitted on the others answers that file's questions end to end, and the
file's ``policyqa eval`` figures (holds the fact, cites an answering passage, abstention, false
abstention) are set beside the hand-set ranker's on the same index — the model is worth
switching on only if the held-out figures say so. The top-1 share (the first candidate is right)
is reported too.

Sealed question sets must not be given here: they are measured once, with the model as fitted.

    POLICYQA_HOME=/tmp/pq .venv/bin/python bench/fit_sentences.py bench/eval/dev.jsonl \\
        bench/eval/unseen-1.jsonl bench/eval/extra-answerable.jsonl bench/eval/sealed-2a.jsonl ...
"""

from __future__ import annotations

import argparse
import json
import tempfile
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.evaluate import evaluate, holds_fact, is_unanswerable, load_questions  # noqa: E402
from qa.sentence_rank import FEATURES, MODEL_PATH, HandRanker, SentenceModel  # noqa: E402

L2 = 1.0  # ridge penalty on standardized weights (figures reported for 0.1–10 with --l2)


class _Recorder(HandRanker):
    """The hand-set ranker, keeping the signals and labels of the last ranking it made."""

    def __init__(self, hand: HandRanker):
        super().__init__(hand.policy)
        self.item, self.last = None, None

    def score(self, candidates, pool) -> None:
        super().score(candidates, pool)
        rows = []
        for c in candidates:
            text = " ".join(pool[c.passage].text[s:e] for s, e in [(c.start, c.end), *c.followers])
            rows.append(([c.features[k] for k in FEATURES], float(holds_fact(text, self.item)), c.score))
        self.last = rows


def collect(paths: list[Path]) -> list[dict]:
    """One group per answerable question the composer ranked: its file, signals and labels."""
    from common.config import load_settings
    from qa.facade import PolicyQA

    facade = PolicyQA(load_settings())
    engine = facade.engine
    recorder = _Recorder(HandRanker(engine.policy))
    engine.ranker = recorder
    groups, seen = [], set()
    for path in paths:
        for item in load_questions(path):
            if is_unanswerable(item) or item["question"] in seen:
                continue
            seen.add(item["question"])
            recorder.item, recorder.last = item, None
            facade.ask(item["question"])
            if recorder.last:
                groups.append({"id": item.get("id"), "file": path.stem,
                               "x": [r[0] for r in recorder.last], "y": [r[1] for r in recorder.last],
                               "hand": [r[2] for r in recorder.last]})
    facade.close()
    return groups


def _standardize(groups: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    x = np.vstack([np.array(g["x"]) for g in groups])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    return mean, scale


def fit(groups: list[dict], l2: float = L2, without: tuple[str, ...] = ()) -> SentenceModel:
    """Conditional logit over the groups that have a right candidate; the signals named in
    ``without`` left out (what a new signal adds is read against the fit without it)."""
    keep = [i for i, name in enumerate(FEATURES) if name not in without]
    names = [FEATURES[i] for i in keep]
    usable = [g for g in groups if any(g["y"]) and not all(g["y"])]
    usable = [{**g, "x": [[row[i] for i in keep] for row in g["x"]]} for g in usable]
    mean, scale = _standardize(usable)
    data = [((np.array(g["x"]) - mean) / scale, np.array(g["y"], dtype=bool)) for g in usable]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.5 * l2 * w @ w, l2 * w
        for z, y in data:
            s = z @ w
            top = s.max()
            e = np.exp(s - top)
            p_all = e / e.sum()
            p_pos = e[y] / e[y].sum()
            total -= np.log(e[y].sum()) - np.log(e.sum())
            grad = grad - (p_pos @ z[y] - p_all @ z)
        return total, grad

    w = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B").x
    return SentenceModel(dict(zip(names, w.tolist())), dict(zip(names, mean.tolist())),
                         dict(zip(names, scale.tolist())))


def top1(model, groups: list[dict]) -> float:
    """Share of the groups with a right candidate whose first-ranked candidate is right."""
    usable = [g for g in groups if any(g["y"])]
    if not usable:
        return 0.0
    hits = 0
    for g in usable:
        scores = [model.raw(dict(zip(FEATURES, x))) for x in g["x"]]
        hits += bool(g["y"][int(np.argmax(scores))])
    return hits / len(usable)


def _figures(report) -> dict:
    m = report.metrics
    return {k: m.get(k) for k in ("answer_holds_fact", "lead_holds_fact", "answer_cites_gold", "abstention", "false_abstention",
                             "recall@5")}


def held_out(paths: list[Path], groups: list[dict], l2: float, bars: list[tuple[float, float]],
             without: tuple[str, ...] = ()) -> dict:
    """Per file: the hand ranker's figures and those of a model fitted on the other files, at
    each pair of bars (``answer.model_lead_ratio``, ``answer.model_follow_ratio``)."""
    from common.config import load_settings
    from qa.facade import PolicyQA

    facade = PolicyQA(load_settings())
    engine = facade.engine
    hand = HandRanker(engine.policy)
    out = {}
    for path in paths:
        questions = load_questions(path)
        train = [g for g in groups if g["file"] != path.stem]
        test = [g for g in groups if g["file"] == path.stem]
        model = fit(train, l2, without)
        engine.ranker = hand
        unanswerable = sum(1 for q in questions if is_unanswerable(q))
        row = {"hand": _figures(evaluate(engine, questions, baselines=False)), "groups": len(test),
               "answerable": len(questions) - unanswerable, "unanswerable": unanswerable,
               "top1_hand": _hand_top1(test), "top1_model": top1(model, test)}
        engine.ranker = model
        for lead, follow in bars:
            model.lead_ratio, model.follow_ratio = lead, follow
            row[f"model@{lead}/{follow}"] = _figures(evaluate(engine, questions, baselines=False))
        out[path.stem] = row
        print(path.stem, json.dumps(row), flush=True)
    facade.close()
    return out


def summary(held: dict, bars: list[tuple[float, float]]) -> dict:
    """Held-out figures pooled over files (each weighted by its answerable or unanswerable
    questions): hand and per bar."""
    def pooled(key: str) -> dict:
        out = {}
        for metric in ("answer_holds_fact", "lead_holds_fact", "answer_cites_gold", "abstention", "false_abstention"):
            count = "unanswerable" if metric == "abstention" else "answerable"
            vals = [(row[key][metric], row[count]) for row in held.values() if row[key].get(metric) is not None]
            weight = sum(n for _v, n in vals) or 1
            out[metric] = round(sum(v * n for v, n in vals) / weight, 4)
        return out
    return {"hand": pooled("hand"), **{f"model@{a}/{b}": pooled(f"model@{a}/{b}") for a, b in bars}}


def _hand_top1(groups: list[dict]) -> float:
    """Top-1 share of the hand ranker (before its asked-type reordering)."""
    usable = [g for g in groups if any(g["y"])]
    return sum(bool(g["y"][int(np.argmax(g["hand"]))]) for g in usable) / len(usable) if usable else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("questions", nargs="+", type=Path)
    ap.add_argument("--l2", type=float, default=L2)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--rows", type=Path, default=Path(tempfile.gettempdir()) / "policyqa-sentence-rows.json",
                    help="the recorded signals (reused when the same files are given again; ≈ 3 MB, not committed)")
    ap.add_argument("--no-held-out", action="store_true", help="fit only (skip the end-to-end cross-validation)")
    ap.add_argument("--without", nargs="+", default=[], choices=FEATURES, metavar="SIGNAL",
                    help="signals left out of the fit (to read what a new one adds against the fit without it)")
    ap.add_argument("--lead", type=float, nargs="+", default=[0.7],
                    help="bars for a sentence giving the asked type to lead (answer.model_lead_ratio)")
    ap.add_argument("--follow", type=float, nargs="+", default=[0.02],
                    help="extra-sentence bars (answer.model_follow_ratio) to cross-validate")
    args = ap.parse_args(argv)
    files = [str(p) for p in args.questions]
    if args.rows.is_file() and json.loads(args.rows.read_text()).get("files") == files:
        groups = json.loads(args.rows.read_text())["groups"]
    else:
        groups = collect(args.questions)
        args.rows.write_text(json.dumps({"files": files, "features": list(FEATURES), "groups": groups}))
    with_right = [g for g in groups if any(g["y"])]
    print(f"{len(groups)} questions ranked, {len(with_right)} with a right candidate", flush=True)
    bars = [(lead, follow) for lead in args.lead for follow in args.follow]
    without = tuple(args.without)
    held = {} if args.no_held_out else held_out(args.questions, groups, args.l2, bars, without)
    pooled = summary(held, bars) if held else {}
    for key, figures in pooled.items():
        print(f"{key:12s} {json.dumps(figures)}")
    model = fit(groups, args.l2, without)
    args.out.write_text(json.dumps({
        "features": list(model.weights), "weights": model.weights, "mean": model.mean, "scale": model.scale,
        "fit": {"how": "conditional logit (one softmax per question over its candidate sentences; right = holds the "
                       "question's answer_keywords, with its items for a lead-in), L2 on standardized weights, "
                       "L-BFGS; bench/fit_sentences.py", "l2": args.l2, "without": list(without), "files": files,
                "questions": len(groups), "with_right_candidate": len(with_right),
                "top1_in_sample": round(top1(model, groups), 4), "top1_hand": round(_hand_top1(groups), 4),
                "leave_one_file_out": held, "leave_one_file_out_pooled": pooled},
    }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
