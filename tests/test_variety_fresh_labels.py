"""The fresh, blind round of the wording-variety set (tests/labels/variety-fresh, issue 12).

It is a held-back test set: the extractors are tuned on tests/labels/variety and scored on this
set afterwards (the scorer is wired separately). This test only holds the data to its format:
there is a file for every fact of the first round, every entry loads, names a known source, has exactly one of text/table, an expectation of the
fact's shape or null with a note, and repeats no snippet of the first round.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from .test_variety import SHAPES, entry_problems

LABELS = Path(__file__).parent / "labels"
FRESH = LABELS / "variety-fresh"
FIRST = LABELS / "variety"
KEYS = {"source", "where", "text", "table", "expect", "note"}


def _snippet(entry: dict) -> str:
    if entry.get("text") is not None:
        return entry["text"]
    return json.dumps(entry.get("table"), ensure_ascii=False)


def _load(folder: Path) -> dict[str, list[dict]]:
    return {p.stem: yaml.safe_load(p.read_text()) or [] for p in sorted(folder.glob("*.yaml"))}


def test_fresh_set_loads_with_the_shapes_of_the_first_round() -> None:
    fresh = _load(FRESH)
    assert fresh, "no fact files in tests/labels/variety-fresh"
    assert set(fresh) == set(SHAPES), f"facts differ: {sorted(set(fresh) ^ set(SHAPES))}"
    problems = []
    for fact, entries in fresh.items():
        assert len(entries) >= 8, f"{fact}: only {len(entries)} entries"
        for i, e in enumerate(entries):
            where = f"{fact}[{i}] {e.get('where')}"
            if set(e) - KEYS:
                problems.append(f"{where}: unknown keys {set(e) - KEYS}")
            problems += entry_problems(fact, e, where)
    assert not problems, "\n".join(problems)


def test_fresh_set_repeats_no_snippet_of_the_first_round() -> None:
    first = _load(FIRST)
    fresh = _load(FRESH)
    assert sum(len(v) for v in fresh.values()) >= 100, "the fresh set is missing or too small"
    repeats = []
    for fact, entries in fresh.items():
        seen = [_snippet(e) for e in first.get(fact, [])]
        for e in entries:
            s = _snippet(e)
            if any(s[:50] in old or old[:50] in s for old in seen):
                repeats.append(f"{fact}: {s[:80]!r}")
    assert not repeats, "\n".join(repeats)
