"""Value facts: contract value (total/annual/per unit/VAT), duration and extensions, authority
type, contract type, regime, lots; and the derived annual/total values and above_threshold.
Quoted figures (turnover, insurance, thresholds, examples, framework spend) are never taken."""

from __future__ import annotations

import pytest

from tendercheck.documents.model import Block, Document, TenderPack

from .helpers import CORPUS
from .test_facts_timeline import make_pack, para, run, table


def facts(*texts: str, cover: tuple[str, ...] = ()):
    blocks = [para(t) for t in cover] + [para(t) for t in texts]
    return run(make_pack(*blocks))


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        ("The contract value is £45,000 per annum.", "contract_value_annual", 45000),
        (
            "The total contract value of £1.2m covers the whole term.",
            "contract_value_total",
            1_200_000,
        ),
        ("The estimated value £250k ex VAT.", "contract_value_total", 250_000),
        ("Our budget is about £8,000 for the year.", "contract_value_annual", 8000),
        (
            "The contract is worth £30,000 a year for two years (£60,000 in total).",
            "contract_value_total",
            60000,
        ),
        ("The maximum value of the contract is £500,000.", "contract_value_total", 500_000),
    ],
)
def test_value_forms(text: str, name: str, value: float) -> None:
    a = facts(text)
    assert a.value(name) == value


def test_per_unit_budget_is_noted() -> None:
    a = facts("The approximate budget for this contract will be £18,000 per Learning Partner")
    fact = a.facts["contract_value_total"]
    assert fact.value == 18000 and "per Learning Partner" in fact.note


def test_ex_vat_flag() -> None:
    a = facts("The estimated value £250k ex VAT.")
    assert a.value("contract_value_vat") == "ex"


@pytest.mark.parametrize(
    "text",
    [
        "Bidders must have a minimum turnover of £1,000,000, twice the contract value.",
        "Public liability insurance of £10m is required; the contract value is not relevant.",
        "G-Cloud spend was £2.9bn in FY24/25, a measure of the framework's value.",
        "For central government contracts with an anticipated contract value above £5 million per annum, ask about payment.",
        "Central government contracts with a full life value of £10 million and above can support skills.",
        "For example, if the contract value is £100,000 the bid should be short.",
        "The threshold value for services is £214,904.",
        "Organisations with a turnover of £36m or more must publish a modern slavery statement.",
    ],
)
def test_quoted_figures_are_not_the_value(text: str) -> None:
    a = facts(text)
    assert a.value("contract_value_total") is None
    assert a.value("contract_value_annual") is None


def test_value_placeholder() -> None:
    a = facts("The estimated annual value of this contract is £xxx")
    fact = a.facts["contract_value_annual"]
    assert fact.placeholder and fact.value is None


@pytest.mark.parametrize(
    ("text", "initial", "extension", "maximum"),
    [
        ("The contract will be for two years with an option to extend for twelve months.", 24, 12, 36),
        ("The framework will run on a 3 + 1 + 1 years basis.", 36, 24, 60),
        ("The Contract awarded will be for a duration of up to 6 months.", 6, None, 6),
        ("The contract will run for an initial period of two (2) years from 1 February 2026, with an "
         "option to extend for a further one (1) year.", 24, 12, 36),
        ("The initial term is four years. The Council may extend the contract by up to two further years.", 48, 24, 72),
        ("The Authority may extend the agreement for two further periods of 12 months each.", None, 24, None),
    ],
)  # fmt: skip
def test_durations(text: str, initial, extension, maximum) -> None:
    a = facts(text)
    assert a.value("contract_duration_months") == initial
    assert a.value("contract_extension_months") == extension
    assert a.value("contract_max_duration_months") == maximum


@pytest.mark.parametrize(
    "text",
    [
        "This clause shall survive for a period of 7 years from the Termination Date.",
        "Has your organisation been in a state of insolvency during the last 3 years?",
        "Contract Year: a period of 12 months, commencing on the [INSERT DATE].",
        "Either party may terminate the contract on 3 months' written notice.",
        "Contracts with a duration of 12 months and above can support apprenticeships.",
    ],
)
def test_not_contract_durations(text: str) -> None:
    assert facts(text).value("contract_duration_months") is None


def test_derived_annual_and_total() -> None:
    a = facts("The total contract value of £120,000 covers the term.",
              "The contract will be for three years.")  # fmt: skip
    assert a.value("contract_value_annual") == 40000
    assert a.facts["contract_value_annual"].source == "derived"
    b = facts("The estimated value of the contract is £40,000 per annum.",
              "The contract will run for an initial period of 2 years, with an option to extend for a further 1 year.")  # fmt: skip
    assert b.value("contract_value_total") == 120000
    assert b.facts["contract_value_total"].source == "derived"
    # a placeholder total is kept, not hidden by a derived figure
    c = facts("The estimated value is £450,000 per annum. The total contract value is estimated at £xxx.",
              "The contract will be let for an initial term of three years.")  # fmt: skip
    assert c.facts["contract_value_total"].placeholder


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The contracting authority is Anytown Borough Council (the Council).", "other"),
        ("Crown Commercial Service (CCS) invites tenders for this framework.", "central"),
        ("This tender is issued on behalf of the NHS Anyshire Integrated Care Board.", "other"),
        ("The contracting authority is the British Council.", "central"),
    ],
)
def test_authority_type(text: str, kind: str) -> None:
    assert facts(text).value("authority_type") == kind


def test_authority_not_taken_from_third_parties() -> None:
    a = facts("What is your Companies House registration number?", "Are you registered with HMRC for VAT?",
              "Do you hold a Home Office sponsor licence?")  # fmt: skip
    assert a.value("authority_type") is None


@pytest.mark.parametrize(
    ("texts", "kind"),
    [
        (("This is a light-touch contract below the threshold.",), "light-touch"),
        (("The contract is a works contract under JCT terms.",), "works"),
        (("The Council requires the provision of cleaning services at four centres.",), "services"),
        (("Domiciliary care for adults.", "Social care packages in three zones."), "light-touch"),
    ],
)
def test_contract_type(texts, kind: str) -> None:
    assert facts(*texts).value("contract_type") == kind


@pytest.mark.parametrize(
    ("text", "regime"),
    [
        ("This procurement is conducted under the Procurement Act 2023.", "PA23"),
        ("The Council must follow the Public Contracts Regulations 2015.", "PCR15"),
        ("This is an open procedure under PCR 2015.", "PCR15"),
    ],
)
def test_regime_cited(text: str, regime: str) -> None:
    a = facts(text)
    assert a.value("regime") == regime


def test_regime_from_dates_only_before_pa23() -> None:
    old = run(
        make_pack(table(["ITT issued", "04/10/2017"], ["Tender submission deadline", "18/10/2017"]))
    )
    assert old.value("regime") == "PCR15" and old.facts["regime"].source == "derived"
    new = run(
        make_pack(table(["ITT issued", "04/10/2025"], ["Tender submission deadline", "18/11/2025"]))
    )
    assert new.value("regime") is None


def test_lots() -> None:
    a = facts(
        "The contract will not be divided into lots because the service is small and covers the whole borough."
    )
    assert a.value("lots") == 1
    assert "the service is small" in a.value("lots_reason")
    b = facts("For Lot 1a and Lot 1b the weighting is 80/10/10.", "For Lots 2a/2b/3 the weighting is 10/80/10.",
              "Lot 1 a/b Discount", "2.4 Lots 8 2.5 Consortia 9 2.6 Clarifications 9")  # fmt: skip
    assert b.value("lots") == 5
    c = facts(
        "The Council is seeking providers for three Lots.",
        "No bidder will be awarded more than two Lots.",
    )
    assert c.value("lots") == 3
    assert facts("Please tell us which lot(s) you wish to bid for.").value("lots") is None


def test_above_threshold_with_vat() -> None:
    a = facts("The contracting authority is Anytown Borough Council (the Council).",
              "The Council requires the provision of cleaning services.",
              "The total contract value is £180,000 excluding VAT.",
              "This procurement is run under the Procurement Act 2023.")  # fmt: skip
    fact = a.facts["above_threshold"]
    assert fact.value is True  # £216,000 with VAT is above £207,720
    assert "VAT" in fact.note
    b = facts("The total contract value is £18,000.")
    assert b.value("above_threshold") is False  # below every threshold
    c = facts("The total contract value is £180,000.")
    assert c.value("above_threshold") is None  # depends on the unknown authority and type


def test_thresholds_are_data() -> None:
    from tendercheck.nlp.derive import load_thresholds

    table_ = load_thresholds()["thresholds"]
    assert table_["services"] == {"central": 135018, "other": 207720}
    assert table_["works"]["other"] == 5193000
    assert table_["light-touch"]["central"] == 663540


@pytest.mark.corpus
def test_corpus_04_ccs() -> None:
    path = CORPUS / "04_ccs_gcloud15_attachment2-how-to-tender.docx"
    if not path.exists():
        pytest.skip("corpus not available (../shared/corpus)")
    from tendercheck.documents import read_pack

    a = run(read_pack([path]))
    assert a.value("authority_type") == "central"
    assert a.value("regime") == "PA23"
    assert a.value("lots") == 5
    assert a.value("contract_value_total") is None  # "£2.9bn" framework spend is not its value
    assert a.value("tender_period_days") == 99


def test_pack_built_directly() -> None:
    # smoke: a document with a heading and a table row
    doc = Document(name="x.md", format="md", blocks=[Block("heading", "Budget", level=1),
                                                     para("The budget for this contract is £12,500.")]).finish()  # fmt: skip
    a = run(TenderPack(documents=[doc]))
    assert a.value("contract_value_total") == 12500
