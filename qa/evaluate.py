"""``policyqa eval``: the scoring rule of docs/EVAL.md, for our pipeline and two baselines.

A retrieved passage *answers* a question when its source file is the question's ``doc``
and its text contains every keyword (both after NFC, case folding, whitespace collapsing).
Reported overall and per ``kind``: recall@1/5/10, MRR@10, answer-cites-gold, answer-holds-fact
(the answer text itself holds the question's ``answer_keywords``, or its first keyword),
abstention, false abstention, unanswerable questions answered anyway, the reasons given for
abstaining, and quote-in-passage (a guarantee, not a result); and, in the same run, recall/MRR of a lexical-only
(sparse) and a dense-only configuration over the same index.
"""

from __future__ import annotations

import json
import re
import statistics
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from qa.tables import is_header
from qa.types import Answer, Passage

MODES = ("hybrid", "sparse", "dense")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).casefold()).strip()


def _doc_of(source_path: str) -> str:
    return re.sub(r"\.[A-Za-z0-9]{1,5}$", "", source_path)


def answers(passage_text: str, source_path: str, item: dict) -> bool:
    """The rule: same document, every keyword in the passage."""
    if not item.get("doc") or _doc_of(source_path) != item["doc"]:
        return False
    text = _norm(passage_text)
    return all(_norm(k) in text for k in item.get("keywords", []))


def holds_fact(answer_text: str, item: dict) -> bool:
    """The answer text itself (the quotes, not the cited passages) holds every
    ``answer_keywords`` string, or the first keyword when the question file gives none."""
    wanted = item.get("answer_keywords") or item.get("keywords", [])[:1]
    text = _norm(answer_text)
    return bool(wanted) and all(_norm(k) in text for k in wanted)


def lead_text(answer: Answer) -> str:
    """What a reader takes as the answer: the asked figure lifted before the quotes, and the
    first quote — with its items when it announces a list ("… gồm:"), a table row with its
    headers. The rest of an answer supports it."""
    quotes = [c.quote for c in answer.citations]
    if not quotes:
        return ""
    first = next((i for i, q in enumerate(quotes) if not is_header(q)), 0)
    lead = quotes if quotes[first].rstrip().endswith(":") else quotes[: first + 1]
    return " ".join([answer.direct_answer or "", *lead])


def first_hit(passages: list[Passage], item: dict, k: int = 10) -> int | None:
    for rank, p in enumerate(passages[:k], start=1):
        if answers(p.text, p.source_path, item):
            return rank
    return None


@dataclass
class _Tally:
    n: int = 0
    r1: int = 0
    r5: int = 0
    r10: int = 0
    rr: float = 0.0
    cites_gold: int = 0
    holds_fact: int = 0
    lead_holds_fact: int = 0
    abstained: int = 0
    unanswerable: int = 0
    abstained_right: int = 0
    quotes: int = 0
    quotes_ok: int = 0
    reasons: dict = field(default_factory=lambda: defaultdict(int))  # abstain_reason code → count

    def add_retrieval(self, rank: int | None) -> None:
        self.n += 1
        self.r1 += bool(rank and rank <= 1)
        self.r5 += bool(rank and rank <= 5)
        self.r10 += bool(rank and rank <= 10)
        self.rr += 1 / rank if rank else 0.0

    def retrieval(self) -> dict:
        if not self.n:
            return {}
        n = self.n
        return {"n": self.n, "recall@1": self.r1 / n, "recall@5": self.r5 / n, "recall@10": self.r10 / n,
                "mrr@10": self.rr / n}

    def answers(self) -> dict:
        out = {}
        if self.n:
            out = {"answer_cites_gold": self.cites_gold / self.n, "answer_holds_fact": self.holds_fact / self.n,
                   "lead_holds_fact": self.lead_holds_fact / self.n,
                   "false_abstention": self.abstained / self.n}
        if self.unanswerable:
            out["abstention"] = self.abstained_right / self.unanswerable
            out["unanswerable_answered"] = 1 - out["abstention"]
            out["unanswerable"] = self.unanswerable
        if self.reasons:
            out["abstain_reasons"] = dict(sorted(self.reasons.items()))
        out["quote_in_passage"] = self.quotes_ok / self.quotes if self.quotes else 1.0
        return out


@dataclass
class EvalReport:
    metrics: dict
    per_kind: dict
    baselines: dict
    latency_ms: dict
    config_hash: str
    seconds: float
    rows: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return self.__dict__


def load_questions(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(engine, questions: list[dict], *, baselines: bool = True) -> EvalReport:
    """Run every question through ``engine.ask`` (and the baselines' retrieval) and score."""
    started = time.perf_counter()
    overall, per_kind = _Tally(), defaultdict(_Tally)
    base = {m: (_Tally(), defaultdict(_Tally)) for m in MODES[1:]} if baselines else {}
    latencies: list[float] = []
    rows = []
    for item in questions:
        answer: Answer = engine.ask(item["question"])
        latencies.append(answer.timings_ms.get("total", 0.0))
        kind = item.get("kind", "")
        for tally in (overall, per_kind[kind]):
            _score_answer(tally, answer, item)
        rank = None if is_unanswerable(item) else first_hit(answer.passages, item)
        rows.append({"id": item.get("id"), "kind": kind, "rank": rank, "abstained": answer.abstained,
                     "abstain_reason": (answer.abstain_reason or {}).get("code"),
                     "cited_gold": any(answers(c.passage, c.source_path, item) for c in answer.citations),
                     "holds_fact": None if is_unanswerable(item) else holds_fact(answer.answer, item)
                     and not answer.abstained,
                     "lead_holds_fact": None if is_unanswerable(item) else holds_fact(lead_text(answer), item)
                     and not answer.abstained,
                     "cited": list(dict.fromkeys(c.doc_id for c in answer.citations)),
                     "answer": answer.answer})
        for mode, (b_all, b_kind) in base.items():
            if not is_unanswerable(item):
                hits = engine.search(item["question"], k=10, mode=mode).hits
                r = first_hit(hits, item)
                b_all.add_retrieval(r)
                b_kind[kind].add_retrieval(r)
    metrics = overall.retrieval() | overall.answers()
    return EvalReport(
        metrics=metrics,
        per_kind={k: t.retrieval() | t.answers() for k, t in sorted(per_kind.items())},
        baselines={m: {"overall": a.retrieval(), "per_kind": {k: t.retrieval() for k, t in sorted(b.items())}}
                   for m, (a, b) in base.items()},
        latency_ms={"ask_p50": statistics.median(latencies) if latencies else 0.0,
                    "ask_p90": _percentile(latencies, 0.9)},
        config_hash=engine.config_hash(),
        seconds=round(time.perf_counter() - started, 2),
        rows=rows,
    )


def is_unanswerable(item: dict) -> bool:
    """Unanswerable by kind, or with no answering document."""
    return item.get("kind") == "unanswerable" or not item.get("doc")


def _score_answer(tally: _Tally, answer: Answer, item: dict) -> None:
    for c in answer.citations:
        tally.quotes += 1
        tally.quotes_ok += c.quote in c.passage
    if answer.abstained and answer.abstain_reason:
        tally.reasons[answer.abstain_reason.get("code", "")] += 1
    if is_unanswerable(item):
        tally.unanswerable += 1
        tally.abstained_right += answer.abstained
        return
    tally.add_retrieval(first_hit(answer.passages, item))
    if answer.abstained:
        tally.abstained += 1
        return
    tally.cites_gold += any(answers(c.passage, c.source_path, item) for c in answer.citations)
    tally.holds_fact += holds_fact(answer.answer, item)
    tally.lead_holds_fact += holds_fact(lead_text(answer), item)


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def format_report(report: EvalReport) -> str:
    """A readable table of the figures (the CLI's default output)."""
    cols = ["recall@1", "recall@5", "recall@10", "mrr@10", "answer_cites_gold", "answer_holds_fact",
            "false_abstention", "abstention", "quote_in_passage"]
    lines = [f"{'':14}" + "".join(f"{c:>18}" for c in cols)]

    def row(name: str, data: dict) -> str:
        return f"{name:14}" + "".join(f"{data[c]:>18.3f}" if c in data else f"{'–':>18}" for c in cols)

    lines.append(row("overall", report.metrics))
    for kind, data in report.per_kind.items():
        lines.append(row(kind, data))
    for mode, data in report.baselines.items():
        lines.append(row(f"[{mode} only]", data["overall"]))
        acc = data["per_kind"].get("accentless")
        if acc:
            lines.append(row(f"[{mode}] accentl.", acc))
    if report.metrics.get("abstain_reasons"):
        lines.append("abstain reasons: " + ", ".join(f"{k} {v}" for k, v in report.metrics["abstain_reasons"].items()))
    lines.append(f"ask p50 {report.latency_ms['ask_p50']:.1f} ms, p90 {report.latency_ms['ask_p90']:.1f} ms; "
                 f"config {report.config_hash}; {report.seconds:.1f} s")
    return "\n".join(lines)
