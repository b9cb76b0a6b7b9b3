"""A whole policyqa home at N chunks, built from a real one by labelled synthetic copies.

The source is a home built with ``policyqa ingest`` (e.g. the full ``corpus/``: 98 files,
3,087 chunks). The copy is what ``policyqa ingest`` would have built from a folder holding
the source files once as they are plus ``tong-hop-NNN/…`` copies of them, as many as the
size needs (whole files; the last copy partial):

- ``<dest>/corpus/``: the files themselves (byte copies, so ``ingest`` finds them unchanged);
- ``state.sqlite``: one row per file with its path, content hash, chunk ids and metadata;
- ``texts/``: each document's clean text and sections (the document page, the models);
- ``embed-cache.sqlite``: the source's cache (the copies' chunks embed to the same vectors);
- the store: every chunk with the source's dense and sparse vectors (nothing is embedded).

Copy ``k`` ≥ 1 of ``moi-truong/x.txt`` is ``tong-hop-00k/moi-truong/x.txt``: its ``doc_id``
and ``source_path`` follow from that path as conversion makes them, and its chunk ids are
recomputed the way :mod:`ingest.convert` makes them; the payload and the state's metadata are
marked ``synthetic: true`` (payload) and the title gets " (bản sao tổng hợp k)", so nobody
mistakes a copy for a document. Metadata a manifest gave the originals (status, overrides) is
kept for the copies. The corpus models (diacritic restoration, term statistics) are then
trained on the copy, as the facade does after an ingestion.

    .venv/bin/python bench/scale_home.py --source /tmp/pq-scale-src --source-corpus corpus \\
        --dest /tmp/pq-scale-10k --size 10000
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")

import argparse  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import sqlite3  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

COPY_DIR = "tong-hop-{:03d}"
COLLECTION = "policyqa"
WRITE_BATCH = 1000


def chunk_id(doc_id: str, ordinal: int, text: str) -> str:
    """The id :mod:`ingest.convert` gives chunk ``ordinal`` of ``doc_id``."""
    digest = hashlib.sha256(f"{doc_id}\n{ordinal}\n{text}".encode()).hexdigest()[:16]
    return f"{doc_id}#{ordinal}:{digest}"


def _text_name(doc_id: str) -> str:
    return hashlib.sha1(doc_id.encode()).hexdigest()[:20] + ".json"  # index.catalogue.Catalogue.text_path


def _renamed(meta: dict, prefix: str, copy: int) -> dict:
    """Document metadata of copy ``copy``: ids and paths under ``prefix``, labelled."""
    out = dict(meta)
    if copy:
        out["doc_id"] = f"{prefix}/{meta['doc_id']}"
        out["source_path"] = f"{prefix}/{meta['source_path']}"
        if out.get("title"):
            out["title"] = f"{meta['title']} (bản sao tổng hợp {copy})"
    return out


def build_home(source: Path, source_corpus: Path, dest: Path, size: int | None) -> dict:
    """Build ``dest`` from ``source`` (its files under ``source_corpus``); ``size`` None → one copy.

    :returns: what was built and how long each part took.
    """
    from haystack import Document

    from index.state import IndexState
    from index.store import open_store

    started = time.perf_counter()
    if dest.exists():
        raise SystemExit(f"{dest} exists: remove it first")
    src_state = IndexState.open(source)
    files = [f for f in src_state.files() if f.content_hash]
    settings = dict(src_state._db.execute("SELECT key, value FROM settings").fetchall())
    known = src_state._db.execute("SELECT number_key, data FROM known").fetchall()
    src_state.close()
    src_store = open_store(source, None, None, COLLECTION, 384)
    chunks = src_store.filter(with_vectors=True)
    src_store.close()
    by_id = {c.id: c for c in chunks}
    texts = {f.doc_id: json.loads((source / "texts" / _text_name(f.doc_id)).read_text(encoding="utf-8")) for f in files}
    source_corpus = source_corpus.resolve()
    corpus = dest / "corpus"
    corpus.mkdir(parents=True)
    for extra in ("manifest.json", "README.md"):
        if (source_corpus / extra).is_file():
            shutil.copy2(source_corpus / extra, corpus / extra)
    shutil.copy2(source / "embed-cache.sqlite", dest / "embed-cache.sqlite")
    (dest / "texts").mkdir()

    db = sqlite3.connect(dest / "state.sqlite", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    from index.state import SCHEMA

    db.executescript(SCHEMA)
    db.executemany("INSERT INTO settings(key, value) VALUES (?, ?)", list(settings.items()))
    db.executemany("INSERT INTO known(number_key, data) VALUES (?, ?)", known)
    store = open_store(dest, None, None, COLLECTION, 384)
    batch: list[Document] = []
    rows, written, copy, t_store = [], 0, 0, 0.0
    target = size or sum(len(f.chunk_ids) for f in files)
    while written < target:
        prefix = COPY_DIR.format(copy)
        for f in files:
            if written >= target:
                break
            rel = Path(f.path).resolve().relative_to(source_corpus).as_posix()
            path = corpus / (f"{prefix}/{rel}" if copy else rel)
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f.path, path)
            meta = _renamed(f.meta, prefix, copy)
            ids = []
            for old in f.chunk_ids:
                chunk = by_id[old]
                cmeta = dict(chunk.meta)
                ordinal = int(cmeta.get("ordinal", old.split("#")[-1].split(":")[0]))
                new = chunk_id(meta["doc_id"], ordinal, chunk.content) if copy else old
                if copy:
                    cmeta.update(doc_id=meta["doc_id"], source_path=meta["source_path"], chunk_id=new, synthetic=True)
                    if cmeta.get("title"):
                        cmeta["title"] = meta["title"]
                ids.append(new)
                batch.append(Document(id=new, content=chunk.content, meta=cmeta, embedding=chunk.embedding,
                                      sparse_embedding=chunk.sparse_embedding))
            rows.append((str(path.resolve()), meta["source_path"], meta["doc_id"], f.content_hash, json.dumps(ids),
                         "[]", json.dumps(meta, ensure_ascii=False)))
            record = dict(texts[f.doc_id])
            record["meta"] = _renamed(record["meta"], prefix, copy)
            (dest / "texts" / _text_name(meta["doc_id"])).write_text(json.dumps(record, ensure_ascii=False),
                                                                     encoding="utf-8")
            written += len(ids)
            if len(batch) >= WRITE_BATCH:
                t = time.perf_counter()
                store.write(batch)
                t_store += time.perf_counter() - t
                batch = []
        copy += 1
    if batch:
        t = time.perf_counter()
        store.write(batch)
        t_store += time.perf_counter() - t
    db.executemany("INSERT INTO files(path, source_path, doc_id, content_hash, chunk_ids, pending_ids, meta)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    db.close()
    t = time.perf_counter()
    store.optimize()
    optimize_s = time.perf_counter() - t
    points = store.count()
    store.close()
    t = time.perf_counter()
    from common.config import load_settings
    from qa.facade import PolicyQA

    qa = PolicyQA(load_settings(home=dest, corpus_dir=corpus))
    qa.engine.models.ensure()
    models_s = time.perf_counter() - t
    qa.close()
    return {"source": str(source), "dest": str(dest), "files": len(rows), "copies": copy, "points": points,
            "store_write_s": round(t_store, 1), "optimize_s": round(optimize_s, 1), "models_s": round(models_s, 1),
            "build_s": round(time.perf_counter() - started, 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", type=Path, required=True, help="a home built with policyqa ingest")
    ap.add_argument("--source-corpus", type=Path, default=REPO / "corpus",
                    help="the folder the source was ingested from (its files are copied)")
    ap.add_argument("--dest", type=Path, required=True)
    ap.add_argument("--size", type=int, default=None, help="chunks (default: one copy of the source)")
    args = ap.parse_args(argv)
    print(json.dumps(build_home(args.source, args.source_corpus, args.dest, args.size)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
