"""SOCIAL rules on hand-built analyses: applicability, severity tiers, boundaries."""

from __future__ import annotations

import pytest

from tendercheck.nlp.model import Evidence, Fact
from tests.test_rules_spec import build, q, run, spec_at, spec_blocks

NO_SV = [("paragraph", "Tenders are evaluated 60% quality and 40% price.")]
SV = [("paragraph", "Tenders are evaluated 50% quality, 40% price and 10% social value.")]


# --- SOCIAL-01 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        ({"above_threshold": True, "contract_type": "services"}, "fail"),
        ({"above_threshold": True, "contract_type": "light-touch"}, "fail"),
        ({"above_threshold": True, "contract_type": "works"}, "not-applicable"),
        ({"above_threshold": False, "contract_type": "services"}, "not-applicable"),
        ({"contract_type": "services"}, "not-assessed"),
    ],
)
def test_social_01_applicability(facts, status):
    assert run("SOCIAL-01", build(NO_SV, facts)).status == status


def test_social_01_pass():
    facts = {"above_threshold": True, "contract_type": "services"}
    assert run("SOCIAL-01", build(SV, facts)).status == "pass"


# --- SOCIAL-02 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("authority", "severity"), [("central", "warning"), ("other", "info"), (None, "info")]
)
def test_social_02_severity_by_authority(authority, severity):
    facts = {"weightings": {"price": 40, "quality": 55, "social_value": 5}}
    if authority:
        facts["authority_type"] = authority
    result = run("SOCIAL-02", build(facts=facts))
    assert result.status == "fail" and result.severity == severity


@pytest.mark.parametrize(("sv", "status"), [(10, "pass"), (9.9, "fail")])
def test_social_02_boundary(sv, status):
    facts = {"weightings": {"price": 40, "quality": 60 - sv, "social_value": sv}}
    assert run("SOCIAL-02", build(facts=facts)).status == status


def test_social_02_british_council_form_passes_from_question_weights():
    # Corpus 03: SV01 Social Value 10% (500 words), no separate price/quality table.
    questions = [
        q("Social value you will deliver.", id="SV01", weighting=10, topic="social_value"),
        q("Team.", id="QU01", weighting=15),
        q("Methodology.", id="MA01", weighting=30),
    ]
    assert run("SOCIAL-02", build(facts={"questions": questions})).status == "pass"


def test_social_02_placeholder_rank_and_missing_are_not_assessed():
    holder = Fact(
        "weightings", None, placeholder=True, evidence=[Evidence("d", 1, "", "[insert %]")]
    )
    assert run("SOCIAL-02", build(fact_objects=[holder])).status == "not-assessed"
    ranked = build(facts={"weightings": {"quality": 1}, "weightings_kind": "rank"})
    assert run("SOCIAL-02", ranked).status == "not-assessed"
    assert run("SOCIAL-02", build()).status == "not-assessed"


def test_social_02_lot_below_floor():
    facts = {
        "weightings": {"social_value": 10},
        "weightings_by_lot": {"Lot 1": {"price": 45, "quality": 50, "social_value": 5}},
    }
    result = run("SOCIAL-02", build(facts=facts))
    assert result.status == "fail" and "Lot 1" in result.message


# --- SOCIAL-03 ----------------------------------------------------------------------------------


def test_social_03():
    asks = ["Describe the social value you will bring."]
    assert (
        run("SOCIAL-03", build(facts={"social_value_asks": asks})).status == "fail"
    )  # no measures found
    assert (
        run("SOCIAL-03", build(facts={"social_value_asks": asks, "social_value_toms": True})).status
        == "pass"
    )
    assert run("SOCIAL-03", build(facts={"social_value_asks": []})).status == "not-applicable"


# --- SOCIAL-04 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "status"), [(99_999, "fail"), (100_000, "not-applicable")])
def test_social_04_value_boundary(value, status):
    facts = {
        "contract_value_total": value,
        "social_value_asks": ["x"],
        "social_value_toms": False,
        "apprenticeship_quota": True,
        "social_value_question_count": 1,
    }
    assert run("SOCIAL-04", build(SV, facts)).status == status


@pytest.mark.parametrize(("count", "status"), [(3, "pass"), (4, "fail")])
def test_social_04_question_count(count, status):
    facts = {
        "contract_value_total": 50_000,
        "social_value_asks": ["x"],
        "social_value_toms": False,
        "apprenticeship_quota": False,
        "social_value_question_count": count,
    }
    assert run("SOCIAL-04", build(SV, facts)).status == status


def test_social_04_missing_facts():
    assert run("SOCIAL-04", build(SV)).status == "not-assessed"  # no value
    result = run(
        "SOCIAL-04", build(SV, {"contract_value_total": 50_000, "social_value_asks": ["x"]})
    )
    assert result.status == "not-assessed" and "social_value_toms" in result.missing
    assert run("SOCIAL-04", build(NO_SV, {"contract_value_total": 50_000})).status == "pass"


# --- SOCIAL-05 ----------------------------------------------------------------------------------

PARKS = spec_blocks("The contractor will cut grass, prune hedges and clear litter in the parks.")


def test_social_05():
    related = ["Recruit local residents to cut grass and clear litter in the parks."]
    unrelated = [
        "Describe your corporate carbon offsetting programme and national charity partnerships."
    ]
    assert (
        run(
            "SOCIAL-05", build(PARKS, {"spec_start": spec_at(), "social_value_asks": related})
        ).status
        == "pass"
    )
    assert (
        run(
            "SOCIAL-05", build(PARKS, {"spec_start": spec_at(), "social_value_asks": unrelated})
        ).status
        == "fail"
    )
    assert run("SOCIAL-05", build(PARKS, {"spec_start": spec_at()})).status == "not-applicable"
    result = run("SOCIAL-05", build(PARKS, {"social_value_asks": related}))
    assert result.status == "not-assessed" and "spec_start" in result.missing


# --- SOCIAL-06 ----------------------------------------------------------------------------------


def test_social_06_strength():
    invited = [("paragraph", "We welcome bids that sub-contract to local charities.")]
    result = run("SOCIAL-06", build(invited))
    assert result.status == "pass" and result.message.startswith("Strength")
    assert run("SOCIAL-06", build(NO_SV)).status == "fail"
    assert run("SOCIAL-06", build(NO_SV, {"vcse_supply_chain_invited": True})).status == "pass"
    banned = [("paragraph", "Sub-contracting to SMEs is not permitted.")]
    assert run("SOCIAL-06", build(banned)).status == "fail"
