"""Read a PDF into a Document: text, headings, lists and tables, without page furniture.

Text, positions and fonts come from PDFium (pypdfium2), about a millisecond a page. Table
structure is read only on pages where a PDFium pre-scan of the vector graphics finds a ruled
grid: cells from those rules, their text from PDFium (``pdf_tables``); pdfplumber, 50-500 times
slower, reads a page itself only where the pre-scan cannot give the grid. Its limits count
pages, cells and characters (``limits.max_table_*``), never time; so do the reader's other
limits (``max_pages``, ``max_pdf_stream_bytes``, ``pdf_memory_bytes``): the same PDF always
gives the same document, however busy the machine.

The pipeline, per document:

1. per page: PDFium text, split into lines at PDFium's own line breaks; for each line a few
   character boxes and font sizes (not every character: the per-character calls are what makes
   a reader slow) and whether its font is bold; a scan of the page's path objects for a ruled
   grid, and on a page with one, its characters for the table cells (``pdf_tables``);
2. per page: superscripts rejoined, reading order (top to bottom, a side column after the main
   one);
3. per document: running headers, footers and page numbers removed (lines in the top or bottom
   band of the page whose text, digits aside, repeats across pages);
4. tables on the flagged pages, replacing the lines they cover;
5. blocks: headings from size, weight and numbering, paragraphs from vertical gaps, list items
   from their markers, hyphenation at line ends joined.

The steps live in ``pdf_lines`` (1, 2; ``pdf_rules`` for the grid scan), ``pdf_furniture`` (3),
``pdf_tables`` (4), ``pdf_blocks`` and ``pdf_headings`` (5), ``pdf_text`` (cleaning, hyphens).
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from tendercheck.documents.limits import Limits
from tendercheck.documents.model import Document
from tendercheck.documents.pdf_blocks import BlockBuilder
from tendercheck.documents.pdf_furniture import body_size, remove_furniture
from tendercheck.documents.pdf_lines import extract_pages
from tendercheck.documents.pdf_page import page_list
from tendercheck.documents.pdf_tables import extract_tables
from tendercheck.documents.safety import check_pdf_streams
from tendercheck.errors import InputError
from tendercheck.parallel import WorkerDied, run_isolated

CORRUPT = "the PDF is corrupt or truncated"
PASSWORD = (
    "the PDF is password-protected; remove the password (or save an unprotected copy) "
    "and run tendercheck again"
)
NO_TEXT = "the PDF has no text layer (scanned?): it needs OCR before tendercheck can read it"

# ---------------------------------------------------------------------------------------------


def read_pdf(data: bytes, name: str, limits: Limits) -> Document:
    """Read a PDF held in memory. Bad input raises InputError with a reason a user can act on."""
    notes: list[str] = []

    check_pdf_streams(data, name, limits)
    try:
        count, pages, unreadable = run_isolated(
            _pdfium_pages, data, name, limits, memory=limits.pdf_memory_bytes
        )
    except WorkerDied as exc:
        raise InputError(
            name,
            f"PDFium could not read the PDF: it ran out of memory or crashed ({exc}); the file"
            " may be corrupt or hostile",
        ) from None

    if not any(p.lines for p in pages):
        if unreadable and len(unreadable) == count:
            raise InputError(name, CORRUPT)
        raise InputError(name, NO_TEXT)
    if unreadable:
        notes.append(f"{len(unreadable)} page(s) could not be read: {page_list(unreadable)}")
    scanned = [p.number for p in pages if not p.lines and p.has_image]
    if scanned:
        notes.append(
            f"{len(scanned)} of {count} pages are images without a text layer (scanned?) and "
            f"were not read; they need OCR: pages {page_list(scanned)}"
        )
    if b"%%EOF" not in data[-2048:]:
        notes.append("the PDF has no end-of-file marker (truncated?): read what could be recovered")

    body = body_size(pages)
    remove_furniture(pages, body)
    if any(p.ruled for p in pages):
        extract_tables(data, name, pages, limits, notes)
    blocks = BlockBuilder(pages, body).build()
    doc = Document(name=name, format="pdf", blocks=blocks, pages=count, notes=notes, path=name)
    return doc.finish()


def _pdfium_pages(data: bytes, name: str, limits: Limits):
    """Step 1, through PDFium: (page count, pages, unreadable page numbers). Run in a process
    of its own, so that PDFium aborting or crashing on a hostile file ends only that process."""
    pdf = _open(data, name)
    try:
        count = len(pdf)
        if count > limits.max_pages:
            raise InputError(
                name, f"the PDF has {count} pages, over the limit of {limits.max_pages}"
            )
        pages, unreadable = extract_pages(pdf, limits)
    finally:
        pdf.close()
    return count, pages, unreadable


def _open(data: bytes, name: str):
    if b"%PDF-" not in data[:1024]:
        raise InputError(name, "not a PDF file (no %PDF header)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise InputError(name, PASSWORD) from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise InputError(
                name, "the PDF uses an encryption scheme tendercheck cannot open"
            ) from None
        raise InputError(name, CORRUPT) from None


# ---------------------------------------------------------------------------------------------
# 1. Extraction: lines and the ruled-grid pre-scan, one pass over the pages
# ---------------------------------------------------------------------------------------------
