"""Article drafts ("soạn bài") made of verbatim quotations from the documents.

Propaganda staff publish these drafts without re-checking every line, so the composer
writes no fact of its own: every statement is a direct quotation “…” copied from a loaded
document and followed by its marker ``[n]``; the text around the quotations names the source
formally and carries no figure, name or claim of its own. :func:`verify_draft` checks exactly
that, and :func:`compose_draft` only returns drafts it passes.

Steps: the documents the topic is about (:func:`qa.draft_plan.choose_documents`) → the plan:
parts from the topic and the documents' own structure, quotations per part, gaps named
(:func:`qa.draft_plan.make_plan`) → the text in the form asked (:mod:`qa.draft_write`). The
optional generator path (:func:`compose_generated`) lets a chat model write from the same plan;
:func:`check_generated` keeps only sentences whose quotations are verbatim spans of the passage
they cite, and a generated draft that fails the check is replaced by the extractive one.
"""

from __future__ import annotations

from typing import Callable

from common.config import DraftPolicy
from common.errors import ConfigError
from common.types import STATUS_METADATA_ONLY
from common.vietnamese.normalize import fold_accents, index_form
from qa.draft_generate import check_generated, compose_generated
from qa.draft_plan import ARTICLE, BRIEF, EXPLAINER, OUTLINE, OpenDocument, Search, choose_documents, make_plan
from qa.draft_sources import SourceDocument
from qa.draft_topic import TopicSource, date_in, split_source, topic_core
from qa.draft_verify import display_quote, document_names, verify_draft
from qa.draft_write import NO_MATERIAL, write_draft
from qa.types import Draft

__all__ = [
    "ARTICLE", "BRIEF", "EXPLAINER", "NO_MATERIAL", "OUTLINE", "OpenDocument", "Search", "SourceDocument",
    "check_generated", "compose_draft", "compose_generated", "display_quote", "document_names", "topic_core",
    "verify_draft",
]


_FORMS = {"bai viet": ARTICLE, "bai": ARTICLE, "de cuong tuyen truyen": OUTLINE, "de cuong": OUTLINE,
          "tin ngan": BRIEF, "tin": BRIEF, "giai thich quy dinh": EXPLAINER, "giai thich": EXPLAINER}

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
    open_document: OpenDocument,
    *,
    named: list[str] | None = None,
    titles: dict[str, str] | None = None,
    read_text: Callable[[str], str] | None = None,
    length: str = "medium",
    form: str = ARTICLE,
    generate: Callable[[str], str] | None = None,
    policy: DraftPolicy = DraftPolicy(),
) -> Draft:
    """Compose a draft on ``topic``.

    :param search: the retriever, ``search(query, k)``, already restricted to the user's documents.
    :param open_document: a loaded document by id (None when it is not loaded).
    :param named: ids of the loaded documents the topic names (or that implement a named
        document known only by metadata): the draft is about them.
    :param titles: doc_id → formal name and trích yếu, for matching the topic to a title.
    :param read_text: a loaded document's clean text by id, cheaper than opening it (its
        opening names its author); from ``open_document`` when None.
    :param length: short/medium/long (ngắn/vừa/dài): 3, 4 or 6 parts.
    :param form: "bài viết", "đề cương tuyên truyền", "giải thích quy định" or "tin ngắn".
    :param policy: the planning bars (``settings.draft``).
    :param generate: optional chat model; its text is kept only where it quotes verbatim
        (see :func:`check_generated`), else the extractive draft is returned.
    :returns: a draft for which :func:`verify_draft` returns no problem.
    :raises ConfigError: unknown length or form.
    """
    length = _choice(_LENGTHS, length, "Độ dài")
    form = _choice(_FORMS, form, "Thể loại")
    content, source = split_source(topic_core(topic))
    hits = search(" ".join([content, *source.names]), policy.search_depth)
    read_text = read_text or (lambda doc_id: doc.text if (doc := open_document(doc_id)) is not None else "")
    named = list(dict.fromkeys([*(named or []), *_sourced(source, content, hits, search, open_document, read_text,
                                                          titles or {}, policy)]))
    documents = choose_documents(content, hits, named, open_document, titles or {}, policy)
    plan = make_plan(content, documents, form, length, named=bool(named), policy=policy)
    draft = write_draft(topic, plan)
    if not plan.parts:
        draft.searched = _searched(topic, hits, titles or {})
    problems = verify_draft(draft)
    if problems:  # construction guarantees none; a problem here is a bug, never a draft to publish
        raise RuntimeError("Bản thảo không qua kiểm tra trích dẫn: " + "; ".join(problems))
    if generate is not None and plan.parts:
        generated = compose_generated(topic, plan, generate)
        if generated is not None and not verify_draft(generated):
            return generated
    return draft


def _sourced(source: TopicSource, content: str, hits, search: Search, open_document: OpenDocument,
             read_text: Callable[[str], str], titles: dict[str, str], policy: DraftPolicy) -> list[str]:
    """The loaded documents the topic names by their source: an author or speaker named in a
    document's opening (of several texts by one author, those on the subject, as
    :func:`choose_documents` ranks them by retrieval alone), a date in its formal name ("công văn 13/6/2016").
    Only the chosen documents are opened; the others are read as text or by their title."""
    out: list[str] = []
    for name in source.names:
        candidates = dict.fromkeys(h.doc_id for h in [*hits, *search(name, 20)] if h.status != STATUS_METADATA_ONLY)
        by_author = [d for d in candidates if name in " ".join(read_text(d)[:policy.author_opening_chars].split())]
        on_subject = [h for h in hits if h.doc_id in by_author]
        # Of one author's texts, the one on the subject is the one retrieval finds for it: titles are
        # uneven there (a speech has a heading, a short article may have none and could never earn
        # the title share of :func:`choose_documents`), so they are left out of this comparison.
        chosen = choose_documents(content, on_subject, [], open_document, {}, policy) if on_subject else []
        out += [d.doc_id for d in chosen][:1] or by_author[:1]  # "bài nghiên cứu của …": one text
    for date in source.dates:
        loaded = dict.fromkeys(h.doc_id for h in hits if h.status != STATUS_METADATA_ONLY)
        out += [d for d in loaded if date_in(titles.get(d, ""), date)][:1]
    return out


def _searched(topic: str, hits, titles: dict[str, str]) -> list[str]:
    """What an empty draft tells the user: the search and the closest documents it found."""
    closest = list(dict.fromkeys(h.doc_id for h in hits if h.status != STATUS_METADATA_ONLY))[:3]
    return [f"Đã tìm: “{topic_core(topic)}”"] + [f"Gần nhất: {titles.get(d, d)}" for d in closest]
