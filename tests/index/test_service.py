"""Incremental ingestion over the real embedder and the embedded Qdrant engine.

The corpus is small (the mission letter, the 41-NQ/TW digest and a few short reference
documents) so that the whole class runs in well under a minute on two cores.
"""

import json
import os
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


@pytest.fixture()
def corpus(tmp_path):
    return make_corpus(tmp_path)


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

    def test_bad_files_are_reported_and_nothing_indexed_is_lost(self, corpus):
        qa = PolicyQA(load_settings())
        qa.ingest([corpus])
        before = store_ids(qa)
        (corpus / "rong.txt").write_bytes(b"")
        (corpus / "hong.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
        report = qa.ingest([corpus])
        failed = {Path(f["path"]).name: f["error"] for f in report.failed}
        assert set(failed) == {"rong.txt", "hong.pdf"}
        assert all(failed.values())
        assert store_ids(qa) == before
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


class TestInterruptedIngest:
    def test_killed_run_converges_to_a_clean_build(self, corpus, tmp_path):
        home = tmp_path / "killed-home"
        env = dict(os.environ, POLICYQA_HOME=str(home), POLICYQA_INDEX__EMBED_CACHE="false")
        cmd = [sys.executable, "-m", "ui.cli", "ingest", str(corpus)]
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 120
        state = home / "state.sqlite"
        while time.time() < deadline and proc.poll() is None:
            if state.exists():
                try:
                    with sqlite3.connect(state) as db:
                        done = db.execute("SELECT count(*) FROM files WHERE content_hash != ''").fetchone()[0]
                except sqlite3.OperationalError:
                    done = 0  # the other process is still creating its tables
                if done >= 1:
                    break
            time.sleep(0.05)
        assert proc.poll() is None, "ingestion finished before it could be interrupted"
        proc.send_signal(signal.SIGKILL)
        proc.wait()

        subprocess.run(cmd, cwd=REPO, env=env, check=True, capture_output=True)
        clean_home = tmp_path / "clean-home"
        subprocess.run(cmd, cwd=REPO, env=dict(env, POLICYQA_HOME=str(clean_home)), check=True, capture_output=True)

        def snapshot(h: Path) -> tuple[set, int]:
            out = subprocess.run(
                [sys.executable, "-m", "ui.cli", "docs", "--json"], cwd=REPO, env=dict(env, POLICYQA_HOME=str(h)),
                check=True, capture_output=True, text=True,
            )
            docs = json.loads(out.stdout)
            return {(d["doc_id"], d["chunks"]) for d in docs}, sum(d["chunks"] for d in docs)

        resumed, clean = snapshot(home), snapshot(clean_home)
        assert resumed == clean
        qa = PolicyQA(load_settings(home=home))
        ids_resumed = store_ids(qa)
        qa.close()
        qa = PolicyQA(load_settings(home=clean_home))
        assert ids_resumed == store_ids(qa)
        qa.close()
