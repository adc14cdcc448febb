"""Phrase patterns from a rule's options: one case-insensitive regex for a list, and the sentences
of the pack that match it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from tendercheck.engine.context import CheckContext
from tendercheck.nlp.model import Analysis, Evidence, Sentence
from tendercheck.nlp.prefilter import Prefiltered, TextIndex, compile_filtered


def compile_any(patterns: Iterable[str]) -> re.Pattern[str] | Prefiltered:
    """One case-insensitive pattern matching any of ``patterns``; it runs only on sentences
    holding one of the words every match needs (the rule packs' phrase lists are run over every
    sentence of the pack, most of which hold none of them)."""
    return _compile_any(tuple(patterns))


@functools.lru_cache(maxsize=1024)
def _compile_any(patterns: tuple[str, ...]) -> re.Pattern[str] | Prefiltered:
    return compile_filtered("|".join(f"(?:{p})" for p in patterns), re.I)


# The index of the sentence list last searched: the rules search the same list (the pack's
# sentences) one after another. Kept with the list itself, so it is rebuilt for another list.
_LAST: list = [None, None, 0]
INDEX_FROM = 200  # below this many sentences, searching each is as quick as building an index


def _index(pool: list[Sentence]) -> TextIndex:
    if _LAST[0] is not pool or _LAST[2] != len(pool):
        _LAST[:] = [pool, TextIndex([s.text for s in pool]), len(pool)]
    return _LAST[1]


def matching(pool: list[Sentence], pattern: re.Pattern[str] | Prefiltered) -> list[Sentence]:
    """The sentences of ``pool`` that ``pattern`` finds something in, in order."""
    if len(pool) < INDEX_FROM or not isinstance(pattern, Prefiltered):
        return [s for s in pool if pattern.search(s.text)]
    return [pool[i] for i in _index(pool).matching(pattern)]


def first_match(analysis: Analysis, pattern: re.Pattern[str] | Prefiltered) -> Evidence | None:
    """Where the first sentence of the pack matching ``pattern`` is, or None."""
    if len(analysis.sentences) >= INDEX_FROM and isinstance(pattern, Prefiltered):
        found = matching(analysis.sentences, pattern)
        return found[0].evidence() if found else None
    for sentence in analysis.sentences:
        if pattern.search(sentence.text):
            return sentence.evidence()
    return None


def mentions(
    ctx: CheckContext,
    patterns: Iterable[str],
    unless: Iterable[str] = (),
    sentences: list[Sentence] | None = None,
) -> list[Sentence]:
    """Sentences matching any pattern (case-insensitive) and no ``unless`` pattern."""
    patterns = list(patterns or [])
    if not patterns:
        return []
    found = compile_any(patterns)
    unless = list(unless or [])
    skip = compile_any(unless) if unless else None
    pool = ctx.analysis.sentences if sentences is None else sentences
    return [s for s in matching(pool, found) if not (skip and skip.search(s.text))]
