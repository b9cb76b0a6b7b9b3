"""The web app (Gradio 6): Hỏi đáp, Tra cứu, Văn bản, Soạn bài — all text in Vietnamese.

The app only presents: every answer, search, document and draft comes from the one facade
``qa.facade.PolicyQA``; HTML is built by ``ui.render`` (which escapes everything taken from
documents). Access: with a users file people log in (our Vietnamese login page, sessions that expire and
end on logout, a brake on guessing: :mod:`ui.login`, :mod:`ui.server`) and only the role
"quản trị" may upload or re-index — checked in the handlers on the server, not only hidden in
the page. Without a users file there is no login and the single local user is an
administrator, so ``serve`` then refuses any address other than 127.0.0.1/localhost unless
``allow_remote`` is given.

The event handlers live in :mod:`ui.handlers`; this module lays out the page, wires the
handlers to it and launches the server.
"""

from __future__ import annotations

import sys

from pathlib import Path

import gradio as gr

from common.errors import ConfigError
from qa.facade import PolicyQA
from ui import render
from ui.auth import Access
from ui.server import LOCAL_HOSTS, RunningApp, bind_refusal, run, server_app
from ui.handlers import (
    ADMIN_ONLY, HISTORY_TURNS, LENGTHS, BackgroundIngest, history_pairs, make_filters, make_handlers,
)
from ui.uploads import ALLOWED_EXTENSIONS

__all__ = [
    "ADMIN_ONLY", "FORMS", "HISTORY_TURNS", "LENGTHS", "LOCAL_HOSTS", "STATIC", "BackgroundIngest", "build_app",
    "RunningApp", "history_pairs", "launch_options", "make_filters", "serve",
]


STATIC = Path(__file__).resolve().parent / "static"
FORMS = ["bài viết", "đề cương tuyên truyền", "giải thích quy định", "tin ngắn"]

SCROLL_JS = """(anchor) => { if (!anchor) return; setTimeout(() => {
  const el = document.getElementById(anchor); if (el) { el.scrollIntoView({block: 'start'});
  el.classList.add('flash'); } }, 400); }"""


def _filter_controls():
    with gr.Accordion("Bộ lọc", open=False):
        with gr.Row():
            docs = gr.Dropdown(label="Văn bản", multiselect=True, choices=[], value=[], allow_custom_value=True, scale=3)
            dtype = gr.Dropdown(label="Loại văn bản", choices=[], value="", allow_custom_value=True, scale=1)
            issuer = gr.Dropdown(label="Cơ quan ban hành", choices=[], value="", allow_custom_value=True, scale=2)
            dfrom = gr.Textbox(label="Năm từ", value="", placeholder="2004", scale=1)
            dto = gr.Textbox(label="Năm đến", value="", placeholder="2016", scale=1)
    return docs, dtype, issuer, dfrom, dto


# --- the app -------------------------------------------------------------------------------


def build_app(
    qa: PolicyQA,
    *,
    users_file: Path | None = None,
    background: BackgroundIngest | None = None,
    reindex_paths: list[Path] | None = None,
) -> gr.Blocks:
    """The Blocks app over one shared facade.

    :param users_file: users with roles (``ui.auth``); None = no login, the local user is admin.
    :param background: a running first-run ingestion whose progress the page shows.
    :param reindex_paths: what "Cập nhật chỉ mục" re-ingests (default: the corpus folder),
        always together with ``<home>/uploads``.
    """
    access = Access(users_file)
    uploads_dir = Path(qa.settings.home) / "uploads"
    reindex_paths = list(reindex_paths or [qa.settings.corpus_dir])
    max_mb = qa.settings.ui.max_upload_mb

    h = make_handlers(qa, access, background, uploads_dir, reindex_paths, max_mb)

    # --- layout ---
    with gr.Blocks(title="Tra cứu văn bản chính sách") as demo:
        with gr.Row():
            gr.Markdown("## Tra cứu và hỏi đáp văn bản chính sách")
            who = gr.Markdown(elem_id="who")
        status = gr.Markdown(background.status() if background else "", visible=bool(background), elem_id="ingest-status")
        timer = gr.Timer(2.0, active=bool(background and background.running))
        with gr.Tabs() as tabs:
            with gr.Tab("Hỏi đáp", id="hoi-dap"):
                a_filters = _filter_controls()
                with gr.Row():
                    with gr.Column(scale=3):
                        chat = gr.Chatbot(label="Hỏi đáp", height=480, buttons=["copy"], elem_id="chat",
                                          feedback_options=None,
                                          placeholder="Đặt câu hỏi về các văn bản đã nạp, ví dụ: "
                                                      "«Chỉ tiêu tỷ lệ che phủ rừng đến năm 2020 là bao nhiêu?»")
                        with gr.Row():
                            question = gr.Textbox(show_label=False, placeholder="Nhập câu hỏi…", scale=5,
                                                  elem_id="question", autofocus=True)
                            ask_btn = gr.Button("Hỏi", variant="primary", scale=1, elem_id="ask-btn")
                        clear_btn = gr.Button("Cuộc hỏi đáp mới", size="sm")
                    with gr.Column(scale=2):
                        sources = gr.HTML("<p class='hint'>Nguồn trích dẫn sẽ hiện ở đây.</p>", elem_id="sources")
            with gr.Tab("Tra cứu", id="tra-cuu"):
                s_filters = _filter_controls()
                with gr.Row():
                    query = gr.Textbox(show_label=False, placeholder="Từ khóa, có dấu hoặc không dấu…", scale=5,
                                       elem_id="query")
                    k = gr.Slider(1, 50, value=10, step=1, label="Số kết quả", scale=1)
                    search_btn = gr.Button("Tra cứu", variant="primary", scale=1, elem_id="search-btn")
                with gr.Row():
                    hit_pick = gr.Dropdown(label="Mở văn bản tại kết quả", choices=[], interactive=False, scale=4)
                    open_btn = gr.Button("Mở văn bản tại mục này", scale=1, elem_id="open-hit")
                hits_html = gr.HTML(elem_id="hits")
                hits_state = gr.State([])
            with gr.Tab("Văn bản", id="van-ban"):
                library = gr.Dataframe(headers=render.LIBRARY_HEADERS, interactive=False, wrap=True,
                                       column_widths=["11%", "10%", "9%", "20%", "37%", "13%"],
                                       label="Thư viện văn bản (bấm vào một dòng để mở)", elem_id="library")
                doc_pick = gr.Dropdown(label="Mở văn bản", choices=[], value=None, allow_custom_value=True, elem_id="doc-pick")
                doc_html = gr.HTML(elem_id="doc-page")
                anchor = gr.Textbox(visible=False)
                viewer_note = gr.Markdown(ADMIN_ONLY, visible=False, elem_id="viewer-note")
                with gr.Group(visible=False) as admin_box:
                    gr.Markdown("### Quản trị: tải lên và cập nhật chỉ mục")
                    files = gr.File(label=f"Kéo thả hoặc chọn tệp ({' '.join(ALLOWED_EXTENSIONS)}; "
                                          f"tối đa {max_mb:g} MB mỗi tệp)",
                                    file_count="multiple", elem_id="upload")
                    with gr.Row():
                        upload_btn = gr.Button("Tải lên và nạp", variant="primary", elem_id="upload-btn")
                        rebuild = gr.Checkbox(label="Xây lại toàn bộ chỉ mục", value=False)
                        reindex_btn = gr.Button("Cập nhật chỉ mục", elem_id="reindex-btn")
                    ingest_html = gr.HTML(elem_id="ingest-report", min_height=90)
            with gr.Tab("Soạn bài", id="soan-bai"):
                with gr.Row():
                    topic = gr.Textbox(label="Chủ đề", scale=3, elem_id="topic",
                                       placeholder="Ví dụ: bảo vệ môi trường ở Bình Phước")
                    d_docs = gr.Dropdown(label="Văn bản nguồn (để trống: tất cả)", multiselect=True, choices=[], scale=3)
                with gr.Row():
                    length = gr.Radio(list(LENGTHS), value="vừa", label="Độ dài")
                    form = gr.Dropdown(FORMS, value="bài viết", label="Thể loại")
                    draft_btn = gr.Button("Soạn bản thảo", variant="primary", elem_id="draft-btn")
                draft_view = gr.HTML(elem_id="draft")
                draft_files = gr.File(label="Tải về (.docx, .md)", file_count="multiple", interactive=False)

        # --- wiring ---
        filter_outs = [*a_filters[:3], *s_filters[:3]]
        demo.load(h.on_load, None, [who, admin_box, viewer_note, *filter_outs, library, doc_pick, d_docs], api_name=False)
        seen = gr.State(-1)
        timer.tick(h.tick, [seen], [status, timer, seen, library, doc_pick, d_docs, *filter_outs],
                   show_progress="hidden", api_name=False)
        ask_inputs = [question, chat, *a_filters]
        ask_outputs = [chat, sources, question]
        ask_btn.click(h.ask, ask_inputs, ask_outputs, api_name="ask", concurrency_id="qa")
        question.submit(h.ask, ask_inputs, ask_outputs, api_name=False, concurrency_id="qa")
        clear_btn.click(lambda: ([], ""), None, [chat, sources], api_name=False)
        search_inputs = [query, k, *s_filters]
        search_outputs = [hits_html, hits_state, hit_pick]
        search_btn.click(h.search, search_inputs, search_outputs, api_name="search", concurrency_id="qa")
        query.submit(h.search, search_inputs, search_outputs, api_name=False, concurrency_id="qa")
        open_btn.click(h.open_hit, [hits_state, hit_pick], [tabs, doc_pick, doc_html, anchor], api_name=False).then(
            None, [anchor], None, js=SCROLL_JS)
        doc_pick.input(lambda d: h.show_document(d)[0], [doc_pick], [doc_html], api_name="document")
        library.select(h.open_row, None, [doc_pick, doc_html, anchor], api_name=False)
        upload_btn.click(h.upload, [files], [ingest_html], api_name="upload", concurrency_id="ingest",
                         concurrency_limit=1).then(h.refresh_library, None,
                                                   [library, doc_pick, d_docs, *filter_outs], api_name=False)
        reindex_btn.click(h.reindex, [rebuild], [ingest_html], api_name="reindex", concurrency_id="ingest",
                          concurrency_limit=1).then(h.refresh_library, None,
                                                    [library, doc_pick, d_docs, *filter_outs], api_name=False)
        draft_btn.click(h.draft, [topic, d_docs, length, form], [draft_view, draft_files], api_name="draft",
                        concurrency_id="qa")
    demo.queue(default_concurrency_limit=qa.settings.ui.concurrency_limit)
    return demo


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
