"""Document numbers (số hiệu), cited documents and document references in questions.

Officials name a document by type, number, date and issuer ("Nghị quyết số 41-NQ/TW ngày
15/11/2004 của Bộ Chính trị"), and write the number in many ways ("41-NQ/TW", "41/NQ-TW",
"nq41", "NĐ - CP"). Everything here is a pure function on clean NFC text.

**Key format** (:func:`number_key`): the number written in any style, folded (lower case,
no diacritics, đ → d, "TƯ" → "tw" so Trung ương never collides with "TU" Tỉnh ủy), cut into
tokens (digits; letters with their trailing digits, so "QH11" stays "qh11") joined by "-",
the document's own number first and without leading zeros, the others in written order: "41-NQ/TW" → "41-nq-tw", "02-KL/TW" →
"2-kl-tw", "114/2003/NĐ-CP" → "114-2003-nd-cp", "NQ 41" → "41-nq". A shorter key made from
a question ("41-nq", "114-2003", "41") matches a document key through
:func:`number_matches`.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, replace

from common.types import CitedDocument

DocRef = CitedDocument  # a cited document, as the citing text names it

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
_TYPE_BY_FOLDED = {folded: name for name, folded, _ in DOC_TYPES}
_TYPE_BY_CODE = {code: name for name, _, codes in DOC_TYPES for code in codes}
_CODES_BY_TYPE = {name: codes for name, _, codes in DOC_TYPES}
# Abbreviations as written inside numbers; case and Đ matter ("HĐ" is Hội đồng, "HD" Hướng dẫn).
_TYPE_BY_RAW_CODE = {
    "NQ": "Nghị quyết", "NĐ": "Nghị định", "ND": "Nghị định", "QĐ": "Quyết định", "QD": "Quyết định",
    "KL": "Kết luận", "CT": "Chỉ thị", "CTr": "Chương trình", "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch", "TTLB": "Thông tư liên bộ", "CV": "Công văn", "KH": "Kế hoạch",
    "HD": "Hướng dẫn", "BC": "Báo cáo", "TB": "Thông báo", "TTr": "Tờ trình", "PL": "Pháp lệnh",
    "ĐA": "Đề án", "QH": "Luật",
}


class _FoldMap(dict):
    """str.translate table filled on first use of each character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = "d" if ch in "đĐ" else (unicodedata.normalize("NFD", ch)[0].lower()[:1] or ch)
        self[code] = folded
        return folded


_FOLD = _FoldMap()


def fold(text: str) -> str:
    """Lower case without diacritics, đ → d, one character per character (spans survive)."""
    return text.translate(_FOLD)


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
        if tok in _TYPE_BY_CODE:
            return _TYPE_BY_CODE[tok]
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


# ---------------------------------------------------------------- dates
DATE_PATTERN = (
    r"(?P<d>\d{1,2})\s*(?:tháng|/|-|\.)\s*(?P<m>\d{1,2})\s*(?:năm|/|-|\.)\s*(?P<y>(?:19|20)\d\d)(?!\d)"
)
_DATE_RE = re.compile(DATE_PATTERN, re.IGNORECASE)


def iso_date(day: int | str, month: int | str, year: int | str) -> str | None:
    """ISO 8601 date, or None when the numbers are not a real date."""
    try:
        return _dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def parse_date_vi(text: str) -> str | None:
    """The first date written "15/11/2004", "2-3-1993" or "13 tháng 5 năm 1998", as ISO."""
    for m in _DATE_RE.finditer(text):
        iso = iso_date(m["d"], m["m"], m["y"])
        if iso:
            return iso
    return None


def format_date_vi(iso: str) -> str:
    """"2016-06-13" → "13/6/2016" (also "2016-06" → "6/2016" and "2016" → "2016")."""
    parts = [int(p) for p in iso.split("-")]
    return "/".join(str(p) for p in reversed(parts))


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


def canonical_type(word: str) -> str | None:
    """"NGHỊ ĐỊNH", "nghị định", "NĐ" → "Nghị định"."""
    f = " ".join(fold(word).split())
    if f in _TYPE_BY_FOLDED:
        return _TYPE_BY_FOLDED[f]
    if f == "van ban":
        return "Văn bản"
    return _TYPE_BY_CODE.get(f)


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


# ---------------------------------------------------------------- questions
@dataclass
class QueryRef:
    """A document a question names: what to filter or boost on.

    ``number_key`` is the key of the number as typed, without the type abbreviation when it
    was typed before the number ("nq 41" → doc_type "Nghị quyết", number_key "41");
    ``partial`` is True when the key lacks the issuing part, so it must be compared with
    :func:`number_matches`, never by equality. ``span`` indexes the question.
    """

    text: str
    span: tuple[int, int]
    doc_type: str | None = None
    number_key: str | None = None
    partial: bool = False
    issued_date: str | None = None
    year: int | None = None

    def matches(self, doc_type: str | None, number_key: str | None, issued_date: str | None) -> bool:
        """Whether a document (or cited document) with these fields is the one named."""
        if self.number_key and not (number_key and number_matches(self.number_key, number_key)):
            return False
        if self.doc_type and not (doc_type or "").startswith(self.doc_type):  # "Thông tư" ⊃ "... liên tịch"
            codes = _CODES_BY_TYPE.get(self.doc_type, ())
            if not (number_key and any(c in number_key.split("-")[1:] for c in codes)):
                return False
        if self.issued_date and issued_date != self.issued_date:
            return False
        if self.year:
            years = {t for t in (number_key or "").split("-")[1:] if len(t) == 4 and t.isdigit()}
            if str(self.year) not in years and not (issued_date or "").startswith(str(self.year)):
                return False
        return True


_Q_TYPES = sorted([f for _, f, _ in DOC_TYPES] + ["van ban", "cong dien"], key=len, reverse=True)
_Q_ABBR = ["ttlt", "ctr", "nq", "nd", "qd", "tt", "ct", "kl", "cv", "kh", "hd", "bc", "tb", "pl", "ttr"]
_Q_NUM = r"\d{1,5}(?:\s*[/\-]\s*(?:19|20)\d\d(?!\d))?(?:\s*[/\-]\s*[a-z]+\d*)*"
_Q_DATE = r"\d{1,2}\s*(?:thang|/|-|\.)\s*\d{1,2}\s*(?:nam|/|-|\.)\s*(?:19|20)\d\d"
_Q_REF_RE = re.compile(
    r"(?<![a-z0-9])(?:(?P<type>" + "|".join(_Q_TYPES) + r")(?![a-z])\s*(?:so\s*)?:?\s*(?P<num>" + _Q_NUM
    + r")?|(?P<abbr>" + "|".join(_Q_ABBR) + r")\s*[-.:]?\s*(?:so\s*)?(?P<anum>" + _Q_NUM + r"))"
    r"(?:\s*,?\s*(?:ngay|ban hanh ngay)\s*(?P<date>" + _Q_DATE + r"))?"
    r"(?:\s*(?:nam)\s*(?P<year>(?:19|20)\d\d)(?!\d))?"
)
_Q_BARE_RE = re.compile(
    r"(?<![a-z0-9/\-])(?P<num>\d{1,5}(?:\s*[/\-]\s*(?:19|20)\d\d)?(?:\s*[/\-]\s*[a-z]+\d*)+)(?![a-z0-9])"
    r"|(?<![a-z0-9])ngay\s*(?P<date>" + _Q_DATE + r")"
)


def parse_query_refs(query: str) -> list[QueryRef]:
    """Documents a question names: "nq 41", "41-NQ/TW", "nghi quyet 41", "nđ 114/2003",
    "công văn ngày 13/6/2016", "ket luan 02" (with or without diacritics)."""
    q = fold(query)
    refs: list[QueryRef] = []
    for m in list(_Q_REF_RE.finditer(q)) + list(_Q_BARE_RE.finditer(q)):
        groups = m.groupdict()
        num, date = groups.get("num") or groups.get("anum"), groups.get("date")
        if not (num or date) or any(r.span[0] < m.end() and m.start() < r.span[1] for r in refs):
            continue
        typed = groups.get("type") or groups.get("abbr")
        doc_type = (_TYPE_BY_FOLDED.get(" ".join(typed.split())) or _TYPE_BY_CODE.get(typed)) if typed else None
        ref = QueryRef(query[m.start() : m.end()], (m.start(), m.end()), doc_type)
        if num:
            ref.number_key = number_key(num)
            ref.partial = len([t for t in ref.number_key.split("-")[1:] if t.isalpha()]) < 2
            ref.doc_type = ref.doc_type or key_type(ref.number_key)
        if date:
            ref.issued_date = parse_date_vi(date.replace("thang", "tháng").replace("nam", "năm"))
        if groups.get("year"):
            ref.year = int(groups["year"])
        refs.append(ref)
    return sorted(refs, key=lambda r: r.span)
