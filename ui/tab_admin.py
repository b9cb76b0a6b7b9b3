"""The Thêm văn bản tab (administrators only): upload documents, update the index.

"Cập nhật chỉ mục" first says what it would do — how many files are new or changed, how many
are skipped, roughly how long it takes at the speed measured on this index — and starts only
when the admin confirms ("Bắt đầu cập nhật"), so a partial or outdated index is never
re-embedded silently. Rights are checked on the server (``AppContext.require_admin``).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import gradio as gr

from common.errors import PolicyQAError
from ui.handlers import AppContext
from ui.render_admin import ingest_report_html, plan_html, progress_line
from ui.uploads import ALLOWED_EXTENSIONS, save_uploads

UNIT = "tệp"  # the progress bar counts files ("3/98 tệp"), not Gradio's English "steps"


def run_ingest(ctx: AppContext, paths: list[Path], rebuild: bool, progress):
    def on_progress(p):
        progress((p.done_files, max(p.total_files, 1)), desc=progress_line(p), unit=UNIT)

    try:
        return ctx.qa.ingest(paths, rebuild=rebuild, on_progress=on_progress)
    except PolicyQAError as exc:  # locked index, changed config, missing path: say why
        raise gr.Error(str(exc)) from exc


def reindex_paths(ctx: AppContext) -> list[Path]:
    """What "Cập nhật chỉ mục" brings the index in step with: the corpus, and the uploads."""
    return list(ctx.reindex_paths) + ([ctx.uploads_dir] if ctx.uploads_dir.is_dir() else [])


def upload_files(ctx: AppContext, files, request: gr.Request, progress) -> str:
    ctx.require_admin(request)
    if not files:
        raise gr.Error("Hãy chọn hoặc kéo thả ít nhất một tệp.")
    pairs = [(Path(f), Path(f).name) for f in (files if isinstance(files, list) else [files])]
    stored = save_uploads(pairs, ctx.uploads_dir, ctx.max_mb)
    if not stored.saved:
        return ingest_report_html(None, stored.rejected)
    progress(0, desc="Bắt đầu nạp…")
    return ingest_report_html(run_ingest(ctx, stored.saved, False, progress), stored.rejected)


def plan_update(ctx: AppContext, rebuild: bool, request: gr.Request):
    """The plan, and the confirm button shown only when there is something to do."""
    ctx.require_admin(request)
    try:
        plan = ctx.qa.plan_ingest(reindex_paths(ctx), rebuild=bool(rebuild))
    except PolicyQAError as exc:
        raise gr.Error(str(exc)) from exc
    doable = plan.reason != "config" and bool(plan.files or plan.removed)
    return plan_html(plan), gr.update(visible=doable)


def build_admin_tab(ctx: AppContext) -> SimpleNamespace:
    """Lay out and wire the tab (hidden until the page load finds an administrator).

    :returns: the tab, and the buttons whose end refreshes the library (``done``).
    """
    with gr.Tab("Thêm văn bản", id="them-van-ban", visible=False) as tab:
        gr.Markdown("### Tải lên văn bản")
        files = gr.File(label=f"Kéo thả hoặc chọn tệp ({' '.join(ALLOWED_EXTENSIONS)}; "
                              f"tối đa {ctx.max_mb:g} MB mỗi tệp)", file_count="multiple", elem_id="upload")
        upload_btn = gr.Button("Tải lên và nạp", variant="primary", elem_id="upload-btn")
        gr.Markdown("### Cập nhật chỉ mục theo thư mục văn bản")
        with gr.Row():
            rebuild = gr.Checkbox(label="Xây lại toàn bộ chỉ mục", value=False, elem_id="rebuild")
            plan_btn = gr.Button("Cập nhật chỉ mục", elem_id="reindex-btn")
        plan_view = gr.HTML(elem_id="reindex-plan")
        start_btn = gr.Button("Bắt đầu cập nhật", variant="primary", visible=False, elem_id="reindex-start")
        report = gr.HTML(elem_id="ingest-report", min_height=90)

    def upload(files, request: gr.Request, progress=gr.Progress()):
        return upload_files(ctx, files, request, progress)

    def plan(rebuild, request: gr.Request):
        return plan_update(ctx, rebuild, request)

    def reindex(rebuild, request: gr.Request, progress=gr.Progress()):
        ctx.require_admin(request)
        progress(0, desc="Bắt đầu cập nhật chỉ mục…")
        return ingest_report_html(run_ingest(ctx, reindex_paths(ctx), bool(rebuild), progress)), gr.update(
            visible=False), ""

    uploaded = upload_btn.click(upload, [files], [report], api_name="upload", concurrency_id="ingest",
                                concurrency_limit=1)
    plan_btn.click(plan, [rebuild], [plan_view, start_btn], api_name="reindex_plan")
    rebuild.input(lambda: (gr.update(visible=False), ""), None, [start_btn, plan_view], api_name=False)
    reindexed = start_btn.click(reindex, [rebuild], [report, start_btn, plan_view], api_name="reindex",
                                concurrency_id="ingest", concurrency_limit=1)
    return SimpleNamespace(tab=tab, done=[uploaded, reindexed])
