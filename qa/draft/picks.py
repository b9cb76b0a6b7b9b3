"""The cues of a sentence an editor might quote besides the topic's words, for fitting picks.

:data:`FEATURES` are the cues measured on the opened topic sets (``bench/draft_misses.py
--signals``: a period is 2.3 times as frequent in a key sentence as in another sentence of its
part, a rate 1.9, an obligation 1.5). ``bench/fit_draft_picks.py`` fits a bonus on them over each
part's sentences (held out by topic set); session 11 measured it in the planner and did not keep
it: key points rose, the picks moved away from the topic, and two blind editors on unseen topics
scored relevance lower. The planner's bonus stays hand-set (:func:`qa.draft.roles.shape`).
"""

from __future__ import annotations

import re

from qa.draft.names import OUTLINE_MARK
from qa.draft.sources import Sentence

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
