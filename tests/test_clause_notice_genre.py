"""The clause model on a notice written out as a document (clauses.yaml notice_fields): a `#`
title, then one `##` section per free-text field of the notice. The fixture is authored, in fresh
wording (fixtures/authored-notices/); the real notices of round 7 are only measured, never tested
on here."""

from __future__ import annotations

from pathlib import Path

import pytest

from tendercheck.documents import read_pack
from tendercheck.nlp.text import build_sentences

ROOT = Path(__file__).resolve().parents[1]
NOTICE = ROOT / "fixtures" / "authored-notices" / "community-transport-notice.md"


def units(path: Path) -> dict[str, tuple[str, str, str]]:
    """(part, stage, force) of each unit, by the first words of its text."""
    pack = read_pack([path])
    return {
        " ".join(s.text.split()[:4]): (s.clause.part, s.clause.stage, s.clause.force)
        for s in build_sentences(pack)
    }


@pytest.fixture(scope="module")
def notice() -> dict[str, tuple[str, str, str]]:
    return units(NOTICE)


def test_each_field_of_a_notice_takes_its_own_part(notice) -> None:
    # the title is the cover, though it names a framework agreement (a part, elsewhere)
    assert notice["Framework Agreement for Community"] == ("contents", "none", "none")
    # the description and a lot's description are what is bought, headings too
    assert notice["Description"][0] == "specification"
    assert notice["The service carries older"] == ("specification", "none", "none")
    assert notice["Vehicles must be wheelchair"] == ("specification", "delivery", "must")
    assert notice["Scheduled journeys from each"][0] == "specification"
    # a renewal field states options the buyer may take up, during the contract
    assert notice["Lot 1: Weekday village"][0] == "terms"  # the renewal's heading
    assert notice["An initial term of"] == ("terms", "delivery", "may")
    # a selection criterion's minimum level: each line is a standard bidders must meet
    assert notice["A permit under section"] == ("selection", "bid", "must")
    # a short line there is the notice's text, not a questionnaire's answer field
    assert notice["Experience of community transport"] == ("selection", "bid", "must")
    assert notice["/////"][2] == "none"  # a rule line states nothing
    # the closing notes are how to take part: every line of them is about the bid
    assert notice["Additional information"] == ("instructions", "none", "none")
    assert notice["A short guide to"] == ("instructions", "bid", "none")
    # the notice's own reference in brackets is document control
    assert notice["(EDC Ref: CT-2704)"] == ("contents", "none", "none")


def test_bid_process_in_a_description_and_contract_terms_in_the_notes(notice) -> None:
    assert notice["Eastmere District Council invites"] == ("instructions", "bid", "may")
    assert notice["The full tender documents"][:2] == ("instructions", "bid")
    assert notice["Under the terms of"] == ("terms", "delivery", "must")


def test_advice_a_note_and_a_please_in_mid_sentence(notice) -> None:
    assert notice["Operators are advised to"] == ("instructions", "bid", "may")
    assert notice["Note: The Council is"][2] == "none"
    assert notice["To ask a question"][2] == "must"


def test_a_document_with_other_sections_is_not_a_notice(tmp_path) -> None:
    """The same fields beside a section no notice has: the headings are read as in any tender,
    and a bare option or a statement in the notes takes no force or stage of a notice's field."""
    text = NOTICE.read_text("utf-8").replace(
        "## Additional information", "## Our timetable and how we will talk to you"
    )
    other = tmp_path / "itt.md"
    other.write_text(text, "utf-8")
    clauses = units(other)
    assert clauses["Framework Agreement for Community"][0] != "contents"
    assert clauses["The service carries older"][0] != "specification"
    assert clauses["An initial term of"][2] == "none"
    assert clauses["A short guide to"][1] == "none"
