"""Bodies and laws a question names (pure functions): provinces, agencies ("Sở Tài chính", "UBND
tỉnh"), laws and ordinances by title ("Luật Hợp tác xã năm 1996").

Read with diacritics, and with capitals where the question writes names with them: "Sở" is an
agency, "số" a number; "Luật Đấu thầu" a title, "kỷ luật" none. :mod:`qa.constraints` turns what
is read here into requirements; :mod:`qa.qualifiers` checks them against passages.
"""

from __future__ import annotations

import re

from common.vietnamese.normalize import fold_accents
from qa.abbreviations import ABBREVIATIONS
from qa.intent import mention_form

# The provinces and centrally-run cities (folded): named in lower case without diacritics
# as often as with capitals ("tinh lang son", "Lạng Sơn").
PROVINCES = tuple(
    fold_accents(p)
    for p in """an giang|bà rịa|vũng tàu|bắc giang|bắc kạn|bạc liêu|bắc ninh|bến tre|bình định|bình dương|bình phước
    |bình thuận|cà mau|cao bằng|cần thơ|đà nẵng|đắk lắk|đắk nông|điện biên|đồng nai|đồng tháp|gia lai|hà giang
    |hà nam|hà nội|hà tĩnh|hải dương|hải phòng|hậu giang|hòa bình|hưng yên|khánh hòa|kiên giang|kon tum|lai châu
    |lâm đồng|lạng sơn|lào cai|long an|nam định|nghệ an|ninh bình|ninh thuận|phú thọ|phú yên|quảng bình|quảng nam
    |quảng ngãi|quảng ninh|quảng trị|sóc trăng|sơn la|tây ninh|thái bình|thái nguyên|thanh hóa|thừa thiên huế
    |tiền giang|hồ chí minh|trà vinh|tuyên quang|vĩnh long|vĩnh phúc|yên bái|hà tây|đồng xoài""".replace("\n", "").split("|")
)
# A province or centrally-run city named in folded text.
PROVINCE = re.compile(r"\b(" + "|".join(re.escape(" ".join(p.split())) for p in PROVINCES) + r")\b")

# Heads of agency names ("Sở Tài chính", "Bộ Công an", "Ủy ban nhân dân tỉnh"): the head and
# the two syllables after it identify the body. Written with diacritics, so that "số" is no "Sở".
_AGENCY = re.compile(
    r"(?<!cơ )(?<!Cơ )(?<!đảng )(?<!Đảng )\b(?P<head>sở|bộ|cục|tổng cục|chi cục|vụ|kho bạc|ban quản lý|ủy ban|uỷ ban|ubnd|hội đồng|hđnd)\s+"
    r"(?P<rest>[^\W\d_]+\s+[^\W\d_]+)",
    re.IGNORECASE,
)
# Two syllables after a head that do not name a body ("bộ hồ sơ" is a set of papers).
_NOT_AGENCY_REST = re.compile(r"^(hồ sơ|phận|luật|máy|mặt|tài liệu|chứng từ|hành|bố|có|là|được|phải|đã|và|của|về)\b",
                              re.IGNORECASE)
# Levels after "UBND", "HĐND", "Ủy ban": the place name after them counts only when capitalized.
_LEVELS = frozenset("tỉnh huyện xã thành phố quận thị".split())
_STOP_AFTER_HEAD = frozenset(fold_accents(w) for w in "có là được phải đã sẽ và của về cho với thì mà nào gì nào".split())

_UNAMBIGUOUS = frozenset({"ubnd", "hđnd", "ủy ban", "uỷ ban"})
_ABBREVIATION = re.compile(r"[A-ZĐ][A-ZĐ&]{1,6}")  # "TM", "KH&ĐT", "TNMT": written in capitals
# Long form ↔ abbreviation, folded: an agency written "UBND tỉnh" meets "Ủy ban nhân dân tỉnh".
_ABBR_BY_LONG = {fold_accents(v): fold_accents(k) for k, v in ABBREVIATIONS.items()}


def capitalizes_names(text: str) -> bool:
    """Whether the text writes names with capitals: a Title-case word after the first one
    (an acronym like "TNCN" typed into a lower-case question does not count)."""
    words = re.findall(r"[^\W\d_]+", text)[1:]
    return any(w[0].isupper() and not w.isupper() for w in words)


def with_abbreviations(forms: set[str]) -> tuple[str, ...]:
    """The folded forms and their spellings with abbreviations expanded or applied
    ("ubnd tinh" ↔ "uy ban nhan dan tinh", "luat thue tncn" ↔ "luat thue thu nhap ca nhan")."""
    out, todo = set(forms), list(forms)
    while todo and len(out) < 64:  # "ubnd tp" → "uy ban nhan dan tp" → "uy ban nhan dan thanh pho"
        form = todo.pop()
        for long, short in _ABBR_BY_LONG.items():
            found = []
            if long in form:
                found.append(form.replace(long, short))
            if re.search(rf"\b{short}\b", form):
                found.append(re.sub(rf"\b{short}\b", long, form))
            for new in found:
                if new not in out:
                    out.add(new)
                    todo.append(new)
    return tuple(sorted(out))


def agencies(question: str) -> list[tuple[str, tuple[str, ...]]]:
    """Agencies the question names, each (label, folded forms). In a question written with capitals only a capitalized
    head counts ("Sở", "Bộ"; "Đảng bộ tỉnh" is no ministry)."""
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    cased = capitalizes_names(question)
    for m in _AGENCY.finditer(question):
        rest, head = m.group("rest"), m.group("head")
        if _NOT_AGENCY_REST.match(rest) or (head[0].islower() and (cased or head.lower() not in _UNAMBIGUOUS)):
            continue  # in lower case "sở", "vụ", "bộ" are as often "trụ sở", "dịch vụ", "bộ hồ sơ"
        words = rest.split()
        if _ABBREVIATION.fullmatch(words[0]):
            # "Bộ TM", "Sở KH&ĐT": the abbreviation is the whole name. One the table can expand
            # is checked in both spellings; one it cannot is not checked (not read, not required).
            known = ABBREVIATIONS.get(words[0].lower())
            if known is None:
                continue
            words = words[:1]
        elif words[0].lower() in _LEVELS:
            words = words if cased and words[1][:1].isupper() else words[:1]
        elif cased and not words[0][:1].isupper():
            continue  # "Ban hành", "Bộ phận": a capitalized head without a name after it
        elif fold_accents(words[1].lower()) in _STOP_AFTER_HEAD:
            words = words[:1]
        phrase = mention_form(f"{m.group('head')} {' '.join(words)}")
        forms = {phrase}
        if words[0].lower() in _LEVELS:  # "UBND xã" is written "Ủy ban nhân dân cấp xã", "… các xã" too
            forms.add(mention_form(f"{m.group('head')} cấp {' '.join(words)}"))
            forms.add(mention_form(f"{m.group('head')} các {' '.join(words)}"))
        elif head.lower() in _UNAMBIGUOUS and (words[0][:1].isupper() or PROVINCE.fullmatch(fold_accents(
                " ".join(words).lower()))):  # "UBND Bình Phước", "ubnd bình phước": "UBND tỉnh Bình Phước"
            forms.update(mention_form(f"{head} {level} {' '.join(words)}") for level in ("tỉnh", "thành phố"))
        out[phrase] = (f"{m.group('head')} {' '.join(words)}", with_abbreviations(forms))
    return list(out.values())


# A law or ordinance named by its title ("Luật Đấu thầu", "luat xay dung", "Pháp lệnh Cán bộ,
# công chức"): the name runs until a function word or a word of the question's frame.
_TITLED = re.compile(
    r"(?<!kỷ )(?<!Kỷ )(?<!ty )(?<!quy )(?<!pháp )(?<!Pháp )\b(bộ luật|luật|pháp lệnh)\s+(?!sư\b|định\b|lệ\b|pháp\b)"
    r"((?:[^\W\d_]+\s*){1,4})",
    re.IGNORECASE,
)
_TITLE_STOP = frozenset(
    w for w in """có là được quy định về năm thì đã ban hành số mới sửa đổi bổ sung của và hiệu lực gồm
    bao nào gì này đó nêu cho yêu cầu áp dụng thi hành trong theo khi""".split()
)


# The year a law is named by, right after its title ("Luật BVMT 2020", "Luật Hợp tác xã năm 1996"),
# after at most two more words of a title cut short by :data:`_TITLED` ("… tiêu thụ đặc biệt năm 1998").
_TITLE_YEAR = re.compile(r"((?:\s+[^\W\d_]+){0,2}?)\s*,?\s*(?:năm\s+)?((?:19|20)\d\d)(?!\d)", re.IGNORECASE)


def titles(text: str) -> list[tuple[str, tuple[str, ...], int | None]]:
    """Laws and ordinances named by title, each (label, folded forms, year or None); in a question that capitalizes names, only
    "Luật …" with a capital counts ("kỷ luật", "công ty luật" are no titles).

    A title followed by a year names one law among its versions (Luật Hợp tác xã 1996, 2003,
    2012): the requirement carries the year as its value, and is met only where the law is
    named with that year, or by the law itself (:func:`qa.qualifiers.names_law`) — the year
    anywhere else in the passage ("đến năm 2020" in a letter that mentions "Luật Bảo vệ Môi
    trường") is about something else."""
    out: dict[str, tuple[str, tuple[str, ...], int | None]] = {}
    cased = capitalizes_names(text)
    for m in _TITLED.finditer(text):
        if cased and m.group(1)[0].islower():
            continue
        name: list[str] = []
        end = m.start(2)
        for word in re.finditer(r"\S+", m.group(2)):
            if word.group().lower() in _TITLE_STOP:  # with diacritics: folded, "dựng" would be "dụng"
                break
            name.append(word.group())
            end = m.start(2) + word.end()
        if not name:
            continue  # "Luật này", "Luật số …" (a number: a document reference)
        label = f"{m.group(1)} {' '.join(name)}"
        forms = with_abbreviations({mention_form(label)})
        year = _TITLE_YEAR.match(text, end)
        if year and any(w.lower() in _TITLE_STOP for w in year.group(1).split()):
            year = None
        if not year and m.group(1)[0].islower() and text[: m.start()].lower().endswith("theo "):
            continue  # "theo luật …" is by law in general, unless a name or a year says which law
        if year:
            label = f"{label}{year.group(1)} năm {year.group(2)}"
            out[mention_form(label)] = (label, forms, int(year.group(2)))
            continue
        out[mention_form(label)] = (label, forms, None)
    return list(out.values())
