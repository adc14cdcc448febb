"""Tables of a .docx: cell texts row by row, merged cells, and the space rows take."""

from __future__ import annotations

from lxml import etree

from tendercheck.documents.docx_xml import (
    ALTCONTENT,
    CUSTOMXML,
    SDT,
    SDTCONTENT,
    TBL,
    TC,
    TCPR,
    TR,
    TRPR,
    VAL,
    P,
    W,
    choose,
    to_int,
)
from tendercheck.documents.office_pages import CELL_PADDING_PT, RowPages
from tendercheck.documents.office_text import clean_text


class DocxTableWalk:
    """The table part of the .docx body walker (mixed into it: uses its pages, budget,
    geometry and paragraph walk)."""

    def table_rows(self, tbl: etree._Element, width: float, weigh: bool) -> list[list[str]]:
        """Cell texts row by row. Merged cells appear once, with "" in the cells they cover."""
        rows: list[list[str]] = []
        grid = _grid(tbl)
        total = sum(grid) or 1
        row_broke = False
        for tr in _children(tbl, TR):
            self.budget.tick()
            trpr = tr.find(TRPR)
            if trpr is not None and trpr.find(W + "del") is not None:
                continue
            row: list[str] = []
            min_height = 0.0
            if trpr is not None:
                before = trpr.find(W + "gridBefore")
                if before is not None:
                    row.extend([""] * min(to_int(before.get(VAL), 0) or 0, 64))
                height_el = trpr.find(W + "trHeight")
                if height_el is not None:
                    min_height = min((to_int(height_el.get(VAL), 0) or 0) / 20, self.geom.height)
            cells = list(_children(tr, TC))
            if row_broke and self.pages.rendered:
                # After a row that Word split over two pages, it marks a rendered break at the
                # start of the next row too, for the same page; don't count it twice.
                self.pages.content = False
            row_pages = RowPages(self.pages)
            tallest = 0.0
            for tc in cells:
                row_pages.begin_cell()
                span, continuation = _cell_span(tc)
                col = len(row)
                if grid and col < len(grid):
                    cell_width = width * sum(grid[col : col + span]) / total
                else:
                    cell_width = width * span / max(len(cells), 1)
                parts: list[str] = []
                height = self.cell_text(tc, parts, max(cell_width - CELL_PADDING_PT, 20.0))
                row.append("" if continuation else clean_text("".join(parts)))
                row.extend([""] * (span - 1))
                tallest = max(tallest, height)
                row_pages.end_cell()
            row_broke = row_pages.end_row()
            rows.append(row)
            if weigh:
                height = max(tallest + CELL_PADDING_PT, min_height)
                self.pages.add(height / self.geom.height, row_pages.start[0])
        return rows

    def cell_text(self, container: etree._Element, out: list[str], width: float) -> float:
        """Append a cell's (or inline text box's) text to ``out``: paragraphs on lines, nested
        tables flattened. Returns the points of height it takes at ``width``."""
        height = 0.0
        for child in container:
            tag = child.tag
            if tag == P:
                para, label, _, _ = self.walk_paragraph(child, inline=True)
                height += self.cell_paragraph(para, label, out, width)
            elif tag == TBL:
                height += self.cell_table(child, out, width)
            elif tag == SDT:
                content = child.find(SDTCONTENT)
                if content is not None:
                    height += self.cell_text(content, out, width)
            elif tag == CUSTOMXML:
                height += self.cell_text(child, out, width)
            elif tag == ALTCONTENT:
                chosen = choose(child)
                if chosen is not None:
                    height += self.cell_text(chosen, out, width)
        return height


def _cell_span(tc: etree._Element) -> tuple[int, bool]:
    """(grid columns the cell spans, whether it continues a merge from above or the left)."""
    tcpr = tc.find(TCPR)
    if tcpr is None:
        return 1, False
    span = 1
    gs = tcpr.find(W + "gridSpan")
    if gs is not None:
        span = max(1, min(to_int(gs.get(VAL), 1) or 1, 64))
    continuation = False
    for merge in (tcpr.find(W + "vMerge"), tcpr.find(W + "hMerge")):
        if merge is not None and (merge.get(VAL) or "continue") == "continue":
            continuation = True
    return span, continuation


def _children(el: etree._Element, tag: str):
    """Direct children with this tag, looking through content controls and custom XML."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag == SDT:
            content = child.find(SDTCONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == CUSTOMXML:
            yield from _children(child, tag)


def _grid(tbl: etree._Element) -> list[int]:
    """Column widths from the table grid (twentieths of a point), [] when absent."""
    grid = tbl.find(W + "tblGrid")
    if grid is None:
        return []
    return [max(to_int(col.get(W + "w"), 0) or 0, 0) for col in grid.findall(W + "gridCol")]
