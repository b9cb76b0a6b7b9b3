"""Answer verification: the stage between composing an answer and showing it.

The composer (:mod:`qa.answer`) picks the sentences that best cover the question; this
stage checks that what they quote meets what the question requires
(:class:`~qa.constraints.QuestionConstraints`) — the documents and articles it names, its
years and numbered entities, places and agencies, and the kind of fact it asks for (a
figure, a date) — and otherwise turns the answer into an abstention that says what is
missing (:class:`AbstainReason`, the ``abstain_reason`` of ``ask --json``). The asked fact
lifted from a passing answer's lead quote is :mod:`qa.direct`'s.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace

from common.vietnamese.normalize import fold_term
from qa.abbreviations import expand_text
from qa.answer import AnswerScope, quotable_passages
from qa.asked_fact import fact_unmet, first_quote
from qa.constraints import YEAR_RANGE, QuestionConstraints, Requirement
from qa.contrasts import contrast_missing
from qa.qualifiers import PASSAGE_KINDS, contradicts, evidence_form, unmet
from qa.evidence import QueryEvidence, question_terms
from qa.frame import frame_question, states_signing
from qa.intent import mention_form
from qa.tables import header_span, is_header, is_key_value, is_table_row, table_frame
from qa.types import NOT_FOUND, Citation, Passage

# What a quoted table row must meet in its own table (row, headers, caption), not elsewhere in its
# passage: a passage of statistics holds several tables, each for its own place and day.
ROW_KINDS = ("place", "date", "year", "numbered")
# Codes of docs/CLI.md.
NO_EVIDENCE = "no_evidence"
DOCUMENT_NOT_LOADED = "document_not_loaded"
ARTICLE_NOT_FOUND = "article_not_found"
CONSTRAINT_UNMET = "constraint_unmet"


@dataclass
class AbstainReason:
    """Why an answer abstains: a code for scripts, a Vietnamese message for the user, and
    what the question asks that no passage has."""

    code: str
    message: str
    missing: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    def answer_text(self) -> str:
        """The answer shown: the standard sentence first (docs/CLI.md), then the reason."""
        return f"{NOT_FOUND} {self.message}".strip()


def admissible(
    constraints: QuestionConstraints, passages: list[Passage], about=None, opening_chars: int = 500
) -> list[Passage]:
    """The passages that meet every requirement of the question, in rank order — and that do
    not speak only of the other side of a pair the question names (:mod:`qa.contrasts`: the
    exports table for a question on imports).

    :param about: a document's folded text by doc_id (:func:`qa.constraints.unmet`)."""
    asked = expand_text(constraints.question)
    return [p for p in passages
            if not (constraints.requirements and unmet(constraints, p, about, opening_chars=opening_chars))
            and not contrast_missing(asked, f"{p.context}\n{p.text}")]


def _listing(items: list[str]) -> str:
    return ", ".join(f"“{x}”" for x in items)


def unmet_reason(
    constraints: QuestionConstraints, nearest: Passage, about=None, kinds: tuple[str, ...] = PASSAGE_KINDS,
    opening_chars: int = 500,
) -> AbstainReason:
    """The reason when passages about the subject exist but none meets the qualifiers: what
    the nearest one lacks."""
    missing = [r.label for r in unmet(constraints, nearest, about, kinds, opening_chars)]
    missing += contrast_missing(expand_text(constraints.question), f"{nearest.context}\n{nearest.text}")
    return AbstainReason(
        CONSTRAINT_UNMET,
        f"Đoạn gần nhất ({nearest.citation_label}) không nói đến {_listing(missing)}.",
        missing,
    )


def missing_terms(evidence: QueryEvidence, passage: Passage | None, limit: int = 3) -> list[str]:
    """The question's words that the best passage lacks, as the phrases they form in the question,
    most specific first: missing syllables side by side in the question (a stopword or a found
    syllable between them ends a phrase — "Tỉnh có bao nhiêu nhà máy" lacking both is "tỉnh" and
    "nhà máy", not "tỉnh nhà máy"), an edge not bound inside its phrase widened by the found neighbour
    the corpus writes with it as one word — a lone syllable by the more common of its two ("Dương"
    of "Bình Dương", "nồng" of "nồng độ"): a reason names words, not half of one."""
    text = f"{passage.context}\n{passage.text}" if passage is not None else ""
    found = evidence.matched(text) if text else frozenset()
    toks = question_terms(evidence.question)
    lacking = [t in evidence.weights and t not in found for t in toks]
    written = {pair: idf for pair, idf, _typed in evidence.phrases}

    def bound(i: int) -> float:  # how rare a compound toks[i] and toks[i + 1] make in the corpus (0: none)
        return written.get((fold_term(toks[i]), fold_term(toks[i + 1])), 0.0) if 0 <= i < len(toks) - 1 else 0.0

    runs: list[tuple[int, int]] = []
    for i, miss in enumerate(lacking):
        if miss and runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        elif miss:
            runs.append((i, i + 1))
    phrases: dict[str, float] = {}
    for a, b in runs:
        weight = sum(evidence.weights[t] for t in toks[a:b])
        # An edge syllable not bound inside the phrase takes the neighbour it is written with; a lone
        # syllable, the one of its two it is written with more often ("nồng độ", not "vi phạm nồng").
        left, right = bound(a - 1), bound(b - 1)
        # … unless that neighbour belongs to its own other side more often ("kinh tế" keeps its "tế": "Mỹ" alone)
        left = left if not bound(a - 2) or left <= bound(a - 2) else 0.0
        right = right if not bound(b) or right <= bound(b) else 0.0
        lone = a + 1 == b
        if lone and left and right:
            left, right = (left, 0.0) if left <= right else (0.0, right)
        a -= 1 if left and (lone or not bound(a)) else 0
        b += 1 if right and (lone or not bound(b - 2)) else 0
        phrase = " ".join(toks[a:b])
        phrases[phrase] = max(weight, phrases.get(phrase, 0.0))
    ranked = sorted(phrases, key=lambda p: -phrases[p])
    return [as_asked(evidence.question, p) for p in ranked[:limit]]


def as_asked(question: str, phrase: str) -> str:
    """``phrase`` (lower-cased terms) as the question writes it: a document's number is read back as
    typed ("04/2004/TT-BLĐTBXH", not "04/2004/tt-blđtbxh"); the phrase itself when the question does
    not hold it so (terms joined across punctuation)."""
    m = re.search(re.escape(phrase), question, re.IGNORECASE)
    return m.group(0) if m else phrase


def no_evidence_reason(evidence: QueryEvidence, nearest: Passage | None) -> AbstainReason:
    missing = missing_terms(evidence, nearest)
    if nearest is None:
        return AbstainReason(NO_EVIDENCE, "Không có đoạn văn bản nào đủ gần với câu hỏi.", missing)
    detail = f" không nói đến {_listing(missing)}" if missing else " không đủ khớp với câu hỏi"
    return AbstainReason(NO_EVIDENCE, f"Đoạn gần nhất ({nearest.citation_label}){detail}.", missing)


def reference_reason(prepared, constraints: QuestionConstraints, articles_of, title_of) -> AbstainReason | None:
    """A document the library does not know at all, an article past the end of the named
    one, or who signed a document known only by metadata (no citing text says so).

    :param prepared: the question's :class:`qa.retrieval.PreparedQuery`.
    :param articles_of: a document's article numbers by doc_id; ``title_of``: its title.
    """
    if (prepared.scope_unloaded_keys and not prepared.scope_doc_ids
            and frame_question(prepared.restored or prepared.cleaned) == "signer"):
        return AbstainReason(DOCUMENT_NOT_LOADED, " ".join(prepared.notes) + " Không có thông tin về người ký.", [])
    if prepared.unknown_refs:
        named, nearest = prepared.unknown_refs[0]
        near = f" Văn bản đã nạp có số gần nhất: {nearest}." if nearest else ""
        return AbstainReason(DOCUMENT_NOT_LOADED, f"Chưa nạp văn bản “{named}”.{near}", [named])
    if not (constraints.articles and prepared.scope_doc_ids):
        return None
    for article in constraints.articles:
        held = {doc_id: articles_of(doc_id) for doc_id in prepared.scope_doc_ids}
        if any(article in numbers for numbers in held.values()):
            continue
        doc_id, numbers = max(held.items(), key=lambda kv: max(kv[1], default=0))
        count = f"có {max(numbers)} điều" if numbers else "không chia theo điều"
        return AbstainReason(ARTICLE_NOT_FOUND, f"{title_of(doc_id)} {count}; không có Điều {article}.",
                             [f"Điều {article}"])
    return None


# The parts of a policy text a question asks for by name ("những giải pháp gì", "phần nhiệm vụ", "trong
# tổ chức thực hiện"): the sections of a Party resolution, a programme or a plan.
DOCUMENT_PARTS = ("tình hình", "quan điểm", "mục tiêu", "nhiệm vụ", "giải pháp", "tổ chức thực hiện")
# "các tổ chức thực hiện nghĩa vụ …" is organisations doing something, not the part (folded forms).
_ASKED_PART = {"tổ chức thực hiện": r"(?<!cac )(?<!nhung )(?<!moi )\bto chuc thuc hien\b"}


def partial_reason(prepared, digest_text, name_of) -> AbstainReason | None:
    """A question on a document whose loaded text is only a digest of part of it (41-NQ/TW: part I
    and four of five viewpoints), asking for a part the digest holds nowhere ("nhiệm vụ, giải pháp",
    "tổ chức thực hiện"): the full text has it, the library does not — the nearest passage of the
    digest would answer another part as if it were the one asked.

    :param digest_text: a document's folded text and metadata when its loaded text is a digest, else None;
        ``name_of``: its short name ("Nghị quyết 41-NQ/TW").
    """
    docs = prepared.scope_doc_ids
    held = [digest_text(d) for d in docs] if docs else []
    if not held or any(text is None for text in held):  # an original is loaded: it answers or not itself
        return None
    asked = mention_form(prepared.restored or prepared.cleaned)
    missing = [part for part in DOCUMENT_PARTS if re.search(_ASKED_PART.get(part, rf"\b{mention_form(part)}\b"), asked)
               and not any(re.search(rf"\b{mention_form(part)}\b", text) for text in held)]
    if not missing:
        return None
    return AbstainReason(DOCUMENT_NOT_LOADED, f"Văn bản đã nạp của {name_of(docs[0])} chỉ là bản tóm lược một phần, "
                         f"không có phần {_listing(missing)}; cần nạp toàn văn.", missing)


def documents_reason(question: str, passages: list[Passage], scope, quotable: list[Passage],
                     constraints: QuestionConstraints, about, opening_chars: int = 500) -> AbstainReason | None:
    """Passages on the subject exist, but none of their documents mentions the place or year
    the question names (``scope.about_doc_ids`` left nothing quotable): say which."""
    if quotable or scope.about_doc_ids is None:
        return None
    unscoped = quotable_passages(question, passages, AnswerScope(scope.doc_ids, scope.unloaded_keys))
    if not unscoped:
        return None
    return unmet_reason(constraints, unscoped[0], about, kinds=("place", "year"), opening_chars=opening_chars)


def _passage_of(citation: Citation, passages: list[Passage]) -> Passage | None:
    return next((p for p in passages if p.doc_id == citation.doc_id and p.text == citation.passage), None)


def _article_met(req: Requirement, citation: Citation, passage: Passage | None) -> bool:
    """An article is met where the quote sits in it: the quote's own label, or its passage's."""
    where = mention_form(" ".join([citation.citation_label, citation.section, passage.citation_label if passage else ""]))
    return bool(re.search(rf"\bdieu\s+0*{req.value}\b", where))


def verify_answer(
    constraints: QuestionConstraints, citations: list[Citation], passages: list[Passage], about=None,
    opening_chars: int = 500, query: QueryEvidence | None = None, text_of=None,
) -> AbstainReason | None:
    """None when the answer meets the question's constraints, else why it does not.

    Requirements are checked on the lead quote's passage (with its context and metadata):
    the first sentence is the answer, the others support it. A figure or a date asked for
    must be in one of the quotes.
    """
    if not citations:
        return None
    lead = citations[0]
    passage = _passage_of(lead, passages)
    evidence = evidence_form(passage) if passage is not None else mention_form(lead.passage + lead.citation_label)
    kinds = tuple(k for k in PASSAGE_KINDS if k != "article")  # an article is met where the quote sits
    failed = {id(r) for r in unmet(constraints, passage, about, kinds, opening_chars)} if passage is not None else set()
    missing: list[str] = []
    for req in constraints.requirements:
        if req.kind == "article":
            if not _article_met(req, lead, passage):
                missing.append(req.label)
        elif req.kind not in kinds:
            continue
        elif id(req) in failed or (passage is None and not any(f in evidence for f in req.forms)):
            missing.append(req.label)
    missing += [label for label in _row_unmet(constraints, citations, passages, about, opening_chars, text_of)
                if label not in missing]
    missing += _contrast_unmet(constraints.question, citations, passages)
    if query is not None:
        missing += [term for term in _row_not_quoted(query, citations, passages) if term not in missing]
    intent = constraints.intent
    if intent.asks_signer and not any(states_signing(c.quote) for c in citations):
        missing.append("người ký")
    missing += fact_unmet(constraints, citations, lead, passage)
    if not missing:
        return None
    return AbstainReason(
        CONSTRAINT_UNMET,
        f"Đoạn gần nhất ({lead.citation_label}) không nói đến {_listing(missing)}.",
        missing,
    )


def _contrast_unmet(question: str, citations: list[Citation], passages: list[Passage]) -> list[str]:
    """The side of a sibling pair the question asks ("nhập khẩu") where the answer's first quote
    — read with its heading, or a table row with its table's caption and headers — names only
    the other side ("xuất khẩu") (:mod:`qa.contrasts`)."""
    lead = first_quote(citations)
    if lead is None:
        return []
    passage = _passage_of(lead, passages)
    frame = table_frame(passage.text, lead.quote_start) if passage is not None and is_table_row(lead.quote) else ""
    context = passage.context if passage is not None else ""
    asked = expand_text(question)  # "NK" is "nhập khẩu"
    # The quote's own words first: a heading on both sides ("Tình hình xuất nhập khẩu") does not
    # make a sentence on imports answer for exports; the heading speaks for a quote naming neither.
    own = contrast_missing(asked, lead.quote)
    return own + [m for m in contrast_missing(asked, f"{context}\n{frame}\n{lead.quote}") if m not in own]


def _row_not_quoted(evidence: QueryEvidence, citations: list[Citation], passages: list[Passage]) -> list[str]:
    """When the answer is read from a table and no quoted row holds any word of the question
    beyond the table's frame (its document, heading, caption and column headers: what it says
    of every row), the most specific of those words: the row asked for ("sang Myanmar", "hình
    thức BOT") is not among the rows quoted (Irắc, Liên doanh), and their figures are other
    rows'. [] when the answer is no table row, or a quoted row holds one of them. (Requiring
    the most specific word itself in a row refused 45 right table answers of the opened sets,
    whose rarest word was an abbreviation or a caption's; any word refuses none.)"""
    lead = first_quote(citations)
    passage = _passage_of(lead, passages) if lead is not None else None
    if passage is None or not (is_table_row(lead.quote) or is_key_value(lead.quote)):
        return []
    # A "label<tab>: value" line is a row of one: its label is what its value is for ("Kết hôn : Nghỉ
    # 03 ngày" gives no duration of unemployment insurance).
    rows = [c.quote for c in citations if (is_table_row(c.quote) or is_key_value(c.quote)) and not is_header(c.quote)]
    frame = table_frame(passage.text, lead.quote_start) if is_table_row(lead.quote) else ""
    given = evidence.matched(f"{passage.context}\n{frame}")
    asked = [t for t in evidence.terms if t not in given]
    if not asked:
        return []
    if any(evidence.matched(row) & set(asked) for row in rows):
        return []
    return [max(asked, key=lambda t: evidence.weights[t])]


def _row_unmet(constraints: QuestionConstraints, citations: list[Citation], passages: list[Passage], about,
               opening_chars: int, text_of=None) -> list[str]:
    """When the answer is a table row, the question's places, days, years and numbered
    periods that no quoted row's own table states for it (:func:`qa.tables.table_frame`): a
    row of the by-country table does not answer for a province, a table "tính tới ngày
    31/7/2005" does not answer "tính đến 31/12/2006". One quoted row that meets them all is
    enough (the rows of 2001 and 2002 quoted together answer "năm 2001")."""
    lead = first_quote(citations)
    if lead is None or not is_table_row(lead.quote) or not any(r.kind in ROW_KINDS for r in constraints.requirements):
        return []  # a prose answer is checked on its passage (verify_answer)
    unmet_by_row = []
    for row in citations:
        passage = _passage_of(row, passages)
        if passage is None or is_header(row.quote) or not is_table_row(row.quote):
            continue
        frame = _whole_table_frame(passage, row.quote_start, text_of)
        table = replace(passage, text=f"{frame}\n{row.quote}")
        labels = [r.label for r in unmet(constraints, table, about, ROW_KINDS, opening_chars)]
        # The table's own year (its caption and headers, not a row's words: "… đến năm 2010", a
        # project's "2004 - 2007") beats its document's: a table headed "NĂM 2004" in a decision of 2005
        # does not answer for 2005. A caption outside the chunk speaks in its heading (the context):
        # "danh mục đầu tư Năm 2006" was quoted for "dự toán năm 2007" (five helpers' near miss).
        caption = mention_form(f"{frame}\n{_NUMBERED_OR_DATED.sub(' ', passage.context)}")
        named = mention_form(YEAR_RANGE.sub(" ", row.quote))  # a row naming the year ("… đến năm 2010") is about it
        labels += [r.label for r in constraints.requirements if r.label not in labels and contradicts(r, caption)
                   and not (r.kind == "year" and re.search(rf"(?<!\d){r.value}(?!\d)", named))]
        if not labels:
            return []
        unmet_by_row.append(labels)
    return unmet_by_row[0] if unmet_by_row else []


def _whole_table_frame(passage: Passage, start: int, text_of) -> str:
    """A row's frame, read in its whole document when its passage begins below the column headers
    ("Thực hiện năm 2001 | Ước TH năm 2002 | Kế hoạch năm 2003" a chunk above: a row of it was
    quoted for "thực hiện năm 2000", the document naming 2000 elsewhere)."""
    whole = text_of(passage.doc_id) if text_of is not None and header_span(passage.text, start) is None else ""
    at = whole.find(passage.text) if whole else -1
    return table_frame(whole, at + start) if at >= 0 else table_frame(passage.text, start)


_NUMBERED_OR_DATED = re.compile(r"\S*\d/(?:19|20)\d\d\S*")  # "38/2005/QĐ-UBND", "23/9/2005": no year of a table
