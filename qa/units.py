"""The unit a question asks its figure in, and whether a quote gives a figure in it (pure functions).

"Bao nhiêu tiền" answered by "gồm có 2 cấp" quotes a figure, but no sum of money: the verifier
(:mod:`qa.verify`) requires the asked unit of the figure it lifts. Questions are read folded
(:func:`qa.intent.mention_form`); quotes with their marks.
"""

from __future__ import annotations

import re

# The unit a question asks its figure in ("bao nhiêu phần trăm", "bao nhiêu tiền", "mấy giờ"):
# a quote whose figures are in no such unit does not give it (folded question → pattern on the quote).
_ASKED_UNIT = re.compile(r"\b(?:bao nhieu|may|bn)\s+(phan tram|tien|dong|tan|ha|hecta|gio|km|lit|du an)\b")
# A share asked ("bao nhiêu %", "bn %", "bao nhiêu phần chi phí"): what it is a share of is no unit (folded).
_ASKED_SHARE = re.compile(r"\b(?:bao nhieu|may|bn)\s*(%|phan\b(?!\s+tram))")
# A sum of money asked by what it pays for ("bao nhiêu kinh phí", "lệ phí … là bao nhiêu", a fine: "mức phạt tiền
# bao nhiêu" — s3b-18, answered with a procedure's "10 ngày làm việc"; "mức phạt" alone is often a share): within
# three words of "bao nhiêu". Allowances ("phụ cấp", "trợ cấp") are not here: they are often a share
# of the salary ("30% mức lương tối thiểu").
_ASKED_SUM = re.compile(r"\b(?:kinh phi|chi phi|le phi|so tien|phat tien)\b(?:\s+\S+){0,3}?\s+(?:la\s+)?(?:bao nhieu|bn)\b"
                        r"|\b(?:bao nhieu|bn)\s+(?:\S+\s+){0,1}(?:kinh phi|chi phi|le phi)\b")
_NUM = r"\d[\d.,]*\)?\s*"  # "tám (8) giờ", "mười lăm (15) ngày": legal drafting spells a figure, then gives it in parentheses
_HECTARES = rf"{_NUM}(?:(?:nghìn|ngàn|triệu)\s+)?(?:ha|hecta|héc)(?![^\W\d_])"  # "60 ngàn ha"
# Asked unit (folded) → (its name for the user; a figure given in it: the figure followed by its
# unit, or a spelled percentage "ba mươi phần trăm"; how a table's column heading or its "Đơn vị
# tính" line names it once for bare cells, :func:`declares_unit`).
UNITS = {
    "phan tram": ("phần trăm", rf"{_NUM}(?:%|phần trăm)|\w+\s+phần trăm", r"%|phần trăm"),
    "tien": ("tiền", rf"{_NUM}(?:(?:triệu|tỷ|tỉ|nghìn|ngàn)\s+)?(?:đồng|đ|USD|VND|triệu|tỷ|tỉ)(?![^\W\d_])",
             r"(?:(?:nghìn|ngàn|triệu|tỷ|tỉ|1\.?000)\s+)?(?:đồng|USD|VND|đ)"),
    "dong": ("đồng", rf"{_NUM}(?:(?:triệu|tỷ|tỉ|nghìn|ngàn)\s+)?(?:đồng|đ|triệu|tỷ|tỉ)(?![^\W\d_])",
             r"(?:(?:nghìn|ngàn|triệu|tỷ|tỉ|1\.?000)\s+)?(?:đồng|đ)"),
    "tan": ("tấn", rf"{_NUM}(?:(?:triệu|nghìn|ngàn)\s+)?tấn", r"(?:(?:nghìn|ngàn|triệu)\s+)?tấn"),
    "ha": ("ha", _HECTARES, r"ha|hecta|héc\s*ta"),
    "hecta": ("ha", _HECTARES, r"ha|hecta|héc\s*ta"),
    "gio": ("giờ", rf"{_NUM}(?:giờ|h)(?![^\W\d_])", r"giờ"),
    "km": ("km", rf"{_NUM}km", r"km"),
    "lit": ("lít", rf"{_NUM}(?:lít|lit|l)(?![^\W\d_])", r"lít"),
    # A count of projects ("bao nhiêu dự án", the count officials ask most: 98 opened questions, 43
    # unanswerable): "Năm 1996 … bao nhiêu dự án đầu tư ra nước ngoài" was answered five times with a
    # tax rate ("Mức 5%, áp dụng đối với Nhà đầu tư nước ngoài …") that counts none.
    "du an": ("số dự án", rf"(?:{_NUM}|(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+)(?:dự án|DA)(?![^\W\d_])"
              r"|\bsố dự án\b[^.;\n\d]{0,40}\d", r"dự án"),
}


# The units that count things rather than measure them: a count is also given in words ("năm dự án").
COUNTS = frozenset({"du an"})


def gives_unit(text: str, unit: str) -> bool:
    """Whether ``text`` gives a figure in the asked unit ("318 ha", "ba mươi phần trăm")."""
    return bool(re.search(UNITS[unit][1], text, re.IGNORECASE))


def declares_unit(text: str, unit: str) -> bool:
    """Whether ``text`` names the asked unit once for the figures under it: in parentheses after
    a column heading ("Tổng diện tích (ha)", "Thuế suất\n(%)") or on a "Đơn vị tính:"/"ĐVT:" line
    — how statistical tables and tariff schedules give their units, leaving the cells bare."""
    units = UNITS[unit][2]
    return bool(re.search(rf"\(\s*(?:{units})\s*\)|(?:đơn vị tính|đvt)\s*[:.]?\s*(?:{units})(?![^\W\d_])",
                          text, re.IGNORECASE))


def asked_unit(asked: str) -> str | None:
    """The unit the (folded) question asks its figure in, as a key of :data:`UNITS`: named after
    "bao nhiêu", or money when it asks a sum by what it pays for."""
    share = _ASKED_SHARE.search(asked)
    if share:  # "bn % chi phí" is a percentage; "bao nhiêu phần chi phí" a share, in any unit
        return "phan tram" if share.group(1) == "%" else None
    unit = _ASKED_UNIT.search(asked)
    if unit:
        return unit.group(1)
    return "tien" if _ASKED_SUM.search(asked) else None
