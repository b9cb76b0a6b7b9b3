"""The README's table of answer trust, seen and unseen side by side, from bench/results.

Each question set has two result files written by ``policyqa eval --json``: ``eval-<set>.json``
(the current method) and ``eval-<set>-before.json`` (the method at the start of the work being
reported, run on the same corpus the same day: commit c126498, before the fitted sentence model;
379195c for sealed-7 and sealed-8, measured in a later session; 9c4e0c6, the start of session 8,
for sealed-9; 2139d08, the start of session 9, for sealed-10; 7d84571, the start of session 10, for sealed-11;
1768f67, the start of session 11, for sealed-12; c39bad3, the start of session 12, for sealed-13;
2d8badb, the start of session 13, for sealed-14; 2dda01c, the start of session 14, for sealed-15; 2446ba5, the method of sealed-15's measurement, for sealed-16;
5c18f28, the start of session 15, for sealed-17; bf04daa (its answers those of 75a90a2, sealed-17's
measurement) for sealed-18; 8d59b4a, sealed-18's measurement, for sealed-19; 6edf3dd (its answers
those of e06ca15, sealed-19's measurement) for sealed-20; a674a7b, the start of session 16, on the index
of that time, for sealed-21; dc45426 (the start of session 17, its answers those of 4b18b97), on the
converter-6 index of that time, for sealed-22; 591c1cb, the start of session 18, on the converter-7 index, for
sealed-23; d02f3b1, the start of session 19, on the same index, for sealed-24; 6e22875, the start of session 20, on the
same index, for sealed-25; 2de8096, the start of session 21, on the same index, for sealed-26; dedaa73, the start of session 22, on the
same index, for sealed-27; 28a31ef, the start of session 23, on the same index, for sealed-28; ab04885, the start of
session 24, on the same index, for sealed-29; 9e31b21, the start of session 25, on the same index, for sealed-30;
b1225a4, the start of session 26, on the same index, for sealed-31; 690d3b4, the start of session 27, on the same
index, for sealed-32; 0b56089, the start of session 28, on the same index, for sealed-33; ebf215e, the start of
session 29, on the same index, for sealed-34; abc33c3, the start of session 30, on the same index, for sealed-35;
b60ba5c, the start of session 31, on the converter-7 index, for sealed-36 — its once run is on the converter-8 index;
fb506dc, the start of session 32, on the converter-8 index, for sealed-37 — its once run is on the converter-9 index;
5e62716, the start of session 33, on the converter-9 index, for sealed-38).
A set measured once keeps that measurement as ``eval-<set>-once.json`` (after) beside its
``-before``; its current, opened figures are ``eval-<set>.json``. This prints one Markdown row per set.

    .venv/bin/python bench/trust_table.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"

# (file stem, how it stands to the method)
SETS = [
    ("dev", "seen: developed on"),
    ("unseen-1", "opened (last session)"),
    ("extra-answerable", "opened"),
    ("extra-unanswerable", "opened"),
    ("near-miss", "generated from the three above"),
    ("sealed-2a", "sealed, measured once, then opened"),
    ("sealed-2b", "sealed, measured once, then opened"),
    ("sealed-3a", "sealed, measured once in an earlier session, then opened"),
    ("sealed-3b", "sealed, measured once in an earlier session, then opened"),
    ("sealed-4", "opened: developed on after its measurement"),
    ("sealed-4-once", "sealed, measured once (c486c24)"),
    ("sealed-5", "opened: developed on after its measurement"),
    ("sealed-5-once", "sealed, measured once (c3bb4ed)"),
    ("sealed-6", "opened after its measurement"),
    ("sealed-6-once", "sealed, measured once (18e4a76)"),
    ("sealed-7", "opened after its measurement (before: 379195c)"),
    ("sealed-7-once", "sealed, measured once (379195c → 561f828)"),
    ("sealed-8", "opened after its measurement (before: 379195c)"),
    ("sealed-8-once", "sealed, measured once (379195c → 3e493e7)"),
    ("sealed-9", "opened after its measurement (before: 9c4e0c6)"),
    ("sealed-9-once", "sealed, measured once (9c4e0c6 → ad7ee8c)"),
    ("sealed-10", "opened after its measurement (before: 2139d08)"),
    ("sealed-10-once", "sealed, measured once (2139d08 → 6dbfc16)"),
    ("sealed-11", "opened after its measurement (before: 7d84571)"),
    ("sealed-11-once", "sealed, measured once (7d84571 → c19b2f9)"),
    ("sealed-12", "opened after its measurement (before: 1768f67)"),
    ("sealed-12-once", "sealed, measured once (1768f67 → 0d25436)"),
    ("sealed-13", "opened after its measurement (before: c39bad3)"),
    ("sealed-13-once", "sealed, measured once (c39bad3 → 4a2d5c9)"),
    ("sealed-14", "opened after its measurement (before: 2d8badb)"),
    ("sealed-14-once", "sealed, measured once (2d8badb → 6131348)"),
    ("sealed-15", "opened after its measurement (before: 2dda01c)"),
    ("sealed-15-once", "sealed, measured once (2dda01c → 2446ba5)"),
    ("sealed-16", "opened after its measurement (before: 2446ba5)"),
    ("sealed-16-once", "sealed, measured once (2446ba5 → e7802f1)"),
    ("sealed-17", "opened after its measurement (before: 5c18f28)"),
    ("sealed-17-once", "sealed, measured once (5c18f28 → 75a90a2)"),
    ("sealed-18", "opened after its measurement (before: bf04daa)"),
    ("sealed-18-once", "sealed, measured once (bf04daa → 8d59b4a)"),
    ("sealed-19", "opened after its measurement (before: 8d59b4a)"),
    ("sealed-19-once", "sealed, measured once (8d59b4a → e06ca15)"),
    ("sealed-20", "opened after its measurement (before: 6edf3dd)"),
    ("sealed-20-once", "sealed, measured once (6edf3dd → 6ef2341)"),
    ("sealed-21", "opened after its measurement (before: a674a7b)"),
    ("sealed-21-once", "sealed, measured once (a674a7b → a0c14cd, index rebuilt by d39dbf6)"),
    ("sealed-22", "opened after its measurement (before: dc45426)"),
    ("sealed-22-once", "sealed, measured once (dc45426 → 96e7315, index rebuilt by 17cc009)"),
    ("sealed-23", "opened after its measurement (before: 591c1cb)"),
    ("sealed-23-once", "sealed, measured once (591c1cb → 7d67af2, converter-7 index)"),
    ("sealed-24", "opened after its measurement (before: d02f3b1)"),
    ("sealed-24-once", "sealed, measured once (d02f3b1 → 293f243, converter-7 index)"),
    ("sealed-25", "opened after its measurement (before: 6e22875)"),
    ("sealed-25-once", "sealed, measured once (6e22875 → 7629d4f, converter-7 index)"),
    ("sealed-26", "opened after its measurement (before: 2de8096)"),
    ("sealed-26-once", "sealed, measured once (2de8096 → 440d8f1, converter-7 index)"),
    ("sealed-27", "opened after its measurement (before: dedaa73)"),
    ("sealed-27-once", "sealed, measured once (dedaa73 → fcac939, converter-7 index)"),
    ("sealed-28", "opened after its measurement (before: 28a31ef)"),
    ("sealed-28-once", "sealed, measured once (28a31ef → d6e358a, converter-7 index)"),
    ("sealed-29", "opened after its measurement (before: ab04885)"),
    ("sealed-29-once", "sealed, measured once (ab04885 → 046620f, converter-7 index)"),
    ("sealed-30", "opened after its measurement (before: 9e31b21)"),
    ("sealed-30-once", "sealed, measured once (9e31b21 → 977fe13, converter-7 index)"),
    ("sealed-31", "opened after its measurement (before: b1225a4)"),
    ("sealed-31-once", "sealed, measured once (b1225a4 → b11b95b, converter-7 index)"),
    ("sealed-32", "opened after its measurement (before: 690d3b4)"),
    ("sealed-32-once", "sealed, measured once (690d3b4 → 41f3ca6, converter-7 index)"),
    ("sealed-33", "opened after its measurement (before: 0b56089)"),
    ("sealed-33-once", "sealed, measured once (0b56089 → 108797f, converter-7 index)"),
    ("sealed-34", "opened after its measurement (before: ebf215e)"),
    ("sealed-34-once", "sealed, measured once (ebf215e → f286600, converter-7 index)"),
    ("sealed-35", "opened after its measurement (before: abc33c3)"),
    ("sealed-35-once", "sealed, measured once (abc33c3 → 043ed7e, converter-7 index)"),
    ("sealed-36", "opened after its measurement (before: b60ba5c)"),
    ("sealed-36-once", "sealed, measured once (b60ba5c → 58de373, converter-7 → 8 index)"),
    ("sealed-37", "opened after its measurement (before: fb506dc)"),
    ("sealed-37-once", "sealed, measured once (fb506dc → c9ed8fa, converter-8 → 9 index)"),
    ("sealed-38", "opened after its measurement (before: 5e62716)"),
    ("sealed-38-once", "**sealed, measured once (5e62716 → 82d9f45, converter-9 index): the latest unseen figure**"),
]
COLUMNS = [("abstention", "unanswerable abstained"), ("false_abstention", "false abstention"),
           ("answer_holds_fact", "answer holds the fact"), ("lead_holds_fact", "lead holds it"),
           ("answer_cites_gold", "cites an answering passage"),
           ("recall@5", "R@5")]


def _cell(before: dict, now: dict, key: str) -> str:
    if key not in now:
        return "–"
    return f"{before[key]:.2f} → **{now[key]:.2f}**" if key in before else f"**{now[key]:.2f}**"


def main() -> int:
    head = "| set | questions (ans. + unans.) | status | " + " | ".join(label for _, label in COLUMNS) + " |"
    print(head)
    print("|" + "---|" * (3 + len(COLUMNS)))
    for stem, status in SETS:
        base = stem.removesuffix("-once")
        now_path, before_path = RESULTS / f"eval-{stem}.json", RESULTS / f"eval-{base}-before.json"
        if not now_path.is_file():
            print(f"missing {now_path}", file=sys.stderr)
            continue
        now = json.loads(now_path.read_text())["metrics"]
        before = json.loads(before_path.read_text())["metrics"] if before_path.is_file() else {}
        counts = f"{now.get('n', 0)} + {now.get('unanswerable', 0)}"
        print(f"| {stem} | {counts} | {status} | " + " | ".join(_cell(before, now, k) for k, _ in COLUMNS) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
