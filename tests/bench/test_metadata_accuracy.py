"""The metadata benchmark's metric (bench/metadata_accuracy.py) on a case small enough to check by
hand, and the labelled sample's shape (issue 13: at least 40 documents, half not instruments)."""

import json
import sys

from tests.conftest import FIXTURES, REPO

sys.path.insert(0, str(REPO / "bench"))

import metadata_accuracy  # noqa: E402


class TestNormalize:
    def test_case_quotes_dashes_spaces_and_outer_punctuation_do_not_count(self):
        assert metadata_accuracy.normalize("“Phát triển công nghệ mới :  nền kinh tế mới”.") == \
            metadata_accuracy.normalize("phát triển công nghệ mới: nền kinh tế mới")
        assert metadata_accuracy.normalize("Bà Rịa – Vũng Tàu") == "bà rịa - vũng tàu"
        assert metadata_accuracy.normalize("UỶ BAN NHÂN DÂN") == "ủy ban nhân dân"

    def test_letters_still_count(self):
        assert metadata_accuracy.normalize("UBND tỉnh An Giang") != metadata_accuracy.normalize(
            "Ủy ban nhân dân tỉnh An Giang")
        assert metadata_accuracy.normalize(None) is None and metadata_accuracy.normalize(" . ") is None


class TestScore:
    LABELS = [
        {"path": "a.txt", "group": "instrument", "doc_type": "Thông tư", "title": "Hướng dẫn thi hành",
         "doc_number": "99/1998/TT-BTC", "issued_date": "1998-07-14", "issuer": "Bộ Tài chính", "issued_with": None},
        {"path": "b.txt", "group": "other", "doc_type": "Biểu mẫu", "title": "Đơn đăng ký kinh doanh",
         "doc_number": None, "issued_date": None, "issuer": None, "issued_with": None},
    ]

    def test_per_field_accuracy_counts_nulls_as_values(self):
        found = {
            "a.txt": {"doc_type": "thông tư", "doc_number": "99/1998/TT-BTC", "issued_date": "1998-07-14",
                      "issuer": "Bộ trưởng Bộ Tài chính", "issued_with": None, "title": "Hướng dẫn thi hành."},
            "b.txt": {"doc_type": None, "doc_number": "B1-1", "issued_date": None, "issuer": None,
                      "issued_with": None, "title": "Đơn đăng ký"},
        }
        result = metadata_accuracy.score(self.LABELS, found)
        acc = result["accuracy"]
        assert (acc["doc_type"], acc["doc_number"], acc["issued_date"], acc["issuer"]) == (0.5, 0.5, 1.0, 0.5)
        assert acc["title"] == 0.5  # "Đơn đăng ký" is not the labelled title
        assert result["title_token_f1"] == round((1.0 + 2 * 0.6 * 1.0 / 1.6) / 2, 4)  # 3 of 5 words, all right
        assert result["groups"]["other"]["accuracy"]["doc_type"] == 0.0
        assert {(m["path"], m["field"]) for m in result["misses"]} == {
            ("a.txt", "issuer"), ("b.txt", "doc_type"), ("b.txt", "doc_number"), ("b.txt", "title")}


class TestLabelledSample:
    def test_forty_documents_half_of_them_not_instruments(self):
        docs = json.loads((FIXTURES / "metadata" / "labels.json").read_text(encoding="utf-8"))["documents"]
        others = [d for d in docs if d["group"] == "other"]
        assert len(docs) >= 40 and len(others) >= len(docs) / 2
        assert all((REPO / "corpus" / d["path"]).is_file() for d in docs)
