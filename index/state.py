"""Incremental index state: which file is indexed with which content, as which chunks.

A small SQLite file under home. Together with the order of writes in
:mod:`index.service` it makes ingestion safe to interrupt:

1. ``begin_file`` records the chunk ids about to be written as *pending*;
2. the chunks are written to the store (upserts: writing twice changes nothing);
3. ``finish_file`` makes them current and returns the stale ids, which are then deleted.

A run killed between 1 and 3 leaves pending ids that the next run finishes or deletes,
so a rerun converges to the same index as a clean build, and nothing already indexed is
lost before its replacement is stored.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from common.errors import IndexStoreError

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,          -- absolute, resolved path of the source file
    source_path TEXT NOT NULL,      -- path shown to users (relative to the ingested folder)
    doc_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,     -- '' while only pending
    chunk_ids TEXT NOT NULL,        -- JSON list: what the store holds for this file
    pending_ids TEXT NOT NULL,      -- JSON list: being written, not yet confirmed
    meta TEXT NOT NULL              -- JSON DocMeta, for listings without touching the store
);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS known (  -- documents known by metadata only (from manifests)
    number_key TEXT PRIMARY KEY,
    data TEXT NOT NULL
);
"""


@dataclass
class FileState:
    path: str
    source_path: str
    doc_id: str
    content_hash: str
    chunk_ids: list[str]
    pending_ids: list[str]
    meta: dict


class IndexState:
    """The SQLite state file. Open with :meth:`open`; one process writes at a time."""

    def __init__(self, db: sqlite3.Connection, path: Path):
        self._db = db
        self.path = path

    @classmethod
    def open(cls, home: Path) -> "IndexState":
        home = Path(home)
        home.mkdir(parents=True, exist_ok=True)
        path = home / "state.sqlite"
        db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(SCHEMA)
        return cls(db, path)

    def close(self) -> None:
        self._db.close()

    def version(self) -> tuple[int, int]:
        """Changes whenever the state does: rows this connection changed, and SQLite's
        ``data_version``, which moves when another connection (another process) commits.
        What caches a reading of the state (the catalogue) compares it."""
        return self._db.total_changes, self._db.execute("PRAGMA data_version").fetchone()[0]

    # --- settings ---------------------------------------------------------------------------
    def get_setting(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)", (key, value))

    # --- files ------------------------------------------------------------------------------
    def files(self) -> list[FileState]:
        rows = self._db.execute(
            "SELECT path, source_path, doc_id, content_hash, chunk_ids, pending_ids, meta FROM files ORDER BY source_path"
        ).fetchall()
        return [self._row(r) for r in rows]

    def get(self, path: str) -> FileState | None:
        row = self._db.execute(
            "SELECT path, source_path, doc_id, content_hash, chunk_ids, pending_ids, meta FROM files WHERE path=?",
            (path,),
        ).fetchone()
        return self._row(row) if row else None

    @staticmethod
    def _row(row) -> FileState:
        return FileState(row[0], row[1], row[2], row[3], json.loads(row[4]), json.loads(row[5]), json.loads(row[6]))

    def begin_file(self, path: str, source_path: str, doc_id: str, new_ids: list[str]) -> None:
        """Record ``new_ids`` as pending before they are written to the store."""
        current = self.get(path)
        if current is None:
            self._db.execute(
                "INSERT INTO files(path, source_path, doc_id, content_hash, chunk_ids, pending_ids, meta)"
                " VALUES (?, ?, ?, '', '[]', ?, '{}')",
                (path, source_path, doc_id, json.dumps(new_ids)),
            )
        else:
            pending = sorted(set(current.pending_ids) | set(new_ids))
            self._db.execute("UPDATE files SET pending_ids=? WHERE path=?", (json.dumps(pending), path))

    def finish_file(self, path: str, content_hash: str, new_ids: list[str], meta: dict) -> list[str]:
        """Make ``new_ids`` current; return the ids the store must now delete."""
        current = self.get(path)
        old = set(current.chunk_ids) | set(current.pending_ids) if current else set()
        stale = sorted(old - set(new_ids))
        self._db.execute(
            "UPDATE files SET content_hash=?, chunk_ids=?, pending_ids='[]', meta=?, source_path=?, doc_id=?"
            " WHERE path=?",
            (content_hash, json.dumps(new_ids), json.dumps(meta, ensure_ascii=False), meta.get("source_path", ""),
             meta.get("doc_id", ""), path),
        )
        return stale

    def remove_file(self, path: str) -> list[str]:
        """Forget a file; return every chunk id the store must delete."""
        current = self.get(path)
        self._db.execute("DELETE FROM files WHERE path=?", (path,))
        return sorted(set(current.chunk_ids) | set(current.pending_ids)) if current else []

    def clear(self) -> None:
        self._db.execute("DELETE FROM files")
        self._db.execute("DELETE FROM settings")

    # --- documents known by metadata only -------------------------------------------------------
    def set_known(self, number_key: str, data: dict) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO known(number_key, data) VALUES (?, ?)",
            (number_key, json.dumps(data, ensure_ascii=False)),
        )

    def update_known(self, documents: dict[str, dict]) -> int:
        """Write the documents (``number_key`` → data) whose data differ from what is stored,
        in one transaction; returns how many were written."""
        stored = self.known()
        changed = [(k, json.dumps(v, ensure_ascii=False)) for k, v in documents.items() if stored.get(k) != v]
        if changed:
            self._db.execute("BEGIN")
            try:
                self._db.executemany("INSERT OR REPLACE INTO known(number_key, data) VALUES (?, ?)", changed)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        return len(changed)

    def known(self) -> dict[str, dict]:
        return {k: json.loads(v) for k, v in self._db.execute("SELECT number_key, data FROM known")}


class WriterLock:
    """One writer at a time per home: a second ``policyqa ingest`` gets a clear message."""

    def __init__(self, home: Path):
        self.path = Path(home) / "ingest.lock"
        self._fd: int | None = None

    def __enter__(self) -> "WriterLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._fd)
            self._fd = None
            raise IndexStoreError(
                f"chỉ mục {self.path.parent} đang được một tiến trình khác cập nhật; hãy chờ tiến trình đó xong rồi chạy lại"
            ) from None
        os.ftruncate(self._fd, 0)
        os.write(self._fd, str(os.getpid()).encode())
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
