"""One version of each document at a time for readers, while an admin re-indexes.

A changed file's new chunks are written before its old ones are deleted (a killed run
loses nothing: :mod:`index.state`). Between the two, the store holds both versions, and a
question answered then could quote the old figure beside the new one, or a search list
both. So readers never see chunks that are written but not yet committed
(:meth:`index.store.Store.hide`), and the commit — the new chunks shown, the old deleted —
happens under the write side of :class:`ReadWriteLock`, while a question's retrieval (its
several store reads: fused query, nearest passage, section expansion) holds the read side.
Commits are short (one state row and one delete), so readers wait milliseconds at most.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager


class ReadWriteLock:
    """Many readers or one writer; a waiting writer goes before new readers (no starvation
    with ten users reading all the time). Not reentrant: a reader must not read again inside."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextmanager
    def reading(self):
        with self._cond:
            while self._writing or self._writers_waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def writing(self):
        with self._cond:
            self._writers_waiting += 1
            while self._writing or self._readers:
                self._cond.wait()
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()
