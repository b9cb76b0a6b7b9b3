"""The sentences that could answer a question: every sentence of the passages an answer may
quote, with the signals the sentence ranker scores (:mod:`qa.sentence_rank`), and the steps
that order them — a sentence giving the asked type (a figure, a date, an agent) first, a
lead-in with the items that follow it. :mod:`qa.answer` picks and quotes from these.
"""

from __future__ import annotations

import math
import re

from common.config import AnswerPolicy
from common.vietnamese.mentions import find_doc_numbers
from common.vietnamese.numbers import number_matches
from common.vietnamese.sentences import join_wrapped, split_list_items, split_sentences
from ingest.pages import label_without_page
from qa.evidence import QueryEvidence
from qa.asked_numbers import has_reference
from qa.intent import (
    QuestionIntent,
    has_agent,
    has_figure,
    has_time,
    is_heading,
    is_place_date_line,
    is_reference_clause,
)
from qa.sentence_rank import SentenceCandidate
from qa.sought import Sought
from qa.tables import caption_rows, is_table_row, line_spans, split_table_lines
from qa.types import Passage

# "… bao gồm:", "… như sau.", and "… từ một trong các nguồn sau" / "… theo các bước cơ bản sau" without a stop (a
# form's line announcing its items; with a stop, "… phân bổ cho các năm sau." is the years that follow).
_LEAD_IN = re.compile(r"(:|\b(như sau|sau đây)\s*[.:]?|\b(?:các|những)\s+(?:\S+\s+){1,3}sau)\s*$", re.IGNORECASE)
_ANNOUNCES = re.compile(r"\b(?:sau đây|dưới đây)\s*,", re.IGNORECASE)  # items follow the clause
_WORD = re.compile(r"[^\W\d_]{2,}")  # two letters in a row: a word, not a figure or a label
# A list item's bullet or number, quoted without it (:func:`strip_bullet`).
BULLET = re.compile(r"^\s*(?:[-–•+*]|[a-zđ]\)|\d+(?:\.\d+)+ [.)-](?!\s*\d)|\d+(?:\.\d+)*[.)-](?!\d))\s*")  # "3.1 - …"; not "39.897"


def passage_coverage(evidence: QueryEvidence, passage: Passage) -> float:
    """Coverage of the question by the passage *with its context*: the document's number,
    trích yếu and section heading answer "theo Nghị quyết 41 …" as much as its sentences do."""
    return evidence.coverage(f"{passage.context}\n{passage.text}")


def citing_mentions(text: str, number_keys: list[str]) -> list:
    """The mentions in ``text`` of these documents (by number, in any spelling), each with
    the date and issuer written next to it: "Kết luận số 02-KL/TW ngày 26/4/2016 của Ban Bí thư"."""
    return [c for c in find_doc_numbers(text) if any(number_matches(c.number_key, key) for key in number_keys)]


def is_lead_in(sentence: str) -> bool:
    """A sentence that announces a list: "… bao gồm:", "… được tóm lược như sau.", or announces
    it on the way ("Người có một trong các hành vi vi phạm sau đây, thì … bị xử phạt …;")."""
    return bool(_LEAD_IN.search(sentence.rstrip()) or _ANNOUNCES.search(sentence))



def locate_section(passage: Passage, offset: int) -> tuple[str, str]:
    """(section, citation label) of the numbered section holding ``offset`` of the passage."""
    section, label = passage.section, passage.citation_label
    for span_offset, span_section, span_label in passage.spans:
        if span_offset <= offset:
            section, label = span_section, span_label
        else:
            break
    return section, label


def sentence_candidates(
    evidence: QueryEvidence,
    pool: list[Passage],
    policy: AnswerPolicy,
    intent: QuestionIntent,
    citing: list[str] | None = None,
    first: int = 0,
    sought: Sought = Sought(),
) -> list[SentenceCandidate]:
    """Every sentence of the pool's passages from index ``first`` on, with its signals
    (:mod:`qa.sentence_rank`), unscored. Headings are never candidates.

    :param citing: number keys of documents known only by metadata that the question asks
        about: only sentences naming one of them can say who issued it or when (and a
        place-and-date line is then the citing document's own, not an answer).
    """
    out: list[SentenceCandidate] = []
    numbers = [t for t in evidence.terms if any(ch.isdigit() for ch in t)]
    rarest = max(evidence.weights, key=evidence.weights.get) if evidence.weights else None
    for i, passage in enumerate(pool[first:], start=first):
        out += _passage_candidates(evidence, passage, i, policy, intent, citing, numbers, rarest, sought)
    return out


def _passage_candidates(
    evidence: QueryEvidence,
    passage: Passage,
    i: int,
    policy: AnswerPolicy,
    intent: QuestionIntent,
    citing: list[str] | None,
    numbers: list[str],
    rarest: str | None,
    sought: Sought,
) -> list[SentenceCandidate]:
    """The candidates of one passage, the ``i``-th of the pool (see :func:`sentence_candidates`);
    ``numbers``: the question's terms with digits; ``rarest``: its highest-IDF term."""
    out: list[SentenceCandidate] = []
    prior = policy.rank_weight / (1 + i)  # the fused retrieval rank is evidence too
    passage_cov = passage_coverage(evidence, passage)
    topic = evidence.matched(passage.context)  # what the title and heading already say
    title_run = sought.title_run(passage.title) if passage.title else 0.0
    sentences = join_wrapped(passage.text, split_sentences(passage.text), policy.wrapped_line)
    spans = split_table_lines(passage.text, sentences)
    previous = ""
    for index, (start, end) in enumerate(spans):
        sentence = passage.text[start:end]
        before, previous = previous, sentence
        mentions = citing_mentions(sentence, citing) if citing else []
        if citing and not mentions:
            continue
        place_date = intent.asks_issue and not citing and is_place_date_line(sentence)
        # A table's caption leads its header and rows for a list question (what the table lists), and a
        # form's first group heading its sibling headings with nothing under them ("A. Thành viên hợp danh").
        rows = (caption_rows(passage.text, start, end, policy.max_list_items)
                or group_headings(passage.text, start, end, policy.max_list_items)) if intent.is_list else []
        if not place_date and not rows and is_heading(sentence) or not _WORD.search(sentence) and "\t" not in sentence:
            continue  # a heading, or a bare figure ("1", "87%", "164") that says nothing by itself
        cov = evidence.coverage(sentence)
        lead_in = is_lead_in(sentence) or bool(rows)
        candidate = SentenceCandidate(i, start, end, {}, 1.0 if place_date else cov)
        followers = rows or (list_followers(passage, candidate, policy.max_list_items, policy.field_words)
                             if lead_in else [])
        cells = [] if followers else cell_continuation(passage.text, start, end, intent, policy.max_cell_lines)
        candidate.followers, candidate.cells = followers or cells, bool(cells)
        typed = " ".join([sentence, *(passage.text[a:b] for a, b in cells)])
        candidate.features = _signals(
            evidence, intent, passage, sentence, start, typed=typed, cov=cov, topic=topic, passage_cov=passage_cov,
            prior=prior, followers=followers, lead_in=lead_in, mentions=mentions, citing=citing,
            place_date=place_date, numbers=numbers, rarest=rarest, before=before,
            position=index / max(1, len(spans) - 1), sought=sought, title_run=title_run,
        )
        out.append(candidate)
    return out


def _signals(
    evidence: QueryEvidence, intent: QuestionIntent, passage: Passage, sentence: str, start: int, *, typed: str,
    cov: float, topic, passage_cov: float, prior: float, followers: list[tuple[int, int]], lead_in: bool,
    mentions: list, citing: list[str] | None, place_date: bool, numbers: list[str], rarest: str | None,
    before: str, position: float, sought: Sought, title_run: float,
) -> dict[str, float]:
    """The signals of one sentence (:mod:`qa.sentence_rank` names and weighs them)."""
    list_lead = intent.is_list and lead_in and bool(followers)
    items = [passage.text[a:b] for a, b in followers]
    lead = f"{_local_heading(passage, start)}\n{sentence}" if list_lead else ""
    matched = evidence.matched(sentence) if (numbers or rarest) else frozenset()
    return {
        "coverage": cov,
        "focus": evidence.coverage(sentence, given=topic) if topic else cov,
        "pairs": evidence.phrase_bonus(sentence),
        "passage_coverage": passage_cov,
        "rank_prior": prior,
        "list_lead": float(list_lead),
        "lead_coverage": evidence.coverage(lead) if list_lead else 0.0,
        "lead_pairs": evidence.phrase_bonus(lead) if list_lead else 0.0,
        "type_missing": float(not gives_type(typed, intent)),  # a cell's with the cells beside it
        # Who issued it / when: the mention itself must carry the issuer / the date.
        "detail_missing": float(bool(citing) and not any(
            c.issued_date if intent.wants_time else c.issuer for c in mentions)),
        "reference_clause": float(not (intent.asks_basis or intent.asks_which_document or intent.wants_reference)
                                  and is_reference_clause(sentence)),
        "place_date": float(place_date),
        "numbers_found": sum(1 for t in numbers if t in matched) / len(numbers) if numbers else 0.0,
        "rarest_found": float(rarest in matched) if rarest else 0.0,
        "context_coverage": evidence.coverage(f"{before} {sentence}") if before else cov,
        "phrase_share": evidence.phrase_coverage(sentence)[0],
        "length": math.log1p(len(sentence)) / 5,
        "position": position,
        "table_row": float(is_table_row(sentence)),
        "list_item": float(bool(BULLET.match(sentence))),
        "has_figure": float(has_figure(sentence)),
        "lead_in": float(lead_in),
        "items_coverage": evidence.coverage(" ".join([sentence, *items])) if items else cov,
        "names_found": sought.names_found(sentence),
        "unit_found": sought.unit_found(sentence),
        "triples_found": sought.triples_found(sentence),
        "title_run": title_run,
        "kind_found": sought.kind_found(sentence, items) if intent.is_list else 0.0,
    }


def ranked(candidates: list[SentenceCandidate], pool: list[Passage], ranker) -> list[SentenceCandidate]:
    """The candidates scored by ``ranker``, best first."""
    ranker.score(candidates, pool)
    return sorted(candidates, key=lambda c: -c.score)


def gives_type(sentence: str, intent: QuestionIntent) -> bool:
    """The sentence gives what the question asks for: a figure, a date, an agent, a document's
    number or a form's code."""
    return (
        (not intent.wants_quantity or has_figure(sentence))
        and (not (intent.wants_time or intent.wants_duration) or has_time(sentence))
        and (not intent.wants_agent or has_agent(sentence))
        and has_reference(sentence, intent)
    )


def has_type(c: SentenceCandidate) -> bool:
    """The candidate gives the asked type — a table cell with the cells beside it that it is quoted with:
    its ``type_missing`` signal (:func:`_signals`), read rather than computed again."""
    return not c.features["type_missing"]


# A table's row number alone on its line ("5", "12."): the next row begins.
_ROW_NUMBER = re.compile(r"\d{1,3}[.)]?")
# A line opening a numbered part ("I. Kế hoạch …", "2. Đối tượng", "a) …", "Điều 5."): not a cell beside the one above.
_NUMBERED_LINE = re.compile(r"(?:(?:Điều|Chương|Mục|Phần|Phụ lục)\s+\S+|[IVXLC]+[.)]|[A-ZĐa-zđ][.)]|\d+(?:\.\d+)*[.)])\s")
_ENDS_CLAUSE = re.compile(r"[.;:!?…]$")


def cell_continuation(text: str, start: int, end: int, intent: QuestionIntent, limit: int) -> list[tuple[int, int]]:
    """The lines beside a table cell that give what the question asks, when the cell does not.

    Tables that reach the index one cell a line (a Word or PDF table without tabs) put a row's
    cells on consecutive lines: "Tổ chuyên gia … lập Báo cáo thẩm định" / "Trong thời hạn 30 ngày
    kể từ phiên họp trù bị" / "Tổ chuyên gia". The step the question names holds none of the asked
    duration, the next line does; quoted alone, the step says nothing, and the time limit of another
    row was quoted instead. ``text[start:end]`` must be whole lines without a clause's final
    punctuation (a cell, not prose); the lines read are cells too — at most ``limit``, none ending
    a clause (a title line's paragraph is not its cell), stopping at the next row's number, a line
    opening a numbered part, a tab-separated line or a second blank line — and are returned up to
    the first that gives the asked type; none when no line does.
    """
    sentence = text[start:end].strip()
    line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if (limit <= 0 or not sentence or gives_type(sentence, intent) or _ENDS_CLAUSE.search(sentence) or "\t" in sentence
            or text[line_start:start].strip() or text[end:line_end].strip()):
        return []
    out: list[tuple[int, int]] = []
    blanks, pos = 0, line_end + 1
    while pos < len(text) and len(out) < limit:
        stop = text.find("\n", pos)
        stop = len(text) if stop < 0 else stop
        line = text[pos:stop].strip()
        if not line:
            blanks += 1
            if blanks > 1:
                break
        elif _ROW_NUMBER.fullmatch(line) or _NUMBERED_LINE.match(line) or "\t" in line or _ENDS_CLAUSE.search(line):
            break  # the next row or part, a tabbed table, or prose (a clause's end): not a cell beside this one
        else:
            at = text.index(line, pos)
            out.append((at, at + len(line)))
            if gives_type(" ".join(text[a:b] for a, b in out), intent):
                return out
        pos = stop + 1
    return []


def typed_first(
    pool: list[Passage], candidates: list[SentenceCandidate], intent: QuestionIntent, ratio: float
) -> list[SentenceCandidate]:
    """The best sentence that gives what was asked (a figure, a date, an agent) leads when it
    scores at least ``ratio`` of the best one: a sentence that only restates the question's
    words with more of them should follow it, not take its place.

    A document's number or a form's code asked for is taken from the best sentence's own document
    whatever its score: a form's header cell "TT 14/2005/TTLT-…" shares no word with the question,
    which its neighbour ("Biểu số 01/TNLĐ-CS ban hành theo") holds."""
    if not candidates or has_type(candidates[0]):
        return candidates
    floor = ratio * candidates[0].score
    home = pool[candidates[0].passage].doc_id
    typed = next((c for c in candidates if (c.score >= floor or intent.asks_number and pool[c.passage].doc_id == home)
                  and has_type(c)), None)
    if typed is None:
        return candidates
    return [typed, *(c for c in candidates if c is not typed)]


def strip_bullet(text: str, start: int, end: int) -> tuple[int, int]:
    """Quote an item without its leading bullet or number (still a verbatim span)."""
    m = BULLET.match(text[start:end])
    if m and start + m.end() < end:
        start += m.end()
    return start, end


def is_field(line: str, words: int) -> bool:
    """A form's field to fill in: a label ending in ':' with nothing after it, not a list's item (no bullet
    or number) — "Ngày cấp:", "Vốn điều lệ đã đăng ký:". A lead-in whose first follower is one is a field
    too: the lines below it are its sibling fields, which were quoted as its items (opened questions on
    a capital-change notice answered "Nơi cấp: … Nơi đăng ký hộ khẩu thường trú: …"). A label of more than
    ``words`` words (``answer.field_words``) is a sentence announcing a list."""
    line = line.strip()
    return line.endswith(":") and not BULLET.match(line) and len(line.split()) <= words


# The place-and-date line a form leaves blank ("…………, ngày……tháng……năm……") or one filled in: the
# signature block begins, which is not an item of the list above it.
_BLANK_PLACE_DATE = re.compile(r"^[\s.…_]*,?\s*ngày[\s.…_\d]*tháng[\s.…_\d]*năm", re.IGNORECASE)


def is_signing_line(line: str) -> bool:
    """Where a text's signature block begins (:data:`_BLANK_PLACE_DATE`, or a filled place-and-date line)."""
    return bool(_BLANK_PLACE_DATE.match(line)) or is_place_date_line(line)


# A dashed or lettered item ("- Thiết bị AT-VSLĐ", "a) Giấy khen"): short and unpunctuated, yet an
# item of the list above it, not a heading that closes it (a form's cost lines, a text's categories).
_SHORT_ITEM = re.compile(r"\s*(?:[-–•+*]|[a-zđ]\))\s")


def list_followers(passage: Passage, best: SentenceCandidate, limit: int, field_words: int) -> list[tuple[int, int]]:
    """Items that follow a sentence ending in ':' (or the items of a ';' list) in its passage.

    The items end where the lead-in's section ends: a following section that is not inside
    it (its citation label does not extend the lead-in's) or a heading closes the list.
    """
    text = passage.text
    sentence = text[best.start:best.end].rstrip()
    spans: list[tuple[int, int]] = []
    if is_lead_in(sentence):
        lead_label = label_without_page(locate_section(passage, best.start)[1])
        run = numbered_run(passage, best.end)
        for start, end in split_sentences(text):
            if start < best.end:
                continue
            item = text[start:end]
            if not spans and is_field(item, field_words):
                break  # "Nơi cấp:" then "Nơi đăng ký hộ khẩu thường trú:": a form's fields, not a list and its items
            inside = label_without_page(locate_section(passage, start)[1]).endswith(lead_label) or (
                run is not None and run[0] <= start < run[1])
            heading = is_heading(item) and not _SHORT_ITEM.match(item)
            if len(spans) >= limit or heading or not inside or is_signing_line(item):
                break
            spans.append((start, end))
    elif sentence.count(";") >= 2:
        spans = [s for s in split_list_items(text, best.start, best.end)][:limit]
        return spans
    return spans


# A group heading of a form or a list: "A. Thành viên hợp danh", "II. Chi ngân sách", "3. Hệ tiêu hóa".
_GROUP = re.compile(r"\s*(?P<mark>[A-HK-ZĐ]|[IVX]{1,4}|\d{1,2})[.)]\s+\S")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _next_mark(mark: str) -> str:
    """The next mark of a run: "2" after "1", "II" after "I" (or "IV"), "B" after "A"."""
    if mark.isdigit():
        return _successor(mark)
    if mark in _ROMAN and (len(mark) > 1 or mark == "I"):
        at = _ROMAN.index(mark) + 1
        return _ROMAN[at] if at < len(_ROMAN) else ""
    return chr(ord(mark) + 1) if len(mark) == 1 and "A" <= mark < "Z" else ""


def group_headings(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """The headings that follow the heading ``text[start:end]`` as its next siblings, each with
    nothing but blank lines before it — "A. Thành viên hợp danh" / "B. Thành viên góp vốn (nếu có)":
    a form's groups, which "danh sách … chia thành những nhóm nào" asks for (eight opened questions
    on one form were answered from its notes; headings are otherwise never quoted). Empty unless
    a sibling follows."""
    first = text[start:end].strip()
    m = _GROUP.match(first)
    if m is None or "\n" in first or not is_heading(first):
        return []
    expected, out = _next_mark(m.group("mark")), []
    for a, b in line_spans(text):
        line = text[a:b].strip()
        if a < end or not line:
            continue
        n = _GROUP.match(line)
        if n is None or n.group("mark") != expected or not is_heading(line) or len(out) >= limit:
            break
        at = text.index(line, a)
        out.append((at, at + len(line)))
        expected = _next_mark(n.group("mark"))
    return out


# A numbered section's own number: "3.1" → ("3.", "1"), "b" → ("", "b"), "12" → ("", "12").
_SECTION_NUMBER = re.compile(r"^(?P<prefix>(?:\d+\.)*)(?P<last>\d+|[a-zđ])$")


_POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"  # Vietnamese points: no f, j, w; đ after d


def _successor(last: str) -> str:
    if last.isdigit():
        return str(int(last) + 1)
    at = _POINT_LETTERS.find(last)
    return _POINT_LETTERS[at + 1] if 0 <= at < len(_POINT_LETTERS) - 1 else ""


def numbered_run(passage: Passage, after: int) -> tuple[int, int] | None:
    """(start, end) offsets of a run of numbered items that opens right after a lead-in
    ending at ``after`` — "3.1 …", "3.2 …" or "a) …", "b) …" — whose sections the document's
    parse did not nest inside the lead-in's (the lead-in "… các điều kiện sau:" sits in Phần I,
    its items were read as sections "3.1", "3.2" of their own). A run begins at its first
    number (1 or a) and goes on while each section is the next number of the same prefix; None
    when no run opens there. The items of a lead-in are its own, nested or not."""
    following = [(offset, section) for offset, section, _label in passage.spans if offset >= after]
    if not following or passage.text[after:following[0][0]].strip():
        return None
    first = _SECTION_NUMBER.match(str(following[0][1]).strip().lower())
    if first is None or first.group("last") not in ("1", "a"):
        return None
    expected, end, previous = first.group("last"), len(passage.text), None
    for offset, section in following:
        if section == previous:
            continue  # the same section again at a page's start
        previous = section
        m = _SECTION_NUMBER.match(str(section).strip().lower())
        if m is None or m.group("prefix") != first.group("prefix") or m.group("last") != expected:
            end = offset
            break
        expected = _successor(expected)
    return following[0][0], end


def _local_heading(passage: Passage, start: int) -> str:
    """The heading line of the numbered section a sentence is in, when it is a heading line
    of its own ("Điều 13. Hồ sơ đăng ký kinh doanh"): it names what the section lists."""
    heading_at = 0
    for offset, _section, _label in passage.spans:
        if offset <= start:
            heading_at = offset
        else:
            break
    if heading_at >= start:
        return ""
    line = passage.text[heading_at:start].split("\n", 1)[0]
    return line if is_heading(line) else ""
