"""What answering looks up about the loaded documents, cached per index generation.

The engine (:class:`qa.service.QAEngine`) asks, while it answers, for the library's entries
(to resolve the documents a question names), a document's title and article numbers, the
loaded documents that amend a quoted one, and a document's text and metadata folded for
mention checks. :class:`LoadedDocuments` answers from the library
(:class:`index.service.Library`) and caches each answer until the index changes.
"""

from __future__ import annotations

import functools
import threading

from common.vietnamese.normalize import fold_accents, syllables
from common.vietnamese.numbers import number_key
from qa.draft.terms import STOP  # the words of requests and document kinds: no trích yếu's subject
from qa.evidence import STOPWORDS, read_definitions
from qa.intent import mention_form, mentions_all
from qa.qualifiers import article_numbers
from qa.queryrefs import names_summary
from qa.retrieval import LibraryEntry, short_name
from qa.types import Passage, amendment_note

# Documents whose folded text (:meth:`LoadedDocuments.about_folded`) is kept: ≈ 5 ms to fold one
# of the full corpus, a few hundred kB each.
FOLDED_DOCUMENTS = 128


class LoadedDocuments:
    """The loaded documents as answering sees them.

    :param library: the index: its ``catalogue`` (``documents()``, ``about_text(doc_id)``) and ``generation``
    """

    def __init__(self, library):
        self.library = library
        self._lock = threading.RLock()
        self._entries: list[LibraryEntry] | None = None
        self._entries_by_id: dict[str, LibraryEntry] = {}  # the same entries by doc_id
        self._generation = -1

    def refresh(self) -> None:
        """Forget the cached entries (they are rebuilt on next use)."""
        with self._lock:
            self._entries = None

    def entries(self) -> list[LibraryEntry]:
        """One entry per document of the library (loaded or known by metadata only)."""
        with self._lock:
            if self._entries is None or self._generation != self.library.generation:
                self._generation = self.library.generation
                self._entries = [
                    LibraryEntry(d.doc_id, d.doc_number, d.number_key, d.doc_type, d.issuer, d.issued_date,
                                 d.status, d.title, list(d.amended_by), d.issued_with,
                                 [number_key(n) for n in d.cites], d.summary or "")
                    for d in self.library.catalogue.documents()
                ]
                self._entries_by_id = {e.doc_id: e for e in self._entries}
                # What the loaded texts' own abbreviations stand for ("… công nghiệp (GTSXCN)"): ≈ 0.05 s on the corpus.
                read_definitions(self.library.catalogue.about_text(e.doc_id) for e in self._entries
                                 if e.status != "metadata-only")
            return self._entries

    def named_by_title(self, question: str, share: float) -> list[str]:
        """The loaded document ``question`` names by its title rather than its number: ``share`` of the
        question's subject words (:func:`_subject`) in its title, or of its trích yếu's words in the
        question (:func:`qa.queryrefs.names_summary`, as drafting reads a topic) — and every figure of
        the question in its title (the same words with 2011-2015 name no text of 2004-2010). One
        document, or none when two do equally well."""
        words = _subject(question)
        if len(words) < 3:
            return []
        scored = []
        for e in self.entries():
            if e.status == "metadata-only":
                continue
            title = set(_subject(e.title, keep_all=True))
            if not all(w in title for w in words if any(c.isdigit() for c in w)):
                continue
            found = sum(w in title for w in words) / len(words)
            if found >= share or names_summary(question, e.summary, share, STOP):
                scored.append((found, e.doc_id))
        scored.sort(reverse=True)
        return [scored[0][1]] if len(scored) == 1 or (scored and scored[0][0] > scored[1][0]) else []

    def entry(self, doc_id: str) -> LibraryEntry | None:
        self.entries()  # refreshed with the library
        return self._entries_by_id.get(doc_id)

    @functools.lru_cache(maxsize=256)
    def _articles_cached(self, doc_id: str, generation: int) -> frozenset[int]:
        return frozenset(article_numbers(self.library.catalogue.about_text(doc_id)))

    def articles_of(self, doc_id: str) -> frozenset[int]:
        """The article numbers of a document ("Điều 1." … at the start of a line)."""
        return self._articles_cached(doc_id, self.library.generation)

    def title_of(self, doc_id: str) -> str:
        entry = self.entry(doc_id)
        return entry.title if entry else doc_id

    def amendment_notes(self, citations) -> list[str]:
        """A note for each quoted document that a loaded document amends, replaces or repeals:
        the quote may no longer be the rule in force."""
        notes = []
        for doc_id in dict.fromkeys(c.doc_id for c in citations):
            entry = self.entry(doc_id)
            for newer in (self.entry(a) for a in (entry.amended_by if entry else [])):
                if newer is not None:
                    notes.append(amendment_note(entry.title, newer.title))
        return notes

    def about(self, constraints, passages: list[Passage]) -> set[str] | None:
        """The retrieved documents that mention every place and year the question names
        (checked on the whole document and its metadata); None when it names none."""
        required = [f for r in constraints.requirements if r.kind in ("place", "year") for f in r.forms[:1]]
        if not required:
            return None
        return {d for d in {p.doc_id for p in passages} if mentions_all(self.about_folded(d), required)}

    @functools.lru_cache(maxsize=FOLDED_DOCUMENTS)
    def _about_folded_cached(self, doc_id: str, generation: int) -> str:
        return mention_form(self.library.catalogue.about_text(doc_id))

    def about_folded(self, doc_id: str) -> str:
        """A document's text and metadata, folded (cached per index generation)."""
        return self._about_folded_cached(doc_id, self.library.generation)

    def digest_text(self, doc_id: str) -> str | None:
        """A document's folded text and metadata when its loaded text is a digest (status
        ``digest``: part of the original, in other words), else None."""
        entry = self.entry(doc_id)
        return self.about_folded(doc_id) if entry is not None and entry.status == "digest" else None

    def short_name_of(self, doc_id: str) -> str:
        """"Nghị quyết 41-NQ/TW": a document's type and number, or its title when it has no number."""
        entry = self.entry(doc_id)
        return doc_id if entry is None else short_name(entry)


# The words of asking who signed or issued a text: not what the text is about.
_ASKING = frozenset("ai ky nguoi ban hanh co quan nao do la dong chi".split())
# What is no subject, folded: requests and document kinds (drafting's STOP), evidence stopwords, asking.
_NOT_SUBJECT = frozenset(fold_accents(w) for w in STOP | STOPWORDS) | _ASKING


def _subject(text: str, keep_all: bool = False) -> list[str]:
    """``text``'s words folded, periods split ("2004-2010" as "2004", "2010"); without the words of
    requests, document kinds and asking (:data:`qa.draft.terms.STOP`, evidence stopwords) unless
    ``keep_all``."""
    words = [fold_accents(p) for w in syllables(text) for p in w.split("-") if p]
    if keep_all:
        return words
    return [w for w in dict.fromkeys(words) if w not in _NOT_SUBJECT]
