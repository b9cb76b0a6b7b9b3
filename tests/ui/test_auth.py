"""Users file: salted hashes, roles, the login callable, the CLI."""

import json

import pytest

from common.errors import ConfigError
from ui import auth


class TestUsersFile:
    def test_added_user_can_log_in_and_has_role(self, tmp_path):
        f = tmp_path / "users.json"
        auth.add_user(f, "lan", "mật-khẩu-1", auth.ROLE_ADMIN)
        access = auth.Access(f)
        assert access.check_password("lan", "mật-khẩu-1")
        assert not access.check_password("lan", "sai")
        assert not access.check_password("ai-do", "mật-khẩu-1")
        assert access.is_admin("lan")

    def test_file_holds_no_password_and_uses_salt(self, tmp_path):
        f = tmp_path / "users.json"
        auth.add_user(f, "a", "secret", auth.ROLE_VIEWER)
        auth.add_user(f, "b", "secret", auth.ROLE_VIEWER)
        data = json.loads(f.read_text(encoding="utf-8"))
        assert "secret" not in f.read_text(encoding="utf-8")
        assert data["a"]["hash"] != data["b"]["hash"] and data["a"]["iterations"] >= 200_000
        assert data["a"]["role"] == "xem"

    def test_viewer_is_not_admin(self, tmp_path):
        f = tmp_path / "users.json"
        auth.add_user(f, "xem1", "pw", "xem")
        assert auth.Access(f).role("xem1") == "xem" and not auth.Access(f).is_admin("xem1")
        assert not auth.Access(f).is_admin(None)

    def test_without_users_file_local_user_is_admin(self):
        access = auth.Access(None)
        assert access.is_admin(None) and not access.login_required

    def test_unknown_role_is_refused(self, tmp_path):
        with pytest.raises(ConfigError, match="Vai trò không hợp lệ"):
            auth.add_user(tmp_path / "u.json", "x", "pw", "admin")

    def test_cli_adds_user_from_stdin(self, tmp_path, monkeypatch, capsys):
        import io

        f = tmp_path / "u.json"
        monkeypatch.setattr("sys.stdin", io.StringIO("pw-123\n"))
        assert auth.main([str(f), "minh", "--role", "quản trị", "--password-stdin"]) == 0
        assert auth.Access(f).check_password("minh", "pw-123") and auth.Access(f).is_admin("minh")
