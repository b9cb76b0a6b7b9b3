"""Passages embedded in a child process of their own, for ingestions beside users' questions.

Why: the web app's first re-index after it starts imported sentence-transformers and loaded the
model (≈ 5 s of CPU, most of it holding the interpreter lock) and then embedded, all inside the
app's process, beside the users' requests: their p95 went from ≈ 0.8–1.0 s to 1.2–2.8 s over HTTP
(README "Many users at once"). In a child the import, the load and the embedding hold another
interpreter, at a lower scheduling priority (``index.embed_child_nice``), and the app only
converts, chunks and writes.

What crosses the pipe is only texts and vectors: the embedded Qdrant store allows one process
per folder, so the parent keeps writing it, and keeps the embedding cache (only its misses are
sent here, :func:`index.embed_cache.embed_with_cache`).

Protocol, over the child's stdin and stdout (its own stdout is sent to stderr, so that nothing a
library prints can corrupt it): each message a pickled tuple after its length (8 bytes, big-endian).

- parent → child: ``spec`` (a dict: backend, model, prefixes, models_dir, nice) once, then
  ``("encode", texts, batch_size)`` for each batch;
- child → parent: ``("ready", fingerprint, pid)`` once the encoder is made, then
  ``("vectors", array)`` or ``("error", kind, message)`` for each batch.

End of input (the parent closed the pipe, or died) ends the child; a child that dies ends the
parent's wait with :class:`~common.errors.EmbedderError` naming why. Run as
``python -m index.embed_child`` by :class:`ChildEncoder`, never by hand.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from common.errors import ConfigError, EmbedderError

_HEADER = 8
_PROJECT_ROOT = Path(__file__).resolve().parent.parent
_STOP_WAIT_S = 5.0


def _write(stream: BinaryIO, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(_HEADER, "big") + data)
    stream.flush()


def _read_exactly(stream: BinaryIO, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _read(stream: BinaryIO) -> Any:
    """The next message, or None at the end of input."""
    header = _read_exactly(stream, _HEADER)
    if header is None:
        return None
    data = _read_exactly(stream, int.from_bytes(header, "big"))
    return None if data is None else pickle.loads(data)  # noqa: S301 - our own parent or child


# --- the child ------------------------------------------------------------------------------------


def serve(requests: BinaryIO, replies: BinaryIO) -> int:
    """The child's loop: make the encoder the spec names, then embed batch after batch until the
    end of input. An encoder that cannot be made ends the child after saying why; a batch that
    fails is answered with its error and the child goes on."""
    from index.encoders import fingerprint, load_encoder

    spec = _read(requests)
    if spec is None:
        return 0
    if spec.get("nice"):
        os.nice(int(spec["nice"]))
    args = (spec["backend"], spec["model"], spec["query_prefix"], spec["passage_prefix"])
    try:
        encoder = load_encoder(*args, models_dir=spec["models_dir"])
        _write(replies, ("ready", fingerprint(*args, models_dir=spec["models_dir"]), os.getpid()))
    except Exception as exc:  # noqa: BLE001 - sent to the parent, which raises it
        _write(replies, ("error", type(exc).__name__, str(exc)))
        return 1
    while True:
        message = _read(requests)
        if message is None:
            return 0
        _, texts, batch_size = message
        try:
            vectors = encoder.encode(texts, False, batch_size)
        except Exception as exc:  # noqa: BLE001 - sent to the parent, which raises it
            _write(replies, ("error", type(exc).__name__, str(exc)))
            continue
        _write(replies, ("vectors", np.asarray(vectors, dtype=np.float32)))


def main() -> int:
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # what libraries print goes to stderr, never into the replies
    sys.stdout = sys.stderr
    try:
        return serve(sys.stdin.buffer, replies)
    except BrokenPipeError:
        return 0  # the parent has gone: nothing to answer


# --- the parent's side ------------------------------------------------------------------------------


class ChildEncoder:
    """An encoder (``dim``, ``name``, ``encode``) whose passages are embedded by a child process.

    The child is started on the first :meth:`encode` — the first passage not in the embedding
    cache — and kept for the next ones (the model stays loaded there); :meth:`close` stops it. A
    child that failed is stopped, and the next :meth:`encode` starts a new one. Questions are never
    embedded here: they stay in the parent, on their own instance.

    :param spec: what the child loads: ``backend``, ``model``, ``query_prefix``, ``passage_prefix``,
        ``models_dir`` (as :func:`index.encoders.load_encoder` takes them).
    :param dim: the vector size (the parent's encoder names it without loading the model).
    :param name: the model's identity.
    :param fingerprint: the parent's fingerprint of the embedder: the child must report the same,
        since the embedding cache and the index are keyed by it.
    :param nice: the child's scheduling niceness increment (0: none).
    """

    def __init__(self, spec: dict, dim: int, name: str, fingerprint: str, nice: int = 0) -> None:
        self.spec = {**spec, "nice": nice}
        self.dim, self.name, self.fingerprint = dim, name, fingerprint
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._log = None  # the child's stderr, read back when it fails

    @property
    def pid(self) -> int | None:
        """The running child's process id, or None when there is none."""
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def encode(self, texts: list[str], is_query: bool, batch_size: int) -> np.ndarray:
        """Vectors of ``texts`` from the child (started now if none runs).

        :raises ConfigError: the child could not load the model (missing, not installed).
        :raises EmbedderError: the child died, or failed on this batch.
        """
        if is_query:
            raise ValueError("questions are embedded in the app's own process, not in the child")
        with self._lock:
            if self._process is None or self._process.poll() is not None:
                self._start()
            try:
                _write(self._process.stdin, ("encode", list(texts), batch_size))
                reply = _read(self._process.stdout)
            except (OSError, ValueError):  # the pipe broke, or close() shut it meanwhile
                reply = None
            if reply is None:
                raise self._died(f"khi nhúng {len(texts)} đoạn")
            if reply[0] == "error":
                self._stop()
                raise _raised(reply[1], reply[2])
        vectors = np.asarray(reply[1], dtype=np.float32)
        return vectors.reshape(len(texts), self.dim)

    def _start(self) -> None:
        self._stop()
        self._log = tempfile.TemporaryFile(prefix="policyqa-embed-")
        path = os.environ.get("PYTHONPATH")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(_PROJECT_ROOT), *([path] if path else [])]),
               "TOKENIZERS_PARALLELISM": "false", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
        env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "index.embed_child"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self._log, env=env, close_fds=True)
        try:
            _write(self._process.stdin, self.spec)
            reply = _read(self._process.stdout)
        except (OSError, ValueError):
            reply = None
        if reply is None:
            raise self._died("khi khởi động")
        if reply[0] == "error":
            self._stop()
            raise _raised(reply[1], reply[2])
        if reply[1] != self.fingerprint:
            self._stop()
            raise EmbedderError(f"Tiến trình nhúng đoạn văn nạp mô hình {reply[1]!r}, khác với mô hình của chỉ mục "
                                f"{self.fingerprint!r}: không nhúng gì.")

    def _died(self, when: str) -> EmbedderError:
        """The error for a child that stopped answering (it is stopped for good first)."""
        process = self._process
        try:
            code = process.wait(timeout=_STOP_WAIT_S) if process is not None else None
        except subprocess.TimeoutExpired:  # alive but not answering: _stop() ends it
            code = None
        log = self._log_tail()
        self._stop()
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = str(-code)
            why = f"bị dừng bởi tín hiệu {name}" + (" (có thể do hết bộ nhớ)" if name == "SIGKILL" else "")
        elif code is not None:
            why = f"thoát với mã {code}"
        else:
            why = "không trả lời"
        return EmbedderError(
            f"Tiến trình nhúng đoạn văn (pid {process.pid if process else '?'}) {why} {when}; các văn bản đã lập "
            f"chỉ mục vẫn giữ nguyên, văn bản đang nạp sẽ được nạp lại ở lần cập nhật sau."
            + (f" Nhật ký của nó: {log}" if log else ""))

    def _log_tail(self, chars: int = 600) -> str:
        if self._log is None:
            return ""
        try:
            self._log.seek(0, os.SEEK_END)
            size = self._log.tell()
            self._log.seek(max(0, size - 4 * chars))
            text = self._log.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""
        lines = [line.strip() for line in text.replace("\r", "\n").splitlines() if line.strip()]
        return " | ".join(lines)[-chars:]

    def _stop(self) -> None:
        """End the child: close its input (it exits once its batch is done), then kill it if it
        has not within a few seconds; always reaped, never left behind."""
        process, self._process = self._process, None
        if process is not None:
            for stream in (process.stdin, process.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
            try:
                process.wait(timeout=_STOP_WAIT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def close(self) -> None:
        """Stop the child, if one runs. Idempotent; a batch being embedded meanwhile fails."""
        process = self._process
        if process is not None and not self._lock.acquire(timeout=_STOP_WAIT_S):
            process.kill()  # a batch holds the lock: end it now, the waiting encode() reports it
            self._lock.acquire()
        elif process is None:
            return
        try:
            self._stop()
        finally:
            self._lock.release()


def _raised(kind: str, message: str) -> Exception:
    """The parent's exception for an error the child reported."""
    if kind == "ConfigError":
        return ConfigError(message)
    return EmbedderError(f"Tiến trình nhúng đoạn văn báo lỗi {kind}: {message}")


if __name__ == "__main__":
    sys.exit(main())
