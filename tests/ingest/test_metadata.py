"""Official metadata read from the documents' own text (values checked by reading the files)."""

import unicodedata

import pytest

from ingest.amendments import amended_documents, issued_with
from ingest.metadata import document_label, extract_metadata
from tests.conftest import CORPUS

MISSION = CORPUS / "moi-truong"
REF = CORPUS / "van-ban-tham-khao"


def meta_of(path):
    # The seed letter on disk mixes NFC and NFD; the pipeline normalises first.
    return extract_metadata(unicodedata.normalize("NFC", path.read_text(encoding="utf-8")))


class TestSeedLetter:
    """The Party letter has no number, no type heading and no issuer block."""

    @pytest.fixture(scope="class")
    def meta(self):
        return meta_of(MISSION / "2016-06-13-cong-van-trien-khai-ket-luan-02-KL-TW.txt")

    def test_type_place_date(self, meta):
        assert meta.doc_type == "Công văn"
        assert meta.doc_number is None and meta.number_key is None
        assert (meta.place, meta.issued_date) == ("Đồng Xoài", "2016-06-13")

    def test_summary_is_joined_onto_one_line(self, meta):
        assert meta.summary == "Về việc triển khai thực hiện Kết luận số 02-KL/TW của Ban Bí thư (khóa XII)"

    def test_issuer_comes_from_the_body_and_invents_no_province(self, meta):
        assert meta.issuer == "Ban Thường vụ Tỉnh ủy"

    def test_kinh_gui(self, meta):
        assert meta.recipients == [
            "Ban Cán sự Đảng UBND tỉnh",
            "Mặt trận Tổ quốc và các đoàn thể tỉnh",
            "Các đảng bộ trực thuộc tỉnh",
            "Các cơ quan báo chí của tỉnh",
        ]

    def test_noi_nhan(self, meta):
        assert len(meta.distribution) == 11
        assert meta.distribution[0] == "Ban Bí thư Trung ương Đảng"
        assert "Như kính gửi" in meta.distribution
        assert meta.distribution[-1] == "Lưu Văn phòng Tỉnh ủy"

    def test_no_signature_in_the_text(self, meta):
        assert (meta.signer, meta.signer_title) == (None, None)

    def test_cites(self, meta):
        cites = {c.doc_number: c for c in meta.cites}
        assert list(cites) == ["02-KL/TW", "41-NQ/TW", "38-CT/TU", "24-NQ/TW", "32-CTr/TU"]
        assert cites["41-NQ/TW"].issued_date == "2004-11-15"
        assert cites["02-KL/TW"].issued_date == "2016-04-26"
        assert cites["38-CT/TU"].issued_date == "2005-10-10"
        assert cites["32-CTr/TU"].issued_date == "2013-10-14"
        assert cites["24-NQ/TW"].issued_date is None

    def test_label_has_no_number(self, meta):
        assert meta.label == "Công văn ngày 13/6/2016 của Ban Thường vụ Tỉnh ủy"


class TestResolution41Digest:
    """Party style header: issuer, "ĐẢNG CỘNG SẢN VIỆT NAM", "Số 41-NQ/TW", T/M signature."""

    @pytest.fixture(scope="class")
    def meta(self):
        return meta_of(MISSION / "2004-11-15-nghi-quyet-41-NQ-TW-tom-luoc.txt")

    def test_header(self, meta):
        assert (meta.doc_type, meta.doc_number, meta.number_key) == ("Nghị quyết", "41-NQ/TW", "41-nq-tw")
        assert (meta.issuer, meta.place, meta.issued_date) == ("Bộ Chính trị", "Hà Nội", "2004-11-15")

    def test_upper_case_title_becomes_the_summary(self, meta):
        # Letters kept as written ("hoá"); only the case of the heading changes.
        assert meta.summary == "Về bảo vệ môi trường trong thời kỳ đẩy mạnh công nghiệp hoá, hiện đại hoá đất nước"

    def test_signature(self, meta):
        assert (meta.signer, meta.signer_title, meta.signed_for) == (
            "Nông Đức Mạnh", "Tổng Bí thư", "T/M Bộ Chính trị"
        )

    def test_cites_the_directive_but_not_itself(self, meta):
        assert [c.doc_number for c in meta.cites] == ["36-CT/TW"]
        assert meta.cites[0].issuer == "Bộ Chính trị"

    def test_label(self, meta):
        assert meta.label == "Nghị quyết số 41-NQ/TW ngày 15/11/2004 của Bộ Chính trị"
        assert meta.meta_fields()["title"] == meta.label


# Expected values read from the files by hand. Several file names mislead ("2003-A04" is
# Thông tư 99/1998/TT-BTC, "2006-16EZE_TT01.06..." is a State Bank circular).
REFERENCE = {
    "2004-NghiDinh114_2003.txt": dict(
        doc_type="Nghị định", doc_number="114/2003/NĐ-CP", issuer="Chính phủ", place=None,
        issued_date="2003-10-10", summary="Về cán bộ, công chức xã, phường, thị trấn",
        signer="Phan Văn Khải", signer_title="Thủ tướng",
    ),
    "2006-1E499_ND109veDKKD_dacotrenmucPTDNN-V.txt": dict(
        doc_type="Nghị định", doc_number="109/2004/NĐ-CP", issuer="Chính phủ", place="Hà Nội",
        issued_date="2004-04-02", summary="Về đăng ký kinh doanh", signer="Phan Văn Khải", signer_title="Thủ tướng",
    ),
    "2004-0328NDCP.txt": dict(
        doc_type="Nghị định", doc_number="28/2003/NĐ-CP", issuer="Chính phủ", place="Hà Nội",
        issued_date="2003-03-31",
        summary="Quy định việc phát hành công trái xây dựng Tổ quốc năm 2003 - Công trái giáo dục",
        signer="Phan Văn Khải", signer_title="Thủ tướng Chính phủ",
    ),
    "2004-A3.txt": dict(
        doc_type="Nghị định", doc_number="26/2001/NĐ-CP", issuer="Chính phủ", place="Hà Nội",
        issued_date="2001-06-04", signer="Nguyễn Tấn Dũng", signer_title="Phó Thủ tướng",
        summary="Sửa đổi, bổ sung một số điều của Nghị định số 30/1998/NĐ-CP ngày 13 tháng 5 năm 1998 "
        "của Chính phủ quy định chi tiết thi hành Luật Thuế thu nhập doanh nghiệp",
    ),
    "2003-A04.txt": dict(
        doc_type="Thông tư", doc_number="99/1998/TT-BTC", issuer="Bộ Tài chính", place="Hà Nội",
        issued_date="1998-07-14", signer="Phạm Văn Trọng", signer_title="Thứ trưởng",
        summary="Hướng dẫn thi hành Nghị định số 30/1998/NĐ-CP ngày 13 tháng 5 năm 1998 của Chính phủ "
        "qui định chi tiết thi hành Luật thuế thu nhập doanh nghiệp",
    ),
    "2003-A37.txt": dict(
        doc_type="Thông tư liên tịch", doc_number="120/2000/TTLT-BTC-BCN-TCHQ",
        issuer="Bộ Tài chính - Công nghiệp - Tổng cục Hải quan", place=None, issued_date="2000-12-25",
    ),
    "2006-16EZE_TT01.06GopvonDNNVV.txt": dict(
        doc_type="Thông tư", doc_number="01/2006/TT-NHNN", issuer="Ngân hàng Nhà nước Việt Nam",
        place="Hà Nội", issued_date="2006-02-20", signer="Nguyễn Đồng Tiến", signer_title="Phó Thống đốc",
        summary="Hướng dẫn một số nội dung về góp vốn thành lập Quỹ bảo lãnh tín dụng cho các doanh nghiệp nhỏ và vừa",
    ),
    "2003-02144qd.txt": dict(
        doc_type="Quyết định", doc_number="144/2002/QĐ/BTC", issuer="Bộ Tài chính", place="Hà Nội",
        issued_date="2002-11-22", signer="Trương Chí Trung", signer_title="Thứ trưởng",
        summary="Về việc sửa đổi mức thuế suất của một số mặt hàng trong Biểu thuế thuế nhập khẩu ưu đãi",
    ),
    "2004-B6.txt": dict(
        doc_type="Quyết định", doc_number="1141-TC/QĐ/CĐKT", issuer="Bộ Tài chính",
        issued_date="1995-11-01", summary="Về việc ban hành chế độ kế toán doanh nghiệp",
    ),
    "2006-19412_QD115.04TTg_BLTch_DNNVV.txt": dict(
        doc_type="Quyết định", doc_number="115/2004/QĐ-TTg", issuer="Thủ tướng Chính phủ",
        issued_date="2004-06-25",
    ),
    "2004-19Z9A_Luat_hop_tac_xasuadoi.txt": dict(
        doc_type="Luật", doc_number="18/2003/QH11", issuer="Quốc hội", place=None, issued_date="2003-11-26",
        summary="Hợp tác xã", signer="Nguyễn Văn An", signer_title="Chủ tịch Quốc hội",
    ),
    "2005-QD-256.txt": dict(
        doc_type="Quyết định", doc_number="256/2004/QĐ-UB", issuer="Ủy ban nhân dân thành phố Cần Thơ",
        place="TP.Cần Thơ", issued_date="2004-07-01", signer="Võ Thanh Tòng", signer_title="Chủ tịch",
        summary="V/v ban hành Chương trình Cải cách hành chính của thành phố Cần Thơ giai đoạn 2004 - 2010",
    ),
    "2008-23.QD-991-UBND.txt": dict(
        doc_type="Quyết định", doc_number="991/QĐ-UBND", issuer="Ủy ban nhân dân tỉnh Bình Phước",
        place="Đồng Xoài", issued_date="2008-05-14", signer="Trương Tấn Thiệu", signer_title="Chủ tịch",
    ),
    "2005-QDINHUUDAI522.txt": dict(
        doc_type="Quy định", doc_number=None, issuer="Ủy ban nhân dân tỉnh An Giang", place="Long Xuyên",
        issued_date="2002-03-07", signer="Nguyễn Hoàng Việt", signer_title="Phó Chủ tịch",
        summary="Chính sách khuyến khích và ưu đãi đầu tư đối với một số lĩnh vực, ngành, nghề "
        "trên địa bàn tỉnh An Giang",
    ),
    "2006-quydinhkiemtra02.txt": dict(
        doc_type="Quy định", doc_number=None, issuer="Ủy ban nhân dân tỉnh Cà Mau",
        signer="Trịnh Minh Thành", signer_title="Phó Chủ tịch",
    ),
}


class TestReferenceDocuments:
    @pytest.mark.parametrize("name", sorted(REFERENCE))
    def test_fields_match_the_file(self, name):
        meta = meta_of(REF / name)
        got = {field: getattr(meta, field) for field in REFERENCE[name]}
        assert got == REFERENCE[name]

    def test_decision_without_a_filled_in_number(self):
        meta = meta_of(REF / "2007-Quy-che-chi-tieu-noi-bo-2007.txt")  # "Số :      /QĐ. BQL–VP"
        assert (meta.doc_type, meta.doc_number, meta.issued_date) == ("Quyết định", None, None)
        assert meta.summary.startswith("V/v Ban hành Quy chế chi tiêu nội bộ")

    def test_distribution_beside_the_signature_block(self):
        meta = meta_of(REF / "2004-0328NDCP.txt")
        assert meta.distribution[0] == "Ban Bí thư Trung ương Đảng"
        assert meta.distribution[-1] == "Lưu: KTTH (5b), Văn thư"
        assert "Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ" in meta.distribution  # wrapped item

    def test_distribution_stops_before_the_appended_forms(self):
        meta = meta_of(REF / "2003-A04.txt")
        assert meta.distribution[-1] == "Lưu VP (TH; HC), TCT (HC; CS)"
        assert meta.signed_for == "KT. Bộ trưởng Bộ Tài chính"

    def test_cites_exclude_the_document_itself(self):
        meta = meta_of(REF / "2003-A37.txt")
        keys = [c.number_key for c in meta.cites]
        assert meta.number_key not in keys
        assert "176-1998-ttlt-btc-bcn-tchq" in keys

    def test_form_has_a_recipient_but_no_invented_issuer(self):
        meta = meta_of(REF / "2006-Mau-MD-2M-TNHH1.txt")
        assert meta.recipients == ["Phòng đăng ký kinh doanh tỉnh Sóc Trăng"]
        assert (meta.issuer, meta.doc_type, meta.issued_date) == (None, "Biểu mẫu", None)
        assert meta.summary == "Đơn đăng ký kinh doanh công ty trách nhiệm hữu hạn có hai thành viên trở lên"

    def test_conference_paper_is_a_speech_with_no_issuer(self):
        """A discussant's comments at a forum: a speech; its date the forum's first day; the
        speaker is no issuing body."""
        meta = meta_of(REF / "2004-1E849_Tran_Du_Lich.txt")
        fields = (meta.doc_type, meta.doc_number, meta.issuer, meta.issued_date, meta.signer)
        assert fields == ("Bài phát biểu", None, None, "2002-03-20", None)


class TestAmendments:
    """What a document says it amends, from its trích yếu or (without one) its opening."""

    def test_decree_amending_a_decree(self):
        meta = meta_of(REF / "2004-A3.txt")
        assert [c.number_key for c in meta.amends] == ["30-1998-nd-cp"]

    def test_annex_amending_a_regulation_issued_with_a_decision(self):
        """The annex has no number of its own; it was issued with Quyết định 1445/2002 and
        amends the regulation issued with Quyết định 522/2002."""
        amending = meta_of(REF / "2005-QDSUA522.txt")
        assert amending.issued_with == "1445/2002/QĐ-UB"
        assert [c.number_key for c in amending.amends] == ["522-2002-qd-ub"]
        amended = meta_of(REF / "2005-QDINHUUDAI522.txt")
        assert amended.issued_with == "522/2002/QĐ.UB" and not amended.amends

    def test_only_the_document_named_after_the_verb(self):
        """Thông tư 117/2000 amends Thông tư 40/2000, not the decision that one guides."""
        meta = meta_of(REF / "2003-A30.txt")
        assert [c.number_key for c in meta.amends] == ["40-2000-tt-btc"]

    @pytest.mark.parametrize(
        "statement",
        [
            "Quy định chi tiết thi hành Luật sửa đổi, bổ sung một số điều của Luật Thuế xuất khẩu số 04/1998/QH10",
            "Hướng dẫn bổ sung quy định về thuế tại Thông tư số 99/1998/TT-BTC ngày 14/7/1998",
            "Về cán bộ, công chức xã, phường, thị trấn",
        ],
    )
    def test_implementing_or_supplementing_is_not_amending(self, statement):
        assert amended_documents(statement) == []

    def test_replacing(self):
        found = amended_documents("Về việc thay thế Quyết định số 12/2005/QĐ-UBND ngày 3/2/2005 của UBND tỉnh")
        assert [c.doc_number for c in found] == ["12/2005/QĐ-UBND"]

    def test_a_decision_is_not_issued_with_itself(self):
        assert issued_with("QUYẾT ĐỊNH\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế …") is None

    def test_an_annex_that_says_only_kem_theo(self):
        # The opening of corpus/van-ban-tham-khao/2004-13-t-Phuluc3.txt.
        text = ("Phụ lục 3\n\nQuy trình tổng thể các bước công việc\nĐánh giá kết quả\n"
                " (Kèm theo Quyết định số  13/2004/QĐ-BKHCN ngày 25/5/2004\ncủa Bộ trưởng Bộ Khoa học và Công nghệ)")
        assert issued_with(text) == "13/2004/QĐ-BKHCN"
        assert issued_with("Công văn này gửi kèm theo Quyết định số 13/2004/QĐ-BKHCN để các đơn vị biết.") is None


class TestDocumentLabel:
    def test_state_decree(self):
        label = document_label("Nghị định", "114/2003/NĐ-CP", "2003-10-10", "Chính phủ")
        assert label == "Nghị định số 114/2003/NĐ-CP ngày 10/10/2003 của Chính phủ"

    def test_letter_without_number(self):
        label = document_label("Công văn", None, "2016-06-13", "Ban Thường vụ Tỉnh ủy Bình Phước")
        assert label == "Công văn ngày 13/6/2016 của Ban Thường vụ Tỉnh ủy Bình Phước"

    def test_regulation_issued_with_a_decision(self):
        label = document_label("Quy định", None, "2002-03-07", "Ủy ban nhân dân tỉnh An Giang", "522/2002/QĐ-UB")
        assert label == ("Quy định ban hành kèm theo Quyết định số 522/2002/QĐ-UB ngày 7/3/2002 "
                         "của Ủy ban nhân dân tỉnh An Giang")

    def test_unknown_type(self):
        assert document_label(None, None, None, None) == "Văn bản"
