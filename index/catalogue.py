"""The index stage's catalogue: what the library holds, for reading.

The documents (indexed, and known only by metadata through the documents that cite them or
the corpus manifest) with their citation and amendment links, built once per version of the
state; a document's page; and the archive of converted texts under ``home/texts`` that the
document page, answering (what a document is about) and the query-side language model read.
The writer (:class:`index.service.Library`) archives each converted text here and hands this
catalogue out as ``Library.catalogue``.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from common.types import STATUS_METADATA_ONLY, ConvertedDocument, DocMeta, Section
from common.vietnamese.numbers import number_key
from index.links import link_amendments
from index.state import IndexState
from index.types import DocumentInfo
from ingest.service import document_record


@dataclass
class DocumentView:
    """A document as the library page shows it: metadata, clean text, sections."""

    meta: DocMeta
    text: str
    sections: list[Section]
    info: DocumentInfo



def read_record(path: Path) -> dict | None:
    """An archived document record (meta, sections, clean text under "text") at ``path``, as
    :meth:`Catalogue.save_text` writes it; None when there is none — also when the admin's rebuild
    removes it between looking and reading (a user asking during a reindex got "No such file" from the
    abbreviation reader: tests/ui/test_load.py, session 25)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


class Catalogue:
    """The documents of the library under ``home`` and their archived texts.

    :param home: the library's folder (the texts live in ``home/texts``).
    :param state: returns the library's state file, opened when first asked (the writer opens
        and closes it; the catalogue only reads it).
    """

    def __init__(self, home: Path, state: Callable[[], IndexState]):
        self.home = Path(home)
        self._state = state
        self._lock = threading.RLock()
        self._catalogue: tuple[tuple[int, int], list[DocumentInfo]] | None = None  # (state version, documents)

    @property
    def state(self) -> IndexState:
        return self._state()

    def forget(self) -> None:
        """Drop the built catalogue (the library was closed)."""
        with self._lock:
            self._catalogue = None

    # --- archive of converted texts (for the document page and the diacritics model) --------
    def text_path(self, doc_id: str) -> Path:
        """Where a document's converted text is archived (``bench/scale_home.py`` writes the same names)."""
        return self.home / "texts" / (hashlib.sha1(doc_id.encode()).hexdigest()[:20] + ".json")

    def save_text(self, doc: ConvertedDocument) -> None:
        """Archive a converted document: its record (meta, sections) and clean text."""
        path = self.text_path(doc.meta.doc_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(document_record(doc) | {"text": doc.text}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)

    def remove_text(self, doc_id: str) -> None:
        """Forget a removed document's text."""
        self.text_path(doc_id).unlink(missing_ok=True)

    def _load_text(self, doc_id: str) -> dict | None:
        return read_record(self.text_path(doc_id))

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

    # --- the catalogue -----------------------------------------------------------------------
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
