"""Haystack components of the ingest stage: thin adapters over :mod:`ingest.convert`."""

from __future__ import annotations

from collections.abc import Callable

from haystack import Document, component

from common.errors import IngestError
from common.types import Chunk, ConvertedDocument, DocMeta
from ingest.convert import ConvertOptions, convert_file, make_chunks
from ingest.dockind import KindOptions, kind_options
from ingest.guard import read_limits
from ingest.ocr import ocr_options
from ingest.service import SourceFile


def chunk_meta(meta: DocMeta, chunk: Chunk) -> dict:
    """The payload stored with each chunk (schema in README, "Metadata schema").

    Document-level fields are repeated on every chunk so that filters and citations need
    no second lookup; ``cites`` holds document numbers as written.
    """
    return {
        "doc_id": meta.doc_id,
        "doc_type": meta.doc_type,
        "doc_number": meta.doc_number,
        "number_key": meta.number_key,
        "issuer": meta.issuer,
        "place": meta.place,
        "issued_date": meta.issued_date,
        "summary": meta.summary,
        "title": meta.title,
        "cites": [c.doc_number for c in meta.cites],
        "source_path": meta.source_path,
        "content_hash": meta.content_hash,
        "status": meta.status,
        "chunk_id": chunk.chunk_id,
        "ordinal": chunk.ordinal,
        "section": chunk.section,
        "section_path": chunk.section_path,
        "section_title": chunk.section_title,
        "kind": chunk.kind,
        "citation_label": chunk.citation_label,
        "context": chunk.context,
        "spans": chunk.spans,
        "pages": chunk.pages,
        "ocr": chunk.ocr,
    }


def to_haystack(doc: ConvertedDocument, chunks: list[Chunk]) -> list[Document]:
    """Chunks as Haystack Documents with explicit, stable ids."""
    return [Document(id=c.chunk_id, content=c.text, meta=chunk_meta(doc.meta, c)) for c in chunks]


@component
class PolicyFileConverter:
    """Files → :class:`ConvertedDocument`; known failures go to ``failures`` and the rest go on.

    Scanned pages and image files are read by OCR (:mod:`ingest.ocr`); the ``ocr_*`` parameters
    are the ``ingest`` settings of the same names, and so are the limits of parsing one file
    (:mod:`ingest.guard`) and the ``meta_*`` bars by which a document that is no instrument is told
    a form, a table, a speech … (:mod:`ingest.dockind`).
    """

    def __init__(
        self,
        max_file_mb: float = 50.0,
        libreoffice_timeout_s: float = 120.0,
        ocr_dpi: int = 200,
        ocr_language: str = "vie",
        ocr_workers: int = 2,
        ocr_timeout_s: float = 120.0,
        ocr_min_chars: int = 20,
        ocr_min_share: float = 0.5,
        parse_timeout_s: float = 120.0,
        parse_memory_mb: int = 1536,
        max_unpacked_mb: float = 300.0,
        text_min_share: float = 0.6,
        meta_head_lines: int = KindOptions.head_lines,
        meta_form_blank_lines: int = KindOptions.form_blank_lines,
        meta_figure_share: float = KindOptions.figure_share,
        meta_table_line_share: float = KindOptions.table_line_share,
        meta_short_line_share: float = KindOptions.short_line_share,
        meta_legal_list_share: float = KindOptions.legal_list_share,
        meta_speech_chars: int = KindOptions.speech_chars,
    ):
        if max_file_mb <= 0:
            raise ValueError("max_file_mb must be positive")
        if ocr_dpi < 50 or ocr_workers < 1:
            raise ValueError("ocr_dpi must be at least 50 and ocr_workers at least 1")
        self.max_file_mb = max_file_mb
        self.libreoffice_timeout_s = libreoffice_timeout_s
        self.ocr = ocr_options({"ocr_dpi": ocr_dpi, "ocr_language": ocr_language, "ocr_workers": ocr_workers,
                                "ocr_timeout_s": ocr_timeout_s, "ocr_min_chars": ocr_min_chars,
                                "ocr_min_share": ocr_min_share})
        self.limits = read_limits({"parse_timeout_s": parse_timeout_s, "parse_memory_mb": parse_memory_mb,
                                   "max_unpacked_mb": max_unpacked_mb, "text_min_share": text_min_share})
        self.kinds = kind_options({
            "meta_head_lines": meta_head_lines, "meta_form_blank_lines": meta_form_blank_lines,
            "meta_figure_share": meta_figure_share, "meta_table_line_share": meta_table_line_share,
            "meta_short_line_share": meta_short_line_share, "meta_legal_list_share": meta_legal_list_share,
            "meta_speech_chars": meta_speech_chars})

    @component.output_types(converted=list[ConvertedDocument], failures=list[IngestError])
    def run(self, sources: list[SourceFile], on_page: Callable[[int, int], None] | None = None) -> dict:
        """:param on_page: OCR progress of the file being read, called with (pages read, pages to read)."""
        options = ConvertOptions(max_file_mb=self.max_file_mb, libreoffice_timeout_s=self.libreoffice_timeout_s,
                                 ocr=self.ocr, limits=self.limits, kinds=self.kinds)
        converted: list[ConvertedDocument] = []
        failures: list[IngestError] = []
        for source in sources:
            try:
                converted.append(convert_file(source.path, root=source.root, manifest=source.manifest, options=options,
                                              on_page=on_page))
            except IngestError as exc:
                failures.append(exc)
        return {"converted": converted, "failures": failures}


@component
class SectionChunker:
    """:class:`ConvertedDocument` → Haystack Documents, one per chunk, never cutting a sentence."""

    def __init__(self, max_tokens: int = 450, min_chars: int = 1500, label_title_words: int = 12):
        if max_tokens < 32:
            raise ValueError("max_tokens must be at least 32")
        self.max_tokens = max_tokens
        self.min_chars = min_chars
        self.label_title_words = label_title_words

    @component.output_types(documents=list[Document])
    def run(self, converted: list[ConvertedDocument]) -> dict:
        options = ConvertOptions(chunk_max_tokens=self.max_tokens, chunk_min_chars=self.min_chars,
                                 label_title_words=self.label_title_words)
        documents: list[Document] = []
        for doc in converted:
            documents.extend(to_haystack(doc, make_chunks(doc, options=options)))
        return {"documents": documents}
