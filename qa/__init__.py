"""Stage 3, qa: a question becomes retrieved passages and a cited answer; also drafts and evaluation.

Rooms: the facade the UI calls — ``facade``; the engine that answers — ``service`` (QAEngine),
with the models it uses besides the index in ``models`` (corpus models retrained with the
index, sentence ranker, reranker, generator) and what it looks up about the loaded documents
in ``documents``; reading the question — ``diacritics`` (with ``question_words``), ``abbreviations``, ``queryrefs`` (the
documents it names), ``intent`` (with ``asked_numbers``, a document's number or a form's code asked), ``constraints`` (with ``categories``, classes named by a letter, and
``bodies``, provinces, agencies and laws named by title);
retrieval — ``pipeline``, ``retrieval``, ``expand``, ``rerank``; the extractive answer — ``answer`` (picks and quotes), ``candidates``
(the sentences that could answer, with their signals; ``sought``, what the question names that they should hold), ``sentence_rank``, ``ranges`` (the bracket of a schedule that holds the amount asked), ``evidence``,
``figures``, ``tables``, ``direct``, ``frame``; verification and abstention — ``verify`` (with ``asked_fact``, the asked figure, date or duration, and ``units``),
``qualifiers``, ``contrasts``, ``abstain``; the optional generated answer — ``generate`` (chat
client) and ``claims`` (every claim checked against its cited passage, with ``support`` and
``injection``); drafting — the ``draft`` package (one entry) and ``export``; measuring — ``evaluate``; its values —
``types``.
"""
