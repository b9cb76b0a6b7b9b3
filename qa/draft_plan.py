"""The plan of a draft, made before any quotation is chosen: documents, parts, then quotes.

1. **Documents.** The documents the topic names (or that implement a named document known
   only by metadata) come first; otherwise the documents retrieval and their titles point to —
   at most two, the second only when nearly as strong, so that an article announced as being
   about one text does not quote mostly another.
2. **Parts.** From the topic's own enumeration ("tiêu chuẩn và chế độ") and the documents'
   structure (:func:`qa.draft_sources.units_of`): a part asked for with no material is named
   in ``missing``, never filled with a neighbour. An explainer of a regulation has fixed
   questions (who, conditions, benefits, obligations, procedure, implementation), each matched
   to the articles whose headings answer it.
3. **Quotes.** Within each part, the sentences closest to the topic and the part, in reading
   order, never twice, each with the lead-in it hangs from.

No text is written here (:mod:`qa.draft_write` does that).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Callable

from common.config import DraftPolicy
from common.types import STATUS_METADATA_ONLY
from common.vietnamese.normalize import fold_accents, index_form, syllables
from qa.draft_sources import Sentence, SourceDocument, Unit, heading_case, sentences_of, units_of
from qa.draft_topic import topic_aspects, topic_core
from qa.types import Passage

Search = Callable[[str, int], list[Passage]]
Embed = Callable[[list[str]], list[list[float]]]
OpenDocument = Callable[[str], "SourceDocument | None"]

ARTICLE, OUTLINE, BRIEF, EXPLAINER = "bài viết", "đề cương tuyên truyền", "tin ngắn", "giải thích quy định"
# length → (parts, most quotes per part)
_SIZE = {"short": (3, 2), "medium": (5, 3), "long": (7, 4)}


@dataclass(frozen=True)
class Slot:
    """A question an explainer of a regulation answers, and the heading words that answer it."""

    key: str
    heading: str
    cues: tuple[str, ...]


SLOTS = (
    Slot("scope", "Phạm vi và đối tượng áp dụng", ("phạm vi", "đối tượng", "áp dụng", "điều chỉnh", "giải thích từ ngữ")),
    Slot("conditions", "Điều kiện, tiêu chuẩn", ("điều kiện", "tiêu chuẩn", "yêu cầu", "nguyên tắc")),
    Slot("benefits", "Quyền lợi, chế độ và mức ưu đãi", ("ưu đãi", "miễn", "giảm", "hỗ trợ", "chế độ", "quyền lợi",
                                                         "quyền", "mức", "lương", "phụ cấp", "chính sách", "khen thưởng")),
    Slot("duties", "Nghĩa vụ, trách nhiệm và những việc không được làm", ("nghĩa vụ", "không được", "trách nhiệm của",
                                                                          "xử lý vi phạm", "kỷ luật")),
    Slot("procedure", "Hồ sơ, trình tự, thủ tục", ("hồ sơ", "thủ tục", "trình tự", "đăng ký", "cấp giấy", "thẩm định",
                                                  "thời hạn", "nộp", "tuyển dụng", "bầu cử")),
    Slot("implementation", "Tổ chức thực hiện và hiệu lực", ("tổ chức thực hiện", "hiệu lực", "thi hành",
                                                            "điều khoản", "trách nhiệm thi hành")),
)
_STOP = set("của và trong các những về với cho đối là được có để từ theo tại thì này đó một khi"
            " như ở đến trên dưới bằng do vì mà nên sẽ đã đang việc số ngày năm tháng quy định"
            " văn bản nghị định thông tư quyết định nghị quyết luật công văn kết luận chỉ thị chương trình"
            " tỉnh ủy ban chính phủ bộ tuyên truyền"
            # Words of the request, not of its subject: "viết giúp em bài giới thiệu … nhé, để đăng
            # chuyên mục …", "tuyên truyền, vận động …", "nêu được … là được".
            " viết soạn giúp em anh chị nhé nha nhá đăng chuyên mục giới thiệu phổ biến vận động nhân dịp nêu bài"
            .split())
LEGAL_TYPES = ("Nghị định", "Thông tư", "Quyết định", "Quy định", "Luật", "Thông tư liên tịch", "Quy chế")


# --- term weights -------------------------------------------------------------------------------


def _terms(text: str, folded: bool) -> set[str]:
    words = [fold_accents(s) for s in syllables(text)] if folded else syllables(text)
    return set(words) | {f"{a} {b}" for a, b in zip(words, words[1:])}


def _content(terms: set[str]) -> set[str]:
    return {t for t in terms if not all(w in _STOP or w.isdigit() or "/" in w for w in t.split())}


@dataclass
class _Scorer:
    """IDF-weighted coverage of the topic's content terms, over one pool of sentences."""

    weights: dict[str, float]
    folded: bool

    @classmethod
    def build(cls, topic: str, pool_terms: list[set[str]], folded: bool) -> "_Scorer":
        terms = _content(_terms(topic, folded))
        n = len(pool_terms)
        weight = {t: math.log((n + 1) / (sum(t in s for s in pool_terms) + 0.5)) for t in terms}
        # The topic's defining words are in most sentences of its own document, so plain IDF would
        # mute them: every term keeps at least 40% of the rarest term's weight.
        floor = 0.4 * max(weight.values(), default=0.0)
        return cls({t: max(w, floor) for t, w in weight.items() if w > 0}, folded)

    def cover(self, terms: set[str], context: set[str] = frozenset()) -> float:
        total = sum(self.weights.values()) or 1.0
        return sum(w if t in terms else 0.5 * w if t in context else 0.0 for t, w in self.weights.items()) / total


# --- documents ----------------------------------------------------------------------------------


def choose_documents(topic: str, hits: list[Passage], named: list[str], open_document: OpenDocument,
                     titles: dict[str, str], policy: DraftPolicy = DraftPolicy()) -> list[SourceDocument]:
    """The one or two documents the draft is about (see the module docstring)."""
    chosen = [d for d in (open_document(doc_id) for doc_id in dict.fromkeys(named)) if d is not None]
    if chosen:
        return chosen[:2]
    folded = fold_accents(topic) == topic
    topic_terms = _content(_terms(topic, folded))
    score: dict[str, float] = {}
    for rank, p in enumerate(hits):
        if p.status != STATUS_METADATA_ONLY:
            score[p.doc_id] = score.get(p.doc_id, 0.0) + 1.0 / (1 + rank)
    for doc_id in score:
        title = _content(_terms(titles.get(doc_id, ""), folded))
        if topic_terms:
            score[doc_id] += 1.5 * len(topic_terms & title) / len(topic_terms)
    ranked = sorted(score, key=lambda d: -score[d])
    out: list[SourceDocument] = []
    for doc_id in ranked[:2]:
        if out and score[doc_id] < policy.second_document_ratio * score[ranked[0]]:
            break
        doc = open_document(doc_id)
        if doc is not None:
            out.append(doc)
    return out


# --- the plan -----------------------------------------------------------------------------------


@dataclass
class Part:
    heading: str
    sentences: list[Sentence]
    key: str = ""


@dataclass
class Plan:
    form: str
    length: str
    documents: list[SourceDocument]
    lead: Sentence | None = None
    parts: list[Part] = field(default_factory=list)
    closing: Sentence | None = None
    missing: list[str] = field(default_factory=list)

    def sentences(self) -> list[Sentence]:
        return [s for s in [self.lead, *(x for p in self.parts for x in p.sentences), self.closing] if s is not None]


@dataclass(eq=False)
class _Scored:
    sentence: Sentence
    terms: set[str]
    context: set[str]
    lex: float = 0.0


def make_plan(topic: str, documents: list[SourceDocument], form: str, length: str, *, named: bool = False,
              policy: DraftPolicy = DraftPolicy()) -> Plan:
    """Parts and quotations for ``topic`` from ``documents`` (already chosen; ``named`` when the
    topic named them, so that they are drafted on even if its words are not theirs)."""
    plan = Plan(form, length, documents)
    core = topic_core(topic)
    folded = fold_accents(core) == core
    units = {d.doc_id: units_of(d, policy) for d in documents}
    pool = [s for d in documents for s in sentences_of(d, units[d.doc_id], policy)]
    scored = [_Scored(s, _terms(s.text, folded), _terms(f"{s.unit.heading} . {s.unit.context}" if s.unit else "", folded))
              for s in pool]
    scorer = _Scorer.build(core, [x.terms for x in scored], folded)
    for x in scored:
        x.lex = scorer.cover(x.terms, x.context)
    on_topic = bool(scored) and max(x.lex for x in scored) >= policy.min_topical
    if not scored or not (on_topic or named or _named_by_topic(core, documents, policy.title_named_share)):
        return plan
    used: list[_Scored] = []
    n_parts, per_part = _SIZE[length]
    if form == BRIEF:
        n_parts, per_part = 1, 3
    aspects = topic_aspects(core)
    if form in (ARTICLE, BRIEF):  # the sapo: the sentence most squarely on the topic, quoted once
        lead = max(scored, key=lambda x: x.lex + _shape(x))
        plan.lead = lead.sentence
        used.append(lead)
    groups = _by_unit(scored)
    unit_of = {(u.doc_id, u.order): u for us in units.values() for u in us}
    if form == EXPLAINER:
        parts = _explainer_parts(groups, unit_of, per_part, used, policy.part_share)
        plan.missing = [p.heading for p in parts if not p.sentences and p.key != "other"]
    else:
        parts, plan.missing = _topic_parts(scored, groups, unit_of, list(units), aspects, n_parts, per_part, used,
                                           folded, policy.part_share)
    plan.parts = [p for p in parts if p.sentences]
    if not plan.parts:
        plan.lead = None
        return plan
    if form in (ARTICLE, EXPLAINER):
        closers = [x for x in scored if x not in used and _is_implementation(x)]
        if closers:
            plan.closing = max(closers, key=lambda x: x.lex).sentence
    return plan


def _named_by_topic(core: str, documents: list[SourceDocument], share: float) -> bool:
    """The topic names one of the documents by its trích yếu ("Luật thuế tiêu thụ đặt biệt" for
    "THUẾ tiêu thụ đặc biệt"): most of its words, compared without diacritics."""
    topic = {fold_accents(w) for w in syllables(core)}
    for d in documents:
        if d.summary and index_form(d.summary)[:40] in index_form(core):
            return True
        title = [fold_accents(w) for w in syllables(d.summary or "") if w not in _STOP]
        if len(title) >= 3 and sum(w in topic for w in title) / len(title) >= share:
            return True
    return False


def _shape(x: _Scored) -> float:
    """Quotable length, and concrete content: a sentence with a figure states a fact an editor quotes."""
    text = x.sentence.text
    return (0.05 if 80 <= len(text) <= 320 else 0.0) + (0.1 if re.search(r"\d", text) else 0.0)


def _is_implementation(x: _Scored) -> bool:
    heading = index_form(x.sentence.unit.heading) if x.sentence.unit else ""
    return any(c in heading for c in ("tổ chức thực hiện", "thi hành", "hiệu lực")) or bool(
        re.search(r"(?i)có hiệu lực|chịu trách nhiệm thi hành|tổ chức thực hiện", x.sentence.text))


def _pick(candidates: list[_Scored], k: int, used: list[_Scored], value) -> list[Sentence]:
    """The ``k`` best candidates by ``value`` not used yet and not near-copies, in reading order."""
    picked: list[_Scored] = []
    best = None
    for x in sorted(candidates, key=lambda c: -value(c)):
        if len(picked) >= k:
            break
        if x in used or any(_overlap(x.sentence, o.sentence) or _near_copy(x.terms, o.terms) for o in used):
            continue
        if best is not None and value(x) < 0.5 * best:
            break  # no padding with weak quotes
        best = value(x) if best is None else best
        picked.append(x)
        used.append(x)
    first = picked[0].sentence.doc.doc_id if picked else ""
    picked.sort(key=lambda x: (x.sentence.doc.doc_id != first, x.sentence.start))
    return [x.sentence for x in picked]


def _near_copy(a: set[str], b: set[str]) -> bool:
    """Mostly the same words, or one held in the other (a heading inside the sentence that repeats it)."""
    shared = len(a & b)
    return shared / max(1, len(a | b)) > 0.6 or shared / max(1, min(len(a), len(b))) > 0.9


def _overlap(a: Sentence, b: Sentence) -> bool:
    return a.doc is b.doc and a.start < b.end and b.start < a.end


def _unit_key(x: _Scored) -> tuple[str, int] | None:
    return (x.sentence.doc.doc_id, x.sentence.unit.order) if x.sentence.unit else None


def _by_unit(scored: list[_Scored]) -> dict[tuple[str, int], list[_Scored]]:
    groups: dict[tuple[str, int], list[_Scored]] = {}
    for x in scored:
        key = _unit_key(x)
        if key is not None:
            groups.setdefault(key, []).append(x)
    return groups


def _topic_parts(scored, groups, unit_of, doc_order, aspects, n_parts, per_part, used, folded,
                 part_share) -> tuple[list[Part], list[str]]:
    """Parts of an article or outline: one per enumerated aspect, then the units closest to the topic."""
    relevance = {k: _unit_relevance(g) for k, g in groups.items()}
    chosen: list[tuple[tuple[str, int], str | None]] = []
    missing: list[str] = []
    form = (lambda t: fold_accents(index_form(t))) if folded else index_form
    for aspect in aspects:
        a = form(aspect)
        by_heading = [k for k in groups if a in form(unit_of[k].heading)]
        by_text = [k for k, g in groups.items() if any(a in form(x.sentence.text) for x in g)]
        keys = sorted(by_heading or by_text, key=lambda k: -relevance[k])[:2]
        if not keys:
            missing.append(aspect)
        chosen += [(k, aspect) for k in keys if k not in dict(chosen)]
    top = max(relevance.values(), default=0.0)
    for k in sorted(relevance, key=lambda k: -relevance[k]):
        if len(chosen) >= n_parts or relevance[k] < part_share * top:
            break
        if k not in dict(chosen):
            chosen.append((k, None))
    chosen.sort(key=lambda c: (doc_order.index(c[0][0]), c[0][1]))
    parts: list[Part] = []
    for k, aspect in chosen:
        unit = unit_of[k]
        heading = unit.heading or (aspect[:1].upper() + aspect[1:] if aspect else "") or _function_heading(groups[k]) \
            or _label_heading(unit)
        aspect_terms = _terms(aspect, folded) if aspect else set()
        picks = _pick(groups[k], per_part, used,
                      lambda x: x.lex + 0.3 * (len(aspect_terms & x.terms) / max(1, len(aspect_terms))) + _shape(x))
        parts.append(Part(heading, picks, aspect or ""))
    if not parts:  # no numbered structure: one part of the closest sentences
        parts.append(Part("Những nội dung chủ yếu", _pick(scored, per_part + 1, used, lambda x: x.lex + _shape(x))))
    return _merge_same_heading(parts), missing


def _unit_relevance(group: list[_Scored]) -> float:
    """How squarely a unit is on the topic: its two best sentences, the heading counted in
    (through each sentence's context terms)."""
    best = sorted((x.lex for x in group), reverse=True)[:2]
    return sum(best) / 2 if len(best) == 2 else best[0] * 0.75


# Headings for the parts a document leaves without one (a letter's opening paragraphs, unnamed
# points), by what their sentences do; the cue words are generic, never a document's.
FUNCTION_HEADINGS = (
    ("Kết quả đạt được", ("đạt được", "kết quả", "chuyển biến", "tích cực", "nâng lên", "từng bước", "tiến bộ")),
    ("Những hạn chế, yếu kém", ("hạn chế", "yếu kém", "chưa được", "còn nhiều", "tuy nhiên", "xuống cấp", "bất cập")),
    ("Mục tiêu, chỉ tiêu", ("chỉ tiêu", "phấn đấu", "đến năm", "tỷ lệ", "mục tiêu")),
    ("Nhiệm vụ, giải pháp", ("tăng cường", "đẩy mạnh", "chỉ đạo", "nâng cao", "triển khai", "đổi mới", "tiếp tục")),
)


def _function_heading(group: list[_Scored]) -> str:
    text = index_form(" ".join(x.sentence.text for x in group))
    hits = [(sum(text.count(c) for c in cues), heading) for heading, cues in FUNCTION_HEADINGS]
    best = max(hits)
    return best[1] if best[0] > 0 else ""


def _label_heading(unit: Unit) -> str:
    return heading_case(unit.context.split(" . ")[-1]) if unit.context else "Những nội dung chủ yếu"


def _merge_same_heading(parts: list[Part]) -> list[Part]:
    out: list[Part] = []
    for p in parts:
        if out and out[-1].heading == p.heading:
            out[-1].sentences += p.sentences
        else:
            out.append(p)
    return out


def _explainer_parts(groups, unit_of, per_part, used, part_share) -> list[Part]:
    """The explainer's questions, each answered from the units whose headings carry its cue words."""
    slot_of: dict[tuple[str, int], str] = {}
    for k in groups:
        heading = index_form(unit_of[k].heading)
        hits = {s.key: sum(c in heading for c in s.cues) for s in SLOTS}
        best = max(hits, key=lambda key: hits[key])
        if hits[best]:
            slot_of[k] = best
    parts: list[Part] = []
    for slot in SLOTS:
        keys = sorted((k for k, s in slot_of.items() if s == slot.key), key=lambda k: k[1])
        pool = [x for k in keys for x in groups[k]]
        picks = _pick(pool, per_part, used, lambda x: x.lex + _shape(x) + 0.1)
        parts.append(Part(slot.heading, picks, slot.key))
    # Provisions no question names (an amending decree's "Sửa đổi Điều 5 …") under their own heading.
    relevance = {k: _unit_relevance(g) for k, g in groups.items() if k not in slot_of}
    top = max(relevance.values(), default=0.0)
    extra = [k for k in sorted(relevance, key=lambda k: -relevance[k]) if relevance[k] >= part_share * top][:3]
    for k in sorted(extra, key=lambda k: k[1]):
        heading = unit_of[k].heading or _function_heading(groups[k]) or _label_heading(unit_of[k])
        picks = _pick(groups[k], per_part, used, lambda x: x.lex + _shape(x))
        parts.insert(len(parts) - 1, Part(heading, picks, "other"))
    return parts
