"""Who signed a document, read from its closing part when the signature block lost its shape."""

from __future__ import annotations

import pytest

from qa.frame import signer_name


@pytest.mark.parametrize(
    ("closing", "name"),
    [
        # 2004-A3: the name at the end of a line of the distribution list.
        ("Nơi nhận :\n- Toà án nhân dân tối cao, \t\t\t                          Nguyễn Tấn Dũng đã ký\t\n"
         "- Viện Kiểm sát nhân dân tối cao,", "Nguyễn Tấn Dũng"),
        # 2004-19Z9A (Luật Hợp tác xã): after the title and "(Đã ký)".
        ("\t\t\t\t\t\tCHỦ TỊCH QUỐC HỘI\n(Đã ký)\n\n\t\t\t\t\t\t\t\tNguyễn Văn An\nPAGE  25", "Nguyễn Văn An"),
        ("KT. Bộ trưởng\nThứ trưởng\nLê Thị Băng Tâm", "Lê Thị Băng Tâm"),
        ("T/M BỘ CHÍNH TRỊ\nTỔNG BÍ THƯ\nNông Đức Mạnh", "Nông Đức Mạnh"),
    ],
)
def test_the_last_personal_name_of_the_closing_part(closing, name):
    text = "Điều 5. Nghị định này có hiệu lực sau 15 ngày.\n" + closing
    span = signer_name(text)
    assert span is not None and text[span[0]:span[1]] == name


@pytest.mark.parametrize(("name", "signer"), [("2003-A04", "Phạm Văn Trọng"), ("2003-A05", "Vũ Văn Ninh")])
def test_a_circular_with_annexed_forms_is_signed_beside_its_distribution_list(name, signer):
    # The name shares a line with "Nơi nhận" (two columns run together), and the annexed forms
    # after it, longer than the closing part, name nobody: the closing part has no signer, the
    # metadata read beside the list has (what the engine answers "who signed" from).
    from ingest.metadata import extract_metadata
    from tests.conftest import CORPUS

    text = (CORPUS / "van-ban-tham-khao" / f"{name}.txt").read_text(encoding="utf-8")
    assert signer_name(text) is None and extract_metadata(text).signer == signer


def test_a_person_the_list_addresses_is_not_the_signer():
    from ingest.metadata import extract_metadata

    annex = "\nMẫu số 1\n" + "1. Tên doanh nghiệp ......................\n" * 80
    text = ("Điều 5. Thông tư này có hiệu lực.\nNơi nhận:\n- Như Điều 3;\n- Đ/c Trần Văn Bình, Bí thư Tỉnh ủy (để b/c);\n"
            "- Lưu: VT, KH.\tKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\nNguyễn Văn Hiếu\n" + annex + "Nơi nhận:\n- Lưu.\n" + annex)
    assert signer_name(text) is None and extract_metadata(text).signer == "Nguyễn Văn Hiếu"


@pytest.mark.parametrize("closing", ["Nơi nhận:\n- Văn phòng Chính phủ,\n- Lưu: VT.",
                                     "Nơi nhận:\n- Như trên,\n- Lưu Văn phòng Tỉnh ủy.",  # the archive, not a Mr Lưu
                                     "Nơi nhận:\n- UBND TP Hồ Chí Minh,\n- UBND Hà Nội."])
def test_bodies_and_places_are_no_names(closing):
    assert signer_name(closing) is None


def test_a_place_named_like_a_person_is_no_signer():
    # 2005-QDINHUUDAI522: an annex of tourist sites after the signature ("thị xã Châu Đốc", "núi
    # Cấm") made a town the signer of a decision.
    annex = "II. Địa bàn du lịch trọng điểm:\n1. Khu du lịch núi Sam, xã Vĩnh Tế, thị xã Châu Đốc;\n2. Khu du lịch núi Cấm."
    assert signer_name(annex) is None


def _two_chunks(text: str, cut: int, doc_id: str = "van-ban-a"):
    from tests.qa.test_answer import passage

    return [passage(text[:cut], doc_id, rank=1), passage(text[cut:], doc_id, rank=2, kind="signature")]


# 2004-A3 as converted: the block's title lines, the distribution list, the name at the end of one
# of its lines; the chunk boundary falls inside the title lines.
FLAT_BLOCK = ("Điều 3. Bộ trưởng Bộ Tài chính hướng dẫn thi hành Nghị định này.\n\ntm. chính phủ\nKT. thủ tướng\n"
              "Phó thủ tướng\nNơi nhận :\n- Văn phòng Quốc hội,\n- Toà án nhân dân tối cao, \t\t  Nguyễn Tấn Dũng đã ký\n"
              "- Lưu : KTTH (5), VT.")


def test_who_signed_says_the_title_signed_under_quoted_from_the_chunk_that_holds_it():
    from qa.frame import closing_answer

    chunks = _two_chunks(FLAT_BLOCK, FLAT_BLOCK.index("KT. thủ tướng"))
    text, citations, direct = closing_answer(["van-ban-a"], lambda _: FLAT_BLOCK, {}, lambda q, d: chunks, 2500)
    assert text == "KT. thủ tướng Phó thủ tướng [1] Nguyễn Tấn Dũng [2]" and direct == "Nguyễn Tấn Dũng [2]"
    assert [c.quote for c in citations] == ["KT. thủ tướng\nPhó thủ tướng", "Nguyễn Tấn Dũng"]
    assert all(c.quote in c.passage for c in citations)


def test_the_signer_read_beside_the_block_outranks_a_later_name_of_an_annex():
    # The metadata's signer (ingest.names.signer_of, anchored on the title lines) is in the text:
    # a person an annex names after it ("Đền thờ Quản cơ Trần Văn Thành") signed nothing.
    from qa.frame import closing_answer

    text = ("Tm. ủy ban nhân dân tỉnh an giang\n\nKT. Chủ tịch\n\nPhó chủ tịch\n\nNguyễn Hoàng Việt\n\nPhụ lục\n"
            "2. Đền thờ Quản cơ Trần Văn Thành, xã Thạnh Mỹ Tây;\n")
    chunks = _two_chunks(text, text.index("Phụ lục"))
    answer, _, direct = closing_answer(["van-ban-a"], lambda _: text, {"van-ban-a": "Nguyễn Hoàng Việt"},
                                       lambda q, d: chunks, 2500)
    assert direct == "Nguyễn Hoàng Việt [2]" and answer.startswith("Tm. ủy ban nhân dân tỉnh an giang KT. Chủ tịch")


def test_to_whom_a_form_is_sent_is_its_kinh_gui_line():
    from qa.frame import recipient_answer
    from qa.intent import question_intent
    from tests.qa.test_answer import passage

    assert question_intent("Mau so 5 bao cao dinh ky gui den co quan nao").asks_recipient
    assert question_intent("DN nộp BC định kỳ về BHLĐ cho cq nào?").asks_recipient
    assert not question_intent("Thuế suất thuế TNDN là bao nhiêu?").asks_recipient
    title = passage("Mẫu số 5\nBÁO CÁO ĐỊNH KỲ VỀ BẢO HỘ LAO ĐỘNG", "form", kind="header")
    body = passage("\t\tKính gửi: Ban Quản lý các Khu công nghiệp Đồng Nai\nCác chỉ tiêu về BHLĐ", "form", rank=2)
    assert recipient_answer([body])[0] == "Kính gửi: Ban Quản lý các Khu công nghiệp Đồng Nai [1]"
    # Only the title block was retrieved: the line is found in the document and quoted from its chunk.
    text = title.text + "\n" + body.text
    text_of, search = (lambda doc_id: text), (lambda line, doc_id: [body])
    answer, citations, quoted = recipient_answer([title], text_of, search)
    assert citations[0].quote == "Kính gửi: Ban Quản lý các Khu công nghiệp Đồng Nai" and quoted is body
    assert recipient_answer([title]) is None  # without the document at hand, nothing is invented
    # A letter lists its recipients on dashed lines under a bare "Kính gửi:": they are the answer.
    letter = passage("Kính gửi:\n- Ban Cán sự Đảng UBND tỉnh,\n\n- Các cơ quan báo chí của tỉnh.\nSau hơn 10 năm …", "cv")
    assert recipient_answer([letter])[0] == "Kính gửi: - Ban Cán sự Đảng UBND tỉnh, - Các cơ quan báo chí của tỉnh. [1]"


@pytest.mark.parametrize(
    ("quote", "signs"),
    [
        ("TM. CHÍNH PHỦ\nTHỦ TƯỚNG\nPhan Văn Khải", True),
        ("Chu Hảo", True),
        ("Thành viên hợp danh được ủy quyền (Ký, đóng dấu và ghi rõ họ tên)", True),
        # "kỳ họp" is a session, not a signing; "ký kết" concludes a treaty; "đăng ký" registers.
        ("Luật này đã được Quốc hội khóa X, kỳ họp thứ 3 thông qua ngày 20 tháng 5 năm 1998.", False),
        ("Trường hợp điều ước quốc tế mà Việt Nam ký kết hoặc tham gia có quy định khác", False),
        ("Phòng đăng ký kinh doanh cấp giấy chứng nhận", False),
        ("Giao Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với Ban Cán sự Đảng UBND tỉnh", False),
    ],
)
def test_only_a_name_or_a_signing_answers_who_signed(quote, signs):
    from qa.frame import states_signing

    assert states_signing(quote) is signs


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Ai ký Nghị định 109/2004/NĐ-CP?", True),
        ("Công văn triển khai Kết luận 02 do đồng chí nào ký?", True),
        ("Luật thuế tiêu thụ đặc biệt do Chủ tịch Quốc hội nào ký chứng thực?", True),
        ("nghi dinh nay do ai ky", True),
        ("Ai được đăng ký kinh doanh ngành nghề có điều kiện?", False),
        ("Cơ quan nào đăng ký hợp đồng lao động?", False),
        # "định kỳ" is a period: not signing.
        ("Đội trưởng lập kế hoạch theo định kỳ nào và thông qua ai phê duyệt?", False),
    ],
)
def test_who_signed_is_told_from_registering(question, asks):
    from qa.intent import question_intent

    assert question_intent(question).asks_signer is asks


def _signed(text: str, head: int | None = None):
    """signature_answer for a document ``text`` whose first ``head`` characters were retrieved (all when None),
    the whole text being what a search of the document finds."""
    from qa.frame import signature_answer
    from tests.qa.test_answer import passage

    first = passage(text[:head] if head else text, doc_id="form")
    return signature_answer([first], lambda doc_id: text, lambda line, doc_id: [passage(text, doc_id="form", rank=2)])


@pytest.mark.parametrize("form, head, starts, holds", [
    ("ĐƠN ĐĂNG KÝ KINH DOANH CÔNG TY HỢP DANH\nKính gửi: Phòng Đăng ký kinh doanh\nTên công ty viết bằng tiếng Việt: ...\n"
     "\nCác thành viên hợp danh\nĐại diện theo pháp luật của công ty\n\n(Ký và ghi rõ họ tên từng thành viên)\n",
     60, "Các thành viên hợp danh", "(Ký và ghi rõ họ tên"),
    # "(Họ tên và chữ ký …)" is a signature line too, and the tabs that indent the role above it are no table
    # cells (the B1-3-LLTC form's "THỦ TRƯỞNG" was dropped, and with it the answer).
    ("TÓM TẮT HOẠT ĐỘNG KH&CN CỦA TỔ CHỨC\nTên tổ chức\n\nVốn tự có: ..... triệu đồng.\n"
     "\t\t\t\t......, ngày .... tháng .... năm 200...\n\t\t\t\t\t\t    THỦ TRƯỞNG\n"
     "Cơ quan đăng ký chủ trì đề tài, dự án SXTN\n\t\t\t\t(Họ tên và chữ ký của người lãnh đạo tổ chức, đóng dấu)\n",
     40, "THỦ TRƯỞNG", "chữ ký của người lãnh đạo"),
])
def test_who_signs_a_form_is_the_role_on_its_signature_line(form, head, starts, holds):
    text, citations, _direct = _signed(form, head)
    assert citations[0].quote.startswith(starts) and holds in text


@pytest.mark.parametrize("text", [
    "BÁO CÁO\nSố lao động\t12\n- Lưu ...\t\t(Ký tên, đóng dấu)\n",  # its role in another cell of a table
    "- Ban lãnh đạo NHNN; - Các Bộ (để phối hợp) (đã ký)\n",  # a signed copy's mark
    "Mẫu (đăng ký tại Sở)\n",  # registering
])
def test_no_signature_line_names_no_one(text):
    assert _signed(text) is None


def test_who_signed_a_foreword_is_the_signature_block_after_it():
    text = ("Lời nói đầu\n\tChương trình quốc gia về Công nghệ thông tin đã được triển khai từ năm 1996.\n\n"
            "\tKhung các dự án này do các chuyên gia soạn thảo, rất mong nhận được góp ý.\n\n"
            "Thứ trưởng- Phó trưởng ban thường trực\nBan chỉ đạo Chương trình quốc gia về CNTT\nChu Hảo\n\n"
            "Phần thứ nhất\nĐánh giá tình hình. Ông Nguyễn Văn An trình bày.\n" + "Nội dung phần thứ nhất. " * 120)
    answer, citations, direct = _signed(text, 150)
    assert answer == "Thứ trưởng- Phó trưởng ban thường trực [1] Chu Hảo [2]" and direct == "Chu Hảo [2]"
    # The block that closes the document is its signer's, not a part's: a notice the decree prescribes was
    # answered with the decree's signer.
    assert _signed(text[:text.index("Phần thứ nhất")], 150) is None
    # No title line above a name alone on its line: no signature block, no answer.
    assert _signed("Lời nói đầu\nMột đoạn văn dài về chương trình.\nNguyễn Văn An\n", 30) is None


@pytest.mark.parametrize("question, doc_type, names", [
    ("Thông tư của NHNN năm 2006 hướng dẫn góp vốn lập quỹ bảo lãnh tín dụng do ai ký?", "Thông tư", True),
    ("ai ky quyet dinh phe duyet ke hoach su dung rung nam 2008", "Quyết định", True),
    ("Công ty hợp danh báo tăng vốn điều lệ thì người nào ký thông báo?", "Nghị định", False),
    ("Lời nói đầu khung dự án mẫu do ai ký?", None, False),
])
def test_a_signer_question_names_the_kind_of_its_text(question, doc_type, names):
    from qa.frame import names_kind_of

    assert names_kind_of(question, doc_type) is names
