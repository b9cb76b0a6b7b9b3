"""Answer verification: a composed answer that misses a qualifier becomes an abstention that
says what is missing; the asked figure or date is lifted from the lead quote."""

from __future__ import annotations

from qa.answer import make_citation
from qa.constraints import parse_constraints
from qa.evidence import QueryEvidence, TermStats
from qa.types import NOT_FOUND
from qa.direct import direct_answer
from qa.intent import mention_form
from qa.verify import CONSTRAINT_UNMET, missing_terms, no_evidence_reason, verify_answer
from tests.qa.test_answer import passage

TARGETS = "Đến năm 2020, tỷ lệ che phủ rừng đạt 74,8%; 98% dân số nông thôn sử dụng nước hợp vệ sinh."


def cite(p, sentence: str, n: int = 1):
    start = p.text.index(sentence)
    return make_citation(n, p, start, start + len(sentence))


def quoting(constraints, sentence: str):
    """The verdict on an answer that quotes ``sentence`` whole, from a passage of its own."""
    p = passage(sentence)
    return verify_answer(constraints, [cite(p, sentence)], [p])


def missing_of(constraints, sentence: str) -> list[str]:
    """What such an answer misses ([] when it passes)."""
    reason = quoting(constraints, sentence)
    return reason.missing if reason is not None else []


class TestVerify:
    def test_a_figure_in_another_unit_does_not_give_the_asked_one(self):
        # "bao nhiêu tiền" answered by "gồm có 2 cấp": a figure, but no sum of money.
        text = "Đội kiểm tra liên ngành 814 tỉnh Cà Mau gồm có 2 cấp. Mức bồi dưỡng là 50.000đ/người/buổi."
        p = passage(text)
        c = parse_constraints("Thành viên đội kiểm tra 814 được bồi dưỡng bao nhiêu tiền mỗi buổi?")
        reason = verify_answer(c, [cite(p, "Đội kiểm tra liên ngành 814 tỉnh Cà Mau gồm có 2 cấp.")], [p])
        assert reason is not None and reason.missing == ["con số tính bằng tiền được hỏi"]
        assert verify_answer(c, [cite(p, "Mức bồi dưỡng là 50.000đ/người/buổi.")], [p]) is None
        c = parse_constraints("Tỷ lệ che phủ rừng đạt bao nhiêu phần trăm?")
        assert quoting(c, TARGETS) is None

    def test_answer_meeting_the_qualifiers_passes(self):
        p = passage(TARGETS, label="Điểm 2.1 Công văn ngày 13/6/2016")
        c = parse_constraints("Chỉ tiêu tỷ lệ che phủ rừng đến năm 2020 là bao nhiêu?")
        assert verify_answer(c, [cite(p, TARGETS)], [p]) is None

    def test_another_year_is_refused_with_what_is_missing(self):
        p = passage(TARGETS, label="Điểm 2.1 Công văn ngày 13/6/2016")
        c = parse_constraints("Chỉ tiêu tỷ lệ che phủ rừng đến năm 2030 là bao nhiêu?")
        reason = verify_answer(c, [cite(p, TARGETS)], [p])
        assert reason.code == CONSTRAINT_UNMET and reason.missing == ["năm 2030"]
        assert reason.answer_text().startswith(NOT_FOUND) and "Điểm 2.1" in reason.message

    def test_figure_asked_and_none_quoted(self):
        text = "Các cấp ủy đảng phải tăng cường lãnh đạo công tác bảo vệ môi trường."
        p = passage(text)
        c = parse_constraints("Tỷ lệ cơ sở đạt chuẩn môi trường là bao nhiêu?")
        assert verify_answer(c, [cite(p, text)], [p]).missing == ["con số được hỏi"]

    def test_article_must_be_where_the_quote_is(self):
        text = "Thời gian tập sự là 06 tháng."
        c = parse_constraints("Điều 13 quy định thời gian tập sự bao lâu?")
        assert verify_answer(c, [cite(passage(text, label="Khoản 4 Điều 13 Nghị định 114"), text)], []) is None
        assert verify_answer(c, [cite(passage(text, label="Khoản 1 Điều 7 Nghị định 114"), text)], []) is not None


class TestDirectAnswer:
    def test_the_figure_next_to_the_question_words(self):
        p = passage(TARGETS)
        q = "Tỷ lệ dân số nông thôn sử dụng nước hợp vệ sinh đến năm 2020 là bao nhiêu?"
        got = direct_answer(parse_constraints(q), [cite(p, TARGETS)], QueryEvidence(q, None))
        assert got == "98% [1]"

    def test_a_duration(self):
        text = "Người được tuyển dụng phải tập sự đủ thời gian 06 tháng."
        q = "Thời gian tập sự là bao lâu?"
        assert direct_answer(parse_constraints(q), [cite(passage(text), text)], QueryEvidence(q, None)) == "06 tháng [1]"

    def test_a_document_number_or_a_form_code_whole(self):
        text = "Đề nghị hưởng trợ cấp một lần theo Nghị định số 59/2003/NĐ-CP ngày 04 tháng 6 năm 2003 của Chính phủ"
        q = "Bản khai thân nhân người có công theo NĐ số mấy?"
        assert direct_answer(parse_constraints(q), [cite(passage(text), text)], QueryEvidence(q, None)) == "59/2003/NĐ-CP [1]"
        q, text = "Danh sách do Sở lập là mẫu số mấy?", "Mẫu số 2a"
        assert direct_answer(parse_constraints(q), [cite(passage(text), text)], QueryEvidence(q, None)) == "Mẫu số 2a [1]"

    def test_none_for_other_questions(self):
        q = "Nhiệm vụ của cấp ủy là gì?"
        text = "Các cấp ủy đảng phải tăng cường lãnh đạo."
        assert direct_answer(parse_constraints(q), [cite(passage(text), text)], QueryEvidence(q, None)) is None


def test_no_evidence_reason_names_the_missing_phrase():
    q = "Thuế suất thuế thu nhập cá nhân là bao nhiêu?"
    p = passage("Thuế suất thuế thu nhập doanh nghiệp là 28%.")
    assert missing_terms(QueryEvidence(q, None), p)[0] == "cá nhân"
    reason = no_evidence_reason(QueryEvidence(q, None), p)
    assert reason.code == "no_evidence" and "Điều 1 Luật X" in reason.message


def test_a_table_row_comes_with_its_column_headers():
    from qa.answer import compose_answer
    from qa.tables import header_span, is_header, is_table_row

    text = ("Ước thực hiện nhập khẩu tháng 1 năm 2005\n\nStt\t\tĐơn vị\tK.H\tTH\tƯ.TH\n\t\ttính\t2005\tT1/2004\tT1/2005\n"
            "\tTổng kim ngạch nhập khẩu\tTr. USD\t36000\t1860\t2200\n\tTrong đó: - DN ĐTNN\t\"\t12600\t650\t780\n")
    row = text.index("\tTổng") + 1
    start, end = header_span(text, row)
    assert text[start:end].startswith("Stt") and text[start:end].endswith("T1/2005") and is_header(text[start:end])
    assert is_table_row(text[row:text.index("\n", row)]) and header_span("một câu văn.", 0) is None
    q = "Ước tổng kim ngạch nhập khẩu tháng 1 năm 2005 là bao nhiêu triệu USD?"
    out, citations, abstained, _ = compose_answer(q, [passage(text)], QueryEvidence(q, None))
    assert not abstained and citations[0].quote.startswith("Stt") and "36000" in citations[1].quote
    assert direct_answer(parse_constraints(q), citations, QueryEvidence(q, None)) is None


def test_a_row_of_words_is_no_header():
    from qa.tables import is_header

    assert is_header("STT\tTên dự án\tĐịa điểm\tQuy mô\tTổng vốn đầu tư dự tính")
    assert is_header("\t\ttính\t2005\tT1/2004\tT1/2005")  # years over the columns
    assert not is_header("1\tThăm dò và khai thác vàng\tTỉnh Lạng Sơn\tTrữ lượng ước tính 30 tấn Au\t5900000")


# Two tables of one passage, each with its own caption: by country as of 22/8/2005, by province as of 15/8/2005.
TWO_TABLES = ("Cấp mới 8 tháng - 2005 phân theo nước\n(tính tới ngày 22/8/2005)\n\n"
              "STT\tNước, vùng lãnh thổ\tSố dự án\tTVĐT\n1\tHoa Kỳ\t31\t89864625\n2\tNhật Bản\t51\t184955263\n\n"
              "FDI phân theo địa phương\n(tính tới ngày 15/8/2005)\n\n"
              "STT\tĐịa phương\tSố dự án\tTVĐT\n1\tBình Phước\t15\t39720000\n2\tBình Dương\t40\t179205400\n")


def test_a_table_frame_is_its_own_caption_and_headers():
    from qa.tables import table_frame

    frame = table_frame(TWO_TABLES, TWO_TABLES.index("2\tBình Dương"))
    assert frame.startswith("FDI phân theo địa phương") and "15/8/2005" in frame and "22/8/2005" not in frame
    assert frame.endswith("STT\tĐịa phương\tSố dự án\tTVĐT")
    assert table_frame(TWO_TABLES, 10_000) == ""


def test_a_table_row_answers_only_for_its_own_table_s_place_and_day():
    p = passage(TWO_TABLES)
    asked = parse_constraints("Tính tới ngày 15/8/2005, tỉnh Bình Phước có bao nhiêu dự án FDI?")
    assert verify_answer(asked, [cite(p, "1\tBình Phước\t15\t39720000")], [p]) is None
    # The same row for another day: the passage names that day only in the other table's caption.
    other_day = parse_constraints("Tính tới ngày 22/8/2005, tỉnh Bình Phước có bao nhiêu dự án FDI?")
    reason = verify_answer(other_day, [cite(p, "1\tBình Phước\t15\t39720000")], [p])
    assert reason is not None and reason.missing == ["ngày 22/8/2005"]
    # A province asked, a row of the by-country table quoted (the province is in the passage, not in that table).
    province = parse_constraints("Tỉnh Bình Phước có bao nhiêu dự án FDI?")
    reason = verify_answer(province, [cite(p, "1\tHoa Kỳ\t31\t89864625")], [p])
    assert reason is not None and "bình phước" in " ".join(reason.missing).lower()
    # One quoted row that meets the question is enough, whichever comes first.
    both = [cite(p, "1\tHoa Kỳ\t31\t89864625"), cite(p, "1\tBình Phước\t15\t39720000", 2)]
    assert verify_answer(province, both, [p]) is None


def test_a_table_s_own_year_beats_its_document_s():
    """A budget table headed "NĂM 2004" in a decision of 2005 answers for 2004 only, though
    its document's title (the passage's context) names 2005."""
    text = "QUYẾT TOÁN\nSTT\tNỘI DUNG\tNĂM 2004\nA\tTổng thu NSNN trên địa bàn\t15237170\n"
    p = passage(text, context="Bảng cân đối quyết toán ban hành kèm theo Quyết định số 38/2005/QĐ-UBND ngày 23/9/2005")
    row = "A\tTổng thu NSNN trên địa bàn\t15237170"
    reason = verify_answer(parse_constraints("Quyết toán tổng thu NSNN năm 2005 là bao nhiêu?"), [cite(p, row)], [p])
    assert reason is not None and reason.missing == ["năm 2005"]
    assert verify_answer(parse_constraints("Quyết toán tổng thu NSNN năm 2004 là bao nhiêu?"), [cite(p, row)], [p]) is None


def test_a_caption_outside_the_chunk_speaks_through_its_heading():
    """A row of "danh mục đầu tư Năm 2006" whose project runs "2004 - 2007" gives no figure of 2007:
    the caption is in the chunk's heading (its context), the range is the project's own."""
    row = "5\tXây dựng cầu Tắc Tây Đen, huyện Cần Giờ\tHuyện Cần Giờ\t2004 - 2007\t93m cầu\t20946\t5000"
    p = passage(row, context="Bảng số liệu — Bảng tổng hợp danh mục đầu tư Năm 2006 Vốn ngân sách tập trung")
    asked = parse_constraints("Dự toán năm 2007 của huyện Cần Giờ cho cầu Tắc Tây Đen là bao nhiêu?")
    reason = verify_answer(asked, [cite(p, row)], [p])
    assert reason is not None and reason.missing == ["năm 2007"]
    same_year = parse_constraints("Kế hoạch vốn năm 2006 cho cầu Tắc Tây Đen ở Cần Giờ là bao nhiêu?")
    assert verify_answer(same_year, [cite(p, row)], [p]) is None
    # A row naming the year as part of its item ("… đến năm 2010") is about it, whatever the caption's year.
    task = "2\tGiải pháp chuyển dịch cơ cấu kinh tế nông nghiệp Vùng Đồng Bằng Sông Cửu Long đến năm 2010\t09 tháng\tThS. Trần Sinh"
    q = passage(task, context="Danh mục nhiệm vụ khoa học của Bộ Kế hoạch và Đầu tư năm 2003")
    asked = parse_constraints("Đề tài chuyển dịch cơ cấu kinh tế nông nghiệp ĐBSCL đến 2010 do ai chủ nhiệm?")
    assert verify_answer(asked, [cite(q, task)], [q]) is None


def test_a_form_is_named_by_its_code():
    """"Mẫu MĐ-4" is no form of a library holding MĐ-1, 2, 3 and 5 (four helpers asked it); "MTB-10B"
    is not "MTB-10"."""
    from qa.qualifiers import unmet
    form = passage("Mẫu MĐ-2\nĐƠN ĐĂNG KÝ KINH DOANH CÔNG TY TNHH HAI THÀNH VIÊN TRỞ LÊN\nVốn điều lệ:", "md2")
    assert [r.label for r in unmet(parse_constraints("Mẫu MĐ-4 đơn ĐKKD gồm những mục nào?"), form)] == ["Mẫu MĐ-4"]
    assert not unmet(parse_constraints("Mẫu MĐ-2 đơn ĐKKD gồm những mục nào?"), form)
    # The code is often only in the form's footer: the form's other passages rest on it, unless the
    # document names other forms too.
    body = passage("Kính gửi: Phòng đăng ký kinh doanh tỉnh Sóc Trăng", "md5")
    footer = "kinh gui: phong dang ky kinh doanh tinh soc trang\n" + "x " * 300 + "mau md-5"
    assert not unmet(parse_constraints("mau MD-5 gui co quan nao"), body, about=lambda doc_id: footer)
    assert unmet(parse_constraints("mau MD-5 gui co quan nao"), body, about=lambda doc_id: footer + " mau mds-3")
    b = passage("Mẫu MTB-10B\nTHÔNG BÁO THAY ĐỔI VỐN ĐIỀU LỆ CÔNG TY HỢP DANH", "mtb")
    assert unmet(parse_constraints("mẫu MTB-10 do ai ký?"), b) and not unmet(parse_constraints("mẫu MTB-10B do ai ký?"), b)


def test_a_day_is_one_day_in_any_spelling():
    from qa.qualifiers import dates_in

    assert dates_in("tinh toi ngay 31/07/2005; 31-7-2005; ngay 31 thang 7 nam 2005; 2005-07-31") == {"31/7/2005"}
    assert dates_in("so 12/13/2005 va 1/2/3") == set()  # no month 13; no year
    reqs = parse_constraints("Tính đến ngày 31/12/2006 có bao nhiêu dự án?").of_kind("date")
    assert [(r.label, r.forms) for r in reqs] == [("ngày 31/12/2006", ("31/12/2006",))]
    assert parse_constraints("tinh den 31/12/2006 co bao nhieu du an").of_kind("date")[0].forms == ("31/12/2006",)


def test_a_figure_as_of_another_day_is_refused():
    text = "Tính đến ngày 31/7/2005, Việt Nam có 8 dự án đầu tư sang Campuchia còn hiệu lực."
    p = passage(text)
    c = parse_constraints("Tính đến 31/12/2006, Việt Nam có bao nhiêu dự án đầu tư sang Campuchia?")
    reason = verify_answer(c, [cite(p, text)], [p])
    assert reason is not None and reason.missing == ["ngày 31/12/2006"]
    same = parse_constraints("Tính đến 31/07/2005, Việt Nam có bao nhiêu dự án đầu tư sang Campuchia?")
    assert verify_answer(same, [cite(p, text)], [p]) is None


def test_a_sum_asked_by_what_it_pays_for_needs_a_sum_of_money():
    text = "Sử dụng hợp lý nguồn kinh phí từ Chương trình mục tiêu quốc gia; tỷ lệ che phủ rừng đạt 74,8%."
    p = passage(text)
    c = parse_constraints("Tỉnh được phân bổ bao nhiêu kinh phí từ Chương trình mục tiêu quốc gia?")
    reason = verify_answer(c, [cite(p, text)], [p])
    assert reason is not None and reason.missing == ["con số tính bằng tiền được hỏi"]
    paid = "Kinh phí thực hiện dự án năm 1999 là 747.000.000 đồng."
    assert quoting(c, paid) is None
    # A fine ("mức phạt tiền bao nhiêu", s3b-18): a procedure's "10 ngày làm việc" is no sum.
    days = "Cơ quan thuế phải lập biên bản và xử phạt trong vòng 10 ngày làm việc, kể từ khi ra thông báo mất hoá đơn."
    fine = parse_constraints("Nghị định 89/2002/NĐ-CP quy định mức phạt tiền bao nhiêu đối với hành vi làm mất hóa đơn?")
    assert quoting(fine, days) is not None
    assert quoting(fine, "Phạt tiền từ 200.000 đồng đến 1.000.000 đồng đối với hành vi làm mất hoá đơn.") is None
    # An allowance is often a share of the salary: no sum is required of it.
    share = "Công chức hướng dẫn tập sự được hưởng phụ cấp trách nhiệm bằng 30% mức lương tối thiểu."
    allowance = parse_constraints("Công chức hướng dẫn tập sự được phụ cấp trách nhiệm bao nhiêu?")
    assert quoting(allowance, share) is None


def test_a_share_of_a_cost_is_no_sum_and_a_spelled_figure_gives_its_unit():
    # "bn % chi phí GPMB", "bao nhiêu phần chi phí": a share of the cost was held to a sum of money.
    rule = "Ngân sách tỉnh hỗ trợ 100% chi phí đền bù giải tỏa đối với dự án xây dựng hạ tầng cụm tuyến dân cư."
    p = passage(rule)
    for asked in ("DA hạ tầng cụm tuyến dân cư đc hỗ trợ bn % chi phí GPMB?",
                  "Dự án hạ tầng cụm tuyến dân cư được Nhà nước gánh bao nhiêu phần chi phí đền bù giải tỏa?"):
        assert verify_answer(parse_constraints(asked), [cite(p, rule)], [p]) is None, asked
    # "tám (8) giờ": the figure in parentheses, then its unit.
    hours = "Trong thời hạn tám (8) giờ làm việc, cơ quan Hải quan phải thông báo số thuế phải nộp."
    c = parse_constraints("Hải quan phải thông báo số thuế trong bao nhiêu giờ kể từ khi nhận tờ khai?")
    assert quoting(c, hours) is None


def test_a_document_number_asked_must_be_quoted_and_not_the_question_s_own():
    asked = parse_constraints("Biểu số 01/TNLĐ-CS báo cáo tai nạn lao động được ban hành theo thông tư nào?")
    caption, number = "Biểu số 01/TNLĐ -CS ban hành theo", "TT 14/2005/TTLT-BLĐTBXH-BYT-TLĐLĐVN ngày 08/3/2005"
    form = passage(f"BÁO CÁO TAI NẠN LAO ĐỘNG\n{caption}\nThuộc loại hình:(1)\t{number}")
    assert verify_answer(asked, [cite(form, caption)], [form]).missing == ["số hiệu văn bản được hỏi"]
    assert verify_answer(asked, [cite(form, number)], [form]) is None
    # a form's code: "mẫu số mấy" is no figure asked ("con số"), the code is ("MĐ-2", not the question's "2")
    form = parse_constraints("mẫu đơn ĐKKD cty TNHH 2 TV trở lên là mẫu số mấy")
    assert missing_of(form, "Mẫu MĐ-2") == []
    assert missing_of(form, "Đơn đăng ký kinh doanh công ty trách nhiệm hữu hạn có hai thành viên trở lên") == [
        "số hiệu mẫu được hỏi"]


def test_how_long_is_answered_by_a_duration_not_by_any_figure():
    # "thời gian tập sự ngạch cán sự là bao lâu" was answered by the article on pay during probation ("100% lương").
    how_long = parse_constraints("thời gian tập sự ngạch cán sự là bao lâu")
    pay = "Những người sau đây trong thời gian tập sự được hưởng 100% lương và phụ cấp của ngạch tuyển dụng:"
    assert missing_of(how_long, pay) == ["thời hạn được hỏi"]
    assert missing_of(how_long, "b) 06 tháng đối với ngạch cán sự và tương đương;") == []
    # "1 (một) năm": the figure, its spelling in parentheses, then the unit (s5-12).
    registered = parse_constraints("hồ sơ đăng ký mấy lần và thực hiện trong bao lâu")
    assert missing_of(registered, "Các giấy tờ trên chỉ đăng ký một lần và thực hiện trong 1 (một) năm.") == []


def test_a_passage_on_the_whole_year_does_not_answer_for_a_month():
    from qa.qualifiers import unmet

    year = passage("Tuy nhiên, năm 2005 vẫn phải nhập thêm khoảng 2,6 triệu tấn phôi thép.")
    month = passage("Ước nhập khẩu tháng 3/2005: phôi thép 150 nghìn tấn.")
    c = parse_constraints("Ước nhập khẩu phôi thép tháng 3 năm 2005 đạt bao nhiêu nghìn tấn?")
    document = lambda doc_id: "bao cao ke hoach. " + "x " * 400 + "uoc nhap khau thang 3 nam 2005"  # the month, further on
    assert [r.label for r in unmet(c, year, document)] == ["tháng 3"]
    assert unmet(c, month, document) == []


def test_funding_is_not_a_levy_and_ti_is_ty():
    # "kinh phí đầu tư bao nhiêu" asks a sum; it names no fee ("phí đầu tư …") the passage must repeat.
    c = parse_constraints("Bệnh viện tư Vạn Xuân có tổng kinh phí đầu tư bao nhiêu?")
    assert not c.of_kind("levy")
    assert not parse_constraints("Quỹ hỗ trợ bao nhiêu tiền?").of_kind("levy")
    assert parse_constraints("Quỹ hỗ trợ phát triển địa phương lập khi nào?").of_kind("levy")
    text = "Bệnh viện có tổng kinh phí đầu tư 5 tỉ đồng (không bao gồm đất và cơ sở hạ tầng)."
    assert quoting(c, text) is None  # "tỉ", the older spelling of "tỷ"


def test_an_area_in_thousands_of_hectares_is_an_area():
    text = "Chương trình đa dạng hóa nông nghiệp do WB và AFD tài trợ để phát triển 60 ngàn ha cao su."
    c = parse_constraints("Chương trình do WB và AFD tài trợ phát triển bao nhiêu ha cao su?")
    assert quoting(c, text) is None


def test_a_row_with_only_its_running_number_or_no_data_gives_no_figure():
    table = "STT\tHuyện\tSố trang trại\n9\tH. Xuân Lộc\t\n10\tHà Tĩnh (không có số liệu)\t\n11\tH. Long Thành\t124\n"
    p = passage(table)
    c = parse_constraints("Số trang trại của huyện Xuân Lộc năm 2007 là bao nhiêu?")
    reason = verify_answer(c, [cite(p, "9\tH. Xuân Lộc\t")], [p])
    assert reason is not None and "con số được hỏi" in reason.missing
    reason = verify_answer(c, [cite(p, "10\tHà Tĩnh (không có số liệu)\t")], [p])
    assert reason is not None and "con số được hỏi" in reason.missing
    other = verify_answer(c, [cite(p, "11\tH. Long Thành\t124")], [p])  # a figure (of another place)
    assert other is None or "con số được hỏi" not in other.missing


def test_a_numbered_row_left_blank_does_not_answer_for_its_item():
    # A budget form that names "Chi đầu tư phát triển" but leaves its column empty gives no
    # amount for it, whatever the rows quoted after it say; a group row ("A  Ngân sách huyện")
    # is followed by its items and is not held to this.
    table = ("STT\tNỘI DUNG\tNĂM 2006\n1\tChi đầu tư phát triển\t\n2\tChi thường xuyên\t102859978\n"
             "A\tNgân sách huyện\t\n3\tBổ sung cho ngân sách xã\t11786000\n")
    p = passage(table)
    c = parse_constraints("Dự toán chi đầu tư phát triển năm 2006 là bao nhiêu?")
    blank = [cite(p, "1\tChi đầu tư phát triển\t"), cite(p, "2\tChi thường xuyên\t102859978", 2)]
    reason = verify_answer(c, blank, [p])
    assert reason is not None and "số liệu của dòng được hỏi (ô trong bảng để trống)" in reason.missing
    c = parse_constraints("Ngân sách huyện bổ sung cho ngân sách xã bao nhiêu?")
    group = [cite(p, "A\tNgân sách huyện\t"), cite(p, "3\tBổ sung cho ngân sách xã\t11786000", 2)]
    assert verify_answer(c, group, [p]) is None


def test_a_count_in_words_gives_the_asked_figure():
    views = "Bộ Chính trị xác định năm quan điểm cơ bản về bảo vệ môi trường."
    p = passage(views)
    c = parse_constraints("Nghị quyết 41-NQ/TW xác định bao nhiêu quan điểm cơ bản về bảo vệ môi trường?")
    assert verify_answer(c, [cite(p, views)], [p]) is None
    vague = "Bộ Chính trị nêu nhiều quan điểm về bảo vệ môi trường."
    p = passage(vague)
    c = parse_constraints("Bộ Chính trị nêu bao nhiêu quan điểm về bảo vệ môi trường?")
    reason = verify_answer(c, [cite(p, vague)], [p])
    assert reason is not None and "con số được hỏi" in reason.missing


def test_a_table_answer_must_quote_the_row_asked_for():
    # The by-country table has no row for Myanmar: its Irắc row answers nothing about it.
    table = ("Đầu tư ra nước ngoài phân theo nước (tính tới ngày 31/7/2005)\n"
             "STT\tNước tiếp nhận\tSố dự án\tTVĐT\n1\tIrắc\t1\t100000000\n2\tLào\t41\t84584486\n")
    p = passage(table)
    # Corpus frequencies: "Việt Nam", "đầu tư", "tính tới" are everywhere; a country is rare.
    stats = TermStats.build([table] + [f"Tính tới nay Việt Nam có {i} dự án đầu tư sang nước ngoài." for i in range(30)])
    question = "Tính tới 31/7/2005, Việt Nam có bao nhiêu dự án đầu tư sang Myanmar?"
    c, e = parse_constraints(question), QueryEvidence(question, stats)
    rows = [cite(p, "STT\tNước tiếp nhận\tSố dự án\tTVĐT"), cite(p, "1\tIrắc\t1\t100000000", 2)]
    reason = verify_answer(c, rows, [p], query=e)
    assert reason is not None and reason.missing == ["myanmar"]
    question = "Tính tới 31/7/2005, Việt Nam có bao nhiêu dự án đầu tư sang Lào?"
    c, e = parse_constraints(question), QueryEvidence(question, stats)
    rows = [cite(p, "STT\tNước tiếp nhận\tSố dự án\tTVĐT"), cite(p, "2\tLào\t41\t84584486", 2)]
    assert verify_answer(c, rows, [p], query=e) is None


def test_a_unit_declared_in_the_table_header_gives_the_bare_cells_theirs():
    # A tariff schedule of "|"-separated cells names its unit once, in the column heading.
    text = ("BIểu thuế tiêu thụ đặc biệt\nSTT|Hàng hóa, dịch vụ|Thuế suất\n(%)|\n4.|Ô tô ||\n"
            "|a) Ô tô từ 5 chỗ ngồi trở xuống|100|\n|b) Ô tô từ 6 đến 15 chỗ ngồi|60|")
    p = passage(text)
    c = parse_constraints("Thuế suất thuế tiêu thụ đặc biệt đối với ô tô từ 6 đến 15 chỗ ngồi là bao nhiêu phần trăm?")
    assert verify_answer(c, [cite(p, "|b) Ô tô từ 6 đến 15 chỗ ngồi|60|")], [p]) is None
    # Without the declared unit the bare cell does not give a percentage.
    bare = passage(text.replace("\n(%)", ""))
    reason = verify_answer(c, [cite(bare, "|b) Ô tô từ 6 đến 15 chỗ ngồi|60|")], [bare])
    assert reason is not None and reason.missing == ["con số tính bằng phần trăm được hỏi"]
    # A "Đơn vị tính" line declares it as well; a unit declared after the quote does not count.
    money = parse_constraints("Trường mầm non được giao bao nhiêu tiền?")
    budget = passage("Đơn vị tính: triệu đồng\n|1|Trường mầm non Z751|18000|\n")
    assert verify_answer(money, [cite(budget, "|1|Trường mầm non Z751|18000|")], [budget]) is None
    late = passage("|1|Trường mầm non Z751|18000|\nĐơn vị tính: triệu đồng")
    assert verify_answer(money, [cite(late, "|1|Trường mầm non Z751|18000|")], [late]) is not None


def test_a_count_of_projects_asked_is_given_by_a_count_of_projects():
    # Sealed-22, 24, 25, 26 and s2b-47 asked "Năm 1996 … bao nhiêu dự án đầu tư ra nước ngoài?"
    # (a year the table lacks); each answer quoted a tax rate that counts no project.
    c = parse_constraints("Năm 1996 Việt Nam có bao nhiêu dự án đầu tư ra nước ngoài?")
    rate = passage("Mức 5%, áp dụng đối với Nhà đầu tư nước ngoài góp vốn pháp định từ 10 triệu USD trở lên năm 1996.")
    reason = verify_answer(c, [cite(rate, rate.text)], [rate])
    assert reason is not None and reason.missing == ["số dự án được hỏi"]
    # A count in digits, in words, or after "số dự án" gives it.
    for told in ("Năm 1996 cấp phép 12 dự án đầu tư ra nước ngoài.", "Năm 1996 có năm dự án đầu tư ra nước ngoài.",
                 "Năm 1996, số dự án đầu tư ra nước ngoài được cấp phép là 12."):
        p = passage(told)
        assert verify_answer(c, [cite(p, told)], [p]) is None, told


ALLOWANCES = ("Điều 16 : Chế độ công tác phí\nPhụ cấp công tác phí:\n"
              "Đi công tác ngoài tỉnh \t: 50.000đ/ngày/người.\nNghỉ việc riêng có hưởng lương:\n"
              "Kết hôn \t:\tNghỉ 03 ngày\n")


def test_a_label_and_its_value_laid_out_with_a_tab_is_a_statement_of_its_label():
    # "Đi công tác ngoài tỉnh <tab>: 50.000đ/ngày/người." was read as a table's header line, so the
    # figure it gives was not counted and six opened questions on such rates were refused.
    p = passage(ALLOWANCES)
    rate = "Đi công tác ngoài tỉnh \t: 50.000đ/ngày/người."
    stats = TermStats.build([ALLOWANCES] + [f"Quy định chung về chế độ số {i}." for i in range(20)])
    asked = "Cán bộ đi công tác ngoài tỉnh được phụ cấp bao nhiêu một ngày?"
    c = parse_constraints(asked)
    assert verify_answer(c, [cite(p, rate)], [p], query=QueryEvidence(asked, stats)) is None
    assert direct_answer(c, [cite(p, rate)], QueryEvidence(asked, stats)) == "50.000đ/ngày/người [1]"
    # Its label is what the value is for: "Kết hôn : Nghỉ 03 ngày" gives no term of unemployment insurance.
    other = "Người lao động đóng bảo hiểm thất nghiệp bao lâu thì được hưởng trợ cấp thất nghiệp?"
    reason = verify_answer(parse_constraints(other), [cite(p, "Kết hôn \t:\tNghỉ 03 ngày")], [p],
                           query=QueryEvidence(other, stats))
    assert reason is not None and reason.code == CONSTRAINT_UNMET


def test_the_figure_lifted_from_a_label_and_value_line_is_the_value():
    # "Xe ôtô 07 chỗ … : 22lit/100km" asked for the fuel norm: "07" is the label's, not the answer.
    line = "Xe ôtô 07 chỗ có máy lạnh (biển số 72C- 0817)\t: 22lit/100km"
    p = passage(line)
    asked = "Định mức xăng xe ô tô 7 chỗ là bao nhiêu?"
    assert direct_answer(parse_constraints(asked), [cite(p, line)], QueryEvidence(asked, None)) == "22lit/100km [1]"


def test_column_headers_a_chunk_above_still_frame_the_row():
    # The plan's table names its years in headers the row's chunk does not hold: read in the whole
    # document, a row of "Thực hiện năm 2001 | Ước TH năm 2002 | Kế hoạch năm 2003" gives no figure of
    # 2000, though the document names 2000 elsewhere.
    document = ("Mục tiêu đến năm 2000 đã hoàn thành.\n\nMột số chỉ tiêu tổng hợp\n"
                "Tên chỉ tiêu\tĐơn vị tính\tThực hiện năm 2001\tƯớc TH năm 2002\tKế hoạch năm 2003\n"
                "Tốc độ tăng trưởng GDP\t%\t6.8\t7\t7.5\n\tB. Chỉ tiêu xã hội\t\t\t\n"
                "25\tTỷ lệ xã có trạm y tế\t%\t97.5\t97.5\t97.5\n")
    chunk = "\tB. Chỉ tiêu xã hội\t\t\t\n25\tTỷ lệ xã có trạm y tế\t%\t97.5\t97.5\t97.5\n"
    p = passage(chunk)
    row = cite(p, "25\tTỷ lệ xã có trạm y tế\t%\t97.5\t97.5\t97.5")
    whole = {p.doc_id: document}.get
    about = {p.doc_id: mention_form(document)}.get
    asked = parse_constraints("Tỷ lệ xã có trạm y tế thực hiện năm 2000 là bao nhiêu?")
    reason = verify_answer(asked, [row], [p], about, text_of=whole)
    assert reason is not None and reason.missing == ["năm 2000"]
    assert verify_answer(asked, [row], [p], about) is None  # the chunk alone: the document's 2000 met it
    told = parse_constraints("Tỷ lệ xã có trạm y tế thực hiện năm 2001 là bao nhiêu?")
    assert verify_answer(told, [row], [p], about, text_of=whole) is None


def test_a_table_caption_is_cut_from_the_row_it_was_joined_to_and_leads_its_header_and_rows():
    from common.vietnamese.sentences import split_sentences
    from qa.tables import caption_rows, split_table_lines

    text = ("207\t42\tĐiểm chăn nuôi Trâu, Bò\ngiá trị sản xuất ngành chăn nuôi\nSTT\tDanh mục\tGiá trị\n"
            "\tTổng số\n1\tGia Súc\n2\tGia Cầm\n\nNgười tham gia kháng chiến\thưởng trợ cấp\n\tmức: 300.000 đồng")
    spans = split_table_lines(text, split_sentences(text))
    said = [text[a:b] for a, b in spans]
    assert "giá trị sản xuất ngành chăn nuôi" in said and "207\t42\tĐiểm chăn nuôi Trâu, Bò" in said
    # A row's cell wrapped onto the next line is still that row (no header follows it).
    assert not any(s == "mức: 300.000 đồng" for s in said)
    at = text.index("giá trị")
    rows = [text[a:b] for a, b in caption_rows(text, at, at + len("giá trị sản xuất ngành chăn nuôi"), 14)]
    assert rows == ["STT\tDanh mục\tGiá trị", "Tổng số", "1\tGia Súc", "2\tGia Cầm"]
    assert caption_rows(text, at, at + len("giá trị sản xuất ngành chăn nuôi"), 2) == caption_rows(text, at, at + 32, 14)[:2]
    # A line of prose above prose is no caption; nor is a row.
    assert caption_rows(text, 0, len("207\t42\tĐiểm chăn nuôi Trâu, Bò"), 14) == []
    # A unit line or a sentence above a form's frame is no caption (s14-4, s8-32 were answered from them).
    unit = "Đơn vị tính: đồng\nSTT\tBên giao\tBên nhận\n1\tLâm trường A\tÔng X"
    assert caption_rows(unit, 0, len("Đơn vị tính: đồng"), 14) == []


def test_what_the_nearest_passage_lacks_is_named_as_the_question_writes_it():
    """A document's number the nearest passage lacks is read back as typed: "04/2004/TT-BLĐTBXH",
    not the lower-cased term "04/2004/tt-blđtbxh" (s8-32's refusal)."""
    from qa.evidence import QueryEvidence
    from qa.verify import missing_terms
    from tests.qa.test_answer import passage

    question = "Theo Thông tư 04/2004/TT-BLĐTBXH, hồ sơ cấp giấy phép lao động gồm những giấy tờ gì?"
    missing = missing_terms(QueryEvidence(question, None), passage("Hồ sơ cấp giấy phép lao động gồm đơn đề nghị."))
    assert "Thông tư 04/2004/TT-BLĐTBXH" in missing and "04/2004/tt-blđtbxh" not in " ".join(missing)


def test_an_agency_asked_in_words_and_written_by_its_initials_or_the_other_way_is_named():
    """"Vụ Chính sách tiền tệ" asked, "Vụ CSTT" written (s29-38, s30-3 were refused "không nói đến “Vụ
    Chính sách”"); "Sở LĐTBXH" asked, "Sở Lao động - Thương binh và Xã hội" written. Another body of the
    same head is not it."""
    from qa.qualifiers import by_initials

    assert by_initials("vu chinh sach", "truyen so lieu ve vu cstt thong qua cuc cong nghe tin hoc")
    assert by_initials("so ldtbxh", "gui so lao dong - thuong binh va xa hoi tinh dong nai")
    assert by_initials("bo khcn", "bo khoa hoc va cong nghe ban hanh")
    assert not by_initials("vu chinh sach", "vu tai chinh ke toan")
    assert not by_initials("so ldtbxh", "so ke hoach va dau tu")
    assert not by_initials("vu", "vu cstt")
    assert not by_initials("bo ke hoach", "bo khoa hoc va cong nghe")  # a word that starts so is no initials


def test_a_missing_phrase_is_whole_words_of_the_question():
    """A reason names words, not halves of two: missing syllables a stopword parts are two phrases
    ("tỉnh" and "nhà máy", not "tỉnh nhà máy"), and a lone missing syllable takes the found neighbour
    the corpus writes with it ("Dương" of "Bình Dương" — reasons read "không nói đến “Dương”")."""
    from qa.evidence import TermStats
    from tests.qa.test_answer import passage

    stats = TermStats.build(["Khu công nghiệp ở Bình Dương.", "Tỉnh Bình Dương có nhiều khu công nghiệp."])
    evidence = QueryEvidence("Khu công nghiệp Sóng Thần ở Bình Dương rộng bao nhiêu?", stats)
    assert "Bình Dương" in missing_terms(evidence, passage("Khu công nghiệp Sóng Thần ở Bình Định rộng 180 ha."))
    # A neighbour that belongs to its own other side keeps it: "kinh tế Mỹ" lacking "Mỹ" names "Mỹ".
    stats = TermStats.build(["Kinh tế Mỹ tăng.", "Kinh tế Mỹ giảm.", "Kinh tế Việt Nam.", "Nền kinh tế.", "Kinh tế."])
    evidence = QueryEvidence("Kinh tế Mỹ tăng bao nhiêu?", stats)
    assert missing_terms(evidence, passage("Kinh tế Việt Nam tăng 7%."))[0] == "Mỹ"
    missing = missing_terms(QueryEvidence("Tỉnh có bao nhiêu nhà máy xử lý rác?", None), passage("Xử lý rác thải."))
    assert "nhà máy" in missing and not any("tỉnh nhà" in m.lower() for m in missing)
