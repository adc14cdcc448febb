"""Facts in other wordings, round 2 (issue 12): one test per general fix made on the fresh blind
set (tests/labels/variety-fresh) and the buyer-voice fixtures (tests/labels/voices).

Every sentence here was written for this test, in the voices of different buyers; none is copied
from either set. Each test has cases the extractors got wrong before the fix it names, and cases
that must stay as they were (mostly: nothing invented).
"""

from __future__ import annotations

import pytest

from tendercheck.documents.model import Block, Document, TenderPack
from tendercheck.nlp import analyse
from tests.test_facts_wording import facts, value


def day(analysis, name: str):
    got = value(analysis, name)
    return None if got is None else str(got)[:10]


# --- question deadlines: "until", "questions sent before", a subject further back -------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the questions are the subject, "until" the connector
        ("Queries about this request can be put to us through the e-tendering portal until "
         "noon on Tuesday 9 June 2026.", "2026-06-09"),
        # the date qualifies the questions sent, though the clause speaks of answering them
        ("The Trust will answer all questions received before 4pm on 11 May 2026.",
         "2026-05-11"),
        ("We will answer queries submitted by 20 April 2026 within two working days.",
         "2026-04-20"),
        # "If you have any … questions about …, please e-mail … no later than"
        ("If you have any further questions about the scope or the way to submit your bid, "
         "please write to procurement@example.org no later than Friday 17 April 2026.",
         "2026-04-17"),
    ],
)  # fmt: skip
def test_question_deadline_wordings(text, expected) -> None:
    analysis = facts(text)
    assert day(analysis, "clarification_deadline") == expected
    assert value(analysis, "submission_deadline") is None  # never taken as the tender deadline


def test_question_deadline_not_taken_from_answer_dates() -> None:
    # new: the questions sent before a date, though the clause speaks of answers
    assert day(facts("We will answer questions sent in before 5pm on 8 May 2026."),
               "clarification_deadline") == "2026-05-08"  # fmt: skip
    # as before: a date for the answers is not the question deadline
    for text in ("Answers to questions will be circulated to all bidders by 3 May 2026.",
                 "Responses to questions received before 1 May 2026 will be published on the "
                 "portal."):  # fmt: skip
        assert value(facts(text), "clarification_deadline") is None


def test_issue_date_from_an_issued_on_line() -> None:
    assert day(facts("Issued on 6 July 2026 by the Estates team, Riverside House."),
               "issue_date") == "2026-07-06"  # fmt: skip
    assert value(facts("Contract award letters will be issued on 6 August 2026."),
                 "issue_date") is None  # fmt: skip


# --- market engagement: data, negations, a bidders' event in the tender period ---------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Council ran a request for information in spring 2026 to test the market.", True),
        ("We held three online sessions to engage with the market before writing this brief.",
         True),
        ("A provider event for care homes took place on 2 March 2026.", True),
        # negations in other words: nothing held
        ("We have not held any market engagement, as this is a like-for-like re-tender.", False),
        ("The Authority did not carry out soft market testing for this requirement.", False),
        # a bidders' event to help with the bids is in the tender period, not before it
        ("To help bidders preparing their tenders, the Board will hold a bidders' conference on "
         "3 June 2026.", False),
    ],
)  # fmt: skip
def test_market_engagement_wordings(text, expected) -> None:
    assert bool(value(facts(text), "market_engagement")) is expected


def test_market_engagement_vocabulary_is_data() -> None:
    from tendercheck.nlp import vocabulary

    assert "request for information" in vocabulary.MARKET_ENGAGEMENT["phrases"]
    assert (
        vocabulary.PROCUREMENT_PHRASES["MARKET_ENGAGEMENT"]
        is (vocabulary.MARKET_ENGAGEMENT["phrases"])
    )
    assert "hold" in vocabulary.MARKET_ENGAGEMENT_EVENTS


# --- insurance: "&" in a combined cover, figures before their covers, misspellings ------------


def test_insurance_combined_cover_with_an_ampersand() -> None:
    got = value(facts("PUBLIC & PRODUCTS LIABILITY = not less than £10 million for any one "
                      "event."), "insurance")  # fmt: skip
    assert got == {"public_liability": 10e6, "product_liability": 10e6}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Copies showing £10m public liability and £5m employer's liability must be sent with "
         "your quote.", {"public_liability": 10e6, "employers_liability": 5e6}),
        ("We ask for £2m professional indemnity, £5m public liability and £10m employers' "
         "liability.", {"professional_indemnity": 2e6, "public_liability": 5e6,
                        "employers_liability": 10e6}),
    ],
)  # fmt: skip
def test_insurance_figures_before_their_covers(text, expected) -> None:
    assert value(facts(text), "insurance") == expected
    # a figure after its cover stays with it, whichever style the next cover uses
    assert value(
        facts("Public Liability Insurance = £5m Employers Liability Insurance = £10m"), "insurance"
    ) == {"public_liability": 5e6, "employers_liability": 10e6}
    assert value(
        facts("Public liability insurance of £5m and £10m employers liability."), "insurance"
    ) == {"public_liability": 5e6, "employers_liability": 10e6}


def test_misspelt_currency_and_scale() -> None:
    from tendercheck.nlp.money import find_money

    assert [m.value for m in find_money("a turnover of GPB 750,000 and 2milion GBP cover")] == [
        750_000, 2e6]  # fmt: skip
    assert value(facts("Bidders must have a minimum annual turnover of 300,000 GPB."),
                 "min_turnover") == 300_000  # fmt: skip


# --- duration: a period stated bare, over a period, between a start and an end date ----------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cleaning of the depot over a 2 year period, with a possible further year.", 24),
        ("2 years with the option to extend by a further 12 months.", 24),
        ("The agreement will commence on 1 August 2026 and end on 31 July 2029.", 36),
    ],
)  # fmt: skip
def test_duration_wordings(text, expected) -> None:
    assert value(facts(text), "contract_duration_months") == expected
    # the start and end of something other than the contract is no duration
    assert value(facts("Mobilisation will start on 1 May 2026 and end on 31 May 2026."),
                 "contract_duration_months") is None  # fmt: skip


def test_extension_stated_before_its_word() -> None:
    analysis = facts("The contract runs for an initial term of two years, with a possible "
                     "one-year extension.")  # fmt: skip
    assert value(analysis, "contract_extension_months") == 12
    analysis = facts("The service will run for three years, with the option of a further "
                     "twelve months.")  # fmt: skip
    assert value(analysis, "contract_extension_months") == 12


# --- value in the buyer's words of what it expects to pay -------------------------------------


def test_value_the_buyer_expects_to_pay() -> None:
    analysis = facts("We expect to pay around £45,000 over three years, excluding VAT.")
    assert value(analysis, "contract_value_total") == 45_000
    assert value(analysis, "contract_value_annual") == 15_000  # derived from the three years
    assert value(facts("The Council expects to pay £20,000 a year for the service."),
                 "contract_value_annual") == 20_000  # fmt: skip
    # a bidder's own cost is not the contract's value
    analysis = facts("Bidders should expect to pay £350 for the access survey.")
    assert value(analysis, "contract_value_total") is None


# --- payment terms --------------------------------------------------------------------------


def test_payment_terms_with_pay_before_the_days() -> None:
    assert value(facts("We pay 20 days from the date we receive a correct invoice."),
                 "payment_terms_days") == 20  # fmt: skip
    assert value(facts("Interpreters are paid 14 days after the end of each month."),
                 "payment_terms_days") is None  # fmt: skip


def test_paying_the_buyers_invoices_is_not_a_payment_term() -> None:
    # whose invoices are paid names the payee: the supplier paying the buyer's levy invoices
    assert value(facts("Settlement of valid CCS invoices must be made within 30 days."),
                 "payment_terms_days") is None  # fmt: skip
    assert value(facts("Payment of the Contractor's invoices will be made within 30 days."),
                 "payment_terms_days") == 30  # fmt: skip


# --- suitability for small suppliers and the voluntary sector --------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Small local firms are very welcome to quote for this work.", "sme"),
        ("We are particularly interested in community-based organisations.", "vcse"),
        ("The Trust is keen to work with user-led organisations in the county.", "vcse"),
    ],
)  # fmt: skip
def test_sme_vcse_suitability_wordings(text, kind) -> None:
    got = value(facts(text), "sme_vcse_suitability")
    assert got and got[kind] is True
    # the new cue says nothing without a kind of supplier after it
    assert not value(facts("We are particularly interested in innovative approaches."),
                     "sme_vcse_suitability")  # fmt: skip


# --- presentations demanded of every bidder ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "On the day, each tenderer will present its proposals to the panel for 15 minutes.",
        "Presentations (all shortlisted bidders) | 14 May 2026",
    ],
)
def test_presentation_of_every_bidder_is_mandatory(text) -> None:
    got = value(facts(text), "presentations")
    assert got and any(p["mandatory"] for p in got)
    # the contractor presenting its reports is still no presentation at bid stage
    assert not value(facts("The Supplier will present its quarterly report to the Board."),
                     "presentations")  # fmt: skip


# --- a question deadline set by its distance from the closing date ----------------------------


def test_question_deadline_days_before_the_closing_date() -> None:
    analysis = facts(
        "Send us your questions through the portal; they must reach us at least ten days "
        "before the closing date.",
        "Closing date: 12 noon, 29 May 2026.",
    )
    got = analysis.facts["clarification_deadline"]
    assert (got.value, got.confidence < 0.7) == ("2026-05-19", True)
    assert "10 days before the closing date 2026-05-29" in got.note
    # working days step over weekends and public holidays (Good Friday, Easter Monday 2026)
    assert day(facts(
        "Clarification questions must be raised no later than 3 working days before the tender "
        "deadline.",
        "The tender deadline is 5pm on Thursday 9 April 2026.",
    ), "clarification_deadline") == "2026-04-02"  # fmt: skip
    # a stated date wins; an answer date relative to the deadline is none; no deadline, no date
    assert day(facts(
        "Questions may be asked until 4 May 2026. Questions must reach us at least seven days "
        "before the closing date.", "Closing date: 15 May 2026",
    ), "clarification_deadline") == "2026-05-04"  # fmt: skip
    assert value(facts(
        "Answers to questions will be published up to 3 days before the closing date.",
        "Closing date: 15 May 2026",
    ), "clarification_deadline") is None  # fmt: skip
    assert value(facts("Questions must reach us at least seven days before the closing date."),
                 "clarification_deadline") is None  # fmt: skip


def test_duration_of_an_agreement_not_yet_made_is_not_taken() -> None:
    assert value(facts("A longer-term agreement is in development and will be for five years."),
                 "contract_duration_months") is None  # fmt: skip
    assert value(facts("The contract will be for five years."),
                 "contract_duration_months") == 60  # fmt: skip


# --- a sentence broken over two paragraphs; a notice's own period line; a headed statutory cover


def test_deadline_label_on_the_line_before_its_date() -> None:
    # a hard line break in a notice: the label ends one paragraph, the date starts the next
    assert day(facts(
        "Expressions of interest close on 2 June 2026 and the closing date for the return of",
        "tenders is 5pm on 16 June 2026.",
    ), "submission_deadline") == "2026-06-16"  # fmt: skip
    # a new sentence (capital letter) or a finished one (a stop) is not joined
    assert value(facts(
        "The closing date for the return of tenders is given in the portal.",
        "the meeting is at 5pm on 16 June 2026.",
    ), "submission_deadline") is None  # fmt: skip


def test_period_of_line_in_capitals() -> None:
    assert value(facts("PERIOD OF 2 YEARS FROM 1st APRIL 2026 WITH AN OPTION TO EXTEND FOR 1 YEAR"),
                 "contract_duration_months") == 24  # fmt: skip


def test_statutory_level_of_a_cover_heading_its_item_is_the_level_asked() -> None:
    assert value(facts(
        "Employer's Liability – statutory minimum of £10 million per claim.",
        "Public Liability – £5 million per claim.",
    ), "insurance") == {"employers_liability": 10e6, "public_liability": 5e6}  # fmt: skip
    # a note of the law beside the tender's own levels is still not a demand
    assert value(facts(
        "Bidders must hold public liability insurance of £5 million.",
        "Note that the legal minimum for employers' liability insurance is £5 million.",
    ), "insurance") == {"public_liability": 5e6}  # fmt: skip


def test_tender_presentations_named_in_a_timetable_note() -> None:
    got = value(facts("Amended timetable: tender presentations now in the week of 8 June 2026."),
                "presentations")  # fmt: skip
    assert got and got[0]["kind"] == "presentation"


def test_value_of_the_total_contract_and_a_title_term() -> None:
    assert value(facts("The value of the whole contract is estimated at £80,000 to £95,000."),
                 "contract_value_total") == 95_000  # fmt: skip
    assert value(facts("REF 2291 - Boiler servicing contract - 4 years"),
                 "contract_duration_months") == 48  # fmt: skip
    # a dash before experience asked of the supplier is no term
    assert value(facts("Cleaning contract - 2 years experience required"),
                 "contract_duration_months") is None  # fmt: skip


def test_word_limits_of_lettered_questions_and_a_topic_exception() -> None:
    doc = Document(name="tender.docx", format="docx", blocks=[
        Block(kind="heading", text="Your proposal"),
        Block(kind="paragraph", text="Answer the questions below. Each response may be up to "
              "700 words; the community benefits response may be up to 300 words."),
        Block(kind="list_item", text="M1 How you will run the surveys and reach every tenant."),
        Block(kind="list_item", text="M2 The people who will do the work."),
        Block(kind="list_item", text="CB1 What you will do for the estate while you work."),
    ]).finish()  # fmt: skip
    questions = value(analyse(TenderPack(documents=[doc])), "questions")
    assert [(q["id"], q["word_limit"]) for q in questions] == [
        ("M1", 700), ("M2", 700), ("CB1", 300)]  # fmt: skip


# --- above or below threshold from an annual value -------------------------------------------


def test_threshold_side_from_an_annual_value_over_every_stated_term() -> None:
    # £20,000 a year over three years, or five with the extensions: below every threshold
    got = facts("We have budgeted £20,000 a year for this service.",
                "The contract will run for three years, with the option to extend for two "
                "further years.").facts["above_threshold"]  # fmt: skip
    assert (got.value, got.source) == (False, "derived")
    assert "over 36, 60 months" in got.note
    # £40,000 a year: below over three years, above over five for some thresholds: not said
    assert "above_threshold" not in facts(
        "We have budgeted £40,000 a year for this service.",
        "The contract will run for three years, with the option to extend for two further years.",
    ).facts  # fmt: skip
    # an annual value alone above every services threshold is above, whatever the term
    got = facts("This is a contract for cleaning services. We have budgeted £300,000 a year "
                "for it.").facts["above_threshold"]  # fmt: skip
    assert got.value is True and "alone" in got.note
    # but an annual value alone below them says nothing of a longer contract's total
    assert "above_threshold" not in facts(
        "This is a contract for cleaning services. We have budgeted £20,000 a year for it."
    ).facts  # fmt: skip
    # nor when the total is left to fill in
    assert "above_threshold" not in facts(
        "The total contract value is £xxx. We have budgeted £20,000 a year.",
        "The contract will run for three years.",
    ).facts  # fmt: skip
