"""Named checks for the OUTCOME rules particular to one rule (OUTCOME-01); OUTCOME-03 and 06 run on
the item_match kind (:mod:`tendercheck.engine.kinds_pack`)."""

from __future__ import annotations

from typing import Any

from tendercheck.engine.checks import named_check
from tendercheck.engine.context import CheckContext
from tendercheck.engine.items import item_text
from tendercheck.engine.model import Outcome
from tendercheck.engine.named_checks.evidence import item_evidence
from tendercheck.engine.named_checks.fact_reading import list_fact
from tendercheck.engine.named_checks.pack_parts import spec_sentences
from tendercheck.engine.named_checks.patterns import compile_any


def stated_outcomes(ctx: CheckContext) -> list[str] | None:
    """Outcome statements plus requirement statements of kind outcome; None when unknown."""
    _, outcomes = list_fact(ctx, "outcome_statements")
    _, requirements = list_fact(ctx, "requirement_statements")
    quotes = [item_text(o) for o in outcomes or []]
    quotes += [
        item_text(r)
        for r in requirements or []
        if isinstance(r, dict) and r.get("kind") == "outcome"
    ]
    quotes = [q for q in dict.fromkeys(quotes) if q]
    if outcomes is None and not quotes:
        return None  # outcome statements were not looked for: unknown, not "none"
    return quotes


def _label(quote: str, width: int = 70) -> str:
    quote = " ".join(quote.split())
    return f"“{quote[:width]}…”" if len(quote) > width else f"“{quote}”"


# --- OUTCOME-01 -------------------------------------------------------------------------------


@named_check("outcomes_stated")
def outcomes_stated(ctx: CheckContext, options: dict[str, Any]) -> Outcome:
    """OUTCOME-01: the specification states no outcome (only inputs and activities).

    Python because it is particular to this rule: outcomes come from two facts (outcome
    statements, requirements of kind outcome), an unfilled template is not assessed, and
    advisory or research work passes on dated deliverables in its specification."""
    if spec_sentences(ctx.analysis) is None:
        ctx.missing.append("spec_start")
        return Outcome("not-assessed", detail="no specification was found (see SPEC-02)")
    outcomes = stated_outcomes(ctx)
    if outcomes is None:
        ctx.missing.append("outcome_statements")
        return Outcome("not-assessed")
    _, requirements = list_fact(ctx, "requirement_statements")
    blanks = _spec_placeholders(ctx)
    if not outcomes and blanks >= options["template_placeholders"]:
        # "[Insert Aim]", "[Insert Outputs]": an unfilled template states nothing yet (SPEC-03)
        return Outcome(
            "not-assessed",
            detail=f"the specification is an unfilled template ({blanks} placeholders; SPEC-03)",
        )
    args = {"outcomes": f"{len(outcomes)} outcome(s)", "requirements": len(requirements or [])}
    if outcomes:
        return Outcome("pass", args=args)
    deliverables = _dated_deliverables(ctx, options)
    if len(deliverables) >= int(options["min_deliverables"]):
        # advisory or research work: its results are the products it delivers, by when
        args["outcomes"] = (
            f"{len(deliverables)} dated deliverables ({'; '.join(_label(d, 50) for d in deliverables[:3])})"
        )
        return Outcome("pass", args=args)
    spec = ctx.analysis.facts["spec_start"]
    evidence = list(spec.evidence[:1]) + item_evidence(
        ctx.analysis, None, [item_text(r) for r in (requirements or [])[:4]], limit=4
    )
    args["described"] = (
        f"its {len(requirements)} requirements describe inputs and activities only"
        if requirements
        else "it describes tasks, not results"
    )
    return Outcome("fail", evidence, args=args)


def _dated_deliverables(ctx: CheckContext, options: dict[str, Any]) -> list[str]:
    patterns = options.get("deliverable_patterns") or []
    if not patterns:
        return []
    rx = compile_any(patterns)
    return [s.text for s in spec_sentences(ctx.analysis) or [] if rx.search(s.text)]


def _spec_placeholders(ctx: CheckContext) -> int:
    spec = spec_sentences(ctx.analysis) or []
    blocks = {(s.doc_index, s.block) for s in spec}
    return sum((e.doc_index, e.block) in blocks for e in ctx.analysis.placeholders)
