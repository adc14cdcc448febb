"""Facts in other wordings (issue 12): one test per general fix made on the wording-variety set.

Every sentence here was written for this test, in the voices of different buyers; none is copied
from the variety set (tests/labels/variety). Each test has at least one case that the extractors
got wrong before the fix it names, and cases that must stay as they were.
"""

from __future__ import annotations

import pytest

from tendercheck.documents.model import Block, Document, TenderPack
from tendercheck.nlp import analyse


def facts(*paragraphs: str, table: list[list[str]] | None = None):
    blocks = [Block(kind="paragraph", text=t) for t in paragraphs]
    if table is not None:
        text = "\n".join(" | ".join(r) for r in table)
        blocks.append(Block(kind="table", text=text, rows=table))
    doc = Document(name="tender.docx", format="docx", blocks=blocks).finish()
    return analyse(TenderPack(documents=[doc]))


def value(analysis, name: str):
    fact = analysis.facts.get(name)
    return None if fact is None or fact.placeholder else fact.value


# --- nothing invented: who pays whom ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "payer", "payee", "record"),
    [
        ("The Provider shall pay CCS the quarterly levy within 21 days of its invoice.",
         "supplier", "other", False),
        ("Following each quarter, the Council will pay the Provider within 14 days of a correct "
         "invoice.", "buyer", "supplier", False),
        ("Levies are to be paid within 21 days. | Payment received by CCS within 21 days.",
         None, "other", False),
        ("Last year all of our invoices were paid within 45 days of receipt.", None, None, True),
        ("We will pay you within 20 days of receiving your invoice.", "buyer", "supplier", False),
        ("Do you pay your own suppliers within 30 days?", "supplier", "other", False),
    ],
)  # fmt: skip
def test_payment_parties_from_subject_and_object(text, payer, payee, record) -> None:
    from tendercheck.nlp.clauses import payment_parties

    got = payment_parties(text)
    assert (got.payer, got.payee, got.record) == (payer, payee, record)


def test_payment_terms_only_when_the_buyer_pays_the_supplier() -> None:
    assert (
        value(
            facts(
                "The Provider shall pay CCS the quarterly levy within 21 days of receipt of CCS's invoice."
            ),
            "payment_terms_days",
        )
        is None
    )
    assert (
        value(
            facts("Last year all of our suppliers' invoices were paid within 45 days of receipt."),
            "payment_terms_days",
        )
        is None
    )
    assert (
        value(
            facts(
                "Following each quarter, the Council will pay the Provider within 14 days of receipt of "
                "a correct invoice."
            ),
            "payment_terms_days",
        )
        == 14
    )
    assert value(facts("Invoices will be paid within 20 days of receipt."),
                 "payment_terms_days") == 20  # fmt: skip


def test_payment_terms_sharing_a_sentence_with_a_flow_down() -> None:
    got = facts(
        "Payment will be made within 28 days of a valid invoice, and the Provider shall require "
        "the same of its sub-contractors."
    )
    assert value(got, "payment_terms_days") == 28
    assert value(got, "payment_flow_down") is True
    got = facts(
        "We will pay within 21 days of receiving a valid invoice and require the same of your "
        "subcontractors."
    )
    assert value(got, "payment_terms_days") == 21
    # the supplier's own terms to its supply chain stay out
    assert (
        value(
            facts(
                "The Provider must pay its sub-contractors within 30 days of receiving a valid invoice."
            ),
            "payment_terms_days",
        )
        is None
    )


def test_market_engagement_is_an_event_not_a_topic_or_a_suggestion() -> None:
    # allowed or supposed, not said to happen
    assert not value(
        facts("Organisations may want to raise these points during soft market testing."),
        "market_engagement",
    )
    assert not value(
        facts(
            "The rules on canvassing, conflicts of interest and preliminary market engagement can be "
            "found in Annex 3."
        ),
        "market_engagement",
    )
    # said to happen, even in a conditional sentence
    assert (
        value(
            facts(
                "If your organisation attended the supplier briefing in May, you do not need to register "
                "again."
            ),
            "market_engagement",
        )
        is True
    )
    # a request for information to the market
    assert (
        value(
            facts(
                "This notice is an RFI: the Trust is gathering views and has not yet decided to buy."
            ),
            "market_engagement",
        )
        is True
    )


# --- durations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraphs", "initial", "maximum"),
    [
        (["Cleaning of the two depots, including any additional works, for a period of 24 "
          "months."], 24, None),
        (["Supply Of Plant Hire For The Period Of Two (2) Years With The Option To Extend."],
         24, None),
        (["Out-of-hours cover is needed for a period of eight weeks."], 1.8, None),
        (["Grass cutting for a period of fifteen months from April."], 15, None),
        (["The agreement will be for a maximum period of 60 months. The initial term will be "
          "36 months, with options to extend."], 36, 60),
        (["Contract duration: 4 years, with the option to extend by 2 years."], 48, 72),
        (["The framework will run for three years, with an option to extend for 1 + 1 years."],
         36, None),
    ],
)  # fmt: skip
def test_duration_wordings(paragraphs, initial, maximum) -> None:
    got = facts(*paragraphs)
    assert value(got, "contract_duration_months") == pytest.approx(initial, abs=0.05)
    if maximum is not None:
        assert value(got, "contract_max_duration_months") == maximum


def test_duration_from_a_labelled_range_of_dates() -> None:
    assert (
        value(
            facts(
                "Contract period: 1st September 2025 until the 31st August 2027 (with an option to "
                "extend by 12 months)."
            ),
            "contract_duration_months",
        )
        == 24
    )
    assert value(facts("The term will run 1 April 2026 to 31 March 2029."),
                 "contract_duration_months") == 36  # fmt: skip
    # the dates of the tender, not of the contract
    assert value(facts("Tender period: 1 May 2025 to 30 May 2025"),
                 "contract_duration_months") is None  # fmt: skip
    assert value(facts("Quotes are open from 1 May 2025 to 30 May 2025."),
                 "contract_duration_months") is None  # fmt: skip


# --- values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("The contract was awarded for a total of £2.5 million and runs to 2027.",
         "contract_value_total", 2_500_000),
        ("The estimated value is between £40,000 and £55,000 excluding VAT.",
         "contract_value_total", 55_000),
        ("The value of the contract is estimated at GBP 90,000 to GBP 120,000 over three years.",
         "contract_value_total", 120_000),
        ("In the first twelve months the estimated value of the work is £75,000.",
         "contract_value_annual", 75_000),
        ("We expect that in the first year the value of purchases will be circa £310,000.",
         "contract_value_annual", 310_000),
    ],
)  # fmt: skip
def test_value_wordings(text, name, expected) -> None:
    assert value(facts(text), name) == expected


def test_value_in_plain_words_and_the_period_it_covers() -> None:
    assert value(facts("We think the job will cost roughly £9,500."),
                 "contract_value_total") == 9_500  # fmt: skip
    assert value(facts("We have budgeted £42,000 a year for the service."),
                 "contract_value_annual") == 42_000  # fmt: skip
    got = facts("The contract is valued at £180,000 over 36 months.")
    assert value(got, "contract_value_total") == 180_000
    assert value(got, "contract_duration_months") == 36
    annual = got.facts["contract_value_annual"]
    assert annual.value == 60_000 and annual.source == "derived"
    assert "180,000 over 36 months" in annual.note


# --- insurance --------------------------------------------------------------------------------


def test_insurance_wordings() -> None:
    both = value(facts("Public and Products Liability: £5,000,000 for any one occurrence."),
                 "insurance")  # fmt: skip
    assert both["public_liability"] == 5_000_000 and both["product_liability"] == 5_000_000
    assert value(facts("Insurance – Professional Risk Indemnity £2,000,000"), "insurance") == {
        "professional_indemnity": 2_000_000
    }
    far = facts(
        "Professional indemnity insurance, covering any failure by the consultant to exercise "
        "the reasonable skill and care expected of a qualified practitioner delivering services "
        "of this kind, at a level of £2,000,000 for each and every claim."
    )
    assert value(far, "insurance") == {"professional_indemnity": 2_000_000}


# --- tender dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("The final date and time for receipt of quotations is 14/03/2025 at 12:00.",
         "submission_deadline", "2025-03-14"),
        ("Lot 2 – resurfacing of the Mill Lane car park, closing 7 February 2025.",
         "submission_deadline", "2025-02-07"),
        ("You must send your tender by the deadline of 3pm on 9 April 2025.",
         "submission_deadline", "2025-04-09"),
        ("The deadline for returned quotations is 1400 2025-05-02.",
         "submission_deadline", "2025-05-02"),
        ("The last date to send questions about the specification or the pricing schedule "
         "through the council's e-tendering portal is 17:00 on 2 April 2025.",
         "clarification_deadline", "2025-04-02"),
        ("Tender launch - 3rd March 2025 via the portal.", "issue_date", "2025-03-03"),
        ("Date published: 4 March 2025", "issue_date", "2025-03-04"),
    ],
)  # fmt: skip
def test_date_wordings(text, name, expected) -> None:
    assert str(value(facts(text), name))[:10] == expected


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("Tenders in by", "submission_deadline"),
        ("Quotes back", "submission_deadline"),
        ("Published", "issue_date"),
        ("Invitation sent", "issue_date"),
    ],
)
def test_timetable_labels_in_other_words(label, name) -> None:
    got = facts(table=[["Stage", "Date"], [label, "12 May 2025"]])
    assert str(value(got, name))[:10] == "2025-05-12"


def test_timetable_rows_of_other_things_stay_out() -> None:
    got = facts(table=[["Stage", "Date"], ["Results sent", "2 June 2025"],
                       ["Contract published", "9 June 2025"]])  # fmt: skip
    assert value(got, "issue_date") is None and value(got, "submission_deadline") is None
    got = facts(table=[["Stage", "Date"], ["Bids in", "2 June 2025"]])
    assert str(value(got, "submission_deadline"))[:10] == "2025-06-02"


# --- weightings -------------------------------------------------------------------------------


def test_weighting_on_the_basis_of_price_alone() -> None:
    got = facts("We will award the contract on the basis of 100% price.")
    assert value(got, "weightings") == {"price": 100}


def test_weightings_that_count_for_or_carry_marks() -> None:
    assert value(facts("Price will count for 35 marks and quality for 65 marks out of 100."),
                 "weightings") == {"price": 35, "quality": 65}  # fmt: skip
    assert value(facts("Quality will carry 80% and price 20%."),
                 "weightings") == {"quality": 80, "price": 20}  # fmt: skip


# --- supplier demands --------------------------------------------------------------------------


def test_turnover_floor_said_as_an_exclusion() -> None:
    assert (
        value(
            facts("Charities with an annual income of less than £250,000 will not be considered."),
            "min_turnover",
        )
        == 250_000
    )
    assert value(facts("Suppliers with a turnover below £2m will be excluded."),
                 "min_turnover") == 2_000_000  # fmt: skip
    assert value(facts("The annual income from the café is £40,000."), "min_turnover") is None


def test_every_bidder_must_present() -> None:
    got = value(facts("Every bidder must give a short presentation to the panel on 4 June 2025."),
                "presentations")  # fmt: skip
    assert got == [{"kind": "presentation", "mandatory": True}]
    # a duty of the contract, not of the bid
    assert (
        value(
            facts(
                "The Provider shall give a presentation of its annual report to the Board each year."
            ),
            "presentations",
        )
        is None
    )
    assert (
        value(
            facts(
                "The Contractor shall attend the demonstration meeting set out in the call-off pack."
            ),
            "presentations",
        )
        is None
    )


# --- word limits -----------------------------------------------------------------------------


def word_limits(analysis) -> list:
    questions = value(analysis, "questions") or []
    return [q["word_limit"] for q in questions if q.get("word_limit")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Q3 Describe your approach to safeguarding (25%) – 600 words each", [600]),
        ("Describe how you will recruit and keep volunteers (350 words).", [350]),
        ("Please set out your mobilisation plan in 450 words or fewer.", [450]),
    ],
)  # fmt: skip
def test_word_limit_wordings(text, expected) -> None:
    assert word_limits(facts(text)) == expected


def test_limits_in_a_length_column() -> None:
    got = facts(table=[
        ["Question", "Maximum length", "Weighting"],
        ["1. How will you deliver the rounds?", "800 words", "35%"],
        ["2. How will you staff the service?", "2 sides of A4", "15%"],
        ["3. Price", "", "50%"],
    ])  # fmt: skip
    questions = value(got, "questions")
    assert [(q["word_limit"], q["page_limit"]) for q in questions[:2]] == [(800, None), (None, 2)]


# --- suitability for small suppliers and the voluntary sector ----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Small and local organisations are welcome to bid for this contract.", {"sme": True}),
        ("This work is ideal for sole traders and micro businesses.", {"sme": True}),
        ("We expect most providers to be charities or social enterprises.", {"vcse": True}),
        ("The quotation is accessible to suppliers of all sizes.", {"sme": True}),
    ],
)  # fmt: skip
def test_sme_vcse_suitability_wordings(text, expected) -> None:
    got = value(facts(text), "sme_vcse_suitability")
    assert got and {k: got[k] for k in expected} == expected


def test_sme_vcse_suitability_is_about_who_may_bid() -> None:
    # the same vocabulary, said of the winner's supply chain or of the buyers, says nothing
    assert not value(
        facts("The successful supplier will be encouraged to use local SMEs in its supply chain."),
        "sme_vcse_suitability",
    )
    assert not value(
        facts("The framework will be available to charities registered in Scotland."),
        "sme_vcse_suitability",
    )
    got = value(
        facts("This contract is not suitable for small businesses, given the cover needed."),
        "sme_vcse_suitability",
    )
    assert got["sme"] is False
    # and said of bidders, in words the old pattern did not know, it does
    got = value(
        facts("Charities and community groups are encouraged to tender for this contract."),
        "sme_vcse_suitability",
    )
    assert got["vcse"] is True
