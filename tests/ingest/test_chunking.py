"""Chunks: verbatim spans that fit the embedder, never cut mid-sentence, labelled."""

import pytest

from common.vietnamese.normalize import clean_text
from common.vietnamese.sentences import split_sentences
from ingest.chunking import chunk_sections, e5_token_counter, estimate_tokens
from ingest.sections import split_sections
from tests.conftest import CORPUS

SEED = CORPUS / "moi-truong" / "2016-06-13-cong-van-trien-khai-ket-luan-02-KL-TW.txt"
DECREE = CORPUS / "van-ban-tham-khao" / "2004-NghiDinh114_2003.txt"


def chunks_of(path, **kw):
    text = clean_text(path.read_text(encoding="utf-8"))
    sections = split_sections(text)
    return text, sections, chunk_sections(sections, text=text, **kw)


class TestChunkSections:
    @pytest.mark.parametrize("path", [SEED, DECREE])
    def test_verbatim_fit_and_sentence_boundaries(self, path):
        text, _, chunks = chunks_of(path, max_tokens=120)
        sentences = split_sentences(text)
        starts = {a for a, _ in sentences}
        ends = {b for _, b in sentences}

        def inside_long_sentence(pos):
            return any(a < pos < b and estimate_tokens(text[a:b]) > 120 for a, b in sentences)

        for c in chunks:
            assert text[c.start : c.end] == c.text
            assert estimate_tokens(c.text) <= 120 or not inside_long_sentence(c.start)
            # a chunk starts and ends on sentence boundaries, unless a sentence is too long
            assert c.start in starts or inside_long_sentence(c.start), c.text[:60]
            assert c.end in ends or inside_long_sentence(c.end), c.text[-60:]
        assert [c.start for c in chunks] == sorted(c.start for c in chunks)

    def test_frame_parts_keep_their_kind(self):
        _, _, chunks = chunks_of(SEED)
        kinds = [c.kind for c in chunks]
        assert kinds[:3] == ["header", "recipients", "preamble"] and kinds[-1] == "distribution"
        item21 = next(c for c in chunks if c.section == "2.1")
        assert item21.section_path == ["2", "2.1"] and "74,8%" in item21.text

    def test_tiny_diem_merge_under_their_khoan(self):
        _, _, chunks = chunks_of(DECREE)
        k2 = next(c for c in chunks if c.section_path == ["Chương I", "Điều 2", "2"])
        assert k2.text.startswith("2. Những người được tuyển dụng") and k2.text.endswith("g) Văn hóa - Xã hội.")
        assert k2.level_names == ["Chương", "Điều", "Khoản"]
        # an Điều is never folded into its Chương
        assert any(c.section == "Điều 1" for c in chunks)

    def test_each_chunk_in_one_section_without_document_text(self):
        text = clean_text(SEED.read_text(encoding="utf-8"))
        sections = split_sections(text)
        chunks = chunk_sections(sections, max_tokens=80)
        for c in chunks:
            assert text[c.start : c.end] == c.text
            assert any(s.start <= c.start and c.end <= s.end for s in sections)

    def test_a_very_long_sentence_is_cut_at_clauses(self):
        sentence = "; ".join(f"nhiệm vụ thứ {i} của các cấp, các ngành" for i in range(60)) + "."
        text = "1. " + sentence
        sections = split_sections(text)
        chunks = chunk_sections(sections, text=text, max_tokens=60)
        assert len(chunks) > 1
        assert all(estimate_tokens(c.text) <= 60 for c in chunks)
        assert all(c.text.endswith((";", ".")) for c in chunks)
        assert all(c.section == "1" for c in chunks)


class TestTokenCounting:
    def test_estimate_is_conservative_against_e5(self):
        count = e5_token_counter()
        text, _, chunks = chunks_of(SEED)
        for c in chunks:
            assert count(c.text) <= estimate_tokens(c.text) + 10
        assert count("passage") > 0
