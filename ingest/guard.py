"""Parsers of untrusted files run in a child process, with a time and a memory limit.

A file is whatever an uploader sends. pypdf, python-docx and lxml are pure-Python or C
parsers that can spend minutes or gigabytes on a hostile file (a content stream of millions
of operators, a zip that unpacks to gigabytes, a loop in a PDF's object tree), or crash
the interpreter. So the step that parses a file's bytes into text runs in a child forked
from a clean server process (``forkserver``: never a fork of the app's threads), under
``RLIMIT_AS`` (the memory it has when it starts plus ``memory_mb``), and is killed after
``timeout_s``. Whatever happens there becomes an :class:`~common.errors.IngestError` naming
the file: the app and ``policyqa ingest`` go on with the next file.

An exception the parser was not written to expect (a ``TypeError`` deep in pypdf on a
corrupt object) is also reported as that file's failure, with its type, and logged with its
traceback: for a hostile file the parser's own bugs are part of what the file can do, and
one such file must not stop the ingestion of a thousand others.

OCR and LibreOffice already run as separate programs with their own time limits
(:mod:`ingest.ocr`, :mod:`ingest.readers`); this guards what runs inside Python.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import resource
import threading
import traceback
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from common.errors import IngestError

logger = logging.getLogger(__name__)

# Formats that are zip archives: their members are unpacked by the reader or by LibreOffice.
ZIP_SUFFIXES = {".docx", ".pptx", ".xlsx", ".odt", ".ods", ".odp"}
_PRELOAD = ["ingest.readers", "ingest.office", "pypdf", "docx", "lxml.etree"]


@dataclass(frozen=True)
class ReadLimits:
    """How much one file may cost to read (filled from ``settings.ingest`` by the pipeline builder)."""

    timeout_s: float = 120.0
    memory_mb: int = 1536
    max_unpacked_mb: float = 300.0
    min_text_share: float = 0.6


# The settings (``ingest`` group) that fill :class:`ReadLimits`, named as there.
LIMIT_SETTINGS = ("parse_timeout_s", "parse_memory_mb", "max_unpacked_mb", "text_min_share")


def read_limits(values: dict) -> ReadLimits:
    """:class:`ReadLimits` from values named as the settings (``{"parse_timeout_s": 120, …}``)."""
    names = {"parse_timeout_s": "timeout_s", "parse_memory_mb": "memory_mb", "max_unpacked_mb": "max_unpacked_mb",
             "text_min_share": "min_text_share"}
    return ReadLimits(**{names[name]: value for name, value in values.items()})


def check_archive(path: Path, max_unpacked_mb: float) -> None:
    """Refuse a zip-based file whose members unpack to more than ``max_unpacked_mb``.

    The sizes are the ones the archive declares; a member that lies about its size is cut
    at the declared size by :mod:`zipfile` (and by LibreOffice), so the declared total
    bounds what any reader unpacks. A "zip bomb" packs hundreds of megabytes of one byte
    into a few hundred kilobytes.

    :raises IngestError: not a zip archive, or too much unpacked.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError(path, f"tệp {Path(path).suffix.lstrip('.').upper()} bị hỏng, không đọc được") from exc
    if unpacked > max_unpacked_mb * 2**20:
        raise IngestError(
            path, f"tệp giải nén ra {unpacked / 2**20:.0f} MB, quá giới hạn {max_unpacked_mb:g} MB "
                  "(có thể là «bom nén»); không đọc")


_context_lock = threading.Lock()
_context = None


def fork_context():
    """One forkserver per process, started on first use with the parsers already imported:
    every Python child this process starts comes from it (the parsers here, the corpus models'
    retraining in :mod:`qa.models`), never from a fork of the app's threads."""
    global _context
    with _context_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(_PRELOAD)
            _context = context
        return _context


def _virtual_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _child(conn, memory_mb: int, cpu_s: int, parse: Callable, args: tuple) -> None:
    """In the child: apply the memory limit, parse, send back ("ok", result) or why not.

    The CPU limit (twice the time limit) ends a child whose parent died before killing it.
    """
    try:
        limit = _virtual_bytes() + memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 5))
        conn.send(("ok", parse(*args)))
    except IngestError as exc:
        conn.send(("refused", exc.reason))
    except MemoryError:
        conn.send(("memory", ""))
    except RecursionError:
        conn.send(("deep", ""))
    except Exception as exc:  # noqa: BLE001 - the parser's own failure on this file (module docstring)
        conn.send(("crash", f"{type(exc).__name__}: {exc}"[:300], traceback.format_exc()))
    finally:
        conn.close()


def run_guarded(path: Path, parse: Callable[..., Any], *args, limits: ReadLimits) -> Any:
    """``parse(*args)`` in a guarded child process; its result (it must pickle).

    :param path: the user's file, named in every error (``args`` may name a converted copy).
    :param parse: a module-level function (the child imports it by name).
    :raises IngestError: the parser refused the file, ran out of time or memory, or failed.
    """
    context = fork_context()
    receiver, sender = context.Pipe(duplex=False)
    cpu_s = max(1, math.ceil(2 * limits.timeout_s))
    process = context.Process(target=_child, args=(sender, limits.memory_mb, cpu_s, parse, args), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(limits.timeout_s):
            process.kill()
            raise IngestError(path, f"đọc tệp quá {limits.timeout_s:g} giây, đã dừng (tệp có thể bị hỏng "
                                    "hoặc được tạo ra để làm treo chương trình đọc)")
        try:
            status, *payload = receiver.recv()
        except EOFError:
            process.join(5)
            raise IngestError(path, f"chương trình đọc tệp bị dừng đột ngột (mã {process.exitcode}); "
                                    "tệp có thể bị hỏng") from None
    finally:
        receiver.close()
        process.join(5)
    return _outcome(path, status, payload, limits)


def _outcome(path: Path, status: str, payload: list, limits: ReadLimits) -> Any:
    if status == "ok":
        return payload[0]
    if status == "refused":
        raise IngestError(path, payload[0])
    if status == "memory":
        raise IngestError(path, f"đọc tệp cần hơn {limits.memory_mb} MB bộ nhớ, đã dừng (tệp có thể bị hỏng "
                                "hoặc được tạo ra để làm cạn bộ nhớ)")
    if status == "deep":
        raise IngestError(path, "cấu trúc tệp lồng nhau quá sâu, không đọc được")
    logger.warning("Parser failed on %s: %s", path, payload[1])
    raise IngestError(path, f"tệp bị hỏng, chương trình đọc gặp lỗi ({payload[0]})")
