"""Sessions of the web app and the brake on guessing passwords: plain logic, no web framework.

A session is a random token (256 bits) the server keeps in memory with its user, when it
began and when it was last used; the browser holds only the token, in an HttpOnly cookie.
It ends when the user logs out (server-side: the token stops working in every tab that
holds it), after ``idle_s`` without a request, after ``max_age_s`` whatever happens, and
when the server restarts. Gradio's own login keeps tokens forever and has no brake, hence
this module (see ui/login.py for the pages).

:class:`LoginLimiter` counts failed logins in a sliding window, per user name and per
address: past the limit, further attempts are refused without checking the password until
the oldest failure leaves the window. The per-user limit stops a guess at one account from
many addresses; the per-address limit stops one address trying many accounts.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable

Clock = Callable[[], float]


@dataclass
class Session:
    user: str
    started: float
    last_seen: float


class SessionStore:
    """Tokens → sessions, thread-safe (the app answers several requests at once)."""

    def __init__(self, idle_s: float, max_age_s: float, clock: Clock = time.monotonic):
        if idle_s <= 0 or max_age_s <= 0:
            raise ValueError("session lifetimes must be positive")
        self.idle_s, self.max_age_s, self.clock = idle_s, max_age_s, clock
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def create(self, user: str) -> str:
        """A new session for ``user``; its token."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        with self._lock:
            self._drop_expired(now)
            self._sessions[token] = Session(user, now, now)
        return token

    def user_of(self, token: str | None) -> str | None:
        """The user of a live session (its idle time starts again), else None."""
        if not token:
            return None
        now = self.clock()
        with self._lock:
            session = self._sessions.get(token)
            if session is None:
                return None
            if self._expired(session, now):
                del self._sessions[token]
                return None
            session.last_seen = now
            return session.user

    def end(self, token: str | None) -> None:
        """Log out: the token no longer opens anything."""
        with self._lock:
            self._sessions.pop(token or "", None)

    def end_user(self, user: str) -> int:
        """End every session of ``user`` (a removed account, a changed password); how many."""
        with self._lock:
            tokens = [t for t, s in self._sessions.items() if s.user == user]
            for token in tokens:
                del self._sessions[token]
        return len(tokens)

    def _expired(self, session: Session, now: float) -> bool:
        return now - session.last_seen > self.idle_s or now - session.started > self.max_age_s

    def _drop_expired(self, now: float) -> None:
        for token in [t for t, s in self._sessions.items() if self._expired(s, now)]:
            del self._sessions[token]


class LoginLimiter:
    """Failed logins per user and per address in a sliding window of ``window_s`` seconds."""

    def __init__(self, per_user: int, per_address: int, window_s: float, clock: Clock = time.monotonic):
        if per_user < 1 or per_address < 1 or window_s <= 0:
            raise ValueError("login limits must be positive")
        self.per_user, self.per_address, self.window_s, self.clock = per_user, per_address, window_s, clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def wait_s(self, user: str, address: str) -> float:
        """Seconds before ``user`` may try again from ``address`` (0: now)."""
        now = self.clock()
        with self._lock:
            waits = [self._wait(("user", user.casefold()), self.per_user, now),
                     self._wait(("address", address), self.per_address, now)]
        return max(waits)

    def failed(self, user: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            for key in (("user", user.casefold()), ("address", address)):
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, user: str) -> None:
        """A right password clears the user's count (not the address's: it may be guessing others)."""
        with self._lock:
            self._failures.pop(("user", user.casefold()), None)

    def _wait(self, key: tuple[str, str], limit: int, now: float) -> float:
        times = self._failures.get(key)
        if not times:
            return 0.0
        while times and now - times[0] >= self.window_s:
            times.popleft()
        if not times:
            del self._failures[key]
            return 0.0
        return self.window_s - (now - times[0]) if len(times) >= limit else 0.0
