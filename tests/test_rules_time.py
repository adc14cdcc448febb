"""TIME rules: edge cases on hand-built analyses (boundaries, placeholders, missing facts)."""

from __future__ import annotations

import pytest

from tendercheck.documents.model import TenderPack
from tendercheck.engine import evaluate_rule, load_rules
from tendercheck.nlp.model import Analysis, Evidence, Fact, Sentence
from tests.helpers import rule_on_docx

RULES = {r.id: r for r in load_rules()}
ABOVE_PA23 = {
    "regime": "PA23",
    "above_threshold": True,
    "electronic_submission": True,
    "all_documents_at_once": True,
}


def make_analysis(
    facts: dict | None = None, text: tuple[str, ...] = (), candidates: dict[str, list] | None = None
) -> Analysis:
    sentences = [
        Sentence(
            text=t,
            doc_index=0,
            block=i,
            start=0,
            end=len(t),
            page=1,
            section=(),
            kind="paragraph",
            document="itt.docx",
        )
        for i, t in enumerate(text)
    ]
    analysis = Analysis(pack=TenderPack(), sentences=sentences)
    analysis.word_count = sum(len(t.split()) for t in text)
    for name, value in (facts or {}).items():
        fact = (
            value
            if isinstance(value, Fact)
            else Fact(name, value, evidence=[Evidence("itt.docx", 1, "", f"{name}: {value}")])
        )
        analysis.facts[name] = fact
        analysis.candidates.setdefault(name, []).append(fact)
    for name, values in (candidates or {}).items():
        for value in values:
            fact = Fact(name, value, evidence=[Evidence("itt.docx", 1, "", f"{name}: {value}")])
            analysis.candidates.setdefault(name, []).append(fact)
            analysis.facts.setdefault(name, fact)
    return analysis


def run(rule_id: str, facts: dict | None = None, **kwargs):
    return evaluate_rule(make_analysis(facts, **kwargs), RULES[rule_id])


def window(issue: str, deadline: str, **more) -> dict:
    return {"issue_date": issue, "submission_deadline": deadline, **more}


# --- TIME-01 -----------------------------------------------------------------------------------------


def test_time01_missing_dates_not_assessed() -> None:
    result = run("TIME-01", {"regime": "PA23", "above_threshold": True})
    assert result.status == "not-assessed"
    assert {"issue_date", "submission_deadline"} <= set(result.missing)


def test_time01_placeholder_deadline_not_assessed() -> None:
    facts = {
        "issue_date": "2026-03-02",
        "submission_deadline": Fact("submission_deadline", None, placeholder=True),
    }
    result = run("TIME-01", facts)
    assert result.status == "not-assessed"
    assert "placeholder" in result.message


@pytest.mark.parametrize(("deadline", "status"), [("2026-03-27", "pass"), ("2026-03-26", "fail")])
def test_time01_pa23_boundary_25_days(deadline: str, status: str) -> None:
    result = run("TIME-01", window("2026-03-02", deadline, **ABOVE_PA23))
    assert result.status == status
    if status == "fail":
        assert "24 calendar days" in result.message and "25-day" in result.message
        assert result.evidence


def test_time01_unknown_circumstances_between_minimums() -> None:
    facts = window("2026-03-02", "2026-04-01", regime="PA23", above_threshold=True)
    result = run("TIME-01", facts)  # 30 days: enough for 25 or 30, not for 35
    assert result.status == "not-assessed"
    assert "all_documents_at_once" in result.missing


def test_time01_paper_submission_raises_minimum() -> None:
    facts = window(
        "2026-03-02",
        "2026-03-30",
        regime="PA23",
        above_threshold=True,
        all_documents_at_once=True,
        paper_submission=["paper", "post"],
    )
    result = run("TIME-01", facts)  # 28 days < 30 (only one of the two holds)
    assert result.status == "fail"
    assert "30-day" in result.message


@pytest.mark.parametrize(
    ("facts", "detail"),
    [
        ({"contract_type": "light-touch", "above_threshold": True}, "light-touch"),
        ({"above_threshold": False}, "reasonable"),
    ],
)
def test_time01_not_applicable(facts: dict, detail: str) -> None:
    result = run("TIME-01", window("2026-03-02", "2026-03-06", **facts))
    assert result.status == "not-applicable"
    assert detail in result.message


@pytest.mark.parametrize(("deadline", "status"), [("2024-07-03", "pass"), ("2024-07-02", "fail")])
def test_time01_pcr15_from_issue_date(deadline: str, status: str) -> None:
    # Issued before 24 Feb 2025 with no regime stated: PCR15, 30 days with electronic submission.
    facts = window("2024-06-03", deadline, above_threshold=True, electronic_submission=True)
    assert run("TIME-01", facts).status == status


def test_time01_planned_procurement_notice_allows_10_days() -> None:
    facts = window(
        "2026-03-02",
        "2026-03-14",
        regime="PA23",
        above_threshold=True,
        planned_procurement_notice=True,
    )
    assert run("TIME-01", facts).status == "pass"


def test_time01_threshold_unknown() -> None:
    short = run("TIME-01", window("2026-03-02", "2026-03-20", regime="PA23"))
    assert short.status == "not-assessed"
    assert "above_threshold" in short.missing
    assert run("TIME-01", window("2026-03-02", "2026-04-10")).status == "pass"  # 39 days


# --- TIME-02 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("deadline", "status"), [("2026-04-01", "fail"), ("2026-04-02", "pass")])
def test_time02_margin_boundary(deadline: str, status: str) -> None:
    # 30 days = 25-day minimum + 5: fails; 31 days passes (no quality answers known to matter).
    assert run("TIME-02", window("2026-03-02", deadline, **ABOVE_PA23)).status == status


def _questions(n: int) -> list[dict]:
    return [
        {"id": f"Q{i}", "text": "q", "word_limit": 500, "scored": True, "topic": "quality"}
        for i in range(n)
    ]


@pytest.mark.parametrize(("count", "status"), [(2, "fail"), (1, "pass")])
def test_time02_quality_answers_below_threshold(count: int, status: str) -> None:
    facts = window("2026-03-02", "2026-03-31", above_threshold=False, questions=_questions(count))
    result = run("TIME-02", facts)  # 29 days
    assert result.status == status
    if status == "fail":
        assert "under 30 days" in result.message


def test_time02_price_questions_do_not_count() -> None:
    questions = [{"id": "P1", "scored": True, "topic": "price"}] * 3
    facts = window("2026-03-02", "2026-03-31", above_threshold=False, questions=questions)
    assert run("TIME-02", facts).status == "pass"


def test_time02_unknown_questions_not_assessed() -> None:
    result = run("TIME-02", window("2026-03-02", "2026-03-31", above_threshold=False))
    assert result.status == "not-assessed"
    assert "questions" in result.missing


# --- TIME-03 / TIME-04 ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lost", "working", "status"), [(3, 24, "fail"), (3, 25, "pass"), (2, 10, "pass")]
)
def test_time03_boundaries(lost: int, working: int, status: str) -> None:
    facts = {
        "holiday_working_days_lost": lost,
        "tender_period_working_days": working,
        "tender_period_days": working + 8,
    }
    assert run("TIME-03", facts).status == status


def test_time03_scotland_counts_2_january() -> None:
    facts = window("2025-12-19", "2026-01-09", region="SCT")
    result = run("TIME-03", facts)
    assert result.status == "fail"
    assert "take 4 working days" in result.message
    assert run("TIME-03", window("2025-12-19", "2026-01-09")).message.count("take 3") == 1


@pytest.mark.parametrize(("deadline", "status"), [("2026-03-13", "fail"), ("2026-03-16", "pass")])
def test_time04_ten_working_days(deadline: str, status: str) -> None:
    # Issued Monday 2 March: to Friday 13 March is 9 working days, to Monday 16 March 10.
    assert run("TIME-04", window("2026-03-02", deadline)).status == status


# --- TIME-05 -----------------------------------------------------------------------------------------


def test_time05_two_deadlines_fail() -> None:
    result = run("TIME-05", candidates={"submission_deadline": ["2026-04-13", "2026-04-15T12:00"]})
    assert result.status == "fail"
    assert "2 different submission deadlines" in result.message
    assert len(result.evidence) == 2


def test_time05_same_day_with_and_without_time_is_no_conflict() -> None:
    result = run("TIME-05", candidates={"submission_deadline": ["2026-04-13", "2026-04-13T12:00"]})
    assert result.status == "pass"


def test_time05_same_day_different_times_conflict() -> None:
    result = run(
        "TIME-05", candidates={"submission_deadline": ["2026-04-13T12:00", "2026-04-13T17:00"]}
    )
    assert result.status == "fail"


def test_time05_issue_dates_conflict() -> None:
    result = run(
        "TIME-05",
        candidates={
            "submission_deadline": ["2017-10-18"],
            "issue_date": ["2017-10-02", "2017-10-04"],
        },
    )
    assert result.status == "fail"
    assert "issue dates" in result.message


def test_time05_no_deadline_not_assessed() -> None:
    assert run("TIME-05", {}).status == "not-assessed"


# --- TIME-06 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clarification", "status"),
    [
        ("2026-04-14", "fail"),  # after the deadline
        ("2026-04-13T13:00", "fail"),  # same day, after the deadline time
        ("2026-04-07", "fail"),  # Tue 7 Apr -> Mon 13 Apr: 4 working days
        ("2026-04-02", "pass"),  # Thu 2 Apr -> Mon 13 Apr: 5 (Good Friday, Easter Monday out)
    ],
)
def test_time06_clarification(clarification: str, status: str) -> None:
    facts = {"clarification_deadline": clarification, "submission_deadline": "2026-04-13T12:00"}
    assert run("TIME-06", facts).status == status


def test_time06_missing_clarification() -> None:
    result = run("TIME-06", {"submission_deadline": "2026-04-13"})
    assert result.status == "not-assessed"
    assert result.missing == ["clarification_deadline"]


# --- TIME-07 -----------------------------------------------------------------------------------------

SHORT = {"award_date": "2026-06-01", "contract_start": "2026-06-15"}


def test_time07_no_tupe_not_applicable() -> None:
    result = run("TIME-07", SHORT, text=("The service starts in June.",))
    assert result.status == "not-applicable"


def test_time07_tupe_mentioned_but_not_read() -> None:
    result = run("TIME-07", SHORT, text=("TUPE may apply.",))
    assert result.status == "not-assessed"
    assert result.missing == ["tupe"]


def test_time07_recruitment_fails() -> None:
    result = run("TIME-07", SHORT, text=("The provider will need to recruit new staff.",))
    assert result.status == "fail"
    assert "recruited" in result.message


@pytest.mark.parametrize(("start", "status"), [("2026-06-29", "pass"), ("2026-06-28", "fail")])
def test_time07_four_weeks(start: str, status: str) -> None:
    facts = {"award_date": "2026-06-01", "contract_start": start, "tupe": True}
    assert run("TIME-07", facts).status == status


def test_time07_missing_dates() -> None:
    result = run("TIME-07", {"tupe": True})
    assert result.status == "not-assessed"
    assert set(result.missing) == {"award_date", "contract_start"}


def test_time05_clarification_deadline_misread_as_deadline() -> None:
    result = run(
        "TIME-05",
        {"clarification_deadline": "2025-12-29T12:00"},
        candidates={"submission_deadline": ["2026-01-02T12:00", "2025-12-29T12:00"]},
    )
    assert result.status == "pass"


# --- TIME-07 from a real .docx (a compare since k13c) -----------------------------------------------


def _time_07_docx(tmp_path, *lines: str):
    dates = ["Expected date of award: 1 June 2026", "Service commencement: 8 June 2026"]
    return rule_on_docx(tmp_path, "TIME-07", ["Invitation to tender.", *dates, *lines])


def test_time07_docx_recruitment_read_from_the_text_quotes_two_sentences(tmp_path) -> None:
    result = _time_07_docx(
        tmp_path,
        "The provider will need to recruit new staff for the night service.",
        "Recruitment of care staff will be needed.",
        "The provider must recruit new staff locally.",
    )
    assert result.status == "fail"
    assert result.message.startswith(
        "The contract starts 7 days after award, under 4 weeks, although new staff must be "
        "recruited."
    )
    # The award and start dates, then the first two sentences that stood in for
    # recruitment_required (else_quotes: 2).
    assert [(e.document, e.block) for e in result.evidence] == [
        ("itt.docx", b) for b in (1, 2, 3, 4)
    ]


def test_time07_docx_tupe_trigger_tupe_mention_and_no_trigger(tmp_path) -> None:
    tupe = _time_07_docx(tmp_path, "TUPE is likely to apply to staff of the current provider.")
    assert (tupe.status, [e.block for e in tupe.evidence]) == ("fail", [1, 2, 3])
    assert "although TUPE applies." in tupe.message
    mention = _time_07_docx(tmp_path, "TUPE may apply.")
    assert (mention.status, mention.missing) == ("not-assessed", ["tupe"])
    none = _time_07_docx(tmp_path, "The service is new.")
    assert (none.status, none.message) == (
        "not-applicable",
        "Not applicable: no TUPE transfer or recruitment found",
    )


def test_time07_a_framework_with_no_dates_is_not_applicable_before_needing_them() -> None:
    start = Fact(
        "contract_start",
        None,
        evidence=[Evidence("itt.docx", 1, "", "The framework agreement starts on award")],
    )
    assert run("TIME-07", {"dps": True}).message == (
        "Not applicable: a framework agreement: call-offs set mobilisation"
    )
    assert run("TIME-07", {"contract_start": start, "tupe": True}).status == "not-applicable"


@pytest.mark.parametrize(("weeks", "status"), [(3.9, "fail"), (4, "pass")])
def test_time07_a_stated_mobilisation_period_in_weeks(weeks: float, status: str) -> None:
    result = run("TIME-07", {"mobilisation_weeks": weeks, "tupe": True})
    assert result.status == status
    if status == "fail":
        assert result.message.startswith("The contract starts 27 days after award, under 4 weeks")
        assert [e.quote for e in result.evidence] == ["mobilisation_weeks: 3.9", "tupe: True"]
