"""Does a cited passage support a generated claim? The lexical checks of :mod:`qa.claims`.

A claim is kept for a cited passage when the passage covers its terms (IDF-weighted), writes
each of its figures in a clause that says what the claim says (:mod:`qa.figures`), makes the
denial the claim makes, and is not merely an order to the model planted in a document
(:mod:`qa.injection`). The quote cited is the passage sentence that covers most of the claim.
Split from :mod:`qa.claims`, which renders and checks by meaning.
"""

from __future__ import annotations

import re
from dataclasses import replace

from common.vietnamese.normalize import syllables
from common.vietnamese.sentences import split_sentences
from qa.answer import citable
from qa.evidence import QueryEvidence, TermStats
from qa.figures import unbound_figures
from qa.injection import mask_instructions
from qa.types import Passage

BULLET = re.compile(r"^\s*(?:[-–•+*]|\d+(?:\.\d+)*[.)]|[a-zđ]\))\s+")
Support = list[tuple[int, tuple[int, int]]]  # (passage number, quote span) per kept marker

# A claim that denies must find a denial in its source: e5 and term overlap both miss
# "… không xuống cấp" written against "… đang xuống cấp".
NEGATORS = frozenset({"không", "chưa", "chẳng", "chả", "đừng", "cấm"})
NOT_NEGATION = re.compile(r"\bkhông (?:khí|gian|phận|quân|ảnh|dây|lường)\b", re.IGNORECASE)  # words, not denials


def best_quote(claim: str, passage: Passage, stats: TermStats | None) -> tuple[int, int]:
    """Offsets of the passage sentence that covers most of the claim (earliest on a tie).

    A list item is quoted without its bullet or number, as the extractive answer does.
    """
    evidence = QueryEvidence(claim, stats)
    text = passage.text
    best, best_score = None, -1.0
    for start, end in split_sentences(text):
        score = evidence.coverage(text[start:end])
        if score > best_score:
            best, best_score = (start, end), score
    start, end = best or (0, len(text.rstrip()))
    bullet = BULLET.match(text[start:end])
    if bullet and start + bullet.end() < end:
        start += bullet.end()
    return start, end


def negated(text: str) -> bool:
    return bool(NEGATORS & set(syllables(NOT_NEGATION.sub(" ", text))))


def denial_found(evidence: QueryEvidence, passage: Passage) -> bool:
    """Some sentence of the passage that shares the claim's terms also denies something."""
    text = passage.text
    return any(
        negated(text[start:end]) and evidence.coverage(text[start:end]) >= 0.3
        for start, end in split_sentences(text)
    )


def short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def lexical_support(claim: str, numbers: list[int], passages: list[Passage], stats: TermStats | None,
                     min_support: float, flags: list[str]) -> Support:
    """The cited passages that cover the claim's terms, figures and denials."""
    evidence = QueryEvidence(claim, stats)
    supported: Support = []
    for n in numbers:
        passage = passages[n - 1]
        masked = mask_instructions(passage.text)  # an order to the model is never evidence (qa.injection)
        if masked != passage.text:
            flags.append(f"đoạn [{n}] có câu ra lệnh cho mô hình, không dùng làm căn cứ: «{short(claim)}»")
            passage = replace(passage, text=masked)
        if not citable(passage):
            flags.append(f"đoạn [{n}] không được trích dẫn (danh sách nơi nhận): «{short(claim)}»")
            continue
        coverage = evidence.coverage(passage.text)
        if coverage < min_support:
            flags.append(f"đoạn [{n}] không hỗ trợ câu (độ phủ {coverage:.2f}): «{short(claim)}»")
        elif missing := unbound_figures(claim, passage.text, evidence, min_support):
            flags.append(f"đoạn [{n}] không có số liệu {', '.join(sorted(missing))} ở vế nói điều này: "
                         f"«{short(claim)}»")
        elif negated(claim) and not denial_found(evidence, passage):
            flags.append(f"đoạn [{n}] không có ý phủ định như câu: «{short(claim)}»")
        else:
            supported.append((n, best_quote(claim, passage, stats)))
    return supported
