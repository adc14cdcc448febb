"""Named checks for the MARKET rules: lots and places (MARKET-02 and 07).

The other MARKET rules are generic kinds (compare, fact_or_phrase; MARKET-03 is a compare with
``else_patterns``) or ``signal`` checks. Each check here says in its docstring why it stays
Python.
"""

from __future__ import annotations

import re
from typing import Any

from tendercheck.engine.checks import named_check
from tendercheck.engine.context import CheckContext
from tendercheck.engine.model import Outcome
from tendercheck.engine.named_checks.fact_reading import peek
from tendercheck.engine.named_checks.pack_parts import spec_sentences
from tendercheck.engine.named_checks.patterns import compile_any, first_match
from tendercheck.nlp.model import Evidence

# --- MARKET-02 --------------------------------------------------------------------------------


@named_check("lots_division")
def lots_division(ctx: CheckContext, options: dict[str, Any]) -> Outcome:
    """MARKET-02: one lot, no reason given, and a scope spanning several services or areas.

    Python, not a generic kind: a pass comes from any of four places (a lot count over one, a
    reason stated as a fact or in a phrase anywhere, lot numbers in the text when no count
    was read), the fail counts matches (not sentences) of the multi-scope patterns in the
    specification, or the whole pack when there is none, and a scope with too few of them is
    not applicable rather than a pass. A data entry would need fact tests that can fall back
    on a phrase and count its matches within a part of the pack."""
    analysis = ctx.analysis
    lots = peek(ctx, "lots")
    if isinstance(lots, (int, float)) and not isinstance(lots, bool) and lots > 1:
        return Outcome("pass", args={"lots": lots})
    if peek(ctx, "lots_reason"):
        return Outcome("pass", args={"lots": lots or 1})
    reason = first_match(analysis, compile_any(options["reason_patterns"]))
    if reason is not None:
        return Outcome("pass", args={"lots": lots or 1})
    if lots is None:
        numbers = {
            m.group(1)
            for s in analysis.sentences
            for m in re.finditer(r"\blot\s*(\d{1,2}[a-z]?)\b", s.text, re.I)
        }
        if len(numbers) > 1:
            return Outcome("pass", args={"lots": len(numbers)})
    scope = spec_sentences(analysis) or analysis.sentences
    multi = compile_any(options["multi_scope_patterns"])
    hits = [s.evidence() for s in scope if multi.search(s.text)]
    matches = sum(len(multi.findall(s.text)) for s in scope)
    if not hits or matches < options["min_matches"]:
        if not analysis.sentences:
            return Outcome("not-assessed", detail="no text to read")
        return Outcome(
            "not-applicable", detail="the scope does not appear to span several services or areas"
        )
    return Outcome("fail", hits[:5], args={"lots": lots or 1, "quote": hits[0].quote})


# --- MARKET-07 --------------------------------------------------------------------------------


@named_check("framework_places")
def framework_places(ctx: CheckContext, options: dict[str, Any]) -> Outcome:
    """MARKET-07: framework or DPS places unlimited, too many, or by lottery; shortlist cap unstated.

    Python, not a generic kind: it applies when any of five signs holds (places, a DPS, a
    framework phrase, a shortlist stage as a fact or a phrase, a shortlist maximum), a DPS
    with no stated number of places reads as unlimited, a framework mentioned without a
    number is not assessed only when no other problem is found, and the fail quotes the facts
    and then the phrases behind each problem. A data entry would need phrase tests inside
    fact tests, with the matched sentence as evidence."""
    analysis = ctx.analysis
    places = peek(ctx, "framework_places")
    dps = peek(ctx, "dps")
    shortlist_max = peek(ctx, "shortlist_max")
    framework_hit = first_match(analysis, compile_any(options["framework_patterns"]))
    shortlist_hit = first_match(analysis, compile_any(options["shortlist_patterns"]))
    lottery_hit = first_match(analysis, compile_any(options["lottery_patterns"]))
    shortlisting = peek(ctx, "pre_qualification_stage") is True or shortlist_hit is not None
    if (
        places is None
        and dps is not True
        and framework_hit is None
        and not shortlisting
        and shortlist_max is None
    ):
        return Outcome("not-applicable", detail="no framework, DPS or shortlist")
    problems: list[str] = []
    evidence: list[Evidence] = []
    if lottery_hit is not None:
        problems.append("places are allocated by lottery or random selection")
        evidence.append(lottery_hit)
    if places == "unlimited" or (dps is True and places is None):
        problems.append("the number of places is unlimited")
    elif isinstance(places, (int, float)) and places > options["max_places"]:
        problems.append(f"{places:g} places are offered (more than {options['max_places']})")
    if shortlisting and shortlist_max is None:
        problems.append("the maximum number of bidders to be shortlisted is not stated")
        if shortlist_hit is not None:
            evidence.append(shortlist_hit)
    if not problems and places is None and dps is None and framework_hit is not None:
        ctx.missing.append("framework_places")
        return Outcome(
            "not-assessed", detail="a framework is mentioned but its number of places was not found"
        )
    args = {"problem": "; ".join(problems)}
    if not problems:
        return Outcome("pass", args=args)
    evidence = ctx.evidence()[:3] + [e for e in evidence if e not in ctx.evidence()]
    if not evidence and framework_hit is not None:
        evidence = [framework_hit]
    return Outcome("fail", evidence[:5], args=args)
