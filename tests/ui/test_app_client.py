"""The running app driven through its API (gradio_client) over the small real index."""

from __future__ import annotations

from pathlib import Path

import pytest
from gradio_client import Client, handle_file

from tests.ui.conftest import ADMIN, VIEWER, free_port



def _client(url: str, auth=None) -> Client:
    return Client(url, auth=auth, verbose=False, analytics_enabled=False, download_files=False)


def _text(message: dict) -> str:
    content = message["content"]
    return content if isinstance(content, str) else "".join(b.get("text", "") for b in content)


class TestHelpers:
    """The app's pure helpers: no server needed."""

    def test_history_pairs_flatten_gradio6_blocks(self):
        from ui.app import history_pairs

        history = [{"role": "user", "content": [{"type": "text", "text": "Câu 1?"}]},
                   {"role": "assistant", "content": [{"type": "text", "text": "Đạt 74,8% [\\[1\\]](#src-1-1)."}]}]
        assert history_pairs(history) == [("Câu 1?", "Đạt 74,8% [1].")]

    def test_filters_from_the_form(self):
        import gradio as gr

        from ui.app import make_filters

        assert make_filters([], "", "", "", "") is None
        f = make_filters(["41-NQ/TW"], "Nghị quyết", "", "2004", "2016-12-31")
        assert (f.doc, f.doc_type, f.date_from, f.date_to) == (["41-NQ/TW"], "Nghị quyết", "2004", "2016-12-31")
        with pytest.raises(gr.Error):
            make_filters([], "", "", "04/2004", "")

    def test_progress_counts_files_in_vietnamese(self, tmp_path):
        """Gradio's progress bar says "3/5 steps" unless told the unit."""
        from types import SimpleNamespace

        from index.types import IngestProgress, IngestReport
        from ui.tab_admin import run_ingest

        def ingest(paths, rebuild, on_progress):
            on_progress(IngestProgress("embed", "/c/a.txt", 2, 5, "12 đoạn"))
            return IngestReport()

        calls = []
        ctx = SimpleNamespace(qa=SimpleNamespace(ingest=ingest))
        run_ingest(ctx, [tmp_path], False, lambda *a, **kw: calls.append((a, kw)))
        assert calls == [(((2, 5),), {"desc": "Đang tạo vector: a.txt (2/5) 12 đoạn", "unit": "tệp"})]

    def test_serve_refuses_a_public_address_without_users(self):
        from common.errors import ConfigError
        from qa.facade import PolicyQA
        from ui.app import serve

        with pytest.raises(ConfigError, match="tệp người dùng"):
            serve(PolicyQA(), host="0.0.0.0", port=free_port())


@pytest.fixture(scope="module")
def client(app_url):
    return _client(app_url)


@pytest.mark.slow
class TestAsk:
    def test_answer_cites_its_source(self, client):
        history, sources, cleared = client.predict(
            "Chỉ tiêu tỷ lệ che phủ rừng đến năm 2020 là bao nhiêu?", [], api_name="/ask")
        answer = _text(history[-1])
        assert "74,8%" in answer and "(#src-1-1)" in answer
        assert 'id="src-1-1"' in sources and "<mark>" in sources and "74,8%" in sources
        assert cleared == ""

    def test_question_without_diacritics_is_understood(self, client):
        history, sources, _ = client.predict("chi tieu ty le che phu rung den nam 2020", [], api_name="/ask")
        answer = _text(history[-1])
        assert "74,8%" in answer
        assert "Đã hiểu câu hỏi là:" in answer

    def test_follow_up_keeps_the_conversation(self, client):
        history, _, _ = client.predict("Chỉ tiêu tỷ lệ che phủ rừng đến năm 2020 là bao nhiêu?", [], api_name="/ask")
        history, sources, _ = client.predict("Còn tỷ lệ dân số đô thị sử dụng nước hợp vệ sinh?", history,
                                             api_name="/ask")
        assert len(history) == 4 and "99%" in _text(history[-1])

    def test_filter_to_a_year_range_without_the_answer_abstains(self, client):
        _, sources, _ = client.predict("Chỉ tiêu tỷ lệ che phủ rừng đến năm 2020 là bao nhiêu?", [], [], "", "",
                                       "1990", "1995", api_name="/ask")
        assert "Không tìm thấy nội dung này trong các văn bản đã nạp." in sources

    def test_bad_year_is_refused_in_vietnamese(self, client):
        with pytest.raises(Exception, match="Năm/ngày không hợp lệ"):
            client.predict("che phủ rừng", [], [], "", "", "năm ngoái", "", api_name="/ask")


@pytest.mark.slow
class TestSearch:
    def test_unaccented_query_highlights_accented_text(self, client):
        html = client.predict("che phu rung", api_name="/search")
        assert "<mark>che</mark> <mark>phủ</mark> <mark>rừng</mark>" in html
        assert 'class="doc-link open-doc"' in html, "each result opens its document at its section"


@pytest.mark.slow
class TestAccess:
    def test_viewer_cannot_upload_through_the_api(self, login_app_url, tmp_path):
        f = tmp_path / "ghi-chu.txt"
        f.write_text("Nội dung thử", encoding="utf-8")
        with pytest.raises(Exception, match="quản trị"):
            _client(login_app_url, VIEWER).predict([handle_file(str(f))], api_name="/upload")

    def test_viewer_cannot_reindex(self, login_app_url):
        with pytest.raises(Exception, match="quản trị"):
            _client(login_app_url, VIEWER).predict(False, api_name="/reindex")
        with pytest.raises(Exception, match="quản trị"):
            _client(login_app_url, VIEWER).predict(False, api_name="/reindex_plan")

    def test_admin_is_told_what_an_update_will_do_before_it_starts(self, login_app_url):
        plan = _client(login_app_url, ADMIN).predict(False, api_name="/reindex_plan")
        assert "không có gì để cập nhật" in plan or ("Sẽ xử lý" in plan and "Ước tính" in plan), plan
        rebuild = _client(login_app_url, ADMIN).predict(True, api_name="/reindex_plan")
        assert "Xây lại toàn bộ chỉ mục: mọi tệp sẽ được xử lý lại." in rebuild and "Ước tính" in rebuild

    def test_admin_upload_refuses_bad_types_with_reason(self, login_app_url, tmp_path):
        f = tmp_path / "chuong-trinh.exe"
        f.write_bytes(b"MZ\x90\x00")
        report = _client(login_app_url, ADMIN).predict([handle_file(str(f))], api_name="/upload")
        assert "chuong-trinh.exe" in report and "Loại tệp không được hỗ trợ" in report


@pytest.mark.slow
class TestUploadedDocumentIsEscaped:
    def test_script_in_an_uploaded_document_is_shown_as_text(self, client, tmp_path, qa):
        f = tmp_path / "thong-bao-thu.txt"
        f.write_text(
            "THÔNG BÁO\nVề lịch tiếp dân <script>alert('xss')</script>\n\n"
            "1. Lịch tiếp công dân của Ủy ban xã Tân Lập là sáng thứ Năm hằng tuần.\n",
            encoding="utf-8",
        )
        report = client.predict([handle_file(str(f))], api_name="/upload")
        assert "Đã thêm" in report, report
        doc = next(d for d in qa.documents() if (d.source_path or "").endswith("thong-bao-thu.txt"))
        page = client.predict(doc.doc_id, api_name="/document")
        assert "<script>" not in page and "&lt;script&gt;" in page


@pytest.mark.slow
class TestDocumentPage:
    def test_a_document_by_number_with_its_references_as_links(self, client):
        page = client.predict("41/NQ-TW", api_name="/document")
        assert "Nghị quyết" in page and "Mục lục" in page

    def test_a_referenced_only_document_says_it_is_not_loaded_and_who_cites_it(self, client, qa):
        ref = next(d for d in qa.documents() if d.status == "metadata-only" and d.doc_number == "02-KL/TW")
        page = client.predict(ref.doc_id, api_name="/document")
        assert "chưa được nạp" in page and "Được dẫn chiếu bởi 1 văn bản đã nạp" in page and 'data-doc="' in page


@pytest.mark.slow
class TestDraft:
    def test_draft_preview_and_downloads(self, client):
        preview, files = client.predict("bảo vệ môi trường ở Bình Phước", [], "ngắn", "bài viết", api_name="/draft")
        assert "<h2>" in preview and "Nguồn" in preview
        names = sorted(Path(f["path"] if isinstance(f, dict) else f).suffix for f in files)
        assert names == [".docx", ".md"]


@pytest.mark.slow
class TestFirstRun:
    def test_background_ingest_reports_progress_while_questions_are_answered(self, qa, small_corpus):
        from ui.app import BackgroundIngest

        background = BackgroundIngest()
        thread = background.start(qa, [small_corpus])
        answer = qa.ask("Chỉ tiêu tỷ lệ che phủ rừng đến năm 2020 là bao nhiêu?")
        thread.join(120)
        assert "74,8%" in answer.answer
        assert background.status().startswith("Đã nạp xong") and background.total == 2
