"""Fuzzing of diacritic restoration (Hypothesis, bounded: see tests/fuzzing.py).

A question typed any way — accents or none, odd capitals, emoji, control characters —
comes back with only diacritics added: the same letters, the same spacing and punctuation,
each token's span a span of the question.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from hypothesis import example, given

from common.vietnamese.normalize import fold_accents
from qa.diacritics import DiacriticModel, needs_restoration
from tests.conftest import CORPUS
from tests.fuzzing import FUZZ, any_text, vietnamese_text


@lru_cache(maxsize=1)
def model() -> DiacriticModel:
    texts = [p.read_text(encoding="utf-8") for p in sorted((CORPUS / "moi-truong").glob("*.txt"))]
    return DiacriticModel.train(texts)


def letters(text: str) -> str:
    return fold_accents(unicodedata.normalize("NFC", text)).casefold()


class TestRestoration:
    @FUZZ
    @given(any_text)
    @example("chi tieu ty le che phu rung den nam 2020")
    @example("BAO VE MOI TRUONG \u202e 41-NQ/TW 😀")
    def test_only_diacritics_are_added(self, question):
        restored = model().restore(question)
        assert letters(restored.restored) == letters(question)
        text = unicodedata.normalize("NFC", question)
        for token in restored.tokens:
            assert text[token.start:token.end] == token.text

    @FUZZ
    @given(vietnamese_text)
    def test_restoring_twice_changes_nothing_more(self, question):
        once = model().restore(fold_accents(question)).restored
        assert model().restore(once).restored == once

    @FUZZ
    @given(any_text)
    def test_needs_restoration_answers_for_any_text(self, question):
        assert needs_restoration(question) in (True, False)
