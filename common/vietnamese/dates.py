"""Dates as Vietnamese documents write them, read into ISO 8601 and written back.

A document dates itself "Bình Phước, ngày 13 tháng 6 năm 2016" and cites others "ngày
15/11/2004" or "2-3-1993"; the index stores ISO dates (``issued_date``) and shows them the
short Vietnamese way. Pure functions; :data:`DATE_PATTERN` (named groups ``d``, ``m``, ``y``)
is for readers that need the date inside a longer pattern (metadata, cited documents).

>>> parse_date_vi("Bình Phước, ngày 13 tháng 6 năm 2016"), parse_date_vi("ngày 31/2/2004")
('2016-06-13', None)
>>> iso_date(5, 11, 2004), format_date_vi("2004-11-05"), format_date_vi("2016-06")
('2004-11-05', '5/11/2004', '6/2016')
"""

from __future__ import annotations

import datetime as _dt
import re

DATE_PATTERN = (
    r"(?P<d>\d{1,2})\s*(?:tháng|/|-|\.)\s*(?P<m>\d{1,2})\s*(?:năm|/|-|\.)\s*(?P<y>(?:19|20)\d\d)(?!\d)"
)
_DATE_RE = re.compile(DATE_PATTERN, re.IGNORECASE)


def iso_date(day: int | str, month: int | str, year: int | str) -> str | None:
    """ISO 8601 date, or None when the numbers are not a real date."""
    try:
        return _dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def parse_date_vi(text: str) -> str | None:
    """The first date written "15/11/2004", "2-3-1993" or "13 tháng 5 năm 1998", as ISO."""
    for m in _DATE_RE.finditer(text):
        iso = iso_date(m["d"], m["m"], m["y"])
        if iso:
            return iso
    return None


def format_date_vi(iso: str) -> str:
    """"2016-06-13" → "13/6/2016" (also "2016-06" → "6/2016" and "2016" → "2016")."""
    parts = [int(p) for p in iso.split("-")]
    return "/".join(str(p) for p in reversed(parts))
