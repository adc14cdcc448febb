"""Named checks SUPPLIER-07 to 16: named certifications and brands, restricted experience,
statements and tests meant for big contracts, partners, guarantees and pre-qualification.

SUPPLIER-01 to 06 (turnover, accounts, insurance) are in :mod:`.supplier_finance`. Every figure
comes from the rule's ``options`` in rules/supplier.yaml; nothing here is a threshold of its own.
"""

from __future__ import annotations

from tendercheck.engine.checks import named_check
from tendercheck.engine.context import CheckContext
from tendercheck.engine.model import Outcome
from tendercheck.engine.named_checks.demands import money, required_items
from tendercheck.engine.named_checks.evidence import fact_evidence, fail_at, sentences_quoting
from tendercheck.engine.named_checks.fact_reading import (
    contract_annual,
    contract_total,
    need,
    not_demanded,
    peek,
)
from tendercheck.engine.named_checks.patterns import compile_any, mentions
from tendercheck.nlp.clauses import reads

# --- SUPPLIER-07 / 08: named certifications and brands ------------------------------------------


def _without_equivalent(ctx: CheckContext, fact: str, options: dict, what: str) -> Outcome:
    items = peek(ctx, fact)
    if items is None:
        return not_demanded(ctx, fact, options, what)
    failing = [
        i
        for _, i in required_items(items)
        if isinstance(i, dict) and not i.get("equivalent_accepted")
    ]
    if not failing:
        return Outcome("pass")
    names = [str(i.get("name") or "?") for i in failing]
    evidence = sentences_quoting(ctx, [i.get("quote", "") for i in failing])
    if not evidence:
        all_ev = fact_evidence(ctx, fact)
        evidence = [e for e in all_ev if any(n.lower() in e.quote.lower() for n in names)] or all_ev
    # Quote the clauses that demand them, not a mention ("Reference to ISO 20001 corrected…").
    evidence = [e for e in evidence if reads("qualification", e.clause)] or evidence
    # A demand limited to some lots says so: "ISO 9001 (Lots 1a, 1b)".
    named = [_with_lots(n, i.get("lots")) for n, i in zip(names, failing, strict=True)]
    return fail_at(ctx, evidence, names=", ".join(dict.fromkeys(named)), count=len(failing))


def _with_lots(name: str, lots: list[str] | None) -> str:
    if not lots:
        return name
    return f"{name} (Lot{'s' if len(lots) > 1 else ''} {', '.join(lots)})"


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
    evidence = sentences_quoting(ctx, [d.get("quote", "") for d in failing]) or fact_evidence(
        ctx, "experience_demands"
    )
    return fail_at(ctx, evidence, demands=found)


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
    trigger = compile_any(options["statutory_trigger_patterns"])
    evidence = fact_evidence(ctx, "modern_slavery_statement_required")
    if evidence and all(trigger.search(e.quote) for e in evidence):
        return Outcome("pass")
    return fail_at(ctx, evidence)


@named_check("demand_below_value")
def demand_below_value(ctx: CheckContext, options: dict) -> Outcome:
    """A demand (a boolean fact) that policy reserves for contracts at or above a value."""
    fact = options["fact"]
    demanded = peek(ctx, fact)
    if demanded is None:
        return not_demanded(ctx, fact, options, options["what"])
    if not demanded:
        return Outcome("pass")
    evidence = fact_evidence(ctx, fact)
    value = contract_annual(ctx) if options["value"] == "annual" else contract_total(ctx)
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
    return fail_at(
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
        return fail_at(
            ctx, fact_evidence(ctx, *forbidden), forbidden=", ".join(labels[n] for n in forbidden)
        )
    if all(v is None for v in values.values()):
        return not_demanded(
            ctx, "consortia_allowed", options, "a ban on consortia or sub-contracting"
        )
    if any(v is None for v in values.values()) and mentions(
        ctx, options["mention_patterns"], options["mention_unless"]
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
    return fail_at(ctx, fact_evidence(ctx, "pre_qualification_stage"))
