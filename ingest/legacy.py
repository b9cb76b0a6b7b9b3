"""Detect and repair legacy Vietnamese encodings (TCVN3/ABC, VNI, VISCII, Windows-1258).

Documents typed before Unicode used 8-bit fonts: ``.VnTime`` (TCVN3) or ``VNI-Times``
(VNI). Extracted faithfully they read as mojibake such as ``QuyÕt ®Þnh`` (TCVN3) or
``Quyeát ñònh`` (VNI) for "Quyết định". The conversion tables come from viparse
(``viparse.normalize``); what this module adds is the decision of *which* table applies
to *which* piece of text:

- every candidate conversion is scored by how many of its words are well-formed
  Vietnamese syllables (onset + rhyme + at most one tone mark, sane casing), which
  separates Unicode, TCVN3 and VNI far better than a character-frequency model, even
  on short table cells;
- the decision is taken per piece (a line, a table cell, a run of one font), so a
  document that mixes legacy and Unicode paragraphs, or fonts inside one paragraph,
  is repaired piece by piece; a piece with no evidence takes the document's verdict;
- a font name (``.VnTime`` → TCVN3, ``VNI-Times`` → VNI) is a prior, not an order:
  it wins ties and small margins, but text that reads clearly better another way wins.

Everything returned is NFC.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from viparse.normalize.tables import Charmap, build_charmap, convert as _viparse_convert
from viparse.normalize.tcvn3 import TCVN3
from viparse.normalize.viscii import VISCII
from viparse.normalize.vni import VNI as _VIPARSE_VNI

UNICODE, TCVN3_NAME, VNI_NAME, VISCII_NAME, CP1258, MIXED = (
    "unicode", "tcvn3", "vni", "viscii", "cp1258", "mixed",
)

# VNI writes a toned vowel as base letter + modifier byte. viparse's table holds the
# combinations seen in its corpus; the rule below fills the rest (ẳ, and uppercase
# bases followed by lowercase modifiers, which Title-case words produce).
_VNI_MODS = {
    "\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï",
    "\u0302": "â", "\u0302\u0301": "á", "\u0302\u0300": "à", "\u0302\u0309": "å",
    "\u0302\u0303": "ã", "\u0302\u0323": "ä",
    "\u0306": "ê", "\u0306\u0301": "é", "\u0306\u0300": "è", "\u0306\u0309": "ú",
    "\u0306\u0303": "ü", "\u0306\u0323": "ë",
}
_VNI_BASES = {"a": "aâê", "e": "eâ", "o": "oâ", "u": "u", "y": "y", "i": "i"}


def _vni_rule_entries() -> list[tuple[str, str]]:
    entries = []
    for base, _ in _VNI_BASES.items():
        for marks, mod in _VNI_MODS.items():
            if base in "uyi" and len(marks) > 1 or base in "eo" and "\u0306" in marks:
                continue
            if base in "eo" and marks == "\u0306":
                continue
            if base == "i" and marks not in ("\u0301", "\u0300"):
                continue  # ỉ ĩ ị have their own single bytes
            letter = unicodedata.normalize("NFC", base + marks)
            for b, m, out in ((base, mod, letter), (base.upper(), mod.upper(), letter.upper()),
                              (base.upper(), mod, letter.upper())):
                entries.append((b + m, out))
    for horn_src, horn in (("ô", "o\u031b"), ("ö", "u\u031b")):
        for marks, mod in _VNI_MODS.items():
            if len(marks) == 1 and marks not in ("\u0302", "\u0306"):
                letter = unicodedata.normalize("NFC", horn + marks)
                entries += [(horn_src + mod, letter), (horn_src.upper() + mod.upper(), letter.upper()),
                            (horn_src.upper() + mod, letter.upper())]
    return entries


def _build_vni() -> Charmap:
    known = dict(_VIPARSE_VNI.pairs)
    extra = [(src, dst) for src, dst in _vni_rule_entries() if src not in known]
    return build_charmap(VNI_NAME, [*known.items(), *dict(extra).items()])


VNI = _build_vni()
CHARMAPS: dict[str, Charmap] = {TCVN3_NAME: TCVN3, VNI_NAME: VNI, VISCII_NAME: VISCII}
# VISCII shares its surface characters with Unicode letters too widely to be guessed per
# line; it is only considered for whole 8-bit text files (see decode_bytes).
LINE_CANDIDATES = (UNICODE, TCVN3_NAME, VNI_NAME)


def convert(text: str, encoding: str) -> str:
    """Convert ``text`` read in a legacy ``encoding`` to Unicode NFC (``unicode``: NFC only)."""
    if encoding == TCVN3_NAME:
        text = _PDF_GLYPH.sub(lambda m: _PDF_LETTERS[m.group(1) or m.group(2)], _PDF_GAP.sub("", text))
        return _restore_capitals(_viparse_convert(text, TCVN3))
    if encoding in CHARMAPS:
        return _viparse_convert(text, CHARMAPS[encoding])
    return unicodedata.normalize("NFC", text)


# A PDF text layer shows TCVN3's ư as U+2212 and often puts a gap before it: "ph −¬ng".
# It also shows ã as U+2219. Between letters (or before a TCVN3 byte) they are letters.
_PDF_GAP = re.compile(r"(?<=[^\W\d_]) (?=\u2212[^\s\d])")
_PDF_GLYPH = re.compile(r"([\u2212\u2219])(?=[^\W\d_]|[\xa1-\xff])|(?<=[^\W\d_])([\u2212\u2219])")
_PDF_LETTERS = {"\u2212": "\xad", "\u2219": "\xb7"}
_LETTERS = re.compile(r"[^\W\d_]+")


def _restore_capitals(text: str) -> str:
    """TCVN3 has no capital toned letters: a capital heading is typed as capital ASCII
    plus small toned letters (``NGHÞ §ÞNH`` → "NGHị ĐịNH") and an ``H`` font draws them
    big. A word whose plain letters are all capitals is a capital word: ``NGHỊ ĐỊNH``.
    A one-capital word (``VÒ``) follows its line when the line is all capitals."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        words = _LETTERS.findall(line)
        caps_line = sum(_ascii_caps(w) >= 2 for w in words) >= 2 and not any(
            c.isascii() and c.islower() for w in words for c in w
        )

        def fix(match: re.Match) -> str:
            word = match.group(0)
            if word.isupper() or any(c.islower() for c in word if c.isascii()):
                return word
            caps = _ascii_caps(word)
            return word.upper() if caps >= 2 or (caps == 1 and caps_line) else word

        lines[index] = _LETTERS.sub(fix, line)
    return "\n".join(lines)


def _ascii_caps(word: str) -> int:
    return sum(1 for c in word if c.isascii() and c.isupper())


# --- Vietnamese syllable model -------------------------------------------------------
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx]"
_RHYMES = (
    "a ac ach ai am an ang anh ao ap at au ay ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây "
    "e ec em en eng eo ep et ê êch êm ên ênh êp êt êu "
    "i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu "
    "o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oe oen oeo oet "
    "oc oi om on ong ooc oong op ot ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt "
    "u ua uân uâng uât uây uc uê uêch uênh uêt ui um un ung uơ uôc uôi uôm uôn uông uôt up ut "
    "uy uya uych uyên uyêt uyn uynh uyp uyt uyu "
    "ư ưa ưc ưi ưm ưn ưng ươc ươi ươm ươn ương ươp ươt ươu ưt ưu y yêm yên yêt yêu"
)
_SYLLABLE = re.compile(
    f"(?:{_ONSET})?(?:{'|'.join(sorted(_RHYMES.split(), key=len, reverse=True))})"
)
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=65536)
def _word_score(word: str) -> int:
    """+1 for a well-formed Vietnamese syllable, -1 for a malformed word with non-ASCII
    letters (what a wrong table leaves), 0 for plain ASCII (abbreviations, foreign words)."""
    if not (word.islower() or word.isupper() or word.istitle()):
        return -1 if not word.isascii() else 0
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(decomposed.count(t) for t in _TONES)
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    if tones <= 1 and _SYLLABLE.fullmatch(bare):
        return 1
    if word.isascii() or (word.isupper() and len(word) <= 4 and not tones):
        return 0  # foreign word, or an abbreviation such as TVĐT, NĐ, GĐ
    return -1


def vietnamese_score(text: str) -> int:
    """Well-formed syllables minus malformed non-ASCII words in NFC ``text``."""
    return sum(_word_score(w) for w in _WORD.findall(text))


# Letters only Unicode can hold (ộ, ư, đ, ơ...): a legacy font surfaces as Latin-1 only,
# so a word holding one is evidence against every legacy reading of its piece.
_UNICODE_ONLY = re.compile(r"[^\W\d_]*[\u0100-\u024f\u1ea0-\u1ef9][^\W\d_]*")


def _candidate_scores(text: str, candidates: Sequence[str]) -> dict[str, int]:
    if text.isascii():
        return dict.fromkeys(candidates, 0)  # every table leaves ASCII alone
    unicode_words = len(_UNICODE_ONLY.findall(text))
    return {
        enc: vietnamese_score(convert(text, enc)) - (2 * unicode_words if enc != UNICODE else 0)
        for enc in candidates
    }


# --- font names ----------------------------------------------------------------------
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def font_encoding(font: str | None) -> str | None:
    """The legacy encoding a font name implies (``.VnTime`` → tcvn3, ``VNI-Times`` → vni)."""
    if not font:
        return None
    name = _SUBSET_TAG.sub("", font).strip().upper()
    if name.startswith((".VN", "VN3", "ABC")) or "TCVN3" in name:
        return TCVN3_NAME
    if name.startswith("VNI"):
        return VNI_NAME
    return None


# --- decisions -----------------------------------------------------------------------
_FONT_PRIOR = 3  # how many syllables of evidence a legacy font name is worth


def repair_units(
    units: Sequence[Sequence[tuple[str, str | None]]],
) -> tuple[list[str], str]:
    """Repair a document given as units (paragraphs, cells) of ``(text, font)`` pieces.

    :param units: for each unit, its pieces in order; ``font`` may be ``None``.
    :returns: the repaired text of each unit (NFC) and the document's encoding verdict:
        ``unicode``, ``tcvn3``, ``vni`` or ``mixed``.
    """
    plans: list[list[tuple[str, dict[str, int]]]] = []
    totals = dict.fromkeys(LINE_CANDIDATES, 0)
    for unit in units:
        plan = []
        for text, font in _coalesce(unit):
            scores = _candidate_scores(text, LINE_CANDIDATES)
            hint = font_encoding(font)
            if hint and not text.isascii():
                scores[hint] += _FONT_PRIOR
            for enc, value in scores.items():
                totals[enc] += value
            plan.append((text, scores))
        plans.append(plan)
    default = max(LINE_CANDIDATES, key=lambda enc: (totals[enc], enc == UNICODE))
    used: set[str] = set()
    out = []
    for plan in plans:
        chosen = [(text, _choose(scores, default)) for text, scores in plan]
        used.update(enc for text, enc in chosen if not text.isascii())
        out.append("".join(convert(text, enc) for text, enc in _merge_same(chosen)))
    return out, _verdict(used)


def _choose(scores: dict[str, int], default: str) -> str:
    best = max(scores.values())
    return default if scores[default] == best else max(scores, key=lambda e: scores[e])


def _coalesce(unit: Iterable[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Join neighbouring pieces of one font family, so a word split by formatting is whole."""
    pieces: list[tuple[str, str | None]] = []
    for text, font in unit:
        if pieces and (font_encoding(pieces[-1][1]) == font_encoding(font)):
            pieces[-1] = (pieces[-1][0] + text, pieces[-1][1] or font)
        elif text:
            pieces.append((text, font))
    return pieces


def _merge_same(chosen: list[tuple[str, str]]) -> list[tuple[str, str]]:
    merged: list[tuple[str, str]] = []
    for text, enc in chosen:
        if merged and merged[-1][1] == enc:
            merged[-1] = (merged[-1][0] + text, enc)
        else:
            merged.append((text, enc))
    return merged


def _verdict(used: set[str]) -> str:
    legacy = used - {UNICODE}
    if not legacy:
        return UNICODE
    if len(used) > 1:
        return MIXED
    return legacy.pop()


def repair_text(text: str) -> tuple[str, str]:
    """Repair plain text line by line: ``("QuyÕt ®Þnh", ...)`` → ``("Quyết định", "tcvn3")``.

    :returns: the NFC Unicode text and the detected encoding (see :func:`repair_units`).
    """
    lines = text.split("\n")
    repaired, encoding = repair_units([[(line, None)] for line in lines])
    return "\n".join(repaired), encoding


def detect_encoding(text: str) -> str:
    """``unicode``, ``tcvn3``, ``vni`` or ``mixed`` (some lines legacy, some Unicode)."""
    return repair_text(text)[1]


# --- bytes of a plain-text file ------------------------------------------------------
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"),
)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file whose encoding nobody declared, then repair legacy text in it.

    UTF-8 (with or without BOM) and UTF-16 are recognised first. Otherwise the bytes are
    8-bit and each reading (Windows-1258, VISCII, TCVN3, VNI) is scored as Vietnamese.

    :returns: NFC text and the encoding name (``utf-8``, ``utf-16``, ``cp1258``, ``viscii``,
        ``tcvn3``, ``vni``, ``mixed``).
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text, enc = repair_text(data.decode(codec))
            return text, (codec.replace("-sig", "") if enc == UNICODE else enc)
    if _looks_utf16(data):
        text, enc = repair_text(data.decode("utf-16-le" if data[1:2] == b"\0" else "utf-16-be"))
        return text, ("utf-16" if enc == UNICODE else enc)
    try:
        text, enc = repair_text(data.decode("utf-8"))
        return text, ("utf-8" if enc == UNICODE else enc)
    except UnicodeDecodeError:
        pass
    latin = data.decode("latin-1")
    readings = {
        CP1258: unicodedata.normalize("NFC", data.decode("cp1258", errors="replace")),
        VISCII_NAME: convert(latin, VISCII_NAME),
    }
    best = max(readings, key=lambda k: vietnamese_score(readings[k]))
    legacy_text, legacy_enc = repair_text(data.decode("cp1252", errors="replace"))
    # Only a legacy font's text beats the 8-bit readings: without one, Windows-1252 is no better
    # than Windows-1258 and "unicode" would name no encoding of these bytes (found by fuzzing).
    if legacy_enc != UNICODE and vietnamese_score(legacy_text) > vietnamese_score(readings[best]):
        return legacy_text, legacy_enc
    return readings[best], best


def _looks_utf16(data: bytes) -> bool:
    sample = data[:2000]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) > len(sample) // 4 and min(even, odd) < len(sample) // 50
