"""The sources rules cite, as data (``tendercheck/data/sources.yaml``): which forms are plain
(a law, a policy note, a published guide a reader can look up), their kind and full title.

The References section groups a report's sources with it; the tests hold every built-in rule's
``source`` to it, so none cites internal words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tendercheck import lazyre


@dataclass(frozen=True)
class SourceForm:
    pattern: re.Pattern[str]
    kind: str  # "law", "policy" or "guidance"
    title: str
    url: str = ""


@dataclass(frozen=True)
class Sources:
    forms: tuple[SourceForm, ...]
    internal_words: tuple[str, ...]


@cache
def known_sources() -> Sources:
    from tendercheck.data import data_yaml

    data = data_yaml("sources.yaml")
    section = data["section"]
    forms = tuple(
        SourceForm(
            re.compile(item["pattern"].replace("{section}", section)),
            item["kind"],
            " ".join(str(item["title"]).split()),
            item.get("url", ""),
        )
        for item in data["forms"]
    )
    return Sources(forms, tuple(data["internal_words"]))


def split_sources(text: str) -> list[str]:
    """'PA23 s.54; LGA supplier guidance (a; b)' -> ['PA23 s.54', 'LGA supplier guidance (a; b)']:
    a semicolon inside brackets does not split."""
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == ";" and depth <= 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [" ".join(p.split()) for p in [*parts, current] if p.strip()]


_NOTE = lazyre.compile(r"^(?P<name>.*?)(?: \((?P<note>[^()]*(?:\([^()]*\)[^()]*)*)\))?$")


def source_form(part: str) -> SourceForm | None:
    """The known form one cited source is (its note in brackets aside), or None."""
    sources = known_sources()
    for candidate in _names(part):
        for form in sources.forms:
            if form.pattern.fullmatch(candidate):
                return form
    return None


def _names(part: str) -> list[str]:
    """The source with its trailing note in brackets taken off, and whole (a name may end in
    brackets of its own: "Lloyds Bank Foundation "Commissioning in Crisis" (2016)")."""
    match = _NOTE.match(part)
    names = [part]
    if match and match.group("note") is not None:
        names.insert(0, match.group("name"))
    return names


def internal_words_in(text: str) -> list[str]:
    """The internal words (data) found in a source, notes included."""
    lowered = text.casefold()
    return [
        w
        for w in known_sources().internal_words
        if re.search(rf"(?<!\w){re.escape(w.casefold())}(?!\w)", lowered)
    ]


def source_problems(text: str) -> list[str]:
    """Why a rule's ``source`` is not plain: each part that is no known form, and each internal
    word; [] for a plain source."""
    problems = []
    parts = split_sources(text)
    if not parts:
        return ["no source given"]
    for part in parts:
        if source_form(part) is None:
            problems.append(f"{part!r} is not a known law, policy note or published guide")
        problems += [f"{part!r} says {w!r}" for w in internal_words_in(part)]
    return problems
