"""The models answering uses besides the index, each built or retrained once, when needed.

* corpus models — diacritic restoration (:mod:`qa.diacritics`) and term statistics
  (:class:`qa.evidence.TermStats`) — trained on the indexed texts and retrained whenever the
  set of indexed files has changed (a stamp of their content hashes under the home folder);
* which sentence answers (:func:`sentence_ranker`: the fitted model or the hand-set weights);
* the optional reranker (:mod:`qa.rerank`) and generator (:mod:`qa.generate`), built on first use.

:class:`QAModels` holds them for :class:`qa.service.QAEngine`, which only answers.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from pathlib import Path

from common.config import AnswerPolicy, Settings
from index.catalogue import read_record
from ingest.guard import fork_context
from qa.evidence import TermStats
from qa.sentence_rank import HandRanker, SentenceModel
from qa.types import Passage

logger = logging.getLogger(__name__)


# How the corpus models are trained; a new value retrains them in every home on its next start
# (2: the question phrases, qa.question_words.QUESTION_PHRASES; 3: "làm gì", "vậy" among them;
# 4: "quá bao nhiêu", a limit asked).
TRAINING_VERSION = "4"

class QAModels:
    """Corpus models kept in step with the library, and the optional reranker and generator.

    :param settings: the ``qa`` group decides restoration, reranker and generator
    :param library: the index (:class:`index.service.Library`): its texts, files and generation
    """

    def __init__(self, settings: Settings, library):
        self.settings = settings
        self.library = library
        self._lock = threading.RLock()
        self._training = threading.Lock()  # one retraining of the corpus models at a time
        self.restorer = None  # qa.diacritics.DiacriticModel, or None when restoration is off
        self.stats: TermStats | None = None
        self._generation = -1
        self._background: threading.Thread | None = None  # a retraining a question started
        self._trained_files = 0  # indexed files when the models were last trained (_outgrown)
        self._counted: tuple[int, int] = (-1, 0)  # (index generation, indexed files) last counted
        self._reranker = None
        self._generator = None

    def _hashes(self) -> list[str]:
        """The content hashes of the indexed files, sorted."""
        return sorted(f.content_hash for f in self.library.state.files() if f.content_hash)

    def _stamp(self, hashes: list[str] | None = None) -> str:
        """The indexed files' hashes and how the models are trained: either changing retrains them."""
        hashes = self._hashes() if hashes is None else hashes
        return hashlib.sha256("|".join([TRAINING_VERSION, *hashes]).encode()).hexdigest()[:16]

    def _indexed_files(self) -> int:
        return len(self._hashes())

    def _outgrown(self) -> bool:
        """While an ingestion runs, whether the indexed files have doubled since the models were
        trained: a first question, asked before the mission documents were in, trained them on
        (almost) nothing, and restoration then left "che phu rung" as typed for the whole first
        indexing. Retraining at 1, 2, 4, 8 … files costs about twice one retraining at the end.
        The files are counted once per index generation, not on every question (reading the
        state takes ≈ 0.2 s at 100k chunks)."""
        generation = self.library.generation
        if self._counted[0] != generation:
            self._counted = (generation, self._indexed_files())
        return self._counted[1] >= max(1, 2 * self._trained_files)

    def _paths(self) -> tuple[Path, Path, Path]:
        home = Path(self.settings.home)
        return home / "qa-diacritics.lm.gz", home / "qa-termstats.json.gz", home / "qa-models.stamp"

    def ensure(self, *, force: bool = False, wait: bool = True) -> None:
        """Load the corpus models, retraining them first when the indexed files changed.

        While an ingestion is running the current models are kept (retraining after every
        file would stall questions) until the indexed files have doubled since they were trained
        (:meth:`_outgrown`); the facade retrains once the ingestion is over. Training
        runs outside the lock: questions go on with the current models meanwhile (they used to
        wait for the whole retraining — ≈ 14 s on the full corpus — behind it). Only a first
        load, when there are no models yet, makes a question wait.

        :param wait: False (a question or a search): when models are loaded but stale, start
            their retraining in a background thread and return at once — the request that
            first notices the change must not carry the retraining (it did: one user's search
            took the whole retraining while ten users asked during an admin's re-index).
        """
        with self._lock:
            loaded = self.stats is not None
            if loaded and not force and (self._generation == self.library.generation
                                         or self.library.busy and not self._outgrown()):
                return
            if loaded and not force and not wait:
                if self._background is None or not self._background.is_alive():
                    self._background = threading.Thread(target=self.ensure, name="policyqa-retrain", daemon=True)
                    self._background.start()
                return
        if not self._training.acquire(blocking=not loaded or force):
            return  # another thread is retraining: keep answering with the current models
        try:
            with self._lock:
                loaded = self.stats is not None
                generation = self.library.generation
                if loaded and not force and self._generation == generation:
                    return  # retrained by the thread this one waited for
            restorer, stats = self._train(force, loaded)
            with self._lock:
                if stats is not None:
                    self.restorer, self.stats = restorer, stats
                self._generation = generation
        finally:
            self._training.release()

    def _train(self, force: bool, loaded: bool):
        """(restorer, term statistics) retrained and loaded when the corpus changed; (None, None)
        when the files on disk are current and already loaded."""
        from qa.diacritics import DiacriticModel

        hashes = self._hashes()
        stamp = self._stamp(hashes)
        self._trained_files = len(hashes)
        lm_path, stats_path, stamp_path = self._paths()
        fresh = stamp_path.is_file() and stamp_path.read_text() == stamp and lm_path.is_file() and stats_path.is_file()
        if force or not fresh:
            self._retrain(lm_path, stats_path)
            stamp_path.write_text(stamp)
        if fresh and loaded and not force:
            return None, None
        restorer = DiacriticModel.load(lm_path) if self.settings.qa.restore_diacritics else None
        try:
            stats = TermStats.load(stats_path)
        except KeyError:  # written before pair frequencies were kept: retrain once
            TermStats.build(self.library.catalogue.iter_texts()).save(stats_path)
            stats = TermStats.load(stats_path)
        return restorer, stats

    def _retrain(self, lm_path: Path, stats_path: Path) -> None:
        """Train both corpus models on the indexed texts and write them — in a child process at
        ``qa.retrain_nice`` (questions keep this process's interpreter and the CPU meanwhile),
        or here when that is None or the child fails."""
        catalogue = self.library.catalogue
        paths = [str(catalogue.text_path(f.doc_id)) for f in self.library.state.files() if f.content_hash]
        nice = self.settings.qa.retrain_nice
        if nice is not None:
            child = fork_context().Process(
                target=train_corpus_models, args=(paths, str(lm_path), str(stats_path), nice), daemon=True)
            child.start()
            child.join()
            if child.exitcode == 0:
                return
            logger.warning("retraining the corpus models in a child process failed (exit %s); retraining here",
                           child.exitcode)
        train_corpus_models(paths, str(lm_path), str(stats_path), None)

    def rerank(self, query: str, passages: list[Passage]) -> list[Passage]:
        """The passages reordered by the cross-encoder of ``qa.rerank_model`` (loaded once)."""
        from qa.rerank import PassageReranker

        with self._lock:
            if self._reranker is None:
                self._reranker = PassageReranker(self.settings.qa.rerank_model)
                self._reranker.warm_up()
        return self._reranker.run(query=query, passages=passages)["passages"]

    def generator(self):
        """The generated-answer component for ``qa.generator_url`` (:mod:`qa.generate`), built once."""
        from qa.generate import GeneratedAnswerer

        q = self.settings.qa
        with self._lock:
            if self._generator is None:
                self._generator = GeneratedAnswerer(
                    q.generator_url, q.generator_model or "", q.generator_timeout_s, api_key=q.generator_api_key
                )
                self._generator.warm_up()
            return self._generator

    def generate(self, query: str, passages: list[Passage]) -> dict | None:
        """A generated answer from ``passages``, checked claim by claim; None without passages."""
        generator = self.generator()
        if not passages:
            return None
        return generator.run(question=query, passages=passages, stats=self.stats)


def train_corpus_models(text_paths: list[str], lm_path: str, stats_path: str, nice: int | None) -> None:
    """Train diacritic restoration and term statistics on the archived texts at ``text_paths``
    (``index.catalogue.Catalogue.text_path``; missing ones skipped) and write them, each through
    a temporary file so that no reader sees half a model. Runs in a child process (or, when
    that fails, in the app's own).

    :param nice: lower this process's scheduling priority by this much first (None: leave it).
    """
    from qa.diacritics import DiacriticModel
    from qa.question_words import QUESTION_PHRASES

    if nice:
        os.nice(nice)
    records = (read_record(Path(path)) for path in text_paths)
    texts = [record["text"] for record in records if record is not None]
    _save_whole(DiacriticModel.train([*texts, QUESTION_PHRASES], cleaned=True), Path(lm_path))
    _save_whole(TermStats.build(texts), Path(stats_path))


def _save_whole(model, path: Path) -> None:
    partial = path.with_name(path.name + ".partial")
    model.save(partial)
    os.replace(partial, path)


def sentence_ranker(policy: AnswerPolicy):
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
