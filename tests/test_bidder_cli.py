"""The bidder view through the CLI: ``check --as bidder --profile`` and ``profile init``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tendercheck.bidder import EXAMPLE_PROFILE, load_profile
from tendercheck.cli import main

from .helpers import FIXTURES

PROFILES = FIXTURES / "profiles"


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TENDERCHECK_CACHE_DIR", str(tmp_path / "cache"))
    return CliRunner()


def check_json(runner: CliRunner, tmp_path: Path, tender: str, profile: str) -> dict:
    out = tmp_path / "report.json"
    args = [
        "check", str(FIXTURES / tender), "--as", "bidder",
        "--profile", str(PROFILES / f"{profile}.toml"),
        "--today", "2025-12-16", "-f", "json", "-o", str(out),
    ]  # fmt: skip
    result = runner.invoke(main, args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(out.read_text(encoding="utf-8"))


def test_check_as_bidder_writes_the_bidder_object(runner: CliRunner, tmp_path: Path) -> None:
    report = check_json(runner, tmp_path, "council-cleaning-itt.docx", "social-enterprise")
    bidder = report["bidder"]
    assert bidder["organisation"] == "Northgate Social Enterprise CIC"
    assert bidder["verdict"] == "partner"
    assert [g["requirement"] for g in bidder["eligibility_gaps"]] == [
        "Minimum turnover",
        "Insurance: public liability",
        "Insurance: employer's liability",
        "Certification: CHAS",
    ]
    turnover = bidder["eligibility_gaps"][0]
    assert turnover == {
        "requirement": "Minimum turnover",
        "asks": "£5m a year",
        "has": "£1.5m",
        "quote": "Tenderers must have a minimum annual turnover of £5,000,000 in each of the last "
        "three financial years.",
        "document": "council-cleaning-itt.docx",
        "page": 6,
        "section": "SELECTION CRITERIA > Economic and financial standing",
        "partner_can_close": True,
        "you_can_close": False,
        "close_by": None,
        "note": turnover["note"],
    }
    assert bidder["time"]["today"] == "2025-12-16"
    assert bidder["time"]["working_days_left"] == 10
    assert bidder["effort"]["day_rate"] == 350
    assert isinstance(bidder["effort"]["breakdown"], list) and bidder["effort"]["breakdown"]
    assert any(
        q.startswith("Will you accept an equivalent to CHAS? (About “")
        for q in bidder["clarification_questions"]
    )


def test_bidder_object_matches_the_report_schema(runner: CliRunner, tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = FIXTURES.parent / "docs" / "report-schema.json"
    if not schema_path.is_file():
        pytest.skip(f"no report schema at {schema_path}")
    report = check_json(runner, tmp_path, "university-catering-itt.pdf", "tiny-charity")
    assert report["bidder"]["verdict"] == "no-bid"
    jsonschema.validate(report, json.loads(schema_path.read_text(encoding="utf-8")))


def test_officer_view_has_no_bidder_object(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    args = [
        "check",
        str(FIXTURES / "nhs-community-wellbeing-spec.docx"),
        "-f",
        "json",
        "-o",
        str(out),
    ]
    result = runner.invoke(main, args)
    assert result.exit_code in (0, 1), result.output
    assert "bidder" not in json.loads(out.read_text(encoding="utf-8"))


def test_bad_profile_is_one_line_and_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    profile = tmp_path / "org.toml"
    profile.write_text(EXAMPLE_PROFILE.replace("turnover = 120000", "turnvoer = 120000"), "utf-8")
    args = [
        "check", str(FIXTURES / "nhs-community-wellbeing-spec.docx"), "--as", "bidder",
        "--profile", str(profile), "-f", "json",
    ]  # fmt: skip
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert result.stderr == (
        f"tendercheck: error: {profile}: unknown key 'turnvoer' (did you mean 'turnover'?)\n"
    )


def test_profile_init_writes_a_loadable_example(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["profile", "init"])
    assert result.exit_code == 0, result.output
    written = tmp_path / "org.toml"
    assert written.read_text(encoding="utf-8") == EXAMPLE_PROFILE
    assert "tendercheck PACK --as bidder --profile org.toml" in result.output
    assert load_profile(written).name == "Riverside Community Trust"


def test_profile_init_refuses_to_overwrite(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    target.write_text("name = 'kept'\n", encoding="utf-8")
    result = runner.invoke(main, ["profile", "init", str(target)])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"tendercheck: error: {target}: already exists (use --force to replace it)\n"
    )
    assert target.read_text(encoding="utf-8") == "name = 'kept'\n"
    forced = runner.invoke(main, ["profile", "init", str(target), "--force"])
    assert forced.exit_code == 0, forced.output
    assert target.read_text(encoding="utf-8") == EXAMPLE_PROFILE


def test_profile_init_into_a_missing_folder(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "org.toml"
    result = runner.invoke(main, ["profile", "init", str(target)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"tendercheck: error: {target}: cannot write")
