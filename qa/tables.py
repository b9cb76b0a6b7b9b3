"""Statistical tables in text form: a row is read with the column headers above it.

Tables reach the index as tab-separated lines (from spreadsheets, Word tables and PDFs).
A row quoted alone — "Tổng kim ngạch nhập khẩu  Tr. USD  36000  1860  2200  118.3" — does not
say which figure is the plan, which last year's and which this month's. So when an answer
quotes a row, it also quotes the header lines of its table (:func:`header_span`): the lines
of cells above it that hold words, not figures ("Stt  Đơn vị  K.H  TH  Ư.TH …").
"""

from __future__ import annotations

import re

MIN_CELLS = 3  # a line with fewer tab-separated cells is prose, not a table row
MAX_HEADER_LINES = 3
MAX_CAPTION_LINES = 2  # prose lines above a table that name it: "Cấp mới 8 tháng - 2005 phân theo nước" + "(tính tới …)"
_NUMBER = re.compile(r"^[\s\d.,%()+\-–/]*$")
_YEAR = re.compile(r"(?:19|20)\d\d")


# A label, a tab, then a colon and its value: "Đi công tác ngoài tỉnh \t: 50.000đ/ngày/người." — a
# statement of a regulation laid out with tabs, not a table's row or header (a rate quoted from
# one was dropped as a header, and the answer refused for want of the figure it gave).
_KEY_VALUE = re.compile(r"^[^\t:]*\w[^\t:]*\t[ \t]*:")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.split("\t") if c.strip()]


def is_key_value(line: str) -> bool:
    """A one-line "label<tab>: value" statement (:data:`_KEY_VALUE`)."""
    return "\n" not in line.strip() and bool(_KEY_VALUE.match(line.strip()))


def is_table_row(line: str) -> bool:
    """A line of at least :data:`MIN_CELLS` tab-separated cells, one of them a figure; not a
    "label<tab>: value" statement."""
    cells = _cells(line)
    return len(cells) >= MIN_CELLS and any(_NUMBER.match(c) for c in cells) and not is_key_value(line)


def is_header(line: str) -> bool:
    """Tab-separated cells that are words (or years): a table's column headers (any of its lines)."""
    if "\n" in line:
        return all(is_header(part) or not part.strip() for part in line.split("\n"))
    cells = _cells(line)
    if len(cells) < 2 or "\t" not in line or is_key_value(line):
        return False
    # No cell is a bare figure, except a year ("2005" over the columns of that year's plan):
    # a row of a text-heavy table ("1  Thăm dò và khai thác vàng  Lạng Sơn  …  5900000") has one.
    return not any(_NUMBER.match(c) and not _YEAR.fullmatch(c) for c in cells)


def header_span(text: str, row_start: int) -> tuple[int, int] | None:
    """The offsets of the header lines of the table whose row starts at ``row_start``: the
    nearest run of header lines above it, through the table's other rows; None when the
    table has none (or the row is not in a table)."""
    lines = line_spans(text)
    index = next((i for i, (a, b) in enumerate(lines) if a <= row_start <= b), None)
    if index is None:
        return None
    headers: list[int] = []
    for i in range(index - 1, -1, -1):
        a, b = lines[i]
        line = text[a:b]
        if not line.strip():
            if headers:
                break
            continue
        if "\t" not in line:
            break  # the table's title or prose: the table began below it
        if is_header(line):
            headers.append(i)
            if len(headers) >= MAX_HEADER_LINES:
                break
        elif headers:
            break
    if not headers:
        return None
    first, last = min(headers), max(headers)
    start, end = lines[first][0], lines[last][1]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of ``text``, newlines excluded."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def table_frame(text: str, row_start: int) -> str:
    """What a table says about all its rows: its caption (the prose lines just above it: what
    is counted, where, as of which day) and its column headers — the frame a quoted row is
    read in. Other tables and prose of the same passage are not part of it. Empty when the
    row is not in ``text``."""
    lines = line_spans(text)
    index = next((i for i, (a, b) in enumerate(lines) if a <= row_start <= b), None)
    if index is None:
        return ""
    first = index
    while first > 0 and "\t" in text[slice(*lines[first - 1])]:
        first -= 1
    caption: list[int] = []
    for i in range(first - 1, -1, -1):
        line = text[slice(*lines[i])]
        if not line.strip():
            if caption:
                break
            continue
        if "\t" in line or len(caption) >= MAX_CAPTION_LINES:
            break
        caption.append(i)
    header = header_span(text, row_start)
    parts = [text[slice(*lines[i])] for i in sorted(caption)]
    if header is not None:
        parts.append(text[header[0]:header[1]])
    return "\n".join(parts)
