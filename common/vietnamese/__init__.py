"""The Vietnamese language layer every stage stands on: pure functions on text, no I/O.

Below ``ingest``, ``index``, ``qa`` and ``ui``, and importing none of them:

* :mod:`~common.vietnamese.syllables` — syllable structure and canonical tone placement
  (``hoá`` ≡ ``hóa``).
* :mod:`~common.vietnamese.normalize` — the text users read (:func:`clean_text`), the form the
  index compares (:func:`index_form`, :func:`syllables`), accent folding (:func:`fold_accents`,
  :func:`fold`), wrapped-line joining.
* :mod:`~common.vietnamese.sentences` — sentence and list-item spans that keep quotes verbatim.
* :mod:`~common.vietnamese.numbers` — document types and number keys ("41/NQ-TW" → "41-nq-tw").
* :mod:`~common.vietnamese.dates` — dates as documents write them ↔ ISO 8601.
* :mod:`~common.vietnamese.mentions` — the documents a text cites, with type, date and issuer.

How a *question* names a document is the question side of this: :mod:`qa.queryrefs`.
"""
