"""The people a document is addressed to: "Kính gửi:" recipients and the "Nơi nhận:" list.

Split from :mod:`ingest.metadata`. The Nơi nhận list often stands beside the signature block on
the same lines (two columns), so :func:`distribution` also returns the cells beside it, in
which :mod:`ingest.names` finds the signer.
"""

from __future__ import annotations

import re

from common.vietnamese.normalize import fold
from ingest.heading import split_cells
from ingest.names import one_line, person_name, signature_like


def recipients(lines: list[str]) -> list[str]:
    """The "Kính gửi:" items (the line itself, then its bulleted lines)."""
    for i, line in enumerate(lines[:80]):
        m = re.match(r"\s*(?i:kính g[ửở]i)\s*:?\s*(.*)$", line)
        if not m:
            continue
        items = [m.group(1).strip()] if m.group(1).strip(" -") else []
        for nxt in lines[i + 1 :]:
            if not nxt.strip():
                continue
            if not re.match(r"\s*[-+•]", nxt):
                break
            items.append(nxt)
        return [_clean_item(x) for x in items if _clean_item(x)]
    return []


def _clean_item(item: str) -> str:
    return one_line(re.sub(r"^\s*[-+•.]\s*", "", item)).rstrip(" ,;.")


def distribution(lines: list[str]) -> tuple[list[str], list[str], int]:
    """Nơi nhận items, the cells beside them (signature), and the line index where it starts."""
    start = next((i for i, ln in enumerate(lines) if fold(ln).strip().startswith("noi nhan")), None)
    if start is None:
        return [], [], -1
    cells = split_cells(lines[start])
    side = cells[1:]
    head_rest = re.sub(r"^(?i:nơi nhận)\s*:?\s*", "", cells[0])
    if head_rest:
        side.insert(0, head_rest)
    items: list[str] = []
    blanks = 0
    for line in lines[start + 1 :]:
        if not line.strip():
            blanks += 1
            if blanks >= 3:
                break
            continue
        blanks = 0
        cells = split_cells(line)
        if not cells:
            continue
        first, others = cells[0], cells[1:]
        if signature_like(first):
            side.extend(cells)
            continue
        if re.match(r"\s*[-+•.]\s*\S", line):
            if items and re.match(r"(?i:lưu)\b", items[-1]) and items[-1].endswith("."):
                break
            items.append(re.sub(r"^[-+•.]\s*", "", first))
        elif items and len(first) < 90 and not re.match(r"\(|PAGE\b|EMBED\b", first) and _continues(items[-1], line):
            items[-1] += " " + first
        else:
            break
        tail = re.match(r"(.*[;,])\s*(\S.*)$", items[-1])
        if tail and person_name(tail.group(2)):
            items[-1] = tail.group(1)
            side.append(tail.group(2))
        side.extend(others)
    return [c for c in (_clean_item(x) for x in items) if c], side, start


def _continues(prev: str, line: str) -> bool:
    """Whether ``line`` goes on with the Nơi nhận item ``prev`` (wrapped text, not a new block)."""
    prev = prev.rstrip()
    if prev.endswith(".") or re.match(r"(?i:lưu)\b", prev) and not line[:1].isspace():
        return False  # "Lưu ..." closes the list; only its indented second line follows
    return line[:1].isspace() or not prev.endswith(";")
