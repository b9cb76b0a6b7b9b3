"""Article drafts ("soạn bài") made of verbatim quotations from the documents.

Propaganda staff publish these drafts without re-checking every line, so the composer
writes no fact of its own: every statement is a direct quotation “…” copied from a
retrieved passage and followed by its marker ``[n]``; the text around the quotations is a
small fixed set of connectives ("Về chỉ tiêu, … nêu rõ:") that names the source formally
and carries no figure. :func:`verify_draft` checks exactly that, and
:func:`compose_draft` only returns drafts it passes.

Steps: sub-queries (the topic, plus the generic aspects of a policy document phrased
around the topic) → candidate sentences of citable passages → scores (weighted overlap
with the topic, the aspect's cue words, optional embedding cosine) → sections → text.
The optional generator path (:mod:`qa.draft_generate` style, here :func:`compose_generated`)
lets a chat model write the same structure; :func:`check_generated` keeps only sentences
whose quotations are verbatim spans of the passage they cite.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Callable

from common.errors import ConfigError
from common.types import CITABLE_KINDS, STATUS_DIGEST, STATUS_METADATA_ONLY
from ingest.sentences import split_list_items, split_sentences
from ingest.textnorm import fold_accents, index_form, syllables
from qa.types import Citation, Draft, DraftParagraph, DraftSection, Passage

Search = Callable[[str, int], list[Passage]]
Embed = Callable[[list[str]], list[list[float]]]

ARTICLE, OUTLINE, BRIEF = "bài viết", "đề cương tuyên truyền", "tin ngắn"
_FORMS = {"bai viet": ARTICLE, "bai": ARTICLE, "de cuong tuyen truyen": OUTLINE, "de cuong": OUTLINE,
          "tin ngan": BRIEF, "tin": BRIEF}
_LENGTHS = {"short": "short", "ngan": "short", "medium": "medium", "vua": "medium", "trung binh": "medium",
            "long": "long", "dai": "long"}
# length → (content sections, most quotes per section)
_PLAN = {"short": (3, 2), "medium": (4, 3), "long": (5, 4)}
NO_MATERIAL = "Không tìm thấy nội dung phù hợp với chủ đề này trong các văn bản đã nạp."
_CLOSING_TEXT = ("Trên đây là những nội dung chính, được trích dẫn nguyên văn từ các văn bản nêu trên, "
                 "phục vụ công tác tuyên truyền.")
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


@dataclass(frozen=True)
class Role:
    """One aspect of a policy document a section is about (generic, never document-specific)."""

    key: str
    heading: str
    query: str  # words added to the topic's core for this aspect's sub-query
    cues: tuple[str, ...]  # phrases (index form) typical of sentences of this aspect
    opener: str  # first connective of the section; {doc} = the source's formal name


ROLES = (
    Role("status", "Tình hình thực hiện", "kết quả thực trạng hạn chế",
         ("kết quả", "đạt được", "chuyển biến", "nâng lên", "tuy nhiên", "hạn chế", "còn", "chưa",
          "tình hình", "thực trạng", "tiến bộ", "xuống cấp", "mặc dù"),
         "Về tình hình thực hiện, {doc} nêu:"),
    Role("views", "Quan điểm, mục tiêu", "quan điểm mục tiêu",
         ("quan điểm", "mục tiêu", "xác định", "coi là", "được coi", "phương châm", "vai trò", "ý nghĩa",
          "phát triển bền vững", "quyền lợi", "nghĩa vụ", "nhận thức"),
         "Về quan điểm, mục tiêu, {doc} khẳng định:"),
    Role("targets", "Những chỉ tiêu cụ thể", "chỉ tiêu tỷ lệ đến năm",
         ("chỉ tiêu", "tỷ lệ", "đến năm", "phấn đấu", "đạt"),
         "Về các chỉ tiêu cụ thể, {doc} nêu rõ:"),
    Role("tasks", "Nhiệm vụ, giải pháp", "nhiệm vụ giải pháp",
         ("tăng cường", "đẩy mạnh", "nâng cao", "đổi mới", "chú trọng", "triển khai", "giải pháp", "nhiệm vụ",
          "khuyến khích", "xử lý nghiêm", "huy động", "đa dạng hóa", "tuyên truyền", "xã hội hóa"),
         "Về nhiệm vụ, giải pháp, {doc} nêu rõ:"),
    Role("duties", "Trách nhiệm của các cấp, các ngành", "trách nhiệm cơ quan chủ trì phối hợp",
         ("trách nhiệm", "chỉ đạo", "chủ trì", "phối hợp", "tham mưu", "cấp ủy", "chính quyền",
          "ủy ban", "mặt trận", "đoàn thể", "cơ quan", "người đứng đầu", "hội đồng"),
         "Về trách nhiệm thực hiện, {doc} nêu rõ:"),
)
GENERAL = Role("general", "Những nội dung chủ yếu", "", (), "{doc} nêu rõ:")
_CLOSING_CUES = ("mọi", "toàn dân", "cộng đồng", "ý thức", "nhân dân", "chung sức", "góp phần", "văn minh")
_SAME_DOC = ("Văn bản cũng nêu rõ:", "Cũng theo văn bản này:", "Đáng chú ý, văn bản nêu:")
_OTHER_DOC = ("Bên cạnh đó, {doc} nêu:", "Cùng với đó, {doc} nêu rõ:", "Trong đó, đáng chú ý là nội dung của {doc}:")
# Words that name the genre or occasion, not the content: dropped from the title and queries.
_GENRE_PREFIX = re.compile(r"^\s*(?:(?:viết|soạn)\s+)?(?:bài\s+viết|bài|đề\s+cương(?:\s+tuyên\s+truyền)?|tin\s+ngắn|"
                           r"tuyên\s+truyền)?\s*(?:về\s+)?", re.IGNORECASE)
_STOP = set("của và trong các những về với cho đối là được có để từ theo tại thì này đó một khi"
            " như ở đến trên dưới bằng do vì mà nên sẽ đã đang việc".split())
_OUTLINE_MARK = re.compile(r"(?:[-+•–]\s*|(?:\d+(?:\.\d+)*|[IVXLC]+)[.)\-]\s*|\(?[a-zđ\d]\)\s*)+")
_MARKER = re.compile(r"\[(\d+)\]")
_FIGURE = re.compile(r"\d")


# --- names ------------------------------------------------------------------------------------


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


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def display_quote(quote: str) -> str:
    """The quote as printed: its own characters, with line breaks and runs of spaces as one space."""
    return " ".join(quote.split())


def topic_core(topic: str) -> str:
    """The topic without genre words ("tuyên truyền về", "bài viết về"): what the draft is about."""
    core = _GENRE_PREFIX.sub("", topic.strip(), count=1).strip()
    return core or topic.strip()


def _choice(table: dict[str, str], value: str, what: str) -> str:
    key = fold_accents(index_form(value.strip()))
    if key not in table:
        raise ConfigError(f"{what} không hợp lệ: {value!r}")
    return table[key]


# --- candidates and scores ----------------------------------------------------------------------


@dataclass(eq=False)
class _Candidate:
    passage: Passage
    start: int
    end: int
    terms: set[str]
    words: str  # " syllable syllable … " for cue phrases
    context: set[str]  # terms of the issuer and section heading: "Bộ Chính trị", "QUAN ĐIỂM"
    lex: float = 0.0
    dense: float = 0.0
    best_rank: int = 99
    cues: dict[str, float] = field(default_factory=dict)

    @property
    def quote(self) -> str:
        return self.passage.text[self.start:self.end]


def _terms(text: str, folded: bool) -> tuple[set[str], list[str]]:
    words = syllables(text)
    sylls = [fold_accents(s) for s in words] if folded else words
    return set(sylls) | {f"{a} {b}" for a, b in zip(sylls, sylls[1:])}, words


def _trim_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop an outline marker ("2.1.", "- ") before and ";", "," or a final "." after: still verbatim."""
    m = _OUTLINE_MARK.match(text, start)
    if m and m.end() < end:
        start = m.end()
    if text[start:end].rstrip().endswith(":"):
        return None  # a lead-in ("… yêu cầu:") says nothing by itself
    if text[start:end].endswith("./."):
        end -= 3
    while end > start and (text[end - 1] in ";, \n\t" or (
            text[end - 1] == "." and text[end - 2] != "." and not re.search(r"(?:^|\s)(?:\w\.)+$", text[start:end]))):
        end -= 1
    return (start, end) if end - start >= 40 else None


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for s, e in split_sentences(text):
        # An over-long list sentence: its first item still opens the sentence; later ones are fragments.
        pieces = split_list_items(text, s, e)[:1] if e - s > 480 else [(s, e)]
        for ps, pe in pieces:
            trimmed = _trim_span(text, ps, pe)
            if trimmed and trimmed[1] - trimmed[0] <= 480 and not _MARKER.search(text, *trimmed) \
                    and not text[trimmed[0]].islower():  # a lower-case start is a fragment of a sentence
                letters = [ch for ch in text[trimmed[0]:trimmed[1]] if ch.isalpha()]
                if sum(ch.isupper() for ch in letters) <= 0.4 * len(letters):  # not a heading
                    spans.append(trimmed)
    return spans


def _citable(p: Passage) -> bool:
    return p.kind in CITABLE_KINDS and p.status != STATUS_METADATA_ONLY and bool(p.text.strip())


def _gather(topic: str, search: Search, k: int) -> tuple[list[tuple[Role | None, str]], list[_Candidate]]:
    core = topic_core(topic)
    folded = fold_accents(topic) == topic
    queries: list[tuple[Role | None, str]] = [(None, topic)] + [(r, f"{core} {r.query}") for r in ROLES]
    seen: dict[tuple[str, int], _Candidate] = {}
    for rank_q, (_, query) in enumerate(queries):
        for rank, p in enumerate(search(query, k)):
            if not _citable(p):
                continue
            for s, e in _sentence_spans(p.text):
                c = seen.get((p.chunk_id, s))
                if c is None:
                    terms, sylls = _terms(p.text[s:e], folded)
                    context, _ = _terms(f"{p.issuer or ''} . {p.section_title}", folded)
                    c = seen[(p.chunk_id, s)] = _Candidate(p, s, e, terms, " " + " ".join(sylls) + " ", context)
                c.best_rank = min(c.best_rank, rank + (0 if rank_q == 0 else 2))
    return queries, list(seen.values())


def _score(topic: str, pool: list[_Candidate], embed: Embed | None) -> None:
    """Fill ``lex`` (IDF-weighted topic coverage), ``cues`` per role and ``dense``."""
    folded = fold_accents(topic) == topic
    terms, sylls = _terms(topic_core(topic), folded)
    terms = {t for t in terms if t not in _STOP and not all(w in _STOP for w in t.split())}
    n = len(pool)
    weight = {t: math.log((n + 1) / (sum(t in c.terms for c in pool) + 0.5)) for t in terms}
    # The topic's defining words are in most retrieved sentences, so plain IDF would mute them:
    # every term keeps at least 40% of the rarest term's weight.
    floor = 0.4 * max(weight.values(), default=0.0)
    weight = {t: max(w, floor) for t, w in weight.items() if w > 0}
    total = sum(weight.values()) or 1.0
    topic_words = " " + " ".join(sylls) + " "
    for c in pool:
        c.lex = sum(w if t in c.terms else 0.5 * w if t in c.context else 0.0 for t, w in weight.items()) / total
        title = " " + " ".join(syllables(c.passage.section_title)) + " "
        for role in ROLES:
            cues = [index_form(cue) for cue in role.cues if f" {index_form(cue)} " not in topic_words]
            hits = sum(f" {cue} " in c.words for cue in cues)
            score = min(hits, 2) / 2 + (0.5 if any(f" {cue} " in title for cue in cues) else 0.0)
            if role.key == "targets" and not re.search(r"\d+(?:,\d+)?\s?%|năm \d{4}", c.quote):
                score = 0.0
            c.cues[role.key] = score
        c.cues["closing"] = min(sum(f" {cue} " in c.words for cue in _CLOSING_CUES), 2) / 2
    if embed and pool:
        ranked = sorted(pool, key=lambda c: -c.lex)[:48]
        vectors = embed([topic] + [display_quote(c.quote) for c in ranked])
        cos = [_cosine(vectors[0], v) for v in vectors[1:]]
        lo, hi = min(cos), max(cos)
        for c, value in zip(ranked, cos):
            c.dense = (value - lo) / (hi - lo) if hi > lo else 0.0


def _cosine(a: list[float], b: list[float]) -> float:
    na, nb = math.sqrt(sum(x * x for x in a)), math.sqrt(sum(x * x for x in b))
    return sum(x * y for x, y in zip(a, b)) / (na * nb) if na and nb else 0.0


def _value(c: _Candidate, role_key: str | None, dense: bool) -> float:
    base = (0.5 * c.lex + 0.25 * c.dense) if dense else 0.7 * c.lex
    cue = c.cues.get(role_key, 0.0) if role_key else 0.0
    length = len(c.quote)
    shape = 0.05 if 80 <= length <= 320 else 0.0
    return base + 0.3 * cue + shape + 0.04 / (1 + c.best_rank) - (0.03 if c.passage.status == STATUS_DIGEST else 0)


def _eligible(c: _Candidate, role_key: str | None) -> bool:
    topical = c.lex >= 0.2 or (c.lex > 0 and c.dense >= 0.75)
    if role_key in (None, "general"):
        return topical
    best = max(c.cues.get(r.key, 0.0) for r in ROLES)  # a sentence belongs to its most typical aspect
    return topical and c.cues.get(role_key, 0.0) > 0 and c.cues[role_key] >= best


def _similar(c: _Candidate, chosen: list[_Candidate]) -> bool:
    return any(len(c.terms & o.terms) / max(1, len(c.terms | o.terms)) > 0.6 for o in chosen)


# --- selection ----------------------------------------------------------------------------------


@dataclass
class _Plan:
    lead: _Candidate | None
    sections: list[tuple[Role, list[_Candidate]]]
    closing: _Candidate | None


def _select(pool: list[_Candidate], form: str, length: str, dense: bool) -> _Plan:
    """Pick the lead quote, the sections (strongest aspects, shown in a fixed order) and a closing quote."""
    n_sections, per_section = _PLAN[length]
    topical = sorted((c for c in pool if _eligible(c, None)), key=lambda c: -_value(c, None, dense))
    if not topical or topical[0].lex < 0.35:  # nothing squarely on the topic: say so, do not pad
        return _Plan(None, [], None)
    chosen = [topical[0]]

    def fresh(c: _Candidate) -> bool:
        return not any(c is o for o in chosen) and not _similar(c, chosen)

    if form == BRIEF:
        picks = [c for c in topical[1:] if fresh(c) and (chosen.append(c) or True)][: per_section - 1 or 1]
        return _Plan(topical[0], [(GENERAL, picks)] if picks else [], None)
    ranked = {r.key: sorted((c for c in pool if _eligible(c, r.key)), key=lambda c: -_value(c, r.key, dense))
              for r in ROLES}
    strength = {k: sum(_value(c, k, dense) for c in v[:2]) for k, v in ranked.items() if v}
    order = sorted(strength, key=lambda k: -strength[k])[:n_sections]
    assigned: dict[str, list[_Candidate]] = {k: [] for k in order}
    for round_ in range(per_section):
        for key in order:
            for c in ranked[key]:
                if not fresh(c):
                    continue
                if round_ and _value(c, key, dense) < 0.6 * _value(assigned[key][0], key, dense):
                    break  # no padding with weak quotes
                assigned[key].append(c)
                chosen.append(c)
                break
    sections = [(r, assigned[r.key]) for r in ROLES if assigned.get(r.key)]
    if len(sections) < min(3, n_sections):
        extra = [c for c in topical if fresh(c) and (chosen.append(c) or True)][:per_section]
        if extra:
            sections.append((GENERAL, extra))
    closers = [c for c in topical if fresh(c) and c.cues["closing"] > 0]
    return _Plan(topical[0], sections, closers[0] if closers else None)


def _reading_order(quotes: list[_Candidate]) -> list[list[_Candidate]]:
    """Group a section's quotes by document (strongest first), each group in reading order."""
    groups: dict[str, list[_Candidate]] = {}
    for c in quotes:
        groups.setdefault(c.passage.doc_id, []).append(c)

    def position(c: _Candidate) -> tuple[int, int]:
        m = re.search(r"#(\d+)", c.passage.chunk_id)
        return (int(m[1]) if m else c.passage.rank, c.start)

    return [sorted(g, key=position) for g in groups.values()]


# --- writing ------------------------------------------------------------------------------------


class _Writer:
    """Numbers citations in order of first use and names each document fully once, then briefly."""

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self._named: set[str] = set()

    def quote(self, c: _Candidate) -> tuple[str, int]:
        p = c.passage
        n = len(self.citations) + 1
        self.citations.append(Citation(
            n=n, doc_id=p.doc_id, doc_number=p.doc_number, doc_type=p.doc_type, issued_date=p.issued_date,
            issuer=p.issuer, citation_label=p.citation_label, section=p.section, quote=c.quote,
            passage=p.text, source_path=p.source_path, status=p.status, quote_start=c.start, quote_end=c.end))
        return f"“{display_quote(c.quote)}” [{n}].", n

    def name(self, c: _Candidate) -> str:
        p = c.passage
        probe = Citation(0, p.doc_id, p.doc_number, p.doc_type, p.issued_date, p.issuer, p.citation_label,
                         p.section, "", "", p.source_path, p.status)
        full, short = document_names(probe)
        first = p.doc_id not in self._named
        self._named.add(p.doc_id)
        return full if first else short


def _article_section(w: _Writer, role: Role, quotes: list[_Candidate]) -> list[DraftParagraph]:
    paragraphs: list[DraftParagraph] = []
    for g, group in enumerate(_reading_order(quotes)):
        for i in range(0, len(group), 2):
            pair = group[i:i + 2]
            name = w.name(pair[0])
            if g == 0 and i == 0:
                intro = _cap(role.opener.format(doc=name))
            elif i == 0:
                intro = _OTHER_DOC[g % len(_OTHER_DOC)].format(doc=name)
            else:
                intro = _SAME_DOC[(i // 2) % len(_SAME_DOC)]
            text, n = w.quote(pair[0])
            parts, cites = [f"{intro} {text}"], [n]
            if len(pair) > 1:
                text, n = w.quote(pair[1])
                parts.append(f"{_SAME_DOC[(i // 2 + g) % len(_SAME_DOC)]} {text}")
                cites.append(n)
            paragraphs.append(DraftParagraph(" ".join(parts), cites))
    return paragraphs


def _outline_section(w: _Writer, quotes: list[_Candidate]) -> list[DraftParagraph]:
    paragraphs: list[DraftParagraph] = []
    for j, group in enumerate(_reading_order(quotes), start=1):
        paragraphs.append(DraftParagraph(f"{j}. {_cap(w.name(group[0]))} nêu rõ:", []))
        for c in group:
            text, n = w.quote(c)
            paragraphs.append(DraftParagraph(f"- {text}", [n]))
    return paragraphs


def _write(topic: str, plan: _Plan, form: str, length: str) -> Draft:
    core = _cap(topic_core(topic))
    title = f"Đề cương tuyên truyền: {core}" if form == OUTLINE else core
    if plan.lead is None:
        return Draft(topic=topic, title=title, lead=NO_MATERIAL, sections=[], citations=[], form=form, length=length)
    w = _Writer()
    name = w.name(plan.lead)
    text, _ = w.quote(plan.lead)
    lead = f"{_cap(name)} nêu rõ: {text}"
    if form != BRIEF:
        what = "Đề cương tổng hợp" if form == OUTLINE else "Bài viết"
        lead += f" {what} trích dẫn nguyên văn những nội dung chính của các văn bản liên quan, phục vụ công tác tuyên truyền."
    sections: list[DraftSection] = []
    for i, (role, quotes) in enumerate(plan.sections):
        if form == OUTLINE:
            sections.append(DraftSection(f"{_ROMAN[i]}. {role.heading.upper()}", _outline_section(w, quotes)))
        else:
            sections.append(DraftSection(role.heading, _article_section(w, role, quotes)))
    if form != BRIEF and sections:
        closing: list[DraftParagraph] = []
        if plan.closing is not None:
            name = w.name(plan.closing)
            text, n = w.quote(plan.closing)
            closing.append(DraftParagraph(f"Như {name} đã khẳng định: {text}", [n]))
        closing.append(DraftParagraph(_CLOSING_TEXT, []))
        heading = f"{_ROMAN[len(sections)]}. KẾT LUẬN" if form == OUTLINE else "Kết luận"
        sections.append(DraftSection(heading, closing))
    return Draft(topic=topic, title=title, lead=lead, sections=sections, citations=w.citations,
                 form=form, length=length)


def compose_draft(
    topic: str,
    search: Search,
    *,
    length: str = "medium",
    form: str = ARTICLE,
    embed: Embed | None = None,
    generate: Callable[[str], str] | None = None,
) -> Draft:
    """Compose a draft on ``topic`` from the passages ``search(query, k)`` returns.

    :param search: the retriever, already restricted to the user's documents.
    :param length: short/medium/long (ngắn/vừa/dài): 3, 4 or 5 sections before the closing.
    :param form: "bài viết", "đề cương tuyên truyền" (numbered outline) or "tin ngắn" (one section).
    :param embed: optional sentence embedder; its cosine to the topic joins the lexical score.
    :param generate: optional chat model; its text is kept only where it quotes verbatim
        (see :func:`check_generated`), else the extractive draft is returned.
    :returns: a draft for which :func:`verify_draft` returns no problem.
    :raises ConfigError: unknown length or form.
    """
    length = _choice(_LENGTHS, length, "Độ dài")
    form = _choice(_FORMS, form, "Thể loại")
    _, pool = _gather(topic, search, 12 if length == "long" else 8)
    _score(topic, pool, embed)
    plan = _select(pool, form, length, embed is not None)
    draft = _write(topic, plan, form, length)
    if generate is not None and plan.lead is not None:
        generated = compose_generated(topic, plan, generate, form=form, length=length)
        if generated is not None:
            draft = generated
    problems = verify_draft(draft)
    if problems:  # construction guarantees none; a problem here is a bug, never a draft to publish
        raise RuntimeError("Bản thảo không qua kiểm tra trích dẫn: " + "; ".join(problems))
    return draft


# --- verification -------------------------------------------------------------------------------


def _connective(text: str, citations: dict[int, Citation], names: list[str]) -> tuple[str, list[str]]:
    """``text`` without its quotations, markers and document names; and the problems found."""
    problems: list[str] = []
    for n in _MARKER.findall(text):
        c = citations.get(int(n))
        if c is None:
            problems.append(f"dấu [{n}] không có trích dẫn tương ứng")
            continue
        quoted = f"“{display_quote(c.quote)}” [{n}]"
        if quoted not in text:
            problems.append(f"[{n}] không đứng sau câu trích nguyên văn trong ngoặc kép")
        text = text.replace(quoted, " ")
    text = _MARKER.sub(" ", text)
    for name in names:
        text = text.replace(name, " ")
    if "“" in text or "”" in text:
        problems.append("có đoạn trong ngoặc kép không kèm dấu trích dẫn")
    return text, problems


def verify_draft(draft: Draft) -> list[str]:
    """Problems that would make the draft unsafe to publish (Vietnamese, one line each); [] when sound.

    Checks: each citation's quote is the verbatim span ``passage[quote_start:quote_end]`` and
    not from a metadata-only document; numbering follows first use; every marker has a citation
    and stands right after its quotation; no figure (digit) outside quotations except in document
    names and outline numbers (and, in the title, the user's own topic).
    """
    problems: list[str] = []
    by_n = {c.n: c for c in draft.citations}
    names = sorted({x for c in draft.citations for x in (*document_names(c), c.citation_label)
                    for x in (x, _cap(x))}, key=len, reverse=True)
    for c in draft.citations:
        if not c.quote.strip() or c.passage[c.quote_start:c.quote_end] != c.quote:
            problems.append(f"[{c.n}] câu trích không phải nguyên văn của đoạn nguồn")
        if c.status == STATUS_METADATA_ONLY:
            problems.append(f"[{c.n}] trích từ văn bản chỉ có thông tin mô tả")
    texts: list[tuple[str, str, list[int] | None]] = [("nhan đề", draft.title, None), ("sapo", draft.lead, None)]
    for s in draft.sections:
        texts.append((f"tiêu đề “{s.heading}”", s.heading, None))
        texts.extend((f"phần “{s.heading}”", p.text, p.citations) for p in s.paragraphs)
    first_use: list[int] = []
    for where, text, declared in texts:
        markers = [int(n) for n in _MARKER.findall(text)]
        first_use.extend(n for n in markers if n not in first_use)
        if declared is not None and sorted(set(markers)) != sorted(set(declared)):
            problems.append(f"{where}: danh sách trích dẫn không khớp các dấu [n] trong đoạn")
        rest, found = _connective(text, by_n, names)
        problems.extend(f"{where}: {p}" for p in found)
        rest = rest.strip()
        mark = _OUTLINE_MARK.match(rest)
        rest = rest[mark.end():] if mark else rest
        if where == "nhan đề":
            rest = re.sub(r"\d+", lambda m: "" if m[0] in draft.topic else m[0], rest)
        if _FIGURE.search(rest):
            problems.append(f"{where}: có số liệu nằm ngoài câu trích dẫn")
    if first_use != [c.n for c in draft.citations]:
        problems.append("trích dẫn không được đánh số theo thứ tự xuất hiện hoặc có trích dẫn không dùng")
    return problems


# --- optional generator path --------------------------------------------------------------------

_QUOTED = re.compile(r"“(.*?)”\s*\[(\d+)\]")
_PROMPT = """Bạn là biên tập viên của ban tuyên giáo. Viết {form} (độ dài: {length}) về chủ đề: {topic}.
Chỉ dùng các trích đoạn đánh số dưới đây. Mọi câu nêu sự kiện, số liệu, chỉ tiêu, cơ quan chịu trách nhiệm
phải là trích dẫn NGUYÊN VĂN đặt trong ngoặc kép “…” và theo sau là số nguồn, ví dụ: “…” [2].
Lời dẫn của bạn nêu tên văn bản, không được thêm số liệu hay thông tin nào khác.
Định dạng: dòng đầu "# <nhan đề>", rồi một đoạn sapo, rồi 3–5 phần, mỗi phần mở đầu bằng "## <tiêu đề>".

{sources}
"""


def _locate(quote: str, passage: str) -> tuple[int, int] | None:
    words = quote.split()
    m = re.search(r"\s+".join(map(re.escape, words)), passage) if words else None
    return (m.start(), m.end()) if m else None


def _units(line: str) -> list[str]:
    """Sentences of a generated line, never cut inside a quotation."""
    units, depth, start = [], 0, 0
    for i, ch in enumerate(line):
        depth += (ch == "“") - (ch == "”")
        if ch in ".!?:" and depth <= 0 and (i + 1 == len(line) or line[i + 1].isspace()):
            units.append(line[start:i + 1].strip())
            start = i + 1
    return [u for u in units + [line[start:].strip()] if u]


def check_generated(text: str, citations: list[Citation]) -> tuple[str, list[str]]:
    """Keep what the passages support: sentences whose every ``“…” [n]`` is verbatim in passage n.

    A sentence is dropped (and flagged) when a quotation is not a span of the passage it cites,
    when it has a marker without a quotation, a figure or a statement outside quotations (only
    headings and lead-ins ending in ":" may stand without one).

    :returns: the kept text (same lines, dropped sentences removed) and one flag per dropped sentence.
    """
    by_n = {c.n: c for c in citations}
    names = sorted({x for c in citations for x in (*document_names(c), c.citation_label) for x in (x, _cap(x))},
                   key=len, reverse=True)
    kept_lines, flags = [], []
    for line in text.splitlines():
        if line.startswith("#"):
            if _MARKER.search(line) or "“" in line:
                flags.append(f"Tiêu đề có trích dẫn, bị loại: {line}")
            else:
                kept_lines.append(line)
            continue
        kept = []
        for unit in _units(line):
            quotes = _QUOTED.findall(unit)
            ok = all(int(n) in by_n and _locate(q, by_n[int(n)].passage) for q, n in quotes)
            rest = _QUOTED.sub(" ", unit)
            for name in names:
                rest = rest.replace(name, " ")
            ok = ok and not _MARKER.search(rest) and "“" not in rest and not _FIGURE.search(rest)
            ok = ok and (bool(quotes) or unit.endswith(":"))
            if ok:
                kept.append(unit)
            else:
                flags.append(f"Câu không được nguồn trích dẫn hỗ trợ, bị loại: {unit}")
        if kept and not all(u.endswith(":") for u in kept):
            kept_lines.append(" ".join(kept))
    return "\n".join(kept_lines), flags


def compose_generated(topic: str, plan: _Plan, generate: Callable[[str], str], *, form: str,
                      length: str) -> Draft | None:
    """Let ``generate`` write the draft from the plan's numbered passages; None when nothing survives."""
    chosen = [plan.lead, *(c for _, quotes in plan.sections for c in quotes)] + ([plan.closing] if plan.closing else [])
    w = _Writer()
    lines = []
    for c in chosen:
        name = w.name(c)
        w.quote(c)
        lines.append(f"[{len(w.citations)}] {_cap(name)}: “{display_quote(c.quote)}”")
    prompt = _PROMPT.format(form=form, length=length, topic=topic, sources="\n".join(lines))
    kept, _ = check_generated(generate(prompt), w.citations)
    sources, out = w.citations, _Writer()
    renumber: dict[int, int] = {}

    def requote(m: re.Match[str]) -> str:
        src = sources[int(m[2]) - 1]
        start, end = _locate(m[1], src.passage)
        n = len(out.citations) + 1
        out.citations.append(replace(src, n=n, quote=src.passage[start:end], quote_start=start, quote_end=end))
        renumber[n] = n
        return f"“{display_quote(src.passage[start:end])}” [{n}]"

    title, lead, sections = _cap(topic_core(topic)), [], []
    for line in kept.splitlines():
        if line.startswith("## "):
            sections.append(DraftSection(line[3:].strip(), []))
        elif line.startswith("# "):
            title = line[2:].strip() if not _FIGURE.search(line) else title
        elif line.strip():
            text = _QUOTED.sub(requote, line.strip())
            cites = [int(n) for n in _MARKER.findall(text)]
            (sections[-1].paragraphs.append(DraftParagraph(text, cites)) if sections else lead.append(text))
    sections = [s for s in sections if s.paragraphs]
    if not sections:
        return None
    return Draft(topic=topic, title=title, lead=" ".join(lead), sections=sections, citations=out.citations,
                 form=form, length=length)
