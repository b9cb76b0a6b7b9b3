"""The corpus models (diacritic restoration, term statistics) retrained after an ingestion.

They are retrained in a child process at a lower priority (``qa.retrain_nice``), so that the
questions asked meanwhile keep the app's interpreter; that child must write exactly the models
the app's own process would have trained.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _retrained(facade, nice) -> tuple[bytes, dict]:
    """After a forced retraining: the restoration model's bytes (without gzip's header) and the
    term statistics (their JSON, whose key order follows each process's string hashing)."""
    models = facade.engine.models
    qa_settings = facade.settings.qa.model_copy(update={"retrain_nice": nice})
    models.settings = facade.settings.model_copy(update={"qa": qa_settings})
    models.ensure(force=True)
    home = Path(facade.settings.home)
    return (gzip.decompress((home / "qa-diacritics.lm.gz").read_bytes()),
            json.loads(gzip.decompress((home / "qa-termstats.json.gz").read_bytes())))


def test_the_child_process_trains_the_models_this_process_would(engine):
    settings = engine.engine.models.settings
    try:
        in_child = _retrained(engine, 10)
        here = _retrained(engine, None)
    finally:
        engine.engine.models.settings = settings
    assert in_child == here
    assert len(in_child[0]) > 100_000 and in_child[1]["n"] > 100  # whole models, not empty ones
    restored = engine.ask("chi tieu ty le che phu rung den nam 2020")
    assert restored.restored_question and "che phủ rừng" in restored.restored_question


def test_a_new_way_of_training_retrains_the_models_of_a_home(engine, monkeypatch):
    """An upgrade that trains the models differently (qa.models.TRAINING_VERSION: the question
    phrases) retrains them in a home whose indexed files did not change."""
    import qa.models

    models = engine.engine.models
    before = models._stamp()
    monkeypatch.setattr(qa.models, "TRAINING_VERSION", qa.models.TRAINING_VERSION + "-next")
    assert models._stamp() != before
    monkeypatch.undo()
    assert models._stamp() == before


def test_during_an_ingestion_the_models_are_retrained_as_the_corpus_doubles(monkeypatch):
    """First run: a question asked before the mission documents were in trained the models on
    nothing, and they were kept for the whole first indexing — restoration left "che phu rung"
    as typed. While an ingestion runs they are retrained (in the background) each time the
    indexed files have doubled, and not after every file."""
    import threading
    from types import SimpleNamespace

    from common.config import Settings
    from qa.models import QAModels

    files: list = []
    library = SimpleNamespace(generation=0, busy=True, state=SimpleNamespace(files=lambda: list(files)))
    models = QAModels(Settings(), library)
    trained: list[int] = []

    def train(force, loaded):
        trained.append(models._indexed_files())
        models._trained_files = trained[-1]
        return object(), object()

    monkeypatch.setattr(models, "_train", train)
    models.ensure()  # the first question: models trained on no file
    for n in range(1, 9):
        files.append(SimpleNamespace(content_hash=f"h{n}"))
        library.generation = n
        models.ensure(wait=False)
        if models._background is not None:
            models._background.join(5)
    assert trained == [0, 1, 2, 4, 8]
    assert not any(t.name == "policyqa-retrain" for t in threading.enumerate())
