"""Issue 13, tests that catch breakage: each test here fails under one hand-made mutation that the
rest of the suite let through (the table is in docs/mutations.md):

- a placeholder fact allowed to win the choice of facts (tendercheck.nlp.choose);
- the placeholder test always false (engine.named_checks.demands.placeholder);
- the Flesch formula's constant changed (engine.readability.measure);
- the contents-page filter switched off (documents.model.demote_typed_contents);
- the cache key no longer covering the rule packs, or the versions of spaCy, pdfplumber,
  pypdfium2, holidays and Python (cache.code_fingerprint);
- the £36m statutory-turnover exclusion removed (nlp.extractors.finances).
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

import pytest
from click.testing import CliRunner

from tendercheck import cache
from tendercheck.cli import main
from tendercheck.documents import read_pack
from tendercheck.engine.loader import builtin_pack_files
from tendercheck.engine.readability import measure
from tendercheck.nlp import analyse, choose
from tendercheck.nlp.model import Evidence, Fact


def rule_result(tmp_path: Path, text: str, rule_id: str) -> dict:
    doc = tmp_path / "tender.md"
    doc.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, [str(doc), "-f", "json", "--no-cache", "--jobs", "1"])
    assert result.exit_code in (0, 1), result.stderr
    report = json.loads(result.output)
    return {
        "rule": next(r for r in report["rules"] if r["id"] == rule_id),
        "facts": report["facts"],
    }


# --- choosing facts: a placeholder never beats a real value --------------------------------------


def test_a_real_value_wins_over_a_more_confident_placeholder() -> None:
    evidence = [Evidence(document="t.md", page=1, section="", quote="£[insert amount]")]
    placeholder = Fact("contract_value_total", None, evidence=evidence, confidence=0.9,
                       placeholder=True)  # fmt: skip
    real = Fact("contract_value_total", 40000.0, confidence=0.4)
    assert choose([placeholder, real]) is real
    assert choose([real, placeholder]) is real
    assert choose([placeholder]) is placeholder  # only when nothing real was found


# --- the placeholder test: a placeholder demand is not assessed, never passed --------------------


def test_a_turnover_left_as_a_placeholder_is_not_assessed_not_passed(tmp_path: Path) -> None:
    """No mention pattern reads "Annual turnover required: £[insert amount]": only the
    placeholder test keeps SUPPLIER-01 from passing a demand the buyer has not filled in."""
    got = rule_result(
        tmp_path,
        "# Invitation to tender\n\nThe contract is worth £40,000 a year.\n\n"
        "Annual turnover required: £[insert amount].\n",
        "SUPPLIER-01",
    )
    assert got["facts"]["min_turnover"]["placeholder"] is True
    assert got["rule"]["status"] == "not-assessed"
    assert (
        got["rule"]["message"] == "Not assessed: needs min_turnover (a placeholder in the document)"
    )


# --- Flesch reading ease -------------------------------------------------------------------------


def test_flesch_reading_ease_is_the_published_formula() -> None:
    """206.835 − 1.015 × words per sentence − 84.6 × syllables per word (Flesch 1948): "The cat
    sat on the mat." is 6 words of one syllable, 116.1; figures worked by hand, not by the code."""
    assert measure(["The cat sat on the mat."])["flesch"] == 116.1
    # 2 sentences, 10 words, 11 syllables (ten-ders 2, close 1 once its silent e goes)
    text = ["The cat sat on the mat.", "Tenders close at noon."]
    expected = 206.835 - 1.015 * (10 / 2) - 84.6 * (11 / 10)
    assert measure(text)["flesch"] == round(expected, 1) == 108.7


# --- the contents page ---------------------------------------------------------------------------

CONTENTS = """# Invitation to tender

## Contents

## 1. Introduction 3

## 2. Specification 5

## 3. Evaluation 9

## 1. Introduction

The Council invites tenders for cleaning the village hall.

## 2. Specification

The provider must clean the hall twice a week and restock the kitchen.
"""


def test_a_typed_contents_page_is_contents_not_headings(tmp_path: Path) -> None:
    doc = tmp_path / "itt.md"
    doc.write_text(CONTENTS, encoding="utf-8")
    blocks = read_pack([doc]).documents[0].blocks
    kinds = {b.text: b.kind for b in blocks}
    assert [kinds[t] for t in ("1. Introduction 3", "2. Specification 5", "3. Evaluation 9")] == [
        "contents"
    ] * 3
    assert kinds["2. Specification"] == "heading"
    analysis = analyse(read_pack([doc]))
    assert analysis.value("spec_start")["heading"] == "2. Specification"  # not the contents line
    assert not any("Specification 5" in s.text for s in analysis.sentences)


# --- the cache key -------------------------------------------------------------------------------


def test_the_cache_key_covers_every_shipped_rule_pack() -> None:
    hashed = {(p.parent.name, p.name) for p in cache.fingerprint_files()}
    from importlib import resources

    folder = Path(str(resources.files("tendercheck.rulepacks"))).resolve().name
    for name, _ in builtin_pack_files():
        assert (folder, Path(name).name) in hashed, name


def test_the_cache_key_covers_the_schemas_and_data_files() -> None:
    names = {p.name for p in cache.fingerprint_files()}
    assert {"tender.schema.json", "options.yaml", "clauses.yaml"} <= names


@pytest.mark.parametrize("library", ["python", *cache.LIBRARIES])
def test_an_upgraded_library_or_python_is_a_new_cache_key(
    monkeypatch: pytest.MonkeyPatch, library: str
) -> None:
    cache.code_fingerprint.cache_clear()
    try:
        before = cache.code_fingerprint()
        real = cache.library_versions()
        assert library in real
        monkeypatch.setattr(cache, "library_versions", lambda: {**real, library: "999.0"})
        cache.code_fingerprint.cache_clear()
        assert cache.code_fingerprint() != before
    finally:
        cache.code_fingerprint.cache_clear()


def test_library_versions_are_the_installed_ones() -> None:
    versions = cache.library_versions()
    for name in cache.LIBRARIES:
        assert versions[name] == metadata.version(name), name


# --- the £36m statutory turnover -----------------------------------------------------------------


def test_the_statutory_36m_turnover_is_not_a_minimum_turnover(tmp_path: Path) -> None:
    """£36m is the Modern Slavery Act's turnover line (and the others in the set are company-size
    lines), not a floor the buyer sets: read as one, SUPPLIER-01 would fail at 900×."""
    got = rule_result(
        tmp_path,
        "# Invitation to tender\n\nThe contract is worth £40,000 a year.\n\n"
        "Bidders with a turnover of £36m or more must also provide the statement described in "
        "Schedule 3.\n",
        "SUPPLIER-01",
    )
    assert "min_turnover" not in got["facts"]
    assert got["rule"]["status"] == "pass"
