"""Two false evidences, fixed in general (authored fixtures in fixtures/authored-evidence/):
a readability finding never quotes a contents entry, and the pass/fail rule of a demand already
counted is not a second demand."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tendercheck.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "authored-evidence"


def rule(path: Path, rule_id: str) -> dict:
    result = CliRunner().invoke(main, [str(path), "-f", "json", "--no-cache"])
    assert result.exit_code in (0, 1), result.stderr
    return next(r for r in json.loads(result.output)["rules"] if r["id"] == rule_id)


def test_hard_reading_quotes_the_prose_not_the_contents_entries() -> None:
    found = rule(FIXTURES / "community-meals.md", "SPEC-05")
    assert found["status"] == "fail"
    quotes = [e["quote"] for e in found["evidence"]]
    assert len(quotes) == 3
    assert all(e["clause"]["part"] != "contents" for e in found["evidence"])
    assert quotes[0].startswith("Comprehensive nutritional individualisation")
    assert not any(q.rstrip().endswith((" 2", " 3", " 5", " 8")) for q in quotes)
    # nor are the contents entries measured: six prose sentences of 40 words in all
    assert rule(FIXTURES / "community-meals.md", "SPEC-04")["message"] == (
        "Sentences average 6.7 words."
    )


def test_a_pass_fail_rule_is_not_a_second_copy_demanded() -> None:
    found = rule(FIXTURES / "supplier-questionnaire.md", "EFFORT-05")
    assert found["status"] == "fail"
    assert found["message"].startswith("2 item(s) of evidence")
    quotes = [e["quote"] for e in found["evidence"]]
    assert quotes == [
        "If so please provide a copy of your environmental management policy with your tender.",
        "Bidders must enclose a copy of their public liability insurance certificate with the "
        "tender.",
    ]
