"""Extractive answers: the sentences of the retrieved passages that answer the question.

No language model is needed: the answer is one to three sentences (or the items of a list)
quoted verbatim from the best passages, each followed by its marker [n]. Because every
answer sentence *is* a quotation, no claim can be put in a document's mouth; the code
still checks that each quote is a span of its passage before returning.

Abstention: when no passage covers enough of the question's specific (high-IDF) terms,
the answer is the fixed :data:`qa.types.NOT_FOUND` text and the nearest passages are shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from common.types import KIND_DISTRIBUTION, KIND_RECIPIENTS, STATUS_METADATA_ONLY
from ingest.sentences import split_list_items, split_sentences
from qa.evidence import QueryEvidence
from qa.types import NOT_FOUND, Citation, Passage

# Never cited as substance: who a letter is addressed or copied to.
UNCITABLE_KINDS = frozenset({KIND_RECIPIENTS, KIND_DISTRIBUTION})
_LIST_QUESTION = re.compile(
    r"\b(những|các|gồm|bao gồm|liệt kê|nhung|cac|gom|liet ke)\b.*\b(gì|nào|gi|nao|ra sao)\b|\b(những gì|nhung gi)\b",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-–•+*]|[a-zđ]\)|\d+(?:\.\d+)*[.)-])\s*")


@dataclass
class AnswerPolicy:
    """Tunable bars, measured on development questions (see bench/README.md), never per question."""

    min_evidence: float = 0.4  # IDF-weighted coverage the best passage (with its context) must reach
    # Cosine of the question to its nearest passage (dense ranking alone) below which nothing
    # in the index is about the question. Calibrated for multilingual-e5-small, whose cosines
    # are compressed (unrelated ≈ 0.76, answering ≈ 0.89); None disables it (other embedders).
    min_dense: float | None = 0.86
    passages_considered: int = 5  # answer sentences come from the top passages only
    max_sentences: int = 3
    max_list_items: int = 6
    follow_ratio: float = 0.6  # extra sentences (up to max_sentences) must score this share of the best
    rank_weight: float = 0.2  # weight of the retrieval rank prior in sentence scores


@dataclass
class _Candidate:
    passage: int  # index into passages
    start: int
    end: int
    score: float
    coverage: float


def passage_coverage(evidence: QueryEvidence, passage: Passage) -> float:
    """Coverage of the question by the passage *with its context*: the document's number,
    trích yếu and section heading answer "theo Nghị quyết 41 …" as much as its sentences do."""
    return evidence.coverage(f"{passage.context}\n{passage.text}")


def is_list_question(question: str) -> bool:
    return bool(_LIST_QUESTION.search(question))


def citable(passage: Passage) -> bool:
    return passage.kind not in UNCITABLE_KINDS and passage.status != STATUS_METADATA_ONLY


def _sentence_candidates(evidence: QueryEvidence, passages: list[Passage], policy: AnswerPolicy) -> list[_Candidate]:
    out: list[_Candidate] = []
    for i, passage in enumerate(passages[: policy.passages_considered]):
        if not citable(passage):
            continue
        prior = policy.rank_weight / (1 + i)  # the fused retrieval rank is evidence too
        passage_cov = passage_coverage(evidence, passage)
        for start, end in split_sentences(passage.text):
            sentence = passage.text[start:end]
            cov = evidence.coverage(sentence)
            score = cov + 0.3 * evidence.phrase_bonus(sentence) + 0.3 * passage_cov + prior
            out.append(_Candidate(i, start, end, score, cov))
    out.sort(key=lambda c: -c.score)
    return out


def _strip_bullet(text: str, start: int, end: int) -> tuple[int, int]:
    """Quote an item without its leading bullet or number (still a verbatim span)."""
    m = _BULLET.match(text[start:end])
    if m and start + m.end() < end:
        start += m.end()
    return start, end


def _list_followers(passage: Passage, best: _Candidate, limit: int) -> list[tuple[int, int]]:
    """Items that follow a sentence ending in ':' (or the items of a ';' list) in its passage."""
    text = passage.text
    sentence = text[best.start:best.end].rstrip()
    spans: list[tuple[int, int]] = []
    if sentence.endswith(":"):
        for start, end in split_sentences(text):
            if start >= best.end and len(spans) < limit:
                spans.append((start, end))
    elif sentence.count(";") >= 2:
        spans = [s for s in split_list_items(text, best.start, best.end)][:limit]
        return spans
    return spans


def compose_answer(
    question: str,
    passages: list[Passage],
    evidence: QueryEvidence,
    policy: AnswerPolicy = AnswerPolicy(),
    dense_top: float | None = None,
) -> tuple[str, list[Citation], bool, float]:
    """Pick the answering sentences and cite them.

    :param dense_top: cosine of the question to the nearest passage, when known.
    :returns: (answer text with [n] markers, citations, abstained, evidence score)
    """
    usable = [p for p in passages[: policy.passages_considered] if citable(p)]
    best_evidence = max((passage_coverage(evidence, p) for p in usable), default=0.0)
    candidates = _sentence_candidates(evidence, passages, policy)
    too_far = policy.min_dense is not None and dense_top is not None and dense_top < policy.min_dense
    if not candidates or best_evidence < policy.min_evidence or too_far:
        return NOT_FOUND, [], True, best_evidence

    best = candidates[0]
    chosen: list[tuple[int, int, int]] = [(best.passage, best.start, best.end)]
    if is_list_question(question):
        for start, end in _list_followers(passages[best.passage], best, policy.max_list_items):
            if (best.passage, start, end) not in chosen:
                chosen.append((best.passage, start, end))
    if len(chosen) == 1:
        for cand in candidates[1:]:
            if len(chosen) >= policy.max_sentences or cand.score < policy.follow_ratio * best.score:
                break
            overlaps = any(p == cand.passage and not (cand.end <= s or cand.start >= e) for p, s, e in chosen)
            if not overlaps and cand.coverage > 0:
                chosen.append((cand.passage, cand.start, cand.end))
        # Keep document order inside a passage so a multi-sentence answer reads naturally.
        chosen.sort(key=lambda c: (c[0], c[1]))  # passage rank, then position

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
    joiner = "\n" if len(parts) > 1 and is_list_question(question) else " "
    answer = joiner.join(("- " + p if joiner == "\n" else p) for p in parts)
    verify_citations(citations)
    return answer, citations, False, best_evidence


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
