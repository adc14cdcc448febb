"""The .odt reader: exact behaviour on small hand-built documents, and the real OpenDocument
order form in the G-Cloud 15 pack (skipped when the corpus is absent)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tendercheck.documents.limits import DEFAULT_LIMITS
from tendercheck.documents.model import Document
from tendercheck.documents.odt_reader import read_odt
from tendercheck.errors import InputError

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
ORDER_FORM = CORPUS / "gcloud15-pack" / "Framework_Schedule_6_-_Order_Form_Template_v1.0_PA.odt"
needs_corpus = pytest.mark.skipif(
    not ORDER_FORM.is_file(), reason=f"the real tender corpus is not at {CORPUS}"
)

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)

STYLES = f"""<office:document-styles {NS}><office:styles>
<style:style style:name="Standard" style:family="paragraph"/>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
  style:parent-style-name="Standard" style:default-outline-level="1">
  <style:text-properties fo:font-weight="bold" fo:font-size="16pt"/></style:style>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph"
  style:parent-style-name="Standard" style:default-outline-level="2"/>
<style:style style:name="Contents_20_1" style:display-name="Contents 1" style:family="paragraph"/>
<text:outline-style style:name="Outline">
  <text:outline-level-style text:level="1" style:num-format="1" style:num-suffix="."/>
  <text:outline-level-style text:level="2" style:num-format="1" text:display-levels="2"/>
</text:outline-style>
</office:styles></office:document-styles>"""

AUTOMATIC = """<office:automatic-styles>
<style:style style:name="PB" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:break-before="page"/></style:style>
<style:style style:name="Bold" style:family="paragraph" style:parent-style-name="Standard">
  <style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/>
</style:style>
<text:list-style style:name="L1">
  <text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."/>
  <text:list-level-style-number text:level="2" style:num-format="a" style:num-prefix="("
    style:num-suffix=")"/>
</text:list-style>
<text:list-style style:name="L2">
  <text:list-level-style-bullet text:level="1" text:bullet-char="●"/>
</text:list-style>
</office:automatic-styles>"""


def odt(
    body: str,
    styles: str | None = STYLES,
    meta: str | None = None,
    mimetype: str = "application/vnd.oasis.opendocument.text",
    content: str | None = None,
) -> bytes:
    if content is None:
        content = (
            f'<office:document-content {NS} office:version="1.2">{AUTOMATIC}'
            f"<office:body><office:text>{body}</office:text></office:body>"
            "</office:document-content>"
        )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        zf.writestr("content.xml", content)
        if styles is not None:
            zf.writestr("styles.xml", styles)
        if meta is not None:
            zf.writestr("meta.xml", meta)
    return buf.getvalue()


def read(data: bytes) -> Document:
    return read_odt(data, "test.odt", DEFAULT_LIMITS)


def summary(doc: Document) -> list[tuple]:
    return [(b.kind, b.level, b.label, b.text) for b in doc.blocks]


def test_headings_paragraphs_and_outline_numbering():
    doc = read(
        odt(
            '<text:h text:style-name="Heading_20_1" text:outline-level="1">Introduction</text:h>'
            '<text:p>The council<text:s text:c="2"/>wants<text:tab/>a caterer.</text:p>'
            '<text:h text:style-name="Heading_20_2" text:outline-level="2">Background</text:h>'
            '<text:p>Meals for <text:span text:style-name="T1">300</text:span> pupils.</text:p>'
            '<text:h text:style-name="Heading_20_1" text:outline-level="1">Specification</text:h>'
        )
    )
    assert summary(doc) == [
        ("heading", 1, "1.", "Introduction"),
        ("paragraph", None, None, "The council wants a caterer."),
        ("heading", 2, "1.1", "Background"),
        ("paragraph", None, None, "Meals for 300 pupils."),
        ("heading", 1, "2.", "Specification"),
    ]
    assert doc.blocks[3].section == ("Introduction", "Background")
    assert doc.format == "odt"


def test_sentence_in_a_heading_is_demoted_and_bold_numbered_line_promoted():
    doc = read(
        odt(
            '<text:h text:style-name="Heading_20_2" text:outline-level="2">'
            "the supplier shall keep its tender open for ninety days after the deadline.</text:h>"
            '<text:p text:style-name="Bold">7 Evaluation</text:p>'
            "<text:p>SCHEDULE 2 – PRICING</text:p>"
        )
    )
    assert [(b.kind, b.level, b.label) for b in doc.blocks] == [
        ("list_item", None, "1.1"),  # still numbered by the outline, but not a heading
        ("heading", 1, "7"),
        ("heading", 1, None),
    ]


def test_lists_are_labelled_and_continue():
    doc = read(
        odt(
            '<text:list text:style-name="L1" xml:id="list1">'
            "<text:list-item><text:p>Register on the portal.</text:p>"
            "<text:list><text:list-item><text:p>by email; or</text:p></text:list-item>"
            "<text:list-item><text:p>by post.</text:p></text:list-item></text:list>"
            "</text:list-item>"
            "<text:list-item><text:p>Ask questions in writing.</text:p>"
            "<text:p>A second paragraph of the same item.</text:p></text:list-item>"
            "</text:list>"
            "<text:p>Between the lists.</text:p>"
            '<text:list text:style-name="L1" text:continue-numbering="true">'
            "<text:list-item><text:p>Submit by noon.</text:p></text:list-item></text:list>"
            '<text:list text:style-name="L2"><text:list-item><text:p>A bullet</text:p>'
            "</text:list-item></text:list>"
        )
    )
    assert [(b.kind, b.label, b.text) for b in doc.blocks] == [
        ("list_item", "1.", "Register on the portal."),
        ("list_item", "(a)", "by email; or"),
        ("list_item", "(b)", "by post."),
        ("list_item", "2.", "Ask questions in writing."),
        ("paragraph", None, "A second paragraph of the same item."),
        ("paragraph", None, "Between the lists."),
        ("list_item", "3.", "Submit by noon."),
        ("list_item", "•", "A bullet"),
    ]


def test_tables_with_spans_covered_cells_and_nested_tables():
    doc = read(
        odt(
            '<table:table><table:table-column table:number-columns-repeated="3"/>'
            "<table:table-header-rows><table:table-row>"
            '<table:table-cell table:number-columns-spanned="2"><text:p>Stage</text:p>'
            "</table:table-cell><table:covered-table-cell/>"
            "<table:table-cell><text:p>Date</text:p></table:table-cell>"
            "</table:table-row></table:table-header-rows>"
            "<table:table-row><table:table-cell><text:p>Tender</text:p></table:table-cell>"
            "<table:table-cell><text:p>deadline</text:p></table:table-cell>"
            "<table:table-cell><table:table><table:table-row>"
            "<table:table-cell><text:p>18 October</text:p></table:table-cell>"
            "<table:table-cell><text:p>noon</text:p></table:table-cell>"
            "</table:table-row></table:table></table:table-cell></table:table-row>"
            "</table:table>"
        )
    )
    assert len(doc.tables) == 1
    assert doc.tables[0].rows == [
        ["Stage", "", "Date"],
        ["Tender", "deadline", "18 October | noon"],
    ]
    assert doc.tables[0].text == "Stage | Date\nTender | deadline | 18 October | noon"


def test_table_of_contents_frames_notes_and_tracked_changes():
    doc = read(
        odt(
            '<text:tracked-changes><text:changed-region text:id="c1"><text:deletion>'
            "<text:p>DELETED TEXT</text:p></text:deletion></text:changed-region>"
            "</text:tracked-changes>"
            '<text:table-of-content text:name="TOC"><text:index-body>'
            '<text:p text:style-name="Contents_20_1">1 Introduction<text:tab/>2</text:p>'
            '<text:p text:style-name="Bold">2 Pricing<text:tab/>5</text:p>'
            "</text:index-body></text:table-of-content>"
            '<text:h text:style-name="Heading_20_1" text:outline-level="1">Introduction</text:h>'
            "<text:p>Read this<text:note><text:note-citation>1</text:note-citation>"
            "<text:note-body><text:p>FOOTNOTE</text:p></text:note-body></text:note> first."
            '<text:change text:change-id="c1"/></text:p>'
            '<text:p><draw:frame text:anchor-type="paragraph"><draw:text-box>'
            "<text:p>Boxed text</text:p></draw:text-box></draw:frame>Anchor paragraph</text:p>"
        )
    )
    assert [b.text for b in doc.headings] == ["Introduction"]
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "1 Introduction 2"),
        ("paragraph", "2 Pricing 5"),
        ("heading", "Introduction"),
        ("paragraph", "Read this first."),
        ("paragraph", "Boxed text"),
        ("paragraph", "Anchor paragraph"),
    ]
    assert "DELETED" not in doc.text and "FOOTNOTE" not in doc.text


def test_page_breaks_soft_and_explicit():
    doc = read(
        odt(
            "<text:p>One</text:p>"
            "<text:soft-page-break/>"
            "<text:p>Two</text:p>"
            '<text:p text:style-name="PB">Three</text:p>'
            "<text:p>Still three<text:soft-page-break/> and on to four</text:p>"
            "<text:p>Four</text:p>"
        )
    )
    assert [(b.text, b.page) for b in doc.blocks] == [
        ("One", 1),
        ("Two", 2),
        ("Three", 3),
        ("Still three and on to four", 3),
        ("Four", 4),
    ]
    assert (doc.pages, doc.pages_estimated) == (4, False)


def test_pages_estimated_without_breaks():
    text = "The contractor shall maintain all grassed areas to the agreed standard. " * 5
    doc = read(odt("".join(f"<text:p>{i} {text}</text:p>" for i in range(60))))
    assert doc.pages_estimated is True
    assert 4 <= doc.pages <= 10
    assert doc.blocks[-1].page == doc.pages


def test_saved_page_count_is_used_when_it_matches():
    text = "The contractor shall maintain all grassed areas to the agreed standard. " * 5
    body = "".join(f"<text:p>{i} {text}</text:p>" for i in range(60))
    words = 60 * (1 + len(text.split()))
    meta = (
        f"<office:document-meta {NS}><office:meta><meta:document-statistic "
        f'meta:page-count="7" meta:word-count="{words}"/></office:meta></office:document-meta>'
    )
    estimate = read(odt(body)).pages
    assert estimate != 7
    assert read(odt(body, meta=meta)).pages == 7
    stale = meta.replace(f'meta:word-count="{words}"', 'meta:word-count="12"')
    assert read(odt(body, meta=stale)).pages == estimate  # stale statistics are ignored


def test_document_without_styles_part_still_reads():
    doc = read(odt('<text:h text:outline-level="1">Scope</text:h><text:p>Text</text:p>', None))
    assert [(b.kind, b.level) for b in doc.blocks] == [("heading", 1), ("paragraph", None)]


# ----------------------------------------------------------------------------------------------
# Bad input


def test_entity_declaration_is_refused():
    content = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f"<office:document-content {NS}><office:body><office:text><text:p>&b;</text:p>"
        "</office:text></office:body></office:document-content>"
    )
    with pytest.raises(InputError, match="entit"):
        read(odt("", content=content))


def test_truncated_odt_is_an_input_error():
    data = odt("<text:p>Some text</text:p>" * 50)
    with pytest.raises(InputError, match="corrupt or truncated"):
        read(data[: len(data) // 2])


def test_zip_without_content_is_an_input_error():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("styles.xml", STYLES)
    with pytest.raises(InputError, match=r"no content\.xml"):
        read(buf.getvalue())


def test_spreadsheet_is_not_a_text_document():
    with pytest.raises(InputError, match="OpenDocument spreadsheet"):
        read(odt("<text:p>x</text:p>", mimetype="application/vnd.oasis.opendocument.spreadsheet"))


def test_malformed_content_is_an_input_error():
    with pytest.raises(InputError, match=r"the \.odt is corrupt or incomplete"):
        read(odt("", content=f"<office:document-content {NS}><office:body>"))


# ----------------------------------------------------------------------------------------------
# The real corpus


@pytest.fixture(scope="module")
def order_form() -> Document:
    return read_odt(ORDER_FORM.read_bytes(), ORDER_FORM.name, DEFAULT_LIMITS)


@needs_corpus
@pytest.mark.corpus
def test_order_form_text_and_lists(order_form):
    doc = order_form
    # text:s and spans rebuild the words Word split into runs
    assert doc.blocks[2].text == "CALL-OFF REFERENCE: [Insert Buyer’s contract reference number]"
    first = next(b for b in doc.blocks if b.text.startswith("This Order Form including"))
    assert (first.kind, first.label) == ("list_item", "1.")
    general = next(b for b in doc.blocks if b.text == "CCS General Terms version 1.0 PA")
    assert general.label == "5."  # the numbered list continues after a bulleted one
    bullets = [b for b in doc.blocks if b.label == "•"]
    assert "Joint Schedule 2 (Variation Form)" in [b.text for b in bullets]
    assert doc.headings == []  # its section titles are plain capitals, not headings


@needs_corpus
@pytest.mark.corpus
def test_order_form_signature_table_and_pages(order_form):
    doc = order_form
    assert len(doc.tables) == 1
    rows = doc.tables[0].rows
    # a four-column grid: each label sits beside an empty box for the signature
    assert rows[0] == [
        "For and on behalf of the Supplier:",
        "",
        "For and on behalf of the Buyer:",
        "",
    ]
    assert rows[1] == ["Signature:", "", "Signature:", ""]
    assert "Signature: | Signature:" in doc.tables[0].text
    # Word saved 9 pages in meta.xml and wrote five soft page breaks; the rest is estimated
    assert doc.pages == 9
    assert doc.blocks[0].page == 1 and doc.blocks[-1].page == 9
