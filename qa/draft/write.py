"""The text of an extractive draft: the plan's quotations with their markers, in the form asked.

The writer adds no fact of its own: every statement is a quotation “…” [n]; the text around
the quotations names the source formally ("Nghị định số … quy định:"), carries the lead-in a
quoted item hangs from as a quotation of its own, and says "theo bản tóm lược" before every
quotation from a digest. Forms:

- **bài viết**: sapo (the main document and its strongest sentence), one section per planned
  part under the document's own heading, a closing quotation and a call to action;
- **đề cương tuyên truyền**: numbered key messages (I, II …), each its quotations as bullets;
- **giải thích quy định**: the regulation, then its answers to who / conditions / benefits /
  obligations / procedure / implementation;
- **tin ngắn**: title, sapo and one section.
"""

from __future__ import annotations

import re
from collections import Counter

from common.vietnamese.mentions import find_doc_numbers
from qa.answer import make_citation
from qa.draft.forms import ARTICLE, BRIEF, DIRECTIVE_TYPES, EXPLAINER, LEGAL_TYPES, OUTLINE, SLOTS
from qa.draft.names import cap, display_quote, document_names
from qa.draft.plan import Part, Plan
from qa.draft.roles import is_in_force
from qa.draft.sources import Sentence, SourceDocument
from qa.draft.tables import in_table
from qa.draft.topic import draft_title
from qa.types import Citation, Draft, DraftParagraph, DraftSection, DraftSource, amendment_note, unloaded_note

NO_MATERIAL = "Không tìm thấy nội dung phù hợp với chủ đề này trong các văn bản đã nạp."
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
_SAME_DOC = ("Văn bản cũng nêu rõ:", "Cũng theo văn bản này:", "Văn bản nêu tiếp:")
_SAME_DIGEST = ("Cũng theo bản tóm lược:", "Bản tóm lược nêu tiếp:")
_CALL_LEGAL = ("Nắm vững và thực hiện đúng những quy định trên là trách nhiệm của các cơ quan, tổ chức "
               "và cá nhân có liên quan.")
_CALL_PARTY = ("Quán triệt và tổ chức thực hiện nghiêm túc những nội dung trên là trách nhiệm của các cấp ủy, "
               "chính quyền, cơ quan, đơn vị, cán bộ, đảng viên và nhân dân.")


def _call_to_action(doc_type: str) -> str:
    """The closing call an article ends on, by what its main document is: a regulation is to be
    observed, a Party or administrative directive carried out; a study, a speech, a report, a table
    or a form asks nobody to do anything, and "Quán triệt …" after an expert's analysis reads as
    boilerplate (the blind editor on sealed-topics-8: 7 of 16 closings)."""
    if doc_type in LEGAL_TYPES:
        return _CALL_LEGAL
    return _CALL_PARTY if doc_type in DIRECTIVE_TYPES else ""


class Writer:
    """Numbers citations in order of first use and names each document fully once, then briefly."""

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self._named: set[str] = set()
        self._last_doc: str | None = None
        self._spans: list[tuple[str, int, int, str, bool]] = []  # spans quoted so far: their words, in a table

    def free(self, doc: SourceDocument, start: int, end: int) -> bool:
        """Whether the span repeats nothing quoted so far: no overlap, and not the same words
        again — a document may repeat a sentence word for word in two places, and two loaded copies
        of one circular (2003-A05 and 2003-TT132001) give one lead-in twice (t14-8). A table's line is
        compared within its document only: several documents' tables share the column headers each of
        their rows needs."""
        words, tabbed = display_quote(doc.text[start:end]), "\t" in doc.text[start:end]
        for d, s, e, other, other_tabbed in self._spans:
            same = words in other or other in words
            if d == doc.doc_id and (start < e and s < end or same) or same and not (tabbed or other_tabbed):
                return False
        return True

    def quote(self, doc: SourceDocument, start: int, end: int) -> str:
        located = doc.passage_span(start, end)
        if located is None:  # sentences are cut from chunks, so this is a bug, not a draft to print
            raise AssertionError(f"không tìm thấy đoạn nguồn của trích dẫn trong {doc.doc_id}")
        p, s, e = located
        n = len(self.citations) + 1
        citation = make_citation(n, p, s, e)  # labelled by the quote's own section
        if citation.quote != doc.text[start:end]:
            raise AssertionError(f"trích dẫn [{n}] không khớp nguyên văn đoạn nguồn")
        self.citations.append(citation)
        self._spans.append((doc.doc_id, start, end, display_quote(citation.quote), "\t" in citation.quote))
        return f"“{display_quote(citation.quote)}” [{n}]"

    def sentence(self, s: Sentence) -> str:
        return self.quote(s.doc, s.start, s.end)

    def name(self, doc: SourceDocument) -> str:
        full, short = names_of(doc)
        first = doc.doc_id not in self._named
        self._named.add(doc.doc_id)
        return full if first else short

    def continues(self, doc: SourceDocument) -> bool:
        """Whether the last paragraph introduced quotes from ``doc`` too."""
        return self._last_doc == doc.doc_id

    def intro(self, doc: SourceDocument, k: int) -> str:
        """The words before a paragraph's first quotation."""
        digest = doc.status == "digest"
        if k > 0 and self.continues(doc):
            return (_SAME_DIGEST if digest else _SAME_DOC)[k % (2 if digest else 3)]
        self._last_doc = doc.doc_id
        name = self.name(doc)
        if digest:
            return f"Theo {name}:"
        return f"{cap(name)} {'quy định' if doc.doc_type in LEGAL_TYPES else 'nêu'}:"


def _other_sources(plan: Plan) -> dict[int, str]:
    """For an article or outline quoting several documents, the parts drawn wholly from a document
    other than the one most quoted, each with its source and year for its heading (" (theo bản tóm
    lược Nghị quyết số 41-NQ/TW, năm 2004)"): a part headed "Tình hình bảo vệ môi trường" from the
    2004 resolution, in an article on the province's 2016 letter, read as the province's results
    (the blind editor of t8-13, session 25). Keyed by ``id(part)``."""
    counts = Counter(sentence.doc.doc_id for part in plan.parts for sentence in part.sentences)
    if len(counts) < 2:
        return {}
    main = counts.most_common(1)[0][0]
    out: dict[int, str] = {}
    for part in plan.parts:
        docs = {s.doc.doc_id: s.doc for s in part.sentences}
        if len(docs) == 1 and main not in docs:
            doc = next(iter(docs.values()))
            short, year = names_of(doc)[1], (doc.passages[0].issued_date or "")[:4]
            if re.search(r"\bsố\s+\S*\d|\scủa\s", short):  # not a bare kind ("Bảng số liệu"): it names nothing
                out[id(part)] = f" (theo {short}{f', năm {year}' if year else ''})"
    return out


def names_of(doc: SourceDocument) -> tuple[str, str]:
    """The document's (full, short) formal names, as :func:`document_names` gives them for a citation."""
    p = doc.passages[0]
    probe = Citation(0, p.doc_id, p.doc_number, p.doc_type, p.issued_date, p.issuer, p.citation_label,
                     p.section, "", "", p.source_path, p.status)
    return document_names(probe)


def _groups(sentences: list[Sentence]) -> list[list[Sentence]]:
    """Consecutive sentences of one document that hang from the same lead-in go together."""
    out: list[list[Sentence]] = []
    for s in sentences:
        if out and s.lead_in and out[-1][0].lead_in == s.lead_in and out[-1][0].doc is s.doc:
            out[-1].append(s)
        else:
            out.append([s])
    return out


def _part_paragraphs(w: Writer, part: Part, bullets: bool) -> list[DraftParagraph]:
    paragraphs: list[DraftParagraph] = []
    for k, group in enumerate(_groups(part.sentences)):
        group = [s for s in group if w.free(s.doc, s.start, s.end)]
        if not group:
            continue
        before = len(w.citations)
        lead_in = group[0].lead_in  # quoted once: a lead-in already quoted is no longer free
        if lead_in and (not w.free(group[0].doc, *lead_in) or any(s.start < lead_in[1] and lead_in[0] < s.end
                                                                   for s in group)):
            lead_in = None
            if in_table(group[0].doc.text, group[0].start):  # a table row without its column headers: not quoted
                continue
        if lead_in:
            body = f"{w.quote(group[0].doc, *lead_in)}: " + "; ".join(w.sentence(s) for s in group) + "."
        else:
            body = "; ".join(w.sentence(s) for s in group) + "."
        cites = list(range(before + 1, len(w.citations) + 1))
        if bullets:  # an outline: the source once, then its points as bullets
            doc = group[0].doc
            if k == 0 or not w.continues(doc):
                paragraphs.append(DraftParagraph(w.intro(doc, 0), []))
            paragraphs.append(DraftParagraph(f"- {_digest_mark(doc)}{body}", cites))
        else:
            paragraphs.append(DraftParagraph(f"{w.intro(group[0].doc, k)} {body}", cites))
    return paragraphs


def _digest_mark(doc: SourceDocument) -> str:
    """An outline bullet's opening when its quote comes from a digest (issue 17: "theo bản tóm lược")."""
    return "Theo bản tóm lược: " if doc.status == "digest" else ""


def _closing_paragraphs(w: Writer, plan: Plan) -> list[DraftParagraph]:
    """The closing quotation's paragraphs. An explainer and an outline end on when the rule applies (issue 17:
    "in force since"), not on who executes it; an outline gives its source once, then the quote as a bullet."""
    form, closing = plan.form, plan.closing
    closes = closing is not None and (form == ARTICLE or form in (EXPLAINER, OUTLINE) and is_in_force(closing))
    if not closes or not w.free(closing.doc, closing.start, closing.end):
        return []
    before = len(w.citations)
    intro, quote = w.intro(closing.doc, 0), w.sentence(closing)
    cites = list(range(before + 1, len(w.citations) + 1))
    if form == OUTLINE:
        return [DraftParagraph(intro, []), DraftParagraph(f"- {_digest_mark(closing.doc)}{quote}.", cites)]
    return [DraftParagraph(f"{intro} {quote}.", cites)]


def _row_headers(w: Writer, s: Sentence) -> str:
    """A table row's column headers, quoted before it (a sapo that is a row); "" for a sentence.
    (Rows of that table chosen for a part are then not quoted: their header is no longer free.)"""
    return f"{w.quote(s.doc, *s.lead_in)}: " if s.lead_in and in_table(s.doc.text, s.start) else ""


def sources_of(plan: Plan) -> list[DraftSource]:
    return [DraftSource(d.doc_id, names_of(d)[0], d.summary, d.status, list(d.amended_by), list(d.unloaded))
            for d in plan.documents]


def notes_of(plan: Plan, sources: list[DraftSource], citations: list[Citation], topic: str = "") -> list[str]:
    """What an editor must know before printing: digests, amendments, documents not loaded, gaps.

    A document known only by metadata is named when a quotation of the draft (or the topic)
    names it — the reader meets it there and cannot look it up — not every text its source
    happens to cite elsewhere (eleven lines of "chưa được nạp" buried the digest warning, the
    editor's review of sealed-topics-7); several are named on one line."""
    quoted = {c.doc_id for c in citations}
    named = {d.number_key for d in find_doc_numbers(" ".join([topic, *(c.quote for c in citations)]))}
    notes: list[str] = []
    unloaded: list[str] = []
    for s in sources:
        if s.doc_id not in quoted:
            continue
        if s.status == "digest":
            notes.append(f"Các đoạn trích từ {s.name} là bản tóm lược, không phải nguyên văn văn bản; "
                         "cần đối chiếu toàn văn chính thức trước khi đăng.")
        notes += [amendment_note(cap(s.name), newer) for newer in s.amended_by]
        unloaded += [ref for ref in s.unloaded if {d.number_key for d in find_doc_numbers(ref)} & named]
    unloaded = list(dict.fromkeys(unloaded))
    if len(unloaded) == 1:
        notes.append(unloaded_note(unloaded[0]))
    elif unloaded:
        notes.append("Các văn bản được nhắc đến nhưng toàn văn chưa được nạp vào hệ thống, nên không thể trích dẫn: "
                     + "; ".join(unloaded) + ".")
    unplaced = [m for m in plan.missing if m not in plan.located]
    if unplaced:
        # What the planner knows is that it found no article or section for these — not that the
        # document lacks them: a claim that it does was false in 4 to 13 of 62 drafts (blind editors).
        notes.append("Bản thảo chưa có phần về: " + "; ".join(unplaced) + " — chưa tìm được đoạn văn bản "
                     "tương ứng; cần đối chiếu văn bản gốc và bổ sung trước khi đăng.")
    for aspect, label in plan.located.items():
        notes.append(f"Bản thảo chưa có phần về: {aspect} — văn bản có nói đến ở {label} nhưng bản thảo "
                     "chưa trích; cần đọc phần đó và bổ sung trước khi đăng.")
    return list(dict.fromkeys(notes))


# The explainer's part a closing on the text's entry into force joins when the plan has it.
IMPLEMENTATION = next(slot.heading for slot in SLOTS if slot.key == "implementation")
# The name a form's title opens with (an article's and a news item's title is their subject).
FORM_PREFIX = {OUTLINE: "Đề cương tuyên truyền", EXPLAINER: "Giải thích quy định"}


def _document_lead(w: Writer, documents: list[SourceDocument], tail: str) -> str:
    """A sapo on the documents themselves: each one's full name and trích yếu, then ``tail``."""
    said = [f"{cap(w.name(d))}" + (f": {d.summary}." if d.summary else ".") for d in documents]
    return " ".join([*said, tail]).strip()


def write_draft(topic: str, plan: Plan) -> Draft:
    form, length = plan.form, plan.length
    title = draft_title(topic, FORM_PREFIX.get(form), explainer=form == EXPLAINER)
    sources = sources_of(plan)
    if not plan.parts:
        return Draft(topic=topic, title=title, lead=NO_MATERIAL, sections=[], citations=[], form=form, length=length,
                     sources=sources, missing=list(plan.missing))
    w = Writer()
    main = plan.documents[0]
    if plan.lead is not None:
        # On a document the topic names, the sapo opens on the document — its name, date, issuer and
        # trích yếu — before its sentence most on the topic (not its "Căn cứ …" clause).
        opening = _document_lead(w, plan.documents, "") + " " if plan.named else ""
        intro = w.intro(plan.lead.doc, 0)
        lead = f"{opening}{intro} {_row_headers(w, plan.lead)}{w.sentence(plan.lead)}."
    elif form == EXPLAINER:
        lead = _document_lead(w, plan.documents, "Dưới đây là những quy định chính của văn bản, trích dẫn theo từng nội dung.")
    elif form == OUTLINE:  # on what it is drawn from, not a table of contents (the blind editor, sealed-topics-8)
        lead = _document_lead(w, plan.documents, "Đề cương nêu những nội dung cần tuyên truyền, mỗi nội dung kèm "
                                                 "trích dẫn nguyên văn.")
    else:
        lead = _document_lead(w, plan.documents, "")
    sections: list[DraftSection] = []
    source_of = _other_sources(plan) if form in (ARTICLE, OUTLINE) else {}
    for part in plan.parts:
        if form == OUTLINE:
            heading = f"{_ROMAN[len(sections)]}. {part.heading.upper()}{source_of.get(id(part), '')}"
        elif form == BRIEF:
            heading = ""  # a news brief has a title and a body, no subheading (the blind editor, sealed-topics-8)
        else:
            heading = f"{part.heading}{source_of.get(id(part), '')}"
        paragraphs = _part_paragraphs(w, part, bullets=form == OUTLINE)
        if not paragraphs:  # every quote of the part was already quoted (a table's rows under a sapo row)
            continue
        if form == BRIEF and sections:
            sections[0].paragraphs.extend(paragraphs)
        else:
            sections.append(DraftSection(heading, paragraphs))
    closing = _closing_paragraphs(w, plan)
    if form == EXPLAINER and closing and sections and sections[-1].heading == IMPLEMENTATION:
        sections[-1].paragraphs.extend(closing)
    elif form == EXPLAINER and closing:
        sections.append(DraftSection("Hiệu lực thi hành", closing))
    elif form == OUTLINE and closing:
        sections.append(DraftSection(f"{_ROMAN[min(len(sections), len(_ROMAN) - 1)]}. HIỆU LỰC THI HÀNH", closing))
    if form == ARTICLE:
        call = _call_to_action(main.doc_type)
        if call:
            closing.append(DraftParagraph(call, []))
        if closing:
            sections.append(DraftSection("Kết luận", closing))
    return Draft(topic=topic, title=title, lead=lead, sections=sections, citations=w.citations, form=form,
                 length=length, sources=sources, notes=notes_of(plan, sources, w.citations, topic),
                 missing=list(plan.missing))
