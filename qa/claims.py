"""Checking a generated answer claim by claim: only what a cited passage supports is kept.

A chat model (:mod:`qa.generate`) proposes an answer whose sentences end with the [n] of the
passages it was shown; a language model also invents, so :func:`check_answer` keeps a
sentence only when a cited passage supports it —

* lexically: the IDF-weighted share of the sentence's content terms found in the passage
  (:class:`qa.evidence.QueryEvidence`) reaches ``min_support``, and every number in the
  sentence (a year, a percentage, a document number) is written in a clause of the passage
  that says what the sentence says (:mod:`qa.figures`); a sentence of the passage that gives
  the model orders is no evidence (:mod:`qa.injection`); the lexical checks are
  :mod:`qa.support`;
* by meaning, when an ``embed`` function is given: the cosine of sentence and passage (or
  of sentence and its supporting passage sentence) reaches ``min_cosine``. e5 cosines are
  compressed (unrelated ≈ 0.76; measured on the mission documents: invented claims
  0.81–0.85, supported ones 0.92+), hence the bar 0.85.

Each kept marker becomes a :class:`qa.types.Citation` whose quote is the verbatim sentence of
the passage that best supports the claim, renumbered in order of first use. A model that
answers the fixed "not found" sentence is reported as an abstention (:func:`is_abstention`).
Pure functions: no HTTP here.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

from common.vietnamese.sentences import split_sentences
from qa.answer import make_citation, verify_citations
from qa.evidence import TermStats, content_terms
from qa.support import BULLET, Support, lexical_support, short
from qa.types import NOT_FOUND, Citation, Passage

Embed = Callable[[list[str]], list[list[float]]]

_MARKERS = re.compile(r"\s*\[(\d+(?:\s*[,;–-]\s*\d+)*)\]")
_LEADING_MARKERS = re.compile(r"^(?:\s*\[\d+(?:\s*[,;–-]\s*\d+)*\])+[.;,]?\s*")


@dataclass
class CheckedAnswer:
    """What survives the check: the answer text with renumbered markers, or ``None``."""

    answer: str | None
    citations: list[Citation] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    abstained: bool = False


def _plain(text: str) -> str:
    return re.sub(r"[\s\"'“”.!]+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


def is_abstention(output: str) -> bool:
    """The model's fixed "not found" sentence (markers, quotes and final dot ignored)."""
    return _plain(NOT_FOUND) in _plain(_MARKERS.sub("", output))


def _marker_numbers(group: str) -> list[int]:
    """"1, 3" → [1, 3]; "2-4" → [2, 3, 4] (small ranges only)."""
    numbers: list[int] = []
    for part in re.split(r"\s*[,;]\s*", group):
        bounds = [int(x) for x in re.split(r"\s*[–-]\s*", part) if x]
        if len(bounds) == 2 and 0 < bounds[1] - bounds[0] <= 10:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds)
    return list(dict.fromkeys(numbers))


def split_claims(output: str) -> list[tuple[str, list[int], bool]]:
    """The output's sentences as (claim without markers, cited numbers, starts a list item).

    A marker written after the full stop ("… nhanh. [1] Các …") belongs to the sentence
    before it, not to the next one.
    """
    text = unicodedata.normalize("NFC", output).strip()
    claims: list[tuple[str, list[int], bool]] = []
    for start, end in split_sentences(text):
        sentence = text[start:end]
        lead = _LEADING_MARKERS.match(sentence)
        if lead and claims:
            numbers = [n for m in _MARKERS.finditer(lead.group(0)) for n in _marker_numbers(m.group(1))]
            prev, prev_numbers, prev_item = claims[-1]
            claims[-1] = (prev, list(dict.fromkeys(prev_numbers + numbers)), prev_item)
            sentence = sentence[lead.end():]
        if not sentence.strip():
            continue
        numbers = [n for m in _MARKERS.finditer(sentence) for n in _marker_numbers(m.group(1))]
        item = bool(BULLET.match(sentence)) and (start == 0 or "\n" in text[max(0, start - 3):start])
        claim = _MARKERS.sub("", BULLET.sub("", sentence, count=1)).replace("**", "").strip()
        claim = re.sub(r"\s+([.,;:!?])", r"\1", claim)
        if claim and claim[-1] not in ".!?…:;":
            claim += "."
        claims.append((claim, list(dict.fromkeys(numbers)), item))
    return claims


def _cosine(a: list[float], b: list[float]) -> float:
    na, nb = math.sqrt(sum(x * x for x in a)), math.sqrt(sum(x * x for x in b))
    return sum(x * y for x, y in zip(a, b)) / (na * nb) if na and nb else 0.0


def _meaning_filter(candidates: list[tuple[str, bool, Support]], passages: list[Passage], embed: Embed,
                    min_cosine: float, flags: list[str]) -> list[tuple[str, bool, Support]]:
    """Keep the markers whose passage (or quoted sentence) is close in meaning to the claim.

    One ``embed`` call: the claims, then each cited passage and quote once.
    """
    texts = [claim for claim, _, _ in candidates]
    refs: dict[tuple, int] = {}
    for _, _, supported in candidates:
        for n, (start, end) in supported:
            for key, text in (((n,), passages[n - 1].text), ((n, start, end), passages[n - 1].text[start:end])):
                if key not in refs:
                    refs[key] = len(texts)
                    texts.append(text)
    vectors = embed(texts)
    kept = []
    for j, (claim, item, supported) in enumerate(candidates):
        agreeing: Support = []
        for n, span in supported:
            cos = max(_cosine(vectors[j], vectors[refs[(n,)]]), _cosine(vectors[j], vectors[refs[(n, *span)]]))
            if cos >= min_cosine:
                agreeing.append((n, span))
            else:
                flags.append(f"đoạn [{n}] khác nghĩa với câu (cosine {cos:.2f}): «{short(claim)}»")
        if agreeing:
            kept.append((claim, item, agreeing))
    return kept


def _render(candidates: list[tuple[str, bool, Support]], passages: list[Passage]) -> tuple[str, list[Citation]]:
    """Answer text with markers renumbered by first use; one citation per quoted span."""
    citations: list[Citation] = []
    number_of: dict[tuple[int, int, int], int] = {}
    answer, previous_item = "", False
    for claim, item, supported in candidates:
        marks = []
        for n, (start, end) in supported:
            if (n, start, end) not in number_of:
                number_of[(n, start, end)] = len(citations) + 1
                citations.append(make_citation(len(citations) + 1, passages[n - 1], start, end))
            marks.append(f"[{number_of[(n, start, end)]}]")
        body, stop = (claim[:-1], claim[-1]) if claim[-1] in ".!?…" else (claim, "")
        # List items stay one per line; running sentences stay one paragraph.
        separator = "\n" if answer and (item or previous_item) else " " if answer else ""
        answer += separator + ("- " if item else "") + f"{body} {''.join(dict.fromkeys(marks))}{stop}"
        previous_item = item
    verify_citations(citations)
    return answer, citations


def check_answer(
    output: str,
    passages: list[Passage],
    stats: TermStats | None = None,
    *,
    embed: Embed | None = None,
    min_support: float = 0.5,
    min_cosine: float = 0.85,
) -> CheckedAnswer:
    """Keep the sentences of ``output`` that a cited passage supports; cite them verbatim.

    :param output: the model's text, with markers [n] referring to ``passages`` (1-based).
    :param passages: exactly the passages of the prompt, in prompt order.
    :param stats: corpus term statistics (IDF); ``None`` weighs every term alike.
    :param embed: optional text embedder; when given, meaning must agree too.
    :returns: the checked answer; ``answer`` is ``None`` when no sentence survives.
    """
    if not output or not output.strip():
        return CheckedAnswer(None, flags=["mô hình trả về nội dung rỗng"])
    claims = split_claims(output)
    flags: list[str] = []
    candidates: list[tuple[str, bool, Support]] = []
    for claim, numbers, item in claims:
        if is_abstention(claim):
            continue
        valid = [n for n in numbers if 1 <= n <= len(passages)]
        if not valid:
            flags.append(f"bỏ câu không có số đoạn [n] hợp lệ: «{short(claim)}»")
        elif not content_terms(claim):
            flags.append(f"bỏ câu không có nội dung để đối chiếu: «{short(claim)}»")
        else:
            supported = lexical_support(claim, valid, passages, stats, min_support, flags)
            if supported:
                candidates.append((claim, item, supported))
    # The cheap checks decide most sentences; embeddings are computed for the survivors only.
    if embed and candidates:
        candidates = _meaning_filter(candidates, passages, embed, min_cosine, flags)
    if not candidates:
        if is_abstention(output):
            return CheckedAnswer(NOT_FOUND, [], flags, abstained=True)
        return CheckedAnswer(None, [], flags + ["không còn câu nào được văn bản hỗ trợ"])
    answer, citations = _render(candidates, passages)
    return CheckedAnswer(answer, citations, flags)
