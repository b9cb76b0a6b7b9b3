"""Section expansion over real chunks of a real document, in the embedded store and in
qdrant-client's local mode (standing in for a server).

2003-A-15 (Nghị định 94/1998/NĐ-CP) has an article, Điều 2, that the chunker splits over
two chunks: its lead-in and items 1–2, then items 3–4. Vectors are a fixed toy vector: the
expander reads neighbours by payload, never by similarity.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from haystack import Document

from common.types import KIND_BODY
from index.store import open_store
from ingest.components import to_haystack
from ingest.convert import convert_file, make_chunks
from qa.candidates import locate_section
from qa.expand import ChunkRef, SectionExpander, section_group
from qa.retrieval import to_passages
from tests.conftest import CORPUS

SOURCE = CORPUS / "van-ban-tham-khao" / "2003-A-15.txt"
DIM = 8


def ref(ordinal: int, path: tuple[str, ...], size: int = 500, kind: str = KIND_BODY) -> ChunkRef:
    return ChunkRef(ordinal, path, size, kind)


class TestSectionGroup:
    def test_split_article_is_joined(self):
        siblings = [ref(5, ("Điều 1", "2")), ref(6, ("Điều 2",)), ref(7, ("Điều 2",)), ref(8, ("Điều 3",))]
        assert section_group(siblings[2], siblings, 3000) == [6, 7]

    def test_grows_to_the_enclosing_section_while_it_fits(self):
        chunks = [ref(2, ("Điều 1",), 60), ref(3, ("Điều 1", "1"), 1200), ref(4, ("Điều 1", "1", "c"), 700),
                  ref(5, ("Điều 1", "2"), 200), ref(6, ("Điều 2",), 900)]
        assert section_group(chunks[2], chunks, 3000) == [2, 3, 4, 5]  # all of Điều 1
        assert section_group(chunks[2], chunks, 2000) == [3, 4]  # only Khoản 1 fits

    def test_too_large_stays_alone(self):
        chunks = [ref(1, ("II",), 2500), ref(2, ("II",), 2500)]
        assert section_group(chunks[1], chunks, 3000) == [2]

    def test_header_and_unnumbered_chunks_are_not_expanded(self):
        chunks = [ref(0, (), 300, "header"), ref(1, (), 300)]
        assert section_group(chunks[0], chunks, 3000) == [0]
        assert section_group(chunks[1], chunks, 3000) == [1]

    def test_gap_in_ordinals_stops_the_group(self):
        chunks = [ref(1, ("Điều 2",)), ref(3, ("Điều 2",))]  # ordinal 2 is not there
        assert section_group(chunks[1], chunks, 3000) == [3]


@pytest.fixture(params=["edge", "server"])
def store_with_chunks(request, tmp_path):
    converted = convert_file(SOURCE, root=CORPUS)
    toy = [1.0] + [0.0] * (DIM - 1)
    documents = [replace(d, embedding=toy) for d in to_haystack(converted, make_chunks(converted))]
    url = None if request.param == "edge" else ":memory:"
    store = open_store(tmp_path / "home", url, None, "test", DIM)
    store.write(documents)
    yield store, {d.id: d for d in documents}
    store.close()


def hits_of(documents: dict[str, Document], *needles: str) -> list[Document]:
    """Stored chunks holding each needle, as a retriever would return them (with a score)."""
    out = []
    for i, needle in enumerate(needles):
        doc = next(d for d in documents.values() if needle in (d.content or ""))
        out.append(Document(id=doc.id, content=doc.content, meta=dict(doc.meta), score=1.0 - i / 10))
    return out


class TestSectionExpander:
    def test_second_half_of_an_article_comes_back_whole(self, store_with_chunks):
        store, documents = store_with_chunks
        hit = hits_of(documents, "quà biếu, quà tặng")[0]
        assert "chuyên dùng phục vụ trực tiếp" not in hit.content  # the chunker split Điều 2
        (passage,) = SectionExpander(store, max_chars=3000).run(documents=[hit])["documents"]
        assert passage.content.startswith("Điều 2.") and "quà biếu, quà tặng" in passage.content
        assert "chuyên dùng phục vụ trực tiếp" in passage.content
        assert passage.id == hit.id and passage.score == hit.score
        assert passage.meta["section"] == "Điều 2"

    def test_inner_sections_keep_their_labels_after_the_join(self, store_with_chunks):
        store, documents = store_with_chunks
        hit = hits_of(documents, "quà biếu, quà tặng")[0]
        (passage,) = to_passages(SectionExpander(store, max_chars=3000).run(documents=[hit])["documents"])
        offset = passage.text.index("Hàng là quà biếu")
        assert locate_section(passage, offset)[1].startswith("Khoản 4 Điều 2")
        offset = passage.text.index("Hàng nhập khẩu chuyên dùng")
        assert locate_section(passage, offset)[1].startswith("Khoản 1 Điều 2")

    def test_two_hits_in_one_section_become_one_passage(self, store_with_chunks):
        store, documents = store_with_chunks
        hits = hits_of(documents, "quà biếu, quà tặng", "chuyên dùng phục vụ trực tiếp", "Kê khai nộp thuế")
        passages = SectionExpander(store, max_chars=3000).run(documents=hits)["documents"]
        assert len(passages) == 2
        assert "quà biếu" in passages[0].content and "chuyên dùng" in passages[0].content
        assert passages[1].content.startswith("Điều 3.")

    def test_top_k_counts_passages_after_merging(self, store_with_chunks):
        store, documents = store_with_chunks
        hits = hits_of(documents, "quà biếu, quà tặng", "chuyên dùng phục vụ trực tiếp", "Kê khai nộp thuế")
        assert len(SectionExpander(store, max_chars=3000).run(documents=hits, top_k=1)["documents"]) == 1

    def test_zero_turns_expansion_off(self, store_with_chunks):
        store, documents = store_with_chunks
        hit = hits_of(documents, "quà biếu, quà tặng")[0]
        (passage,) = SectionExpander(store, max_chars=0).run(documents=[hit])["documents"]
        assert passage.content == hit.content

    def test_changed_document_is_read_again(self, store_with_chunks):
        store, documents = store_with_chunks
        expander = SectionExpander(store, max_chars=3000)
        hit = hits_of(documents, "quà biếu, quà tặng")[0]
        expander.run(documents=[hit])
        first = next(d for d in documents.values() if (d.content or "").startswith("Điều 2."))
        edited = Document(id=first.id, content=first.content.replace("Điều 2.", "Điều 2 (sửa)."),
                          meta={**first.meta, "content_hash": "edited"}, embedding=first.embedding)
        store.write([edited])
        hit.meta["content_hash"] = "edited"
        (passage,) = expander.run(documents=[hit])["documents"]
        assert passage.content.startswith("Điều 2 (sửa).")

    def test_negative_size_is_refused(self, store_with_chunks):
        with pytest.raises(ValueError, match="max_chars"):
            SectionExpander(store_with_chunks[0], max_chars=-1)
