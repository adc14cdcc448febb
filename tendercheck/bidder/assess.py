"""The bidder's view: should this organisation bid, bid with a partner, or walk away?

:func:`assess_bid` reads the same analysis and result as the officer's report, with an
organisation profile, and returns the ``"bidder"`` object of the JSON report (DESIGN.md):
``verdict``, ``reasons``, ``eligibility_gaps``, ``effort``, ``time``, ``risks`` and
``clarification_questions``.

How the verdict is reached:

- **no-bid** when something cannot be overcome before the deadline: the deadline has passed; a
  gap that neither the organisation nor a partner can close (a requirement a partner could meet
  where the tender forbids consortia or reliance on others' capacity; a certification that
  cannot be had in time when partnering is forbidden); or the bid needs more than 1.5 times the
  hours the organisation has.
- **partner** when every gap the organisation cannot close itself could be closed by a
  consortium or sub-contract partner (PA23 s.22(8) lets a supplier rely on another's economic
  and financial standing and technical ability: turnover, accounts, track record, experience,
  certifications), or when the bid needs more hours than the organisation has (but not 1.5
  times as many) and a partner could share the writing.
- **can't tell yet** (``cant-tell``) when nothing rules the bid out but the pack lacks what the
  decision rests on: the contract value, the submission deadline (not needed for a dynamic
  purchasing system, which takes suppliers throughout its term) or the specification; or a
  framework's round has closed and the next is not known. ``find_out`` lists what to find out.
- **bid** otherwise: no gaps, or only gaps the organisation can close itself (insurance bought
  or raised by the deadline or on award, a certification obtainable in time), with the effort
  within the hours available. A tight fit is said in the reasons, not hidden in the verdict.

A fact the pack does not state is never taken as met, nor as a gap: the reasons list what could
not be checked ("not stated in the pack") and what the profile does not say.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tendercheck.bidder.eligibility import Checks, find_gaps
from tendercheck.bidder.fit import effort_fit, effort_reason, time_fit, time_reasons
from tendercheck.bidder.gaps import Gap, first_evidence, lots_named, partnering
from tendercheck.bidder.profile import Profile
from tendercheck.bidder.questions import Asking
from tendercheck.bidder.risks import find_risks
from tendercheck.engine.named_checks.demands import usable
from tendercheck.nlp.model import Analysis

VERDICTS = ("bid", "partner", "no-bid", "cant-tell")


def assess_bid(
    analysis: Analysis, result: Any, profile: Profile, today: dt.date | None = None
) -> dict[str, Any]:
    """The bidder object for ``report.bidder`` (JSON-ready: plain dicts, lists, numbers)."""
    if isinstance(today, dt.datetime):
        today = today.date()
    today = today or dt.date.today()
    effort_estimate = getattr(result, "effort", None)
    from tendercheck.engine.effort import estimate_effort, for_some_lots

    if effort_estimate and (profile.lots or for_some_lots(analysis)):
        # the same model and parameters, for the lots this organisation bids for (when it has
        # not said, what every lot asks)

        effort_estimate = estimate_effort(
            analysis,
            effort_estimate.get("parameters"),
            lots=profile.lots,
            lots_unknown=not profile.lots,
        )
    effort = effort_fit(analysis, effort_estimate, profile)
    time = time_fit(analysis, profile, today, effort.get("days"))
    failed = {r.rule.id for r in result.failed()} if result is not None else set()
    partner = partnering(analysis)
    left = time["working_days_left"]
    checks = Checks(analysis, profile, partner, failed, None if left is None else max(left, 0))
    findings = find_gaps(checks)
    risks = find_risks(analysis)
    verdict, reasons = _decide(findings.gaps, effort, time)
    find_out = _find_out(analysis, time)
    if find_out and verdict != "no-bid":
        # nothing rules the bid out, but what the decision rests on is not known
        verdict = "cant-tell"
        so_far = reasons[0].split(": ", 1)[-1]  # "Bid: you meet…", "Bid with a partner: you…"
        reasons[0] = (
            f"Can't tell yet: the pack does not say {len(find_out)} thing(s) the decision rests "
            f"on (find out: {', '.join(_short(f) for f in find_out)}). So far: "
            f"{so_far[:1].upper()}{so_far[1:]}"
        )
    if partner.welcomed:
        reasons.append("The tender welcomes consortia or bids relying on partners.")
    if findings.turnover_reach:
        reasons.append(findings.turnover_reach["text"])
    reasons.extend(findings.caveats)
    reasons.append(effort_reason(effort))
    reasons.extend(time_reasons(time))
    if risks.flags:
        reasons.append(
            "Risks to weigh: " + ", ".join(dict.fromkeys(r["flag"] for r in risks.flags)) + "."
        )
    if findings.not_stated:
        reasons.append(
            "Not stated in the pack, so not checked: " + "; ".join(findings.not_stated) + "."
        )
    if findings.not_given:
        reasons.append(
            "Your profile does not say, so not checked: " + "; ".join(findings.not_given) + "."
        )
    return {
        "organisation": profile.name,
        "verdict": verdict,
        "find_out": find_out,
        "reasons": reasons,
        "eligibility_gaps": [g.to_dict() for g in findings.gaps],
        "turnover_reach": findings.turnover_reach,
        "effort": effort,
        "time": time,
        "risks": risks.flags,
        "clarification_questions": _questions(
            analysis, findings.gaps, partner, effort, time, risks
        ),
    }


def _find_out(analysis: Analysis, time: dict) -> list[str]:
    """What the pack does not say that a decision to bid rests on, each with how to find it."""
    out: list[str] = []
    if usable(analysis, "contract_value_total") is None and (
        usable(analysis, "contract_value_annual") is None
    ):
        out.append(
            "the contract value, to weigh the bid's cost against it (ask the buyer or read the "
            "notice; then give --value or --annual-value)"
        )
    if time["deadline"] is None and time.get("procedure") != "dps":
        out.append("the submission deadline (from the buyer or the notice; then give --deadline)")
    if usable(analysis, "spec_start") is None:
        elsewhere = usable(analysis, "spec_in_another_document")
        out.append(
            "what is to be delivered: no specification was found in the pack"
            + (
                ", which says it is in another document: get that document and check it with "
                "the pack"
                if elsewhere is not None and elsewhere.value is True
                else " (ask the buyer for it)"
            )
        )
    if time["fit"] == "reopens" and time.get("procedure") == "framework":
        out.append(
            f"when the framework next takes new suppliers (this round closed on "
            f"{time['deadline'][:10]})"
        )
    return out


def _short(item: str) -> str:
    """'the contract value, to weigh …' -> 'the contract value'."""
    return item.split(",")[0].split(" (")[0].split(":")[0]


def _decide(gaps: list[Gap], effort: dict, time: dict) -> tuple[str, list[str]]:
    blockers: list[str] = []
    if time["fit"] == "passed":
        blockers.append(f"the submission deadline ({time['deadline'][:10]}) has passed.")
    for gap in gaps:
        if not gap.you_can_close and not gap.partner_can_close:
            blockers.append(
                f"you do not meet the {_lower_first(gap.requirement)} requirement ({gap.asks}; you "
                f"have {gap.has}) and {_why_not(gap)}"
            )
    if effort.get("hours_far_over"):
        blockers.append(
            f"the bid needs about {effort['hours']:g} hours and you have "
            f"{effort['hours_available']:g}: far more than you can give it."
        )
    needs_partner = [g for g in gaps if not g.you_can_close and g.partner_can_close]
    yours = [g for g in gaps if g.you_can_close]
    reasons: list[str] = []
    if blockers:
        verdict = "no-bid"
        reasons.append(f"Don't bid: {blockers[0]}")
        reasons.extend(b[0].upper() + b[1:] for b in blockers[1:])
        if needs_partner:
            reasons.append(
                "A partner could meet: "
                + ", ".join(_lower_first(g.requirement) for g in needs_partner)
                + "."
            )
    elif needs_partner or effort.get("hours_fit") == "over":
        verdict = "partner"
        if needs_partner:
            names = ", ".join(_lower_first(g.requirement) for g in needs_partner)
            reasons.append(
                f"Bid with a partner: you cannot meet {len(needs_partner)} requirement(s) alone "
                f"({names}), but a consortium or sub-contract partner could (PA23 s.22(8) lets "
                "you rely on a partner's capacity)."
            )
        else:
            reasons.append(
                "Bid with a partner: you meet the conditions, but the bid needs more hours than "
                "you have; a partner could share the writing."
            )
    else:
        verdict = "bid"
        text = "Bid: you meet every condition of participation found"
        if yours:
            text += ", once you close the gaps below that you can close yourself"
        watch = []
        if effort.get("hours_fit") == "tight":
            watch.append("the bid will take most of the hours you have")
        if effort.get("value_fit") in ("tight", "over"):
            watch.append(f"it costs {effort['share_of_value']:g}% of the contract value to bid")
        if time["fit"] == "tight":
            watch.append("time is short")
        reasons.append(text + ("; but " + ", ".join(watch) if watch else "") + ".")
    for gap in yours:
        when = (
            "If you win, by contract start"
            if gap.close_by == "contract start"
            else "Before the deadline"
        )
        lots = f" ({lots_named(gap.lots)})" if gap.lots else ""
        reasons.append(f"{when}{lots}: {gap.action or _lower_first(gap.requirement)}.")
    return verdict, reasons


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _why_not(gap: Gap) -> str:
    if gap.kind == "certification":
        return "the tender forbids relying on a partner, and it cannot be had in time."
    return "the tender forbids relying on a partner to meet it."


def _questions(analysis: Analysis, gaps, partner, effort: dict, time: dict, risks) -> list[str]:
    """Questions to ask the buyer, each about a clause that asks something and naming it."""
    asking = Asking(analysis)
    for gap in gaps:
        for question in gap.questions:
            asking.ask(question, gap.evidence)
    if partner.forbidden and any(not g.partner_can_close and not g.you_can_close for g in gaps):
        asking.ask(
            "The Procurement Act 2023 s.22(8) lets suppliers rely on other organisations' "
            "capacity: will you accept a consortium bid, or reliance on a partner's turnover "
            "and experience?",
            partner.evidence,
        )
    if time["fit"] == "tight" or (effort.get("fit") == "over" and time["fit"] == "ok"):
        deadline = usable(analysis, "submission_deadline")
        asking.ask(
            "Could the deadline be extended to give smaller organisations time to prepare a bid?",
            first_evidence(deadline),
            reader="tender_dates",
        )
    for question, evidence in risks.questions:
        asking.ask(question, evidence, reader="clarification_terms")
    return asking.questions
