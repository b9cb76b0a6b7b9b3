"""Which documents hold tables flattened one cell per line, and which of them are rebuilt.

Reads every file of a folder as ``policyqa convert`` does (reader, encoding repair, NFC) and
reports two counts per document:

* ``runs`` — every run of blocks that opens with a running number alone on its line ("1",
  "2" … after blank lines) and has at least three lines per block: the broad shape of a
  flattened table (also a numbered form to fill in, or a list);
* ``rebuilt`` — the tables :func:`ingest.celltables.find_cell_tables` rebuilds (header, number
  sequence and cell counts agree), with their rows.

Usage: ``.venv/bin/python bench/cell_tables.py [corpus] [--show]`` (``--show`` prints each
rebuilt table as it will be indexed).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common.vietnamese import normalize  # noqa: E402
from ingest import readers  # noqa: E402
from ingest.celltables import find_cell_tables  # noqa: E402

_RUNNING = re.compile(r"^\s*(\d{1,3}|[IVXL]{1,5}|[a-zđ])[.)]?\s*$")


def candidate_runs(text: str) -> int:
    """Runs of ≥ 2 blank-separated blocks of 3–10 lines, each opening with a running number."""
    blocks, current = [], []
    for line in text.split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    runs = length = 0
    for block in blocks + [[""]]:
        if _RUNNING.match(block[0]) and 3 <= len(block) <= 10:
            length += 1
            continue
        runs += length >= 2
        length = 0
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", default=str(Path(__file__).resolve().parents[1] / "corpus"))
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    root = Path(args.folder)
    shown = 0
    for path in sorted(p for p in root.rglob("*") if p.suffix.lower() in readers.SUPPORTED and p.name != "README.md"):
        text = normalize.clean_text(readers.read_file(path).text)
        runs, tables = candidate_runs(text), find_cell_tables(text)
        if not runs and not tables:
            continue
        shown += 1
        rows = sum(len(t.rows) for t in tables)
        print(f"{path.relative_to(root)}: {runs} runs, {len(tables)} tables rebuilt ({rows} rows)")
        if args.show:
            for t in tables:
                print("\n".join("    " + line.replace("\t", " | ") for line in t.lines) + "\n")
    print(f"{shown} documents")


if __name__ == "__main__":
    main()
