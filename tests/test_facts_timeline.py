"""Timeline facts: dates from timetable tables, prose and covers; placeholders; conflicts kept;
tender period in calendar and working days (bank holidays by region)."""

from __future__ import annotations

import datetime as dt

import pytest

from tendercheck.documents.model import Block, Document, TenderPack
from tendercheck.nlp.dates import find_dates, holiday_working_days_lost, working_days_between

from .helpers import CORPUS


def make_pack(*blocks: Block) -> TenderPack:
    return TenderPack(
        documents=[Document(name="t.docx", format="docx", blocks=list(blocks)).finish()]
    )


def para(text: str) -> Block:
    return Block("paragraph", text)


def table(*rows: list[str]) -> Block:
    return Block("table", "\n".join(" | ".join(r) for r in rows), rows=[list(r) for r in rows])


def run(pack: TenderPack, today=None):
    """analyse() with only the timeline and value extractors (others are tested elsewhere)."""
    import tendercheck.nlp.extractors as extractors
    from tendercheck.nlp import analyse
    from tendercheck.nlp.extractors import timeline, value

    saved = extractors.load_extractors
    extractors.load_extractors = lambda: [timeline.timeline, value.value]
    try:
        return analyse(pack, today=today)
    finally:
        extractors.load_extractors = saved


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("12:00 noon, 5 January 2026", "2026-01-05T12:00"),
        ("30/01/2026", "2026-01-30"),
        ("15:00 30/01/2026", "2026-01-30T15:00"),
        ("5th Jan 2026", "2026-01-05"),
        ("Monday 2 October 2017", "2017-10-02"),
        ("by 5pm on Friday 3rd March 2023", "2023-03-03T17:00"),
        ("11 October2017", "2017-10-11"),
        ("30/01/2026 at 15:00", "2026-01-30T15:00"),
    ],
)
def test_find_dates_uk_forms(text: str, iso: str) -> None:
    dates = [d for d in find_dates(text) if not d.placeholder]
    assert [d.iso for d in dates] == [iso]


@pytest.mark.parametrize(
    "text",
    ["the Public Contracts Regulations 2015", "between October 2017 and March 2018",
     "section 3 may apply", "version 2.1 of 2024"],
)  # fmt: skip
def test_find_dates_invents_nothing(text: str) -> None:
    assert [d for d in find_dates(text) if d.date is not None] == []


@pytest.mark.parametrize(
    "text", ["(Date)", "[Insert date]", "dd/mm/yyyy", "XX/XX/XXXX", "[time and date]"]
)
def test_date_placeholders(text: str) -> None:
    found = find_dates(text)
    assert found and all(d.placeholder and d.date is None for d in found)


def test_week_beginning_year_inferred() -> None:
    pack = make_pack(
        table(
            ["Activity", "Date"],
            ["ITT issued", "5 January 2026"],
            ["Contract start", "wb 26 February"],
        ),
    )
    a = run(pack)
    assert a.value("contract_start") == "2026-02-26"
    assert "week beginning" in a.facts["contract_start"].note


def test_timetable_table_and_derived_period() -> None:
    pack = make_pack(
        para("Date: 1 December 2025"),
        table(
            ["Activity", "Date / time"],
            ["ITT issued", "04/12/2025"],
            ["Deadline for clarification questions", "15:00 12/12/2025"],
            ["CCS responses to clarification questions published", "16/12/2025"],
            ["Tender submission deadline", "12:00 noon, 5 January 2026"],
            ["Contract award notice published and commencement of standstill", "19/01/2026"],
            ["Award of contract", "30/01/2026"],
            ["Contract start date", "01/03/2026"],
        ),
    )
    a = run(pack)
    assert a.value("issue_date") == "2025-12-04"
    assert a.value("clarification_deadline") == "2025-12-12T15:00"
    assert a.value("submission_deadline") == "2026-01-05T12:00"
    assert a.value("award_date") == "2026-01-30"
    assert a.value("contract_start") == "2026-03-01"
    # cover date vs timetable: both kept, the timetable's row chosen
    assert {f.value for f in a.candidates["issue_date"]} == {"2025-12-01", "2025-12-04"}
    assert len(a.conflicts("issue_date")) == 2
    assert a.value("tender_period_days") == 32
    # 25, 26 Dec and 1 Jan fall on weekdays in the window
    assert a.value("holiday_working_days_lost") == 3
    assert a.value("tender_period_working_days") == 19
    assert a.facts["tender_period_days"].source == "derived"


def test_prose_dates_and_two_deadlines_kept() -> None:
    pack = make_pack(
        para("This Invitation to Tender was issued on 1 September 2025."),
        para("Tenders must be returned by 12 noon on 2 October 2025."),
        para("Any queries must be sent by email no later than 5pm on 22 September 2025."),
        para("Tenders must be submitted via the portal no later than 5.00pm on 26 September 2025."),
        para("The contract will commence on 1 January 2026."),
    )
    a = run(pack)
    assert a.value("issue_date") == "2025-09-01"
    assert a.value("clarification_deadline") == "2025-09-22T17:00"
    assert a.value("contract_start") == "2026-01-01"
    values = {f.value for f in a.candidates["submission_deadline"]}
    assert values == {"2025-10-02T12:00", "2025-09-26T17:00"}
    assert len(a.conflicts("submission_deadline")) == 2


def test_placeholders_are_not_dates() -> None:
    pack = make_pack(
        para("Issue Date: (Date)"),
        para("Closing Date :( Time / Date)"),
        table(
            ["Stage", "Date(s)"],
            ["Issue of Invitation to Tender", "[Insert date]"],
            ["Submission of Tenders", "[Insert date and time]"],
        ),
    )
    a = run(pack)
    for name in ("issue_date", "submission_deadline"):
        assert a.facts[name].placeholder and a.facts[name].value is None
    assert "tender_period_days" not in a.facts


def test_past_contracts_and_citations_are_not_tender_dates() -> None:
    pack = make_pack(
        para(
            "Please give details of a previous contract, awarded on 3 March 2019 and completed on 1 April 2021."
        ),
        para("The Public Contracts Regulations 2015 apply; see the Procurement Act 2023."),
        table(
            ["Reference", "Contract start date"],
            ["Previous contract with Anytown Council", "01/04/2019"],
        ),
    )
    a = run(pack)
    for name in ("issue_date", "submission_deadline", "contract_start", "award_date"):
        assert name not in a.facts


def test_working_days_regions() -> None:
    start, end = dt.date(2025, 12, 19), dt.date(2026, 1, 9)
    eng = working_days_between(start, end)
    sct = working_days_between(start, end, "SCT")
    assert eng == 12  # 15 weekdays less 25, 26 Dec and 1 Jan
    assert sct == 11  # Scotland also has 2 January
    assert len(holiday_working_days_lost(start, end, "SCT")) == 4
    assert working_days_between(dt.date(2026, 4, 2), dt.date(2026, 4, 7), "NIR") == 1  # Easter
    with pytest.raises(ValueError):
        working_days_between(start, end, "Atlantis")


def test_region_fact_selects_holidays() -> None:
    from tendercheck.nlp.model import Fact

    pack = make_pack(
        table(["ITT issued", "19/12/2025"], ["Tender submission deadline", "09/01/2026"])
    )
    import tendercheck.nlp.extractors as extractors
    from tendercheck.nlp import analyse
    from tendercheck.nlp.extractors import timeline, value

    saved = extractors.load_extractors
    extractors.load_extractors = lambda: [timeline.timeline, value.value]
    try:
        a = analyse(pack, supplied=[Fact("region", "SCT", source="option")])
    finally:
        extractors.load_extractors = saved
    assert a.value("tender_period_working_days") == 11


@pytest.mark.corpus
def test_corpus_02_conflicting_issue_dates() -> None:
    path = CORPUS / "02_british-council_rfp-osch-learning-partners-2017.docx"
    if not path.exists():
        pytest.skip("corpus not available (../shared/corpus)")
    from tendercheck.documents import read_pack

    a = run(read_pack([path]))
    assert {f.value for f in a.candidates["issue_date"]} >= {"2017-10-02", "2017-10-04"}
    assert a.value("issue_date") == "2017-10-04"
    assert a.value("submission_deadline") == "2017-10-18"
    assert a.value("tender_period_days") == 14
    assert a.value("tender_period_working_days") == 10
    assert a.value("regime") == "PCR15"


@pytest.mark.corpus
def test_corpus_01_template_invents_no_dates() -> None:
    path = CORPUS / "01_charnwood-bc_itt-services-template.docx"
    if not path.exists():
        pytest.skip("corpus not available (../shared/corpus)")
    from tendercheck.documents import read_pack

    a = run(read_pack([path]))
    for name in ("issue_date", "clarification_deadline", "submission_deadline", "contract_start"):
        fact = a.facts.get(name)
        assert fact is None or (fact.placeholder and fact.value is None), name
