"""Ten users on the running app through its HTTP API while the admin re-indexes (bounded, loopback)."""

from __future__ import annotations

import json

import pytest

from tests.ui.conftest import REPO

pytestmark = pytest.mark.slow


def test_ten_users_while_the_admin_reindexes(app_url, small_corpus):
    from bench.load_app import call, load

    note = small_corpus / "moi-truong" / "ghi-chu-tam.txt"

    def admin() -> None:
        note.write_text("Ghi chú tạm: tài liệu tham khảo về bảo vệ môi trường của tỉnh.\n", encoding="utf-8")
        added = call(app_url, "reindex", rebuild=False)[0]  # (report, start button, plan)
        note.unlink()
        removed = call(app_url, "reindex", rebuild=False)[0]
        assert "ghi-chu-tam.txt" in added and "ghi-chu-tam.txt" in removed

    result = load(app_url, users=10, requests=6, admin=admin)
    (REPO / "artifacts").mkdir(exist_ok=True)
    figures = {k: v for k, v in result.items() if k != "answers"}
    (REPO / "artifacts" / "load.json").write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    assert result["failed"] == 0, result["errors"]
    assert result["requests"] == 60  # the admin's two re-indexes succeeded too (a failure is counted)
    forest = [a for a in result["answers"] if "che phủ rừng" in a or "74,8%" in a]
    assert forest and all("74,8%" in a for a in forest)
