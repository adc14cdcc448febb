"""Terminal text: findings with evidence and fixes, colour only on request, bid verdict first."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

import click
import pytest
from click.testing import CliRunner

from tendercheck.cli import main
from tendercheck.engine.model import RuleResult
from tendercheck.report import render

from .helpers import FIXTURES
from .report_helpers import evidence, failing, hand_report, make_rule, real_report

ANSI = "\x1b["


@pytest.fixture(scope="module")
def cleaning():
    report = real_report("council-cleaning-itt.docx")
    return report, render(report, "text"), render(report, "text", color=True)


def test_plain_text_has_no_escape_codes_and_colour_only_adds_them(cleaning) -> None:
    _, plain, coloured = cleaning
    assert ANSI not in plain
    assert ANSI in coloured
    assert click.unstyle(coloured) == plain
    # the error mark is red and bold; the words carry the meaning without colour
    assert click.style("ERROR", fg="red", bold=True) + " " in coloured
    assert "ERROR SUPPLIER-01 Minimum turnover above twice the annual contract value" in plain


def test_header_scores_and_counts(cleaning) -> None:
    report, plain, _ = cleaning
    lines = plain.splitlines()
    assert lines[0] == "tendercheck: 1 document(s), 40 page(s)"
    overall = report.result.scores["overall"]
    assert lines[1].startswith(f"score {overall.score} (coverage {overall.coverage:.0%})  TIME ")
    failed = report.result.failed()
    counts = {s: sum(r.severity == s for r in failed) for s in ("error", "warning", "info")}
    assert lines[2] == (
        f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info"
    )


def test_finding_shows_message_location_quote_and_fix(cleaning) -> None:
    report, plain, _ = cleaning
    finding = next(r for r in report.result.results if r.rule.id == "SUPPLIER-01")
    block = plain.split("ERROR SUPPLIER-01 ")[1].split("\nERROR ")[0].splitlines()
    assert block[1] == "       " + finding.message
    assert block[2] == (
        "       council-cleaning-itt.docx p.6 § SELECTION CRITERIA > Economic and financial "
        "standing: “Tenderers must have a minimum annual turnover of £5,000,000 in each of the "
        "last three financial years.” (quote 019d79a21c9b)"
    )
    assert block[3] == "       fix: " + finding.rule.fix
    assert block[4] == (
        '       waiver: rule = "SUPPLIER-01"  document = "council-cleaning-itt.docx"  '
        'hash = "019d79a21c9b"'
    )


def test_findings_are_ordered_errors_first(cleaning) -> None:
    _, plain, _ = cleaning
    marks = [line[:5] for line in plain.splitlines() if line[:5] in ("ERROR", "WARN ", "INFO ")]
    assert marks == sorted(marks, key=["ERROR", "WARN ", "INFO "].index)
    assert marks[0] == "ERROR" and marks[-1] == "INFO "


def test_long_evidence_is_cut_to_three_quotes(cleaning) -> None:
    report, plain, _ = cleaning
    finding = next(r for r in report.result.results if r.rule.id == "EFFORT-06")
    assert len(finding.evidence) > 3
    block = plain.split("WARN  EFFORT-06 ")[1].split("\nWARN  ")[0]
    assert f"… and {len(finding.evidence) - 3} more" in block
    assert finding.evidence[3].quote not in block


def test_not_assessed_waived_and_unused_waivers() -> None:
    report = hand_report(
        [
            failing(make_rule("SPEC-90"), evidence(quote="ISO 9001")),
            failing(make_rule("SUPPLIER-91", "warning"), evidence(quote="x"), waived="Agreed"),
            RuleResult(
                make_rule("TIME-93"),
                "not-assessed",
                "warning",
                "Not assessed: needs submission_deadline",
                supply=["submission_deadline: --deadline"],
            ),
        ],
        unused_waivers=[{"rule": "SPEC-01", "document": "A.docx", "hash": "ab12", "reason": "old"}],
        effort={"hours": 12.5, "cost": 583, "breakdown": []},
    )
    text = render(report, "text")
    assert "Waived (1):\n  SUPPLIER-91 Test rule SUPPLIER-91 <b>bold</b>: Agreed" in text
    assert "Waivers that matched nothing (1):\n  SPEC-01 in A.docx (hash ab12): old" in text
    assert (
        "Not assessed (1):\n  TIME-93: Not assessed: needs submission_deadline — supply "
        "submission_deadline: --deadline" in text
    )
    assert text.endswith("Estimated bid effort: 12.5 hours (£583)\n")
    assert "WARN  SUPPLIER-91" not in text  # waived: not listed as a finding
    assert "Spec.docx p.3 § Scope > Cleaning | `rooms`: “ISO 9001”" in text


def test_estimated_pages_are_marked() -> None:
    report = real_report("parish-grounds-maintenance-rfq.docx")
    assert report.analysis.pack.documents[0].pages_estimated
    text = render(report, "text")
    assert "parish-grounds-maintenance-rfq.docx p.~" in text
    assert "parish-grounds-maintenance-rfq.docx p.1 " not in text


@dataclass
class _Gap:
    requirement: str
    asks: str
    has: str


BIDDER = {
    "verdict": "partner",
    "organisation": "Acme CIC",
    "reasons": ["Turnover is below the minimum", {"reason": "Insurance gap", "detail": "PI"}],
    "eligibility_gaps": [
        {
            "requirement": "Minimum turnover",
            "tender": 5_000_000,
            "organisation": 400_000.0,
            "quote": {"document": "ITT.docx", "page": 6, "quote": "turnover of £5,000,000"},
        },
        _Gap("Public liability", "£10m", "£5m"),
        "Three years' audited accounts",
    ],
    "effort": {"hours": 90.6, "cost": 4228, "breakdown": [{"item": "answers", "hours": 60}]},
    "time": {"working_days_left": 11, "deadline": dt.date(2026, 1, 2)},
    "risks": [{"risk": "TUPE applies", "evidence": [{"quote": "TUPE will apply"}]}, None],
    "clarification_questions": ["Will you accept a consortium?", "Can insurance wait?"],
    "profile": "small",
}


def test_bidder_verdict_comes_first_with_reasons_gaps_and_questions() -> None:
    report = real_report("council-cleaning-itt.docx", bidder=BIDDER)
    text = render(report, "text")
    lines = text.splitlines()
    assert lines[0] == "Verdict for Acme CIC: BID WITH A PARTNER"
    assert lines[1:5] == [
        "Reasons:",
        "  - Turnover is below the minimum",
        "  - Insurance gap",
        "      PI",
    ]
    assert "  - Minimum turnover — tender: 5000000; organisation: 400000" in lines
    assert "      ITT.docx p.6: “turnover of £5,000,000”" in lines
    assert "  - Public liability — asks: £10m; has: £5m" in lines
    assert "  - Three years' audited accounts" in lines
    effort = lines.index("Effort:")  # the estimate, then its lines
    assert lines[effort + 1 : effort + 3] == ["  - 90.6 hours (£4,228)", "  - answers: 60 hour(s)"]
    assert "Time: 11 working days left; deadline 2026-01-02" in lines
    assert "  - TUPE applies" in lines and "      “TUPE will apply”" in lines
    assert "  1. Will you accept a consortium?" in lines
    assert "  2. Can insurance wait?" in lines
    assert "Profile: small" in lines
    assert text.index("Questions to ask the buyer:") < text.index("tendercheck: 1 document(s)")
    coloured = render(report, "text", color=True)
    assert (
        "Verdict for Acme CIC: " + click.style("BID WITH A PARTNER", fg="yellow", bold=True)
        in coloured
    )


@pytest.mark.parametrize(
    "bidder",
    [
        {"verdict": "no-bid"},
        {"verdict": "bid", "reasons": [], "eligibility_gaps": None, "effort": {}, "time": "soon"},
        {"reasons": [{"nested": {"deep": [1, 2]}}], "risks": "several"},
        {"verdict": "maybe", "eligibility_gaps": [{}], "effort": {"hours": None, "cost": "n/a"}},
    ],
)
def test_bidder_view_of_any_shape_renders(bidder: dict) -> None:
    text = render(hand_report([], bidder=bidder), "text")
    assert "tendercheck: 1 document(s), 12 page(s)" in text
    if bidder.get("verdict") == "no-bid":
        assert text.startswith("Verdict: DON'T BID\n")
    if bidder.get("verdict") == "maybe":
        assert text.startswith("Verdict: MAYBE\n")


def test_cli_colours_only_on_a_terminal(monkeypatch) -> None:
    fixture = str(FIXTURES / "nhs-community-wellbeing-spec.docx")
    runner = CliRunner()
    plain = runner.invoke(main, [fixture, "-f", "text", "--no-cache"], color=True)
    assert plain.exit_code == 0, plain.output
    assert ANSI not in plain.stdout
    monkeypatch.setattr("tendercheck.cli.stdout_is_tty", lambda: True)
    coloured = runner.invoke(main, [fixture, "-f", "text", "--no-cache"], color=True)
    assert coloured.exit_code == 0, coloured.output
    assert ANSI in coloured.stdout
    assert click.unstyle(coloured.stdout) == plain.stdout


def test_no_color_turns_colour_off_on_a_terminal(monkeypatch) -> None:
    import tendercheck.cli as cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(cli.sys, "stdout", Terminal())
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli.stdout_is_tty() is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli.stdout_is_tty() is False


def test_cli_bidder_view_puts_the_verdict_first(tmp_path) -> None:
    from tendercheck.bidder import EXAMPLE_PROFILE

    profile = tmp_path / "org.toml"
    profile.write_text(EXAMPLE_PROFILE, encoding="utf-8")
    fixture = str(FIXTURES / "council-cleaning-itt.docx")
    args = [fixture, "-f", "text", "--no-cache", "--as", "bidder", "--profile", str(profile)]
    result = CliRunner().invoke(main, [*args, "--today", "2025-12-16"])
    assert result.exit_code in (0, 1), result.output
    lines = result.stdout.splitlines()
    assert re.fullmatch(r"Verdict for .+: (BID|BID WITH A PARTNER|DON'T BID)", lines[0]), lines[0]
    assert lines[1] == "Reasons:"
    text = result.stdout
    assert text.index("Eligibility gaps:") < text.index("tendercheck: 1 document(s), 40 page(s)")
    gap = next(ln for ln in lines if ln.startswith("  - Minimum turnover"))
    assert "£5m" in gap
    assert (
        "      council-cleaning-itt.docx p.6 § SELECTION CRITERIA > Economic and financial "
        "standing: “Tenderers must have a minimum annual turnover of £5,000,000" in text
    )
    assert "Questions to ask the buyer:\n  1. " in text
