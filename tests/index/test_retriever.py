"""HybridRetriever on both backends: the right passage comes first, filters hold, fusions agree."""

from __future__ import annotations

import pytest
from haystack import Pipeline
from haystack.dataclasses import SparseEmbedding

from index.retriever import HybridRetriever
from index.store import Store
from tests.index.test_store import BACKENDS, PASSAGES, filled, make_backend, toy_dense, toy_sparse  # noqa: F401

read_only_on_both = pytest.mark.parametrize("filled", BACKENDS, indirect=True, scope="class")

# Questions whose answer is one known paragraph: (question, a phrase of that paragraph, its doc_id).
QUESTIONS = [
    ("bảo tồn thiên nhiên và gìn giữ đa dạng sinh học đạt tiến bộ", "đa dạng sinh học", "41-nq-tw"),
    ("bãi chôn lấp rác và xử lý nước thải tập trung ở các đô thị chưa được bố trí vốn", "bãi chôn lấp rác",
     "cv-dong-xoai-2016-06-13"),
    ("mọi tổ chức, gia đình và cá nhân có quyền lợi và nghĩa vụ bảo vệ môi trường", "mọi gia đình", "41-nq-tw"),
]


def ask(retriever: HybridRetriever, question: str, **kwargs):
    return retriever.run(query_embedding=toy_dense(question), query_sparse_embedding=toy_sparse(question), **kwargs)[
        "documents"
    ]


@read_only_on_both
class TestHybridRetriever:
    @pytest.mark.parametrize("fusion", ["rrf", "dbsf"])
    @pytest.mark.parametrize(("question", "phrase", "doc_id"), QUESTIONS, ids=["sinh-hoc", "chon-lap-rac", "nghia-vu"])
    def test_the_passage_that_answers_comes_first(self, filled, fusion, question, phrase, doc_id):
        documents = ask(HybridRetriever(filled, top_k=5, fusion=fusion), question)
        assert len(documents) == 5
        assert phrase in documents[0].content
        assert documents[0].meta["doc_id"] == doc_id

    def test_scores_are_fused_and_ordered(self, filled):
        documents = ask(HybridRetriever(filled, top_k=8), QUESTIONS[0][0])
        scores = [d.score for d in documents]
        assert scores == sorted(scores, reverse=True)
        assert all(s is not None and s > 0 for s in scores)

    def test_top_k_at_run_time_wins(self, filled):
        assert len(ask(HybridRetriever(filled, top_k=10), QUESTIONS[0][0], top_k=2)) == 2

    def test_filters_restrict_the_candidates(self, filled):
        question = QUESTIONS[1][0]  # answered by the công văn
        only_resolutions = {"field": "meta.doc_type", "operator": "==", "value": "Nghị quyết"}
        documents = ask(HybridRetriever(filled, top_k=5), question, filters=only_resolutions)
        assert documents
        assert {d.meta["doc_type"] for d in documents} == {"Nghị quyết"}
        before_2010 = {"field": "meta.issued_date", "operator": "<", "value": "2010-01-01"}
        assert all(d.meta["issued_date"] < "2010" for d in ask(HybridRetriever(filled), question, filters=before_2010))

    def test_a_query_without_known_terms_falls_back_to_dense(self, filled):
        question = QUESTIONS[0][0]
        documents = HybridRetriever(filled, top_k=3).run(
            query_embedding=toy_dense(question), query_sparse_embedding=SparseEmbedding(indices=[], values=[])
        )["documents"]
        assert [d.id for d in documents] == [d.id for d in filled.query_dense(toy_dense(question), top_k=3)]

    def test_runs_in_a_pipeline(self, filled):
        pipeline = Pipeline()
        pipeline.add_component("retriever", HybridRetriever(filled, top_k=3))
        question = QUESTIONS[2][0]
        result = pipeline.run(
            {"retriever": {"query_embedding": toy_dense(question), "query_sparse_embedding": toy_sparse(question)}}
        )
        assert QUESTIONS[2][1] in result["retriever"]["documents"][0].content


class TestBackendsAgree:
    def test_same_ranking_on_edge_and_server(self, tmp_path):
        rankings = []
        for kind in BACKENDS:
            with Store(make_backend(kind, tmp_path)) as store:
                store.write(PASSAGES)
                rankings.append([d.id for d in ask(HybridRetriever(store, top_k=5), QUESTIONS[0][0])])
        assert rankings[0] == rankings[1]

    def test_serializes_with_its_store(self, tmp_path):
        store = Store(make_backend("edge", tmp_path))
        data = HybridRetriever(store, top_k=4, fusion="weighted").to_dict()
        restored = HybridRetriever.from_dict(data)
        assert restored.top_k == 4 and restored.fusion == "dbsf"
        assert restored.store.backend.path == store.backend.path

    def test_unknown_fusion_is_refused(self, tmp_path):
        with pytest.raises(ValueError, match="fusion"):
            HybridRetriever(Store(make_backend("edge", tmp_path)), fusion="max")
