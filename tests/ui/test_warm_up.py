"""The answer path is prepared in the background when the app's first page opens, so the first
question does not wait for the query pipeline, the store and the models to load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.ui.conftest import REPO

pytestmark = pytest.mark.slow


def _app_context(qa):
    from ui.auth import Access
    from ui.handlers import AppContext

    home = Path(qa.settings.home)
    return AppContext(qa, Access(None), None, home / "uploads", [qa.settings.corpus_dir], qa.settings.ui.max_upload_mb)


def test_the_first_page_prepares_the_answer_path_once(tmp_path):
    from qa.facade import PolicyQA

    qa = PolicyQA(_indexed(tmp_path))  # a new app's facade: nothing loaded yet
    ctx = _app_context(qa)
    try:
        assert qa.engine.models.stats is None
        warming = ctx.warm_up()
        assert ctx.warm_up() is warming  # a second page load starts nothing more
        warming.join(120)
        assert not warming.is_alive() and qa.engine.models.stats is not None
        assert "74,8%" in qa.ask("Chỉ tiêu tỷ lệ che phủ rừng đến năm 2020 là bao nhiêu?").answer
    finally:
        qa.close()


def _indexed(tmp_path):
    """Settings of a home holding the two mission documents, indexed by an earlier facade."""
    from common.config import load_settings
    from qa.facade import PolicyQA

    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus" / "moi-truong", corpus / "moi-truong")
    settings = load_settings("test", home=tmp_path / "home", corpus_dir=corpus)
    first = PolicyQA(settings)
    assert len(first.ingest([corpus]).added) == 2
    first.close()
    return settings


def _count_reads(qa) -> list:
    """The store's reads of a document's chunks (section expansion), recorded as they pass to the real store."""
    store, reads = qa.library.store, []
    read = store.filter

    def counted(filters=None, with_vectors=False):
        reads.append(filters)
        return read(filters, with_vectors=with_vectors)

    store.filter = counted
    return reads


def test_after_the_warm_up_the_first_questions_read_no_document_again(tmp_path):
    """The warm-up reads each document's chunk layout and folds its text once; the first
    questions then find them ready instead of paying for them one document at a time."""
    from qa.facade import PolicyQA

    qa = PolicyQA(_indexed(tmp_path))
    try:
        reads = _count_reads(qa)
        qa.warm_up()
        assert {r["value"] for r in reads} == {f.doc_id for f in qa.library.state.files()}
        reads.clear()
        assert "74,8%" in qa.ask("Chỉ tiêu tỷ lệ che phủ rừng đến năm 2020 là bao nhiêu?").answer
        assert qa.search("trách nhiệm người đứng đầu").hits
        assert reads == []
    finally:
        qa.close()


def test_the_warm_up_prepares_the_largest_documents_that_fit_its_budget(tmp_path):
    from qa.facade import PolicyQA

    qa = PolicyQA(_indexed(tmp_path))
    try:
        sizes = sorted(len(f.chunk_ids) for f in qa.library.state.files())
        assert sizes[0] < sizes[1]
        assert qa.engine.prepare_documents(0) == 0
        assert qa.engine.prepare_documents(sizes[0]) == 1  # the larger does not fit: the smaller does
        assert qa.engine.prepare_documents(sum(sizes)) == 2
        # Before each document it pauses (the facade waits there until no question is being answered).
        reads = _count_reads(qa)
        paused_after = []
        assert qa.engine.prepare_documents(sum(sizes), pause=lambda: paused_after.append(len(reads))) == 2
        assert paused_after == [0, 1] and len(reads) == 2
    finally:
        qa.close()


def test_the_app_s_warm_up_moves_its_heap_out_of_full_collections(tmp_path):
    """ui.gc_freeze: once prepared, the app's objects are left out of the collector's full passes
    (which stop every user's request); the test preset leaves the collector alone."""
    import gc

    from qa.facade import PolicyQA
    from ui.handlers import warm_up_app

    settings = _indexed(tmp_path)
    assert not settings.ui.gc_freeze and gc.get_freeze_count() == 0
    qa = PolicyQA(settings)
    try:
        warm_up_app(qa)
        assert gc.get_freeze_count() == 0
    finally:
        qa.close()
    qa = PolicyQA(settings.model_copy(update={"ui": settings.ui.model_copy(update={"gc_freeze": True})}))
    try:
        warm_up_app(qa)
        assert gc.get_freeze_count() > 10_000  # the models, the index's client, the prepared documents
        assert "74,8%" in qa.ask("Chỉ tiêu tỷ lệ che phủ rừng đến năm 2020 là bao nhiêu?").answer
    finally:
        gc.unfreeze()
        qa.close()


def test_nothing_indexed_nothing_to_prepare(tmp_path):
    from common.config import load_settings
    from qa.facade import PolicyQA

    qa = PolicyQA(load_settings("test", home=tmp_path / "home", corpus_dir=tmp_path / "corpus"))
    try:
        qa.warm_up()  # no error, nothing loaded
        assert qa.engine.models.stats is None
    finally:
        qa.close()
