"""Issue 13: every file a user writes (tendercheck.toml / [tool.tendercheck], tender.toml, a
bidder profile, a rule pack) is checked against a JSON Schema shipped in tendercheck/data; each
mistake is one line naming the file and the key, exit 2, never a traceback or exit 3."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from tendercheck.cli import main
from tendercheck.engine.effort import DEFAULTS
from tendercheck.engine.loader import builtin_pack_files
from tendercheck.schema import schema

ROOT = Path(__file__).resolve().parents[1]
TENDER = "# Invitation to tender\n\nTenders must be sent as two paper copies by post.\n"
PROFILE = 'name = "Acorn Trust"\nturnover = 50000\nday_rate = 200\nhours_available = 30\n'
USER_PACK = {
    "pack": "local",
    "rules": [
        {
            "id": "LOCAL-01",
            "title": "Framework fee",
            "category": "LOCAL",
            "severity": "info",
            "check": "phrase",
            "params": {"patterns": ["framework fee"]},
            "message": "A framework fee is charged.",
            "why": "Local policy.",
            "fix": "Drop the fee.",
            "source": "Local policy",
            "examples": {"fail": ["A framework fee applies."], "pass": ["No fees apply."]},
        }
    ],
}


def one_line(result) -> str:
    """The whole of stderr, which must be a single line (no traceback, no internal error)."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output and "internal error" not in result.stderr
    return lines[0]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("name", ["config", "tender", "profile", "rulepack"])
def test_the_shipped_schemas_are_valid_json_schemas(name: str) -> None:
    Draft202012Validator.check_schema(schema(name))


def test_the_shipped_rule_packs_meet_the_rule_pack_schema() -> None:
    validator = Draft202012Validator(schema("rulepack"))
    for path, text in builtin_pack_files():
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(text))]
        assert errors == [], path


def test_the_config_schema_knows_every_effort_parameter() -> None:
    assert set(schema("config")["properties"]["effort"]["properties"]) == set(DEFAULTS)


# --- tendercheck.toml ---------------------------------------------------------------------------

CONFIG_MISTAKES = [
    ('[severity]\n"EFFORT-06" = "fatal"\n',
     "'severity.EFFORT-06' must be one of error, warning, info, not 'fatal'"),
    ('fail_under = "abc"\n', "'fail_under' must be a score from 0 to 100, not 'abc'"),
    ("fail_under = 120\n", "'fail_under' must be a score from 0 to 100, not 120"),
    ("fail_under = nan\n", "'fail_under' must be a finite number, not nan or inf"),
    ("rules = 5\n",
     "'rules' must be a list of folders of rule packs, e.g. rules = [\"our-rules\"], not 5"),
    ('selct = ["SUPPLIER"]\n', "unknown key 'selct' (did you mean 'select'?)"),
    ("[effort]\nday_rat = 300\n", "unknown key 'effort.day_rat' (did you mean 'day_rate'?)"),
    ('[effort]\nday_rate = "lots"\n', "'effort.day_rate' must be a non-negative number, not 'lots'"),
    ('region = "FRA"\n', "'region' must be one of ENG, WLS, SCT, NIR, not 'FRA'"),
    ('[[waivers]]\nrule = "EFFORT-06"\ndocument = "*"\nhash = "x"\n',
     "missing key 'waivers[0].reason'"),
    ('[thresholds]\n"SUPPLIER-01" = 3\n',
     "'thresholds.SUPPLIER-01' must be a table of the rule's options, e.g. "
     "[thresholds.SUPPLIER-01] max_ratio = 3, not 3"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "reason"), CONFIG_MISTAKES)
def test_a_config_mistake_is_one_line_naming_file_and_key(
    tmp_path: Path, text: str, reason: str
) -> None:
    config = tmp_path / "tendercheck.toml"
    config.write_text(text, encoding="utf-8")
    doc = tmp_path / "t.md"
    doc.write_text(TENDER, encoding="utf-8")
    assert one_line(run(str(doc), "--no-cache")) == f"tendercheck: error: {config}: {reason}"


def test_a_mistake_in_pyproject_tool_table_names_pyproject(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\n[tool.tendercheck]\nfail_on = 3\n')
    doc = tmp_path / "t.md"
    doc.write_text(TENDER, encoding="utf-8")
    assert one_line(run(str(doc), "--no-cache")) == (
        f"tendercheck: error: {pyproject}: 'fail_on' must be one of error, warning, info, not 3"
    )


# --- rule packs ---------------------------------------------------------------------------------


def _set(rule: dict, change: tuple) -> None:
    key, value = change
    if value is None:
        rule.pop(key)
    else:
        rule[key] = value


PACK_MISTAKES = [
    (("severity", "fatal"), "rule LOCAL-01, field 'severity': must be one of error, warning, "
     "info, not 'fatal'"),
    (("applies_when", {"fact": "lots", "op": "between", "value": 2}),
     "rule LOCAL-01, field 'applies_when.op': must be an operator (lt, le, gt, ge, eq, ne, in, "
     "present, absent, true, false, nonempty, unknown), not 'between'"),
    (("applies_when", {"all": [{"fact": "lots", "op": "gt", "value": 1}, {"fact": "x", "op": "?"}]}),
     "rule LOCAL-01, field 'applies_when.all[1].op': must be an operator (lt, le, gt, ge, eq, "
     "ne, in, present, absent, true, false, nonempty, unknown), not '?'"),
    (("severty", "info"), "rule LOCAL-01, field 'severty': unknown key 'severty' "
     "(did you mean 'severity'?)"),
    (("check", "phrse"), "rule LOCAL-01, field 'check': unknown check kind 'phrse' "
     "(did you mean 'phrase'?)"),
    (("title", 5), "rule LOCAL-01, field 'title': must be text, not 5"),
    (("fix", None), "rule LOCAL-01, field 'fix': missing key 'fix'"),
    (("params", {"patterns": ["framework fee"], "min_count": "two"}),
     "rule LOCAL-01, field 'params.min_count': must be a whole number, not 'two'"),
    (("params", {"patterns": ["framework fee"], "min_cont": 2}),
     "rule LOCAL-01, field 'params.min_cont': unknown option (did you mean 'min_count'?)"),
    (("params", {"mode": "absent"}), "rule LOCAL-01, field 'params.patterns': missing required "
     "option"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "reason"), PACK_MISTAKES)
def test_a_rule_pack_mistake_is_one_line_naming_file_rule_and_field(
    tmp_path: Path, change: tuple, reason: str
) -> None:
    pack = json.loads(json.dumps(USER_PACK))
    _set(pack["rules"][0], change)
    folder = tmp_path / "ours"
    folder.mkdir()
    path = folder / "local.yaml"
    path.write_text(yaml.safe_dump(pack, sort_keys=False), encoding="utf-8")
    doc = tmp_path / "t.md"
    doc.write_text(TENDER, encoding="utf-8")
    result = run(str(doc), "--rules", str(folder), "--no-cache")
    assert one_line(result) == f"tendercheck: error: {path}: {reason}"


def test_an_unknown_operator_in_a_shipped_style_pack_is_refused_before_any_run(
    tmp_path: Path,
) -> None:
    """applies_when is checked by the loader too (the shipped packs skip the schema): an unknown
    operator used to reach the engine and end as an internal error."""
    from tendercheck.engine.checks import CHECK_KINDS
    from tendercheck.engine.loader import RulePackError, parse_pack

    pack = json.loads(json.dumps(USER_PACK))
    pack["rules"][0]["applies_when"] = {"not": {"fact": "lots", "op": "around", "value": 1}}
    with pytest.raises(RulePackError, match=r"applies_when\.not\.op.*unknown operator 'around'"):
        parse_pack("x.yaml", yaml.safe_dump(pack), CHECK_KINDS, trusted=True)


# --- tender.toml --------------------------------------------------------------------------------

TENDER_TOML_MISTAKES = [
    ('tupe = "yes"\n', "'tupe' must be true or false, not 'yes'"),
    ("incumbnet = true\n", "unknown key 'incumbnet' (did you mean 'incumbent'?)"),
    ('kpis = [{text = "Fewer falls", kind = "good"}]\n',
     "'kpis[0].kind' must be output or outcome, not 'good'"),
    ('questions = [{txt = "Describe your approach"}]\n',
     "unknown key 'questions[0].txt' (did you mean 'text'?)"),
    ('procedure = "auction"\n', "'procedure' must be one of open, competitive, rfq, framework, "
     "call_off, dps, prequalification, not 'auction'"),
    ('value = "lots"\n', "value: not an amount in pounds (got 'lots')"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "reason"), TENDER_TOML_MISTAKES)
def test_a_tender_toml_mistake_is_one_line_naming_file_and_key(
    tmp_path: Path, text: str, reason: str
) -> None:
    sidecar = tmp_path / "tender.toml"
    sidecar.write_text(text, encoding="utf-8")
    doc = tmp_path / "t.md"
    doc.write_text(TENDER, encoding="utf-8")
    assert one_line(run(str(doc), "--no-cache")) == f"tendercheck: error: {sidecar}: {reason}"


# --- bidder profiles ----------------------------------------------------------------------------

PROFILE_MISTAKES = [
    ("margin = 150\n", "'margin' must be a percentage of the contract value (0–100), not 150"),
    ('lots = "2a"\n', "'lots' must be a list of lot names, e.g. lots = [\"2a\", \"3\"], not '2a'"),
    ("years_trading = nan\n", "'years_trading' must be a finite number, not nan or inf"),
]  # fmt: skip


@pytest.mark.parametrize(("extra", "reason"), PROFILE_MISTAKES)
def test_a_profile_mistake_is_one_line_naming_file_and_key(
    tmp_path: Path, extra: str, reason: str
) -> None:
    profile = tmp_path / "org.toml"
    profile.write_text(PROFILE + extra, encoding="utf-8")
    doc = tmp_path / "t.md"
    doc.write_text(TENDER, encoding="utf-8")
    result = run(str(doc), "--as", "bidder", "--profile", str(profile), "--no-cache")
    assert one_line(result) == f"tendercheck: error: {profile}: {reason}"


def test_every_effort_rate_can_be_set_in_the_configuration() -> None:
    """The [effort] table of the configuration schema names exactly the rates of the effort
    model (tendercheck/data/effort.yaml): a new rate is settable, and no key is left behind."""
    import json
    from importlib import resources

    from tendercheck.engine.effort import DEFAULTS

    schema = json.loads(
        resources.files("tendercheck.data").joinpath("config.schema.json").read_text("utf-8")
    )
    assert set(schema["properties"]["effort"]["properties"]) == set(DEFAULTS)
