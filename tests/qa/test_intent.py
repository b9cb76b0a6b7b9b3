"""What a question asks for and what a sentence can answer (qa.intent), typed with and
without diacritics."""

from __future__ import annotations

import pytest

from qa.asked_numbers import has_reference
from qa.intent import (
    has_agent,
    has_figure,
    has_substance,
    has_time,
    is_heading,
    is_place_date_line,
    is_reference_clause,
    mention_form,
    mentions_all,
    names_as_scope,
    question_intent,
    required_mentions,
)


class TestQuestionIntent:
    @pytest.mark.parametrize(
        "question",
        [
            "Thuế suất áp dụng cho chi nhánh nước ngoài là bao nhiêu?",
            "thue suat ap dung cho chi nhanh nuoc ngoai la bao nhieu",
            "Kế hoạch đặt chỉ tiêu giảm tỷ lệ hộ nghèo xuống mức nào?",
            "Hộ kinh doanh được thuê tối đa mấy lao động?",
        ],
    )
    def test_quantity(self, question):
        intent = question_intent(question)
        assert intent.wants_quantity and not intent.wants_time

    @pytest.mark.parametrize(
        "question",
        ["Nghị định có hiệu lực từ ngày nào?", "Khi nào phải nộp báo cáo?", "khi nao phai nop bao cao"],
    )
    def test_time(self, question):
        assert question_intent(question).wants_time

    def test_a_frequency_before_which_asks_for_a_kind_not_a_time(self):
        # "những mức tiền hằng tháng nào" asks which monthly amounts (s11-47, s17-78 refused for want of a date)
        assert not question_intent("Con đẻ được nhận những mức tiền hằng tháng nào theo mẫu tổng hợp?").wants_time
        assert not question_intent("con de huong nhung muc tro cap hang thang nao").wants_time
        assert question_intent("Luật có hiệu lực từ tháng nào?").wants_time

    def test_a_day_of_the_month_asked_is_a_date_not_a_quantity(self):
        # "hạn gửi là ngày mấy" was read as "how many" and refused: "ngày 5" is no figure (s13-6, s14-46, s18-73)
        for question in ("Biểu A01 hạn gửi là ngày mấy?", "bc B01 cham nhat ngay may", "Nộp chậm nhất ngày bao nhiêu?"):
            intent = question_intent(question)
            assert intent.wants_time and not intent.wants_quantity, question
        # a rate per day, how many days, and a figure asked beside the day stay quantities
        for question in ("đi công tác được phụ cấp mỗi ngày bao nhiêu", "Thử việc quá bao nhiêu ngày?",
                         "Hạn nộp là ngày mấy và mức phạt bao nhiêu?"):
            assert question_intent(question).wants_quantity, question

    def test_issue_date_and_place(self):
        for question in ("Công văn được ban hành ngày nào, ở đâu?", "Quyết định 991 được ký ngày nào?",
                         "cong van duoc ban hanh o dau"):
            intent = question_intent(question)
            assert intent.asks_issue and intent.wants_time, question

    def test_machine_is_not_how_many(self):
        assert not question_intent("Nhà máy xử lý rác thải đặt ở đâu?").wants_quantity

    def test_list(self):
        assert question_intent("Hồ sơ đăng ký gồm những giấy tờ gì?").is_list
        assert question_intent("nhung co quan nao duoc giao trien khai").is_list
        assert not question_intent("Ai ký hợp đồng làm việc?").is_list

    def test_a_document_number_or_a_form_code_asked_is_no_quantity(self):
        # "theo NĐ số mấy", "mẫu số mấy": refused for want of "con số" (s11-98, s29-31, s29-41), or
        # answered by a form's body rows instead of the header naming its decree (s14-47, s29-85)
        for question, kind in (("Bản khai thân nhân NCC đề nghị hưởng trợ cấp 1 lần theo NĐ số mấy?", "nd"),
                               ("biểu BC TNLĐ 6 tháng gửi BQL KCN Đồng Nai ban hành theo TT nào", "tt"),
                               ("ND xu phat HC trong linh vuc BVMT la ND so may, ban hanh ngay nao?", "nd"),
                               ("Biểu này được ban hành kèm theo quyết định số bao nhiêu?", "quyet dinh")):
            intent = question_intent(question)
            assert intent.wants_reference and intent.reference_kind == kind and not intent.wants_quantity, question
        for question in ("mẫu đơn ĐKKD cty TNHH 2 TV trở lên là mẫu số mấy", "hoá đơn thu mua dùng mẫu ký hiệu gì?"):
            intent = question_intent(question)
            assert intent.wants_form_code and not intent.wants_quantity, question
        assert not question_intent("Hồ sơ gồm những tài liệu, biểu mẫu nào?").wants_form_code  # a list's items
        assert question_intent("mau bao cao gui BQL cac KCN Dong Nai ban hanh theo thong tu nao").wants_reference
        # "Theo thông tư nào, …" opening a question asks which text says it; a figure beside stays asked
        assert not question_intent("Theo thông tư nào, thuế suất là bao nhiêu?").wants_reference
        assert question_intent("NĐ số mấy quy định mức phạt bao nhiêu tiền?").wants_quantity

    def test_which_document_and_basis(self):
        assert question_intent("Văn bản nào triển khai Kết luận 02-KL/TW?").asks_which_document
        assert question_intent("Quyết định được ban hành theo đề nghị của ai?").asks_basis
        assert not question_intent("Chỉ thị 38 giao nhiệm vụ gì?").asks_which_document

    @pytest.mark.parametrize(
        "question",
        [
            "Những cơ quan nào được giao triển khai kế hoạch?",
            "doanh nghiep tam ngung kinh doanh phai bao cho co quan nao",
            "Ai có quyền quyết định buộc thôi việc?",
            "Báo cáo vướng mắc gửi cho đơn vị nào?",
        ],
    )
    def test_agent(self, question):
        assert question_intent(question).wants_agent

    @pytest.mark.parametrize(
        "question",
        ["Vốn nhà nước cấp cho quỹ lấy từ ngân sách cấp nào?", "Mức thuế suất là bao nhiêu?",
         "Đối tượng nào được miễn thuế?"],
    )
    def test_not_agent(self, question):
        assert not question_intent(question).wants_agent

    def test_frame_questions(self):
        """Who issued or signed a document, when, on what basis: its frame may answer."""
        for question in ("Công văn được ban hành ngày nào?", "Quyết định được ban hành theo đề nghị của ai?",
                         "Cơ quan nào ban hành Kết luận 02?"):
            assert question_intent(question).reads_frame, question
        assert not question_intent("Những cơ quan nào được giao triển khai kế hoạch?").reads_frame


class TestScope:
    @pytest.mark.parametrize(
        "question, ref",
        [
            ("Theo Nghị quyết 41, phương châm chỉ đạo là gì?", "Nghị quyết 41"),
            ("Chỉ thị 38-CT/TU giao nhiệm vụ gì cho Sở Công Thương?", "Chỉ thị 38-CT/TU"),
        ],
    )
    def test_named_document_is_the_scope(self, question, ref):
        start = question.index(ref)
        assert names_as_scope(question, (start, start + len(ref)))

    @pytest.mark.parametrize(
        "question, ref",
        [
            ("Công văn triển khai Kết luận 02-KL/TW được ban hành ngày nào?", "Kết luận 02-KL/TW"),
            ("Kết quả 10 năm thực hiện Nghị quyết 41 là gì?", "Nghị quyết 41"),
            ("cong van trien khai ket luan 02 ban hanh ngay nao", "ket luan 02"),
            # A document about the named one: "công văn về Kết luận 02" is the letter (s16-13, s16-29).
            ("Trong việc thực hiện công văn về Kết luận 02, cơ quan nào làm đầu mối?", "Kết luận 02"),
            ("cv BTV tinh uy ve KL 02 giao dang doan HDND tinh lam gi vay", "KL 02"),
        ],
    )
    def test_document_named_as_an_object_is_not(self, question, ref):
        start = question.index(ref)
        assert not names_as_scope(question, (start, start + len(ref)))


class TestSentences:
    @pytest.mark.parametrize(
        "sentence",
        ["Thuế suất áp dụng đối với các Chi nhánh nước ngoài là 32%.",
         "mức vốn góp không vượt quá ba mươi phần trăm vốn điều lệ của hợp tác xã;",
         "Tạo việc làm mới cho 5,9 triệu lao động.",
         "chỉ có thể dành tối đa 2/3 tổng thời gian cho nghiên cứu",
         "phải được ít nhất ba phần tư tổng số xã viên biểu quyết tán thành",
         "khi có quá nửa tổng số xã viên tham dự"],
    )
    def test_figures(self, sentence):
        assert has_figure(sentence)

    @pytest.mark.parametrize(
        "sentence",
        ["Căn cứ Nghị định số 30/1998/NĐ-CP ngày 13/5/1998 của Chính phủ;",
         "Điều 13. Hồ sơ đăng ký kinh doanh",
         "Quyết định có hiệu lực từ năm 2005 theo khoản 2 Điều 9.",
         "+ Thông tư số 90TC/TCT ngày 10/11/1993 hướng dẫn về thuế.",
         "45\nnghèo, phát triển bảo hiểm y tế.",  # a page number glued to a broken line
         "1.1- Thủ tục mua hóa đơn lần đầu, tổ chức, cá nhân phải thực hiện đầy đủ quy định sau:",
         "do UBND tỉnh khoán chi theo Quyết định số      /QĐ.UB ngày    /7/200   được quản lý tập trung.",
         "một phần việc của Ban chỉ đạo được giao cho Sở."],
    )
    def test_dates_years_and_numbers_of_documents_are_not_figures(self, sentence):
        assert not has_figure(sentence)

    def test_time(self):
        assert has_time("Trong thời hạn mười lăm ngày, kể từ ngày nhận đủ hồ sơ.")
        assert has_time("Nghị định có hiệu lực từ ngày 01/01/1999.")
        assert not has_time("Xã viên có quyền được hưởng phúc lợi của hợp tác xã.")

    @pytest.mark.parametrize(
        "line",
        ["NGHỊ QUYẾT", "Điều 8. Những điều cấm trong đặt tên doanh nghiệp",
         "I. Vị trí, yêu cầu của kế hoạch phát triển kinh tế - xã hội năm 2005",
         "Về việc triển khai thực hiện Kết luận"],
    )
    def test_headings(self, line):
        assert is_heading(line)

    @pytest.mark.parametrize(
        "line",
        ["Điều 20. Chi phí về nhiên liệu được sử dụng từ nguồn tiền nộp phạt vào Kho bạc.",
         "Hồ sơ đăng ký kinh doanh bao gồm:", "Đồng Xoài, ngày 13 tháng 6 năm 2016",
         "Giảm tỷ lệ hộ nghèo xuống dưới 7%.",
         # a catalogue of texts in capitals: an entry that states a day answers when it took effect
         "LUẬT ĐẤU THẦU (HIỆU LỰC 01/4/2006)"],
    )
    def test_not_headings(self, line):
        assert not is_heading(line)

    def test_place_date_line(self):
        assert is_place_date_line("Đồng Xoài, ngày 13 tháng 6 năm 2016")
        assert is_place_date_line("Số: 991/QĐ-UBND        Đồng Xoài, ngày 14 tháng5 năm 2008")
        assert not is_place_date_line("Kết luận số 02-KL/TW ngày 26/4/2016 của Ban Bí thư.")

    def test_document_numbers_of_the_asked_kind_and_form_codes(self):
        decree = question_intent("Bản khai làm theo nghị định nào?")
        assert has_reference("Đề nghị hưởng trợ cấp một lần theo Nghị định số 59/2003/NĐ-CP", decree)
        assert has_reference("ban hành kèm theo Nghị định số 1141-TC", decree)  # the kind in the words before it
        assert not has_reference("Biểu số 01/TNLĐ-CS ban hành theo Thông tư 14/2005/TT-LB", decree)  # another kind
        assert not has_reference("Họ và tên người khai, năm sinh 1960", decree)
        assert not has_reference("(theo quy định tại Nghị định số /2005/NĐ-CP ngày tháng năm 2005)", decree)  # blank
        form = question_intent("Đơn đăng ký công ty TNHH là mẫu số mấy?")
        for line in ("Mẫu MĐ-2", "Mẫu số 2a", "mẫu BC-26/HĐ (theo mẫu đính kèm)", "mẫu 06TMH (Thu mua hàng)"):
            assert has_reference(line, form), line
        assert not has_reference("Đơn đăng ký kinh doanh công ty trách nhiệm hữu hạn", form)
        assert has_reference("Any sentence", question_intent("Thuế suất là bao nhiêu?"))  # none asked

    def test_agents(self):
        assert has_agent("- Giao Sở Nông nghiệp & Phát triển nông thôn chủ trì thực hiện;")
        assert has_agent("Thủ trưởng cơ quan quản lý công chức quyết định.")
        assert has_agent("Tổ chức, cá nhân có thu nhập chịu thuế.")
        assert has_agent("UBND các huyện, thị xã tổ chức thực hiện.")
        # "ban hành" is no "Ban"; a task restated is no agent
        assert not has_agent("Quy chế này ban hành kèm theo Quyết định.")
        assert not has_agent("Điều 1. Phê duyệt Kế hoạch thực hiện quy hoạch sử dụng rừng (gọi tắt là Kế hoạch).")

    def test_substance(self):
        preamble = "Căn cứ Luật Tổ chức HĐND và UBND ngày 26/11/2003;\nXét đề nghị của Sở Tài chính,\nQUYẾT ĐỊNH:"
        assert not has_substance(preamble)
        assert has_substance("Sau hơn 10 năm triển khai thực hiện Nghị quyết, nhận thức đã được nâng lên.")

    def test_reference_clauses(self):
        assert is_reference_clause("Căn cứ Luật Tổ chức Chính phủ ngày 30 tháng 9 năm 1992;")
        assert is_reference_clause("Xét đề nghị của Sở Nông nghiệp & Phát triển nông thôn,")
        assert is_reference_clause("+ Thông tư số 90TC/TCT ngày 10/11/1993 hướng dẫn một số điểm")
        assert not is_reference_clause("Nghị quyết số 41-NQ/TW đã xác định các quan điểm cơ bản.")
        # an annex's caption says whose annex it is: the lead quote of answers on the annex's content
        assert is_reference_clause("- Ban hành kèm theo Quyết định số 1445/2002/QĐ-UB ngày 12 tháng 6 năm 2002 của UBND")
        assert is_reference_clause("(Kèm theo Quyết định số 13/2004/QĐ-BKHCN ngày 25/5/2004)")
        assert not is_reference_clause("Hồ sơ kèm theo gồm: bản sao giấy phép.")
        assert not is_reference_clause("Kèm theo thông báo: bản sao biên bản họp.")


class TestRequiredMentions:
    @pytest.mark.parametrize(
        "question, expected",
        [
            ("Tiền xăng dầu khi đội 814 tỉnh Cà Mau đi kiểm tra lấy từ nguồn nào?", ["ca mau"]),
            ("Ở BQL các KCN Bà Rịa – Vũng Tàu, người làm thay được trả thêm lương thế nào?", ["ba ria", "vung tau"]),
            ("Đến năm 2030 tỷ lệ che phủ rừng đạt bao nhiêu?", ["2030"]),
            ("Theo Thông tư 08/2001/TT-BTC, thuế suất là bao nhiêu?", []),  # the year of a number is not asked
            ("Theo Nghị quyết 41, Bộ Chính trị xác định những quan điểm nào?", []),  # generic capitals only
            ("tinh binh phuoc co bao nhieu khu cong nghiep", []),  # typed in lower case: no names
            # the numeral of a series is part of the name: "Sóng Thần III" is no row of Sóng Thần I or II
            ("KCN Sóng Thần III ở Bình Dương rộng bao nhiêu ha?", ["song than iii", "binh duong"]),
            ("Phần II của Nghị quyết 41 nói gì?", []),  # a part of a text, not a name (one capitalized word)
        ],
    )
    def test_names_and_years(self, question, expected):
        assert required_mentions(question) == expected

    def test_mentions_are_compared_folded(self):
        text = mention_form("Quy chế của Ủy ban nhân dân TỈNH CÀ MAU, năm 2006")
        assert mentions_all(text, ["ca mau", "2006"]) and not mentions_all(text, ["ca mau", "2020"])


def test_may_typed_without_marks_asks_how_many_only_where_restored_as_may():
    q = "danh muc may, TB, vat tu co yeu cau nghiem ngat ve ATLD lay theo TT nao"
    assert not question_intent(q, "danh mục máy, TB, vật tư có yêu cầu nghiêm ngặt về ATLĐ lấy theo TT nào").wants_quantity
    assert question_intent("moi so hoa don co may lien", "mỗi số hóa đơn có mấy liên").wants_quantity
    assert question_intent("moi so hoa don co may lien").wants_quantity  # not restored: read as asked


def test_a_name_whose_syllables_fold_onto_generic_words_is_still_a_name():
    # "Thạnh" folds to "thanh" (as "thành phố"), "Đăng" to "dang" (as "Đảng"): compared with their marks.
    assert "thanh an" in required_mentions("Thu tiền sử dụng đất của riêng xã Thạnh An là bao nhiêu?")
    assert "dong dang" in required_mentions("Khu công nghiệp Đồng Đăng có quy mô bao nhiêu ha?")
    assert required_mentions("Thành phố Hồ Chí Minh") == ["ho chi minh"]  # "Thành phố" stays generic
    assert required_mentions("Theo Nghi quyet cua Tinh uy Binh Phuoc") == ["binh phuoc"]  # unmarked: folded


def test_a_question_typed_without_marks_asks_who_signed_as_its_restored_form_says():
    # "định kỳ" (a period) and "ký" (to sign) fold to the same letters: the restoration tells them apart.
    typed = "doi kiem tra 814 lap ke hoach theo dinh ky nao"
    assert not question_intent(typed, "đội kiểm tra 814 lập kế hoạch theo định kỳ nào").asks_signer
    assert question_intent("quyet dinh 144/2002 do ai ky", "quyết định 144/2002 do ai ký").asks_signer
    assert question_intent("Quyết định 144/2002 do ai ký?").asks_signer
