"""Legacy Vietnamese encodings are detected and repaired to Unicode NFC."""

import unicodedata

import pytest

from ingest.legacy import (
    convert,
    decode_bytes,
    detect_encoding,
    font_encoding,
    repair_text,
    repair_units,
)


class TestRepairText:
    @pytest.mark.parametrize(
        ("legacy", "unicode", "encoding"),
        [
            ("QuyÕt ®Þnh", "Quyết định", "tcvn3"),
            ("C¨n cø LuËt Tæ chøc ChÝnh phñ", "Căn cứ Luật Tổ chức Chính phủ", "tcvn3"),
            ("Bé tr\xadëng Bé Tµi chÝnh", "Bộ trưởng Bộ Tài chính", "tcvn3"),
            ("Quyeát ñònh", "Quyết định", "vni"),
            ("THAØNH PHOÁ HOÀ CHÍ MINH", "THÀNH PHỐ HỒ CHÍ MINH", "vni"),
            ("saün coù ôû Ñaø Naüng", "sẵn có ở Đà Nẵng", "vni"),
            ("Quyết định số 12", "Quyết định số 12", "unicode"),
        ],
    )
    def test_known_phrases_come_back_as_unicode(self, legacy, unicode, encoding):
        assert repair_text(legacy) == (unicode, encoding)

    def test_capital_headings_typed_in_tcvn3_come_back_capital(self):
        text, _ = repair_text("NGHÞ §ÞNH CñA CHÝNH PHñ\nNHIÖM Vô, QUYÒN H¹N")
        assert text == "NGHỊ ĐỊNH CỦA CHÍNH PHỦ\nNHIỆM VỤ, QUYỀN HẠN"

    def test_mixed_document_repairs_only_the_legacy_lines(self):
        text, encoding = repair_text("Cộng hoà xã hội chủ nghĩa Việt Nam\nC«ng ty TNHH Hµ Néi")
        assert text == "Cộng hoà xã hội chủ nghĩa Việt Nam\nCông ty TNHH Hà Nội"
        assert encoding == "mixed"

    def test_pdf_minus_sign_for_tcvn3_u_horn_is_a_letter(self):
        assert repair_text("nhµ n−íc, ph −¬ng ¸n")[0] == "nhà nước, phương án"
        assert repair_text("a − b = 3")[0] == "a − b = 3"

    def test_other_languages_are_left_alone(self):
        for text in ("Señor García está aquí", "Die Größe der Straße", "Résumé of the café"):
            assert repair_text(text) == (text, "unicode")

    def test_output_is_nfc(self):
        decomposed = unicodedata.normalize("NFD", "Quyết định")
        assert repair_text(decomposed)[0] == "Quyết định"

    def test_detect_encoding_names_the_encoding(self):
        assert detect_encoding("Th«ng t­ h­íng dÉn") == "tcvn3"
        assert detect_encoding("Thoâng tö höôùng daãn") == "vni"
        assert detect_encoding("Thông tư hướng dẫn") == "unicode"


class TestRepairUnits:
    def test_font_names_decide_what_content_cannot(self):
        # Each run is repaired by its own evidence: a VNI run beside a Unicode paragraph.
        units = [[("Ñieàu 1. ", "VNI-Times"), ("Phaïm vi", "VNI-Times")], [("Điều 2", "Arial")]]
        texts, encoding = repair_units(units)
        assert texts == ["Điều 1. Phạm vi", "Điều 2"]
        assert encoding == "mixed"

    def test_runs_of_one_word_split_by_formatting_are_joined(self):
        texts, _ = repair_units([[("Quye", "VNI-Times"), ("át ñònh", "VNI-Times")]])
        assert texts == ["Quyết định"]

    def test_font_encoding(self):
        assert font_encoding(".VnTime") == "tcvn3"
        assert font_encoding("BADEPR+.VnTimeH,Bold") == "tcvn3"
        assert font_encoding("VNI-Times") == "vni"
        assert font_encoding("Times New Roman") is None


class TestDecodeBytes:
    TEXT = "Quyết định số 12 về việc bảo vệ môi trường của Thủ tướng Chính phủ."

    def test_utf8_and_utf16(self):
        assert decode_bytes(self.TEXT.encode("utf-8")) == (self.TEXT, "utf-8")
        assert decode_bytes(b"\xef\xbb\xbf" + self.TEXT.encode("utf-8")) == (self.TEXT, "utf-8")
        assert decode_bytes(self.TEXT.encode("utf-16")) == (self.TEXT, "utf-16")

    def test_8bit_legacy_bytes(self):
        tcvn3 = "QuyÕt ®Þnh sè 12 vÒ viÖc b¶o vÖ m«i tr\xadêng".encode("latin-1")
        assert decode_bytes(tcvn3) == ("Quyết định số 12 về việc bảo vệ môi trường", "tcvn3")
        vni = "Quyeát ñònh soá 12 veà vieäc baûo veä moâi tröôøng".encode("cp1252")
        assert decode_bytes(vni) == ("Quyết định số 12 về việc bảo vệ môi trường", "vni")

    def test_convert_leaves_ascii_alone(self):
        assert convert("Article 5, 2004", "vni") == "Article 5, 2004"
