"""The parts a drafting topic enumerates, as a plan names them: pure functions.

"tiêu chuẩn và chế độ đối với cán bộ" → ["tiêu chuẩn", "chế độ"]; "…: hồ sơ, thời hạn, nơi nộp";
"(hàng viện trợ, quà biếu, quà tặng)". Each part heads a part of the draft and is matched to the
sections that answer it (:mod:`qa.draft.plan`).
"""

from __future__ import annotations

import re

from common.vietnamese.normalize import fold_accents

ENUM_SPLIT = re.compile(r"\s*(?:,|;|\bvà\b)\s*")
_HEAD_END = re.compile(r"\s(?:đối với|của|cho|trong|tại|theo|về|ở|khi)\s")


def topic_aspects(core: str) -> list[str]:
    """The parts a topic enumerates: before its complement ("tiêu chuẩn và chế độ đối với cán bộ"
    → ["tiêu chuẩn", "chế độ"]), after a colon ("…: hồ sơ, thời hạn, nơi nộp"; a question named by
    what it asks: "ai được dự tuyển, hưởng lương ra sao" → ["đối tượng được dự tuyển", "hưởng lương"]) or in
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
    return _about_list(bare)


_COLON_LIST = re.compile(r":\s*(?P<items>[^:()]+?)\s*$")
# "… Thông tư 172/1998/TT-BTC về hàng không chịu thuế, miễn thuế, hoàn thuế, truy thu và xử lý vi phạm …":
# what follows "về" up to the end of its clause (a purpose or an emphasis opens another).
_ABOUT = re.compile(r"(?<!\w)về\s+(?P<items>[^:;()]+)", re.IGNORECASE)
_CLAUSE_END = re.compile(r",\s*(?:giúp|góp phần|nhấn mạnh|nêu rõ|làm rõ|chỉ rõ|dùng cho|phục vụ|từ khi|theo)\s|"
                         r"\s(?:để|nhằm)\s|\.(?:\s|$)", re.IGNORECASE)
_COMPLEMENT = re.compile(r"\s(?:của|đối với|cho|trong|tại|theo|ở|khi|để|nhằm)\s", re.IGNORECASE)
_PAREN_LIST = re.compile(r"\((?P<items>[^()]+)\)")
_PAREN_NUMBERED = re.compile(r"\s*\([^()]*\d[^()]*\)")
# "…, ưu đãi thuế và tiền thuê đất, nhất là ở Tri Tôn, Tịnh Biên, An Phú": what the parts before it
# stress, not parts of their own (sealed-topics-29: "Tịnh Biên", "An Phú" became headings, "nhất là ở
# Tri Tôn" a gap note). Matched without diacritics.
_EMPHASIS = re.compile(r"^(?:nhat\s+la|dac\s+biet\s+la|ke\s+ca|trong\s+do\s+co)\s", re.IGNORECASE)


def _folded_rule(pattern: str) -> tuple[re.Pattern, re.Pattern]:
    """A pattern with its diacritics and its folded twin for a topic typed without them; folding
    keeps offsets, so a match on either slices the text as written."""
    return re.compile(pattern, re.IGNORECASE), re.compile(fold_accents(pattern), re.IGNORECASE)


# What a question word asks for, named as a heading names it: "ai được dự tuyển" → "đối tượng được
# dự tuyển", "đội làm gì" → "nhiệm vụ của đội", "nộp đơn ở đâu" → "nơi nộp đơn", "có quyền hạn gì" →
# "quyền hạn". A part named by its bare verb ("Được hưởng", "Đội làm", "Có quyền hạn") was the blind
# editors' "wrong heading"; typed without diacritics, the question words stayed in the heading and a
# restoration read them as words ("dõi làm", "kiểm tra thể"). Whole-piece patterns; ``x`` is kept.
_ASKED = [(_folded_rule(p), name) for p, name in (
    (r"ai\s+(?P<x>.+)", "đối tượng {x}"),
    (r"(?:bao\s+lâu|bao\s+nhiêu\s+ngày)\s+(?:thì\s+)?(?P<x>.+)", "thời hạn {x}"),
    (r"(?P<x>.+?)\s+(?:trong\s+)?(?:bao\s+lâu|bao\s+nhiêu\s+ngày)", "thời hạn {x}"),
    (r"(?P<x>.+?)\s+từ\s+(?:khi\s+nào|bao\s+giờ|lúc\s+nào)", "thời điểm {x}"),
    (r"(?:từ\s+)?(?:khi\s+nào|bao\s+giờ|lúc\s+nào)", "thời điểm áp dụng"),
    (r"(?:trường\s+hợp\s+nào|khi\s+nào)\s+(?:thì\s+)?(?P<x>(?:bị|được|phải|không)\s.+)", "trường hợp {x}"),
    (r"(?P<x>.+?)\s+(?:ở|tại)\s+đâu", "nơi {x}"),
    (r"(?P<x>.+?)\s+(?:để|nhằm)\s+(?:làm\s+)?gì", "mục đích {x}"),
    (r"(?P<x>khi\s.+?)\s+(?:thì\s+)?(?:phải\s+)?làm\s+(?:những\s+)?gì", "việc phải làm {x}"),
    (r"(?:phải\s+)?làm\s+(?:những\s+)?gì", "những việc phải làm"),
    (r"(?P<x>.+?)(?<!cần)(?<!phải)(?<!nên)\s+làm\s+(?:những\s+)?gì", "nhiệm vụ của {x}"),
    (r"(?P<x>.+?)\s+gồm\s+những\s+(?:ai|gì)", "thành phần của {x}"),
    (r"gồm\s+những\s+(?:ai|gì)", "thành phần"),
    (r"có\s+(?P<x>.+?)\s+gì", "{x}"),
)]
# The nouns those questions are named by (each name's words before "{x}", without "của"): a part named
# so is answered by the section its heading names so ("đối tượng được hưởng" by "Điều 2. Đối tượng áp
# dụng"), the rest of its words elided there.
ASKED_NOUNS = tuple(dict.fromkeys(
    noun for noun in (name.split(" {x}")[0].removesuffix(" của") for _, name in _ASKED) if "{x}" not in noun))
_ASKING_RULE = _folded_rule(r"(?<!\w)(?:như\s+thế\s+nào|thế\s+nào|ra\s+sao|là\s+gì|bao\s+lâu\s+thì|bao\s+lâu|"
                            r"bao\s+nhiêu|đến\s+đâu|ở\s+đâu|khi\s+nào|nào|gì)(?!\w)")
_ASK_START_RULE = _folded_rule(r"^(?:ai|cách|các|những|bao\s+lâu\s+thì|bao\s+lâu|bao\s+nhiêu|vì\s+sao|tại\s+sao|"
                               r"khi\s+nào|ở\s+đâu)\s+")


def asked_name(piece: str) -> str:
    """A listed part as a heading names it: a question turned into the noun it asks for (_ASKED),
    else the question words dropped ("ưu tiên thế nào" → "ưu tiên"; "vì sao cấp thiết" asks for the
    part headed "Sự cấp thiết …", the question word is not its name). Typed without diacritics,
    matched without them."""
    piece = " ".join(piece.split())
    typed = 1 if fold_accents(piece) == piece else 0  # which of a rule's two patterns: as the topic was typed
    for rule, name in _ASKED:
        m = rule[typed].fullmatch(piece)
        if m:
            x = m.groupdict().get("x") or ""
            return " ".join((fold_accents(name) if typed else name).format(x=x).split())
    start = _ASK_START_RULE[typed].match(piece)
    piece = piece[start.end():] if start else piece
    return " ".join(_ASKING_RULE[typed].sub("", piece).split())


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
    emphasis = next((i for i, p in enumerate(pieces) if i and _EMPHASIS.match(fold_accents(p.strip()))), len(pieces))
    pieces = [asked_name(p.strip(" .;:")) for p in pieces[:emphasis]]
    while pieces and _PURPOSE.match(pieces[-1]):  # "…, để cán bộ tỉnh ta tham khảo": why it is asked, not a part
        pieces.pop()
    pieces = [p for p in pieces if p]
    if len(pieces) < 2 or any(len(p.split()) > 10 or re.search(r"\d", p) for p in pieces):
        return []
    return pieces


def _about_list(core: str) -> list[str]:
    """The parts a topic lists after "về" ("về hàng không chịu thuế, miễn thuế, hoàn thuế, truy thu và xử
    lý vi phạm thuế xuất khẩu, thuế nhập khẩu" → the five): a list of three or more, up to its "và" —
    "A, B, C và D"; a comma after D opens the complement ("…, thuế nhập khẩu"), as does "của"/"đối với"
    after it ("và cơ cấu tổ chức của Đội 814"). [] when no "về" opens such a list."""
    for m in _ABOUT.finditer(core):
        items = m.group("items")
        end = _CLAUSE_END.search(items)
        pieces = [p.strip() for p in re.split(r"\s*,\s*", items[: end.start()] if end else items)]
        # ("quan hệ giữa Nhà nước và thị trường" is one thing, not two)
        last = next((i for i, p in enumerate(pieces) if re.search(r"\svà\s", f" {p} ")
                     and not re.search(r"\bgiữa\s.*\svà\s", p)), None)
        if not last:
            continue
        first, _, final = pieces[last].partition(" và ")
        final = _COMPLEMENT.split(f" {final} ")[0].strip()
        listed = [asked_name(p.strip(" .;:")) for p in [*pieces[:last], first, final]]
        if len(listed) >= 3 and all(p and len(p.split()) <= 10 and not re.search(r"\d", p) for p in listed):
            return listed
    return []
