"""The Soạn bài tab: a draft on a topic from the loaded documents, every point quoted with [n],
previewed and offered as .docx and .md."""

from __future__ import annotations

import tempfile
from pathlib import Path
from types import SimpleNamespace

import gradio as gr

from ui import render
from ui.handlers import LENGTHS, AppContext

# "theo yêu cầu": the form the topic names ("soạn đề cương …"), else an article (qa.draft.forms.form_named_in).
FORMS = ["theo yêu cầu", "bài viết", "đề cương tuyên truyền", "giải thích quy định", "tin ngắn"]


def write_draft(ctx: AppContext, topic, docs, length, form):
    """The preview and the two files to download."""
    topic = (topic or "").strip()
    if not topic:
        raise gr.Error("Hãy nhập chủ đề bài viết.")
    result = ctx.qa.draft(topic, docs=list(docs or []) or None, length=LENGTHS.get(length, "medium"),
                          form=form or "theo yêu cầu")
    from qa.export import draft_to_docx, draft_to_markdown

    out = Path(tempfile.mkdtemp(prefix="policyqa-ban-thao-"))
    docx_path, md_path = out / "ban-thao.docx", out / "ban-thao.md"
    draft_to_docx(result, docx_path)
    md_path.write_text(draft_to_markdown(result), encoding="utf-8")
    return render.draft_html(result), [str(docx_path), str(md_path)]


def build_draft_tab(ctx: AppContext) -> SimpleNamespace:
    """Lay out and wire the tab; returns the source selector (its choices come with the page)."""
    with gr.Tab("Soạn bài", id="soan-bai"):
        with gr.Row():
            topic = gr.Textbox(label="Chủ đề", scale=3, min_width=240, elem_id="topic",
                               placeholder="Ví dụ: bảo vệ môi trường ở Bình Phước")
            docs = gr.Dropdown(label="Văn bản nguồn (để trống: tất cả)", multiselect=True, choices=[], scale=3,
                               min_width=240, elem_id="draft-docs")
        with gr.Row():
            length = gr.Radio(list(LENGTHS), value="vừa", label="Độ dài", min_width=200)
            form = gr.Dropdown(FORMS, value="theo yêu cầu", label="Thể loại", min_width=200)
            draft_btn = gr.Button("Soạn bản thảo", variant="primary", min_width=140, elem_id="draft-btn")
        preview = gr.HTML(elem_id="draft")
        files = gr.File(label="Tải về (.docx, .md)", file_count="multiple", interactive=False, elem_id="draft-files")

    def draft(topic, docs, length, form):
        return write_draft(ctx, topic, docs, length, form)

    draft_btn.click(draft, [topic, docs, length, form], [preview, files], api_name="draft", concurrency_id="qa")
    return SimpleNamespace(docs=docs)
