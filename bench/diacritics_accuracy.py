"""Diacritic restoration benchmark on held-out corpus lines.

Every ``--every``-th line of the corpus (with at least ``--min-syllables`` syllables) is held
out; the model is trained on all other lines, each held-out line is stripped of its
diacritics and restored, and the restored syllables are compared with the original (both
in index form: lower case, canonical tone placement). Reports syllable accuracy, accuracy
on syllables that carried diacritics, on ambiguous syllables (more than one accented form
seen), the share whose right form was never seen in training, time per line and per short
query (first ``--query-syllables`` syllables of each line), and the size and load time of
the model trained on the whole corpus. Times are CPU time of this process
(``time.process_time``), so that other jobs on the machine do not inflate them.

Run: ``.venv/bin/python bench/diacritics_accuracy.py [corpus dirs...]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common.vietnamese.normalize import clean_text, fold_accents, index_form  # noqa: E402
from qa.diacritics import DiacriticModel, word_tokens, needs_restoration  # noqa: E402

DEFAULT_DIRS = ["corpus/moi-truong", "corpus/van-ban-tham-khao"]


def split_corpus(files: list[Path], every: int, min_syllables: int) -> tuple[list[str], list[str]]:
    """(training texts, held-out lines): every ``every``-th eligible line is held out."""
    train, held = [], []
    counter = 0
    for path in files:
        kept = []
        for line in clean_text(path.read_text(encoding="utf-8")).split("\n"):
            words = [t for _, _, t, _ in word_tokens(line) if t.isalpha()]
            if len(words) >= min_syllables:
                counter += 1
                if counter % every == 0:
                    held.append(line)
                    continue
            kept.append(line)
        train.append("\n".join(kept))
    return train, held


def score(model: DiacriticModel, held: list[str], query_syllables: int) -> dict:
    """Accuracy and timing of ``model`` on the held-out lines."""
    total = right = marked = marked_right = amb = amb_right = unseen = 0
    line_time = 0.0
    for line in held:
        expected = [t for _, _, t, _ in word_tokens(index_form(line))]
        folded = fold_accents(line)
        start = time.process_time()
        result = model.restore(folded)
        line_time += time.process_time() - start
        got = [index_form(t.restored) for t in result.tokens]
        assert len(got) == len(expected), line
        for exp, out in zip(expected, got):
            if not exp.isalpha():
                continue
            total += 1
            ok = exp == out
            right += ok
            if fold_accents(exp) != exp:
                marked += 1
                marked_right += ok
            options = model.cands.get(fold_accents(exp), [])
            if len(options) > 1:
                amb += 1
                amb_right += ok
            if exp not in (model.vocab[i] for i in options):
                unseen += 1
    queries = []
    for line in held:
        toks = word_tokens(fold_accents(line))
        if len(toks) >= query_syllables:
            queries.append(line[: toks[query_syllables - 1][1]])
    start = time.process_time()
    for q in queries:
        model.restore(fold_accents(q))
    query_time = (time.process_time() - start) / max(len(queries), 1)
    return {
        "lines": len(held),
        "syllables": total,
        "accuracy": right / total,
        "accuracy_marked": marked_right / marked,
        "accuracy_ambiguous": amb_right / amb,
        "unseen_share": unseen / total,
        "cpu_ms_per_line": 1000 * line_time / len(held),
        "cpu_ms_per_query": 1000 * query_time,
        "needs_restoration_folded": sum(needs_restoration(fold_accents(q)) for q in queries) / len(queries),
        "needs_restoration_accented": sum(needs_restoration(q) for q in queries) / len(queries),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", default=DEFAULT_DIRS, help="Corpus folders (UTF-8 .txt files).")
    parser.add_argument("--every", type=int, default=20, help="Hold out every N-th line.")
    parser.add_argument("--min-syllables", type=int, default=4, help="Shorter lines are never held out.")
    parser.add_argument("--query-syllables", type=int, default=8, help="Length of the short timed queries.")
    parser.add_argument("--orders", default="3", help="Comma-separated n-gram orders to compare.")
    args = parser.parse_args(argv)

    files = sorted(p for d in args.dirs for p in Path(d).rglob("*.txt"))
    train, held = split_corpus(files, args.every, args.min_syllables)
    print(f"{len(files)} files, {len(held)} held-out lines")
    for order in (int(o) for o in args.orders.split(",")):
        start = time.process_time()
        model = DiacriticModel.train(train, order=order, cleaned=True)
        trained = time.process_time() - start
        stats = score(model, held, args.query_syllables)
        print(f"order {order} (trained in {trained:.1f} s):")
        for key, value in stats.items():
            print(f"  {key:28} {value:.4f}" if isinstance(value, float) else f"  {key:28} {value}")

    full = DiacriticModel.train([p.read_text(encoding="utf-8") for p in files])
    with tempfile.TemporaryDirectory() as tmp:
        path = full.save(Path(tmp) / "diacritics.lm.gz")
        start = time.process_time()
        DiacriticModel.load(path)
        load_s = time.process_time() - start
        print(
            f"full-corpus model: {len(full.vocab)} syllables, {len(full.bi)} bigrams, {len(full.tri)} trigrams, "
            f"{path.stat().st_size / 1e6:.2f} MB, load {load_s:.3f} s CPU"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
