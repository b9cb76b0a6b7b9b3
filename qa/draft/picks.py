"""What makes a sentence of a chosen part worth quoting, besides the topic's words: its cues.

A part's quotations are picked by the topic's coverage (``lex``) plus a bonus for what an editor
quotes — a figure, a rate, a period or deadline, an obligation, a numbered provision. The bonus
was a hand-set pair (length, a figure); :data:`FEATURES` are the cues measured on the opened topic
sets (``bench/draft_misses.py --signals``: a period is 2.3 times as frequent in a key sentence as
in another sentence of its part, a rate 1.9, an obligation 1.5), and their weights are fitted on
the key points of those sets with a conditional logit over each part's sentences, cross-validated
by leaving one topic set out (``bench/fit_draft_picks.py``, ``pick_model.json``).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from qa.draft.names import OUTLINE_MARK
from qa.draft.sources import Sentence

MODEL_PATH = Path(__file__).with_name("pick_model.json")

_RATE = re.compile(r"%|\bmức\b|tỷ lệ|thuế suất|lãi suất", re.IGNORECASE)
_PERIOD = re.compile(r"\d+\s*(?:ngày|tháng|năm)\b|thời hạn|chậm nhất|trước ngày|kể từ", re.IGNORECASE)
_MODAL = re.compile(r"\b(?:phải|không được|có trách nhiệm|nghiêm cấm|có quyền|được hưởng|được miễn|được giảm)\b",
                    re.IGNORECASE)

FEATURES = ("figure", "rate", "period", "modal", "numbered", "lead_in", "quotable_length", "long", "table_row")


def features(s: Sentence) -> list[float]:
    """The cues of :data:`FEATURES` for one sentence (0 or 1 each)."""
    text, doc = s.text, s.doc.text
    line = doc.rfind("\n", 0, s.start) + 1
    return [float(bool(re.search(r"\d", text))), float(bool(_RATE.search(text))), float(bool(_PERIOD.search(text))),
            float(bool(_MODAL.search(text))), float(bool(OUTLINE_MARK.match(doc, line))), float(s.lead_in is not None),
            float(80 <= len(text) <= 320), float(len(text) > 320), float("\t" in text.strip())]


@lru_cache(maxsize=1)
def weights() -> tuple[float, ...]:
    """Each cue's bonus in units of topic coverage (the fitted weight over the weight of ``lex``)."""
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return tuple(model["bonus"][f] for f in FEATURES)


def bonus(s: Sentence) -> float:
    """What a sentence's cues add to its topic coverage when a part's quotations are picked."""
    return sum(w * f for w, f in zip(weights(), features(s)))
