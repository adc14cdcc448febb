"""Phrase patterns from a rule's options: one case-insensitive regex for a list, and the sentences
of the pack that match it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tendercheck.engine.context import CheckContext
from tendercheck.nlp.model import Analysis, Evidence, Sentence


def compile_any(patterns: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of ``patterns``."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


def first_match(analysis: Analysis, pattern: re.Pattern[str]) -> Evidence | None:
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
