"""A real small index for the app tests, built once per session, and running apps over it.

The index holds the two documents of ``corpus/moi-truong`` (with ``corpus/manifest.json``),
copied into a session tmp folder and ingested through the facade — the same path the app
takes. Two servers share that one facade: an open local app (no login, the local user is
an administrator) and an app with a users file (an administrator and a viewer).
"""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ADMIN = ("quantri", "mat-khau-quan-tri")
VIEWER = ("nguoixem", "mat-khau-xem")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("ui-corpus") / "corpus"
    (root / "moi-truong").mkdir(parents=True)
    for f in (REPO / "corpus" / "moi-truong").iterdir():
        shutil.copy(f, root / "moi-truong" / f.name)
    shutil.copy(REPO / "corpus" / "manifest.json", root / "manifest.json")
    return root


@pytest.fixture(scope="session")
def qa(small_corpus, tmp_path_factory):
    """One facade over the small index, ingested once (as ``policyqa ingest`` would)."""
    from common.config import load_settings
    from qa.facade import PolicyQA

    home = tmp_path_factory.mktemp("ui-home")
    settings = load_settings("test", home=home, corpus_dir=small_corpus)
    facade = PolicyQA(settings)
    report = facade.ingest([small_corpus])
    assert len(report.added) == 2 and not report.failed, report.to_dict()
    yield facade
    facade.close()


@pytest.fixture(scope="session")
def users_file(tmp_path_factory) -> Path:
    from ui.auth import ROLE_ADMIN, ROLE_VIEWER, add_user

    path = tmp_path_factory.mktemp("ui-users") / "users.json"
    add_user(path, *ADMIN, ROLE_ADMIN)
    add_user(path, *VIEWER, ROLE_VIEWER)
    return path


def _start(qa, users_file=None) -> tuple[object, str]:
    from ui.app import serve

    port = free_port()
    demo = serve(qa, host="127.0.0.1", port=port, users_file=users_file, prevent_thread_lock=True)
    return demo, f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="session")
def app_url(qa):
    """The app without login (single local user = administrator)."""
    demo, url = _start(qa)
    yield url
    demo.close()


@pytest.fixture(scope="session")
def login_app_url(qa, users_file):
    """The app with a users file: ``ADMIN`` may upload, ``VIEWER`` may not."""
    demo, url = _start(qa, users_file)
    yield url
    demo.close()


def start_with_ui(qa, users_file, **ui_settings):
    """An app of its own with some ``ui`` settings changed (login limits, session lifetimes),
    so that a test that trips the login brake does not lock the shared apps out."""
    from ui.app import build_app, launch_options
    from ui.auth import Access
    from ui.server import run, server_app

    ui = qa.settings.ui.model_copy(update=ui_settings)
    app, gate = server_app(build_app(qa, users_file=users_file), Access(users_file), ui, launch_options(login=True))
    return run(app, "127.0.0.1", free_port(), block=False, gate=gate)
