"""The one facade the CLI and the web app call: ingest, documents, search, ask, draft.

It returns the project's own dataclasses (``index.types``, ``qa.types``), never Haystack or
Qdrant objects, and it is thread-safe: the web app shares one instance between users and
runs ingestion in a background thread while questions are answered.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from common.config import Settings, load_settings
from common.errors import IndexStoreError
from index.types import DocumentInfo, IngestPlan, IngestProgress, IngestReport
from qa.types import Answer, Draft, Filters, SearchResult


class _InFlight:
    """Requests being answered, counted, so that background work can wait for a moment with none."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._count = 0

    def __enter__(self) -> None:
        with self._cond:
            self._count += 1

    def __exit__(self, *exc) -> None:
        with self._cond:
            self._count -= 1
            if not self._count:
                self._cond.notify_all()

    def wait_idle(self) -> None:
        with self._cond:
            self._cond.wait_for(lambda: not self._count)


class PolicyQA:
    """Open lazily: nothing heavy happens until the first call that needs it."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or load_settings()
        self._lock = threading.RLock()
        self._library = None
        self._engine = None
        self._background: threading.Thread | None = None
        self._answering = _InFlight()  # the warm-up's preparation gives way to these

    # --- index -------------------------------------------------------------------------------
    @property
    def library(self):
        with self._lock:
            if self._library is None:
                from index.service import Library

                self._library = Library(self.settings)
            return self._library

    def ingest(
        self,
        paths: list[Path] | None = None,
        *,
        rebuild: bool = False,
        on_progress: Callable[[IngestProgress], None] | None = None,
    ) -> IngestReport:
        """Bring the index in step with ``paths`` (default: the corpus folder)."""
        report = self.library.ingest(paths or [self.settings.corpus_dir], rebuild=rebuild, on_progress=on_progress)
        self._invalidate()
        if report.added or report.updated or report.removed:
            self.engine.models.ensure()  # retrain restoration/term statistics on the new corpus
        return report

    def plan_ingest(self, paths: list[Path] | None = None, *, rebuild: bool = False) -> IngestPlan:
        """What :meth:`ingest` would do — files to (re)process, estimated time — without doing it."""
        return self.library.plan(paths or [self.settings.corpus_dir], rebuild=rebuild)

    def ingest_in_background(
        self,
        paths: list[Path] | None = None,
        on_progress: Callable[[IngestProgress], None] | None = None,
        on_done: Callable[[IngestReport | Exception], None] | None = None,
    ) -> threading.Thread:
        """Start :meth:`ingest` in a thread (questions are answered meanwhile from what is indexed).

        :param on_done: receives the report, or the exception that stopped the ingestion.
        """

        def work() -> None:
            try:
                report = self.ingest(paths, on_progress=on_progress)
            except Exception as exc:  # reported to the caller (the app shows it), then re-raised
                if on_done:
                    on_done(exc)
                raise
            if on_done:
                on_done(report)

        thread = threading.Thread(target=work, daemon=True, name="policyqa-ingest")
        thread.start()
        self._background = thread
        return thread

    def documents(self) -> list[DocumentInfo]:
        return self.library.catalogue.documents()

    def document(self, doc_id: str):
        """A document's metadata, clean text and sections (``index.catalogue.DocumentView``), or None."""
        return self.library.catalogue.document(doc_id)

    # --- questions ---------------------------------------------------------------------------
    @property
    def engine(self):
        with self._lock:
            if self._engine is None:
                from qa.service import QAEngine

                self._engine = QAEngine(self.settings, self.library)
            return self._engine

    def _invalidate(self) -> None:
        if self._engine is not None:
            self._engine.refresh()

    def search(self, query: str, *, k: int | None = None, filters: Filters | None = None) -> SearchResult:
        with self._answering:
            return self.engine.search(query, k=k, filters=filters)

    def ask(
        self, question: str, *, filters: Filters | None = None, history: list[tuple[str, str]] | None = None
    ) -> Answer:
        """Answer with citations, or abstain. ``history``: previous (question, answer) turns."""
        with self._answering:
            return self.engine.ask(question, filters=filters, history=history)

    def draft(
        self,
        topic: str,
        *,
        docs: list[str] | None = None,
        length: str = "medium",
        form: str = "",
    ) -> Draft:
        """A draft whose every factual sentence is a quotation or carries [n]; in the form the topic
        names unless ``form`` chooses one (:func:`qa.draft.forms.form_of`; "" or "theo yêu cầu": the topic's).
        qa.draft is not imported here: an ingest that embeds nothing imports no model library (tested)."""
        with self._answering:
            return self.engine.draft(topic, docs=docs, length=length, form=form)

    def warm_up(self) -> None:
        """Prepare the answer path — the query pipeline (Haystack, the store's client), the store,
        the corpus models, the question encoder — with one search, so that the first question
        does not pay for it (≈ 6 s on the full corpus after the app's first page, load 5); then
        each document's chunk layout and folded text, for ``qa.warm_up_chunks`` chunks' worth of
        documents (:meth:`qa.service.QAEngine.prepare_documents`), which the first questions paid
        for document by document; it gives way to the questions being answered (each document
        waits for a moment with none), so that one asked meanwhile does not wait for it. Nothing
        indexed yet, or an index built by another embedder: nothing to prepare."""
        if not self.library.state.files():
            return
        try:
            self.engine.search("văn bản", k=1)
        except IndexStoreError:
            return  # the index needs a rebuild: the question itself will say so
        self.engine.prepare_documents(self.settings.qa.warm_up_chunks, pause=self._answering.wait_idle)

    def close(self) -> None:
        with self._lock:
            if self._library is not None:
                self._library.close()
                self._library = None
            self._engine = None
