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
from tendercheck.engine.named_checks.evidence import fact_evidence, sentences_quoting
from tendercheck.engine.named_checks.fact_reading import (
    contract_total,
    need,
    peek,
)
from tendercheck.engine.named_checks.pack_parts import scored_written_questions
from tendercheck.engine.named_checks.patterns import compile_any, mentions
from tendercheck.nlp.clauses import reads

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


# --- EFFORT-03: scored questions with no limit ----------------------------------------------------


@named_check("unbounded_questions")
def unbounded_questions(ctx: CheckContext, options: dict) -> Outcome:
    questions = peek(ctx, "questions")
    if not questions:
        if peek(ctx, "award_method") == "price_only":
            return Outcome("pass", args={"count": 0})
        need(ctx, "questions")
        return Outcome("not-assessed")
    open_ended = [
        q
        for q in scored_written_questions(questions)
        if not q.get("word_limit") and not q.get("page_limit")
    ]
    if not open_ended:
        return Outcome("pass", args={"count": 0})
    labels = [str(q.get("id") or (q.get("text") or "?")[:60]) for q in open_ended]
    evidence = sentences_quoting(ctx, [q.get("text", "") for q in open_ended]) or fact_evidence(
        ctx, "questions"
    )
    return Outcome(
        "fail",
        evidence,
        args={
            "count": len(open_ended),
            "questions": ", ".join(labels[:8]) + (" …" if len(labels) > 8 else ""),
        },
    )


# --- EFFORT-05: evidence from every bidder at bid stage --------------------------------------------


@named_check("evidence_at_bid_stage")
def evidence_at_bid_stage(ctx: CheckContext, options: dict) -> Outcome:
    """Counts the extracted bid-stage evidence demands, plus attachments that are copies of
    evidence; when neither fact was produced, scans the sentences with the same patterns."""
    items = peek(ctx, "evidence_at_bid_stage")
    attachments = peek(ctx, "attachments_demanded")
    if items is None and attachments is None:
        if not ctx.analysis.sentences:
            need(ctx, "evidence_at_bid_stage")
            return Outcome("not-assessed")
        hits = mentions(ctx, options["patterns"], options["unless"])
        # only demands on every bidder: not "if requested", not guidance, not a contract duty
        hits = [s for s in hits if reads("bid_demand", s.clause)]
        quotes = [s.text for s in hits]
        evidence = [s.evidence() for s in hits[:10]]
    else:
        quotes = [str(q.get("quote", "") if isinstance(q, dict) else q) for q in items or []]
        copy = compile_any(options["patterns"])
        unless = options["unless"]
        skip = compile_any(unless) if unless else None
        for item in attachments or []:
            quote = str(item.get("quote", "") if isinstance(item, dict) else item)
            if copy.search(quote) and not (skip and skip.search(quote)):
                quotes.append(quote)
        quotes = list(dict.fromkeys(" ".join(q.split()) for q in quotes if q.strip()))
        evidence = sentences_quoting(ctx, quotes) or fact_evidence(ctx, "evidence_at_bid_stage")
    count = len(quotes)
    args = {"count": count, "examples": "; ".join(f"“{_clip(q)}”" for q in quotes[:3])}
    if count >= int(options["min_count"]):
        return Outcome("fail", evidence, args=args)
    return Outcome("pass", args=args)


def _clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
