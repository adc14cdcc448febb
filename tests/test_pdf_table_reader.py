"""Issue 16: the PDF table reader on real PDFs (drawn here with reportlab): the cells it reads,
merged cells, characters PDFium places off one baseline, and limits that count, never time.
"""

from __future__ import annotations

import io
import itertools
import time

import pypdfium2 as pdfium
import pytest

from tendercheck.documents import pdf_reader, pdf_tables
from tendercheck.documents.limits import DEFAULT_LIMITS, Limits
from tendercheck.documents.pdf_reader import read_pdf
from tendercheck.errors import InputError

from .test_speed_paths import as_tuples, plain_page_chars, ruled_pages


def grid_pdf() -> bytes:
    """One page, a grid of thin ruled lines (4 rows, 3 columns) whose cells hold: words drawn
    one by one at their own places (PDFium generates the spaces between them), a word drawn
    at a slant, a raised footnote mark, and a row whose middle rule is missing (one cell
    over two columns)."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(600, 800), invariant=1)
    c.setLineWidth(0.5)
    xs, ys = [60, 240, 400, 540], [700, 670, 620, 580, 540]
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    for x in (xs[0], xs[-1]):
        c.line(x, ys[0], x, ys[-1])
    c.line(xs[1], ys[0], xs[1], ys[2])  # no middle rule in the third row
    c.line(xs[1], ys[3], xs[1], ys[4])
    c.line(xs[2], ys[0], xs[2], ys[-1])
    c.setFont("Helvetica-Bold", 10)
    for x, word in zip(xs, ("Criterion", "Weighting", "Evidence"), strict=False):
        c.drawString(x + 4, 682, word)
    c.setFont("Helvetica", 10)
    x = xs[0] + 4
    for word in ("Social", "value", "plan"):  # each word its own text object
        c.drawString(x, 648, word)
        x += c.stringWidth(word, "Helvetica", 10) + 2.5  # under pdfplumber's 3 pt word gap
    c.drawString(xs[1] + 4, 648, "10%")
    c.saveState()
    c.translate(xs[2] + 10, 630)
    c.rotate(20)
    c.drawString(0, 0, "slanted")
    c.restoreState()
    c.drawString(xs[0] + 4, 597, "Quality and price judged together")
    c.drawString(xs[2] + 4, 597, "Yes")
    text = c.beginText(xs[0] + 4, 557)
    text.textOut("Turnover")
    text.setFont("Helvetica", 6)
    text.setRise(4)
    text.textOut("2")
    text.setRise(0)
    text.setFont("Helvetica", 10)
    text.textOut(" over two years")
    c.drawText(text)
    c.drawString(xs[1] + 4, 557, "Pass/fail")
    c.drawString(xs[2] + 4, 557, "Accounts")
    c.showPage()
    c.save()
    return out.getvalue()


EXPECTED_ROWS = [
    ["Criterion", "Weighting", "Evidence"],
    ["Social value plan", "10%", "slanted"],
    ["Quality and price judged together", "", "Yes"],
    ["Turnover2 over two years", "Pass/fail", "Accounts"],
]


def test_cells_of_a_ruled_grid_with_a_merged_cell() -> None:
    doc = read_pdf(grid_pdf(), "grid.pdf", DEFAULT_LIMITS)
    assert [t.rows for t in doc.tables] == [EXPECTED_ROWS]
    assert doc.notes == []


def test_characters_off_one_baseline_are_read_one_by_one() -> None:
    """The slanted word's characters each have their own baseline and the raised mark its
    own: the characters are those of one PDFium call a character."""
    data = grid_pdf()
    pages = ruled_pages(data)
    assert [p.number for p in pages] == [1]
    pdf = pdfium.PdfDocument(data)
    try:
        textpage = pdf[0].get_textpage()
        expected = as_tuples(plain_page_chars(textpage.raw, pages[0]))
        slanted = [c for c in expected if c[1] > 400 and 150 < c[3] < 175]  # its third cell
        assert "".join(c[0] for c in slanted) == "slanted"
        assert len({c[3] for c in slanted}) == 7  # seven characters, seven tops
        raised = [c for c in expected if c[0] == "2"]
        assert len(raised) == 1 and raised[0][4] < min(c[4] for c in expected if c[0] == "T")
        assert pdf_tables.page_chars(textpage, pages[0]) == expected
    finally:
        pdf.close()


class _Clock:
    """time.monotonic / perf_counter on a machine so busy that a call takes 1,000 s."""

    def __init__(self) -> None:
        self.ticks = itertools.count()
        self.base = time.monotonic()

    def __call__(self) -> float:
        return self.base + 1000.0 * next(self.ticks)


def test_a_pdf_is_read_alike_however_slow_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    from .test_speed_determinism import ruled_tables_pdf

    data = ruled_tables_pdf(3)
    calm = read_pdf(data, "tables.pdf", DEFAULT_LIMITS)
    monkeypatch.setattr(time, "monotonic", _Clock())
    monkeypatch.setattr(time, "perf_counter", _Clock())
    # PDFium's pass runs in this process, so that it sees the slow clock too
    monkeypatch.setattr(pdf_reader, "run_isolated", lambda func, *args, memory=None: func(*args))
    busy = read_pdf(data, "tables.pdf", DEFAULT_LIMITS)
    assert [b.to_dict() for b in busy.blocks] == [b.to_dict() for b in calm.blocks]
    assert len(busy.tables) == 3 and busy.notes == []


def many_paragraphs_docx(count: int) -> bytes:
    import docx

    document = docx.Document()
    for k in range(count):
        document.add_paragraph(f"Paragraph {k} of the specification.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_docx_is_read_alike_however_slow_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    from tendercheck.documents.docx_reader import read_docx

    data = many_paragraphs_docx(600)
    calm = read_docx(data, "spec.docx", DEFAULT_LIMITS)
    monkeypatch.setattr(time, "monotonic", _Clock())
    busy = read_docx(data, "spec.docx", DEFAULT_LIMITS)
    assert [b.to_dict() for b in busy.blocks] == [b.to_dict() for b in calm.blocks]
    assert len(busy.blocks) == 600


def test_a_docx_over_the_paragraph_count_is_refused_by_count() -> None:
    from tendercheck.documents.docx_reader import read_docx

    data = many_paragraphs_docx(60)
    assert len(read_docx(data, "spec.docx", Limits(max_document_items=60)).blocks) == 60
    with pytest.raises(InputError) as caught:
        read_docx(data, "spec.docx", Limits(max_document_items=59))
    assert "more than 59 paragraphs and table rows" in str(caught.value)


def test_cells_from_the_pdfium_pass_are_those_read_afresh(monkeypatch: pytest.MonkeyPatch):
    """The characters read while PDFium has each page's text (and packed to cross from its
    process) give the blocks that a fresh read of the page's text gives."""
    from tendercheck.documents import pdf_lines

    from .test_speed_paths import FIXTURES

    for data in (grid_pdf(), (FIXTURES / "county-council-homecare-itt.pdf").read_bytes()):
        passed = read_pdf(data, "t.pdf", DEFAULT_LIMITS)
        with monkeypatch.context() as patch:
            patch.setattr(pdf_lines, "packed_chars", lambda textpage, page: None)
            afresh = read_pdf(data, "t.pdf", DEFAULT_LIMITS)
        assert passed.tables
        assert [b.to_dict() for b in passed.blocks] == [b.to_dict() for b in afresh.blocks]
        assert passed.notes == afresh.notes


def test_the_table_page_limit_bounds_the_pdfium_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    from tendercheck.documents import pdf_lines

    from .test_speed_determinism import ruled_tables_pdf

    read: list[int] = []
    real = pdf_lines.packed_chars

    def counted(textpage, page):
        read.append(page.number)
        return real(textpage, page)

    monkeypatch.setattr(pdf_lines, "packed_chars", counted)
    monkeypatch.setattr(pdf_reader, "run_isolated", lambda func, *args, memory=None: func(*args))
    doc = read_pdf(ruled_tables_pdf(4), "tables.pdf", Limits(max_table_pages=2))
    assert read == [1, 2]
    assert len(doc.tables) == 2
    assert doc.notes == [
        "table structure is read on at most 2 pages of a PDF; tables on pages 3, 4 were read as "
        "text"
    ]
    assert "Q4.2 Describe your approach to item 2." in doc.text
