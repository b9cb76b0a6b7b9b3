"""Read the numbering marker a line starts with: "Chương II", "Điều 5.", "2.1.", "III-", "a)".

Pure reading, no context: :func:`candidates` lists every way a line's leading marker can be
read (an "I." may be a Roman part or a letter), each with its value. Whether a reading is a
heading depends on the numbering around it, which :mod:`ingest.sections` decides; the frame
detection in :mod:`ingest.frame` uses the same readings to see where the body starts.
"""

from __future__ import annotations

import re


LEGAL_WORD = {"phan": "Phần", "chuong": "Chương", "muc": "Mục", "dieu": "Điều"}
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_VN_LETTERS = "abcdđeghiklmnopqrstuvxy"
_LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_PART_LETTERS = "abcdđefghijklmnopqrstuvwxyz"

# Ordinals in words: "Phần thứ nhất", "PHẦN THỨ TƯ:" (legacy circulars and plans number their parts so).
_ORDINAL_WORDS = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
                  "mười": 10}
_NAMED_RE = re.compile(
    r"(?P<word>Phần|Chương|Mục|Điều)\s+(?:thứ\s+)?(?P<num>[IVXLC]+|\d{1,3}[a-z]?)(?=[\s.:\-–]|$)\s*[.:\-–]?\s*"
    r"|(?P<oword>Phần|Chương)\s+thứ\s+(?P<onum>" + "|".join(_ORDINAL_WORDS) + r")(?=[\s.:\-–]|$)\s*[.:\-–]?\s*",
    re.IGNORECASE,
)
# "II/", "1/", "a/": a slash after the number, then a space, is how many legacy texts number their
# parts and items ("II/ Những nội dung cụ thể …"); never "31/12" (a day) or "1/2005".
_NUM_RE = re.compile(r"(?P<num>\d{1,3}(?:\.\d{1,3}){0,2})(?:\s*[.)]|\s*[-–](?!\s*\d)|/(?=\s)|(?<=\d\.\d)(?=\s))(?!\d)\s*")
_ROMAN_RE = re.compile(r"(?P<num>[IVXLC]{1,6})\s*(?:[.)/]|[-–](?!\s*\d))(?=\s|$)\s*")
_LETTER_RE = re.compile(r"(?P<num>[A-Za-zĐđ])\s*(?:\)|[./](?=\s)|\s[-–]\s|[-–]\s)\s*")


def roman_value(s: str) -> int | None:
    """"XII" (or "xii") → 12; None when ``s`` is not a Roman numeral."""
    s = s.upper()
    if not s or any(c not in _ROMAN_VALUES for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        v = _ROMAN_VALUES[c]
        total += -v if i + 1 < len(s) and _ROMAN_VALUES[s[i + 1]] > v else v
    return total


def _roman(value: int) -> str:
    """1..10 → "I".."X": a part numbered in words is labelled as officials cite it ("Phần III")."""
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][value - 1]


def _letter_value(ch: str) -> int:
    """Position of a part letter: A B C D Đ E F G H ... (both alphabets merged)."""
    ch = ch.lower()
    return _PART_LETTERS.index(ch) + 1 if ch in _PART_LETTERS else 0


def _alpha_value(ch: str) -> int:
    """Position of a điểm letter; Vietnamese order (a b c d đ e g h) or Latin (e f g)."""
    ch = ch.lower()
    return _VN_LETTERS.index(ch) + 1 if ch in _VN_LETTERS else (_LATIN_LETTERS.index(ch) + 1 if ch in _LATIN_LETTERS else 0)


def candidates(line: str) -> list[tuple[str, int, str, int]]:
    """Possible readings of a line's leading marker: (type, value, label, marker end)."""
    out: list[tuple[str, int, str, int]] = []
    m = _NAMED_RE.match(line)
    if m:
        word = (m.group("word") or m.group("oword")).lower()
        kind = {"phần": "phan", "chương": "chuong", "mục": "muc", "điều": "dieu"}[word]
        num = m.group("num") or _roman(_ORDINAL_WORDS[m.group("onum").lower()])
        value = roman_value(num) if kind != "dieu" and roman_value(num) else int(re.sub(r"\D", "", num) or 0)
        label = f"{LEGAL_WORD[kind]} {num.upper() if roman_value(num) and kind != 'dieu' else num}"
        if value:
            out.append((kind, value, label, m.end()))
        return out
    m = _NUM_RE.match(line)
    if m:
        parts = m.group("num").split(".")
        kind = ("num", "num2", "num3")[len(parts) - 1]
        out.append((kind, int(parts[-1]), m.group("num"), m.end()))
        return out
    m = _ROMAN_RE.match(line)
    if m and m.group("num").isupper():
        out.append(("roman", roman_value(m.group("num")) or 0, m.group("num"), m.end()))
    m = _LETTER_RE.match(line)
    if m:
        ch = m.group("num")
        spaced_dash = bool(re.match(r"[A-Za-zĐđ]\s[-–]", line))
        if ch.isupper() or spaced_dash:
            out.append(("part", _letter_value(ch), ch.upper(), m.end()))
        if ch.islower():
            out.append(("alpha", _alpha_value(ch), ch, m.end()))
    return out
