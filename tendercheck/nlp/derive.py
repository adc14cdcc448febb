"""Facts computed from other facts, after extraction and choice: source "derived".

- tender_period_days, tender_period_working_days, holiday_working_days_lost: from the chosen
  issue_date and submission_deadline (working days exclude public holidays of the region: the
  "region" fact, ENG by default; SCT and NIR selectable).
- contract_value_annual from the total and the duration, or the total from the annual value.
- contract_max_duration_months from the initial term and the extensions.
- regime from the dates when no document cites one (before 24 Feb 2025: PCR15).
- above_threshold from the value, contract type and authority type, with the thresholds in
  tendercheck/data/thresholds.yaml.

A derived fact never replaces a fact a document, option, sidecar or notice gave.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from tendercheck import lazyre
from tendercheck.nlp.dates import (
    as_date,
    calendar_days_between,
    holiday_working_days_lost,
    normalise_region,
    working_days_between,
)
from tendercheck.nlp.model import Analysis, Fact

PA23_START = dt.date(2025, 2, 24)


@functools.lru_cache(maxsize=1)
def load_thresholds() -> dict:
    """The thresholds table (tendercheck/data/thresholds.yaml) as a dict."""
    from tendercheck.data import data_yaml

    return data_yaml("thresholds.yaml")


def _usable(analysis: Analysis, name: str) -> Fact | None:
    fact = analysis.facts.get(name)
    if fact is None or fact.placeholder or fact.value is None:
        return None
    return fact


def _add(analysis: Analysis, fact: Fact) -> None:
    """Record a derived fact: chosen only when nothing gave this fact, not even a placeholder
    (a document that leaves "£xxx" keeps its placeholder, so rules can say so)."""
    analysis.candidates.setdefault(fact.name, []).append(fact)
    if fact.name not in analysis.facts:
        analysis.facts[fact.name] = fact


def derive_facts(analysis: Analysis, today: dt.date | None = None) -> None:
    """Add derived facts to ``analysis`` in place (``today`` is kept for date-relative facts)."""
    _yearless_dates(analysis)
    _tender_period(analysis)
    _durations(analysis)
    _values(analysis)
    _turnover(analysis)
    _regime(analysis)
    _above_threshold(analysis)
    _procedure(analysis)


def _procedure(analysis: Analysis) -> None:
    """The pack's procedure, from what its documents name (clause model): a DPS or a framework
    wins over the call-off templates that come with it."""
    if "procedure" in analysis.facts:
        return
    from tendercheck.nlp.clauses import pack_procedure

    procedure = pack_procedure(analysis.sentences)
    if procedure != "unknown":
        analysis.facts["procedure"] = Fact(
            "procedure",
            procedure,
            source="derived",
            confidence=0.6,
            note="from the procedure the pack's documents name",
        )


def _region(analysis: Analysis) -> str:
    try:
        return normalise_region(analysis.value("region"))
    except ValueError:
        return "ENG"


# How far after the issue date a year-less deadline may fall to be dated from it: a tender
# period of more than half a year is not one a reader would assume.
_YEARLESS_MAX_DAYS = 183
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY = lazyre.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
_YEARLESS_DAY = lazyre.compile(r"--(\d\d)-(\d\d)(T\d\d:\d\d)?")


def _yearless_dates(analysis: Analysis) -> None:
    """A deadline stated without a year ("by no later than 7 May") and with no dated date in
    the documents to give one: dated from the issue date (a notice's publication date, an
    option, the document's own), as the first such day on or after it. Without an issue date
    it stays not assessed (value None, its note saying why)."""
    from tendercheck.nlp.dates import YEARLESS_PREFIX
    from tendercheck.nlp.extractors.timeline import YEARLESS_FACTS

    issue = _usable(analysis, "issue_date")
    start = as_date(issue.value) if issue is not None else None
    for name in YEARLESS_FACTS:
        fact = analysis.facts.get(name)
        if (
            start is None
            or fact is None
            or fact.value is not None
            or fact.placeholder
            or not fact.note.startswith(YEARLESS_PREFIX)
        ):
            continue
        m = _YEARLESS_DAY.match(fact.note[len(YEARLESS_PREFIX) :])
        if m is None:
            continue
        for year in (start.year, start.year + 1):
            try:
                day = dt.date(year, int(m.group(1)), int(m.group(2)))
            except ValueError:
                continue
            if day >= start:
                break
        else:
            continue
        named = _WEEKDAY.search(fact.note)
        if named and _WEEKDAYS.index(named.group(1).lower()) != day.weekday():
            continue  # "Thursday 6 February" that is not a Thursday in that year: not dated
        if (day - start).days > _YEARLESS_MAX_DAYS:
            continue  # "by 6 February" issued in April: more than half a year away, not dated
        analysis.facts[name] = Fact(
            name,
            day.isoformat() + (m.group(3) or ""),
            "derived",
            fact.evidence[:1] + issue.evidence[:1],
            round(min(fact.confidence, issue.confidence) - 0.1, 2),
            note=f"derived: the year of {m.group(0)} from the issue date {start} "
            "(the first such day on or after it)",
        )


def _tender_period(analysis: Analysis) -> None:
    issue, deadline = _usable(analysis, "issue_date"), _usable(analysis, "submission_deadline")
    if issue is None or deadline is None:
        return
    start, end = as_date(issue.value), as_date(deadline.value)
    if start is None or end is None or end <= start:
        return
    evidence = issue.evidence[:1] + deadline.evidence[:1]
    region = _region(analysis)
    confidence = round(min(issue.confidence, deadline.confidence), 2)
    days = calendar_days_between(start, end)
    _add(analysis, Fact("tender_period_days", days, "derived", evidence, confidence,
                        note=f"calendar days from {start} (issue, not counted) to {end} (deadline)"))  # fmt: skip
    working = working_days_between(start, end, region)
    lost = holiday_working_days_lost(start, end, region)
    names = {"ENG": "England & Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}[region]
    _add(analysis, Fact("tender_period_working_days", working, "derived", evidence, confidence,
                        note=f"Monday to Friday less {names} public holidays"))  # fmt: skip
    _add(analysis, Fact("holiday_working_days_lost", len(lost), "derived", evidence, confidence,
                        note=", ".join(d.strftime("%a %d %b %Y") for d in lost)))  # fmt: skip


def _durations(analysis: Analysis) -> None:
    if _usable(analysis, "contract_max_duration_months"):
        return
    initial = _usable(analysis, "contract_duration_months")
    if initial is None:
        return
    extension = _usable(analysis, "contract_extension_months")
    if extension is not None:
        _add(analysis, Fact("contract_max_duration_months", initial.value + extension.value, "derived",
                            initial.evidence[:1] + extension.evidence[:1],
                            min(initial.confidence, extension.confidence),
                            note="initial term plus extensions"))  # fmt: skip
    elif "up to" in initial.note:
        _add(analysis, Fact("contract_max_duration_months", initial.value, "derived",
                            initial.evidence[:1], initial.confidence, note="stated as 'up to'"))  # fmt: skip


def _values(analysis: Analysis) -> None:
    total = _usable(analysis, "contract_value_total")
    annual = _usable(analysis, "contract_value_annual")
    months_fact = _usable(analysis, "contract_max_duration_months") or _usable(
        analysis, "contract_duration_months"
    )
    if months_fact is None or not months_fact.value:
        return
    months = float(months_fact.value)
    if total is not None and annual is None:
        value = total.value * 12 / max(months, 12.0)
        note = (f"total {total.value:,.0f} over {months:g} months"
                + ("; a contract of under a year is valued at its total" if months < 12 else ""))  # fmt: skip
        if total.note:
            note += f"; {total.note}"
        _add(analysis, Fact("contract_value_annual", round(value, 2), "derived",
                            total.evidence[:1] + months_fact.evidence[:1],
                            min(total.confidence, months_fact.confidence) - 0.1, note=note))  # fmt: skip
    elif annual is not None and total is None:
        value = annual.value * months / 12
        note = f"annual {annual.value:,.0f} × {months:g} months"
        if months_fact.name == "contract_max_duration_months":
            note += " (including extensions)"
        _add(analysis, Fact("contract_value_total", round(value, 2), "derived",
                            annual.evidence[:1] + months_fact.evidence[:1],
                            min(annual.confidence, months_fact.confidence) - 0.1, note=note))  # fmt: skip


def _turnover(analysis: Analysis) -> None:
    """A turnover demand stated as a multiple of the value, in pounds, once the value is known."""
    multiple = _usable(analysis, "min_turnover_multiple")
    if multiple is None or _usable(analysis, "min_turnover") is not None:
        return
    basis = analysis.value("min_turnover_basis", "annual")
    base = _usable(
        analysis, "contract_value_total" if basis == "total" else "contract_value_annual"
    )
    if base is None:
        return
    value = float(multiple.value) * float(base.value)
    _add(
        analysis,
        Fact(
            "min_turnover",
            round(value, 2),
            "derived",
            multiple.evidence[:1] + base.evidence[:1],
            min(multiple.confidence, base.confidence) - 0.1,
            note=f"{multiple.value:g} × the {basis} value {base.value:,.0f}",
        ),
    )


def _regime(analysis: Analysis) -> None:
    if _usable(analysis, "regime"):
        return
    # Only PCR15 follows from a date: a later procurement may still be under PCR15 (started
    # before 24 Feb 2025) or under Scottish rules, so PA23 is never derived.
    issue = _usable(analysis, "issue_date")
    deadline = _usable(analysis, "submission_deadline")
    if issue is not None:
        day = as_date(issue.value)
        if day is not None and day < PA23_START:
            _add(analysis, Fact("regime", "PCR15", "derived", issue.evidence[:1], 0.6,
                                note=f"no regime cited; issued {day}, before 24 Feb 2025"))  # fmt: skip
    elif deadline is not None:
        day = as_date(deadline.value)
        if day is not None and day < PA23_START:
            _add(analysis, Fact("regime", "PCR15", "derived", deadline.evidence[:1], 0.55,
                                note=f"no regime cited; deadline {day} is before 24 Feb 2025"))  # fmt: skip


def _plausible_totals(analysis: Analysis) -> tuple[list[float], Fact, str] | None:
    """The totals a reader could take the contract's value to be: a total someone stated; else,
    from a stated annual value, the total over each term stated (the initial term, and the
    maximum with extensions), or the annual value alone when no term is stated (the least a
    contract of a year or more is worth)."""
    total = _usable(analysis, "contract_value_total")
    if total is not None and total.source != "derived":
        return [float(total.value)], total, ""
    left = analysis.facts.get("contract_value_total")
    if left is not None and left.placeholder:
        return None  # the total is left to fill in ("£xxx"): the value is not yet known
    annual = _usable(analysis, "contract_value_annual")
    if annual is None or annual.source == "derived":
        return None
    terms = [
        float(f.value)
        for f in (
            _usable(analysis, "contract_duration_months"),
            _usable(analysis, "contract_max_duration_months"),
        )
        if f is not None and f.value
    ]
    if terms:
        months = ", ".join(f"{m:g}" for m in sorted(set(terms)))
        values = [float(annual.value) * m / 12 for m in terms]
        return values, annual, f"from the annual value {annual.value:,.0f} over {months} months"
    note = f"the annual value {annual.value:,.0f} alone, with no term stated"
    return [float(annual.value)], annual, note + " (the least for a year or more)"


def _above_threshold(analysis: Analysis) -> None:
    plausible = _plausible_totals(analysis)
    if plausible is None:
        return  # compared only with values someone stated
    values, value_fact, how = plausible
    table = load_thresholds()
    thresholds = table["thresholds"]
    ctype = analysis.value("contract_type")
    authority = analysis.value("authority_type")
    if ctype is not None and ctype not in thresholds:
        return
    notes = [how] if how else []
    regime = analysis.value("regime")
    vat = analysis.value("contract_value_vat")
    if vat == "ex" and regime in ("PA23", None):
        rate = 1 + float(table.get("vat_rate", 0.2))
        if len(values) == 1:
            notes.append(
                f"stated ex VAT: {values[0]:,.0f} + 20% VAT = {values[0] * rate:,.0f} compared"
            )
        else:
            notes.append("stated ex VAT: 20% VAT added before comparing")
        values = [v * rate for v in values]
    if "per " in value_fact.note:
        notes.append("the value is a per-unit budget")
    # A value on the same side of every threshold that could apply needs no unknown fact.
    types = [ctype] if ctype else list(k for k in thresholds if k != "utilities")
    authorities = [authority] if authority in ("central", "other") else ["central", "other"]
    limits = [thresholds[t][a] for t in types for a in authorities]
    if min(values) >= max(limits):
        result = True
    elif max(values) < min(limits) and not (how and "alone" in how):
        result = False  # (an annual value alone says nothing of a longer contract's total)
    else:
        return
    if ctype is None or authority not in ("central", "other"):
        notes.append("on the same side of every threshold that could apply")
    lim = limits[0] if len(limits) == 1 else None
    notes.insert(
        0, f"threshold £{lim:,}" if lim else f"thresholds £{min(limits):,}–£{max(limits):,}"
    )
    evidence = list(value_fact.evidence[:1])
    for name in ("contract_type", "authority_type"):
        fact = _usable(analysis, name)
        if fact is not None:
            evidence += fact.evidence[:1]
    confidence = min(0.8, value_fact.confidence) - (0.1 if how else 0.0)
    _add(analysis, Fact("above_threshold", result, "derived", evidence,
                        round(confidence, 2), note="; ".join(notes)))  # fmt: skip
