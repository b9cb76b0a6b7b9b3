"""The CLI contract (docs/CLI.md), driven in-process: fields, exit codes, stdout/stderr split."""

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import CORPUS, FIXTURES
from ui.cli import main

SEED = CORPUS / "moi-truong" / "2016-06-13-cong-van-trien-khai-ket-luan-02-KL-TW.txt"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


class TestConvert:
    def test_folder_keeps_subfolders_and_prints_contract_fields(self, tmp_path, capsys):
        code, out, err = run(capsys, "convert", CORPUS / "moi-truong", "--out", tmp_path / "out", "--json")
        assert code == 0
        records = json.loads(out)
        assert {r["path"].split("/")[-1] for r in records} == {SEED.name, "2004-11-15-nghi-quyet-41-NQ-TW-tom-luoc.txt"}
        for r in records:
            assert set(r) >= {"path", "ok", "error", "doc_type", "doc_number", "issuer", "issued_date", "summary", "sections"}
        seed = next(r for r in records if r["path"].endswith(SEED.name))
        assert seed["ok"] and seed["issued_date"] == "2016-06-13" and "2.1" in seed["sections"]
        txt = tmp_path / "out" / (SEED.stem + ".txt")
        meta = json.loads((tmp_path / "out" / (SEED.stem + ".json")).read_text(encoding="utf-8"))
        assert "Đồng Xoài" in txt.read_text(encoding="utf-8")
        assert meta["meta"]["doc_type"] == "Công văn"
        assert "✓" in err  # progress on stderr, JSON alone on stdout

    def test_one_bad_file_gives_partial_failure_naming_it(self, tmp_path, capsys):
        folder = tmp_path / "in"
        folder.mkdir()
        shutil.copy(SEED, folder / SEED.name)
        (folder / "trong.txt").write_bytes(b"")
        code, out, err = run(capsys, "convert", folder, "--out", tmp_path / "out", "--json")
        assert code == 1
        bad = next(r for r in json.loads(out) if r["path"].endswith("trong.txt"))
        assert not bad["ok"] and bad["error"]
        assert "trong.txt" in err

    def test_nothing_converted_is_exit_2(self, tmp_path, capsys):
        code, _, err = run(capsys, "convert", tmp_path / "khong-co", "--out", tmp_path / "out")
        assert code == 2 and "khong-co" in err

    def test_legacy_doc_is_repaired(self, tmp_path, capsys):
        original = FIXTURES / "legacy" / "originals" / "2004-B6.doc"
        code, out, _ = run(capsys, "convert", original, "--out", tmp_path, "--json")
        assert code == 0
        text = (tmp_path / "2004-B6.txt").read_text(encoding="utf-8")
        expected = (FIXTURES / "legacy" / "expected" / "2004-B6.txt").read_text(encoding="utf-8")
        assert " ".join(expected.split())[:200] in " ".join(text.split())


@pytest.mark.slow
class TestIndexCommands:
    @pytest.fixture(scope="class")
    def home(self, tmp_path_factory):
        root = tmp_path_factory.mktemp("cli")
        corpus = root / "corpus"
        shutil.copytree(CORPUS / "moi-truong", corpus / "moi-truong")
        shutil.copy(CORPUS / "manifest.json", corpus / "manifest.json")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["ingest", str(corpus), "--home", str(root / "home"), "--json"])
        return root / "home", corpus, code, out.getvalue()

    def test_ingest_docs_search_ask(self, home, capsys):
        home_dir, corpus, code, out = home
        assert code == 0
        report = json.loads(out)
        assert set(report) >= {"added", "updated", "removed", "unchanged", "failed", "documents", "chunks", "seconds"}
        assert len(report["added"]) == 2 and report["chunks"] > 10

        code, out, _ = run(capsys, "docs", "--home", home_dir, "--json")
        docs = {d["doc_number"] or d["doc_id"]: d for d in json.loads(out)}
        assert docs["41-NQ/TW"]["status"] == "digest"
        assert docs["02-KL/TW"]["status"] == "metadata-only" and docs["02-KL/TW"]["chunks"] == 0
        assert "41-NQ/TW" in docs["moi-truong/2016-06-13-cong-van-trien-khai-ket-luan-02-KL-TW"]["cites"]

        code, out, _ = run(capsys, "search", "che phủ rừng", "--home", home_dir, "--json", "-k", "3")
        hits = json.loads(out)["hits"]
        assert len(hits) == 3 and any("74,8%" in h["text"] for h in hits)
        assert set(hits[0]) >= {"rank", "score", "doc_id", "doc_number", "doc_type", "issuer", "issued_date", "title",
                                "section", "citation_label", "text", "source_path"}

        code, out, _ = run(capsys, "ask", "chi tieu ty le che phu rung den nam 2020", "--home", home_dir, "--json")
        answer = json.loads(out)
        assert not answer["abstained"] and "74,8%" in answer["answer"] and "[1]" in answer["answer"]
        c = answer["citations"][0]
        assert c["quote"] in c["passage"] and c["citation_label"].startswith("Điểm 2.1")
        assert len(answer["passages"]) >= 10 and "total" in answer["timings_ms"]

    def test_ask_batch_and_filters(self, home, tmp_path, capsys):
        home_dir = home[0]
        batch = tmp_path / "q.jsonl"
        batch.write_text(
            json.dumps({"id": "a", "question": "Phương châm chỉ đạo bảo vệ môi trường là gì?"}, ensure_ascii=False)
            + "\n" + json.dumps({"id": "b", "question": "Tỉnh có bao nhiêu dự án điện mặt trời?"}, ensure_ascii=False)
            + "\n",
            encoding="utf-8",
        )
        code, out, err = run(capsys, "ask", "--batch", batch, "--home", home_dir, "--json")
        assert code == 0, err
        rows = [json.loads(line) for line in out.splitlines()]
        assert [r["id"] for r in rows] == ["a", "b"]
        assert not rows[0]["abstained"] and rows[1]["abstained"]
        assert rows[1]["answer"].startswith("Không tìm thấy nội dung này trong các văn bản đã nạp.")
        reason = rows[1]["abstain_reason"]  # docs/CLI.md: code, Vietnamese message, what is missing
        assert reason["code"] == "no_evidence" and reason["message"] in rows[1]["answer"] and reason["missing"]
        assert rows[0]["abstain_reason"] is None

        code, out, _ = run(capsys, "search", "môi trường", "--home", home_dir, "--json", "--type", "Nghị quyết")
        assert {h["doc_type"] for h in json.loads(out)["hits"]} == {"Nghị quyết"}
        code, out, _ = run(capsys, "search", "môi trường", "--home", home_dir, "--json", "--from", "2010")
        assert all(h["issued_date"] >= "2010" for h in json.loads(out)["hits"])

    def test_bad_date_is_a_usage_error(self, home, capsys):
        home_dir = home[0]
        code, _, err = run(capsys, "search", "x", "--home", home_dir, "--from", "13/6/2016")
        assert code == 2 and "--from" in err
