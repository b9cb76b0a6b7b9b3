r"""Vietnamese text normalization: the text users read, the form we index, and folding.

Two forms of every text exist side by side (see STYLE.md, "Data"):

* :func:`clean_text` — what users read and quote: NFC, clean whitespace, invisible
  characters removed, PDF-split syllables rejoined. Nothing else changes (no case
  change, no tone moved), so a quote is the text as it was written.
* :func:`index_form` — what the lexical index and matching compare: lower case and one
  tone-placement convention (``hoá`` ≡ ``hóa``, see :mod:`common.vietnamese.syllables`);
  :func:`syllables` cuts it into the tokens the lexical index stores.

Two foldings remove diacritics: :func:`fold_accents` for text typed without them, and
:func:`fold` (also lower case) that keeps one character per character, so spans found in
the folded text index the original.

>>> clean_text("Ban Thường vụ kh ông\u00a0có  ")
'Ban Thường vụ không có'
>>> index_form("Hoá học THUỶ LỢI")
'hóa học thủy lợi'
>>> syllables("Nghị quyết 41-NQ/TW đạt 74,8%.")
['nghị', 'quyết', '41-nq/tw', 'đạt', '74,8%']
>>> fold_accents("Đảng ủy"), fold("Đảng ủy")
('Dang uy', 'dang uy')
>>> join_wrapped_lines("Ủy ban nhân dân\ntỉnh chỉ đạo.\n2. Giao Sở")
'Ủy ban nhân dân tỉnh chỉ đạo.\n2. Giao Sở'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from common.vietnamese.syllables import VOWELS, canonical_tones, is_syllable

# Bump whenever index_form / syllables / fold_accents output changes: the index stores
# it in its config hash and rebuilds when it differs.
NORMALIZATION_VERSION = "1"

# --- clean text ---------------------------------------------------------------------

# Zero-width characters, soft hyphens, and C0/C1 control characters other than tab and
# newline (Word field debris such as \x03, \x04 in converted .doc files).
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NBSP_RE = re.compile("[\u00a0\u202f]")
_TRAILING_WS_RE = re.compile(r"[ \t]+$", re.MULTILINE)
_BLANK_RUNS_RE = re.compile(r"\n{4,}")
# A short letter run followed by one space and another letter run: a candidate for a
# PDF-split syllable. Only the first run and the space are consumed, so "b ủy c ủa"
# examines each pair.
_SPLIT_RE = re.compile(r"(?<![\w.])([^\W\d_]{1,3}) (?=([^\W\d_]{1,6})(?!\w))")
_CLUSTERS = {"ngh", "gh", "ng", "nh", "ch", "tr", "th", "kh", "ph"}
# A lone letter after these words is an item reference ("điểm a", "phụ lục b"), not a fragment.
_ENUM_WORDS = {
    "điểm", "khoản", "mục", "tiết", "lục", "phần", "loại", "nhóm", "hạng", "mẫu", "bảng",
    "biểu", "hình", "cột", "dòng", "số", "tiểu",
}


def _join_fragments(m: re.Match[str], text: str) -> str:
    """Return ``first`` (dropping the space, i.e. joining) or the match unchanged."""
    first, second = m.group(1), m.group(2)
    whole = m.group(0)
    if is_syllable(first) or not first.isalpha():
        return whole
    if unicodedata.normalize("NFD", second[0])[0].lower() not in VOWELS:
        return whole  # second fragment has its own initial: two words
    if not is_syllable(first + second.lower()):
        return whole
    # Case must continue: "kh ông", "Kh ông", "KH ÔNG" — never "NH ở" (an abbreviation).
    if first.isupper() and len(first) > 1:
        if not second.isupper():
            return whole
    elif not second.islower():
        return whole
    if first.lower() in _CLUSTERS:
        return first
    if len(first) > 1:
        return whole  # "TP", "NQ": abbreviations, not fragments
    # A single letter: only when it cannot be an item reference, a variable ("x y") or
    # an initial.
    if second.isascii() or (not first.islower() and is_syllable(second)):
        return whole
    before = text[: m.start()].rstrip().rsplit(None, 1)
    if before and before[-1].lower().strip(",;:()") in _ENUM_WORDS:
        return whole
    return first


def _rejoin_split_syllables(text: str) -> str:
    return _SPLIT_RE.sub(lambda m: _join_fragments(m, text), text)


def is_visible(ch: str) -> bool:
    """True for a character :func:`clean_text` and :func:`join_wrapped_lines` never remove:
    neither whitespace nor invisible. Counting these locates a page of a PDF in the clean
    text (:mod:`ingest.pages`)."""
    return not ch.isspace() and not _INVISIBLE_RE.match(ch)


def clean_text(text: str) -> str:
    """The text users read and quote, with only invisible damage repaired.

    NFC; ``\\r\\n``/``\\r`` → ``\\n``; zero-width characters, soft hyphens and control
    characters (other than tab and newline) removed;
    no-break spaces → spaces; trailing spaces dropped; 3+ blank lines → 2; syllables
    split by PDF extraction rejoined where both fragments cannot stand alone ("kh ông"
    → "không", "t ừ" → "từ"). Case, tones and everything else stay as written.
    """
    # Invisible characters go before composing: a soft hyphen between "N" and a combining grave
    # ("N\xad\u0300", found by the fuzz test) left "N" + grave uncomposed after it was removed.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE_RE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _NBSP_RE.sub(" ", text)
    text = _TRAILING_WS_RE.sub("", text)
    text = _BLANK_RUNS_RE.sub("\n\n\n", text)
    return _rejoin_split_syllables(text)


_TERMINAL = tuple(".!?:;…\"”»)")
_NUMBERED_RE = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)\-]|[a-zđ][)\-.]\s|[ivxlc]+[.)\-]\s|[-+•*–])")


def continues_line(line: str, next_line: str) -> bool:
    """True when ``next_line`` is a visual continuation of ``line`` (same paragraph).

    ``line`` ends without terminal punctuation and ``next_line`` starts in lower case
    and is not a numbered item ("a)", "2.", "- "). Shared by :func:`join_wrapped_lines`
    and the sentence splitter, so both agree on what a paragraph is.
    """
    prev, nxt = line.rstrip(), next_line.lstrip()
    return bool(
        prev and nxt and not prev.endswith(_TERMINAL) and nxt[0].islower() and not _NUMBERED_RE.match(nxt)
    )


def wrapped_across(line: str, next_line: str, full: int) -> bool:
    """True when the break between ``line`` and ``next_line`` is only the page's width, whatever the
    next line starts with: ``line`` is a full line of prose (``full`` characters or more, no tab, not
    in capitals) ending without terminal punctuation, and ``next_line`` is text, not a numbered item.
    Wider than :func:`continues_line` (which needs a lower-case start, "… thuỷ điện Srok Phú" /
    "Miêng (51MW), …" is not one): too wide to join paragraphs by — a paragraph left without its
    full stop before a capitalised one passes too — but right for refusing to quote either side."""
    prev, nxt = line.rstrip(), next_line.strip()
    return bool(len(prev.strip()) >= full and nxt and "\t" not in line + next_line and not prev.endswith(_TERMINAL)
                and not prev.isupper() and not _NUMBERED_RE.match(nxt)
                and not _OUTLINE_START.match(prev.strip()) and not _OUTLINE_START.match(nxt))


# A line that opens a numbered part ("Điều 26. Tiêu chuẩn …", "II. Nhiệm vụ", "B. KẾ HOẠCH", "10. Đảm
# bảo …"): a long heading is not a wrapped line of prose, and the break before one is a real break.
_OUTLINE_START = re.compile(r"(?:(?:Điều|Chương|Mục|Phần|Phụ lục)\s+\S+|[IVXLC]+[.)\-]|[A-ZĐ][.)]|\d+(?:\.\d+)*[.)\-])(?:\s|$)")


_PAGE_NUMBER_LINE = re.compile(r"[ \t]*\d{1,3}[ \t]*")
WRAPPED_LINE = 30  # characters of a line of running prose cut by a page break (a table cell is shorter)


def drop_page_numbers(text: str) -> str:
    """Remove page numbers a transcript left inside running text: a line holding only a number
    of 1–3 digits between a line that continues past it (:func:`continues_line`: it ends without
    terminal punctuation, a table row or a short cell excepted) and a line that starts in lower case — "… phải
    thông" / "16" / "báo bằng văn bản …". A number that ends a sentence, opens an item, or sits
    in a table (a row of cells, a cell per line under a capitalised one) is left as it is; so are
    blank lines."""
    lines = text.split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        if (0 < i < len(lines) - 1 and _PAGE_NUMBER_LINE.fullmatch(line) and out and "\t" not in out[-1]
                and len(out[-1].strip()) >= WRAPPED_LINE and continues_line(out[-1], lines[i + 1])):
            continue
        out.append(line)
    return "\n".join(out)


def join_wrapped_lines(text: str) -> str:
    """Rejoin visual line breaks inside a paragraph (PDF, fixed-width text).

    A line that ends without terminal punctuation, followed by a line that starts in
    lower case and is not a numbered item ("a)", "2.", "- "), is the same paragraph:
    join them with one space. Blank lines (paragraph breaks) are never removed.
    """
    out: list[str] = []
    for line in text.split("\n"):
        if out and continues_line(out[-1], line):
            out[-1] = out[-1].rstrip() + " " + line.lstrip()
        else:
            out.append(line)
    return "\n".join(out)


# --- index form ---------------------------------------------------------------------


def index_form(text: str) -> str:
    """Lower case + canonical tone placement + NFC: the form the lexical index compares."""
    return unicodedata.normalize("NFC", canonical_tones(unicodedata.normalize("NFC", text).lower()))


def fold_accents(text: str) -> str:
    """Remove every diacritic (tones and vowel marks); đ → d, Đ → D explicitly."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


# Distinct words whose folded form, and distinct tokens whose index terms, are remembered
# (a corpus has a few tens of thousands; questions and passages bring the same ones back).
_WORD_CACHE = 1 << 16


@lru_cache(maxsize=_WORD_CACHE)
def fold_term(term: str) -> str:
    """:func:`fold_accents` of one word or short term, remembered: the terms of every
    passage sentence are folded query after query, and the same words come back."""
    return fold_accents(term)


class _FoldMap(dict):
    """str.translate table filled on first use of each character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = "d" if ch in "đĐ" else (unicodedata.normalize("NFD", ch)[0].lower()[:1] or ch)
        self[code] = folded
        return folded


_FOLD = _FoldMap()


def fold(text: str) -> str:
    """Lower case without diacritics, đ → d, one character per character (spans survive)."""
    return text.translate(_FOLD)


# Document numbers ("41-nq/tw", "114/2003/nđ-cp"), dates, decimals ("74,8"), percentages,
# and slash abbreviations ("t/m", "đ/c") are one token; other words split on punctuation.
_TOKEN_RE = re.compile(
    r"\w+(?:[-/.,]\w+)*%?"
)


@lru_cache(maxsize=_WORD_CACHE)
def _split_token(tok: str) -> tuple[str, ...]:
    """A token's index terms, remembered per distinct token (the same words come back)."""
    if "/" in tok or any(c.isdigit() for c in tok):
        return (tok.rstrip(".,"),) if tok.rstrip(".,") else ()
    return tuple(p for p in re.split(r"[-.,_]+", tok) if p)


# Characters on which the index form can be taken token by token (:func:`syllables`): Latin
# letters with their precomposed Vietnamese forms, ASCII, and general punctuation (“ ” – …).
# None is a combining mark, and no two of them compose, so NFC cannot join across a token.
_TOKENWISE = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\u2000-\u206f]")


@lru_cache(maxsize=_WORD_CACHE)
def _token_terms(token: str) -> tuple[str, ...]:
    """The index terms of one token of a lower-cased NFC text, remembered per distinct token."""
    return _split_token(unicodedata.normalize("NFC", canonical_tones(token)))


def syllables(text: str) -> list[str]:
    """Tokens of the index form, as the lexical index stores them.

    Words split on whitespace and punctuation, except tokens that hold a digit or a
    slash (document numbers, dates, decimals, percentages, "đ/c"), which stay whole.

    The same tokens as those of :func:`index_form` of the whole text, with each distinct token's
    tone placement remembered (2.5× faster on passage sentences; every sentence the first
    questions meet is tokenized once). A text with any other character (a combining mark,
    another script) takes the whole-text path: there NFC may join a mark to a letter.
    """
    lowered = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).lower())
    if _TOKENWISE.search(lowered):
        return index_form_syllables(text)
    out: list[str] = []
    for token in _TOKEN_RE.findall(lowered):
        out.extend(_token_terms(token))
    return out


def index_form_syllables(text: str) -> list[str]:
    """The tokens of the whole text's :func:`index_form`, split into index terms: what
    :func:`syllables` returns, by definition (and how it reads a text it cannot take token by token)."""
    return [term for token in _TOKEN_RE.findall(index_form(text)) for term in _split_token(token)]
