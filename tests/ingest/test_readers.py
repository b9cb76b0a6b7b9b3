"""read_file turns every supported format into repaired Unicode text, or says why not."""

from pathlib import Path

import pytest

from common.errors import IngestError
from ingest.readers import RawText, read_file

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FORMATS = FIXTURES / "formats"
BAD = FIXTURES / "bad"
LEGACY = FIXTURES / "legacy"
SENTENCE = "Quyết định số 12 về việc bảo vệ môi trường của Thủ tướng Chính phủ."


class TestPlainText:
    @pytest.mark.parametrize(
        ("name", "encoding"),
        [
            ("utf8.txt", "utf-8"),
            ("utf16.txt", "utf-16"),
            ("cp1258.txt", "cp1258"),
            ("tcvn3.txt", "tcvn3"),
            ("vni.txt", "vni"),
        ],
    )
    def test_every_encoding_reads_as_the_same_unicode_text(self, name, encoding):
        raw = read_file(FORMATS / name)
        assert isinstance(raw, RawText)
        assert raw.text.splitlines() == [SENTENCE, "Điều 1. Phạm vi điều chỉnh."]
        assert (raw.encoding, raw.fmt) == (encoding, "txt")

    def test_markdown_with_bom(self):
        raw = read_file(FORMATS / "utf8-bom.md")
        assert raw.text.startswith("# Tiêu đề\n")
        assert raw.fmt == "md"


class TestHtml:
    def test_blocks_become_lines_and_scripts_vanish(self):
        raw = read_file(FORMATS / "page.html")
        assert "Nghị định 08/2022/NĐ-CP\nĐiều 1. Phạm vi điều chỉnh\nKhoản một\nKhoản hai" in raw.text
        assert "không hiện" not in raw.text and "color" not in raw.text


class TestDocx:
    def test_paragraphs_tables_and_legacy_fonts_in_document_order(self):
        raw = read_file(FORMATS / "mixed-fonts.docx")
        assert raw.text.splitlines() == [
            "Điều 1. Phạm vi điều chỉnh",
            "Quyết định này quy định về bảo vệ môi trường",
            "Tên chỉ tiêu\tĐơn vị",
            "Chất thải rắn\ttấn/năm",
            "Điều 2. Đối tượng áp dụng",
        ]
        assert raw.encoding == "mixed"

    def test_synthetic_vni_document(self):
        raw = read_file(LEGACY / "originals" / "synthetic-vni-2004-0328NDCP.docx")
        assert "Độc lập - Tự do - Hạnh phúc" in raw.text
        assert raw.encoding == "vni"


class TestPdf:
    def test_text_layer(self):
        raw = read_file(FORMATS / "unicode.pdf")
        assert "Điều 1. Các cơ quan, tổ chức có trách nhiệm thực hiện nghị quyết này." in raw.text
        assert [(p.number, p.ocr) for p in raw.pages] == [(1, False)] and raw.failed_pages == []

    @pytest.mark.ocr
    def test_a_pdf_whose_only_page_is_blank_is_an_error_naming_it(self):
        with pytest.raises(IngestError) as err:
            read_file(BAD / "blank-page.pdf")
        assert "blank-page.pdf" in str(err.value) and "không trang nào có chữ" in err.value.reason

    def test_legacy_pdf_with_abbreviated_filters(self):
        raw = read_file(LEGACY / "originals" / "2006-1E499_ND109veDKKD_dacotrenmucPTDNN-V.pdf")
        assert "NGHỊ ĐỊNH CỦA CHÍNH PHỦ" in raw.text
        assert "Căn cứ Luật Tổ chức Chính phủ ngày 25 tháng 12 năm 2001;" in raw.text


@pytest.mark.slow
class TestLibreOffice:
    def test_doc_keeps_its_tcvn3_font(self):
        raw = read_file(FORMATS / "legacy-tcvn3.doc")
        assert raw.text == "Quyết định về việc phê duyệt quy hoạch"
        assert (raw.encoding, raw.fmt) == ("tcvn3", "doc")

    def test_rtf(self):
        assert "Nghị quyết về bảo vệ môi trường" in read_file(FORMATS / "unicode.rtf").text

    def test_xls_rows_are_tab_separated(self):
        raw = read_file(FORMATS / "sheet.xls")
        assert raw.text.splitlines() == ["Chỉ tiêu\tĐơn vị", "Diện tích rừng\tha"]

    def test_corrupt_doc(self):
        with pytest.raises(IngestError) as err:
            read_file(BAD / "corrupt.doc")
        assert "corrupt.doc" in str(err.value)

    def test_missing_soffice_is_a_clear_error(self, monkeypatch, tmp_path):
        monkeypatch.setenv("PATH", str(tmp_path))
        with pytest.raises(IngestError) as err:
            read_file(FORMATS / "legacy-tcvn3.doc")
        assert "LibreOffice" in err.value.reason and "legacy-tcvn3.doc" in str(err.value)

    def test_timeout(self):
        with pytest.raises(IngestError) as err:
            read_file(FORMATS / "legacy-tcvn3.doc", libreoffice_timeout_s=0.01)
        assert "quá" in err.value.reason


@pytest.mark.slow
class TestLegacyAccuracy:
    @pytest.mark.parametrize(
        "name", ["2004-B6.doc", "2006-Mau21_CKTC_NSH.xls", "2003-A-15.rtf"]
    )
    def test_real_originals_score_high(self, name):
        from bench.legacy_accuracy import score

        expected = (LEGACY / "expected" / f"{Path(name).stem}.txt").read_text("utf-8")
        result = score(expected, read_file(LEGACY / "originals" / name).text)
        assert result["diacritic"] >= 0.98


class TestScore:
    def test_stripping_diacritics_scores_high_on_characters_and_zero_on_diacritics(self):
        from bench.legacy_accuracy import score

        result = score("Quyết định số 12", "Quyet dinh so 12")
        assert result["diacritic"] == 0.0 and result["char"] > 0.6
        assert score("Quyết  định\nsố 12", "Quyết định số 12")["syllable"] == 1.0


class TestBadInput:
    @pytest.mark.parametrize(
        ("name", "reason"),
        [
            ("empty.txt", "tệp rỗng"),
            ("corrupt.docx", "bị hỏng"),
            ("corrupt.pdf", "bị hỏng"),
            ("encrypted.pdf", "mã hoá"),
            ("notes.xyz", "không được hỗ trợ"),
            ("only-script.html", "không trích xuất được văn bản"),
            ("does-not-exist.txt", "không tìm thấy"),
        ],
    )
    def test_error_names_the_file_and_the_reason(self, name, reason):
        with pytest.raises(IngestError) as err:
            read_file(BAD / name)
        assert name in str(err.value)
        assert reason in err.value.reason

    def test_oversized_file(self):
        with pytest.raises(IngestError) as err:
            read_file(FORMATS / "mixed-fonts.docx", max_bytes=1000)
        assert "quá lớn" in err.value.reason and "mixed-fonts.docx" in str(err.value)
