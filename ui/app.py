"""The web app (Gradio 6): Hỏi đáp, Tra cứu, Văn bản, Soạn bài — all text in Vietnamese.

The app only presents: every answer, search, document and draft comes from the one facade
``qa.facade.PolicyQA``; HTML is built by ``ui.render`` (which escapes everything taken from
documents). Access: with a users file people log in (our Vietnamese login page, sessions that expire and
end on logout, a brake on guessing: :mod:`ui.login`, :mod:`ui.server`) and only the role
"quản trị" may upload or re-index — checked in the handlers on the server, not only hidden in
the page. Without a users file there is no login and the single local user is an
administrator, so ``serve`` then refuses any address other than 127.0.0.1/localhost unless
``allow_remote`` is given.

Each tab is laid out and wired by its own builder (``ui.tab_ask``, ``ui.tab_search``,
``ui.tab_library``, ``ui.tab_draft``, ``ui.tab_admin``) over one :class:`ui.handlers.AppContext`;
this module puts them on one page, wires what concerns them all (the page load, the first-run
progress) and launches the server.
"""

from __future__ import annotations

import sys

from pathlib import Path

import gradio as gr

from common.errors import ConfigError
from qa.facade import PolicyQA
from ui import render
from ui.auth import Access
from ui.filters import filter_updates
from ui.handlers import ADMIN_ONLY, HISTORY_TURNS, LENGTHS, AppContext, BackgroundIngest, history_pairs, make_filters
from ui.server import LOCAL_HOSTS, RunningApp, bind_refusal, run, server_app
from ui.tab_admin import build_admin_tab
from ui.tab_ask import build_ask_tab
from ui.tab_draft import FORMS, build_draft_tab
from ui.tab_library import NEW_DOCUMENTS, build_library_tab
from ui.tab_search import build_search_tab

__all__ = [
    "ADMIN_ONLY", "FORMS", "HISTORY_TURNS", "LENGTHS", "LOCAL_HOSTS", "STATIC", "BackgroundIngest", "build_app",
    "RunningApp", "history_pairs", "launch_options", "make_filters", "serve",
]


STATIC = Path(__file__).resolve().parent / "static"


def build_app(
    qa: PolicyQA,
    *,
    users_file: Path | None = None,
    background: BackgroundIngest | None = None,
    reindex_paths: list[Path] | None = None,
) -> gr.Blocks:
    """The Blocks app over one shared facade: a header, then one tab per task.

    :param users_file: users with roles (``ui.auth``); None = no login, the local user is admin.
    :param background: a running first-run ingestion whose progress the page shows.
    :param reindex_paths: what "Cập nhật chỉ mục" re-ingests (default: the corpus folder),
        always together with ``<home>/uploads``.
    """
    ctx = AppContext(qa, Access(users_file), background, Path(qa.settings.home) / "uploads",
                     list(reindex_paths or [qa.settings.corpus_dir]), qa.settings.ui.max_upload_mb)
    with gr.Blocks(title="Tra cứu văn bản chính sách") as demo:
        with gr.Row(elem_id="header"):
            gr.Markdown("## Tra cứu và hỏi đáp văn bản chính sách", elem_id="app-title")
            who = gr.Markdown(elem_id="who")
        status = gr.Markdown(background.status() if background else "", visible=bool(background), elem_id="ingest-status")
        # Tabs wrap onto a second line on a phone rather than hiding behind a "•••" menu.
        with gr.Tabs(overflow_behavior="wrap", elem_id="tabs") as tabs:
            ask = build_ask_tab(ctx)
            search = build_search_tab(ctx)
            library = build_library_tab(ctx, tabs, [ask.sources, search.hits])
            draft = build_draft_tab(ctx)
            admin = build_admin_tab(ctx)
        gr.api(library.document_api, api_name="document")
        _wire_page(ctx, demo, who, status, ask, search, library, draft, admin)
    demo.queue(default_concurrency_limit=qa.settings.ui.concurrency_limit)
    return demo


def _wire_page(ctx: AppContext, demo: gr.Blocks, who, status, ask, search, library, draft, admin) -> None:
    """What concerns every tab: the page load, the first-run progress, refreshing the lists."""
    choices = [*ask.filters[:3], *search.filters[:3], draft.docs]

    def choice_updates():
        updates = filter_updates(ctx)
        return [*updates, *updates, gr.update(choices=ctx.doc_choices())]

    def on_load(request: gr.Request):
        ctx.warm_up()  # the first question need not import and load the answer path itself
        role = ctx.role(request)
        text = (f"Đăng nhập: **{render.esc(ctx.username(request))}** — vai trò: {role} · [Đăng xuất](/logout)"
                if ctx.access.login_required else "Chế độ một người dùng trên máy này (quản trị).")
        admin_ = role == "quản trị"
        return [text, gr.update(visible=admin_), gr.update(visible=not admin_), *choice_updates()]

    demo.load(on_load, None, [who, admin.tab, library.viewer_note, *choices], api_name=False)
    demo.load(library.refresh_fn, library.refresh_inputs, library.refresh_outputs, api_name=False)
    for event in admin.done:
        event.then(choice_updates, None, choices, api_name=False).then(
            library.refresh_fn, library.refresh_inputs, library.refresh_outputs, api_name=False)
    if ctx.background is None:
        return
    timer = gr.Timer(2.0, active=ctx.background.running)
    seen = gr.State(0)  # the ingestion's version the library last listed

    def tick(seen_version):
        bg = ctx.background
        text, running = bg.status(), bg.running
        notice = gr.update(value=NEW_DOCUMENTS) if bg.version != seen_version else gr.update()
        lists = [gr.update()] * len(choices) if running else choice_updates()
        return [gr.update(value=text, visible=bool(text)), gr.Timer(active=running), bg.version, notice, *lists]

    demo.load(lambda: ctx.background.version, None, [seen], api_name=False)
    timer.tick(tick, [seen], [status, timer, seen, library.notice, *choices], show_progress="hidden", api_name=False)


def launch_options(login: bool = False) -> dict:
    """What Gradio 6 takes at ``launch()`` (or ``mount_gradio_app``) rather than in ``Blocks``:
    theme, css, head. ``login``: also the script that brings the login page back when the
    session has ended (static/session.js)."""
    css = (STATIC / "app.css").read_text(encoding="utf-8")
    scripts = ["app.js", "session.js"] if login else ["app.js"]
    head = "".join(f"<script>\n{(STATIC / name).read_text(encoding='utf-8')}</script>" for name in scripts)
    # The default monospace font lacks precomposed Vietnamese glyphs: use one that has them.
    theme = gr.themes.Soft(font_mono=["DejaVu Sans Mono", "Noto Sans Mono", "ui-monospace", "monospace"])
    return {"theme": theme, "css": css, "head": head}


def _to_terminal(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def serve(
    qa: PolicyQA,
    host: str = "127.0.0.1",
    port: int = 7860,
    users_file: Path | None = None,
    allow_remote: bool = False,
    first_run_paths: list[Path] | None = None,
    *,
    prevent_thread_lock: bool = False,
) -> RunningApp | None:
    """Launch the app (:mod:`ui.server`: our login when there is a users file).

    :param first_run_paths: start ingesting these in the background; questions are answered
        meanwhile from what is already indexed, and the page shows the progress.
    :param prevent_thread_lock: return once the server runs (tests); ``close()`` stops it.
    :raises ConfigError: a non-local ``host`` without users and without ``allow_remote``.
    """
    refusal = bind_refusal(host, users_file, allow_remote)
    if refusal:
        raise ConfigError(refusal)
    background = None
    if first_run_paths:
        background = BackgroundIngest(echo=_to_terminal)
        _to_terminal(
            f"Đang nạp văn bản ở nền (văn bản nhiệm vụ trước). Ứng dụng: http://{host}:{port} — "
            "câu hỏi được trả lời ngay từ phần đã nạp."
        )
        background.start(qa, list(first_run_paths))
    demo = build_app(qa, users_file=users_file, background=background, reindex_paths=first_run_paths)
    access = Access(users_file)
    app, gate = server_app(demo, access, qa.settings.ui, launch_options(login=access.login_required))
    return run(app, host, port, block=not prevent_thread_lock, gate=gate)
