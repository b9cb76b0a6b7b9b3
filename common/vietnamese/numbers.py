"""Document types and number keys: how officials write a document's number, and one key for it.

Officials name a document by type, number, date and issuer ("Nghị quyết số 41-NQ/TW ngày
15/11/2004 của Bộ Chính trị"), and write the number in many ways ("41-NQ/TW", "41/NQ-TW",
"nq41", "NĐ - CP"). Everything here is a pure function on clean NFC text. It is the base of
:mod:`common.vietnamese.mentions` (numbers in a document's text) and :mod:`qa.queryrefs`
(numbers in a question); dates are in :mod:`common.vietnamese.dates`.

**Key format** (:func:`number_key`): the number written in any style, folded (lower case,
no diacritics, đ → d, "TƯ" → "tw" so Trung ương never collides with "TU" Tỉnh ủy), cut into
tokens (digits; letters with their trailing digits, so "QH11" stays "qh11") joined by "-",
the document's own number first and without leading zeros, the others in written order: "41-NQ/TW" → "41-nq-tw", "02-KL/TW" →
"2-kl-tw", "114/2003/NĐ-CP" → "114-2003-nd-cp", "NQ 41" → "41-nq". A shorter key made from
a question ("41-nq", "114-2003", "41") matches a document key through
:func:`number_matches`.

>>> number_key("41/NQ-TW"), number_key("114/2003/NĐ-CP"), number_key("nq41")
('41-nq-tw', '114-2003-nd-cp', '41-nq')
>>> number_matches("41-nq", "41-nq-tw"), number_matches("114-2004", "114-2003-nd-cp")
(True, False)
>>> number_type("41-NQ/TW"), key_type("114-2003-nd-cp"), canonical_type("NGHỊ ĐỊNH")
('Nghị quyết', 'Nghị định', 'Nghị định')
"""

from __future__ import annotations

import re

from common.vietnamese.normalize import fold


# Canonical type name, folded spelling, abbreviations used inside numbers (folded).
DOC_TYPES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Thông tư liên tịch", "thong tu lien tich", ("ttlt",)),
    ("Chương trình hành động", "chuong trinh hanh dong", ()),
    ("Chương trình", "chuong trinh", ("ctr",)),
    ("Nghị quyết", "nghi quyet", ("nq",)),
    ("Nghị định", "nghi dinh", ("nd",)),
    ("Quyết định", "quyet dinh", ("qd",)),
    ("Kết luận", "ket luan", ("kl",)),
    ("Chỉ thị", "chi thi", ("ct",)),
    ("Thông tư liên bộ", "thong tu lien bo", ("ttlb",)),
    ("Thông tư", "thong tu", ("tt",)),
    ("Công văn", "cong van", ("cv",)),
    ("Kế hoạch", "ke hoach", ("kh",)),
    ("Hướng dẫn", "huong dan", ("hd",)),
    ("Báo cáo", "bao cao", ("bc",)),
    ("Thông báo", "thong bao", ("tb",)),
    ("Thông tri", "thong tri", ()),
    ("Tờ trình", "to trinh", ("ttr",)),
    ("Pháp lệnh", "phap lenh", ("pl",)),
    ("Hiến pháp", "hien phap", ()),
    ("Luật", "luat", ("qh",)),  # N/YYYY/QHxx: a law unless the text says "Nghị quyết"
    ("Quy định", "quy dinh", ()),
    ("Quy chế", "quy che", ()),
    ("Đề án", "de an", ("da",)),
)
TYPE_BY_FOLDED = {folded: name for name, folded, _ in DOC_TYPES}
TYPE_BY_CODE = {code: name for name, _, codes in DOC_TYPES for code in codes}
CODES_BY_TYPE = {name: codes for name, _, codes in DOC_TYPES}
# Abbreviations as written inside numbers; case and Đ matter ("HĐ" is Hội đồng, "HD" Hướng dẫn).
_TYPE_BY_RAW_CODE = {
    "NQ": "Nghị quyết", "NĐ": "Nghị định", "ND": "Nghị định", "QĐ": "Quyết định", "QD": "Quyết định",
    "KL": "Kết luận", "CT": "Chỉ thị", "CTr": "Chương trình", "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch", "TTLB": "Thông tư liên bộ", "CV": "Công văn", "KH": "Kế hoạch",
    "HD": "Hướng dẫn", "BC": "Báo cáo", "TB": "Thông báo", "TTr": "Tờ trình", "PL": "Pháp lệnh",
    "ĐA": "Đề án", "QH": "Luật",
}


def _tokens(number: str) -> list[str]:
    number = re.sub(r"T[ƯỪ]\b", "TW", number)
    return re.findall(r"[a-z]+\d+|[a-z]+|\d+", fold(number))


def number_key(number: str) -> str:
    """Canonical key of a document number written in any style (see the module docstring)."""
    toks = _tokens(number)
    first = next((i for i, t in enumerate(toks) if t.isdigit()), None)
    if first is None:  # "nq41": the number is glued to the abbreviation
        glued = next((i for i, t in enumerate(toks) if re.fullmatch(r"[a-z]+\d+", t)), None)
        if glued is None:
            return "-".join(toks)
        code, num = re.fullmatch(r"([a-z]+)(\d+)", toks[glued]).groups()
        toks[glued : glued + 1] = [code, num]
        first = glued + 1
    num = toks.pop(first)
    return "-".join([str(int(num))] + toks)


def key_type(key: str) -> str | None:
    """Document type implied by the abbreviations inside a key ("41-nq-tw" → "Nghị quyết")."""
    for tok in key.split("-")[1:]:
        tok = tok.rstrip("0123456789")
        if tok in TYPE_BY_CODE:
            return TYPE_BY_CODE[tok]
    return None


def number_type(number: str) -> str | None:
    """Document type implied by the abbreviations of a number as written ("41-NQ/TW")."""
    for code in re.findall(r"[^\W\d_]+", number):
        if code in _TYPE_BY_RAW_CODE:
            return _TYPE_BY_RAW_CODE[code]
    return None


def number_matches(query_key: str, doc_key: str) -> bool:
    """Whether a (possibly partial) key from a question names the document with ``doc_key``.

    The numbers must be equal and the query's other tokens appear in the document key in
    the same order ("41-nq" and "41-tw" match "41-nq-tw"; "114-2003" matches
    "114-2003-nd-cp"). A query year is ignored when the document key has none (Party
    numbers carry no year), and "tt" also matches "ttlt".
    """
    q, d = query_key.split("-"), doc_key.split("-")
    if not q or not d or q[0] != d[0]:
        return False
    doc_has_year = any(len(t) == 4 and t.isdigit() for t in d[1:])
    rest = iter(d[1:])
    for tok in q[1:]:
        if len(tok) == 4 and tok.isdigit() and not doc_has_year:
            continue
        if not any(tok == t or (tok == "tt" and t == "ttlt") for t in rest):
            return False
    return True


def canonical_type(word: str) -> str | None:
    """"NGHỊ ĐỊNH", "nghị định", "NĐ" → "Nghị định"."""
    f = " ".join(fold(word).split())
    if f in TYPE_BY_FOLDED:
        return TYPE_BY_FOLDED[f]
    if f == "van ban":
        return "Văn bản"
    return TYPE_BY_CODE.get(f)
