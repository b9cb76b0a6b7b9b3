"""HTML for the web app, built by pure functions (no gradio import; tested directly).

Everything that comes from a document or an upload passes through :func:`esc` before it
reaches the page: the text of a policy file is data, never markup. Highlighting works on
the original text: tokens are compared in their accent-folded index form, so a query typed
without diacritics ("che phu rung") marks "che phủ rừng" in the passage.
"""

from __future__ import annotations

import html
import re
from typing import Iterable

from ingest.docnumber import number_key
from ingest.textnorm import fold_accents, index_form
from qa.types import NOT_FOUND

STATUS_LABELS = {"original": "Toàn văn", "digest": "Tóm lược", "metadata-only": "Chỉ có thông tin"}
DIGEST_BADGE = "Bản tóm lược"
LIBRARY_HEADERS = ["Số hiệu", "Loại", "Ngày", "Cơ quan", "Trích yếu", "Trạng thái"]

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


def vn_date(iso: str | None) -> str:
    """``2016-06-13`` → ``13/06/2016`` (partial dates are shown as given)."""
    if not iso:
        return ""
    parts = iso.split("-")
    return "/".join(reversed(parts)) if len(parts) == 3 else iso


# --- highlighting --------------------------------------------------------------------------


def _fold(token: str) -> str:
    return fold_accents(index_form(token)).strip(".,%")


def _token_spans(text: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, token) of each word; hyphenated words also yield their parts."""
    for m in _WORD_RE.finditer(text):
        tok = m.group(0)
        yield m.start(), m.end(), tok
        if not any(c.isdigit() for c in tok) and "/" not in tok:
            for part in re.finditer(r"[^-.,_]+", tok):
                if part.group(0) != tok:
                    yield m.start() + part.start(), m.start() + part.end(), part.group(0)


def query_terms(query: str) -> tuple[set[str], set[str]]:
    """``(exact, folded)`` terms of a query.

    A query typed with diacritics is matched exactly (in index form: "phủ" marks "phủ", not
    "phù"); a query typed without any is matched on folded forms ("phu" marks "phủ", "phú").
    """
    forms = set()
    for _, _, tok in _token_spans(query or ""):
        fold = _fold(tok)
        if fold and fold not in _STOPWORDS and (len(fold) > 1 or fold.isdigit()):
            forms.add(index_form(tok).strip(".,%"))
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
        if index_form(tok).strip(".,%") in exact or _fold(tok) in folded:
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
        f'<div class="src-text">{passage}</div></div>'
    )


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
        f'<div class="src-text">{highlight_terms(p.text, query)}</div></div>'
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


def hit_choice(p) -> str:
    """The label of a hit in the "open at this section" selector."""
    section = f" — mục {p.section}" if p.section else ""
    return f"{p.rank}. {short_title(p)}{section}"


# --- library and documents -----------------------------------------------------------------


def library_rows(docs) -> list[list[str]]:
    return [
        [d.doc_number or "", d.doc_type or "", vn_date(d.issued_date), d.issuer or "",
         d.summary or d.title or "", status_label(d.status)]
        for d in docs
    ]


def doc_choice(d) -> str:
    head = " ".join(x for x in (d.doc_type, d.doc_number) if x) or d.title or d.doc_id
    return f"{head} ({vn_date(d.issued_date)})" if d.issued_date else head


def section_anchor(i: int) -> str:
    return f"sec-{i}"


def _key(number: str | None) -> str:
    return number_key(number or "")


def document_html(info, view, library) -> str:
    """A document page: metadata, outline, full text by section, citation links both ways.

    :param info: the ``DocumentInfo`` from the library.
    :param view: what ``PolicyQA.document`` returned (``meta``/``text``/``sections``) or None.
    :param library: every ``DocumentInfo``, to tell loaded references from missing ones.
    """
    rows = [
        ("Số hiệu", info.doc_number), ("Loại", info.doc_type), ("Cơ quan ban hành", info.issuer),
        ("Ngày ban hành", vn_date(info.issued_date)), ("Nơi ban hành", info.place),
        ("Người ký", info.signer), ("Trích yếu", info.summary), ("Trạng thái", status_label(info.status)),
        ("Tệp nguồn", info.source_path),
    ]
    meta = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows if v)
    badge = f' <span class="badge digest">{DIGEST_BADGE}</span>' if info.status == "digest" else ""
    out = [f'<div class="doc-page"><h2>{esc(info.title or info.doc_number or info.doc_id)}{badge}</h2>',
           f'<table class="doc-meta">{meta}</table>']
    out.append(_links_html(info, library))
    sections = list(getattr(view, "sections", None) or [])
    if sections:
        outline = "".join(
            f'<li><a href="#{section_anchor(i)}">{esc(_section_heading(s))}</a></li>'
            for i, s in enumerate(sections) if getattr(s, "kind", "body") in ("body", "preamble")
        )
        out.append(f'<details open class="outline"><summary>Mục lục</summary><ul>{outline}</ul></details>')
        body = "".join(_section_html(i, s) for i, s in enumerate(sections))
        out.append(f'<div class="doc-text">{body}</div>')
    elif getattr(view, "text", None):
        out.append(f'<div class="doc-text"><div class="sec-text">{esc(view.text)}</div></div>')
    else:
        out.append('<p class="not-found">Văn bản này chỉ có thông tin mô tả, hệ thống không có nội dung.</p>')
    out.append("</div>")
    return "".join(out)


def _section_html(i: int, s) -> str:
    heading = _section_heading(s)
    # Numbered sections begin with their own number: a separate label would repeat it.
    label = "" if (s.text or "").lstrip().startswith(heading) else f'<div class="sec-label">{esc(heading)}</div>'
    return (f'<section id="{section_anchor(i)}" class="doc-sec kind-{esc(getattr(s, "kind", ""))}">'
            f'{label}<div class="sec-text">{esc(s.text)}</div></section>')


def _section_heading(s) -> str:
    label = getattr(s, "section", "") or ""
    title = getattr(s, "section_title", "") or ""
    if label and title:
        return f"{label}. {title}" if not title.startswith(label) else title
    return label or title or {"header": "Phần đầu", "signature": "Chữ ký", "distribution": "Nơi nhận",
                               "recipients": "Kính gửi", "preamble": "Mở đầu"}.get(getattr(s, "kind", ""), "")


def _links_html(info, library) -> str:
    by_key = {_key(d.doc_number): d for d in library if d.doc_number}
    cites, missing = [], []
    for number in info.cites or []:
        d = by_key.get(_key(number))
        if d is not None and d.status != "metadata-only":
            cites.append(f"<li>{esc(doc_choice(d))}</li>")
        else:
            what = f"{esc(number)} — {esc(d.summary)}" if d is not None and d.summary else esc(number)
            missing.append(f"<li>{what}</li>")
    cited_by = "".join(f"<li>{esc(x)}</li>" for x in info.cited_by or [])
    by_id = {d.doc_id: d for d in library}
    amended_by = "".join(f"<li>{esc(doc_choice(by_id[x]))}</li>" for x in info.amended_by or [] if x in by_id)
    parts = []
    if amended_by:
        parts.append(f'<h4 class="amended">Đã được sửa đổi, bổ sung hoặc thay thế bởi</h4><ul>{amended_by}</ul>')
    if info.amends:
        amends = "".join(f"<li>{esc(n)}</li>" for n in info.amends)
        parts.append(f"<h4>Sửa đổi, bổ sung hoặc thay thế</h4><ul>{amends}</ul>")
    if cites:
        parts.append(f"<h4>Văn bản được dẫn chiếu</h4><ul>{''.join(cites)}</ul>")
    if cited_by:
        parts.append(f"<h4>Được dẫn chiếu bởi</h4><ul>{cited_by}</ul>")
    if missing:
        parts.append(f'<h4>Văn bản được nhắc đến nhưng chưa nạp</h4><ul class="missing">{"".join(missing)}</ul>')
    return f'<div class="doc-links">{"".join(parts)}</div>' if parts else ""


def find_section(view, passage_text: str, section: str) -> int | None:
    """Index of the section that holds a passage (by position in the text, else by label)."""
    sections = list(getattr(view, "sections", None) or [])
    text = getattr(view, "text", "") or ""
    probe = (passage_text or "").strip()[:80]
    pos = text.find(probe) if probe else -1
    if pos >= 0:
        for i, s in enumerate(sections):
            if getattr(s, "start", 0) <= pos < getattr(s, "end", -1):
                return i
    for i, s in enumerate(sections):
        if section and getattr(s, "section", None) == section:
            return i
    return None


# --- ingestion and drafts -------------------------------------------------------------------


def ingest_report_html(report, rejected: list[dict] | None = None) -> str:
    """Per-file result: added / updated / unchanged / failed with the reason, and the warnings
    of indexed files (a scanned page nothing could be read from)."""
    rows = []
    for key, label in (("added", "Đã thêm"), ("updated", "Đã cập nhật"), ("unchanged", "Không đổi"),
                       ("removed", "Đã gỡ")):
        for path in getattr(report, key, []) if report else []:
            rows.append(f'<tr class="{key}"><td>{esc(_short(path))}</td><td>{label}</td><td></td></tr>')
    for item in list(getattr(report, "failed", []) if report else []) + list(rejected or []):
        rows.append(f'<tr class="failed"><td>{esc(_short(item.get("path")))}</td><td>Lỗi</td>'
                    f'<td>{esc(item.get("error"))}</td></tr>')
    for item in getattr(report, "warnings", []) if report else []:
        rows.append(f'<tr class="warning"><td>{esc(_short(item["path"]))}</td><td>Cảnh báo</td>'
                    f'<td>{esc(item["warning"])}</td></tr>')
    for item in getattr(report, "duplicates", []) if report else []:
        rows.append(f'<tr class="duplicate"><td>{esc(_short(item["path"]))}</td><td>Trùng lặp</td>'
                    f'<td>{esc(item["reason"])} với {esc(_short(item["same_as"]))}: nên giữ một tệp</td></tr>')
    summary = ""
    if report:
        summary = (f"<p>Chỉ mục hiện có {report.documents} văn bản, {report.chunks} đoạn "
                   f"({report.seconds:.1f} giây).</p>")
    table = ("<table class='ingest-report'><tr><th>Tệp</th><th>Kết quả</th><th>Lý do</th></tr>"
             f"{''.join(rows)}</table>") if rows else "<p>Không có tệp nào.</p>"
    return summary + table


def _short(path: str | None) -> str:
    """A file's name and its folder: enough to recognise it, without the server's layout."""
    parts = str(path or "").replace("\\", "/").rstrip("/").split("/")
    return "/".join(parts[-2:])


def progress_line(p) -> str:
    stage = {"convert": "Đang chuyển đổi", "ocr": "Đang nhận dạng chữ (OCR)", "embed": "Đang tạo vector",
             "write": "Đang ghi chỉ mục",
             "done": "Xong", "failed": "Lỗi", "skip": "Bỏ qua (không đổi)"}.get(p.stage, p.stage)
    name = (p.path or "").rsplit("/", 1)[-1]
    return f"{stage}: {name} ({p.done_files}/{p.total_files}) {p.message}".strip()


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
