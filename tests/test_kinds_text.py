"""Issue 13, the generic check kinds over text and list facts (tendercheck.engine.kinds_text, and
the readability kind): each kind run from a small rule pack written here, on hand-built
analyses, so a kind that ignores one of its options fails a test."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

from tendercheck.engine import evaluate_rule
from tendercheck.engine.checks import CHECK_KINDS
from tendercheck.engine.loader import parse_pack
from tendercheck.engine.model import Rule, RuleResult
from tendercheck.errors import InputError
from tests.test_rules_spec import build, spec_at, spec_blocks


def rule(check: str, params: str, message: str = "{problem}", pass_message: str = "") -> Rule:
    """One rule of kind ``check`` with ``params`` (YAML), validated and given its defaults by
    the loader."""
    text = textwrap.dedent(
        """\
        pack: test
        description: kinds under test
        rules:
          - id: SPEC-99
            title: A rule under test
            category: SPEC
            severity: warning
            check: {check}
            params:
        {params}
            message: "{message}"
            pass_message: "{pass_message}"
            why: Because.
            fix: Fix it.
            source: Nowhere
            examples: {{fail: [a], pass: [b]}}
        """
    ).format(
        check=check,
        params=textwrap.indent(textwrap.dedent(params), " " * 6),
        message=message,
        pass_message=pass_message or "passed",
    )
    (parsed,) = parse_pack("test.yaml", text, CHECK_KINDS)
    return parsed


def run(r: Rule, facts: dict[str, Any], blocks=()) -> RuleResult:
    return evaluate_rule(build(list(blocks), facts), r)


# --- weighting -----------------------------------------------------------------------------------

QUALITY = """\
criterion: quality
name: quality
min_percent: 20
unstated: remainder
others: [price, social_value]
price_only: the contract is awarded on price alone
closing_wording: ", under {floor:g}%"
"""


@pytest.mark.parametrize(
    ("weights", "status", "message"),
    [
        ({"price": 80, "quality": 19}, "fail", "quality is weighted at 19%, under 20%"),
        ({"price": 80, "quality": 20}, "pass", "20"),
        # quality unstated: the remainder of price and social value
        ({"price": 85}, "fail", "quality is weighted at 15%, under 20%"),
        ({"price": 70, "social_value": 10}, "pass", "20"),
    ],
)
def test_weighting_compares_the_criterion_or_its_remainder_with_the_floor(
    weights, status, message
) -> None:
    r = rule("weighting", QUALITY, pass_message="{weight:g}")
    result = run(r, {"weightings": weights, "weightings_kind": "percent"})
    assert (result.status, result.message) == (status, message)


def test_weighting_unstated_zero_or_none() -> None:
    params = (
        "criterion: social_value\nname: social value\nmin_percent: 10\nothers: [price, quality]\n"
    )
    facts = {"weightings": {"price": 40, "quality": 60}}
    zero = run(rule("weighting", params + "unstated: zero\n"), facts)
    assert (zero.status, zero.message) == ("fail", "social value is weighted at 0%")
    none = run(rule("weighting", params), facts)
    assert none.status == "not-assessed"
    assert none.message == "Not assessed: the social value weighting is not stated"


def test_weighting_checks_each_lot_price_only_and_rank() -> None:
    r = rule("weighting", QUALITY)
    lots = {
        "weightings": {"price": 40, "quality": 60},
        "weightings_by_lot": {"Lot 1": {"price": 40, "quality": 60}, "Lot 2": {"price": 90}},
    }
    result = run(r, lots)
    assert (result.status, result.message) == ("fail", "Lot 2: quality 10%, under 20%")
    price_only = run(r, {"award_method": "price_only"})
    assert (price_only.status, price_only.message) == (
        "fail",
        "the contract is awarded on price alone",
    )
    ranked = run(r, {"weightings": {"price": 1, "quality": 2}, "weightings_kind": "rank"})
    assert ranked.status == "not-assessed" and "ranked" in ranked.message
    missing = run(r, {})
    assert missing.status == "not-assessed" and missing.missing == ["weightings"]


def test_weighting_adds_up_the_questions_of_its_topic() -> None:
    params = (
        "criterion: social_value\nname: social value\nmin_percent: 10\n"
        "question_topic: social_value\n"
    )
    questions = [
        {"id": "SV1", "text": "Local jobs.", "weighting": 6, "topic": "social_value"},
        {"id": "SV2", "text": "Carbon.", "weighting": 6, "topic": "social_value"},
        {"id": "SV3", "text": "Unscored.", "weighting": 50, "topic": "social_value",
         "scored": False},
        {"id": "Q1", "text": "Method.", "weighting": 40, "topic": "quality"},
    ]  # fmt: skip
    result = run(rule("weighting", params, pass_message="{weight:g}"), {"questions": questions})
    assert (result.status, result.message) == ("pass", "12")
    low = run(rule("weighting", params), {"questions": questions[:1]})
    assert (low.status, low.message) == ("fail", "social value is weighted at 6%")


def test_weighting_takes_the_first_severity_level_that_holds_and_its_arguments() -> None:
    params = """\
    criterion: social_value
    name: social value
    min_percent: 10
    severities:
      - severity: error
        basis: duty
        when: {fact: authority_type, op: eq, value: central}
      - severity: info
        basis: benchmark
    """
    r = rule("weighting", params, message="{problem} ({basis})")
    facts = {"weightings": {"social_value": 5}}
    central = run(r, {**facts, "authority_type": "central"})
    assert (central.severity, central.message) == (
        "error",
        "social value is weighted at 5% (duty)",
    )
    other = run(r, facts)  # authority type not known: the next level
    assert (other.severity, other.message) == ("info", "social value is weighted at 5% (benchmark)")


def test_weighting_severity_level_without_severity_is_a_load_error() -> None:
    params = "criterion: quality\nname: quality\nmin_percent: 20\nseverities: [{basis: x}]\n"
    with pytest.raises(InputError, match="severities"):
        rule("weighting", params)


# --- item_share ----------------------------------------------------------------------------------

PRESCRIPTIVE = """\
fact: requirement_statements
items_called: requirement statements
where: {kind: [input, method]}
op: gt
value: 0.5
min_items: 3
"""


def reqs(*kinds: str) -> list[dict]:
    return [{"quote": f"Requirement number {i} of the list.", "kind": k} for i, k in
            enumerate(kinds)]  # fmt: skip


def test_item_share_counts_items_matching_any_listed_value() -> None:
    r = rule("item_share", PRESCRIPTIVE, message="{count} of {total}: {share:.0%}")
    blocks = [("paragraph", q["quote"]) for q in reqs("input", "method", "outcome", "output")]
    over = run(r, {"requirement_statements": reqs("input", "method", "outcome")}, blocks)
    assert (over.status, over.message) == ("fail", "2 of 3: 67%")
    assert [e.quote for e in over.evidence] == [blocks[0][1], blocks[1][1]]  # the matching ones
    at = run(r, {"requirement_statements": reqs("input", "method", "outcome", "output")})
    assert at.status == "pass"  # 50% is not over 50%


def test_item_share_too_few_empty_and_missing() -> None:
    r = rule("item_share", PRESCRIPTIVE)
    few = run(r, {"requirement_statements": reqs("input", "input")})
    assert few.message == "Not assessed: fewer than 3 requirement statements to judge"
    assert run(r, {}).missing == ["requirement_statements"]
    empty = rule("item_share", PRESCRIPTIVE + "empty: not-applicable\n")
    assert run(empty, {"requirement_statements": []}).status == "not-applicable"


def test_item_share_evidence_of_the_others() -> None:
    params = """\
    fact: kpis
    items_called: KPIs
    where: {kind: outcome}
    op: eq
    value: 0
    evidence_of: others
    """
    r = rule("item_share", params, message="{count} of {total}")
    kpis = [{"quote": "KPI 1: calls answered in a day.", "kind": "output"},
            {"quote": "KPI 2: visits made each week.", "kind": "output"}]  # fmt: skip
    blocks = [("paragraph", k["quote"]) for k in kpis]
    result = run(r, {"kpis": kpis}, blocks)
    assert (result.status, result.message) == ("fail", "0 of 2")
    assert [e.quote for e in result.evidence] == [k["quote"] for k in kpis]
    kpis.append({"quote": "KPI 3: clients in work.", "kind": "outcome"})
    assert run(r, {"kpis": kpis}, blocks).status == "pass"


# --- item_text -----------------------------------------------------------------------------------

COMPLEX = """\
fact: questions
items_called: scored written questions
skip: {scored: [false], topic: [price]}
counts:
  marks: {pattern: '\\?', max: 2, says: "{n} questions in one"}
  and_or: {pattern: '\\band/or\\b', max: 1, says: "{n} and/or"}
max_words: 12
"""


def test_item_text_flags_counts_over_their_max_and_long_items() -> None:
    r = rule("item_text", COMPLEX, message="{count} of {total}: {items}")
    questions = [
        {"id": "Q1", "text": "Who? What? Why?"},
        {"id": "Q2", "text": "Who? What?"},
        {"id": "Q3", "text": "Staff and/or volunteers and/or partners."},
        {"id": "Q4", "text": "Describe your approach to recruiting, training and keeping your staff in each post."},
        {"id": "Q5", "text": "Who? What? Why? When?", "scored": False},
        {"id": "Q6", "text": "Who? What? Why? When?", "topic": "price"},
    ]  # fmt: skip
    result = run(r, {"questions": questions})
    assert result.status == "fail"
    assert result.message == ("3 of 4: Q1 (3 questions in one); Q3 (2 and/or); Q4 (13 words)")


def test_item_text_nothing_to_judge_and_missing() -> None:
    r = rule("item_text", COMPLEX)
    skipped = run(r, {"questions": [{"id": "P", "text": "Price?", "topic": "price"}]})
    assert skipped.message == "Not applicable: no scored written questions were found"
    assert run(r, {}).missing == ["questions"]


def test_item_text_count_without_its_parts_is_a_load_error() -> None:
    with pytest.raises(InputError, match=r"counts\.marks"):
        rule("item_text", "items_called: questions\ncounts: {marks: {pattern: 'x'}}\n")


# --- signal --------------------------------------------------------------------------------------

SIGNAL = """\
facts_true: [invited]
patterns: ['\\bSMEs?\\b']
require: ['\\bencourag\\w*']
negations: ['\\bnot\\s+permitted\\b']
reasons: ['\\bbecause\\b']
"""


@pytest.mark.parametrize(
    ("text", "facts", "status"),
    [
        ("Bidders are encouraged to use SMEs.", {}, "pass"),
        ("Bidders must list their SMEs.", {}, "fail"),  # no invitation: require unmet
        ("Sub-contracting to SMEs is not permitted, encouraged or not.", {}, "fail"),
        ("Using SMEs is not permitted because of security, though encouraged.", {}, "pass"),
        ("Tenders are due on Friday.", {"invited": True}, "pass"),
        ("Tenders are due on Friday.", {"invited": False}, "fail"),
    ],
)
def test_signal_facts_patterns_require_negations_reasons(text, facts, status) -> None:
    r = rule("signal", SIGNAL, message="absent", pass_message="“{quote}”")
    result = run(r, facts, [("paragraph", text)])
    assert result.status == status
    if status == "fail" and "not permitted" in text:
        assert [e.quote for e in result.evidence] == [text]  # the denial is shown


# --- readability ---------------------------------------------------------------------------------


def test_readability_reads_the_specification_and_the_scored_questions_together() -> None:
    r = rule(
        "readability",
        "scope: spec_and_questions\navg_words_max: 6\nmin_sentences: 4\n",
        message="{reasons}",
        pass_message="{avg_sentence_words:.1f}",
    )
    blocks = spec_blocks("We cut grass.", "We clear litter.")
    short = [{"id": "Q1", "text": "How will you cut it? Who will do it?"}]
    long = [{"id": "Q1", "text": "Describe in detail how you would plan, staff, equip and "
             "supervise every visit to every site across the borough."}]  # fmt: skip
    unscored = [{**long[0], "scored": False}, *short]
    facts = {"spec_start": spec_at()}
    assert run(r, {**facts, "questions": short}, blocks).message == "3.8"
    failed = run(r, {**facts, "questions": long + short}, blocks)
    assert failed.status == "fail"
    assert failed.message.startswith("sentences average 6.8 words (plain English: 6 or fewer)")
    assert run(r, {**facts, "questions": unscored}, blocks).status == "pass"
    few = run(r, {**facts, "questions": []}, blocks)
    assert few.message == (
        "Not assessed: fewer than 4 sentences in the specification and questions"
    )
    none = run(r, {}, blocks)
    assert none.missing == ["spec_start", "questions"]


@pytest.mark.parametrize(
    ("params", "status"),
    [("flesch_min: 90\n", "fail"), ("flesch_min: 20\n", "pass"),
     ("long_share_max: 0.1\nlong_words: 5\n", "fail"), ("long_share_max: 0.5\nlong_words: 5\n", "pass")],
)  # fmt: skip
def test_readability_thresholds(params, status) -> None:
    text = (
        "The organisation requires comprehensive implementation of methodologies. We cut "
        "grass. We clear litter. We fix gates. We paint walls."
    )
    r = rule("readability", "min_sentences: 5\n" + params)
    assert run(r, {}, [("paragraph", text)]).status == status


def test_readability_needs_a_threshold() -> None:
    with pytest.raises(InputError, match="avg_words_max"):
        rule("readability", "scope: all\n")


@pytest.mark.parametrize(
    ("issued", "severity"),
    [
        ("2020-12-31", "info"),
        ("2021-01-01", "warning"),
        ("2024-03-05", "warning"),
        (None, "warning"),
    ],
)
def test_social_02_is_mandatory_for_central_government_from_ppn_06_20_by_the_issue_date(
    issued, severity
) -> None:
    """Facts keep dates as text ("2024-03-05"); the pack's level compares with a date. The
    named check this replaced skipped the date test for text dates, so a 2019 central
    government pack was held to the mandatory minimum."""
    from tests.test_rules_spec import RULES

    facts = {"weightings": {"price": 35, "quality": 60, "social_value": 5},
             "authority_type": "central"}  # fmt: skip
    if issued:
        facts["issue_date"] = issued
    result = evaluate_rule(build([], facts), RULES["SOCIAL-02"])
    assert (result.status, result.severity) == ("fail", severity)
