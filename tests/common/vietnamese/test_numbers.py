"""Document numbers and dates: keys, cited documents in text (common.vietnamese.numbers, mentions, dates)."""

import unicodedata

import pytest

from common.vietnamese.dates import format_date_vi, parse_date_vi
from common.vietnamese.mentions import find_doc_numbers
from common.vietnamese.numbers import number_key, number_matches
from tests.conftest import CORPUS

SEED = CORPUS / "moi-truong" / "2016-06-13-cong-van-trien-khai-ket-luan-02-KL-TW.txt"
REF = CORPUS / "van-ban-tham-khao"


def read(path):
    return unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))


class TestNumberKey:
    @pytest.mark.parametrize("written", ["41-NQ/TW", "41/NQ-TW", "41-nq-tw", "41-NQ/TƯ", " 41 - NQ / TW "])
    def test_party_number_written_any_way_gives_one_key(self, written):
        assert number_key(written) == "41-nq-tw"

    @pytest.mark.parametrize("written", ["NQ 41", "nq41", "NQ-41"])
    def test_abbreviation_first_gives_the_partial_key(self, written):
        assert number_key(written) == "41-nq"

    def test_state_number_keeps_the_year_and_folds_dj(self):
        assert number_key("114/2003/NĐ-CP") == "114-2003-nd-cp"
        assert number_key("99/ 1998/TT-BTC") == "99-1998-tt-btc"  # a typist's space
        assert number_key("144 /2002/QĐ/BTC") == "144-2002-qd-btc"

    def test_leading_zeros_do_not_make_another_document(self):
        assert number_key("02-KL/TW") == number_key("2-KL/TW") == "2-kl-tw"

    def test_trung_uong_and_tinh_uy_stay_apart(self):
        assert number_key("38-CT/TU") != number_key("38-CT/TƯ")


class TestNumberMatches:
    @pytest.mark.parametrize("query", ["41", "41-nq", "41-tw", "41-nq-tw", "41-2004"])
    def test_partial_keys_find_the_resolution(self, query):
        assert number_matches(query, "41-nq-tw")

    @pytest.mark.parametrize("query", ["42-nq", "41-ct", "41-nq-tu"])
    def test_other_documents_do_not_match(self, query):
        assert not number_matches(query, "41-nq-tw")

    def test_a_wrong_year_does_not_match_a_decree(self):
        assert number_matches("114-2003", "114-2003-nd-cp")
        assert not number_matches("114-2004", "114-2003-nd-cp")

    def test_thong_tu_abbreviation_also_finds_joint_circulars(self):
        assert number_matches("176-1998-tt", "176-1998-ttlt-btc-bcn-tchq")


class TestFindDocNumbers:
    def test_seed_letter_cites_five_documents_with_dates_and_issuers(self):
        cites = {c.doc_number: c for c in find_doc_numbers(read(SEED))}
        assert list(cites) == ["02-KL/TW", "41-NQ/TW", "38-CT/TU", "24-NQ/TW", "32-CTr/TU"]
        assert cites["41-NQ/TW"].issued_date == "2004-11-15"
        assert cites["41-NQ/TW"].issuer == "Bộ Chính trị"
        assert cites["41-NQ/TW"].doc_type == "Nghị quyết"
        assert cites["02-KL/TW"].issued_date == "2016-04-26"
        assert cites["02-KL/TW"].issuer == "Ban Bí thư"
        assert (cites["38-CT/TU"].doc_type, cites["38-CT/TU"].issued_date) == ("Chỉ thị", "2005-10-10")
        assert cites["24-NQ/TW"].issuer == "Ban Chấp hành Trung ương"
        assert cites["32-CTr/TU"].doc_type == "Chương trình hành động"
        assert cites["32-CTr/TU"].issued_date == "2013-10-14"

    def test_the_richest_mention_wins(self):
        text = (
            "Thực hiện Nghị quyết số 41-NQ/TW. Sau 10 năm thực hiện Nghị quyết số 41-NQ/TW "
            "ngày 15/11/2004 của Bộ Chính trị (khóa IX), ... theo Nghị quyết 41-NQ/TW."
        )
        [cite] = find_doc_numbers(text)
        assert (cite.issued_date, cite.issuer) == ("2004-11-15", "Bộ Chính trị")

    def test_state_documents_with_long_dates_and_issuers(self):
        text = (
            "Căn cứ Nghị định số 30/1998/NĐ-CP ngày 13 tháng 5 năm 1998 của Chính phủ quy định chi tiết; "
            "Thông tư 99/1998/TT-BTC hướng dẫn; Quyết định số 256/2004/QĐ-UB ngày 01/7/2004 "
            "của Ủy ban nhân dân thành phố Cần Thơ về việc ban hành."
        )
        cites = {c.number_key: c for c in find_doc_numbers(text)}
        assert cites["30-1998-nd-cp"].doc_type == "Nghị định"
        assert cites["30-1998-nd-cp"].issued_date == "1998-05-13"
        assert cites["30-1998-nd-cp"].issuer == "Chính phủ"
        assert cites["99-1998-tt-btc"].doc_type == "Thông tư"
        assert cites["256-2004-qd-ub"].issuer == "Ủy ban nhân dân thành phố Cần Thơ"

    def test_issuer_written_before_the_date(self):
        text = "Căn cứ Nghị quyết 45/1998/NQ-UBTVQH10 của ủy ban Thường vụ Quốc hội ngày 26 tháng 02 năm 1998 về"
        [cite] = find_doc_numbers(text)
        assert (cite.issuer, cite.issued_date) == ("Ủy ban Thường vụ Quốc hội", "1998-02-26")

    def test_listed_letters_inherit_the_type(self):
        text = "tại các Công văn số 4830/KTTH ngày 24/9/1997, số 1440/CP-KTTH ngày 07/11/1998 của Chính phủ"
        assert [c.doc_type for c in find_doc_numbers(text)] == ["Công văn", "Công văn"]

    def test_dates_periods_and_form_numbers_are_not_documents(self):
        text = "ngày 15/11/2004, giai đoạn 2004 - 2010, tỷ lệ 74,8%, Mẫu số 22/CKTC-NSH, biểu B1-2-TMĐT"
        assert find_doc_numbers(text) == []

    def test_joint_circular_type_comes_from_its_number(self):
        [cite] = find_doc_numbers("theo Thông tư số 60/2003/TTLT-BNV-BTC ngày 25/4/2003")
        assert cite.doc_type == "Thông tư liên tịch"

    def test_every_reference_document_cites_the_decree_it_implements(self):
        cites = [c.number_key for c in find_doc_numbers(read(REF / "2003-A04.txt"))]
        assert "30-1998-nd-cp" in cites


class TestDates:
    def test_format_date_vi(self):
        assert format_date_vi("2016-06-13") == "13/6/2016"
        assert format_date_vi("2004-11-05") == "5/11/2004"

    @pytest.mark.parametrize(
        "text", ["ngày 13 tháng 5 năm 1998", "13/5/1998", "13-5-1998", "ngày 13 tháng5 năm1998"]
    )
    def test_parse_date_vi(self, text):
        assert parse_date_vi(text) == "1998-05-13"

    def test_impossible_dates_are_refused(self):
        assert parse_date_vi("ngày 31/2/2004") is None
