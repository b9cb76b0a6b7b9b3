"""The OCR benchmark's metrics (bench/ocr_accuracy.py), on texts whose scores are known."""

import sys

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

import ocr_accuracy  # noqa: E402


class TestMetrics:
    @pytest.mark.parametrize(("a", "b", "distance"), [
        ("kitten", "sitting", 3), ("", "abc", 3), ("Nghị định", "Nghị định", 0), ("Nghị định", "Nghi đinh", 2),
    ])
    def test_edit_distance(self, a, b, distance):
        assert ocr_accuracy.edit_distance(a, b) == distance

    def test_layout_does_not_count_and_nfd_equals_nfc(self):
        reference = "Quyết định số 12\nvề việc bảo vệ môi trường"
        assert ocr_accuracy.char_accuracy(reference, "Quyết định số 12 về việc\n\nbảo vệ môi trường") == 1.0
        assert ocr_accuracy.char_accuracy(reference, "Quye\u0302\u0301t định số 12 về việc bảo vệ môi trường") == 1.0

    def test_lost_diacritics_cost_little_in_characters_and_everything_in_diacritics(self):
        reference, stripped = "Quyết định về việc thành lập Ủy ban", "Quyet dinh ve viec thanh lap Uy ban"
        assert ocr_accuracy.char_accuracy(reference, stripped) == pytest.approx(1 - 8 / 35)  # 8 letters differ
        assert ocr_accuracy.diacritic_accuracy(reference, stripped) == 0.0
