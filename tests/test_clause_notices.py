"""bench/clauses/notices.py: the round-7 and round-8 clause documents are the chosen notices,
rebuilt exactly, with the corpus's lost line breaks restored and real words ending in "rn" left
alone; round 8's screen keeps out round 7 and every wording-variety round."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("notices", ROOT / "bench" / "clauses" / "notices.py")
notices = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(notices)


def test_lost_line_breaks_are_paragraphs_and_real_words_stay() -> None:
    assert notices.paragraphs("The works.rn The deadline ofrn tender is noon.") == [
        "The works.",
        "The deadline of",
        "tender is noon.",
    ]
    assert notices.paragraphs("Please return the form to Northern Ireland.") == [
        "Please return the form to Northern Ireland."
    ]
    assert notices.repair("Â£5m") == "£5m"


def test_keys_name_the_publisher_and_notice() -> None:
    assert notices.key_of(
        "contracts_finder", "ocds-b5fd17-5c5de95f-d68b-4ce4-a805-5f57fc2d6498"
    ) == ("n-cf-5c5de95f")
    assert notices.key_of("public_contracts_scotland", "ocds-r6ebe6-0000581884") == "n-pcs-581884"
    assert notices.key_of("sell2wales", "ocds-kuma6s-148273") == "n-s2w-148273"


@pytest.mark.skipif(not notices.SOURCE.exists(), reason="the corpus is not here")
def test_committed_notices_are_the_chosen_ones_rebuilt_exactly() -> None:
    data = json.loads(notices.SOURCE.read_text())
    seen, named = notices.variety_sentences()
    built = set()
    for publisher, ocid, _why in notices.NOTICES:
        (release,) = [i["release"] for i in data[publisher] if i["release"]["ocid"] == ocid]
        assert notices.screen(release, seen, named) is None
        path = notices.OUT / f"{notices.key_of(publisher, ocid)}.md"
        assert path.read_text() == notices.markdown(release)
        built.add(path.name)
    context = notices.round8_context(data)
    for publisher, ocid, _why in notices.ROUND8:
        release = notices.release_of(data, publisher, ocid)
        assert notices.screen8(release, context) is None
        path = notices.OUT / f"{notices.key_of(publisher, ocid)}.md"
        assert path.read_text() == notices.markdown(release)
        built.add(path.name)
    assert built == {p.name for p in notices.OUT.glob("*.md")} - {"README.md"}
    assert len(built) == 25 + 23
    sample = (notices.OUT / "n-pcs-579460.md").read_text()
    assert sample.startswith("# ‘Enchanted Castle’ Event Production Partner\n\n## Description\n")
    assert "\n## Selection criterion 1 (economic), description\n" in sample


@pytest.mark.skipif(not notices.SOURCE.exists(), reason="the corpus is not here")
def test_round8_screen_keeps_out_what_was_seen() -> None:
    data = json.loads(notices.SOURCE.read_text())
    context = notices.round8_context(data)

    def why(publisher: str, ocid: str) -> str | None:
        return notices.screen8(notices.release_of(data, publisher, ocid), context)

    # a round-7 notice
    assert why("sell2wales", "ocds-kuma6s-148273") == "in round 7"
    # named only in variety-fresh3 (which round 7's screen did not read)
    assert why("sell2wales", "ocds-kuma6s-148160") == "named in a wording-variety round"
    # NRW's own eTenderWales sentence, in a round-7 NRW notice and in fewer than three releases
    assert "with round 7" in why("sell2wales", "ocds-kuma6s-145558")
    # the publisher's template sentences shared with round 7 do not count
    assert why("public_contracts_scotland", "ocds-r6ebe6-0000579829") is None
    assert why("contracts_finder", "ocds-b5fd17-84f467c3-2101-4f25-b26e-5f5abb40e611") is None
    assert notices.MIN_WORDS_8 == 80
    short = {"ocid": "x", "tender": {"title": "t", "description": "word " * 79}}
    assert notices.screen8(short, context) == "only 79 words"
