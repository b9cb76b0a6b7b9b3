"""A quantity asked against a schedule of brackets (qa.ranges): the sentences are the real ones of
Thông tư 172/1998/TT-BTC (tax refunds by time of use, customs value by remaining use) and of the
2003 education bond's early-repayment schedule, as the corpus writes them."""

from __future__ import annotations

import math

from qa.ranges import Bracket, asked_amount, bracket_first, brackets, fits

REFUNDS = [
    "Thời gian sử dụng và lưu lại tại Việt Nam từ 6 tháng trở xuống được hoàn lại toàn bộ số thuế nhập khẩu đã nộp.",
    "Thời gian sử dụng và lưu lại tại Việt Nam từ trên 6 tháng đến 1 năm được hoàn lại 85% số thuế nhập khẩu đã nộp.",
    "Thời gian sử dụng và lưu lại tại Việt Nam từ trên 1 năm đến 2 năm được hoàn lại 70% số thuế nhập khẩu đã nộp.",
]
BOND = [
    "Thời gian mua công trái chưa đủ 12 tháng thì không được hưởng lãi.",
    "Thời gian mua công trái từ đủ 12 tháng đến dưới 24 tháng thì được hưởng lãi là 8%.",
    "Thời gian mua công trái từ đủ 24 tháng đến dưới 36 tháng thì được hưởng lãi là 16%.",
]


def test_brackets_are_read_in_months_and_per_cent_with_their_open_and_closed_ends():
    assert brackets(REFUNDS[0]) == [Bracket("time", 0.0, 6.0)]
    assert brackets(REFUNDS[1]) == [Bracket("time", 6.0, 12.0, lo_closed=False)]
    assert brackets(BOND[0]) == [Bracket("time", 0.0, 12.0, hi_closed=False)]
    assert brackets(BOND[2]) == [Bracket("time", 24.0, 36.0, hi_closed=False)]
    assert brackets("Giá trị sử dụng còn lại trên 30% đến 50%, thì giá tính thuế bằng 20%") == [
        Bracket("share", 30.0, 50.0, lo_closed=False)]
    assert brackets("Giá trị sử dụng còn lại trên 85%") == [Bracket("share", 85.0, math.inf, lo_closed=False)]
    assert brackets("Tiền mua công trái được thanh toán đúng kỳ hạn 05 năm (đủ 60 tháng).") == []
    # The ends themselves: 12 months is in [12, 24), not in [0, 12).
    assert not Bracket("time", 0.0, 12.0, hi_closed=False).holds("time", 12.0)
    assert Bracket("time", 12.0, 24.0, hi_closed=False).holds("time", 12.0)


def test_the_amount_a_question_states_as_its_own_case():
    assert asked_amount("đã dùng ở VN khoảng 18 tháng thì được hoàn bao nhiêu thuế nhập khẩu?") == ("time", 18.0)
    assert asked_amount("mua công trái được chừng hai năm rưỡi thì cần tiền") == ("time", 30.0)
    assert asked_amount("giám định còn khoảng 80% giá trị sử dụng thì giá tính thuế") == ("share", 80.0)
    assert asked_amount("dùng trên 6 tháng thì được hoàn bao nhiêu?") is None  # a bracket, not a case
    assert asked_amount("thuế suất 10% hay 20%?") is None  # two amounts: no one case
    assert asked_amount("hoàn thuế theo Thông tư 172/1998/TT-BTC thế nào?") is None


def test_the_bracket_that_holds_the_amount_answers_and_the_others_of_its_schedule_are_left_out():
    question = "Máy móc tạm nhập tái xuất, đã dùng ở VN khoảng 18 tháng thì được hoàn bao nhiêu thuế nhập khẩu?"
    docs = ["tt172"] * 3
    assert fits(("time", 18.0), REFUNDS[2]) and fits(("time", 18.0), REFUNDS[1]) is False
    assert bracket_first(question, REFUNDS, docs) == [2]
    # The first one already holds it: nothing changes.
    assert bracket_first(question, [REFUNDS[2], REFUNDS[0]], docs[:2]) is None
    # A sentence outside the schedule stays, after the bracket.
    lead = "Tiền mua công trái giáo dục được thanh toán đúng kỳ hạn 05 năm (đủ 60 tháng)."
    assert bracket_first("giữ được hai năm rưỡi thì được lãi bao nhiêu?", [lead, *BOND], ["bond"] * 4) == [3, 0]
    # Only the first sentence's document's schedule: another document's bracket does not take over.
    assert bracket_first(question, [REFUNDS[1], REFUNDS[2]], ["tt172", "other"]) is None
    # One bracket is no schedule.
    assert bracket_first(question, [lead, REFUNDS[2]], ["tt172"] * 2) is None


def test_an_amount_that_names_the_rule_or_a_rate_per_unit_is_no_case():
    # s23-12: "thời hạn nộp thuế 9 tháng" names the rule, which its document writes as such.
    rule = "Điều kiện để được áp dụng thời hạn nộp thuế 9 tháng (275 ngày) đối với vật tư, nguyên liệu nhập khẩu:"
    other = "Thời hạn thông báo được kéo dài hơn, nhưng tối đa không được quá 15 ngày làm việc."
    longer = "Thời hạn nộp thuế từ trên 6 tháng đến 12 tháng đối với hàng tạm nhập."
    assert bracket_first("hưởng thời hạn nộp thuế 9 tháng cần những điều kiện gì?", [rule, other, longer],
                         ["a16"] * 3) is None
    # s24-19: "bao nhiêu một ngày" asks a rate per day.
    assert asked_amount("phụ cấp công tác nước ngoài bao nhiêu một ngày?") is None
    assert asked_amount("được hỗ trợ bao nhiêu mỗi 6 tháng?") is None
