"""Statements read from the specification: outcomes, requirements (input, method, output or
outcome) and KPIs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tendercheck import lazyre
from tendercheck.nlp.extractors import Context
from tendercheck.nlp.model import Evidence, Fact, Sentence

OUTCOME_RE = lazyre.compile(
    r"\b(?-i:outcomes?)\b|\bso that\b|\bin order to (?:improve|reduce|increase|enable|support)\b|"
    r"\b(?:improv\w+|reduc\w+|increas\w+|prevent\w*)\s+(?:the\s+)?(?:number|rates?|levels?|"
    r"proportion|wellbeing|well-being|health|quality of life|independence|outcomes?|"
    r"life chances|attainment|employment|confidence|access|engagement|understanding|"
    r"satisfaction|resilience|skills)\b|"
    r"\b(?:service users|residents|people|participants|clients|patients|families|children|"
    r"learners|beneficiaries)\s+(?:will (?:be able to|feel|have|gain|achieve|benefit|experience|"
    r"report|improve|become|live)|are able to|feel|report)\b|"
    r"\b(?:aims? (?:is |are )?to|objectives? (?:is |are )?to|purpose (?:of [\w ]{1,40})?is to)\b|"
    r"\bwe want\b[^.]{0,80}\bto (?:be|feel|have|become)\b",
    re.I,
)
REQUIREMENT_RE = lazyre.compile(
    r"\b(?:must|shall|will be required to|is required to|are required to|"
    r"will need to|is expected to|are expected to|should)\b",
    re.I,
)
IMPERATIVE_RE = lazyre.compile(
    r"^\s*(?:\W\s*)?(?:provide|deliver|develop|undertake|produce|ensure|"
    r"work|support|manage|maintain|attend|carry out|agree|review|report|"
    r"supply|install|monitor|respond|maintain|collect|design|oversee|"
    r"facilitate|coordinate|co-ordinate|build|create|conduct|prepare)\b",
    re.I,
)
INPUT_RE = lazyre.compile(
    r"\b(?:\d+|one|two|three|four|five|six|ten)\s+(?:\w+\s+){0,2}(?:staff|"
    r"members? of staff|workers|officers|fte|full[- ]time|posts?|vehicles?|"
    r"hours? per|days? per|people)\b|\bstaff(?:ing)? ratios?\b|\bqualified to\b|"
    r"\bqualifications?\b|\bbased (?:in|at)\b|\boffice (?:in|within)\b|"
    r"\bpremises\b|\bequipment\b|\bvehicles?\b|\bstaff(?:ing)? levels?\b|"
    r"\bDBS\b|\bminimum of \d+ years\b",
    re.I,
)
METHOD_RE = lazyre.compile(
    r"\b(?:use|using|follow|adopt|in accordance with|methodolog\w+|approach|"
    r"procedures?|process(?:es)?|model|framework|tools?|methods?)\b",
    re.I,
)
OUTPUT_RE = lazyre.compile(
    r"\b(?:produce|deliver(?:ables?)?|report(?:s|ing)?|sessions?|visits?|"
    r"within \d+|number of|per (?:week|month|year|annum)|summary|review|"
    r"publication|framework|plan|recommendations?)\b",
    re.I,
)

KPI_RE = lazyre.compile(
    r"\bKPIs?\b|\bkey performance indicators?\b|\bperformance (?:measures?|indicators?|"
    r"targets?|standards?)\b|\bservice levels?\b|\bSLAs?\b|\btargets?\b",
    re.I,
)
KPI_NUMBER_RE = lazyre.compile(
    r"\d+\s*(?:%|per ?cent|hours?|days?|minutes?|working days|visits?|"
    r"calls?|sessions?)|\bwithin \d+|\b\d+\b",
    re.I,
)
KPI_OUTCOME_RE = lazyre.compile(
    r"\b(?:wellbeing|well-being|into (?:work|employment)|sustained|"
    r"improv\w+|reduc\w+ in|increase in|outcomes?|independen\w+|"
    r"quality of life|health|recovery|re-?offending|attainment|"
    r"qualifications? gained|moved on)\b",
    re.I,
)


def _classify(text: str) -> str:
    if OUTCOME_RE.search(text):
        return "outcome"
    if INPUT_RE.search(text):
        return "input"
    if OUTPUT_RE.search(text):
        return "output"
    if METHOD_RE.search(text):
        return "method"
    return "output"


def _spec_sentences(ctx: Context, region: tuple[int, int, int] | None) -> list[Sentence]:
    if region is None:
        return []
    d, start, end = region
    return [s for s in ctx.sentences if s.doc_index == d and start <= s.block < end]


def spec_statement_facts(ctx: Context, region) -> Iterator[Fact]:
    sentences = _spec_sentences(ctx, region)
    if not sentences:
        return
    outcomes: list[tuple[str, Evidence]] = []
    requirements: list[tuple[dict, Evidence]] = []
    kpis: list[tuple[dict, Evidence]] = []
    for s in sentences:
        text = s.text.strip()
        if len(text) < 12 or s.kind == "heading" or text.startswith("["):
            continue
        om = OUTCOME_RE.search(text)
        if om and not re.search(
            r"\b(?:expected outcomes?, highlighting|describe the outcomes?)", text, re.I
        ):
            outcomes.append((text[:300], s.evidence(om.group(0), om.start())))
        if REQUIREMENT_RE.search(text) or (s.kind == "list_item" and IMPERATIVE_RE.match(text)):
            requirements.append(({"quote": text[:300], "kind": _classify(text)}, s.evidence()))
        km = KPI_RE.search(text)
        if km and KPI_NUMBER_RE.search(text):
            kind = "outcome" if KPI_OUTCOME_RE.search(text) else "output"
            kpis.append(({"quote": text[:300], "kind": kind}, s.evidence(km.group(0), km.start())))
    yield Fact(
        "outcome_statements",
        [q for q, _ in outcomes],
        evidence=[e for _, e in outcomes][:10],
        confidence=0.6,
    )
    if requirements:
        yield Fact(
            "requirement_statements",
            [r for r, _ in requirements],
            evidence=[e for _, e in requirements][:10],
            confidence=0.55,
        )
    if kpis:
        yield Fact(
            "kpis", [k for k, _ in kpis], evidence=[e for _, e in kpis][:10], confidence=0.55
        )
