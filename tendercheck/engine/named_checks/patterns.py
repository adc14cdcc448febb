"""Phrase patterns from a rule's options: one case-insensitive regex for a list, and the sentences
of the pack that match it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from tendercheck.engine.context import CheckContext
from tendercheck.nlp.model import Analysis, Evidence, Sentence
from tendercheck.nlp.prefilter import Prefiltered, compile_filtered


def compile_any(patterns: Iterable[str]) -> re.Pattern[str] | Prefiltered:
    """One case-insensitive pattern matching any of ``patterns``; it runs only on sentences
    holding one of the words every match needs (the rule packs' phrase lists are run over every
    sentence of the pack, most of which hold none of them)."""
    return _compile_any(tuple(patterns))


@functools.lru_cache(maxsize=1024)
def _compile_any(patterns: tuple[str, ...]) -> re.Pattern[str] | Prefiltered:
    return compile_filtered("|".join(f"(?:{p})" for p in patterns), re.I)


def first_match(analysis: Analysis, pattern: re.Pattern[str] | Prefiltered) -> Evidence | None:
    """Where the first sentence of the pack matching ``pattern`` is, or None."""
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
    return [s for s in pool if found.search(s.text) and not (skip and skip.search(s.text))]
