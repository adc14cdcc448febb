"""Facts in other wordings, round 5 (issue 12, stop 24): one test per general fix made on the
misses left in the tuned-on sets (variety, -fresh, -fresh2, -fresh3).

Every sentence here was written for this test, in the voices of different buyers; none is copied
from the sets. Each test has cases the extractors got wrong before the fix it names, and cases
that must NOT give the fact (nothing invented).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tendercheck.documents.model import Block, Document, TenderPack
from tendercheck.nlp import analyse
from tendercheck.nlp.model import Fact
from tests.test_facts_wording import facts, value

# --- a date given as a month and year only --------------------------------------------------


def test_a_timetable_row_dated_to_the_month_only_is_named_but_not_dated() -> None:
    a = facts(
        table=[
            ["Stage", "When"],
            ["Invitation to quote issued", "9 February 2026"],
            ["Quotes back with the parish clerk", "March 2026"],
            ["Contract awarded", "Apr 2026"],
            ["Works begin", "14th May 2026"],
        ]
    )
    assert value(a, "issue_date") == "2026-02-09"
    assert value(a, "contract_start") == "2026-05-14"
    for name, month in (("submission_deadline", "2026-03"), ("award_date", "2026-04")):
        fact = a.facts[name]
        assert fact.value is None and not fact.placeholder
        assert fact.note.startswith(f"month only: {month}") and "not assessed" in fact.note
    # no fact takes the first of the month as if it were given
    assert not any(str(f.value).startswith(("2026-03-01", "2026-04-01")) for f in a.facts.values())
    assert "tender_period_days" not in a.facts


def test_a_month_only_deadline_in_prose_is_not_assessed() -> None:
    a = facts(
        "For the Housing Association, the new service will start in September 2026.",
        "Proposals are to be returned by July 2026.",
    )
    assert a.facts["submission_deadline"].value is None
    assert a.facts["submission_deadline"].note.startswith("month only: 2026-07")
    assert a.facts["contract_start"].note.startswith("month only: 2026-09")


@pytest.mark.parametrize(
    "text",
    [
        "Quotes must reach the clerk by 3 June 2026.",
        "Quotes must reach the clerk by June 3, 2026.",
        "Quotes must reach the clerk by the 3rd of June 2026.",
    ],
)
def test_a_full_date_is_not_read_as_a_month_only(text: str) -> None:
    fact = facts(text).facts["submission_deadline"]
    assert fact.value == "2026-06-03" and not fact.note.startswith("month only")


def test_a_month_only_row_does_not_hide_the_stated_deadline() -> None:
    a = facts(
        table=[
            ["Milestone", "Date"],
            ["Deadline for bids", "27 March 2026, 12:00"],
            ["Award", "May 2026"],
        ],
    )
    assert value(a, "submission_deadline") == "2026-03-27T12:00"
    assert a.facts["award_date"].value is None


# --- the bidder view names a deadline stated but not dated ------------------------------------


def _time_fit(*paragraphs: str, supplied=()):
    from tendercheck.bidder.fit import time_fit
    from tendercheck.bidder.profile import Profile

    blocks = [Block(kind="paragraph", text=t) for t in paragraphs]
    pack = TenderPack(documents=[Document(name="t.docx", format="docx", blocks=blocks).finish()])
    profile = Profile(name="Parish Care CIC", turnover=90_000, day_rate=300, hours_available=40)
    return time_fit(analyse(pack, supplied=supplied), profile, dt.date(2026, 1, 5), None)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        (
            "Completed applications are due with the Board by 12 February.",
            "no year stated: --02-12",
        ),
        ("Completed applications are due with the Board by February 2026.", "month only: 2026-02"),
    ],
)
def test_the_bidder_view_says_why_a_stated_deadline_is_not_assessed(text, start) -> None:
    fit = _time_fit(text)
    assert fit["deadline"] is None and fit["fit"] is None
    assert fit["note"].startswith(start) and "not assessed" in fit["note"]


def test_the_bidder_view_dates_a_yearless_deadline_from_the_notice() -> None:
    notice = Fact("issue_date", "2026-01-20", "notice")
    fit = _time_fit(
        "Completed applications are due with the Board by 12 February.", supplied=[notice]
    )
    assert fit["deadline"] == "2026-02-12" and fit["fit"] is not None


def test_the_bidder_view_still_says_not_stated_when_nothing_is_given() -> None:
    assert _time_fit("The Board welcomes applications from local groups.")["note"] == "not stated"


# --- a value said of an extension alone is not the contract's ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Any extension period of up to 12 months would have a maximum value of £25,000.",
        "The optional extension year is valued at approximately £18,500.",
        "The agreement runs for three years with an extension option worth £30,000.",
    ],
)
def test_the_value_of_an_extension_alone_is_not_the_contract_value(text: str) -> None:
    assert value(facts(text), "contract_value_total") is None
    assert value(facts(text), "contract_value_annual") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The total contract value, including any extension, is £140,000.", 140_000),
        ("The contract value with the extension period is £95,000 in total.", 95_000),
        ("After any extension the overall value of the contract is £60,000.", 60_000),
        ("Two years plus a one year extension, with an estimated value of £80,000.", 80_000),
    ],
)  # fmt: skip
def test_a_value_that_counts_the_extension_is_still_read(text: str, expected: int) -> None:
    assert value(facts(text), "contract_value_total") == expected


# --- a value clause cut by a hard line break --------------------------------------------------


def test_a_value_clause_cut_by_a_line_break_is_read_across_it() -> None:
    a = facts(
        "The College's estimated contract value for the initial 3 year period is up to",
        "£90,000 (ninety thousand pounds) excluding VAT, with an extension year priced at £30,000.",
    )
    assert value(a, "contract_value_total") == 90_000
    assert value(a, "contract_duration_months") == 36
    assert value(a, "contract_value_annual") == 30_000  # derived: 90,000 over 36 months
    assert a.facts["contract_value_annual"].source == "derived"


@pytest.mark.parametrize(
    "paragraphs",
    [
        # the line before ends with a stop: a new clause, not the value's
        ("The estimated contract value is given in the pricing schedule.", "£500 is charged per site visit."),
        # the line before names no value
        ("Bidders who attend the optional site tour will be charged", "£45 each for parking."),
    ],
)  # fmt: skip
def test_an_amount_after_a_finished_line_takes_no_value_words_from_it(paragraphs) -> None:
    a = facts(*paragraphs)
    assert value(a, "contract_value_total") is None and value(a, "contract_value_annual") is None


# --- the initial term named with "the" ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("The budget for the initial two year term is £50,000.", 24),
        ("Rates are fixed for the initial 4 year period of the agreement.", 48),
    ],
)
def test_the_initial_term_named_with_the_is_read(text: str, months: int) -> None:
    assert value(facts(text), "contract_duration_months") == months


def test_a_period_without_initial_is_not_the_term() -> None:
    # "for the 3 year period" could be any period: accounts, a price freeze
    assert (
        value(facts("Prices are held for the 3 year period."), "contract_duration_months") is None
    )


# --- a value with an option to extend up to a larger figure -----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The lifetime value of the agreement is £75,000 with an option to extend up to £110,000.",
         110_000),
        ("The contract is valued at £40,000, with the option to extend it to £52,000.", 52_000),
    ],
)  # fmt: skip
def test_the_value_with_the_option_to_extend_is_the_upper_figure(text: str, expected: int) -> None:
    assert value(facts(text), "contract_value_total") == expected


def test_an_option_to_extend_by_a_period_leaves_the_value_alone() -> None:
    a = facts("The estimated annual value is £20,000 with an option to extend up to 2 years.")
    assert value(a, "contract_value_annual") == 20_000
    assert value(a, "contract_value_total") != 2


# --- suitability: wanting to hear from, and contracts reserved for a kind of supplier ----------


@pytest.mark.parametrize(
    "text",
    [
        "We want to hear from providers of every kind, whether charities or private firms.",
        "The Trust would like to hear from small businesses and social enterprises.",
        "This is a reserved contract for organisations holding supported business status.",
        "Lot 2 is reserved for SMEs based in the combined authority area.",
    ],
)
def test_wanting_to_hear_from_or_reserving_for_small_suppliers_is_suitability(text: str) -> None:
    assert value(facts(text), "sme_vcse_suitability")


@pytest.mark.parametrize(
    "text",
    [
        "The University reserves the right to reject bids from any charity that is late.",
        "We want to hear from you if your accounts are not yet audited.",
    ],
)
def test_reserving_a_right_or_wanting_to_hear_of_other_things_is_not(text: str) -> None:
    assert not value(facts(text), "sme_vcse_suitability")


# --- "The Buyer must pay": a term of the contract, not guidance to buyers ----------------------


def _under_heading(heading: str, text: str):
    blocks = [Block(kind="heading", text=heading, level=1), Block(kind="paragraph", text=text)]
    return analyse(
        TenderPack(documents=[Document(name="d.docx", format="docx", blocks=blocks).finish()])
    )


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("The Buyer must pay the Supplier within thirty (30) days of receiving a valid invoice.", 30),
        ('Clause 7.2 is replaced with "The Buyer must pay each undisputed invoice within 14 days".', 14),
    ],
)  # fmt: skip
def test_the_buyer_must_pay_in_contract_terms_is_the_payment_term(text: str, days: int) -> None:
    a = _under_heading("Schedule 3: Terms and Conditions of the Contract", text)
    assert value(a, "payment_terms_days") == days


@pytest.mark.parametrize(
    "text",
    [
        "Buyers must pay their suppliers within 30 days of receiving a valid invoice.",
        "The buyer should pay undisputed invoices within 30 days.",
    ],
)
def test_guidance_to_buyers_on_paying_is_not_the_payment_term(text: str) -> None:
    a = _under_heading("Guidance for buyers on prompt payment", text)
    assert value(a, "payment_terms_days") is None


# --- suppliers expected to be a mix that names small ones -------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We expect that providers will be a mix of large and small organisations.",
        "Our suppliers are likely to be a combination of national and local businesses.",
    ],
)
def test_suppliers_expected_to_be_a_mix_naming_small_ones_is_suitability(text: str) -> None:
    assert value(facts(text), "sme_vcse_suitability")


@pytest.mark.parametrize(
    "text",
    [
        "Providers will be a range of large organisations and consultancies.",
        "Bidders will be a mix of large and medium firms, with small business subcontractors.",
    ],
)
def test_a_mix_that_names_no_small_supplier_is_not(text: str) -> None:
    assert not value(facts(text), "sme_vcse_suitability")


def test_suitability_for_each_kind_is_kept_when_said_in_different_sentences() -> None:
    # the first statement names one kind, a later one the other: both are kept, each quoted
    a = facts(
        "Lot 1 is a reserved contract for supported businesses.",
        "The Association particularly welcomes quotations from SMEs.",
    )
    fact = a.facts["sme_vcse_suitability"]
    assert fact.value["vcse"] is True and fact.value["sme"] is True
    assert len(fact.evidence) == 2


def test_a_first_statement_that_it_does_not_suit_small_suppliers_still_stands() -> None:
    a = facts("This framework is not suitable for SMEs.", "We welcome bids from SMEs on Lot 2.")
    assert a.facts["sme_vcse_suitability"].value["sme"] is False


# --- "run until" a date is the end of a period, not its start ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The befriending project is due to start delivery shortly and will run until 31 March 2027.",
        "The pilot service begins soon and continues till June 2027.",
    ],
)
def test_the_date_a_service_runs_until_is_not_its_start(text: str) -> None:
    assert "contract_start" not in facts(text).facts


def test_a_start_date_before_a_run_until_date_is_still_the_start() -> None:
    a = facts("The contract will start on 1 April 2026 and run until 31 March 2028.")
    assert value(a, "contract_start") == "2026-04-01"
