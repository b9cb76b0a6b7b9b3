"""The web app (Gradio 6): Hỏi đáp, Tra cứu, Văn bản, Soạn bài — all text in Vietnamese.

The app only presents: every answer, search, document and draft comes from the one facade
``qa.facade.PolicyQA``; HTML is built by ``ui.render`` (which escapes everything taken from
documents). Access: with a users file people log in and only the role "quản trị" may upload
or re-index — checked in the handlers on the server, not only hidden in the page. Without a
users file there is no login and the single local user is an administrator, so ``serve``
then refuses any address other than 127.0.0.1/localhost unless ``allow_remote`` is given.
"""

from __future__ import annotations

import re
import tempfile
import threading
from pathlib import Path

import gradio as gr

from common.errors import ConfigError, PolicyQAError
from qa.facade import PolicyQA
from qa.types import Filters
from ui import render
from ui.auth import Access
from ui.uploads import ALLOWED_EXTENSIONS, save_uploads

STATIC = Path(__file__).resolve().parent / "static"
LENGTHS = {"ngắn": "short", "vừa": "medium", "dài": "long"}
FORMS = ["bài viết", "tin", "bài phát biểu", "báo cáo tóm tắt"]
ADMIN_ONLY = "Chỉ người có vai trò «quản trị» mới được tải lên hoặc cập nhật chỉ mục."
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
HISTORY_TURNS = 3

SCROLL_JS = """(anchor) => { if (!anchor) return; setTimeout(() => {
  const el = document.getElementById(anchor); if (el) { el.scrollIntoView({block: 'start'});
  el.classList.add('flash'); } }, 400); }"""


class BackgroundIngest:
    """Progress of the first-run ingestion (``PolicyQA.ingest_in_background``), shown in the page."""

    def __init__(self):
        self.last = ""
        self.failed: list[str] = []
        self.version = 0  # bumps when a file is finished: the library table then refreshes
        self.done = self.total = 0
        self.thread: threading.Thread | None = None

    def on_progress(self, p) -> None:
        self.last = render.progress_line(p)
        self.done, self.total = p.done_files, p.total_files
        if p.stage in ("done", "failed", "skip"):
            self.version += 1
        if p.stage == "failed":
            self.failed.append(f"{Path(p.path).name}: {p.message}")

    def start(self, qa: PolicyQA, paths: list[Path]) -> threading.Thread:
        self.thread = qa.ingest_in_background(list(paths), on_progress=self.on_progress)
        return self.thread

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def status(self) -> str:
        if self.running:
            return f"**Đang nạp văn bản** (câu hỏi vẫn được trả lời từ phần đã nạp) — {self.last or 'đang chuẩn bị…'}"
        if self.thread is None:
            return ""
        if self.done < self.total:  # the thread ended early: the facade logged the exception
            return f"Nạp văn bản dừng ở tệp {self.done}/{self.total}; xem nhật ký máy chủ."
        failed = f" {len(self.failed)} tệp lỗi: " + "; ".join(self.failed[:5]) if self.failed else ""
        return f"Đã nạp xong.{failed}"


# --- helpers ------------------------------------------------------------------------------


def _flatten(content) -> str:
    """Gradio 6 gives message content as a list of blocks: join their text."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return content.get("text") or ""
    if isinstance(content, (list, tuple)):
        return "".join(_flatten(c) for c in content)
    return str(getattr(content, "text", "") or "")


def history_pairs(history: list | None) -> list[tuple[str, str]]:
    """(question, answer) turns from the chat's messages, the latest few."""
    pairs, question = [], None
    for msg in history or []:
        role = msg.get("role") if isinstance(msg, dict) else getattr(msg, "role", None)
        text = _flatten(msg.get("content") if isinstance(msg, dict) else getattr(msg, "content", ""))
        if role == "user":
            question = text
        elif role == "assistant" and question is not None:
            pairs.append((question, render.plain_answer(text)))
            question = None
    return pairs[-HISTORY_TURNS:]


_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def make_filters(docs, doc_type, issuer, date_from, date_to) -> Filters | None:
    """Filters from the form; None when nothing is chosen. Dates: YYYY or YYYY-MM-DD."""
    dates = []
    for value in (date_from, date_to):
        value = str(value or "").strip()
        if value.endswith(".0"):  # a gr.Number sends 2004.0
            value = value[:-2]
        if value and not _DATE_RE.match(value):
            raise gr.Error(f"Năm/ngày không hợp lệ: {value} (nhập YYYY hoặc YYYY-MM-DD)")
        dates.append(value or None)
    f = Filters(doc=list(docs or []), doc_type=doc_type or None, issuer=issuer or None,
                date_from=dates[0], date_to=dates[1])
    return None if f.is_empty() else f


def _filter_controls():
    with gr.Accordion("Bộ lọc", open=False):
        with gr.Row():
            docs = gr.Dropdown(label="Văn bản", multiselect=True, choices=[], value=[], allow_custom_value=True, scale=3)
            dtype = gr.Dropdown(label="Loại văn bản", choices=[], value="", allow_custom_value=True, scale=1)
            issuer = gr.Dropdown(label="Cơ quan ban hành", choices=[], value="", allow_custom_value=True, scale=2)
            dfrom = gr.Textbox(label="Năm từ", value="", placeholder="2004", scale=1)
            dto = gr.Textbox(label="Năm đến", value="", placeholder="2016", scale=1)
    return docs, dtype, issuer, dfrom, dto


def _filter_choices(infos):
    docs = [(render.doc_choice(d), d.doc_id) for d in infos if d.status != "metadata-only"]
    types = sorted({d.doc_type for d in infos if d.doc_type})
    issuers = sorted({d.issuer for d in infos if d.issuer})
    return docs, types, issuers


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

    def username(request: gr.Request | None) -> str | None:
        return getattr(request, "username", None) if request is not None else None

    def require_admin(request: gr.Request | None) -> None:
        if not access.is_admin(username(request)):
            raise gr.Error(ADMIN_ONLY)
        if background is not None and background.running:
            raise gr.Error("Hệ thống đang nạp văn bản lần đầu; hãy chờ xong rồi thử lại.")

    def run_ingest(paths, rebuild, progress):
        def on_progress(p):
            progress((p.done_files, max(p.total_files, 1)), desc=render.progress_line(p))

        try:
            return qa.ingest(paths, rebuild=rebuild, on_progress=on_progress)
        except PolicyQAError as exc:  # locked index, changed config, missing path: say why
            raise gr.Error(str(exc)) from exc

    # --- handlers ---
    def on_load(request: gr.Request):
        infos = qa.documents()
        docs, types, issuers = _filter_choices(infos)
        role = access.role(username(request))
        who = (f"Đăng nhập: **{render.esc(username(request))}** — vai trò: {role} · [Đăng xuất](/logout)"
               if access.login_required else "Chế độ một người dùng trên máy này (quản trị).")
        dd = [gr.update(choices=docs), gr.update(choices=types), gr.update(choices=issuers)]
        all_docs = [(render.doc_choice(d), d.doc_id) for d in infos]
        return [who, gr.update(visible=role == "quản trị"), gr.update(visible=role != "quản trị"), *dd, *dd,
                render.library_rows(infos), gr.update(choices=all_docs), gr.update(choices=docs)]

    def ask(question, history, docs, doc_type, issuer, date_from, date_to):
        question = (question or "").strip()
        history = list(history or [])
        if not question:
            raise gr.Error("Hãy nhập câu hỏi.")
        answer = qa.ask(question, filters=make_filters(docs, doc_type, issuer, date_from, date_to),
                        history=history_pairs(history) or None)
        turn = sum(1 for m in history if (m.get("role") if isinstance(m, dict) else m.role) == "user") + 1
        history += [{"role": "user", "content": question},
                    {"role": "assistant", "content": render.answer_markdown(answer, turn)}]
        return history, render.sources_html(answer, turn), ""

    def search(query, k, docs, doc_type, issuer, date_from, date_to):
        query = (query or "").strip()
        if not query:
            raise gr.Error("Hãy nhập từ khóa.")
        result = qa.search(query, k=int(k or 10), filters=make_filters(docs, doc_type, issuer, date_from, date_to))
        hits = [{"doc_id": h.doc_id, "text": h.text, "section": h.section} for h in result.hits]
        choices = [(render.hit_choice(h), i) for i, h in enumerate(result.hits)]
        return (render.search_html(result), hits,
                gr.update(choices=choices, value=0 if choices else None, interactive=bool(choices)))

    def show_document(doc_id, section_index=None):
        if not doc_id:
            return "", ""
        infos = qa.documents()
        info = next((d for d in infos if d.doc_id == doc_id), None)
        if info is None:
            return '<p class="not-found">Không tìm thấy văn bản này trong thư viện.</p>', ""
        view = qa.document(doc_id) if info.status != "metadata-only" else None
        anchor = render.section_anchor(section_index) if section_index is not None else ""
        return render.document_html(info, view, infos), anchor

    def open_hit(hits, index):
        if not hits or index is None or int(index) >= len(hits):
            raise gr.Error("Hãy tra cứu và chọn một kết quả trước.")
        hit = hits[int(index)]
        view = qa.document(hit["doc_id"])
        section = render.find_section(view, hit["text"], hit["section"]) if view is not None else None
        page, anchor = show_document(hit["doc_id"], section)
        return gr.Tabs(selected="van-ban"), gr.update(value=hit["doc_id"]), page, anchor

    def open_row(evt: gr.SelectData):
        infos = qa.documents()
        row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        if row is None or row >= len(infos):
            return gr.update(), "", ""
        doc_id = infos[row].doc_id
        return gr.update(value=doc_id), *show_document(doc_id)

    def refresh_library():
        infos = qa.documents()
        docs, types, issuers = _filter_choices(infos)
        dd = [gr.update(choices=docs), gr.update(choices=types), gr.update(choices=issuers)]
        return [render.library_rows(infos), gr.update(choices=[(render.doc_choice(d), d.doc_id) for d in infos]),
                gr.update(choices=docs), *dd, *dd]

    def upload(files, request: gr.Request, progress=gr.Progress()):
        require_admin(request)
        if not files:
            raise gr.Error("Hãy chọn hoặc kéo thả ít nhất một tệp.")
        pairs = [(Path(f), Path(f).name) for f in (files if isinstance(files, list) else [files])]
        stored = save_uploads(pairs, uploads_dir, max_mb)
        if not stored.saved:
            return render.ingest_report_html(None, stored.rejected)
        progress(0, desc="Bắt đầu nạp…")
        report = run_ingest(stored.saved, False, progress)
        return render.ingest_report_html(report, stored.rejected)

    def reindex(rebuild, request: gr.Request, progress=gr.Progress()):
        require_admin(request)
        paths = list(reindex_paths) + ([uploads_dir] if uploads_dir.is_dir() else [])
        progress(0, desc="Bắt đầu cập nhật chỉ mục…")
        report = run_ingest(paths, bool(rebuild), progress)
        return render.ingest_report_html(report)

    def draft(topic, docs, length, form):
        topic = (topic or "").strip()
        if not topic:
            raise gr.Error("Hãy nhập chủ đề bài viết.")
        result = qa.draft(topic, docs=list(docs or []) or None, length=LENGTHS.get(length, "medium"),
                          form=form or "bài viết")
        from qa.export import draft_to_docx, draft_to_markdown

        out = Path(tempfile.mkdtemp(prefix="policyqa-ban-thao-"))
        docx_path, md_path = out / "ban-thao.docx", out / "ban-thao.md"
        draft_to_docx(result, docx_path)
        md_path.write_text(draft_to_markdown(result), encoding="utf-8")
        files = [str(docx_path), str(md_path)]
        return render.draft_html(result), files or None

    def tick(seen_version):
        status = background.status() if background else ""
        running = bool(background and background.running)
        version = background.version if background else 0
        lib = refresh_library() if version != seen_version or not running else [gr.update()] * 9
        return [gr.update(value=status, visible=bool(status)), gr.Timer(active=running), version, *lib]

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
                    form = gr.Dropdown(FORMS, value="bài viết", label="Thể loại", allow_custom_value=True)
                    draft_btn = gr.Button("Soạn bản thảo", variant="primary", elem_id="draft-btn")
                draft_view = gr.HTML(elem_id="draft")
                draft_files = gr.File(label="Tải về (.docx, .md)", file_count="multiple", interactive=False)

        # --- wiring ---
        filter_outs = [*a_filters[:3], *s_filters[:3]]
        demo.load(on_load, None, [who, admin_box, viewer_note, *filter_outs, library, doc_pick, d_docs], api_name=False)
        seen = gr.State(-1)
        timer.tick(tick, [seen], [status, timer, seen, library, doc_pick, d_docs, *filter_outs],
                   show_progress="hidden", api_name=False)
        ask_inputs = [question, chat, *a_filters]
        ask_outputs = [chat, sources, question]
        ask_btn.click(ask, ask_inputs, ask_outputs, api_name="ask", concurrency_id="qa")
        question.submit(ask, ask_inputs, ask_outputs, api_name=False, concurrency_id="qa")
        clear_btn.click(lambda: ([], ""), None, [chat, sources], api_name=False)
        search_inputs = [query, k, *s_filters]
        search_outputs = [hits_html, hits_state, hit_pick]
        search_btn.click(search, search_inputs, search_outputs, api_name="search", concurrency_id="qa")
        query.submit(search, search_inputs, search_outputs, api_name=False, concurrency_id="qa")
        open_btn.click(open_hit, [hits_state, hit_pick], [tabs, doc_pick, doc_html, anchor], api_name=False).then(
            None, [anchor], None, js=SCROLL_JS)
        doc_pick.input(lambda d: show_document(d)[0], [doc_pick], [doc_html], api_name="document")
        library.select(open_row, None, [doc_pick, doc_html, anchor], api_name=False)
        upload_btn.click(upload, [files], [ingest_html], api_name="upload", concurrency_id="ingest",
                         concurrency_limit=1).then(refresh_library, None,
                                                   [library, doc_pick, d_docs, *filter_outs], api_name=False)
        reindex_btn.click(reindex, [rebuild], [ingest_html], api_name="reindex", concurrency_id="ingest",
                          concurrency_limit=1).then(refresh_library, None,
                                                    [library, doc_pick, d_docs, *filter_outs], api_name=False)
        draft_btn.click(draft, [topic, d_docs, length, form], [draft_view, draft_files], api_name="draft",
                        concurrency_id="qa")
    demo.queue(default_concurrency_limit=4)
    return demo


def launch_options() -> dict:
    """What Gradio 6 takes at ``launch()`` rather than in ``Blocks``: theme, css, head."""
    css = (STATIC / "app.css").read_text(encoding="utf-8")
    head = f"<script>\n{(STATIC / 'app.js').read_text(encoding='utf-8')}</script>"
    # The default monospace font lacks precomposed Vietnamese glyphs: use one that has them.
    theme = gr.themes.Soft(font_mono=["DejaVu Sans Mono", "Noto Sans Mono", "ui-monospace", "monospace"])
    return {"theme": theme, "css": css, "head": head}


def serve(
    qa: PolicyQA,
    host: str = "127.0.0.1",
    port: int = 7860,
    users_file: Path | None = None,
    allow_remote: bool = False,
    first_run_paths: list[Path] | None = None,
    *,
    prevent_thread_lock: bool = False,
) -> gr.Blocks:
    """Launch the app.

    :param first_run_paths: start ingesting these in the background; questions are answered
        meanwhile from what is already indexed, and the page shows the progress.
    :param prevent_thread_lock: return once the server runs (tests); ``demo.close()`` stops it.
    :raises ConfigError: a non-local ``host`` without a users file and without ``allow_remote``.
    """
    if users_file is None and host not in LOCAL_HOSTS and not allow_remote:
        raise ConfigError(
            f"Không mở ứng dụng ra địa chỉ {host} khi chưa có tệp người dùng: ai truy cập được cũng sẽ "
            "là quản trị. Hãy dùng --users-file, hoặc --allow-remote nếu chấp nhận điều đó."
        )
    background = None
    if first_run_paths:
        background = BackgroundIngest()
        background.start(qa, list(first_run_paths))
    demo = build_app(qa, users_file=users_file, background=background, reindex_paths=first_run_paths)
    access = Access(users_file)
    demo.launch(
        server_name=host, server_port=port, auth=access.auth_callable(),
        auth_message="Đăng nhập để dùng hệ thống tra cứu văn bản chính sách." if users_file else None,
        max_file_size=f"{qa.settings.ui.max_upload_mb:g}mb", prevent_thread_lock=prevent_thread_lock,
        quiet=True, footer_links=[], **launch_options(),
    )
    return demo
