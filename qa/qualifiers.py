"""Whether a passage meets a question's qualifiers (:mod:`qa.constraints`): pure functions.

The evidence for a passage is its text, its context (number, trích yếu, heading), its label
and its document's metadata — and, when the caller can read documents, the document's
opening (its title block) and, for a requirement the passage does not state but does not
contradict either, the rest of the document.
"""

from __future__ import annotations

import re
from typing import Callable

from qa.constraints import (
    FORM_CODE, LEVEL, ORDINALS, YEAR, YEAR_RANGE, QuestionConstraints, Requirement, date_key, date_keys, number_value,
)
from qa.categories import categories
from qa.intent import mention_form
from qa.types import Passage


def evidence_form(passage: Passage) -> str:
    """What a passage offers as evidence of the qualifiers, folded: its text, its context
    (number, trích yếu, heading), its label and its document's metadata."""
    parts = (passage.context, passage.text, passage.citation_label, passage.title, passage.issuer or "",
             passage.doc_number or "", passage.issued_date or "")
    return mention_form("\n".join(parts))


_WHOLE_YEAR = re.compile(r"\bnam\s+(?:19|20)\d\d\b")
_PART_OF_YEAR = re.compile(r"\b(?:thang|quy)\b|\b\d{1,2}\s*/\s*(?:19|20)\d\d\b")
_ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(\d{2})-(\d{2})\b")  # metadata: issued_date


def dates_in(text: str) -> set[str]:
    """The days a folded text names, each as :func:`qa.constraints.date_key` spells it
    ("31/7/2005" for "31/07/2005", "31-7-2005", "ngay 31 thang 7 nam 2005", "2005-07-31")."""
    out = set(date_keys(text))
    out.update(date_key(day, month, year) for year, month, day in _ISO_DATE.findall(text))
    out.discard(None)
    return out


def _meets(req: Requirement, evidence: str) -> bool:
    if req.kind == "date":
        return req.forms[0] in dates_in(evidence)
    if req.kind == "year":
        year = req.value or 0
        if re.search(rf"(?<!\d){year}(?!\d)", evidence):
            return True
        return any(int(a) <= year <= int(b) for a, b in YEAR_RANGE.findall(evidence))
    if req.kind == "ordinal":
        label, value = req.forms[0], req.value
        for m in re.finditer(rf"\b{label}\s+thu\s+(\w+)", evidence):
            word = m.group(1)
            if (int(word) if word.isdigit() else ORDINALS.get(word)) == value:
                return True
        return False
    if req.kind == "form":
        return re.search(rf"(?<![\w-]){re.escape(req.forms[0])}(?![\w])", evidence) is not None
    if req.kind == "numbered" and req.forms[0] in ("thang", "quy"):
        label = req.forms[0]
        for m in re.finditer(rf"\b{label}\s+(\d{{1,2}}|[iv]{{1,3}})\b|\b(?:t|q)(\d{{1,2}})[./]", evidence):
            if number_value(m.group(1) or m.group(2)) == req.value:
                return True
        return label == "thang" and re.search(rf"(?<![\d/.]){req.value:d}\s*/\s*(?:19|20)\d\d", evidence) is not None
    if req.kind in ("numbered", "article"):
        label = req.forms[0]
        for m in re.finditer(rf"\b{label}\s+(?:so\s+)?(\d{{1,3}}|[ivxl]{{1,6}})\b", evidence):
            if number_value(m.group(1)) == req.value:
                return True
        return False
    if req.kind == "class":
        label, letter = req.forms
        return (label, letter) in {(lab, let) for _span, lab, let in categories(evidence)}
    if req.kind == "level":  # one "cấp" before a list of levels: "cấp Bộ/Tỉnh-Thành phố", "cấp tỉnh, huyện"
        level = req.forms[0].split(" ", 1)[1]
        if re.search(rf"\bcap\s+(?:[a-z]+(?:\s+[a-z]+)?\s*(?:/|,|-|–|va|hoac)\s*){{1,3}}{level}\b", evidence):
            return True
    if req.kind == "title" and req.value:  # "luat hop tac xa nam 1996", "luat xay dung so 16/2003/qh11"
        return any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)[^\n.;]{{0,32}}?(?<!\d){req.value}(?!\d)", evidence)
                   for f in req.forms)
    if req.kind == "quantity":  # "7 chỗ" is written "07 chỗ" as often
        return any(re.search(rf"(?<![\w.,])0*{re.escape(f)}(?!\w)", evidence) for f in req.forms)
    if req.kind == "agency" and any(by_initials(f, evidence) for f in req.forms):
        return True
    return any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", evidence) for f in req.forms)


_VOWEL = re.compile(r"[aeiouy]")


def by_initials(form: str, evidence: str) -> bool:
    """An agency written in words on one side and by its initials on the other (folded): "vu chinh
    sach" asked, "Vụ CSTT" written (the form's words' initials open the written token); "so ldtbxh"
    asked, "Sở Lao động - Thương binh và Xã hội" written (the written words' initials, "và" aside)."""
    head, *rest = form.split()
    if not rest:
        return False
    if len(rest) == 1 and len(rest[0]) >= 3 and not _VOWEL.search(rest[0]):  # initials asked
        letters = rest[0]
        for m in re.finditer(rf"(?<!\w){re.escape(head)}\s+((?:[a-z]+[\s,&-]*){{{len(letters)},{len(letters) + 3}}})",
                             evidence):
            words = [w for w in re.findall(r"[a-z]+", m.group(1)) if w != "va"]
            if "".join(w[0] for w in words[:len(letters)]) == letters:
                return True
        return False
    initials = "".join(w[0] for w in rest if w != "va")
    # The written token is initials itself (no vowel: "cstt"), not a word that starts so ("Bộ Kế hoạch" is no "Bộ Khoa học").
    return len(initials) >= 2 and any(not _VOWEL.search(m.group(1)) for m in re.finditer(
        rf"(?<!\w){re.escape(head)}\s+({initials}[a-z]*)(?!\w)", evidence))


def _conflicts(req: Requirement, text: str) -> bool:
    """Whether ``text`` (folded) names another value of the same kind: another year, the
    same label with another number, the same kind of body with another name. A passage that
    does is about that other one; a passage that names none may rest on its document."""
    if req.kind == "year":
        return any(int(y) != req.value for y in YEAR.findall(text))
    if req.kind == "date":
        return bool(dates_in(text) - {req.forms[0]})
    if req.kind == "numbered":
        label = req.forms[0]
        if any(number_value(n) != req.value for n in re.findall(rf"\b{label}\s+(\d{{1,3}}|[ivxl]{{1,6}})\b", text)):
            return True
        # A passage on a whole year ("năm 2005 … dự kiến 2,6 triệu tấn") that names no month or
        # quarter is about the year, not about "tháng 3 năm 2005".
        return label in ("thang", "quy") and _WHOLE_YEAR.search(text) is not None and not _PART_OF_YEAR.search(text)
    if req.kind == "class":
        return any(lab == req.forms[0] and let != req.forms[1] for _span, lab, let in categories(text))
    if req.kind == "levy":
        head = req.forms[0].split()[0]
        others = [o for o in re.findall(rf"(?<!\w){head}\s+\w+\s+\w+", text) if not o.startswith("thue suat")]
        return any(not any(o.startswith(f[: len(o)]) or f.startswith(o) for f in req.forms) for o in others)
    if req.kind == "title":
        others = re.findall(r"(?<!\w)(?:bo luat|luat|phap lenh)\s+\w+\s+\w+", text)
        return any(not any(o.startswith(f) or f.startswith(o) for f in req.forms) for o in others)
    if req.kind == "level":
        return any(f"cap {other}" not in req.forms for other in LEVEL.findall(text))
    if req.kind == "form":  # a form's code is often only in its footer ("Mẫu MĐ-1" on its last line)
        return any(m.group("code") != req.forms[0] for m in FORM_CODE.finditer(text))
    if req.kind == "agency":
        head = req.forms[0].split()[0]
        others = re.findall(rf"(?<!\w){head}\s+\w+\s+\w+", text)
        return any(not any(o.startswith(f) or f.startswith(o) for f in req.forms) for o in others)
    return True


def contradicts(req: Requirement, text: str) -> bool:
    """Whether ``text`` (folded) states another year or day than the one required and not that
    one: a table headed "NĂM 2004" read for "năm 2005". Only a text that speaks for what it
    frames (a table's caption and headers) may contradict its document's context this way."""
    return req.kind in ("year", "date") and not _meets(req, text) and _conflicts(req, text)


# Checked on the passage; places are checked on the whole document (qa.service).
PASSAGE_KINDS = ("year", "date", "numbered", "class", "ordinal", "form", "quantity", "levy", "agency", "article", "title",
                 "level")


def unmet(
    constraints: QuestionConstraints,
    passage: Passage,
    about: Callable[[str], str] | None = None,
    kinds: tuple[str, ...] = PASSAGE_KINDS,
    opening_chars: int = 500,
) -> list[Requirement]:
    """The question's requirements that ``passage`` (with its context and metadata) does not meet.

    :param opening_chars: how much of the document's start (metadata, title block) counts for
        every passage of it (``answer.opening_chars``).
    :param about: a document's folded text by doc_id: a requirement the passage does not
        state is still met when the passage names no rival value (:func:`_conflicts`) and
        its document states it — a table row under a heading "năm 2003", an article of a
        decree on one department's duties.
    """
    reqs = [r for r in constraints.requirements if r.kind in kinds]
    if not reqs:
        return []
    evidence = evidence_form(passage)
    if about is not None:  # the document's metadata and opening lines say what it is: "Mẫu số 5", "… năm 2003"
        evidence += "\n" + about(passage.doc_id)[:opening_chars]
    own = mention_form(passage.text)
    missing = [r for r in reqs if not _meets(r, _FULL_DATE.sub(" ", evidence) if _in_year(r) else evidence)
               and not names_law(r, passage) or _dates_only(r, evidence, own)]
    if missing and about is not None:
        missing = [r for r in missing if r.kind == "article" or _in_year(r) or _law_year(r) or _conflicts(r, own)
                   or (r.kind == "form" and _conflicts(r, about(passage.doc_id)))  # one form's document only
                   or not _meets(r, about(passage.doc_id))]
    return missing


_LAW_HEAD = re.compile(r"^(?:bo luat|luat|phap lenh)\s+")
LAW_TYPES = ("Luật", "Bộ luật", "Pháp lệnh")


def _law_year(req: Requirement) -> bool:
    """A law named with its year (:func:`qa.bodies.titles`): met where it is named so, or by
    the law itself — never because its document names it elsewhere (the Luật Hợp tác xã of 2003
    names the 1996 one it replaces in its last article; its other articles are no answer for 1996)."""
    return req.kind == "title" and req.value is not None


def names_law(req: Requirement, passage: Passage) -> bool:
    """Whether the passage is of the law the question names with its year: a law (ordinance)
    issued that year whose title holds the name ("Luật số 18/2003/QH11 … : Hợp tác xã" for
    "Luật Hợp tác xã 2003")."""
    if not _law_year(req) or passage.doc_type not in LAW_TYPES or not (passage.issued_date or "").startswith(str(req.value)):
        return False
    title = mention_form(passage.title)
    return any(_LAW_HEAD.sub("", f) in title for f in req.forms)


def _in_year(req: Requirement) -> bool:
    """A month or a quarter ("tháng 3", "quý I"): met by the passage, its context or its document's
    opening (a table's title: "ƯỚC THỰC HIỆN XUẤT KHẨU THÁNG 1 NĂM 2005"), never by elsewhere in a long
    report nor by a day ("Hà Nội, ngày 25 tháng 3 năm 2005" in the title block) — a whole-year plan was
    quoted for "tháng 3 năm 2005" because the report was dated in March."""
    return req.kind == "numbered" and req.forms[0] in ("thang", "quy")


# A day, folded ("ngay 25 thang 3 nam 2005", "ngay 25 thang 03"): it dates a text, it is no period.
_FULL_DATE = re.compile(r"\bngay\s+\d{1,2}\s+thang\s*\d{1,2}(?:\s+nam\s+\d{4})?")
# What dates or numbers a text, not the period a figure is for: a day of issue ("ngay 23 thang 9 nam 2005",
# "2005-09-23", "23/9/2005") and a document's number ("38/2005/qd-ubnd").
_DATING = re.compile(r"\bngay\s+\d{1,2}\s+thang\s*\d{1,2}\s+nam\s+\d{4}|\b\d{4}-\d{2}-\d{2}\b"
                     r"|\b\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}\b|[\w.-]*/\d{4}/[\w/.-]*|\b\d+/\d{4}\b")


def _dates_only(req: Requirement, evidence: str, own: str) -> bool:
    """A year the passage meets only by what dates the text (its day of issue, a document's
    number) while its own text states another year: the table "QUYẾT TOÁN THU NGÂN SÁCH … NĂM
    2004 (Kèm theo Quyết định số 38/2005/QĐ-UBND ngày 23 tháng 9 năm 2005 …)" has no figure of
    2005 (s33-42, unanswerable, answered with its 2004 row)."""
    if req.kind != "year" or not _conflicts(req, _DATING.sub(" ", own)):
        return False
    return not _meets(req, _DATING.sub(" ", evidence))


_ARTICLE_HEADING = re.compile(r"(?m)^\s*Điều\s+(\d{1,3})\s*[.:]")


def article_numbers(text: str) -> set[int]:
    """The articles a document has: "Điều 12." (or "Điều 12:") at the start of a line."""
    return {int(n) for n in _ARTICLE_HEADING.findall(text)}
