"""Fact accuracy over the labelled set: fixtures/expected.json and tests/labels/*.yaml.

Each label names a document and the facts expected from it; a null means "the document does not
state this", and finding a value there counts as an invented figure. The test reports accuracy
per fact (run with -s to see the table) and requires 95% overall and nothing invented.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from .helpers import CORPUS, FIXTURES, analysed

LABELS = Path(__file__).parent / "labels"
TARGET = 0.95


def load_labels() -> list[dict]:
    labels: list[dict] = []
    for path in sorted(LABELS.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text()) or []:
            entry["_from"] = path.name
            labels.append(entry)
    expected = FIXTURES / "expected.json"
    if expected.exists():
        data = json.loads(expected.read_text()).get("fixtures", {})
        for name, entry in data.items():
            if isinstance(entry, dict) and entry.get("facts"):
                labels.append(
                    {
                        "document": f"fixture:{name}",
                        "facts": entry["facts"],
                        "_from": "fixtures/expected.json",
                    }
                )
    return labels


def resolve(document: str) -> Path:
    kind, _, name = document.partition(":")
    root = {"corpus": CORPUS, "fixture": FIXTURES}[kind]
    return root / name


def normalise(value):
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [normalise(v) for v in value]
    return value


def matches(expected, found) -> bool:
    expected, found = normalise(expected), normalise(found)
    if expected is None:
        return found is None or found == [] or found == {}
    if isinstance(expected, (int, float)) and isinstance(found, (int, float)):
        return abs(expected - found) <= max(0.01 * abs(expected), 0.5)
    if isinstance(expected, dict) and isinstance(found, dict):
        return all(matches(v, found.get(k)) for k, v in expected.items())
    if isinstance(expected, dict) and found is None:
        return all(v is None for v in expected.values())  # only keys that must not be found
    if isinstance(expected, list) and isinstance(found, list):
        return sorted(map(str, expected)) == sorted(map(str, found))
    if isinstance(expected, str) and isinstance(found, str) and len(expected) == 10:
        return found[:10] == expected  # an ISO date matches a datetime on that day
    return expected == found


def score(labels: list[dict]):
    per_fact: dict[str, list[int]] = {}
    wrong: list[str] = []
    invented: list[str] = []
    for entry in labels:
        path = resolve(entry["document"])
        if not path.exists():
            continue
        analysis = analysed(str(path))
        for name, expected in entry["facts"].items():
            fact = analysis.facts.get(name)
            found = None if fact is None or fact.placeholder else fact.value
            if isinstance(expected, list) and not isinstance(found, list):
                # A list for a single-valued fact: the document states conflicting values,
                # and every one must be kept among the candidates.
                found = sorted({str(f.value)[:10] for f in analysis.conflicts(name)})
                expected = sorted(str(v)[:10] for v in expected)
            ok = matches(expected, found)
            tally = per_fact.setdefault(name, [0, 0])
            tally[0] += ok
            tally[1] += 1
            if not ok:
                line = f"{entry['document']}: {name}: expected {expected!r}, found {found!r}"
                (invented if expected is None else wrong).append(line)
    return per_fact, wrong, invented


@pytest.mark.corpus
def test_fact_accuracy_meets_target() -> None:
    labels = load_labels()
    if not labels:
        pytest.skip("no labelled documents")
    if not CORPUS.exists():
        labels = [e for e in labels if not e["document"].startswith("corpus:")]
    per_fact, wrong, invented = score(labels)
    total = sum(t for _, t in per_fact.values())
    correct = sum(c for c, _ in per_fact.values())
    assert total, "no labelled facts could be checked"
    print("\nfact accuracy:")
    for name, (c, t) in sorted(per_fact.items()):
        print(f"  {name:32} {c}/{t}  {c / t:.0%}")
    print(f"  {'overall':32} {correct}/{total}  {correct / total:.1%}")
    for line in wrong + invented:
        print("  MISS", line)
    assert not invented, "figures invented where the document has none:\n" + "\n".join(invented)
    assert correct / total >= TARGET, f"accuracy {correct / total:.1%} below {TARGET:.0%}"
