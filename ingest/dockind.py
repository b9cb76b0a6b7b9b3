"""What kind of document a text is (loại), for every document, numbered instrument or not.

An instrument says its type in its title block or its number (:mod:`ingest.metadata`). Half
the reference corpus is something else, and says so by its layout rather than by a type word:
a form has a form code, fields and blanks to fill in and a signature to sign; a table of
figures has rows of cells holding numbers; a list is headed "Danh mục"; a speech addresses
its audience in the first person; an article has a byline. :func:`classify` reads those
cues in a fixed order — the first rule that holds decides — and always returns a kind, the
generic "Tài liệu" when no rule holds. Each rule is a pure function and names its class.
The bars are :class:`KindOptions` (the ``ingest.meta_*`` settings, with how each was chosen).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from common.vietnamese.normalize import fold
from ingest.heading import BLANK, EVENT, FILL_IN, FORM_CODE, TOC, Heading, is_byline, split_cells

FORM = "Biểu mẫu"
TABLE = "Bảng số liệu"
LIST = "Danh mục"
ANNEX = "Phụ lục"
SPEECH = "Bài phát biểu"
ARTICLE = "Bài viết"
STUDY = "Bài nghiên cứu"
GENERIC = "Tài liệu"
# Kinds that are not legal or administrative instruments: cited by their title, not a number.
NON_INSTRUMENTS = frozenset({FORM, TABLE, LIST, ANNEX, SPEECH, ARTICLE, STUDY, GENERIC, "Báo cáo", "Kế hoạch",
                             "Tờ trình", "Đề án", "Dự án", "Hướng dẫn", "Chương trình"})
# Heading words that name the document whatever blanks or form codes it has (an annex, a list,
# guidance on filling a form in); "Báo cáo", "Đơn", "Thông báo" over blanks to fill are a
# form's title (the report or application to be filled in).
_DECISIVE_HEADINGS = (ANNEX, LIST, "Hướng dẫn")

_SIGN_HERE = re.compile(r"\(\s*(?:ký|ký tên|ký và)[^)]{0,40}\)", re.IGNORECASE)
_ARTICLE_ONE = re.compile(r"^\s*điều\s+1\s*[.:\-]", re.IGNORECASE | re.MULTILINE)
_PREAMBLE = re.compile(r"^\s*[-+]?\s*căn cứ\b", re.IGNORECASE | re.MULTILINE)
_FIGURE = re.compile(r"^[-+]?(?:\d{1,3}(?:[.,]\d{3})+|\d{3,}|\d+[.,]\d+|\d+(?:[.,]\d+)?%)$")
_TABLE_HEAD = re.compile(r"^(?:stt|tt|so tt|so thu tu|ma so)$")
_LEGAL_LINE = re.compile(
    r"^\s*(?:[-+•*]\s*)?(?:luat|nghi dinh|nghi quyet|thong tu|quyet dinh|chi thi|phap lenh|cong van"
    r"|nd|qd|tt|ttlt|ct|nq)\b"
)
# A speaker addressing the audience ("tôi xin cảm ơn", "tôi xin có một số bình luận", "kính thưa"); not a
# note's "Xin cảm ơn.", nor a writer's "Chúng tôi xin giới thiệu".
_SPEECH = re.compile(r"\b(?:tôi|chúng tôi) xin (?:chân thành |trân trọng )?(?:cảm ơn|phát biểu|bình luận|có (?:một số|"
                     r"vài|đôi|mấy) (?:ý kiến|bình luận|nhận xét))|\bkính thưa\b", re.IGNORECASE)
_SELF_ARTICLE = re.compile(r"\bbài viết (?:này|ngắn)\b|\btrong bài viết\b", re.IGNORECASE)
_STUDY_PART = re.compile(r"^(?:tom tat|tong quan|tai lieu tham khao|phuong phap nghien cuu)\b")


@dataclass(frozen=True)
class KindOptions:
    """The bars of :func:`classify` (``ingest.meta_*`` settings; defaults equal them)."""

    head_lines: int = 15
    form_blank_lines: int = 1
    figure_share: float = 0.15
    table_line_share: float = 0.5
    short_line_share: float = 0.6
    legal_list_share: float = 0.5
    speech_chars: int = 3000


META_SETTINGS = ("meta_head_lines", "meta_form_blank_lines", "meta_figure_share", "meta_table_line_share",
                 "meta_short_line_share", "meta_legal_list_share", "meta_speech_chars")


def kind_options(values: dict) -> KindOptions:
    """:class:`KindOptions` from values named as the settings (``{"meta_head_lines": 15, …}``)."""
    return KindOptions(**{name.removeprefix("meta_"): value for name, value in values.items()})


@dataclass
class Cues:
    """What the layout of a text says about its kind (computed once, read by the rules)."""

    form_code: bool  # "Mẫu số …", "Biểu A01", "B1-1-ĐONTC" in the head
    fill_in: bool  # "Tên đơn vị:", "Tôi là:" in the head
    blank_lines: int  # head lines with blanks to fill in
    sign_here: bool  # "(Ký tên, đóng dấu)", "(ký và ghi rõ họ tên)"
    articles: bool  # "Điều 1." — the body of an instrument
    preamble: bool  # "Căn cứ …" opening a line — an instrument's preamble
    figure_share: float  # cells that are figures
    table_share: float  # lines of three cells or more
    short_share: float  # lines of six words or fewer
    table_head: bool  # a header cell "STT", "TT", "Mã số" in the head
    legal_share: float  # lines that name a legal document
    speech: bool  # first-person address in the opening
    self_article: bool  # "bài viết này"
    byline: bool  # an author line in the head
    event: bool  # a forum's name in the head
    study: bool  # a table of contents with a summary or overview


def read_cues(text: str, options: KindOptions = KindOptions()) -> Cues:
    """The layout cues of ``text`` (NFC, lines kept)."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    head = lines[: options.head_lines]
    head_cells = [" ".join(fold(c).split()) for ln in head for c in split_cells(ln)]
    cells = [c for ln in lines for c in split_cells(ln)]
    n = max(1, len(lines))
    folded_lines = [" ".join(fold(ln).split()) for ln in lines]
    return Cues(
        form_code=any(FORM_CODE.match(c) for c in head_cells),
        fill_in=any(FILL_IN.match(c) for c in head_cells),
        blank_lines=sum(bool(BLANK.search(ln)) for ln in head),
        sign_here=bool(_SIGN_HERE.search(text)),
        articles=bool(_ARTICLE_ONE.search(text)),
        preamble=bool(_PREAMBLE.search(text)),
        figure_share=sum(bool(_FIGURE.match(c)) for c in cells) / max(1, len(cells)),
        table_share=sum(len(split_cells(ln)) >= 3 for ln in lines) / n,
        short_share=sum(len(ln.split()) <= 6 for ln in lines) / n,
        table_head=any(_TABLE_HEAD.match(c) for c in head_cells),
        legal_share=sum(bool(_LEGAL_LINE.match(f)) for f in folded_lines) / n,
        speech=bool(_SPEECH.search(text[: options.speech_chars])),
        self_article=bool(_SELF_ARTICLE.search(text)),
        byline=any(is_byline(ln.strip()) for ln in head),
        event=any(EVENT.search(c) for c in head_cells[:3]),
        study=any(TOC.match(c) for c in head_cells) and any(_STUDY_PART.match(f) for f in folded_lines[:60]),
    )


def is_form(cues: Cues, options: KindOptions) -> bool:
    """Class "Biểu mẫu": a form code, a field or blanks in its head, or a signature to fill in —
    and no "Điều 1" (an instrument with forms appended stays an instrument)."""
    if cues.articles:
        return False
    return cues.form_code or cues.fill_in or cues.sign_here or cues.blank_lines >= options.form_blank_lines


def is_table(cues: Cues, options: KindOptions) -> bool:
    """Class "Bảng số liệu": most lines are rows of cells, or short lines under a header cell
    ("STT") — a table converted one cell a line."""
    return cues.table_share >= options.table_line_share or (
        cues.table_head and cues.short_share >= options.short_line_share)


def prose_kind(cues: Cues) -> str | None:
    """Classes of signed prose: a speech (first-person address in the opening), a research study
    (contents with a summary or overview), an article (says so, or has a byline or a forum)."""
    if cues.speech:
        return SPEECH
    if cues.study:
        return STUDY
    if cues.self_article or cues.byline or cues.event:
        return ARTICLE
    return None


def classify(
    cues: Cues, heading: Heading, title_type: str | None, self_type: str | None, has_number: bool,
    options: KindOptions = KindOptions(),
) -> str:
    """The kind of a document; rules in order, the first that holds decides.

    :param title_type: the type its title block or number gives ("Quyết định", "Báo cáo").
    :param self_type: the type it calls itself in the body ("Thông tư này"), or "Công văn" for a letter.
    """
    if title_type and (has_number or cues.articles or cues.preamble):
        return title_type  # an instrument: numbered, articled ("Điều 1.") or with its "Căn cứ …" preamble
    if heading.kind in _DECISIVE_HEADINGS:
        return heading.kind  # "Phụ lục 3 …", "Danh mục …"
    if is_form(cues, options):
        return TABLE if cues.figure_share >= options.figure_share else FORM  # a form code over figures: a table
    if title_type:
        return title_type  # "Báo cáo" in the title block, no form
    if heading.kind:
        return heading.kind  # "Báo cáo …", "Kế hoạch …" (also after a table of contents), "Hướng dẫn …"
    prose = prose_kind(cues)
    if prose:
        return prose
    if cues.legal_share >= options.legal_list_share:
        return LIST  # a list of legal texts ("LUẬT …", "NĐ 35/2003/NĐ-CP …" a line)
    if is_table(cues, options):
        return TABLE
    return self_type or GENERIC


__all__ = ["META_SETTINGS", "NON_INSTRUMENTS", "Cues", "KindOptions", "classify", "kind_options", "read_cues"]
