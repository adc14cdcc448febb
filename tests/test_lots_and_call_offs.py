"""Lots a bidder bids for, a framework's later call-offs, demands on "the above", and the reading
time of terms: how the clause model's scope reaches facts, the effort model and the bidder view."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pytest

from tendercheck.documents.model import Block, Document, TenderPack
from tendercheck.errors import InputError

from .helpers import CORPUS

TODAY = dt.date(2025, 11, 1)
C04 = CORPUS / "04_ccs_gcloud15_attachment2-how-to-tender.docx"


def pack(*documents: tuple[str, list]) -> TenderPack:
    docs = []
    for name, items in documents:
        blocks = []
        for item in items:
            if isinstance(item, tuple) and item[0].startswith("h"):
                blocks.append(Block(kind="heading", text=item[1], level=int(item[0][1])))
            elif isinstance(item, tuple):  # ("li", text) or ("p12", text): a list item, a page
                kind = "list_item" if item[0] == "li" else "paragraph"
                page = int(item[0][1:]) if item[0].startswith("p") else 1
                blocks.append(Block(kind=kind, text=item[1], page=page))
            else:
                blocks.append(Block(kind="paragraph", text=item))
        docs.append(Document(name=name, format="docx", blocks=blocks).finish())
    return TenderPack(documents=docs)


def profile(**extra):
    from tendercheck.bidder.profile import parse_profile

    data = {"name": "Riverside Community Trust", "turnover": 120000, "day_rate": 250}
    data.update({"hours_available": 60, "certifications": [], "employees": 4, **extra})
    return parse_profile(data, "org.toml")


@pytest.mark.parametrize(
    ("lots", "expected"), [(["Lot 2A", 3, "lot 1b"], ["2a", "3", "1b"]), (["2a", "2a"], ["2a"])]
)
def test_profile_lots_are_read_as_the_clause_model_names_them(lots, expected) -> None:
    assert profile(lots=lots).lots == expected


@pytest.mark.parametrize("lots", ["2a", ["the big one"], [["2a"]]])
def test_profile_lots_must_be_a_list_of_lot_names(lots) -> None:
    with pytest.raises(InputError, match="lots"):
        profile(lots=lots)


@functools.cache
def _c04():
    from tendercheck.engine import evaluate, load_rules
    from tendercheck.runner import CheckSettings, analyse_paths

    analysis = analyse_paths([C04], CheckSettings(today=TODAY))
    return analysis, evaluate(analysis, load_rules())


@pytest.mark.corpus
@pytest.mark.skipif(not C04.exists(), reason="../shared/corpus is not here")
@pytest.mark.parametrize(
    ("lots", "gaps", "not_for_you"),
    [
        # G-Cloud 15: Cyber Essentials for Lots 2a, 2b and 3 (evidence due by award); ISO 9001
        # and others for the hosting Lots 1a and 1b only
        (["2a"], {"Certification: Cyber Essentials"}, "Certification: ISO 9001"),
        (["1a"], {"Certification: ISO 9001"}, "Certification: Cyber Essentials"),
        (None, set(), None),
    ],
)
def test_a_lot_limited_condition_is_a_gap_only_for_a_bidder_for_that_lot(
    lots, gaps, not_for_you
) -> None:
    from tendercheck.bidder import assess_bid

    analysis, result = _c04()
    org = profile(lots=lots) if lots else profile()
    view = assess_bid(analysis, result, org, TODAY)
    found = {g["requirement"] for g in view["eligibility_gaps"]}
    certifications = {r for r in found if r.startswith("Certification")}
    assert gaps <= certifications
    if not_for_you:
        assert not_for_you not in certifications
    else:
        assert not certifications
    if not_for_you:
        # One line for every condition of the same lots ("Certification: Cyber Essentials
        # Plus, ISO 9001 and … apply only to Lots 1a and 1b, which you do not bid for").
        kind, _, name = not_for_you.partition(": ")
        lines = [r for r in view["reasons"] if "which you do not bid for" in r]
        assert any(r.startswith(f"{kind}: ") and name in r for r in lines)
        assert len({r.split(" only to ")[1] for r in lines}) == len(lines)
    else:  # no lots in the profile: every lot-limited condition is said, with how to settle it
        assert any("'lots' in your profile" in r for r in view["reasons"])
    if lots == ["2a"]:
        gap = next(g for g in view["eligibility_gaps"] if g["requirement"].endswith("Essentials"))
        # the pack asks for the evidence by award: no need to buy it before bidding
        assert gap["close_by"] == "contract start"
        assert gap["quote"] == "Cyber Essentials" and gap["page"] == 42


def test_a_demand_on_the_above_binds_the_bare_items_listed_before_it() -> None:
    from tendercheck.nlp.text import build_sentences

    sentences = build_sentences(
        pack(
            (
                "itt.docx",
                [
                    ("h1", "Framework contract award"),
                    "Standards and certificates for Lots 2a, 2b and 3:",
                    "There are no other standards.",
                    "Cyber Essentials",
                    "You are required to send the documentary evidence of the above before award.",
                    "Cyber Essentials Plus",
                ],
            )
        )
    )
    by_text = {s.text: s.clause for s in sentences}
    item = by_text["Cyber Essentials"]
    assert (item.force, item.stage, item.lots) == ("must", "award", ("2a", "2b", "3"))
    # not past a sentence of its own, and nothing after the demand
    assert by_text["There are no other standards."].force == "none"
    assert by_text["Cyber Essentials Plus"].force == "none"


def test_a_frameworks_call_off_documents_bind_later_call_offs_not_joining() -> None:
    from tendercheck.nlp import analyse

    itt = (
        "framework-itt.docx",
        [("h1", "Invitation to tender for the framework agreement"), "Tenders are due soon."],
    )
    order_form = (
        "Framework-Schedule-6-Order-Form-Template.docx",
        [
            ("h1", "Order Form"),
            "The Supplier must hold ISO 14001 certification.",
            "Outline here whether Cyber Essentials Plus certification is required.",
        ],
    )
    framework = analyse(pack(itt, order_form))
    assert framework.value("procedure") == "framework"
    order = [s for s in framework.sentences if s.doc_index == 1]
    assert order and all(s.clause.later_call_off for s in order)
    assert all(s.clause.to_dict()["later_call_off"] for s in order)
    required = {c["name"] for c in framework.value("certifications") or [] if c["required"]}
    assert not required & {"ISO 14001", "Cyber Essentials Plus"}
    # the same order form as a call-off pack of its own: its demands are the pack's own
    alone = analyse(pack(order_form))
    assert alone.value("procedure") == "call_off"
    assert not any(s.clause.later_call_off for s in alone.sentences)
    required = {c["name"] for c in alone.value("certifications") or [] if c["required"]}
    assert "Cyber Essentials Plus" in required


def test_contract_terms_and_call_off_documents_are_skimmed_not_read_closely() -> None:
    from tendercheck.engine.effort import estimate_effort
    from tendercheck.nlp import analyse

    itt = ("invitation-to-tender.docx", [("h1", "Invitation to tender"), ("p10", "Bid soon.")])
    terms = ("terms-and-conditions.docx", [("h1", "Terms and conditions"), ("p40", "Clause.")])
    estimate = estimate_effort(analyse(pack(itt, terms)))
    lines = {b["item"]: b for b in estimate["breakdown"]}
    assert lines["reading the pack"]["quantity"] == 10
    assert lines["reading the pack"]["hours"] == 1.0
    skim = lines["skimming contract terms and call-off documents"]
    assert (skim["quantity"], skim["hours"]) == (40, 1.0)


def test_a_demonstration_in_a_delivery_duty_is_no_bid_presentation() -> None:
    from tendercheck.nlp import analyse

    spec = (
        "specification.docx",
        [
            ("h1", "Specification"),
            "The Buyer may require additional demonstration of security controls during delivery.",
        ],
    )
    itt = (
        "itt.docx",
        [("h1", "Instructions to bidders"), "Shortlisted bidders must attend a presentation."],
    )
    assert not analyse(pack(spec)).value("presentations")
    kinds = [p["kind"] for p in analyse(pack(itt)).value("presentations") or []]
    assert kinds == ["presentation"]


TRAPS = Path(__file__).resolve().parents[1] / "fixtures" / "traps"


@functools.cache
def _traps():
    from tendercheck.engine import evaluate, load_rules
    from tendercheck.runner import CheckSettings, analyse_paths

    analysis = analyse_paths([TRAPS], CheckSettings(today=dt.date(2027, 2, 10)))
    return analysis, evaluate(analysis, load_rules())


@pytest.mark.parametrize(
    ("lots", "asks", "close_by", "quoted"),
    [
        # Lot 1: £10m public liability, held when bidding; Lot 2: £1m, by the contract start
        (["1"], "£10m", "the deadline", "Lot 1"),
        (["2"], "£1m", "contract start", "Lot 2"),
        (["1", "2"], "£10m", "the deadline", "Lot 1"),
    ],
)
def test_insurance_that_differs_by_lot_is_judged_for_the_lots_bid_for(
    lots, asks, close_by, quoted
) -> None:
    from tendercheck.bidder import assess_bid

    analysis, result = _traps()
    assert analysis.value("insurance_by_lot")["2"]["public_liability"] == 1_000_000
    # the pack-wide figure is the highest a lot asks, quoted from that lot's row
    assert analysis.value("insurance")["public_liability"] == 10_000_000
    org = profile(lots=lots, insurance={"public_liability": 500_000})
    view = assess_bid(analysis, result, org, dt.date(2027, 2, 10))
    gap = next(
        g for g in view["eligibility_gaps"] if g["requirement"] == "Insurance: public liability"
    )
    assert (gap["asks"], gap["close_by"]) == (asks, close_by)
    assert gap["quote"].startswith(quoted)


def test_a_finding_quoting_one_lots_clauses_says_so() -> None:
    _analysis, result = _traps()
    by_id = {r.rule.id: r for r in result.results}
    insurance = by_id["SUPPLIER-06"]
    assert insurance.status == "fail"
    assert all(e.clause.lots == ("1",) for e in insurance.evidence)
    assert insurance.message.endswith("This applies to Lot 1 only.")
    # a finding quoting clauses for every lot, or none, says nothing of lots
    for r in result.results:
        if r.status == "fail" and any(not e.clause or not e.clause.lots for e in r.evidence):
            assert "This applies to Lot" not in r.message, r.rule.id


@pytest.mark.parametrize(("lots", "attachments"), [(None, 2), (["1"], 2), (["2"], 1)])
def test_the_effort_for_a_bidder_counts_only_its_lots_attachments(lots, attachments) -> None:
    from tendercheck.engine.effort import estimate_effort
    from tendercheck.nlp import analyse

    itt = (
        "itt.docx",
        [
            ("h1", "Instructions to bidders"),
            "The contract is divided into two lots.",
            "Bidders for Lot 1 must enclose a copy of their ISO 9001 certificate.",
            "All bidders must enclose a copy of their safeguarding policy.",
        ],
    )
    estimate = estimate_effort(analyse(pack(itt)), lots=lots)
    line = next(b for b in estimate["breakdown"] if b["item"] == "attachments")
    assert line["quantity"] == attachments


def test_a_gap_for_some_lots_names_them_and_a_schemes_equivalent_is_no_escape() -> None:
    # Authored: a two-lot tender asks Lot 2 bidders for a safety scheme "or an equivalent".
    # An organisation that holds no certificate has no equivalent of a scheme's certificate:
    # a gap for Lot 2 only, named as such, closable in time, with nothing to ask about.
    from tendercheck.bidder import assess_bid
    from tendercheck.engine import evaluate, load_rules
    from tendercheck.nlp import analyse

    analysis = analyse(
        pack(
            (
                "itt.docx",
                [
                    ("h1", "Invitation to tender: parks upkeep and tree works"),
                    "The contract is divided into 2 lots: Lot 1 parks upkeep and Lot 2 tree works.",
                    "Tenders must be submitted through the portal by 12:00 on 15 January 2026.",
                    ("h2", "Lot 2 tree works: conditions of participation"),
                    "Bidders for Lot 2 must hold SMAS Worksafe accreditation, or an equivalent, "
                    "at the tender deadline.",
                ],
            )
        )
    )
    result = evaluate(analysis, load_rules())
    view = assess_bid(analysis, result, profile(lots=["2"]), TODAY)
    (gap,) = view["eligibility_gaps"]
    assert gap["requirement"] == "Certification: SMAS Worksafe"
    assert gap["asks"] == "SMAS Worksafe or an equivalent"
    assert gap["lots"] == ["2"] and gap["note"].startswith("For Lot 2, which you bid for.")
    assert gap["you_can_close"] is True and gap["close_by"] == "the deadline"
    assert "Before the deadline (Lot 2): get SMAS Worksafe" in " ".join(view["reasons"])
    assert not any("SMAS" in q for q in view["clarification_questions"])
    view = assess_bid(analysis, result, profile(lots=["1"]), TODAY)
    assert view["eligibility_gaps"] == []
    assert (
        "Certification: SMAS Worksafe applies only to Lot 2, which you do not bid for."
        in (view["reasons"])
    )
