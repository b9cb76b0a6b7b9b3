"""Sections follow the document's own numbering and carry the label an official cites."""

import pytest

from common.types import SECTION_KINDS
from common.vietnamese.normalize import clean_text
from ingest.sections import section_label, split_sections
from tests.conftest import CORPUS

SEED = CORPUS / "moi-truong" / "2016-06-13-cong-van-trien-khai-ket-luan-02-KL-TW.txt"
DIGEST = CORPUS / "moi-truong" / "2004-11-15-nghi-quyet-41-NQ-TW-tom-luoc.txt"
REF = CORPUS / "van-ban-tham-khao"


def load(path):
    text = clean_text(path.read_text(encoding="utf-8"))
    return text, split_sections(text)


def body(sections):
    return [s for s in sections if s.kind == "body"]


class TestSeedLetter:
    def test_body_follows_the_numbering(self):
        _, secs = load(SEED)
        assert [s.section for s in body(secs)] == ["1", "2", "2.1", "2.2", "2.3", "2.4", "2.5", "3", "4", "5", "6"]
        assert [s.section_path for s in body(secs) if s.section.startswith("2.")] == [["2", f"2.{i}"] for i in range(1, 6)]
        assert body(secs)[0].level_names == [""]

    def test_frame_kinds(self):
        _, secs = load(SEED)
        kinds = [s.kind for s in secs]
        assert kinds[:3] == ["header", "recipients", "preamble"]
        assert kinds[-1] == "distribution"
        recipients = secs[1].text
        assert recipients.startswith("Kính gửi:") and recipients.endswith("Các cơ quan báo chí của tỉnh.")
        assert secs[2].text.startswith("Sau hơn 10 năm")
        assert secs[-1].text.startswith("Nơi nhận:") and secs[-1].text.endswith("Lưu Văn phòng Tỉnh ủy.")

    def test_unnumbered_paragraphs_belong_to_the_item_before(self):
        _, secs = load(SEED)
        item4 = next(s for s in secs if s.section == "4")
        assert "“Ấp văn hóa”" in item4.text
        item22 = next(s for s in secs if s.section == "2.2")
        assert item22.text.endswith("vi phạm pháp luật về bảo vệ môi trường.")

    def test_labels(self):
        _, secs = load(SEED)
        labels = {s.section: section_label(s) for s in body(secs)}
        assert labels["2"] == "Mục 2" and labels["2.1"] == "Điểm 2.1"


class TestDigest:
    def test_roman_parts_with_children_and_signature(self):
        _, secs = load(DIGEST)
        assert [s.section_path for s in body(secs)] == [["I"], ["II"], ["II", "1"], ["II", "2"], ["II", "3"], ["II", "4"]]
        assert body(secs)[0].section_title == "TÌNH HÌNH BẢO VỆ MÔI TRƯỜNG"
        assert secs[0].kind == "header" and "Số 41-NQ/TW" in secs[0].text
        assert secs[-1].kind == "signature" and secs[-1].text.endswith("Nông Đức Mạnh")
        assert section_label(body(secs)[1]) == "Phần II"
        assert section_label(body(secs)[2]) == "Mục 1 Phần II"


class TestDecree:
    def test_chuong_dieu_khoan_diem(self):
        _, secs = load(REF / "2004-NghiDinh114_2003.txt")
        dieu = [s for s in body(secs) if s.section.startswith("Điều")]
        assert [s.section for s in dieu] == [f"Điều {i}" for i in range(1, 30)]
        d1 = dieu[0]
        assert d1.section_title == "Phạm vi áp dụng" and d1.section_path == ["Chương I", "Điều 1"]
        g = next(s for s in secs if s.section_path == ["Chương I", "Điều 2", "2", "g"])
        assert g.level_names == ["Chương", "Điều", "Khoản", "Điểm"]
        assert section_label(g) == "Điểm g Khoản 2 Điều 2"
        k = next(s for s in secs if s.section_path == ["Chương II", "Điều 6", "2"])
        assert section_label(k) == "Khoản 2 Điều 6"
        ch = next(s for s in secs if s.section == "Chương III")
        assert ch.section_title == "Nghĩa Vụ, Quyền Lợi và những việc không được làm Của cán bộ, công chức cấp Xã"
        assert section_label(ch) == "Chương III"
        assert secs[-1].kind == "signature" and secs[-1].text.startswith("TM. chính phủ")
        assert [s.kind for s in secs[:2]] == ["header", "preamble"]


class TestRegulationIssuedWithItsDecree:
    """A decree and the regulation it issues, with no signature between them: the regulation's
    articles start again at Điều 1 and are read as articles, under its own chapters."""

    def test_the_regulation_is_numbered_apart(self):
        text, secs = load(REF / "2004-NghiDinh29_1998.txt")
        dieu = [s for s in body(secs) if s.level_names and s.level_names[-1] == "Điều"]
        assert [s.section for s in dieu[:6]] == ["Điều 1", "Điều 2", "Điều 3", "Điều 4", "Điều 1", "Điều 2"]
        assert len(dieu) == 4 + 25
        decree_last = dieu[3]
        assert "Quy chế" not in decree_last.text and "Lời nói đầu" not in decree_last.text
        preface = next(s for s in secs if s.start > decree_last.start and not s.section_path)
        assert preface.kind == "preamble" and preface.text.startswith("Quy chế\nThực hiện dân chủ ở xã")
        assert "Dân chủ là bản chất của chế độ" in preface.text
        known = next(s for s in secs if s.section_path == ["Quy chế", "Chương II", "Điều 4"])
        assert known.text.startswith("Điều 4. Chính quyền địa phương có trách nhiệm thông tin")
        # Cited by the regulation's name: the decree has its own Điều 4.
        assert section_label(known) == "Điều 4 Quy chế" and section_label(decree_last) == "Điều 4"
        item = next(s for s in secs if s.section_path == ["Quy chế", "Chương II", "Điều 4", "14"])
        assert section_label(item) == "Khoản 14 Điều 4 Quy chế"
        chapter = next(s for s in secs if s.section_path == ["Quy chế", "Chương II"])
        assert section_label(chapter) == "Chương II Quy chế"

    def test_a_caption_alone_restarts_nothing(self):
        # Before a signature, or with no articles on both sides, a caption line is text: a decision
        # citing "(Ban hành kèm theo …)" in its body keeps its numbering.
        text = clean_text("Điều 1. Ban hành kèm theo Quyết định này Quy định về phí.\n\n"
                          "Danh mục\n(Ban hành kèm theo Quyết định số 12/2005/QĐ-UB)\n1. Phí vệ sinh.\n2. Phí đò.\n\n"
                          "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n")
        secs = body(split_sections(text))
        assert [s.section for s in secs if s.level_names == ["Điều"]] == ["Điều 1", "Điều 2"]
        assert [s.section_path for s in secs if s.text.startswith(("1. Phí", "2. Phí"))] == [["Điều 1", "1"], ["Điều 1", "2"]]


class TestCircularWithLetteredParts:
    def test_parts_a_to_g_with_roman_children(self):
        _, secs = load(REF / "2003-A04.txt")
        main = secs[: next(i for i, s in enumerate(secs) if s.kind == "distribution")]  # before the annexed forms
        parts = [s.section for s in body(main) if len(s.section_path) == 1]
        # the legacy text lowercased some letters ("c - ", "đ - "): the sequence still holds
        assert parts == ["A", "B", "C", "D", "Đ", "E", "F", "G"]
        first_i = next(s for s in secs if s.section_path == ["A", "I"])
        assert first_i.section_title == "Đối tượng nộp thuế thu nhập doanh nghiệp"
        assert section_label(first_i) == "Mục I Phần A"
        item = next(s for s in secs if s.section_path == ["A", "I", "1"])
        assert section_label(item) == "Điểm 1 Mục I Phần A"


class TestLegacyNumbering:
    """Legacy circulars number parts "II/" and "Phần thứ ba": read as parts, cited as such."""

    def test_slash_after_roman_and_arabic_numbers(self):
        _, secs = load(REF / "2003-A06.txt")
        labels = {section_label(s): s for s in body(secs)}
        assert labels["Phần II"].section_title.startswith("Những nội dung cụ thể về thuế thu nhập doanh nghiệp")
        assert "là 32%" in labels["Mục 1 Phần II"].text  # was cited "Phần I"
        assert [section_label(s) for s in body(secs) if len(s.section_path) == 1] == ["Phần I", "Phần II", "Phần III", "Phần IV"]

    def test_slash_never_reads_a_day(self):
        from ingest.markers import candidates
        assert candidates("31/12/2006 là hạn cuối") == [] and candidates("1/2005 báo cáo") == []
        assert candidates("1/ Tình hình lao động:")[0][:3] == ("num", 1, "1")
        assert candidates("II/ Giá tính thuế:")[0][:3] == ("roman", 2, "II")

    def test_parts_numbered_in_words(self):
        _, secs = load(REF / "2003-TT132001.txt")
        tops = [(section_label(s), s.section_title[:30]) for s in body(secs) if len(s.section_path) == 1]
        assert [label for label, _ in tops] == ["Phần I", "Phần II", "Phần III", "Phần IV"]
        check = next(s for s in body(secs) if s.text.startswith("II. Kiểm tra tình hình nộp thuế"))
        assert section_label(check) == "Mục II Phần III"
        # A dotted number names its parents; a named one by its own name, not "Phần Phần II".
        rate = next(s for s in body(secs) if s.text.startswith("1.2. Thuế suất thuế thu nhập doanh nghiệp"))
        assert section_label(rate) == "Tiết 1.2 Mục IV Phần II"

    def test_a_named_level_above_a_dotted_number_is_cited_once(self):
        _, secs = load(REF / "2006-huong-dan-ghi-phieu.txt")
        labels = [section_label(s) for s in body(secs)]
        assert "Tiết 1.1 Điểm I Mục 7" in labels and not any("Mục Mục" in label for label in labels)


SANITY = [
    "2004-NghiDinh115_2003.txt", "2004-NghiDinh116_2003.txt", "2004-NghiDinh117_2003.txt",
    "2003-A05.txt", "2004-A40.txt", "2005-QD-256.txt", "2008-23.QD-991-UBND.txt",
    "2004-19Z9A_Luat_hop_tac_xasuadoi.txt", "2004-1F7ZB_EtudeBinh_vn.txt", "2005-KH2003-bieu.txt",
]


class TestReferenceSanity:
    @pytest.mark.parametrize("name", SANITY)
    def test_offsets_round_trip_no_empty_no_absurd_numbers(self, name):
        text, secs = load(REF / name)
        assert secs
        end = 0
        for s in secs:
            assert text[s.start : s.end] == s.text and s.text.strip()
            assert s.start >= end
            end = s.end
            assert s.kind in SECTION_KINDS
            assert len(s.section_path) == len(s.level_names)
            for label in s.section_path:
                number = label.split()[-1].split(".")[-1]
                assert not number.isdigit() or int(number) < 200
        covered = sum(len(s.text) for s in secs)
        assert covered > 0.95 * len(text.strip())

    def test_decision_with_dieu_and_signature(self):
        _, secs = load(REF / "2008-23.QD-991-UBND.txt")
        assert [s.section for s in body(secs) if s.section] == ["Điều 1", "Điều 2", "Điều 3"]
        assert secs[0].kind == "header" and "991/QĐ-UBND" in secs[0].text
        assert next(s for s in secs if s.kind == "preamble").text.lstrip().startswith("Căn cứ")
