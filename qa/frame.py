"""Who signed a document, and which body issued it: answered from the document's own frame.

A question like "Ai ký Nghị định 114/2003/NĐ-CP?" or "Quyết định 256/2004/QĐ-UB do cơ quan
nào ban hành?" is answered by the signature block or the title block of the named document,
not by a provision that shares its words ("Bộ trưởng Bộ Nội vụ hướng dẫn thi hành …"). Those
blocks are ranked after the provisions for every other question, so this stage reads them
directly: the block is quoted whole (it is short) and the signer's name or the issuing
body is lifted from it as the direct answer.
"""

from __future__ import annotations

import re

from common.types import KIND_HEADER, KIND_SIGNATURE
from ingest.textnorm import fold_accents
from qa.answer import make_citation, verify_citations
from qa.types import Citation, Passage

_SIGNER = re.compile(r"\b(ai|nguoi nao)\b.{0,20}\bky\b|\bky\b.{0,25}\b(ai|nguoi nao)\b|\bnguoi ky\b")
_ISSUER = re.compile(
    r"\b(co quan|don vi|cap) nao\b.{0,25}\bban hanh\b|\bban hanh\b.{0,25}\b(co quan|don vi) nao\b"
    r"|\b(do|cua) (ai|co quan nao|don vi nao)\b.{0,15}\bban hanh\b|\bdo (co quan|don vi) nao\b"
)


def frame_question(question: str) -> str | None:
    """"signer" for who signed a document, "issuer" for which body issued it, else None."""
    q = fold_accents(question.lower())
    if _SIGNER.search(q):
        return "signer"
    if _ISSUER.search(q):
        return "issuer"
    return None


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped)
            out.append((start, start + len(stripped)))
        pos += len(line) + 1
    return out


def frame_answer(kind: str, passages: list[Passage], doc_ids: list[str]) -> tuple[str, list[Citation], str] | None:
    """(answer text, citations, direct answer) from the named documents' signature block
    (``kind`` "signer") or title block ("issuer"); None when the block is not at hand or
    does not hold what is asked (the issuer named in the document's metadata)."""
    wanted = KIND_SIGNATURE if kind == "signer" else KIND_HEADER
    for passage in passages:
        if passage.doc_id not in doc_ids or passage.kind != wanted:
            continue
        lines = _lines(passage.text)
        if not lines:
            continue
        if kind == "signer":
            start, end = lines[0][0], lines[-1][1]
            direct_span = lines[-1]
        else:
            issuer = fold_accents((passage.issuer or "").lower())
            hit = next(((a, b) for a, b in lines if issuer and issuer in fold_accents(passage.text[a:b].lower())), None)
            if hit is None:
                continue
            start, end = hit
            offset = fold_accents(passage.text[start:end].lower()).index(issuer)
            direct_span = (start + offset, start + offset + len(issuer))
        citation = make_citation(1, passage, start, end)
        verify_citations([citation])
        direct = f"{passage.text[direct_span[0]:direct_span[1]]} [1]"
        return f"{' '.join(citation.quote.split())} [1]", [citation], direct
    return None
