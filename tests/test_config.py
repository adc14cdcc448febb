"""Configuration: discovery by walking up, validation of every key, select/ignore, severity
overrides, thresholds and waivers (rule + document + text hash + reason)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tendercheck.cli import main
from tendercheck.engine import waiver_hash
from tendercheck.engine.config import Config, ConfigError, find_config, load_config

PAPER = (
    "# Invitation to tender\n\nTenders must be sent as two paper copies by post to the Council.\n"
)
QUOTE = "Tenders must be sent as two paper copies by post to the Council."


def check_json(doc: Path, *args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, [str(doc), "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output + result.stderr
    return result.exit_code, json.loads(result.output)


def rule(report: dict, rule_id: str) -> dict | None:
    return next((r for r in report["rules"] if r["id"] == rule_id), None)


def test_found_by_walking_up(tmp_path: Path) -> None:
    (tmp_path / "tendercheck.toml").write_text('ignore = ["SPEC"]\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    doc = deep / "t.md"
    doc.write_text(PAPER)
    assert find_config(doc) == tmp_path / "tendercheck.toml"


def test_pyproject_tool_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname="x"\n[tool.tendercheck]\nfail_on = "warning"\n'
    )
    config = load_config(find_config(tmp_path / "doc.md"))  # found above a file
    assert config.fail_on == "warning"


def test_pyproject_without_table_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname="x"\n')
    assert (
        find_config(tmp_path / "doc.md") in (None,)
        or find_config(tmp_path / "doc.md") != tmp_path / "pyproject.toml"
    )


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('colour = "red"\n', "unknown key 'colour'"),
        ("[effort]\nwords_per_minute = 3\n", "effort.words_per_minute"),
        ('[severity]\n"EFFORT-06" = "fatal"\n', "severity.EFFORT-06"),
        ('[[waivers]]\nrule = "EFFORT-06"\n', "missing key 'waivers[0].document'"),
        ('fail_on = "sometimes"\n', "fail_on"),
    ],
)
def test_bad_config_is_an_error_naming_file_and_key(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "tendercheck.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(path) in str(info.value) and needle in str(info.value)
    doc = tmp_path / "t.md"
    doc.write_text(PAPER)
    result = CliRunner().invoke(main, [str(doc)])
    assert result.exit_code == 2
    assert needle in result.stderr


def test_select_and_ignore_by_prefix() -> None:
    config = Config(select=["EFFORT", "TIME-01"], ignore=["EFFORT-02"])
    assert config.enabled("EFFORT-06")
    assert config.enabled("TIME-01")
    assert not config.enabled("TIME-02")
    assert not config.enabled("EFFORT-02")


def test_ignore_and_severity_override_through_cli(tmp_path: Path) -> None:
    doc = tmp_path / "t.md"
    doc.write_text(PAPER)
    code, report = check_json(doc)
    assert rule(report, "EFFORT-06")["status"] == "fail"
    (tmp_path / "tendercheck.toml").write_text('[severity]\n"EFFORT-06" = "error"\n')
    code, report = check_json(doc)
    assert rule(report, "EFFORT-06")["severity"] == "error"
    assert code == 1
    (tmp_path / "tendercheck.toml").write_text('ignore = ["EFFORT-06"]\n')
    _, report = check_json(doc)
    assert rule(report, "EFFORT-06") is None


def test_threshold_for_unknown_parameter_is_an_error(tmp_path: Path) -> None:
    doc = tmp_path / "t.md"
    doc.write_text(PAPER)
    (tmp_path / "tendercheck.toml").write_text('[thresholds."EFFORT-06"]\nnonsense = 3\n')
    result = CliRunner().invoke(main, [str(doc)])
    assert result.exit_code == 2
    assert "thresholds.EFFORT-06.nonsense" in result.stderr


def test_waiver_matches_by_hash_and_unused_waivers_are_reported(tmp_path: Path) -> None:
    doc = tmp_path / "t.md"
    doc.write_text(PAPER)
    (tmp_path / "tendercheck.toml").write_text(
        "[[waivers]]\n"
        f'rule = "EFFORT-06"\ndocument = "t.md"\nhash = "{waiver_hash(QUOTE)}"\n'
        'reason = "Legal requires a signed paper copy this year"\n'
        "[[waivers]]\n"
        'rule = "EFFORT-06"\ndocument = "t.md"\nhash = "000000000000"\nreason = "stale"\n'
    )
    _, report = check_json(doc, "--fail-on", "warning")
    finding = rule(report, "EFFORT-06")
    assert finding["status"] == "fail"
    assert finding["waived"] == "Legal requires a signed paper copy this year"
    assert [w["reason"] for w in report["unused_waivers"]] == ["stale"]


def test_effort_parameters_reach_the_estimate_and_effort_01(tmp_path: Path) -> None:
    doc = tmp_path / "t.md"
    doc.write_text(
        "# Invitation to tender\n\nThe contract is worth £20,000 in total.\n\n"
        "| Question | Weighting | Word limit |\n|---|---|---|\n"
        "| Q1 Describe your approach to delivering the service | 50% | 2,000 words |\n"
        "| Q2 Describe your staffing and management | 50% | 2,000 words |\n"
    )
    _, before = check_json(doc, "--no-cache")
    (tmp_path / "tendercheck.toml").write_text("[effort]\nday_rate = 700\n")
    _, after = check_json(doc, "--no-cache")
    assert abs(after["effort"]["cost"] - 2 * before["effort"]["cost"]) <= 2  # pounds, rounded
    effort_01 = rule(after, "EFFORT-01")
    assert effort_01["status"] == "fail"
    assert "£700 a day" in effort_01["message"]
