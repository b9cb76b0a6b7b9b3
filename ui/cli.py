"""``policyqa``: the command-line edge (contract in docs/CLI.md).

Library errors become CLI errors only here: one line per failed file on stderr, exit 0 on
success, 1 when some inputs failed, 2 on usage errors or when nothing could be done.
Human-readable output by default; ``--json`` puts JSON on stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from common.errors import PolicyQAError, printable  # noqa: E402
from ui import cli_format as fmt  # noqa: E402

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2
_DATE = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")


class UsageError(Exception):
    """A wrong argument: printed as one line, exit 2."""


def _emit_json(data, lines: bool = False) -> None:
    if lines:
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    else:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    sys.stdout.flush()


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _settings(args: argparse.Namespace):
    from common.config import load_settings

    if getattr(args, "home", None):
        os.environ["POLICYQA_HOME"] = str(Path(args.home).expanduser())
    return load_settings()


_OPEN: list = []


def _facade(args: argparse.Namespace, settings=None):
    """The facade for this command; :func:`main` closes it (the embedded index allows one opener)."""
    from qa.facade import PolicyQA

    qa = PolicyQA(settings or _settings(args))
    _OPEN.append(qa)
    return qa


def _batch_settings(args: argparse.Namespace):
    """The settings of ``policyqa ingest``, a lone batch job: passages are embedded in this process
    unless ``index.embed_in_child`` is set explicitly (environment). A child only pays off beside
    users' requests (the web app); here it only adds its own start, ≈ 2 s a run (README "Ingestion")."""
    settings = _settings(args)
    if "embed_in_child" in settings.index.model_fields_set:
        return settings
    return settings.model_copy(update={"index": settings.index.model_copy(update={"embed_in_child": False})})


def _filters(args: argparse.Namespace):
    from qa.types import Filters

    for name in ("date_from", "date_to"):
        value = getattr(args, name, None)
        if value and not _DATE.match(value):
            raise UsageError(f"--{name.replace('date_', '')} {value!r}: ngày phải có dạng YYYY hoặc YYYY-MM-DD")
    return Filters(doc=args.doc or [], doc_type=args.type, issuer=args.issuer, date_from=args.date_from,
                   date_to=args.date_to)


# --- commands ------------------------------------------------------------------------------
def cmd_convert(args: argparse.Namespace) -> int:
    from ingest.pipeline import convert_options
    from ingest.service import convert_paths

    options = convert_options(_settings(args))

    def report(result) -> None:
        if result.ok:
            meta = result.document.meta
            label = " ".join(x for x in (meta.doc_type, meta.doc_number, meta.issued_date) if x)
            _err(f"✓ {printable(result.path)} — {label or 'không rõ loại'} [{result.document.encoding}]")
            for warning in result.document.warnings:
                _err(f"  ! {warning}")
        else:
            _err(f"✗ {printable(result.path)}: {result.error}")

    results = convert_paths([Path(p) for p in args.paths], Path(args.out), options=options, on_result=report)
    if args.json:
        _emit_json([r.summary() for r in results])
    failed = sum(not r.ok for r in results)
    _err(f"{len(results) - failed} tệp đã chuyển đổi, {failed} tệp lỗi → {args.out}")
    return _exit_for(failed, len(results))


def _exit_for(failed: int, total: int) -> int:
    if failed == 0:
        return EXIT_OK
    return EXIT_PARTIAL if failed < total else EXIT_USAGE


class _Progress:
    """File-level progress bar on stderr (the embedder draws its own bar per file)."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.bar = None

    def __call__(self, event) -> None:
        if self.quiet:
            return
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=event.total_files, unit="tệp", desc="Nạp văn bản", file=sys.stderr, leave=True)
        if event.stage == "failed":
            self.bar.write(f"✗ {printable(event.path)}: {event.message}", file=sys.stderr)
        if event.stage == "ocr":
            self.bar.set_postfix_str(f"{Path(event.path).name[:40]}: nhận dạng chữ {event.message}")
        if event.stage in ("done", "skip", "failed"):
            self.bar.update(1)
            self.bar.set_postfix_str(Path(event.path).name[:40])

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def cmd_ingest(args: argparse.Namespace) -> int:
    qa = _facade(args, _batch_settings(args))
    paths = [Path(p) for p in args.paths] if args.paths else None
    progress = _Progress()
    try:
        report = qa.ingest(paths, rebuild=args.rebuild, on_progress=progress)
    finally:
        progress.close()
    if args.json:
        _emit_json(report.to_dict())
    else:
        _err(fmt.format_ingest(report))
    processed = len(report.added) + len(report.updated) + len(report.unchanged) + len(report.failed)
    return _exit_for(len(report.failed), processed)


def cmd_docs(args: argparse.Namespace) -> int:
    qa = _facade(args)
    docs = qa.documents()
    if args.json:
        _emit_json([d.to_dict() for d in docs])
    else:
        print(fmt.format_docs(docs) or "Chỉ mục chưa có văn bản nào: chạy `policyqa ingest`.")
    return EXIT_OK


def _require_index(qa) -> None:
    if not qa.library.state.files():
        raise UsageError(f"chỉ mục trống ({qa.settings.home}): hãy chạy `policyqa ingest` trước")


def cmd_search(args: argparse.Namespace) -> int:
    qa = _facade(args)
    _require_index(qa)
    result = qa.search(args.query, k=args.k, filters=_filters(args))
    if args.json:
        _emit_json(result.to_dict())
    else:
        print(fmt.format_hits(result))
    return EXIT_OK


def cmd_ask(args: argparse.Namespace) -> int:
    qa = _facade(args)
    _require_index(qa)
    filters = _filters(args)
    if args.batch:
        return _ask_batch(qa, Path(args.batch), filters, args.json)
    if not args.question:
        raise UsageError("cần câu hỏi (hoặc --batch FILE)")
    answer = qa.ask(args.question, filters=filters)
    if args.json:
        _emit_json(answer.to_dict())
    else:
        print(fmt.format_answer(answer))
    return EXIT_OK


def _ask_batch(qa, path: Path, filters, as_json: bool) -> int:
    if not path.is_file():
        raise UsageError(f"{path}: không tìm thấy tệp câu hỏi")
    failed = total = 0
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        total += 1
        try:
            item = json.loads(line) if line.lstrip().startswith("{") else {"id": str(lineno), "question": line.strip()}
            question = item["question"]
        except (json.JSONDecodeError, KeyError) as exc:
            failed += 1
            _err(f"{path}:{lineno}: dòng không hợp lệ ({exc})")
            continue
        answer = qa.ask(question, filters=filters)
        record = {"id": item.get("id", str(lineno))} | answer.to_dict()
        if as_json:
            _emit_json(record, lines=True)
        else:
            print(f"# {record['id']}: {question}\n{fmt.format_answer(answer)}\n")
    return _exit_for(failed, total)


def cmd_draft(args: argparse.Namespace) -> int:
    qa = _facade(args)
    _require_index(qa)
    length = {"ngắn": "short", "vừa": "medium", "dài": "long"}.get(args.length, args.length)
    draft = qa.draft(args.topic, docs=args.doc or None, length=length, form=args.form)
    if args.out:
        from qa import export

        out = Path(args.out)
        if out.suffix.lower() == ".docx":
            export.draft_to_docx(draft, out)
        elif out.suffix.lower() == ".md":
            out.write_text(export.draft_to_markdown(draft), encoding="utf-8")
        else:
            raise UsageError(f"--out {out}: chỉ hỗ trợ .docx hoặc .md")
        _err(f"đã ghi {out}")
    if args.json:
        _emit_json(draft.to_dict())
    elif not args.out:
        print(fmt.format_draft(draft))
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from qa.evaluate import evaluate, format_report, load_questions

    qa = _facade(args)
    _require_index(qa)
    path = Path(args.questions)
    if not path.is_file():
        raise UsageError(f"{path}: không tìm thấy tệp câu hỏi")
    report = evaluate(qa.engine, load_questions(path), baselines=not args.no_baselines)
    if args.json:
        _emit_json(report.to_dict())
    else:
        print(format_report(report))
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from ui.app import serve

    qa = _facade(args)
    first_run = [qa.settings.corpus_dir] if getattr(args, "index_corpus", False) else None
    serve(qa, host=args.host, port=args.port, users_file=Path(args.users) if args.users else None,
          allow_remote=args.allow_remote, first_run_paths=first_run)
    return EXIT_OK


def cmd_user(args: argparse.Namespace) -> int:
    from ui.auth import add_user

    role = {"admin": "quản trị", "viewer": "xem"}.get(args.role, args.role)
    password = args.password or os.environ.get("POLICYQA_PASSWORD")
    if not password:
        import getpass

        password = getpass.getpass("Mật khẩu: ")
    add_user(Path(args.users), args.name, password, role)
    _err(f"đã thêm người dùng {args.name} ({role}) vào {args.users}")
    return EXIT_OK


# --- parser --------------------------------------------------------------------------------
def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--doc", action="append", metavar="NUMBER_OR_ID", help="chỉ trong văn bản này (lặp lại được)")
    p.add_argument("--type", metavar="LOẠI", help="loại văn bản, ví dụ 'Nghị quyết'")
    p.add_argument("--issuer", metavar="TEXT", help="cơ quan ban hành (chứa chuỗi này)")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="ban hành từ ngày (YYYY hoặc YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="ban hành đến ngày (YYYY hoặc YYYY-MM-DD)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policyqa", description="Tra cứu và hỏi đáp có trích dẫn trên văn bản chính sách tiếng Việt."
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--home", help="thư mục chỉ mục (mặc định $POLICYQA_HOME hoặc ~/.local/share/policyqa)")
    common.add_argument("--json", action="store_true", help="in JSON ra stdout")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("convert", parents=[common], help="chuyển tệp thành văn bản sạch + siêu dữ liệu (không ghi chỉ mục)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="tệp hoặc thư mục (đệ quy)")
    p.add_argument("--out", required=True, metavar="DIR", help="thư mục ghi <tên>.txt và <tên>.json")
    p.set_defaults(func=cmd_convert)

    p = sub.add_parser("ingest", parents=[common], help="đưa chỉ mục về đúng với các tệp/thư mục (mặc định corpus/)")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--rebuild", action="store_true", help="xóa và lập lại toàn bộ chỉ mục")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("docs", parents=[common], help="danh mục văn bản, trạng thái và liên kết trích dẫn")
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("search", parents=[common], help="tìm đoạn văn bản")
    p.add_argument("query")
    p.add_argument("-k", type=int, default=10, help="số kết quả (mặc định 10)")
    _add_filters(p)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", parents=[common], help="hỏi đáp có trích dẫn")
    p.add_argument("question", nargs="?")
    p.add_argument("--batch", metavar="FILE", help="JSON Lines (id, question) hoặc mỗi dòng một câu hỏi")
    _add_filters(p)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("draft", parents=[common], help="soạn bài tuyên truyền từ văn bản, có trích dẫn")
    p.add_argument("topic")
    p.add_argument("--length", default="medium", choices=["short", "medium", "long", "ngắn", "vừa", "dài"])
    p.add_argument("--form", default="theo yêu cầu",
                   choices=["theo yêu cầu", "bài viết", "đề cương tuyên truyền", "giải thích quy định", "tin ngắn"],
                   help="thể loại; mặc định: theo yêu cầu (đề cương, tin ngắn, giải thích nếu chủ đề nêu, còn lại là bài viết)")
    p.add_argument("--out", metavar="FILE", help="ghi ra .docx hoặc .md")
    _add_filters(p)
    p.set_defaults(func=cmd_draft)

    p = sub.add_parser("eval", parents=[common], help="đánh giá theo docs/EVAL.md")
    p.add_argument("questions", metavar="QUESTIONS.jsonl")
    p.add_argument("--no-baselines", action="store_true", help="bỏ qua cấu hình chỉ-từ-khóa và chỉ-vector")
    p.set_defaults(func=cmd_eval)

    for name, helptext in (("serve", "mở ứng dụng web"), ("start", "nạp corpus/ (ở nền) và mở ứng dụng web")):
        p = sub.add_parser(name, parents=[common], help=helptext)
        p.add_argument("--host", default=os.environ.get("POLICYQA_HOST", "127.0.0.1"))
        p.add_argument("--port", type=int, default=int(os.environ.get("POLICYQA_PORT", "7860")))
        p.add_argument("--users", metavar="FILE", help="tệp người dùng (bật đăng nhập)")
        p.add_argument("--allow-remote", action="store_true", help="cho phép địa chỉ khác 127.0.0.1 khi không đăng nhập")
        p.set_defaults(func=cmd_serve, index_corpus=(name == "start"))

    p = sub.add_parser("user", parents=[common], help="thêm/cập nhật người dùng của ứng dụng web")
    p.add_argument("name")
    p.add_argument("--users", required=True, metavar="FILE")
    p.add_argument("--role", default="xem", choices=["xem", "quản trị", "viewer", "admin"])
    p.add_argument("--password", help="mật khẩu (hoặc $POLICYQA_PASSWORD; mặc định hỏi)")
    p.set_defaults(func=cmd_user)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        _err(f"policyqa: {exc}")
        return EXIT_USAGE
    except PolicyQAError as exc:
        _err(f"policyqa: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err("policyqa: đã dừng")
        return 130
    finally:
        while _OPEN:
            _OPEN.pop().close()


if __name__ == "__main__":
    sys.exit(main())
