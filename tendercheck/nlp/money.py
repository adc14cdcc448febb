"""Money amounts in UK tender prose: "£1.2m", "£45,000 per annum", "£250k", "1,500,000 GBP",
"£10 million", "ex VAT", and placeholders such as "£xxx" or "£[insert value]".

Plain regular expressions over text (faster than token patterns), returning spans so callers can
quote the evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tendercheck import lazyre
from tendercheck.nlp.numbers import words_value

_NUM = r"\d{1,3}(?:[,\s]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# "milion" and "GPB": misspellings buyers make of "million" and "GBP"
_SCALE = r"(?:\s?(?:mill?ion|mill?\.?|mn|m|bn|billion|b|thousand|k)\b)"
_GBP = r"(?:GBP|GPB)"
_PER = (
    r"(?:\s*(?:per|a|each|/|p\.?\s?)\s*(?P<per>annum|year|yr|a\b|month|mth|week|wk|day|hour|hr)\b"
    r"|\s*(?P<pa>p\.?a\.?)(?=\W|$))"
)
_VAT = r"(?:\s*\(?\s*(?P<vat>ex(?:cluding|cl\.?|\.)?|exclusive of|inc(?:luding|l\.?|\.)?|inclusive of|plus|\+)\s*VAT\)?)"

MONEY_RE = lazyre.compile(
    rf"(?:£\s?(?P<num1>{_NUM})(?P<scale1>{_SCALE})?"
    rf"|(?P<num2>{_NUM})(?P<scale2>{_SCALE})?\s?(?:{_GBP}|pounds(?: sterling)?)\b"
    rf"|{_GBP}\s?(?P<num3>{_NUM})(?P<scale3>{_SCALE})?)"
    rf"(?:{_PER})?(?:{_VAT})?",
    re.IGNORECASE,
)

# "£xxx", "£XX,XXX", "£x", "£[insert]", "£ [ ]", "£...", "£___", "£TBC"
PLACEHOLDER_MONEY_RE = lazyre.compile(
    r"£\s?(?:[xX]{2,}(?:[,.][xX]+)*|[xX](?![A-Za-z0-9])|\[[^\]]{0,40}\]|\.{3,}|…+|_{2,}|TBC|TBA"
    r"|\(\s*\))",
)

_SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mil": 1e6,
    "mill": 1e6,
    "million": 1e6,
    "milion": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}
_PERIODS = {
    "annum": "year",
    "year": "year",
    "yr": "year",
    "a": "year",
    "month": "month",
    "mth": "month",
    "week": "week",
    "wk": "week",
    "day": "day",
    "hour": "hour",
    "hr": "hour",
}


@dataclass(frozen=True)
class Money:
    value: float | None  # pounds; None for a placeholder
    start: int
    end: int
    text: str
    per: str | None = None  # year | month | week | day | hour
    vat: str | None = None  # "ex" | "inc"
    placeholder: bool = False

    @property
    def annual(self) -> float | None:
        """The yearly equivalent when the amount is stated per period."""
        if self.value is None or self.per is None:
            return None
        factor = {"year": 1, "month": 12, "week": 52, "day": 260, "hour": 1950}[self.per]
        return self.value * factor


def parse_number(text: str) -> float:
    return float(re.sub(r"[,\s]", "", text))


# Thousands grouped wrongly, after the figure read: "£120,00", "£1,2000" ("£1,200" and
# "£1,200,000" are read whole, so they never leave such a tail)
_MALFORMED_TAIL = lazyre.compile(r",(?:\d{1,2}|\d{4,})(?![\d,])")
_WORDS_GLOSS = lazyre.compile(
    r"\s*\(\s*(?P<w>[A-Za-z][A-Za-z\s,-]{2,80}?)\s*(?:pounds?(?:\s+sterling)?)?\s*(?:only\s*)?\)"
)


def find_money(text: str) -> list[Money]:
    """All amounts and money placeholders in ``text``, in order."""
    found: list[Money] = []
    for m in MONEY_RE.finditer(text):
        num = m.group("num1") or m.group("num2") or m.group("num3")
        scale = (m.group("scale1") or m.group("scale2") or m.group("scale3") or "").strip()
        scale = scale.lower().rstrip(".")
        try:
            value = parse_number(num) * _SCALES.get(scale, 1.0)
        except ValueError:
            continue
        per = None
        if m.group("per"):
            per = _PERIODS.get(m.group("per").lower())
        elif m.group("pa"):
            per = "year"
        vat = None
        if m.group("vat"):
            vat = "ex" if m.group("vat").lower().startswith(("ex", "plus", "+")) else "inc"
        tail = _MALFORMED_TAIL.match(text, m.end())
        if tail:
            # "£120,00 (one hundred and twenty thousand pounds)": a figure whose thousands are
            # grouped wrongly is read from the words that state it beside it, or not at all
            gloss = _WORDS_GLOSS.match(text, tail.end())
            value = float(words_value(gloss.group("w")) or 0) if gloss else None
            if not value:
                continue
        found.append(Money(value, m.start(), m.end(), m.group(0).strip(), per, vat))
    for m in PLACEHOLDER_MONEY_RE.finditer(text):
        if not any(f.start <= m.start() < f.end for f in found):
            found.append(Money(None, m.start(), m.end(), m.group(0), placeholder=True))
    found.sort(key=lambda f: f.start)
    return found


def format_pounds(value: float) -> str:
    """£1,250,000 / £45,000 / £1.5m style for messages."""
    if value >= 1e6 and value % 1e5 == 0:
        millions = value / 1e6
        return f"£{millions:g}m"
    if value == int(value):
        return f"£{int(value):,}"
    return f"£{value:,.2f}"
