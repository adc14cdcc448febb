"""Read a .docx into a Document: blocks in body order, heading levels, list labels, pages.

The WordprocessingML parts are parsed with lxml directly, through a safe parser (no entities,
no network, no huge trees), after :func:`open_office_zip` has checked the container. python-docx's
object layer is not used: it is several times slower on big documents and knows nothing of text
boxes, content controls, fields or tracked changes, which all matter here.

What is read, in document order:
- body paragraphs and tables, including those wrapped in content controls (``w:sdt``) and
  custom XML; a table nested in a cell is flattened into that cell's text;
- runs, hyperlinks, smart tags, inserted text (``w:ins``) and the displayed result of fields;
  deleted text, field instructions and hidden text are skipped;
- text boxes once (the ``mc:Choice`` of an ``mc:AlternateContent``, never its Fallback); at body
  level each text-box paragraph becomes a block of its own, before its anchor paragraph.

Headings come from paragraph styles (``Heading 1``..``9``, ``Title``) and outline levels,
following ``basedOn``; those that read like body text are demoted. Short bold or capitalised
numbered lines ("4 Specification", "SCHEDULE 4 – SPECIFICATION") are headings by a conservative
heuristic. Table-of-contents entries are never headings.

Pages: Word saves ``w:lastRenderedPageBreak`` where its layout put each page break; when the
document has them they are used with the explicit breaks (a rendered break that follows an
explicit one with nothing between is the same break). Without them, explicit breaks split the
document and any stretch longer than a page is estimated from a rough layout (section page size,
font sizes, spacing, table column widths, pictures), and ``Document.pages_estimated`` is set.

The parts: ``docx_parts`` (package), ``docx_styles``, ``docx_numbering``, ``docx_body`` and
``docx_tables`` (the walk), ``docx_layout`` (page geometry); with the .odt reader it shares
``office_headings``, ``office_pages``, ``office_text`` and ``office_walk``.
"""

from __future__ import annotations

import zipfile

from tendercheck.documents.docx_body import BodyWalker
from tendercheck.documents.docx_layout import sections_of
from tendercheck.documents.docx_numbering import Numbering
from tendercheck.documents.docx_parts import corrupt, load_parts
from tendercheck.documents.docx_styles import Styles
from tendercheck.documents.docx_xml import LRPB, W
from tendercheck.documents.limits import Budget, Limits
from tendercheck.documents.model import Document
from tendercheck.documents.office_pages import PageTracker, place_blocks
from tendercheck.documents.safety import open_office_zip


def read_docx(data: bytes, name: str, limits: Limits) -> Document:
    """Read a .docx from memory. Raises InputError for anything that is not a readable one."""
    budget = Budget(name, limits)
    zf = open_office_zip(data, name, limits)
    try:
        parts = load_parts(zf, name, limits)
    except (KeyError, zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise corrupt(name, str(exc) or type(exc).__name__) from exc
    finally:
        zf.close()
    body = parts.document.find(W + "body")
    if body is None:
        raise corrupt(name, "the document has no body")
    styles = Styles(parts.styles)
    numbering = Numbering(parts.numbering, styles)
    pages = PageTracker(rendered=next(body.iter(LRPB), None) is not None)
    walker = BodyWalker(styles, numbering, pages, sections_of(body), budget)
    try:
        walker.body(body)
    except RecursionError as exc:
        raise corrupt(name, "the document is nested too deeply") from exc
    walker.review_heading_styles()
    blocks, total, estimated = place_blocks(
        walker.items, pages, parts.saved_pages, parts.saved_words, name, limits
    )
    doc = Document(
        name=name,
        format="docx",
        blocks=blocks,
        pages=total,
        pages_estimated=estimated,
        notes=sorted(walker.notes),
    )
    return doc.finish()
