"""Answer verification: a composed answer that misses a qualifier becomes an abstention that
says what is missing; the asked figure or date is lifted from the lead quote."""

from __future__ import annotations

from qa.answer import make_citation
from qa.constraints import parse_constraints
from qa.evidence import QueryEvidence
from qa.types import NOT_FOUND
from qa.verify import CONSTRAINT_UNMET, direct_answer, missing_terms, no_evidence_reason, verify_answer
from tests.qa.test_answer import passage

TARGETS = "Đến năm 2020, tỷ lệ che phủ rừng đạt 74,8%; 98% dân số nông thôn sử dụng nước hợp vệ sinh."


def cite(p, sentence: str, n: int = 1):
    start = p.text.index(sentence)
    return make_citation(n, p, start, start + len(sentence))


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
        assert verify_answer(c, [cite(passage(TARGETS), TARGETS)], [passage(TARGETS)]) is None

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
