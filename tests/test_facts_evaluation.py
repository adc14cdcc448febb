"""Evaluation facts on small hand-built packs: values, and quoted figures not taken."""

from __future__ import annotations

import pytest

from tendercheck.documents.model import Block, Document, TenderPack
from tendercheck.nlp.extractors import Context
from tendercheck.nlp.extractors.evaluation import evaluation_facts, page_limit, word_limit
from tendercheck.nlp.text import build_sentences

from .helpers import CORPUS


def pack_of(*blocks: Block, name: str = "itt.docx") -> TenderPack:
    doc = Document(name=name, format="docx", blocks=list(blocks)).finish()
    return TenderPack(documents=[doc])


def facts(pack: TenderPack) -> dict:
    ctx = Context(pack=pack, sentences=build_sentences(pack))
    out: dict = {}
    for fact in evaluation_facts(ctx):
        out.setdefault(fact.name, fact)
    return out


def table(rows: list[list[str]], page: int = 1) -> Block:
    return Block("table", "\n".join(" | ".join(r) for r in rows), page=page, rows=rows)


def para(text: str, page: int = 1) -> Block:
    return Block("paragraph", text, page=page)


def test_word_and_page_limits() -> None:
    assert word_limit("Please label response as 4.1, no more than 400 words.")[0] == 400
    assert word_limit("Maximum word count: 2500")[0] == 2500
    assert word_limit("Maximum word count: 1,000 words")[0] == 1000
    assert word_limit("Free text 250 (word limit)")[0] == 250
    assert word_limit("up to 3 words") is None
    assert page_limit("no more than 2 sides of A4")[0] == 2
    assert page_limit("a maximum of three pages")[0] == 3


def test_criteria_table_rolls_up_to_price_quality() -> None:
    found = facts(
        pack_of(
            para("Responses will be assessed using the following criteria and weightings:"),
            table(
                [
                    ["Evaluation Criteria", "Weighting"],
                    ["Quality", "30%"],
                    ["Methodology and approach", "15%"],
                    ["Delivery time", "25%"],
                    ["Commercial", "30%"],
                ]
            ),
        )
    )
    assert found["weightings"].value == {"quality": 70, "price": 30}
    assert found["weightings_kind"].value == "percent"
    assert "question_count" not in found  # criteria are not questions
    assert found["weightings"].evidence


def test_question_table_with_word_limits() -> None:
    found = facts(
        pack_of(
            table(
                [
                    ["Social Value – 10%", "", ""],
                    ["ID", "%", "Requirement"],
                    ["SV01", "10%", "How will you deliver social value? Maximum word count: 500"],
                ]
            ),
            table(
                [
                    ["Quality – 50%", "", ""],
                    ["ID", "%", "Requirement"],
                    [
                        "QU01",
                        "20%",
                        "Describe your team. Maximum word count: 2,500. Please include CVs.",
                    ],
                    ["QU02", "30%", "Describe your method. Maximum word count: 1,000 words"],
                ]
            ),
            table(
                [
                    ["Commercial – 40%", "", ""],
                    ["ID", "%", "Requirement"],
                    ["CO01", "40%", "Please complete Annex 3 (Pricing Approach)"],
                ]
            ),
        )
    )
    assert found["question_count"].value == 3
    assert found["total_word_limit"].value == 4000
    assert found["weightings"].value == {"social_value": 10, "quality": 50, "price": 40}
    assert found["social_value_question_count"].value == 1
    assert found["social_value_measures"].value is False
    assert {a["item"] for a in found["attachments_demanded"].value} == {"CVs"}
    topics = {q["id"]: q["topic"] for q in found["questions"].value}
    assert topics == {"SV01": "social_value", "QU01": "quality", "QU02": "quality", "CO01": "price"}


def test_word_limit_column_and_each_answer_default() -> None:
    found = facts(
        pack_of(
            table([["Criterion", "Weighting"], ["Price", "60%"], ["Quality", "40%"]]),
            table(
                [
                    ["Ref", "Question", "Weighting", "Word limit"],
                    ["Q1", "Describe how you will deliver the service.", "20%", "1,000"],
                    ["Q2", "Explain your staffing.", "20%", ""],
                ]
            ),
            para("Each answer is limited to 500 words; text beyond the limit will not be read."),
        )
    )
    limits = {q["id"]: q["word_limit"] for q in found["questions"].value}
    assert limits == {"Q1": 1000, "Q2": 500}
    assert found["total_word_limit"].value == 1500
    assert found["weightings"].value == {"price": 60, "quality": 40}


def test_lines_by_lot_and_shared_social_value() -> None:
    found = facts(
        pack_of(
            para(
                "For lot 1a and lot 1b, the weighting for the framework evaluation will be weighted:"
            ),
            para("Quality 80%"),
            para("Price 10%"),
            para("Social Value 10%"),
            para(
                "For Lot 2a, 2b and Lot 3, the weighting for the framework evaluation will be weighted:"
            ),
            para("Quality 10%"),
            para("Price 80%"),
            para("Social Value 10%"),
        )
    )
    assert found["weightings"].value == {"social_value": 10}
    assert found["weightings_by_lot"].value == {
        "1a/1b": {"quality": 80, "price": 10, "social_value": 10},
        "2a/2b/3": {"quality": 10, "price": 80, "social_value": 10},
    }


@pytest.mark.parametrize(
    "text",
    [
        "For central government, a minimum weighting of 10% should be applied to social value.",
        "For example, quality 60% and price 40% would give a tender scoring 50% a total of ...",
        "We intend scoring each submission on a [insert criteria] basis with [insert figure %] for "
        "quality and [insert figure %] for price.",
        "Price: a tender 10 % higher will receive 10% or [insert figure] points less.",
    ],
)
def test_guidance_examples_and_placeholders_are_not_weightings(text: str) -> None:
    found = facts(pack_of(para(text)))
    fact = found.get("weightings")
    assert fact is None or (fact.placeholder and fact.value is None)


def test_placeholder_weighting_is_reported_as_placeholder() -> None:
    found = facts(
        pack_of(
            para(
                "The [insert figure %] for price will be allocated on the basis of "
                "points going to the lowest tender price."
            )
        )
    )
    assert found["weightings"].placeholder and found["weightings"].value is None


def test_prose_points() -> None:
    found = facts(
        pack_of(para("Tenders will be scored out of 100: Quality 60 points and Price 40 points."))
    )
    assert found["weightings"].value == {"quality": 60, "price": 40}
    assert found["weightings_kind"].value == "points"


def test_pass_fail_answers_are_not_scored() -> None:
    found = facts(
        pack_of(
            para(
                "Bidders who answer 'Yes' are required to provide details - a pass "
                "will only be awarded if you demonstrate financial stability. Please "
                "label response as 4.1, no more than 400 words."
            )
        )
    )
    (q,) = found["questions"].value
    assert q["id"] == "4.1" and q["word_limit"] == 400 and q["scored"] is False
    assert "question_count" not in found and "total_word_limit" not in found


def test_presentations_site_visits_and_bid_stage_evidence() -> None:
    found = facts(
        pack_of(
            para("Attendance at a site visit is mandatory."),
            para(
                "The Council may invite the three highest-scoring tenderers to give a presentation."
            ),
            para("Shortlisted bidders will be required to attend an interview."),
            para(
                "Tenderers must enclose with their tender a copy of their health and safety policy."
            ),
            para(
                "The successful supplier shall provide copies of insurance certificates on request."
            ),
            para("Key data sources (e.g., stakeholder interviews, surveys)."),
        )
    )
    assert found["site_visit"].value == {"mandatory": True}
    kinds = {p["kind"]: p["mandatory"] for p in found["presentations"].value}
    assert kinds == {"presentation": False, "interview": True}
    items = {a["item"] for a in found["attachments_demanded"].value}
    assert items == {"health and safety policy"}
    assert len(found["evidence_at_bid_stage"].value) == 1


def test_award_method() -> None:
    found = facts(
        pack_of(para("The contract will be awarded to the most economically advantageous tender."))
    )
    assert found["award_method"].value == "most_advantageous"
    found = facts(pack_of(para("The contract will be awarded on the basis of the lowest price.")))
    assert found["award_method"].value == "price_only"


def test_social_value_toms_quota_and_vcse() -> None:
    found = facts(
        pack_of(
            para(
                "Please describe the social value you will deliver, using the National TOMs, and how "
                "you will report against the measures."
            ),
            para("You must employ at least 2 apprentices during the contract."),
            para("We encourage bidders to use local VCSEs and SMEs in their supply chain."),
        )
    )
    assert found["social_value_toms"].value is True
    assert found["social_value_measures"].value is True
    assert found["apprenticeship_quota"].value is True
    assert found["vcse_supply_chain_invited"].value is True


@pytest.mark.corpus
def test_corpus_03_word_caps_sum() -> None:
    path = CORPUS / "03_british-council_annex2-supplier-response.docx"
    if not path.exists():
        pytest.skip("shared corpus not present (../shared/corpus)")
    from tendercheck.documents import read_pack

    found = facts(read_pack([str(path)]))
    assert found["total_word_limit"].value == 9000
    assert found["weightings"].value == {"social_value": 10, "quality": 50, "price": 40}
