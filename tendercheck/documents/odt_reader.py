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
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass

from lxml import etree

from tendercheck.documents.docx_reader import (
    BULLET,
    CELL_PADDING_PT,
    LINE_HEIGHT,
    Budget,
    Geometry,
    PageTracker,
    clean_text,
    format_number,
    heading_plausible,
    heuristic_heading,
    saved_page_count,
    split_literal_label,
    squeeze,
    text_height,
)
from tendercheck.documents.limits import Limits
from tendercheck.documents.model import Block, Document
from tendercheck.documents.safety import open_office_zip, read_member
from tendercheck.errors import InputError

OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
SVG = "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}"
META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

_P, _H, _LIST, _ITEM, _HEADER = (
    TEXT + "p",
    TEXT + "h",
    TEXT + "list",
    TEXT + "list-item",
    (TEXT + "list-header"),
)
_SPAN, _S, _TAB, _LB, _SPB = (
    TEXT + "span",
    TEXT + "s",
    TEXT + "tab",
    TEXT + "line-break",
    (TEXT + "soft-page-break"),
)
_TBL, _ROW, _CELL, _COVERED = (
    TABLE + "table",
    TABLE + "table-row",
    TABLE + "table-cell",
    (TABLE + "covered-table-cell"),
)
_FRAME, _TEXTBOX = DRAW + "frame", DRAW + "text-box"
_STYLE_NAME = TEXT + "style-name"
_INDEXES = frozenset(
    TEXT + t
    for t in (
        "table-of-content",
        "alphabetical-index",
        "illustration-index",
        "table-index",
        "user-index",
        "object-index",
        "bibliography",
    )
)
# Inline elements whose content is not part of the running text.
_SKIP_INLINE = frozenset(
    (TEXT + "note", OFFICE + "annotation", OFFICE + "annotation-end", TEXT + "tracked-changes")
)
_SKIP_BODY = frozenset(
    TEXT + t
    for t in (
        "tracked-changes",
        "sequence-decls",
        "variable-decls",
        "user-field-decls",
        "dde-connection-decls",
    )
) | {OFFICE + "forms", TABLE + "calculation-settings"}
_ROW_GROUPS = frozenset(TABLE + t for t in ("table-header-rows", "table-rows", "table-row-group"))

_COLUMN_GROUPS = frozenset(
    TABLE + t for t in ("table-columns", "table-header-columns", "table-column-group")
)
_TEXT_CONTAINERS = frozenset((TEXT + "p", TEXT + "h", TEXT + "list", TABLE + "table"))
_HEADING_NAME = re.compile(r"^heading[ _]*(?:20_)?([1-9])$")
_TOC_NAME = re.compile(r"^(toc|contents|table[ _](?:20_)?of[ _](?:20_)?contents|index)")
_ODF_FORMATS = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman"}
_ODF_FORMATS["I"] = "upperRoman"
_UNITS = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "pc": 12.0, "px": 0.75}
_LENGTH = re.compile(r"^\s*(-?[\d.]+)\s*(pt|in|cm|mm|pc|px|%)?\s*$")


def _length(value: str | None) -> float | None:
    """A length in points ("2.54cm" -> 72.0); None for percentages or nonsense."""
    if not value:
        return None
    m = _LENGTH.match(value)
    if not m or m.group(2) == "%":
        return None
    try:
        return float(m.group(1)) * _UNITS.get(m.group(2) or "pt", 1.0)
    except ValueError:
        return None


def _percent(value: str | None) -> float | None:
    if value and value.strip().endswith("%"):
        try:
            return float(value.strip()[:-1]) / 100
        except ValueError:
            return None
    return None


def _corrupt(name: str, detail: str) -> InputError:
    return InputError(name, f"the .odt is corrupt or incomplete ({detail})")


def _parse(zf: zipfile.ZipFile, member: str, name: str, limits: Limits, required: bool = False):
    try:
        info = zf.getinfo(member)
    except KeyError:
        if required:
            raise _corrupt(name, f"{member} is missing") from None
        return None
    data = read_member(zf, info, name, limits)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise _corrupt(name, f"{member}: {exc}") from exc


# ----------------------------------------------------------------------------------------------
# Styles


@dataclass
class _Raw:
    name: str
    display: str
    family: str
    parent: str | None = None
    outline: int | None = None
    bold: bool | None = None
    caps: bool | None = None
    size: float | None = None
    size_pct: float | None = None
    before: float | None = None
    after: float | None = None
    line: float | None = None
    break_before: bool | None = None
    break_after: bool | None = None
    master_page: str | None = None
    width: float | None = None  # columns and tables
    min_height: float | None = None  # rows


@dataclass
class _Style:
    name: str = ""
    heading: int | None = None
    named: bool = False
    toc: bool = False
    bold: bool = False
    caps: bool = False
    size: float = 12.0
    before: float = 0.0
    after: float = 0.0
    line: float = 1.0
    break_before: bool = False
    break_after: bool = False
    master_page: str | None = None


class _Styles:
    def __init__(self, *containers: etree._Element | None):
        self.raw: dict[tuple[str, str], _Raw] = {}
        self.defaults: dict[str, _Raw] = {}
        self.resolved: dict[tuple[str, str | None], _Style] = {}
        self.list_styles: dict[str, dict[int, tuple[str, str, str, int, int]]] = {}
        self.outline: dict[int, tuple[str, str, str, int, int]] = {}
        self.page_layouts: dict[str, Geometry] = {}
        self.master_pages: dict[str, str] = {}  # master page -> page layout
        for container in containers:
            if container is not None:
                self._load(container)

    def _load(self, container: etree._Element) -> None:
        for el in container:
            tag = el.tag
            if tag == STYLE + "style":
                raw = self._style(el)
                self.raw[(raw.family, raw.name)] = raw
            elif tag == STYLE + "default-style":
                raw = self._style(el)
                self.defaults[raw.family] = raw
            elif tag == TEXT + "list-style":
                self.list_styles[el.get(STYLE + "name") or ""] = _list_levels(el)
            elif tag == TEXT + "outline-style":
                self.outline = _list_levels(el)
            elif tag == STYLE + "page-layout":
                props = el.find(STYLE + "page-layout-properties")
                if props is not None:
                    self.page_layouts[el.get(STYLE + "name") or ""] = _page_geometry(props)
            elif tag == STYLE + "master-page":
                self.master_pages[el.get(STYLE + "name") or ""] = (
                    el.get(STYLE + "page-layout-name") or ""
                )
            elif tag in (OFFICE + "styles", OFFICE + "automatic-styles", OFFICE + "master-styles"):
                self._load(el)

    @staticmethod
    def _style(el: etree._Element) -> _Raw:
        name = el.get(STYLE + "name") or ""
        raw = _Raw(
            name=name,
            display=el.get(STYLE + "display-name") or name.replace("_20_", " "),
            family=el.get(STYLE + "family") or "paragraph",
            parent=el.get(STYLE + "parent-style-name"),
            master_page=el.get(STYLE + "master-page-name") or None,
        )
        level = el.get(STYLE + "default-outline-level")
        if level and level.isdigit():
            raw.outline = int(level)
        text = el.find(STYLE + "text-properties")
        if text is not None:
            weight = text.get(FO + "font-weight")
            if weight:
                raw.bold = weight == "bold" or (weight.isdigit() and int(weight) >= 600)
            transform = text.get(FO + "text-transform")
            if transform:
                raw.caps = transform == "uppercase"
            variant = text.get(FO + "font-variant")
            if variant == "small-caps":
                raw.caps = True
            size = text.get(FO + "font-size")
            raw.size = _length(size)
            raw.size_pct = _percent(size)
        para = el.find(STYLE + "paragraph-properties")
        if para is not None:
            raw.before = _length(para.get(FO + "margin-top"))
            raw.after = _length(para.get(FO + "margin-bottom"))
            raw.line = _percent(para.get(FO + "line-height"))
            if para.get(FO + "break-before"):
                raw.break_before = para.get(FO + "break-before") == "page"
            if para.get(FO + "break-after"):
                raw.break_after = para.get(FO + "break-after") == "page"
        table = el.find(STYLE + "table-properties")
        if table is not None:
            raw.width = _length(table.get(STYLE + "width"))
            if table.get(FO + "break-before"):
                raw.break_before = table.get(FO + "break-before") == "page"
        column = el.find(STYLE + "table-column-properties")
        if column is not None:
            raw.width = _length(column.get(STYLE + "column-width"))
        row = el.find(STYLE + "table-row-properties")
        if row is not None:
            raw.min_height = _length(row.get(STYLE + "min-row-height")) or _length(
                row.get(STYLE + "row-height")
            )
        return raw

    def chain(self, family: str, name: str | None) -> list[_Raw]:
        out: list[_Raw] = []
        seen: set[str] = set()
        while name and (family, name) in self.raw and name not in seen and len(out) < 30:
            seen.add(name)
            raw = self.raw[(family, name)]
            out.append(raw)
            name = raw.parent
        if family in self.defaults:
            out.append(self.defaults[family])
        return out

    def para(self, name: str | None) -> _Style:
        key = ("paragraph", name)
        hit = self.resolved.get(key)
        if hit is not None:
            return hit
        chain = self.chain("paragraph", name)
        style = _Style(name=chain[0].display if chain else "")
        for raw in chain:
            low = raw.display.strip().lower()
            m = _HEADING_NAME.match(low) or _HEADING_NAME.match(raw.name.lower())
            if _TOC_NAME.match(low) or _TOC_NAME.match(raw.name.lower()):
                style.toc = True
            if style.heading is None and (m or low == "title"):
                style.heading = int(m.group(1)) if m else 1
                style.named = True
            if style.heading is None and raw.outline:
                style.heading = min(raw.outline, 9)
        if style.toc:
            style.heading = None
        style.bold = bool(_first(r.bold for r in chain))
        style.caps = bool(_first(r.caps for r in chain))
        size = 12.0
        for raw in reversed(chain):  # from the default style down, percentages apply to parents
            if raw.size:
                size = raw.size
            elif raw.size_pct:
                size *= raw.size_pct
        style.size = size
        style.before = _first(r.before for r in chain) or 0.0
        style.after = _first(r.after for r in chain) or 0.0
        style.line = _first(r.line for r in chain) or 1.0
        style.break_before = bool(_first(r.break_before for r in chain))
        style.break_after = bool(_first(r.break_after for r in chain))
        style.master_page = chain[0].master_page if chain else None
        self.resolved[key] = style
        return style

    def text_flags(self, name: str | None) -> tuple[bool | None, bool | None]:
        chain = self.chain("text", name)
        return _first(r.bold for r in chain), _first(r.caps for r in chain)

    def table_width(self, name: str | None) -> float | None:
        return _first(r.width for r in self.chain("table", name))

    def column_width(self, name: str | None) -> float | None:
        return _first(r.width for r in self.chain("table-column", name))

    def row_height(self, name: str | None) -> float | None:
        return _first(r.min_height for r in self.chain("table-row", name))

    def table_breaks(self, name: str | None) -> bool:
        return bool(_first(r.break_before for r in self.chain("table", name)))

    def geometry(self, master_page: str | None = None) -> Geometry:
        if master_page is None:
            master_page = "Standard" if "Standard" in self.master_pages else None
            if master_page is None and self.master_pages:
                master_page = next(iter(self.master_pages))
        layout = self.master_pages.get(master_page or "")
        return self.page_layouts.get(layout or "", Geometry())


def _first(values):
    for v in values:
        if v is not None:
            return v
    return None


def _page_geometry(props: etree._Element) -> Geometry:
    width = _length(props.get(FO + "page-width")) or 595.0
    height = _length(props.get(FO + "page-height")) or 842.0
    margins = [
        _length(props.get(FO + side)) or 0.0
        for side in ("margin-left", "margin-right", "margin-top", "margin-bottom")
    ]
    return Geometry(
        max(72.0, width - margins[0] - margins[1]), max(72.0, height - margins[2] - margins[3])
    )


def _list_levels(el: etree._Element) -> dict[int, tuple[str, str, str, int, int]]:
    """Level -> (format, prefix, suffix, display levels, start) for a list or outline style."""
    levels = {}
    for lvl in el:
        level = lvl.get(TEXT + "level")
        if not level or not level.isdigit():
            continue
        if lvl.tag == TEXT + "list-level-style-bullet":
            levels[int(level)] = ("bullet", "", "", 1, 1)
        elif lvl.tag in (TEXT + "list-level-style-number", TEXT + "outline-level-style"):
            fmt = lvl.get(STYLE + "num-format") or ""
            display = lvl.get(TEXT + "display-levels") or "1"
            start = lvl.get(TEXT + "start-value") or "1"
            levels[int(level)] = (
                _ODF_FORMATS.get(fmt, "decimal") if fmt else "none",
                lvl.get(STYLE + "num-prefix") or "",
                lvl.get(STYLE + "num-suffix") or "",
                int(display) if display.isdigit() else 1,
                int(start) if start.isdigit() else 1,
            )
        else:
            levels[int(level)] = ("none", "", "", 1, 1)
    return levels


def _label(levels: dict, counters: dict[int, int], level: int) -> str | None:
    fmt, prefix, suffix, display, _ = levels.get(level, ("decimal", "", ".", 1, 1))
    if fmt == "bullet":
        return BULLET
    if fmt == "none":
        return None
    parts = []
    for lv in range(max(1, level - display + 1), level + 1):
        lv_fmt = levels.get(lv, ("decimal",))[0]
        value = counters.get(lv, levels.get(lv, (None, None, None, None, 1))[4])
        parts.append(
            format_number(value, lv_fmt if lv_fmt not in ("bullet", "none") else "decimal")
        )
    label = f"{prefix}{'.'.join(parts)}{suffix}".strip()
    return label or None


def _count(levels: dict, counters: dict[int, int], level: int, start: int | None) -> None:
    if start is not None:
        counters[level] = start
    elif level in counters:
        counters[level] += 1
    else:
        counters[level] = levels.get(level, (None, None, None, None, 1))[4]
    for above in range(1, level):
        counters.setdefault(above, levels.get(above, (None, None, None, None, 1))[4])
    for deeper in [k for k in counters if k > level]:
        del counters[deeper]


# ----------------------------------------------------------------------------------------------
# The walk


class _Para:
    __slots__ = ("bold", "caps", "extra", "has_text", "inline", "parts", "pos", "style")

    def __init__(self, style: _Style, inline: bool):
        self.style = style
        self.inline = inline
        self.parts: list[str] = []
        self.bold = True
        self.caps = True
        self.has_text = False
        self.extra = 0.0
        self.pos: tuple[int, float] | None = None


class _Anchor:
    __slots__ = ("pos",)

    def __init__(self) -> None:
        self.pos: tuple[int, float] | None = None


class _ListState:
    __slots__ = ("counters", "levels")

    def __init__(self, levels: dict):
        self.levels = levels
        self.counters: dict[int, int] = {}


class _Walker:
    def __init__(self, styles: _Styles, pages: PageTracker, budget: Budget):
        self.styles = styles
        self.pages = pages
        self.budget = budget
        self.geom = styles.geometry()
        self.items: list[tuple[Block, tuple[int, float]]] = []
        self.waiting: list[_Para | _Anchor] = []
        self.toc = 0
        self.frame_depth = 0
        self.last_level = 0
        self.outline_counters: dict[int, int] = {}
        self.lists_by_id: dict[str, _ListState] = {}
        self.last_list_by_style: dict[str, _ListState] = {}
        self.style_use: dict[str, list[int]] = {}  # heading style -> [paragraphs, demoted]
        self.punctuated: str | None = None
        self.punctuated_headings: list[tuple[Block, str]] = []

    def review_heading_styles(self) -> None:
        """Demote punctuated "headings" ("The Supplier must:") in a heading style the document
        mostly uses for clauses, as the DOCX reader does."""
        for block, style in self.punctuated_headings:
            total, demoted = self.style_use.get(style, (0, 0))
            if demoted * 2 > total:
                block.kind = "list_item" if block.label else "paragraph"
                block.level = None

    def body(self, container: etree._Element) -> None:
        for child in container:
            tag = child.tag
            if tag in (_P, _H):
                self.paragraph(child)
            elif tag == _LIST:
                self.list(child, None, 1)
            elif tag == _TBL:
                self.table(child)
            elif tag == _SPB:
                if self.frame_depth == 0:
                    self.pages.page_break()
            elif tag in _INDEXES:
                body = child.find(TEXT + "index-body")
                if body is not None:
                    self.toc += 1
                    self.body(body)
                    self.toc -= 1
            elif tag in _SKIP_BODY:
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
            self.punctuated = None
            kind, level, label, text = self.classify(el, para, raw, text, label, in_list)
            block = Block(kind=kind, text=text, level=level, label=label)  # type: ignore[arg-type]
            if self.punctuated is not None and kind == "heading":
                self.punctuated_headings.append((block, self.punctuated))
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
    ) -> tuple[str, int | None, str | None, str]:
        style = para.style
        if self.toc or style.toc:
            return "paragraph", None, None, text
        words = len(text.split())
        level: int | None = None
        named = False
        if el.tag == _H:
            outline = el.get(TEXT + "outline-level")
            level = min(int(outline), 9) if outline and outline.isdigit() else 1
            # A heading style is trusted; an outline level on another style (Word's "Level 1"
            # clause styles, converted) needs more evidence; an unstyled text:h is a heading.
            named = style.named or not style.name
            if self.styles.outline and el.get(TEXT + "is-list-header") != "true":
                restart = el.get(TEXT + "restart-numbering") == "true"
                start = el.get(TEXT + "start-value")
                _count(
                    self.styles.outline,
                    self.outline_counters,
                    level,
                    int(start) if restart and start and start.isdigit() else None,
                )
                label = label or _label(self.styles.outline, self.outline_counters, level)
        elif style.heading is not None:
            level, named = style.heading, style.named
        if not label and not in_list:
            emphatic = para.bold or para.caps or text.upper() == text
            lit, rest = split_literal_label(raw, heading_candidate=words <= 12 and emphatic)
            if lit is not None and clean_text(rest):
                label, text = lit, clean_text(rest)
                words = len(text.split())
        plain = label if label != BULLET else None
        if level is not None:
            stats = self.style_use.setdefault(style.name, [0, 0])
            stats[0] += 1
            if not heading_plausible(text, words, named, para.bold, para.caps, plain):
                level = None
                stats[1] += 1
            elif text[-1] in ".:":
                self.punctuated = style.name
        if level is None and not in_list:
            guess = heuristic_heading(text, words, plain, para.bold, para.caps)
            if guess is not None:
                level = guess or min(9, self.last_level + 1)
                if guess:
                    self.last_level = guess
        elif level is not None:
            self.last_level = level
        if level is not None:
            return "heading", level, plain, text.replace("\n", " ")
        if label is not None:
            return "list_item", None, label, text
        return "paragraph", None, None, text

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
        style = self.styles.para(el.get(_STYLE_NAME))
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
            if tag == _SPAN:
                self.inline(child, para, child.get(_STYLE_NAME) or span)
            elif tag == _S:
                count = child.get(TEXT + "c") or "1"
                para.parts.append(" " * min(int(count) if count.isdigit() else 1, 100))
            elif tag == _TAB:
                para.parts.append("\t")
            elif tag == _LB:
                para.parts.append("\n")
            elif tag == _SPB:
                if self.frame_depth == 0:
                    self.pages.page_break()
            elif tag == _FRAME:
                self.frame(child, para)
            elif isinstance(tag, str) and tag.startswith(DRAW):
                self.shape(child, para)
            elif tag in _SKIP_INLINE or not isinstance(tag, str):
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

    def content(self) -> None:
        self.pages.content = True
        if self.waiting:
            pos = self.pages.position()
            for item in self.waiting:
                if item.pos is None:
                    item.pos = pos
            self.waiting.clear()

    def shape(self, el: etree._Element, para: _Para | None) -> None:
        """A drawing shape: text inside it is read like a text box's, once."""
        if el.tag == _FRAME:
            self.frame(el, para)
            return
        if any(child.tag in _TEXT_CONTAINERS for child in el):
            self.text_box(el, para)
            return
        for child in el:
            if isinstance(child.tag, str) and child.tag.startswith(DRAW):
                self.shape(child, para)

    def text_box(self, box: etree._Element, para: _Para | None) -> None:
        self.frame_depth += 1
        try:
            if para is not None and para.inline:  # in a table cell: lines join the cell text
                lines: list[str] = []
                self.cell_text(box, lines, self.geom.width / 2)
                para.parts.extend(("\n", *lines, "\n"))
            else:
                self.body(box)
        finally:
            self.frame_depth -= 1

    def frame(self, frame: etree._Element, para: _Para | None) -> None:
        box = frame.find(_TEXTBOX)
        if box is None:
            if para is not None and frame.get(TEXT + "anchor-type") in ("as-char", None):
                para.extra += min(_length(frame.get(SVG + "height")) or 0.0, self.geom.height)
            if frame.find(DRAW + "image") is not None:
                self.content()
            return
        self.text_box(box, para)

    # -- lists ---------------------------------------------------------------------------------

    def list(self, el: etree._Element, state: _ListState | None, depth: int) -> None:
        style_name = el.get(_STYLE_NAME)
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
            if item.tag not in (_ITEM, _HEADER):
                if item.tag == _SPB and self.frame_depth == 0:
                    self.pages.page_break()
                continue
            first = True
            for child in item:
                tag = child.tag
                if tag in (_P, _H):
                    label = None
                    if first and item.tag == _ITEM:
                        start = item.get(TEXT + "start-value")
                        _count(
                            state.levels,
                            state.counters,
                            depth,
                            int(start) if start and start.isdigit() else None,
                        )
                        label = _label(state.levels, state.counters, depth)
                    self.paragraph(child, label, in_list=tag == _P)
                    first = False
                elif tag == _LIST:
                    self.list(child, state, depth + 1)
                elif tag == _TBL:
                    self.table(child)
                elif tag == _SPB and self.frame_depth == 0:
                    self.pages.page_break()

    # -- tables --------------------------------------------------------------------------------

    def table(self, tbl: etree._Element) -> None:
        if self.frame_depth == 0 and self.styles.table_breaks(tbl.get(TABLE + "style-name")):
            self.pages.page_break()
        anchor = _Anchor()
        self.waiting.append(anchor)
        rows = self.table_rows(tbl, self.geom.width, weigh=True)
        if anchor.pos is None and anchor in self.waiting:
            self.waiting.remove(anchor)
        lines = (" | ".join(c.replace("\n", " ") for c in row if c) for row in rows)
        text = "\n".join(line for line in lines if line)
        if text and anchor.pos is not None:
            self.items.append((Block(kind="table", text=text, rows=rows), anchor.pos))

    def _columns(self, tbl: etree._Element, width: float) -> list[float]:
        """Column widths in points, scaled to fit ``width``."""
        widths: list[float] = []

        def collect(container: etree._Element) -> None:
            for col in container:
                if col.tag == TABLE + "table-column":
                    repeat = col.get(TABLE + "number-columns-repeated") or "1"
                    value = self.styles.column_width(col.get(TABLE + "style-name")) or 0.0
                    widths.extend([value] * min(int(repeat) if repeat.isdigit() else 1, 64))
                elif col.tag in _COLUMN_GROUPS:
                    collect(col)

        collect(tbl)
        total = sum(widths) or self.styles.table_width(tbl.get(TABLE + "style-name")) or width
        scale = width / total if total > width else 1.0
        return [w * scale for w in widths]

    def _rows(self, container: etree._Element):
        for child in container:
            if child.tag == _ROW:
                yield child
            elif child.tag in _ROW_GROUPS:
                yield from self._rows(child)
            elif child.tag == _SPB:
                yield child

    def table_rows(self, tbl: etree._Element, width: float, weigh: bool) -> list[list[str]]:
        rows: list[list[str]] = []
        columns = self._columns(tbl, width)
        for tr in self._rows(tbl):
            if tr.tag == _SPB:
                if self.frame_depth == 0:
                    self.pages.page_break()
                continue
            self.budget.tick()
            repeat = tr.get(TABLE + "number-rows-repeated") or "1"
            row: list[str] = []
            tallest = 0.0
            # A row split over pages has a soft page break in each cell that runs on: the row
            # moves on as far as its longest cell, not by the sum of them.
            start = self.pages.snapshot()
            best: tuple[tuple, list[float]] | None = None
            for tc in tr:
                if tc.tag not in (_CELL, _COVERED):
                    continue
                self.pages.restore(start)
                n = tc.get(TABLE + "number-columns-repeated") or "1"
                times = min(int(n) if n.isdigit() else 1, 64)
                span_attr = tc.get(TABLE + "number-columns-spanned") or "1"
                span = max(1, min(int(span_attr) if span_attr.isdigit() else 1, 64))
                col = len(row)
                cell_width = sum(columns[col : col + span]) or width / max(len(tr), 1)
                parts: list[str] = []
                height = 0.0
                if tc.tag == _CELL:
                    height = self.cell_text(tc, parts, max(cell_width - CELL_PADDING_PT, 20.0))
                text = clean_text("".join(parts)) if tc.tag == _CELL else ""
                tallest = max(tallest, height)
                end = self.pages.snapshot()
                if best is None or end[0] > best[0][0]:
                    best = (end, self.pages.seg_used[start[4] :])
                row.extend([text] * times)  # a spanned cell is followed by its covered cells
                if len(row) > 1024:
                    break
            if best is not None:
                self.pages.restore((*best[0][:4], start[4]), best[1])
            times = min(int(repeat) if repeat.isdigit() else 1, 1 if not any(row) else 50)
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
                self.pages.add(height / self.geom.height, start[0])
        return rows

    def cell_text(self, container: etree._Element, out: list[str], width: float) -> float:
        height = 0.0
        for child in container:
            tag = child.tag
            if tag in (_P, _H):
                para = self.walk(child, inline=True)
                text = "".join(para.parts)
                if text.strip():
                    out.append(("\n" if out else "") + text)
                height += self.height(para, squeeze(text), width)
            elif tag == _LIST:
                height += self.cell_list(child, out, width, None, 1)
            elif tag == _TBL:
                rows = self.table_rows(child, width, weigh=False)
                lines = (" | ".join(c.replace("\n", " ") for c in r if c) for r in rows)
                text = "\n".join(line for line in lines if line)
                if text:
                    out.append(("\n" if out else "") + text)
                    height += text_height(text, width, self.styles.para(None).size)
            elif tag == TEXT + "section":
                height += self.cell_text(child, out, width)
            elif tag == _SPB and self.frame_depth == 0:
                self.pages.page_break()
        return height

    def cell_list(
        self, el: etree._Element, out: list[str], width: float, state: _ListState | None, depth
    ) -> float:
        if state is None:
            state = _ListState(self.styles.list_styles.get(el.get(_STYLE_NAME) or "", {}))
        height = 0.0
        for item in el:
            if item.tag not in (_ITEM, _HEADER):
                continue
            first = True
            for child in item:
                if child.tag in (_P, _H):
                    label = None
                    if first and item.tag == _ITEM:
                        _count(state.levels, state.counters, depth, None)
                        label = _label(state.levels, state.counters, depth)
                    para = self.walk(child, inline=True)
                    text = "".join(para.parts)
                    if text.strip():
                        if label and label != BULLET:
                            text = f"{label} {text}"
                        out.append(("\n" if out else "") + text)
                    height += self.height(para, squeeze(text), width)
                    first = False
                elif child.tag == _LIST:
                    height += self.cell_list(child, out, width, state, depth + 1)
        return height


# ----------------------------------------------------------------------------------------------


def read_odt(data: bytes, name: str, limits: Limits) -> Document:
    """Read an .odt from memory. Raises InputError for anything that is not a readable one."""
    budget = Budget(name, limits.document_budget_s)
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
        raise _corrupt(name, str(exc) or type(exc).__name__) from exc
    finally:
        zf.close()
    if content is None or content.tag != OFFICE + "document-content":
        raise InputError(name, "the file is not an OpenDocument text (content.xml is not content)")
    body = content.find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        raise InputError(name, "the file is an OpenDocument file but not a text document")
    styles = _Styles(styles_root, content)
    pages = PageTracker(rendered=next(body.iter(_SPB), None) is not None)
    walker = _Walker(styles, pages, budget)
    try:
        walker.body(body)
    except RecursionError as exc:
        raise _corrupt(name, "the document is nested too deeply") from exc
    walker.review_heading_styles()
    positions = [pos for _, pos in walker.items]
    words = sum(len(block.text.split()) for block, _ in walker.items)
    saved_pages = saved_words = None
    if meta is not None:
        stats = next(meta.iter(META + "document-statistic"), None)
        if stats is not None:
            saved_pages = _int(stats.get(META + "page-count"))
            saved_words = _int(stats.get(META + "word-count"))
    known = saved_page_count(saved_pages, saved_words, words, pages, positions)
    page_of, total, estimated = pages.fit(positions, known)
    if total > limits.max_pages:
        raise InputError(
            name, f"the document runs to about {total} pages, over the {limits.max_pages} limit"
        )
    blocks = []
    for (block, _), page in zip(walker.items, page_of, strict=True):
        block.page = page
        blocks.append(block)
    doc = Document(name=name, format="odt", blocks=blocks, pages=total, pages_estimated=estimated)
    return doc.finish()


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None
