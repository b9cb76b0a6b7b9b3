"""bench/draft_eval.py: a key point counts when a quotation holds it, whatever punctuation a helper copied after it."""

from __future__ import annotations

from bench.draft_eval import key_phrase, score_draft


def _draft(quote: str) -> dict:
    citation = {"doc_id": "d", "quote": quote, "quote_start": 0, "quote_end": len(quote), "passage": quote,
                "status": "full", "n": 1}
    return {"citations": [citation], "lead": "", "sections": [{"heading": "", "paragraphs": [{"text": f"“{quote}” [1]"}]}]}


def test_a_key_point_copied_with_its_full_stop_is_covered_by_the_sentence_quoted_without_it():
    record = {"id": "t", "key_points": [{"phrase": "Cấm tẩy xoá, cấm dùng chất hoá học để sửa chữa."},
                                        {"phrase": "Mọi chứng từ phải được lập đủ số liên;"}]}
    row = score_draft(record, _draft("Cấm tẩy xoá, cấm dùng chất hoá học để sửa chữa"))
    assert row["key_points_covered"] == 1
    assert row["missed"] == ["Mọi chứng từ phải được lập đủ số liên;"]
    assert key_phrase(" Cấm  tẩy xoá. ") == key_phrase("cấm tẩy xoá")
