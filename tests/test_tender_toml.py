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
            if isinstance(value.get("fact"), str) and (
                "op" in value or key in ("params", "options")
            ):
                names.add(value["fact"])
            for k in ("numerator", "denominator"):
                if isinstance(value.get(k), str):
                    names.add(value[k])
            for k, v in value.items():
                if k != "examples":
                    walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)

    for pack in (ROOT / "rules").glob("*.yaml"):
        text = pack.read_text(encoding="utf-8")
        walk(yaml.safe_load(text))
        for listed in re.findall(r"tender\.toml: ([a-z_, ]+)\)", text):
            names |= {n.strip() for n in listed.split(",")}
        names |= set(re.findall(r"\b([a-z][a-z0-9_]+) in tender\.toml", text))
    # A compare rule's derived values (bid_words, tender_working_days…) are no facts: each
    # records the facts it lacks, which the walk over tendercheck/engine finds.
    return names - set(DERIVED)


# Demands a check reads from the documents through not_demanded() (a pass when the pack never
# mentions them), and MARKET-05's upfront payment, that no tender.toml key sets yet: the hint says so honestly. Open work for
# issue 14 ("every fact the report asks for must be accepted where it says"): give each a key
# with its value shape, then drop it from here.
NO_KEY_YET = {
    "accounts_years_required",
    "audited_accounts_required",
    "bonds_guarantees",
    "brands_named",
    "certifications",
    "consortia_allowed",
    "cyber_essentials",
    "experience_demands",
    "modern_slavery_statement_required",
    "payment_upfront",
    "pre_qualification_stage",
    "presentations",
}


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
        if fact in NO_KEY_YET:
            assert "no tender.toml key sets it" in hint, f"{fact} has a key now: {hint}"
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
