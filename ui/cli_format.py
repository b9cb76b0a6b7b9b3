"""Human-readable output of the CLI (the JSON forms come from the dataclasses' ``to_dict``)."""

from __future__ import annotations

import textwrap

from common.errors import printable

STATUS_VI = {"original": "toàn văn", "digest": "tóm lược", "metadata-only": "chỉ có thông tin"}


def _wrap(text: str, indent: str = "   ") -> str:
    return textwrap.fill(" ".join(text.split()), width=100, initial_indent=indent, subsequent_indent=indent)


def format_hits(result) -> str:
    lines = []
    if result.restored_query:
        lines.append(f"(đã hiểu câu hỏi là: {result.restored_query})")
    if not result.hits:
        lines.append("Không có kết quả.")
    for h in result.hits:
        badge = " [tóm lược]" if h.status == "digest" else ""
        lines.append(f"{h.rank:>2}. {h.citation_label}{badge}  ({h.score:.3f})")
        lines.append(_wrap(h.text[:400] + ("…" if len(h.text) > 400 else "")))
        lines.append(f"   ↳ {h.source_path}")
    return "\n".join(lines)


def format_answer(answer) -> str:
    lines = []
    if answer.restored_question:
        lines.append(f"(đã hiểu câu hỏi là: {answer.restored_question})")
    if answer.direct_answer:
        lines.append(f"Trả lời: {answer.direct_answer}")
    lines.append(answer.answer)
    for note in answer.notes:
        lines.append(f"Lưu ý: {note}")
    if answer.citations:
        lines.append("")
        lines.append("Nguồn trích dẫn:")
        for c in answer.citations:
            lines.append(f"[{c.n}] {c.citation_label} — {c.source_path}")
    elif answer.abstained and answer.passages:
        lines.append("")
        lines.append("Các đoạn gần nhất:")
        for p in answer.passages[:3]:
            lines.append(f" - {p.citation_label}: {' '.join(p.text.split())[:160]}…")
    return "\n".join(lines)


def format_docs(docs) -> str:
    lines = []
    by_id = {d.doc_id: d for d in docs}
    for d in docs:
        head = " ".join(x for x in (d.doc_type, d.doc_number, d.issued_date) if x) or d.doc_id
        lines.append(f"- {head} [{STATUS_VI.get(d.status, d.status)}] {d.chunks} đoạn — {d.source_path or 'chưa có tệp'}")
        if d.summary:
            lines.append(_wrap(d.summary, "    "))
        if d.cites:
            lines.append(f"    trích dẫn: {', '.join(d.cites)}")
        if d.cited_by:
            lines.append(f"    được trích dẫn bởi: {', '.join(d.cited_by)}")
        if d.amends:
            lines.append(f"    sửa đổi, bổ sung hoặc thay thế: {', '.join(d.amends)}")
        if d.amended_by:
            newer = ", ".join(by_id[x].title if x in by_id else x for x in d.amended_by)
            lines.append(f"    đã được sửa đổi, bổ sung hoặc thay thế bởi: {newer}")
    return "\n".join(lines)


def format_ingest(report) -> str:
    parts = [
        f"thêm {len(report.added)}",
        f"cập nhật {len(report.updated)}",
        f"xóa {len(report.removed)}",
        f"không đổi {len(report.unchanged)}",
        f"lỗi {len(report.failed)}",
    ]
    lines = [f"Nạp văn bản: {', '.join(parts)} — chỉ mục có {report.documents} văn bản, {report.chunks} đoạn "
             f"({report.seconds:.1f} giây)"]
    for f in report.failed:
        lines.append(f"✗ {printable(f['path'])}: {f['error']}")
    for w in report.warnings:
        lines.append(f"! {printable(w['warning'])}")
    for d in report.duplicates:
        lines.append(f"! {printable(d['path'])}: {d['reason']} với {printable(d['same_as'])} — nên giữ một tệp")
    return "\n".join(lines)


def format_draft(draft) -> str:
    lines = [draft.title, "", draft.lead, ""]
    if draft.notes:
        lines += ["Lưu ý về nguồn:", *(f"- {n}" for n in draft.notes), ""]
    if draft.searched:
        lines += [*draft.searched, ""]
    for s in draft.sections:
        if s.heading:  # a news brief runs on under its title
            lines.append(s.heading)
        for p in s.paragraphs:
            lines.append(p.text)
        lines.append("")
    lines.append("Nguồn trích dẫn:")
    for c in draft.citations:
        lines.append(f"[{c.n}] {c.citation_label} — {c.source_path}")
    return "\n".join(lines)
