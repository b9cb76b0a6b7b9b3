"""Domain errors. Each names the file (or argument) and the reason, in Vietnamese for users."""

from __future__ import annotations

import unicodedata


def printable(text: str) -> str:
    """``text`` safe to print on one line: control, format (bidirectional overrides, zero
    width) and line/paragraph separator characters written as ``\\uXXXX``.

    A file name is whatever its author chose: "hợp-đồng\\u202efdp.exe" shows as "…exe.pdf",
    and a newline in a name would forge a second line of a report.
    """
    return "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in str(text)
    )


class PolicyQAError(Exception):
    """Base of every error the project raises on purpose."""


class IngestError(PolicyQAError):
    """A file could not be turned into text: ``path`` and a one-line ``reason``."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{printable(path)}: {reason}")
        self.path = str(path)
        self.reason = reason


class IndexStoreError(PolicyQAError):
    """The index cannot be used or written (locked, config changed, server down)."""


class ConfigError(PolicyQAError):
    """A setting or command-line argument is wrong."""


class EmbedderError(PolicyQAError):
    """Passages could not be embedded: the embedding process died or failed (the reason named)."""
