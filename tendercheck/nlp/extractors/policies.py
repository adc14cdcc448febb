"""Policy, partnering and stage demands: modern slavery statement, carbon reduction plan, payment
performance test, consortia, sub-contracting, reliance on others, bonds and guarantees, and
whether there is a pre-qualification stage or selection questionnaire.
"""

from __future__ import annotations

import re

from tendercheck import lazyre
from tendercheck.nlp.extractors.candidates import (
    CONDITIONAL_RE,
    DEMAND_VERB,
    EXAMPLE_RE,
    GUIDANCE_RE,
    Found,
    quote_of,
    sentence_windows,
)
from tendercheck.nlp.model import Sentence
from tendercheck.nlp.prefilter import compile_filtered

_MSS_RE = lazyre.compile(r"(?:modern )?slavery(?: and human trafficking)? statement", re.IGNORECASE)
_MSS_CONDITION = lazyre.compile(
    r"36\s?m|36 million|section 54|relevant commercial organisation|if applicable|"
    r"where applicable|if (?:you are|your organisation is) (?:required|subject)|turnover|"
    r"subject to (?:section|s\.)",
    re.IGNORECASE,
)
_CRP_RE = lazyre.compile(
    r"carbon reduction plan|\bCRP\b|net zero (?:plan|commitment)", re.IGNORECASE
)
_PAYMENT_TEST_RE = lazyre.compile(
    r"95\s?%[^.]{0,120}invoices?[^.]{0,60}60 days|invoices?[^.]{0,60}60 days[^.]{0,60}95\s?%"
    r"|payment (?:performance|practices) (?:test|reporting|and performance)",
    re.IGNORECASE,
)
_CONSORTIA_FALSE = lazyre.compile(
    r"consorti(?:a|um)(?: bids?| tenders?| applications?| submissions?| arrangements?)?\s+"
    r"(?:will|are|is|shall)\s+not\s+(?:be\s+)?(?:accepted|permitted|allowed|considered)"
    r"|(?:not|no)\s+(?:accept|permit|allow|consider)\w*[^.]{0,30}consorti"
    r"|consortium bids are not|no consortium",
    re.IGNORECASE,
)
_CONSORTIA_TRUE = lazyre.compile(
    r"(?:bid|bidding|tender|tendering|apply|applying|submit|submitting)[^.]{0,40}(?:as|by|with)"
    r"\s+(?:a\s+|part of a\s+|(?:a\s+)?member of a\s+)?(?:group (?:or|and) )?consorti"
    r"|consortium (?:bids?|tenders?|proposals?|lead|arrangements?)"
    r"|(?:bid|tender|submit|apply)[^.]{0,80}consortium members?"
    r"|consortium members?[^.]{0,80}(?:bid|tender|submit|apply)"
    r"|lead (?:bidder|member) (?:of|on behalf of|for) (?:a|the|any) consortium"
    r"|as part of a (?:group or )?consortium|consorti(?:a|um)[^.]{0,40}(?:are|is|will be) "
    r"(?:welcome|permitted|accepted|allowed)",
    re.IGNORECASE,
)
_SUB_FALSE = lazyre.lazy(
    compile_filtered,
    r"sub-?contract(?:ing|ors?)?[^.;]{0,50}?\b(?:is|are|will)\s+not\s+(?:be\s+)?(?:permitted|"
    r"allowed|accepted)|(?:must|shall|may) not sub-?contract(?![^.]{0,120}(?:without|except|unless))"
    r"|no sub-?contracting",
    re.IGNORECASE,
)
_SUB_TRUE = lazyre.lazy(
    compile_filtered,
    r"(?:use|using|intend(?:s|ing)? to use|propos(?:e|es|ing) to use|with named)\s+"
    r"(?:any\s+)?sub-?contractors|sub-?contract (?:a |any )?(?:portion|proportion|part)"
    r"|details (?:of|for) (?:each|any|all) (?:your )?(?:intended )?sub-?contractors?"
    r"|sub-?contract(?:ing|ors)?[^.]{0,40}(?:are|is|will be) (?:permitted|allowed|welcome|"
    r"accepted)|(?:as|involve)[^.]{0,60}sub-?contractors",
    re.IGNORECASE,
)
_SUB_CONSENT = lazyre.compile(
    r"sub-?contract[^.]{0,160}(?:without|except with|unless)[^.]{0,40}"
    r"(?:prior )?(?:written )?(?:consent|approval)",
    re.IGNORECASE,
)
_RELY_TRUE = lazyre.compile(
    r"rel(?:y|ying|ied|ies)\s+(?:up)?on\s+(?:the\s+)?(?:capacity|capabilit|resources|financial "
    r"standing|economic|experience|technical)[^.]{0,60}(?:other|another|sub-?contractor|"
    r"consorti|group|parent|third)"
    r"|(?:being|is|are)\s+relied\s+(?:up)?on\s+to\s+(?:satisfy|meet)"
    r"|relying on (?:a particular |another |other |the )?(?:members?|sub-?contractors?|"
    r"consortium members?|entit(?:y|ies)|organisations?|person)"
    r"|relied (?:up)?on to meet the selection",
    re.IGNORECASE,
)
_RELY_FALSE = lazyre.compile(
    r"(?:cannot|can ?not|may not|must not|will not be able to|not permitted to|not allowed to)"
    r"\s+rel(?:y|ied)[^.]{0,60}(?:other|another|third part|sub-?contractor|consorti|parent)",
    re.IGNORECASE,
)
_BOND_PATTERNS = [
    (
        "parent_company_guarantee",
        lazyre.compile(r"parent(?:al)? company guarantee|\bPCG\b", re.IGNORECASE),
    ),
    (
        "performance_bond",
        lazyre.compile(
            r"performance bonds?|\bbond of\b|bonds? (?:of|equal to) "
            r"\d",
            re.IGNORECASE,
        ),
    ),
    ("bank_guarantee", lazyre.compile(r"bank guarantee", re.IGNORECASE)),
    (
        "deposit",
        lazyre.compile(r"(?:security|refundable|cash|tender) deposit|deposit of £", re.IGNORECASE),
    ),
    (
        "retention",
        lazyre.compile(
            r"retention (?:of \d+(?:\.\d+)?\s?%|sum|money|fund|monies)|"
            r"\d+(?:\.\d+)?\s?% retention|(?:%|per ?cent) of (?:each|the|every|all)"
            r"[^.]{0,30}payments? (?:will|shall) be (?:retained|withheld)",
            re.IGNORECASE,
        ),
    ),
]
_BOND_DEMAND = lazyre.compile(
    r"\b(?:must|shall|will be required|is required|are required|may be required|required to|"
    r"require|requirement|will need to|need to provide|to provide|condition of|"
    r"will be (?:held|retained|deducted|withheld))\b",
    re.IGNORECASE,
)
_BOND_SOFT = lazyre.compile(
    r"\b(?:if (?:necessary|required|requested|needed)|willing to|able to obtain|for example|"
    r"e\.g\.|you can allow|may choose|would you|would the)\b",
    re.IGNORECASE,
)
_PROCEDURES = (
    r"(?:restricted procedure|two[- ]stage (?:process|procedure|tender)|competitive "
    r"procedure with negotiation|competitive dialogue|competitive flexible procedure)"
)
_PQ_TRUE = lazyre.compile(
    r"(?:this|the) (?:procurement|tender|competition|process|opportunity|contract) (?:is being|"
    r"will be|is|shall be) (?:run|conducted|carried out|undertaken|procured|let|tendered)"
    r"[^.]{0,40}"
    + _PROCEDURES
    + r"|"
    + _PROCEDURES
    + r"[^.]{0,80}(?:shortlist|invit|\bPQQ\b|selection questionnaire|\bSQ\b)"
    r"|shortlist(?:ed|ing)?\b[^.]{0,80}invit(?:ed|ation) to (?:tender|submit|participate)"
    r"|invit(?:ed|ation) to (?:tender|submit)[^.]{0,80}shortlist"
    r"|only (?:those|suppliers|bidders|applicants|organisations)[^.]{0,40}(?:pass|successful|"
    r"meet)[^.]{0,80}(?:invited|progress|proceed) to (?:tender|the (?:next|tender|second|ITT) "
    r"stage)"
    r"|(?:complete|return|submit)[^.]{0,30}(?:\bPQQ\b|pre-?qualification questionnaire)"
    r"|(?:the|this|our) (?:pre-?qualification|PQQ) (?:stage|questionnaire|process)",
    re.IGNORECASE,
)
_SQ_TRUE = lazyre.compile(
    r"(?:complete|completed|completing|submit|submitted|return|fill in|respond to)\s+"
    r"(?:the\s+|this\s+|your\s+|a\s+|our\s+)?(?:standard\s+)?(?:selection questionnaire|"
    r"\bSQ\b|\bPQQ\b|pre-?qualification questionnaire|procurement specific questionnaire|\bPSQ\b)"
    r"|(?:selection questionnaire|\bSQ\b|\bPSQ\b|\bPQQ\b)[^.]{0,40}(?:must|should|shall|needs "
    r"to) be (?:completed|submitted|returned)",
    re.IGNORECASE,
)
_NEGATED = lazyre.compile(
    r"\bnot used\b|\bn/a\b|\bnot applicable\b|\bmust not include\b|"
    r"\bdo not (?:have to|need to)\b",
    re.IGNORECASE,
)


def read_policies(
    sentences: list[Sentence],
    i: int,
    low: str,
    out: dict[str, Found],
) -> None:
    s = sentences[i]
    text = s.text
    example = bool(EXAMPLE_RE.search(text))
    guidance = bool(GUIDANCE_RE.search(text))

    if "slavery" in low:
        m = _MSS_RE.search(text)
        if m:
            window = " ".join(n.text for n in sentence_windows(sentences, i, 3, 1))
            if _MSS_CONDITION.search(window):
                out["modern_slavery_statement_required"].add(
                    False, 0.7, quote_of(s, m.start(), m.end())
                )
            elif (
                DEMAND_VERB.search(text)
                and not guidance
                and not re.search(r"\bif\b|\bwhere\b|\bany\b", text[: m.start()], re.IGNORECASE)
            ):
                out["modern_slavery_statement_required"].add(
                    True, 0.75, quote_of(s, m.start(), m.end())
                )
    if "carbon" in low or "crp" in low or "net zero" in low:
        m = _CRP_RE.search(text)
        if (
            m
            and DEMAND_VERB.search(text)
            and not guidance
            and not _NEGATED.search(text)
            and "taking account of" not in low
        ):
            out["carbon_reduction_plan_required"].add(True, 0.75, quote_of(s, m.start(), m.end()))
    if "60 days" in low or "payment performance" in low or "payment practices" in low:
        m = _PAYMENT_TEST_RE.search(text)
        if m and not guidance:
            out["payment_performance_test"].add(True, 0.75, quote_of(s, m.start(), m.end()))
    if "consorti" in low:
        m = _CONSORTIA_FALSE.search(text)
        if m:
            out["consortia_allowed"].add(False, 0.8, quote_of(s, m.start(), m.end()))
        else:
            m = _CONSORTIA_TRUE.search(text)
            if m and not guidance:
                out["consortia_allowed"].add(True, 0.7, quote_of(s, m.start(), m.end()))
    if "sub-contract" in low or "subcontract" in low or "sub contract" in low:
        m = _SUB_FALSE.search(text)
        if m:
            out["subcontracting_allowed"].add(False, 0.8, quote_of(s, m.start(), m.end()))
        else:
            m = _SUB_TRUE.search(text) or _SUB_CONSENT.search(text)
            if m and not guidance:
                conf = 0.7 if _SUB_TRUE.search(text) else 0.6
                out["subcontracting_allowed"].add(True, conf, quote_of(s, m.start(), m.end()))
    if "rel" in low and ("rely" in low or "relied" in low or "relying" in low):
        m = _RELY_FALSE.search(text)
        if m and "guarantor" not in low:
            out["reliance_on_others_allowed"].add(False, 0.8, quote_of(s, m.start(), m.end()))
        else:
            m = _RELY_TRUE.search(text)
            if m and not guidance:
                out["reliance_on_others_allowed"].add(True, 0.7, quote_of(s, m.start(), m.end()))
    if (
        "guarantee" in low
        or "bond" in low
        or "deposit" in low
        or "retention" in low
        or "retain" in low
        or "pcg" in low
    ) and not (example or guidance or _BOND_SOFT.search(text)):
        for kind, rx in _BOND_PATTERNS:
            m = rx.search(text)
            if (
                m
                and _BOND_DEMAND.search(text)
                and not re.search(
                    r"\bno (?:parent company guarantee|performance bond|bond|deposit)", low
                )
            ):
                out["bonds_guarantees"].add(kind, 0.7, quote_of(s, m.start(), m.end()))
    if (
        "qualif" in low
        or "pqq" in low
        or "shortlist" in low
        or "restricted" in low
        or "stage" in low
        or "negotiation" in low
        or "dialogue" in low
    ):
        m = _PQ_TRUE.search(text)
        if m and not guidance and not _NEGATED.search(text) and not CONDITIONAL_RE.search(text):
            out["pre_qualification_stage"].add(True, 0.7, quote_of(s, m.start(), m.end()))
    if "questionnaire" in low or "sq" in low or "pqq" in low:
        m = _SQ_TRUE.search(text)
        if m and not guidance and not _NEGATED.search(text) and not CONDITIONAL_RE.search(text):
            out["selection_questionnaire"].add(True, 0.75, quote_of(s, m.start(), m.end()))
