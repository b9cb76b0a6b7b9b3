"""Loại, title, date and issuer of documents that are no numbered instrument (issue 13).

Every snippet is the opening of a corpus file as it is (tabs and all), cut where the rule has
what it needs; the expected values are those of tests/fixtures/metadata/labels.json, written by
reading the documents.
"""

import pytest

from ingest.amendments import attachment
from ingest.convert import convert_file
from ingest.dockind import KindOptions, classify, read_cues
from ingest.heading import read_heading
from ingest.labels import document_label
from ingest.manifest import load_manifest
from ingest.metadata import extract_metadata
from ingest.names import issuing_body
from tests.conftest import CORPUS

FDI_TABLE = (  # 2005-2BZ73_FDI_Dong_Nam_Bo.txt
    "đầu tư nước ngoài của vùng đông nam bộ theo ngành 1988-2005\t\t\t\t\t\n"
    "(tính tới ngày 15/8/2005 - chỉ tính các dự án còn hiệu lực)\t\t\t\t\t\n\t\t\t\t\t\n"
    "STT\tChuyên ngành\tSố dự án\tTVĐT\tVốn pháp định\tĐầu tư thực hiện\n"
    "I\tCông nghiệp\t2609\t17469747308\t7328648754\t7936134416\n"
    "\tCN nhẹ\t1218\t6431582944\t2809393184\t2356849926\n"
    "\tCN nặng\t1081\t7623158143\t3045765002\t3651571185\n"
)
APPLICATION_FORM = (  # 2006-Mau-MD-2M-TNHH1.txt
    "cộng hòa xã hội chủ nghĩa việt nam\nĐộc lập - Tự do - Hạnh phúc\n\nĐơn đăng ký kinh doanh\n"
    " công ty trách nhiệm hữu hạn có hai thành viên trở lên\n\n"
    "Kính gửi: Phòng đăng ký kinh doanh tỉnh Sóc Trăng\n"
    "Tôi là: ( ghi rõ họ tên bằng chữ in hoa)\tNam, Nữ\n"
    "Chức danh:.............................................................\n"
)
REPORT_FORM = (  # 2006-2005_12_20_160215.txt
    "\t\t\t\t\t\t\t\t\t\t\t\nĐơn vị báo cáo…\t\t\t\t\t\t\t\t\t\tBiểu A01\t\n"
    "\t\t\t\t\t\t\t\t(Thay thế biểu A01 tại Phụ lục 3a\t\t\t\n"
    "\t\t\t\t\t\t\t\ttại Quyết định số 477/2004/QĐ-NHNN ngày 28/4/2004)\t\t\t\n\t\t\t\t\t\t\t\t\t\t\t\n"
    "(Ban hành kèm theo Quyết định 1747/2005/QĐ-NHNN ngày 01/12/2005)\t\t\t\t\t\t\t\t\t\t\t\n"
    "\t\t\t\t\t\t\t\t\t\t\t\nBáo cáo tỷ giá mua, bán ngoại tệ và vàng\t\t\t\t\t\t\t\t\t\t\t\n"
    "Tháng...… năm... …\t\t\t\t\t\t\t\t\t\t\t\n"
)
BUDGET_TABLE = (  # 2006-Mau21_CKTC_NSH.txt
    "\tTHÀNH PHỐ HỒ CHÍ MINH\t\t\t\t\t\t\n\tUBND HUYỆN CẦN GIỜ\t\t\t\t\t\t\n\t\tMẫu số 21/CKTC-NSH\t\t\t\t\t\n"
    "\t\t\t\t\t\t\t\n\tCÂN ĐỐI QUYẾT TOÁN NGÂN SÁCH HUYỆN NĂM 2004\t\t\t\t\t\t\n"
    "\t(Kèm theo Quyết định số : 38/2005/QĐ-UBND ngày 23 tháng 9 năm 2005\t\t\t\t\t\tĐVT: đồng\n"
    "\tcủa Ủy ban nhân dân huyện Cần Giờ )\t\t\t\t\t\t\n\t\tĐVT : 1000 đồng\t\t\t\t\t\n"
    "\t\tQUYẾT TOÁN\t\t\t\t\t\nSTT\tNỘI DUNG\tNĂM 2004\t\t\t\t\t\n\t\t\t\t\t\t\t\n"
    "A\tTổng thu NSNN trên địa bàn\t15237170\t\t\t\t\t\n"
    "1\tThu nội địa(không kể thu từ dầu thô)\t14988995\t\t\t\t\t\n2\tThu từ xuất khẩu, nhập khẩu\t\t\t\t\t\t\n"
    "3\tThu viện trợ không hoàn lại\t248175\t\t\t\t\t\nB\tThu ngân sách huyện\t145518547\t\t\t\t\t\n"
    "1\tThu ngân sách huyện hưởn theo phân cấp\t5012179\t\t\t\t\t\n"
    "\t_ Các khoản thu ngân sách huyện hưởng 100%\t3113119\t\t\t\t\t\n"
    "\t_Các khoản thu phân chia NS huyện theo tỷ lệ %\t1899060\t\t\t\t\t\n"
    "2\tBổ sung từ ngân sách cấp trên\t140506368\t\t\t\t\t\n"
)
SPEECH = (  # 2004-13D56_Le_Quang_Thung-phatbieu.txt
    "khoá họp lần thứ hai diễn đàn Việt - Pháp\n\n"
    "Nông nghiệp, phát triển nông thôn và các chính sách công cộng\n\n"
    "\" Triển vọng và giải pháp phát triển\nngành cao su Việt Nam \"\n\n"
    "Ông Lê Quang Thung\nTổng giám đốc Tổng Công ty Cao su Việt Nam\n\nMontpellier, tháng 07 năm 2001\n\n"
    "Trước tiên tôi xin cảm ơn Giám đốc, các ông điều phối viên của Diễn đàn Kinh tế - Tài chính Việt Pháp "
    "đã có lời mời chúng tôi tham dự Diễn đàn.\n"
)
ARTICLE = (  # 2004-1113C_Michele_Debonneuil-_Phattrien_congnghe.txt
    "Khoá họp lần thứ ba, Diễn đàn Việt-Pháp\n"
    "Hiện đại hoá khu vực sản xuất và thúc đẩy đổi mới công nghệ ở Việt Nam\n"
    "\"Phát triển công nghệ mới :\nnền kinh tế mới và sự tăng trưởng\"\n"
    "Bà Michèle Debonneuil\nTrưởng ban Ban Nghiên cứu Kinh tế và Tài chính\nTổng Uỷ ban Kế hoạch\n"
    "Hà Nội, ngày 20, 21 tháng 03 năm 2002\nLời mở đầu\n"
    "Trong bài viết này, tôi sẽ trình bày về khái niệm công nghệ mới về thông tin và truyền thông.\n"
)
REPORT = (  # 2005-1ADDZ_Ke_hoach_2005__QH_lan_6_25-10.txt
    "Báo cáo\nTình hình thực hiện nhiệm vụ kế hoạch năm 2004\nvà kế hoạch phát triển kinh tế - xã hội năm 2005\n"
    "Phần thứ nhất\nĐánh giá khả năng thực hiện Nghị quyết quốc hội\nvề nhiệm vụ kế hoạch năm 2004\n"
    "I. Đánh giá tổng quát\nQuốc hội khoá XI tại kỳ họp thứ 4 đã thông qua mục tiêu tổng quát về nhiệm\n"
)
ANNEX = (  # 2004-13-t-Phuluc3.txt
    "Phụ lục 3\n\nQuy trình tổng thể các bước công việc\nĐánh giá kết quả\n"
    "Đề tài KHoa học và công nghệ cấp Nhà nước\n (Kèm theo Quyết định số  13/2004/QĐ-BKHCN ngày 25/5/2004\n"
    "của Bộ trưởng Bộ Khoa học và Công nghệ)\n\nI. Đánh giá cấp cơ sở\nTT\nNội dung các bước công việc\n"
)
PLAN = (  # 2004-duanLD9820.txt
    "MỤC LỤC\n\nPHẦN THỨ NHẤT: \tKế hoạch tổng thể phát triển CNTT tỉnh Lâm Đồng giai đoạn 1998 - 2000\n"
    "CHƯƠNG I:   \tĐánh giá chung về hệ thống – phân tích hiện trạng ứng dụng CNTT và đánh giá hiệu quả "
    "hoạt động hiện hành\n"
)
LEGAL_LIST = (  # 2009-Van-ban-phap-quy-2-_10-02-09.txt
    "I- CÁC VB PHÁP QUY ĐÃ BAN HÀNH, LIÊN QUAN ĐẾN HOẠT ĐỘNG ĐT-XD:\nLUẬT PCCC (2001)\n"
    "LUẬT DN (HIỆU LỰC TỪ 1/7/2006) – THAY LUẬT CŨ 1999\nLUẬT BẢO VỆ MÔI TRƯỜNG – HIỆU LỰC TỪ 1/1/2006\n"
    "NĐ 35/2003/NĐ-CP NGÀY 4/4/2003 CỦA CP VỀ CHI TIẾT THI HÀNH LUẬT PCCC\n"
    "NĐ 177/2004/NĐ-CP NGÀY 12/10/2004 CỦA CP VỀ THI HÀNH LUẬT HTX 2003\n"
)
BUDGET_FORM_NOTE = (  # 2009-download-xls.txt: a note that ends "Xin cảm ơn." is no speech
    "\tĐề nghị các đơn vị giữ nguyên các chỉ tiêu trong bảng, không cắt bớt hoặc sửa đổi để thuận lợi cho công "
    "tác tổng hợp. Xin cảm ơn.\t\t\t\n\tFile mềm xin gửi về: vtthuong@most.gov.vn\t\t\t\n"
    "bộ khoa học và công nghệ\t\t\t\nphương án phân bổ dự toán ngân sách nhà nước năm 2007\t\t\t\n"
    "(Kèm theo công văn số…………ngày…….. ………. của Bộ Khoa học và Công nghệ)\t\t\t\n"
    "\t\t\t\t\t\t\tĐơn vị: triệu đồng\t\t\t\n"
)


class TestDocumentKind:
    """:func:`ingest.metadata.extract_metadata` on openings of the reference corpus."""

    @pytest.mark.parametrize("text, kind, title", [
        (FDI_TABLE, "Bảng số liệu", "Đầu tư nước ngoài của vùng đông nam bộ theo ngành 1988-2005"),
        (APPLICATION_FORM, "Biểu mẫu", "Đơn đăng ký kinh doanh công ty trách nhiệm hữu hạn có hai thành viên trở lên"),
        (REPORT_FORM, "Biểu mẫu", "Báo cáo tỷ giá mua, bán ngoại tệ và vàng"),
        (BUDGET_TABLE, "Bảng số liệu", "Cân đối quyết toán ngân sách huyện năm 2004"),
        (SPEECH, "Bài phát biểu", "Triển vọng và giải pháp phát triển ngành cao su Việt Nam"),
        (ARTICLE, "Bài viết", "Phát triển công nghệ mới: nền kinh tế mới và sự tăng trưởng"),
        (REPORT, "Báo cáo", "Tình hình thực hiện nhiệm vụ kế hoạch năm 2004 và kế hoạch phát triển kinh tế - xã hội "
                            "năm 2005"),
        (ANNEX, "Phụ lục", "Quy trình tổng thể các bước công việc Đánh giá kết quả Đề tài KHoa học và công nghệ "
                           "cấp Nhà nước"),
        (PLAN, "Kế hoạch", "Tổng thể phát triển CNTT tỉnh Lâm Đồng giai đoạn 1998 - 2000"),
        (LEGAL_LIST, "Danh mục", "Các VB pháp quy đã ban hành, liên quan đến hoạt động ĐT-XD"),
        (BUDGET_FORM_NOTE, "Biểu mẫu", "Phương án phân bổ dự toán ngân sách nhà nước năm 2007"),
    ])
    def test_kind_and_title(self, text, kind, title):
        meta = extract_metadata(text)
        assert (meta.doc_type, meta.summary) == (kind, title)

    def test_a_table_date_of_reference_is_no_issue_date(self):
        assert extract_metadata(FDI_TABLE).issued_date is None

    def test_a_form_issued_with_a_decision_takes_its_date(self):
        meta = extract_metadata(REPORT_FORM)
        assert (meta.issued_with, meta.issued_date, meta.issuer) == ("1747/2005/QĐ-NHNN", "2005-12-01", None)

    def test_a_budget_table_takes_its_decision_and_its_issuer_spelled_out(self):
        meta = extract_metadata(BUDGET_TABLE)
        assert (meta.issued_with, meta.issued_date) == ("38/2005/QĐ-UBND", "2005-09-23")
        assert meta.issuer == "Ủy ban nhân dân huyện Cần Giờ"  # the header says "UBND HUYỆN CẦN GIỜ"

    def test_an_annex_is_issued_by_the_ministry_not_the_minister(self):
        meta = extract_metadata(ANNEX)
        assert (meta.issued_with, meta.issued_date) == ("13/2004/QĐ-BKHCN", "2004-05-25")
        assert meta.issuer == "Bộ Khoa học và Công nghệ"

    def test_a_forum_paper_is_dated_by_the_first_day_and_has_no_issuer(self):
        meta = extract_metadata(ARTICLE)
        assert (meta.issued_date, meta.place, meta.issuer) == ("2002-03-20", "Hà Nội", None)

    def test_a_month_alone_is_no_date(self):
        assert extract_metadata(SPEECH).issued_date is None  # "Montpellier, tháng 07 năm 2001"

    def test_a_numbered_instrument_with_forms_appended_stays_an_instrument(self):
        text = (CORPUS / "van-ban-tham-khao" / "2003-A04.txt").read_text(encoding="utf-8")
        assert read_cues(text).sign_here  # its appended forms: "(ký và ghi rõ họ tên)"
        assert extract_metadata(text).doc_type == "Thông tư"


class TestClassifyOrder:
    """:func:`ingest.dockind.classify`: which cue wins when two hold."""

    def test_a_list_heading_wins_over_blanks(self):
        text = ("Danh mục\t\t\nbệnh tật và dị dạng, dị tật do chất độc hoá học\t\t\n"  # 2006-Bang-bieu.txt
                "(Ban hành kèm theo thông tư số ……….. ngày …… tháng ……. năm 2004)\t\t\n")
        cues = read_cues(text)
        assert cues.blank_lines == 1
        assert classify(cues, read_heading(text, 15), None, None, False) == "Danh mục"

    def test_an_unnumbered_decision_with_articles_stays_an_instrument(self):
        text = (CORPUS / "van-ban-tham-khao" / "2007-Quy-che-chi-tieu-noi-bo-2007.txt").read_text(encoding="utf-8")
        cues = read_cues(text)
        assert not cues.fill_in and cues.articles  # "Số :      /QĐ. BQL–VP" left blank is no form's field
        assert classify(cues, read_heading(text, 15), "Quyết định", None, False) == "Quyết định"

    def test_a_typed_title_over_a_preamble_is_an_instrument_whatever_follows(self):
        text = ("THÔNG TƯ  LIÊN TỊCH\nHướng dẫn việc người Việt Nam định cư ở nước ngoài … đầu tư\n"  # 2006-10_TTLT
                "Căn cứ Luật Khuyến khích đầu tư trong nước (sửa đổi) số 03/1998/QH10 ngày 20 tháng 5 năm 1998;\n"
                "I. NHỮNG QUY ĐỊNH CHUNG\n…\nĐơn đăng ký (ký tên, đóng dấu)\n")  # its appended form
        cues = read_cues(text)
        assert cues.sign_here and cues.preamble and not cues.articles
        assert classify(cues, read_heading(text, 15), "Thông tư liên tịch", None, False) == "Thông tư liên tịch"

    def test_a_writers_chung_toi_xin_is_no_speech(self):
        assert not read_cues("Chúng tôi xin giới thiệu một số quy định kỹ thuật.").speech
        assert read_cues("Trước tiên tôi xin cảm ơn Giám đốc, các ông điều phối viên.").speech

    def test_a_stricter_form_bar_makes_a_form_a_generic_document(self):
        text = "phương án phân bổ dự toán\nGhi chú: số liệu của năm trước ..........\n"
        strict = KindOptions(form_blank_lines=2)
        assert classify(read_cues(text), read_heading(text, 15), None, None, False) == "Biểu mẫu"
        assert classify(read_cues(text, strict), read_heading(text, 15), None, None, False, strict) == "Tài liệu"


class TestHeader:
    def test_issuer_and_number_two_spaces_apart_and_the_date_under_a_rule(self):
        meta = extract_metadata(  # 2009-CV-2499-2005-TC (held-out sample)
            "BỘ TÀI CHÍNH  Số: 2499/TC-TCDN V/v Thực hiện Thông tư số 126/2004/TT-BTC\tCỘNG HOÀ XÃ HỘI CHỦ NGHĨA "
            "VIỆT NAM Độc lập - Tự do - Hạnh phúc  Hà Nội, ngày 04 tháng 3 năm 2005\n"
            "Kính gửi:\t- Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ\n"
            "- Uỷ ban nhân dân các tỉnh, thành phố trực thuộc Trung ương\n"
            "Vừa qua, một số Bộ, ngành, địa phương đã có văn bản gửi Bộ Tài chính đề nghị giải thích thêm.\n")
        assert (meta.doc_number, meta.issuer, meta.issued_date) == ("2499/TC-TCDN", "Bộ Tài chính", "2005-03-04")
        assert (meta.doc_type, meta.summary) == ("Công văn", "V/v Thực hiện Thông tư số 126/2004/TT-BTC")


class TestAttachment:
    """:func:`ingest.amendments.attachment`: the decision an annex, form or table was issued with."""

    def test_a_number_typed_into_a_blank(self):
        parent, issuer = attachment(  # 2006-quydinhkiemtra02.txt
            "QUY ĐỊNH\n( Ban hành kèm theo Quyết định số …05…./2006/ QĐ-UBND,\n"
            "ngày …25..tháng 01 năm 2006 của UBND tỉnh Cà Mau )\nChương I\n")
        assert (parent.doc_number, parent.issued_date, issuer) == ("05/2006/QĐ-UBND", "2006-01-25", "UBND tỉnh Cà Mau")

    def test_the_slash_before_the_year_lost(self):
        parent, _ = attachment("\t(Kèm theo Quyết định số 09 2006/QĐ-UBND ngày 02 tháng 3 năm 2006\t\t\n"  # Mau23-1
                               "\tcủa Ủy ban nhân dân huyện Cần Giờ)\t\t\n")
        assert (parent.doc_number, parent.issued_date) == ("09/2006/QĐ-UBND", "2006-03-02")

    def test_a_number_never_filled_in_is_no_number_but_the_issuer_stays(self):
        parent, issuer = attachment("\t(Kèm theo Quyết định số : 2006/QĐ-UBND ngày tháng năm 2006\t\tĐVT: đồng\n"
                                    "\tcủa Ủy ban nhân dân huyện Cần Giờ )\t\n")  # 2006-Mau21_CKTC_NSH-1.txt
        assert (parent, issuer) == (None, "Ủy ban nhân dân huyện Cần Giờ")

    def test_kem_typed_in_a_wrong_font(self):
        parent, _ = attachment("Bảng tổng hợp danh mục đầu tư Năm 2006\nVốn ngân sách tập trung\n"  # 2007-bkqd1412006.dot
                               "(Ban hành kốm theo Quyết định số 141/2006/QĐ-UBND ngày 22 thỏng 9 năm 2006 của Ủy ban "
                               "nhõn dõn thành phố)\n")
        assert parent.doc_number == "141/2006/QĐ-UBND"

    def test_a_letter_sent_with_a_decision_is_no_annex(self):
        assert attachment("Công văn này gửi kèm theo Quyết định số 13/2004/QĐ-BKHCN để các đơn vị biết.") == (None, None)


class TestIssuingBody:
    @pytest.mark.parametrize("written, body", [
        ("Chính phủ ______", "Chính phủ"),  # the rule a typist drew under the issuer
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH ________________________TV.", "Ủy ban nhân dân thành phố Hồ Chí Minh"),
        ("Bộ trưởng Bộ Khoa học và Công nghệ", "Bộ Khoa học và Công nghệ"),
        ("bộ trưởng bộ tài chính", "Bộ Tài chính"),
        ("Thống đốc Ngân hàng Nhà nước", "Ngân hàng Nhà nước"),
        ("UBND tỉnh An Giang", "Ủy ban nhân dân tỉnh An Giang"),
        ("Thủ tướng Chính phủ", "Thủ tướng Chính phủ"),  # an issuing authority itself
        ("Chủ tịch nước", "Chủ tịch nước"),  # "nước" is no organisation to fall back to
    ])
    def test_the_organisation_behind_the_office(self, written, body):
        assert issuing_body(written) == body


class TestDocumentLabel:
    def test_a_report_is_cited_by_its_title(self):
        label = document_label("Báo cáo", None, None, None, None,
                               "Tình hình thực hiện nhiệm vụ kế hoạch năm 2004 và kế hoạch phát triển", 8)
        assert label == "Báo cáo tình hình thực hiện nhiệm vụ kế hoạch …"

    def test_a_speech_is_quoted_with_its_year(self):
        label = document_label("Bài viết", None, "2002-03-20", None, None, "Phát triển công nghệ mới")
        assert label == "Bài viết “Phát triển công nghệ mới” (2002)"

    def test_a_form_names_its_decision(self):
        label = document_label("Biểu mẫu", None, "2003-07-18", "Bộ Khoa học và Công nghệ", "16/2003/QĐ-BKHCN",
                               "Thuyết minh dự án sản xuất thử nghiệm")
        assert label == ("Biểu mẫu thuyết minh dự án sản xuất thử nghiệm ban hành kèm theo Quyết định số "
                         "16/2003/QĐ-BKHCN ngày 18/7/2003 của Bộ Khoa học và Công nghệ")

    def test_an_instrument_is_still_cited_by_its_number(self):
        label = document_label("Nghị quyết", "41-NQ/TW", "2004-11-15", "Bộ Chính trị", None, "Về bảo vệ môi trường")
        assert label == "Nghị quyết số 41-NQ/TW ngày 15/11/2004 của Bộ Chính trị"


class TestEveryCorpusDocument:
    """Issue 13: no loaded document without a loại, and no citation label with a bare "Văn bản"."""

    @pytest.fixture(scope="class")
    def converted(self):
        manifest = load_manifest(CORPUS)
        return [convert_file(p, root=CORPUS, manifest=manifest) for p in sorted(CORPUS.rglob("*.txt"))]

    def test_every_document_has_a_kind(self, converted):
        assert len(converted) == 98
        assert [d.meta.source_path for d in converted if not d.meta.doc_type] == []

    def test_no_title_is_a_bare_van_ban(self, converted):
        assert [d.meta.source_path for d in converted if d.meta.title.startswith("Văn bản")] == []
