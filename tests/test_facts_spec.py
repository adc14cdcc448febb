"""Specification, outcome, market and placeholder facts on small hand-built packs."""

from __future__ import annotations

import pytest

from tendercheck.documents.model import Block, Document, TenderPack
from tendercheck.nlp.extractors import Context
from tendercheck.nlp.extractors.spec import spec_facts
from tendercheck.nlp.text import build_sentences

from .helpers import CORPUS


def doc_of(name: str, *blocks: Block, pages: int = 1) -> Document:
    doc = Document(name=name, format="docx", blocks=list(blocks), pages=pages)
    return doc.finish()


def run(*docs: Document) -> tuple[dict, list]:
    pack = TenderPack(documents=list(docs))
    ctx = Context(pack=pack, sentences=build_sentences(pack))
    out: dict = {}
    placeholders = []
    for fact in spec_facts(ctx):
        if fact.name == "placeholder":
            placeholders.append(fact)
        else:
            out.setdefault(fact.name, fact)
    return out, placeholders


def h(text: str, page: int, level: int = 1, label: str | None = None) -> Block:
    return Block("heading", text, page=page, level=level, label=label)


def p(text: str, page: int = 1) -> Block:
    return Block("paragraph", text, page=page)


def test_spec_heading_not_contents_or_prose() -> None:
    doc = doc_of(
        "itt.docx",
        h("Contents", 1),
        Block("list_item", "4 Specification", page=1),
        h("SPECIFICATION 35", 2, label="5."),  # a contents line set as a heading
        p("The specification will be issued later.", 2),
        h("Conditions of Contract", 3, label="3"),
        Block("list_item", "The Supplier shall comply.", page=3, label="3.1"),
        Block("list_item", "The Authority shall pay.", page=3, label="3.2"),
        h("Specification", 9, label="4"),
        p(
            "The service aims to improve the wellbeing of residents so that they live independently.",
            9,
        ),
        Block("list_item", "The provider must provide 3 staff at each site.", page=9),
        Block("list_item", "The provider shall use the Outcomes Star methodology.", page=9),
        Block(
            "table",
            "KPI 1 | Response to referrals | Within 48 hours",
            page=9,
            rows=[["KPI 1", "Response to referrals", "Within 48 hours"]],
        ),
        h("Pricing Schedule", 10, label="5"),
        pages=10,
    )
    found, _ = run(doc)
    start = found["spec_start"].value
    assert start["heading"] == "4 Specification"
    assert start["page"] == 9 and start["fraction"] == 0.8
    assert start["clauses_before"] == 2
    assert len(found["outcome_statements"].value) == 1
    kinds = {r["kind"] for r in found["requirement_statements"].value}
    assert {"input", "method"} <= kinds
    assert found["kpis"].value[0]["kind"] == "output"


def test_spec_document_in_pack() -> None:
    itt = doc_of(
        "Attachment-2-How-to-tender.docx", h("How to tender", 1), p("Read the ITT."), pages=4
    )
    spec = doc_of(
        "Framework-Schedule-1-Specification.docx",
        h("Framework Schedule 1", 1),
        *[p("The supplier must host the services in a secure UK data centre.")] * 20,
        pages=6,
    )
    found, _ = run(itt, spec)
    start = found["spec_start"].value
    assert start["document"] == "Framework-Schedule-1-Specification.docx"
    assert start["page"] == 1 and start["fraction"] == 0.4
    # An empty call-off template named "Specification" is not taken for the specification.
    stub = doc_of(
        "Call-Off-Schedule-20-Specification.docx",
        h("Specification", 1),
        p("[Buyer to insert the specification]"),
        pages=1,
    )
    found, _ = run(itt, stub, spec)
    assert found["spec_start"].value["document"] == "Framework-Schedule-1-Specification.docx"
    # A short specification with no placeholder is a specification, not an empty template.
    short = doc_of(
        "meals-specification.md",
        h("Specification for school meals", 1),
        p("The provider shall deliver hot meals to three primary schools each school day."),
        p("Meals must meet the school food standards."),
    )
    found, _ = run(itt, short)
    start = found["spec_start"].value
    assert start["document"] == "meals-specification.md" and start["page"] == 1


def test_no_spec_and_market_defaults() -> None:
    found, _ = run(
        doc_of(
            "sq.docx",
            h("Selection questionnaire", 1),
            p("Mandatory Requirements apply."),
            p("Please complete Part 1."),
        )
    )
    assert "spec_start" not in found
    assert found["market_engagement"].value is False
    assert found["sme_vcse_suitability"].value is False


def test_market_engagement_and_suitability() -> None:
    found, _ = run(
        doc_of(
            "itt.docx",
            p("A supplier day was held on 3 March as part of our market engagement."),
            p("This contract is suitable for SMEs and VCSEs."),
        )
    )
    assert found["market_engagement"].value is True
    assert found["market_engagement"].evidence
    assert found["sme_vcse_suitability"].value["sme"] is True
    assert found["sme_vcse_suitability"].value["vcse"] is True


def test_placeholders() -> None:
    _, placeholders = run(
        doc_of(
            "itt.docx",
            p("Issue Date: (Date)"),
            p("The estimated annual value of this contract is £xxx."),
            p("Quality XX% and price XX%."),
            p("Tenders must be returned by [insert date] to [Insert departmental email address]."),
            p("Start date TBC; enter dates as dd/mm/yyyy."),
            p("Sizes S, M, L and XXL are available."),
        )
    )
    quotes = [f.evidence[0].quote for f in placeholders]
    assert all(f.value is None and f.placeholder for f in placeholders)
    assert "(Date)" in quotes and "£xxx" in quotes and "TBC" in quotes and "dd/mm/yyyy" in quotes
    assert quotes.count("XX%") == 2
    assert "[insert date]" in quotes and "[Insert departmental email address]" in quotes
    assert not any("XXL" in q for q in quotes)


@pytest.mark.corpus
def test_corpus_02_spec_start() -> None:
    path = CORPUS / "02_british-council_rfp-osch-learning-partners-2017.docx"
    if not path.exists():
        pytest.skip("shared corpus not present (../shared/corpus)")
    from tendercheck.documents import read_pack

    pack = read_pack([str(path)])
    ctx = Context(pack=pack, sentences=build_sentences(pack))
    start = next(f for f in spec_facts(ctx) if f.name == "spec_start").value
    assert start["heading"] == "7 Specification"
