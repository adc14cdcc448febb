"""Effort fit and time fit: the bid's estimated effort against the organisation's hours, day rate
and the contract value; working days left to the deadline from today.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from tendercheck.bidder.gaps import money
from tendercheck.bidder.profile import Profile
from tendercheck.engine.named_checks.demands import usable
from tendercheck.nlp.dates import (
    NOT_DATED_PREFIXES,
    as_date,
    normalise_region,
    working_days_between,
)
from tendercheck.nlp.model import Analysis

FITS = ("ok", "tight", "over")
HOURS_OK = 0.75  # share of the hours available a bid may take and still be "ok"
HOURS_WIDE_MARGIN = 1.5  # more than this many times the hours available: don't bid
SHARE_TIGHT, SHARE_OVER = 1.0, 3.0  # bid cost, percent of the contract value (EFFORT-01)
TIME_TIGHT_DAYS = 10  # working days (TIME-04)


def worst(*fits: str | None) -> str | None:
    known = [f for f in fits if f in FITS]
    return max(known, key=FITS.index) if known else None


def effort_fit(analysis: Analysis, effort: dict[str, Any] | None, profile: Profile) -> dict:
    """The engine's effort estimate, costed at the profile's day rate and compared."""
    if not effort or effort.get("hours") is None:
        return {
            "hours": None,
            "cost": None,
            "breakdown": [],
            "fit": None,
            "hours_available": profile.hours_available,
        }
    per_day = float((effort.get("parameters") or {}).get("hours_per_day", 7.5)) or 7.5
    hours = float(effort["hours"])
    cost = round(hours / per_day * profile.day_rate)
    breakdown = [
        {**item, "cost": round(float(item.get("hours", 0)) / per_day * profile.day_rate)}
        for item in effort.get("breakdown", [])
    ]
    available = profile.hours_available
    ratio = hours / available if available > 0 else (math.inf if hours > 0 else 0.0)
    hours_fit = "ok" if ratio <= HOURS_OK else "tight" if ratio <= 1 else "over"
    value_fact = usable(analysis, "contract_value_total") or usable(
        analysis, "contract_value_annual"
    )
    value = _positive(value_fact.value) if value_fact is not None else None
    share = value_fit = margin = None
    if value:
        share = round(cost / value * 100, 2)
        value_fit = "ok" if share < SHARE_TIGHT else "tight" if share < SHARE_OVER else "over"
        margin = round(value * profile.margin / 100)
    complete = effort.get("complete", True) is not False
    fit = worst(hours_fit, value_fit)
    if not complete and fit != "over":
        fit = None  # a lower bound within the hours says nothing about the whole bid
    return {
        "hours": round(hours, 1),
        "days": round(hours / per_day, 1),
        "cost": cost,
        "day_rate": profile.day_rate,
        "complete": complete,
        "breakdown": breakdown,
        "assumptions": list(effort.get("assumptions", [])),
        "rates": {k: v for k, v in (effort.get("parameters") or {}).items() if k != "day_rate"},
        "hours_available": available,
        "hours_ratio": None if math.isinf(ratio) else round(ratio, 2),
        "hours_fit": hours_fit,
        "contract_value": value,
        "share_of_value": share,
        "expected_margin": margin,
        "value_fit": value_fit,
        "fit": fit,
        "hours_far_over": ratio > HOURS_WIDE_MARGIN,
    }


def effort_reason(effort: dict) -> str:
    if effort.get("hours") is None:
        return "The bid effort could not be estimated."
    text = (
        f"The bid needs about {effort['hours']:g} hours (£{effort['cost']:,} at your "
        f"£{effort['day_rate']:,.0f} day rate); you have {effort['hours_available']:g} hours."
    )
    if effort["share_of_value"] is not None:
        text += (
            f" That is {effort['share_of_value']:g}% of the {money(effort['contract_value'])} "
            f"contract value"
        )
        margin = effort["expected_margin"]
        if margin:
            text += f" and {effort['cost'] / margin:.0%} of the {money(margin)} you might expect to make on it"
        text += "."
    else:
        text += (
            " The contract value is not stated in the pack, so the cost was not compared with it."
        )
    if effort.get("complete") is False:
        fit = "over, even so" if effort["fit"] == "over" else "not known"
        return text + (
            f" That is a lower bound, not the whole bid: "
            f"{' '.join(effort.get('assumptions') or [])} Effort fit: {fit}."
        )
    return text + f" Effort fit: {effort['fit']}."


def _positive(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _deadline(analysis: Analysis, name: str) -> tuple[str | None, str]:
    """The deadline the analysis chose, and a note naming any other dates the pack gives."""
    fact = usable(analysis, name)
    if fact is None:
        stated = analysis.facts.get(name)
        if stated is not None and stated.placeholder:
            return None, "left as a placeholder"
        if stated is not None and stated.note.startswith(NOT_DATED_PREFIXES):
            # "20 March" with no year known, or "March 2026" with no day: stated, not dated
            return None, stated.note
        return None, "not stated"
    if as_date(fact.value) is None:
        return None, "not a date"
    others = sorted(
        {str(f.value) for f in analysis.conflicts(name) if as_date(f.value) is not None}
        - {str(fact.value)}
    )
    note = ""
    if others:
        note = (
            "the pack also gives "
            + ", ".join(_long_date(v) for v in others)
            + ": check which applies"
        )
    return str(fact.value), note


def _days_left(today: dt.date, when: dt.date, region: str) -> int:
    if when >= today:
        return working_days_between(today, when, region)
    return -max(1, working_days_between(when, today, region))


def procedure(analysis: Analysis) -> str:
    """The pack's procedure: the fact (supplied, or derived from the clause model), else what
    the clause model's documents name."""
    value = analysis.value("procedure")
    if value:
        return str(value)
    from tendercheck.nlp.clauses import pack_procedure

    return pack_procedure(analysis.sentences)


def time_fit(
    analysis: Analysis, profile: Profile, today: dt.date, effort_days: float | None
) -> dict:
    region = normalise_region(profile.region)
    deadline, note = _deadline(analysis, "submission_deadline")
    proc = procedure(analysis)
    out: dict[str, Any] = {
        "today": today.isoformat(),
        "deadline": deadline,
        "working_days_left": None,
        "calendar_days_left": None,
        "region": profile.region,
        "fit": None,
        "note": note,
        "clarification_deadline": None,
        "clarification_working_days_left": None,
    }
    if proc in ("dps", "framework"):
        out["procedure"] = proc
    if deadline is not None:
        day = as_date(deadline)
        left = _days_left(today, day, region)
        out["working_days_left"] = left
        out["calendar_days_left"] = (day - today).days
        if day < today:
            # A DPS takes suppliers throughout its term and a framework may reopen: this round
            # has closed, not the chance to join.
            out["fit"] = "reopens" if proc in ("dps", "framework") else "passed"
        elif left < TIME_TIGHT_DAYS or (effort_days is not None and effort_days > left):
            out["fit"] = "tight"
        else:
            out["fit"] = "ok"
    if not out["note"]:
        del out["note"]
    clarification, _ = _deadline(analysis, "clarification_deadline")
    if clarification is not None:
        out["clarification_deadline"] = clarification
        out["clarification_working_days_left"] = _days_left(today, as_date(clarification), region)
    return out


def time_reasons(time: dict) -> list[str]:
    if time["deadline"] is None and time.get("procedure") == "dps":
        return [
            "No submission deadline is stated: a dynamic purchasing system takes new suppliers "
            "throughout its term, so ask the buyer when it closes."
        ]
    if time["deadline"] is None:
        return [
            f"The submission deadline is {time.get('note', 'not stated')} in the pack, so the time left was not checked."
        ]
    day = _long_date(time["deadline"])
    left = time["working_days_left"]
    if time["fit"] == "passed":
        reasons = [f"The submission deadline of {day} has passed."]
    elif time["fit"] == "reopens":
        how = (
            "a dynamic purchasing system takes new suppliers throughout its term"
            if time.get("procedure") == "dps"
            else "a framework may reopen or take new suppliers later"
        )
        reasons = [
            f"The deadline of {day} has passed for this round, but {how}: ask the buyer when "
            "you can next apply."
        ]
    else:
        reasons = [
            f"{left} working day(s) left until the deadline of {day}. Time fit: {time['fit']}."
        ]
    note = time.get("note")
    if note:
        reasons[0] += f" ({note[:1].upper()}{note[1:]}.)"
    clar = time["clarification_deadline"]
    if clar is not None and time["fit"] != "passed":
        clar_left = time["clarification_working_days_left"]
        if as_date(clar) < as_date(time["today"]):
            reasons.append(
                f"The clarification deadline ({_long_date(clar)}) has passed: the buyer may not answer questions now."
            )
        else:
            reasons.append(
                f"Ask your questions by the clarification deadline, {_long_date(clar)} ({clar_left} working day(s) away)."
            )
    return reasons


def _long_date(value: str) -> str:
    day = as_date(value)
    text = f"{day.day} {day.strftime('%B %Y')}"
    if "T" in str(value):
        text = f"{str(value)[11:16]} on {text}"
    return text
