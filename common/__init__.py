"""Settings, shared types and errors that every stage (ingest → index → qa → ui) may import.

Nothing else is shared sideways between stages: keep this package small.
"""
