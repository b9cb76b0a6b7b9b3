"""Which sentence answers: the signals every candidate carries, the hand-set ranker, and the
fitted model shipped in qa/sentence_model.json (its figures are bench/fit_sentences.py's)."""

from __future__ import annotations

import json

import pytest

from common.config import AnswerPolicy, Settings
from qa import sentence_rank
from qa.answer import compose_answer
from qa.evidence import QueryEvidence
from qa.sought import Sought
from qa.sentence_rank import FEATURES, MODEL_PATH, HandRanker, SentenceCandidate, SentenceModel
from qa.models import sentence_ranker
from tests.qa.test_answer import passage

POLICY = AnswerPolicy(min_dense=None)
# Real sentences (Quy chế chi tiêu nội bộ 2007, Ban Quản lý các KCN Bà Rịa – Vũng Tàu): the
# first shares most of the question's words and holds no figure; the second gives the figure.
KHOAN = (
    "Điều 2 : Kinh phí quản lý hành chính của BQL các KCN tỉnh Bà Rịa – Vũng Tàu do UBND tỉnh khoán chi "
    "theo Quyết định được quản lý tập trung.\n"
    "Kinh phí được khoán là 38 triệu đồng/người/năm.\n"
    "Cán bộ đi công tác được thanh toán tiền tàu xe theo giá vé."
)
QUESTION = "Kinh phí quản lý hành chính khoán cho Ban Quản lý các KCN Bà Rịa – Vũng Tàu là bao nhiêu mỗi người một năm?"


def candidates_of(question: str, text: str, ranker) -> list[SentenceCandidate]:
    out = []

    class Keep:
        lead_ratio = follow_ratio = 0.7

        def score(self, candidates, pool):
            ranker.score(candidates, pool)
            out.extend(candidates)

    compose_answer(question, [passage(text)], QueryEvidence(question, None), POLICY, ranker=Keep())
    return out


class TestSignals:
    def test_every_candidate_carries_every_signal(self):
        found = candidates_of(QUESTION, KHOAN, HandRanker(POLICY))
        assert len(found) == 3
        for c in found:
            assert set(c.features) == set(FEATURES)
        by_text = {KHOAN[c.start:c.end]: c.features for c in found}
        assert by_text["Kinh phí được khoán là 38 triệu đồng/người/năm."]["type_missing"] == 0.0
        assert by_text[KHOAN.split("\n")[0]]["type_missing"] == 1.0

    def test_hand_ranker_is_the_hand_set_formula(self):
        f = dict.fromkeys(FEATURES, 0.0) | {"coverage": 0.6, "focus": 0.4, "pairs": 0.5, "passage_coverage": 0.8,
                                            "rank_prior": 0.1, "type_missing": 1.0}
        c = SentenceCandidate(0, 0, 1, f, 0.6)
        HandRanker(POLICY).score([c], [])
        p = POLICY
        expected = ((0.6 + p.focus_weight * 0.4) / (1 + p.focus_weight) + p.phrase_weight * 0.5
                    + p.passage_weight * 0.8 + 0.1) * p.type_mismatch
        assert c.score == pytest.approx(expected)


class TestSought:
    def test_a_row_naming_the_asked_place_and_a_figure_in_the_asked_unit(self):
        sought = Sought([("binh phuoc",), ("dong nai",)], "ha")
        assert sought.names_found("16\tBình Phước\t3\t11500000") == 0.5
        assert sought.names_found("Tỉnh Bình Phước và tỉnh Đồng Nai") == 1.0
        assert sought.names_found("Phước Bình") == 0.0  # whole names, not their syllables
        assert sought.unit_found("Tổng diện tích 318 ha") == 1.0 and sought.unit_found("Chiếm 86%") == 0.0
        assert Sought().names_found("Bình Phước") == 0.0 and Sought().unit_found("318 ha") == 0.0

    def test_the_question_s_runs_of_three_syllables_as_written(self):
        # "2 tháng đầu năm" is in the sentence that answers, not in "Tháng 02 năm 2007 …".
        sought = Sought.of("Giá trị sản xuất công nghiệp 2 tháng đầu năm 2007 ước đạt bao nhiêu?", [], None)
        right = sought.triples_found("Tính gộp 2 tháng đầu năm GTSXCN ước đạt 89.084 tỷ đồng")
        assert right > sought.triples_found("Tháng 02 năm 2007 GTSXCN ước đạt 39.897 tỷ đồng") == 0
        assert sought.triples_found("thang dau nam") == sought.triples_found("tháng đầu năm") > 0  # folded
        assert Sought.of("là gì", [], None).triples_found("là gì") == 0.0  # stopwords only: no run

    def test_the_engine_reads_them_from_the_question(self):
        question = "KCN Sóng Thần II ở tỉnh Bình Dương rộng bao nhiêu ha?"
        text = "Khu công nghiệp Sóng Thần II thuộc tỉnh Bình Dương.\nTổng diện tích là 318 ha.\nTỷ lệ lấp đầy 86%."
        found = candidates_of(question, text, HandRanker(POLICY))
        by_text = {text[c.start:c.end]: c.features for c in found}
        assert by_text["Tổng diện tích là 318 ha."]["unit_found"] == 1.0
        assert by_text["Tỷ lệ lấp đầy 86%."]["unit_found"] == 0.0


class TestFittedModel:
    def test_the_shipped_model_covers_every_signal_and_says_how_it_was_fitted(self):
        data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
        assert data["features"] == list(FEATURES)
        assert set(data["weights"]) == set(FEATURES)
        held = data["fit"]["leave_one_file_out_pooled"]
        assert {"hand", "model@0.3/0.02"} <= set(held)
        assert data["fit"]["questions"] >= 300

    def test_scores_are_likelihoods_relative_to_the_best(self):
        found = sorted(candidates_of(QUESTION, KHOAN, SentenceModel.load()), key=lambda c: -c.score)
        assert found[0].score == 1.0 and all(0 < c.score < 1 for c in found[1:])
        # The sentence giving the figure ranks above the one that shares nothing but the topic.
        order = [KHOAN[c.start:c.end] for c in found]
        assert order.index("Kinh phí được khoán là 38 triệu đồng/người/năm.") < order.index(
            "Cán bộ đi công tác được thanh toán tiền tàu xe theo giá vé.")

    def test_the_answer_quotes_the_figure_and_leaves_out_the_unrelated_sentence(self):
        model = SentenceModel.load(POLICY)
        text, citations, abstained, _ = compose_answer(QUESTION, [passage(KHOAN)], QueryEvidence(QUESTION, None),
                                                       POLICY, ranker=model)
        assert not abstained
        quotes = [c.quote for c in citations]
        assert "Kinh phí được khoán là 38 triệu đồng/người/năm." in quotes
        assert "Cán bộ đi công tác được thanh toán tiền tàu xe theo giá vé." not in quotes

    def test_the_engine_uses_the_model_by_default_and_the_hand_weights_when_told(self):
        assert isinstance(sentence_ranker(Settings().answer), SentenceModel)
        assert isinstance(sentence_ranker(AnswerPolicy(sentence_model=False)), HandRanker)

    def test_a_model_asked_for_and_missing_is_an_error_not_a_fallback(self, tmp_path, monkeypatch):
        monkeypatch.setattr(sentence_rank, "MODEL_PATH", tmp_path / "absent.json")
        with pytest.raises(FileNotFoundError, match="sentence_model.json"):
            sentence_ranker(AnswerPolicy(sentence_model=True))


@pytest.mark.parametrize(("question", "kind"), [
    ("Kinh phí tiết kiệm của BQL chia vào những quỹ nào, mỗi quỹ bao nhiêu?", ("quỹ",)),
    ("TS Nguyễn Đại Lai chia lạm phát thành mấy cấp độ, gồm những cấp độ nào?", ("cấp", "độ")),
    ("Hộ kinh doanh được dùng những loại hoá đơn nào?", ("hóa", "đơn")),  # a classifier before two words
    ("Doanh nghiệp được phân thành những loại hình nào?", ("loại", "hình")),  # "loại hình" is one word
    ("Những biểu hiện chủ yếu nào của lạm phát?", ("biểu", "hiện")),
    ("kinh phi tiet kiem chia vao nhung quy nao", ("quy",)),  # typed without marks: compared folded
    ("Luật Xây dựng có hiệu lực từ ngày nào?", ()),
])
def test_the_kind_of_things_a_list_question_asks_for(question, kind):
    from qa.sought import asked_kind

    assert asked_kind(question) == kind


def test_a_lead_in_whose_items_name_the_asked_kind_is_found():
    """kind_found: "Khoản tiết kiệm này được phân bổ như sau:" names no fund, its items do ("1. Quỹ …");
    the aims of the same regulation name none (four opened questions quoted the aims)."""
    sought = Sought.of("Kinh phí tiết kiệm chia vào những quỹ nào?", [], None)
    funds = ["1. Quỹ nâng thu nhập cho CC : 70%", "2. Quỹ khen thưởng : 05%", "3. Quỹ dự phòng : 10%"]
    assert sought.kind_found("Khoản tiết kiệm này được phân bổ như sau :", funds) == 1.0
    assert sought.kind_found("Quy chế nhằm mục đích:", ["- Tạo quyền chủ động cho thủ trưởng;", "- Chống lãng phí."]) == 0.0
    assert sought.kind_found("Các quỹ của cơ quan gồm:", []) == 1.0  # named by the lead-in itself
    assert sought.kind_found("Quy chế này gồm:", ["- Quy định chung;"]) == 0.0  # "quy" is no "quỹ"
    assert Sought.of("Ai ký quyết định?", [], None).kind_found("Các quỹ gồm:", funds) == 0.0


def test_a_question_writing_a_documents_title_as_one_run_names_that_document():
    """title_run: "Trong đơn đăng ký kinh doanh công ty cổ phần, mục vốn điều lệ …" writes the form's title
    whole; the decree listing "Hồ sơ đăng ký kinh doanh … công ty cổ phần bao gồm" shares the words apart
    (seven opened questions on forms were answered from the decree's list)."""
    from qa.sought import Sought, longest_run

    sought = Sought.of("Trong đơn đăng ký kinh doanh công ty cổ phần, mục vốn điều lệ phải ghi số vốn nào?", [], None)
    assert sought.title_run("Biểu mẫu đơn đăng ký kinh doanh công ty cổ phần") == 1.0  # 8 syllables in one run
    assert sought.title_run("Nghị định số 109/2004/NĐ-CP ngày 2/4/2004 của Chính phủ về đăng ký kinh doanh") == 0.5
    assert sought.title_run("Luật Thuế tiêu thụ đặc biệt") == 0.0
    # A run must hold a content word and two words at least: "của" alone, or "và của", names nothing.
    assert longest_run(("của", "và", "thuế"), ("và", "của", "phí")) == 0
    assert longest_run(("đăng", "ký", "kinh", "doanh"), ("về", "đăng", "ký")) == 2
