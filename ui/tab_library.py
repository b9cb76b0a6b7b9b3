"""The Văn bản tab: the library and document pages.

The list opens on the loaded documents; the documents only referenced by them are a second
view, each with how many loaded documents cite it. Search (accent-insensitive), filters and
sort are the pure functions of :mod:`ui.catalogue`. The list changes only when its reader asks
(a search, a filter, "Làm mới danh sách") or after the admin's own upload: indexing in the
background only says that new documents are there, so rows never move under the pointer.
A click on a row or on any document link (here, in the sources panel, in search results)
opens the document page in place of the list; "Về danh sách" brings the list back as it was.
"""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr

from ui.catalogue import SORT_DEFAULT, SORTS, VIEW_LOADED, VIEW_REFERENCED, LibraryQuery, counts, facets, select
from ui.filters import any_of
from ui.handlers import ADMIN_ONLY, AppContext
from ui.render import vn_number
from ui.render_library import DOC_LINK_JS, document_html, find_section, library_html, section_anchor

PAGE = 50  # rows shown at first, and added by "Xem thêm"
ANY = [("Tất cả", "")]
STATUSES = [("Tất cả", ""), ("Toàn văn", "original"), ("Tóm lược", "digest")]
NEW_DOCUMENTS = "Có văn bản mới được nạp. Bấm «Làm mới danh sách» để thấy chúng trong danh sách."
SCROLL_JS = """(anchor, doc) => { setTimeout(() => {
  const el = anchor ? document.getElementById(anchor) : document.getElementById('doc-page');
  if (!el) return; el.scrollIntoView({block: 'start'}); if (anchor) el.classList.add('flash'); }, 400); }"""
BACK_JS = """(anchor, doc) => { setTimeout(() => {
  const row = doc && document.querySelector(`#library tr[data-doc="${CSS.escape(doc)}"]`);
  (row || document.getElementById('library')).scrollIntoView({block: row ? 'center' : 'start'}); }, 200); }"""


# --- what the handlers compute (no layout) ---------------------------------------------------


def list_html(ctx: AppContext, limit: int, view, text, doc_type, issuer, year_from, year_to, status, sort):
    """The table and whether "Xem thêm" has more to show."""
    q = LibraryQuery(view=view or VIEW_LOADED, text=text or "", doc_type=doc_type or "", issuer=issuer or "",
                     year_from=str(year_from or ""), year_to=str(year_to or ""), status=status or "",
                     sort=sort or SORT_DEFAULT)
    entries = ctx.catalogue().entries
    found = select(entries, q)
    total = counts(entries)[q.view == VIEW_REFERENCED]
    return library_html(found, q.view, total, limit), gr.update(visible=len(found) > limit)


def view_choices(ctx: AppContext) -> list[tuple[str, str]]:
    loaded, referenced = counts(ctx.catalogue().entries)
    return [(f"Văn bản đã nạp ({vn_number(loaded)})", VIEW_LOADED),
            (f"Văn bản chỉ được dẫn chiếu ({vn_number(referenced)})", VIEW_REFERENCED)]


def facet_updates(ctx: AppContext, view: str, reset: bool) -> list:
    """Choices of loại, cơ quan, years and status for a view; ``reset`` also empties them."""
    f = facets(ctx.catalogue().entries, view or VIEW_LOADED)
    value = {"value": ""} if reset else {}
    years = [("Tất cả", "")] + [(y, y) for y in f["years"]]
    return [gr.update(choices=any_of(f["types"]), **value), gr.update(choices=any_of(f["issuers"]), **value),
            gr.update(choices=years, **value), gr.update(choices=years, **value),
            gr.update(visible=view != VIEW_REFERENCED, **value)]


def document_page(ctx: AppContext, doc_id: str, probe: str = "", section: str = "", offset: int = 0) -> tuple[str, str]:
    """A document's page and the anchor of the section holding ``probe`` at ``offset`` (else the
    one labelled ``section``).

    ``doc_id`` may also be a document number in any spelling ("41-NQ/TW").
    """
    catalogue = ctx.catalogue()
    entry = catalogue.get(doc_id) or catalogue.resolve(doc_id)
    if entry is None:
        return '<p class="not-found">Không tìm thấy văn bản này trong thư viện.</p>', ""
    view = ctx.qa.document(entry.info.doc_id) if entry.loaded else None
    index = find_section(view, probe, section, offset) if view is not None and (probe or section) else None
    return document_html(entry, view, catalogue), section_anchor(index) if index is not None else ""


# --- layout and wiring ---------------------------------------------------------------------


def _list_controls() -> SimpleNamespace:
    with gr.Row():
        text = gr.Textbox(show_label=False, scale=4, min_width=240, elem_id="lib-query",
                          placeholder="Số hiệu, trích yếu hoặc tên — ví dụ: nd 114")
        find = gr.Button("Tìm văn bản", variant="primary", scale=1, min_width=110, elem_id="lib-search-btn")
    view = gr.Radio([("Văn bản đã nạp", VIEW_LOADED), ("Văn bản chỉ được dẫn chiếu", VIEW_REFERENCED)],
                    value=VIEW_LOADED, show_label=False, elem_id="lib-view")
    with gr.Accordion("Lọc và sắp xếp", open=False, elem_id="lib-filters"):
        with gr.Row():
            dtype = gr.Dropdown(label="Loại văn bản", choices=ANY, value="", min_width=150, elem_id="lib-type")
            issuer = gr.Dropdown(label="Cơ quan ban hành", choices=ANY, value="", min_width=180, elem_id="lib-issuer")
            year_from = gr.Dropdown(label="Từ năm", choices=ANY, value="", min_width=110, elem_id="lib-year-from")
            year_to = gr.Dropdown(label="Đến năm", choices=ANY, value="", min_width=110, elem_id="lib-year-to")
            status = gr.Dropdown(label="Trạng thái", choices=STATUSES, value="", min_width=120, elem_id="lib-status")
            sort = gr.Dropdown(label="Sắp xếp", choices=[(v, k) for k, v in SORTS.items()], value=SORT_DEFAULT,
                               min_width=180, elem_id="lib-sort")
    with gr.Row(equal_height=True):
        notice = gr.Markdown(elem_id="lib-notice")
        refresh = gr.Button("Làm mới danh sách", size="sm", scale=0, min_width=150, elem_id="lib-refresh")
    return SimpleNamespace(text=text, find=find, view=view, dtype=dtype, issuer=issuer, year_from=year_from,
                           year_to=year_to, status=status, sort=sort, notice=notice, refresh=refresh)


def _layout() -> SimpleNamespace:
    with gr.Tab("Văn bản", id="van-ban"):
        with gr.Column(elem_id="lib-list") as list_box:
            c = _list_controls()
            c.table = gr.HTML(elem_id="library", js_on_load=DOC_LINK_JS)
            c.more = gr.Button(f"Xem thêm {PAGE} văn bản", size="sm", visible=False, elem_id="lib-more")
        with gr.Column(visible=False, elem_id="doc-box") as doc_box:
            c.back = gr.Button("← Về danh sách văn bản", size="sm", elem_id="doc-back")
            c.page = gr.HTML(elem_id="doc-page", js_on_load=DOC_LINK_JS)
        c.viewer_note = gr.Markdown(ADMIN_ONLY, visible=False, elem_id="viewer-note")
        c.limit, c.anchor, c.current = gr.State(PAGE), gr.Textbox(visible=False), gr.State("")
    c.list_box, c.doc_box = list_box, doc_box
    c.form = [c.view, c.text, c.dtype, c.issuer, c.year_from, c.year_to, c.status, c.sort]
    c.facets = [c.dtype, c.issuer, c.year_from, c.year_to, c.status]
    return c


def build_library_tab(ctx: AppContext, tabs: gr.Tabs, link_panels: list) -> SimpleNamespace:
    """Lay out and wire the tab.

    :param tabs: the page's tabs (a link elsewhere switches to this one).
    :param link_panels: other HTML panels whose document links open pages here.
    :returns: the components; ``refresh_fn`` over ``refresh_inputs`` → ``refresh_outputs`` lists
        again (the page load, the admin's upload), ``notice`` says new documents are there.
    """
    c = _layout()

    def relist(*form):
        return (*list_html(ctx, PAGE, *form), PAGE)

    def more(limit, *form):
        return (*list_html(ctx, limit + PAGE, *form), limit + PAGE)

    def refresh(limit, *form):
        view = form[0] or VIEW_LOADED
        return [gr.update(choices=view_choices(ctx)), *list_html(ctx, limit, *form), limit,
                *facet_updates(ctx, view, reset=False), ""]

    listed = [c.table, c.more, c.limit]
    for event in (c.find.click, c.text.submit, c.sort.input, *(f.input for f in c.facets)):
        event(relist, c.form, listed, api_name=False, show_progress="hidden")
    c.view.input(lambda v: [*facet_updates(ctx, v, reset=True), gr.update(value=SORT_DEFAULT)], [c.view],
                 [*c.facets, c.sort], api_name=False, show_progress="hidden").then(
        relist, c.form, listed, api_name=False, show_progress="hidden")
    c.more.click(more, [c.limit, *c.form], listed, api_name=False, show_progress="hidden")
    c.refresh_fn, c.refresh_inputs = refresh, [c.limit, *c.form]
    c.refresh_outputs = [c.view, c.table, c.more, c.limit, *c.facets, c.notice]
    c.refresh.click(refresh, c.refresh_inputs, c.refresh_outputs, api_name=False, show_progress="hidden")
    _wire_pages(ctx, c, tabs, link_panels)
    return c


def _wire_pages(ctx: AppContext, c: SimpleNamespace, tabs: gr.Tabs, link_panels: list) -> None:
    """Open a document from a link or a row; go back to the list."""

    def open_linked(evt: gr.EventData):
        data = evt._data or {}
        if not data.get("doc"):
            return [gr.update()] * 6
        page, anchor = document_page(ctx, data["doc"], data.get("probe", ""), data.get("section", ""),
                                     int(data.get("offset") or 0))
        return [gr.Tabs(selected="van-ban"), gr.update(visible=False), gr.update(visible=True), page, anchor,
                data["doc"]]

    outputs = [tabs, c.list_box, c.doc_box, c.page, c.anchor, c.current]
    for panel in [c.table, c.page, *link_panels]:
        panel.click(open_linked, None, outputs, api_name=False, show_progress="hidden").then(
            None, [c.anchor, c.current], None, js=SCROLL_JS)
    c.back.click(lambda: [gr.update(visible=True), gr.update(visible=False)], None, [c.list_box, c.doc_box],
                 api_name=False).then(None, [c.anchor, c.current], None, js=BACK_JS)

    def document(doc_id: str) -> str:
        """The page of a document (by id or number), as HTML."""
        return document_page(ctx, doc_id)[0]

    c.document_api = document  # registered by the page, outside the tabs (``gr.api``)
