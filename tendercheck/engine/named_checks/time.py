"""Named checks for the TIME rules: the tender window against the law and good practice.

The statutory minimums, margins and working-day figures are the rule's ``options`` in
rules/time.yaml. The window is read from the derived facts (tender_period_days and friends)
when present, else worked out here from issue_date and submission_deadline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tendercheck.engine.checks import CheckContext, named_check
from tendercheck.engine.model import Outcome
from tendercheck.engine.named_checks.supplier import fact_evidence, mentions, need, peek
from tendercheck.nlp import dates
from tendercheck.nlp.model import Fact

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


def _when(value: Any) -> str:
    """An ISO date or date-time as "18 Oct 2017" or "18 Oct 2017 12:00"."""
    day = dates.as_date(value)
    if day is None:
        return str(value)
    text = str(value)
    return _day(day, True) + (f" {text[11:16]}" if "T" in text else "")


def _window_args(window: Window) -> dict[str, Any]:
    span = ""
    if window.issue and window.deadline:
        span = f" ({_day(window.issue, True)} to {_day(window.deadline, True)})"
    return {
        "days": window.days if window.days is not None else "?",
        "working_days": window.working_days if window.working_days is not None else "?",
        "span": span,
    }


def _window_evidence(ctx: CheckContext) -> list:
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
    if mentions(ctx, options.get("electronic_patterns", []), options.get("paper_patterns", [])):
        return True
    return None


def regime_of(ctx: CheckContext, options: dict) -> str | None:
    regime = peek(ctx, "regime")
    if regime in ("PA23", "PCR15"):
        return regime
    issue = dates.as_date(peek(ctx, "issue_date"))
    change = dates.as_date(options.get("regime_change", "2025-02-24"))
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


def _need_threshold(ctx: CheckContext) -> None:
    need(ctx, "above_threshold")
    if peek(ctx, "contract_value_total") is None and peek(ctx, "contract_value_annual") is None:
        need(ctx, "contract_value_total")


# --- TIME-01 / TIME-02 -----------------------------------------------------------------------------


@named_check("statutory_tender_period")
def statutory_tender_period(ctx: CheckContext, options: dict) -> Outcome:
    window = tender_window(ctx, options)
    if window is None or window.days is None:
        return Outcome("not-assessed")
    minimum = statutory_minimum(ctx, options)
    if minimum.applies is False:
        return Outcome("not-applicable", detail=minimum.reason)
    args = {**_window_args(window), "minimum": minimum.low, "basis": minimum.basis}
    if window.days >= minimum.high:
        return Outcome("pass", args=args)
    if window.days < minimum.low:
        if minimum.applies:
            return Outcome("fail", _window_evidence(ctx), args=args)
        _need_threshold(ctx)
        return Outcome("not-assessed")
    need(ctx, *minimum.unknown)
    return Outcome("not-assessed", detail="the minimum depends on circumstances not found")


def written_quality_answers(ctx: CheckContext, options: dict) -> tuple[int | None, str]:
    """How many written quality answers the bid asks for (None: unknown), and how we know."""
    questions = peek(ctx, "questions")
    if questions:
        written = [
            q
            for q in questions
            if isinstance(q, dict)
            and q.get("scored", True) is not False
            and q.get("topic") != "price"
        ]
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
        if weightings.get("price"):
            return 0, "price only"
    if peek(ctx, "award_method") == "price_only":
        return 0, "price only"
    return None, ""


@named_check("tender_period_margin")
def tender_period_margin(ctx: CheckContext, options: dict) -> Outcome:
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
    args = {**_window_args(window), "reason": "; ".join(reasons)}
    if reasons:
        return Outcome("fail", _window_evidence(ctx), args=args)
    if unknown:
        if minimum.applies is None and days <= minimum.high + margin:
            _need_threshold(ctx)
        if minimum.applies and days <= minimum.high + margin:
            need(ctx, *minimum.unknown)
        if days < floor and written_quality_answers(ctx, options)[0] is None:
            need(ctx, "questions")
        return Outcome("not-assessed")
    return Outcome("pass", args=args)


# --- TIME-03 / TIME-04 ------------------------------------------------------------------------------


@named_check("holiday_window")
def holiday_window(ctx: CheckContext, options: dict) -> Outcome:
    window = tender_window(ctx, options)
    if window is None or window.working_days is None or window.holidays_lost is None:
        if window is not None:
            need(ctx, "issue_date", "submission_deadline")
        return Outcome("not-assessed")
    args = {
        **_window_args(window),
        "lost": window.holidays_lost,
        "holidays": ", ".join(window.holiday_names) or "public holidays",
        "region": region_of(ctx, options),
    }
    failed = window.holidays_lost >= int(options["min_days_lost"]) and window.working_days < int(
        options["max_working_days"]
    )
    return Outcome("fail" if failed else "pass", _window_evidence(ctx) if failed else [], args=args)


@named_check("short_working_window")
def short_working_window(ctx: CheckContext, options: dict) -> Outcome:
    window = tender_window(ctx, options)
    if window is None or window.working_days is None:
        if window is not None:
            need(ctx, "issue_date", "submission_deadline")
        return Outcome("not-assessed")
    args = {**_window_args(window), "limit": int(options["min_working_days"])}
    failed = window.working_days < int(options["min_working_days"])
    return Outcome("fail" if failed else "pass", _window_evidence(ctx) if failed else [], args=args)


# --- TIME-05: conflicting dates --------------------------------------------------------------------


def _distinct(facts: list[Fact]) -> list[Fact]:
    """Document values that name different days, or different times on the same day."""
    by_day: dict[dt.date, list[Fact]] = {}
    for fact in facts:
        if fact.source != "document" or fact.value is None or fact.placeholder:
            continue
        day = dates.as_date(fact.value)
        if day is not None:
            by_day.setdefault(day, []).append(fact)
    out: list[Fact] = [group[0] for group in by_day.values()]
    if len(by_day) == 1:
        group = next(iter(by_day.values()))
        times: dict[str, Fact] = {}
        for fact in group:
            text = str(fact.value)
            if "T" in text:
                times.setdefault(text[11:16], fact)
        if len(times) > 1:
            out = list(times.values())
    return out if len(out) > 1 else []


@named_check("conflicting_dates")
def conflicting_dates(ctx: CheckContext, options: dict) -> Outcome:
    labels = {"submission_deadline": "submission deadline", "issue_date": "issue date"}
    found: list[str] = []
    evidence = []
    # A "deadline" equal to the clarification deadline is that deadline misread, not a conflict.
    clarification = peek(ctx, "clarification_deadline")
    for name in options.get("facts", list(labels)):
        facts = ctx.analysis.candidates.get(name, [])
        if name == "submission_deadline" and clarification is not None:
            facts = [f for f in facts if str(f.value) != str(clarification)]
        distinct = _distinct(facts)
        if not distinct:
            continue
        values = ", ".join(_when(f.value) for f in distinct)
        found.append(f"{len(distinct)} different {labels.get(name, name)}s ({values})")
        for fact in distinct:
            evidence.extend(e for e in fact.evidence[:2] if e not in evidence)
    if found:
        return Outcome("fail", evidence, args={"conflicts": "; ".join(found)})
    if ctx.fact("submission_deadline") is None:
        return Outcome("not-assessed")
    return Outcome("pass")


# --- TIME-06: clarification deadline ---------------------------------------------------------------


def _moment(value: Any) -> dt.datetime | None:
    text = str(value)
    try:
        return dt.datetime.fromisoformat(text) if "T" in text else None
    except ValueError:
        return None


@named_check("clarification_window")
def clarification_window(ctx: CheckContext, options: dict) -> Outcome:
    clarification = ctx.value("clarification_deadline")
    submission = ctx.value("submission_deadline")
    if clarification is None or submission is None:
        return Outcome("not-assessed")
    c_day, s_day = dates.as_date(clarification), dates.as_date(submission)
    if c_day is None or s_day is None:
        return Outcome("not-assessed", detail="a date could not be read")
    minimum = int(options["min_working_days"])
    c_at, s_at = _moment(clarification), _moment(submission)
    after = c_day > s_day or (c_at is not None and s_at is not None and c_at > s_at)
    working = 0 if after else dates.working_days_between(c_day, s_day, region_of(ctx, options))
    args = {
        "clarification": _when(clarification),
        "submission": _when(submission),
        "working_days": working,
        "limit": minimum,
        "reason": "after the submission deadline"
        if after
        else f"only {working} working day{'s' if working != 1 else ''} before the submission deadline",
    }
    if after or working < minimum:
        return Outcome(
            "fail", fact_evidence(ctx, "clarification_deadline", "submission_deadline"), args=args
        )
    return Outcome("pass", args=args)


# --- TIME-07: mobilisation --------------------------------------------------------------------------


@named_check("mobilisation_period")
def mobilisation_period(ctx: CheckContext, options: dict) -> Outcome:
    award = dates.as_date(peek(ctx, "award_date"))
    start = dates.as_date(peek(ctx, "contract_start"))
    weeks = peek(ctx, "mobilisation_weeks")
    if award and start:
        gap = (start - award).days
    elif weeks is not None:
        gap = round(float(weeks) * 7)
    else:
        need(ctx, "award_date", "contract_start")
        return Outcome("not-assessed")
    limit = int(options["min_weeks"])
    args = {"gap_days": gap, "gap_weeks": gap / 7, "limit": limit}
    if gap >= limit * 7:
        return Outcome("pass", args=args)
    tupe = peek(ctx, "tupe")
    recruit = peek(ctx, "recruitment_required")
    recruit_hits = mentions(ctx, options.get("recruitment_patterns", [])) if recruit is None else []
    triggers = []
    if tupe:
        triggers.append("TUPE applies")
    if recruit or recruit_hits:
        triggers.append("new staff must be recruited")
    if triggers:
        evidence = fact_evidence(ctx, "award_date", "contract_start", "mobilisation_weeks", "tupe")
        evidence += [s.evidence() for s in recruit_hits[:2]]
        return Outcome("fail", evidence, args={**args, "trigger": " and ".join(triggers)})
    if tupe is None and mentions(ctx, options.get("tupe_patterns", [])):
        need(ctx, "tupe")
        return Outcome("not-assessed")
    if not ctx.analysis.sentences and tupe is None:
        need(ctx, "tupe")
        return Outcome("not-assessed")
    return Outcome("not-applicable", detail="no TUPE transfer or recruitment found")
