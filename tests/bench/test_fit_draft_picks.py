"""bench/fit_draft_picks.py and qa/draft/picks.py: the pick bonus's fit (a diagnostic) and the cues it reads."""

from __future__ import annotations

import numpy as np

from bench.fit_draft_picks import fit, hand, recall_at_top
from qa.draft.picks import FEATURES, features
from qa.draft.sources import SourceDocument, Sentence


def _part() -> tuple[np.ndarray, np.ndarray]:
    """A part whose key sentence (the last) covers the topic less than three others but states a figure."""
    rows = np.zeros((6, 1 + len(FEATURES)))
    rows[:, 0] = [0.65, 0.62, 0.61, 0.4, 0.4, 0.5]
    rows[5, 1 + FEATURES.index("figure")] = 1.0
    return rows, np.array([False] * 5 + [True])


def test_the_fit_learns_a_cue_the_key_sentences_carry_and_ranks_them_first():
    groups = [_part() for _ in range(30)]
    w = fit(groups, l2=0.1)
    assert w[1 + FEATURES.index("figure")] > 0
    assert recall_at_top(groups, lambda x: x @ w) == (30, 30)
    assert recall_at_top(groups, hand) == (0, 30)  # 0.5 + 0.1 for the figure stays fourth


def _sentence(text: str) -> Sentence:
    doc = SourceDocument("d", text, [], [], "", "", "original")
    return Sentence(doc, text.index("T"), len(text), None)


def test_the_cues_are_read_on_the_sentence_and_its_line():
    s = _sentence("2. Thời hạn nộp thuế là 30 ngày, kể từ ngày nhận thông báo; mức phạt 5%")
    cues = dict(zip(FEATURES, features(s)))
    assert cues["figure"] == cues["rate"] == cues["period"] == cues["numbered"] == 1.0
    assert cues["modal"] == cues["table_row"] == cues["lead_in"] == 0.0
    plain = dict(zip(FEATURES, features(_sentence("Tăng cường công tác tuyên truyền trong nhân dân ở cơ sở"))))
    assert plain["figure"] == plain["rate"] == plain["period"] == plain["numbered"] == 0.0
