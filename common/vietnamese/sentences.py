"""Vietnamese sentence spans, as offsets into the text so quotes stay verbatim.

Rules, in order of how often they matter in policy documents:

* A line break splits, unless the next line is a visual continuation of the same
  paragraph (see :func:`common.vietnamese.normalize.continues_line`); paragraphs always split.
* Inside a line, a sentence ends at ``.``, ``!``, ``?``, ``…`` or ``./.`` (closing
  quotes and brackets stay with it) when the next word starts a sentence: an upper-case
  letter, a digit, an opening quote or a bullet.
* Not an end: a dot that closes a numbering marker at the start of a sentence ("2.1.",
  "Điều 5.", "II."), an abbreviation ("TP.", "TS.", "KT."), an initial ("Đ."), or a dot
  inside a token ("114/2003/NĐ-CP", "74,8%", "13/6/2016", "1.000", "v.v.").
* Semicolons never end a sentence; :func:`split_list_items` splits a list sentence on
  them when a question asks for the items of a list.

No nltk: its punkt model is English and wants a download.

>>> text = "Điều 5. Giao UBND tỉnh chủ trì. TP. Đồng Xoài phối hợp; các sở: a) Sở Tài chính; b) Sở Nội vụ."
>>> [text[a:b] for a, b in split_sentences(text)]
['Điều 5. Giao UBND tỉnh chủ trì.', 'TP. Đồng Xoài phối hợp; các sở: a) Sở Tài chính; b) Sở Nội vụ.']
>>> [text[a:b] for a, b in split_list_items(text, 32)]
['TP. Đồng Xoài phối hợp', 'các sở: a) Sở Tài chính', 'b) Sở Nội vụ']
"""

from __future__ import annotations

import re

from common.vietnamese.normalize import WRAPPED_LINE, continues_line, wrapped_across

# Abbreviations that end in a dot and are followed by a capitalized word in running text.
_ABBREVIATIONS = {
    "tp", "tp.hcm", "ts", "ths", "th.s", "pgs", "pgs.ts", "gs", "gs.ts", "bs", "ks", "ncs",
    "nxb", "tr", "st", "kt", "tm", "t.m", "t/m", "q", "p", "vd", "mr", "mrs", "ms", "dr", "no",
    "ông", "bà", "đ/c",
}
_ROMAN = set("IVXLC")

# A blank form's fields: dotted leaders, empty boxes ("Ngành nghề kinh doanh:……", "[ ]") — a line
# of a form to fill in, which states nothing: drafts do not quote it, answers do not list it.
FORM_BLANKS = re.compile(r"\[\s*\]|\.{4,}|…{2,}|_{3,}")


def _last_word(text: str) -> str:
    """The last whitespace-separated word of ``text``, without an opening bracket or quote."""
    return text.rsplit(None, 1)[-1].lstrip("(“\"‘«") if text.strip() else ""


def ends_on_abbreviation(text: str) -> bool:
    """Whether ``text`` ends on an abbreviation's dot ("… gồm: Tp."): a sentence cut where a line
    broke after "Tp." before "Hồ Chí Minh", not one that ended — the same abbreviations the
    splitter does not end a sentence after (:func:`_is_boundary`)."""
    token = _last_word(text.rstrip())
    return token.endswith(".") and token[:-1].lower() in _ABBREVIATIONS

# A run of sentence-final punctuation, with closing quotes/brackets, then the next token.
_END_RE = re.compile(r"(?:\.\/\.|[.!?…]+)[”\"’»)\]]*(?=\s+(\S)|\s*$)")
_MARKER_RE = re.compile(
    r"(?:[-+•–]\s*)?(?:(?:Điều|Chương|Mục|Phần|Khoản|Điểm|Tiết|Phụ lục|Bước)\s+)?"
    r"(?:\d+(?:\.\d+)*|[IVXLC]+|[a-zđ]|[A-ZĐ])",
    re.IGNORECASE,
)
_STARTERS = set("“\"‘«(-–•+[")


def _is_sentence_start(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or ch in _STARTERS


def _is_boundary(text: str, sent_start: int, punct_start: int, punct: str, next_ch: str | None) -> bool:
    if next_ch is not None and not _is_sentence_start(next_ch):
        return False
    if punct[0] in "!?…" or punct.startswith("./.") or punct.startswith(".."):
        return True
    head = text[sent_start:punct_start].strip()
    if not head:
        return False
    if _MARKER_RE.fullmatch(head):
        return False  # "2.1." / "Điều 5." / "II." opening an item: the item goes on
    token = _last_word(head)
    if token.lower() in _ABBREVIATIONS:
        return False
    if len(token) == 1 and token.isupper() and next_ch is not None:
        if token not in _ROMAN:
            return False  # an initial: "Nguyễn Đ. Thắng"
        previous = head.rsplit(None, 2)
        return len(previous) < 2 or not previous[-2][:1].isupper()
    return True


# A figure that carries its sentence on from a line of prose cut before it: "… (GTSXCN) ước đạt" /
# "39.897 tỷ đồng giảm 19% …" — a number with a thousands or decimal separator, or one followed by
# its unit; not an item's number ("2.", "3)", "1 -"), which opens a line of its own.
_FIGURE_START = re.compile(r"\d{1,3}(?:[.,]\d+)+(?![.,]?\d)(?![.)]|\s+[.)]|\s*[–-]\s*[^\d\s])\s*\S"
                           r"|\d+\s*(?:%|tỷ|triệu|nghìn|ngàn|đồng|USD|ha\b|tấn|người\b)")

_SECTION_LINE = re.compile(r"\d{1,3}(?:\.\d{1,3}){1,2}\s+(\w)")  # "3.1 Tỷ lệ …": a section, not a figure


def _continues_with_figure(block: str, line: str) -> bool:
    prev, nxt = block.rstrip(), line.lstrip()
    section = _SECTION_LINE.match(nxt)
    return (len(prev) >= WRAPPED_LINE and "\t" not in prev and "\t" not in line and prev[-1:].isalpha()
            and bool(_FIGURE_START.match(nxt)) and not (section and section.group(1).isupper()))


def _lines(text: str) -> list[tuple[int, int]]:
    """Blocks of text that are one paragraph: lines, with visual wraps merged."""
    blocks: list[tuple[int, int]] = []
    pos = 0
    after_blank = True
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            after_blank = True
            continue
        block = "" if after_blank else text[blocks[-1][0]:blocks[-1][1]]  # the paragraph this line may go on
        if block and (continues_line(block, line) or _continues_with_figure(block, line)):
            blocks[-1] = (blocks[-1][0], end)
        else:
            blocks.append((start, end))
        after_blank = False
    return blocks


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text``, in order, without surrounding spaces.

    ``text[start:end]`` is the sentence exactly as written.
    """
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _lines(text):
        sent_start = block_start
        block = text[:block_end]
        for m in _END_RE.finditer(block, block_start):
            if m.end() <= sent_start:
                continue
            next_ch = m.group(1)
            if _is_boundary(text, sent_start, m.start(), m.group(0), next_ch):
                span = _trim(text, sent_start, m.end())
                if span:
                    spans.append(span)
                sent_start = m.end()
        span = _trim(text, sent_start, block_end)
        if span:
            spans.append(span)
    return spans


def split_list_items(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split one list sentence into its items on ``;`` (outside brackets and quotes).

    For questions that ask for the items of a list ("các chỉ tiêu", "những nhiệm vụ"):
    "Có 100% cơ sở ...; 98% dân số ...; tỷ lệ che phủ rừng ... đạt 74,8%." gives three
    items. When the list is introduced by a lead-in ending in ":" the lead-in is not an
    item: the first item starts after the colon (``text[start:items[0][0]]`` is the
    lead-in). Offsets are into ``text``; the final ``.`` or ``;`` is not part of an item.

    :returns: item spans in order; one span (the whole range) when there is no ``;``.
    """
    end = len(text) if end is None else end
    cuts: list[int] = []
    depth = 0
    in_quote = False
    colon = None
    for i in range(start, end):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif ch in "“”\"":
            in_quote = ch == "“" or (ch == '"' and not in_quote)
        elif not depth and not in_quote:
            if ch == ";":
                cuts.append(i)
            elif ch == ":" and not cuts:
                colon = i
    first = colon + 1 if colon is not None and cuts else start
    bounds = [first, *[c + 1 for c in cuts]]
    items: list[tuple[int, int]] = []
    for k, item_start in enumerate(bounds):
        item_end = cuts[k] if k < len(cuts) else end
        span = _trim(text, item_start, item_end)
        if span and k == len(bounds) - 1:
            s, e = span
            while e > s and text[e - 1] in ".;":
                e -= 1
            span = _trim(text, s, e)
        if span:
            items.append(span)
    return items


def join_wrapped(text: str, spans: list[tuple[int, int]], full: int) -> list[tuple[int, int]]:
    """``spans`` with a sentence the splitter ended at a line the page's width wrapped joined to the
    next, where a name runs over the break: "… báo cáo bằng văn bản về Ngân hàng Nhà nước Việt" /
    "Nam (Vụ Tín dụng) để giải quyết." is one sentence (a full line, ``full`` characters, without a
    stop: :func:`~common.vietnamese.normalize.wrapped_across`; its last word and the next line's
    first capitalised, the next not in capitals). An answer quoted its first half, the office cut
    from its name. A line ending in a lower-case word before a capitalised one is left apart: a
    paragraph without its stop ("… 40.000đ/ngày/người" / "Hỗ trợ chi phí …") is as common."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out:
            prev_start, prev_end = out[-1]
            gap = text[prev_end:start]
            line_start = text.rfind("\n", 0, prev_end) + 1
            line_end = text.find("\n", start)
            line, following = text[line_start:prev_end], text[start:line_end if line_end >= 0 else len(text)]
            last, first = (line.split() or [""])[-1], (following.split() or [""])[0]
            if (not gap.strip() and gap.count("\n") == 1 and last[:1].isupper() and not first.isupper()
                    and wrapped_across(line, following, full)):
                out[-1] = (prev_start, end)
                continue
        out.append((start, end))
    return out
