"""The heading of a document that is not a numbered instrument: its kind word and its title.

Instruments put their title under a fixed header (issuer, "Số:", place and date, type word,
trích yếu: :mod:`ingest.metadata`). Forms, tables, lists, reports, speeches and articles put
their heading among other things: a form code ("Mẫu số 21/CKTC-NSH", "Biểu A01",
"B1-1-ĐONTC"), fields to fill in ("Tên đơn vị:"), the national motto, an issuer block, a
forum's name and theme ("Khoá họp lần thứ ba, Diễn đàn Việt-Pháp" and the line after it), a
topic line ("chủ đề: chăn nuôi"), a table of contents. :func:`read_heading` skips those, takes
the heading lines up to what ends a heading — a parenthesis ("(Kèm theo …)", "(tính tới
ngày …)"), a byline ("Ông Lê Quang Thung", "TS - Nguyễn Đại Lai", a name above "Giáo sư"), a
table's header row, "Kính gửi", a numbered item, a body sentence — and splits off the kind
word it starts with ("Báo cáo", "Danh mục", "Phụ lục 3", "Kế hoạch" …). Pure functions on NFC
text; every rule names the layout it is for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from common.vietnamese.mentions import is_acronym
from common.vietnamese.normalize import fold
from ingest.names import is_org_head, sentence_case

# The kind words a heading may start with, folded → as written (the pattern tries the longest first).
HEADING_KINDS = {
    "bao cao": "Báo cáo", "ke hoach": "Kế hoạch", "danh muc": "Danh mục", "phu luc": "Phụ lục",
    "huong dan": "Hướng dẫn", "to trinh": "Tờ trình", "de an": "Đề án", "du an": "Dự án",
    "quy dinh": "Quy định", "quy che": "Quy chế", "chuong trinh": "Chương trình",
}
_KIND_HEAD = re.compile(
    r"(?:ban\s+)?(?P<kind>" + "|".join(sorted(HEADING_KINDS, key=len, reverse=True)) + r")\b"
    r"(?:\s+(?:so\s+)?[0-9ivx]{1,4}\b)?\s*[:.\-–]?\s*"
)
# Lines that are not the heading, wherever they stand in the head.
_MOTTO = re.compile(r"cong\s+h[oò]a\s+xa\s+hoi|doc\s+lap\s*[-–]\s*tu\s+do|dang\s+cong\s+san\s+viet\s+nam")
FORM_CODE = re.compile(  # folded: "Mẫu số 3-TT", "Mãu số 23/CKTC-NSH", "Biểu A01", "Biểu số 01/TNLĐ", "B1-1-ĐONTC"
    r"(?:m[aã]u\s*(?:so)?\s*[:.]?\s*[a-z]{0,4}\s*\d|bieu\s*(?:so\s*)?[a-z]?\d|[a-z]\d+(?:-\d+)?-[a-z]{2,}\d?$)"
)
_FIELD = re.compile(r"^(?:\d{1,2}\s*[-.)]\s*)?(?P<label>[^:\d\"“,]{1,40}?)\s*:\s*(?P<value>.*)$")
FILL_IN = re.compile(r"^(?:ten (?:don vi|doanh nghiep|co quan)|don vi bao cao|toi la\b|ho (?:va )?ten\s*:)")  # a form's fields
_BLANK_NUMBER = re.compile(r"^so\s*:?\s*$")  # "Số:" left blank: a form's, or a document not yet numbered
_TOPIC = re.compile(r"^chu de\s*:")  # statistical tables: "chủ đề: chăn nuôi"
EVENT = re.compile(r"\b(?:khoa hop|dien dan|hoi thao|hoi nghi)\b")  # folded: a forum paper's first line
_PLACE_DATE = re.compile(  # "Hà Nội, ngày 20, 21 tháng 03 năm 2002", "....., ngày  tháng  năm", "Hà nội, 10/1997"
    r"^(?:[^,]{0,40},\s*)?(?:ngay|thang)\b[\s\d.,/\-–…]*(?:thang[\s\d.…]*)?(?:nam[\s\d.…]*)?$"
    r"|^[^,]{2,40},\s*\d{1,2}/\d{4}$"
)
_SEPARATOR = re.compile(r"^[\W_o0]*$")
TOC = re.compile(r"^muc luc\b")  # folded: a table of contents
_PART = re.compile(r"^(?:phan|chuong)\s+(?:thu\s+)?[a-z0-9]+\s*[:.\-–]\s*")  # "PHẦN THỨ NHẤT:" in a contents line
# What ends a heading.
_PAREN = re.compile(r"^\s*\(")
_BYLINE = re.compile(r"^(?:ong|ba|ts|ths|pgs|gs|tien si|tien sy|giao su|tac gia)\b\.?\s*(?:[-–.:]\s*)?(?=\w)")
_ACADEMIC = re.compile(r"^(?:giao su|tien si|tien sy|pho giao su|thac si|chuyen gia|vien truong|truong ban|tong giam doc)\b")
_TABLE_HEAD = re.compile(r"^(?:stt|tt|so tt|so thu tu|ma so)\b")
_NUMBERED = re.compile(r"^\s*(?:\d{1,2}|[ivx]{1,4}|[a-d])\s*[./)\-–]\s*\S", re.IGNORECASE)
# A blank to fill in ("……", ".....", "…./2004"), not an ellipsis ending a sentence ("dư thừa lớn…. Song").
BLANK = re.compile(r"\.{4,}|…{2,}|…\.(?!\s+[A-ZĐ])|\.…|(?:\.\s){4,}")
_ADDRESS = re.compile(r"^kinh g[uo]i\b")
_ISSUED_WITH_LINE = re.compile(r"^(?:ban hanh )?kem theo\b")
_PREAMBLE = re.compile(r"^[-+\s]*(?:can cu|xet de nghi|theo de nghi)\b")  # an instrument's preamble opens its body
_UNIT = re.compile(r"^(?:don vi(?: tinh)?|dvt)\s*:")


@dataclass
class Heading:
    """A document's heading: the kind word it starts with (None when it starts with none), the
    rest of it (the title when the document is of that kind) and the whole of it (its title
    when it is of another kind: a form headed "Báo cáo tai nạn lao động")."""

    kind: str | None
    rest: str | None
    full: str | None

    def title_for(self, kind: str | None) -> str | None:
        """The title of a document of ``kind``: without the kind word when it starts so."""
        return self.rest if kind and kind == self.kind else self.full


def is_field(cell: str) -> bool:
    """A form's field ("Tên đơn vị:", "Địa chỉ:", "File mềm xin gửi về: …", "1- Đối tượng áp
    dụng: …"): a label of a few words before a colon. A title with a colon ("Phát triển công
    nghệ mới: …") has a longer, punctuated or quoted first part."""
    m = _FIELD.match(cell.strip())
    if not m or _KIND_HEAD.match(fold(cell.strip())):
        return False
    words = len(m["label"].split())
    return words <= 5 and (bool(m["value"].strip()) or words <= 3)


def is_byline(cell: str) -> bool:
    """An author line: "Ông Lê Quang Thung", "TS - Nguyễn Đại Lai", "Bà Michèle Debonneuil"
    (a courtesy or academic title, then capitalised words); "Ba giải pháp …" is not one."""
    m = _BYLINE.match(" ".join(fold(cell).split()))
    if not m or len(cell.split()) > 12:
        return False
    rest = " ".join(cell.split())[m.end() :].split()
    return bool(rest) and all(w[:1].isupper() or not w[:1].isalpha() for w in rest[:3])


def split_cells(line: str) -> list[str]:
    """The columns of a line (tabs, runs of three spaces or more, "|"), with the spaces typists
    put inside "Số:    99/ 1998/TT-BTC" or "ngày  14   tháng  7" closed first, and an issuer
    and its number two spaces apart ("CHÍNH PHỦ  Số :  93/2006/NĐ-CP") taken as two cells."""
    line = re.sub(r"((?i:số)\s?[:.]?) {2,}(?=\d)|(\d) {2,}(?=/)", r"\1\2 ", line)
    line = re.sub(r"(?<=\S) {2}(?=(?i:số)\s?[:.]\s*\d)", "\t", line)  # "CHÍNH PHỦ  Số :  93/2006/NĐ-CP": two cells
    line = re.sub(r"(?i)\b(ngày|tháng|năm) {2,}| {2,}(?=(?:tháng|năm)\b)", lambda m: (m.group(1) or "") + " ", line)
    return [c.strip() for c in re.split(r"\t+|\s{3,}|\|+", line) if c.strip()]


def _skipped_row(row: str) -> bool:
    """A whole line that is no heading: the motto, a separator, a place and date."""
    f = " ".join(fold(row.replace("\t", " ")).split())
    return bool(_MOTTO.search(f) or _SEPARATOR.match(f) or _PLACE_DATE.match(f))


def _issuer_block(cell: str) -> bool:
    """A line of the issuer block above a heading: "UBND HUYỆN CẦN GIỜ", "Ban chỉ đạo …", and
    the province or city above it ("THÀNH PHỐ HỒ CHÍ MINH")."""
    f = " ".join(fold(cell).split())
    if _KIND_HEAD.match(f) or len(cell) >= 70:
        return False
    return is_org_head(cell) or bool(re.match(r"(?:tinh|thanh pho|tp\.?|huyen|quan)\s", f) and cell.isupper())


def _skippable(cell: str) -> bool:
    """A cell that stands in a heading's place without being it (form code, field, separator,
    date line, topic line, unit line, a field left blank)."""
    f = " ".join(fold(cell).split())
    return bool(
        FORM_CODE.match(f) or FILL_IN.match(f) or _BLANK_NUMBER.match(f) or _TOPIC.match(f) or _SEPARATOR.match(f)
        or _PLACE_DATE.match(f) or _UNIT.match(f) or is_field(cell)
        or (BLANK.search(cell) and len(re.sub(r"[.…\s(),\d]", "", cell)) < 12)  # "Chương trình…….", "UBND……(1)"
    )


def _ends_heading(cell: str, taken: list[str], nxt: str) -> bool:
    """Whether ``cell`` (with the next line ``nxt``) closes a heading that holds ``taken``."""
    f = " ".join(fold(cell).split())
    if _PAREN.match(cell) or _ADDRESS.match(f) or _TABLE_HEAD.match(f) or _ISSUED_WITH_LINE.match(f) or _PREAMBLE.match(f):
        return True
    if is_byline(cell) or (_ACADEMIC.match(" ".join(fold(nxt).split())) and len(cell.split()) <= 5):
        return True
    if re.match(r"^(?:phan|chuong)\s+(?:thu\s+)?\w+\s*$", f):  # "Phần thứ nhất" opens the body
        return True
    if taken and (_NUMBERED.match(cell) or BLANK.search(cell) or is_field(cell)):
        return True
    return bool(taken and cell[:1].isupper() and cell.rstrip().endswith(".") and len(cell.split()) > 8) or len(cell) > 300


def _heading_lines(lines: list[str], limit: int) -> list[str]:
    """The heading lines among the first ``limit`` non-empty lines (first cell of each, after
    the cells that only stand in its place)."""
    rows = [ln for ln in lines if ln.strip()][:limit]
    taken: list[str] = []
    skip_theme = in_paren = in_issuer = False
    for i, row in enumerate(rows):
        if _skipped_row(row):
            continue
        cells = split_cells(row)
        if len(cells) >= 3 and not taken and sum(not _skippable(c) for c in cells) >= 3:
            break  # a table's header row before any heading
        if len(cells) >= 3 and taken:
            break
        nxt = rows[i + 1] if i + 1 < len(rows) else ""
        for cell in cells:
            f = " ".join(fold(cell).split())
            if in_paren:
                in_paren = ")" not in cell
                continue
            if skip_theme:
                skip_theme = False
                continue
            if EVENT.search(f) and not taken:
                skip_theme = True  # the forum's theme follows its name
                break
            if TOC.match(f):
                continue
            if _PAREN.match(cell) and not taken:
                in_paren = ")" not in cell
                continue
            if not taken and (_issuer_block(cell) or in_issuer and re.match(r"(?:ve|va|cua)\s", f)):
                in_issuer = True  # "Ban chỉ đạo Chương trình Quốc gia" / "về Công nghệ thông tin"
                continue
            in_issuer = False
            if _ends_heading(cell, taken, nxt):
                if taken and BLANK.search(cell) and cell[:1].islower():  # "của tỉnh……" ends a template's heading
                    taken.append(cell)
                return taken
            if _skippable(cell) or (not taken and len(cell) > 120 and re.search(r"[.!]\s+[A-ZĐ]", cell)):
                continue  # a note above the heading ("Đề nghị các đơn vị … Xin cảm ơn.")
            if _NUMBERED.match(cell) and not taken:
                cell = re.sub(r"^\s*(?:\d{1,2}|[ivx]{1,4}|[a-d])\s*[./)\-–]\s*", "", cell, flags=re.IGNORECASE)
            taken.append(cell)
            if cell.rstrip().endswith(".") or cell.rstrip().endswith(":") and not nxt.strip()[:1].islower():
                return taken  # "… ĐT-XD:" introduces a list; "… công nghệ mới :" goes on in lower case
            break
    return taken


def read_heading(text: str, limit: int) -> Heading:
    """The kind word and title of ``text``'s heading, read from its first ``limit`` non-empty lines."""
    taken = _heading_lines(text.split("\n"), limit)
    if not taken:
        return Heading(None, None, None)
    joined = " ".join(" ".join(taken).split())
    part = _PART.match(fold(joined))
    joined = joined[part.end() :] if part else joined
    m = _KIND_HEAD.match(fold(joined))
    if not m:
        return Heading(None, _tidy(joined), _tidy(joined))
    return Heading(HEADING_KINDS[m["kind"]], _tidy(joined[m.end() :]), _tidy(joined))


def _tidy(title: str) -> str | None:
    """One line, no fill-in dots, wrapping quotes or closing parenthesis of four words or more
    ("… (tính tới ngày 15/8/2005 - chỉ tính các dự án còn hiệu lực)", "… (ban hành kèm theo …)"),
    inner quotes curled ('" Qúa trình …"' → "“Qúa trình …”"), no space before a colon, an
    all-capitals heading in sentence case and an all-capitals first word of a mixed one
    ("DANH sách …") in lower case."""
    title = BLANK.sub(" ", title)
    paren = re.search(r"\s\((?P<inner>[^()]*)\)?\s*$", title)
    if paren and len(paren["inner"].split()) >= 4 and len(title[: paren.start()].split()) >= 3:
        title = title[: paren.start()]
    title = " ".join(title.split()).strip(" .,;:-–\"“”")
    title = re.sub(r'"\s*([^"]+?)\s*"', r"“\1”", title)
    title = re.sub(r"\s+([:;,])", r"\1", title)
    if not re.search(r"[^\W\d_]{2,}", title):
        return None
    letters = [c for c in title if c.isalpha()]
    if sum(c.isupper() for c in letters) > 0.8 * len(letters):
        title = sentence_case(title)
    first, _, rest = title.partition(" ")
    if len(first) > 1 and first.isupper() and not is_acronym(first) and rest[:1].islower():
        title = f"{first.lower()} {rest}"
    return title[:1].upper() + title[1:]


_EVENT_DATE = re.compile(  # "Hà Nội, ngày 20, 21 tháng 03 năm 2002", "Thành phố Hồ Chí Minh, ngày 10-11/09/2003"
    r"^(?P<place>[^\W\d_][^,\d]{1,40}),\s*ngày\s+(?P<d>\d{1,2})\s*(?:,|-|–|và)\s*\d{1,2}\s*"
    r"(?:tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})|/\s*(?P<m2>\d{1,2})\s*/\s*(?P<y2>\d{4}))",
    re.IGNORECASE,
)


def event_date(text: str, limit: int) -> tuple[str, str, str, str] | None:
    """(place, day, month, year) of a forum paper's place-and-date line, which names the days
    of a meeting ("Hà Nội, ngày 20, 21 tháng 03 năm 2002"): the first day. Read from the first
    ``limit`` non-empty lines."""
    for line in [ln for ln in text.split("\n") if ln.strip()][:limit]:
        m = _EVENT_DATE.match(line.strip())
        if m:
            return m["place"].strip(), m["d"], m["m"] or m["m2"], m["y"] or m["y2"]
    return None
