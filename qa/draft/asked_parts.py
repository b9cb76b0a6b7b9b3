"""The units of the chosen documents that answer a part the topic names (:func:`qa.draft.aspects.topic_aspects`):
by their heading, their sentences or their coverage of the part's words, where a part found in no
unit of its own is mentioned all the same, and whether it is what a whole document is about. The
planner (:mod:`qa.draft.plan`) makes the parts from them.
"""

from __future__ import annotations

from common.vietnamese.normalize import fold_accents
from qa.draft.aspects import ASKED_NOUNS
from qa.draft.quotable import IN_FORCE
from qa.draft.terms import Scorer, content_words, terms_of

# An aspect whose words are not all in one sentence is answered by a sentence holding this share
# of its IDF-weighted terms ("hàng gia công" by "… nguyên liệu nhập khẩu để gia công"). Hand-set.
ASPECT_COVER = 0.5


def aspect_units(aspect, scored, groups, unit_of, relevance, folded, most) -> tuple[list | None, Scorer]:
    """The units (at most ``most``) that answer an aspect the topic names — all its content words
    in their heading, else in one of their sentences, else a sentence covering most of its
    weight — and the aspect's scorer; None when the aspect has no words of its own. Words, not the
    phrase: "việc dân được biết" is answered by "Những việc phải thông báo để dân biết"."""
    words = content_words(aspect, folded)
    scorer = Scorer.build(aspect, [x.terms for x in scored], folded)
    if not words:  # "quyết định", "được bàn" alone: the words of every provision, not a part
        return None, scorer
    cover = {k: max(scorer.cover(x.terms) for x in g) for k, g in groups.items()}
    by_heading = [k for k in groups if words <= terms_of(unit_of[k].heading, folded)]
    as_typed = fold_accents if fold_accents(aspect) == aspect else str  # typed without diacritics: so are its nouns
    noun = next((n for n in ASKED_NOUNS if aspect.startswith(f"{as_typed(n)} ")), None)
    if not by_heading and noun:  # a question named by its noun: the section headed by that noun
        nouns = {w for w in terms_of(noun, folded) if " " not in w}
        by_heading = [k for k in groups if nouns <= terms_of(unit_of[k].heading, folded)]
    if not by_heading and noun == "thời điểm":  # "khi nào" áp dụng: where the text says it takes effect
        by_heading = [k for k, g in groups.items() if any(IN_FORCE.search(x.sentence.text) for x in g)]
    by_text = [k for k, g in groups.items() if any(words <= x.terms for x in g)]
    by_cover = [k for k in cover if cover[k] >= ASPECT_COVER]
    return sorted(by_heading or by_text or by_cover, key=lambda k: (-cover[k], -relevance[k]))[:most], scorer


def mentioned_in(aspect, groups, unit_of, folded, documents) -> str | None:
    """The label of the unit whose heading and sentences hold every content word of ``aspect``
    (the first in document order), or None: "đa dạng sở hữu" in "II.3. Đa dạng hình thức sở hữu"."""
    words = content_words(aspect, folded)
    for k in sorted(groups, key=lambda k: unit_of[k].order):
        unit = unit_of[k]
        held = terms_of(unit.heading, folded).union(*(x.terms for x in groups[k]))
        if words and words <= held and unit.label:
            name = unit.label if " " in unit.label else f"phần {unit.label}"  # "Điều 6"; "II.3" → "phần II.3"
            return f"{name} {next(d.name for d in documents if d.doc_id == unit.doc_id)}" if len(documents) > 1 else name
    return None


def whole_subject(aspect, documents, folded) -> bool:
    """Whether every content word of ``aspect`` is in a drafted document's own name and trích yếu: the
    topic repeats what the whole text is about ("Quy định về chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ
    chức của Đội 814" is that regulation's title), so no section headed by it is no gap of the text —
    the regulation says it under its own headings ("Hệ thống và nhân sự"); the explainer's gaps leave
    the regulation's subject out the same way (:func:`qa.draft.forms.asked_slots`)."""
    words = content_words(aspect, folded)
    return bool(words) and any(words <= terms_of(f"{d.name} {d.summary}", folded) for d in documents)
