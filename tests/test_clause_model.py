"""The clause model (tendercheck.nlp.clauses): part, stage, force, equivalent, lots and procedure
of sentences in hand-built documents, and what readers make of them."""

from __future__ import annotations

import datetime as dt

import pytest

from tendercheck.documents.model import Block, Document, TenderPack
from tendercheck.nlp.clauses import reads
from tendercheck.nlp.text import build_sentences


def clauses(*items, name: str = "tender.docx") -> dict[str, object]:
    """Clause of each unit by its text; ("h1", text) is a heading of that level."""
    blocks = []
    for item in items:
        if isinstance(item, tuple):
            blocks.append(Block(kind="heading", text=item[1], level=int(item[0][1])))
        else:
            blocks.append(Block(kind="paragraph", text=item))
    doc = Document(name=name, format="docx", blocks=blocks).finish()
    return {s.text: s.clause for s in build_sentences(TenderPack(documents=[doc]))}


@pytest.mark.parametrize(
    ("text", "force"),
    [
        ("Bidders must hold employer's liability insurance.", "must"),
        ("Please provide a copy of your safeguarding policy.", "must"),
        ("We may ask for audited accounts if your credit score is below 50.", "conditional"),
        ("If you hold Cyber Essentials Plus, tick this box.", "conditional"),
        ("Where TUPE applies, the Supplier shall provide staff information.", "conditional"),
        ("The Council may extend the contract by twelve months.", "may"),
        ("Bidders may not rely on a parent company's accounts.", "must"),
        ("Please confirm if you hold ISO 9001.", "must"),
        ("For example, a £2 million contract would need £4 million turnover.", "example"),
        ("The contract will start on 1 April 2027.", "none"),
        ("The Supplier will deliver the service on weekdays.", "must"),
        ("The Council's offices close on 5 May 2027.", "none"),
        ("Provide accounts for the last two years (audited if required by law).", "must"),
        ("Give your charity number (if any).", "conditional"),
        ("Failure to return the form on time may result in exclusion.", "conditional"),
        ("Lot 2 | User support | Check box | 100/0 | 2.5%", "none"),
        ("A report is not required for each procurement.", "may"),
        ("Audited accounts are not needed.", "may"),
        ("You do not have to complete the advisory questions.", "may"),
        (
            "The indemnity shall not apply to the extent that the loss arises from fraud.",
            "conditional",
        ),
        ("The Buyer shall be entitled to require termination assistance.", "may"),
        ("The Supplier shall not be entitled to charge for the review.", "must"),
        ("At the Buyer’s request, the Supplier must end the sub-contract.", "conditional"),
        ("The Buyer must (unless self-insuring) insure the Equipment.", "conditional"),
        ("Such other checks as the Buyer may specify must be completed.", "must"),
        ("We believe that TUPE may apply to some call-off contracts.", "may"),
        ("The Supplier shall attend meetings when required by the Buyer.", "conditional"),
        # settled in stop 23: advice and an invitation to bid are not demands; "Note:" is a label
        ("Bidders are advised to visit the depot before pricing.", "may"),
        ("Suitably experienced firms are invited to submit a tender for the works.", "may"),
        ("Note: The depot is closed on Fridays.", "none"),
        ("To book a visit to the depot, please call the facilities team.", "must"),
        ("However, please note that no volumes are guaranteed.", "none"),
        # stop 24: "required" qualifying a noun names a thing; as a verb or after "be" it asks
        ("The required certificates are listed in Annex C.", "none"),
        ("Two mowers required for the summer season are kept at the depot.", "none"),
        ("Certificates are also required for every site manager.", "must"),
        ("The Trust required bidders to visit the wards.", "must"),
        ("Evidence of insurance required: £5 million public liability.", "must"),
        # an order after the purpose that opens the unit; a permission to the reader
        ("To attend the briefing send the names of your staff to the site office.", "must"),
        ("To register, the portal asks for a company number.", "none"),
        ("The Council will accept quotations by e-mail or by post.", "may"),
        ("The Council will not accept late quotations.", "must"),
    ],
)
def test_force(text: str, force: str) -> None:
    assert clauses(text)[text].force == force


def test_list_items_of_duties_and_of_conditions() -> None:
    blocks = [
        Block(kind="heading", text="Specification", level=1),
        Block(kind="paragraph", text="The partner's responsibilities:"),
        Block(kind="list_item", text="Develop new monitoring tools;"),
        Block(kind="heading", text="Conditions of contract", level=1),
        Block(kind="paragraph", text="Where any of the following happens:"),
        Block(kind="list_item", text="the Supplier shall end the sub-contract."),
    ]
    doc = Document(name="tender.docx", format="docx", blocks=blocks).finish()
    found = {s.text: s.clause for s in build_sentences(TenderPack(documents=[doc]))}
    assert found["Develop new monitoring tools;"].force == "must"
    assert found["the Supplier shall end the sub-contract."].force == "conditional"


def test_a_table_of_contents_with_no_contents_line_is_contents() -> None:
    found = clauses(
        ("h1", "Specification for Garden Waste Collection"),
        "Background to the garden waste service 2",
        "Collection rounds, bins and missed collections 3",
        "Reporting and contract review 6",
        ("h1", "Background"),
        "The Council collects garden waste from 40,000 homes.",
    )
    assert found["Background to the garden waste service 2"].part == "contents"
    assert found["Reporting and contract review 6"].part == "contents"
    assert found["The Council collects garden waste from 40,000 homes."].part == "specification"
    # numbers that count things, or that fall, are no page numbers
    counted = clauses(
        ("h1", "Specification for Garden Waste Collection"),
        "Collections on Monday in Ward 1",
        "Collections on Tuesday in Ward 2",
        "Collections on Friday in Ward 5",
        "Vans on the road 12",
        "Depots in use 4",
        "Crews on each van 2",
    )
    del counted["Specification for Garden Waste Collection"]  # the title: the cover
    assert {c.part for c in counted.values()} == {"specification"}


def test_a_question_in_a_questionnaire_is_a_demand() -> None:
    found = clauses(
        ("h1", "Selection questionnaire"),
        "Does your organisation have a safeguarding policy?",
        ("h1", "Instructions to bidders"),
        "Need help with the portal?",
    )
    assert found["Does your organisation have a safeguarding policy?"].force == "must"
    assert found["Need help with the portal?"].force == "none"


def test_a_document_is_what_its_title_names_not_its_family() -> None:
    spec = clauses(
        "Framework Schedule 1 (Specification)",
        ("h1", "Service levels"),
        "The Supplier shall answer calls within two minutes.",
        name="Framework-Schedule-1-Specification.docx",
    )
    assert spec["The Supplier shall answer calls within two minutes."].part == "specification"
    # A family name holds when the title names nothing else; the "Definitions" heading under the
    # title is not what the document is.
    terms = clauses(
        "Joint Schedule 5 (Sustainability)",
        ("h1", "Definitions"),
        '"Net Zero" means a balance of emissions.',
        ("h1", "Modern slavery"),
        "The Supplier shall not use forced labour.",
        name="Joint-Schedule-5-Sustainability.docx",
    )
    assert terms["The Supplier shall not use forced labour."].part == "terms"
    assert terms['"Net Zero" means a balance of emissions.'].part == "definitions"
    other = clauses(
        "Key changes between the Alpha 1 and Alpha 2 Framework Agreements",
        "Alpha 1 allowed three lots; Alpha 2 has five.",
        name="Key-changes.docx",
    )
    assert other["Alpha 1 allowed three lots; Alpha 2 has five."].part == "other_procurement"


def test_forms_blank_rows_capital_headings_and_guidance_notes() -> None:
    found = clauses(
        "Order Form",
        "CALL-OFF REFERENCE: [Insert reference]",
        "THE SUPPLIER: [Insert name of Supplier]",
        "CALL-OFF INCORPORATED TERMS",
        "The following documents are incorporated into this Call-Off Contract.",
        "[Buyer Guidance: delete any Schedules you do not need. Remove this guidance too.]",
        "CALL-OFF START DATE",
        "The Call-Off Contract starts on the date the Buyer signs it.",
        name="Order-Form-Template.docx",
    )
    incorporated = "The following documents are incorporated into this Call-Off Contract."
    assert found[incorporated].part == "terms"  # under a line in capitals naming terms
    # …and a line in capitals naming nothing ends that section.
    assert found["The Call-Off Contract starts on the date the Buyer signs it."].part == "form"
    # A bracketed note to the buyer is guidance over every sentence to its closing bracket.
    assert found["Remove this guidance too.]"].part == "guidance"
    cells = [["Customer email", ""], ["Emp No", "", "", ""]]
    table = Block(kind="table", text="\n".join(" | ".join(r) for r in cells), rows=cells)
    doc = Document(
        name="certificate.docx",
        format="docx",
        blocks=[Block(kind="heading", text="Technical ability", level=1), table],
    ).finish()
    rows = [s for s in build_sentences(TenderPack(documents=[doc])) if s.kind == "table"]
    assert [s.clause.part for s in rows] == ["form", "form"]


def test_a_bare_part_name_heads_a_section_of_a_form() -> None:
    found = clauses(
        "Annex 2 Supplier Response",
        "Instructions",
        "Submit the completed form through the portal by the deadline.",
        ("h1", "Part 1 – Supplier Response"),
        "Name of organisation:",
        name="Annex-2-Supplier-Response.docx",
    )
    submit = "Submit the completed form through the portal by the deadline."
    assert found[submit].part == "instructions"
    assert found["Name of organisation:"].part == "form"


def test_only_a_header_that_states_requirements_binds_its_rows() -> None:
    def rows(*cells: list[str]) -> list[str]:
        table = Block(kind="table", text="\n".join(" | ".join(r) for r in cells), rows=list(cells))
        doc = Document(
            name="itt.docx",
            format="docx",
            blocks=[Block(kind="heading", text="Selection criteria", level=1), table],
        ).finish()
        found = build_sentences(TenderPack(documents=[doc]))
        return [s.clause.force for s in found if s.kind == "table"][1:]

    assert rows(
        ["Minimum insurance cover", "When it must be in place"],
        ["Public liability £1 million", "By the contract start date"],
    ) == ["must"]
    assert rows(
        ["Question", "Marking scheme (pass/fail)", "Weighting"],
        ["Cyber Essentials", "100/0", "2.5%"],
    ) == ["none"]


def test_a_form_completed_during_the_contract_bites_at_delivery() -> None:
    found = clauses(
        "Joint Schedule 2 (Variation Form)",
        "Reason for the variation: [insert reason]",
        "The Supplier shall provide an impact assessment within ten days.",
        name="Joint-Schedule-2-Variation-Form.docx",
    )
    assert found["The Supplier shall provide an impact assessment within ten days."].stage == (
        "delivery"
    )


def test_a_questionnaires_lines_bite_at_the_bid_stage() -> None:
    found = clauses(
        ("h1", "Selection questionnaire"),
        "Section B: your organisation",
        "Registered office address and postcode details",
    )
    assert found["Section B: your organisation"].stage == "bid"


def test_parts_follow_headings_and_the_sentence_itself() -> None:
    found = clauses(
        ("h1", "Instructions to bidders"),
        "Tenders must be uploaded to the portal.",
        ("h1", "Selection questionnaire"),
        "Bidders must have a turnover of £100,000.",
        ("h1", "Conditions of contract"),
        "The Supplier shall keep records for six years.",
        ("h2", "Definitions"),
        '"Services" means the services in the Specification.',
        ("h2", "WAIVER"),
        "No failure to exercise a right shall be a waiver.",
        ("h1", "Schedule 2 – Specification"),
        "The provider shall run two sessions a week.",
    )
    assert found["Tenders must be uploaded to the portal."].part == "instructions"
    assert found["Bidders must have a turnover of £100,000."].part == "selection"
    assert found["The Supplier shall keep records for six years."].part == "terms"
    definition = found['"Services" means the services in the Specification.']
    assert (definition.part, definition.force, definition.stage) == ("definitions", "none", "none")
    # a contract's capitalised clause heading keeps the contract's part
    assert found["No failure to exercise a right shall be a waiver."].part == "terms"
    assert found["The provider shall run two sessions a week."].part == "specification"


def test_stage_and_readers() -> None:
    found = clauses(
        ("h1", "Selection questionnaire"),
        "Bidders must hold public liability insurance of £5 million.",
        "The successful bidder must provide evidence of cover before the contract starts.",
        ("h1", "Conditions of contract"),
        "The Supplier shall provide paper copies of reports at the Buyer's premises.",
    )
    bid = found["Bidders must hold public liability insurance of £5 million."]
    award = found[
        "The successful bidder must provide evidence of cover before the contract starts."
    ]
    duty = found["The Supplier shall provide paper copies of reports at the Buyer's premises."]
    assert (bid.stage, award.stage, duty.stage) == ("bid", "award", "delivery")
    assert reads("bid_demand", bid) and not reads("bid_demand", award)
    assert not reads("bid_demand", duty)
    assert reads("qualification", award) and not reads("qualification", duty)
    assert not reads("bid_process", duty)  # a delivery duty is no paper submission


def test_equivalent_lots_and_follow_ups() -> None:
    found = clauses(
        "Bidders must hold BS EN ISO 9001 or any equivalent standard.",
        "Standards for Lots 1a and 1b:",
        "ISO 27001 (mandatory)",
        "If yes, please provide a copy of the certificate.",
        "Provide a copy of your accounts if requested.",
    )
    assert found["Bidders must hold BS EN ISO 9001 or any equivalent standard."].equivalent
    assert found["ISO 27001 (mandatory)"].lots == ("1a", "1b")  # from its lead-in
    follow_up = found["If yes, please provide a copy of the certificate."]
    on_request = found["Provide a copy of your accounts if requested."]
    assert follow_up.force == on_request.force == "conditional"
    assert reads("bid_demand", follow_up) and not reads("bid_demand", on_request)


def test_another_procurement_is_not_this_one() -> None:
    found = clauses(
        "This is the G-Cloud 15 framework.",
        "G-Cloud 15 has five lots.",
        "G-Cloud 14 had 4 lots and closed in 2024.",
        "Unlike the county's care framework (Lots 1–6), this contract is let in two lots.",
    )
    assert found["G-Cloud 14 had 4 lots and closed in 2024."].other
    assert not found["G-Cloud 15 has five lots."].other
    unlike = found[
        "Unlike the county's care framework (Lots 1–6), this contract is let in two lots."
    ]
    assert unlike.part == "other_procurement" and not unlike.own


def test_procedure_of_a_document_and_a_dps_deadline_that_reopens() -> None:
    from tendercheck.bidder import assess_bid
    from tendercheck.bidder.profile import parse_profile
    from tendercheck.engine import evaluate, load_rules
    from tendercheck.nlp import analyse

    blocks = [
        Block(kind="heading", text="Dynamic purchasing system for community transport", level=1),
        Block(kind="paragraph", text="The DPS opens for applications on 1 March 2024."),
        Block(kind="paragraph", text="Applications must be submitted by 12:00 on 29 March 2024."),
    ]
    doc = Document(name="dps-itt.docx", format="docx", blocks=blocks).finish()
    analysis = analyse(TenderPack(documents=[doc]))
    assert analysis.value("procedure") == "dps"
    profile = parse_profile(
        {"name": "Small charity", "turnover": 50000, "day_rate": 250, "hours_available": 40},
        "org.toml",
    )
    view = assess_bid(analysis, evaluate(analysis, load_rules()), profile, dt.date(2025, 6, 1))
    assert view["time"]["fit"] == "reopens"
    assert not any("submission deadline" in r and "has passed" in r for r in view["reasons"])


def test_bracketed_notes_bind_no_one() -> None:
    found = clauses(
        ("h1", "Specification"),
        "[Insert Aim]",
        "[As a general rule, specifications should say what is needed, not how to deliver it.]",
    )
    assert found["[Insert Aim]"].force == "none"
    note = found[
        "[As a general rule, specifications should say what is needed, not how to deliver it.]"
    ]
    assert (note.part, note.force) == ("guidance", "none")


def test_an_unfilled_specification_template_is_not_assessed_for_outcomes() -> None:
    from tendercheck.engine import evaluate, load_rules
    from tendercheck.nlp import analyse

    blocks = [
        Block(kind="heading", text="Specification", level=1),
        *(Block(kind="paragraph", text=f"[Insert {what}]") for what in ("Aim", "Outputs", "Scope")),
        Block(kind="paragraph", text="The Contractor shall comply with the Council's policies."),
    ]
    doc = Document(name="itt.docx", format="docx", blocks=blocks).finish()
    analysis = analyse(TenderPack(documents=[doc]))
    result = next(r for r in evaluate(analysis, load_rules()).results if r.rule.id == "OUTCOME-01")
    assert result.status == "not-assessed"
    assert "unfilled template" in result.message


def test_inspect_shows_each_sentences_clause(tmp_path) -> None:
    import json

    from click.testing import CliRunner

    from tendercheck.cli import main

    tender = tmp_path / "itt.md"
    tender.write_text(
        "# Conditions of contract\n\nThe Supplier shall deliver printed reports monthly.\n",
        "utf-8",
    )
    text = CliRunner().invoke(main, ["inspect", "--clauses", str(tender)])
    assert text.exit_code == 0
    assert "terms" in text.output and "delivery" in text.output
    out = CliRunner().invoke(main, ["inspect", "--clauses", "-f", "json", str(tender)])
    unit = next(u for u in json.loads(out.output)["units"] if "printed" in u["text"])
    assert unit["clause"]["part"] == "terms"
    assert (unit["clause"]["stage"], unit["clause"]["force"]) == ("delivery", "must")


@pytest.mark.parametrize(
    ("text", "lots"),
    [
        ("Lots 1a and 1b only", ("1a", "1b")),
        ("Lots 1 to 3", ("1", "2", "3")),
        ("Standards and Certificates for Lot 2a, 2b and Lot 3:", ("2a", "2b", "3")),
        ("All Lots (except Lot 1b)", ()),
        ("Part B – Lots you are bidding for", ()),
    ],
)
def test_lots_named(text: str, lots: tuple[str, ...]) -> None:
    from tendercheck.nlp.clauses import get_matcher, lots_in

    assert lots_in(get_matcher(), text) == lots


def test_the_vocabulary_and_the_report_schema_name_the_same_values() -> None:
    import json
    from pathlib import Path

    from tendercheck.nlp.clauses import vocabulary

    schema = json.loads((Path(__file__).parents[1] / "docs" / "report-schema.json").read_text())
    clause = schema["$defs"]["evidence"]["properties"]["clause"]["properties"]
    vocab = vocabulary()
    assert clause["part"]["enum"] == vocab["parts"]
    assert clause["stage"]["enum"] == vocab["stages"]
    assert clause["force"]["enum"] == vocab["forces"]
    assert set(clause["procedure"]["enum"]) == {*vocab["procedure_priority"], "unknown"}


def test_dates_in_definitions_and_contract_duties_are_not_tender_dates() -> None:
    from tendercheck.nlp import analyse

    blocks = [
        Block(kind="heading", text="Timetable", level=1),
        Block(kind="paragraph", text="Tenders must be submitted by 12:00 on 15 March 2027."),
        Block(kind="heading", text="Definitions", level=1),
        Block(
            kind="paragraph",
            text='"Closing Date" means the date by which tenders must be submitted, 12:00 on '
            "1 October 2012.",
        ),
    ]
    doc = Document(name="itt.docx", format="docx", blocks=blocks).finish()
    analysis = analyse(TenderPack(documents=[doc]))
    deadlines = [c.value for c in analysis.candidates.get("submission_deadline", [])]
    assert deadlines == ["2027-03-15T12:00"]


def test_a_delivery_duty_in_the_contract_terms_is_not_paper_submission() -> None:
    from tendercheck.nlp import analyse

    blocks = [
        Block(kind="heading", text="Conditions of contract", level=1),
        Block(
            kind="paragraph",
            text="The Supplier shall provide two paper copies of each compliance report at the "
            "Buyer's premises.",
        ),
        Block(kind="heading", text="Instructions to bidders", level=1),
        Block(kind="paragraph", text="Tenders must be submitted through the e-tendering portal."),
    ]
    doc = Document(name="itt.docx", format="docx", blocks=blocks).finish()
    assert "paper_submission" not in analyse(TenderPack(documents=[doc])).facts


def test_a_guidance_box_ends_at_the_next_question_or_field() -> None:
    # An e-sourcing export: a "Guidance" box, then the questions and fields, with no heading
    # between them; the questions are the questionnaire's, not guidance.
    found = clauses(
        ("h1", "Selection Questionnaire"),
        ("h2", "Guidance"),
        "You can enter up to three Persons of Significant Control.",
        "Does any individual have significant control over the organisation?",
        "Please provide details of your parent company.",
        "Registered VAT number",
    )
    assert found["You can enter up to three Persons of Significant Control."].part == "guidance"
    question = found["Does any individual have significant control over the organisation?"]
    assert question.part == "selection"
    assert found["Please provide details of your parent company."].part == "selection"
    field = found["Registered VAT number"]
    assert (field.part, field.force) == ("form", "none")


def test_a_section_of_guidance_carries_to_its_subsections() -> None:
    found = clauses(
        ("h1", "Annex A - Guidance on the Selection Stage Process, including Selection Questions"),
        ("h2", "Background"),
        "You should decide upon your own selection criteria.",
        ("h1", "Annex B - Standard Selection Questions"),
        "Please provide your company registration number.",
    )
    assert found["You should decide upon your own selection criteria."].part == "guidance"
    assert found["Please provide your company registration number."].part == "selection"
    # guidance is not the tender's own demand
    assert not reads("bid_demand", found["You should decide upon your own selection criteria."])


def test_contents_entries_under_a_contents_line_are_contents() -> None:
    found = clauses(
        ("h1", "Invitation to tender for grounds maintenance"),
        "Issued by Anytown Council on 1 April 2027.",
        "Contents",
        "1. Introduction 4",
        "2. The competition 6",
        ("h1", "Introduction"),
        "Tenders must be uploaded to the portal by noon on 4 May 2027.",
    )
    for entry in ("1.", "Introduction 4", "2.", "The competition 6"):
        assert found[entry].part == "contents"
    assert found["Tenders must be uploaded to the portal by noon on 4 May 2027."].part == (
        "instructions"
    )


def test_shall_that_states_how_the_contract_works_is_no_duty() -> None:
    found = clauses(
        ("h1", "Conditions of contract"),
        "Termination of this agreement shall not affect any rights accrued before it.",
        "The Supplier shall not subcontract the Services without consent.",
    )
    assert (
        found["Termination of this agreement shall not affect any rights accrued before it."].force
        == "none"
    )
    assert found["The Supplier shall not subcontract the Services without consent."].force == "must"


def test_a_scored_question_in_a_response_form_is_evaluation() -> None:
    found = clauses(
        ("h1", "Part 1 – Supplier Response"),
        "QU01 (15%): Please describe your team's experience of similar research.",
        "Name of organisation:",
        name="annex-2-supplier-response.docx",
    )
    assert found[
        "QU01 (15%): Please describe your team's experience of similar research."
    ].part == ("evaluation")
    assert found["Name of organisation:"].part == "form"


@pytest.mark.parametrize(
    ("name", "procedure", "status"),
    [
        ("common-assessment-standard-question-set.pdf", "prequalification", "not-applicable"),
        ("invitation-to-tender.docx", "open", "fail"),
    ],
)
def test_a_standing_prequalification_scheme_is_no_tender(
    name: str, procedure: str, status: str
) -> None:
    # The same evidence demands: in a tender they cost every bidder; in a standing PQ scheme the
    # evidence goes once to an assessor, so the bid-stage rules do not apply.
    from tendercheck.engine import evaluate, load_rules
    from tendercheck.nlp import analyse

    blocks = [
        Block(kind="heading", text="Section 2: Financial", level=1),
        Block(kind="paragraph", text="Please provide a copy of your public liability insurance."),
        Block(kind="paragraph", text="You must attach copies of your last two years' accounts."),
    ]
    doc = Document(name=name, format="pdf", blocks=blocks).finish()
    analysis = analyse(TenderPack(documents=[doc]))
    assert analysis.value("procedure") == procedure
    result = {r.rule.id: r for r in evaluate(analysis, load_rules()).results}
    assert result["EFFORT-05"].status == status
    if status == "not-applicable":
        assert "procedure: prequalification" in result["EFFORT-05"].message


def test_a_contract_schedules_buyer_duties_forms_and_order_form_section() -> None:
    """In contract terms, "The Buyer must …" is a term binding the Buyer party, not guidance to
    buyers; a signature block or declaration inside a schedule is a form completed during the
    contract; a section headed as an order form is completed at award."""
    found = clauses(
        "Call-Off Schedule 22 (Lease Terms)",
        ("h1", "Buyer's obligations"),
        "The Buyer must keep the Equipment in its possession.",
        "IN WITNESS of the above this Agreement has been signed by the Parties.",
        "Name: | Position:",
        "For and on behalf of [name of Supplier]",
        ("h1", "Equipment Order Form Template"),
        "ORDER REFERENCE: [Insert Buyer's Equipment Order number]",
        name="Call-Off-Schedule-22-Lease-Terms.docx",
    )
    duty = found["The Buyer must keep the Equipment in its possession."]
    assert (duty.part, duty.stage, duty.force) == ("terms", "delivery", "must")
    for line in (
        "IN WITNESS of the above this Agreement has been signed by the Parties.",
        "Name: | Position:",
        "For and on behalf of [name of Supplier]",
    ):
        assert (found[line].part, found[line].stage, found[line].force) == (
            "form",
            "delivery",
            "none",
        ), line
    order = found["ORDER REFERENCE: [Insert Buyer's Equipment Order number]"]
    assert (order.part, order.stage) == ("form", "award")
    # Outside a contract, the same words are guidance to buyers.
    guide = clauses(
        ("h1", "About the framework"),
        "Buyers must use the order form to call off.",
        name="About-the-framework.docx",
    )
    assert guide["Buyers must use the order form to call off."].part == "guidance"


def test_a_lead_in_governs_its_own_items_not_its_siblings() -> None:
    """Numbered clauses: "2.4 If …:" governs 2.4.1 but not its sibling 2.5; a nested lead-in
    "(b) … provisions that:" governs (i) and (ii) and, after (ii)'s own items, (iii) again."""
    items = [
        ("2.4", "If the Buyer decides to buy, it may:"),
        ("2.4.1", "create new schedules;"),
        ("2.5", "Each Call-Off Contract:"),
        ("2.5.1", "is a separate contract."),
        ("2.6", "The Supplier shall ensure that its sub-contracts contain provisions that:"),
        ("(a)", "allow the Supplier to end the sub-contract;"),
        ("(b)", "require that subcontractors are paid:"),
        ("(i)", "within thirty days;"),
        ("(c)", "allow the Buyer to publish late payments."),
    ]
    blocks = [Block(kind="heading", text="Terms and conditions", level=1)] + [
        Block(kind="list_item", text=text, label=label) for label, text in items
    ]
    doc = Document(name="terms.docx", format="docx", blocks=blocks).finish()
    found = {s.text: s.clause.force for s in build_sentences(TenderPack(documents=[doc]))}
    assert found["create new schedules;"] == "conditional"  # under "If …:"
    assert found["Each Call-Off Contract:"] == "none"  # a sibling, not an item of 2.4
    assert found["is a separate contract."] == "none"
    assert found["allow the Supplier to end the sub-contract;"] == "must"
    assert found["within thirty days;"] == "must"
    assert found["allow the Buyer to publish late payments."] == "must"  # 2.6 again, after (i)


def test_an_amendment_to_another_documents_words_binds_no_one() -> None:
    found = clauses(
        ("h1", "Changes to the General Terms"),
        'Clause 6.12 (Record keeping) – The Clause shall be deleted and replaced with "Not used".',
        "Joint Schedule 4 (Commercially Sensitive Information) shall be amended as follows:",
        'References to "England and Wales" to be replaced by "Scotland".',
        "Where a Guarantee is selected, Clause 12 shall be amended as follows:",
        "Defective goods shall be replaced by the Supplier within five Working Days.",
        "The Supplier shall replace any member of Key Staff who leaves.",
        name="Call-Off-Schedule-20-Scottish-Law.docx",
    )
    assert (
        found[
            'Clause 6.12 (Record keeping) – The Clause shall be deleted and replaced with "Not used".'
        ].force
        == "none"
    )
    amended = found[
        "Joint Schedule 4 (Commercially Sensitive Information) shall be amended as follows:"
    ]
    assert (amended.force, amended.stage) == ("none", "none")
    assert found['References to "England and Wales" to be replaced by "Scotland".'].force == "none"
    # A condition on the amendment still counts.
    assert (
        found["Where a Guarantee is selected, Clause 12 shall be amended as follows:"].force
        == "conditional"
    )
    # A duty to replace goods or staff is a duty, not an amendment of a text.
    assert (
        found["Defective goods shall be replaced by the Supplier within five Working Days."].force
        == "must"
    )
    assert found["The Supplier shall replace any member of Key Staff who leaves."].force == "must"


def test_a_sentence_under_the_title_does_not_name_the_documents_part() -> None:
    # "The Order Form lists…" opening a Key Supplier Staff schedule is a clause of the terms,
    # not the title of an order form.
    found = clauses(
        "Call-Off Schedule 7 (Key Supplier Staff)",
        "The Order Form lists the key roles and names of the persons who the Supplier shall "
        "appoint to fill those Key Roles at the Start Date.",
        "The Supplier shall ensure that the Key Staff fulfil the Key Roles at all times.",
        name="Call-Off-Schedule-7-Key-Supplier-Staff.docx",
    )
    duty = found["The Supplier shall ensure that the Key Staff fulfil the Key Roles at all times."]
    assert (duty.part, duty.stage, duty.force) == ("terms", "delivery", "must")
    # A title line naming the form still makes the document a form.
    form = clauses(
        "Framework Schedule 6 (Order Form Template)",
        "Supplier's name:",
        name="Framework-Schedule-6.docx",
    )
    assert form["Supplier's name:"].part == "form"


def test_a_security_schedules_information_management_system_is_not_the_sqs_supplier_information() -> (
    None
):
    found = clauses(
        ("h1", "18. Changes to the Supplier Information Management System"),
        "The Supplier must obtain the approval of the Buyer before making any change.",
        name="Call-Off-Schedule-9E-Security.docx",
    )
    duty = found["The Supplier must obtain the approval of the Buyer before making any change."]
    assert (duty.part, duty.stage) == ("terms", "delivery")


@pytest.mark.parametrize(
    ("text", "force"),
    [
        ("The Supplier shall provide such information as the Buyer requests.", "conditional"),
        ("The Supplier shall return the data when the Buyer requests.", "conditional"),
        ("The Supplier shall return the data on the Expiry Date.", "must"),
    ],
)
def test_a_duty_at_the_buyers_request_is_conditional(text: str, force: str) -> None:
    found = clauses(("h1", "Conditions of contract"), text)
    assert found[text].force == force
