"""What a question asks for, and what a sentence can answer: pure functions on text.

Lexical coverage says a sentence is *about* the question; it does not say the sentence
gives what was asked. Three cheap checks close much of that gap (the "expected answer
type" of classic question answering):

* a question for a quantity ("bao nhiêu", "mức nào", "tỷ lệ …") is answered by a
  sentence that holds a figure — not by one that only shares its words;
* a question for a time ("ngày nào", "khi nào", "thời hạn") by a sentence with a date or
  a duration; "… ban hành ngày nào, ở đâu" by the place-and-date line of the document;
* a question for an agent ("cơ quan nào", "đơn vị nào", "ai …") by a sentence that names a
  body, an office holder or a class of persons — not by one that only restates the task;
* a heading ("Điều 8. Những điều cấm …", "NGHỊ QUYẾT") names a subject and answers
  nothing, so it is never an answer sentence.

Questions are matched on the accent-folded form, so they work typed without diacritics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from common.vietnamese.normalize import fold_accents
from common.vietnamese.sentences import split_sentences
from qa.asked_numbers import form_code_asked, reference_asked, without_references

_LIST = re.compile(
    r"\b(nhung|cac|gom|bao gom|liet ke)\b.*\b(gi|nao|ra sao)\b|\bnhung gi\b|\bnhung (ai|dau)\b|\bgom nhung\b"
)
_QUANTITY = re.compile(
    r"\b(bao nhieu|muc nao|muc bao|ty le (la )?(bao|nao)|toi da|toi thieu|bao lau|thue suat nao|so luong)\b"
)
# "những mức tiền hằng tháng nào": a frequency before "nào" asks which kind, not when.
_TIME = re.compile(r"\b((?<!hang )(?<!moi )(?:ngay|nam|thang) nao|khi nao|bao gio|thoi diem nao|thoi han|tu ngay nao|"
                   r"hieu luc tu)\b")
# "hạn gửi là ngày mấy", "chậm nhất ngày bao nhiêu": a day of the month — a date, not a quantity
# (three opened questions refused: "ngày 5" is no figure); "mỗi ngày bao nhiêu" is a rate per day.
_DAY_ASKED = re.compile(r"(?<!moi )(?<!hang )(?<!mot )\bngay (?:may|bao nhieu)\b(?! (?:ngay|lan|nguoi|tien|dong))")
_ISSUED = re.compile(r"\b(ban hanh|ky|phat hanh)\b.{0,30}\b(ngay nao|khi nao|bao gio|nam nao|o dau|tai dau|noi nao)\b")
_WHO_ISSUED = re.compile(
    r"\b(ban hanh|ky)\b.{0,25}\b(co quan nao|ai|don vi nao)\b|\b(co quan nao|ai|don vi nao)\b.{0,25}\b(ban hanh|ky)\b"
)
_WHICH_DOCUMENT = re.compile(
    r"\b(van ban|cong van|nghi quyet|chi thi|quyet dinh|ke hoach|thong tu|nghi dinh|luat|ket luan|chuong trinh"
    r"|huong dan|bao cao|to trinh)\s+(nao|gi)\b"
)
# The question names a document as the object of another one ("công văn triển khai Kết
# luận 02", "10 năm thực hiện Nghị quyết 41"): the answer is in the other document.
_RELATION_BEFORE = re.compile(
    r"\b(trien khai|thuc hien|huong dan|quan triet|cu the hoa|so ket|tong ket|sua doi|bo sung|thay the|can cu"
    r"|tren co so|de thuc hien|ve viec)\s*(thuc hien\s*)?(cua\s*)?$"
    # "công văn (của BTV Tỉnh ủy) về Kết luận 02", "cv … ve KL 02": a document about the named one
    r"|\b(cong van|cv|ke hoach|bao cao|chuong trinh|thong bao|to trinh|huong dan)\b[^,.;:?]{0,30}\bve\s*$"
)

_DATE_IN_TEXT = re.compile(
    r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}|\bngày\s+\d{1,2}\b|\btháng\s+\d{1,2}\b|\bnăm\s+(19|20)\d\d\b"
    r"|\bkể từ ngày\b|\b\d+\s+(\((?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi|lăm|\s)+\)\s+)?(ngày|tháng|năm|giờ|tuần)\b"  # "1 (một) năm"
    r"|\b(một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi|lăm)\s+(\(\d+\)\s+)?(ngày|tháng|năm|giờ|tuần)\b"
    r"|\b(quý|năm)\s+(I|II|III|IV|tới|sau|trước)\b",
    re.IGNORECASE,
)
# A share in words: "ba phần tư", "hai phần ba", "quá nửa" (a quorum, a majority).
_SPELLED_SHARE = re.compile(
    r"\b(một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+phần\s+(hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười)\b"
    r"|\b(quá|hơn|một)\s+nửa\b",
    re.IGNORECASE,
)
# Digits that are not figures: dates, years, document numbers, numbering of provisions.
_NOT_A_FIGURE = re.compile(
    r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}|\b\d+/\d{4}/[\wĐđ-]+|\b\d+[-/][A-ZĐ]{1,5}(?:[-/][A-ZĐ]{1,5})*\b"
    r"|\b(ngày|tháng|năm|khóa|khoá|Điều|điều|khoản|Khoản|điểm|Điểm|mục|Mục|Chương|chương|số|Số|lần thứ)\s+[\dIVX][\w/.-]*"
    r"|^\s*\d+(\.\d+)*[.)-]\s|\b(19|20)\d\d\b"
    # A page number: a short number alone on a sentence's first or last line ("45\nnghèo, …").
    r"|^\s*\d{1,3}[ \t]*\n|\n[ \t]*\d{1,3}\s*$"
    # A date left blank in a template ("ngày    /7/200"): digits after a slash with none before it.
    r"|(?<![\d\s])\s*/\s*\d+(?:\s*/\s*\d*)?|(?<=\s)/\s*\d+(?:\s*/\s*\d*)?",
)
_SPELLED_FIGURE = re.compile(
    r"\b(hai|ba|bốn|sáu|bảy|tám|chín|mười|mươi|lăm|trăm|nghìn|ngàn|triệu|tỷ)\s+"
    r"(\w+\s+){0,2}(phần trăm|ngày|tháng|năm|người|lần|đồng|%)",
    re.IGNORECASE,
)
_PLACE_DATE = re.compile(r"\w[^\n,]{1,40},\s*ngày\s*\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4}", re.IGNORECASE)
_MARKER_HEADING = re.compile(r"^\s*(?:(?:Điều|Chương|Mục|Phần|Phụ lục)\s+[\dIVXLC]+[a-zđ]?|[IVXLC]+)\s*[.:)]", re.IGNORECASE)
SHORT_LINE_SYLLABLES = 12  # a line this short without final punctuation or figures is a title
_TERMINAL = re.compile(r"[.,;:!?…][”\"’»)\]]*\s*$")


# Clauses that cite other documents or the drafting procedure: the legal basis of a text
# ("Căn cứ Luật …", "Xét đề nghị của …") and items of a list of documents ("+ Thông tư số
# 90TC/TCT ngày … hướng dẫn …"). They share many words with a question about the same
# subject and answer only a question about the basis or the procedure itself.
_REFERENCE_CLAUSE = re.compile(
    # and an attachment's caption, "(Ban hành kèm theo Quyết định số … ngày …)": it says whose annex
    # this is (a lead quote in 13 opened answers, 9 of them not holding what was asked)
    r"^\W*(?:ban hành\s+)?kèm theo\s+(?:luật|pháp lệnh|nghị định|nghị quyết|quyết định|thông tư|chỉ thị|công văn"
    r"|biên bản|thông tư liên tịch)\b|"
    r"^\W*(căn cứ|xét đề nghị|theo đề nghị|xét tờ trình)\b|^\s*(?:[-+•–]|[a-zđ]\)|\d+[.)])\s*(luật|pháp lệnh|nghị định"
    r"|nghị quyết|quyết định|thông tư|chỉ thị|công văn|kết luận|thông báo|thông tư liên tịch)\s+(số\s+)?[\w/.-]*\d",
    re.IGNORECASE,
)
# "… gửi đến cơ quan nào", "nộp báo cáo cho cq nào", "nơi nhận": the recipient stands in the
# frame ("Kính gửi: …", "Nơi nhận: …") of a form or a letter, not in its provisions (folded).
_ASKS_RECIPIENT = re.compile(
    r"\b(?:gui|nop)\b(?:\s+\S+){0,6}?\s+(?:den|cho|toi|ve)?\s*(?:co quan|cq|don vi|dv|noi|ai)\s+(?:nao|dau)\b"
    r"|\b(?:gui|nop)\b(?:\s+\S+){0,6}?\s+(?:den|cho|toi|ve)\s+(?:ai|dau)\b|\b(?:don vi|dv|co quan|cq) nao nhan\b"
    r"|\bkinh gui\b|\bnoi nhan\b"
)
_ASKS_BASIS = re.compile(r"\b(can cu|de nghi|to trinh|dua tren|co so phap ly)\b")
# "Cơ quan nào …", "đơn vị nào", "những ngành nào", "ai …" (folded; "cấp nào" asks for a level,
# "đối tượng nào" for a class of cases: neither is necessarily an agent).
# Who signed a document ("Ai ký …", "… do ai ký", "đồng chí nào ký", "người ký"); "đăng ký"
# (to register) is not signing.
SIGNER_QUESTION = re.compile(
    r"\b(ai|nguoi nao)\b.{0,20}(?<!dang )\bky\b|(?<!dang )\bky\b.{0,25}\b(ai|nguoi nao)\b|\bnguoi ky\b"
    r"|\bnao (da )?ky\b(?! ket)"
)
_AGENT_QUESTION = re.compile(r"\b(co quan|don vi|to chuc|bo|so|ban|nganh|ca nhan|nguoi) nao\b|\bai\b")
# What names an agent in a sentence: bodies (capitalized where the word is also common: "Sở",
# "Bộ", "Ban", "Hội" …), office holders, and the classes of persons provisions address.
_AGENT_NAMED = re.compile(
    r"\b(?:Sở|Bộ|Ban|Phòng|Cục|Vụ|Viện|Hội|Đoàn|Tòa|Toà|Đảng|Quốc hội|Chính phủ|Thủ tướng|Mặt trận|Công an"
    r"|UBND|HĐND|MTTQ|BQL|KBNN|NHNN)\b"
    r"|\b(?i:ủy ban|uỷ ban|hội đồng|tỉnh ủy|tỉnh uỷ|huyện ủy|huyện uỷ|thành ủy|đảng ủy|đảng uỷ|cấp ủy|cấp uỷ"
    r"|chính quyền|cơ quan|đơn vị|tổ chức|cá nhân|doanh nghiệp|hợp tác xã|kho bạc|ngân hàng|tổng cục|chi cục"
    r"|chủ tịch|giám đốc|thủ trưởng|người đứng đầu|trưởng ban|trưởng phòng|bộ trưởng|cục trưởng|chánh văn phòng"
    r"|cán bộ|công chức|viên chức|người lao động|người sử dụng lao động|xã viên|nhà đầu tư|công dân|hộ gia đình"
    r"|các ngành|các cấp|đoàn thể|lực lượng)\b",
)


@dataclass(frozen=True)
class QuestionIntent:
    is_list: bool
    wants_quantity: bool
    wants_time: bool
    asks_issue: bool  # "… ban hành ngày nào / ở đâu": the document's place-and-date line
    asks_which_document: bool  # "văn bản nào …": named documents are not the scope
    asks_basis: bool  # "căn cứ vào đâu", "theo đề nghị của ai": reference clauses answer it
    asks_metadata: bool  # who issued a document, or when: documents that cite it can say
    wants_agent: bool = False  # "cơ quan nào …", "ai …": a body, an office holder, a class of persons
    asks_recipient: bool = False  # "gửi đến cơ quan nào": the "Kính gửi" / "Nơi nhận" of the frame
    asks_signer: bool = False  # "ai ký …": answered by a signing (a signature, a name, "… ký"), nothing else
    # "bao lâu": a duration ("06 tháng", "mười lăm ngày"), not any figure — "hưởng 100% lương" in the
    # article on pay during probation was taken for "thời gian tập sự ngạch cán sự là bao lâu".
    wants_duration: bool = False
    wants_reference: bool = False  # "ban hành theo thông tư nào", "NĐ số mấy": a document's number
    reference_kind: str = ""  # the kind of that document, folded as asked ("nd", "thong tu"), when one is named
    wants_form_code: bool = False  # "mẫu số mấy", "ký hiệu gì": a form's code

    @property
    def asks_number(self) -> bool:
        """A document's number or a form's code is the asked fact (:mod:`qa.asked_numbers`)."""
        return self.wants_reference or self.wants_form_code

    @property
    def reads_frame(self) -> bool:
        """The answer may sit in a document's frame (header, "Căn cứ …" preamble, signature):
        questions about its issue, its basis, who issued or signed it, or to whom it is sent."""
        return self.asks_issue or self.asks_basis or self.asks_metadata or self.asks_recipient


def asks_signer(question: str) -> bool:
    """Whether ``question`` asks who signed. Read with its marks where it has them: "định kỳ",
    "kỳ họp" (a period, a session) fold to the same letters as "ký" (to sign)."""
    return bool(SIGNER_QUESTION.search(fold_accents(re.sub(r"k[ỳì]", "kx", question.lower()))))


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with ``spans`` (found in its folded twin, which keeps its offsets) made spaces."""
    for a, b in reversed(spans):
        text = f"{text[:a]}{' ' * (b - a)}{text[b:]}"
    return text


def question_intent(question: str, restored: str | None = None) -> QuestionIntent:
    """What kind of fact ``question`` asks for (``restored``: its diacritic-restored form, when
    the user typed without marks)."""
    lower = question.lower()
    q = fold_accents(lower)
    asks_issue = bool(_ISSUED.search(q))
    days = [m.span() for m in _DAY_ASKED.finditer(q)]
    asks_day = bool(days)
    if asks_day:  # the day asked is no quantity: what remains may still ask one
        if len(lower) == len(q):  # folding kept the offsets: the same words as typed
            lower = _blanked(lower, days)
        q = _blanked(q, days)
    # Nor is the number of a document or a form ("NĐ số mấy", "mẫu số mấy").
    counted, counted_lower = without_references(q), without_references(lower)
    # "mấy" (how many) folds to "may", as does "máy" (machine, "danh mục máy, thiết bị"): a
    # question typed without diacritics asks "how many" where its restored form says "mấy".
    unmarked = counted == counted_lower and re.search(r"\bmay\b", counted)
    how_many = re.search(r"\bmấy\b", counted_lower) or (
        unmarked and (restored is None or re.search(r"\bmấy\b", without_references(restored.lower()))))
    reference_kind = reference_asked(q)
    return QuestionIntent(
        is_list=bool(_LIST.search(q)),
        wants_quantity=bool(_QUANTITY.search(counted) or how_many),
        wants_time=bool(_TIME.search(q)) or asks_issue or asks_day,
        asks_issue=asks_issue,
        asks_which_document=bool(_WHICH_DOCUMENT.search(q)),
        asks_basis=bool(_ASKS_BASIS.search(q)),
        asks_recipient=bool(_ASKS_RECIPIENT.search(q)),
        asks_metadata=asks_issue or bool(_WHO_ISSUED.search(q)),
        wants_agent=bool(_AGENT_QUESTION.search(q)),
        asks_signer=asks_signer(restored or question),  # the restored marks tell "định kỳ" from "ký"
        wants_duration=bool(re.search(r"\bbao lau\b", q)),
        wants_reference=reference_kind is not None,
        reference_kind=reference_kind or "",
        wants_form_code=form_code_asked(q),
    )


def names_as_scope(question: str, span: tuple[int, int]) -> bool:
    """Whether the document mentioned at ``span`` is what the question asks about ("Theo Nghị
    quyết 41 …", "Chỉ thị 38 giao nhiệm vụ gì …"), rather than the object of another
    document ("công văn triển khai Kết luận 02 …")."""
    before = fold_accents(question[: span[0]].lower()).rstrip(" ,:“\"")
    return not _RELATION_BEFORE.search(before[-40:])


# Capitalized words that start names of any kind (document types, bodies, "Theo", "Ở"): a
# name the question insists on must have two capitalized syllables besides these.
_GENERIC_WORDS = """theo ở tại về trong của cho và nghị quyết định luật thông tư chỉ thị công văn kết luận chương trình
    kế hoạch điều khoản điểm mục phần ban bộ sở tỉnh ủy uỷ thành phố huyện xã nhà nước chính phủ quốc hội
    trung ương đảng việt nam""".split()
# Compared with diacritics where the word has them: "Thạnh An" and "Đồng Đăng" are names, though
# "thạnh" and "đăng" fold onto the generic "thành" and "đảng"; unmarked words ("Binh Phuoc") folded.
_GENERIC_MARKED = frozenset(_GENERIC_WORDS)
_GENERIC_CAPITALS = frozenset(fold_accents(w) for w in _GENERIC_WORDS)


def _generic(word: str) -> bool:
    lower = word.lower()
    folded = fold_accents(lower)
    return lower in _GENERIC_MARKED if folded != lower else folded in _GENERIC_CAPITALS


_YEAR = re.compile(r"(?<![\d/])(19[4-9]\d|20\d\d)(?![\d/])")  # not inside "08/2001/TT-BTC"


def _name_of(run: list[str]) -> list[str]:
    """A run of capitalized words as a name (folded), when two of them are not generic."""
    specific = [w for w in run if not _generic(w)]
    return [fold_accents(" ".join(specific).lower())] if len(specific) >= 2 else []


# The numeral that ends a name of a series ("Sóng Thần III", "Tân Đông Hiệp B" is a letter and stays out):
# a near miss asks the next one of a series the documents list.
_ROMAN_SUFFIX = re.compile(r"(?:I{1,3}|IV|VI{0,3}|IX|X)")


def required_mentions(question: str) -> list[str]:
    """What the documents must mention for the question to be about them: the proper names
    it gives ("Bình Phước", "Cà Mau", "Bà Rịa – Vũng Tàu") and the years it asks about
    ("năm 2020"), accent-folded and lower-cased. A question typed in lower case gives no names.
    """
    out: list[str] = []
    words = question.split()
    run: list[str] = []
    for i, raw in enumerate(words + [""]):
        word = raw.strip("\"“”'‘’,.;:?!()[]")
        if len(run) >= 2 and _ROMAN_SUFFIX.fullmatch(word):  # "Sóng Thần III" is not "Sóng Thần" I or II
            out.extend(_name_of([*run, word]))
            run = []
            continue
        if i > 0 and word[:1].isupper() and word.isalpha() and not word.isupper():  # "KCN" is no name
            run.append(word)
            if raw.rstrip(",;:)]”\"'’") != raw:  # "Tri Tôn, Tịnh Biên, An Phú": three names
                out.extend(_name_of(run))
                run = []
            continue
        out.extend(_name_of(run))
        run = []
    out.extend(_YEAR.findall(question))
    return list(dict.fromkeys(out))


def mention_form(text: str) -> str:
    """``text`` as :func:`required_mentions` are compared with: accent-folded, lower case,
    single spaces."""
    return " ".join(fold_accents(text.lower()).split())


def mentions_all(folded_text: str, required: list[str]) -> bool:
    """``folded_text`` (:func:`mention_form`) holds every required mention."""
    return all(m in folded_text for m in required)


def is_reference_clause(sentence: str) -> bool:
    """"Căn cứ Nghị định số …", "Xét đề nghị của …", "+ Thông tư số 90TC/TCT ngày … hướng dẫn …"."""
    return bool(_REFERENCE_CLAUSE.match(sentence.strip()))


def has_substance(text: str) -> bool:
    """Whether a text says anything besides headings and reference clauses: a title block or
    "Căn cứ …; Xét đề nghị …" alone answers only questions about a document's issue or basis."""
    return any(not is_heading(text[a:b]) and not is_reference_clause(text[a:b]) for a, b in split_sentences(text))


def has_figure(sentence: str) -> bool:
    """A quantity: a number that is not a date, a year, a document number or a provision's
    numbering, a percentage, a spelled-out figure with its unit ("ba mươi phần trăm") or a
    share in words ("ba phần tư")."""
    if "%" in sentence or _SPELLED_FIGURE.search(sentence) or _SPELLED_SHARE.search(sentence):
        return True
    return bool(re.search(r"\d", _NOT_A_FIGURE.sub(" ", sentence)))


def has_agent(sentence: str) -> bool:
    """A body, an office holder or a class of persons ("Sở Tài chính", "Thủ trưởng cơ quan",
    "tổ chức, cá nhân"): what a "cơ quan nào / ai …" question asks for."""
    return bool(_AGENT_NAMED.search(sentence))


def has_time(sentence: str) -> bool:
    """A date or a duration ("ngày 13/6/2016", "mười lăm ngày", "kể từ ngày ký")."""
    return bool(_DATE_IN_TEXT.search(sentence))


def is_place_date_line(sentence: str) -> bool:
    """"Đồng Xoài, ngày 13 tháng 6 năm 2016": where and when a document was issued (a short
    line; in a header laid out as a table it shares the line with the number)."""
    return len(sentence.split()) <= 25 and bool(_PLACE_DATE.search(sentence))


_FULL_DATE = re.compile(r"\b\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?:19|20)\d\d\b")


def is_heading(sentence: str) -> bool:
    """A title or heading line: it names a subject, it answers nothing.

    All capitals ("NGHỊ QUYẾT") unless it states a day ("LUẬT ĐẤU THẦU (HIỆU LỰC 01/4/2006)": an
    entry of a catalogue of texts, which answers when it took effect); a numbered heading without
    final punctuation ("Điều 8. Những điều cấm trong đặt tên doanh nghiệp", "I. Vị trí, yêu cầu …");
    or a short line without final punctuation or figures ("Về việc triển khai thực hiện Kết luận").
    """
    text = sentence.strip()
    if text.isupper() and sum(c.isalpha() for c in text[:40]) >= 2:  # str.isupper: no lower-case letter
        return not _FULL_DATE.search(text)
    if _TERMINAL.search(text) or is_place_date_line(text):
        return False
    if _MARKER_HEADING.match(text):
        return True
    # A title's only figures are the year it covers and its unit ("… theo địa bàn huyện năm 2007
    # (triệu đồng)"): a table's title names what the table holds, it answers nothing.
    bare = re.sub(r"\([^)]{0,30}\)|\b(?:năm|giai đoạn)\s+(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?", " ", text)
    return len(bare.split()) < SHORT_LINE_SYLLABLES and not re.search(r"\d", bare)
