"""The forms a draft can take and what each asks of the plan: sizes, an explainer's questions, headings.

- **bài viết** (:data:`ARTICLE`): sapo, one section per part of the topic, closing;
- **đề cương tuyên truyền** (:data:`OUTLINE`): numbered key messages with their sources;
- **giải thích quy định** (:data:`EXPLAINER`): the questions of :data:`SLOTS` (who, conditions,
  benefits, obligations, procedure, implementation), each matched to the articles whose headings
  answer it;
- **tin ngắn** (:data:`BRIEF`): title, sapo, one section.

:func:`form_of` and :func:`length_of` read the user's words for a form or a length (with or
without diacritics).
"""

from __future__ import annotations

from dataclasses import dataclass

from common.errors import ConfigError
from common.vietnamese.normalize import fold_accents, index_form, syllables

ARTICLE, OUTLINE, BRIEF, EXPLAINER = "bài viết", "đề cương tuyên truyền", "tin ngắn", "giải thích quy định"
# length → (parts, most quotes per part). Medium was (5, 3) until session 24: on the 40 opened topic sets a
# part's 4th best sentence held 118 missed key points (bench/draft_misses.py: a missed point's rank in its
# chosen unit); at (5, 4) key points 1,079 → 1,210 of 4,042, drafts 2,922 → 3,409 characters, and a blind
# editor preferred the longer drafts 12 times of 14 (bench/results/draft-rubric-ab-medium-four-quotes.jsonl).
# Medium was (5, 4) until session 25: the units ranked 6th and 7th by relevance held 199 missed key points
# (bench/draft_misses.py); at (7, 4) key points 1,271 → 1,380 of 4,254 on the 43 opened sets, drafts 3,416
# → 3,981 characters, and a blind editor preferred the seven-part drafts 11 times of 14 (before 2, same 1;
# relevance 2.43 → 3.00, usefulness 1.93 → 2.43, faithfulness 3.14 → 3.00, publishable 0 → 3:
# bench/results/draft-rubric-ab-medium-seven-parts.jsonl). Long stays two parts above medium.
# Medium was (7, 4) until session 30: a part's 5th–7th best sentences held 375 missed key points of the 53
# opened topic sets (bench/draft_misses.py); at (7, 5) key points 1,815 → 1,931 of 5,343 (118 topics changed, 116
# up, 2 down), drafts 3,905 → 4,330 characters, and a blind editor preferred the five-quote drafts 14 times of 14
# (relevance 2.29 → 2.57, faithfulness 2.50 → 2.57, usefulness 2.00 → 2.07, structure 2.07 → 2.07, publishable
# 0 → 0: bench/results/draft-rubric-ab-medium-five-quotes.jsonl). Long keeps medium's quotes a part.
# Medium was (7, 5) until later in session 30: units ranked 8th–10th by relevance held 224 missed key points;
# at (9, 5) key points 1,931 → 2,001 (68 topics changed, 64 up, 4 down), drafts 4,330 → 4,833 characters, and a
# blind editor preferred the nine-part drafts 14 times of 14 (relevance 2.36 → 3.21, faithfulness 3.36 → 3.43,
# structure 2.29 → 2.50, usefulness 2.07 → 2.71, publishable 0 → 4: bench/results/draft-rubric-ab-medium-nine-parts.jsonl).
SIZES = {"short": (3, 2), "medium": (9, 5), "long": (11, 5)}
LEGAL_TYPES = ("Nghị định", "Thông tư", "Quyết định", "Quy định", "Luật", "Thông tư liên tịch", "Quy chế")
# Documents that direct someone to act (an article on them closes on carrying them out).
DIRECTIVE_TYPES = ("Nghị quyết", "Chỉ thị", "Kết luận", "Công văn", "Chương trình hành động", "Chương trình",
                   "Kế hoạch", "Hướng dẫn", "Thông báo", "Đề án")
# Documents whose parts report results and shortcomings or set targets and tasks: the ones a part
# without a heading of its own may be headed by what its quotations do (FUNCTION_HEADINGS).
REPORTING_TYPES = (*DIRECTIVE_TYPES, "Báo cáo")

_FORMS = {"bai viet": ARTICLE, "bai": ARTICLE, "de cuong tuyen truyen": OUTLINE, "de cuong": OUTLINE,
          "tin ngan": BRIEF, "tin": BRIEF, "giai thich quy dinh": EXPLAINER, "giai thich": EXPLAINER}

_LENGTHS = {"short": "short", "ngan": "short", "medium": "medium", "vua": "medium", "trung binh": "medium",
            "long": "long", "dai": "long"}


def _choice(table: dict[str, str], value: str, what: str) -> str:
    key = fold_accents(index_form(value.strip()))
    if key not in table:
        raise ConfigError(f"{what} không hợp lệ: {value!r}")
    return table[key]


def form_of(value: str) -> str:
    """The form named by ``value`` ("bài viết", "de cuong", "tin") as one of the four constants.

    :raises ConfigError: an unknown form (in Vietnamese)."""
    return _choice(_FORMS, value, "Thể loại")


def length_of(value: str) -> str:
    """"short", "medium" or "long" from ``value`` ("ngắn", "vừa", "dai" …).

    :raises ConfigError: an unknown length (in Vietnamese)."""
    return _choice(_LENGTHS, value, "Độ dài")


@dataclass(frozen=True)
class Slot:
    """A question an explainer of a regulation answers, and the heading words that answer it."""

    key: str
    heading: str
    cues: tuple[str, ...]


SLOTS = (
    # Not "áp dụng" alone: "Những nội dung cụ thể về thuế … áp dụng đối với các Chi nhánh" is the substance,
    # headed "Phạm vi …" it was the blind editors' "wrong heading"; a text's "Những quy định chung" is its scope.
    Slot("scope", "Phạm vi và đối tượng áp dụng", ("phạm vi", "đối tượng", "điều chỉnh", "giải thích từ ngữ",
                                                   "quy định chung")),
    Slot("conditions", "Điều kiện, tiêu chuẩn", ("điều kiện", "tiêu chuẩn", "yêu cầu", "nguyên tắc")),
    Slot("benefits", "Quyền lợi, chế độ và mức ưu đãi", ("ưu đãi", "miễn", "giảm", "hỗ trợ", "chế độ", "quyền lợi",
                                                         "quyền", "mức", "lương", "phụ cấp", "chính sách", "khen thưởng")),
    Slot("duties", "Nghĩa vụ, trách nhiệm và những việc không được làm", ("nghĩa vụ", "không được", "trách nhiệm của",
                                                                          "xử lý vi phạm", "kỷ luật")),
    Slot("procedure", "Hồ sơ, trình tự, thủ tục", ("hồ sơ", "thủ tục", "trình tự", "đăng ký", "cấp giấy", "thẩm định",
                                                  "thời hạn", "nộp", "tuyển dụng", "bầu cử")),
    Slot("implementation", "Tổ chức thực hiện và hiệu lực", ("tổ chức thực hiện", "hiệu lực", "thi hành",
                                                            "điều khoản", "trách nhiệm thi hành")),
)


def asked_slots(core: str, subject: str = "") -> set[str]:
    """The explainer's questions a topic's own words ask ("điều kiện, thủ tục …"): cue words as whole
    words, with diacritics unless the topic was typed without them ("chất lượng" asks no "lương").

    :param subject: the regulation's own trích yếu: a cue it carries too names what the whole text
        is about ("quy định miễn thuế nhập khẩu … : ai được miễn" on a circular "hướng dẫn việc miễn
        thuế nhập khẩu"), not one of its questions."""
    folded = fold_accents(core) == core

    def words(text: str) -> str:
        return " " + " ".join(fold_accents(w) if folded else w for w in syllables(index_form(text))) + " "

    said, about = words(core), words(subject)
    def cues(slot) -> list[str]:
        return [fold_accents(c) if folded else c for c in slot.cues]

    return {sl.key for sl in SLOTS if any(f" {c} " in said and f" {c} " not in about for c in cues(sl))}


# Headings for the parts a document leaves without one (a letter's opening paragraphs, unnamed
# points), by what their sentences do; the cue words are generic, never a document's.
FUNCTION_HEADINGS = (
    ("Kết quả đạt được", ("đạt được", "kết quả", "chuyển biến", "tích cực", "nâng lên", "từng bước", "tiến bộ")),
    ("Những hạn chế, yếu kém", ("hạn chế", "yếu kém", "chưa được", "còn nhiều", "tuy nhiên", "xuống cấp", "bất cập")),
    ("Mục tiêu, chỉ tiêu", ("chỉ tiêu", "phấn đấu", "đến năm", "tỷ lệ", "mục tiêu")),
    ("Nhiệm vụ, giải pháp", ("tăng cường", "đẩy mạnh", "chỉ đạo", "nâng cao", "triển khai", "đổi mới", "tiếp tục")),
)


def draft_size(form: str, length: str, aspects: list[str]) -> tuple[int, int]:
    """(parts, quotations a part) of a draft: by its length, a news brief one part of three, or of
    one quotation for each thing the topic asks."""
    if form == BRIEF:
        return 1, 1 if aspects else 3
    return SIZES[length]
