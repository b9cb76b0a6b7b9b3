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
    Section,
)

# Marker types, outermost first; the rank orders nesting.
_RANK = {"root": -1, "phan": 0, "chuong": 1, "muc": 2, "part": 3, "roman": 4, "dieu": 5, "num": 6, "num2": 7, "num3": 8, "alpha": 9}
_LEGAL_WORD = {"phan": "Phần", "chuong": "Chương", "muc": "Mục", "dieu": "Điều"}
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_VN_LETTERS = "abcdđeghiklmnopqrstuvxy"
_LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_PART_LETTERS = "abcdđefghijklmnopqrstuvwxyz"

_NAMED_RE = re.compile(
    r"(?P<word>Phần|Chương|Mục|Điều)\s+(?:thứ\s+)?(?P<num>[IVXLC]+|\d{1,3}[a-z]?)(?=[\s.:\-–]|$)\s*[.:\-–]?\s*",
    re.IGNORECASE,
)
_NUM_RE = re.compile(r"(?P<num>\d{1,3}(?:\.\d{1,3}){0,2})(?:\s*[.)]|\s*[-–](?!\s*\d)|(?<=\d\.\d)(?=\s))(?!\d)\s*")
_ROMAN_RE = re.compile(r"(?P<num>[IVXLC]{1,6})\s*(?:[.)]|[-–](?!\s*\d))(?=\s|$)\s*")
_LETTER_RE = re.compile(r"(?P<num>[A-Za-zĐđ])\s*(?:\)|[.](?=\s)|\s[-–]\s|[-–]\s)\s*")


@dataclass
class _Node:
    kind: str
    value: int
    label: str
    counters: dict[str, int] = field(default_factory=dict)


def _roman(s: str) -> int | None:
    s = s.upper()
    if not s or any(c not in _ROMAN_VALUES for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        v = _ROMAN_VALUES[c]
        total += -v if i + 1 < len(s) and _ROMAN_VALUES[s[i + 1]] > v else v
    return total


def _letter_value(ch: str) -> int:
    """Position of a part letter: A B C D Đ E F G H ... (both alphabets merged)."""
    ch = ch.lower()
    return _PART_LETTERS.index(ch) + 1 if ch in _PART_LETTERS else 0


def _alpha_value(ch: str) -> int:
    """Position of a điểm letter; Vietnamese order (a b c d đ e g h) or Latin (e f g)."""
    ch = ch.lower()
    return _VN_LETTERS.index(ch) + 1 if ch in _VN_LETTERS else (_LATIN_LETTERS.index(ch) + 1 if ch in _LATIN_LETTERS else 0)


def _candidates(line: str) -> list[tuple[str, int, str, int]]:
    """Possible readings of a line's leading marker: (type, value, label, marker end)."""
    out: list[tuple[str, int, str, int]] = []
    m = _NAMED_RE.match(line)
    if m:
        word = m.group("word").lower()
        kind = {"phần": "phan", "chương": "chuong", "mục": "muc", "điều": "dieu"}[word]
        num = m.group("num")
        value = _roman(num) if kind != "dieu" and _roman(num) else int(re.sub(r"\D", "", num) or 0)
        label = f"{_LEGAL_WORD[kind]} {num.upper() if _roman(num) and kind != 'dieu' else num}"
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
        out.append(("roman", _roman(m.group("num")) or 0, m.group("num"), m.end()))
    m = _LETTER_RE.match(line)
    if m:
        ch = m.group("num")
        spaced_dash = bool(re.match(r"[A-Za-zĐđ]\s[-–]", line))
        if ch.isupper() or spaced_dash:
            out.append(("part", _letter_value(ch), ch.upper(), m.end()))
        if ch.islower():
            out.append(("alpha", _alpha_value(ch), ch, m.end()))
    return out


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
        if not t or len(t) > 120 or t.endswith((".", ";")) or _candidates(t):
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
        if k in _LEGAL_WORD:
            names.append(_LEGAL_WORD[k])
        elif legal and k == "num" and "dieu" in path_kinds[: len(names)]:
            names.append("Khoản")
        elif legal and k == "alpha" and "dieu" in path_kinds[: len(names)]:
            names.append("Điểm")
        else:
            names.append("")
    return names


def _body_sections(text: str, lines: list[Line], first_kind: str) -> list[Section]:
    """Sections of one content region: numbered headings, with a lead-in before the first."""
    root = _Node("root", 0, "")
    stack: list[_Node] = [root]
    starts: list[tuple[int, int, list[_Node], str]] = []  # (line idx, last title line, path, title)
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.text.lstrip()
        chosen = None
        for kind, value, label, end in _candidates(stripped):
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
    for k, (idx, _last, path, title) in enumerate(starts):
        end_line = bounds[k + 1] - 1
        kinds = [n.kind for n in path]
        _append(
            sections, text, lines[idx].start, lines[end_line].end, path[-1].label,
            [n.label for n in path], title, KIND_BODY, _level_names(kinds),
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
    """Split clean document text (see :func:`ingest.textnorm.clean_text`) into sections.

    :returns: sections in document order; ``text[s.start:s.end] == s.text`` for each,
        none empty. Kinds: header, recipients, preamble, body, signature, distribution.
    """
    lines = split_lines(text)
    sections: list[Section] = []
    for kind, a, b in find_frame(lines):
        region = lines[a:b]
        if kind == "content":
            sections.extend(_body_sections(text, region, KIND_PREAMBLE))
        else:
            _append(sections, text, region[0].start, region[-1].end, "", [], "", kind, [])
    return sections

# --- the frame: header, recipients, signature, distribution ---------------------------


@dataclass
class Line:
    start: int
    end: int
    text: str


def split_lines(text: str) -> list[Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


_HEADER_SIGNAL_RE = re.compile(
    r"cộng h[oò]à xã hội|độc lập\s*[-–]\s*tự do|đảng cộng sản việt nam|^\s*số\s*[:.]?\s*\S*\d"
    r"|ngày\s*\S*\s*tháng\s*\S*\s*năm\s*\d{4}|^.{0,80}\d+\s*/\s*\d{4}\s*/\s*[A-ZĐ]|^.{0,80}\b\d+-[A-ZĐ]+/[A-ZĐ]"
    r"|^\s*ngày\s*\d{1,2}/\d{1,2}/\d{4}|^\s*(?:v/v|về việc)\b|^\s*(?:nghị quyết|quyết định|thông tư"
    r"|nghị định|chỉ thị|công văn|kết luận|báo cáo|tờ trình|kế hoạch|hướng dẫn|luật|pháp lệnh|quy định"
    r"|quy chế|thông báo|chương trình|đề án)\s*$",
    re.IGNORECASE,
)
_HEADER_STOP_RE = re.compile(r"^\s*(?:kính gửi|căn cứ|theo đề nghị|xét đề nghị|thực hiện)", re.IGNORECASE)
_RECIPIENTS_RE = re.compile(r"^\s*kính gửi\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_DISTRIBUTION_RE = re.compile(r"^\s*nơi nhận\s*:?", re.IGNORECASE)
_BULLET_RE = re.compile(r"^\s*[-+•–*]")
_SIGNATURE_RE = re.compile(r"^\s*(?:T/M|TM[.\s]|T\.M\.|KT[.\s/]|K/T|TL[.\s]|T/L|TUQ|Q\.\s|THỪA LỆNH|THỪA ỦY QUYỀN)")
_SIGNER_TITLE_RE = re.compile(
    r"^\s*(?:phó\s+)?(?:tổng bí thư|bí thư|thủ tướng|bộ trưởng|thứ trưởng|chủ tịch|giám đốc|chánh văn phòng"
    r"|trưởng ban|cục trưởng|vụ trưởng|thống đốc|tổng cục trưởng|chủ nhiệm|tổng giám đốc)\s*$",
    re.IGNORECASE,
)


def _header_end(lines: list[Line]) -> int:
    """Index of the first line after the header block (0 when there is no header)."""
    signal_at = -1
    seen = 0
    for i, line in enumerate(lines):
        t = line.text.strip()
        if not t:
            continue
        seen += 1
        starts_numbering = any(v == 1 for _k, v, _l, _e in _candidates(t))
        if (
            _HEADER_STOP_RE.match(t) or starts_numbering or len(t) > 200
            or (len(t) > 100 and t.endswith(".") and not _HEADER_SIGNAL_RE.search(t))
        ):
            return i if signal_at >= 0 else 0
        if _HEADER_SIGNAL_RE.search(t):
            signal_at = i
        if seen >= 25:
            break
    return signal_at + 1


def _recipients_end(lines: list[Line], i: int) -> int:
    m = _RECIPIENTS_RE.match(lines[i].text)
    j, end = i + 1, i + 1
    named = bool(m and m.group("rest").strip())
    while j < len(lines):
        t = lines[j].text.strip()
        if t and _BULLET_RE.match(t):
            named, end = True, j + 1
        elif t and not named and len(t) <= 150:
            named, end = True, j + 1
        elif t:
            break
        j += 1
    return end


def _block_end(lines: list[Line], i: int, signature: bool) -> int:
    """End of a signature (short lines) or distribution (bullets, "Lưu") block at ``i``."""
    end, kept, blanks = i + 1, 0, 0
    for j in range(i + 1, len(lines)):
        t = lines[j].text.strip()
        if not t:
            blanks += 1
            if signature and blanks >= 3:
                break
            continue
        blanks = 0
        if signature:
            if kept >= 4 or len(t) > 60 or _BULLET_RE.match(t) or _DISTRIBUTION_RE.match(t) or _candidates(t):
                break
            kept += 1
        elif not (_BULLET_RE.match(t) or t.lower().startswith("lưu")) or _SIGNATURE_RE.match(t):
            break
        end = j + 1
    return end


def find_frame(lines: list[Line]) -> list[tuple[str, int, int]]:
    """Cut the lines into (kind, first, end) runs: header, recipients, signature,
    distribution, and "content" (preamble and body, numbered later)."""
    runs: list[tuple[str, int, int]] = []
    i = _header_end(lines)
    if i:
        runs.append((KIND_HEADER, 0, i))
    j = i
    while j < len(lines) and not lines[j].text.strip():
        j += 1
    if j < len(lines) and _RECIPIENTS_RE.match(lines[j].text):
        i = _recipients_end(lines, j)
        runs.append((KIND_RECIPIENTS, j, i))
    content_start, found_signature = i, False
    while i < len(lines):
        t = lines[i].text.strip()
        kind = None
        if _DISTRIBUTION_RE.match(t):
            kind = KIND_DISTRIBUTION
        elif _SIGNATURE_RE.match(t) and len(t) <= 80:
            kind = KIND_SIGNATURE
        if kind is None:
            i += 1
            continue
        end = _block_end(lines, i, kind == KIND_SIGNATURE)
        runs.append(("content", content_start, i))
        runs.append((kind, i, end))
        found_signature |= kind == KIND_SIGNATURE
        content_start = i = end
    runs.append(("content", content_start, len(lines)))
    if not found_signature:
        runs = _trailing_signature(lines, runs)
    return [r for r in runs if any(line.text.strip() for line in lines[r[1] : r[2]])]


def _trailing_signature(lines: list[Line], runs: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """A signature without T/M or KT.: a bare title and a name closing the last content."""
    for k in range(len(runs) - 1, -1, -1):
        kind, a, b = runs[k]
        if kind != "content":
            continue
        tail = [n for n in range(a, b) if lines[n].text.strip()][-3:]
        for pos, n in enumerate(tail):
            if _SIGNER_TITLE_RE.match(lines[n].text) and all(len(lines[m].text.strip()) <= 40 for m in tail[pos:]):
                return [*runs[:k], ("content", a, n), (KIND_SIGNATURE, n, b), *runs[k + 1 :]]
        break
    return runs


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
    Frame parts get their name ("Kính gửi", "Nơi nhận", ...); unnumbered body text "".
    """
    if section.kind != KIND_BODY or not section.section_path:
        return _KIND_LABELS.get(section.kind, "")
    path, names = section.section_path, section.level_names or [""] * len(section.section_path)
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
    offset = 0 if _is_roman_or_letter(path[0]) else 1
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
                f"{_PARTY_WORDS[min(d + offset, len(_PARTY_WORDS) - 1)]} {path[d]}" for d in range(depth_parent - 1, -1, -1)
            )
            break
    return " ".join(parts)
