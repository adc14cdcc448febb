"""Named checks for the TIME rules: the tender window against the law and good practice.

The statutory minimums, margins and working-day figures are the rule's ``options`` in
rules/time.yaml; the window and the minimum are worked out in :mod:`.tender_window`.
"""

from __future__ import annotations

from tendercheck.engine.checks import named_check
from tendercheck.engine.context import CheckContext
from tendercheck.engine.model import Outcome
from tendercheck.engine.named_checks.fact_reading import need, need_threshold, peek
from tendercheck.engine.named_checks.pack_parts import scored_written_questions
from tendercheck.engine.named_checks.tender_window import (
    region_of,
    statutory_minimum,
    tender_window,
    window_args,
    window_evidence,
)

# --- TIME-01 / TIME-02 -----------------------------------------------------------------------------


@named_check("statutory_tender_period")
def statutory_tender_period(ctx: CheckContext, options: dict) -> Outcome:
    """Python, not a generic kind: the statutory minimum depends on the regime (PA23 or PCR15,
    by the issue date), the threshold, a notice or urgency, electronic submission and whether
    all documents were issued at once, and is a range while any of them is unknown."""
    window = tender_window(ctx, options)
    if window is None or window.days is None:
        return Outcome("not-assessed")
    minimum = statutory_minimum(ctx, options)
    if minimum.applies is False:
        return Outcome("not-applicable", detail=minimum.reason)
    args = {**window_args(window), "minimum": minimum.low, "basis": minimum.basis}
    if window.days >= minimum.high:
        return Outcome("pass", args=args)
    if window.days < minimum.low:
        if minimum.applies:
            return Outcome("fail", window_evidence(ctx), args=args)
        need_threshold(ctx)
        return Outcome("not-assessed")
    need(ctx, *minimum.unknown)
    return Outcome("not-assessed", detail="the minimum depends on circumstances not found")


def written_quality_answers(ctx: CheckContext, options: dict) -> tuple[int | None, str]:
    """How many written quality answers the bid asks for (None: unknown), and how we know."""
    questions = peek(ctx, "questions")
    if questions:
        written = scored_written_questions(questions)
        return len(written), f"{len(written)} scored written questions"
    count = peek(ctx, "question_count")
    if count:
        return int(count), f"{int(count)} questions"
    weightings = peek(ctx, "weightings")
    if isinstance(weightings, dict):
        non_price = sum(float(weightings.get(k) or 0) for k in ("quality", "social_value"))
        if non_price > 0:
            # A proposal scored on quality is written against several award criteria.
            return int(options["quality_proposal_counts_as"]), (
                f"a written proposal scored {non_price:g}% on quality"
            )
        if float(weightings.get("price") or 0) >= 99.5:
            return 0, "price only"  # not "price 40" of a table listing only some criteria
    if peek(ctx, "award_method") == "price_only":
        return 0, "price only"
    return None, ""


@named_check("tender_period_margin")
def tender_period_margin(ctx: CheckContext, options: dict) -> Outcome:
    """Python, not a generic kind: the same statutory minimum as TIME-01 (a range over unknown
    circumstances) plus a margin, and a floor for bids asking for written quality answers,
    counted from the questions, the question count or the weightings."""
    window = tender_window(ctx, options)
    if window is None or window.days is None:
        return Outcome("not-assessed")
    days = window.days
    margin = int(options["margin_days"])
    floor = int(options["quality_floor_days"])
    min_answers = int(options["min_quality_answers"])
    reasons: list[str] = []
    unknown = False
    minimum = statutory_minimum(ctx, options)
    if minimum.applies is not False:
        if days <= minimum.low + margin:
            if minimum.applies:
                reasons.append(
                    f"at or within {margin} days of the {minimum.low}-day legal minimum "
                    f"({minimum.basis})"
                )
            else:
                unknown = True
        elif days <= minimum.high + margin:
            unknown = True
    if days < floor:
        answers, how = written_quality_answers(ctx, options)
        if answers is None:
            unknown = True
        elif answers >= min_answers:
            reasons.append(f"under {floor} days for a bid that asks for {how}")
    args = {**window_args(window), "reason": "; ".join(reasons)}
    if reasons:
        return Outcome("fail", window_evidence(ctx), args=args)
    if unknown:
        if minimum.applies is None and days <= minimum.high + margin:
            need_threshold(ctx)
        if minimum.applies and days <= minimum.high + margin:
            need(ctx, *minimum.unknown)
        if days < floor and written_quality_answers(ctx, options)[0] is None:
            need(ctx, "questions")
        return Outcome("not-assessed")
    return Outcome("pass", args=args)


# --- TIME-03 / TIME-04 ------------------------------------------------------------------------------


@named_check("holiday_window")
def holiday_window(ctx: CheckContext, options: dict) -> Outcome:
    """Python, not a generic kind: the working days lost to the public holidays of the
    region's calendar inside the window, named in the finding."""
    window = tender_window(ctx, options)
    if window is None or window.working_days is None or window.holidays_lost is None:
        if window is not None:
            need(ctx, "issue_date", "submission_deadline")
        return Outcome("not-assessed")
    args = {
        **window_args(window),
        "lost": window.holidays_lost,
        "holidays": ", ".join(window.holiday_names) or "public holidays",
        "region": region_of(ctx, options),
    }
    failed = window.holidays_lost >= int(options["min_days_lost"]) and window.working_days < int(
        options["max_working_days"]
    )
    return Outcome("fail" if failed else "pass", window_evidence(ctx) if failed else [], args=args)
