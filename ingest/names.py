"""The people and offices a document names: issuers, signers' titles and names, in their
official spelling and casing.

Old files lose the typography ("BỘ TÀI CHÍNH", "bộ khoa học và công nghệ", "NGUYỄN VĂN AN"),
so an issuer, a title or a person's name is recognised by its head word or surname and
rewritten the way officials write it. Split from :mod:`ingest.metadata` (which re-exports
the public names): the layout rules there decide where a name stands, the rules here what
it is and how it is spelled.
"""

from __future__ import annotations

import re

from common.vietnamese.mentions import is_acronym
from common.vietnamese.normalize import fold


_PAREN_SIGNED = re.compile(r"\(?\s*(?:đã ký|đã ký và đóng dấu)\s*\)?\.?", re.IGNORECASE)
_MARKER = re.compile(
    r"(?:(?P<a>T\s*/\s*M)\s*[./:]?|(?P<b>TM|T\.M|KT|K\.T|TL|T\.L|TUQ|Q)\s*[./:])\s*(?P<body>\S.{0,70})$",
    re.IGNORECASE,
)


# ---------------------------------------------------------------- names, titles, casing
_ORG_HEADS = (  # with diacritics: folded, "Sở" would be "Số"
    "bộ", "ban", "ủy ban", "ubnd", "hđnd", "hội đồng", "chính phủ", "quốc hội", "thủ tướng", "tỉnh ủy",
    "thành ủy", "huyện ủy", "đảng ủy", "đảng bộ", "văn phòng", "ngân hàng", "sở", "cục", "tổng cục", "vụ",
    "viện", "bql", "trung tâm", "phòng", "công ty", "tổng công ty", "học viện", "mặt trận", "liên đoàn",
    "tòa án", "toà án", "kho bạc", "thanh tra", "chi cục", "kiểm toán", "liên bộ", "thường trực", "thống đốc",
)
_LOCALITY = ("tinh", "thanh pho", "tp", "huyen", "quan", "thi xa", "thi tran", "xa", "phuong")
_ISSUERS = {
    "bo chinh tri": "Bộ Chính trị", "ban bi thu": "Ban Bí thư", "chinh phu": "Chính phủ",
    "quoc hoi": "Quốc hội", "thu tuong chinh phu": "Thủ tướng Chính phủ",
    "uy ban thuong vu quoc hoi": "Ủy ban Thường vụ Quốc hội",
    "ban chap hanh trung uong": "Ban Chấp hành Trung ương", "ngan hang nha nuoc": "Ngân hàng Nhà nước",
    "ngan hang nha nuoc viet nam": "Ngân hàng Nhà nước Việt Nam", "van phong chinh phu": "Văn phòng Chính phủ",
    "ban thuong vu tinh uy": "Ban Thường vụ Tỉnh ủy", "tinh uy": "Tỉnh ủy", "thanh uy": "Thành ủy",
    "uy ban nhan dan": "Ủy ban nhân dân", "hoi dong nhan dan": "Hội đồng nhân dân",
}
_TITLES = {
    f: t for t in (
        "Tổng Bí thư", "Bí thư", "Phó Bí thư", "Thủ tướng", "Phó Thủ tướng", "Thủ tướng Chính phủ",
        "Chủ tịch", "Phó Chủ tịch", "Chủ tịch Quốc hội", "Chủ tịch nước", "Bộ trưởng", "Thứ trưởng",
        "Thống đốc", "Phó Thống đốc", "Trưởng ban", "Phó Trưởng ban", "Giám đốc", "Phó Giám đốc",
        "Chánh Văn phòng", "Phó Chánh Văn phòng", "Tổng cục trưởng", "Phó Tổng cục trưởng", "Cục trưởng",
        "Vụ trưởng", "Tổng Kiểm toán Nhà nước", "Chánh án", "Viện trưởng",
    ) for f in [fold(t)]
}
_SURNAMES = set(
    "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly truong nong trinh dinh lam mai "
    "to ha dao cao luong ta thai quach chau doan kieu lai luu tang tu chu giang la trieu vuong hua dam tong "
    "than kim diep dong phung mac ton au thach lo hau nghiem luc ninh doan cu bach khong khuong ma quan lu "
    "ong van tieu la".split()
)


def title_case(text: str) -> str:
    """Every word capitalised (place and person names): "Hà nội" → "Hà Nội"."""
    return " ".join(w[:1].upper() + w[1:] for w in text.split())


def sentence_case(text: str) -> str:
    """An all-capitals heading in lower case with a capital first letter; acronyms kept."""
    words = [w if is_acronym(w) else w.lower() for w in text.split()]
    out = " ".join(words)
    for proper in ("Việt Nam", "Chính phủ", "Quốc hội", "Bộ Chính trị", "Ban Bí thư", "Trung ương"):
        out = re.sub(r"\b" + proper.lower() + r"\b", proper, out)
    return out[:1].upper() + out[1:]


def _cap_components(text: str) -> str:
    """"khoa học và công nghệ" → "Khoa học và Công nghệ" (names of ministries)."""
    parts = re.split(r"(\s+và\s+|\s*[-–,]\s*)", text.lower())
    return "".join(p if i % 2 else p[:1].upper() + p[1:] for i, p in enumerate(parts))


def is_org_head(text: str) -> bool:
    """Whether ``text`` starts with the head word of an organisation ("Bộ", "UBND", "Sở" ...)."""
    f = " ".join(text.lower().replace("uỷ", "ủy").split())
    if f.startswith(("ban hành", "sở dĩ", "vụ việc")):
        return False
    return any(f == h or f.startswith(h + " ") for h in _ORG_HEADS)


def is_authority(line: str) -> bool:
    """The line naming the enacting authority before "Căn cứ" ("BỘ TRƯỞNG BỘ TÀI CHÍNH")."""
    f = " ".join(fold(line).split())
    short = len(line) < 90 and not re.search(r"\d", line)
    return is_title(line) or short and (
        is_org_head(line) and not f.startswith(("ve ", "v/v")) or any(f.startswith(t + " ") for t in _TITLES)
    )


def canonical_issuer(text: str) -> str:
    """An issuer in its official spelling whatever the case it was typed in."""
    s = one_line(text).replace("uỷ", "ủy").replace("Uỷ", "Ủy").replace("UỶ", "ỦY").strip(" ,;.")
    f = fold(s)
    if f in _ISSUERS:
        return _ISSUERS[f]
    m = re.match(r"(bo truong )?bo (.+)$", f)
    if m and not any(is_acronym(w) for w in s.split()[1:]):
        head, name = "Bộ trưởng Bộ " if m.group(1) else "Bộ ", s[len(s) - len(m.group(2)) :]
        return head + (_cap_components(name) if name.islower() or name.isupper() else name)
    loc = "|".join(_LOCALITY)
    m = re.match(r"(.+?) (" + loc + r")\.? (.+)$", f)
    if m and (m.group(1) in _ISSUERS or m.group(1) in ("ubnd", "hdnd")):
        head = _ISSUERS.get(m.group(1), s[: len(m.group(1))].upper())
        return f"{head} {s[len(m.group(1)) + 1 : len(m.group(1)) + 1 + len(m.group(2))].lower()} " \
            + title_case(s[len(s) - len(m.group(3)) :].lower())
    if s.isupper() or s.islower():
        return sentence_case(s)
    return s[:1].upper() + s[1:]


_OFFICE_HOLDER = re.compile(
    r"(?:bo truong|thu truong|thong doc|pho thong doc|chu tich|pho chu tich|truong ban|tong cuc truong|cuc truong"
    r"|giam doc|vien truong|chu nhiem)\s+(?=\S)"
)
_SPELLED_OUT = (("UBND", "Ủy ban nhân dân"), ("HĐND", "Hội đồng nhân dân"), ("BQL", "Ban Quản lý"))


def issuing_body(name: str) -> str:
    """The organisation that issues, as cơ quan ban hành is written: the office holder's body
    ("Quyết định của Bộ trưởng Bộ Tài chính" is issued by the Bộ Tài chính; "Thống đốc Ngân hàng
    Nhà nước" by the Ngân hàng Nhà nước; "Thủ tướng Chính phủ" is itself an issuing authority),
    with the abbreviations of a header spelled out ("UBND huyện Cần Giờ" → "Ủy ban nhân dân huyện
    Cần Giờ", "BQL các khu công nghiệp …" → "Ban Quản lý các khu công nghiệp …") and the rule a
    typist drew under it dropped ("Chính phủ ______")."""
    body = canonical_issuer(re.split(r"\s*[_=*-]{3,}", name)[0])  # "Chính phủ ______", "… ________TV."
    m = _OFFICE_HOLDER.match(fold(body))
    if m and is_org_head(body[m.end() :]):
        body = body[m.end() :]
    for short, full in _SPELLED_OUT:
        if body.split()[:1] == [short]:
            body = full + body[len(short) :]
    return body[:1].upper() + body[1:]


def is_title(cell: str) -> bool:
    return " ".join(fold(cell).split()) in _TITLES


def canonical_title(cell: str) -> str:
    return _TITLES.get(" ".join(fold(cell).split()), one_line(cell))


def person_name(cell: str) -> str | None:
    """A signer's name ("Nông Đức Mạnh", "NGUYỄN VĂN AN", "Nguyễn Tấn Dũng đã ký"), else None."""
    cell = _PAREN_SIGNED.sub("", cell).strip(" ./")
    words = cell.split()
    if not 2 <= len(words) <= 5 or fold(words[0]) not in _SURNAMES:
        return None
    if not all(w.isalpha() and w[0].isupper() and (w[1:].islower() or w.isupper() or len(w) == 1) for w in words):
        return None
    return " ".join(w[0] + w[1:].lower() for w in words)


def one_line(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- signature
def signature_like(cell: str) -> bool:
    return bool(_MARKER.match(cell) or is_title(cell) or person_name(cell) or _PAREN_SIGNED.fullmatch(cell))


def signer_of(stream: list[str]) -> tuple[str | None, str | None, str | None]:
    """(signer, signer_title, signed_for) from the first anchor followed by a person's name."""
    for i, cell in enumerate(stream):
        marker = _MARKER.match(cell)
        if not (marker or is_title(cell)):
            continue
        markers, title = [], None
        for c in stream[i : i + 8]:
            mk = _MARKER.match(c)
            name = person_name(c)
            if mk:
                code = (mk["a"] or mk["b"]).upper().replace(" ", "")
                code = code if code == "T/M" else code.rstrip(".") + "."
                body = mk["body"].strip()
                markers.append(f"{code} {canonical_title(body) if is_title(body) else canonical_issuer(body)}")
            elif is_title(c):
                title = canonical_title(c)
            elif name:
                return name, title, ", ".join(markers) or None
            elif re.search(r"(?i)ký|họ tên|đóng dấu", c) and not _PAREN_SIGNED.fullmatch(c):
                break
    return None, None, None
