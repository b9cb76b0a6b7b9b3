"""Where the web app listens, and with which login: the FastAPI app around the Gradio Blocks.

With a users file the Blocks are mounted with ``auth_dependency`` and our login pages
(:mod:`ui.login`); without one there is no login and the single local user is an
administrator, which is why the app then listens on 127.0.0.1 only (:func:`bind_refusal`).
uvicorn serves it, in this thread (``policyqa serve``) or in a background thread (tests).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

import gradio as gr
import uvicorn
from fastapi import FastAPI

from common.config import UISettings
from ui.auth import Access, load_users
from ui.login import LoginGate, add_login_routes
from ui.sessions import LoginLimiter, SessionStore

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
AUTH_MESSAGE = "Đăng nhập để dùng hệ thống tra cứu văn bản chính sách."


def bind_refusal(host: str, users_file: Path | None, allow_remote: bool) -> str | None:
    """Why the app must not listen on ``host`` (None: it may).

    Anyone who reaches an app without login is its administrator, and a users file without a
    single user locks everyone out but says nothing: a non-local address needs users.
    """
    if host in LOCAL_HOSTS or allow_remote:
        return None
    if users_file is None:
        return (f"Không mở ứng dụng ra địa chỉ {host} khi chưa có tệp người dùng: ai truy cập được cũng sẽ là quản trị. "
                "Hãy dùng --users, hoặc --allow-remote nếu chấp nhận điều đó.")
    if not load_users(users_file):
        return (f"Không mở ứng dụng ra địa chỉ {host}: tệp người dùng {users_file} chưa có người dùng nào. "
                "Hãy thêm bằng «policyqa user TÊN --users TỆP --role …».")
    return None


def login_gate(access: Access, ui: UISettings) -> LoginGate:
    """Sessions and the login brake, from the ``ui`` settings."""
    sessions = SessionStore(ui.session_idle_minutes * 60, ui.session_max_hours * 3600)
    limiter = LoginLimiter(ui.login_failures_per_user, ui.login_failures_per_address, ui.login_window_minutes * 60)
    return LoginGate(access, sessions, limiter)


def server_app(demo: gr.Blocks, access: Access, ui: UISettings, launch: dict) -> tuple[FastAPI, LoginGate | None]:
    """The FastAPI app serving ``demo`` at "/", behind our login when ``access`` requires one.

    :param launch: what Gradio 6 takes at launch rather than in Blocks (theme, css, head).
    """
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    gate = login_gate(access, ui) if access.login_required else None
    if gate is not None:
        add_login_routes(app, gate, AUTH_MESSAGE)
    gr.mount_gradio_app(app, demo, path="/", auth_dependency=gate.user if gate else None,
                        max_file_size=f"{ui.max_upload_mb:g}mb", footer_links=[], show_error=True, **launch)
    return app, gate


@dataclass
class RunningApp:
    """A server started in a background thread; ``close()`` stops it."""

    server: uvicorn.Server
    thread: threading.Thread
    url: str
    gate: LoginGate | None

    def close(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def run(app: FastAPI, host: str, port: int, *, block: bool, gate: LoginGate | None = None) -> RunningApp | None:
    """Serve ``app``: until stopped (``block``), or in a thread, returning once it accepts requests.

    :raises OSError: the server did not start within 30 s (the port is taken).
    """
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False, ws="none")
    server = uvicorn.Server(config)
    if block:
        server.run()
        return None
    thread = threading.Thread(target=server.run, daemon=True, name="policyqa-web")
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise OSError(f"Không mở được ứng dụng web tại {host}:{port} (cổng đang bận?)")
        time.sleep(0.01)
    return RunningApp(server, thread, f"http://{host}:{port}/", gate)
