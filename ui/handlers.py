"""What every tab of the web app shares: the context its handlers close over, the first-run
ingestion's progress, and the helpers that read the forms.

:class:`AppContext` holds the one ``qa.facade.PolicyQA``, the access policy and the catalogue
the library lists (rebuilt only when the documents change). Admin rights are checked here, on
the server, not only hidden in the page. The tabs are laid out and wired in ``ui.tab_*``;
:class:`BackgroundIngest`, :func:`history_pairs` and :func:`make_filters` are re-exported by
:mod:`ui.app`.
"""

from __future__ import annotations

import gc
import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import gradio as gr

from qa.facade import PolicyQA
from qa.types import Filters
from ui import render
from ui.auth import Access
from ui.catalogue import Catalogue
from ui.render_admin import progress_line
from ui.render_library import doc_choice


logger = logging.getLogger(__name__)

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
        self.last = progress_line(p)
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
            raise gr.Error(f"Năm/ngày không hợp lệ: {value} (nhập năm như 2004, hoặc ngày như 2004-11-15)")
        dates.append(value or None)
    f = Filters(doc=list(docs or []), doc_type=doc_type or None, issuer=issuer or None,
                date_from=dates[0], date_to=dates[1])
    return None if f.is_empty() else f




def warm_up_app(qa: PolicyQA) -> None:
    """What the app does once, when its first page opens (:meth:`AppContext.warm_up` runs it in
    the background): prepare the answer path (:meth:`qa.facade.PolicyQA.warm_up`), then, with
    ``ui.gc_freeze``, move every object it holds — the models, the index's client, the prepared
    documents, the app itself — out of the collector's full passes (:func:`gc.freeze`). A full
    pass stops every thread; over that heap it took 0.25–0.45 s (1 s at load 7) in the first
    round of ten users, which grows the caches that trigger it. No collection first: it found
    31 unreachable objects there, and would stop a question asked meanwhile for 0.15–0.25 s."""
    qa.warm_up()
    if qa.settings.ui.gc_freeze:
        gc.freeze()


@dataclass
class AppContext:
    """What the handlers of one app close over."""

    qa: PolicyQA
    access: Access
    background: BackgroundIngest | None
    uploads_dir: Path
    reindex_paths: list[Path]
    max_mb: float
    _cached: tuple = field(default=(None, None), repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _warming: threading.Thread | None = field(default=None, repr=False)

    def warm_up(self) -> threading.Thread:
        """Once, when the first page opens: prepare the answer path in the background
        (:meth:`qa.facade.PolicyQA.warm_up`) while its reader types the first question.

        :returns: the thread doing it (the same one on every later call)."""
        with self._lock:
            if self._warming is None:
                self._warming = threading.Thread(target=self._warm, name="policyqa-warm-up", daemon=True)
                self._warming.start()
            return self._warming

    def _warm(self) -> None:
        try:
            warm_up_app(self.qa)
        except Exception:  # noqa: BLE001 - a failed warm-up only means the first question does the work
            logger.exception("chuẩn bị trả lời câu hỏi đầu tiên không thành công")

    def catalogue(self) -> Catalogue:
        """The library's catalogue, rebuilt only when some document changed."""
        infos = self.qa.documents()
        signature = hash(tuple((d.doc_id, d.status, d.title, d.doc_number, d.doc_type, d.issuer, d.issued_date,
                                d.summary, tuple(d.cites), tuple(d.amended_by)) for d in infos))
        with self._lock:
            if self._cached[0] != signature:
                self._cached = (signature, Catalogue(infos))
            return self._cached[1]

    @staticmethod
    def username(request: gr.Request | None) -> str | None:
        return getattr(request, "username", None) if request is not None else None

    def role(self, request: gr.Request | None) -> str:
        return self.access.role(self.username(request))

    def require_admin(self, request: gr.Request | None) -> None:
        """:raises gr.Error: not an administrator, or the first-run ingestion is still running."""
        if not self.access.is_admin(self.username(request)):
            raise gr.Error(ADMIN_ONLY)
        if self.background is not None and self.background.running:
            raise gr.Error("Hệ thống đang nạp văn bản lần đầu; hãy chờ xong rồi thử lại.")

    def doc_choices(self) -> list[tuple[str, str]]:
        """The loaded documents, as a selector offers them."""
        return [(doc_choice(e.info), e.info.doc_id) for e in self.catalogue().entries if e.loaded]
