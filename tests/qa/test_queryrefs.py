"""Documents a question names (qa.queryrefs): "nq 41", "nghị định 114/2003", "công văn ngày 13/6/2016"."""

import unicodedata

import pytest

from common.vietnamese.mentions import find_doc_numbers
from qa.queryrefs import parse_query_refs
from tests.conftest import CORPUS

SEED = CORPUS / "moi-truong" / "2016-06-13-cong-van-trien-khai-ket-luan-02-KL-TW.txt"


def read(path):
    return unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))


class TestParseQueryRefs:
    @pytest.mark.parametrize(
        "query, doc_type, key",
        [
            ("nq 41 nói gì về môi trường", "Nghị quyết", "41"),
            ("nq41", "Nghị quyết", "41"),
            ("41-NQ/TW yêu cầu gì", "Nghị quyết", "41-nq-tw"),
            ("nghị quyết 41", "Nghị quyết", "41"),
            ("nghi quyet 41 ve moi truong", "Nghị quyết", "41"),
            ("nghị định 114", "Nghị định", "114"),
            ("nđ 114/2003", "Nghị định", "114-2003"),
            ("chỉ thị 38", "Chỉ thị", "38"),
            ("ket luan 02", "Kết luận", "2"),
            ("Thông tư 99/1998/TT-BTC hướng dẫn gì", "Thông tư", "99-1998-tt-btc"),
        ],
    )
    def test_recognises_how_people_name_documents(self, query, doc_type, key):
        [ref] = parse_query_refs(query)
        assert (ref.doc_type, ref.number_key) == (doc_type, key)

    def test_span_points_at_the_reference(self):
        query = "Theo nghi quyet 41 thi sao?"
        [ref] = parse_query_refs(query)
        assert query[ref.span[0] : ref.span[1]] == "nghi quyet 41" == ref.text

    def test_letter_by_date(self):
        [ref] = parse_query_refs("công văn ngày 13/6/2016 giao ai chủ trì?")
        assert (ref.doc_type, ref.number_key, ref.issued_date) == ("Công văn", None, "2016-06-13")
        assert ref.matches("Công văn", None, "2016-06-13")
        assert not ref.matches("Công văn", None, "2016-06-14")

    def test_partial_reference_matches_the_cited_resolution(self):
        cites = find_doc_numbers(read(SEED))
        [ref] = parse_query_refs("nq 41")
        assert ref.partial
        found = [c.doc_number for c in cites if ref.matches(c.doc_type, c.number_key, c.issued_date)]
        assert found == ["41-NQ/TW"]

    def test_thong_tu_finds_a_joint_circular(self):
        [ref] = parse_query_refs("tt 176/1998")
        assert ref.matches("Thông tư liên tịch", "176-1998-ttlt-btc-bcn-tchq", "1998-12-25")

    def test_type_must_agree(self):
        [ref] = parse_query_refs("chỉ thị 41")
        assert not ref.matches("Nghị quyết", "41-nq-tw", "2004-11-15")

    def test_decree_by_number_and_year(self):
        [ref] = parse_query_refs("nghị định 114 năm 2003")
        assert ref.year == 2003
        assert ref.matches("Nghị định", "114-2003-nd-cp", "2003-10-10")
        assert not ref.matches("Nghị định", "114-2004-nd-cp", None)

    def test_questions_without_a_document_give_nothing(self):
        assert parse_query_refs("bảo vệ môi trường ở cấp xã cần làm gì trong năm 2020?") == []
        assert parse_query_refs("nghị quyết về môi trường") == []
