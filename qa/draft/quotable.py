"""What a draft may quote: a statement of some length, not a heading or a lead-in alone.

Pure functions on the text around a sentence (its line, its marker, its ending), so that the
sentence splitter and the planner need not know (:func:`qa.draft.sources.sentences_of`).
"""

from __future__ import annotations

import re

from qa.draft.names import MARKER, OUTLINE_MARK


def trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop an outline marker before and ";", "," or a final "." after; lead-ins say nothing alone.
    At least 40 characters — or 25 for a numbered item that states a figure ("3. Tuổi đời phải từ
    đủ 18 tuổi đến 40 tuổi"): a provision, not a fragment."""
    m = OUTLINE_MARK.match(text, start)
    item = bool(m) and m.end() < end
    if item:
        start = m.end()
    if text[start:end].rstrip().endswith(":"):
        return None
    if text[start:end].endswith("./."):
        end -= 3
    while end > start and (text[end - 1] in ";, \n\t" or (
            text[end - 1] == "." and text[end - 2] != "." and not re.search(r"(?:^|\s)(?:\w\.)+$", text[start:end]))):
        end -= 1
    short = item and end - start >= 25 and re.search(r"\d", text[start:end])
    return (start, end) if end - start >= 40 or short else None


_HEADING_LINE = re.compile(r"^(?:Điều|Chương|Mục|Phần|Điều khoản)\s+[\wĐđ]+\s*[.:\-–]", re.IGNORECASE)


def quotable(text: str, start: int, end: int, max_quote: int) -> bool:
    piece = text[start:end]
    if end - start > max_quote or MARKER.search(piece) or piece[:1].islower():
        return False
    if _HEADING_LINE.match(piece) and "\n" not in piece and len(piece) < 160:
        return False  # "Điều 23. Nội dung quản lý …": a heading, not a statement
    letters = [ch for ch in piece if ch.isalpha()]
    return sum(ch.isupper() for ch in letters) <= 0.4 * len(letters)  # not a heading
