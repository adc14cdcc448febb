"""Exit codes: 0 clean, 1 findings at or above the fail level (or score under --fail-under),
2 usage or input error, 3 internal error. Pinned with a config that selects one rule of a
fixture written to fail it (SUPPLIER-01: £5m turnover on a £40k-a-year contract), so the codes
do not move when other rules change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tendercheck.cli import main

from .helpers import FIXTURES

CLEANING = str(FIXTURES / "council-cleaning-itt.docx")


def run(*args: str):
    return CliRunner().invoke(main, [*args, "--no-cache"])


def config(
    tmp_path: Path, severity: str | None = None, select: str = "SUPPLIER-01", **extra
) -> str:
    lines = [f'select = ["{select}"]']
    lines += [f"{key} = {value!r}" for key, value in extra.items()]
    if severity:
        lines += ["[severity]", f'{select} = "{severity}"']
    path = tmp_path / "tendercheck.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def check(tmp_path: Path, *options: str, severity: str | None = None, **extra):
    result = run(CLEANING, "-f", "json", "--config", config(tmp_path, severity, **extra), *options)
    assert "Traceback" not in result.output
    return result


def test_error_finding_fails_by_default(tmp_path: Path) -> None:
    result = check(tmp_path)
    assert result.exit_code == 1, result.output
    assert '"id": "SUPPLIER-01"' in result.stdout and '"status": "fail"' in result.stdout


@pytest.mark.parametrize(
    ("severity", "fail_on", "code"),
    [
        ("warning", None, 0),  # default --fail-on error: a warning passes
        ("warning", "warning", 1),
        ("warning", "info", 1),
        ("info", "warning", 0),
        ("info", "info", 1),
        ("error", "warning", 1),  # an error is above the warning level
    ],
)
def test_fail_on_level(tmp_path: Path, severity: str, fail_on: str | None, code: int) -> None:
    options = ("--fail-on", fail_on) if fail_on else ()
    result = check(tmp_path, *options, severity=severity)
    assert result.exit_code == code, result.output


def test_fail_on_from_the_config_file(tmp_path: Path) -> None:
    assert check(tmp_path, severity="info", fail_on="info").exit_code == 1
    # the command line wins over the config
    assert check(tmp_path, "--fail-on", "error", severity="info", fail_on="info").exit_code == 0


def test_a_passing_rule_exits_zero(tmp_path: Path) -> None:
    result = run(CLEANING, "-f", "json", "--config", config(tmp_path, select="SPEC-02"))
    assert result.exit_code == 0, result.output
    assert '"id": "SPEC-02"' in result.stdout and '"status": "pass"' in result.stdout


@pytest.mark.parametrize(("fail_under", "code"), [("1", 1), ("0", 0)])
def test_fail_under_score(tmp_path: Path, fail_under: str, code: int) -> None:
    # one failing warning rule: overall score 0, and --fail-on error does not trip
    result = check(tmp_path, "--fail-under", fail_under, severity="warning")
    assert result.exit_code == code, result.output
    assert '"overall": 0' in result.stdout


def test_fail_under_from_the_config_file(tmp_path: Path) -> None:
    assert check(tmp_path, severity="warning", fail_under=50).exit_code == 1
    assert check(tmp_path, "--fail-under", "0", severity="warning", fail_under=50).exit_code == 0


def test_a_failing_info_rule_alone_gives_no_score_and_trips_no_fail_under(tmp_path: Path) -> None:
    # Info rules (good practice, strengths) weigh nothing: one failing alone is not a score of 0.
    result = check(tmp_path, "--fail-under", "50", severity="info")
    assert result.exit_code == 0, result.output
    assert '"overall": null' in result.stdout


def test_waived_finding_does_not_fail(tmp_path: Path) -> None:
    from tendercheck.engine import waiver_hash

    quote = (
        "Tenderers must have a minimum annual turnover of £5,000,000 in each of the last three "
        "financial years."
    )
    path = Path(config(tmp_path))
    path.write_text(
        path.read_text(encoding="utf-8")
        + "[[waivers]]\n"
        + 'rule = "SUPPLIER-01"\ndocument = "council-cleaning-itt.docx"\n'
        + f'hash = "{waiver_hash(quote)}"\nreason = "Agreed with the finance team"\n',
        encoding="utf-8",
    )
    result = run(CLEANING, "-f", "json", "--config", str(path))
    assert result.exit_code == 0, result.output
    assert '"waived": "Agreed with the finance team"' in result.stdout


# --- 2: usage or input errors --------------------------------------------------------------


def one_line_error(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in result.output
    return "\n".join(lines)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.docx"
    result = run(str(missing), "-f", "text")
    assert result.exit_code == 2
    assert one_line_error(result) == f"tendercheck: error: {missing}: no such file or folder"


def test_broken_docx_is_an_input_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip")
    result = run(str(broken), "-f", "json")
    assert result.exit_code == 2
    message = one_line_error(result)
    assert message.startswith(f"tendercheck: error: {broken}: ") and "\n" not in message
    assert result.stdout == ""


def test_unknown_option_is_a_usage_error() -> None:
    result = run(CLEANING, "--frobnicate")
    assert result.exit_code == 2
    assert "No such option" in result.stderr and "--frobnicate" in result.stderr


@pytest.mark.parametrize(
    ("option", "value", "needle"),
    [("--fail-on", "fatal", "--fail-on"), ("--format", "docx", "--format")],
)
def test_bad_option_value_is_a_usage_error(option: str, value: str, needle: str) -> None:
    result = run(CLEANING, option, value)
    assert result.exit_code == 2
    assert f"Invalid value for '{needle}'" in result.stderr


def test_bidder_view_without_a_profile_is_a_usage_error() -> None:
    result = run(CLEANING, "-f", "text", "--as", "bidder")
    assert result.exit_code == 2
    assert "--as bidder needs --profile" in result.stderr
    assert result.stdout == ""


def test_bad_config_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "tendercheck.toml"
    bad.write_text('fail_on = "sometimes"\n', encoding="utf-8")
    result = run(CLEANING, "-f", "json", "--config", str(bad))
    assert result.exit_code == 2
    assert one_line_error(result) == (
        f"tendercheck: error: {bad}: 'fail_on' must be one of error, warning, info, not 'sometimes'"
    )


# --- 3: internal errors --------------------------------------------------------------------


@pytest.fixture
def no_debug(monkeypatch):
    monkeypatch.delenv("TENDERCHECK_DEBUG", raising=False)


def explode(*args, **kwargs):
    raise RuntimeError("simulated bug")


@pytest.mark.parametrize(
    "target",
    [
        "tendercheck.engine.evaluate",
        "tendercheck.nlp.analyse",
        "tendercheck.report.sarif.render_sarif",
    ],
)
def test_a_crash_in_any_stage_is_an_internal_error(monkeypatch, no_debug, target: str) -> None:
    import tendercheck.report.sarif  # noqa: F401  (so the attribute exists to patch)

    monkeypatch.setattr(target, explode)
    result = run(CLEANING, "-f", "sarif")
    assert result.exit_code == 3, result.output
    assert one_line_error(result) == (
        "tendercheck: internal error: RuntimeError: simulated bug "
        "(set TENDERCHECK_DEBUG=1 for a traceback)"
    )
    assert result.stdout == ""
