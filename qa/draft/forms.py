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

import re
from dataclasses import dataclass

from common.config import DraftPolicy
from common.errors import ConfigError
from common.vietnamese.normalize import fold_accents, index_form, syllables

ARTICLE, OUTLINE, BRIEF, EXPLAINER = "bài viết", "đề cương tuyên truyền", "tin ngắn", "giải thích quy định"
LEGAL_TYPES = ("Nghị định", "Thông tư", "Quyết định", "Quy định", "Luật", "Thông tư liên tịch", "Quy chế")
# Documents that direct someone to act (an article on them closes on carrying them out).
DIRECTIVE_TYPES = ("Nghị quyết", "Chỉ thị", "Kết luận", "Công văn", "Chương trình hành động", "Chương trình",
                   "Kế hoạch", "Hướng dẫn", "Thông báo", "Đề án")
# Documents whose parts report results and shortcomings or set targets and tasks: the ones a part
# without a heading of its own may be headed by what its quotations do (FUNCTION_HEADINGS).
REPORTING_TYPES = (*DIRECTIVE_TYPES, "Báo cáo")

# The form the request names, read by :func:`form_named_in` — the choice "theo yêu cầu" (by the request).
AUTO = "theo yêu cầu"
# How a request names its form, with or without marks, read in this order: "soạn đề cương tuyên truyền …",
# "viết tin ngắn …", "giải thích …" / "hướng dẫn …" at its start (an explainer); anything else is an article.
_NAMED_FORMS = ((re.compile(r"\bde cuong\b"), OUTLINE), (re.compile(r"\b(?:tin ngan|mau tin)\b"), BRIEF),
                (re.compile(r"\bgiai thich\b|^huong dan\b"), EXPLAINER))

_FORMS = {"bai viet": ARTICLE, "bai": ARTICLE, "de cuong tuyen truyen": OUTLINE, "de cuong": OUTLINE,
          "tin ngan": BRIEF, "tin": BRIEF, "giai thich quy dinh": EXPLAINER, "giai thich": EXPLAINER}

_LENGTHS = {"short": "short", "ngan": "short", "medium": "medium", "vua": "medium", "trung binh": "medium",
            "long": "long", "dai": "long"}


def _choice(table: dict[str, str], value: str, what: str) -> str:
    key = fold_accents(index_form(value.strip()))
    if key not in table:
        raise ConfigError(f"{what} không hợp lệ: {value!r}")
    return table[key]


def form_of(value: str | None, topic: str = "") -> str:
    """The form named by ``value`` ("bài viết", "de cuong", "tin") as one of the four constants; the one
    the ``topic`` names (:func:`form_named_in`) when ``value`` is empty or :data:`AUTO`.

    :raises ConfigError: an unknown form (in Vietnamese)."""
    if not (value or "").strip() or fold_accents(index_form(value.strip())) == fold_accents(AUTO):
        return form_named_in(topic)
    return _choice(_FORMS, value, "Thể loại")


def form_named_in(topic: str) -> str:
    """The form a request names — "Soạn đề cương tuyên truyền …" an outline, "Viết tin ngắn …" a brief,
    "Viết bài giải thích …" or "Hướng dẫn doanh nghiệp …" an explainer — else an article: a user who asks
    for an outline in words gets one without also choosing it. On the 982 topics of the opened topic sets
    and topics-dev, each written with its form given, all 982 are read as their writer's form."""
    folded = fold_accents(index_form(topic)).strip()
    return next((form for words, form in _NAMED_FORMS if words.search(folded)), ARTICLE)


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


def draft_size(form: str, length: str, aspects: list[str], policy: DraftPolicy) -> tuple[int, int]:
    """(parts, quotations a part) of a draft: by its length (``policy.medium_parts``, ``medium_quotes`` …,
    with how each was chosen), a news brief one part of three, or of one quotation for each thing the
    topic asks."""
    if form == BRIEF:
        return 1, 1 if aspects else 3
    return getattr(policy, f"{length}_parts"), getattr(policy, f"{length}_quotes")
