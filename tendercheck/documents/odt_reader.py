"""Read an OpenDocument text (.odt) into a Document, like the DOCX reader does.

``content.xml`` (and ``styles.xml`` for styles, page size and heading numbering, ``meta.xml`` for
the saved page count) are parsed with lxml through a safe parser after
:func:`open_office_zip` has checked the container.

- ``text:h`` are headings at their outline level (unless they read like body text); a short
  bold or capitalised numbered ``text:p`` can be a heading by the same heuristic as in .docx.
- ``text:list`` items become list items with labels counted from the list style; numbered
  headings take their labels from the outline style.
- ``table:table`` becomes one table block; spanned cells appear once, covered cells are "".
- Entries of a table of contents (``text:table-of-content``) are paragraphs, never headings.
- Text boxes (``draw:text-box``) are read once; notes, annotations and tracked deletions are not.
- Pages: ``text:soft-page-break`` marks where the last layout broke pages; with explicit breaks
  (``fo:break-before``/``fo:break-after``, a new master page) they number the pages. Without them
  pages are estimated as for .docx and ``pages_estimated`` is set.

The parts: ``odt_styles``, ``odt_lists`` (numbering), ``odt_body`` (the walk); what it shares with
the .docx reader is in the ``office_*`` modules.
"""

from __future__ import annotations

import zipfile

from lxml import etree

from tendercheck.documents.limits import Budget, Limits
from tendercheck.documents.model import Document
from tendercheck.documents.odt_body import BodyWalker
from tendercheck.documents.odt_styles import Styles
from tendercheck.documents.odt_xml import META, OFFICE, SPB
from tendercheck.documents.office_pages import PageTracker, place_blocks
from tendercheck.documents.office_text import xml_count
from tendercheck.documents.safety import open_office_zip, read_member
from tendercheck.errors import InputError


def corrupt(name: str, detail: str) -> InputError:
    return InputError(name, f"the .odt is corrupt or incomplete ({detail})")


def _parse(zf: zipfile.ZipFile, member: str, name: str, limits: Limits, required: bool = False):
    try:
        info = zf.getinfo(member)
    except KeyError:
        if required:
            raise corrupt(name, f"{member} is missing") from None
        return None
    data = read_member(zf, info, name, limits)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise corrupt(name, f"{member}: {exc}") from exc


# ----------------------------------------------------------------------------------------------


def read_odt(data: bytes, name: str, limits: Limits) -> Document:
    """Read an .odt from memory. Raises InputError for anything that is not a readable one."""
    budget = Budget(name, limits)
    zf = open_office_zip(data, name, limits)
    try:
        names = set(zf.namelist())
        if "mimetype" in names:
            mime = read_member(zf, zf.getinfo("mimetype"), name, limits)[:100].decode(
                "ascii", "replace"
            )
            if "opendocument" in mime and "opendocument.text" not in mime:
                kind = mime.rsplit(".", 1)[-1].strip()
                raise InputError(name, f"the file is an OpenDocument {kind}, not a text document")
        if "content.xml" not in names:
            raise InputError(
                name, "the file is a zip but not an OpenDocument text (no content.xml)"
            )
        content = _parse(zf, "content.xml", name, limits, required=True)
        styles_root = _parse(zf, "styles.xml", name, limits)
        try:
            meta = _parse(zf, "meta.xml", name, limits)
        except InputError:
            meta = None  # statistics are a nicety
    except (KeyError, zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise corrupt(name, str(exc) or type(exc).__name__) from exc
    finally:
        zf.close()
    if content is None or content.tag != OFFICE + "document-content":
        raise InputError(name, "the file is not an OpenDocument text (content.xml is not content)")
    body = content.find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        raise InputError(name, "the file is an OpenDocument file but not a text document")
    styles = Styles(styles_root, content)
    pages = PageTracker(rendered=next(body.iter(SPB), None) is not None)
    walker = BodyWalker(styles, pages, budget)
    try:
        walker.body(body)
    except RecursionError as exc:
        raise corrupt(name, "the document is nested too deeply") from exc
    walker.review_heading_styles()
    saved_pages = saved_words = None
    if meta is not None:
        stats = next(meta.iter(META + "document-statistic"), None)
        if stats is not None:
            saved_pages = xml_count(stats.get(META + "page-count"))
            saved_words = xml_count(stats.get(META + "word-count"))
    blocks, total, estimated = place_blocks(
        walker.items, pages, saved_pages, saved_words, name, limits
    )
    doc = Document(name=name, format="odt", blocks=blocks, pages=total, pages_estimated=estimated)
    return doc.finish()
