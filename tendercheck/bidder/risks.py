"""Risk flags for a bidder: contract terms that cost a small organisation money, cash or time.

TUPE, an incumbent, payment by results, payment terms over 30 days, payment quarterly (or less
often) in arrears, unpaid work, parent company guarantees, bonds, deposits and retentions,
penalties or service credits, and mobilisation under four weeks. Each flag quotes the clause.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tendercheck.bidder.gaps import first_evidence
from tendercheck.engine.named_checks.demands import usable
from tendercheck.nlp.dates import as_date
from tendercheck.nlp.model import Analysis, Evidence, Fact

BONDS = {  # kind -> (flag label, words that find its quote, what it means for a bidder)
    "parent_company_guarantee": (
        "parent company guarantee",
        ("parent",),
        "a parent organisation must guarantee performance; an independent charity or small firm "
        "has none to offer",
    ),
    "performance_bond": (
        "performance bond",
        ("bond",),
        "a bank or insurer must stand behind a bond, at a fee, and it may tie up your credit",
    ),
    "deposit": ("deposit", ("deposit",), "money must be paid in up front and is held"),
    "bank_guarantee": ("bank guarantee", ("bank",), "a bank must guarantee payment, at a fee"),
    "retention": (
        "retention",
        ("retain",),
        "part of each payment is held back, which strains cash flow",
    ),
}
MOBILISATION_WEEKS = 4


@dataclass
class Risks:
    flags: list[dict[str, Any]] = field(default_factory=list)
    # (question, the clause it is about)
    questions: list[tuple[str, Evidence | None]] = field(default_factory=list)

    def add(self, flag: str, detail: str, evidence: Evidence | None) -> None:
        self.flags.append(
            {
                "flag": flag,
                "detail": detail,
                "quote": evidence.quote if evidence else "",
                "document": evidence.document if evidence else "",
                "page": evidence.page if evidence else None,
            }
        )


def find_risks(analysis: Analysis) -> Risks:
    risks = Risks()
    for check in (_tupe, _payment, _unpaid, _bonds, _penalties, _mobilisation):
        check(analysis, risks)
    return risks


def _tupe(a: Analysis, risks: Risks) -> None:
    tupe = usable(a, "tupe")
    if tupe is not None and tupe.value is True:
        # "TUPE may apply to some call-off contracts" is a possibility, not a finding: say so.
        said = first_evidence(tupe)
        clause = said.clause if said is not None else None
        possible = clause is not None and clause.force in ("may", "conditional")
        how = "may apply" if possible else "is likely to apply"
        detail = (
            f"TUPE {how}: existing staff may transfer to you with their pay, "
            "pensions and employment liabilities."
        )
        info = usable(a, "tupe_information")
        if info is not None and info.value is False:
            detail += (
                " The staff information is not given before bids are due, so you cannot cost it."
            )
            risks.questions.append(
                (
                    "Could you share the TUPE staff information (numbers, roles, pay, pensions) "
                    "before bids are due?",
                    first_evidence(info),
                )
            )
        risks.add("TUPE", detail, first_evidence(tupe))
    incumbent = usable(a, "incumbent")
    if incumbent is not None and incumbent.value not in (False, "", None):
        who = incumbent.value if isinstance(incumbent.value, str) else "An existing provider"
        risks.add(
            "incumbent",
            f"{who} runs the service now and knows the contract, the staff and the buyer.",
            first_evidence(incumbent),
        )


def _payment(a: Analysis, risks: Risks) -> None:
    results = usable(a, "payment_by_results")
    if results is not None and results.value is True:
        risks.add(
            "payment by results",
            "Part of the payment depends on results: you carry the cost until they are shown.",
            first_evidence(results),
        )
    days = usable(a, "payment_terms_days")
    if days is not None and _number(days) is not None and _number(days) > 30:
        risks.add(
            "payment terms",
            f"Invoices are paid in {_number(days):g} days, longer than the 30 days public "
            "bodies must pay in (PA23 s.68): you fund the gap.",
            first_evidence(days),
        )
        risks.questions.append(
            ("Will you pay invoices within 30 days, as PA23 s.68 requires?", first_evidence(days))
        )
    arrears = usable(a, "payment_in_arrears")
    upfront = usable(a, "payment_upfront")
    if (
        arrears is not None
        and arrears.value in ("quarterly", "annually")
        and not (upfront is not None and upfront.value is True)
    ):
        period = {"quarterly": "three months", "annually": "a year"}[arrears.value]
        risks.add(
            "payment in arrears",
            f"Paid {arrears.value} in arrears: you fund up to {period} of delivery yourself.",
            first_evidence(arrears),
        )
        risks.questions.append(
            ("Could payment be monthly, or partly in advance?", first_evidence(arrears))
        )


def _unpaid(a: Analysis, risks: Risks) -> None:
    unpaid = usable(a, "unpaid_work")
    if unpaid is None or not unpaid.value:
        return
    items = unpaid.value if isinstance(unpaid.value, list) else [unpaid.value]
    risks.add(
        "unpaid work",
        f"{len(items)} piece(s) of work must be done at no extra cost: price them in or ask.",
        first_evidence(unpaid),
    )
    risks.questions.append(
        (
            "Could the work asked for at no additional cost be priced and paid?",
            first_evidence(unpaid),
        )
    )


def _bonds(a: Analysis, risks: Risks) -> None:
    bonds = usable(a, "bonds_guarantees")
    if bonds is None or not isinstance(bonds.value, list):
        return
    for kind in bonds.value:
        if kind not in BONDS:
            continue
        label, words, meaning = BONDS[kind]
        risks.add(label, f"A {label} is demanded: {meaning}.", _matching(bonds, words))


def _penalties(a: Analysis, risks: Risks) -> None:
    penalties = usable(a, "penalties")
    if penalties is not None and penalties.value is True:
        risks.add(
            "penalties",
            "Penalties or service credits are deducted from payments for performance failures.",
            _matching(penalties, ("credit",)) or first_evidence(penalties),
        )


def _mobilisation(a: Analysis, risks: Risks) -> None:
    if a.value("procedure") in ("framework", "dps"):
        return  # a place on a framework or DPS starts no service; each call-off sets its own start
    weeks_fact = usable(a, "mobilisation_weeks")
    weeks: float | None = _number(weeks_fact) if weeks_fact is not None else None
    evidence = first_evidence(weeks_fact)
    if weeks is None:
        award, start = usable(a, "award_date"), usable(a, "contract_start")
        if award is not None and start is not None:
            award_day, start_day = as_date(award.value), as_date(start.value)
            if award_day and start_day and start_day >= award_day:
                weeks = (start_day - award_day).days / 7
                evidence = first_evidence(start)
    if weeks is not None and weeks < MOBILISATION_WEEKS:
        risks.add(
            "short mobilisation",
            f"Only {weeks:.1f} weeks from award to the start of the contract to recruit staff "
            "and set up the service; an incumbent needs none.",
            evidence,
        )
        risks.questions.append(
            ("Could the start date allow at least four weeks from award?", evidence)
        )


def _number(fact: Fact | None) -> float | None:
    if fact is None or isinstance(fact.value, bool):
        return None
    try:
        return float(fact.value)
    except (TypeError, ValueError):
        return None


def _matching(fact: Fact, words: tuple[str, ...]) -> Evidence | None:
    for ev in fact.evidence:
        low = ev.quote.lower()
        if any(w in low for w in words):
            return ev
    return first_evidence(fact)
