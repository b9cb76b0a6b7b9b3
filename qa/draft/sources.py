"""The documents a draft is made from: their own parts (units), sentences and lead-ins.

An editor plans an article on a document by its structure: the articles of a decree, the
parts (I, II) and points (1, 2.1) of a letter. :class:`SourceDocument` holds one loaded
document — clean text, sections, its indexed chunks in reading order and what the library
knows of it (status, amendments, documents it cites that are not loaded) — and the pure
functions here turn it into :class:`Sentence` s placed in their :class:`Unit` (the document's
parts, with their headings, are :mod:`qa.draft.units`), each with the lead-in it hangs from
("Ban Cán sự Đảng UBND tỉnh chỉ đạo:") and, when it points back ("Những kết quả nêu trên …"), widened to include what it points to; a
table row hangs from its table's header line the same way (:mod:`qa.draft.tables`).

A sentence is located in document offsets; :func:`Sentence.passage_span` gives the chunk and
the offsets in it that a citation needs (quotes never cross a chunk).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from common.config import DraftPolicy
from common.types import CITABLE_KINDS, STATUS_DIGEST, Section
from common.vietnamese.sentences import FORM_BLANKS, join_wrapped, split_list_items, split_sentences
from qa.draft.names import OUTLINE_MARK
from qa.draft.quotable import (after_mark, heading_line, marker_kind, named_heading, quotable, same_kind,
                               sentence_start, too_long, trim, worked_examples)
from qa.draft.tables import row_at, table_header
from qa.types import Passage

# A sentence that opens by pointing back to what precedes it.
BACKREF = re.compile(r"^\W*(?:\S+\s+){0,4}?(?:nêu trên|trên đây|kể trên|nói trên|như trên)\b"
                     r"|^\W*(?:đó|điều này|việc này|tình trạng này|những việc này)\b", re.IGNORECASE)
# A digest's own editorial sentences (about the summary, not the resolution's content).
DIGEST_FRAMING = re.compile(r"tóm lược|toàn văn|biên soạn|được tóm", re.IGNORECASE)
# A sentence that announces items below it ("Các cơ sở sản xuất, kinh doanh dưới đây được áp dụng thuế
# suất 25% …", "… được quy định như sau.") and does not hold them (no colon followed by text), not a
# definition's "(sau đây gọi tắt là …)". Quoted alone it promises what the quote does not give (t53-13's
# editor: "bị treo … mà không có danh sách ngành"); above a list, even with a full stop for its colon, it is
# the items' lead-in.
ANNOUNCES = re.compile(r"\b(?:dưới đây|sau đây|như sau)\b(?!\s*\(?\s*(?:được\s+)?(?:gọi|viết))(?![^:]*:\s*\S)", re.IGNORECASE)
_GENERIC_LEAD_IN = re.compile(r"^(?:cụ thể|như sau|gồm|bao gồm|sau đây|trong đó)\W*$", re.IGNORECASE)


@dataclass
class SourceDocument:
    """One loaded document as the draft planner sees it."""

    doc_id: str
    text: str
    sections: list[Section]
    passages: list[Passage]  # its chunks, reading order
    name: str  # formal name: "Nghị định số 114/2003/NĐ-CP ngày 10/10/2003 của Chính phủ"
    summary: str  # trích yếu
    status: str
    doc_type: str = ""
    amended_by: list[str] = field(default_factory=list)  # titles of loaded documents amending it
    unloaded: list[str] = field(default_factory=list)  # titles of cited documents known only by metadata

    def __post_init__(self) -> None:
        self.offsets: list[int] = []
        pos = 0
        for p in self.passages:
            at = self.text.find(p.text, pos) if p.text else -1
            if at < 0:
                at = self.text.find(p.text) if p.text else -1
            self.offsets.append(at)
            if at >= 0:
                pos = at + len(p.text)

    @functools.cached_property
    def capitals_share(self) -> float:
        """Share of the text's letters in capitals: 1.0 for a text typed in capitals."""
        letters = [c for c in self.text if c.isalpha()]
        return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0

    def in_capitals(self, policy: DraftPolicy) -> bool:
        """Typed in capitals (``draft.capitals_document``): the catalogue of legal texts, whose capitals
        lines are its entries and headings, not headings alone."""
        return self.capitals_share >= policy.capitals_document

    def passage_span(self, start: int, end: int) -> tuple[Passage, int, int] | None:
        """The chunk holding document span [start, end) and the span's offsets in it."""
        for p, at in zip(self.passages, self.offsets):
            if at >= 0 and at <= start and end <= at + len(p.text):
                return p, start - at, end - at
        return None


@dataclass(frozen=True)
class Unit:
    """A numbered part of a document with its heading (the document's own words)."""

    doc_id: str
    label: str  # "Điều 6", "II", "2.1"
    heading: str
    start: int
    end: int
    order: int  # position in the document
    context: str = ""  # headings of the parts it belongs to ("Chương II. Tiêu chuẩn cán bộ …")
    table: bool = False  # one table of a statistical report, headed by its caption


@dataclass(eq=False)
class Sentence:
    """A quotable sentence (document offsets), its unit and the lead-in it hangs from."""

    doc: SourceDocument
    start: int
    end: int
    unit: Unit | None
    lead_in: tuple[int, int] | None = None  # document span of "… chỉ đạo" (without the colon)

    @property
    def text(self) -> str:
        return self.doc.text[self.start:self.end]

    @property
    def lead_in_text(self) -> str:
        return self.doc.text[self.lead_in[0]:self.lead_in[1]] if self.lead_in else ""


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _indented(text: str, line: int) -> int:
    """Where the line at ``line`` starts after its indent: legacy texts indent items with tabs
    ("\t- Doanh nghiệp luyện kim;"), and a marker is read where the line's words start."""
    while line < len(text) and text[line] in " \t":
        line += 1
    return line


def _lead_in(text: str, start: int, floor: int, heading_words: int, full: int) -> tuple[int, int] | None:
    """The "…:" line a list item hangs from: walk back over list items to a line ending in ":".
    A heading that ends in a colon ("Điều 2. Tổ chức thực hiện:", "I. Những quy định chung:") is
    no lead-in: the item's part already carries it, and quoted it reads as a fragment.

    Only a parent: a "…:" line opening with the item's own kind of marker is a sibling's
    lead-in — "2. Những công chức dự bị sau đây …:" is not what "3. Công chức dự bị được
    hưởng …" hangs from (siblings without a colon are walked over: they share the lead-in); nor is
    the "…:" line right above a sibling's own items ("Bộ Giáo dục và đào tạo có trách nhiệm:" /
    "a. …" / "b. …" above "3. Ngân hàng nhà nước …").
    """
    line = _line_start(text, start)
    own = marker_kind(text, _indented(text, line))
    if own is None:
        return None  # no list item
    pos, steps, nested = line, 0, False
    while pos > floor and steps < 30:
        prev_end = pos - 1
        prev = _line_start(text, prev_end)
        content = text[prev:prev_end].strip()
        steps += 1
        pos = prev
        if not content:
            continue
        words_at = _indented(text, prev)
        kind = marker_kind(text, words_at)
        stop = content.endswith(".") and ANNOUNCES.search(content)  # "… dưới đây được áp dụng …." above its items
        if content.endswith(":") or stop:
            if nested or same_kind(kind, own):
                return None  # a sibling's own lead-in ("2. … sau đây:" above "3."), or its sub-items' one
            b = text.rfind("." if stop else ":", prev, prev_end + 1)
            a = sentence_start(text, after_mark(text, words_at, prev_end), b, floor, full)
            if a is None:
                return None  # a lead-in cut from the sentence it ends: a fragment, not context
            words = text[a:b].strip()
            if (12 <= len(words) <= 300 and not _GENERIC_LEAD_IN.match(words) and not words[:1].islower()
                    and (not stop or ANNOUNCES.search(words)) and not named_heading(words)
                    and not heading_line(text, a, a + len(text[a:b].rstrip()), heading_words)):
                return a, a + len(text[a:b].rstrip())
            return None
        if kind is not None:
            nested = not same_kind(kind, own)  # "a.", "b." of a sibling above "3.": theirs
        elif not content[:1].islower():
            return None  # a line in lower case only wraps the item above: walked over
    return None


def _unit_at(units: list[Unit], at: int) -> Unit | None:
    found = None
    for u in units:
        if u.start <= at < u.end:
            found = u
    return found


def sentences_of(doc: SourceDocument, units: list[Unit], policy: DraftPolicy = DraftPolicy()) -> list[Sentence]:
    """Quotable sentences of the document's citable chunks, each placed in its unit.

    A sentence that points back ("nêu trên", "này") is widened to start where what it points
    to starts (the previous sentence, or the list above with its lead-in) when that stays in
    one chunk and under ``policy.max_widened`` characters; otherwise it is left out. A digest's
    own framing sentences ("được tóm lược như sau") are never quotable, nor is a sentence that
    announces items it does not hold (:data:`ANNOUNCES`): it comes as its items' lead-in. Nothing
    of a worked example is (:func:`~qa.draft.quotable.worked_examples`).
    """
    out: list[Sentence] = []
    rows: set[tuple[int, int]] = set()  # a row holding two sentences is quoted once
    examples = worked_examples(doc.text, policy.example_lines)
    for p, at in zip(doc.passages, doc.offsets):
        if at < 0 or p.kind not in CITABLE_KINDS:
            continue
        spans = join_wrapped(p.text, split_sentences(p.text), policy.full_line)
        for i, (s, e) in enumerate(spans):
            pieces = split_list_items(p.text, s, e)[:1] if too_long(p.text[s:e], policy) else [(s, e)]
            for ps, pe in pieces:
                if any(a <= at + ps < b for a, b in examples):
                    continue  # a worked example states no rule
                header = table_header(doc.text, at + ps)
                if header is not None:  # in a table row: the row, under its column headers, or not at all
                    row = row_at(doc.text, at + ps, at, at + len(p.text), policy.min_table_row)
                    if (row is not None and row not in rows and doc.passage_span(*header) is not None
                            and not FORM_BLANKS.search(doc.text[row[0]:row[1]])):
                        rows.add(row)
                        out.append(Sentence(doc, *row, _unit_at(units, row[0]), header))
                    continue
                trimmed = trim(p.text, ps, pe)
                if trimmed is None:
                    continue
                a, b = trimmed
                piece = p.text[a:b]
                if (doc.status == STATUS_DIGEST and DIGEST_FRAMING.search(piece)) or ANNOUNCES.search(piece):
                    continue  # the digest's framing; a sentence whose items are not in it (their lead-in)
                if BACKREF.search(piece):
                    widened = _widen(p.text, spans, i)
                    if widened is None or b - widened > policy.max_widened:
                        continue
                    a = widened
                elif not quotable(doc.text, at + a, at + b, policy,  # the document's lines around it, past the chunk's edge
                                  doc.in_capitals(policy)):
                    continue
                start, end = at + a, at + b
                unit = _unit_at(units, start)
                lead = _lead_in(doc.text, start, unit.start if unit else 0, policy.heading_words, policy.full_line)
                out.append(Sentence(doc, start, end, unit, lead))
    return out


def _widen(text: str, spans: list[tuple[int, int]], i: int) -> int | None:
    """Where a pointing-back sentence's referent starts: the list above (from its lead-in) or
    the previous sentence; None when it is the chunk's first sentence."""
    if i == 0:
        return None
    j = i - 1
    while j > 0 and OUTLINE_MARK.match(text, spans[j][0]) and text[spans[j][0]] in "-+•":
        j -= 1  # climb the bullets to the sentence that introduces them
    start = spans[j][0]
    m = OUTLINE_MARK.match(text, start)
    return m.end() if m and m.end() < spans[j][1] else start
