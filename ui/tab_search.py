"""The Tra cứu tab: passages matching words (typed with or without diacritics), terms marked,
each with a link that opens its document at the passage (``ui.tab_library``)."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr

from ui import render
from ui.filters import filter_controls
from ui.handlers import AppContext, make_filters
from ui.render_library import DOC_LINK_JS


def search_passages(ctx: AppContext, query, k, docs, doc_type, issuer, date_from, date_to) -> str:
    query = (query or "").strip()
    if not query:
        raise gr.Error("Hãy nhập từ khóa.")
    result = ctx.qa.search(query, k=int(k or 10), filters=make_filters(docs, doc_type, issuer, date_from, date_to))
    return render.search_html(result)


def build_search_tab(ctx: AppContext) -> SimpleNamespace:
    """Lay out and wire the tab; returns the filters (for the page load) and the results panel
    (whose links the library tab opens)."""
    with gr.Tab("Tra cứu", id="tra-cuu"):
        filters = filter_controls()
        with gr.Row():
            query = gr.Textbox(show_label=False, placeholder="Từ khóa, có dấu hoặc không dấu…", scale=5,
                               min_width=200, elem_id="query")
            k = gr.Slider(1, 50, value=10, step=1, label="Số kết quả", scale=1, min_width=160)
            search_btn = gr.Button("Tra cứu", variant="primary", scale=1, min_width=80, elem_id="search-btn")
        hits = gr.HTML(elem_id="hits", js_on_load=DOC_LINK_JS)

    def search(query, k, docs, doc_type, issuer, date_from, date_to):
        return search_passages(ctx, query, k, docs, doc_type, issuer, date_from, date_to)

    inputs = [query, k, *filters]
    search_btn.click(search, inputs, [hits], api_name="search", concurrency_id="qa")
    query.submit(search, inputs, [hits], api_name=False, concurrency_id="qa")
    return SimpleNamespace(filters=filters, hits=hits)
