"""SARIF 2.1.0 output: valid against the OASIS schema, rules with help, locations, fingerprints."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from tendercheck.documents.model import Document
from tendercheck.engine import waiver_hash
from tendercheck.engine.model import RuleResult
from tendercheck.report import render
from tendercheck.report.sarif import fingerprint, rule_name, sarif_log, split_member, to_uri

from .helpers import FIXTURES
from .report_helpers import (
    HOSTILE,
    REPO,
    SARIF_SCHEMA,
    evidence,
    failing,
    hand_report,
    make_rule,
    real_report,
)

SCHEMA_ABSENT = "the OASIS SARIF schema is not at ../shared/schemas (shared folder absent)"


@pytest.fixture(scope="module")
def sarif_validator():
    if not SARIF_SCHEMA.is_file():
        pytest.skip(SCHEMA_ABSENT)
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


def assert_valid(validator, log: dict) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


@pytest.fixture(scope="module")
def cleaning():
    report = real_report("council-cleaning-itt.docx")
    return report, sarif_log(report, base_dir=REPO)


def results_by_rule(log: dict) -> dict[str, dict]:
    return {r["ruleId"]: r for r in log["runs"][0]["results"]}


def hostile_report(**kw):
    rule = make_rule("SPEC-90", help_url="https://www.legislation.gov.uk/ukpga/2023/54/section/12")
    waived_rule = make_rule("SUPPLIER-91", severity="warning")
    quiet_rule = make_rule("MARKET-92", severity="info")
    results = [
        failing(rule, evidence(), evidence(quote="Second quote", page=7, section="")),
        failing(waived_rule, evidence(quote="ISO 9001 required"), waived="Statutory for this work"),
        failing(quiet_rule),  # no evidence at all
        RuleResult(make_rule("TIME-93"), "not-assessed", "warning", "Not assessed: needs x"),
        RuleResult(make_rule("TIME-94"), "pass", "warning", "No problem found."),
    ]
    return hand_report(results, **kw)


# --- validity ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fixture",
    [
        "council-cleaning-itt.docx",
        "housing-association-repairs-tender.docx",
        "central-gov-digital-rfq.pdf",
        "nhs-community-wellbeing-spec.docx",
    ],
)
def test_fixture_sarif_is_valid_against_the_oasis_schema(sarif_validator, fixture: str) -> None:
    log = json.loads(render(real_report(fixture), "sarif"))
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")
    assert_valid(sarif_validator, log)


def test_zip_pack_sarif_is_valid(sarif_validator, tmp_path: Path, monkeypatch) -> None:
    pack = tmp_path / "pack.zip"
    with zipfile.ZipFile(pack, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(FIXTURES / "university-catering-itt.pdf", "tender/ITT.pdf")
        zf.write(FIXTURES / "parish-grounds-maintenance-rfq.docx", "tender/RFQ.docx")
    monkeypatch.chdir(tmp_path)
    log = json.loads(render(real_report(pack), "sarif"))
    assert_valid(sarif_validator, log)
    artifacts = log["runs"][0]["artifacts"]
    assert [(a["location"]["uri"], a.get("parentIndex")) for a in artifacts] == [
        ("pack.zip", None),
        ("tender/ITT.pdf", 0),
        ("tender/RFQ.docx", 0),
    ]


def test_hand_built_edge_cases_are_valid_sarif(sarif_validator) -> None:
    """Zip members, waivers, hostile text, no evidence, pass and not-assessed results."""
    log = sarif_log(hostile_report(), base_dir=".")
    assert_valid(sarif_validator, log)


# --- tool and rules ------------------------------------------------------------------------


def test_driver_names_the_tool_without_a_placeholder_uri(cleaning) -> None:
    report, log = cleaning
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "tendercheck"
    assert driver["version"] == "9.9.9"
    assert "informationUri" not in driver
    # one reportingDescriptor per rule evaluated, in evaluation order
    assert [d["id"] for d in driver["rules"]] == [r.rule.id for r in report.result.results]
    assert "TIME-01" in [d["id"] for d in driver["rules"]]  # a not-applicable rule is described too


def test_rule_descriptor_carries_title_why_help_and_level(cleaning) -> None:
    report, log = cleaning
    rule = next(r.rule for r in report.result.results if r.rule.id == "SUPPLIER-01")
    descriptor = next(
        d for d in log["runs"][0]["tool"]["driver"]["rules"] if d["id"] == "SUPPLIER-01"
    )
    assert descriptor["name"] == "MinimumTurnoverAboveTwiceTheAnnualContractValue"
    assert descriptor["shortDescription"] == {"text": rule.title}
    assert descriptor["fullDescription"]["text"] == " ".join(rule.why.split())
    assert "Why it matters: " in descriptor["help"]["text"]
    assert " ".join(rule.fix.split()) in descriptor["help"]["text"]
    assert "PCR15 reg 58(9)" in descriptor["help"]["text"]
    assert descriptor["help"]["markdown"].startswith("**Why it matters:** ")
    assert "**How to fix it:**" in descriptor["help"]["markdown"]
    assert descriptor["defaultConfiguration"] == {"level": "error"}
    assert descriptor["properties"] == {"category": "SUPPLIER", "tags": ["tendercheck", "SUPPLIER"]}
    assert "helpUri" not in descriptor


def test_help_uri_only_when_the_rule_has_a_help_url() -> None:
    driver = sarif_log(hostile_report(), base_dir=".")["runs"][0]["tool"]["driver"]
    by_id = {d["id"]: d for d in driver["rules"]}
    assert by_id["SPEC-90"]["helpUri"] == "https://www.legislation.gov.uk/ukpga/2023/54/section/12"
    assert "helpUri" not in by_id["SUPPLIER-91"]
    # rule text is escaped in the Markdown help, so a title's markup is not live
    assert "<b>" not in by_id["SPEC-90"]["help"]["markdown"]


def test_rule_names_are_pascal_case_identifiers() -> None:
    assert rule_name('Named certification required without "or equivalent"') == (
        "NamedCertificationRequiredWithoutOrEquivalent"
    )
    assert rule_name("30 questions") == "Rule30Questions"


# --- results -------------------------------------------------------------------------------


def test_one_result_per_failing_finding_with_level_and_index(cleaning) -> None:
    report, log = cleaning
    run = log["runs"][0]
    results = results_by_rule(log)
    failed = {r.rule.id: r for r in report.result.results if r.status == "fail"}
    assert set(results) == set(failed)
    assert len(run["results"]) == len(failed)
    for rule_id, res in results.items():
        assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == rule_id
        assert (
            res["level"]
            == {"error": "error", "warning": "warning", "info": "note"}[failed[rule_id].severity]
        )
        assert res["message"]["text"] == failed[rule_id].message
    assert results["SUPPLIER-01"]["level"] == "error"
    assert "£5m" in results["SUPPLIER-01"]["message"]["text"]
    assert "TIME-01" not in results  # not applicable here: no result


def test_location_is_the_document_with_page_section_and_quote(cleaning) -> None:
    _, log = cleaning
    location = results_by_rule(log)["SUPPLIER-01"]["locations"][0]
    artifact = location["physicalLocation"]["artifactLocation"]
    assert artifact["uri"] == "fixtures/council-cleaning-itt.docx"
    assert log["runs"][0]["artifacts"][artifact["index"]]["location"]["uri"] == artifact["uri"]
    assert "region" not in location["physicalLocation"]  # no made-up line numbers
    assert location["properties"]["page"] == 6
    assert (
        location["properties"]["section"] == "SELECTION CRITERIA > Economic and financial standing"
    )
    assert "£5,000,000" in location["properties"]["quote"]
    assert location["logicalLocations"] == [
        {
            "name": "Economic and financial standing",
            "kind": "section",
            "fullyQualifiedName": "council-cleaning-itt.docx > SELECTION CRITERIA > "
            "Economic and financial standing",
            "properties": {"page": 6},
        }
    ]
    assert location["message"]["text"].startswith(
        "council-cleaning-itt.docx p.6, § SELECTION CRITERIA > Economic and financial standing: “"
    )


def test_further_quotes_are_related_locations(cleaning) -> None:
    report, log = cleaning
    finding = next(r for r in report.result.results if r.rule.id == "EFFORT-06")
    result = results_by_rule(log)["EFFORT-06"]
    assert result["locations"][0]["properties"]["quote"] == finding.evidence[0].quote
    related = result["relatedLocations"]
    assert [loc["id"] for loc in related] == list(range(1, len(finding.evidence)))
    assert related[0]["properties"]["quote"] == finding.evidence[1].quote
    assert related[0]["properties"]["page"] == finding.evidence[1].page


def test_a_finding_without_evidence_is_located_at_the_first_input(cleaning) -> None:
    _, log = cleaning
    result = results_by_rule(log)["MARKET-01"]
    assert result["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "fixtures/council-cleaning-itt.docx", "index": 0}
            }
        }
    ]
    assert "relatedLocations" not in result


def test_artifacts_list_the_documents_read(cleaning) -> None:
    _, log = cleaning
    assert log["runs"][0]["artifacts"] == [
        {
            "location": {"uri": "fixtures/council-cleaning-itt.docx"},
            "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "roles": ["analysisTarget"],
        }
    ]


def test_run_properties_carry_scores_and_what_was_not_assessed() -> None:
    report = real_report("central-gov-digital-rfq.pdf")
    props = sarif_log(report)["runs"][0]["properties"]
    assert props["score"] == report.result.scores["overall"].score
    assert set(props["categories"]) == {
        "TIME",
        "EFFORT",
        "SUPPLIER",
        "SPEC",
        "OUTCOME",
        "SOCIAL",
        "MARKET",
    }
    missing = {m["ruleId"]: m for m in props["notAssessed"]}
    expected = {r.rule.id for r in report.result.results if r.status == "not-assessed"}
    assert set(missing) == expected
    assert expected, "the fixture is expected to leave some rules unassessed"


def test_waived_finding_is_a_suppressed_result_with_its_justification() -> None:
    results = results_by_rule(sarif_log(hostile_report(), base_dir="."))
    assert results["SUPPLIER-91"]["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": "Statutory for this work"}
    ]
    assert "suppressions" not in results["SPEC-90"]
    assert "TIME-93" not in results and "TIME-94" not in results  # not-assessed and pass


def test_zip_member_is_located_at_the_zip_with_the_member_as_logical_location() -> None:
    log = sarif_log(hostile_report(), base_dir=".")
    location = results_by_rule(log)["SPEC-90"]["locations"][0]
    artifact = location["physicalLocation"]["artifactLocation"]
    assert artifact["uri"] == "packs/tender.zip"
    logical = location["logicalLocations"]
    assert logical[0] == {
        "name": "Spec.docx",
        "kind": "resource",
        "fullyQualifiedName": "Spec.docx",
    }
    assert logical[1]["kind"] == "section"
    assert logical[1]["fullyQualifiedName"] == "Spec.docx > Scope > Cleaning | `rooms`"
    artifacts = log["runs"][0]["artifacts"]
    assert artifacts[0]["location"]["uri"] == "packs/tender.zip"
    assert artifacts[0]["mimeType"] == "application/zip"
    assert artifacts[1] == {
        "location": {"uri": "Spec.docx"},
        "parentIndex": 0,
        "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "roles": ["analysisTarget"],
    }


def test_real_zip_pack_uses_the_zip_path_and_member(tmp_path: Path, monkeypatch) -> None:
    pack = tmp_path / "My Pack.zip"
    with zipfile.ZipFile(pack, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(FIXTURES / "council-cleaning-itt.docx", "docs/council-cleaning-itt.docx")
    monkeypatch.chdir(tmp_path)
    log = json.loads(render(real_report(pack), "sarif"))
    location = results_by_rule(log)["SUPPLIER-01"]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "My%20Pack.zip"
    assert location["logicalLocations"][0] == {
        "name": "council-cleaning-itt.docx",
        "kind": "resource",
        "fullyQualifiedName": "docs/council-cleaning-itt.docx",
    }
    assert location["properties"]["document"] == "docs/council-cleaning-itt.docx"


def test_supplied_fact_evidence_points_at_the_first_input() -> None:
    rule = make_rule("TIME-95", severity="warning")
    ev = evidence(
        quote="--deadline 2026-01-02", page=0, document="--deadline", section="option", doc_index=-1
    )
    log = sarif_log(hand_report([failing(rule, ev)]), base_dir=".")
    location = results_by_rule(log)["TIME-95"]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "packs/tender.zip"
    assert location["properties"]["suppliedBy"] == "--deadline"
    assert location["message"]["text"] == "--deadline (option): “--deadline 2026-01-02”"
    assert "page" not in location["properties"]


# --- fingerprints --------------------------------------------------------------------------


def test_fingerprints_ignore_pages_but_follow_rule_document_and_quote() -> None:
    base = fingerprint("SPEC-90", "Spec.docx", "Must hold  ISO 9001.")
    assert base == fingerprint("SPEC-90", "Spec.docx", "must hold iso 9001.")  # as waivers match
    assert base != fingerprint("SPEC-91", "Spec.docx", "Must hold ISO 9001.")
    assert base != fingerprint("SPEC-90", "Other.docx", "Must hold ISO 9001.")
    assert base != fingerprint("SPEC-90", "Spec.docx", "Must hold ISO 14001.")

    rule = make_rule("SPEC-90")
    moved = []
    for page in (3, 40):
        log = sarif_log(hand_report([failing(rule, evidence(page=page))]), base_dir=".")
        moved.append(log["runs"][0]["results"][0]["partialFingerprints"])
    assert moved[0] == moved[1]
    key = "\x1f".join(("SPEC-90", "Spec.docx", waiver_hash(HOSTILE)))
    assert moved[0]["tendercheck/v1"] == hashlib.sha256(key.encode()).hexdigest()[:32]


def test_fingerprints_are_distinct_across_a_report(cleaning) -> None:
    _, log = cleaning
    prints = [r["partialFingerprints"]["tendercheck/v1"] for r in log["runs"][0]["results"]]
    assert len(set(prints)) == len(prints)


# --- paths ---------------------------------------------------------------------------------


def test_uris_are_relative_forward_slashed_and_percent_encoded(tmp_path: Path) -> None:
    inside = tmp_path / "Tender Pack" / "Spec #1 é.docx"
    assert to_uri(str(inside), str(tmp_path)) == "Tender%20Pack/Spec%20%231%20%C3%A9.docx"
    outside = tmp_path.parent / "elsewhere.pdf"
    assert to_uri(str(outside), str(tmp_path)) == outside.as_uri()
    assert to_uri(str(tmp_path), str(tmp_path)) == "./"


def test_member_split_only_at_a_zip() -> None:
    inputs = [{"path": "a/pack.zip", "format": "zip"}]
    assert split_member("a/pack.zip!Spec.docx", inputs) == ("a/pack.zip", "Spec.docx")
    assert split_member("a/pack.zip!inner.zip!B.pdf", inputs) == ("a/pack.zip", "inner.zip!B.pdf")
    assert split_member("dir/x.ZIP!B.pdf", []) == ("dir/x.ZIP", "B.pdf")
    assert split_member("dir/Wow!.docx", []) == ("dir/Wow!.docx", None)


def test_document_in_a_folder_keeps_its_folder_path(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "pack"
    folder.mkdir()
    shutil.copy(FIXTURES / "council-cleaning-itt.docx", folder / "ITT.docx")
    report = hand_report(
        [failing(make_rule("SPEC-90"), evidence(document="ITT.docx"))],
        documents=[Document(name="ITT.docx", format="docx", path=str(folder / "ITT.docx"))],
        inputs=[{"path": str(folder), "format": "dir"}],
    )
    log = sarif_log(report, base_dir=tmp_path)
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact["uri"] == "pack/ITT.docx"
    no_evidence = hand_report(
        [failing(make_rule("SPEC-90"))],
        documents=report.analysis.pack.documents,
        inputs=report.analysis.pack.inputs,
    )
    log = sarif_log(no_evidence, base_dir=tmp_path)
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact["uri"] == "pack/"
    assert log["runs"][0]["artifacts"][artifact["index"]]["roles"] == ["directory"]


def test_hostile_text_survives_as_data() -> None:
    text = render(hostile_report(), "sarif", base_dir=".")
    log = json.loads(text)
    location = results_by_rule(log)["SPEC-90"]["locations"][0]
    assert location["properties"]["quote"] == HOSTILE
    assert "<script>" in location["message"]["text"]  # JSON strings need no HTML escaping
