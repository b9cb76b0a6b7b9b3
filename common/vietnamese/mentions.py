"""Documents a text cites: each document number with the type, date and issuer around it.

:func:`find_doc_numbers` reads every document a text cites, with the type, date and issuer
written around its number ("Nghị quyết số 41-NQ/TW ngày 15/11/2004 của Bộ Chính trị"), once
per key; :func:`iter_mentions` gives every mention with its span. :func:`issuer_at` reads the
issuer named at a position, :func:`is_acronym` tells "UBND" from a syllable. Everything here
is a pure function on clean NFC text; keys and types come from :mod:`common.vietnamese.numbers`,
dates from :mod:`common.vietnamese.dates`.

>>> [c] = find_doc_numbers("Thực hiện Nghị quyết số 41-NQ/TW ngày 15/11/2004 của Bộ Chính trị")
>>> c.doc_number, c.number_key, c.doc_type, c.issued_date, c.issuer
('41-NQ/TW', '41-nq-tw', 'Nghị quyết', '2004-11-15', 'Bộ Chính trị')
>>> is_acronym("UBND"), is_acronym("BAN")
(True, False)
>>> clean_number("114 / 2003/ NĐ-CP")
'114/2003/NĐ-CP'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from common.types import CitedDocument
from common.vietnamese.dates import DATE_PATTERN, iso_date
from common.vietnamese.normalize import fold
from common.vietnamese.numbers import DOC_TYPES, canonical_type, number_key, number_type


# ---------------------------------------------------------------- numbers in text
_CODE = r"[A-ZĐ][A-ZĐƯ0-9]*(?:g|r|i)?(?![^\W\d_])"
NUMBER = (
    r"(?<![\w/.\-])\d{1,5}(?:[ ]{0,3}/[ ]?(?:19|20)\d\d(?!\d))?"
    r"(?:(?:[ ]?[/\-–][ ]?|\.(?=[A-ZĐ])|[ ](?=[A-ZĐ]{2,}/))" + _CODE + r")+"
)
_TYPE_WORDS = sorted(
    [re.escape(name) for name, _, _ in DOC_TYPES] + ["Văn bản", "Lệnh"], key=len, reverse=True
)
_TYPE_ABBR = r"TTLT|NQ|NĐ|QĐ|TT|CT|KL|PL|CV"
_ANY_TYPE = r"(?i:" + "|".join(_TYPE_WORDS) + r")"
_MENTION_RE = re.compile(  # [type [liên tịch] [của <issuer>]] [số] NUMBER
    r"(?:\b(?P<type>" + _ANY_TYPE + r"|\b(?:" + _TYPE_ABBR + r"))\b(?:\s+(?i:liên tịch))?"
    r"(?:\s+(?i:của)\s+(?!" + _ANY_TYPE + r")(?P<pre_issuer>[^\n,;:.()]{2,70}?))?\s+)?"
    r"(?:(?i:số)\s*:?\s*)?(?P<number>" + NUMBER + r")"
)
_ISSUER_STOP = re.compile(
    r"\s(?:về|quy định|qui định|hướng dẫn|ngày|phê duyệt|ban hành|thi hành|tại|trong|đối với|nhằm|"
    r"thực hiện|v/v|sửa đổi|bổ sung|với|cho|là|đã|được|gửi|theo|khi|tổng kết|triển khai|số|"
    r"khóa|khoá|nhiệm kỳ|và các|để|như|thì|mà)(?![^\W\d_])|\s[-–]\s(?-i:(?=[a-zđà-ỹ]))|[,;:.()“”\"\n]",
    re.IGNORECASE,
)
_ISSUER_HEAD = re.compile(r"\s*(?:của\s+)", re.IGNORECASE)
_DATE_HEAD = re.compile(r"\s*,?\s*(?:ban hành\s+)?ngày\s*:?\s*" + DATE_PATTERN, re.IGNORECASE)


_LOWER_HEADS = ("ủy", "uỷ", "ubnd", "liên", "bộ", "ban", "chính", "thủ", "văn")
_NAME_LOWER = {"ban", "nhan", "dan", "dong", "tinh", "huyen", "quan", "xa", "phuong", "pho", "thanh", "thi", "tran"}
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?")


def is_acronym(word: str) -> bool:
    """"UBND", "BQL", "CP" — an upper-case token that is no Vietnamese syllable."""
    core = word.strip(".,;:()-–/\"“”")
    return core.isupper() and not _SYLLABLE.fullmatch(fold(core))


def issuer_at(text: str, pos: int, trim: bool = False) -> tuple[str | None, int]:
    """The issuer named at ``text[pos:]`` and where it ends ("Bộ Chính trị (khóa IX) ...").

    With ``trim`` (running text), lower-case words trailing a name are dropped beyond the
    one a name may end with ("Chính phủ đều ..." → "Chính phủ"), and an all-capitals
    phrase that starts with an acronym keeps only its acronyms ("BTC SỬA ĐỔI" → "BTC").
    """
    window = re.sub(r"\n(?=[a-zđà-ỹ])", " ", text[pos : pos + 120])
    m = _ISSUER_STOP.search(window)
    raw = window[: m.start()] if m else window[:80]
    words = raw.split()
    if not words or not (words[0][:1].isupper() or words[0].lower() in _LOWER_HEADS):
        return None, pos
    if trim and not any(ch.islower() for ch in raw) and is_acronym(words[0]):
        words = words[: next((i for i, w in enumerate(words) if not is_acronym(w)), len(words))]
    elif trim:
        caps = [i for i, w in enumerate(words) if w[:1].isupper()]
        while len(words) - 1 - max(caps or [0]) > 1 and fold(words[-1]) not in _NAME_LOWER:
            words.pop()
    while words and fold(words[-1]) in ("va", "-", "–", "cua"):
        words.pop()
    if not words or len(words) > 12:
        return None, pos
    phrase = " ".join(words)
    phrase = phrase[0].upper() + phrase[1:]
    return phrase, pos + len(raw.rstrip())


def clean_number(number: str) -> str:
    """The number as written, without the spaces some typists put around "/" and "-"."""
    return re.sub(r"\s*([/\-–.])\s*", r"\1", number.strip())


@dataclass
class Mention:
    """One cited document in a text, with where it was found."""

    cited: CitedDocument
    start: int
    end: int


def iter_mentions(text: str) -> list[Mention]:
    """Every document number in ``text`` with the type, date and issuer written around it."""
    out: list[Mention] = []
    for m in _MENTION_RE.finditer(text):
        number = m["number"]
        before = fold(text[max(0, m.start("number") - 12) : m.start("number")])
        if "/" not in number and not re.search(r"so\s*:?\s*$", before):
            continue
        if re.search(r"mau\s+so\s*:?\s*$", before):
            continue
        key = number_key(number)
        doc_type = canonical_type(m["type"]) if m["type"] else None
        code_type = number_type(number)
        if doc_type == "Thông tư" and re.search(r"liên tịch", m.group(0), re.IGNORECASE):
            doc_type = "Thông tư liên tịch"
        if doc_type in (None, "Văn bản") or (doc_type == "Thông tư" and code_type and "liên" in code_type):
            doc_type = code_type or doc_type
        if doc_type is None and out and text[out[-1].end : m.start()].strip(" ,") in ("", "và", "số"):
            doc_type = out[-1].cited.doc_type  # "các Công văn số 4830/KTTH ..., số 1440/CP-KTTH"
        issuer = issuer_at(m["pre_issuer"], 0, trim=True)[0] if m["pre_issuer"] else None
        date = None
        pos = m.end()
        for _ in range(2):  # "ngày ... của ..." in either order
            dm = _DATE_HEAD.match(text, pos)
            if dm and not date:
                date = iso_date(dm["d"], dm["m"], dm["y"])
                pos = dm.end()
                continue
            im = _ISSUER_HEAD.match(text, pos)
            if im and not issuer:
                issuer, end = issuer_at(text, im.end(), trim=True)
                if issuer:
                    pos = end
                    continue
            break
        cited = CitedDocument(clean_number(number), key, doc_type, date, issuer)
        out.append(Mention(cited, m.start(), max(pos, m.end())))
    return out


def _richness(c: CitedDocument) -> int:
    return sum(v is not None for v in (c.doc_type, c.issued_date, c.issuer))


def find_doc_numbers(text: str) -> list[CitedDocument]:
    """Every document cited in ``text``, once per key, in order of first mention.

    The richest mention (most of type, date, issuer) wins; fields it lacks are filled from
    other mentions of the same key.
    """
    groups: dict[str, list[CitedDocument]] = {}
    for mention in iter_mentions(text):
        groups.setdefault(mention.cited.number_key, []).append(mention.cited)
    result = []
    for mentions in groups.values():
        best = max(mentions, key=_richness)
        for other in mentions:
            best = replace(
                best,
                doc_type=best.doc_type or other.doc_type,
                issued_date=best.issued_date or other.issued_date,
                issuer=best.issuer or other.issuer,
            )
        result.append(best)
    return result
