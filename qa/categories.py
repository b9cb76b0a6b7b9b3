"""Classes named by a letter: "viên chức loại D", "dự án nhóm B" (pure functions).

A decree that sets rules for classes A, B and C says nothing of D: quoting class B's rule for a
question on D was the worst kind of answer, a wrong one cited. The question's classes are
requirements (:mod:`qa.constraints`); a passage meets one when it names that class, and names
another when it speaks of a sibling (:mod:`qa.qualifiers`). Texts are folded (no diacritics,
lower case), as both modules read them.
"""

from __future__ import annotations

import re

CLASS = re.compile(r"\b(?P<label>loai|nhom)\s+(?P<letter>[a-e])\b(?![\w/.-])")


def categories(folded: str) -> list[tuple[tuple[int, int], str, str]]:
    """Every class a folded text names: (span, label, letter) — ("loai", "d") for "loại D"."""
    return [(m.span(), m.group("label"), m.group("letter")) for m in CLASS.finditer(folded)]
