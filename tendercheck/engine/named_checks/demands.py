"""How a tender's demands on suppliers are read from the facts, shared by the SUPPLIER checks and
the bidder view (tendercheck.bidder): usable facts, insurance covers and their names, money.
"""

from __future__ import annotations

from typing import Any

from tendercheck.nlp.model import Analysis, Fact

INSURANCE_LABELS = {
    "employers_liability": "employers' liability",
    "public_liability": "public liability",
    "professional_indemnity": "professional indemnity",
    "product_liability": "product liability",
    "motor": "motor",
    "contractors_all_risk": "contractors' all risk",
    "cyber": "cyber",
    "medical_malpractice": "medical malpractice",
}


def usable(analysis: Analysis, name: str) -> Fact | None:
    """The fact when it has a real value (not absent, not a placeholder)."""
    fact = analysis.facts.get(name)
    if fact is None or fact.value is None or fact.placeholder:
        return None
    return fact


def placeholder(analysis: Analysis, name: str) -> bool:
    """Whether the fact was found but left as a placeholder ("[insert amount]")."""
    fact = analysis.facts.get(name)
    return fact is not None and fact.placeholder


def insurance_covers(insurance: dict[str, Any]) -> dict[str, float]:
    """The cover demanded per insurance type, in pounds: numeric, positive amounts only."""
    return {
        k: float(v)
        for k, v in insurance.items()
        if isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0
    }


def required_items(items: list) -> list[tuple[int, Any]]:
    """(index, item) for the items of a list demand (certifications, brands) that are required:
    an item marked ``required: false`` is only preferred."""
    return [
        (i, item)
        for i, item in enumerate(items)
        if not (isinstance(item, dict) and item.get("required") is False)
    ]


def money(amount: float | None, unknown: str = "?") -> str:
    """'£2m' for whole hundred-thousands from a million up, else '£12,500'; ``unknown`` for None."""
    if amount is None:
        return unknown
    amount = float(amount)
    if amount >= 1_000_000 and amount % 100_000 == 0:
        return f"£{amount / 1_000_000:g}m"
    return f"£{amount:,.0f}"
