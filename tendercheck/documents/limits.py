"""Limits that protect the machine from hostile or runaway input. Breaches are InputErrors."""

from __future__ import annotations

from dataclasses import dataclass

from tendercheck.errors import InputError


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 150 * 1024 * 1024  # any single input file or zip member
    max_zip_members: int = 5000
    max_member_bytes: int = 300 * 1024 * 1024  # uncompressed size of one member
    max_total_uncompressed: int = 1024 * 1024 * 1024  # all members of one zip together
    max_compression_ratio: float = 150.0  # per member, for members over 1 MB uncompressed
    # One XML part of a .docx/.odt (document.xml, content.xml...): parsed whole, it takes about
    # eight times its size in memory, so a bigger one is refused before it is parsed.
    max_xml_part_bytes: int = 64 * 1024 * 1024
    # All the XML parts of one .docx together, for --annotate: python-docx parses every part
    # (headers, footers, notes...), where the reader parses only the few it needs.
    max_xml_total_bytes: int = 64 * 1024 * 1024
    max_pages: int = 3000
    # What a document hands on to the analysis (documents/bounds.py): longer blocks are split,
    # longer runs of punctuation or symbols cut, and the document's notes say so.
    max_block_chars: int = 100_000
    max_symbol_run: int = 32
    # Tables once repeated rows/columns (.odt number-rows/columns-repeated) and nested tables are
    # expanded: cells, and characters of cell text, per document.
    max_table_cells: int = 200_000
    max_table_chars: int = 50 * 1024 * 1024
    max_documents: int = 500
    # One PDF stream that is not an image (a page's content, a form, fonts, object streams),
    # inflated: PDFium takes about 18 times a content stream's size to parse it.
    max_pdf_stream_bytes: int = 32 * 1024 * 1024
    # PDFium reads a PDF in a process of its own that may grow by this much address space; if
    # it runs out, or PDFium crashes, the PDF is refused (the run goes on).
    pdf_memory_bytes: int = 2 * 1024 * 1024 * 1024
    # table structure of one PDF: counts, never time, so a report never depends on machine load
    max_table_pages: int = 1000  # pages with ruled grids given table structure
    max_pdf_table_cells: int = 100_000  # table cells, all tables of the PDF together
    max_table_cells_per_page: int = 20_000  # ruled-line crossings (horizontal x vertical rules)
    max_table_cell_chars: int = 20_000  # characters kept of one cell
    max_pdfplumber_table_pages: int = 60  # pages needing pdfplumber's full (slow) page parse
    # paragraphs and table rows of one .docx/.odt body (a count, not a time, so that whether a
    # document is read never depends on how busy the machine is)
    max_document_items: int = 2_000_000
    # wall time for LibreOffice converting one legacy .doc (an outside program that may hang;
    # its output does not depend on the time it takes)
    document_budget_s: float = 120.0
    max_yaml_nodes: int = 200_000  # a user rule pack's YAML nodes, counting each alias's copy
    # The result cache's folder: past this, the least recently used entries are removed
    # (TENDERCHECK_CACHE_MAX_MB overrides it).
    max_cache_bytes: int = 1024 * 1024 * 1024


DEFAULT_LIMITS = Limits()


class Budget:
    """Raise InputError when a document has more paragraphs and table rows than the limit
    allows, or when its tables expand to more cells or text than the limits allow. Counts,
    never time: the same file is read or refused alike on an idle and a busy machine."""

    def __init__(self, name: str, limits: Limits = DEFAULT_LIMITS):
        self.name = name
        self.ticks = 0
        self.limits = limits
        self.cells = 0  # table cells read so far, each repetition counted
        self.chars = 0  # characters of table cell text so far, each repetition counted

    def table_cells(self, cells: int, chars: int) -> None:
        """Count expanded table cells and their text; refuse a document over the limits."""
        self.cells += cells
        self.chars += chars
        if self.cells > self.limits.max_table_cells:
            raise InputError(
                self.name,
                f"its tables expand to more than {self.limits.max_table_cells:,} cells (repeated"
                " or nested rows and columns); refusing to read it (possible table bomb)",
            )
        if self.chars > self.limits.max_table_chars:
            raise InputError(
                self.name,
                f"its tables expand to more than {self.limits.max_table_chars // (1024 * 1024)}"
                " MB of text (repeated or nested rows and columns); refusing to read it"
                " (possible table bomb)",
            )

    def tick(self) -> None:
        """One more paragraph or table row."""
        self.ticks += 1
        if self.ticks > self.limits.max_document_items:
            raise InputError(
                self.name,
                f"it has more than {self.limits.max_document_items:,} paragraphs and table rows;"
                " refusing to read it",
            )
