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
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from common.config import AnswerPolicy
from common.types import KIND_DISTRIBUTION, KIND_HEADER, KIND_RECIPIENTS, KIND_SIGNATURE, STATUS_METADATA_ONLY
from common.vietnamese.mentions import find_doc_numbers
from common.vietnamese.numbers import number_matches
from common.vietnamese.sentences import split_list_items, split_sentences
from ingest.pages import label_without_page
from qa.evidence import QueryEvidence
from qa.intent import (
    QuestionIntent,
    has_agent,
    has_figure,
    has_substance,
    has_time,
    is_heading,
    is_place_date_line,
    is_reference_clause,
    question_intent,
)
from qa.tables import header_span, is_table_row
from qa.sentence_rank import HandRanker, SentenceCandidate
from qa.types import NOT_FOUND, Citation, Passage

# Never cited as substance: who a letter is addressed or copied to.
UNCITABLE_KINDS = frozenset({KIND_RECIPIENTS, KIND_DISTRIBUTION})
# Quoted only for a question about a document's issue, basis or signer (or which document …).
TITLE_AND_SIGNATURE = frozenset({KIND_HEADER, KIND_SIGNATURE})
_LEAD_IN = re.compile(r"(:|\b(như sau|sau đây)\s*[.:]?)\s*$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-–•+*]|[a-zđ]\)|\d+(?:\.\d+)*[.)-])\s*")


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


def passage_coverage(evidence: QueryEvidence, passage: Passage) -> float:
    """Coverage of the question by the passage *with its context*: the document's number,
    trích yếu and section heading answer "theo Nghị quyết 41 …" as much as its sentences do."""
    return evidence.coverage(f"{passage.context}\n{passage.text}")


def citing_mentions(text: str, number_keys: list[str]) -> list:
    """The mentions in ``text`` of these documents (by number, in any spelling), each with
    the date and issuer written next to it: "Kết luận số 02-KL/TW ngày 26/4/2016 của Ban Bí thư"."""
    return [c for c in find_doc_numbers(text) if any(number_matches(c.number_key, key) for key in number_keys)]


def is_lead_in(sentence: str) -> bool:
    """A sentence that announces a list: "… bao gồm:", "… được tóm lược như sau."."""
    return bool(_LEAD_IN.search(sentence.rstrip()))


def citable(passage: Passage) -> bool:
    return passage.kind not in UNCITABLE_KINDS and passage.status != STATUS_METADATA_ONLY


def _sentence_candidates(
    evidence: QueryEvidence,
    pool: list[Passage],
    policy: AnswerPolicy,
    intent: QuestionIntent,
    citing: list[str] | None = None,
    first: int = 0,
) -> list[SentenceCandidate]:
    """Every sentence of the pool's passages from index ``first`` on, with its signals
    (:mod:`qa.sentence_rank`), unscored. Headings are never candidates.

    :param citing: number keys of documents known only by metadata that the question asks
        about: only sentences naming one of them can say who issued it or when (and a
        place-and-date line is then the citing document's own, not an answer).
    """
    out: list[SentenceCandidate] = []
    numbers = [t for t in evidence.terms if any(ch.isdigit() for ch in t)]
    rarest = max(evidence.weights, key=evidence.weights.get) if evidence.weights else None
    for i, passage in enumerate(pool[first:], start=first):
        prior = policy.rank_weight / (1 + i)  # the fused retrieval rank is evidence too
        passage_cov = passage_coverage(evidence, passage)
        topic = evidence.matched(passage.context)  # what the title and heading already say
        spans = split_sentences(passage.text)
        previous = ""
        for index, (start, end) in enumerate(spans):
            sentence = passage.text[start:end]
            before, previous = previous, sentence
            mentions = citing_mentions(sentence, citing) if citing else []
            if citing and not mentions:
                continue
            place_date = intent.asks_issue and not citing and is_place_date_line(sentence)
            if not place_date and is_heading(sentence):
                continue
            cov = evidence.coverage(sentence)
            lead_in = is_lead_in(sentence)
            candidate = SentenceCandidate(i, start, end, {}, 1.0 if place_date else cov)
            followers = _list_followers(passage, candidate, policy.max_list_items) if lead_in else []
            list_lead = intent.is_list and lead_in and bool(followers)
            lead = f"{_local_heading(passage, start)}\n{sentence}" if list_lead else ""
            matched = evidence.matched(sentence) if (numbers or rarest) else frozenset()
            candidate.followers = followers
            candidate.features = {
                "coverage": cov,
                "focus": evidence.coverage(sentence, given=topic) if topic else cov,
                "pairs": evidence.phrase_bonus(sentence),
                "passage_coverage": passage_cov,
                "rank_prior": prior,
                "list_lead": float(list_lead),
                "lead_coverage": evidence.coverage(lead) if list_lead else 0.0,
                "lead_pairs": evidence.phrase_bonus(lead) if list_lead else 0.0,
                "type_missing": float(not _gives_type(sentence, intent)),
                # Who issued it / when: the mention itself must carry the issuer / the date.
                "detail_missing": float(bool(citing) and not any(
                    c.issued_date if intent.wants_time else c.issuer for c in mentions)),
                "reference_clause": float(not (intent.asks_basis or intent.asks_which_document)
                                          and is_reference_clause(sentence)),
                "place_date": float(place_date),
                "numbers_found": sum(1 for t in numbers if t in matched) / len(numbers) if numbers else 0.0,
                "rarest_found": float(rarest in matched) if rarest else 0.0,
                "context_coverage": evidence.coverage(f"{before} {sentence}") if before else cov,
                "phrase_share": evidence.phrase_coverage(sentence)[0],
                "length": math.log1p(len(sentence)) / 5,
                "position": index / max(1, len(spans) - 1),
                "table_row": float(is_table_row(sentence)),
                "list_item": float(bool(_BULLET.match(sentence))),
                "has_figure": float(has_figure(sentence)),
                "lead_in": float(lead_in),
                "items_coverage": evidence.coverage(" ".join([sentence, *(passage.text[a:b] for a, b in followers)]))
                if followers else cov,
            }
            out.append(candidate)
    return out


def _ranked(candidates: list[SentenceCandidate], pool: list[Passage], ranker) -> list[SentenceCandidate]:
    """The candidates scored by ``ranker``, best first."""
    ranker.score(candidates, pool)
    return sorted(candidates, key=lambda c: -c.score)


def _gives_type(sentence: str, intent: QuestionIntent) -> bool:
    """The sentence gives what the question asks for: a figure, a date, an agent."""
    return (
        (not intent.wants_quantity or has_figure(sentence))
        and (not intent.wants_time or has_time(sentence))
        and (not intent.wants_agent or has_agent(sentence))
    )


def _has_type(pool: list[Passage], c: SentenceCandidate, intent: QuestionIntent) -> bool:
    return _gives_type(pool[c.passage].text[c.start : c.end], intent)


def _typed_first(
    pool: list[Passage], candidates: list[SentenceCandidate], intent: QuestionIntent, ratio: float
) -> list[SentenceCandidate]:
    """The best sentence that gives what was asked (a figure, a date, an agent) leads when it
    scores at least ``ratio`` of the best one: a sentence that only restates the question's
    words with more of them should follow it, not take its place."""
    if not candidates or _has_type(pool, candidates[0], intent):
        return candidates
    floor = ratio * candidates[0].score
    typed = next((c for c in candidates if c.score >= floor and _has_type(pool, c, intent)), None)
    if typed is None:
        return candidates
    return [typed, *(c for c in candidates if c is not typed)]


def _strip_bullet(text: str, start: int, end: int) -> tuple[int, int]:
    """Quote an item without its leading bullet or number (still a verbatim span)."""
    m = _BULLET.match(text[start:end])
    if m and start + m.end() < end:
        start += m.end()
    return start, end


def _list_followers(passage: Passage, best: SentenceCandidate, limit: int) -> list[tuple[int, int]]:
    """Items that follow a sentence ending in ':' (or the items of a ';' list) in its passage.

    The items end where the lead-in's section ends: a following section that is not inside
    it (its citation label does not extend the lead-in's) or a heading closes the list.
    """
    text = passage.text
    sentence = text[best.start:best.end].rstrip()
    spans: list[tuple[int, int]] = []
    if is_lead_in(sentence):
        lead_label = label_without_page(locate_section(passage, best.start)[1])
        for start, end in split_sentences(text):
            if start < best.end:
                continue
            if len(spans) >= limit or is_heading(text[start:end]) or not label_without_page(
                    locate_section(passage, start)[1]).endswith(lead_label):
                break
            spans.append((start, end))
    elif sentence.count(";") >= 2:
        spans = [s for s in split_list_items(text, best.start, best.end)][:limit]
        return spans
    return spans


def _local_heading(passage: Passage, start: int) -> str:
    """The heading line of the numbered section a sentence is in, when it is a heading line
    of its own ("Điều 13. Hồ sơ đăng ký kinh doanh"): it names what the section lists."""
    heading_at = 0
    for offset, _section, _label in passage.spans:
        if offset <= start:
            heading_at = offset
        else:
            break
    if heading_at >= start:
        return ""
    line = passage.text[heading_at:start].split("\n", 1)[0]
    return line if is_heading(line) else ""


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
    if not (intent.asks_issue or intent.asks_basis or intent.asks_which_document):
        usable = [p for p in usable if has_substance(p.text)]  # only these take a place in the pool
    if not (intent.reads_frame or intent.asks_which_document):
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
    found = _sentence_candidates(evidence, pool, policy, intent, citing)
    candidates = _ranked(found, pool, ranker)
    if (intent.wants_quantity or intent.wants_time) and not any(_has_type(pool, c, intent) for c in candidates[:3]):
        # A figure or a date was asked for and the best sentences have none: look further down
        # (the signals of a sentence do not depend on the passages after its own).
        first, pool = len(pool), quotable[: 2 * policy.passages_considered]
        found += _sentence_candidates(evidence, pool, policy, intent, citing, first)
        candidates = _ranked(found, pool, ranker)
    # The dense floor says "nothing indexed is about this"; a question naming a document the
    # library knows is about it whatever the cosine of a short question says.
    named = scope is not None and bool(scope.doc_ids or scope.unloaded_keys)
    too_far = policy.min_dense is not None and dense_top is not None and dense_top < policy.min_dense and not named
    if not candidates or best_evidence < policy.min_evidence or too_far:
        return NOT_FOUND, [], True, best_evidence
    passages = pool  # candidate indexes point into the pool

    # A lead-in ("… gồm các điều kiện sau:") is quoted with its items or not at all — unless it
    # is quoted for what it says of a document known only by metadata (its number and date).
    candidates = [c for c in candidates if citing or not c.features["lead_in"] or c.followers]
    if citing and any(not c.features["detail_missing"] for c in candidates):
        # Who issued a document known only by metadata, or when: the mentions that carry the
        # asked detail ("Kết luận số 02-KL/TW ngày 26/4/2016 của Ban Bí thư") answer; no learned
        # weight is needed for that, and the labelled questions have too few of them to learn it.
        candidates = [c for c in candidates if not c.features["detail_missing"]]
    if not candidates:
        return NOT_FOUND, [], True, best_evidence
    candidates = _typed_first(pool, candidates, intent, ranker.lead_ratio)
    follow = ranker.follow_ratio
    best = candidates[0]
    chosen: list[tuple[int, int, int]] = [(best.passage, best.start, best.end)]
    if intent.is_list or (not citing and best.features["lead_in"]):
        for start, end in best.followers or _list_followers(passages[best.passage], best, policy.max_list_items):
            if (best.passage, start, end) not in chosen:
                chosen.append((best.passage, start, end))
    if len(chosen) == 1:
        for cand in candidates[1:]:
            if len(chosen) >= policy.max_sentences or cand.score < follow * best.score:
                break
            overlaps = any(p == cand.passage and not (cand.end <= s or cand.start >= e) for p, s, e in chosen)
            if not overlaps and cand.coverage > 0 and not cand.features["lead_in"]:
                chosen.append((cand.passage, cand.start, cand.end))
        # The best sentence leads; the others follow in document order, which reads naturally.
        chosen[1:] = sorted(chosen[1:], key=lambda c: (c[0], c[1]))  # passage rank, then position

    chosen, tabular = _with_table_headers(passages, chosen)
    citations: list[Citation] = []
    number_of: dict[tuple[int, int, int], int] = {}
    parts: list[str] = []
    for p_index, start, end in chosen:
        passage = passages[p_index]
        start, end = _strip_bullet(passage.text, start, end)
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
    return answer, citations, False, best_evidence


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


def locate_section(passage: Passage, offset: int) -> tuple[str, str]:
    """(section, citation label) of the numbered section holding ``offset`` of the passage."""
    section, label = passage.section, passage.citation_label
    for span_offset, span_section, span_label in passage.spans:
        if span_offset <= offset:
            section, label = span_section, span_label
        else:
            break
    return section, label


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
