"""The web app's event handlers: each checks its input, calls the facade and returns what its
outputs show.

They close over one ``qa.facade.PolicyQA``, the access policy and the first-run ingestion,
and are made by :func:`make_handlers` inside :func:`ui.app.build_app`, which keeps the layout
and the wiring. Admin rights are checked here, on the server, not only hidden in the page.
HTML comes from ``ui.render``. :class:`BackgroundIngest`, :func:`history_pairs` and
:func:`make_filters` are re-exported by :mod:`ui.app`.
"""

from __future__ import annotations

import re
import tempfile
import threading
from pathlib import Path
from types import SimpleNamespace

import gradio as gr

from common.errors import PolicyQAError
from qa.facade import PolicyQA
from qa.types import Filters
from ui import render
from ui.auth import Access
from ui.uploads import save_uploads


LENGTHS = {"ngắn": "short", "vừa": "medium", "dài": "long"}
ADMIN_ONLY = "Chỉ người có vai trò «quản trị» mới được tải lên hoặc cập nhật chỉ mục."
HISTORY_TURNS = 3


class BackgroundIngest:
    """Progress of the first-run ingestion (``PolicyQA.ingest_in_background``), shown in the page."""

    def __init__(self, echo=None):
        """:param echo: also print each finished file here (the terminal of ``policyqa start``)."""
        self.echo = echo
        self.last = ""
        self.failed: list[str] = []
        self.version = 0  # bumps when a file is finished: the library table then refreshes
        self.done = self.total = 0
        self.thread: threading.Thread | None = None

    def on_done(self, outcome) -> None:
        if self.echo is None:
            return
        if isinstance(outcome, Exception):
            self.echo(f"Nạp văn bản dừng vì lỗi: {outcome}")
        else:
            self.echo(
                f"Đã nạp xong: {outcome.documents} văn bản, {outcome.chunks} đoạn, {len(outcome.failed)} tệp lỗi "
                f"({outcome.seconds:.0f} giây)."
            )

    def on_progress(self, p) -> None:
        self.last = render.progress_line(p)
        self.done, self.total = p.done_files, p.total_files
        if p.stage in ("done", "failed", "skip"):
            self.version += 1
        if p.stage == "failed":
            self.failed.append(f"{Path(p.path).name}: {p.message}")
        if self.echo and p.stage in ("done", "failed", "skip"):
            self.echo(f"[{p.done_files}/{p.total_files}] {self.last}")

    def start(self, qa: PolicyQA, paths: list[Path]) -> threading.Thread:
        self.thread = qa.ingest_in_background(list(paths), on_progress=self.on_progress, on_done=self.on_done)
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


def _filter_choices(infos):
    docs = [(render.doc_choice(d), d.doc_id) for d in infos if d.status != "metadata-only"]
    types = sorted({d.doc_type for d in infos if d.doc_type})
    issuers = sorted({d.issuer for d in infos if d.issuer})
    return docs, types, issuers


def make_handlers(
    qa: PolicyQA,
    access: Access,
    background: BackgroundIngest | None,
    uploads_dir: Path,
    reindex_paths: list[Path],
    max_mb: float,
) -> SimpleNamespace:
    """The handlers of one app, as attributes: ``on_load``, ``ask``, ``search``, ``show_document``,
    ``open_hit``, ``open_row``, ``refresh_library``, ``upload``, ``reindex``, ``draft``, ``tick``.

    :param background: a running first-run ingestion (upload and re-index wait for it), or None.
    :param uploads_dir: where uploads are stored; re-indexing includes it when it exists.
    :param reindex_paths: what "Cập nhật chỉ mục" re-ingests.
    :param max_mb: the largest upload accepted, per file.
    """

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

    return SimpleNamespace(
        on_load=on_load, ask=ask, search=search, show_document=show_document, open_hit=open_hit,
        open_row=open_row, refresh_library=refresh_library, upload=upload, reindex=reindex, draft=draft,
        tick=tick,
    )
