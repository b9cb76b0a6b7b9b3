"""The document choice's ratio is chosen on recorded topics, leaving one set out (bench/fit_doc_choice.py)."""

from __future__ import annotations

from bench.fit_doc_choice import RATIOS, held_out_ratio


def _row(topic_set: str, listed: list[str]) -> dict:
    # Two documents retrieved: "a" ranked first and third (1 + 1/3), "b" second (1/2): 0.375 of "a"'s score.
    hits = [["a", "original"], ["b", "original"], ["a", "original"]]
    return {"set": topic_set, "content": "thuế nhập khẩu", "named": [], "hits": hits, "listed": listed,
            "titles": {"a": "", "b": ""}, "sizes": {"a": 1, "b": 1}}


def test_the_ratio_that_admits_the_second_listed_document_is_chosen_on_the_other_sets():
    # In every set the helper listed both documents: a ratio low enough to take "b" (0.5 / 1.33 = 0.375) wins.
    rows = [_row(f"set-{i}", ["a", "b"]) for i in range(3)]
    result = held_out_ratio(rows)
    assert result["topics"] == 3 and set(result["picks"]) <= {str(r) for r in RATIOS if r <= 0.375}
    assert result["pooled"]["after"]["listed_chosen"] == 1.0 > result["pooled"]["before"]["listed_chosen"]
    # Where only "a" is listed, the second document costs: the ratio kept keeps it out.
    alone = held_out_ratio([_row(f"set-{i}", ["a"]) for i in range(3)])
    assert alone["pooled"]["after"]["chosen_listed"] == 1.0
