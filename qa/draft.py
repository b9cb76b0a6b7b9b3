"""Article drafts ("soạn bài") made of verbatim quotations from the documents.

Propaganda staff publish these drafts without re-checking every line, so the composer
writes no fact of its own: every statement is a direct quotation “…” copied from a
retrieved passage and followed by its marker ``[n]``; the text around the quotations is a
small fixed set of connectives ("Về chỉ tiêu, … nêu rõ:") that names the source formally
and carries no figure. :func:`verify_draft` checks exactly that, and
:func:`compose_draft` only returns drafts it passes.

Steps: sub-queries (the topic, plus the generic aspects of a policy document phrased
around the topic) → candidate sentences of citable passages → scores (weighted overlap
with the topic, the aspect's cue words, optional embedding cosine) → sections → text.
The optional generator path (:func:`compose_generated`) lets a chat model write the same
structure; :func:`check_generated` keeps only sentences whose quotations are verbatim spans
of the passage they cite.

This module is the entry point (:func:`compose_draft`, forms and lengths); the steps live in
:mod:`qa.draft_plan` (quotations), :mod:`qa.draft_write` (text), :mod:`qa.draft_generate`
(chat model) and :mod:`qa.draft_verify` (names and the check). Their public names are
re-exported here.
"""

from __future__ import annotations

from typing import Callable

from common.errors import ConfigError
from ingest.textnorm import fold_accents, index_form
from qa.draft_generate import check_generated, compose_generated
from qa.draft_plan import (
    ARTICLE, BRIEF, GENERAL, OUTLINE, ROLES, Embed, Role, Search, _gather, _score, _select, topic_core,
)
from qa.draft_verify import display_quote, document_names, verify_draft
from qa.draft_write import NO_MATERIAL, _write
from qa.types import Draft

__all__ = [
    "ARTICLE", "BRIEF", "GENERAL", "NO_MATERIAL", "OUTLINE", "ROLES", "Embed", "Role", "Search", "check_generated",
    "compose_draft", "compose_generated", "display_quote", "document_names", "topic_core", "verify_draft",
]


_FORMS = {"bai viet": ARTICLE, "bai": ARTICLE, "de cuong tuyen truyen": OUTLINE, "de cuong": OUTLINE,
          "tin ngan": BRIEF, "tin": BRIEF}
_LENGTHS = {"short": "short", "ngan": "short", "medium": "medium", "vua": "medium", "trung binh": "medium",
            "long": "long", "dai": "long"}


def _choice(table: dict[str, str], value: str, what: str) -> str:
    key = fold_accents(index_form(value.strip()))
    if key not in table:
        raise ConfigError(f"{what} không hợp lệ: {value!r}")
    return table[key]


def compose_draft(
    topic: str,
    search: Search,
    *,
    length: str = "medium",
    form: str = ARTICLE,
    embed: Embed | None = None,
    generate: Callable[[str], str] | None = None,
) -> Draft:
    """Compose a draft on ``topic`` from the passages ``search(query, k)`` returns.

    :param search: the retriever, already restricted to the user's documents.
    :param length: short/medium/long (ngắn/vừa/dài): 3, 4 or 5 sections before the closing.
    :param form: "bài viết", "đề cương tuyên truyền" (numbered outline) or "tin ngắn" (one section).
    :param embed: optional sentence embedder; its cosine to the topic joins the lexical score.
    :param generate: optional chat model; its text is kept only where it quotes verbatim
        (see :func:`check_generated`), else the extractive draft is returned.
    :returns: a draft for which :func:`verify_draft` returns no problem.
    :raises ConfigError: unknown length or form.
    """
    length = _choice(_LENGTHS, length, "Độ dài")
    form = _choice(_FORMS, form, "Thể loại")
    _, pool = _gather(topic, search, 12 if length == "long" else 8)
    _score(topic, pool, embed)
    plan = _select(pool, form, length, embed is not None)
    draft = _write(topic, plan, form, length)
    if generate is not None and plan.lead is not None:
        generated = compose_generated(topic, plan, generate, form=form, length=length)
        if generated is not None:
            draft = generated
    problems = verify_draft(draft)
    if problems:  # construction guarantees none; a problem here is a bug, never a draft to publish
        raise RuntimeError("Bản thảo không qua kiểm tra trích dẫn: " + "; ".join(problems))
    return draft
