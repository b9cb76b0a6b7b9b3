"""The incremental state's pending-ids protocol, the one-writer lock, and what it says about
duplicate files."""

import pytest

from common.errors import IndexStoreError
from common.types import DocMeta
from common.vietnamese.numbers import number_key
from index.links import find_duplicates
from index.state import FileState, IndexState, WriterLock


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


    def test_known_documents_are_written_only_when_they_change(self, tmp_path):
        # ingest writes a folder's manifest once per run (not once per file): unchanged entries cost nothing.
        state = IndexState.open(tmp_path)
        known = {"41-nq-tw": {"doc_number": "41-NQ/TW", "doc_type": "Nghị quyết", "issued_date": None}}
        assert state.update_known(known) == 1
        assert state.update_known(known) == 0
        changed = {"41-nq-tw": known["41-nq-tw"] | {"issued_date": "2004-11-15"}, "36-ct-tw": {"doc_number": "36-CT/TW"}}
        assert state.update_known(changed) == 2
        assert state.known() == changed
        state.close()
        assert IndexState.open(tmp_path).known() == changed  # committed


class TestWriterLock:
    def test_second_writer_gets_a_clear_message(self, tmp_path):
        with WriterLock(tmp_path):
            with pytest.raises(IndexStoreError, match="tiến trình khác"):
                with WriterLock(tmp_path):
                    pass
        with WriterLock(tmp_path):  # released
            pass


class TestDuplicates:
    @staticmethod
    def record(path: str, content_hash: str, number: str | None = None, status: str = "original") -> FileState:
        meta = DocMeta(doc_id=path, source_path=path, content_hash=content_hash, status=status, doc_number=number,
                       number_key=number_key(number) if number else None).to_dict()
        return FileState(path=f"/c/{path}", source_path=path, doc_id=path, content_hash=content_hash,
                         chunk_ids=["x"], pending_ids=[], meta=meta)

    def test_same_bytes_and_same_number(self):
        files = [self.record("b.txt", "h1", "13/2001/TT-BTC"), self.record("a.txt", "h2", "13/2001/TT-BTC"),
                 self.record("c.txt", "h3"), self.record("d.txt", "h3")]
        assert find_duplicates(files) == [
            {"path": "/c/b.txt", "same_as": "/c/a.txt", "reason": "cùng số hiệu 13/2001/TT-BTC"},
            {"path": "/c/d.txt", "same_as": "/c/c.txt", "reason": "trùng nội dung (giống hệt từng byte)"},
        ]

    def test_a_digest_beside_the_original_is_no_duplicate(self):
        files = [self.record("nq41-tom-luoc.txt", "h1", "41-NQ/TW", "digest"), self.record("nq41.txt", "h2", "41-NQ/TW")]
        assert find_duplicates(files) == []
