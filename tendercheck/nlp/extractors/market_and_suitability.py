"""Market engagement before the tender, and whether the buyer says the contract suits SMEs or
VCSEs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tendercheck.nlp.clauses import reads
from tendercheck.nlp.extractors import Context
from tendercheck.nlp.model import Fact, Sentence
from tendercheck.nlp.prefilter import compile_filtered

# Market engagement phrases are the entity ruler's MARKET_ENGAGEMENT patterns (nlp/vocabulary.py).
MARKET_NEGATIVE = re.compile(
    r"\bno (?:preliminary )?market engagement\b|\bhas not (?:carried out|"
    r"undertaken|conducted)",
    re.I,
)
SUITABLE_RE = compile_filtered(
    r"\bsuitab(?:le|ility)\b[^.]{0,60}\b(SMEs?|VCSEs?|small (?:and medium[- ]sized )?"
    r"(?:enterprises|businesses)|voluntary|charit\w+|social enterprises?)\b|"
    r"\b(SMEs?|VCSEs?)\b[^.]{0,40}\b(?:are )?(?:encouraged|welcome)d? to (?:bid|tender|apply)\b|"
    r"\b(?:glad to hear from|welcome (?:bids|tenders|quotes|quotations|applications) from|"
    r"encourage (?:bids|tenders|quotes) from)\b[^.]{0,60}\b(local businesses|sole traders|small "
    r"businesses|SMEs?|VCSEs?|charities|social enterprises|voluntary)\b",
    re.I,
)


def _engagement_mentions(ctx: Context) -> Iterator[tuple[Sentence, int, int]]:
    for s in ctx.sentences:
        if not reads("statements", s.clause) or (
            s.clause is not None and s.clause.stage in ("award", "delivery")
        ):
            continue  # "the successful bidder will meet the buyer's contract manager"
        for label, _id, start, end in s.ents:
            if label == "MARKET_ENGAGEMENT" and s.text[end : end + 1] not in ("'", "’"):
                yield s, start, end


def market_facts(ctx: Context) -> Iterator[Fact]:
    for s, start, end in _engagement_mentions(ctx):
        if MARKET_NEGATIVE.search(s.text):
            yield Fact("market_engagement", False, evidence=[s.evidence()], confidence=0.7)
            break
        quote = s.text[start:end]
        yield Fact("market_engagement", True, evidence=[s.evidence(quote, start)], confidence=0.75)
        break
    else:
        yield Fact(
            "market_engagement",
            False,
            confidence=0.5,
            note="no mention of market engagement, supplier days or soft market testing",
        )
    for s, m in ctx.search(SUITABLE_RE):
        if re.search(r"\bnot\b[^.]{0,30}suitab", s.text, re.I):
            value = {"sme": False, "vcse": False, "quote": s.text.strip()[:300]}
        else:
            low = s.text.lower()
            value = {
                "sme": True
                if re.search(r"\bsmes?\b|small|sole trader|local business", low)
                else None,
                "vcse": True
                if re.search(r"vcse|voluntary|charit|social enterprise", low)
                else None,
                "quote": s.text.strip()[:300],
            }
        yield Fact(
            "sme_vcse_suitability",
            value,
            evidence=[s.evidence(m.group(0), m.start())],
            confidence=0.7,
        )
        return
    yield Fact(
        "sme_vcse_suitability",
        False,
        confidence=0.5,
        note="suitability for SMEs or VCSEs is not stated",
    )
