"""Tables in a document's text: rows, their column headers — pure functions.

Ingestion keeps a table as lines of tab-separated cells under their header line
(:mod:`ingest.celltables`). A row quoted bare ("2 Singapore 269 3596300185") says nothing; the
planner quotes a row only under its table's header line, as it quotes an item under its lead-in
(:func:`qa.draft.sources.sentences_of`), and the header line itself — what the table, or a blank
form, holds — is read as text.
"""

from __future__ import annotations

import re

from qa.draft.names import MARKER
from qa.tables import line_spans


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _tab_line(text: str, at: int) -> bool:
    start = _line_start(text, at)
    end = text.find("\n", start)
    return "\t" in text[start:end if end >= 0 else len(text)].strip()  # cells, not an indented paragraph


def in_table(text: str, at: int) -> bool:
    """Whether ``at`` is in a table: a line of tab-separated cells with another such line just
    above or below it. A lone tabbed line is a layout (a form's title block set with tabs), read
    as text."""
    if not _tab_line(text, at):
        return False
    start = _line_start(text, at)
    end = text.find("\n", start)
    above = start > 0 and _tab_line(text, start - 1)
    below = end >= 0 and end + 1 < len(text) and _tab_line(text, end + 1)
    return above or below


def table_header(text: str, at: int) -> tuple[int, int] | None:
    """The column-header line (document span) of the table whose row holds ``at``: the first line
    of the run of tab-separated lines above it. None outside a table, and on that first line
    itself — the headers, read as text."""
    if not in_table(text, at):
        return None
    line = _line_start(text, at)
    top = line
    while top > 0 and _tab_line(text, top - 1):
        top = _line_start(text, top - 1)
    if top == line:
        return None
    end = text.find("\n", top)
    end = len(text) if end < 0 else end
    a = top + len(text[top:end]) - len(text[top:end].lstrip())
    return a, a + len(text[a:end].rstrip())


def row_span(text: str, start: int, end: int, shortest: int) -> tuple[int, int] | None:
    """The row in ``text[start:end]`` without surrounding blanks and final punctuation, or None
    when it is not a row worth quoting: more than one line, no figure, fewer than ``shortest``
    characters besides its tabs, or a citation marker in it."""
    start += len(text[start:end]) - len(text[start:end].lstrip())
    end = start + len(text[start:end].rstrip(" \t\n;,."))
    piece = text[start:end]
    if "\n" in piece or not re.search(r"\d", piece) or len(piece.replace("\t", "")) < shortest or MARKER.search(piece):
        return None
    return start, end


def table_blocks(text: str, fewest: int) -> list[tuple[int, int]]:
    """Each table of ``text`` as (start of its caption, start of its header line): a run of at
    least ``fewest`` tab-separated lines, and above it the untabbed lines that name it ("đầu tư
    nước ngoài của vùng đông nam bộ theo ngành 1988-2005", one blank line allowed between) —
    none when the table follows the previous one directly."""
    lines = line_spans(text)
    tabbed = ["\t" in text[a:b].strip() for a, b in lines]
    blocks: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and tabbed[j]:
            j += 1
        if j - i >= fewest:
            k = i - 1
            if k >= 0 and not text[lines[k][0]:lines[k][1]].strip():
                k -= 1  # one blank line between the caption and the headers
            top = i
            while k >= 0 and text[lines[k][0]:lines[k][1]].strip() and not tabbed[k] and i - k <= 4:
                top = k
                k -= 1
            blocks.append((lines[top][0], lines[i][0]))
        i = max(j, i + 1)
    return blocks


def named_tables(text: str, fewest: int) -> list[tuple[int, int, str, str]]:
    """The tables of a statistical report as parts: (start, end, caption's first line, its other
    lines), each from its caption to the next one; [] when fewer than two tables are named. A
    caption is at least 15 characters, and neither a unit line "(tỷ đồng)" nor a sub-heading
    "Mặt hàng chủ yếu:" — those stay in their table."""
    named = [(c, h) for c, h in table_blocks(text, fewest)
             if len(text[c:h].strip()) >= 15 and not text[c:h].strip().endswith(":") and not text[c:h].strip().startswith("(")]
    if len(named) < 2:
        return []
    out = []
    for i, (caption, header) in enumerate(named):
        end = named[i + 1][0] if i + 1 < len(named) else len(text)
        lines = [line.strip() for line in text[caption:header].split("\n") if line.strip()]
        out.append((caption, end, lines[0], " . ".join(lines[1:])))
    return out


def row_label(row: str) -> str:
    """A row's words without its figures: what the row is about ("Hợp đồng hợp tác kinh doanh")."""
    return " ".join(c.strip() for c in row.split("\t") if c.strip() and not any(ch.isdigit() for ch in c))


def row_at(text: str, at: int, lo: int, hi: int, shortest: int) -> tuple[int, int] | None:
    """The whole table row holding ``at`` (a sentence inside one cell is quoted as its row), as
    :func:`row_span` trims it, when the line lies within [lo, hi) (one chunk)."""
    line = _line_start(text, at)
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    if line < lo or end > hi:
        return None
    return row_span(text, line, end, shortest)
