"""Social value: what is asked, whether outcomes and TOMs are named, apprenticeship quotas, and
whether local VCSEs and SMEs are invited into the supply chain.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tendercheck import lazyre
from tendercheck.nlp.extractors import Context
from tendercheck.nlp.extractors.evaluation_patterns import EVALUATION_GUIDANCE_RE
from tendercheck.nlp.model import Evidence, Fact
from tendercheck.nlp.prefilter import compile_filtered

_SV_TERM = lazyre.lazy(
    compile_filtered,
    r"\bsocial value\b|\bcommunity benefits?\b|\bsocial,? economic and "
    r"environmental (?:well-?being|benefits?)\b",
    re.I,
)
_SV_ASK = lazyre.compile(
    r"\b(?:please|describe|explain|how will you|how you will|demonstrate|provide|"
    r"commit|do you|set out|outline|tell us|detail|confirm|select|must)\b",
    re.I,
)
_SV_MEASURE = lazyre.compile(
    r"\b(?:outcomes?|measures?|measurable|kpis?|key performance|report(?:ing|s)?|"
    r"monitor(?:ing)?|evidence of delivery|targets?|metrics?|model sub-criteria|"
    r"reporting metrics)\b",
    re.I,
)
_SV_TOMS = lazyre.compile(
    r"\b(?:national )?TOMs\b|themes,? outcomes,? and measures|social value portal|"
    r"\bSVP\b|proxy values?|monetis\w+|social value calculator|£\s?social value",
    re.I,
)
_APPRENTICE = lazyre.compile(r"\bapprentice(?:s|ships?)?\b", re.I)
_QUOTA = lazyre.compile(
    r"\b(?:at least|minimum of|no fewer than|a minimum|quota|target of)\s*\d+|"
    r"\b\d+\s*(?:%|per cent)?\s*(?:new )?apprentice|apprentice\w*[^.]{0,40}\b(?:at least|"
    r"minimum|quota|\d+ per £)",
    re.I,
)
_VCSE_TERM = lazyre.lazy(
    compile_filtered,
    r"\b(?:VCSEs?|voluntary(?:,| and) community|social enterprises?|SMEs?|small "
    r"(?:and medium[- ]sized )?(?:businesses|enterprises|organisations|firms)|local "
    r"(?:suppliers|businesses|organisations|charities))\b",
    re.I,
)
_SUPPLY_CHAIN = lazyre.compile(
    r"\bsupply chains?\b|\bsub-?contract\w*\b|\bsupply-chain\b|\bpartner(?:s|ing|ship)? with\b",
    re.I,
)
_INVITE = lazyre.compile(
    r"\b(?:encourag\w+|welcome[sd]?|invit\w+|opportunit\w+|support\w*|involv\w+|"
    r"use of|engag\w+|work(?:ing)? with|include|maximi[sz]e)\b",
    re.I,
)


def social_value_facts(ctx: Context, questions: list[dict]) -> Iterator[Fact]:
    asks: list[tuple[str, Evidence]] = []
    measures: Evidence | None = None
    toms: Evidence | None = None
    quota: Evidence | None = None
    for s in ctx.sentences:
        low = s.text.lower()
        in_sv = bool(_SV_TERM.search(s.text))
        if not in_sv and "apprentice" not in low and "toms" not in low:
            continue
        if (
            in_sv
            and _SV_ASK.search(s.text)
            and not EVALUATION_GUIDANCE_RE.search(s.text)
            and (
                re.search(r"\byou(?:r)?\b|\bbidders?\b|\bsuppliers?\b|\btender", low)
                or s.kind == "table"
            )
            and not re.search(r"\bact 2012\b|is governed", low)
        ):
            asks.append((s.text.strip()[:300], s.evidence()))
        if measures is None and in_sv:
            m = _SV_MEASURE.search(s.text)
            if m:
                measures = s.evidence(m.group(0), m.start())
        if toms is None:
            m = _SV_TOMS.search(s.text)
            if m and (in_sv or "toms" in low):
                toms = s.evidence(m.group(0), m.start())
        if quota is None and _APPRENTICE.search(s.text):
            m = _QUOTA.search(s.text)
            if m and not EVALUATION_GUIDANCE_RE.search(s.text):
                quota = s.evidence(m.group(0), m.start())
    sv_questions = []
    for q in questions:
        if (
            q["topic"] == "social_value"
            and q["scored"]
            and all((q["id"], q["text"]) != (o["id"], o["text"]) for o in sv_questions)
        ):
            sv_questions.append(q)
    for q in sv_questions:
        if q.get("_evidence") is not None and all(q["text"][:300] != a for a, _ in asks):
            asks.append((q["text"][:300], q["_evidence"]))
    if asks:
        yield Fact(
            "social_value_asks",
            [a for a, _ in asks],
            evidence=[e for _, e in asks][:10],
            confidence=0.7,
        )
        yield Fact(
            "social_value_measures",
            measures is not None,
            evidence=[measures] if measures else [e for _, e in asks][:1],
            confidence=0.6,
            note="" if measures else "social value asked with no outcomes, measures or reporting",
        )
        yield Fact(
            "social_value_toms",
            toms is not None,
            evidence=[toms] if toms else [e for _, e in asks][:1],
            confidence=0.6,
        )
        yield Fact(
            "apprenticeship_quota",
            quota is not None,
            evidence=[quota] if quota else [e for _, e in asks][:1],
            confidence=0.6,
        )
    elif quota is not None:
        yield Fact("apprenticeship_quota", True, evidence=[quota], confidence=0.6)
    if sv_questions:
        yield Fact(
            "social_value_question_count",
            len(sv_questions),
            evidence=[q["_evidence"] for q in sv_questions if q.get("_evidence")][:10],
            confidence=0.7,
        )
    invited = _vcse_invited(ctx)
    if invited is not None:
        yield Fact("vcse_supply_chain_invited", True, evidence=[invited], confidence=0.65)
    else:
        yield Fact(
            "vcse_supply_chain_invited",
            False,
            confidence=0.5,
            note="no invitation to involve local VCSEs or SMEs in the supply chain was found",
        )


def _vcse_invited(ctx: Context) -> Evidence | None:
    for s in ctx.sentences:
        low = s.text.lower()
        if "supply" not in low and "contract" not in low and "partner" not in low:
            continue
        if re.search(
            r"\bare you an?\b|\bdefinition\b|\bmeans\b|\bif you are an? (?:sme|vcse)", low
        ):
            continue
        for v in _VCSE_TERM.finditer(s.text):
            lo, hi = max(0, v.start() - 100), v.end() + 100
            window = s.text[lo:hi]
            if _SUPPLY_CHAIN.search(window) and _INVITE.search(window):
                return s.evidence(v.group(0), v.start())
    return None
