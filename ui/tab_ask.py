"""The Hỏi đáp tab: a question, the cited answer in the chat, the quoted passages beside it.

The chat shows no label (on a phone the floating "Hỏi đáp" covered an answer's first line);
only the answer's own [n] markers are links (``ui.render.answer_markdown``).
"""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr

from ui import render
from ui.filters import filter_controls
from ui.handlers import AppContext, history_pairs, make_filters
from ui.render_library import DOC_LINK_JS

PLACEHOLDER = ("Đặt câu hỏi về các văn bản đã nạp, ví dụ: «Chỉ tiêu tỷ lệ che phủ rừng đến năm 2020 là bao nhiêu?»"
               " — gõ có dấu hay không dấu đều được.")


def answer_turn(ctx: AppContext, question, history, docs, doc_type, issuer, date_from, date_to):
    """One question: the chat with the new turn, the sources panel, an emptied question box."""
    question = (question or "").strip()
    history = list(history or [])
    if not question:
        raise gr.Error("Hãy nhập câu hỏi.")
    answer = ctx.qa.ask(question, filters=make_filters(docs, doc_type, issuer, date_from, date_to),
                        history=history_pairs(history) or None)
    turn = sum(1 for m in history if (m.get("role") if isinstance(m, dict) else m.role) == "user") + 1
    history += [{"role": "user", "content": question},
                {"role": "assistant", "content": render.answer_markdown(answer, turn)}]
    return history, render.sources_html(answer, turn), ""


def build_ask_tab(ctx: AppContext) -> SimpleNamespace:
    """Lay out and wire the tab; returns the components other tabs and the page load update."""
    with gr.Tab("Hỏi đáp", id="hoi-dap"):
        filters = filter_controls()
        with gr.Row():
            with gr.Column(scale=3, min_width=300):
                chat = gr.Chatbot(show_label=False, height=480, buttons=["copy"], elem_id="chat",
                                  feedback_options=None, placeholder=PLACEHOLDER)
                with gr.Row():
                    question = gr.Textbox(show_label=False, placeholder="Nhập câu hỏi…", scale=5, min_width=200,
                                          elem_id="question", autofocus=True)
                    ask_btn = gr.Button("Hỏi", variant="primary", scale=1, min_width=80, elem_id="ask-btn")
                clear_btn = gr.Button("Cuộc hỏi đáp mới", size="sm")
            with gr.Column(scale=2, min_width=300):
                sources = gr.HTML("<p class='hint'>Nguồn trích dẫn sẽ hiện ở đây.</p>", elem_id="sources",
                                  js_on_load=DOC_LINK_JS)

    def ask(question, history, docs, doc_type, issuer, date_from, date_to):
        return answer_turn(ctx, question, history, docs, doc_type, issuer, date_from, date_to)

    inputs, outputs = [question, chat, *filters], [chat, sources, question]
    ask_btn.click(ask, inputs, outputs, api_name="ask", concurrency_id="qa")
    question.submit(ask, inputs, outputs, api_name=False, concurrency_id="qa")
    clear_btn.click(lambda: ([], ""), None, [chat, sources], api_name=False)
    return SimpleNamespace(filters=filters, sources=sources)
