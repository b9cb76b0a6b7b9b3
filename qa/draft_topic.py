"""What a drafting topic says about its source, apart from what it is about: pure functions.

Staff name the source of an article in the topic itself — "… dựa trên bài nghiên cứu của TS
Nguyễn Đại Lai", "… theo tham luận của bà Michèle Debonneuil tại Diễn đàn Việt - Pháp", "lấy
ý kiến bình luận của ông Trần Du Lịch làm chỗ dựa", "(công văn 13/6/2016)". Those words are
not the subject: counted as topic terms they drown it, and no sentence covers enough of the
topic to draft on. They name a document instead, as a number would: by its author (a name
in its opening) or its date. :func:`split_source` separates the two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# "dựa trên bài nghiên cứu của", "theo tham luận của", "lấy ý kiến bình luận của": a source
# phrase opens with a verb of reliance and a kind of text, and runs to the end of the topic.
_SOURCE = re.compile(
    r"[,;]?\s*\b(?:dựa\s+(?:trên|vào)|theo|lấy|căn\s+cứ(?:\s+vào)?|trích\s+từ)\s+"
    r"(?:(?:ý\s+kiến|bình\s+luận|bài\s+nghiên\s+cứu|nghiên\s+cứu|bài\s+viết|bài\s+báo|tham\s+luận|"
    r"bài\s+phát\s+biểu|phát\s+biểu|báo\s+cáo|bài\s+trình\s+bày|trình\s+bày|nhận\s+định)\s+)+"
    r"(?:của\s+)?(?P<who>.+)$",
    re.IGNORECASE,
)
_TAIL = re.compile(r"\s+làm\s+(?:chỗ\s+dựa|căn\s+cứ|nguồn|cơ\s+sở)\s*$", re.IGNORECASE)
# "(công văn 13/6/2016)", "(Nghị định 26/2001)": a parenthesis that names a text by date or number.
_PAREN = re.compile(r"\s*\((?P<inner>[^()]*\d[^()]*)\)")
_DATE = re.compile(r"\b(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)\b")


@dataclass
class TopicSource:
    """Who or what the topic says its draft rests on."""

    names: list[str] = field(default_factory=list)  # persons (authors, speakers)
    dates: list[tuple[int, int, int]] = field(default_factory=list)  # (day, month, year) of a named text


def _capitalized_runs(text: str) -> list[str]:
    """Runs of two or more capitalized words ("TS Nguyễn Đại Lai ở Diễn đàn" → "TS Nguyễn Đại Lai",
    "Diễn"): the names a source phrase gives. Titles in capitals ("TS", "PGS") are dropped."""
    runs, current = [], []
    for word in re.findall(r"[^\W\d_]+(?:[-'][^\W\d_]+)?|\S", text):
        if word[:1].isupper() and not (word.isupper() and len(word) <= 4):
            current.append(word)
            continue
        if len(current) >= 2:
            runs.append(" ".join(current))
        current = []
    if len(current) >= 2:
        runs.append(" ".join(current))
    return runs


def split_source(core: str) -> tuple[str, TopicSource]:
    """(what the topic is about, the source it names). ``core`` is the topic without its genre
    words (:func:`qa.draft_plan.topic_core`).

    >>> split_source("Lạm phát và vai trò của ngân hàng, dựa trên bài nghiên cứu của TS Nguyễn Đại Lai")
    ('Lạm phát và vai trò của ngân hàng', TopicSource(names=['Nguyễn Đại Lai'], dates=[]))
    """
    source = TopicSource()
    for m in _PAREN.finditer(core):
        source.dates += [(int(d), int(mo), int(y)) for d, mo, y in _DATE.findall(m.group("inner"))]
    content = _PAREN.sub("", core) if source.dates else core
    m = _SOURCE.search(content)
    if m:
        who = _TAIL.sub("", m.group("who"))
        # "ông Trần Du Lịch ở Diễn đàn Việt-Pháp": the person, not the forum after "ở/tại".
        person = re.split(r"\s+(?:ở|tại|trong|trên)\s+", who, maxsplit=1)[0]
        source.names = _capitalized_runs(person)[:1]
        if source.names:
            content = content[: m.start()]
    content = _TAIL.sub("", content).strip(" ,;:-–")
    return (content or core), source


def date_in(name: str, date: tuple[int, int, int]) -> bool:
    """Whether a document's formal name ("Công văn ngày 13/6/2016 của …") carries the date."""
    return any((int(d), int(mo), int(y)) == date for d, mo, y in _DATE.findall(name))
