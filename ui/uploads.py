"""Uploaded files: checked (size, extension, content) and stored under ``<home>/uploads/``.

A browser sends any name and any bytes. The name is reduced to a safe file name (no folders,
no control characters, no leading dot) that keeps Vietnamese letters; the extension must be
one the converter reads, and the first bytes must look like that kind of file, so a renamed
executable is refused before LibreOffice ever opens it. Reasons are in Vietnamese: they are
shown to the person who uploaded.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ALLOWED_EXTENSIONS = (".pdf", ".docx", ".doc", ".rtf", ".txt", ".md", ".html", ".htm", ".xls", ".ppt",
                      ".png", ".jpg", ".jpeg", ".tif", ".tiff")
MAX_NAME_CHARS = 120

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc / .xls / .ppt (Compound File)
_MAGIC = {
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",),
    ".doc": (_OLE, b"{\\rtf"),  # Word saves RTF under .doc too
    ".xls": (_OLE,),
    ".ppt": (_OLE,),
    ".rtf": (b"{\\rtf",),
    ".png": (b"\x89PNG\r\n\x1a\n",),  # scans, read by OCR
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".tif": (b"II*\x00", b"MM\x00*"),
    ".tiff": (b"II*\x00", b"MM\x00*"),
}
_TEXT_EXTS = (".txt", ".md", ".html", ".htm")


def sanitize_filename(name: str) -> str:
    """A safe file name from what a browser sent.

    Keeps letters (Vietnamese included, NFC), digits, ``-``, ``_``, ``.``; drops any folder
    part; turns everything else into ``_``; never starts with a dot; at most 120 characters
    with the extension kept.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(c if (c.isalnum() or c in "-_.") else "_" for c in name)
    name = re.sub(r"_+", "_", name)
    name = re.sub(r"\.{2,}", ".", name).strip("._ ")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = ext.lower()
    stem = stem[: MAX_NAME_CHARS - len(ext) - 1] if ext else stem[:MAX_NAME_CHARS]
    stem = stem.strip("._ ") or "tep"
    return f"{stem}.{ext}" if ext else stem


def check_upload(path: Path, original_name: str, max_mb: float) -> str | None:
    """The reason an upload is refused, or None when it may be ingested."""
    ext = Path(sanitize_filename(original_name)).suffix.lower()
    if ext not in ALLOWED_EXTENSIONS:
        allowed = " ".join(ALLOWED_EXTENSIONS)
        return f"Loại tệp không được hỗ trợ ({ext or 'không có phần mở rộng'}); chỉ nhận {allowed}"
    try:
        size = path.stat().st_size
    except OSError:
        return "Không đọc được tệp đã tải lên"
    if size == 0:
        return "Tệp rỗng"
    if size > max_mb * 1024 * 1024:
        return f"Tệp quá lớn ({size / 1024 / 1024:.1f} MB; tối đa {max_mb:g} MB)"
    with open(path, "rb") as fh:
        head = fh.read(8192)
    if ext in _MAGIC and not any(head.startswith(m) for m in _MAGIC[ext]):
        return f"Nội dung tệp không khớp với phần mở rộng {ext}"
    if ext in _TEXT_EXTS and b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return f"Tệp {ext} chứa dữ liệu nhị phân, không phải văn bản"
    return None


@dataclass
class SavedUploads:
    """What :func:`save_uploads` did: files stored, and files refused with the reason."""

    saved: list[Path] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)  # {"path": original name, "error": reason}


def save_uploads(files: list[tuple[Path, str]], dest_dir: Path, max_mb: float) -> SavedUploads:
    """Check and copy uploads into ``dest_dir``.

    :param files: ``(temporary path, name the browser sent)`` per upload.
    :param dest_dir: ``<home>/uploads``; created when missing. A file of the same name is
        replaced, so uploading a new version updates the document.
    """
    dest_dir.mkdir(parents=True, exist_ok=True)
    result = SavedUploads()
    seen: set[str] = set()
    for tmp, original in files:
        reason = check_upload(Path(tmp), original, max_mb)
        safe = sanitize_filename(original)
        if reason is None and safe in seen:
            reason = "Trùng tên với một tệp khác trong cùng lần tải lên"
        if reason:
            result.rejected.append({"path": Path(original).name, "error": reason})
            continue
        seen.add(safe)
        target = dest_dir / safe
        shutil.copyfile(tmp, target)
        result.saved.append(target)
    return result
