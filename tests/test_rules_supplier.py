"""SUPPLIER rules: edge cases on hand-built analyses (boundaries, placeholders, missing facts)."""

from __future__ import annotations

import pytest

from tendercheck.engine import evaluate_rule, load_rules
from tendercheck.nlp.model import Evidence, Fact
from tests.test_rules_time import make_analysis

RULES = {r.id: r for r in load_rules()}
READ = ("The Council invites tenders for the service.",)  # a pack that was read


def run(rule_id: str, facts: dict | None = None, text: tuple[str, ...] = READ, **kwargs):
    return evaluate_rule(make_analysis(facts, text=text, **kwargs), RULES[rule_id])


# --- SUPPLIER-01 / 02 --------------------------------------------------------------------------------


def test_supplier01_no_turnover_demand_passes_without_value() -> None:
    result = run("SUPPLIER-01", {})
    assert result.status == "pass"
    assert result.missing == []


def test_supplier01_empty_pack_is_not_a_pass() -> None:
    assert run("SUPPLIER-01", {}, text=()).status == "not-assessed"


def test_supplier01_unread_turnover_demand() -> None:
    text = ("Bidders must have a minimum annual turnover of £250,000.",)
    result = run("SUPPLIER-01", {}, text=text)
    assert result.status == "not-assessed"
    assert "min_turnover" in result.missing


def test_supplier01_statutory_36m_is_not_a_demand() -> None:
    text = ("Organisations with a total annual turnover of £36m or more must publish a statement.",)
    assert run("SUPPLIER-01", {}, text=text).status == "pass"


@pytest.mark.parametrize(("turnover", "status"), [(80_000, "pass"), (80_001, "fail")])
def test_supplier01_boundary(turnover: int, status: str) -> None:
    result = run("SUPPLIER-01", {"min_turnover": turnover, "contract_value_annual": 40_000})
    assert result.status == status


def test_supplier01_amount_needs_annual_value() -> None:
    result = run("SUPPLIER-01", {"min_turnover": 200_000})
    assert result.status == "not-assessed"
    assert result.missing == ["contract_value_annual"]


def test_supplier01_placeholder_value() -> None:
    facts = {
        "min_turnover": 200_000,
        "contract_value_annual": Fact("contract_value_annual", None, placeholder=True),
    }
    result = run("SUPPLIER-01", facts)
    assert result.status == "not-assessed"
    assert "placeholder" in result.message


def test_supplier01_multiple_of_annual_needs_no_value() -> None:
    facts = {"min_turnover_multiple": 2, "min_turnover_basis": "annual"}
    assert run("SUPPLIER-01", facts).status == "pass"
    assert run("SUPPLIER-02", facts).status == "fail"


def test_supplier01_multiple_of_total() -> None:
    facts = {
        "min_turnover_multiple": 1,
        "min_turnover_basis": "total",
        "contract_value_total": 300_000,
        "contract_value_annual": 100_000,
    }
    result = run("SUPPLIER-01", facts)
    assert result.status == "fail"
    assert "3.0×" in result.message


def test_supplier01_multiple_with_unknown_basis() -> None:
    assert run("SUPPLIER-01", {"min_turnover_multiple": 3}).status == "fail"
    result = run("SUPPLIER-01", {"min_turnover_multiple": 1.5})
    assert result.status == "not-assessed"
    assert "min_turnover_basis" in result.missing


def test_supplier01_lots_compare_with_smallest_lot() -> None:
    base = {"min_turnover": 1_000_000, "contract_value_annual": 3_600_000, "lots": 3}
    result = run("SUPPLIER-02", base)
    assert result.status == "not-assessed"
    assert result.missing == ["lot_values_annual"]
    lots = {**base, "lot_values_annual": [1_200_000, 1_500_000, 900_000]}
    result = run("SUPPLIER-02", lots)
    assert result.status == "fail"
    assert "smallest lot" in result.message
    assert run("SUPPLIER-01", lots).status == "pass"
    # A fail on the average lot needs no lot values.
    assert run("SUPPLIER-01", {**base, "min_turnover": 2_500_000}).status == "fail"


@pytest.mark.parametrize(("turnover", "status"), [(40_000, "pass"), (40_001, "fail")])
def test_supplier02_boundary(turnover: int, status: str) -> None:
    result = run("SUPPLIER-02", {"min_turnover": turnover, "contract_value_annual": 40_000})
    assert result.status == status


# --- SUPPLIER-03 / 04 / 05 ---------------------------------------------------------------------------


def test_supplier03_alternative_stated_elsewhere() -> None:
    text = ("If your company is below the audit threshold, provide your filed accounts.",)
    assert run("SUPPLIER-03", {"audited_accounts_required": True}, text=text).status == "pass"
    assert run("SUPPLIER-03", {"audited_accounts_required": True}).status == "fail"


def test_supplier03_unread_demand() -> None:
    text = ("Provide two years of audited accounts.",)
    assert run("SUPPLIER-03", {}, text=text).status == "not-assessed"


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        ({"years_trading_required": 3}, "fail"),
        ({"years_trading_required": 2, "accounts_years_required": 2}, "pass"),
        ({"accounts_years_required": 3, "accounts_alternative": True}, "pass"),
    ],
)
def test_supplier04(facts: dict, status: str) -> None:
    assert run("SUPPLIER-04", facts).status == status


def test_supplier05_insurance_without_timing() -> None:
    result = run("SUPPLIER-05", {"insurance": {"public_liability": 5_000_000}})
    assert result.status == "not-assessed"
    assert result.missing == ["insurance_at_bid_stage"]


# --- SUPPLIER-06 -------------------------------------------------------------------------------------


def test_supplier06_el_above_legal_minimum_needs_no_value() -> None:
    facts = {
        "insurance": {
            "employers_liability": 10_000_000,
            "public_liability": 10_000_000,
            "professional_indemnity": 5_000_000,
        },
        "insurance_sole_trader_exempt": True,
        "contract_value_annual": Fact("contract_value_annual", None, placeholder=True),
    }
    result = run("SUPPLIER-06", facts)
    assert result.status == "fail"
    assert "£10m, above the £5m legal minimum" in result.message


def test_supplier06_needs_value_when_el_is_lawful() -> None:
    facts = {
        "insurance": {"employers_liability": 5_000_000, "public_liability": 6_000_000},
        "insurance_sole_trader_exempt": True,
    }
    result = run("SUPPLIER-06", facts)
    assert result.status == "not-assessed"
    assert "contract_value_annual" in result.missing


def test_supplier06_standard_cover_on_tiny_contract() -> None:
    facts = {
        "insurance": {"public_liability": 5_000_000},
        "contract_value_total": 8_000,
        "contract_value_annual": 8_000,
    }
    assert run("SUPPLIER-06", facts).status == "pass"


def test_supplier06_el_from_sole_traders() -> None:
    facts = {"insurance": {"employers_liability": 5_000_000}}
    result = run("SUPPLIER-06", facts)
    assert result.status == "fail"
    assert "sole traders" in result.message
    compulsory = ("Employer's (Compulsory) Liability Insurance £5,000,000",)
    assert run("SUPPLIER-06", facts, text=compulsory).status == "pass"


@pytest.mark.parametrize(
    ("cover", "total", "status"),
    [
        (10_000_000, 999_999, "fail"),
        (9_999_999, 999_999, "pass"),
        (10_000_000, 1_000_000, "pass"),
    ],
)
def test_supplier06_high_cover_on_small_contract(cover: int, total: int, status: str) -> None:
    facts = {
        "insurance": {"professional_indemnity": cover},
        "contract_value_total": total,
        "contract_value_annual": 500_001,
    }
    assert run("SUPPLIER-06", facts).status == status


@pytest.mark.parametrize(("cover", "status"), [(6_000_000, "pass"), (6_000_001, "fail")])
def test_supplier06_twenty_times_annual(cover: int, status: str) -> None:
    facts = {
        "insurance": {"product_liability": cover},
        "contract_value_total": 900_000,
        "contract_value_annual": 300_000,
    }
    assert run("SUPPLIER-06", facts).status == status


def test_supplier06_el_not_compared_with_value() -> None:
    facts = {
        "insurance": {"employers_liability": 5_000_000},
        "insurance_sole_trader_exempt": True,
        "contract_value_annual": 10_000,
        "contract_value_total": 10_000,
    }
    assert run("SUPPLIER-06", facts).status == "pass"


# --- SUPPLIER-07 to 10 -------------------------------------------------------------------------------


def test_supplier07_desirable_certification_not_counted() -> None:
    certs = [{"name": "ISO 14001", "equivalent_accepted": False, "required": False}]
    assert run("SUPPLIER-07", {"certifications": certs}).status == "pass"


def test_supplier07_unread_certification() -> None:
    text = ("Bidders must hold ISO 9001.",)
    assert run("SUPPLIER-07", {}, text=text).status == "not-assessed"
    text = ("Bidders must hold ISO 9001 or equivalent.",)
    assert run("SUPPLIER-07", {}, text=text).status == "pass"


def test_supplier09_references_are_fine() -> None:
    demands = [
        {"kind": "years_experience", "quote": "Three years' experience."},
        {"kind": "public_sector_only", "quote": "Public sector references only."},
    ]
    result = run("SUPPLIER-09", {"experience_demands": demands[:1]})
    assert result.status == "pass"
    result = run("SUPPLIER-09", {"experience_demands": demands})
    assert result.status == "fail"
    assert "public-sector experience only" in result.message


def test_supplier10_statutory_trigger_in_evidence() -> None:
    quote = (
        "Bidders with a turnover of £36 million or more must provide a modern slavery statement."
    )
    fact = Fact(
        "modern_slavery_statement_required", True, evidence=[Evidence("itt.docx", 1, "", quote)]
    )
    facts = {"modern_slavery_statement_required": fact}
    assert run("SUPPLIER-10", facts, text=(quote,)).status == "pass"
    assert run("SUPPLIER-10", {"modern_slavery_statement_required": True}).status == "fail"


# --- SUPPLIER-11 to 13 -------------------------------------------------------------------------------


def test_supplier11_needs_value_only_when_demanded() -> None:
    result = run("SUPPLIER-11", {"carbon_reduction_plan_required": True})
    assert result.status == "not-assessed"
    assert "contract_value_annual" in result.missing
    assert run("SUPPLIER-11", {"carbon_reduction_plan_required": False}).status == "pass"


@pytest.mark.parametrize(("annual", "status"), [(4_999_999, "fail"), (5_000_000, "pass")])
def test_supplier12_boundary(annual: int, status: str) -> None:
    facts = {"payment_performance_test": True, "contract_value_annual": annual}
    assert run("SUPPLIER-12", facts).status == status


def test_supplier13_basic_is_fine_and_data_justifies_plus() -> None:
    assert run("SUPPLIER-13", {"cyber_essentials": "basic"}).status == "pass"
    text = ("The supplier will process personal data of service users.",)
    assert run("SUPPLIER-13", {"cyber_essentials": "plus"}, text=text).status == "pass"
    assert run("SUPPLIER-13", {"cyber_essentials": "plus"}).status == "fail"


# --- SUPPLIER-14 to 16 -------------------------------------------------------------------------------


def test_supplier14_forbidden_and_unread() -> None:
    result = run("SUPPLIER-14", {"reliance_on_others_allowed": False})
    assert result.status == "fail"
    assert "capacity" in result.message
    text = ("Consortium bids will not be accepted.",)
    assert run("SUPPLIER-14", {}, text=text).status == "not-assessed"
    consent = (
        "The Supplier shall not sub-contract without the prior written consent of the Council.",
    )
    assert run("SUPPLIER-14", {}, text=consent).status == "pass"


def test_supplier15_value_needed_only_for_listed_kinds() -> None:
    assert run("SUPPLIER-15", {"bonds_guarantees": ["retention"]}).status == "pass"
    result = run("SUPPLIER-15", {"bonds_guarantees": ["parent_company_guarantee"]})
    assert result.status == "not-assessed"
    assert "contract_value_total" in result.missing


@pytest.mark.parametrize(("total", "status"), [(999_999, "fail"), (1_000_000, "pass")])
def test_supplier15_boundary(total: int, status: str) -> None:
    facts = {"bonds_guarantees": ["performance_bond"], "contract_value_total": total}
    assert run("SUPPLIER-15", facts).status == status


def test_supplier16_threshold() -> None:
    assert (
        run("SUPPLIER-16", {"above_threshold": True, "pre_qualification_stage": True}).status
        == "not-applicable"
    )
    result = run("SUPPLIER-16", {"pre_qualification_stage": True})
    assert result.status == "not-assessed"
    assert "above_threshold" in result.missing
    assert run("SUPPLIER-16", {"pre_qualification_stage": False}).status == "pass"
