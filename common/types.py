"""The project's own data types, passed from stage to stage.

The chain is: a file → :class:`ConvertedDocument` (clean text, :class:`DocMeta`,
:class:`Section` list) → :class:`Chunk` (what is embedded and indexed) → retrieved
passages and cited answers (defined in ``qa``). UI and CLI only ever see these
dataclasses, never Haystack or Qdrant objects.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Document status: what text the system really holds for a document.
STATUS_ORIGINAL = "original"  # the official text, in full
STATUS_DIGEST = "digest"  # a summary in our own words: always shown as "tóm lược"
STATUS_METADATA_ONLY = "metadata-only"  # known by its metadata only: never quoted
STATUSES = (STATUS_ORIGINAL, STATUS_DIGEST, STATUS_METADATA_ONLY)

# Section kinds. Only "body" (and "preamble") carry substance an answer may cite.
KIND_HEADER = "header"  # national motto, issuer block, number, place/date, title
KIND_PREAMBLE = "preamble"  # căn cứ / opening paragraphs before the first numbered part
KIND_RECIPIENTS = "recipients"  # Kính gửi
KIND_BODY = "body"
KIND_SIGNATURE = "signature"  # T/M, chức vụ, người ký
KIND_DISTRIBUTION = "distribution"  # Nơi nhận
SECTION_KINDS = (KIND_HEADER, KIND_PREAMBLE, KIND_RECIPIENTS, KIND_BODY, KIND_SIGNATURE, KIND_DISTRIBUTION)
CITABLE_KINDS = (KIND_PREAMBLE, KIND_BODY)


@dataclass
class CitedDocument:
    """A document that another document cites, as the citing text names it."""

    doc_number: str  # as written in the text, e.g. "41-NQ/TW", "114/2003/NĐ-CP"
    number_key: str  # canonical key (see common.vietnamese.numbers.number_key)
    doc_type: str | None = None  # "Nghị quyết", "Kết luận", ...
    issued_date: str | None = None  # ISO 8601 when the citing text gives it
    issuer: str | None = None  # "Bộ Chính trị", when the citing text gives it


@dataclass
class DocMeta:
    """Document-level metadata an official cites by (see README, "Metadata schema")."""

    doc_id: str  # stable id: number_key when the document has a number, else a slug of the path
    source_path: str  # path relative to the ingested root (posix separators)
    content_hash: str  # sha256 of the file bytes
    status: str = STATUS_ORIGINAL
    doc_type: str | None = None  # loại văn bản: "Nghị quyết", "Công văn", "Nghị định", ...
    doc_number: str | None = None  # số hiệu as written: "41-NQ/TW"
    number_key: str | None = None  # canonical key of doc_number
    issuer: str | None = None  # cơ quan ban hành
    place: str | None = None  # địa danh
    issued_date: str | None = None  # ngày ban hành, ISO 8601 (YYYY-MM-DD)
    summary: str | None = None  # trích yếu
    recipients: list[str] = field(default_factory=list)  # kính gửi
    distribution: list[str] = field(default_factory=list)  # nơi nhận
    signer: str | None = None  # người ký
    signer_title: str | None = None  # chức vụ người ký
    cites: list[CitedDocument] = field(default_factory=list)
    # Documents this one says it amends, replaces or repeals (from its trích yếu): where both
    # are loaded, the older one's provisions may no longer be in force.
    amends: list[CitedDocument] = field(default_factory=list)
    # A regulation or annex without a number of its own: the decision it was issued with.
    issued_with: str | None = None
    title: str = ""  # display title: "Nghị quyết 41-NQ/TW ngày 15/11/2004 của Bộ Chính trị"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "DocMeta":
        data = dict(data)
        data["cites"] = [CitedDocument(**c) for c in data.get("cites", [])]
        data["amends"] = [CitedDocument(**c) for c in data.get("amends", [])]
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class Section:
    """A part of a document delimited by the document's own numbering.

    ``section`` is the label of the innermost number ("2.1", "Điều 5", "II", "a"),
    ``section_path`` the labels from the outermost level down (["2", "2.1"]),
    ``section_title`` the heading line when the number carries one.
    ``text`` is exactly the clean text between ``start`` and ``end``.
    """

    section: str
    section_path: list[str]
    section_title: str
    kind: str
    text: str
    start: int
    end: int
    level_names: list[str] = field(default_factory=list)  # ["Điều", "Khoản"] per path item; "" when unnamed


# The level name at the head of the paths of a text issued with the decision above it in one file
# ("Quy chế" after the decree's articles; ingest.sections): its articles are cited "Điều 4 Quy chế".
LEVEL_ATTACHED = "Văn bản kèm theo"


@dataclass
class Page:
    """A page of a paged document (PDF, scanned image) and where it lies in the clean text."""

    number: int  # 1-based, as the file numbers it
    start: int
    end: int
    ocr: bool = False  # its text was read by OCR (no usable text layer)


@dataclass
class Chunk:
    """The unit that is embedded, indexed, retrieved and quoted.

    ``text`` is quoted verbatim; ``context`` (document number, section heading) is
    embedded with it but never quoted.
    """

    chunk_id: str  # stable: f"{doc_id}#{ordinal}" hashed with the text
    doc_id: str
    ordinal: int
    section: str
    section_path: list[str]
    section_title: str
    kind: str
    text: str
    context: str
    citation_label: str
    # The numbered sections inside the chunk, so a quote is cited by the section it is in
    # ("Điểm 2.1 …" even when the chunk holds all of "Mục 2"): [offset in text, section,
    # citation label], in order.
    spans: list[list] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)  # the pages it stands on (paged documents only)
    ocr: bool = False  # some of its text was read by OCR


@dataclass
class ConvertedDocument:
    """A file turned into clean Unicode text with its metadata and sections."""

    meta: DocMeta
    text: str
    sections: list[Section]
    encoding: str = "unicode"  # detected source encoding: unicode, tcvn3, vni, cp1258, ...
    warnings: list[str] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)  # paged documents: each usable page's span of text
