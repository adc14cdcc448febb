"""TUPE and incumbency in commercial terms: whether TUPE applies, whether staff information is
given to bidders, who delivers the service now and what the current contract is worth.
"""

from __future__ import annotations

import re

from tendercheck import lazyre
from tendercheck.nlp.extractors.candidates import Found, quote_of
from tendercheck.nlp.model import Sentence
from tendercheck.nlp.money import find_money
from tendercheck.nlp.numbers import NUM
from tendercheck.nlp.prefilter import compile_filtered

_TUPE_TRUE = lazyre.compile(
    r"(?:tupe|transfer of undertakings[^.]{0,80}?)\s+(?:regulations\s+)?(?:\(2006\)\s+)?"
    r"(?:will|may|is likely to|are likely to|is expected to|are expected to|is anticipated to|"
    r"could|might|does|do|shall|would)\s+(?:also\s+)?apply"
    r"|(?:anticipated|expected|likely|considered|envisaged|believed|understood)\s+that\s+"
    r"(?:the\s+)?(?:tupe|transfer of undertakings)[^.]{0,40}?\s+(?:will|may|would|could)\s+apply"
    r"|\btupe applies\b|\btupe (?:is|will be) applicable\b|subject to tupe\b|"
    r"(?:we|the council|the authority|the buyer) (?:expect|anticipate)s? (?:that )?tupe (?:to|will)"
    r" apply|"
    r"staff (?:will|may|are likely to) transfer (?:to the (?:new|successful) )?"
    r"(?:provider|supplier|contractor)?[^.]{0,20}under tupe",
    re.IGNORECASE,
)
_TUPE_FALSE = lazyre.compile(
    r"(?:tupe|transfer of undertakings[^.]{0,80}?)\s+(?:regulations\s+)?(?:will|does|is|shall|"
    r"would|is not expected to|are not expected to)\s+not\s+(?:be expected to\s+)?apply"
    r"|tupe (?:is|are) not (?:expected|anticipated|likely) to apply|"
    r"(?:not|no)\s+(?:anticipated|expected|considered)[^.]{0,30}tupe[^.]{0,20}apply|"
    r"tupe does not apply|tupe will not apply|tupe is not applicable|"
    r"(?:do not|don't|does not|not) (?:expect|anticipate|envisage|believe|consider) (?:that )?"
    r"tupe (?:to|will|would) apply",
    re.IGNORECASE,
)
_TUPE_INFO = lazyre.lazy(
    compile_filtered,
    r"(?:tupe|employee liability) (?:information|list|data|details|schedule)[^.]{0,80}"
    r"(?:provided|attached|available|enclosed|included|appended|issued|released|annex|appendix|"
    r"schedule|data room|will be (?:made available|provided|shared|issued))"
    r"|(?:attached|enclosed|annex|appendix|schedule|see|provided)[^.]{0,60}"
    r"(?:tupe|employee liability) (?:information|list|data|details)"
    r"|(?:number of|numbers of)\s+(?:staff|employees|posts|ftes?)[^.]{0,60}(?:transfer|tupe|"
    r"currently (?:employed|engaged|deliver))"
    rf"|\b{NUM}\s+(?:staff|employees|ftes?|posts)\s+(?:(?:who|that)\s+)?(?:may|will|are likely "
    r"to|could|would)\s+transfer"
    r"|employee (?:information|data|list|details) (?:is|are) (?:in|at|attached|provided|enclosed|"
    r"available)"
    rf"|(?:current|existing|incumbent) (?:service )?(?:provider|supplier|contractor) employs\s+"
    rf"(?:{NUM}|\d+)",
    re.IGNORECASE,
)
_SUPPLIER_OBLIGED = lazyre.compile(
    r"(?:the\s+)?(?:supplier|contractor|provider|service provider)\s+(?:will|shall|must)\s+"
    r"(?:\w+\s+){0,12}?(?:provide|supply|give|disclose)",
    re.IGNORECASE,
)
_NAME = r"(?P<{g}>[A-Z][\w&'’-]*(?:\s+(?:[A-Z][\w&'’-]*|of|and|&|for|the)){{0,6}})"
_INCUMBENT = lazyre.compile(
    r"(?i:(?:the|this) (?:service|services|contract|work) (?:is|are) (?:currently|presently) "
    r"(?:delivered|provided|run|operated|supplied|held) by)\s+"
    + _NAME.format(g="name1")
    + r"|(?i:(?:current|existing|incumbent) (?:service )?(?:provider|supplier|contractor)s?"
    r"(?: (?:of|for) (?:the|this) (?:service|services|contract))?\s+(?:is|are))\s+"
    + _NAME.format(g="name2")
    + r"|(?i:(?:currently|presently) (?:delivered|provided) by (?:the )?(?:incumbent|current|"
    r"existing) (?:provider|supplier|contractor))"
    r"|(?i:the incumbent (?:provider|supplier|contractor))"
    r"|(?i:the (?:current|existing) (?:service )?(?:provider|supplier|contractor) (?:employs|has|"
    r"delivers|provides|runs))"
    r"|(?i:(?:current|existing) contract (?:is )?(?:held|delivered) by)\s+"
    + _NAME.format(g="name3"),
)
_CURRENT_VALUE = lazyre.compile(
    r"(?:current|existing|present|previous)\s+(?:annual\s+)?(?:contract\s+)?(?:value|spend|cost|"
    r"price)|(?:current|existing) contract (?:is |was )?(?:worth|valued)",
    re.IGNORECASE,
)

_TUPE_TBC = lazyre.compile(
    r"\btupe\s*[:\-–]\s*(?:tbc|tba|to be confirmed|to be advised)\b", re.IGNORECASE
)
_AFTER_AWARD = lazyre.compile(
    r"(?:successful|preferred|winning) (?:tenderer|bidder|supplier|provider|contractor)|"
    r"(?:following|after|upon|on) (?:the )?(?:contract )?award",
    re.IGNORECASE,
)


def read_tupe(
    s: Sentence, low: str, out: dict[str, Found], guidance: bool, info_only: bool = False
) -> None:
    """Whether TUPE applies and whether staff information is given (only the latter when
    ``info_only``: a sentence about staff just after one about TUPE)."""
    text = s.text
    m = None if info_only else _TUPE_TBC.search(text)
    if m:
        out["tupe"].add(None, 0.4, quote_of(s, m.start(), m.end()))
        return
    if (
        info_only
        or guidance
        or re.search(r"\bwhether\b|\bif tupe\b|\bwhere tupe\b|\bin the event\b", low)
    ):
        pass
    else:
        m = _TUPE_FALSE.search(text)
        if m:
            out["tupe"].add(False, 0.75, quote_of(s, m.start(), m.end()))
        else:
            m = _TUPE_TRUE.search(text)
            if m:
                out["tupe"].add(True, 0.75, quote_of(s, m.start(), m.end()))
    if info_only or "tupe" in low or "employee" in low or "transfer" in low:
        m = _TUPE_INFO.search(text)
        if (
            m
            and s.kind != "heading"
            and not _SUPPLIER_OBLIGED.search(text)
            and not re.search(r"replacement supplier|on (?:expiry|termination)|re-?tender", low)
        ):
            if _AFTER_AWARD.search(text):
                # promised only to the winner: nothing a newcomer can price from
                out["tupe_information"].add(False, 0.7, quote_of(s, m.start(), m.end()))
            else:
                out["tupe_information"].add(True, 0.7, quote_of(s, m.start(), m.end()))


def read_incumbent(s: Sentence, low: str, out: dict[str, Found]) -> None:
    """Who delivers the service now, and what the current contract is worth."""
    if not ("current" in low or "existing" in low or "incumbent" in low or "presently" in low):
        return
    text = s.text
    m = _INCUMBENT.search(text)
    if m:
        name = (m.group("name1") or m.group("name2") or m.group("name3") or "").strip(" .,")
        value: object = (
            name
            if name and not re.match(r"(?:The|This|A|An|Our|It|We|Not|No|None|To|Being)\b", name)
            else True
        )
        out["incumbent"].add(value, 0.7 if value is True else 0.75, quote_of(s, m.start(), m.end()))
    if _CURRENT_VALUE.search(text):
        mv = _CURRENT_VALUE.search(text)
        for money in find_money(text):
            if money.placeholder or money.value is None or money.start < mv.start():
                continue
            if money.start - mv.end() > 80:
                break
            out["current_contract_value"].add(money.value, 0.7, quote_of(s, mv.start(), money.end))
            break
