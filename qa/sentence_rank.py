"""Which sentence of the retrieved passages answers the question: the signals, and two rankers over them.

Every candidate sentence carries the same named signals (:data:`FEATURES`): how much of the
question it covers (plainly, beyond what its passage's title and heading already say, as
adjacent pairs, with the sentence before it), its passage's coverage and retrieval rank,
whether it gives what the question asks for (a figure, a date, an agent), whether it is a
lead-in with items, a reference clause, a table row or a list item, and the question's own
figures and rarest word found in it.

:class:`HandRanker` scores them with the hand-set weights of :class:`common.config.AnswerPolicy`
(the method before a model was fitted); :class:`SentenceModel` is a linear model over the same
signals, fitted by ``bench/fit_sentences.py`` on labelled questions (a sentence is right when
it holds the question's ``answer_keywords``) as a conditional logit — one softmax over each
question's candidates — with leave-one-file-out cross-validation, stored beside this module
(``sentence_model.json``). The engine uses the model when ``qa.sentence_model`` is on.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from common.config import AnswerPolicy
from qa.types import Passage

MODEL_PATH = Path(__file__).with_name("sentence_model.json")

FEATURES = (
    "coverage",  # IDF-weighted share of the question's content terms in the sentence
    "focus",  # … of the terms its passage's title and heading do not already cover
    "pairs",  # share of the question's adjacent term pairs the sentence keeps together
    "passage_coverage",  # coverage of the question by the sentence's passage with its context
    "rank_prior",  # 1 / (1 + the passage's retrieval rank in the pool)
    "list_lead",  # a list question, and the sentence is a lead-in followed by items
    "lead_coverage",  # coverage by the lead-in with its local heading (0 unless list_lead)
    "lead_pairs",  # pairs kept by the lead-in with its local heading (0 unless list_lead)
    "type_missing",  # the question asks for a figure, a date or an agent the sentence lacks
    "detail_missing",  # a cited document's issuer or date asked for, and the mention lacks it
    "reference_clause",  # "Căn cứ …", a list of documents: answers only a question about the basis
    "place_date",  # the document's place-and-date line, for a question about when/where it was issued
    "numbers_found",  # share of the question's figures (digits) found in the sentence; 0 when it has none
    "rarest_found",  # 1 when the question's most specific term is in the sentence
    "context_coverage",  # coverage by the sentence together with the one before it
    "phrase_share",  # IDF-weighted share of the question's corpus-attested pairs kept in the sentence
    "length",  # log(1 + characters) / 5
    "position",  # the sentence's place in its passage (0 first … 1 last)
    "table_row",  # a row of a statistical table
    "list_item",  # starts with a bullet, a letter or a number
    "has_figure",  # holds a figure (not a date, a year or a document number)
    "lead_in",  # ends in ':' or "như sau" (with or without items)
    "items_coverage",  # coverage by a lead-in together with its items (the sentence's own otherwise)
    "names_found",  # share of the places and proper names the question gives found in the sentence
    "unit_found",  # the question asks a figure in a unit ("bao nhiêu ha") and the sentence gives one in it
    "triples_found",  # share of the question's three-syllable runs (with a content word) written in the sentence
    "title_run",  # the longest run of the sentence's document title the question writes (qa.sought.Sought.title_run)
    "kind_found",  # a list question's kind ("những quỹ nào") in the sentence, or its items' first words
)


@dataclass
class SentenceCandidate:
    """A sentence of the pool's passage ``passage`` (offsets into its text) and its signals."""

    passage: int
    start: int
    end: int
    features: dict[str, float]
    coverage: float
    score: float = 0.0
    # Offsets of the items that follow a lead-in (quoted with it), empty otherwise.
    followers: list[tuple[int, int]] = field(default_factory=list)
    # The followers are the cells beside a table cell, which give the asked type (qa.candidates.cell_continuation).
    cells: bool = False


class HandRanker:
    """The hand-set scoring: coverage with focus, pairs, passage coverage and rank prior;
    a list question's lead-in scored on itself and its heading, plus a bonus; scaled down
    by ``type_mismatch`` for each thing the sentence lacks."""

    def __init__(self, policy: AnswerPolicy):
        self.policy = policy
        # A sentence giving the asked type leads when it scores this share of the best; an
        # extra sentence needs it too.
        self.lead_ratio = self.follow_ratio = policy.follow_ratio

    def score(self, candidates: list[SentenceCandidate], pool: list[Passage]) -> None:
        """Set each candidate's ``score`` (``pool``: the passages its offsets point into)."""
        p = self.policy
        for c in candidates:
            f = c.features
            if f["place_date"]:
                c.score = 1.0 + f["passage_coverage"] + f["rank_prior"]
                continue
            score = (f["coverage"] + p.focus_weight * f["focus"]) / (1 + p.focus_weight)
            score += p.phrase_weight * f["pairs"] + p.passage_weight * f["passage_coverage"] + f["rank_prior"]
            if f["list_lead"]:
                score = max(score, f["lead_coverage"] + p.phrase_weight * f["lead_pairs"]
                            + p.passage_weight * f["passage_coverage"] + f["rank_prior"] + p.list_bonus)
            for penalty in ("type_missing", "detail_missing", "reference_clause"):
                if f[penalty]:
                    score *= p.type_mismatch
            c.score = score


@dataclass
class SentenceModel:
    """Linear scores over standardized :data:`FEATURES`, turned into each candidate's weight
    relative to the best (``exp(s - s_best)``, 1 for the best): the follow-up bar
    ``follow_ratio`` then reads as a likelihood ratio of the fitted softmax."""

    weights: dict[str, float]
    mean: dict[str, float]
    scale: dict[str, float]
    # Likelihoods relative to the best that a sentence giving the asked type needs to take the
    # lead (``answer.model_lead_ratio``), and an extra sentence to be quoted (``model_follow_ratio``).
    lead_ratio: float = AnswerPolicy.model_fields["model_lead_ratio"].default
    follow_ratio: float = AnswerPolicy.model_fields["model_follow_ratio"].default

    def raw(self, features: dict[str, float]) -> float:
        return sum(w * (features[name] - self.mean[name]) / (self.scale[name] or 1.0)
                   for name, w in self.weights.items())

    def score(self, candidates: list[SentenceCandidate], pool: list[Passage]) -> None:
        raw = [self.raw(c.features) for c in candidates]
        top = max(raw, default=0.0)
        for c, s in zip(candidates, raw):
            c.score = math.exp(max(-50.0, s - top))

    @classmethod
    def load(cls, policy: AnswerPolicy | None = None, path: Path | None = None) -> "SentenceModel | None":
        """The stored model (``MODEL_PATH`` unless ``path``) with the bars of ``policy`` (the
        settings' defaults when None), or None when none has been fitted."""
        policy, path = policy or AnswerPolicy(), path or MODEL_PATH
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["weights"], data["mean"], data["scale"], policy.model_lead_ratio, policy.model_follow_ratio)
