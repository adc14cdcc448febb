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

from .helpers import CORPUS

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


# --- Issue 14: a policy question is a demand only when an answer fails -------------------------

CHARNWOOD = CORPUS / "01_charnwood-bc_itt-services-template.docx"


def need(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path.name} is not in ../shared/corpus")


def facts_of(path: Path) -> dict:
    result = CliRunner().invoke(main, ["facts", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    facts = json.loads(result.stdout)
    return facts.get("facts", facts)


@pytest.fixture(scope="module")
def charnwood_facts() -> dict:
    need(CHARNWOOD)
    return facts_of(CHARNWOOD)


@pytest.mark.corpus
def test_corpus_01s_policy_questions_are_read_as_their_pass_fail_rules_say(
    charnwood_facts: dict,
) -> None:
    """Charnwood's ITT: the equality policy is a Level 2 criterion (5 to 49 employees); 'Do you
    have an environmental policy?' fails only a bidder that answers No *and has 5 or more
    employees*; 'Do you have a Safeguarding policy?' fails only one that has none *and will not
    comply with the council's policy*. None is a demand of every bidder."""
    demanded = {d["kind"]: d for d in charnwood_facts["policies_demanded"]["value"]}
    assert set(demanded) == {"equality", "environmental", "safeguarding"}
    assert all(d["force"] == "conditional" for d in demanded.values()), demanded
    assert demanded["equality"]["employees_from"] == 5
    assert demanded["environmental"]["employees_from"] == 5
    assert demanded["environmental"]["quote"] == "Do you have an environmental policy?"
    assert "employees_from" not in demanded["safeguarding"]
    assert "will not comply with the council" in demanded["safeguarding"]["condition"]
    assert "policies_asked" not in charnwood_facts


@pytest.mark.corpus
@pytest.mark.parametrize("employees", [3, 12])
def test_corpus_01_a_small_charity_without_policies_is_not_failed_on_them(
    tmp_path: Path, employees: int
) -> None:
    need(CHARNWOOD)
    view = bidder(CHARNWOOD, REQUIRED + f"employees = {employees}\npolicies = []\n", tmp_path)
    found = {g for g in gaps(view) if g.startswith("Policy:")}
    reasons = " ".join(view["reasons"])
    assert "Policy: safeguarding" not in found  # committing to the council's policy passes
    assert "You hold no safeguarding policy, but the pack does not fail you for that alone" in (
        reasons
    )
    if employees < 5:
        assert found == set(), found
        assert (
            "An environmental policy is asked for only from organisations with 5 or more "
            "employees; with 3 you need none." in reasons
        )
    else:  # 12 employees: both size-limited demands bind
        assert found == {"Policy: environmental", "Policy: equality and diversity"}, found


ASKED = """# Invitation to tender: befriending

Anytown Council invites tenders for a befriending service. The contract is worth £40,000 a
year for two years.

## Selection questionnaire

Do you have a safeguarding policy?

Yes / No

Bidders must provide their current ratio from their latest accounts.

Do you have a health and safety policy?

Bidders who answer No will fail this section.

## Specification

The provider will visit isolated older people each week.
"""


@pytest.fixture(scope="module")
def asked_pack(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("asked") / "pack"
    folder.mkdir()
    (folder / "itt.md").write_text(ASKED, encoding="utf-8")
    return folder


def test_a_question_with_no_pass_fail_rule_is_asked_not_demanded(asked_pack: Path) -> None:
    facts = facts_of(asked_pack)
    assert facts["policies_demanded"]["value"] == [
        {
            "kind": "health_and_safety",
            "quote": "Do you have a health and safety policy?",
            "force": "must",
        }
    ]
    assert [d["kind"] for d in facts["policies_asked"]["value"]] == ["safeguarding"]
    assert [r["name"] for r in facts["ratios_asked"]["value"]] == ["current_ratio"]
    assert "financial_ratios" not in facts


PROFILE_HOLDS_NONE = REQUIRED + "employees = 3\npolicies = []\n[ratios]\ncurrent_ratio = 1.3\n"


def test_the_bidder_view_asks_for_the_tender_toml_key_then_tender_toml_settles_it(
    tmp_path: Path, asked_pack: Path
) -> None:
    """A user's run: the bidder view cannot tell whether the safeguarding policy or a minimum
    current ratio is required and names the tender.toml key; with the key, each is checked."""
    view = bidder(asked_pack, PROFILE_HOLDS_NONE, tmp_path)
    reasons = " ".join(view["reasons"])
    assert (
        "whether the safeguarding policy the pack asks about is required: no answer is said to "
        "fail (itt.md p.1; ask the buyer, or set 'policies_demanded' in tender.toml)" in reasons
    )
    assert (
        "the minimum current ratio the pack asks for (itt.md p.1; ask the buyer, or set "
        "'financial_ratios' in tender.toml)" in reasons
    )
    assert set(gaps(view)) >= {"Policy: health and safety"}
    assert "Policy: safeguarding" not in gaps(view) and "Current ratio" not in gaps(view)

    settled = tmp_path / "settled"
    settled.mkdir()
    (settled / "itt.md").write_text(ASKED, encoding="utf-8")
    (settled / "tender.toml").write_text(
        'policies_demanded = ["safeguarding", "health_and_safety"]\n'
        "financial_ratios = {current_ratio = 1.5}\n",
        encoding="utf-8",
    )
    view = bidder(settled, PROFILE_HOLDS_NONE, tmp_path)
    found = gaps(view)
    assert found["Policy: safeguarding"]["document"].endswith("tender.toml")
    assert (found["Current ratio"]["asks"], found["Current ratio"]["has"]) == (
        "a current ratio of at least 1.5",
        "1.3",
    )
    assert "in tender.toml)" not in " ".join(view["reasons"])

    (settled / "tender.toml").write_text(
        "policies_demanded = []\nfinancial_ratios = {}\n", encoding="utf-8"
    )
    view = bidder(settled, PROFILE_HOLDS_NONE, tmp_path)
    assert not [g for g in gaps(view) if g.startswith(("Policy:", "Current ratio"))]
    assert "in tender.toml)" not in " ".join(view["reasons"])


def test_a_policy_demand_limited_by_size_in_tender_toml_binds_from_that_size(
    tmp_path: Path, asked_pack: Path
) -> None:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "itt.md").write_text(ASKED, encoding="utf-8")
    (folder / "tender.toml").write_text(
        'policies_demanded = [{kind = "equality", employees_from = 5}]\n', encoding="utf-8"
    )
    small = bidder(folder, REQUIRED + "employees = 4\npolicies = []\n", tmp_path)
    assert "Policy: equality and diversity" not in gaps(small)
    big = bidder(folder, REQUIRED + "employees = 5\npolicies = []\n", tmp_path)
    assert "Policy: equality and diversity" in gaps(big)
    unknown = bidder(folder, REQUIRED + "policies = []\n", tmp_path)
    assert "Policy: equality and diversity" not in gaps(unknown)
    assert "an equality and diversity policy is asked for only from organisations with 5" in (
        not_given(unknown)
    )
