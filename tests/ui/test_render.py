"""HTML rendering: escaping, highlighting with and without diacritics, cards, document pages."""

from common.types import Section
from index.types import DocumentInfo, IngestReport
from qa.types import NOT_FOUND, Answer, Citation, Passage, SearchResult
from ui import render


def _citation(**kw) -> Citation:
    base = dict(n=1, doc_id="cv-bp", doc_number=None, doc_type="Công văn", issued_date="2016-06-13",
                issuer="Ban Thường vụ Tỉnh ủy Bình Phước", citation_label="Công văn ngày 13/06/2016, mục 2.1",
                section="2.1", quote="tỷ lệ che phủ rừng và cây lâu năm đạt 74,8%",
                passage="Có 100% cơ sở; tỷ lệ che phủ rừng và cây lâu năm đạt 74,8%.", source_path="a.txt",
                status="original")
    base.update(kw)
    c = Citation(**base)
    c.quote_start = c.passage.find(c.quote) if "quote_start" not in kw else c.quote_start
    c.quote_end = c.quote_start + len(c.quote) if "quote_end" not in kw else c.quote_end
    return c


def _passage(text: str, **kw) -> Passage:
    base = dict(rank=1, score=0.5, chunk_id="x#1", doc_id="nq41", doc_number="41-NQ/TW", doc_type="Nghị quyết",
                issuer="Bộ Chính trị", issued_date="2004-11-15", title="Nghị quyết 41-NQ/TW", section="II",
                section_title="QUAN ĐIỂM", citation_label="Nghị quyết 41-NQ/TW, phần II", text=text,
                source_path="b.txt", status="digest", kind="body")
    base.update(kw)
    return Passage(**base)


def _answer(**kw) -> Answer:
    base = dict(question="Chỉ tiêu che phủ rừng?", answer="Tỷ lệ che phủ rừng đạt 74,8% [1].", abstained=False,
                citations=[_citation()], passages=[], timings_ms={})
    base.update(kw)
    return Answer(**base)


class TestEscaping:
    def test_script_in_passage_is_shown_as_text(self):
        html = render.citation_card(_citation(passage="<script>alert(1)</script> đạt 74,8%", quote="74,8%"), 1)
        assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<mark>74,8%</mark>" in html

    def test_label_with_quotes_cannot_break_the_copy_button(self):
        html = render.citation_card(_citation(citation_label='x" onmouseover="alert(1)'), 1)
        assert 'onmouseover="alert' not in html

    def test_document_page_escapes_title_and_sections(self):
        info = DocumentInfo(doc_id="d", doc_number=None, doc_type=None, issuer=None, issued_date=None,
                            title="<img src=x onerror=alert(1)>", status="original", source_path="d.txt", chunks=1)
        view = type("V", (), {"text": "<script>x</script>", "sections": [
            Section("1", ["1"], "<b>Mục</b>", "body", "<script>x</script>", 0, 18)]})()
        html = render.document_html(info, view, [info])
        assert "<script>" not in html and "<img" not in html and "&lt;script&gt;" in html


class TestDocumentLinks:
    def test_amended_regulation_links_to_its_amendment_and_back(self):
        old = DocumentInfo(doc_id="qd522", doc_number=None, doc_type="Quy định", issuer=None,
                           issued_date="2002-03-07", title="Quy định ban hành kèm theo Quyết định số 522/2002/QĐ-UB",
                           status="original", source_path="a.txt", chunks=3, amended_by=["qd1445"],
                           issued_with="522/2002/QĐ-UB")
        new = DocumentInfo(doc_id="qd1445", doc_number="1445/2002/QĐ-UB", doc_type="Quyết định", issuer=None,
                           issued_date="2002-06-12", title="Quyết định 1445/2002/QĐ-UB", status="original",
                           source_path="b.txt", chunks=2, amends=["522/2002/QĐ-UB"])
        view = type("V", (), {"text": "Điều 1.", "sections": []})()
        html = render.document_html(old, view, [old, new])
        assert "Đã được sửa đổi, bổ sung hoặc thay thế bởi" in html and "Quyết định 1445/2002/QĐ-UB" in html
        html = render.document_html(new, view, [old, new])
        assert "Sửa đổi, bổ sung hoặc thay thế</h4><ul><li>522/2002/QĐ-UB</li>" in html


class TestHighlight:
    def test_accented_query_marks_terms(self):
        html = render.highlight_terms("tỷ lệ che phủ rừng đạt 74,8%", "che phủ rừng")
        assert "<mark>che</mark> <mark>phủ</mark> <mark>rừng</mark>" in html

    def test_query_without_diacritics_marks_the_accented_text(self):
        html = render.highlight_terms("Tỷ lệ che phủ rừng đạt 74,8%", "ty le che phu rung")
        assert "<mark>Tỷ</mark> <mark>lệ</mark>" in html and "<mark>rừng</mark>" in html

    def test_accented_query_marks_only_that_spelling(self):
        html = render.highlight_terms("cơ chế, chính sách phù hợp; che phủ rừng", "che phủ")
        assert "<mark>chế</mark>" not in html and "<mark>phù</mark>" not in html
        assert "<mark>che</mark> <mark>phủ</mark>" in html

    def test_function_words_are_not_marked(self):
        assert "<mark>" not in render.highlight_terms("là của và các", "la cua va cac")

    def test_quote_span_is_marked_once(self):
        assert render.highlight_span("a <b> c", 2, 5) == "a <mark>&lt;b&gt;</mark> c"


class TestAnswer:
    def test_markers_link_to_source_cards(self):
        md = render.answer_markdown(_answer(), turn=2)
        assert "[\\[1\\]](#src-2-1)" in md
        assert 'id="src-2-1"' in render.sources_html(_answer(), 2)

    def test_restored_question_is_shown(self):
        md = render.answer_markdown(_answer(restored_question="chỉ tiêu tỷ lệ che phủ rừng"), 1)
        assert "Đã hiểu câu hỏi là: chỉ tiêu tỷ lệ che phủ rừng" in md

    def test_citation_like_text_inside_a_quote_is_not_a_link(self):
        quote = "số hộ giầu tăng lên 12-13% cuối những năm 90 [1]"
        answer = _answer(answer=f"{quote}. [1]", citations=[_citation(quote=quote, passage=quote + ". Tiếp.")],
                         direct_answer="12-13% [1]")
        md = render.answer_markdown(answer, 1)
        assert md.count("(#src-1-1)") == 2  # the answer's marker and the figure's, not the document's "[1]"
        assert "những năm 90 \\[1\\]. [\\[1\\]](#src-1-1)" in md

    def test_a_number_in_brackets_that_is_no_citation_stays_text(self):
        md = render.answer_markdown(_answer(answer="Theo tài liệu [4], tỷ lệ đạt 74,8% [1]."), 1)
        assert "(#src-1-4)" not in md and "\\[4\\]" in md and "(#src-1-1)" in md

    def test_plain_answer_recovers_text_for_history(self):
        md = render.answer_markdown(_answer(restored_question="x", answer="A & B [1]."), 1)
        assert render.plain_answer(md) == "A & B [1]."

    def test_digest_badge_only_for_digests(self):
        assert render.DIGEST_BADGE in render.citation_card(_citation(status="digest"), 1)
        assert render.DIGEST_BADGE not in render.citation_card(_citation(), 1)

    def test_not_found_shows_fixed_text_and_nearest_passages(self):
        html = render.sources_html(_answer(abstained=True, citations=[], answer=NOT_FOUND,
                                           passages=[_passage("Bảo vệ môi trường là sống còn")]), 1)
        assert NOT_FOUND in html and "Bảo vệ môi trường" in html and "Các đoạn gần nhất" in html


class TestSearchAndLibrary:
    def test_search_results_show_document_and_section(self):
        html = render.search_html(SearchResult("moi truong", [_passage("Bảo vệ môi trường")], {}))
        assert "Nghị quyết 41-NQ/TW" in html and "mục II" in html and "<mark>môi</mark>" in html

    def test_library_rows_in_vietnamese(self):
        info = DocumentInfo(doc_id="d", doc_number="41-NQ/TW", doc_type="Nghị quyết", issuer="Bộ Chính trị",
                            issued_date="2004-11-15", title="t", status="digest", source_path="x", chunks=3,
                            summary="Về bảo vệ môi trường")
        assert render.library_rows([info]) == [
            ["41-NQ/TW", "Nghị quyết", "15/11/2004", "Bộ Chính trị", "Về bảo vệ môi trường", "Tóm lược"]]

    def test_missing_references_are_listed(self):
        a = DocumentInfo(doc_id="a", doc_number=None, doc_type="Công văn", issuer=None, issued_date=None,
                         title="Công văn", status="original", source_path="a", chunks=1, cites=["02-KL/TW", "41-NQ/TW"])
        b = DocumentInfo(doc_id="b", doc_number="41-NQ/TW", doc_type="Nghị quyết", issuer=None,
                         issued_date="2004-11-15", title="NQ", status="digest", source_path="b", chunks=1)
        html = render.document_html(a, None, [a, b])
        assert "Văn bản được dẫn chiếu" in html and "Nghị quyết 41-NQ/TW" in html
        assert "chưa nạp" in html and "02-KL/TW" in html

    def test_find_section_by_position(self):
        text = "I. Mở đầu\nabc\nII. Nội dung\ntỷ lệ che phủ"
        view = type("V", (), {"text": text, "sections": [
            Section("I", ["I"], "", "body", text[:14], 0, 14), Section("II", ["II"], "", "body", text[14:], 14, len(text))]})()
        assert render.find_section(view, "tỷ lệ che phủ", "") == 1

    def test_ingest_report_lists_each_file(self):
        report = IngestReport(added=["a.txt"], failed=[{"path": "b.pdf", "error": "Tệp hỏng"}], documents=3, chunks=9)
        html = render.ingest_report_html(report, [{"path": "c.exe", "error": "Loại tệp không được hỗ trợ"}])
        assert "Đã thêm" in html and "Tệp hỏng" in html and "c.exe" in html and "3 văn bản" in html

    def test_ingest_report_flags_duplicates(self):
        report = IngestReport(added=["/c/v/2009-xls.txt"], duplicates=[
            {"path": "/c/v/2009-xls.txt", "same_as": "/c/v/2009-download-xls.txt", "reason": "trùng nội dung"}])
        html = render.ingest_report_html(report)
        assert 'class="duplicate"' in html and "Trùng lặp" in html and "2009-download-xls.txt" in html


class TestChatMarkdown:
    def test_markdown_in_documents_is_not_interpreted(self):
        md = render.answer_markdown(_answer(answer="Điều *1* và [x](javascript:alert(1)) <b>đậm</b> [1]."), 1)
        assert "\\*1\\*" in md and "\\[x\\]" in md and "&lt;b&gt;" in md and "(#src-1-1)" in md

    def test_round_trip_keeps_the_words(self):
        text = "Điều *1* và <b>đậm</b> [1]."
        assert render.plain_answer(render.answer_markdown(_answer(answer=text), 1)) == text
