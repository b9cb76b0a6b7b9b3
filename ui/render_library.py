"""HTML of the library: the catalogue table and document pages (pure functions, no gradio).

Every document named on a page is a link (``<a class="doc-link" data-doc="…">``): to the loaded
document, or to the page of a document known only by metadata, which says it is not loaded and
lists the loaded documents citing it. The page's script turns a click on ``data-doc`` into an
event of the app (``ui.tab_library``). Text from documents is escaped, never markup.
"""

from __future__ import annotations

from common.vietnamese.numbers import number_key
from ui.catalogue import METADATA_ONLY, VIEW_REFERENCED, Catalogue, Entry
from ui.render import DIGEST_BADGE, esc, status_label, vn_date, vn_number

NOT_LOADED = ("Văn bản này chưa được nạp vào hệ thống: chỉ có thông tin mô tả lấy từ các văn bản dẫn chiếu "
              "đến nó, không có nội dung để đọc hay trích dẫn.")
# The page script of every panel holding document links: a click on ``data-doc`` becomes the
# component's "click" event, with the document id (and where to open it) as event data.
DOC_LINK_JS = """element.addEventListener('click', (e) => {
  const a = e.target.closest && e.target.closest('[data-doc]');
  if (!a || !element.contains(a)) return;
  e.preventDefault();
  trigger('click', {doc: a.dataset.doc, probe: a.dataset.probe || '', section: a.dataset.section || '',
                   offset: Number(a.dataset.offset || 0)});
});"""
OUTLINE_SNIPPET = 70  # characters of an untitled section's text shown in the table of contents


def doc_choice(d) -> str:
    """A document's name in a selector: loại, số hiệu and date, else its title."""
    head = " ".join(x for x in (d.doc_type, d.doc_number) if x) or d.title or d.doc_id
    return f"{head} ({vn_date(d.issued_date)})" if d.issued_date else head


def doc_link(entry: Entry | None, text: str | None = None) -> str:
    """A link that opens ``entry``'s page; plain text when there is nothing to open."""
    if entry is None:
        return esc(text)
    return (f'<a href="#" class="doc-link" data-doc="{esc(entry.info.doc_id)}">'
            f"{esc(text if text is not None else doc_choice(entry.info))}</a>")


# --- the table -------------------------------------------------------------------------------


def _row(e: Entry, view: str) -> str:
    info = e.info
    name = info.summary or info.title or info.doc_id
    if view == VIEW_REFERENCED:
        last = ("Được dẫn chiếu bởi", f"{len(e.cited_by)} văn bản")
    else:
        last = ("Trạng thái", esc(status_label(info.status)))
    cells = [("Số hiệu", doc_link(e, info.doc_number) if info.doc_number else ""), ("Loại", esc(info.doc_type)),
             ("Ngày", esc(vn_date(info.issued_date))), ("Cơ quan", esc(info.issuer)),
             ("Tên, trích yếu", doc_link(e, name))]
    tds = "".join(f'<td class="c{i}" data-label="{label}">{value}</td>' for i, (label, value) in enumerate(cells))
    return (f'<tr data-doc="{esc(info.doc_id)}">{tds}'
            f'<td class="c5" data-label="{last[0]}">{last[1]}</td></tr>')


def library_html(entries: list[Entry], view: str, total: int, limit: int) -> str:
    """The catalogue table: the first ``limit`` of ``entries`` (``total`` documents in the view)."""
    if not entries:
        what = "văn bản chỉ được dẫn chiếu" if view == VIEW_REFERENCED else "văn bản đã nạp"
        return f'<p class="not-found">Không có {what} nào khớp với điều kiện tìm.</p>'
    last = "Được dẫn chiếu bởi" if view == VIEW_REFERENCED else "Trạng thái"
    head = "".join(f"<th>{h}</th>" for h in ("Số hiệu", "Loại", "Ngày", "Cơ quan ban hành", "Tên, trích yếu", last))
    rows = "".join(_row(e, view) for e in entries[:limit])
    return (f'<p class="lib-count">{library_count(len(entries), total, limit, view)}</p>'
            f'<table class="lib-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>')


def library_count(found: int, total: int, limit: int, view: str) -> str:
    what = "văn bản chỉ được dẫn chiếu" if view == VIEW_REFERENCED else "văn bản đã nạp"
    shown = f"hiển thị {min(found, limit)} đầu tiên" if found > limit else "hiển thị tất cả"
    matched = f"{vn_number(found)} trong {vn_number(total)} {what}" if found != total else f"{vn_number(total)} {what}"
    return f"{matched} — {shown}."


# --- document pages ------------------------------------------------------------------------


def section_anchor(i: int) -> str:
    return f"sec-{i}"


def document_html(entry: Entry, view, catalogue: Catalogue) -> str:
    """A document's page: metadata, links both ways, outline and full text by section.

    :param view: what ``PolicyQA.document`` returned (``sections``/``text``), or None.
    """
    info = entry.info
    rows = [
        ("Số hiệu", info.doc_number), ("Loại", info.doc_type), ("Cơ quan ban hành", info.issuer),
        ("Ngày ban hành", vn_date(info.issued_date)), ("Nơi ban hành", info.place),
        ("Người ký", info.signer), ("Trích yếu", info.summary), ("Trạng thái", status_label(info.status)),
        ("Tệp nguồn", info.source_path),
    ]
    meta = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows if v)
    badge = f' <span class="badge digest">{DIGEST_BADGE}</span>' if info.status == "digest" else ""
    out = [f'<div class="doc-page"><h2>{esc(info.title or info.doc_number or info.doc_id)}{badge}</h2>']
    if info.status == METADATA_ONLY:
        out.append(f'<p class="not-loaded">{NOT_LOADED}</p>')
    out.append(f'<table class="doc-meta">{meta}</table>')
    out.append(links_html(entry, catalogue))
    out.append(_body_html(view, info.status))
    out.append("</div>")
    return "".join(out)


def _body_html(view, status: str) -> str:
    sections = list(getattr(view, "sections", None) or [])
    if sections:
        return outline_html(sections) + f'<div class="doc-text">{"".join(_section_html(i, s) for i, s in enumerate(sections))}</div>'
    if getattr(view, "text", None):
        return f'<div class="doc-text"><div class="sec-text">{esc(view.text)}</div></div>'
    if status == METADATA_ONLY:
        return ""
    return '<p class="not-found">Văn bản này chỉ có thông tin mô tả, hệ thống không có nội dung.</p>'


def outline_html(sections) -> str:
    """The table of contents: the two outermost levels of numbering; an untitled section shows
    its first words after its number ("2. Phấn đấu hoàn thành …"), never a bare number."""
    body = [(i, s) for i, s in enumerate(sections) if getattr(s, "kind", "body") == "body"]
    if not body:
        return ""
    top = min(len(s.section_path or [""]) for _, s in body)
    items = "".join(
        f'<li class="lvl{len(s.section_path or [""]) - top}"><a href="#{section_anchor(i)}">{esc(outline_label(s))}</a></li>'
        for i, s in body if len(s.section_path or [""]) <= top + 1
    )
    return f'<details open class="outline"><summary>Mục lục</summary><ul>{items}</ul></details>'


def outline_label(s) -> str:
    heading = _section_heading(s)
    if getattr(s, "section_title", ""):
        return heading
    label = getattr(s, "section", "") or ""
    text = " ".join((s.text or "").split())
    if label and text.startswith(label):
        text = text[len(label):].lstrip(".):- ")
    if not text:
        return heading
    cut = text if len(text) <= OUTLINE_SNIPPET else text[:OUTLINE_SNIPPET].rsplit(" ", 1)[0] + " …"
    return f"{label}. {cut}" if label else cut


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


def _group(head: str, links: list[str], css: str) -> str:
    """A heading and its list of links (repeats dropped)."""
    items = "".join(f"<li>{x}</li>" for x in dict.fromkeys(links))
    return f'<h4>{head}</h4><ul class="{css}">{items}</ul>' if css else f"<h4>{head}</h4><ul>{items}</ul>"


def _named_links(entries: list[Entry | None]) -> list[str]:
    """Links to loaded documents; two that read alike also show their file's name."""
    entries = list({e.info.doc_id: e for e in entries if e is not None}.values())
    names = [doc_choice(e.info) for e in entries]
    return [doc_link(e, name if names.count(name) == 1 or not e.info.source_path
                     else f"{name} — tệp {e.info.source_path.rsplit('/', 1)[-1]}")
            for e, name in zip(entries, names)]


def _amended(entry: Entry, number: str, catalogue: Catalogue) -> Entry | None:
    """The document ``entry`` amends under ``number``: one that names it an amendment (a
    regulation is known by the decision it was issued with), else the number's own entry."""
    key = number_key(number)
    for e in catalogue.entries:
        if entry.info.doc_id in (e.info.amended_by or []) and key in (
                number_key(e.info.issued_with or ""), number_key(e.info.doc_number or "")):
            return e
    return catalogue.resolve(number)


def links_html(entry: Entry, catalogue: Catalogue) -> str:
    """References both ways, each a link: cited (loaded or not), citing, amending and amended."""
    info = entry.info
    loaded, missing = [], []
    for number in info.cites or []:
        target = catalogue.resolve(number)
        if target is not None and target.info.doc_id == info.doc_id:
            continue
        if target is not None and target.loaded:
            loaded.append(doc_link(target))
        else:
            summary = f" — {target.info.summary}" if target is not None and target.info.summary else ""
            missing.append(doc_link(target, f"{number}{summary}"))
    citing = _named_links([catalogue.get(d) for d in entry.cited_by])
    amended_by = _named_links([catalogue.get(d) for d in info.amended_by or []])
    amends = [doc_link(_amended(entry, n, catalogue), n) for n in info.amends or []]
    citing_head = "Được dẫn chiếu bởi" if entry.loaded else f"Được dẫn chiếu bởi {len(citing)} văn bản đã nạp"
    groups = [("Đã được sửa đổi, bổ sung hoặc thay thế bởi", amended_by, "amended"),
              ("Sửa đổi, bổ sung hoặc thay thế", amends, ""), ("Văn bản được dẫn chiếu", loaded, ""),
              (citing_head, citing, "citing"), ("Văn bản được nhắc đến nhưng chưa nạp", missing, "missing")]
    parts = [_group(head, items, cls) for head, items, cls in groups if items]
    return f'<div class="doc-links">{"".join(parts)}</div>' if parts else ""


def find_section(view, passage_text: str, section: str, offset: int = 0) -> int | None:
    """Index of the section that holds a passage — at ``offset`` in it (where a quote starts) —
    found by position in the text, else by label."""
    sections = list(getattr(view, "sections", None) or [])
    text = getattr(view, "text", "") or ""
    probe = (passage_text or "")[:80]
    pos = text.find(probe) if probe.strip() else -1
    if pos >= 0:
        pos += max(0, offset)
        for i, s in enumerate(sections):
            if getattr(s, "start", 0) <= pos < getattr(s, "end", -1):
                return i
    for i, s in enumerate(sections):
        if section and getattr(s, "section", None) == section:
            return i
    return None
