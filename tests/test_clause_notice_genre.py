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


# A second authored notice (fixtures/authored-notices/heating-installers-notice.md) for the
# stop-24 mends: each test below fails with its mend undone.
INSTALLERS = ROOT / "fixtures" / "authored-notices" / "heating-installers-notice.md"


@pytest.fixture(scope="module")
def installers() -> dict[str, tuple[str, str, str]]:
    return units(INSTALLERS)


def test_how_the_procurement_is_set_up_is_how_to_take_part_at_no_stage(installers) -> None:
    # structure_in_notice: the aim of the procurement, and the lots it is split into
    assert installers["The aim of this"] == ("instructions", "none", "none")
    assert installers["The framework is split"] == ("instructions", "none", "none")
    # lot_entry: the lots listed after that lead-in are the structure, not what is bought
    assert installers["Lot 1 – Gas"] == ("instructions", "none", "none")
    assert installers["Lot 3 – Radiator"] == ("instructions", "none", "none")
    # instructions_in_notice: which lots a bidder may bid for
    assert installers["Installers may bid for"] == ("instructions", "bid", "may")


def test_a_lot_listed_without_a_structure_lead_in_is_what_is_bought(tmp_path) -> None:
    text = INSTALLERS.read_text("utf-8").replace(
        "The framework is split into three lots as follows:", "The work covers:"
    )
    other = tmp_path / "notice.md"
    other.write_text(text, "utf-8")
    assert units(other)["Lot 1 – Gas"][0] == "specification"


def test_a_selection_demand_inside_a_notice_description(installers) -> None:
    assert installers["Applicants must demonstrate previous"] == ("selection", "bid", "must")
    # ... and in its closing notes: the levels of insurance, and each level listed
    assert installers["It is a requirement"] == ("selection", "bid", "must")
    assert installers["Product liability insurance of"] == ("selection", "bid", "must")
    # a lot's selection criteria field is selection, as an unnumbered one is
    assert installers["Lot 1, selection criteria"][0] == "selection"
    assert installers["Gas Safe registration for"][:2] == ("selection", "bid")


def test_the_winner_in_a_description_is_the_contractor_at_work(installers) -> None:
    assert installers["The successful bidder will"] == ("specification", "delivery", "must")


def test_a_bullet_written_as_a_character_continues_its_lead_in(installers) -> None:
    assert installers["o Out of hours"] == ("specification", "delivery", "must")
    assert installers["o A named supervisor"][2] == "must"


def test_required_qualifying_a_noun_asks_nothing(installers) -> None:
    assert installers["There are three sizes"] == ("specification", "none", "none")


def test_a_field_named_inside_the_description(installers) -> None:
    # "Additional information:" inside the description is that field's heading in effect
    assert installers["Additional information:"] == ("instructions", "none", "none")
    assert installers["Bidders' questions are answered"] == ("instructions", "bid", "none")


def test_a_notice_title_naming_a_direct_award_is_no_award_section(installers) -> None:
    # the closing notes stay at bid and the terms at delivery, though the title names a direct
    # award
    assert installers["To see the drawings"][1] == "bid"
    assert installers["The carbon savings expected"][1] == "delivery"


def test_a_terms_field_is_about_the_contract_once_let(installers) -> None:
    assert installers["The carbon savings expected"] == ("terms", "delivery", "none")
    assert installers["////////"][1:] == ("none", "none")  # a rule line: no stage


def test_how_bids_are_judged_in_a_notices_notes_is_evaluation(installers) -> None:
    assert installers["Quotations for each lot"][:2] == ("evaluation", "bid")


def test_a_permission_and_an_order_after_its_purpose(installers) -> None:
    assert installers["Harrowfield Homes will accept"][2] == "may"
    assert installers["To see the drawings"] == ("instructions", "bid", "must")
