"""``policyqa ingest`` of one subset under several variants, alternated: which process embeds, or
which code — wall time, CPU (the process and every process it started) and the load average.

On shared cores the wall time of one run moves with the other jobs' load far more than with the
code (5.4–8.3 chunks/s for the same code within an hour); CPU seconds move less, and alternating
the variants run after run spreads the load over all of them. Each run: ``policyqa ingest FOLDER
--json`` in a new process on a fresh home, the embedding cache off; the subset is
:func:`bench.ingest_throughput.pick_subset` (both mission documents and ``--ref-docs`` reference
documents).

A variant is ``NAME=TREE`` (the code on ``PYTHONPATH``, e.g. ``git archive`` of a commit) with
optional settings after a colon: ``child=.:POLICYQA_INDEX__EMBED_IN_CHILD=true``.

    .venv/bin/python bench/ingest_paths.py --repeat 3 "in-process=." \\
        "child=.:POLICYQA_INDEX__EMBED_IN_CHILD=true" \\
        "child-nice0=.:POLICYQA_INDEX__EMBED_IN_CHILD=true,POLICYQA_INDEX__EMBED_CHILD_NICE=0"
    .venv/bin/python bench/ingest_paths.py --repeat 2 "before=/tmp/policyqa-7d84571" "after=."
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.ingest_throughput import copy_subset, pick_subset  # noqa: E402
from bench.stock_haystack import CORPUS, machine  # noqa: E402


def parse_variant(text: str) -> tuple[str, Path, dict[str, str]]:
    """``NAME=TREE[:KEY=VALUE,…]`` → (name, tree, settings)."""
    name, _, rest = text.partition("=")
    tree, _, settings = rest.partition(":")
    pairs = dict(item.split("=", 1) for item in settings.split(",") if item)
    return name, Path(tree or ".").resolve(), pairs


def run_once(folder: Path, home: Path, tree: Path, settings: dict[str, str]) -> dict:
    """One ``policyqa ingest`` in a new process: wall, CPU of it and its children, load before/after."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYQA_")}
    env.update({"POLICYQA_HOME": str(home), "POLICYQA_INDEX__EMBED_CACHE": "false", "PYTHONPATH": str(tree),
                "HAYSTACK_TELEMETRY_ENABLED": "False", **settings})
    load = os.getloadavg()[0]
    before, start = os.times(), time.perf_counter()
    done = subprocess.run([sys.executable, "-c", "import sys; from ui.cli import main; sys.exit(main())", "ingest",
                           str(folder), "--json"], cwd=tree, env=env, capture_output=True, text=True, check=False)
    wall, after = time.perf_counter() - start, os.times()
    if done.returncode != 0:
        raise RuntimeError(f"policyqa ingest exited {done.returncode}: {done.stderr[-500:]}")
    chunks = json.loads(done.stdout)["chunks"]
    cpu = (after.children_user + after.children_system) - (before.children_user + before.children_system)
    return {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1), "chunks": chunks,
            "chunks_per_s": round(chunks / wall, 2), "load": [round(load, 2), round(os.getloadavg()[0], 2)]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("variants", nargs="+", metavar="NAME=TREE[:KEY=VALUE,…]")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each variant, alternated")
    parser.add_argument("--ref-docs", type=int, default=10)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, help="write every run here (JSON)")
    args = parser.parse_args(argv)
    variants = [parse_variant(v) for v in args.variants]
    work = Path(tempfile.mkdtemp(prefix="pq-ingest-paths-"))
    runs = []
    try:
        folder = copy_subset(pick_subset(args.corpus, args.ref_docs), args.corpus, work / "corpus")
        for rep in range(args.repeat):
            for name, tree, settings in variants:
                home = work / f"home-{name}-{rep}"
                row = {"variant": name, "tree": str(tree), "settings": settings, "rep": rep,
                       **run_once(folder, home, tree, settings)}
                print(json.dumps(row, ensure_ascii=False), flush=True)
                runs.append(row)
                shutil.rmtree(home, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.out:
        args.out.write_text(json.dumps({"bench": "ingest_paths", "how": " ".join(sys.argv[1:]), "machine": machine(),
                                        "date": time.strftime("%Y-%m-%d"), "runs": runs}, ensure_ascii=False,
                                       indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
