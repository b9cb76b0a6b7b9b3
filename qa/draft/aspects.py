"""The parts a drafting topic enumerates, as a plan names them: pure functions.

"tiêu chuẩn và chế độ đối với cán bộ" → ["tiêu chuẩn", "chế độ"]; "…: hồ sơ, thời hạn, nơi nộp";
"(hàng viện trợ, quà biếu, quà tặng)". Each part heads a part of the draft and is matched to the
sections that answer it (:mod:`qa.draft.plan`).
"""

from __future__ import annotations

import re

ENUM_SPLIT = re.compile(r"\s*(?:,|;|\bvà\b)\s*")
_HEAD_END = re.compile(r"\s(?:đối với|của|cho|trong|tại|theo|về|ở|khi)\s")


def topic_aspects(core: str) -> list[str]:
    """The parts a topic enumerates: before its complement ("tiêu chuẩn và chế độ đối với cán bộ"
    → ["tiêu chuẩn", "chế độ"]), after a colon ("…: hồ sơ, thời hạn, nơi nộp"; a question's words
    dropped: "ai được dự tuyển, hưởng lương ra sao" → ["được dự tuyển", "hưởng lương"]) or in
    parentheses ("(hàng viện trợ, quà biếu, quà tặng)"); a topic that enumerates nothing gives []."""
    m = _HEAD_END.search(f" {core} ")
    head = core[: max(0, m.start() - 1)] if m else ""
    pieces = [p.strip() for p in ENUM_SPLIT.split(head) if p.strip()]
    if len(pieces) >= 2 and all(len(p.split()) <= 3 for p in pieces):
        return pieces
    bare = _PAREN_NUMBERED.sub("", core)  # "(Thông tư 99/1998/TT-BTC)" names a text, not a part
    m = _COLON_LIST.search(bare)
    for items in ([m.group("items")] if m else []) + [p.group("items") for p in _PAREN_LIST.finditer(bare)]:
        listed = _listed(items)
        if listed:
            return listed
    return []


_COLON_LIST = re.compile(r":\s*(?P<items>[^:()]+?)\s*$")
_PAREN_LIST = re.compile(r"\((?P<items>[^()]+)\)")
_PAREN_NUMBERED = re.compile(r"\s*\([^()]*\d[^()]*\)")
# How a topic asks for its parts: "ưu tiên thế nào", "hưởng lương ra sao", "ai được dự tuyển".
_ASKING = re.compile(r"\s+(?:như\s+thế\s+nào|thế\s+nào|ra\s+sao|là\s+gì|bao\s+lâu\s+thì|bao\s+lâu|bao\s+nhiêu|"
                     r"đến\s+đâu|ở\s+đâu|khi\s+nào|nào|gì)\b", re.IGNORECASE)
# "vì sao cấp thiết" asks for the part headed "Sự cấp thiết …"; the question word is not its name.
_ASK_START = re.compile(r"^(?:ai|cách|các|những|bao\s+lâu\s+thì|bao\s+lâu|bao\s+nhiêu|vì\s+sao|tại\s+sao|"
                        r"khi\s+nào|ở\s+đâu)\s+", re.IGNORECASE)


# A request's purpose after its parts ("…: ba dự án chính, để cán bộ tỉnh ta tham khảo kinh nghiệm"):
# the readers it is for, not a part of the subject — named as a gap, it was a false "no content" note.
_PURPOSE = re.compile(r"(?:để|nhằm|giúp(?!\s+đỡ)|phục vụ cho)\s", re.IGNORECASE)


def _listed(items: str) -> list[str]:
    """The pieces of a listed enumeration, each a short phrase without figures; [] when it is not one.
    "và" joins two pieces only when both are more than one word ("doanh nghiệp nhỏ và vừa" is one)."""
    pieces: list[str] = []
    for item in re.split(r"\s*[,;]\s*", items):
        halves = re.split(r"\s+và\s+", item)
        pieces += halves if all(len(h.split()) > 1 for h in halves) else [item]
    pieces = [" ".join(_ASKING.sub("", _ASK_START.sub("", p.strip(" .;:"))).split()) for p in pieces]
    while pieces and _PURPOSE.match(pieces[-1]):  # "…, để cán bộ tỉnh ta tham khảo": why it is asked, not a part
        pieces.pop()
    pieces = [p for p in pieces if p]
    if len(pieces) < 2 or any(len(p.split()) > 10 or re.search(r"\d", p) for p in pieces):
        return []
    return pieces
