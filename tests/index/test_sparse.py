"""The Vietnamese lexical sparse encoder, ranked the way production ranks: Qdrant with IDF."""

import pytest
from haystack import Document
from qdrant_client import QdrantClient, models

from index.sparse import VietSparseDocumentEmbedder, VietSparseTextEmbedder, encode_passage, encode_query
from index.sparse_terms import doc_number_key, is_doc_number, sparse_fingerprint, term_counts, term_index

PASSAGES = {
    "env": "Nghị quyết số 41-NQ/TW của Bộ Chính trị về bảo vệ môi trường trong thời kỳ đẩy mạnh "
    "công nghiệp hoá, hiện đại hoá đất nước.",
    "tax": "Thuế thu nhập cá nhân được khấu trừ tại nguồn đối với tiền lương, tiền công của người lao động.",
    "rural": "Chương trình mục tiêu quốc gia về xây dựng nông thôn mới giai đoạn 2021-2025 ưu tiên "
    "bảo đảm nước sạch và vệ sinh.",
    "staff": "Nghị định số 114/2003/NĐ-CP về cán bộ, công chức xã, phường, thị trấn.",
    "waste": "Quản lý chất thải rắn sinh hoạt tại các đô thị và khu công nghiệp; xử lý nước thải trước khi "
    "xả ra môi trường.",
    "school": "Học sinh trung học cơ sở được miễn học phí theo quy định của Chính phủ.",
}


@pytest.fixture(scope="module")
def collection():
    """The test passages in a Qdrant collection whose sparse vector has the IDF modifier."""
    client = QdrantClient(":memory:")
    client.create_collection(
        "t",
        vectors_config={},
        sparse_vectors_config={"sparse": models.SparseVectorParams(modifier=models.Modifier.IDF)},
    )
    docs = [Document(id=key, content=text) for key, text in PASSAGES.items()]
    embedded = VietSparseDocumentEmbedder().run(docs)["documents"]
    client.upsert(
        "t",
        [
            models.PointStruct(
                id=i,
                vector={"sparse": models.SparseVector(**d.sparse_embedding.to_dict())},
                payload={"key": d.id},
            )
            for i, d in enumerate(embedded)
        ],
    )
    return client


def search(client, query: str) -> list[tuple[str, float]]:
    vector = VietSparseTextEmbedder().run(query)["sparse_embedding"]
    hits = client.query_points("t", query=models.SparseVector(**vector.to_dict()), using="sparse", limit=6).points
    return [(h.payload["key"], h.score) for h in hits]


class TestRanking:
    def test_accented_query_finds_its_passage(self, collection):
        hits = search(collection, "bảo vệ môi trường")
        assert hits[0][0] == "env"

    def test_query_without_diacritics_still_ranks_passage_first_but_lower(self, collection):
        accented = search(collection, "bảo vệ môi trường")
        plain = search(collection, "bao ve moi truong")
        assert plain[0][0] == "env"
        assert plain[0][1] < accented[0][1]

    def test_upper_case_query_without_diacritics(self, collection):
        assert search(collection, "THUE THU NHAP CA NHAN")[0][0] == "tax"

    def test_document_number_query_hits_passage_that_contains_it(self, collection):
        assert search(collection, "41-NQ/TW")[0][0] == "env"
        assert search(collection, "Nghị định 114/2003/NĐ-CP")[0][0] == "staff"

    def test_document_number_written_differently_still_hits(self, collection):
        assert search(collection, "41/NQ-TW")[0][0] == "env"
        assert search(collection, "114/2003/nd-cp")[0][0] == "staff"

    def test_bigram_beats_scattered_syllables(self, collection):
        # "công nghiệp hoá" is a phrase of "env"; "waste" only has "công nghiệp".
        hits = search(collection, "công nghiệp hoá")
        assert hits[0][0] == "env"


class TestTerms:
    def test_tone_placement_variants_give_identical_terms(self):
        assert term_counts("Công nghiệp hoá, hiện đại hoá") == term_counts("công nghiệp hóa, hiện đại hóa")
        assert encode_query("thuỷ lợi") == encode_query("thủy lợi")
        assert encode_passage("Hoà bình") == encode_passage("hòa bình")

    def test_folded_terms_weigh_less_than_exact_in_a_query(self):
        counts = term_counts("bảo vệ")
        assert {"u:bảo", "u:vệ", "b:bảo vệ", "fu:bao", "fu:ve", "fb:bao ve"} <= set(counts)
        query = encode_query("bảo vệ", exact_weight=1.0, folded_weight=0.5)
        weights = dict(zip(query.indices, query.values))
        assert weights[term_index("u:bảo")] == 1.0
        assert weights[term_index("fu:bao")] == 0.5

    def test_query_weights_each_distinct_term_once(self):
        query = encode_query("môi trường, môi trường, môi trường")
        assert max(query.values) == 1.0

    def test_passage_term_frequency_saturates(self):
        once = encode_passage("môi trường")
        many = encode_passage(" . ".join(["môi trường"] * 20))
        w_once = dict(zip(once.indices, once.values))[term_index("u:môi")]
        w_many = dict(zip(many.indices, many.values))[term_index("u:môi")]
        assert w_once < w_many < 1.2 + 1.0  # k1 + 1 bounds any term

    def test_bigrams_do_not_cross_punctuation(self):
        counts = term_counts("kinh tế, xã hội. Văn hoá")
        assert "b:kinh tế" in counts and "b:xã hội" in counts
        assert "b:tế xã" not in counts and "b:hội văn" not in counts

    def test_document_numbers_are_whole_tokens_with_a_canonical_key(self):
        counts = term_counts("theo Nghị định 114/2003/NĐ-CP")
        assert "u:114/2003/nđ-cp" in counts
        assert "n:114/2003/nd/cp" in counts
        assert doc_number_key("41-NQ/TW") == doc_number_key("41/nq-tw") == "41/nq/tw"
        assert is_doc_number("41-nq/tw") and not is_doc_number("15/11/2004") and not is_doc_number("t/m")

    def test_indices_are_stable_31_bit_and_unique_in_a_vector(self):
        assert term_index("u:môi") == term_index("u:môi") < 2**31
        vector = encode_passage(PASSAGES["env"])
        assert len(set(vector.indices)) == len(vector.indices)
        assert vector.indices == sorted(vector.indices)

    def test_text_without_words_gives_empty_vector(self):
        assert encode_query(" ... ").indices == []


class TestComponents:
    def test_document_embedder_encodes_context_with_content(self):
        doc = Document(content="Giao Bộ Tài nguyên và Môi trường chủ trì.", meta={"context": "41-NQ/TW, mục 3"})
        out = VietSparseDocumentEmbedder().run([doc])["documents"][0]
        assert term_index("n:41/nq/tw") in out.sparse_embedding.indices
        assert out.content == doc.content and doc.sparse_embedding is None  # input left untouched

    def test_text_embedder_output_socket(self):
        out = VietSparseTextEmbedder(folded_weight=0.25).run("môi trường")
        assert 0.25 in out["sparse_embedding"].values

    def test_bad_parameters_are_refused(self):
        with pytest.raises(ValueError):
            VietSparseDocumentEmbedder(b=2.0)
        with pytest.raises(ValueError):
            VietSparseTextEmbedder(folded_weight=-1)

    def test_fingerprint_changes_with_weighting(self):
        assert VietSparseDocumentEmbedder().fingerprint == sparse_fingerprint()
        assert VietSparseDocumentEmbedder(k1=2.0).fingerprint != sparse_fingerprint()
