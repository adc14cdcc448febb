"""The buyer-voice fixtures (issue 12): six short tenders in fixtures/voices/, written in the
voices of six kinds of buyer, with the facts a careful reader takes from each in
tests/labels/voices/voices.yaml.

This test holds the data together; it does not run the extractors (the scorer for these
fixtures is wired separately):
(a) the labels load, name six different kinds of buyer, and give every fact of the
    wording-variety set in that set's value shape (or null);
(b) every non-null fact has its evidence quoted verbatim from the tender's text, or a note
    saying how it is derived;
(c) fixtures/build_voices.py builds every labelled fixture, and the committed files are that
    build byte for byte (so the texts, the built documents and the labels cannot drift apart).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

from .helpers import FIXTURES
from .test_variety import SHAPES

LABELS = Path(__file__).parent / "labels" / "voices" / "voices.yaml"
KINDS = {
    "town or parish council",
    "combined authority",
    "NHS board",
    "university",
    "housing association",
    "arm's-length body",
}


@pytest.fixture(scope="module")
def labels() -> list[dict]:
    return yaml.safe_load(LABELS.read_text("utf-8"))


@pytest.fixture(scope="module")
def builder():
    spec = importlib.util.spec_from_file_location("build_voices", FIXTURES / "build_voices.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _name(entry: dict) -> str:
    kind, _, rel = entry["document"].partition(":")
    assert kind == "fixture" and rel.startswith("voices/"), entry["document"]
    return rel.removeprefix("voices/")


def _source_text(entry: dict) -> str:
    stem = _name(entry).rsplit(".", 1)[0]
    return (FIXTURES / "voices" / "src" / f"{stem}.md").read_text("utf-8")


def test_labels_give_every_variety_fact_for_six_kinds_of_buyer(labels) -> None:
    assert len(labels) == 6
    assert {e["buyer"] for e in labels} == KINDS
    problems = []
    for e in labels:
        facts = e["facts"]
        if set(facts) != set(SHAPES):
            problems.append(f"{e['document']}: facts {sorted(set(facts) ^ set(SHAPES))} differ")
        for fact, value in facts.items():
            if value is not None and fact in SHAPES and not SHAPES[fact](value):
                problems.append(f"{e['document']}: {fact} {value!r} is not a {fact} value")
    assert not problems, "\n".join(problems)


def test_every_value_is_quoted_from_the_text_or_derived(labels) -> None:
    problems = []
    for e in labels:
        text = _source_text(e)
        evidence, notes = e.get("evidence", {}), e.get("notes", {})
        for fact, value in e["facts"].items():
            if value is None:
                continue
            quotes = evidence.get(fact)
            if quotes is None:
                if not str(notes.get(fact, "")).startswith("derived:"):
                    problems.append(f"{e['document']}: {fact} has no evidence and no derivation")
                continue
            for quote in [quotes] if isinstance(quotes, str) else quotes:
                if quote not in text:
                    problems.append(f"{e['document']}: {fact} evidence not in text: {quote!r}")
        for fact in evidence:
            if e["facts"].get(fact) is None:
                problems.append(f"{e['document']}: evidence for {fact}, labelled null")
    assert not problems, "\n".join(problems)


def test_build_makes_every_labelled_fixture_as_committed(labels, builder, tmp_path) -> None:
    built = {p.name: p for p in builder.build(tmp_path)}
    names = [_name(e) for e in labels]
    assert sorted(built) == sorted(names)
    for name in names:
        committed = FIXTURES / "voices" / name
        assert committed.is_file(), f"{committed} is not committed; run fixtures/build_voices.py"
        assert built[name].read_bytes() == committed.read_bytes(), (
            f"{name} differs from a fresh build of its text; run fixtures/build_voices.py"
        )
    docx_names = [n for n in names if n.endswith(".docx")]
    md_names = [n for n in names if n.endswith(".md")]
    assert docx_names and md_names
