"""Drafting's one entry: topic → documents → plan → text → verified draft.

:func:`compose_draft` runs the stages in order — the topic's subject and source
(:mod:`qa.draft.topic`), its documents (:mod:`qa.draft.documents`), the plan
(:mod:`qa.draft.plan`), the text (:mod:`qa.draft.write`), the check (:mod:`qa.draft.verify`)
— and, when a chat model is configured, lets it write from the same plan
(:mod:`qa.draft.generate`), keeping its draft only when it passes the same check. Export to
Markdown or Word is :mod:`qa.export`.
"""

from __future__ import annotations

import re
from typing import Callable

from common.config import DraftPolicy
from common.vietnamese.mentions import iter_mentions
from qa.draft.documents import OpenDocument, Search, choose_documents, searched_note, sourced_documents
from qa.draft.forms import ARTICLE, form_of, length_of
from qa.draft.generate import compose_generated
from qa.draft.names import cap
from qa.draft.plan import Plan, make_plan
from qa.draft.topic import named_by_topic, split_source, topic_core
from qa.draft.verify import verify_draft
from qa.draft.write import write_draft
from qa.types import Draft


def compose_draft(
    topic: str,
    search: Search,
    open_document: OpenDocument,
    *,
    named: list[str] | None = None,
    titles: dict[str, str] | None = None,
    sizes: dict[str, int] | None = None,
    read_text: Callable[[str], str] | None = None,
    length: str = "medium",
    form: str = ARTICLE,
    generate: Callable[[str], str] | None = None,
    policy: DraftPolicy = DraftPolicy(),
    nearest: float | None = None,
    admits: Callable[[str], bool] | None = None,
    unmet: str = "",
    known_by_name: tuple[list[str], list[str]] = ([], []),
) -> Draft:
    """Compose a draft on ``topic``.

    :param search: the retriever, ``search(query, k)``, already restricted to the user's documents.
    :param open_document: a loaded document by id (None when it is not loaded).
    :param named: ids of the loaded documents the topic names or that carry out one it names.
    :param titles: doc_id → formal name and trích yếu; ``sizes``: → its chunks (see choose_documents).
    :param read_text: a loaded document's clean text by id (its opening names its author).
    :param length: short/medium/long (ngắn/vừa/dài); ``form``: bài viết, đề cương tuyên truyền, giải thích quy định, tin ngắn.
    :param policy: the planning bars (``settings.draft``).
    :param nearest: the cosine of the topic to its nearest passage (``draft.min_dense``).
    :param admits: whether a loaded document speaks of the topic's years; ``unmet`` names them.
    :param known_by_name: (unloaded texts the topic names, loaded ones citing them): see _known_by_name_only.
    :param generate: optional chat model, kept only where it quotes verbatim (:mod:`qa.draft.generate`).
    :returns: a draft for which :func:`verify_draft` returns no problem.
    :raises ConfigError: unknown length or form.
    """
    length = length_of(length)
    form = form_of(form, topic)
    if known_by_name[0] and not named and not (
            named := _citing_named_by_topic(topic, known_by_name[1], titles or {}, open_document, policy)):
        return _known_by_name_only(topic, form, length, *known_by_name)
    content, source = split_source(topic_core(topic))
    found = search(" ".join([content, *source.names, *(who for who, _ in source.issuers)]), policy.search_depth)
    hits = [h for h in found if admits is None or admits(h.doc_id)]
    read_text = read_text or (lambda doc_id: doc.text if (doc := open_document(doc_id)) is not None else "")
    by_source = sourced_documents(source, content, hits, search, open_document, read_text, titles or {}, policy)
    named = _admitted(named or [], by_source, admits)
    documents = choose_documents(content, hits, named, open_document, titles or {}, policy, sizes)
    plan = make_plan(content, documents, form, length, named=bool(named), policy=policy, nearest=nearest)
    draft = write_draft(topic, plan)
    if not plan.parts:
        draft.searched = searched_note(topic, found, titles or {})
        if not hits and found and unmet:  # every nearest document was set aside for the years it lacks
            draft.searched.append(f"Các văn bản gần nhất không nói đến {unmet}.")
    problems = verify_draft(draft)
    if problems:  # construction guarantees none; a problem here is a bug, never a draft to publish
        raise RuntimeError("Bản thảo không qua kiểm tra trích dẫn: " + "; ".join(problems))
    if generate is not None and plan.parts:
        generated = compose_generated(topic, plan, generate)
        if generated is not None and not verify_draft(generated):
            return generated
    return draft


def _admitted(named: list[str], by_source: list[str], admits: Callable[[str], bool] | None) -> list[str]:
    """The documents named, then those found by the topic's source, that speak of the years it names
    (``admits``). The texts it names speak of them together, not each: a resolution of 2004 named beside
    the letter that sets its 2020 targets stays a source; a text found by its author or date must itself."""
    given = [] if admits is not None and not any(admits(d) for d in named) else list(named)
    return list(dict.fromkeys([*given, *(d for d in by_source if admits is None or admits(d))]))


# How a request names the text its subject rests on: "… theo Quyết định 181/2003/QĐ-TTg".
# Right before the text's name, typed with or without marks; "tại", "triển khai", "thực hiện" name the
# subject as often ("những điểm mới tại Nghị định …", "triển khai Chỉ thị …"), so they do not count.
_BASIS = re.compile(r"\b(?:theo|căn cứ(?: vào)?|can cu(?: vao)?)\s*$", re.IGNORECASE)


def _citing_named_by_topic(topic: str, citing: list[str], titles: dict[str, str], open_document: OpenDocument,
                           policy: DraftPolicy) -> list[str]:
    """The loaded documents citing the topic's unloaded one that the topic names by their trích yếu
    ("Chương trình cải cách hành chính thành phố Cần Thơ giai đoạn 2004-2010, trọng tâm là cơ chế một
    cửa theo Quyết định 181/2003/QĐ-TTg"): the subject is theirs, the unloaded text only its basis
    (sealed-topics-21: an empty draft). A letter citing the unloaded text in passing is not named so."""
    mentions = iter_mentions(topic)
    if not mentions or any(not _BASIS.search(topic[:m.start]) for m in mentions):
        return []  # "Soạn đề cương tuyên truyền Chỉ thị 36-CT/TW …": the unloaded text is the subject
    core = topic_core(topic)
    docs = [d for doc_id, title in titles.items() if title in citing and (d := open_document(doc_id)) is not None]
    return [d.doc_id for d in docs if named_by_topic(core, [d], policy.title_named_share)]


def _known_by_name_only(topic: str, form: str, length: str, unloaded: list[str], citing: list[str]) -> Draft:
    """An empty draft on a topic about documents the library knows by name only, saying so and
    where they are cited: drafted from a letter that cites them in passing, the article would
    present the letter's words as theirs."""
    draft = write_draft(topic, Plan(form, length, []))
    draft.searched = [f"{cap(t)}: chưa được nạp vào hệ thống (chỉ biết số hiệu và trích yếu), nên không thể soạn "
                      "bài từ nội dung của văn bản này." for t in unloaded]
    draft.searched += [f"Văn bản đã nạp có nhắc đến: {t}" for t in citing[:3]]
    return draft
