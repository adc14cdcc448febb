"""Where a named check's evidence comes from: the places a fact was read, and the sentence a
quoted item (a question, a demand, an outcome) was read from.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from tendercheck.engine.context import CheckContext
from tendercheck.engine.model import Outcome
from tendercheck.engine.named_checks.text import norm
from tendercheck.nlp.model import Analysis, Evidence, Fact


def fact_evidence(ctx: CheckContext, *names: str) -> list[Evidence]:
    """Where the facts were read; for a fact supplied by the user (no evidence of its own),
    where the documents state it, when they do."""
    out: list[Evidence] = []
    for name in names:
        fact = ctx.analysis.facts.get(name)
        if fact is None:
            continue
        found = list(fact.evidence)
        if not found:
            for other in ctx.analysis.candidates.get(name, []):
                if other.source == "document" and not other.placeholder:
                    found.extend(other.evidence)
        for ev in found:
            if ev not in out:
                out.append(ev)
    return out


def sentences_quoting(ctx: CheckContext, quotes: Iterable[str], limit: int = 10) -> list[Evidence]:
    """Evidence for quoted items: the first sentence holding each quote's first 60 characters
    as written (white space folded, case kept)."""
    out: list[Evidence] = []
    for quote in quotes:
        probe = " ".join(str(quote or "").split())[:60]
        if not probe:
            continue
        for sentence in ctx.analysis.sentences:
            if probe in " ".join(sentence.text.split()):
                ev = sentence.evidence()
                if ev not in out:
                    out.append(ev)
                break
        if len(out) >= limit:
            break
    return out


_NORM_CACHE: dict[int, tuple[Analysis, list[str]]] = {}


def _normed(analysis: Analysis) -> list[str]:
    cached = _NORM_CACHE.get(id(analysis))
    if cached is None or cached[0] is not analysis:
        _NORM_CACHE.clear()
        cached = (analysis, [norm(s.text) for s in analysis.sentences])
        _NORM_CACHE[id(analysis)] = cached
    return cached[1]


def quote_evidence(
    analysis: Analysis, quote: str, documents: Collection[int] = ()
) -> Evidence | None:
    """The location of a quoted item: the sentence that holds it (or that it holds), compared
    in lower case. ``documents``: the documents the item was read from (by index), searched
    first, so that a question's words are placed in its questionnaire, not in the first other
    document that repeats them (a scoring table in the instructions)."""
    probe = norm(quote)[:60]
    if not probe:
        return None
    if documents:
        found = _holding(analysis, probe, norm(quote), documents)
        if found is not None:
            return found
    return _holding(analysis, probe, norm(quote))


def _holding(
    analysis: Analysis, probe: str, whole: str, documents: Collection[int] = ()
) -> Evidence | None:
    def pairs():
        for sentence, text in zip(analysis.sentences, _normed(analysis), strict=True):
            if not documents or sentence.doc_index in documents:
                yield sentence, text

    for sentence, text in pairs():
        if probe in text:
            return sentence.evidence()
    for sentence, text in pairs():
        if len(text) >= 20 and text in whole:
            return sentence.evidence()
    return None


def item_evidence(
    analysis: Analysis, fact: Fact | None, quotes: Iterable[str], limit: int = 10
) -> list[Evidence]:
    """Evidence for quoted items of a list fact, falling back to the fact's own evidence."""
    out: list[Evidence] = []
    for quote in quotes:
        ev = quote_evidence(analysis, quote) if quote else None
        if ev is not None and ev not in out:
            out.append(ev)
        if len(out) >= limit:
            break
    if not out and fact is not None:
        out = list(fact.evidence[:limit])
    return out


def sentence_quote(analysis: Analysis, ev: Evidence) -> str:
    """The whole sentence an evidence span sits in (facts often quote only the matched words)."""
    for sentence in analysis.sentences:
        if (
            sentence.doc_index == ev.doc_index
            and sentence.block == ev.block
            and sentence.start <= ev.start < max(sentence.end, sentence.start + 1)
        ):
            return sentence.evidence().quote
    return ev.quote


def fail_at(ctx: CheckContext, evidence: list[Evidence] | None = None, **args: Any) -> Outcome:
    """A fail at ``evidence``, or where the rule's facts were read when there is none."""
    return Outcome("fail", evidence if evidence else ctx.evidence(), args=args)
