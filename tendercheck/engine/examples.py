"""Run a rule's fail/pass examples through the whole pipeline (read -> analyse -> evaluate).

Used by the test suite (every example is a test) and by `tendercheck rules explain`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from tendercheck.engine.model import Rule, RuleResult


def example_text(example: Any) -> str:
    return example if isinstance(example, str) else str(example["text"])


def example_facts(example: Any) -> dict[str, Any]:
    return {} if isinstance(example, str) else dict(example.get("facts") or {})


def example_supplied(example: Any) -> str:
    """Why the example's facts can only be supplied (a value the documents never state), or ""
    for an example proved from its text alone."""
    return "" if isinstance(example, str) else str(example.get("supplied") or "")


def supplied_note(example: Any) -> str:
    """How `rules explain` and docs/rules.md show an example's supplied facts, or ""."""
    facts = example_facts(example)
    if not facts:
        return ""
    given = ", ".join(f"{k}={v}" for k, v in facts.items())
    why = example_supplied(example)
    return f"supplied: {given} ({why})" if why else f"with facts: {given}"


def run_example(rule: Rule, example: Any) -> RuleResult:
    from tendercheck.documents import read_pack
    from tendercheck.engine import evaluate_rule
    from tendercheck.nlp import analyse
    from tendercheck.nlp.model import Fact

    with tempfile.TemporaryDirectory(prefix="tendercheck-example-") as tmp:
        path = Path(tmp) / "example.md"
        path.write_text(example_text(example), encoding="utf-8")
        pack = read_pack([path])
    supplied = [
        Fact(name, value, source="option", confidence=1.0)
        for name, value in example_facts(example).items()
    ]
    analysis = analyse(pack, supplied)
    return evaluate_rule(analysis, rule)
