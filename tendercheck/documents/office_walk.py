"""What the .docx and .odt body walkers share: blocks waiting to learn their page, headings,
tables and the text of table cells."""

from __future__ import annotations

from lxml import etree

from tendercheck.documents.limits import Budget
from tendercheck.documents.model import Block
from tendercheck.documents.office_headings import ParagraphClassifier
from tendercheck.documents.office_pages import Geometry, PageTracker, text_height
from tendercheck.documents.office_text import BULLET, squeeze, table_text


class Anchor:
    """A table waiting for its first content, to learn the page it starts on."""

    __slots__ = ("pos",)

    def __init__(self) -> None:
        self.pos: tuple[int, float] | None = None


class OfficeWalker:
    """Base of the .docx and .odt body walkers. Subclasses set ``styles`` and ``geom`` and
    provide ``body``, ``table_rows``, ``cell_text`` and ``height``."""

    geom: Geometry

    def __init__(self, pages: PageTracker, budget: Budget):
        self.pages = pages
        self.budget = budget
        self.items: list[tuple[Block, tuple[int, float]]] = []
        self.waiting: list = []  # paragraphs and tables before their first visible content
        self.headings = ParagraphClassifier()

    def review_heading_styles(self) -> None:
        self.headings.review_heading_styles()

    def content(self) -> None:
        """Visible content here: whatever is waiting learns the page it starts on."""
        self.pages.content = True
        if self.waiting:
            pos = self.pages.position()
            for item in self.waiting:
                if item.pos is None:
                    item.pos = pos
            self.waiting.clear()

    def text_box_content(self, box: etree._Element, para) -> None:
        """Read a text box once: in a table cell (an inline ``para``) its lines join the cell's
        text; elsewhere its paragraphs and tables are blocks of their own."""
        if para is not None and para.inline:
            lines: list[str] = []
            self.cell_text(box, lines, self.geom.width / 2)
            para.parts.extend(("\n", *lines, "\n"))
        else:
            self.body(box)

    def table(self, tbl: etree._Element) -> None:
        anchor = Anchor()
        self.waiting.append(anchor)
        rows = self.table_rows(tbl, self.geom.width, weigh=True)
        if anchor.pos is None and anchor in self.waiting:
            self.waiting.remove(anchor)
        text = table_text(rows)
        if text and anchor.pos is not None:
            self.items.append((Block(kind="table", text=text, rows=rows), anchor.pos))

    def table_rows(self, tbl: etree._Element, width: float, weigh: bool) -> list[list[str]]:
        raise NotImplementedError

    def height(self, para, text: str, width: float | None = None) -> float:
        raise NotImplementedError

    def body(self, container: etree._Element) -> None:
        raise NotImplementedError

    def cell_text(self, container: etree._Element, out: list[str], width: float) -> float:
        raise NotImplementedError

    def cell_paragraph(self, para, label: str | None, out: list[str], width: float) -> float:
        """Append a paragraph walked inside a table cell to the cell's lines ``out``, after its
        list label; the points of height it takes."""
        text = "".join(para.parts)
        if text.strip():
            if label and label != BULLET:
                text = f"{label} {text}"
            out.append(("\n" if out else "") + text)
        return self.height(para, squeeze(text), width)

    def cell_table(self, tbl: etree._Element, out: list[str], width: float) -> float:
        """Append a table nested in a cell, flattened, to the cell's lines ``out``; the points
        of height it takes."""
        rows = self.table_rows(tbl, width, weigh=False)
        text = table_text(rows)
        if not text:
            return 0.0
        out.append(("\n" if out else "") + text)
        return text_height(text, width, self.styles.para(None).size)
