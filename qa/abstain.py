"""Whether the evidence behind a composed answer is enough: a small fitted model, not hand-set bars.

After the composer has chosen its sentences and the verifier has found every named
qualifier in them, one question remains: is the quoted passage about *this* question or
about a neighbouring one ("thu nhập cá nhân" answered from "thu nhập doanh nghiệp")? No
single signal separates the two; several together do better. :func:`evidence_features`
reads them off the answer; :class:`AbstentionModel` is a logistic regression over them,
fitted by ``bench/fit_abstention.py`` on labelled questions (answerable and unanswerable,
development sets and generated near misses) with cross-validation, and stored as JSON
beside this module (``abstention_model.json``: weights, feature names, how it was fitted,
and the cross-validated figures). The decision bar is ``qa.min_answer_probability`` in
the settings, chosen on the cross-validated predictions (see the JSON's ``fit`` note).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from qa.evidence import QueryEvidence, text_terms
from qa.types import Citation, Passage
from qa.verify import no_evidence_reason

MODEL_PATH = Path(__file__).with_name("abstention_model.json")

FEATURES = (
    "pool_coverage",  # best IDF-weighted coverage of the question by a passage of the pool (with context)
    "lead_passage_coverage",  # … by the lead quote's passage (with context)
    "lead_sentence_coverage",  # … by the lead quote alone
    "phrase_share",  # IDF-weighted share of the question's corpus-attested syllable pairs kept in the lead passage
    "rarest_phrase_found",  # 1 when the question's rarest attested pair is in the lead passage
    "missing_weight",  # IDF of the most specific question word the lead passage lacks, over the question's highest
    "dense_top",  # cosine of the question to its nearest passage (e5), 0 when unknown
    "lead_rank",  # 1 / rank of the lead quote's passage in the retrieved list
    "terms",  # log(1 + number of content terms of the question)
    "named_document",  # 1 when the question names a loaded document (the answer is scoped to it)
    "unattested_pairs",  # share of the question's adjacent content pairs the corpus never writes together
    "missing_phrase_weight",  # IDF of the rarest attested question pair missing from the lead passage, over the top
)


def evidence_features(
    evidence: QueryEvidence,
    citations: list[Citation],
    passages: list[Passage],
    pool_coverage: float,
    dense_top: float | None,
    named: bool = False,
) -> dict[str, float]:
    """The signals of :data:`FEATURES` for an answer whose lead quote is ``citations[0]``."""
    lead = citations[0]
    rank, passage = next(((i, p) for i, p in enumerate(passages, 1)
                          if p.doc_id == lead.doc_id and p.text == lead.passage), (len(passages) + 1, None))
    text = f"{passage.context}\n{passage.text}" if passage is not None else lead.passage
    share, rarest, _ = evidence.phrase_coverage(text)
    _, _, _, kept = text_terms(text)
    pair_weights = [w for _p, w, _t in evidence.phrases]
    missing_pairs = [w for pair, w, _t in evidence.phrases if pair not in kept]
    found = evidence.matched(text)
    top = max(evidence.weights.values(), default=1.0) or 1.0
    missing = max((w for t, w in evidence.weights.items() if t not in found), default=0.0)
    return {
        "pool_coverage": pool_coverage,
        "lead_passage_coverage": evidence.coverage(text),
        "lead_sentence_coverage": evidence.coverage(lead.quote),
        "phrase_share": share,
        "rarest_phrase_found": rarest,
        "missing_weight": missing / top,
        "dense_top": dense_top or 0.0,
        "lead_rank": 1.0 / rank,
        "terms": math.log1p(len(evidence.terms)),
        "named_document": float(named),
        "unattested_pairs": evidence.unattested,
        "missing_phrase_weight": max(missing_pairs, default=0.0) / max(pair_weights, default=1.0),
    }


@dataclass
class AbstentionModel:
    """Logistic regression: P(the answer is about the question) from :data:`FEATURES`."""

    weights: dict[str, float]
    bias: float
    mean: dict[str, float]
    scale: dict[str, float]

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(
            w * (features[name] - self.mean[name]) / (self.scale[name] or 1.0) for name, w in self.weights.items()
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "AbstentionModel | None":
        """The stored model, or None when none has been fitted (answers then rest on the rules)."""
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["weights"], data["bias"], data["mean"], data["scale"])


def judge(model: AbstentionModel | None, bar: float | None, features: dict, evidence: QueryEvidence,
          citations: list[Citation], passages: list[Passage]):
    """The model's verdict on an answer: None to answer, or the reason to abstain (what the
    lead passage lacks, its rarest missing phrase first). Adds the probability to ``features``.
    None as well when no model is loaded or no bar is set (``qa.min_answer_probability``)."""
    if model is None or bar is None:
        return None
    probability = model.probability(features)
    features["probability"] = round(probability, 4)
    if probability >= bar:
        return None
    lead = next((p for p in passages if p.text == citations[0].passage), None)
    reason = no_evidence_reason(evidence, lead)
    _share, _rarest, pair = evidence.phrase_coverage(f"{lead.context}\n{lead.text}" if lead else "")
    if pair and not any(pair.lower() in m.lower() for m in reason.missing):  # not again inside a listed phrase
        reason.missing.insert(0, pair)
        reason.message = (f"Đoạn gần nhất ({citations[0].citation_label}) không nói đến "
                          f"{', '.join(f'“{m}”' for m in reason.missing)}.")
    return reason
