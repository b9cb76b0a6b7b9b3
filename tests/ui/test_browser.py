"""The web app in Debian's Chromium (Playwright), over the small real index, at a phone's width
(390 px) and a desktop's (1280 px): each role's tasks, walked as a person would.

Screenshots go to artifacts/ui-<task>-<width>.png so a person can check that the pages read
well; docs/HUONG-DAN.md shows some of them. Never runs ``playwright install``: it drives
/usr/bin/chromium.
"""

from __future__ import annotations

import re

import pytest

from tests.ui.conftest import ADMIN, REPO, VIEWER, free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]
playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = REPO / "artifacts"
QUESTION = "Chỉ tiêu tỷ lệ che phủ rừng đến năm 2020 là bao nhiêu?"
TIMEOUT = 60_000
WIDTHS = {390: 844, 1280: 900}
# English that Gradio shows unless translated (ui/static/app.js); documents may hold any words,
# so their panels are left out of the check.
ENGLISH = re.compile(r"\b(steps|processing|Drop File|Click to|Upload|Submit|Loading|Error|Textbox|Radio|Copy|"
                     r"Clear|Empty value|Reset to default|chatbot|common\.\w+)\b")
CHROME_TEXT_JS = """() => { const skip = '#library, #doc-page, #hits, #sources, #chat .message, #draft';
  const out = []; const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = w.nextNode(); n; n = w.nextNode()) { const p = n.parentElement;
    if (!p || p.closest('script, style') || p.closest(skip)) continue; out.push(n.nodeValue.trim()); }
  document.querySelectorAll('[aria-label], [title], [placeholder]').forEach(e => { if (e.closest(skip)) return;
    for (const a of ['aria-label', 'title', 'placeholder']) { const v = e.getAttribute(a); if (v) out.push(v); } });
  return out.filter(Boolean); }"""
# A word of a library cell laid out on more than one line (the phone bug: one letter per line).
BROKEN_WORDS_JS = """() => { const broken = [];
  document.querySelectorAll('#library td').forEach(td => { const text = td.innerText;
    const w = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) { for (const m of n.nodeValue.matchAll(/\\S+/g)) {
      if (m[0].length > 12) continue; const r = document.createRange(); r.setStart(n, m.index);
      r.setEnd(n, m.index + m[0].length); const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
      if (tops.size > 1) broken.push(m[0]); } } });
  return broken; }"""


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(params=sorted(WIDTHS), ids=lambda w: f"{w}px")
def page(browser, request):
    width = request.param
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": WIDTHS[width]})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT)
    pg.width = width
    yield pg
    context.close()


def shot(page, name: str, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(400)  # let Gradio's fade-in of fresh outputs finish
    width = page.viewport_size["width"]  # any page: the fixture's, or one a test opens itself
    page.screenshot(path=str(ARTIFACTS / f"ui-{name}-{width}.png"), full_page=full_page)


def open_app(page, url: str, auth: tuple[str, str] | None = None) -> None:
    page.goto(url)
    if auth:
        page.locator("input[type=text], input[name=username]").first.fill(auth[0])
        page.locator("input[type=password]").fill(auth[1])
        shot(page, "dang-nhap")
        page.locator("button[type=submit], button:has-text('Đăng nhập'), button:has-text('Login')").first.click()
    page.wait_for_selector("#question textarea")
    page.wait_for_function("document.querySelector('#who').innerText.trim().length > 0")  # the page has loaded


def tab(page, name: str) -> None:
    page.get_by_role("tab", name=name, exact=True).click()


def ask(page, question: str) -> None:
    before = page.locator("#chat .message").count()
    page.fill("#question textarea", question)
    page.click("#ask-btn")
    page.wait_for_function(
        "n => document.querySelectorAll('#chat .message').length >= n + 2", arg=before)
    page.wait_for_selector("#sources .src-card, #sources .not-found")


def find_document(page, words: str, rows: int | None = None) -> None:
    page.fill("#lib-query textarea", words)
    page.click("#lib-search-btn")
    if rows is not None:
        page.wait_for_function("n => document.querySelectorAll('#library tr[data-doc]').length === n", arg=rows)


def assert_all_vietnamese(page) -> None:
    english = [t for t in page.evaluate(CHROME_TEXT_JS) if ENGLISH.search(t)]
    assert not english, english


class TestViewer:
    def test_ask_then_read_the_citation_in_its_document(self, page, app_url):
        open_app(page, app_url)
        ask(page, QUESTION)
        answer = page.locator("#chat .message").last
        assert answer.inner_text().strip().startswith("Trả lời: 74,8%")  # the asked figure first, then the quote
        # Nothing covers the answer: the chat has no floating "Hỏi đáp" label any more.
        assert not page.locator("#chat [data-testid=block-label]").is_visible()
        link = answer.locator("a[href^='#src-']").first
        card = page.locator(f"#sources #{link.get_attribute('href')[1:]}")
        assert "74,8%" in card.inner_text() and card.locator("mark").count() == 1
        page.evaluate("window.scrollTo(0, 0)")
        shot(page, "hoi-dap")
        link.click()
        assert card.is_visible()
        card.scroll_into_view_if_needed()
        shot(page, "trich-dan")
        card.locator("a.open-doc").click()
        page.wait_for_selector("#doc-page .doc-sec.flash")
        assert "74,8%" in page.locator("#doc-page .doc-sec.flash").inner_text()
        shot(page, "doc-trich-dan")
        assert_all_vietnamese(page)

    def test_search_then_open_a_result_at_its_section(self, page, app_url):
        open_app(page, app_url)
        tab(page, "Tra cứu")
        page.fill("#query textarea", "che phu rung")
        page.click("#search-btn")
        page.wait_for_selector("#hits .hit-card mark")
        shot(page, "tra-cuu")
        page.locator("#hits a.open-doc").first.click()
        page.wait_for_selector("#doc-page .doc-sec.flash")
        assert page.locator("#doc-page .doc-sec.flash").is_visible()
        assert_all_vietnamese(page)

    def test_library_opens_on_loaded_documents_and_finds_one_by_accentless_number(self, page, app_url):
        open_app(page, app_url)
        tab(page, "Văn bản")
        assert "văn bản đã nạp" in page.locator("#library .lib-count").inner_text()
        statuses = page.locator("#library td.c5").all_inner_texts()
        assert statuses and all(s.strip() in ("Toàn văn", "Tóm lược") for s in statuses)
        assert not page.evaluate(BROKEN_WORDS_JS)
        shot(page, "thu-vien")
        find_document(page, "nghi quyet 41", rows=1)
        find_document(page, "nq 41", rows=1)
        shot(page, "tim-van-ban")
        page.locator("#library a.doc-link").first.click()
        page.wait_for_selector("#doc-page h2")
        body = page.locator("#doc-page").inner_text()
        assert "Nghị quyết" in body and "Mục lục" in body and "Bản tóm lược" in body
        outline = page.locator("#doc-page .outline li").all_inner_texts()
        assert outline and all(re.search(r"[^\W\d_]{2,}", item) for item in outline), outline  # no bare numbers
        shot(page, "van-ban")
        page.click("#doc-back")
        page.wait_for_selector("#library table")
        assert page.locator("#library tr[data-doc]").count() == 1  # the list as it was left

    def test_referenced_only_document_page_and_links_both_ways(self, page, app_url):
        open_app(page, app_url)
        tab(page, "Văn bản")
        page.locator("#lib-view label", has_text="chỉ được dẫn chiếu").click()
        page.wait_for_function("document.querySelector('#library .lib-count').innerText.includes('dẫn chiếu')")
        find_document(page, "kl 02", rows=1)
        assert "1 văn bản" in page.locator("#library td.c5").inner_text()
        page.locator("#library a.doc-link").first.click()
        page.wait_for_selector("#doc-page .not-loaded")
        assert "chưa được nạp" in page.locator("#doc-page .not-loaded").inner_text()
        shot(page, "chi-dan-chieu")
        page.locator("#doc-page ul.citing a.doc-link").first.click()
        page.wait_for_function("!document.querySelector('#doc-page .not-loaded')")
        links = page.locator("#doc-page .doc-links")
        assert links.locator("a.doc-link", has_text="41-NQ/TW").count() >= 1  # loaded, cited
        assert links.locator("ul.missing a.doc-link").count() >= 1  # referenced only: links too
        links.locator("a.doc-link", has_text="41-NQ/TW").first.click()
        page.wait_for_function("document.querySelector('#doc-page h2').innerText.includes('41-NQ/TW')")

    def test_library_filters_sort_and_year_choices(self, page, app_url):
        open_app(page, app_url)
        tab(page, "Hỏi đáp")
        page.locator(".filters").first.click()
        for box in page.locator(".filters .year-from input, .filters .year-from textarea").all():
            assert not re.search(r"\d", box.get_attribute("placeholder") or "")  # no sample year posing as a value
        tab(page, "Văn bản")
        page.click("#lib-filters")
        assert page.locator("#lib-year-from input").input_value() == "Tất cả"
        page.locator("#lib-type input").click()
        page.get_by_role("option", name="Công văn", exact=True).click()
        page.wait_for_function("document.querySelectorAll('#library tr[data-doc]').length === 1")
        assert "Công văn" in page.locator("#library td.c1").inner_text()
        shot(page, "loc")

    def test_draft(self, page, app_url):
        open_app(page, app_url)
        tab(page, "Soạn bài")
        page.fill("#topic textarea", "bảo vệ môi trường ở Bình Phước")
        page.click("#draft-btn")
        page.wait_for_selector("#draft h2", timeout=120_000)
        assert "Nguồn" in page.locator("#draft").inner_text()
        shot(page, "soan-bai")
        assert_all_vietnamese(page)

    def test_phone_layout_keeps_every_tab_in_reach(self, page, app_url):
        open_app(page, app_url)
        page.get_by_role("tab", name="Thêm văn bản").wait_for()  # the single local user is an administrator
        tabs = page.get_by_role("tab")
        names = [t.inner_text().strip() for t in tabs.all() if t.is_visible()]
        assert names == ["Hỏi đáp", "Tra cứu", "Văn bản", "Soạn bài", "Thêm văn bản"], names
        assert page.locator(".overflow-menu").count() == 0 or not page.locator(".overflow-menu").is_visible()
        shot(page, "trang-dau")


class TestRoles:
    def test_admin_uploads_a_document_and_gets_an_answer_from_it(self, page, login_app_url, tmp_path):
        from docx import Document

        path = tmp_path / f"Quyết định học bổng Tân Lập {page.width}.docx"
        doc = Document()
        doc.add_paragraph("ỦY BAN NHÂN DÂN XÃ TÂN LẬP")
        doc.add_paragraph("QUYẾT ĐỊNH về quỹ khuyến học năm 2025")
        doc.add_paragraph("Điều 1. Mức học bổng khuyến học của xã Tân Lập năm 2025 là 1.500.000 đồng "
                          "cho mỗi học sinh đạt danh hiệu học sinh giỏi.")
        doc.add_paragraph("Điều 2. Văn phòng Ủy ban nhân dân xã chịu trách nhiệm thi hành Quyết định này.")
        doc.save(path)

        open_app(page, login_app_url, ADMIN)
        tab(page, "Thêm văn bản")
        page.locator("#upload input[type=file]").set_input_files(str(path))
        page.wait_for_selector("#upload :text('.docx')")
        page.click("#upload-btn")
        seen = watch_progress(page, "#ingest-report table")
        assert not [t for t in seen if "steps" in t], seen  # the progress counts "tệp", in Vietnamese
        report = page.locator("#ingest-report").inner_text()
        assert "Đã thêm" in report, report
        page.locator("#ingest-report").scroll_into_view_if_needed()
        shot(page, "tai-len")
        tab(page, "Hỏi đáp")
        ask(page, "Mức học bổng khuyến học của xã Tân Lập năm 2025 là bao nhiêu?")
        assert "1.500.000" in page.locator("#chat .message").last.inner_text()

    def test_admin_is_told_what_an_update_will_do_before_it_starts(self, page, login_app_url, qa):
        uploads = qa.settings.home / "uploads"
        uploads.mkdir(exist_ok=True)
        (uploads / f"thong-bao-lich-hop-{page.width}.txt").write_text(
            "THÔNG BÁO\nLịch họp giao ban của Ủy ban xã Tân Lập là sáng thứ Hai hằng tuần.\n", encoding="utf-8")
        open_app(page, login_app_url, ADMIN)
        tab(page, "Thêm văn bản")
        page.click("#reindex-btn")
        page.wait_for_selector("#reindex-plan .plan")
        plan = page.locator("#reindex-plan").inner_text()
        assert re.search(r"Sẽ xử lý \d+ tệp \(1 tệp mới\)", plan) and "Ước tính" in plan, plan
        assert page.locator("#ingest-report table").count() == 0  # nothing started yet
        shot(page, "cap-nhat")
        page.click("#reindex-start")
        page.wait_for_selector("#ingest-report table", timeout=120_000)
        assert "Đã thêm" in page.locator("#ingest-report").inner_text()

    def test_viewer_sees_no_upload_and_is_told_why(self, page, login_app_url):
        open_app(page, login_app_url, VIEWER)
        assert page.get_by_role("tab", name="Thêm văn bản").count() == 0 or not page.get_by_role(
            "tab", name="Thêm văn bản").is_visible()
        tab(page, "Văn bản")
        page.wait_for_selector("#viewer-note")
        assert "quản trị" in page.locator("#viewer-note").inner_text()
        assert re.search("vai trò: xem", page.locator("#who").inner_text())
        shot(page, "nguoi-xem")


class TestLogin:
    """The login page, the brake and logout as a person meets them (issue 13: Vietnamese from
    login to logout; an old tab shows the login again instead of failing)."""

    def submit(self, page, user: str, password: str) -> None:
        page.fill("#username", user)
        page.fill("#password", password)
        page.click("#login-button")
        page.wait_for_load_state()

    def test_a_wrong_password_is_told_in_vietnamese(self, page, login_app_url):
        from ui.login import WRONG

        page.goto(login_app_url)
        assert page.url.endswith("/dang-nhap") and page.locator("#login-button").inner_text() == "Đăng nhập"
        self.submit(page, VIEWER[0], "sai-mat-khau")
        assert page.locator("#login-message").inner_text() == WRONG
        body = page.locator("body").inner_text()
        assert "Login" not in body and "Incorrect" not in body
        shot(page, "dang-nhap-sai")

    def test_too_many_failures_are_held_with_the_wait_in_minutes(self, page, qa, users_file):
        from tests.ui.conftest import start_with_ui

        app = start_with_ui(qa, users_file, login_failures_per_user=2, login_window_minutes=5)
        try:
            page.goto(app.url)
            for attempt in range(2):
                self.submit(page, ADMIN[0], f"doan-{attempt}")
            assert page.locator("#login-message").inner_text() == ("Đăng nhập sai quá nhiều lần. "
                                                                   "Hãy thử lại sau 5 phút.")
            self.submit(page, *ADMIN)  # the right password waits too
            assert "quá nhiều lần" in page.locator("#login-message").inner_text()
            shot(page, "dang-nhap-qua-nhieu-lan")
        finally:
            app.close()

    def test_logout_in_one_tab_ends_the_session_in_the_other(self, browser, login_app_url):
        from ui.login import EXPIRED, LOGGED_OUT

        context = browser.new_context(locale="vi-VN", viewport={"width": 1360, "height": 960})
        try:
            first, second = context.new_page(), context.new_page()
            for tab in (first, second):
                tab.set_default_timeout(TIMEOUT)
            open_app(first, login_app_url, VIEWER)
            second.goto(login_app_url)  # the same browser: already logged in
            second.wait_for_selector("#question textarea")
            first.locator("#who a", has_text="Đăng xuất").click()
            first.wait_for_selector("#login-note")
            assert first.locator("#login-note").inner_text() == LOGGED_OUT
            second.fill("#question textarea", QUESTION)
            second.click("#ask-btn")
            second.wait_for_url("**/dang-nhap?ly-do=het-han")
            second.wait_for_selector("#login-note")
            assert second.locator("#login-note").inner_text() == EXPIRED
            shot(second, "het-phien")
        finally:
            context.close()


class TestIndexingInBackground:
    def test_the_library_does_not_move_while_documents_are_indexed(self, browser, qa, tmp_path):
        """Rows used to shift under the pointer each time the first-run ingestion finished a file."""
        from ui.app import serve

        folder = tmp_path / "nap-o-nen"
        folder.mkdir()
        articles = "\n\n".join(
            f"Điều {i}. Nhiệm vụ số {i} của tổ tuyên truyền thôn {i}\n" + " ".join(
                f"Tổ {i} phối hợp với chi hội {j} vận động {i * 7 + j} hộ gia đình giữ gìn vệ sinh đường làng, "
                f"trồng {i + j} cây xanh và báo cáo kết quả trước ngày {j + 1} hằng tháng." for j in range(8))
            for i in range(1, 41))
        (folder / "ke-hoach-tuyen-truyen-thon.txt").write_text(
            f"KẾ HOẠCH\nTuyên truyền giữ gìn vệ sinh thôn xóm năm 2025\n\n{articles}\n", encoding="utf-8")
        port = free_port()
        demo = serve(qa, host="127.0.0.1", port=port, first_run_paths=[folder], prevent_thread_lock=True)
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            page.set_default_timeout(TIMEOUT)
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector("#ingest-status")
            tab(page, "Văn bản")
            rows = "() => [...document.querySelectorAll('#library tr[data-doc]')].map(r => r.dataset.doc)"
            page.wait_for_selector("#library tr[data-doc]")
            before = page.evaluate(rows)
            page.wait_for_function("document.querySelector('#lib-notice').innerText.includes('Có văn bản mới')",
                                   timeout=300_000)
            assert page.evaluate(rows) == before  # indexing only says so; the rows stay where they were
            page.click("#lib-refresh")
            page.wait_for_function(f"document.querySelectorAll('#library tr[data-doc]').length === {len(before) + 1}")
        finally:
            context.close()
            demo.close()


def watch_progress(page, done_selector: str) -> list[str]:
    """The progress texts shown until ``done_selector`` appears."""
    seen: list[str] = []
    for _ in range(1200):
        texts = page.evaluate("() => [...document.querySelectorAll('.progress-text, .meta-text, .progress-level')]"
                              ".map(e => e.innerText)")
        seen.extend(t for t in texts if t and t not in seen)
        if page.locator(done_selector).count():
            return seen
        page.wait_for_timeout(100)
    raise AssertionError(f"{done_selector} never appeared; progress: {seen}")
