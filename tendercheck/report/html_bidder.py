"""The bidder view of the HTML report, read defensively from ``report.bidder``.

The bidder object (DESIGN.md "bidder view") is JSON-shaped data from tendercheck/bidder. Known
keys get plain words and a layout; any key may be missing, and keys this module does not know
are still shown, as labelled values, so nothing the bidder stage says is lost.
"""

from __future__ import annotations

from typing import Any

from tendercheck.report.findings import days_away
from tendercheck.report.html_values import Shown, label, money, number, readable_date, scalar, show

VERDICTS = {
    "bid": ("Bid", "pass"),
    "partner": ("Bid with a partner", "warning"),
    "no-bid": ("Don't bid", "error"),
    "cant-tell": ("Can't tell yet", "warning"),
}
# fit word -> (badge words, status kind for the badge icon and tone)
FITS = {
    "ok": ("Fits", "pass"),
    "tight": ("Tight", "warning"),
    "over": ("Over", "error"),
    "passed": ("Deadline passed", "error"),
    "reopens": ("Closed for now", "warning"),
}
KNOWN = {
    "organisation",
    "verdict",
    "reasons",
    "eligibility_gaps",
    "effort",
    "time",
    "risks",
    "clarification_questions",
    "turnover_reach",  # in the reasons, in words
}
GAP_ASKS = ("asks", "asked", "tender", "required")
GAP_HAS = ("has", "organisation", "profile", "held")
GAP_CLOSE = ("you_can_close", "partner_can_close", "close_by", "note")
LOCATION = ("quote", "document", "page", "section", "evidence")
EFFORT_DONE = {
    "hours",
    "days",
    "cost",
    "day_rate",
    "breakdown",
    "assumptions",
    "hours_available",
    "hours_ratio",
    "hours_fit",
    "contract_value",
    "share_of_value",
    "expected_margin",
    "value_fit",
    "fit",
    "hours_far_over",
}
TIME_DONE = {
    "today",
    "deadline",
    "working_days_left",
    "calendar_days_left",
    "region",
    "fit",
    "note",
    "clarification_deadline",
    "clarification_working_days_left",
}


def bidder_view(bidder: Any) -> dict[str, Any]:
    if not isinstance(bidder, dict):
        bidder = {"details": bidder}
    verdict = bidder.get("verdict")
    words, tone = VERDICTS.get(str(verdict), (label(str(verdict)), "info"))
    return {
        "organisation": str(bidder["organisation"]) if bidder.get("organisation") else "",
        "verdict": {"code": str(verdict), "words": words, "tone": tone} if verdict else None,
        "reasons": _strings(bidder.get("reasons")),
        "gaps": [_gap(g) for g in _list(bidder.get("eligibility_gaps"))],
        "effort": _effort(bidder.get("effort")) if "effort" in bidder else None,
        "time": _time(bidder.get("time")) if "time" in bidder else None,
        "risks": [_risk(r) for r in _list(bidder.get("risks"))],
        "questions": _strings(bidder.get("clarification_questions")),
        "extra": [(label(k), show(v, k)) for k, v in bidder.items() if k not in KNOWN],
    }


def fit_badge(fit: Any) -> dict[str, str] | None:
    if fit is None:
        return None
    words, kind = FITS.get(str(fit), (label(str(fit)), "info"))
    return {"words": words, "kind": kind}


def _list(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _strings(value: Any) -> list[str]:
    out = []
    for item in _list(value):
        if isinstance(item, dict):
            text = item.get("text") or item.get("question") or item.get("reason")
            out.append(
                str(text)
                if text
                else "; ".join(f"{label(k)}: {scalar(v, k)}" for k, v in item.items())
            )
        else:
            out.append(str(item))
    return out


def _location(record: dict) -> dict[str, Any] | None:
    """A quote with its document/page/section, from a record's own keys or an evidence dict."""
    evidence = record.get("evidence")
    if isinstance(evidence, list):
        evidence = evidence[0] if evidence else None
    if isinstance(evidence, dict) and evidence.get("quote"):
        record = evidence
    quote = record.get("quote")
    if isinstance(quote, dict):
        record, quote = quote, quote.get("quote")
    if not quote:
        return None
    return {
        "quote": str(quote),
        "document": str(record.get("document") or ""),
        "page": record.get("page"),
        "section": str(record.get("section") or ""),
    }


def _first(record: dict, keys: tuple[str, ...]) -> Shown | None:
    for key in keys:
        if record.get(key) not in (None, ""):
            return show(record[key], key)
    return None


def _gap(gap: Any) -> dict[str, Any]:
    if not isinstance(gap, dict):
        return {"requirement": str(gap), "asks": None, "has": None, "closing": [], "quote": None}
    closing = []
    you, partner, by = gap.get("you_can_close"), gap.get("partner_can_close"), gap.get("close_by")
    if you:
        closing.append(f"You can meet it{f' by {by}' if by else ''}.")
    elif you is False:
        closing.append("You cannot meet it in time yourself.")
    if partner:
        closing.append("A partner could meet it.")
    elif partner is False:
        closing.append("A partner could not meet it.")
    if gap.get("note"):
        closing.append(str(gap["note"]))
    used = {"requirement", *GAP_ASKS, *GAP_HAS, *GAP_CLOSE, *LOCATION}
    closing.extend(f"{label(k)}: {scalar(v, k)}" for k, v in gap.items() if k not in used)
    return {
        "requirement": str(gap.get("requirement") or gap.get("name") or "Requirement"),
        "asks": _first(gap, GAP_ASKS),
        "has": _first(gap, GAP_HAS),
        "closing": closing,
        "quote": _location(gap),
    }


def _risk(risk: Any) -> dict[str, Any]:
    if not isinstance(risk, dict):
        return {"title": str(risk), "detail": "", "quote": None}
    title = next((risk[k] for k in ("flag", "risk", "title", "name", "kind") if risk.get(k)), "")
    detail = next((risk[k] for k in ("detail", "message", "reason") if risk.get(k)), "")
    title = str(title)
    return {
        "title": title[:1].upper() + title[1:],
        "detail": str(detail),
        "quote": _location(risk),
    }


def _effort(effort: Any) -> dict[str, Any]:
    if not isinstance(effort, dict):
        return {
            "fit": None,
            "hours_fit": None,
            "value_fit": None,
            "rows": [("Bid effort", show(effort))],
            "breakdown": [],
            "assumptions": [],
        }
    rows: list[tuple[str, Shown]] = []
    if effort.get("hours") is not None:
        text = f"about {number(effort['hours'])} hours"
        if effort.get("days") is not None:
            text += f" ({number(effort['days'])} working days)"
        rows.append(("Bid effort", Shown(text=text)))
    else:
        rows.append(("Bid effort", Shown(text="could not be estimated")))
    if effort.get("hours_available") is not None:
        text = f"{number(effort['hours_available'])} hours"
        if effort.get("hours_ratio") is not None:
            text += f": the bid needs {number(effort['hours_ratio'])} times that"
        rows.append(("Hours you have", Shown(text=text)))
    if effort.get("cost") is not None:
        text = money(effort["cost"])
        if effort.get("day_rate") is not None:
            text += f" at {money(effort['day_rate'])} a day"
        rows.append(("Cost of bidding", Shown(text=text)))
    if effort.get("share_of_value") is not None:
        text = f"{number(effort['share_of_value'])}%"
        if effort.get("contract_value") is not None:
            text += f" of the {money(effort['contract_value'])} contract value"
        rows.append(("Share of contract value", Shown(text=text)))
    if effort.get("expected_margin") is not None:
        rows.append(("Margin you might expect", Shown(text=money(effort["expected_margin"]))))
    rows.extend((label(k), show(v, k)) for k, v in effort.items() if k not in EFFORT_DONE)
    breakdown = [
        {
            "item": str(row.get("item", "")),
            "hours": scalar(row.get("hours"), "count"),
            "cost": money(row["cost"]) if isinstance(row.get("cost"), (int, float)) else "",
            "basis": str(row.get("basis", "")),
        }
        for row in _list(effort.get("breakdown"))
        if isinstance(row, dict)
    ]
    return {
        "fit": fit_badge(effort.get("fit")),
        "hours_fit": fit_badge(effort.get("hours_fit")),
        "value_fit": fit_badge(effort.get("value_fit")),
        "rows": rows,
        "breakdown": breakdown,
        "assumptions": [str(a) for a in _list(effort.get("assumptions"))],
    }


def _time(time: Any) -> dict[str, Any]:
    if not isinstance(time, dict):
        return {"fit": None, "rows": [("Time", show(time))]}
    rows: list[tuple[str, Shown]] = []
    deadline = time.get("deadline")
    if deadline:
        rows.append(("Deadline", Shown(text=readable_date(str(deadline)) or str(deadline))))
    else:
        rows.append(("Deadline", Shown(text="not stated in the pack")))
    if time.get("working_days_left") is not None:
        text = f"{time['working_days_left']} working days"
        if time.get("calendar_days_left") is not None:
            text += f" ({time['calendar_days_left']} calendar days)"
        if time.get("today"):
            text += f" from {readable_date(str(time['today'])) or time['today']}"
        rows.append(("Time left", Shown(text=text)))
    if time.get("clarification_deadline"):
        text = readable_date(str(time["clarification_deadline"])) or str(
            time["clarification_deadline"]
        )
        if time.get("clarification_working_days_left") is not None:
            text += f" ({days_away(time['clarification_working_days_left'])})"
        rows.append(("Questions to the buyer by", Shown(text=text)))
    if time.get("note"):
        note = str(time["note"])
        rows.append(("Note", Shown(text=note[:1].upper() + note[1:])))
    rows.extend((label(k), show(v, k)) for k, v in time.items() if k not in TIME_DONE)
    return {"fit": fit_badge(time.get("fit")), "rows": rows}
