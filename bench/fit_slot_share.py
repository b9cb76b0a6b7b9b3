"""The explainer's bar ``draft.slot_share``: which articles may answer a question of the form.

An explainer ("giải thích quy định") answers fixed questions (phạm vi, điều kiện, quyền lợi,
nghĩa vụ, thủ tục, tổ chức thực hiện) from the articles whose headings carry the question's cue
words. Blind editors found the form's headings over other subjects' provisions ("wrong heading"),
so an article must also be near the topic: ``slot_share`` of the best article's relevance. This
script drafts every explainer topic of the given sets once, records for each article whose heading
answers a question its relevance relative to the best article and how many of the topic's key
points it holds, and prints, for each bar, the articles set aside with and without a key point.

It reads the planner's own ranking of a draft's documents (``qa.draft.plan.unit_ranking``, the
relevance ``_explainer_parts`` bars) for the documents the draft was made from.

    POLICYQA_HOME=/tmp/pq .venv/bin/python bench/fit_slot_share.py bench/eval/topics-dev.jsonl bench/eval/sealed-topics-*.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
BARS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("topics", type=Path, nargs="+")
    args = parser.parse_args(argv)

    from common.vietnamese.normalize import index_form
    from qa.draft import DraftLibrary
    from qa.draft.forms import EXPLAINER, SLOTS
    from qa.draft.plan import unit_ranking
    from qa.draft.units import units_of
    from qa.draft.topic import split_source, topic_core
    from qa.facade import PolicyQA

    qa = PolicyQA()
    library = DraftLibrary(qa.library)
    rows: list[dict] = []
    for path in args.topics:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line) if line.strip() else None
            if not (record and record["form"] == EXPLAINER and record.get("docs")):
                continue
            draft = qa.draft(record["topic"], form=record["form"])
            documents = [d for d in (library.open(s.doc_id) for s in draft.sources) if d is not None]
            # the topic as the drafting read it: diacritics restored when it was typed without them
            content = split_source(topic_core(qa.search(record["topic"], k=1).restored_query or record["topic"]))[0]
            _ranked, relevance = unit_ranking(content, documents)
            top = max(relevance.values(), default=0.0) or 1.0
            for doc in documents:
                for unit in units_of(doc):
                    key = (doc.doc_id, unit.order)
                    if key not in relevance or not any(c in index_form(unit.heading) for s in SLOTS for c in s.cues):
                        continue
                    text = index_form(doc.text[unit.start:unit.end])
                    held = sum(index_form(p["phrase"]) in text for p in record["key_points"] if p["doc"] == doc.doc_id)
                    rows.append({"topic": record["id"], "relative": round(relevance[key] / top, 4), "key_points": held})
    table = []
    for bar in BARS:
        aside = [r for r in rows if r["relative"] < bar]
        table.append({"bar": bar, "aside_without_key_point": sum(r["key_points"] == 0 for r in aside),
                      "aside_with_key_point": sum(r["key_points"] > 0 for r in aside)})
        print(f"{bar:4}: set aside {table[-1]['aside_without_key_point']:4} without a key point, "
              f"{table[-1]['aside_with_key_point']:3} with")
    topics = len({r["topic"] for r in rows})
    print(f"{topics} explainer topics, {len(rows)} articles answering a question, "
          f"{sum(r['key_points'] > 0 for r in rows)} holding a key point")
    (RESULTS / "slot_share.json").write_text(json.dumps({"topics": topics, "table": table, "rows": rows},
                                                         ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
