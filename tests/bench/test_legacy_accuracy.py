"""The legacy-encoding goal, checked on every run: diacritic accuracy >= 0.98 overall and no
file below 0.90 on the 37 real TCVN3/VNI originals (the metric of tests/fixtures/legacy/README.md),
through the same conversion as ``policyqa convert``."""

import sys

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

import legacy_accuracy  # noqa: E402


class TestScore:
    def test_stripping_diacritics_scores_high_on_characters_and_zero_on_diacritics(self):
        expected = "Quyết định về việc thành lập Ủy ban"
        stripped = "Quyet dinh ve viec thanh lap Uy ban"
        result = legacy_accuracy.score(expected, stripped)
        assert result["diacritic"] == 0.0
        assert result["char"] > 0.7

    def test_identical_text_scores_one(self):
        result = legacy_accuracy.score("Nghị định số 114", "Nghị  định số 114")
        assert result["diacritic"] == 1.0


@pytest.mark.slow
class TestLegacyCorpus:
    def test_goal_reached_on_every_original(self):
        report = legacy_accuracy.run()
        assert len(report["files"]) == 37
        assert report["overall"]["diacritic"] >= 0.98
        worst = min(report["files"], key=lambda r: r["diacritic"])
        assert worst["diacritic"] >= 0.90, worst["file"]
