"""Stage 1, ingest: a file becomes clean Unicode text, metadata and sections (no index here).

Rooms: reading files — ``readers``, ``office`` (LibreOffice), ``ocr``/``scanned`` (Tesseract),
``rawtext``, ``guard`` (limits); legacy encodings (TCVN3/VNI/VISCII) — ``legacy``; pages —
``pages``; tables flattened one cell per line — ``celltables``; metadata — ``metadata`` with ``heading``, ``names``, ``dockind``, ``addressees``,
``amendments``, ``labels``, ``frame``, ``manifest``; structure — ``markers``, ``sections``,
``chunking``; the whole conversion — ``convert``; Haystack components and the pipeline —
``components``, ``pipeline``; the facade's entry — ``service``.

The Vietnamese text primitives it uses (normalization, sentences, document numbers, dates)
are the language layer below every stage: :mod:`common.vietnamese`.
"""
