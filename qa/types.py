"""The answer chain's types: passage → citation (with a verified quote) → answer / draft.

These dataclasses are what the facade returns to the CLI and the web app; their
``to_dict()`` forms are the JSON of docs/CLI.md.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

NOT_FOUND = "Không tìm thấy nội dung này trong các văn bản đã nạp."


# A question refused while documents are still being indexed (a first run, an admin's upload): the
# refusal may be the index's state, not the library's — said in the answer, not only in the app's banner.
INDEXING_NOTE = ("Hệ thống đang nạp văn bản: các văn bản chưa nạp xong chưa được tìm; "
                 "hãy hỏi lại khi nạp xong.")


def unloaded_note(title: str) -> str:
    """The note for a document referred to but known only by metadata (answers and drafts)."""
    return f"{title} được nhắc đến nhưng toàn văn chưa được nạp vào hệ thống, nên không thể trích dẫn."


def amendment_note(title: str, newer: str) -> str:
    """The note for a quoted document that a loaded one amends, replaces or repeals."""
    return f"{title} đã được sửa đổi, bổ sung hoặc thay thế bởi {newer}; cần đối chiếu quy định hiện hành."


@dataclass
class Filters:
    """Search/ask/draft filters. Dates: YYYY or YYYY-MM-DD (inclusive)."""

    doc: list[str] = field(default_factory=list)  # document number (any spelling) or doc_id
    doc_type: str | None = None
    issuer: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    def is_empty(self) -> bool:
        return not (self.doc or self.doc_type or self.issuer or self.date_from or self.date_to)


@dataclass
class Passage:
    """A retrieved chunk with what a reader needs to place it."""

    rank: int
    score: float
    chunk_id: str
    doc_id: str
    doc_number: str | None
    doc_type: str | None
    issuer: str | None
    issued_date: str | None
    title: str
    section: str
    section_title: str
    citation_label: str
    text: str
    source_path: str
    status: str
    kind: str
    context: str = ""  # document number, trích yếu, section label and heading (embedded, never quoted)
    spans: list = field(default_factory=list)  # [offset, section, citation label] of inner sections

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("spans")
        return data


@dataclass
class Citation:
    """Marker ``[n]`` in an answer: the passage, and the verbatim span (``quote``) that supports it."""

    n: int
    doc_id: str
    doc_number: str | None
    doc_type: str | None
    issued_date: str | None
    issuer: str | None
    citation_label: str
    section: str
    quote: str
    passage: str
    source_path: str
    status: str
    quote_start: int = 0  # offsets of quote in passage
    quote_end: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    citations: list[Citation]
    passages: list[Passage]
    timings_ms: dict[str, float]
    restored_question: str | None = None  # the query after diacritic restoration, when it changed
    notes: list[str] = field(default_factory=list)  # e.g. documents referenced but not loaded
    config_hash: str = ""
    # Why it abstained (qa.verify.AbstainReason as a dict: code, message, missing); None when answered.
    abstain_reason: dict | None = None
    # The asked figure or date lifted verbatim from the lead quote, with its marker ("74,8% [1]").
    direct_answer: str | None = None
    # The signals the abstention model weighed (qa.abstain.FEATURES) and its probability.
    evidence: dict | None = None

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "abstain_reason": self.abstain_reason,
            "direct_answer": self.direct_answer,
            "evidence": self.evidence,
            "citations": [c.to_dict() for c in self.citations],
            "passages": [p.to_dict() for p in self.passages],
            "timings_ms": self.timings_ms,
            "restored_question": self.restored_question,
            "notes": self.notes,
            "config_hash": self.config_hash,
        }


@dataclass
class SearchResult:
    query: str
    hits: list[Passage]
    timings_ms: dict[str, float]
    restored_query: str | None = None

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "restored_query": self.restored_query,
            "hits": [h.to_dict() for h in self.hits],
            "timings_ms": self.timings_ms,
        }


@dataclass
class DraftParagraph:
    text: str
    citations: list[int]


@dataclass
class DraftSection:
    heading: str
    paragraphs: list[DraftParagraph]


@dataclass
class DraftSource:
    """A document a draft is planned on, with what an editor must know of it before printing."""

    doc_id: str
    name: str  # formal name with date and issuer
    summary: str  # trích yếu
    status: str  # original | digest
    amended_by: list[str] = field(default_factory=list)  # loaded documents amending it
    unloaded: list[str] = field(default_factory=list)  # documents it cites that are not loaded


@dataclass
class Draft:
    topic: str
    title: str
    lead: str
    sections: list[DraftSection]
    citations: list[Citation]
    form: str = "bài viết"
    length: str = "medium"
    sources: list[DraftSource] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # digests, amendments, documents not loaded, gaps
    missing: list[str] = field(default_factory=list)  # parts of the topic with no material
    searched: list[str] = field(default_factory=list)  # an empty draft: what was searched, closest documents

    def to_dict(self) -> dict:
        return {
            "topic": self.topic,
            "title": self.title,
            "lead": self.lead,
            "form": self.form,
            "length": self.length,
            "sections": [asdict(s) for s in self.sections],
            "citations": [c.to_dict() for c in self.citations],
            "sources": [asdict(s) for s in self.sources],
            "notes": self.notes,
            "missing": self.missing,
            "searched": self.searched,
        }
