"""The incremental state's pending-ids protocol and the one-writer lock."""

import pytest

from common.errors import IndexStoreError
from index.state import IndexState, WriterLock


class TestIndexState:
    def test_replacing_a_file_reports_only_stale_ids(self, tmp_path):
        state = IndexState.open(tmp_path)
        state.begin_file("/a.txt", "a.txt", "a", ["a#0", "a#1"])
        assert state.finish_file("/a.txt", "h1", ["a#0", "a#1"], {"doc_id": "a", "source_path": "a.txt"}) == []
        state.begin_file("/a.txt", "a.txt", "a", ["a#0", "a#2"])
        assert state.finish_file("/a.txt", "h2", ["a#0", "a#2"], {"doc_id": "a", "source_path": "a.txt"}) == ["a#1"]
        assert state.get("/a.txt").chunk_ids == ["a#0", "a#2"]

    def test_interrupted_write_leaves_pending_ids_that_the_next_run_cleans(self, tmp_path):
        state = IndexState.open(tmp_path)
        state.begin_file("/a.txt", "a.txt", "a", ["a#0", "a#1"])
        state.finish_file("/a.txt", "h1", ["a#0", "a#1"], {"doc_id": "a"})
        state.begin_file("/a.txt", "a.txt", "a", ["a#9"])  # killed here: a#9 may be in the store
        state.close()
        state = IndexState.open(tmp_path)
        assert state.get("/a.txt").pending_ids == ["a#9"]
        # The rerun produces other ids: every old and pending id not kept is reported stale.
        state.begin_file("/a.txt", "a.txt", "a", ["a#5"])
        assert state.finish_file("/a.txt", "h3", ["a#5"], {"doc_id": "a"}) == ["a#0", "a#1", "a#9"]

    def test_remove_returns_every_id(self, tmp_path):
        state = IndexState.open(tmp_path)
        state.begin_file("/b.txt", "b.txt", "b", ["b#0"])
        assert state.remove_file("/b.txt") == ["b#0"]
        assert state.get("/b.txt") is None


class TestWriterLock:
    def test_second_writer_gets_a_clear_message(self, tmp_path):
        with WriterLock(tmp_path):
            with pytest.raises(IndexStoreError, match="tiến trình khác"):
                with WriterLock(tmp_path):
                    pass
        with WriterLock(tmp_path):  # released
            pass
