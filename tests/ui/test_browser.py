"""The web app in Debian's Chromium (Playwright), over the small real index.

Screenshots go to artifacts/ui-*.png so a person can check that the pages read well.
Never runs ``playwright install``: it drives /usr/bin/chromium.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.ui.conftest import ADMIN, REPO, VIEWER

pytestmark = [pytest.mark.browser, pytest.mark.slow]
playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = REPO / "artifacts"
QUESTION = "Chỉ tiêu tỷ lệ che phủ rừng đến năm 2020 là bao nhiêu?"
TIMEOUT = 60_000


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1360, "height": 960})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT)
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs
    yield pg
    context.close()


def shot(page, name: str, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(400)  # let Gradio's fade-in of fresh outputs finish
    page.screenshot(path=str(ARTIFACTS / f"ui-{name}.png"), full_page=full_page)


def open_app(page, url: str, auth: tuple[str, str] | None = None) -> None:
    page.goto(url)
    if auth:
        page.locator("input[type=text], input[name=username]").first.fill(auth[0])
        page.locator("input[type=password]").fill(auth[1])
        shot(page, "dang-nhap")
        page.locator("button[type=submit], button:has-text('Đăng nhập'), button:has-text('Login')").first.click()
    page.wait_for_selector("#question textarea")


def ask(page, question: str) -> None:
    before = page.locator("#chat .message").count()
    page.fill("#question textarea", question)
    page.click("#ask-btn")
    page.wait_for_function(
        "n => document.querySelectorAll('#chat .message').length >= n + 2", arg=before)
    page.wait_for_selector("#sources .src-card, #sources .not-found")


class TestAsk:
    def test_question_gets_cited_answer_and_source(self, page, app_url):
        open_app(page, app_url)
        ask(page, QUESTION)
        answer = page.locator("#chat .message").last
        assert "74,8%" in answer.inner_text()
        assert answer.inner_text().strip().startswith("Trả lời: 74,8%")  # the asked figure first, then the quote
        link = answer.locator("a[href^='#src-']").first
        target = link.get_attribute("href")[1:]
        card = page.locator(f"#sources #{target}")
        assert "74,8%" in card.inner_text() and card.locator("mark").count() == 1
        assert card.locator("button.copy-cite").is_visible()
        link.click()
        assert card.is_visible()
        shot(page, "hoi-dap")

    def test_question_without_diacritics(self, page, app_url):
        open_app(page, app_url)
        ask(page, "chi tieu ty le che phu rung den nam 2020")
        text = page.locator("#chat .message").last.inner_text()
        assert "74,8%" in text and "Đã hiểu câu hỏi là:" in text
        shot(page, "khong-dau")


class TestDocuments:
    def test_search_then_open_document_at_section(self, page, app_url):
        open_app(page, app_url)
        page.get_by_role("tab", name="Tra cứu").click()
        page.fill("#query textarea", "che phu rung")
        page.click("#search-btn")
        page.wait_for_selector("#hits .hit-card mark")
        shot(page, "tra-cuu")
        page.click("#open-hit")
        page.wait_for_selector("#doc-page .doc-sec")
        page.wait_for_selector("#doc-page .doc-sec.flash")
        assert page.locator("#doc-page .doc-sec.flash").is_visible()
        shot(page, "mo-tai-muc")

    def test_library_and_document_page(self, page, app_url):
        open_app(page, app_url)
        page.get_by_role("tab", name="Văn bản").click()
        cell = page.locator("#library [role=gridcell]", has_text="41-NQ/TW").first
        cell.wait_for()
        assert page.locator("#library [role=gridcell]", has_text="Tóm lược").count() >= 1
        cell.click()
        page.wait_for_selector("#doc-page h2")
        body = page.locator("#doc-page").inner_text()
        assert "Nghị quyết" in body and "Mục lục" in body and "Bản tóm lược" in body
        shot(page, "van-ban")


class TestRoles:
    def test_admin_uploads_a_document_and_gets_an_answer_from_it(self, page, login_app_url, tmp_path):
        from docx import Document

        path = tmp_path / "Quyết định học bổng Tân Lập.docx"
        doc = Document()
        doc.add_paragraph("ỦY BAN NHÂN DÂN XÃ TÂN LẬP")
        doc.add_paragraph("QUYẾT ĐỊNH về quỹ khuyến học năm 2025")
        doc.add_paragraph("Điều 1. Mức học bổng khuyến học của xã Tân Lập năm 2025 là 1.500.000 đồng "
                          "cho mỗi học sinh đạt danh hiệu học sinh giỏi.")
        doc.add_paragraph("Điều 2. Văn phòng Ủy ban nhân dân xã chịu trách nhiệm thi hành Quyết định này.")
        doc.save(path)

        open_app(page, login_app_url, ADMIN)
        page.get_by_role("tab", name="Văn bản").click()
        page.locator("#upload input[type=file]").set_input_files(str(path))
        page.wait_for_selector("#upload :text('.docx')")
        page.click("#upload-btn")
        page.wait_for_selector("#ingest-report table", timeout=120_000)
        report = page.locator("#ingest-report").inner_text()
        assert "Đã thêm" in report, report
        page.locator("#ingest-report").scroll_into_view_if_needed()
        shot(page, "tai-len")
        page.get_by_role("tab", name="Hỏi đáp").click()
        ask(page, "Mức học bổng khuyến học của xã Tân Lập năm 2025 là bao nhiêu?")
        assert "1.500.000" in page.locator("#chat .message").last.inner_text()
        shot(page, "hoi-tu-tep-tai-len")

    def test_viewer_sees_no_upload_and_is_told_why(self, page, login_app_url):
        open_app(page, login_app_url, VIEWER)
        page.get_by_role("tab", name="Văn bản").click()
        page.wait_for_selector("#viewer-note")
        assert "quản trị" in page.locator("#viewer-note").inner_text()
        assert page.locator("#upload").count() == 0 or not page.locator("#upload").is_visible()
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
