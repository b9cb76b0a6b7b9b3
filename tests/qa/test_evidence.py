"""Lexical evidence: how much of a question a text covers (qa.evidence, qa.abbreviations)."""

from __future__ import annotations

import pytest

from common.vietnamese.normalize import fold_term
from qa.abbreviations import equivalent_terms, expand_text, expansion, is_acronym, spells
from qa.evidence import QueryEvidence, TermStats, content_terms, quoted_terms

STATS = TermStats.build(
    ["Hộ kinh doanh cá thể được thuê lao động.", "Hợp tác xã có tư cách pháp nhân.", "Hồ sơ đăng ký kinh doanh.",
     "Tên doanh nghiệp mới.", "Tên doanh nghiệp tân lập."] * 3
)


class TestCoverage:
    def test_the_name_of_a_digest_is_no_content(self):
        # "Bản tóm lược NQ 41 nêu những biểu hiện nào …" matched the digest's one sentence that says
        # "được tóm lược như sau" over the list that answers (s16-66, s26-86).
        for question in ("Bản tóm lược NQ 41 nêu những biểu hiện nào?", "ban tom luoc nghi quyet 41 neu bieu hien gi",
                         "Nghị quyết 41 (bản tóm lược) nêu những biểu hiện nào?"):
            folded = {fold_term(t) for t in content_terms(question)}
            assert not folded & {"ban", "tom", "luoc"} and {"bieu", "hien"} <= folded, question
        assert "ban" in {fold_term(t) for t in content_terms("Ban Bí thư tóm tắt kết luận")}

    def test_typed_without_diacritics_matches_the_folded_form(self):
        assert QueryEvidence("ho kinh doanh", None).coverage("Hộ kinh doanh cá thể") == 1.0

    def test_restored_question_prefers_the_restored_syllables(self):
        restored = QueryEvidence("hộ kinh doanh", None, restored=True)
        exact = restored.coverage("Hộ kinh doanh cá thể")
        folded_only = restored.coverage("Hợp tác xã kinh doanh")  # "hợp" folds to "hop", not "ho"
        confusable = restored.coverage("Hồ sơ kinh doanh")  # "hồ" folds to "ho" like "hộ"
        assert exact == 1.0 and folded_only < 1.0 and folded_only < confusable < exact

    def test_typed_with_diacritics_must_match_exactly(self):
        assert QueryEvidence("hộ", None).coverage("Hồ sơ") == 0.0

    def test_given_terms_are_left_out(self):
        evidence = QueryEvidence("thuế suất chi nhánh nước ngoài", None)
        given = evidence.matched("Thông tư hướng dẫn thuế đối với chi nhánh nước ngoài")
        assert evidence.coverage("thuế suất là 32%", given=given) == 1.0  # "suất" is all that is left
        assert evidence.coverage("chi nhánh nước ngoài", given=given) == 0.0

    def test_quoted_words_weigh_more(self):
        question = 'Tên doanh nghiệp thêm chữ "tân" có được không?'
        assert quoted_terms(question) == {"tân"}
        evidence = QueryEvidence(question, STATS)
        plain = QueryEvidence(question.replace('"', ""), STATS)
        assert evidence.coverage("tân lập") > plain.coverage("tân lập")


class TestAbbreviations:
    @pytest.mark.parametrize("token", ["TNDN", "tndn", "HĐND", "hdnd"])
    def test_expansion_any_case_with_or_without_marks(self, token):
        assert expansion(token) in ("thu nhập doanh nghiệp", "hội đồng nhân dân")

    def test_expand_text_marks_abbreviations(self):
        assert expand_text("thuế TNDN và UBND tỉnh") == "thuế TNDN (thu nhập doanh nghiệp) và UBND (ủy ban nhân dân) tỉnh"
        assert expand_text("Doanh nghiệp Nhà nước") == "Doanh nghiệp Nhà nước"
        assert expand_text("thue tndn") == "thue tndn (thu nhập doanh nghiệp)"  # a question typed in lower case

    def test_names_written_with_an_ampersand_and_the_party_committee(self):
        # "KH&CN" is science and technology, not "kế hoạch" and "CN"; "TU" in capitals is the
        # provincial Party committee, and stays inside a document number ("38-CT/TU").
        assert expand_text("Bộ KH&CN và Sở TN&MT") == ("Bộ KHCN (khoa học công nghệ) và Sở TNMT (tài nguyên môi "
                                                       "trường)")
        assert expand_text("BTV TU giao") == "BTV (ban thường vụ) TU (tỉnh ủy) giao"
        assert expand_text("Chỉ thị 38-CT/TU") == "Chỉ thị 38-CT/TU"

    def test_two_codes_joined_by_a_hyphen_and_spelt_out(self):
        # The catalogue of legal texts writes "ĐT-XD" for "ĐTXD" (đầu tư xây dựng); "NĐ-CP" in a number stays.
        from qa.abbreviations import spell_out

        assert expand_text("HOẠT ĐỘNG ĐT-XD:") == "HOẠT ĐỘNG ĐT-XD (đầu tư xây dựng):"
        assert expand_text("Nghị định 16/2005/NĐ-CP") == "Nghị định 16/2005/NĐ-CP"
        assert spell_out("Danh mục các VB pháp quy, liên quan đến hoạt động ĐT-XD") == (
            "Danh mục các văn bản pháp quy, liên quan đến hoạt động đầu tư xây dựng")
        assert spell_out("Luật Đầu tư, Luật Doanh nghiệp") == "Luật Đầu tư, Luật Doanh nghiệp"

    def test_two_letter_forms_that_are_words_expand_only_in_capitals(self):
        from qa.abbreviations import expand_chat

        assert expand_text("QT NS 2004") == "QT (quyết toán) NS (ngân sách) 2004"
        assert expand_text("kcn song than da phu kin") == "kcn (khu công nghiệp) song than da phu kin"  # "đã"
        assert expand_chat("phi VS doi voi CTR") == "phi VS doi voi CTR"  # capitals: "vệ sinh", not "với"
        assert expand_chat("di vs ai") == "di với ai"

    def test_equivalent_terms_go_both_ways(self):
        terms, pairs = equivalent_terms({"thuế", "tndn"}, set())
        assert {"thu", "nhập", "doanh", "nghiệp"} <= terms and ("doanh", "nghiệp") in pairs
        long_form = ["thu", "nhập", "doanh", "nghiệp"]
        terms, _ = equivalent_terms(set(long_form), set(zip(long_form, long_form[1:])))
        assert "tndn" in terms

    @pytest.mark.parametrize("text", [
        "UBND tỉnh và Hội đồng nhân dân; thuế TNDN, thu nhập doanh nghiệp đạt 74,8%.",
        "Ủy ban nhân dân tỉnh Đồng Tháp giao Sở KH&CN", "thue thu nhap ca nhan", "", "100% và 5%",
    ])
    def test_text_terms_are_the_text_s_terms_and_pairs_with_their_equivalents(self, text):
        """text_terms builds its sets from the token list (faster on the first questions after a
        start); they are still these: every term and adjacent pair (a figure with "%" adds "%")
        with the abbreviations' other forms, and each folded."""
        from common.vietnamese.normalize import fold_term, syllables
        from qa.evidence import PERCENT, text_terms

        toks = syllables(text)
        toks += [PERCENT] if any(t.endswith(PERCENT) for t in toks) else []
        terms, pairs = set(toks), set(zip(toks, toks[1:]))
        extra_terms, extra_pairs = equivalent_terms(terms, pairs)
        terms, pairs = terms | extra_terms, pairs | extra_pairs
        assert text_terms(text) == (terms, {fold_term(t) for t in terms}, pairs,
                                    {(fold_term(a), fold_term(b)) for a, b in pairs})

    def test_every_long_form_and_abbreviation_is_found(self):
        from qa.abbreviations import PHRASES

        for short, phrase in PHRASES.items():
            long_terms, long_pairs = equivalent_terms(set(phrase), set(zip(phrase, phrase[1:])))
            assert short in long_terms
            short_terms, short_pairs = equivalent_terms({short}, set())
            assert set(phrase) <= short_terms and set(zip(phrase, phrase[1:])) <= short_pairs

    def test_coverage_across_the_two_forms(self):
        assert QueryEvidence("thuế TNDN", None).coverage("thuế thu nhập doanh nghiệp là 32%") == 1.0
        assert QueryEvidence("thuế thu nhập doanh nghiệp", None).coverage("thuế TNDN là 32%") == 1.0


class TestAcronyms:
    """An abbreviation the table does not hold is met by the words whose first letters spell it."""

    def test_only_letters_that_are_no_syllable_and_not_in_the_table(self):
        assert [t for t in ("tv", "hđ", "bltd", "vphc", "ban", "kcn", "b1") if is_acronym(t)] == ["tv", "hđ", "bltd", "vphc"]

    def test_a_run_of_syllables_spells_it(self):
        text = "Hội đồng sơ tuyển có 03 hoặc 05 thành viên; xử phạt vi phạm hành chính."
        assert spells("hđ", text) and spells("tv", text) and spells("vphc", text)
        assert not spells("bltd", text)
        assert not spells("ht", "Hội đồng 05 tuyển")  # a figure breaks the run

    def test_the_question_s_abbreviation_counts_where_it_is_spelled_out(self):
        e = QueryEvidence("HĐ sơ tuyển công chức dự bị có bao nhiêu TV?", None)
        spelled = e.coverage("Hội đồng sơ tuyển công chức dự bị có 03 hoặc 05 thành viên.")
        assert spelled == pytest.approx(1.0)
        assert e.coverage("Sơ tuyển công chức dự bị do cơ quan tổ chức.") < 0.75


class TestDefinedAbbreviations:
    """An abbreviation a document defines in brackets after its long form and then uses alone
    ("giá trị sản xuất công nghiệp (GTSXCN)" … "2 tháng đầu năm GTSXCN ước đạt …") stands for its
    long form in every text, as the table's do (issue 11, informal and abbreviated wording)."""

    def test_definitions_are_read_where_the_letters_spell_the_words_before_the_bracket(self):
        from qa.abbreviations import defined_in
        text = ("Tháng 02 năm 2007 giá trị sản xuất công nghiệp (GTSXCN) ước đạt 39.897 tỷ đồng. Hệ thống "
                "Ngân hàng thương mại Nhà nước (NHTMNN) chiếm 67%. Sở Tài chính (STC); công văn (số 12); thành phố (TP).")
        assert defined_in(text) == {"gtsxcn": "giá trị sản xuất công nghiệp", "nhtmnn": "ngân hàng thương mại nhà nước",
                                    "stc": "sở tài chính"}  # two letters are too few to trust

    def test_a_sentence_using_the_abbreviation_covers_the_long_form_asked(self):
        from qa.evidence import read_definitions
        from tests.conftest import CORPUS
        study = (CORPUS / "van-ban-tham-khao/2005-nghiencuu_2005_09_15_090641.txt").read_text(encoding="utf-8")
        sentence = "Đến nay hệ thống NHTMNN chiếm thị phần huy động vốn khoảng 67%"
        question = QueryEvidence("thị phần huy động vốn của ngân hàng thương mại nhà nước", None)
        try:
            read_definitions([])
            before = question.coverage(sentence)
            read_definitions([study])  # what the library does when its documents change
            after = question.coverage(sentence)
            assert after == pytest.approx(1.0) and before < 0.7
        finally:
            read_definitions([])
        assert question.coverage(sentence) == before  # forgotten with the definitions


class TestTextTermsCache:
    """The terms of the texts questions score are remembered within a budget of characters (a
    bound on memory: a passage's entry is 25 times a short sentence's), not of entries."""

    TEXTS = ["UBND tỉnh và Hội đồng nhân dân; thuế TNDN, thu nhập doanh nghiệp đạt 74,8%.",
             "Hộ kinh doanh cá thể được thuê lao động.", "Hợp tác xã có tư cách pháp nhân.", "100% và 5%", ""]

    @pytest.fixture(autouse=True)
    def _default_budget(self):
        from common.config import QASettings
        from qa.evidence import set_text_terms_budget

        yield
        set_text_terms_budget(QASettings().text_terms_cache_chars)

    def test_the_least_recently_used_texts_go_when_their_lengths_exceed_the_budget(self):
        from qa.evidence import TextCache

        computed: list[str] = []
        cache = TextCache(100)
        a, b, c = "a" * 40, "b" * 40, "c" * 40
        for text in (a, b, a, c):  # a is used again: b is the least recently used when c comes
            cache.get(text, lambda t: computed.append(t) or t.upper())
        assert computed == [a, b, c] and len(cache) == 2 and cache.chars == 80
        assert cache.get(a, str.upper) == a.upper() and cache.get(b, lambda t: computed.append(t) or t) == b
        assert computed == [a, b, c, b]
        cache.get("d" * 101, str.upper)  # longer than the budget: not kept, and nothing goes for it
        assert len(cache) == 2 and cache.chars == 80
        cache.resize(50)
        assert len(cache) == 1 and cache.chars == 40

    def test_threads_sharing_the_cache_get_the_right_terms_within_the_budget(self):
        from concurrent.futures import ThreadPoolExecutor

        from qa.evidence import TextCache

        cache = TextCache(100)
        texts = [f"{i} " * (5 + i % 20) for i in range(60)]

        def look_up(start: int) -> bool:
            return all(cache.get(t, str.upper) == t.upper() for t in texts[start:] + texts[:start])

        with ThreadPoolExecutor(8) as pool:
            assert all(pool.map(look_up, range(0, 60, 3)))
        assert 0 < cache.chars <= 100

    def test_the_terms_are_the_same_kept_evicted_or_never_kept(self):
        from qa.evidence import set_text_terms_budget, text_terms

        set_text_terms_budget(0)  # nothing kept: every call computes
        fresh = [text_terms(t) for t in self.TEXTS]
        assert text_terms(self.TEXTS[1]) is not text_terms(self.TEXTS[1])
        set_text_terms_budget(80)  # room for one or two of the texts: they evict each other
        for _ in range(3):
            assert [text_terms(t) for t in self.TEXTS] == fresh
        assert text_terms(self.TEXTS[1]) is text_terms(self.TEXTS[1])  # kept

    def test_the_engine_applies_the_setting(self, tmp_path, monkeypatch):
        from common.config import load_settings
        from qa.evidence import text_terms
        from qa.facade import PolicyQA

        monkeypatch.setenv("POLICYQA_QA__TEXT_TERMS_CACHE_CHARS", "0")
        qa = PolicyQA(load_settings("test", home=tmp_path))
        assert qa.engine is not None
        assert text_terms(self.TEXTS[1]) is not text_terms(self.TEXTS[1])
        qa.close()
