"""The documents a draft is about: those the topic names, by number, author, date or title, else
those retrieval and their titles point to.

At most two documents, the second only when nearly as strong, so that an article announced as
being about one text does not quote mostly another. A topic that names its source by author
("dựa trên bài nghiên cứu của TS …") or date ("công văn 13/6/2016") is drafted from that text
(:func:`sourced_documents`). An empty draft says what was searched (:func:`searched_note`).
"""

from __future__ import annotations

import re
from typing import Callable

from common.config import DraftPolicy
from common.types import STATUS_METADATA_ONLY
from common.vietnamese.normalize import fold_accents
from qa.draft.sources import SourceDocument
from qa.draft.terms import content_terms, terms_of
from qa.draft.topic import TopicSource, date_in, issued_by, topic_core
from qa.types import Passage

Search = Callable[[str, int], list[Passage]]
OpenDocument = Callable[[str], "SourceDocument | None"]


def choose_documents(topic: str, hits: list[Passage], named: list[str], open_document: OpenDocument,
                     titles: dict[str, str], policy: DraftPolicy = DraftPolicy(),
                     sizes: dict[str, int] | None = None) -> list[SourceDocument]:
    """The one or two documents the draft is about (see the module docstring); ``named`` first.

    :param sizes: chunks per document: a document's summed retrieval ranks are divided by its size to
        ``draft.document_length_exponent`` (a long report collects many weak hits)."""
    chosen = [d for d in (open_document(doc_id) for doc_id in dict.fromkeys(named)) if d is not None]
    if chosen:
        return chosen[:2]
    folded = fold_accents(topic) == topic
    topic_terms = content_terms(terms_of(topic, folded))
    score: dict[str, float] = {}
    for rank, p in enumerate(hits):
        if p.status != STATUS_METADATA_ONLY:
            score[p.doc_id] = score.get(p.doc_id, 0.0) + 1.0 / (1 + rank)
    for doc_id in score:
        score[doc_id] /= max(1, (sizes or {}).get(doc_id, 1)) ** policy.document_length_exponent
        title = content_terms(terms_of(titles.get(doc_id, ""), folded))
        if topic_terms:
            score[doc_id] += policy.title_share_weight * len(topic_terms & title) / len(topic_terms)
    years = _years(topic)
    # A document whose own subject names other years than the topic's is about another period (the 2004–2005
    # planning report for "kế hoạch … năm 2003"): it comes after those that do not, whatever retrieval gave it.
    elsewhen = {d for d in score if _other_period(years, titles.get(d, ""))}
    ranked = sorted(score, key=lambda d: (d in elsewhen, -score[d]))
    out: list[SourceDocument] = []
    for doc_id in ranked[:2]:
        if out and (score[doc_id] < policy.second_document_ratio * score[ranked[0]] or doc_id in elsewhen):
            break
        doc = open_document(doc_id)
        if doc is not None:
            out.append(doc)
    return out


_YEAR = re.compile(r"(?<![\d/])((?:19|20)\d\d)(?:\s*(?:-|–|đến|tới)\s*(?:năm\s+)?((?:19|20)\d\d))?(?![\d/])")


def _years(text: str) -> set[int]:
    """The years ``text`` names, a period "1998-2000" with the years inside it."""
    out: set[int] = set()
    for m in _YEAR.finditer(text):
        a, b = int(m.group(1)), int(m.group(2) or m.group(1))
        out.update(range(a, b + 1) if a <= b <= a + 30 else (a, b))
    return out


_FILE_NAME = re.compile(r"\(tệp [^)]*\)")  # a title made of its file's name: "Bảng số liệu (tệp 2005-1DCA4_3b)"


def _other_period(years: set[int], title: str) -> bool:
    """Whether a title's subject names years, none of them the topic's ``years``."""
    subject = title.split(": ", 1)[1] if ": " in title else title  # after "<kind> số …, ngày …:", its issue's
    named = _years(_FILE_NAME.sub(" ", subject))
    return bool(years and named) and not years & named


def sourced_documents(source: TopicSource, content: str, hits, search: Search, open_document: OpenDocument,
             read_text: Callable[[str], str], titles: dict[str, str], policy: DraftPolicy) -> list[str]:
    """The loaded documents the topic names by their source: an author or speaker named in a
    document's opening (of several texts by one author, those on the subject, as
    :func:`choose_documents` ranks them by retrieval alone), a date in its formal name ("công văn 13/6/2016"),
    its issuer and year ("theo hướng dẫn của Bộ Tài chính năm 1998": of that issuer's texts that
    year, the one retrieval ranks first). Only the chosen documents are opened; the others are
    read as text or by their title."""
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
    loaded = dict.fromkeys(h.doc_id for h in hits if h.status != STATUS_METADATA_ONLY)
    for date in source.dates:
        out += [d for d in loaded if date_in(titles.get(d, ""), date)][:1]
    for issuer in source.issuers:
        out += [d for d in loaded if issued_by(titles.get(d, ""), issuer)][:1]
    return out


def searched_note(topic: str, hits, titles: dict[str, str]) -> list[str]:
    """What an empty draft tells the user: the search and the closest documents it found."""
    closest = list(dict.fromkeys(h.doc_id for h in hits if h.status != STATUS_METADATA_ONLY))[:3]
    return [f"Đã tìm: “{topic_core(topic)}”"] + [f"Gần nhất: {titles.get(d, d)}" for d in closest]
