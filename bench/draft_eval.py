"""Drafts measured on a topic set: key points quoted, quotes from the topic's documents, context.

A topic set (``bench/eval/topics-*.jsonl``) names for each topic its form, its main documents and
4–6 key points a good draft must quote (verbatim phrases of those documents). The figures:

- ``false_no_material``: drafts that came back empty although the topic's documents are loaded;
- ``failed``: topics on which drafting raised an error (counted, with the message in the row);
- ``key_point_coverage``: key points whose phrase is inside some quotation of the draft (both in
  index form: lower case, canonical tones, spaces collapsed);
- ``main_doc_share``: quotations taken from the topic's main documents;
- ``digest_unmarked``: quotations from a digest whose paragraph does not say "tóm lược";
- ``dangling_reference``: quotations that open by pointing back ("nêu trên", "này", "đó") to
  text they do not include;
- ``repeated_quotes``: quotations that overlap another quotation of the same draft.

Every draft is also written as Markdown to ``bench/results/drafts-<set>[-<tag>]/<id>.md`` for the
editor's rubric (scored by a reader, not by this script).

    POLICYQA_HOME=/tmp/pq .venv/bin/python bench/draft_eval.py bench/eval/topics-dev.jsonl [--tag before]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common.vietnamese.normalize import index_form  # noqa: E402

RESULTS = ROOT / "bench" / "results"
# Written here, not imported from qa.draft.sources: a measure that reused the composer's own filter
# would hold by construction.
_BACKREF = re.compile(r"^\W*(?:\S+\s+){0,4}?(?:nêu trên|trên đây|kể trên|nói trên|như trên)\b|^\W*(?:đó|điều này|việc này)\b",
                      re.IGNORECASE)


def _norm(text: str) -> str:
    return " ".join(index_form(text).split())


def score_draft(record: dict, draft: dict) -> dict:
    """The figures of one draft (``draft`` as ``Draft.to_dict()``) against its topic record."""
    quotes = [(c["doc_id"], c["quote"], c["quote_start"], c["quote_end"], c["passage"], c["status"], c["n"])
              for c in draft["citations"]]
    normed = [_norm(q[1]) for q in quotes]
    points = record.get("key_points", [])
    covered = [p for p in points if any(_norm(p["phrase"]) in q for q in normed)]
    main = set(record.get("docs", []))
    paragraphs = [draft["lead"]] + [p["text"] for s in draft["sections"] for p in s["paragraphs"]]
    digest_unmarked = 0
    for doc_id, _, _, _, _, status, n in quotes:
        if status == "digest":
            holder = next((t for t in paragraphs if f"[{n}]" in t), "")
            digest_unmarked += "tóm lược" not in holder
    repeated = 0
    for i, a in enumerate(normed):
        repeated += any(a in b or b in a for b in normed[:i])
    dangling = sum(bool(_BACKREF.search(q[1])) for q in quotes)
    return {
        "id": record["id"],
        "form": record.get("form"),
        "empty": not quotes,
        "key_points": len(points),
        "key_points_covered": len(covered),
        "missed": [p["phrase"] for p in points if p not in covered],
        "quotes": len(quotes),
        "main_doc_quotes": sum(q[0] in main for q in quotes),
        "digest_unmarked": digest_unmarked,
        "dangling_reference": dangling,
        "repeated_quotes": repeated,
        "sections": [s["heading"] for s in draft["sections"]],
    }


def summarize(rows: list[dict]) -> dict:
    quotes = sum(r["quotes"] for r in rows) or 1
    points = sum(r["key_points"] for r in rows) or 1
    return {
        "topics": len(rows),
        "false_no_material": sum(r["empty"] and not r.get("failed") for r in rows),
        "failed": sum(bool(r.get("failed")) for r in rows),
        "key_point_coverage": round(sum(r["key_points_covered"] for r in rows) / points, 3),
        "main_doc_share": round(sum(r["main_doc_quotes"] for r in rows) / quotes, 3),
        "digest_unmarked": sum(r["digest_unmarked"] for r in rows),
        "dangling_reference": sum(r["dangling_reference"] for r in rows),
        "repeated_quotes": sum(r["repeated_quotes"] for r in rows),
        "ms_p50": round(statistics.median(r["ms"] for r in rows), 1) if rows else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("topics", type=Path)
    parser.add_argument("--tag", default="", help="suffix of the result names, e.g. 'before'")
    parser.add_argument("--length", default="medium")
    args = parser.parse_args(argv)

    from common.errors import ConfigError
    from qa.export import draft_to_markdown
    from qa.facade import PolicyQA

    records = [json.loads(line) for line in args.topics.read_text(encoding="utf-8").splitlines() if line.strip()]
    name = args.topics.stem + (f"-{args.tag}" if args.tag else "")
    out_dir = RESULTS / f"drafts-{name}"
    out_dir.mkdir(parents=True, exist_ok=True)
    qa = PolicyQA()
    qa.draft("bảo vệ môi trường")  # warm-up: models and caches load once, outside the timings
    rows = []
    for record in records:
        start = time.perf_counter()
        try:
            try:
                draft = qa.draft(record["topic"], form=record["form"], length=args.length)
            except ConfigError:  # an older method may not know a form: its nearest one
                if record["form"] != "giải thích quy định":
                    raise
                draft = qa.draft(record["topic"], form="bài viết", length=args.length)
        except Exception as exc:  # noqa: BLE001 — a draft that fails is a result: counted, not hidden
            ms = (time.perf_counter() - start) * 1000
            rows.append({"id": record["id"], "form": record.get("form"), "empty": True, "failed": str(exc)[:300],
                         "key_points": len(record.get("key_points", [])), "key_points_covered": 0, "missed": [],
                         "quotes": 0, "main_doc_quotes": 0, "digest_unmarked": 0, "dangling_reference": 0,
                         "repeated_quotes": 0, "sections": [], "ms": round(ms, 1)})
            print(f"{record['id']}: FAILED {exc}", file=sys.stderr)
            continue
        ms = (time.perf_counter() - start) * 1000
        (out_dir / f"{record['id']}.md").write_text(draft_to_markdown(draft), encoding="utf-8")
        row = score_draft(record, draft.to_dict()) | {"ms": round(ms, 1)}
        rows.append(row)
        print(f"{record['id']}: {row['key_points_covered']}/{row['key_points']} key points, "
              f"{row['main_doc_quotes']}/{row['quotes']} from main docs, {ms:.0f} ms", file=sys.stderr)
    report = {"set": args.topics.name, "summary": summarize(rows), "rows": rows}
    (RESULTS / f"draft-eval-{name}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1),
                                                      encoding="utf-8")
    print(json.dumps(report["summary"], ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
