"""The walk over an .odt body: paragraphs, headings, lists, frames and tables in order."""

from __future__ import annotations

from lxml import etree

from tendercheck.documents.limits import Budget
from tendercheck.documents.model import Block
from tendercheck.documents.odt_lists import count_item, list_label
from tendercheck.documents.odt_styles import StyleInfo, Styles
from tendercheck.documents.odt_xml import (
    CELL,
    COLUMN_GROUPS,
    COVERED,
    DRAW,
    FRAME,
    HEADER,
    INDEXES,
    ITEM,
    LB,
    LIST,
    ROW,
    ROW_GROUPS,
    SKIP_BODY,
    SKIP_INLINE,
    SPAN,
    SPB,
    STYLE_NAME,
    SVG,
    TAB,
    TABLE,
    TBL,
    TEXT,
    TEXT_CONTAINERS,
    TEXTBOX,
    XML_ID,
    H,
    P,
    S,
    length_pt,
)
from tendercheck.documents.office_pages import (
    CELL_PADDING_PT,
    LINE_HEIGHT,
    PageTracker,
    RowPages,
    text_height,
)
from tendercheck.documents.office_text import clean_text, xml_count
from tendercheck.documents.office_walk import OfficeWalker


class _Para:
    __slots__ = ("bold", "caps", "extra", "has_text", "inline", "parts", "pos", "style")

    def __init__(self, style: StyleInfo, inline: bool):
        self.style = style
        self.inline = inline
        self.parts: list[str] = []
        self.bold = True
        self.caps = True
        self.has_text = False
        self.extra = 0.0
        self.pos: tuple[int, float] | None = None


class _ListState:
    __slots__ = ("counters", "levels")

    def __init__(self, levels: dict):
        self.levels = levels
        self.counters: dict[int, int] = {}


class BodyWalker(OfficeWalker):
    """Walks an .odt body in document order, collecting blocks with their page positions."""

    def __init__(self, styles: Styles, pages: PageTracker, budget: Budget):
        super().__init__(pages, budget)
        self.styles = styles
        self.geom = styles.geometry()
        self.toc = 0
        self.frame_depth = 0
        self.outline_counters: dict[int, int] = {}
        self.lists_by_id: dict[str, _ListState] = {}
        self.last_list_by_style: dict[str, _ListState] = {}

    def body(self, container: etree._Element) -> None:
        for child in container:
            tag = child.tag
            if tag in (P, H):
                self.paragraph(child)
            elif tag == LIST:
                self.list(child, None, 1)
            elif tag == TBL:
                self.table(child)
            elif tag == SPB:
                if self.frame_depth == 0:
                    self.pages.page_break()
            elif tag in INDEXES:
                body = child.find(TEXT + "index-body")
                if body is not None:
                    self.toc += 1
                    self.body(body)
                    self.toc -= 1
            elif tag in SKIP_BODY:
                continue
            elif tag == TEXT + "index-title" or tag == TEXT + "section":
                self.body(child)
            elif isinstance(tag, str) and tag.startswith(DRAW):
                self.shape(child, None)

    # -- paragraphs ----------------------------------------------------------------------------

    def paragraph(self, el: etree._Element, label: str | None = None, in_list: bool = False):
        self.budget.tick()
        para = self.walk(el, inline=False)
        since = para.pos[0] if para.pos is not None else None
        raw = "".join(para.parts)
        text = clean_text(raw)
        style = para.style
        if text and para.pos is not None:
            block = self.classify(el, para, raw, text, label, in_list)
            text = block.text
            self.items.append((block, para.pos))
        self.pages.add(self.height(para, text) / self.geom.height, since)
        if style.break_after and self.frame_depth == 0:
            self.pages.page_break()

    def classify(
        self,
        el: etree._Element,
        para: _Para,
        raw: str,
        text: str,
        label: str | None,
        in_list: bool,
    ) -> Block:
        """The block of a body paragraph or heading: heading, list item or paragraph."""
        style = para.style
        if self.toc or style.toc:
            return Block(kind="paragraph", text=text)
        level: int | None = None
        named = False
        if el.tag == H:
            outline = el.get(TEXT + "outline-level")
            level = min(xml_count(outline, 1), 9)
            # A heading style is trusted; an outline level on another style (Word's "Level 1"
            # clause styles, converted) needs more evidence; an unstyled text:h is a heading.
            named = style.named or not style.name
            if self.styles.outline and el.get(TEXT + "is-list-header") != "true":
                restart = el.get(TEXT + "restart-numbering") == "true"
                start = el.get(TEXT + "start-value")
                count_item(
                    self.styles.outline,
                    self.outline_counters,
                    level,
                    xml_count(start) if restart else None,
                )
                label = label or list_label(self.styles.outline, self.outline_counters, level)
        elif style.heading is not None:
            level, named = style.heading, style.named
        return self.headings.block(
            raw, text, label, level, named, para.bold, para.caps, style.name, in_list=in_list
        )

    def height(self, para: _Para, text: str, width: float | None = None) -> float:
        style = para.style
        if text:
            body = text_height(text, width or self.geom.width, style.size, style.line)
        elif para.extra:
            body = 0.0
        else:
            body = style.size * LINE_HEIGHT * style.line
        return body + para.extra + style.before + style.after

    def walk(self, el: etree._Element, inline: bool) -> _Para:
        style = self.styles.para(el.get(STYLE_NAME))
        if self.frame_depth == 0 and not inline and (style.break_before or style.master_page):
            self.pages.page_break()
            if style.master_page:
                self.geom = self.styles.geometry(style.master_page)
        para = _Para(style, inline)
        self.waiting.append(para)
        self.inline(el, para, None)
        if para.pos is None and para in self.waiting:
            self.waiting.remove(para)
        return para

    def inline(self, el: etree._Element, para: _Para, span: str | None) -> None:
        if el.text:
            self.text(el.text, para, span)
        for child in el:
            tag = child.tag
            if tag == SPAN:
                self.inline(child, para, child.get(STYLE_NAME) or span)
            elif tag == S:
                count = child.get(TEXT + "c") or "1"
                para.parts.append(" " * min(xml_count(count, 1), 100))
            elif tag == TAB:
                para.parts.append("\t")
            elif tag == LB:
                para.parts.append("\n")
            elif tag == SPB:
                if self.frame_depth == 0:
                    self.pages.page_break()
            elif tag == FRAME:
                self.frame(child, para)
            elif isinstance(tag, str) and tag.startswith(DRAW):
                self.shape(child, para)
            elif tag in SKIP_INLINE or not isinstance(tag, str):
                pass
            else:  # links, fields, bookmarks, ruby, change marks, meta: their text shows
                self.inline(child, para, span)
            if child.tail:
                self.text(child.tail, para, span)

    def text(self, value: str, para: _Para, span: str | None) -> None:
        para.parts.append(value)
        if value.isspace():
            return
        para.has_text = True
        self.content()
        if para.bold or para.caps:
            bold, caps = self.styles.text_flags(span) if span else (None, None)
            para.bold = para.bold and (para.style.bold if bold is None else bold)
            para.caps = para.caps and (para.style.caps if caps is None else caps)

    def shape(self, el: etree._Element, para: _Para | None) -> None:
        """A drawing shape: text inside it is read like a text box's, once."""
        if el.tag == FRAME:
            self.frame(el, para)
            return
        if any(child.tag in TEXT_CONTAINERS for child in el):
            self.text_box(el, para)
            return
        for child in el:
            if isinstance(child.tag, str) and child.tag.startswith(DRAW):
                self.shape(child, para)

    def text_box(self, box: etree._Element, para: _Para | None) -> None:
        self.frame_depth += 1
        try:
            self.text_box_content(box, para)
        finally:
            self.frame_depth -= 1

    def frame(self, frame: etree._Element, para: _Para | None) -> None:
        box = frame.find(TEXTBOX)
        if box is None:
            if para is not None and frame.get(TEXT + "anchor-type") in ("as-char", None):
                para.extra += min(length_pt(frame.get(SVG + "height")) or 0.0, self.geom.height)
            if frame.find(DRAW + "image") is not None:
                self.content()
            return
        self.text_box(box, para)

    # -- lists ---------------------------------------------------------------------------------

    def list(self, el: etree._Element, state: _ListState | None, depth: int) -> None:
        style_name = el.get(STYLE_NAME)
        if state is None:  # a top-level list: a new list, or the continuation of one
            levels = self.styles.list_styles.get(style_name or "", {})
            cont = el.get(TEXT + "continue-list")
            if cont and cont in self.lists_by_id:
                state = self.lists_by_id[cont]
            elif el.get(TEXT + "continue-numbering") == "true" and style_name in (
                self.last_list_by_style
            ):
                state = self.last_list_by_style[style_name or ""]
            else:
                state = _ListState(levels)
            if style_name:
                self.last_list_by_style[style_name] = state
            if el.get(XML_ID):
                self.lists_by_id[el.get(XML_ID) or ""] = state
        for item in el:
            if item.tag not in (ITEM, HEADER):
                if item.tag == SPB and self.frame_depth == 0:
                    self.pages.page_break()
                continue
            first = True
            for child in item:
                tag = child.tag
                if tag in (P, H):
                    label = None
                    if first and item.tag == ITEM:
                        start = item.get(TEXT + "start-value")
                        count_item(
                            state.levels,
                            state.counters,
                            depth,
                            xml_count(start),
                        )
                        label = list_label(state.levels, state.counters, depth)
                    self.paragraph(child, label, in_list=tag == P)
                    first = False
                elif tag == LIST:
                    self.list(child, state, depth + 1)
                elif tag == TBL:
                    self.table(child)
                elif tag == SPB and self.frame_depth == 0:
                    self.pages.page_break()

    # -- tables --------------------------------------------------------------------------------

    def table(self, tbl: etree._Element) -> None:
        if self.frame_depth == 0 and self.styles.table_breaks(tbl.get(TABLE + "style-name")):
            self.pages.page_break()
        super().table(tbl)

    def _columns(self, tbl: etree._Element, width: float) -> list[float]:
        """Column widths in points, scaled to fit ``width``."""
        widths: list[float] = []

        def collect(container: etree._Element) -> None:
            for col in container:
                if col.tag == TABLE + "table-column":
                    repeat = col.get(TABLE + "number-columns-repeated") or "1"
                    value = self.styles.column_width(col.get(TABLE + "style-name")) or 0.0
                    widths.extend([value] * min(xml_count(repeat, 1), 64))
                elif col.tag in COLUMN_GROUPS:
                    collect(col)

        collect(tbl)
        total = sum(widths) or self.styles.table_width(tbl.get(TABLE + "style-name")) or width
        scale = width / total if total > width else 1.0
        return [w * scale for w in widths]

    def _rows(self, container: etree._Element):
        for child in container:
            if child.tag == ROW:
                yield child
            elif child.tag in ROW_GROUPS:
                yield from self._rows(child)
            elif child.tag == SPB:
                yield child

    def table_rows(self, tbl: etree._Element, width: float, weigh: bool) -> list[list[str]]:
        rows: list[list[str]] = []
        columns = self._columns(tbl, width)
        for tr in self._rows(tbl):
            if tr.tag == SPB:
                if self.frame_depth == 0:
                    self.pages.page_break()
                continue
            self.budget.tick()
            repeat = tr.get(TABLE + "number-rows-repeated") or "1"
            row: list[str] = []
            row_cells = row_chars = 0  # this row's cells and text, nested tables expanded
            tallest = 0.0
            # A row split over pages has a soft page break in each cell that runs on.
            row_pages = RowPages(self.pages)
            for tc in tr:
                if tc.tag not in (CELL, COVERED):
                    continue
                row_pages.begin_cell()
                n = tc.get(TABLE + "number-columns-repeated") or "1"
                times = min(xml_count(n, 1), 64)
                span_attr = tc.get(TABLE + "number-columns-spanned") or "1"
                span = max(1, min(xml_count(span_attr, 1), 64))
                col = len(row)
                cell_width = sum(columns[col : col + span]) or width / max(len(tr), 1)
                parts: list[str] = []
                height = 0.0
                nested = self.budget.cells  # a nested table counts its cells as it is read
                if tc.tag == CELL:
                    height = self.cell_text(tc, parts, max(cell_width - CELL_PADDING_PT, 20.0))
                text = clean_text("".join(parts)) if tc.tag == CELL else ""
                nested = self.budget.cells - nested
                self.budget.cells -= nested  # counted again below, once per repetition
                row_cells += max(1, nested) * times
                row_chars += len(text) * times
                tallest = max(tallest, height)
                row_pages.end_cell()
                row.extend([text] * times)  # a spanned cell is followed by its covered cells
                if len(row) > 1024:
                    break
            row_pages.end_row()
            times = min(xml_count(repeat, 1), 1 if not any(row) else 50)
            self.budget.table_cells(row_cells * times, row_chars * times)
            for _ in range(times):
                rows.append(list(row))
            if weigh:
                height = (
                    max(
                        tallest + CELL_PADDING_PT,
                        self.styles.row_height(tr.get(TABLE + "style-name")) or 0.0,
                    )
                    * times
                )
                self.pages.add(height / self.geom.height, row_pages.start[0])
        return rows

    def cell_text(self, container: etree._Element, out: list[str], width: float) -> float:
        height = 0.0
        for child in container:
            tag = child.tag
            if tag in (P, H):
                para = self.walk(child, inline=True)
                height += self.cell_paragraph(para, None, out, width)
            elif tag == LIST:
                height += self.cell_list(child, out, width, None, 1)
            elif tag == TBL:
                height += self.cell_table(child, out, width)
            elif tag == TEXT + "section":
                height += self.cell_text(child, out, width)
            elif tag == SPB and self.frame_depth == 0:
                self.pages.page_break()
        return height

    def cell_list(
        self, el: etree._Element, out: list[str], width: float, state: _ListState | None, depth
    ) -> float:
        if state is None:
            state = _ListState(self.styles.list_styles.get(el.get(STYLE_NAME) or "", {}))
        height = 0.0
        for item in el:
            if item.tag not in (ITEM, HEADER):
                continue
            first = True
            for child in item:
                if child.tag in (P, H):
                    label = None
                    if first and item.tag == ITEM:
                        count_item(state.levels, state.counters, depth, None)
                        label = list_label(state.levels, state.counters, depth)
                    para = self.walk(child, inline=True)
                    height += self.cell_paragraph(para, label, out, width)
                    first = False
                elif child.tag == LIST:
                    height += self.cell_list(child, out, width, state, depth + 1)
        return height
