"""Shared Hypothesis set-up for the fuzz tests: the bound on time, and text that looks like ours.

Every fuzz test is bounded twice: ``max_examples`` inputs, and a ``deadline`` per input, so
the whole fuzzing part of the suite stays within seconds per test on two shared cores (CI
runs it on every submission). The database is off: a failure is reported with its minimal
example in the test output, and a fix adds that example with ``@example`` so it is kept.

The alphabet mixes what the documents really hold — Vietnamese letters precomposed and
decomposed, TCVN3/VNI bytes read as Latin-1 or Windows-1252, digits, the punctuation of
numbering and document numbers — with what hostile or broken files add: control characters,
zero-width and bidirectional marks, lone combining marks, and characters outside the BMP.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=150,
    deadline=1000,  # ms per input: a slow input is a finding too
    database=None,
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
LEGACY_BYTES = "".join(chr(c) for c in range(0xA1, 0x100))  # TCVN3 / VNI / VISCII read as Latin-1
PUNCTUATION = " \n\n\t.,;:!?…/-–()[]\"“”'%§"
HOSTILE = "\x00\x01\x0b\x0c\x1b\x7f\u00ad\u200b\u200c\u200d\u2028\u2029\u202e\u2066\ufeff\ufffd\u0300\u0301\u0303\u0309\u0323"
ALPHABET = VIETNAMESE + VIETNAMESE.upper() + "0123456789" + PUNCTUATION + LEGACY_BYTES + HOSTILE + "Ω中𝔘😀"

words = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + "0123456789", min_size=1, max_size=8)
vietnamese_text = st.lists(st.one_of(words, st.sampled_from(list(PUNCTUATION))), max_size=60).map("".join)
any_text = st.one_of(st.text(alphabet=ALPHABET, max_size=300), vietnamese_text, st.text(max_size=200))
