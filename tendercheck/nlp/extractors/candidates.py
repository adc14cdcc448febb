"""Scanning helpers the sentence-by-sentence extractors (supplier, terms) share: candidate facts
with confidence and evidence (Found), quotes, neighbouring sentences, and the filters for worked
examples, guidance to buyers, conditional wording and demand verbs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from tendercheck import lazyre
from tendercheck.nlp.model import Evidence, Fact, Sentence
from tendercheck.nlp.prefilter import Remembered, compile_filtered

# Worked examples and illustrations: their figures are never the tender's own. This filter and
# the next are asked of each sentence by many extractors: the answer is remembered per text.
EXAMPLE_RE = Remembered(
    lazyre.lazy(
        compile_filtered,
        r"\b(?:for example|for instance|e\.g\.|eg\b|example:|worked example|by way of example"
        r"|illustrat(?:ion|ive))",
        re.IGNORECASE,
    )
)
# Guidance to buyers or statements of the law ("must not exceed", "cannot be set at").
GUIDANCE_RE = Remembered(
    lazyre.lazy(
        compile_filtered,
        r"\b(?:cannot|can ?not|must not|should not|may not|shall not|not be set|not exceed|"
        r"duly justified|it is not appropriate|you should allow|you may ask|you may request|"
        r"you may choose|you may use|buyers? (?:should|must|may))\b",
        re.IGNORECASE,
    )
)
CONDITIONAL_RE = lazyre.compile(
    r"\((?:if|where) (?:applicable|used|relevant)\)|\bif applicable\b", re.IGNORECASE
)
DEMAND_VERB = lazyre.compile(
    r"\b(?:must|shall|please|required to|are required|is required|will be required|need to|"
    r"provide|submit|upload|attach|enclose|include|a copy of|link to)\b",
    re.IGNORECASE,
)


def phrase_regex(phrase: str) -> str:
    out = []
    for ch in phrase:
        if ch in "'’":
            out.append("['’]?")
        elif ch == " ":
            out.append(r"\s+")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def quote_of(
    sentence: Sentence, start: int = 0, end: int | None = None, limit: int = 300
) -> Evidence:
    """Evidence quoting the sentence, or a window around [start, end) when it is long."""
    text = sentence.text
    if len(text) <= limit:
        return sentence.evidence(text, 0)
    end = start if end is None else end
    lo = max(0, min(start, len(text)) - 100)
    hi = min(len(text), max(end, lo) + 180)
    # widen to word boundaries
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return sentence.evidence(text[lo:hi].strip(), lo)


def sentence_windows(
    sentences: list[Sentence], i: int, before: int = 1, after: int = 1
) -> list[Sentence]:
    """Neighbouring sentences of the same document."""
    doc = sentences[i].doc_index
    lo, hi = max(0, i - before), min(len(sentences), i + after + 1)
    return [s for s in sentences[lo:hi] if s.doc_index == doc]


@dataclass
class Found:
    """Candidates for one fact while scanning: value, confidence and evidence."""

    items: list[tuple[object, float, Evidence]] = field(default_factory=list)

    def add(self, value: object, confidence: float, evidence: Evidence) -> None:
        self.items.append((value, confidence, evidence))

    def __bool__(self) -> bool:
        return bool(self.items)

    def facts(self, name: str, limit: int = 8) -> Iterator[Fact]:
        """One candidate per distinct value (strongest first), up to ``limit``."""
        by_value: dict[str, tuple[object, float, list[Evidence]]] = {}
        for value, conf, ev in self.items:
            key = repr(value)
            if key in by_value:
                v, c, evs = by_value[key]
                if len(evs) < 3:
                    evs.append(ev)
                by_value[key] = (v, max(c, conf), evs)
            else:
                by_value[key] = (value, conf, [ev])
        for value, conf, evs in list(by_value.values())[:limit]:
            yield Fact(name, value, evidence=evs, confidence=conf, placeholder=value is None)

    def best_bool(self, name: str, prefer: bool = True) -> Iterator[Fact]:
        """A single boolean: ``prefer`` wins when any candidate has it.

        A None value (the document says "TBC") is reported as a placeholder only when nothing
        else was found.
        """
        real = [it for it in self.items if it[0] is not None]
        chosen = [it for it in real if it[0] is prefer] or real or self.items
        if not chosen:
            return
        conf = max(c for _, c, _ in chosen)
        value = chosen[0][0]
        yield Fact(
            name,
            value,
            evidence=[e for _, _, e in chosen[:3]],
            confidence=conf,
            placeholder=value is None,
        )
