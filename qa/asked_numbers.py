"""A document's number or a form's code as the asked fact: "ban hành theo thông tư nào", "lập theo NĐ
số mấy", "dùng mẫu số mấy" — what asks for one (:func:`reference_asked`, :func:`form_code_asked`, read by
:func:`qa.intent.question_intent`) and what gives one (:func:`asked_references`, read by sentence choice,
verification and the direct answer).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from common.vietnamese.normalize import fold_accents

if TYPE_CHECKING:
    from qa.intent import QuestionIntent

# A document's number or a form's code is the asked fact (folded): "ban hành theo thông tư nào",
# "lập theo NĐ số mấy", "là QĐ số bao nhiêu", "dùng mẫu số mấy", "mẫu ký hiệu gì". The quote must
# carry one: a form answered with its body rows, not the header line naming the decree it was
# issued under, answered nothing (23 of 72 such opened questions). "Theo thông tư nào, …" opening
# a question asks which text says something: its citation answers it.
_DOCUMENT_KIND = (r"(?:van ban|vb|thong tu(?: lien tich)?|ttlt|tt|nghi dinh|nd|quyet dinh|qd|nghi quyet|nq"
                  r"|chi thi|luat|phap lenh|cong van|cv)")
_ASKS_REFERENCE = re.compile(rf"(?<!^)\b(?:theo|tai|can cu(?: vao)?)\s+(?P<kind>{_DOCUMENT_KIND})\s+(?:so\s+)?(?:nao|may|bao nhieu|gi)\b"
                             rf"|\b(?P<kind2>{_DOCUMENT_KIND})\s+so\s+(?:may|bao nhieu)\b")
# How a number shows its document's kind: in its own letters ("59/2003/NĐ-CP") or the word before it
# ("Thông tư liên tịch số 14/2005/…"). A kind not listed (văn bản, công văn) takes any number.
_KIND_MARKS = {"nd": ("NĐ", "nghi dinh"), "nghi dinh": ("NĐ", "nghi dinh"), "tt": ("TT", "thong tu"),
               "thong tu": ("TT", "thong tu"), "ttlt": ("TT", "thong tu"), "thong tu lien tich": ("TT", "thong tu"),
               "qd": ("QĐ", "quyet dinh"), "quyet dinh": ("QĐ", "quyet dinh"), "nq": ("NQ", "nghi quyet"),
               "nghi quyet": ("NQ", "nghi quyet"), "chi thi": ("CT", "chi thi"), "luat": ("QH", "luat")}
_ASKS_FORM_CODE = re.compile(r"\b(?:mau|bieu|mau bieu|mau don)\s+(?:so\s+)?(?:may|nao|gi|bao nhieu)\b"
                             r"|\bky hieu\s+(?:la\s+)?(?:gi|nao)\b")
# A document's number ("59/2003/NĐ-CP", "1141-TC/QĐ/CĐKT", "79/2007") and a form's code ("Mẫu số 2a",
# "MĐ-2", "BC-26/HĐ", "06TMH").
# A number left blank ("Thông tư số /2005/TT-NHNN", a form's template) is none.
_DOCUMENT_NUMBER = re.compile(r"(?<![/\d])\b\d+[a-zA-Z]?\s*/\s*(?:(?:19|20)\d\d\s*/\s*)?[A-ZĐ]{2,}"
                              r"|(?<![/\d])\b\d+\s*-\s*[A-ZĐ]{2,}|(?<![/\d])\b\d+\s*/\s*(?:19|20)\d\d\b(?!\s*/\s*\d)")
_FORM_CODE = re.compile(r"\b(?:[Mm]ẫu|MẪU|[Bb]iểu|BIỂU)\s*(?:số\s*)?:?\s*[\w.-]*\d|\b[A-ZĐ]{1,6}\d*-\d+\w*|\b\d+[A-ZĐ]{2,}\b")


def reference_asked(folded: str) -> str | None:
    """The kind of document whose number a folded question asks for ("nd", "thong tu"; "" for a kind
    it does not name), or None when it asks for none."""
    match = _ASKS_REFERENCE.search(folded)
    if not _one_asked(match, folded):
        return None
    return match.group("kind") or match.group("kind2") or ""


def form_code_asked(folded: str) -> bool:
    """Whether a folded question asks for one form's code ("mẫu số mấy", "ký hiệu gì")."""
    return _one_asked(_ASKS_FORM_CODE.search(folded), folded)


def _one_asked(match: re.Match | None, folded: str) -> bool:
    """Whether ``match`` asks for one document number or form code: not the items of a list
    ("gồm những tài liệu, biểu mẫu nào"; "gửi BQL các KCN … theo thông tư nào" asks for one)."""
    return match is not None and not re.search(r"\b(?:nhung|gom|bao gom|liet ke)\b", folded[max(0, match.start() - 25):match.start()])


def without_references(lower: str) -> str:
    """``lower`` (a lower-cased question) with the asked document number or form code blanked."""
    folded = fold_accents(lower)
    if len(folded) != len(lower):  # folding moved the offsets: nothing to blank by them
        return lower
    for a, b in reversed([m.span() for p in (_ASKS_REFERENCE, _ASKS_FORM_CODE) for m in p.finditer(folded)]):
        lower = f"{lower[:a]}{' ' * (b - a)}{lower[b:]}"
    return lower


def asked_references(sentence: str, intent: QuestionIntent) -> list[str]:
    """The document numbers (of the asked kind: "NĐ" in "59/2003/NĐ-CP", or "Nghị định số" before
    it) or form codes in ``sentence`` that ``intent`` asks for."""
    found = [m.group() for m in _FORM_CODE.finditer(sentence)] if intent.wants_form_code else []
    if intent.wants_reference:
        letters, word = _KIND_MARKS.get(intent.reference_kind, ("", ""))
        found += [m.group() for m in _DOCUMENT_NUMBER.finditer(sentence)
                  if letters in m.group() or word in fold_accents(sentence[max(0, m.start() - 30):m.start()].lower())]
    return found


def given_by(question: str, reference: str) -> bool:
    """Whether ``question`` gives ``reference`` itself, spacing and case aside ("Biểu số 01/TNLĐ-CS …"
    gives "01/TNLĐ -CS"): a quote repeating it does not answer."""
    return re.sub(r"\s+", "", reference).lower() in re.sub(r"\s+", "", question).lower()


def has_reference(sentence: str, intent: QuestionIntent) -> bool:
    """Whether ``sentence`` gives the document number or form code ``intent`` asks for (True when none is asked)."""
    return not intent.asks_number or bool(asked_references(sentence, intent))
