"""A literal pre-filter for the regular expressions run over every sentence.

Most sentences of a pack match none of a given pattern, yet Python's ``re`` walks each one
position by position, trying every alternative (case-insensitively): with ~40 such patterns
that was most of the extractors' time. From a pattern's parse this module derives words at
least one of which must occur in any match ("threshold", "works"|"construction"|...), and
:class:`Prefiltered` runs the pattern only on texts holding one of them, found with ``in`` on
the lower-cased text (a fast substring search). Where no such words can be derived (a pattern
starting with a character class, an optional part only, ...) the pattern always runs.

It is exact, never a guess: a text without any of the words cannot match (see
:func:`required_literals` for why case-folding keeps this true), so results are the same with
and without the pre-filter (tests/test_speed_paths.py checks every pre-filtered pattern over
the fixture packs).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator

try:  # the parser behind re.compile: re._parser from Python 3.11, sre_parse before
    import re._parser as _sre  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre  # type: ignore[no-redef]

_C = _sre  # opcodes are importable from the parser module in both versions
_LITERAL, _IN, _SUBPATTERN, _BRANCH = _C.LITERAL, _C.IN, _C.SUBPATTERN, _C.BRANCH
_REPEATS = {_C.MAX_REPEAT, _C.MIN_REPEAT} | (
    {_C.POSSESSIVE_REPEAT} if hasattr(_C, "POSSESSIVE_REPEAT") else set()
)
_ATOMIC = getattr(_C, "ATOMIC_GROUP", None)

MIN_LENGTH = 2  # a single letter is in nearly every sentence: not worth a check


def _selective(word: str) -> bool:
    """Worth a check: two characters or more, or one sign ("%", "£"), not a space."""
    return len(word) >= MIN_LENGTH or not (word.isalnum() or word.isspace())


# Characters that match an ASCII letter case-insensitively although their own lower case is
# not that letter (re's case-folding: dotted and dotless i, long s; the Kelvin sign lowers to k).
_FOLDED = ("\u0130", "\u0131", "\u017f")
_FOLD = str.maketrans(dict(zip(_FOLDED, "iis", strict=True)))


def fold(text: str) -> str:
    """The text as the pre-filter compares it: lower-cased, with the few non-ASCII letters that
    ``re`` matches case-insensitively to an ASCII letter turned into that letter."""
    if text.isascii() or not any(map(text.__contains__, _FOLDED)):
        return text.lower()
    return text.translate(_FOLD).lower()


LITERALS_FILE = "required_literals.json"  # written by bench/tools/required_literals.py


def literals_key(pattern: re.Pattern[str]) -> str:
    """A pattern's key in the table of known required words: its flags and its source."""
    return f"{pattern.flags}:{pattern.pattern}"


@functools.cache
def _known() -> dict[str, list[str] | None]:
    from tendercheck.data import data_json

    try:
        return data_json(LITERALS_FILE)
    except (OSError, ValueError):  # pragma: no cover - a broken install: derive them all
        return {}


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case ASCII words, one of which occurs (folded) in any text the pattern matches, or
    None when no such words of at least MIN_LENGTH characters can be derived.

    The words of the patterns tendercheck ships are read from a table written ahead of time
    (tendercheck/data/required_literals.json, keyed by flags and source), so that those patterns
    are not parsed a second time at start-up; any other pattern is parsed here."""
    if not isinstance(pattern.pattern, str):
        return None
    known = _known()
    key = literals_key(pattern)
    if key in known:
        words = known[key]
        return None if words is None else frozenset(words)
    return parse_literals(pattern)


def parse_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """:func:`required_literals` derived from the pattern's parse.

    Only ASCII letters are taken as literals: for them ``re``'s case-insensitive comparison is
    lower-case equality, except for the characters ``fold`` maps. Whatever is not understood
    (classes, optional parts, look-arounds, back-references) contributes nothing, so the words
    are always required, never merely likely."""
    if not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = _sre.parse(pattern.pattern, pattern.flags)
    except Exception:  # pragma: no cover - re.compile already parsed it
        return None
    found = _sequence(list(parsed))
    if not found or not all(map(_selective, found)):
        return None
    # a word holding another of the words adds nothing: where it occurs, so does the other
    return frozenset(w for w in found if not any(o != w and o in w for o in found))


def _sequence(items: list) -> frozenset[str] | None:
    """The best required set of a sequence of items: its longest literal run, or a required
    set of one of its parts, whichever has the longer shortest word (then the fewer words)."""
    candidates: list[frozenset[str]] = []
    run = ""
    for op, arg in items:
        char = _literal_char(op, arg)
        if char is not None:
            run += char
            continue
        if run:
            candidates.append(frozenset([run]))
            run = ""
        part = _item(op, arg)
        if part:
            candidates.append(part)
    if run:
        candidates.append(frozenset([run]))
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)))


def _literal_char(op, arg) -> str | None:
    """The lower-case ASCII character an item always matches (or a non-ASCII sign without case,
    such as "£"), else None."""
    if op is _LITERAL:
        char = chr(arg)
        if char.isascii():
            return char.lower()
        return char if unicodedata.category(char)[0] in "SPZN" and _caseless(char) else None
    if op is _IN and arg and all(o is _LITERAL for o, _ in arg):
        chars = {chr(c) for _, c in arg}
        lowered = {c.lower() for c in chars}
        if len(lowered) == 1 and all(c.isascii() for c in chars):
            return lowered.pop()  # [Ss]: one letter in either case
    return None


def _item(op, arg) -> frozenset[str] | None:
    if op is _SUBPATTERN:
        return _sequence(list(arg[-1]))
    if op is _BRANCH:
        union: set[str] = set()
        for branch in arg[1]:
            part = _sequence(list(branch))
            if not part:
                return None  # one alternative without a required word: nothing is required
            union |= part
        return frozenset(union)
    if op in _REPEATS:
        low, _high, body = arg
        return _sequence(list(body)) if low >= 1 else None
    if _ATOMIC is not None and op is _ATOMIC:
        return _sequence(list(arg))
    return None


def _caseless(char: str) -> bool:
    """No other character matches it case-insensitively, and folding leaves it alone."""
    return char.lower() == char == char.upper() and char.casefold() == char


_FOLDINGS: dict[str, str] = {}  # texts folded lately: several patterns run over each sentence
_KEEP = 50_000


def _folded(text: str) -> str:
    low = _FOLDINGS.get(text)
    if low is None:
        if len(_FOLDINGS) >= _KEEP:
            _FOLDINGS.clear()
        low = _FOLDINGS[text] = fold(text)
    return low


class Prefiltered:
    """A compiled pattern that is run only on texts holding one of its required words; the
    same answers as the pattern itself. Anything else is passed to the pattern."""

    __slots__ = ("literals", "pattern")

    def __init__(self, pattern: re.Pattern[str]):
        self.pattern = pattern
        self.literals = required_literals(pattern)

    def may_match(self, text: str) -> bool:
        literals = self.literals
        if literals is None:
            return True
        return any(map(_folded(text).__contains__, literals))

    def search(self, text: str, *args) -> re.Match[str] | None:
        return self.pattern.search(text, *args) if self.may_match(text) else None

    def match(self, text: str, *args) -> re.Match[str] | None:
        return self.pattern.match(text, *args) if self.may_match(text) else None

    def fullmatch(self, text: str, *args) -> re.Match[str] | None:
        return self.pattern.fullmatch(text, *args) if self.may_match(text) else None

    def finditer(self, text: str, *args) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text, *args) if self.may_match(text) else iter(())

    def findall(self, text: str, *args) -> list:
        return self.pattern.findall(text, *args) if self.may_match(text) else []

    def __getattr__(self, name: str):
        return getattr(self.pattern, name)  # sub, split, groupindex, flags, pattern, ...

    def __repr__(self) -> str:
        return f"Prefiltered({self.pattern!r}, {sorted(self.literals or ())})"


class TextIndex:
    """Many texts (a pack's sentences), folded and joined into one string, so that a pattern's
    required words are looked for with one fast substring scan over all of them instead of text
    by text: for the rule checks that run a phrase list over every sentence of the pack.
    ``matching`` gives exactly the texts the pattern's ``search`` finds, in order."""

    __slots__ = ("_joined", "_starts", "texts")

    SEPARATOR = "\x00"  # in no required word, so no word found can span two texts

    def __init__(self, texts: list[str]):
        self.texts = texts
        folded = [_folded(text) for text in texts]
        self._joined = self.SEPARATOR.join(folded)
        starts, at = [], 0
        for low in folded:
            starts.append(at)
            at += len(low) + 1
        self._starts = starts

    def holding(self, words: frozenset[str]) -> list[int]:
        """The indexes of the texts holding any of the words (folded), in order."""
        joined, starts, count = self._joined, self._starts, len(self.texts)
        found: set[int] = set()
        for word in words:
            at = joined.find(word)
            while at >= 0:
                i = bisect_right(starts, at) - 1
                found.add(i)
                if i + 1 >= count:
                    break
                at = joined.find(word, starts[i + 1])  # the next text: one hit is enough
        return sorted(found)

    def matching(self, pattern: re.Pattern[str] | Prefiltered) -> list[int]:
        """The indexes of the texts the pattern's ``search`` finds something in, in order."""
        texts = self.texts
        literals = getattr(pattern, "literals", None)
        if literals is None or any(self.SEPARATOR in word for word in literals):
            return [i for i, text in enumerate(texts) if pattern.search(text)]
        search = pattern.pattern.search
        return [i for i in self.holding(literals) if search(texts[i])]


_REMEMBERING: list[Remembered] = []


def forget_answers() -> None:
    """Drop every remembered answer (tests that swap a pattern's behaviour call it)."""
    for pattern in _REMEMBERING:
        pattern.forget()


class Remembered:
    """A pattern whose ``search`` answer is remembered per text: for the shared filters (worked
    examples, guidance) that many extractors ask of the same sentence. The same answers as the
    pattern itself (a match object is read-only); a search with a position runs the pattern."""

    __slots__ = ("_answers", "pattern")

    def __init__(self, pattern: re.Pattern[str] | Prefiltered):
        self.pattern = pattern
        self._answers: dict[str, re.Match[str] | None] = {}
        _REMEMBERING.append(self)

    def forget(self) -> None:
        self._answers.clear()

    def search(self, text: str, *args) -> re.Match[str] | None:
        if args:
            return self.pattern.search(text, *args)
        answers = self._answers
        try:
            return answers[text]
        except KeyError:
            if len(answers) >= _KEEP:
                answers.clear()
            found = answers[text] = self.pattern.search(text)
            return found

    def __getattr__(self, name: str):
        return getattr(self.pattern, name)  # match, finditer, sub, flags, pattern, ...

    def __repr__(self) -> str:
        return f"Remembered({self.pattern!r})"


def prefiltered(pattern: re.Pattern[str]) -> Prefiltered | re.Pattern[str]:
    """The pattern with its pre-filter, or the pattern itself when it has no required words."""
    wrapped = Prefiltered(pattern)
    return wrapped if wrapped.literals is not None else pattern


def compile_filtered(pattern: str, flags: int = 0) -> Prefiltered | re.Pattern[str]:
    """``re.compile`` with the pre-filter where the pattern has required words."""
    return prefiltered(re.compile(pattern, flags))
