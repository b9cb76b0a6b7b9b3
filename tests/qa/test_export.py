"""Drafts exported as Markdown and .docx that read back, convert to PDF and look like an article."""

from __future__ import annotations

import shutil
import subprocess
import pytest
from docx import Document
from pypdf import PdfReader

from qa.draft import display_quote
from qa.export import SOURCES_HEADING, draft_to_docx, draft_to_markdown, short_quote
from tests.conftest import REPO
from tests.qa.test_draft import TOPICS, compose

ARTIFACTS = REPO / "artifacts"


@pytest.fixture(scope="module")
def draft():
    return compose(TOPICS[0], length="medium")


@pytest.fixture(scope="module")
def outline():
    return compose(TOPICS[4], form="đề cương tuyên truyền")


class TestMarkdown:
    def test_title_sections_quotes_and_sources(self, draft):
        md = draft_to_markdown(draft)
        assert md.startswith(f"# {draft.title}\n")
        assert f"**{draft.lead}**" in md
        for s in draft.sections:
            assert f"## {s.heading}" in md
        for c in draft.citations:
            assert f"“{display_quote(c.quote)}” [{c.n}]" in md
        sources = md.split(f"## {SOURCES_HEADING}", 1)[1]
        assert f"1. {draft.citations[0].citation_label} — “{short_quote(draft.citations[0].quote)}”" in sources

    def test_digest_is_flagged_in_sources(self):
        d = compose(TOPICS[3])
        sources = draft_to_markdown(d).split(f"## {SOURCES_HEADING}", 1)[1]
        digest_lines = [line for line in sources.splitlines() if "41-NQ/TW" in line]
        assert digest_lines and all("(bản tóm lược)" in line for line in digest_lines)


class TestDocx:
    def test_reads_back_with_headings_italic_quotes_and_sources(self, draft, tmp_path):
        path = tmp_path / "bai-viet.docx"
        draft_to_docx(draft, path)
        doc = Document(str(path))
        paragraphs = doc.paragraphs
        assert paragraphs[0].style.name == "Title" and paragraphs[0].text == draft.title
        headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
        assert headings == [s.heading for s in draft.sections] + [SOURCES_HEADING]
        lead = next(p for p in paragraphs if p.text == draft.lead)
        assert all(r.bold for r in lead.runs)
        italic = [r.text for p in paragraphs for r in p.runs if r.italic]
        for c in draft.citations:
            assert f"“{display_quote(c.quote)}”" in italic
        sources = paragraphs[[p.text for p in paragraphs].index(SOURCES_HEADING) + 1:]
        assert [p.text.split(".", 1)[0] for p in sources] == [str(c.n) for c in draft.citations]
        assert all("Nơi nhận" not in p.text for p in paragraphs)

    def test_outline_bullets_use_the_list_style(self, outline, tmp_path):
        path = tmp_path / "de-cuong.docx"
        draft_to_docx(outline, path)
        doc = Document(str(path))
        bullets = [p for p in doc.paragraphs if p.style.name == "List Bullet"]
        assert bullets and all("“" in p.text and "]" in p.text for p in bullets)
        assert any(p.text.startswith("I. ") for p in doc.paragraphs if p.style.name == "Heading 1")

    @pytest.mark.slow
    def test_converts_to_pdf_and_first_page_renders(self, draft, tmp_path):
        soffice = shutil.which("soffice")
        assert soffice, "LibreOffice is part of the machine set-up"
        path = tmp_path / "bai-viet.docx"
        draft_to_docx(draft, path)
        profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
        subprocess.run([soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                       check=True, capture_output=True, timeout=180)
        pdf = tmp_path / "bai-viet.pdf"
        reader = PdfReader(str(pdf))
        first_page = " ".join(reader.pages[0].extract_text().split())
        assert draft.title in first_page and "“" in first_page
        assert SOURCES_HEADING in " ".join(" ".join(p.extract_text().split()) for p in reader.pages)

        ARTIFACTS.mkdir(exist_ok=True)
        png = ARTIFACTS / "draft-bai-viet.png"
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                            str(png.with_suffix(""))], check=True, capture_output=True, timeout=60)
        else:  # no poppler-utils on the machine: LibreOffice renders the first page itself
            subprocess.run([soffice, profile, "--headless", "--convert-to", "png", "--outdir", str(tmp_path),
                            str(path)], check=True, capture_output=True, timeout=180)
            shutil.copy(tmp_path / "bai-viet.png", png)
        assert png.exists() and png.stat().st_size > 20_000


class TestEmptyDraft:
    """An empty draft tells its reader what was searched and which documents came closest (issue 17)."""

    def test_markdown_and_docx_list_the_search_and_the_closest_documents(self, tmp_path):
        from qa.export import SEARCHED_HEADING

        empty = compose("quy trình cấp hộ chiếu điện tử")
        assert not empty.citations and empty.searched
        md = draft_to_markdown(empty)
        assert f"> **{SEARCHED_HEADING}**" in md and "> - Đã tìm: “quy trình cấp hộ chiếu điện tử”" in md
        assert any(line.startswith("> - Gần nhất: ") for line in md.splitlines())
        path = tmp_path / "empty.docx"
        draft_to_docx(empty, path)
        text = "\n".join(p.text for p in Document(str(path)).paragraphs)
        assert SEARCHED_HEADING in text and "Gần nhất: " in text
