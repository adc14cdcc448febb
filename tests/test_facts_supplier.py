"""Supplier requirements (nlp/extractors/supplier.py) on small texts: values found, and quoted,
example, statutory and placeholder figures not taken."""

from __future__ import annotations

import pytest

from tendercheck.documents.model import Block, Document, TenderPack
from tendercheck.nlp import analyse

from .helpers import CORPUS, analysed


def pack(*paragraphs: str | tuple[str, str] | list[list[str]]) -> TenderPack:
    """A one-document pack: strings are paragraphs, ("heading", text) headings, lists tables."""
    blocks = []
    for item in paragraphs:
        if isinstance(item, tuple):
            blocks.append(Block(kind="heading", text=item[1], level=1))
        elif isinstance(item, list):
            text = "\n".join(" | ".join(row) for row in item)
            blocks.append(Block(kind="table", text=text, rows=item))
        else:
            blocks.append(Block(kind="paragraph", text=item))
    doc = Document(name="test.docx", format="docx", blocks=blocks).finish()
    return TenderPack(documents=[doc])


def facts(*paragraphs) -> dict:
    analysis = analyse(pack(*paragraphs))
    return {name: fact.value for name, fact in analysis.facts.items() if not fact.placeholder} | {
        "_analysis": analysis
    }


# --- turnover ---------------------------------------------------------------------------------


def test_turnover_amount() -> None:
    f = facts(
        "Tenderers must have a minimum annual turnover of £250,000 in each of the last two years."
    )
    assert f["min_turnover"] == 250_000
    assert "min_turnover_multiple" not in f


def test_turnover_multiple_of_annual_value_and_value_placeholder_not_taken() -> None:
    f = facts(
        "Please confirm whether your turnover is at least the minimum of twice the annual "
        "estimated value of this contract. The estimated annual value of this contract is £xxx"
    )
    assert f["min_turnover_multiple"] == 2.0
    assert f["min_turnover_basis"] == "annual"
    assert "min_turnover" not in f


@pytest.mark.parametrize(
    ("text", "multiple", "basis"),
    [
        ("Turnover should be up to twice the estimated contract value.", 2.0, "total"),
        ("Bidders must have a turnover of at least 2x the contract value.", 2.0, "total"),
        ("Minimum turnover: 1.5 times the annual contract value.", 1.5, "annual"),
    ],
)
def test_turnover_multiple_forms(text: str, multiple: float, basis: str) -> None:
    f = facts(text)
    assert f["min_turnover_multiple"] == multiple
    assert f["min_turnover_basis"] == basis


@pytest.mark.parametrize(
    "text",
    [
        "Organisations with an annual turnover of £36m or more must publish a slavery and human "
        "trafficking statement.",
        "Please confirm if your organisation has an annual turnover of £36m or more.",
        "Small companies: 50 or fewer employees; turnover of no more than £10.2 million.",
        "The minimum yearly turnover cannot be set at more than twice the estimated contract "
        "value except in duly justified cases.",
        "For example, a minimum turnover of £200,000 might be set for a contract worth £100,000.",
        "Central government contracts over £5m per annum must use the payment questions.",
    ],
)
def test_quoted_turnover_figures_not_taken(text: str) -> None:
    f = facts(text)
    assert "min_turnover" not in f
    assert "min_turnover_multiple" not in f


def test_turnover_placeholder_is_reported_as_placeholder() -> None:
    analysis = facts("Tenderers must have a minimum annual turnover of £xxx.")["_analysis"]
    fact = analysis.facts["min_turnover"]
    assert fact.value is None and fact.placeholder


# --- accounts and trading -----------------------------------------------------------------------


def test_audited_accounts_without_alternative() -> None:
    f = facts(
        "Tenderers must enclose with their tender three (3) years' audited accounts. Tenderers "
        "who are unable to provide audited accounts for each of the last three years will be "
        "excluded."
    )
    assert f["accounts_years_required"] == 3
    assert f["audited_accounts_required"] is True
    assert f["accounts_alternative"] is False


def test_accounts_alternative_for_new_organisations() -> None:
    f = facts(
        "Organisations that do not have audited accounts may send unaudited or management "
        "accounts, and new organisations may send a business plan and bank statements instead."
    )
    assert f["audited_accounts_required"] is False
    assert f["accounts_alternative"] is True


def test_audited_if_required_by_law_is_not_an_audit_demand() -> None:
    f = facts(
        "Please provide a copy of your detailed accounts for the last two years (audited if "
        "required by law)."
    )
    assert f["accounts_years_required"] == 2
    assert f["audited_accounts_required"] is False


def test_accounts_period_wins_over_number_of_sets() -> None:
    f = facts(
        "All bidders must provide published accounts for the last 2 years covering a 3 year period."
    )
    assert f["accounts_years_required"] == 3


def test_years_trading() -> None:
    f = facts("Bidders must have been trading for at least three years.")
    assert f["years_trading_required"] == 3
    f = facts("Within the past five years, have you been convicted of an offence?")
    assert "years_trading_required" not in f


# --- insurance ------------------------------------------------------------------------------------


def test_insurance_table_and_bid_stage_evidence() -> None:
    f = facts(
        "Tenderers must hold the following insurances:",
        [
            ["Type of insurance", "Minimum level of cover"],
            ["Public liability", "£10,000,000 for each and every claim"],
            ["Employer's liability", "£10,000,000 for each and every claim"],
        ],
        "Copies of current insurance certificates for each of the above must be submitted with "
        "the tender.",
    )
    assert f["insurance"] == {"public_liability": 10e6, "employers_liability": 10e6}
    assert f["insurance_at_bid_stage"] is True
    assert f["insurance_sole_trader_exempt"] is False


def test_insurance_quoted_from_the_questionnaire_not_the_contract_particulars() -> None:
    f = facts(
        ("h", "Conditions of contract"),
        "The Supplier shall maintain Public Liability Insurance cover of £10 million.",
        ("h", "Selection questionnaire"),
        "Bidders must hold Public Liability insurance of £10 million.",
    )
    assert f["insurance"] == {"public_liability": 10e6}
    (evidence,) = f["_analysis"].facts["insurance"].evidence
    assert evidence.quote == "Bidders must hold Public Liability insurance of £10 million."
    assert evidence.section == "Selection questionnaire"


def test_each_certification_in_a_sentence_takes_the_lots_named_after_it() -> None:
    f = facts(
        "Cyber Essentials Plus certification is a mandatory requirement for contracts under "
        "Lot 1a or Lot 1b, and Cyber Essentials certification is a mandatory requirement for "
        "contracts under Lot 2a, Lot 2b and 3."
    )
    lots = {c["name"]: c.get("lots") for c in f["certifications"]}
    assert lots == {"Cyber Essentials Plus": ["1a", "1b"], "Cyber Essentials": ["2a", "2b", "3"]}


def test_insurance_by_contract_start_and_sole_traders() -> None:
    f = facts(
        "The Council requires all contractors to provide the following:",
        "Employer's Liability £10 million",
        "(except sole traders)",
        "Public Liability £10million",
        "Professional Indemnity cover £5 million",
        "Please confirm that your organisation has the required level of cover or is prepared to "
        "obtain the level of cover prior to award.",
    )
    assert f["insurance"] == {
        "employers_liability": 10e6,
        "public_liability": 10e6,
        "professional_indemnity": 5e6,
    }
    assert f["insurance_sole_trader_exempt"] is True
    assert f["insurance_at_bid_stage"] is False


def test_insurance_two_types_in_one_sentence_and_placeholder() -> None:
    f = facts(
        "Tenderers must hold employer's liability insurance of £10,000,000 and public liability "
        "insurance of £xxx."
    )
    assert f["insurance"] == {"employers_liability": 10e6}


def test_statutory_minimum_quoted_beside_placeholders_is_not_taken() -> None:
    analysis = facts(
        "Please confirm whether you already have, or can commit to obtain, prior to the "
        "commencement of the contract, the levels of insurance cover indicated below: "
        "Employer's (Compulsory) Liability Insurance = £x Public Liability Insurance = £x",
        "*There is a legal requirement for certain employers to hold Employer's (Compulsory) "
        "Liability Insurance of £5 million as a minimum.",
    )["_analysis"]
    fact = analysis.facts["insurance"]
    assert fact.value is None and fact.placeholder
    assert analysis.facts["insurance_at_bid_stage"].value is False


def test_statutory_minimum_not_taken_when_the_tender_states_its_own_levels() -> None:
    f = facts(
        "Bidders must hold public liability insurance of £5 million.",
        "Note that the legal minimum for employers' liability insurance is £5 million.",
    )
    assert f["insurance"] == {"public_liability": 5e6}


def test_insurance_guidance_is_not_a_bid_stage_demand() -> None:
    f = facts(
        "You should allow potential suppliers to self-certify that they have, or will have in "
        "place, any required insurance in the event that they are awarded the contract. It is "
        "not appropriate at the selection stage to insist on evidence that cover already exists."
    )
    assert f.get("insurance_at_bid_stage") is not True


def test_insurance_not_needed_when_bidding() -> None:
    f = facts(
        "You do not need to hold these insurances when you bid. Each successful provider must "
        "have them in place by the contract start date:",
        [["Insurance", "Level of cover"], ["Public liability", "£2,000,000"]],
    )
    assert f["insurance_at_bid_stage"] is False
    assert f["insurance"] == {"public_liability": 2e6}


# --- certifications and brands --------------------------------------------------------------------


def test_certifications_with_and_without_equivalent() -> None:
    f = facts(
        "Tenderers must hold current ISO 9001 certification and must be accredited under the "
        "Contractors Health and Safety Assessment Scheme (CHAS).",
        "Tenderers must be a member of Constructionline Gold or equivalent.",
        "Cyber Essentials Plus certification is required.",
    )
    certs = {c["name"]: c for c in f["certifications"]}
    assert certs["ISO 9001"] == {"name": "ISO 9001", "equivalent_accepted": False, "required": True}
    assert certs["CHAS"]["equivalent_accepted"] is False
    assert certs["Constructionline Gold"]["equivalent_accepted"] is True
    assert f["cyber_essentials"] == "plus"


def test_equivalent_in_next_sentence_and_optional_mentions() -> None:
    f = facts(
        "Suppliers must be accredited to ISO 14001.",
        "Equivalent standards will be accepted.",
        "If you hold a quality mark such as Trusted Charity you may tell us, but it will not be "
        "scored.",
    )
    certs = {c["name"]: c for c in f["certifications"]}
    assert certs["ISO 14001"]["equivalent_accepted"] is True
    assert certs["Trusted Charity"]["required"] is False


def test_brands_named_conservatively() -> None:
    f = facts(
        "All consumables shall be Tork branded products to fit the Council's existing dispensers.",
        "The supplier must use Microsoft Teams or an equivalent platform for meetings.",
        "PDF, Word and Excel formats can be used for any supporting documentation.",
    )
    brands = {b["name"]: b for b in f["brands_named"]}
    assert brands["Tork"]["equivalent_accepted"] is False
    assert brands["Microsoft Teams"]["equivalent_accepted"] is True
    assert set(brands) == {"Tork", "Microsoft Teams"}


# --- experience, policies, participation ----------------------------------------------------------


def test_experience_demands() -> None:
    f = facts(
        "Tenderers must provide details of at least three contracts for cleaning services "
        "delivered for local authorities in the last five years.",
        "Bidders must have a minimum of 5 years' experience of delivering advocacy services.",
        "Bidders must have previously held a contract with the Council.",
    )
    kinds = {d["kind"] for d in f["experience_demands"]}
    assert kinds == {
        "references",
        "public_sector_only",
        "years_experience",
        "previous_contract_with_authority",
    }
    assert all(d["quote"] for d in f["experience_demands"])


def test_public_or_private_examples_are_not_public_sector_only() -> None:
    f = facts(
        "Please provide details of up to three contracts, in any combination from either the "
        "public or private sectors, that are relevant to our requirement."
    )
    assert {d["kind"] for d in f["experience_demands"]} == {"references"}


def test_modern_slavery_statement() -> None:
    f = facts("Every bidder must submit a modern slavery statement with its tender.")
    assert f["modern_slavery_statement_required"] is True
    f = facts(
        "In accordance with the Modern Slavery Act 2015 all organisations with a total annual "
        "turnover of £36m or more are required to produce a slavery and human trafficking "
        "statement for each financial year."
    )
    assert f["modern_slavery_statement_required"] is False


def test_carbon_plan_payment_test_and_cyber() -> None:
    f = facts(
        "Every bidder must submit a Carbon Reduction Plan in the format set out in PPN 006.",
        "Bidders must demonstrate that they paid 95% of invoices within 60 days.",
    )
    assert f["carbon_reduction_plan_required"] is True
    assert f["payment_performance_test"] is True
    f = facts("The Council has made a commitment to reduce its carbon emissions.")
    assert "carbon_reduction_plan_required" not in f


def test_consortia_subcontracting_reliance() -> None:
    f = facts(
        "Consortia are welcome. A consortium may bid through a lead organisation and may rely on "
        "the capacity of its members and sub-contractors to meet the requirements.",
        "If you intend to use subcontractors, please give details of each subcontractor.",
    )
    assert f["consortia_allowed"] is True
    assert f["reliance_on_others_allowed"] is True
    assert f["subcontracting_allowed"] is True
    f = facts("Consortium bids will not be accepted. Sub-contracting is not permitted.")
    assert f["consortia_allowed"] is False
    assert f["subcontracting_allowed"] is False


def test_bonds_and_guarantees() -> None:
    f = facts(
        "The successful contractor will be required to provide a performance bond of 10% of the "
        "contract value and a parent company guarantee.",
        "A retention of 5% will be held until practical completion.",
    )
    assert set(f["bonds_guarantees"]) == {
        "performance_bond",
        "parent_company_guarantee",
        "retention",
    }
    f = facts(
        "If a supplier does not meet the minimum financial requirements, you can allow them to "
        "rely on a parent company, for example in the form of a parent company guarantee.",
        "Would the parent company be willing to provide a guarantee if necessary?",
    )
    assert "bonds_guarantees" not in f


def test_pre_qualification_and_selection_questionnaire() -> None:
    f = facts(
        "This procurement is being conducted using the restricted procedure. Only those "
        "applicants who pass the selection stage will be invited to tender.",
        "Bidders must complete the selection questionnaire in Appendix 1.",
    )
    assert f["pre_qualification_stage"] is True
    assert f["selection_questionnaire"] is True
    f = facts(
        "You must not include a pre-qualification stage in any procurement below the threshold.",
        "Any response to a Selection questionnaire (if applicable) remains true.",
    )
    assert "pre_qualification_stage" not in f
    assert "selection_questionnaire" not in f


def test_evidence_quotes_the_clause() -> None:
    analysis = facts(
        ("heading", "Insurance"),
        "Bidders must hold public liability insurance of £5,000,000 before starting work.",
    )["_analysis"]
    fact = analysis.facts["insurance"]
    assert "£5,000,000" in fact.evidence[0].quote
    assert fact.evidence[0].section == "Insurance"
    assert 0 < fact.confidence <= 1


# --- corpus ---------------------------------------------------------------------------------------


@pytest.mark.corpus
def test_corpus_07_employers_liability_at_q140() -> None:
    path = CORPUS / "07_ccs_rm6264_attachment6-standard-selection-questionnaire.pdf"
    if not path.exists():
        pytest.skip(f"corpus not present: {CORPUS} (../shared/corpus)")
    analysis = analysed(path)  # the session's analysis of corpus 07 (see helpers.analysed)
    assert analysis.value("insurance") == {"employers_liability": 5e6}
    assert analysis.value("insurance_sole_trader_exempt") is True
    assert analysis.facts["insurance_at_bid_stage"].value is False
