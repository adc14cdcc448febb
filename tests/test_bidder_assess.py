"""The bidder's view: verdicts and specific gaps on the fixture tenders, the issue's £250k example,
corpus 01, and the verdict logic on hand-built analyses (boundaries, missing facts, risks).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path

import pytest

from tendercheck.bidder import assess_bid, load_profile
from tendercheck.bidder.profile import parse_profile
from tendercheck.engine.model import Result
from tendercheck.nlp.model import Evidence, Fact
from tests.test_rules_time import make_analysis

from .helpers import CORPUS, FIXTURES

TODAY = dt.date(2025, 12, 16)
PROFILES = FIXTURES / "profiles"
CHARNWOOD = CORPUS / "01_charnwood-bc_itt-services-template.docx"
READ = ("The Council invites tenders for the service.",)


# --- real packs through the whole pipeline ------------------------------------------------------


@functools.cache
def evaluated(path: str, annual_value: float | None = None):
    from tendercheck.engine import evaluate, load_rules
    from tendercheck.runner import CheckSettings, analyse_paths

    facts = {"annual_value": annual_value} if annual_value else {}
    analysis = analyse_paths([Path(path)], CheckSettings(facts=facts, today=TODAY))
    return analysis, evaluate(analysis, load_rules())


def bidder(path: Path | str, profile: str, **facts) -> dict:
    analysis, result = evaluated(str(path), **facts)
    view = assess_bid(analysis, result, load_profile(PROFILES / f"{profile}.toml"), TODAY)
    json.dumps(view)  # plain JSON: no dates, sets or objects left in it
    return view


def asked(view: dict, question: str) -> bool:
    """Whether the question was asked (each names the clause it is about after it)."""
    return any(q.startswith(f"{question} (About “") for q in view["clarification_questions"])


def gaps(view: dict) -> dict[str, dict]:
    return {g["requirement"]: g for g in view["eligibility_gaps"]}


ISSUE_TENDER = """\
# Invitation to tender: community befriending service

Northshire County Council invites tenders for a community befriending service. The estimated
value of the contract is £150,000 per annum for two years.

## Timetable

| Event | Date |
|---|---|
| Invitation to tender issued | 1 December 2025 |
| Deadline for receipt of tenders | 12:00 on 30 January 2026 |

## Specification

The provider will match volunteers with isolated older people and support weekly visits.

## Selection criteria

Bidders must have a minimum annual turnover of £250,000.
"""


def test_issue_example_turnover_gap_a_partner_can_close(tmp_path: Path) -> None:
    """A charity with £120k turnover, a tender demanding £250k: a gap a partner could meet."""
    tender = tmp_path / "befriending-itt.md"
    tender.write_text(ISSUE_TENDER, encoding="utf-8")
    view = bidder(tender, "tiny-charity")
    assert view["verdict"] == "partner"
    [gap] = view["eligibility_gaps"]
    assert gap["requirement"] == "Minimum turnover"
    assert (gap["asks"], gap["has"]) == ("£250,000 a year", "£120,000")
    assert gap["quote"] == "Bidders must have a minimum annual turnover of £250,000."
    assert gap["document"] == "befriending-itt.md"
    assert gap["partner_can_close"] is True
    assert gap["you_can_close"] is False
    assert "PA23 s.22(8)" in gap["note"]
    assert view["reasons"][0].startswith("Bid with a partner: you cannot meet 1 requirement(s)")
    assert view["clarification_questions"] == [
        "Would you accept a consortium or a parent company's turnover to meet the £250,000 "
        "turnover requirement? (About “Bidders must have a minimum annual turnover of "
        "£250,000.”, befriending-itt.md p.1.)"
    ]
    assert view["time"]["working_days_left"] == 30
    assert view["time"]["deadline"] == "2026-01-30T12:00"


def test_issue_example_with_consortia_forbidden(tmp_path: Path) -> None:
    tender = tmp_path / "befriending-itt.md"
    tender.write_text(ISSUE_TENDER + "\nBids from consortia will not be accepted.\n", "utf-8")
    view = bidder(tender, "tiny-charity")
    assert view["verdict"] == "no-bid"
    gap = gaps(view)["Minimum turnover"]
    assert gap["partner_can_close"] is False
    assert "The tender forbids consortium bids" in gap["note"]
    assert "s.22(8)–(9)" in gap["note"]
    assert view["reasons"][0] == (
        "Don't bid: you do not meet the minimum turnover requirement (£250,000 a year; you "
        "have £120,000) and the tender forbids relying on a partner to meet it."
    )
    assert any("s.22(8)" in q for q in view["clarification_questions"])


def test_council_cleaning_tiny_charity_walks_away() -> None:
    view = bidder(FIXTURES / "council-cleaning-itt.docx", "tiny-charity")
    assert view["verdict"] == "no-bid"
    assert view["reasons"][0] == (
        "Don't bid: the bid needs about 104.6 hours and you have 60: far more than you can give it."
    )
    found = gaps(view)
    assert list(found) == [
        "Minimum turnover",
        "Insurance: public liability",
        "Insurance: employer's liability",
        "Certification: ISO 9001",
        "Certification: CHAS",
        "Audited accounts",
        "Years of accounts",
        "Experience: local authority clients",
    ]
    turnover = found["Minimum turnover"]
    assert (turnover["asks"], turnover["has"], turnover["page"]) == ("£5m a year", "£120,000", 6)
    assert "£5,000,000" in turnover["quote"]
    assert "125 times the £40,000 annual value" in turnover["note"]
    public = found["Insurance: public liability"]
    assert (public["asks"], public["has"], public["close_by"]) == ("£10m", "£1m", "the deadline")
    assert "SUPPLIER-05" in public["note"]
    employers = found["Insurance: employer's liability"]
    assert employers["has"] == "no cover"
    assert "at least £5m anyway" in employers["note"]  # 4 employees: the law requires it
    iso = found["Certification: ISO 9001"]
    assert (iso["partner_can_close"], iso["you_can_close"]) == (True, False)
    assert "more than the 10 working days left" in iso["note"]
    assert found["Years of accounts"]["asks"] == "3 years of accounts"
    assert "local authorities" in found["Experience: local authority clients"]["quote"]
    assert [r["flag"] for r in view["risks"]] == [
        "TUPE", "incumbent", "payment terms", "unpaid work", "penalties", "short mobilisation",
    ]  # fmt: skip
    assert view["time"]["working_days_left"] == 10  # 17 Dec – 2 Jan less three bank holidays
    assert view["time"]["fit"] == "tight"
    questions = view["clarification_questions"]
    for expected in (
        "Would you accept a consortium or a parent company's turnover to meet the £5m turnover "
        "requirement?",
        "Could insurance be evidenced on award rather than with the bid?",
        "Will you accept an equivalent to ISO 9001?",
        "Will you accept an equivalent to CHAS?",
        "Will you pay invoices within 30 days, as PA23 s.68 requires?",
    ):
        assert asked(view, expected)
    # "TUPE information will be made available to the successful tenderer following award"
    # asks nothing of bidders: no question about it
    assert not asked(view, "Could you share the TUPE staff information (numbers, roles, pay, "
                     "pensions) before bids are due?")  # fmt: skip
    assert len(questions) == len(set(questions))


def test_council_cleaning_social_enterprise_partners() -> None:
    view = bidder(FIXTURES / "council-cleaning-itt.docx", "social-enterprise")
    assert view["verdict"] == "partner"
    assert list(gaps(view)) == [
        "Minimum turnover",
        "Insurance: public liability",
        "Insurance: employer's liability",
        "Certification: CHAS",  # holds ISO 9001:2015, which meets ISO 9001
    ]
    assert view["reasons"][0].startswith(
        "Bid with a partner: you cannot meet 2 requirement(s) alone (minimum turnover, "
        "certification: CHAS)"
    )
    assert (
        "Before the deadline: get public liability cover of £10m (you have £5m)." in view["reasons"]
    )
    assert view["effort"]["hours_fit"] == "ok"
    assert view["effort"]["cost"] == round(view["effort"]["hours"] / 7.5 * 350)


def test_council_cleaning_large_firm_bids() -> None:
    view = bidder(FIXTURES / "council-cleaning-itt.docx", "large-firm")
    assert view["verdict"] == "bid"
    assert view["eligibility_gaps"] == []
    assert view["reasons"][0].startswith("Bid: you meet every condition of participation found")


def test_nhs_wellbeing_tiny_charity_bids_and_buys_cover_on_award() -> None:
    view = bidder(FIXTURES / "nhs-community-wellbeing-spec.docx", "tiny-charity")
    assert view["verdict"] == "bid"
    found = gaps(view)
    assert list(found) == ["Insurance: public liability", "Insurance: professional indemnity"]
    for gap in found.values():
        assert (gap["you_can_close"], gap["close_by"]) == (True, "contract start")
        assert gap["note"].startswith("Needed only by contract start")
    reasons = view["reasons"]
    assert (
        "If you win, by contract start: get public liability cover of £2m (you have £1m)."
        in reasons
    )
    assert "The tender welcomes consortia or bids relying on partners." in reasons
    assert any(
        r.startswith("Not stated in the pack, so not checked: a minimum turnover") for r in reasons
    )
    assert view["effort"]["fit"] == "ok"
    assert view["risks"] == []
    assert view["time"]["fit"] == "ok"


def test_university_catering_forbids_consortia() -> None:
    view = bidder(FIXTURES / "university-catering-itt.pdf", "tiny-charity")
    assert view["verdict"] == "no-bid"
    turnover = gaps(view)["Minimum turnover"]
    assert (turnover["asks"], turnover["partner_can_close"]) == ("£200,000 a year", False)
    assert "Bids from consortia will not be accepted." in turnover["note"]
    assert view["reasons"][0] == (
        "Don't bid: you do not meet the minimum turnover requirement (£200,000 a year; you have "
        "£120,000) and the tender forbids relying on a partner to meet it."
    )
    assert {"payment by results", "payment in arrears", "performance bond"} <= {
        r["flag"] for r in view["risks"]
    }
    assert asked(view, "Could payment be monthly, or partly in advance?")


def test_university_catering_social_enterprise_bids() -> None:
    view = bidder(FIXTURES / "university-catering-itt.pdf", "social-enterprise")
    assert view["verdict"] == "bid"
    assert list(gaps(view)) == ["Insurance: product liability"]
    assert not any("s.22(8)" in q for q in view["clarification_questions"])  # nothing it blocks


@pytest.mark.corpus
def test_corpus_01_turnover_twice_the_annual_value() -> None:
    if not CHARNWOOD.is_file():
        pytest.skip(f"corpus document not available: {CHARNWOOD}")
    view = bidder(CHARNWOOD, "tiny-charity", annual_value=150_000)
    # the template leaves its deadline as a placeholder: a partner is needed, but when by?
    assert view["verdict"] == "cant-tell"
    assert [f.split(" (")[0] for f in view["find_out"]] == ["the submission deadline"]
    assert view["reasons"][0].startswith(
        "Can't tell yet: the pack does not say 1 thing(s) the decision rests on (find out: the "
        "submission deadline). So far: You cannot meet 1 requirement(s)"
    )
    turnover = gaps(view)["Minimum turnover"]
    assert turnover["asks"] == "£300,000 a year"
    assert turnover["note"].startswith("Worked out as 2 × the annual value 150,000.")
    assert "twice the annual estimated value" in turnover["quote"]
    assert gaps(view)["Insurance: public liability"]["close_by"] == "contract start"
    assert view["time"]["working_days_left"] is None
    assert (
        "The submission deadline is left as a placeholder in the pack, so the time left was "
        "not checked." in view["reasons"]
    )
    social = bidder(CHARNWOOD, "social-enterprise", annual_value=150_000)
    assert social["verdict"] == "cant-tell"
    assert "Minimum turnover" not in gaps(social)


# --- the verdict logic on hand-built analyses --------------------------------------------------

BASE = {
    "name": "Acorn Trust",
    "turnover": 100_000,
    "employees": 3,
    "years_trading": 2,
    "audited_accounts": False,
    "charity": True,
    "day_rate": 300,
    "hours_available": 60,
    "certifications": [],
    "experience": ["voluntary sector"],
    "insurance": {"public_liability": 1_000_000},
}
DEADLINE = {"submission_deadline": "2026-01-30T12:00"}  # 30 working days after TODAY
# What a verdict rests on besides the deadline: without them the verdict is "can't tell yet"
KNOWN = {
    **DEADLINE,
    "contract_value_total": 1_000_000,
    "spec_start": {"document": "itt.docx", "page": 3, "fraction": 0.1},
}


def org(**changes):
    data = {**BASE, **changes}
    return parse_profile({k: v for k, v in data.items() if v is not None})


def fake_result(hours: float) -> Result:
    effort = {
        "hours": hours,
        "breakdown": [{"item": "written answers", "quantity": 1, "hours": hours, "basis": "test"}],
        "parameters": {"hours_per_day": 7.5},
        "assumptions": [],
    }
    return Result(results=[], scores={}, effort=effort)


def assess(facts=None, profile=None, hours=10.0, today=TODAY, text=READ) -> dict:
    facts = {**KNOWN, **(facts or {})}
    analysis = make_analysis({k: v for k, v in facts.items() if v is not None}, text=text)
    view = assess_bid(analysis, fake_result(hours), profile or org(), today)
    json.dumps(view)
    return view


def fact(name, value, *quotes: str) -> Fact:
    return Fact(name, value, evidence=[Evidence("itt.docx", 4, "Selection", q) for q in quotes])


def test_nothing_stated_is_never_met_or_a_gap() -> None:
    view = assess(
        facts={"submission_deadline": None, "contract_value_total": None, "spec_start": None}
    )
    assert view["verdict"] == "cant-tell"
    assert [f.split(",")[0].split(" (")[0].split(":")[0] for f in view["find_out"]] == [
        "the contract value",
        "the submission deadline",
        "what is to be delivered",
    ]
    assert view["eligibility_gaps"] == []
    assert (
        "Not stated in the pack, so not checked: a minimum turnover; insurance levels; any "
        "required certification; a minimum time trading; what accounts are asked for; what "
        "experience or references are asked for." in view["reasons"]
    )
    assert (
        "The submission deadline is not stated in the pack, so the time left was not checked."
        in view["reasons"]
    )
    assert view["time"]["working_days_left"] is None
    assert view["effort"]["value_fit"] is None
    assert any("The contract value is not stated in the pack" in r for r in view["reasons"])


def test_placeholder_turnover_and_multiple_without_value() -> None:
    view = assess({"min_turnover": Fact("min_turnover", None, placeholder=True)})
    assert "the minimum turnover (left as a placeholder)" in view["reasons"][-1]
    view = assess({"min_turnover_multiple": 2, "min_turnover_basis": "annual"})
    assert view["eligibility_gaps"] == []
    assert "turnover demand (2× the annual value) could not be put in pounds" in view["reasons"][-1]


def test_turnover_met_is_no_gap() -> None:
    assert assess({"min_turnover": 100_000})["eligibility_gaps"] == []
    assert assess({"min_turnover": 100_001})["verdict"] == "partner"


def test_profile_without_insurance_is_not_checked() -> None:
    view = assess({"insurance": {"public_liability": 5_000_000}}, profile=org(insurance=None))
    assert view["eligibility_gaps"] == []
    assert view["reasons"][-1] == (
        "Your profile does not say, so not checked: the insurance you hold ([insurance])."
    )


@pytest.mark.parametrize(
    ("hours", "fit", "verdict"),
    [(45, "ok", "bid"), (50, "tight", "bid"), (60, "tight", "bid"), (61, "over", "partner"),
     (90, "over", "partner"), (90.5, "over", "no-bid")],
)  # fmt: skip
def test_effort_against_hours_available(hours: float, fit: str, verdict: str) -> None:
    view = assess(hours=hours)
    assert view["effort"]["hours_fit"] == fit
    assert view["verdict"] == verdict
    assert view["effort"]["cost"] == round(hours / 7.5 * 300)


def test_effort_against_contract_value() -> None:
    # 75 hours = 10 days at £300 = £3,000: 3% of £100,000 is "over", 1.5% of £200,000 "tight"
    view = assess({"contract_value_total": 100_000}, profile=org(hours_available=200), hours=75)
    effort = view["effort"]
    assert (effort["share_of_value"], effort["value_fit"], effort["fit"]) == (3.0, "over", "over")
    assert effort["expected_margin"] == 10_000
    assert view["verdict"] == "bid"  # the cost share is told, not a reason to walk away
    assert "it costs 3% of the contract value to bid" in view["reasons"][0]
    view = assess({"contract_value_total": 200_000}, profile=org(hours_available=200), hours=75)
    assert view["effort"]["value_fit"] == "tight"


def test_deadline_passed() -> None:
    view = assess({"submission_deadline": "2026-01-02T12:00"}, today=dt.date(2026, 1, 5))
    assert view["verdict"] == "no-bid"
    assert view["time"]["fit"] == "passed"
    assert view["time"]["working_days_left"] == -1
    assert view["reasons"][0] == "Don't bid: the submission deadline (2026-01-02) has passed."
    assert "Could the deadline be extended" not in " ".join(view["clarification_questions"])


def test_deadline_today_is_not_passed() -> None:
    view = assess({"submission_deadline": "2025-12-16T17:00"})
    assert (view["time"]["working_days_left"], view["time"]["fit"]) == (0, "tight")
    assert view["verdict"] == "bid"


def test_working_days_by_region() -> None:
    facts = {"submission_deadline": "2026-01-05"}
    monday = dt.date(2025, 12, 29)
    assert assess(facts, today=monday)["time"]["working_days_left"] == 4  # 1 Jan off
    scottish = assess(facts, profile=org(region="SCT"), today=monday)
    assert scottish["time"]["working_days_left"] == 3  # 1 and 2 Jan off


def test_clarification_deadline_passed_and_to_come() -> None:
    view = assess({"clarification_deadline": "2025-12-12"})
    assert (
        "The clarification deadline (12 December 2025) has passed: the buyer may not answer "
        "questions now." in view["reasons"]
    )
    view = assess({"clarification_deadline": "2026-01-16T12:00"})
    assert view["time"]["clarification_working_days_left"] == 20
    assert any(
        r.startswith("Ask your questions by the clarification deadline") for r in view["reasons"]
    )


def test_a_passed_clarification_deadline_reads_as_passed_in_every_format() -> None:
    from tendercheck.report.findings import bidder_sections
    from tendercheck.report.html_bidder import bidder_view

    view = assess({"clarification_deadline": "2025-12-12"})
    assert view["time"]["clarification_working_days_left"] < 0
    (line,) = [text for heading, text in bidder_sections(view) if heading == "Time"]
    assert "clarification deadline 2025-12-12 (passed " in line, line
    assert "working days ago)" in line and "away" not in line
    assert view["time"]["clarification_working_days_left"] == -int(
        line.split("(passed ")[1].split(" ")[0]
    )
    html = json.dumps(bidder_view(view), default=str)
    assert "working days ago)" in html and "working days away" not in html


def test_insurance_when_needed() -> None:
    cover = fact("insurance", {"public_liability": 5_000_000, "professional_indemnity": 2_000_000},
                 "Public liability £5,000,000", "Professional indemnity £2,000,000")  # fmt: skip
    view = assess({"insurance": cover})
    found = gaps(view)
    assert found["Insurance: public liability"]["quote"] == "Public liability £5,000,000"
    assert (
        found["Insurance: professional indemnity"]["quote"] == "Professional indemnity £2,000,000"
    )
    assert found["Insurance: public liability"]["note"].startswith("The pack does not say whether")
    assert asked(view, "Must insurance be in place when we bid, or only by contract start?")
    assert view["verdict"] == "bid"
    on_award = assess({"insurance": cover, "insurance_at_bid_stage": False})
    assert gaps(on_award)["Insurance: public liability"]["close_by"] == "contract start"
    assert on_award["clarification_questions"] == []


def test_employers_liability_not_needed_without_employees() -> None:
    facts = {"insurance": {"employers_liability": 5_000_000}, "insurance_sole_trader_exempt": True}
    view = assess(facts, profile=org(employees=0))
    assert view["eligibility_gaps"] == []
    assert any("not from organisations with no employees" in r for r in view["reasons"])
    assert gaps(assess(facts))["Insurance: employer's liability"]["has"] == "no cover"


def certs(*items) -> Fact:
    return fact(
        "certifications", [dict(i) for i in items], *(f"Must hold {i['name']}" for i in items)
    )


def test_certification_obtainable_in_time() -> None:
    view = assess({"certifications": certs({"name": "Cyber Essentials", "required": True})})
    gap = gaps(view)["Certification: Cyber Essentials"]
    assert (gap["you_can_close"], gap["close_by"]) == (True, "the deadline")
    assert view["verdict"] == "bid"
    assert (
        "Before the deadline: get Cyber Essentials, which typically takes about 1 week(s)."
        in view["reasons"]
    )


def test_certification_not_in_time_needs_a_partner() -> None:
    view = assess({"certifications": certs({"name": "ISO 9001", "required": True})})
    gap = gaps(view)["Certification: ISO 9001"]
    assert (gap["you_can_close"], gap["partner_can_close"]) == (False, True)
    assert gap["quote"] == "Must hold ISO 9001"
    assert view["verdict"] == "partner"
    assert view["clarification_questions"] == [
        "Will you accept an equivalent to ISO 9001? (About “Must hold ISO 9001”, itt.docx p.4.)"
    ]
    held = assess(
        {"certifications": certs({"name": "ISO 9001"})},
        profile=org(certifications=["BS EN ISO 9001:2015"]),
    )
    assert held["eligibility_gaps"] == []


def test_certification_in_plus_form_and_equivalents() -> None:
    plus = certs({"name": "Cyber Essentials Plus", "required": True})
    assert gaps(assess({"certifications": plus}, profile=org(certifications=["Cyber Essentials"])))
    assert not gaps(
        assess({"certifications": plus}, profile=org(certifications=["Cyber Essentials Plus"]))
    )
    equivalent = certs({"name": "CHAS", "required": True, "equivalent_accepted": True})
    # an equivalent may be what the organisation has under another name, or (of a
    # management-system standard) its own documented system: only it can say, so no gap
    quality = certs({"name": "ISO 9001", "required": True, "equivalent_accepted": True})
    view = assess({"certifications": quality}, profile=org(certifications=[]))
    assert view["eligibility_gaps"] == []
    assert (
        "ISO 9001 is asked for, or an equivalent: be ready to show that what you have is "
        "equivalent, or get ISO 9001." in view["reasons"]
    )
    # a scheme's equivalent is another scheme's certificate: holding none, that is a gap,
    # one it can close, with no question about equivalents and no s.56 charge
    view = assess({"certifications": equivalent}, profile=org(certifications=[]))
    gap = gaps(view)["Certification: CHAS"]
    assert gap["asks"] == "CHAS or an equivalent" and gap["you_can_close"] is True
    assert "s.56" not in gap["note"] and "equivalent scheme's certificate" in gap["note"]
    assert not any("equivalent to CHAS" in q for q in view["clarification_questions"])
    view = assess({"certifications": equivalent}, profile=org(certifications=["SafeContractor"]))
    assert view["eligibility_gaps"] == []
    assert (
        "CHAS is asked for, or an equivalent: be ready to show that what you have is "
        "equivalent." in view["reasons"]
    )
    optional = certs({"name": "Trusted Charity", "required": False})
    assert assess({"certifications": optional})["eligibility_gaps"] == []


def test_partnering_forbidden_blocks_what_only_a_partner_could_close() -> None:
    facts = {
        "certifications": certs({"name": "ISO 9001", "required": True}),
        "reliance_on_others_allowed": fact(
            "reliance_on_others_allowed", False, "You may not rely on others."
        ),
    }
    view = assess(facts)
    assert view["verdict"] == "no-bid"
    assert view["reasons"][0] == (
        "Don't bid: you do not meet the certification: ISO 9001 requirement (ISO 9001 (no "
        "equivalent accepted); you have not held) and the tender forbids relying on a partner, "
        "and it cannot be had in time."
    )
    gap = gaps(view)["Certification: ISO 9001"]
    assert (
        'relying on other organisations\' capacity ("You may not rely on others.")' in gap["note"]
    )


def test_accounts_and_years_trading() -> None:
    facts = {
        "audited_accounts_required": True,
        "accounts_years_required": 3,
        "years_trading_required": 3,
    }
    found = gaps(assess(facts))
    assert found["Audited accounts"]["has"] == "accounts not audited"
    assert (
        "Many small charities are not required to have an audit"
        in found["Audited accounts"]["note"]
    )
    assert (found["Years of accounts"]["asks"], found["Years of accounts"]["has"]) == (
        "3 years of accounts",
        "2 years",
    )
    assert "SUPPLIER-04" in found["Years trading"]["note"]
    alternative = assess({**facts, "accounts_alternative": True})
    assert list(gaps(alternative)) == ["Years trading"]
    assert (
        "Audited accounts are asked for, but the pack offers alternatives."
        in alternative["reasons"]
    )
    audited = assess(facts, profile=org(audited_accounts=True, years_trading=5))
    assert audited["eligibility_gaps"] == []


@pytest.mark.parametrize(
    ("kind", "quote", "experience", "gap"),
    [
        ("public_sector_only", "Three contracts delivered for local authorities.", ["council contracts"], None),
        ("public_sector_only", "Three contracts delivered for local authorities.", ["voluntary sector"], "Experience: local authority clients"),
        ("public_sector_only", "Two NHS contracts in the last three years.", ["local authority"], "Experience: NHS clients"),
        ("public_sector_only", "Two public sector contracts.", ["housing association"], None),
        ("previous_contract_with_authority", "A previous contract with the Council.", ["public sector"], "Experience: a previous contract with this buyer"),
        ("previous_contract_with_authority", "A previous contract with the Council.", ["this authority"], None),
        ("years_experience", "At least five years' experience of advocacy.", ["advocacy"], "Years of experience"),
        ("years_experience", "At least 2 years' experience of advocacy.", ["advocacy"], None),
        ("references", "Two references for similar work.", [], "References for similar work"),
        ("references", "Two references for similar work.", ["befriending"], None),
    ],
)  # fmt: skip
def test_experience_demands(kind: str, quote: str, experience: list[str], gap: str | None) -> None:
    demands = fact("experience_demands", [{"kind": kind, "quote": quote}], quote)
    view = assess({"experience_demands": demands}, profile=org(experience=experience))
    assert list(gaps(view)) == ([gap] if gap else [])
    if gap:
        assert gaps(view)[gap]["quote"] == quote
        assert gaps(view)[gap]["partner_can_close"] is True


def test_risk_flags_quote_their_clauses() -> None:
    facts = {
        "tupe": fact("tupe", True, "TUPE will apply."),
        "tupe_information": False,
        "incumbent": fact("incumbent", "Acme Care Ltd", "The service is run by Acme Care Ltd."),
        "payment_by_results": True,
        "payment_terms_days": fact("payment_terms_days", 45, "We pay within 45 days."),
        "payment_in_arrears": "quarterly",
        "unpaid_work": ["a free pilot", "mobilisation at no cost"],
        "bonds_guarantees": fact("bonds_guarantees", ["parent_company_guarantee", "performance_bond"],
                                 "A performance bond of 10% is required.", "A parent company guarantee is required."),
        "penalties": True,
        "mobilisation_weeks": 2,
    }  # fmt: skip
    view = assess(facts)
    flags = {r["flag"]: r for r in view["risks"]}
    assert list(flags) == [
        "TUPE", "incumbent", "payment by results", "payment terms", "payment in arrears",
        "unpaid work", "parent company guarantee", "performance bond", "penalties",
        "short mobilisation",
    ]  # fmt: skip
    assert flags["TUPE"]["quote"] == "TUPE will apply."
    assert "not given before bids are due" in flags["TUPE"]["detail"]
    assert flags["incumbent"]["detail"].startswith("Acme Care Ltd runs the service now")
    assert flags["payment terms"]["quote"] == "We pay within 45 days."
    assert flags["parent company guarantee"]["quote"] == "A parent company guarantee is required."
    assert flags["performance bond"]["quote"] == "A performance bond of 10% is required."
    assert flags["unpaid work"]["detail"].startswith("2 piece(s) of work")
    assert "Only 2.0 weeks" in flags["short mobilisation"]["detail"]
    assert view["verdict"] == "bid"  # risks inform; they do not decide
    assert asked(view, "Could the start date allow at least four weeks from award?")


def test_no_risk_from_monthly_or_upfront_payment_and_30_days() -> None:
    facts = {
        "payment_terms_days": 30,
        "payment_in_arrears": "monthly",
        "tupe": False,
        "incumbent": False,
    }
    assert assess(facts)["risks"] == []
    upfront = {"payment_in_arrears": "quarterly", "payment_upfront": True}
    assert assess(upfront)["risks"] == []


def test_mobilisation_from_award_and_start_dates() -> None:
    view = assess({"award_date": "2026-03-02", "contract_start": "2026-03-16"})
    [risk] = view["risks"]
    assert risk["flag"] == "short mobilisation"
    assert risk["quote"] == "contract_start: 2026-03-16"
    assert assess({"award_date": "2026-03-02", "contract_start": "2026-04-01"})["risks"] == []
