"""What a question requires of its answer: qualifiers parsed once, checked against passages."""

from __future__ import annotations

from dataclasses import replace

import pytest

from qa.constraints import number_value, parse_constraints
from qa.qualifiers import article_numbers, unmet
from tests.qa.test_answer import passage


def kinds(question: str, restored: str | None = None) -> list[tuple[str, str]]:
    return [(r.kind, r.label) for r in parse_constraints(question, restored).requirements]


class TestParse:
    def test_year_numbered_and_agency(self):
        assert kinds("Sở Y tế có trách nhiệm gì trong giai đoạn 3 đến năm 2030?") == [
            ("year", "năm 2030"), ("numbered", "giai đoạn 3"), ("agency", "Sở Y tế")]

    def test_a_numbered_group_is_that_group(self):
        assert kinds("Danh mục bệnh tật có nhóm 14 gồm những bệnh gì?") == [("numbered", "nhóm 14")]
        assert kinds("Có bao nhiêu dự án nhóm A được phê duyệt?") == [("class", "nhóm A")]  # a class, by its letter

    def test_a_text_s_own_numbered_part_is_that_part(self):
        # "Phần V" of a procedure with parts I–IV, "Danh mục 3" of a decision with lists 1 and 2 were
        # answered from the parts they have.
        assert kinds("Phần V trong quy trình đánh giá (Phụ lục 3 QĐ 13/2004) gồm những bước nào?") == [
            ("numbered", "Phần V"), ("numbered", "Phụ lục 3")]
        assert kinds("Mục XV Danh mục 1 trong QĐ 1445/2002 gồm những ngành nghề nào?") == [
            ("numbered", "Mục XV"), ("numbered", "Danh mục 1")]
        assert kinds("buoc 12 la gi") == [("numbered", "buoc 12")]
        c = parse_constraints("Danh mục 3 kèm QĐ 522/2002 gồm những ngành nghề nào?")
        assert unmet(c, passage("Dự án thuộc Danh mục 1 hoặc Danh mục 2 được hưởng ưu đãi."))
        assert not unmet(c, passage("Danh mục 3: các ngành nghề sau."))
        # Sub-numbered sections are no such part, and "mức 2" (a level) is not "mục 2" folded alike.
        assert kinds("Theo Mục II.3 thì ai chịu trách nhiệm?") == []
        assert kinds("Cách đăng ký tài khoản định danh điện tử mức 2?") == []

    def test_a_month_is_met_by_the_passage_or_the_document_s_title_not_by_a_date_elsewhere(self):
        # A plan for the whole of 2005 was quoted for "tháng 3 năm 2005": the report is dated in March.
        c = parse_constraints("Ước xuất khẩu gạo tháng 3 năm 2005 đạt bao nhiêu nghìn tấn?")
        plan = passage("Năm 2005 dự kiến xuất khẩu gạo 4 triệu tấn, 9 tháng đầu năm đạt 3 triệu tấn.", "kh2005")
        report = "so: 123/bc-btm\nha noi, ngay 25 thang 3 nam 2005\nbao cao ke hoach nam 2005\n" + "x " * 400
        assert unmet(c, plan, about=lambda doc_id: report)
        table = passage("13\tGạo\tNg. tấn\t4000\t482", "xk-03-05")
        assert not unmet(c, table, about=lambda doc_id: "uoc thuc hien xuat khau thang 3 nam 2005")

    def test_a_class_the_text_does_not_have_is_unmet(self):
        # Nghị định 116/2003 sets probation for viên chức loại A, B and C: "loại D" was answered with class B's.
        c = parse_constraints("Theo NĐ 116/2003, viên chức loại D phải thử việc bao lâu?")
        assert [(r.kind, r.label) for r in c.requirements if r.kind == "class"] == [("class", "loại D")]
        assert unmet(c, passage("Đối với viên chức loại B: thời gian thử việc là 6 tháng; loại C: 3 tháng."))
        # Typed without marks, the restorer reads "D" as "Đ": the label still names class D.
        typed = parse_constraints("vien chuc loai D phai thu viec bao lau", "viên chức loại Đ phải thử việc bao lâu")
        assert [r.label for r in typed.requirements if r.kind == "class"] == ["loại D"]
        asked = parse_constraints("vien chuc loai a thu viec bao lau")
        assert not unmet(asked, passage("Đối với viên chức loại A: thời gian thử việc là 12 tháng."))
        # A row that names no class rests on its document ("danh mục các dự án nhóm A …" is its caption).
        table = parse_constraints("Năm 2002 có bao nhiêu dự án nhóm A được phê duyệt?")
        row = passage("2002\t36\t54132", "kh2003")
        assert not unmet(table, row, about=lambda doc_id: "so du an nhom a duoc phe duyet qua cac nam")
        assert unmet(table, passage("Dự án nhóm B: 120 dự án."), about=lambda doc_id: "du an nhom a")
        # A sentence may end on the class, and one label may list several (a reviewer's cases).
        c_class = parse_constraints("Viên chức loại C thử việc bao lâu?")
        assert not unmet(c_class, passage("Thời gian thử việc là 3 tháng đối với viên chức loại C."))
        group_c = parse_constraints("Dự án nhóm C do ai quyết định đầu tư?")
        assert not unmet(group_c, passage("Bộ trưởng quyết định đầu tư các dự án nhóm B, C sử dụng vốn ngân sách."))
        assert not unmet(group_c, passage("Bộ trưởng quyết định đầu tư các dự án nhóm B và nhóm C."))

    def test_a_law_named_with_its_year_is_that_version(self):
        # "Luật BVMT 2020" was answered from a 2016 letter that mentions "Luật Bảo vệ Môi trường" and,
        # elsewhere, "đến năm 2020": five helpers asked it, none loaded.
        c = parse_constraints("Hồ sơ đề nghị cấp giấy phép môi trường theo Luật BVMT 2020 gồm những gì?")
        assert ("title", "Luật BVMT năm 2020") in [(r.kind, r.label) for r in c.requirements]
        letter = passage("Tuyên truyền Luật Bảo vệ Môi trường; phấn đấu đến năm 2020 có 100% cơ sở đạt chuẩn.", "cv")
        assert [r.label for r in unmet(c, letter)] == ["Luật BVMT năm 2020"]
        # Met where the law is named with its year, or by the law itself (a law issued that year).
        listed = passage("NĐ 80/2006 của CP thi hành Luật Bảo vệ môi trường năm 2020 (giả định).", "ds")
        assert not unmet(c, listed)
        htx = parse_constraints("Theo Luật Hợp tác xã 2003, lỗ được bù đắp thế nào?")
        own = replace(passage("Lỗ phát sinh trong năm được bù đắp bằng quỹ dự phòng.", "htx"),
                      title="Luật số 18/2003/QH11 ngày 26/11/2003 của Quốc hội: Hợp tác xã", issued_date="2003-11-26")
        assert not unmet(htx, own, about=lambda doc_id: "luat hop tac xa")
        # The 2003 law names the 1996 one it replaces, in its last article: its other articles are no answer for 1996.
        old = parse_constraints("Luật Hợp tác xã năm 1996 quy định nhiệm kỳ Ban quản trị bao lâu?")
        term = replace(own, text="Nhiệm kỳ của Ban quản trị hợp tác xã do Điều lệ hợp tác xã quy định.")
        assert unmet(old, term, about=lambda doc_id: "luat hop tac xa\n" + "x " * 400 + "luat nay thay the luat hop tac xa nam 1996")
        # "theo luật" alone is by law in general; with a year it names one.
        assert kinds("xử lý theo luật thì sao") == []
        assert ("title", "luật htx năm 2003") in kinds("thanh lap htx theo luật htx 2003 can bao nhieu xa vien")

    def test_article_and_accentless_province(self):
        assert kinds("theo nd 114 dieu 45 quy dinh gi o tinh lang son") == [
            ("article", "Điều 45"), ("place", "lang son")]

    def test_party_committee_is_no_ministry_and_roman_numbers(self):
        assert kinds("Nghị quyết Đại hội Đảng bộ tỉnh lần thứ X đặt chỉ tiêu gì?") == [("numbered", "lần thứ X")]
        assert number_value("XII") == 12 and number_value("xii") == 12 and number_value("abc") is None

    def test_a_document_number_is_not_a_year(self):
        assert kinds("Theo Nghị định 114/2003/NĐ-CP, thời gian tập sự là bao lâu?") == []

    def test_a_set_of_papers_is_no_agency(self):
        assert kinds("Bộ hồ sơ đăng ký gồm những gì?") == []

    def test_abbreviated_agency_matches_long_form(self):
        (req,) = parse_constraints("UBND tỉnh giao việc gì?").requirements
        assert "uy ban nhan dan tinh" in req.forms and "ubnd tinh" in req.forms


    def test_an_agency_named_by_an_abbreviation_the_table_cannot_expand_is_not_required(self):
        # "Bộ TM" (Bộ Thương mại) is no "Bộ TM chậm"; unread, it must not turn an answer into a refusal.
        assert kinds("TT 117/2000/TT-BTC: DA hưởng ưu đãi theo tỷ lệ XK phải BC Bộ TM chậm nhất ngày nào?") == []

    def test_a_province_typed_in_lower_case_after_ubnd_is_the_provinces_committee(self):
        (agency,) = [r for r in parse_constraints("UBND bình phước giao sở nào chủ trì?").requirements
                     if r.kind == "agency"]
        assert "uy ban nhan dan tinh binh phuoc" in agency.forms

    def test_a_rates_denominator_is_no_given_quantity(self):
        assert kinds("năng suất cao su dự kiến khoảng bao nhiêu tấn 1 ha") == []
        assert kinds("xe ô tô 7 chỗ được cấp bao nhiêu lít xăng") == [("quantity", "7 chỗ")]

    def test_cho_written_with_its_marks_is_for_not_a_seat(self):
        # "giai đoạn 1998-2000 cho các tỉnh" asked the foreword's signer and was refused for "2000 cho" (session 30:
        # two opened questions and one of sealed-35); typed without marks, "16 cho" may still be "16 chỗ".
        assert ("quantity", "2000 cho") not in kinds("Ai ký lời nói đầu bộ khung dự án giai đoạn 1998-2000 cho các tỉnh?")
        assert kinds("thue xe 16 cho di cong tac duoc thanh toan bn") == [("quantity", "16 cho")]
        assert kinds("Thue xe 16 cho di cong tac duoc thanh toan bn") == [("quantity", "16 cho")]  # a capital is no mark
        assert kinds("bc B01 cho vay PT NN NT gui ve dau") == []  # a form's code, no quantity


class TestUnmet:
    def test_a_level_the_passage_is_not_about(self):
        c = parse_constraints("Đội kiểm tra 814 cấp xã gồm mấy Đội phó?")
        assert [r.label for r in c.requirements if r.kind == "level"] == ["cấp xã"]
        assert unmet(c, passage("Đội kiểm tra 814 cấp Huyện, Thành phố có một Đội trưởng, một Đội phó."))
        assert not unmet(c, passage("Thực hiện chỉ đạo điểm tại phường, xã, thị trấn; mỗi quận, huyện chọn 1 xã."))

    def test_a_level_in_a_list_after_one_cap(self):
        # "cấp Bộ/Tỉnh-Thành phố" names the provincial level too; "cấp huyện" alone does not.
        c = parse_constraints("Biểu thuyết minh B1-2-TMĐT có dùng cho đề tài cấp tỉnh không?")
        assert not unmet(c, passage("Khuyến khích sử dụng cho các đề tài cấp Bộ/Tỉnh-Thành phố và cấp cơ sở."))
        assert not unmet(c, passage("Áp dụng cho các đề tài cấp Bộ và tỉnh."))
        assert unmet(c, passage("Áp dụng cho các đề tài cấp huyện."))

    def test_a_tax_is_named_by_its_whole_name(self):
        # "thuế bảo vệ môi trường" is not "thuế nhập khẩu", and "bảo vệ" is no "bao nhiêu".
        c = parse_constraints("Nguyên liệu được miễn thuế bảo vệ môi trường dùng vào mục đích khác phải kê khai trong bao lâu?")
        assert [(r.kind, r.label) for r in c.requirements] == [("levy", "thuế bảo vệ môi trường")]
        assert unmet(c, passage("Thời hạn kê khai truy nộp thuế nhập khẩu là 02 ngày kể từ ngày thay đổi mục đích."))
        assert not unmet(c, passage("Thuế bảo vệ môi trường được kê khai truy nộp trong 02 ngày."))
        assert parse_constraints("Quỹ hỗ trợ bao nhiêu?").requirements == []

    def test_a_given_quantity_written_with_a_leading_zero(self):
        c = parse_constraints("Định mức xăng xe ô tô 7 chỗ là bao nhiêu?")
        assert not unmet(c, passage("Xe ôtô 07 chỗ có máy lạnh : 22lit/100km"))
        assert unmet(c, passage("Xe ôtô 17 chỗ có máy lạnh : 30lit/100km"))

    def test_year_met_by_a_range_not_by_another_year(self):
        c = parse_constraints("Chỉ tiêu che phủ rừng năm 2008 là bao nhiêu?")
        assert not unmet(c, passage("Giai đoạn 2006 - 2010, tỷ lệ che phủ rừng đạt 50%."))
        c = parse_constraints("Chỉ tiêu che phủ rừng đến năm 2030 là bao nhiêu?")
        missing = unmet(c, passage("Đến năm 2020, tỷ lệ che phủ rừng đạt 74,8%."))
        assert [r.label for r in missing] == ["năm 2030"]

    def test_year_met_by_the_documents_date(self):
        c = parse_constraints("Nghị quyết năm 2004 về bảo vệ môi trường nêu quan điểm gì?")
        p = passage("Bảo vệ môi trường là một trong những vấn đề sống còn.")
        p.issued_date = "2004-11-15"
        assert not unmet(c, p)

    def test_a_year_that_only_dates_the_text_is_not_the_year_of_its_figures(self):
        # s33-42 (unanswerable): the 2004 accounts table is attached to a decision of 2005.
        caption = ("QUYẾT TOÁN THU NGÂN SÁCH TRÊN ĐỊA BÀN HUYỆN,XÃ NĂM 2004\n(Kèm theo Quyết định số 38/2005/QĐ-UBND "
                   "ngày 23 tháng 9 năm 2005 của Ủy ban nhân dân huyện Cần Giờ)\nSTT\tNỘI DUNG\tNĂM 2004\n_ Thuế môn bài\t366190")
        c = parse_constraints("Quyết toán thuế môn bài năm 2005 của huyện Cần Giờ là bao nhiêu?")
        assert [r.label for r in unmet(c, passage(caption))] == ["năm 2005"]
        assert not unmet(parse_constraints("Quyết toán thuế môn bài năm 2004 của huyện Cần Giờ là bao nhiêu?"),
                         passage(caption))
        # A text that states no other year still rests on its date (above: the resolution of 2004).
        p = passage("Ban hành kèm theo Quyết định số 38/2005/QĐ-UBND ngày 23 tháng 9 năm 2005 quy chế chi tiêu.")
        assert not unmet(parse_constraints("Quy chế chi tiêu ban hành năm 2005 gồm gì?"), p)

    def test_numbered_entity_roman_or_arabic(self):
        c = parse_constraints("Giai đoạn II của đề án làm gì?")
        assert not unmet(c, passage("Giai đoạn 2: triển khai trên toàn tỉnh."))
        assert unmet(c, passage("Giai đoạn 1: thí điểm tại ba huyện."))

    def test_agency_in_text_or_abbreviation(self):
        c = parse_constraints("Ủy ban nhân dân tỉnh có trách nhiệm gì?")
        assert not unmet(c, passage("UBND tỉnh chỉ đạo các sở, ngành thực hiện."))
        c = parse_constraints("Sở Y tế có trách nhiệm gì?")
        assert unmet(c, passage("Sở Tài chính hướng dẫn thủ tục cấp phát kinh phí."))

    def test_article_numbers_of_a_text(self):
        assert article_numbers("Điều 1. Phạm vi\nnội dung\nĐiều 2: Đối tượng\n theo Điều 9 Luật") == {1, 2}


@pytest.mark.parametrize(
    ("question", "kind", "unwanted"),
    [
        # "pháp luật" is law in general, not a law's title.
        ("Công chức cấp xã vi phạm pháp luật chưa đến mức truy cứu trách nhiệm hình sự bị kỷ luật thế nào?",
         "title", "luat chua den muc truy"),
        # "năm 1999 cho dự án": a year, and folded "cho" is "for", not "chỗ" (seats).
        ("du kien tong kinh phi nam 1999 cho du an tin hoc hoa la bao nhieu", "quantity", "1999 cho"),
        # A name inside an agency's name is no place.
        ("Cục Hàng không dân dụng Việt Nam báo cáo tổng số bao nhiêu dự án?", "place", "cuc hang"),
        # In a question that capitalizes names, "huyện bình thường" is an ordinary district.
        ("Ở An Giang, dự án tại huyện bình thường cần bao nhiêu lao động?", "place", "binh thuong"),
    ],
)
def test_words_of_the_question_are_not_read_as_constraints(question, kind, unwanted):
    forms = [f for r in parse_constraints(question).requirements if r.kind == kind for f in r.forms]
    assert unwanted not in forms, forms


def test_a_list_of_places_is_each_place():
    asked = parse_constraints("Ở ba huyện Tri Tôn, Tịnh Biên, An Phú, dự án phải thuê tối thiểu bao nhiêu công nhân?")
    places = {r.forms[0] for r in asked.requirements if r.kind == "place"}
    assert {"tri ton", "tinh bien", "an phu"} <= places and "tri ton tinh bien an phu" not in places


def test_an_abbreviated_agency_is_read_fully_expanded():
    asked = parse_constraints("QĐ nào của UBND TP triển khai chương trình hành động?")
    forms = next(r.forms for r in asked.requirements if r.kind == "agency")
    assert "uy ban nhan dan thanh pho" in forms and "ubnd tp" in forms
