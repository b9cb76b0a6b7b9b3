"""Administrative abbreviations: "TNDN" in a question is "thu nhập doanh nghiệp" in the text.

Vietnamese official writing abbreviates the names of taxes, bodies and programmes, and
users type the short form as often as the long one. Neither the lexical vector nor the
coverage of a question's terms sees that "TNDN" and "thu nhập doanh nghiệp" are the same
words, so a question in one form misses the answer written in the other. The list holds
the standard forms that occur in the reference corpus (counted over its texts) and the
common ones of provincial Party and government documents; document-type codes ("NQ",
"QĐ") are handled by :mod:`common.vietnamese.numbers` instead.
"""

from __future__ import annotations

import re
from functools import lru_cache

from common.vietnamese.normalize import fold_accents, syllables
from common.vietnamese.syllables import is_syllable

ABBREVIATIONS: dict[str, str] = {
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "mttq": "mặt trận tổ quốc",
    "bch": "ban chấp hành",
    "btv": "ban thường vụ",
    "bcđ": "ban chỉ đạo",
    "bql": "ban quản lý",
    "vpcp": "văn phòng chính phủ",
    "cnh": "công nghiệp hóa",
    "hđh": "hiện đại hóa",
    "xhcn": "xã hội chủ nghĩa",
    "cbcc": "cán bộ công chức",
    "cntt": "công nghệ thông tin",
    "csdl": "cơ sở dữ liệu",
    "khcn": "khoa học công nghệ",
    "khcnmt": "khoa học công nghệ môi trường",
    "bvmt": "bảo vệ môi trường",
    "tnmt": "tài nguyên môi trường",
    "gtgt": "giá trị gia tăng",
    "tndn": "thu nhập doanh nghiệp",
    "tncn": "thu nhập cá nhân",
    "ttđb": "tiêu thụ đặc biệt",
    "xnk": "xuất nhập khẩu",
    "tscđ": "tài sản cố định",
    "nsnn": "ngân sách nhà nước",
    "kbnn": "kho bạc nhà nước",
    "nhnn": "ngân hàng nhà nước",
    "tctd": "tổ chức tín dụng",
    "dnnn": "doanh nghiệp nhà nước",
    "qlnn": "quản lý nhà nước",
    "qlda": "quản lý dự án",
    "đtxd": "đầu tư xây dựng",
    "bhxh": "bảo hiểm xã hội",
    "bhyt": "bảo hiểm y tế",
    "kcn": "khu công nghiệp",
    "ccn": "cụm công nghiệp",
    "htx": "hợp tác xã",
    "thcs": "trung học cơ sở",
    "thpt": "trung học phổ thông",
    # Typed by officials in chat and search boxes (set B of the trust issue: accentless and
    # abbreviated questions lost most recall).
    "dn": "doanh nghiệp",
    "dnnvv": "doanh nghiệp nhỏ và vừa",
    "xk": "xuất khẩu",
    "nk": "nhập khẩu",
    "sxkd": "sản xuất kinh doanh",
    "cq": "cơ quan",
    "tp": "thành phố",
    "cty": "công ty",
    "qlý": "quản lý",
    # Statistics, budgets and plans, as officials abbreviate them in questions about reports
    # and tables (sealed sets 2–7: "KN NK", "TVĐT", "QT NS 2004", "KH 2005").
    "kn": "kim ngạch",
    "kh": "kế hoạch",
    "đtnn": "đầu tư nước ngoài",
    "tvđt": "tổng vốn đầu tư",
    "da": "dự án",
    "qt": "quyết toán",
    "ns": "ngân sách",
    "bc": "báo cáo",
    "vb": "văn bản",
    "vs": "vệ sinh",
    "ctr": "chất thải rắn",
    "vpp": "văn phòng phẩm",
    "đkkd": "đăng ký kinh doanh",
    "tnlđ": "tai nạn lao động",
    "bhlđ": "bảo hộ lao động",
    "bllđ": "bộ luật lao động",
    "đnb": "đông nam bộ",
    # The Party committee's and ministries' short names, as provincial staff type them
    # ("BTV TU", "Sở TN&MT", "Bộ KH&ĐT"; "&" is dropped before the lookup).
    "tu": "tỉnh ủy",
    "ttg": "thủ tướng",
    "khđt": "kế hoạch và đầu tư",
    "nnptnt": "nông nghiệp và phát triển nông thôn",
    "lđtbxh": "lao động thương binh và xã hội",
    # Found without a long form in the opened questions (session 30: 67 "SXTN", 28 "TNHH", 10 "VĐL", …), each
    # with one meaning in administrative writing; the ones with two ("CN", "TC", "DT", "TB", "NN") are left out,
    # and so are "FDI" and "HCM": spelt out, they had two near misses answered and a "TP.HCM" question refused.
    "sxtn": "sản xuất thử nghiệm",
    "tnhh": "trách nhiệm hữu hạn",
    "vđl": "vốn điều lệ",
    "xdcb": "xây dựng cơ bản",
    "btc": "bộ tài chính",
    "bkhcn": "bộ khoa học và công nghệ",
    "snkh": "sự nghiệp khoa học",
    "nvl": "nguyên vật liệu",
    "nđt": "nhà đầu tư",
    "qlhc": "quản lý hành chính",
    "kcx": "khu chế xuất",
    "nhtm": "ngân hàng thương mại",
    "cchc": "cải cách hành chính",
    "gcn": "giấy chứng nhận",
    "lđ": "lao động",
    "hq": "hải quan",
    "vc": "viên chức",
    "kd": "kinh doanh",
    "vn": "việt nam",
}
# Two-letter forms that are also words or chat shorthand when typed in lower case ("da phu kin"
# is "đã phủ kín", "vs" is "với"): expanded only when written in capitals.
CAPITALS_ONLY = frozenset({"da", "qt", "ns", "bc", "vb", "vs", "kh", "kn", "tu", "vc"})

# Chat shorthand for function words: replaced in the question before diacritics are
# restored ("mức thuế bn" → "mức thuế bao nhiêu"), so that what the question asks for (a
# figure: "bao nhiêu"; a negation: "không") is read as typed. Whole tokens only.
CHAT_WORDS: dict[str, str] = {
    "ko": "không", "k": "không", "kg": "không", "khg": "không", "hok": "không",
    "dc": "được", "đc": "được", "dk": "được",
    "bn": "bao nhiêu", "bnhieu": "bao nhiêu",
    "vs": "với", "nhg": "nhưng", "ntn": "như thế nào", "j": "gì", "cx": "cũng",
    "ng": "người", "trc": "trước", "tgian": "thời gian", "sd": "sử dụng", "qly": "quản lý",
}
_CHAT = re.compile(r"(?<![\w/.-])(" + "|".join(sorted(map(re.escape, CHAT_WORDS), key=len, reverse=True))
                   + r")(?![\w/.-])", re.IGNORECASE)


def expand_chat(text: str) -> str:
    """``text`` with chat shorthand spelled out ("dc" → "được", "bn" → "bao nhiêu"). A token in
    capitals is an abbreviation, not chat ("phí VS" is "vệ sinh", not "với")."""
    def repl(m: re.Match) -> str:
        token = m.group(1)
        return token if len(token) > 1 and token.isupper() else CHAT_WORDS[token.lower()]

    return _CHAT.sub(repl, text)
# Typed without diacritics ("tndn", "ubnd", "hdnd"): the folded key finds the same entry.
_BY_FOLDED = {fold_accents(k): v for k, v in ABBREVIATIONS.items()}
_AMPERSAND = re.compile(r"(?<![\w/-])[A-ZĐ]{1,3}(?:-[A-ZĐ]{1,3})?&[A-ZĐ]{1,4}(?![\w/-])")
_TOKEN = re.compile(r"(?<![\w/-])([A-Za-zĐđ]{2,7})(?![\w/-])")
# Two capital codes joined by a hyphen that together are one abbreviation: "ĐT-XD" is "ĐTXD" (đầu tư xây
# dựng), as the catalogue of legal texts writes it; "NĐ-CP" in a number follows a "/" and is left alone.
_HYPHENED = re.compile(r"(?<![\w/-])([A-ZĐ]{1,3})-([A-ZĐ]{1,3})(?![\w/-])")


def expansion(token: str) -> str | None:
    """The long form of an abbreviation (any case, with or without "Đ"), or None."""
    key = token.lower()
    return ABBREVIATIONS.get(key) or _BY_FOLDED.get(fold_accents(key))


def expand_text(text: str) -> str:
    """``text`` with each known abbreviation followed by its long form in brackets:
    "thuế TNDN" → "thuế TNDN (thu nhập doanh nghiệp)". Only upper-case tokens count in
    running text; a question typed all in lower case ("thue tndn") is expanded too."""
    text = _AMPERSAND.sub(lambda m: m.group(0).replace("&", "").replace("-", ""), text)  # "TN&MT" is "TNMT"
    text = _HYPHENED.sub(lambda m: f"{m.group(0)} ({long})" if (long := expansion(m.group(1) + m.group(2)))
                         else m.group(0), text)
    lowercase_question = text == text.lower()

    def repl(m: re.Match) -> str:
        token = m.group(1)
        if not (token.isupper() or lowercase_question and token.lower() not in CAPITALS_ONLY):
            return token
        long_form = expansion(token)
        return f"{token} ({long_form})" if long_form else token

    return _TOKEN.sub(repl, text)


def spell_out(text: str) -> str:
    """``text`` with each known upper-case abbreviation replaced by its long form ("Danh mục các VB
    pháp quy … ĐT-XD" → "Danh mục các văn bản pháp quy … đầu tư xây dựng"): a title compared word
    for word with a request that writes the words out."""
    text = _HYPHENED.sub(lambda m: expansion(m.group(1) + m.group(2)) or m.group(0), text)
    return _TOKEN.sub(lambda m: (expansion(m.group(1)) or m.group(1)) if m.group(1).isupper() else m.group(1), text)


def _phrases() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for short, long_form in ABBREVIATIONS.items():
        (key,) = syllables(short)
        out[key] = tuple(syllables(long_form))
    return out


PHRASES = _phrases()  # abbreviation (index form) → its long form's syllables (index form)
# Each long form's adjacent pairs, and the abbreviations by their long form's first pair, made
# once: every passage sentence a question meets is checked against all of them.
_PHRASE_PAIRS = {short: frozenset(zip(phrase, phrase[1:])) for short, phrase in PHRASES.items()}
_BY_FIRST_PAIR: dict[tuple[str, str], list[str]] = {}
for _short, _phrase in PHRASES.items():
    _BY_FIRST_PAIR.setdefault((_phrase[0], _phrase[1]), []).append(_short)
_SHORTS, _FIRST_PAIRS = frozenset(PHRASES), frozenset(_BY_FIRST_PAIR)


# Abbreviations the loaded documents define themselves, "giá trị sản xuất công nghiệp (GTSXCN)", and
# then use alone ("Tính gộp 2 tháng đầu năm GTSXCN ước đạt 89.084 tỷ đồng"): read from their texts
# whenever the library changes (:meth:`qa.documents.LoadedDocuments.entries`), abbreviation (index
# form) → its long form's syllables. Only the abbreviation's side is widened: a question that types
# the abbreviation meets the long form through :func:`spells` already.
_DEFINED: dict[str, tuple[str, ...]] = {}  # replaced whole, never changed in place: readers take it once
_BRACKETED = re.compile(r"\(\s*([A-ZĐ][A-ZĐa-z&]{2,9})\s*\)")
_WORDS_BEFORE = re.compile(r"(?:[^\W\d_]+[ \t-]+){1,8}$")
_LOOK_BACK = 120  # characters before a bracket: eight words of a long form


def defined_in(text: str) -> dict[str, str]:
    """The abbreviations ``text`` defines in brackets after their long form, whose syllables they
    spell ("Ngân hàng thương mại Nhà nước (NHTMNN)" → {"nhtmnn": "ngân hàng thương mại nhà nước"}).
    Three letters or more: two are too few to trust. Each bracket is read with the words just
    before it (≈ 0.03 s on the whole corpus; a pattern over the text took forty times that)."""
    found: dict[str, str] = {}
    for m in _BRACKETED.finditer(text):
        before = _WORDS_BEFORE.search(text[max(0, m.start() - _LOOK_BACK):m.start()])
        if before is None or "-" in before.group(0).strip():
            continue
        short = m.group(1).replace("&", "")
        letters = fold_accents(short).lower()
        words = before.group(0).split()
        if len(letters) < 3 or len(letters) > len(words):
            continue
        long_form = words[-len(letters):]
        if all(fold_accents(w[0]).lower() == c for w, c in zip(long_form, letters)):
            found[syllables(short)[0]] = " ".join(long_form).lower()
    return found


def define(definitions: dict[str, str]) -> bool:
    """Take the loaded documents' own definitions (:func:`defined_in`) as the ones in force; the table's
    standard forms keep theirs. The table is swapped whole, so a reader on another thread sees the
    old one or the new one. :returns: whether anything changed (cached text terms are then stale)."""
    global _DEFINED
    fresh = {short: tuple(syllables(long_form)) for short, long_form in definitions.items() if short not in PHRASES}
    if fresh == _DEFINED:
        return False
    _DEFINED = fresh
    return True


def equivalent_terms(terms: set[str], pairs: set[tuple[str, str]]) -> tuple[set[str], set[tuple[str, str]]]:
    """Terms and adjacent pairs a text also stands for: the long form of each abbreviation it
    holds (the table's or one a loaded document defines), and the abbreviation of each long form of
    the table it holds (all in index form). Only the abbreviations the text holds, and those whose
    long form's first pair it holds, are looked at."""
    extra_terms: set[str] = set()
    extra_pairs: set[tuple[str, str]] = set()
    held = _SHORTS & terms
    for short in held:
        extra_terms.update(PHRASES[short])
        extra_pairs.update(_PHRASE_PAIRS[short])
    defined = _DEFINED  # one table for the whole call (define() swaps it)
    for short in defined.keys() & terms:
        phrase = defined[short]
        extra_terms.update(phrase)
        extra_pairs.update(zip(phrase, phrase[1:]))
    for first in _FIRST_PAIRS & pairs:
        for short in _BY_FIRST_PAIR[first]:
            if short not in held and _PHRASE_PAIRS[short] <= pairs:
                extra_terms.add(short)
    return extra_terms, extra_pairs


# Abbreviations the table does not hold ("HĐ sơ tuyển", "Quỹ BLTD", "xử phạt VPHC") are read
# from the text they are checked against: Vietnamese abbreviations take the first letter of
# each syllable, so "thành viên" spells TV and "bảo lãnh tín dụng" spells BLTD.
ACRONYM_LETTERS = (2, 6)  # shorter is a letter, longer is a code ("B1-2-TMĐT") — not an abbreviation


def is_acronym(term: str) -> bool:
    """An index-form term that can only be an abbreviation: 2–6 letters that are no Vietnamese
    syllable ("tv", "hđ", "bltd"; not "ban"), and not one the table already spells out."""
    low, high = ACRONYM_LETTERS
    return (low <= len(term) <= high and term.isalpha() and term not in PHRASES
            and not is_syllable(term))


@lru_cache(maxsize=65536)
def syllable_initials(text: str) -> str:
    """The first letter of each syllable of ``text``, accent-folded ("đ" as "d"); "|" for a
    token that is no word (a figure, a number), which no abbreviation spans."""
    return "".join(fold_accents(t[0]) if t[0].isalpha() else "|" for t in syllables(text))


def spells(acronym: str, text: str) -> bool:
    """Whether a run of syllables of ``text`` spells ``acronym`` by their first letters."""
    return fold_accents(acronym) in syllable_initials(text)
