"""Domain errors. Each names the file (or argument) and the reason, in Vietnamese for users."""

from __future__ import annotations


class PolicyQAError(Exception):
    """Base of every error the project raises on purpose."""


class IngestError(PolicyQAError):
    """A file could not be turned into text: ``path`` and a one-line ``reason``."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class IndexStoreError(PolicyQAError):
    """The index cannot be used or written (locked, config changed, server down)."""


class ConfigError(PolicyQAError):
    """A setting or command-line argument is wrong."""
