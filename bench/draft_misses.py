"""Where the key points a draft missed are: the class of every miss, per set and per form.

For every topic of the given sets the draft is composed as ``bench/draft_eval.py`` composes it
(the service's own ``draft``), with the plan and the retrieved passages recorded on the way, and
each key point is placed in one class:

- ``covered``: inside some quotation of the draft;
- ``not_found``: its phrase is not in the text of the document the topic set names for it
  (compared in index form) — a transcription difference, not a planning one;
- ``doc_not_chosen``: in a loaded document the draft is not made from (``retrieved`` says
  whether the topic's search returned a chunk of it);
- ``not_quotable``: in a chosen document but in no quotable sentence — ``why``: ``table`` (a
  line of tab-separated cells), ``capitals`` (an all-capital line), ``long_sentence`` (inside a
  sentence longer than ``max_quote`` of which only the first item is kept), ``heading``,
  ``frame`` (not in a citable chunk), ``across`` (across two sentences), ``other``;
- ``unit_not_chosen``: in a quotable sentence of a unit no part of the plan holds (with the
  unit's rank by relevance among the document's units);
- ``unit_chosen``: in a quotable sentence of a unit a part holds, not picked (with its rank
  among the unit's sentences by the planner's value, and the part's number of quotes).

    POLICYQA_HOME=/tmp/pq .venv/bin/python bench/draft_misses.py bench/eval/topics-dev.jsonl … [--tag before]

Writes ``bench/results/draft-misses[-<tag>].json`` (every key point with its class) and prints
the distribution per class, per form and per set. With ``--signals``: in the units that hold key
points, how much more often a key sentence than another carries each cue an editor might pick by
(a figure, a rate, a period, an obligation modal, a numbered item, a lead-in, a table row) —
whether a cue is a signal at all before any rule is built on it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.draft_eval import key_phrase  # noqa: E402
from common.vietnamese.normalize import index_form  # noqa: E402

RESULTS = ROOT / "bench" / "results"
CLASSES = ("covered", "unit_chosen", "unit_not_chosen", "not_quotable", "doc_not_chosen", "not_found")


def norm(text: str) -> str:
    return " ".join(index_form(text).split())


def _lines_holding(text: str, phrase: str) -> list[str]:
    """The line (or two or three consecutive lines, for a phrase a line break cuts) holding ``phrase``."""
    lines = text.split("\n")
    for width in (1, 2, 3):
        for i in range(len(lines) - width + 1):
            window = lines[i:i + width]
            if phrase in norm(" ".join(window)):
                return window
    return []


def why_not_quotable(doc, sentences, phrase: str, max_quote: int) -> str:
    """Why a phrase of a chosen document is in no quotable sentence (see the module docstring)."""
    from common.types import CITABLE_KINDS
    from common.vietnamese.sentences import split_sentences

    lines = _lines_holding(doc.text, phrase)
    if any("\t" in line.strip() for line in lines):  # cells, not an indented paragraph
        return "table"
    letters = [c for line in lines for c in line if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        return "capitals"
    for p in doc.passages:
        if phrase not in norm(p.text):
            continue
        if p.kind not in CITABLE_KINDS:
            return "frame"
        for s, e in split_sentences(p.text):
            if phrase in norm(p.text[s:e]):
                if e - s > max_quote:
                    return "long_sentence"
                if re.match(r"^\W*(?:Điều|Chương|Mục|Phần)\s", p.text[s:e]) and len(p.text[s:e]) < 160:
                    return "heading"
                return "other"
        return "across"
    return "other"


def classify(record: dict, kp: dict, plan, hits, open_document, policy) -> dict:
    """One key point's class and where it is (see the module docstring)."""
    from qa.draft.plan import unit_ranking
    from qa.draft.sources import sentences_of
    from qa.draft.units import units_of

    phrase = key_phrase(kp["phrase"])
    row = {"id": record["id"], "form": record.get("form"), "phrase": kp["phrase"], "doc": kp.get("doc", "")}
    doc = open_document(kp.get("doc", "")) if kp.get("doc") else None
    if doc is None or phrase not in norm(doc.text):
        return row | {"class": "not_found"}
    units = units_of(doc, policy)
    unit = next((u for u in units if phrase in norm(doc.text[u.start:u.end])), None)
    row |= {"unit": f"{unit.label} {unit.heading}".strip()[:80] if unit else "", "doc_units": len(units)}
    row["in_table"] = any("\t" in line.strip() for line in _lines_holding(doc.text, phrase))
    chosen_docs = [d.doc_id for d in plan.documents] if plan else []
    if doc.doc_id not in chosen_docs:
        ranks = [i for i, h in enumerate(hits) if h.doc_id == doc.doc_id]
        return row | {"class": "doc_not_chosen", "retrieved": bool(ranks), "hit_rank": ranks[0] if ranks else None}
    sentences = sentences_of(doc, units, policy)
    holding = [s for s in sentences if phrase in norm(s.text)]
    if not holding:
        return row | {"class": "not_quotable", "why": why_not_quotable(doc, sentences, phrase, policy.max_quote)}
    target = holding[0]
    part_units = {(s.doc.doc_id, s.unit.order) for p in plan.parts for s in p.sentences if s.unit}
    key = (doc.doc_id, target.unit.order) if target.unit else None
    ranked, relevance = unit_ranking(record["topic"], plan.documents, policy)
    same_unit = ranked.get(key, []) if key else []
    rank = next((i for i, s in enumerate(same_unit) if phrase in norm(s.text)), None)
    row |= {"rank_in_unit": rank, "unit_sentences": len(same_unit),
            "has_figure": bool(re.search(r"\d", target.text)), "sentence": target.text[:200]}
    if key in part_units:
        return row | {"class": "unit_chosen"}
    order = sorted(relevance, key=lambda k: -relevance[k])
    return row | {"class": "unit_not_chosen", "unit_rank": order.index(key) if key in order else None,
                  "units_with_sentences": len(order)}


CUES = {
    "figure": lambda t, item: bool(re.search(r"\d", t)),
    "rate": lambda t, item: bool(re.search(r"%|\bmức\b|tỷ lệ|thuế suất|lãi suất", t, re.IGNORECASE)),
    "period": lambda t, item: bool(re.search(r"\d+\s*(?:ngày|tháng|năm)\b|thời hạn|chậm nhất|trước ngày|kể từ", t,
                                             re.IGNORECASE)),
    "modal": lambda t, item: bool(re.search(r"\b(?:phải|không được|có trách nhiệm|nghiêm cấm|có quyền|được hưởng|"
                                            r"được miễn|được giảm)\b", t, re.IGNORECASE)),
    "numbered item": lambda t, item: item,
    "under 200 characters": lambda t, item: len(t) < 200,
    "table row": lambda t, item: "\t" in t.strip(),
}


def signals(paths: list[Path], open_document, policy) -> str:
    """Per cue: its share among key sentences and among the other sentences of the same units."""
    from qa.draft.names import OUTLINE_MARK
    from qa.draft.sources import sentences_of
    from qa.draft.units import units_of

    counts = {c: [0, 0, 0, 0] for c in CUES}  # key with, key, other with, other
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            by_doc: dict = defaultdict(list)
            for kp in record.get("key_points", []):
                by_doc[kp.get("doc", "")].append(key_phrase(kp["phrase"]))
            for doc_id, phrases in by_doc.items():
                doc = open_document(doc_id) if doc_id else None
                if doc is None:
                    continue
                sentences = sentences_of(doc, units_of(doc, policy), policy)
                keys = {i for i, s in enumerate(sentences) if any(p in norm(s.text) for p in phrases)}
                key_units = {sentences[i].unit.order if sentences[i].unit else -1 for i in keys}
                for i, s in enumerate(sentences):
                    if (s.unit.order if s.unit else -1) not in key_units:
                        continue
                    item = bool(OUTLINE_MARK.match(doc.text, doc.text.rfind("\n", 0, s.start) + 1))
                    for cue, test in CUES.items():
                        k = 0 if i in keys else 2
                        counts[cue][k] += test(s.text, item)
                        counts[cue][k + 1] += 1
    out = []
    for cue, (a, b, c, d) in counts.items():
        key, other = a / max(b, 1), c / max(d, 1)
        out.append(f"{cue:22s} key sentences {a}/{b} = {key:.2f}   others {c}/{d} = {other:.2f}   "
                   f"× {key / other if other else float('inf'):.2f}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("topics", type=Path, nargs="+")
    parser.add_argument("--tag", default="")
    parser.add_argument("--length", default="medium")
    parser.add_argument("--signals", action="store_true", help="the cues' frequency in key sentences, no drafts")
    args = parser.parse_args(argv)

    import qa.draft.compose as compose
    from qa.facade import PolicyQA

    seen: dict = {}
    real_plan, real_choose = compose.make_plan, compose.choose_documents

    def make_plan(*a, **k):
        seen["plan"] = real_plan(*a, **k)
        return seen["plan"]

    def choose_documents(topic, hits, *a, **k):
        seen["hits"] = hits
        return real_choose(topic, hits, *a, **k)

    compose.make_plan, compose.choose_documents = make_plan, choose_documents
    qa = PolicyQA()
    qa.draft("bảo vệ môi trường")
    engine = qa.engine
    if args.signals:
        print(signals(args.topics, engine._drafting.open, engine.settings.draft))
        return 0
    rows = []
    for path in args.topics:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            seen.clear()
            draft = qa.draft(record["topic"], form=record["form"], length=args.length)
            quotes = [norm(c.quote) for c in draft.citations]
            plan = seen.get("plan")
            for kp in record.get("key_points", []):
                if any(key_phrase(kp["phrase"]) in q for q in quotes):
                    row = {"id": record["id"], "form": record.get("form"), "phrase": kp["phrase"], "class": "covered"}
                else:
                    row = classify(record, kp, plan, seen.get("hits", []), engine._drafting.open, engine.settings.draft)
                rows.append(row | {"set": path.stem, "quotes": len(draft.citations)})
    name = "draft-misses" + (f"-{args.tag}" if args.tag else "")
    (RESULTS / f"{name}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    print(report(rows))
    return 0


def report(rows: list[dict]) -> str:
    """The distribution of key points over the classes: all, per form, per set; and the reasons
    within ``not_quotable`` and the ranks within ``unit_chosen``."""
    out = []

    def line(label: str, sub: list[dict]) -> str:
        c = Counter(r["class"] for r in sub)
        return f"{label:28s} n={len(sub):3d} " + " ".join(f"{k}={c[k]:3d}" for k in CLASSES)

    out.append(line("all", rows))
    for key in ("form", "set"):
        for value in sorted({r.get(key) or "" for r in rows}):
            out.append(line(f"{key}={value}", [r for r in rows if r.get(key) == value]))
    out.append("not_quotable: " + str(Counter(r.get("why") for r in rows if r["class"] == "not_quotable")))
    out.append("unit_chosen rank: " + str(sorted(Counter(r.get("rank_in_unit") for r in rows
                                                          if r["class"] == "unit_chosen").items(), key=str)))
    out.append("unit_not_chosen unit rank: " + str(sorted(Counter(r.get("unit_rank") for r in rows
                                                                  if r["class"] == "unit_not_chosen").items(), key=str)))
    out.append("doc_not_chosen retrieved: " + str(Counter(r.get("retrieved") for r in rows
                                                          if r["class"] == "doc_not_chosen")))
    out.append("in a table (missed): " + str(sum(bool(r.get("in_table")) for r in rows if r["class"] != "covered")))
    return "\n".join(out)


if __name__ == "__main__":
    raise SystemExit(main())
