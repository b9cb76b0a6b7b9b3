"""Sessions, the login brake and where the app may listen: the plain logic, on a fake clock."""

from __future__ import annotations

import time

import pytest

from common.config import UISettings
from ui import auth
from ui.login import WRONG, LoginGate
from ui.server import bind_refusal
from ui.sessions import LoginLimiter, SessionStore


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


class TestSessionStore:
    def test_a_session_lives_while_used_and_ends_when_idle(self, clock):
        store = SessionStore(idle_s=60, max_age_s=3600, clock=clock)
        token = store.create("lan")
        for _ in range(5):
            clock.now += 50
            assert store.user_of(token) == "lan"
        clock.now += 61
        assert store.user_of(token) is None

    def test_a_session_ends_at_its_maximum_age_even_when_used(self, clock):
        store = SessionStore(idle_s=60, max_age_s=120, clock=clock)
        token = store.create("lan")
        clock.now += 50
        assert store.user_of(token) == "lan"
        clock.now += 50
        assert store.user_of(token) == "lan"
        clock.now += 30
        assert store.user_of(token) is None

    def test_logout_ends_the_token_and_nothing_else(self, clock):
        store = SessionStore(idle_s=60, max_age_s=3600, clock=clock)
        first, second, other = store.create("lan"), store.create("lan"), store.create("minh")
        store.end(first)
        assert store.user_of(first) is None and store.user_of(second) == "lan" and store.user_of(other) == "minh"
        assert store.end_user("lan") == 1 and store.user_of(second) is None
        assert store.user_of(None) is None and store.user_of("đoán-bừa") is None

    def test_tokens_are_long_and_random(self, clock):
        store = SessionStore(idle_s=60, max_age_s=3600, clock=clock)
        tokens = {store.create("lan") for _ in range(100)}
        assert len(tokens) == 100 and min(map(len, tokens)) >= 43  # 32 random bytes


class TestLoginLimiter:
    def test_a_user_name_is_held_after_its_failures_until_the_window_moves(self, clock):
        limiter = LoginLimiter(per_user=3, per_address=100, window_s=600, clock=clock)
        for n in range(3):
            assert limiter.wait_s("lan", f"10.0.0.{n}") == 0
            limiter.failed("lan", f"10.0.0.{n}")
            clock.now += 10
        assert limiter.wait_s("lan", "10.0.0.9") == pytest.approx(570)  # from any address
        assert limiter.wait_s("LAN", "10.0.0.9") > 0  # names compare without case
        assert limiter.wait_s("minh", "10.0.0.9") == 0
        clock.now += 571
        assert limiter.wait_s("lan", "10.0.0.9") == 0

    def test_an_address_is_held_whatever_the_names(self, clock):
        limiter = LoginLimiter(per_user=100, per_address=4, window_s=600, clock=clock)
        for n in range(4):
            limiter.failed(f"ten-{n}", "10.0.0.7")
        assert limiter.wait_s("ten-moi", "10.0.0.7") > 0 and limiter.wait_s("ten-moi", "10.0.0.8") == 0

    def test_success_clears_the_user_not_the_address(self, clock):
        limiter = LoginLimiter(per_user=2, per_address=3, window_s=600, clock=clock)
        limiter.failed("lan", "10.0.0.7")
        limiter.succeeded("lan")
        limiter.failed("lan", "10.0.0.7")
        assert limiter.wait_s("lan", "10.0.0.8") == 0
        limiter.failed("minh", "10.0.0.7")
        assert limiter.wait_s("ai-do", "10.0.0.7") > 0


class TestLoginGate:
    @pytest.fixture
    def gate(self, tmp_path, clock) -> LoginGate:
        users = tmp_path / "users.json"
        auth.add_user(users, "lan", "mat-khau-dung", auth.ROLE_VIEWER)
        return LoginGate(auth.Access(users), SessionStore(60, 3600, clock), LoginLimiter(3, 10, 600, clock))

    def test_right_password_opens_a_session(self, gate):
        status, token, _ = gate.attempt(" lan ", "mat-khau-dung", "10.0.0.1")
        assert status == 200 and gate.sessions.user_of(token) == "lan"

    def test_wrong_passwords_then_the_brake_without_checking(self, gate, monkeypatch):
        assert gate.attempt("lan", "sai", "10.0.0.1")[::2] == (401, WRONG)
        assert gate.attempt("lan", "sai", "10.0.0.1")[0] == 401
        status, token, message = gate.attempt("lan", "sai", "10.0.0.1")
        assert (status, token) == (429, None) and "thử lại sau 10 phút" in message
        checked = []
        monkeypatch.setattr(gate.access, "check_password", lambda *a: checked.append(a) or True)
        assert gate.attempt("lan", "mat-khau-dung", "10.0.0.2")[0] == 429 and not checked


class TestPasswords:
    def test_scheme_and_strength(self, tmp_path):
        users = tmp_path / "users.json"
        auth.add_user(users, "lan", "mật-khẩu", auth.ROLE_ADMIN)
        entry = auth.load_users(users)["lan"]
        assert entry["iterations"] == 600_000 and len(bytes.fromhex(entry["salt"])) == 16
        assert len(bytes.fromhex(entry["hash"])) == 32  # PBKDF2-HMAC-SHA256

    def test_older_entries_keep_their_iteration_count(self):
        salt, digest = auth.hash_password("cu", iterations=200_000)
        users = {"cu": {"salt": salt, "hash": digest, "iterations": 200_000, "role": "xem"}}
        assert auth.verify(users, "cu", "cu") and not auth.verify(users, "cu", "moi")

    def test_an_unknown_name_takes_as_long_as_a_known_one(self, tmp_path):
        users = {"lan": dict(zip(("salt", "hash"), auth.hash_password("x")), iterations=auth.ITERATIONS)}

        def seconds(name: str) -> float:
            start = time.perf_counter()
            assert not auth.verify(users, name, "sai")
            return time.perf_counter() - start

        known, unknown = min(seconds("lan") for _ in range(3)), min(seconds("khong-co") for _ in range(3))
        assert 0.5 < unknown / known < 2.0


class TestWhereTheAppListens:
    def test_local_addresses_are_always_allowed(self):
        assert bind_refusal("127.0.0.1", None, False) is None

    def test_a_network_address_needs_users(self, tmp_path):
        users = tmp_path / "users.json"
        assert "chưa có tệp người dùng" in bind_refusal("0.0.0.0", None, False)
        assert "chưa có người dùng nào" in bind_refusal("0.0.0.0", users, False)
        auth.add_user(users, "lan", "pw", auth.ROLE_ADMIN)
        assert bind_refusal("0.0.0.0", users, False) is None
        assert bind_refusal("0.0.0.0", None, True) is None

    def test_session_settings_are_named(self):
        ui = UISettings()
        assert (ui.session_idle_minutes, ui.session_max_hours) == (60.0, 12.0)
        assert (ui.login_failures_per_user, ui.login_failures_per_address, ui.login_window_minutes) == (5, 20, 15.0)
