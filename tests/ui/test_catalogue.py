"""The library's search, filters and sort (ui.catalogue): pure functions, no browser."""

from index.types import DocumentInfo
from ui import catalogue as cat


def _doc(doc_id, number=None, doc_type=None, date=None, issuer=None, title="", status="original", cites=(),
         summary=None, source=None):
    return DocumentInfo(doc_id=doc_id, doc_number=number, doc_type=doc_type, issuer=issuer, issued_date=date,
                        title=title or " ".join(x for x in (doc_type, number) if x), status=status,
                        source_path=source if source is not None else (None if status == "metadata-only" else f"{doc_id}.txt"),
                        chunks=0 if status == "metadata-only" else 3, cites=list(cites), summary=summary)


LIBRARY = [
    _doc("nd114", "114/2003/NĐ-CP", "Nghị định", "2003-10-10", "Chính phủ",
         "Nghị định số 114/2003/NĐ-CP ngày 10/10/2003 của Chính phủ", summary="Về cán bộ, công chức xã, phường, thị trấn",
         cites=["10/1998/NĐ-CP"]),
    _doc("qd1141", "1141-TC/QĐ/CĐKT", "Quyết định", "1995-11-01", "Bộ Tài chính",
         summary="Về việc ban hành chế độ kế toán doanh nghiệp", cites=["10/1998/NĐ-CP"]),
    _doc("bc2005", None, "Báo cáo", None, None,
         "Báo cáo: Tình hình thực hiện nhiệm vụ kế hoạch năm 2004 và kế hoạch phát triển kinh tế - xã hội năm 2005",
         source="van-ban-tham-khao/2005-1ADDZ_Ke_hoach_2005__QH_lan_6_25-10.txt"),
    _doc("nq41", "41-NQ/TW", "Nghị quyết", "2004-11-15", "Bộ Chính trị", status="digest",
         summary="Về bảo vệ môi trường trong thời kỳ đẩy mạnh công nghiệp hóa, hiện đại hóa đất nước"),
    _doc("ref:10-1998-nd-cp", "10/1998/NĐ-CP", "Nghị định", "1998-01-23", "Chính phủ", status="metadata-only"),
    _doc("ref:114-2004-tt-btc", "114/2004/TT-BTC", "Thông tư", "2004-11-26", status="metadata-only"),
]


def _ids(query, **kw):
    c = cat.Catalogue(LIBRARY)
    return [e.info.doc_id for e in cat.select(c.entries, cat.LibraryQuery(text=query, **kw))]


class TestSearch:
    def test_accentless_number_with_the_type_initials(self):
        assert _ids("nd 114") == ["nd114"]

    def test_type_in_words_and_number_with_year(self):
        assert _ids("nghi dinh 114/2003") == ["nd114"]

    def test_words_of_the_title_and_a_year(self):
        assert _ids("ke hoach 2005") == ["bc2005"]

    def test_number_in_any_spelling(self):
        assert _ids("41-NQ/TW") == ["nq41"] and _ids("nq 41") == ["nq41"]

    def test_a_number_is_matched_whole_not_as_a_prefix(self):
        assert "qd1141" not in _ids("114")

    def test_accented_query_finds_the_summary(self):
        assert _ids("chế độ kế toán") == ["qd1141"]

    def test_a_word_found_nowhere_finds_nothing(self):
        assert _ids("nd 114 thuế") == []

    def test_referenced_documents_are_their_own_view(self):
        assert _ids("114", view=cat.VIEW_REFERENCED) == ["ref:114-2004-tt-btc"]
        assert "ref:10-1998-nd-cp" not in _ids("")


class TestViewsFiltersSort:
    def test_loaded_documents_by_default_newest_first_undated_last(self):
        assert _ids("") == ["nq41", "nd114", "qd1141", "bc2005"]

    def test_referenced_view_counts_the_loaded_documents_citing_each(self):
        c = cat.Catalogue(LIBRARY)
        ref = cat.select(c.entries, cat.LibraryQuery(view=cat.VIEW_REFERENCED))
        assert [(e.info.doc_id, sorted(e.cited_by)) for e in ref] == [
            ("ref:10-1998-nd-cp", ["nd114", "qd1141"]), ("ref:114-2004-tt-btc", [])]

    def test_filters_by_type_issuer_status_and_years(self):
        assert _ids("", doc_type="Nghị định") == ["nd114"]
        assert _ids("", issuer="Bộ Tài chính") == ["qd1141"]
        assert _ids("", status="digest") == ["nq41"]
        assert _ids("", year_from="2000", year_to="2003") == ["nd114"]

    def test_sorts(self):
        assert _ids("", sort=cat.SORT_OLDEST)[:3] == ["qd1141", "nd114", "nq41"]
        assert _ids("", sort=cat.SORT_TYPE)[0] == "bc2005"  # Báo cáo
        assert _ids("", sort=cat.SORT_NUMBER)[:2] == ["nq41", "nd114"]

    def test_the_same_query_lists_the_same_rows_in_the_same_order(self):
        assert _ids("", sort=cat.SORT_ISSUER) == _ids("", sort=cat.SORT_ISSUER)

    def test_facets_and_counts(self):
        c = cat.Catalogue(LIBRARY)
        f = cat.facets(c.entries, cat.VIEW_LOADED)
        assert f["years"] == ["2004", "2003", "1995"] and "Báo cáo" in f["types"]
        assert cat.counts(c.entries) == (4, 2)

    def test_a_number_resolves_to_the_original_before_a_digest(self):
        digest = _doc("nq41-digest", "41-NQ/TW", "Nghị quyết", status="digest")
        original = _doc("nq41-full", "41-NQ/TW", "Nghị quyết")
        assert cat.Catalogue([digest, original]).resolve("41/NQ-TW").info.doc_id == "nq41-full"


def test_tokens_fold_accents_and_leading_zeros():
    assert cat.tokens("01/2004/TT–BNV Đồng Xoài") == ["1", "2004", "tt", "bnv", "dong", "xoai"]
    assert cat.initials("Thông tư liên tịch") == "ttlt" and cat.initials("Luật") == ""
