"""bench/fit_draft_gate.py: the gate on recorded signals, and its cross-validation."""

from __future__ import annotations

from bench.fit_draft_gate import cross_validate, drafts, errors


def _row(i: int, supported: bool, best: float, nearest: float, named: bool = False) -> dict:
    return {"id": str(i), "file": "f", "supported": supported, "empty": False, "best": best, "nearest": nearest,
            "named": named}


def test_the_gate_drafts_on_a_named_document_a_covering_sentence_or_a_near_passage():
    assert drafts(_row(1, True, 0.1, 0.8, named=True), 0.35, 0.9)
    assert drafts(_row(2, True, 0.4, 0.8), 0.35, 0.9)
    assert drafts(_row(3, True, 0.1, 0.91), 0.35, 0.9)
    assert not drafts(_row(4, True, 0.1, 0.91), 0.35, None)
    assert not drafts(_row(5, False, 0.3, 0.88), 0.35, 0.9)


def test_cross_validation_finds_the_bar_that_separates_supported_topics_from_the_rest():
    # Supported topics: near passages (0.92) but weak sentences; unsupported: 0.87 and weak.
    rows = [_row(i, True, 0.2, 0.92) for i in range(20)] + [_row(100 + i, False, 0.2, 0.87) for i in range(10)]
    assert errors(rows, (0.35, None)) == (20, 0)
    report = cross_validate(rows, (0.35, None), repeats=2)
    assert report["cross_validated"] == {"false_no_material": 0.0, "drafted_without_material": 0.0}
    assert report["in_sample_best"]["errors"] == (0, 0) and report["current"]["errors"] == (20, 0)
