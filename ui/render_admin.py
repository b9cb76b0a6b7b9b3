"""HTML for the admin's work: what an index update will do, how it went (pure functions).

Before "Cập nhật chỉ mục" starts, :func:`plan_html` says how many files will be processed and
roughly how long it will take; afterwards :func:`ingest_report_html` lists each file's result.
"""

from __future__ import annotations

from ui.render import esc, vn_number

REASONS = {
    "rebuild": "Xây lại toàn bộ chỉ mục: mọi tệp sẽ được xử lý lại.",
    "converter": ("Chương trình đã được nâng cấp cách đọc văn bản: mọi tệp sẽ được đọc lại; đoạn nào không đổi "
                  "thì lấy lại vector đã lưu, không phải tạo lại."),
}
CONFIG_CHANGED = ("Cấu hình chỉ mục đã thay đổi (mô hình nhúng, cách chia đoạn hoặc chuẩn hóa): chỉ cập nhật được "
                  "bằng cách chọn «Xây lại toàn bộ chỉ mục».")
SHOWN_FILES = 12


def duration(seconds: float) -> str:
    """A rough duration in words: "dưới 1 phút", "khoảng 4 phút", "khoảng 1 giờ 10 phút"."""
    minutes = round(seconds / 60)
    if seconds < 60:
        return "dưới 1 phút"
    if minutes < 60:
        return f"khoảng {minutes} phút"
    hours, rest = divmod(minutes, 60)
    return f"khoảng {hours} giờ" + (f" {rest} phút" if rest else "")


def plan_html(plan) -> str:
    """What "Cập nhật chỉ mục" will do (an ``index.types.IngestPlan``), said before it starts."""
    if plan.reason == "config":
        return f'<div class="plan"><p class="not-found">{esc(CONFIG_CHANGED)}</p></div>'
    if not plan.files and not plan.removed:
        return (f'<div class="plan"><p>Chỉ mục đã khớp với thư mục văn bản: {vn_number(plan.unchanged)} tệp '
                "không đổi, không có gì để cập nhật.</p></div>")
    parts = [f"{vn_number(len(plan.new))} tệp mới" if plan.new else "",
             f"{vn_number(len(plan.changed))} tệp đã có trong chỉ mục" if plan.changed else ""]
    what = f"Sẽ xử lý <b>{vn_number(plan.files)} tệp</b> ({', '.join(p for p in parts if p)})" if plan.files else \
        "Không có tệp nào cần xử lý"
    skipped = f"; {vn_number(plan.unchanged)} tệp không đổi được bỏ qua" if plan.unchanged else ""
    removed = f"; gỡ {vn_number(len(plan.removed))} tệp không còn trong thư mục" if plan.removed else ""
    speed = (f"tốc độ đo trên máy này: {vn_number(plan.chunks_per_second, 1)} đoạn/giây" if plan.measured
             else f"tốc độ thường gặp: {vn_number(plan.chunks_per_second, 1)} đoạn/giây, máy này chưa đo")
    work = []
    if plan.chunks:
        work.append(f"khoảng {vn_number(plan.chunks)} đoạn cần tạo vector ({speed})")
    if plan.cached_chunks:
        work.append(f"{vn_number(plan.cached_chunks)} đoạn lấy lại vector đã lưu")
    estimate = f"Ước tính {duration(plan.seconds)}" + (f" — {'; '.join(work)}" if work else "") + "."
    reason = f"<p>{esc(REASONS[plan.reason])}</p>" if plan.reason in REASONS else ""
    files = [*plan.new, *plan.changed]
    listed = "".join(f"<li>{esc(_short(f))}</li>" for f in files[:SHOWN_FILES])
    more = f"<li>… và {vn_number(len(files) - SHOWN_FILES)} tệp khác</li>" if len(files) > SHOWN_FILES else ""
    details = f"<details><summary>Danh sách tệp</summary><ul>{listed}{more}</ul></details>" if files else ""
    return f'<div class="plan">{reason}<p>{what}{skipped}{removed}.</p><p>{estimate}</p>{details}</div>'


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
                   f"({vn_number(report.seconds, 1)} giây).</p>")
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
