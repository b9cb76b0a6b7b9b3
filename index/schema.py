"""The one Qdrant collection schema, shared by the embedded engine and a Qdrant server.

Both backends must hold the same points so that an index built by one is read correctly by
the other and the same filters mean the same thing. qdrant-haystack already fixes most of
the layout (its ``QdrantDocumentStore`` is the server backend), so its choices are adopted
here and the embedded backend follows them:

- named dense vector ``text-dense`` (cosine, size = embedder dimension) and named sparse
  vector ``text-sparse`` with the IDF modifier (the sparse encoder gives term frequencies;
  the engine supplies the corpus statistics);
- payload = ``Document.to_dict(flatten=False)`` without the vectors, so a Haystack filter
  field ``meta.doc_type`` is the payload path ``meta.doc_type`` on both backends;
- point id = UUID5 of the Haystack Document id in qdrant-haystack's namespace.

``issued_date`` stays an ISO 8601 string (``2004-11-15``): both engines compare such strings
as datetimes in a range condition, and a datetime payload index serves those ranges.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from haystack import Document
from haystack.dataclasses import SparseEmbedding
from haystack.utils.filters import COMPARISON_OPERATORS, LOGICAL_OPERATORS, FilterError
from haystack_integrations.document_stores.qdrant.converters import (
    DENSE_VECTORS_NAME,
    SPARSE_VECTORS_NAME,
    convert_id,
)

DENSE_VECTOR = DENSE_VECTORS_NAME  # "text-dense"
SPARSE_VECTOR = SPARSE_VECTORS_NAME  # "text-sparse"

# Payload indexes: the fields users filter by and the fields re-indexing deletes by.
# Values are Qdrant payload schema types (the same names on the server and in the edge engine).
PAYLOAD_INDEXES: dict[str, str] = {
    "meta.doc_id": "keyword",
    "meta.doc_number": "keyword",
    "meta.number_key": "keyword",
    "meta.doc_type": "keyword",
    "meta.issuer": "keyword",
    "meta.issued_date": "datetime",
    "meta.source_path": "keyword",
    "meta.kind": "keyword",
    "meta.status": "keyword",
    "meta.ordinal": "integer",  # neighbours of a retrieved chunk (qa.expand)
}

FUSIONS = ("rrf", "dbsf")
# Qdrant's own RRF constant (server and qdrant-client both default to 2): kept so that a plain
# RRF fusion query on any server version gives the same ranking as the embedded engine.
RRF_K = 2


def point_id(document_id: str) -> str:
    """The Qdrant point id of a Haystack Document id (a UUID5 hex, as qdrant-haystack makes it)."""
    return convert_id(document_id)


def document_payload(document: Document) -> dict[str, Any]:
    """The payload stored for ``document``: everything but its vectors (qdrant-haystack's layout).

    The vectors are dropped before ``to_dict``: its ``dataclasses.asdict`` deep-copies them
    float by float, which made converting a 384-d chunk cost ≈ 3 ms.
    """
    payload = replace(document, embedding=None, sparse_embedding=None).to_dict(flatten=False)
    payload.pop("embedding", None)
    payload.pop("sparse_embedding", None)
    return payload


def document_from_payload(
    payload: dict[str, Any] | None,
    score: float | None = None,
    dense: list[float] | None = None,
    sparse: SparseEmbedding | None = None,
) -> Document:
    """Rebuild the Haystack Document a point was written from, with the query ``score``.

    The sparse vector is attached after ``from_dict``: going through ``to_dict`` would run
    ``dataclasses.asdict`` over every index and value (≈ 5 ms a chunk).
    """
    data = dict(payload or {})
    data["score"] = score
    data["embedding"] = dense
    data["sparse_embedding"] = None
    document = Document.from_dict(data)
    return replace(document, sparse_embedding=sparse) if sparse is not None else document


def check_fusion(fusion: str) -> str:
    """``fusion`` lower-cased, if it is one both backends support.

    ``weighted`` (the settings' name for score-based fusion) means DBSF, which normalizes each
    ranking's scores by their distribution before summing them.

    :raises ValueError: unknown fusion.
    """
    name = {"weighted": "dbsf"}.get(fusion.lower(), fusion.lower())
    if name not in FUSIONS:
        raise ValueError(f"Unknown fusion {fusion!r}: use one of {', '.join(FUSIONS)}.")
    return name


def normalize_filters(filters: dict[str, Any] | None) -> dict[str, Any] | None:
    """Check a Haystack filter and rewrite it so that both backends read it the same way.

    qdrant-haystack turns ``NOT [a, b]`` into "neither a nor b", while Haystack defines it
    as "not (a and b)"; wrapping the conditions of every ``NOT`` in an ``AND`` gives the
    Haystack meaning on both backends. Empty filters become ``None``.

    :raises FilterError: unknown operator, missing ``field``/``value``/``conditions``,
        a ``None`` value, or a non-list value for ``in``/``not in``.
    """
    if not filters:
        return None
    if not isinstance(filters, dict):
        raise FilterError(f"A filter must be a dict, got {type(filters).__name__}.")
    return _normalize(filters)


def _normalize(item: dict[str, Any]) -> dict[str, Any]:
    operator = item.get("operator")
    if operator in LOGICAL_OPERATORS:
        conditions = item.get("conditions")
        if not conditions or not isinstance(conditions, list):
            raise FilterError(f"'conditions' not found for '{operator}'.")
        inner = [_normalize(c) for c in conditions]
        if operator == "NOT" and len(inner) > 1:
            inner = [{"operator": "AND", "conditions": inner}]
        return {"operator": operator, "conditions": inner}
    if operator in COMPARISON_OPERATORS:
        field, value = item.get("field"), item.get("value")
        if not field or value is None:
            raise FilterError(f"'field' or 'value' not found for '{operator}'.")
        if operator in ("in", "not in") and not isinstance(value, list):
            raise FilterError(f"'{operator}' needs a list value, got {value!r}.")
        return {"field": field, "operator": operator, "value": value}
    raise FilterError(f"Unknown operator {operator!r} used in filters.")


def field_filter(field: str, value: str) -> dict[str, Any]:
    """The Haystack filter ``meta.<field> == value`` (used to delete by doc_id / source_path)."""
    return {"field": f"meta.{field}", "operator": "==", "value": value}
