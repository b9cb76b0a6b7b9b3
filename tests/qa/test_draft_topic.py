"""What a drafting request is about: its genre words, the source it names, the parts it asks
for, and the parts of the documents it is drafted from by their own names."""

from __future__ import annotations

from common.types import Section
from qa.draft.units import title_of
from qa.draft.topic import split_source, topic_core


def test_genre_words_are_dropped_and_a_subject_that_begins_like_one_is_kept():
    assert topic_core("Viết bài về dự án tin học hóa khối Đảng") == "dự án tin học hóa khối Đảng"
    assert topic_core("Soạn tin về mùa lũ") == "mùa lũ"
    assert topic_core("Đề cương tuyên truyền về Luật Hợp tác xã") == "Luật Hợp tác xã"
    # A subject that opens with a genre word's syllable: "Lạm" (folded "lam") is no "làm",
    # "Tin học", "Bài học" are no "tin", "bài".
    assert topic_core("Lạm phát và vai trò của ngân hàng") == "Lạm phát và vai trò của ngân hàng"
    assert topic_core("lam phat va vai tro cua ngan hang") == "lam phat va vai tro cua ngan hang"
    assert topic_core("Tin học hóa các cơ quan Đảng") == "Tin học hóa các cơ quan Đảng"
    assert topic_core("Bài học kinh nghiệm phòng chống lũ") == "Bài học kinh nghiệm phòng chống lũ"
    assert topic_core("Viết về chính sách tiền lương") == "chính sách tiền lương"
    # The request's "giúp" (sealed-topics-48's editor: "title copies request" in 11 of 16 drafts).
    assert topic_core("Soạn giúp đề cương tuyên truyền về công tác bảo vệ môi trường") == "công tác bảo vệ môi trường"
    assert topic_core("Soạn giúp tôi đề cương tuyên truyền về Luật Hợp tác xã") == "Luật Hợp tác xã"
    assert topic_core("Cần đề cương tuyên truyền kết quả xuất khẩu hai tháng đầu năm 2005") == \
        "kết quả xuất khẩu hai tháng đầu năm 2005"
    from qa.draft.topic import headline
    assert headline("Giải thích giúp quy định về hồ sơ đăng ký tuyển chọn") == "quy định về hồ sơ đăng ký tuyển chọn"
    assert headline("Giải thích giúp Quyết định 1141-TC/QĐ/CĐKT") == "Quyết định 1141-TC/QĐ/CĐKT"
    # … and not the "giúp" of whom a guide helps, which goes with them.
    assert headline("Giải thích giúp các tổ chức tín dụng cách lập Biểu 5") == "cách lập Biểu 5"
    # A verb of spreading the word and its readers, before what they should know (t49-5, t13-15: the title
    # was the request, or the readers alone).
    assert headline("Viết bài phổ biến cho doanh nghiệp xuất nhập khẩu các quy định của Thông tư 172/1998/TT-BTC về "
                    "hoàn thuế") == "các quy định của Thông tư 172/1998/TT-BTC về hoàn thuế"
    assert headline("Bài viết phổ biến cho hộ kinh doanh và doanh nghiệp: lập, sử dụng và quản lý hoá đơn theo "
                    "Thông tư 120/2002/TT-BTC.").lower() == "lập, sử dụng và quản lý hoá đơn theo thông tư 120/2002/tt-btc"


def test_what_follows_the_named_source_is_still_the_subject():
    content, _source = split_source("Ngành giáo dục năm 2004 làm được gì? Viết bài dựa trên báo cáo kế hoạch năm "
                                    "2005 Chính phủ trình Quốc hội, nêu số liệu phổ cập, chỉ tiêu tuyển sinh")
    assert "báo cáo" not in content and "phổ cập" in content and "tuyển sinh" in content
    content, source = split_source("Lạm phát và vai trò của ngân hàng, dựa trên bài nghiên cứu của TS Nguyễn Đại Lai")
    assert content == "Lạm phát và vai trò của ngân hàng" and source.names == ["Nguyễn Đại Lai"]
    from qa.draft.topic import headline  # the title stops at the source: what the request asks of it is no title
    assert headline("Viết bài về phổ cập giáo dục, dựa trên báo cáo của Sở Giáo dục, nêu số liệu năm 2007") == "phổ cập giáo dục"


def _section(text: str, label: str, title: str = "") -> Section:
    start = text.index(f"{label}. ")
    return Section(label, [label], title, "body", text[start:], start, len(text), [""])


def test_a_numbered_heading_closed_by_a_full_stop_names_its_part():
    text = "4. Giáo dục, đào tạo.\nGiáo dục phổ thông tiếp tục phát triển, kết quả phổ cập được duy trì."
    assert title_of(text, _section(text, "4"), heading_words=8) == "Giáo dục, đào tạo"
    # A numbered sentence is no heading: too long, or not a phrase of its own line.
    body = "2. Các doanh nghiệp ngoài quốc doanh đã góp phần giải quyết việc làm cho hàng triệu lao động ở nông thôn."
    assert title_of(body, _section(body, "2"), heading_words=8) == ""
    assert title_of(text, _section(text, "4", "Giáo dục"), heading_words=8) == "Giáo dục"  # the parse's own title
    for line in ("8. ủy ban nhân dân xã, phường, thị trấn.\nx", "2. Hồ sơ gồm:\n- Đơn."):  # lower case; a colon
        assert title_of(line, _section(line, line[0]), heading_words=8) == ""


def test_a_part_asked_as_a_question_is_named_by_its_subject():
    from qa.draft.aspects import topic_aspects
    aspects = topic_aspects(topic_core("Viết bài về y tế tư nhân: kinh phí cho y tế, vì sao người bệnh chọn bệnh "
                                       "viện tư và họ hài lòng đến đâu."))
    assert aspects == ["kinh phí cho y tế", "người bệnh chọn bệnh viện tư", "họ hài lòng"]
    assert topic_aspects(topic_core("Giải thích chế độ hưu: khi nào được nghỉ hưu, hưởng lương ra sao")) == [
        "trường hợp được nghỉ hưu", "hưởng lương"]
