"""One version of a document at a time: hidden chunks, and the read-write lock of the commit."""

from __future__ import annotations

import threading
import time

from index.store import Store
from index.store_edge import EdgeDocumentStore
from index.versions import ReadWriteLock
from tests.index.test_store import DIM, PASSAGES, toy_dense, toy_sparse


class TestHiddenChunks:
    def test_hidden_chunks_are_in_no_read_until_revealed(self, tmp_path):
        store = Store(EdgeDocumentStore(str(tmp_path / "edge"), DIM)).open()
        store.write(PASSAGES)
        query = PASSAGES[0].content
        best = store.query_hybrid(toy_dense(query), toy_sparse(query), top_k=5)
        hidden = [best[0].id, best[1].id]
        store.hide(hidden)
        for found in (store.query_hybrid(toy_dense(query), toy_sparse(query), top_k=5),
                      store.query_dense(toy_dense(query), top_k=5), store.query_sparse(toy_sparse(query), top_k=5),
                      store.filter(with_vectors=False)):
            assert not {d.id for d in found} & set(hidden)
        assert len(store.query_hybrid(toy_dense(query), toy_sparse(query), top_k=5)) == 5  # still five
        assert store.count() == len(PASSAGES)  # what is on disk
        store.reveal(hidden)
        assert store.query_hybrid(toy_dense(query), toy_sparse(query), top_k=5)[0].id == best[0].id
        store.close()


class TestReadWriteLock:
    def test_readers_share_and_a_writer_waits_for_them(self):
        lock, events = ReadWriteLock(), []
        readers_in = threading.Barrier(3)

        def reader(n):
            with lock.reading():
                readers_in.wait(5)  # three readers inside at once
                time.sleep(0.2)
                events.append(f"read-{n}")

        def writer():
            time.sleep(0.05)
            with lock.writing():
                events.append("write")

        threads = [threading.Thread(target=reader, args=(n,)) for n in range(3)] + [threading.Thread(target=writer)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(5)
        assert events[-1] == "write" and len(events) == 4

    def test_a_waiting_writer_goes_before_new_readers(self):
        lock, events = ReadWriteLock(), []
        first_in = threading.Event()

        def long_reader():
            with lock.reading():
                first_in.set()
                time.sleep(0.3)
            events.append("long-read")

        def writer():
            first_in.wait(5)
            with lock.writing():
                events.append("write")

        def late_reader():
            first_in.wait(5)
            time.sleep(0.1)  # the writer is waiting by now
            with lock.reading():
                events.append("late-read")

        threads = [threading.Thread(target=f) for f in (long_reader, writer, late_reader)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(5)
        assert events.index("write") < events.index("late-read")
