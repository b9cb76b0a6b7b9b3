"""Login, sessions and logout over HTTP, on the running app with a users file.

The login brake is tripped only on apps of their own (``start_with_ui``): every test logs in
from 127.0.0.1, and a held address would lock the shared apps out.
"""

from __future__ import annotations

import time

import httpx
import pytest

from tests.ui.conftest import ADMIN, VIEWER, start_with_ui
from ui.login import COOKIE, WRONG

pytestmark = pytest.mark.slow


def login(url: str, user: tuple[str, str]) -> httpx.Response:
    return httpx.post(url + "dang-nhap", data={"username": user[0], "password": user[1]})


class TestLoginPage:
    def test_the_app_sends_a_stranger_to_a_vietnamese_login_page(self, login_app_url):
        response = httpx.get(login_app_url, follow_redirects=True)
        assert str(response.url).endswith("/dang-nhap")
        assert "Tên đăng nhập" in response.text and "Mật khẩu" in response.text and ">Đăng nhập<" in response.text
        assert "Login" not in response.text and "Incorrect" not in response.text

    def test_a_wrong_password_is_told_in_vietnamese(self, login_app_url):
        response = login(login_app_url, (VIEWER[0], "sai-mat-khau"))
        assert response.status_code == 401 and WRONG in response.text

    def test_a_right_password_opens_the_app_with_an_httponly_cookie(self, login_app_url):
        response = login(login_app_url, VIEWER)
        assert response.status_code == 303 and response.headers["location"] == "/"
        assert "httponly" in response.headers["set-cookie"].lower() and "samesite=lax" in response.headers["set-cookie"].lower()
        page = httpx.get(login_app_url, cookies={COOKIE: response.cookies[COOKIE]})
        assert page.status_code == 200 and "gradio" in page.text.lower()

    def test_without_a_session_the_api_refuses(self, login_app_url):
        assert httpx.get(login_app_url + "config").status_code == 401
        assert httpx.post(login_app_url + "gradio_api/queue/join", json={}).status_code == 401
        assert httpx.get(login_app_url + "config", cookies={COOKIE: "doan-bua"}).status_code == 401


class TestLogout:
    def test_logout_ends_the_session_on_the_server(self, login_app_url):
        token = login(login_app_url, ADMIN).cookies[COOKIE]
        cookies = {COOKIE: token}
        assert httpx.get(login_app_url + "config", cookies=cookies).status_code == 200
        out = httpx.get(login_app_url + "logout", cookies=cookies)
        assert out.status_code == 303 and out.headers["location"] == "/dang-nhap?ly-do=da-dang-xuat"
        # The same cookie, as an old tab still holds it: refused, and the page is the login again.
        assert httpx.get(login_app_url + "config", cookies=cookies).status_code == 401
        again = httpx.get(login_app_url, cookies=cookies, follow_redirects=True)
        assert str(again.url).endswith("/dang-nhap") and "Tên đăng nhập" in again.text


class TestBrake:
    @pytest.fixture(scope="class")
    def strict_url(self, qa, users_file):
        app = start_with_ui(qa, users_file, login_failures_per_user=3, login_failures_per_address=6,
                            login_window_minutes=10)
        yield app.url
        app.close()

    def test_a_user_is_held_after_three_failures_even_with_the_right_password(self, strict_url):
        codes = [login(strict_url, (VIEWER[0], f"doan-{n}")).status_code for n in range(3)]
        assert codes == [401, 401, 429]
        held = login(strict_url, VIEWER)
        assert held.status_code == 429 and "Đăng nhập sai quá nhiều lần. Hãy thử lại sau 10 phút." in held.text
        assert login(strict_url, ADMIN).status_code == 303  # another user from the same address

    def test_an_address_is_held_whatever_the_names(self, strict_url):
        codes = [login(strict_url, (f"ten-{n}", "x")).status_code for n in range(3)]
        assert codes[-1] == 429  # 6 failures from 127.0.0.1 in all
        assert login(strict_url, ADMIN).status_code == 429

    def test_programs_get_the_same_answers_as_json(self, strict_url):
        response = httpx.post(strict_url + "login", data={"username": "ai-do", "password": "x"})
        assert response.status_code == 429 and "thử lại sau" in response.json()["detail"]


class TestExpiry:
    def test_an_idle_session_ends(self, qa, users_file):
        app = start_with_ui(qa, users_file, session_idle_minutes=0.03)  # 1.8 s
        try:
            cookies = {COOKIE: login(app.url, VIEWER).cookies[COOKIE]}
            assert httpx.get(app.url + "config", cookies=cookies).status_code == 200
            time.sleep(2.2)
            assert httpx.get(app.url + "config", cookies=cookies).status_code == 401
        finally:
            app.close()
