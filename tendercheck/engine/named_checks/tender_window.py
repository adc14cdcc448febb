"""The tender window and the statutory minimum tendering period, as the TIME checks read them.

The window is read from the derived facts (tender_period_days and friends) when present, else
worked out from issue_date and submission_deadline; the minimums are the rule's ``options``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tendercheck.engine.context import CheckContext
from tendercheck.engine.named_checks.evidence import fact_evidence
from tendercheck.engine.named_checks.fact_reading import need, peek
from tendercheck.engine.named_checks.patterns import mentions
from tendercheck.nlp import dates

# --- the window -----------------------------------------------------------------------------------


@dataclass
class Window:
    days: int | None  # calendar days, the day after issue to the deadline
    working_days: int | None
    holidays_lost: int | None
    holiday_names: list[str] = field(default_factory=list)
    issue: dt.date | None = None
    deadline: dt.date | None = None


def region_of(ctx: CheckContext, options: dict) -> str:
    try:
        return dates.normalise_region(peek(ctx, "region") or options.get("region") or "ENG")
    except ValueError:
        return "ENG"


def tender_window(ctx: CheckContext, options: dict) -> Window | None:
    """The tender window, or None (with the missing dates recorded) when it cannot be known."""
    region = region_of(ctx, options)
    issue = dates.as_date(peek(ctx, "issue_date"))
    deadline = dates.as_date(peek(ctx, "submission_deadline"))
    days = peek(ctx, "tender_period_days")
    working = peek(ctx, "tender_period_working_days")
    lost = peek(ctx, "holiday_working_days_lost")
    names: list[str] = []
    if issue and deadline and deadline > issue:
        if days is None:
            days = dates.calendar_days_between(issue, deadline)
        if working is None:
            working = dates.working_days_between(issue, deadline, region)
        lost_days = dates.holiday_working_days_lost(issue, deadline, region)
        if lost is None:
            lost = lost_days
        holidays = dates.public_holidays(issue + dt.timedelta(days=1), deadline, region)
        names = [f"{holidays[d]} {_day(d)}" for d in lost_days if d in holidays]
    if isinstance(lost, (list, tuple)):
        lost = len(lost)
    if days is None and working is None:
        need(ctx, "issue_date", "submission_deadline")
        return None
    return Window(
        days=None if days is None else int(days),
        working_days=None if working is None else int(working),
        holidays_lost=None if lost is None else int(lost),
        holiday_names=names,
        issue=issue,
        deadline=deadline,
    )


def _day(day: dt.date, year: bool = False) -> str:
    return f"{day.day} {day:%b %Y}" if year else f"{day.day} {day:%b}"


def day_and_time(value: Any) -> str:
    """An ISO date or date-time as "18 Oct 2017" or "18 Oct 2017 12:00"."""
    day = dates.as_date(value)
    if day is None:
        return str(value)
    text = str(value)
    return _day(day, True) + (f" {text[11:16]}" if "T" in text else "")


def window_args(window: Window) -> dict[str, Any]:
    span = ""
    if window.issue and window.deadline:
        span = f" ({_day(window.issue, True)} to {_day(window.deadline, True)})"
    return {
        "days": window.days if window.days is not None else "?",
        "working_days": window.working_days if window.working_days is not None else "?",
        "span": span,
    }


def window_evidence(ctx: CheckContext) -> list:
    return fact_evidence(ctx, "issue_date", "submission_deadline", "tender_period_days")


# --- the statutory minimum ------------------------------------------------------------------------


@dataclass
class Minimum:
    applies: bool | None  # False: no statutory minimum (below threshold, light-touch)
    low: int | None = None  # the lowest minimum the circumstances found allow
    high: int | None = None  # the highest
    basis: str = ""
    unknown: list[str] = field(default_factory=list)  # facts that would narrow low..high
    reason: str = ""  # why no minimum applies


def _flag(ctx: CheckContext, name: str) -> bool | None:
    value = peek(ctx, name)
    return None if value is None else bool(value)


def _electronic(ctx: CheckContext, options: dict) -> bool | None:
    stated = _flag(ctx, "electronic_submission")
    if stated is not None:
        return stated
    if peek(ctx, "paper_submission"):
        return False
    if mentions(ctx, options["electronic_patterns"], options["paper_patterns"]):
        return True
    return None


def regime_of(ctx: CheckContext, options: dict) -> str | None:
    regime = peek(ctx, "regime")
    if regime in ("PA23", "PCR15"):
        return regime
    issue = dates.as_date(peek(ctx, "issue_date"))
    change = dates.as_date(options["regime_change"])
    if issue and change:
        return "PCR15" if issue < change else "PA23"
    return None


def statutory_minimum(ctx: CheckContext, options: dict) -> Minimum:
    """The statutory minimum tendering period for the circumstances found, as a range."""
    table = options["minimums"]
    contract_type = peek(ctx, "contract_type")
    if contract_type == "light-touch":
        return Minimum(False, reason="a light-touch contract has no statutory minimum period")
    above = peek(ctx, "above_threshold")
    if above is False:
        return Minimum(False, reason="below threshold the law asks only for a reasonable period")
    regime = regime_of(ctx, options)
    notice = _flag(ctx, "planned_procurement_notice")
    urgency = _flag(ctx, "urgency")
    electronic = _electronic(ctx, options)
    all_documents = _flag(ctx, "all_documents_at_once")
    candidates: list[tuple[int, str]] = []
    unknown: list[str] = []
    # A reduced period (planned procurement notice, urgency) must be relied on and stated by
    # the authority: when the pack does not say so, it is not available.
    for reg in [regime] if regime else ["PA23", "PCR15"]:
        t = table[reg]
        if reg == "PA23":
            if notice or urgency:
                why = "a qualifying planned procurement notice" if notice else "declared urgency"
                candidates.append((int(t["reduced"]), f"PA23 s.54, with {why}"))
                continue
            for e in [electronic] if electronic is not None else [True, False]:
                for a in [all_documents] if all_documents is not None else [True, False]:
                    key = "both" if e and a else "one" if e or a else "neither"
                    held = {
                        "both": "with electronic submission and all documents issued at once",
                        "one": "with electronic submission"
                        if e
                        else "with all documents issued at once",
                        "neither": "without electronic submission or all documents at once",
                    }[key]
                    candidates.append((int(t[key]), f"PA23 s.54, {held}"))
            if all_documents is None:
                unknown.append("all_documents_at_once")
        else:
            if notice:
                candidates.append(
                    (
                        int(t["prior_information_notice"]),
                        "PCR15 reg 27(2), with a prior information notice",
                    )
                )
                continue
            if urgency:
                candidates.append((int(t["urgency"]), "PCR15 reg 27(3), urgency"))
                continue
            for e in [electronic] if electronic is not None else [True, False]:
                key = "electronic" if e else "open"
                held = "reg 27(4), with electronic submission" if e else "reg 27(1), open procedure"
                candidates.append((int(t[key]), f"PCR15 {held}"))
        if electronic is None:
            unknown.append("electronic_submission")
    if regime is None:
        unknown.append("regime")
    low = min(candidates)
    high = max(candidates)
    return Minimum(
        applies=True if above else None,
        low=low[0],
        high=high[0],
        basis=low[1],
        unknown=list(dict.fromkeys(unknown)),
    )
