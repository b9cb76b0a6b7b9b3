"""What a draft may quote (issue 17, the blind editor on sealed-topics-8: "broken quote fragments"
in 11 of 16 drafts — headings, blank form lines and cut sentences quoted as statements)."""

from __future__ import annotations

import pytest

from common.config import DraftPolicy
from qa.draft.quotable import quotable, trim, worked_examples
from qa.draft.sources import ANNOUNCES, SourceDocument, sentences_of
from qa.draft.units import units_of
from qa.draft.write import Writer
from qa.draft.names import display_quote
from tests.qa.drafting import loaded_document

POLICY = DraftPolicy()


def _sentence_quotable(text: str, sentence: str) -> bool:
    start = text.index(sentence)
    return quotable(text, start, start + len(sentence), POLICY)


@pytest.mark.parametrize("text, sentence", [
    # A named level's heading, whatever follows its colon.
    ("PHẦN THỨ NHẤT: Kế hoạch tổng thể phát triển CNTT tỉnh Lâm Đồng giai đoạn 1998 - 2000\nI. Hiện trạng",
     "PHẦN THỨ NHẤT: Kế hoạch tổng thể phát triển CNTT tỉnh Lâm Đồng giai đoạn 1998 - 2000"),
    # A starred heading naming its subject, and a short numbered one.
    ("* Đối với các Ngân hàng thương mại cổ phần (NHTMCP)\n- Sáp nhập các ngân hàng yếu kém.",
     "Đối với các Ngân hàng thương mại cổ phần (NHTMCP)"),
    ("3.2. Đăng ký chuyển đổi chế độ kế toán\na) Trường hợp …", "Đăng ký chuyển đổi chế độ kế toán"),
    ("Điều 28. Hiệu lực thi hành\nNghị định này có hiệu lực …", "Điều 28. Hiệu lực thi hành"),
    # A blank form field, and a lead-in whose colon the text left out.
    ("Ngành nghề kinh doanh:.........................................................\n",
     "Ngành nghề kinh doanh:........................................................."),
    ("2. Cơ cấu lại tổ chức bộ máy của các ngân hàng thương mại theo hướng\n- Gọn nhẹ.",
     "Cơ cấu lại tổ chức bộ máy của các ngân hàng thương mại theo hướng"),
])
def test_headings_blanks_and_cut_sentences_are_not_quotable(text, sentence):
    assert not _sentence_quotable(text, sentence)


@pytest.mark.parametrize("text, sentence", [
    # A bullet task without a full stop is a statement: unnumbered lines are not headings by length.
    ("- Tăng cường công tác kiểm tra, giám sát việc thực hiện pháp luật về bảo vệ môi trường\n- Xử lý nghiêm.",
     "Tăng cường công tác kiểm tra, giám sát việc thực hiện pháp luật về bảo vệ môi trường"),
    # A numbered point longer than a heading, and a sentence of a paragraph.
    ("2.2. Chỉ đạo Sở Tài nguyên và Môi trường chú trọng nâng cao năng lực, trình độ của đội ngũ cán bộ\n",
     "Chỉ đạo Sở Tài nguyên và Môi trường chú trọng nâng cao năng lực, trình độ của đội ngũ cán bộ"),
    ("Về cơ bản, các chỉ tiêu đã đạt. Đối với các doanh nghiệp nhỏ, mức hỗ trợ được nâng lên 50%. Hết.",
     "Đối với các doanh nghiệp nhỏ, mức hỗ trợ được nâng lên 50%"),
    # A one-line final article: the text's entry into force, not the article's heading.
    ("Điều 6. Nghị định này có hiệu lực thi hành từ ngày 01 tháng 01 năm 1999. Những quy định khác … đều bãi bỏ.",
     "Điều 6. Nghị định này có hiệu lực thi hành từ ngày 01 tháng 01 năm 1999"),
])
def test_statements_stay_quotable(text, sentence):
    assert _sentence_quotable(text, sentence)


def _sentence(doc: SourceDocument, opening: str):
    return next(s for s in sentences_of(doc, units_of(doc)) if s.text.startswith(opening))


def test_a_heading_ending_in_a_colon_is_no_lead_in():
    """"8.2 - Đăng ký chuyển đổi:" and "I. Những quy định chung:" head their points; quoted as the
    points' lead-ins they read "“Những quy định chung” [4]: “Thông tư này áp dụng …”"."""
    circular = loaded_document("van-ban-tham-khao/2004-B8.txt")
    assert _sentence(circular, "Trường hợp đăng ký chuyển đổi từ chế độ kế toán nước ngoài").lead_in is None
    branches = loaded_document("van-ban-tham-khao/2003-A06.txt")
    assert _sentence(branches, "Thông tư này áp dụng đối với các chi nhánh").lead_in is None


def test_the_body_ordered_to_act_stays_the_lead_in_of_its_tasks():
    """The issue's own example: the tasks keep "Ban Cán sự Đảng UBND tỉnh chỉ đạo …" above them."""
    letter = loaded_document("moi-truong/2016-06-13-cong-van-trien-khai-ket-luan-02-KL-TW.txt")
    task = _sentence(letter, "Phấn đấu hoàn thành các chỉ tiêu về môi trường đến năm 2020")
    assert task.lead_in_text == "Ban Cán sự Đảng UBND tỉnh chỉ đạo các đơn vị liên quan"


def test_a_blank_form_gives_no_quotable_field():
    form = loaded_document("van-ban-tham-khao/2006-huong-dan-ghi-phieu.txt")
    texts = [s.text for s in sentences_of(form, units_of(form))]
    assert texts and not any("……" in t or "[ ]" in t or "....." in t for t in texts)


def test_a_sentence_the_page_width_cut_is_not_quoted_on_either_side():
    """The splitter ends a sentence at a line break before a capitalised word; in a report wrapped at
    the page's width that is mid-sentence ("… thuỷ điện Srok Phú" / "Miêng (51MW), …": the blind
    editors' "broken quote fragment"). Neither side is quoted; the sentences around them are."""
    report = loaded_document("van-ban-tham-khao/2007-1AF57_02-2007.txt")
    texts = [s.text for s in sentences_of(report, units_of(report))]
    assert not any(t.endswith("Srok Phú") or t.startswith("Miêng (51MW)") for t in texts)
    assert any(t.startswith("Dầu thô khai thác đạt gần 2,8 triệu tấn") for t in texts)
    # a long heading of an article, and a long line before a numbered part, are no wrap
    decree = ("Điều 26. Tiêu chuẩn và điều kiện thành viên Ban quản trị hợp tác xã theo quy định\n"
              "Thành viên Ban quản trị phải là xã viên hợp tác xã, có phẩm chất đạo đức tốt và có năng lực.")
    assert _sentence_quotable(decree, "Thành viên Ban quản trị phải là xã viên hợp tác xã, có phẩm chất đạo đức tốt "
                                      "và có năng lực")
    report = ("Các chỉ tiêu chủ yếu của kế hoạch năm 2006 đều đạt và vượt mức đề ra cho toàn tỉnh\n"
              "II. Nhiệm vụ năm 2007")
    assert _sentence_quotable(report, "Các chỉ tiêu chủ yếu của kế hoạch năm 2006 đều đạt và vượt mức đề ra cho "
                                      "toàn tỉnh")
    # a short line (a heading) ending without a stop is no wrap
    text = "Tình hình thực hiện\nCác chỉ tiêu chủ yếu đều đạt và vượt kế hoạch đề ra cho năm 2006 của toàn tỉnh."
    assert _sentence_quotable(text, "Các chỉ tiêu chủ yếu đều đạt và vượt kế hoạch đề ra cho năm 2006 của toàn tỉnh")


@pytest.mark.parametrize("line, item", [
    ("a. Dự án đầu tư vào các khu công nghiệp: Nhà nước hỗ trợ 100% chi phí bồi thường, giải phóng mặt bằng;",
     "Dự án đầu tư vào các khu công nghiệp: Nhà nước hỗ trợ 100% chi phí bồi thường, giải phóng mặt bằng"),
    ("a/ Đối với hàng xuất khẩu là giá bán cho khách hàng tại cửa khẩu xuất (giá FOB), không bao gồm phí bảo hiểm.",
     "Đối với hàng xuất khẩu là giá bán cho khách hàng tại cửa khẩu xuất (giá FOB), không bao gồm phí bảo hiểm"),
    ("iii. Dự kiến số lợi nhuận được chia nhà đầu tư nước ngoài đề nghị được tạm chuyển từng kỳ.",
     "Dự kiến số lợi nhuận được chia nhà đầu tư nước ngoài đề nghị được tạm chuyển từng kỳ"),
])
def test_an_item_lettered_the_older_way_is_quoted_without_its_letter(line, item):
    # 26 key points of the opened topic sets were such items, refused as starting in lower case: the
    # marker ("a.", "a/", "iii.") was not known and stayed at the quotation's start.
    text = f"Điều 3. Ưu đãi\n{line}\n"
    start = text.index(line)
    a, b = trim(text, start, start + len(line))
    assert text[a:b] == item and quotable(text, a, b, POLICY)
    assert trim("v.v. các trường hợp khác theo quy định của pháp luật hiện hành", 0, 60)[0] == 0  # "v.v." is text


@pytest.mark.parametrize("sentence, in_force", [
    ("Điều 6. Nghị định này có hiệu lực thi hành từ ngày 01 tháng 01 năm 1999", True),
    ("1. Thông tư này có hiệu lực thi hành từ ngày 1/1/1999.", True),
    ("Quyết định này có hiệu lực kể từ ngày ký./.", True),
    # A clause on when something else happens, and a line-wrapped piece of one ("… kể từ khi / Nghị định …").
    ("2. Các doanh nghiệp đăng ký trước khi Nghị định này có hiệu lực có tên gây nhầm lẫn …", False),
    ("Nghị định này có hiệu lực Phòng đăng ký kinh doanh cấp tỉnh tập hợp danh mục doanh nghiệp trùng tên", False),
])
def test_a_texts_own_entry_into_force(sentence, in_force):
    from qa.draft.quotable import IN_FORCE

    assert bool(IN_FORCE.search(sentence)) is in_force


@pytest.mark.parametrize("heading, shown", [
    ("I- CÁC VB PHÁP QUY ĐÃ BAN HÀNH, LIÊN QUAN ĐẾN HOẠT ĐỘNG ĐT-XD:", "I- các VB pháp quy đã ban hành, liên quan đến hoạt động ĐT-XD"),
    ("NGHĨA VỤ, QUYỀN LỢI CỦA UBND TỈNH", "Nghĩa vụ, quyền lợi của UBND tỉnh"),
    ("CHƯƠNG TRÌNH HÀNH ĐỘNG SỐ 32-CTR/TU", "Chương trình hành động số 32-CTR/TU"),
    ("Nhiệm vụ của UBND các cấp", "Nhiệm vụ của UBND các cấp"),  # mixed case: as written
])
def test_a_heading_in_capitals_is_lowered_but_its_abbreviations_are_not(heading, shown):
    # A part heading taken from "… HOẠT ĐỘNG ĐT-XD" read "… hoạt động đt-xd", "vb" for "VB" (the catalogue draft).
    from qa.draft.units import heading_case

    assert heading_case(heading) == shown


@pytest.mark.parametrize("heading, shown", [
    ("NHỮNG VIỆC NHÂN DÂN Ở XÃ GIÁM SÁT, KIỂM TRA GỒM CÓ", "Những việc nhân dân ở xã giám sát, kiểm tra"),
    ("Lực lượng của Đội kiểm tra 814 các cấp bao gồm", "Lực lượng của Đội kiểm tra 814 các cấp"),
    ("Đội kiểm tra 814 có các quyền hạn sau", "Đội kiểm tra 814 có các quyền hạn"),
    ("Thuế suất thuế nhập khẩu được quy định như sau:", "Thuế suất thuế nhập khẩu"),
    ("THỦ TỤC MUA HÓA ĐƠN CÁC LẦN TIẾP SAU", "Thủ tục mua hóa đơn các lần tiếp sau"),  # later times, no lead-in
])
def test_a_heading_does_not_end_on_the_words_that_point_to_items(heading, shown):
    """A blind editor of session 30: "tiêu đề chép câu văn bản (… CHỦ YẾU SAU, … GỒM CÓ)"."""
    from qa.draft.units import heading_case

    assert heading_case(heading) == shown


def test_a_sentence_the_page_width_cut_inside_a_name_is_quoted_whole():
    # "… báo cáo bằng văn bản về Ngân hàng Nhà nước Việt" / "Nam (Vụ Tín dụng) để giải quyết.": the draft
    # refused both halves (a fragment each); joined, the sentence is quotable (the answers' join_wrapped).
    doc = loaded_document("van-ban-tham-khao/2006-16EZE_TT01.06GopvonDNNVV.txt")
    texts = [s.text for s in sentences_of(doc, units_of(doc))]
    assert any("Ngân hàng Nhà nước Việt\nNam (Vụ Tín dụng) để giải quyết" in t for t in texts)
    assert not any(t.endswith("Ngân hàng Nhà nước Việt") for t in texts)


def test_an_article_written_as_one_long_sentence_is_a_point():
    # Quyết định 144/2002/QĐ/BTC: its Điều 1, what the decision does, is one sentence of 550 characters, over
    # draft.max_quote; six opened explainers (and t46-13 unseen) quoted its Điều 2 alone. Under
    # draft.max_article_quote an article that is one sentence is quotable; a paragraph that long is not.
    from qa.draft.forms import ARTICLE
    from qa.draft.plan import make_plan

    doc = loaded_document("van-ban-tham-khao/2003-02144qd.txt")
    first = next(s for s in sentences_of(doc, units_of(doc)) if s.text.startswith("Điều 1: Sửa đổi mức thuế suất"))
    assert len(first.text) > POLICY.max_quote and first.text.endswith("ban hành kèm theo Quyết định này")
    paragraph = "Nội dung. " + "x" * POLICY.max_quote
    assert not quotable(paragraph, 0, len(paragraph), POLICY)
    # The one sentence squarely on the topic is the body, not a sapo that leaves the draft empty.
    topic = "Quyết định 144/2002/QĐ/BTC sửa đổi thuế suất thuế nhập khẩu ưu đãi đối với phôi thép, xe hai bánh gắn máy"
    plan = make_plan(topic, [doc], ARTICLE, "medium", named=True)
    assert plan.parts and any(s is not None and s.text.startswith("Điều 1:") for p in plan.parts for s in p.sentences)


def test_a_sentence_announcing_items_below_it_comes_as_their_lead_in():
    """Thông tư 99/1998: "a) Các cơ sở sản xuất, kinh doanh dưới đây được áp dụng thuế suất 25% … năm 1999."
    ends in a full stop where its colon should be; quoted alone it promised a list it did not give
    (t53-13's editor: "bị treo … mà không có danh sách ngành"). Its items now hang from it, and it is not
    quoted alone; a definition's "(sau đây gọi tắt là …)" announces nothing."""
    circular = loaded_document("van-ban-tham-khao/2003-A04.txt")
    texts = [s.text for s in sentences_of(circular, units_of(circular))]
    assert not any(t.startswith("Các cơ sở sản xuất, kinh doanh dưới đây") for t in texts)
    item = _sentence(circular, "Doanh nghiệp sản xuất hóa chất cơ bản, phân bón, thuốc trừ sâu")
    assert item.lead_in_text.startswith("Các cơ sở sản xuất, kinh doanh dưới đây được áp dụng thuế suất 25%")
    assert ANNOUNCES.search("Ủy ban nhân dân tỉnh (sau đây gọi tắt là UBND tỉnh) quy định") is None
    assert ANNOUNCES.search("Mức thu như sau: 5.000 đồng một lần") is None  # the items are in it


def test_nothing_of_a_worked_example_is_quoted():
    """A circular's "Ví dụ:" and the lines that carry it on state no rule ("Doanh thu doanh nghiệp A được
    hưởng … là 100.000 đồng", quoted in t53-13 as one); the rule after the example stays quotable."""
    circular = loaded_document("van-ban-tham-khao/2003-A04.txt")
    texts = [s.text for s in sentences_of(circular, units_of(circular))]
    assert not any("doanh nghiệp A" in t or "Doanh nghiệp B" in t for t in texts)
    assert any(t.startswith("Đối với sản phẩm tự dùng, doanh thu để tính thu nhập chịu thuế") for t in texts)
    assert worked_examples("Ví dụ, đề tài thứ hai …\nNếu là đề tài độc lập cấp Nhà nước, ghi theo thông báo.",
                           POLICY.example_lines) == [
        (0, len("Ví dụ, đề tài thứ hai …"))]  # an instance inside an instruction: its line alone


def test_an_articles_heading_is_no_lead_in_and_a_parenthesis_continues_its_sentence():
    """"Điều 15. Mối quan hệ phối hợp … theo 2 nguyên tắc chính:" is the article's heading (17 words, past
    the bar for an unnamed heading): its items, indented by spaces and tabs, are quoted without it; and
    "(dài khoảng 2-3 dòng), và tránh …", which the splitter began after "v.v...", is no sentence."""
    regulation = loaded_document("van-ban-tham-khao/2006-quydinhkiemtra02.txt")
    assert _sentence(regulation, "Nguyên tắc phân cấp").lead_in is None
    guide = "Nên bắt đầu tên đề tài bằng danh động từ, v.v... (dài khoảng 2-3 dòng), và tránh giải trình dài trong mục này.\n"
    assert not _sentence_quotable(guide, "(dài khoảng 2-3 dòng), và tránh giải trình dài trong mục này")
    assert _sentence_quotable("(a) Doanh nghiệp phải nộp hồ sơ trong thời hạn 10 ngày làm việc.\n",
                              "(a) Doanh nghiệp phải nộp hồ sơ trong thời hạn 10 ngày làm việc")
    caption = "Đầu tư nước ngoài theo hình thức\n(tính tới ngày 15/8/2005 - chỉ tính các dự án còn hiệu lực)\n"
    assert _sentence_quotable(caption, "(tính tới ngày 15/8/2005 - chỉ tính các dự án còn hiệu lực)")


def test_the_same_words_from_a_second_copy_of_a_document_are_not_quoted_again():
    """2003-A05 and 2003-TT132001 are two loaded copies of Thông tư 13/2001/TT-BTC: t14-8 quoted one lead-in
    from each. A sentence quoted from one copy is no longer free in the other; a table's line is (its column
    headers are shared by several documents' tables, each of whose rows needs them)."""
    first, second = loaded_document("van-ban-tham-khao/2003-A05.txt"), loaded_document("van-ban-tham-khao/2003-TT132001.txt")
    lead = "Để nhận được số thuế thu nhập doanh nghiệp đã nộp cho số lợi nhuận tái đầu tư"
    a, b = first.text.index(lead), second.text.index(lead)
    writer = Writer()
    assert writer.free(second, b, b + len(lead))
    writer.quote(first, a, a + len(lead))
    assert not writer.free(second, b, b + len(lead))
    line = "STT\tChỉ tiêu\tSố dự án"
    table = SourceDocument("bang", f"{line}\n1\tCông nghiệp\t12\n", [], [], "Bảng", "", "original", "")
    writer._spans.append(("other", 0, len(line), display_quote(line), True))
    assert writer.free(table, 0, len(line))
