"""The examples in the language layer's docstrings are true: a newcomer can trust them."""

import doctest
import importlib

import pytest

MODULES = ["syllables", "normalize", "sentences", "numbers", "dates", "mentions"]


class TestDocstringExamples:
    @pytest.mark.parametrize("name", MODULES)
    def test_examples_hold(self, name):
        module = importlib.import_module(f"common.vietnamese.{name}")
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.attempted > 0 and result.failed == 0
