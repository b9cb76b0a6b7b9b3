"""Relations between the library's files that the admin and the reader should see: files
that repeat another one, and documents amended by a loaded one (pure functions over the
index state's records and the library's entries)."""

from __future__ import annotations

from common.types import STATUS_METADATA_ONLY, STATUS_ORIGINAL, DocMeta
from common.vietnamese.numbers import number_key
from index.types import DocumentInfo


def find_duplicates(files: list) -> list[dict]:
    """Indexed files that repeat an earlier one (in path order): the same bytes, or the same
    số hiệu for two originals (one document converted twice, e.g. a .doc and its .txt). Both
    stay indexed — answers then cite either — but the admin should keep one."""
    first_by_hash: dict[str, str] = {}
    first_by_number: dict[str, str] = {}
    out = []
    for f in sorted(files, key=lambda f: f.source_path):
        if not f.content_hash:
            continue
        meta = DocMeta.from_dict(f.meta)
        same_bytes = first_by_hash.setdefault(f.content_hash, f.path)
        if same_bytes != f.path:
            out.append({"path": f.path, "same_as": same_bytes, "reason": "trùng nội dung (giống hệt từng byte)"})
            continue
        if meta.number_key and meta.status == STATUS_ORIGINAL:
            same_number = first_by_number.setdefault(meta.number_key, f.path)
            if same_number != f.path:
                out.append({"path": f.path, "same_as": same_number, "reason": f"cùng số hiệu {meta.doc_number}"})
    return out


def link_amendments(infos: dict[str, DocumentInfo], by_key: dict[str, DocumentInfo]) -> None:
    """``amended_by`` of each document that a loaded document says it amends: found by its
    number, or, for a regulation without one, by the decision it was issued with (a loaded
    text before an entry known only by metadata)."""
    issued_with = {number_key(i.issued_with): i for i in infos.values() if i.issued_with}
    for info in list(infos.values()):
        if info.status == STATUS_METADATA_ONLY:
            continue
        for number in info.amends:
            key = number_key(number)
            target = by_key.get(key)
            if target is None or target.status == STATUS_METADATA_ONLY:  # a loaded text first
                target = issued_with.get(key) or target
            if target is not None and target is not info and info.doc_id not in target.amended_by:
                target.amended_by.append(info.doc_id)
