"""File → :class:`ConvertedDocument` → :class:`Chunk`: the ingest stage as plain functions.

Each step is a pure function owned by its module (readers, legacy, normalize, metadata,
sections, chunking); this module only chains them and applies the manifest, so the CLI's
``convert``, the Haystack components and the tests all run exactly the same code.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from common.errors import IngestError
from common.types import (
    CITABLE_KINDS,
    STATUS_ORIGINAL,
    Chunk,
    ConvertedDocument,
    DocMeta,
    Page,
    Section,
)
from common.vietnamese import normalize, numbers
from ingest import celltables, chunking, labels, metadata, readers, sections
from ingest.dockind import KindOptions
from ingest.guard import ReadLimits
from ingest.manifest import Manifest
from ingest.ocr import OcrOptions
from ingest.pages import page_label, page_spans, pages_between, visible_count
from ingest.rawtext import RawText
from ingest.scanned import OnPage

SUPPORTED_SUFFIXES = readers.SUPPORTED


@dataclass(frozen=True)
class ConvertOptions:
    """Plain parameters of conversion and splitting (filled from settings by the pipeline builder)."""

    max_file_mb: float = 50.0
    libreoffice_timeout_s: float = 120.0
    chunk_max_tokens: int = 450
    chunk_min_chars: int = 1500
    ocr: OcrOptions = OcrOptions()
    limits: ReadLimits = ReadLimits()
    kinds: KindOptions = KindOptions()  # how a document that is no instrument is told a form, a table …
    label_title_words: int = 12  # words of a title in the citation label of a document cited by its title


def file_hash(path: Path) -> str:
    """sha256 of the file's bytes: what tells a changed file from an unchanged one."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def doc_id_for(source_path: str) -> str:
    """A stable, readable id: the source path without extension (``moi-truong/2016-...``)."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", source_path)
    return stem.strip("/") or "document"


def relative_source(path: Path, root: Path | None) -> str:
    """``path`` relative to ``root`` with posix separators (the file name when outside it)."""
    path = Path(path).resolve()
    if root is not None:
        try:
            return path.relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return path.name


def convert_file(
    path: Path,
    *,
    root: Path | None = None,
    manifest: Manifest | None = None,
    options: ConvertOptions = ConvertOptions(),
    on_page: OnPage | None = None,
) -> ConvertedDocument:
    """Read one file into clean text, metadata and sections.

    :param root: folder the document's ``source_path`` is relative to.
    :param manifest: overrides and status for files it lists.
    :param on_page: OCR progress, called with (pages read, pages to read).
    :raises IngestError: the file cannot be read (named, with a one-line reason).
    """
    path = Path(path)
    raw = readers.read_file(
        path,
        max_bytes=int(options.max_file_mb * 2**20),
        libreoffice_timeout_s=options.libreoffice_timeout_s,
        ocr=options.ocr,
        on_page=on_page,
        limits=options.limits,
    )
    text = normalize.clean_text(raw.text)
    # Tables a converter flattened one cell per line become tab-separated rows, as every
    # reader gives tables (qa.tables reads a row under its headers); before the lines of a
    # paged file are rejoined, which would merge a row's cells into a sentence.
    text = celltables.rebuild_cell_tables(text)
    if raw.pages:  # PDF and scans keep the page's visual line breaks
        text = normalize.join_wrapped_lines(text)
    else:  # a transcript of a paged original: its page numbers interrupt sentences (pages of a PDF are
        text = normalize.drop_page_numbers(text)  # located by their visible characters, kept as read)
    if not text.strip():
        raise IngestError(str(path), "không trích xuất được nội dung văn bản")
    source_path = relative_source(path, root if root is not None else (manifest.root if manifest else None))
    meta = build_meta(text, source_path=source_path, content_hash=file_hash(path), manifest_entry=(
        manifest.entry_for(path) if manifest else None), kinds=options.kinds)
    doc_sections = sections.split_sections(text)
    return ConvertedDocument(meta=meta, text=text, sections=doc_sections, encoding=raw.encoding,
                             warnings=list(raw.warnings), pages=_pages(raw, text))


def _pages(raw: RawText, text: str) -> list[Page]:
    """Each usable page's span of the clean text (none for files without pages)."""
    if not raw.pages:
        return []
    return page_spans(text, [(p.number, visible_count(p.text), p.ocr) for p in raw.pages])


def build_meta(text: str, *, source_path: str, content_hash: str, manifest_entry=None,
               kinds: KindOptions = KindOptions()) -> DocMeta:
    """Metadata from the text's own layout, then the manifest's overrides."""
    found = metadata.extract_metadata(text, kinds)
    fields = {name: getattr(found, name) for name in (
        "doc_type", "doc_number", "issuer", "place", "issued_date", "summary",
        "recipients", "distribution", "signer", "signer_title", "cites", "amends", "issued_with")}
    status = STATUS_ORIGINAL
    if manifest_entry is not None:
        fields.update(manifest_entry.overrides)
        status = manifest_entry.status
    number = fields.get("doc_number")
    number_key = numbers.number_key(number) if number else None
    if number_key:
        fields["cites"] = [c for c in fields["cites"] if c.number_key != number_key]
        fields["amends"] = [c for c in fields["amends"] if c.number_key != number_key]
    meta = DocMeta(
        doc_id=doc_id_for(source_path),
        source_path=source_path,
        content_hash=content_hash,
        status=status,
        number_key=number_key,
        **fields,
    )
    meta.title = document_title(meta)
    return meta


def _formal_label(meta: DocMeta, title_words: int | None = None) -> str:
    """The document's formal name; one that is only a kind ("Bảng số liệu": no number, title,
    date or issuer) is told apart by its file name."""
    label = labels.document_label(meta.doc_type, meta.doc_number, meta.issued_date, meta.issuer, meta.issued_with,
                                  meta.summary, title_words)
    if label == meta.doc_type and meta.source_path:
        label += f" (tệp {Path(meta.source_path).stem})"
    return label


def document_title(meta: DocMeta) -> str:
    """What a list of documents shows: formal name, then trích yếu; a document cited by its title
    (a report, form, table, speech …) by its kind, whole title and origin."""
    label = _formal_label(meta)
    if labels.by_title(meta.doc_type, meta.doc_number, meta.summary):
        return label
    if meta.summary:
        return f"{label}: {meta.summary}" if label else meta.summary
    return label or Path(meta.source_path).stem


def citation_label(meta: DocMeta, section_text_label: str, pages: list[int] | None = None,
                   title_words: int | None = 12) -> str:
    """"Điểm 2.1 Công văn ngày 13/6/2016 của Ban Thường vụ Tỉnh ủy Bình Phước", "Mục 2 Báo cáo tình
    hình thực hiện …" (+ ", trang 3" for a paged document, + " (bản tóm lược)").

    :param title_words: words of the title kept in the label of a document cited by its title."""
    doc_label = _formal_label(meta, title_words) or Path(meta.source_path).stem
    label = f"{section_text_label} {doc_label}".strip() if section_text_label else doc_label
    if pages:
        label += f", {page_label(pages)}"
    if meta.status == "digest":
        label += " (bản tóm lược)"
    return label


def make_chunks(
    doc: ConvertedDocument,
    *,
    options: ConvertOptions = ConvertOptions(),
    count_tokens: Callable[[str], int] | None = None,
) -> list[Chunk]:
    """Split a converted document into chunks that fit the embedder, labelled for citation."""
    drafts = chunking.chunk_sections(
        doc.sections,
        max_tokens=options.chunk_max_tokens,
        min_chars=options.chunk_min_chars,
        count_tokens=count_tokens,
        text=doc.text,
    )
    meta = doc.meta
    number = meta.doc_number or meta.doc_type or ""
    chunks: list[Chunk] = []
    for ordinal, draft in enumerate(drafts):
        as_section = Section(
            section=draft.section,
            section_path=list(draft.section_path),
            section_title=draft.section_title,
            kind=draft.kind,
            text=draft.text,
            start=draft.start,
            end=draft.end,
            level_names=list(draft.level_names),
        )
        sec_label = sections.section_label(as_section) if draft.section else ""
        context_parts = [p for p in (number, meta.summary or "", sec_label, draft.section_title) if p]
        digest = hashlib.sha256(f"{meta.doc_id}\n{ordinal}\n{draft.text}".encode()).hexdigest()[:16]
        on_pages = pages_between(doc.pages, draft.start, draft.end)
        numbers = [p.number for p in on_pages]
        chunks.append(
            Chunk(
                chunk_id=f"{meta.doc_id}#{ordinal}:{digest}",
                doc_id=meta.doc_id,
                ordinal=ordinal,
                section=draft.section,
                section_path=list(draft.section_path),
                section_title=draft.section_title,
                kind=draft.kind,
                text=draft.text,
                context=" — ".join(context_parts),
                citation_label=citation_label(meta, sec_label, numbers, options.label_title_words),
                spans=_inner_spans(meta, doc.sections, doc.pages, draft.start, draft.end, (draft.section, sec_label),
                                   options.label_title_words),
                pages=numbers,
                ocr=any(p.ocr for p in on_pages),
            )
        )
    return chunks


def _inner_spans(meta: DocMeta, doc_sections: list[Section], pages: list[Page], start: int, end: int,
                 own: tuple[str, str], title_words: int | None = 12) -> list[list]:
    """[offset in the chunk, section, citation label] of each numbered section the chunk holds.

    In a paged document there is also an entry where a page begins, so that a quote is cited
    with the page it stands on; ``own`` (the chunk's section and its label) names the text
    before the chunk's first numbered section.
    """
    found: list[tuple[int, str, str]] = []
    for s in doc_sections:
        if s.end <= start or s.start >= end or not s.section or s.kind not in CITABLE_KINDS:
            continue
        found.append((max(s.start, start) - start, s.section, sections.section_label(s)))
    if not pages:
        return [[offset, section, citation_label(meta, label, title_words=title_words)]
                for offset, section, label in found]
    cuts = {offset for offset, _s, _l in found}
    cuts |= {max(p.start, start) - start for p in pages_between(pages, start, end)}
    spans: list[list] = []
    for cut in sorted(cuts):
        section, label = own
        for offset, inner, inner_label in found:
            if offset <= cut:
                section, label = inner, inner_label
        page = pages_between(pages, start + cut, start + cut)[0].number
        spans.append([cut, section, citation_label(meta, label, [page], title_words)])
    return spans
