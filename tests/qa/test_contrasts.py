"""Sibling concepts: the other side of a pair the question names is not its answer."""

from __future__ import annotations

from qa.constraints import parse_constraints
from qa.contrasts import contrast_missing
from qa.answer import make_citation
from qa.verify import admissible, unmet_reason, verify_answer
from tests.qa.test_answer import answer, passage


def test_the_other_side_of_a_pair_is_named_as_typed():
    assert contrast_missing("Ước tổng kim ngạch nhập khẩu tháng 1?", "Kim ngạch xuất khẩu\tTr. USD\t30200") == ["nhập khẩu"]
    assert contrast_missing("ty le dan so do thi duoc cap nuoc sach", "Tỷ lệ số dân nông thôn được cấp nước sạch") == ["do thi"]
    assert contrast_missing("Dự toán chi đầu tư phát triển năm 2006?", "Quyết toán chi đầu tư phát triển 2004") == ["Dự toán"]


def test_phi_names_the_opposite_of_what_follows_it():
    asked = "Quyết toán thu thuế sử dụng đất phi nông nghiệp của huyện Cần Giờ năm 2004?"
    assert contrast_missing(asked, "2\tThuế sử dụng đất nông nghiệp\t146278") == ["phi nông nghiệp"]
    assert contrast_missing(asked, "Thuế sử dụng đất phi nông nghiệp\t1200") == []
    assert contrast_missing(asked, "Thuế nhà, đất\t1200") == []  # neither named: coverage decides
    # Folded, "phi" is also "phí" (a fee): a question typed without diacritics, or "phí" itself, is no negation.
    assert contrast_missing("le phi truoc ba nam 2004 bn", "Lệ phí trước bạ\t5") == []
    assert contrast_missing("Kinh phí sự nghiệp môi trường?", "Chi sự nghiệp môi trường\t2700") == []
    unmet = parse_constraints("Năm 2004 huyện Cần Giờ thu được bao nhiêu thuế sử dụng đất phi nông nghiệp?")
    row = passage("STT\tNỘI DUNG\tNĂM 2004\n2\tThuế sử dụng đất nông nghiệp\t146278", "cg",
                  context="Quyết toán thu ngân sách nhà nước năm 2004 huyện Cần Giờ")
    assert unmet_reason(unmet, row).missing == ["phi nông nghiệp"]


def test_no_contrast_where_both_sides_are_named():
    assert contrast_missing("Tỷ lệ dân số đô thị dùng nước sạch?", "98% dân số nông thôn và 99% dân số đô thị") == []
    assert contrast_missing("Vì sao xe đạp xuất khẩu giảm?", "Về xuất nhập khẩu:") == []  # "xuất nhập khẩu" is both
    assert contrast_missing("Kim ngạch xuất nhập khẩu đạt bao nhiêu?", "Kim ngạch nhập khẩu đạt 4.903 triệu USD") == []
    assert contrast_missing("Kim ngạch nhập khẩu?", "Tổng kim ngạch đạt 4.903 triệu USD") == []  # neither side quoted


def test_a_passage_on_the_other_side_only_is_not_admissible():
    exports = passage("Kim ngạch xuất khẩu\tTr. USD\t30200\t1672\t2000", "xk", context="Ước thực hiện xuất khẩu tháng 1 năm 2005")
    imports = passage("Tổng kim ngạch nhập khẩu\tTr. USD\t36000\t1860\t2200", "nk", rank=2,
                      context="Ước thực hiện nhập khẩu tháng 1 năm 2005")
    c = parse_constraints("uoc tong KN NK thang 1/2005 bn tr USD")  # "NK": nhập khẩu
    assert [p.doc_id for p in admissible(c, [exports, imports])] == ["nk"]
    assert unmet_reason(c, exports).missing == ["nhập khẩu"]


def test_a_sentence_on_the_asked_side_leads_over_the_other_side():
    # Both sentences share every word but the side: the one on imports answers a question on imports.
    text = ("Kim ngạch xuất khẩu cả nước trong hai tháng đầu năm 2007 ước đạt 6,76 tỷ USD tăng 23,5% so cùng kỳ.\n"
            "Kim ngạch nhập khẩu cả nước trong hai tháng đầu năm 2007 ước đạt 7,83 tỷ USD tăng 45,8% so cùng kỳ.")
    out, citations, abstained, _ = answer("Kim ngạch nhập khẩu cả nước hai tháng đầu năm 2007 ước đạt bao nhiêu?",
                                          [passage(text)])
    assert not abstained and citations[0].quote.startswith("Kim ngạch nhập khẩu") and "7,83" in out


def test_a_heading_on_both_sides_does_not_make_the_other_side_answer():
    # "Tình hình xuất nhập khẩu" names both sides; the quote itself is on imports only.
    p = passage("Kim ngạch nhập khẩu năm 2004 ước đạt 30 tỷ USD, tăng xấp xỉ 20%.", "bc",
                context="Tình hình xuất nhập khẩu")
    question = "Kim ngạch xuất khẩu hàng dệt may năm 2004 đạt bao nhiêu?"
    citations = [make_citation(1, p, 0, len(p.text))]
    reason = verify_answer(parse_constraints(question), citations, [p])
    assert reason is not None and "xuất khẩu" in reason.missing


def test_the_other_side_is_not_quoted_beside_the_side_asked():
    text = ("Tổng kim ngạch xuất khẩu hàng hóa năm 2023 ước đạt 1.250 triệu USD, tăng 8% so với năm trước.\n"
            "Kim ngạch nhập khẩu hàng hóa năm 2023 ước đạt 830 triệu USD, tăng 5%.")
    out, citations, abstained, _ = answer("Tổng kim ngạch nhập khẩu hàng hóa năm 2023 ước đạt bao nhiêu?",
                                          [passage(text)])
    assert not abstained and citations[0].quote.startswith("Kim ngạch nhập khẩu") and "1.250" not in out
