"""The plan of a draft, made before any quotation is chosen: parts, then quotes.

The documents are chosen first (:mod:`qa.draft.documents`); then:

1. **Parts.** From the topic's own enumeration ("tiêu chuẩn và chế độ") and the documents'
   structure (:func:`qa.draft.units.units_of`): a part asked for with no material is named
   in ``missing``, never filled with a neighbour. An explainer of a regulation has fixed
   questions (:data:`qa.draft.forms.SLOTS`), each matched to the articles whose headings answer it.
2. **Quotes.** Within each part, the sentences closest to the topic and the part, in reading
   order, never twice, each with the lead-in it hangs from.

The result is a :class:`Plan` of :class:`Part` s holding :class:`qa.draft.sources.Sentence` s;
no text is written here (:mod:`qa.draft.write` does that).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from common.config import DraftPolicy
from common.vietnamese.normalize import fold_accents, index_form
from qa.draft.forms import ARTICLE, BRIEF, EXPLAINER, OUTLINE, SLOTS, asked_slots, draft_size
from qa.draft.headings import function_heading, label_heading
from qa.draft.roles import closing_for, is_basis, is_formality, is_implementation, is_title, shape
from qa.draft.sources import Sentence, SourceDocument, sentences_of
from qa.draft.units import units_of
from qa.abbreviations import expand_text
from qa.draft.terms import Scorer, near_copy, terms_of
from qa.draft.whole_tables import answering_table, short_table
from qa.draft.aspects import topic_aspects
from qa.draft.asked_parts import aspect_units, mentioned_in, whole_subject
from qa.draft.topic import headline, named_by_topic, topic_core


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
    # A missing part's words all in one unused unit: the editor is pointed there ("phần II.3"), not told
    # nothing was found (blind editors: a false "no content" claim in 6 of 32 sealed drafts, session 21).
    located: dict[str, str] = field(default_factory=dict)
    named: bool = False  # the topic names its documents: the sapo opens on them

    def sentences(self) -> list[Sentence]:
        return [s for s in [self.lead, *(x for p in self.parts for x in p.sentences), self.closing] if s is not None]


@dataclass(eq=False)
class _Scored:
    sentence: Sentence
    terms: set[str]
    context: set[str]
    lex: float = 0.0


def make_plan(topic: str, documents: list[SourceDocument], form: str, length: str, *, named: bool = False,
              policy: DraftPolicy = DraftPolicy(), nearest: float | None = None) -> Plan:
    """Parts and quotations for ``topic`` from ``documents`` (already chosen; ``named`` when the
    topic named them, so that they are drafted on even if its words are not theirs; ``nearest``:
    the cosine of the topic to its nearest passage, which drafts on a table or a blank form whose
    sentences each cover little of the topic — ``draft.min_dense``)."""
    plan = Plan(form, length, documents, named=named)
    core = topic_core(topic)
    units, scored, folded = _scored_pool(core, documents, policy)
    best = max((x.lex for x in scored), default=0.0)  # the topic's best coverage by one sentence
    whole = _gate(core, scored, folded, documents, named, nearest, policy, headline(topic))
    if whole is None:
        return plan
    used: list[_Scored] = []
    aspects = topic_aspects(core)
    n_parts, per_part = draft_size(form, length, aspects, policy)
    # Neither a legal basis ("Căn cứ …") nor the clause that charges officials with carrying it out
    # ("… chịu trách nhiệm thi hành"): the formalities around a text, not what it says.
    substance = [x for x in scored if not is_basis(x.sentence) and not is_implementation(x.sentence)]
    # A document that is one short table is drafted whole: its rows under its header, the document the sapo.
    fits = whole if len(whole) <= n_parts * per_part else []  # … and so is the one table that answers the topic
    table = (short_table(substance, n_parts * per_part) or fits) if form != EXPLAINER else []
    if form in (ARTICLE, BRIEF) and not table:  # the sapo: the sentence most squarely on the topic, quoted once
        statements = [x for x in substance if not is_title(x.sentence, policy.title_opening_chars)]
        if statements:  # else the sapo is the document itself (qa.draft.write)
            used.append(max(statements, key=lambda x: x.lex + shape(x.sentence)))
            plan.lead = used[-1].sentence
    groups = _by_unit(scored)
    unit_of = {(u.doc_id, u.order): u for us in units.values() for u in us}
    if form == EXPLAINER:  # the regulation's own questions (the topic's enumeration measured no better here)
        asked = asked_slots(core)
        parts = _explainer_parts(groups, unit_of, per_part, used, policy.part_share, policy.slot_share, asked)
        # A gap is named where the topic asked for it ("thủ tục", "điều kiện"): the form's other questions
        # unanswered are no gap of the topic (blind editors: 27 of 64 drafts with noisy source notes).
        # Nor is the regulation's own subject: a topic on "miễn thuế" asks no "mức ưu đãi" of a circular
        # on "miễn thuế" (blind editors, sealed-topics-30: "chưa tìm được" over the whole text's matter).
        gaps = asked_slots(core, " ".join(d.summary for d in documents))
        plan.missing = [p.heading for p in parts if not p.sentences and p.key in gaps]
    elif table:
        used.extend(table)
        plan.documents = [d for d in documents if d.doc_id == table[0].sentence.doc.doc_id]  # the sapo names its own
        parts = [Part(table[0].sentence.unit.heading if table[0].sentence.unit else "", [x.sentence for x in table])]
    elif form == BRIEF and not aspects:
        # A news brief's body: the document's most telling sentences wherever they stand, not one part's
        # (t8-12 quoted a decision's Điều 1 three times over and none of the rules it issues).
        parts = [Part("", _pick(substance or scored, per_part, used, lambda x: x.lex + shape(x.sentence)))]
    else:
        parts, plan.missing = _topic_parts(scored, groups, unit_of, documents, aspects, n_parts, per_part, used,
                                           folded, policy.part_share, policy.table_part_quotes, policy.heading_words)
        plan.located = {a: where for a in plan.missing if (where := mentioned_in(a, groups, unit_of, folded, documents))}
    plan.parts = [p for p in parts if p.sentences]
    if not plan.parts and plan.lead is not None:  # the one sentence on the topic is the body, not the sapo
        plan.parts, plan.lead = [Part(plan.lead.unit.heading if plan.lead.unit else "", [plan.lead])], None
    if not plan.parts:
        return plan
    if form in (ARTICLE, EXPLAINER, OUTLINE):
        fresh = [x for x in scored if x not in used and not any(near_copy(x.terms, o.terms) for o in used)]
        plan.closing = closing_for(form, [(x.sentence, x.lex) for x in fresh],
                                   Counter(x.sentence.doc.doc_id for x in used), policy.part_share * best)
    return plan


def _scored_pool(core: str, documents: list[SourceDocument], policy: DraftPolicy):
    """Every quotable sentence of ``documents`` with its coverage of the topic (``lex``, its
    unit's heading counted at half): what the gate, the parts and the diagnostics all rank by.
    :returns: (units by doc_id, the scored sentences, whether the topic was typed without marks)"""
    folded = fold_accents(core) == core
    units = {d.doc_id: units_of(d, policy) for d in documents}
    pool = [s for d in documents for s in sentences_of(d, units[d.doc_id], policy)]
    scored = [_Scored(s, terms_of(_read(s.text, s.doc.in_capitals(policy)), folded),
                      terms_of(_read(f"{s.unit.heading} . {s.unit.context}", s.doc.in_capitals(policy)) if s.unit else "",
                               folded)) for s in pool]
    scorer = Scorer.build(core, [x.terms for x in scored], folded)
    for x in scored:
        x.lex = scorer.cover(x.terms, x.context)
    return units, scored, folded


def _read(text: str, capitals: bool) -> str:
    """A sentence as its terms are read: with its abbreviations' long forms in a document typed in
    capitals (the catalogue writes "QUẢN LÝ ĐTXD" for a topic's "quản lý đầu tư xây dựng")."""
    return expand_text(text) if capitals else text


def _gate(core: str, scored: list[_Scored], folded: bool, documents: list[SourceDocument],
          named: bool, nearest: float | None, policy: DraftPolicy, head: str = "") -> list[_Scored] | None:
    """None when the documents have no material on the topic; else the rows of the table that opened
    the gate read whole, or [] when a sentence (``draft.min_topical``) on the topic or on its ``head``
    (the subject as its title names it, without what the request asks to stress: "cảnh báo tình trạng
    môi trường xuống cấp, nhấn mạnh phương châm … và yêu cầu xử lý nghiêm …" diluted every sentence's
    share, t12-10's false "no material" on the mission documents), a passage's nearness
    (``draft.min_dense``) or the topic's naming of the documents did. A table opens it only where
    nothing else does: a table of contents read whole took over t10-1's plan. The entries of a text typed
    in capitals (the catalogue of legal texts: a thousand one-line titles, one of which shares any topic's
    words, drafted two topics the library does not cover) open it by the text's title only, not by
    their share of a topic nor by a passage's nearness."""
    near = policy.min_dense is not None and nearest is not None and nearest >= policy.min_dense
    lexical = _lexical(scored, policy)
    if scored and (max((x.lex for x in lexical), default=0.0) >= policy.min_topical or near and lexical or named
                   or named_by_topic(core, documents, policy.title_named_share)
                   or lexical and _covers(head, core, lexical, folded, policy.min_topical)):
        return []
    return answering_table(core, scored, folded, policy.min_topical) or None


def _covers(head: str, core: str, scored: list[_Scored], folded: bool, floor: float) -> bool:
    """Whether a sentence covers ``floor`` of the topic's ``head`` where it differs from its core."""
    if not head or head.lower() == core.lower():
        return False
    scorer = Scorer.build(head, [x.terms for x in scored], folded)
    return max(scorer.cover(x.terms, x.context) for x in scored) >= floor


def scored_sentences(topic: str, documents: list[SourceDocument],
                     policy: DraftPolicy = DraftPolicy()) -> list[tuple[Sentence, float]]:
    """Every quotable sentence of ``documents`` with its coverage of the topic, as the planner
    scores it: what ``bench/fit_draft_picks.py`` fits the pick bonus beside."""
    _units, scored, _folded = _scored_pool(topic_core(topic), documents, policy)
    return [(x.sentence, x.lex) for x in scored]


def best_coverage(topic: str, documents: list[SourceDocument], policy: DraftPolicy = DraftPolicy()) -> float:
    """The gate's lexical signal: the best coverage of the topic by one sentence of ``documents``
    (``draft.min_topical``; ``bench/fit_draft_gate.py`` records it)."""
    _units, scored, _folded = _scored_pool(topic_core(topic), documents, policy)
    return max((x.lex for x in _lexical(scored, policy)), default=0.0)


def _lexical(scored: list[_Scored], policy: DraftPolicy) -> list[_Scored]:
    """The sentences whose share of a topic opens the gate: not a capitals text's entries (:func:`_gate`)."""
    return [x for x in scored if not x.sentence.doc.in_capitals(policy)]


def unit_ranking(topic: str, documents: list[SourceDocument], policy: DraftPolicy = DraftPolicy()):
    """What the planner ranks by, for a diagnostic (``bench/draft_misses.py``): each unit's
    sentences, best first by the value a part's quotes are picked by when the topic lists no
    parts, and each unit's relevance. :returns: ({(doc_id, order): [Sentence, …]}, {(doc_id, order): float})"""
    _units, scored, _folded = _scored_pool(topic_core(topic), documents, policy)
    groups = _by_unit(scored)
    ranked = {k: [x.sentence for x in sorted(g, key=lambda x: -(x.lex + shape(x.sentence)))] for k, g in groups.items()}
    return ranked, {k: _unit_relevance(g) for k, g in groups.items()}


def _pick(candidates: list[_Scored], k: int, used: list[_Scored], value) -> list[Sentence]:
    """The ``k`` best candidates by ``value`` not used yet and not near-copies, in reading order."""
    picked: list[_Scored] = []
    best = None
    for x in sorted(candidates, key=lambda c: -value(c)):
        if len(picked) >= k:
            break
        if x in used or any(_overlap(x.sentence, o.sentence) or near_copy(x.terms, o.terms) for o in used):
            continue
        if best is not None and value(x) < 0.5 * best:
            break  # no padding with weak quotes
        best = value(x) if best is None else best
        picked.append(x)
        used.append(x)
    first = picked[0].sentence.doc.doc_id if picked else ""
    picked.sort(key=lambda x: (x.sentence.doc.doc_id != first, x.sentence.start))
    return [x.sentence for x in picked]


def _overlap(a: Sentence, b: Sentence) -> bool:
    return a.doc is b.doc and a.start < b.end and b.start < a.end


def _by_unit(scored: list[_Scored]) -> dict[tuple[str, int], list[_Scored]]:
    groups: dict[tuple[str, int], list[_Scored]] = {}
    for x in scored:
        if x.sentence.unit is not None:
            groups.setdefault((x.sentence.doc.doc_id, x.sentence.unit.order), []).append(x)
    return groups


def _topic_parts(scored, groups, unit_of, documents, aspects, n_parts, per_part, used, folded,
                 part_share, table_quotes, heading_words) -> tuple[list[Part], list[str]]:
    """Parts of an article or outline: one per aspect the topic enumerates (its own words, in the
    units that answer it — one unit may answer two aspects), then the units closest to the topic;
    and the aspects no unit answers, but for what a whole document is about (:func:`whole_subject`)."""
    doc_order = [d.doc_id for d in documents]
    relevance = {k: _unit_relevance(g) for k, g in groups.items()}
    chosen: list[tuple[tuple[str, int], str | None, Scorer | None]] = []
    missing: list[str] = []
    for aspect in aspects:  # two units for an aspect of a pair, one when the topic lists more
        keys, scorer = aspect_units(aspect, scored, groups, unit_of, relevance, folded, 2 if len(aspects) <= 2 else 1)
        if keys == [] and not whole_subject(aspect, documents, folded):
            missing.append(aspect)
        chosen += [(k, aspect, scorer) for k in keys or []]
    top = max(relevance.values(), default=0.0)
    for k in sorted(relevance, key=lambda k: -relevance[k]):
        if len(chosen) >= n_parts or relevance[k] < part_share * top:
            break
        if k not in {c[0] for c in chosen}:
            chosen.append((k, None, None))
    chosen.sort(key=lambda c: (doc_order.index(c[0][0]), c[0][1]))
    shared = {k for k, _, _ in chosen if sum(c[0] == k for c in chosen) > 1}
    parts: list[Part] = []
    for k, aspect, scorer in chosen:
        unit = unit_of[k]
        # The document's own heading, unless the part answers a part the topic names and the heading
        # is longer than a heading ("Đội kiểm tra 814 các cấp có nhiệm vụ sau" for "nhiệm vụ").
        own = unit.heading if k not in shared and not (aspect and len(unit.heading.split()) > heading_words) else ""
        value = (lambda x, a=scorer: a.cover(x.terms, x.context) + 0.5 * x.lex + shape(x.sentence)) if scorer else \
            (lambda x: x.lex + shape(x.sentence))
        quotes = min(per_part, table_quotes) if unit.table else per_part
        picked = _pick(_statements(groups[k]), quotes, used, value)
        heading = own or (aspect[:1].upper() + aspect[1:] if aspect else "") or function_heading(picked) \
            or label_heading(unit)
        parts.append(Part(heading, picked, aspect or ""))
    if not parts:  # no numbered structure: one part of the closest sentences
        parts.append(Part("Những nội dung chủ yếu", _pick(_statements(scored), per_part + 1, used,
                                                          lambda x: x.lex + shape(x.sentence))))
    return merge_same_heading([p for p in parts if p.sentences]), missing


def _statements(candidates: list[_Scored]) -> list[_Scored]:
    """What a body may quote: no formality (:func:`qa.draft.roles.is_formality`). Only the quotes:
    a unit stays a part by its relevance with them (t29-12 lost its "Mục tiêu chủ yếu" when its
    best sentence, "Căn cứ vào mục tiêu …", no longer counted)."""
    return [x for x in candidates if not is_formality(x.sentence)]


def _unit_relevance(group: list[_Scored]) -> float:
    """How squarely a unit is on the topic: its two best sentences, the heading counted in
    (through each sentence's context terms)."""
    best = sorted((x.lex for x in group), reverse=True)[:2]
    return sum(best) / 2 if len(best) == 2 else best[0] * 0.75


def merge_same_heading(parts: list[Part]) -> list[Part]:
    """Parts under one heading are one part, at the first one's place (a heading twice in a draft
    was a fault blind editors named in 14 of 64 drafts)."""
    out: dict[str, Part] = {}
    for p in parts:
        if p.heading in out:
            out[p.heading].sentences += p.sentences
        else:
            out[p.heading] = p
    return list(out.values())


def _explainer_parts(groups, unit_of, per_part, used, part_share, slot_share, asked=frozenset()) -> list[Part]:
    """The explainer's questions, each answered from the units whose headings carry its cue words and
    that hold ``slot_share`` of the best unit's relevance: a form's heading over another subject's
    provisions was the blind editors' "wrong heading". A question the topic asks (``asked``) takes its
    best such unit below that share too, rather than be named a gap the document does not have (the
    editors' "false no-content claim": "các điều kiện để được áp dụng" was Mục I of the circular).
    Provisions no question names need ``part_share``."""
    relevance = {k: _unit_relevance(g) for k, g in groups.items()}
    top = max(relevance.values(), default=0.0)
    bar = slot_share * top
    slot_of: dict[tuple[str, int], str] = {}
    cued: set[tuple[str, int]] = set()  # a question's article, near the topic or not: never an "other" part
    below: dict[str, list[tuple[str, int]]] = {}  # a question's articles under the share
    for k in groups:
        heading = index_form(unit_of[k].heading)
        hits = {s.key: sum(c in heading for c in s.cues) for s in SLOTS}
        best = max(hits, key=lambda key: hits[key])
        if hits[best]:
            cued.add(k)
            if relevance[k] >= bar:
                slot_of[k] = best
            else:
                below.setdefault(best, []).append(k)
    for key in asked - set(slot_of.values()):  # asked, and no article above the share: its nearest one
        slot_of.update({k: key for k in sorted(below.get(key, []), key=lambda k: -relevance[k])[:1]})
    parts: list[Part] = []
    for slot in SLOTS:
        keys = sorted((k for k, s in slot_of.items() if s == slot.key), key=lambda k: k[1])
        pool = [x for k in keys for x in groups[k]]
        picks = _pick(pool, per_part, used, lambda x: x.lex + shape(x.sentence) + 0.1)
        parts.append(Part(slot.heading, picks, slot.key))
    # Provisions no question names (an amending decree's "Sửa đổi Điều 5 …") under their own heading.
    rest = [k for k in relevance if k not in cued and relevance[k] >= part_share * top]
    extra = sorted(rest, key=lambda k: -relevance[k])[:3]
    for k in sorted(extra, key=lambda k: k[1]):
        picks = _pick(groups[k], per_part, used, lambda x: x.lex + shape(x.sentence))
        heading = unit_of[k].heading or function_heading(picks) or label_heading(unit_of[k])
        parts.insert(len(parts) - 1, Part(heading, picks, "other"))
    return merge_same_heading(parts)
