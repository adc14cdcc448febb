"""The generic kinds of tendercheck/engine/kinds_fact.py (issue 13): fact_count,
conflicting_values and demand_count. Each option changes the outcome, so a kind that ignored
it would fail here; the rules now made of them (TIME-05, EFFORT-03, EFFORT-05) are checked for
status, message and the places they quote."""

from __future__ import annotations

import pytest

from tendercheck.engine import evaluate_rule, load_rules
from tendercheck.engine.checks import CHECK_KINDS
from tendercheck.engine.model import Rule
from tendercheck.nlp.model import Fact
from tests.helpers import kind_rule
from tests.test_rules_time import make_analysis

RULES = {r.id: r for r in load_rules()}


def rule(kind: str, message: str = "{count}", **params) -> Rule:
    return kind_rule(kind, message, "EFFORT", **params)


def run(r: Rule, facts: dict | None = None, **kwargs):
    return evaluate_rule(make_analysis(facts, **kwargs), r)


# --- fact_count ----------------------------------------------------------------------------------

KPIS = [
    {"id": "K1", "text": "Visits made on time", "target": 95, "kind": "output"},
    {"id": "K2", "text": "Complaints answered", "kind": "output"},
    {"id": "K3", "text": "People helped into work", "target": 0, "kind": "outcome"},
    {"id": "K4", "text": "Staff trained", "kind": "input", "reported": False},
]


def test_fact_count_where_lacks_and_skip_choose_the_items() -> None:
    every = rule("fact_count", "{count}: {items}", fact="kpis", op="ge", value=1)
    assert run(every, {"kpis": KPIS}).message == "4: K1; K2; K3; K4"
    lacking = rule("fact_count", "{items}", fact="kpis", op="ge", value=1, lacks=["target"])
    assert run(lacking, {"kpis": KPIS}).message == "K2; K3; K4"  # a zero target is none
    where = rule(
        "fact_count", "{items}", fact="kpis", op="ge", value=1, lacks=["target"],
        where={"kind": "output"},
    )  # fmt: skip
    assert run(where, {"kpis": KPIS}).message == "K2"
    skip = rule(
        "fact_count", "{items}", fact="kpis", op="ge", value=1, lacks=["target"],
        skip={"kind": ["outcome"], "reported": [False]},
    )  # fmt: skip
    assert run(skip, {"kpis": KPIS}).message == "K2"


@pytest.mark.parametrize(("op", "value", "status"), [("ge", 2, "pass"), ("ge", 1, "fail"), ("lt", 2, "fail"), ("gt", 1, "pass")])  # fmt: skip
def test_fact_count_compares_the_count(op: str, value: int, status: str) -> None:
    r = rule("fact_count", fact="kpis", op=op, value=value, where={"kind": "input"})
    assert run(r, {"kpis": KPIS}).status == status


def test_fact_count_labels_width_joiner_and_more() -> None:
    r = rule(
        "fact_count", "{items}", fact="kpis", op="ge", value=1, label_width=2,
        max_names=2, names_joiner=" / ",
    )  # fmt: skip
    items = [{"text": "Alpha"}, {"text": "Beta"}, {"text": "Gamma"}]
    assert run(r, {"kpis": items}).message == "Al / Be …"


def test_fact_count_absent_missing_empty_and_empty_when() -> None:
    r = rule("fact_count", fact="kpis", op="ge", value=1)
    result = run(r, {})
    assert (result.status, result.missing) == ("not-assessed", ["kpis"])
    placeholder = run(r, {"kpis": Fact("kpis", None, placeholder=True)})
    assert placeholder.status == "not-assessed"
    assert run(rule("fact_count", fact="kpis", op="ge", value=1, absent_is="empty"), {}).status == (
        "pass"
    )
    when = rule(
        "fact_count", fact="kpis", op="ge", value=1,
        empty_when={"fact": "award_method", "op": "eq", "value": "price_only"},
    )  # fmt: skip
    assert run(when, {"award_method": "price_only"}).status == "pass"
    other = run(when, {"award_method": "most_advantageous"})
    assert (other.status, other.missing) == ("not-assessed", ["kpis"])
    # the test's own fact, when unknown, is not asked for: only the list is
    assert run(when, {}).missing == ["kpis"]


def test_fact_count_quotes_the_sentences_holding_the_items() -> None:
    text = ("The Council invites tenders.", "K2 Complaints answered within ten days.")
    r = rule("fact_count", fact="kpis", op="ge", value=1, lacks=["target"], where={"id": "K2"})
    result = run(r, {"kpis": KPIS}, text=text)
    assert [e.quote for e in result.evidence] == ["K2 Complaints answered within ten days."]
    elsewhere = run(r, {"kpis": KPIS}, text=("Nothing quotes it.",))
    assert [e.quote for e in elsewhere.evidence] == [f"kpis: {KPIS}"]  # where the fact was read


# --- conflicting_values ----------------------------------------------------------------------------


def conflicts(**params) -> Rule:
    return rule("conflicting_values", "{conflicts}", **params)


def test_conflicting_values_dates_by_day_then_time() -> None:
    r = conflicts(facts=["submission_deadline"], compare="dates")
    days = run(r, candidates={"submission_deadline": ["2026-04-13", "2026-04-15T12:00"]})
    assert days.status == "fail"
    assert days.message == "2 different submission deadlines (13 Apr 2026, 15 Apr 2026 12:00)"
    assert [e.quote for e in days.evidence] == [
        "submission_deadline: 2026-04-13",
        "submission_deadline: 2026-04-15T12:00",
    ]
    same = run(r, candidates={"submission_deadline": ["2026-04-13", "2026-04-13T12:00"]})
    assert same.status == "pass"
    times = run(r, candidates={"submission_deadline": ["2026-04-13T12:00", "2026-04-13T17:00"]})
    assert (
        times.message == "2 different submission deadlines (13 Apr 2026 12:00, 13 Apr 2026 17:00)"
    )


def test_conflicting_values_as_written_labels_and_wording() -> None:
    r = conflicts(
        facts=["contract_duration_months"],
        labels={"contract_duration_months": "contract term"},
        wording="{label}: {values} ({count})",
    )
    result = run(r, candidates={"contract_duration_months": [36, 36, 48]})
    assert result.message == "contract term: 36, 48 (2)"
    dated = conflicts(facts=["issue_date"], compare="dates")
    # "dates" leaves out a reading that is no date; "as_written" compares it
    assert run(dated, candidates={"issue_date": ["2026-03-02", "March"]}).status == "pass"
    written = conflicts(facts=["issue_date"])
    assert run(written, candidates={"issue_date": ["2026-03-02", "March"]}).status == "fail"


def test_conflicting_values_reads_only_document_readings() -> None:
    analysis = make_analysis(candidates={"issue_date": ["2026-03-02"]})
    supplied = Fact("issue_date", "2026-03-09", source="tender.toml")
    analysis.candidates["issue_date"].append(supplied)
    r = conflicts(facts=["issue_date"], compare="dates")
    assert evaluate_rule(analysis, r).status == "pass"


def test_conflicting_values_misread_as_and_needs() -> None:
    facts = {"clarification_deadline": "2025-12-29T12:00"}
    readings = {"submission_deadline": ["2026-01-02T12:00", "2025-12-29T12:00"]}
    plain = conflicts(facts=["submission_deadline"], compare="dates")
    assert run(plain, facts, candidates=readings).status == "fail"
    misread = conflicts(
        facts=["submission_deadline"], compare="dates",
        misread_as={"submission_deadline": "clarification_deadline"},
    )  # fmt: skip
    assert run(misread, facts, candidates=readings).status == "pass"
    needs = conflicts(facts=["issue_date"], needs=["submission_deadline"])
    result = run(needs, {})
    assert (result.status, result.missing) == ("not-assessed", ["submission_deadline"])
    assert run(conflicts(facts=["issue_date"]), {}).status == "pass"


def test_conflicting_values_table_values_must_be_text() -> None:
    problem = CHECK_KINDS["conflicting_values"].validate(
        {"facts": ["issue_date"], "misread_as": {"issue_date": 3}}
    )
    assert problem == ("misread_as.issue_date", "must be text")


# --- demand_count ----------------------------------------------------------------------------------

COPIES = dict(
    facts=["evidence_at_bid_stage"],
    filtered_facts=["attachments_demanded"],
    patterns=[r"\bcop(?:y|ies)\s+of\b"],
    unless=[r"\bsuccessful\s+bidder\b"],
)


def counted(**params) -> Rule:
    return rule("demand_count", "{count}: {examples}", **{**COPIES, **params})


def test_demand_count_counts_fact_items_and_matching_filtered_items_once() -> None:
    facts = {
        "evidence_at_bid_stage": ["Enclose a copy of your ISO 9001 certificate."],
        "attachments_demanded": [
            {"item": "policy", "quote": "Provide a copy of your safeguarding policy."},
            {"item": "CV", "quote": "Attach CVs of key staff."},  # no pattern: not counted
            {"item": "policy", "quote": "The successful bidder sends a copy of its policy."},
            {"item": "cert", "quote": "Enclose a  copy of your ISO 9001 certificate."},  # again
        ],
    }
    result = run(counted(), facts)
    assert result.status == "fail"
    assert result.message == (
        "2: “Enclose a copy of your ISO 9001 certificate.”; "
        "“Provide a copy of your safeguarding policy.”"
    )


def test_demand_count_min_count_examples_and_clip() -> None:
    facts = {"evidence_at_bid_stage": ["Enclose a copy of your insurance certificate.", "Two"]}
    assert run(counted(min_count=3), facts).status == "pass"
    assert run(counted(min_count=2), facts).status == "fail"
    short = run(counted(max_examples=1, clip=20), facts)
    assert short.message == "2: “Enclose a copy of…”"


def test_demand_count_reads_the_text_when_no_fact_was_produced() -> None:
    text = (
        "Bidders must enclose a copy of their safeguarding policy.",
        "The successful bidder must provide a copy of its insurance.",
        "Tenders are due at noon.",
    )
    result = run(counted(), text=text)
    assert result.status == "fail"
    assert [e.quote for e in result.evidence] == [text[0]]
    assert run(counted(), {}).status == "not-assessed"
    assert run(counted(), {}).missing == ["evidence_at_bid_stage"]


def test_demand_count_reader_must_exist() -> None:
    problem = CHECK_KINDS["demand_count"].validate({**COPIES, "reader": "bid_demands"})
    assert problem is not None and problem[0] == "reader"


def test_demand_count_text_reader_reads_the_clause_model() -> None:
    from tendercheck.documents.model import Block, Document, TenderPack
    from tendercheck.nlp import analyse

    blocks = [
        Block(kind="heading", text="Business questionnaire", level=1),
        Block(kind="paragraph", text="Bidders must enclose a copy of their safeguarding policy."),
        Block(kind="heading", text="Contract terms", level=1),
        Block(kind="paragraph", text="The Supplier shall keep a copy of each invoice."),
    ]
    doc = Document(name="itt.docx", format="docx", blocks=blocks).finish()
    analysis = analyse(TenderPack(documents=[doc]))
    for name in COPIES["facts"] + COPIES["filtered_facts"]:
        analysis.facts.pop(name, None)
    demands = evaluate_rule(analysis, counted())
    assert demands.status == "fail"
    assert [e.quote for e in demands.evidence] == [
        "Bidders must enclose a copy of their safeguarding policy."
    ]
    assert demands.message.startswith("1:")
    # a reader that reads duties under the contract counts the invoice copies too
    terms = evaluate_rule(analysis, counted(reader="contract_terms"))
    assert terms.message.startswith("2:")


# --- the rules made of them ----------------------------------------------------------------------


def test_time05_rule_names_both_deadlines_and_quotes_each() -> None:
    analysis = make_analysis(
        facts={"clarification_deadline": "2026-04-01T12:00"},
        candidates={"submission_deadline": ["2026-04-13T12:00", "2026-04-01T12:00", "2026-04-15"]},
    )
    result = evaluate_rule(analysis, RULES["TIME-05"])
    assert result.status == "fail"
    assert result.message.startswith(
        "The documents disagree: 2 different submission deadlines (13 Apr 2026 12:00, 15 Apr 2026)."
    )
    assert [e.quote for e in result.evidence] == [
        "submission_deadline: 2026-04-13T12:00",
        "submission_deadline: 2026-04-15",
    ]


def test_effort03_rule_names_the_unlimited_questions_where_they_are_asked() -> None:
    text = (
        "Q1 Describe your approach to delivering the service.",
        "Q2 Describe your staffing model (500 words).",
        "Q3 Describe how you will add social value to the district and to its people.",
    )
    questions = [
        {"id": "Q1", "text": "Describe your approach to delivering the service.", "scored": True},
        {"id": "Q2", "text": "Describe your staffing model", "word_limit": 500, "scored": True},
        {"text": "Describe how you will add social value to the district and to its people."},
        {"id": "P1", "text": "Complete the pricing schedule.", "topic": "price"},
        {"id": "U1", "text": "Upload your certificate.", "answer": "upload"},
    ]
    result = evaluate_rule(make_analysis({"questions": questions}, text=text), RULES["EFFORT-03"])
    assert result.status == "fail"
    assert result.message.startswith(
        "2 scored question(s) have no word or page limit (Q1, Describe how you will add social"
        " value to the district and t)."
    )
    assert [e.quote for e in result.evidence] == [text[0], text[2]]


def test_effort05_rule_counts_and_quotes_the_copies_demanded() -> None:
    text = (
        "Bidders must enclose a copy of their insurance certificates with the tender.",
        "The preferred bidder must provide a copy of its accounts before award.",
    )
    result = evaluate_rule(make_analysis(text=text), RULES["EFFORT-05"])
    assert result.status == "fail"
    assert result.message.startswith(
        "1 item(s) of evidence must be provided by every bidder with the tender (“Bidders must "
        "enclose a copy of their insurance certificates with the tender.”)."
    )
    assert [e.quote for e in result.evidence] == [text[0]]


def test_the_named_checks_these_kinds_replace_are_gone() -> None:
    from tendercheck.engine import named  # noqa: F401
    from tendercheck.engine.checks import NAMED_CHECKS

    for name in ("conflicting_dates", "unbounded_questions", "evidence_at_bid_stage"):
        assert name not in NAMED_CHECKS
    assert [RULES[i].check for i in ("TIME-05", "EFFORT-03", "EFFORT-05")] == [
        "conflicting_values",
        "fact_count",
        "demand_count",
    ]


def test_thresholds_set_a_new_kinds_option_and_it_reaches_the_check(tmp_path) -> None:
    import json

    from click.testing import CliRunner

    from tendercheck.cli import main

    doc = tmp_path / "t.md"
    doc.write_text(
        "# Invitation to tender\n\nBidders must enclose a copy of their insurance certificates "
        "with the tender.\n",
        encoding="utf-8",
    )

    def status() -> str:
        result = CliRunner().invoke(main, [str(doc), "-f", "json", "--no-cache"])
        assert result.exit_code in (0, 1), result.stderr
        return next(r for r in json.loads(result.output)["rules"] if r["id"] == "EFFORT-05")[
            "status"
        ]

    assert status() == "fail"
    (tmp_path / "tendercheck.toml").write_text('[thresholds."EFFORT-05"]\nmin_count = 2\n')
    assert status() == "pass"
