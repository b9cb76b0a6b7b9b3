"""What an ingestion would do, said before it starts, and how long it should take.

The admin's "Cập nhật chỉ mục" on a partial or outdated index must not silently re-embed a
whole folder: :func:`plan_ingest` lists the files that would be added, re-indexed or removed
(and why every file would be, after ``--rebuild`` or a newer converter) without converting or
writing anything, and estimates the time from the chunks per second measured on this index
(:func:`record_speed`, called by ``Library.ingest``).
"""

from __future__ import annotations

from pathlib import Path

from index.types import IngestPlan
from ingest.convert import file_hash
from ingest.service import collect_files

SPEED_SETTINGS = {"fresh": "chunks_per_second", "cached": "cached_chunks_per_second"}
# Until this index has measured its own speed (README, "Ingestion"): a first index on two busy cores
# embeds 2–3 chunks/s; re-indexing the corpus with every vector in the embedding cache takes ≈ 30 s
# for 3,087 chunks.
DEFAULT_SPEED = {"fresh": 2.5, "cached": 100.0}
MIN_MEASURED_CHUNKS = 10  # a smaller run says too little about the speed
FALLBACK_BYTES_PER_CHUNK = 1500.0


def record_speed(state, kind: str, chunks: int, seconds: float) -> None:
    """Remember the speed of a run's ``kind`` of work ("fresh": new text embedded; "cached": an
    unchanged file processed again, its vectors from the embedding cache)."""
    if chunks >= MIN_MEASURED_CHUNKS and seconds > 0:
        state.set_setting(SPEED_SETTINGS[kind], f"{chunks / seconds:.3f}")


def measured_speed(state, kind: str) -> float | None:
    value = state.get_setting(SPEED_SETTINGS[kind])
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _bytes_per_chunk(files) -> dict[str, float]:
    """Bytes of source file per chunk on this index, by file extension ("" = all kinds)."""
    sizes: dict[str, list[float]] = {}
    for f in files:
        path = Path(f.path)
        if f.content_hash and f.chunk_ids and path.is_file():
            for key in (path.suffix.lower(), ""):
                total = sizes.setdefault(key, [0.0, 0.0])
                total[0] += path.stat().st_size
                total[1] += len(f.chunk_ids)
    return {k: b / c for k, (b, c) in sizes.items() if c}


def plan_ingest(state, paths: list[Path], reason: str | None, cached: bool = True) -> IngestPlan:
    """The files ``ingest(paths)`` would process, without converting or writing anything.

    :param state: the index's ``IndexState``.
    :param reason: why every file would be processed again ("rebuild", "converter"), "config"
        when the ingestion would be refused without a rebuild, or None.
    :param cached: an unchanged file processed again finds its vectors in the embedding cache
        (False after a change of embedder or chunking).
    :raises IngestError: a named path does not exist.
    """
    plan = IngestPlan(reason=reason)
    files = state.files()
    ratio = _bytes_per_chunk(files)
    again = reason in ("rebuild", "converter")
    seen: set[str] = set()
    for source in collect_files([Path(p) for p in paths]):
        key = str(source.path.resolve())
        seen.add(key)
        previous = state.get(key)
        same = bool(previous and previous.content_hash) and file_hash(source.path) == previous.content_hash
        if same and not again and not previous.pending_ids:
            plan.unchanged += 1
            continue
        (plan.changed if previous is not None and previous.content_hash else plan.new).append(str(source.path))
        if same and cached:
            plan.cached_chunks += len(previous.chunk_ids)
        elif previous is not None and previous.chunk_ids:
            plan.chunks += len(previous.chunk_ids)
        else:
            per_chunk = ratio.get(source.path.suffix.lower()) or ratio.get("") or FALLBACK_BYTES_PER_CHUNK
            plan.chunks += max(1, round(source.path.stat().st_size / per_chunk))
    for given in paths:
        prefix = str(Path(given).resolve()) + "/"
        if Path(given).is_dir():
            plan.removed.extend(f.path for f in files
                                if f.path.startswith(prefix) and f.path not in seen and not Path(f.path).exists())
    speeds = {kind: measured_speed(state, kind) for kind in SPEED_SETTINGS}
    plan.measured = speeds["fresh"] is not None
    plan.chunks_per_second = speeds["fresh"] or DEFAULT_SPEED["fresh"]
    cached_speed = speeds["cached"] or DEFAULT_SPEED["cached"]
    plan.seconds = round(plan.chunks / plan.chunks_per_second + plan.cached_chunks / cached_speed, 1)
    return plan
