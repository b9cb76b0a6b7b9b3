"""Tables flattened one cell per line, rebuilt as tab-separated rows (ingest/celltables.py).

Excerpts are real corpus text (van-ban-tham-khao); the properties say what a reader of the
index relies on: a rebuilt row is read under its column headers by qa/tables.py, only line
breaks change (every word kept, in order), and prose, numbered provisions, lists, forms and
signatures come out byte for byte.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ingest.celltables import find_cell_tables, rebuild_cell_tables
from ingest.convert import convert_file
from qa.tables import header_span, is_table_row, table_frame
from tests.conftest import CORPUS
from tests.fuzzing import FUZZ, any_text

# 2004-TT1691998: the TNDN table under its lead-in sentence (cells with stray leading spaces).
TNDN = """Số thuế TNDN được xác định theo tỷ lệ % trên doanh thu tính thuế của từng ngành nghề kinh doanh như sau:

STT
Ngành nghề kinh doanh
Tỷ lệ % Thuế TNDN tính trên doanh thu

1
Thương mại ( kể cả cung cấp nước, lương thực thực phẩm; vật tư hoá phẩm cho Nhà thầu dầu khí ).
 1

2
 Dịch vụ
5

3
Sản xuất, vận tải, xây dựng (kể cả khảo sát, thiết kế, giám sát)
2

4
 Lãi tiền vay
10

5
 Thu nhập bản quyền
10


Doanh thu tính thuế để xác định GTGT và thuế TNDN là doanh thu Nhà thầu nhận được."""

# 2004-1F7ZB_EtudeBinh_vn: "STT" apart from the other names; Bảng 5: groups named between rows.
HOSPITALS = """Bảng 1. Danh sách 13 bệnh viện tại TP Hồ Chí Minh (tính đến thời điểm 5/2003).

STT

Tên bệnh viện
Số giường
Năm cấp giấy phép

1
BV đa khoa Hoàn Mỹ
30
1999

2
BV đa khoa Vạn Hạnh
52
2000

3
BV đa khoa Hồng Đức
24
2000

TS: 954"""

GROUPS = """Bảng 5: Cơ cấu bệnh tật của khách hàng đang điều trị và khám bệnh tại bệnh viện tư

STT
Bệnh
Tỉ lệ %

Bệnh nhân đang điều trị

1
Chưa có chẩn đoán
5.4

2
Viêm Dạ dầy
6.9

Bệnh nhân khám bệnh

1
Khám thai
11.4

2
Viêm phụ khoa
14.3

Chất lượng dịch vụ"""

# 2002-0112qd: a column name wrapped onto two lines ("Chứng từ" / "ghi sổ").
LEDGERS = """Hình thức sổ kế toán

TT
Tên sổ
Ký hiệu
Chứng từ
ghi sổ
Nhật ký Sổ Cái
Nhật ký Chung

1
Nhật ký- Sổ cái
S01- NCL
-
x
-

2
Chứng từ ghi sổ
S02- NCL
x
-
-
"""

# 2004-duanLD9820: the unit above the names stays; an empty cell is a blank line.
BUDGET = """Đơn vị tính: Triệu đồng
Số
thứ tự
Tên gọi hạng mục
dự án
Mục tiêu chính của
hạng mục  dự án
Dự kiến kinh phí thực hiện trong  năm 1998

1
Quản lý dự án

15

2
Xây dựng dự án

15

3
Tổ chức đấu thầu và mua sắm thiết bị

7,35
"""


class TestRebuild:
    def test_a_rate_is_read_under_its_column(self):
        text = rebuild_cell_tables(TNDN)
        assert "STT\tNgành nghề kinh doanh\tTỷ lệ % Thuế TNDN tính trên doanh thu\n1\tThương mại" in text
        row = "5\tThu nhập bản quyền\t10"
        assert row in text.split("\n") and is_table_row(row)
        start = text.index(row)
        span = header_span(text, start)
        assert span and text[span[0]:span[1]] == "STT\tNgành nghề kinh doanh\tTỷ lệ % Thuế TNDN tính trên doanh thu"
        assert table_frame(text, start).startswith("Số thuế TNDN được xác định theo tỷ lệ %")
        # prose around the table is untouched
        assert text.endswith("\n\n\nDoanh thu tính thuế để xác định GTGT và thuế TNDN là doanh thu Nhà thầu nhận được.")

    def test_a_header_split_by_a_blank_line(self):
        text = rebuild_cell_tables(HOSPITALS)
        assert "STT\tTên bệnh viện\tSố giường\tNăm cấp giấy phép\n1\tBV đa khoa Hoàn Mỹ\t30\t1999\n" in text
        assert text.endswith("3\tBV đa khoa Hồng Đức\t24\t2000\n\nTS: 954")

    def test_groups_named_between_rows_stay_in_the_table(self):
        lines = rebuild_cell_tables(GROUPS).split("\n")
        assert lines[2:9] == ["STT\tBệnh\tTỉ lệ %", "\tBệnh nhân đang điều trị", "1\tChưa có chẩn đoán\t5.4",
                              "2\tViêm Dạ dầy\t6.9", "\tBệnh nhân khám bệnh", "1\tKhám thai\t11.4", "2\tViêm phụ khoa\t14.3"]
        text = "\n".join(lines)
        span = header_span(text, text.index("2\tViêm phụ khoa"))
        assert text[span[0]:span[1]] == "STT\tBệnh\tTỉ lệ %"

    def test_a_wrapped_column_name_is_one_name(self):
        text = rebuild_cell_tables(LEDGERS)
        assert "TT\tTên sổ\tKý hiệu\tChứng từ ghi sổ\tNhật ký Sổ Cái\tNhật ký Chung\n1\tNhật ký- Sổ cái\tS01- NCL\t-\tx\t-" in text

    def test_the_unit_line_stays_and_empty_cells_stay_empty(self):
        lines = rebuild_cell_tables(BUDGET).split("\n")
        assert lines[0] == "Đơn vị tính: Triệu đồng"
        assert lines[1] == "Số thứ tự\tTên gọi hạng mục dự án\tMục tiêu chính của hạng mục  dự án\tDự kiến kinh phí thực hiện trong  năm 1998"
        assert lines[2:5] == ["1\tQuản lý dự án\t\t15", "2\tXây dựng dự án\t\t15", "3\tTổ chức đấu thầu và mua sắm thiết bị\t\t7,35"]


# 2005-1DCA4_3b: two parks' names wrapped onto a second line that starts in capitals.
PARKS = """STT
Khu công nghiệp
Địa điểm
Tổng diện tích (ha)
Tỷ lệ diện tích đã phủ kín

1
Việt Nam - Xingapo
Xã Bình Hòa, huyện Thuận An
300/500
90% (giai đoạn 1)

2
Tân Đông Hiệp A
Dapark(*)
Xã Tân Đông Hiệp, huyện Dĩ An
54,7
Thủ tướng CP quyết định thành lập năm 2002

3
Sóng Thần I
Thị trấn Dĩ An, huyện Dĩ An
180
87%

4
Sóng Thần II
Thị trấn Dĩ An, huyện Dĩ An
318
86%

5
Mỹ Phước(*)
Thị trấn Mỹ Phước, huyện Bến Cát
377
Thủ tướng CP quyết định thành lập năm 2002
"""


class TestWrappedCell:
    def test_the_wrapped_name_joins_where_the_columns_say(self):
        """No line continues another by its case ("Dapark(*)" opens in capitals): the pair whose
        joining leaves the cells after it like their columns' ("Xã …" under Địa điểm, a figure
        under the area, a note as row 5's) is the cell."""
        lines = rebuild_cell_tables(PARKS).split("\n")
        assert "2\tTân Đông Hiệp A Dapark(*)\tXã Tân Đông Hiệp, huyện Dĩ An\t54,7\t" \
               "Thủ tướng CP quyết định thành lập năm 2002" in lines
        assert "4\tSóng Thần II\tThị trấn Dĩ An, huyện Dĩ An\t318\t86%" in lines

    def test_a_tie_is_left_alone(self):
        """Two joins that fit the columns equally well ("Ba Ba | Ba" and "Ba | Ba Ba" under Tên and Ghi
        chú): the row is not guessed, and the table (two rows before it) ends there."""
        text = "STT\nTên\nGhi chú\nSố\n\n1\nAn\nBa\n5\n\n2\nCa\nBa\n6\n\n3\nBa\nBa\nBa\n7\n"
        rebuilt = rebuild_cell_tables(text)
        assert "2\tCa\tBa\t6" in rebuilt and "3\nBa\nBa\nBa\n7" in rebuilt

    def test_a_join_no_later_cell_vouches_for_is_not_made(self):
        """2004-13-t-Phuluc3's row 5: a blank cell, then two lines for the last column — joining them
        leaves no cell after the join to say it fits, so the row is not guessed."""
        text = ("TT\nNội dung\nThời hạn\nĐơn vị\n\n1\nNhận hồ sơ\nTrong 15 ngày\nBỘ KH&CN\n\n"
                "2\nThành lập Hội đồng\nTrong 5 ngày\nBỘ KH&CN\n\n3\nThẩm định\n\nTrong 30 ngày\nTổ chuyên gia\n")
        assert "3\tThẩm định" not in rebuild_cell_tables(text)


# Text that must come out byte for byte.
UNTOUCHED = {
    # 2004-TT1691998: numbered provisions and a form
    "provisions": """II. Thủ tục đăng ký và kê khai nộp thuế:

1. Thủ tục đăng ký thuế:
+ Tờ khai đăng ký thuế theo mẫu số 04-ĐK-TCT ban hành kèm theo Thông tư số 79/1998/TT-BTC ngày 12/6/1998 của Bộ Tài chính.

2. Kê khai nộp thuế:
Riêng đối với các Hãng hàng không nước ngoài có hoạt động vận chuyển hàng không tại Việt nam.
""",
    "form": """Phần kê khai thuế:
Loại
 Số tạm kê khai theo quý
Số luỹ kế năm

Doanh thu vận chuyển của Hãng tại Việt Nam

Thu nhập của toàn hãng

Thuế Thu nhập doanh nghiệp
""",
    # numbers alone on their lines, then paragraphs: a numbered list in prose, no header
    "numbered prose": """Nhiệm vụ trọng tâm

1
Đối với các cấp ủy, tổ chức đảng, phải tăng cường lãnh đạo công tác bảo vệ môi trường.
Kiểm tra việc thực hiện.

2
Đối với chính quyền các cấp, phải bố trí ngân sách cho bảo vệ môi trường.
Báo cáo kết quả.

3
Đối với Mặt trận Tổ quốc và các đoàn thể, tuyên truyền vận động nhân dân.
Giám sát việc thực hiện.
""",
    # 2003-TT132001: a form whose rows have a name only (two cells: a list, not a table)
    "two cells": """Số
thứ tự
Chỉ tiêu
Thực hiện năm trước

1
Tổng các khoản thu

2
Các khoản được giảm trừ:

3
Doanh thu thuần (3=1-2)
""",
    # 2004-13-t-Phuluc3: cells wrapped onto lines that cannot be told apart from cells
    "ragged": """II. Đánh giá cấp Nhà nước

TT
Nội dung các bước công việc
Thời hạn
Đơn vị, cá nhân
thực hiện

1
Nhận và kiểm tra tính đầy đủ và hợp lệ của Hồ sơ đánh giá cấp Nhà nước

BỘ KH&CN
(Vụ Chuyên ngành)

2
Thành lập Hội đồng đánh giá cấp Nhà nước và Tổ chuyên gia (nếu có)
Trong thời hạn 15 ngày sau khi nhận được Hồ sơ đánh giá hợp lệ
BỘ KH&CN
""",
    # a signature block and a distribution list
    "signature": """Nơi nhận:
- Như trên;
- Lưu VT.

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ

1
Nguyễn Văn A

2
Trần Văn B
""",
    # 2005-1DCA4_3b's first rows: a line too many that does not clearly continue, and only one full
    # row to say what the columns hold (the whole table is rebuilt: TestWrappedCell)
    "wrapped name": PARKS[: PARKS.index("\n\n3\n") + 1],
}


class TestLeftAlone:
    @pytest.mark.parametrize("name", sorted(UNTOUCHED))
    def test_no_rebuild(self, name):
        assert rebuild_cell_tables(UNTOUCHED[name]) == UNTOUCHED[name]

    def test_a_row_out_of_line_ends_the_table(self):
        """2004-mauduan: row 3 lost its empty middle cell — its figure would stand under
        "Mục tiêu"; the table ends before it and the rest stays as it was."""
        text = """SỐ TT
Tên gọi hạng mục Dự án
Mục tiêu chính của hạng mục dự án
Kinh phí năm 1998
Kinh phí năm 1999
Tổng

1
Quản lý Dự án

8.00
6.00
14.0

2
Xây dựng Dự án
Xây dựng dự án khả thi
12.00

12.0

3
Tổ chức đấu thầu và mua sắm thiết bị
1.00

1.0
"""
        out = rebuild_cell_tables(text)
        assert "2\tXây dựng Dự án\tXây dựng dự án khả thi\t12.00\t\t12.0\n\n3\nTổ chức đấu thầu" in out
        assert out.endswith("3\nTổ chức đấu thầu và mua sắm thiết bị\n1.00\n\n1.0\n")


# --- properties ----------------------------------------------------------------------------

# "Cột …": a column name, never a running number ("I", "a") nor the STT column
names = st.text(alphabet="abcdeghiklmnoptuvxyàáạêôơư ", min_size=1, max_size=20).map(lambda s: " ".join(("Cột " + s).split()))
figures = st.integers(0, 10_000).map(str)


@st.composite
def flat_tables(draw):
    """A flattened table as the converter left it, and the rows it stands for."""
    columns = draw(st.integers(3, 6))
    header = ["STT"] + draw(st.lists(names, min_size=columns - 1, max_size=columns - 1))
    rows = []
    for n in range(1, draw(st.integers(2, 8)) + 1):
        rows.append([str(n), draw(names)] + draw(st.lists(figures, min_size=columns - 2, max_size=columns - 2)))
    flat = "\n".join(header) + "\n\n" + "\n\n".join("\n".join(r) for r in rows)
    return flat, ["\t".join(header)] + ["\t".join(r) for r in rows]


PROSE = [
    "Căn cứ Luật thuế Giá trị gia tăng số 02/1997/QH9 ngày 10/5/1997;",
    "1. Đối với hàng hóa sản xuất trong nước là giá do cơ sở sản xuất bán ra.",
    "2. Đối với hàng hóa nhập khẩu là giá tính thuế nhập khẩu cộng thuế nhập khẩu.",
    "a) Thuốc lá điếu, xì gà;",
    "- Biên bản quyết toán, thanh lý hợp đồng;",
    "Điều 7. Thuế suất",
    "1", "2", "3", "I", "II", "a", "b", "",
    "Dịch vụ", "50", "Tổng cộng", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
]


class TestProperties:
    @FUZZ
    @given(flat_tables(), st.sampled_from(["", "Bảng 1. Tỷ lệ\n\n", "như sau:\n\n"]),
           st.sampled_from(["", "\n\nDoanh thu tính thuế là doanh thu nhận được.", "\n\n\nII. Thủ tục"]))
    def test_a_flattened_table_becomes_its_rows(self, table, before, after):
        flat, rows = table
        out = rebuild_cell_tables(before + flat + after)
        assert out == before + "\n".join(rows) + after
        for row in rows[1:]:
            start = out.index(row + ("\n" if row != rows[-1] else ""))
            span = header_span(out, start)
            assert span and out[span[0]:span[1]] == rows[0]

    @FUZZ
    @given(st.lists(st.sampled_from(PROSE), max_size=40).map("\n".join))
    @example("1\nDịch vụ\n50\n\n2\nDịch vụ\n50")  # rows without a header: no table
    @example("Dịch vụ\n50\nTổng cộng\n\n1\nDịch vụ\n50\n\n2\nDịch vụ\n50")  # a header without its STT column
    def test_prose_and_headerless_runs_stay(self, text):
        assert rebuild_cell_tables(text) == text

    @FUZZ
    @given(st.one_of(any_text, flat_tables().map(lambda t: t[0]),
                     st.lists(st.one_of(st.sampled_from(PROSE), flat_tables().map(lambda t: t[0])),
                              max_size=6).map("\n\n".join)))
    def test_only_line_breaks_change_and_twice_is_once(self, text):
        out = rebuild_cell_tables(text)
        assert out.split() == text.split()
        assert rebuild_cell_tables(out) == out
        lines, kept = text.split("\n"), out.split("\n")
        outside = set(range(len(lines)))
        for t in find_cell_tables(text):
            outside -= set(range(t.start, t.end))
        assert all(lines[i] in kept for i in outside)


class TestCorpus:
    def test_the_industrial_parks_table_is_rebuilt(self):
        doc = convert_file(CORPUS / "van-ban-tham-khao" / "2005-1DCA4_3b.txt", root=CORPUS)
        row = "5\tSóng Thần II\tThị trấn Dĩ An, huyện Dĩ An\t318\t86%"
        assert row in doc.text.split("\n")
        assert table_frame(doc.text, doc.text.index(row)).endswith("Tổng diện tích (ha)\tTỷ lệ diện tích đã phủ kín")

    def test_the_tax_circular_quotes_a_rate_with_its_column(self):
        doc = convert_file(CORPUS / "van-ban-tham-khao" / "2004-TT1691998.txt", root=CORPUS)
        row = "5\tThu nhập bản quyền\t10"
        assert row in doc.text.split("\n")
        frame = table_frame(doc.text, doc.text.index(row))
        assert frame.endswith("STT\tNgành nghề kinh doanh\tTỷ lệ % Thuế TNDN tính trên doanh thu")
        # the numbering of the circular is read as before: the rows are no provisions
        assert "I" in [s.section for s in doc.sections if s.section]

