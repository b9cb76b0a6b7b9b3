"""Ranking adjustments on real chunks of a real document (qa.retrieval).

2008-23.QD-991-UBND (a Quyết định of UBND tỉnh Bình Phước) has the usual frame: the title
block, a preamble of "Căn cứ …; Xét đề nghị …", three articles, the signature. Scores are
made up so that the frame ranks first, as it does for a question about the decision's
content (its chunks are short and embedded with the decision's trích yếu).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from common.types import KIND_BODY, KIND_HEADER, KIND_PREAMBLE, KIND_SIGNATURE
from common.vietnamese.numbers import number_key
from ingest.components import to_haystack
from ingest.convert import convert_file, make_chunks
from qa.retrieval import LibraryEntry, demote_frame, is_frame, prepare_query
from tests.conftest import CORPUS

SOURCE = CORPUS / "van-ban-tham-khao" / "2008-23.QD-991-UBND.txt"


@pytest.fixture(scope="module")
def chunks():
    converted = convert_file(SOURCE, root=CORPUS)
    return to_haystack(converted, make_chunks(converted))


def kinds(documents) -> list[str]:
    return [d.meta["kind"] for d in documents]


class TestFrame:
    def test_the_decision_has_a_frame(self, chunks):
        assert {KIND_HEADER, KIND_PREAMBLE, KIND_SIGNATURE, KIND_BODY} <= set(kinds(chunks))

    def test_title_block_signature_and_bare_preamble_are_frame(self, chunks):
        for d in chunks:
            if d.meta["kind"] in (KIND_HEADER, KIND_SIGNATURE):
                assert is_frame(d)
            if d.meta["kind"] == KIND_BODY:
                assert not is_frame(d), d.content
        basis = next(d for d in chunks if (d.content or "").lstrip().startswith("Căn cứ"))
        assert basis.meta["kind"] == KIND_PREAMBLE and is_frame(basis)

    def test_a_preamble_that_says_something_is_content(self, chunks):
        """A letter's opening paragraphs (the assessment before its numbered tasks) are
        preamble by position and content by what they say."""
        opening = replace(chunks[0], meta={**chunks[0].meta, "kind": KIND_PREAMBLE},
                          content="Sau hơn 10 năm triển khai, nhận thức về bảo vệ môi trường đã được nâng lên.")
        assert not is_frame(opening)

    def test_provisions_come_before_the_frame(self, chunks):
        frame_first = sorted(chunks, key=lambda d: not is_frame(d))
        ranked = [replace(d, score=1.0 - i / 100) for i, d in enumerate(frame_first)]
        out = demote_frame(ranked, 0.7)
        assert kinds(out)[0] == KIND_BODY and out[0].content.startswith("Điều")
        assert sorted(d.id for d in out) == sorted(d.id for d in ranked)  # same chunks, reordered
        assert [d.score for d in out] == sorted((d.score for d in out), reverse=True)
        assert all(d.id == ranked[i].id for i, d in enumerate(demote_frame(ranked, 1.0)))

    def test_a_much_better_frame_chunk_keeps_its_place(self, chunks):
        header = next(d for d in chunks if d.meta["kind"] == KIND_HEADER)
        article = next(d for d in chunks if d.meta["kind"] == KIND_BODY)
        out = demote_frame([replace(header, score=2.0), replace(article, score=1.0)], 0.7)
        assert out[0].id == header.id  # a scale, not a filter



class TestNamedDocuments:
    """A question that names a document: its passages are the scope, or a note says it is not loaded."""

    @staticmethod
    def entry(doc_id, number=None, status="original", issued_with=None, title="") -> LibraryEntry:
        return LibraryEntry(doc_id, number, number_key(number) if number else None, "Thông tư" if number else None,
                            None, "2004-03-10", status, title or doc_id, [], issued_with)

    def test_an_annex_is_named_by_the_number_it_was_issued_with(self):
        """"Mẫu số 12 kèm Thông tư 04/2004/TT-BLĐTBXH": the Thông tư itself is known only by
        metadata, the forms issued with it are loaded — they are what the question is about."""
        library = [self.entry("ref:tt04", "04/2004/TT-BLĐTBXH", "metadata-only", title="Thông tư 04/2004/TT-BLĐTBXH"),
                   self.entry("bieu-tt04", issued_with="04/2004/TT-BLĐTBXH", title="Biểu mẫu"),
                   self.entry("nd-114", "114/2003/NĐ-CP")]
        prepared = prepare_query("Theo Thông tư 04/2004/TT-BLĐTBXH, báo cáo gửi tới đơn vị nào?", library, None)
        assert prepared.scope_doc_ids == ["bieu-tt04"] and prepared.boost_doc_ids == ["bieu-tt04"]
        assert prepared.notes == ["Toàn văn Thông tư 04/2004/TT-BLĐTBXH chưa được nạp; chỉ có văn bản ban hành "
                                  "kèm theo (Biểu mẫu) được trích dẫn."]

    def test_a_text_known_by_metadata_is_answered_from_its_loaded_guide_except_its_own_metadata(self):
        """"… được miễn thuế theo QĐ 176/1999 … báo cáo chậm nhất ngày nào": the decision is known only by
        metadata; Thông tư 40/2000/TT-BTC, whose trích yếu is "Hướng dẫn thi hành Quyết định số 176/1999/QĐ-TTg
        …", states the rule (five opened questions abstained "chưa nạp"). Its date and signer stay its own."""
        qd = LibraryEntry("ref:qd176", "176/1999/QĐ-TTg", number_key("176/1999/QĐ-TTg"), "Quyết định", None,
                          "1999-08-26", "metadata-only", "Quyết định 176/1999/QĐ-TTg")
        guide = self.entry("tt40", "40/2000/TT-BTC", title="Thông tư số 40/2000/TT-BTC ngày 15/5/2000: Hướng dẫn …")
        guide.summary = "Hướng dẫn thi hành Quyết định số 176/1999/QĐ-TTg ngày 26/8/1999 của Thủ tướng Chính phủ"
        citing = self.entry("tt99", "99/2000/TT-BTC", title="Thông tư 99/2000/TT-BTC")
        citing.summary = "Bổ sung một số điểm về miễn thuế theo Quyết định số 176/1999/QĐ-TTg"
        library = [qd, guide, citing]
        prepared = prepare_query("DN được miễn thuế theo QĐ 176/1999 phải báo cáo hải quan chậm nhất ngày nào?",
                                 library, None)
        assert prepared.scope_doc_ids == ["tt40"] and prepared.scope_unloaded_keys == [number_key("176/1999/QĐ-TTg")]
        assert prepared.notes == ["Toàn văn Quyết định 176/1999/QĐ-TTg chưa được nạp vào hệ thống; câu trả lời trích "
                                  "Thông tư 40/2000/TT-BTC, văn bản hướng dẫn thi hành văn bản này."]
        assert prepare_query("Quyết định 176/1999/QĐ-TTg được ký ngày nào?", library, None).scope_doc_ids == []

    def test_the_period_of_a_plan_or_report_is_no_document_number(self):
        """"kế hoạch 5 năm 2001-2005", "báo cáo 6 tháng": the length of the period covered, not a
        plan or report numbered 5 or 6 (the answer said "Chưa nạp văn bản “báo cáo 6”"). A plan or
        report with a number of its own, and a resolution named with its year, are still documents."""
        library = [self.entry("nd-114", "114/2003/NĐ-CP")]
        for question in ("Riêng năm 2005 phải tăng bao nhiêu để đạt kế hoạch 5 năm 2001-2005?",
                         "Bản báo cáo 6 tháng về lao động nước ngoài gửi đơn vị nào?", "bao cao 9 thang gui ai"):
            assert not prepare_query(question, library, None).unknown_refs, question
        assert not prepare_query("Báo cáo 06 tháng đầu năm gửi ai?", library, None).unknown_refs
        for question in ("Báo cáo 12/BC-UBND nêu gì?", "Nghị quyết 41 năm 2004 nêu quan điểm gì?",
                         "Kế hoạch số 5 năm 2006 của UBND nêu gì?", "Chương trình 135 năm 2006 hỗ trợ gì?"):
            assert prepare_query(question, library, None).unknown_refs, question

    def test_a_document_about_one_not_loaded_is_what_the_question_reaches(self):
        """"công văn … về Kết luận 02": Kết luận 02 is known by metadata only; the loaded letter citing
        it is boosted (it was answered "chưa nạp Kết luận 02", or from another province's plan)."""
        kl = LibraryEntry("ref:kl02", "02-KL/TW", number_key("02-KL/TW"), "Kết luận", None, "2016-04-26", "metadata-only",
                          "Kết luận 02-KL/TW")
        letter = LibraryEntry("cv", None, None, "Công văn", None, "2016-06-13", "original", "Công văn", [], None,
                              [number_key("02-KL/TW"), number_key("41-NQ/TW")])
        prepared = prepare_query("cv BTV tinh uy ve KL 02 giao dang doan HDND tinh lam gi", [kl, letter, self.entry("x")], None)
        assert prepared.citing_doc_ids == ["cv"] and not prepared.boost_doc_ids and not prepared.scope_unloaded_keys

    def test_a_document_known_only_by_metadata_gets_a_note_and_no_scope(self):
        library = [self.entry("ref:tt04", "04/2004/TT-BLĐTBXH", "metadata-only", title="Thông tư 04/2004/TT-BLĐTBXH")]
        prepared = prepare_query("Theo Thông tư 04/2004/TT-BLĐTBXH, báo cáo gửi tới đơn vị nào?", library, None)
        assert not prepared.scope_doc_ids and prepared.scope_unloaded_keys == [number_key("04/2004/TT-BLĐTBXH")]
        assert "chưa được nạp" in prepared.notes[0]
