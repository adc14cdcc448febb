"""The examples are the tests: every rule's fail and pass examples, through the whole pipeline."""

from __future__ import annotations

import pytest

from tendercheck.engine import load_rules
from tendercheck.engine.examples import run_example

CASES = [
    pytest.param(rule, expected, example, id=f"{rule.id}-{expected}-{i + 1}")
    for rule in load_rules()
    for expected in ("fail", "pass")
    for i, example in enumerate(rule.examples[expected])
]


@pytest.mark.skipif(not CASES, reason="no rules loaded")
@pytest.mark.parametrize(("rule", "expected", "example"), CASES)
def test_rule_example(rule, expected, example) -> None:
    result = run_example(rule, example)
    assert result.status == expected, (
        f"{rule.id} {expected} example gave {result.status}: {result.message}"
    )
    if expected == "fail":
        assert result.message and "{" not in result.message
