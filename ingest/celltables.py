"""Tables flattened one cell per line, rebuilt as tab-separated rows.

Some documents reach us already converted to text with each table cell on its own line and
the rows separated by blank lines::

    STT
    Ngành nghề kinh doanh
    Tỷ lệ % Thuế TNDN tính trên doanh thu

    1
    Thương mại ( … ).
    1

    2
    Dịch vụ
    5

Read that way, a row's figure stands alone ("5") and the answer layer (:mod:`qa.tables`)
cannot put it under its column header. :func:`rebuild_cell_tables` turns such a table into
the form every other reader gives tables — one tab-separated line per row under a
tab-separated header line — and changes nothing else.

A false rebuild corrupts a document (numbered provisions would vanish into a "row"), so a
table is rebuilt only when all of this holds, and left as it is otherwise:

* rows open with a running number alone on its line (1, 2, 3 … or I, II … or a, b …),
  starting at the first value, each after a blank line, numbers in sequence;
* right above the first row, a header block of short lines whose first name is the
  running-number column ("STT", "TT", "Số thứ tự"); a name wrapped onto two lines is one
  name, lines above that column ("Đơn vị tính: triệu đồng") stay as they are;
* a row's cells are its lines up to the next row (a blank line inside is an empty cell);
  every row has one cell per column, or one fewer (a missing trailing cell, as long as its
  figures still stand under columns of figures), or one more when two of its lines are one
  wrapped cell (:func:`common.vietnamese.normalize.continues_line`; else the one pair whose
  joining leaves every cell after it like its column's in the table's full rows — a figure
  under figures, or opening with a word its column's cells open with); the table ends before
  the first row that does not fit;
* at least :data:`MIN_COLUMNS` columns and :data:`MIN_ROWS` rows, cells short
  (:data:`MAX_CELL_CHARS`), and at least one complete row (a form whose rows are only
  names waiting for figures is left alone).

A group's name alone between the header and the rows, or between groups numbered from 1
again ("Bệnh nhân khám bệnh"), stays in the table as a row of its own ("\tBệnh nhân …").

Words, their order and the lines outside tables are kept; only the line breaks and blank
lines inside a rebuilt table become tabs and line breaks.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ingest.markers import roman_value
from common.vietnamese.normalize import continues_line

MIN_COLUMNS = 3  # "1 / Thương mại / 10": fewer cells is a numbered list, not a table
MIN_ROWS = 2
MAX_CELL_CHARS = 250  # a longer "cell" is a paragraph
MAX_HEADER_CHARS = 80
MAX_ROW_LINES = 14  # lines from a row's number to the next one's

_RUNNING = re.compile(r"^(\d{1,3}|[IVX]{1,5}|[a-zđ])[.)]?$")
_LETTERS = "abcdđeghiklmnopqrstuvxy"
_FIGURE = re.compile(r"^[\s\d.,%()+\-–/]*\d[\s\d.,%()+\-–/]*$")
_SENTENCE_END = re.compile(r"[.:;]$")
# The running-number column's name: STT, TT, Số TT, Số thứ tự, Thứ tự, No.
_NUMBER_COLUMN = re.compile(r"^(?:s[ốô]\s*)?(?:s?\.?\s*t\.?\s*t\.?|thứ\s+tự|no\.?)$", re.IGNORECASE)


@dataclass(frozen=True)
class CellTable:
    """A flattened table found in a text: the line range it spans (``start`` inclusive,
    ``end`` exclusive, 0-based line numbers) and its rebuilt lines."""

    start: int
    end: int
    header: list[str]
    rows: list[list[str]]

    @property
    def lines(self) -> list[str]:
        return ["\t".join(self.header)] + ["\t".join(r) for r in self.rows]


def _running(line: str) -> tuple[str, int] | None:
    """("num", 3) for "3" or "3.", ("roman", 2) for "II", ("alpha", 1) for "a)"; None otherwise."""
    m = _RUNNING.match(line.strip())
    if not m:
        return None
    token = m.group(1)
    if token.isdigit():
        return ("num", int(token))
    if token.isupper():
        value = roman_value(token)
        return ("roman", value) if value else None
    return ("alpha", _LETTERS.index(token) + 1) if token in _LETTERS else None


def _label(kind: str, value: int) -> set[str]:
    if kind == "num":
        token = str(value)
    elif kind == "roman":
        token = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX", 10: "X",
                 11: "XI", 12: "XII", 13: "XIII", 14: "XIV", 15: "XV"}.get(value, "")
    else:
        token = _LETTERS[value - 1] if 0 < value <= len(_LETTERS) else ""
    return {token, token + ".", token + ")"} if token else set()


def _blank(line: str) -> bool:
    return not line.strip()


def _fit(cells: list[str], columns: int, profile: "_Profile | None" = None) -> list[str] | None:
    """The row's cells when they fit ``columns``: as they are, one trailing cell missing, or
    one wrapped cell too many — two lines of which the second clearly continues the first, else
    (with the ``profile`` of the table's full rows) the one pair whose joining leaves every cell
    like its column's ("Tân Đông Hiệp A / Dapark(*)" is one name: "Xã …" opens the next column)."""
    if len(cells) in (columns, columns - 1):
        return cells
    if len(cells) == columns + 1:
        joins = [i for i in range(1, len(cells) - 1)
                 if cells[i] and cells[i + 1] and continues_line(cells[i], cells[i + 1])]
        if len(joins) != 1 and profile is not None:
            joins = profile.best_join(cells)
        if len(joins) == 1:
            i = joins[0]
            return cells[:i] + [cells[i] + " " + cells[i + 1]] + cells[i + 2:]
    return None


def _first_word(cell: str) -> str:
    return cell.split()[0].lower() if cell.split() else ""


@dataclass
class _Profile:
    """What the full rows of a table hold in each column: its kind of cell (figures or words,
    when most rows agree) and the words its cells open with ("Xã", "Thị trấn" under "Địa điểm")."""

    kinds: list[str | None]
    openers: list[set[str]]
    rows: int  # full rows it was read from

    @classmethod
    def of(cls, rows: list[list[str]], columns: int) -> "_Profile":
        full = [r for r in rows if len(r) == columns]
        return cls([_column_kind(full, j) for j in range(columns)],
                   [{_first_word(r[j]) for r in full if r[j]} for j in range(columns)], len(full))

    def best_join(self, cells: list[str]) -> list[int]:
        """The one adjacent pair (by its first index) whose joining leaves every cell after it like
        its column's (:meth:`_fits`), with the most cells so; [] on a tie,
        when no cell after the join vouches for it, or when fewer than :data:`MIN_ROWS` full rows say
        what the columns hold. An empty cell wraps nothing."""
        if self.rows < MIN_ROWS:
            return []
        scored: list[tuple[int, int]] = []
        for i in range(1, len(cells) - 1):
            if not cells[i] or not cells[i + 1]:
                continue
            row = cells[:i] + [cells[i] + " " + cells[i + 1]] + cells[i + 2:]
            after = [(j, c) for j, c in enumerate(row) if j > i and c]
            if not after or not all(self._fits(j, c) for j, c in after):
                continue
            scored.append((sum(1 for j, c in enumerate(row) if c and self._fits(j, c)), i))
        if not scored:
            return []
        best = max(score for score, _i in scored)
        winners = [i for score, i in scored if score == best]
        return winners if len(winners) == 1 else []

    def _fits(self, j: int, cell: str) -> bool:
        """A figure under a column of figures, or a cell opening as the column's cells do (any
        words fit a column of words: "Dapark(*) Xã …" would)."""
        return self.kinds[j] == "figure" and _kind(cell) == "figure" or _first_word(cell) in self.openers[j]


def _block_above(lines: list[str], line: int) -> tuple[int, int] | None:
    """The run of non-blank lines (start, end) above ``line``, one blank line between, or None."""
    end = line
    if end == 0 or not _blank(lines[end - 1]):
        return None
    end -= 1
    if end == 0 or _blank(lines[end - 1]):
        return None
    start = end
    while start > 0 and not _blank(lines[start - 1]):
        start -= 1
    return start, end


def _header_cells(block: list[str]) -> tuple[int, list[str]] | None:
    """Column names from a block of short lines: (lines before the names, names), or None.

    The names begin with the running-number column ("STT", "TT", "Số thứ tự" …): a table
    whose rows open with 1, 2, 3 names that column first, and a block without it is not
    this table's header. Lines above it ("Đơn vị tính: triệu đồng") stay as they are. A
    name wrapped onto two lines (the second clearly continues the first:
    :func:`common.vietnamese.normalize.continues_line`) is one name."""
    if not block or any(len(c) > MAX_HEADER_CHARS or _running(c) for c in block):
        return None
    joined: list[tuple[int, str]] = []  # (first line, name)
    for i, cell in enumerate(block):
        if joined and continues_line(joined[-1][1], cell):
            joined[-1] = (joined[-1][0], joined[-1][1] + " " + cell)
        else:
            joined.append((i, cell))
    first = next((k for k, (_i, name) in enumerate(joined) if _NUMBER_COLUMN.match(name)), None)
    if first is None:
        return None
    names = [name for _i, name in joined[first:]]
    if any(_SENTENCE_END.search(name) for name in names):
        return None
    return joined[first][0], names


def _headers(lines: list[str], first_row: int):
    """The possible headers of a table whose first row begins at ``first_row``, as (first
    line, column names, group name): the block right above it; for a header split by a blank
    line ("STT", blank, the other names) that block with the one-line block above; for a first
    group's name alone between header and rows ("Bệnh nhân đang điều trị"), the block above it."""
    block = _block_above(lines, first_row)
    if block is None:
        return
    found = _header_cells([lines[i].strip() for i in range(*block)])
    if found is not None:
        yield block[0] + found[0], found[1], ""
    above = _block_above(lines, block[0])
    if above is None:
        return
    if above[1] - above[0] == 1 and _NUMBER_COLUMN.match(lines[above[0]].strip()):
        found = _header_cells([lines[i].strip() for i in range(above[0], block[1]) if not _blank(lines[i])])
        if found is not None and found[0] == 0:
            yield above[0], found[1], ""
    if block[1] - block[0] == 1 and _label_line(lines[block[0]]):
        found = _header_cells([lines[i].strip() for i in range(*above)])
        if found is not None:
            yield above[0] + found[0], found[1], lines[block[0]].strip()


def _row_cells(lines: list[str], start: int, end: int) -> list[str]:
    """Cells of a row spanning lines ``start`` to ``end`` (the separator blank line excluded)."""
    while end > start and _blank(lines[end - 1]):
        end -= 1
    return [lines[i].strip() for i in range(start, end)]


def _label_line(line: str) -> bool:
    """A group's name spanning a table's width ("Bệnh nhân khám bệnh"): short words."""
    line = line.strip()
    return bool(line) and len(line) <= MAX_HEADER_CHARS and not _running(line) and not _SENTENCE_END.search(line) \
        and not _NUMBER_COLUMN.match(line) and not _FIGURE.match(line)


def _row_bounds(lines: list[str], start: int) -> list[tuple[int, list[str]]]:
    """(first line, cells) of each row of a run that begins at line ``start`` with 1, I or a."""
    opening = _running(lines[start])
    if opening is None or opening[1] != 1 or (start and not _blank(lines[start - 1])):
        return []
    kind = opening[0]
    starts = [start]
    value = 1
    while True:  # the next rows: the next running number after a blank line, near enough
        wanted = _label(kind, value + 1)
        nxt = next((j for j in range(starts[-1] + 2, min(len(lines), starts[-1] + MAX_ROW_LINES + 1))
                    if lines[j].strip() in wanted and _blank(lines[j - 1])), None)
        if nxt is None:
            break
        starts.append(nxt)
        value += 1
    # the last row runs to the first blank line: a blank cell cannot be told from its end
    last_end = starts[-1]
    while last_end < len(lines) and not _blank(lines[last_end]):
        last_end += 1
    return [(a, _row_cells(lines, a, b)) for a, b in zip(starts, starts[1:] + [last_end])]


def _last_row_longer(lines: list[str], start: int, cells: list[str], columns: int) -> list[str] | None:
    """The last row with its empty cells (blank lines) and the short lines after them, when that
    makes exactly ``columns`` cells and a blank line (or the end) follows: "3 / Tổ chức đấu thầu
    / (blank) / 7,35"."""
    at = start + len(cells)
    out = list(cells)
    while len(out) < columns and at < len(lines):
        line = lines[at].strip()
        if line and (len(line) > MAX_HEADER_CHARS or _running(line)):
            return None
        out.append(line)
        at += 1
    if len(out) == columns and out[-1] and (at == len(lines) or _blank(lines[at])):
        return out
    return None


def _fit_rows(bounds: list[tuple[int, list[str]]], columns: int,
              lines: list[str] | None = None) -> tuple[list[list[str]], int]:
    """The rows that fit ``columns`` (up to the first that does not) and the line after them."""
    rows: list[list[str]] = []
    ends: list[int] = []
    profile = _Profile.of([cells for _a, cells in bounds], columns)
    for k, (a, cells) in enumerate(bounds):
        fitted = _fit(cells, columns, profile)
        if fitted is None and k == len(bounds) - 1 and lines is not None:
            fitted = _last_row_longer(lines, a, cells, columns)
            cells = fitted or cells
        if fitted is None or any(len(c) > MAX_CELL_CHARS for c in fitted) or not any(fitted[1:]):
            break
        rows.append(fitted)
        ends.append(a + len(cells))
    rows = _aligned(rows, columns)
    return rows, (ends[len(rows) - 1] if rows else 0)


def _table_at(lines: list[str], start: int) -> CellTable | None:
    """The flattened table whose first row begins at line ``start``, or None."""
    bounds = _row_bounds(lines, start)
    if len(bounds) < MIN_ROWS:
        return None
    for first, header, label in _headers(lines, start):
        if len(header) < MIN_COLUMNS:
            continue
        rows, end = _fit_rows(bounds, len(header), lines)
        # a form to fill in (every row a name and nothing after it) is no table of figures
        if len(rows) >= MIN_ROWS and any(len(r) == len(header) for r in rows):
            return CellTable(start=first, end=end, header=header, rows=([["", label]] if label else []) + rows)
    return None


def _next_group(lines: list[str], table: CellTable) -> CellTable | None:
    """The table extended by the group after it: a blank line, a group's name alone, a blank
    line, and rows numbered from 1 again that fit the same columns."""
    at = table.end
    if at + 3 >= len(lines) or not _blank(lines[at]) or not _label_line(lines[at + 1]) or not _blank(lines[at + 2]):
        return None
    bounds = _row_bounds(lines, at + 3)
    rows, end = _fit_rows(bounds, len(table.header), lines)
    if len(rows) < MIN_ROWS:
        return None
    return CellTable(start=table.start, end=end, header=table.header,
                     rows=table.rows + [["", lines[at + 1].strip()]] + rows)


def _kind(cell: str) -> str:
    return "" if not cell else "figure" if _FIGURE.match(cell) else "words"


def _column_kind(full_rows: list[list[str]], j: int) -> str | None:
    """The kind of cell most full rows hold in column ``j`` (at least two, and twice the others)."""
    seen = Counter(_kind(r[j]) for r in full_rows if r[j])
    kind, n = seen.most_common(1)[0] if seen else ("", 0)
    return kind if n >= 2 and n >= 2 * (sum(seen.values()) - n) else None


def _aligned(rows: list[list[str]], columns: int) -> list[list[str]]:
    """The rows up to the first short one whose cells do not line up: a row one cell short
    may miss its trailing cell, or an empty cell in the middle — then its figures stand
    under a column of words ("3 / Tổ chức đấu thầu / 1.00" under "STT / Tên / Mục tiêu /
    Kinh phí"). A column's kind is what most of the full rows hold in it."""
    kinds = [_column_kind([r for r in rows if len(r) == columns], j) for j in range(columns)]
    for k, row in enumerate(rows):
        if len(row) < columns and any(c and kinds[j] and _kind(c) != kinds[j] for j, c in enumerate(row)):
            return rows[:k]
    return rows


def find_cell_tables(text: str) -> list[CellTable]:
    """Every flattened table of ``text`` that can be rebuilt, in order (none overlap)."""
    lines = text.split("\n")
    found: list[CellTable] = []
    i = 0
    while i < len(lines):
        table = _table_at(lines, i) if _running(lines[i]) else None
        if table is not None and (not found or table.start >= found[-1].end):
            while (longer := _next_group(lines, table)) is not None:
                table = longer
            found.append(table)
            i = table.end
        else:
            i += 1
    return found


def rebuild_cell_tables(text: str) -> str:
    """``text`` with its flattened tables (see the module) as tab-separated rows under a
    tab-separated header line; the rest byte for byte. Pure and idempotent."""
    tables = find_cell_tables(text)
    if not tables:
        return text
    lines = text.split("\n")
    out: list[str] = []
    pos = 0
    for t in tables:
        out.extend(lines[pos:t.start])
        out.extend(t.lines)
        pos = t.end
    out.extend(lines[pos:])
    return "\n".join(out)
