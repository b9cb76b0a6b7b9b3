"""deploy/: the compose file a user runs where Docker exists (none here: it is parsed, not run)."""

from __future__ import annotations

from pathlib import Path

import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


class TestCompose:
    def test_the_app_reaches_the_official_qdrant_server_through_qdrant_url(self):
        compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
        services = compose["services"]
        assert services["qdrant"]["image"].split(":-")[-1].startswith("qdrant/qdrant:")
        app = services["app"]
        assert app["environment"]["QDRANT_URL"] == "http://qdrant:6333"
        assert "qdrant" in app["depends_on"]
        assert (DEPLOY / app["build"]["context"] / app["build"]["dockerfile"]).resolve().is_file()

    def test_the_index_and_the_home_live_on_volumes(self):
        compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
        mounts = {v.split(":")[1]: v.split(":")[0] for s in compose["services"].values() for v in s["volumes"]}
        assert mounts["/qdrant/storage"] in compose["volumes"]
        assert mounts["/data/home"] in compose["volumes"]

    def test_the_web_app_is_published_on_the_hosts_loopback_only(self):
        compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
        assert compose["services"]["app"]["ports"] == ["127.0.0.1:7860:7860"]
        assert "ports" not in compose["services"]["qdrant"]

    def test_the_image_copies_every_package_the_project_installs(self):
        dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
        for package in ("common", "ingest", "index", "qa", "ui"):
            assert f"COPY {package} ./{package}" in dockerfile
