"""Fuzzing of the text functions (common.vietnamese and ingest) (Hypothesis, bounded: see tests/fuzzing.py).

Each property is one a reader of the index relies on: cleaning never grows text or leaves
invisible characters, repair and decoding never raise on any bytes, sentence spans are
verbatim pieces of the text in order, a document number has one key however it is written,
a date is a real date or nothing.
"""

from __future__ import annotations

import datetime as _dt
import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from common.vietnamese import dates, mentions, normalize, numbers, sentences, syllables
from ingest import legacy
from ingest.markers import roman_value
from ingest.pages import readable_share
from tests.fuzzing import FUZZ, any_text, vietnamese_text


class TestNormalization:
    @FUZZ
    @given(any_text)
    def test_clean_text_is_nfc_idempotent_and_keeps_every_visible_character(self, text):
        cleaned = normalize.clean_text(text)
        assert unicodedata.is_normalized("NFC", cleaned)
        assert normalize.clean_text(cleaned) == cleaned
        assert "\x00" not in cleaned and "\u200b" not in cleaned and "\r" not in cleaned
        visible = [c for c in unicodedata.normalize("NFC", text) if normalize.is_visible(c)]
        assert [c for c in cleaned if normalize.is_visible(c)] == visible

    @FUZZ
    @given(any_text)
    def test_joining_wrapped_lines_only_changes_whitespace(self, text):
        joined = normalize.join_wrapped_lines(text)
        assert joined.split() == text.split() or "".join(joined.split()) == "".join(text.split())
        assert joined.count("\n") <= text.count("\n")

    @FUZZ
    @given(any_text)
    def test_index_form_and_folding(self, text):
        form = normalize.index_form(text)
        assert normalize.index_form(form) == form
        folded = normalize.fold_accents(text)
        assert normalize.fold_accents(folded) == folded
        assert "đ" not in folded and "Đ" not in folded
        assert all(token == token.strip() and token for token in normalize.syllables(text))

    @FUZZ
    @given(any_text)
    @example("Thuỷ lợi İstanbul")  # "İ" lowers to "i" and a combining dot: the whole-text path
    @example("hoa\u0301 ho\u0301a 41-NQ/TW")  # a mark NFC attaches: the whole-text path
    @example("Hoá học – “thuỷ lợi”… 74,8% đ/c")  # Vietnamese and general punctuation: token by token
    def test_syllables_are_the_tokens_of_the_whole_text_s_index_form(self, text):
        """Tone placement is remembered token by token; the tokens stay those of the index form
        of the whole text, which the lexical index was built on."""
        assert normalize.syllables(text) == normalize.index_form_syllables(text)

    @FUZZ
    @given(vietnamese_text)
    def test_tone_placement_never_changes_the_letters(self, text):
        placed = syllables.canonical_tones(text)
        assert normalize.fold_accents(placed) == normalize.fold_accents(text)

    @FUZZ
    @given(any_text)
    def test_readable_share_is_a_share(self, text):
        assert 0.0 <= readable_share(text) <= 1.0


class TestLegacyRepair:
    @FUZZ
    @given(any_text)
    def test_repair_keeps_lines_and_returns_a_known_verdict(self, text):
        repaired, verdict = legacy.repair_text(text)
        assert repaired.count("\n") == text.count("\n")
        assert verdict in {"unicode", "tcvn3", "vni", "viscii", "mixed"}
        assert unicodedata.is_normalized("NFC", repaired)

    @FUZZ
    @given(st.binary(max_size=600))
    @example(b"\xff\xfe")
    @example(b"\x80\xd2")
    @example(b"\x00" * 9)
    @example("Quyết định".encode("utf-16-be"))
    def test_any_bytes_decode_to_text_with_a_name(self, data):
        text, encoding = legacy.decode_bytes(data)
        assert isinstance(text, str)
        assert encoding in {"utf-8", "utf-16", "cp1258", "viscii", "tcvn3", "vni", "mixed"}

    @FUZZ
    @given(st.text(alphabet="".join(chr(c) for c in range(0x20, 0x100)), max_size=200),
           st.sampled_from(["tcvn3", "vni", "viscii"]))
    def test_conversion_of_any_latin1_text(self, text, encoding):
        assert isinstance(legacy.convert(text, encoding), str)


class TestSentences:
    @FUZZ
    @given(any_text)
    def test_spans_are_ordered_trimmed_and_disjoint(self, text):
        spans = sentences.split_sentences(text)
        last = 0
        for start, end in spans:
            assert last <= start < end <= len(text)
            piece = text[start:end]
            assert piece == piece.strip() and piece
            last = end
        covered = "".join(text[s:e] for s, e in spans)
        assert "".join(covered.split()) == "".join(text.split())

    @FUZZ
    @given(any_text)
    def test_list_items_stay_inside_the_sentence(self, text):
        for start, end in sentences.split_list_items(text):
            assert 0 <= start <= end <= len(text)


class TestNumbers:
    @FUZZ
    @given(any_text)
    @example("9" * 5000 + "/QĐ-UB")
    def test_document_numbers_found_in_any_text(self, text):
        for cited in mentions.find_doc_numbers(text):
            assert cited.number_key == numbers.number_key(cited.doc_number)
            assert cited.issued_date is None or len(cited.issued_date) == 10

    @FUZZ
    @given(st.integers(1, 999), st.sampled_from(["NQ/TW", "NĐ-CP", "QĐ-UBND", "CT/TU", "TT-BTC"]),
           st.integers(1990, 2030), st.sampled_from(["{n}-{t}", "{n}/{y}/{t}", "{n} {t}", "{n}/{t}"]))
    def test_one_number_has_one_key_however_it_is_written(self, n, code, year, pattern):
        written = pattern.format(n=n, y=year, t=code)
        key = numbers.number_key(written)
        assert key == numbers.number_key(written.lower()) == numbers.number_key(f"0{written}")
        assert key.startswith(f"{n}-")

    @FUZZ
    @given(any_text)
    @example("ngày 1/1/" + "9" * 40)
    @example("31/2/2004")
    def test_dates_are_real_dates_or_nothing(self, text):
        iso = dates.parse_date_vi(text)
        if iso is not None:
            assert dates.parse_date_vi(dates.format_date_vi(iso)) == iso

    @FUZZ
    @given(st.dates(min_value=_dt.date(1900, 1, 1), max_value=_dt.date(2099, 12, 31)))
    def test_a_written_date_reads_back(self, date):
        """Years of the documents' era (19xx, 20xx: what the pattern reads as a year)."""
        for written in (f"ngày {date.day} tháng {date.month} năm {date.year}", f"{date.day}/{date.month}/{date.year}"):
            assert dates.parse_date_vi(written) == date.isoformat()

    @FUZZ
    @given(st.text(alphabet="IVXLCDMivxlcdm0123456789 ", max_size=12))
    def test_roman_and_arabic_values(self, token):
        value = roman_value(token)
        assert value is None or isinstance(value, int)
        assert normalize.fold(token) == token.lower()

    @FUZZ
    @given(any_text)
    def test_folding_keeps_offsets(self, text):
        assert len(normalize.fold(text)) == len(text)
