"""Issue 14: every report prints, with each finding, the keys that waive it (text, Markdown, HTML,
SARIF, JSON), so a waiver is written by copying them, without Python; and a waiver can take one
quote out of a finding (``quote = "…"``), leaving the rest of it open."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tendercheck.cli import main

ITT = """# Invitation to tender: cleaning

Anytown Council invites tenders for cleaning four community centres. The contract is worth
£40,000 a year for three years.

## Selection

Tenderers must enclose with their tender three (3) years' audited accounts.

Tenderers must have a minimum annual turnover of £5,000,000.

## Documents to be enclosed

Tenderers must also enclose three years' audited accounts with the bid.

## Specification

The provider will clean the four centres each weekday evening.
"""
FIRST = "Tenderers must enclose with their tender three (3) years' audited accounts."
SECOND = "Tenderers must also enclose three years' audited accounts with the bid."
WAIVER_LINE = re.compile(r'waiver: rule = "([^"]+)"  document = "([^"]*)"  hash = "([0-9a-f]{12})"')


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "itt.md").write_text(ITT, encoding="utf-8")
    return folder


def run(pack: Path, *args: str, config: str | None = None):
    extra = []
    if config is not None:
        path = pack.parent / "tendercheck.toml"
        path.write_text(config, encoding="utf-8")
        extra = ["--config", str(path)]
    return CliRunner().invoke(
        main, [str(pack / "itt.md"), "--no-cache", "--jobs", "1", *extra, *args]
    )


def report(pack: Path, config: str | None = None) -> dict:
    result = run(pack, "-f", "json", config=config)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def rule(data: dict, rule_id: str) -> dict:
    return next(r for r in data["rules"] if r["id"] == rule_id)


def text_blocks(text: str) -> dict[str, str]:
    """Each finding's lines in the text report, by rule ID."""
    blocks: dict[str, str] = {}
    current = ""
    for line in text.splitlines():
        m = re.match(r"(?:ERROR|WARN |INFO ) (\S+) ", line)
        if m:
            current = m.group(1)
        if current:
            blocks[current] = blocks.get(current, "") + line + "\n"
    return blocks


def waiver_table(line: re.Match, reason: str, key: str = "hash", value: str = "") -> str:
    rule_id, document, digest = line.groups()
    return (
        f'[[waivers]]\nrule = "{rule_id}"\ndocument = "{document}"\n'
        f'{key} = "{value or digest}"\nreason = "{reason}"\n'
    )


def test_the_waiver_line_the_text_report_prints_waives_that_finding(pack: Path) -> None:
    result = run(pack, "-f", "text")
    blocks = text_blocks(result.stdout)
    line = WAIVER_LINE.search(blocks["SUPPLIER-03"])
    assert line and line.group(1) == "SUPPLIER-03" and line.group(2) == "itt.md", blocks
    assert f"“{FIRST}” (quote {line.group(3)})" in blocks["SUPPLIER-03"]
    after = run(pack, "-f", "text", config=waiver_table(line, "Agreed with finance"))
    assert "SUPPLIER-03" not in text_blocks(after.stdout.split("\nWaived")[0])
    assert "SUPPLIER-03 Audited accounts" in after.stdout.split("\nWaived")[1]
    assert rule(report(pack, waiver_table(line, "x")), "SUPPLIER-03")["waived"] == "x"


def test_a_finding_with_no_quote_is_waived_by_the_keys_printed_with_it(pack: Path) -> None:
    blocks = text_blocks(run(pack, "-f", "text").stdout)
    line = WAIVER_LINE.search(blocks["MARKET-01"])
    assert line and line.group(2) == "*", blocks["MARKET-01"]
    data = report(pack, waiver_table(line, "We held a supplier day"))
    assert rule(data, "MARKET-01")["waived"] == "We held a supplier day"
    assert data["unused_waivers"] == []


def test_a_quote_waiver_takes_one_quote_out_and_leaves_the_finding_open(pack: Path) -> None:
    before = rule(report(pack), "SUPPLIER-03")
    assert [e["quote"] for e in before["evidence"]] == [FIRST, SECOND]
    second = before["evidence"][1]["hash"]
    assert re.search(rf"“{re.escape(SECOND)}” \(quote {second}\)", run(pack, "-f", "text").stdout)
    one = (
        f'[[waivers]]\nrule = "SUPPLIER-03"\ndocument = "itt.md"\nquote = "{second}"\n'
        'reason = "The enclosure list repeats the selection criterion"\n'
    )
    data = report(pack, one)
    after = rule(data, "SUPPLIER-03")
    assert after["status"] == "fail" and "waived" not in after
    assert [e["quote"] for e in after["evidence"]] == [FIRST]
    assert [(q["quote"], q["hash"]) for q in after["waived_quotes"]] == [(SECOND, second)]
    assert data["unused_waivers"] == []
    text = run(pack, "-f", "text", config=one).stdout
    assert "Quotes waived in open findings (1):" in text and f"(quote {second})" in text
    # EFFORT-05 quotes the same sentence, but the waiver names SUPPLIER-03 only
    assert len(rule(data, "EFFORT-05")["evidence"]) == 2
    # every quote waived: the finding is
    both = one + one.replace(second, before["evidence"][0]["hash"])
    assert rule(report(pack, both), "SUPPLIER-03")["waived"]


def test_a_waiver_naming_both_hash_and_quote_or_neither_is_one_line_exit_2(pack: Path) -> None:
    for keys in ('hash = "407454ec7916"\nquote = "407454ec7916"\n', ""):
        config = f'[[waivers]]\nrule = "SUPPLIER-03"\ndocument = "itt.md"\n{keys}reason = "r"\n'
        result = run(pack, "-f", "json", config=config)
        assert result.exit_code == 2
        (line,) = result.stderr.strip().splitlines()
        assert "tendercheck.toml" in line and "waivers[0]" in line and "quote" in line, line


def test_markdown_sarif_and_json_carry_the_same_hashes(pack: Path) -> None:
    data = report(pack)
    finding = rule(data, "SUPPLIER-03")
    assert finding["waiver"] == {"document": "itt.md", "hash": finding["evidence"][0]["hash"]}
    markdown = run(pack, "-f", "md").stdout
    assert (
        f'**Waiver:** rule = "SUPPLIER-03" document = "itt.md" hash = '
        f'"{finding["waiver"]["hash"]}"' in markdown
    )
    assert f"(quote {finding['evidence'][1]['hash']})" in markdown
    sarif = json.loads(run(pack, "-f", "sarif").stdout)
    (result,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "SUPPLIER-03"]
    assert result["properties"]["waiverHash"] == finding["waiver"]["hash"]
    assert result["properties"]["waiverDocument"] == "itt.md"
    locations = result["locations"] + result["relatedLocations"]
    assert [loc["properties"]["quoteHash"] for loc in locations] == [
        e["hash"] for e in finding["evidence"]
    ]


def test_the_html_report_shows_each_quote_hash_and_a_waiver_to_copy(
    browser, pack: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    result = run(pack, "-o", str(out))
    assert result.exit_code in (0, 1), result.output
    finding = rule(report(pack), "SUPPLIER-03")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(out.as_uri())
        article = page.locator("article.finding", has_text="SUPPLIER-03").first
        for ev in finding["evidence"]:
            assert article.get_by_text(f"(quote {ev['hash']})").is_visible()
        article.get_by_text("Accept this finding (waiver)").click()
        shown = article.locator("details.waiver pre").inner_text()
        assert shown.splitlines()[:4] == [
            "[[waivers]]",
            'rule = "SUPPLIER-03"',
            'document = "itt.md"',
            f'hash = "{finding["waiver"]["hash"]}"',
        ]
        page.emulate_media(media="print")  # on paper, no hashes
        assert not article.locator("details.waiver").is_visible()
        assert not article.get_by_text(f"(quote {finding['evidence'][0]['hash']})").is_visible()
    finally:
        context.close()
