"""Diacritic restoration on questions: the opened question sets' questions typed with their marks,
stripped and restored by models trained on the mission documents alone (a first run) and on the
whole corpus, each without and with :data:`qa.question_words.QUESTION_PHRASES`.

Only the opened sets are read (a sealed set is read by nothing before its one measurement).
Reports the share of syllables restored right, and of question words ("bao", "nhiêu", "mấy",
"nào", "gì", "đâu", "ai", "lâu", "thế", "sao", "những") among them — the words documents seldom
write and questions always do. Questions of kind ``accentless`` are left out (their marks are
unknown); a question whose restoration changes its number of syllables is skipped.

    .venv/bin/python bench/question_restoration.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common.vietnamese.normalize import clean_text, fold_accents, index_form  # noqa: E402
from qa.diacritics import DiacriticModel  # noqa: E402
from qa.question_words import QUESTION_PHRASES  # noqa: E402

QUESTION_WORDS = {"bao", "nhiêu", "mấy", "nào", "gì", "đâu", "ai", "lâu", "thế", "sao", "những"}


def questions() -> list[str]:
    """The opened sets' questions (``bench/opened_sets.py``'s OPENED): a sealed set is read by nothing
    before its one measurement."""
    from bench.opened_sets import OPENED

    out = set()
    for path in (ROOT / "bench" / "eval" / f"{name}.jsonl" for name in OPENED):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line) if line.strip() else {}
            q = item.get("question", "")
            if q and fold_accents(q) != q and item.get("kind") != "accentless":
                out.add(q)
    return sorted(out)


def accuracy(model: DiacriticModel, items: list[str]) -> dict:
    ok = n = q_ok = q_n = 0
    for q in items:
        gold, pred = index_form(q).split(), index_form(model.restore(fold_accents(q)).restored).split()
        if len(gold) != len(pred):
            continue
        for g, p in zip(gold, pred):
            n, ok = n + 1, ok + (g == p)
            if g in QUESTION_WORDS:
                q_n, q_ok = q_n + 1, q_ok + (g == p)
    return {"syllables": round(ok / n, 4), "question_words": round(q_ok / max(1, q_n), 4), "n": n, "question_n": q_n}


def main() -> int:
    items = questions()
    for name, folders in (("mission documents", ["moi-truong"]), ("whole corpus", ["moi-truong", "van-ban-tham-khao"])):
        texts = [clean_text(p.read_text(encoding="utf-8")) for f in folders
                 for p in sorted((ROOT / "corpus" / f).glob("*.txt"))]
        for seed in (False, True):
            model = DiacriticModel.train([*texts, QUESTION_PHRASES] if seed else texts, cleaned=True)
            print(json.dumps({"trained_on": name, "question_phrases": seed, **accuracy(model, items)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
