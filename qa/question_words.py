"""How questions ask: the closed class of question words a corpus of documents never writes.

The restorer (:mod:`qa.diacritics`) learns its syllables from the documents, which state and never
ask; a question typed without marks asks with words they hardly hold ("bao nhiêu", "mấy", "ở đâu",
"làm gì"). The phrases below are added to its training texts; the rules read a question's own
tokens (:func:`qa.diacritics.word_tokens`) where a phrase alone cannot settle a syllable.
"""

from __future__ import annotations

from common.vietnamese.normalize import fold_accents, index_form

# How questions ask, one phrase a line: the corpus is documents, which rarely ask anything, so its
# counts alone restored "bao nhieu" as "bảo nhiều" while only the mission documents were indexed
# (first run: 22 % of question words right on the opened sets' questions stripped of their marks;
# 89 % on the whole corpus). Added to the training texts, a closed class of the language, not
# fitted to questions: question words 22 → 99.6 % and 89 → 96 %, all syllables 68 → 75 % and
# 95.8 → 96.2 % (bench/question_restoration.py).
QUESTION_PHRASES = "\n".join((
    "bao nhiêu", "là bao nhiêu", "có bao nhiêu", "bao nhiêu phần trăm", "bao nhiêu tiền", "bao nhiêu ngày",
    "mấy", "số mấy", "khóa mấy", "lần thứ mấy", "bao lâu", "trong bao lâu", "khi nào", "từ khi nào",
    "ngày nào", "năm nào", "ở đâu", "gửi đến đâu", "là gì", "gồm những gì", "những gì",
    "gồm những nội dung gì", "như thế nào", "thế nào", "ra sao", "có phải", "hay không", "có được không",
    "những ai", "do ai ký", "ai ký", "ai ban hành", "cơ quan nào", "văn bản nào", "quy định nào", "điều nào",
    "đơn vị nào", "tỉnh nào", "nêu những gì", "theo quy định nào", "làm gì", "làm gì vậy", "phải làm gì",
    "để làm gì", "là gì vậy", "vậy",
    # A limit is asked "quá bao nhiêu" (exceeds how much): the documents state limits ("không quá 60
    # ngày") and never ask them, and "qua bao nhieu ngay" was restored "quả" (s18-30, s32-2 stripped of
    # their marks; s37-36 typed so). qua/quá/quả in the opened questions stripped of their marks: 63 → 65
    # of 79, no syllable of that class lost; all syllables 0.9647 → 0.9649, question words 0.9774 → 0.9803.
    "quá bao nhiêu", "không quá bao nhiêu", "vượt quá bao nhiêu", "quá bao nhiêu ngày", "quá bao lâu",
    "không quá bao lâu",
))


# "may" asks how many ("chậm nhất mấy giờ", "theo mô hình mấy cấp", "nghị định số mấy") before what it
# counts, or closing the question after "số", a period or a copula; the corpus's documents, which ask
# nothing, make it "máy" (13 of 15 accentless questions of the opened sets). "máy" stays after the
# words it names a machine with ("xe máy", "nhà máy", "số máy") and before the words that name one
# ("máy tính", "máy móc", "máy biến áp", "máy điều hòa", "máy khoan").
_COUNTED = frozenset(("gio h phut ngay tuan thang nam quy lan cap lien nguoi du phan muc dieu loai buoc ban chiec "
                      "tuoi ky dot giai thanh nhom hang bac tang vu").split())
_MACHINE_HEADS = frozenset("xe nha gan bo det".split())  # not "co": "có mấy liên", rarely "cỗ máy"
_MACHINE_NAMES = frozenset(("tinh moc vi bien khoan bay bom nen phat keo cay xuc ui chu in anh quay lanh giat say hut "
                            "tien cat han khau det thu").split())
# Words after which a closing "may" asks a number: "số mấy", "ngày mấy", "khóa mấy", "là mấy".
_CLOSES_ASKING = frozenset("so thu khoa ngay thang nam gio quy lan ky la".split())


HOW_MANY = index_form("mấy")  # "may" asking how many, in canonical tone placement


def asks_how_many(toks: list, n: int) -> bool:
    """Whether the n-th token of ``word_tokens`` is "may" asking how many: before a counted noun that
    names no machine, or closing the question after "số", a period or "là" — not after a word that
    makes it a machine ("xe máy", "nhà máy"), nor before a comma of a list ("danh mục máy, thiết bị")."""
    def folded(i: int) -> str:  # only this token's neighbours are read: the restorer asks for every token
        return fold_accents(toks[i][2]).lower() if 0 <= i < len(toks) else ""

    before = folded(n - 1)
    if folded(n) != "may" or before in _MACHINE_HEADS:
        return False
    if n + 1 == len(toks):
        return before in _CLOSES_ASKING
    after = folded(n + 1)
    if after in _MACHINE_NAMES or (after == "dieu" and folded(n + 2) == "hoa"):
        return False
    return after in _COUNTED


# "dau" closing a clause after a verb of place or motion asks where ("ở đâu", "gửi về đâu", "nộp ở đâu"):
# the documents write "ở đầu" ("ở đầu nguồn"), never at a clause's end (12 of 12 "ở đâu" of the opened
# sets' questions stripped of their marks were "ở đầu").
WHERE = index_form("đâu")
_TO_PLACE = frozenset("o ve den tu tai di gui nop nam dat".split())
# What counts ("bao nhiêu", "mấy"), in canonical tone placement: the next syllable is what is counted.
COUNTING = frozenset((index_form("nhiêu"), HOW_MANY))


def asks_where(toks: list, n: int) -> bool:
    """Whether the n-th token of ``word_tokens`` is "dau" asking where: after a word of place or
    motion, and last in the question or before punctuation."""
    if fold_accents(toks[n][2]).lower() != "dau" or n == 0:
        return False
    if fold_accents(toks[n - 1][2]).lower() not in _TO_PLACE:
        return False
    return n + 1 == len(toks) or toks[n + 1][3]


# "ai" after a figure asks who ("theo Nghị định 115/2003: ai được dự tuyển", "năm 2004, ai đứng ra"):
# the corpus writes "ái" once after a number ("… 2 ái nữ"), and that one bigram outweighed the
# backed-off "ai" (3 of 126 "ai" of the opened sets' questions stripped of their marks; two opened
# topics' parts became "ái được dự tuyển", "ái được đăng ký"). Documents never write "ái" or "ải"
# after a figure as a rule; questions write "ai" there.
WHO = index_form("ai")


def asks_who(toks: list, n: int) -> bool:
    """Whether the n-th token of ``word_tokens`` is "ai" after a figure (the figure's clause
    punctuation between them or not)."""
    return n > 0 and fold_accents(toks[n][2]).lower() == "ai" and toks[n - 1][2][:1].isdigit()
