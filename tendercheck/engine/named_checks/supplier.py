"""Named checks for the SUPPLIER rules, and the fact-reading helpers the TIME and EFFORT checks share.

Every figure (caps, multiples, legal minimums, phrase lists) comes from the rule's ``options`` in
rules/supplier.yaml; nothing here is a threshold of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from tendercheck.engine.checks import CheckContext, named_check
from tendercheck.engine.model import Outcome
from tendercheck.nlp.model import Evidence, Sentence

# --- shared helpers ------------------------------------------------------------------------------


def peek(ctx: CheckContext, name: str) -> Any:
    """A fact's value, or None, *without* recording it as missing (for optional facts)."""
    fact = ctx.analysis.facts.get(name)
    if fact is None or fact.value is None or fact.placeholder:
        return None
    if fact not in ctx.used:
        ctx.used.append(fact)
    return fact.value


def is_placeholder(ctx: CheckContext, name: str) -> bool:
    fact = ctx.analysis.facts.get(name)
    return fact is not None and fact.placeholder


def need(ctx: CheckContext, *names: str) -> None:
    """Record facts as missing (ctx.fact notes placeholders too)."""
    for name in names:
        if ctx.fact(name) is None and name not in ctx.missing:
            ctx.missing.append(name)


def mentions(
    ctx: CheckContext,
    patterns: Iterable[str],
    unless: Iterable[str] = (),
    sentences: list[Sentence] | None = None,
) -> list[Sentence]:
    """Sentences matching any pattern (case-insensitive) and no ``unless`` pattern."""
    patterns = list(patterns or [])
    if not patterns:
        return []
    found = re.compile("|".join(f"(?:{p})" for p in patterns), re.I)
    unless = list(unless or [])
    skip = re.compile("|".join(f"(?:{p})" for p in unless), re.I) if unless else None
    pool = ctx.analysis.sentences if sentences is None else sentences
    return [s for s in pool if found.search(s.text) and not (skip and skip.search(s.text))]


def not_demanded(ctx: CheckContext, fact: str, options: dict, what: str) -> Outcome:
    """The outcome when the demand fact was not found.

    Pass only when the pack was read and nothing in it mentions the demand; when it does (a
    demand the extractors could not read) or the fact is a placeholder, not-assessed.
    """
    if is_placeholder(ctx, fact) or not ctx.analysis.sentences:
        need(ctx, fact)
        return Outcome("not-assessed")
    hits = mentions(ctx, options.get("mention_patterns", []), options.get("mention_unless", []))
    if hits:
        need(ctx, fact)
        return Outcome(
            "not-assessed",
            evidence=[s.evidence() for s in hits[:3]],
            detail=f"the pack mentions {what} but no figure or demand was read",
        )
    return Outcome("pass", args={"absent": what})


def quote_evidence(ctx: CheckContext, quotes: Iterable[str], limit: int = 10) -> list[Evidence]:
    """Evidence for quoted items: the sentence each quote was read from."""
    out: list[Evidence] = []
    for quote in quotes:
        probe = " ".join(str(quote or "").split())[:60]
        if not probe:
            continue
        for sentence in ctx.analysis.sentences:
            if probe in " ".join(sentence.text.split()):
                ev = sentence.evidence()
                if ev not in out:
                    out.append(ev)
                break
        if len(out) >= limit:
            break
    return out


def fact_evidence(ctx: CheckContext, *names: str) -> list[Evidence]:
    """Where the facts were read; for a fact supplied by the user (no evidence of its own),
    where the documents state it, when they do."""
    out: list[Evidence] = []
    for name in names:
        fact = ctx.analysis.facts.get(name)
        if fact is None:
            continue
        found = list(fact.evidence)
        if not found:
            for other in ctx.analysis.candidates.get(name, []):
                if other.source == "document" and not other.placeholder:
                    found.extend(other.evidence)
        for ev in found:
            if ev not in out:
                out.append(ev)
    return out


def contract_total(ctx: CheckContext, record: bool = True) -> float | None:
    """Total contract value, or annual value × duration when only those were found."""
    total = peek(ctx, "contract_value_total")
    if total is not None:
        return float(total)
    annual, months = peek(ctx, "contract_value_annual"), peek(ctx, "contract_duration_months")
    if annual is not None and months:
        return float(annual) * float(months) / 12.0
    if record:
        need(ctx, "contract_value_total")
        if is_placeholder(ctx, "contract_value_annual"):
            need(ctx, "contract_value_annual")
    return None


def contract_annual(ctx: CheckContext, record: bool = True) -> float | None:
    """Annual contract value; a contract of a year or less is worth its total a year."""
    annual = peek(ctx, "contract_value_annual")
    if annual is not None:
        return float(annual)
    total, months = peek(ctx, "contract_value_total"), peek(ctx, "contract_duration_months")
    if total is not None and months:
        return float(total) * 12.0 / max(float(months), 12.0)
    if record:
        need(ctx, "contract_value_annual")
        if is_placeholder(ctx, "contract_value_total"):
            need(ctx, "contract_value_total")
    return None


def money(amount: float | None) -> str:
    if amount is None:
        return "?"
    amount = float(amount)
    if amount >= 1_000_000 and amount % 100_000 == 0:
        return f"£{amount / 1_000_000:g}m"
    return f"£{amount:,.0f}"


def _fail(ctx: CheckContext, evidence: list[Evidence] | None = None, **args: Any) -> Outcome:
    return Outcome("fail", evidence if evidence else ctx.evidence(), args=args)


# --- SUPPLIER-01 / 02: turnover -----------------------------------------------------------------


@named_check("turnover_ratio")
def turnover_ratio(ctx: CheckContext, options: dict) -> Outcome:
    """Minimum turnover as a multiple of the annual contract value, against ``max_ratio``."""
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


# --- SUPPLIER-03 / 04: accounts and trading history ---------------------------------------------


@named_check("audited_accounts")
def audited_accounts(ctx: CheckContext, options: dict) -> Outcome:
    audited = peek(ctx, "audited_accounts_required")
    if audited is None:
        return not_demanded(ctx, "audited_accounts_required", options, "audited accounts")
    if not audited:
        return Outcome("pass")
    if peek(ctx, "accounts_alternative") or mentions(ctx, options.get("alternative_patterns", [])):
        return Outcome("pass")
    return _fail(ctx, fact_evidence(ctx, "audited_accounts_required"))


@named_check("trading_history")
def trading_history(ctx: CheckContext, options: dict) -> Outcome:
    accounts = peek(ctx, "accounts_years_required")
    trading = peek(ctx, "years_trading_required")
    if accounts is None and trading is None:
        return not_demanded(ctx, "accounts_years_required", options, "years of accounts or trading")
    years = max(int(v) for v in (accounts, trading) if v is not None)
    what = (
        "years of accounts"
        if accounts is not None and int(accounts) == years
        else "years of trading"
    )
    if years < int(options["min_years"]) or peek(ctx, "accounts_alternative"):
        return Outcome("pass", args={"years": years, "what": what})
    evidence = fact_evidence(ctx, "accounts_years_required", "years_trading_required")
    return _fail(ctx, evidence, years=years, what=what)


# --- SUPPLIER-05 / 06: insurance ----------------------------------------------------------------

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


@named_check("insurance_timing")
def insurance_timing(ctx: CheckContext, options: dict) -> Outcome:
    at_bid = peek(ctx, "insurance_at_bid_stage")
    if at_bid is True:
        return _fail(ctx, fact_evidence(ctx, "insurance_at_bid_stage"))
    if at_bid is False:
        return Outcome("pass")
    if peek(ctx, "insurance"):
        need(ctx, "insurance_at_bid_stage")
        return Outcome("not-assessed")
    return not_demanded(ctx, "insurance", options, "insurance cover")


@named_check("insurance_levels")
def insurance_levels(ctx: CheckContext, options: dict) -> Outcome:
    insurance = peek(ctx, "insurance")
    if not isinstance(insurance, dict) or not insurance:
        if insurance == {}:
            return Outcome("pass")
        return not_demanded(ctx, "insurance", options, "insurance cover")
    covers = {
        k: float(v)
        for k, v in insurance.items()
        if isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0
    }
    problems: list[str] = []
    unknown: list[str] = []
    el_type = "employers_liability"
    el_minimum = float(options["el_legal_minimum"])
    el = covers.get(el_type)
    if el is not None and el > el_minimum:
        problems.append(
            f"employers' liability of {money(el)}, above the {money(el_minimum)} legal minimum"
        )
    if el_type in insurance and options.get("check_sole_traders", True):
        exempt = peek(ctx, "insurance_sole_trader_exempt")
        stated = ctx.analysis.facts.get("insurance_sole_trader_exempt")
        # "Not exempt" read from a document may only mean no exemption was found next to the
        # demand; the pack may still limit it to employers elsewhere.
        if not exempt and not (
            stated is not None and stated.source != "document" and exempt is False
        ):
            exempt = bool(mentions(ctx, options.get("sole_trader_patterns", [])))
        if not exempt:
            problems.append(
                "employers' liability demanded from every bidder, sole traders with no "
                "employees included"
            )
    big_types = options.get("high_cover_types", [])
    high = float(options["high_cover"])
    small = float(options["small_contract"])
    big = {k: v for k, v in covers.items() if k in big_types and v >= high}
    if big:
        total = contract_total(ctx, record=False)
        if total is None:
            unknown.append("contract_value_total")
        elif total < small:
            for kind, amount in big.items():
                problems.append(
                    f"{INSURANCE_LABELS.get(kind, kind)} of {money(amount)} on a contract "
                    f"worth {money(total)} (under {money(small)})"
                )
    multiple = float(options["max_cover_multiple"])
    # Cover at or below the standard market tier is not compared with the value: it is what a
    # policy for public-facing work is sold at, however small the contract.
    standard = float(options.get("standard_cover", 0))
    excluded = options.get("multiple_exclude", [])
    measured = {k: v for k, v in covers.items() if k not in excluded and v > standard}
    if measured:
        annual = contract_annual(ctx, record=False)
        if annual is None:
            unknown.append("contract_value_annual")
        elif annual > 0:
            for kind, amount in measured.items():
                if amount > multiple * annual:
                    problems.append(
                        f"{INSURANCE_LABELS.get(kind, kind)} of {money(amount)}, "
                        f"{amount / annual:.0f}× the annual value of {money(annual)}"
                    )
    if problems:
        return _fail(
            ctx,
            fact_evidence(ctx, "insurance", "insurance_sole_trader_exempt"),
            problems="; ".join(problems),
            count=len(problems),
        )
    if unknown:
        for name in unknown:
            need(ctx, name)
        return Outcome("not-assessed")
    return Outcome("pass")


# --- SUPPLIER-07 / 08: named certifications and brands ------------------------------------------


def _without_equivalent(ctx: CheckContext, fact: str, options: dict, what: str) -> Outcome:
    items = peek(ctx, fact)
    if items is None:
        return not_demanded(ctx, fact, options, what)
    failing = [
        i
        for i in items
        if isinstance(i, dict)
        and i.get("required", True) is not False
        and not i.get("equivalent_accepted")
    ]
    if not failing:
        return Outcome("pass")
    names = [str(i.get("name") or "?") for i in failing]
    evidence = quote_evidence(ctx, [i.get("quote", "") for i in failing])
    if not evidence:
        all_ev = fact_evidence(ctx, fact)
        evidence = [e for e in all_ev if any(n.lower() in e.quote.lower() for n in names)] or all_ev
    return _fail(ctx, evidence, names=", ".join(dict.fromkeys(names)), count=len(failing))


@named_check("certifications_without_equivalent")
def certifications_without_equivalent(ctx: CheckContext, options: dict) -> Outcome:
    return _without_equivalent(ctx, "certifications", options, "a named certification")


@named_check("brands_without_equivalent")
def brands_without_equivalent(ctx: CheckContext, options: dict) -> Outcome:
    return _without_equivalent(ctx, "brands_named", options, "a brand or trade name")


# --- SUPPLIER-09: experience that only the authority's own suppliers have ------------------------


@named_check("restricted_experience")
def restricted_experience(ctx: CheckContext, options: dict) -> Outcome:
    demands = peek(ctx, "experience_demands")
    if demands is None:
        return not_demanded(ctx, "experience_demands", options, "restricted experience")
    kinds = set(options["fail_kinds"])
    failing = [d for d in demands if isinstance(d, dict) and d.get("kind") in kinds]
    if not failing:
        return Outcome("pass")
    labels = {
        "previous_contract_with_authority": "a previous contract with this authority",
        "public_sector_only": "public-sector experience only",
    }
    found = ", ".join(dict.fromkeys(labels.get(d["kind"], d["kind"]) for d in failing))
    evidence = quote_evidence(ctx, [d.get("quote", "") for d in failing]) or fact_evidence(
        ctx, "experience_demands"
    )
    return _fail(ctx, evidence, demands=found)


# --- SUPPLIER-10 to 13: statements, plans and tests meant for big contracts ----------------------


@named_check("modern_slavery_statement")
def modern_slavery_statement(ctx: CheckContext, options: dict) -> Outcome:
    required = peek(ctx, "modern_slavery_statement_required")
    if required is None:
        return not_demanded(
            ctx, "modern_slavery_statement_required", options, "a modern slavery statement"
        )
    if not required:
        return Outcome("pass")
    # A demand limited to organisations over the statutory turnover trigger is the law itself.
    trigger = re.compile("|".join(f"(?:{p})" for p in options["statutory_trigger_patterns"]), re.I)
    evidence = fact_evidence(ctx, "modern_slavery_statement_required")
    if evidence and all(trigger.search(e.quote) for e in evidence):
        return Outcome("pass")
    return _fail(ctx, evidence)


@named_check("demand_below_value")
def demand_below_value(ctx: CheckContext, options: dict) -> Outcome:
    """A demand (a boolean fact) that policy reserves for contracts at or above a value."""
    fact = options["fact"]
    demanded = peek(ctx, fact)
    if demanded is None:
        return not_demanded(ctx, fact, options, options.get("what", fact))
    if not demanded:
        return Outcome("pass")
    evidence = fact_evidence(ctx, fact)
    value = (
        contract_annual(ctx) if options.get("value", "annual") == "annual" else contract_total(ctx)
    )
    if value is None:
        return Outcome("not-assessed")
    limit = float(options["limit"])
    args = {"value": money(value), "limit": money(limit)}
    return (
        Outcome("fail", evidence or ctx.evidence(), args=args)
        if value < limit
        else Outcome("pass", args=args)
    )


@named_check("cyber_essentials_plus")
def cyber_essentials_plus(ctx: CheckContext, options: dict) -> Outcome:
    level = peek(ctx, "cyber_essentials")
    if level is None:
        return not_demanded(ctx, "cyber_essentials", options, "Cyber Essentials Plus")
    if str(level).lower() != "plus":
        return Outcome("pass")
    # Look for data or ICT in the specification when it was found (contract terms mention
    # personal data in nearly every pack), else in the whole pack.
    spec = ctx.sentences("spec") or None
    data = mentions(ctx, options["data_patterns"], sentences=spec)
    if data:
        return Outcome("pass", args={"where": data[0].text[:80]})
    return _fail(
        ctx, fact_evidence(ctx, "cyber_essentials"), scope="specification" if spec else "pack"
    )


# --- SUPPLIER-14 to 16: partners, guarantees and pre-qualification ------------------------------


@named_check("partners_forbidden")
def partners_forbidden(ctx: CheckContext, options: dict) -> Outcome:
    names = ("consortia_allowed", "subcontracting_allowed", "reliance_on_others_allowed")
    labels = {
        "consortia_allowed": "consortium bids",
        "subcontracting_allowed": "sub-contracting",
        "reliance_on_others_allowed": "relying on another organisation's capacity",
    }
    values = {n: peek(ctx, n) for n in names}
    forbidden = [n for n, v in values.items() if v is False]
    if forbidden:
        return _fail(
            ctx, fact_evidence(ctx, *forbidden), forbidden=", ".join(labels[n] for n in forbidden)
        )
    if all(v is None for v in values.values()):
        return not_demanded(
            ctx, "consortia_allowed", options, "a ban on consortia or sub-contracting"
        )
    if any(v is None for v in values.values()) and mentions(
        ctx, options.get("mention_patterns", []), options.get("mention_unless", [])
    ):
        need(ctx, *(n for n, v in values.items() if v is None))
        return Outcome("not-assessed")
    return Outcome("pass")


@named_check("guarantees_on_small_contract")
def guarantees_on_small_contract(ctx: CheckContext, options: dict) -> Outcome:
    demanded = peek(ctx, "bonds_guarantees")
    if demanded is None:
        return not_demanded(ctx, "bonds_guarantees", options, "a guarantee, bond or deposit")
    kinds = [k for k in demanded if k in options["kinds"]]
    if not kinds:
        return Outcome("pass")
    total = contract_total(ctx)
    if total is None:
        return Outcome("not-assessed")
    limit = float(options["limit"])
    args = {
        "kinds": ", ".join(k.replace("_", " ") for k in dict.fromkeys(kinds)),
        "value": money(total),
        "limit": money(limit),
    }
    if total >= limit:
        return Outcome("pass", args=args)
    return Outcome("fail", fact_evidence(ctx, "bonds_guarantees") or ctx.evidence(), args=args)


@named_check("below_threshold_prequalification")
def below_threshold_prequalification(ctx: CheckContext, options: dict) -> Outcome:
    above = peek(ctx, "above_threshold")
    if above is True:
        return Outcome(
            "not-applicable", detail="above threshold, where a selection stage is lawful"
        )
    stage = peek(ctx, "pre_qualification_stage")
    if stage is None:
        return not_demanded(ctx, "pre_qualification_stage", options, "a pre-qualification stage")
    if not stage:
        return Outcome("pass")
    if above is None:
        need(ctx, "above_threshold")
        if peek(ctx, "contract_value_total") is None:
            need(ctx, "contract_value_total")
        return Outcome("not-assessed")
    return _fail(ctx, fact_evidence(ctx, "pre_qualification_stage"))
