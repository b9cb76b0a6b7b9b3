"""``policyqa``: the command-line edge (contract in docs/CLI.md).

Library errors become CLI errors only here: one line per failed file on stderr, exit 0 on
success, 1 when some inputs failed, 2 on usage errors or when nothing could be done.
Human-readable output by default; ``--json`` puts JSON on stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A wrong argument: printed as one line, exit 2."""


def _emit_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_convert(args: argparse.Namespace) -> int:
    from ingest.convert import ConvertOptions
    from ingest.service import convert_paths

    settings = _settings(args)
    options = ConvertOptions(
        max_file_mb=settings.ingest.max_file_mb,
        libreoffice_timeout_s=settings.ingest.libreoffice_timeout_s,
        chunk_max_tokens=settings.ingest.chunk_max_tokens,
        chunk_min_chars=settings.ingest.chunk_min_chars,
    )

    def report(result) -> None:
        if result.ok:
            meta = result.document.meta
            label = " ".join(x for x in (meta.doc_type, meta.doc_number, meta.issued_date) if x)
            _err(f"✓ {result.path} — {label or 'không rõ loại'} [{result.document.encoding}]")
        else:
            _err(f"✗ {result.path}: {result.error}")

    results = convert_paths([Path(p) for p in args.paths], Path(args.out), options=options, on_result=report)
    if args.json:
        _emit_json([r.summary() for r in results])
    failed = sum(not r.ok for r in results)
    _err(f"{len(results) - failed} tệp đã chuyển đổi, {failed} tệp lỗi → {args.out}")
    if failed == 0:
        return EXIT_OK
    return EXIT_PARTIAL if failed < len(results) else EXIT_USAGE


def _settings(args: argparse.Namespace):
    from common.config import load_settings

    if getattr(args, "home", None):
        os.environ["POLICYQA_HOME"] = str(Path(args.home).expanduser())
    return load_settings()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policyqa",
        description="Tra cứu và hỏi đáp có trích dẫn trên văn bản chính sách tiếng Việt.",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--home", help="thư mục chứa chỉ mục (mặc định $POLICYQA_HOME hoặc ~/.local/share/policyqa)")
    common.add_argument("--json", action="store_true", help="in kết quả JSON ra stdout")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("convert", parents=[common], help="chuyển tệp thành văn bản sạch + siêu dữ liệu (không ghi chỉ mục)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="tệp hoặc thư mục (đệ quy)")
    p.add_argument("--out", required=True, metavar="DIR", help="thư mục ghi <tên>.txt và <tên>.json")
    p.set_defaults(func=cmd_convert)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        _err(f"policyqa: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err("policyqa: đã dừng")
        return 130


if __name__ == "__main__":
    sys.exit(main())
