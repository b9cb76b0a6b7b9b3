"""Sibling concepts: the other side of a pair the question names is not its answer."""

from __future__ import annotations

from qa.constraints import parse_constraints
from qa.contrasts import contrast_missing
from qa.verify import admissible, unmet_reason
from tests.qa.test_answer import passage


def test_the_other_side_of_a_pair_is_named_as_typed():
    assert contrast_missing("Ước tổng kim ngạch nhập khẩu tháng 1?", "Kim ngạch xuất khẩu\tTr. USD\t30200") == ["nhập khẩu"]
    assert contrast_missing("ty le dan so do thi duoc cap nuoc sach", "Tỷ lệ số dân nông thôn được cấp nước sạch") == ["do thi"]
    assert contrast_missing("Dự toán chi đầu tư phát triển năm 2006?", "Quyết toán chi đầu tư phát triển 2004") == ["Dự toán"]


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
