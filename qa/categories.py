"""Classes named by a letter: "viên chức loại D", "dự án nhóm B" (pure functions).

A decree that sets rules for classes A, B and C says nothing of D: quoting class B's rule for a
question on D was the worst kind of answer, a wrong one cited. The question's classes are
requirements (:mod:`qa.constraints`); a passage meets one when it names that class, and names
another when it speaks of a sibling (:mod:`qa.qualifiers`). Texts are folded (no diacritics,
lower case), as both modules read them.
"""

from __future__ import annotations

import re

# A letter is a class's when nothing word-like follows it: not "a/b", "c-1", "a.b" — but a sentence may
# end on it ("… viên chức loại C."), and one label may list several ("nhóm B, C", "nhóm B và nhóm C").
_LETTER = r"[a-e](?![\w/-])(?!\.\w)"
CLASS = re.compile(rf"\b(?P<label>loai|nhom)\s+(?P<letters>{_LETTER}(?:\s*(?:,|va|hoac|/)\s*(?:(?:loai|nhom)\s+)?"
                   rf"{_LETTER})*)")


def categories(folded: str) -> list[tuple[tuple[int, int], str, str]]:
    """Every class a folded text names: (span, label, letter) — ("loai", "d") for "loại D", and one
    entry a letter for "nhóm B, C"."""
    return [(m.span(), m.group("label"), letter) for m in CLASS.finditer(folded)
            for letter in re.findall(r"(?<![a-z])[a-e](?![a-z])", m.group("letters"))]
