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
import json
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from common.config import Settings
from common.errors import IndexStoreError, IngestError
from common.types import STATUS_METADATA_ONLY, ConvertedDocument, DocMeta, Section
from common.vietnamese.normalize import NORMALIZATION_VERSION
from common.vietnamese.numbers import number_key
from index.links import find_duplicates, link_amendments
from index.plan import plan_ingest, record_speed
from index.pipeline import build_index_pipeline
from index.state import IndexState, WriterLock
from index.types import DocumentInfo, IngestPlan, IngestProgress, IngestReport
from index.versions import ReadWriteLock
from ingest.convert import file_hash
from ingest.pipeline import build_ingest_pipeline
from ingest.service import collect_files, document_record

# Bump when conversion, metadata or splitting output changes (2: annexes "(Kèm theo …)"; 3: PDF pages
# without a usable text layer and image files are read by OCR, chunks of paged files carry their pages;
# 4: every document has a loại — forms, tables, lists, reports, speeches, articles too — with a title from its
# heading; annexes take the date and issuer of their decision; issuers are organisations, abbreviations spelled
# out; a document without a number is cited by its kind and title, which changes chunk context and labels;
# 5: tables flattened one cell per line are rebuilt as tab-separated rows under their column headers —
# ingest/celltables.py, 6 corpus documents; every other file converts the same, its vectors from the cache).
CONVERTER_VERSION = "5"


@dataclass
class DocumentView:
    """A document as the library page shows it: metadata, clean text, sections."""

    meta: DocMeta
    text: str
    sections: list[Section]
    info: DocumentInfo


class Library:
    """Owns the store, the state file and the text archive under ``settings.home``."""

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
        self._catalogue: tuple[tuple[int, int], list[DocumentInfo]] | None = None  # (state version, documents)

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
                from index.embedders import embedding_dim
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
        from index.embedders import fingerprint
        from index.sparse import VietSparseDocumentEmbedder

        s, i = self.settings.index, self.settings.ingest
        parts = [
            fingerprint(s.embedder, s.model, s.query_prefix, s.passage_prefix, models_dir=s.models_dir),
            VietSparseDocumentEmbedder().fingerprint,
            f"norm={NORMALIZATION_VERSION}",
            f"conv={converter or CONVERTER_VERSION}",
            f"chunk={i.chunk_max_tokens}/{i.chunk_min_chars}",
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]

    def close(self) -> None:
        with self._lock:
            if self._store is not None and hasattr(self._store, "close"):
                self._store.close()
            if self._state is not None:
                self._state.close()
            self._store = self._state = self._pipeline = self._catalogue = None

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
        """The configured dense embedder's fingerprint (:func:`index.embedders.fingerprint`)."""
        from index.embedders import fingerprint

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
            self._pipeline = build_index_pipeline(self.settings, _LockedStore(self.store, self._lock))
        self._pipeline.run({"sparse": {"documents": documents}})
        self._save_text(doc)
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
                self._text_path(f.doc_id).unlink(missing_ok=True)
                removed.append(f.path)
        return removed

    # --- archive of converted texts (for the document page and the diacritics model) --------
    def _text_path(self, doc_id: str) -> Path:
        return self.home / "texts" / (hashlib.sha1(doc_id.encode()).hexdigest()[:20] + ".json")

    def _save_text(self, doc: ConvertedDocument) -> None:
        path = self._text_path(doc.meta.doc_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(document_record(doc) | {"text": doc.text}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)

    def _load_text(self, doc_id: str) -> dict | None:
        path = self._text_path(doc_id)
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None

    def about_text(self, doc_id: str) -> str:
        """A document's clean text and the metadata that says what it is about (title, trích
        yếu, issuer, place, date, number): what a question's place or year is checked against."""
        record = self._load_text(doc_id)
        if record is None:
            return ""
        meta = record.get("meta", {})
        fields = ("title", "summary", "issuer", "place", "issued_date", "doc_number")
        return "\n".join([*(str(meta.get(f) or "") for f in fields), record.get("text", "")])

    def document_text(self, doc_id: str) -> str:
        """A loaded document's clean text ("" when it is not loaded)."""
        record = self._load_text(doc_id)
        return record.get("text", "") if record else ""

    def iter_texts(self):
        """The clean text of every indexed document (what the query-side language model learns from)."""
        for f in self.state.files():
            record = self._load_text(f.doc_id) if f.content_hash else None
            if record is not None:
                yield record["text"]

    # --- the library -------------------------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        """Indexed documents and documents known only by metadata, with their citation links.

        Built once per version of the state (:meth:`IndexState.version`), not per call: the web
        app asks for it on every page and document view, and building it reads every file's
        metadata (≈ 0.1 s of CPU at 10k chunks, ≈ 1 s at 100k). Callers must not change the
        returned entries."""
        version = self.state.version()
        with self._lock:
            if self._catalogue is not None and self._catalogue[0] == version:
                return list(self._catalogue[1])
        documents = self._build_documents()
        with self._lock:
            self._catalogue = (version, documents)
        return list(documents)

    def _build_documents(self) -> list[DocumentInfo]:
        infos: dict[str, DocumentInfo] = {}
        by_key: dict[str, DocumentInfo] = {}
        for f in self.state.files():
            if not f.content_hash:
                continue
            meta = DocMeta.from_dict(f.meta)
            info = DocumentInfo(
                doc_id=meta.doc_id,
                doc_number=meta.doc_number,
                doc_type=meta.doc_type,
                issuer=meta.issuer,
                issued_date=meta.issued_date,
                title=meta.title,
                status=meta.status,
                source_path=meta.source_path,
                chunks=len(f.chunk_ids),
                cites=[c.doc_number for c in meta.cites],
                summary=meta.summary,
                number_key=meta.number_key,
                place=meta.place,
                signer=meta.signer,
                amends=[c.doc_number for c in meta.amends],
                issued_with=meta.issued_with,
            )
            infos[info.doc_id] = info
            if meta.number_key:
                # An original outranks a digest of the same document.
                if meta.number_key not in by_key or by_key[meta.number_key].status != "original":
                    by_key[meta.number_key] = info
        known = self.state.known()
        for f in self.state.files():
            for cite in DocMeta.from_dict(f.meta).cites if f.content_hash else []:
                if cite.number_key not in by_key and cite.number_key not in known:
                    known[cite.number_key] = {"doc_number": cite.doc_number, "doc_type": cite.doc_type,
                                              "issued_date": cite.issued_date, "issuer": cite.issuer}
        for key, data in known.items():
            if key in by_key:
                continue
            info = DocumentInfo(
                doc_id=f"ref:{key}",
                doc_number=data.get("doc_number"),
                doc_type=data.get("doc_type"),
                issuer=data.get("issuer"),
                issued_date=data.get("issued_date"),
                title=" ".join(x for x in (data.get("doc_type"), data.get("doc_number")) if x)
                + (f": {data['summary']}" if data.get("summary") else ""),
                status=STATUS_METADATA_ONLY,
                source_path=None,
                chunks=0,
                summary=data.get("summary"),
                number_key=key,
            )
            infos[info.doc_id] = info
            by_key[key] = info
        for info in list(infos.values()):
            if info.status == STATUS_METADATA_ONLY:
                continue
            for number in info.cites:
                target = by_key.get(number_key(number))
                if target is not None:
                    target.cited_by.append(info.doc_number or info.title)
        link_amendments(infos, by_key)
        return sorted(infos.values(), key=lambda i: (i.status == STATUS_METADATA_ONLY, i.source_path or "", i.doc_id))

    def document(self, doc_id: str, info: DocumentInfo | None = None) -> DocumentView | None:
        """A document's page; ``info``: its catalogue entry when the caller has it (the catalogue
        is rebuilt to find it otherwise)."""
        info = info or next((d for d in self.documents() if d.doc_id == doc_id or d.number_key == doc_id), None)
        if info is None:
            return None
        record = self._load_text(info.doc_id) if info.status != STATUS_METADATA_ONLY else None
        if record is None:
            meta = DocMeta(doc_id=info.doc_id, source_path="", content_hash="", status=info.status,
                           doc_type=info.doc_type, doc_number=info.doc_number, issuer=info.issuer,
                           issued_date=info.issued_date, summary=info.summary, title=info.title)
            return DocumentView(meta=meta, text="", sections=[], info=info)
        sections = [Section(**s) for s in record["sections"]]
        return DocumentView(meta=DocMeta.from_dict(record["meta"]), text=record["text"], sections=sections, info=info)


class _LockedStore:
    """Serializes writes with the library's lock so queries from other threads see whole files."""

    def __init__(self, store, lock):
        self._store, self._lock = store, lock

    def write(self, documents):
        with self._lock:
            return self._store.write(documents)
