"""Below every stage (ingest → index → qa → ui): settings, shared types and errors, and the
Vietnamese language layer.

Rooms: ``config`` (one settings object), ``types`` (what stages hand each other), ``errors``
(domain errors), ``vietnamese/`` (normalization, syllables, sentences, document numbers, dates,
the documents a text cites: pure text work every stage stands on). Nothing here imports a
stage, and nothing else is shared sideways between stages: keep this package small.
"""
