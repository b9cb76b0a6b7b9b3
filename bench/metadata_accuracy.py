"""Metadata accuracy: how often conversion finds what a reader says a document is.

Converts every document of ``tests/fixtures/metadata/labels.json`` exactly as ``policyqa
convert`` does (:func:`ingest.convert.convert_file` with the corpus manifest; no index, no
embedding) and compares the fields with the labels written by reading the documents (their
conventions: ``tests/fixtures/metadata/README.md``). The same on the held-out sample of
``tests/fixtures/metadata/heldout`` (34 documents from outside the corpus, labelled the same way
after the rules were written, never used to write them). Then converts the whole corpus and
counts the loaded documents without a loại. Writes ``bench/results/metadata-accuracy.json``.

Scoring (per field, over all labelled documents, ``null`` labels included — finding a number a
form does not have is an error, like missing one):

- loại, số hiệu, ngày, cơ quan, issued_with: **exact** after :func:`normalize` — Unicode NFC,
  case folded, "Uỷ" spelt "Ủy", en/em dashes read as "-", quotation marks dropped, runs of
  whitespace collapsed, no space before , . ; : ) and none after (, surrounding spaces and
  . , ; : - stripped. Both ``null`` counts as a match.
- title: the same exact test between the label and the document's ``summary`` (the heading
  without its type word, as the labels are written); also reported, as ``title_token_f1``, the
  mean F1 of their normalized word sets (1.0 for two nulls, 0.0 when one side is null).

Run: ``python bench/metadata_accuracy.py [--labels FILE] [--corpus DIR] [--out FILE] [--tag before|after]``
(≈ 10 s).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

LABELS = REPO / "tests" / "fixtures" / "metadata" / "labels.json"
HELDOUT = REPO / "tests" / "fixtures" / "metadata" / "heldout"  # labels.json and the texts, never tuned on
CORPUS = REPO / "corpus"
OUT = REPO / "bench" / "results" / "metadata-accuracy.json"
FIELDS = ("doc_type", "doc_number", "issued_date", "issuer", "issued_with", "title")
GATED = ("doc_type", "doc_number", "issued_date", "issuer")  # issue 13: each ≥ 0.90

_QUOTES = re.compile(r"[\"“”„«»‘’']")
_DASHES = re.compile(r"[–—−]")
_SPACE_BEFORE = re.compile(r"\s+([,.;:)])")
_SPACE_AFTER = re.compile(r"([(])\s+")


def normalize(value: str | None) -> str | None:
    """The comparable form of a field value (see the module docstring); ``None`` stays ``None``."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value)).casefold()
    text = text.replace("uỷ", "ủy")
    text = _DASHES.sub("-", _QUOTES.sub("", text))
    text = " ".join(text.split())
    text = _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", text))
    return text.strip(" .,;:-") or None


def token_f1(expected: str | None, got: str | None) -> float:
    """F1 of the normalized word sets (a partial credit for titles)."""
    a, b = normalize(expected), normalize(got)
    if a is None and b is None:
        return 1.0
    if a is None or b is None:
        return 0.0
    wa, wb = set(re.findall(r"\w+", a)), set(re.findall(r"\w+", b))
    common = len(wa & wb)
    if not common:
        return 0.0
    precision, recall = common / len(wb), common / len(wa)
    return 2 * precision * recall / (precision + recall)


def extracted_fields(meta) -> dict:
    """The labelled fields of a converted document's :class:`common.types.DocMeta`."""
    return {"doc_type": meta.doc_type, "doc_number": meta.doc_number, "issued_date": meta.issued_date,
            "issuer": meta.issuer, "issued_with": meta.issued_with, "title": meta.summary}


def score(labels: list[dict], found: dict[str, dict]) -> dict:
    """Per-field accuracy of ``found`` (path → extracted fields) against ``labels``, overall and
    per group (instrument / other), with the mismatches.

    :returns: {"n", "accuracy": {field: share}, "title_token_f1", "groups": {...}, "misses": [...]}
    """
    def block(rows: list[dict]) -> dict:
        n = len(rows)
        acc = {}
        for f in FIELDS:
            hits = sum(normalize(r[f]) == normalize(found[r["path"]].get(f)) for r in rows)
            acc[f] = round(hits / n, 4) if n else None
        f1 = sum(token_f1(r["title"], found[r["path"]].get("title")) for r in rows) / n if n else None
        return {"n": n, "accuracy": acc, "title_token_f1": round(f1, 4) if f1 is not None else None}

    out = block(labels)
    groups = sorted({r.get("group", "") for r in labels})
    out["groups"] = {g: block([r for r in labels if r.get("group", "") == g]) for g in groups}
    out["misses"] = [
        {"path": r["path"], "field": f, "expected": r[f], "found": found[r["path"]].get(f)}
        for r in labels for f in FIELDS
        if normalize(r[f]) != normalize(found[r["path"]].get(f))
    ]
    return out


def measure(labels_path: Path, root: Path) -> dict:
    """Convert each labelled document under ``root`` (with ``root``'s manifest, if any) and score it."""
    from ingest.convert import convert_file
    from ingest.manifest import load_manifest

    manifest = load_manifest(root)
    labels = json.loads(labels_path.read_text(encoding="utf-8"))["documents"]
    found, titles = {}, {}
    for row in labels:
        meta = convert_file(root / row["path"], root=root, manifest=manifest).meta
        found[row["path"]] = extracted_fields(meta)
        titles[row["path"]] = meta.title
    result = score(labels, found)
    result["titles"] = titles
    return result


def untyped(corpus: Path) -> dict:
    """The loaded documents of ``corpus`` (as ``policyqa ingest`` collects them) without a loại."""
    from ingest.convert import convert_file
    from ingest.service import collect_files

    sources = list(collect_files([corpus]))
    missing = [
        doc.meta.source_path for doc in (convert_file(s.path, root=s.root, manifest=s.manifest) for s in sources)
        if not doc.meta.doc_type
    ]
    return {"documents": len(sources), "without_doc_type": len(missing), "untyped": missing}


def run(labels_path: Path, corpus: Path, heldout: Path | None = HELDOUT) -> dict:
    """The labelled sample, the held-out sample (when its folder exists) and the corpus count."""
    started = time.perf_counter()
    result = measure(labels_path, corpus)
    if heldout is not None and (heldout / "labels.json").is_file():
        result["heldout"] = measure(heldout / "labels.json", heldout)
    result["corpus"] = untyped(corpus)
    result["seconds"] = round(time.perf_counter() - started, 2)
    return result


def _machine() -> dict:
    return {"cores": os.cpu_count(), "load_1min": round(os.getloadavg()[0], 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--heldout", type=Path, default=HELDOUT,
                        help="folder of the held-out sample (labels.json and its texts); 'none' to skip")
    parser.add_argument("--tag", default="after", help="key the figures are stored under in --out (before/after)")
    args = parser.parse_args(argv)
    result = run(args.labels, args.corpus, None if str(args.heldout) == "none" else args.heldout)
    result["machine"] = _machine()
    store = json.loads(args.out.read_text(encoding="utf-8")) if args.out.is_file() else {}
    store[args.tag] = result
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(store, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for name, part in [("labelled sample", result), ("held-out sample", result.get("heldout"))]:
        if part is None:
            continue
        print(f"{name} ({part['n']} documents)")
        print(f"{'field':<12} {'all':>6} " + " ".join(f"{g:>11}" for g in part["groups"]))
        for f in FIELDS:
            row = " ".join(f"{part['groups'][g]['accuracy'][f]:>11.3f}" for g in part["groups"])
            print(f"{f:<12} {part['accuracy'][f]:>6.3f} {row}")
        print(f"title_token_f1 {part['title_token_f1']:.3f}")
    c = result["corpus"]
    print(f"corpus: {c['documents']} documents, {c['without_doc_type']} without loại; "
          f"{len(result['misses'])} field misses on {result['n']} labelled documents")
    return 0


if __name__ == "__main__":
    sys.exit(main())
