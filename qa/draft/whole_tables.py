"""A table drafted whole: the rows, in order, of a document that is one short table, or of the table that
answers a topic read whole — its caption, column headers and row labels. The planner
(:mod:`qa.draft.plan`) quotes them under their header line; the items are its scored sentences
(anything with ``sentence``, ``terms`` and ``context``).
"""

from __future__ import annotations

from qa.draft.roles import is_row
from qa.draft.tables import row_label
from qa.draft.terms import Scorer, terms_of


def short_table(candidates: list, limit: int) -> list:
    """Every row, in its order, of a document that is one table of at most ``limit`` rows (its
    title and header line aside): a topic on "các khu công nghiệp … từng khu" or "danh mục các dự án … kêu gọi vốn"
    asks for the table, and two or three rows of it were the draft (t44-1: the header and one park
    of nine, the columns it asked for named missing). Empty when the sentences are not such a table's."""
    rows = [x for x in candidates if is_row(x.sentence)]  # rows under their header
    if (not rows or len({x.sentence.doc.doc_id for x in candidates}) > 1 or len(rows) > limit
            or len(candidates) - len(rows) > 3):
        return []
    return sorted(rows, key=lambda x: x.sentence.start)


def answering_table(core: str, scored: list, folded: bool, floor: float) -> list:
    """The rows, in order, of the table that covers the topic best read whole — its caption, column
    headers and row labels — when that reaches ``floor``; [] otherwise. Each row names one item
    ("Liên doanh", "BOT"), so no row covers a topic on "cơ cấu vốn … theo hình thức đầu tư (liên
    doanh, …, BOT)" that its table answers: seven of the opened sets' twenty false "no material"."""
    terms: dict[tuple[str, int], set[str]] = {}
    rows: dict[tuple[str, int], list] = {}
    for x in scored:
        if x.sentence.unit is not None and is_row(x.sentence):
            key = (x.sentence.doc.doc_id, x.sentence.unit.order)
            terms.setdefault(key, x.context | terms_of(x.sentence.lead_in_text, folded))
            terms[key] |= terms_of(row_label(x.sentence.text), folded)
            rows.setdefault(key, []).append(x)
    scorer = Scorer.build(core, [x.terms for x in scored], folded)
    cover, key = max(((scorer.cover(t), k) for k, t in terms.items()), default=(0.0, None))
    return sorted(rows[key], key=lambda x: x.sentence.start) if cover >= floor else []
