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
    contract_annual,
    contract_total,
    need,
    need_threshold,
    not_demanded,
    peek,
)
from tendercheck.engine.named_checks.pack_parts import scored_written_questions
from tendercheck.engine.named_checks.patterns import compile_any, mentions
from tendercheck.nlp.clauses import reads

# --- EFFORT-01: estimated bid cost as a share of the contract value -------------------------------


@named_check("bid_cost_share")
def bid_cost_share(ctx: CheckContext, options: dict) -> Outcome:
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


# --- EFFORT-02: total word allowance against annual value -----------------------------------------


def total_words(ctx: CheckContext) -> int | None:
    words = peek(ctx, "total_word_limit")
    if words:
        return int(words)
    questions = peek(ctx, "questions")
    if questions:
        limits = [
            int(q["word_limit"]) for q in scored_written_questions(questions) if q.get("word_limit")
        ]
        if limits:
            return sum(limits)
    return None


@named_check("word_allowance")
def word_allowance(ctx: CheckContext, options: dict) -> Outcome:
    words = total_words(ctx)
    if words is None:
        need(ctx, "total_word_limit")
    annual = contract_annual(ctx)
    if words is None or annual is None:
        return Outcome("not-assessed")
    per_10k = float(options["words_per_10k"])
    cap_below = float(options["small_contract_annual"])
    cap_words = float(options["small_contract_words"])
    allowance = annual / 10_000 * per_10k
    reasons = []
    if words > allowance:
        reasons.append(
            f"more than {per_10k:,.0f} words per £10,000 a year (allowance {allowance:,.0f} words)"
        )
    if annual < cap_below and words > cap_words:
        reasons.append(f"over {cap_words:,.0f} words on a contract under {money(cap_below)} a year")
    args = {
        "words": words,
        "annual": money(annual),
        "reason": " and ".join(reasons),
        "per_10k": words / (annual / 10_000) if annual else 0,
    }
    if reasons:
        return Outcome(
            "fail",
            fact_evidence(ctx, "total_word_limit", "questions", "contract_value_annual"),
            args=args,
        )
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


# --- EFFORT-04: presentations and site visits below threshold --------------------------------------


def _required_presentations(presentations: object) -> list:
    """Presentations, interviews and demonstrations bidders must give (optional ones excluded)."""
    if not presentations:
        return []
    if not isinstance(presentations, list):
        return [presentations]
    return [p for p in presentations if not (isinstance(p, dict) and p.get("mandatory") is False)]


@named_check("presentations_below_threshold")
def presentations_below_threshold(ctx: CheckContext, options: dict) -> Outcome:
    above = peek(ctx, "above_threshold")
    if above is True:
        return Outcome("not-applicable", detail="above threshold")
    presentations = peek(ctx, "presentations")
    site = peek(ctx, "site_visit")
    demands = []
    required = _required_presentations(presentations)
    if required:
        kinds = [
            str(p.get("kind") or "presentation") if isinstance(p, dict) else "presentation"
            for p in required
        ]
        demands.append(
            " and ".join(f"an {k}" if k[:1] in "aeiou" else f"a {k}" for k in dict.fromkeys(kinds))
        )
    if isinstance(site, dict) and site.get("mandatory"):
        demands.append("a mandatory site visit")
    if not demands:
        if presentations is None and site is None:
            return not_demanded(
                ctx, "presentations", options, "a presentation, interview or site visit"
            )
        return Outcome("pass")
    if above is None:
        need_threshold(ctx)
        return Outcome("not-assessed")
    return Outcome(
        "fail",
        fact_evidence(ctx, "presentations", "site_visit"),
        args={"demands": " and ".join(demands)},
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


# --- EFFORT-07: pack length against value ----------------------------------------------------------


@named_check("pack_length")
def pack_length(ctx: CheckContext, options: dict) -> Outcome:
    value = contract_total(ctx)
    if value is None:
        return Outcome("not-assessed")
    limit = float(options["small_contract"])
    if value >= limit:
        return Outcome("not-applicable", detail=f"contract of {money(limit)} or more")
    pages = peek(ctx, "pack_pages") or ctx.analysis.pack.pages
    per_10k = pages / (value / 10_000) if value > 0 else float("inf")
    args = {
        "pages": int(pages),
        "value": money(value),
        "per_10k": per_10k,
        "limit": float(options["pages_per_10k"]),
    }
    if pages > int(options["min_pages"]) and per_10k > float(options["pages_per_10k"]):
        return Outcome("fail", fact_evidence(ctx, "contract_value_total"), args=args)
    return Outcome("pass", args=args)
