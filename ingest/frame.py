"""The frame of a document: header, "Kính gửi" recipients, signature and "Nơi nhận" list.

A Vietnamese administrative or Party document puts its numbered body inside a fixed frame
(header: motto, issuer, số, place/date, title; then recipients; at the end the signature —
T/M, KT., chức vụ, name — and the distribution list). :func:`find_frame` cuts the lines into
those runs so that :mod:`ingest.sections` numbers only the content between them. Split from
:mod:`ingest.sections`, which re-exports :class:`Line`, :func:`split_lines` and
:func:`find_frame`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from common.types import KIND_DISTRIBUTION, KIND_HEADER, KIND_RECIPIENTS, KIND_SIGNATURE
from ingest.markers import candidates


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
        starts_numbering = any(v == 1 for _k, v, _l, _e in candidates(t))
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
            if kept >= 4 or len(t) > 60 or _BULLET_RE.match(t) or _DISTRIBUTION_RE.match(t) or candidates(t):
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
