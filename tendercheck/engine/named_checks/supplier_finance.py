"""Named checks SUPPLIER-01, 02 and 06: minimum turnover and the insurance asked for (the other
SUPPLIER rules are ``demand`` rules, tendercheck/engine/kinds_demand.py).

Every figure (caps, multiples, legal minimums, phrase lists) comes from the rule's ``options`` in
rules/supplier.yaml; nothing here is a threshold of its own.
"""

from __future__ import annotations

import re
from typing import Any

from tendercheck.engine.checks import named_check
from tendercheck.engine.context import CheckContext
from tendercheck.engine.model import Outcome
from tendercheck.engine.named_checks.demands import INSURANCE_LABELS, insurance_covers, money
from tendercheck.engine.named_checks.evidence import fact_evidence, fail_at
from tendercheck.engine.named_checks.fact_reading import (
    contract_annual,
    contract_total,
    is_placeholder,
    need,
    not_demanded,
    peek,
)
from tendercheck.engine.named_checks.patterns import mentions
from tendercheck.nlp.model import Evidence

# --- SUPPLIER-01 / 02: turnover -----------------------------------------------------------------


@named_check("turnover_ratio")
def turnover_ratio(ctx: CheckContext, options: dict) -> Outcome:
    """Minimum turnover as a multiple of the annual contract value, against ``max_ratio``.

    Python, not a generic kind: the demand comes in three forms (pounds, a multiple of the
    annual value, a multiple of the total value) that convert into each other only through the
    contract's annual and total values, and PCR15 reg 58(9) applies the cap to each lot (the
    smallest lot's value, or the average lot's when only the count of lots is known)."""
    limit = float(options["max_ratio"])
    multiple = peek(ctx, "min_turnover_multiple")
    amount = peek(ctx, "min_turnover")
    if multiple is None and amount is None:
        if is_placeholder(ctx, "min_turnover_multiple"):
            need(ctx, "min_turnover_multiple")
            return Outcome("not-assessed")
        return not_demanded(ctx, "min_turnover", options, "a minimum turnover")
    annual = contract_annual(ctx, record=False)
    args: dict[str, Any] = {"limit": limit}
    if amount is not None and (annual is not None or multiple is None):
        if annual is None:
            need(ctx, "contract_value_annual")
            return Outcome("not-assessed")
        if annual <= 0:
            return Outcome("not-assessed", detail="the annual contract value is zero")
        return _amount_verdict(ctx, float(amount), annual, limit, args)
    multiple = float(multiple)
    basis = peek(ctx, "min_turnover_basis")
    if basis == "annual":
        demand = f"{multiple:g}× the annual contract value"
        return _verdict(ctx, multiple > limit, {**args, "ratio": multiple, "demand": demand})
    # A multiple of the total value is at least that multiple of the annual value.
    total = contract_total(ctx, record=False)
    if total is not None and annual and (basis == "total" or abs(total - annual) < 0.5):
        ratio = multiple * total / annual
        demand = (
            f"{multiple:g}× the total contract value of {money(total)}, {ratio:.1f}× the "
            f"annual value of {money(annual)}"
        )
        return _verdict(ctx, ratio > limit, {**args, "ratio": ratio, "demand": demand})
    if multiple > limit:
        demand = f"{multiple:g}× the {basis or ''} contract value".replace("  ", " ")
        return _verdict(ctx, True, {**args, "ratio": multiple, "demand": demand})
    if basis is None:
        need(ctx, "min_turnover_basis")
    if total is None:
        need(ctx, "contract_value_total")
    if not annual:
        need(ctx, "contract_value_annual")
    return Outcome("not-assessed")


def _lot_values(value: Any) -> list[float]:
    items = value if isinstance(value, (list, tuple)) else []
    out = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("annual", item.get("value"))
        if isinstance(item, (int, float)) and not isinstance(item, bool) and item > 0:
            out.append(float(item))
    return out


def _amount_verdict(
    ctx: CheckContext, amount: float, annual: float, limit: float, args: dict
) -> Outcome:
    """A turnover in pounds against the annual value; with lots, against the smallest lot
    (PCR15 reg 58(9) applies the cap to each lot: a bidder for one lot faces the same test)."""
    lot_values = _lot_values(peek(ctx, "lot_values_annual"))
    lots = peek(ctx, "lots")
    if lot_values:
        smallest = min(lot_values)
        ratio = amount / smallest
        demand = (
            f"{money(amount)}, {ratio:.1f}× the annual value of the smallest lot "
            f"({money(smallest)})"
        )
        return _verdict(ctx, ratio > limit, {**args, "ratio": ratio, "demand": demand})
    ratio = amount / annual
    demand = f"{money(amount)}, {ratio:.1f}× the annual contract value of {money(annual)}"
    if isinstance(lots, (int, float)) and not isinstance(lots, bool) and lots > 1:
        # The smallest lot is worth at most the average lot: a fail on the average is sure.
        average = annual / float(lots)
        lot_ratio = amount / average
        if lot_ratio > limit or ratio > limit:
            demand = (
                f"{money(amount)}, {lot_ratio:.1f}× the average annual value of a lot "
                f"({money(average)}: {money(annual)} across {int(lots)} lots)"
            )
            return _verdict(ctx, True, {**args, "ratio": lot_ratio, "demand": demand})
        need(ctx, "lot_values_annual")
        return Outcome(
            "not-assessed", detail="the contract is in lots and lot values were not found"
        )
    return _verdict(ctx, ratio > limit, {**args, "ratio": ratio, "demand": demand})


def _verdict(ctx: CheckContext, failed: bool, args: dict) -> Outcome:
    evidence = fact_evidence(ctx, "min_turnover", "min_turnover_multiple") if failed else []
    return Outcome("fail" if failed else "pass", evidence, args=args)


# --- SUPPLIER-06: insurance levels -------------------------------------------------------------


def _cover_lines(evidence: list[Evidence], kinds: set[str]) -> list[Evidence]:
    """The quotes that state the covers a finding is about (the £10m employers' liability line),
    not the pack's other covers beside them; all of them when none names a cover."""
    stems = [
        re.compile(r"\b" + INSURANCE_LABELS.get(k, k).split()[0].rstrip("'s"), re.IGNORECASE)
        for k in kinds
    ]
    named = [e for e in evidence if any(stem.search(e.quote) for stem in stems)]
    return named or evidence


@named_check("insurance_levels")
def insurance_levels(ctx: CheckContext, options: dict) -> Outcome:
    """Python, not a generic kind: four tests of one insurance table, each with its own law or
    market figure (the employers' liability legal minimum and its sole-trader exemption, high
    cover on a small total value, any cover above the standard tier against the annual value),
    named together in one finding."""
    insurance = peek(ctx, "insurance")
    if not isinstance(insurance, dict) or not insurance:
        if insurance == {}:
            return Outcome("pass")
        return not_demanded(ctx, "insurance", options, "insurance cover")
    covers = insurance_covers(insurance)
    problems: list[str] = []
    unknown: list[str] = []
    el_type = "employers_liability"
    el_minimum = float(options["el_legal_minimum"])
    el = covers.get(el_type)
    sole_traders = False  # the sole-trader problem is raised: quote what says so
    flagged: set[str] = set()  # the covers a problem is about: their lines are the evidence
    if el is not None and el > el_minimum:
        flagged.add(el_type)
        problems.append(
            f"employers' liability of {money(el)}, above the {money(el_minimum)} legal minimum"
        )
    if el_type in insurance and options["check_sole_traders"]:
        exempt = peek(ctx, "insurance_sole_trader_exempt")
        stated = ctx.analysis.facts.get("insurance_sole_trader_exempt")
        # "Not exempt" read from a document may only mean no exemption was found next to the
        # demand; the pack may still limit it to employers elsewhere.
        if not exempt and not (
            stated is not None and stated.source != "document" and exempt is False
        ):
            exempt = bool(mentions(ctx, options["sole_trader_patterns"]))
        if not exempt:
            sole_traders = True
            flagged.add(el_type)
            problems.append(
                "employers' liability demanded from every bidder, sole traders with no "
                "employees included"
            )
    big_types = options["high_cover_types"]
    high = float(options["high_cover"])
    small = float(options["small_contract"])
    big = {k: v for k, v in covers.items() if k in big_types and v >= high}
    if big:
        total = contract_total(ctx, record=False)
        if total is None:
            unknown.append("contract_value_total")
        elif total < small:
            for kind, amount in big.items():
                flagged.add(kind)
                problems.append(
                    f"{INSURANCE_LABELS.get(kind, kind)} of {money(amount)} on a contract "
                    f"worth {money(total)} (under {money(small)})"
                )
    multiple = float(options["max_cover_multiple"])
    # Cover at or below the standard market tier is not compared with the value: it is what a
    # policy for public-facing work is sold at, however small the contract.
    standard = float(options["standard_cover"])
    excluded = options["multiple_exclude"]
    measured = {k: v for k, v in covers.items() if k not in excluded and v > standard}
    if measured:
        annual = contract_annual(ctx, record=False)
        if annual is None:
            unknown.append("contract_value_annual")
        elif annual > 0:
            for kind, amount in measured.items():
                if amount > multiple * annual:
                    flagged.add(kind)
                    problems.append(
                        f"{INSURANCE_LABELS.get(kind, kind)} of {money(amount)}, "
                        f"{amount / annual:.0f}× the annual value of {money(annual)}"
                    )
    if problems:
        evidence = _cover_lines(fact_evidence(ctx, "insurance"), flagged)
        if sole_traders:
            evidence += [
                e for e in fact_evidence(ctx, "insurance_sole_trader_exempt") if e not in evidence
            ]
        return fail_at(
            ctx,
            evidence,
            problems="; ".join(problems),
            count=len(problems),
        )
    if unknown:
        for name in unknown:
            need(ctx, name)
        return Outcome("not-assessed")
    return Outcome("pass")
