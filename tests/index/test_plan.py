"""What an update would do, said before it starts (index.plan): over a real state file, no embedding."""

from pathlib import Path

from index.plan import DEFAULT_SPEED, plan_ingest, record_speed
from index.state import IndexState
from ingest.convert import file_hash


def _folder(root: Path) -> Path:
    folder = root / "van-ban"
    folder.mkdir()
    for name, words in (("a.txt", 300), ("b.txt", 600), ("c.txt", 900)):
        (folder / name).write_text("Điều 1. Nội dung thử nghiệm. " * words, encoding="utf-8")
    return folder


def _index(state: IndexState, path: Path, chunks: int) -> None:
    """Record ``path`` as indexed with ``chunks`` chunks, as ``Library.ingest`` would."""
    key = str(path.resolve())
    ids = [f"{path.name}#{i}" for i in range(chunks)]
    state.begin_file(key, path.name, path.stem, ids)
    state.finish_file(key, file_hash(path), ids, {"source_path": path.name, "doc_id": path.stem})


class TestPlan:
    def test_a_fresh_index_processes_every_file_at_the_typical_speed(self, tmp_path):
        folder = _folder(tmp_path)
        plan = plan_ingest(IndexState.open(tmp_path / "home"), [folder], None)
        assert len(plan.new) == 3 and not plan.changed and plan.unchanged == 0
        assert plan.chunks > 3 and not plan.measured
        assert plan.seconds == round(plan.chunks / DEFAULT_SPEED["fresh"], 1)

    def test_a_partial_index_processes_only_what_is_missing_or_changed(self, tmp_path):
        folder = _folder(tmp_path)
        state = IndexState.open(tmp_path / "home")
        _index(state, folder / "a.txt", 4)
        _index(state, folder / "b.txt", 8)
        gone = folder / "d.txt"
        gone.write_text("cũ", encoding="utf-8")
        _index(state, gone, 1)
        gone.unlink()
        with open(folder / "b.txt", "a", encoding="utf-8") as fh:
            fh.write("Sửa.")
        record_speed(state, "fresh", 40, 10.0)
        plan = plan_ingest(state, [folder], None)
        assert plan.new == [str(folder / "c.txt")] and plan.changed == [str(folder / "b.txt")]
        assert plan.unchanged == 1 and plan.removed == [str(gone.resolve())]
        # b keeps its chunk count; c.txt is estimated from the indexed files' bytes per chunk: 3 × a's 4.
        assert plan.chunks == 8 + 12 and plan.measured and plan.chunks_per_second == 4.0
        assert plan.seconds == 5.0

    def test_a_newer_converter_reads_everything_again_from_the_embedding_cache(self, tmp_path):
        folder = _folder(tmp_path)
        state = IndexState.open(tmp_path / "home")
        for name, chunks in (("a.txt", 4), ("b.txt", 8), ("c.txt", 12)):
            _index(state, folder / name, chunks)
        assert plan_ingest(state, [folder], None).files == 0
        plan = plan_ingest(state, [folder], "converter")
        assert plan.files == 3 and plan.cached_chunks == 24 and plan.chunks == 0
        assert plan.seconds == round(24 / DEFAULT_SPEED["cached"], 1)
        rebuilt = plan_ingest(state, [folder], "rebuild", cached=False)
        assert rebuilt.chunks == 24 and rebuilt.cached_chunks == 0

    def test_a_tiny_run_does_not_set_the_speed(self, tmp_path):
        state = IndexState.open(tmp_path / "home")
        record_speed(state, "fresh", 3, 0.5)
        assert state.get_setting("chunks_per_second") is None
