"""Parsers that misbehave as a hostile file can make a real one misbehave: for the guard's tests.

Module-level functions, because the guarded child process imports them by name.
"""

from __future__ import annotations

import os
import signal
import time


def hang(path):
    """A parser caught in a loop (a PDF whose page tree points back at itself)."""
    time.sleep(600)


def swallow_memory(path):
    """A parser that unpacks without end (a zip or a stream bomb)."""
    blocks = []
    while True:
        blocks.append(bytearray(64 * 2**20))


def crash_interpreter(path):
    """A parser whose C code dies (a segmentation fault in a native decoder)."""
    os.kill(os.getpid(), signal.SIGSEGV)


def misread(path):
    """A parser bug that a corrupt object reaches (pypdf raises TypeError on some)."""
    return None + 1


def nest(depth):
    """A reader that recurses once per level of nesting."""
    return 1 if depth == 0 else 1 + nest(depth - 1)
