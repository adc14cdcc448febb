"""Supplier requirements: turnover, accounts, insurance, certifications, experience, policies,
consortia and sub-contracting, guarantees, and the selection stage.

Plain regular expressions over sentence text, each behind a cheap keyword check so the whole
module is one pass over the sentences. A figure the document only quotes (a statutory minimum,
a size threshold, a worked example, guidance to buyers) is never taken as the tender's own.
This module runs that pass and turns the candidates into facts; the readers live in finances,
insurance, certifications, experience_demands and policies.
"""

from __future__ import annotations

from collections.abc import Iterator

from tendercheck import lazyre
from tendercheck.nlp.clauses import reads
from tendercheck.nlp.extractors import Context, extractor
from tendercheck.nlp.extractors.candidates import Found
from tendercheck.nlp.extractors.certifications import (
    BRAND_KEYS,
    CERT_KEYS,
    CertState,
    read_brands,
    read_certifications,
)
from tendercheck.nlp.extractors.experience_demands import read_experience
from tendercheck.nlp.extractors.finances import (
    read_accounts,
    read_turnover,
    read_turnover_by_year,
    turnover_floor_context,
)
from tendercheck.nlp.extractors.insurance import (
    InsuranceState,
    insurance_facts,
    read_insurance,
    read_insurance_flags,
)
from tendercheck.nlp.extractors.policies import read_policies
from tendercheck.nlp.model import Evidence, Fact

# A financial year with a figure may follow ("2017-18 - 500,000 GBP"): finances.py reads it.
_FY_HINT = lazyre.compile(r"(?:19|20)\d\d\s*[-/–]\s*\d\d")

_BOOL_FACTS = (
    "audited_accounts_required",
    "accounts_alternative",
    "insurance_at_bid_stage",
    "insurance_sole_trader_exempt",
    "modern_slavery_statement_required",
    "carbon_reduction_plan_required",
    "payment_performance_test",
    "consortia_allowed",
    "subcontracting_allowed",
    "reliance_on_others_allowed",
    "pre_qualification_stage",
    "selection_questionnaire",
)
_VALUE_FACTS = (
    "min_turnover",
    "min_turnover_multiple",
    "min_turnover_basis",
    "accounts_years_required",
    "years_trading_required",
)
# When both values are found, the one that protects small suppliers less is reported:
# a prohibition beats a mention, a demand beats silence.
_PREFER = {
    "audited_accounts_required": True,
    "accounts_alternative": True,
    "insurance_at_bid_stage": True,
    "insurance_sole_trader_exempt": True,
    "modern_slavery_statement_required": True,
    "carbon_reduction_plan_required": True,
    "payment_performance_test": True,
    "consortia_allowed": False,
    "subcontracting_allowed": False,
    "reliance_on_others_allowed": False,
    "pre_qualification_stage": True,
    "selection_questionnaire": True,
}


@extractor
def supplier_requirements(ctx: Context) -> Iterator[Fact]:
    out: dict[str, Found] = {
        name: Found() for name in (*_BOOL_FACTS, *_VALUE_FACTS, "bonds_guarantees")
    }
    ins = InsuranceState()
    certs = CertState()
    experience: list[dict] = []
    exp_ev: list[Evidence] = []
    sentences = ctx.sentences
    for i, s in enumerate(sentences):
        if not reads("statements", s.clause):
            continue  # guidance, definitions, worked examples, another procurement
        # Demands count only where they bind bidders (or the winner) in this procurement: not
        # "we may ask", not "if you hold", not a duty of the contract once it runs.
        demand = reads("qualification", s.clause)
        low = s.text.lower()
        if "turnover" in low or "income" in low or "revenue" in low:
            read_turnover(s, low, out)
        if (
            not out["min_turnover"].items
            and _FY_HINT.search(s.text)
            and any(
                turnover_floor_context(p)
                for p in sentences[max(0, i - 2) : i + 1]
                if p.doc_index == s.doc_index
            )
        ):
            read_turnover_by_year(s, out)
        if "account" in low or "year" in low or "financial statement" in low:
            read_accounts(s, low, out, demand)
        if "liabilit" in low or "indemnity" in low or "insurance" in low:
            read_insurance(s, i, out, ins)
        if (
            "sole trader" in low
            or "insurance" in low
            or "cover" in low
            or "in place" in low
            or "liabilit" in low
            or "indemnity" in low
        ):
            read_insurance_flags(sentences, i, low, out, ins)
        if CERT_KEYS.search(low) and (
            s.clause is None or (s.clause.part != "terms" and not s.clause.later_call_off)
        ):
            read_certifications(sentences, i, certs, demand)
        if (
            (BRAND_KEYS is not None and BRAND_KEYS.search(low))
            or "brand" in low
            or ("using" in low and ("machine" in low or "equipment" in low or "product" in low))
        ):
            read_brands(s, certs)
        if reads("bid_demand", s.clause):
            read_experience(s, low, experience, exp_ev)
        read_policies(sentences, i, low, out)

    # Turnover: a placeholder only when no real figure was found.
    yield from out["min_turnover"].facts("min_turnover")
    yield from out["min_turnover_multiple"].facts("min_turnover_multiple")
    yield from out["min_turnover_basis"].facts("min_turnover_basis")
    yield from out["accounts_years_required"].facts("accounts_years_required")
    if not out["accounts_alternative"] and (
        out["accounts_years_required"]
        or any(v for v, _, _ in out["audited_accounts_required"].items)
    ):
        # accounts are asked for and no route for organisations without them is offered
        first = (out["accounts_years_required"].items or out["audited_accounts_required"].items)[0]
        yield Fact(
            "accounts_alternative",
            False,
            evidence=[first[2]],
            confidence=0.5,
            note="no alternative to accounts was found",
        )
    yield from out["years_trading_required"].facts("years_trading_required")
    for name in _BOOL_FACTS:
        if name in ("insurance_sole_trader_exempt",):
            continue
        yield from out[name].best_bool(name, _PREFER[name])
    yield from out["insurance_sole_trader_exempt"].best_bool("insurance_sole_trader_exempt")
    yield from insurance_facts(ins, out)
    if certs.certs:
        yield Fact(
            "certifications",
            [certs.entry(name) for name in certs.certs],
            evidence=list(certs.evidence.values())[:12],
            confidence=0.75,
        )
    if certs.cyber:
        level = "plus" if "plus" in certs.cyber else "basic"
        yield Fact("cyber_essentials", level, evidence=[certs.cyber[level]], confidence=0.75)
    if certs.brands:
        yield Fact(
            "brands_named",
            list(certs.brands.values()),
            evidence=list(certs.brand_evidence.values())[:12],
            confidence=0.6,
        )
    if experience:
        yield Fact("experience_demands", experience, evidence=exp_ev[:12], confidence=0.7)
    if out["bonds_guarantees"]:
        kinds = sorted({v for v, _, _ in out["bonds_guarantees"].items})
        yield Fact(
            "bonds_guarantees",
            kinds,
            evidence=[e for _, _, e in out["bonds_guarantees"].items][:6],
            confidence=0.7,
        )
