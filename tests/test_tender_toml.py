"""Issue 14, "Next steps that work": every fact a "Not assessed" result tells the user to set in
tender.toml is accepted there, reaches the facts, and the hint goes away; docs/tender-toml.md
documents every key (generated from the schema, and current)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tendercheck.cli import main
from tendercheck.engine import NOT_SUPPLIED, supply_hint
from tendercheck.nlp.supplied import sidecar_facts, sidecar_keys
from tendercheck.report.tender_docs import tender_toml_markdown
from tendercheck.schema import schema

ROOT = Path(__file__).resolve().parents[1]
HINT_KEY = re.compile(r"'(\w+)' in tender\.toml")


def _strings(node: ast.AST) -> set[str]:
    return {
        c.value
        for c in ast.walk(node)
        if isinstance(c, ast.Constant)
        and isinstance(c.value, str)
        and re.fullmatch(r"[a-z_]+", c.value)
    }


def facts_a_rule_can_ask_for() -> set[str]:
    from tendercheck.engine.kinds_demand import DERIVED

    """Every fact name that can end in a result's ``missing`` list (and so in a "supply" hint):
    what the checks record as missing (ctx.fact / ctx.value / need / missing.append and the
    lists of unknown facts they extend it with), the facts the packs' fact tests read, and the
    facts a rule's text tells the user to put in tender.toml."""
    names: set[str] = set()
    for path in (ROOT / "tendercheck" / "engine").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            asks = False
            if isinstance(func, ast.Attribute) and func.attr in ("append", "extend"):
                owner = func.value
                asks = (isinstance(owner, ast.Attribute) and owner.attr == "missing") or (
                    isinstance(owner, ast.Name) and owner.id in ("missing", "unknown")
                )
            elif isinstance(func, ast.Attribute) and func.attr in ("fact", "value"):
                asks = isinstance(func.value, ast.Name) and func.value.id == "ctx"
            elif isinstance(func, ast.Name):
                asks = func.id == "need"
                if func.id == "not_demanded" and len(node.args) > 1:
                    # not_demanded(ctx, "fact", …) records its fact as missing through need()
                    names |= set(_strings(node.args[1]))
            if asks:
                # params["fact"] and the like: keys into a rule's parameters, not fact names
                subscripts = {
                    s.slice.value
                    for a in node.args
                    for s in ast.walk(a)
                    if isinstance(s, ast.Subscript) and isinstance(s.slice, ast.Constant)
                }
                names |= {n for a in node.args for n in _strings(a)} - subscripts

    def walk(value, key: str = "") -> None:
        if isinstance(value, dict):
            # A test with a default, or asking whether the fact is found at all (present,
            # absent, unknown), never records it as missing.
            quiet = ("present", "absent", "unknown")
            asks = "default" not in value and value.get("op") not in quiet
            if (
                isinstance(value.get("fact"), str)
                and asks
                and ("op" in value or key in ("params", "options"))
            ):
                names.add(value["fact"])
            for k in ("numerator", "denominator"):
                if isinstance(value.get(k), str):
                    names.add(value[k])
            for k, v in value.items():
                # fact_count's empty_when is run on a context of its own: it asks for nothing
                if k not in ("examples", "empty_when"):
                    walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)

    stood_in: set[str] = set()  # compare's else_patterns: the text stands in, never missing
    for pack in (ROOT / "rules").glob("*.yaml"):
        text = pack.read_text(encoding="utf-8")
        loaded = yaml.safe_load(text)
        walk(loaded)
        for entry in loaded.get("rules", []) if isinstance(loaded, dict) else loaded:
            stood_in |= set((entry.get("params") or {}).get("else_patterns") or {})
        for listed in re.findall(r"tender\.toml: ([a-z_, ]+)\)", text):
            names |= {n.strip() for n in listed.split(",")}
        names |= set(re.findall(r"\b([a-z][a-z0-9_]+) in tender\.toml", text))
    # A compare rule's derived values (bid_words, tender_working_days…) are no facts: each
    # records the facts it lacks, which the walk over tendercheck/engine finds.
    return names - set(DERIVED) - stood_in


def test_the_harvest_finds_the_facts_issue_14_names() -> None:
    assert {"kpis", "tupe", "incumbent", "payment_by_results", "questions"} <= (
        facts_a_rule_can_ask_for()
    )


def test_every_fact_a_report_can_ask_for_is_accepted_in_tender_toml(tmp_path: Path) -> None:
    props = schema("tender")["properties"]
    keys = sidecar_keys()
    for fact in sorted(facts_a_rule_can_ask_for()):
        hint = supply_hint(fact)
        if fact in NOT_SUPPLIED:  # a place in the documents: the hint says so, not tender.toml
            assert "tender.toml" not in hint
            continue
        match = HINT_KEY.search(hint)
        assert match, f"{fact}: {hint}"
        key = match.group(1)
        assert keys[key] == fact
        sidecar = tmp_path / "tender.toml"
        sidecar.write_text(props[key]["x-example"] + "\n", encoding="utf-8")
        (got,) = sidecar_facts(sidecar)
        assert (got.name, got.source) == (fact, "sidecar")
        assert got.value is not None


PACK = """# Invitation to tender: community transport

Anytown Council invites tenders for a community transport service for one year. The contract is
worth £60,000 a year.

## Specification

The provider will run a door-to-door minibus service for older residents three days a week.
"""


def _not_assessed(folder: Path) -> dict[str, list[str]]:
    result = CliRunner().invoke(main, [str(folder), "-f", "json", "--no-cache", "--jobs", "1"])
    assert result.exit_code in (0, 1), result.output + result.stderr
    report = json.loads(result.output)
    return {r["id"]: r.get("supply", []) for r in report["rules"] if r["status"] == "not-assessed"}


def test_setting_each_hinted_key_in_tender_toml_makes_the_hint_disappear(tmp_path: Path) -> None:
    """Run, set every key the hints name (with the example the docs give), run again, until no
    hint names tender.toml: the facts reach the rules, which are then assessed."""
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "itt.md").write_text(PACK, encoding="utf-8")
    props = schema("tender")["properties"]
    first = _not_assessed(folder)
    asked = {k for hints in first.values() for h in hints for k in HINT_KEY.findall(h)}
    assert {"tupe", "incumbent", "kpis", "questions", "payment_by_results"} <= asked
    lines: dict[str, str] = {}
    hints: dict[str, list[str]] = first
    for _ in range(4):  # a fact given can lead a rule on to the next one it needs
        keys = {k for hs in hints.values() for h in hs for k in HINT_KEY.findall(h)}
        if not keys:
            break
        for key in keys:
            lines.setdefault(key, props[key]["x-example"])
        (folder / "tender.toml").write_text("\n".join(lines.values()) + "\n", encoding="utf-8")
        hints = _not_assessed(folder)
    assert not [h for hs in hints.values() for h in hs if "tender.toml" in h], hints
    for rule in ("MARKET-03", "MARKET-05", "OUTCOME-04", "EFFORT-03"):
        assert rule in first and rule not in hints  # assessed now


def test_docs_tender_toml_is_current() -> None:
    docs = ROOT / "docs" / "tender-toml.md"
    assert docs.read_text(encoding="utf-8") == tender_toml_markdown(), (
        "run: python -m tendercheck.report.tender_docs > docs/tender-toml.md"
    )


@pytest.mark.parametrize("key", sorted(schema("tender")["properties"]))
def test_every_documented_key_has_a_type_a_meaning_and_an_example_that_loads(
    tmp_path: Path, key: str
) -> None:
    spec = schema("tender")["properties"][key]
    assert spec["x-expect"] and spec["description"] and spec["x-example"].startswith(key)
    sidecar = tmp_path / "tender.toml"
    sidecar.write_text(spec["x-example"] + "\n", encoding="utf-8")
    (fact,) = sidecar_facts(sidecar)
    assert fact.name == spec.get("x-fact", key)


# Demands the checks read from the documents (through not_demanded()): a pack that mentions each
# one in words no extractor reads leaves its rule not assessed, asking for the tender.toml key;
# the key, written by hand as docs/tender-toml.md shows, gets the rule assessed.
MENTIONS = """# Invitation to tender: community transport

Anytown Council invites tenders for a community transport service.

## Specification

The provider will run a door-to-door minibus service for older residents three days a week.

## Selection

Annex C explains audited accounts.

Annex D covers three years of accounts.

Annex E covers public-sector experience only.

Annex F is about the modern slavery statement.

Annex G is about Cyber Essentials Plus.

Annex H says when joint bids are not permitted.

Annex J is about a parent company guarantee.

Annex K is the PQQ guide.

Annex L tells you when to give a presentation.
"""
BASE = "value = 60000\nduration_months = 12\nabove_threshold = false\n"
DEMANDS = [  # key, the rule that needs it, a tender.toml line, the rule's status then
    ("audited_accounts_required", "SUPPLIER-03", "audited_accounts_required = true", "fail"),
    ("audited_accounts_required", "SUPPLIER-03", "audited_accounts_required = false", "pass"),
    ("accounts_years_required", "SUPPLIER-04", "accounts_years_required = 3", "fail"),
    ("accounts_years_required", "SUPPLIER-04", "accounts_years_required = 0", "pass"),
    (
        "experience_demands",
        "SUPPLIER-09",
        'experience_demands = [{kind = "public_sector_only", text = "Three contracts with local '
        'authorities"}]',
        "fail",
    ),
    ("experience_demands", "SUPPLIER-09", "experience_demands = []", "pass"),
    (
        "modern_slavery_statement_required",
        "SUPPLIER-10",
        "modern_slavery_statement_required = true",
        "fail",
    ),
    ("cyber_essentials", "SUPPLIER-13", 'cyber_essentials = "plus"', "fail"),
    ("cyber_essentials", "SUPPLIER-13", 'cyber_essentials = "none"', "pass"),
    ("consortia_allowed", "SUPPLIER-14", "consortia_allowed = false", "fail"),
    (
        "consortia_allowed",
        "SUPPLIER-14",
        "consortia_allowed = true\nsubcontracting_allowed = true\nreliance_on_others_allowed = true",
        "pass",
    ),
    ("bonds_guarantees", "SUPPLIER-15", 'bonds_guarantees = ["performance_bond"]', "fail"),
    ("bonds_guarantees", "SUPPLIER-15", "bonds_guarantees = []", "pass"),
    ("pre_qualification_stage", "SUPPLIER-16", "pre_qualification_stage = true", "fail"),
    ("presentations", "EFFORT-04", "presentations = true", "fail"),
    (
        "presentations",
        "EFFORT-04",
        'presentations = [{kind = "interview", mandatory = false}]',
        "pass",
    ),
    ("presentations", "EFFORT-04", "presentations = false", "pass"),
]


def _rules(folder: Path, *extra: str) -> dict[str, dict]:
    result = CliRunner().invoke(
        main, [str(folder), "-f", "json", "--no-cache", "--jobs", "1", *extra]
    )
    assert result.exit_code in (0, 1), result.output + result.stderr
    report = json.loads(result.output)
    return {r["id"]: r for r in report["rules"]}


@pytest.fixture(scope="module")
def mentions_pack(tmp_path_factory) -> tuple[Path, dict[str, dict]]:
    folder = tmp_path_factory.mktemp("mentions")
    (folder / "itt.md").write_text(MENTIONS, encoding="utf-8")
    (folder / "tender.toml").write_text(BASE, encoding="utf-8")
    return folder, _rules(folder)


@pytest.mark.parametrize(("key", "rule", "line", "status"), DEMANDS)
def test_a_demand_the_documents_only_mention_is_assessed_once_tender_toml_states_it(
    tmp_path: Path, mentions_pack, key: str, rule: str, line: str, status: str
) -> None:
    _, before = mentions_pack
    assert before[rule]["status"] == "not-assessed"
    assert any(f"'{key}' in tender.toml" in hint for hint in before[rule]["supply"]), before[rule]
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "itt.md").write_text(MENTIONS, encoding="utf-8")
    (folder / "tender.toml").write_text(BASE + line + "\n", encoding="utf-8")
    after = _rules(folder)[rule]
    assert after["status"] == status, after
    if status == "fail":  # the finding quotes where the demand was stated
        assert any("tender.toml" in e["document"] for e in after["evidence"]), after


# Named certifications and brands (SUPPLIER-07, SUPPLIER-08): a pack that mentions them in words
# no extractor reads asks for the key; the key, a name alone or a table, settles the rule.
NAMED = """# Invitation to tender: office cleaning

Anytown Council invites tenders for office cleaning.

## Specification

The provider will clean the council's two offices each weekday evening.

## Selection

Annex M is about BS EN ISO accreditation.

Annex N names the brand of cleaning machine.
"""
NAMED_DEMANDS = [  # key, the rule that needs it, a tender.toml line, the rule's status then
    ("certifications", "SUPPLIER-07", 'certifications = ["ISO 9001"]', "fail"),
    (
        "certifications",
        "SUPPLIER-07",
        'certifications = [{name = "ISO 9001", equivalent_accepted = true}]',
        "pass",
    ),
    (
        "certifications",
        "SUPPLIER-07",
        'certifications = [{name = "CHAS", required = false}]',
        "pass",
    ),
    ("certifications", "SUPPLIER-07", "certifications = []", "pass"),
    ("brands_named", "SUPPLIER-08", 'brands_named = ["Kärcher"]', "fail"),
    (
        "brands_named",
        "SUPPLIER-08",
        'brands_named = [{name = "Kärcher", equivalent_accepted = true}]',
        "pass",
    ),
    ("brands_named", "SUPPLIER-08", "brands_named = []", "pass"),
]


@pytest.fixture(scope="module")
def named_pack(tmp_path_factory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("named")
    (folder / "itt.md").write_text(NAMED, encoding="utf-8")
    (folder / "tender.toml").write_text(BASE, encoding="utf-8")
    return _rules(folder)


@pytest.mark.parametrize(("key", "rule", "line", "status"), NAMED_DEMANDS)
def test_a_certification_or_brand_the_documents_only_mention_is_settled_by_tender_toml(
    tmp_path: Path, named_pack, key: str, rule: str, line: str, status: str
) -> None:
    before = named_pack[rule]
    assert before["status"] == "not-assessed", before
    assert any(f"'{key}' in tender.toml" in hint for hint in before["supply"]), before
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "itt.md").write_text(NAMED, encoding="utf-8")
    (folder / "tender.toml").write_text(BASE + line + "\n", encoding="utf-8")
    after = _rules(folder)[rule]
    assert after["status"] == status, after
    if status == "fail":  # the finding names the item and quotes tender.toml
        assert any("tender.toml" in e["document"] for e in after["evidence"]), after
        assert ("ISO 9001" if key == "certifications" else "Kärcher") in after["message"]


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('presentations = "yes"', "'presentations' must be true or false, or a list of tables"),
        ('cyber_essentials = "gold"', "'cyber_essentials' must be plus, basic or none, not 'gold'"),
        ("accounts_years_required = 2.5", "'accounts_years_required' must be a whole number"),
        ('bonds_guarantees = ["bond"]', "'bonds_guarantees[0]' must be parent_company_guarantee"),
        (
            'experience_demands = [{kind = "public_sector_only"}]',
            "missing key 'experience_demands[0].text'",
        ),
        ('consortia_allowed = "no"', "'consortia_allowed' must be true or false, not 'no'"),
        ('certifications = [{name = "ISO 9001", equivalent = true}]', "'certifications[0]'"),
        ("brands_named = [3]", "'brands_named[0]'"),
        ('policies_demanded = ["green"]', "'policies_demanded[0]'"),
        ("financial_ratios = {current_ratio = 0}", "'financial_ratios.current_ratio'"),
        ("financial_ratios = {debt_ratio = 2}", "financial_ratios"),
    ],
)
def test_a_wrong_value_for_a_demand_key_is_one_line_naming_the_file_and_key(
    tmp_path: Path, line: str, words: str
) -> None:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "itt.md").write_text(MENTIONS, encoding="utf-8")
    (folder / "tender.toml").write_text(line + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, [str(folder), "-f", "json", "--no-cache", "--jobs", "1"])
    assert result.exit_code == 2
    (message,) = result.stderr.strip().splitlines()
    assert str(folder / "tender.toml") in message and words in message, message


PROFILE = """name = "Riverside Community Trust"
turnover = 120000
day_rate = 250
hours_available = 60
years_trading = 2
accounts_years = 2
audited_accounts = false
experience = ["voluntary sector", "community wellbeing"]
"""


def test_the_bidder_view_reads_demands_given_in_tender_toml_as_it_reads_extracted_ones(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "itt.md").write_text(MENTIONS, encoding="utf-8")
    (folder / "tender.toml").write_text(
        BASE
        + "accounts_years_required = 3\naudited_accounts_required = true\n"
        + 'bonds_guarantees = ["performance_bond"]\n'
        + 'experience_demands = [{kind = "public_sector_only", text = "Experience must be with '
        'the public sector"}]\npresentations = [{kind = "interview"}]\n',
        encoding="utf-8",
    )
    profile = tmp_path / "org.toml"
    profile.write_text(PROFILE, encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            str(folder),
            "--as",
            "bidder",
            "--profile",
            str(profile),
            "-f",
            "json",
            "--no-cache",
            "--jobs",
            "1",
        ],
    )
    assert result.exit_code in (0, 1), result.output + result.stderr
    bidder = json.loads(result.stdout)["bidder"]
    gaps = {g["requirement"] for g in bidder["eligibility_gaps"]}
    assert {"Audited accounts", "Years of accounts", "Experience: public sector clients"} <= gaps
    assert any("performance bond" in str(r) for r in bidder["risks"]), bidder["risks"]
    lines = {line["item"]: line for line in bidder["effort"]["breakdown"]}
    assert lines["presentations, interviews, demonstrations"]["quantity"] == 1, lines


def test_tender_toml_in_a_pack_folder_is_read_as_facts_not_as_a_document(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "itt.md").write_text(MENTIONS, encoding="utf-8")
    (folder / "tender.toml").write_text(BASE + "accounts_years_required = 3\n", encoding="utf-8")
    (folder / "tendercheck.toml").write_text('ignore = ["SPEC-06"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, [str(folder), "-f", "json", "--no-cache", "--jobs", "1"])
    report = json.loads(result.stdout)
    assert [d["name"] for d in report["inputs"][0]["documents"]] == ["itt.md"], report["inputs"]
    assert report["skipped"] == []


@pytest.mark.parametrize(("upfront", "status"), [("true", "pass"), ("false", "fail")])
def test_an_upfront_payment_stated_in_tender_toml_settles_market_05(
    tmp_path: Path, upfront: str, status: str
) -> None:
    """The pack pays quarterly in arrears; whether part of the price is paid upfront decides
    MARKET-05, and only tender.toml says so here."""
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "itt.md").write_text(
        PACK + "\nThe Council will pay the provider quarterly in arrears.\n", encoding="utf-8"
    )
    (folder / "tender.toml").write_text(BASE + f"payment_upfront = {upfront}\n", encoding="utf-8")
    assert _rules(folder)["MARKET-05"]["status"] == status
