"""Re-checking a pack against an earlier report: `--baseline old.json` (or old.sarif) marks each
finding new, still open or fixed, in every format, and says so in the summary."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from tendercheck.cli import main
from tendercheck.report.findings import fingerprint

from .report_helpers import REPORT_SCHEMA, SARIF_SCHEMA, load_json

# The officer's first draft, and the draft after acting on the report: the turnover demand is cut
# to the contract's value and "or equivalent" added to ISO 9001 (three findings fixed), and a
# paper-copies demand crept in (one new); the rest is unchanged.
DRAFT = """# Invitation to tender: grounds maintenance

The council invites tenders for grounds maintenance services. The estimated value of the contract
is £40,000 per annum for 3 years.

## Selection

Tenderers must have a minimum annual turnover of £5,000,000 in each of the last three financial
years.

Tenderers must provide audited accounts for the last three years.

Tenderers must hold ISO 9001 certification.

## Submission

The tender is issued on 3 March 2025. Tenders must be submitted through the e-tendering portal by
12:00 on 14 March 2025.
"""
REVISED = DRAFT.replace(
    "minimum annual turnover of £5,000,000 in each of the last three financial\nyears.",
    "minimum annual turnover of £40,000.",
).replace(
    "Tenderers must hold ISO 9001 certification.",
    "Tenderers must hold ISO 9001 certification or equivalent. Two paper copies must be "
    "delivered by hand to the council offices.",
)
FIXED = {"SUPPLIER-01", "SUPPLIER-02", "SUPPLIER-07"}
NEW = {"EFFORT-06"}


def run(*args: str):
    return CliRunner().invoke(main, [*args, "--no-cache"], catch_exceptions=False)


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    """A folder with the draft's JSON and SARIF reports, and the revised draft in its place."""
    folder = tmp_path_factory.mktemp("baseline")
    tender = folder / "tender.md"
    tender.write_text(DRAFT, encoding="utf-8")
    for fmt in ("json", "sarif"):
        done = run(str(tender), "-f", fmt, "-o", str(folder / f"old.{fmt}"))
        assert done.exit_code == 1, done.output
    tender.write_text(REVISED, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def outputs(pack: Path) -> dict[str, str]:
    """The revised draft checked against the draft's JSON report, in every format."""
    out = {}
    for fmt in ("json", "sarif", "md", "text", "html"):
        target = pack / f"new.{fmt}"
        done = run(
            str(pack / "tender.md"),
            "-f",
            fmt,
            "-o",
            str(target),
            "--baseline",
            str(pack / "old.json"),
        )
        assert done.exit_code == 1, done.output
        out[fmt] = target.read_text(encoding="utf-8")
        if fmt == "html":
            out["html-line"] = done.stdout
    return out


@pytest.fixture(scope="module")
def states(outputs) -> dict[str, set[str]]:
    """From the JSON report: the rule IDs new, still open and fixed."""
    report = json.loads(outputs["json"])
    found: dict[str, set[str]] = {"new": set(), "still-open": set()}
    for rule in report["rules"]:
        if rule["status"] == "fail":
            found[rule["baseline"]].add(rule["id"])
    found["fixed"] = {f["id"] for f in report["baseline"]["fixed_findings"]}
    return found


def summary(states: dict[str, set[str]]) -> str:
    return (
        f"{len(states['fixed'])} fixed, {len(states['new'])} new, "
        f"{len(states['still-open'])} still open"
    )


def test_json_marks_each_finding_and_lists_the_fixed(outputs, states) -> None:
    assert states["fixed"] == FIXED
    assert states["new"] == NEW
    assert {"SUPPLIER-03", "SUPPLIER-04", "TIME-04"} <= states["still-open"]
    report = json.loads(outputs["json"])
    counts = {k: report["baseline"][k] for k in ("fixed", "new", "still_open")}
    assert counts == {
        "fixed": len(states["fixed"]),
        "new": len(states["new"]),
        "still_open": len(states["still-open"]),
    }
    assert report["baseline"]["path"].endswith("old.json")
    turnover = next(f for f in report["baseline"]["fixed_findings"] if f["id"] == "SUPPLIER-01")
    assert "£5,000,000" in turnover["evidence"][0]["quote"]
    jsonschema.Draft202012Validator(load_json(REPORT_SCHEMA)).validate(report)


def test_every_format_says_what_changed(outputs, states) -> None:
    line = summary(states)
    assert line == "3 fixed, 1 new, " + f"{len(states['still-open'])} still open"
    sarif = json.loads(outputs["sarif"])
    assert sarif["runs"][0]["properties"]["baseline"]["summary"] == line
    assert re.search(rf"^since the baseline .*old\.json: {line}$", outputs["text"], re.M)
    assert re.search(rf"^Since the baseline \(.*old\.json\): \*\*{line}\*\*$", outputs["md"], re.M)
    assert f"since the baseline: {line}" in outputs["html-line"]
    assert f"Since the baseline: {line}" in re.sub(r"<[^>]+>", "", outputs["html"])


def test_text_and_markdown_mark_each_finding_and_list_the_fixed(outputs, states) -> None:
    text = outputs["text"]
    for rule in states["new"]:
        assert re.search(rf"^\S+\s+{rule} .*\[new\]$", text, re.M)
    for rule in states["still-open"]:
        assert re.search(rf"^\S+\s+{rule} .*\[still open\]$", text, re.M)
    fixed_block = text.split("Fixed since the baseline (3):\n", 1)[1].split("\n\n", 1)[0]
    assert {m for m in re.findall(r"^  (\S+) ", fixed_block, re.M)} == FIXED
    md = outputs["md"]
    assert "| Since the baseline |" in md
    assert re.search(r"\| EFFORT-06 \|.*\| new \|$", md, re.M)
    assert re.search(r"\| SUPPLIER-03 \|.*\| still open \|$", md, re.M)
    assert "### Fixed since the baseline (3)" in md
    assert set(re.findall(r"^- ✓ \*\*(\S+)\*\*", md, re.M)) == FIXED


def test_sarif_uses_baseline_state(outputs, states, sarif_validator) -> None:
    log = json.loads(outputs["sarif"])
    results = log["runs"][0]["results"]
    by_state: dict[str, set[str]] = {}
    for r in results:
        by_state.setdefault(r["baselineState"], set()).add(r["ruleId"])
    assert by_state == {
        "new": states["new"],
        "unchanged": states["still-open"],
        "absent": states["fixed"],
    }
    absent = [r for r in results if r["baselineState"] == "absent"]
    assert all(r["kind"] == "pass" and r["level"] == "none" for r in absent)
    if sarif_validator is not None:
        errors = list(sarif_validator.iter_errors(log))
        assert not errors, [e.message for e in errors[:3]]


@pytest.fixture(scope="module")
def sarif_validator():
    if not SARIF_SCHEMA.is_file():
        return None
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


def test_a_sarif_baseline_gives_the_same_answer(pack: Path, outputs) -> None:
    done = run(str(pack / "tender.md"), "-f", "json", "--baseline", str(pack / "old.sarif"))
    assert done.exit_code == 1, done.output
    from_sarif = json.loads(done.stdout)
    from_json = json.loads(outputs["json"])
    assert [r.get("baseline") for r in from_sarif["rules"]] == [
        r.get("baseline") for r in from_json["rules"]
    ]
    assert [f["fingerprint"] for f in from_sarif["baseline"]["fixed_findings"]] == [
        f["fingerprint"] for f in from_json["baseline"]["fixed_findings"]
    ]


def test_findings_are_matched_on_the_sarif_fingerprint(pack: Path, outputs) -> None:
    # The fixed findings carry the very fingerprints the earlier SARIF log gave them.
    old = json.loads((pack / "old.sarif").read_text(encoding="utf-8"))
    sarif_prints = {
        r["ruleId"]: r["partialFingerprints"]["tendercheck/v1"] for r in old["runs"][0]["results"]
    }
    fixed = json.loads(outputs["json"])["baseline"]["fixed_findings"]
    assert {f["id"]: f["fingerprint"] for f in fixed} == {r: sarif_prints[r] for r in FIXED}
    first = next(f for f in fixed if f["id"] == "SUPPLIER-01")
    quote = first["evidence"][0]["quote"]
    assert first["fingerprint"] == fingerprint("SUPPLIER-01", "tender.md", quote)


def test_a_pack_against_its_own_report_has_nothing_new_or_fixed(pack: Path) -> None:
    done = run(str(pack / "tender.md"), "-f", "json", "--baseline", str(pack / "new.json"))
    report = json.loads(done.stdout)
    assert report["baseline"]["new"] == report["baseline"]["fixed"] == 0
    assert report["baseline"]["still_open"] == sum(r["status"] == "fail" for r in report["rules"])


def test_html_shows_states_and_the_fixed_in_a_browser(browser, outputs, tmp_path) -> None:
    page_file = tmp_path / "report.html"
    page_file.write_text(outputs["html"], encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(page_file.as_uri())
        assert "New" in page.locator("#rule-effort-06 h4").inner_text()
        assert "Still open" in page.locator("#rule-supplier-03 h4").inner_text()
        fixed = page.locator("#fixed li")
        assert fixed.count() == 3
        assert all(t.startswith("Fixed") for t in fixed.all_inner_texts())
        assert page.locator("nav.contents a[href='#fixed']").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"a": 1}', "is not a tendercheck JSON or SARIF report"),
        ('{"schema": "tendercheck-report/1", "rules": [', "is not a tendercheck JSON or SARIF"),
        ('{"schema": "tendercheck-report/1"}', "is a damaged tendercheck report (no 'rules')"),
        (
            '{"schema": "tendercheck-report/1", "rules": [{"id": 3, "status": "fail"}]}',
            "is a damaged tendercheck report (a rule's id is int, not text)",
        ),
        (
            '{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "other"}}}]}',
            "is not a tendercheck JSON or SARIF report",
        ),
        ("# a tender, not a report\n", "not valid JSON"),
        (b"\x00\xff\xfe", "not valid JSON"),
    ],
)
def test_a_bad_baseline_is_one_line_and_exit_2(tmp_path: Path, content, reason: str) -> None:
    tender = tmp_path / "tender.md"
    tender.write_text(REVISED, encoding="utf-8")
    bad = tmp_path / "old.json"
    bad.write_bytes(content if isinstance(content, bytes) else content.encode())
    out = tmp_path / "new.html"
    done = run(str(tender), "-o", str(out), "--baseline", str(bad))
    assert done.exit_code == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"tendercheck: error: {bad}: ")
    assert reason in lines[0]
    assert not out.exists()  # refused before any checking was done


def test_a_missing_baseline_is_exit_2(tmp_path: Path) -> None:
    tender = tmp_path / "tender.md"
    tender.write_text(REVISED, encoding="utf-8")
    done = run(str(tender), "-f", "text", "--baseline", str(tmp_path / "nowhere.json"))
    assert done.exit_code == 2
    assert done.stderr.strip() == (
        f"tendercheck: error: {tmp_path / 'nowhere.json'}: cannot be read as a baseline "
        "(No such file or directory)"
    )
