"""Official metadata read from a document's own text: who issued it, its number, date, trích yếu.

Vietnamese administrative documents share one layout (Nghị định 30/2020/NĐ-CP; Party
documents follow Hướng dẫn 36-HD/VPTW): an issuer block and the national motto or "ĐẢNG
CỘNG SẢN VIỆT NAM", "Số: ...", "<place>, ngày ... tháng ... năm ...", often side by side on
one line separated by tabs or runs of spaces; the type and trích yếu; "Kính gửi:"; the body;
"Nơi nhận:" with the signature block beside it. Old files lose the typography (titles in
lower case, columns interleaved), so the rules work on cells and stop words, not positions.
Nothing is invented: a field the text does not support stays empty for a manifest to fill.
Issuers, titles and signers' names are recognised and spelled by :mod:`ingest.names`; their
public helpers stay importable from here.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field

from common.types import CitedDocument
from common.vietnamese.dates import DATE_PATTERN, iso_date
from common.vietnamese.mentions import NUMBER, clean_number, find_doc_numbers, issuer_at
from common.vietnamese.normalize import fold
from common.vietnamese.numbers import DOC_TYPES, canonical_type, number_key, number_type
from ingest.addressees import distribution, recipients
from ingest.amendments import OPENING_CHARS, amended_documents, attachment
from ingest.dockind import NON_INSTRUMENTS, KindOptions, classify, read_cues
from ingest.heading import event_date, read_heading, split_cells
from ingest.labels import document_label
from ingest.names import (
    is_authority, one_line, signer_of, canonical_issuer, canonical_title, is_org_head, is_title, issuing_body,
    person_name, sentence_case, title_case,
)

__all__ = [
    "ExtractedMeta", "canonical_issuer", "canonical_title", "document_label", "extract_metadata", "is_org_head",
    "is_title", "person_name", "sentence_case", "title_case",
]


_MOTTO = re.compile(
    r"cong\s+hoa\s+xa\s+hoi\s+chu\s+nghia(?:\s+viet\s+nam)?|doc\s+lap\s*[-–]\s*tu\s+do\s*[-–]\s*hanh\s+phuc"
    r"|dang\s+cong\s+san\s+viet\s+nam"
)
_BODY_START = re.compile(
    r"\s*(?:[-–+]\s*)?(?:căn cứ|kính g[ửở]i|điều 1\b|chương (?:i|1)\b|phần (?:thứ nhất|i)\b|xét đề nghị|"
    r"theo đề nghị|[ivx]{1,4}\s*[-.–/]\s+\S|(?:để|thực hiện|sau khi|nhằm)\s|\d{1,2}\s*[.)]\s+(?-i:[A-ZĐ]))",
    re.IGNORECASE,
)
_NUMBER_CELL = re.compile(r"(?i:(?:luật\s+|pháp lệnh\s+)?số)\s*[:.]?\s*(?P<n>" + NUMBER + r")\s*(?P<rest>.*)$")
_PLACE_DATE = re.compile(r"(?P<place>[^\W\d_][^,\d|]{1,40}?)\s*,\s*(?i:ngày)\s*:?\s*" + DATE_PATTERN)
_TYPE_HEAD = re.compile(
    r"(?:ban\s+)?(?P<type>" + "|".join(sorted((f for _, f, _ in DOC_TYPES), key=len, reverse=True))
    + r")(?P<rest>\s*(?:(?:lien (?:tich|bo)|cua|so|ve|v/v)\b.*)?)$"
)
_SELF_REF = re.compile(
    r"\b(Nghị quyết|Nghị định|Quyết định|Thông tư|Công văn|Chỉ thị|Kết luận|Luật|Quy định|Quy chế|"
    r"Kế hoạch|Hướng dẫn|Thông báo|Báo cáo|Chương trình|Pháp lệnh) này\b"
)
_PASSED = re.compile(  # "Luật này đã được Quốc hội ... thông qua ngày 26 tháng 11 năm 2003."
    r"(?:Luật|Pháp lệnh|Bộ luật|Hiến pháp) này\s+(?:đã\s+)?được\s+(?P<who>Quốc hội|Ủy ban [Tt]hường vụ Quốc hội)"
    r"\b[^.]{0,160}?thông qua\s+(?:ngày\s+)?" + DATE_PATTERN
)
_BODY_ISSUER = re.compile(
    r"(?:^|[,;”\"]\s+)(?P<who>[A-ZĐ][^,.;:\n“”\"]{2,70}?)\s+(?:yêu cầu|chỉ đạo|đề nghị|quyết định|"
    r"kết luận|thông báo|hướng dẫn)[^:\n]{0,120}:\s*$",
    re.MULTILINE,
)


@dataclass
class ExtractedMeta:
    """The fields of :class:`common.types.DocMeta` that a document's text supports."""

    doc_type: str | None = None
    doc_number: str | None = None
    number_key: str | None = None
    issuer: str | None = None
    place: str | None = None
    issued_date: str | None = None
    summary: str | None = None
    recipients: list[str] = field(default_factory=list)
    distribution: list[str] = field(default_factory=list)
    signer: str | None = None
    signer_title: str | None = None
    signed_for: str | None = None  # "T/M Bộ Chính trị", "KT. Bộ trưởng Bộ Tài chính" (not in DocMeta)
    cites: list[CitedDocument] = field(default_factory=list)
    amends: list[CitedDocument] = field(default_factory=list)
    issued_with: str | None = None

    @property
    def label(self) -> str:
        return document_label(self.doc_type, self.doc_number, self.issued_date, self.issuer, self.issued_with,
                              self.summary)

    def meta_fields(self) -> dict:
        """Keyword arguments for :class:`DocMeta` (adds ``title``, drops ``signed_for``)."""
        data = asdict(self)
        data.pop("signed_for")
        data["cites"] = list(self.cites)
        data["amends"] = list(self.amends)
        data["title"] = self.label
        return data


def _strip_motto(cell: str) -> str:
    spans = [m.span() for m in _MOTTO.finditer(fold(cell))]
    for start, end in reversed(spans):
        cell = cell[:start] + " " + cell[end:]
    return " ".join(cell.split())


def _is_separator(cell: str) -> bool:
    return not re.search(r"[^\W\d_]{2,}", cell.replace("o0o", ""))


@dataclass
class _Header:
    number: str | None = None
    place: str | None = None
    date: str | None = None
    fragments: list[str] = field(default_factory=list)
    lines: list[list[str]] = field(default_factory=list)  # remaining cells of each header line


def _read_header(lines: list[str]) -> _Header:
    """Number, place/date and issuer block of the first lines; the other cells are kept."""
    head = _Header()
    end = next((i for i, ln in enumerate(lines[:60]) if _BODY_START.match(ln)), min(len(lines), 40))
    collecting, n = True, 0
    for line in lines[:end]:
        n += bool(line.strip())
        rest: list[str] = []
        for cell in split_cells(line):
            cell = _strip_motto(cell)
            ruled = re.sub(r"^[\s_=*.-]{3,}(?=\w)", "", cell)  # "____ Hà Nội, ngày …": the rule under the motto
            cell = ruled if _PLACE_DATE.match(ruled) else cell
            if not cell or _is_separator(cell):
                continue
            nm = _NUMBER_CELL.match(cell)
            if nm and (not nm["rest"] or _PLACE_DATE.match(nm["rest"]) or fold(nm["rest"]).startswith("v/v")) \
                    and not head.number:  # "Số: 2499/TC-TCDN V/v …": a letter's trích yếu under its number
                head.number = clean_number(nm["n"])
                cell = nm["rest"]
            pd = _PLACE_DATE.match(cell)
            if pd and not head.date and not re.search(r"\.\.|…", pd["place"]):
                head.place = title_case(pd["place"].strip())
                head.date = iso_date(pd["d"], pd["m"], pd["y"])
                cell = cell[pd.end() :].strip()
            if cell:
                rest.append(cell)
        first = rest[0] if rest else None
        if collecting and first:
            titled = _TYPE_HEAD.match(fold(first)) or fold(first).startswith(("ve viec", "v/v"))
            if titled or (head.fragments and (head.number or head.date)) or n > 6:
                collecting = False
            elif is_org_head(first) and n <= 3 and not re.search(r"\d", first):
                head.fragments.append(first)
                rest = rest[1:]
            elif head.fragments and not re.search(r"\d", first) and len(first.split()) <= 6:
                head.fragments[-1] += " " + first
                rest = rest[1:]
            elif head.fragments:
                collecting = False
        elif collecting and head.fragments and line.strip() and not rest and not _strip_motto(line).strip():
            pass  # a motto-only line between two lines of the issuer
        elif collecting and head.fragments and line.strip() and not rest:
            collecting = False  # a separator line closes the issuer block
        head.lines.append(rest)
    return head


def _title_block(head: _Header) -> tuple[str | None, str]:
    """The type word (or None for a letter) and the joined heading/trích yếu lines."""
    for i, cells in enumerate(head.lines):
        for cell in cells:
            f = fold(cell)
            tm = _TYPE_HEAD.match(f)
            if tm or f.startswith(("ve viec", "v/v")):
                block = [cell]
                for nxt in head.lines[i + 1 : i + 9]:
                    if not nxt:
                        continue
                    first = nxt[0]
                    if first.startswith("(") or is_authority(first) or len(first) > 300:
                        break
                    block.append(first)
                return (canonical_type(tm["type"]) if tm else None), one_line(" ".join(block))
    return None, ""


def _parse_title(doc_type: str | None, block: str) -> dict:
    """Split "Nghị định của Chính phủ số 114/2003/NĐ-CP ngày 10/10/2003 về ..." into its parts."""
    out: dict = {"doc_type": doc_type}
    rest = block
    if doc_type:
        rest = re.sub(r"^(?i:bản\s+)?" + r"\S+\s+" * len(fold(doc_type).split()), "", rest + " ", count=1)
        lt = re.match(r"(?i:liên (tịch|bộ))\b\s*", rest)
        if lt:
            out["doc_type"] = "Thông tư liên " + lt.group(1).lower() if doc_type == "Thông tư" else doc_type
            rest = rest[lt.end() :]
        cua = re.match(r"(?i:của)\s+", rest)
        if cua or lt:
            rest = rest[cua.end() :] if cua else rest
            out["issuer"], end = issuer_at(rest, 0)  # stops at "số", "ngày", "về", ...
            rest = rest[end:]
        nm = re.match(r"\s*(?i:số)\s*:?\s*(" + NUMBER + ")", rest)
        if nm:
            out["number"], rest = nm.group(1), rest[nm.end() :]
        dm = re.match(r"\s*,?\s*(?i:ngày)\s*" + DATE_PATTERN, rest)
        if dm:
            out["date"], rest = iso_date(dm["d"], dm["m"], dm["y"]), rest[dm.end() :]
    summary = re.sub(r"^(?i:v/v)\s*:?\s*", "V/v ", rest.strip(" .;:-–\t"))
    if summary:
        letters = [c for c in summary if c.isalpha()]
        if sum(c.isupper() for c in letters) > 0.8 * len(letters):
            summary = sentence_case(summary)
        out["summary"] = summary[0].upper() + summary[1:]
    return out


def extract_metadata(text: str, options: KindOptions = KindOptions()) -> ExtractedMeta:
    """Everything the text of one document says about itself (NFC text, lines kept).

    :param options: the bars by which a document that is no numbered instrument is told a
        form, a table, a list, a speech … (:mod:`ingest.dockind`).
    """
    lines = text.split("\n")
    head = _read_header(lines)
    word_type, block = _title_block(head)
    title = _parse_title(word_type, block) if block else {}
    meta = ExtractedMeta(place=head.place, summary=title.get("summary"))
    meta.doc_number = head.number or (clean_number(title["number"]) if title.get("number") else None)
    meta.number_key = number_key(meta.doc_number) if meta.doc_number else None
    meta.issued_date = head.date or title.get("date")
    own = meta.number_key
    parent, parent_issuer = attachment(text) if not own else (None, None)
    meta.cites = [c for c in find_doc_numbers(text) if c.number_key != own]
    if parent and not parent.issued_date:  # its caption garbled ("ngày 22 thỏng 9 …"), a later one whole
        parent = next((c for c in meta.cites if c.number_key == parent.number_key and c.issued_date), parent)
        parent_issuer = parent.issuer or parent_issuer
    # An annex is issued by its decision's issuer, on its date: they come before a guess from the body.
    issuer = head.fragments[-1] if head.fragments else title.get("issuer") or parent_issuer
    passed = _PASSED.search(text)
    if passed:
        issuer = issuer or passed["who"]
        meta.issued_date = meta.issued_date or iso_date(passed["d"], passed["m"], passed["y"])
    if not issuer:
        body = _BODY_ISSUER.search(text)
        if body and is_org_head(body["who"]):
            issuer = body["who"]
    meta.recipients = recipients(lines)
    meta.distribution, side, start = distribution(lines)
    if start >= 0:
        stream = [c for ln in lines[max(0, start - 12) : start] for c in split_cells(ln)] + side
    else:
        first_body = next((i for i, ln in enumerate(lines) if _BODY_START.match(ln)), 0)
        stream = [c for ln in lines[first_body:] for c in split_cells(ln)]
    meta.signer, meta.signer_title, meta.signed_for = signer_of(stream)
    meta.issued_with = parent.doc_number if parent else None
    meta.issued_date = meta.issued_date or (parent.issued_date if parent else None)
    meta.issuer = issuing_body(issuer) if issuer else None
    with_key = parent.number_key if parent else None
    meta.amends = amended_documents(meta.summary or text[:OPENING_CHARS], (own, with_key))
    _describe(meta, text, title.get("doc_type"), options)
    return meta


def _self_type(meta: ExtractedMeta, text: str) -> str | None:
    """The type a text calls itself ("Thông tư này" most often), or "Công văn" for a letter
    ("Kính gửi" and a "V/v" trích yếu)."""
    refs = Counter(m.group(1) for m in _SELF_REF.finditer(text))
    if refs:
        return refs.most_common(1)[0][0]
    if meta.recipients and meta.summary and fold(meta.summary).startswith(("ve viec", "v/v")):
        return "Công văn"
    return None


def _describe(meta: ExtractedMeta, text: str, block_type: str | None, options: KindOptions) -> None:
    """Loại for every document (:func:`ingest.dockind.classify`); for one that is no instrument,
    the title its heading gives (:func:`ingest.heading.read_heading`) and a meeting's first day."""
    coded = number_type(meta.doc_number) if meta.doc_number else None
    # "Quy định …"/"Quy chế …" opening a numbered decree's title is its trích yếu, not its type:
    # the number's code says what it is ("100/2004/NĐ-CP").
    title_type = coded if coded and block_type in ("Quy định", "Quy chế") else block_type or coded
    heading = read_heading(text, options.head_lines)
    meta.doc_type = classify(read_cues(text, options), heading, title_type, _self_type(meta, text),
                             bool(meta.doc_number), options)
    if meta.doc_type in NON_INSTRUMENTS and (not meta.summary or meta.doc_type != title_type):
        meta.summary = heading.title_for(meta.doc_type) or meta.summary
    if not meta.issued_date and meta.doc_type in NON_INSTRUMENTS:
        held = event_date(text, options.head_lines)
        if held:
            meta.place = meta.place or title_case(held[0])
            meta.issued_date = iso_date(*held[1:])
