"""Pages of paged documents (PDF, scanned images): which text is usable, and where each page
lies in the clean text.

A PDF page's text layer may be missing (a scan), empty, or garbage (a font whose glyphs map to
nothing readable, legacy text that repair could not fix). :func:`usable_text` is the per-page
quality gate that sends such a page to OCR — and tells an OCR result that read nothing (a blank
page, a smudge) from a page of text.

Cleaning the text (:mod:`common.vietnamese.normalize`: ``clean_text``, ``join_wrapped_lines``)
only removes invisible characters and changes whitespace, so the visible characters of the
pages, counted before cleaning, locate each page in the clean text (:func:`page_spans`) without
changing a character of it. A chunk then knows its pages (:func:`pages_between`) and its
citation says "trang 3".
"""

from __future__ import annotations

import re
from bisect import bisect_right

from common.types import Page
from common.vietnamese.normalize import is_visible
from common.vietnamese.syllables import is_syllable

_WORD_RE = re.compile(r"[^\W\d_]+")


def readable_counts(text: str) -> tuple[int, int]:
    """(letters and digits, of which readable): a digit is readable, a letter when it stands in
    a well-formed Vietnamese syllable."""
    digits = sum(ch.isdigit() for ch in text)
    words = _WORD_RE.findall(text)
    letters = sum(len(w) for w in words)
    return letters + digits, digits + sum(len(w) for w in words if is_syllable(w))


def readable_share(text: str) -> float:
    """Share of the letters and digits of ``text`` that read as Vietnamese: digits, and letters
    in well-formed syllables (0.0 when there are none).

    Weighted by characters so that stray one-letter fragments weigh little; digits count so
    that a page of figures (a table) is readable. Vietnamese prose scores near 1 (codes and
    abbreviations such as "UBND" lower it a little); mojibake, glyph codes and OCR debris
    score low.
    """
    total, readable = readable_counts(text)
    return readable / total if total else 0.0


def usable_text(text: str, *, min_chars: int, min_share: float) -> bool:
    """The quality gate: enough letters and digits, and enough of them readable."""
    total, readable = readable_counts(text)
    return total >= min_chars and readable >= min_share * total


def visible_count(text: str) -> int:
    """Characters that cleaning keeps, whatever it does to whitespace."""
    return sum(map(is_visible, text))


def page_spans(text: str, pages: list[tuple[int, int, bool]]) -> list[Page]:
    """Where each page lies in the clean ``text``.

    :param text: the clean text of the pages joined in order.
    :param pages: (page number, visible characters counted before cleaning, read by OCR).
    :returns: one :class:`Page` per page, spans touching end to end and covering ``text``.
    """
    starts: list[int] = []
    position = 0
    for _number, count, _ocr in pages:
        while position < len(text) and not is_visible(text[position]):
            position += 1  # a page starts at its first visible character
        starts.append(position)
        remaining = count
        while remaining > 0 and position < len(text):
            remaining -= is_visible(text[position])
            position += 1
    starts[0] = 0
    ends = starts[1:] + [len(text)]
    return [Page(number, start, end, ocr) for (number, _c, ocr), start, end in zip(pages, starts, ends)]


def pages_between(pages: list[Page], start: int, end: int) -> list[Page]:
    """The pages holding ``text[start:end]`` (the page of ``start`` when the span is empty)."""
    if not pages:
        return []
    first = max(0, bisect_right([p.start for p in pages], start) - 1)
    out = [pages[first]]
    for page in pages[first + 1 :]:
        if page.start >= end:
            break
        out.append(page)
    return out


def page_label(numbers: list[int]) -> str:
    """"trang 3", "trang 3–4" (a range when the numbers follow each other), "trang 3, 5"."""
    if not numbers:
        return ""
    if numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 1:
        return f"trang {numbers[0]}–{numbers[-1]}"
    return "trang " + ", ".join(str(n) for n in numbers)


_PAGE_IN_LABEL = re.compile(r", trang \d+(?:(?:–|, )\d+)*")


def label_without_page(label: str) -> str:
    """A citation label without its page part: "Khoản 1 Điều 5 Nghị định X, trang 4" → "Khoản 1
    Điều 5 Nghị định X". Sections are compared on this form — a list that runs onto the next page
    is still inside its lead-in's section."""
    return _PAGE_IN_LABEL.sub("", label)
