"""Text helpers shared by the .docx and .odt readers: spaces, list labels, table text."""

from __future__ import annotations

from tendercheck import lazyre

_SPACES = lazyre.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")

BULLET = "•"

# Numbers in Office XML (counts, levels, spans, sizes) are 32-bit (ST_DecimalNumber, xsd:int):
# anything else, such as "inf", "1e999", 5,000 digits or "²" (a digit to str.isdigit, not to
# int), is read as absent rather than trusted.
XML_INT_MAX = 2**31 - 1
_XML_NUMBER = lazyre.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?")


def xml_int(value: str | None, default: int | None = None) -> int | None:
    """An integer from an XML attribute or element ("12", " 12 ", "12.0" -> 12), else default.

    Only ASCII digits count, and only values within 32 bits. A document repeats a few hundred
    distinct values (sizes, spacings, levels) some hundred thousand times, so each value's
    answer is remembered (see _XML_INTS)."""
    if value is None:
        return default
    try:
        number = _XML_INTS[value]
    except KeyError:
        number = _parse_xml_int(value)
        if len(_XML_INTS) >= _XML_INTS_KEEP:
            _XML_INTS.clear()
        _XML_INTS[value] = number
    return default if number is None else number


_XML_INTS: dict[str, int | None] = {}  # attribute text -> its number, None when not one
_XML_INTS_KEEP = 10_000


def _parse_xml_int(value: str) -> int | None:
    text = value.strip()
    if len(text) > 40 or not _XML_NUMBER.fullmatch(text):
        return None
    number = float(text)
    if not -XML_INT_MAX <= number <= XML_INT_MAX:  # also rules out inf
        return None
    return round(number)


def xml_count(value: str | None, default: int | None = None) -> int | None:
    """A non-negative integer (a count, a level, a span) from XML, else default."""
    number = xml_int(value)
    return number if number is not None and number >= 0 else default


def squeeze(raw: str) -> str:
    """Collapse runs of spaces and tabs, keeping every line (for measuring height)."""
    return _SPACES.sub(" ", raw).strip(" ")


def clean_text(raw: str) -> str:
    """Collapse runs of spaces and tabs, keep line breaks (without empty lines), strip."""
    if "\n" not in raw:
        return _SPACES.sub(" ", raw).strip()
    lines = (_SPACES.sub(" ", line).strip() for line in raw.split("\n"))
    return "\n".join(line for line in lines if line)


def table_text(rows: list[list[str]]) -> str:
    lines = (" | ".join(c.replace("\n", " ") for c in row if c) for row in rows)
    return "\n".join(line for line in lines if line)


def first_given(values):
    for v in values:
        if v is not None:
            return v
    return None


_ROMAN = [
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
]  # fmt: skip


def format_number(value: int, fmt: str) -> str:
    """A list counter in one of Word's number formats (unknown formats fall back to decimal)."""
    if fmt in ("lowerLetter", "upperLetter"):
        if not 0 < value <= 780:  # "zz...": Word repeats the letter, at most 30 times here
            return str(value)
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        if not 0 < value < 4000:
            return str(value)
        out, n = "", value
        for amount, numeral in _ROMAN:
            while n >= amount:
                out += numeral
                n -= amount
        return out.upper() if fmt == "upperRoman" else out
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "ordinal":
        tens = 10 <= value % 100 <= 20
        suffix = "th" if tens else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        return f"{value}{suffix}"
    if fmt in ("none", "bullet"):
        return ""
    return str(value)
