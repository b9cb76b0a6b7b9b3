"""Near-miss questions: answerable questions changed so that the corpus cannot answer them.

The development sets hold few unanswerable questions, and those that users ask are rarely
far from the corpus: they are *near* it — another year, a decree number a few off, an
article past the last one, a neighbouring province or department, a phase that does not
exist, a sibling concept. This script makes such variants from every answerable question
of the given files, each labelled automatically and checked against the corpus texts:

=========== ============================================================ =====================
class        change                                                       checked
=========== ============================================================ =====================
year         a year the question names → one the answering document       not in the document
             never mentions
document     a document number the question names → a number nearby       in no corpus text
article      "Điều N" (or "Điều N của <số hiệu>" added) → past the last    not an article of it
             article of the answering document
place        a province → another province                                not in the document
agency       "Sở …" → another department                                  not in the document
numbered     "giai đoạn / đợt / lần thứ / khóa / quý N" → another N        not in the document
compound     a concept → its sibling ("thu nhập doanh nghiệp" → "thu        in no corpus text
             nhập cá nhân")
=========== ============================================================ =====================

Output: JSON Lines in the format of ``bench/eval/*.jsonl`` — each variant (kind
``unanswerable``, with ``class`` and ``source``) followed by its answerable twin (the
original question). These variants exercise the classes the verifier is built for, so
their abstention holds largely by construction: a regression check, not a headline; the
sealed held-out sets are the measure.

    .venv/bin/python bench/near_miss.py bench/eval/dev.jsonl bench/eval/unseen-1.jsonl \\
        bench/eval/extra-answerable.jsonl --corpus corpus --out bench/eval/near-miss.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common.vietnamese.normalize import clean_text, fold_accents  # noqa: E402
from qa.bodies import PROVINCES  # noqa: E402
from qa.qualifiers import article_numbers  # noqa: E402

DEPARTMENTS = ["Sở Tài chính", "Sở Y tế", "Sở Nội vụ", "Sở Tư pháp", "Sở Xây dựng", "Sở Công Thương",
               "Sở Giáo dục và Đào tạo", "Sở Giao thông vận tải", "Sở Kế hoạch và Đầu tư",
               "Sở Tài nguyên và Môi trường", "Sở Lao động - Thương binh và Xã hội", "Sở Khoa học và Công nghệ",
               "Sở Nông nghiệp và Phát triển nông thôn", "Sở Văn hóa, Thể thao và Du lịch"]
# Sibling concepts: administrative compounds that share a head and differ in what they name.
SIBLINGS = [
    ("thu nhập doanh nghiệp", "thu nhập cá nhân"), ("giá trị gia tăng", "bảo vệ môi trường"),
    ("nước thải sinh hoạt", "nước thải y tế"), ("chất thải rắn", "chất thải phóng xạ"),
    ("phụ cấp trách nhiệm", "phụ cấp kiêm nhiệm"), ("doanh nghiệp nhà nước", "doanh nghiệp xã hội"),
    ("công chức cấp xã", "viên chức cấp tỉnh"), ("hợp tác xã", "tổ hợp tác"), ("xuất khẩu", "tạm nhập tái xuất"),
    ("giấy chứng nhận đăng ký kinh doanh", "giấy chứng nhận đầu tư"), ("khu công nghiệp", "khu kinh tế cửa khẩu"),
    ("tiền thuê đất", "tiền sử dụng đất"), ("bảo hiểm xã hội", "bảo hiểm thất nghiệp"),
    ("rừng", "rạn san hô"), ("nông thôn", "hải đảo"), ("cán bộ", "sĩ quan"), ("chăn nuôi", "nuôi trồng thủy sản"),
    ("trang trại", "hợp tác xã nông nghiệp kiểu mới"), ("vốn điều lệ", "vốn pháp định"),
    ("thuế nhập khẩu", "thuế bảo vệ môi trường"), ("bảo hiểm y tế", "bảo hiểm nông nghiệp"),
    ("khu công nghiệp", "khu công nghệ cao"), ("nước thải", "khí thải nhà kính"),
    ("đăng ký kinh doanh", "đăng ký nhãn hiệu"), ("tập sự", "thử việc"), ("nâng bậc lương", "nâng ngạch"),
    ("doanh nghiệp nhỏ và vừa", "doanh nghiệp khởi nghiệp sáng tạo"), ("trang trại", "gia trại"),
    ("đầu tư trực tiếp nước ngoài", "đầu tư ra nước ngoài"), ("thương mại điện tử", "tiền điện tử"),
    ("doanh nghiệp tư nhân", "doanh nghiệp xã hội"), ("công ty cổ phần", "công ty đại chúng"),
    ("chất thải", "rác thải nhựa"), ("che phủ rừng", "che phủ thảm cỏ"), ("kỷ luật", "khen thưởng đột xuất"),
    ("thuế thu nhập", "thuế tài sản"), ("ưu đãi đầu tư", "ưu đãi tín dụng xanh"), ("tín dụng", "tiền ảo"),
    ("dự toán", "quyết toán vốn ODA"), ("công chức", "sĩ quan quân đội"), ("ngân sách", "quỹ đầu tư mạo hiểm"),
]
_YEAR = re.compile(r"(?<![\d/])((?:19|20)\d\d)(?![\d/])")
_NUMBER = re.compile(r"(?<![\d/])(\d{1,4})(/(?:19|20)\d\d/[A-Za-zĐđ.-]+|/(?:19|20)\d\d|-[A-ZĐ]{1,5}/[A-ZĐ]{1,5})")
_ARTICLE = re.compile(r"\b([ĐđDd]i[ềe]u)\s+(\d{1,3})\b")
_NUMBERED = re.compile(r"\b(giai đoạn|giai doan|đợt|dot|lần thứ|lan thu|khóa|khoa|quý|quy)\s+(\d{1,2}|[IVX]{1,4})\b",
                       re.IGNORECASE)


def fold(text: str) -> str:
    return " ".join(fold_accents(clean_text(text).lower()).split())


class Corpus:
    def __init__(self, root: Path):
        self.texts = {str(p.relative_to(root).with_suffix("")): clean_text(p.read_text(encoding="utf-8"))
                      for p in sorted(root.rglob("*.txt")) if p.name != "README.txt"}
        self.folded = {k: fold(v) for k, v in self.texts.items()}
        self.all_folded = "\n".join(self.folded.values())

    def doc_has(self, doc: str, phrase: str) -> bool:
        return re.search(rf"(?<!\w){re.escape(fold(phrase))}(?!\w)", self.folded.get(doc, "")) is not None

    def anywhere(self, phrase: str) -> bool:
        return re.search(rf"(?<!\w){re.escape(fold(phrase))}(?!\w)", self.all_folded) is not None


def _variant(item: dict, question: str, cls: str, n: int) -> dict:
    return {"id": f"nm-{item['id']}-{cls}{n}", "question": question, "doc": "", "section": "", "answer": "",
            "keywords": [], "kind": "unanswerable", "answer_keywords": [], "class": cls, "source": item["id"]}


def variants(item: dict, corpus: Corpus) -> list[dict]:
    q, doc = item["question"], item["doc"]
    out: list[dict] = []
    for m in _YEAR.finditer(q):
        year = int(m.group(1))
        for new in (year + 10, year - 6, year + 3):
            if not corpus.doc_has(doc, str(new)):
                out.append(_variant(item, q[: m.start()] + str(new) + q[m.end():], "year", len(out)))
                break
    for m in _NUMBER.finditer(q):
        for delta in (3, 5, 7, 11):
            new = str(int(m.group(1)) + delta)
            if not corpus.anywhere(new + m.group(2)) and not corpus.anywhere(f"{new}/"):
                out.append(_variant(item, q[: m.start(1)] + new + q[m.end(1):], "document", len(out)))
                break
    articles = article_numbers(corpus.texts.get(doc, ""))
    if articles:
        past = max(articles) + 5
        m = _ARTICLE.search(q)
        if m:
            out.append(_variant(item, q[: m.start(2)] + str(past) + q[m.end(2):], "article", len(out)))
        else:
            number = _NUMBER.search(q)
            if number:
                ref = q[number.start():number.end()]
                out.append(_variant(item, f"Điều {past} của văn bản số {ref} quy định những gì?", "article", len(out)))
    fq = fold(q)
    for province in PROVINCES:
        if re.search(rf"\b{re.escape(province)}\b", fq):
            other = next(p for p in PROVINCES if p != province and not corpus.doc_has(doc, p) and " " in p)
            start = fq.index(province)
            if len(fq) == len(q):
                out.append(_variant(item, q[:start] + other.title() + q[start + len(province):], "place", len(out)))
            break
    for dept in DEPARTMENTS:
        m = re.search(rf"(?<!\w){re.escape(fold(dept))}(?!\w)", fq)
        if m and len(fq) == len(q):
            other = next(d for d in DEPARTMENTS if d != dept and not corpus.doc_has(doc, d))
            out.append(_variant(item, q[:m.start()] + other + q[m.end():], "agency", len(out)))
            break
    for m in _NUMBERED.finditer(q):
        value = m.group(2)
        new = str(int(value) + 3) if value.isdigit() else value + "II"
        if not corpus.doc_has(doc, f"{m.group(1)} {new}"):
            out.append(_variant(item, q[: m.start(2)] + new + q[m.end(2):], "numbered", len(out)))
    for concept, sibling in SIBLINGS:
        m = re.search(rf"(?<!\w){re.escape(fold(concept))}(?!\w)", fq)
        if m and not corpus.anywhere(sibling) and len(fq) == len(q):
            out.append(_variant(item, q[:m.start()] + sibling + q[m.end():], "compound", len(out)))
            break
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("questions", nargs="+", type=Path)
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    corpus = Corpus(args.corpus)
    rows: list[dict] = []
    counts: dict[str, int] = {}
    for path in args.questions:
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line) if line.strip() else None
            if not item or item.get("kind") == "unanswerable" or not item.get("doc"):
                continue
            made = variants(item, corpus)
            if made:
                rows.extend(made)
                rows.append(item)
                for v in made:
                    counts[v["class"]] = counts.get(v["class"], 0) + 1
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(json.dumps({"variants": sum(counts.values()), "twins": len(rows) - sum(counts.values()), "by_class": counts},
                     ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
