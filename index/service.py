"""The index stage's facade: keep the store in step with folders of documents.

Adds new files, re-indexes changed ones, removes those gone from a given folder and skips
unchanged ones (by content hash). Order of writes and the pending-ids protocol of
:mod:`index.state` make a killed run safe to rerun; a failed file never removes what is
already indexed. A changed configuration (embedder, splitter, normalization) is refused
unless ``rebuild`` is asked for, because mixing vectors of two configurations would
silently corrupt rankings.
"""

from __future__ import annotations

import hashlib
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from common.config import Settings
from common.errors import IndexStoreError, IngestError, PolicyQAError
from common.vietnamese.normalize import NORMALIZATION_VERSION
from common.vietnamese.numbers import number_key
from index.catalogue import Catalogue
from index.links import find_duplicates
from index.plan import plan_ingest, record_speed
from index.state import IndexState, WriterLock
from index.types import IngestPlan, IngestProgress, IngestReport
from index.versions import ReadWriteLock
from ingest.convert import file_hash
from ingest.service import collect_files

# Bump when conversion, metadata or splitting output changes (2: annexes "(Kèm theo …)"; 3: PDF pages
# without a usable text layer and image files are read by OCR, chunks of paged files carry their pages;
# 4: every document has a loại — forms, tables, lists, reports, speeches, articles too — with a title from its
# heading; annexes take the date and issuer of their decision; issuers are organisations, abbreviations spelled
# out; a document without a number is cited by its kind and title, which changes chunk context and labels;
# 5: tables flattened one cell per line are rebuilt as tab-separated rows under their column headers —
# ingest/celltables.py, 6 corpus documents; every other file converts the same, its vectors from the cache;
# 6: a transcript's page numbers inside running text are dropped — normalize.drop_page_numbers, 30 lines
# of 4 corpus documents, whose quotes began "16 báo bằng văn bản …"; 7: a flattened table's row with one
# wrapped cell that no continuation rule joins is joined where its cells then match their columns —
# ingest/celltables.py, the industrial-park table of 2005-1DCA4_3b; 8: an annex whose caption types "kèm"
# in a wrong font ("Ban hành kốm theo Quyết định số 141/2006/QĐ-UBND …") is its decision's annex, with the
# decision's date and issuer from a whole citation further on — ingest/amendments.py, one corpus document;
# 9: a regulation issued with the decree above it, with no signature between them, is numbered apart
# — its Điều 1 after the decree's Điều 4 — ingest/sections.py, one corpus document).
CONVERTER_VERSION = "9"


class Library:
    """The incremental writer: owns the store, the state file and the text archive under
    ``settings.home``, and hands out what it holds for reading as :attr:`catalogue`
    (:class:`index.catalogue.Catalogue`)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.home = Path(settings.home)
        self._lock = threading.RLock()
        self._store = None
        self._state: IndexState | None = None
        self._pipeline = None  # index pipeline (index/pipeline.py), built on first write
        self._converter = None  # ingest pipeline (ingest/pipeline.py), built on first file
        self.generation = 0  # bumped after every change, so readers can refresh caches
        self.busy = False  # an ingestion is running in this process
        self._versions = ReadWriteLock()  # a file's new version replaces the old one at once (index.versions)
        self.catalogue = Catalogue(self.home, lambda: self.state)  # the documents and their texts, for reading

    # --- opening -----------------------------------------------------------------------------
    @property
    def state(self) -> IndexState:
        with self._lock:
            if self._state is None:
                self._state = IndexState.open(self.home)
            return self._state

    @property
    def store(self):
        store = self._store
        if store is not None:  # no lock once open: a question must not wait behind a write or optimize() that holds it
            return store
        with self._lock:
            if self._store is None:
                from index.encoders import embedding_dim
                from index.store import open_store

                s = self.settings.index
                dim = embedding_dim(s.embedder, s.model, s.query_prefix, s.passage_prefix, models_dir=s.models_dir)
                self._store = open_store(self.home, s.qdrant_url, s.qdrant_api_key, s.collection, dim,
                                         shards=s.qdrant_shards, replication=s.qdrant_replication)
                # A run killed while writing left chunks that no file owns yet: never shown.
                self._store.hide(i for f in self.state.files() for i in set(f.pending_ids) - set(f.chunk_ids))
            return self._store

    def reading(self):
        """Hold while a question's retrieval reads the store: no file's version changes meanwhile."""
        return self._versions.reading()

    def config_hash(self, converter: str | None = None) -> str:
        """Everything that changes what is stored: a different value needs a rebuild.

        :param converter: the converter version to hash (the current one by default)."""
        from index.encoders import fingerprint
        from index.sparse_terms import sparse_fingerprint

        s, i = self.settings.index, self.settings.ingest
        parts = [
            fingerprint(s.embedder, s.model, s.query_prefix, s.passage_prefix, models_dir=s.models_dir),
            sparse_fingerprint(),  # the passage encoding's name (VietSparseDocumentEmbedder's defaults)
            f"norm={NORMALIZATION_VERSION}",
            f"conv={converter or CONVERTER_VERSION}",
            f"chunk={i.chunk_max_tokens}/{i.chunk_min_chars}",
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]

    def close(self) -> None:
        """Close the store and the state, and stop the embedding child if one runs."""
        with self._lock:
            if self._pipeline is not None:
                self._pipeline.get_component("dense").close()
            if self._store is not None and hasattr(self._store, "close"):
                self._store.close()
            if self._state is not None:
                self._state.close()
            self._store = self._state = self._pipeline = None
            self.catalogue.forget()

    # --- ingestion ---------------------------------------------------------------------------
    def _check_config(self, rebuild: bool) -> None:
        current = self.config_hash()
        stored = self.state.get_setting("config_hash")
        if rebuild:
            with self._lock:
                ids = [cid for f in self.state.files() for cid in f.chunk_ids + f.pending_ids]
                if ids:
                    self.store.delete_ids(ids)
                self.state.clear()
        elif stored is not None and stored != current and self.state.files() and self._converter_only_change(stored):
            # A newer converter (this program was upgraded; the user changed nothing): every file is
            # converted again (the report lists it as added), its chunks' vectors come from the
            # embedding cache when their text did not change.
            self._check_config(rebuild=True)
            return
        elif stored is not None and stored != current and self.state.files():
            raise IndexStoreError(
                "cấu hình chỉ mục đã thay đổi (mô hình nhúng, cách chia đoạn hoặc chuẩn hóa); "
                "chạy lại với --rebuild để lập chỉ mục lại toàn bộ"
            )
        self.state.set_setting("config_hash", current)
        self.state.set_setting("embedder", self.embedder_fingerprint())

    def embedder_fingerprint(self) -> str:
        """The configured dense embedder's fingerprint (:func:`index.encoders.fingerprint`)."""
        from index.encoders import fingerprint

        s = self.settings.index
        return fingerprint(s.embedder, s.model, s.query_prefix, s.passage_prefix, models_dir=s.models_dir)

    def embedder_mismatch(self) -> str | None:
        """Why the index cannot be searched with the configured embedder, or None when it can.

        Query vectors from one embedder against passage vectors of another would rank quietly
        worse, so a question is refused instead until the index is rebuilt. Homes indexed before
        the embedder was recorded are judged by their config hash (a converter upgrade alone is fine).
        """
        if not self.state.files():
            return None
        stored = self.state.get_setting("embedder")
        if stored is not None:
            same = stored == self.embedder_fingerprint()
        else:
            config = self.state.get_setting("config_hash")
            same = config is None or config == self.config_hash() or self._converter_only_change(config)
        if same:
            return None
        return ("chỉ mục được lập bằng mô hình nhúng khác với cấu hình hiện tại; "
                "chạy policyqa ingest --rebuild để lập chỉ mục lại")

    def _converter_only_change(self, stored: str) -> bool:
        """The stored hash is this configuration with an older converter version. Every older
        version is tried: homes written before the version was stored carry only the hash."""
        return any(self.config_hash(str(v)) == stored for v in range(1, int(CONVERTER_VERSION)))

    def ingest(
        self,
        paths: list[Path],
        *,
        rebuild: bool = False,
        on_progress: Callable[[IngestProgress], None] | None = None,
    ) -> IngestReport:
        """Bring the index in step with ``paths`` (files or folders).

        :raises IndexStoreError: another process is writing, or the config changed without ``rebuild``.
        :raises IngestError: a named path does not exist (nothing is changed then).
        """
        started = time.perf_counter()
        report = IngestReport()
        notify = on_progress or (lambda _p: None)
        with WriterLock(self.home), self._busy():
            before = {f.path: f.content_hash for f in self.state.files()}  # a rebuild clears the state
            self._check_config(rebuild)
            sources = list(collect_files([Path(p) for p in paths]))
            # One read of the state for the whole run, not one query per file: an unchanged
            # file costs its hash and a dict lookup (issue 12: re-ingest at 100k chunks).
            indexed = {f.path: f for f in self.state.files()}
            seen: set[str] = set()
            total = len(sources)
            work = {"fresh": [0, 0.0], "cached": [0, 0.0]}  # chunks, seconds: the speeds a plan uses
            for done, source in enumerate(sources):
                key = str(source.path.resolve())
                seen.add(key)
                began = time.perf_counter()
                try:
                    outcome = self._ingest_one(source, key, indexed.get(key), notify, done, total, report.warnings)
                except IngestError as exc:
                    report.failed.append({"path": str(source.path), "error": exc.reason})
                    notify(IngestProgress("failed", str(source.path), done + 1, total, exc.reason))
                    continue
                if outcome != "unchanged":
                    state = indexed[key] = self.state.get(key)
                    kind = "cached" if before.get(key) == state.content_hash else "fresh"
                    work[kind][0] += len(state.chunk_ids)
                    work[kind][1] += time.perf_counter() - began
                getattr(report, outcome).append(str(source.path))
                notify(IngestProgress("done" if outcome != "unchanged" else "skip", str(source.path), done + 1, total))
            for given in paths:
                report.removed.extend(self._remove_missing(Path(given), seen))
            # Every file of a folder shares its manifest: its known documents are written once,
            # and only those that changed (was: every known document once per file).
            manifests = {id(s.manifest): s.manifest for s in sources}.values()
            self.state.update_known({number_key(k.doc_number): k.__dict__ for m in manifests for k in m.known})
            for kind, (chunks, seconds) in work.items():
                record_speed(self.state, kind, chunks, seconds)
            changed = report.added or report.updated or report.removed
            if changed:
                self.generation += 1
                with self._lock:
                    self.store.optimize()
        files = self.state.files()
        report.documents = len(files)
        report.chunks = sum(len(f.chunk_ids) for f in files)
        report.duplicates = find_duplicates(files)
        report.seconds = round(time.perf_counter() - started, 3)
        return report

    def plan(self, paths: list[Path], *, rebuild: bool = False) -> IngestPlan:
        """What :meth:`ingest` would do with ``paths``, and roughly how long it would take.

        :raises IngestError: a named path does not exist.
        """
        stored = self.state.get_setting("config_hash")
        changed = stored is not None and stored != self.config_hash() and bool(self.state.files())
        converter = changed and self._converter_only_change(stored)
        reason = "rebuild" if rebuild else "converter" if converter else "config" if changed else None
        return plan_ingest(self.state, paths, reason, cached=not changed or converter)

    @contextmanager
    def _busy(self):
        self.busy = True
        try:
            yield
        finally:
            self.busy = False

    def _ingest_one(self, source, key: str, previous, notify, done: int, total: int, warnings: list[dict]) -> str:
        """One file through the two pipelines: ingest (convert → chunk), then index (sparse →
        dense → write), with the state recording what is being written (``begin_file``) and
        what was written (``finish_file``) so that an interrupted run is cleaned up next time.
        ``previous``: the file's state row (None when it is new). What conversion warns about (a
        page of a scan nothing could be read from) goes to ``warnings``."""
        content_hash = file_hash(source.path)
        if previous and previous.content_hash == content_hash and not previous.pending_ids:
            return "unchanged"
        notify(IngestProgress("convert", str(source.path), done, total))
        if self._converter is None:
            # The pipelines (Haystack, and torch, which Haystack imports when it is installed)
            # are imported with the first file to convert: an unchanged re-ingest needs neither.
            from ingest.pipeline import build_ingest_pipeline

            self._converter = build_ingest_pipeline(self.settings)

        def on_page(read: int, to_read: int) -> None:
            notify(IngestProgress("ocr", str(source.path), done, total, f"trang {read}/{to_read}"))

        out = self._converter.run({"converter": {"sources": [source], "on_page": on_page}},
                                  include_outputs_from={"converter"})
        if out["converter"]["failures"]:
            raise out["converter"]["failures"][0]
        doc, documents = out["converter"]["converted"][0], out["chunker"]["documents"]
        warnings.extend({"path": str(source.path), "warning": w} for w in doc.warnings)
        new_ids = [d.id for d in documents]
        unseen = set(new_ids) - set(previous.chunk_ids if previous else [])
        self.state.begin_file(key, doc.meta.source_path, doc.meta.doc_id, new_ids)
        self.store.hide(unseen)  # readers keep the old version until the commit below
        notify(IngestProgress("embed", str(source.path), done, total, f"{len(documents)} đoạn"))
        if self._pipeline is None:
            from index.pipeline import build_index_pipeline

            self._pipeline = build_index_pipeline(self.settings, _LockedStore(self.store, self._lock))
        try:
            self._pipeline.run({"sparse": {"documents": documents}})
        except Exception as exc:
            # Haystack wraps a component's error in its own; the domain error (the embedding child
            # died, the model is missing) is what the admin must read. This file stays pending.
            if isinstance(exc.__cause__, PolicyQAError):
                raise exc.__cause__  # noqa: B904 - its own cause (OSError …) is kept
            raise
        self.catalogue.save_text(doc)
        with self._versions.writing(), self._lock:
            stale = self.state.finish_file(key, content_hash, new_ids, doc.meta.to_dict())
            self.store.reveal(unseen)
            if stale:
                self.store.delete_ids(stale)
        self.generation += 1
        return "updated" if previous and previous.content_hash else "added"

    def _remove_missing(self, given: Path, seen: set[str]) -> list[str]:
        """Files indexed from folder ``given`` that are no longer there."""
        if not given.is_dir():
            return []
        prefix = str(given.resolve()) + "/"
        removed = []
        for f in self.state.files():
            if f.path.startswith(prefix) and f.path not in seen and not Path(f.path).exists():
                with self._lock:
                    ids = self.state.remove_file(f.path)
                    if ids:
                        self.store.delete_ids(ids)
                self.catalogue.remove_text(f.doc_id)
                removed.append(f.path)
        return removed

class _LockedStore:
    """Serializes writes with the library's lock so queries from other threads see whole files."""

    def __init__(self, store, lock):
        self._store, self._lock = store, lock

    def write(self, documents):
        with self._lock:
            return self._store.write(documents)
