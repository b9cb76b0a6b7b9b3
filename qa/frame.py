"""Who signed a document, which body issued it, to whom it is sent: answered from its own frame.

A question like "Ai ký Nghị định 114/2003/NĐ-CP?" or "Quyết định 256/2004/QĐ-UB do cơ quan
nào ban hành?" is answered by the signature block or the title block of the named document,
not by a provision that shares its words ("Bộ trưởng Bộ Nội vụ hướng dẫn thi hành …"). Those
blocks are ranked after the provisions for every other question, so this stage reads them
directly: the block is quoted whole (it is short) and the signer's name or the issuing
body is lifted from it as the direct answer.

Text taken from two-column layouts often loses the block's shape: the signer's name lands at
the end of a line of the "Nơi nhận" list ("- Toà án nhân dân tối cao,   Nguyễn Tấn Dũng đã
ký"), or after it. :func:`signer_name` reads the document's closing part for the last
personal name (a Vietnamese family name and one to four capitalized syllables), and the name
is quoted from the chunk that holds it.
"""

from __future__ import annotations

import re

from common.config import AnswerPolicy
from common.types import KIND_HEADER, KIND_SIGNATURE
from common.vietnamese.normalize import fold_accents
from qa.answer import make_citation, verify_citations
from qa.bodies import PROVINCE
from qa.intent import asks_signer
from qa.types import Citation, Passage

_ISSUER = re.compile(
    r"\b(co quan|don vi|cap) nao\b.{0,25}\bban hanh\b|\bban hanh\b.{0,25}\b(co quan|don vi) nao\b"
    r"|\b(do|cua) (ai|co quan nao|don vi nao)\b.{0,15}\bban hanh\b|\bdo (co quan|don vi) nao\b"
)


# Family names: a personal name starts with one (about 95 % of Vietnamese names use these).
_FAMILY = ("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Chu Đinh Trương Mai Cao "
           "Lương Tô Đoàn Hà Lâm Tạ Trịnh Thái Châu Lưu La Quách Đào Kiều Tôn Vương Triệu Hứa Khúc Nghiêm "
           "Phùng Văn Từ Lại Đàm Giang Doãn Mạc Thân Tăng Lục Ninh Quan Hàn Khổng Ông Nông Lò Vi Lã Bế Ma Sầm "
           "Hầu Âu Diệp Thạch Kim").split()
# A signature block's last line that names a role, not a person ("Phó Thủ tướng", "KT. Bộ trưởng").
_ROLE_LINE = re.compile(r"(?i)^(?:kt|tm|t/m|tl|tuq|q)\.|\b(?:thủ tướng|bộ trưởng|thứ trưởng|chủ tịch|giám đốc"
                        r"|trưởng ban|bí thư|chánh văn phòng|cục trưởng|vụ trưởng)\s*$")
# The archive line of a recipients list ("- Lưu Văn phòng Tỉnh ủy", "- Lưu: VT"): "Lưu" is the
# archive there, not a family name.
_ARCHIVE = re.compile(r"(?:^|\n)\s*[-–+•]\s*Lưu\b|\bLưu\s*(?::|VT\b|Văn phòng)")
_PERSON = re.compile(r"(?<![\w])((?:" + "|".join(_FAMILY) + r")(?: \w+){1,4})(?![\w])")
# A place named like a person ("thị xã Châu Đốc", "núi Cấm", "chùa Bà Lê"): the word before it says
# it is a place. An annex of places after the signature made "Châu Đốc" the signer of a decision.
_PLACE_BEFORE = re.compile(r"(?i)\b(?:xã|huyện|thị trấn|thành phố|tỉnh|phường|quận|núi|chùa|sông|làng|ấp|khu"
                           r"|đường|phố|cầu|chợ|đảo|vàm|kênh|rạch)\s+$")


def _person_names(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Offsets of the personal names in ``text`` from ``start``: a family name and at least one
    more capitalized syllable ("Nguyễn Tấn Dũng"), never a place ("Hà Nội", "Hồ Chí Minh")."""
    spans = []
    for m in _PERSON.finditer(text, start):
        words = m.group(1).split()
        kept = [w for i, w in enumerate(words) if all(x[0].isupper() for x in words[: i + 1])]
        if len(kept) >= 2:  # a character class cannot say "capital" for every Vietnamese letter
            a, b = m.start(1), m.start(1) + len(" ".join(kept))
            if (not PROVINCE.search(fold_accents(text[a:b].lower())) and not _ARCHIVE.search(text[max(0, a - 4):b + 10])
                    and not _PLACE_BEFORE.search(text[max(0, a - 12):a])):
                spans.append((a, b))
    return spans


def signer_name(text: str, closing_chars: int = AnswerPolicy.model_fields["closing_chars"].default
                ) -> tuple[int, int] | None:
    """Offsets of the signer's name in a document's text: the last personal name of its
    closing part (its last ``closing_chars``, ``answer.closing_chars``).
    ``"… Nơi nhận: … Nguyễn Tấn Dũng đã ký"`` gives "Nguyễn Tấn Dũng"."""
    spans = _person_names(text, max(0, len(text) - closing_chars))
    return spans[-1] if spans else None


# "ký" as signing: not "đăng ký" (to register) nor "ký kết" (to conclude an agreement).
# Read with its marks: "kỳ họp" (a session) folds to the same letters.
_SIGNING = re.compile(r"(?<!đăng )\b(?:ký|kí)\b(?! kết)")


def states_signing(quote: str) -> bool:
    """Whether a quote can answer "who signed": it names a person (a family name and capitalized
    syllables) or speaks of signing ("Thành viên hợp danh được ủy quyền (Ký, ghi rõ họ tên)").
    "Luật này đã được Quốc hội … thông qua" does neither, nor does "… ký kết hoặc tham gia"."""
    return bool(_SIGNING.search(quote.lower())) or bool(_person_names(quote))


# A line that is a signer's title only: "KT. THỦ TƯỚNG", "kt/bộ trưởng bộ tài chính", "Phó thủ tướng",
# "TM. ỦY BAN NHÂN DÂN". Not a recipients' line ("- Thủ tướng, các PTT Chính phủ,").
_TITLE_LINE = re.compile(r"(?i)^(?:(?:kt|tm|t/m|tl|tuq|q)\s*[./]\s*\S|(?:phó\s+)?(?:thủ tướng|bộ trưởng|thứ trưởng"
                         r"|chủ tịch|giám đốc|trưởng ban|bí thư|chánh văn phòng|cục trưởng|vụ trưởng|thống đốc"
                         r"|tổng cục trưởng|viện trưởng|hiệu trưởng)\b)[^,;:]{0,60}$")


def signer_title(text: str, before: int, window: int) -> tuple[int, int] | None:
    """Offsets of the title lines a flattened signature block left before its signer's name
    ("tm. chính phủ / KT. thủ tướng / Phó thủ tướng" above the "Nơi nhận" list): the last run of
    title-only lines in the ``window`` characters before ``before``; None when there is none."""
    run: list[tuple[int, int]] = []
    best = None
    for a, b in _lines(text[:before]):
        if a < before - window:
            continue
        if _TITLE_LINE.match(text[a:b]) and len(text[a:b].split()) <= 10:
            run.append((a, b))
            best = (run[0][0], run[-1][1])
        else:
            run = []
    return best


def _quoted(fragment: str, passages: list[Passage], n: int) -> Citation | None:
    """``fragment`` quoted from the first passage that holds it, as citation ``n``."""
    for passage in passages:
        at = passage.text.find(fragment)
        if at >= 0:
            citation = make_citation(n, passage, at, at + len(fragment))
            verify_citations([citation])
            return citation
    return None


def name_answer(name: str, passages: list[Passage], title: str = "",
                title_passages: list[Passage] = ()) -> tuple[str, list[Citation], str] | None:
    """The signer's name quoted from the passage of the named document that holds it, after the
    title it signed under ("KT. thủ tướng Phó thủ tướng [1] Nguyễn Tấn Dũng [2]") when the
    closing part gives one — "ký với chức danh gì?" is asked with "ai ký?"."""
    named = _quoted(name, passages, 1)
    if named is None:
        return None
    # The lines a chunk boundary split ("tm. chính phủ" | "KT. thủ tướng / Phó thủ tướng"): the
    # longest run of last lines one chunk holds.
    lines = title.split("\n") if title else []
    titled = next(filter(None, (_quoted("\n".join(lines[i:]), title_passages, 1) for i in range(len(lines)))), None)
    if titled is None:
        return f"{name} [1]", [named], f"{name} [1]"
    named.n = 2
    return f"{' '.join(titled.quote.split())} [1] {name} [2]", [titled, named], f"{name} [2]"


# The recipient line of a letter or a form: "Kính gửi: Ban quản lý các khu công nghiệp Đồng Nai".
_RECIPIENT_LINE = re.compile(r"^(?:kính gửi|kính gởi)\s*:?\s*\S", re.IGNORECASE)


def recipient_answer(passages: list[Passage], document_text=None, search=None,
                     opening_chars: int = 3000) -> tuple[str, list[Citation], Passage] | None:
    """The "Kính gửi: …" line of the first passage that has one, quoted whole: to whom a form
    or a letter is sent ("… gửi đến cơ quan nào?"). A form's title block and its "Kính gửi"
    line often fall in two chunks, and only the title was retrieved: then the line is looked
    for in the opening of each passage's document (``document_text(doc_id)``) and quoted from
    the chunk that holds it (``search(line, doc_id)``).

    :returns: (answer text, citations, the quoted passage), or None when no such line is found."""
    for passage in passages:
        lines = _lines(passage.text)
        for i, (start, end) in enumerate(lines):
            if _RECIPIENT_LINE.match(passage.text[start:end]):
                end = _listed_after(passage.text, lines[i:])
                citation = make_citation(1, passage, start, end)
                verify_citations([citation])
                return f"{' '.join(citation.quote.split())} [1]", [citation], passage
    if document_text is None or search is None:
        return None
    for doc_id in dict.fromkeys(p.doc_id for p in passages):
        text = document_text(doc_id) or ""
        line = next((text[a:b] for a, b in _lines(text[:opening_chars]) if _RECIPIENT_LINE.match(text[a:b])), None)
        if line is not None:
            return recipient_answer([h for h in search(line, doc_id) if line in h.text])
    return None


_LISTED = re.compile(r"[-–•+]\s")  # a recipient on its own dashed line


def _listed_after(text: str, lines: list[tuple[int, int]]) -> int:
    """Where a "Kính gửi:" line's recipients end: the line itself when it names them ("Kính gửi: Ban
    quản lý …"), else the dashed lines under it ("Kính gửi:" / "- Ban Cán sự Đảng UBND tỉnh," / …) —
    the bare "Kính gửi:" was the whole answer to "gửi tới những cơ quan nào"."""
    (start, end), rest = lines[0], lines[1:]
    if text[start:end].rstrip().endswith(":"):
        for line_start, line_end in rest:
            if not _LISTED.match(text[line_start:line_end]):
                break
            end = line_end
    return end


# The signature line of a form: "(Ký tên, đóng dấu)", "(Ký, ghi rõ họ tên)" — who signs is the role
# written on it or on the line above ("Thành viên hợp danh được ủy quyền", "Người sử dụng lao động").
# Also a form's "(Họ, tên và chữ ký)", "(Họ tên và chữ ký của người lãnh đạo tổ chức, đóng dấu)": "ký" as signing
# inside the brackets — not "đăng ký", nor a signed copy's "(đã ký)" (a decree's recipients line held one).
_SIGNATURE_LINE = re.compile(r"\((?:[^()\n]{0,30}?(?<!đăng )(?<!Đăng )(?<!đã )(?<!Đã ))?(?:ký|kí)\b(?! kết)[^)\n]{0,60}\)", re.IGNORECASE)


_ROLE = re.compile(r"\b(?:đại diện|thành viên|giám đốc|thủ trưởng|người|chủ tịch|chủ nhiệm|chủ sở hữu|chủ doanh nghiệp"
                   r"|trưởng|lãnh đạo|kế toán)\b", re.IGNORECASE)


def _role_lines(text: str, start: int, most: int = 2) -> int:
    """Where the role above a signature line starts: up to ``most`` lines of words (no table
    cells; tabs that indent a line, "\t\t\t THỦ TRƯỞNG", are no cells) just above ``start``, across one
    blank line; ``start`` itself when there are none."""
    begin, taken, pos = start, 0, start - 1
    while pos > 0 and taken < most:
        line_start = text.rfind("\n", 0, pos) + 1
        line = text[line_start:pos]
        if "\t" in line.strip():
            break
        if line.strip():
            begin, taken = line_start + len(line) - len(line.lstrip()), taken + 1  # quoted from its first word
        elif taken:
            break
        pos = line_start - 1
    return begin


def signature_answer(passages: list[Passage], document_text, search,
                     span: int = AnswerPolicy.model_fields["form_signature_chars"].default,
                     closing_chars: int = AnswerPolicy.model_fields["closing_chars"].default,
                     ) -> tuple[str, list[Citation], str | None] | None:
    """Who signs a form: the first signature line after the first passage's place in its
    document, quoted with the role written on it or in the lines above it ("Đại diện theo pháp
    luật của công ty (Ký, ghi rõ họ tên)"), from the chunk that holds them. A line that names
    no role ("- Lưu ... (Ký tên, đóng dấu)": the role is in another cell of a table) is no answer.
    Else who signed the part the passage closes (:func:`part_signer`).

    :param span: how far after the passage the line is looked for (``answer.form_signature_chars``).
    :returns: (answer text, citations, the asked name when one is quoted apart), or None."""
    for passage in passages[:1]:
        text = document_text(passage.doc_id) or ""
        found = text.find(passage.text[:120])
        at = max(found, 0)
        sign = _SIGNATURE_LINE.search(text, at, at + len(passage.text) + span)
        if sign is None:
            return part_signer(passage, text, found, search, span, closing_chars) if found >= 0 else None
        start = text.rfind("\n", 0, sign.start()) + 1
        end = text.find("\n", sign.end())
        end = end if end >= 0 else len(text)
        begin = _role_lines(text, start)
        quote = text[begin:end]
        if not _ROLE.search(_SIGNATURE_LINE.sub(" ", quote)):
            continue
        citation = _quoted(quote, search(" ".join(text[start:end].split()), passage.doc_id), 1)
        if citation is not None:
            return f"{' '.join(citation.quote.split())} [1]", [citation], None
    return None


def part_signer(passage: Passage, text: str, at: int, search, span: int,
                window: int) -> tuple[str, list[Citation], str] | None:
    """Who signed the part of a text ``passage`` is in — a foreword ("Lời nói đầu" of a handbook): the
    first signature block within ``span`` characters after it (a personal name alone on its line under
    title lines, "Thứ trưởng - Phó trưởng ban thường trực / Ban chỉ đạo … / Chu Hảo"), quoted as
    :func:`name_answer` quotes a document's signer. The document's own closing part (its last ``window``
    characters) is not looked in: who signed the document is asked by naming it (:func:`names_kind_of`),
    and a question on a notice the decree prescribes was answered with the decree's signer.

    :param text: the passage's document, ``at`` the passage's place in it; ``search``: ``(text, doc_id) ->
    passages`` of that document; ``window``: how far above the name its title lines are looked for."""
    end = at + len(passage.text) + span
    for a, b in _person_names(text, at + len(passage.text) // 2):
        if a > end or a >= len(text) - window:
            break  # the document's own closing part is its signer's: not a part's (a notice asked, the decree's found)
        line_start, line_end = text.rfind("\n", 0, a) + 1, text.find("\n", b)
        if text[line_start:line_end if line_end >= 0 else len(text)].strip() != text[a:b]:
            continue
        lines = signer_title(text, a, window)
        if lines is None:
            continue
        title = text[lines[0]:lines[1]]
        return name_answer(text[a:b], search(text[a:b], passage.doc_id), title,
                           search(" ".join(title.split()), passage.doc_id))
    return None


def closing_answer(doc_ids: list[str], document_text, signers: dict[str, str | None], search_in,
                   closing_chars: int) -> tuple[str, list[Citation], str] | None:
    """Who signed, when the block lost its shape in conversion: the signer the metadata read
    beside the title lines (``ingest.names.signer_of``, anchored on them, so an annex's later names
    do not count) when the text holds it, else the last name of the document's closing part
    (:func:`signer_name`); quoted from the chunk that holds it, after the title lines found within
    ``closing_chars`` before it (:func:`signer_title`) — of the first named document that has one
    (a text loaded twice, once without its signature).

    :param search_in: ``(text, doc_id) -> passages`` of that document best matching ``text``."""
    for doc_id in doc_ids:
        text = document_text(doc_id) or ""
        anchored = signers.get(doc_id)
        span = None if anchored and anchored in text else signer_name(text, closing_chars) if text else None
        name = text[span[0]:span[1]] if span else anchored
        if not name:
            continue
        at = span[0] if span else text.rfind(name)
        lines = signer_title(text, at, closing_chars) if at > 0 else None
        title = text[lines[0]:lines[1]] if lines else ""
        named = name_answer(name, search_in(name, doc_id), title, search_in(" ".join(title.split()), doc_id) if title else [])
        if named is not None:
            return named
    return None


def names_kind_of(question: str, doc_type: str | None) -> bool:
    """Whether ``question`` names the kind of text ``doc_type`` is ("Thông tư của NHNN năm 2006 …
    do ai ký?" for a Thông tư): a signer question that describes its text instead of numbering it
    asks for the signer of a text of that kind, not of a form or notice that text prescribes
    ("người nào ký thông báo?" answered from a decree)."""
    kind = fold_accents((doc_type or "").lower())
    return bool(kind) and re.search(rf"\b{re.escape(kind)}\b", fold_accents(question.lower())) is not None


def frame_question(question: str) -> str | None:
    """"signer" for who signed a document, "issuer" for which body issued it, else None."""
    q = fold_accents(question.lower())
    if asks_signer(question):
        return "signer"
    if _ISSUER.search(q):
        return "issuer"
    return None


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped)
            out.append((start, start + len(stripped)))
        pos += len(line) + 1
    return out


def frame_answer(kind: str, passages: list[Passage], doc_ids: list[str]) -> tuple[str, list[Citation], str] | None:
    """(answer text, citations, direct answer) from the named documents' signature block
    (``kind`` "signer") or title block ("issuer"); None when the block is not at hand or
    does not hold what is asked (the issuer named in the document's metadata)."""
    wanted = KIND_SIGNATURE if kind == "signer" else KIND_HEADER
    for passage in passages:
        if passage.doc_id not in doc_ids or passage.kind != wanted:
            continue
        lines = _lines(passage.text)
        if not lines:
            continue
        if kind == "signer":
            start, end = lines[0][0], lines[-1][1]
            direct_span = lines[-1]
            if _ROLE_LINE.search(passage.text[direct_span[0]:direct_span[1]].strip()):
                continue  # the block's title only ("KT. Thủ tướng / Phó Thủ tướng"): the name is elsewhere
        else:
            issuer = fold_accents((passage.issuer or "").lower())
            hit = next(((a, b) for a, b in lines if issuer and issuer in fold_accents(passage.text[a:b].lower())), None)
            if hit is None:
                continue
            start, end = hit
            offset = fold_accents(passage.text[start:end].lower()).index(issuer)
            direct_span = (start + offset, start + offset + len(issuer))
        citation = make_citation(1, passage, start, end)
        verify_citations([citation])
        direct = f"{passage.text[direct_span[0]:direct_span[1]]} [1]"
        return f"{' '.join(citation.quote.split())} [1]", [citation], direct
    return None
