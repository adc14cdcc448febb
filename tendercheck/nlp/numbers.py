"""Number words ("three", "twenty-four") and their values: the one table the extractors and the
bidder checks read counts, limits and durations with.
"""

from __future__ import annotations

from collections.abc import Iterable

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "twenty-four": 24,
    "twenty four": 24,
    "thirty": 30,
    "thirty-six": 36,
    "thirty six": 36,
    "forty": 40,
    "forty-five": 45,
    "forty-eight": 48,
    "forty eight": 48,
    "sixty": 60,
    "ninety": 90,
}


def words_pattern(words: Iterable[str]) -> str:
    """A regular-expression alternation of ``words``, longest first ("forty-five" before "forty")."""
    return "|".join(sorted(words, key=len, reverse=True))


# Counts of years, days and references as the supplier and terms extractors read them: figures
# up to 999 and the words for 1-12, 15, 20, 30, 40, 45, 60 and 90.
NUM = (
    r"(?:\d{1,3}|"
    + words_pattern(
        w for w, n in NUMBER_WORDS.items() if n <= 12 or n in (15, 20, 30, 40, 45, 60, 90)
    )
    + r")"
)


def to_number(text: str) -> int | None:
    """The value of a figure or a number word ("3", "three"); None for anything else."""
    text = text.lower().strip()
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


# Every single number word up to ninety: NUMBER_WORDS' one-word entries and the rest.
_UNITS = {w: n for w, n in NUMBER_WORDS.items() if w.isalpha()} | {
    "zero": 0, "fifty": 50, "seventy": 70, "eighty": 80,
}  # fmt: skip
_SCALE_WORDS = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}


def words_value(text: str) -> int | None:
    """The value of a number written out in words ("one hundred and twenty thousand",
    "sixty-five million"); None when any word is not part of a number."""
    words = text.lower().replace("-", " ").replace(",", " ").split()
    if not words:
        return None
    total = current = 0
    seen = False
    for word in words:
        if word == "and" and seen:
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word == "hundred" and seen:
            current = (current or 1) * 100
        elif word in _SCALE_WORDS and seen:
            total += (current or 1) * _SCALE_WORDS[word]
            current = 0
        else:
            return None
        seen = True
    return total + current
