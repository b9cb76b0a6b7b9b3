"""Uploads: safe names, type and size limits, storage under <home>/uploads."""

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzzing import FUZZ
from ui.uploads import check_upload, sanitize_filename, save_uploads


class TestSanitize:
    def test_folders_and_odd_characters_are_removed(self):
        assert sanitize_filename("../../etc/passwd") == "passwd"
        assert sanitize_filename("C:\\tmp\\Báo cáo <1>.PDF") == "Báo_cáo_1.pdf"
        assert sanitize_filename(".bashrc") == "bashrc"

    def test_vietnamese_letters_kept_in_nfc(self):
        assert sanitize_filename("Nghi\u0323 quyê\u0301t.docx") == "Nghị_quyết.docx"

    def test_long_names_are_cut_keeping_extension(self):
        name = sanitize_filename("a" * 300 + ".txt")
        assert len(name) <= 120 and name.endswith(".txt")


class TestCheck:
    def test_text_file_is_accepted(self, tmp_path):
        f = tmp_path / "a.txt"
        f.write_text("Nội dung", encoding="utf-8")
        assert check_upload(f, "a.txt", 1) is None

    def test_wrong_extension_is_refused(self, tmp_path):
        f = tmp_path / "a.exe"
        f.write_bytes(b"MZ\x90")
        assert "Loại tệp không được hỗ trợ" in check_upload(f, "a.exe", 1)

    def test_content_must_match_extension(self, tmp_path):
        f = tmp_path / "a.pdf"
        f.write_bytes(b"MZ not a pdf")
        assert "không khớp" in check_upload(f, "a.pdf", 1)

    def test_too_large_is_refused(self, tmp_path):
        f = tmp_path / "a.txt"
        f.write_bytes(b"x" * 2_000_000)
        assert "quá lớn" in check_upload(f, "a.txt", 1)


class TestSave:
    def test_saves_good_and_reports_bad(self, tmp_path):
        good, bad = tmp_path / "Văn bản 1.txt", tmp_path / "virus.exe"
        good.write_text("Điều 1", encoding="utf-8")
        bad.write_bytes(b"MZ")
        result = save_uploads([(good, good.name), (bad, bad.name)], tmp_path / "home" / "uploads", 5)
        assert [p.name for p in result.saved] == ["Văn_bản_1.txt"]
        assert result.saved[0].read_text(encoding="utf-8") == "Điều 1"
        assert result.rejected[0]["path"] == "virus.exe"


class TestHostileNames:
    """Whatever name a browser sends, the stored file stays a plain file inside uploads/."""

    TRICKS = ["../../../etc/passwd", "..\\..\\windows\\win.ini", "hợp-đồng\u202efdp.exe", "tệp\u200b.pdf",
              "ｅｖｉｌ．ｐｄｆ", "..", ".", "/", "a\x00b.pdf", "bao-cao\n.txt", "\u0301\u0301.docx", "~$tam.docx",
              "C:/Windows/system32/x.doc", "%2e%2e%2fpasswd.txt"]

    @pytest.mark.parametrize("name", TRICKS)
    def test_known_tricks(self, name, tmp_path):
        self.assert_safe(name, tmp_path)

    @FUZZ
    @given(st.text(max_size=300))
    def test_any_name(self, name):
        self.assert_safe(name, Path("/srv/uploads"))

    @staticmethod
    def assert_safe(name: str, dest: Path) -> None:
        safe = sanitize_filename(name)
        assert safe and len(safe) <= 120 and not safe.startswith(".") and safe not in (".", "..")
        assert "/" not in safe and "\\" not in safe
        assert not any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Mn") for c in safe)
        assert unicodedata.is_normalized("NFC", safe)
        assert (dest / safe).resolve().parent == dest.resolve()
        assert sanitize_filename(safe) == safe
