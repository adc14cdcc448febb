"""Question and weighting tables read by their headers, and per-question limits and weights in
prose (issue 12): which column holds the question, its limit and its weight; rows that are totals;
marks or points out of a total; "Q1 (40%, 800 words)"; "500 words each" over the questions listed.

Every table and sentence here was written for these tests; none is copied from the fixtures or
the variety sets.
"""

from __future__ import annotations

from tendercheck.documents.model import Block, Document, TenderPack
from tendercheck.nlp import analyse, tables


def facts(*paragraphs: str, table: list[list[str]] | None = None, before_table: int = 0):
    """A one-document pack: the paragraphs, with the table after the first ``before_table``."""
    blocks = [Block(kind="paragraph", text=t) for t in paragraphs]
    if table is not None:
        text = "\n".join(" | ".join(r) for r in table)
        blocks.insert(before_table, Block(kind="table", text=text, rows=table))
    doc = Document(name="tender.docx", format="docx", blocks=blocks).finish()
    return analyse(TenderPack(documents=[doc]))


def value(analysis, name: str):
    fact = analysis.facts.get(name)
    return None if fact is None or fact.placeholder else fact.value


def questions(analysis) -> list[dict]:
    return value(analysis, "questions") or []


# --- the header vocabulary (tendercheck/data/tables.yaml) ---------------------------------------


def test_header_cells_name_their_columns() -> None:
    assert tables.cell_role("Question weighting") == "weight"  # the longest phrase wins
    assert tables.cell_role("Marks available") == "weight"
    assert tables.cell_role("Maximum length") == "limit"
    assert tables.cell_role("Word count (max)") == "limit"
    assert tables.cell_role("Ref") == "id"
    assert tables.cell_role("Tender reference") is None  # an id must be the whole cell
    assert tables.header([["Section", "Detail"], ["Question", "Limit", "Points"]]) == (
        1,
        {"question": 0, "limit": 1, "weight": 2},
    )
    assert tables.is_total("Quality sub-total") and tables.is_total("Total")
    assert not tables.is_total("Totally reliable collections")
    assert tables.not_applicable("N/A") and not tables.not_applicable("500")


# --- tables ------------------------------------------------------------------------------------


def test_a_marks_column_with_a_total_row() -> None:
    got = facts(table=[
        ["Question", "Word limit", "Marks"],
        ["Q1 How you will run the helpline out of hours", "600 words", "20"],
        ["Q2 Staffing, training and supervision", "400 words", "20"],
        ["Q3 Community benefits for the district", "300 words", "10"],
        ["Pricing schedule", "n/a", "50"],
        ["Total", "", "100"],
    ])  # fmt: skip
    assert value(got, "weightings") == {"quality": 40, "social_value": 10, "price": 50}
    qs = questions(got)
    assert [q["word_limit"] for q in qs if q["word_limit"]] == [600, 400, 300]
    assert [q["id"] for q in qs][:3] == ["Q1", "Q2", "Q3"]
    assert not any(q["text"] == "Total" for q in qs)  # the total row is not a question


def test_points_out_of_a_total_other_than_100() -> None:
    got = facts(table=[
        ["Criterion", "Maximum length", "Points"],
        ["Q1 Method of delivering the school meals service", "1,000 words", "45"],
        ["Q2 Menus, allergens and food standards", "500 words", "30"],
        ["Price", "-", "75"],
        ["Maximum score", "", "150"],
    ])  # fmt: skip
    assert value(got, "weightings") == {"quality": 50, "price": 50}
    assert [q["weighting"] for q in questions(got)[:2]] == [30, 20]


def test_sub_total_rows_are_not_questions_nor_criteria() -> None:
    got = facts(table=[
        ["Question", "Limit", "Marks"],
        ["Q1 Managing the tenancy sustainment caseload", "750 words", "30"],
        ["Q2 Partnership with local agencies", "500 words", "20"],
        ["Subtotal (quality)", "", "50"],
        ["Q3 Social value: local jobs and volunteering", "500 words", "10"],
        ["Price", "", "40"],
        ["Overall total", "", "100"],
    ])  # fmt: skip
    assert value(got, "weightings") == {"quality": 50, "social_value": 10, "price": 40}
    assert not any("total" in q["text"].lower() for q in questions(got))


def test_marks_of_a_quality_only_table_are_not_taken_as_the_whole_score() -> None:
    # 25 + 35 marks and nothing else in the table: a share of quality, whose weight is not given
    got = facts(table=[
        ["Question", "Word limit", "Marks"],
        ["Q1 Reaching isolated older residents", "500 words", "25"],
        ["Q2 Measuring loneliness outcomes", "500 words", "35"],
    ])  # fmt: skip
    assert value(got, "weightings") is None
    assert [q["weighting"] for q in questions(got)] == [None, None]
    # ... but the same table's marks out of a stated total of 100 are percent
    got = facts("The tender is marked out of 100 marks; price is marked separately.", table=[
        ["Question", "Word limit", "Marks"],
        ["Q1 Reaching isolated older residents", "500 words", "25"],
        ["Q2 Measuring loneliness outcomes", "500 words", "35"],
    ], before_table=1)  # fmt: skip
    assert [q["weighting"] for q in questions(got)] == [25, 35]


def test_an_example_table_is_still_not_this_tenders() -> None:
    got = facts("The table below is an example of how a council might set out its questions.",
                table=[
                    ["Question", "Word limit", "Marks"],
                    ["Q1 How you will clear the drains", "900 words", "60"],
                    ["Price", "n/a", "40"],
                    ["Total", "", "100"],
                ], before_table=1)  # fmt: skip
    assert value(got, "weightings") is None
    assert not any(q["word_limit"] == 900 for q in questions(got))
    # the same table as this tender's own is read
    got = facts("Your tender will be marked as follows.", table=[
        ["Question", "Word limit", "Marks"],
        ["Q1 How you will clear the drains", "900 words", "60"],
        ["Price", "n/a", "40"],
        ["Total", "", "100"],
    ], before_table=1)  # fmt: skip
    assert value(got, "weightings") == {"quality": 60, "price": 40}


# --- prose -------------------------------------------------------------------------------------


def test_each_questions_own_weight_and_limit_and_the_remaining_price() -> None:
    got = facts(
        "Answer both questions below and return the price form.",
        "Q1 How you will keep the branch libraries open late (35%, 700 words).",
        "Q2 Working with the Friends groups and volunteers (15%, 300 words).",
        "Price carries the remaining 50%.",
    )
    assert [q["word_limit"] for q in questions(got)] == [700, 300]
    assert [q["weighting"] for q in questions(got)] == [35, 15]
    assert value(got, "weightings") == {"quality": 50, "price": 50}


def test_listed_questions_with_their_own_weights_and_no_limit() -> None:
    got = facts(
        "We will score the following questions.",
        "Q1 Staffing and supervision (40%)",
        "Q2 Social value: apprenticeships for local young people (10%)",
        "The price is worth the remaining 50%.",
    )
    assert [(q["id"], q["weighting"]) for q in questions(got)] == [("Q1", 40), ("Q2", 10)]
    assert value(got, "weightings") == {"quality": 40, "social_value": 10, "price": 50}
    # a quarter of the year is not a question
    got = facts("Q1 2027 invoices (25%) are paid after the first quarterly review.")
    assert questions(got) == []


def test_words_each_over_a_range_of_questions() -> None:
    got = facts(
        "Please answer questions Q1 to Q3 in 400 words each.",
        "Q1 How you will triage calls from tenants.",
        "Q2 How you will work with the repairs team.",
        "Q3 How you will report to the residents' panel.",
    )
    qs = questions(got)
    assert [(q["id"], q["word_limit"]) for q in qs] == [("Q1", 400), ("Q2", 400), ("Q3", 400)]
    assert qs[1]["text"].startswith("Q2 How you will work")


def test_words_each_over_the_questions_listed_after() -> None:
    got = facts(
        "Answer the questions below in no more than 250 words each.",
        "Q1 Your experience of running holiday activity clubs.",
        "Q2 How you will include children with additional needs.",
    )
    assert [(q["id"], q["word_limit"]) for q in questions(got)] == [("Q1", 250), ("Q2", 250)]
    # a worked example elsewhere is not this tender's limit
    got = facts(
        "For example, another council asked for questions Q1 to Q2 in 900 words each.",
        "Q1 Your experience of running holiday activity clubs.",
        "Q2 How you will include children with additional needs.",
    )
    assert not any(q["word_limit"] == 900 for q in questions(got))


def test_weights_with_the_questions_they_cover_in_brackets() -> None:
    got = facts("Quality is worth 65% (Q1 to Q4), local benefits and community benefits (Q5) "
                "10% and price 25%.")  # fmt: skip
    assert value(got, "weightings") == {"quality": 65, "social_value": 10, "price": 25}


def test_the_other_share_named_by_what_is_marked() -> None:
    got = facts("Price counts for 55% and the written proposal counts for 45%.")
    assert value(got, "weightings") == {"price": 55, "quality": 45}
    got = facts("Cost is worth 30 marks and your experience 70 marks.")
    assert value(got, "weightings") == {"price": 30, "quality": 70}


def test_several_questions_in_one_cell_each_with_its_weight_and_limit() -> None:
    got = facts(table=[
        ["Criterion", "Weighting", "What we will look at"],
        ["Quality", "55%", "Q1 Route planning (35%, 600 words); Q2 Vehicle cleanliness (20%, "
                           "300 words)"],
        ["Price", "35%", "Price per collection"],
        ["Social value", "10%", "Q3 Jobs for local people (10%, 250 words)"],
    ])  # fmt: skip
    qs = [(q["id"], q["word_limit"], q["weighting"], q["topic"]) for q in questions(got)]
    assert qs == [("Q1", 600, 35, "quality"), ("Q2", 300, 20, "quality"),
                  ("Q3", 250, 10, "social_value")]  # fmt: skip
    assert value(got, "weightings") == {"quality": 55, "price": 35, "social_value": 10}
