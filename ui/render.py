"""HTML for the web app, built by pure functions (no gradio import; tested directly).

Everything that comes from a document or an upload passes through :func:`esc` before it
reaches the page: the text of a policy file is data, never markup. Highlighting works on
the original text: tokens are compared in their accent-folded index form, so a query typed
without diacritics ("che phu rung") marks "che phủ rừng" in the passage.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Iterable

from common.vietnamese.normalize import fold_accents, index_form
from qa.types import NOT_FOUND

STATUS_LABELS = {"original": "Toàn văn", "digest": "Tóm lược", "metadata-only": "Chưa nạp (chỉ có thông tin mô tả)"}
DIGEST_BADGE = "Bản tóm lược"

# Function words that would light up every line; never highlighted on their own.
_STOPWORDS = frozenset(
    "la cua va cac nhung den bao nhieu gi nao the trong cho voi co duoc mot nay do ve tu "
    "khi thi ma o tai hay hoac nhu theo ra vao len".split()
)
_WORD_RE = re.compile(r"\w+(?:[-/.,]\w+)*%?")
_MARKER_RE = re.compile(r"\[(\d+)\]")


def esc(text: object) -> str:
    """HTML-escape any value (None → empty), quotes included."""
    return html.escape("" if text is None else str(text), quote=True)


def status_label(status: str | None) -> str:
    return STATUS_LABELS.get(status or "", status or "")


def vn_number(x: float, digits: int = 0) -> str:
    """Vietnamese number: 3.087 and 2,5."""
    text = f"{x:,.{digits}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def vn_date(iso: str | None) -> str:
    """``2016-06-13`` → ``13/06/2016`` (partial dates are shown as given)."""
    if not iso:
        return ""
    parts = iso.split("-")
    return "/".join(reversed(parts)) if len(parts) == 3 else iso


# --- highlighting --------------------------------------------------------------------------


# Distinct words whose forms are remembered: a page of ten passages has ≈ 25,000 characters
# but a few hundred distinct words, and a corpus a few tens of thousands.
_FORMS_CACHE = 1 << 16


@lru_cache(maxsize=_FORMS_CACHE)
def _forms(token: str) -> tuple[str, str]:
    """(index form, accent-folded index form) of a word, without edge punctuation."""
    form = index_form(token)
    return form.strip(".,%"), fold_accents(form).strip(".,%")


_JOINED_RE = re.compile(r"[-.,_]")  # a word of parts ("kinh-tế", "v.v"), unless a number or a code
_PART_RE = re.compile(r"[^-.,_]+")


def _token_spans(text: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, token) of each word; hyphenated words also yield their parts."""
    for m in _WORD_RE.finditer(text):
        tok = m.group(0)
        yield m.start(), m.end(), tok
        if _JOINED_RE.search(tok) and not any(c.isdigit() for c in tok) and "/" not in tok:
            for part in _PART_RE.finditer(tok):
                if part.group(0) != tok:
                    yield m.start() + part.start(), m.start() + part.end(), part.group(0)


def query_terms(query: str) -> tuple[set[str], set[str]]:
    """``(exact, folded)`` terms of a query.

    A query typed with diacritics is matched exactly (in index form: "phủ" marks "phủ", not
    "phù"); a query typed without any is matched on folded forms ("phu" marks "phủ", "phú").
    """
    forms = set()
    for _, _, tok in _token_spans(query or ""):
        form, fold = _forms(tok)
        if fold and fold not in _STOPWORDS and (len(fold) > 1 or fold.isdigit()):
            forms.add(form)
    if any(f != fold_accents(f) for f in forms):
        return forms, set()
    return set(), forms


def highlight_terms(text: str, query: str) -> str:
    """Escaped ``text`` with every token that matches a query term wrapped in ``<mark>``."""
    exact, folded = query_terms(query)
    spans: list[tuple[int, int]] = []
    last_end = -1
    for start, end, tok in _token_spans(text or ""):
        if start < last_end:
            continue
        form, fold = _forms(tok)
        if form in exact or fold in folded:
            spans.append((start, end))
            last_end = end
    return _wrap(text or "", spans)


def highlight_span(text: str, start: int, end: int) -> str:
    """Escaped ``text`` with ``text[start:end]`` (the quoted span) in ``<mark>``."""
    if not text or not (0 <= start < end <= len(text)):
        return esc(text)
    return _wrap(text, [(start, end)])


def _wrap(text: str, spans: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for start, end in spans:
        out.append(esc(text[pos:start]))
        out.append(f"<mark>{esc(text[start:end])}</mark>")
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


# --- answers ------------------------------------------------------------------------------


def anchor_id(turn: int, n: int) -> str:
    return f"src-{turn}-{n}"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


def md_escape(text: str) -> str:
    """Text shown literally by the chat's Markdown: HTML and Markdown punctuation escaped."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text or "", quote=False))


def marker_spans(text: str, quotes: list[str], cited: set[int]) -> list[tuple[int, int, int]]:
    """``(start, end, n)`` of the answer's own markers in ``text``.

    A marker is ``[n]`` with ``n`` a citation of the answer, outside every quoted passage: a
    document's own "[1]" (a footnote, a reference list) quoted in the answer stays text.
    """
    quoted = [(m.start(), m.end()) for q in quotes if q and q.strip() for m in re.finditer(re.escape(q), text)]
    return [(m.start(), m.end(), int(m.group(1))) for m in _MARKER_RE.finditer(text or "")
            if int(m.group(1)) in cited and not any(s <= m.start() < e for s, e in quoted)]


def _linked(text: str, turn: int, quotes: list[str], cited: set[int]) -> str:
    out, pos = [], 0
    for start, end, n in marker_spans(text or "", quotes, cited):
        out.append(md_escape(text[pos:start]))
        out.append(f"[\\[{n}\\]](#{anchor_id(turn, n)})")
        pos = end
    out.append(md_escape((text or "")[pos:]))
    return "".join(out)


def answer_markdown(answer, turn: int) -> str:
    """The chat message: escaped answer whose own [n] markers link to the source cards."""
    quotes = [c.quote for c in answer.citations or []]
    cited = {c.n for c in answer.citations or []}
    lines = []
    if answer.restored_question:
        lines.append(f"_Đã hiểu câu hỏi là: {md_escape(answer.restored_question)}_\n")
    direct = getattr(answer, "direct_answer", None)
    if direct:
        # "74,8% [1]": the figure is lifted from a quote; only the trailing marker is the answer's.
        head, marker = re.match(r"(.*?)(\s*\[\d+\])?$", direct, re.S).groups()
        lines.append(f"**Trả lời:** {md_escape(head)}{_linked(marker or '', turn, [], cited)}\n")
    lines.append(_linked(answer.answer, turn, quotes, cited))
    for note in answer.notes or []:
        lines.append(f"\n> {md_escape(note)}")
    return "\n".join(lines)


def plain_answer(markdown: str) -> str:
    """Back from :func:`answer_markdown` to the answer's text (for follow-up history)."""
    text = re.sub(r"^_Đã hiểu câu hỏi là: .*?_\n", "", markdown or "")
    text = re.sub(r"^\s*\*\*Trả lời:\*\* .*\n", "", text)
    text = re.sub(r"\[\\\[(\d+)\\\]\]\(#[^)]*\)", r"[\1]", text)
    text = re.sub(r"\n> .*", "", text)
    text = re.sub(r"\\(.)", r"\1", text)
    return html.unescape(text).strip()


def _copy_button(label: str) -> str:
    return (
        f'<button type="button" class="copy-cite" data-label="{esc(label)}" '
        'title="Chép trích dẫn">Chép trích dẫn</button>'
    )


def citation_card(c, turn: int) -> str:
    """One cited passage: label, digest badge, passage with the quote marked, copy button."""
    badge = f'<span class="badge digest">{DIGEST_BADGE}</span>' if c.status == "digest" else ""
    end = (c.quote_end or c.quote_start + len(c.quote)) if c.quote else 0
    passage = highlight_span(c.passage, c.quote_start, end)
    if "<mark>" not in passage and c.quote and c.quote in (c.passage or ""):
        i = c.passage.index(c.quote)
        passage = highlight_span(c.passage, i, i + len(c.quote))
    return (
        f'<div class="src-card" id="{anchor_id(turn, c.n)}">'
        f'<div class="src-head"><span class="src-n">[{c.n}]</span> '
        f'<span class="src-label">{esc(c.citation_label)}</span> {badge} {_copy_button(c.citation_label)}</div>'
        f'<div class="src-text">{passage}</div>{open_in_document(c.doc_id, c.passage, c.section, c.quote_start)}</div>'
    )


def open_in_document(doc_id: str, passage: str, section: str, offset: int = 0) -> str:
    """A link that opens the document at the section holding ``passage`` — at ``offset`` in it,
    where a quote starts — (``ui.tab_library``)."""
    probe = (passage or "")[:80]
    return (f'<a href="#" class="doc-link open-doc" data-doc="{esc(doc_id)}" data-probe="{esc(probe)}" '
            f'data-offset="{int(offset or 0)}" data-section="{esc(section)}">Xem trong văn bản</a>')


def passage_card(p, query: str = "", *, anchor: str = "") -> str:
    """A retrieved passage: rank, document, section, text with query terms marked."""
    badge = f'<span class="badge digest">{DIGEST_BADGE}</span>' if p.status == "digest" else ""
    section = f" — mục {esc(p.section)}" if p.section else ""
    title = f" {esc(p.section_title)}" if p.section_title else ""
    ident = f' id="{esc(anchor)}"' if anchor else ""
    return (
        f'<div class="hit-card"{ident}><div class="src-head"><span class="src-n">{p.rank}.</span> '
        f'<span class="src-label">{esc(short_title(p))}</span>{section}{title} {badge}'
        f" {_copy_button(p.citation_label)}</div>"
        f'<div class="src-cite">{esc(p.citation_label)}</div>'
        f'<div class="src-text">{highlight_terms(p.text, query)}</div>{open_in_document(p.doc_id, p.text, p.section)}</div>'
    )


def sources_html(answer, turn: int) -> str:
    """The sources panel: cited passages, or the fixed not-found text with the nearest passages."""
    if answer.abstained or not answer.citations:
        near = "".join(passage_card(p, answer.question) for p in answer.passages[:5])
        head = f'<p class="not-found">{esc(NOT_FOUND)}</p>'
        if near:
            head += "<h4>Các đoạn gần nhất</h4>"
        return f'<div class="sources">{head}{near}</div>'
    cards = "".join(citation_card(c, turn) for c in answer.citations)
    return f'<div class="sources"><h4>Nguồn trích dẫn</h4>{cards}</div>'


def search_html(result) -> str:
    if not result.hits:
        return f'<p class="not-found">{esc(NOT_FOUND)}</p>'
    note = ""
    if result.restored_query:
        note = f'<p class="restored">Đã hiểu từ khóa là: {esc(result.restored_query)}</p>'
    # The restored query is the precise one: "chế" no longer lights up for "che".
    query = result.restored_query or result.query
    return note + "".join(passage_card(h, query) for h in result.hits)


def short_title(p) -> str:
    """A passage's document, without the trích yếu: "Công văn ngày 13/6/2016 của …"."""
    return (p.title or "").split(":")[0].strip() or p.doc_number or p.doc_id


# --- drafts ----------------------------------------------------------------------------------


def draft_html(draft) -> str:
    out = [f'<div class="draft"><h2>{esc(draft.title)}</h2><p class="lead"><b>{esc(draft.lead)}</b></p>']
    if draft.notes:
        out.append("<div class='draft-notes'><b>Lưu ý về nguồn</b><ul>"
                   + "".join(f"<li>{esc(n)}</li>" for n in draft.notes) + "</ul></div>")
    if draft.searched:
        out.append("<ul class='draft-searched'>" + "".join(f"<li>{esc(x)}</li>" for x in draft.searched) + "</ul>")
    for sec in draft.sections:
        if sec.heading:
            out.append(f"<h3>{esc(sec.heading)}</h3>")
        for para in sec.paragraphs:
            out.append(f"<p>{esc(para.text)}</p>")
    if draft.citations:
        out.append("<h4>Nguồn</h4><ol class='draft-refs'>")
        out.extend(f"<li value='{c.n}'>{esc(c.citation_label)}</li>" for c in draft.citations)
        out.append("</ol>")
    out.append("</div>")
    return "".join(out)
