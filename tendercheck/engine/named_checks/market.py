"""Named check for the MARKET rules: lots (MARKET-02).

The other MARKET rules are generic kinds (compare, fact_or_phrase; MARKET-03 and MARKET-07
are compares with ``else_patterns``) or ``signal`` checks. The check here says in its docstring
why it stays Python.
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
