"""The web app's re-index embeds passages in a child process, which ends when the app closes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.index.test_embed_child import embed_children
from tests.ui.conftest import REPO, free_port

pytestmark = pytest.mark.slow


def _wait_listening(url: str, server: subprocess.Popen, seconds: float = 120) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "policyqa serve exited"
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"policyqa serve did not answer at {url}")


def test_the_admins_reindex_embeds_in_a_child_that_ends_with_the_app(tmp_path):
    """``policyqa serve``, the admin's "Cập nhật chỉ mục" through the app's API: the passages are
    embedded by a child of the app (the app's own process only converts and writes), the answer
    is found, and when the app is stopped (Ctrl-C) no embedding process is left behind."""
    from bench.load_app import call

    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus" / "moi-truong", corpus / "moi-truong")
    shutil.copy(REPO / "corpus" / "manifest.json", corpus / "manifest.json")
    env = {**os.environ, "POLICYQA_HOME": str(tmp_path / "home"), "POLICYQA_CORPUS_DIR": str(corpus),
           "PYTHONPATH": str(REPO)}
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([sys.executable, "-m", "ui.cli", "serve", "--port", str(port)], cwd=REPO, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_listening(url, server)
        assert embed_children(server.pid) == []  # nothing to embed yet, nothing started
        report = call(url, "reindex", rebuild=False)[0]
        assert "tom-luoc" in report and "Lỗi" not in report
        (child,) = embed_children(server.pid)  # kept for the next re-index, the model loaded there
        answer = call(url, "ask", question="Chỉ tiêu tỷ lệ che phủ rừng đến năm 2020 là bao nhiêu?")[0]
        assert "74,8%" in str(answer[-1]["content"])
        server.send_signal(signal.SIGINT)
        assert server.wait(60) in (0, 130)  # 130: "đã dừng", after closing the facade
        assert not Path(f"/proc/{child}").exists(), "the embedding child outlived the app"
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


@pytest.mark.parametrize("setting, in_child", [(None, False), ("true", True)])
def test_policyqa_ingest_embeds_in_its_own_process_unless_told(tmp_path, setting, in_child):
    """``policyqa ingest`` is a lone batch job: a child would only add an interpreter (the same CPU
    measured, README "Ingestion"), so it embeds in its own process — unless index.embed_in_child
    is set explicitly, as here with POLICYQA_INDEX__EMBED_IN_CHILD=true."""
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus" / "moi-truong", corpus / "moi-truong")
    env = {**os.environ, "POLICYQA_HOME": str(tmp_path / "home"), "PYTHONPATH": str(REPO)}
    env.pop("POLICYQA_INDEX__EMBED_IN_CHILD", None)
    if setting:
        env["POLICYQA_INDEX__EMBED_IN_CHILD"] = setting
    ingest = subprocess.Popen([sys.executable, "-m", "ui.cli", "ingest", str(corpus), "--json"], cwd=REPO, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    seen = set()
    while ingest.poll() is None:
        seen.update(embed_children(ingest.pid))
        time.sleep(0.05)
    assert ingest.returncode == 0 and '"chunks"' in ingest.stdout.read()
    assert bool(seen) is in_child
    assert not any(Path(f"/proc/{pid}").exists() for pid in seen)
