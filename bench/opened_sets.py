"""Every opened question set at once: run `policyqa eval` on each, pool the figures, list what moved.

A change to the answer layer is judged on all the opened sets together (a rule must show its
effect beyond the questions that suggested it), then on a sealed set measured once. This runs
the first part the same way every time:

    # the method in the working tree, on an index home, into a folder of results
    POLICYQA_HOME=/tmp/pq .venv/bin/python bench/opened_sets.py run /tmp/ev/after
    # the same for the method before (e.g. from a worktree: PYTHONPATH=<worktree>)
    .venv/bin/python bench/opened_sets.py compare /tmp/ev/before /tmp/ev/after

``compare`` prints, per set and pooled over the answerable and unanswerable questions of every
set both folders hold, the answer figures (docs/EVAL.md), then each question whose abstention or
"answer holds the fact" changed. Pooling counts questions, not sets: a set of 200 weighs as 200.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "bench" / "eval"
# The question sets opened so far (bench/README.md says how each was written and measured).
OPENED = ("dev unseen-1 extra-answerable extra-unanswerable near-miss sealed-2a sealed-2b sealed-3a sealed-3b "
          "sealed-4 sealed-5 sealed-6 sealed-7 sealed-8 sealed-9 sealed-10 sealed-11 sealed-12 sealed-13 sealed-14 "
          "sealed-15 sealed-16 sealed-17 sealed-18 sealed-19 sealed-20 sealed-21 sealed-22 sealed-23 sealed-24 sealed-25 sealed-26 sealed-27 sealed-28 sealed-29 sealed-30 sealed-31 sealed-32 sealed-33 sealed-34 sealed-35 sealed-36 sealed-37 sealed-38").split()
FIGURES = ("answer_holds_fact", "lead_holds_fact", "answer_cites_gold", "abstention", "false_abstention")


def run(out: Path, sets: list[str]) -> None:
    """``policyqa eval --json --no-baselines`` on each set, one result file per set in ``out``,
    with the code on ``PYTHONPATH`` (the working tree by default) and the home of ``POLICYQA_HOME``."""
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.setdefault("PYTHONPATH", str(ROOT))
    for name in sets:
        print(f"{name} …", file=sys.stderr, flush=True)
        with (out / f"eval-{name}.json").open("w", encoding="utf-8") as handle:
            # Run from the code's own folder: ``python -m`` puts the working directory before
            # PYTHONPATH, so a run started in another checkout would measure that one's code.
            subprocess.run([sys.executable, "-m", "ui.cli", "eval", str(EVAL / f"{name}.jsonl"), "--json",
                            "--no-baselines"], env=env, stdout=handle, stderr=subprocess.DEVNULL, check=True,
                           cwd=env["PYTHONPATH"].split(os.pathsep)[0])


def pooled(rows: list[dict]) -> dict[str, float]:
    """The answer figures over a list of evaluation rows (``policyqa eval --json``'s ``rows``)."""
    answerable = [r for r in rows if r["kind"] != "unanswerable"]
    unanswerable = [r for r in rows if r["kind"] == "unanswerable"]

    def share(items: list[dict], test) -> float:
        return sum(1 for r in items if test(r)) / len(items) if items else 0.0

    return {
        "answerable": len(answerable), "unanswerable": len(unanswerable),
        "answer_holds_fact": share(answerable, lambda r: bool(r.get("holds_fact")) and not r["abstained"]),
        "lead_holds_fact": share(answerable, lambda r: bool(r.get("lead_holds_fact")) and not r["abstained"]),
        "answer_cites_gold": share(answerable, lambda r: bool(r.get("cited_gold"))),
        "abstention": share(unanswerable, lambda r: r["abstained"]),
        "false_abstention": share(answerable, lambda r: r["abstained"]),
    }


def moved(before: list[dict], after: list[dict]) -> list[tuple[str, str, str]]:
    """(id, kind, what changed) for each question whose abstention or held fact changed."""
    old = {r["id"]: r for r in before}
    out = []
    for row in after:
        prior = old.get(row["id"])
        if prior is None:
            continue
        changes = []
        if prior["abstained"] != row["abstained"]:
            changes.append(f"abstained {prior['abstained']} → {row['abstained']}")
        if prior.get("holds_fact") != row.get("holds_fact"):
            changes.append(f"holds {prior.get('holds_fact')} → {row.get('holds_fact')}")
        if changes:
            out.append((row["id"], row["kind"], ", ".join(changes)))
    return out


def _rows(folder: Path, name: str) -> list[dict] | None:
    path = folder / f"eval-{name}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))["rows"]
    except (OSError, ValueError, KeyError):
        return None


def compare(before: Path, after: Path, sets: list[str]) -> None:
    all_before, all_after = [], []
    for name in sets:
        a, b = _rows(before, name), _rows(after, name)
        if a is None or b is None:
            continue
        fa, fb = pooled(a), pooled(b)
        print(f"{name:20s} " + " ".join(f"{k} {fa[k]:.3f}→{fb[k]:.3f}" for k in FIGURES))
        for qid, kind, change in moved(a, b):
            print(f"    {qid} ({kind}): {change}")
        all_before += a
        all_after += b
    fa, fb = pooled(all_before), pooled(all_after)
    print(f"pooled ({fa['answerable']} answerable, {fa['unanswerable']} unanswerable): "
          + ", ".join(f"{k} {fa[k]:.3f} → {fb[k]:.3f}" for k in FIGURES))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="evaluate every opened set into a folder")
    p_run.add_argument("out", type=Path)
    p_cmp = sub.add_parser("compare", help="pooled figures and the questions that moved, before → after")
    p_cmp.add_argument("before", type=Path)
    p_cmp.add_argument("after", type=Path)
    for p in (p_run, p_cmp):
        p.add_argument("--sets", nargs="+", default=list(OPENED))
    args = parser.parse_args(argv)
    if args.command == "run":
        run(args.out, args.sets)
    else:
        compare(args.before, args.after, args.sets)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
