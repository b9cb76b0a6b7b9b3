"""How a draft prints what it quotes: formal document names, quotations, the marks it uses.

The lowest layer of drafting, shared by every stage: :func:`document_names` gives the formal
names the connecting text uses ("Công văn ngày 13/6/2016 của Ban Thường vụ Tỉnh ủy Bình
Phước"), :func:`display_quote` the printed form of a quotation, and the patterns of citation
markers ``[n]``, outline markers ("1.", "a)", "-") and figures.
"""

from __future__ import annotations

import re

from common.config import DraftPolicy
from common.types import STATUS_DIGEST
from qa.types import Citation


# Outline markers: "-", "1.", "1.2.", "II.", "a)", "(a)", and the lettered forms older documents use —
# "a.", "a-", "a/", "1/", "iii." — when a space follows (so "v.v." or "10/2003" stays text): 26 key
# points of the opened topic sets were items "a. Dự án …" refused as starting in lower case.
OUTLINE_MARK = re.compile(r"(?:[-+•–*]\s*|(?:\d+(?:\.\d+)*|[IVXLC]+)[.)\-]\s*|\(?[a-zđ\d]\)\s*"
                          r"|(?:[a-zđ]|[ivx]{2,4}|\d+|[IVXLC]+)[./\-](?=\s)\s*)+")
MARKER = re.compile(r"\[(\d+)\]")
FIGURE = re.compile(r"\d")


def _date_vn(iso: str | None) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    return f"{int(m[3])}/{int(m[2])}/{m[1]}" if m else ""


def document_names(c: Citation) -> tuple[str, str]:
    """(full, short) formal names of a cited document for running text.

    "Công văn ngày 13/6/2016 của Ban Thường vụ Tỉnh ủy Bình Phước" / "Công văn của Ban Thường
    vụ Tỉnh ủy Bình Phước"; a digest is "bản tóm lược Nghị quyết số 41-NQ/TW …" so a reader
    never takes our summary for the official wording.
    """
    if c.doc_type:
        number = f" số {c.doc_number}" if c.doc_number else ""
        date = f" ngày {_date_vn(c.issued_date)}" if _date_vn(c.issued_date) else ""
        issuer = f" của {c.issuer}" if c.issuer else ""
        full = f"{c.doc_type}{number}{date}{issuer}"
        short = f"{c.doc_type}{number}" if number else f"{c.doc_type}{issuer}"
    else:
        full = short = c.citation_label or "văn bản"
    if c.status == STATUS_DIGEST:
        full, short = f"bản tóm lược {full}", f"bản tóm lược {short}"
    return full, short


# The kinds of text a person writes or speaks (a study, an article, a speech at a forum): their
# "issuer" is their author, named in a byline under the title, which the metadata leave empty.
AUTHORED_TYPES = frozenset({"Bài viết", "Bài nghiên cứu", "Bài phát biểu", "Tham luận", "Bài bình luận"})
# "TS  - Nguyễn Đại Lai", "Bà Michèle Debonneuil", "Tiến sĩ Trịnh Hoà Bình - Viện Xã hội học,": a line of
# the opening that is a title and a name of two to five capitalised words (an affiliation may follow).
_BYLINE = re.compile(
    r"^[ \t]*(?P<title>PGS\.?[ \t]*TS|GS\.?[ \t]*TS|TS|ThS|PGS|GS|Tiến sĩ|Thạc sĩ|Giáo sư|Phó giáo sư|Ông|Bà)\.?[ \t]*"
    r"(?:[-–:][ \t]*)?(?P<name>(?:[A-ZĐÀ-Ỹ][^\W\d_]*[ \t]+){1,4}[A-ZĐÀ-Ỹ][^\W\d_]*)[ \t]*(?:[-–,(].*)?$", re.MULTILINE)


def author_of(text: str, chars: int = DraftPolicy().byline_chars) -> str | None:
    """The author a text's opening names in a byline ("TS Nguyễn Đại Lai", "bà Michèle Debonneuil"),
    or None: who "Bài viết" is by, which the blind editors missed in every draft on a study or a
    speech ("không nêu tác giả TS Nguyễn Đại Lai"). Read in its first ``chars`` (``draft.byline_chars``)."""
    m = _BYLINE.search(text[:chars])
    if m is None:
        return None
    title = " ".join(m.group("title").split())
    title = title.lower() if title in ("Ông", "Bà") else title
    return f"{title} {' '.join(m.group('name').split())}"


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def display_quote(quote: str) -> str:
    """The quote as printed: its own characters, with line breaks and runs of spaces as one space."""
    return " ".join(quote.split())
