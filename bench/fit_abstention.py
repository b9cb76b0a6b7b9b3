"""Fit the abstention model (qa/abstention_model.json) on labelled questions, with cross-validation.

Every question of the given files is asked with the model switched off; for those the rules
answer (an abstention by the rules needs no model), the signals of
:data:`qa.abstain.FEATURES` and the label (answerable or not) are kept. A logistic regression
(L2, standardized features, Newton's method in NumPy) is fitted on all of them and stored;
its figures are cross-validated by leaving one question file out at a time (a file is one
author's questions: the most honest split available) and by 5 folds. The decision bar
``qa.min_answer_probability`` is chosen on the pooled cross-validated predictions: the
bar with the most abstention whose *added* false abstention on answerable questions stays
within ``--max-false-abstention`` (of all answerable questions, answered or not) over 5 folds
(total ≤ 0.05) and that catches more unanswerable questions than it loses answerable ones —
or none at all (the model stays off) when no bar does.

Sealed question sets must not be given here: they are measured once, with the model as fitted.

    POLICYQA_HOME=/tmp/pq .venv/bin/python bench/fit_abstention.py bench/eval/dev.jsonl \\
        bench/eval/unseen-1.jsonl bench/eval/extra-answerable.jsonl bench/eval/extra-unanswerable.jsonl \\
        bench/eval/near-miss.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.abstain import FEATURES, MODEL_PATH  # noqa: E402
from qa.evaluate import is_unanswerable, load_questions  # noqa: E402

L2 = 1.0  # ridge penalty on standardized weights (not tuned: the figures hold from 0.1 to 10)


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """(weights, bias, mean, scale) of an L2 logistic regression on standardized ``x``."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not penalized
    for _ in range(50):
        p = 1 / (1 + np.exp(-z @ w))
        grad = z.T @ (p - y) + penalty * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1]), mean, scale


def predict(model, x: np.ndarray) -> np.ndarray:
    w, b, mean, scale = model
    return 1 / (1 + np.exp(-(((x - mean) / scale) @ w + b)))


def collect(paths: list[Path]) -> tuple[list[dict], dict]:
    """Ask every question once with the model off; keep the answered ones' features."""
    from common.config import load_settings
    from qa.facade import PolicyQA

    settings = load_settings()
    settings.qa.min_answer_probability = None  # the features of the rules' answers, unjudged
    facade = PolicyQA(settings)
    rows, totals, seen = [], {"answerable": 0, "unanswerable": 0, "rule_abstained": {}}, set()
    for path in paths:
        for item in load_questions(path):
            if item["question"] in seen:  # near-miss files repeat their answerable twins
                continue
            seen.add(item["question"])
            label = 0 if is_unanswerable(item) else 1
            totals["unanswerable" if label == 0 else "answerable"] += 1
            answer = facade.ask(item["question"])
            if answer.abstained:
                key = f"{path.stem}:{'answerable' if label else 'unanswerable'}"
                totals["rule_abstained"][key] = totals["rule_abstained"].get(key, 0) + 1
                continue
            if answer.evidence is None:  # answered from the document's frame (who signed it): never judged
                continue
            rows.append({"id": item.get("id"), "file": path.stem, "label": label,
                         "features": {k: answer.evidence[k] for k in FEATURES}})
    facade.close()
    return rows, totals


def design(rows: list[dict], features: tuple[str, ...] = FEATURES) -> tuple[np.ndarray, np.ndarray]:
    """The rows' signals (in ``features``' order) and labels (1 answerable), for the fit and its folds."""
    return (np.array([[r["features"][k] for k in features] for r in rows]),
            np.array([r["label"] for r in rows], dtype=float))


def cross_validated(rows: list[dict], groups: list[str], features: tuple[str, ...] = FEATURES) -> np.ndarray:
    x, y = design(rows, features)
    out = np.zeros(len(rows))
    for g in sorted(set(groups)):
        test = np.array([gr == g for gr in groups])
        if test.all() or len(set(y[~test])) < 2:
            out[test] = 1.0
            continue
        out[test] = predict(fit(x[~test], y[~test]), x[test])
    return out


def figures(rows: list[dict], p: np.ndarray, bar: float, totals: dict) -> dict:
    y = np.array([r["label"] for r in rows])
    rule_ans = sum(v for k, v in totals["rule_abstained"].items() if k.endswith(":answerable"))
    rule_un = sum(v for k, v in totals["rule_abstained"].items() if k.endswith(":unanswerable"))
    added_false = int(((p < bar) & (y == 1)).sum())
    caught = int(((p < bar) & (y == 0)).sum())
    return {"bar": bar, "false_abstention": (rule_ans + added_false) / totals["answerable"],
            "added_false_abstention": added_false / totals["answerable"],
            "abstention": (rule_un + caught) / totals["unanswerable"]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("questions", nargs="+", type=Path)
    ap.add_argument("--max-false-abstention", type=float, default=0.03,
                    help="added false abstention allowed on the cross-validated predictions")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--rows", type=Path, default=ROOT / "bench" / "results" / "abstention_rows.json")
    ap.add_argument("--without", nargs="+", default=[], choices=FEATURES, metavar="SIGNAL",
                    help="signals left out of the fit (what a new one adds, read on the same rows), as in "
                         "bench/fit_sentences.py")
    args = ap.parse_args(argv)
    features = tuple(f for f in FEATURES if f not in args.without)
    if args.rows.is_file() and json.loads(args.rows.read_text()).get("files") == [str(p) for p in args.questions]:
        cached = json.loads(args.rows.read_text())
        rows, totals = cached["rows"], cached["totals"]
    else:
        rows, totals = collect(args.questions)
        args.rows.write_text(json.dumps({"files": [str(p) for p in args.questions], "rows": rows, "totals": totals},
                                        ensure_ascii=False, indent=1))
    by_file = cross_validated(rows, [r["file"] for r in rows], features)
    rng = np.random.default_rng(0)
    folds = [str(f) for f in rng.integers(0, 5, len(rows))]
    by_fold = cross_validated(rows, folds, features)
    bars = [round(b, 2) for b in np.arange(0.0, 0.96, 0.05)]
    table = {"leave_one_file_out": [figures(rows, by_file, b, totals) for b in bars],
             "five_fold": [figures(rows, by_fold, b, totals) for b in bars]}
    rules_only = table["five_fold"][0]["abstention"]  # bar 0: the model abstains on nothing

    def worth(f: dict) -> bool:
        """Within the false-abstention budget, and more unanswerable questions caught than
        answerable ones lost."""
        caught = (f["abstention"] - rules_only) * totals["unanswerable"]
        lost = f["added_false_abstention"] * totals["answerable"]
        return f["added_false_abstention"] <= args.max_false_abstention and f["false_abstention"] <= 0.05 \
            and caught > lost
    ok = [f for f in table["five_fold"] if worth(f)]
    bar = max(ok, key=lambda f: (f["abstention"], -f["bar"]))["bar"] if ok else None
    w, b, mean, scale = fit(*design(rows, features))
    model = {
        "features": list(features),
        "weights": {k: float(v) for k, v in zip(features, w)},
        "bias": b,
        "mean": {k: float(v) for k, v in zip(features, mean)},
        "scale": {k: float(v) for k, v in zip(features, scale)},
        "fit": {
            "how": "L2 logistic regression (bench/fit_abstention.py) on the answers the rules give to the labelled "
                   "questions of the files below (sealed sets excluded); bar = the one with the most abstention "
                   f"whose added false abstention over 5 folds is <= {args.max_false_abstention} (total <= 0.05) and "
                   "that catches more unanswerable questions than it loses answerable ones; null (model off) when "
                   "no bar does",
            "files": [str(p) for p in args.questions],
            "answered_rows": len(rows),
            "totals": totals,
            "chosen_bar": bar,
            "cross_validated": table,
        },
    }
    args.out.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    chosen = next((f for f in table["five_fold"] if f["bar"] == bar), None)
    print(json.dumps({"rows": len(rows), "bar": bar, "rules_only_abstention": rules_only, "at_bar_five_fold": chosen,
                      "weights": model["weights"]}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
