"""A generated claim's figures must stand in the clause that says what the claim says.

A list sentence binds several figures to several things: "… 98% dân số nông thôn và 99% dân
số đô thị sử dụng nước hợp vệ sinh; tỷ lệ che phủ rừng và cây lâu năm đạt 74,8%." A claim
"tỷ lệ che phủ rừng là 99%" finds every one of its words and its figure in that sentence,
so checking figures against the whole passage lets a model (or an order planted in a
document, :mod:`qa.injection`) bind a figure to the wrong thing. Here each figure must be
written in a clause — a list item with the sentence's lead-in before it — that itself covers
the claim's terms.
"""

from __future__ import annotations

import re

from common.vietnamese.sentences import split_list_items, split_sentences
from qa.evidence import QueryEvidence

NUMBER = re.compile(r"\d+(?:[.,/]\d+)*")


def clauses(text: str) -> list[str]:
    """Every list item of every sentence of ``text``, each with its sentence's lead-in."""
    found: list[str] = []
    for start, end in split_sentences(text):
        items = split_list_items(text, start, end)
        lead = text[start:items[0][0]] if items and items[0][0] > start else ""
        found.extend(lead + text[s:e] for s, e in items)
    return found


def unbound_figures(claim: str, text: str, evidence: QueryEvidence, min_support: float) -> set[str]:
    """The claim's figures that no clause of ``text`` both writes and supports (empty: all bound)."""
    wanted = set(NUMBER.findall(claim))
    if not wanted:
        return set()
    bound: set[str] = set()
    for clause in clauses(text):
        written = wanted & set(NUMBER.findall(clause))
        if written and evidence.coverage(clause) >= min_support:
            bound |= written
    return wanted - bound
