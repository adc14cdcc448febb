"""Commercial terms (nlp/extractors/terms.py) on small texts: values found, and quoted,
example and placeholder figures not taken."""

from __future__ import annotations

import pytest

from .helpers import CORPUS, analysed
from .test_facts_supplier import facts

# --- payment ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("The Council will pay valid and undisputed invoices within 30 days of receipt.", 30),
        (
            "The Authority shall pay the Supplier any sums due under such an invoice no later "
            "than a period of 30 days from the date on which the Authority has determined that "
            "the invoice is valid and undisputed.",
            30,
        ),
        ("The Council's standard payment terms are 60 days from receipt of invoice.", 60),
        ("We will pay monthly in arrears, within thirty days of receiving your invoice.", 30),
    ],
)
def test_payment_terms_days(text: str, days: int) -> None:
    assert facts(text)["payment_terms_days"] == days


@pytest.mark.parametrize(
    "text",
    [
        "Please confirm that ≥95% of invoices payable to your supply chain have been paid within "
        "60 days of the receipt of the invoice.",
        "The Council may terminate if the breach is not remedied within 14 days of receipt of "
        "notice.",
        "Please provide the average number of days taken by you to pay an invoice.",
        "For example, an invoice might be paid within 45 days of receipt.",
    ],
)
def test_payment_days_not_taken_from_other_figures(text: str) -> None:
    assert "payment_terms_days" not in facts(text)


def test_payment_flow_down() -> None:
    f = facts(
        "The provider must pay its own sub-contractors within 30 days of receiving a valid invoice."
    )
    assert f["payment_flow_down"] is True
    f = facts(
        "8.4 The Authority shall pay the Supplier any sums due under such an invoice no later "
        "than a period of 30 days from receipt of the invoice.",
        "8.5 Where the Supplier enters into a Sub-Contract, the Supplier shall include in that "
        "Sub-Contract:",
        "provisions having the same effect as Clause 8.1 to Clause 8.4 of this agreement; and",
    )
    assert f["payment_flow_down"] is True
    assert "payment_flow_down" not in facts(
        "The Contractor shall be solely responsible for paying its sub-contractors."
    )


def test_payment_by_results_arrears_and_upfront() -> None:
    f = facts(
        "Payment will be partly linked to outcomes: 20% of the fee is payment by results.",
        "Invoices shall be submitted quarterly in arrears.",
    )
    assert f["payment_by_results"] is True
    assert f["payment_in_arrears"] == "quarterly"
    f = facts(
        "We will pay monthly in advance, in equal instalments.",
        "No part of the price depends on payment by results.",
    )
    assert f["payment_upfront"] is True
    assert f["payment_by_results"] is False
    f = facts("Any change must be authorised in advance by the Council.")
    assert "payment_upfront" not in f


# --- TUPE and incumbency ----------------------------------------------------------------------------


def test_tupe_applies_with_incumbent_and_late_information() -> None:
    f = facts(
        "The Transfer of Undertakings (Protection of Employment) Regulations 2006 (TUPE) are "
        "likely to apply to this contract. The Services are currently provided by Sparkle "
        "Facilities Ltd. Tenderers should take their own advice.",
        "TUPE information will be made available to the successful tenderer following contract "
        "award.",
    )
    assert f["tupe"] is True
    assert f["incumbent"] == "Sparkle Facilities Ltd"
    assert f["tupe_information"] is False


def test_tupe_information_given() -> None:
    f = facts(
        "TUPE is likely to apply. The current provider employs two part-time advocates. Anonymised "
        "employee information is in Appendix B of the tender pack."
    )
    assert f["tupe"] is True
    assert f["tupe_information"] is True
    assert f["incumbent"] is True


@pytest.mark.parametrize(
    "text",
    [
        "TUPE: the Transfer of Undertakings (Protection of Employment) Regulations 2006.",
        "You are reminded to consider whether TUPE is likely to apply and to act accordingly.",
        "Any replacement shall be as qualified and experienced as the previous incumbent.",
    ],
)
def test_tupe_definitions_and_asides_are_not_statements(text: str) -> None:
    f = facts(text)
    assert "tupe" not in f
    assert "incumbent" not in f


def test_tupe_not_expected_and_tbc() -> None:
    assert facts("This is a new service. We do not expect TUPE to apply.")["tupe"] is False
    analysis = facts("TUPE: TBC, pending confirmation from the DLO.")["_analysis"]
    assert analysis.facts["tupe"].value is None and analysis.facts["tupe"].placeholder


def test_current_contract_value() -> None:
    f = facts("The current annual contract value is £350,000.")
    assert f["current_contract_value"] == 350_000


# --- unpaid work, penalties, submission, fees ---------------------------------------------------------


def test_unpaid_work_quotes() -> None:
    f = facts(
        "The Contractor shall carry out a deep clean of each centre twice a year at no "
        "additional cost to the Council.",
        "The Contractor shall provide cleaning for up to twelve community events a year, free of "
        "charge.",
        "The e-procurement system must offer unrestricted and full direct access free of charge to "
        "all potential suppliers.",
        "The tender documents are available free of charge from the portal.",
    )
    quotes = f["unpaid_work"]
    assert len(quotes) == 2
    assert any("at no additional cost" in q for q in quotes)
    assert any("free of charge" in q for q in quotes)


def test_penalties() -> None:
    assert (
        facts("Service credits shall be deducted from the next payment due.")["penalties"] is True
    )
    assert facts("Liquidated damages of £500 per day will apply.")["penalties"] is True
    f = facts(
        "Workers shall have the freedom to terminate their employment without penalty.",
        "The Supplier shall not make deductions from staff wages.",
    )
    assert "penalties" not in f


def test_paper_submission() -> None:
    f = facts(
        "Tenderers must provide one (1) signed original and three (3) paper copies of their "
        "tender, together with an electronic copy on a USB memory stick.",
        "Tenders must be delivered by hand or sent by post to the Procurement Team.",
    )
    assert sorted(f["paper_submission"]) == ["hand", "paper", "post", "usb"]


@pytest.mark.parametrize(
    "text",
    [
        "Invoices may be sent by email or by post to the Finance Team.",
        "Tender responses containing hand written amendments may be rejected.",
        "A reference to writing includes delivered by hand or by pre-paid post.",
        "Any notice under the Contract shall be delivered by hand, by recorded post or by email "
        "to the address in the Form of Tender.",
        "Tenders must not keep any electronic or paper copies; you must destroy them.",
        "Tenders must be submitted only via the e-tendering portal; paper copies will not be "
        "accepted.",
    ],
)
def test_not_paper_submission(text: str) -> None:
    assert "paper_submission" not in facts(text)


def test_document_fees() -> None:
    f = facts("A non-refundable fee of £50 is payable to obtain the tender documents.")
    assert f["document_fees"] == 50
    f = facts("A registration fee is charged for access to the e-tendering portal.")
    assert f["document_fees"] is True
    f = facts(
        "Registration on the portal is free of charge.",
        "You should consider our management charge of 0.75% which shall be paid by you to us.",
        "We will not pay your tender costs for any reason.",
    )
    assert "document_fees" not in f


# --- frameworks, shortlists, DPS, mobilisation ------------------------------------------------------


def test_framework_shortlist_dps_mobilisation() -> None:
    f = facts(
        "The Council intends to appoint up to 6 suppliers to each lot of the framework.",
        "A maximum of five bidders will be shortlisted and invited to tender.",
        "Suppliers may apply to join the DPS at any time during its term.",
        "There will be a mobilisation period of 3 months before the service starts.",
    )
    assert f["framework_places"] == 6
    assert f["shortlist_max"] == 5
    assert f["dps"] is True
    assert f["mobilisation_weeks"] == pytest.approx(13, abs=0.1)


def test_framework_unlimited_and_non_frameworks() -> None:
    f = facts(
        "All bidders who meet the minimum standards will be awarded a place on the framework."
    )
    assert f["framework_places"] == "unlimited"
    f = facts(
        "Learning Partners will develop an appropriate monitoring, evaluation and learning (MEL) "
        "framework.",
        "In a Dynamic Purchasing System (DPS), self-declarations may be updated.",
    )
    assert "framework_places" not in f
    assert "dps" not in f


# --- corpus ---------------------------------------------------------------------------------------


@pytest.mark.corpus
def test_corpus_01_submission_and_payment() -> None:
    path = CORPUS / "01_charnwood-bc_itt-services-template.docx"
    if not path.exists():
        pytest.skip(f"corpus not present: {CORPUS} (../shared/corpus)")
    analysis = analysed(path)  # the session's analysis of corpus 01 (see helpers.analysed)
    assert sorted(analysis.value("paper_submission")) == ["paper", "post", "usb"]
    assert analysis.value("payment_terms_days") == 30
    assert analysis.value("payment_flow_down") is True
    assert analysis.value("tupe") is None


@pytest.mark.parametrize(
    ("text", "unpaid"),
    [
        ("Training will be provided free of charge.", True),
        ("The Supplier shall deliver the pilot at no additional cost to the Council.", True),
        ("Bidders bear their own costs of preparing the tender, at no cost to the Council.", False),
        ("The Supplier shall re-perform any failed Services at its own cost.", False),
        ("Staff will be provided for them free of charge by the Ministry of Defence.", False),
        ("Where the Buyer asks, the Supplier may offer training free of charge.", False),
    ],
)
def test_unpaid_work_is_read_from_firm_contract_terms(text: str, unpaid: bool) -> None:
    assert bool(facts(text).get("unpaid_work")) is unpaid


@pytest.mark.parametrize(
    ("sentence", "unpaid"),
    [
        # ancillary duties of running a contract: standard terms, not unpaid work
        (
            "The Supplier shall co-operate with the Authority in carrying out the monitoring "
            "at no additional charge to the Authority.",
            False,
        ),
        (
            "The Supplier shall provide a copy, at no charge to the Authority, of any Sub-Contract.",
            False,
        ),
        ("Any such information from the Supplier shall be provided at no additional cost.", False),
        # a part of the service itself, given free
        (
            "The Contractor shall provide a three-month pilot at no additional cost to the Council.",
            True,
        ),
        ("The Supplier shall deliver two extra training days free of charge.", True),
    ],
)
def test_unpaid_work_is_service_not_ancillary_duties(sentence: str, unpaid: bool) -> None:
    from tendercheck.documents.model import Block, Document, TenderPack
    from tendercheck.nlp import analyse

    blocks = [Block(kind="heading", text="Conditions of contract", level=1),
              Block(kind="paragraph", text=sentence)]  # fmt: skip
    doc = Document(name="terms.docx", format="docx", blocks=blocks).finish()
    assert bool(analyse(TenderPack(documents=[doc])).value("unpaid_work")) is unpaid


def _tupe_risks(text: str) -> list[str]:
    from tendercheck.bidder.risks import find_risks
    from tendercheck.documents.model import Block, Document, TenderPack
    from tendercheck.nlp import analyse

    doc = Document(name="t.docx", format="docx", blocks=[Block(kind="paragraph", text=text)])
    risks = find_risks(analyse(TenderPack(documents=[doc.finish()])))
    return [f["detail"] for f in risks.flags if f["flag"] == "TUPE"]


def test_the_bidder_is_told_tupe_is_likely_only_when_the_pack_says_so() -> None:
    """ "TUPE may apply to some call-off contracts" is a possibility: the clause's "may" is
    kept (it is no relative clause), and the bidder is never told TUPE is likely to apply."""
    assert _tupe_risks("TUPE is likely to apply to this contract.")[0].startswith(
        "TUPE is likely to apply:"
    )
    said = _tupe_risks("We believe that TUPE may apply to some call-off contracts.")
    assert not any(d.startswith("TUPE is likely") for d in said), said
