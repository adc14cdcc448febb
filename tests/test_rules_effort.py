"""EFFORT rules: edge cases on hand-built analyses (boundaries, placeholders, missing facts)."""

from __future__ import annotations

import pytest

from tendercheck.engine import evaluate_rule, load_rules
from tendercheck.nlp.model import Fact
from tests.test_rules_time import make_analysis

RULES = {r.id: r for r in load_rules()}


def run(rule_id: str, facts: dict | None = None, **kwargs):
    return evaluate_rule(make_analysis(facts, **kwargs), RULES[rule_id])


def questions(n: int, words: int | None = 500, topic: str = "quality") -> list[dict]:
    return [
        {
            "id": f"Q{i + 1}",
            "text": f"Question {i + 1}",
            "word_limit": words,
            "scored": True,
            "topic": topic,
        }
        for i in range(n)
    ]


# --- EFFORT-01 ---------------------------------------------------------------------------------------


def test_effort01_needs_value() -> None:
    result = run("EFFORT-01", {"questions": questions(3)})
    assert result.status == "not-assessed"
    assert "contract_value_total" in result.missing


def test_effort01_placeholder_value() -> None:
    facts = {
        "questions": questions(3),
        "contract_value_total": Fact("contract_value_total", None, placeholder=True),
    }
    result = run("EFFORT-01", facts)
    assert result.status == "not-assessed"
    assert "placeholder" in result.message


@pytest.mark.parametrize(
    ("value", "status", "severity"),
    [
        # 4 x 500 words = 2,000 words: 12 hours, + 1 hour planning each question = 16 hours
        # = £747 at £350 / 7.5 hours (tendercheck/data/effort.yaml).
        (18_000, "fail", "error"),  # 4.1%
        (50_000, "fail", "warning"),  # 1.5%
        (80_000, "pass", "warning"),  # 0.9%
    ],
)
def test_effort01_tiers(value: int, status: str, severity: str) -> None:
    result = run("EFFORT-01", {"questions": questions(4), "contract_value_total": value})
    assert (result.status, result.severity) == (status, severity)
    if status == "fail":
        assert "16 hours" in result.message and "£747" in result.message and "%" in result.message


def test_effort01_a_days_work_never_fails() -> None:
    # 1 x 500 words: 3 hours + 1 planning (£187), 2.3% of £8,000, but under a day's work.
    result = run("EFFORT-01", {"questions": questions(1), "contract_value_total": 8_000})
    assert result.status == "pass"


def test_effort01_lower_bound_without_questions_is_not_a_pass() -> None:
    result = run("EFFORT-01", {"contract_value_total": 1_000_000})
    assert result.status == "not-assessed"
    assert "questions" in result.missing


def test_effort01_value_from_annual_and_duration() -> None:
    facts = {
        "questions": questions(4),
        "contract_value_annual": 4_000,
        "contract_duration_months": 24,
    }
    assert run("EFFORT-01", facts).status == "fail"  # £747 of £8,000


# --- EFFORT-02 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "annual", "status"),
    [
        (10_000, 100_000, "pass"),
        (10_001, 100_000, "fail"),  # both tests bite at 10,000 here
        (20_000, 600_000, "pass"),
        (60_001, 600_000, "fail"),
        (10_001, 499_999, "fail"),
        (10_001, 500_000, "pass"),
    ],
)
def test_effort02_boundaries(words: int, annual: int, status: str) -> None:
    facts = {"total_word_limit": words, "contract_value_annual": annual}
    assert run("EFFORT-02", facts).status == status


def test_effort02_words_from_questions() -> None:
    facts = {"questions": questions(44, 1000), "contract_value_annual": 350_000}
    result = run("EFFORT-02", facts)
    assert result.status == "fail"
    assert "44,000 words" in result.message


def test_effort02_missing() -> None:
    result = run("EFFORT-02", {"contract_value_annual": 100_000})
    assert result.status == "not-assessed"
    assert result.missing == ["total_word_limit"]


# --- EFFORT-03 ---------------------------------------------------------------------------------------


def test_effort03_price_questions_need_no_limit() -> None:
    qs = [*questions(2), {"id": "P1", "text": "Price", "scored": True, "topic": "price"}]
    assert run("EFFORT-03", {"questions": qs}).status == "pass"


def test_effort03_page_limit_counts() -> None:
    qs = [{"id": "Q1", "text": "Approach", "page_limit": 2, "scored": True, "topic": "quality"}]
    assert run("EFFORT-03", {"questions": qs}).status == "pass"


def test_effort03_unscored_questions_ignored() -> None:
    qs = [{"id": "Q1", "text": "Company details", "scored": False}]
    assert run("EFFORT-03", {"questions": qs}).status == "pass"


def test_effort03_no_questions() -> None:
    assert run("EFFORT-03", {}).status == "not-assessed"
    assert run("EFFORT-03", {"award_method": "price_only"}).status == "pass"


# --- EFFORT-04 ---------------------------------------------------------------------------------------


def test_effort04_above_threshold_not_applicable() -> None:
    facts = {"above_threshold": True, "presentations": [{"kind": "presentation"}]}
    assert run("EFFORT-04", facts).status == "not-applicable"


def test_effort04_optional_interview_is_not_a_demand() -> None:
    facts = {"above_threshold": False, "presentations": [{"kind": "interview", "mandatory": False}]}
    assert run("EFFORT-04", facts).status == "pass"


def test_effort04_mandatory_site_visit() -> None:
    result = run("EFFORT-04", {"above_threshold": False, "site_visit": {"mandatory": True}})
    assert result.status == "fail"
    assert "mandatory site visit" in result.message


def test_effort04_threshold_unknown() -> None:
    result = run("EFFORT-04", {"presentations": [{"kind": "presentation"}]})
    assert result.status == "not-assessed"
    assert "above_threshold" in result.missing


def test_effort04_unread_mention() -> None:
    result = run(
        "EFFORT-04",
        {"above_threshold": False},
        text=("Bidders will be required to attend an interview.",),
    )
    assert result.status == "not-assessed"


# --- EFFORT-05 ---------------------------------------------------------------------------------------


def test_effort05_winner_only_is_fine() -> None:
    text = (
        "The preferred bidder must provide a copy of its insurance certificates.",
        "Copies of accounts will be requested on award.",
    )
    assert run("EFFORT-05", text=text).status == "pass"


def test_effort05_counts_fact_and_copy_attachments() -> None:
    facts = {
        "evidence_at_bid_stage": ["Enclose a copy of your ISO 9001 certificate."],
        "attachments_demanded": [
            {"item": "policy", "quote": "Please provide a copy of your safeguarding policy."},
            {"item": "CV", "quote": "Attach CVs of key staff."},
        ],
    }
    result = run("EFFORT-05", facts)
    assert result.status == "fail"
    assert result.message.startswith("2 item(s)")


def test_effort05_empty_pack() -> None:
    assert run("EFFORT-05", {}).status == "not-assessed"


# --- EFFORT-07 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pages", "value", "status"),
    [
        (5, 1_000, "pass"),  # short packs never fail
        (11, 10_000, "fail"),  # 11 pages per £10,000
        (10, 10_000, "pass"),
    ],
)
def test_effort07_pages(pages: int, value: int, status: str) -> None:
    facts = {"pack_pages": pages, "contract_value_total": value}
    assert run("EFFORT-07", facts).status == status


def test_effort07_large_contract_not_applicable() -> None:
    facts = {"pack_pages": 400, "contract_value_total": 100_000}
    assert run("EFFORT-07", facts).status == "not-applicable"


def test_effort07_needs_value() -> None:
    assert run("EFFORT-07", {"pack_pages": 40}).status == "not-assessed"


def test_effort05_prohibition_is_not_a_demand() -> None:
    text = ("Bidders must not attach marketing material, policies or other documents.",)
    assert run("EFFORT-05", text=text).status == "pass"
    text = ("Bidders must enclose a copy of their safeguarding policy.",)
    assert run("EFFORT-05", text=text).status == "fail"


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        # a paid third-party report, asked of every bidder (labelled ITT question numbering kept)
        ("A-5 Please provide an up to date Dun and Bradstreet or an equivalent report.", "fail"),
        ("Bidders must submit a credit check report with their tender.", "fail"),
        # the buyer runs its own check, or asks only the winner
        ("The Council will obtain a Dun and Bradstreet report on each bidder.", "pass"),
        ("The preferred bidder must provide a credit check report.", "pass"),
    ],
)
def test_effort05_paid_credit_report_from_every_bidder(sentence: str, status: str) -> None:
    from tendercheck.documents.model import Block, Document, TenderPack
    from tendercheck.nlp import analyse

    blocks = [
        Block(kind="heading", text="Business questionnaire", level=1),
        Block(kind="paragraph", text=sentence),
    ]
    doc = Document(name="itt.docx", format="docx", blocks=blocks).finish()
    result = evaluate_rule(analyse(TenderPack(documents=[doc])), RULES["EFFORT-05"])
    assert result.status == status
