"""Named checks for the OUTCOME rules: outcomes stated, matched, measured and weighted."""

from __future__ import annotations

import re
from typing import Any

from tendercheck.engine.checks import named_check
from tendercheck.engine.context import CheckContext
from tendercheck.engine.model import Outcome
from tendercheck.engine.named_checks.evidence import item_evidence
from tendercheck.engine.named_checks.fact_reading import list_fact
from tendercheck.engine.named_checks.pack_parts import question_texts, spec_sentences
from tendercheck.engine.named_checks.patterns import compile_any
from tendercheck.engine.named_checks.text import text_terms


def _quote(item: Any) -> str:
    if isinstance(item, dict):
        return str(item.get("quote") or item.get("text") or "")
    return str(item)


def stated_outcomes(ctx: CheckContext) -> list[str] | None:
    """Outcome statements plus requirement statements of kind outcome; None when unknown."""
    _, outcomes = list_fact(ctx, "outcome_statements")
    _, requirements = list_fact(ctx, "requirement_statements")
    quotes = [_quote(o) for o in outcomes or []]
    quotes += [
        _quote(r) for r in requirements or [] if isinstance(r, dict) and r.get("kind") == "outcome"
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
        ctx.analysis, None, [_quote(r) for r in (requirements or [])[:4]], limit=4
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


# --- OUTCOME-03 -------------------------------------------------------------------------------


def _targets(ctx: CheckContext, payment_pattern: re.Pattern[str]) -> tuple[list[str], list[str]]:
    """(texts an outcome may be matched to, names of the facts that were missing)."""
    texts: list[str] = []
    missing = []
    q = question_texts(ctx.analysis)
    if q is None:
        missing.append("questions")
    texts += q or []
    _, kpis = list_fact(ctx, "kpis")
    if kpis is None:
        missing.append("kpis")
    texts += [_quote(k) for k in kpis or []]
    texts += [s.text for s in ctx.analysis.sentences if payment_pattern.search(s.text)]
    return texts, missing


def matched(terms: set[str], targets: list[set[str]], min_shared: int) -> bool:
    need = min(min_shared, len(terms))
    return need > 0 and any(len(terms & t) >= need for t in targets)


@named_check("outcomes_matched")
def outcomes_matched(ctx: CheckContext, options: dict[str, Any]) -> Outcome:
    """OUTCOME-03: a stated outcome with no evaluation question, KPI or payment mechanism.

    Python because it is particular to this rule: each outcome is matched, by shared content
    words, against three different targets (questions, KPIs, payment-by-results sentences)."""
    outcomes = stated_outcomes(ctx)
    if outcomes is None:
        ctx.missing.append("outcome_statements")
        return Outcome("not-assessed")
    if not outcomes:
        return Outcome("not-applicable", detail="no outcomes are stated (see OUTCOME-01)")
    payment = re.compile(options["payment_pattern"], re.I)
    texts, missing = _targets(ctx, payment)
    if len(missing) == 2:
        ctx.missing.extend(missing)
        return Outcome("not-assessed", detail="neither questions nor KPIs were found")
    generic = options["generic_words"]
    targets = [text_terms(t, generic) for t in texts]
    unmatched = []
    for outcome in outcomes:
        terms = text_terms(outcome, generic)
        if terms and not matched(terms, targets, options["min_shared"]):
            unmatched.append(outcome)
    args = {
        "count": len(unmatched),
        "total": len(outcomes),
        "items": "; ".join(_label(o) for o in unmatched[:4]),
    }
    if not unmatched:
        return Outcome("pass", args=args)
    evidence = item_evidence(ctx.analysis, None, unmatched, limit=6)
    return Outcome("fail", evidence, args=args)


# --- OUTCOME-06 -------------------------------------------------------------------------------


@named_check("conditions_without_outcome")
def conditions_without_outcome(ctx: CheckContext, options: dict[str, Any]) -> Outcome:
    """OUTCOME-06: prescriptive conditions (staff ratios, named methods) no stated outcome needs.

    Python because it is particular to this rule: conditions are input and method requirements
    that also match a condition pattern, each matched by shared content words against the
    outcomes gathered from two facts."""
    fact, requirements = list_fact(ctx, "requirement_statements")
    outcomes = stated_outcomes(ctx)
    if requirements is None:
        ctx.missing.append("requirement_statements")
    if outcomes is None:
        ctx.missing.append("outcome_statements")
    if requirements is None or outcomes is None:
        return Outcome("not-assessed")
    if not outcomes:
        return Outcome("not-applicable", detail="no outcomes are stated (see OUTCOME-01)")
    pattern = compile_any(options["condition_patterns"])
    conditions = [
        _quote(r)
        for r in requirements
        if isinstance(r, dict)
        and r.get("kind") in ("input", "method")
        and pattern.search(_quote(r))
    ]
    generic = options["generic_words"]
    targets = [text_terms(o, generic) for o in outcomes]
    unneeded = [
        c for c in conditions if not matched(text_terms(c, generic), targets, options["min_shared"])
    ]
    args = {
        "count": len(unneeded),
        "total": len(conditions),
        "items": "; ".join(_label(c) for c in unneeded[:4]),
    }
    if not unneeded:
        return Outcome("pass", args=args)
    return Outcome("fail", item_evidence(ctx.analysis, fact, unneeded, limit=6), args=args)
