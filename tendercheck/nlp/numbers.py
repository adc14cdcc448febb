"""Number words ("three", "twenty-four") and their values: the one table the extractors and the
bidder checks read counts, limits and durations with.
"""

from __future__ import annotations

from collections.abc import Iterable

_ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen")  # fmt: skip
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

# Every number word from one to ninety-nine, a compound both hyphened and spaced
# ("twenty-one", "twenty one").
NUMBER_WORDS: dict[str, int] = {w: i + 1 for i, w in enumerate(_ONES)}
NUMBER_WORDS |= {w: i + 10 for i, w in enumerate(_TEENS)}
for _t, _tens in enumerate(_TENS):
    NUMBER_WORDS[_tens] = 20 + 10 * _t
    for _u, _one in enumerate(_ONES):
        NUMBER_WORDS[f"{_tens}-{_one}"] = NUMBER_WORDS[f"{_tens} {_one}"] = 21 + 10 * _t + _u


def words_pattern(words: Iterable[str]) -> str:
    """A regular-expression alternation of ``words``, longest first ("forty-five" before "forty")."""
    return "|".join(sorted(words, key=len, reverse=True))


# Any of NUMBER_WORDS as one pattern, built by its parts rather than as 170 alternatives: a tens
# word with an optional unit after a hyphen or a space, a teen, a unit ("seventeen" before
# "seven"). No groups, no flags: callers add IGNORECASE.
WORDS = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(_ONES) + r")\b)?"
    r"|" + words_pattern(_TEENS) + "|" + words_pattern(_ONES) + ")"
)

# Counts of years, days and references as the extractors read them: figures up to 999 and the
# number words from one to ninety-nine.
NUM = r"(?:\d{1,3}|" + WORDS + r")"


def to_number(text: str) -> int | None:
    """The value of a figure or a number word ("3", "three", "twenty-one"); None for anything
    else."""
    text = " ".join(text.lower().split())
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


# Every single number word up to ninety: NUMBER_WORDS' one-word entries, and zero.
_UNITS = {w: n for w, n in NUMBER_WORDS.items() if w.isalpha()} | {"zero": 0}
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
