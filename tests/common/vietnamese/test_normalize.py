"""Normalization: the text users quote stays as written; the index form matches variants."""

import unicodedata

import pytest

from common.vietnamese.normalize import (
    NORMALIZATION_VERSION, clean_text, fold_accents, index_form, join_wrapped_lines, syllables,
)
from common.vietnamese.syllables import canonical_tones, is_syllable
from tests.conftest import CORPUS

SEED = CORPUS / "moi-truong" / "2016-06-13-cong-van-trien-khai-ket-luan-02-KL-TW.txt"

TONE_VARIANTS = [
    ("hoá", "hóa"),
    ("thuỷ", "thủy"),
    ("hoà", "hòa"),
    ("khoẻ", "khỏe"),
    ("uỷ ban", "ủy ban"),
    ("qúy", "quý"),
    ("qùy", "quỳ"),
    ("qủa", "quả"),
    ("Công nghiệp hoá, hiện đại hoá", "Công nghiệp hóa, hiện đại hóa"),
    ("THUỶ LỢI", "THỦY LỢI"),
]


class TestCleanText:
    def test_seed_letter_decomposed_words_become_nfc(self):
        raw = SEED.read_text(encoding="utf-8")
        nfd_words = [w for w in raw.split() if unicodedata.normalize("NFC", w) != w]
        assert len(nfd_words) == 34
        clean = clean_text(raw)
        assert unicodedata.is_normalized("NFC", clean)
        # a search for the NFC spelling now finds the words that were decomposed
        for word in nfd_words:
            assert unicodedata.normalize("NFC", word) in clean

    def test_keeps_case_and_tone_placement_as_written(self):
        text = "Công nghiệp hoá, HIỆN ĐẠI HÓA; thuỷ lợi và thủy sản."
        assert clean_text(text) == text

    def test_invisible_characters_and_spaces(self):
        text = "Điều\u200b 1.\u00a0Phạm vi\u00ad áp dụng   \r\nNội\ufeff dung\r\n\n\n\n\nHết"
        assert clean_text(text) == "Điều 1. Phạm vi áp dụng\nNội dung\n\n\nHết"

    def test_a_mark_after_an_invisible_character_composes_with_its_letter(self):
        # Found by the fuzz test (CI, session 25): the soft hyphen was removed after composing, leaving
        # "N" + combining grave apart — text that is not NFC.
        assert clean_text("N\xad\u0300") == "\u01f8" and clean_text("vie\u200b\u0302\u0323t") == "việt"

    @pytest.mark.parametrize(
        ("split", "joined"),
        [
            ("t ừ năm 2004", "từ năm 2004"),
            ("kh ông có", "không có"),
            ("tr ong giai đoạn", "trong giai đoạn"),
            ("ng ười dân", "người dân"),
            ("KH ÔNG", "KHÔNG"),
            ("Tr ung ương", "Trung ương"),
        ],
    )
    def test_rejoins_pdf_split_syllables(self, split, joined):
        assert clean_text(split) == joined

    @pytest.mark.parametrize(
        "text",
        [
            "tại điểm b ủy ban nhân dân",  # item reference, then a word
            "biến x y",  # variables
            "NH ở Hà Nội",  # abbreviation
            "TP HCM",
            "điểm g và điểm h",
            "Ban ủy ban",
        ],
    )
    def test_never_joins_real_words(self, text):
        assert clean_text(text) == text


class TestJoinWrappedLines:
    def test_joins_visual_line_breaks_inside_a_paragraph(self):
        text = "Nghị định này quy định về chức danh,\ntiêu chuẩn cán bộ\ncấp xã.\nĐiều 2."
        assert join_wrapped_lines(text) == "Nghị định này quy định về chức danh, tiêu chuẩn cán bộ cấp xã.\nĐiều 2."

    def test_keeps_items_and_paragraphs(self):
        text = "gồm các chức danh sau\na) Trưởng công an\nb) Chỉ huy trưởng\n\nthực hiện"
        assert join_wrapped_lines(text) == text


class TestCanonicalTones:
    @pytest.mark.parametrize(("old", "new"), TONE_VARIANTS)
    def test_variants_meet(self, old, new):
        assert canonical_tones(old) == canonical_tones(new) == new

    def test_general_rules_not_a_word_list(self):
        text = "người ngoài khuỷu quốc hoàn huỳnh thuyền giữ gìn già mía mùa cháo"
        assert canonical_tones(text) == text

    def test_idempotent_and_leaves_foreign_tokens(self):
        text = "Hoà bình, email Windows ODA, café, Hoá–Lý, 41-NQ/TW"
        once = canonical_tones(text)
        assert canonical_tones(once) == once
        assert "email Windows ODA, café" in once
        assert once.startswith("Hòa bình")

    def test_decomposed_input(self):
        assert canonical_tones(unicodedata.normalize("NFD", "thuỷ")) == "thủy"

    def test_remembered_placement_is_the_analysis(self):
        """Each word's placement is remembered (speed): the same text twice gives the same
        result, and the longest syllables are still analysed while longer words are left."""
        text = "Nghiêng NGHIỆNG nghúyêng hoá thuỷ Hoà, nghúyêngg Ngoàiiii qúy"
        first, second = canonical_tones(text), canonical_tones(text)
        assert first == second == "Nghiêng NGHIỆNG nghuyếng hóa thủy Hòa, nghúyêngg Ngoàiiii quý"

    def test_syllable_validator(self):
        assert all(is_syllable(w) for w in ["từ", "không", "nghiêng", "quý", "gì", "khuỷu"])
        assert not any(is_syllable(w) for w in ["t", "kh", "ng", "email", "ODA", "hoá2", "Windows"])


class TestIndexForm:
    def test_matches_across_case_tone_and_unicode_form(self):
        forms = ["CÔNG NGHIỆP HOÁ", "Công nghiệp hóa", unicodedata.normalize("NFD", "công nghiệp hoá")]
        assert len({index_form(f) for f in forms}) == 1
        assert index_form("Ủy Ban") == "ủy ban"

    def test_fold_accents_handles_d_bar(self):
        assert fold_accents("Đảng đoàn Hội đồng Nhân dân tỉnh") == "Dang doan Hoi dong Nhan dan tinh"
        assert fold_accents(unicodedata.normalize("NFD", "thủy lợi")) == "thuy loi"

    def test_syllables_keep_document_numbers_and_figures(self):
        toks = syllables("Nghị quyết số 41-NQ/TW ngày 15/11/2004; Nghị định số 114/2003/NĐ-CP, đạt 74,8% và 100%.")
        assert toks == [
            "nghị", "quyết", "số", "41-nq/tw", "ngày", "15/11/2004", "nghị", "định", "số",
            "114/2003/nđ-cp", "đạt", "74,8%", "và", "100%",
        ]

    def test_syllables_split_words_on_punctuation(self):
        assert syllables("Kinh tế - xã hội (khoá IX), đ/c Thuỷ.") == [
            "kinh", "tế", "xã", "hội", "khóa", "ix", "đ/c", "thủy",
        ]

    def test_version_is_declared(self):
        assert NORMALIZATION_VERSION
