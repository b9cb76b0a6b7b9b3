"""What a question requires of its answer, parsed once: the typed value every later stage reads.

A quote that is about the question's subject but not about *its* qualifiers is the most
misleading answer this system can give: it is verbatim and cited, so it looks
authoritative. "Chỉ tiêu … đến năm 2030" answered with the 2020 target, "giai đoạn 3"
with phase 2, "Sở Y tế" with the tasks of another department, "Nghị định 119/2003" with
decree 114/2003. The qualifiers a question names are therefore constraints, checked against
what an answer would quote (:func:`qa.qualifiers.unmet`): its passage, the passage's context (number,
trích yếu, heading) and its document's metadata.

Kinds of constraint (each a class of failure seen on questions nobody had tuned on):

* documents named by number (:class:`~qa.queryrefs.QueryRef`), resolved by
  :mod:`qa.retrieval` against the library — one that is not there at all cannot be answered;
* articles ("Điều 45"): the answer must come from that article;
* years ("năm 2030", "2030") — met by the year itself or a range that holds it ("2006-2010");
* numbered entities ("giai đoạn 3", "quý II", "đợt 2", "lần thứ X", "khóa XII", "phụ lục 2",
  "mẫu số 12"): the same label with the same number (Roman or Arabic);
* places (provinces by name, also typed in lower case without diacritics, and proper names
  written with capitals: "Đồng Xoài", "Bà Rịa – Vũng Tàu");
* agencies ("Sở Tài chính", "Bộ Kế hoạch và Đầu tư", "UBND tỉnh"): the head and the two
  syllables after it, abbreviations and long forms alike;
* laws and ordinances named by title ("Luật Đấu thầu", "Pháp lệnh Cán bộ, công chức");
* levels ("cấp xã", "cấp Bộ", "cấp cơ sở"): a passage about another level is about that one;
* dates ("tính đến 31/12/2006", "ngày 15/8/2005"): a table or a figure as of another day is
  about that day — the same day in any spelling (:func:`qa.qualifiers.dates_in`).

Matching (:mod:`qa.qualifiers`) is on the accent-folded, lower-cased form
(:func:`qa.intent.mention_form`), so a question typed without diacritics is held to the same
constraints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from common.vietnamese.normalize import fold_accents
from ingest.markers import roman_value
from qa.bodies import PROVINCE, capitalizes_names, titles, with_abbreviations
from qa.bodies import agencies as named_agencies
from qa.categories import categories
from qa.intent import QuestionIntent, mention_form, question_intent, required_mentions

def number_value(token: str) -> int | None:
    """The value of "3", "03", "III", "iii"."""
    token = token.strip().lower()
    if token.isdigit():
        return int(token)
    return roman_value(token)


# Labels of numbered entities (folded). "dieu" is kept apart: articles are checked against
# the documents' own numbering. Years are not numbered entities ("năm 2020" is a year).
_NUMBERED_LABELS = ("giai doan", "dot", "lan thu", "khoa", "phu luc", "mau so", "bieu so", "phase", "ky hop thu", "nhom",
                   # a text's own parts ("Phần V", "Mục XV", "Danh mục 3", "bước 12", "điểm 12"): one past the
                   # last was answered from the parts it has (seven unanswerable questions of six opened sets)
                   "danh muc", "phan", "muc", "buoc", "diem")
# Those of them whose folded form is also another word's ("mức 2" is a level, "phân" a verb): as typed.
_TYPED_LABELS = {"phan": ("phần", "phan"), "muc": ("mục", "muc"), "buoc": ("bước", "buoc"), "diem": ("điểm", "diem")}
_NUMBERED = re.compile(
    r"\b(?P<label>" + "|".join(_NUMBERED_LABELS) + r")\s+(?P<num>\d{1,3}|[ivxl]{1,6})\b(?![/.,-]\d)"
)
_ARTICLE = re.compile(r"\bdieu\s+(?P<num>\d{1,3})\b(?![/.,-]\d)")
YEAR = re.compile(r"(?<![\d/.-])((?:19|20)\d\d)(?![\d/])")
YEAR_RANGE = re.compile(r"((?:19|20)\d\d)\s*(?:-|–|đến|den|tới|toi)\s*(?:năm\s+|nam\s+)?((?:19|20)\d\d)")



@dataclass(frozen=True)
class Requirement:
    """One thing the question names that an answer's evidence must mention.

    ``kind``: year, numbered, article, place, agency. ``label`` is what a user reads in an
    abstention ("năm 2030", "giai đoạn 3"); ``forms`` are the folded spellings that meet it.
    """

    kind: str
    label: str
    forms: tuple[str, ...]
    value: int | None = None  # year, article number or the entity's number


@dataclass
class QuestionConstraints:
    """A question's intent and the qualifiers it names. Built once per question
    (:func:`parse_constraints`); read by the scope, the composer and the verifier."""

    question: str
    intent: QuestionIntent
    requirements: list[Requirement] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Requirement]:
        return [r for r in self.requirements if r.kind == kind]

    @property
    def articles(self) -> list[int]:
        return [r.value for r in self.of_kind("article") if r.value is not None]

    @property
    def names(self) -> list[tuple[str, ...]]:
        """The places and proper names the question gives, each as its folded forms."""
        return [r.forms for r in self.of_kind("place")]


# A full date in folded text: "31/12/2006", "31-12-2006", "ngay 31 thang 12 nam 2006".
DATE = re.compile(
    r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*((?:19|20)\d\d)(?!\d)"
    r"|\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+((?:19|20)\d\d)\b"
)


def date_key(day: str, month: str, year: str) -> str | None:
    """"31/12/2006" for any spelling of that day; None when it is no date (month 13)."""
    d, m = int(day), int(month)
    return f"{d}/{m}/{year}" if 1 <= d <= 31 and 1 <= m <= 12 else None


def date_keys(folded: str) -> list[str]:
    """The days a folded text writes with :data:`DATE`, as :func:`date_key` spells them."""
    keys = (date_key(*((m.group(1), m.group(3), m.group(4)) if m.group(1) else m.group(5, 6, 7)))
            for m in DATE.finditer(folded))
    return [k for k in keys if k]


def _dates(text: str, folded: str) -> list[Requirement]:
    return [Requirement("date", f"ngày {key}", (key,), int(key.rsplit("/", 1)[1])) for key in date_keys(folded)]


def _years(question: str, folded: str) -> list[Requirement]:
    out = []
    for year in dict.fromkeys(YEAR.findall(question)):
        out.append(Requirement("year", f"năm {year}", (year,), int(year)))
    return out


def _as_typed(text: str, folded: str, span: tuple[int, int]) -> str:
    """The words at ``span`` of the folded text as the user wrote them (folding keeps lengths)."""
    return text[span[0]:span[1]] if len(text) == len(folded) else folded[span[0]:span[1]]


def _classes(text: str, folded: str) -> list[Requirement]:
    """A class named by a letter (:mod:`qa.categories`); its label's letter a capital ("loai D" is restored "loại Đ")."""
    return [Requirement("class", f"{_as_typed(text, folded, (span[0], span[0] + len(label)))} {letter.upper()}",
                        (label, letter)) for span, label, letter in categories(folded)]


def _numbered(text: str, folded: str) -> list[Requirement]:
    out = []
    for m in _NUMBERED.finditer(folded):
        value = number_value(m.group("num"))
        if value is None or value >= 1900:
            continue
        typed = _as_typed(text, folded, m.span())
        if m.group("label") in _TYPED_LABELS and typed.split()[0].lower() not in _TYPED_LABELS[m.group("label")]:
            continue
        out.append(Requirement("numbered", typed, (m.group("label"),), value))
    return out


# A month or quarter, with the year it may carry ("tháng 3/2005", "quý 1 năm 2005", "quý II").
_PERIOD = re.compile(r"\b(?P<label>thang|quy)\s+(?P<num>\d{1,2}|[iv]{1,3})\b(?:\s*(?:/|-|nam)\s*(?P<year>(?:19|20)\d\d))?")
ORDINALS = {"nhat": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9,
             "muoi": 10}
# "quan điểm thứ năm", "nhiệm vụ thứ hai": the n-th item of a kind.
_ORDINAL = re.compile(r"\b(?P<label>quan diem|nhiem vu|giai phap|muc tieu|noi dung|giai doan|dot|phan|chuong)\s+thu\s+"
                      r"(?P<num>nhat|hai|ba|tu|bon|nam|sau|bay|tam|chin|muoi|\d{1,2})\b")
# A form or table by its code: "Biểu C01", "mẫu số 12", "Mẫu B02-DN", "mẫu MĐ-2", "MTB-10B" ("MĐ-4" is
# no form of the library's MĐ-1, 2, 3, 5: four helpers asked it, answered from MĐ-2).
FORM_CODE = re.compile(r"\b(?P<label>bieu|mau)\s+(?:so\s+)?(?P<code>[a-z]{1,2}\d{1,3}[a-z]?(?:-[a-z]{1,4})?"
                        r"|[a-z]{1,3}-\d{1,3}[a-z]?)(?![\w-])")


# A quantity the question gives as a qualifier ("xe 16 chỗ", "xe 2 bánh", "dự án trên 500 lao
# động"): the answer must be about that one, not its neighbour in the same table. A number of its own:
# the digits of a form's code are none ("Biểu B01 cho vay …").
_GIVEN_QUANTITY = re.compile(
    r"(?<![\w/.,])(?P<num>\d{1,4})\s+(?P<unit>cho|banh|tang|giuong|lao dong|ha|con|nguoi)\b(?!\s*(?:nao|bao))"
)
# A district, town or commune typed in lower case ("huyen can gio", "h. xuan loc").
_DISTRICT = re.compile(r"\b(?:huyện|quận|thị xã|[hH]\.)\s*(?P<name>[^\W\d_]+\s+[^\W\d_]+)\b")  # with diacritics: "quản" is no "quận"
# Taxes, fees and funds are named concepts: "thuế thu nhập cá nhân" is not "thuế thu nhập doanh nghiệp".
_NAMED_LEVY = re.compile(
    r"(?<!kinh )(?<!chi )\b(?P<head>thue|le phi|phi|quy)\s+(?P<name>(?:thu nhap (?:ca nhan|doanh nghiep)|gia tri gia tang|tieu thu dac biet"
    r"|nhap khau|xuat khau|tai nguyen|su dung dat|mon bai|chuyen loi nhuan|tncn|tndn|gtgt|ttdb"
    # the other taxes and charges of the tax administration law, as officials name them ("thuế thu
    # nhập bổ sung" is left out: its decree writes "thuế thu nhập doanh nghiệp bổ sung", and a
    # question of the opened sets naming it the short way was refused)
    r"|bao ve moi truong|nha dat|chuyen quyen su dung dat|chong ban pha gia|truoc ba)"
    r"|bao lanh tin dung"
    r"|ho tro [a-z]+ [a-z]+|dau tu [a-z]+ [a-z]+)"
)
_DISTRICT_STOP = frozenset("co la duoc nam thi va cua de nao bao bn".split())


def _given(text: str, folded: str) -> list[Requirement]:
    out = []
    for m in _GIVEN_QUANTITY.finditer(folded):
        if re.search(r"(?:bao nhieu|may|bn)\s*$", folded[: m.start()]):
            continue
        if re.search(r"\bnam\s*$", folded[: m.start()]) and len(m.group("num")) == 4:
            continue  # "năm 1999 cho dự án": a year, and "cho" is "for" (folded, "chỗ" reads the same)
        if int(m.group("num")) == 1 and re.search(r"(?:bao nhieu|may|bn)(?:\s+\w+){1,2}\s*$", folded[: m.start()]):
            continue  # "bao nhiêu tấn 1 ha": a rate's denominator, not a given quantity
        typed = _as_typed(text, folded, m.span())
        if m.group("unit") == "cho" and typed.endswith(" cho") and text.lower() != folded:
            continue  # "giai đoạn 1998-2000 cho các tỉnh": written with its marks, "cho" is "for", not "chỗ"
        phrase = f"{int(m.group('num'))} {m.group('unit')}"
        out.append(Requirement("quantity", typed, (phrase,), int(m.group("num"))))
    cased = capitalizes_names(text)
    for m in _DISTRICT.finditer(text):
        name = fold_accents(m.group("name").lower())
        if any(w in _DISTRICT_STOP for w in name.split()) or (cased and m.group("name")[0].islower()):
            continue  # "huyện bình thường" in a question that capitalizes names: an ordinary district
        out.append(Requirement("place", m.group("name"), (name,)))
    for m in _NAMED_LEVY.finditer(folded):
        if re.search(r"\b(?:bao nhieu|bao lau|bn|nao|gi|may)\b", m.group("name")):
            continue  # "quỹ hỗ trợ bao nhiêu": the question's words, not the fund's name
        phrase = f"{m.group('head')} {m.group('name')}"
        out.append(Requirement("levy", _as_typed(text, folded, m.span()), with_abbreviations({phrase})))
    return out


# The level of government or of evaluation a question names ("cấp xã", "cấp Bộ", "cấp cơ sở"):
# a neighbouring level is the commonest near miss of procedures and duties.
LEVELS = ("bo", "co so", "nha nuoc", "tinh", "huyen", "xa", "trung uong", "quoc gia", "thanh pho", "phuong")
LEVEL = re.compile(r"\bcap\s+(" + "|".join(LEVELS) + r")\b")


# How texts name the local levels without the word "cấp": "phường, xã, thị trấn", "các huyện".
_LEVEL_FORMS = {
    "xa": ("xa, phuong", "phuong, xa", "cac xa", "moi xa"),
    "huyen": ("quan, huyen", "huyen, quan", "huyen, thi xa", "cac huyen", "moi huyen"),
    "tinh": ("tinh, thanh pho", "cac tinh", "moi tinh"),
}


def _levels(text: str, folded: str) -> list[Requirement]:
    return [Requirement("level", _as_typed(text, folded, m.span()),
                        (f"cap {m.group(1)}", *_LEVEL_FORMS.get(m.group(1), ())))
            for m in LEVEL.finditer(folded)]


def _periods(text: str, folded: str) -> list[Requirement]:
    out = []
    for m in _PERIOD.finditer(folded):
        value = number_value(m.group("num"))
        limit = 12 if m.group("label") == "thang" else 4
        if value is None or not 1 <= value <= limit:
            continue
        out.append(Requirement("numbered", _as_typed(text, folded, (m.start(), m.end("num"))), (m.group("label"),), value))
        if m.group("year"):
            out.append(Requirement("year", f"năm {m.group('year')}", (m.group("year"),), int(m.group("year"))))
    for m in _ORDINAL.finditer(folded):
        num = m.group("num")
        value = int(num) if num.isdigit() else ORDINALS[num]
        out.append(Requirement("ordinal", _as_typed(text, folded, m.span()), (m.group("label"),), value))
    for m in FORM_CODE.finditer(folded):
        code = m.group("code")
        out.append(Requirement("form", _as_typed(text, folded, m.span()), (code,), None))
    return out


def _articles(folded: str) -> list[Requirement]:
    return [Requirement("article", f"Điều {m.group('num')}", ("dieu",), int(m.group("num")))
            for m in _ARTICLE.finditer(folded)]


def _places(text: str, folded: str, agencies: list[Requirement]) -> list[Requirement]:
    """Provinces and the proper names the question gives — but not a name that is part of an
    agency it names ("Cục Hàng không …" gives the agency, not a place "Cục Hàng")."""
    out: dict[str, Requirement] = {}
    for m in PROVINCE.finditer(folded):
        out[m.group(1)] = Requirement("place", _as_typed(text, folded, m.span(1)), (m.group(1),))
    named = [form for agency in agencies for form in agency.forms]
    for name in required_mentions(text):
        if YEAR.fullmatch(name) or any(name in p or p in name for p in out) or any(name in f for f in named):
            continue
        out[name] = Requirement("place", name, (name,))
    return list(out.values())


def _titles(text: str) -> list[Requirement]:
    return [Requirement("title", label, forms, year) for label, forms, year in titles(text)]


def parse_constraints(question: str, restored: str | None = None) -> QuestionConstraints:
    """The constraints of a question (``restored``: its diacritic-restored form, when the
    user typed without marks — agencies are read from it, years and numbers from either)."""
    text = " ".join((restored or question).split())
    folded = fold_accents(text.lower())
    agencies = [Requirement("agency", label, forms) for label, forms in named_agencies(text)]
    requirements = (
        _articles(folded) + _years(text, folded) + _numbered(text, folded) + _classes(text, folded) + _periods(text, folded)
        + _places(text, folded, agencies) + agencies + _titles(text) + _given(text, folded) + _levels(text, folded) + _dates(text, folded)
    )
    requirements = list({(r.kind, r.forms, r.value): r for r in requirements}.values())
    return QuestionConstraints(question=question, intent=question_intent(question, restored), requirements=requirements)
