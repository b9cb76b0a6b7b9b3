"""The ingest pipeline, built in one place: files → converted documents → chunk Documents.

``index.service.Library`` runs it one file at a time (the index state records each file's
chunks before they are written), then hands the chunks to the index pipeline.
"""

from __future__ import annotations

from haystack import Pipeline

from common.config import Settings
from ingest.components import PolicyFileConverter, SectionChunker


def build_ingest_pipeline(settings: Settings) -> Pipeline:
    """``converter`` (sources → converted, failures) → ``chunker`` (converted → documents).

    Run with ``{"converter": {"sources": [...]}}`` and
    ``include_outputs_from={"converter"}`` to get the converted documents and failures too.
    """
    pipeline = Pipeline()
    pipeline.add_component(
        "converter",
        PolicyFileConverter(
            max_file_mb=settings.ingest.max_file_mb,
            libreoffice_timeout_s=settings.ingest.libreoffice_timeout_s,
        ),
    )
    pipeline.add_component(
        "chunker",
        SectionChunker(max_tokens=settings.ingest.chunk_max_tokens, min_chars=settings.ingest.chunk_min_chars),
    )
    pipeline.connect("converter.converted", "chunker.converted")
    return pipeline
