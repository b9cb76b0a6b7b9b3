"""The login page, logout and the session check of the web app — in Vietnamese, on the server.

Gradio's own login page says "Login" and "Incorrect Credentials" (it ships no Vietnamese and
its login page is not reached by ``gr.I18n``), keeps sessions forever and does not slow a
password guesser down. So the app is mounted under a FastAPI app of ours
(:mod:`ui.server`) with ``auth_dependency`` = :meth:`LoginGate.user`, and this module adds:

* ``GET/POST /dang-nhap``: our form; a wrong password says so in Vietnamese, too many say
  how long to wait (:class:`ui.sessions.LoginLimiter`, per user and per address);
* ``POST /login``: the same check for programs (``gradio_client.Client(url, auth=…)`` posts
  there): JSON, 401 on a wrong password, 429 when limited;
* ``GET /dang-xuat`` and ``/logout``: the session ends on the server, so every tab holding
  its cookie is logged out; the next request of an old tab gets 401 and its page script
  (``static/session.js``) brings the login page back instead of an error;
* a check that sends a browser opening the app without a live session to the login page.

Passwords are checked by :mod:`ui.auth` (PBKDF2-HMAC-SHA256, salted).
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from ui.auth import Access
from ui.sessions import LoginLimiter, SessionStore

COOKIE = "policyqa_phien"
LOGIN_PATH = "/dang-nhap"
WRONG = "Sai tên đăng nhập hoặc mật khẩu."
EXPIRED = "Phiên làm việc đã kết thúc (hết hạn hoặc đã đăng xuất). Hãy đăng nhập lại."
LOGGED_OUT = "Đã đăng xuất."
NOTES = {"het-han": EXPIRED, "da-dang-xuat": LOGGED_OUT}


def too_many(wait_s: float) -> str:
    minutes = max(1, math.ceil(wait_s / 60))
    return f"Đăng nhập sai quá nhiều lần. Hãy thử lại sau {minutes} phút."


@dataclass
class LoginGate:
    """Who is logged in, and the outcome of a login attempt."""

    access: Access
    sessions: SessionStore
    limiter: LoginLimiter

    def user(self, request: Request) -> str | None:
        """The ``auth_dependency`` of the Gradio app: the user of a live session whose account
        still exists (a user removed from the users file is out at the next request)."""
        user = self.sessions.user_of(request.cookies.get(COOKIE))
        if user is not None and self.access.role(user) is None:
            self.sessions.end(request.cookies.get(COOKIE))
            return None
        return user

    def attempt(self, name: str, password: str, address: str) -> tuple[int, str | None, str]:
        """(HTTP status, session token or None, message) of one login attempt."""
        name = (name or "").strip()
        wait = self.limiter.wait_s(name, address)
        if wait > 0:
            return 429, None, too_many(wait)
        if not self.access.check_password(name, password or ""):
            self.limiter.failed(name, address)
            wait = self.limiter.wait_s(name, address)
            return (429, None, too_many(wait)) if wait > 0 else (401, None, WRONG)
        self.limiter.succeeded(name)
        return 200, self.sessions.create(name), ""


def _address(request: Request) -> str:
    return request.client.host if request.client else "?"


def login_page(message: str = "", note: str = "", auth_message: str = "", status: int = 200) -> HTMLResponse:
    """The login form (all text escaped; nothing from the request is written unescaped)."""
    error = f'<p id="login-message" class="error" role="alert">{html.escape(message)}</p>' if message else ""
    info = f'<p id="login-note" class="note">{html.escape(note)}</p>' if note else ""
    intro = f"<p>{html.escape(auth_message)}</p>" if auth_message else ""
    return HTMLResponse(status_code=status, content=f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Đăng nhập — Tra cứu văn bản chính sách</title>
<style>
body{{font-family:"DejaVu Sans",system-ui,sans-serif;background:#f4f6f9;margin:0;display:flex;min-height:100vh;
align-items:center;justify-content:center}}
form{{background:#fff;padding:2rem;border-radius:10px;box-shadow:0 2px 12px #0002;width:min(22rem,90vw)}}
h1{{font-size:1.3rem;margin:0 0 1rem}} label{{display:block;margin:.8rem 0 .3rem}}
input{{width:100%;box-sizing:border-box;padding:.55rem;font-size:1rem;border:1px solid #bbb;border-radius:6px}}
button{{margin-top:1.2rem;width:100%;padding:.65rem;font-size:1rem;border:0;border-radius:6px;background:#2563eb;
color:#fff;cursor:pointer}} .error{{color:#b91c1c}} .note{{color:#1e3a8a}}
</style></head>
<body><form method="post" action="{LOGIN_PATH}" id="login-form">
<h1>Tra cứu văn bản chính sách</h1>{intro}{info}{error}
<label for="username">Tên đăng nhập</label>
<input id="username" name="username" autocomplete="username" required autofocus>
<label for="password">Mật khẩu</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" id="login-button">Đăng nhập</button>
</form></body></html>""")


def _with_session(response: Response, token: str, max_age_s: float) -> Response:
    response.set_cookie(COOKIE, token, max_age=int(max_age_s), httponly=True, samesite="lax", path="/")
    return response


def _ended(response: Response) -> Response:
    response.delete_cookie(COOKIE, path="/")
    return response


def add_login_routes(app: FastAPI, gate: LoginGate, auth_message: str = "") -> None:
    """Mount the login and logout routes and the page check on ``app`` (before Gradio is mounted)."""
    max_age = gate.sessions.max_age_s

    @app.middleware("http")
    async def send_to_login(request: Request, call_next):
        """A browser opening the app without a live session gets the login page, not Gradio's."""
        if request.method == "GET" and request.url.path == "/" and gate.user(request) is None:
            return RedirectResponse(LOGIN_PATH, status_code=303)
        return await call_next(request)

    @app.get(LOGIN_PATH, response_class=HTMLResponse)
    def show_login(request: Request):
        if gate.user(request) is not None:
            return RedirectResponse("/", status_code=303)
        return login_page(note=NOTES.get(request.query_params.get("ly-do", ""), ""), auth_message=auth_message)

    async def attempt(request: Request) -> tuple[int, str | None, str]:
        form = await request.form()
        return gate.attempt(str(form.get("username", "")), str(form.get("password", "")), _address(request))

    @app.post(LOGIN_PATH)
    async def submit_login(request: Request):
        status, token, message = await attempt(request)
        if token is None:
            return login_page(message, auth_message=auth_message, status=status)
        return _with_session(RedirectResponse("/", status_code=303), token, max_age)

    async def api_login(request: Request):
        status, token, message = await attempt(request)
        if token is None:
            return JSONResponse({"detail": message}, status_code=status)
        return _with_session(JSONResponse({"success": True}), token, max_age)

    def logout(request: Request):
        gate.sessions.end(request.cookies.get(COOKIE))
        return _ended(RedirectResponse(f"{LOGIN_PATH}?ly-do=da-dang-xuat", status_code=303))

    for path in ("/login", "/login/"):
        app.add_api_route(path, api_login, methods=["POST"])
    for path in ("/dang-xuat", "/logout"):
        app.add_api_route(path, logout, methods=["GET"])
