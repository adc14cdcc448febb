"""Facts in other wordings, round 6c (issue 12, stop 25): one test per general fix made on the
ten misses of the held-out half of tests/labels/variety-fresh5, after it joined tuning.

Every sentence and table here was written for this test; none is copied from the set. Each test
has cases the extractors got wrong before the fix it names, and cases that must NOT give the
fact (nothing invented).
"""

from __future__ import annotations

from tendercheck.nlp.extractors.duration import cell_term
from tests.test_facts_wording import facts, value

# --- term cells ------------------------------------------------------------------------------


def months(cell: str) -> float | None:
    found = cell_term(cell)
    return None if found is None else found[0]


def test_a_capital_i_before_a_unit_at_a_term_cells_start_is_one() -> None:
    assert months("I year, then a review before any second year") == 12
    assert months("I Year") == 12
    assert months("Then I year review") is None  # not at the cell's start: no figure


def test_a_total_followed_by_its_parts_in_brackets_is_the_term() -> None:
    assert months("15 months (3 months discovery, 12 months build and run)") == 15
    assert months("Twelve months (Phase 1: 4 months, Phase 2: 8 months)") == 12
    # parts that do not add up to the total: two periods, no single term
    assert months("18 months (6 months discovery, 6 months alpha)") is None


def test_repeated_units_of_work_are_counted_times_their_length() -> None:
    assert months("6 sprints of 3 weeks") == 4.2  # 18 weeks
    assert months("four iterations of two weeks each") == 1.8  # 8 weeks
    assert "'6 sprints of 3 weeks': 18 weeks" in cell_term("6 sprints of 3 weeks")[1]


def test_the_period_of_a_part_of_the_work_is_not_the_term() -> None:
    cell = "3 years. The first work package will last 4 months, later ones agreed as we go."
    assert months(cell) == 36
    assert months("Phase one: 5 months") == 5  # a part alone is all the cell says
    assert months("Stage 1 3 months; stage 2 6 months") is None  # two parts, no whole


def test_a_typed_i_is_read_only_in_a_term_cell() -> None:
    a = facts("I year after year have seen the hall run by volunteers.")
    assert value(a, "contract_duration_months") is None
    b = facts(table=[["Expected Contract Length"], ["I year with an option for one more"]])
    assert value(b, "contract_duration_months") == 12


# --- insurance -------------------------------------------------------------------------------


def test_a_cannot_in_another_clause_does_not_make_insurance_guidance() -> None:
    a = facts(
        "Proof of £5m public liability insurance must be attached to your bid; late copies "
        "cannot be considered."
    )
    assert value(a, "insurance") == {"public_liability": 5_000_000}
    # guidance in the cover's own clause is still guidance
    b = facts("Buyers should not ask for more than £1m public liability cover for small jobs.")
    assert value(b, "insurance") is None


def test_a_list_item_with_a_legal_aside_is_the_level_asked() -> None:
    a = facts(
        "Cover you will need:",
        "Public liability £1m",
        "Employers' liability £10m (the law requires it once you take on staff)",
    )
    assert value(a, "insurance") == {
        "public_liability": 1_000_000,
        "employers_liability": 10_000_000,
    }
    # the statutory level said in running prose is not the level asked
    b = facts("The law requires employers' liability of £5m for anyone who employs staff.")
    assert (value(b, "insurance") or {}).get("employers_liability") is None


# --- financial floor ---------------------------------------------------------------------------


def test_an_income_that_is_below_a_figure_is_a_floor() -> None:
    a = facts("Charities whose yearly income is under £80,000 will not be considered for this lot.")
    assert value(a, "min_turnover") == 80_000
    b = facts("Our own income is below £80,000 this year, so the budget is small.")
    assert value(b, "min_turnover") is None


# --- suitability -------------------------------------------------------------------------------


def test_within_reach_of_suppliers_of_every_size_is_suitability() -> None:
    a = facts("We kept the lots small so they are within reach of businesses of any size.")
    assert (value(a, "sme_vcse_suitability") or {}).get("sme") is True
    b = facts("The depot is within reach of the ring road.")
    assert not value(b, "sme_vcse_suitability")


# --- weightings ------------------------------------------------------------------------------


def test_a_described_criterion_with_its_bracketed_weight_beside_price() -> None:
    a = facts(
        "We will choose a contractor on cost (30%) and on the quality of the method you "
        "describe for the work (70%)."
    )
    assert value(a, "weightings") == {"price": 30, "quality": 70}
    # weights that do not make 100% are not read as the split
    b = facts("Price (60%) is what we weigh; the plan slipped (5%) last year.")
    assert value(b, "weightings") is None


# --- market engagement -----------------------------------------------------------------------


def test_a_record_title_naming_engagement_is_the_service_bought() -> None:
    a = facts(
        table=[
            ["Opportunity", "Expected Contract Length"],
            ["Supplier engagement event for a regional cycling strategy", "2 months"],
        ]
    )
    assert value(a, "market_engagement") is False
    b = facts(
        table=[
            ["Opportunity", "Background"],
            ["Bus shelter repairs", "A supplier engagement event was held in May."],
        ]
    )
    assert value(b, "market_engagement") is True
