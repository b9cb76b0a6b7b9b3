"""Extractive answers over hand-written passages (real sentences of the corpus): which
sentence is quoted, what is never quoted, and when the answer is "not found"."""

from __future__ import annotations

from common.config import AnswerPolicy
from common.vietnamese.numbers import number_key
from qa.answer import AnswerScope, compose_answer
from qa.evidence import QueryEvidence
from qa.types import NOT_FOUND, Passage

POLICY = AnswerPolicy(min_dense=None)


def passage(text: str, doc_id: str = "doc-a", *, rank: int = 1, kind: str = "body", context: str = "",
            label: str = "Điều 1 Luật X", spans: list | None = None) -> Passage:
    return Passage(rank=rank, score=1.0 / rank, chunk_id=f"{doc_id}#{rank}", doc_id=doc_id, doc_number=None,
                   doc_type="Luật", issuer=None, issued_date=None, title="", section="", section_title="",
                   citation_label=label, text=text, source_path=f"{doc_id}.txt", status="original", kind=kind,
                   context=context, spans=spans or [])


def answer(question: str, passages: list[Passage], scope: AnswerScope | None = None):
    return compose_answer(question, passages, QueryEvidence(question, None), POLICY, scope=scope)


HTX = (
    "Điều 13. Hồ sơ đăng ký kinh doanh\n"
    "Hồ sơ đăng ký kinh doanh bao gồm:\n"
    "1. Đơn đăng ký kinh doanh;\n"
    "2. Điều lệ hợp tác xã;\n"
    "3. Số lượng xã viên, danh sách Ban quản trị, Ban kiểm soát của hợp tác xã;\n"
    "4. Biên bản đã thông qua tại Hội nghị thành lập hợp tác xã.\n"
    "Điều 14. Nơi đăng ký kinh doanh\n"
    "1. Hợp tác xã đăng ký kinh doanh tại cơ quan đăng ký kinh doanh cấp tỉnh."
)
HTX_SPANS = [[0, "Điều 13", "Điều 13 Luật HTX"], [HTX.index("Điều 14."), "Điều 14", "Điều 14 Luật HTX"]]


class TestSentenceChoice:
    def test_best_sentence_leads_the_answer(self):
        text = ("Bộ Chính trị xác định năm quan điểm cơ bản về bảo vệ môi trường.\n"
                "4- Phương châm chỉ đạo là lấy phòng ngừa, hạn chế các tác động xấu tới môi trường làm chủ yếu.")
        out, citations, abstained, _ = answer("Phương châm chỉ đạo bảo vệ môi trường là gì?", [passage(text)])
        assert not abstained and out.startswith("Phương châm chỉ đạo là lấy phòng ngừa")
        assert citations[0].quote.startswith("Phương châm chỉ đạo")

    def test_headings_and_titles_are_never_quoted(self):
        text = "NGHỊ QUYẾT\nĐiều 8. Những điều cấm trong đặt tên doanh nghiệp\nKhông được đặt tên trùng với doanh nghiệp khác."
        out, citations, _, _ = answer("Những điều cấm trong đặt tên doanh nghiệp?", [passage(text)])
        assert all(c.quote not in ("NGHỊ QUYẾT", "Điều 8. Những điều cấm trong đặt tên doanh nghiệp") for c in citations)
        assert "Không được đặt tên trùng" in out

    def test_a_forms_groups_are_its_sibling_headings_with_nothing_under_them(self):
        # Eight opened questions "danh sách thành viên công ty hợp danh chia thành những nhóm nào" were answered
        # from the form's notes: its two groups are headings, which are otherwise never quoted.
        text = ("danh sách thành viên công ty hợp danh\nTT\nTên thành viên\nQuốc tịch\n(1)\n(2)\n\n"
                "A. Thành viên hợp danh\n\nB. Thành viên góp vốn (nếu có)\n\n"
                "Ghi chú: Cột 11 ghi tổng giá trị vốn góp của từng thành viên.")
        out, citations, abstained, _ = answer("Danh sách thành viên công ty hợp danh chia thành những nhóm thành viên nào?",
                                              [passage(text, label="Biểu mẫu danh sách thành viên")])
        assert not abstained and [c.quote for c in citations][:2] == ["A. Thành viên hợp danh",
                                                                      "B. Thành viên góp vốn (nếu có)"]
        # A heading with its own text under it is a section, not a group of a list.
        from qa.candidates import group_headings
        sections = "1. Mục tiêu\nNâng cao năng lực quản lý.\n2. Nhiệm vụ\nĐào tạo cán bộ."
        assert group_headings(sections, 0, len("1. Mục tiêu"), 14) == []
        assert group_headings(text, text.index("A."), text.index("A.") + len("A. Thành viên hợp danh"), 14) == [
            (text.index("B."), text.index("B.") + len("B. Thành viên góp vốn (nếu có)"))]

    def test_a_table_cell_is_quoted_with_the_cell_beside_it_that_gives_the_asked_type(self):
        # A procedure table one cell a line (from the corpus's evaluation procedure of state-level
        # projects): the step the question names, then its time limit, then who does it.
        text = ("4\nPhiên họp trù bị của Hội đồng cấp Nhà nước\nTrong thời hạn 10 ngày từ khi nhận Quyết định và Hồ sơ\n"
                "Hội đồng\ncấp Nhà nước\n\n5\nTổ chuyên gia nghiên cứu, thẩm định Hồ sơ, khảo sát hiện trường và lập "
                "Báo cáo thẩm định\n\nTrong thời hạn 30 ngày kể từ phiên họp trù bị\nTổ chuyên gia\n\n6\n"
                "Các Uỷ viên phản biện nghiên cứu Hồ sơ và viết nhận xét đánh giá\n\nCác thành viên\nHội đồng")
        out, citations, abstained, _ = answer(
            "Tổ chuyên gia thẩm định hồ sơ, khảo sát hiện trường và lập báo cáo thẩm định trong thời hạn bao lâu?",
            [passage(text, label="Mục II Quy trình đánh giá")])
        # One quote, as a tabbed row is: the step and its time limit read together (and lead the answer).
        assert not abstained and [c.quote for c in citations] == [
            "Tổ chuyên gia nghiên cứu, thẩm định Hồ sơ, khảo sát hiện trường và lập Báo cáo thẩm định\n\n"
            "Trong thời hạn 30 ngày kể từ phiên họp trù bị"]
        assert "10 ngày" not in out

    def test_cells_are_read_only_beside_a_cell_and_within_its_row(self):
        from qa.candidates import cell_continuation
        from qa.intent import question_intent

        asks_time = question_intent("Thời hạn thẩm định là bao lâu?")
        row = "Thẩm định hồ sơ\n\nTrong thời hạn 30 ngày\nTổ chuyên gia"
        assert cell_continuation(row, 0, len("Thẩm định hồ sơ"), asks_time, 2) == [
            (row.index("Trong"), row.index("Trong") + len("Trong thời hạn 30 ngày"))]
        assert cell_continuation(row, 0, len("Thẩm định hồ sơ"), asks_time, 0) == []  # turned off
        # Prose ends its clause: the next sentence is not a cell beside it.
        prose = "Tổ chuyên gia thẩm định hồ sơ.\nTrong thời hạn 30 ngày phải báo cáo."
        assert cell_continuation(prose, 0, prose.index("\n"), asks_time, 2) == []
        # The next row's number closes the row: its time limit is not this step's.
        rows = "Thẩm định hồ sơ\n\n6\nTrong thời hạn 30 ngày"
        assert cell_continuation(rows, 0, len("Thẩm định hồ sơ"), asks_time, 2) == []
        # Nor does a numbered part's opening line ("I. Kế hoạch …").
        part = "Cân đối các nguồn kinh phí\n\nI. Kế hoạch phân bổ kinh phí 1998 - 2000 (bảng trang 40)"
        assert cell_continuation(part, 0, part.index("\n"), question_intent("Kinh phí bao nhiêu?"), 2) == []
        # A cell that gives the asked type itself needs nothing beside it.
        assert cell_continuation("Trong thời hạn 15 ngày\nTrong thời hạn 30 ngày", 0, 22, asks_time, 2) == []

    def test_a_forms_fields_are_not_a_list_and_a_list_ends_at_the_signature(self):
        # A capital-change notice of the corpus (2006-Mau-MTB-10M-Von-CtyCP): "Nơi cấp:" ends in ':' but
        # the lines below it are its sibling fields, not its items; the attachment list ends where the
        # blank place-and-date line opens the signature block.
        text = ("Ngày cấp:\n\nNơi cấp:\n\nNơi đăng ký hộ khẩu thường trú:\n\nĐăng ký thay đổi vốn điều lệ như sau:\n\n"
                "Vốn điều lệ đã đăng ký:\n\nVốn điều lệ thay đổi:\n\nKèm theo thông báo:\n\n- Danh sách cổ đông.\n"
                "....................., ngày.........tháng .......năm ........\nngười đại diện theo pháp luật của công ty\n"
                "(Ký, đóng dấu và ghi rõ họ tên)")
        out, citations, abstained, _ = answer("Thông báo thay đổi vốn điều lệ của công ty cổ phần phải kèm theo giấy tờ gì?",
                                              [passage(text, label="Biểu mẫu thông báo thay đổi vốn điều lệ")])
        quotes = [c.quote for c in citations]
        assert not abstained and quotes == ["Kèm theo thông báo:", "Danh sách cổ đông."], quotes
        from qa.candidates import is_field, is_signing_line
        words = POLICY.field_words
        assert is_field("Nơi cấp:", words) and not is_field("- Vốn tự có:", words)
        assert not is_field("Hồ sơ đăng ký kinh doanh của công ty cổ phần gồm các giấy tờ sau đây:", words)
        assert is_signing_line("....................., ngày.........tháng .......năm ........")
        assert is_signing_line("Đồng Xoài, ngày 13 tháng 6 năm 2016") and not is_signing_line("- Danh sách cổ đông.")

    def test_a_forms_line_announcing_its_items_without_a_colon_is_a_lead_in(self):
        # The project description form of the corpus (2004-B1-2-TMDA): "… từ một trong các nguồn sau", no colon.
        from qa.candidates import is_lead_in

        assert is_lead_in("Xuất xứ: Ghi rõ xuất xứ từ một trong các nguồn sau")
        assert is_lead_in("Hệ thống cần được xây dựng theo các bước cơ bản sau")
        assert not is_lead_in("Doanh nghiệp có thể lập kế hoạch phân bổ cho các năm sau.")  # the years that follow
        text = ("Xuất xứ: Ghi rõ xuất xứ từ một trong các nguồn sau\n"
                "Từ kết quả của đề tài nghiên cứu khoa học và phát triển công nghệ đã được hội đồng KHCN các cấp đánh giá\n"
                "Từ sáng chế, giải pháp hữu ích, sản phẩm khoa học được giải thưởng KHCN\n"
                "Kết quả khoa học công nghệ từ nước ngoài (tên văn bằng - chứng chỉ, ngày cấp).")
        out, _, abstained, _ = answer("Dự án sản xuất thử nghiệm được chấp nhận xuất xứ từ những nguồn nào?",
                                      [passage(text, label="Mục 5 Thuyết minh dự án")])
        assert not abstained and "sáng chế, giải pháp hữu ích" in out and "từ nước ngoài" in out, out

    def test_a_bare_figure_is_never_a_quote(self):
        # Lines of a table whose cells were not kept apart ("164", "87%") say nothing by themselves.
        text = "Khu công nghiệp Tân Đông Hiệp A\n164\n87%\nThủ tướng Chính phủ quyết định thành lập năm 2002."
        _, citations, _, _ = answer("Khu công nghiệp Tân Đông Hiệp A đã lấp đầy bao nhiêu phần trăm?", [passage(text)])
        assert all(c.quote not in ("164", "87%") for c in citations)
        # A table row is read with its headers: a row of figures only ("2001  26  72451") is quotable.
        table = "Dự án nhóm A được phê duyệt\nNăm\tSố dự án\tTổng mức\n2000\t23\t46406\n2001\t26\t72451"
        out, _, _, _ = answer("Năm 2001 có bao nhiêu dự án nhóm A được phê duyệt?", [passage(table)])
        assert "2001\t26\t72451" in out

    def test_a_figure_is_preferred_when_one_is_asked(self):
        text = ("Chi nhánh nước ngoài là đối tượng nộp thuế thu nhập doanh nghiệp theo Luật thuế thu nhập doanh nghiệp.\n"
                "Thuế suất thuế thu nhập doanh nghiệp của chi nhánh nước ngoài là 32%.")
        out, _, _, _ = answer("Chi nhánh nước ngoài nộp thuế thu nhập doanh nghiệp với thuế suất bao nhiêu?", [passage(text)])
        assert out.startswith("Thuế suất thuế thu nhập doanh nghiệp của chi nhánh nước ngoài là 32%.")

    def test_the_number_of_the_decree_a_form_was_issued_under_leads(self):
        """"… ban hành theo thông tư nào": the form's header cell holding the number answers, though
        only its neighbour shares the question's words (s14-47, s29-85 quoted the form's body rows)."""
        header = ("Biểu số 01/TNLĐ -CS ban hành theo\n"
                  "Thuộc loại hình:(1)\tTT 14/2005/TTLT-BLĐTBXH-BYT-TLĐLĐVN ngày 08/3/2005\n"
                  "Mã huyện quận:(2)\tKính gửi: Ban Quản lý các Khu công nghiệp Đồng Nai")
        body = "II- Tổng hợp tình hình tai nạn lao động báo cáo 6 tháng gửi Ban Quản lý các Khu công nghiệp Đồng Nai:"
        out, citations, abstained, _ = answer("biểu báo cáo tai nạn lao động 6 tháng gửi BQL KCN Đồng Nai ban hành theo TT nào",
                                              [passage(body, "form", rank=1), passage(header, "form", rank=2)])
        assert not abstained and "TT 14/2005/TTLT" in citations[0].quote

    def test_an_agent_is_preferred_when_one_is_asked(self):
        """"Cơ quan nào …": the sentence that names the bodies, not the one that restates the task."""
        text = ("Điều 1. Phê duyệt Kế hoạch thực hiện quy hoạch sử dụng rừng và đất chuyển ra khỏi lâm phần.\n"
                "Điều 2. Giao Sở Nông nghiệp và Phát triển nông thôn, Sở Tài chính triển khai thực hiện Kế hoạch.")
        out, _, _, _ = answer("Cơ quan nào triển khai kế hoạch sử dụng rừng và đất chuyển ra khỏi lâm phần?",
                              [passage(text)])
        assert out.startswith("Điều 2. Giao Sở Nông nghiệp")

    def test_a_figure_asked_for_is_looked_for_further_down(self):
        near = [passage("Xã viên góp vốn theo quy định của Điều lệ hợp tác xã.", "luat", rank=r) for r in range(1, 6)]
        figure = passage("Mức vốn góp của xã viên không vượt quá ba mươi phần trăm vốn điều lệ của hợp tác xã.",
                         "luat", rank=6)
        out, citations, abstained, _ = answer("Xã viên được góp vốn tối đa bao nhiêu?", [*near, figure])
        assert not abstained and citations[0].passage == figure.text

    def test_abbreviation_in_the_question_finds_the_long_form(self):
        text = "Thuế suất thuế thu nhập doanh nghiệp áp dụng đối với các chi nhánh nước ngoài là 32%."
        out, citations, abstained, _ = answer("Chi nhánh nước ngoài chịu thuế suất TNDN bao nhiêu?", [passage(text)])
        assert not abstained and "32%" in out

    def test_list_question_quotes_the_lead_in_and_its_items_only(self):
        p = passage(HTX, spans=HTX_SPANS)
        out, citations, abstained, _ = answer("Hồ sơ đăng ký kinh doanh của hợp tác xã gồm những giấy tờ gì?", [p])
        assert not abstained
        assert "Hồ sơ đăng ký kinh doanh bao gồm:" in out and "Biên bản đã thông qua tại Hội nghị thành lập" in out
        assert "Nơi đăng ký" not in out and "cấp tỉnh" not in out  # the next article is not an item

    def test_a_list_question_naming_a_field_by_its_label_is_answered_by_that_field(self):
        # Issue 11 (a form's fields, nine opened questions of seven helpers): "Hồ sơ đăng ký kinh doanh đối
        # với doanh nghiệp tư nhân bao gồm:" holds more of the question's words than the form's own field.
        decree = passage("3. Hồ sơ đăng ký kinh doanh đối với doanh nghiệp tư nhân bao gồm:\n"
                         "a) Đơn đăng ký kinh doanh lập theo mẫu thống nhất;\n"
                         "b) Bản sao Giấy chứng minh nhân dân của chủ doanh nghiệp tư nhân.", "decree", rank=1)
        form = passage("4. Vốn đầu tư ban đầu:\nTổng số: ..........\nTrong đó:\n- Tiền Việt Nam: ..........\n"
                       "- Ngoại tệ tự do chuyển đổi: ..........\n- Vàng: ..........", "form", rank=2,
                       context="Đơn đăng ký kinh doanh doanh nghiệp tư nhân")
        out, citations, abstained, _ = answer("Vốn đầu tư ban đầu của doanh nghiệp tư nhân trong đơn đăng ký kinh "
                                              "doanh được kê theo những loại nào?", [decree, form])
        assert not abstained and citations[0].doc_id == "form" and "Tiền Việt Nam" in out

    def test_a_list_question_over_a_statistical_table_quotes_its_caption_header_and_rows(self):
        # Issue 11 (eight opened questions of five helpers: "Biểu … năm 2007 gồm những chỉ tiêu nào?"): the
        # answer is what the table lists, its rows' labels; the caption (a heading, never quoted before) sat
        # joined to the last row of the table above and rows of that table were quoted instead.
        text = ("mạng lưới điểm chăn nuôi Trâu bò tập trung năm 2007\nMã số\tSố TT\tLoại hình chăn nuôi\n"
                "197\t41\tĐiểm chăn nuôi Trâu, Bò\n207\t42\tĐiểm chăn nuôi Trâu, Bò\n"
                "giá trị sản xuất ngành chăn nuôi\nSTT\tDanh mục\tGiá trị sản xuất năm 2007 ( triệu đồng )\n"
                "\tTổng số\n1\tGia Súc\n2\tGia Cầm\n3\tChăn nuôi khác\n\n\n"
                "sản lượng sản phẩm chăn nuôi năm 2007\nSTT\tDanh mục\tSản lượng\n"
                "1\tSản lượng thịt Trâu (tấn)\n2\tSản lượng Sữa tươi (tấn)\n3\tSản lượng Trứng (nghìn quả)")
        out, citations, abstained, _ = answer("Biểu sản lượng sản phẩm chăn nuôi năm 2007 gồm những chỉ tiêu nào?",
                                              [passage(text)])
        assert not abstained and citations[0].quote == "sản lượng sản phẩm chăn nuôi năm 2007"
        assert "Sản lượng Sữa tươi (tấn)" in out and "Sản lượng Trứng (nghìn quả)" in out and "Gia Súc" not in out
        out, citations, abstained, _ = answer("Giá trị sản xuất ngành chăn nuôi được thống kê theo những nhóm nào?",
                                              [passage(text)])
        assert not abstained and citations[0].quote == "giá trị sản xuất ngành chăn nuôi"
        assert "Gia Cầm" in out and "Điểm chăn nuôi Trâu, Bò" not in out and "Sản lượng Trứng" not in out
        # Not a list question: the caption is a heading, never quoted.
        _, citations, _, _ = answer("Sản lượng thịt trâu năm 2007 là bao nhiêu?", [passage(text)])
        assert all(c.quote != "sản lượng sản phẩm chăn nuôi năm 2007" for c in citations)

    def test_a_list_of_short_dashed_items_is_quoted_with_its_items(self):
        # A form's cost lines ("- Thiết bị AT-VSLĐ"): short and unpunctuated, read as headings, they closed
        # the list before its first item; the answer then quoted other lead-ins (12 opened questions).
        text = ("8. Tổng chi phí cho công tác BHLĐ:\n- Thiết bị AT-VSLĐ\n- Trang bị phương tiện bảo vệ cá nhân\n"
                "- Tuyên truyền, huấn luyện\n- Phòng cháy chữa cháy\n\n4. Huấn luyện:\n"
                "- Số người lao động được huấn luyện về BHLĐ:\n")
        spans = [[0, "8", "Mục 8 Mẫu báo cáo"], [text.index("4. Huấn"), "4", "Mục 4 Mẫu báo cáo"]]
        out, _, abstained, _ = answer("Tổng chi phí cho công tác BHLĐ gồm những khoản nào?", [passage(text, spans=spans)])
        assert not abstained and "Tổng chi phí cho công tác BHLĐ:" in out
        assert "Trang bị phương tiện bảo vệ cá nhân" in out and "Phòng cháy chữa cháy" in out
        assert "Số người lao động được huấn luyện" not in out

    def test_a_sentence_of_two_copies_of_one_text_is_quoted_once(self):
        # Thông tư 13/2001/TT-BTC is loaded twice (2003-A05, 2003-TT132001): its sentence was quoted [1] and [2].
        from dataclasses import replace

        one = replace(passage("Thông tư này có hiệu lực sau 15 ngày kể từ ngày ký./.", "2003-A05", rank=1),
                      doc_number="13/2001/TT-BTC")
        two = replace(passage("Thông tư này có hiệu lực sau 15 ngày kể từ ngày ký.", "2003-TT132001", rank=2),
                      doc_number="13/2001/TT-BTC")
        out, citations, abstained, _ = answer("Thông tư 13/2001/TT-BTC có hiệu lực từ khi nào?", [one, two])
        assert not abstained and len(citations) == 1 and out.count("có hiệu lực sau 15 ngày") == 1
        # Two texts' same closing clause is two facts (a reviewer's case): both are quoted.
        other = replace(two, doc_id="2004-A3", chunk_id="2004-A3#2", doc_number="99/1998/TT-BTC")
        _, citations, _, _ = answer("Thông tư 13/2001/TT-BTC và Thông tư 99/1998/TT-BTC có hiệu lực từ khi nào?",
                                    [one, other])
        assert {c.doc_id for c in citations} == {"2003-A05", "2004-A3"}

    def test_a_list_announced_inside_a_clause_keeps_its_items(self):
        text = ("Điều 12. Xử lý vi phạm\n"
                "1. Người có một trong các hành vi vi phạm sau đây, thì tùy theo tính chất, mức độ vi phạm mà bị "
                "xử phạt hành chính;\n"
                "a) Kinh doanh ngành, nghề bị cấm;\n"
                "b) Định giá tài sản góp vốn cao hơn giá trị thực tế;\n"
                "2. Cán bộ từ chối cấp Giấy chứng nhận đăng ký kinh doanh thì bị xử lý kỷ luật.")
        out, _, _, _ = answer("Những hành vi nào của người kinh doanh bị xử phạt hành chính?", [passage(text)])
        assert "Kinh doanh ngành, nghề bị cấm" in out and "Định giá tài sản góp vốn" in out

    def test_a_list_running_onto_the_next_page_keeps_its_items(self):
        # A paged document's labels carry their page: items on page 4 still belong to the lead-in of page 3.
        spans = [[0, "Điều 13", "Điều 13 Luật HTX, trang 3"], [HTX.index("2. Điều lệ"), "Điều 13", "Điều 13 Luật HTX, trang 4"],
                 [HTX.index("Điều 14."), "Điều 14", "Điều 14 Luật HTX, trang 4"]]
        out, _, abstained, _ = answer("Hồ sơ đăng ký kinh doanh của hợp tác xã gồm những giấy tờ gì?",
                                      [passage(HTX, spans=spans)])
        assert not abstained and "Biên bản đã thông qua tại Hội nghị thành lập" in out and "cấp tỉnh" not in out

    def test_issue_date_question_quotes_the_place_and_date_line(self):
        header = passage("BAN THƯỜNG VỤ TỈNH ỦY\nĐồng Xoài, ngày 13 tháng 6 năm 2016\nVề việc triển khai Kết luận",
                         "cv", rank=2, kind="header")
        body = passage("Ngày 26/4/2016, Ban Bí thư ban hành Kết luận số 02-KL/TW về bảo vệ môi trường.", "cv")
        out, citations, _, _ = answer("Công văn triển khai Kết luận 02 được ban hành ngày nào, ở đâu?", [body, header])
        assert citations[0].quote == "Đồng Xoài, ngày 13 tháng 6 năm 2016"


class TestScopeAndAbstention:
    def test_answer_quotes_only_the_document_asked_about(self):
        other = passage("Mức phạt tiền tối đa đối với doanh nghiệp xả thải vượt quy chuẩn là 500 triệu đồng.", "nd", rank=1)
        named = passage("Phương châm là lấy phòng ngừa làm chủ yếu.", "nq41", rank=2)
        out, citations, abstained, _ = answer("Nghị quyết 41 quy định mức phạt tiền tối đa là bao nhiêu?", [other, named],
                                              scope=AnswerScope(["nq41"]))
        assert abstained and out == NOT_FOUND and not citations

    def test_document_known_only_by_metadata_is_not_answered_from_others(self):
        letter = passage("Chỉ thị số 38-CT/TU giao Sở Công Thương chủ trì kiểm tra các cơ sở sản xuất.", "letter")
        out, _, abstained, _ = answer("Chỉ thị 38-CT/TU giao nhiệm vụ gì cho Sở Công Thương?", [letter],
                                      scope=AnswerScope([], [number_key("38-CT/TU")]))
        assert abstained and out == NOT_FOUND

    def test_who_issued_a_document_not_loaded_is_answered_from_a_document_citing_it(self):
        letter = passage("Triển khai Kết luận số 02-KL/TW ngày 26/4/2016 của Ban Bí thư về bảo vệ môi trường.", "letter")
        other = passage("Ban Bí thư ban hành quy định về công tác kiểm tra.", "other", rank=2)
        out, citations, abstained, _ = answer("Kết luận 02-KL/TW do cơ quan nào ban hành?", [other, letter],
                                              scope=AnswerScope([], [number_key("02-KL/TW")]))
        assert not abstained and [c.doc_id for c in citations] == ["letter"] and "Ban Bí thư" in out

    def test_the_date_line_of_a_citing_document_is_not_the_date_of_the_cited_one(self):
        header = passage("BAN THƯỜNG VỤ TỈNH ỦY\nĐồng Xoài, ngày 13 tháng 6 năm 2016", "letter", kind="header")
        body = passage("Triển khai Kết luận số 02-KL/TW ngày 26/4/2016 của Ban Bí thư về bảo vệ môi trường.", "letter", rank=2)
        out, citations, abstained, _ = answer("Kết luận 02-KL/TW được ban hành ngày nào?", [header, body],
                                              scope=AnswerScope([], [number_key("02-KL/TW")]))
        assert not abstained and "26/4/2016" in out and "Đồng Xoài" not in out

    def test_without_a_scope_every_passage_counts(self):
        letter = passage("Chỉ thị số 38-CT/TU giao Sở Công Thương chủ trì kiểm tra các cơ sở sản xuất.", "letter")
        _, _, abstained, _ = answer("Sở Công Thương được giao chủ trì nhiệm vụ gì?", [letter])
        assert not abstained

    def test_lead_in_announced_with_nhu_sau(self):
        text = ("Bộ Chính trị xác định năm quan điểm cơ bản về bảo vệ môi trường; bốn quan điểm đầu được tóm lược như sau.\n"
                "1- Bảo vệ môi trường là vấn đề sống còn của nhân loại.\n"
                "2- Bảo vệ môi trường là một nội dung cơ bản của phát triển bền vững.")
        out, _, _, _ = answer("Bộ Chính trị xác định những quan điểm nào về bảo vệ môi trường?", [passage(text)])
        assert "vấn đề sống còn" in out and "phát triển bền vững" in out

    def test_reference_clauses_do_not_take_the_places_of_the_pool(self):
        basis = [passage("Căn cứ Luật Tổ chức HĐND và UBND ngày 26/11/2003;\nXét đề nghị của Sở Nông nghiệp,\nQUYẾT ĐỊNH:",
                         "qd", rank=r) for r in range(1, 6)]
        article = passage("Điều 2. Tổ chức thực hiện: Giao Sở Tài chính và UBND các huyện thực hiện nhiệm vụ được phân công.",
                          "qd", rank=6)
        out, citations, abstained, _ = answer("Cơ quan nào được giao thực hiện nhiệm vụ được phân công?", [*basis, article])
        assert not abstained and citations[0].passage == article.text

    def test_title_block_is_quoted_only_for_a_question_about_the_document_itself(self):
        header = passage("Thông tư liên tịch của Bộ Tài chính - Bộ Công nghiệp - Tổng cục Hải quan số 176/1998/TTLT "
                         "hướng dẫn thuế suất thuế nhập khẩu theo tỷ lệ nội địa hoá.", "tt", kind="header")
        concept = passage("2.1- Nội địa hoá: là quá trình sản xuất, lắp ráp trong nước để thay thế nhập khẩu.",
                          "tt", rank=2)
        _, citations, _, _ = answer("Nội địa hoá được hiểu là gì?", [header, concept])
        assert citations and all(c.passage == concept.text for c in citations)
        _, citations, _, _ = answer("Thông tư liên tịch về nội địa hoá do cơ quan nào ban hành?", [header, concept])
        assert citations[0].passage == header.text

    def test_reference_clauses_answer_a_question_about_the_basis(self):
        basis = passage("Căn cứ Luật Tổ chức HĐND và UBND ngày 26/11/2003;\nXét đề nghị của Sở Nông nghiệp,\nQUYẾT ĐỊNH:", "qd")
        out, _, abstained, _ = answer("Quyết định được ban hành theo đề nghị của sở nào?", [basis])
        assert not abstained and "Xét đề nghị của Sở Nông nghiệp" in out


class TestNumberedItemsParsedApart:
    # The items of "… các điều kiện sau:" were parsed as sections "3.1", "3.2" of their own, not
    # inside the lead-in's Phần I: they are still its items, and the next section that does not
    # continue their numbering closes the list.
    TEXT = ("I- Thay thế điểm 3 bằng điểm 3 mới, như sau:\n"
            "Để được áp dụng thuế suất thuế nhập khẩu theo tỷ lệ nội địa hoá, các doanh nghiệp phải có đủ các "
            "điều kiện sau:\n"
            "3.1 - Đủ điều kiện kỹ thuật, năng lực công nghệ sản xuất sản phẩm theo hướng dẫn của Bộ Công nghiệp.\n"
            "3.2- Trực tiếp nhập khẩu chi tiết, cụm chi tiết, bộ phận, phụ tùng để sản xuất.\n"
            "3.3- Thực hiện thanh toán 100% giá trị các lô hàng nhập khẩu qua Ngân hàng.\n"
            "II- Thông tư này có hiệu lực thi hành sau 15 ngày kể từ ngày ký.")

    def spans(self):
        t = self.TEXT
        return [[0, "I", "Phần I Thông tư X"], *[[t.index(f"3.{i}"), f"3.{i}", f"Mục 3.{i} Thông tư X"] for i in (1, 2, 3)],
                [t.index("II-"), "II", "Phần II Thông tư X"]]

    def test_the_items_follow_their_lead_in(self):
        out, citations, abstained, _ = answer(
            "Doanh nghiệp phải có những điều kiện gì để được áp dụng thuế nhập khẩu theo tỷ lệ nội địa hoá?",
            [passage(self.TEXT, spans=self.spans())])
        assert not abstained and "thanh toán 100% giá trị" in out and "Đủ điều kiện kỹ thuật" in out
        assert "hiệu lực thi hành" not in out  # Phần II continues no numbering: the list is closed
        assert all(not c.quote.startswith(("3.1", "1 -")) for c in citations)  # "3.1 - " is the item's number

    def test_a_run_opens_at_its_first_number_only(self):
        from qa.candidates import numbered_run
        p = passage(self.TEXT, spans=self.spans())
        assert numbered_run(p, self.TEXT.index("3.1")) == (self.TEXT.index("3.1"), self.TEXT.index("II-"))
        assert numbered_run(p, self.TEXT.index("3.2")) is None  # "3.2" opens no run

    def test_a_run_of_points_follows_the_vietnamese_alphabet_and_page_breaks(self):
        from qa.candidates import numbered_run
        text = "Các điều kiện sau:\n" + "".join(f"{x}) Điều kiện {x}.\n" for x in "abcdđegh")
        spans = [[text.index(f"{x}) "), x, f"Điểm {x} Điều 3 Nghị định X"] for x in "abcdđegh"]
        spans.insert(2, [text.index("b) ") + 3, "b", "Điểm b Điều 3 Nghị định X, trang 2"])  # a page starts inside b)
        p = passage(text, spans=sorted(spans))
        assert numbered_run(p, text.index("a) ")) == (text.index("a) "), len(text))

    def test_the_first_figure_of_a_range_is_no_item_number(self):
        from qa.candidates import strip_bullet
        for text in ("1.000 - 2.000 lao động được hỗ trợ học nghề.", "6.5 - 7% là mục tiêu tăng trưởng."):
            assert strip_bullet(text, 0, len(text)) == (0, len(text))
        assert strip_bullet("3.1 - Đủ điều kiện.", 0, 19)[0] == len("3.1 - ")
