"""The index store, the same tests on both backends.

``edge``: Qdrant Edge in tmp_path (the embedded default). ``server``: qdrant-haystack's
QdrantDocumentStore in qdrant-client local mode, standing in for a Qdrant server.
Passages are real (corpus/moi-truong and a reference decision); their vectors come from a
tiny deterministic hashed bag of syllables, since the real embedders are tested elsewhere.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
import zlib
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from haystack import Document
from haystack.dataclasses import SparseEmbedding
from haystack.utils.filters import FilterError

from common.errors import IndexStoreError
from index.store import Store, edge_path, open_store
from index.store_edge import EdgeDocumentStore
from index.store_server import ServerDocumentStore

REPO = Path(__file__).resolve().parents[2]
DIM = 64
BACKENDS = ("edge", "server")

SOURCES = [
    (
        "corpus/moi-truong/2004-11-15-nghi-quyet-41-NQ-TW-tom-luoc.txt",
        {"doc_id": "41-nq-tw", "doc_number": "41-NQ/TW", "number_key": "41-nq-tw", "doc_type": "Nghị quyết",
         "issuer": "Bộ Chính trị", "issued_date": "2004-11-15", "status": "digest", "cites": []},
    ),
    (
        "corpus/moi-truong/2016-06-13-cong-van-trien-khai-ket-luan-02-KL-TW.txt",
        {"doc_id": "cv-dong-xoai-2016-06-13", "doc_number": None, "number_key": None, "doc_type": "Công văn",
         "issuer": "Ban Thường vụ Tỉnh ủy", "issued_date": "2016-06-13", "status": "original",
         "cites": [{"doc_number": "41-NQ/TW", "number_key": "41-nq-tw", "doc_type": "Nghị quyết",
                    "issued_date": "2004-11-15", "issuer": "Bộ Chính trị"}]},
    ),
    (
        "corpus/van-ban-tham-khao/2003-02144qd.txt",
        {"doc_id": "144-2002-qd-btc", "doc_number": "144/2002/QĐ-BTC", "number_key": "144-2002-qd-btc",
         "doc_type": "Quyết định", "issuer": "Bộ Tài chính", "issued_date": "2002-11-22", "status": "original",
         "cites": []},
    ),
]


def syllables(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).lower())


def toy_dense(text: str) -> list[float]:
    """Hashed bag of syllables and syllable pairs, L2-normalized: similar texts → close vectors."""
    sy = syllables(text)
    vec = np.zeros(DIM, dtype=np.float32)
    for token in sy + [a + " " + b for a, b in zip(sy, sy[1:])]:
        vec[zlib.crc32(token.encode()) % DIM] += 1.0
    norm = float(np.linalg.norm(vec))
    return (vec / norm if norm else vec).tolist()


def toy_sparse(text: str) -> SparseEmbedding:
    """Term frequencies of hashed syllables (the engine applies IDF)."""
    counts = Counter(zlib.crc32(s.encode()) % (1 << 20) for s in syllables(text))
    indices = sorted(counts)
    return SparseEmbedding(indices=indices, values=[float(counts[i]) for i in indices])


def load_passages() -> list[Document]:
    """Paragraphs (≥ 80 characters) of the three documents, with the project's meta."""
    documents = []
    for rel, doc_meta in SOURCES:
        text = unicodedata.normalize("NFC", (REPO / rel).read_text(encoding="utf-8"))
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if len(p.strip()) >= 80]
        for ordinal, para in enumerate(paragraphs[:12]):
            meta = dict(doc_meta, source_path=rel.removeprefix("corpus/"), content_hash="h-" + doc_meta["doc_id"],
                        section=str(ordinal), section_path=[str(ordinal)], section_title="", kind="body",
                        citation_label=f"{doc_meta['doc_id']} đoạn {ordinal}", context="",
                        chunk_id=f"{doc_meta['doc_id']}#{ordinal}", ordinal=ordinal)
            documents.append(Document(id=meta["chunk_id"], content=para, meta=meta,
                                      embedding=toy_dense(para), sparse_embedding=toy_sparse(para)))
    return documents


PASSAGES = load_passages()


def count_of(doc_id: str) -> int:
    return sum(1 for d in PASSAGES if d.meta["doc_id"] == doc_id)


def make_backend(kind: str, folder: Path, dim: int = DIM):
    if kind == "edge":
        return EdgeDocumentStore(str(folder / "edge"), dim)
    return ServerDocumentStore("policyqa", dim, path=str(folder / "local"))


@pytest.fixture
def open_at(tmp_path, request):
    """``open_at()`` opens a store of the test's backend on the same folder each call."""
    kind = request.param
    opened: list[Store] = []

    def _open(dim: int = DIM) -> Store:
        store = Store(make_backend(kind, tmp_path, dim)).open()
        opened.append(store)
        return store

    _open.kind = kind  # type: ignore[attr-defined]
    yield _open
    for store in opened:
        store.close()


@pytest.fixture
def store(open_at):
    s = open_at()
    s.write(PASSAGES)
    return s


@pytest.fixture(scope="class")
def filled(request, tmp_path_factory):
    """One store per backend holding every passage, shared by a class's read-only tests."""
    store = Store(make_backend(request.param, tmp_path_factory.mktemp(request.param))).open()
    store.write(PASSAGES)
    yield store
    store.close()


both_backends = pytest.mark.parametrize("open_at", BACKENDS, indirect=True)
read_only_on_both = pytest.mark.parametrize("filled", BACKENDS, indirect=True, scope="class")


@both_backends
class TestWriteAndCount:
    def test_every_passage_is_stored_with_its_meta(self, store):
        assert store.count() == len(PASSAGES)
        stored = {d.id: d for d in store.filter()}
        original = PASSAGES[count_of("41-nq-tw")]  # first passage of the công văn
        got = stored[original.id]
        assert got.content == original.content
        assert got.meta == original.meta
        assert got.meta["cites"][0]["doc_number"] == "41-NQ/TW"
        assert len(got.embedding) == DIM

    def test_writing_the_same_ids_again_adds_nothing(self, store):
        store.write(PASSAGES)
        assert store.count() == len(PASSAGES)

    def test_rewriting_an_id_replaces_its_content(self, store):
        first = PASSAGES[0]
        changed = Document(id=first.id, content="Nội dung đã sửa.", meta=first.meta,
                           embedding=first.embedding, sparse_embedding=first.sparse_embedding)
        store.write([changed])
        got = store.filter({"field": "id", "operator": "==", "value": first.id})
        assert [d.content for d in got] == ["Nội dung đã sửa."]
        assert store.count() == len(PASSAGES)

    def test_wrong_vector_size_is_refused(self, store):
        bad = Document(content="x", embedding=[0.1] * (DIM + 1))
        with pytest.raises(ValueError, match="dims"):
            store.write([bad])


@read_only_on_both
class TestFilters:
    def test_by_doc_type(self, filled):
        got = filled.filter({"field": "meta.doc_type", "operator": "==", "value": "Nghị quyết"})
        assert len(got) == count_of("41-nq-tw")
        assert {d.meta["doc_number"] for d in got} == {"41-NQ/TW"}

    def test_by_issuer_list(self, filled):
        f = {"field": "meta.issuer", "operator": "in", "value": ["Bộ Tài chính", "Bộ Chính trị"]}
        assert filled.count(f) == count_of("41-nq-tw") + count_of("144-2002-qd-btc")

    def test_by_date_range(self, filled):
        f = {"operator": "AND", "conditions": [
            {"field": "meta.issued_date", "operator": ">=", "value": "2004-01-01"},
            {"field": "meta.issued_date", "operator": "<", "value": "2016-06-13"},
        ]}
        assert {d.meta["doc_id"] for d in filled.filter(f)} == {"41-nq-tw"}
        f_after = {"field": "meta.issued_date", "operator": ">", "value": "2004-11-15"}
        assert {d.meta["doc_id"] for d in filled.filter(f_after)} == {"cv-dong-xoai-2016-06-13"}

    def test_by_doc_id_and_not(self, filled):
        assert filled.count({"field": "meta.doc_id", "operator": "==", "value": "144-2002-qd-btc"}) == count_of(
            "144-2002-qd-btc"
        )
        # Haystack's NOT means "not all of": only passage 0 of 41-NQ is excluded here.
        f = {"operator": "NOT", "conditions": [
            {"field": "meta.doc_id", "operator": "==", "value": "41-nq-tw"},
            {"field": "meta.ordinal", "operator": "==", "value": 0},
        ]}
        assert filled.count(f) == len(PASSAGES) - 1
        assert filled.count({"field": "meta.doc_type", "operator": "!=", "value": "Công văn"}) == count_of(
            "41-nq-tw"
        ) + count_of("144-2002-qd-btc")

    def test_invalid_filter_is_an_error(self, filled):
        with pytest.raises(FilterError):
            filled.filter({"field": "meta.doc_type", "operator": "~", "value": "x"})
        with pytest.raises(FilterError):
            filled.filter({"field": "meta.issuer", "operator": ">", "value": "Bộ"})


@both_backends
class TestDelete:
    def test_delete_ids_ignores_unknown_ones(self, store):
        store.delete_ids([PASSAGES[0].id, PASSAGES[1].id, "không-có"])
        assert store.count() == len(PASSAGES) - 2

    def test_delete_a_document_keeps_the_others(self, store):
        assert store.delete_doc("41-nq-tw") == count_of("41-nq-tw")
        assert store.count() == len(PASSAGES) - count_of("41-nq-tw")
        assert store.delete_doc("41-nq-tw") == 0

    def test_delete_by_source_path(self, store):
        path = "van-ban-tham-khao/2003-02144qd.txt"
        assert store.delete_source(path) == count_of("144-2002-qd-btc")
        assert store.count({"field": "meta.source_path", "operator": "==", "value": path}) == 0


@both_backends
class TestPersistence:
    def test_reopen_finds_the_same_documents(self, open_at):
        first = open_at()
        first.write(PASSAGES)
        before = [d.id for d in first.query_dense(toy_dense(PASSAGES[3].content), top_k=3)]
        first.close()
        again = open_at()
        assert again.count() == len(PASSAGES)
        assert [d.id for d in again.query_dense(toy_dense(PASSAGES[3].content), top_k=3)] == before

    def test_second_open_of_the_same_index_is_refused(self, open_at):
        open_at()
        with pytest.raises(IndexStoreError, match="tiến trình policyqa khác đang dùng chỉ mục"):
            open_at()

    def test_changed_vector_size_is_reported(self, open_at):
        open_at().close()
        with pytest.raises(IndexStoreError):
            open_at(dim=DIM * 2)

    @pytest.mark.slow
    def test_a_killed_writer_loses_nothing_written(self, open_at, tmp_path):
        script = (
            "import os, sys; sys.path[:0] = [sys.argv[1]]\n"
            "from tests.index.test_store import PASSAGES, make_backend\n"
            "from index.store import Store\nfrom pathlib import Path\n"
            "s = Store(make_backend(sys.argv[2], Path(sys.argv[3]))).open()\n"
            "s.write(PASSAGES)\nos.kill(os.getpid(), 9)\n"
        )
        proc = subprocess.run([sys.executable, "-c", script, str(REPO), open_at.kind, str(tmp_path)], timeout=120)
        assert proc.returncode == -9
        assert open_at().count() == len(PASSAGES)


class TestOpenStore:
    def test_without_url_the_embedded_index_lives_under_home(self, tmp_path):
        with open_store(tmp_path / "home", None, None, "policyqa", DIM) as s:
            assert s.kind == "edge"
            s.write(PASSAGES[:3])
        assert (edge_path(tmp_path / "home", "policyqa") / "edge_config.json").exists()
        with open_store(tmp_path / "home", None, None, "policyqa", DIM) as s:
            assert s.count() == 3

    def test_a_url_selects_the_server_backend(self, tmp_path):
        with open_store(tmp_path / "home", ":memory:", None, "policyqa", DIM) as s:
            assert s.kind == "server"
            s.write(PASSAGES[:3])
            assert s.count() == 3

    def test_shards_and_replication_reach_the_server_collection(self, tmp_path):
        # What a cluster creates the collection with (POLICYQA_INDEX__QDRANT_SHARDS / __QDRANT_REPLICATION).
        # No server runs here: qdrant-client's local mode takes the settings and ignores them, so this checks
        # that they are handed to the collection's creation and that the store still works with them set.
        with open_store(tmp_path / "home", ":memory:", None, "policyqa", DIM, shards=4, replication=2) as s:
            assert (s.backend.document_store.shard_number, s.backend.document_store.replication_factor) == (4, 2)
            assert Store.from_dict(s.to_dict()).backend.document_store.shard_number == 4
            s.write(PASSAGES[:3])
            assert s.count() == 3

    def test_the_settings_choose_shards_and_replication(self, tmp_path, monkeypatch):
        from common.config import load_settings
        from index.service import Library

        monkeypatch.setenv("POLICYQA_INDEX__QDRANT_SHARDS", "6")
        monkeypatch.setenv("POLICYQA_INDEX__QDRANT_REPLICATION", "2")
        settings = load_settings("test", home=tmp_path / "home")
        settings.index.qdrant_url = ":memory:"
        library = Library(settings)
        try:
            store = library.store.backend.document_store
            assert (store.shard_number, store.replication_factor) == (6, 2)
        finally:
            library.close()
