"""Facts in other wordings, round 6b (issue 12, stop 25): one test per general fix made on the
misses of the tuning half of tests/labels/variety-fresh5 (Digital Marketplace rows, quick-quote
e-mails and small buyers' notes).

Every sentence and table here was written for this test; none is copied from the set. Each test
has cases the extractors got wrong before the fix it names, and cases that must NOT give the
fact (nothing invented).
"""

from __future__ import annotations

import pytest

from tendercheck.nlp.extractors.duration import cell_term
from tests.test_facts_wording import facts, value

# --- record tables: a header of field names over one row of values --------------------------


def test_a_record_table_is_read_by_its_headers() -> None:
    a = facts(
        table=[
            ["Title", "Published At", "Open For", "Expected Contract Length", "Contract amount"],
            ["Website accessibility audit", "2019-05-06", "1 week", "Roughly 4 to 7 months",
             "84500.0"],
        ]
    )  # fmt: skip
    assert value(a, "issue_date") == "2019-05-06"
    deadline = a.facts["submission_deadline"]
    assert deadline.value == "2019-05-13" and deadline.source == "derived"
    assert "open for 1 week" in deadline.note
    assert value(a, "contract_duration_months") == 7
    assert value(a, "contract_value_total") == 84500
    # the quote is the cell itself, at its place in the row
    ev = a.facts["contract_value_total"].evidence[0]
    assert ev.quote == "84500.0"


def test_a_record_table_term_given_as_an_end_date_is_counted_from_the_start_column() -> None:
    a = facts(
        table=[
            ["Contract start date", "Expected Contract Length"],
            ["2020-01-06", "Until 5 July 2020, then a review"],
        ]
    )
    assert value(a, "contract_duration_months") == 6
    assert "start date 2020-01-06" in a.facts["contract_duration_months"].note


@pytest.mark.parametrize(
    ("table", "absent"),
    [
        # a rate in the amount column, and a zero
        ([["Specialist", "Contract amount"], ["Delivery manager", "640.0"]],
         "contract_value_total"),
        ([["Contract value", "Expected Contract Length"], ["0.0", "9 months"]],
         "contract_value_total"),
        # two periods for two pieces of work: no single term
        ([["Expected Contract Length"], ["Three months to build, then one year of support"]],
         "contract_duration_months"),
        # a lower bound only
        ([["Contract length"], ["At least 4 months"]], "contract_duration_months"),
        # an end date with no start in the row
        ([["Expected Contract Length"], ["Must finish by 30 September 2021"]],
         "contract_duration_months"),
        # a list of several records is not one tender's fields
        ([["Published At", "Contract amount"], ["2018-02-01", "50000.0"],
          ["2018-03-01", "70000.0"]], "contract_value_total"),
        # a stage's duration in a timetable is not the contract's
        ([["Stage", "Duration"], ["Mobilisation", "6 weeks"]], "contract_duration_months"),
    ],
)  # fmt: skip
def test_a_record_table_invents_nothing(table, absent) -> None:
    assert value(facts(table=table), absent) is None


@pytest.mark.parametrize(
    ("cell", "months"),
    [
        ("80 days of effort over 7 months", 7),  # effort within an elapsed period
        ("We think somewhere between 4 and 6 months", 6),  # a range: the upper end
        ("Nine months, then a two month notice period", 9),  # notice is not the term
        ("Sevem months with an optional three month extension", 7),  # one-letter typo
        ("A fourteen week engagement", 3.2),  # 14 / 52 × 12
        ("Up to 3 years (2 years plus a possible 1 year extension)", 24),
        ("Will not exceed 8mths; a maximum period of 2yrs if phase two is approved", 8),
        ("12 months (part of a five year programme)", 12),
        ("4 January 2021 – 2 July 2021", 6),
    ],
)
def test_a_term_cell_in_its_own_words(cell: str, months: float) -> None:
    found = cell_term(cell)
    assert found is not None and found[0] == months


@pytest.mark.parametrize(
    "cell", ["Fine months", "Eight months minimum", "Six months for design, a year for hosting"]
)
def test_a_term_cell_that_gives_no_single_term(cell: str) -> None:
    assert cell_term(cell) is None  # "fine" could be five or nine


# --- a quick-quote e-mail --------------------------------------------------------------------


def test_an_email_request_for_quotes_gives_its_dates_and_term() -> None:
    a = facts(
        "From: Clerk to Ashcombe Town Council",
        "Sent: 12 January 2027",
        "Hello – we need quotes for clearing the brook and the footpath verges. It's a three "
        "year deal to start with. Please send them to us by Thursday 4th February.",
    )
    assert value(a, "issue_date") == "2027-01-12"
    assert value(a, "submission_deadline") == "2027-02-04"  # a Thursday in 2027
    assert value(a, "contract_duration_months") == 36


def test_sent_only_dates_an_email_header_line() -> None:
    a = facts("The survey results were sent: 3 March 2025 to the board.")
    assert value(a, "issue_date") is None


def test_a_bare_any_questions_makes_the_next_sentence_a_question_deadline() -> None:
    a = facts(
        "Any questions? Ring or email Sam before noon on Monday 9 March 2026 and we will "
        "share the replies with all bidders."
    )
    assert value(a, "clarification_deadline") == "2026-03-09T12:00"
    b = facts("Any questions? We will publish the replies on 9 March 2026.")
    assert value(b, "clarification_deadline") is None


def test_a_budget_spread_over_years_gives_the_term_and_the_annual_value() -> None:
    a = facts("Our budget for the whole job is £45,000 spread over three years.")
    assert value(a, "contract_value_total") == 45000
    assert value(a, "contract_value_annual") == 15000


# --- supplier demands and signals --------------------------------------------------------------


def test_the_buyers_own_insurance_is_not_a_demand() -> None:
    a = facts(
        "The pavilion is insured under our own £5m public liability policy, so clubs using it "
        "need not take out cover of their own."
    )
    assert value(a, "insurance") is None
    b = facts("We carry our own insurance, but you must hold public liability cover of £2m.")
    assert (value(b, "insurance") or {}).get("public_liability") == 2_000_000


def test_talking_the_panel_through_a_bid_is_a_presentation() -> None:
    a = facts("Each bidder will walk the panel through their bid on a 30-minute video call.")
    assert value(a, "presentations") == [{"kind": "presentation", "mandatory": True}]
    b = facts("We may ask one or two firms to walk us through their quote if it is unclear.")
    assert not any(p["mandatory"] for p in value(b, "presentations") or [])


def test_would_really_like_to_hear_from_small_suppliers_is_a_welcome() -> None:
    a = facts("We'd really like to hear from micro businesses and charities in the valley.")
    assert value(a, "sme_vcse_suitability")


def test_local_benefit_is_social_value_in_a_marks_table() -> None:
    a = facts(
        table=[
            ["Criterion", "Marks"],
            ["Method statement", "45"],
            ["Cost", "35"],
            ["Local benefits", "20"],
            ["Total", "100"],
        ]
    )
    assert value(a, "weightings") == {"quality": 45, "price": 35, "social_value": 20}


def test_a_word_limit_for_a_list_of_questions_is_each_questions() -> None:
    a = facts("Please answer questions 1, 4 and 5 in 250 words each.")
    limits = sorted(
        (q["id"], q["word_limit"]) for q in value(a, "questions") or [] if q.get("word_limit")
    )
    assert limits == [("Q1", 250), ("Q4", 250), ("Q5", 250)]
