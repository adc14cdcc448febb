"""Dates in UK tender documents, and working-day arithmetic.

:func:`find_dates` reads the forms tender packs use: "12:00 noon, 5 January 2026", "30/01/2026",
"15:00 30/01/2026", "5th Jan 2026", "Monday 2 October 2017", "wb 26 February" (week beginning,
year left for the caller to infer), ISO "2026-01-30", and placeholders such as "(Date)",
"[Insert date]", "dd/mm/yyyy" or "XX/XX/XXXX". It is strict on purpose: a year alone ("Regulations
2015") or a month and year ("October 2017") is not a date, and nothing is guessed from noise;
:func:`find_month_only` finds the month-and-year forms, which name a month and no day.

:func:`working_days_between` counts working days with public holidays from the ``holidays``
library: England & Wales by default, Scotland ("SCT") or Northern Ireland ("NIR") on request.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from tendercheck import lazyre

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?"
_WEEK_BEGINNING = r"(?:w/?b|w/?c|week\s+(?:beginning|commencing|starting)(?:\s+on)?)"

# A time of day: "15:00", "15.00", "12:00 noon", "12 noon", "noon", "midday", "5pm", "5.30 p.m.",
# "17:00 hrs", "midnight".
_TIME = (
    r"(?:(?P<h>[01]?\d|2[0-3])(?::(?P<m>[0-5]\d)|\.(?P<m2>[0-5]\d)"
    r"(?=\s*(?:[ap]\.?m\b|hrs|hours|noon|midday|midnight)))"
    r"\s*(?:hrs|hours|h\b)?\s*(?P<ampm>[ap]\.?m\.?)?(?:\s*\(?(?:noon|midday|midnight)\)?)?"
    r"|(?P<h2>1[0-2]|0?[1-9])\s*(?P<ampm2>[ap]\.?m\.?)(?!\w)"
    r"|(?:12\s*)?(?P<noon>noon|midday)|(?P<midnight>midnight))"
)
_TIME_RE = lazyre.compile(rf"(?<![\w/]){_TIME}(?![\w/])", re.IGNORECASE)

_TEXT_DATE = (
    rf"(?:(?P<wb>{_WEEK_BEGINNING})\s*:?\s*)?"
    rf"(?:(?P<wd>{_WEEKDAY})\.?,?\s+(?:the\s+)?)?"
    rf"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?[\s-]*(?P<mon>{_MONTH})\.?"
    r"(?:,?[\s-]*(?P<y>(?:19|20)\d\d)(?!\d))?"
)
_US_DATE = (
    rf"(?:(?P<wd_us>{_WEEKDAY})\.?,?\s+)?(?P<mon_us>{_MONTH})\.?\s+(?P<d_us>[0-3]?\d)(?:st|nd|rd|th)?"
    r",?\s+(?P<y_us>(?:19|20)\d\d)(?!\d)"
)
_NUM_DATE = r"(?P<nd>[0-3]?\d)[/.](?P<nm>[01]?\d)[/.](?P<ny>(?:19|20)\d\d|\d\d)(?![\d/])"
_ISO_DATE = (
    r"(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?:T(?P<ih>[0-2]\d):(?P<imin>[0-5]\d))?"
)

DATE_RE = lazyre.compile(
    rf"(?<![\w/.£$-])(?:{_ISO_DATE}|{_NUM_DATE}|{_TEXT_DATE}|{_US_DATE})(?![\w/])",
    re.IGNORECASE,
)

# Placeholders standing where a date should be.
PLACEHOLDER_DATE_RE = lazyre.compile(
    r"\[[^\[\]]{0,40}?\b(?:date|time|day)s?\b[^\[\]]{0,40}\]"
    r"|\((?:\s*time\s*/\s*)?date(?:\s*/\s*time)?\s*\)"
    r"|\b(?:dd|DD)\s*/\s*(?:mm|MM)\s*/\s*(?:yyyy|yy|YYYY|YY)\b"
    r"|\b[Xx]{1,2}\s*/\s*[Xx]{1,2}\s*/\s*[Xx]{2,4}\b"
    r"|\b(?:[0-3]?\d|[Xx]{1,2})(?:st|nd|rd|th)?\s+[Xx]{3,}\s+20[Xx\d]{2}\b"
    r"|\bTB[CA]\b",
    re.IGNORECASE,
)
# A bare "TBC" is a placeholder only where a date label precedes it; callers check that.


@dataclass(frozen=True)
class DateMatch:
    """One date (or date placeholder) found in a text."""

    start: int
    end: int
    text: str
    date: dt.date | None  # None for a placeholder
    time: dt.time | None = None
    year_stated: bool = True
    week_beginning: bool = False
    placeholder: bool = False

    @property
    def iso(self) -> str | None:
        """ "2026-01-30", or "2026-01-30T15:00" when a time was stated."""
        if self.date is None:
            return None
        if self.time is not None:
            return f"{self.date.isoformat()}T{self.time.strftime('%H:%M')}"
        return self.date.isoformat()

    def with_year(self, year: int) -> DateMatch:
        try:
            new = self.date.replace(year=year) if self.date else None
        except ValueError:  # 29 February
            return self
        return DateMatch(self.start, self.end, self.text, new, self.time, False,
                         self.week_beginning, self.placeholder)  # fmt: skip


def _time_from(m: re.Match[str]) -> dt.time | None:
    try:
        if m.group("noon"):
            return dt.time(12, 0)
        if m.group("midnight"):
            return dt.time(23, 59)
        if m.group("h") is not None:
            hour, minute = int(m.group("h")), int(m.group("m") or m.group("m2"))
            ampm = (m.group("ampm") or "").lower()
            if ampm.startswith("p") and hour < 12:
                hour += 12
            elif ampm.startswith("a") and hour == 12:
                hour = 0
            if "midnight" in m.group(0).lower() and hour in (0, 12):
                return dt.time(23, 59)
            return dt.time(hour, minute)
        if m.group("h2") is not None:
            hour = int(m.group("h2"))
            ampm = m.group("ampm2").lower()
            if ampm.startswith("p") and hour < 12:
                hour += 12
            elif ampm.startswith("a") and hour == 12:
                hour = 0
            return dt.time(hour, 0)
    except ValueError:
        return None
    return None


def _date_from(m: re.Match[str], default_year: int | None) -> tuple[dt.date | None, bool]:
    g = m.group
    try:
        if g("iy"):
            return dt.date(int(g("iy")), int(g("im")), int(g("id"))), True
        if g("nd"):
            year = int(g("ny"))
            if year < 100:
                year += 2000
            return dt.date(year, int(g("nm")), int(g("nd"))), True
        if g("mon"):
            if g("mon") == "may" or int(g("d")) == 0:  # "3 may be required"
                return None, True
            month = MONTHS[g("mon").lower().rstrip(".")]
            day = int(g("d"))
            if g("y"):
                return dt.date(int(g("y")), month, day), True
            return dt.date(default_year or 2000, month, day), False
        if g("mon_us"):
            month = MONTHS[g("mon_us").lower().rstrip(".")]
            return dt.date(int(g("y_us")), month, int(g("d_us"))), True
    except (ValueError, KeyError):
        return None, True
    return None, True


# How far from a date a time may sit: "15:00 30/01/2026", "12 noon on 2 January 2026",
# "30/01/2026 at 15:00", "12:00 noon, 5 January 2026".
_TIME_BEFORE = lazyre.compile(rf"(?<![\d.:]){_TIME}\s*(?:\(?uk time\)?|gmt|bst)?\s*(?:,|on|the|of)?\s*(?:on\s+)?$",
                          re.IGNORECASE)  # fmt: skip
_TIME_AFTER = lazyre.compile(rf"^\s*(?:,|at|by|-|–)?\s*(?:at\s+)?{_TIME}(?![\w/])", re.IGNORECASE)


def months_in(days: float) -> int:
    """Whole months in a number of days (a month of 30.4375 days, an average year's twelfth)."""
    return round(days / 30.4375)


def months_between(first: dt.date, last: dt.date) -> int:
    """Whole months from ``first`` to ``last``, both days counted ("1 April 2026" to "31 March
    2027" is 12)."""
    return months_in((last - first).days + 1)


def find_dates(text: str, default_year: int | None = None) -> list[DateMatch]:
    """Every date and date placeholder in ``text``, in order.

    A date without a year ("wb 26 February", "20 October") gets ``default_year`` (or 2000) and
    ``year_stated`` False, so the caller can infer the year from nearby dates.
    """
    found: list[DateMatch] = []
    if not any(map(str.isdigit, text)):
        return _placeholders(text, found)
    for m in DATE_RE.finditer(text):
        day, year_stated = _date_from(m, default_year)
        if day is None:
            continue
        start, end = m.start(), m.end()
        when = None
        if m.group("ih"):
            when = dt.time(int(m.group("ih")), int(m.group("imin")))
        before = _TIME_BEFORE.search(text[max(0, start - 40) : start])
        after = _TIME_AFTER.match(text[end : end + 30])
        if when is None and before:
            when = _time_from(before)
            start -= len(before.group(0))
            start += len(before.group(0)) - len(before.group(0).lstrip())
        elif when is None and after:
            when = _time_from(after)
            end += len(after.group(0))
        found.append(
            DateMatch(
                start, end, text[start:end].strip(), day, when, year_stated, bool(m.group("wb"))
            )
        )
    return _placeholders(text, found)


def _placeholders(text: str, found: list[DateMatch]) -> list[DateMatch]:
    if "[" in text or "(" in text or "/" in text or "X" in text or "x" in text or "TB" in text:
        for m in PLACEHOLDER_DATE_RE.finditer(text):
            if any(f.start <= m.start() < f.end for f in found):
                continue
            found.append(DateMatch(m.start(), m.end(), m.group(0), None, placeholder=True))
        found.sort(key=lambda f: f.start)
    return found


# The note that starts a deadline stated but not dated: a day with no year known ("20 March"),
# or a month with no day ("March 2026"). Its value is None; the bidder view shows the note.
YEARLESS_PREFIX = "no year stated: "
MONTH_ONLY_PREFIX = "month only: "
NOT_DATED_PREFIXES = (YEARLESS_PREFIX, MONTH_ONLY_PREFIX)

# A month and year with no day ("Award of contract: June 2026", "by March 2027"): not a date,
# but a timetable row a reader sees as dated to the month only.
MONTH_YEAR_RE = lazyre.compile(
    rf"(?<![\w/.£$-])(?P<mon>{_MONTH})\.?,?\s+(?P<y>(?:19|20)\d\d)(?![\w/])", re.IGNORECASE
)
_DAY_BEFORE = lazyre.compile(r"\d(?:st|nd|rd|th)?(?:\s+of)?[\s,-]*$", re.IGNORECASE)


@dataclass(frozen=True)
class MonthOnly:
    """A month and year stated with no day: ``month`` is "2026-06" (ISO 8601's year-month)."""

    start: int
    end: int
    text: str
    month: str


def find_month_only(text: str) -> list[MonthOnly]:
    """Every month-and-year with no day in ``text`` ("June 2026"), in order. A full date
    ("3 June 2026", "June 3, 2026") is not one, nor "may 2026" in lower case (the verb)."""
    if not any(map(str.isdigit, text)):
        return []
    found = []
    for m in MONTH_YEAR_RE.finditer(text):
        if m.group("mon") == "may" or _DAY_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        month = MONTHS[m.group("mon").lower()]
        found.append(MonthOnly(m.start(), m.end(), m.group(0), f"{m.group('y')}-{month:02d}"))
    return found


def parse_date(text: str) -> dt.date | None:
    """The one date ``text`` holds (an option or sidecar value), strictly, or None."""
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    text = str(text).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    dates = [d for d in find_dates(text) if d.date is not None and d.year_stated]
    return dates[0].date if len(dates) == 1 else None


def parse_when(text) -> str | None:
    """An option/sidecar date value as the ISO string facts use ("2026-01-30[T15:00]")."""
    if isinstance(text, dt.datetime):
        return (
            text.strftime("%Y-%m-%dT%H:%M") if text.time() != dt.time() else text.date().isoformat()
        )
    if isinstance(text, dt.date):
        return text.isoformat()
    text = str(text).strip()
    m = re.fullmatch(r"((?:19|20)\d\d-\d\d-\d\d)(?:[T ](\d\d):(\d\d)(?::\d\d)?)?", text)
    if m:
        try:
            dt.date.fromisoformat(m.group(1))
        except ValueError:
            return None
        return m.group(1) + (f"T{m.group(2)}:{m.group(3)}" if m.group(2) else "")
    dates = [d for d in find_dates(text) if d.date is not None and d.year_stated]
    return dates[0].iso if len(dates) == 1 else None


def as_date(value) -> dt.date | None:
    """A fact value (ISO string, date or datetime) as a date."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


# --- working days -------------------------------------------------------------------------------

REGIONS = {
    "ENG": "ENG", "ENGLAND": "ENG", "E&W": "ENG", "EW": "ENG", "WLS": "ENG", "WALES": "ENG",
    "GB": "ENG", "UK": "ENG", "SCT": "SCT", "SCOTLAND": "SCT", "NIR": "NIR", "NI": "NIR",
    "NORTHERN IRELAND": "NIR", "NORTHERN-IRELAND": "NIR",
}  # fmt: skip


def normalise_region(region: str | None) -> str:
    """ "ENG" (England & Wales, the default), "SCT" or "NIR"; ValueError for anything else."""
    if not region:
        return "ENG"
    key = str(region).strip().upper()
    if key not in REGIONS:
        raise ValueError(f"unknown region {region!r}: use ENG, SCT or NIR")
    return REGIONS[key]


@functools.lru_cache(maxsize=64)
def _holidays(region: str, year: int) -> frozenset[dt.date]:
    import holidays

    return frozenset(holidays.country_holidays("GB", subdiv=region, years=year).keys())


def public_holidays(start: dt.date, end: dt.date, region: str | None = "ENG") -> dict[dt.date, str]:
    """Public holidays (date -> name) from ``start`` to ``end`` inclusive."""
    import holidays

    sub = normalise_region(region)
    years = list(range(start.year, end.year + 1))
    cal = holidays.country_holidays("GB", subdiv=sub, years=years)
    return {d: cal[d] for d in sorted(cal) if start <= d <= end}


def _is_holiday(day: dt.date, region: str) -> bool:
    return day in _holidays(region, day.year)


def working_days_between(start: dt.date, end: dt.date, region: str | None = "ENG") -> int:
    """Working days after ``start`` up to and including ``end`` (Mon–Fri, less public holidays).

    The day of issue does not count and the deadline day does, so an ITT issued on a Friday with
    a deadline the next Friday has 5 working days. Zero when ``end`` is not after ``start``.
    """
    sub = normalise_region(region)
    start, end = as_date(start), as_date(end)
    count = 0
    day = start + dt.timedelta(days=1)
    while day <= end:
        if day.weekday() < 5 and not _is_holiday(day, sub):
            count += 1
        day += dt.timedelta(days=1)
    return count


def holiday_working_days_lost(
    start: dt.date, end: dt.date, region: str | None = "ENG"
) -> list[dt.date]:
    """Weekdays after ``start`` up to ``end`` that public holidays take out of the window."""
    sub = normalise_region(region)
    start, end = as_date(start), as_date(end)
    lost = []
    day = start + dt.timedelta(days=1)
    while day <= end:
        if day.weekday() < 5 and _is_holiday(day, sub):
            lost.append(day)
        day += dt.timedelta(days=1)
    return lost


def calendar_days_between(start: dt.date, end: dt.date) -> int:
    """Calendar days from the day after ``start`` to ``end`` inclusive."""
    return (as_date(end) - as_date(start)).days
