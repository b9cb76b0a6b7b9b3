"""Article drafts ("soạn bài") made of verbatim quotations from the documents.

Propaganda staff publish these drafts without re-checking every line, so the composer writes no
fact of its own: every statement is a direct quotation “…” copied from a loaded document and
followed by its marker ``[n]``; the text around the quotations names the source formally and
carries no figure, name or claim of its own. :func:`compose_draft` is the one entry and only
returns drafts that :func:`verify_draft` passes.

The stages, each a module that talks to the next through small typed values:

- :mod:`~qa.draft.topic` — the topic's subject, the source it names
  (:class:`~qa.draft.topic.TopicSource`), whether it names a document by its trích yếu;
- :mod:`~qa.draft.aspects` — the parts it enumerates, named as headings name them;
- :mod:`~qa.draft.library` — loaded documents whole, from the index
  (:class:`~qa.draft.sources.SourceDocument`), and the documents a topic names;
- :mod:`~qa.draft.sources` — a document's quotable sentences in context
  (:class:`~qa.draft.sources.Sentence`), each in its unit; :mod:`~qa.draft.units` — its own parts
  (:class:`~qa.draft.sources.Unit`) with their headings;
- :mod:`~qa.draft.tables` — a table's rows and the header line each is quoted under;
  :mod:`~qa.draft.whole_tables` — a table drafted whole (a document that is one short table, or
  the table that answers the topic read whole);
- :mod:`~qa.draft.documents` — which documents the draft is about;
- :mod:`~qa.draft.terms` — how much of the topic a sentence covers;
- :mod:`~qa.draft.roles` — what a sentence does besides its words (a basis, a table row, a title);
- :mod:`~qa.draft.forms` — the four forms, their sizes, an explainer's questions;
- :mod:`~qa.draft.plan` — parts and quotations (:class:`~qa.draft.plan.Plan`), gaps named, with
  :mod:`~qa.draft.asked_parts` for the units that answer the parts the topic names;
- :mod:`~qa.draft.write` — the text in the form asked (:class:`qa.types.Draft`);
- :mod:`~qa.draft.names` — formal document names, authors' bylines and printed quotations, shared by all;
- :mod:`~qa.draft.verify` — the check every draft passes;
- :mod:`~qa.draft.generate` — the optional chat-model path, held to the same check;
- :mod:`~qa.draft.compose` — the chain itself. Export (Markdown, Word) is :mod:`qa.export`.
"""

from qa.draft.compose import compose_draft
from qa.draft.documents import OpenDocument, Search
from qa.draft.forms import ARTICLE, BRIEF, EXPLAINER, OUTLINE
from qa.draft.generate import check_generated, compose_generated
from qa.draft.library import DraftLibrary
from qa.draft.names import display_quote, document_names
from qa.draft.sources import SourceDocument
from qa.draft.topic import topic_core
from qa.draft.verify import verify_draft
from qa.draft.write import NO_MATERIAL

__all__ = [
    "ARTICLE", "BRIEF", "EXPLAINER", "NO_MATERIAL", "OUTLINE", "DraftLibrary", "OpenDocument", "Search",
    "SourceDocument", "check_generated", "compose_draft", "compose_generated", "display_quote", "document_names",
    "topic_core", "verify_draft",
]
