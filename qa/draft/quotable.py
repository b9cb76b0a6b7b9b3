"""What a draft may quote: a statement, not a heading, a blank form line or a sentence cut short.

The blind editor of sealed-topics-8 found "broken quote fragments" in 11 of 16 drafts: headings
quoted as if they said something ("PHẦN THỨ NHẤT: …", "Những quy định chung"), a form's blank
fields ("Ngành nghề kinh doanh:……"), lead-ins whose colon the text left out ("… theo hướng").
The pure functions here decide it on the text around a sentence (its line, its marker, its last
word), so the sentence splitter and the planner need not know.
"""

from __future__ import annotations

import re

from common.config import DraftPolicy
from common.vietnamese.normalize import wrapped_across
from common.vietnamese.sentences import FORM_BLANKS, ends_on_abbreviation
from qa.draft.names import MARKER, OUTLINE_MARK


def trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop an outline marker before and ";", "," or a final "." after; lead-ins say nothing alone.
    At least 40 characters — or 25 for a numbered item that states a figure ("3. Tuổi đời phải từ
    đủ 18 tuổi đến 40 tuổi") or a whole sentence of six words or more that does ("Giảm tỷ lệ hộ nghèo
    xuống dưới 7%.", "Thời gian chuyển lỗ không quá 5 năm."): a provision or a target, not a fragment."""
    m = OUTLINE_MARK.match(text, start)
    item = bool(m) and m.end() < end
    if item:
        start = m.end()
    if text[start:end].rstrip().endswith(":"):
        return None
    whole = (text[start:start + 1].isupper() and text[start:end].rstrip().endswith(".")
             and not text[start:end].rstrip().endswith("..") and len(text[start:end].split()) >= 6)
    if text[start:end].endswith("./."):
        end -= 3
    while end > start and (text[end - 1] in ";, \n\t" or (
            text[end - 1] == "." and text[end - 2] != "." and not re.search(r"(?:^|\s)(?:\w\.)+$", text[start:end]))):
        end -= 1
    short = (item or whole) and end - start >= 25 and re.search(r"\d", text[start:end])
    return (start, end) if end - start >= 40 or short else None


_HEADING_LINE = re.compile(r"^(?:Điều|Chương|Mục|Phần|Điều khoản)\s+(?:thứ\s+)?[\wĐđ]+\s*[.:\-–]", re.IGNORECASE)
# A text's own entry into force ("Nghị định này có hiệu lực thi hành từ ngày …", "Quyết định này có hiệu
# lực kể từ ngày ký"), not a clause on another text's: a provision even on its article's line ("Điều 6.
# Nghị định này có hiệu lực …"), where no heading says it.
# Its subject opens the sentence and a time or its end follows: "… trước khi Nghị định này có hiệu lực có tên"
# and a line-wrapped "khi / Nghị định này có hiệu lực Phòng đăng ký …" are no such clause.
IN_FORCE = re.compile(r"(?i)^\W*(?:điều\s+\d+\s*[.:]\s*)?(?:[\dIVX]+(?:\.\d+)*\s*[.):\-]\s*)?[^\W\d][\w\s,]{0,40}?"
                      r"\bnày\s+có\s+hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+(?:kể\s+)?(?:từ|sau|trong|đến|chính\s+thức|và)\b"
                      r"|\s*[.,;]|\s*$)")
# What a heading opens with when it names its subject ("Đối với các ngân hàng …", "Về tổ chức bộ máy").
_HEADING_PHRASE = re.compile(r"^(?:đối với|về)\s", re.IGNORECASE)
# Words no statement ends on: a lead-in whose colon the text left out ("Cơ cấu lại tổ chức bộ máy
# theo hướng", "Nội dung cụ thể là") says nothing without the items that follow it.
# ("bằng" closes "mặt bằng", "công bằng", "cân bằng", "đồng bằng", "văn bằng": nouns, not the preposition;
# "tại" closes "hiện tại", the present: "… là giải pháp khả thi trong giai đoạn hiện tại." is a statement —
# a speech's two such sentences held 30 key points of the opened topic files, none quotable.)
_OPEN_END = re.compile(r"\b(?:theo hướng|như sau|sau đây|bao gồm|gồm|là|(?<!mặt\s)(?<!công\s)(?<!cân\s)(?<!đồng\s)"
                       r"(?<!văn\s)bằng|của|và|"
                       r"với|các|những|về|(?<!hiện\s)tại|để|cho|nhằm)\W*$", re.IGNORECASE)
_LINE_MARK = re.compile(r"\s*(?:[-+•–*]|\d+(?:\.\d+)*[.)\-–]?|[IVXLC]+[.)\-–]|\(?[a-zđ]\))?\s*")


def named_heading(line: str) -> bool:
    """Whether ``line`` opens with a named level's number ("Điều 15.", "Chương II:"): the article's
    own heading, whatever its length — never the lead-in of its items ("Điều 15. Mối quan hệ phối
    hợp … theo 2 nguyên tắc chính:" quoted before "1. Nguyên tắc phân cấp: …": the blind editor's
    "tiêu đề 'Điều 15.' dính trong trích dẫn", t33-7 and t16-5)."""
    return bool(_HEADING_LINE.match(line.lstrip()))


def heading_line(text: str, start: int, end: int, heading_words: int) -> bool:
    """Whether text[start:end] is the whole of a heading line: nothing on its line but an outline
    mark before it and no full stop after it, and the line a named level's heading ("PHẦN THỨ
    NHẤT: …"), or numbered or starred and at most ``heading_words`` words, or a subject phrase
    ("Đối với …") of at most half again as many. A bullet task without a full stop stays a
    statement: unnumbered lines are not headings by their length alone."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before, after = text[line_start:start], text[end:line_end if line_end >= 0 else len(text)]
    if not _LINE_MARK.fullmatch(before) or after.strip(" \t:;,") or "\t" in text[start:end]:
        return False
    words = len(text[start:end].split())
    line = text[line_start:end].lstrip()
    if _HEADING_LINE.match(line):
        return words <= 2 * heading_words
    if _HEADING_PHRASE.match(text[start:end]):
        return words <= heading_words + heading_words // 2
    return bool(before.strip()) and words <= heading_words


def cut_at_wrap(text: str, start: int, end: int, full: int) -> bool:
    """Whether the sentence text[start:end] begins or ends at a line break that only wrapped a longer
    sentence (:func:`~common.vietnamese.normalize.wrapped_across`): the splitter ends a sentence at a
    line break before a capitalised word, and "… thuỷ điện Srok Phú" was quoted as a sentence (the
    blind editors' "broken quote fragment", 35 of 64 drafts of sealed-topics-9 … 12)."""
    line_end = text.find("\n", end)
    if line_end >= 0 and not text[end:line_end].strip():
        nxt_end = text.find("\n", line_end + 1)
        last = text[text.rfind("\n", 0, end) + 1:end]
        if wrapped_across(last, text[line_end + 1:nxt_end if nxt_end >= 0 else len(text)], full):
            return True
    line_start = text.rfind("\n", 0, start) + 1
    if line_start and not text[line_start:start].strip():
        prev = text[text.rfind("\n", 0, line_start - 1) + 1:line_start - 1]
        return wrapped_across(prev, text[line_start:end], full)
    return False


# A sentence the splitter began inside a parenthesis of the one before, on its line ("… v.v... (dài khoảng
# 2-3 dòng), và tránh …"): it continues that sentence. Not "(a)", an item's letter, nor a parenthesis on a
# line of its own: a table's caption "(tính tới ngày 15/8/2005 - chỉ tính các dự án còn hiệu lực)" says
# when its figures were counted (five opened key points).
_CONTINUED = re.compile(r"\((?![a-zđ]\))")


# An article written as one sentence: "Điều 1: Sửa đổi mức thuế suất … ban hành kèm theo Quyết định này."
_ARTICLE_SENTENCE = re.compile(r"^Điều\s+\d+\s*[.:\-–]\s*\S", re.IGNORECASE)


def too_long(piece: str, policy: DraftPolicy) -> bool:
    """Longer than a point: ``draft.max_quote``, or ``draft.max_article_quote`` for an article that is one
    sentence — what a short decision does (t46-13 and five opened explainers of Quyết định 144/2002/QĐ/BTC
    quoted its Điều 2 alone: its Điều 1, the rates it amends, is one sentence of 550 characters)."""
    return len(piece) > (policy.max_article_quote if _ARTICLE_SENTENCE.match(piece) else policy.max_quote)


def quotable(text: str, start: int, end: int, policy: DraftPolicy, capitals: bool = False) -> bool:
    """A statement worth quoting: not a heading, a blank form line or a sentence cut before its end.
    ``capitals``: the document is typed in capitals, where capitals mark no heading."""
    piece = text[start:end]
    if too_long(piece, policy) or MARKER.search(piece) or piece[:1].islower() or (
            _CONTINUED.match(piece) and piece[1:2].islower() and text[text.rfind("\n", 0, start) + 1:start].strip()):
        return False
    if _HEADING_LINE.match(piece) and "\n" not in piece and len(piece) < 160 and not IN_FORCE.search(piece):
        return False  # "Điều 23. Nội dung quản lý …": a heading, not a statement
    if FORM_BLANKS.search(piece) or _OPEN_END.search(piece) or heading_line(text, start, end, policy.heading_words):
        return False
    # The trimmed span has lost its final dot: "… gồm: Tp" is "… gồm: Tp." cut before "Hồ Chí Minh".
    if cut_at_wrap(text, start, end, policy.full_line) or ends_on_abbreviation(text[start:end + 1]):
        return False
    letters = [ch for ch in piece if ch.isalpha()]
    return capitals or sum(ch.isupper() for ch in letters) <= 0.4 * len(letters)  # not a heading


def marker_kind(text: str, at: int) -> tuple[str, int] | None:
    """The kind of outline marker opening the line at ``at``: ("1.", depth 1) and ("2.", 1) are
    one kind, "1.2." another, "a)" and "-" others; None when the line has no marker."""
    m = OUTLINE_MARK.match(text, at)
    if not m:
        return None
    mark = text[at:m.end()].strip()
    if re.match(r"\d+(?:\.\d+)*[.)\-/]", mark):
        return "number", len(re.findall(r"\d+", mark.split()[0]))
    if re.match(r"(?:[IVXLC]+|[ivx]{2,4})[.)\-/]", mark):
        return "roman", 0
    if re.match(r"[ivx][.)\-/]", mark):
        return "i", 0  # "i." opens a list of roman numbers as often as it follows "h." (:func:`same_kind`)
    if re.match(r"\(?[a-zđ][.)\-/]", mark):
        return "letter", 0
    return mark[:1].replace("–", "-"), 0  # "-" and "–" mark one list, typed either way


def same_kind(a: tuple[str, int] | None, b: tuple[str, int] | None) -> bool:
    """Whether two markers open items of one list: one kind, or a lone "i."/"v."/"x." beside roman
    numbers or letters (Thông tư 13/2001's "i." … "iv." items hung from no lead-in without it)."""
    if a is None or b is None:
        return a is b
    return a == b or {a[0], b[0]} in ({"i", "roman"}, {"i", "letter"})


def after_mark(text: str, line: int, line_end: int) -> int:
    """Where the words of the line at ``line`` start, after its outline marker and spaces."""
    m = OUTLINE_MARK.match(text, line)
    a = m.end() if m and m.end() < line_end else line
    while a < line_end and text[a].isspace():
        a += 1
    return a


def sentence_start(text: str, a: int, end: int, floor: int, full: int) -> int | None:
    """Where the sentence ending at ``end`` (a lead-in's colon) starts, from the start ``a`` of its
    line: there, unless the line only continues the one above — in lower case, or after a full line
    the page's width wrapped ("… cấp Giấy chứng nhận đăng ký kinh" / "doanh … mười lăm ngày," / "nếu có
    đủ các điều kiện sau đây:") — then up the lines, to just after a full stop on one of them. None
    when that passes ``floor`` or four lines: a lead-in cut from its sentence is a fragment."""
    for _ in range(5):
        line = text.rfind("\n", 0, a) + 1
        above = text.rfind("\n", 0, max(line - 1, 0)) + 1
        previous = text[above:line - 1] if line > 0 else ""
        # (a long dashed item above, without its stop, is an item: not the start of this sentence)
        wrapped = not OUTLINE_MARK.match(previous) and wrapped_across(previous, text[line:end], full)
        if not text[a:a + 1].islower() and not wrapped:
            return a
        if _HEADING_LINE.match(previous.strip()):
            return a  # "Điều 26. Nội dung quản lý …" above "ủy ban nhân dân cấp huyện quản lý …:"
        if line <= floor or not previous.strip() or previous.rstrip().endswith((".", ";", ":", "!", "?")):
            return None
        stops = [m.end() for m in re.finditer(r"(?:[^\W\d_]|\))\.\s+", previous)
                 if not previous[m.start()].isupper() and previous[m.end():m.end() + 1].isupper()
                 and not ends_on_abbreviation(previous[:m.start() + 2])]
        if stops:  # "… tạm ngừng hoạt động." ends the sentence before, on the line above
            return above + stops[-1]
        a = after_mark(text, above, line - 1)
    return None


# A worked example of a circular or a guide: a line opening "Ví dụ:", "Ví dụ 2:" and the lines that
# carry it on (its figures, its bullets, "Như vậy, …") up to the next numbered or lettered item, a heading
# or a lead-in that is not about the example's own "doanh nghiệp A"; a line opening "Ví dụ, …" (an
# instance inside an instruction) alone. "Doanh thu doanh nghiệp A được hưởng … là 100.000 đồng" states no
# rule: t53-13's editor found it quoted as one ("trích lấy từ ví dụ minh họa").
_EXAMPLE = re.compile(r"^[ \t]*(?:[-+•]\s*)?Ví dụ(?:\s+\d+)?\s*[:,.]", re.MULTILINE)
_EXAMPLE_END = re.compile(r"\s*(?:(?:\d+(?:\.\d+)*|[IVXLC]+)[.)/\-]\s|[a-zđ]\d*[.)]\s|\(?[a-zđ]\)\s"
                          r"|(?:Điều|Chương|Mục|Phần)\s+(?:thứ\s+)?[\dIVXLC])", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"(?:[Dd]oanh nghiệp|[Cc]ông ty|[Nn]hà thầu|[Cc]ơ sở|[Hh]ộ)(?: [^\W\d]+){0,4} [A-Z]\b")


def worked_examples(text: str, lines: int) -> list[tuple[int, int]]:
    """The spans of ``text``'s worked examples: from a "Ví dụ" line over at most ``lines`` lines
    with text that carry it on (``draft.example_lines``)."""
    spans: list[tuple[int, int]] = []
    for m in _EXAMPLE.finditer(text):
        if spans and m.start() < spans[-1][1]:
            continue
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        seen = 0 if m.group().rstrip().endswith(":") else lines
        while end < len(text) and seen < lines:
            nxt = text.find("\n", end + 1)
            nxt = len(text) if nxt < 0 else nxt
            line = text[end + 1:nxt]
            if line.strip():
                if _EXAMPLE_END.match(line) or line.rstrip().endswith(":") and not _PLACEHOLDER.search(line):
                    break  # the next item or heading; a lead-in of the text's own, unless about the example's "A"
                seen += 1
            end = nxt
        spans.append((m.start(), end))
    return spans
