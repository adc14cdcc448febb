"""Named checks for the EFFORT rules: bid effort against the value of the work on offer.

Thresholds are the rules' ``options`` in rules/effort.yaml; the effort model itself is
tendercheck.engine.effort (its parameters can be overridden per rule with ``options.effort``).
"""

from __future__ import annotations

from tendercheck.engine.checks import named_check
from tendercheck.engine.context import CheckContext
from tendercheck.engine.effort import estimate_effort
from tendercheck.engine.model import Outcome
from tendercheck.engine.named_checks.demands import money
from tendercheck.engine.named_checks.evidence import fact_evidence
from tendercheck.engine.named_checks.fact_reading import (
    contract_total,
    need,
    peek,
)

# --- EFFORT-01: estimated bid cost as a share of the contract value -------------------------------


@named_check("bid_cost_share")
def bid_cost_share(ctx: CheckContext, options: dict) -> Outcome:
    """Python, not a generic kind: the share is the effort model's estimate (hours for each
    question, page and demand, at a day rate) over the value, with severity tiers and a floor
    for bids of a day's work or less; the model is the report's own (tendercheck.engine.effort)."""
    value = contract_total(ctx)
    if value is None:
        return Outcome("not-assessed")
    if value <= 0:
        return Outcome("not-assessed", detail="the contract value is zero")
    # The same model and parameters as the report's effort estimate ([effort] in the config),
    # unless the rule's own options override them.
    estimate = estimate_effort(ctx.analysis, {**ctx.effort, **(options.get("effort") or {})})
    share = estimate["cost"] / value
    items = [b for b in estimate["breakdown"] if not b["item"].startswith(("reading", "skimming"))]
    args = {
        "hours": estimate["hours"],
        "days": estimate["days"],
        "cost": money(estimate["cost"]),
        "day_rate": money(estimate["day_rate"]),
        "share": share,
        "value": money(value),
        "breakdown": "; ".join(f"{b['item']} {b['hours']:g} h" for b in estimate["breakdown"]),
    }
    # A bid of a day's work or less is proportionate whatever the value (a quote for an £8,000
    # job takes a few hours, which is more than 1% of it).
    small_bid = estimate["hours"] <= float(options["min_hours"])
    for level in sorted(options["levels"], key=lambda lv: -float(lv["share"])):
        if share >= float(level["share"]) and not small_bid:
            evidence = fact_evidence(
                ctx,
                "contract_value_total",
                "contract_value_annual",
                "questions",
                "total_word_limit",
            )
            return Outcome(
                "fail",
                evidence,
                args={**args, "threshold": float(level["share"])},
                severity=level.get("severity"),
            )
    # Below the thresholds, the estimate is only a lower bound unless the asks were read.
    if not items and peek(ctx, "questions") is None and peek(ctx, "total_word_limit") is None:
        need(ctx, "questions")
        return Outcome("not-assessed", detail="no questions or other bid demands were read")
    return Outcome("pass", args=args)
