

def test_page_numbers_inside_running_text_are_dropped_and_nothing_else():
    """A transcript of a paged original (Nghị định 109/2004/NĐ-CP in the corpus) keeps its page
    numbers between the lines of a sentence; quotes then began "16 báo bằng văn bản …"."""
    from common.vietnamese.normalize import drop_page_numbers

    text = ("Phòng đăng ký kinh doanh cấp tỉnh, nơi doanh nghiệp dự định đặt trụ sở mới phải thông\n16\n"
            "báo bằng văn bản cho doanh nghiệp biết.\n17\nĐiều 5. Hồ sơ\n1\nhồ sơ gồm:\nSTT\tTên\n1\nHà Nội\n2\nnhà")
    assert drop_page_numbers(text) == (
        "Phòng đăng ký kinh doanh cấp tỉnh, nơi doanh nghiệp dự định đặt trụ sở mới phải thông\n"
        "báo bằng văn bản cho doanh nghiệp biết.\n17\nĐiều 5. Hồ sơ\n1\nhồ sơ gồm:\nSTT\tTên\n1\nHà Nội\n2\nnhà")
