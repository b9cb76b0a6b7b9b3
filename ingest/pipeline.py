"""The ingest pipeline, built in one place: files → converted documents → chunk Documents.

``index.service.Library`` runs it one file at a time (the index state records each file's
chunks before they are written), then hands the chunks to the index pipeline.
"""

from __future__ import annotations

from haystack import Pipeline

from common.config import Settings
from ingest.components import PolicyFileConverter, SectionChunker
from ingest.convert import ConvertOptions
from ingest.ocr import OcrOptions


def convert_options(settings: Settings) -> ConvertOptions:
    """The conversion parameters of ``settings`` (for ``policyqa convert`` and the benchmarks)."""
    i = settings.ingest
    ocr = OcrOptions(dpi=i.ocr_dpi, language=i.ocr_language, workers=i.ocr_workers, timeout_s=i.ocr_timeout_s,
                     min_chars=i.ocr_min_chars, min_share=i.ocr_min_share)
    return ConvertOptions(max_file_mb=i.max_file_mb, libreoffice_timeout_s=i.libreoffice_timeout_s,
                          chunk_max_tokens=i.chunk_max_tokens, chunk_min_chars=i.chunk_min_chars, ocr=ocr)


def build_ingest_pipeline(settings: Settings) -> Pipeline:
    """``converter`` (sources → converted, failures) → ``chunker`` (converted → documents).

    Run with ``{"converter": {"sources": [...]}}`` (``"on_page"`` beside it for OCR progress) and
    ``include_outputs_from={"converter"}`` to get the converted documents and failures too.
    """
    i = settings.ingest
    pipeline = Pipeline()
    pipeline.add_component(
        "converter",
        PolicyFileConverter(
            max_file_mb=i.max_file_mb,
            libreoffice_timeout_s=i.libreoffice_timeout_s,
            ocr_dpi=i.ocr_dpi,
            ocr_language=i.ocr_language,
            ocr_workers=i.ocr_workers,
            ocr_timeout_s=i.ocr_timeout_s,
            ocr_min_chars=i.ocr_min_chars,
            ocr_min_share=i.ocr_min_share,
        ),
    )
    pipeline.add_component(
        "chunker",
        SectionChunker(max_tokens=settings.ingest.chunk_max_tokens, min_chars=settings.ingest.chunk_min_chars),
    )
    pipeline.connect("converter.converted", "chunker.converted")
    return pipeline
