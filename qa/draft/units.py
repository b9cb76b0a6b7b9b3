"""A document's own parts as an editor plans by them (:class:`~qa.draft.sources.Unit`): the articles
of a decree, the parts (I, II) and points (1, 2.1) of a letter, a statistical report's named tables,
the paragraphs of substance before the first part — each with its heading in the document's words,
lowered from capitals and without the words that point to the items below (:func:`heading_case`).
"""

from __future__ import annotations

import re

from common.config import DraftPolicy
from common.types import CITABLE_KINDS, Section
from common.vietnamese.syllables import is_syllable
from qa.draft.sources import SourceDocument, Unit
from qa.draft.tables import named_tables

# How a heading that is a lead-in ends ("Thuế suất thuế nhập khẩu được quy định như sau"): words that
# point to the items below, which a draft's heading does not have.
_LEAD_IN_END = re.compile(r"\s+(?:(?:được\s+)?(?:quy định|hướng dẫn|thực hiện|sửa đổi)(?:\s+(?:cụ thể|chi tiết))?\s+)?"
                          r"(?:như\s+sau|sau\s+đây)$"
                          # "… giám sát, kiểm tra gồm có", "Lực lượng … bao gồm" (a blind editor: "tiêu đề chép câu văn
                          # bản … GỒM CÓ"); a noun's "sau" ("các quyền hạn sau", "những công việc chủ yếu sau"), not "các
                          # lần tiếp sau" (later times).
                          r"|\s+(?:gồm\s+có|bao\s+gồm|gồm)$"
                          r"|(?:" + "|".join(rf"(?<=\s{w})" for w in "năng vụ hạn định hợp việc dung kiện nhiệm yếu thức pháp cầu tắc"
                                            .split()) + r")\s+sau$", re.IGNORECASE)


_WORD = re.compile(r"[^\W\d_]+")


def heading_case(heading: str) -> str:
    """"NGHĨA VỤ, QUYỀN LỢI …" → "Nghĩa vụ, quyền lợi …"; mixed case is kept as written; a lead-in's
    pointing end is dropped ("… được quy định như sau" → "…"). A word that is no Vietnamese syllable
    keeps its capitals, and so does the code it is part of: "CÁC VB PHÁP QUY … ĐT-XD" → "Các VB pháp quy … ĐT-XD",
    not "vb", "đt-xd"; "32-CTR/TU" stays."""
    heading = " ".join(heading.split()).strip(" .:-")
    heading = _LEAD_IN_END.sub("", heading).strip(" ,.:-") or heading
    letters = [c for c in heading if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        heading = " ".join(w if any(not is_syllable(r) for r in _WORD.findall(w)) else w.lower() for w in heading.split())
    return heading[:1].upper() + heading[1:]


def units_of(doc: SourceDocument, policy: DraftPolicy = DraftPolicy()) -> list[Unit]:
    """The document's parts at the grain an editor plans by.

    The articles (Điều) of a legal text when they hold most of it; otherwise the top-level
    parts, each replaced by its headed sub-parts while it is longer than
    ``policy.split_unit_chars``; the paragraphs of substance before the first part are units of
    their own. A document without numbered structure is one unit — or, when it is a set of named
    tables, one unit per table.
    """
    body = [s for s in doc.sections if s.kind in CITABLE_KINDS and s.section_path]
    if not body:
        return _table_units(doc, policy) or [Unit(doc.doc_id, "", "", 0, len(doc.text), 0)]
    last_end = max(s.end for s in body)
    # A part ends where the frame or an unnumbered run begins: the decision's signature, or the name,
    # caption and preface of a regulation issued with it ("Quy chế … (Ban hành kèm theo …) Lời nói đầu"),
    # which are no text of the decision's last article.
    breaks = [s.start for s in doc.sections if not s.section_path]

    def end_of(sec: Section) -> int:
        depth = len(sec.section_path)
        later = [x.start for x in body if x.start > sec.start and len(x.section_path) <= depth]
        return min([*later, *(b for b in breaks if b > sec.start)], default=last_end)

    def children(sec: Section) -> list[Section]:
        depth, end = len(sec.section_path), end_of(sec)
        return [x for x in body if len(x.section_path) == depth + 1 and sec.start < x.start < end
                and x.section_path[:depth] == sec.section_path]

    articles = [s for s in body if s.level_names and s.level_names[-1] == "Điều"]
    if len(articles) >= 3 and sum(end_of(a) - a.start for a in articles) >= 0.5 * (last_end - body[0].start):
        level = articles
    else:
        top = min(len(s.section_path) for s in body)
        level = [s for s in body if len(s.section_path) == top]
        changed = True
        while changed:
            changed = False
            for i, sec in enumerate(level):
                kids = children(sec)
                if end_of(sec) - sec.start > policy.split_unit_chars and sum(
                        bool(title_of(doc.text, k, policy.heading_words)) for k in kids) >= 2:
                    level[i:i + 1] = kids
                    changed = True
                    break
    opening = _opening_units(doc, min(s.start for s in level))
    titles = {tuple(s.section_path): title_of(doc.text, s, policy.heading_words) for s in body}
    units: list[Unit] = []
    for i, s in enumerate(level):
        depth = len(s.section_path)
        end = min([end_of(s), *(u.start for u in level[i + 1:i + 2])])
        context = " . ".join(titles.get(tuple(s.section_path[:d]), "") for d in range(1, depth))
        heading = heading_case(title_of(doc.text, s, policy.heading_words))
        units.append(Unit(doc.doc_id, s.section_path[-1], heading, s.start, end, len(opening) + i, context.strip(" .")))
    units = opening + units
    return _at_lead_lines(doc, units) if doc.in_capitals(policy) else units


# A line of a text typed in capitals that ends with a colon: the heading of the entries under it
# ("CÁC VBQPPL SẼ ĐƯỢC BAN HÀNH TIẾP TRONG THỜI GIAN TỚI:"), which the converter reads as body text.
_LEAD_LINE = re.compile(r"^[ \t]*(?P<title>[^\n:]{10,200}):[ \t]*$", re.MULTILINE)


def _at_lead_lines(doc: SourceDocument, units: list[Unit]) -> list[Unit]:
    """A text typed in capitals (the catalogue of legal texts) split at its lead-in lines: each such
    line heads the entries up to the next one, as a unit of its own."""
    out: list[Unit] = []
    for u in units:
        cuts = [m for m in _LEAD_LINE.finditer(doc.text, u.start, u.end) if m.start() > u.start]
        bounds = [u.start, *(m.start() for m in cuts), u.end]
        headings = [u.heading, *(heading_case(re.sub(r"^\W+", "", m.group("title"))) for m in cuts)]  # a bullet before
        out += [Unit(doc.doc_id, u.label, h, a, b, 0, u.context) for h, a, b in zip(headings, bounds, bounds[1:])]
    return [Unit(x.doc_id, x.label, x.heading, x.start, x.end, i, x.context, x.table) for i, x in enumerate(out)]


# A numbered heading written as a sentence: "4. Giáo dục, đào tạo." — its mark, then a capitalized
# phrase on a line of its own, closed by a full stop (which the section parse takes for body text).
_STOPPED_HEADING = re.compile(r"[ \t]*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[ \t]*[.)/-][ \t]*"
                              r"(?P<title>[^\W\d_][^\n.:;!?]*?)[ \t]*\.[ \t]*(?:\n|$)")


def title_of(text: str, sec: Section, heading_words: int) -> str:
    """A section's title; when the parse kept none, the heading line that opens it if that is a
    numbered phrase closed by a full stop, of at most one and a half times ``heading_words`` words
    ("4. Giáo dục, đào tạo." in a government report): the part an editor plans by, by its name."""
    if sec.section_title.strip():
        return sec.section_title
    m = _STOPPED_HEADING.match(text, sec.start)
    title = m.group("title") if m else ""
    return title if title[:1].isupper() and len(title.split()) <= heading_words + heading_words // 2 else ""


def _table_units(doc: SourceDocument, policy: DraftPolicy) -> list[Unit]:
    """A statistical report (no numbered parts, several named tables): one unit per table headed by
    its caption (:func:`qa.draft.tables.named_tables`), the text before them units of their own."""
    named = named_tables(doc.text, policy.table_unit_rows)
    units = _opening_units(doc, named[0][0]) if named else []
    for start, end, heading, context in named:
        units.append(Unit(doc.doc_id, "", heading_case(heading), start, end, len(units), context, table=True))
    return units


_BASIS = re.compile(r"^\W*(?:Căn cứ|Theo đề nghị|Xét đề nghị|Thực hiện|Kính gửi)", re.IGNORECASE)


def _opening_units(doc: SourceDocument, first: int) -> list[Unit]:
    """The paragraphs of substance before the first numbered part (a letter's account of results
    and shortcomings before its tasks), one unit each; the legal basis ("Căn cứ …") is not one."""
    spans = [(s.start, s.end) for s in doc.sections if s.kind in CITABLE_KINDS and not s.section_path
             and s.start < first]
    units: list[Unit] = []
    for start, end in spans:
        for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", doc.text[start:min(end, first)]):
            para = m.group(0).strip()
            if len(para) >= 120 and not _BASIS.match(para):
                units.append(Unit(doc.doc_id, "", "", start + m.start(), start + m.end(), len(units)))
    return units
