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


@pytest.mark.parametrize("closing", ["Nơi nhận:\n- Văn phòng Chính phủ,\n- Lưu: VT.",
                                     "Nơi nhận:\n- UBND TP Hồ Chí Minh,\n- UBND Hà Nội."])
def test_bodies_and_places_are_no_names(closing):
    assert signer_name(closing) is None
