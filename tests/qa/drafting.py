"""What the drafting tests share: a corpus document as the planner sees it."""

from __future__ import annotations

from ingest.components import to_haystack
from ingest.convert import convert_file, make_chunks
from ingest.manifest import load_manifest
from qa.draft.sources import SourceDocument
from qa.retrieval import to_passages
from tests.conftest import CORPUS


def loaded_document(path: str) -> SourceDocument:
    """One corpus document through the real conversion and chunking, as the planner sees it."""
    converted = convert_file(CORPUS / path, root=CORPUS, manifest=load_manifest(CORPUS))
    meta = converted.meta
    return SourceDocument(meta.doc_id, converted.text, converted.sections,
                          to_passages(to_haystack(converted, make_chunks(converted))), meta.title,
                          meta.summary or "", meta.status, meta.doc_type or "")
