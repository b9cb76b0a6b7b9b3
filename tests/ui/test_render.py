"""HTML rendering: escaping, highlighting with and without diacritics, cards, document pages."""

from common.types import Section
from index.types import DocumentInfo, IngestPlan, IngestReport
from qa.types import NOT_FOUND, Answer, Citation, Passage, SearchResult
from ui import render, render_admin, render_library
from ui.catalogue import VIEW_LOADED, VIEW_REFERENCED, Catalogue


def _page(info, view, library):
    catalogue = Catalogue(library)
    return render_library.document_html(catalogue.get(info.doc_id), view, catalogue)


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
        html = _page(info, view, [info])
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
        html = _page(old, view, [old, new])
        assert "Đã được sửa đổi, bổ sung hoặc thay thế bởi" in html and "Quyết định 1445/2002/QĐ-UB" in html
        html = _page(new, view, [old, new])
        assert 'Sửa đổi, bổ sung hoặc thay thế</h4><ul><li><a href="#" class="doc-link" data-doc="qd522">522/2002/QĐ-UB</a>' in html


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

    def test_citation_card_opens_the_document_at_its_section(self):
        html = render.citation_card(_citation(), 1)
        assert 'class="doc-link open-doc" data-doc="cv-bp"' in html and 'data-section="2.1"' in html

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

    def test_library_table_in_vietnamese_every_row_a_link(self):
        info = DocumentInfo(doc_id="d", doc_number="41-NQ/TW", doc_type="Nghị quyết", issuer="Bộ Chính trị",
                            issued_date="2004-11-15", title="t", status="digest", source_path="x", chunks=3,
                            summary="Về bảo vệ môi trường")
        entries = Catalogue([info]).entries
        html = render_library.library_html(entries, VIEW_LOADED, 1, 50)
        assert "<th>Số hiệu</th>" in html and "15/11/2004" in html and "Tóm lược" in html
        assert '<tr data-doc="d">' in html and '<a href="#" class="doc-link" data-doc="d">Về bảo vệ môi trường</a>' in html
        assert "1 văn bản đã nạp — hiển thị tất cả." in html

    def test_library_says_how_many_are_shown(self):
        infos = [DocumentInfo(doc_id=f"r{i}", doc_number=f"{i}/2004/NĐ-CP", doc_type="Nghị định", issuer=None,
                              issued_date=None, title="t", status="metadata-only", source_path=None, chunks=0)
                 for i in range(1, 1300)]
        html = render_library.library_html(Catalogue(infos).entries, VIEW_REFERENCED, 1299, 50)
        assert "1.299 văn bản chỉ được dẫn chiếu — hiển thị 50 đầu tiên." in html
        assert html.count("<tr data-doc=") == 50 and "Được dẫn chiếu bởi" in html

    def test_references_are_links_to_loaded_and_to_metadata_only_pages(self):
        a = DocumentInfo(doc_id="a", doc_number=None, doc_type="Công văn", issuer=None, issued_date=None,
                         title="Công văn", status="original", source_path="a", chunks=1, cites=["02-KL/TW", "41-NQ/TW"])
        b = DocumentInfo(doc_id="b", doc_number="41-NQ/TW", doc_type="Nghị quyết", issuer=None,
                         issued_date="2004-11-15", title="NQ", status="digest", source_path="b", chunks=1)
        ref = DocumentInfo(doc_id="ref:2-kl-tw", doc_number="02-KL/TW", doc_type="Kết luận", issuer=None,
                           issued_date=None, title="Kết luận 02-KL/TW", status="metadata-only", source_path=None,
                           chunks=0)
        html = _page(a, None, [a, b, ref])
        assert 'Văn bản được dẫn chiếu</h4><ul><li><a href="#" class="doc-link" data-doc="b">Nghị quyết 41-NQ/TW' in html
        assert '<ul class="missing"><li><a href="#" class="doc-link" data-doc="ref:2-kl-tw">02-KL/TW</a>' in html
        page = _page(ref, None, [a, b, ref])
        assert render_library.NOT_LOADED in page and "Được dẫn chiếu bởi 1 văn bản đã nạp" in page
        assert 'data-doc="a"' in page and "Chưa nạp" in page

    def test_table_of_contents_never_shows_a_bare_number(self):
        text = "1. Phấn đấu hoàn thành các chỉ tiêu về môi trường đến năm 2020\n2. Tăng cường tuyên truyền\n"
        sections = [Section("1", ["1"], "", "body", text[:62], 0, 62), Section("2", ["2"], "", "body", text[63:], 63, len(text)),
                    Section("a", ["2", "a"], "", "body", "a) Ngắn", 0, 7), Section("x", ["2", "a", "x"], "", "body", "x", 0, 1)]
        html = render_library.outline_html(sections)
        assert ">1. Phấn đấu hoàn thành các chỉ tiêu về môi trường đến năm 2020</a>" in html
        assert ">2. Tăng cường tuyên truyền</a>" in html and ">a. Ngắn</a>" in html
        assert ">x" not in html  # the third level is left to the text

    def test_find_section_by_position(self):
        text = "I. Mở đầu\nabc\nII. Nội dung\ntỷ lệ che phủ"
        view = type("V", (), {"text": text, "sections": [
            Section("I", ["I"], "", "body", text[:14], 0, 14), Section("II", ["II"], "", "body", text[14:], 14, len(text))]})()
        assert render_library.find_section(view, "tỷ lệ che phủ", "") == 1

    def test_ingest_report_lists_each_file(self):
        report = IngestReport(added=["a.txt"], failed=[{"path": "b.pdf", "error": "Tệp hỏng"}], documents=3, chunks=9)
        html = render_admin.ingest_report_html(report, [{"path": "c.exe", "error": "Loại tệp không được hỗ trợ"}])
        assert "Đã thêm" in html and "Tệp hỏng" in html and "c.exe" in html and "3 văn bản" in html

    def test_plan_says_how_many_files_and_how_long_before_starting(self):
        plan = IngestPlan(new=[f"/c/v/{i}.txt" for i in range(10)], changed=["/c/v/a.txt", "/c/v/b.txt"],
                          unchanged=86, chunks=310, chunks_per_second=2.4, measured=True, seconds=129)
        html = render_admin.plan_html(plan)
        assert "Sẽ xử lý <b>12 tệp</b> (10 tệp mới, 2 tệp đã có trong chỉ mục); 86 tệp không đổi được bỏ qua." in html
        assert "Ước tính khoảng 2 phút — khoảng 310 đoạn cần tạo vector (tốc độ đo trên máy này: 2,4 đoạn/giây)." in html
        assert "Danh sách tệp" in html and "… và" not in html

    def test_plan_after_an_upgrade_or_with_nothing_to_do(self):
        upgrade = IngestPlan(changed=["a.txt"] * 98, reason="converter", cached_chunks=3087, chunks_per_second=2.5,
                             seconds=31)
        html = render_admin.plan_html(upgrade)
        assert "mọi tệp sẽ được đọc lại" in html and "3.087 đoạn lấy lại vector đã lưu" in html
        assert "dưới 1 phút" in html and "… và 86 tệp khác" in html
        assert "không có gì để cập nhật" in render_admin.plan_html(IngestPlan(unchanged=98))
        assert "Xây lại toàn bộ chỉ mục" in render_admin.plan_html(IngestPlan(reason="config", new=["a"]))

    def test_durations_and_numbers_in_vietnamese(self):
        assert [render_admin.duration(s) for s in (20, 240, 4200)] == ["dưới 1 phút", "khoảng 4 phút",
                                                                       "khoảng 1 giờ 10 phút"]
        assert render.vn_number(3087) == "3.087" and render.vn_number(2.45, 1) == "2,5"

    def test_ingest_report_flags_duplicates(self):
        report = IngestReport(added=["/c/v/2009-xls.txt"], duplicates=[
            {"path": "/c/v/2009-xls.txt", "same_as": "/c/v/2009-download-xls.txt", "reason": "trùng nội dung"}])
        html = render_admin.ingest_report_html(report)
        assert 'class="duplicate"' in html and "Trùng lặp" in html and "2009-download-xls.txt" in html


class TestChatMarkdown:
    def test_markdown_in_documents_is_not_interpreted(self):
        md = render.answer_markdown(_answer(answer="Điều *1* và [x](javascript:alert(1)) <b>đậm</b> [1]."), 1)
        assert "\\*1\\*" in md and "\\[x\\]" in md and "&lt;b&gt;" in md and "(#src-1-1)" in md

    def test_round_trip_keeps_the_words(self):
        text = "Điều *1* và <b>đậm</b> [1]."
        assert render.plain_answer(render.answer_markdown(_answer(answer=text), 1)) == text
