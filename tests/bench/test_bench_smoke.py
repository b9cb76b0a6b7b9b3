"""Smoke runs of the speed/quality benchmarks on the two mission documents.

The scripts run as a user runs them (a new process each), on a tiny corpus and four
questions, so a broken benchmark is noticed before anyone spends 20 minutes on a full run.
"""

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO

MISSION_DOC = "moi-truong/2016-06-13-cong-van-trien-khai-ket-luan-02-KL-TW"


def _run(*args: str, env_home) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ, POLICYQA_HOME=str(env_home))
    return subprocess.run([sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def questions(tmp_path_factory):
    """Three answerable questions on a mission document and one unanswerable one."""
    rows = [json.loads(line) for line in (REPO / "bench/eval/dev.jsonl").read_text(encoding="utf-8").splitlines()]
    picked = [r for r in rows if r["doc"] == MISSION_DOC][:3] + [r for r in rows if not r["doc"]][:1]
    path = tmp_path_factory.mktemp("questions") / "q.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in picked) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow
class TestStockHaystackBench:
    def test_two_documents_are_indexed_and_scored(self, tmp_path, questions):
        out = tmp_path / "stock.json"
        done = _run("bench/stock_haystack.py", "--limit-docs", "2", "--questions", str(questions),
                    "--work-dir", str(tmp_path / "work"), "--out", str(out), env_home=tmp_path / "home")
        assert done.returncode == 0, done.stderr[-2000:]
        result = json.loads(out.read_text(encoding="utf-8"))
        assert result["corpus"]["files"] == 2 and result["corpus"]["windows"] > 2
        assert result["questions"]["answerable"] == 3
        assert result["hybrid"]["overall"]["recall@10"] > 0  # a mission question is found in 2 documents
        assert result["hybrid"]["latency"]["n"] == 4 and result["bm25"]["latency"]["p50_ms"] > 0
        assert "stock hybrid" in done.stdout


@pytest.mark.slow
class TestIngestAndLatencyBench:
    def test_reingest_embeds_nothing_and_latency_is_compared(self, tmp_path, questions):
        home = tmp_path / "built"
        ingest_out = tmp_path / "ingest.json"
        done = _run("bench/ingest_throughput.py", "--ref-docs", "0", "--out", str(ingest_out),
                    "--keep-home", str(home), env_home=tmp_path / "home")
        assert done.returncode == 0, done.stderr[-2000:]
        ingest = json.loads(ingest_out.read_text(encoding="utf-8"))
        assert ingest["first_run"]["files"] == 2 and ingest["first_run"]["chunks_per_s"] > 0
        assert ingest["reingest_unchanged"]["embed_events"] == 0
        assert ingest["reingest_unchanged"]["unchanged"] == 2 and ingest["reingest_unchanged"]["cli_unchanged"] == 2

        latency_out = tmp_path / "latency.json"
        done = _run("bench/latency.py", "--home", str(home), "--questions", str(questions), "--out", str(latency_out),
                    env_home=tmp_path / "home")
        assert done.returncode == 0, done.stderr[-2000:]
        result = json.loads(latency_out.read_text(encoding="utf-8"))
        assert result["search"]["latency"]["n"] == 4 and result["ask"]["latency"]["p90_ms"] > 0
        assert result["search"]["overall"]["recall@10"] > 0
        assert result["machine"]["nproc"] >= 1

        stock = tmp_path / "stock.json"
        stock.write_text(json.dumps(_fake_stock(result)), encoding="utf-8")
        done = _run("bench/latency.py", "--out", str(latency_out), "--compare", str(stock), env_home=tmp_path / "home")
        assert done.returncode == 0, done.stderr[-2000:]
        assert "stock Haystack hybrid RRF" in done.stdout and "policyqa ask" in done.stdout


def _fake_stock(ours: dict) -> dict:
    """A stock result shaped like bench/stock_haystack.py's, to check the side-by-side table alone."""
    part = {"overall": ours["search"]["overall"], "accentless_recall@5": None, "latency": ours["search"]["latency"]}
    return {"bm25": part, "hybrid": part, "machine": ours["machine"], "date": ours["date"]}
