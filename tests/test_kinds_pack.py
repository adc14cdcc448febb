"""Issue 13, the kinds of tendercheck/engine/kinds_pack.py (spec_overlap, item_match): the four
rules on them (SPEC-09, SOCIAL-05, OUTCOME-03, OUTCOME-06) run on real .docx files through the
whole pipeline, and each option of the kinds on a small rule pack over hand-built analyses, so
a kind that ignores an option fails a test."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tendercheck.engine import evaluate_rule, load_rules
from tendercheck.engine.model import RuleResult
from tests.test_kinds_text import rule, run
from tests.test_rules_spec import q, spec_at, spec_blocks

RULES = {r.id: r for r in load_rules()}

PARKS = (
    "The contractor will cut grass, prune hedges and clear litter in the parks and cemeteries "
    "of the borough. Grass cutting runs fortnightly from March to October. Hedges are pruned "
    "twice a year."
)


def docx_pack(tmp_path: Path, paragraphs: list[tuple[str | None, str]], table=()) -> Path:
    """A real .docx: (style, text) paragraphs, then a table whose first row is its header."""
    import docx

    document = docx.Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "tender.docx"
    path.write_bytes(buffer.getvalue())
    return path


def check(path: Path, rule_id: str) -> RuleResult:
    from tendercheck.documents import read_pack
    from tendercheck.nlp import analyse

    return evaluate_rule(analyse(read_pack([path]), []), RULES[rule_id])


QUESTIONS = [
    ("No.", "Question", "Weighting", "Word limit"),
    (
        "Q1",
        "Describe your cyber security controls for protecting confidential patient data on "
        "your cloud servers.",
        "20%",
        "500",
    ),
    (
        "Q2",
        "Describe how you will schedule grass cutting and hedge pruning across the parks and "
        "cemeteries.",
        "20%",
        "500",
    ),
]


# --- the four rules, from real documents ---------------------------------------------------------


def test_spec_09_flags_the_unrelated_question_and_quotes_it(tmp_path: Path) -> None:
    path = docx_pack(
        tmp_path,
        [("Heading 1", "Specification"), (None, PARKS), ("Heading 1", "Quality questions")],
        QUESTIONS,
    )
    result = check(path, "SPEC-09")
    assert result.status == "fail"
    assert "(1 of 2;" in result.message and "Q1 (0%)" in result.message
    assert "Q2" not in result.message
    (where,) = result.evidence
    assert where.document == "tender.docx" and "cyber security controls" in where.quote


def test_social_05_pools_the_asks_and_quotes_them(tmp_path: Path) -> None:
    unrelated = (
        "Social value question: describe your corporate carbon offsetting programme and your "
        "national charity partnerships (10%, 500 words)."
    )
    related = (
        "Social value question: describe how you will recruit local unemployed residents to cut "
        "grass and clear litter in the borough's parks (10%, 500 words)."
    )
    for ask, status in ((unrelated, "fail"), (related, "pass")):
        path = docx_pack(
            tmp_path,
            [
                ("Heading 1", "Specification"),
                (None, PARKS),
                ("Heading 1", "Social value"),
                (None, ask),
            ],
        )
        result = check(path, "SOCIAL-05")
        assert result.status == status, result.message
        if status == "fail":
            assert "only 0% of their content words" in result.message
            assert "carbon offsetting" in result.evidence[0].quote
        else:
            assert "shared words: cut, grass, clear, litter, parks)" in result.message


def test_outcome_03_flags_the_outcome_no_question_takes_up(tmp_path: Path) -> None:
    outcome = (
        "The service will reduce the number of older residents admitted to hospital after a fall."
    )
    table = [
        ("No.", "Question", "Weighting", "Word limit"),
        ("Q1", "Describe your staff recruitment and training.", "30%", "500"),
    ]
    path = docx_pack(
        tmp_path,
        [("Heading 1", "Specification"), (None, outcome), ("Heading 1", "Quality questions")],
        table,
    )
    result = check(path, "OUTCOME-03")
    assert result.status == "fail"
    assert "(1 of 1)" in result.message and "older residents admitted to hosp…”" in result.message
    assert result.evidence[0].quote.startswith("The service will reduce the number")


def test_outcome_06_flags_the_condition_no_outcome_needs(tmp_path: Path) -> None:
    path = docx_pack(
        tmp_path,
        [
            ("Heading 1", "Specification"),
            (None, "Young people will gain the confidence to find work."),
            (None, "The provider must have an office based in the town centre."),
            (None, "The provider shall use mock interviews to build young people's confidence."),
        ],
    )
    result = check(path, "OUTCOME-06")
    assert result.status == "fail"
    assert "(1 of 2)" in result.message and "office based in the town centre" in result.message
    (where,) = result.evidence
    assert where.quote == "The provider must have an office based in the town centre."


# --- spec_overlap options --------------------------------------------------------------------------

SPEC = spec_blocks("The contractor will cut grass, prune hedges and clear litter in the parks.")
CYBER = q("Describe your cyber security controls for confidential patient records.", id="Q1")
HEDGES = q("How will you schedule hedge pruning and litter picking in parks?", id="Q2")
OVERLAP = """\
items: [{fact: questions, skip: {topic: price}}]
min_overlap: 0.3
none_detail: no questions
items_called: questions
"""


def test_spec_overlap_judges_each_item_or_all_together() -> None:
    facts = {"spec_start": spec_at(), "questions": [CYBER, HEDGES]}
    each = run(rule("spec_overlap", OVERLAP, "{count} of {total}: {items}"), facts, SPEC)
    assert each.status == "fail" and each.message == "1 of 2: Q1 (0%)"
    together = rule("spec_overlap", OVERLAP + "judge: together\n", "{share:.0%}", "{shared}")
    pooled = run(together, facts, SPEC)
    assert pooled.status == "pass" and pooled.message == "hedge, pruning, litter, parks"
    alone = run(together, {"spec_start": spec_at(), "questions": [CYBER]}, SPEC)
    assert alone.status == "fail" and alone.message == "0%"


def test_spec_overlap_where_and_skip_choose_the_items() -> None:
    price = q(CYBER["text"], topic="price")
    facts = {"spec_start": spec_at(), "questions": [price, HEDGES]}
    assert run(rule("spec_overlap", OVERLAP), facts, SPEC).status == "pass"  # price skipped
    only_price = OVERLAP.replace("skip: {topic: price}", "where: {topic: price}")
    assert run(rule("spec_overlap", only_price), facts, SPEC).status == "fail"


def test_spec_overlap_leaves_out_the_items_and_unless_sentences_of_the_spec() -> None:
    # the question is repeated inside the specification: it must not match itself
    blocks = [*SPEC, ("paragraph", CYBER["text"])]
    facts = {"spec_start": spec_at(), "questions": [CYBER]}
    assert run(rule("spec_overlap", OVERLAP), facts, blocks).status == "pass"
    leave_out = rule("spec_overlap", OVERLAP + "leave_out_items: true\n")
    assert run(leave_out, facts, blocks).status == "fail"
    blocks = [*SPEC, ("paragraph", "Cyber security controls protect patient records.")]
    assert run(rule("spec_overlap", OVERLAP), facts, blocks).status == "pass"
    unless = rule("spec_overlap", OVERLAP + "reference_unless: ['\\bcyber\\b']\n")
    assert run(unless, facts, blocks).status == "fail"


def test_spec_overlap_without_items_mentioned_by_decides() -> None:
    plain = rule("spec_overlap", OVERLAP)
    none = run(plain, {"spec_start": spec_at(), "questions": []}, SPEC)
    assert none.status == "not-applicable" and none.message == "Not applicable: no questions"
    absent = run(plain, {"spec_start": spec_at()}, SPEC)
    assert absent.status == "not-assessed" and absent.missing == ["questions"]
    both = run(plain, {}, SPEC)
    assert both.status == "not-assessed" and both.missing == ["spec_start", "questions"]
    mentioned = rule("spec_overlap", OVERLAP + "mentioned_by: ['\\bhedges?\\b']\n")
    found = run(mentioned, {"spec_start": spec_at()}, SPEC)
    assert found.status == "not-assessed" and found.missing == ["questions"]
    quiet = rule("spec_overlap", OVERLAP + "mentioned_by: ['\\bsocial value\\b']\n")
    assert run(quiet, {"spec_start": spec_at()}, SPEC).status == "not-applicable"


def test_spec_overlap_min_terms_leaves_short_items_unjudged() -> None:
    facts = {"spec_start": spec_at(), "questions": [q("Describe cyber security.")]}
    short = run(rule("spec_overlap", OVERLAP + "min_terms: 4\n"), facts, SPEC)
    assert short.status == "not-assessed"
    assert short.message == "Not assessed: the questions are too short to compare"
    assert run(rule("spec_overlap", OVERLAP), facts, SPEC).status == "fail"  # 3 words


# --- item_match options ----------------------------------------------------------------------------

FALLS = "Fewer older residents are admitted to hospital after a fall."
MATCH = """\
items: [{fact: outcome_statements}]
targets: [{fact: kpis}, {patterns: ['\\bpayment by results\\b']}]
not_applicable_detail: no outcomes
"""


def kpi(text: str) -> dict:
    return {"quote": text, "kind": "outcome"}


def test_item_match_needs_min_shared_words_with_one_target() -> None:
    one_word = {"outcome_statements": [FALLS], "kpis": [kpi("Hospital beds are cleaned daily.")]}
    two_words = {"outcome_statements": [FALLS], "kpis": [kpi("Hospital admissions after a fall.")]}
    r = rule("item_match", MATCH, "{count} of {total}: {items}")
    failed = run(r, one_word)
    assert failed.status == "fail" and failed.message == f"1 of 1: “{FALLS}”"
    assert run(r, two_words).status == "pass"
    assert run(rule("item_match", MATCH + "min_shared: 1\n"), one_word).status == "pass"


def test_item_match_reads_sentences_and_filters_items() -> None:
    payment = [
        (
            "paragraph",
            "Payment by results: paid per resident not admitted to hospital after a fall.",
        )
    ]
    facts = {"outcome_statements": [FALLS], "kpis": []}
    assert run(rule("item_match", MATCH), facts, payment).status == "pass"
    assert run(rule("item_match", MATCH), facts).status == "fail"
    conditions = """\
items: [{fact: requirement_statements, where: {kind: input}, patterns: ['\\boffice\\b']}]
targets: [{fact: outcome_statements}]
not_applicable_without: targets
"""
    office = {"quote": "Keep an office in town.", "kind": "input"}
    method = {"quote": "Keep an office in the market square.", "kind": "method"}
    no_office = {"quote": "Keep a van in town.", "kind": "input"}
    reqs = {"outcome_statements": [FALLS], "requirement_statements": [office, method, no_office]}
    result = run(rule("item_match", conditions, "{count} of {total}"), reqs)
    assert result.status == "fail" and result.message == "1 of 1"


def test_item_match_the_premise_side_empty_is_not_applicable_whatever_the_other() -> None:
    r = rule("item_match", MATCH)
    none = run(r, {"outcome_statements": []})
    assert none.status == "not-applicable" and none.message == "Not applicable: no outcomes"
    unread = run(r, {"outcome_statements": [FALLS]})
    assert unread.status == "not-assessed" and unread.missing == ["kpis"]
    targets_first = rule("item_match", MATCH + "not_applicable_without: targets\n")
    # no KPIs and no payment term: nothing to match an outcome to, so nothing to judge
    assert run(targets_first, {"outcome_statements": [FALLS], "kpis": []}).status == (
        "not-applicable"
    )
    assert run(r, {"outcome_statements": [FALLS], "kpis": []}).status == "fail"


def test_item_match_names_the_facts_a_side_needs() -> None:
    two = MATCH.replace(
        "items: [{fact: outcome_statements}]",
        "items: [{fact: outcome_statements}, {fact: requirement_statements, where: {kind: outcome}}]",
    )
    both = run(rule("item_match", two), {"kpis": []})
    assert both.missing == ["outcome_statements", "requirement_statements"]
    named = run(rule("item_match", two + "items_need: [outcome_statements]\n"), {"kpis": []})
    assert named.status == "not-assessed" and named.missing == ["outcome_statements"]
    # an outcome read from the requirements makes the side known without outcome_statements
    reqs = {"requirement_statements": [{"quote": FALLS, "kind": "outcome"}], "kpis": []}
    assert run(rule("item_match", two + "items_need: [outcome_statements]\n"), reqs).status == (
        "fail"
    )


@pytest.mark.parametrize(
    ("sources", "problem"),
    [
        ("[{fcat: kpis}]", "source 1 has an unknown key 'fcat'"),
        ("[{where: {kind: outcome}}]", "source 1 needs a fact or patterns"),
        ("[{fact: kpis}, {patterns: ['(open']}]", "source 2: patterns must be a list"),
        ("kpis", "must be a list of tables"),
    ],
)
def test_a_bad_source_is_a_pack_error_naming_it(sources: str, problem: str) -> None:
    from tendercheck.errors import InputError

    with pytest.raises(InputError, match=r"params\.targets") as raised:
        rule(
            "item_match",
            MATCH.replace("[{fact: kpis}, {patterns: ['\\bpayment by results\\b']}]", sources),
        )
    assert problem in str(raised.value)


def test_thresholds_reach_the_kinds(tmp_path: Path) -> None:
    """[thresholds."SPEC-09"] min_overlap = 0 lets the unrelated question through; items can
    be re-pointed too (only price questions: none here, so not applicable)."""
    import json

    from click.testing import CliRunner

    from tendercheck.cli import main

    path = docx_pack(
        tmp_path,
        [("Heading 1", "Specification"), (None, PARKS), ("Heading 1", "Quality questions")],
        QUESTIONS,
    )

    def status(config: str) -> str:
        (tmp_path / "tendercheck.toml").write_text(config, encoding="utf-8")
        result = CliRunner().invoke(main, [str(path), "-f", "json", "--no-cache"])
        assert result.exit_code in (0, 1), result.stderr
        return next(r for r in json.loads(result.output)["rules"] if r["id"] == "SPEC-09")["status"]

    assert status("") == "fail"
    assert status('[thresholds."SPEC-09"]\nmin_overlap = 0\n') == "pass"
    only_price = (
        '[thresholds."SPEC-09"]\nitems = [{fact = "questions", where = {topic = "price"}}]\n'
    )
    assert status(only_price) == "not-applicable"
