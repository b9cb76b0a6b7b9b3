"""Legacy-encoding recovery benchmark: how well ``read_file`` restores Vietnamese diacritics.

Converts every file in ``tests/fixtures/legacy/originals`` with :func:`ingest.readers.read_file`
and scores it against ``expected/`` with exactly the metric of
``tests/fixtures/legacy/README.md``: diacritic accuracy (the headline), character accuracy
and syllable accuracy, per file, overall, per encoding and per format.

Run: ``python bench/legacy_accuracy.py [--json] [--out FILE]``.

The alignment is ``difflib.SequenceMatcher`` with autojunk off, as the README says. Its
``find_longest_match`` is quadratic in the number of repeats of a symbol, which takes
hours on a 185,000-character text, so :class:`_FastMatcher` answers the same question
(longest common block, earliest in ``a``, then earliest in ``b``) with rolling hashes
and numpy; difflib's own recursion and block merging are kept, so the blocks are identical.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

LEGACY = REPO / "tests" / "fixtures" / "legacy"
_WS = re.compile(r"\s+")
_P1, _P2, _BASE = 2_147_483_629, 2_147_483_587, 1_000_003
_SMALL = 20_000  # below this many cell pairs difflib's own search is faster


def _prepare(text: str) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _base(ch: str) -> str:
    if ch == "đ":
        return "d"
    if ch == "Đ":
        return "D"
    stripped = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    return stripped or ch


def _has_diacritic(ch: str) -> bool:
    return ch in "đĐ" or len(unicodedata.normalize("NFD", ch)) > 1


def _prefix_hashes(codes: list[int], mod: int) -> np.ndarray:
    out = np.zeros(len(codes) + 1, dtype=np.int64)
    h = 0
    for i, c in enumerate(codes):
        h = (h * _BASE + c) % mod
        out[i + 1] = h
    return out


class _FastMatcher(difflib.SequenceMatcher):
    """``SequenceMatcher(None, a, b, autojunk=False)`` with a sub-quadratic longest match."""

    def __init__(self, a: list[int], b: list[int]):
        super().__init__(None, a, b, autojunk=False)
        self._ha = [_prefix_hashes(a, p) for p in (_P1, _P2)]
        self._hb = [_prefix_hashes(b, p) for p in (_P1, _P2)]
        n = max(len(a), len(b)) + 1
        self._pw = [np.ones(n, dtype=np.int64) for _ in (_P1, _P2)]
        for pw, p in zip(self._pw, (_P1, _P2)):
            for i in range(1, n):
                pw[i] = pw[i - 1] * _BASE % p

    def _grams(self, pref: list[np.ndarray], lo: int, hi: int, k: int) -> np.ndarray:
        keys = np.zeros(hi - lo - k + 1, dtype=np.int64)
        for h, pw, p in zip(pref, self._pw, (_P1, _P2)):
            part = (h[lo + k : hi + 1] - (h[lo : hi - k + 1] * pw[k]) % p) % p
            keys = (keys << 31) | part
        return keys

    def find_longest_match(self, alo=0, ahi=None, blo=0, bhi=None):
        ahi = len(self.a) if ahi is None else ahi
        bhi = len(self.b) if bhi is None else bhi
        if (ahi - alo) * (bhi - blo) <= _SMALL:
            return super().find_longest_match(alo, ahi, blo, bhi)
        found, lo, hi = None, 0, min(ahi - alo, bhi - blo)
        while lo < hi:  # largest k with a common k-gram
            k = (lo + hi + 1) // 2
            ga = self._grams(self._ha, alo, ahi, k)
            gb = self._grams(self._hb, blo, bhi, k)
            hit = np.isin(ga, gb)
            if hit.any():
                lo, found = k, (ga, gb, hit)
            else:
                hi = k - 1
        if lo == 0:
            return difflib.Match(alo, blo, 0)
        ga, gb, hit = found if found and len(found[0]) == ahi - alo - lo + 1 else self._at(alo, ahi, blo, bhi, lo)
        for i in np.flatnonzero(hit):
            for j in np.flatnonzero(gb == ga[i]):
                i0, j0 = alo + int(i), blo + int(j)
                if self.a[i0 : i0 + lo] == self.b[j0 : j0 + lo]:
                    return difflib.Match(i0, j0, lo)
        return super().find_longest_match(alo, ahi, blo, bhi)  # hash collision: be exact

    def _at(self, alo, ahi, blo, bhi, k):
        ga, gb = self._grams(self._ha, alo, ahi, k), self._grams(self._hb, blo, bhi, k)
        return ga, gb, np.isin(ga, gb)


def _aligned_hits(a: list[int], b: list[int]):
    return _FastMatcher(a, b).get_matching_blocks()


def score(expected: str, output: str) -> dict:
    """Diacritic, character and syllable accuracy of ``output`` against ``expected``.

    :returns: hits and totals for each measure plus the ratios ``diacritic``, ``char``
        and ``syllable`` (1.0 when the expected text has nothing to count).
    """
    exp, out = _prepare(expected), _prepare(output)
    exp_base = [ord(_base(c)) for c in exp]  # NFC: one base letter per character
    out_base = [ord(_base(c)) for c in out]
    dia_total = sum(1 for c in exp if _has_diacritic(c))
    dia_hits = char_hits = 0
    for i, j, size in _aligned_hits(exp_base, out_base):
        for k in range(size):
            if exp[i + k] == out[j + k]:
                char_hits += 1
                dia_hits += _has_diacritic(exp[i + k])
    exp_tok, out_tok = (exp.split(" ") if exp else []), (out.split(" ") if out else [])
    ids: dict[str, int] = {}
    tok_a = [ids.setdefault(t, len(ids)) for t in exp_tok]
    tok_b = [ids.setdefault(t, len(ids)) for t in out_tok]
    tok_hits = sum(size for _, _, size in _aligned_hits(tok_a, tok_b))
    return {
        "diacritic_hits": dia_hits,
        "diacritic_total": dia_total,
        "diacritic": dia_hits / dia_total if dia_total else 1.0,
        "char_hits": char_hits,
        "char_total": len(exp),
        "char": char_hits / len(exp) if exp else 1.0,
        "syllable_hits": tok_hits,
        "syllable_total": len(exp_tok),
        "syllable": tok_hits / len(exp_tok) if exp_tok else 1.0,
    }


def _encoding_group(name: str, detected: str) -> str:
    if "vni" in name.lower().split("-"):
        return "VNI"  # the synthetic files say what they are
    return {"tcvn3": "TCVN3", "vni": "VNI"}.get(detected, detected)


def _totals(rows: list[dict]) -> dict:
    out = {"files": len(rows)}
    for key in ("diacritic", "char", "syllable"):
        hits = sum(r[f"{key}_hits"] for r in rows)
        total = sum(r[f"{key}_total"] for r in rows)
        out[key] = hits / total if total else 1.0
    out["below_0.90"] = sum(1 for r in rows if r["diacritic"] < 0.90)
    out["min_diacritic"] = min((r["diacritic"] for r in rows), default=1.0)
    return out


def run(originals: Path = LEGACY / "originals", expected: Path = LEGACY / "expected") -> dict:
    """Convert every original exactly as ``policyqa convert`` does, and score it.

    A failed conversion scores zero for its file, as the README says.
    """
    from common.errors import IngestError
    from ingest.convert import convert_file

    rows = []
    started = time.perf_counter()
    for path in sorted(originals.iterdir()):
        t0 = time.perf_counter()
        try:
            doc = convert_file(path)
            output, detected, error = doc.text, doc.encoding, None
        except IngestError as exc:
            output, detected, error = "", "error", exc.reason
        row = score((expected / f"{path.stem}.txt").read_text("utf-8"), output)
        row.update(
            file=path.name, format=path.suffix.lstrip(".").lower(), detected=detected,
            encoding=_encoding_group(path.stem, detected), seconds=time.perf_counter() - t0,
            error=error,
        )
        rows.append(row)
    groups = lambda key: {g: _totals([r for r in rows if r[key] == g]) for g in sorted({r[key] for r in rows})}  # noqa: E731
    return {
        "files": rows,
        "overall": _totals(rows),
        "by_encoding": groups("encoding"),
        "by_format": groups("format"),
        "seconds": time.perf_counter() - started,
    }


def _table(report: dict) -> str:
    lines = [f"{'file':48} {'fmt':4} {'enc':6} {'diacr':>6} {'char':>6} {'syll':>6} {'sec':>5}"]
    for r in report["files"]:
        lines.append(
            f"{r['file'][:48]:48} {r['format']:4} {r['encoding'][:6]:6} {r['diacritic']:6.3f} "
            f"{r['char']:6.3f} {r['syllable']:6.3f} {r['seconds']:5.1f}" + (f"  ERROR {r['error']}" if r["error"] else "")
        )
    for title, groups in (("encoding", report["by_encoding"]), ("format", report["by_format"])):
        lines.append(f"\nby {title}:")
        for name, t in groups.items():
            lines.append(
                f"  {name:10} files={t['files']:2} diacritic={t['diacritic']:.4f} char={t['char']:.4f} "
                f"syllable={t['syllable']:.4f} min={t['min_diacritic']:.3f} below_0.90={t['below_0.90']}"
            )
    o = report["overall"]
    lines.append(
        f"\noverall: diacritic={o['diacritic']:.4f} char={o['char']:.4f} syllable={o['syllable']:.4f} "
        f"min={o['min_diacritic']:.3f} below_0.90={o['below_0.90']} ({report['seconds']:.0f} s)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Legacy Vietnamese encoding recovery benchmark.")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--out", type=Path, help="also write the JSON report to this file")
    args = parser.parse_args(argv)
    report = run()
    if args.out:
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), "utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else _table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
