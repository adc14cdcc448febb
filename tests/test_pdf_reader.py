"""The PDF reader: exact behaviour on PDFs built here (hostile ones included), and facts checked
by hand against the rendered pages of the real tender PDFs in ../shared/corpus (those tests skip
when the corpus is absent)."""

from __future__ import annotations

import io
import os
import re
import time
from pathlib import Path

import pytest

from tendercheck.documents import read_document_bytes
from tendercheck.documents.limits import DEFAULT_LIMITS, Limits
from tendercheck.documents.model import Block, Document
from tendercheck.documents.pdf_reader import CORRUPT, NO_TEXT, read_pdf
from tendercheck.errors import InputError

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SQ_GUIDANCE = "06_cabinet-office_ppn-03-24_standard-selection-questionnaire.pdf"
SQ_PORTAL = "07_ccs_rm6264_attachment6-standard-selection-questionnaire.pdf"
CAS = "08_build-uk_common-assessment-standard-v5.pdf"


def corpus_bytes(name: str) -> bytes:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"the real tender corpus is not at {CORPUS} ({name} missing)")
    return path.read_bytes()


def read(data: bytes, name: str = "test.pdf", limits: Limits = DEFAULT_LIMITS) -> Document:
    return read_pdf(data, name, limits)


def heading(doc: Document, text: str) -> Block:
    found = [b for b in doc.headings if b.text == text]
    assert len(found) == 1, (text, [h.text for h in doc.headings])
    return found[0]


def refused(data: bytes, limits: Limits = DEFAULT_LIMITS) -> tuple[str, float]:
    start = time.monotonic()
    with pytest.raises(InputError) as info:
        read_pdf(data, "bad.pdf", limits)
    elapsed = time.monotonic() - start
    assert info.value.path == "bad.pdf"
    return info.value.reason, elapsed


# ---------------------------------------------------------------------------------------------
# PDFs built with reportlab
# ---------------------------------------------------------------------------------------------


def build_pdf(draw, pages: int = 1, encrypt=None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    for number in range(1, pages + 1):
        draw(c, number, pages)
        c.showPage()
    c.save()
    return buf.getvalue()


def tender_page(c, number: int, pages: int) -> None:
    """A page with a running header, a page-number footer, two headings and hyphenated text."""
    width, height = c._pagesize
    c.setFont("Helvetica", 9)
    c.drawString(72, height - 40, "Borough Council - Invitation to Tender - ref 2024/117")
    c.drawCentredString(width / 2, 30, f"Page {number} of {pages}")
    y = height - 100
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, y, f"{number}. Scope of part {number}")
    y -= 30
    c.setFont("Helvetica-Bold", 11)
    c.drawString(72, y, f"{number}.1 Requirements")
    y -= 20
    c.setFont("Helvetica", 11)
    lines = [
        "The supplier shall meet every require-",
        "ment set out in this specification and",
        "use the e-",
        "procurement portal for all work-",
        "related submissions.",
        "",
        "A second paragraph starts here and it",
        "runs on to a second line.",
    ]
    for line in lines:
        if line:
            c.drawString(72, y, line)
        y -= 14
    c.drawString(72, y - 10, "• a bullet point in a list")


def text_page(c, number: int, pages: int) -> None:
    c.setFont("Helvetica", 11)
    c.drawString(72, 700, "Tender for grounds maintenance services.")


def test_built_pdf_headings_paragraphs_and_hyphenation() -> None:
    doc = read(build_pdf(tender_page, pages=4))
    assert doc.format == "pdf"
    assert doc.pages == 4
    expected = []
    for n in range(1, 5):
        # the clause number is the label, as in the .docx reader, not repeated in the text
        expected.append((f"Scope of part {n}", n, 1, str(n)))
        expected.append(("Requirements", n, 2, f"{n}.1"))
    assert [(h.text, h.page, h.level, h.label) for h in doc.headings] == expected
    paragraphs = [b for b in doc.blocks if b.kind == "paragraph"]
    assert len(paragraphs) == 8
    # "require-/ment" is one word again; "e-/procurement" and "work-/related" keep their hyphen
    assert paragraphs[0].text == (
        "The supplier shall meet every requirement set out in this specification and use the "
        "e-procurement portal for all work-related submissions."
    )
    assert paragraphs[1].text == "A second paragraph starts here and it runs on to a second line."
    assert paragraphs[2].page == 2
    assert paragraphs[2].section == ("Scope of part 2", "Requirements")
    items = [b for b in doc.blocks if b.kind == "list_item"]
    assert [i.text for i in items] == ["a bullet point in a list"] * 4


def test_built_pdf_running_header_and_page_numbers_are_removed() -> None:
    doc = read(build_pdf(tender_page, pages=4))
    assert "Borough Council" not in doc.text
    assert not re.search(r"Page \d of 4", doc.text)
    assert all(not re.fullmatch(r"[\d\s]+", b.text) for b in doc.blocks)


def test_lone_page_numbers_in_margins_are_removed() -> None:
    def page(c, number, pages):
        c.setFont("Helvetica", 11)
        c.drawString(72, 700, f"The scope of lot {number} is set out below.")
        c.drawCentredString(300, 30, f"- {number} -" if number % 2 else str(number))

    doc = read(build_pdf(page, pages=2))
    assert [b.text for b in doc.blocks] == [
        "The scope of lot 1 is set out below.",
        "The scope of lot 2 is set out below.",
    ]
    assert [b.page for b in doc.blocks] == [1, 2]


def test_dispatch_reads_pdf_bytes() -> None:
    doc = read_document_bytes(build_pdf(text_page), "spec.pdf", "pdf")
    assert doc.format == "pdf"
    assert doc.text == "Tender for grounds maintenance services."


# ---------------------------------------------------------------------------------------------
# Hostile and broken PDFs
# ---------------------------------------------------------------------------------------------


def test_password_protected_pdf_is_refused() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    data = build_pdf(text_page, encrypt=StandardEncryption("secret", ownerPassword="owner"))
    reason, elapsed = refused(data)
    assert reason.startswith("the PDF is password-protected;")
    assert elapsed < 5


def test_owner_password_only_pdf_is_read() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    encrypt = StandardEncryption("", ownerPassword="owner", canPrint=0, canCopy=0)
    doc = read(build_pdf(text_page, encrypt=encrypt))
    assert doc.text == "Tender for grounds maintenance services."


def test_truncated_pdf_is_refused() -> None:
    whole = build_pdf(tender_page, pages=6)
    reason, elapsed = refused(whole[: len(whole) // 2])
    assert reason == CORRUPT
    assert elapsed < 5


def test_truncated_real_pdf_is_refused() -> None:
    data = corpus_bytes(SQ_GUIDANCE)
    reason, elapsed = refused(data[: len(data) // 2])
    assert reason == CORRUPT
    assert elapsed < 5


def test_pdf_without_text_layer_needs_ocr() -> None:
    def shapes(c, number, pages):
        c.rect(100, 100, 300, 200, fill=1)
        c.line(50, 50, 500, 700)
        c.circle(300, 600, 40)

    reason, elapsed = refused(build_pdf(shapes, pages=3))
    assert reason == NO_TEXT
    assert "OCR" in reason
    assert elapsed < 5


def test_scanned_pages_in_a_text_pdf_are_noted() -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    picture = Image.new("RGB", (200, 100), "white")

    def page(c, number, pages):
        if number == 2:  # a scanned page: an image, no text layer
            c.drawImage(ImageReader(picture), 72, 400, width=400, height=200)
        else:
            text_page(c, number, pages)

    doc = read(build_pdf(page, pages=3))
    assert doc.pages == 3
    assert [b.page for b in doc.blocks] == [1, 3]
    assert doc.notes == [
        "1 of 3 pages are images without a text layer (scanned?) and were not read; "
        "they need OCR: pages 2"
    ]


def test_random_bytes_with_pdf_header_are_corrupt() -> None:
    reason, elapsed = refused(b"%PDF-1.7\n" + os.urandom(50_000))
    assert reason == CORRUPT
    assert elapsed < 5


def test_not_a_pdf_at_all() -> None:
    reason, _ = refused(b"PK\x03\x04 this is not a PDF")
    assert "not a PDF" in reason


def test_too_many_pages_is_refused() -> None:
    reason, elapsed = refused(build_pdf(text_page, pages=5), Limits(max_pages=4))
    assert reason == "the PDF has 5 pages, over the limit of 4"
    assert elapsed < 5


def test_no_time_allowance_refuses_a_pdf() -> None:
    """Reading a PDF is bounded by counts (pages, stream sizes, memory, table limits), never by
    time: with no time allowed at all, the PDF is read as with the default allowance, so a
    busy machine cannot turn a report into a refusal."""
    data = build_pdf(tender_page, pages=30)
    hurried = read(data, limits=Limits(document_budget_s=0.0))
    assert hurried.pages == 30
    assert [b.to_dict() for b in hurried.blocks] == [b.to_dict() for b in read(data).blocks]


# ---------------------------------------------------------------------------------------------
# Real documents (../shared/corpus)
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def guidance() -> Document:
    """06: the PPN 03/24 SQ guidance, 57 pages rendered by Google Docs, with ruled tables."""
    return read(corpus_bytes(SQ_GUIDANCE), SQ_GUIDANCE)


@pytest.fixture(scope="module")
def portal() -> Document:
    """07: a 160-page SQ exported from an e-sourcing portal, with progress banners."""
    return read(corpus_bytes(SQ_PORTAL), SQ_PORTAL)


@pytest.fixture(scope="module")
def cas() -> Document:
    """08: the Build UK Common Assessment Standard, 79 pages, mostly one long table."""
    return read(corpus_bytes(CAS), CAS)


@pytest.mark.corpus
def test_guidance_headings_pages_and_levels(guidance: Document) -> None:
    assert guidance.pages == 57
    title = heading(guidance, "Procurement Policy Note: Standard Selection Questionnaire (SQ)")
    assert (title.page, title.level) == (1, 1)
    # a heading set on three lines is one heading
    annex_a = heading(
        guidance,
        "Annex A - Guidance on the Selection Stage Process, including Standard Selection "
        "Questions (PCR 2015).",
    )
    assert (annex_a.page, annex_a.level) == (3, 2)
    annex_d = heading(guidance, "Annex D - Exclusion Grounds: Public Procurement")
    assert (annex_d.page, annex_d.level, annex_d.label) == (53, 2, "Annex D")
    # the raised footnote mark after "Grounds" is not part of the heading
    key = heading(
        guidance,
        "Guidance on Part 1 (General Information) and Part 2 (Exclusion Grounds) - Key Principles",
    )
    assert (key.page, key.level) == (6, 4)
    issue = heading(guidance, "Dissemination and Scope")
    assert (issue.page, issue.level) == (1, 5)
    corruption = heading(guidance, "Corruption")
    assert corruption.page == 53
    assert corruption.section == (title.text, annex_d.text, "Corruption")
    # bold words inside a list item are not headings
    assert not any(h.text.startswith("grounds apply") for h in guidance.headings)


@pytest.mark.corpus
def test_guidance_numbered_paragraphs_and_page_continuation(guidance: Document) -> None:
    first = next(b for b in guidance.blocks if b.label == "1")
    assert first.kind == "paragraph"
    assert first.page == 1
    assert first.text.startswith("This Procurement Policy Note (PPN) updates the Selection")
    # a list item that runs from page 1 onto page 2 is one block, on the page it starts on
    item = next(b for b in guidance.blocks if b.label == "ii)")
    assert item.kind == "list_item"
    assert item.page == 1
    assert item.text.endswith(
        "as set out in regulation 59 of the PCR 2015 (following EU Exit). The SPD is the "
        "Selection questionnaire template at Annex C."
    )


@pytest.mark.corpus
def test_guidance_table_cells(guidance: Document) -> None:
    table = next(t for t in guidance.tables if t.page == 17)
    assert table.rows[1] == ["M", "Name (if, registered, please give the registered name)."]
    assert table.section[-1] == "Part 1 Questions (General Information)"
    assert "M | Name (if, registered, please give the registered name)." in table.text.split("\n")
    # the table's text is not repeated as paragraphs
    assert not any(
        b.kind != "table" and "please give the registered name" in b.text for b in guidance.blocks
    )
    assert all(len(row) == len(table.rows[0]) for row in table.rows)


@pytest.mark.corpus
def test_portal_export_furniture_is_removed(portal: Document) -> None:
    assert portal.pages == 160
    text = portal.text
    assert "through this questionnaire" not in text  # "You are 5% through ..." banners
    assert "NQC Ltd" not in text  # "© 2021 NQC Ltd All Rights Reserved. 3/163" footers
    assert not re.search(r"\b\d+/163\b", text)
    # the portal's page title is kept once, where the document starts
    titles = [h for h in portal.headings if h.text == "Selection Questionnaire"]
    assert [(h.page, h.level) for h in titles] == [(1, 2)]


@pytest.mark.corpus
def test_portal_export_questions_and_reading_order(portal: Document) -> None:
    # a short numbered line standing on its own is a heading, even in body type
    q140 = next(b for b in portal.blocks if b.label == "140")
    assert (q140.kind, q140.page) == ("heading", 141)
    assert q140.text == "Employer's (Compulsory) Liability Insurance"
    # numbered questions are paragraphs with their number as the label
    q13 = next(b for b in portal.blocks if b.label == "13")
    assert (q13.kind, q13.page) == ("paragraph", 9)
    assert q13.text == "Are you a Small, Medium or Micro Enterprise (SME)?"
    blocks = portal.blocks
    after = blocks[q140.index + 1]
    assert after.section[-1] == q140.text
    assert after.text == (
        "It is a legal requirement that all companies hold Employer's (Compulsory) Liability "
        "Insurance of £5 million as a minimum. Please note this requirement is not applicable "
        "to Sole Traders."
    )
    # the Guidance side column comes after the main column it sits beside
    q142 = next(b for b in blocks if b.label == "142")
    guidance = next(b for b in blocks if b.page == 141 and b.text == "Guidance")
    assert guidance.kind == "heading"
    assert guidance.index > q142.index
    # a word PDFium found hyphenated across a line end keeps its hyphen
    assert any(
        "make a self-declaration, on behalf of your organisation" in b.text
        for b in blocks
        if b.page == 1
    )
    # form boxes and frames are not tables: pdfplumber never ran
    assert portal.tables == []
    assert portal.notes == []


@pytest.mark.corpus
def test_cas_sections_footers_and_long_table(cas: Document) -> None:
    assert cas.pages == 79
    title = heading(cas, "Common Assessment Standard – Question Set")
    assert (title.page, title.level) == (1, 1)
    identity = heading(cas, "Section 1: Identity")
    assert (identity.page, identity.level, identity.label) == (6, 2, "Section 1")
    last = heading(cas, "Section 10: Information Management (IM)")
    assert (last.page, last.level) == (77, 2)
    assert "Build UK Group Limited" not in cas.text
    assert not re.search(r"Page \d+ of 79", cas.text)

    table = next(t for t in cas.tables if t.page == 6)
    assert table.rows[0] == ["Question Number", "Question", "Guidance", "Information"]
    assert table.rows[1] == [
        "1",
        "What is your company’s legal name?",
        "Please provide your company’s legal name.",
        "",
    ]
    assert table.section == (title.text, identity.text)
    # the table runs on over pages 7-12 and is kept as one table (header row not repeated)
    numbers = [row[0] for row in table.rows[1:]]
    assert numbers == [str(n) for n in range(1, 27)]
    q17 = table.rows[17]
    assert q17[0] == "17" and q17[3] == "Advisory"
    # hyphens at cell line ends are real hyphens here
    example = next(t for t in cas.tables if t.page == 2)
    assert "preventing work-related incidents, occupational ill-health" in example.rows[0][1]


@pytest.mark.corpus
def test_table_page_limit_is_noted_and_text_kept() -> None:
    # the table limits count pages and cells, never time (issue 16: a time budget made the
    # report depend on machine load)
    doc = read(corpus_bytes(CAS), CAS, Limits(max_table_pages=0))
    assert doc.tables == []
    assert len(doc.notes) == 1
    assert doc.notes[0].startswith("table structure is read on at most 0 pages of a PDF")
    assert "What is your company’s legal name?" in doc.text
