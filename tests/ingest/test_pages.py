"""Pages of paged files: the quality gate, where pages lie in the clean text, OCR word tables."""

import pytest

from common.types import Page
from common.vietnamese.normalize import clean_text, join_wrapped_lines
from ingest.ocr import words_to_text
from ingest.pages import page_label, page_spans, pages_between, readable_share, usable_text, visible_count

PROSE = "Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy đảng, chính quyền triển khai thực hiện tốt Kết luận số 02-KL/TW."


class TestQualityGate:
    def test_vietnamese_prose_and_a_table_of_figures_are_usable(self):
        assert usable_text(PROSE, min_chars=20, min_share=0.5)
        assert usable_text("1.234.567\t2.345.678\n3.456\t78,9%", min_chars=20, min_share=0.5)

    @pytest.mark.parametrize("garbage", [
        "QuyÕt ®Þnh sè 12 vÒ viÖc b¶o vÖ m«i tr\xadêng cña Thñ t\xadíng ChÝnh phñ",  # TCVN3 left unrepaired
        "Qfxwv rlkb zmq hqwp vxxr kqrtf zplk wmqv",  # a font whose glyphs map to nothing readable
    ])
    def test_garbage_layers_go_to_ocr(self, garbage):
        assert readable_share(garbage) < 0.5
        assert not usable_text(garbage, min_chars=20, min_share=0.5)

    def test_a_page_number_alone_is_not_a_page_of_text(self):
        assert not usable_text("3", min_chars=20, min_share=0.5)


class TestPageSpans:
    def test_pages_are_found_in_the_cleaned_text_without_changing_it(self):
        pages = ["Điều 1. Phạm vi\nđiều chỉnh của nghị định", "này.\n\n\n\n\nĐiều 2. Đối tượng\u00a0áp dụng"]
        raw = "\n".join(pages)
        text = join_wrapped_lines(clean_text(raw))
        spans = page_spans(text, [(1, visible_count(pages[0]), False), (4, visible_count(pages[1]), True)])
        assert [(p.number, p.ocr) for p in spans] == [(1, False), (4, True)]
        assert text[spans[1].start:].startswith("này.") and spans[1].end == len(text)
        assert spans[0].start == 0 and spans[0].end == spans[1].start

    def test_a_span_knows_its_pages(self):
        pages = [Page(1, 0, 100), Page(2, 100, 250), Page(3, 250, 300)]
        assert [p.number for p in pages_between(pages, 90, 120)] == [1, 2]
        assert [p.number for p in pages_between(pages, 100, 100)] == [2]
        assert [p.number for p in pages_between(pages, 260, 290)] == [3]

    def test_labels(self):
        assert (page_label([3]), page_label([3, 4]), page_label([3, 5]), page_label([])) == (
            "trang 3", "trang 3–4", "trang 3, 5", "")


def _tsv(rows):
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    lines = [head, "1\t1\t0\t0\t0\t0\t0\t0\t1654\t2339\t-1\t"]
    for (block, par, line, word, left, width, height, conf, text) in rows:
        lines.append(f"5\t1\t{block}\t{par}\t{line}\t{word}\t{left}\t100\t{width}\t{height}\t{conf}\t{text}")
    return "\n".join(lines) + "\n"


class TestWordTable:
    def test_specks_are_dropped_and_bullets_kept(self):
        tsv = _tsv([
            (1, 1, 1, 1, 100, 10, 3, 93, "-"), (1, 1, 1, 2, 120, 90, 32, 95, "Kính"),
            (1, 1, 1, 3, 220, 60, 32, 95, "gửi"), (1, 1, 1, 4, 900, 3, 3, 80, "."),
            (1, 1, 1, 5, 950, 4, 4, 90, "nu"), (1, 1, 1, 6, 990, 20, 30, 20, "_"),
        ])
        assert words_to_text(tsv) == {1: "- Kính gửi"}

    def test_wrapped_lines_of_a_paragraph_are_joined_and_short_lines_kept(self):
        tsv = _tsv([
            (1, 1, 1, 1, 100, 1400, 32, 95, "Kết luận số"),  # reaches the right edge: wrapped
            (1, 1, 2, 1, 100, 600, 32, 95, "02-KL/TW của Ban Bí thư."),  # ends short: the paragraph ends
            (1, 1, 3, 1, 100, 300, 32, 95, "TỈNH ỦY"),
            (1, 2, 1, 1, 100, 500, 32, 95, "Điều 2."),
        ])
        assert words_to_text(tsv) == {1: "Kết luận số 02-KL/TW của Ban Bí thư.\nTỈNH ỦY\n\nĐiều 2."}

    def test_a_page_without_words_is_there_empty(self):
        assert words_to_text(_tsv([])) == {1: ""}
