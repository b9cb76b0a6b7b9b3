"""What drafting needs of the library: a loaded document whole, and the documents a topic names.

The planner (:mod:`qa.draft.plan`) works on whole documents — their text, sections and chunks in
reading order — not on a handful of retrieved passages, so that a draft follows a document's own
parts. :class:`DraftLibrary` builds those :class:`~qa.draft.sources.SourceDocument` s from the
index (cached per index generation) with what an editor must know of each: digest or original,
amended by which loaded document, which documents it cites are known only by metadata.
"""

from __future__ import annotations

import re
from dataclasses import replace

from common.config import DraftPolicy
from common.types import STATUS_METADATA_ONLY
from common.vietnamese.mentions import find_doc_numbers
from common.vietnamese.numbers import number_key
from qa.draft.names import AUTHORED_TYPES, author_of
from qa.draft.sources import SourceDocument
from qa.retrieval import PreparedQuery, to_passages


def _ordinal(chunk_id: str) -> int:
    m = re.search(r"#(\d+)", chunk_id)
    return int(m[1]) if m else 0


class DraftLibrary:
    """Loaded documents for drafting, from one :class:`index.service.Library`."""

    def __init__(self, library, byline_chars: int = DraftPolicy().byline_chars):
        """:param byline_chars: how much of an authored text's start its byline is read in (``draft.byline_chars``)."""
        self.library = library
        self.byline_chars = byline_chars
        self._generation = -1
        self._cache: dict[str, SourceDocument | None] = {}
        self._infos: dict = {}

    def _fresh(self) -> None:
        if self._generation != self.library.generation:
            self._generation = self.library.generation
            self._cache = {}
            self._infos = {d.doc_id: d for d in self.library.catalogue.documents()}

    def titles(self) -> dict[str, str]:
        self._fresh()
        return {doc_id: info.title for doc_id, info in self._infos.items()}

    def sizes(self) -> dict[str, int]:
        """Chunks per indexed document (the catalogue's count): how long it is, for weighing its retrieval hits."""
        self._fresh()
        return {doc_id: info.chunks for doc_id, info in self._infos.items()}

    def open(self, doc_id: str) -> SourceDocument | None:
        """The loaded document ``doc_id`` (None when it is not loaded or has no text)."""
        self._fresh()
        if doc_id not in self._cache:
            self._cache[doc_id] = self._build(doc_id)
        return self._cache[doc_id]

    def text(self, doc_id: str) -> str:
        """A loaded document's clean text, without its chunks ("" when it is not loaded)."""
        self._fresh()
        info = self._infos.get(doc_id)
        return self.library.catalogue.document_text(doc_id) if info and info.status != STATUS_METADATA_ONLY else ""

    def _build(self, doc_id: str) -> SourceDocument | None:
        info = self._infos.get(doc_id)
        if info is None or info.status == STATUS_METADATA_ONLY:
            return None
        view = self.library.catalogue.document(doc_id, info)
        if view is None or not view.text:
            return None
        chunks = self.library.store.filter({"field": "meta.doc_id", "operator": "==", "value": doc_id},
                                           with_vectors=False)
        passages = sorted(to_passages(chunks), key=lambda p: _ordinal(p.chunk_id))
        if not passages:
            return None
        author = author_of(view.text, self.byline_chars) if info.doc_type in AUTHORED_TYPES and not info.issuer else None
        if author:  # a study's or a speech's author stands where a decree's issuer does: "Bài viết của TS …"
            passages = [replace(p, issuer=author) for p in passages]
        by_key = {i.number_key: i for i in self._infos.values() if i.number_key}
        # A decision whose regulation or annex is loaded ("ban hành kèm theo Quyết định 522/2002/QĐ.UB")
        # is legally one document with it (LibraryEntry.is_named_by): not a text "chưa được nạp"
        # (sealed-topics-29: the note named the two decisions whose texts the draft quoted).
        attached = {number_key(i.issued_with) for i in self._infos.values()
                    if i.issued_with and i.status != STATUS_METADATA_ONLY}
        unloaded = [by_key[k].title for k in (number_key(n) for n in info.cites)
                    if k in by_key and by_key[k].status == STATUS_METADATA_ONLY and k not in attached]
        amended = [self._infos[a].title for a in info.amended_by if a in self._infos]
        return SourceDocument(doc_id=doc_id, text=view.text, sections=view.sections, passages=passages,
                              name=info.title, summary=info.summary or "", status=info.status,
                              doc_type=info.doc_type or "", amended_by=amended, unloaded=unloaded)

    def named(self, prepared: PreparedQuery, docs: list[str] | None, opening_chars: int = 600) -> list[str]:
        """Loaded documents a topic is about: those the user chose with those it names; else those it
        names and the loaded documents carrying out a document it names that is known only by
        metadata (the province's letter implementing Kết luận 02-KL/TW is what the library holds of
        it: its trích yếu or its frame before its first numbered part, at most ``opening_chars``
        characters, names it — ``draft.carries_out_opening_chars``; the 41-NQ/TW digest cites Chỉ thị
        36-CT/TW in its body, which does not count), in the order the topic names them."""
        self._fresh()
        chosen = list(prepared.boost_doc_ids)
        for d in docs or []:
            key = number_key(d)
            chosen += [i.doc_id for i in self._infos.values() if i.status != STATUS_METADATA_ONLY
                       and (i.doc_id == d or (key and i.number_key == key))]
        if docs and chosen:  # the user's choice, with what the topic names
            return list(dict.fromkeys(chosen))
        # An unloaded text that a named loaded one cites or is issued with is that one's context, not a
        # subject of its own: "Nghị định 26/2001 sửa đổi Nghị định 30/1998" is not about the circular
        # carrying out the 1998 decree (five opened topics were drafted from it).
        context = {number_key(n) for d in chosen if d in self._infos
                   for n in [*self._infos[d].cites, self._infos[d].issued_with or ""] if n}
        unloaded = set(prepared.named_unloaded_keys) - context
        # Beside a loaded text it names, a second subject is one the topic names by its number ("Kết luận
        # 02-KL/TW"), not one matched by a date or a title ("Luật … thông qua ngày 20/5/1998" also matched
        # another law of that day, whose decree then opened the draft: t5-15).
        first = {c.number_key: at for at, c in enumerate(find_doc_numbers(prepared.cleaned))}
        if chosen:
            unloaded &= set(first)
        carrying = self.carrying(unloaded, opening_chars)
        if not carrying or not chosen:
            return list(dict.fromkeys([*chosen, *carrying]))
        # A topic naming a loaded text and one the library holds only through the letter carrying it out
        # ("triển khai Kết luận 02-KL/TW … thực hiện Nghị quyết 41-NQ/TW") is about both: in the order named.
        own = {doc_id: {self._infos[doc_id].number_key} for doc_id in chosen if doc_id in self._infos}
        mentioned = {**carrying, **own}
        return sorted(dict.fromkeys([*chosen, *carrying]),
                      key=lambda d: min((first.get(k, len(first)) for k in mentioned.get(d, ())), default=len(first)))

    def carrying(self, unloaded: set[str], opening_chars: int) -> dict[str, set[str]]:
        """The loaded documents carrying out documents known only by metadata (number keys
        ``unloaded``), with the keys each carries out: its trích yếu or its frame before its first
        numbered part, at most ``opening_chars`` characters, names them (:func:`implements`)."""
        self._fresh()
        return {i.doc_id: keys for i in self._infos.values() if i.status != STATUS_METADATA_ONLY
                and (keys := unloaded & {number_key(n) for n in i.cites})
                and implements(f"{i.summary or ''}\n{self._opening(i.doc_id, opening_chars)}", keys)}

    def _opening(self, doc_id: str, most: int) -> str:
        """A document's frame before its first numbered part (title block, trích yếu, "kèm theo …"),
        at most ``most`` characters: where a document says what it carries out, not its body."""
        doc = self.open(doc_id)
        if doc is None:
            return ""
        first = min((sec.start for sec in doc.sections if sec.section_path), default=len(doc.text))
        return doc.text[:min(first, most)]

    def known_by_name(self, prepared: PreparedQuery) -> tuple[list[str], list[str]]:
        """(the documents a topic names that are known only by metadata, the loaded documents that
        cite them), by title. A letter that cites Chỉ thị 38-CT/TU in passing is not the directive:
        drafted on, it would present the letter's words as the directive's (topics-none: 8 of 10
        drafts made without material)."""
        self._fresh()
        keys = set(prepared.named_unloaded_keys)
        unloaded = [i.title for i in self._infos.values() if i.status == STATUS_METADATA_ONLY and i.number_key in keys]
        citing = [i.title for i in self._infos.values() if i.status != STATUS_METADATA_ONLY
                  and keys & {number_key(n) for n in i.cites}]
        return unloaded, citing


def implements(opening: str, keys: set[str]) -> bool:
    """Whether a document's trích yếu or opening names one of the documents ``keys`` ("Về việc
    triển khai thực hiện Kết luận số 02-KL/TW …", "(Ban hành kèm theo Quyết định số 141/2006/QĐ-UBND
    …)"): it carries the document out or is its annex — what the library holds of it."""
    return any(c.number_key in keys for c in find_doc_numbers(opening))
