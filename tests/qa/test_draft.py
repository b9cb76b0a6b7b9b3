"""Drafts composed from the real corpus: every point a verbatim quotation with its source.

The passages are the real mission documents (and two reference documents as distractors),
split into paragraph passages with section labels and kinds; ``corpus_search`` is a small
lexical retriever over them that stands in for the hybrid index in these unit tests.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache

import pytest

from common.errors import ConfigError
from ingest.textnorm import clean_text, join_wrapped_lines, syllables
from qa.draft import (
    NO_MATERIAL,
    check_generated,
    compose_draft,
    display_quote,
    document_names,
    verify_draft,
)
from qa.types import Citation, Passage
from tests.conftest import CORPUS

TOPICS = [
    "tuyên truyền trách nhiệm của người đứng đầu trong bảo vệ môi trường",
    "chỉ tiêu môi trường đến năm 2020",
    "xã hội hóa công tác bảo vệ môi trường",
    "quan điểm của Bộ Chính trị về bảo vệ môi trường",
    "tuyên truyền bảo vệ môi trường gắn với nông thôn mới",
]
_NUMBER = re.compile(r"^(?:(\d+(?:\.\d+)*)\.|([IVX]+|\d+)-)\s")
_REFERENCE = {
    "van-ban-tham-khao/2004-NghiDinh29_1998.txt": dict(
        doc_type="Nghị định", doc_number="29/1998/NĐ-CP", issuer="Chính phủ", issued_date="1998-05-11"),
    "van-ban-tham-khao/2005-1ADDZ_Ke_hoach_2005__QH_lan_6_25-10.txt": dict(
        doc_type="Báo cáo", doc_number=None, issuer="Chính phủ", issued_date=None),
}


def _label(meta: dict, section: str, status: str) -> str:
    date = ""
    if meta.get("issued_date"):
        y, m, d = meta["issued_date"].split("-")
        date = f" ngày {int(d)}/{int(m)}/{y}"
    number = f" số {meta['doc_number']}" if meta.get("doc_number") else ""
    doc = f"{meta['doc_type']}{number}{date} của {meta['issuer']}"
    where = (f"Điểm {section} " if "." in section else f"Mục {section} ") if section else ""
    return where + doc + (" (bản tóm lược)" if status == "digest" else "")


def _paragraphs(text: str) -> list[tuple[str, str]]:
    """(kind, paragraph) in order: header until the first body text, Kính gửi, Nơi nhận, T/M."""
    out: list[tuple[str, str]] = []
    kind = "header"
    for block in re.split(r"\n\s*\n|\n(?=\s*(?:\d+(?:\.\d+)*\.|[IVX]+-|\d+-)\s)", text):
        block = block.strip()
        if not block:
            continue
        head = block.split("\n", 1)[0]
        if head.startswith("Kính gửi"):
            kind = "recipients"
        elif head.startswith("Nơi nhận"):
            kind = "distribution"
        elif head.startswith("T/M"):
            kind = "signature"
        elif kind in ("header", "recipients") and (len(block) > 150 or _NUMBER.match(block)) \
                and not head.startswith("-"):
            kind = "body"
        if kind == "recipients" and not (head.startswith("Kính gửi") or head.startswith("-")):
            kind = "body"
        out.append((kind, block))
    return out


def _passages_of(source: str, meta: dict, status: str, text: str) -> list[Passage]:
    passages: list[Passage] = []
    section, section_title = "", ""
    for ordinal, (kind, block) in enumerate(_paragraphs(text)):
        m = _NUMBER.match(block)
        if kind == "body" and m:
            section = m.group(1) or m.group(2)
            first = block.split("\n", 1)[0]
            section_title = first[m.end():] if first.isupper() or first[m.end():].isupper() else section_title
        doc_id = source.rsplit(".", 1)[0]
        passages.append(Passage(
            rank=0, score=0.0, chunk_id=f"{doc_id}#{ordinal}", doc_id=doc_id,
            doc_number=meta.get("doc_number"), doc_type=meta["doc_type"], issuer=meta["issuer"],
            issued_date=meta.get("issued_date"), title=meta.get("summary") or "", section=section,
            section_title=section_title, citation_label=_label(meta, section, status), text=block,
            source_path=source, status=status, kind=kind))
    return passages


def _windows(text: str, size: int = 700) -> str:
    """Group the lines of a long report into paragraph-sized blocks (it has no blank lines)."""
    blocks, current = [], ""
    for line in text.split("\n"):
        current = f"{current}\n{line}" if current else line
        if len(current) >= size and line.rstrip().endswith((".", ":")):
            blocks.append(current)
            current = ""
    return "\n\n".join(blocks + [current])


@lru_cache(maxsize=1)
def corpus_passages() -> tuple[Passage, ...]:
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    passages: list[Passage] = []
    for entry in manifest["documents"]:
        text = clean_text((CORPUS / entry["path"]).read_text(encoding="utf-8"))
        passages += _passages_of(entry["path"], entry, entry["status"], text)
    for path, meta in _REFERENCE.items():
        text = join_wrapped_lines(clean_text((CORPUS / path).read_text(encoding="utf-8")))
        if "1ADDZ" in path:
            text = _windows(text)
        passages += _passages_of(path, meta, "original", text)
    for known in manifest["known"]:  # documents known by metadata only: retrievable, never quotable
        passages.append(Passage(
            rank=0, score=0.0, chunk_id=f"known/{known['doc_number']}#0", doc_id=f"known/{known['doc_number']}",
            doc_number=known["doc_number"], doc_type=known["doc_type"], issuer=known["issuer"],
            issued_date=known["issued_date"], title=known["summary"], section="", section_title="",
            citation_label=_label(known, "", "metadata-only"),
            text=f"{known['doc_type']} số {known['doc_number']} {known['summary']}, trách nhiệm bảo vệ môi trường.",
            source_path="", status="metadata-only", kind="body"))
    return tuple(passages)


@lru_cache(maxsize=1)
def _index() -> tuple[list[Counter], dict[str, int], float]:
    # Like the real index: the document number and section heading are indexed with the text.
    counts = [Counter(syllables(f"{p.doc_number or ''} {p.section_title} {p.text}")) for p in corpus_passages()]
    df: Counter = Counter()
    for c in counts:
        df.update(c.keys())
    return counts, df, sum(sum(c.values()) for c in counts) / len(counts)


def corpus_search(query: str, k: int) -> list[Passage]:
    """BM25 over syllables (any kind and status: filtering what may be quoted is the composer's job)."""
    counts, df, avg = _index()
    n = len(counts)
    terms = set(syllables(query))
    scored = []
    for i, c in enumerate(counts):
        length = sum(c.values())
        s = sum(math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) * c[t] * 2.2 / (c[t] + 1.2 * (0.25 + 0.75 * length / avg))
                for t in terms if c[t])
        if s > 0:
            scored.append((s, i))
    scored.sort(reverse=True)
    passages = corpus_passages()
    return [replace(passages[i], rank=r + 1, score=s) for r, (s, i) in enumerate(scored[:k])]


def quotation_figures_ok(draft) -> list[str]:
    """Figures (digit runs) outside quotations and document names: what a reader could not trace."""
    names = sorted({x for c in draft.citations for x in (*document_names(c), c.citation_label)}, key=len, reverse=True)
    bad = []
    for text in [draft.lead] + [p.text for s in draft.sections for p in s.paragraphs]:
        for c in draft.citations:
            text = text.replace(f"“{display_quote(c.quote)}” [{c.n}]", " ")
        for name in names:
            text = text.replace(name, " ").replace(name[:1].upper() + name[1:], " ")
        text = re.sub(r"^\s*(?:\d+\.|-)\s", "", text)
        bad += re.findall(r"\d+", text)
    return bad


@pytest.fixture(scope="module")
def drafts():
    return {topic: compose_draft(topic, corpus_search, length="medium") for topic in TOPICS}


class TestComposeDraft:
    def test_five_topics_are_sound_drafts(self, drafts):
        for topic, draft in drafts.items():
            assert verify_draft(draft) == [], topic
            assert draft.title and draft.lead and draft.lead != NO_MATERIAL, topic
            assert 3 <= len(draft.sections) <= 6, (topic, [s.heading for s in draft.sections])
            assert all(s.heading and s.paragraphs for s in draft.sections)
            assert len(draft.citations) >= 4, topic

    def test_every_quotation_is_verbatim_from_its_passage(self, drafts):
        passages = {p.chunk_id: p for p in corpus_passages()}
        by_text = {p.text: p for p in passages.values()}
        for draft in drafts.values():
            for c in draft.citations:
                source = by_text[c.passage]
                assert source.text[c.quote_start:c.quote_end] == c.quote
                assert source.kind in ("body", "preamble"), c.quote  # never Kính gửi, Nơi nhận, signature
                assert source.status != "metadata-only"
                text = draft.lead + " ".join(p.text for s in draft.sections for p in s.paragraphs)
                assert f"“{display_quote(c.quote)}” [{c.n}]" in text

    def test_figures_appear_only_inside_quotations(self, drafts):
        for topic, draft in drafts.items():
            assert quotation_figures_ok(draft) == [], topic

    def test_targets_are_quoted_exactly(self, drafts):
        draft = drafts["chỉ tiêu môi trường đến năm 2020"]
        quoted = " ".join(c.quote for c in draft.citations)
        assert "74,8%" in quoted and "98% dân số nông thôn" in quoted
        assert "đạt 74,8%” [" in draft.lead + " ".join(p.text for s in draft.sections for p in s.paragraphs)

    def test_head_of_agency_topic_quotes_the_head_of_agency_sentence(self, drafts):
        draft = drafts[TOPICS[0]]
        assert any("người đứng đầu" in c.quote for c in draft.citations)
        assert draft.title == "Trách nhiệm của người đứng đầu trong bảo vệ môi trường"
        assert draft.lead.startswith("Công văn ngày 13/6/2016 của Ban Thường vụ Tỉnh ủy Bình Phước nêu rõ: “")

    def test_digest_is_named_as_a_digest(self, drafts):
        draft = drafts["quan điểm của Bộ Chính trị về bảo vệ môi trường"]
        digest = [c for c in draft.citations if c.status == "digest"]
        assert digest, "the viewpoints are only in the digest of 41-NQ/TW"
        assert "bản tóm lược Nghị quyết số 41-NQ/TW" in draft.lead + " ".join(
            p.text for s in draft.sections for p in s.paragraphs)

    def test_citations_numbered_in_order_of_first_use(self, drafts):
        for draft in drafts.values():
            text = draft.lead + " ".join(p.text for s in draft.sections for p in s.paragraphs)
            seen = []
            for n in re.findall(r"\[(\d+)\]", text):
                if int(n) not in seen:
                    seen.append(int(n))
            assert seen == list(range(1, len(draft.citations) + 1))


class TestLengthsAndForms:
    def test_short_and_long_differ_in_sections_and_quotes(self):
        short = compose_draft(TOPICS[2], corpus_search, length="ngắn")
        long = compose_draft(TOPICS[2], corpus_search, length="dài")
        assert verify_draft(short) == [] and verify_draft(long) == []
        assert len(short.sections) <= 4 < len(long.sections) <= 6
        assert len(short.citations) < len(long.citations)
        assert short.length == "short" and long.length == "long"

    def test_outline_has_numbered_headings_and_bullet_quotes(self):
        draft = compose_draft(TOPICS[4], corpus_search, form="đề cương tuyên truyền")
        assert verify_draft(draft) == []
        assert draft.title.startswith("Đề cương tuyên truyền: Bảo vệ môi trường gắn với nông thôn mới")
        assert [s.heading.split(".")[0] for s in draft.sections] == ["I", "II", "III", "IV", "V"][: len(draft.sections)]
        texts = [p.text for s in draft.sections for p in s.paragraphs]
        assert any(t.startswith("1. ") for t in texts)
        assert any(t.startswith("- “") for t in texts)
        assert any("Nông thôn mới" in c.quote for c in draft.citations)

    def test_brief_news_is_title_lead_and_one_section(self):
        draft = compose_draft(TOPICS[1], corpus_search, form="tin ngắn", length="short")
        assert verify_draft(draft) == []
        assert len(draft.sections) == 1 and draft.lead.count("[1]") == 1

    def test_unknown_form_is_refused_in_vietnamese(self):
        with pytest.raises(ConfigError, match="Thể loại không hợp lệ"):
            compose_draft(TOPICS[0], corpus_search, form="thơ")

    def test_topic_with_no_material_gives_the_fixed_text(self):
        draft = compose_draft("quy trình cấp hộ chiếu điện tử", corpus_search)
        assert draft.lead == NO_MATERIAL and draft.sections == [] and verify_draft(draft) == []


class TestVerifyDraft:
    def test_catches_an_edited_quote_a_stray_marker_and_a_loose_figure(self, drafts):
        draft = drafts["chỉ tiêu môi trường đến năm 2020"]
        broken = replace(draft, citations=[replace(c) for c in draft.citations])
        broken.citations[0].quote = broken.citations[0].quote.replace("môi trường", "mội trường", 1) + " "
        section = broken.sections[0]
        edited = replace(section.paragraphs[0], text=section.paragraphs[0].text + " Tỷ lệ đạt 80% [99].")
        broken.sections = [replace(section, paragraphs=[edited, *section.paragraphs[1:]]), *broken.sections[1:]]
        problems = " | ".join(verify_draft(broken))
        assert "[1] câu trích không phải nguyên văn" in problems
        assert "dấu [99] không có trích dẫn" in problems
        assert "số liệu nằm ngoài câu trích dẫn" in problems


class TestGenerated:
    def _sources(self) -> list[Citation]:
        draft = compose_draft(TOPICS[1], corpus_search, length="short")
        return draft.citations

    def test_check_generated_keeps_verbatim_quotes_and_drops_the_rest(self):
        sources = self._sources()
        good = sources[0]
        text = (f"# Chỉ tiêu môi trường\nTheo văn bản: “{display_quote(good.quote)}” [1].\n"
                "## Nhận định\nTỷ lệ che phủ rừng đạt 80% trong năm qua [1].\n"
                "Văn bản viết: “Toàn tỉnh đã hoàn thành mọi chỉ tiêu” [1].")
        kept, flags = check_generated(text, sources)
        assert f"“{display_quote(good.quote)}” [1]" in kept
        assert "80%" not in kept and "hoàn thành mọi chỉ tiêu" not in kept
        assert len(flags) == 2

    def test_generator_draft_is_verified_or_replaced(self):
        def model(prompt: str) -> str:
            # A stand-in chat model: echoes the first numbered source as a quotation, and invents a figure.
            first = re.search(r"^\[1\] .*?: “(.*)”$", prompt, re.MULTILINE).group(1)
            return (f"# Chỉ tiêu môi trường\nVăn bản nêu: “{first}” [1].\n## Mục tiêu\n"
                    f"Văn bản nêu: “{first}” [1]. Tỷ lệ đạt 87% [2].\n## Nhiệm vụ\nCần hành động ngay.")

        draft = compose_draft(TOPICS[1], corpus_search, generate=model)
        assert verify_draft(draft) == []
        assert "87%" not in " ".join(p.text for s in draft.sections for p in s.paragraphs)
