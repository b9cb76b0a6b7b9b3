"""Extractive answers: the sentences of the retrieved passages that answer the question.

No language model is needed: the answer is one to three sentences (or the items of a list)
quoted verbatim from the best passages, each followed by its marker [n]. Because every
answer sentence *is* a quotation, no claim can be put in a document's mouth; the code
still checks that each quote is a span of its passage before returning.

Which sentence: its IDF-weighted coverage of the question, also counted on the terms the
passage's title and heading do not already cover (what the question asks beyond its topic);
adjacent pairs it keeps; its passage's coverage and retrieval rank; scaled down when it
lacks the figure, date or agent asked for (:mod:`qa.intent`), and a sentence that gives it
leads when it scores at least ``follow_ratio`` of the best. Headings and reference clauses
never take an answer's place, nor does a title block or signature unless the question is
about the document itself; a list question prefers a lead-in with its items.

Which passages: the first few citable ones (twice as many when a figure or date is asked
for and the best sentences have none); only those of the documents the question names
(:class:`AnswerScope`), and only those of documents that mention the places and years it
names. A document known only by metadata is never quoted: who issued it and when is
answered from a sentence of another document that cites it with that detail
("Kết luận số 02-KL/TW ngày 26/4/2016 của Ban Bí thư"); anything else about it is not.

Abstention: when no passage covers enough of the question's specific (high-IDF) terms, when
the nearest passage is too far by the embedder, or when the question is about a document
whose text is not loaded, the answer is the fixed :data:`qa.types.NOT_FOUND` text and the
nearest passages are shown.

The candidate sentences and their signals are computed in :mod:`qa.candidates`; this module
chooses among them and quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from common.config import AnswerPolicy
from common.types import KIND_DISTRIBUTION, KIND_HEADER, KIND_RECIPIENTS, KIND_SIGNATURE, STATUS_METADATA_ONLY
from common.vietnamese.numbers import number_key
from qa.abbreviations import expand_text
from qa.candidates import (
    citing_mentions,
    has_type,
    is_lead_in,
    list_followers,
    locate_section,
    passage_coverage,
    ranked,
    sentence_candidates,
    strip_bullet,
    typed_first,
)
from qa.contrasts import contrast_missing, has_side
from qa.evidence import QueryEvidence
from qa.intent import QuestionIntent, has_substance, mention_form, question_intent
from qa.ranges import bracket_first
from qa.sentence_rank import HandRanker, SentenceCandidate
from qa.sought import Sought
from qa.tables import header_span, is_table_row
from qa.types import NOT_FOUND, Citation, Passage
from qa.units import asked_unit

# Never cited as substance: who a letter is addressed or copied to.
UNCITABLE_KINDS = frozenset({KIND_RECIPIENTS, KIND_DISTRIBUTION})
# Quoted only for a question about a document's issue, basis or signer (or which document …).
TITLE_AND_SIGNATURE = frozenset({KIND_HEADER, KIND_SIGNATURE})


@dataclass
class AnswerScope:
    """The documents a question is about (``qa.retrieval.PreparedQuery``)."""

    doc_ids: list[str]
    # … or documents known only by metadata (their number keys): their content cannot be
    # quoted; who issued them and when can, from the loaded documents that cite them.
    unloaded_keys: list[str] = field(default_factory=list)
    # Documents that mention the places and years the question names ("tỉnh Cà Mau", "năm
    # 2020", :func:`qa.intent.required_mentions`); None when it names none.
    about_doc_ids: set[str] | None = None
    # The places and proper names the question gives (folded forms, ``QuestionConstraints.names``):
    # the row or sentence that names them answers before its neighbours ("dòng Lào", "Bình Phước").
    names: list[tuple[str, ...]] = field(default_factory=list)


def citable(passage: Passage) -> bool:
    return passage.kind not in UNCITABLE_KINDS and passage.status != STATUS_METADATA_ONLY


def quotable_passages(question: str, passages: list[Passage], scope: AnswerScope | None = None) -> list[Passage]:
    """The passages an answer to ``question`` may quote, in rank order (the extractive answer
    and the generator both start from these): citable ones, of the documents the question
    names (or, for a document known only by metadata and a question about who issued it or
    when, those citing it), of documents mentioning its places and years, and with some
    substance besides headings and reference clauses unless those are what it asks for."""
    intent = question_intent(question)
    usable = [p for p in passages if citable(p)]
    if scope is not None and scope.doc_ids:
        usable = [p for p in usable if p.doc_id in scope.doc_ids]
    elif scope is not None and scope.unloaded_keys:
        usable = [p for p in usable if intent.asks_metadata and citing_mentions(p.text, scope.unloaded_keys)]
    if scope is not None and scope.about_doc_ids is not None:
        usable = [p for p in usable if p.doc_id in scope.about_doc_ids]
    # A form's header names the decree it was issued under: a question asking for that number reads it.
    reference = intent.asks_which_document or intent.asks_number
    if not (intent.asks_issue or intent.asks_basis or reference):
        usable = [p for p in usable if has_substance(p.text)]  # only these take a place in the pool
    if not (intent.reads_frame or reference):
        usable = [p for p in usable if p.kind not in TITLE_AND_SIGNATURE]
    return usable


def compose_answer(
    question: str,
    passages: list[Passage],
    evidence: QueryEvidence,
    policy: AnswerPolicy | None = None,
    dense_top: float | None = None,
    scope: AnswerScope | None = None,
    ranker=None,
) -> tuple[str, list[Citation], bool, float]:
    """Pick the answering sentences and cite them.

    :param dense_top: cosine of the question to the nearest passage, when known.
    :param scope: documents the question is about: only their passages are quoted; a
        question about a document whose text is not loaded is not answered from others;
        documents that never mention the place or year it names are not quoted either.
    :param ranker: scores the candidate sentences (:mod:`qa.sentence_rank`); the hand-set
        :class:`~qa.sentence_rank.HandRanker` of ``policy`` when None.
    :returns: (answer text with [n] markers, citations, abstained, evidence score)
    """
    policy = policy or AnswerPolicy()
    ranker = ranker or HandRanker(policy)
    intent = question_intent(question)
    quotable = quotable_passages(question, passages, scope)
    pool = quotable[: policy.passages_considered]
    best_evidence = max((passage_coverage(evidence, p) for p in pool), default=0.0)
    citing = scope.unloaded_keys if scope is not None and not scope.doc_ids and scope.unloaded_keys else None
    sought = Sought.of(question, scope.names if scope is not None else [], asked_unit(mention_form(question)))
    pool, candidates = _ranked_candidates(evidence, quotable, pool, policy, intent, citing, ranker, sought)
    # The dense floor says "nothing indexed is about this"; a question naming a document the
    # library knows is about it whatever the cosine of a short question says.
    named = scope is not None and bool(scope.doc_ids or scope.unloaded_keys)
    too_far = policy.min_dense is not None and dense_top is not None and dense_top < policy.min_dense and not named
    if not candidates or best_evidence < policy.min_evidence or too_far:
        return NOT_FOUND, [], True, best_evidence
    candidates = _answering(candidates, citing)
    if not candidates:
        return NOT_FOUND, [], True, best_evidence
    candidates = typed_first(pool, _labelled_first(pool, candidates, question, intent, policy.list_label_syllables),
                             intent, ranker.lead_ratio)
    candidates = _side_first(pool, candidates, question, intent, ranker.lead_ratio)
    candidates = _bracket_first(pool, candidates, question)
    chosen = _choose(pool, candidates, intent, policy, ranker.follow_ratio, citing)
    answer, citations = _quote(pool, chosen, intent)
    return answer, citations, False, best_evidence


def _bracket_first(pool: list[Passage], candidates: list[SentenceCandidate], question: str) -> list[SentenceCandidate]:
    """The bracket of a schedule that holds the amount the question states ("khoảng 18 tháng")
    first and the schedule's other brackets out, when the best sentence is not it (:mod:`qa.ranges`)."""
    order = bracket_first(question, [pool[c.passage].text[c.start:c.end] for c in candidates],
                          [pool[c.passage].doc_id for c in candidates])
    return candidates if order is None else [candidates[i] for i in order]


def _ranked_candidates(
    evidence: QueryEvidence,
    quotable: list[Passage],
    pool: list[Passage],
    policy: AnswerPolicy,
    intent: QuestionIntent,
    citing: list[str] | None,
    ranker,
    sought: Sought,
) -> tuple[list[Passage], list[SentenceCandidate]]:
    """The pool's candidate sentences, ranked; the pool twice as deep when a figure or a date
    was asked for and the best sentences have none. :returns: (the pool, its candidates)."""
    found = sentence_candidates(evidence, pool, policy, intent, citing, sought=sought)
    candidates = ranked(found, pool, ranker)
    if (intent.wants_quantity or intent.wants_time or intent.asks_number) and not any(map(has_type, candidates[:3])):
        # A figure, a date or a number was asked for and the best sentences have none: look further down
        # (the signals of a sentence do not depend on the passages after its own).
        first, pool = len(pool), quotable[: 2 * policy.passages_considered]
        found += sentence_candidates(evidence, pool, policy, intent, citing, first, sought)
        candidates = ranked(found, pool, ranker)
    return pool, candidates


def _answering(candidates: list[SentenceCandidate], citing: list[str] | None) -> list[SentenceCandidate]:
    """The candidates that may answer on their own."""
    # A lead-in ("… gồm các điều kiện sau:") is quoted with its items or not at all — unless it
    # is quoted for what it says of a document known only by metadata (its number and date).
    candidates = [c for c in candidates if citing or not c.features["lead_in"] or c.followers]
    if citing and any(not c.features["detail_missing"] for c in candidates):
        # Who issued a document known only by metadata, or when: the mentions that carry the
        # asked detail ("Kết luận số 02-KL/TW ngày 26/4/2016 của Ban Bí thư") answer; no learned
        # weight is needed for that, and the labelled questions have too few of them to learn it.
        candidates = [c for c in candidates if not c.features["detail_missing"]]
    return candidates


_NAMES_TEXT = re.compile(r"\b(?:bao cao|bieu|mau|don|to khai|danh sach|phieu|thong tu|nghi dinh|quyet dinh|luat)$")


def _labelled_first(pool: list[Passage], candidates: list[SentenceCandidate], question: str,
                    intent: QuestionIntent, shortest: int) -> list[SentenceCandidate]:
    """A list question naming a field by its label ("vốn đầu tư ban đầu … kê theo những loại nào") is
    answered by the lead-in that is that label ("4. Vốn đầu tư ban đầu:", items below; ``shortest``
    syllables or more, ``answer.list_label_syllables``), the longest such, whatever a list that only holds
    more of the question's words scores ("Hồ sơ đăng ký kinh doanh đối với doanh nghiệp tư nhân bao gồm:"
    led nine opened answers on a form's fields)."""
    if not intent.is_list or not candidates:
        return candidates
    asked = f" {mention_form(question)} "

    def label(c: SentenceCandidate) -> str:
        start, end = strip_bullet(pool[c.passage].text, c.start, c.end)
        text = pool[c.passage].text[start:end].rstrip()
        name = mention_form(text.rstrip(" :")) if text.endswith(":") and c.features.get("list_lead") else ""
        at = asked.find(f" {name} ") if len(name.split()) >= shortest else -1
        # Not the name of the text the question names ("Báo cáo tai nạn lao động …": a section "Tai nạn lao động:")
        return name if at >= 0 and not _NAMES_TEXT.search(asked[:at]) else ""

    labels = [len(label(c)) for c in candidates]
    best = max(range(len(candidates)), key=labels.__getitem__)
    if labels[best] <= labels[0]:
        return candidates
    return [candidates[best], *(c for i, c in enumerate(candidates) if i != best)]


def _side_first(pool: list[Passage], candidates: list[SentenceCandidate], question: str, intent: QuestionIntent,
                ratio: float) -> list[SentenceCandidate]:
    """A sentence on the side of a pair the question asks ("nhập khẩu") leads over a better-scored
    one on the other side only ("xuất khẩu …"), when it scores at least ``ratio`` of it — one
    giving the asked type (a figure …) first —, and the other side's sentences are then not
    quoted beside it: the two share every other word, and the verifier refuses an answer led by
    the other side (:mod:`qa.contrasts`)."""
    asked = expand_text(question)

    def other_side(c: SentenceCandidate) -> bool:
        return bool(contrast_missing(asked, pool[c.passage].text[c.start:c.end]))

    if not candidates:
        return candidates
    if other_side(candidates[0]):
        floor = ratio * candidates[0].score
        sides = [c for c in candidates if c.score >= floor and not other_side(c)
                 and has_side(asked, pool[c.passage].text[c.start:c.end])]
        side = next((c for c in sides if has_type(c)), sides[0] if sides else None)
        if side is None:
            return candidates  # the verifier says what is missing
        candidates = [side, *(c for c in candidates if c is not side)]
    return [candidates[0], *(c for c in candidates[1:] if not other_side(c))]


def _choose(
    passages: list[Passage],
    candidates: list[SentenceCandidate],
    intent: QuestionIntent,
    policy: AnswerPolicy,
    follow: float,
    citing: list[str] | None,
) -> list[tuple[int, int, int]]:
    """The quoted spans (passage index, start, end): the best sentence, then its list's items,
    or the sentences scoring at least ``follow`` of it in document order."""
    best = candidates[0]
    if best.cells:
        # A table's row laid out one cell a line: the cell and the cells beside it that give the asked
        # type are one quote, as a tabbed row is; the row answers, other rows' cells would blur it.
        return [(best.passage, best.start, best.followers[-1][1])]
    chosen: list[tuple[int, int, int]] = [(best.passage, best.start, best.end)]
    said = {_said(passages, chosen[0])}  # a sentence twice (two copies of one text loaded) is quoted once
    if intent.is_list or (not citing and best.features["lead_in"]):
        for start, end in best.followers or list_followers(passages[best.passage], best, policy.max_list_items,
                                                                 policy.field_words):
            key = _said(passages, (best.passage, start, end))
            if (best.passage, start, end) not in chosen and key not in said:
                chosen.append((best.passage, start, end))
                said.add(key)
    if len(chosen) == 1:
        for cand in candidates[1:]:
            if len(chosen) >= policy.max_sentences or cand.score < follow * best.score:
                break
            overlaps = any(p == cand.passage and not (cand.end <= s or cand.start >= e) for p, s, e in chosen)
            # Another row's cells (cand.cells) are not quoted beside the answer: its typed cell is a candidate of its own.
            if overlaps or cand.coverage <= 0 or cand.features["lead_in"] or cand.cells:
                continue
            span = (cand.passage, cand.start, cand.end)
            key = _said(passages, span)
            if key not in said:
                chosen.append(span)
                said.add(key)
        # The best sentence leads; the others follow in document order, which reads naturally.
        chosen[1:] = sorted(chosen[1:], key=lambda c: (c[0], c[1]))  # passage rank, then position
    return chosen


def _said(passages: list[Passage], span: tuple[int, int, int]) -> tuple[str, str]:
    """Which text says what, spacing, bullets and final stop ("./.", a text's last) aside: the key two
    copies of one text share (one number, two files) — and two texts' same boilerplate ("Quyết định
    này có hiệu lực kể từ ngày ký") does not."""
    p, start, end = span
    passage = passages[p]
    said = " ".join(passage.text[start:end].split()).lstrip("-–•+* ").rstrip(" ./;,").lower()
    return number_key(passage.doc_number) if passage.doc_number else passage.doc_id, said


def _quote(
    passages: list[Passage], chosen: list[tuple[int, int, int]], intent: QuestionIntent
) -> tuple[str, list[Citation]]:
    """The answer text with its [n] markers (one line per item for a list or table rows) and
    its citations, checked verbatim."""
    chosen, tabular = _with_table_headers(passages, chosen)
    citations: list[Citation] = []
    number_of: dict[tuple[int, int, int], int] = {}
    parts: list[str] = []
    for p_index, start, end in chosen:
        passage = passages[p_index]
        start, end = strip_bullet(passage.text, start, end)
        quote = passage.text[start:end].strip()
        start = passage.text.index(quote, start)
        end = start + len(quote)
        key = (p_index, start, end)
        if key not in number_of:
            number_of[key] = len(citations) + 1
            citations.append(make_citation(number_of[key], passage, start, end))
        parts.append(f"{quote} [{number_of[key]}]")
    listed = tabular or intent.is_list or is_lead_in(passages[chosen[0][0]].text[chosen[0][1]:chosen[0][2]])
    joiner = "\n" if len(parts) > 1 and listed else " "
    answer = joiner.join(("- " + p if joiner == "\n" else p) for p in parts)
    verify_citations(citations)
    return answer, citations


def _with_table_headers(passages: list[Passage], chosen: list[tuple[int, int, int]]):
    """Each quoted table row preceded by its table's header lines (:mod:`qa.tables`): a figure
    is read with its column. :returns: (the quotes, whether any is a table row)."""
    out: list[tuple[int, int, int]] = []
    tabular = False
    for p_index, start, end in chosen:
        text = passages[p_index].text
        if is_table_row(text[start:end]):
            tabular = True
            span = header_span(text, start)
            if span is not None and (p_index, *span) not in out:
                out.append((p_index, *span))
        out.append((p_index, start, end))
    return out, tabular


def make_citation(n: int, passage: Passage, start: int, end: int) -> Citation:
    section, label = locate_section(passage, start)
    return Citation(
        n=n,
        doc_id=passage.doc_id,
        doc_number=passage.doc_number,
        doc_type=passage.doc_type,
        issued_date=passage.issued_date,
        issuer=passage.issuer,
        citation_label=label,
        section=section,
        quote=passage.text[start:end],
        passage=passage.text,
        source_path=passage.source_path,
        status=passage.status,
        quote_start=start,
        quote_end=end,
    )


def verify_citations(citations: list[Citation]) -> None:
    """Every quote must be a verbatim span of its passage: a broken one is a bug, not a warning.

    :raises AssertionError: a quote that is not where its offsets say.
    """
    for c in citations:
        if not c.quote or c.passage[c.quote_start:c.quote_end] != c.quote:
            raise AssertionError(f"trích dẫn [{c.n}] không khớp nguyên văn đoạn nguồn")
