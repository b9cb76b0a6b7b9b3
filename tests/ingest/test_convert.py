"""The whole ingest stage on real files: text, metadata with the manifest, sections, chunks."""

import json
import unicodedata

import pytest

from common.types import KIND_DISTRIBUTION, KIND_RECIPIENTS, STATUS_DIGEST
from ingest.convert import ConvertOptions, convert_file, make_chunks
from ingest.manifest import load_manifest
from tests.conftest import CORPUS

SEED = CORPUS / "moi-truong" / "2016-06-13-cong-van-trien-khai-ket-luan-02-KL-TW.txt"
DIGEST = CORPUS / "moi-truong" / "2004-11-15-nghi-quyet-41-NQ-TW-tom-luoc.txt"


@pytest.fixture(scope="module")
def manifest():
    return load_manifest(CORPUS)


class TestConvertSeedLetter:
    def test_text_is_nfc_and_file_untouched(self, manifest):
        raw = SEED.read_text(encoding="utf-8")
        assert raw != unicodedata.normalize("NFC", raw), "the seed must keep its mixed normalization on disk"
        doc = convert_file(SEED, manifest=manifest)
        assert doc.text == unicodedata.normalize("NFC", doc.text)
        assert "Đồng Xoài, ngày 13 tháng 6 năm 2016" in doc.text

    def test_metadata_from_text_and_manifest(self, manifest):
        meta = convert_file(SEED, manifest=manifest).meta
        assert meta.doc_type == "Công văn"
        assert meta.issuer == "Ban Thường vụ Tỉnh ủy Bình Phước"
        assert meta.issued_date == "2016-06-13"
        assert meta.place == "Đồng Xoài"
        assert meta.source_path == "moi-truong/2016-06-13-cong-van-trien-khai-ket-luan-02-KL-TW.txt"
        assert {c.number_key for c in meta.cites} >= {"41-nq-tw", "2-kl-tw", "38-ct-tu", "24-nq-tw", "32-ctr-tu"}

    def test_sections_follow_the_letter_numbering(self, manifest):
        doc = convert_file(SEED, manifest=manifest)
        body = [s.section for s in doc.sections if s.kind == "body" and s.section]
        assert body == ["1", "2", "2.1", "2.2", "2.3", "2.4", "2.5", "3", "4", "5", "6"]

    def test_chunks_are_verbatim_and_labelled(self, manifest):
        doc = convert_file(SEED, manifest=manifest)
        chunks = make_chunks(doc, options=ConvertOptions())
        assert all(c.text in doc.text for c in chunks)
        # A chunk is the largest numbered unit that fits; the sections inside it keep their
        # own labels, so a quote from 2.1 is cited as "Điểm 2.1 …".
        inner = {section: label for c in chunks for _, section, label in c.spans}
        assert inner["2.1"] == "Điểm 2.1 Công văn ngày 13/6/2016 của Ban Thường vụ Tỉnh ủy Bình Phước"
        assert inner["3"] == "Mục 3 Công văn ngày 13/6/2016 của Ban Thường vụ Tỉnh ủy Bình Phước"
        for c in chunks:
            offsets = [offset for offset, _, _ in c.spans]
            assert offsets == sorted(offsets) and all(0 <= o < len(c.text) for o in offsets)
        kinds = {c.kind for c in chunks}
        assert KIND_DISTRIBUTION in kinds and KIND_RECIPIENTS in kinds
        assert len({c.chunk_id for c in chunks}) == len(chunks)


class TestConvertDigest:
    def test_digest_is_marked_everywhere_it_is_cited(self, manifest):
        doc = convert_file(DIGEST, manifest=manifest)
        assert doc.meta.status == STATUS_DIGEST
        assert doc.meta.doc_number == "41-NQ/TW" and doc.meta.issuer == "Bộ Chính trị (khóa IX)"
        chunks = make_chunks(doc)
        assert chunks and all("(bản tóm lược)" in c.citation_label for c in chunks)


class TestConvertReference:
    def test_document_without_manifest_entry(self, manifest):
        doc = convert_file(CORPUS / "van-ban-tham-khao" / "2004-NghiDinh114_2003.txt", manifest=manifest)
        assert doc.meta.doc_number == "114/2003/NĐ-CP"
        assert doc.meta.doc_type == "Nghị định"
        assert doc.meta.status == "original"
        chunks = make_chunks(doc)
        assert any(c.citation_label.startswith("Khoản") or c.citation_label.startswith("Điều") for c in chunks)
        assert all(c.text == doc.text[doc.text.index(c.text):][: len(c.text)] for c in chunks)


def test_a_transcripts_page_numbers_do_not_cut_its_sentences(manifest):
    """Converter 6: Nghị định 109/2004/NĐ-CP's transcript keeps page numbers between the lines of
    a sentence ("… phải thông" / "16" / "báo bằng văn bản …"); its chunks read on without them."""
    doc = convert_file(CORPUS / "van-ban-tham-khao" / "2006-1E499_ND109veDKKD_dacotrenmucPTDNN-V.txt",
                       root=CORPUS, manifest=manifest)
    assert "phải thông\nbáo bằng văn bản cho doanh nghiệp biết" in doc.text
    assert not any(line.strip() in {"16", "25"} for c in make_chunks(doc) for line in c.text.split("\n"))
