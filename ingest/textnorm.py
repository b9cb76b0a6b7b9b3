"""Vietnamese text normalization: the text users read, and the form we index.

Two forms of every text exist side by side (see STYLE.md, "Data"):

* :func:`clean_text` — what users read and quote: NFC, clean whitespace, invisible
  characters removed, PDF-split syllables rejoined. Nothing else changes (no case
  change, no tone moved), so a quote is the text as it was written.
* :func:`index_form` — what the lexical index and matching compare: lower case and one
  tone-placement convention (``hoá`` ≡ ``hóa``). :func:`fold_accents` adds the
  accent-free form for queries typed without diacritics.

Tone placement is decided by syllable analysis (initial, vowel nucleus, final), not by
word lists, so it covers every syllable, and tokens that are not Vietnamese syllables
(English words, codes) are left alone.
"""

from __future__ import annotations

import re
import unicodedata

# Bump whenever index_form / syllables / fold_accents output changes: the index stores
# it in its config hash and rebuilds when it differs.
NORMALIZATION_VERSION = "1"

# --- Vietnamese syllable structure -------------------------------------------------

# The five tone marks as combining characters (NFD). Breve, circumflex and horn are
# not tones: they make distinct vowels (ă, â, ê, ô, ơ, ư) and stay on their letter.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}

_INITIALS = (
    "ngh", "gh", "ng", "nh", "ch", "tr", "th", "kh", "ph", "gi", "qu",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)
_INITIALS_SET = set(_INITIALS)
_FINALS = ("ng", "nh", "ch", "c", "m", "n", "p", "t", "")
_FINALS_SET = set(_FINALS)

# Vowel sequences (without tone) that form a nucleus, with the final consonants each
# admits: None = open only (ends in a glide), "*" = any final.
_NUCLEI: dict[str, str | None] = {
    **{v: "*" for v in ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")},
    **{v: None for v in (
        "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi",
        "ua", "ui", "ưa", "ưi", "ưu", "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây",
        "uôi", "ươi", "ươu", "uya", "uyu", "uơ",
    )},
    **{v: "*" for v in ("iê", "yê", "oa", "oă", "oe", "oo", "uâ", "uê", "uô", "uy", "ươ", "uyê")},
}
# Vowels that carry a quality mark: in a nucleus they take the tone.
_MARKED = set("ăâêôơư")
_VOWELS = set("aăâeêioôơuưy")

_WORD_RE = re.compile(r"[^\W\d_]+")


def _strip_tone(word: str) -> tuple[str, list[tuple[int, str]]]:
    """Split a word into its toneless NFC form and the tone marks found (position, mark)."""
    base_chars: list[str] = []
    tones: list[tuple[int, str]] = []
    for ch in word:
        decomposed = unicodedata.normalize("NFD", ch)
        kept = "".join(c for c in decomposed if c not in _TONES)
        for c in decomposed:
            if c in _TONES:
                tones.append((len(base_chars), c))
        base_chars.append(unicodedata.normalize("NFC", kept))
    return "".join(base_chars), tones


def _analyse(base: str) -> tuple[str, str, str] | None:
    """Split a toneless lower-case syllable into (initial, nucleus, final), or None."""
    for initial in _INITIALS:
        if not base.startswith(initial):
            continue
        rest = base[len(initial):]
        if initial == "gi" and (not rest or rest[0] not in _VOWELS):
            continue  # "gì", "gìn": the i is the vowel, initial is "g"
        if initial == "qu" and not rest:
            continue
        for final in _FINALS:
            if final and not rest.endswith(final):
                continue
            nucleus = rest[: len(rest) - len(final)] if final else rest
            allowed = _NUCLEI.get(nucleus, False)
            if allowed is False:
                continue
            if final and allowed is None:
                continue
            return initial, nucleus, final
    return None


def is_syllable(word: str) -> bool:
    """True when ``word`` (any case, any tone) is a well-formed Vietnamese syllable.

    Structural check only (initial + vowel nucleus + final, at most one tone): enough to
    tell "từ" from "t" or "ười", not a dictionary lookup.
    """
    if not word or not word.isalpha():
        return False
    base, tones = _strip_tone(word.lower())
    if len(tones) > 1:
        return False
    return _analyse(base) is not None


def _tone_index(initial: str, nucleus: str, final: str) -> int:
    """Index, within the nucleus, of the vowel that carries the tone (see canonical_tones)."""
    marked = [i for i, v in enumerate(nucleus) if v in _MARKED]
    if marked:
        return marked[-1]  # ươ → ơ, uyê → ê; only one marked vowel otherwise
    if len(nucleus) == 1:
        return 0
    if final:
        return len(nucleus) - 1  # hoàn, toán, huýt
    if len(nucleus) == 3:
        return 1  # ngoài, xoáy, khuỷu
    # Open two-vowel nucleus: the first vowel — mái, mùa, mía, cháo, and the convention
    # chosen for oa/oe/uy: hóa, khỏe, thủy (not hoá, khoẻ, thuỷ).
    return 0


def _canonical_word(word: str) -> str:
    base, tones = _strip_tone(word)
    if len(tones) != 1:
        return word
    parts = _analyse(base.lower())
    if parts is None:
        return word
    initial, nucleus, final = parts
    pos = len(initial) + _tone_index(initial, nucleus, final)
    if pos == tones[0][0]:
        return word
    target = unicodedata.normalize("NFD", base[pos]) + tones[0][1]
    return base[:pos] + unicodedata.normalize("NFC", target) + base[pos + 1:]


def canonical_tones(text: str) -> str:
    """Place every tone mark by one convention, so that hoá ≡ hóa, thuỷ ≡ thủy, qúy ≡ quý.

    The convention ("new style" in this project): an open syllable with nucleus oa, oe
    or uy takes the tone on its first vowel (hóa, hòa, khỏe, thủy, ủy); otherwise the
    spelling rules decide — the vowel with a quality mark (người, quốc), the last vowel
    before a final consonant (hoàn, huỳnh), the middle of three (ngoài, khuỷu); "qu"
    and "gi" are initials (quý, quả, già). Works on each alphabetic token by syllable
    analysis, not word lists; tokens that are not Vietnamese syllables, or that carry
    more than one tone, are returned unchanged. Idempotent.
    """
    text = unicodedata.normalize("NFC", text)
    return _WORD_RE.sub(lambda m: _canonical_word(m.group(0)), text)


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
    if unicodedata.normalize("NFD", second[0])[0].lower() not in _VOWELS:
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
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE_RE.sub("", text)
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


# Document numbers ("41-nq/tw", "114/2003/nđ-cp"), dates, decimals ("74,8"), percentages,
# and slash abbreviations ("t/m", "đ/c") are one token; other words split on punctuation.
_TOKEN_RE = re.compile(
    r"\w+(?:[-/.,]\w+)*%?"
)


def _split_token(tok: str) -> list[str]:
    if "/" in tok or any(c.isdigit() for c in tok):
        return [tok.rstrip(".,")] if tok.rstrip(".,") else []
    return [p for p in re.split(r"[-.,_]+", tok) if p]


def syllables(text: str) -> list[str]:
    """Tokens of the index form, as the lexical index stores them.

    Words split on whitespace and punctuation, except tokens that hold a digit or a
    slash (document numbers, dates, decimals, percentages, "đ/c"), which stay whole.
    """
    out: list[str] = []
    for m in _TOKEN_RE.finditer(index_form(text)):
        out.extend(_split_token(m.group(0)))
    return out
