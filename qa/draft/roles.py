"""What a sentence does in a draft, besides its words: pure predicates over a source sentence.

The planner (:mod:`qa.draft.plan`) ranks sentences by how much of the topic they cover; these say
which of them are formalities around a text (its legal bases, the clause that charges officials
with carrying it out), a table row (quoted under its column headers only), and how concrete and
quotable a sentence is.
"""

from __future__ import annotations

import re

from common.config import DraftPolicy
from common.vietnamese.normalize import index_form, syllables
from qa.draft.forms import LEGAL_TYPES, OUTLINE
from qa.draft.quotable import IN_FORCE
from qa.draft.sources import Sentence
from qa.draft.tables import in_table


def shape(sentence: Sentence) -> float:
    """Quotable length, and concrete content: a sentence with a figure states a fact an editor quotes.
    Hand-set; the cue bonus fitted on key points (``bench/fit_draft_picks.py``) raised them but picked
    further from the topic, and two blind editors on unseen topics scored relevance lower: not kept."""
    text = sentence.text
    return (0.05 if 80 <= len(text) <= 320 else 0.0) + (0.1 if re.search(r"\d", text) else 0.0)


# A legal document's bases ("Căn cứ Luật …", "Xét đề nghị của Sở …"): why it was issued, not what
# it says — an article that opens on one opens on a formality (the editor on sealed-topics-8).
_BASIS = re.compile(r"^(?:Căn cứ|Xét đề nghị|Theo đề nghị|Xét tờ trình|Theo tờ trình)\b", re.IGNORECASE)


def is_basis(sentence: Sentence) -> bool:
    return bool(_BASIS.match(sentence.text))


# The clause naming who executes the text ("Chánh Văn phòng …, Giám đốc Sở … có trách nhiệm thi hành
# Quyết định này"): a formality, whatever its unit's heading. When it enters into force is no formality:
# editors missed it ("thiếu hiệu lực", t27-2, t27-5), and topic writers ask for it.
_EXECUTION = re.compile(r"trách\s+nhiệm\s+(?:tổ\s+chức\s+)?thi\s+hành", re.IGNORECASE)


def is_formality(sentence: Sentence) -> bool:
    """A legal basis, or the clause that names who executes the text: what stands around a text, not
    what it says. Never a point of an article's or an outline's body (t27-3's first part quoted one as
    its first point, the blind editor's "meaningless section"); a closing may still be one
    (:func:`is_implementation`). A title stays quotable: topic writers ask for a table's title as a key
    point ("Danh mục dự án gọi vốn đầu tư nước ngoài tỉnh Lạng Sơn"), 11 of 2,840 on the opened sets."""
    return is_basis(sentence) or bool(_EXECUTION.search(sentence.text))


def is_row(sentence: Sentence) -> bool:
    """A table row: quoted under its column headers only, which a closing quotation does not carry."""
    return sentence.lead_in is not None and in_table(sentence.doc.text, sentence.start)


def is_implementation(sentence: Sentence) -> bool:
    """The clause that puts a text into force or charges officials with it ("có hiệu lực", "chịu
    trách nhiệm thi hành"), or a sentence under such a heading."""
    heading = index_form(sentence.unit.heading) if sentence.unit else ""
    return any(c in heading for c in ("tổ chức thực hiện", "thi hành", "hiệu lực")) or bool(
        re.search(r"(?i)có hiệu lực|chịu trách nhiệm thi hành|tổ chức thực hiện", sentence.text))


def is_in_force(sentence: Sentence) -> bool:
    """The clause that puts its own text into force: when a regulation applies from."""
    return bool(IN_FORCE.search(sentence.text))


def is_title(sentence: Sentence, opening_chars: int = DraftPolicy().title_opening_chars) -> bool:
    """The document's own title quoted as if it said something ("Báo cáo về tình hình sản xuất …
    năm 2007", "Danh mục dự án gọi vốn đầu tư nước ngoài tỉnh Lạng Sơn"), or a row of column
    numbers ("1 2 3 … 30"), or an aside in parentheses ("(tính tới ngày 31/7/2005 …)"): no statement
    to open an article on (the blind editors' "boilerplate lead": "sa-pô chỉ chép tên báo cáo"). A
    title is most of its words in the document's name and trích yếu, or a line of its opening (its
    first ``opening_chars``: ``draft.title_opening_chars``) without a full stop."""
    words = syllables(sentence.text)
    text = sentence.text.strip()
    if not words or all(w.isdigit() for w in words) or (text.startswith("(") and text.endswith(")")):
        return True
    doc = sentence.doc
    # The span has lost its final dot (qa.draft.quotable.trim): a statement's is the character after it.
    ended = doc.text[sentence.end:sentence.end + 3].lstrip("”\"’)")[:1] in (".", "!", "?")
    if sentence.start < opening_chars and not ended:
        return True
    title = syllables(f"{doc.name} {doc.summary} {doc.doc_type}")
    # A statement with a figure, or longer than the title, says more than the title does ("Thuế suất thuế thu
    # nhập doanh nghiệp áp dụng đối với các Chi nhánh nước ngoài là 32%").
    if re.search(r"\d", sentence.text) or len(words) > len(title):
        return False
    in_title = set(title)
    return sum(w in in_title for w in words) >= 0.8 * len(words)


def closing_clause(candidates: list[tuple[Sentence, float]], quoted: dict[str, int], floor: float) -> Sentence | None:
    """A draft's closing quotation among unused ``candidates`` (each with its coverage of the topic).
    When the draft quotes a regulation (``quoted``: quotes by doc_id), the clause putting the one it
    quotes most into force ("Nghị định này có hiệu lực thi hành từ ngày …"): the first thing asked of a
    rule, on the topic whatever its words — topic writers ask for it (205 of the 4,042 key points of
    the opened topic sets; 0.18 of them were quoted). Else the clause charging officials with the text
    that covers the topic best, at or above ``floor`` (an off-topic closing is no closing)."""
    in_force = [(s, lex) for s, lex in candidates if quoted.get(s.doc.doc_id) and is_in_force(s)
                and s.doc.doc_type in LEGAL_TYPES]
    if in_force:
        return max(in_force, key=lambda c: (quoted[c[0].doc.doc_id], c[1]))[0]
    closers = [(s, lex) for s, lex in candidates if is_implementation(s) and not is_row(s) and lex >= floor]
    return max(closers, key=lambda c: c[1])[0] if closers else None


def closing_for(form: str, candidates: list[tuple[Sentence, float]], quoted: dict[str, int], floor: float) -> Sentence | None:
    """The closing quotation of a draft in ``form`` (:func:`closing_clause`). An outline of a regulation ends
    on the message of when it applies, never on who executes it: of the opened topic sets' key points on a
    text's entry into force, outlines quoted 4 of 28 (articles 41 of 49, explainers 76 of 89, which close on it)."""
    closing = closing_clause(candidates, quoted, floor)
    return closing if form != OUTLINE or closing is not None and is_in_force(closing) else None
