"""The walk over a .docx body: paragraphs, runs, fields, text boxes, in document order."""

from __future__ import annotations

import dataclasses
import itertools

from lxml import etree

from tendercheck.documents.docx_layout import picture_height, section_geometry, section_type
from tendercheck.documents.docx_numbering import Numbering
from tendercheck.documents.docx_styles import StyleInfo, Styles, font_size, paragraph_spacing
from tendercheck.documents.docx_tables import DocxTableWalk
from tendercheck.documents.docx_xml import (
    ALTCHUNK,
    ALTCONTENT,
    ANCHOR,
    BODY_WRAPPERS,
    BR,
    CR,
    DRAWING,
    FALLBACK,
    FLDCHAR,
    HYPERLINK,
    INSTR,
    LRPB,
    NBHYPHEN,
    NUMPR,
    OBJECT,
    OUTLINE,
    PAGEBREAKBEFORE,
    PICT,
    PPR,
    PSTYLE,
    PTAB,
    RPR,
    SDT,
    SDTCONTENT,
    SDTPR,
    SECTPR,
    SKIP_INLINE,
    SPACING,
    SYM,
    TAB,
    TBL,
    TXBX,
    TYPE,
    VAL,
    P,
    R,
    T,
    W,
    choose,
    hex_to_int,
    is_text_char,
    to_int,
    toggle,
)
from tendercheck.documents.limits import Budget
from tendercheck.documents.model import Block
from tendercheck.documents.office_pages import LINE_HEIGHT, Geometry, PageTracker, text_height
from tendercheck.documents.office_text import clean_text
from tendercheck.documents.office_walk import OfficeWalker


class _Field:
    __slots__ = ("instr", "result", "toc")

    def __init__(self) -> None:
        self.instr: list[str] = []
        self.result = False
        self.toc = False


class _Para:
    """What one paragraph yields while its runs are walked."""

    __slots__ = (
        "bold",
        "caps",
        "extra",
        "has_text",
        "inline",
        "parts",
        "pos",
        "size",
        "style",
        "toc",
    )

    def __init__(self, style: StyleInfo, inline: bool):
        self.parts: list[str] = []
        self.style = style
        self.inline = inline  # text boxes go into this paragraph's text (table cells)
        self.bold = True
        self.caps = True
        self.has_text = False
        self.toc = False
        self.size: float | None = None  # font size of the first visible run
        self.extra = 0.0  # points of pictures
        self.pos: tuple[int, float] | None = None


class BodyWalker(DocxTableWalk, OfficeWalker):
    """Walks a .docx body in document order, collecting blocks with their page positions."""

    def __init__(
        self,
        styles: Styles,
        numbering: Numbering,
        pages: PageTracker,
        sections: list[etree._Element],
        budget: Budget,
    ):
        super().__init__(pages, budget)
        self.styles = styles
        self.numbering = numbering
        self.sections = sections  # kept alive: lxml element identity lasts while referenced
        self.section_index = {id(s): i for i, s in enumerate(sections)}
        self.geometries = [section_geometry(s) for s in sections] or [Geometry()]
        self.new_page = {  # paragraph sectPr after which the next section starts a page
            id(cur)
            for cur, nxt in itertools.pairwise(sections)
            if section_type(nxt) in ("nextPage", "oddPage", "evenPage")
        }
        self.geom = self.geometries[0]
        self.fields: list[_Field] = []
        self.hidden = False  # inside a field's instructions
        self.toc_field = False  # inside the result of a TOC field
        self.toc_sdt = 0
        self.txbx_depth = 0
        self.notes: set[str] = set()
        self.spaced_styles: dict[tuple, StyleInfo] = {}
        self.spacings: dict[tuple, tuple[float | None, float | None, float | None]] = {}

    # -- containers ----------------------------------------------------------------------------

    def body(self, container: etree._Element) -> None:
        for child in container:
            tag = child.tag
            if tag == P:
                self.paragraph(child)
            elif tag == TBL:
                self.table(child)
            elif tag == SDT:
                content = child.find(SDTCONTENT)
                if content is not None:
                    toc = _is_toc_sdt(child)
                    self.toc_sdt += toc
                    self.body(content)
                    self.toc_sdt -= toc
            elif tag in BODY_WRAPPERS:
                self.body(child)
            elif tag == ALTCONTENT:
                chosen = choose(child)
                if chosen is not None:
                    self.body(chosen)
            elif tag == ALTCHUNK:
                self.notes.add("embedded (altChunk) content was not read")

    # -- paragraphs ----------------------------------------------------------------------------

    def paragraph(self, p: etree._Element) -> None:
        self.budget.tick()
        para, num_label, outline, sect = self.walk_paragraph(p, inline=False)
        since = para.pos[0] if para.pos is not None else None
        raw = "".join(para.parts)
        text = clean_text(raw)
        if not text or para.pos is None:
            self.pages.add(self.height(para, "") / self.geom.height, since)
            self._end_paragraph(sect)
            return
        block = self.classify(para, raw, text, num_label, outline)
        self.items.append((block, para.pos))
        self.pages.add(self.height(para, block.text) / self.geom.height, since)
        self._end_paragraph(sect)

    def classify(
        self, para: _Para, raw: str, text: str, num_label: str | None, outline: int | None
    ) -> Block:
        """The block of a body paragraph: heading, list item, caption or paragraph."""
        style = para.style
        if style.toc or ((para.toc or self.toc_sdt > 0) and not style.heading):
            return Block(kind="paragraph", text=text)  # a table-of-contents entry
        if outline is None:
            level, named = style.heading, style.named
        else:
            level = outline + 1 if outline < 9 else None
            named = style.named and style.heading == level
        return self.headings.block(
            raw,
            text,
            num_label,
            level,
            named,
            para.bold,
            para.caps,
            style.style_id,
            caption=style.caption,
        )

    def height(self, para: _Para, text: str, width: float | None = None) -> float:
        """Points a paragraph takes, roughly."""
        style = para.style
        size = para.size or style.size
        body = text_height(text, width or self.geom.width, size, style.line) if text else 0.0
        if not text and not para.extra:
            body = size * LINE_HEIGHT * style.line
        return body + para.extra + style.before + style.after

    def spaced(self, style: StyleInfo, spacing: etree._Element) -> StyleInfo:
        """The style with a paragraph's own spacing (cached: few combinations recur, and the
        spacing's attributes are read once for each combination of them)."""
        attributes = tuple(spacing.items())
        read = self.spacings.get(attributes)
        if read is None:
            read = self.spacings[attributes] = paragraph_spacing(spacing)
        before, after, line = read
        if before is None and after is None and line is None:
            return style
        key = (style.style_id, before, after, line)
        hit = self.spaced_styles.get(key)
        if hit is None:
            hit = dataclasses.replace(
                style,
                before=style.before if before is None else before,
                after=style.after if after is None else after,
                line=style.line if line is None else line,
            )
            self.spaced_styles[key] = hit
        return hit

    def _end_paragraph(self, sect: etree._Element | None) -> None:
        if any(not f.result for f in self.fields):  # instructions never span paragraphs
            self.fields = [f for f in self.fields if f.result]
            self._field_state()
        if sect is not None and id(sect) in self.section_index:
            if id(sect) in self.new_page and self.txbx_depth == 0:
                self.pages.page_break()
            nxt = self.section_index[id(sect)] + 1
            self.geom = self.geometries[min(nxt, len(self.geometries) - 1)]

    def walk_paragraph(
        self, p: etree._Element, inline: bool
    ) -> tuple[_Para, str | None, int | None, etree._Element | None]:
        """Walk one paragraph's runs: its text parts, list label, outline level and sectPr."""
        ppr = p.find(PPR)
        sid = num_id = None
        ilvl = outline = None
        sect = spacing = None
        break_before = None
        if ppr is not None:
            for child in ppr:
                tag = child.tag
                if tag == PSTYLE:
                    sid = child.get(VAL)
                elif tag == NUMPR:
                    for part in child:
                        if part.tag == W + "numId":
                            num_id = part.get(VAL)
                        elif part.tag == W + "ilvl":
                            ilvl = to_int(part.get(VAL))
                elif tag == OUTLINE:
                    outline = to_int(child.get(VAL))
                elif tag == PAGEBREAKBEFORE:
                    break_before = toggle(child)
                elif tag == SECTPR:
                    sect = child
                elif tag == SPACING:
                    spacing = child
        style = self.styles.para(sid)
        if spacing is not None:
            style = self.spaced(style, spacing)
        if break_before is None:
            break_before = style.break_before
        if break_before and self.txbx_depth == 0 and not inline:  # ignored in table cells
            self.pages.page_break()
        if num_id is None:
            num_id = style.num_id
            if ilvl is None:
                ilvl = style.ilvl
        elif ilvl is None:
            ilvl = style.ilvl
        label = None
        if num_id is not None and num_id != "0":
            if ilvl is None:
                ilvl = self.numbering.level_for_style(num_id, style.style_id) or 0
            label = self.numbering.next_label(num_id, ilvl)
        para = _Para(style, inline)
        self.waiting.append(para)
        self.inline(p, para)
        if para.pos is None and para in self.waiting:
            self.waiting.remove(para)
        return para, label, outline, sect

    def inline(self, el: etree._Element, para: _Para) -> None:
        for child in el:
            tag = child.tag
            if tag == R:
                self.run(child, para)
            elif tag in SKIP_INLINE:
                continue
            elif tag == HYPERLINK:
                anchor = child.get(ANCHOR)
                if anchor and anchor.startswith("_Toc"):
                    para.toc = True
                self.inline(child, para)
            elif tag == SDT:
                content = child.find(SDTCONTENT)
                if content is not None:
                    self.inline(content, para)
            elif tag == ALTCONTENT:
                chosen = choose(child)
                if chosen is not None:
                    self.inline(chosen, para)
            elif isinstance(tag, str):  # ins, moveTo, smartTag, fldSimple, customXml, dir, bdo
                self.inline(child, para)

    def run(self, r: etree._Element, para: _Para) -> None:
        rpr = r.find(RPR)
        vanish = rpr is not None and bool(toggle(rpr.find(W + "vanish")))  # hidden text
        for child in r:
            tag = child.tag
            if tag == T:
                if child.text and not self.hidden and not vanish:
                    self.text(child.text, para, rpr)
            elif tag in (TAB, PTAB):
                if not self.hidden:
                    para.parts.append("\t")
            elif tag == BR:
                kind = child.get(TYPE)
                if kind == "page":
                    if self.txbx_depth == 0:
                        self.pages.page_break()
                elif kind != "column" and not self.hidden:
                    para.parts.append("\n")
            elif tag == CR:
                if not self.hidden:
                    para.parts.append("\n")
            elif tag == LRPB:
                if self.pages.rendered and self.txbx_depth == 0:
                    self.pages.page_break()
            elif tag == FLDCHAR:
                self.field_char(child.get(W + "fldCharType"))
            elif tag == INSTR:
                if self.fields and not self.fields[-1].result:
                    self.fields[-1].instr.append(child.text or "")
            elif tag == NBHYPHEN:
                if not self.hidden:
                    para.parts.append("-")
            elif tag == SYM:
                code = hex_to_int(child.get(W + "char"))
                if code and not self.hidden and is_text_char(code):
                    para.parts.append(chr(code))
            elif tag in (DRAWING, PICT, OBJECT):
                if not self.hidden:
                    self.drawing(child, para)
            elif tag == ALTCONTENT:
                chosen = choose(child)
                if chosen is not None:
                    self.run(chosen, para)

    def text(self, value: str, para: _Para, rpr: etree._Element | None) -> None:
        para.parts.append(value)
        if value.isspace():
            return
        if not para.has_text:
            para.has_text = True
            if self.toc_field:
                para.toc = True
            if rpr is not None:
                para.size = font_size(rpr)
        self.content()
        if para.bold or para.caps:
            bold = caps = None
            if rpr is not None:
                bold = toggle(rpr.find(W + "b"))
                caps = toggle(rpr.find(W + "caps"))
                if bold is None or caps is None:
                    rs = rpr.find(W + "rStyle")
                    if rs is not None and rs.get(VAL):
                        cb, cc = self.styles.char_flags(rs.get(VAL) or "")
                        bold = cb if bold is None else bold
                        caps = cc if caps is None else caps
            para.bold = para.bold and (para.style.bold if bold is None else bold)
            para.caps = para.caps and (para.style.caps if caps is None else caps)

    def drawing(self, el: etree._Element, para: _Para) -> None:
        boxes = list(_text_boxes(el))
        if not boxes:
            para.extra += picture_height(el, self.geom.height)
            self.content()  # a picture takes room on the page
            return
        saved = self.fields, self.hidden, self.toc_field
        self.fields, self.hidden, self.toc_field = [], False, False
        self.txbx_depth += 1
        try:
            for box in boxes:
                self.text_box_content(box, para)
        finally:
            self.txbx_depth -= 1
            self.fields, self.hidden, self.toc_field = saved

    def field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate":
            if self.fields and not self.fields[-1].result:
                f = self.fields[-1]
                f.result = True
                f.toc = "".join(f.instr).strip().upper().startswith("TOC")
        elif kind == "end" and self.fields:
            self.fields.pop()
        self._field_state()

    def _field_state(self) -> None:
        self.hidden = any(not f.result for f in self.fields)
        self.toc_field = any(f.toc for f in self.fields)


def _text_boxes(el: etree._Element):
    """The outermost w:txbxContent elements of a drawing, reading each AlternateContent once."""
    stack = [el]
    while stack:
        node = stack.pop()
        for child in reversed(node):
            tag = child.tag
            if tag == TXBX:
                yield child
            elif tag == ALTCONTENT:
                chosen = choose(child)
                if chosen is not None:
                    stack.append(chosen)
            elif tag != FALLBACK and isinstance(tag, str):
                stack.append(child)


def _is_toc_sdt(sdt: etree._Element) -> bool:
    pr = sdt.find(SDTPR)
    if pr is None:
        return False
    return any(
        "contents" in (gallery.get(VAL) or "").lower() for gallery in pr.iter(W + "docPartGallery")
    )
