"""The filter form shared by Hỏi đáp and Tra cứu: documents, loại, cơ quan, years.

The year boxes say what an empty box means instead of showing a sample year, which a reader
took for a value already entered.
"""

from __future__ import annotations

import gradio as gr

from ui.catalogue import facets

YEAR_HINT = "để trống: không giới hạn"


def filter_controls() -> tuple:
    """The folded filter form: (documents, loại, cơ quan, from, to)."""
    with gr.Accordion("Bộ lọc", open=False, elem_classes=["filters"]):
        with gr.Row():
            docs = gr.Dropdown(label="Văn bản", multiselect=True, choices=[], value=[], allow_custom_value=True,
                               scale=3, min_width=220)
            dtype = gr.Dropdown(label="Loại văn bản", choices=[("Tất cả", "")], value="", allow_custom_value=True, scale=1,
                                min_width=160)
            issuer = gr.Dropdown(label="Cơ quan ban hành", choices=[("Tất cả", "")], value="", allow_custom_value=True, scale=2,
                                 min_width=160)
            dfrom = gr.Textbox(label="Từ năm", value="", placeholder=YEAR_HINT, scale=1, min_width=140,
                               elem_classes=["year-from"])
            dto = gr.Textbox(label="Đến năm", value="", placeholder=YEAR_HINT, scale=1, min_width=140,
                             elem_classes=["year-to"])
    return docs, dtype, issuer, dfrom, dto


def filter_updates(ctx) -> list:
    """New choices for the three selectors of one filter form, from the loaded documents."""
    catalogue = ctx.catalogue()
    f = facets(catalogue.entries, "loaded")
    return [gr.update(choices=ctx.doc_choices()), gr.update(choices=any_of(f["types"])),
            gr.update(choices=any_of(f["issuers"]))]


def any_of(values: list[str]) -> list[tuple[str, str]]:
    """A selector's choices with "Tất cả" (no filter) first."""
    return [("Tất cả", "")] + [(v, v) for v in values]
