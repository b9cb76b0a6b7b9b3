"""Which quotations a draft is made of: aspects, candidate sentences, their scores, the plan.

Sub-queries (the topic, plus the generic aspects of a policy document phrased around it) →
candidate sentences of citable passages → scores (weighted overlap with the topic, the
aspect's cue words, optional embedding cosine) → a :class:`_Plan`: the lead quotation, the
sections (strongest aspects, fixed order) and a closing quotation. No text is written here
(:mod:`qa.draft_write` does that); split from :mod:`qa.draft`, which re-exports the public names.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Callable

from common.types import CITABLE_KINDS, STATUS_DIGEST, STATUS_METADATA_ONLY
from ingest.sentences import split_list_items, split_sentences
from ingest.textnorm import fold_accents, index_form, syllables
from qa.draft_verify import _MARKER, _OUTLINE_MARK, display_quote
from qa.types import Passage


Search = Callable[[str, int], list[Passage]]
Embed = Callable[[list[str]], list[list[float]]]

ARTICLE, OUTLINE, BRIEF = "bài viết", "đề cương tuyên truyền", "tin ngắn"
# length → (content sections, most quotes per section)
_PLAN = {"short": (3, 2), "medium": (4, 3), "long": (5, 4)}


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
# Words that name the genre or occasion, not the content: dropped from the title and queries.
_GENRE_PREFIX = re.compile(r"^\s*(?:(?:viết|soạn)\s+)?(?:bài\s+viết|bài|đề\s+cương(?:\s+tuyên\s+truyền)?|tin\s+ngắn|"
                           r"tuyên\s+truyền)?\s*(?:về\s+)?", re.IGNORECASE)
_STOP = set("của và trong các những về với cho đối là được có để từ theo tại thì này đó một khi"
            " như ở đến trên dưới bằng do vì mà nên sẽ đã đang việc".split())


def topic_core(topic: str) -> str:
    """The topic without genre words ("tuyên truyền về", "bài viết về"): what the draft is about."""
    core = _GENRE_PREFIX.sub("", topic.strip(), count=1).strip()
    return core or topic.strip()


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
