"""Issue 14, the bidder's profile: what the template (``tendercheck profile init``) calls optional
is optional; written policies a tender can fail an organisation on (environmental, safeguarding,
equality, health and safety) and financial ratios a tender sets a minimum for are stated in the
profile and checked against the tender's demands."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tendercheck.cli import main
from tendercheck.schema import schema

ITT = """# Invitation to tender: youth mentoring

Anytown Council invites tenders for a youth mentoring service. The contract is worth £50,000 a
year for two years.

## Selection

Tenderers must provide a copy of their safeguarding policy.

Tenderers must have an equality and diversity policy in place.

Bidders must submit their environmental policy with the tender.

Bidders must have a current ratio of at least 1.2.

## Specification

The provider will mentor young people aged 14 to 18 each week.
"""
REQUIRED = 'name = "Riverside Youth"\nturnover = 90000\nday_rate = 250\nhours_available = 60\n'


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pol") / "pack"
    folder.mkdir()
    (folder / "itt.md").write_text(ITT, encoding="utf-8")
    return folder


def bidder(pack: Path, profile_text: str, tmp_path: Path) -> dict:
    profile = tmp_path / "org.toml"
    profile.write_text(profile_text, encoding="utf-8")
    result = CliRunner().invoke(
        main, [str(pack), "--as", "bidder", "--profile", str(profile), "-f", "json", "--jobs", "1"]
    )
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["bidder"]


def gaps(view: dict) -> dict[str, dict]:
    return {g["requirement"]: g for g in view["eligibility_gaps"]}


def not_given(view: dict) -> str:
    return " ".join(r for r in view["reasons"] if r.startswith("Your profile does not say"))


def template(tmp_path: Path) -> str:
    path = tmp_path / "org.toml"
    result = CliRunner().invoke(main, ["profile", "init", str(path)])
    assert result.exit_code == 0, result.output
    return path.read_text(encoding="utf-8")


def test_the_template_marks_what_is_required_and_every_other_line_can_be_left_out(
    tmp_path: Path, pack: Path
) -> None:
    text = template(tmp_path)
    marked = set()
    lines = text.splitlines()
    for i, line in enumerate(lines[:-1]):
        if line.startswith("# Required"):
            marked.add(lines[i + 1].split("=")[0].strip())
    required = set(schema("profile")["required"])
    assert marked == required
    keys = [
        m.group(1)
        for m in re.finditer(r"^(\w+) = ", text, re.MULTILINE)
        if m.group(1) not in required
    ]
    assert {"employees", "audited_accounts", "certifications", "experience"} <= set(keys)
    # the template as written, and the required lines alone, both give a verdict
    for profile in (text, REQUIRED):
        assert bidder(pack, profile, tmp_path)["verdict"]
    for key in keys:  # each optional line left out on its own
        without = re.sub(rf"^{key} = .*\n", "", text, flags=re.MULTILINE)
        assert bidder(pack, without, tmp_path)["verdict"], key


def test_a_policy_demanded_and_not_held_is_a_gap_you_can_close(tmp_path: Path, pack: Path) -> None:
    view = bidder(pack, REQUIRED + 'employees = 3\npolicies = ["safeguarding"]\n', tmp_path)
    found = gaps(view)
    assert "Policy: safeguarding" not in found  # held
    for label in ("equality and diversity", "environmental"):
        gap = found[f"Policy: {label}"]
        assert gap["you_can_close"] and gap["close_by"] == "the deadline"
        assert "policy" in gap["quote"].lower()
    # under five employees, the buyer is asked whether a statement will do
    questions = " ".join(map(str, view["clarification_questions"]))
    assert "fewer than 5 employees" in questions


def test_a_profile_silent_on_policies_or_ratios_is_not_checked_not_a_gap(
    tmp_path: Path, pack: Path
) -> None:
    view = bidder(pack, REQUIRED, tmp_path)
    assert not any(g.startswith(("Policy:", "Current ratio")) for g in gaps(view))
    said = not_given(view)
    assert "the written policies you hold (policies = [...])" in said
    assert "safeguarding, equality and diversity, environmental" in said
    assert "your current ratio (ratios.current_ratio), asked to be at least 1.2" in said


def test_every_policy_held_and_a_ratio_met_leave_no_gap(tmp_path: Path, pack: Path) -> None:
    profile = (
        REQUIRED + 'policies = ["safeguarding", "equality", "environmental"]\n'
        "[ratios]\ncurrent_ratio = 1.5\n"
    )
    view = bidder(pack, profile, tmp_path)
    assert not any(g.startswith(("Policy:", "Current ratio")) for g in gaps(view))
    assert "policies" not in not_given(view) and "ratio" not in not_given(view)


def test_a_ratio_under_the_tenders_minimum_is_a_gap(tmp_path: Path, pack: Path) -> None:
    view = bidder(pack, REQUIRED + "[ratios]\ncurrent_ratio = 0.9\n", tmp_path)
    gap = gaps(view)["Current ratio"]
    assert (gap["asks"], gap["has"]) == ("a current ratio of at least 1.2", "0.9")
    assert gap["partner_can_close"] and "current ratio of at least 1.2" in gap["quote"]


def test_policies_said_in_guidance_or_as_not_required_are_no_demand(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "itt.md").write_text(
        "# Invitation to tender\n\n## Selection\n\nA safeguarding policy is not required for "
        "this contract.\n\nFor example, a buyer may ask for an environmental policy.\n\n"
        "Suppliers that employ 5 or more staff are legally required to have a written health "
        "and safety policy.\n\nPlease read the guidance to establish whether or not an equality "
        "policy is required.\n\n"
        "Tenderers must provide their safeguarding policy.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["facts", str(folder), "-f", "json"])
    facts = json.loads(result.stdout)
    facts = facts.get("facts", facts)
    assert [d["kind"] for d in facts["policies_demanded"]["value"]] == ["safeguarding"]


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('policies = ["green"]', "'policies[0]' must be environmental, safeguarding, equality"),
        ("[ratios]\ncurrent = 1.2", "unknown ratio 'current'"),
        ('[ratios]\ncurrent_ratio = "high"', "'ratios.current_ratio' must be a number"),
    ],
)
def test_a_wrong_policy_or_ratio_is_one_line_exit_2(
    tmp_path: Path, pack: Path, line: str, words: str
) -> None:
    profile = tmp_path / "org.toml"
    profile.write_text(REQUIRED + line + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, [str(pack), "--as", "bidder", "--profile", str(profile), "-f", "json"]
    )
    assert result.exit_code == 2
    (message,) = result.stderr.strip().splitlines()
    assert str(profile) in message and words in message, message
