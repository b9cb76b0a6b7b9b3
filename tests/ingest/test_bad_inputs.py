"""Bad input, one file at a time: each gets a Vietnamese reason naming it, in bounded time.

The corpus is generated (tests/badfiles.py). The guard (ingest/guard.py) is also driven with
parsers that hang, eat memory, crash the interpreter or hit a bug, as a hostile file can make
pypdf or python-docx do.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from common.errors import IngestError, printable
from ingest.guard import ReadLimits, run_guarded
from ingest.readers import read_file
from tests.badfiles import BAD, BOMB_MB, garbage_layer_pdf, nested_html, write_bad_files
from tests.ingest import hostile_parsers

FAST = [b for b in BAD if not b.office]
OFFICE = [b for b in BAD if b.office]
BOUND_S = 20.0  # the slowest refusal measured ≈ 3 s (a LibreOffice start); the rest < 0.5 s


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    write_bad_files(folder)
    return folder


def refusal(path: Path, **kwargs) -> tuple[IngestError, float]:
    start = time.perf_counter()
    with pytest.raises(IngestError) as err:
        read_file(path, **kwargs)
    return err.value, time.perf_counter() - start


class TestEachBadFile:
    @pytest.mark.parametrize("bad", FAST, ids=[b.name for b in FAST])
    def test_refused_with_a_reason_naming_the_file(self, bad, bad_dir):
        error, seconds = refusal(bad_dir / bad.name, limits=ReadLimits(max_unpacked_mb=BOMB_MB // 2))
        assert bad.name in str(error) and bad.reason in error.reason, error
        assert seconds < BOUND_S

    @pytest.mark.slow
    @pytest.mark.parametrize("bad", OFFICE, ids=[b.name for b in OFFICE])
    def test_broken_office_files_are_refused(self, bad, bad_dir):
        error, seconds = refusal(bad_dir / bad.name)
        assert bad.name in str(error) and bad.reason in error.reason, error
        assert seconds < BOUND_S

    def test_a_zip_bomb_under_the_unpacking_limit_is_still_refused_in_bounded_memory(self, bad_dir):
        error, seconds = refusal(bad_dir / "bom-nen.docx", limits=ReadLimits(max_unpacked_mb=BOMB_MB * 2, memory_mb=400))
        assert "bom-nen.docx" in str(error) and seconds < BOUND_S

    def test_a_file_over_the_size_setting(self, tmp_path):
        big = tmp_path / "qua-lon.txt"
        big.write_text("Điều 1. Quy định về bảo vệ môi trường.\n" * 40_000, encoding="utf-8")
        error, _ = refusal(big, max_bytes=1 * 2**20)
        assert "qua-lon.txt" in str(error) and "quá lớn" in error.reason and "tối đa 1 MB" in error.reason

    def test_deeply_nested_html_is_read_in_bounded_time(self, tmp_path):
        page = tmp_path / "long-nhau.html"
        page.write_bytes(nested_html(30_000))
        start = time.perf_counter()
        assert read_file(page).text == "Nội dung"
        assert time.perf_counter() - start < BOUND_S

    def test_a_name_with_control_and_bidirectional_characters_is_printed_on_one_line(self, tmp_path):
        name = "hop-dong\u202etxt.exe\nGIA MAO.pdf"
        (tmp_path / name).write_bytes(b"")
        error, _ = refusal(tmp_path / name)
        assert "\n" not in str(error) and "\u202e" not in str(error)
        assert "\\u202e" in str(error) and "\\u000a" in str(error)
        assert printable("Quyết định số 12.pdf") == "Quyết định số 12.pdf"


@pytest.mark.ocr
@pytest.mark.slow
class TestLegacyGarbageTextLayer:
    def test_the_page_is_read_by_ocr_and_the_garbage_never_reaches_the_text(self, tmp_path):
        path = tmp_path / "phong-cu.pdf"
        path.write_bytes(garbage_layer_pdf())
        raw = read_file(path)
        assert [p.ocr for p in raw.pages] == [True]
        assert "bảo vệ rừng phòng hộ" in raw.text and "Rvz" not in raw.text


class TestGuard:
    """What a hostile file can make a parser do, done by stand-in parsers in the guarded child."""

    LIMITS = ReadLimits(timeout_s=2.0, memory_mb=256)

    def guarded(self, parse, *args) -> tuple[IngestError, float]:
        start = time.perf_counter()
        with pytest.raises(IngestError) as err:
            run_guarded(Path("doc-hai.pdf"), parse, *(args or ("doc-hai.pdf",)), limits=self.LIMITS)
        return err.value, time.perf_counter() - start

    def test_a_parser_that_hangs_is_killed_and_reported(self):
        error, seconds = self.guarded(hostile_parsers.hang)
        assert "doc-hai.pdf" in str(error) and "quá 2 giây, đã dừng" in error.reason
        assert seconds < 2.0 + 3.0

    def test_a_parser_that_eats_memory_is_stopped_at_the_limit(self):
        error, seconds = self.guarded(hostile_parsers.swallow_memory)
        assert "hơn 256 MB bộ nhớ" in error.reason and seconds < 10

    def test_a_parser_that_crashes_the_interpreter(self):
        error, _ = self.guarded(hostile_parsers.crash_interpreter)
        assert "dừng đột ngột" in error.reason

    def test_a_parser_bug_is_that_file_s_failure(self):
        error, _ = self.guarded(hostile_parsers.misread)
        assert "gặp lỗi (TypeError" in error.reason

    def test_nesting_deeper_than_the_stack(self):
        error, _ = self.guarded(hostile_parsers.nest, 10**6)
        assert "lồng nhau quá sâu" in error.reason

    def test_the_guard_costs_little_per_file(self, tmp_path):
        """Measured: a small text file through the guarded child and directly."""
        path = tmp_path / "ngan.txt"
        path.write_text("Điều 1. Phạm vi điều chỉnh của quyết định về bảo vệ môi trường.", encoding="utf-8")
        read_file(path)  # the fork server starts once per process
        start = time.perf_counter()
        for _ in range(10):
            read_file(path)
        per_file = (time.perf_counter() - start) / 10
        assert per_file < 0.5, f"{per_file:.3f} s per file"
