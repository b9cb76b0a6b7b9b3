"""The corpus manifest: metadata the texts lack, and documents known only by metadata.

A folder may hold ``manifest.json``; its ``documents`` entries (keyed by path relative to
that folder) fill or override what extraction finds and set each file's status
(original / digest), and its ``known`` entries describe related documents whose text we do
not have (status metadata-only) so that they can be listed, linked and never quoted.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common.errors import IngestError
from common.types import STATUS_DIGEST, STATUS_METADATA_ONLY, STATUS_ORIGINAL

MANIFEST_NAME = "manifest.json"

# Fields of DocMeta that a manifest entry may set.
OVERRIDABLE = ("doc_type", "doc_number", "issuer", "place", "issued_date", "summary", "signer", "signer_title")


@dataclass
class ManifestEntry:
    """Overrides for one file (``path`` relative to the manifest folder)."""

    path: str
    status: str = STATUS_ORIGINAL
    priority: int = 100
    overrides: dict[str, Any] = field(default_factory=dict)
    note: str = ""


@dataclass
class KnownDocument:
    """A related document known by metadata only (until an admin adds its file)."""

    doc_number: str
    doc_type: str | None = None
    issued_date: str | None = None
    issuer: str | None = None
    summary: str | None = None


@dataclass
class Manifest:
    """Parsed ``manifest.json`` of one folder; an empty manifest when the folder has none."""

    root: Path
    entries: dict[str, ManifestEntry] = field(default_factory=dict)
    known: list[KnownDocument] = field(default_factory=list)

    @functools.cached_property
    def _resolved_root(self) -> Path:
        return self.root.resolve()

    def entry_for(self, path: Path, *, resolved: bool = False) -> ManifestEntry | None:
        """The entry for ``path`` (absolute or relative to the manifest folder), if any.

        :param resolved: ``path`` is already absolute and resolved (saves a ``realpath`` per
            file when a folder of thousands is ordered)."""
        try:
            rel = (Path(path) if resolved else Path(path).resolve()).relative_to(self._resolved_root).as_posix()
        except ValueError:
            rel = Path(path).as_posix()
        return self.entries.get(rel)

    def priority(self, path: Path, *, resolved: bool = False) -> int:
        """Ingestion order: listed mission documents first, then the rest."""
        entry = self.entry_for(path, resolved=resolved)
        return entry.priority if entry else 100


def load_manifest(folder: Path) -> Manifest:
    """Read ``folder/manifest.json``.

    :raises IngestError: the manifest exists but is not valid (named, with the reason).
    """
    path = Path(folder) / MANIFEST_NAME
    manifest = Manifest(root=Path(folder))
    if not path.is_file():
        return manifest
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IngestError(str(path), f"tệp manifest không hợp lệ ({exc})") from exc
    for raw in data.get("documents", []):
        status = raw.get("status", STATUS_ORIGINAL)
        if status not in (STATUS_ORIGINAL, STATUS_DIGEST):
            raise IngestError(str(path), f"trạng thái không hợp lệ cho {raw.get('path')!r}: {status!r}")
        manifest.entries[raw["path"]] = ManifestEntry(
            path=raw["path"],
            status=status,
            priority=int(raw.get("priority", 100)),
            overrides={k: raw[k] for k in OVERRIDABLE if raw.get(k)},
            note=raw.get("note", ""),
        )
    for raw in data.get("known", []):
        manifest.known.append(
            KnownDocument(**{k: raw.get(k) for k in ("doc_number", "doc_type", "issued_date", "issuer", "summary")})
        )
    return manifest


def find_manifest(path: Path) -> Manifest:
    """The manifest that governs ``path``: the nearest ``manifest.json`` in it or its parents."""
    path = Path(path).resolve()
    folder = path if path.is_dir() else path.parent
    for candidate in (folder, *folder.parents):
        if (candidate / MANIFEST_NAME).is_file():
            return load_manifest(candidate)
    return Manifest(root=folder)


__all__ = ["Manifest", "ManifestEntry", "KnownDocument", "load_manifest", "find_manifest", "STATUS_METADATA_ONLY"]
