"""Reading facts inside a named check: values used without being marked missing, missing facts
recorded, list facts, numbers, the contract value, and the outcome when a demand was not found.
"""

from __future__ import annotations

from typing import Any

from tendercheck.engine.context import CheckContext
from tendercheck.engine.model import Outcome
from tendercheck.engine.named_checks.demands import placeholder, usable
from tendercheck.engine.named_checks.patterns import mentions
from tendercheck.nlp.model import Fact


def usable_fact(ctx: CheckContext, name: str) -> Fact | None:
    """A usable fact, recorded as used, without marking it missing (for optional facts)."""
    fact = usable(ctx.analysis, name)
    if fact is not None and fact not in ctx.used:
        ctx.used.append(fact)
    return fact


def peek(ctx: CheckContext, name: str) -> Any:
    """A fact's value, or None, *without* recording it as missing (for optional facts)."""
    fact = usable_fact(ctx, name)
    return None if fact is None else fact.value


def is_placeholder(ctx: CheckContext, name: str) -> bool:
    return placeholder(ctx.analysis, name)


def need(ctx: CheckContext, *names: str) -> None:
    """Record facts as missing (ctx.fact notes placeholders too)."""
    for name in names:
        if ctx.fact(name) is None and name not in ctx.missing:
            ctx.missing.append(name)


def need_threshold(ctx: CheckContext) -> None:
    """Record that whether the contract is above threshold is not known, and the value behind it."""
    need(ctx, "above_threshold")
    if peek(ctx, "contract_value_total") is None and peek(ctx, "contract_value_annual") is None:
        need(ctx, "contract_value_total")


def list_fact(ctx: CheckContext, name: str) -> tuple[Fact | None, list | None]:
    """A list fact and its items; (None, None) when the fact was not produced."""
    fact = ctx.analysis.facts.get(name)
    if fact is None or fact.placeholder or not isinstance(fact.value, list):
        return None, None
    if fact not in ctx.used:
        ctx.used.append(fact)
    return fact, fact.value


def number(value: Any) -> float | None:
    """A numeric value as a float; None for anything else (booleans included)."""
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def contract_total(ctx: CheckContext, record: bool = True) -> float | None:
    """Total contract value, or annual value × duration when only those were found."""
    total = peek(ctx, "contract_value_total")
    if total is not None:
        return float(total)
    annual, months = peek(ctx, "contract_value_annual"), peek(ctx, "contract_duration_months")
    if annual is not None and months:
        return float(annual) * float(months) / 12.0
    if record:
        need(ctx, "contract_value_total")
        if is_placeholder(ctx, "contract_value_annual"):
            need(ctx, "contract_value_annual")
    return None


def contract_annual(ctx: CheckContext, record: bool = True) -> float | None:
    """Annual contract value; a contract of a year or less is worth its total a year."""
    annual = peek(ctx, "contract_value_annual")
    if annual is not None:
        return float(annual)
    total, months = peek(ctx, "contract_value_total"), peek(ctx, "contract_duration_months")
    if total is not None and months:
        return float(total) * 12.0 / max(float(months), 12.0)
    if record:
        need(ctx, "contract_value_annual")
        if is_placeholder(ctx, "contract_value_total"):
            need(ctx, "contract_value_total")
    return None


def not_demanded(ctx: CheckContext, fact: str, options: dict, what: str) -> Outcome:
    """The outcome when the demand fact was not found.

    Pass only when the pack was read and nothing in it mentions the demand; when it does (a
    demand the extractors could not read) or the fact is a placeholder, not-assessed.
    """
    if is_placeholder(ctx, fact) or not ctx.analysis.sentences:
        need(ctx, fact)
        return Outcome("not-assessed")
    hits = mentions(ctx, options["mention_patterns"], options["mention_unless"])
    if hits:
        need(ctx, fact)
        return Outcome(
            "not-assessed",
            evidence=[s.evidence() for s in hits[:3]],
            detail=f"the pack mentions {what} but no figure or demand was read",
        )
    return Outcome("pass", args={"absent": what})
