"""`policyqa eval`'s scoring rule (docs/EVAL.md), on the real small index: a passage answers when
it is of the question's document and holds every keyword; the answer holds the fact when its own
text (not the cited passage) holds every answer keyword; an unanswerable question is scored on
abstention alone."""

from __future__ import annotations

import pytest

from qa.evaluate import answers, evaluate, holds_fact

LETTER = "moi-truong/2016-06-13-cong-van-trien-khai-ket-luan-02-KL-TW"
QUESTIONS = [
    {"id": "a", "question": "Đến năm 2020 tỉnh phấn đấu tỷ lệ che phủ rừng đạt bao nhiêu phần trăm?", "doc": LETTER,
     "keywords": ["74,8%"], "answer_keywords": ["74,8%"], "kind": "factoid"},
    {"id": "u", "question": "Tỉnh có bao nhiêu dự án điện mặt trời?", "doc": "", "keywords": [],
     "answer_keywords": [], "kind": "unanswerable"},
]


def test_a_passage_answers_only_for_its_own_document_with_every_keyword():
    item = {"doc": "d/x", "keywords": ["Che phủ rừng", "74,8%"]}
    assert answers("tỷ lệ  che phủ rừng đạt 74,8%", "d/x.txt", item)
    assert not answers("tỷ lệ che phủ rừng đạt 74,8%", "d/y.txt", item)
    assert not answers("tỷ lệ che phủ rừng", "d/x.txt", item)


def test_the_answer_holds_its_answer_keywords_or_its_first_keyword():
    assert holds_fact("… đạt 74,8% [1]", {"answer_keywords": ["74,8%"], "keywords": ["che phủ"]})
    assert not holds_fact("… che phủ rừng [1]", {"answer_keywords": ["74,8%"], "keywords": ["che phủ"]})
    assert holds_fact("… che phủ rừng [1]", {"keywords": ["che phủ"]})


def test_rows_and_figures_of_a_run(engine):
    report = evaluate(engine.engine, QUESTIONS, baselines=False)
    rows = {r["id"]: r for r in report.rows}
    assert rows["a"]["rank"] is not None and rows["a"]["holds_fact"] and rows["a"]["cited"][0] == LETTER
    assert rows["u"]["abstained"] and rows["u"]["cited"] == [] and rows["u"]["holds_fact"] is None
    metrics = report.metrics
    assert metrics["answer_holds_fact"] == pytest.approx(1.0) and metrics["abstention"] == pytest.approx(1.0)
    assert metrics["false_abstention"] == 0.0 and report.per_kind["unanswerable"]["unanswerable"] == 1
