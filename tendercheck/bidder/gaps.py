"""Eligibility gaps: shared pieces (the Gap record, evidence lookup, partnering policy, wording).

The checks themselves are in :mod:`tendercheck.bidder.eligibility`; facts are read as the SUPPLIER
rules read them (:mod:`tendercheck.engine.named_checks.demands`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tendercheck.engine.named_checks import demands
from tendercheck.engine.named_checks.demands import usable
from tendercheck.nlp.model import Analysis, Evidence, Fact

S22_8 = "PA23 s.22(8) lets a supplier rely on another organisation's capacity"


@dataclass
class Gap:
    """A condition of participation the organisation does not meet on its own."""

    requirement: str
    asks: str
    has: str
    evidence: Evidence | None
    partner_can_close: bool
    note: str
    you_can_close: bool = False  # e.g. buy insurance cover, get a quick certificate
    close_by: str | None = None  # "the deadline" | "contract start" when you can close it
    questions: list[str] = field(default_factory=list)
    kind: str = ""
    # the lots the condition binds, where the pack says more precisely than the quoted clause
    # ("Cyber Essentials Plus … Lot 1a or 1b, and Cyber Essentials … Lots 2a, 2b and 3")
    lots: tuple[str, ...] = ()
    action: str = ""  # what to do when you can close it yourself, e.g. "get ... cover of £2m"  # turnover, insurance, certification, years_trading, accounts, experience

    @property
    def needs_partner(self) -> bool:
        return not self.you_can_close

    def to_dict(self) -> dict[str, Any]:
        ev = self.evidence
        return {
            "requirement": self.requirement,
            "asks": self.asks,
            "has": self.has,
            "quote": ev.quote if ev else "",
            "document": ev.document if ev else "",
            "page": ev.page if ev else None,
            "section": ev.section if ev else "",
            "partner_can_close": self.partner_can_close,
            "you_can_close": self.you_can_close,
            "close_by": self.close_by,
            "note": self.note,
            **({"lots": list(self.lots)} if self.lots else {}),
        }


@dataclass
class Partnering:
    """Whether the tender lets a bidder rely on a consortium or sub-contract partner."""

    forbidden: bool
    evidence: Evidence | None = None
    welcomed: bool = False
    what: str = ""  # "consortia" / "reliance on others' capacity"

    def gap_note(self) -> str:
        if not self.forbidden:
            return ""
        quote = f' ("{self.evidence.quote}")' if self.evidence else ""
        return (
            f"The tender forbids {self.what}{quote}, so a partner cannot close this gap; "
            f"that ban is itself questionable: {S22_8} (s.22(8)–(9))."
        )


def partnering(analysis: Analysis) -> Partnering:
    for name, what in (
        ("consortia_allowed", "consortium bids"),
        ("reliance_on_others_allowed", "relying on other organisations' capacity"),
    ):
        fact = usable(analysis, name)
        if fact is not None and fact.value is False:
            return Partnering(True, first_evidence(fact), what=what)
    welcomed = any(
        (f := usable(analysis, n)) is not None and f.value is True
        for n in ("consortia_allowed", "reliance_on_others_allowed")
    )
    return Partnering(False, welcomed=welcomed)


def first_evidence(fact: Fact | None) -> Evidence | None:
    if fact is None or not fact.evidence:
        return None
    return fact.evidence[0]


def evidence_for(fact: Fact, index: int, words: list[str]) -> Evidence | None:
    """The evidence of one item of a list or table fact: by words in the quote, else by place."""
    for ev in fact.evidence:
        low = ev.quote.lower()
        if words and all(w.lower() in low for w in words):
            return ev
    if 0 <= index < len(fact.evidence):
        return fact.evidence[index]
    return first_evidence(fact)


def money(value: float | None) -> str:
    return demands.money(value, unknown="not stated")


def years(value: float) -> str:
    return f"{value:g} year" + ("" if value == 1 else "s")


def lots_named(lots: tuple[str, ...] | list[str]) -> str:
    """ "Lot 2", "Lots 2a, 2b and 3"."""
    joined = lots[0] if len(lots) == 1 else ", ".join(lots[:-1]) + " and " + lots[-1]
    return f"Lot{'s' if len(lots) > 1 else ''} {joined}"


def norm(name: str) -> str:
    return re.sub(r"[^a-z0-9+]", "", name.lower().replace("plus", "+"))


def holds(held: list[str], required: str) -> bool:
    """Whether a certification held meets the one required ("ISO 9001:2015" meets "ISO 9001";
    "Cyber Essentials Plus" meets "Cyber Essentials", not the reverse)."""
    want = _plain_iso(norm(required))
    for name in held:
        have = _plain_iso(norm(name))
        if have == want or (have.startswith(want) and not want.endswith("+")):
            return True
    return False


def _plain_iso(name: str) -> str:
    return name.replace("bseniso", "iso").replace("isoiec", "iso")
