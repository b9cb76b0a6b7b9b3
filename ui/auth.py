"""Users of the web app: a JSON file of salted password hashes and roles.

The file maps a user name to ``{"salt", "hash", "iterations", "role"}``; the hash is
PBKDF2-HMAC-SHA256 with a random 16-byte salt per user and 600,000 iterations (OWASP's 2023
figure for this hash; ≈ 0.18 s a check on these machines), so a stolen file does not give
away passwords. Entries written with fewer iterations (200,000 before) keep working with
their own count until the password is set again. An unknown name costs the same hash as a
known one, so timing does not tell which names exist.
Two roles: ``"xem"`` (ask, search, read, draft) and ``"quản trị"`` (also upload and
re-index). Without a users file the app has no login and its single local user is an
administrator — which is why ``serve`` then binds to 127.0.0.1 only.

Add a user from the shell::

    python -m ui.auth users.json alice --role "quản trị"   # asks for the password
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import hmac
import json
import os
import secrets
import sys
from pathlib import Path

from common.errors import ConfigError

ROLE_VIEWER = "xem"
ROLE_ADMIN = "quản trị"
ROLES = (ROLE_VIEWER, ROLE_ADMIN)
ITERATIONS = 600_000
# Hashed when the name is unknown: the check then takes as long as for a real user.
_DUMMY = {"salt": "00" * 16, "hash": "", "iterations": ITERATIONS}


def hash_password(password: str, salt: str | None = None, iterations: int = ITERATIONS) -> tuple[str, str]:
    """``(salt_hex, hash_hex)`` of ``password``; a fresh random salt when none is given."""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt), iterations)
    return salt, digest.hex()


def load_users(users_file: Path | str) -> dict[str, dict]:
    """The users file as a dict (empty when the file does not exist yet).

    :raises ConfigError: the file is not a JSON object of users.
    """
    path = Path(users_file)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: tệp người dùng không đọc được ({exc})") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: tệp người dùng phải là một đối tượng JSON")
    return data


def add_user(users_file: Path | str, name: str, password: str, role: str = ROLE_VIEWER) -> None:
    """Create or replace a user (the file is written atomically, readable by its owner only).

    :raises ConfigError: empty name or password, or an unknown role.
    """
    name = name.strip()
    if not name or not password:
        raise ConfigError("Tên người dùng và mật khẩu không được để trống")
    if role not in ROLES:
        raise ConfigError(f"Vai trò không hợp lệ: {role!r} (chọn {' hoặc '.join(repr(r) for r in ROLES)})")
    path = Path(users_file)
    users = load_users(path)
    salt, digest = hash_password(password)
    users[name] = {"salt": salt, "hash": digest, "iterations": ITERATIONS, "role": role}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(users, ensure_ascii=False, indent=1), encoding="utf-8")
    os.chmod(tmp, 0o600)
    tmp.replace(path)


def verify(users: dict[str, dict], name: str, password: str) -> bool:
    """True when ``password`` is ``name``'s (constant-time comparison)."""
    entry = users.get(name or "")
    known = entry is not None and password is not None
    entry = entry if known else _DUMMY
    _, digest = hash_password(password or "", entry["salt"], int(entry.get("iterations", ITERATIONS)))
    return hmac.compare_digest(digest, entry["hash"]) and known


def role_of(users: dict[str, dict], name: str | None) -> str | None:
    entry = users.get(name or "")
    return entry.get("role") if entry else None


class Access:
    """Who may do what: built once per app from the users file (or its absence).

    ``users_file=None`` means no login: the one local user is an administrator.
    """

    def __init__(self, users_file: Path | str | None = None):
        self.users_file = Path(users_file) if users_file else None

    @property
    def login_required(self) -> bool:
        return self.users_file is not None

    def _users(self) -> dict[str, dict]:
        # Re-read each time, so users added with the CLI work without a restart.
        return load_users(self.users_file) if self.users_file else {}

    def check_password(self, name: str, password: str) -> bool:
        """The ``auth`` callable for ``launch``."""
        return verify(self._users(), name, password)

    def role(self, username: str | None) -> str | None:
        if not self.login_required:
            return ROLE_ADMIN
        return role_of(self._users(), username)

    def is_admin(self, username: str | None) -> bool:
        return self.role(username) == ROLE_ADMIN



def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.auth", description="Thêm hoặc đổi người dùng của ứng dụng web.")
    parser.add_argument("users_file", help="tệp người dùng (JSON)")
    parser.add_argument("name", help="tên đăng nhập")
    parser.add_argument("--role", default=ROLE_VIEWER, choices=ROLES, help="vai trò (mặc định: xem)")
    parser.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ stdin")
    args = parser.parse_args(argv)
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Mật khẩu: ")
    try:
        add_user(args.users_file, args.name, password, args.role)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"Đã lưu người dùng {args.name} ({args.role}) vào {args.users_file}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
