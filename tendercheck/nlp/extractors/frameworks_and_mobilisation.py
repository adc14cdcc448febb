"""Frameworks, shortlists, DPS and mobilisation in commercial terms: places on a framework,
the most bidders shortlisted, joining a dynamic purchasing system, weeks to mobilise.
"""

from __future__ import annotations

import re

from tendercheck import lazyre
from tendercheck.nlp.extractors.candidates import CONDITIONAL_RE, Found, quote_of
from tendercheck.nlp.model import Sentence
from tendercheck.nlp.numbers import NUM, to_number
from tendercheck.nlp.prefilter import compile_filtered

_FRAMEWORK_PLACES = lazyre.compile(
    rf"(?:appoint|award|select|admit)\w*\s+(?:a\s+)?(?:maximum of\s+|up to\s+|no more than\s+|"
    rf"a total of\s+)?(?P<n>{NUM})\s+(?:\(\d+\)\s+)?(?:suppliers|providers|bidders|contractors|"
    r"organisations|tenderers)[^.]{0,50}(?:framework|lot|panel|agreement)"
    rf"|(?:framework|panel|lot)[^.]{{0,60}}(?:maximum of|up to|no more than|limited to)\s+"
    rf"(?P<n2>{NUM})\s+(?:\(\d+\)\s+)?(?:suppliers|providers|bidders|contractors|"
    r"organisations|places)",
    re.IGNORECASE,
)
_FRAMEWORK_UNLIMITED = lazyre.compile(
    r"(?:no (?:limit|maximum|cap) (?:on|to) the number of (?:suppliers|providers|places|"
    r"bidders)|unlimited number of (?:suppliers|providers|places)|all (?:compliant |successful )?"
    r"(?:bidders|suppliers|tenderers) (?:who|that) (?:pass|meet|achieve)[^.]{0,60}(?:will|shall)"
    r" be (?:awarded|appointed|admitted))",
    re.IGNORECASE,
)
# On an open framework or DPS that says so, price ranks suppliers for call-offs; it shuts no one out.
_PRICE_NOT_ELIMINATING = lazyre.compile(
    r"(?:suppliers|bidders|tenderers) will not be eliminated on (?:the basis of )?price",
    re.IGNORECASE,
)
_SHORTLIST = lazyre.compile(
    rf"shortlist(?:ed)?\s+(?:of\s+)?(?:a maximum of\s+|up to\s+|no more than\s+|the top\s+|"
    rf"the highest[- ]scoring\s+)?(?P<n>{NUM})\b"
    rf"|(?:top|highest[- ]scoring|best)\s+(?P<n2>{NUM})\s+(?:\(\d+\)\s+)?(?:bidders|suppliers|"
    r"applicants|organisations|tenderers|candidates)[^.]{0,60}(?:invited|shortlisted|progress)"
    rf"|invite\s+(?:up to\s+|a maximum of\s+|no more than\s+)(?P<n3>{NUM})\s+(?:\(\d+\)\s+)?"
    r"(?:bidders|suppliers|applicants|organisations|tenderers|candidates)"
    rf"|(?:a maximum of|up to|no more than)\s+(?P<n4>{NUM})\s+(?:\(\d+\)\s+)?(?:bidders|"
    r"suppliers|applicants|organisations|tenderers|candidates)[^.]{0,40}(?:shortlisted|"
    r"invited to (?:tender|submit|participate))",
    re.IGNORECASE,
)
_DPS_THIS = lazyre.compile(
    r"(?:this|our) (?:dynamic purchasing system|DPS)\b|(?:join|admitted to|admission to|"
    r"appointed to|application to join) (?:the |this )?(?:dynamic purchasing system|DPS)"
    r"|DPS (?:agreement|needs|application|qualification)",
    re.IGNORECASE,
)
_MOBILISATION = lazyre.lazy(
    compile_filtered,
    rf"(?:mobili[sz]ation|implementation|transition|handover|lead-?in|set-?up)\s+(?:period|phase)"
    rf"\s+(?:of\s+|will be\s+|is\s+|shall be\s+|lasting\s+)?(?:approximately\s+|around\s+|up to\s+|"
    rf"at least\s+|a minimum of\s+)?(?P<n>{NUM}|\d+(?:\.\d+)?)\s*(?:\(\d+\)\s*)?"
    r"(?P<unit>weeks?|months?|days?)"
    rf"|(?P<n2>{NUM}|\d+(?:\.\d+)?)\s*(?:\(\d+\)\s*)?[- ](?P<unit2>weeks?|months?|days?)['’]?"
    r"\s+(?:of\s+)?(?:mobili[sz]ation|implementation|transition|lead-?in)",
    re.IGNORECASE,
)


def _weeks(n: float, unit: str) -> float:
    unit = unit.lower()
    if unit.startswith("month"):
        return round(n * 52 / 12, 1)
    if unit.startswith("day"):
        return round(n / 7, 1)
    return n


def _num(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        v = to_number(text)
        return float(v) if v is not None else None


def read_framework_places(s: Sentence, low: str, guidance: bool, out: dict[str, Found]) -> None:
    """How many suppliers a framework takes: a number, or "unlimited"."""
    if not ("framework" in low or "panel" in low or "lot" in low or "eliminated" in low):
        return
    if guidance:
        return
    text = s.text
    on_framework = "framework" in low or (
        s.clause is not None and s.clause.procedure in ("framework", "dps")
    )
    m = _PRICE_NOT_ELIMINATING.search(text)
    if m and on_framework:
        out["price_not_eliminating"].add(True, 0.7, quote_of(s, m.start(), m.end()))
        return
    m = _FRAMEWORK_UNLIMITED.search(text)
    if m and "framework" in low:
        out["framework_places"].add("unlimited", 0.7, quote_of(s, m.start(), m.end()))
        return
    m = _FRAMEWORK_PLACES.search(text)
    if m:
        n = to_number(m.group("n") or m.group("n2"))
        if n and 1 <= n <= 500:
            out["framework_places"].add(n, 0.7, quote_of(s, m.start(), m.end()))


def read_shortlist(s: Sentence, low: str, guidance: bool, out: dict[str, Found]) -> None:
    """The most bidders shortlisted or invited to the next stage."""
    if "shortlist" in low or "invite" in low or "top " in low or "highest" in low:
        m = _SHORTLIST.search(s.text)
        if m and not guidance:
            n = to_number(m.group("n") or m.group("n2") or m.group("n3") or m.group("n4"))
            if n and 1 < n <= 50:
                out["shortlist_max"].add(n, 0.7, quote_of(s, m.start(), m.end()))


def read_dps(s: Sentence, low: str, guidance: bool, out: dict[str, Found]) -> None:
    """True when this procurement is a dynamic purchasing system (not one merely mentioned)."""
    if "dps" in low or "dynamic purchasing" in low:
        text = s.text
        m = _DPS_THIS.search(text)
        if (
            m
            and not guidance
            and not CONDITIONAL_RE.search(text)
            and not re.search(
                r"\bin a (?:dynamic purchasing system|dps)\b|framework agreements? or "
                r"dynamic|or dynamic purchasing",
                low,
            )
        ):
            out["dps"].add(True, 0.7, quote_of(s, m.start(), m.end()))


def read_mobilisation(s: Sentence, low: str, guidance: bool, out: dict[str, Found]) -> None:
    """The mobilisation (implementation, transition) period, in weeks."""
    if (
        "mobili" in low
        or "implementation" in low
        or "transition" in low
        or "handover" in low
        or "lead" in low
        or "set" in low
    ):
        m = _MOBILISATION.search(s.text)
        if m and not guidance:
            n = _num(m.group("n") or m.group("n2"))
            unit = m.group("unit") or m.group("unit2")
            if n and 0 < n <= 104:
                out["mobilisation_weeks"].add(_weeks(n, unit), 0.7, quote_of(s, m.start(), m.end()))
