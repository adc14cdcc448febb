"""Facts in other wordings, round 4 (issue 12): one test per general fix made in stop 23, on the
misses of the fourth round (tests/labels/variety-fresh3), the first round's invented word limit
and the award dates of the brief.

Every sentence here was written for this test, in the voices of different buyers; none is copied
from the sets. Each test has cases the extractors got wrong before the fix it names, and cases
that must NOT give the fact (nothing invented).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_facts_wording import facts, value


def word_limits(*paragraphs: str, table: list[list[str]] | None = None) -> list:
    questions = value(facts(*paragraphs, table=table), "questions") or []
    return [q["word_limit"] for q in questions if q.get("word_limit")]


# --- a word limit on a box for data is not an answer's ----------------------------------------


@pytest.mark.parametrize(
    "row",
    [
        ["Name the accreditation bodies you belong to.", "Up to 20 entries.",
         "Body name (free text box, 150 word limit)"],
        ["Give your registered office.", "Address (max 100 words)"],
        ["Website (free text, 50 words max)", "Optional"],
    ],
)  # fmt: skip
def test_a_word_limit_on_a_data_field_is_not_a_question_limit(row) -> None:
    assert word_limits(table=[row]) == []


def test_a_word_limit_on_an_answer_box_is_still_read() -> None:
    assert word_limits(table=[["Describe your approach to naming conventions.",
                               "Answer (free text box, 500 word limit)"]]) == [500]  # fmt: skip
    assert word_limits("Q4 Explain how you will keep the address register current "
                       "(maximum 400 words).") == [400]  # fmt: skip


# --- payment days under a lead-in about subcontractors ----------------------------------------


@pytest.mark.parametrize(
    "items",
    [
        ("The Supplier shall ensure that its subcontractors are paid:",
         "within 21 days of receipt of a valid invoice;"),
        ("The Contractor shall require that each member of its supply chain is paid:",
         "within twenty one (21) days of receipt of a valid and undisputed invoice; or",
         "by the due date stated on that invoice, if later."),
    ],
)  # fmt: skip
def test_payment_days_listed_under_a_subcontractor_lead_in_are_not_the_buyers(items) -> None:
    assert value(facts(*items), "payment_terms_days") is None


def test_payment_days_listed_under_the_buyers_lead_in_are_read() -> None:
    a = facts(
        "The Trust will pay the Provider:",
        "within 21 days of receiving a valid and undisputed invoice;",
    )
    assert value(a, "payment_terms_days") == 21


# --- the award date in prose ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The contract will be awarded on 14 September 2026.",
        "Contract award: 14 September 2026",
        "The framework agreement is expected to be awarded on 14 September 2026.",
        "We intend to award the contract on 14 September 2026, subject to approval.",
        "Anticipated contract award date 14 September 2026",
    ],
)
def test_the_award_date_is_read_from_prose(text: str) -> None:
    assert value(facts(text), "award_date") == "2026-09-14"


@pytest.mark.parametrize(
    "text",
    [
        "The previous contract was awarded on 14 September 2022.",
        "For example, the contract will be awarded on 14 September 2026.",
        "The incumbent's framework award: 14 September 2022",
    ],
)
def test_an_award_date_not_the_tenders_is_not_read(text: str) -> None:
    assert value(facts(text), "award_date") is None


# --- an insurance level with its currency unsaid or misspelt ----------------------------------


def test_a_cover_heading_a_bare_level_is_read() -> None:
    a = facts(
        "Levels of insurance required:",
        "Employers Liability Insurance = 10,000,000",
        "- Public Liability Insurance - GDP 2 million",
    )
    assert value(a, "insurance") == {"employers_liability": 10_000_000,
                                     "public_liability": 2_000_000}  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Public Liability Insurance - 3 copies of the certificate are needed.",
        "Employers Liability Insurance: 2024 renewal schedule attached.",
        "Professional Indemnity Insurance - 12.5 per cent of the fee.",
    ],
)
def test_a_bare_number_after_a_cover_that_is_no_level_is_not_read(text: str) -> None:
    assert value(facts(text), "insurance") is None


# --- an OCDS notice's selection criteria are read as text -------------------------------------


def _release(selection: dict | None) -> dict:
    tender: dict = {"id": "T1", "title": "Grounds maintenance", "tenderPeriod": {
        "startDate": "2026-03-02T09:00:00Z", "endDate": "2026-04-02T12:00:00Z"}}  # fmt: skip
    if selection is not None:
        tender["selectionCriteria"] = selection
    return {"ocid": "ocds-test-1", "date": "2026-03-02T09:00:00Z", "tag": ["tender"],
            "tender": tender}  # fmt: skip


def _analyse_with_notice(tmp_path: Path, release: dict):
    from tendercheck.runner import CheckSettings, analyse_paths

    doc = tmp_path / "itt.txt"
    doc.write_text("Invitation to tender for grounds maintenance services.\n", encoding="utf-8")
    notice = tmp_path / "notice.json"
    notice.write_text(json.dumps({"releases": [release]}), encoding="utf-8")
    return analyse_paths([doc], CheckSettings(notice=str(notice), use_cache=False))


def test_the_notices_selection_criteria_minimums_are_read(tmp_path: Path) -> None:
    selection = {"criteria": [
        {"type": "economic", "description": "Minimum general yearly turnover.",
         "minimum": "Bidders must have a minimum annual turnover of GBP 250,000."},
        {"type": "economic", "description": "Insurance",
         "minimum": "Employer's Liability Insurance of at least GBP 5,000,000 is required."},
    ]}  # fmt: skip
    a = _analyse_with_notice(tmp_path, _release(selection))
    assert value(a, "min_turnover") == 250_000
    assert value(a, "insurance") == {"employers_liability": 5_000_000}
    criteria = [d for d in a.pack.documents if d.name == "notice.json (selection criteria)"]
    assert len(criteria) == 1 and criteria[0].format == "json"


def test_a_notice_without_selection_criteria_adds_no_document(tmp_path: Path) -> None:
    a = _analyse_with_notice(tmp_path, _release(None))
    assert [d.name for d in a.pack.documents] == ["itt.txt"]
    assert value(a, "min_turnover") is None


# --- a contract period in months and years; a period in its own table cell --------------------


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("Contract period: September 2026 to August 2028, with an option to extend.", 24),
        ("The contract period will run from January 2027 to December 2027.", 12),
    ],
)
def test_a_contract_period_between_two_months_is_read(text: str, months: int) -> None:
    assert value(facts(text), "contract_duration_months") == months


@pytest.mark.parametrize(
    "text",
    [
        "The tender period is open from April 2026 to May 2026.",
        "We consulted residents from April 2025 to March 2026.",
    ],
)
def test_a_range_of_months_that_is_no_contract_period_is_not_read(text: str) -> None:
    assert value(facts(text), "contract_duration_months") is None


def test_an_initial_period_in_a_cell_of_an_extension_row_is_the_term() -> None:
    row = ["Optional extension period", "Initial Contract Period of 30 months; the Authority may "
           "extend it for a further 12 months."]  # fmt: skip
    assert value(facts(table=[row]), "contract_duration_months") == 30
    # as before: an extension row's own further period is not the term
    row = ["Optional extension period", "a further period of 12 months"]
    assert value(facts(table=[row]), "contract_duration_months") is None


# --- the buyer seeking the market's views -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Council seeks the views of suppliers before it re-commissions the service.", True),
        ("We would welcome feedback from potential providers on the draft specification.", True),
        # the views of service users are not the market's
        ("The Provider shall seek the views of service users every quarter.", False),
    ],
)
def test_seeking_the_markets_views_is_market_engagement(text: str, expected: bool) -> None:
    assert bool(value(facts(text), "market_engagement")) is expected


# --- a figure with its thousands grouped wrongly ----------------------------------------------


def test_a_wrongly_grouped_figure_is_read_from_its_words() -> None:
    a = facts("The total value of the contract is £250,00 (two hundred and fifty thousand pounds).")
    assert value(a, "contract_value_total") == 250_000


@pytest.mark.parametrize(
    "text",
    [
        "The total value of the contract is £250,00.",  # no words: not read, not £250
        "The total value of the contract is £250,00 (see the pricing schedule).",
    ],
)
def test_a_wrongly_grouped_figure_without_words_is_not_read(text: str) -> None:
    assert value(facts(text), "contract_value_total") is None


def test_number_words_are_valued() -> None:
    from tendercheck.nlp.numbers import words_value

    assert words_value("one hundred and twenty thousand") == 120_000
    assert words_value("Sixty-five million") == 65_000_000
    assert words_value("two million five hundred thousand") == 2_500_000
    assert words_value("see the schedule") is None
    assert words_value("and") is None
