"""The ingest pipeline, built in one place: files → converted documents → chunk Documents.

``index.service.Library`` runs it one file at a time (the index state records each file's
chunks before they are written), then hands the chunks to the index pipeline.
"""

from __future__ import annotations

from haystack import Pipeline

from common.config import Settings
from ingest.components import PolicyFileConverter, SectionChunker
from ingest.convert import ConvertOptions
from ingest.dockind import META_SETTINGS, kind_options
from ingest.guard import LIMIT_SETTINGS, read_limits
from ingest.ocr import OCR_SETTINGS, ocr_options


def _values(settings: Settings, names: tuple[str, ...]) -> dict:
    """The ``ingest`` settings ``names`` as keyword values (the OCR, parsing-limit and kind settings
    reach the converter component as plain parameters)."""
    return {name: getattr(settings.ingest, name) for name in names}


def convert_options(settings: Settings) -> ConvertOptions:
    """The conversion parameters of ``settings`` (for ``policyqa convert``)."""
    i = settings.ingest
    return ConvertOptions(max_file_mb=i.max_file_mb, libreoffice_timeout_s=i.libreoffice_timeout_s,
                          chunk_max_tokens=i.chunk_max_tokens, chunk_min_chars=i.chunk_min_chars,
                          ocr=ocr_options(_values(settings, OCR_SETTINGS)),
                          limits=read_limits(_values(settings, LIMIT_SETTINGS)),
                          kinds=kind_options(_values(settings, META_SETTINGS)), label_title_words=i.label_title_words)


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
            max_file_mb=i.max_file_mb, libreoffice_timeout_s=i.libreoffice_timeout_s, **_values(settings, OCR_SETTINGS),
            **_values(settings, LIMIT_SETTINGS),
            **_values(settings, META_SETTINGS),
        ),
    )
    pipeline.add_component(
        "chunker",
        SectionChunker(max_tokens=i.chunk_max_tokens, min_chars=i.chunk_min_chars,
                       label_title_words=i.label_title_words),
    )
    pipeline.connect("converter.converted", "chunker.converted")
    return pipeline
