"""Split a document along its own numbering, and name each part the way officials cite it.

A Vietnamese administrative or Party document has a fixed frame — header (motto, issuer,
số, place/date, title), "Kính gửi" recipients, căn cứ/opening paragraphs, the numbered
body, signature (T/M, KT., chức vụ, name) and the "Nơi nhận" distribution list — and a
body numbered with one of two families of markers:

* legal texts: Phần / Chương / Mục / Điều, then khoản ``1.`` and điểm ``a)``;
* Party and administrative texts: parts ``A -``, ``I-``/``II.``, items ``1.``/``1-``,
  ``2.1.``, ``a)``.

A marker is a heading only at the start of a line and only when it continues the
sequence of its level (``3`` after ``2``, ``2.1`` under ``2``): "2004 ..." at the start
of a line is not item 2004, and a list restarting at "1." inside a khoản stays text.
Sections partition the text in order; a section is the heading line plus the
unnumbered paragraphs after it, up to the next heading (children are separate
sections whose ``section_path`` names the parent).

The frame is cut by :mod:`ingest.frame` and line markers are read by :mod:`ingest.markers`;
this module decides which markers are headings, builds the sections and names them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from common.types import (
    KIND_BODY,
    KIND_DISTRIBUTION,
    KIND_HEADER,
    KIND_PREAMBLE,
    KIND_RECIPIENTS,
    KIND_SIGNATURE,
    LEVEL_ATTACHED,
    Section,
)
from ingest.frame import Line, find_frame, split_lines
from ingest.markers import LEGAL_WORD, candidates

__all__ = ["Line", "find_frame", "section_label", "split_lines", "split_sections"]


# Marker types, outermost first; the rank orders nesting.
_RANK = {"root": -1, "phan": 0, "chuong": 1, "muc": 2, "part": 3, "roman": 4, "dieu": 5, "num": 6, "num2": 7, "num3": 8, "alpha": 9}


@dataclass
class _Node:
    kind: str
    value: int
    label: str
    counters: dict[str, int] = field(default_factory=dict)


def _accept(stack: list[_Node], kind: str, value: int, label: str, lower: bool = False) -> bool:
    """Whether a marker continues the numbering of its level under its would-be parent."""
    parent = next(n for n in reversed(stack) if _RANK[n.kind] < _RANK[kind])
    last = parent.counters.get(kind, 0)
    if kind in ("num2", "num3"):
        prefix = label.rsplit(".", 1)[0]
        if parent.kind in ("num", "num2") and parent.label != prefix:
            return False
    if kind == "dieu":  # Điều numbers run through the whole document, across Chương
        last = stack[0].counters.get("dieu", 0)
        return last < value <= last + 5
    if kind == "part" and last == 0:
        return value == 1 and not lower  # "a - " opens a list, "A - " a part
    if last == 0:
        return value in (1, 2)
    return last < value <= last + 2


def _title(lines: list[Line], i: int, rest: str, kind: str) -> tuple[str, int]:
    """The heading text of a numbered line and the index of its last heading line."""
    rest = rest.strip()
    if rest:
        if len(rest) <= 160 and not rest.endswith((".", ";", ",", "!", "?")) or kind in ("chuong", "phan", "muc"):
            return rest.rstrip(":").strip(), i
        if kind == "dieu" and len(rest) <= 160 and not re.search(r"[.;]\s", rest):
            return rest.rstrip(".:").strip(), i
        return "", i
    # "Chương I" alone on its line: the title is on the next one or two short lines.
    title: list[str] = []
    last = i
    for j in range(i + 1, min(i + 3, len(lines))):
        t = lines[j].text.strip()
        if not t or len(t) > 120 or t.endswith((".", ";")) or candidates(t):
            break
        title.append(t)
        last = j
        if kind not in ("chuong", "phan", "muc"):
            break
    return " ".join(title).rstrip(":"), last


def _level_names(path_kinds: list[str]) -> list[str]:
    legal = "dieu" in path_kinds
    names = []
    for k in path_kinds:
        if k in LEGAL_WORD:
            names.append(LEGAL_WORD[k])
        elif legal and k == "num" and "dieu" in path_kinds[: len(names)]:
            names.append("Khoản")
        elif legal and k == "alpha" and "dieu" in path_kinds[: len(names)]:
            names.append("Điểm")
        else:
            names.append("")
    return names


def _body_sections(text: str, lines: list[Line], first_kind: str, attached: str = "") -> list[Section]:
    """Sections of one content region: numbered headings, with a lead-in before the first; a text
    issued with the decision above it (``attached``: its name, "Quy chế") heads their paths."""
    root = _Node("root", 0, "")
    stack: list[_Node] = [root]
    starts: list[tuple[int, int, list[_Node], str]] = []  # (line idx, last title line, path, title)
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.text.lstrip()
        chosen = None
        for kind, value, label, end in candidates(stripped):
            if value and _accept(stack, kind, value, label, stripped[:1].islower()):
                chosen = (kind, value, label, end)
                break
        if chosen:
            kind, value, label, end = chosen
            while len(stack) > 1 and _RANK[stack[-1].kind] >= _RANK[kind]:
                stack.pop()
            stack[-1].counters[kind] = value
            if kind == "dieu":
                stack[0].counters["dieu"] = value
            node = _Node(kind, value, label)
            stack.append(node)
            title, last = _title(lines, i, stripped[end:], kind)
            starts.append((i, last, list(stack[1:]), title))
            i = last + 1
            continue
        i += 1
    sections: list[Section] = []
    if not lines:
        return sections
    bounds = [s[0] for s in starts] + [len(lines)]
    if not starts or bounds[0] > 0:
        lead_end = bounds[0] if starts else len(lines)
        kind = first_kind if starts else KIND_BODY
        _append(sections, text, lines[0].start, lines[lead_end - 1].end, "", [], "", kind, [])
    within = [attached] if attached else []
    for k, (idx, _last, path, title) in enumerate(starts):
        end_line = bounds[k + 1] - 1
        kinds = [n.kind for n in path]
        _append(
            sections, text, lines[idx].start, lines[end_line].end, path[-1].label,
            within + [n.label for n in path], title, KIND_BODY, [LEVEL_ATTACHED] * len(within) + _level_names(kinds),
        )
    return sections


def _append(out: list[Section], text: str, start: int, end: int, label: str, path: list[str],
            title: str, kind: str, level_names: list[str]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append(Section(label, path, title, kind, text[start:end], start, end, level_names))


def split_sections(text: str) -> list[Section]:
    """Split clean document text (see :func:`common.vietnamese.normalize.clean_text`) into sections.

    :returns: sections in document order; ``text[s.start:s.end] == s.text`` for each,
        none empty. Kinds: header, recipients, preamble, body, signature, distribution.
    """
    lines = split_lines(text)
    sections: list[Section] = []
    for kind, a, b in find_frame(lines):
        if kind != "content":
            _append(sections, text, lines[a].start, lines[b - 1].end, "", [], "", kind, [])
            continue
        attached = _attached_texts(lines, a, b)
        cuts = [a, *attached, b]
        for start, end in zip(cuts, cuts[1:]):
            sections.extend(_body_sections(text, lines[start:end], KIND_PREAMBLE, attached.get(start, "")))
    return sections


# The caption of a text issued with the decision above it, on a line of its own: "(Ban hành kèm theo
# Nghị định số 29/1998/NĐ-CP", "(Ban hành theo Quyết định số 12/2001/QĐ-BTC", "(Kèm theo Thông tư …".
_ATTACHED_CAPTION = re.compile(r"\(\s*(?:ban hành\s+(?:\w{3}\s+)?|kèm\s+)theo\s+"
                               r"(?:quyết định|nghị định|thông tư|chỉ thị|nghị quyết)\b", re.IGNORECASE)
_TITLE_LINES = 4  # the attached text's name above its caption ("Quy chế / Thực hiện dân chủ ở xã"): a few short lines
_NAME_WORDS = 3  # its kind ("Quy chế", "Quy định", "Điều lệ") is its first line; a longer line is its whole title


def _attached_texts(lines: list[Line], a: int, b: int) -> dict[int, str]:
    """Where a text issued with the decision starts inside one content run (its name, then its
    caption): its numbering starts again ("Điều 1" of the Quy chế after "Điều 4" of the decree), so
    it is numbered apart — as it is when the decision's signature stands between them. Without the
    cut, the attached text's Điều 1–4 were read as no headings (Điều numbers run on through a
    document) and its preface fell into the decree's last article. :returns: the first line of each
    such text → its name as its articles are cited ("Điều 4 Quy chế": the decree has its own Điều 4)."""
    starts: dict[int, str] = {}
    for i in range(a + 1, b):
        if not _ATTACHED_CAPTION.match(lines[i].text.strip()):
            continue
        first = i
        while first - 1 > a and i - first < _TITLE_LINES and _title_line(lines[first - 1].text):
            first -= 1
        # Only where articles come before and the text below starts them again at Điều 1: a table's
        # caption, a form's, or the lines after a distribution list are no second numbering of Điều
        # (a workbook's tables keep their units), nor is an annex listed inside an article.
        if first < i and _articles(lines[max(starts, default=a):first]) and _articles(lines[i:b])[:1] == [1]:
            name = " ".join(lines[first].text.split())
            # A longer first line is the text's whole title: it is then named by its level's name.
            starts[first] = name[:1].upper() + name[1:].lower() if len(name.split()) <= _NAME_WORDS else LEVEL_ATTACHED
    return starts


def _articles(lines: list[Line]) -> list[int]:
    """The numbers of the lines that open with "Điều N", in order."""
    return [value for line in lines for kind, value, *_ in candidates(line.text.lstrip()) if kind == "dieu"]


def _title_line(text: str) -> bool:
    """A short line of a name: no sentence end, no marker ("Quy chế", "Thực hiện dân chủ ở xã")."""
    t = text.strip()
    return bool(t) and len(t) <= 100 and not t.endswith((".", ";", ":", ",")) and not candidates(t)


# --- formal references --------------------------------------------------------------

_KIND_LABELS = {
    KIND_HEADER: "Phần đầu văn bản",
    KIND_RECIPIENTS: "Kính gửi",
    KIND_PREAMBLE: "Phần mở đầu",
    KIND_SIGNATURE: "Phần ký",
    KIND_DISTRIBUTION: "Nơi nhận",
}
_PARTY_WORDS = ("Phần", "Mục", "Điểm", "Tiết", "Tiết")


def _is_roman_or_letter(label: str) -> bool:
    return bool(re.fullmatch(r"[IVXLC]+|[A-ZĐ]", label))


def section_label(section: Section) -> str:
    """The formal Vietnamese reference to a section, as an official would cite it.

    Legal numbering: "Chương II", "Mục 2 Chương II", "Điều 5", "Khoản 2 Điều 5",
    "Điểm a Khoản 2 Điều 5" (Điều numbers are unique in a document, so the reference
    stops there). Party/administrative numbering has no official level names; this
    project's convention, by depth from the top part: a top level of letters (A -) or
    Roman numerals is "Phần", the next level "Mục", then "Điểm", then "Tiết"; when the
    top level is Arabic ("1.") it starts at "Mục". So "Phần II", "Mục 1 Phần II",
    "Mục 2", "Điểm 2.1" (a dotted number names its parent itself), "Tiết a Điểm 2.1".
    Frame parts get their name ("Kính gửi", "Nơi nhận", ...); unnumbered body text "". A text
    issued with the decree above it in the same file is named after its references ("Điều 4 Quy
    chế", "Khoản 14 Điều 4 Quy chế"): the decree has its own Điều 4.
    """
    if section.kind != KIND_BODY or not section.section_path:
        return _KIND_LABELS.get(section.kind, "")
    path, names = section.section_path, section.level_names or [""] * len(section.section_path)
    if names and names[0] == LEVEL_ATTACHED and len(path) > 1:  # "Điều 4 Quy chế": the decree has its own Điều 4
        inner = Section(section.section, path[1:], section.section_title, section.kind, section.text,
                        section.start, section.end, names[1:])
        return f"{section_label(inner)} {path[0]}"
    if "Điều" in names:
        parts: list[str] = []
        for label, name in reversed(list(zip(path, names))):
            if name == "Điều":
                parts.append(label)
                break
            if name in ("Khoản", "Điểm"):
                parts.append(f"{name} {label}")
            elif name:
                parts.append(label)
        return " ".join(parts)
    if names and names[-1] in ("Chương", "Phần", "Mục"):
        named = [p for p, n in zip(path, names) if n]
        return " ".join(reversed(named))
    offset = 0 if _is_roman_or_letter(path[0]) or names[0] == "Phần" else 1  # "Mục II Phần I" under "Phần thứ nhất"
    parts = []
    for depth in range(len(path) - 1, -1, -1):
        label = path[depth]
        word = _PARTY_WORDS[min(depth + offset, len(_PARTY_WORDS) - 1)]
        if names[depth]:
            parts.append(label)
            continue
        parts.append(f"{word} {label}")
        if "." in label:  # "2.1" already names its parent "2"
            depth_parent = depth - label.count(".")
            parts.extend(
                path[d] if names[d] else f"{_PARTY_WORDS[min(d + offset, len(_PARTY_WORDS) - 1)]} {path[d]}"
                for d in range(depth_parent - 1, -1, -1)
            )  # a named level ("Phần II" of "Phần thứ hai") is cited by its own name
            break
    return " ".join(parts)
