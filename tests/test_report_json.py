"""The JSON report: DESIGN.md's contract, valid against docs/report-schema.json, fully documented."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from tendercheck.cli import main
from tendercheck.report import render
from tendercheck.report.json_report import SCHEMA, report_dict

from .report_helpers import (
    GENERATED,
    REPO,
    REPORT_SCHEMA,
    corpus_document,
    evidence,
    failing,
    hand_report,
    load_json,
    make_rule,
    real_report,
)

DOCS = REPO / "docs" / "json-report.md"
FIXTURES_CHECKED = [
    "council-cleaning-itt.docx",
    "housing-association-repairs-tender.docx",
    "central-gov-digital-rfq.pdf",
    "parish-grounds-maintenance-rfq.docx",
]


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = load_json(REPORT_SCHEMA)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def cleaning() -> dict:
    return json.loads(render(real_report("council-cleaning-itt.docx"), "json"))


def errors(validator, data) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


@pytest.mark.parametrize("fixture", FIXTURES_CHECKED)
def test_fixture_reports_are_valid(validator, fixture: str) -> None:
    data = json.loads(render(real_report(fixture), "json"))
    assert errors(validator, data) == []


@pytest.mark.corpus
def test_corpus_report_is_valid(validator) -> None:
    path = corpus_document("02_british-council_rfp-osch-learning-partners-2017.docx")
    if path is None:
        pytest.skip("../shared/corpus is absent: the real-document check needs it")
    data = json.loads(render(real_report(path), "json"))
    assert errors(validator, data) == []
    assert data["inputs"][0]["documents"][0]["name"] == path.name
    assert {r["status"] for r in data["rules"]} >= {"pass", "fail"}


def test_hand_built_report_with_waiver_and_bidder_is_valid(validator) -> None:
    @dataclass
    class Gap:
        requirement: str
        quote: str

    report = hand_report(
        [
            failing(make_rule("SPEC-90"), evidence(), waived="Agreed with legal"),
            failing(make_rule("SUPPLIER-91", "info")),
        ],
        effort=None,
        unused_waivers=[{"rule": "SPEC-01", "document": "*", "hash": "abc", "reason": "old"}],
        bidder={
            "verdict": "no-bid",
            "reasons": ["Turnover"],
            "eligibility_gaps": [Gap("Turnover", "£5m")],
            "time": {"working_days_left": 4, "deadline": dt.date(2026, 1, 2)},
            "risks": {"tupe"},
        },
    )
    data = json.loads(render(report, "json"))
    assert errors(validator, data) == []
    assert data["rules"][0]["waived"] == "Agreed with legal"
    assert data["effort"] is None
    # the bidder view is made plain data: dataclasses, dates and sets survive as JSON
    assert data["bidder"]["eligibility_gaps"] == [{"requirement": "Turnover", "quote": "£5m"}]
    assert data["bidder"]["time"]["deadline"] == "2026-01-02"
    assert data["bidder"]["risks"] == ["tupe"]


def test_top_level_follows_the_design_contract(cleaning: dict) -> None:
    assert cleaning["schema"] == SCHEMA == "tendercheck-report/1"
    assert cleaning["tool"] == {"name": "tendercheck", "version": "9.9.9"}
    assert cleaning["generated"] == GENERATED
    assert list(cleaning) == [
        "schema",
        "tool",
        "inputs",
        "skipped",
        "facts",
        "placeholders",
        "rules",
        "scores",
        "effort",
        "unused_waivers",
        "generated",
    ]
    assert "bidder" not in cleaning  # only with --as bidder
    assert cleaning["inputs"][0]["path"].endswith("fixtures/council-cleaning-itt.docx")
    assert cleaning["inputs"][0]["format"] == "docx"
    assert cleaning["inputs"][0]["documents"] == [
        {"name": "council-cleaning-itt.docx", "pages": 40, "pages_estimated": False}
    ]


def test_facts_carry_value_source_evidence_and_confidence(cleaning: dict) -> None:
    annual = cleaning["facts"]["contract_value_annual"]
    assert annual["value"] == 40000
    assert annual["source"] == "document"
    assert 0 < annual["confidence"] <= 1
    assert annual["evidence"][0]["document"] == "council-cleaning-itt.docx"
    assert "£40,000" in annual["evidence"][0]["quote"]
    assert cleaning["facts"]["min_turnover"]["value"] == 5_000_000
    assert list(cleaning["facts"]) == sorted(cleaning["facts"])


def test_rule_entry_for_a_finding(cleaning: dict) -> None:
    rule = next(r for r in cleaning["rules"] if r["id"] == "SUPPLIER-01")
    assert rule["status"] == "fail"
    assert rule["severity"] == "error"
    assert rule["category"] == "SUPPLIER"
    assert rule["missing"] == []
    assert rule["evidence"] == [
        {
            "document": "council-cleaning-itt.docx",
            "page": 6,
            "section": "SELECTION CRITERIA > Economic and financial standing",
            "quote": "Tenderers must have a minimum annual turnover of £5,000,000 in each of the "
            "last three financial years.",
            # what the quoted clause is and does: a selection demand binding at bid stage
            "clause": {"part": "selection", "stage": "bid", "force": "must", "procedure": "open"},
            # what a waiver's quote key names to waive this quote only
            "hash": "019d79a21c9b",
        }
    ]
    # what a [[waivers]] table names to waive the whole finding
    assert rule["waiver"] == {"document": "council-cleaning-itt.docx", "hash": "019d79a21c9b"}
    assert rule["fix"].startswith("Set any minimum turnover")
    assert "reg 58(9)" in rule["source"]


def test_scores_match_the_result(cleaning: dict) -> None:
    report = real_report("council-cleaning-itt.docx")
    overall = report.result.scores["overall"]
    assert cleaning["scores"]["overall"] == overall.score
    assert cleaning["scores"]["coverage"] == round(overall.coverage, 2)
    time = report.result.scores["TIME"]
    assert cleaning["scores"]["categories"]["TIME"] == {
        "score": time.score,
        "coverage": round(time.coverage, 2),
        "assessed": time.assessed,
        "rules": time.total,
    }


def test_report_dict_and_render_json_agree() -> None:
    report = real_report("housing-association-repairs-tender.docx")
    assert json.loads(render(report, "json")) == json.loads(
        json.dumps(report_dict(report), default=str)
    )


@pytest.mark.parametrize(
    ("path", "bad"),
    [
        (("facts", "issue_date", "value"), "15 December 2025"),
        (("facts", "authority_type", "value"), "council"),
        (("facts", "contract_value_annual", "value"), "£40,000"),
        (("rules", 0, "status"), "failed"),
        (("rules", 0, "severity"), "critical"),
        (("scores", "overall"), 140),
        (("scores", "coverage"), 1.5),
        (("schema",), "tendercheck-report/2"),
        (("inputs", 0, "documents", 0, "pages"), "forty"),
    ],
)
def test_schema_rejects_a_wrong_shape(validator, cleaning: dict, path: tuple, bad) -> None:
    data = copy.deepcopy(cleaning)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = bad
    assert errors(validator, data), f"{path} = {bad!r} was accepted"


@pytest.mark.parametrize("mutation", ["extra_top", "extra_rule_key", "missing_rules"])
def test_schema_rejects_unknown_or_missing_fields(validator, cleaning: dict, mutation) -> None:
    data = copy.deepcopy(cleaning)
    if mutation == "extra_top":
        data["findings"] = []
    elif mutation == "extra_rule_key":
        data["rules"][0]["url"] = "x"
    else:
        del data["rules"]
    assert errors(validator, data)


def _schema_field_names(node, names: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            names.add(key)
            _schema_field_names(value, names)
        for key, value in node.items():
            if key != "properties":
                _schema_field_names(value, names)
    elif isinstance(node, list):
        for value in node:
            _schema_field_names(value, names)
    return names


def test_every_schema_field_is_documented() -> None:
    documented = set(re.findall(r"`([a-z_]+)`", DOCS.read_text(encoding="utf-8")))
    fields = _schema_field_names(load_json(REPORT_SCHEMA), set())
    assert fields - documented == set()
    # and the document names the schema file it describes
    assert "report-schema.json" in DOCS.read_text(encoding="utf-8")


def test_reading_notes_reach_every_report(tmp_path: Path) -> None:
    # A run of punctuation is cut before analysis (documents/bounds.py): the report, not only
    # `inspect`, says so, in JSON, text and HTML.
    spec = tmp_path / "spec.md"
    spec.write_text(
        "# Specification\n\nThe provider must clean the offices every weekday.\n\n"
        + "!" * 5000
        + "\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    out = tmp_path / "r.json"
    assert runner.invoke(
        main, [str(spec), "-f", "json", "-o", str(out), "--no-cache"]
    ).exit_code in (0, 1)
    (doc,) = json.loads(out.read_text())["inputs"][0]["documents"]
    assert doc["notes"] and "cut" in doc["notes"][0]
    text = runner.invoke(main, [str(spec), "-f", "text", "--no-cache"]).output
    assert f"reading note: spec.md: {doc['notes'][0]}" in text
    html = tmp_path / "r.html"
    runner.invoke(main, [str(spec), "-f", "html", "-o", str(html), "--no-cache"])
    assert "Reading note: " in html.read_text(encoding="utf-8")
