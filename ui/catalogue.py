"""The library as the web app lists it: search, filters, sort — pure functions, no gradio.

Two views of ``PolicyQA.documents()``: the loaded documents (full text or digest) and the
documents only referenced by them (known by metadata), each with the loaded documents that
cite it. Search is accent-insensitive over số hiệu, loại, title, trích yếu, issuer, year and
file name: "nd 114", "nghi dinh 114/2003" and "ke hoach 2005" find their documents. A loại is
also known by its initials ("nd" for Nghị định, "qd" for Quyết định), the way numbers abbreviate it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from common.vietnamese.normalize import fold_accents, index_form
from common.vietnamese.numbers import number_key

VIEW_LOADED, VIEW_REFERENCED = "loaded", "referenced"
METADATA_ONLY = "metadata-only"
SORT_DEFAULT, SORT_NEWEST, SORT_OLDEST = "default", "newest", "oldest"
SORT_NUMBER, SORT_TYPE, SORT_ISSUER, SORT_CITED = "number", "type", "issuer", "cited"
SORTS = {
    SORT_DEFAULT: "Mặc định (phù hợp nhất khi tìm)", SORT_NEWEST: "Ngày ban hành: mới nhất",
    SORT_OLDEST: "Ngày ban hành: cũ nhất", SORT_NUMBER: "Số hiệu", SORT_TYPE: "Loại văn bản",
    SORT_ISSUER: "Cơ quan ban hành", SORT_CITED: "Được dẫn chiếu nhiều nhất",
}
# How much a query word counts in each field: a number names its document best.
_WEIGHTS = {"number": 4.0, "kind": 2.0, "title": 1.5, "summary": 1.5, "issuer": 1.0, "year": 1.0, "file": 0.5}
_TOKEN = re.compile(r"[a-z0-9]+")


def tokens(text: str | None) -> list[str]:
    """Accent-folded, lower-case word and number tokens; numbers lose leading zeros ("01" → "1")."""
    out = []
    for tok in _TOKEN.findall(fold_accents(index_form(text or ""))):
        out.append((tok.lstrip("0") or "0") if tok.isdigit() else tok)
    return out


def initials(doc_type: str | None) -> str:
    """"Nghị định" → "nd", "Thông tư liên tịch" → "ttlt": how document numbers abbreviate a loại."""
    words = tokens(doc_type)
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def year_of(info) -> str:
    return (info.issued_date or "")[:4] if re.match(r"\d{4}", info.issued_date or "") else ""


@dataclass
class Entry:
    """One document of the catalogue with what search, filters and sort need."""

    info: object  # index.types.DocumentInfo
    cited_by: list[str] = field(default_factory=list)  # doc_ids of loaded documents citing it
    fields: dict[str, list[str]] = field(default_factory=dict)

    @property
    def loaded(self) -> bool:
        return self.info.status != METADATA_ONLY

    @property
    def year(self) -> str:
        return year_of(self.info)


def _fields(info) -> dict[str, list[str]]:
    source = (info.source_path or "").replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    fields = {
        "number": tokens(info.doc_number), "kind": tokens(info.doc_type) + [initials(info.doc_type)],
        "title": tokens(info.title), "summary": tokens(info.summary), "issuer": tokens(info.issuer),
        "year": [year_of(info)], "file": tokens(source.replace("_", " ")),
    }
    return {name: [t for t in toks if t] for name, toks in fields.items()}


def build_entries(infos) -> list[Entry]:
    """Entries for every document, with the loaded documents citing each (by number key)."""
    citing: dict[str, list[str]] = {}
    for info in infos:
        if info.status == METADATA_ONLY:
            continue
        for number in dict.fromkeys(info.cites or []):
            citing.setdefault(number_key(number), []).append(info.doc_id)
    entries = []
    for info in infos:
        key = info.number_key or (number_key(info.doc_number) if info.doc_number else "")
        cited_by = [d for d in citing.get(key, []) if d != info.doc_id] if key else []
        entries.append(Entry(info, cited_by, _fields(info)))
    return entries


# --- search --------------------------------------------------------------------------------


def _token_score(term: str, fields: dict[str, list[str]]) -> float:
    """The best weight of a field holding ``term``: exactly (numbers), or as a word's beginning."""
    best = 0.0
    for name, toks in fields.items():
        for tok in toks:
            if tok == term:
                best = max(best, _WEIGHTS[name])
            elif not term.isdigit() and len(term) >= 2 and tok.startswith(term):
                best = max(best, _WEIGHTS[name] / 2)
    return best


def score(entry: Entry, query: str) -> float:
    """How well ``entry`` answers ``query``; 0 when some query word is found nowhere."""
    terms = tokens(query)
    if not terms:
        return 1.0
    total = 0.0
    for term in terms:
        s = _token_score(term, entry.fields)
        if s == 0:
            return 0.0
        total += s
    numbers = [t for t in terms if t.isdigit()]
    number = [t for t in entry.fields["number"] if t.isdigit()]
    if numbers and number[: len(numbers)] == numbers:  # "114/2003" is how 114/2003/NĐ-CP begins
        total += 3.0
    return total


# --- filters and sort ----------------------------------------------------------------------


@dataclass
class LibraryQuery:
    """What the library form asks for. Empty strings mean "any"."""

    view: str = VIEW_LOADED
    text: str = ""
    doc_type: str = ""
    issuer: str = ""
    year_from: str = ""
    year_to: str = ""
    status: str = ""  # original | digest (loaded view only)
    sort: str = SORT_DEFAULT


def _passes(entry: Entry, q: LibraryQuery) -> bool:
    info = entry.info
    if entry.loaded != (q.view != VIEW_REFERENCED):
        return False
    if (q.doc_type and info.doc_type != q.doc_type) or (q.issuer and info.issuer != q.issuer):
        return False
    if q.status and q.view != VIEW_REFERENCED and info.status != q.status:
        return False
    if q.year_from or q.year_to:
        if not entry.year or (q.year_from and entry.year < q.year_from) or (q.year_to and entry.year > q.year_to):
            return False
    return True


def _number_order(entry: Entry):
    nums = [int(t) for t in entry.fields["number"] if t.isdigit()]
    return (not entry.info.doc_number, nums[:1] or [0], fold_accents(entry.info.doc_number or ""))


def _sort_key(sort: str, view: str, has_text: bool):
    if sort == SORT_DEFAULT:
        sort = "relevance" if has_text else (SORT_CITED if view == VIEW_REFERENCED else SORT_NEWEST)
    date = lambda e: e.info.issued_date or ""  # noqa: E731
    keys = {
        "relevance": lambda e, s: (-s, not e.info.issued_date, _neg(date(e))),
        SORT_NEWEST: lambda e, s: (not e.info.issued_date, _neg(date(e))),
        SORT_OLDEST: lambda e, s: (not e.info.issued_date, date(e)),
        SORT_NUMBER: lambda e, s: _number_order(e),
        SORT_TYPE: lambda e, s: (not e.info.doc_type, fold_accents(e.info.doc_type or ""), _neg(date(e))),
        SORT_ISSUER: lambda e, s: (not e.info.issuer, fold_accents(e.info.issuer or ""), _neg(date(e))),
        SORT_CITED: lambda e, s: (-len(e.cited_by), _number_order(e)),
    }
    return keys.get(sort, keys[SORT_NEWEST])


def _neg(iso: str) -> tuple[int, ...]:
    """A date sorting newest first: its digits negated."""
    return tuple(-int(c) for c in iso if c.isdigit())


def select(entries: list[Entry], q: LibraryQuery) -> list[Entry]:
    """The entries of ``q.view`` that pass the filters and the search, in the asked order.

    Ties are broken by ``doc_id``, so the same query always lists the same rows in the same order.
    """
    scored = []
    for e in entries:
        if not _passes(e, q):
            continue
        s = score(e, q.text)
        if s > 0:
            scored.append((e, s))
    key = _sort_key(q.sort, q.view, bool(tokens(q.text)))
    scored.sort(key=lambda es: (key(*es), es[0].info.doc_id))
    return [e for e, _ in scored]


def facets(entries: list[Entry], view: str) -> dict[str, list[str]]:
    """The values the filters offer in a view: loại, cơ quan, years (newest first)."""
    mine = [e for e in entries if e.loaded != (view == VIEW_REFERENCED)]
    return {
        "types": sorted({e.info.doc_type for e in mine if e.info.doc_type}, key=fold_accents),
        "issuers": sorted({e.info.issuer for e in mine if e.info.issuer}, key=fold_accents),
        "years": sorted({e.year for e in mine if e.year}, reverse=True),
    }


def counts(entries: list[Entry]) -> tuple[int, int]:
    """(loaded, referenced-only) documents."""
    loaded = sum(1 for e in entries if e.loaded)
    return loaded, len(entries) - loaded


class Catalogue:
    """Every entry, found by ``doc_id`` or by a number in any spelling (an original outranks a digest)."""

    def __init__(self, infos):
        self.entries = build_entries(infos)
        self.by_id = {e.info.doc_id: e for e in self.entries}
        self.by_key: dict[str, Entry] = {}
        for e in self.entries:
            key = e.info.number_key or (number_key(e.info.doc_number) if e.info.doc_number else "")
            if key and (key not in self.by_key or _rank(e) < _rank(self.by_key[key])):
                self.by_key[key] = e

    def get(self, doc_id: str | None) -> Entry | None:
        return self.by_id.get(doc_id or "")

    def resolve(self, number: str | None) -> Entry | None:
        """The entry a cited number names, or None."""
        return self.by_key.get(number_key(number)) if number else None


def _rank(e: Entry) -> int:
    return {"original": 0, "digest": 1}.get(e.info.status, 2)
