"""What a drafting topic says besides its subject, and its subject: pure functions.

:func:`topic_core` drops the request's genre and frame ("viết bài tuyên truyền về …", "nhân Ngày
…:"); :func:`~qa.draft.aspects.topic_aspects` finds the parts it enumerates ("tiêu chuẩn và chế độ …").

Staff name the source of an article in the topic itself — "… dựa trên bài nghiên cứu của TS
Nguyễn Đại Lai", "… theo tham luận của bà Michèle Debonneuil tại Diễn đàn Việt - Pháp", "lấy
ý kiến bình luận của ông Trần Du Lịch làm chỗ dựa", "(công văn 13/6/2016)". Those words are
not the subject: counted as topic terms they drown it, and no sentence covers enough of the
topic to draft on. They name a document instead, as a number would: by its author (a name
in its opening) or its date. :func:`split_source` separates the two.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from common.vietnamese.normalize import fold_accents
from qa.draft.aspects import ENUM_SPLIT, topic_aspects
from qa.draft.terms import STOP
from qa.abbreviations import spell_out
from qa.queryrefs import names_summary

# --- the request's genre and frame -----------------------------------------------------------

# "Cần đề cương tuyên truyền …" opens it too ("Cần một bài viết cho bà con …: …" is headline()'s: its readers).
# A bare "bài" or "tin" opens the request only after a verb ("Viết bài …", "Soạn tin …") or before a
# colon, a dash or "về" ("Tin: …", "bài về …"): "Tin học hóa …", "Bài học …" are the subject; a
# verb only before a genre word ("Lạm phát …", folded "lam phat", is no "làm").
_GENRE_AFTER_VERB = (r"(?:đề\s+cương(?:\s+tuyên\s+truyền)?|tin\s+ngắn|tin|giải\s+thích(?:\s+quy\s+định)?|"
                     r"tuyên\s+truyền)")
_GENRE_WORD = (r"(?:bài\s+viết|bài(?=\s*(?:[:–-]|về\b))|đề\s+cương(?:\s+tuyên\s+truyền)?|tin\s+ngắn|"
               r"tin(?=\s*(?:[:–-]|về\b))|giải\s+thích(?:\s+quy\s+định)?|tuyên\s+truyền)")
_GENRE_PREFIX = re.compile(
    rf"^\s*(?:(?:viết|soạn|làm|lập|xây dựng|cần(?:\s+có)?(?:\s+một)?(?=\s+đề\s+cương))\s+(?:giúp\s+(?:(?:tôi|em|mình)\s+)?)?"
    rf"(?:bài(?:\s+viết)?\b\s*{_GENRE_AFTER_VERB}?|{_GENRE_AFTER_VERB})"
    r"|(?:viết|soạn)\s+(?=về\b)"
    rf"|{_GENRE_WORD})?\b\s*(?:tuyên\s+truyền\b\s*)?(?:[:–-]\s*)?",
    re.IGNORECASE)
_ABOUT = re.compile(r"^(?:về|cho|của)\s+", re.IGNORECASE)  # with its diacritics: "vệ sinh" is content
_ABOUT_FOLDED = re.compile(r"^(?:ve|cho|cua)\s+", re.IGNORECASE)  # a topic typed without diacritics
_GENRE_FOLDED = re.compile(fold_accents(_GENRE_PREFIX.pattern), re.IGNORECASE)
# The occasion of an article, before its subject: "Nhân Ngày vì nạn nhân chất độc da cam: …".
_AUDIENCE = re.compile(r"^cho\s+[^:()]{2,60}?\s+về\s+(?=\S)", re.IGNORECASE)
_OCCASION = re.compile(r"^nh[âa]n\s+(?:d[ịi]p\s+)?[^:]{3,80}:\s*", re.IGNORECASE)


def topic_core(topic: str) -> str:
    """The topic without genre words ("tuyên truyền về", "bài viết về"): what the draft is about.

    Matched without diacritics, so that "de cuong tuyen truyen ve …" — or a restoration that
    got the genre words wrong ("Để cường tuyên truyền") — loses them too (folding keeps offsets).
    """
    topic = unicodedata.normalize("NFC", topic.strip())
    m = _GENRE_FOLDED.match(fold_accents(topic))
    core = topic[m.end():].strip() if m else topic
    core = core.lstrip(" ,;:–-")  # "tuyên truyền, vận động …"
    core = _OCCASION.sub("", core, count=1)  # "Nhân Ngày vì nạn nhân chất độc da cam: …"
    core = _AUDIENCE.sub("", core, count=1)  # "cho cán bộ, đảng viên về …": the readers, not the subject
    about = _ABOUT_FOLDED if fold_accents(topic) == topic else _ABOUT
    core = about.sub("", core, count=1).strip()
    return core or topic


# A newspaper column the piece is for ("cho chuyên mục Chính quyền cơ sở về …"), and the purpose
# a request gives after a comma (", để cán bộ các huyện, xã biết …", ", nhằm …"): not the title.
_COLUMN_FOLDED = re.compile(r"^chuyen muc\s+[^:]{2,60}?(?:\s+ve\s+|:\s*)", re.IGNORECASE)
# Also the readers a request names after a comma (", dùng cho báo cáo viên …") and a purpose of spreading
# the word without one (" để phổ biến cho doanh nghiệp …"): sealed-topics-44/45's editors, "title copies request".
_PURPOSE_FOLDED = re.compile(r"(?:,\s*(?:de|nham|giup|dung cho)|\s+de\s+(?:pho bien|tuyen truyen))\s+.*$",
                             re.IGNORECASE)
# What the request asks the piece to stress, after a comma or semicolon (", nhấn mạnh …", "; làm rõ …",
# ", kèm những điểm đã sửa đổi …"): the draft's parts, not its title (30 of 710 opened topics; blind
# editors' "title copies request" in 9 of 16 drafts of sealed-topics-40 and -41). Not "đánh giá",
# "gồm": "giám sát, đánh giá dự án" is one subject; not "trọng tâm là", "chú trọng": a blind editor kept
# "…, trọng tâm là cơ chế một cửa" as what the programme is (10 of 10 such titles). "…, có so sánh với …"
# too (session 25, after sealed-topics-42 was opened: 3 of 3 titles preferred without it).
_STRESS_FOLDED = re.compile(r"[,;]\s*(?:va\s+|co\s+)?(?:neu(?: ro)?|lam ro|nhan manh|chi ro|tap trung|de cap|phan tich|kem"
                            r"|trong do|so sanh|liet ke|nhat la|dac biet la|co tinh den)\s.*$", re.IGNORECASE)
_AUDIENCE_FIRST = re.compile(r"^\s*(?:(?:viet|soan|lam)\s+)?(?:bai\s+|de cuong\s+(?:tuyen truyen\s+)?)?"
                             r"(?:giai thich|huong dan|tuyen truyen)\s+cho\s+", re.IGNORECASE)


# What the editor is asked to do, before the subject ("Phân tích …", "Giới thiệu …", "Việc …", "Đưa tin …"):
# the request's words, not a headline's (the blind editor on sealed-topics-8: 16 of 16 titles copied
# the request; "Đưa tin UBND tỉnh … ban hành …" on sealed-topics-43).
_REQUEST_VERB_FOLDED = re.compile(r"^(?:phan tich|gioi thieu|trinh bay|tong hop|lam ro|viec|dua tin(?: ve)?|quang ba)"
                                  r"\s+(?=\S)", re.IGNORECASE)
# What a request needs before its subject ("Cần một bài viết về …", "Giúp tôi …"), a verb of spreading the
# word before a text or a subject ("Phổ biến Nghị định 116/2003/NĐ-CP", "Phổ biến kiến thức về lạm phát"),
# and a guide's readers before its "how" ("Hướng dẫn các nhà khoa học trong tỉnh cách lập thuyết minh …"):
# the request's words (blind editors: "title copies request" in 7 and 16 of 16 drafts of sealed-topics-36/37).
_NEED_FOLDED = re.compile(r"^(?:can|giup (?:toi|minh)|nho|hay)\s+(?:(?:co|mot)\s+)?(?:(?:bai viet|bai|tin ngan|tin"
                          r"|de cuong(?: tuyen truyen)?)\s+)?(?:ve\s+)?(?=\S)", re.IGNORECASE)
_NEED_WORDS = ("cần", "giúp", "nhờ", "hãy")
_READERS_FOLDED = re.compile(r"^(?:pho bien\s+)?cho\s+[^:()]{2,60}?\s+ve\s+(?=\S)", re.IGNORECASE)  # "cho xã viên … về …"
# A verb of spreading the word, its readers, then what they should know, without a "về": "Phổ biến cho doanh
# nghiệp xuất nhập khẩu các quy định của Thông tư 172/1998/TT-BTC …", "… cho doanh nghiệp những điểm sửa đổi …".
_READERS_OBJECT_FOLDED = re.compile(
    r"^(?:pho bien|tuyen truyen|gioi thieu|giai thich)\s+(?:cho|toi|den)\s+[^:()]{2,60}?\s+(?=(?:(?:cac|nhung)\s+)?"
    r"(?:quy dinh|diem|noi dung|chinh sach|che do|nghia vu|nghi dinh|thong tu|quyet dinh|luat)\b)", re.IGNORECASE)
_SPREAD_FOLDED = re.compile(r"^pho bien\s+(?:kien thuc\s+)?(?:ve\s+)?(?!cho\b)(?=\S)", re.IGNORECASE)
_HOW_FOLDED = re.compile(r"^(?:huong dan|giai thich|pho bien)\s+(?:cho\s+)?[^:()]{2,80}?\s+(?=cach\s+\S)",
                         re.IGNORECASE)
# Whom a piece should help and to what ("Giúp doanh nghiệp và người dân hiểu các trường hợp …", "Giúp các tổ
# chức tín dụng cách lập Biểu 5 …"): the request's words; the subject is what they should understand.
_HELP_FOLDED = re.compile(r"^giup\s+[^:()]{2,80}?\s+(?:(?:hieu ro|hieu|nam ro|nam duoc|nam vung|nam)\s+|(?=cach\s+\S))"
                          r"(?=\S)", re.IGNORECASE)
# "Giải thích giúp quy định về …", "… giúp Quyết định 1141-TC/QĐ/CĐKT …": the request's "giúp" before a rule or
# a text (sealed-topics-48, t48-13's title "Giúp quy định về …"); "giúp các tổ chức … cách …" is _HELP_FOLDED's.
_HELP_RULE_FOLDED = re.compile(r"^giup\s+(?=(?:quy dinh|quyet dinh|nghi dinh|thong tu|nghi quyet|chi thi|luat)\s)",
                               re.IGNORECASE)
_NUMBER_ASIDE = re.compile(r"\s*\([^()]*\d+/[^()]*\)")  # "(Quyết định 991/QĐ-UBND ngày 14/5/2008)"


def _cut(core: str, folded: str, pattern: re.Pattern, *, head: bool = False) -> tuple[str, str]:
    m = pattern.search(folded)
    if not m or (m.start() == 0 and not head) or (head and m.end() >= len(core)):
        return core, folded
    return (core[m.end():], folded[m.end():]) if head else (core[: m.start()], folded[: m.start()])


def headline(topic: str) -> str:
    """The subject as a title: :func:`topic_core` without the column it is written for, the verb
    of the request ("Phân tích", "Giới thiệu"), the work it draws on (", dựa trên tham luận của
    …"), the purpose it states after a comma, a document number in parentheses (the lead names
    the document), the questions or parts it lists after a colon (they become the draft's parts),
    what it asks to stress after a comma (", nhấn mạnh …") and its final full stop. "…năm 2007 của
    tỉnh Đồng Nai, để cán bộ nông nghiệp các huyện, xã biết phải thu thập những số liệu gì." →
    "…năm 2007 của tỉnh Đồng Nai"."""
    core = topic_core(topic)
    folded = fold_accents(core)  # same length: offsets carry over
    column = _COLUMN_FOLDED.match(folded)
    if column and column.end() < len(core):
        core, folded = core[column.end():], folded[column.end():]
    typed_folded = folded == core
    for request in (_NEED_FOLDED, _READERS_FOLDED, _READERS_OBJECT_FOLDED, _SPREAD_FOLDED, _HOW_FOLDED, _HELP_FOLDED,
                    _HELP_RULE_FOLDED, _REQUEST_VERB_FOLDED):
        if request is _NEED_FOLDED and not typed_folded and core.split()[0].lower() not in _NEED_WORDS:
            continue  # folded, "cán bộ" reads "can bo"
        core, folded = _cut(core, folded, request, head=True)
    source = _SOURCE.search(core)  # ", dựa trên tham luận của …" and what it asks of it: not the title
    core = split_source(core[: source.start()] if source else core)[0]
    core, folded = _cut(core, fold_accents(core), _PURPOSE_FOLDED)
    core = _NUMBER_ASIDE.sub("", core)
    head, colon, tail = core.partition(": ")
    # "[Cần một bài viết] cho bà con trồng cao su: …", "[Bài viết] phổ biến cho hộ kinh doanh và doanh nghiệp: …"
    readers = re.match(r"(?:(?:pho bien|tuyen truyen|gioi thieu|giai thich|huong dan)\s+)?cho\s", fold_accents(head),
                       re.IGNORECASE)
    if colon and tail.strip() and (_framing(head) or readers):  # "Bình luận: …", "Doanh nghiệp FDI hỏi: …": the subject follows
        return _first_clause(tail)
    if ": " in core and (topic_aspects(core) or ENUM_SPLIT.search(core[core.rindex(": "):])):
        core = core[: core.rindex(": ")]
    core = _cut(core, fold_accents(core), _STRESS_FOLDED)[0]
    return core.strip().rstrip(" .;,:") or topic_core(topic)


# Phrases that frame a request before its colon — its genre and length, its readers — and none of
# its subject ("Bình luận: …", "Bài viết ngắn: …", "Phổ biến kiến thức cho bạn đọc: …", "bà con nông
# dân: …"). Whole phrases, with diacritics: "Hội nông dân", "Đoàn thanh niên", "Bảo hiểm xã hội" are subjects.
_FRAMING = ("bình luận", "phổ biến kiến thức", "phổ biến", "kiến thức", "giới thiệu", "tuyên truyền", "hướng dẫn", "phân tích",
            "tổng hợp", "bài viết", "bài", "ngắn", "dài", "cho", "bạn đọc", "bà con", "nông dân", "ngư dân", "người dân",
            "nhân dân", "cán bộ", "đảng viên", "hội viên", "đoàn viên", "học sinh", "sinh viên")
_FRAMING_RE = re.compile(r"\b(?:" + "|".join(sorted(_FRAMING, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_FRAMING_FOLDED = re.compile(fold_accents(_FRAMING_RE.pattern), re.IGNORECASE)
_ASKS = re.compile(r"\s(?:hỏi|thắc mắc|muốn biết)$", re.IGNORECASE)  # "Doanh nghiệp FDI hỏi" (not typed folded: "hội")


def _framing(head: str) -> bool:
    """Whether the words before a topic's colon only frame it: who asks ("Doanh nghiệp FDI hỏi"), or
    the genre, length and readers alone ("Bình luận", "Phổ biến kiến thức cho bạn đọc", "bà con nông dân").
    Typed without diacritics only the genre and readers count ("hoi" may be "hội")."""
    head = " ".join(head.split())
    folded = fold_accents(head) == head
    if not folded and _ASKS.search(head):
        return True
    words = (_FRAMING_FOLDED if folded else _FRAMING_RE).sub(" ", head)
    return bool(head) and not re.sub(r"[\s,–-]+", "", words)


# Where the first clause after a framing colon ends: a question mark (kept), a full stop not after an
# abbreviation ("TP. Hồ Chí Minh"), a dash; a comma only in a long request ("Nghị định … về cán bộ,
# công chức xã" is one subject).
_CLAUSE_END = re.compile(r"\?(?=\s|$)|(?<![A-ZĐ])\.\s|\s[–-]\s")
_LONG_TITLE = 16  # syllables: past this a title is cut at a comma as well


def _first_clause(text: str) -> str:
    """The first clause of what follows a framing colon, as a title, when that leaves three words or
    more (five before a comma)."""
    text = text.strip()
    cuts = [m for m in _CLAUSE_END.finditer(text) if len(text[:m.start()].split()) >= 3]
    if not cuts and len(text.split()) > _LONG_TITLE:
        cuts = [m for m in re.finditer(r"[,;]\s", text) if len(text[:m.start()].split()) >= 5]
    if cuts:
        m = cuts[0]
        text = text[: m.start() + (1 if m.group().startswith("?") else 0)]
    text = text.strip().rstrip(" .;,:")
    return text[:1].upper() + text[1:]


def addressed(topic: str) -> bool:
    """The request names whom it explains to right before the subject, with no "về" between
    ("Giải thích cho các công ty hợp danh thủ tục …"): the title keeps "cho", or it reads
    "Giải thích quy định: Các công ty hợp danh thủ tục …"."""
    folded = fold_accents(unicodedata.normalize("NFC", topic.strip()))
    m = _AUDIENCE_FIRST.match(folded)
    return bool(m) and folded[m.end():].startswith(fold_accents(topic_core(topic))[:30])


def draft_title(topic: str, form_prefix: str | None, explainer: bool = False) -> str:
    """The draft's title: its :func:`headline`, after the form's name when it has one
    ("Đề cương tuyên truyền: …"); an explainer addressed to someone reads "Giải thích cho …"."""
    core = headline(topic)
    head, colon, _ = topic_core(topic).partition(": ")
    if explainer and addressed(topic) and not (colon and _framing(head)):  # else the readers were cut off
        return f"Giải thích cho {core}"
    core = core[:1].upper() + core[1:]
    return f"{form_prefix}: {core}" if form_prefix else core


# --- the source it names -----------------------------------------------------------------------

# "dựa trên bài nghiên cứu của", "theo tham luận của", "lấy ý kiến bình luận của": a source
# phrase opens with a verb of reliance and a kind of text, and runs to the end of the topic.
_SOURCE = re.compile(
    r"[,;]?\s*\b(?:dựa\s+(?:trên|vào)|theo|lấy|căn\s+cứ(?:\s+vào)?|trích\s+từ)\s+"
    r"(?:(?:bài|ý\s+kiến|bình\s+luận|bài\s+nghiên\s+cứu|nghiên\s+cứu|bài\s+viết|bài\s+báo|tham\s+luận|đề\s+xuất|"
    r"bài\s+phát\s+biểu|phát\s+biểu|báo\s+cáo|bài\s+trình\s+bày|trình\s+bày|nhận\s+định)\s+)+"
    r"(?:của\s+)?(?P<who>.+?)(?=[,;]\s*(?:" + "|".join(
        # What the request goes on to ask of the source ("…, nêu số liệu phổ cập, …"): the subject
        # again, after the source clause, not part of the source's name.
        ("nêu", "làm rõ", "nhấn mạnh", "tập trung", "chú trọng", "gồm", "bao gồm", "trong đó", "đề cập",
         "phân tích", "chỉ rõ", "kèm", "có")) + r")\b|$)",
    re.IGNORECASE,
)
_TAIL = re.compile(r"\s+làm\s+(?:chỗ\s+dựa|căn\s+cứ|nguồn|cơ\s+sở)\s*$", re.IGNORECASE)
# "(công văn 13/6/2016)", "(Nghị định 26/2001)": a parenthesis that names a text by date or number.
_PAREN = re.compile(r"\s*\((?P<inner>[^()]*\d[^()]*)\)")
_DATE = re.compile(r"\b(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)\b")


# "theo hướng dẫn của Bộ Tài chính năm 1998": a text named by its issuer (and year), at the topic's end.
_ISSUER = re.compile(
    r"[,;]?\s*\btheo\s+(?:(?:hướng\s+dẫn|quy\s+định|văn\s+bản|báo\s+cáo|kế\s+hoạch|chỉ\s+đạo)\s+)?của\s+"
    r"(?P<who>[A-ZĐÂ][^,;()\d]*?)(?:\s+(?:năm\s+)?(?P<year>(?:19|20)\d\d))?\s*$")


@dataclass
class TopicSource:
    """Who or what the topic says its draft rests on."""

    names: list[str] = field(default_factory=list)  # persons (authors, speakers)
    dates: list[tuple[int, int, int]] = field(default_factory=list)  # (day, month, year) of a named text
    issuers: list[tuple[str, int | None]] = field(default_factory=list)  # ("Bộ Tài chính", 1998) of a named text


def _capitalized_runs(text: str) -> list[str]:
    """Runs of two or more capitalized words ("TS Nguyễn Đại Lai ở Diễn đàn" → "TS Nguyễn Đại Lai",
    "Diễn"): the names a source phrase gives. Titles in capitals ("TS", "PGS") are dropped."""
    runs, current = [], []
    for word in re.findall(r"[^\W\d_]+(?:[-'][^\W\d_]+)?|\S", text):
        if word[:1].isupper() and not (word.isupper() and len(word) <= 4):
            current.append(word)
            continue
        if len(current) >= 2:
            runs.append(" ".join(current))
        current = []
    if len(current) >= 2:
        runs.append(" ".join(current))
    return runs


def split_source(core: str) -> tuple[str, TopicSource]:
    """(what the topic is about, the source it names). ``core`` is the topic without its genre
    words (:func:`topic_core`).

    >>> split_source("Lạm phát và vai trò của ngân hàng, dựa trên bài nghiên cứu của TS Nguyễn Đại Lai")
    ('Lạm phát và vai trò của ngân hàng', TopicSource(names=['Nguyễn Đại Lai'], dates=[]))
    """
    source = TopicSource()
    for m in _PAREN.finditer(core):
        source.dates += [(int(d), int(mo), int(y)) for d, mo, y in _DATE.findall(m.group("inner"))]
    content = _PAREN.sub("", core) if source.dates else core
    m = _SOURCE.search(content)
    if m:
        who = _TAIL.sub("", m.group("who"))
        # "ông Trần Du Lịch ở Diễn đàn Việt-Pháp": the person, not the forum after "ở/tại".
        person = re.split(r"\s+(?:ở|tại|trong|trên)\s+", who, maxsplit=1)[0]
        source.names = _capitalized_runs(person)[:1]
        # "dựa trên bài nghiên cứu về lạm phát giữa năm 2004": a source named by what it is, not by
        # whom, is still not the subject — its words would drown the subject's.
        content = content[: m.start()] + content[m.end():]  # what follows the clause is the subject's
    m = _ISSUER.search(content)
    if m and len(m.group("who").split()) <= 8:
        source.issuers.append((m.group("who").strip(), int(m.group("year")) if m.group("year") else None))
        content = content[: m.start()]
    content = _TAIL.sub("", content).strip(" ,;:-–")
    return (content or core), source


def issued_by(name: str, issuer: tuple[str, int | None]) -> bool:
    """Whether a document's formal name ("Thông tư số 172/1998/TT/BTC ngày 22/12/1998 của Bộ Tài
    chính: …") says it was issued by ``issuer`` (in its year, when one is given)."""
    who, year = issuer
    if f"của {who}".casefold() not in name.casefold():
        return False
    return year is None or any(int(y) == year for _, _, y in _DATE.findall(name))


def date_in(name: str, date: tuple[int, int, int]) -> bool:
    """Whether a document's formal name ("Công văn ngày 13/6/2016 của …") carries the date."""
    return any((int(d), int(mo), int(y)) == date for d, mo, y in _DATE.findall(name))


def named_by_topic(core: str, documents, share: float) -> bool:
    """The topic names one of the documents by its trích yếu ("Luật thuế tiêu thụ đặt biệt" for
    "THUẾ tiêu thụ đặc biệt"): most of its words, compared without diacritics, its abbreviations
    spelt out and the words of its kind left aside ("Danh mục các VB pháp quy … ĐT-XD" is named by
    "hệ thống văn bản pháp quy liên quan đến hoạt động đầu tư - xây dựng")."""
    return any(names_summary(core, spell_out(d.summary), share, STOP | set((d.doc_type or "").lower().split()))
               for d in documents)
