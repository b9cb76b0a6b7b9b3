"""Types the index stage returns to the facade: ingestion reports and the document library."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class IngestReport:
    """The ``ingest --json`` record (docs/CLI.md)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)  # {"path", "error"}
    # What an indexed file lost: a page of a scan nothing could be read from ({"path", "warning"}).
    warnings: list[dict] = field(default_factory=list)
    # Indexed files that repeat another one (indexed, answered from, but worth the admin's
    # look): {"path", "same_as", "reason"}; see index.service.find_duplicates.
    duplicates: list[dict] = field(default_factory=list)
    documents: int = 0  # documents in the index after the run
    chunks: int = 0  # chunks in the index after the run
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class IngestPlan:
    """What an ingestion would do, known before it starts (``index.plan.plan_ingest``)."""

    new: list[str] = field(default_factory=list)  # files not in the index yet
    changed: list[str] = field(default_factory=list)  # indexed files that would be processed again
    unchanged: int = 0  # files that would be skipped
    removed: list[str] = field(default_factory=list)  # indexed files gone from their folder
    # Why every file is processed again ("rebuild", "converter"); "config": refused without a rebuild.
    reason: str | None = None
    chunks: int = 0  # chunks of new text to embed (estimated from file sizes for new files)
    cached_chunks: int = 0  # chunks of unchanged files processed again: vectors from the embedding cache
    chunks_per_second: float = 0.0  # speed of embedding new text
    measured: bool = False  # the speed was measured on this index (else a typical figure)
    seconds: float = 0.0  # estimated duration

    @property
    def files(self) -> int:
        return len(self.new) + len(self.changed)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class DocumentInfo:
    """One entry of the library (``docs --json``): an indexed file or a document known by metadata."""

    doc_id: str
    doc_number: str | None
    doc_type: str | None
    issuer: str | None
    issued_date: str | None
    title: str
    status: str  # original | digest | metadata-only
    source_path: str | None
    chunks: int
    cites: list[str] = field(default_factory=list)  # doc numbers
    cited_by: list[str] = field(default_factory=list)  # doc numbers (or titles when unnumbered)
    amends: list[str] = field(default_factory=list)  # doc numbers it says it amends, replaces or repeals
    amended_by: list[str] = field(default_factory=list)  # doc_ids of loaded documents amending it
    issued_with: str | None = None  # number of the decision a regulation or annex was issued with
    summary: str | None = None
    number_key: str | None = None
    place: str | None = None
    signer: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class IngestProgress:
    """What a progress callback receives, once per file, once per page read by OCR and once per embedded batch."""

    stage: str  # "convert" | "ocr" (message: "trang 3/12") | "embed" | "write" | "done" | "failed" | "skip"
    path: str
    done_files: int
    total_files: int
    message: str = ""
