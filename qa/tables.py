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


def _inner_tab(line: str) -> bool:
    """A line of cells: a tab between words, not only an indent."""
    return "\t" in line.strip()


def split_table_lines(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans with a table's caption cut out of the span it was joined to: the sentence
    splitter, reading a caption in lower case under a row as the row's wrapped continuation
    ("207  42  Điểm chăn nuôi Trâu, Bò" + "giá trị sản xuất ngành chăn nuôi"), joined the next
    table's title to the last row of the one above. A caption is a line without cells right above
    a header line (:func:`is_header`); other lines stay as the splitter joined them (a row's cell
    wrapped onto the next line is still that row)."""
    out: list[tuple[int, int]] = []
    lines = line_spans(text)
    for start, end in spans:
        if "\n" not in text[start:end]:
            out.append((start, end))
            continue
        cuts = [start]
        for i, (a, b) in enumerate(lines):
            if start < a < end and not _inner_tab(text[a:b]) and text[a:b].strip() and i + 1 < len(lines) \
                    and is_header(text[slice(*lines[i + 1])]):
                cuts += [a, min(b, end)]
        cuts.append(end)
        for a, b in zip(cuts, cuts[1:]):
            piece = text[a:b]
            if piece.strip():
                at = a + len(piece) - len(piece.lstrip())
                out.append((at, at + len(piece.strip())))
    return out


# A title names what a table holds; a line ending in a stop or a colon says something or leads a list of
# its own ("Mẫu số 11: Ban hành kèm theo Thông tư …."), and "Đơn vị tính: đồng" gives the unit.
_NOT_CAPTION = re.compile(r"[.:;!?]\s*$|^\s*(?:đơn vị tính|đvt)\b", re.IGNORECASE)


def caption_rows(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """The header lines and rows (at most ``limit`` lines in all) of the table whose caption is
    ``text[start:end]`` — a line of words, no cells, right above a header line ("sản lượng sản phẩm
    chăn nuôi năm 2007" / "STT  Danh mục  Sản lượng" / "1  Sản lượng thịt Trâu (tấn)" …): what a
    statistical table lists is its rows' labels and its columns' headers, and the question "biểu …
    gồm những chỉ tiêu nào" is answered by them. Empty when the span is not a table's caption."""
    caption = text[start:end]
    if "\n" in caption.strip() or _inner_tab(caption) or not caption.strip() or _NOT_CAPTION.search(caption):
        return []
    lines = [(a, b) for a, b in line_spans(text) if a > end]
    out: list[tuple[int, int]] = []
    for index, (a, b) in enumerate(lines):
        line = text[a:b]
        if not line.strip() or not _inner_tab(line) and not (out and line.startswith("\t")):
            break  # a blank line or a line of prose: the table ended
        if index == 0 and not is_header(line):
            return []  # no header line under it: a title of prose, not of a table
        if len(out) >= limit:
            break
        stripped = line.strip()
        at = text.index(stripped, a)
        out.append((at, at + len(stripped)))
    has_rows = any(not is_header(text[a:b]) for a, b in out)
    return out if has_rows else []
