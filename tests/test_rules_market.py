"""MARKET rules on hand-built analyses: boundaries, applicability, missing facts."""

from __future__ import annotations

import pytest

from tests.helpers import rule_on_docx
from tests.test_rules_spec import build, run, spec_at, spec_blocks

PLAIN = [("paragraph", "The Council invites tenders for a home care service.")]


# --- MARKET-01 ----------------------------------------------------------------------------------


def test_market_01():
    assert run("MARKET-01", build(PLAIN)).status == "fail"
    assert run("MARKET-01", build(PLAIN, {"market_engagement": True})).status == "pass"
    denied = [("paragraph", "No market engagement has taken place.")]
    result = run("MARKET-01", build(denied))
    assert result.status == "fail" and result.evidence  # the denial is quoted
    reason = [("paragraph", "No market engagement took place as the service was tested in 2025.")]
    assert run("MARKET-01", build(reason)).status == "pass"


# --- MARKET-02 ----------------------------------------------------------------------------------

MULTI = spec_blocks("The contractor will provide cleaning at 14 sites across the county.")


def test_market_02():
    assert run("MARKET-02", build(MULTI, {"spec_start": spec_at(), "lots": 1})).status == "fail"
    assert (
        run("MARKET-02", build(MULTI, {"spec_start": spec_at()})).status == "fail"
    )  # no lots mentioned
    assert run("MARKET-02", build(MULTI, {"spec_start": spec_at(), "lots": 2})).status == "pass"
    assert (
        run("MARKET-02", build(MULTI, {"lots": 1, "lots_reason": "one integrated team"})).status
        == "pass"
    )
    single = spec_blocks("The contractor will clean the town hall.")
    assert (
        run("MARKET-02", build(single, {"spec_start": spec_at(), "lots": 1})).status
        == "not-applicable"
    )
    lots_text = [*MULTI, ("paragraph", "Lot 1 covers the north and Lot 2 the south.")]
    assert run("MARKET-02", build(lots_text, {"spec_start": spec_at()})).status == "pass"


# --- MARKET-03 ----------------------------------------------------------------------------------


def test_market_03():
    assert run("MARKET-03", build(PLAIN, {"tupe": True})).status == "fail"
    assert run("MARKET-03", build(PLAIN, {"tupe": True, "tupe_information": True})).status == "pass"
    eli = [("paragraph", "Employee liability information is in Annex C.")]
    assert run("MARKET-03", build(eli, {"tupe": True})).status == "pass"
    assert run("MARKET-03", build(PLAIN, {"incumbent": "Acme Care Ltd"})).status == "fail"
    incumbent_ok = {"incumbent": "Acme Care Ltd", "current_contract_value": 250_000}
    assert run("MARKET-03", build(PLAIN, incumbent_ok)).status == "pass"
    assert (
        run("MARKET-03", build(PLAIN, {"tupe": False, "incumbent": False})).status
        == "not-applicable"
    )
    result = run("MARKET-03", build(PLAIN, {"tupe": False}))
    assert result.status == "not-assessed" and result.missing == ["incumbent"]


# --- MARKET-04 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        ({"payment_terms_days": 30, "payment_flow_down": True}, "pass"),
        ({"payment_terms_days": 31, "payment_flow_down": True}, "fail"),
        ({"payment_terms_days": 30, "payment_flow_down": False}, "fail"),
        ({"payment_terms_days": 30}, "not-assessed"),
        ({"payment_terms_days": 45}, "fail"),
        ({}, "not-assessed"),
    ],
)
def test_market_04(facts, status):
    assert run("MARKET-04", build(PLAIN, facts)).status == status


# --- MARKET-05 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        ({"payment_by_results": True}, "fail"),
        ({"payment_by_results": True, "payment_upfront": True}, "pass"),
        ({"payment_by_results": False, "payment_in_arrears": "quarterly"}, "fail"),
        (
            {
                "payment_by_results": False,
                "payment_in_arrears": "annually",
                "payment_upfront": True,
            },
            "pass",
        ),
        ({"payment_by_results": False, "payment_in_arrears": "monthly"}, "pass"),
        ({"payment_by_results": False}, "not-assessed"),
        ({}, "not-assessed"),
    ],
)
def test_market_05(facts, status):
    assert run("MARKET-05", build(PLAIN, facts)).status == status


# --- MARKET-06 ----------------------------------------------------------------------------------


def test_market_06():
    assert (
        run("MARKET-06", build(PLAIN, {"unpaid_work": ["Free pilot for three months."]})).status
        == "fail"
    )
    # The rule reads the unpaid_work fact only: the extractor alone decides what unpaid work
    # is (tests/test_facts_terms.py), so wording the extractor rejects cannot fail the rule.
    extras = [("paragraph", "Training will be provided free of charge.")]
    assert run("MARKET-06", build(extras)).status == "pass"
    assert run("MARKET-06", build(PLAIN, {"unpaid_work": []})).status == "pass"


def test_market_06_an_endeavours_duty_to_absorb_a_cost_is_not_unpaid_work(tmp_path) -> None:
    # a qualified duty to try to absorb a cost (what it cannot absorb is priced by variation)
    lines = [
        "Conditions of contract",
        "At handover the Provider shall use its reasonable endeavours to redeploy its existing "
        "team to brief the incoming provider without extra charge to the Council.",
    ]
    assert rule_on_docx(tmp_path, "MARKET-06", lines).status == "pass"
    # the same work demanded outright is unpaid work
    lines[1] = (
        "At handover the Provider shall brief the incoming provider without extra charge to the Council."
    )
    assert rule_on_docx(tmp_path, "MARKET-06", lines).status == "fail"


# --- MARKET-07 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        ({"framework_places": 20}, "pass"),
        ({"framework_places": 21}, "fail"),
        ({"framework_places": "unlimited"}, "fail"),
        ({"dps": True}, "fail"),
        ({"pre_qualification_stage": True}, "fail"),
        ({"pre_qualification_stage": True, "shortlist_max": 5}, "pass"),
        ({}, "not-applicable"),
    ],
)
def test_market_07(facts, status):
    assert run("MARKET-07", build(PLAIN, facts)).status == status


def test_market_07_lottery_and_unknown_places():
    lottery = [("paragraph", "Where more than 8 bidders qualify, 8 will be selected at random.")]
    assert run("MARKET-07", build(lottery, {"framework_places": 8})).status == "fail"
    framework = [("paragraph", "This framework agreement runs for four years.")]
    result = run("MARKET-07", build(framework))
    assert result.status == "not-assessed" and "framework_places" in result.missing


# --- MARKET-08 ----------------------------------------------------------------------------------


def test_market_08():
    assert run("MARKET-08", build(PLAIN)).status == "fail"
    assert (
        run("MARKET-08", build(PLAIN, {"sme_suitable": False})).status == "pass"
    )  # stated, even as no
    assert (
        run("MARKET-08", build(PLAIN, {"sme_vcse_suitability": False})).status == "fail"
    )  # "not stated"
    stated = [("paragraph", "This opportunity is suitable for small and medium-sized enterprises.")]
    assert run("MARKET-08", build(stated)).status == "pass"


# --- MARKET-09 ----------------------------------------------------------------------------------


def test_market_09():
    assert run("MARKET-09", build(PLAIN, {"document_fees": True})).status == "fail"
    fee = [("paragraph", "Bidders must pay a fee of £25 to register on the portal.")]
    assert run("MARKET-09", build(fee)).status == "fail"
    free = [("paragraph", "There is no fee for the tender documents.")]
    assert run("MARKET-09", build(free)).status == "pass"
    assert run("MARKET-09", build(PLAIN, {"document_fees": False})).status == "pass"


# --- MARKET-03 from a real .docx (a compare with else_patterns since k13c) -----------------------


def _market_03_docx(tmp_path, *lines: str):
    return rule_on_docx(tmp_path, "MARKET-03", ["Invitation to tender for home care.", *lines])


def test_market_03_from_a_docx_quotes_the_triggers_and_names_the_gaps(tmp_path) -> None:
    result = _market_03_docx(
        tmp_path,
        "TUPE is likely to apply to staff of the current provider.",
        "The current provider is Acme Care Ltd.",
    )
    assert result.status == "fail"
    assert result.message.startswith(
        "TUPE applies and an incumbent provider is named, but the pack does not give staff "
        "numbers and TUPE information (or when the list will be issued) and the current "
        "contract's value or a data room."
    )
    assert [(e.document, e.block) for e in result.evidence] == [("itt.docx", 1), ("itt.docx", 2)]


def test_market_03_a_data_room_in_the_text_stands_in_for_the_unread_facts(tmp_path) -> None:
    incumbent = "The service is currently delivered by Acme Care Ltd."
    bare = _market_03_docx(tmp_path, incumbent)
    assert (bare.status, [e.block for e in bare.evidence]) == ("fail", [1])
    assert bare.message.startswith(
        "an incumbent provider is named, but the pack does not give the current contract's "
        "value or a data room."
    )
    # Neither tupe_information nor current_contract_value is read from this sentence; the
    # rule's else_patterns read it.
    room = _market_03_docx(tmp_path, incumbent, "Bidders may visit the data room from 1 May.")
    assert (room.status, room.message) == (
        "pass",
        "an incumbent provider is named, and the information a new provider needs is given.",
    )


def _market_07_docx(tmp_path, *lines: str):
    return rule_on_docx(tmp_path, "MARKET-07", list(lines))


def test_market_07_from_a_docx_quotes_the_places_then_the_lottery(tmp_path) -> None:
    result = _market_07_docx(
        tmp_path,
        "Invitation to tender for a framework agreement for home care.",
        "The framework agreement will appoint up to 30 suppliers.",
        "Call-offs will be awarded by lottery among the suppliers.",
    )
    assert (result.status, result.message) == (
        "fail",
        "Winning a place may be worth little, or the odds are unclear: places are allocated by "
        "lottery or random selection; 30 places are offered (more than 20).",
    )
    # The fact's sentence, then the sentence that stood in for places_by_lottery.
    assert [(e.document, e.block) for e in result.evidence] == [("itt.docx", 1), ("itt.docx", 2)]


def test_market_07_a_framework_without_places_is_not_assessed_a_shortlist_fails(tmp_path) -> None:
    framework = _market_07_docx(
        tmp_path,
        "Invitation to tender for a framework agreement for home care.",
        "The framework agreement runs for four years.",
    )
    assert (framework.status, framework.missing) == ("not-assessed", ["framework_places"])
    shortlist = _market_07_docx(
        tmp_path,
        "Invitation to tender for home care.",
        "Suppliers passing the selection stage will be shortlisted and invited to tender.",
    )
    assert shortlist.status == "fail"
    assert shortlist.message.endswith(
        "the maximum number of bidders to be shortlisted is not stated."
    )
    assert [e.block for e in shortlist.evidence] == [1]
    plain = _market_07_docx(tmp_path, "Invitation to tender for home care.")
    assert (plain.status, plain.message) == (
        "not-applicable",
        "Not applicable: no framework, DPS or shortlist",
    )


def test_market_07_max_places_set_in_configuration_reaches_the_check() -> None:
    from tendercheck.engine import evaluate_rule, load_rules
    from tendercheck.engine.config import Config

    (rule,) = [r for r in load_rules() if r.id == "MARKET-07"]
    analysis = build(PLAIN, {"framework_places": 30})
    assert evaluate_rule(analysis, rule).status == "fail"
    looser = Config(thresholds={"MARKET-07": {"figures": {"max_places": 40}}})
    assert evaluate_rule(analysis, rule, looser).status == "pass"
