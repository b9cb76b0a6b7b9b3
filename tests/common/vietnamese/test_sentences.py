"""Sentence spans: quotes are verbatim, and a citation never starts mid-sentence."""

from common.vietnamese.normalize import clean_text
from common.vietnamese.sentences import split_list_items, split_sentences
from tests.conftest import CORPUS

SEED = CORPUS / "moi-truong" / "2016-06-13-cong-van-trien-khai-ket-luan-02-KL-TW.txt"


def sentences(text):
    return [text[a:b] for a, b in split_sentences(text)]


class TestSplitSentences:
    def test_abbreviations_numbers_and_document_numbers_do_not_split(self):
        text = (
            "TP. Hồ Chí Minh và TS. Nguyễn Đ. Thắng dự họp. Theo Nghị định số 114/2003/NĐ-CP "
            "ngày 13/6/2016, tỷ lệ đạt 74,8%. KT. Bộ trưởng ký."
        )
        assert sentences(text) == [
            "TP. Hồ Chí Minh và TS. Nguyễn Đ. Thắng dự họp.",
            "Theo Nghị định số 114/2003/NĐ-CP ngày 13/6/2016, tỷ lệ đạt 74,8%.",
            "KT. Bộ trưởng ký.",
        ]

    def test_numbered_items_start_sentences_and_keep_their_number(self):
        text = "2. Ban Cán sự chỉ đạo:\n\n2.1. Phấn đấu hoàn thành. Có 100% cơ sở đạt.\nĐiều 5. Trách nhiệm thi hành"
        assert sentences(text) == [
            "2. Ban Cán sự chỉ đạo:",
            "2.1. Phấn đấu hoàn thành.",
            "Có 100% cơ sở đạt.",
            "Điều 5. Trách nhiệm thi hành",
        ]

    def test_quotes_ellipsis_semicolons_and_end_mark(self):
        text = "Phong trào “Ấp văn hóa”… hằng năm; giám sát thực hiện. Ông nói: “Tốt.” Hiệu lực./."
        assert sentences(text) == [
            "Phong trào “Ấp văn hóa”… hằng năm; giám sát thực hiện.",
            "Ông nói: “Tốt.”",
            "Hiệu lực./.",
        ]

    def test_wrapped_lines_stay_one_sentence_paragraphs_split(self):
        text = "Nghị định này quy định về chức danh,\ntiêu chuẩn cán bộ.\n\nvề việc triển khai"
        assert sentences(text) == ["Nghị định này quy định về chức danh,\ntiêu chuẩn cán bộ.", "về việc triển khai"]

    def test_seed_letter_spans_are_verbatim(self):
        text = clean_text(SEED.read_text(encoding="utf-8"))
        spans = split_sentences(text)
        found = [text[a:b] for a, b in spans]
        assert "2.5. Chỉ đạo Sở Tài chính tham mưu bố trí ngân sách hằng năm phù hợp cho công tác bảo vệ môi trường, xử lý ô nhiễm môi trường, thu gom, xử lý chất thải, bảo tồn đa dạng sinh học (theo quy định của Nhà nước)." in found
        assert all(a < b and not text[a].isspace() and not text[b - 1].isspace() for a, b in spans)
        assert spans == sorted(spans)


    def test_a_figure_on_the_next_line_carries_the_sentence_on(self):
        # 2007-1AF57: the line of prose was cut before its figure; "39." is no item number.
        text = ("Tháng 02 năm 2007 giá trị sản xuất công nghiệp (GTSXCN) ước đạt\n"
                "39.897 tỷ đồng giảm 19% so với tháng 01 năm 2007.\n"
                "- Số lao động đã được cấp sổ lao động:………..người\n"
                "2.3. Thời gian thử việc:")
        found = [text[a:b] for a, b in split_sentences(text)]
        assert found[0].endswith("39.897 tỷ đồng giảm 19% so với tháng 01 năm 2007.")
        assert found[-1] == "2.3. Thời gian thử việc:"  # an item's number opens its own line
        heading = "3. Nhóm chỉ tiêu về phát triển nguồn nhân lực chất lượng cao\n3.1 Tỷ lệ lao động qua đào tạo đạt 70%."
        assert len(split_sentences(heading)) == 2  # "3.1 Tỷ lệ …" is a section, not a figure


class TestSplitListItems:
    def test_list_sentence_splits_on_semicolons_after_lead_in(self):
        text = (
            "2.1. Phấn đấu hoàn thành các chỉ tiêu (nhiệm kỳ 2015 - 2020): Có 100% cơ sở đạt chuẩn; "
            "98% dân số nông thôn dùng nước sạch; tỷ lệ che phủ rừng đạt 74,8%."
        )
        items = [text[a:b] for a, b in split_list_items(text)]
        assert items == ["Có 100% cơ sở đạt chuẩn", "98% dân số nông thôn dùng nước sạch", "tỷ lệ che phủ rừng đạt 74,8%"]

    def test_semicolons_inside_brackets_do_not_split(self):
        text = "Xử lý (thu gom; vận chuyển) rác thải."
        assert [text[a:b] for a, b in split_list_items(text)] == ["Xử lý (thu gom; vận chuyển) rác thải"]


def test_a_sentence_cut_where_the_page_width_wrapped_it_is_joined_again():
    # Issue 11 (g3-35): "… về Ngân hàng Nhà nước Việt" was quoted, "Nam (Vụ Tín dụng) để giải quyết." lost.
    from common.vietnamese.sentences import join_wrapped

    text = ("Trong quá trình triển khai, thực hiện Thông tư này, nếu phát sinh khó\n"
            "khăn, vướng mắc đề nghị báo cáo bằng văn bản về Ngân hàng Nhà nước Việt\n"
            "Nam (Vụ Tín dụng) để giải quyết.\nNơi nhận:")
    joined = [text[a:b] for a, b in join_wrapped(text, split_sentences(text), 60)]
    assert joined[0].endswith("Nam (Vụ Tín dụng) để giải quyết.") and joined[1] == "Nơi nhận:"
    # A short line (a heading, a cell) or a full stop is a real break.
    text = "Điều 5. Hiệu lực\nNghị định này có hiệu lực sau 15 ngày.\nBộ trưởng các Bộ chịu trách nhiệm thi hành."
    assert join_wrapped(text, split_sentences(text), 60) == split_sentences(text)
