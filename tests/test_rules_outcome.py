"""OUTCOME rules on hand-built analyses: missing facts, empty lists, boundaries."""

from __future__ import annotations

import pytest

from tests.test_rules_spec import build, q, run, spec_at, spec_blocks

SPEC = spec_blocks("The provider will support residents.")


def req(quote: str, kind: str) -> dict:
    return {"quote": quote, "kind": kind}


# --- OUTCOME-01 ---------------------------------------------------------------------------------


def test_outcome_01_needs_a_spec():
    result = run("OUTCOME-01", build(SPEC, {"outcome_statements": []}))
    assert result.status == "not-assessed" and "spec_start" in result.missing


def test_outcome_01_empty_outcomes_fail_and_outcome_requirements_count():
    facts = {
        "spec_start": spec_at(),
        "outcome_statements": [],
        "requirement_statements": [req("Provide 3 staff.", "input")],
    }
    assert run("OUTCOME-01", build(SPEC, facts)).status == "fail"
    facts["requirement_statements"].append(req("Residents stay independent.", "outcome"))
    assert run("OUTCOME-01", build(SPEC, facts)).status == "pass"


@pytest.mark.parametrize(
    ("deliverables", "status"),
    [
        # advisory or research work: two dated deliverables state its results
        (
            (
                "A literature review of youth engagement practice (13 December 2027);",
                "A summary report of the evidence, due 31 January 2028.",
            ),
            "pass",
        ),
        # one dated deliverable, or products with no date, are not enough
        (("A literature review of youth engagement practice (13 December 2027);",), "fail"),
        (("A literature review.", "A summary report of the evidence."), "fail"),
    ],
)
def test_outcome_01_dated_deliverables_state_the_results(deliverables, status):
    blocks = spec_blocks("The consultant must attend meetings.", *deliverables)
    facts = {"spec_start": spec_at(), "outcome_statements": []}
    result = run("OUTCOME-01", build(blocks, facts))
    assert result.status == status
    if status == "pass":
        assert "2 dated deliverables" in result.message


def test_outcome_01_outcome_facts_missing_is_not_assessed():
    result = run("OUTCOME-01", build(SPEC, {"spec_start": spec_at()}))
    assert result.status == "not-assessed" and "outcome_statements" in result.missing


# --- OUTCOME-02 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("prescriptive", "status"), [(4, "pass"), (5, "fail")])
def test_outcome_02_boundary(prescriptive, status):
    # 4 of 5 is exactly 80%: not over. 5 of 5 is over.
    statements = [req(f"Input {i}", "input") for i in range(prescriptive)]
    statements += [req(f"Output {i}", "output") for i in range(5 - prescriptive)]
    assert run("OUTCOME-02", build(facts={"requirement_statements": statements})).status == status


def test_outcome_02_too_few_or_missing():
    few = build(facts={"requirement_statements": [req("x", "input")] * 4})
    assert run("OUTCOME-02", few).status == "not-assessed"
    assert run("OUTCOME-02", build()).status == "not-assessed"


# --- OUTCOME-03 ---------------------------------------------------------------------------------

FALLS = "Fewer older residents are admitted to hospital after a fall."


def test_outcome_03_matches_kpis_and_questions():
    kpi = {"quote": "KPI: hospital admissions after a fall fall by 10%.", "kind": "outcome"}
    assert (
        run("OUTCOME-03", build(facts={"outcome_statements": [FALLS], "kpis": [kpi]})).status
        == "pass"
    )
    other = [q("Describe your recruitment.")]
    assert (
        run("OUTCOME-03", build(facts={"outcome_statements": [FALLS], "questions": other})).status
        == "fail"
    )


def test_outcome_03_payment_by_results_text_matches():
    text = [
        (
            "paragraph",
            "Payment by results: paid for each resident not admitted to hospital after a fall.",
        )
    ]
    facts = {"outcome_statements": [FALLS], "questions": [q("Describe your recruitment.")]}
    assert run("OUTCOME-03", build(text, facts)).status == "pass"


def test_outcome_03_not_applicable_and_not_assessed():
    assert (
        run("OUTCOME-03", build(facts={"outcome_statements": [], "kpis": []})).status
        == "not-applicable"
    )
    result = run("OUTCOME-03", build(facts={"outcome_statements": [FALLS]}))
    assert result.status == "not-assessed" and set(result.missing) == {"questions", "kpis"}


# --- OUTCOME-04 ---------------------------------------------------------------------------------


def test_outcome_04():
    output = {"quote": "95% of calls answered in 20 seconds.", "kind": "output"}
    outcome = {"quote": "60% of clients in work after 6 months.", "kind": "outcome"}
    assert run("OUTCOME-04", build(facts={"kpis": [output]})).status == "fail"
    assert run("OUTCOME-04", build(facts={"kpis": [output, outcome]})).status == "pass"
    assert run("OUTCOME-04", build(facts={"kpis": []})).status == "not-applicable"
    assert run("OUTCOME-04", build()).status == "not-assessed"
    # a framework's call-offs set their own KPIs (as OUTCOME-01)
    framework = build(facts={"kpis": [output], "procedure": "framework"})
    assert run("OUTCOME-04", framework).status == "not-applicable"


# --- OUTCOME-05 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weights", "status"),
    [
        ({"price": 80, "quality": 20}, "pass"),
        ({"price": 81, "quality": 19}, "fail"),
        ({"price": 70, "social_value": 10}, "pass"),  # quality is the remainder: 20%
        ({"price": 100}, "fail"),
    ],
)
def test_outcome_05_boundary(weights, status):
    assert run("OUTCOME-05", build(facts={"weightings": weights})).status == status


def test_outcome_05_lots_price_only_and_missing():
    lots = {
        "weightings": {"social_value": 10},
        "weightings_by_lot": {
            "Lot 1": {"quality": 80, "price": 10, "social_value": 10},
            "Lot 2": {"quality": 10, "price": 80, "social_value": 10},
        },
    }
    result = run("OUTCOME-05", build(facts=lots))
    assert result.status == "fail" and "Lot 2" in result.message
    assert run("OUTCOME-05", build(facts={"award_method": "price_only"})).status == "fail"
    assert run("OUTCOME-05", build()).status == "not-assessed"
    ranked = build(facts={"weightings": {"quality": 1, "price": 2}, "weightings_kind": "rank"})
    assert run("OUTCOME-05", ranked).status == "not-assessed"


# --- OUTCOME-06 ---------------------------------------------------------------------------------


def test_outcome_06():
    outcomes = ["Young people gain the confidence to find work."]
    office = req("The provider must have an office based in the town centre.", "input")
    linked = req(
        "The provider shall use mock interviews to build young people's confidence.", "method"
    )
    plain = req("The provider will report monthly.", "output")
    assert (
        run(
            "OUTCOME-06",
            build(facts={"outcome_statements": outcomes, "requirement_statements": [office]}),
        ).status
        == "fail"
    )
    assert (
        run(
            "OUTCOME-06",
            build(
                facts={"outcome_statements": outcomes, "requirement_statements": [linked, plain]}
            ),
        ).status
        == "pass"
    )
    assert (
        run(
            "OUTCOME-06",
            build(facts={"outcome_statements": [], "requirement_statements": [office]}),
        ).status
        == "not-applicable"
    )
    assert (
        run("OUTCOME-06", build(facts={"requirement_statements": [office]})).status
        == "not-assessed"
    )
