"""bench/opened_sets.py: the pooled figures and the questions that moved, from evaluation rows."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from opened_sets import OPENED, moved, pooled  # noqa: E402


def row(qid, kind, abstained, holds=None, lead=None, cited=False):
    return {"id": qid, "kind": kind, "abstained": abstained, "holds_fact": holds, "lead_holds_fact": lead,
            "cited_gold": cited}


BEFORE = [row("a", "factoid", False, True, True, True), row("b", "list", True, False, False),
          row("u", "unanswerable", False), row("v", "unanswerable", True)]
AFTER = [row("a", "factoid", False, True, False, True), row("b", "list", False, True, True, True),
         row("u", "unanswerable", True), row("v", "unanswerable", True)]


def test_pooled_counts_questions_and_scores_the_answer_text():
    figures = pooled(BEFORE)
    assert (figures["answerable"], figures["unanswerable"]) == (2, 2)
    assert figures["answer_holds_fact"] == pytest.approx(0.5) and figures["false_abstention"] == pytest.approx(0.5)
    assert figures["abstention"] == pytest.approx(0.5)
    after = pooled(AFTER)
    assert after["answer_holds_fact"] == pytest.approx(1.0) and after["lead_holds_fact"] == pytest.approx(0.5)
    assert after["abstention"] == pytest.approx(1.0) and after["false_abstention"] == 0.0


def test_moved_lists_abstention_and_held_fact_changes_only():
    changes = {qid: change for qid, _kind, change in moved(BEFORE, AFTER)}
    assert set(changes) == {"b", "u"}  # a's lead changed, not its answer
    assert changes["b"] == "abstained True → False, holds False → True"


def test_every_opened_set_exists_and_compare_runs(tmp_path):
    assert all((REPO / "bench" / "eval" / f"{name}.jsonl").is_file() for name in OPENED)
    for folder, rows in (("before", BEFORE), ("after", AFTER)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "eval-dev.json").write_text(json.dumps({"rows": rows}), encoding="utf-8")
    out = subprocess.run([sys.executable, "bench/opened_sets.py", "compare", str(tmp_path / "before"),
                          str(tmp_path / "after")], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "b (list): abstained True → False" in out.stdout and "pooled (2 answerable, 2 unanswerable)" in out.stdout
