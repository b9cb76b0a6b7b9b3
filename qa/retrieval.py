"""Query preparation and passages: from what a user typed to ranked, citable passages.

- text cleaned (NFC, tone convention) and diacritics restored when some are missing — the
  original is kept and both feed the lexical vector, the restored form feeds the dense one;
- document references in the question ("nq 41", "nghị định 114", "công văn ngày
  13/6/2016") resolved against the library: indexed ones become a boost (their passages
  first), documents known only by metadata become a note, never a quote;
- user filters (document, type, issuer, dates) become a Haystack filter dict;
- a document's frame (title block, signature, a bare "Căn cứ …" preamble) is ranked after
  its provisions unless the question is about it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from haystack import Document

from common.types import KIND_DISTRIBUTION, KIND_HEADER, KIND_PREAMBLE, KIND_RECIPIENTS, KIND_SIGNATURE
from common.vietnamese.normalize import clean_text, fold_accents
from common.vietnamese.mentions import find_doc_numbers
from common.vietnamese.numbers import number_key, number_matches, number_type
from qa.abbreviations import expand_chat, expand_text
from qa.diacritics import needs_restoration
from qa.intent import has_substance, names_as_scope, question_intent
from qa.queryrefs import parse_query_refs
from qa.types import Filters, Passage, unloaded_note


@dataclass
class LibraryEntry:
    """What query preparation needs to know of a document in the library."""

    doc_id: str
    doc_number: str | None
    number_key: str | None
    doc_type: str | None
    issuer: str | None
    issued_date: str | None
    status: str
    title: str
    amended_by: list[str] = field(default_factory=list)  # doc_ids of loaded documents amending it
    issued_with: str | None = None  # a regulation or annex: the number of the decision it came with
    cites: list[str] = field(default_factory=list)  # number keys of the documents it cites
    summary: str = ""  # its trích yếu, by which a question may name it

    def is_named_by(self, ref) -> bool:
        """Whether a reference in a question names this document — by its own number, or, for
        an annex or regulation "ban hành kèm theo Thông tư 04/2004/TT-BLĐTBXH", by the number
        of the text it was issued with (legally one document)."""
        if ref.matches(self.doc_type, self.number_key, self.issued_date):
            return True
        return bool(self.issued_with) and ref.matches(
            number_type(self.issued_with), number_key(self.issued_with), self.issued_date
        )


@dataclass
class PreparedQuery:
    original: str
    cleaned: str
    restored: str | None  # set when restoration changed the text
    dense_text: str
    sparse_text: str
    boost_doc_ids: list[str] = field(default_factory=list)
    citing_doc_ids: list[str] = field(default_factory=list)  # loaded texts citing a named one known by metadata
    notes: list[str] = field(default_factory=list)
    # Documents the question is *about* ("Theo Nghị quyết 41 …"): the answer must quote them.
    scope_doc_ids: list[str] = field(default_factory=list)
    scope_unloaded_keys: list[str] = field(default_factory=list)  # … documents known only by metadata
    named_unloaded_keys: list[str] = field(default_factory=list)  # every named document known only by metadata
    # Documents named by number that the library does not know at all (neither loaded nor cited
    # by a loaded one): (as typed, the loaded document of the same type with the nearest number).
    unknown_refs: list[tuple[str, str | None]] = field(default_factory=list)


def prepare_query(question: str, library: list[LibraryEntry], restorer=None, context: str = "") -> PreparedQuery:
    """Clean, restore diacritics, resolve document references.

    :param restorer: a ``qa.diacritics.DiacriticModel`` or None.
    :param context: the previous question of a conversation, for follow-ups.
    """
    cleaned = expand_chat(" ".join(clean_text(question).split()))
    restored = None
    if restorer is not None and needs_restoration(cleaned):
        # A question typed with diacritics keeps its unmarked syllables ("bao nhiêu" is right).
        result = restorer.restore(cleaned)
        if result.changed:
            restored = result.restored
    main = restored or cleaned
    dense_text = f"{context} {main}".strip() if context else main
    sparse_text = expand_text(" ".join(x for x in (context, cleaned, restored) if x))
    prepared = PreparedQuery(question, cleaned, restored, dense_text, sparse_text)
    intent = question_intent(cleaned)
    which_document = intent.asks_which_document
    for ref in parse_query_refs(cleaned):
        if not is_document_ref(cleaned, ref):
            continue
        matches = [e for e in library if e.is_named_by(ref)]
        if not matches and ref.number_key and (ref.doc_type or not ref.partial):
            prepared.unknown_refs.append((ref.text, nearest_number(ref, library)))
        indexed = [e for e in matches if e.status != "metadata-only"]
        prepared.boost_doc_ids.extend(e.doc_id for e in indexed)
        prepared.named_unloaded_keys.extend(e.number_key for e in matches if e not in indexed and e.number_key)
        if matches and not which_document and names_as_scope(cleaned, ref.span):
            prepared.scope_doc_ids.extend(e.doc_id for e in indexed)
            unloaded = {e.number_key for e in matches if e not in indexed and e.number_key}
            prepared.scope_unloaded_keys.extend(unloaded)
            # Its date, issuer or signer are its own, known by metadata: never its guide's.
            guides = [] if intent.asks_metadata else [(g, keys) for g in library if g.status != "metadata-only"
                                                      and (keys := guided_keys(g.summary, unloaded))]
            prepared.scope_doc_ids.extend(g.doc_id for g, _ in guides)  # not boosted: a draft's documents stay its own
            prepared.notes.extend(guide_note(e.title, short_name(g)) for e in matches if e.number_key in unloaded
                                  for g, keys in guides if e.number_key in keys)
        elif matches:  # the object of another document ("công văn về Kết luận 02"): the loaded texts citing it
            keys = {e.number_key for e in matches if e not in indexed and e.number_key}
            prepared.citing_doc_ids.extend(e.doc_id for e in library if e.status != "metadata-only" and keys & set(e.cites))
        annexes = [e for e in indexed if e.issued_with and not e.number_key]
        for entry in matches:
            if entry.status == "metadata-only" and annexes:
                prepared.notes.append(f"Toàn văn {entry.title} chưa được nạp; chỉ có văn bản ban hành kèm theo "
                                      f"({', '.join(a.title for a in annexes)}) được trích dẫn.")
            elif entry.status == "metadata-only" and not any(entry.title in n for n in prepared.notes):
                prepared.notes.append(unloaded_note(entry.title))
    prepared.boost_doc_ids = list(dict.fromkeys(prepared.boost_doc_ids))
    prepared.citing_doc_ids = [d for d in dict.fromkeys(prepared.citing_doc_ids) if d not in prepared.boost_doc_ids]
    prepared.scope_doc_ids = list(dict.fromkeys(prepared.scope_doc_ids))
    prepared.notes = list(dict.fromkeys(prepared.notes))
    return prepared


# A text guiding another ("Hướng dẫn thi hành Quyết định số 176/1999/QĐ-TTg …" is Thông tư 40/2000/TT-BTC's
# trích yếu): what the library holds of a decision known only by metadata is how its guide applies it.
_GUIDES = re.compile(r"^\s*hướng\s+dẫn\b", re.IGNORECASE)


def guided_keys(summary: str, keys: set[str]) -> set[str]:
    """Those of the documents ``keys`` (number keys) that a trích yếu says its text guides."""
    if not keys or not _GUIDES.match(summary or ""):
        return set()
    return keys & {c.number_key for c in find_doc_numbers(summary)}


def short_name(entry: LibraryEntry) -> str:
    """A document by its type and number ("Thông tư 40/2000/TT/BTC", "Nghị quyết 41-NQ/TW"), its title
    when it has no number: a note that names a guide of another text need not repeat its trích yếu,
    which names that text again."""
    return f"{entry.doc_type} {entry.doc_number}".strip() if entry.doc_number else entry.title


def guide_note(title: str, guide: str) -> str:
    return (f"Toàn văn {title} chưa được nạp vào hệ thống; câu trả lời trích {guide}, văn bản hướng dẫn thi hành "
            f"văn bản này.")


_FORM_BEFORE = re.compile(r"(biểu|mẫu|bieu|mau)(\s+(số|so))?\s*[:(]?\s*$", re.IGNORECASE)


def is_document_ref(question: str, ref) -> bool:
    """A number in a question names a document unless it is a year ("KH 2005": the 2005
    plan), the code of a form or table ("biểu 01/TNLĐ-CS", "mẫu số 02/GTGT"), or the length of
    the period a plan, report or programme covers ("kế hoạch 5 năm 2001-2005", "báo cáo 6 tháng":
    no "báo cáo số 6" was meant, and the answer said "Chưa nạp văn bản “báo cáo 6”")."""
    if ref.number_key and re.fullmatch(r"(?:19|20)\d\d", ref.number_key):
        return False
    if ref.doc_type in _PERIOD_TYPES and ref.number_key and ref.number_key.isdigit():
        after = fold_accents(question[ref.span[0]:].lower())
        m = re.match(rf"(\D*?)0*{ref.number_key}\s+(nam|thang|quy)\b", after)
        if m and not re.search(r"\bso\b", m.group(1)) and int(ref.number_key) <= _LONGEST_PERIOD[m.group(2)]:
            return False
    return not _FORM_BEFORE.search(question[: ref.span[0]])


_PERIOD_TYPES = frozenset({"Kế hoạch", "Báo cáo", "Chương trình"})
# A period a plan or report covers, at its longest ("kế hoạch 10 năm", "báo cáo 12 tháng", "quý 4");
# "Chương trình 135 năm 2006" and "Kế hoạch số 5 năm 2006" name documents.
_LONGEST_PERIOD = {"nam": 10, "thang": 12, "quy": 4}


def nearest_number(ref, library: list[LibraryEntry]) -> str | None:
    """The title of the loaded document of the named type whose number is closest to the one
    named ("Nghị định 119/2003" → Nghị định 114/2003/NĐ-CP): what the user may have meant."""
    def leading(key: str | None) -> int | None:
        head = (key or "").split("-")[0]
        return int(head) if head.isdigit() else None

    wanted = leading(ref.number_key)
    if wanted is None:
        return None
    candidates = [e for e in library if e.status != "metadata-only" and leading(e.number_key) is not None
                  and (not ref.doc_type or (e.doc_type or "").startswith(ref.doc_type))]
    if not candidates:
        return None
    return min(candidates, key=lambda e: (abs(leading(e.number_key) - wanted), e.doc_id)).title


def _date_bound(value: str, end: bool) -> str:
    value = value.strip()
    if len(value) == 4 and value.isdigit():
        return f"{value}-12-31" if end else f"{value}-01-01"
    return value


def resolve_doc_filter(values: list[str], library: list[LibraryEntry]) -> list[str]:
    """Doc ids named by ``--doc`` values: a doc_id or a document number in any spelling."""
    ids: list[str] = []
    for value in values:
        key = number_key(value)
        for entry in library:
            if entry.doc_id == value or (entry.number_key and key and number_matches(key, entry.number_key)):
                ids.append(entry.doc_id)
    return list(dict.fromkeys(ids))


def _contains_folded(needle: str, hay: str | None) -> bool:
    return bool(hay) and fold_accents(needle.lower()) in fold_accents(hay.lower())


def filters_to_haystack(filters: Filters | None, library: list[LibraryEntry]) -> dict[str, Any] | None:
    """User filters as a Haystack filter dict; type and issuer match any library value containing them.

    :returns: None when there is nothing to filter; a filter that matches nothing when a
        named document or issuer does not exist (the user asked for it, so no fallback).
    """
    if filters is None or filters.is_empty():
        return None
    conditions: list[dict[str, Any]] = []
    if filters.doc:
        conditions.append({"field": "meta.doc_id", "operator": "in", "value": resolve_doc_filter(filters.doc, library) or ["∅"]})
    if filters.doc_type:
        types = sorted({e.doc_type for e in library if e.doc_type and _contains_folded(filters.doc_type, e.doc_type)})
        conditions.append({"field": "meta.doc_type", "operator": "in", "value": types or ["∅"]})
    if filters.issuer:
        issuers = sorted({e.issuer for e in library if e.issuer and _contains_folded(filters.issuer, e.issuer)})
        conditions.append({"field": "meta.issuer", "operator": "in", "value": issuers or ["∅"]})
    if filters.date_from:
        conditions.append({"field": "meta.issued_date", "operator": ">=", "value": _date_bound(filters.date_from, False)})
    if filters.date_to:
        conditions.append({"field": "meta.issued_date", "operator": "<=", "value": _date_bound(filters.date_to, True)})
    return {"operator": "AND", "conditions": conditions}


def and_filters(a: dict | None, b: dict | None) -> dict | None:
    if a is None or b is None:
        return a or b
    return {"operator": "AND", "conditions": [a, b]}


# A document's frame: national motto and issuer block, signature, addressees, copies, and a
# preamble of "Căn cứ …" clauses alone. A short frame chunk is embedded mostly with its
# document's context (number, trích yếu), so it ranks high for any question about that
# document while answering only questions about the document's issue, basis or signer.
FRAME_KINDS = frozenset({KIND_HEADER, KIND_SIGNATURE, KIND_RECIPIENTS, KIND_DISTRIBUTION})


def is_frame(document: Document) -> bool:
    kind = document.meta.get("kind")
    return kind in FRAME_KINDS or (kind == KIND_PREAMBLE and not has_substance(document.content or ""))


def demote_frame(documents: list[Document], weight: float) -> list[Document]:
    """The provisions of a document before its title block and signature: frame chunks'
    scores are scaled by ``weight`` and the ranking re-sorted (stable)."""
    if weight == 1.0:
        return documents
    scaled = [(d.score or 0.0) * (weight if is_frame(d) else 1.0) for d in documents]
    order = sorted(range(len(documents)), key=lambda i: -scaled[i])
    return [replace(documents[i], score=scaled[i]) for i in order]


def merge_boosted(boosted: list[Document], general: list[Document], top_k: int) -> list[Document]:
    """Passages of the documents the question names first, then the general ranking."""
    seen: set[str] = set()
    out: list[Document] = []
    for doc in [*boosted, *general]:
        if doc.id not in seen:
            seen.add(doc.id)
            out.append(doc)
    return out[:top_k]


def to_passages(documents: list[Document]) -> list[Passage]:
    """Haystack Documents from the store → the project's :class:`Passage` objects, ranked."""
    passages = []
    for rank, doc in enumerate(documents, start=1):
        m = doc.meta
        passages.append(
            Passage(
                rank=rank,
                score=float(doc.score or 0.0),
                chunk_id=doc.id,
                doc_id=m.get("doc_id", ""),
                doc_number=m.get("doc_number"),
                doc_type=m.get("doc_type"),
                issuer=m.get("issuer"),
                issued_date=m.get("issued_date"),
                title=m.get("title", ""),
                section=m.get("section", ""),
                section_title=m.get("section_title", ""),
                citation_label=m.get("citation_label", ""),
                text=doc.content or "",
                source_path=m.get("source_path", ""),
                status=m.get("status", "original"),
                kind=m.get("kind", "body"),
                context=m.get("context", ""),
                spans=m.get("spans") or [],
            )
        )
    return passages
